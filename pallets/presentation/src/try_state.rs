//! The circuit registry's invariants, checked after every test and by `try-runtime`.

use didimo_zk::verifier::PreparedVerifyingKey;
use frame_support::ensure;
use sp_runtime::TryRuntimeError;

use crate::{Circuits, Config, SUPPORTED_VERSIONS};

pub(crate) fn do_try_state<T: Config>() -> Result<(), TryRuntimeError> {
	for (version, circuit) in Circuits::<T>::iter() {
		ensure!(SUPPORTED_VERSIONS.contains(&version), "a registered version is not supported");
		ensure!(
			PreparedVerifyingKey::from_trusted_bytes(&circuit.key).is_ok(),
			"a stored key does not decode"
		);
		ensure!(
			circuit.retired_at.is_none_or(|retired| retired >= circuit.registered_at),
			"a circuit was retired before it was registered"
		);
	}
	Ok(())
}
