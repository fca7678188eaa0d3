use frame_support::{assert_noop, assert_ok};

use super::last_event;
use crate::{mock::*, Error, Event, SessionLength};

#[test]
fn set_session_length_works() {
	new_test_ext().build_and_execute(|| {
		assert_ok!(ValidatorSet::set_session_length(RuntimeOrigin::root(), MAX_SESSION));
		assert_eq!(SessionLength::<Test>::get(), MAX_SESSION);
		assert_eq!(last_event(), Event::SessionLengthSet { blocks: MAX_SESSION }.into());
		assert_ok!(ValidatorSet::set_session_length(RuntimeOrigin::root(), MIN_SESSION));
		assert_eq!(SessionLength::<Test>::get(), MIN_SESSION);
	});
}

#[test]
fn set_session_length_fails_out_of_bounds() {
	new_test_ext().build_and_execute(|| {
		for blocks in [0, MIN_SESSION - 1, MAX_SESSION + 1] {
			assert_noop!(
				ValidatorSet::set_session_length(RuntimeOrigin::root(), blocks),
				Error::<Test>::InvalidSessionLength
			);
		}
	});
}
