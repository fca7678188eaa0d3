use didimo_primitives::did::{Relationship, Relationships};
use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, Error, Event};

#[test]
fn remove_controller_works_and_releases_the_deposit() {
	new_test_ext().build_and_execute(|| {
		let did = create_did(&TestKey::sr("Alice"), ALICE);
		let bob = create_did(&TestKey::sr("Bob"), BOB);
		assert_ok!(Did::add_controller(cap_origin(&did), bob.clone()));
		assert_ok!(Did::remove_controller(cap_origin(&did), bob.clone()));
		assert_eq!(held(ALICE), BASE_DEPOSIT + KEY_DEPOSIT);
		System::assert_last_event(Event::ControllerRemoved { did, controller: bob }.into());
	});
}

#[test]
fn remove_controller_fails_for_an_unknown_controller() {
	new_test_ext().build_and_execute(|| {
		let did = create_did(&TestKey::sr("Alice"), ALICE);
		assert_noop!(
			Did::remove_controller(cap_origin(&did), TestKey::sr("Bob").did()),
			Error::<Test>::ControllerNotFound
		);
	});
}

#[test]
fn remove_controller_fails_when_it_was_the_only_way_to_update() {
	new_test_ext().build_and_execute(|| {
		let did = create_did(&TestKey::sr("Alice"), ALICE);
		let bob = create_did(&TestKey::sr("Bob"), BOB);
		assert_ok!(Did::add_controller(cap_origin(&did), bob.clone()));
		// With a controller, the DID's own key may give up capabilityInvocation...
		assert_ok!(Did::set_relationships(
			cap_origin(&did),
			id("key-1"),
			Relationships::from(Relationship::Authentication),
			None
		));
		// ...but then the controller cannot leave.
		assert_noop!(Did::remove_controller(cap_origin(&did), bob), Error::<Test>::WouldLockOut);
	});
}
