use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, Call, Error, Event};

#[test]
fn add_controller_works_and_the_controller_can_update() {
	new_test_ext().build_and_execute(|| {
		let alice = TestKey::sr("Alice");
		let did = create_did(&alice, ALICE);
		let bob = TestKey::sr("Bob");
		let controller = create_did(&bob, BOB);
		assert_ok!(Did::add_controller(cap_origin(&did), controller.clone()));
		System::assert_last_event(
			Event::ControllerAdded { did: did.clone(), controller: controller.clone() }.into(),
		);
		assert_eq!(held(ALICE), BASE_DEPOSIT + KEY_DEPOSIT + CONTROLLER_DEPOSIT);

		// Bob's key, as controller, signs an update of Alice's DID; Bob's account submits.
		let mut op = operation(
			&did,
			"key-1",
			BOB,
			RuntimeCall::Did(Call::add_service { service: service("web", "https://a.example") }),
		);
		op.signer = controller.clone();
		let signature = sign_operation(&bob, &op);
		assert_ok!(Did::submit_did_call(
			RuntimeOrigin::signed(account(BOB)),
			Box::new(op),
			signature
		));
		assert_eq!(last_did_call_result(), Some(Ok(())));
		assert_eq!(Did::did(&did).expect("live").services.len(), 1);
		// The deposit for it is still the owner's.
		assert_eq!(held(ALICE), BASE_DEPOSIT + KEY_DEPOSIT + CONTROLLER_DEPOSIT + SERVICE_DEPOSIT);
	});
}

#[test]
fn add_controller_rejects_bad_controllers() {
	new_test_ext().build_and_execute(|| {
		let did = create_did(&TestKey::sr("Alice"), ALICE);
		let bob = create_did(&TestKey::sr("Bob"), BOB);
		assert_noop!(
			Did::add_controller(cap_origin(&did), did.clone()),
			Error::<Test>::SelfController
		);
		assert_noop!(
			Did::add_controller(cap_origin(&did), TestKey::sr("Nobody").did()),
			Error::<Test>::UnknownController
		);
		assert_ok!(Did::add_controller(cap_origin(&did), bob.clone()));
		assert_noop!(
			Did::add_controller(cap_origin(&did), bob),
			Error::<Test>::ControllerAlreadyAdded
		);
	});
}

#[test]
fn add_controller_is_bounded_at_max() {
	new_test_ext().build_and_execute(|| {
		let did = create_did(&TestKey::sr("Alice"), ALICE);
		for i in 0..MAX_CONTROLLERS {
			let controller = create_did(&TestKey::sr(&format!("C{i}")), BOB);
			assert_ok!(Did::add_controller(cap_origin(&did), controller));
		}
		let extra = create_did(&TestKey::sr("Extra"), BOB);
		assert_noop!(
			Did::add_controller(cap_origin(&did), extra),
			Error::<Test>::MaxControllersExceeded
		);
	});
}

#[test]
fn add_controller_requires_the_did_origin() {
	new_test_ext().build_and_execute(|| {
		create_did(&TestKey::sr("Alice"), ALICE);
		let bob = create_did(&TestKey::sr("Bob"), BOB);
		assert_noop!(
			Did::add_controller(RuntimeOrigin::signed(account(ALICE)), bob),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}
