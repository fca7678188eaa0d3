use didimo_primitives::did::{DidPublicKey, Relationship, X25519Key, ZkIssuerKey};
use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, Call, Error, Event, VerificationMethod};

fn add(key: &TestKey, did: &sp_runtime::AccountId32, method: VerificationMethod<Test>) {
	assert_ok!(did_call(
		key,
		did,
		ALICE,
		RuntimeCall::Did(Call::add_verification_method { method })
	));
}

#[test]
fn add_verification_method_works_and_takes_the_key_deposit() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let bob = TestKey::ed("Bob");
		add(&key, &did, method("bob", &bob, &[Relationship::Authentication]));
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
				method("k2", &TestKey::sr("Bob"), &[Relationship::AssertionMethod])
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
		let origin: RuntimeOrigin = crate::DidRawOrigin {
			did,
			submitter: account(ALICE),
			relationship: Relationship::Authentication,
		}
		.into();
		assert_noop!(
			Did::add_verification_method(
				origin,
				method("k2", &TestKey::sr("Bob"), &[Relationship::AssertionMethod])
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
		let origin = || -> RuntimeOrigin {
			crate::DidRawOrigin {
				did: did.clone(),
				submitter: account(ALICE),
				relationship: Relationship::CapabilityInvocation,
			}
			.into()
		};
		let cases = vec![
			(method("key-1", &bob, &[Relationship::AssertionMethod]), Error::<Test>::IdTaken),
			(method("a/b", &bob, &[Relationship::AssertionMethod]), Error::<Test>::InvalidId),
			(method("k2", &bob, &[]), Error::<Test>::NoRelationship),
			(
				method("k2", &bob, &[Relationship::KeyAgreement]),
				Error::<Test>::RelationshipNotAllowed,
			),
			(
				VerificationMethod {
					id: id("enc"),
					key: DidPublicKey::KeyAgreement(X25519Key([0; 32])),
					relationships: rels(&[Relationship::KeyAgreement]),
				},
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
				Error::<Test>::RelationshipNotAllowed,
			),
			(
				VerificationMethod {
					id: id("zk"),
					key: DidPublicKey::ZkIssuer(ZkIssuerKey([0xff; 32])),
					relationships: rels(&[Relationship::AssertionMethod]),
				},
				Error::<Test>::InvalidZkIssuerKey,
			),
			(method("again", &key, &[Relationship::Authentication]), Error::<Test>::KeyInUse),
		];
		for (method, error) in cases {
			assert_noop!(Did::add_verification_method(origin(), method), error);
		}
	});
}

#[test]
fn add_verification_method_fails_for_an_unknown_did() {
	new_test_ext().build_and_execute(|| {
		let origin: RuntimeOrigin = crate::DidRawOrigin {
			did: TestKey::sr("Nobody").did(),
			submitter: account(ALICE),
			relationship: Relationship::CapabilityInvocation,
		}
		.into();
		assert_noop!(
			Did::add_verification_method(
				origin,
				method("k2", &TestKey::sr("Bob"), &[Relationship::AssertionMethod])
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
		let origin = || -> RuntimeOrigin {
			crate::DidRawOrigin {
				did: did.clone(),
				submitter: account(ALICE),
				relationship: Relationship::CapabilityInvocation,
			}
			.into()
		};
		// N = MAX_METHODS fits...
		for i in 1..MAX_METHODS {
			let other = TestKey::sr(&format!("K{i}"));
			assert_ok!(Did::add_verification_method(
				origin(),
				method(&format!("k{i}"), &other, &[Relationship::AssertionMethod])
			));
		}
		assert_eq!(Did::did(&did).expect("live").methods.len() as u32, MAX_METHODS);
		assert_eq!(held(ALICE), BASE_DEPOSIT + MAX_METHODS as u128 * KEY_DEPOSIT);
		// ...N + 1 does not.
		assert_noop!(
			Did::add_verification_method(
				origin(),
				method("one-more", &TestKey::sr("More"), &[Relationship::AssertionMethod])
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
		let origin: RuntimeOrigin = crate::DidRawOrigin {
			did,
			submitter: account(BOB),
			relationship: Relationship::CapabilityInvocation,
		}
		.into();
		assert_noop!(
			Did::add_verification_method(
				origin,
				method("k2", &TestKey::sr("Bob"), &[Relationship::AssertionMethod])
			),
			Error::<Test>::InsufficientDeposit
		);
	});
}
