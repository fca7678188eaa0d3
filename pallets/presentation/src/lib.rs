//! # Presentations
//!
//! ## Overview
//!
//! On-chain verification of zero-knowledge credential presentations (`didimo_zk`, Groth16 over
//! BLS12-381). This first part is the **circuit registry**: the versions of the presentation
//! circuit the chain accepts proofs of, each with its verifying key, registered and retired by
//! a privileged origin, and the Groth16 check itself, run through the runtime's BLS12-381 host
//! calls (`sp-crypto-ec-utils`) rather than in wasm.
//!
//! ## Terminology
//!
//! - *Circuit version*: a version of the presentation circuit (`didimo_zk::prover::
//!   CIRCUIT_VERSION`); the runtime knows how each version's statement is built, so only
//!   versions in [`SUPPORTED_VERSIONS`] can be registered.
//! - *Verifying key*: the circuit's Groth16 verifying key, given in arkworks' compressed form
//!   (440 bytes) and validated on registration: canonical encodings, points on the curve and in
//!   the prime-order subgroups, no identity point, the input count the version expects, and
//!   `gamma ≠ delta`, neither the G2 generator (`didimo_zk::verifier::VerifyingKey`).
//! - *Prepared key*: what is stored, the form that verifies cheapest: `e(alpha, beta)`
//!   computed once, `gamma` and `delta` negated, all uncompressed (1,152 bytes), so
//!   verification decodes it without square roots or subgroup checks
//!   (`PreparedVerifyingKey::from_trusted_bytes`; only validated keys are ever stored).
//! - *Key hash*: `VerifyingKey::hash`, the Poseidon hash of the compressed key, by which
//!   wallets and verifiers name a key.
//!
//! ## Interface
//!
//! [`Config::CircuitOrigin`] (root in DIDimo's runtimes):
//! - [`Pallet::register_circuit`]: register a version's verifying key. A version is never
//!   re-keyed: a new key is a new version.
//! - [`Pallet::retire_circuit`]: stop accepting a version's proofs (the record stays).
//!
//! Anyone, without a transaction (the `PresentationApi` runtime API):
//! [`Pallet::api_circuits`], [`Pallet::api_verify_proof`].
//!
//! For other pallets: [`Pallet::verify_proof`].
//!
//! Proofs are decoded and validated in the runtime (canonical compressed points in the
//! prime-order subgroups, none the identity) before any point reaches a host call: the host
//! side does not validate.
//!
//! Genesis may register circuits ([`GenesisConfig::circuits`]). DIDimo's development and
//! local presets register the *development* key of circuit version 1 ([`dev`]), made from a
//! public seed: whoever knows the seed can forge proofs. Never for production.
//!
//! ## Invariants (checked by `try_state`)
//!
//! Every stored key decodes as a prepared key; every version is supported; no circuit was
//! retired before it was registered.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod dev;
mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(any(feature = "try-runtime", test))]
mod try_state;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet_presentation_runtime_api::{CircuitInfo, CircuitVersion, VerifyError};
pub use types::*;
pub use weights::WeightInfo;

/// The circuit versions whose statements this runtime can build: only these can be registered.
pub const SUPPORTED_VERSIONS: &[CircuitVersion] = &[didimo_zk::prover::CIRCUIT_VERSION];

/// The length of a verifying key in compressed form.
pub const VERIFYING_KEY_BYTES: u32 = didimo_zk::verifier::VERIFYING_KEY_BYTES as u32;

/// The length of a stored (prepared) key.
pub const PREPARED_KEY_BYTES: usize = didimo_zk::verifier::PREPARED_KEY_BYTES;

/// The length of a compressed proof.
pub const PROOF_BYTES: usize = didimo_zk::verifier::PROOF_BYTES;

/// The length of an uncompressed proof.
pub const PROOF_BYTES_UNCOMPRESSED: usize = didimo_zk::verifier::PROOF_BYTES_UNCOMPRESSED;

#[frame_support::pallet]
pub mod pallet {
	use alloc::vec::Vec;
	use didimo_zk::{
		field,
		verifier::{Engine, PreparedVerifyingKey, Proof, VerifyingKey},
		Fr,
	};
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who registers and retires circuit versions. DIDimo's runtimes use root.
		type CircuitOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The pairing engine proofs are checked on: in the runtime
		/// `didimo_zk::verifier::HostBls12_381` (the BLS12-381 host calls); arkworks' own
		/// `ark_bls12_381::Bls12_381` computes the same in plain wasm, about six times slower.
		type Engine: Engine;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The registered circuit versions. `Twox64Concat` is safe: only `CircuitOrigin` writes.
	#[pallet::storage]
	pub type Circuits<T: Config> =
		StorageMap<_, Twox64Concat, CircuitVersion, Circuit<BlockNumberFor<T>>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A circuit version was registered with the verifying key of this hash.
		CircuitRegistered {
			/// The version.
			version: CircuitVersion,
			/// `VerifyingKey::hash` of its key.
			key_hash: [u8; 32],
		},
		/// A circuit version was retired: its proofs are no longer accepted.
		CircuitRetired {
			/// The version.
			version: CircuitVersion,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The runtime cannot build statements of this circuit version
		/// ([`SUPPORTED_VERSIONS`]).
		UnsupportedVersion,
		/// This version is already registered; a version is never re-keyed.
		CircuitExists,
		/// The verifying key is malformed or fails the key checks.
		InvalidVerifyingKey,
		/// No circuit of this version is registered.
		UnknownCircuit,
		/// The circuit version is retired.
		CircuitRetired,
		/// Proof bytes that are not three canonical, valid, non-identity points.
		MalformedProof,
		/// A public input that is not a canonical BLS12-381 scalar.
		NonCanonicalInput,
		/// A well-formed proof that does not verify.
		ProofRejected,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Circuit versions to register, each with its compressed verifying key. Each must
		/// pass [`Pallet::register_circuit`]'s checks.
		pub circuits: Vec<(CircuitVersion, Vec<u8>)>,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (version, key) in &self.circuits {
				if let Err(error) = Pallet::<T>::do_register(*version, key) {
					// Genesis cannot start with a key the chain would refuse.
					panic!("genesis circuit version {version} is refused: {error:?}");
				}
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			try_state::do_try_state::<T>()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers circuit `version` with its verifying key, validated (see the crate
		/// documentation) and stored prepared.
		///
		/// Origin: `CircuitOrigin`.
		///
		/// - `version`: one of [`SUPPORTED_VERSIONS`], not yet registered.
		/// - `verifying_key`: the compressed key, exactly 440 bytes.
		///
		/// Emits `CircuitRegistered`.
		///
		/// ## Errors
		/// - `UnsupportedVersion`, `CircuitExists`, `InvalidVerifyingKey`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_circuit())]
		pub fn register_circuit(
			origin: OriginFor<T>,
			version: CircuitVersion,
			verifying_key: BoundedVec<u8, ConstU32<VERIFYING_KEY_BYTES>>,
		) -> DispatchResult {
			T::CircuitOrigin::ensure_origin(origin)?;
			Self::do_register(version, &verifying_key)
		}

		/// Retires circuit `version`: its proofs are refused from now on. The record stays,
		/// so the version can never be registered again with another key.
		///
		/// Origin: `CircuitOrigin`.
		///
		/// Emits `CircuitRetired`.
		///
		/// ## Errors
		/// - `UnknownCircuit`, `CircuitRetired` (already retired).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::retire_circuit())]
		pub fn retire_circuit(origin: OriginFor<T>, version: CircuitVersion) -> DispatchResult {
			T::CircuitOrigin::ensure_origin(origin)?;
			Circuits::<T>::try_mutate(version, |circuit| {
				let circuit = circuit.as_mut().ok_or(Error::<T>::UnknownCircuit)?;
				ensure!(circuit.retired_at.is_none(), Error::<T>::CircuitRetired);
				circuit.retired_at = Some(frame_system::Pallet::<T>::block_number());
				Ok::<_, Error<T>>(())
			})?;
			Self::deposit_event(Event::CircuitRetired { version });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Validates and stores a circuit version's key.
		pub(crate) fn do_register(version: CircuitVersion, key: &[u8]) -> DispatchResult {
			ensure!(SUPPORTED_VERSIONS.contains(&version), Error::<T>::UnsupportedVersion);
			ensure!(!Circuits::<T>::contains_key(version), Error::<T>::CircuitExists);
			let vk = VerifyingKey::from_bytes(key).map_err(|_| Error::<T>::InvalidVerifyingKey)?;
			let stored: [u8; PREPARED_KEY_BYTES] = vk
				.prepare_with::<T::Engine>()
				.to_bytes()
				.try_into()
				.map_err(|_| Error::<T>::InvalidVerifyingKey)?;
			let key_hash = field::to_bytes(&vk.hash());
			Circuits::<T>::insert(
				version,
				Circuit {
					key_hash,
					key: stored,
					registered_at: frame_system::Pallet::<T>::block_number(),
					retired_at: None,
				},
			);
			Self::deposit_event(Event::CircuitRegistered { version, key_hash });
			Ok(())
		}

		/// Checks a Groth16 `proof` (192 compressed or 384 uncompressed bytes; the second
		/// decodes without square roots, so it costs less) for `public_input` under circuit
		/// `version`, on [`Config::Engine`]: the proof's points are decoded and validated
		/// here, in the runtime, before any reaches a host call. Calls turn the reason into
		/// their [`Error`] with `From`.
		pub fn verify_proof(
			version: CircuitVersion,
			public_input: &Fr,
			proof: &[u8],
		) -> Result<(), VerifyError> {
			Self::verify_proof_with::<T::Engine>(version, public_input, proof)
		}

		/// [`Self::verify_proof`] on the engine `E` (the benchmarks compare engines).
		pub(crate) fn verify_proof_with<E: Engine>(
			version: CircuitVersion,
			public_input: &Fr,
			proof: &[u8],
		) -> Result<(), VerifyError> {
			let circuit = Circuits::<T>::get(version).ok_or(VerifyError::UnknownCircuit)?;
			ensure!(circuit.retired_at.is_none(), VerifyError::CircuitRetired);
			let proof =
				Proof::from_bytes_with::<E>(proof).map_err(|_| VerifyError::MalformedProof)?;
			// Only keys `do_register` validated are stored, so this decodes; a failure would
			// be corrupt state, refused like a key that verifies nothing.
			let key = PreparedVerifyingKey::from_trusted_bytes(&circuit.key)
				.map_err(|_| VerifyError::UnknownCircuit)?;
			didimo_zk::verifier::verify_with::<E>(&key, public_input, &proof)
				.map_err(|_| VerifyError::ProofRejected)
		}
	}

	impl<T> From<VerifyError> for Error<T> {
		fn from(error: VerifyError) -> Self {
			match error {
				VerifyError::UnknownCircuit => Error::UnknownCircuit,
				VerifyError::CircuitRetired => Error::CircuitRetired,
				VerifyError::MalformedProof => Error::MalformedProof,
				VerifyError::NonCanonicalInput => Error::NonCanonicalInput,
				VerifyError::ProofRejected => Error::ProofRejected,
			}
		}
	}
}
