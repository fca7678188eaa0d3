use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, *};

fn close(did: &sp_runtime::AccountId32, id: RegistryId) -> sp_runtime::DispatchResult {
	Revocation::close(issuer_origin(did, ALICE), id).map(|_| ()).map_err(|e| e.error)
}

#[test]
fn close_a_registry_without_set_bits_in_one_call() {
	new_test_ext().build_and_execute(|| {
		let (key, did) = issuer("issuer");
		// Bob pays; the issuer closes with Alice submitting: the deposit goes back to Bob.
		assert_ok!(did_call(
			&key,
			BOB,
			Call::<Test>::create_registry { purpose: StatusPurpose::Revocation, capacity: 64 }
		));
		// Nothing stored but the record: one call closes it (any set bit stores a page and a
		// node per tree level, which takes more calls; see the next test).
		let free_before = Balances::free_balance(account(BOB));
		assert_ok!(close(&did, 0));
		assert!(Revocation::registry(0).is_none());
		assert_eq!(held(BOB), 0);
		assert_eq!(
			Balances::free_balance(account(BOB)),
			free_before + REGISTRY_DEPOSIT + PAGE_DEPOSIT
		);
		assert_eq!(Pages::<Test>::iter_prefix(0).count(), 0);
		assert_eq!(Nodes::<Test>::iter_prefix(0).count(), 0);
		assert!(RootHistory::<Test>::get(0).is_empty());
		assert!(Revocation::api_registries_of(&did, 0, 10).is_empty());
		System::assert_last_event(
			Event::RegistryClosed {
				registry: 0,
				deposit_released: REGISTRY_DEPOSIT + PAGE_DEPOSIT,
			}
			.into(),
		);
		// Fails closed afterwards.
		assert_eq!(Revocation::status(0, 3), CredentialStatus::Unknown);
		assert_eq!(Revocation::status(0, 4), CredentialStatus::Unknown);
		assert_noop!(close(&did, 0), Error::<Test>::UnknownRegistry);
	});
}

#[test]
fn close_a_large_registry_over_several_bounded_calls() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let (_, delegate) = issuer("delegate");
		let id = create_registry(&did, StatusPurpose::Revocation, MAX_CAPACITY);
		assert_ok!(Revocation::add_delegate(issuer_origin(&did, ALICE), id, delegate.clone()));
		// Bits in every page, far apart: 3 pages and many nodes to delete.
		let spread: Vec<u32> = (0..MAX_BATCH).map(|i| i * (MAX_CAPACITY / MAX_BATCH)).collect();
		assert_ok!(Revocation::revoke(issuer_origin(&did, ALICE), id, indices(&spread)));
		let stored =
			Pages::<Test>::iter_prefix(id).count() + Nodes::<Test>::iter_prefix(id).count();
		assert!(stored > 2 * MAX_REMOVALS as usize, "{stored} items to delete");

		let mut calls = 0;
		while Revocation::registry(id).is_some() {
			let before =
				Pages::<Test>::iter_prefix(id).count() + Nodes::<Test>::iter_prefix(id).count();
			assert_ok!(close(&did, id));
			calls += 1;
			let after =
				Pages::<Test>::iter_prefix(id).count() + Nodes::<Test>::iter_prefix(id).count();
			assert!(before - after <= MAX_REMOVALS as usize);
			if let Some(record) = Revocation::registry(id) {
				assert!(record.closing);
				// Frozen and failing closed while closing.
				assert_eq!(Revocation::status(id, 0), CredentialStatus::Unknown);
				assert_eq!(Revocation::status(id, 1), CredentialStatus::Unknown);
				assert!(Revocation::api_witness(id, 1).is_none());
				assert!(Revocation::api_status_list(id).is_none());
				assert!(Revocation::api_recent_roots(id).is_none());
				assert!(!Revocation::accepts_root(id, &record.root));
				assert_noop!(
					Revocation::revoke(issuer_origin(&delegate, BOB), id, indices(&[1])),
					Error::<Test>::RegistryClosing
				);
				let (_, newcomer) = issuer(&format!("newcomer-{calls}"));
				assert_noop!(
					Revocation::add_delegate(issuer_origin(&did, ALICE), id, newcomer),
					Error::<Test>::RegistryClosing
				);
				assert_noop!(
					Revocation::remove_delegate(issuer_origin(&did, ALICE), id, delegate.clone()),
					Error::<Test>::RegistryClosing
				);
				assert_eq!(held(ALICE), Revocation::deposit_for(MAX_CAPACITY));
			}
		}
		// Full calls of MAX_REMOVALS each, then the one that deletes the rest and finishes.
		assert_eq!(calls, stored / MAX_REMOVALS as usize + 1);
		assert_eq!(held(ALICE), 0);
	});
}

#[test]
fn close_must_be_issuer() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let (_, stranger) = issuer("stranger");
		let id = create_registry(&did, StatusPurpose::Revocation, 64);
		assert_noop!(close(&stranger, id), Error::<Test>::NotIssuer);
		assert_noop!(close(&did, id + 1), Error::<Test>::UnknownRegistry);
	});
}
