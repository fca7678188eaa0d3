//! One file per call, and one for the sessions the set drives.

mod add_validator;
mod remove_validator;
mod sessions;
mod set_session_length;

use frame_support::assert_noop;
use sp_runtime::DispatchError;

use crate::mock::*;

/// Every call is refused to anyone but the manage origin.
#[test]
fn calls_need_the_manage_origin() {
	new_test_ext().build_and_execute(|| {
		set_keys(4);
		let signed = RuntimeOrigin::signed(1);
		assert_noop!(ValidatorSet::add_validator(signed.clone(), 4), DispatchError::BadOrigin);
		assert_noop!(ValidatorSet::remove_validator(signed.clone(), 1), DispatchError::BadOrigin);
		assert_noop!(ValidatorSet::set_session_length(signed, 10), DispatchError::BadOrigin);
	});
}

/// The last event the runtime deposited.
pub(crate) fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}
