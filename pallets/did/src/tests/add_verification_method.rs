use didimo_primitives::did::{DidPublicKey, DidSignature, Relationship, X25519Key, ZkIssuerKey};
use frame_support::{assert_noop, assert_ok};

use crate::{key_possession_payload, mock::*, Call, Error, Event, VerificationMethod};

fn add(
	key: &TestKey,
	did: &sp_runtime::AccountId32,
	method: VerificationMethod<Test>,
	key_proof: Option<DidSignature>,
) {
	assert_ok!(did_call(
		key,
		did,
		ALICE,
		RuntimeCall::Did(Call::add_verification_method { method, key_proof })
	));
}

fn remark() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: vec![0] })
}

#[test]
fn add_verification_method_works_and_takes_the_key_deposit() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let bob = TestKey::ed("Bob");
		let proof = key_proof(&bob, &did, next_counter(&did));
		add(&key, &did, method("bob", &bob, &[Relationship::Authentication]), Some(proof));
		assert_eq!(last_did_call_result(), Some(Ok(())));
		let record = Did::did(&did).expect("live");
		assert_eq!(record.methods.len(), 2);
		assert_eq!(record.version, 2);
		assert_eq!(record.deposit, BASE_DEPOSIT + 2 * KEY_DEPOSIT);
		assert_eq!(held(ALICE), record.deposit);
		assert_eq!(Did::api_did_of(&bob.did()), Some(did.clone()));
		assert!(System::events().iter().any(|e| e.event
			== Event::VerificationMethodAdded { did: did.clone(), key_id: id("bob") }.into()));
	});
}

#[test]
fn add_verification_method_fails_for_a_plain_account() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		create_did(&key, ALICE);
		assert_noop!(
			Did::add_verification_method(
				RuntimeOrigin::signed(account(ALICE)),
				method("k2", &TestKey::sr("Bob"), &[Relationship::AssertionMethod]),
				None
			),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn add_verification_method_fails_with_the_wrong_relationship() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let bob = TestKey::sr("Bob");
		let proof = key_proof(&bob, &did, 0);
		let origin: RuntimeOrigin = crate::DidRawOrigin {
			did,
			submitter: account(ALICE),
			relationship: Relationship::Authentication,
		}
		.into();
		assert_noop!(
			Did::add_verification_method(
				origin,
				method("k2", &bob, &[Relationship::AssertionMethod]),
				Some(proof)
			),
			Error::<Test>::WrongRelationship
		);
	});
}

#[test]
fn add_verification_method_rejects_invalid_methods() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let bob = TestKey::sr("Bob");
		// Signing keys come with their proofs, so each case fails for its own reason.
		let bob_proof = Some(key_proof(&bob, &did, 0));
		let cases = vec![
			(
				method("key-1", &bob, &[Relationship::AssertionMethod]),
				bob_proof.clone(),
				Error::<Test>::IdTaken,
			),
			(
				method("a/b", &bob, &[Relationship::AssertionMethod]),
				bob_proof.clone(),
				Error::<Test>::InvalidId,
			),
			(method("k2", &bob, &[]), bob_proof.clone(), Error::<Test>::NoRelationship),
			(
				method("k2", &bob, &[Relationship::KeyAgreement]),
				bob_proof.clone(),
				Error::<Test>::RelationshipNotAllowed,
			),
			(
				VerificationMethod {
					id: id("enc"),
					key: DidPublicKey::KeyAgreement(X25519Key([0; 32])),
					relationships: rels(&[Relationship::KeyAgreement]),
				},
				None,
				Error::<Test>::InvalidX25519Key,
			),
			(
				VerificationMethod {
					id: id("enc"),
					key: DidPublicKey::KeyAgreement(X25519Key([9; 32])),
					relationships: rels(&[
						Relationship::KeyAgreement,
						Relationship::Authentication,
					]),
				},
				None,
				Error::<Test>::RelationshipNotAllowed,
			),
			(
				VerificationMethod {
					id: id("zk"),
					key: DidPublicKey::ZkIssuer(ZkIssuerKey([0xff; 32])),
					relationships: rels(&[Relationship::AssertionMethod]),
				},
				None,
				Error::<Test>::InvalidZkIssuerKey,
			),
			(
				method("again", &key, &[Relationship::Authentication]),
				Some(key_proof(&key, &did, 0)),
				Error::<Test>::KeyInUse,
			),
		];
		for (method, key_proof, error) in cases {
			assert_noop!(Did::add_verification_method(cap_origin(&did), method, key_proof), error);
		}
	});
}

#[test]
fn add_verification_method_fails_for_an_unknown_did() {
	new_test_ext().build_and_execute(|| {
		let nobody = TestKey::sr("Nobody").did();
		let bob = TestKey::sr("Bob");
		assert_noop!(
			Did::add_verification_method(
				cap_origin(&nobody),
				method("k2", &bob, &[Relationship::AssertionMethod]),
				Some(key_proof(&bob, &nobody, 0))
			),
			Error::<Test>::NotFound
		);
	});
}

#[test]
fn add_verification_method_is_bounded_at_max() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		// N = MAX_METHODS fits...
		for i in 1..MAX_METHODS {
			let other = TestKey::sr(&format!("K{i}"));
			assert_ok!(Did::add_verification_method(
				cap_origin(&did),
				method(&format!("k{i}"), &other, &[Relationship::AssertionMethod]),
				Some(key_proof(&other, &did, 0))
			));
		}
		assert_eq!(Did::did(&did).expect("live").methods.len() as u32, MAX_METHODS);
		assert_eq!(held(ALICE), BASE_DEPOSIT + MAX_METHODS as u128 * KEY_DEPOSIT);
		// ...N + 1 does not.
		let more = TestKey::sr("More");
		assert_noop!(
			Did::add_verification_method(
				cap_origin(&did),
				method("one-more", &more, &[Relationship::AssertionMethod]),
				Some(key_proof(&more, &did, 0))
			),
			Error::<Test>::MaxVerificationMethodsExceeded
		);
	});
}

#[test]
fn add_verification_method_fails_when_the_owner_cannot_pay() {
	new_test_ext().build_and_execute(|| {
		use frame_support::traits::fungible::Mutate;
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		// Alice spends nearly everything.
		let free = Balances::free_balance(account(ALICE));
		assert_ok!(<Balances as Mutate<_>>::transfer(
			&account(ALICE),
			&account(BOB),
			free - 1,
			frame_support::traits::tokens::Preservation::Expendable
		));
		let bob = TestKey::sr("Bob");
		let proof = key_proof(&bob, &did, 0);
		let origin: RuntimeOrigin = crate::DidRawOrigin {
			did,
			submitter: account(BOB),
			relationship: Relationship::CapabilityInvocation,
		}
		.into();
		assert_noop!(
			Did::add_verification_method(
				origin,
				method("k2", &bob, &[Relationship::AssertionMethod]),
				Some(proof)
			),
			Error::<Test>::InsufficientDeposit
		);
	});
}

#[test]
fn add_verification_method_fails_without_the_key_s_proof() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		// Whatever a signing key would serve, it joins only with its proof.
		for (bob, relationship) in [
			(TestKey::sr("Bob"), Relationship::Authentication),
			(TestKey::ed("Bob"), Relationship::AssertionMethod),
			(TestKey::sr("Bob"), Relationship::CapabilityInvocation),
			(TestKey::ed("Bob"), Relationship::CapabilityDelegation),
		] {
			assert_noop!(
				Did::add_verification_method(
					cap_origin(&did),
					method("bob", &bob, &[relationship]),
					None
				),
				Error::<Test>::KeyProofMissing
			);
		}
	});
}

#[test]
fn add_verification_method_fails_with_a_wrong_key_proof() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let bob = TestKey::sr("Bob");
		let charlie = TestKey::sr("Charlie");
		let bob_method = method("bob", &bob, &[Relationship::Authentication]);
		let bob_payload = key_possession_payload(&Did::genesis_hash(), &did, 0, &bob.public());
		let wrong = [
			// Signed by the DID's own key, vouching for Bob's.
			key.sign(&bob_payload),
			// Signed by a stranger.
			charlie.sign(&bob_payload),
			// Charlie's proof for his own key.
			key_proof(&charlie, &did, 0),
			// Bob's proof for another DID.
			key_proof(&bob, &charlie.did(), 0),
			// Bob's proof for a counter the DID is not at.
			key_proof(&bob, &did, 1),
			// Bob's proof for another chain.
			bob.sign(&key_possession_payload(
				&sp_core::H256::repeat_byte(7),
				&did,
				0,
				&bob.public(),
			)),
		];
		for proof in wrong {
			assert_noop!(
				Did::add_verification_method(cap_origin(&did), bob_method.clone(), Some(proof)),
				Error::<Test>::InvalidKeyProof
			);
		}
		// Once the DID has signed a call (its counter is 1), a proof for counter 0 is stale.
		assert_ok!(did_call(&key, &did, ALICE, remark()));
		assert_eq!(Did::did(&did).expect("live").counter, 1);
		assert_noop!(
			Did::add_verification_method(
				cap_origin(&did),
				bob_method.clone(),
				Some(key_proof(&bob, &did, 0))
			),
			Error::<Test>::InvalidKeyProof
		);
		assert_ok!(Did::add_verification_method(
			cap_origin(&did),
			bob_method,
			Some(key_proof(&bob, &did, 1))
		));
		assert_eq!(Did::api_did_of(&bob.did()), Some(did));
	});
}

#[test]
fn add_verification_method_rejects_a_key_proof_for_a_key_that_cannot_sign() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let proof = key_proof(&key, &did, 0);
		for method in [key_agreement_method("enc", 9), zk_issuer_method("zk", 1)] {
			assert_noop!(
				Did::add_verification_method(cap_origin(&did), method.clone(), Some(proof.clone())),
				Error::<Test>::KeyProofUnexpected
			);
			assert_ok!(Did::add_verification_method(cap_origin(&did), method, None));
		}
		assert_eq!(Did::did(&did).expect("live").methods.len(), 3);
	});
}

#[test]
fn add_verification_method_accepts_a_wallet_extension_key_proof() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let bob = TestKey::ed("Bob");
		let bob_method = method("bob", &bob, &[Relationship::Authentication]);
		// The wrapping does not make a proof for another DID valid...
		let elsewhere = key_proof_wrapped(&bob, &TestKey::sr("Charlie").did(), next_counter(&did));
		add(&key, &did, bob_method.clone(), Some(elsewhere));
		assert_eq!(last_did_call_result(), Some(Err(Error::<Test>::InvalidKeyProof.into())));
		// ...but a wrapped proof for this DID at this call's counter is one.
		let proof = key_proof_wrapped(&bob, &did, next_counter(&did));
		add(&key, &did, bob_method, Some(proof));
		assert_eq!(last_did_call_result(), Some(Ok(())));
		assert_eq!(Did::api_did_of(&bob.did()), Some(did));
	});
}

/// The attack a proof of possession stops: Mallory adds Victim's account key, with
/// authentication, to her own DID. Before the fix this made `did_of(victim)` answer Mallory's
/// DID, and Victim's own `create` failed with `KeyInUse` for ever.
#[test]
fn add_verification_method_cannot_claim_someone_else_s_key() {
	new_test_ext().build_and_execute(|| {
		let mallory = TestKey::sr("Mallory");
		let mallory_did = create_did(&mallory, BOB);
		let victim = TestKey::sr("Victim");
		let claim = |key_proof: Option<DidSignature>| {
			RuntimeCall::Did(Call::add_verification_method {
				method: method("victim", &victim, &[Relationship::Authentication]),
				key_proof,
			})
		};
		// Without a proof.
		assert_ok!(did_call(&mallory, &mallory_did, BOB, claim(None)));
		assert_eq!(last_did_call_result(), Some(Err(Error::<Test>::KeyProofMissing.into())));
		// With a proof Mallory signs herself.
		let forged = mallory.sign(&key_possession_payload(
			&Did::genesis_hash(),
			&mallory_did,
			next_counter(&mallory_did),
			&victim.public(),
		));
		assert_ok!(did_call(&mallory, &mallory_did, BOB, claim(Some(forged))));
		assert_eq!(last_did_call_result(), Some(Err(Error::<Test>::InvalidKeyProof.into())));
		// With a proof Victim gave another DID.
		let elsewhere =
			key_proof(&victim, &TestKey::sr("Friend").did(), next_counter(&mallory_did));
		assert_ok!(did_call(&mallory, &mallory_did, BOB, claim(Some(elsewhere))));
		assert_eq!(last_did_call_result(), Some(Err(Error::<Test>::InvalidKeyProof.into())));
		// Directly, as a DID origin, too.
		assert_noop!(
			Did::add_verification_method(
				cap_origin(&mallory_did),
				method("victim", &victim, &[Relationship::Authentication]),
				None
			),
			Error::<Test>::KeyProofMissing
		);
		assert_eq!(Did::did(&mallory_did).expect("live").methods.len(), 1);
		assert_eq!(Did::api_did_of(&victim.did()), None);
		// Victim's own DID can still be created, and her account points to it.
		let victim_did = create_did(&victim, ALICE);
		assert_eq!(victim_did, victim.did());
		assert_eq!(Did::api_did_of(&victim.did()), Some(victim_did));
	});
}
