use didimo_primitives::did::{Relationship, Relationships};
use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, Error, Event};

#[test]
fn set_relationships_works_and_reindexes_authentication() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let bob = TestKey::sr("Bob");
		assert_ok!(Did::add_verification_method(
			cap_origin(&did),
			method("bob", &bob, &[Relationship::AssertionMethod])
		));
		assert_eq!(Did::api_did_of(&bob.did()), None);
		let new = rels(&[Relationship::Authentication, Relationship::AssertionMethod]);
		assert_ok!(Did::set_relationships(cap_origin(&did), id("bob"), new));
		assert_eq!(Did::api_did_of(&bob.did()), Some(did.clone()));
		System::assert_last_event(
			Event::RelationshipsChanged { did: did.clone(), key_id: id("bob"), relationships: new }
				.into(),
		);
		assert_ok!(Did::set_relationships(
			cap_origin(&did),
			id("bob"),
			rels(&[Relationship::AssertionMethod])
		));
		assert_eq!(Did::api_did_of(&bob.did()), None);
	});
}

#[test]
fn set_relationships_rejects_empty_or_disallowed_sets() {
	new_test_ext().build_and_execute(|| {
		let did = create_did(&TestKey::sr("Alice"), ALICE);
		assert_noop!(
			Did::set_relationships(cap_origin(&did), id("key-1"), Relationships::NONE),
			Error::<Test>::NoRelationship
		);
		assert_noop!(
			Did::set_relationships(
				cap_origin(&did),
				id("key-1"),
				rels(&[Relationship::Authentication, Relationship::KeyAgreement])
			),
			Error::<Test>::RelationshipNotAllowed
		);
		assert_noop!(
			Did::set_relationships(
				cap_origin(&did),
				id("nope"),
				rels(&[Relationship::Authentication])
			),
			Error::<Test>::KeyNotFound
		);
	});
}

#[test]
fn set_relationships_fails_when_it_would_lock_out() {
	new_test_ext().build_and_execute(|| {
		let did = create_did(&TestKey::sr("Alice"), ALICE);
		// Dropping capabilityInvocation from the only key, with no controller.
		assert_noop!(
			Did::set_relationships(
				cap_origin(&did),
				id("key-1"),
				rels(&[Relationship::Authentication])
			),
			Error::<Test>::WouldLockOut
		);
		// Dropping authentication.
		assert_noop!(
			Did::set_relationships(
				cap_origin(&did),
				id("key-1"),
				rels(&[Relationship::CapabilityInvocation])
			),
			Error::<Test>::WouldLockOut
		);
	});
}

#[test]
fn set_relationships_fails_when_the_key_authenticates_another_did() {
	new_test_ext().build_and_execute(|| {
		let bob = TestKey::sr("Bob");
		create_did(&bob, BOB);
		let did = create_did(&TestKey::sr("Alice"), ALICE);
		assert_ok!(Did::add_verification_method(
			cap_origin(&did),
			method("bob", &bob, &[Relationship::AssertionMethod])
		));
		assert_noop!(
			Did::set_relationships(
				cap_origin(&did),
				id("bob"),
				rels(&[Relationship::Authentication])
			),
			Error::<Test>::KeyInUse
		);
	});
}
