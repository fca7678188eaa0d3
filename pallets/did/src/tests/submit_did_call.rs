//! The DID-signed call path: replay protection, the origin and relationship matrix.

use codec::Encode;
use didimo_primitives::did::{DidPublicKey, Relationship, X25519Key};
use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, Call, Error, Event};

fn remark(relationship_byte: u8) -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: vec![relationship_byte] })
}

fn submit(
	submitter: u8,
	op: crate::DidCallOperation<Test>,
	signature: didimo_primitives::did::DidSignature,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Did::submit_did_call(RuntimeOrigin::signed(account(submitter)), Box::new(op), signature)
}

#[test]
fn submit_did_call_dispatches_as_the_did_and_counts() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let op = operation(&did, "key-1", BOB, remark(0));
		let signature = sign_operation(&key, &op);
		assert_ok!(submit(BOB, op, signature));
		assert_eq!(Did::did(&did).expect("live").counter, 1);
		System::assert_last_event(
			Event::DidCallDispatched { did: did.clone(), signer: did.clone(), result: Ok(()) }
				.into(),
		);
		let op = operation(&did, "key-1", BOB, remark(1));
		assert_eq!(op.counter, 2);
		let signature = sign_operation(&key, &op);
		assert_ok!(submit(BOB, op, signature));
		assert_eq!(Did::did(&did).expect("live").counter, 2);
	});
}

#[test]
fn submit_did_call_cannot_be_replayed() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let op = operation(&did, "key-1", BOB, remark(0));
		let signature = sign_operation(&key, &op);
		assert_ok!(submit(BOB, op.clone(), signature.clone()));
		// The same payload twice.
		assert_noop!(submit(BOB, op, signature), Error::<Test>::BadCounter);
	});
}

#[test]
fn submit_did_call_rejects_a_skipped_counter() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let mut op = operation(&did, "key-1", BOB, remark(0));
		op.counter = 2;
		let signature = sign_operation(&key, &op);
		assert_noop!(submit(BOB, op, signature), Error::<Test>::BadCounter);
	});
}

#[test]
fn submit_did_call_respects_the_validity_window() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		System::set_block_number(20);
		// Expired.
		let mut op = operation(&did, "key-1", BOB, remark(0));
		op.valid_from = 19 - MAX_WINDOW;
		op.valid_until = 19;
		let signature = sign_operation(&key, &op);
		assert_noop!(submit(BOB, op, signature), Error::<Test>::OutsideValidityWindow);
		// Not yet valid.
		let mut op = operation(&did, "key-1", BOB, remark(0));
		op.valid_from = 21;
		op.valid_until = 25;
		let signature = sign_operation(&key, &op);
		assert_noop!(submit(BOB, op, signature), Error::<Test>::OutsideValidityWindow);
		// Exactly at both edges is fine: at N = MAX_WINDOW...
		let mut op = operation(&did, "key-1", BOB, remark(0));
		op.valid_from = 20 - MAX_WINDOW;
		op.valid_until = 20;
		let signature = sign_operation(&key, &op);
		assert_ok!(submit(BOB, op, signature));
		// ...but not a window of N + 1.
		let mut op = operation(&did, "key-1", BOB, remark(0));
		op.valid_from = 20;
		op.valid_until = 20 + MAX_WINDOW + 1;
		let signature = sign_operation(&key, &op);
		assert_noop!(submit(BOB, op, signature), Error::<Test>::InvalidValidityWindow);
		let mut op = operation(&did, "key-1", BOB, remark(0));
		op.valid_from = 21;
		op.valid_until = 20;
		let signature = sign_operation(&key, &op);
		assert_noop!(submit(BOB, op, signature), Error::<Test>::InvalidValidityWindow);
	});
}

#[test]
fn submit_did_call_is_bound_to_the_chain() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let op = operation(&did, "key-1", BOB, remark(0));
		let payload = op.signing_payload(&sp_core::H256::repeat_byte(1));
		assert_noop!(submit(BOB, op, key.sign(&payload)), Error::<Test>::InvalidSignature);
	});
}

#[test]
fn submit_did_call_is_bound_to_the_submitter() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let op = operation(&did, "key-1", BOB, remark(0));
		let signature = sign_operation(&key, &op);
		// Someone else submits Bob's operation.
		assert_noop!(submit(CHARLIE, op.clone(), signature.clone()), Error::<Test>::NotSubmitter);
		// Or rewrites the submitter without re-signing.
		let mut stolen = op;
		stolen.submitter = account(CHARLIE);
		assert_noop!(submit(CHARLIE, stolen, signature), Error::<Test>::InvalidSignature);
	});
}

#[test]
fn submit_did_call_requires_the_call_s_relationship() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let assertion = TestKey::sr("Assert");
		assert_ok!(did_call(
			&key,
			&did,
			ALICE,
			RuntimeCall::Did(Call::add_verification_method {
				method: method("assert", &assertion, &[Relationship::AssertionMethod]),
				key_proof: Some(key_proof(&assertion, &did, next_counter(&did))),
			})
		));
		// The assertion key may sign an assertion call...
		let op = operation(&did, "assert", BOB, remark(1));
		let signature = sign_operation(&assertion, &op);
		assert_ok!(submit(BOB, op, signature));
		// ...but not an authentication call or a DID update.
		for call in [remark(0), RuntimeCall::Did(Call::deactivate {})] {
			let op = operation(&did, "assert", BOB, call);
			let signature = sign_operation(&assertion, &op);
			assert_noop!(submit(BOB, op, signature), Error::<Test>::MissingRelationship);
		}
	});
}

#[test]
fn submit_did_call_rejects_calls_that_are_not_did_calls() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let nested = operation(&did, "key-1", BOB, remark(0));
		let calls = [
			remark(9),
			RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death {
				dest: account(BOB),
				value: 1,
			}),
			RuntimeCall::Did(Call::submit_did_call {
				operation: Box::new(nested.clone()),
				signature: sign_operation(&key, &nested),
			}),
		];
		for call in calls {
			let op = operation(&did, "key-1", BOB, call);
			let signature = sign_operation(&key, &op);
			assert_noop!(submit(BOB, op, signature), Error::<Test>::CallNotAllowed);
		}
	});
}

#[test]
fn submit_did_call_rejects_unknown_removed_and_non_signing_keys() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let second = TestKey::sr("Second");
		assert_ok!(did_call(
			&key,
			&did,
			ALICE,
			RuntimeCall::Did(Call::add_verification_method {
				method: method("second", &second, &crate::mock::ALL_SIGNING[..1]),
				key_proof: Some(key_proof(&second, &did, next_counter(&did))),
			})
		));
		assert_ok!(did_call(
			&key,
			&did,
			ALICE,
			RuntimeCall::Did(Call::add_verification_method {
				method: crate::VerificationMethod {
					id: id("enc"),
					key: DidPublicKey::KeyAgreement(X25519Key([9; 32])),
					relationships: rels(&[Relationship::KeyAgreement]),
				},
				key_proof: None,
			})
		));
		let op = operation(&did, "nope", BOB, remark(0));
		let signature = sign_operation(&key, &op);
		assert_noop!(submit(BOB, op, signature), Error::<Test>::KeyNotFound);
		let op = operation(&did, "enc", BOB, remark(0));
		let signature = sign_operation(&key, &op);
		assert_noop!(submit(BOB, op, signature), Error::<Test>::NotASigningKey);
		// A removed key no longer signs.
		let op = operation(&did, "second", BOB, remark(0));
		let signature = sign_operation(&second, &op);
		assert_ok!(submit(BOB, op, signature));
		assert_ok!(did_call(
			&key,
			&did,
			ALICE,
			RuntimeCall::Did(Call::remove_verification_method { key_id: id("second") })
		));
		let op = operation(&did, "second", BOB, remark(0));
		let signature = sign_operation(&second, &op);
		assert_noop!(submit(BOB, op, signature), Error::<Test>::KeyNotFound);
	});
}

#[test]
fn submit_did_call_rejects_strangers_and_limits_controllers() {
	new_test_ext().build_and_execute(|| {
		let alice = TestKey::sr("Alice");
		let did = create_did(&alice, ALICE);
		let bob = TestKey::sr("Bob");
		let bob_did = create_did(&bob, BOB);
		// A stranger (not a controller) cannot sign for Alice's DID.
		let mut op = operation(&did, "key-1", BOB, RuntimeCall::Did(Call::deactivate {}));
		op.signer = bob_did.clone();
		let signature = sign_operation(&bob, &op);
		assert_noop!(submit(BOB, op, signature), Error::<Test>::NotController);
		// As a controller, Bob may update Alice's document but not act as her otherwise.
		assert_ok!(did_call(
			&alice,
			&did,
			ALICE,
			RuntimeCall::Did(Call::add_controller { controller: bob_did.clone() })
		));
		let mut op = operation(&did, "key-1", BOB, remark(0));
		op.signer = bob_did.clone();
		let signature = sign_operation(&bob, &op);
		assert_noop!(submit(BOB, op, signature), Error::<Test>::ControllerCannotSign);
		// A controller's key without capabilityInvocation cannot update either.
		let bob_assert = TestKey::sr("BobAssert");
		assert_ok!(did_call(
			&bob,
			&bob_did,
			BOB,
			RuntimeCall::Did(Call::add_verification_method {
				method: method("assert", &bob_assert, &[Relationship::AssertionMethod]),
				key_proof: Some(key_proof(&bob_assert, &bob_did, next_counter(&bob_did))),
			})
		));
		let mut op = operation(&did, "assert", BOB, RuntimeCall::Did(Call::deactivate {}));
		op.signer = bob_did;
		let signature = sign_operation(&bob_assert, &op);
		assert_noop!(submit(BOB, op, signature), Error::<Test>::MissingRelationship);
	});
}

#[test]
fn submit_did_call_counts_even_when_the_inner_call_fails() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let op = operation(
			&did,
			"key-1",
			BOB,
			RuntimeCall::Did(Call::remove_service { service_id: id("none") }),
		);
		let signature = sign_operation(&key, &op);
		assert_ok!(submit(BOB, op.clone(), signature.clone()));
		assert_eq!(last_did_call_result(), Some(Err(Error::<Test>::ServiceNotFound.into())));
		assert_eq!(Did::did(&did).expect("live").counter, 1);
		// The failed operation cannot be replayed either.
		assert_noop!(submit(BOB, op, signature), Error::<Test>::BadCounter);
	});
}

#[test]
fn submit_did_call_fails_for_an_unknown_did() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = key.did();
		let op = operation(&did, "key-1", BOB, remark(0));
		let signature = sign_operation(&key, &op);
		assert_noop!(submit(BOB, op, signature), Error::<Test>::NotFound);
	});
}

#[test]
fn did_origin_carries_the_checked_relationship() {
	new_test_ext().build_and_execute(|| {
		use frame_support::traits::EnsureOrigin;
		let origin = |relationship| -> RuntimeOrigin {
			crate::DidRawOrigin { did: account(9), submitter: account(ALICE), relationship }.into()
		};
		type EnsureAssertion = crate::EnsureDid<Test, crate::relationship::AssertionMethod>;
		assert_eq!(
			EnsureAssertion::try_origin(origin(Relationship::AssertionMethod)).ok(),
			Some(account(9))
		);
		assert!(EnsureAssertion::try_origin(origin(Relationship::Authentication)).is_err());
		assert!(EnsureAssertion::try_origin(RuntimeOrigin::signed(account(ALICE))).is_err());
		assert!(EnsureAssertion::try_origin(RuntimeOrigin::root()).is_err());
	});
}

#[test]
fn submit_did_call_accepts_a_wallet_extension_signature() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::ed("Alice");
		let did = create_did(&key, ALICE);
		// A browser extension signs the payload wrapped in <Bytes>...</Bytes>.
		let op = operation(&did, "key-1", BOB, remark(0));
		let signature = sign_operation_wrapped(&key, &op);
		assert_ok!(submit(BOB, op, signature));
		assert_eq!(Did::did(&did).map(|r| r.counter), Some(1));
		// The wrapping does not make a signature over another operation valid.
		let op = operation(&did, "key-1", BOB, remark(1));
		let other = operation(&did, "key-1", BOB, remark(2));
		let signature = sign_operation_wrapped(&key, &other);
		assert_noop!(submit(BOB, op, signature), Error::<Test>::InvalidSignature);
	});
}

/// The bytes a DID call's key signs are exactly what `docs/did-method.md` specifies, so
/// wallets in other languages can build them.
#[test]
fn did_call_signing_payload_is_the_documented_encoding() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let op = operation(&did, "key-1", BOB, remark(0));
		let genesis = Did::genesis_hash();
		let mut expected = vec![15u8 << 2];
		expected.extend_from_slice(b"didimo/did-call");
		expected.extend_from_slice(genesis.as_ref());
		expected.extend_from_slice(did.as_ref());
		expected.extend_from_slice(did.as_ref());
		expected.extend_from_slice(&[5 << 2]);
		expected.extend_from_slice(b"key-1");
		expected.extend_from_slice(&op.counter.to_le_bytes());
		expected.extend_from_slice(&op.valid_from.encode());
		expected.extend_from_slice(&op.valid_until.encode());
		expected.extend_from_slice(&op.spec_version.to_le_bytes());
		expected.extend_from_slice(&op.submitter.encode());
		expected.extend_from_slice(&op.call.encode());
		assert_eq!(op.signing_payload(&genesis), expected);
	});
}

#[test]
fn submit_did_call_fails_after_a_runtime_upgrade() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		// Signed under spec version 1...
		let op = operation(&did, "key-1", BOB, remark(0));
		assert_eq!(op.spec_version, 1);
		let signature = sign_operation(&key, &op);
		// ...and submitted after an upgrade to 2.
		SpecVersion::set(2);
		assert_noop!(submit(BOB, op.clone(), signature.clone()), Error::<Test>::WrongSpecVersion);
		// Naming the new version without signing it again breaks the signature.
		let mut relabelled = op;
		relabelled.spec_version = 2;
		assert_noop!(submit(BOB, relabelled, signature), Error::<Test>::InvalidSignature);
		// An operation signed for a version not yet live fails too.
		let mut early = operation(&did, "key-1", BOB, remark(0));
		early.spec_version = 3;
		let signature = sign_operation(&key, &early);
		assert_noop!(submit(BOB, early, signature), Error::<Test>::WrongSpecVersion);
		// The same call signed again for the new version goes through.
		let op = operation(&did, "key-1", BOB, remark(0));
		assert_eq!(op.spec_version, 2);
		let signature = sign_operation(&key, &op);
		assert_ok!(submit(BOB, op, signature));
		assert_eq!(Did::did(&did).map(|r| r.counter), Some(1));
	});
}

#[test]
fn submit_did_call_key_proofs_bind_the_operation_s_counter() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let bob = TestKey::sr("Bob");
		let add = |proof: didimo_primitives::did::DidSignature| {
			RuntimeCall::Did(Call::add_verification_method {
				method: method("bob", &bob, &[Relationship::Authentication]),
				key_proof: Some(proof),
			})
		};
		// Bob signs for the DID's next operation, counter N = 1...
		let counter = next_counter(&did);
		assert_eq!(counter, 1);
		let proof = key_proof(&bob, &did, counter);
		// ...but another operation takes N first, so at N + 1 the proof no longer works.
		assert_ok!(did_call(&key, &did, ALICE, remark(0)));
		assert_ok!(did_call(&key, &did, ALICE, add(proof)));
		assert_eq!(last_did_call_result(), Some(Err(Error::<Test>::InvalidKeyProof.into())));
		assert!(Did::did(&did).expect("live").method(b"bob").is_none());
		// A proof for the counter after the operation's does not work either.
		let ahead = key_proof(&bob, &did, next_counter(&did) + 1);
		assert_ok!(did_call(&key, &did, ALICE, add(ahead)));
		assert_eq!(last_did_call_result(), Some(Err(Error::<Test>::InvalidKeyProof.into())));
		// One for the operation's own counter does.
		let proof = key_proof(&bob, &did, next_counter(&did));
		assert_ok!(did_call(&key, &did, ALICE, add(proof)));
		assert_eq!(last_did_call_result(), Some(Ok(())));
		assert_eq!(Did::api_did_of(&bob.did()), Some(did.clone()));
		assert_eq!(Did::did(&did).expect("live").counter, 4);
	});
}

#[test]
fn submit_did_call_key_proofs_bind_the_updated_did_not_its_controller() {
	new_test_ext().build_and_execute(|| {
		let alice = TestKey::sr("Alice");
		let did = create_did(&alice, ALICE);
		let bob = TestKey::sr("Bob");
		let bob_did = create_did(&bob, BOB);
		assert_ok!(Did::add_controller(cap_origin(&did), bob_did.clone()));
		let carol = TestKey::sr("Carol");
		// Bob, as controller, adds Carol's key to Alice's DID.
		let controller_call = |proof| {
			let mut op = operation(
				&did,
				"key-1",
				BOB,
				RuntimeCall::Did(Call::add_verification_method {
					method: method("carol", &carol, &[Relationship::AssertionMethod]),
					key_proof: Some(proof),
				}),
			);
			op.signer = bob_did.clone();
			let signature = sign_operation(&bob, &op);
			Did::submit_did_call(RuntimeOrigin::signed(account(BOB)), Box::new(op), signature)
		};
		// A proof for the signing controller's DID and counter is not one for Alice's.
		let for_bob = key_proof(&carol, &bob_did, next_counter(&bob_did));
		assert_ok!(controller_call(for_bob));
		assert_eq!(last_did_call_result(), Some(Err(Error::<Test>::InvalidKeyProof.into())));
		let for_alice = key_proof(&carol, &did, next_counter(&did));
		assert_ok!(controller_call(for_alice));
		assert_eq!(last_did_call_result(), Some(Ok(())));
		assert!(Did::did(&did).expect("live").method(b"carol").is_some());
		assert!(Did::did(&bob_did).expect("live").method(b"carol").is_none());
	});
}
