//! Storage migrations.

/// Storage version 1 to 2: circuit keys become variable-length (`Circuit::key`), so that
/// version 2's prepared keys (then 3,168 bytes, 22 public inputs) fit beside version 1's
/// (then 1,152).
pub mod v2 {
	use codec::{Decode, Encode};
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
		BoundedVec,
	};
	use frame_system::pallet_prelude::BlockNumberFor;

	use crate::{Circuit, Circuits, Config, Pallet};

	/// Bytes of a version-1 prepared key, the only kind storage version 1 held (without the
	/// shifted bases storage version 3 added).
	pub const OLD_KEY_BYTES: usize =
		didimo_zk::verifier::unshifted_prepared_key_bytes(didimo_zk::Version::V1);

	/// A circuit record of storage version 1: a fixed-length key.
	#[derive(Encode, Decode)]
	pub struct OldCircuit<BlockNumber> {
		/// As [`Circuit::key_hash`].
		pub key_hash: [u8; 32],
		/// The prepared key of a version-1 circuit.
		pub key: [u8; OLD_KEY_BYTES],
		/// As [`Circuit::registered_at`].
		pub registered_at: BlockNumber,
		/// As [`Circuit::retired_at`].
		pub retired_at: Option<BlockNumber>,
	}

	/// Rewrites every circuit record with its key as a bounded vector; nothing else changes.
	pub struct InnerMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count = 0u64;
			Circuits::<T>::translate::<OldCircuit<BlockNumberFor<T>>, _>(|_, old| {
				count += 1;
				Some(Circuit {
					key_hash: old.key_hash,
					// 1,152 bytes fit the bound.
					key: BoundedVec::truncate_from(old.key.to_vec()),
					registered_at: old.registered_at,
					retired_at: old.retired_at,
				})
			});
			T::DbWeight::get().reads_writes(count, count)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok((Circuits::<T>::iter_keys().count() as u32).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before = u32::decode(&mut &state[..])
				.map_err(|_| sp_runtime::TryRuntimeError::Other("the pre-upgrade count"))?;
			let after = Circuits::<T>::iter().count() as u32;
			frame_support::ensure!(before == after, "a circuit record did not migrate");
			Ok(())
		}
	}

	/// [`InnerMigrateV1ToV2`] run once, from storage version 1 to 2.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		InnerMigrateV1ToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Storage version 2 to 3: prepared keys gain each input base's multiples by `2^64`, `2^128`
/// and `2^192` (`didimo_zk::verifier::PreparedVerifyingKey`), which make `present`'s
/// multi-scalar multiplication one of 64-bit scalars. Every stored key is re-prepared from
/// what is stored (trusted: validated when it was registered), on the runtime's engine.
pub mod v3 {
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
		BoundedVec,
	};

	use crate::{weights::WeightInfo, Circuits, Config, Pallet};

	/// Re-prepares every circuit key stored in the earlier encoding; keys already in the new
	/// one are left as they are.
	pub struct InnerMigrateV2ToV3<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV2ToV3<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut weight = Weight::zero();
			for (version, mut circuit) in Circuits::<T>::iter() {
				weight.saturating_accrue(T::DbWeight::get().reads(1));
				let Ok(key) =
					didimo_zk::verifier::PreparedVerifyingKey::from_unshifted_trusted_bytes::<
						T::Engine,
					>(&circuit.key)
				else {
					// Not the earlier encoding (already migrated): nothing to do.
					continue;
				};
				// Re-preparing costs less than registering (no decoding of compressed points,
				// no pairing), which the benchmarks price.
				weight.saturating_accrue(T::WeightInfo::register_circuit());
				match BoundedVec::try_from(key.to_bytes()) {
					Ok(bytes) => {
						circuit.key = bytes;
						Circuits::<T>::insert(version, circuit);
						weight.saturating_accrue(T::DbWeight::get().writes(1));
					},
					Err(_) => log::error!(
						target: "runtime::presentation",
						"circuit {version}: the re-prepared key does not fit its bound; left as it was",
					),
				}
			}
			weight
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			Ok(Circuits::<T>::iter()
				.map(|(v, c)| (v, c.key_hash))
				.collect::<alloc::vec::Vec<_>>()
				.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let before =
				<alloc::vec::Vec<(crate::CircuitVersion, [u8; 32])>>::decode(&mut &state[..])
					.map_err(|_| sp_runtime::TryRuntimeError::Other("the pre-upgrade records"))?;
			for (version, key_hash) in before {
				let circuit = Circuits::<T>::get(version)
					.ok_or(sp_runtime::TryRuntimeError::Other("a circuit record disappeared"))?;
				frame_support::ensure!(circuit.key_hash == key_hash, "a key hash changed");
				didimo_zk::verifier::PreparedVerifyingKey::from_trusted_bytes(&circuit.key)
					.map_err(|_| sp_runtime::TryRuntimeError::Other("a key did not migrate"))?;
			}
			Ok(())
		}
	}

	/// [`InnerMigrateV2ToV3`] run once, from storage version 2 to 3.
	pub type MigrateV2ToV3<T> = VersionedMigration<
		2,
		3,
		InnerMigrateV2ToV3<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
