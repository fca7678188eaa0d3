use didimo_primitives::did::{DidPublicKey, Relationship, X25519Key, ZkIssuerKey};
use frame_support::{assert_noop, assert_ok, BoundedVec};

use crate::{key_possession_payload, mock::*, Error, Event};

#[test]
fn create_works_and_holds_the_deposit() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let record = Did::did(&did).expect("created");
		assert_eq!(record.owner, account(ALICE));
		assert_eq!(record.deposit, BASE_DEPOSIT + KEY_DEPOSIT);
		assert_eq!(held(ALICE), BASE_DEPOSIT + KEY_DEPOSIT);
		assert_eq!((record.created, record.updated, record.version, record.counter), (1, 1, 1, 0));
		assert_eq!(Did::api_did_of(&key.did()), Some(did.clone()));
		System::assert_last_event(
			Event::DidCreated { did, owner: account(ALICE), deposit: BASE_DEPOSIT + KEY_DEPOSIT }
				.into(),
		);
	});
}

#[test]
fn create_works_for_ed25519_with_a_rich_document() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::ed("Alice");
		let other = TestKey::sr("Bob");
		let controller = create_did(&TestKey::sr("Charlie"), BOB);
		let mut details = creation(&key, ALICE);
		details.methods = BoundedVec::truncate_from(vec![
			method(
				"auth",
				&key,
				&[Relationship::Authentication, Relationship::CapabilityInvocation],
			),
			method("assert", &other, &[Relationship::AssertionMethod]),
			crate::VerificationMethod {
				id: id("enc"),
				key: DidPublicKey::KeyAgreement(X25519Key([9; 32])),
				relationships: rels(&[Relationship::KeyAgreement]),
			},
			crate::VerificationMethod {
				id: id("zk"),
				key: DidPublicKey::ZkIssuer(ZkIssuerKey([1; 32])),
				relationships: rels(&[Relationship::AssertionMethod]),
			},
		]);
		details.controllers = BoundedVec::truncate_from(vec![controller.clone()]);
		details.services = BoundedVec::truncate_from(vec![service("web", "https://example.com")]);
		let signature = sign_creation(&key, &details);
		// Bob's key proves possession; the key-agreement and ZK keys cannot sign and need none.
		let key_proofs = BoundedVec::truncate_from(vec![key_proof(&other, &key.did(), 0)]);
		assert_ok!(Did::create(
			RuntimeOrigin::signed(account(ALICE)),
			Box::new(details),
			signature,
			key_proofs
		));
		let record = Did::did(&key.did()).expect("created");
		assert_eq!(record.methods.len(), 4);
		assert_eq!(
			record.deposit,
			BASE_DEPOSIT + 4 * KEY_DEPOSIT + CONTROLLER_DEPOSIT + SERVICE_DEPOSIT
		);
		assert_eq!(Did::api_did_of(&key.did()), Some(key.did()));
		// `assert` serves no authentication: it does not make Bob's account point here.
		assert_eq!(Did::api_did_of(&other.did()), None);
	});
}

#[test]
fn create_fails_for_another_submitter() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let details = creation(&key, ALICE);
		let signature = sign_creation(&key, &details);
		assert_noop!(
			Did::create(
				RuntimeOrigin::signed(account(BOB)),
				Box::new(details),
				signature,
				BoundedVec::new()
			),
			Error::<Test>::NotSubmitter
		);
	});
}

#[test]
fn create_fails_when_the_did_exists() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		create_did(&key, ALICE);
		let details = creation(&key, BOB);
		let signature = sign_creation(&key, &details);
		assert_noop!(
			Did::create(
				RuntimeOrigin::signed(account(BOB)),
				Box::new(details),
				signature,
				BoundedVec::new()
			),
			Error::<Test>::AlreadyExists
		);
	});
}

#[test]
fn create_fails_when_deactivated() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		assert_ok!(did_call(&key, &did, ALICE, RuntimeCall::Did(crate::Call::deactivate {})));
		assert_eq!(last_did_call_result(), Some(Ok(())));
		let details = creation(&key, ALICE);
		let signature = sign_creation(&key, &details);
		assert_noop!(
			Did::create(
				RuntimeOrigin::signed(account(ALICE)),
				Box::new(details),
				signature,
				BoundedVec::new()
			),
			Error::<Test>::Deactivated
		);
	});
}

#[test]
fn create_fails_when_the_did_is_not_the_key_s() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let mut details = creation(&key, ALICE);
		details.did = TestKey::sr("Bob").did();
		let signature = sign_creation(&key, &details);
		assert_noop!(
			Did::create(
				RuntimeOrigin::signed(account(ALICE)),
				Box::new(details),
				signature,
				BoundedVec::new()
			),
			Error::<Test>::DidMismatch
		);
	});
}

#[test]
fn create_fails_when_the_first_method_cannot_authenticate() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		for methods in [
			vec![],
			vec![method("key-1", &key, &[Relationship::AssertionMethod])],
			vec![crate::VerificationMethod {
				id: id("enc"),
				key: DidPublicKey::KeyAgreement(X25519Key([9; 32])),
				relationships: rels(&[Relationship::KeyAgreement]),
			}],
		] {
			let mut details = creation(&key, ALICE);
			details.methods = BoundedVec::truncate_from(methods);
			let signature = sign_creation(&key, &details);
			assert_noop!(
				Did::create(
					RuntimeOrigin::signed(account(ALICE)),
					Box::new(details),
					signature,
					BoundedVec::new()
				),
				Error::<Test>::FirstMethodNotAuthentication
			);
		}
	});
}

#[test]
fn create_fails_with_a_bad_signature() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let details = creation(&key, ALICE);
		// Signed by another key.
		let signature = sign_creation(&TestKey::sr("Bob"), &details);
		assert_noop!(
			Did::create(
				RuntimeOrigin::signed(account(ALICE)),
				Box::new(details.clone()),
				signature,
				BoundedVec::new()
			),
			Error::<Test>::InvalidSignature
		);
		// Signed over other details (another submitter).
		let signature = sign_creation(&key, &creation(&key, BOB));
		assert_noop!(
			Did::create(
				RuntimeOrigin::signed(account(ALICE)),
				Box::new(details.clone()),
				signature,
				BoundedVec::new()
			),
			Error::<Test>::InvalidSignature
		);
		// Signed for another chain.
		let payload = details.signing_payload(&sp_core::H256::repeat_byte(7));
		assert_noop!(
			Did::create(
				RuntimeOrigin::signed(account(ALICE)),
				Box::new(details),
				key.sign(&payload),
				BoundedVec::new()
			),
			Error::<Test>::InvalidSignature
		);
	});
}

#[test]
fn create_fails_with_an_invalid_document() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let bob = TestKey::sr("Bob");
		let first = method("key-1", &key, &crate::mock::ALL_SIGNING);
		let cases: Vec<(Vec<crate::VerificationMethod<Test>>, Error<Test>)> = vec![
			(
				vec![
					first.clone(),
					method("key-1", &TestKey::sr("Bob"), &[Relationship::AssertionMethod]),
				],
				Error::<Test>::IdTaken,
			),
			(
				vec![
					first.clone(),
					method("bad id", &TestKey::sr("Bob"), &[Relationship::AssertionMethod]),
				],
				Error::<Test>::InvalidId,
			),
			(
				vec![
					first.clone(),
					method("", &TestKey::sr("Bob"), &[Relationship::AssertionMethod]),
				],
				Error::<Test>::InvalidId,
			),
			(
				vec![first.clone(), method("k2", &TestKey::sr("Bob"), &[])],
				Error::<Test>::NoRelationship,
			),
			(
				vec![
					first.clone(),
					method("k2", &TestKey::sr("Bob"), &[Relationship::KeyAgreement]),
				],
				Error::<Test>::RelationshipNotAllowed,
			),
			(
				vec![
					first.clone(),
					crate::VerificationMethod {
						id: id("enc"),
						key: DidPublicKey::KeyAgreement(X25519Key([0; 32])),
						relationships: rels(&[Relationship::KeyAgreement]),
					},
				],
				Error::<Test>::InvalidX25519Key,
			),
			(
				vec![
					first.clone(),
					crate::VerificationMethod {
						id: id("zk"),
						key: DidPublicKey::ZkIssuer(ZkIssuerKey([0xff; 32])),
						relationships: rels(&[Relationship::AssertionMethod]),
					},
				],
				Error::<Test>::InvalidZkIssuerKey,
			),
			(
				vec![
					first.clone(),
					crate::VerificationMethod {
						id: id("zk"),
						key: DidPublicKey::ZkIssuer(ZkIssuerKey([1; 32])),
						relationships: rels(&[Relationship::Authentication]),
					},
				],
				Error::<Test>::RelationshipNotAllowed,
			),
			(
				vec![method("key-1", &key, &[Relationship::Authentication])],
				Error::<Test>::WouldLockOut,
			),
		];
		for (methods, error) in cases {
			let mut details = creation(&key, ALICE);
			details.methods = BoundedVec::truncate_from(methods);
			// Every other signing key is Bob's and proves possession, so each case fails for
			// its own reason.
			let key_proofs =
				details.keys_to_prove().map(|_| key_proof(&bob, &key.did(), 0)).collect();
			assert_noop!(create_with_proofs(&key, details, key_proofs), error);
		}
	});
}

#[test]
fn create_fails_with_invalid_controllers_or_services() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let other = TestKey::sr("Bob").did();
		let live = create_did(&TestKey::sr("Charlie"), BOB);
		let mut bad_type = service("svc", "https://example.com");
		bad_type.types = BoundedVec::new();
		let mut spaced = service("svc", "https://example.com");
		spaced.endpoints =
			BoundedVec::truncate_from(vec![BoundedVec::truncate_from(b"a b".to_vec())]);
		let cases: Vec<(Vec<_>, Vec<crate::Service<Test>>, Error<Test>)> = vec![
			(vec![key.did()], vec![], Error::<Test>::SelfController),
			(vec![other.clone()], vec![], Error::<Test>::UnknownController),
			(vec![live.clone(), live.clone()], vec![], Error::<Test>::ControllerAlreadyAdded),
			(vec![], vec![service("key-1", "https://example.com")], Error::<Test>::IdTaken),
			(
				vec![],
				vec![service("s", "https://a.example"), service("s", "https://b.example")],
				Error::<Test>::IdTaken,
			),
			(vec![], vec![bad_type], Error::<Test>::InvalidService),
			(vec![], vec![spaced], Error::<Test>::InvalidService),
			(vec![], vec![service("bad#id", "https://example.com")], Error::<Test>::InvalidId),
		];
		for (controllers, services, error) in cases {
			let mut details = creation(&key, ALICE);
			details.controllers = BoundedVec::truncate_from(controllers);
			details.services = BoundedVec::truncate_from(services);
			let signature = sign_creation(&key, &details);
			assert_noop!(
				Did::create(
					RuntimeOrigin::signed(account(ALICE)),
					Box::new(details),
					signature,
					BoundedVec::new()
				),
				error
			);
		}
	});
}

#[test]
fn create_fails_when_the_authentication_key_is_in_use() {
	new_test_ext().build_and_execute(|| {
		let alice = TestKey::sr("Alice");
		create_did(&alice, ALICE);
		// Bob's DID lists Alice's key as a second authentication key, and Alice's key even
		// consents: a key still authenticates one DID only.
		let bob = TestKey::sr("Bob");
		let mut details = creation(&bob, BOB);
		details
			.methods
			.try_push(method("alice", &alice, &[Relationship::Authentication]))
			.expect("room");
		assert_noop!(
			create_with_proofs(&bob, details, vec![key_proof(&alice, &bob.did(), 0)]),
			Error::<Test>::KeyInUse
		);
	});
}

#[test]
fn create_fails_without_funds_for_the_deposit() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let details = creation(&key, CHARLIE);
		let signature = sign_creation(&key, &details);
		assert_noop!(
			Did::create(
				RuntimeOrigin::signed(account(CHARLIE)),
				Box::new(details),
				signature,
				BoundedVec::new()
			),
			Error::<Test>::InsufficientDeposit
		);
	});
}

#[test]
fn create_accepts_a_wallet_extension_signature() {
	new_test_ext().build_and_execute(|| {
		for (key, submitter) in [(TestKey::sr("Alice"), ALICE), (TestKey::ed("Bob"), BOB)] {
			let details = creation(&key, submitter);
			// A browser extension signs the payload wrapped in <Bytes>...</Bytes>.
			let signature = sign_creation_wrapped(&key, &details);
			assert_ok!(Did::create(
				RuntimeOrigin::signed(account(submitter)),
				Box::new(details),
				signature,
				BoundedVec::new()
			));
			assert!(Did::did(&key.did()).is_some());
		}
		// A wrapped signature over other details (another submitter) is still refused.
		let key = TestKey::sr("Charlie");
		let details = creation(&key, CHARLIE);
		let other = creation(&key, ALICE);
		let signature = sign_creation_wrapped(&key, &other);
		assert_noop!(
			Did::create(
				RuntimeOrigin::signed(account(CHARLIE)),
				Box::new(details),
				signature,
				BoundedVec::new()
			),
			Error::<Test>::InvalidSignature
		);
	});
}

/// The bytes a creation's key signs are exactly what `docs/did-method.md` specifies, so a
/// wallet in another language can build them.
#[test]
fn creation_signing_payload_is_the_documented_encoding() {
	new_test_ext().build_and_execute(|| {
		use codec::Encode;
		let key = TestKey::sr("Alice");
		let details = creation(&key, ALICE);
		let genesis = Did::genesis_hash();
		// compact(13) ++ "didimo/create" ++ genesis hash ++ SCALE(details), and the details
		// are: did (32) ++ submitter (32) ++ valid_until (a block number) ++ methods ++
		// controllers ++ services.
		let mut expected = vec![13u8 << 2];
		expected.extend_from_slice(b"didimo/create");
		expected.extend_from_slice(genesis.as_ref());
		expected.extend_from_slice(key.did().as_ref());
		expected.extend_from_slice(account(ALICE).encode().as_slice());
		expected.extend_from_slice(&details.valid_until.to_le_bytes());
		// One method: id "key-1", an sr25519 verification key (DidPublicKey::Verification = 0,
		// DidVerificationKey::Sr25519 = 0), its relationships as one byte of bits.
		expected.push(1 << 2);
		expected.push(5 << 2);
		expected.extend_from_slice(b"key-1");
		expected.extend_from_slice(&[0, 0]);
		expected.extend_from_slice(key.did().as_ref());
		expected.push(details.methods[0].relationships.bits());
		// No controllers, no services.
		expected.extend_from_slice(&[0, 0]);
		assert_eq!(details.signing_payload(&genesis), expected);
	});
}

#[test]
fn create_works_with_a_proof_for_each_extra_signing_key() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let bob = TestKey::ed("Bob");
		let charlie = TestKey::sr("Charlie");
		let did = key.did();
		let mut details = creation(&key, ALICE);
		details.methods = BoundedVec::truncate_from(vec![
			method("key-1", &key, &ALL_SIGNING),
			method("bob", &bob, &[Relationship::Authentication]),
			key_agreement_method("enc", 9),
			method("charlie", &charlie, &[Relationship::AssertionMethod]),
		]);
		// One proof per signing key after the first, in their order; none for the X25519 key.
		let key_proofs = vec![key_proof(&bob, &did, 0), key_proof(&charlie, &did, 0)];
		assert_ok!(create_with_proofs(&key, details, key_proofs));
		assert_eq!(Did::did(&did).expect("created").methods.len(), 4);
		assert_eq!(Did::api_did_of(&bob.did()), Some(did.clone()));
		assert_eq!(Did::api_did_of(&charlie.did()), None);
	});
}

#[test]
fn create_fails_without_a_proof_for_an_extra_signing_key() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let bob = TestKey::sr("Bob");
		let charlie = TestKey::sr("Charlie");
		let did = key.did();
		let with = |extra: Vec<crate::VerificationMethod<Test>>| {
			let mut details = creation(&key, ALICE);
			details.methods = BoundedVec::truncate_from(
				[vec![method("key-1", &key, &ALL_SIGNING)], extra].concat(),
			);
			details
		};
		// An authentication key without its proof.
		let details = with(vec![method("bob", &bob, &[Relationship::Authentication])]);
		assert_noop!(create_with_proofs(&key, details, vec![]), Error::<Test>::KeyProofMissing);
		// Any signing key needs one, whatever it serves.
		let details = with(vec![method("bob", &bob, &[Relationship::AssertionMethod])]);
		assert_noop!(create_with_proofs(&key, details, vec![]), Error::<Test>::KeyProofMissing);
		// Two keys, one proof.
		let details = with(vec![
			method("bob", &bob, &[Relationship::Authentication]),
			method("charlie", &charlie, &[Relationship::AssertionMethod]),
		]);
		assert_noop!(
			create_with_proofs(&key, details, vec![key_proof(&bob, &did, 0)]),
			Error::<Test>::KeyProofMissing
		);
		assert!(Did::did(&did).is_none());
		assert_eq!(Did::api_did_of(&bob.did()), None);
	});
}

#[test]
fn create_fails_with_a_wrong_key_proof() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let bob = TestKey::sr("Bob");
		let charlie = TestKey::sr("Charlie");
		let did = key.did();
		let mut details = creation(&key, ALICE);
		details
			.methods
			.try_push(method("bob", &bob, &[Relationship::Authentication]))
			.expect("room");
		let bob_payload = key_possession_payload(&Did::genesis_hash(), &did, 0, &bob.public());
		let wrong = [
			// Signed by the creating key, vouching for Bob's.
			key.sign(&bob_payload),
			// Signed by a stranger.
			charlie.sign(&bob_payload),
			// Charlie's proof for his own key.
			key_proof(&charlie, &did, 0),
			// Bob's proof for another DID.
			key_proof(&bob, &charlie.did(), 0),
			// Bob's proof for a later counter of this DID.
			key_proof(&bob, &did, 1),
			// Bob's proof for another chain.
			bob.sign(&key_possession_payload(
				&sp_core::H256::repeat_byte(7),
				&did,
				0,
				&bob.public(),
			)),
			// Bob's signature for another purpose: the creation itself.
			sign_creation(&bob, &details),
		];
		for proof in wrong {
			assert_noop!(
				create_with_proofs(&key, details.clone(), vec![proof]),
				Error::<Test>::InvalidKeyProof
			);
		}
		// Right proofs in the wrong order.
		details
			.methods
			.try_push(method("charlie", &charlie, &[Relationship::AssertionMethod]))
			.expect("room");
		assert_noop!(
			create_with_proofs(
				&key,
				details.clone(),
				vec![key_proof(&charlie, &did, 0), key_proof(&bob, &did, 0)]
			),
			Error::<Test>::InvalidKeyProof
		);
		assert_ok!(create_with_proofs(
			&key,
			details,
			vec![key_proof(&bob, &did, 0), key_proof(&charlie, &did, 0)]
		));
	});
}

#[test]
fn create_fails_with_a_key_proof_no_key_needs() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let bob = TestKey::sr("Bob");
		let did = key.did();
		// The creating key signs the creation; it has no proof to give.
		assert_noop!(
			create_with_proofs(&key, creation(&key, ALICE), vec![key_proof(&key, &did, 0)]),
			Error::<Test>::KeyProofUnexpected
		);
		// Key-agreement and zero-knowledge keys cannot sign and need none.
		let mut details = creation(&key, ALICE);
		details.methods = BoundedVec::truncate_from(vec![
			method("key-1", &key, &ALL_SIGNING),
			key_agreement_method("enc", 9),
			zk_issuer_method("zk", 1),
		]);
		assert_noop!(
			create_with_proofs(&key, details.clone(), vec![key_proof(&bob, &did, 0)]),
			Error::<Test>::KeyProofUnexpected
		);
		// One proof more than there are keys to prove.
		let mut with_bob = details.clone();
		with_bob
			.methods
			.try_push(method("bob", &bob, &[Relationship::AssertionMethod]))
			.expect("room");
		assert_noop!(
			create_with_proofs(
				&key,
				with_bob,
				vec![key_proof(&bob, &did, 0), key_proof(&bob, &did, 0)]
			),
			Error::<Test>::KeyProofUnexpected
		);
		assert_ok!(create_with_proofs(&key, details, vec![]));
	});
}

#[test]
fn create_accepts_wallet_extension_key_proofs() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let bob = TestKey::sr("Bob");
		let did = key.did();
		let mut details = creation(&key, ALICE);
		details
			.methods
			.try_push(method("bob", &bob, &[Relationship::Authentication]))
			.expect("room");
		// The wrapping does not make a proof for another DID valid...
		assert_noop!(
			create_with_proofs(
				&key,
				details.clone(),
				vec![key_proof_wrapped(&bob, &TestKey::sr("Charlie").did(), 0)]
			),
			Error::<Test>::InvalidKeyProof
		);
		// ...but a wrapped proof for this one is one.
		assert_ok!(create_with_proofs(&key, details, vec![key_proof_wrapped(&bob, &did, 0)]));
		assert_eq!(Did::api_did_of(&bob.did()), Some(did));
	});
}

/// The attack a proof of possession stops, at creation: Mallory lists Victim's account key as
/// an authentication key of her new DID, which would make `did_of(victim)` answer Mallory's
/// DID and Victim's own `create` fail with `KeyInUse` for ever.
#[test]
fn create_cannot_claim_someone_else_s_key() {
	new_test_ext().build_and_execute(|| {
		let mallory = TestKey::sr("Mallory");
		let victim = TestKey::sr("Victim");
		let mut details = creation(&mallory, BOB);
		details
			.methods
			.try_push(method("victim", &victim, &[Relationship::Authentication]))
			.expect("room");
		assert_noop!(
			create_with_proofs(&mallory, details.clone(), vec![]),
			Error::<Test>::KeyProofMissing
		);
		let forged = mallory.sign(&key_possession_payload(
			&Did::genesis_hash(),
			&mallory.did(),
			0,
			&victim.public(),
		));
		assert_noop!(
			create_with_proofs(&mallory, details.clone(), vec![forged]),
			Error::<Test>::InvalidKeyProof
		);
		// A proof Victim gave another DID does not serve Mallory's.
		let elsewhere = key_proof(&victim, &TestKey::sr("Friend").did(), 0);
		assert_noop!(
			create_with_proofs(&mallory, details, vec![elsewhere]),
			Error::<Test>::InvalidKeyProof
		);
		assert_eq!(Did::api_did_of(&victim.did()), None);
		// Victim's own DID can still be created, and her account points to it.
		let victim_did = create_did(&victim, ALICE);
		assert_eq!(Did::api_did_of(&victim.did()), Some(victim_did));
	});
}

#[test]
fn create_fails_once_valid_until_has_passed() {
	new_test_ext().build_and_execute(|| {
		let alice = TestKey::sr("Alice");
		let bob = TestKey::sr("Bob");
		// Both signed at block 1, so valid until block 1 + MAX_WINDOW.
		let (on_time, late) = (creation(&alice, ALICE), creation(&bob, BOB));
		assert_eq!(on_time.valid_until, 1 + MAX_WINDOW);
		// The last block is still fine...
		System::set_block_number(1 + MAX_WINDOW);
		assert_ok!(create_with_proofs(&alice, on_time, vec![]));
		// ...the one after is not.
		System::set_block_number(2 + MAX_WINDOW);
		assert_noop!(create_with_proofs(&bob, late, vec![]), Error::<Test>::OutsideValidityWindow);
	});
}

#[test]
fn create_fails_when_valid_until_is_too_far_ahead() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let mut details = creation(&key, ALICE);
		let now = System::block_number();
		// N + 1 blocks ahead, or never ending.
		for valid_until in [now + MAX_WINDOW + 1, u64::MAX] {
			details.valid_until = valid_until;
			assert_noop!(
				create_with_proofs(&key, details.clone(), vec![]),
				Error::<Test>::InvalidValidityWindow
			);
		}
		// N blocks ahead is fine.
		details.valid_until = now + MAX_WINDOW;
		assert_ok!(create_with_proofs(&key, details, vec![]));
	});
}

/// The bytes a key signs to prove possession are exactly what `docs/did-method.md` (§4.6)
/// specifies.
#[test]
fn key_possession_payload_is_the_documented_encoding() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Bob");
		let did = TestKey::sr("Alice").did();
		let genesis = Did::genesis_hash();
		// compact(10) ++ "didimo/key" ++ genesis hash ++ did (32) ++ counter (u64) ++ the
		// signing key (DidVerificationKey::Sr25519 = 0, then its 32 bytes).
		let mut expected = vec![10u8 << 2];
		expected.extend_from_slice(b"didimo/key");
		expected.extend_from_slice(genesis.as_ref());
		expected.extend_from_slice(did.as_ref());
		expected.extend_from_slice(&7u64.to_le_bytes());
		expected.push(0);
		expected.extend_from_slice(key.did().as_ref());
		assert_eq!(key_possession_payload(&genesis, &did, 7, &key.public()), expected);
	});
}
