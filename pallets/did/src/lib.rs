//! # DID registry (`did:didimo`)
//!
//! ## Overview
//!
//! Decentralized identifiers that their owners control with keys. A DID's identifier is
//! derived from its first authentication key (see `didimo_primitives::did`); its document
//! lists verification methods (keys and the W3C relationships they serve), controllers (other
//! DIDs allowed to update it) and services. A DID can be updated only with its keys (or its
//! controllers' keys), and once deactivated its identifier is tombstoned: it can never be
//! created again.
//!
//! ## Terminology
//!
//! - *Verification method*: a public key with a fragment id (`#key-1`) and the relationships
//!   it serves: `authentication`, `assertionMethod`, `keyAgreement`, `capabilityInvocation`,
//!   `capabilityDelegation`.
//! - *DID-signed call*: a runtime call signed by one of a DID's keys and submitted by any
//!   account through [`Pallet::submit_did_call`]; it is dispatched with a DID origin
//!   ([`DidRawOrigin`]) that other pallets require through [`EnsureDid`].
//! - *Owner*: the account that created the DID; it pays (and gets back) the deposits.
//! - *Tombstone*: the record that a DID was deactivated.
//!
//! ## Interface
//!
//! Any signed account:
//! - [`Pallet::create`]: create a DID (its key signs the creation, so any account may pay).
//! - [`Pallet::submit_did_call`]: dispatch a DID-signed call.
//!
//! A DID's owner (the account that paid its deposit):
//! - [`Pallet::reclaim`]: deactivate a DID that nobody can update any more.
//!
//! A DID (origin [`EnsureDid`] with `capabilityInvocation`, that is, through
//! `submit_did_call` signed by a key of the DID or of one of its controllers):
//! - [`Pallet::add_verification_method`], [`Pallet::remove_verification_method`],
//!   [`Pallet::set_relationships`], [`Pallet::rotate_key`];
//! - [`Pallet::add_controller`], [`Pallet::remove_controller`];
//! - [`Pallet::add_service`], [`Pallet::remove_service`];
//! - [`Pallet::deactivate`].
//!
//! Reads, for the `DidApi` runtime API: [`Pallet::api_resolve`], [`Pallet::api_resolve_many`],
//! [`Pallet::api_did_of`].
//!
//! ## Where things are
//!
//! `lib.rs` holds the configuration, storage, events, errors and calls; `types.rs` the stored
//! and submitted types with what makes each valid and the bytes DID keys sign; `did_call.rs`
//! the authorisation of DID-signed calls and the origin checks other pallets use;
//! `runtime_api.rs` the reads. The method itself (identifiers, documents, the exact signed
//! payloads, resolution) is specified in `docs/did-method.md`.
//!
//! ## Keys
//!
//! Every signing key in a DID proved possession when it joined or gained a relationship (it
//! signed [`key_possession_payload`]), so nobody can list someone else's key. Key-agreement
//! (X25519) and zero-knowledge issuer keys cannot sign: they need no proof, and they grant no
//! relationship that lets anyone act as the DID or claims an account.
//!
//! ## Invariants (checked by `try_state`)
//!
//! Every DID keeps at least one authentication key and a way to be updated (a
//! capabilityInvocation key or a controller); every method's relationships are non-empty and
//! allowed for its kind of key; ids are unique within a document; each authentication key
//! stands for at most one DID; the deposit held from each owner is exactly what their DIDs
//! require; no DID is both live and tombstoned.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod did_call;
mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(feature = "test-helpers")]
pub mod testing;

#[cfg(any(feature = "try-runtime", test))]
mod try_state;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use did_call::{
	relationship, DidManagementCalls, EnsureDid, EnsureDidOrigin, EnsureDidWithDepositor,
};
pub use runtime_api::DidResolutionOf;
pub use types::*;
pub use weights::WeightInfo;

/// Most DIDs [`Pallet::can_be_updated`] reads through controllers before it assumes the DID
/// can be updated.
pub const MAX_CONTROL_SEARCH: u32 = 16;

/// The balance type of the currency deposits are held in.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

#[frame_support::pallet]
pub mod pallet {
	use alloc::{boxed::Box, vec::Vec};
	use didimo_primitives::did::{
		DidIdentifier, DidPublicKey, DidSignature, DidVerificationKey, Relationship, Relationships,
		ZkIssuerKey, ZkIssuerKeyObserver,
	};
	use frame_support::{
		dispatch::{GetDispatchInfo, PostDispatchInfo},
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			tokens::{Fortitude, Precision},
			IsSubType,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{Dispatchable, Saturating, Zero};

	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit for a DID's storage: its record, methods, controllers and services.
		DidDeposit,
	}

	/// The DID origin, which DID-signed calls are dispatched with.
	#[pallet::origin]
	pub type Origin<T> = DidRawOrigin<<T as frame_system::Config>::AccountId>;

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The overarching origin; it must include this pallet's [`Origin`].
		type RuntimeOrigin: From<Origin<Self>>
			+ IsType<<Self as frame_system::Config>::RuntimeOrigin>
			+ Into<Result<Origin<Self>, <Self as Config>::RuntimeOrigin>>;

		/// The overarching call, which [`Pallet::submit_did_call`] dispatches.
		type RuntimeCall: Parameter
			+ Dispatchable<
				RuntimeOrigin = <Self as Config>::RuntimeOrigin,
				PostInfo = PostDispatchInfo,
			> + GetDispatchInfo
			+ From<Call<Self>>
			+ IsSubType<Call<Self>>
			+ IsType<<Self as frame_system::Config>::RuntimeCall>;

		/// Which relationship a DID key needs to sign each call; calls it answers `None` for
		/// cannot be DID-signed.
		type DidCallAuthorization: DidCallAuthorization<<Self as Config>::RuntimeCall>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The currency deposits are held in.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// Checks a zero-knowledge issuer key (a Jubjub point of the prime-order subgroup).
		type ZkIssuerKeyCheck: ZkIssuerKeyCheck;

		/// Told when a DID's zero-knowledge issuer key ([`DidRecord::zk_issuer_key`]) changes,
		/// so trusted-issuer lists keep their roots current; `()` when nothing listens. The
		/// calls that can change the key charge its `max_weight` and refund what it did not use.
		type ZkKeyObserver: ZkIssuerKeyObserver;

		/// Deposit for a DID's record itself.
		#[pallet::constant]
		type BaseDeposit: Get<BalanceOf<Self>>;

		/// The part of [`Config::BaseDeposit`] that deactivation burns instead of releasing:
		/// it pays for the tombstone the chain keeps for ever, so creating and deactivating
		/// DIDs in a loop is not free storage. At most `BaseDeposit`.
		#[pallet::constant]
		type TombstoneFee: Get<BalanceOf<Self>>;

		/// Deposit for each verification method.
		#[pallet::constant]
		type KeyDeposit: Get<BalanceOf<Self>>;

		/// Deposit for each controller.
		#[pallet::constant]
		type ControllerDeposit: Get<BalanceOf<Self>>;

		/// Deposit for each service.
		#[pallet::constant]
		type ServiceDeposit: Get<BalanceOf<Self>>;

		/// Most verification methods in a DID.
		#[pallet::constant]
		type MaxVerificationMethods: Get<u32>;

		/// Most controllers of a DID.
		#[pallet::constant]
		type MaxControllers: Get<u32>;

		/// Most services in a DID.
		#[pallet::constant]
		type MaxServices: Get<u32>;

		/// Longest fragment id of a method or service, in bytes.
		#[pallet::constant]
		type MaxIdLength: Get<u32>;

		/// Most types of a service.
		#[pallet::constant]
		type MaxServiceTypes: Get<u32>;

		/// Longest service type, in bytes.
		#[pallet::constant]
		type MaxServiceTypeLength: Get<u32>;

		/// Most endpoints of a service.
		#[pallet::constant]
		type MaxServiceEndpoints: Get<u32>;

		/// Longest service endpoint URI, in bytes.
		#[pallet::constant]
		type MaxServiceEndpointLength: Get<u32>;

		/// Longest validity window of a DID-signed call, in blocks.
		#[pallet::constant]
		type MaxValidityWindow: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Checks zero-knowledge issuer keys; the runtime plugs in `didimo-zk`'s curve checks.
	pub trait ZkIssuerKeyCheck {
		/// Whether `key` is a valid compressed point of Jubjub's prime-order subgroup.
		fn is_valid(key: &ZkIssuerKey) -> bool;

		/// A valid key, for the benchmarks: checking a valid key is the slowest case.
		#[cfg(feature = "runtime-benchmarks")]
		fn valid_key() -> ZkIssuerKey;
	}

	/// Live DIDs. Keyed by identifier with `Blake2_128Concat`: identifiers are chosen by users
	/// (they pick keys), so the hash keeps the trie balanced whatever they pick.
	#[pallet::storage]
	pub(super) type Dids<T: Config> = StorageMap<_, Blake2_128Concat, DidIdentifier, DidRecord<T>>;

	/// Deactivated DIDs and the block they were deactivated in. A tombstoned identifier can
	/// never be created again. `Blake2_128Concat` for the same reason as [`Dids`].
	#[pallet::storage]
	pub(super) type Tombstones<T: Config> =
		StorageMap<_, Blake2_128Concat, DidIdentifier, BlockNumberFor<T>>;

	/// For each signing key that serves authentication, the DID it authenticates, keyed by the
	/// account that key stands for (its raw public key, or blake2-256 of an ECDSA key): "which
	/// DID does this account control?". A key authenticates at most one DID.
	/// `Blake2_128Concat`: keys are user-chosen.
	#[pallet::storage]
	pub(super) type AuthenticationKeys<T: Config> =
		StorageMap<_, Blake2_128Concat, DidIdentifier, DidIdentifier>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A DID was created.
		DidCreated { did: DidIdentifier, owner: T::AccountId, deposit: BalanceOf<T> },
		/// A verification method was added.
		VerificationMethodAdded { did: DidIdentifier, key_id: FragmentId<T> },
		/// A verification method was removed.
		VerificationMethodRemoved { did: DidIdentifier, key_id: FragmentId<T> },
		/// A method's relationships were replaced.
		RelationshipsChanged {
			did: DidIdentifier,
			key_id: FragmentId<T>,
			relationships: Relationships,
		},
		/// A method's key was replaced by a new one (same id and relationships).
		KeyRotated { did: DidIdentifier, key_id: FragmentId<T> },
		/// A controller was added.
		ControllerAdded { did: DidIdentifier, controller: DidIdentifier },
		/// A controller was removed.
		ControllerRemoved { did: DidIdentifier, controller: DidIdentifier },
		/// A service was added.
		ServiceAdded { did: DidIdentifier, service_id: FragmentId<T> },
		/// A service was removed.
		ServiceRemoved { did: DidIdentifier, service_id: FragmentId<T> },
		/// A DID was deactivated: its identifier is tombstoned, `burned` of its deposit (the
		/// [`Config::TombstoneFee`]) paid for the tombstone and `released` went back to the
		/// owner.
		DidDeactivated { did: DidIdentifier, released: BalanceOf<T>, burned: BalanceOf<T> },
		/// A DID-signed call was dispatched (its own result is in `result`).
		DidCallDispatched { did: DidIdentifier, signer: DidIdentifier, result: DispatchResult },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No live DID has this identifier.
		NotFound,
		/// A live DID already has this identifier.
		AlreadyExists,
		/// The identifier belongs to a deactivated DID and cannot be used again.
		Deactivated,
		/// The DID is not what the first method's key derives.
		DidMismatch,
		/// The first method is not a signing key serving authentication.
		FirstMethodNotAuthentication,
		/// The signature does not verify (wrong key, payload, chain or submitter).
		InvalidSignature,
		/// The transaction's sender is not the submitter the payload names.
		NotSubmitter,
		/// The DID-signed call's counter is not the DID's counter plus one.
		BadCounter,
		/// The current block is outside the DID-signed call's validity window.
		OutsideValidityWindow,
		/// The validity window is empty or longer than `MaxValidityWindow`.
		InvalidValidityWindow,
		/// This call cannot be made as a DID.
		CallNotAllowed,
		/// The signer is neither the DID nor one of its controllers.
		NotController,
		/// A controller may sign only DID-document updates for the DIDs it controls.
		ControllerCannotSign,
		/// The signer's document has no method with this id.
		KeyNotFound,
		/// The signing method is not a signing key.
		NotASigningKey,
		/// The signing key lacks the relationship the call requires.
		MissingRelationship,
		/// The DID origin holds another relationship than the call requires.
		WrongRelationship,
		/// A method or service already uses this id.
		IdTaken,
		/// The id is empty or has characters other than ASCII letters, digits, `-`, `_`, `.`.
		InvalidId,
		/// No service has this id.
		ServiceNotFound,
		/// A method must serve at least one relationship.
		NoRelationship,
		/// The relationship is not allowed for this kind of key.
		RelationshipNotAllowed,
		/// The X25519 key is a small-order point.
		InvalidX25519Key,
		/// The zero-knowledge issuer key is not a point of Jubjub's prime-order subgroup.
		InvalidZkIssuerKey,
		/// Rotation must keep the kind of key (signing, key agreement, ZK issuer).
		KeyKindMismatch,
		/// The new key is the same as the old one.
		SameKey,
		/// The authentication key already authenticates a DID.
		KeyInUse,
		/// The change would leave the DID without an authentication key, or without a way to
		/// be updated (a capabilityInvocation key or a controller).
		WouldLockOut,
		/// A DID cannot be its own controller.
		SelfController,
		/// The controller is not a live DID.
		UnknownController,
		/// The controller is already listed.
		ControllerAlreadyAdded,
		/// The controller is not listed.
		ControllerNotFound,
		/// The service has no type, no endpoint, or an empty or non-printable one.
		InvalidService,
		/// More verification methods than `MaxVerificationMethods`.
		MaxVerificationMethodsExceeded,
		/// More controllers than `MaxControllers`.
		MaxControllersExceeded,
		/// More services than `MaxServices`.
		MaxServicesExceeded,
		/// The owner cannot pay the deposit.
		InsufficientDeposit,
		/// A signing key that is added, rotated in or given a new relationship comes without
		/// its proof of possession (its signature over [`key_possession_payload`]).
		KeyProofMissing,
		/// A key proof was given where no key needs one: key-agreement and zero-knowledge keys
		/// cannot sign, and taking relationships away needs no proof.
		KeyProofUnexpected,
		/// A proof of possession does not verify for its key, this DID, this chain and the
		/// DID's counter.
		InvalidKeyProof,
		/// The DID-signed call was signed for another runtime version (`spec_version`).
		WrongSpecVersion,
		/// Only the DID's owner (the account that paid its deposit) may do this.
		NotOwner,
		/// The DID can still be updated (it has a capabilityInvocation key, or a live controller
		/// that has one), so its owner cannot reclaim it.
		NotLocked,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				T::TombstoneFee::get() <= T::BaseDeposit::get(),
				"the tombstone fee is burned from the base deposit, so it cannot exceed it"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			crate::try_state::do_try_state::<T>()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Creates a DID.
		///
		/// - `origin`: any signed account; it must be `details.submitter`, becomes the DID's
		///   owner and pays the deposit.
		/// - `details`: the DID and its initial document (see [`DidCreation`]).
		/// - `signature`: the first method's key signing
		///   [`DidCreation::signing_payload`], as it is or wrapped in `<Bytes>`/`</Bytes>`.
		/// - `key_proofs`: one proof of possession for each other signing key, in the order of
		///   `details.methods` ([`DidCreation::keys_to_prove`]): the key's signature over
		///   [`key_possession_payload`] with counter 0.
		///
		/// Emits [`Event::DidCreated`].
		///
		/// ## Errors
		/// [`Error::NotSubmitter`], [`Error::InvalidValidityWindow`],
		/// [`Error::OutsideValidityWindow`], [`Error::AlreadyExists`], [`Error::Deactivated`],
		/// [`Error::FirstMethodNotAuthentication`], [`Error::DidMismatch`],
		/// [`Error::InvalidSignature`], [`Error::KeyProofMissing`],
		/// [`Error::KeyProofUnexpected`], [`Error::InvalidKeyProof`], [`Error::KeyInUse`],
		/// [`Error::WouldLockOut`],
		/// [`Error::SelfController`], [`Error::UnknownController`],
		/// [`Error::ControllerAlreadyAdded`], the document validity errors, and
		/// [`Error::InsufficientDeposit`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create(
			details.methods.len() as u32,
			details.controllers.len() as u32,
			details.services.len() as u32,
		).saturating_add(Pallet::<T>::zk_checks(details.zk_keys())))]
		pub fn create(
			origin: OriginFor<T>,
			details: Box<DidCreation<T>>,
			signature: DidSignature,
			key_proofs: BoundedVec<DidSignature, T::MaxVerificationMethods>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(who == details.submitter, Error::<T>::NotSubmitter);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				details.valid_until.saturating_sub(now) <= T::MaxValidityWindow::get(),
				Error::<T>::InvalidValidityWindow
			);
			ensure!(now <= details.valid_until, Error::<T>::OutsideValidityWindow);
			let did = details.did.clone();
			ensure!(!Dids::<T>::contains_key(&did), Error::<T>::AlreadyExists);
			ensure!(!Tombstones::<T>::contains_key(&did), Error::<T>::Deactivated);

			let key = details.creating_key()?;
			let genesis_hash = Self::genesis_hash();
			let payload = details.signing_payload(&genesis_hash);
			ensure!(key.verify_payload(&payload, &signature), Error::<T>::InvalidSignature);
			let mut proofs = key_proofs.iter();
			for key in details.keys_to_prove() {
				let proof = proofs.next().ok_or(Error::<T>::KeyProofMissing)?;
				let payload = key_possession_payload(&genesis_hash, &did, 0, key);
				ensure!(key.verify_payload(&payload, proof), Error::<T>::InvalidKeyProof);
			}
			ensure!(proofs.next().is_none(), Error::<T>::KeyProofUnexpected);
			details.validate()?;
			for controller in details.controllers.iter() {
				ensure!(Dids::<T>::contains_key(controller), Error::<T>::UnknownController);
			}
			let DidCreation { methods, controllers, services, .. } = *details;
			let mut record = DidRecord {
				methods,
				controllers,
				services,
				owner: who.clone(),
				deposit: Zero::zero(),
				counter: 0,
				created: now,
				updated: now,
				version: 1,
			};
			record.validate()?;
			let mut accounts = Vec::new();
			for account in record.methods.iter().filter_map(|m| m.authentication_account()) {
				ensure!(
					!AuthenticationKeys::<T>::contains_key(&account)
						&& !accounts.contains(&account),
					Error::<T>::KeyInUse
				);
				accounts.push(account);
			}
			Self::settle_deposit(&mut record)?;
			for account in accounts {
				AuthenticationKeys::<T>::insert(account, &did);
			}
			let deposit = record.deposit;
			Dids::<T>::insert(&did, record);
			Self::deposit_event(Event::DidCreated { did, owner: who, deposit });
			Ok(())
		}

		/// Adds a verification method.
		///
		/// - `origin`: the DID, with `capabilityInvocation`.
		/// - `method`: the new method; its id must be unused, its key valid, its relationships
		///   non-empty and allowed for its kind of key.
		/// - `key_proof`: for a signing key, its proof of possession (its signature over
		///   [`key_possession_payload`] with the DID-signed call's counter); `None` otherwise.
		///
		/// Emits [`Event::VerificationMethodAdded`]. Takes [`Config::KeyDeposit`] from the
		/// owner.
		///
		/// ## Errors
		/// [`Error::WrongRelationship`], [`Error::NotFound`], [`Error::IdTaken`],
		/// [`Error::InvalidId`], [`Error::NoRelationship`], [`Error::RelationshipNotAllowed`],
		/// [`Error::InvalidX25519Key`], [`Error::InvalidZkIssuerKey`],
		/// [`Error::KeyProofMissing`], [`Error::KeyProofUnexpected`],
		/// [`Error::InvalidKeyProof`], [`Error::KeyInUse`],
		/// [`Error::MaxVerificationMethodsExceeded`], [`Error::InsufficientDeposit`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::add_verification_method()
			.saturating_add(Pallet::<T>::zk_checks(matches!(method.key, DidPublicKey::ZkIssuer(_)) as u32))
			.saturating_add(T::ZkKeyObserver::max_weight()))]
		pub fn add_verification_method(
			origin: OriginFor<T>,
			method: VerificationMethod<T>,
			key_proof: Option<DidSignature>,
		) -> DispatchResultWithPostInfo {
			let did = Self::ensure_did(origin, Relationship::CapabilityInvocation)?.did;
			let zk = matches!(method.key, DidPublicKey::ZkIssuer(_)) as u32;
			let base = T::WeightInfo::add_verification_method().saturating_add(Self::zk_checks(zk));
			Self::update_observed(&did, base, |record| {
				method.validate()?;
				Self::check_key_proof(&did, record.counter, method.verification_key(), key_proof)?;
				ensure!(!record.id_taken(&method.id), Error::<T>::IdTaken);
				if let Some(account) = method.authentication_account() {
					ensure!(!AuthenticationKeys::<T>::contains_key(&account), Error::<T>::KeyInUse);
					AuthenticationKeys::<T>::insert(account, &did);
				}
				let key_id = method.id.clone();
				record
					.methods
					.try_push(method)
					.map_err(|_| Error::<T>::MaxVerificationMethodsExceeded)?;
				Ok(Event::VerificationMethodAdded { did: did.clone(), key_id })
			})
		}

		/// Removes a verification method.
		///
		/// - `origin`: the DID, with `capabilityInvocation`.
		/// - `key_id`: the method's id.
		///
		/// Emits [`Event::VerificationMethodRemoved`]. Releases [`Config::KeyDeposit`].
		///
		/// ## Errors
		/// [`Error::WrongRelationship`], [`Error::NotFound`], [`Error::KeyNotFound`],
		/// [`Error::WouldLockOut`].
		#[pallet::call_index(2)]
		#[pallet::weight(
			T::WeightInfo::remove_verification_method().saturating_add(T::ZkKeyObserver::max_weight())
		)]
		pub fn remove_verification_method(
			origin: OriginFor<T>,
			key_id: FragmentId<T>,
		) -> DispatchResultWithPostInfo {
			let did = Self::ensure_did(origin, Relationship::CapabilityInvocation)?.did;
			Self::update_observed(&did, T::WeightInfo::remove_verification_method(), |record| {
				let index = record
					.methods
					.iter()
					.position(|m| m.id == key_id)
					.ok_or(Error::<T>::KeyNotFound)?;
				let removed = record.methods.remove(index);
				record.validate()?;
				if let Some(account) = removed.authentication_account() {
					AuthenticationKeys::<T>::remove(account);
				}
				Ok(Event::VerificationMethodRemoved { did: did.clone(), key_id })
			})
		}

		/// Replaces the relationships a verification method serves.
		///
		/// - `origin`: the DID, with `capabilityInvocation`.
		/// - `key_id`: the method's id; `relationships`: the new set.
		/// - `key_proof`: when a signing key gains a relationship, its proof of possession (its
		///   signature over [`key_possession_payload`] with the DID-signed call's counter);
		///   `None` otherwise.
		///
		/// Emits [`Event::RelationshipsChanged`].
		///
		/// ## Errors
		/// [`Error::WrongRelationship`], [`Error::NotFound`], [`Error::KeyNotFound`],
		/// [`Error::NoRelationship`], [`Error::RelationshipNotAllowed`],
		/// [`Error::KeyProofMissing`], [`Error::KeyProofUnexpected`],
		/// [`Error::InvalidKeyProof`], [`Error::KeyInUse`], [`Error::WouldLockOut`].
		#[pallet::call_index(3)]
		#[pallet::weight(
			T::WeightInfo::set_relationships().saturating_add(T::ZkKeyObserver::max_weight())
		)]
		pub fn set_relationships(
			origin: OriginFor<T>,
			key_id: FragmentId<T>,
			relationships: Relationships,
			key_proof: Option<DidSignature>,
		) -> DispatchResultWithPostInfo {
			let did = Self::ensure_did(origin, Relationship::CapabilityInvocation)?.did;
			Self::update_observed(&did, T::WeightInfo::set_relationships(), |record| {
				let counter = record.counter;
				let method = record
					.methods
					.iter_mut()
					.find(|m| m.id == key_id)
					.ok_or(Error::<T>::KeyNotFound)?;
				let gains = !relationships.is_subset_of(method.relationships);
				let key = method.verification_key().filter(|_| gains);
				Self::check_key_proof(&did, counter, key, key_proof)?;
				let before = method.authentication_account();
				method.relationships = relationships;
				method.validate_relationships()?;
				let after = method.authentication_account();
				record.validate()?;
				Self::reindex_authentication(&did, before, after)?;
				Ok(Event::RelationshipsChanged { did: did.clone(), key_id, relationships })
			})
		}

		/// Replaces a method's key with a new key of the same kind, keeping its id and
		/// relationships: rotating the authentication key is `rotate_key` on its method.
		///
		/// - `origin`: the DID, with `capabilityInvocation`.
		/// - `key_id`: the method's id; `new_key`: the replacement.
		/// - `key_proof`: for a signing key, the new key's proof of possession (its signature
		///   over [`key_possession_payload`] with the DID-signed call's counter); `None`
		///   otherwise.
		///
		/// Emits [`Event::KeyRotated`].
		///
		/// ## Errors
		/// [`Error::WrongRelationship`], [`Error::NotFound`], [`Error::KeyNotFound`],
		/// [`Error::KeyKindMismatch`], [`Error::SameKey`], [`Error::InvalidX25519Key`],
		/// [`Error::InvalidZkIssuerKey`], [`Error::KeyProofMissing`],
		/// [`Error::KeyProofUnexpected`], [`Error::InvalidKeyProof`], [`Error::KeyInUse`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::rotate_key()
			.saturating_add(Pallet::<T>::zk_checks(matches!(new_key, DidPublicKey::ZkIssuer(_)) as u32))
			.saturating_add(T::ZkKeyObserver::max_weight()))]
		pub fn rotate_key(
			origin: OriginFor<T>,
			key_id: FragmentId<T>,
			new_key: DidPublicKey,
			key_proof: Option<DidSignature>,
		) -> DispatchResultWithPostInfo {
			let did = Self::ensure_did(origin, Relationship::CapabilityInvocation)?.did;
			let zk = matches!(new_key, DidPublicKey::ZkIssuer(_)) as u32;
			let base = T::WeightInfo::rotate_key().saturating_add(Self::zk_checks(zk));
			Self::update_observed(&did, base, |record| {
				let counter = record.counter;
				let method = record
					.methods
					.iter_mut()
					.find(|m| m.id == key_id)
					.ok_or(Error::<T>::KeyNotFound)?;
				let same_kind = matches!(
					(&method.key, &new_key),
					(DidPublicKey::Verification(_), DidPublicKey::Verification(_))
						| (DidPublicKey::KeyAgreement(_), DidPublicKey::KeyAgreement(_))
						| (DidPublicKey::ZkIssuer(_), DidPublicKey::ZkIssuer(_))
				);
				ensure!(same_kind, Error::<T>::KeyKindMismatch);
				ensure!(method.key != new_key, Error::<T>::SameKey);
				types::validate_key::<T>(&new_key)?;
				let signing = match &new_key {
					DidPublicKey::Verification(key) => Some(key),
					_ => None,
				};
				Self::check_key_proof(&did, counter, signing, key_proof)?;
				let before = method.authentication_account();
				method.key = new_key;
				let after = method.authentication_account();
				Self::reindex_authentication(&did, before, after)?;
				Ok(Event::KeyRotated { did: did.clone(), key_id })
			})
		}

		/// Adds a controller: another DID whose keys may update this one.
		///
		/// - `origin`: the DID, with `capabilityInvocation`.
		/// - `controller`: the controlling DID; it must be live.
		///
		/// Emits [`Event::ControllerAdded`]. Takes [`Config::ControllerDeposit`].
		///
		/// ## Errors
		/// [`Error::WrongRelationship`], [`Error::NotFound`], [`Error::SelfController`],
		/// [`Error::UnknownController`], [`Error::ControllerAlreadyAdded`],
		/// [`Error::MaxControllersExceeded`],
		/// [`Error::InsufficientDeposit`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::add_controller())]
		pub fn add_controller(origin: OriginFor<T>, controller: DidIdentifier) -> DispatchResult {
			let did = Self::ensure_did(origin, Relationship::CapabilityInvocation)?.did;
			ensure!(controller != did, Error::<T>::SelfController);
			ensure!(Dids::<T>::contains_key(&controller), Error::<T>::UnknownController);
			Self::update(&did, |record| {
				ensure!(
					!record.controllers.contains(&controller),
					Error::<T>::ControllerAlreadyAdded
				);
				record
					.controllers
					.try_push(controller.clone())
					.map_err(|_| Error::<T>::MaxControllersExceeded)?;
				Ok(Event::ControllerAdded { did: did.clone(), controller })
			})
		}

		/// Removes a controller.
		///
		/// - `origin`: the DID, with `capabilityInvocation`.
		/// - `controller`: the controller to remove.
		///
		/// Emits [`Event::ControllerRemoved`]. Releases [`Config::ControllerDeposit`].
		///
		/// ## Errors
		/// [`Error::WrongRelationship`], [`Error::NotFound`], [`Error::ControllerNotFound`],
		/// [`Error::WouldLockOut`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::remove_controller())]
		pub fn remove_controller(
			origin: OriginFor<T>,
			controller: DidIdentifier,
		) -> DispatchResult {
			let did = Self::ensure_did(origin, Relationship::CapabilityInvocation)?.did;
			Self::update(&did, |record| {
				let index = record
					.controllers
					.iter()
					.position(|c| c == &controller)
					.ok_or(Error::<T>::ControllerNotFound)?;
				record.controllers.remove(index);
				record.validate()?;
				Ok(Event::ControllerRemoved { did: did.clone(), controller })
			})
		}

		/// Adds a service endpoint.
		///
		/// - `origin`: the DID, with `capabilityInvocation`.
		/// - `service`: the service; its id must be unused.
		///
		/// Emits [`Event::ServiceAdded`]. Takes [`Config::ServiceDeposit`].
		///
		/// ## Errors
		/// [`Error::WrongRelationship`], [`Error::NotFound`], [`Error::InvalidId`],
		/// [`Error::IdTaken`], [`Error::InvalidService`], [`Error::MaxServicesExceeded`],
		/// [`Error::InsufficientDeposit`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::add_service())]
		pub fn add_service(origin: OriginFor<T>, service: Service<T>) -> DispatchResult {
			let did = Self::ensure_did(origin, Relationship::CapabilityInvocation)?.did;
			service.validate()?;
			Self::update(&did, |record| {
				ensure!(!record.id_taken(&service.id), Error::<T>::IdTaken);
				let service_id = service.id.clone();
				record.services.try_push(service).map_err(|_| Error::<T>::MaxServicesExceeded)?;
				Ok(Event::ServiceAdded { did: did.clone(), service_id })
			})
		}

		/// Removes a service endpoint.
		///
		/// - `origin`: the DID, with `capabilityInvocation`.
		/// - `service_id`: the service's id.
		///
		/// Emits [`Event::ServiceRemoved`]. Releases [`Config::ServiceDeposit`].
		///
		/// ## Errors
		/// [`Error::WrongRelationship`], [`Error::NotFound`], [`Error::ServiceNotFound`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::remove_service())]
		pub fn remove_service(origin: OriginFor<T>, service_id: FragmentId<T>) -> DispatchResult {
			let did = Self::ensure_did(origin, Relationship::CapabilityInvocation)?.did;
			Self::update(&did, |record| {
				let index = record
					.services
					.iter()
					.position(|s| s.id == service_id)
					.ok_or(Error::<T>::ServiceNotFound)?;
				record.services.remove(index);
				Ok(Event::ServiceRemoved { did: did.clone(), service_id })
			})
		}

		/// Deactivates the DID for good: its record is removed, its identifier tombstoned so
		/// it can never be created again, [`Config::TombstoneFee`] of its deposit burned to pay
		/// for the tombstone and the rest released to the owner.
		///
		/// - `origin`: the DID, with `capabilityInvocation`.
		///
		/// Emits [`Event::DidDeactivated`].
		///
		/// ## Errors
		/// [`Error::WrongRelationship`], [`Error::NotFound`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::deactivate(T::MaxVerificationMethods::get())
			.saturating_add(T::ZkKeyObserver::max_weight()))]
		pub fn deactivate(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
			let did = Self::ensure_did(origin, Relationship::CapabilityInvocation)?.did;
			let record = Dids::<T>::take(&did).ok_or(Error::<T>::NotFound)?;
			let methods = record.methods.len() as u32;
			let observed = Self::tombstone_did(did, record)?;
			Ok(Some(T::WeightInfo::deactivate(methods).saturating_add(observed)).into())
		}

		/// Dispatches a call that a DID key signed, as that DID.
		///
		/// - `origin`: any signed account; it must be `operation.submitter` and pays the fee.
		/// - `operation`: the call and its replay protection (see [`DidCallOperation`]).
		/// - `signature`: `operation.signer`'s key `operation.key_id` signing
		///   [`DidCallOperation::signing_payload`], as it is or wrapped in `<Bytes>`/`</Bytes>`.
		///
		/// The key must hold the relationship [`Config::DidCallAuthorization`] names for the
		/// call. A controller's key may sign only calls that need `capabilityInvocation`
		/// (DID-document updates). On success the DID's counter moves to `operation.counter`,
		/// whatever the inner call's result, and [`Event::DidCallDispatched`] carries it.
		///
		/// ## Errors
		/// [`Error::NotSubmitter`], [`Error::WrongSpecVersion`], [`Error::NotFound`],
		/// [`Error::BadCounter`], [`Error::InvalidValidityWindow`],
		/// [`Error::OutsideValidityWindow`],
		/// [`Error::CallNotAllowed`], [`Error::NotController`], [`Error::ControllerCannotSign`],
		/// [`Error::KeyNotFound`], [`Error::NotASigningKey`], [`Error::MissingRelationship`],
		/// [`Error::InvalidSignature`].
		#[pallet::call_index(10)]
		#[pallet::weight({
			let inner = operation.call.get_dispatch_info();
			(
				Pallet::<T>::did_call_overhead(operation).saturating_add(inner.call_weight),
				inner.class,
			)
		})]
		pub fn submit_did_call(
			origin: OriginFor<T>,
			operation: Box<DidCallOperation<T>>,
			signature: DidSignature,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let overhead = Self::did_call_overhead(&operation);
			let relationship = Self::authorize_did_call(&who, &operation, &signature)?;
			let DidCallOperation { did, signer, counter, call, .. } = *operation;
			Dids::<T>::mutate(&did, |record| {
				if let Some(record) = record {
					record.counter = counter;
				}
			});
			let origin = DidRawOrigin { did: did.clone(), submitter: who, relationship };
			let result = call.dispatch(origin.into());
			let inner_weight = match &result {
				Ok(post) => post.actual_weight,
				Err(err) => err.post_info.actual_weight,
			};
			Self::deposit_event(Event::DidCallDispatched {
				did,
				signer,
				result: result.map(|_| ()).map_err(|e| e.error),
			});
			Ok(inner_weight.map(|w| overhead.saturating_add(w)).into())
		}

		/// Lets the owner (the account that paid the deposit) deactivate a DID that nobody
		/// can update any more: it has no `capabilityInvocation` key of its own and no DID it
		/// reaches through controllers is live with one (they were deactivated, or only
		/// control each other); see [`Pallet::can_be_updated`]. It is deactivated as by
		/// [`Pallet::deactivate`]: tombstoned, with the deposit, less
		/// [`Config::TombstoneFee`], back to the owner.
		///
		/// - `origin`: the DID's owner.
		/// - `did`: the locked DID.
		///
		/// Emits [`Event::DidDeactivated`].
		///
		/// ## Errors
		/// [`Error::NotFound`], [`Error::NotOwner`], [`Error::NotLocked`].
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::reclaim(
			T::MaxVerificationMethods::get(),
			MAX_CONTROL_SEARCH,
		).saturating_add(T::ZkKeyObserver::max_weight()))]
		pub fn reclaim(origin: OriginFor<T>, did: DidIdentifier) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let record = Dids::<T>::get(&did).ok_or(Error::<T>::NotFound)?;
			ensure!(record.owner == who, Error::<T>::NotOwner);
			let (updatable, read) = Self::can_be_updated(&record);
			ensure!(!updatable, Error::<T>::NotLocked);
			let weight = T::WeightInfo::reclaim(record.methods.len() as u32, read);
			Dids::<T>::remove(&did);
			let observed = Self::tombstone_did(did, record)?;
			Ok(Some(weight.saturating_add(observed)).into())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The deposit a record requires.
		pub fn deposit_for(record: &DidRecord<T>) -> BalanceOf<T> {
			let count = |n: usize| -> BalanceOf<T> { (n as u32).into() };
			T::BaseDeposit::get()
				.saturating_add(T::KeyDeposit::get().saturating_mul(count(record.methods.len())))
				.saturating_add(
					T::ControllerDeposit::get().saturating_mul(count(record.controllers.len())),
				)
				.saturating_add(
					T::ServiceDeposit::get().saturating_mul(count(record.services.len())),
				)
		}

		/// What `submit_did_call` costs besides its inner call: its benchmark (which checks a
		/// signature over a small call), plus what each byte of a larger inner call adds to the
		/// signature check (`did_signature` above its zero-length cost).
		pub fn did_call_overhead(operation: &DidCallOperation<T>) -> Weight {
			let bytes = T::WeightInfo::did_signature(operation.call.encoded_size() as u32)
				.saturating_sub(T::WeightInfo::did_signature(0));
			T::WeightInfo::submit_did_call().saturating_add(bytes)
		}

		/// The curve checks of `n` zero-knowledge issuer keys; nothing when there are none.
		pub fn zk_checks(n: u32) -> Weight {
			if n == 0 {
				Weight::zero()
			} else {
				T::WeightInfo::check_zk_keys(n)
			}
		}

		/// Whether anyone can still update `record`, and how many DIDs were read to tell: it
		/// has a `capabilityInvocation` key, or some DID it reaches through controllers (its
		/// controllers, theirs, and so on) is live and has one, since that DID can give a key
		/// to each controller down the chain. After [`MAX_CONTROL_SEARCH`] DIDs the search
		/// stops and answers yes: a DID is only called locked when that is certain.
		pub fn can_be_updated(record: &DidRecord<T>) -> (bool, u32) {
			if record.has_relationship(Relationship::CapabilityInvocation) {
				return (true, 0);
			}
			let mut seen: Vec<DidIdentifier> = Vec::new();
			let mut pending: Vec<DidIdentifier> = record.controllers.to_vec();
			while let Some(did) = pending.pop() {
				if seen.contains(&did) {
					continue;
				}
				if seen.len() as u32 >= MAX_CONTROL_SEARCH {
					return (true, MAX_CONTROL_SEARCH);
				}
				let controller = Dids::<T>::get(&did);
				seen.push(did);
				if let Some(controller) = controller {
					if controller.has_relationship(Relationship::CapabilityInvocation) {
						return (true, seen.len() as u32);
					}
					pending.extend(controller.controllers.iter().cloned());
				}
			}
			(false, seen.len() as u32)
		}

		/// A live DID.
		pub fn did(did: &DidIdentifier) -> Option<DidRecord<T>> {
			Dids::<T>::get(did)
		}

		/// The block a DID was deactivated in, if it was.
		pub fn tombstone(did: &DidIdentifier) -> Option<BlockNumberFor<T>> {
			Tombstones::<T>::get(did)
		}

		/// Applies `change` to a live DID, then settles the deposit, bumps the version and
		/// emits the event `change` returns. Nothing is written if any step fails.
		fn update(
			did: &DidIdentifier,
			change: impl FnOnce(&mut DidRecord<T>) -> Result<Event<T>, DispatchError>,
		) -> DispatchResult {
			Self::apply(did, change).map(|_| ())
		}

		/// [`Self::update`] for a call that can change the zero-knowledge issuer key: tells
		/// [`Config::ZkKeyObserver`] when it did, and returns `base` plus what the observer
		/// used as the call's actual weight.
		fn update_observed(
			did: &DidIdentifier,
			base: Weight,
			change: impl FnOnce(&mut DidRecord<T>) -> Result<Event<T>, DispatchError>,
		) -> DispatchResultWithPostInfo {
			let (before, after) = Self::apply(did, change)?;
			let observed = if before == after {
				Weight::zero()
			} else {
				T::ZkKeyObserver::zk_issuer_key_changed(did, after.as_ref())
			};
			Ok(Some(base.saturating_add(observed)).into())
		}

		/// [`Self::update`]'s work; returns the zero-knowledge issuer key before and after.
		fn apply(
			did: &DidIdentifier,
			change: impl FnOnce(&mut DidRecord<T>) -> Result<Event<T>, DispatchError>,
		) -> Result<(Option<ZkIssuerKey>, Option<ZkIssuerKey>), DispatchError> {
			let mut record = Dids::<T>::get(did).ok_or(Error::<T>::NotFound)?;
			let before = record.zk_issuer_key();
			let event = change(&mut record)?;
			Self::settle_deposit(&mut record)?;
			record.updated = frame_system::Pallet::<T>::block_number();
			record.version = record.version.saturating_add(1);
			let after = record.zk_issuer_key();
			Dids::<T>::insert(did, record);
			Self::deposit_event(event);
			Ok((before, after))
		}

		/// Holds or releases the difference between the record's deposit and what it requires.
		fn settle_deposit(record: &mut DidRecord<T>) -> DispatchResult {
			let required = Self::deposit_for(record);
			let reason = HoldReason::DidDeposit.into();
			if required > record.deposit {
				T::Currency::hold(&reason, &record.owner, required.saturating_sub(record.deposit))
					.map_err(|_| Error::<T>::InsufficientDeposit)?;
			} else if required < record.deposit {
				T::Currency::release(
					&reason,
					&record.owner,
					record.deposit.saturating_sub(required),
					Precision::Exact,
				)?;
			}
			record.deposit = required;
			Ok(())
		}

		/// Checks the proof of possession of `key`, a signing key joining `did` (or gaining a
		/// relationship in it) at `counter`; `key` is `None` when nothing needs a proof.
		fn check_key_proof(
			did: &DidIdentifier,
			counter: u64,
			key: Option<&DidVerificationKey>,
			proof: Option<DidSignature>,
		) -> DispatchResult {
			match (key, proof) {
				(None, None) => Ok(()),
				(None, Some(_)) => Err(Error::<T>::KeyProofUnexpected.into()),
				(Some(_), None) => Err(Error::<T>::KeyProofMissing.into()),
				(Some(key), Some(proof)) => {
					let payload = key_possession_payload(&Self::genesis_hash(), did, counter, key);
					ensure!(key.verify_payload(&payload, &proof), Error::<T>::InvalidKeyProof);
					Ok(())
				},
			}
		}

		/// Ends a DID whose record was taken out of storage: drops its index entries, burns
		/// the tombstone fee from its deposit, releases the rest to the owner, tombstones the
		/// identifier and tells [`Config::ZkKeyObserver`] if it had a zero-knowledge issuer
		/// key; returns the weight the observer used.
		fn tombstone_did(
			did: DidIdentifier,
			record: DidRecord<T>,
		) -> Result<Weight, DispatchError> {
			for account in record.methods.iter().filter_map(|m| m.authentication_account()) {
				AuthenticationKeys::<T>::remove(account);
			}
			let reason = HoldReason::DidDeposit.into();
			let fee = T::TombstoneFee::get().min(record.deposit);
			let burned = T::Currency::burn_held(
				&reason,
				&record.owner,
				fee,
				Precision::BestEffort,
				Fortitude::Force,
			)?;
			let released = T::Currency::release(
				&reason,
				&record.owner,
				record.deposit.saturating_sub(burned),
				Precision::BestEffort,
			)?;
			Tombstones::<T>::insert(&did, frame_system::Pallet::<T>::block_number());
			let observed = if record.zk_issuer_key().is_some() {
				T::ZkKeyObserver::zk_issuer_key_changed(&did, None)
			} else {
				Weight::zero()
			};
			Self::deposit_event(Event::DidDeactivated { did, released, burned });
			Ok(observed)
		}

		/// Moves an authentication-key index entry when a method's account changes.
		fn reindex_authentication(
			did: &DidIdentifier,
			before: Option<DidIdentifier>,
			after: Option<DidIdentifier>,
		) -> DispatchResult {
			if before == after {
				return Ok(());
			}
			if let Some(account) = &after {
				ensure!(!AuthenticationKeys::<T>::contains_key(account), Error::<T>::KeyInUse);
			}
			if let Some(account) = before {
				AuthenticationKeys::<T>::remove(account);
			}
			if let Some(account) = after {
				AuthenticationKeys::<T>::insert(account, did);
			}
			Ok(())
		}
	}

	impl<T: Config> didimo_primitives::did::DidRegistry for Pallet<T> {
		fn is_active(did: &DidIdentifier) -> bool {
			// Read, not `contains_key`: light clients run runtime APIs over a node's call
			// proof, and for a value over 32 bytes (kept hashed in the trie) the node's proof
			// of an existence check holds only the value's hash, which smoldot refuses
			// (`MissingProofEntry`). Reading the value puts it in the proof; the cost is one
			// read either way.
			Dids::<T>::get(did).is_some()
		}

		fn zk_issuer_key(did: &DidIdentifier) -> Option<ZkIssuerKey> {
			Dids::<T>::get(did).and_then(|record| record.zk_issuer_key())
		}
	}
}
