use didimo_primitives::did::{DidPublicKey, Relationship, X25519Key};
use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, Call, Error, Event};

#[test]
fn rotate_key_replaces_the_authentication_key() {
	new_test_ext().build_and_execute(|| {
		let old = TestKey::sr("Alice");
		let did = create_did(&old, ALICE);
		let new = TestKey::ed("Alice2");
		let new_key = DidPublicKey::Verification(new.public());
		assert_ok!(did_call(
			&old,
			&did,
			ALICE,
			RuntimeCall::Did(Call::rotate_key { key_id: id("key-1"), new_key })
		));
		assert_eq!(last_did_call_result(), Some(Ok(())));
		// The identifier stays; the index follows the key.
		assert_eq!(Did::api_did_of(&old.did()), None);
		assert_eq!(Did::api_did_of(&new.did()), Some(did.clone()));
		assert!(System::events()
			.iter()
			.any(|e| e.event == Event::KeyRotated { did: did.clone(), key_id: id("key-1") }.into()));
		// The old key can no longer sign; the new one can.
		let op = operation(&did, "key-1", ALICE, RuntimeCall::Did(Call::deactivate {}));
		let signature = sign_operation(&old, &op);
		assert_noop!(
			Did::submit_did_call(
				RuntimeOrigin::signed(account(ALICE)),
				Box::new(op.clone()),
				signature
			),
			Error::<Test>::InvalidSignature
		);
		let signature = sign_operation(&new, &op);
		assert_ok!(Did::submit_did_call(
			RuntimeOrigin::signed(account(ALICE)),
			Box::new(op),
			signature
		));
		assert_eq!(Did::tombstone(&did), Some(1));
	});
}

#[test]
fn rotate_key_rejects_bad_rotations() {
	new_test_ext().build_and_execute(|| {
		let alice = TestKey::sr("Alice");
		let did = create_did(&alice, ALICE);
		let bob = TestKey::sr("Bob");
		create_did(&bob, BOB);
		assert_noop!(
			Did::rotate_key(cap_origin(&did), id("nope"), DidPublicKey::Verification(bob.public())),
			Error::<Test>::KeyNotFound
		);
		assert_noop!(
			Did::rotate_key(
				cap_origin(&did),
				id("key-1"),
				DidPublicKey::KeyAgreement(X25519Key([9; 32]))
			),
			Error::<Test>::KeyKindMismatch
		);
		assert_noop!(
			Did::rotate_key(
				cap_origin(&did),
				id("key-1"),
				DidPublicKey::Verification(alice.public())
			),
			Error::<Test>::SameKey
		);
		assert_noop!(
			Did::rotate_key(
				cap_origin(&did),
				id("key-1"),
				DidPublicKey::Verification(bob.public())
			),
			Error::<Test>::KeyInUse
		);
		assert_ok!(Did::add_verification_method(
			cap_origin(&did),
			crate::VerificationMethod {
				id: id("enc"),
				key: DidPublicKey::KeyAgreement(X25519Key([9; 32])),
				relationships: rels(&[Relationship::KeyAgreement]),
			}
		));
		assert_noop!(
			Did::rotate_key(
				cap_origin(&did),
				id("enc"),
				DidPublicKey::KeyAgreement(X25519Key([0; 32]))
			),
			Error::<Test>::InvalidX25519Key
		);
		assert_ok!(Did::rotate_key(
			cap_origin(&did),
			id("enc"),
			DidPublicKey::KeyAgreement(X25519Key([10; 32]))
		));
	});
}
