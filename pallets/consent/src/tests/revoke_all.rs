use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, *};

fn revoke_all(subject: &sp_runtime::AccountId32) -> sp_runtime::DispatchResult {
	Consent::revoke_all(did_origin(subject, ALICE)).map(|_| ()).map_err(|e| e.error)
}

fn last_summary() -> Option<(u32, bool)> {
	events().into_iter().rev().find_map(|event| match event {
		Event::AllGrantsRevoked { ended, more_remaining, .. } => Some((ended, more_remaining)),
		_ => None,
	})
}

#[test]
fn revoke_all_works_through_many_grants_in_bounded_calls() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let grantees: Vec<_> = (0..3).map(|i| person(&format!("grantee{i}")).1).collect();
		let mut ids = Vec::new();
		for grantee in &grantees {
			ids.push(grant_email(&subject, grantee));
			ids.push(grant_with(&subject, grantee, &[email()], T0 + DAY, T0 + 2 * DAY));
		}
		// Another subject's grant is untouched.
		let (_, bystander) = person("bystander");
		let theirs = grant_email(&bystander, &grantees[0]);
		// 6 grants, MAX_REVOCATIONS (2) per call: 2, 2, then the last 2 with nothing left.
		assert_ok!(revoke_all(&subject));
		assert_eq!(last_summary(), Some((MAX_REVOCATIONS, true)));
		assert_eq!(OpenGrants::<Test>::iter_prefix(&subject).count(), 4);
		assert_ok!(revoke_all(&subject));
		assert_eq!(last_summary(), Some((MAX_REVOCATIONS, true)));
		assert_ok!(revoke_all(&subject));
		assert_eq!(last_summary(), Some((2, false)));
		System::assert_last_event(
			Event::AllGrantsRevoked { subject: subject.clone(), ended: 2, more_remaining: false }
				.into(),
		);
		for id in ids {
			assert_eq!(record(id).state(now()), GrantState::Revoked);
			assert_eq!(lifecycle(id), vec![Lifecycle::Given, Lifecycle::Revoked]);
		}
		assert_eq!(record(theirs).status, GrantStatus::Open);
		assert_noop!(revoke_all(&subject), Error::<Test>::NothingToRevoke);
	});
}

#[test]
fn revoke_all_with_exactly_the_bound_says_nothing_remains() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		for _ in 0..MAX_REVOCATIONS {
			grant_email(&subject, &grantee);
		}
		assert_ok!(revoke_all(&subject));
		assert_eq!(last_summary(), Some((MAX_REVOCATIONS, false)));
		// N + 1: one is left for the next call.
		for _ in 0..=MAX_REVOCATIONS {
			grant_email(&subject, &person(&format!("g{}", NextGrantId::<Test>::get())).1);
		}
		assert_ok!(revoke_all(&subject));
		assert_eq!(last_summary(), Some((MAX_REVOCATIONS, true)));
		assert_ok!(revoke_all(&subject));
		assert_eq!(last_summary(), Some((1, false)));
	});
}

#[test]
fn revoke_all_marks_run_out_grants_expired() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let run_out = grant_with(&subject, &grantee, &[email()], T0, T0 + HOUR);
		set_now(T0 + 2 * HOUR);
		assert_ok!(revoke_all(&subject));
		assert_eq!(record(run_out).status, GrantStatus::Expired { at: T0 + HOUR });
		assert!(events().contains(&Event::GrantExpired {
			grant: run_out,
			subject: subject.clone(),
			grantee
		}));
	});
}

#[test]
fn revoke_all_needs_an_open_grant() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		assert_noop!(revoke_all(&subject), Error::<Test>::NothingToRevoke);
	});
}
