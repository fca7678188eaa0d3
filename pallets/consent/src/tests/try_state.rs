//! `try_state` catches each kind of inconsistency: tampered deposits, indices, statuses and
//! histories.

use frame_support::{assert_ok, traits::fungible::MutateHold, BoundedVec};

use crate::{mock::*, *};

/// Two grants (one revoked) with an access recorded, then `tamper`; `try_state` must fail.
fn fails_after(tamper: impl FnOnce(GrantId, GrantId)) {
	new_test_ext().build().execute_with(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let open = grant_email(&subject, &grantee);
		let revoked = grant_email(&subject, &grantee);
		assert_ok!(Consent::revoke(did_origin(&subject, ALICE), revoked));
		assert_ok!(Consent::record_access(
			did_origin(&grantee, BOB),
			open,
			bytes(b"email"),
			Action::Read,
			bytes(b"dpv:ServiceProvision")
		));
		assert_ok!(crate::try_state::do_try_state::<Test>());
		tamper(open, revoked);
		assert!(crate::try_state::do_try_state::<Test>().is_err());
	});
}

fn edit(id: GrantId, change: impl FnOnce(&mut Grant<Test>)) {
	Grants::<Test>::mutate(id, |grant| change(grant.as_mut().expect("stored")));
}

#[test]
fn try_state_catches_deposit_mismatches() {
	fails_after(|open, _| edit(open, |g| g.deposit += 1));
	fails_after(|_, _| {
		assert_ok!(Balances::hold(
			&RuntimeHoldReason::Consent(HoldReason::GrantDeposit),
			&account(ALICE),
			1
		));
	});
	fails_after(|open, _| edit(open, |g| g.depositor = account(BOB)));
}

#[test]
fn try_state_catches_index_mismatches() {
	fails_after(|open, _| {
		let grant = record(open);
		SubjectGrants::<Test>::remove(&grant.subject, GrantKey::from(open));
	});
	fails_after(|open, _| {
		let grant = record(open);
		GranteeGrants::<Test>::remove(&grant.grantee, GrantKey::from(open));
	});
	fails_after(|open, _| {
		let grant = record(open);
		PairGrants::<Test>::mutate(&grant.subject, &grant.grantee, |ids| {
			ids.retain(|id| *id != open)
		});
	});
	fails_after(|_, revoked| {
		let grant = record(revoked);
		OpenGrants::<Test>::insert(&grant.subject, revoked, ());
	});
	fails_after(|open, _| {
		let grant = record(open);
		OpenGrants::<Test>::remove(&grant.subject, open);
	});
	fails_after(|_, _| {
		SubjectGrants::<Test>::insert(TestDid::new("x").did(), GrantKey::from(77), ())
	});
	fails_after(|open, _| NextGrantId::<Test>::put(open));
}

#[test]
fn try_state_catches_bad_grants_and_histories() {
	fails_after(|open, _| edit(open, |g| g.valid_from = g.valid_until));
	fails_after(|open, _| edit(open, |g| g.scopes[0].actions = Actions(0x10)));
	fails_after(|open, _| edit(open, |g| g.scopes[0].actions = Actions::NONE));
	fails_after(|open, _| edit(open, |g| g.status = GrantStatus::Declined { at: T0 }));
	fails_after(|open, _| edit(open, |g| g.accesses = 0));
	fails_after(|open, _| {
		Histories::<Test>::mutate(open, |h| {
			h.remove(0);
		})
	});
	fails_after(|_, revoked| {
		Histories::<Test>::mutate(revoked, |h| {
			h.pop();
		})
	});
	fails_after(|open, _| {
		Histories::<Test>::mutate(open, |h| {
			let _ = h.try_push(HistoryEntry { event: Lifecycle::Revoked, block: 1, at: T0 });
		})
	});
	fails_after(|open, _| {
		let entry = HistoryEntry {
			event: Lifecycle::Accessed { scope: 5, action: Action::Read },
			block: 1,
			at: T0,
		};
		Histories::<Test>::insert(
			open,
			BoundedVec::truncate_from(vec![
				HistoryEntry { event: Lifecycle::Given, block: 1, at: T0 },
				entry,
			]),
		);
	});
	fails_after(|_, _| Histories::<Test>::insert(99, BoundedVec::new()));
}
