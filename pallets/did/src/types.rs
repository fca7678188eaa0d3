//! The DID registry's stored and submitted types, what makes each valid (`validate`), and the
//! exact bytes a DID key signs (`signing_payload`).

use alloc::{boxed::Box, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use didimo_primitives::did::{
	DidIdentifier, DidPublicKey, DidVerificationKey, Relationship, Relationships, ZkIssuerKey,
};
use frame_support::{pallet_prelude::*, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;

use crate::{BalanceOf, Config, Error, ZkIssuerKeyCheck};

/// A fragment id: non-empty ASCII letters, digits, `-`, `_`, `.`; otherwise
/// [`Error::InvalidId`].
pub fn validate_id<T: Config>(id: &[u8]) -> Result<(), Error<T>> {
	ensure!(
		!id.is_empty()
			&& id.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')),
		Error::<T>::InvalidId
	);
	Ok(())
}

/// A key that can be published: X25519 keys of large order ([`Error::InvalidX25519Key`]) and
/// zero-knowledge issuer keys in Jubjub's prime-order subgroup ([`Error::InvalidZkIssuerKey`]).
pub fn validate_key<T: Config>(key: &DidPublicKey) -> Result<(), Error<T>> {
	match key {
		DidPublicKey::Verification(_) => Ok(()),
		DidPublicKey::KeyAgreement(key) => {
			ensure!(key.is_valid(), Error::<T>::InvalidX25519Key);
			Ok(())
		},
		DidPublicKey::ZkIssuer(key) => {
			ensure!(T::ZkIssuerKeyCheck::is_valid(key), Error::<T>::InvalidZkIssuerKey);
			Ok(())
		},
	}
}

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

	/// A method that can be published: a valid id ([`validate_id`]), a valid key
	/// ([`validate_key`]) and valid relationships ([`Self::validate_relationships`]).
	pub fn validate(&self) -> Result<(), Error<T>> {
		validate_id::<T>(&self.id)?;
		validate_key::<T>(&self.key)?;
		self.validate_relationships()
	}

	/// The relationships are non-empty ([`Error::NoRelationship`]) and allowed for the kind of
	/// key ([`Error::RelationshipNotAllowed`]).
	pub fn validate_relationships(&self) -> Result<(), Error<T>> {
		ensure!(!self.relationships.is_empty(), Error::<T>::NoRelationship);
		ensure!(
			self.relationships.is_subset_of(self.key.allowed_relationships()),
			Error::<T>::RelationshipNotAllowed
		);
		Ok(())
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

impl<T: Config> Service<T> {
	/// A service that can be published: a valid id ([`validate_id`]), at least one type and
	/// one endpoint, each printable ASCII without spaces ([`Error::InvalidService`]).
	pub fn validate(&self) -> Result<(), Error<T>> {
		validate_id::<T>(&self.id)?;
		let printable = |s: &[u8]| !s.is_empty() && s.iter().all(|b| b.is_ascii_graphic());
		ensure!(
			!self.types.is_empty()
				&& !self.endpoints.is_empty()
				&& self.types.iter().all(|t| printable(t))
				&& self.endpoints.iter().all(|e| printable(e)),
			Error::<T>::InvalidService
		);
		Ok(())
	}
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

	/// The zero-knowledge issuer key: the first method, in document order, holding a
	/// [`ZkIssuerKey`] and serving `assertionMethod` (what trusted-issuer lists commit to).
	pub fn zk_issuer_key(&self) -> Option<ZkIssuerKey> {
		self.methods.iter().find_map(|m| match m.key {
			DidPublicKey::ZkIssuer(key)
				if m.relationships.contains(Relationship::AssertionMethod) =>
			{
				Some(key)
			},
			_ => None,
		})
	}

	/// Whether some method serves `relationship`.
	pub fn has_relationship(&self, relationship: Relationship) -> bool {
		self.methods.iter().any(|m| m.relationships.contains(relationship))
	}

	/// The DID keeps an authentication key and a way to be updated (a `capabilityInvocation`
	/// key or a controller); otherwise [`Error::WouldLockOut`].
	pub fn validate(&self) -> Result<(), Error<T>> {
		ensure!(
			self.has_relationship(Relationship::Authentication)
				&& (self.has_relationship(Relationship::CapabilityInvocation)
					|| !self.controllers.is_empty()),
			Error::<T>::WouldLockOut
		);
		Ok(())
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
	/// The last block the creation may be submitted in, at most `MaxValidityWindow` ahead: a
	/// signed creation does not stay usable for ever.
	pub valid_until: BlockNumberFor<T>,
	/// The DID's verification methods. The first must be a signing key serving
	/// authentication: it derives the DID and signs this creation.
	pub methods: BoundedVec<VerificationMethod<T>, T::MaxVerificationMethods>,
	/// Controllers from the start.
	pub controllers: BoundedVec<DidIdentifier, T::MaxControllers>,
	/// Services from the start.
	pub services: BoundedVec<Service<T>, T::MaxServices>,
}

impl<T: Config> DidCreation<T> {
	/// The bytes the first method's key signs: the SCALE encoding of
	/// `(b"didimo/create", genesis_hash, self)` (`docs/did-method.md` spells them out). The
	/// pallet also accepts a signature over these bytes wrapped in `<Bytes>` and `</Bytes>`,
	/// as browser wallet extensions sign raw bytes.
	pub fn signing_payload(&self, genesis_hash: &T::Hash) -> Vec<u8> {
		(context::CREATE, genesis_hash, self).encode()
	}

	/// The signing keys after the first: each must prove possession
	/// ([`key_possession_payload`] with counter 0), in this order.
	pub fn keys_to_prove(&self) -> impl Iterator<Item = &DidVerificationKey> {
		self.methods.iter().skip(1).filter_map(|m| m.verification_key())
	}

	/// How many methods hold a zero-knowledge issuer key (each costs a curve check).
	pub fn zk_keys(&self) -> u32 {
		self.methods.iter().filter(|m| matches!(m.key, DidPublicKey::ZkIssuer(_))).count() as u32
	}

	/// The key that creates the DID: the first method's, which must be a signing key serving
	/// authentication ([`Error::FirstMethodNotAuthentication`]) and derive the DID
	/// ([`Error::DidMismatch`]).
	pub fn creating_key(&self) -> Result<&DidVerificationKey, Error<T>> {
		let first = self.methods.first().ok_or(Error::<T>::FirstMethodNotAuthentication)?;
		let key = match (&first.key, first.relationships.contains(Relationship::Authentication)) {
			(DidPublicKey::Verification(key), true) => key,
			_ => return Err(Error::<T>::FirstMethodNotAuthentication),
		};
		ensure!(key.derive_did() == self.did, Error::<T>::DidMismatch);
		Ok(key)
	}

	/// What can be checked without reading storage: every method valid with a unique id
	/// ([`VerificationMethod::validate`], [`Error::IdTaken`]); controllers other than the DID
	/// ([`Error::SelfController`]) and listed once ([`Error::ControllerAlreadyAdded`]); every
	/// service valid with an id no method or other service uses ([`Service::validate`],
	/// [`Error::IdTaken`]).
	pub fn validate(&self) -> Result<(), Error<T>> {
		for (i, method) in self.methods.iter().enumerate() {
			method.validate()?;
			ensure!(!self.methods.iter().take(i).any(|m| m.id == method.id), Error::<T>::IdTaken);
		}
		for (i, controller) in self.controllers.iter().enumerate() {
			ensure!(controller != &self.did, Error::<T>::SelfController);
			ensure!(
				!self.controllers.iter().take(i).any(|c| c == controller),
				Error::<T>::ControllerAlreadyAdded
			);
		}
		for (i, service) in self.services.iter().enumerate() {
			service.validate()?;
			ensure!(
				!self.methods.iter().any(|m| m.id == service.id)
					&& !self.services.iter().take(i).any(|s| s.id == service.id),
				Error::<T>::IdTaken
			);
		}
		Ok(())
	}
}

/// A call a DID key signed, for [`crate::Pallet::submit_did_call`] to dispatch as the DID.
///
/// The signature covers `(b"didimo/did-call", genesis hash, this operation)`, so it cannot be
/// replayed later (the counter), at another time (the window), on another chain (the genesis
/// hash), under another runtime (the spec version) or by another submitter (the submitter).
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
	/// The runtime's `spec_version` the operation was signed for: after an upgrade (which may
	/// change what a call does) a pre-signed operation no longer dispatches.
	pub spec_version: u32,
	/// The only account that may submit the operation.
	pub submitter: T::AccountId,
	/// The call.
	pub call: Box<<T as Config>::RuntimeCall>,
}

impl<T: Config> DidCallOperation<T> {
	/// The bytes the signing key signs: the SCALE encoding of
	/// `(b"didimo/did-call", genesis_hash, self)` (`docs/did-method.md` spells them out). The
	/// pallet also accepts a signature over these bytes wrapped in `<Bytes>` and `</Bytes>`,
	/// as browser wallet extensions sign raw bytes.
	pub fn signing_payload(&self, genesis_hash: &T::Hash) -> Vec<u8> {
		(context::DID_CALL, genesis_hash, self).encode()
	}
}

/// The bytes a signing key signs to prove it consents to serve `did`: the SCALE encoding of
/// `(b"didimo/key", genesis_hash, did, counter, key)`, where `counter` is the DID's counter
/// when the key joins (0 in its creation, the DID-signed call's counter afterwards), so a proof
/// is good for one DID, one chain and one change only. Every signing key that is added to a
/// DID, rotated in or given a new relationship signs these bytes (as they are or wrapped in
/// `<Bytes>`/`</Bytes>`); without that, anyone could list someone else's key in their DID.
pub fn key_possession_payload<Hash: Encode>(
	genesis_hash: &Hash,
	did: &DidIdentifier,
	counter: u64,
	key: &DidVerificationKey,
) -> Vec<u8> {
	(context::KEY, genesis_hash, did, counter, key).encode()
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
/// another. In a payload they are SCALE-encoded byte strings (a compact length, then the bytes).
pub mod context {
	/// Prefix of a creation payload.
	pub const CREATE: &[u8] = b"didimo/create";
	/// Prefix of a DID-signed call payload.
	pub const DID_CALL: &[u8] = b"didimo/did-call";
	/// Prefix of a key's proof of possession.
	pub const KEY: &[u8] = b"didimo/key";
}
