use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, *};

fn revoke(subject: &sp_runtime::AccountId32, id: GrantId) -> sp_runtime::DispatchResult {
	Consent::revoke(did_origin(subject, ALICE), id)
}

#[test]
fn revoke_ends_the_grant_and_keeps_its_record() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_email(&subject, &grantee);
		next_block();
		set_now(T0 + HOUR);
		assert_ok!(revoke(&subject, id));
		let grant = record(id);
		assert_eq!(grant.status, GrantStatus::Revoked { at: T0 + HOUR });
		assert_eq!(grant.state(now()), GrantState::Revoked);
		assert_eq!(lifecycle(id), vec![Lifecycle::Given, Lifecycle::Revoked]);
		assert!(!OpenGrants::<Test>::contains_key(&subject, id));
		System::assert_last_event(
			Event::GrantRevoked { grant: id, subject: subject.clone(), grantee: grantee.clone() }
				.into(),
		);
		// The deposit stays until the grant is purged.
		assert_eq!(held(ALICE), GRANT_DEPOSIT + SCOPE_DEPOSIT);
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
				reason: DenyReason::Revoked,
				grant_id: Some(id),
				valid_until: Some(T0 + DAY)
			})
		);
		// The grantee can no longer use it.
		assert_noop!(
			Consent::record_access(
				did_origin(&grantee, BOB),
				id,
				bytes(b"email"),
				Action::Read,
				bytes(b"dpv:ServiceProvision")
			),
			Error::<Test>::Revoked
		);
	});
}

#[test]
fn revoke_works_before_the_grant_is_valid() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_with(&subject, &grantee, &[email()], T0 + DAY, T0 + 2 * DAY);
		assert_ok!(revoke(&subject, id));
		assert_eq!(record(id).status, GrantStatus::Revoked { at: T0 });
		set_now(T0 + DAY);
		assert!(!record(id).is_active(now()));
	});
}

#[test]
fn revoke_fails_for_strangers_unknown_and_ended_grants() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_with(&subject, &grantee, &[email()], T0, T0 + HOUR);
		assert_noop!(revoke(&grantee, id), Error::<Test>::NotSubject);
		assert_noop!(revoke(&subject, id + 1), Error::<Test>::GrantNotFound);
		assert_ok!(revoke(&subject, id));
		assert_noop!(revoke(&subject, id), Error::<Test>::Revoked);
		let declined = grant_email(&subject, &grantee);
		assert_ok!(Consent::decline(did_origin(&grantee, BOB), declined));
		assert_noop!(revoke(&subject, declined), Error::<Test>::Declined);
		let expired = grant_with(&subject, &grantee, &[email()], T0, T0 + HOUR);
		set_now(T0 + HOUR);
		assert_noop!(revoke(&subject, expired), Error::<Test>::Expired);
	});
}
