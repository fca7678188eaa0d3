use frame_support::{assert_noop, assert_ok};

use super::last_event;
use crate::{mock::*, Changed, Error, Event, Validators};

#[test]
fn remove_validator_works() {
	new_test_ext().build_and_execute(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 2));
		assert_eq!(Validators::<Test>::get().into_inner(), vec![1, 3]);
		assert!(Changed::<Test>::get());
		assert_eq!(last_event(), Event::ValidatorRemoved { who: 2 }.into());
	});
}

#[test]
fn remove_validator_fails_for_a_non_validator() {
	new_test_ext().build_and_execute(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 7),
			Error::<Test>::NotValidator
		);
	});
}

#[test]
fn remove_validator_keeps_min_validators() {
	new_test_ext().build_and_execute(|| {
		// Three at genesis: one may go (MIN_VALIDATORS is two), the next may not.
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 1));
		assert_eq!(Validators::<Test>::get().len() as u32, MIN_VALIDATORS);
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::TooFewValidators
		);
	});
}
