//! The audit trail's bounds: lifecycle entries are kept, the oldest accesses are dropped.

use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, *};

const SP: &[u8] = b"dpv:ServiceProvision";

fn access(grantee: &sp_runtime::AccountId32, id: GrantId) {
	assert_ok!(Consent::record_access(
		did_origin(grantee, BOB),
		id,
		bytes(b"email"),
		Action::Read,
		bytes(SP)
	));
}

fn accessed_at(id: GrantId) -> Vec<Moment> {
	Consent::api_history(id)
		.expect("stored")
		.into_iter()
		.filter(|entry| !entry.event.is_lifecycle())
		.map(|entry| entry.at)
		.collect()
}

#[test]
fn history_drops_the_oldest_access_at_n_plus_one() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_email(&subject, &grantee);
		// Given + MAX_HISTORY - 1 accesses: exactly full.
		for i in 1..MAX_HISTORY as u64 {
			set_now(T0 + i);
			access(&grantee, id);
		}
		assert_eq!(Consent::api_history(id).expect("stored").len() as u32, MAX_HISTORY);
		assert_eq!(accessed_at(id), vec![T0 + 1, T0 + 2, T0 + 3]);
		// One more: the oldest access goes, Given stays.
		set_now(T0 + 4);
		access(&grantee, id);
		assert_eq!(Consent::api_history(id).expect("stored").len() as u32, MAX_HISTORY);
		assert_eq!(lifecycle(id)[0], Lifecycle::Given);
		assert_eq!(accessed_at(id), vec![T0 + 2, T0 + 3, T0 + 4]);
		assert_eq!(record(id).accesses, 4);
		// A terminal entry also makes room by dropping the oldest access.
		assert_ok!(Consent::revoke(did_origin(&subject, ALICE), id));
		assert_eq!(lifecycle(id).first(), Some(&Lifecycle::Given));
		assert_eq!(lifecycle(id).last(), Some(&Lifecycle::Revoked));
		assert_eq!(accessed_at(id), vec![T0 + 3, T0 + 4]);
	});
}

#[test]
fn history_keeps_room_for_the_end_at_n_and_n_plus_one_changes() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_email(&subject, &grantee);
		access(&grantee, id);
		// Given + MAX_HISTORY - 2 changes leave exactly one slot for the end.
		for i in 1..=(MAX_HISTORY as u64 - 2) {
			assert_ok!(Consent::renew(did_origin(&subject, ALICE), id, T0 + DAY + i));
		}
		assert_eq!(
			lifecycle(id),
			vec![
				Lifecycle::Given,
				Lifecycle::Accessed { scope: 0, action: Action::Read },
				Lifecycle::Renewed,
				Lifecycle::Renewed
			]
		);
		// One more change does not fit.
		assert_noop!(
			Consent::renew(did_origin(&subject, ALICE), id, T0 + 2 * DAY),
			Error::<Test>::TooManyChanges
		);
		assert_noop!(
			Consent::narrow(did_origin(&subject, ALICE), id, None, Some(T0 + HOUR)),
			Error::<Test>::TooManyChanges
		);
		// Accesses still go in, replacing each other in the one free slot...
		access(&grantee, id);
		assert_eq!(Consent::api_history(id).expect("stored").len() as u32, MAX_HISTORY);
		// ...and the end always fits.
		assert_ok!(Consent::revoke(did_origin(&subject, ALICE), id));
		assert_eq!(
			lifecycle(id),
			vec![Lifecycle::Given, Lifecycle::Renewed, Lifecycle::Renewed, Lifecycle::Revoked]
		);
		assert_eq!(record(id).accesses, 2);
	});
}
