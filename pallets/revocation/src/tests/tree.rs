//! The Merkle commitment: witnesses from the runtime API verify natively, roots match the
//! reference computation, and the recent-root window.

use didimo_zk::{field, status_tree};
use frame_support::assert_ok;

use crate::{mock::*, *};

fn digest_to_fr(d: &Digest) -> didimo_zk::Fr {
	field::from_bytes(d).expect("canonical")
}

fn leaf_bit(leaf: &Digest, index: u32) -> bool {
	// The leaf's integer is little-endian; index `i` is bit `i % 128` of it.
	let k = (index % status_tree::BITS_PER_LEAF) as usize;
	leaf[k / 8] & (1 << (k % 8)) != 0
}

#[test]
fn witnesses_verify_natively_against_the_root() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Revocation, MAX_CAPACITY);
		let revoked = [0u32, 1, 127, 128, 5_000, PAGE_BITS, MAX_CAPACITY - 1];
		assert_ok!(Revocation::revoke(issuer_origin(&did, ALICE), id, indices(&revoked)));
		let root = Revocation::registry(id).expect("stored").root;
		for index in [0u32, 2, 126, 127, 128, 129, 4_999, 5_000, PAGE_BITS + 1, MAX_CAPACITY - 2] {
			let witness = Revocation::api_witness(id, index).expect("in range");
			assert_eq!(witness.root, root);
			assert_eq!(witness.path.len(), status_tree::DEPTH as usize);
			let path: Vec<_> = witness.path.iter().map(digest_to_fr).collect();
			let path: [didimo_zk::Fr; status_tree::DEPTH as usize] =
				path.try_into().expect("DEPTH siblings");
			let computed = status_tree::compute_root(&digest_to_fr(&witness.leaf), index, &path)
				.expect("index in range");
			assert_eq!(field::to_bytes(&computed), root, "index {index}");
			let is_revoked = revoked.contains(&index);
			assert_eq!(leaf_bit(&witness.leaf, index), is_revoked, "index {index}");
			assert_eq!(
				witness.status,
				if is_revoked { CredentialStatus::Revoked } else { CredentialStatus::Active }
			);
			// A witness for another index does not lead to the root.
			let wrong = status_tree::compute_root(&digest_to_fr(&witness.leaf), index ^ 128, &path)
				.expect("index in range");
			assert_ne!(field::to_bytes(&wrong), root);
		}
		assert!(Revocation::api_witness(id, MAX_CAPACITY).is_none());
		assert!(Revocation::api_witness(id + 1, 0).is_none());
	});
}

#[test]
fn the_root_matches_the_reference_computation() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Suspension, 1_000);
		for batch in [&[1u32, 2, 3][..], &[999], &[500, 501, 640]] {
			assert_ok!(Revocation::suspend(issuer_origin(&did, ALICE), id, indices(batch)));
			let list = Revocation::api_status_list(id).expect("live");
			assert_eq!(list.bits.len(), 125);
			assert_eq!(
				field::to_bytes(&status_tree::root_of_bitstring(&list.bits).expect("short enough")),
				Revocation::registry(id).expect("stored").root
			);
		}
	});
}

#[test]
fn recent_roots_one_per_block_bounded_and_fresh_for_a_window() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Revocation, 64);
		let root = || Revocation::registry(id).expect("stored").root;
		let r0 = root();
		// Block 1: two updates, one history entry for the block (the creation's, replaced).
		assert_ok!(Revocation::revoke(issuer_origin(&did, ALICE), id, indices(&[1])));
		assert_ok!(Revocation::revoke(issuer_origin(&did, ALICE), id, indices(&[2])));
		let r1 = root();
		let history = RootHistory::<Test>::get(id);
		assert_eq!(history.len(), 1);
		assert_eq!(history[0], RootRecord { root: r1, since: 1 });
		assert!(!Revocation::accepts_root(id, &r0), "replaced within its own block");
		// Block 2: a new entry; r1 was superseded at block 2 and stays acceptable until 2 + 5.
		System::set_block_number(2);
		assert_ok!(Revocation::revoke(issuer_origin(&did, ALICE), id, indices(&[3])));
		let r2 = root();
		assert!(Revocation::accepts_root(id, &r2));
		assert!(Revocation::accepts_root(id, &r1));
		System::set_block_number(2 + ROOT_FRESHNESS);
		assert!(Revocation::accepts_root(id, &r1));
		System::set_block_number(2 + ROOT_FRESHNESS + 1);
		assert!(!Revocation::accepts_root(id, &r1));
		assert!(Revocation::accepts_root(id, &r2), "the current root never expires");
		// The bound: at most MAX_ROOT_HISTORY entries, oldest dropped.
		for (n, index) in (10u64..).zip(4u32..10) {
			System::set_block_number(n);
			assert_ok!(Revocation::revoke(issuer_origin(&did, ALICE), id, indices(&[index])));
		}
		let history = RootHistory::<Test>::get(id);
		assert_eq!(history.len() as u32, MAX_ROOT_HISTORY);
		assert_eq!(history.last().map(|r| r.root), Some(root()));
		let recent = Revocation::api_recent_roots(id).expect("live");
		assert_eq!(recent.roots, history.into_inner());
		assert_eq!(recent.freshness, ROOT_FRESHNESS);
		// Unknown roots and other registries' roots are not accepted.
		assert!(!Revocation::accepts_root(id, &[9u8; 32]));
		assert!(!Revocation::accepts_root(id + 1, &root()));
	});
}

#[test]
fn try_state_catches_a_tampered_bit_node_or_root() {
	use crate::try_state::do_try_state;
	let setup = || {
		let (_, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Revocation, 1_000);
		assert_ok!(Revocation::revoke(issuer_origin(&did, ALICE), id, indices(&[1, 700])));
		assert!(do_try_state::<Test>().is_ok());
		id
	};
	// A bit flipped behind the tree's back.
	new_test_ext().build().execute_with(|| {
		let id = setup();
		Pages::<Test>::mutate(id, 0, |page| {
			if let Some(page) = page {
				page[10] ^= 1;
			}
		});
		assert!(do_try_state::<Test>().is_err());
	});
	// A stored node changed.
	new_test_ext().build().execute_with(|| {
		let id = setup();
		let (key, _) = Nodes::<Test>::iter_prefix(id).next().expect("nodes are stored");
		Nodes::<Test>::insert(id, key, [7u8; 32]);
		assert!(do_try_state::<Test>().is_err());
	});
	// A node removed (it then reads as empty).
	new_test_ext().build().execute_with(|| {
		let id = setup();
		let (key, _) = Nodes::<Test>::iter_prefix(id).next().expect("nodes are stored");
		Nodes::<Test>::remove(id, key);
		assert!(do_try_state::<Test>().is_err());
	});
	// The root changed.
	new_test_ext().build().execute_with(|| {
		let id = setup();
		Registries::<Test>::mutate(id, |r| {
			if let Some(r) = r {
				r.root = field::to_bytes(&status_tree::empty_root());
			}
		});
		assert!(do_try_state::<Test>().is_err());
	});
}

#[test]
fn max_hashes_bounds_what_an_update_recomputes() {
	use frame_support::dispatch::GetDispatchInfo;
	assert_eq!(tree::max_hashes(0), 0);
	assert_eq!(tree::max_hashes(1), status_tree::DEPTH);
	// 512 indices: four levels of 512 nodes each, then 256 + 128 + ... + 1.
	assert_eq!(tree::max_hashes(512), 4 * 512 + 511);
	assert_eq!(tree::max_hashes(u32::MAX), (1 << status_tree::DEPTH) - 1);
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Suspension, MAX_CAPACITY);
		let batches: [&[u32]; 5] = [
			&[0],
			&[1, 2, 3],
			&[0, 128, 256, 384, 512, 640, 768, 896],
			&[5, PAGE_BITS + 7, 2 * PAGE_BITS + 9, MAX_CAPACITY - 1],
			&[4_000, 4_001, 9_000, 20_000, 20_128],
		];
		for batch in batches {
			let call = Call::<Test>::suspend { registry: id, indices: indices(batch) };
			let charged = call.get_dispatch_info().call_weight;
			let post = Revocation::suspend(issuer_origin(&did, ALICE), id, indices(batch))
				.expect("suspends");
			let actual = post.actual_weight.expect("the actual weight is returned");
			assert!(actual.all_lte(charged), "{batch:?}: {actual:?} > {charged:?}");
		}
		// A single index far from any other recomputes its whole path: the bound is reached.
		let call = Call::<Test>::reinstate { registry: id, indices: indices(&[MAX_CAPACITY - 1]) };
		let charged = call.get_dispatch_info().call_weight;
		let post =
			Revocation::reinstate(issuer_origin(&did, ALICE), id, indices(&[MAX_CAPACITY - 1]))
				.expect("reinstates");
		assert_eq!(post.actual_weight, Some(charged));
	});
}
