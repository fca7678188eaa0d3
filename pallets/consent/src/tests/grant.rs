use codec::Encode;
use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, *};

fn give(
	subject: &sp_runtime::AccountId32,
	grantee: &sp_runtime::AccountId32,
	list: &[Scope<Test>],
	from: Moment,
	until: Moment,
	submitter: u8,
) -> sp_runtime::DispatchResult {
	Consent::grant(
		did_origin(subject, submitter),
		grantee.clone(),
		scopes(list),
		from,
		until,
		[1u8; 32],
		bytes(b"DE"),
		bytes(b"https://example.org/p"),
	)
}

#[test]
fn grant_works() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let list = [email(), scope("cred:Diploma", Actions::READ, "dpv:Education")];
		assert_ok!(give(&subject, &grantee, &list, T0 + HOUR, T0 + DAY, ALICE));
		let deposit = GRANT_DEPOSIT + 2 * SCOPE_DEPOSIT;
		assert_eq!(held(ALICE), deposit);
		let grant = record(0);
		assert_eq!(grant.subject, subject);
		assert_eq!(grant.grantee, grantee);
		assert_eq!(grant.scopes, scopes(&list));
		assert_eq!((grant.valid_from, grant.valid_until), (T0 + HOUR, T0 + DAY));
		assert_eq!(grant.receipt, [1u8; 32]);
		assert_eq!(grant.jurisdiction.to_vec(), b"DE".to_vec());
		assert_eq!(grant.policy.to_vec(), b"https://example.org/p".to_vec());
		assert_eq!(grant.depositor, account(ALICE));
		assert_eq!(grant.deposit, deposit);
		assert_eq!(grant.status, GrantStatus::Open);
		assert_eq!(grant.accesses, 0);
		assert_eq!(grant.state(T0), GrantState::NotYetValid);
		assert_eq!(lifecycle(0), vec![Lifecycle::Given]);
		let entry = Consent::api_history(0).expect("stored")[0];
		assert_eq!((entry.block, entry.at), (1, T0));
		System::assert_last_event(
			Event::GrantGiven {
				grant: 0,
				subject: subject.clone(),
				grantee: grantee.clone(),
				valid_from: T0 + HOUR,
				valid_until: T0 + DAY,
				deposit,
			}
			.into(),
		);
		assert_eq!(
			Consent::api_grants_by_subject(&subject, None, 10)
				.grants
				.iter()
				.map(|g| g.id)
				.collect::<Vec<_>>(),
			vec![0]
		);
		assert_eq!(Consent::api_grants_to_grantee(&grantee, None, 10).grants.len(), 1);
	});
}

#[test]
fn grant_deposits_are_exact_per_account() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let one = [email()];
		let three = [
			email(),
			scope("phone", Actions::READ, "dpv:ServiceProvision"),
			scope("email", Actions::SHARE, "dpv:Marketing"),
		];
		assert_ok!(give(&subject, &grantee, &one, T0, T0 + DAY, ALICE));
		assert_ok!(give(&subject, &grantee, &three, T0, T0 + DAY, BOB));
		assert_eq!(held(ALICE), GRANT_DEPOSIT + SCOPE_DEPOSIT);
		// Bob also holds the DID deposits (a different reason): only the grant is counted.
		assert_eq!(held(BOB), GRANT_DEPOSIT + 3 * SCOPE_DEPOSIT);
		assert_eq!(Consent::deposit_for(3), GRANT_DEPOSIT + 3 * SCOPE_DEPOSIT);
	});
}

#[test]
fn grant_fails_for_itself_and_inactive_grantees() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (grantee_key, grantee) = person("grantee");
		assert_noop!(
			give(&subject, &subject, &[email()], T0, T0 + DAY, ALICE),
			Error::<Test>::GranteeIsSubject
		);
		let unknown = TestDid::new("nobody").did();
		assert_noop!(
			give(&subject, &unknown, &[email()], T0, T0 + DAY, ALICE),
			Error::<Test>::GranteeNotActive
		);
		assert_ok!(did_call(&grantee_key, BOB, pallet_did::Call::<Test>::deactivate {}));
		assert_noop!(
			give(&subject, &grantee, &[email()], T0, T0 + DAY, ALICE),
			Error::<Test>::GranteeNotActive
		);
	});
}

#[test]
fn grant_checks_scopes() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let try_give = |list: &[Scope<Test>]| give(&subject, &grantee, list, T0, T0 + DAY, ALICE);
		assert_noop!(try_give(&[]), Error::<Test>::NoScopes);
		assert_noop!(try_give(&[scope("", 1, "dpv:X")]), Error::<Test>::EmptyScopeField);
		assert_noop!(try_give(&[scope("email", 1, "")]), Error::<Test>::EmptyScopeField);
		assert_noop!(try_give(&[scope("email", 0, "dpv:X")]), Error::<Test>::InvalidActions);
		assert_noop!(try_give(&[scope("email", 16, "dpv:X")]), Error::<Test>::InvalidActions);
		assert_noop!(try_give(&[scope("email", 0x11, "dpv:X")]), Error::<Test>::InvalidActions);
		assert_noop!(
			try_give(&[scope("email", 1, "dpv:X"), scope("email", 2, "dpv:X")]),
			Error::<Test>::DuplicateScope
		);
		// The same category for another purpose is another scope.
		assert_ok!(try_give(&[scope("email", 1, "dpv:X"), scope("email", 2, "dpv:Y")]));
		assert_ok!(try_give(&[scope("email", Actions::ALL, "dpv:X")]));
	});
}

#[test]
fn grant_checks_the_validity_interval() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let try_give = |from, until| give(&subject, &grantee, &[email()], from, until, ALICE);
		assert_noop!(try_give(T0 + DAY, T0 + DAY), Error::<Test>::InvalidPeriod);
		assert_noop!(try_give(T0 + DAY, T0 + HOUR), Error::<Test>::InvalidPeriod);
		// Ending exactly now is ending in the past: the interval is half-open.
		assert_noop!(try_give(T0 - DAY, T0), Error::<Test>::EndsInPast);
		assert_ok!(try_give(T0 - DAY, T0 + 1));
		// Starting in the past is fine; it is valid from now on.
		assert!(record(0).is_active(T0));
	});
}

#[test]
fn grant_may_end_at_most_max_grant_duration_ahead() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let try_give = |from, until| give(&subject, &grantee, &[email()], from, until, ALICE);
		// One millisecond beyond the bound fails, wherever the grant starts.
		assert_noop!(try_give(T0, T0 + MAX_GRANT_DURATION + 1), Error::<Test>::EndsTooLate);
		assert_noop!(
			try_give(T0 + MAX_GRANT_DURATION, T0 + MAX_GRANT_DURATION + 1),
			Error::<Test>::EndsTooLate
		);
		// Exactly at the bound is fine.
		assert_ok!(try_give(T0, T0 + MAX_GRANT_DURATION));
		// The bound moves with chain time.
		set_now(T0 + DAY);
		assert_ok!(try_give(T0, T0 + DAY + MAX_GRANT_DURATION));
		assert_noop!(try_give(T0, T0 + DAY + MAX_GRANT_DURATION + 1), Error::<Test>::EndsTooLate);
	});
}

#[test]
fn grant_needs_the_deposit() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		assert_noop!(
			give(&subject, &grantee, &[email()], T0, T0 + DAY, PAUPER),
			Error::<Test>::InsufficientDeposit
		);
	});
}

#[test]
fn grant_pair_bound_at_n_and_n_plus_one() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let (_, other) = person("other");
		for _ in 0..MAX_GRANTS_PER_PAIR {
			grant_email(&subject, &grantee);
		}
		assert_noop!(
			give(&subject, &grantee, &[email()], T0, T0 + DAY, ALICE),
			Error::<Test>::TooManyGrants
		);
		// Other pairs are not affected.
		grant_email(&subject, &other);
		grant_email(&grantee, &subject);
	});
}

#[test]
fn grant_to_a_full_pair_purges_the_grant_that_ended_first() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let a = grant_email(&subject, &grantee);
		let b = grant_with(&subject, &grantee, &[email()], T0, T0 + HOUR);
		let c = grant_email(&subject, &grantee);
		set_now(T0 + 10);
		assert_ok!(Consent::revoke(did_origin(&subject, ALICE), a));
		// `b` runs out at T0 + HOUR, after `a` was revoked at T0 + 10.
		set_now(T0 + 2 * HOUR);
		let before = held(ALICE);
		let d = grant_email(&subject, &grantee);
		assert!(Consent::grant_record(a).is_none());
		assert!(Consent::api_history(a).is_none());
		assert_eq!(PairGrants::<Test>::get(&subject, &grantee).to_vec(), vec![b, c, d]);
		assert!(events().contains(&Event::GrantPurged {
			grant: a,
			depositor: account(ALICE),
			deposit_released: GRANT_DEPOSIT + SCOPE_DEPOSIT
		}));
		assert_eq!(held(ALICE), before);
		// Next, `b` (run out, never marked) goes.
		let e = grant_email(&subject, &grantee);
		assert!(Consent::grant_record(b).is_none());
		assert_eq!(PairGrants::<Test>::get(&subject, &grantee).to_vec(), vec![c, d, e]);
		// Now all three are open: no room.
		assert_noop!(
			give(&subject, &grantee, &[email()], now(), now() + DAY, ALICE),
			Error::<Test>::TooManyGrants
		);
	});
}

#[test]
fn grant_bounds_at_n_and_n_plus_one() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let full: Vec<Scope<Test>> =
			(0..MAX_SCOPES).map(|i| scope(&format!("c{i}"), 1, "dpv:X")).collect();
		assert_ok!(give(&subject, &grantee, &full, T0, T0 + DAY, ALICE));
		assert_eq!(record(0).scopes.len() as u32, MAX_SCOPES);
		// One more scope, or one more byte of a field, does not decode: never dispatched.
		let call = |n: u32, field: u32| -> Vec<u8> {
			let mut raw = vec![4u8, 0u8]; // pallet index 4, call index 0 (grant)
			let list: Vec<(Vec<u8>, u8, Vec<u8>)> =
				(0..n).map(|i| (vec![b'c'; field as usize], i as u8 + 1, b"p".to_vec())).collect();
			raw.extend(
				(grantee.clone(), list, T0, T0 + DAY, [0u8; 32], b"EU".to_vec(), b"u".to_vec())
					.encode(),
			);
			raw
		};
		use codec::Decode;
		assert!(RuntimeCall::decode(&mut &call(MAX_SCOPES, MAX_FIELD)[..]).is_ok());
		assert!(RuntimeCall::decode(&mut &call(MAX_SCOPES + 1, MAX_FIELD)[..]).is_err());
		assert!(RuntimeCall::decode(&mut &call(MAX_SCOPES, MAX_FIELD + 1)[..]).is_err());
	});
}

#[test]
fn grant_fails_when_ids_are_exhausted() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		NextGrantId::<Test>::put(GrantId::MAX);
		assert_noop!(
			give(&subject, &grantee, &[email()], T0, T0 + DAY, ALICE),
			Error::<Test>::GrantIdsExhausted
		);
		NextGrantId::<Test>::put(GrantId::MAX - 1);
		assert_ok!(give(&subject, &grantee, &[email()], T0, T0 + DAY, ALICE));
		assert_eq!(record(GrantId::MAX - 1).subject, subject);
	});
}
