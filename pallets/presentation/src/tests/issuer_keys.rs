//! Lists follow their issuers' keys (the pallet is the DID registry's `ZkIssuerKeyObserver`): a
//! DID update that changes an issuer's zero-knowledge key, or deactivates it, puts the new
//! leaf (0 for none) in the issuer's slot of every list it is in, the old roots staying
//! accepted for `ROOT_FRESHNESS` blocks; and the DID call gives back the observer weight it
//! did not use.

use didimo_primitives::{
	did::{DidIdentifier, DidPublicKey, Relationship},
	revocation::Digest,
};
use didimo_zk::{
	field,
	statement::trusted_issuers::{self, ListTree},
	Fr,
};
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo, BoundedVec};

use super::common::*;
use crate::{mock::*, *};

/// The leaf of the key `zk_key(seed)`.
fn leaf_of_key(seed: u8) -> Fr {
	trusted_issuers::leaf(&zk_secret(seed).public_key())
}

/// The leaf of an empty slot, or of an issuer without a key.
fn empty() -> Fr {
	Fr::from(0u64)
}

/// The root of a list whose first slots hold `leaves`, the others empty.
fn root_of(leaves: &[Fr]) -> Digest {
	field::to_bytes(&ListTree::from_leaves(leaves).expect("at most 32 leaves").root())
}

/// The leaf in `slot` of `list`'s tree.
fn leaf_in(list: ListId, slot: usize) -> Option<Fr> {
	Presentation::tree(list).and_then(|tree| tree.leaf(slot))
}

/// A verification method id as a call argument.
fn method_id(id: &str) -> pallet_did::FragmentId<Test> {
	BoundedVec::truncate_from(id.as_bytes().to_vec())
}

/// `issuer`'s DID makes `call`, signed with its `key-1`, which serves capabilityInvocation.
fn update(issuer: &TestIssuer, call: pallet_did::Call<Test>) {
	assert_ok!(did_call(&issuer.who, ALICE, call));
}

/// The call rotating a DID's `zk-1` to `zk_key(seed)`.
fn rotate_call(seed: u8) -> pallet_did::Call<Test> {
	pallet_did::Call::<Test>::rotate_key {
		key_id: method_id("zk-1"),
		new_key: DidPublicKey::ZkIssuer(zk_key(seed)),
		key_proof: None,
	}
}

/// Whether the pallet emitted `ListRootChanged` for `list` since the events were last reset.
fn root_changed(list: ListId) -> bool {
	events()
		.iter()
		.any(|event| matches!(event, Event::ListRootChanged { list: l, .. } if *l == list))
}

/// Rotating an issuer's key puts the new key's leaf in its slot of every list it is in, each
/// with its new root and a `ListRootChanged`; the slots still hold the DID.
#[test]
fn rotating_a_key_updates_every_list_the_issuer_is_in() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let other = issuer("other", 1);
		let rotating = issuer("rotating", 2);
		let alone = create_list(&verifier, core::slice::from_ref(&rotating.did));
		let shared = create_list(&verifier, &[other.did.clone(), rotating.did.clone()]);
		next_block();
		System::reset_events();

		update(&rotating, rotate_call(99));

		assert_eq!(leaf_in(alone, 0), Some(leaf_of_key(99)));
		assert_eq!(leaf_in(shared, 0), Some(leaf_of_key(1)));
		assert_eq!(leaf_in(shared, 1), Some(leaf_of_key(99)));
		let alone_root = root_of(&[leaf_of_key(99)]);
		let shared_root = root_of(&[leaf_of_key(1), leaf_of_key(99)]);
		assert_eq!(list_root(alone), alone_root);
		assert_eq!(list_root(shared), shared_root);
		let emitted = events();
		assert!(emitted.contains(&Event::ListRootChanged {
			list: alone,
			issuer: rotating.did.clone(),
			root: alone_root
		}));
		assert!(emitted.contains(&Event::ListRootChanged {
			list: shared,
			issuer: rotating.did.clone(),
			root: shared_root
		}));
		assert_eq!(emitted.len(), 2);
		assert_eq!(IssuerLists::<Test>::get(&rotating.did, alone), Some(0));
		assert_eq!(IssuerLists::<Test>::get(&rotating.did, shared), Some(1));
	});
}

/// Lists that do not hold the issuer keep their tree and roots, and get no event; an issuer
/// in no list changes its key without any list event.
#[test]
fn a_key_change_leaves_other_lists_alone() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let other = issuer("other", 1);
		let rotating = issuer("rotating", 2);
		let unlisted = issuer("unlisted", 3);
		let with = create_list(&verifier, core::slice::from_ref(&rotating.did));
		let without = create_list(&verifier, core::slice::from_ref(&other.did));
		let tree = Presentation::tree(without);
		let roots = ListRoots::<Test>::get(without);
		next_block();
		System::reset_events();

		update(&rotating, rotate_call(99));

		assert!(root_changed(with));
		assert!(!root_changed(without));
		assert_eq!(Presentation::tree(without), tree);
		assert_eq!(ListRoots::<Test>::get(without), roots);

		System::reset_events();
		update(&unlisted, rotate_call(98));
		assert!(events().is_empty());
	});
}

/// Removing an issuer's key puts 0 in its slot; the DID stays listed there, cannot join new
/// lists without a key, and its leaf comes back when it adds a key again.
#[test]
fn removing_the_key_empties_the_issuers_leaf() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let other = issuer("other", 1);
		let removing = issuer("removing", 2);
		let list = create_list(&verifier, &[other.did.clone(), removing.did.clone()]);
		let before = list_root(list);

		update(
			&removing,
			pallet_did::Call::<Test>::remove_verification_method { key_id: method_id("zk-1") },
		);

		assert_eq!(leaf_in(list, 1), Some(empty()));
		let root = root_of(&[leaf_of_key(1), empty()]);
		assert_ne!(root, before);
		assert_eq!(list_root(list), root);
		assert_eq!(
			last_event(),
			Some(Event::ListRootChanged { list, issuer: removing.did.clone(), root })
		);
		let record = Lists::<Test>::get(list).expect("the list exists");
		assert_eq!(record.slot_of(&removing.did), Some(1));
		assert_eq!(IssuerLists::<Test>::get(&removing.did, list), Some(1));
		assert_noop!(
			Presentation::create_list(
				verifier_origin(&verifier, ALICE),
				BoundedVec::truncate_from(vec![removing.did.clone()])
			),
			Error::<Test>::IssuerKeyUnavailable
		);

		update(
			&removing,
			pallet_did::Call::<Test>::add_verification_method {
				method: zk_method(zk_key(5)),
				key_proof: None,
			},
		);
		assert_eq!(leaf_in(list, 1), Some(leaf_of_key(5)));
		assert_eq!(list_root(list), root_of(&[leaf_of_key(1), leaf_of_key(5)]));
	});
}

/// Deactivating an issuer puts 0 in its slot and changes the root; the slot keeps the DID
/// until the owner removes it.
#[test]
fn deactivating_an_issuer_empties_its_leaf_and_keeps_its_slot() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let leaving = issuer("leaving", 1);
		let other = issuer("other", 2);
		let list = create_list(&verifier, &[leaving.did.clone(), other.did.clone()]);
		let before = list_root(list);

		update(&leaving, pallet_did::Call::<Test>::deactivate {});

		assert_eq!(leaf_in(list, 0), Some(empty()));
		let root = root_of(&[empty(), leaf_of_key(2)]);
		assert_ne!(root, before);
		assert_eq!(list_root(list), root);
		assert_eq!(
			last_event(),
			Some(Event::ListRootChanged { list, issuer: leaving.did.clone(), root })
		);
		let record = Lists::<Test>::get(list).expect("the list exists");
		assert_eq!(record.issuers.into_inner(), vec![Some(leaving.did.clone()), Some(other.did)]);
		assert_eq!(IssuerLists::<Test>::get(&leaving.did, list), Some(0));
		assert_eq!(IssuerListCount::<Test>::get(&leaving.did), 1);

		assert_ok!(Presentation::remove_issuer(
			verifier_origin(&verifier, ALICE),
			list,
			leaving.did.clone()
		));
		assert!(!IssuerListCount::<Test>::contains_key(&leaving.did));
		assert_eq!(list_root(list), root);
	});
}

/// Only the first zero-knowledge key in document order is the issuer key: adding or rotating
/// a second changes no list; removing the first makes the second the leaf.
#[test]
fn only_the_first_zero_knowledge_key_counts() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let two_keys = issuer("two-keys", 1);
		let list = create_list(&verifier, core::slice::from_ref(&two_keys.did));
		let first_root = list_root(list);
		next_block();
		System::reset_events();

		let mut second = zk_method(zk_key(2));
		second.id = method_id("zk-2");
		update(
			&two_keys,
			pallet_did::Call::<Test>::add_verification_method { method: second, key_proof: None },
		);
		update(
			&two_keys,
			pallet_did::Call::<Test>::rotate_key {
				key_id: method_id("zk-2"),
				new_key: DidPublicKey::ZkIssuer(zk_key(3)),
				key_proof: None,
			},
		);
		assert_eq!(list_root(list), first_root);
		assert_eq!(leaf_in(list, 0), Some(leaf_of_key(1)));
		assert!(!root_changed(list));

		update(
			&two_keys,
			pallet_did::Call::<Test>::remove_verification_method { key_id: method_id("zk-1") },
		);
		assert_eq!(leaf_in(list, 0), Some(leaf_of_key(3)));
		let root = root_of(&[leaf_of_key(3)]);
		assert_eq!(list_root(list), root);
		assert_eq!(
			last_event(),
			Some(Event::ListRootChanged { list, issuer: two_keys.did.clone(), root })
		);
	});
}

/// A root replaced by a key change stays accepted for `ROOT_FRESHNESS` blocks, as after any
/// change of a list: proofs made just before the rotation still verify for a while.
#[test]
fn a_root_replaced_by_a_key_change_stays_accepted_for_a_while() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let rotating = issuer("rotating", 1);
		let list = create_list(&verifier, core::slice::from_ref(&rotating.did));
		let old = list_root(list);
		next_block();

		update(&rotating, rotate_call(99));

		let new = list_root(list);
		assert_ne!(new, old);
		advance(ROOT_FRESHNESS);
		assert!(Presentation::list_accepts_root(list, &old));
		next_block();
		assert!(!Presentation::list_accepts_root(list, &old));
		assert!(Presentation::list_accepts_root(list, &new));
	});
}

/// The DID call declares the observer's weight for `MAX_LISTS_PER_ISSUER` lists and returns
/// what it used: less for an issuer in no list, all of it for one in as many lists as it may
/// be in.
#[test]
fn a_key_change_refunds_the_observer_weight_it_did_not_use() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let listed = issuer("issuer", 1);
		let rotate = |seed: u8| {
			let origin: RuntimeOrigin = pallet_did::DidRawOrigin {
				did: listed.did.clone(),
				submitter: account(ALICE),
				relationship: Relationship::CapabilityInvocation,
			}
			.into();
			pallet_did::Pallet::<Test>::rotate_key(
				origin,
				method_id("zk-1"),
				DidPublicKey::ZkIssuer(zk_key(seed)),
				None,
			)
			.expect("the key rotates")
			.actual_weight
			.expect("the actual weight is returned")
		};

		let in_no_list = rotate(2);
		for _ in 0..MAX_LISTS_PER_ISSUER {
			create_list(&verifier, core::slice::from_ref(&listed.did));
		}
		let in_every_list = rotate(3);

		assert!(in_no_list.ref_time() < in_every_list.ref_time());
		let per_lists = <() as WeightInfo>::issuer_key_changed(MAX_LISTS_PER_ISSUER)
			.saturating_sub(<() as WeightInfo>::issuer_key_changed(0));
		assert_eq!(in_every_list.saturating_sub(in_no_list), per_lists);
		let declared = pallet_did::Call::<Test>::rotate_key {
			key_id: method_id("zk-1"),
			new_key: DidPublicKey::ZkIssuer(zk_key(4)),
			key_proof: None,
		}
		.get_dispatch_info()
		.call_weight;
		assert_eq!(in_every_list, declared);
	});
}

/// A key change touches only the changing issuer's own slot: the other issuers of the same
/// list keep their leaves.
#[test]
fn a_key_change_touches_only_the_issuers_slot() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let a = issuer("issuer-a", 1);
		let b = issuer("issuer-b", 2);
		let c = issuer("issuer-c", 3);
		let list = create_list(&verifier, &[a.did.clone(), b.did.clone(), c.did.clone()]);

		update(&b, rotate_call(12));

		assert_eq!(leaf_in(list, 0), Some(leaf_of_key(1)));
		assert_eq!(leaf_in(list, 1), Some(leaf_of_key(12)));
		assert_eq!(leaf_in(list, 2), Some(leaf_of_key(3)));
		assert_eq!(list_root(list), root_of(&[leaf_of_key(1), leaf_of_key(12), leaf_of_key(3)]));
		let slots: Vec<Option<DidIdentifier>> =
			Lists::<Test>::get(list).expect("the list exists").issuers.into_inner();
		assert_eq!(slots, vec![Some(a.did), Some(b.did), Some(c.did)]);
	});
}
