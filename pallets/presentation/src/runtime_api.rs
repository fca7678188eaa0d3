//! The reads behind the `PresentationApi` runtime API.

use alloc::vec::Vec;
use didimo_zk::field;
use frame_system::pallet_prelude::BlockNumberFor;

use crate::{CircuitInfo, CircuitVersion, Circuits, Config, Pallet, VerifyError};

impl<T: Config> Pallet<T> {
	/// Every registered circuit version, in version order.
	pub fn api_circuits() -> Vec<CircuitInfo<BlockNumberFor<T>>> {
		let mut circuits: Vec<_> = Circuits::<T>::iter()
			.map(|(version, circuit)| CircuitInfo {
				version,
				key_hash: circuit.key_hash,
				registered_at: circuit.registered_at,
				retired_at: circuit.retired_at,
			})
			.collect();
		circuits.sort_by_key(|circuit| circuit.version);
		circuits
	}

	/// Whether `proof` verifies for `public_input` under circuit `version`.
	pub fn api_verify_proof(
		version: CircuitVersion,
		public_input: [u8; 32],
		proof: Vec<u8>,
	) -> Result<(), VerifyError> {
		let input = field::from_bytes(&public_input).map_err(|_| VerifyError::NonCanonicalInput)?;
		Self::verify_proof(version, &input, &proof)
	}
}
