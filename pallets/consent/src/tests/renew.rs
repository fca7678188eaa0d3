use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, *};

fn renew(
	subject: &sp_runtime::AccountId32,
	id: GrantId,
	until: Moment,
) -> sp_runtime::DispatchResult {
	Consent::renew(did_origin(subject, ALICE), id, until)
}

#[test]
fn renew_moves_the_end_later() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_email(&subject, &grantee);
		next_block();
		set_now(T0 + HOUR);
		assert_ok!(renew(&subject, id, T0 + 2 * DAY));
		let grant = record(id);
		assert_eq!(grant.valid_until, T0 + 2 * DAY);
		assert_eq!(grant.updated, 2);
		assert_eq!(lifecycle(id), vec![Lifecycle::Given, Lifecycle::Renewed]);
		let entry = Consent::api_history(id).expect("stored")[1];
		assert_eq!((entry.block, entry.at), (2, T0 + HOUR));
		System::assert_last_event(
			Event::GrantRenewed { grant: id, valid_until: T0 + 2 * DAY }.into(),
		);
		// Still valid where it would have run out.
		set_now(T0 + DAY);
		assert!(record(id).is_active(now()));
	});
}

#[test]
fn renew_must_be_later() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_email(&subject, &grantee);
		assert_noop!(renew(&subject, id, T0 + DAY), Error::<Test>::NotLater);
		assert_noop!(renew(&subject, id, T0 + HOUR), Error::<Test>::NotLater);
		assert_ok!(renew(&subject, id, T0 + DAY + 1));
	});
}

#[test]
fn renew_fails_for_strangers_unknown_and_ended_grants() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_with(&subject, &grantee, &[email()], T0, T0 + HOUR);
		assert_noop!(renew(&grantee, id, T0 + DAY), Error::<Test>::NotSubject);
		assert_noop!(renew(&subject, id + 1, T0 + DAY), Error::<Test>::GrantNotFound);
		// Once run out, a grant cannot be brought back: give a new one.
		set_now(T0 + HOUR);
		assert_noop!(renew(&subject, id, T0 + DAY), Error::<Test>::Expired);
		let revoked = grant_email(&subject, &grantee);
		assert_ok!(Consent::revoke(did_origin(&subject, ALICE), revoked));
		assert_noop!(renew(&subject, revoked, T0 + 2 * DAY), Error::<Test>::Revoked);
		let declined = grant_email(&subject, &grantee);
		assert_ok!(Consent::decline(did_origin(&grantee, BOB), declined));
		assert_noop!(renew(&subject, declined, T0 + 2 * DAY), Error::<Test>::Declined);
		// Nor renewed to a grantee DID that is gone.
		let (other_key, other) = person("other");
		let open = grant_email(&subject, &other);
		assert_ok!(did_call(&other_key, BOB, pallet_did::Call::<Test>::deactivate {}));
		assert_noop!(renew(&subject, open, T0 + 3 * DAY), Error::<Test>::GranteeNotActive);
	});
}

#[test]
fn renew_may_end_at_most_max_grant_duration_ahead() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_email(&subject, &grantee);
		assert_noop!(renew(&subject, id, T0 + MAX_GRANT_DURATION + 1), Error::<Test>::EndsTooLate);
		assert_ok!(renew(&subject, id, T0 + MAX_GRANT_DURATION));
		// Renewing again later moves the bound with chain time, never beyond it.
		set_now(T0 + DAY);
		assert_noop!(
			renew(&subject, id, T0 + DAY + MAX_GRANT_DURATION + 1),
			Error::<Test>::EndsTooLate
		);
		assert_ok!(renew(&subject, id, T0 + DAY + MAX_GRANT_DURATION));
		assert_eq!(record(id).valid_until, T0 + DAY + MAX_GRANT_DURATION);
	});
}
