use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, *};

fn access(
	grantee: &sp_runtime::AccountId32,
	id: GrantId,
	category: &[u8],
	action: Action,
	purpose: &[u8],
) -> sp_runtime::DispatchResult {
	Consent::record_access(did_origin(grantee, BOB), id, bytes(category), action, bytes(purpose))
}

const SP: &[u8] = b"dpv:ServiceProvision";

#[test]
fn record_access_records_and_counts() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let list = [scope("phone", Actions::READ, "dpv:ServiceProvision"), email()];
		let id = grant_with(&subject, &grantee, &list, T0, T0 + DAY);
		next_block();
		set_now(T0 + 7);
		assert_ok!(access(&grantee, id, b"email", Action::Store, SP));
		let grant = record(id);
		assert_eq!(grant.accesses, 1);
		assert_eq!(grant.updated, 2);
		let history = Consent::api_history(id).expect("stored");
		assert_eq!(
			history[1],
			HistoryEntry {
				event: Lifecycle::Accessed { scope: 1, action: Action::Store },
				block: 2,
				at: T0 + 7
			}
		);
		System::assert_last_event(
			Event::AccessRecorded {
				grant: id,
				grantee: grantee.clone(),
				scope: 1,
				action: Action::Store,
			}
			.into(),
		);
	});
}

#[test]
fn record_access_needs_an_exactly_covering_scope() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_email(&subject, &grantee);
		// Another action, category or purpose; a prefix or an extension of one.
		assert_noop!(
			access(&grantee, id, b"email", Action::Share, SP),
			Error::<Test>::ScopeMismatch
		);
		assert_noop!(access(&grantee, id, b"emai", Action::Read, SP), Error::<Test>::ScopeMismatch);
		assert_noop!(
			access(&grantee, id, b"emails", Action::Read, SP),
			Error::<Test>::ScopeMismatch
		);
		assert_noop!(
			access(&grantee, id, b"email", Action::Read, b"dpv:Marketing"),
			Error::<Test>::ScopeMismatch
		);
		// A scope withdrawn by narrowing covers nothing.
		let list = [email(), scope("phone", Actions::READ, "dpv:ServiceProvision")];
		let two = grant_with(&subject, &grantee, &list, T0, T0 + DAY);
		assert_ok!(access(&grantee, two, b"phone", Action::Read, SP));
		assert_ok!(Consent::narrow(
			did_origin(&subject, ALICE),
			two,
			Some(scopes(&[email()])),
			None
		));
		assert_noop!(
			access(&grantee, two, b"phone", Action::Read, SP),
			Error::<Test>::ScopeMismatch
		);
		assert_ok!(access(&grantee, two, b"email", Action::Read, SP));
	});
}

#[test]
fn record_access_fails_for_strangers_and_unknown_grants() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let (_, stranger) = person("stranger");
		let id = grant_email(&subject, &grantee);
		assert_noop!(access(&stranger, id, b"email", Action::Read, SP), Error::<Test>::NotGrantee);
		assert_noop!(access(&subject, id, b"email", Action::Read, SP), Error::<Test>::NotGrantee);
		assert_noop!(
			access(&grantee, id + 1, b"email", Action::Read, SP),
			Error::<Test>::GrantNotFound
		);
	});
}

#[test]
fn record_access_fails_once_the_grant_has_ended() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let revoked = grant_email(&subject, &grantee);
		assert_ok!(Consent::revoke(did_origin(&subject, ALICE), revoked));
		assert_noop!(access(&grantee, revoked, b"email", Action::Read, SP), Error::<Test>::Revoked);
		let declined = grant_email(&subject, &grantee);
		assert_ok!(Consent::decline(did_origin(&grantee, BOB), declined));
		assert_noop!(
			access(&grantee, declined, b"email", Action::Read, SP),
			Error::<Test>::Declined
		);
	});
}

#[test]
fn record_access_fails_once_the_subject_or_grantee_did_is_deactivated() {
	new_test_ext().build_and_execute(|| {
		let (subject_key, subject) = person("subject");
		let (grantee_key, grantee) = person("grantee");
		let (_, other) = person("other");
		let id = grant_email(&subject, &grantee);
		let to_other = grant_email(&other, &grantee);
		assert_ok!(access(&grantee, id, b"email", Action::Read, SP));
		// The subject deactivates its DID (its key was stolen, say): the grant allows no more
		// accesses, though it is open and valid until tomorrow.
		deactivate(&subject_key);
		assert_noop!(
			access(&grantee, id, b"email", Action::Read, SP),
			Error::<Test>::SubjectNotActive
		);
		// Through a real DID-signed call too.
		let call = Call::<Test>::record_access {
			grant_id: id,
			category: bytes(b"email"),
			action: Action::Read,
			purpose: bytes(SP),
		};
		assert_eq!(did_call(&grantee_key, BOB, call), Err(Error::<Test>::SubjectNotActive.into()));
		assert_eq!(record(id).accesses, 1);
		// A deactivated grantee can no longer sign; a grantee origin for it (as another
		// runtime's origin might give) is refused all the same.
		assert_ok!(access(&grantee, to_other, b"email", Action::Read, SP));
		deactivate(&grantee_key);
		assert_noop!(
			access(&grantee, to_other, b"email", Action::Read, SP),
			Error::<Test>::GranteeNotActive
		);
	});
}

/// The interval is half-open: `[valid_from, valid_until)`.
#[test]
fn record_access_time_edges() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let (from, until) = (T0 + HOUR, T0 + 2 * HOUR);
		let id = grant_with(&subject, &grantee, &[email()], from, until);
		let check = || {
			Consent::api_check(&subject, &grantee, b"email", Action::Read, SP, None)
				.expect("a check now is answered")
		};
		// `check` at an explicit moment ahead gives the same edges as chain time reaching it.
		let at = |moment| {
			Consent::api_check(&subject, &grantee, b"email", Action::Read, SP, Some(moment))
				.expect("a moment ahead is answered")
		};
		assert!(!at(from - 1).is_allowed());
		assert!(at(from).is_allowed());
		assert!(at(until - 1).is_allowed());
		assert!(!at(until).is_allowed());
		// 1 ms before valid_from: not yet.
		set_now(from - 1);
		assert_noop!(access(&grantee, id, b"email", Action::Read, SP), Error::<Test>::NotYetValid);
		assert_eq!(
			check(),
			CheckResult::Denied {
				reason: DenyReason::NotYetValid,
				grant_id: Some(id),
				valid_until: Some(until)
			}
		);
		// Exactly valid_from: valid.
		set_now(from);
		assert_ok!(access(&grantee, id, b"email", Action::Read, SP));
		assert_eq!(check(), CheckResult::Allowed { grant_id: id, valid_until: until });
		// 1 ms before valid_until: still valid.
		set_now(until - 1);
		assert_ok!(access(&grantee, id, b"email", Action::Read, SP));
		// Exactly valid_until: no longer.
		set_now(until);
		assert_noop!(access(&grantee, id, b"email", Action::Read, SP), Error::<Test>::Expired);
		assert_eq!(
			check(),
			CheckResult::Denied {
				reason: DenyReason::Expired,
				grant_id: Some(id),
				valid_until: Some(until)
			}
		);
		assert_eq!(record(id).accesses, 2);
	});
}
