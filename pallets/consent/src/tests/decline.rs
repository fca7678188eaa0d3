use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, *};

fn decline(grantee: &sp_runtime::AccountId32, id: GrantId) -> sp_runtime::DispatchResult {
	Consent::decline(did_origin(grantee, BOB), id)
}

#[test]
fn decline_ends_the_grant() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_email(&subject, &grantee);
		set_now(T0 + 5);
		assert_ok!(decline(&grantee, id));
		assert_eq!(record(id).status, GrantStatus::Declined { at: T0 + 5 });
		assert_eq!(lifecycle(id), vec![Lifecycle::Given, Lifecycle::Declined]);
		assert!(!OpenGrants::<Test>::contains_key(&subject, id));
		System::assert_last_event(
			Event::GrantDeclined { grant: id, grantee: grantee.clone() }.into(),
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
				reason: DenyReason::Declined,
				grant_id: Some(id),
				valid_until: Some(T0 + DAY)
			})
		);
		// Declining works before the grant is valid too.
		let later = grant_with(&subject, &grantee, &[email()], T0 + DAY, T0 + 2 * DAY);
		assert_ok!(decline(&grantee, later));
	});
}

#[test]
fn decline_fails_for_strangers_unknown_and_ended_grants() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_with(&subject, &grantee, &[email()], T0, T0 + HOUR);
		assert_noop!(decline(&subject, id), Error::<Test>::NotGrantee);
		assert_noop!(decline(&grantee, id + 1), Error::<Test>::GrantNotFound);
		assert_ok!(decline(&grantee, id));
		assert_noop!(decline(&grantee, id), Error::<Test>::Declined);
		let revoked = grant_email(&subject, &grantee);
		assert_ok!(Consent::revoke(did_origin(&subject, ALICE), revoked));
		assert_noop!(decline(&grantee, revoked), Error::<Test>::Revoked);
		let expired = grant_with(&subject, &grantee, &[email()], T0, T0 + HOUR);
		set_now(T0 + HOUR);
		assert_noop!(decline(&grantee, expired), Error::<Test>::Expired);
	});
}
