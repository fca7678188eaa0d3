//! The validator set's invariants, checked after every test and by `try-runtime`.

use frame_support::{ensure, traits::Get};
use sp_runtime::TryRuntimeError;

use crate::{Config, SessionLength, Validators};

pub(crate) fn do_try_state<T: Config>() -> Result<(), TryRuntimeError> {
	let validators = Validators::<T>::get();
	// Only the default genesis, which configures nothing, has no validators; no call can
	// take the set below MinValidators.
	if validators.is_empty() {
		return Ok(());
	}
	ensure!(
		validators.len() as u32 >= T::MinValidators::get().max(1),
		"the validator set is below MinValidators"
	);
	for (i, validator) in validators.iter().enumerate() {
		ensure!(
			!validators.iter().skip(i + 1).any(|v| v == validator),
			"a validator is listed twice"
		);
	}
	let length = SessionLength::<T>::get();
	ensure!(
		length >= T::MinSessionLength::get() && length <= T::MaxSessionLength::get(),
		"the session length is out of bounds"
	);
	Ok(())
}
