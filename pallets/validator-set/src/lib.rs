//! # Validator set
//!
//! The validators of DIDimo's sessions. `pallet_session` hands each session's validators and
//! their keys to Aura (block authoring) and GRANDPA (finality); this pallet decides who they
//! are and when sessions end.
//!
//! ## Overview
//!
//! - The set is a bounded list of accounts, changed only by [`Config::ManageOrigin`]
//!   (governance: root in the development runtimes).
//! - A change is planned, not immediate. `pallet_session` asks for the validators of session
//!   `i + 2` when session `i` ends, so a validator added or removed during session `i` joins or
//!   leaves when session `i + 2` starts: at most two session lengths later, and at least one.
//! - An account is added only once it has registered session keys (`Session::set_keys`, after
//!   `author_rotateKeys` on its node), so the set never names a validator that cannot author.
//! - Sessions last [`SessionLength`] blocks, set in genesis and changed by the same origin.
//!
//! ## Terminology
//!
//! - **Validator**: an account whose session keys author blocks (Aura, sr25519) and vote on
//!   finality (GRANDPA, ed25519). Its validator id is its account id.
//! - **Session**: a run of blocks with one validator set. `pallet_session` rotates sessions in
//!   the first block of a new one; that block carries only mandatory extrinsics.
//!
//! ## Interface
//!
//! Governance ([`Config::ManageOrigin`]):
//! - `add_validator(who)`: `who` validates from the session after next.
//! - `remove_validator(who)`: `who` stops validating from the session after next. At least
//!   [`Config::MinValidators`] stay.
//! - `set_session_length(blocks)`: sessions end after `blocks` blocks, counted from the start
//!   of the current one, within [`Config::MinSessionLength`] and [`Config::MaxSessionLength`].
//!
//! Validators themselves call `Session::set_keys(keys, proof)` and `Session::purge_keys()`
//! (`pallet_session`, which holds a key deposit until the keys are purged).
//!
//! `docs/operators.md` walks an operator from generating keys to producing blocks.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
mod session;
#[cfg(test)]
mod tests;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;
pub mod weights;

pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{EnsureOrigin, ValidatorRegistration},
	};
	use frame_system::pallet_prelude::*;

	use crate::WeightInfo;

	/// A helper for the benchmarks: the runtime registers session keys for an account, as
	/// `Session::set_keys` would.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId> {
		/// Registers session keys for `who`.
		fn register_keys(who: &AccountId);
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who may change the set and the session length: governance (root in the
		/// development runtimes).
		type ManageOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Whether an account has registered session keys: `pallet_session`.
		type KeysRegistration: ValidatorRegistration<Self::AccountId>;

		/// The most validators; at most what Aura and GRANDPA accept (`MaxAuthorities`).
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// The fewest validators: a removal that would leave fewer fails.
		#[pallet::constant]
		type MinValidators: Get<u32>;

		/// The shortest session, in blocks.
		#[pallet::constant]
		type MinSessionLength: Get<BlockNumberFor<Self>>;

		/// The longest session, in blocks.
		#[pallet::constant]
		type MaxSessionLength: Get<BlockNumberFor<Self>>;

		/// Weights of the calls, from the benchmarks.
		type WeightInfo: WeightInfo;

		/// Registers session keys for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The validators, in the order they were added: the set the next planned session gets.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// Whether [`Validators`] changed since the last session was planned, so the next one
	/// gets the new set.
	#[pallet::storage]
	pub type Changed<T: Config> = StorageValue<_, bool, ValueQuery>;

	/// How many blocks a session lasts.
	#[pallet::storage]
	pub type SessionLength<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// The block the current session started in.
	#[pallet::storage]
	pub type SessionStart<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The first validators; each must also have keys in `pallet_session`'s genesis.
		pub validators: Vec<T::AccountId>,
		/// How many blocks a session lasts.
		pub session_length: BlockNumberFor<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// The default (empty) genesis sets nothing: `pallet_session` then starts from its
			// own keys. A chain's genesis always names its validators.
			if self.validators.is_empty() {
				return;
			}
			assert!(
				self.validators.len() as u32 >= T::MinValidators::get().max(1),
				"the genesis validator set is below MinValidators"
			);
			for (i, validator) in self.validators.iter().enumerate() {
				assert!(
					!self.validators[i + 1..].contains(validator),
					"a genesis validator is listed twice"
				);
			}
			let validators = BoundedVec::<_, T::MaxValidators>::try_from(self.validators.clone())
				.expect("the genesis validator set is above MaxValidators");
			assert!(
				self.session_length >= T::MinSessionLength::get()
					&& self.session_length <= T::MaxSessionLength::get(),
				"the genesis session length is out of bounds"
			);
			Validators::<T>::put(validators);
			SessionLength::<T>::put(self.session_length);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `who` was added; it validates from the session after next.
		ValidatorAdded { who: T::AccountId },
		/// `who` was removed; it stops validating from the session after next.
		ValidatorRemoved { who: T::AccountId },
		/// Sessions now last `blocks` blocks.
		SessionLengthSet { blocks: BlockNumberFor<T> },
		/// Session `index` was planned with a new validator set of `validators` accounts.
		NewSetPlanned { index: u32, validators: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is a validator already.
		AlreadyValidator,
		/// The account is not a validator.
		NotValidator,
		/// The set is at `MaxValidators`.
		TooManyValidators,
		/// Removing the account would leave fewer than `MinValidators`.
		TooFewValidators,
		/// The account has not registered session keys (`Session::set_keys`).
		NoSessionKeys,
		/// The session length is outside `MinSessionLength..=MaxSessionLength`.
		InvalidSessionLength,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			crate::try_state::do_try_state::<T>()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Adds `who` to the set, from the session after next. `who` must have registered
		/// session keys.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator())]
		pub fn add_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::ManageOrigin::ensure_origin(origin)?;
			ensure!(T::KeysRegistration::is_registered(&who), Error::<T>::NoSessionKeys);
			Validators::<T>::try_mutate(|validators| {
				ensure!(!validators.contains(&who), Error::<T>::AlreadyValidator);
				validators.try_push(who.clone()).map_err(|_| Error::<T>::TooManyValidators)?;
				Ok::<_, DispatchError>(())
			})?;
			Changed::<T>::put(true);
			Self::deposit_event(Event::ValidatorAdded { who });
			Ok(())
		}

		/// Removes `who` from the set, from the session after next.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_validator())]
		pub fn remove_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::ManageOrigin::ensure_origin(origin)?;
			Validators::<T>::try_mutate(|validators| {
				let at =
					validators.iter().position(|v| *v == who).ok_or(Error::<T>::NotValidator)?;
				ensure!(
					validators.len() as u32 > T::MinValidators::get().max(1),
					Error::<T>::TooFewValidators
				);
				validators.remove(at);
				Ok::<_, DispatchError>(())
			})?;
			Changed::<T>::put(true);
			Self::deposit_event(Event::ValidatorRemoved { who });
			Ok(())
		}

		/// Sessions last `blocks` blocks, counted from the start of the current one.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_session_length())]
		pub fn set_session_length(
			origin: OriginFor<T>,
			blocks: BlockNumberFor<T>,
		) -> DispatchResult {
			T::ManageOrigin::ensure_origin(origin)?;
			ensure!(
				blocks >= T::MinSessionLength::get() && blocks <= T::MaxSessionLength::get(),
				Error::<T>::InvalidSessionLength
			);
			SessionLength::<T>::put(blocks);
			Self::deposit_event(Event::SessionLengthSet { blocks });
			Ok(())
		}
	}
}
