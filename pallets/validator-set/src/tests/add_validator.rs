use frame_support::{assert_noop, assert_ok};

use super::last_event;
use crate::{mock::*, Changed, Error, Event, Validators};

#[test]
fn add_validator_works() {
	new_test_ext().build_and_execute(|| {
		set_keys(4);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_eq!(Validators::<Test>::get().into_inner(), vec![1, 2, 3, 4]);
		assert!(Changed::<Test>::get());
		assert_eq!(last_event(), Event::ValidatorAdded { who: 4 }.into());
	});
}

#[test]
fn add_validator_fails_without_session_keys() {
	new_test_ext().build_and_execute(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 4),
			Error::<Test>::NoSessionKeys
		);
		// Keys purged after they were set count as none.
		set_keys(4);
		assert_ok!(Session::purge_keys(RuntimeOrigin::signed(4)));
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 4),
			Error::<Test>::NoSessionKeys
		);
	});
}

#[test]
fn add_validator_fails_for_a_validator() {
	new_test_ext().build_and_execute(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::AlreadyValidator
		);
	});
}

#[test]
fn add_validator_fails_at_max_validators() {
	new_test_ext().build_and_execute(|| {
		for who in [4, 5] {
			set_keys(who);
		}
		// Three at genesis, the fourth fits (MAX_VALIDATORS), the fifth does not.
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_eq!(Validators::<Test>::get().len() as u32, MAX_VALIDATORS);
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 5),
			Error::<Test>::TooManyValidators
		);
	});
}
