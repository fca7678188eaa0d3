//! # Presentations
//!
//! ## Overview
//!
//! On-chain verification of zero-knowledge credential presentations (`didimo_zk`, Groth16 over
//! BLS12-381): the **circuit registry** (the versions of the presentation circuit the chain
//! accepts proofs of, each with its verifying key, registered and retired by a privileged
//! origin); the Groth16 check, run through the runtime's BLS12-381 host calls
//! (`sp-crypto-ec-utils`) rather than in wasm; verifiers' **trusted-issuer lists**, whose
//! Poseidon roots follow their issuers' keys; content-addressed **verification requests**; and
//! **presentations**, whose statement the runtime rebuilds from a request and chain state,
//! with **nullifiers** per verifier scope. The full specification, with the exact challenge
//! and scope derivations, is `docs/presentation.md`.
//!
//! ## Terminology
//!
//! - *Circuit version*: a version of the presentation circuit (`didimo_zk::prover::
//!   CIRCUIT_VERSION`); the runtime knows how each version's statement is built, so only
//!   versions in [`SUPPORTED_VERSIONS`] can be registered.
//! - *Verifying key*: the circuit's Groth16 verifying key, given in arkworks' compressed form
//!   (440 bytes for version 1, 1,448 for version 2) and validated on registration: canonical
//!   encodings, points on the curve and in the prime-order subgroups, no identity point, the
//!   input count the version expects (1 for version 1, 22 for version 2), and
//!   `gamma ≠ delta`, neither the G2 generator (`didimo_zk::verifier::VerifyingKey`).
//! - *Prepared key*: what is stored, the form that verifies cheapest: `e(alpha, beta)`
//!   computed once, `gamma` and `delta` negated, the input bases and their multiples by
//!   `2^64`, `2^128` and `2^192` (so `IC` is a multi-scalar multiplication of 64-bit
//!   scalars), all uncompressed (1,440 bytes for version 1, 9,504 for version 2), so
//!   verification decodes it without square roots or subgroup checks
//!   (`PreparedVerifyingKey::from_trusted_bytes`; only validated keys are ever stored).
//! - *Key hash*: `VerifyingKey::hash`, the Poseidon hash of the compressed key, by which
//!   wallets and verifiers name a key.
//! - *Trusted-issuer list*: a verifier DID's list of issuer DIDs (32 slots), committed in a
//!   Poseidon tree over their zero-knowledge keys (`trusted_issuers::ListTree`); it keeps its
//!   recent roots, and a root replaced less than [`Config::RootFreshness`] blocks ago is
//!   still accepted.
//! - *Request*: what a verifier asks ([`RequestSpec`]), registered once; its id is the hash of
//!   the verifier and the content ([`Pallet::request_id`]).
//! - *Challenge*: the statement value that binds a proof to its use: on chain, the request and
//!   the submitting account ([`Pallet::chain_challenge`]); off chain, the request and a
//!   verifier's nonce ([`Pallet::nonce_challenge`]).
//! - *Nullifier*: a holder's value per scope; a request with a scope accepts each once.
//!
//! ## Interface
//!
//! [`Config::CircuitOrigin`] (root in DIDimo's runtimes):
//! - [`Pallet::register_circuit`]: register a version's verifying key. A version is never
//!   re-keyed: a new key is a new version.
//! - [`Pallet::retire_circuit`]: stop accepting a version's proofs (the record stays).
//!
//! A verifier DID ([`Config::VerifierOrigin`], DID-signed with `assertionMethod`; the
//! submitting account pays the deposits):
//! - [`Pallet::create_list`], [`Pallet::add_issuer`], [`Pallet::remove_issuer`],
//!   [`Pallet::close_list`];
//! - [`Pallet::create_request`], [`Pallet::close_request`].
//!
//! An issuer DID (the same origin): [`Pallet::leave_list`], to leave a list and decline it.
//!
//! Any signed account:
//! - [`Pallet::present`]: submit a presentation for a request;
//! - [`Pallet::close_orphaned_list`], [`Pallet::remove_stale_request`],
//!   [`Pallet::purge_nullifier`]: clean-ups that return deposits to whoever paid them;
//! - [`Pallet::clean_up`]: any due housekeeping [`Chore`]s at once (expired requests removed,
//!   nullifiers of closed scopes purged, stale list and registry roots pruned).
//!
//! Authorities' off-chain workers (unsigned, authority-signed payload, `ValidateUnsigned`):
//! [`Pallet::housekeep`], the same chores without a fee ([`housekeeping`]).
//!
//! The DID registry tells the pallet when an issuer's zero-knowledge key changes
//! (`ZkIssuerKeyObserver`), and the pallet updates every list the issuer is in.
//!
//! Anyone, without a transaction (the `PresentationApi` runtime API):
//! [`Pallet::api_circuits`], [`Pallet::api_verify_proof`], [`Pallet::api_trusted_list`],
//! [`Pallet::api_request`], [`Pallet::api_challenge`], [`Pallet::api_verify`].
//!
//! For other pallets: [`Pallet::verify_proof`].
//!
//! Proofs are decoded and validated in the runtime (canonical compressed points in the
//! prime-order subgroups, none the identity) before any point reaches a host call: the host
//! side does not validate.
//!
//! Genesis may register circuits ([`GenesisConfig::circuits`]). DIDimo's development and
//! local presets register the *development* keys of circuit versions 1 and 2 ([`dev`]), made
//! from a public seed: whoever knows the seed can forge proofs. Never for production.
//!
//! Version 2 is the current circuit (holder nullifiers, the registry's capacity in the
//! statement, domain tags, NOT IN, NOT BETWEEN and disclosure-only requests, its statement as
//! 22 public inputs that the runtime does not hash); requests naming version 1 keep
//! verifying with version 1's statement.
//!
//! ## Runtime integration
//!
//! The runtime implements `frame_system::offchain::{SigningTypes, CreateTransactionBase,
//! CreateBare}` (consent needs them too), lets the worker sign with the node's Aura key
//! (`AuthorityId = didimo_primitives::offchain::Sr25519Authority<AuraId>`) and takes the
//! authorities from Aura.
//!
//! ## Invariants (checked by `try_state`)
//!
//! Every stored key decodes as a prepared key of its own version; every version is
//! supported; no circuit was retired before it was registered. Every list's tree is the tree
//! of its issuers' current keys, its last recent root is the tree's root, and the issuer index
//! and counts match the lists; every request is stored under its content's id and the scope
//! counts match; the deposits held are exactly those of the lists, requests and nullifiers.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod dev;
pub mod fixture;
pub mod housekeeping;
mod lists;
pub mod migrations;
pub mod present;
mod requests;
mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(any(feature = "try-runtime", test))]
mod try_state;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet_presentation_runtime_api::{
	CircuitInfo, CircuitVersion, IssuerSpec, ListId, PredicateSpec, PresentError, Presented,
	RegistrySpec, RequestId, RequestInfo, RequestSpec, TrustedListInfo, VerifyError, ATTRIBUTES,
	MAX_LIST_ISSUERS, MAX_REQUEST_REGISTRIES,
};
pub use types::*;
pub use weights::WeightInfo;

/// The balance type of the currency deposits are held in.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

/// The most bytes a `present` proof argument has: an uncompressed proof.
pub const MAX_PROOF_BYTES: u32 = didimo_zk::verifier::PROOF_BYTES_UNCOMPRESSED as u32;

/// The circuit versions whose statements this runtime can build: only these can be registered.
pub const SUPPORTED_VERSIONS: &[CircuitVersion] = &[1, 2];

/// The longest verifying key in compressed form (version 2's).
pub const VERIFYING_KEY_BYTES: u32 =
	didimo_zk::verifier::verifying_key_bytes(didimo_zk::Version::V2) as u32;

/// The longest stored (prepared) key (version 2's).
pub const PREPARED_KEY_BYTES: u32 =
	didimo_zk::verifier::prepared_key_bytes(didimo_zk::Version::V2) as u32;

/// The length of a compressed proof.
pub const PROOF_BYTES: usize = didimo_zk::verifier::PROOF_BYTES;

/// The length of an uncompressed proof.
pub const PROOF_BYTES_UNCOMPRESSED: usize = didimo_zk::verifier::PROOF_BYTES_UNCOMPRESSED;

#[frame_support::pallet]
pub mod pallet {
	use alloc::vec::Vec;
	use didimo_primitives::{
		did::{DidIdentifier, DidRegistry},
		revocation::{recent_roots, Digest, RegistryId, RevocationRegistries, RootRecord},
	};
	use didimo_zk::{
		field,
		statement::trusted_issuers::ListTree,
		verifier::{Engine, PreparedVerifyingKey, Proof, VerifyingKey},
		Fr, Version,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			tokens::Precision,
			UnixTime,
		},
	};
	use frame_system::{
		offchain::{AppCrypto, CreateBare, SigningTypes},
		pallet_prelude::*,
	};
	use sp_runtime::traits::IdentifyAccount;

	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a trusted-issuer list.
		ListDeposit,
		/// The deposit of a verification request.
		RequestDeposit,
		/// The deposit for a used nullifier, until its scope is closed and it is purged.
		NullifierDeposit,
	}

	#[pallet::config]
	pub trait Config:
		frame_system::Config<RuntimeEvent: From<Event<Self>>>
		+ CreateBare<Call<Self>>
		+ SigningTypes
	{
		/// Who registers and retires circuit versions. DIDimo's runtimes use root.
		type CircuitOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The origin of the verifier's calls (lists and requests): a DID-signed call,
		/// yielding the DID and the submitting account, who pays deposits. The runtime uses
		/// `pallet_did::EnsureDidWithDepositor<Runtime, AssertionMethod>`.
		type VerifierOrigin: EnsureOrigin<
			Self::RuntimeOrigin,
			Success = (DidIdentifier, Self::AccountId),
		>;

		/// The DID registry: whether DIDs are active, and their zero-knowledge issuer keys.
		type Dids: DidRegistry;

		/// The revocation registries: their issuers and the roots they accept.
		type Registries: RevocationRegistries;

		/// The chain's time, which presentation times are checked against.
		type Time: UnixTime;

		/// The pairing engine proofs are checked on: in the runtime
		/// `didimo_zk::verifier::HostBls12_381` (the BLS12-381 host calls); arkworks' own
		/// `ark_bls12_381::Bls12_381` computes the same in plain wasm, about four times slower.
		type Engine: Engine;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The currency deposits are held in.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// Deposit for a trusted-issuer list (its record, tree and recent roots).
		#[pallet::constant]
		type ListDeposit: Get<BalanceOf<Self>>;

		/// Deposit for a verification request.
		#[pallet::constant]
		type RequestDeposit: Get<BalanceOf<Self>>;

		/// Deposit for each used nullifier, held from the submitting account.
		#[pallet::constant]
		type NullifierDeposit: Get<BalanceOf<Self>>;

		/// Most lists one issuer DID is in: bounds the work of following its key.
		#[pallet::constant]
		type MaxListsPerIssuer: Get<u32>;

		/// Most recent roots a list keeps.
		#[pallet::constant]
		type MaxRootHistory: Get<u32>;

		/// How many blocks a replaced list root stays acceptable for proofs.
		#[pallet::constant]
		type RootFreshness: Get<BlockNumberFor<Self>>;

		/// The furthest ahead, in blocks, a request may expire.
		#[pallet::constant]
		type MaxRequestLifetime: Get<BlockNumberFor<Self>>;

		/// How far, in seconds, a presentation's time may be ahead of the chain's.
		#[pallet::constant]
		type MaxClockSkew: Get<u64>;

		/// The key the off-chain worker signs housekeeping payloads with (for example
		/// `didimo_primitives::offchain::Sr25519Authority` over Aura's key).
		type AuthorityId: AppCrypto<Self::Public, Self::Signature>;

		/// The current authorities: only they may submit `housekeep`. The runtime uses
		/// Aura's.
		type Authorities: Get<Vec<Self::Public>>;

		/// Most chores in one `housekeep` or `clean_up`.
		#[pallet::constant]
		type MaxChoresPerTx: Get<u32>;

		/// Most storage entries the off-chain worker reads in one run (a quarter for each
		/// kind of chore).
		#[pallet::constant]
		type MaxOffchainScan: Get<u32>;

		/// Blocks between two `housekeep` transactions of one authority, and how long such a
		/// transaction stays valid.
		#[pallet::constant]
		type HousekeepingInterval: Get<BlockNumberFor<Self>>;

		/// The priority of `housekeep` transactions.
		#[pallet::constant]
		type UnsignedPriority: Get<TransactionPriority>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up what the benchmarks need from other pallets.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: benchmarking::BenchmarkHelper<Self::AccountId, Self::Public>;
	}

	/// The registered circuit versions. `Twox64Concat` is safe: only `CircuitOrigin` writes.
	#[pallet::storage]
	pub type Circuits<T: Config> =
		StorageMap<_, Twox64Concat, CircuitVersion, Circuit<BlockNumberFor<T>>>;

	/// The identifier the next list gets.
	#[pallet::storage]
	pub(super) type NextListId<T: Config> = StorageValue<_, ListId, ValueQuery>;

	/// Trusted-issuer lists. Identifiers are sequential, so `Twox64Concat`.
	#[pallet::storage]
	pub(super) type Lists<T: Config> = StorageMap<_, Twox64Concat, ListId, TrustedList<T>>;

	/// Each list's tree, every node (`ListTree::nodes`, canonical encodings).
	#[pallet::storage]
	pub(super) type ListTrees<T: Config> =
		StorageMap<_, Twox64Concat, ListId, [Digest; LIST_TREE_NODES]>;

	/// Each list's recent roots, oldest first; the last is the current root.
	#[pallet::storage]
	pub(super) type ListRoots<T: Config> = StorageMap<
		_,
		Twox64Concat,
		ListId,
		BoundedVec<RootRecord<BlockNumberFor<T>>, T::MaxRootHistory>,
		ValueQuery,
	>;

	/// The lists each issuer DID is in, with its slot in each. The DID is user-chosen, so
	/// `Blake2_128Concat`.
	#[pallet::storage]
	pub(super) type IssuerLists<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, DidIdentifier, Twox64Concat, ListId, u8>;

	/// How many lists each issuer DID is in (at most `MaxListsPerIssuer`).
	#[pallet::storage]
	pub(super) type IssuerListCount<T: Config> =
		StorageMap<_, Blake2_128Concat, DidIdentifier, u32, ValueQuery>;

	/// Verification requests by their content-addressed id (a hash, so `Identity` is safe).
	#[pallet::storage]
	pub(super) type Requests<T: Config> = StorageMap<_, Identity, RequestId, Request<T>>;

	/// How many live requests name each (verifier, nullifier scope): a scope's nullifiers can
	/// be purged once none does.
	#[pallet::storage]
	pub(super) type ScopeRequests<T: Config> =
		StorageMap<_, Blake2_128Concat, (DidIdentifier, Digest), u32, ValueQuery>;

	/// Used nullifiers, by (verifier, scope) and nullifier. Both are chosen by users, so
	/// `Blake2_128Concat`.
	#[pallet::storage]
	pub(super) type Nullifiers<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		(DidIdentifier, Digest),
		Blake2_128Concat,
		Digest,
		NullifierRecord<T>,
	>;

	/// The block number of each authority's last accepted housekeeping payload: the rate
	/// limit. Keyed by the authority's account; `Blake2_128Concat` as accounts are keys anyone
	/// can make (only authorities' are ever written).
	#[pallet::storage]
	pub(super) type LastHousekeeping<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>>;

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
		/// A trusted-issuer list was created.
		ListCreated {
			/// The list.
			list: ListId,
			/// The verifier DID that owns it.
			owner: DidIdentifier,
			/// Its root.
			root: Digest,
			/// The deposit held.
			deposit: BalanceOf<T>,
		},
		/// An issuer was added to a list.
		IssuerAdded {
			/// The list.
			list: ListId,
			/// The issuer DID.
			issuer: DidIdentifier,
			/// Its slot.
			slot: u8,
			/// The list's new root.
			root: Digest,
		},
		/// An issuer left a list and declined it.
		IssuerLeft {
			/// The list.
			list: ListId,
			/// The issuer DID.
			issuer: DidIdentifier,
			/// The list's new root.
			root: Digest,
		},
		/// An issuer was removed from a list.
		IssuerRemoved {
			/// The list.
			list: ListId,
			/// The issuer DID.
			issuer: DidIdentifier,
			/// The list's new root.
			root: Digest,
		},
		/// A listed issuer's zero-knowledge key changed (rotated, removed, or its DID
		/// deactivated), and with it the list's root.
		ListRootChanged {
			/// The list.
			list: ListId,
			/// The issuer DID whose key changed.
			issuer: DidIdentifier,
			/// The list's new root.
			root: Digest,
		},
		/// A list was closed and its deposit released.
		ListClosed {
			/// The list.
			list: ListId,
			/// The account the deposit went back to.
			depositor: T::AccountId,
		},
		/// A verification request was registered.
		RequestCreated {
			/// Its content-addressed id.
			request: RequestId,
			/// The verifier DID.
			verifier: DidIdentifier,
			/// The deposit held.
			deposit: BalanceOf<T>,
		},
		/// A request was removed (closed by its verifier, expired, or orphaned) and its
		/// deposit released.
		RequestRemoved {
			/// The request.
			request: RequestId,
			/// The account the deposit went back to.
			depositor: T::AccountId,
		},
		/// A presentation verified for a request.
		PresentationVerified {
			/// The request.
			request: RequestId,
			/// The account that submitted it.
			submitter: T::AccountId,
			/// The nullifier it used, if the request has a scope.
			nullifier: Option<Digest>,
			/// The disclosed attributes, in slot order.
			disclosed: BoundedVec<Digest, ConstU32<ATTRIBUTES>>,
		},
		/// A used nullifier of a closed scope was purged and its deposit released.
		NullifierPurged {
			/// The verifier DID of the scope.
			verifier: DidIdentifier,
			/// The scope.
			scope: Digest,
			/// The nullifier.
			nullifier: Digest,
		},
		/// A list's roots replaced more than `RootFreshness` blocks ago were dropped.
		ListRootsPruned {
			/// The list.
			list: ListId,
			/// How many roots were dropped.
			dropped: u32,
		},
		/// A revocation registry's roots replaced longer ago than its window were dropped.
		RegistryRootsPruned {
			/// The registry.
			registry: RegistryId,
			/// How many roots were dropped.
			dropped: u32,
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
		/// The verifying key is valid but of another circuit version (its number of public
		/// inputs is not the version's).
		KeyVersionMismatch,
		/// No circuit of this version is registered.
		UnknownCircuit,
		/// The circuit version is retired.
		CircuitRetired,
		/// Proof bytes that are not three canonical, valid, non-identity points.
		MalformedProof,
		/// A value that is not a canonical BLS12-381 scalar.
		NonCanonicalInput,
		/// A well-formed proof that does not verify.
		ProofRejected,
		/// The account cannot pay the deposit.
		InsufficientDeposit,
		/// No such trusted-issuer list.
		UnknownList,
		/// The list belongs to another DID.
		NotListOwner,
		/// The DID is not active.
		UnknownIssuer,
		/// The issuer DID has no zero-knowledge issuer key (a Jubjub `assertionMethod` key).
		IssuerKeyUnavailable,
		/// The issuer is already in the list.
		IssuerAlreadyListed,
		/// The issuer is not in the list.
		IssuerNotListed,
		/// The list holds `MAX_LIST_ISSUERS` issuers.
		ListFull,
		/// The issuer is in `MaxListsPerIssuer` lists already.
		IssuerInTooManyLists,
		/// The issuer left this list and declined it.
		IssuerDeclined,
		/// The owner DID is active: only it may close its list.
		OwnerActive,
		/// No list identifier is left (never expected).
		ListIdsExhausted,
		/// A request with the same content from this verifier exists.
		RequestExists,
		/// No such request.
		UnknownRequest,
		/// The request belongs to another DID.
		NotRequestOwner,
		/// The request's attribute slot is not below `ATTRIBUTES`, or is not 0 for a
		/// disclosure-only (NOOP) request.
		InvalidSlot,
		/// A BETWEEN or NOT BETWEEN predicate with `lo > hi`, or a predicate the request's
		/// circuit version cannot state (NOT BETWEEN, NOT IN and NOOP need version 2).
		InvalidPredicate,
		/// A request naming no registries, or an unknown one.
		InvalidRegistries,
		/// The expiry is not after the current block, or further than `MaxRequestLifetime`.
		InvalidExpiry,
		/// The request is live: it is neither expired nor orphaned.
		RequestLive,
		/// The request is expired.
		RequestExpired,
		/// The issuer root given is not the list's current root nor one it replaced
		/// recently enough, or none was given for a list (or one for a single DID).
		IssuerRootNotAccepted,
		/// The registry is not one the request accepts, or is not live.
		RegistryNotAccepted,
		/// The revocation root is not the registry's current root nor one it replaced
		/// recently enough.
		RevocationRootNotAccepted,
		/// The presentation time is older than the request's maximum age.
		PresentationTooOld,
		/// The presentation time is ahead of the chain's by more than `MaxClockSkew`.
		PresentationInFuture,
		/// Not one disclosed value per bit of the request's `disclose`.
		WrongDisclosure,
		/// The nullifier was already used in the request's scope.
		NullifierUsed,
		/// No such used nullifier.
		UnknownNullifier,
		/// A live request still names the nullifier's scope.
		ScopeOpen,
		/// None of the chores given to `clean_up` was due.
		NothingToCleanUp,
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
		fn integrity_test() {
			assert!(T::MaxRootHistory::get() >= 1, "MaxRootHistory must be at least 1");
			assert!(T::MaxListsPerIssuer::get() >= 1, "MaxListsPerIssuer must be at least 1");
			assert!(T::MaxChoresPerTx::get() >= 1, "MaxChoresPerTx must be at least 1");
			assert!(T::MaxOffchainScan::get() >= 4, "MaxOffchainScan must be at least 4");
			assert!(
				!T::HousekeepingInterval::get().is_zero(),
				"HousekeepingInterval must be at least 1"
			);
		}

		/// Finds due chores and submits one `housekeep` transaction for them, signed by a
		/// local authority key. Does nothing on nodes without one.
		fn offchain_worker(block: BlockNumberFor<T>) {
			if let Err(reason) = Self::offchain_housekeep(block) {
				log::debug!(
					target: "runtime::presentation",
					"no housekeeping sent at {block:?}: {reason}"
				);
			}
		}

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

		/// Creates a trusted-issuer list owned by the calling verifier DID, its slots holding
		/// `issuers` in order; the submitting account pays [`Config::ListDeposit`].
		///
		/// Origin: `VerifierOrigin` (DID-signed, `assertionMethod`).
		///
		/// - `issuers`: 0 to 32 distinct active DIDs, each with a zero-knowledge issuer key
		///   and in fewer than `MaxListsPerIssuer` lists.
		///
		/// Emits `ListCreated`.
		///
		/// ## Errors
		/// - `UnknownIssuer`, `IssuerKeyUnavailable`, `IssuerAlreadyListed` (a duplicate),
		///   `IssuerInTooManyLists`, `InsufficientDeposit`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::create_list(issuers.len() as u32))]
		pub fn create_list(
			origin: OriginFor<T>,
			issuers: BoundedVec<DidIdentifier, ConstU32<MAX_LIST_ISSUERS>>,
		) -> DispatchResult {
			let (owner, depositor) = T::VerifierOrigin::ensure_origin(origin)?;
			Self::do_create_list(owner, depositor, issuers).map(|_| ())
		}

		/// Adds `issuer` to the calling verifier's `list`, in its first empty slot.
		///
		/// Origin: `VerifierOrigin`, the list's owner.
		///
		/// Emits `IssuerAdded` with the list's new root.
		///
		/// ## Errors
		/// - `UnknownList`, `NotListOwner`, `UnknownIssuer`, `IssuerKeyUnavailable`,
		///   `IssuerAlreadyListed`, `IssuerDeclined`, `ListFull`, `IssuerInTooManyLists`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::add_issuer())]
		pub fn add_issuer(
			origin: OriginFor<T>,
			list: ListId,
			issuer: DidIdentifier,
		) -> DispatchResult {
			let (owner, _) = T::VerifierOrigin::ensure_origin(origin)?;
			Self::do_add_issuer(&owner, list, issuer)
		}

		/// Removes `issuer` from the calling verifier's `list`: its slot becomes empty. Proofs
		/// against the list's previous roots stay acceptable for `RootFreshness` blocks.
		///
		/// Origin: `VerifierOrigin`, the list's owner.
		///
		/// Emits `IssuerRemoved` with the list's new root.
		///
		/// ## Errors
		/// - `UnknownList`, `NotListOwner`, `IssuerNotListed`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::remove_issuer())]
		pub fn remove_issuer(
			origin: OriginFor<T>,
			list: ListId,
			issuer: DidIdentifier,
		) -> DispatchResult {
			let (owner, _) = T::VerifierOrigin::ensure_origin(origin)?;
			Self::do_remove_issuer(&owner, list, issuer)
		}

		/// Closes the calling verifier's `list`: everything of it is deleted and the deposit
		/// goes back to the account that paid it. Requests naming it stop verifying.
		///
		/// Origin: `VerifierOrigin`, the list's owner.
		///
		/// Emits `ListClosed`.
		///
		/// ## Errors
		/// - `UnknownList`, `NotListOwner`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::close_list())]
		pub fn close_list(origin: OriginFor<T>, list: ListId) -> DispatchResult {
			let (owner, _) = T::VerifierOrigin::ensure_origin(origin)?;
			let record = Lists::<T>::get(list).ok_or(Error::<T>::UnknownList)?;
			ensure!(record.owner == owner, Error::<T>::NotListOwner);
			Self::do_close_list(list, record)
		}

		/// Closes a list whose owner DID is deactivated, as `close_list` does; the deposit goes
		/// back to the account that paid it, never to the caller.
		///
		/// Origin: any signed account.
		///
		/// Emits `ListClosed`.
		///
		/// ## Errors
		/// - `UnknownList`, `OwnerActive`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::close_orphaned_list())]
		pub fn close_orphaned_list(origin: OriginFor<T>, list: ListId) -> DispatchResult {
			ensure_signed(origin)?;
			let record = Lists::<T>::get(list).ok_or(Error::<T>::UnknownList)?;
			ensure!(!T::Dids::is_active(&record.owner), Error::<T>::OwnerActive);
			Self::do_close_list(list, record)
		}

		/// Registers a verification request of the calling verifier DID; its id is the hash
		/// of the verifier and `spec` ([`RequestId`]). The submitting account pays
		/// [`Config::RequestDeposit`].
		///
		/// Origin: `VerifierOrigin` (DID-signed, `assertionMethod`).
		///
		/// - `spec`: a registered, unretired circuit version; canonical schema and predicate
		///   values; a slot below `ATTRIBUTES`; BETWEEN bounds in order; an existing issuer
		///   (an active DID, or an existing list); 1 to `MAX_REQUEST_REGISTRIES` live
		///   registries if it names them; an expiry after the current block and at most
		///   `MaxRequestLifetime` blocks ahead.
		///
		/// Emits `RequestCreated`.
		///
		/// ## Errors
		/// - `UnknownCircuit`, `CircuitRetired`, `NonCanonicalInput`, `InvalidSlot`,
		///   `InvalidPredicate`, `UnknownIssuer`, `UnknownList`, `NotListOwner` (a list of
		///   another DID), `InvalidRegistries`,
		///   `InvalidExpiry`, `RequestExists`, `InsufficientDeposit`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::create_request())]
		pub fn create_request(
			origin: OriginFor<T>,
			spec: RequestSpec<BlockNumberFor<T>>,
		) -> DispatchResult {
			let (verifier, depositor) = T::VerifierOrigin::ensure_origin(origin)?;
			Self::do_create_request(verifier, depositor, spec).map(|_| ())
		}

		/// Closes the calling verifier's request; the deposit goes back to the account that
		/// paid it.
		///
		/// Origin: `VerifierOrigin`, the request's verifier.
		///
		/// Emits `RequestRemoved`.
		///
		/// ## Errors
		/// - `UnknownRequest`, `NotRequestOwner`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::remove_request())]
		pub fn close_request(origin: OriginFor<T>, request: RequestId) -> DispatchResult {
			let (verifier, _) = T::VerifierOrigin::ensure_origin(origin)?;
			let record = Requests::<T>::get(request).ok_or(Error::<T>::UnknownRequest)?;
			ensure!(record.verifier == verifier, Error::<T>::NotRequestOwner);
			Self::do_remove_request(request, record)
		}

		/// Removes a request that expired, or whose verifier DID is deactivated; the deposit
		/// goes back to the account that paid it, never to the caller.
		///
		/// Origin: any signed account.
		///
		/// Emits `RequestRemoved`.
		///
		/// ## Errors
		/// - `UnknownRequest`, `RequestLive`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::remove_stale_request())]
		pub fn remove_stale_request(origin: OriginFor<T>, request: RequestId) -> DispatchResult {
			ensure_signed(origin)?;
			let record = Requests::<T>::get(request).ok_or(Error::<T>::UnknownRequest)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(Self::request_is_stale(&record, now), Error::<T>::RequestLive);
			Self::do_remove_request(request, record)
		}

		/// Submits a presentation for `request`: the runtime rebuilds the statement from the
		/// request, chain state and `presented`, with the challenge derived from `request`
		/// and the submitting account ([`Pallet::chain_challenge`]), and verifies `proof`
		/// against it. A nullifier the request's scope requires is stored, with
		/// [`Config::NullifierDeposit`] held from the submitter until the scope is closed and
		/// the nullifier purged. Nothing is stored on any failure.
		///
		/// Origin: any signed account (which must be the one the proof was made for).
		///
		/// - `proof`: 192 (compressed) or 384 (uncompressed, cheaper to check) bytes.
		///
		/// Emits `PresentationVerified`.
		///
		/// ## Errors
		/// - `UnknownRequest`, `RequestExpired`, `UnknownCircuit`, `CircuitRetired`,
		///   `IssuerKeyUnavailable`, `UnknownList`, `IssuerRootNotAccepted`,
		///   `RegistryNotAccepted`, `RevocationRootNotAccepted`, `PresentationTooOld`,
		///   `PresentationInFuture`, `WrongDisclosure`, `NonCanonicalInput`,
		///   `NullifierUsed`, `MalformedProof`, `ProofRejected`, `InsufficientDeposit`.
		#[pallet::call_index(10)]
		#[pallet::weight(Pallet::<T>::present_weight(proof.len()))]
		pub fn present(
			origin: OriginFor<T>,
			request: RequestId,
			proof: BoundedVec<u8, ConstU32<MAX_PROOF_BYTES>>,
			presented: Presented,
		) -> DispatchResultWithPostInfo {
			let submitter = ensure_signed(origin)?;
			let challenge = Self::chain_challenge(&request, &submitter);
			let checked = Self::check_presentation(&request, &proof, &presented, &challenge)
				.map_err(Error::<T>::from)?;
			let nullifier = match &checked.scope {
				Some(scope) => {
					let deposit = T::NullifierDeposit::get();
					Self::hold(HoldReason::NullifierDeposit, &submitter, deposit)?;
					Nullifiers::<T>::insert(
						(checked.verifier.clone(), *scope),
						presented.nullifier,
						NullifierRecord {
							submitter: submitter.clone(),
							deposit,
							used_at: frame_system::Pallet::<T>::block_number(),
						},
					);
					Some(presented.nullifier)
				},
				None => None,
			};
			Self::deposit_event(Event::PresentationVerified {
				request,
				submitter,
				nullifier,
				disclosed: presented.disclosed,
			});
			// Charged for the worst version; refunded down to the request's.
			Ok(Some(Self::present_weight_of(checked.version, proof.len())).into())
		}

		/// Purges a used nullifier of a scope no live request names any more, releasing its
		/// deposit to the account that submitted the presentation, never to the caller. Once
		/// purged, a later request of the same scope accepts the nullifier again: a verifier
		/// keeps a scope open by keeping a request naming it.
		///
		/// Origin: any signed account.
		///
		/// Emits `NullifierPurged`.
		///
		/// ## Errors
		/// - `UnknownNullifier`, `ScopeOpen`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::purge_nullifier())]
		pub fn purge_nullifier(
			origin: OriginFor<T>,
			verifier: DidIdentifier,
			scope: Digest,
			nullifier: Digest,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let key = (verifier.clone(), scope);
			let record =
				Nullifiers::<T>::get(&key, nullifier).ok_or(Error::<T>::UnknownNullifier)?;
			ensure!(ScopeRequests::<T>::get(&key) == 0, Error::<T>::ScopeOpen);
			Self::do_purge_nullifier(verifier, scope, nullifier, record)
		}

		/// The calling issuer DID leaves `list` and declines it: its slot becomes empty, as
		/// with `remove_issuer`, and the list's owner cannot add it again. An issuer's quota of
		/// lists (`MaxListsPerIssuer`) is shared by every verifier, so this is how an issuer
		/// frees it from lists it does not want to be in.
		///
		/// Origin: `VerifierOrigin` (DID-signed, `assertionMethod`), the issuer.
		///
		/// Emits `IssuerLeft` with the list's new root.
		///
		/// ## Errors
		/// - `UnknownList`, `IssuerNotListed`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::remove_issuer())]
		pub fn leave_list(origin: OriginFor<T>, list: ListId) -> DispatchResult {
			let (issuer, _) = T::VerifierOrigin::ensure_origin(origin)?;
			Self::do_leave_list(issuer, list)
		}

		/// Does the chores of an authority's payload that are still due when the
		/// transaction is applied (the others are skipped): requests removed and nullifiers
		/// purged with their deposits returned to whoever paid them, stale roots pruned. The
		/// same as `clean_up`, without a fee.
		///
		/// Origin: none (an unsigned transaction from an authority's off-chain worker,
		/// accepted by `ValidateUnsigned` only with a valid authority signature over
		/// `payload`, at most once per `HousekeepingInterval` blocks per authority, and only
		/// if every chore is due).
		///
		/// Emits `RequestRemoved`, `NullifierPurged`, `ListRootsPruned` and
		/// `RegistryRootsPruned`.
		#[pallet::call_index(13)]
		#[pallet::weight(Pallet::<T>::housekeeping_weight(&payload.chores, true))]
		pub fn housekeep(
			origin: OriginFor<T>,
			payload: HousekeepingPayload<T>,
			_signature: T::Signature,
		) -> DispatchResultWithPostInfo {
			ensure_none(origin)?;
			for chore in payload.chores.iter() {
				Self::do_chore(chore);
			}
			LastHousekeeping::<T>::insert(payload.public.into_account(), payload.block_number);
			Ok(Pays::No.into())
		}

		/// Does the listed chores that are due, as the authorities' `housekeep` does: this is
		/// the path that needs no validator. Each due request is removed and each due
		/// nullifier purged with its deposit returned to whoever paid it (never to the
		/// caller); each stale root history is pruned. Chores not due are skipped.
		///
		/// Origin: any signed account, which pays the fee.
		///
		/// - `chores`: at most `MaxChoresPerTx`.
		///
		/// Emits `RequestRemoved`, `NullifierPurged`, `ListRootsPruned` and
		/// `RegistryRootsPruned`.
		///
		/// ## Errors
		/// - `NothingToCleanUp`: no listed chore was due.
		#[pallet::call_index(14)]
		#[pallet::weight(Pallet::<T>::housekeeping_weight(chores, false))]
		pub fn clean_up(
			origin: OriginFor<T>,
			chores: BoundedVec<Chore, T::MaxChoresPerTx>,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let mut done = 0u32;
			for chore in chores.iter() {
				if Self::do_chore(chore) {
					done = done.saturating_add(1);
				}
			}
			ensure!(done > 0, Error::<T>::NothingToCleanUp);
			Ok(())
		}
	}

	#[pallet::validate_unsigned]
	#[allow(deprecated)]
	impl<T: Config> sp_runtime::traits::ValidateUnsigned for Pallet<T> {
		type Call = Call<T>;

		fn validate_unsigned(_source: TransactionSource, call: &Self::Call) -> TransactionValidity {
			match call {
				Call::housekeep { payload, signature } => {
					Self::validate_housekeeping(payload, signature)
				},
				_ => InvalidTransaction::Call.into(),
			}
		}
	}

	impl<T: Config> Pallet<T> {
		/// Validates and stores a circuit version's key.
		pub(crate) fn do_register(version: CircuitVersion, key: &[u8]) -> DispatchResult {
			ensure!(SUPPORTED_VERSIONS.contains(&version), Error::<T>::UnsupportedVersion);
			ensure!(!Circuits::<T>::contains_key(version), Error::<T>::CircuitExists);
			let vk = VerifyingKey::from_bytes(key).map_err(|_| Error::<T>::InvalidVerifyingKey)?;
			ensure!(vk.version().number() == version, Error::<T>::KeyVersionMismatch);
			let stored = vk
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
		/// decodes without square roots, so it costs less) for `public_inputs` (as many as
		/// the version has) under circuit `version`, on [`Config::Engine`]: the proof's points
		/// are decoded and validated here, in the runtime, before any reaches a host call.
		/// Calls turn the reason into their [`Error`] with `From`.
		pub fn verify_proof(
			version: CircuitVersion,
			public_inputs: &[Fr],
			proof: &[u8],
		) -> Result<(), VerifyError> {
			Self::verify_proof_with::<T::Engine>(version, public_inputs, proof)
		}

		/// [`Self::verify_proof`] on the engine `E` (the benchmarks compare engines).
		pub(crate) fn verify_proof_with<E: Engine>(
			version: CircuitVersion,
			public_inputs: &[Fr],
			proof: &[u8],
		) -> Result<(), VerifyError> {
			let circuit = Self::live_circuit(version)?;
			Self::verify_with_circuit::<E>(&circuit, public_inputs, proof)
		}

		/// A registered circuit version that is not retired.
		pub(crate) fn live_circuit(
			version: CircuitVersion,
		) -> Result<Circuit<BlockNumberFor<T>>, VerifyError> {
			let circuit = Circuits::<T>::get(version).ok_or(VerifyError::UnknownCircuit)?;
			ensure!(circuit.retired_at.is_none(), VerifyError::CircuitRetired);
			Ok(circuit)
		}

		/// Checks `proof` for `public_inputs` under `circuit`'s key, on the engine `E`.
		pub(crate) fn verify_with_circuit<E: Engine>(
			circuit: &Circuit<BlockNumberFor<T>>,
			public_inputs: &[Fr],
			proof: &[u8],
		) -> Result<(), VerifyError> {
			let proof =
				Proof::from_bytes_with::<E>(proof).map_err(|_| VerifyError::MalformedProof)?;
			// Only keys `do_register` validated are stored, so this decodes; a failure would
			// be corrupt state, refused like a key that verifies nothing.
			let key = PreparedVerifyingKey::from_trusted_bytes(&circuit.key)
				.map_err(|_| VerifyError::UnknownCircuit)?;
			ensure!(
				public_inputs.len() == key.version().public_inputs(),
				VerifyError::WrongInputCount
			);
			didimo_zk::verifier::verify_with::<E>(&key, public_inputs, &proof)
				.map_err(|_| VerifyError::ProofRejected)
		}

		/// The weight `present` is charged before dispatch, with a proof of `proof_len`
		/// bytes: the worst case over circuit versions ([`Self::present_weight_of`]); the call
		/// refunds down to its request's version's.
		pub fn present_weight(proof_len: usize) -> Weight {
			Version::ALL
				.into_iter()
				.map(|version| Self::present_weight_of(version, proof_len))
				.fold(Weight::zero(), |worst, weight| worst.max(weight))
		}

		/// The weight of `present` for a request of circuit `version` with a proof of
		/// `proof_len` bytes: the benchmarked worst case of the version (a list request or a
		/// single-issuer one, whichever costs more, with a compressed proof), less what an
		/// uncompressed proof saves in decoding (benchmarked on the version's list request).
		pub fn present_weight_of(version: Version, proof_len: usize) -> Weight {
			let (worst, compressed, uncompressed) = match version {
				Version::V1 => (
					T::WeightInfo::present().max(T::WeightInfo::present_single_issuer()),
					T::WeightInfo::present(),
					T::WeightInfo::present_uncompressed(),
				),
				Version::V2 => (
					T::WeightInfo::present_v2().max(T::WeightInfo::present_v2_single_issuer()),
					T::WeightInfo::present_v2(),
					T::WeightInfo::present_v2_uncompressed(),
				),
			};
			if proof_len == PROOF_BYTES_UNCOMPRESSED {
				worst.saturating_sub(compressed.saturating_sub(uncompressed))
			} else {
				worst
			}
		}

		/// Holds `amount` from `who` for `reason`, or [`Error::InsufficientDeposit`].
		pub(crate) fn hold(
			reason: HoldReason,
			who: &T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			T::Currency::hold(&reason.into(), who, amount)
				.map_err(|_| Error::<T>::InsufficientDeposit.into())
		}

		/// Releases `amount` held from `who` for `reason`.
		pub(crate) fn release(
			reason: HoldReason,
			who: &T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			T::Currency::release(&reason.into(), who, amount, Precision::BestEffort).map(|_| ())
		}

		/// A list's current tree.
		pub(crate) fn tree(list: ListId) -> Option<ListTree> {
			let stored = ListTrees::<T>::get(list)?;
			let mut nodes = [Fr::from(0u64); LIST_TREE_NODES];
			for (node, bytes) in nodes.iter_mut().zip(stored.iter()) {
				*node = field::from_bytes(bytes).ok()?;
			}
			Some(ListTree::from_nodes(nodes))
		}

		/// Stores `tree` as `list`'s tree and records its root; returns the root.
		pub(crate) fn store_tree(list: ListId, tree: &ListTree) -> Digest {
			let mut stored = [[0u8; 32]; LIST_TREE_NODES];
			for (bytes, node) in stored.iter_mut().zip(tree.nodes().iter()) {
				*bytes = field::to_bytes(node);
			}
			ListTrees::<T>::insert(list, stored);
			let root = field::to_bytes(&tree.root());
			Self::record_root(list, root);
			root
		}

		/// Records `root` as the list's current root (`recent_roots::record`).
		fn record_root(list: ListId, root: Digest) {
			let now = frame_system::Pallet::<T>::block_number();
			ListRoots::<T>::mutate(list, |history| {
				recent_roots::record(history, root, now, T::RootFreshness::get())
			});
		}

		/// Whether a proof against `root` is acceptable now for `list`: its current root, or
		/// one replaced at most `RootFreshness` blocks ago.
		pub fn list_accepts_root(list: ListId, root: &Digest) -> bool {
			let history = ListRoots::<T>::get(list);
			if history.last().is_some_and(|current| current.root == *root) {
				return true;
			}
			let now = frame_system::Pallet::<T>::block_number();
			recent_roots::replaced_recently(&history, root, now, T::RootFreshness::get())
		}
	}

	impl<T> From<VerifyError> for Error<T> {
		fn from(error: VerifyError) -> Self {
			Error::from(PresentError::from(error))
		}
	}

	impl<T> From<PresentError> for Error<T> {
		fn from(error: PresentError) -> Self {
			match error {
				PresentError::UnknownRequest => Error::UnknownRequest,
				PresentError::RequestExpired => Error::RequestExpired,
				PresentError::UnknownCircuit => Error::UnknownCircuit,
				PresentError::CircuitRetired => Error::CircuitRetired,
				PresentError::IssuerKeyUnavailable => Error::IssuerKeyUnavailable,
				PresentError::UnknownList => Error::UnknownList,
				PresentError::IssuerRootNotAccepted => Error::IssuerRootNotAccepted,
				PresentError::RegistryNotAccepted => Error::RegistryNotAccepted,
				PresentError::RevocationRootNotAccepted => Error::RevocationRootNotAccepted,
				PresentError::PresentationTooOld => Error::PresentationTooOld,
				PresentError::PresentationInFuture => Error::PresentationInFuture,
				PresentError::WrongDisclosure => Error::WrongDisclosure,
				PresentError::NonCanonicalValue => Error::NonCanonicalInput,
				PresentError::NullifierUsed => Error::NullifierUsed,
				PresentError::MalformedProof => Error::MalformedProof,
				PresentError::ProofRejected => Error::ProofRejected,
			}
		}
	}
}

/// The nodes of a list's tree.
pub const LIST_TREE_NODES: usize = didimo_zk::statement::trusted_issuers::LIST_TREE_NODES;
