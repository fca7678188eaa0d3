//! The runtime API's reads: `check` picks the most informative grant and fails closed;
//! listings page by id.

use frame_support::assert_ok;

use crate::{mock::*, *};

const SP: &[u8] = b"dpv:ServiceProvision";

fn check_email(
	subject: &sp_runtime::AccountId32,
	grantee: &sp_runtime::AccountId32,
	at: Option<Moment>,
) -> CheckResult {
	Consent::api_check(subject, grantee, b"email", Action::Read, SP, at)
}

fn denied(reason: DenyReason, id: GrantId, until: Moment) -> CheckResult {
	CheckResult::Denied { reason, grant_id: Some(id), valid_until: Some(until) }
}

#[test]
fn check_without_grants_is_no_grant() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let none =
			CheckResult::Denied { reason: DenyReason::NoGrant, grant_id: None, valid_until: None };
		assert_eq!(check_email(&subject, &grantee, None), none);
		// A grant the other way round does not count.
		grant_email(&grantee, &subject);
		assert_eq!(check_email(&subject, &grantee, None), none);
	});
}

#[test]
fn check_prefers_the_most_informative_grant() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		// Only a grant for another purpose: ScopeMismatch.
		let other = grant_with(
			&subject,
			&grantee,
			&[scope("email", Actions::READ, "dpv:Marketing")],
			T0,
			T0 + DAY,
		);
		assert_eq!(
			check_email(&subject, &grantee, None),
			denied(DenyReason::ScopeMismatch, other, T0 + DAY)
		);
		// A covering grant that was revoked says more than a mismatch.
		let revoked = grant_with(&subject, &grantee, &[email()], T0, T0 + 2 * DAY);
		assert_ok!(Consent::revoke(did_origin(&subject, ALICE), revoked));
		assert_eq!(
			check_email(&subject, &grantee, None),
			denied(DenyReason::Revoked, revoked, T0 + 2 * DAY)
		);
		// A covering grant that starts later says more than an ended one.
		let later = grant_with(&subject, &grantee, &[email()], T0 + HOUR, T0 + DAY);
		assert_eq!(
			check_email(&subject, &grantee, None),
			denied(DenyReason::NotYetValid, later, T0 + DAY)
		);
		// Once it is valid, it allows.
		assert_eq!(
			check_email(&subject, &grantee, Some(T0 + HOUR)),
			CheckResult::Allowed { grant_id: later, valid_until: T0 + DAY }
		);
		// After it runs out: Expired (its end, T0 + DAY, is later than the revocation at T0).
		assert_eq!(
			check_email(&subject, &grantee, Some(T0 + DAY)),
			denied(DenyReason::Expired, later, T0 + DAY)
		);
	});
}

#[test]
fn check_allows_with_the_grant_valid_longest() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let short = grant_with(&subject, &grantee, &[email()], T0, T0 + HOUR);
		let long = grant_with(&subject, &grantee, &[email()], T0, T0 + DAY);
		let _mismatch = grant_with(
			&subject,
			&grantee,
			&[scope("email", Actions::READ, "dpv:Marketing")],
			T0,
			T0 + 2 * DAY,
		);
		assert_eq!(
			check_email(&subject, &grantee, None),
			CheckResult::Allowed { grant_id: long, valid_until: T0 + DAY }
		);
		assert_ok!(Consent::revoke(did_origin(&subject, ALICE), long));
		assert_eq!(
			check_email(&subject, &grantee, None),
			CheckResult::Allowed { grant_id: short, valid_until: T0 + HOUR }
		);
		// Of two covering grants that ended, the later end wins: `short` ran out at T0 + HOUR,
		// `long` was revoked at T0.
		set_now(T0 + HOUR);
		assert_eq!(
			check_email(&subject, &grantee, None),
			denied(DenyReason::Expired, short, T0 + HOUR)
		);
	});
}

#[test]
fn check_fails_closed_for_ended_grants_at_any_time() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_email(&subject, &grantee);
		set_now(T0 + HOUR);
		assert_ok!(Consent::decline(did_origin(&grantee, BOB), id));
		// Even at a moment before it was declined.
		assert_eq!(
			check_email(&subject, &grantee, Some(T0)),
			denied(DenyReason::Declined, id, T0 + DAY)
		);
		// Each action separately.
		let actions = grant_with(
			&subject,
			&grantee,
			&[scope("email", Actions::READ | Actions::DERIVE, "dpv:ServiceProvision")],
			T0,
			T0 + DAY,
		);
		let can = |action| Consent::api_check(&subject, &grantee, b"email", action, SP, None);
		assert_eq!(
			can(Action::Read),
			CheckResult::Allowed { grant_id: actions, valid_until: T0 + DAY }
		);
		assert_eq!(
			can(Action::Derive),
			CheckResult::Allowed { grant_id: actions, valid_until: T0 + DAY }
		);
		assert_eq!(can(Action::Share), denied(DenyReason::ScopeMismatch, actions, T0 + DAY));
		// Storing is covered only by the declined grant, which says more than a mismatch.
		assert_eq!(can(Action::Store), denied(DenyReason::Declined, id, T0 + DAY));
	});
}

#[test]
fn grant_info_and_history_reads() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_with(&subject, &grantee, &[email()], T0 + HOUR, T0 + DAY);
		let info = Consent::api_grant(id).expect("stored");
		assert_eq!(info.id, id);
		assert_eq!(info.subject, subject);
		assert_eq!(info.grantee, grantee);
		assert_eq!(info.scopes, vec![email().info()]);
		assert_eq!(info.scopes[0].category, b"email".to_vec());
		assert_eq!(info.state, GrantState::NotYetValid);
		assert_eq!(info.status, GrantStatus::Open);
		assert_eq!(info.deposit, GRANT_DEPOSIT + SCOPE_DEPOSIT);
		assert_eq!(info.depositor, account(ALICE));
		assert_eq!(info.jurisdiction, b"EU".to_vec());
		assert_eq!((info.now, info.block), (T0, 1));
		set_now(T0 + HOUR);
		assert_eq!(Consent::api_grant(id).expect("stored").state, GrantState::Active);
		set_now(T0 + DAY);
		assert_eq!(Consent::api_grant(id).expect("stored").state, GrantState::Expired);
		assert_eq!(Consent::api_history(id).map(|h| h.len()), Some(1));
		assert!(Consent::api_grant(id + 1).is_none());
		assert!(Consent::api_history(id + 1).is_none());
	});
}

#[test]
fn listings_page_by_id() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let grantees: Vec<_> = (0..3).map(|i| person(&format!("grantee{i}")).1).collect();
		for grantee in &grantees {
			grant_email(&subject, grantee);
			grant_email(&subject, grantee);
		}
		let ids = |page: Vec<pallet_consent_runtime_api::GrantInfo<AccountId, Balance, u64>>| {
			page.into_iter().map(|g| g.id).collect::<Vec<_>>()
		};
		assert_eq!(ids(Consent::api_grants_by_subject(&subject, 0, 4)), vec![0, 1, 2, 3]);
		assert_eq!(ids(Consent::api_grants_by_subject(&subject, 4, 4)), vec![4, 5]);
		assert_eq!(ids(Consent::api_grants_by_subject(&subject, 6, 4)), Vec::<GrantId>::new());
		assert_eq!(ids(Consent::api_grants_by_subject(&subject, 0, 0)), Vec::<GrantId>::new());
		assert_eq!(ids(Consent::api_grants_to_grantee(&grantees[1], 0, 10)), vec![2, 3]);
		assert_eq!(ids(Consent::api_grants_to_grantee(&grantees[1], 3, 10)), vec![3]);
		assert_eq!(ids(Consent::api_grants_to_grantee(&subject, 0, 10)), Vec::<GrantId>::new());
		// The page size is capped.
		assert_eq!(ids(Consent::api_grants_by_subject(&subject, 0, u32::MAX)).len(), 6);
		// Ended grants are listed until purged.
		assert_ok!(Consent::revoke_all(did_origin(&subject, ALICE)));
		assert_eq!(ids(Consent::api_grants_by_subject(&subject, 0, 10)).len(), 6);
	});
}
