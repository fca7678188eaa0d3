//! # Consent grants
//!
//! ## Overview
//!
//! GDPR-style consent on chain. A data subject (a DID) grants a grantee DID access to
//! specific data, for specific purposes, for a set time: a *grant* lists *scopes* (a data
//! category, the actions allowed on it and the purpose they serve), a validity interval
//! `[valid_from, valid_until)` in chain time (`pallet-timestamp` milliseconds), the hash of the
//! off-chain consent receipt the subject holds, the governing jurisdiction and a policy
//! reference. Anyone can check a grant through the runtime API ([`Pallet::api_check`]); every
//! change and every access the grantee records is kept in the grant's bounded audit trail;
//! one call takes a grant back. Nothing has to happen on chain when a grant runs out: every
//! check compares chain time. A grant allows nothing once its subject's or grantee's DID is
//! deactivated. The authorities' off-chain workers clean up ended grants with unsigned,
//! authority-signed [`Pallet::expire`] transactions, and anyone may purge grants that are
//! due with [`Pallet::purge`], which returns each deposit to the account that paid it.
//!
//! `docs/consent.md` specifies the model, the audit trail, the deposits and cleanup, the reads
//! and the consent record (ISO/IEC TS 27560, Kantara CR 1.1) the RPC renders.
//!
//! ## Terminology
//!
//! - *Subject*: the DID whose data the grant is about; it gives, narrows, renews and revokes.
//! - *Grantee*: the DID the grant is given to; it records accesses and may decline.
//! - *Scope*: `(category, actions, purpose)`; actions are a bitset ([`Actions`]). Narrowing
//!   lowers a scope's actions (to none to withdraw it) and never removes it, so a scope's
//!   index is stable for the grant's whole life.
//! - *Open*: not revoked, declined or marked expired. *Active*: open,
//!   `valid_from <= now < valid_until`, and both DIDs active. *Ended*: revoked, declined or
//!   run out.
//! - *Due*: an open grant that has run out (to be marked expired), or an ended grant whose
//!   end is at least [`Config::EndedRetention`] ms past (to be purged).
//! - *Purgeable*: a grant that ended at least [`Config::EndedRetention`] ms ago (an open one
//!   ends at `valid_until`), or whose subject's or grantee's DID is no longer active.
//!
//! ## Interface
//!
//! Calls are DID-signed (dispatched through the DID registry's `submit_did_call`) with a key
//! holding `authentication`.
//!
//! The subject ([`Config::SubjectOrigin`]): [`Pallet::grant`], [`Pallet::narrow`],
//! [`Pallet::renew`], [`Pallet::revoke`], [`Pallet::revoke_grantee`], [`Pallet::revoke_all`].
//!
//! The grantee ([`Config::GranteeOrigin`]): [`Pallet::record_access`], [`Pallet::decline`].
//!
//! Anyone (a signed account): [`Pallet::purge`].
//!
//! Authorities' off-chain workers (unsigned, authority-signed payload): [`Pallet::expire`].
//!
//! Reads, for the `ConsentApi` runtime API: [`Pallet::api_check`],
//! [`Pallet::api_grants_by_subject`], [`Pallet::api_grants_to_grantee`],
//! [`Pallet::api_grant`], [`Pallet::api_history`].
//!
//! ## Where things are
//!
//! `lib.rs` holds the configuration, storage, events, errors and calls; `types.rs` the grant,
//! its scopes and the expiry payload; `offchain.rs` the off-chain worker and the validation of
//! its unsigned transactions; `runtime_api.rs` the reads; `crypto.rs` the authorities' key
//! type for the worker.
//!
//! ## Runtime integration
//!
//! The runtime implements `frame_system::offchain::{SigningTypes, CreateTransactionBase,
//! CreateBare}` (with `Public = MultiSigner`, `Signature = MultiSignature`), lets the worker
//! sign with the node's Aura key and takes the authorities from Aura:
//!
//! ```ignore
//! impl pallet_consent::Config for Runtime {
//!     type SubjectOrigin = pallet_did::EnsureDidWithDepositor<Runtime, Authentication>;
//!     type GranteeOrigin = pallet_did::EnsureDidWithDepositor<Runtime, Authentication>;
//!     type Time = Timestamp;
//!     type AuthorityId = pallet_consent::crypto::Sr25519Authority<AuraId>;
//!     type Authorities = AuraAuthorities;
//!     // ...
//! }
//! ```
//!
//! Its `DidCallAuthorization` maps `RuntimeCall::Consent(_)` to `authentication`, except
//! `expire` and `purge`, which are not DID-signed.
//!
//! ## Invariants (checked by `try_state`)
//!
//! The deposit held from each account is exactly the sum of its grants' deposits, and each
//! grant's deposit is what its scopes require (the mock's tests also check that no account
//! without grants holds one); the subject, grantee, pair and open indices list exactly the
//! stored grants (the open index exactly the open ones); every grant has
//! `valid_from < valid_until`, scopes that are unique and well formed, and a history that
//! starts with `Given`, ends its lifecycle entries with a terminal entry exactly when the
//! grant is ended, keeps its lifecycle entries within `MaxHistory - 1` before the terminal
//! one, and records no more accesses than the grant counted.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod crypto;
mod lifecycle;
pub mod offchain;
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

pub use offchain::{invalid, OCW_CURSOR, OCW_LAST_SENT};
pub use runtime_api::{GrantInfoOf, GrantPageOf};
pub use types::*;
pub use weights::WeightInfo;

/// The balance type of the currency deposits are held in.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

#[frame_support::pallet]
pub mod pallet {
	use alloc::vec::Vec;
	use didimo_primitives::did::{DidIdentifier, DidRegistry};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			Time,
		},
	};
	use frame_system::{
		offchain::{AppCrypto, CreateBare, SigningTypes},
		pallet_prelude::*,
	};
	use sp_runtime::traits::IdentifyAccount;

	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit for a grant's storage: its record and its history.
		GrantDeposit,
	}

	#[pallet::config]
	pub trait Config:
		CreateBare<Call<Self>>
		+ SigningTypes
		+ frame_system::Config<RuntimeEvent: From<Event<Self>>>
	{
		/// The origin of the subject's calls: a DID-signed call, yielding the DID and the
		/// submitting account (who pays deposits). The runtime uses
		/// `pallet_did::EnsureDidWithDepositor<Runtime, Authentication>`.
		type SubjectOrigin: EnsureOrigin<
			Self::RuntimeOrigin,
			Success = (DidIdentifier, Self::AccountId),
		>;

		/// The origin of the grantee's calls, as [`Config::SubjectOrigin`].
		type GranteeOrigin: EnsureOrigin<
			Self::RuntimeOrigin,
			Success = (DidIdentifier, Self::AccountId),
		>;

		/// The DID registry, asked whether subjects and grantees are active: a grant of a DID
		/// that is not allows nothing, and anyone may purge it.
		type Dids: DidRegistry;

		/// Chain time in milliseconds (`pallet_timestamp::Pallet<Runtime>`).
		type Time: Time<Moment = Moment>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The currency deposits are held in.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// Deposit for a grant's record and history.
		#[pallet::constant]
		type GrantDeposit: Get<BalanceOf<Self>>;

		/// Deposit for each scope of a grant.
		#[pallet::constant]
		type ScopeDeposit: Get<BalanceOf<Self>>;

		/// Most scopes in a grant.
		#[pallet::constant]
		type MaxScopes: Get<u32>;

		/// Longest data category, in bytes.
		#[pallet::constant]
		type MaxCategoryLength: Get<u32>;

		/// Longest purpose code, in bytes.
		#[pallet::constant]
		type MaxPurposeLength: Get<u32>;

		/// Longest jurisdiction code, in bytes.
		#[pallet::constant]
		type MaxJurisdictionLength: Get<u32>;

		/// Longest policy reference (a URI), in bytes.
		#[pallet::constant]
		type MaxPolicyLength: Get<u32>;

		/// Most grants stored for one subject and grantee pair (open or ended, until purged).
		/// Bounds `revoke_grantee` and `check`.
		#[pallet::constant]
		type MaxGrantsPerPair: Get<u32>;

		/// Most grants one `revoke_all` call ends.
		#[pallet::constant]
		type MaxRevocationsPerCall: Get<u32>;

		/// Most grants one `purge` call lists.
		#[pallet::constant]
		type MaxPurgesPerCall: Get<u32>;

		/// Most entries in a grant's history; at least 2 (`Given` and a terminal entry).
		#[pallet::constant]
		type MaxHistory: Get<u32>;

		/// How long an ended grant is kept (so checks can say why it ended) before the
		/// off-chain cleanup may purge it and release its deposit, in milliseconds.
		#[pallet::constant]
		type EndedRetention: Get<Moment>;

		/// How far ahead of chain time a grant may end, in milliseconds: `grant` and `renew`
		/// refuse a `valid_until` later than `now + MaxGrantDuration`, so no grant stays
		/// valid for longer without its subject acting again.
		#[pallet::constant]
		type MaxGrantDuration: Get<Moment>;

		/// The key the off-chain worker signs expiry payloads with (for example
		/// [`crypto::Sr25519Authority`] over Aura's key).
		type AuthorityId: AppCrypto<Self::Public, Self::Signature>;

		/// The current authorities: only they may submit `expire`. The runtime uses Aura's.
		type Authorities: Get<Vec<Self::Public>>;

		/// Most grants in one `expire` transaction.
		#[pallet::constant]
		type MaxExpiriesPerTx: Get<u32>;

		/// Most grants the off-chain worker reads in one run.
		#[pallet::constant]
		type MaxOffchainScan: Get<u32>;

		/// Blocks between two `expire` transactions of one authority, and how long such a
		/// transaction stays valid.
		#[pallet::constant]
		type ExpiryInterval: Get<BlockNumberFor<Self>>;

		/// The priority of `expire` transactions.
		#[pallet::constant]
		type UnsignedPriority: Get<TransactionPriority>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up what the benchmarks need from other pallets.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::Public>;
	}

	/// What the benchmarks need from the DID registry, the clock and the authority set.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId, Public> {
		/// Makes `did` an active DID.
		fn activate_did(did: &DidIdentifier, owner: AccountId);
		/// Sets chain time (`pallet_timestamp::Pallet::set_timestamp`).
		fn set_time(now: Moment);
		/// Makes `authority` the last of as many authorities as the chain allows, so that
		/// `Authorities::get()` reads the largest set and finds it at the end.
		fn set_last_authority(authority: Public);
	}

	/// The identifier the next grant gets.
	#[pallet::storage]
	pub(super) type NextGrantId<T: Config> = StorageValue<_, GrantId, ValueQuery>;

	/// Grants by identifier, until purged. `Twox64Concat` is safe: identifiers are assigned in
	/// sequence by the chain, never chosen by users.
	#[pallet::storage]
	pub(super) type Grants<T: Config> = StorageMap<_, Twox64Concat, GrantId, Grant<T>>;

	/// Each grant's audit trail, oldest first, kept apart so checks need not read it.
	#[pallet::storage]
	pub(super) type Histories<T: Config> =
		StorageMap<_, Twox64Concat, GrantId, History<T>, ValueQuery>;

	/// The grants each subject gave (open or ended), for listing. The DID is user-chosen, so
	/// `Blake2_128Concat`. The grant id is stored as it is, big-endian ([`GrantKey`] with
	/// `Identity`), so a DID's entries lie in id order and pages are read from a cursor;
	/// that is safe because ids are assigned in sequence by the chain, never chosen by users.
	#[pallet::storage]
	pub(super) type SubjectGrants<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, DidIdentifier, Identity, GrantKey, (), OptionQuery>;

	/// The grants given to each grantee (open or ended), for listing. Keys as
	/// [`SubjectGrants`].
	#[pallet::storage]
	pub(super) type GranteeGrants<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, DidIdentifier, Identity, GrantKey, (), OptionQuery>;

	/// The grants of each subject and grantee pair (open or ended), at most
	/// `MaxGrantsPerPair`: what `check` and `revoke_grantee` read. Both DIDs are user-chosen,
	/// so `Blake2_128Concat`.
	#[pallet::storage]
	pub(super) type PairGrants<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		DidIdentifier,
		Blake2_128Concat,
		DidIdentifier,
		BoundedVec<GrantId, T::MaxGrantsPerPair>,
		ValueQuery,
	>;

	/// Each subject's open grants: what `revoke_all` works through (in no particular order).
	/// The DID is user-chosen, so `Blake2_128Concat`; the grant id is sequential, so
	/// `Twox64Concat`.
	#[pallet::storage]
	pub(super) type OpenGrants<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		DidIdentifier,
		Twox64Concat,
		GrantId,
		(),
		OptionQuery,
	>;

	/// The block number of each authority's last accepted expiry payload: the rate limit.
	/// Keyed by the authority's account; `Blake2_128Concat` as accounts are keys anyone can
	/// make (only authorities' are ever written).
	#[pallet::storage]
	pub(super) type LastExpiry<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A subject gave a grant.
		GrantGiven {
			grant: GrantId,
			subject: DidIdentifier,
			grantee: DidIdentifier,
			valid_from: Moment,
			valid_until: Moment,
			deposit: BalanceOf<T>,
		},
		/// A subject narrowed a grant.
		GrantNarrowed { grant: GrantId, valid_until: Moment },
		/// A subject moved a grant's end later.
		GrantRenewed { grant: GrantId, valid_until: Moment },
		/// A subject revoked a grant.
		GrantRevoked { grant: GrantId, subject: DidIdentifier, grantee: DidIdentifier },
		/// `revoke_grantee` ended every open grant of the pair (`ended` of them).
		GranteeGrantsRevoked { subject: DidIdentifier, grantee: DidIdentifier, ended: u32 },
		/// `revoke_all` ended `ended` grants; `more_remaining` says whether the subject has
		/// open grants left (call again).
		AllGrantsRevoked { subject: DidIdentifier, ended: u32, more_remaining: bool },
		/// A grantee declined a grant.
		GrantDeclined { grant: GrantId, grantee: DidIdentifier },
		/// A grantee recorded an access under a grant's scope.
		AccessRecorded { grant: GrantId, grantee: DidIdentifier, scope: u32, action: Action },
		/// A grant that ran out was marked expired.
		GrantExpired { grant: GrantId, subject: DidIdentifier, grantee: DidIdentifier },
		/// A grant was deleted and its deposit released to `depositor`, the account that paid
		/// it.
		GrantPurged { grant: GrantId, depositor: T::AccountId, deposit_released: BalanceOf<T> },
		/// An open grant that had not run out ended because its subject's or its grantee's
		/// DID is no longer active; `purge` then deleted it (`GrantPurged`).
		GrantVoided { grant: GrantId, subject: DidIdentifier, grantee: DidIdentifier },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No grant has this identifier (or it was purged).
		GrantNotFound,
		/// Only the grant's subject may do this.
		NotSubject,
		/// Only the grant's grantee may do this.
		NotGrantee,
		/// The grantee DID does not exist or is deactivated.
		GranteeNotActive,
		/// A subject cannot grant to itself.
		GranteeIsSubject,
		/// A grant needs at least one scope.
		NoScopes,
		/// A scope's actions are empty or have bits beyond read, store, share and derive.
		InvalidActions,
		/// A scope's category or purpose is empty.
		EmptyScopeField,
		/// Two scopes have the same category and purpose.
		DuplicateScope,
		/// `valid_from` is not before `valid_until`.
		InvalidPeriod,
		/// `valid_until` is not in the future.
		EndsInPast,
		/// The change would widen the grant: a scope or action it does not have, or a later
		/// end.
		NotNarrower,
		/// A renewal must move `valid_until` later.
		NotLater,
		/// The change changes nothing.
		NoChange,
		/// The pair has `MaxGrantsPerPair` grants and none has ended.
		TooManyGrants,
		/// The history has no room for another change (give a new grant instead).
		TooManyChanges,
		/// No open grant to revoke.
		NothingToRevoke,
		/// The grant is not valid yet.
		NotYetValid,
		/// The grant has run out.
		Expired,
		/// The subject revoked the grant.
		Revoked,
		/// The grantee declined the grant.
		Declined,
		/// No scope of the grant covers this category, action and purpose.
		ScopeMismatch,
		/// The submitting account cannot pay the deposit.
		InsufficientDeposit,
		/// Grant identifiers are exhausted.
		GrantIdsExhausted,
		/// The grant's subject DID is deactivated: its grants allow nothing.
		SubjectNotActive,
		/// `valid_until` is more than `MaxGrantDuration` after chain time.
		EndsTooLate,
		/// None of the grants listed may be purged: each is unknown, or neither ended
		/// `EndedRetention` ago nor has a deactivated subject or grantee.
		NothingToPurge,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxScopes::get() >= 1, "MaxScopes must be at least 1");
			assert!(T::MaxScopes::get() <= u32::from(u8::MAX), "MaxScopes must fit history");
			assert!(T::MaxHistory::get() >= 2, "MaxHistory must hold Given and an end");
			assert!(T::MaxGrantsPerPair::get() >= 1, "MaxGrantsPerPair must be at least 1");
			assert!(T::MaxRevocationsPerCall::get() >= 1, "MaxRevocationsPerCall must be >= 1");
			assert!(T::MaxPurgesPerCall::get() >= 1, "MaxPurgesPerCall must be at least 1");
			assert!(T::MaxGrantDuration::get() >= 1, "MaxGrantDuration must be at least 1 ms");
			assert!(T::MaxExpiriesPerTx::get() >= 1, "MaxExpiriesPerTx must be at least 1");
			assert!(T::MaxOffchainScan::get() >= 1, "MaxOffchainScan must be at least 1");
			assert!(!T::ExpiryInterval::get().is_zero(), "ExpiryInterval must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			crate::try_state::do_try_state::<T>()
		}

		/// Finds due grants and submits one `expire` transaction for them, signed by a local
		/// authority key. Does nothing on nodes without one.
		fn offchain_worker(block: BlockNumberFor<T>) {
			if let Err(reason) = Self::offchain_expire(block) {
				log::debug!(target: "runtime::consent", "no expiry sent at {block:?}: {reason}");
			}
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Gives `grantee` a grant over the calling subject's data.
		///
		/// Origin: [`Config::SubjectOrigin`] (a DID-signed call, `authentication` key); the
		/// submitting account pays `GrantDeposit + ScopeDeposit * scopes.len()`.
		///
		/// - `scopes`: what it covers; unique `(category, purpose)`, non-empty fields, actions
		///   non-empty and within read, store, share and derive.
		/// - `valid_from`, `valid_until`: the validity interval `[valid_from, valid_until)` in
		///   chain time (ms); `valid_until` must be in the future, and at most
		///   `MaxGrantDuration` ahead.
		/// - `receipt`: the hash of the off-chain consent receipt.
		/// - `jurisdiction`, `policy`: the governing law and a URI of the policy.
		///
		/// If the pair already holds `MaxGrantsPerPair` grants, the one that ended first is
		/// purged to make room (`GrantPurged`).
		///
		/// Emits `GrantGiven`.
		///
		/// ## Errors
		/// - `GranteeIsSubject`, `GranteeNotActive`.
		/// - `NoScopes`, `EmptyScopeField`, `InvalidActions`, `DuplicateScope`.
		/// - `InvalidPeriod`, `EndsInPast`, `EndsTooLate`.
		/// - `TooManyGrants`: the pair is full of open grants.
		/// - `InsufficientDeposit`; `GrantIdsExhausted` (never expected).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::grant(scopes.len() as u32))]
		pub fn grant(
			origin: OriginFor<T>,
			grantee: DidIdentifier,
			scopes: Scopes<T>,
			valid_from: Moment,
			valid_until: Moment,
			receipt: ReceiptHash,
			jurisdiction: BoundedVec<u8, T::MaxJurisdictionLength>,
			policy: BoundedVec<u8, T::MaxPolicyLength>,
		) -> DispatchResult {
			let (subject, submitter) = T::SubjectOrigin::ensure_origin(origin)?;
			Self::do_grant(
				subject,
				submitter,
				grantee,
				scopes,
				(valid_from, valid_until),
				receipt,
				jurisdiction,
				policy,
			)
			.map(|_| ())
		}

		/// Narrows a grant: `scopes` (if given) replaces the scopes with a subset of them
		/// (each `(category, purpose)` already in the grant, its actions a subset of the
		/// current ones; scopes left out are withdrawn), and `valid_until` (if given) brings
		/// the end forward (still after `valid_from` and in the future). An earlier end is
		/// never refused for being too far ahead: narrowing only shortens a grant.
		///
		/// Origin: [`Config::SubjectOrigin`], the grant's subject.
		///
		/// Emits `GrantNarrowed`.
		///
		/// ## Errors
		/// - `GrantNotFound`, `NotSubject`; `Revoked`, `Declined`, `Expired`.
		/// - `NoScopes`, `EmptyScopeField`, `InvalidActions`, `DuplicateScope`.
		/// - `NotNarrower`: a new scope, a new action, or a later end.
		/// - `InvalidPeriod`, `EndsInPast`; `NoChange`; `TooManyChanges`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::narrow(
			scopes.as_ref().map_or(0, |scopes| scopes.len() as u32)
		))]
		pub fn narrow(
			origin: OriginFor<T>,
			grant_id: GrantId,
			scopes: Option<Scopes<T>>,
			valid_until: Option<Moment>,
		) -> DispatchResult {
			let (did, _) = T::SubjectOrigin::ensure_origin(origin)?;
			let now = T::Time::now();
			let mut grant = Self::open_grant(grant_id, now)?;
			ensure!(grant.subject == did, Error::<T>::NotSubject);
			let mut changed = false;
			if let Some(new) = scopes {
				validate_scopes::<T>(&new)?;
				let mut narrowed = grant.scopes.clone();
				for scope in narrowed.iter_mut() {
					scope.actions = new
						.iter()
						.find(|n| n.same_subject_matter(scope))
						.map_or(Actions::NONE, |n| n.actions);
				}
				for scope in new.iter() {
					let current = grant
						.scopes
						.iter()
						.find(|c| c.same_subject_matter(scope))
						.ok_or(Error::<T>::NotNarrower)?;
					ensure!(scope.actions.is_subset_of(current.actions), Error::<T>::NotNarrower);
				}
				changed |= narrowed != grant.scopes;
				grant.scopes = narrowed;
			}
			if let Some(until) = valid_until {
				ensure!(until <= grant.valid_until, Error::<T>::NotNarrower);
				ensure!(grant.valid_from < until, Error::<T>::InvalidPeriod);
				ensure!(until > now, Error::<T>::EndsInPast);
				changed |= until != grant.valid_until;
				grant.valid_until = until;
			}
			ensure!(changed, Error::<T>::NoChange);
			Self::record(grant_id, &mut grant, Lifecycle::Narrowed, now)?;
			let valid_until = grant.valid_until;
			Grants::<T>::insert(grant_id, grant);
			Self::deposit_event(Event::GrantNarrowed { grant: grant_id, valid_until });
			Ok(())
		}

		/// Moves a grant's end later, to `valid_until`, at most `MaxGrantDuration` after
		/// chain time. The grant must not have run out, and its grantee must still be active.
		///
		/// Origin: [`Config::SubjectOrigin`], the grant's subject.
		///
		/// Emits `GrantRenewed`.
		///
		/// ## Errors
		/// - `GrantNotFound`, `NotSubject`; `Revoked`, `Declined`, `Expired`.
		/// - `NotLater`, `EndsTooLate`, `GranteeNotActive`, `TooManyChanges`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::renew())]
		pub fn renew(
			origin: OriginFor<T>,
			grant_id: GrantId,
			valid_until: Moment,
		) -> DispatchResult {
			let (did, _) = T::SubjectOrigin::ensure_origin(origin)?;
			let now = T::Time::now();
			let mut grant = Self::open_grant(grant_id, now)?;
			ensure!(grant.subject == did, Error::<T>::NotSubject);
			ensure!(valid_until > grant.valid_until, Error::<T>::NotLater);
			ensure!(Self::within_max_duration(valid_until, now), Error::<T>::EndsTooLate);
			ensure!(T::Dids::is_active(&grant.grantee), Error::<T>::GranteeNotActive);
			grant.valid_until = valid_until;
			Self::record(grant_id, &mut grant, Lifecycle::Renewed, now)?;
			Grants::<T>::insert(grant_id, grant);
			Self::deposit_event(Event::GrantRenewed { grant: grant_id, valid_until });
			Ok(())
		}

		/// Revokes one grant (valid yet or not). Its record stays, `Revoked`, until purged.
		///
		/// Origin: [`Config::SubjectOrigin`], the grant's subject.
		///
		/// Emits `GrantRevoked`.
		///
		/// ## Errors
		/// - `GrantNotFound`, `NotSubject`; `Revoked`, `Declined`, `Expired`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::revoke())]
		pub fn revoke(origin: OriginFor<T>, grant_id: GrantId) -> DispatchResult {
			let (did, _) = T::SubjectOrigin::ensure_origin(origin)?;
			let now = T::Time::now();
			let grant = Self::open_grant(grant_id, now)?;
			ensure!(grant.subject == did, Error::<T>::NotSubject);
			// Not run out (checked above), so this revokes.
			Self::end_grant(grant_id, grant, now);
			Ok(())
		}

		/// Revokes every open grant the calling subject gave `grantee` (at most
		/// `MaxGrantsPerPair`). Grants among them that have already run out are marked
		/// expired instead.
		///
		/// Origin: [`Config::SubjectOrigin`].
		///
		/// Emits `GrantRevoked` (or `GrantExpired`) for each, then `GranteeGrantsRevoked`.
		///
		/// ## Errors
		/// - `NothingToRevoke`: no open grant to `grantee`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::revoke_grantee(T::MaxGrantsPerPair::get()))]
		pub fn revoke_grantee(
			origin: OriginFor<T>,
			grantee: DidIdentifier,
		) -> DispatchResultWithPostInfo {
			let (subject, _) = T::SubjectOrigin::ensure_origin(origin)?;
			let now = T::Time::now();
			let pair = PairGrants::<T>::get(&subject, &grantee);
			let mut ended = 0u32;
			for id in pair.iter() {
				if let Some(grant) = Grants::<T>::get(id).filter(|g| g.status == GrantStatus::Open)
				{
					Self::end_grant(*id, grant, now);
					ended = ended.saturating_add(1);
				}
			}
			ensure!(ended > 0, Error::<T>::NothingToRevoke);
			Self::deposit_event(Event::GranteeGrantsRevoked { subject, grantee, ended });
			Ok(Some(T::WeightInfo::revoke_grantee(pair.len() as u32)).into())
		}

		/// Revokes the calling subject's open grants, at most `MaxRevocationsPerCall` of them;
		/// call again while `AllGrantsRevoked { more_remaining: true }`. Grants that have
		/// already run out are marked expired instead.
		///
		/// Origin: [`Config::SubjectOrigin`].
		///
		/// Emits `GrantRevoked` (or `GrantExpired`) for each, then `AllGrantsRevoked`.
		///
		/// ## Errors
		/// - `NothingToRevoke`: the subject has no open grant.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::revoke_all(T::MaxRevocationsPerCall::get()))]
		pub fn revoke_all(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
			let (subject, _) = T::SubjectOrigin::ensure_origin(origin)?;
			let now = T::Time::now();
			let limit = T::MaxRevocationsPerCall::get() as usize;
			let ids: Vec<GrantId> =
				OpenGrants::<T>::iter_key_prefix(&subject).take(limit.saturating_add(1)).collect();
			ensure!(!ids.is_empty(), Error::<T>::NothingToRevoke);
			let more_remaining = ids.len() > limit;
			let mut ended = 0u32;
			for id in ids.iter().take(limit) {
				match Grants::<T>::get(id) {
					Some(grant) => Self::end_grant(*id, grant, now),
					// Never expected (try_state checks the index); drop the stale entry.
					None => OpenGrants::<T>::remove(&subject, id),
				}
				ended = ended.saturating_add(1);
			}
			Self::deposit_event(Event::AllGrantsRevoked { subject, ended, more_remaining });
			Ok(Some(T::WeightInfo::revoke_all(ended)).into())
		}

		/// Declines a grant: the grantee refuses it. Its record stays, `Declined`, until purged.
		///
		/// Origin: [`Config::GranteeOrigin`], the grant's grantee.
		///
		/// Emits `GrantDeclined`.
		///
		/// ## Errors
		/// - `GrantNotFound`, `NotGrantee`; `Revoked`, `Declined`, `Expired`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::decline())]
		pub fn decline(origin: OriginFor<T>, grant_id: GrantId) -> DispatchResult {
			let (did, _) = T::GranteeOrigin::ensure_origin(origin)?;
			let now = T::Time::now();
			let mut grant = Self::open_grant(grant_id, now)?;
			ensure!(grant.grantee == did, Error::<T>::NotGrantee);
			grant.status = GrantStatus::Declined { at: now };
			Self::finish(grant_id, grant, Lifecycle::Declined, now);
			Self::deposit_event(Event::GrantDeclined { grant: grant_id, grantee: did });
			Ok(())
		}

		/// Records that the grantee performed `action` on the subject's data of `category`
		/// for `purpose`. Succeeds only if the subject's and the grantee's DIDs are active,
		/// the grant is open, `valid_from <= now < valid_until`, and one scope covers exactly
		/// this category, action and purpose.
		///
		/// Origin: [`Config::GranteeOrigin`], the grant's grantee.
		///
		/// Emits `AccessRecorded`.
		///
		/// ## Errors
		/// - `GrantNotFound`, `NotGrantee`.
		/// - `SubjectNotActive`, `GranteeNotActive`: that DID has been deactivated.
		/// - `Revoked`, `Declined`, `Expired`, `NotYetValid`.
		/// - `ScopeMismatch`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::record_access())]
		pub fn record_access(
			origin: OriginFor<T>,
			grant_id: GrantId,
			category: BoundedVec<u8, T::MaxCategoryLength>,
			action: Action,
			purpose: BoundedVec<u8, T::MaxPurposeLength>,
		) -> DispatchResult {
			let (did, _) = T::GranteeOrigin::ensure_origin(origin)?;
			let mut grant = Grants::<T>::get(grant_id).ok_or(Error::<T>::GrantNotFound)?;
			ensure!(grant.grantee == did, Error::<T>::NotGrantee);
			// A deactivated DID's grants allow nothing, whoever signs.
			ensure!(T::Dids::is_active(&grant.subject), Error::<T>::SubjectNotActive);
			ensure!(T::Dids::is_active(&grant.grantee), Error::<T>::GranteeNotActive);
			let now = T::Time::now();
			Self::ensure_state_allows(&grant, now, true)?;
			let scope = grant
				.covering_scope(&category, action, &purpose)
				.ok_or(Error::<T>::ScopeMismatch)?;
			grant.accesses = grant.accesses.saturating_add(1);
			Self::record(grant_id, &mut grant, Lifecycle::Accessed { scope, action }, now)?;
			Grants::<T>::insert(grant_id, grant);
			Self::deposit_event(Event::AccessRecorded {
				grant: grant_id,
				grantee: did,
				scope,
				action,
			});
			Ok(())
		}

		/// Cleans up due grants: marks each open grant that has run out `Expired`, and purges
		/// each grant that ended at least `EndedRetention` ms ago (deleting it and releasing
		/// its deposit). Ids that are no longer due when the transaction is applied are
		/// skipped.
		///
		/// Origin: none (an unsigned transaction from an authority's off-chain worker, accepted
		/// by `ValidateUnsigned` only with a valid authority signature over `payload`).
		///
		/// Emits `GrantExpired` and `GrantPurged`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::expire(payload.grants.len() as u32))]
		pub fn expire(
			origin: OriginFor<T>,
			payload: ExpiryPayload<T>,
			_signature: T::Signature,
		) -> DispatchResultWithPostInfo {
			ensure_none(origin)?;
			let now = T::Time::now();
			for id in payload.grants.iter() {
				if let Some(grant) = Grants::<T>::get(id).filter(|g| Self::is_due(g, now)) {
					Self::clean_up(*id, grant, now);
				}
			}
			LastExpiry::<T>::insert(payload.public.into_account(), payload.block_number);
			Ok(Pays::No.into())
		}

		/// Purges the listed grants that are purgeable: each that ended at least
		/// `EndedRetention` ms ago (an open grant ends at `valid_until`), and each whose
		/// subject's or grantee's DID is no longer active. Each is deleted with its history,
		/// and its deposit goes back to the account that paid it (never to the caller).
		/// Listed ids that are unknown or not purgeable are skipped. This is the path that
		/// needs no validator: the off-chain cleanup does the same for run-out grants.
		///
		/// An open grant is first ended in an event: `GrantExpired` if it has run out,
		/// otherwise `GrantVoided`.
		///
		/// Origin: any signed account, which pays the fee.
		///
		/// - `grants`: at most `MaxPurgesPerCall` grant ids.
		///
		/// Emits `GrantExpired` or `GrantVoided` for each open grant, and `GrantPurged` for
		/// each grant purged.
		///
		/// ## Errors
		/// - `NothingToPurge`: no listed grant was purgeable.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::purge(grants.len() as u32))]
		pub fn purge(
			origin: OriginFor<T>,
			grants: BoundedVec<GrantId, T::MaxPurgesPerCall>,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let now = T::Time::now();
			let mut purged = 0u32;
			for id in grants.iter() {
				let Some(grant) = Grants::<T>::get(id) else { continue };
				if Self::is_purgeable(&grant, now) {
					Self::end_and_purge(*id, grant, now);
					purged = purged.saturating_add(1);
				}
			}
			ensure!(purged > 0, Error::<T>::NothingToPurge);
			Ok(())
		}
	}

	#[pallet::validate_unsigned]
	#[allow(deprecated)]
	impl<T: Config> sp_runtime::traits::ValidateUnsigned for Pallet<T> {
		type Call = Call<T>;

		fn validate_unsigned(_source: TransactionSource, call: &Self::Call) -> TransactionValidity {
			match call {
				Call::expire { payload, signature } => Self::validate_expiry(payload, signature),
				_ => InvalidTransaction::Call.into(),
			}
		}
	}
}
