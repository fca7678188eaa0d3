//! # Consent grants
//!
//! ## Overview
//!
//! GDPR-style consent on chain. A data subject (a DID) grants a grantee DID access to
//! specific data, for specific purposes, for a set time: a *grant* lists *scopes* (a data
//! category, the actions allowed on it and the purpose they serve), a validity interval in
//! chain time, the hash of the off-chain consent receipt the subject holds, the governing
//! jurisdiction and a policy reference. Anyone can check a grant through the runtime API
//! ([`Pallet::check`]); every change and every access the grantee records is kept in the
//! grant's bounded audit trail; one call takes a grant back.
//!
//! Correctness needs no transaction at expiry: every check compares chain time
//! (`pallet-timestamp` milliseconds) with the grant's half-open validity interval
//! `[valid_from, valid_until)`. Storage is cleaned up by the authorities' off-chain workers,
//! which submit unsigned, authority-signed [`Pallet::expire`] transactions.
//!
//! ## Terminology
//!
//! - *Subject*: the DID whose data the grant is about; it gives, narrows, renews and revokes.
//! - *Grantee*: the DID the grant is given to; it records accesses and may decline.
//! - *Scope*: `(category, actions, purpose)`. Actions are a bitset ([`Actions`]): read = 1,
//!   store = 2, share = 4, derive = 8. Within a grant each `(category, purpose)` appears once.
//!   Narrowing never removes a scope from the list: it lowers its actions (to none, to
//!   withdraw it), so a scope's index is stable for the grant's whole life and the audit
//!   trail's `Accessed { scope }` entries always name the right one.
//! - *Open*: not revoked, declined or marked expired. An open grant is *active* while
//!   `valid_from <= now < valid_until`: valid at exactly `valid_from`, not 1 ms before, and no
//!   longer at exactly `valid_until`.
//! - *Ended*: revoked, declined, or run out (`now >= valid_until`). It ended at the moment
//!   of revocation or declining, or at `valid_until`.
//! - *Due*: an open grant that has run out (to be marked `Expired`), or an ended grant whose
//!   end is at least [`Config::EndedRetention`] ms past (to be purged).
//!
//! ## Interface
//!
//! Calls are DID-signed (dispatched through the DID registry's `submit_did_call`) with a key
//! holding the `authentication` relationship.
//!
//! The subject ([`Config::SubjectOrigin`]):
//! - [`Pallet::grant`]: give a grant to an active grantee DID; the submitting account pays
//!   `GrantDeposit + ScopeDeposit * scopes`.
//! - [`Pallet::narrow`]: withdraw scopes or actions and/or bring `valid_until` forward;
//!   anything that widens fails.
//! - [`Pallet::renew`]: move `valid_until` later.
//! - [`Pallet::revoke`]: take one grant back.
//! - [`Pallet::revoke_grantee`]: take back every open grant to one grantee (at most
//!   `MaxGrantsPerPair`).
//! - [`Pallet::revoke_all`]: take back every open grant, `MaxRevocationsPerCall` per call;
//!   call again to continue (the event says whether more remain).
//!
//! The grantee ([`Config::GranteeOrigin`]):
//! - [`Pallet::record_access`]: record that it read, stored, shared or derived data under
//!   the grant; fails unless the grant is active and one scope covers the category, action
//!   and purpose exactly.
//! - [`Pallet::decline`]: refuse a grant.
//!
//! Authorities' off-chain workers (unsigned, with an authority-signed payload):
//! - [`Pallet::expire`]: mark run-out grants `Expired` and purge grants ended more than
//!   `EndedRetention` ago.
//!
//! Reads (for the runtime API `pallet_consent_runtime_api::ConsentApi`): [`Pallet::check`],
//! [`Pallet::grants_by_subject`], [`Pallet::grants_to_grantee`], [`Pallet::grant_info`],
//! [`Pallet::history`].
//!
//! ## Consent records
//!
//! The node's `consent_receipt` JSON-RPC method renders a grant as a consent record after
//! ISO/IEC TS 27560:2023, with Kantara Consent Receipt 1.1 field names where the two overlap:
//! the subject is the PII principal (`piiPrincipalId`), the grantee the PII controller
//! (`piiControllers`), each scope one purpose (`purpose` = the DPV purpose, `piiCategory` =
//! the category, `processing` = the actions, `termination` = `valid_until`), `jurisdiction`
//! and `policyUrl` come from the grant, `consentTimestamp` from the `Given` entry, the
//! history's lifecycle entries become the record's events (`Given` → given, `Narrowed` →
//! modified, `Renewed` → renewed, `Revoked` → withdrawn, `Declined` → refused, `Expired` →
//! expired), and the receipt hash is the evidence. `docs/consent.md` maps every field.
//!
//! ## Design decisions
//!
//! **Ended grants and their deposit.** A grant's record, history and deposit stay after it
//! ends, so `check` can say *why* a grantee is denied (`Revoked`, `Declined`, `Expired`, with
//! the grant id) and the audit trail stays readable. The deposit pays for storage, so it is
//! held for exactly as long as the storage exists: it is released when the grant is
//! *purged*, which happens (a) through [`Pallet::expire`] once the grant ended at least
//! `EndedRetention` ms ago, or (b) when the subject gives a new grant to the same grantee
//! and the pair already holds `MaxGrantsPerPair` grants: the one that ended first is purged
//! to make room (the new grant is the more informative record for that pair). Releasing the
//! deposit at revocation while keeping a record would leave storage nobody pays for, and
//! deleting the record at once would make `check` answer `NoGrant` where `Revoked` is the
//! truth.
//!
//! **History overflow.** Each grant keeps at most `MaxHistory` entries. Lifecycle entries
//! (`Given`, `Narrowed`, `Renewed`, and the one terminal `Declined`/`Revoked`/`Expired`) are
//! never dropped: a `narrow` or `renew` that would leave no room for the terminal entry
//! fails with [`Error::TooManyChanges`] (give a new grant instead). `Accessed` entries fill
//! the rest; when the history is full the oldest `Accessed` entry is dropped. Every access
//! is counted in the grant's `accesses` counter, recorded in the history or not.
//!
//! **DIDs that go away.** The grantee must be an active DID to be given a grant or to have
//! one renewed; a deactivated DID cannot sign, so it records no access. A grant does not
//! end when its subject's DID is deactivated: the subject should revoke first (a
//! deactivated DID can no longer sign a revocation), and the grant runs out at its
//! `valid_until`.
//!
//! **Off-chain cleanup and its rate limit.** Each block, an authority's off-chain worker
//! scans up to `MaxOffchainScan` grants (resuming where the last scan stopped, from a cursor
//! in its local storage) and submits one `expire` transaction for up to `MaxExpiriesPerTx`
//! due grants. The payload (block number, ids, public key) is signed by the authority's key
//! under the context `b"didimo/consent-expiry"`. `ValidateUnsigned` accepts it only if:
//! - the signer is a current authority and the signature verifies;
//! - the payload's block is at most `ExpiryInterval` blocks before the block that includes
//!   it (and not after it);
//! - the authority's last accepted payload is at least `ExpiryInterval` blocks older
//!   (`LastExpiry`);
//! - every id is due and listed once.
//!
//! Each id is a `provides` tag, so two authorities cannot get the same grant into the pool
//! twice, and so is the authority, so it has one such transaction in the pool at a time;
//! `longevity` ends with the payload's validity. The worker also remembers locally when it
//! last sent, so it does not retry every block. Unsigned transactions go through the
//! deprecated `ValidateUnsigned` (removal announced for after April 2027); moving to
//! `#[pallet::authorize]` needs the runtime's transaction extensions to include
//! `frame_system::AuthorizeCall`.
//!
//! ## Runtime integration
//!
//! The runtime implements `frame_system::offchain::{SigningTypes, CreateTransactionBase,
//! CreateBare}` (with `Public = MultiSigner`, `Signature = MultiSignature`), lets the worker
//! sign with the node's Aura key and takes the authorities from Aura:
//!
//! ```ignore
//! impl pallet_consent::Config for Runtime {
//!     type SubjectOrigin = pallet_did::EnsureDidAndSubmitter<Runtime, Authentication>;
//!     type GranteeOrigin = pallet_did::EnsureDidAndSubmitter<Runtime, Authentication>;
//!     type Time = Timestamp;
//!     type AuthorityId = pallet_consent::crypto::Sr25519Authority<AuraId>;
//!     type Authorities = AuraAuthorities;
//!     // ...
//! }
//!
//! pub struct AuraAuthorities;
//! impl Get<Vec<MultiSigner>> for AuraAuthorities {
//!     fn get() -> Vec<MultiSigner> {
//!         pallet_aura::Authorities::<Runtime>::get()
//!             .into_iter()
//!             .map(|id| MultiSigner::Sr25519(sp_core::sr25519::Public::from(id)))
//!             .collect()
//!     }
//! }
//! ```
//!
//! Its `DidCallAuthorization` maps `RuntimeCall::Consent(_)` to `authentication`.
//!
//! ## Invariants (checked by `try_state`)
//!
//! The deposit held from each account is exactly the sum of its grants' deposits, and each
//! grant's deposit is what its scopes require; the subject, grantee, pair and open indices
//! list exactly the stored grants (the open index exactly the open ones); every grant has
//! `valid_from < valid_until`, scopes that are unique and well formed, and a history that
//! starts with `Given`, ends its lifecycle entries with a terminal entry exactly when the
//! grant is ended, keeps its lifecycle entries within `MaxHistory - 1` before the terminal
//! one, and records no more accesses than the grant counted.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod crypto;
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

/// A grant as the runtime API shows it.
pub type GrantInfoOf<T> = pallet_consent_runtime_api::GrantInfo<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// `InvalidTransaction::Custom` codes of [`Pallet::expire`]'s validation.
pub mod invalid {
	/// A listed grant is unknown or not due.
	pub const NOT_DUE: u8 = 1;
	/// A grant is listed twice.
	pub const DUPLICATE: u8 = 2;
	/// The authority's last accepted payload is less than `ExpiryInterval` blocks older.
	pub const RATE_LIMITED: u8 = 3;
	/// No grant is listed.
	pub const EMPTY: u8 = 4;
}

#[frame_support::pallet]
pub mod pallet {
	use alloc::vec::Vec;
	use didimo_primitives::did::{DidIdentifier, DidRegistry};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			tokens::Precision,
			Time,
		},
	};
	use frame_system::{
		offchain::{
			AppCrypto, CreateBare, SendUnsignedTransaction, SignedPayload, Signer, SigningTypes,
		},
		pallet_prelude::*,
	};
	use sp_runtime::{
		offchain::storage::StorageValueRef,
		traits::{IdentifyAccount, Saturating},
		SaturatedConversion,
	};

	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	/// Local storage key of the off-chain worker's scan cursor (the last grant id it read).
	pub const OCW_CURSOR: &[u8] = b"didimo/consent/ocw-cursor";
	/// Local storage key of the block the off-chain worker last sent a transaction at.
	pub const OCW_LAST_SENT: &[u8] = b"didimo/consent/ocw-last-sent";

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
		/// `pallet_did::EnsureDidAndSubmitter<Runtime, Authentication>`.
		type SubjectOrigin: EnsureOrigin<
			Self::RuntimeOrigin,
			Success = (DidIdentifier, Self::AccountId),
		>;

		/// The origin of the grantee's calls, as [`Config::SubjectOrigin`].
		type GranteeOrigin: EnsureOrigin<
			Self::RuntimeOrigin,
			Success = (DidIdentifier, Self::AccountId),
		>;

		/// The DID registry, asked whether grantees are active.
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

		/// Most entries in a grant's history; at least 2 (`Given` and a terminal entry).
		#[pallet::constant]
		type MaxHistory: Get<u32>;

		/// How long an ended grant is kept (so checks can say why it ended) before the
		/// off-chain cleanup may purge it and release its deposit, in milliseconds.
		#[pallet::constant]
		type EndedRetention: Get<Moment>;

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
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// What the benchmarks need from the DID registry and the clock.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId> {
		/// Makes `did` an active DID.
		fn activate_did(did: &DidIdentifier, owner: AccountId);
		/// Sets chain time (`pallet_timestamp::Pallet::set_timestamp`).
		fn set_time(now: Moment);
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
	/// `Blake2_128Concat`; the grant id is sequential, so `Twox64Concat`.
	#[pallet::storage]
	pub(super) type SubjectGrants<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		DidIdentifier,
		Twox64Concat,
		GrantId,
		(),
		OptionQuery,
	>;

	/// The grants given to each grantee (open or ended), for listing. Hashers as
	/// [`SubjectGrants`].
	#[pallet::storage]
	pub(super) type GranteeGrants<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		DidIdentifier,
		Twox64Concat,
		GrantId,
		(),
		OptionQuery,
	>;

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

	/// Each subject's open grants: what `revoke_all` works through. Hashers as
	/// [`SubjectGrants`].
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
		/// An ended grant was deleted and its deposit released.
		GrantPurged { grant: GrantId, deposit_released: BalanceOf<T> },
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
		GrantExpired,
		/// The subject revoked the grant.
		GrantRevoked,
		/// The grantee declined the grant.
		GrantDeclined,
		/// No scope of the grant covers this category, action and purpose.
		ScopeMismatch,
		/// The submitting account cannot pay the deposit.
		InsufficientDeposit,
		/// Grant identifiers are exhausted.
		GrantIdsExhausted,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxScopes::get() >= 1, "MaxScopes must be at least 1");
			assert!(T::MaxScopes::get() <= u32::from(u8::MAX), "MaxScopes must fit history");
			assert!(T::MaxHistory::get() >= 2, "MaxHistory must hold Given and an end");
			assert!(T::MaxGrantsPerPair::get() >= 1, "MaxGrantsPerPair must be at least 1");
			assert!(T::MaxRevocationsPerCall::get() >= 1, "MaxRevocationsPerCall must be >= 1");
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
		///   chain time (ms); `valid_until` must be in the future.
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
		/// - `InvalidPeriod`, `EndsInPast`.
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
		/// the end forward (still after `valid_from` and in the future).
		///
		/// Origin: [`Config::SubjectOrigin`], the grant's subject.
		///
		/// Emits `GrantNarrowed`.
		///
		/// ## Errors
		/// - `GrantNotFound`, `NotSubject`; `GrantRevoked`, `GrantDeclined`, `GrantExpired`.
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
				Self::ensure_well_formed(&new)?;
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

		/// Moves a grant's end later, to `valid_until`. The grant must not have run out, and
		/// its grantee must still be active.
		///
		/// Origin: [`Config::SubjectOrigin`], the grant's subject.
		///
		/// Emits `GrantRenewed`.
		///
		/// ## Errors
		/// - `GrantNotFound`, `NotSubject`; `GrantRevoked`, `GrantDeclined`, `GrantExpired`.
		/// - `NotLater`, `GranteeNotActive`, `TooManyChanges`.
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
		/// - `GrantNotFound`, `NotSubject`; `GrantRevoked`, `GrantDeclined`, `GrantExpired`.
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
		/// - `GrantNotFound`, `NotGrantee`; `GrantRevoked`, `GrantDeclined`, `GrantExpired`.
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
		/// for `purpose`. Succeeds only if the grant is open, `valid_from <= now <
		/// valid_until`, and one scope covers exactly this category, action and purpose.
		///
		/// Origin: [`Config::GranteeOrigin`], the grant's grantee.
		///
		/// Emits `AccessRecorded`.
		///
		/// ## Errors
		/// - `GrantNotFound`, `NotGrantee`.
		/// - `GrantRevoked`, `GrantDeclined`, `GrantExpired`, `NotYetValid`.
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

	impl<T: Config> Pallet<T> {
		/// The deposit a grant of `scopes` scopes requires.
		pub fn deposit_for(scopes: u32) -> BalanceOf<T> {
			T::GrantDeposit::get()
				.saturating_add(T::ScopeDeposit::get().saturating_mul(scopes.into()))
		}

		/// `grant`'s work for `subject`, paid by `submitter`; returns the new grant's id.
		pub(crate) fn do_grant(
			subject: DidIdentifier,
			submitter: T::AccountId,
			grantee: DidIdentifier,
			scopes: Scopes<T>,
			(valid_from, valid_until): (Moment, Moment),
			receipt: ReceiptHash,
			jurisdiction: BoundedVec<u8, T::MaxJurisdictionLength>,
			policy: BoundedVec<u8, T::MaxPolicyLength>,
		) -> Result<GrantId, DispatchError> {
			ensure!(grantee != subject, Error::<T>::GranteeIsSubject);
			ensure!(T::Dids::is_active(&grantee), Error::<T>::GranteeNotActive);
			Self::ensure_well_formed(&scopes)?;
			ensure!(valid_from < valid_until, Error::<T>::InvalidPeriod);
			let now = T::Time::now();
			ensure!(valid_until > now, Error::<T>::EndsInPast);
			let id = NextGrantId::<T>::get();
			let next = id.checked_add(1).ok_or(Error::<T>::GrantIdsExhausted)?;
			let mut pair = PairGrants::<T>::get(&subject, &grantee);
			if pair.is_full() {
				let oldest_ended = pair
					.iter()
					.filter_map(|id| {
						let grant = Grants::<T>::get(id)?;
						grant.end(now).map(|end| (end, *id, grant))
					})
					.min_by_key(|(end, id, _)| (*end, *id));
				let (_, evicted, grant) = oldest_ended.ok_or(Error::<T>::TooManyGrants)?;
				Self::purge(evicted, &grant);
				pair.retain(|id| *id != evicted);
			}
			let deposit = Self::deposit_for(scopes.len() as u32);
			T::Currency::hold(&HoldReason::GrantDeposit.into(), &submitter, deposit)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;
			// Cannot fail: the pair has room (checked or made above).
			pair.try_push(id).map_err(|_| Error::<T>::TooManyGrants)?;
			let block = frame_system::Pallet::<T>::block_number();
			Grants::<T>::insert(
				id,
				Grant {
					subject: subject.clone(),
					grantee: grantee.clone(),
					scopes,
					valid_from,
					valid_until,
					receipt,
					jurisdiction,
					policy,
					depositor: submitter,
					deposit,
					status: GrantStatus::Open,
					accesses: 0,
					created: block,
					updated: block,
				},
			);
			Histories::<T>::insert(
				id,
				History::<T>::truncate_from(alloc::vec![HistoryEntry {
					event: Lifecycle::Given,
					block,
					at: now,
				}]),
			);
			PairGrants::<T>::insert(&subject, &grantee, pair);
			SubjectGrants::<T>::insert(&subject, id, ());
			GranteeGrants::<T>::insert(&grantee, id, ());
			OpenGrants::<T>::insert(&subject, id, ());
			NextGrantId::<T>::put(next);
			Self::deposit_event(Event::GrantGiven {
				grant: id,
				subject,
				grantee,
				valid_from,
				valid_until,
				deposit,
			});
			Ok(id)
		}

		/// Checks scopes given to `grant` or `narrow`.
		fn ensure_well_formed(scopes: &Scopes<T>) -> DispatchResult {
			ensure!(!scopes.is_empty(), Error::<T>::NoScopes);
			for (i, scope) in scopes.iter().enumerate() {
				ensure!(
					!scope.category.is_empty() && !scope.purpose.is_empty(),
					Error::<T>::EmptyScopeField
				);
				ensure!(
					scope.actions.is_valid() && !scope.actions.is_empty(),
					Error::<T>::InvalidActions
				);
				ensure!(
					!scopes.iter().take(i).any(|other| other.same_subject_matter(scope)),
					Error::<T>::DuplicateScope
				);
			}
			Ok(())
		}

		/// Fails with the error naming the grant's state unless it allows a change or (with
		/// `active`) an access at `now`.
		fn ensure_state_allows(grant: &Grant<T>, now: Moment, active: bool) -> DispatchResult {
			match grant.state(now) {
				GrantState::Active => Ok(()),
				GrantState::NotYetValid if !active => Ok(()),
				GrantState::NotYetValid => Err(Error::<T>::NotYetValid.into()),
				GrantState::Expired => Err(Error::<T>::GrantExpired.into()),
				GrantState::Revoked => Err(Error::<T>::GrantRevoked.into()),
				GrantState::Declined => Err(Error::<T>::GrantDeclined.into()),
			}
		}

		/// A grant that is open and has not run out at `now`.
		fn open_grant(grant_id: GrantId, now: Moment) -> Result<Grant<T>, DispatchError> {
			let grant = Grants::<T>::get(grant_id).ok_or(Error::<T>::GrantNotFound)?;
			Self::ensure_state_allows(&grant, now, false)?;
			Ok(grant)
		}

		/// Appends `event` to the grant's history (see the crate docs on overflow) and bumps
		/// its `updated` block. The caller writes the grant.
		fn record(
			grant_id: GrantId,
			grant: &mut Grant<T>,
			event: Lifecycle,
			now: Moment,
		) -> DispatchResult {
			let block = frame_system::Pallet::<T>::block_number();
			let mut history = Histories::<T>::get(grant_id);
			let max = T::MaxHistory::get() as usize;
			let oldest_access =
				|history: &History<T>| history.iter().position(|entry| !entry.event.is_lifecycle());
			let lifecycle = history.iter().filter(|entry| entry.event.is_lifecycle()).count();
			if event.is_lifecycle() && !event.is_terminal() {
				// Keep one slot for the terminal entry.
				ensure!(lifecycle.saturating_add(1) < max, Error::<T>::TooManyChanges);
			}
			let mut room = !history.is_full();
			if !room {
				if let Some(position) = oldest_access(&history) {
					history.remove(position);
					room = true;
				}
			}
			if room {
				// Cannot fail: there is room.
				let _ = history.try_push(HistoryEntry { event, block, at: now });
			}
			// Otherwise the history is all lifecycle entries and `event` is an access: it is
			// counted in `accesses` only.
			Histories::<T>::insert(grant_id, history);
			grant.updated = block;
			Ok(())
		}

		/// Ends an open grant in a revocation: `Revoked` at `now`, or `Expired` if it has
		/// already run out. Writes it and emits the event.
		fn end_grant(grant_id: GrantId, mut grant: Grant<T>, now: Moment) {
			let subject = grant.subject.clone();
			let grantee = grant.grantee.clone();
			if now >= grant.valid_until {
				grant.status = GrantStatus::Expired { at: grant.valid_until };
				Self::finish(grant_id, grant, Lifecycle::Expired, now);
				Self::deposit_event(Event::GrantExpired { grant: grant_id, subject, grantee });
			} else {
				grant.status = GrantStatus::Revoked { at: now };
				Self::finish(grant_id, grant, Lifecycle::Revoked, now);
				Self::deposit_event(Event::GrantRevoked { grant: grant_id, subject, grantee });
			}
		}

		/// Records the terminal entry of a grant whose status was just set to an end, takes it
		/// out of the open index and writes it.
		fn finish(grant_id: GrantId, mut grant: Grant<T>, event: Lifecycle, now: Moment) {
			// Cannot fail: terminal entries always have room.
			let _ = Self::record(grant_id, &mut grant, event, now);
			OpenGrants::<T>::remove(&grant.subject, grant_id);
			Grants::<T>::insert(grant_id, grant);
		}

		/// Deletes a grant, its history and index entries, and releases its deposit.
		fn purge(grant_id: GrantId, grant: &Grant<T>) {
			let released = T::Currency::release(
				&HoldReason::GrantDeposit.into(),
				&grant.depositor,
				grant.deposit,
				Precision::BestEffort,
			)
			.unwrap_or_default();
			Grants::<T>::remove(grant_id);
			Histories::<T>::remove(grant_id);
			SubjectGrants::<T>::remove(&grant.subject, grant_id);
			GranteeGrants::<T>::remove(&grant.grantee, grant_id);
			OpenGrants::<T>::remove(&grant.subject, grant_id);
			PairGrants::<T>::mutate_exists(&grant.subject, &grant.grantee, |pair| {
				if let Some(ids) = pair {
					ids.retain(|id| *id != grant_id);
					if ids.is_empty() {
						*pair = None;
					}
				}
			});
			Self::deposit_event(Event::GrantPurged { grant: grant_id, deposit_released: released });
		}

		/// Whether `expire` may act on the grant at `now`: it is open and has run out, or it
		/// ended at least `EndedRetention` ago.
		pub fn is_due(grant: &Grant<T>, now: Moment) -> bool {
			match grant.status {
				GrantStatus::Open => now >= grant.valid_until,
				status => status
					.ended_at()
					.is_some_and(|end| now >= end.saturating_add(T::EndedRetention::get())),
			}
		}

		/// `expire`'s work on one due grant: marks it expired if it is open, then purges it if
		/// its retention has passed.
		fn clean_up(grant_id: GrantId, mut grant: Grant<T>, now: Moment) {
			if grant.status == GrantStatus::Open {
				let subject = grant.subject.clone();
				let grantee = grant.grantee.clone();
				grant.status = GrantStatus::Expired { at: grant.valid_until };
				Self::finish(grant_id, grant.clone(), Lifecycle::Expired, now);
				Self::deposit_event(Event::GrantExpired { grant: grant_id, subject, grantee });
			}
			if Self::is_due(&grant, now) {
				Self::purge(grant_id, &grant);
			}
		}

		/// `ValidateUnsigned` for `expire`.
		fn validate_expiry(
			payload: &ExpiryPayload<T>,
			signature: &T::Signature,
		) -> TransactionValidity {
			let block = frame_system::Pallet::<T>::block_number();
			let interval = T::ExpiryInterval::get();
			if payload.block_number > block {
				return InvalidTransaction::Future.into();
			}
			// The last block the payload may be included in. The pool validates at the block
			// after the one the worker saw, so the window must include `block_number + 1` even
			// for an interval of 1.
			let valid_till = payload.block_number.saturating_add(interval);
			if valid_till < block {
				return InvalidTransaction::Stale.into();
			}
			if payload.grants.is_empty() {
				return InvalidTransaction::Custom(invalid::EMPTY).into();
			}
			if !T::Authorities::get().contains(&payload.public) {
				return InvalidTransaction::BadSigner.into();
			}
			if !SignedPayload::<T>::verify::<T::AuthorityId>(payload, signature.clone()) {
				return InvalidTransaction::BadProof.into();
			}
			let authority = payload.public.clone().into_account();
			if LastExpiry::<T>::get(&authority)
				.is_some_and(|last| payload.block_number < last.saturating_add(interval))
			{
				return InvalidTransaction::Custom(invalid::RATE_LIMITED).into();
			}
			let mut sorted = payload.grants.to_vec();
			sorted.sort_unstable();
			sorted.dedup();
			if sorted.len() != payload.grants.len() {
				return InvalidTransaction::Custom(invalid::DUPLICATE).into();
			}
			let now = T::Time::now();
			if !payload
				.grants
				.iter()
				.all(|id| Grants::<T>::get(id).is_some_and(|g| Self::is_due(&g, now)))
			{
				return InvalidTransaction::Custom(invalid::NOT_DUE).into();
			}
			let mut valid = ValidTransaction::with_tag_prefix("ConsentExpiry")
				.priority(T::UnsignedPriority::get())
				.and_provides((b"authority", authority))
				.longevity(
					valid_till.saturating_sub(block).saturated_into::<u64>().saturating_add(1),
				)
				.propagate(true);
			for id in payload.grants.iter() {
				valid = valid.and_provides((b"grant", id));
			}
			valid.build()
		}

		/// The off-chain worker's run: pick a local authority key allowed to submit, find due
		/// grants, and send one `expire`.
		fn offchain_expire(block: BlockNumberFor<T>) -> Result<(), &'static str> {
			let interval = T::ExpiryInterval::get();
			let last_sent = StorageValueRef::persistent(OCW_LAST_SENT);
			if let Ok(Some(last)) = last_sent.get::<BlockNumberFor<T>>() {
				if block < last.saturating_add(interval) {
					return Err("sent recently");
				}
			}
			let authorities = T::Authorities::get();
			let signer = Signer::<T, T::AuthorityId>::all_accounts().with_filter(authorities);
			let account = signer
				.accounts_from_keys()
				.find(|account| {
					LastExpiry::<T>::get(&account.id)
						.is_none_or(|last| block >= last.saturating_add(interval))
				})
				.ok_or("no local authority key may submit now")?;
			let due = Self::scan_due(T::Time::now());
			if due.is_empty() {
				return Err("nothing due");
			}
			let grants = BoundedVec::truncate_from(due);
			let (_, result) = Signer::<T, T::AuthorityId>::any_account()
				.with_filter(alloc::vec![account.public.clone()])
				.send_unsigned_transaction(
					|account| ExpiryPayload::<T> {
						block_number: block,
						grants: grants.clone(),
						public: account.public.clone(),
					},
					|payload, signature| Call::expire { payload, signature },
				)
				.ok_or("the authority key cannot sign")?;
			result.map_err(|()| "the transaction pool refused the transaction")?;
			last_sent.set(&block);
			Ok(())
		}

		/// Up to `MaxExpiriesPerTx` due grants among the next `MaxOffchainScan` grants after the
		/// cursor in local storage, which it moves (back to the start once past the end).
		fn scan_due(now: Moment) -> Vec<GrantId> {
			let cursor = StorageValueRef::persistent(OCW_CURSOR);
			let mut iter = match cursor.get::<GrantId>() {
				Ok(Some(last)) => Grants::<T>::iter_from_key(last),
				_ => Grants::<T>::iter(),
			};
			let max = T::MaxExpiriesPerTx::get() as usize;
			let budget = T::MaxOffchainScan::get();
			let mut due = Vec::new();
			let mut scanned = 0u32;
			let mut last = None;
			for (id, grant) in iter.by_ref() {
				scanned = scanned.saturating_add(1);
				last = Some(id);
				if Self::is_due(&grant, now) {
					due.push(id);
				}
				if due.len() >= max || scanned >= budget {
					break;
				}
			}
			match (last, iter.next()) {
				(Some(last), Some(_)) => cursor.set(&last),
				_ => {
					let mut cursor = cursor;
					cursor.clear();
				},
			}
			due
		}

		/// Whether `grantee` may perform `action` on `subject`'s data of `category` for
		/// `purpose` at `at` (chain time; `None` for now). Among the pair's grants the most
		/// informative answers: one that allows it (the one valid longest), else one covering
		/// the request that starts later (the earliest), else one covering it that ended (the
		/// latest end), else one that does not cover it (`ScopeMismatch`). Ended grants count
		/// as ended at any `at` (fail closed).
		pub fn check(
			subject: &DidIdentifier,
			grantee: &DidIdentifier,
			category: &[u8],
			action: Action,
			purpose: &[u8],
			at: Option<Moment>,
		) -> CheckResult {
			let at = at.unwrap_or_else(T::Time::now);
			let mut best: Option<((u8, Moment, GrantId), CheckResult)> = None;
			for id in PairGrants::<T>::get(subject, grantee) {
				let Some(grant) = Grants::<T>::get(id) else { continue };
				let valid_until = grant.valid_until;
				let denied = |reason| CheckResult::Denied {
					reason,
					grant_id: Some(id),
					valid_until: Some(valid_until),
				};
				let (rank, key, result) =
					if grant.covering_scope(category, action, purpose).is_none() {
						let open = grant.status == GrantStatus::Open;
						(u8::from(open), valid_until, denied(DenyReason::ScopeMismatch))
					} else {
						let end = grant.end(at).unwrap_or(valid_until);
						match grant.state(at) {
							GrantState::Active => {
								(5, valid_until, CheckResult::Allowed { grant_id: id, valid_until })
							},
							GrantState::NotYetValid => (
								4,
								Moment::MAX.saturating_sub(grant.valid_from),
								denied(DenyReason::NotYetValid),
							),
							GrantState::Expired => (3, end, denied(DenyReason::Expired)),
							GrantState::Revoked => (3, end, denied(DenyReason::Revoked)),
							GrantState::Declined => (3, end, denied(DenyReason::Declined)),
						}
					};
				if best.as_ref().is_none_or(|(score, _)| (rank, key, id) > *score) {
					best = Some(((rank, key, id), result));
				}
			}
			best.map_or(
				CheckResult::Denied {
					reason: DenyReason::NoGrant,
					grant_id: None,
					valid_until: None,
				},
				|(_, result)| result,
			)
		}

		/// A grant as the runtime API shows it.
		pub fn grant_info(grant_id: GrantId) -> Option<GrantInfoOf<T>> {
			let grant = Grants::<T>::get(grant_id)?;
			let now = T::Time::now();
			Some(pallet_consent_runtime_api::GrantInfo {
				id: grant_id,
				state: grant.state(now),
				subject: grant.subject,
				grantee: grant.grantee,
				scopes: grant.scopes.iter().map(Scope::info).collect(),
				valid_from: grant.valid_from,
				valid_until: grant.valid_until,
				receipt: grant.receipt,
				jurisdiction: grant.jurisdiction.into_inner(),
				policy: grant.policy.into_inner(),
				depositor: grant.depositor,
				deposit: grant.deposit,
				status: grant.status,
				accesses: grant.accesses,
				created: grant.created,
				updated: grant.updated,
				now,
				block: frame_system::Pallet::<T>::block_number(),
			})
		}

		/// A grant's audit trail, oldest first.
		pub fn history(grant_id: GrantId) -> Option<Vec<HistoryEntry<BlockNumberFor<T>>>> {
			Grants::<T>::contains_key(grant_id).then(|| Histories::<T>::get(grant_id).into_inner())
		}

		/// The grants `subject` gave, ids from `start` on, at most `min(limit, MAX_PAGE)`.
		pub fn grants_by_subject(
			subject: &DidIdentifier,
			start: GrantId,
			limit: u32,
		) -> Vec<GrantInfoOf<T>> {
			Self::page(SubjectGrants::<T>::iter_key_prefix(subject), start, limit)
		}

		/// The grants given to `grantee`, ids from `start` on, at most `min(limit, MAX_PAGE)`.
		pub fn grants_to_grantee(
			grantee: &DidIdentifier,
			start: GrantId,
			limit: u32,
		) -> Vec<GrantInfoOf<T>> {
			Self::page(GranteeGrants::<T>::iter_key_prefix(grantee), start, limit)
		}

		fn page(
			ids: impl Iterator<Item = GrantId>,
			start: GrantId,
			limit: u32,
		) -> Vec<GrantInfoOf<T>> {
			let mut ids: Vec<GrantId> = ids.filter(|id| *id >= start).collect();
			ids.sort_unstable();
			ids.truncate(limit.min(MAX_PAGE) as usize);
			ids.into_iter().filter_map(Self::grant_info).collect()
		}

		/// A grant record, for tests and other pallets.
		pub fn grant_record(grant_id: GrantId) -> Option<Grant<T>> {
			Grants::<T>::get(grant_id)
		}
	}
}
