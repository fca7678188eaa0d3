//! The runtime API's reads: `check` picks the most informative grant, fails closed, denies
//! for deactivated DIDs and refuses times in the past; listings page by id from a cursor.

use frame_support::assert_ok;

use crate::{mock::*, *};

const SP: &[u8] = b"dpv:ServiceProvision";

fn check_email(
	subject: &sp_runtime::AccountId32,
	grantee: &sp_runtime::AccountId32,
	at: Option<Moment>,
) -> CheckResult {
	Consent::api_check(subject, grantee, b"email", Action::Read, SP, at)
		.expect("a check now or ahead is answered")
}

fn denied_without_grant(reason: DenyReason) -> CheckResult {
	CheckResult::Denied { reason, grant_id: None, valid_until: None }
}

fn denied(reason: DenyReason, id: GrantId, until: Moment) -> CheckResult {
	CheckResult::Denied { reason, grant_id: Some(id), valid_until: Some(until) }
}

#[test]
fn check_without_grants_is_no_grant() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let none = denied_without_grant(DenyReason::NoGrant);
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
		// Now, and at any moment ahead that it would have covered.
		assert_eq!(
			check_email(&subject, &grantee, None),
			denied(DenyReason::Declined, id, T0 + DAY)
		);
		assert_eq!(
			check_email(&subject, &grantee, Some(T0 + DAY - 1)),
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
		let can = |action| {
			Consent::api_check(&subject, &grantee, b"email", action, SP, None)
				.expect("a check now is answered")
		};
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

type Page = pallet_consent_runtime_api::GrantPage<AccountId, Balance, u64>;

/// A page's grant ids and its cursor.
fn ids(page: Page) -> (Vec<GrantId>, Option<GrantId>) {
	(page.grants.into_iter().map(|g| g.id).collect(), page.next)
}

#[test]
fn listings_page_by_id_from_a_cursor() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let grantees: Vec<_> = (0..3).map(|i| person(&format!("grantee{i}")).1).collect();
		for grantee in &grantees {
			grant_email(&subject, grantee);
			grant_email(&subject, grantee);
		}
		let by_subject = |after: Option<GrantId>, limit: u32| {
			ids(Consent::api_grants_by_subject(&subject, after, limit))
		};
		assert_eq!(by_subject(None, 4), (vec![0, 1, 2, 3], Some(3)));
		assert_eq!(by_subject(Some(3), 4), (vec![4, 5], None));
		assert_eq!(by_subject(Some(5), 4), (vec![], None));
		// A page that ends exactly at the last grant says there is no next one.
		assert_eq!(by_subject(Some(1), 4), (vec![2, 3, 4, 5], None));
		// The cursor need not be a listed grant.
		assert_eq!(by_subject(Some(99), 4), (vec![], None));
		// A limit of 0 reads one; any limit is capped at MAX_PAGE.
		assert_eq!(by_subject(None, 0), (vec![0], Some(0)));
		assert_eq!(by_subject(None, u32::MAX).0.len(), 6);
		let to_grantee = |who: usize, after: Option<GrantId>| {
			ids(Consent::api_grants_to_grantee(&grantees[who], after, 10))
		};
		assert_eq!(to_grantee(1, None), (vec![2, 3], None));
		assert_eq!(to_grantee(1, Some(2)), (vec![3], None));
		assert_eq!(ids(Consent::api_grants_to_grantee(&grantees[1], None, 1)), (vec![2], Some(2)));
		assert_eq!(ids(Consent::api_grants_to_grantee(&subject, None, 10)), (vec![], None));
		// Ended grants are listed until purged.
		assert_ok!(Consent::revoke_all(did_origin(&subject, ALICE)));
		assert_eq!(by_subject(None, 10).0.len(), 6);
	});
}

/// Grant ids are stored big-endian, so a listing stays in id order where little-endian keys
/// would not (255 before 256), and a cursor resumes exactly after itself.
#[test]
fn listings_stay_in_id_order_across_byte_boundaries() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let grantees: Vec<_> = (0..3).map(|i| person(&format!("grantee{i}")).1).collect();
		let mut given = Vec::new();
		for start in [254, 65_534] {
			crate::NextGrantId::<Test>::put(start);
			for grantee in &grantees {
				given.push(grant_email(&subject, grantee));
			}
		}
		assert_eq!(given, vec![254, 255, 256, 65_534, 65_535, 65_536]);
		assert_eq!(ids(Consent::api_grants_by_subject(&subject, None, 10)), (given.clone(), None));
		// One at a time, each page from the previous page's cursor.
		let mut listed = Vec::new();
		let mut after = None;
		for _ in 0..given.len() {
			let (page, next) = ids(Consent::api_grants_by_subject(&subject, after, 1));
			listed.extend(page);
			after = next;
			if after.is_none() {
				break;
			}
		}
		assert_eq!(listed, given);
		assert_eq!(after, None);
		assert_eq!(
			ids(Consent::api_grants_to_grantee(&grantees[2], Some(255), 10)),
			(vec![256, 65_536], None)
		);
	});
}

/// A check answers for now or later, never for the past: it would read today's grants (here
/// renewed since) and present them as then.
#[test]
fn check_refuses_times_in_the_past() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_with(&subject, &grantee, &[email()], T0, T0 + HOUR);
		set_now(T0 + 2 * HOUR);
		let at =
			|moment| Consent::api_check(&subject, &grantee, b"email", Action::Read, SP, moment);
		assert_eq!(at(Some(T0)), Err(CheckError::TimeInPast { now: T0 + 2 * HOUR }));
		assert_eq!(at(Some(T0 + 2 * HOUR - 1)), Err(CheckError::TimeInPast { now: T0 + 2 * HOUR }));
		// Now, and ahead, are answered.
		assert_eq!(at(None), Ok(denied(DenyReason::Expired, id, T0 + HOUR)));
		assert_eq!(at(Some(T0 + 2 * HOUR)), Ok(denied(DenyReason::Expired, id, T0 + HOUR)));
		// Even without any grant.
		let (_, stranger) = person("stranger");
		assert_eq!(
			Consent::api_check(&stranger, &grantee, b"email", Action::Read, SP, Some(T0)),
			Err(CheckError::TimeInPast { now: T0 + 2 * HOUR })
		);
	});
}

/// The subject whose key was stolen deactivates its DID: its grants allow nothing from then
/// on, with their own reason, though they are open and valid.
#[test]
fn check_denies_when_the_subject_is_deactivated() {
	new_test_ext().build_and_execute(|| {
		let (subject_key, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_email(&subject, &grantee);
		assert!(check_email(&subject, &grantee, None).is_allowed());
		deactivate(&subject_key);
		let deactivated = denied_without_grant(DenyReason::SubjectDeactivated);
		assert_eq!(check_email(&subject, &grantee, None), deactivated);
		assert_eq!(check_email(&subject, &grantee, Some(T0 + HOUR)), deactivated);
		// The grant's own status is unchanged; the reads show it allows nothing.
		assert_eq!(record(id).status, GrantStatus::Open);
		assert_eq!(Consent::api_grant(id).map(|g| g.state), Some(GrantState::SubjectDeactivated));
		// Without grants the answer stays NoGrant.
		let (_, other) = person("other");
		assert_eq!(check_email(&subject, &other, None), denied_without_grant(DenyReason::NoGrant));
	});
}

#[test]
fn check_denies_when_the_grantee_is_deactivated() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (grantee_key, grantee) = person("grantee");
		let later = grant_with(&subject, &grantee, &[email()], T0 + HOUR, T0 + DAY);
		let revoked = grant_email(&subject, &grantee);
		assert_ok!(Consent::revoke(did_origin(&subject, ALICE), revoked));
		deactivate(&grantee_key);
		assert_eq!(
			check_email(&subject, &grantee, Some(T0 + HOUR)),
			denied_without_grant(DenyReason::GranteeDeactivated)
		);
		assert_eq!(
			Consent::api_grant(later).map(|g| g.state),
			Some(GrantState::GranteeDeactivated)
		);
		// An ended grant keeps the state that says how it ended.
		assert_eq!(Consent::api_grant(revoked).map(|g| g.state), Some(GrantState::Revoked));
	});
}
