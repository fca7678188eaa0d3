use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, *};

#[test]
fn revoke_grantee_ends_every_open_grant_of_the_pair() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let (_, other) = person("other");
		let a = grant_email(&subject, &grantee);
		let b = grant_with(&subject, &grantee, &[email()], T0 + DAY, T0 + 2 * DAY);
		let run_out = grant_with(&subject, &grantee, &[email()], T0, T0 + HOUR);
		let kept = grant_email(&subject, &other);
		set_now(T0 + HOUR);
		assert_ok!(Consent::revoke_grantee(did_origin(&subject, ALICE), grantee.clone()));
		assert_eq!(record(a).status, GrantStatus::Revoked { at: T0 + HOUR });
		assert_eq!(record(b).status, GrantStatus::Revoked { at: T0 + HOUR });
		// The one that had run out is marked expired, not revoked.
		assert_eq!(record(run_out).status, GrantStatus::Expired { at: T0 + HOUR });
		assert_eq!(lifecycle(run_out), vec![Lifecycle::Given, Lifecycle::Expired]);
		assert_eq!(record(kept).status, GrantStatus::Open);
		let ends: Vec<Event<Test>> = events().into_iter().rev().take(4).collect();
		assert_eq!(
			ends[0],
			Event::GranteeGrantsRevoked {
				subject: subject.clone(),
				grantee: grantee.clone(),
				ended: 3
			}
		);
		assert!(ends.contains(&Event::GrantExpired {
			grant: run_out,
			subject: subject.clone(),
			grantee: grantee.clone()
		}));
		assert!(ends.contains(&Event::GrantRevoked {
			grant: a,
			subject: subject.clone(),
			grantee: grantee.clone()
		}));
		// Nothing open is left for the pair.
		assert_noop!(
			Consent::revoke_grantee(did_origin(&subject, ALICE), grantee.clone()),
			Error::<Test>::NothingToRevoke
		);
	});
}

#[test]
fn revoke_grantee_needs_an_open_grant() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		assert_noop!(
			Consent::revoke_grantee(did_origin(&subject, ALICE), grantee.clone()),
			Error::<Test>::NothingToRevoke
		);
		// Grants the other way round are not the subject's to revoke.
		grant_email(&grantee, &subject);
		assert_noop!(
			Consent::revoke_grantee(did_origin(&subject, ALICE), grantee.clone()),
			Error::<Test>::NothingToRevoke
		);
	});
}

#[test]
fn revoke_grantee_handles_a_full_pair() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let ids: Vec<GrantId> =
			(0..MAX_GRANTS_PER_PAIR).map(|_| grant_email(&subject, &grantee)).collect();
		assert_ok!(Consent::revoke_grantee(did_origin(&subject, ALICE), grantee.clone()));
		for id in ids {
			assert_eq!(record(id).state(now()), GrantState::Revoked);
		}
	});
}
