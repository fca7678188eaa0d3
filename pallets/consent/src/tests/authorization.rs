//! The origin matrix through real DID-signed calls: subject, grantee, stranger, a
//! controller, a key without `authentication`.

use didimo_primitives::did::{DidPublicKey, Relationship, Relationships};
use frame_support::{assert_noop, assert_ok};
use pallet_did::VerificationMethod;
use sp_runtime::DispatchError;

use crate::{mock::*, *};

fn grant_call(grantee: &sp_runtime::AccountId32) -> RuntimeCall {
	Call::<Test>::grant {
		grantee: grantee.clone(),
		scopes: scopes(&[email()]),
		valid_from: T0,
		valid_until: T0 + DAY,
		receipt: [3u8; 32],
		jurisdiction: bytes(b"EU"),
		policy: bytes(b"https://example.org/p"),
	}
	.into()
}

fn access_call(id: GrantId) -> RuntimeCall {
	Call::<Test>::record_access {
		grant_id: id,
		category: bytes(b"email"),
		action: Action::Read,
		purpose: bytes(b"dpv:ServiceProvision"),
	}
	.into()
}

#[test]
fn subject_and_grantee_act_through_did_signed_calls() {
	new_test_ext().build_and_execute(|| {
		let (subject_key, subject) = person("subject");
		let (grantee_key, grantee) = person("grantee");
		let (stranger_key, _) = person("stranger");
		// The subject gives, the submitting account (Alice) pays.
		assert_ok!(did_call(&subject_key, ALICE, grant_call(&grantee)));
		assert_eq!(held(ALICE), GRANT_DEPOSIT + SCOPE_DEPOSIT);
		assert_eq!(record(0).subject, subject);
		// The grantee records an access; neither the subject nor a stranger may.
		assert_ok!(did_call(&grantee_key, BOB, access_call(0)));
		assert_eq!(
			did_call(&subject_key, ALICE, access_call(0)),
			Err(Error::<Test>::NotGrantee.into())
		);
		assert_eq!(
			did_call(&stranger_key, BOB, access_call(0)),
			Err(Error::<Test>::NotGrantee.into())
		);
		// Only the subject changes or revokes it; only the grantee declines it.
		let renew: RuntimeCall =
			Call::<Test>::renew { grant_id: 0, valid_until: T0 + 2 * DAY }.into();
		assert_eq!(
			did_call(&grantee_key, BOB, renew.clone()),
			Err(Error::<Test>::NotSubject.into())
		);
		assert_eq!(
			did_call(&stranger_key, BOB, renew.clone()),
			Err(Error::<Test>::NotSubject.into())
		);
		assert_ok!(did_call(&subject_key, ALICE, renew));
		let narrow: RuntimeCall =
			Call::<Test>::narrow { grant_id: 0, scopes: None, valid_until: Some(T0 + DAY) }.into();
		assert_eq!(
			did_call(&stranger_key, BOB, narrow.clone()),
			Err(Error::<Test>::NotSubject.into())
		);
		assert_ok!(did_call(&subject_key, ALICE, narrow));
		let decline: RuntimeCall = Call::<Test>::decline { grant_id: 0 }.into();
		assert_eq!(
			did_call(&subject_key, ALICE, decline.clone()),
			Err(Error::<Test>::NotGrantee.into())
		);
		let revoke: RuntimeCall = Call::<Test>::revoke { grant_id: 0 }.into();
		assert_eq!(
			did_call(&grantee_key, BOB, revoke.clone()),
			Err(Error::<Test>::NotSubject.into())
		);
		assert_eq!(
			did_call(&stranger_key, BOB, revoke.clone()),
			Err(Error::<Test>::NotSubject.into())
		);
		// A stranger's revoke_all and revoke_grantee touch only its own (absent) grants.
		assert_eq!(
			did_call(&stranger_key, BOB, Call::<Test>::revoke_all {}),
			Err(Error::<Test>::NothingToRevoke.into())
		);
		assert_eq!(
			did_call(&stranger_key, BOB, Call::<Test>::revoke_grantee { grantee: grantee.clone() }),
			Err(Error::<Test>::NothingToRevoke.into())
		);
		assert_ok!(did_call(&subject_key, ALICE, revoke));
		assert_eq!(record(0).status, GrantStatus::Revoked { at: T0 });
		// The grantee declines a second grant.
		assert_ok!(did_call(&subject_key, ALICE, grant_call(&grantee)));
		assert_ok!(did_call(&grantee_key, BOB, Call::<Test>::decline { grant_id: 1 }));
		assert_eq!(record(1).status, GrantStatus::Declined { at: T0 });
	});
}

#[test]
fn a_key_without_authentication_cannot_sign_consent_calls() {
	new_test_ext().build_and_execute(|| {
		let (_, grantee) = person("grantee");
		let (owner, did) = person("subject");
		// A second key of the subject's DID that serves assertionMethod only.
		let weak = TestDid::new("weak");
		assert_ok!(did_call(
			&owner,
			ALICE,
			pallet_did::Call::<Test>::add_verification_method {
				method: VerificationMethod {
					id: bytes(b"key-2"),
					key: DidPublicKey::Verification(weak.key()),
					relationships: Relationships::NONE.with(Relationship::AssertionMethod),
				},
				key_proof: Some(pallet_did::testing::key_proof::<Test>(&weak, &did)),
			}
		));
		assert_noop!(
			submit_with_key(&weak, &did, "key-2", &did, ALICE, grant_call(&grantee)),
			pallet_did::Error::<Test>::MissingRelationship
		);
		// The first key, which serves authentication, may.
		assert_ok!(submit_with_key(&owner, &did, "key-1", &did, ALICE, grant_call(&grantee)));
		assert_eq!(last_did_call_result(), Some(Ok(())));
		// A DID origin with another relationship is not the subject origin either.
		let assertion: RuntimeOrigin = pallet_did::DidRawOrigin {
			did: did.clone(),
			submitter: account(ALICE),
			relationship: Relationship::AssertionMethod,
		}
		.into();
		assert_noop!(
			Consent::grant(
				assertion,
				grantee,
				scopes(&[email()]),
				T0,
				T0 + DAY,
				[0u8; 32],
				bytes(b"EU"),
				bytes(b"")
			),
			DispatchError::BadOrigin
		);
		// Nor is a plain signed account.
		assert_noop!(
			Consent::revoke_all(RuntimeOrigin::signed(account(ALICE))),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_controller_cannot_act_as_the_subject_or_grantee() {
	new_test_ext().build_and_execute(|| {
		let (subject_key, subject) = person("subject");
		let (grantee_key, grantee) = person("grantee");
		let (controller_key, controller) = person("controller");
		assert_ok!(did_call(
			&subject_key,
			ALICE,
			pallet_did::Call::<Test>::add_controller { controller: controller.clone() }
		));
		assert_ok!(did_call(
			&grantee_key,
			BOB,
			pallet_did::Call::<Test>::add_controller { controller: controller.clone() }
		));
		// Controllers may update the DID document, not give or use consent in its name.
		assert_noop!(
			submit(&controller_key, &subject, ALICE, grant_call(&grantee)),
			pallet_did::Error::<Test>::ControllerCannotSign
		);
		let id = grant_email(&subject, &grantee);
		assert_noop!(
			submit(&controller_key, &grantee, BOB, access_call(id)),
			pallet_did::Error::<Test>::ControllerCannotSign
		);
		assert_noop!(
			submit(&controller_key, &subject, ALICE, Call::<Test>::revoke { grant_id: id }.into()),
			pallet_did::Error::<Test>::ControllerCannotSign
		);
		// Its own DID's calls are about its own grants.
		assert_eq!(
			did_call(&controller_key, BOB, access_call(id)),
			Err(Error::<Test>::NotGrantee.into())
		);
	});
}

#[test]
fn a_deactivated_subject_can_no_longer_sign() {
	new_test_ext().build_and_execute(|| {
		let (subject_key, subject) = person("subject");
		let (grantee_key, grantee) = person("grantee");
		let id = grant_email(&subject, &grantee);
		assert_ok!(did_call(&subject_key, ALICE, pallet_did::Call::<Test>::deactivate {}));
		assert_noop!(
			submit(&subject_key, &subject, ALICE, Call::<Test>::revoke { grant_id: id }.into()),
			pallet_did::Error::<Test>::NotFound
		);
		// Nor does the grant allow anything any more: the grantee's access is refused.
		assert_eq!(
			did_call(&grantee_key, BOB, access_call(id)),
			Err(Error::<Test>::SubjectNotActive.into())
		);
		// Anyone may now purge it (`purge.rs`).
	});
}

#[test]
fn purge_is_a_plain_signed_call_not_a_did_call() {
	new_test_ext().build_and_execute(|| {
		let (subject_key, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_email(&subject, &grantee);
		let ids = frame_support::BoundedVec::truncate_from(vec![id]);
		let purge: RuntimeCall = Call::<Test>::purge { grants: ids.clone() }.into();
		// The runtime's authorisation does not let a DID key sign it.
		assert_noop!(
			submit(&subject_key, &subject, ALICE, purge),
			pallet_did::Error::<Test>::CallNotAllowed
		);
		// A DID origin is not a signed origin.
		assert_noop!(Consent::purge(did_origin(&subject, ALICE), ids), DispatchError::BadOrigin);
		assert_eq!(record(id).status, GrantStatus::Open);
	});
}
