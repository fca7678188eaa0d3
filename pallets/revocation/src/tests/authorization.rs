//! The origin matrix through real DID-signed calls: issuer, delegate, stranger, a key without
//! `assertionMethod`, a deactivated issuer DID.

use didimo_primitives::did::Relationship;
use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, *};

fn revoke_call(id: RegistryId, list: &[u32]) -> RuntimeCall {
	Call::<Test>::revoke { registry: id, indices: indices(list) }.into()
}

#[test]
fn issuer_and_delegate_may_revoke_a_stranger_may_not() {
	new_test_ext().build_and_execute(|| {
		let (issuer_key, did) = issuer("issuer");
		let (delegate_key, delegate) = issuer("delegate");
		let (stranger_key, _) = issuer("stranger");
		let id = create_registry(&did, StatusPurpose::Revocation, 64);
		assert_ok!(did_call(
			&issuer_key,
			ALICE,
			Call::<Test>::add_delegate { registry: id, delegate: delegate.clone() }
		));
		assert_ok!(did_call(&issuer_key, ALICE, revoke_call(id, &[1])));
		assert_ok!(did_call(&delegate_key, BOB, revoke_call(id, &[2])));
		assert_eq!(
			did_call(&stranger_key, BOB, revoke_call(id, &[3])),
			Err(Error::<Test>::NotAuthorized.into())
		);
		assert_eq!(Revocation::status(id, 1), CredentialStatus::Revoked);
		assert_eq!(Revocation::status(id, 2), CredentialStatus::Revoked);
		assert_eq!(Revocation::status(id, 3), CredentialStatus::Active);
	});
}

#[test]
fn a_key_without_assertion_method_cannot_sign_revocation_calls() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let id = create_registry(&did, StatusPurpose::Revocation, 64);
		// The issuer's own DID, but a second DID whose only key lacks assertionMethod, made a
		// delegate: the relationship check refuses before the pallet sees the call.
		let weak = TestDid::new("weak");
		let weak_did =
			register(&weak, &[Relationship::Authentication, Relationship::CapabilityInvocation]);
		assert_ok!(Revocation::add_delegate(issuer_origin(&did, ALICE), id, weak_did));
		assert_noop!(
			submit(&weak, BOB, revoke_call(id, &[1])),
			pallet_did::Error::<Test>::MissingRelationship
		);
		// The same DID origin with another relationship is not the issuer origin either.
		let authentication: RuntimeOrigin = pallet_did::DidRawOrigin {
			did: did.clone(),
			submitter: account(ALICE),
			relationship: Relationship::Authentication,
		}
		.into();
		assert_noop!(
			Revocation::revoke(authentication, id, indices(&[1])),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_deactivated_issuer_freezes_its_registries() {
	new_test_ext().build_and_execute(|| {
		let (issuer_key, did) = issuer("issuer");
		let (delegate_key, delegate) = issuer("delegate");
		let id = create_registry(&did, StatusPurpose::Revocation, 64);
		assert_ok!(Revocation::add_delegate(issuer_origin(&did, ALICE), id, delegate));
		assert_ok!(did_call(&issuer_key, ALICE, revoke_call(id, &[5])));
		assert_ok!(did_call(&issuer_key, ALICE, pallet_did::Call::<Test>::deactivate {}));
		// The issuer can no longer sign at all.
		assert_noop!(
			submit(&issuer_key, ALICE, revoke_call(id, &[6])),
			pallet_did::Error::<Test>::NotFound
		);
		// Its delegate cannot update the frozen registry.
		assert_eq!(
			did_call(&delegate_key, BOB, revoke_call(id, &[6])),
			Err(Error::<Test>::IssuerDeactivated.into())
		);
		// What was revoked stays revoked and readable.
		assert_eq!(Revocation::status(id, 5), CredentialStatus::Revoked);
		assert_eq!(Revocation::status(id, 6), CredentialStatus::Active);
	});
}
