//! # Revocation registries
//!
//! ## Overview
//!
//! Credential status lists kept on chain. An issuer DID creates a registry with a purpose
//! (`revocation`, final, or `suspension`, reversible) and a capacity of credential slots; each
//! credential it issues names the registry and a slot index. Setting the slot's bit revokes
//! (or suspends) the credential. The bits are stored as a W3C Bitstring Status List v1.0
//! bitstring in bounded pages and, at the same time, committed in a Poseidon Merkle tree over
//! the BLS12-381 scalar field (`didimo_zk::status_tree`), so a holder can prove in zero
//! knowledge that their slot is clear under a recent root, with nothing but chain state.
//!
//! Verifiers read statuses through the runtime API, which fails closed: unknown registries,
//! registries being closed and indices out of range are `Unknown`, never `Active`.
//!
//! ## Terminology
//!
//! - *Registry*: a status list owned by an issuer DID, with its purpose, capacity, delegates,
//!   current root and deposit.
//! - *Delegate*: another DID the issuer allows to update the bits.
//! - *Leaf*: 128 consecutive status bits packed into one field element; the tree has
//!   `didimo_zk::status_tree::DEPTH` levels above the leaves.
//! - *Recent roots*: each registry keeps its last roots (at most one per block, at most
//!   [`Config::MaxRootHistory`]) with the block each became current; a proof made against a
//!   superseded root is still acceptable for [`Config::RootFreshness`] blocks after it was
//!   replaced ([`Pallet::accepts_root`]).
//!
//! ## Interface
//!
//! All calls but `close_orphaned` are DID-signed (dispatched through the DID registry's
//! `submit_did_call`) with a key holding the `assertionMethod` relationship
//! ([`Config::IssuerOrigin`]); `close_orphaned` is a plain signed call.
//!
//! The issuer DID:
//! - [`Pallet::create_registry`]: create a registry; the submitting account pays a deposit
//!   that scales with the capacity.
//! - [`Pallet::add_delegate`], [`Pallet::remove_delegate`]: manage delegates.
//! - [`Pallet::close`]: close the registry, deleting its pages and nodes a bounded number per
//!   call; the last call returns the deposit.
//!
//! The issuer DID or a delegate:
//! - [`Pallet::revoke`]: set a batch of bits in a revocation registry (final).
//! - [`Pallet::suspend`], [`Pallet::reinstate`]: set or clear a batch of bits in a suspension
//!   registry.
//!
//! Updates need the issuer DID to be active: once it is deactivated the registry is frozen
//! (still readable, no longer changeable), and nobody can sign `close` for it any more.
//!
//! Any signed account:
//! - [`Pallet::close_orphaned`]: close a registry whose issuer DID is deactivated, as `close`
//!   does; the deposit goes back to the account that paid it, never to the caller. Without
//!   it, a deactivated issuer's deposits would stay held for ever.
//!
//! Reads, for the `RevocationApi` runtime API: [`Pallet::api_status`], [`Pallet::api_registry`],
//! [`Pallet::api_registries_of`], [`Pallet::api_status_list`], [`Pallet::api_witness`],
//! [`Pallet::api_recent_roots`].
//!
//! ## Where things are
//!
//! `lib.rs` holds the configuration, storage, events, errors and calls; `types.rs` the registry
//! record and the page layout; `tree.rs` the bit pages and the incremental Poseidon tree;
//! `runtime_api.rs` the reads. `docs/revocation.md` specifies the model, the calls, the reads
//! and the bounds.
//!
//! ## Invariants (checked by `try_state`)
//!
//! Every live registry's root equals the root recomputed from its stored bits, and every stored
//! tree node equals its recomputation; no bit at or beyond the capacity is set; `set_count`
//! is the number of set bits; the last recent root is the current root; the deposit held from
//! each account is exactly what its registries require; the issuer index matches the
//! registries.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod runtime_api;
pub mod tree;
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

pub use types::*;
pub use weights::WeightInfo;

/// The balance type of the currency deposits are held in.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

#[frame_support::pallet]
pub mod pallet {
	use alloc::vec::Vec;
	use didimo_primitives::{
		did::{DidIdentifier, DidRegistry},
		revocation::recent_roots,
	};
	use didimo_zk::status_tree;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			tokens::Precision,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::Saturating;

	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit for a registry's storage: its record, pages and tree nodes.
		RegistryDeposit,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The origin of every call: a DID-signed call whose key holds `assertionMethod`,
		/// yielding the DID and the submitting account (who pays deposits). The runtime uses
		/// `pallet_did::EnsureDidWithDepositor<Runtime, AssertionMethod>`.
		type IssuerOrigin: EnsureOrigin<
			Self::RuntimeOrigin,
			Success = (DidIdentifier, Self::AccountId),
		>;

		/// The DID registry, asked whether issuer and delegate DIDs are active.
		type Dids: DidRegistry;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The currency deposits are held in.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// Deposit for a registry's record, delegates and root history.
		#[pallet::constant]
		type RegistryDeposit: Get<BalanceOf<Self>>;

		/// Deposit for each page of capacity (8,192 slots: 1 KiB of bits and its share of the
		/// tree's nodes).
		#[pallet::constant]
		type PageDeposit: Get<BalanceOf<Self>>;

		/// Most slots in a registry; at most `didimo_zk::status_tree::MAX_CAPACITY` (2^20).
		#[pallet::constant]
		type MaxCapacity: Get<u32>;

		/// Most indices in one revoke, suspend or reinstate call.
		#[pallet::constant]
		type MaxBatch: Get<u32>;

		/// Most delegates of a registry.
		#[pallet::constant]
		type MaxDelegates: Get<u32>;

		/// Most recent roots a registry keeps.
		#[pallet::constant]
		type MaxRootHistory: Get<u32>;

		/// How many blocks a superseded root stays acceptable for proofs.
		#[pallet::constant]
		type RootFreshness: Get<BlockNumberFor<Self>>;

		/// Most pages and nodes one `close` or `close_orphaned` call deletes.
		#[pallet::constant]
		type MaxRemovalsPerCall: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up what the benchmarks need from other pallets.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// What the benchmarks need from the DID registry.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId> {
		/// Makes `did` an active DID.
		fn activate_did(did: &DidIdentifier, owner: AccountId);
	}

	/// The identifier the next registry gets.
	#[pallet::storage]
	pub(super) type NextRegistryId<T: Config> = StorageValue<_, RegistryId, ValueQuery>;

	/// Registries by identifier. `Twox64Concat` is safe: identifiers are assigned in sequence
	/// by the chain, never chosen by users.
	#[pallet::storage]
	pub(super) type Registries<T: Config> = StorageMap<_, Twox64Concat, RegistryId, Registry<T>>;

	/// The registries of each issuer DID, for listing. The DID is user-chosen, so
	/// `Blake2_128Concat`; the registry id is sequential, so `Twox64Concat`.
	#[pallet::storage]
	pub(super) type IssuerRegistries<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		DidIdentifier,
		Twox64Concat,
		RegistryId,
		(),
		OptionQuery,
	>;

	/// Status bits, [`PAGE_BYTES`] per page, W3C bit order. A missing page is all zeros (no
	/// page is stored all zeros). Both keys are chain-assigned or bounded by the capacity, so
	/// `Twox64Concat`.
	#[pallet::storage]
	pub(super) type Pages<T: Config> =
		StorageDoubleMap<_, Twox64Concat, RegistryId, Twox64Concat, u32, Page, OptionQuery>;

	/// Inner nodes of each registry's tree below the root, keyed by `(level, index)` with
	/// `1 <= level < DEPTH`; a missing node is its level's empty node (none is stored equal to
	/// it). Keys are bounded by the tree's shape, so `Twox64Concat`.
	#[pallet::storage]
	pub(super) type Nodes<T: Config> =
		StorageDoubleMap<_, Twox64Concat, RegistryId, Twox64Concat, (u8, u32), Digest, OptionQuery>;

	/// Each registry's recent roots, oldest first; the last is the current root.
	#[pallet::storage]
	pub(super) type RootHistory<T: Config> = StorageMap<
		_,
		Twox64Concat,
		RegistryId,
		BoundedVec<RootRecord<BlockNumberFor<T>>, T::MaxRootHistory>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A registry was created.
		RegistryCreated {
			registry: RegistryId,
			issuer: DidIdentifier,
			purpose: StatusPurpose,
			capacity: u32,
			deposit: BalanceOf<T>,
		},
		/// Credentials were revoked (their bits set for good).
		CredentialsRevoked {
			registry: RegistryId,
			by: DidIdentifier,
			indices: BoundedVec<u32, T::MaxBatch>,
			root: Digest,
		},
		/// Credentials were suspended.
		CredentialsSuspended {
			registry: RegistryId,
			by: DidIdentifier,
			indices: BoundedVec<u32, T::MaxBatch>,
			root: Digest,
		},
		/// Suspended credentials were reinstated.
		CredentialsReinstated {
			registry: RegistryId,
			by: DidIdentifier,
			indices: BoundedVec<u32, T::MaxBatch>,
			root: Digest,
		},
		/// A delegate was added.
		DelegateAdded { registry: RegistryId, delegate: DidIdentifier },
		/// A delegate was removed.
		DelegateRemoved { registry: RegistryId, delegate: DidIdentifier },
		/// A registry is being closed; `removed` pages and nodes were deleted by this call.
		RegistryClosing { registry: RegistryId, removed: u32 },
		/// A registry was closed and its deposit released.
		RegistryClosed { registry: RegistryId, deposit_released: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No registry has this identifier.
		UnknownRegistry,
		/// Only the registry's issuer may do this.
		NotIssuer,
		/// The DID is neither the registry's issuer nor one of its delegates.
		NotAuthorized,
		/// The registry's issuer DID is deactivated: the registry is frozen.
		IssuerDeactivated,
		/// The registry's issuer DID is still active: only it may close the registry, with
		/// `close`.
		IssuerActive,
		/// The registry is being closed and takes no more changes.
		RegistryClosing,
		/// A registry needs at least one slot.
		ZeroCapacity,
		/// The capacity is above `MaxCapacity`.
		CapacityTooLarge,
		/// A batch needs at least one index.
		EmptyBatch,
		/// An index is at or beyond the registry's capacity.
		IndexOutOfRange,
		/// The call does not fit the registry's purpose: `revoke` needs a revocation registry,
		/// `suspend` and `reinstate` a suspension registry.
		WrongPurpose,
		/// The DID is already a delegate.
		AlreadyDelegate,
		/// The DID is not a delegate.
		NotDelegate,
		/// The registry has `MaxDelegates` delegates already.
		TooManyDelegates,
		/// The issuer cannot be its own delegate.
		IssuerCannotBeDelegate,
		/// The delegate DID does not exist or is deactivated.
		DelegateNotActive,
		/// The submitting account cannot pay the deposit.
		InsufficientDeposit,
		/// Registry identifiers are exhausted.
		RegistryIdsExhausted,
		/// A stored tree node is not a canonical field element (never expected).
		CorruptTree,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				T::MaxCapacity::get() >= 1 && T::MaxCapacity::get() <= status_tree::MAX_CAPACITY,
				"MaxCapacity must be in 1..=2^20, what the status tree holds"
			);
			assert!(T::MaxBatch::get() >= 1, "MaxBatch must be at least 1");
			assert!(T::MaxRootHistory::get() >= 1, "MaxRootHistory must be at least 1");
			assert!(T::MaxRemovalsPerCall::get() >= 1, "MaxRemovalsPerCall must be at least 1");
			assert_eq!(PAGE_BITS % status_tree::BITS_PER_LEAF, 0, "pages hold whole leaves");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			crate::try_state::do_try_state::<T>()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Creates a registry owned by the calling DID.
		///
		/// Origin: [`Config::IssuerOrigin`] (a DID-signed call, `assertionMethod` key); the
		/// submitting account pays `RegistryDeposit + PageDeposit * ceil(capacity / 8192)`.
		///
		/// Emits `RegistryCreated`.
		///
		/// ## Errors
		/// - `ZeroCapacity`, `CapacityTooLarge`: capacity outside `1..=MaxCapacity`.
		/// - `InsufficientDeposit`: the submitter cannot pay the deposit.
		/// - `RegistryIdsExhausted`: never expected.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_registry())]
		pub fn create_registry(
			origin: OriginFor<T>,
			purpose: StatusPurpose,
			capacity: u32,
		) -> DispatchResult {
			let (issuer, submitter) = T::IssuerOrigin::ensure_origin(origin)?;
			ensure!(capacity > 0, Error::<T>::ZeroCapacity);
			ensure!(capacity <= T::MaxCapacity::get(), Error::<T>::CapacityTooLarge);
			let registry = NextRegistryId::<T>::get();
			let next = registry.checked_add(1).ok_or(Error::<T>::RegistryIdsExhausted)?;
			let deposit = Self::deposit_for(capacity);
			T::Currency::hold(&HoldReason::RegistryDeposit.into(), &submitter, deposit)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;
			Self::insert_registry(registry, &issuer, purpose, capacity, submitter, deposit);
			NextRegistryId::<T>::put(next);
			Self::deposit_event(Event::RegistryCreated {
				registry,
				issuer,
				purpose,
				capacity,
				deposit,
			});
			Ok(())
		}

		/// Revokes credentials: sets the bits of `indices` in a revocation registry, for good.
		/// Indices already revoked are left as they are (the event lists those that changed).
		///
		/// Origin: [`Config::IssuerOrigin`], the issuer or a delegate.
		///
		/// Emits `CredentialsRevoked`.
		///
		/// ## Errors
		/// - `UnknownRegistry`, `RegistryClosing`, `IssuerDeactivated`.
		/// - `NotAuthorized`: the DID is neither issuer nor delegate.
		/// - `WrongPurpose`: a suspension registry.
		/// - `EmptyBatch`, `IndexOutOfRange`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::revoke(tree::max_hashes(indices.len() as u32)).saturating_add(Pallet::<T>::root_window_read()))]
		pub fn revoke(
			origin: OriginFor<T>,
			registry: RegistryId,
			indices: BoundedVec<u32, T::MaxBatch>,
		) -> DispatchResultWithPostInfo {
			let (did, _) = T::IssuerOrigin::ensure_origin(origin)?;
			let hashes = Self::update(registry, &did, indices, StatusPurpose::Revocation, true)?;
			Ok(Some(T::WeightInfo::revoke(hashes).saturating_add(Self::root_window_read())).into())
		}

		/// Suspends credentials: sets the bits of `indices` in a suspension registry.
		///
		/// Origin: [`Config::IssuerOrigin`], the issuer or a delegate.
		///
		/// Emits `CredentialsSuspended`.
		///
		/// ## Errors
		/// As [`Pallet::revoke`]; `WrongPurpose` for a revocation registry.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::suspend(tree::max_hashes(indices.len() as u32)).saturating_add(Pallet::<T>::root_window_read()))]
		pub fn suspend(
			origin: OriginFor<T>,
			registry: RegistryId,
			indices: BoundedVec<u32, T::MaxBatch>,
		) -> DispatchResultWithPostInfo {
			let (did, _) = T::IssuerOrigin::ensure_origin(origin)?;
			let hashes = Self::update(registry, &did, indices, StatusPurpose::Suspension, true)?;
			Ok(Some(T::WeightInfo::suspend(hashes).saturating_add(Self::root_window_read())).into())
		}

		/// Reinstates suspended credentials: clears the bits of `indices` in a suspension
		/// registry.
		///
		/// Origin: [`Config::IssuerOrigin`], the issuer or a delegate.
		///
		/// Emits `CredentialsReinstated`.
		///
		/// ## Errors
		/// As [`Pallet::revoke`]; `WrongPurpose` for a revocation registry (revocation is
		/// final).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::reinstate(tree::max_hashes(indices.len() as u32)).saturating_add(Pallet::<T>::root_window_read()))]
		pub fn reinstate(
			origin: OriginFor<T>,
			registry: RegistryId,
			indices: BoundedVec<u32, T::MaxBatch>,
		) -> DispatchResultWithPostInfo {
			let (did, _) = T::IssuerOrigin::ensure_origin(origin)?;
			let hashes = Self::update(registry, &did, indices, StatusPurpose::Suspension, false)?;
			Ok(Some(T::WeightInfo::reinstate(hashes).saturating_add(Self::root_window_read()))
				.into())
		}

		/// Allows `delegate` to update the registry's bits.
		///
		/// Origin: [`Config::IssuerOrigin`], the issuer.
		///
		/// Emits `DelegateAdded`.
		///
		/// ## Errors
		/// - `UnknownRegistry`, `RegistryClosing`, `NotIssuer`.
		/// - `IssuerCannotBeDelegate`, `DelegateNotActive`, `AlreadyDelegate`,
		///   `TooManyDelegates`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::add_delegate())]
		pub fn add_delegate(
			origin: OriginFor<T>,
			registry: RegistryId,
			delegate: DidIdentifier,
		) -> DispatchResult {
			let (did, _) = T::IssuerOrigin::ensure_origin(origin)?;
			Registries::<T>::try_mutate(registry, |record| {
				let record = record.as_mut().ok_or(Error::<T>::UnknownRegistry)?;
				ensure!(record.issuer == did, Error::<T>::NotIssuer);
				ensure!(!record.closing, Error::<T>::RegistryClosing);
				ensure!(delegate != record.issuer, Error::<T>::IssuerCannotBeDelegate);
				ensure!(T::Dids::is_active(&delegate), Error::<T>::DelegateNotActive);
				ensure!(!record.delegates.contains(&delegate), Error::<T>::AlreadyDelegate);
				record
					.delegates
					.try_push(delegate.clone())
					.map_err(|_| Error::<T>::TooManyDelegates)?;
				record.updated = frame_system::Pallet::<T>::block_number();
				Ok::<_, DispatchError>(())
			})?;
			Self::deposit_event(Event::DelegateAdded { registry, delegate });
			Ok(())
		}

		/// Withdraws `delegate`'s right to update the registry.
		///
		/// Origin: [`Config::IssuerOrigin`], the issuer.
		///
		/// Emits `DelegateRemoved`.
		///
		/// ## Errors
		/// - `UnknownRegistry`, `RegistryClosing`, `NotIssuer`, `NotDelegate`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::remove_delegate())]
		pub fn remove_delegate(
			origin: OriginFor<T>,
			registry: RegistryId,
			delegate: DidIdentifier,
		) -> DispatchResult {
			let (did, _) = T::IssuerOrigin::ensure_origin(origin)?;
			Registries::<T>::try_mutate(registry, |record| {
				let record = record.as_mut().ok_or(Error::<T>::UnknownRegistry)?;
				ensure!(record.issuer == did, Error::<T>::NotIssuer);
				ensure!(!record.closing, Error::<T>::RegistryClosing);
				let position = record
					.delegates
					.iter()
					.position(|d| *d == delegate)
					.ok_or(Error::<T>::NotDelegate)?;
				record.delegates.remove(position);
				record.updated = frame_system::Pallet::<T>::block_number();
				Ok::<_, DispatchError>(())
			})?;
			Self::deposit_event(Event::DelegateRemoved { registry, delegate });
			Ok(())
		}

		/// Closes a registry. The first call freezes it (its statuses read `Unknown` from then
		/// on); each call deletes up to `MaxRemovalsPerCall` pages and tree nodes; the call
		/// that finds nothing left to delete removes the record and releases the deposit to
		/// the account that paid it. A registry of 2^20 slots with every leaf changed has 128
		/// pages and 8,190 nodes, so a few calls close it.
		///
		/// Origin: [`Config::IssuerOrigin`], the issuer.
		///
		/// Emits `RegistryClosing` while storage remains, then `RegistryClosed`.
		///
		/// ## Errors
		/// - `UnknownRegistry`, `NotIssuer`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::close(T::MaxRemovalsPerCall::get()))]
		pub fn close(origin: OriginFor<T>, registry: RegistryId) -> DispatchResultWithPostInfo {
			let (did, _) = T::IssuerOrigin::ensure_origin(origin)?;
			let record = Registries::<T>::get(registry).ok_or(Error::<T>::UnknownRegistry)?;
			ensure!(record.issuer == did, Error::<T>::NotIssuer);
			let removed = Self::close_step(registry, record)?;
			Ok(Some(T::WeightInfo::close(removed)).into())
		}

		/// Closes a registry whose issuer DID is deactivated (and so can no longer sign
		/// `close`), exactly as `close` does: the first call freezes it, each call deletes up
		/// to `MaxRemovalsPerCall` pages and tree nodes, and the call that finds nothing left
		/// removes the record and releases the deposit to the registry's depositor, the
		/// account that paid it. The caller pays only the transaction fee and gets nothing; a
		/// deactivated DID is tombstoned for good, so the registry could never change again
		/// anyway, and its statuses read `Unknown` from the first call on (failing closed).
		/// It also finishes a `close` the issuer started before it was deactivated.
		///
		/// Origin: signed, any account.
		///
		/// Emits `RegistryClosing` while storage remains, then `RegistryClosed`.
		///
		/// ## Errors
		/// - `UnknownRegistry`.
		/// - `IssuerActive`: the issuer DID is still active; it closes its registry itself.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::close_orphaned(T::MaxRemovalsPerCall::get()))]
		pub fn close_orphaned(
			origin: OriginFor<T>,
			registry: RegistryId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let record = Registries::<T>::get(registry).ok_or(Error::<T>::UnknownRegistry)?;
			ensure!(!T::Dids::is_active(&record.issuer), Error::<T>::IssuerActive);
			let removed = Self::close_step(registry, record)?;
			Ok(Some(T::WeightInfo::close_orphaned(removed)).into())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The deposit a registry of `capacity` slots requires.
		pub fn deposit_for(capacity: u32) -> BalanceOf<T> {
			T::RegistryDeposit::get()
				.saturating_add(T::PageDeposit::get().saturating_mul(pages_for(capacity).into()))
		}

		/// One step of closing `registry` (whose record is `record`), for `close` and
		/// `close_orphaned` once they have checked who may close it. Deletes up to
		/// `MaxRemovalsPerCall` pages, then tree nodes; if fewer than that were left, also
		/// removes the record, its recent roots and its issuer-index entry and releases the
		/// deposit to `record.depositor`; otherwise marks the registry closing. Returns how
		/// many pages and nodes it deleted (what the call's actual weight depends on).
		fn close_step(registry: RegistryId, mut record: Registry<T>) -> Result<u32, DispatchError> {
			let limit = T::MaxRemovalsPerCall::get();
			let pages: Vec<u32> =
				Pages::<T>::iter_key_prefix(registry).take(limit as usize).collect();
			for page in &pages {
				Pages::<T>::remove(registry, page);
			}
			let mut removed = pages.len() as u32;
			if removed < limit {
				let nodes: Vec<(u8, u32)> = Nodes::<T>::iter_key_prefix(registry)
					.take(limit.saturating_sub(removed) as usize)
					.collect();
				for node in &nodes {
					Nodes::<T>::remove(registry, node);
				}
				removed = removed.saturating_add(nodes.len() as u32);
			}
			if removed < limit {
				let released = T::Currency::release(
					&HoldReason::RegistryDeposit.into(),
					&record.depositor,
					record.deposit,
					Precision::BestEffort,
				)?;
				Registries::<T>::remove(registry);
				RootHistory::<T>::remove(registry);
				IssuerRegistries::<T>::remove(&record.issuer, registry);
				Self::deposit_event(Event::RegistryClosing { registry, removed });
				Self::deposit_event(Event::RegistryClosed { registry, deposit_released: released });
			} else {
				if !record.closing {
					record.closing = true;
					record.updated = frame_system::Pallet::<T>::block_number();
				}
				Registries::<T>::insert(registry, record);
				Self::deposit_event(Event::RegistryClosing { registry, removed });
			}
			Ok(removed)
		}

		/// Applies a batch to a registry after the checks every update shares, and returns the
		/// number of tree nodes recomputed (what the call's actual weight depends on).
		fn update(
			registry: RegistryId,
			did: &DidIdentifier,
			indices: BoundedVec<u32, T::MaxBatch>,
			purpose: StatusPurpose,
			set: bool,
		) -> Result<u32, DispatchError> {
			let mut record = Registries::<T>::get(registry).ok_or(Error::<T>::UnknownRegistry)?;
			ensure!(!record.closing, Error::<T>::RegistryClosing);
			ensure!(
				record.issuer == *did || record.delegates.contains(did),
				Error::<T>::NotAuthorized
			);
			ensure!(T::Dids::is_active(&record.issuer), Error::<T>::IssuerDeactivated);
			ensure!(record.purpose == purpose, Error::<T>::WrongPurpose);
			ensure!(!indices.is_empty(), Error::<T>::EmptyBatch);
			let mut sorted = indices.into_inner();
			sorted.sort_unstable();
			sorted.dedup();
			ensure!(
				sorted.last().is_some_and(|last| *last < record.capacity),
				Error::<T>::IndexOutOfRange
			);
			let applied = tree::apply::<T>(registry, &sorted, set, record.root)?;
			let changed = applied.changed.len() as u32;
			if changed > 0 {
				let now = frame_system::Pallet::<T>::block_number();
				record.set_count = if set {
					record.set_count.saturating_add(changed)
				} else {
					record.set_count.saturating_sub(changed)
				};
				record.root = applied.root;
				record.updated = now;
				Registries::<T>::insert(registry, &record);
				Self::record_root(registry, applied.root, now);
			}
			let indices = BoundedVec::truncate_from(applied.changed);
			let by = did.clone();
			let root = record.root;
			Self::deposit_event(match (purpose, set) {
				(StatusPurpose::Revocation, _) => {
					Event::CredentialsRevoked { registry, by, indices, root }
				},
				(StatusPurpose::Suspension, true) => {
					Event::CredentialsSuspended { registry, by, indices, root }
				},
				(StatusPurpose::Suspension, false) => {
					Event::CredentialsReinstated { registry, by, indices, root }
				},
			});
			Ok(applied.hashes)
		}

		/// Appends `root` to the registry's recent roots (replacing this block's entry if there
		/// is one) and drops roots that are too old or too many.
		fn record_root(registry: RegistryId, root: Digest, now: BlockNumberFor<T>) {
			RootHistory::<T>::mutate(registry, |history| {
				recent_roots::record(history, root, now, T::RootFreshness::get())
			});
		}

		/// What reading [`Config::RootFreshness`] may cost besides the benchmarked weights:
		/// DIDimo's runtime keeps it as a storage parameter, one database read.
		pub fn root_window_read() -> Weight {
			T::DbWeight::get().reads(1)
		}

		/// Stores a fresh registry: all bits clear (the empty root), no delegates, the root
		/// recorded as current from this block, indexed under its issuer.
		fn insert_registry(
			registry: RegistryId,
			issuer: &DidIdentifier,
			purpose: StatusPurpose,
			capacity: u32,
			depositor: T::AccountId,
			deposit: BalanceOf<T>,
		) {
			let now = frame_system::Pallet::<T>::block_number();
			let root = didimo_zk::field::to_bytes(&status_tree::empty_root());
			Registries::<T>::insert(
				registry,
				Registry {
					issuer: issuer.clone(),
					purpose,
					capacity,
					delegates: BoundedVec::new(),
					depositor,
					deposit,
					set_count: 0,
					root,
					created: now,
					updated: now,
					closing: false,
				},
			);
			RootHistory::<T>::insert(
				registry,
				BoundedVec::truncate_from(alloc::vec![RootRecord { root, since: now }]),
			);
			IssuerRegistries::<T>::insert(issuer, registry, ());
		}

		/// For other pallets' benchmarks: a fresh registry of `issuer` (revocation, `capacity`
		/// slots, the empty root) recorded as paid by `depositor` with no deposit held.
		#[cfg(feature = "runtime-benchmarks")]
		pub fn benchmark_registry(
			issuer: &DidIdentifier,
			depositor: T::AccountId,
			capacity: u32,
		) -> RegistryId {
			let registry = NextRegistryId::<T>::get();
			let deposit = sp_runtime::traits::Zero::zero();
			Self::insert_registry(
				registry,
				issuer,
				StatusPurpose::Revocation,
				capacity,
				depositor,
				deposit,
			);
			NextRegistryId::<T>::put(registry.saturating_add(1));
			registry
		}

		/// For other pallets' benchmarks: replaces a registry's root with `root` in the current
		/// block, so a proof against the previous root takes the recent-roots path.
		#[cfg(feature = "runtime-benchmarks")]
		pub fn benchmark_supersede_root(registry: RegistryId, root: Digest) {
			Registries::<T>::mutate(registry, |record| {
				if let Some(record) = record {
					record.root = root;
				}
			});
			Self::record_root(registry, root, frame_system::Pallet::<T>::block_number());
		}

		/// Whether a proof against `root` is acceptable now: it is the registry's current root,
		/// or it was superseded at most `RootFreshness` blocks ago.
		pub fn accepts_root(registry: RegistryId, root: &Digest) -> bool {
			let Some(record) = Self::live(registry) else { return false };
			if record.root == *root {
				return true;
			}
			let now = frame_system::Pallet::<T>::block_number();
			recent_roots::replaced_recently(
				&RootHistory::<T>::get(registry),
				root,
				now,
				T::RootFreshness::get(),
			)
		}

		/// A registry that is not being closed: the only kind whose bits are authoritative.
		pub(crate) fn live(registry: RegistryId) -> Option<Registry<T>> {
			Registries::<T>::get(registry).filter(|record| !record.closing)
		}

		/// A registry record.
		pub fn registry(registry: RegistryId) -> Option<Registry<T>> {
			Registries::<T>::get(registry)
		}

		/// The status of `index` in `registry`, failing closed.
		pub fn status(registry: RegistryId, index: u32) -> CredentialStatus {
			let Some(record) = Self::live(registry).filter(|r| index < r.capacity) else {
				return CredentialStatus::Unknown;
			};
			let (page, byte, mask) = locate(index);
			let set = Pages::<T>::get(registry, page)
				.and_then(|bytes| bytes.get(byte).copied())
				.is_some_and(|b| b & mask != 0);
			match (set, record.purpose) {
				(false, _) => CredentialStatus::Active,
				(true, StatusPurpose::Revocation) => CredentialStatus::Revoked,
				(true, StatusPurpose::Suspension) => CredentialStatus::Suspended,
			}
		}
	}

	impl<T: Config> didimo_primitives::revocation::RevocationRegistries for Pallet<T> {
		fn accepts_root(registry: RegistryId, root: &Digest) -> bool {
			Self::accepts_root(registry, root)
		}

		fn live(registry: RegistryId) -> Option<didimo_primitives::revocation::LiveRegistry> {
			Self::live(registry).map(|record| didimo_primitives::revocation::LiveRegistry {
				issuer: record.issuer,
				capacity: record.capacity,
			})
		}

		fn next_registry(after: Option<RegistryId>) -> Option<RegistryId> {
			match after {
				Some(after) => Registries::<T>::iter_keys_from_key(after).next(),
				None => Registries::<T>::iter_keys().next(),
			}
		}

		fn has_stale_roots(registry: RegistryId) -> bool {
			recent_roots::has_stale(
				&RootHistory::<T>::get(registry),
				frame_system::Pallet::<T>::block_number(),
				T::RootFreshness::get(),
			)
		}

		fn prune_stale_roots(registry: RegistryId) -> u32 {
			let now = frame_system::Pallet::<T>::block_number();
			let freshness = T::RootFreshness::get();
			// `mutate_exists` rather than `mutate`: a registry without a history (never
			// expected) is not given an empty one.
			RootHistory::<T>::mutate_exists(registry, |history| {
				history.as_mut().map_or(0, |history| recent_roots::prune(history, now, freshness))
			})
		}
	}
}
