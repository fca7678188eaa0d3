use didimo_primitives::did::Relationship;
use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, Error, Event};

#[test]
fn remove_verification_method_works_and_releases_the_deposit() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let bob = TestKey::sr("Bob");
		assert_ok!(Did::add_verification_method(
			cap_origin(&did),
			method("bob", &bob, &[Relationship::Authentication]),
			Some(key_proof(&bob, &did, 0))
		));
		assert_ok!(Did::remove_verification_method(cap_origin(&did), id("bob")));
		assert_eq!(Did::did(&did).expect("live").methods.len(), 1);
		assert_eq!(held(ALICE), BASE_DEPOSIT + KEY_DEPOSIT);
		assert_eq!(Did::api_did_of(&bob.did()), None);
		System::assert_last_event(
			Event::VerificationMethodRemoved { did, key_id: id("bob") }.into(),
		);
	});
}

#[test]
fn remove_verification_method_fails_for_an_unknown_key() {
	new_test_ext().build_and_execute(|| {
		let did = create_did(&TestKey::sr("Alice"), ALICE);
		assert_noop!(
			Did::remove_verification_method(cap_origin(&did), id("nope")),
			Error::<Test>::KeyNotFound
		);
	});
}

#[test]
fn remove_verification_method_fails_when_it_would_lock_out() {
	new_test_ext().build_and_execute(|| {
		let did = create_did(&TestKey::sr("Alice"), ALICE);
		assert_noop!(
			Did::remove_verification_method(cap_origin(&did), id("key-1")),
			Error::<Test>::WouldLockOut
		);
	});
}

#[test]
fn remove_verification_method_fails_without_a_did_origin() {
	new_test_ext().build_and_execute(|| {
		create_did(&TestKey::sr("Alice"), ALICE);
		assert_noop!(
			Did::remove_verification_method(RuntimeOrigin::signed(account(ALICE)), id("key-1")),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Did::remove_verification_method(RuntimeOrigin::signed(account(ALICE)), id("key-1")),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}
