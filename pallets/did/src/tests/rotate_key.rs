use didimo_primitives::did::{DidPublicKey, DidSignature, Relationship, X25519Key, ZkIssuerKey};
use frame_support::{assert_noop, assert_ok};

use crate::{key_possession_payload, mock::*, Call, Error, Event};

#[test]
fn rotate_key_replaces_the_authentication_key() {
	new_test_ext().build_and_execute(|| {
		let old = TestKey::sr("Alice");
		let did = create_did(&old, ALICE);
		let new = TestKey::ed("Alice2");
		let new_key = DidPublicKey::Verification(new.public());
		let proof = key_proof(&new, &did, next_counter(&did));
		assert_ok!(did_call(
			&old,
			&did,
			ALICE,
			RuntimeCall::Did(Call::rotate_key {
				key_id: id("key-1"),
				new_key,
				key_proof: Some(proof),
			})
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
			Did::rotate_key(
				cap_origin(&did),
				id("nope"),
				DidPublicKey::Verification(bob.public()),
				Some(key_proof(&bob, &did, 0))
			),
			Error::<Test>::KeyNotFound
		);
		assert_noop!(
			Did::rotate_key(
				cap_origin(&did),
				id("key-1"),
				DidPublicKey::KeyAgreement(X25519Key([9; 32])),
				None
			),
			Error::<Test>::KeyKindMismatch
		);
		assert_noop!(
			Did::rotate_key(
				cap_origin(&did),
				id("key-1"),
				DidPublicKey::Verification(alice.public()),
				Some(key_proof(&alice, &did, 0))
			),
			Error::<Test>::SameKey
		);
		// Bob's key authenticates Bob's DID: even with his consent it cannot take Alice's too.
		assert_noop!(
			Did::rotate_key(
				cap_origin(&did),
				id("key-1"),
				DidPublicKey::Verification(bob.public()),
				Some(key_proof(&bob, &did, 0))
			),
			Error::<Test>::KeyInUse
		);
		assert_ok!(Did::add_verification_method(
			cap_origin(&did),
			key_agreement_method("enc", 9),
			None
		));
		assert_noop!(
			Did::rotate_key(
				cap_origin(&did),
				id("enc"),
				DidPublicKey::KeyAgreement(X25519Key([0; 32])),
				None
			),
			Error::<Test>::InvalidX25519Key
		);
		assert_ok!(Did::rotate_key(
			cap_origin(&did),
			id("enc"),
			DidPublicKey::KeyAgreement(X25519Key([10; 32])),
			None
		));
	});
}

#[test]
fn rotate_key_fails_without_the_new_key_s_proof() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		assert_ok!(Did::add_verification_method(
			cap_origin(&did),
			method("assert", &TestKey::sr("Assert"), &[Relationship::AssertionMethod]),
			Some(key_proof(&TestKey::sr("Assert"), &did, 0))
		));
		// Neither the authentication key nor any other signing key is rotated without it.
		for key_id in ["key-1", "assert"] {
			assert_noop!(
				Did::rotate_key(
					cap_origin(&did),
					id(key_id),
					DidPublicKey::Verification(TestKey::ed("New").public()),
					None
				),
				Error::<Test>::KeyProofMissing
			);
		}
	});
}

#[test]
fn rotate_key_fails_with_a_wrong_key_proof() {
	new_test_ext().build_and_execute(|| {
		let old = TestKey::sr("Alice");
		let did = create_did(&old, ALICE);
		let new = TestKey::sr("Alice2");
		let charlie = TestKey::sr("Charlie");
		let new_key = DidPublicKey::Verification(new.public());
		let new_payload = key_possession_payload(&Did::genesis_hash(), &did, 0, &new.public());
		let wrong = [
			// Signed by the key being replaced, vouching for the new one.
			old.sign(&new_payload),
			// The old key's proof for itself.
			key_proof(&old, &did, 0),
			// Signed by a stranger.
			charlie.sign(&new_payload),
			// The new key's proof for another DID.
			key_proof(&new, &charlie.did(), 0),
			// The new key's proof for a counter the DID is not at.
			key_proof(&new, &did, 1),
			// The new key's proof for another chain.
			new.sign(&key_possession_payload(
				&sp_core::H256::repeat_byte(7),
				&did,
				0,
				&new.public(),
			)),
		];
		for proof in wrong {
			assert_noop!(
				Did::rotate_key(cap_origin(&did), id("key-1"), new_key.clone(), Some(proof)),
				Error::<Test>::InvalidKeyProof
			);
		}
		// Through a DID-signed call, a proof for the counter before the call's is stale.
		let stale = key_proof(&new, &did, next_counter(&did) - 1);
		assert_ok!(did_call(
			&old,
			&did,
			ALICE,
			RuntimeCall::Did(Call::rotate_key {
				key_id: id("key-1"),
				new_key: new_key.clone(),
				key_proof: Some(stale),
			})
		));
		assert_eq!(last_did_call_result(), Some(Err(Error::<Test>::InvalidKeyProof.into())));
		assert_eq!(Did::api_did_of(&old.did()), Some(did.clone()));
		assert_eq!(Did::api_did_of(&new.did()), None);
	});
}

#[test]
fn rotate_key_rejects_a_key_proof_for_a_key_that_cannot_sign() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		for method in [key_agreement_method("enc", 9), zk_issuer_method("zk", 1)] {
			assert_ok!(Did::add_verification_method(cap_origin(&did), method, None));
		}
		let proof = key_proof(&key, &did, 0);
		for (key_id, new_key) in [
			("enc", DidPublicKey::KeyAgreement(X25519Key([10; 32]))),
			("zk", DidPublicKey::ZkIssuer(ZkIssuerKey([2; 32]))),
		] {
			assert_noop!(
				Did::rotate_key(cap_origin(&did), id(key_id), new_key.clone(), Some(proof.clone())),
				Error::<Test>::KeyProofUnexpected
			);
			assert_ok!(Did::rotate_key(cap_origin(&did), id(key_id), new_key, None));
		}
	});
}

#[test]
fn rotate_key_accepts_a_wallet_extension_key_proof() {
	new_test_ext().build_and_execute(|| {
		let old = TestKey::sr("Alice");
		let did = create_did(&old, ALICE);
		let new = TestKey::sr("Alice2");
		let proof = key_proof_wrapped(&new, &did, next_counter(&did));
		assert_ok!(did_call(
			&old,
			&did,
			ALICE,
			RuntimeCall::Did(Call::rotate_key {
				key_id: id("key-1"),
				new_key: DidPublicKey::Verification(new.public()),
				key_proof: Some(proof),
			})
		));
		assert_eq!(last_did_call_result(), Some(Ok(())));
		assert_eq!(Did::api_did_of(&new.did()), Some(did));
	});
}

/// The attack through rotation: Mallory rotates her own key to Victim's account key, which
/// would take Victim's account for Mallory's DID.
#[test]
fn rotate_key_cannot_take_someone_else_s_key() {
	new_test_ext().build_and_execute(|| {
		let mallory = TestKey::sr("Mallory");
		let mallory_did = create_did(&mallory, BOB);
		let victim = TestKey::sr("Victim");
		let take = |key_proof: Option<DidSignature>| {
			RuntimeCall::Did(Call::rotate_key {
				key_id: id("key-1"),
				new_key: DidPublicKey::Verification(victim.public()),
				key_proof,
			})
		};
		assert_ok!(did_call(&mallory, &mallory_did, BOB, take(None)));
		assert_eq!(last_did_call_result(), Some(Err(Error::<Test>::KeyProofMissing.into())));
		let forged = mallory.sign(&key_possession_payload(
			&Did::genesis_hash(),
			&mallory_did,
			next_counter(&mallory_did),
			&victim.public(),
		));
		assert_ok!(did_call(&mallory, &mallory_did, BOB, take(Some(forged))));
		assert_eq!(last_did_call_result(), Some(Err(Error::<Test>::InvalidKeyProof.into())));
		assert_eq!(Did::api_did_of(&victim.did()), None);
		let victim_did = create_did(&victim, ALICE);
		assert_eq!(Did::api_did_of(&victim.did()), Some(victim_did));
	});
}
