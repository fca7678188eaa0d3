//! The DID registry's stored and submitted types.

use alloc::boxed::Box;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use didimo_primitives::did::{
	DidIdentifier, DidPublicKey, DidVerificationKey, Relationship, Relationships,
};
use frame_support::{pallet_prelude::*, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;

use crate::{BalanceOf, Config};

/// A key's or service's id within its DID document: the fragment after `#`
/// (`did:didimo:...#key-1`). ASCII letters, digits, `-`, `_` and `.`.
pub type FragmentId<T> = BoundedVec<u8, <T as Config>::MaxIdLength>;

/// One verification method: a key, its id, and the relationships it serves.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
pub struct VerificationMethod<T: Config> {
	/// The fragment id (`key-1`).
	pub id: FragmentId<T>,
	/// The public key.
	pub key: DidPublicKey,
	/// What the key may be used for; never empty, and only what its kind allows.
	pub relationships: Relationships,
}

impl<T: Config> VerificationMethod<T> {
	/// The signing key, where this method has one.
	pub fn verification_key(&self) -> Option<&DidVerificationKey> {
		match &self.key {
			DidPublicKey::Verification(key) => Some(key),
			_ => None,
		}
	}

	/// The account an authentication signing key stands for (see `AuthenticationKeys`).
	pub fn authentication_account(&self) -> Option<DidIdentifier> {
		if !self.relationships.contains(Relationship::Authentication) {
			return None;
		}
		self.verification_key().map(|key| key.derive_did())
	}
}

/// A service endpoint of a DID document.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
pub struct Service<T: Config> {
	/// The fragment id (`linked-domain`).
	pub id: FragmentId<T>,
	/// Service types (`LinkedDomains`, `DIDCommMessaging`, ...); at least one.
	pub types: BoundedVec<BoundedVec<u8, T::MaxServiceTypeLength>, T::MaxServiceTypes>,
	/// Endpoint URIs (`https://example.com`); at least one.
	pub endpoints: BoundedVec<BoundedVec<u8, T::MaxServiceEndpointLength>, T::MaxServiceEndpoints>,
}

/// A DID as the chain stores it.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
pub struct DidRecord<T: Config> {
	/// The verification methods; the first was the creating authentication key.
	pub methods: BoundedVec<VerificationMethod<T>, T::MaxVerificationMethods>,
	/// Other DIDs allowed to update this one.
	pub controllers: BoundedVec<DidIdentifier, T::MaxControllers>,
	/// Service endpoints.
	pub services: BoundedVec<Service<T>, T::MaxServices>,
	/// The account that created the DID and whose deposit it holds.
	pub owner: T::AccountId,
	/// The deposit held from `owner`: always [`crate::Pallet::deposit_for`] of this record.
	pub deposit: BalanceOf<T>,
	/// The counter of the last DID-signed call; the next must carry `counter + 1`.
	pub counter: u64,
	/// The block the DID was created in.
	pub created: BlockNumberFor<T>,
	/// The block of the last change.
	pub updated: BlockNumberFor<T>,
	/// 1 at creation, one more with every change (the DID document's `versionId`).
	pub version: u32,
}

impl<T: Config> DidRecord<T> {
	/// The method with id `id`.
	pub fn method(&self, id: &[u8]) -> Option<&VerificationMethod<T>> {
		self.methods.iter().find(|m| m.id.as_slice() == id)
	}

	/// Whether a method or a service already uses `id`.
	pub fn id_taken(&self, id: &[u8]) -> bool {
		self.methods.iter().any(|m| m.id.as_slice() == id)
			|| self.services.iter().any(|s| s.id.as_slice() == id)
	}

	/// Whether some method serves `relationship`.
	pub fn has_relationship(&self, relationship: Relationship) -> bool {
		self.methods.iter().any(|m| m.relationships.contains(relationship))
	}
}

/// What a DID's creator submits; the DID's first authentication key signs it.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
)]
#[scale_info(skip_type_params(T))]
pub struct DidCreation<T: Config> {
	/// The new DID: must be what the first method's key derives.
	pub did: DidIdentifier,
	/// The account that submits (and pays the deposit); binding it stops front-running.
	pub submitter: T::AccountId,
	/// The DID's verification methods. The first must be a signing key serving
	/// authentication: it derives the DID and signs this creation.
	pub methods: BoundedVec<VerificationMethod<T>, T::MaxVerificationMethods>,
	/// Controllers from the start.
	pub controllers: BoundedVec<DidIdentifier, T::MaxControllers>,
	/// Services from the start.
	pub services: BoundedVec<Service<T>, T::MaxServices>,
}

/// A call a DID key signed, for [`crate::Pallet::submit_did_call`] to dispatch as the DID.
///
/// The signature covers `(b"didimo/did-call", genesis hash, this operation)`, so it cannot be
/// replayed later (the counter), at another time (the window), on another chain (the genesis
/// hash) or by another submitter (the submitter).
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
)]
#[scale_info(skip_type_params(T))]
pub struct DidCallOperation<T: Config> {
	/// The DID the call acts as.
	pub did: DidIdentifier,
	/// The DID whose key signed: `did` itself, or one of its controllers (for DID-document
	/// updates only).
	pub signer: DidIdentifier,
	/// The signing key's fragment id in `signer`'s document.
	pub key_id: FragmentId<T>,
	/// `did`'s counter plus one.
	pub counter: u64,
	/// The first block the operation is valid in.
	pub valid_from: BlockNumberFor<T>,
	/// The last block the operation is valid in; at most `MaxValidityWindow` after
	/// `valid_from`.
	pub valid_until: BlockNumberFor<T>,
	/// The only account that may submit the operation.
	pub submitter: T::AccountId,
	/// The call.
	pub call: Box<<T as Config>::RuntimeCall>,
}

/// The origin of a DID-signed call: which DID acts, who submitted, and which relationship the
/// signing key was checked for.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct DidRawOrigin<AccountId> {
	/// The DID the call acts as.
	pub did: DidIdentifier,
	/// The account that submitted the call (and paid its fee).
	pub submitter: AccountId,
	/// The relationship the signing key holds for this call.
	pub relationship: Relationship,
}

/// Decides which relationship a DID key needs to sign a call; `None` means the call cannot be
/// made as a DID.
pub trait DidCallAuthorization<Call> {
	/// The relationship `call` requires.
	fn required_relationship(call: &Call) -> Option<Relationship>;
}

/// The signing contexts: distinct prefixes so a signature for one purpose is never valid for
/// another.
pub mod context {
	/// Prefix of a creation payload.
	pub const CREATE: &[u8] = b"didimo/create";
	/// Prefix of a DID-signed call payload.
	pub const DID_CALL: &[u8] = b"didimo/did-call";
}
