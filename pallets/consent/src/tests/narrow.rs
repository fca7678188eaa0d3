use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, *};

fn narrow(
	subject: &sp_runtime::AccountId32,
	id: GrantId,
	list: Option<&[Scope<Test>]>,
	until: Option<Moment>,
) -> sp_runtime::DispatchResult {
	Consent::narrow(did_origin(subject, ALICE), id, list.map(scopes), until)
}

fn two_scopes() -> [Scope<Test>; 2] {
	[
		scope("email", Actions::READ | Actions::STORE | Actions::SHARE, "dpv:ServiceProvision"),
		scope("phone", Actions::READ, "dpv:ServiceProvision"),
	]
}

#[test]
fn narrow_withdraws_actions_and_scopes_keeping_their_places() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_with(&subject, &grantee, &two_scopes(), T0, T0 + DAY);
		next_block();
		// Keep only reading email: share and store go, phone is withdrawn.
		let kept = [scope("email", Actions::READ, "dpv:ServiceProvision")];
		assert_ok!(narrow(&subject, id, Some(&kept), None));
		let grant = record(id);
		assert_eq!(grant.scopes.len(), 2);
		assert_eq!(grant.scopes[0].actions, Actions(Actions::READ));
		assert_eq!(grant.scopes[1].actions, Actions::NONE);
		assert_eq!(grant.scopes[1].category.to_vec(), b"phone".to_vec());
		assert_eq!(grant.valid_until, T0 + DAY);
		assert_eq!(grant.updated, 2);
		assert_eq!(lifecycle(id), vec![Lifecycle::Given, Lifecycle::Narrowed]);
		System::assert_last_event(Event::GrantNarrowed { grant: id, valid_until: T0 + DAY }.into());
		// The deposit does not change: the scopes keep their storage.
		assert_eq!(held(ALICE), GRANT_DEPOSIT + 2 * SCOPE_DEPOSIT);
		// Withdrawn actions are no longer allowed.
		let check = |category: &[u8], action| {
			Consent::api_check(&subject, &grantee, category, action, b"dpv:ServiceProvision", None)
				.expect("a check now is answered")
		};
		assert!(check(b"email", Action::Read).is_allowed());
		assert!(!check(b"email", Action::Share).is_allowed());
		assert!(!check(b"phone", Action::Read).is_allowed());
	});
}

#[test]
fn narrow_brings_the_end_forward() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_with(&subject, &grantee, &two_scopes(), T0, T0 + DAY);
		assert_ok!(narrow(&subject, id, None, Some(T0 + HOUR)));
		assert_eq!(record(id).valid_until, T0 + HOUR);
		assert_eq!(record(id).scopes, scopes(&two_scopes()));
		System::assert_last_event(
			Event::GrantNarrowed { grant: id, valid_until: T0 + HOUR }.into(),
		);
		// Both at once.
		let kept = [scope("phone", Actions::READ, "dpv:ServiceProvision")];
		assert_ok!(narrow(&subject, id, Some(&kept), Some(T0 + HOUR - 1)));
		assert_eq!(record(id).valid_until, T0 + HOUR - 1);
		assert_eq!(record(id).scopes[0].actions, Actions::NONE);
	});
}

#[test]
fn narrow_fails_if_anything_widens() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_with(&subject, &grantee, &two_scopes(), T0, T0 + DAY);
		// A later end.
		assert_noop!(narrow(&subject, id, None, Some(T0 + DAY + 1)), Error::<Test>::NotNarrower);
		// A new action on an existing scope.
		let more = [scope("phone", Actions::READ | Actions::DERIVE, "dpv:ServiceProvision")];
		assert_noop!(narrow(&subject, id, Some(&more), None), Error::<Test>::NotNarrower);
		// A new category, or a known category for a new purpose.
		let other = [scope("address", Actions::READ, "dpv:ServiceProvision")];
		assert_noop!(narrow(&subject, id, Some(&other), None), Error::<Test>::NotNarrower);
		let repurposed = [scope("email", Actions::READ, "dpv:Marketing")];
		assert_noop!(narrow(&subject, id, Some(&repurposed), None), Error::<Test>::NotNarrower);
		// A withdrawn scope cannot come back.
		let kept = [scope("email", Actions::READ, "dpv:ServiceProvision")];
		assert_ok!(narrow(&subject, id, Some(&kept), None));
		let back = [kept[0].clone(), scope("phone", Actions::READ, "dpv:ServiceProvision")];
		assert_noop!(narrow(&subject, id, Some(&back), None), Error::<Test>::NotNarrower);
	});
}

#[test]
fn narrow_checks_its_input() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_with(&subject, &grantee, &two_scopes(), T0 - HOUR, T0 + DAY);
		assert_noop!(narrow(&subject, id, None, None), Error::<Test>::NoChange);
		assert_noop!(narrow(&subject, id, Some(&two_scopes()), None), Error::<Test>::NoChange);
		assert_noop!(narrow(&subject, id, None, Some(T0 + DAY)), Error::<Test>::NoChange);
		assert_noop!(narrow(&subject, id, Some(&[]), None), Error::<Test>::NoScopes);
		let none = [scope("email", 0, "dpv:ServiceProvision")];
		assert_noop!(narrow(&subject, id, Some(&none), None), Error::<Test>::InvalidActions);
		let empty = [scope("", 1, "dpv:ServiceProvision")];
		assert_noop!(narrow(&subject, id, Some(&empty), None), Error::<Test>::EmptyScopeField);
		let twice = [
			scope("email", Actions::READ, "dpv:ServiceProvision"),
			scope("email", Actions::STORE, "dpv:ServiceProvision"),
		];
		assert_noop!(narrow(&subject, id, Some(&twice), None), Error::<Test>::DuplicateScope);
		assert_noop!(narrow(&subject, id, None, Some(T0 - HOUR)), Error::<Test>::InvalidPeriod);
		assert_noop!(narrow(&subject, id, None, Some(T0)), Error::<Test>::EndsInPast);
		assert_noop!(narrow(&subject, id + 1, None, Some(T0 + 1)), Error::<Test>::GrantNotFound);
		assert_noop!(narrow(&grantee, id, None, Some(T0 + 1)), Error::<Test>::NotSubject);
	});
}

#[test]
fn narrow_fails_once_the_grant_has_ended() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let revoked = grant_email(&subject, &grantee);
		assert_ok!(Consent::revoke(did_origin(&subject, ALICE), revoked));
		assert_noop!(narrow(&subject, revoked, None, Some(T0 + 1)), Error::<Test>::Revoked);
		let declined = grant_email(&subject, &grantee);
		assert_ok!(Consent::decline(did_origin(&grantee, BOB), declined));
		assert_noop!(narrow(&subject, declined, None, Some(T0 + 1)), Error::<Test>::Declined);
		let expired = grant_with(&subject, &grantee, &[email()], T0, T0 + HOUR);
		set_now(T0 + HOUR);
		assert_noop!(narrow(&subject, expired, None, Some(T0 + HOUR - 1)), Error::<Test>::Expired);
	});
}

#[test]
fn narrow_works_before_the_grant_is_valid() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = grant_with(&subject, &grantee, &two_scopes(), T0 + HOUR, T0 + DAY);
		assert_ok!(narrow(&subject, id, None, Some(T0 + 2 * HOUR)));
		assert_noop!(narrow(&subject, id, None, Some(T0 + HOUR)), Error::<Test>::InvalidPeriod);
	});
}
