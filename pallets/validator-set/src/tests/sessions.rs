//! The sessions the set drives: when they end, and when a change reaches the authorities.

use frame_support::{assert_ok, traits::EstimateNextSessionRotation};
use sp_runtime::Permill;

use crate::{mock::*, Changed, Event, SessionStart};

#[test]
fn genesis_validators_are_the_first_authorities() {
	new_test_ext().build_and_execute(|| {
		assert_eq!(authorities(), GENESIS.to_vec());
		assert_eq!(Session::validators(), GENESIS.to_vec());
		assert_eq!(Session::current_index(), 0);
	});
}

#[test]
fn sessions_last_session_length_blocks() {
	new_test_ext().build_and_execute(|| {
		run_to_block(SESSION - 1);
		assert_eq!(Session::current_index(), 0);
		run_to_block(SESSION);
		assert_eq!(Session::current_index(), 1);
		assert_eq!(SessionStart::<Test>::get(), SESSION);
		run_to_block(3 * SESSION);
		assert_eq!(Session::current_index(), 3);
		// A new length counts from the current session's start.
		assert_ok!(ValidatorSet::set_session_length(RuntimeOrigin::root(), 2 * SESSION));
		run_to_block(4 * SESSION);
		assert_eq!(Session::current_index(), 3);
		run_to_block(5 * SESSION);
		assert_eq!(Session::current_index(), 4);
	});
}

#[test]
fn a_new_validator_authors_from_the_session_after_next() {
	new_test_ext().build_and_execute(|| {
		set_keys(4);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		// Session 1 was planned at genesis: still the old set.
		run_to_block(SESSION);
		assert_eq!(Session::current_index(), 1);
		assert_eq!(authorities(), GENESIS.to_vec());
		assert!(!Changed::<Test>::get(), "session 2 was planned with the change");
		assert!(System::events()
			.iter()
			.any(|e| e.event == Event::NewSetPlanned { index: 2, validators: 4 }.into()));
		// Session 2 has it.
		run_to_block(2 * SESSION);
		assert_eq!(authorities(), vec![1, 2, 3, 4]);
		// Unchanged sets are not planned again.
		System::reset_events();
		run_to_block(3 * SESSION);
		assert_eq!(authorities(), vec![1, 2, 3, 4]);
		assert!(!System::events()
			.iter()
			.any(|e| matches!(e.event, RuntimeEvent::ValidatorSet(Event::NewSetPlanned { .. }))));
	});
}

#[test]
fn a_removed_validator_stops_from_the_session_after_next() {
	new_test_ext().build_and_execute(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 2));
		run_to_block(SESSION);
		assert_eq!(authorities(), GENESIS.to_vec());
		run_to_block(2 * SESSION);
		assert_eq!(authorities(), vec![1, 3]);
	});
}

#[test]
fn the_next_rotation_is_estimated_from_the_session_start() {
	new_test_ext().build_and_execute(|| {
		run_to_block(SESSION + 2);
		let (next, _) = ValidatorSet::estimate_next_session_rotation(SESSION + 2);
		assert_eq!(next, Some(2 * SESSION));
		let (progress, _) = ValidatorSet::estimate_current_session_progress(SESSION + 2);
		assert_eq!(progress, Some(Permill::from_rational(2u64, SESSION)));
		assert_eq!(
			<ValidatorSet as EstimateNextSessionRotation<u64>>::average_session_length(),
			SESSION
		);
	});
}
