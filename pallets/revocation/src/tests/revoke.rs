use codec::{Decode, Encode};
use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, *};

fn revoke(
	did: &sp_runtime::AccountId32,
	id: RegistryId,
	list: &[u32],
) -> sp_runtime::DispatchResult {
	Revocation::revoke(issuer_origin(did, ALICE), id, indices(list))
		.map(|_| ())
		.map_err(|e| e.error)
}

#[test]
fn revoke_sets_bits_and_refreshes_the_root() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Revocation, 2 * PAGE_BITS);
		let before = Revocation::registry(id).expect("stored").root;
		next_block();
		// Unsorted, with a duplicate, across two pages.
		assert_ok!(revoke(&did, id, &[PAGE_BITS + 5, 3, 3, 200]));
		let record = Revocation::registry(id).expect("stored");
		assert_ne!(record.root, before);
		assert_eq!(record.set_count, 3);
		assert_eq!(record.updated, 2);
		for index in [3, 200, PAGE_BITS + 5] {
			assert_eq!(Revocation::status(id, index), CredentialStatus::Revoked);
		}
		for index in [0, 2, 4, 199, 201, PAGE_BITS + 4, 2 * PAGE_BITS - 1] {
			assert_eq!(Revocation::status(id, index), CredentialStatus::Active);
		}
		System::assert_last_event(
			Event::CredentialsRevoked {
				registry: id,
				by: did.clone(),
				indices: indices(&[3, 200, PAGE_BITS + 5]),
				root: record.root,
			}
			.into(),
		);
		// The W3C bit order: index 3 is bit 7 - 3 of byte 0.
		let list = Revocation::api_status_list(id).expect("live");
		assert_eq!(list.bits[0], 0b0001_0000);
		assert_eq!(list.bits.len(), (2 * PAGE_BITS / 8) as usize);
	});
}

#[test]
fn revoke_is_final_and_idempotent() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Revocation, 64);
		assert_ok!(revoke(&did, id, &[1, 2]));
		let root = Revocation::registry(id).expect("stored").root;
		// Revoking again changes nothing and reports no index.
		assert_ok!(revoke(&did, id, &[2, 1]));
		System::assert_last_event(
			Event::CredentialsRevoked {
				registry: id,
				by: did.clone(),
				indices: indices(&[]),
				root,
			}
			.into(),
		);
		assert_eq!(Revocation::registry(id).expect("stored").set_count, 2);
		// There is no way back: reinstating is for suspension registries only.
		assert_noop!(
			Revocation::reinstate(issuer_origin(&did, ALICE), id, indices(&[1])),
			Error::<Test>::WrongPurpose
		);
		assert_eq!(Revocation::status(id, 1), CredentialStatus::Revoked);
	});
}

#[test]
fn revoke_index_bounds_at_n_and_n_plus_one() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Revocation, 130);
		assert_ok!(revoke(&did, id, &[129]));
		assert_noop!(revoke(&did, id, &[0, 130]), Error::<Test>::IndexOutOfRange);
		assert_noop!(revoke(&did, id, &[u32::MAX]), Error::<Test>::IndexOutOfRange);
		assert_noop!(revoke(&did, id, &[]), Error::<Test>::EmptyBatch);
	});
}

#[test]
fn revoke_batch_bound_at_n_and_n_plus_one() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Revocation, 64);
		let full: Vec<u32> = (0..MAX_BATCH).collect();
		assert_ok!(revoke(&did, id, &full));
		assert_eq!(Revocation::registry(id).expect("stored").set_count, MAX_BATCH);
		// One more index does not fit the call: it cannot be decoded, so never dispatched.
		let call = |n: u32| -> Vec<u8> {
			let mut raw = vec![3u8, 1u8]; // pallet index 3, call index 1 (revoke)
			raw.extend((id, (0..n).collect::<Vec<u32>>()).encode());
			raw
		};
		assert!(RuntimeCall::decode(&mut &call(MAX_BATCH)[..]).is_ok());
		assert!(RuntimeCall::decode(&mut &call(MAX_BATCH + 1)[..]).is_err());
	});
}

#[test]
fn revoke_fails_for_unknown_registries_and_wrong_purpose() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		assert_noop!(revoke(&did, 7, &[0]), Error::<Test>::UnknownRegistry);
		let id = create_registry(&did, StatusPurpose::Suspension, 64);
		assert_noop!(revoke(&did, id, &[0]), Error::<Test>::WrongPurpose);
	});
}

#[test]
fn revoke_must_be_issuer_or_delegate() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let (_, stranger) = issuer("stranger");
		let id = create_registry(&did, StatusPurpose::Revocation, 64);
		assert_noop!(revoke(&stranger, id, &[0]), Error::<Test>::NotAuthorized);
	});
}

#[test]
fn revoke_fails_while_closing() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Revocation, MAX_CAPACITY);
		// More pages than one close call removes, so the registry stays in `closing`.
		let spread: Vec<u32> =
			(0..MAX_BATCH).map(|i| i * 128 * 7).filter(|i| *i < MAX_CAPACITY).collect();
		assert_ok!(revoke(&did, id, &spread));
		assert_ok!(Revocation::close(issuer_origin(&did, ALICE), id));
		assert!(Revocation::registry(id).expect("still there").closing);
		assert_noop!(revoke(&did, id, &[1]), Error::<Test>::RegistryClosing);
	});
}

#[test]
fn revoke_refuses_a_registry_whose_issuer_is_deactivated() {
	new_test_ext().build_and_execute(|| {
		let (issuer_key, did) = issuer("issuer");
		let (_, delegate) = issuer("delegate");
		let id = create_registry(&did, StatusPurpose::Revocation, 64);
		assert_ok!(Revocation::add_delegate(issuer_origin(&did, ALICE), id, delegate.clone()));
		assert_ok!(did_call(&issuer_key, ALICE, pallet_did::Call::<Test>::deactivate {}));
		assert_noop!(
			Revocation::revoke(issuer_origin(&delegate, BOB), id, indices(&[1])),
			Error::<Test>::IssuerDeactivated
		);
	});
}

#[test]
fn revoke_reports_a_corrupt_tree_instead_of_panicking() {
	new_test_ext().build().execute_with(|| {
		let (_, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Revocation, 64);
		// A sibling on index 0's path that is not a canonical field element (never written by
		// the pallet; only storage corruption could put it there).
		Nodes::<Test>::insert(id, (1u8, 1u32), [0xffu8; 32]);
		assert_noop!(revoke(&did, id, &[0]), Error::<Test>::CorruptTree);
		assert!(Revocation::api_witness(id, 0).is_none());
	});
}
