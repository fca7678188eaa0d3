//! Storage migrations.

/// Storage version 1 to 2: circuit keys become variable-length (`Circuit::key`), so that
/// version 2's prepared keys (3,168 bytes, 22 public inputs) fit beside version 1's (1,152).
pub mod v2 {
	use codec::{Decode, Encode};
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
		BoundedVec,
	};
	use frame_system::pallet_prelude::BlockNumberFor;

	use crate::{Circuit, Circuits, Config, Pallet};

	/// Bytes of a version-1 prepared key, the only kind storage version 1 held.
	pub const OLD_KEY_BYTES: usize = didimo_zk::verifier::PREPARED_KEY_BYTES;

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
					// 1,152 bytes fit the bound of 3,168.
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
