//! `purge`: anyone may delete grants that ended `EndedRetention` ago or whose subject's or
//! grantee's DID is deactivated, and each deposit goes back to the account that paid it.

use codec::{Decode, Encode};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_runtime::DispatchError;

use crate::{mock::*, *};

const SP: &[u8] = b"dpv:ServiceProvision";
const DEPOSIT: Balance = GRANT_DEPOSIT + SCOPE_DEPOSIT;

fn purge_by(who: u8, ids: &[GrantId]) -> sp_runtime::DispatchResult {
	let ids = BoundedVec::try_from(ids.to_vec()).expect("at most MaxPurgesPerCall ids");
	Consent::purge(RuntimeOrigin::signed(account(who)), ids)
}

fn purged(id: GrantId) -> Event<Test> {
	Event::GrantPurged { grant: id, depositor: account(ALICE), deposit_released: DEPOSIT }
}

#[test]
fn purge_by_a_third_party_returns_the_deposit_to_the_payer() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		// Alice pays for the grant; no validator ever cleans it up.
		let id = grant_with(&subject, &grantee, &[email()], T0, T0 + HOUR);
		let (alice, charlie) = (free(ALICE), free(CHARLIE));
		assert_eq!(held(ALICE), DEPOSIT);
		set_now(T0 + HOUR + RETENTION);
		assert_ok!(purge_by(CHARLIE, &[id]));
		assert!(Consent::grant_record(id).is_none());
		assert!(Consent::api_history(id).is_none());
		assert!(PairGrants::<Test>::iter().next().is_none());
		// Exactly the deposit, to the payer; nothing to the caller.
		assert_eq!(held(ALICE), 0);
		assert_eq!(free(ALICE), alice + DEPOSIT);
		assert_eq!(free(CHARLIE), charlie);
		assert_eq!(held(CHARLIE), 0);
		// The grant had run out but was never marked: it is ended in an event first.
		let tail: Vec<Event<Test>> = events().into_iter().rev().take(2).collect();
		assert_eq!(
			tail,
			vec![
				purged(id),
				Event::GrantExpired {
					grant: id,
					subject: subject.clone(),
					grantee: grantee.clone()
				},
			]
		);
		assert_eq!(
			Consent::api_check(&subject, &grantee, b"email", Action::Read, SP, None),
			Ok(CheckResult::Denied {
				reason: DenyReason::NoGrant,
				grant_id: None,
				valid_until: None
			})
		);
	});
}

#[test]
fn purge_waits_for_the_retention_at_n_and_n_plus_one() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let revoked = grant_email(&subject, &grantee);
		let run_out = grant_with(&subject, &grantee, &[email()], T0, T0 + HOUR);
		set_now(T0 + 10);
		assert_ok!(Consent::revoke(did_origin(&subject, ALICE), revoked));
		// Ended, but not `EndedRetention` ago: `check` still says why.
		set_now(T0 + 10 + RETENTION - 1);
		assert_noop!(purge_by(CHARLIE, &[revoked]), Error::<Test>::NothingToPurge);
		set_now(T0 + 10 + RETENTION);
		assert_ok!(purge_by(CHARLIE, &[revoked]));
		System::assert_last_event(purged(revoked).into());
		// An open grant ended at its `valid_until`.
		set_now(T0 + HOUR + RETENTION - 1);
		assert_noop!(purge_by(CHARLIE, &[run_out]), Error::<Test>::NothingToPurge);
		set_now(T0 + HOUR + RETENTION);
		assert_ok!(purge_by(CHARLIE, &[run_out]));
		assert_eq!(held(ALICE), 0);
	});
}

/// The subject whose key was stolen deactivates its DID: anyone may then purge its grants at
/// once, open, run out or ended, and each deposit goes back to whoever paid it.
#[test]
fn purge_of_a_deactivated_subjects_grants_needs_no_wait() {
	new_test_ext().build_and_execute(|| {
		let (subject_key, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let (_, other) = person("other");
		let open = grant_email(&subject, &grantee);
		let later = grant_with(&subject, &grantee, &[email()], T0 + HOUR, T0 + DAY);
		let revoked = grant_email(&subject, &other);
		assert_ok!(Consent::revoke(did_origin(&subject, ALICE), revoked));
		// Not purgeable while the subject's DID is active.
		assert_noop!(purge_by(CHARLIE, &[open, later, revoked]), Error::<Test>::NothingToPurge);
		deactivate(&subject_key);
		let alice = free(ALICE);
		assert_ok!(purge_by(CHARLIE, &[open, later]));
		assert_ok!(purge_by(CHARLIE, &[revoked]));
		for id in [open, later, revoked] {
			assert!(Consent::grant_record(id).is_none());
			assert!(events().contains(&purged(id)));
		}
		// The open ones are ended in an event that says why; the revoked one already was.
		let voided = |id: GrantId| -> Event<Test> {
			Event::GrantVoided { grant: id, subject: subject.clone(), grantee: grantee.clone() }
		};
		assert!(events().contains(&voided(open)));
		assert!(events().contains(&voided(later)));
		let revoked_voided = events()
			.into_iter()
			.any(|e| matches!(e, Event::GrantVoided { grant, .. } if grant == revoked));
		assert!(!revoked_voided);
		assert_eq!(held(ALICE), 0);
		assert_eq!(free(ALICE), alice + 3 * DEPOSIT);
		assert!(Consent::api_grants_by_subject(&subject, None, 10).grants.is_empty());
		assert!(Consent::api_grants_to_grantee(&grantee, None, 10).grants.is_empty());
	});
}

#[test]
fn purge_of_a_deactivated_grantees_grants_needs_no_wait() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (grantee_key, grantee) = person("grantee");
		let (_, other) = person("other");
		let id = grant_email(&subject, &grantee);
		let kept = grant_email(&subject, &other);
		deactivate(&grantee_key);
		assert_ok!(purge_by(CHARLIE, &[id, kept]));
		assert!(Consent::grant_record(id).is_none());
		System::assert_has_event(
			Event::GrantVoided { grant: id, subject: subject.clone(), grantee }.into(),
		);
		// The other grantee's grant is not purgeable: skipped, untouched.
		assert_eq!(record(kept).status, GrantStatus::Open);
		assert_eq!(held(ALICE), DEPOSIT);
	});
}

#[test]
fn purge_skips_what_it_may_not_purge() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let open = grant_email(&subject, &grantee);
		let due = grant_with(&subject, &grantee, &[email()], T0, T0 + 1);
		set_now(T0 + 1 + RETENTION);
		// Unknown ids and grants that are not purgeable are skipped.
		assert_ok!(purge_by(CHARLIE, &[99, open, due]));
		assert!(Consent::grant_record(due).is_none());
		assert_eq!(record(open).status, GrantStatus::Open);
		// A grant listed twice is purged (and its deposit released) once.
		let again = grant_with(&subject, &grantee, &[email()], now() - 1, now() + 1);
		set_now(now() + 1 + RETENTION);
		assert_ok!(purge_by(CHARLIE, &[again, again]));
		let purges = events()
			.into_iter()
			.filter(|e| matches!(e, Event::GrantPurged { grant, .. } if *grant == again))
			.count();
		assert_eq!(purges, 1);
		assert_eq!(held(ALICE), DEPOSIT);
		// Nothing purgeable at all: the call fails.
		assert_noop!(purge_by(CHARLIE, &[open, 99]), Error::<Test>::NothingToPurge);
		assert_noop!(purge_by(CHARLIE, &[]), Error::<Test>::NothingToPurge);
	});
}

#[test]
fn purge_must_be_signed() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_with(&subject, &grantee, &[email()], T0, T0 + 1);
		set_now(T0 + 1 + RETENTION);
		assert_noop!(
			Consent::purge(RuntimeOrigin::none(), BoundedVec::truncate_from(vec![id])),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consent::purge(RuntimeOrigin::root(), BoundedVec::truncate_from(vec![id])),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn purge_bound_at_n_and_n_plus_one() {
	new_test_ext().build_and_execute(|| {
		// pallet index 4, call index 9 (purge), then the ids.
		let call = |n: u64| -> Vec<u8> {
			let mut raw = vec![4u8, 9u8];
			raw.extend((0..n).collect::<Vec<GrantId>>().encode());
			raw
		};
		assert!(RuntimeCall::decode(&mut &call(u64::from(MAX_PURGES))[..]).is_ok());
		assert!(RuntimeCall::decode(&mut &call(u64::from(MAX_PURGES) + 1)[..]).is_err());
	});
}
