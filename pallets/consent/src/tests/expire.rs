//! `expire`'s dispatch: marking run-out grants and purging ended ones. Its validation and the
//! off-chain worker are in `offchain.rs`.

use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_runtime::{traits::IdentifyAccount, DispatchError, MultiSignature, MultiSigner};

use crate::{mock::*, *};

fn authority() -> MultiSigner {
	MultiSigner::Sr25519(sp_core::sr25519::Public::from_raw([9u8; 32]))
}

fn expire(ids: &[GrantId]) -> sp_runtime::DispatchResult {
	let payload = ExpiryPayload::<Test> {
		block_number: System::block_number(),
		grants: BoundedVec::truncate_from(ids.to_vec()),
		public: authority(),
	};
	let signature = MultiSignature::Sr25519(sp_core::sr25519::Signature::from_raw([0u8; 64]));
	Consent::expire(RuntimeOrigin::none(), payload, signature).map(|_| ()).map_err(|e| e.error)
}

#[test]
fn expire_marks_run_out_grants_and_keeps_them_for_the_retention() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_with(&subject, &grantee, &[email()], T0, T0 + HOUR);
		set_now(T0 + HOUR);
		assert_ok!(expire(&[id]));
		assert_eq!(record(id).status, GrantStatus::Expired { at: T0 + HOUR });
		assert_eq!(lifecycle(id), vec![Lifecycle::Given, Lifecycle::Expired]);
		assert!(!OpenGrants::<Test>::contains_key(&subject, id));
		System::assert_last_event(
			Event::GrantExpired { grant: id, subject: subject.clone(), grantee: grantee.clone() }
				.into(),
		);
		assert_eq!(held(ALICE), GRANT_DEPOSIT + SCOPE_DEPOSIT);
		assert_eq!(LastExpiry::<Test>::get(authority().into_account()), Some(1));
		// It is not due again until the retention has passed.
		assert!(!Consent::is_due(&record(id), T0 + HOUR + RETENTION - 1));
		assert!(Consent::is_due(&record(id), T0 + HOUR + RETENTION));
		set_now(T0 + HOUR + RETENTION);
		assert_ok!(expire(&[id]));
		assert!(Consent::grant_record(id).is_none());
		assert!(Consent::api_history(id).is_none());
		assert_eq!(held(ALICE), 0);
		System::assert_last_event(
			Event::GrantPurged {
				grant: id,
				depositor: account(ALICE),
				deposit_released: GRANT_DEPOSIT + SCOPE_DEPOSIT,
			}
			.into(),
		);
		assert_eq!(
			Consent::api_check(
				&subject,
				&grantee,
				b"email",
				Action::Read,
				b"dpv:ServiceProvision",
				None
			),
			Ok(CheckResult::Denied {
				reason: DenyReason::NoGrant,
				grant_id: None,
				valid_until: None
			})
		);
		assert!(Consent::api_grants_by_subject(&subject, None, 10).grants.is_empty());
	});
}

#[test]
fn expire_purges_revoked_and_declined_grants_after_the_retention() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let revoked = grant_email(&subject, &grantee);
		let declined = grant_email(&subject, &grantee);
		let open = grant_email(&subject, &grantee);
		assert_ok!(Consent::revoke(did_origin(&subject, ALICE), revoked));
		assert_ok!(Consent::decline(did_origin(&grantee, BOB), declined));
		assert!(!Consent::is_due(&record(revoked), T0 + RETENTION - 1));
		set_now(T0 + RETENTION);
		assert_ok!(expire(&[revoked, declined]));
		assert!(Consent::grant_record(revoked).is_none());
		assert!(Consent::grant_record(declined).is_none());
		assert_eq!(PairGrants::<Test>::get(&subject, &grantee).to_vec(), vec![open]);
		assert_eq!(held(ALICE), GRANT_DEPOSIT + SCOPE_DEPOSIT);
	});
}

#[test]
fn expire_marks_and_purges_at_once_when_the_retention_has_passed() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_with(&subject, &grantee, &[email()], T0, T0 + HOUR);
		set_now(T0 + HOUR + RETENTION);
		assert_ok!(expire(&[id]));
		let tail: Vec<Event<Test>> = events().into_iter().rev().take(2).collect();
		assert_eq!(
			tail,
			vec![
				Event::GrantPurged {
					grant: id,
					depositor: account(ALICE),
					deposit_released: GRANT_DEPOSIT + SCOPE_DEPOSIT
				},
				Event::GrantExpired { grant: id, subject, grantee },
			]
		);
		assert_eq!(held(ALICE), 0);
		assert!(PairGrants::<Test>::iter().next().is_none());
	});
}

#[test]
fn expire_skips_grants_that_are_not_due() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let open = grant_email(&subject, &grantee);
		let revoked = grant_email(&subject, &grantee);
		assert_ok!(Consent::revoke(did_origin(&subject, ALICE), revoked));
		assert_ok!(expire(&[open, revoked, 99]));
		assert_eq!(record(open).status, GrantStatus::Open);
		assert_eq!(record(revoked).status, GrantStatus::Revoked { at: T0 });
		assert_eq!(held(ALICE), 2 * (GRANT_DEPOSIT + SCOPE_DEPOSIT));
	});
}

#[test]
fn expire_must_be_unsigned() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let payload = ExpiryPayload::<Test> {
			block_number: 1,
			grants: BoundedVec::truncate_from(vec![0]),
			public: authority(),
		};
		let signature = MultiSignature::Sr25519(sp_core::sr25519::Signature::from_raw([0u8; 64]));
		assert_noop!(
			Consent::expire(
				RuntimeOrigin::signed(account(ALICE)),
				payload.clone(),
				signature.clone()
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consent::expire(did_origin(&subject, ALICE), payload, signature),
			DispatchError::BadOrigin
		);
	});
}
