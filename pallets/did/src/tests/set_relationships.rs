use didimo_primitives::did::{Relationship, Relationships};
use frame_support::{assert_noop, assert_ok};

use crate::{key_possession_payload, mock::*, Call, Error, Event};

#[test]
fn set_relationships_works_and_reindexes_authentication() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let bob = TestKey::sr("Bob");
		assert_ok!(Did::add_verification_method(
			cap_origin(&did),
			method("bob", &bob, &[Relationship::AssertionMethod]),
			Some(key_proof(&bob, &did, 0))
		));
		assert_eq!(Did::api_did_of(&bob.did()), None);
		// Gaining authentication takes Bob's proof...
		let new = rels(&[Relationship::Authentication, Relationship::AssertionMethod]);
		assert_ok!(Did::set_relationships(
			cap_origin(&did),
			id("bob"),
			new,
			Some(key_proof(&bob, &did, 0))
		));
		assert_eq!(Did::api_did_of(&bob.did()), Some(did.clone()));
		System::assert_last_event(
			Event::RelationshipsChanged { did: did.clone(), key_id: id("bob"), relationships: new }
				.into(),
		);
		// ...losing it does not.
		assert_ok!(Did::set_relationships(
			cap_origin(&did),
			id("bob"),
			rels(&[Relationship::AssertionMethod]),
			None
		));
		assert_eq!(Did::api_did_of(&bob.did()), None);
	});
}

#[test]
fn set_relationships_rejects_empty_or_disallowed_sets() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		assert_noop!(
			Did::set_relationships(cap_origin(&did), id("key-1"), Relationships::NONE, None),
			Error::<Test>::NoRelationship
		);
		assert_noop!(
			Did::set_relationships(
				cap_origin(&did),
				id("key-1"),
				rels(&[Relationship::Authentication, Relationship::KeyAgreement]),
				Some(key_proof(&key, &did, 0))
			),
			Error::<Test>::RelationshipNotAllowed
		);
		assert_noop!(
			Did::set_relationships(
				cap_origin(&did),
				id("nope"),
				rels(&[Relationship::Authentication]),
				None
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
				rels(&[Relationship::Authentication]),
				None
			),
			Error::<Test>::WouldLockOut
		);
		// Dropping authentication.
		assert_noop!(
			Did::set_relationships(
				cap_origin(&did),
				id("key-1"),
				rels(&[Relationship::CapabilityInvocation]),
				None
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
			method("bob", &bob, &[Relationship::AssertionMethod]),
			Some(key_proof(&bob, &did, 0))
		));
		// Even with Bob's consent: his key authenticates his own DID.
		assert_noop!(
			Did::set_relationships(
				cap_origin(&did),
				id("bob"),
				rels(&[Relationship::Authentication]),
				Some(key_proof(&bob, &did, 0))
			),
			Error::<Test>::KeyInUse
		);
	});
}

#[test]
fn set_relationships_fails_without_a_proof_for_a_gained_relationship() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let bob = TestKey::sr("Bob");
		assert_ok!(Did::add_verification_method(
			cap_origin(&did),
			method("bob", &bob, &[Relationship::AssertionMethod]),
			Some(key_proof(&bob, &did, 0))
		));
		// Whatever is gained, even while something else is given up.
		for gained in [
			rels(&[Relationship::Authentication, Relationship::AssertionMethod]),
			rels(&[Relationship::CapabilityInvocation]),
			rels(&[Relationship::CapabilityDelegation]),
		] {
			assert_noop!(
				Did::set_relationships(cap_origin(&did), id("bob"), gained, None),
				Error::<Test>::KeyProofMissing
			);
		}
		// The DID's own first key too.
		assert_ok!(Did::set_relationships(
			cap_origin(&did),
			id("key-1"),
			rels(&[Relationship::Authentication, Relationship::CapabilityInvocation]),
			None
		));
		assert_noop!(
			Did::set_relationships(
				cap_origin(&did),
				id("key-1"),
				rels(&[
					Relationship::Authentication,
					Relationship::CapabilityInvocation,
					Relationship::AssertionMethod,
				]),
				None
			),
			Error::<Test>::KeyProofMissing
		);
		assert_eq!(Did::api_did_of(&bob.did()), None);
	});
}

#[test]
fn set_relationships_fails_with_a_wrong_key_proof() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let bob = TestKey::sr("Bob");
		let charlie = TestKey::sr("Charlie");
		let promote = rels(&[Relationship::Authentication, Relationship::AssertionMethod]);
		// Bob joins, as an assertion key, with a proof for the joining call's counter...
		let joined = key_proof(&bob, &did, next_counter(&did));
		assert_ok!(did_call(
			&key,
			&did,
			ALICE,
			RuntimeCall::Did(Call::add_verification_method {
				method: method("bob", &bob, &[Relationship::AssertionMethod]),
				key_proof: Some(joined.clone()),
			})
		));
		assert_eq!(last_did_call_result(), Some(Ok(())));
		// ...which cannot be replayed to promote him later.
		assert_ok!(did_call(
			&key,
			&did,
			ALICE,
			RuntimeCall::Did(Call::set_relationships {
				key_id: id("bob"),
				relationships: promote,
				key_proof: Some(joined),
			})
		));
		assert_eq!(last_did_call_result(), Some(Err(Error::<Test>::InvalidKeyProof.into())));
		// Nor do other wrong proofs, at the DID's current counter.
		let counter = Did::did(&did).expect("live").counter;
		let bob_payload =
			key_possession_payload(&Did::genesis_hash(), &did, counter, &bob.public());
		let wrong = [
			// Signed by the DID's own key, vouching for Bob's.
			key.sign(&bob_payload),
			// Signed by a stranger.
			charlie.sign(&bob_payload),
			// Bob's proof for another DID.
			key_proof(&bob, &charlie.did(), counter),
			// Bob's proof for another counter.
			key_proof(&bob, &did, counter + 1),
			// Bob's proof for another chain.
			bob.sign(&key_possession_payload(
				&sp_core::H256::repeat_byte(7),
				&did,
				counter,
				&bob.public(),
			)),
		];
		for proof in wrong {
			assert_noop!(
				Did::set_relationships(cap_origin(&did), id("bob"), promote, Some(proof)),
				Error::<Test>::InvalidKeyProof
			);
		}
		assert_eq!(Did::api_did_of(&bob.did()), None);
		// A fresh proof for the promoting call's counter works.
		let proof = key_proof(&bob, &did, next_counter(&did));
		assert_ok!(did_call(
			&key,
			&did,
			ALICE,
			RuntimeCall::Did(Call::set_relationships {
				key_id: id("bob"),
				relationships: promote,
				key_proof: Some(proof),
			})
		));
		assert_eq!(last_did_call_result(), Some(Ok(())));
		assert_eq!(Did::api_did_of(&bob.did()), Some(did));
	});
}

#[test]
fn set_relationships_rejects_a_key_proof_where_none_is_needed() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		let bob = TestKey::sr("Bob");
		let both = rels(&[Relationship::Authentication, Relationship::AssertionMethod]);
		assert_ok!(Did::add_verification_method(
			cap_origin(&did),
			method("bob", &bob, &[Relationship::Authentication, Relationship::AssertionMethod]),
			Some(key_proof(&bob, &did, 0))
		));
		assert_ok!(Did::add_verification_method(
			cap_origin(&did),
			key_agreement_method("enc", 9),
			None
		));
		let proof = Some(key_proof(&bob, &did, 0));
		// Only taking a relationship away, keeping the same set, or a key that cannot sign.
		for (key_id, relationships) in [
			("bob", rels(&[Relationship::AssertionMethod])),
			("bob", both),
			("enc", rels(&[Relationship::KeyAgreement])),
		] {
			assert_noop!(
				Did::set_relationships(cap_origin(&did), id(key_id), relationships, proof.clone()),
				Error::<Test>::KeyProofUnexpected
			);
		}
		assert_ok!(Did::set_relationships(
			cap_origin(&did),
			id("bob"),
			rels(&[Relationship::AssertionMethod]),
			None
		));
		assert_eq!(Did::api_did_of(&bob.did()), None);
	});
}
