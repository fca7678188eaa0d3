use didimo_primitives::did::{DidPublicKey, Relationship, X25519Key, ZkIssuerKey};
use frame_support::{assert_noop, assert_ok, BoundedVec};

use crate::{mock::*, Error, Event};

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
		assert_ok!(Did::create(
			RuntimeOrigin::signed(account(ALICE)),
			Box::new(details),
			signature
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
			Did::create(RuntimeOrigin::signed(account(BOB)), Box::new(details), signature),
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
			Did::create(RuntimeOrigin::signed(account(BOB)), Box::new(details), signature),
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
			Did::create(RuntimeOrigin::signed(account(ALICE)), Box::new(details), signature),
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
			Did::create(RuntimeOrigin::signed(account(ALICE)), Box::new(details), signature),
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
				Did::create(RuntimeOrigin::signed(account(ALICE)), Box::new(details), signature),
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
				signature
			),
			Error::<Test>::InvalidSignature
		);
		// Signed over other details (another submitter).
		let signature = sign_creation(&key, &creation(&key, BOB));
		assert_noop!(
			Did::create(
				RuntimeOrigin::signed(account(ALICE)),
				Box::new(details.clone()),
				signature
			),
			Error::<Test>::InvalidSignature
		);
		// Signed for another chain.
		let payload = details.signing_payload(&sp_core::H256::repeat_byte(7));
		assert_noop!(
			Did::create(
				RuntimeOrigin::signed(account(ALICE)),
				Box::new(details),
				key.sign(&payload)
			),
			Error::<Test>::InvalidSignature
		);
	});
}

#[test]
fn create_fails_with_an_invalid_document() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
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
			let signature = sign_creation(&key, &details);
			assert_noop!(
				Did::create(RuntimeOrigin::signed(account(ALICE)), Box::new(details), signature),
				error
			);
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
				Did::create(RuntimeOrigin::signed(account(ALICE)), Box::new(details), signature),
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
		// Bob's DID lists Alice's key as a second authentication key.
		let bob = TestKey::sr("Bob");
		let mut details = creation(&bob, BOB);
		details
			.methods
			.try_push(method("alice", &alice, &[Relationship::Authentication]))
			.expect("room");
		let signature = sign_creation(&bob, &details);
		assert_noop!(
			Did::create(RuntimeOrigin::signed(account(BOB)), Box::new(details), signature),
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
			Did::create(RuntimeOrigin::signed(account(CHARLIE)), Box::new(details), signature),
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
				signature
			));
			assert!(Did::did(&key.did()).is_some());
		}
		// A wrapped signature over other details (another submitter) is still refused.
		let key = TestKey::sr("Charlie");
		let details = creation(&key, CHARLIE);
		let other = creation(&key, ALICE);
		let signature = sign_creation_wrapped(&key, &other);
		assert_noop!(
			Did::create(RuntimeOrigin::signed(account(CHARLIE)), Box::new(details), signature),
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
		// are: did (32) ++ submitter (32) ++ methods ++ controllers ++ services.
		let mut expected = vec![13u8 << 2];
		expected.extend_from_slice(b"didimo/create");
		expected.extend_from_slice(genesis.as_ref());
		expected.extend_from_slice(key.did().as_ref());
		expected.extend_from_slice(account(ALICE).encode().as_slice());
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
