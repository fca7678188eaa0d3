use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, *};

#[test]
fn create_registry_works_and_holds_the_deposit() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Revocation, PAGE_BITS + 1);
		assert_eq!(id, 0);
		let record = Revocation::registry(id).expect("stored");
		assert_eq!(record.issuer, did);
		assert_eq!(record.purpose, StatusPurpose::Revocation);
		assert_eq!(record.capacity, PAGE_BITS + 1);
		assert_eq!(record.deposit, REGISTRY_DEPOSIT + 2 * PAGE_DEPOSIT);
		assert_eq!(record.depositor, account(ALICE));
		assert_eq!(record.set_count, 0);
		assert_eq!(record.root, didimo_zk::field::to_bytes(&didimo_zk::status_tree::empty_root()));
		assert_eq!(held(ALICE), REGISTRY_DEPOSIT + 2 * PAGE_DEPOSIT);
		System::assert_last_event(
			Event::RegistryCreated {
				registry: id,
				issuer: did.clone(),
				purpose: StatusPurpose::Revocation,
				capacity: PAGE_BITS + 1,
				deposit: REGISTRY_DEPOSIT + 2 * PAGE_DEPOSIT,
			}
			.into(),
		);
		assert_eq!(Revocation::api_registries_of(&did, 0, 10), vec![id]);
		// Identifiers are sequential.
		assert_eq!(create_registry(&did, StatusPurpose::Suspension, 8), 1);
		assert_eq!(Revocation::api_registries_of(&did, 1, 10), vec![1]);
		assert_eq!(Revocation::api_registries_of(&did, 0, 1), vec![0]);
	});
}

#[test]
fn create_registry_through_a_did_signed_call() {
	new_test_ext().build_and_execute(|| {
		let (key, did) = issuer("issuer");
		assert_ok!(did_call(
			&key,
			BOB,
			Call::<Test>::create_registry { purpose: StatusPurpose::Suspension, capacity: 100 }
		));
		let record = Revocation::registry(0).expect("stored");
		assert_eq!(record.issuer, did);
		// The submitter pays.
		assert_eq!(record.depositor, account(BOB));
		assert_eq!(held(BOB), REGISTRY_DEPOSIT + PAGE_DEPOSIT);
	});
}

#[test]
fn create_registry_capacity_bounds() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		assert_noop!(
			Revocation::create_registry(issuer_origin(&did, ALICE), StatusPurpose::Revocation, 0),
			Error::<Test>::ZeroCapacity
		);
		assert_ok!(Revocation::create_registry(
			issuer_origin(&did, ALICE),
			StatusPurpose::Revocation,
			1
		));
		assert_ok!(Revocation::create_registry(
			issuer_origin(&did, ALICE),
			StatusPurpose::Revocation,
			MAX_CAPACITY
		));
		assert_noop!(
			Revocation::create_registry(
				issuer_origin(&did, ALICE),
				StatusPurpose::Revocation,
				MAX_CAPACITY + 1
			),
			Error::<Test>::CapacityTooLarge
		);
	});
}

#[test]
fn create_registry_fails_without_the_deposit() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		assert_noop!(
			Revocation::create_registry(issuer_origin(&did, PAUPER), StatusPurpose::Revocation, 8),
			Error::<Test>::InsufficientDeposit
		);
	});
}

#[test]
fn create_registry_needs_a_did_origin() {
	new_test_ext().build_and_execute(|| {
		assert_noop!(
			Revocation::create_registry(
				RuntimeOrigin::signed(account(ALICE)),
				StatusPurpose::Revocation,
				8
			),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Revocation::create_registry(RuntimeOrigin::root(), StatusPurpose::Revocation, 8),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn create_registry_fails_when_identifiers_run_out() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		crate::NextRegistryId::<Test>::put(u64::MAX);
		assert_noop!(
			Revocation::create_registry(issuer_origin(&did, ALICE), StatusPurpose::Revocation, 8),
			Error::<Test>::RegistryIdsExhausted
		);
	});
}
