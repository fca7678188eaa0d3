//! `close_orphaned`: any account closes a deactivated issuer's registry; the deposit goes back
//! to whoever paid it, all of it, and the caller gets nothing.

use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

use crate::{mock::*, *};

fn close_orphaned(caller: u8, id: RegistryId) -> sp_runtime::DispatchResult {
	Revocation::close_orphaned(signed(caller), id).map(|_| ()).map_err(|e| e.error)
}

/// Pages plus nodes the registry still stores.
fn stored(id: RegistryId) -> usize {
	Pages::<Test>::iter_prefix(id).count() + Nodes::<Test>::iter_prefix(id).count()
}

#[test]
fn close_orphaned_returns_exactly_the_held_deposit_to_the_payer_not_the_caller() {
	new_test_ext().build_and_execute(|| {
		let (key, did) = issuer("issuer");
		// Bob pays the registry's deposit; Alice paid the DID's.
		assert_ok!(did_call(
			&key,
			BOB,
			Call::<Test>::create_registry { purpose: StatusPurpose::Revocation, capacity: 64 }
		));
		let id = 0;
		let deposit = REGISTRY_DEPOSIT + PAGE_DEPOSIT;
		assert_eq!(held(BOB), deposit);
		deactivate(&key);
		// Deactivating the DID releases the DID's deposit, not the registry's.
		assert_eq!(held(BOB), deposit);

		let bob_free = Balances::free_balance(account(BOB));
		let carol_free = Balances::free_balance(account(CAROL));
		let alice_free = Balances::free_balance(account(ALICE));
		assert_ok!(close_orphaned(CAROL, id));

		// Bob gets back exactly what was held, nobody else gets anything.
		assert_eq!(held(BOB), 0);
		assert_eq!(Balances::free_balance(account(BOB)), bob_free + deposit);
		assert_eq!(Balances::free_balance(account(CAROL)), carol_free);
		assert_eq!(held(CAROL), 0);
		assert_eq!(Balances::free_balance(account(ALICE)), alice_free);
		// Everything of the registry is gone.
		assert!(Revocation::registry(id).is_none());
		assert!(RootHistory::<Test>::get(id).is_empty());
		assert_eq!(stored(id), 0);
		assert!(Revocation::api_registries_of(&did, 0, 10).is_empty());
		System::assert_has_event(Event::RegistryClosing { registry: id, removed: 0 }.into());
		System::assert_last_event(
			Event::RegistryClosed { registry: id, deposit_released: deposit }.into(),
		);
		// Fails closed afterwards, and there is nothing left to close.
		assert_eq!(Revocation::status(id, 3), CredentialStatus::Unknown);
		assert_noop!(close_orphaned(CAROL, id), Error::<Test>::UnknownRegistry);
	});
}

#[test]
fn close_orphaned_over_several_bounded_calls() {
	new_test_ext().build_and_execute(|| {
		let (key, did) = issuer("issuer");
		let (_, delegate) = issuer("delegate");
		// Alice pays the registry's deposit (and the DIDs').
		let id = create_registry(&did, StatusPurpose::Revocation, MAX_CAPACITY);
		assert_ok!(Revocation::add_delegate(issuer_origin(&did, ALICE), id, delegate.clone()));
		let spread: Vec<u32> = (0..MAX_BATCH).map(|i| i * (MAX_CAPACITY / MAX_BATCH)).collect();
		assert_ok!(Revocation::revoke(issuer_origin(&did, ALICE), id, indices(&spread)));
		let total = stored(id);
		assert!(total > 2 * MAX_REMOVALS as usize, "{total} items to delete");
		deactivate(&key);
		let deposit = Revocation::deposit_for(MAX_CAPACITY);
		let alice_free = Balances::free_balance(account(ALICE));

		let mut calls = 0;
		while Revocation::registry(id).is_some() {
			let before = stored(id);
			// Whoever calls, the deposit's owner does not change.
			let caller = if calls % 2 == 0 { CAROL } else { BOB };
			assert_ok!(close_orphaned(caller, id));
			calls += 1;
			assert!(before - stored(id) <= MAX_REMOVALS as usize);
			if let Some(record) = Revocation::registry(id) {
				assert!(record.closing);
				System::assert_last_event(
					Event::RegistryClosing { registry: id, removed: MAX_REMOVALS }.into(),
				);
				// Frozen and failing closed while closing; the deposit stays held.
				assert_eq!(Revocation::status(id, 0), CredentialStatus::Unknown);
				assert!(Revocation::api_status_list(id).is_none());
				assert_noop!(
					Revocation::revoke(issuer_origin(&delegate, BOB), id, indices(&[1])),
					Error::<Test>::RegistryClosing
				);
				assert_eq!(held(ALICE), deposit);
			}
		}
		assert_eq!(calls, total / MAX_REMOVALS as usize + 1);
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::free_balance(account(ALICE)), alice_free + deposit);
		assert_eq!(held(BOB), 0);
		assert_eq!(held(CAROL), 0);
		System::assert_last_event(
			Event::RegistryClosed { registry: id, deposit_released: deposit }.into(),
		);
	});
}

#[test]
fn close_orphaned_finishes_a_close_the_issuer_started() {
	new_test_ext().build_and_execute(|| {
		let (key, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Revocation, MAX_CAPACITY);
		let spread: Vec<u32> = (0..MAX_BATCH).map(|i| i * (MAX_CAPACITY / MAX_BATCH)).collect();
		assert_ok!(Revocation::revoke(issuer_origin(&did, ALICE), id, indices(&spread)));
		// The issuer's first close call leaves the registry closing...
		assert_ok!(Revocation::close(issuer_origin(&did, ALICE), id));
		assert!(Revocation::registry(id).expect("still there").closing);
		// ...and then the issuer is deactivated before it finishes.
		deactivate(&key);
		let deposit = Revocation::deposit_for(MAX_CAPACITY);
		let alice_free = Balances::free_balance(account(ALICE));
		while Revocation::registry(id).is_some() {
			assert_ok!(close_orphaned(CAROL, id));
		}
		assert_eq!(stored(id), 0);
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::free_balance(account(ALICE)), alice_free + deposit);
	});
}

#[test]
fn close_orphaned_fails_while_the_issuer_is_active() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Revocation, 64);
		assert_noop!(close_orphaned(CAROL, id), Error::<Test>::IssuerActive);
		// Not even the depositor may take the registry away from a live issuer.
		assert_noop!(close_orphaned(ALICE, id), Error::<Test>::IssuerActive);
		// Nor after the issuer started closing it: it finishes with `close`.
		let spread: Vec<u32> = (0..MAX_BATCH).map(|i| i * (MAX_CAPACITY / MAX_BATCH)).collect();
		let big = create_registry(&did, StatusPurpose::Revocation, MAX_CAPACITY);
		assert_ok!(Revocation::revoke(issuer_origin(&did, ALICE), big, indices(&spread)));
		assert_ok!(Revocation::close(issuer_origin(&did, ALICE), big));
		assert!(Revocation::registry(big).expect("still there").closing);
		assert_noop!(close_orphaned(CAROL, big), Error::<Test>::IssuerActive);
		assert_eq!(held(ALICE), 2 * REGISTRY_DEPOSIT + PAGE_DEPOSIT + 3 * PAGE_DEPOSIT);
	});
}

#[test]
fn close_orphaned_fails_for_an_unknown_registry() {
	new_test_ext().build_and_execute(|| {
		assert_noop!(close_orphaned(CAROL, 0), Error::<Test>::UnknownRegistry);
		let (key, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Revocation, 64);
		deactivate(&key);
		assert_noop!(close_orphaned(CAROL, id + 1), Error::<Test>::UnknownRegistry);
		assert_ok!(close_orphaned(CAROL, id));
	});
}

#[test]
fn close_orphaned_needs_a_signed_origin() {
	new_test_ext().build_and_execute(|| {
		let (key, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Revocation, 64);
		deactivate(&key);
		assert_noop!(
			Revocation::close_orphaned(RuntimeOrigin::none(), id),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Revocation::close_orphaned(RuntimeOrigin::root(), id),
			DispatchError::BadOrigin
		);
		// A DID origin is not a signed account either, and the call is not DID-signed:
		// `submit_did_call` refuses it.
		let (other_key, other) = issuer("other");
		assert_noop!(
			Revocation::close_orphaned(issuer_origin(&other, BOB), id),
			DispatchError::BadOrigin
		);
		assert_noop!(
			submit(&other_key, BOB, Call::<Test>::close_orphaned { registry: id }.into()),
			pallet_did::Error::<Test>::CallNotAllowed
		);
		assert_ok!(close_orphaned(BOB, id));
		assert_eq!(held(ALICE), 0);
	});
}

#[test]
fn close_orphaned_charges_at_most_its_declared_weight() {
	use frame_support::dispatch::GetDispatchInfo;
	new_test_ext().build_and_execute(|| {
		let (key, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Revocation, MAX_CAPACITY);
		let spread: Vec<u32> = (0..MAX_BATCH).map(|i| i * (MAX_CAPACITY / MAX_BATCH)).collect();
		assert_ok!(Revocation::revoke(issuer_origin(&did, ALICE), id, indices(&spread)));
		deactivate(&key);
		let charged = Call::<Test>::close_orphaned { registry: id }.get_dispatch_info().call_weight;
		while Revocation::registry(id).is_some() {
			let post = Revocation::close_orphaned(signed(CAROL), id).expect("closes");
			let actual = post.actual_weight.expect("the actual weight is returned");
			assert!(actual.all_lte(charged), "{actual:?} > {charged:?}");
		}
	});
}

#[test]
fn the_deposit_check_catches_a_closed_registry_whose_deposit_stayed_held() {
	use crate::try_state::{check_deposits_of, do_try_state};
	new_test_ext().build().execute_with(|| {
		let (key, _) = issuer("issuer");
		assert_ok!(did_call(
			&key,
			BOB,
			Call::<Test>::create_registry { purpose: StatusPurpose::Revocation, capacity: 64 }
		));
		assert!(check_deposits_of::<Test>(ACCOUNTS.map(account)).is_ok());
		// A close that forgot the release: the registry is gone, Bob's deposit is not.
		let record = Revocation::registry(0).expect("stored");
		Registries::<Test>::remove(0);
		RootHistory::<Test>::remove(0);
		IssuerRegistries::<Test>::remove(&record.issuer, 0);
		// The registry-wide invariants cannot see it (no registry names Bob any more)...
		assert!(do_try_state::<Test>().is_ok());
		// ...the per-account check does.
		assert!(check_deposits_of::<Test>(ACCOUNTS.map(account)).is_err());
	});
}
