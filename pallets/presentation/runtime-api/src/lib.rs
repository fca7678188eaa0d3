//! # Presentation runtime API
//!
//! Reads of DIDimo's on-chain verification as a runtime API, so full nodes, the JSON-RPC layer
//! and light clients (through `state_call`) get the chain's own answer:
//!
//! - `circuits`: every registered version of the presentation circuit, its verifying-key hash
//!   and whether it is retired;
//! - `verify_proof`: whether a Groth16 proof verifies for its public inputs (one for circuit
//!   version 1, 22 for version 2) under a registered, unretired circuit version, or why not,
//!   without a transaction (API version 2; version 1 of the API took one input);
//! - `trusted_list`, `request`: trusted-issuer lists (with every slot's leaf, from which a
//!   prover builds its issuer's path) and verification requests;
//! - `challenge`, `verify`: the challenge a presentation made for a verifier's nonce must
//!   answer, and the full check of such a presentation against a request and chain state, the
//!   same check `present` makes on chain except for the challenge's derivation.
//!
//! `verify_proof` runs the pairing through the BLS12-381 host calls: an executor must provide
//! `sp_crypto_ec_utils::bls12_381::host_calls` (the DIDimo node does).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Codec, Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
pub use didimo_primitives::{
	did::DidIdentifier,
	revocation::{Digest, RegistryId, RootRecord},
};
use scale_info::TypeInfo;
#[cfg(feature = "std")]
use serde::{Deserialize, Serialize};
use sp_runtime::{traits::ConstU32, BoundedVec};

/// A presentation-circuit version number.
pub type CircuitVersion = u32;

/// A registered circuit version as the runtime API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct CircuitInfo<BlockNumber> {
	/// The version number.
	pub version: CircuitVersion,
	/// `didimo_zk::verifier::VerifyingKey::hash` of its verifying key, as 32 little-endian
	/// bytes (the canonical field encoding).
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::hex"))]
	pub key_hash: [u8; 32],
	/// The block it was registered in (0 for genesis).
	pub registered_at: BlockNumber,
	/// The block it was retired in, if it was.
	pub retired_at: Option<BlockNumber>,
}

/// Why a proof was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum VerifyError {
	/// No circuit of this version is registered.
	UnknownCircuit,
	/// The circuit version is retired: its proofs are no longer accepted.
	CircuitRetired,
	/// The proof bytes are not 192 bytes of three canonical, valid, non-identity points.
	MalformedProof,
	/// A public input is not a canonical BLS12-381 scalar.
	NonCanonicalInput,
	/// A well-formed proof that does not verify for the inputs.
	ProofRejected,
	/// Not as many public inputs as the circuit version has (1 for version 1, 22 for 2).
	WrongInputCount,
}

/// A trusted-issuer list's identifier, assigned in sequence at creation.
pub type ListId = u64;

/// A verification request's identifier: the BLAKE2b-256 hash of
/// `b"didimo:presentation-request:v1" ++ SCALE(verifier DID) ++ SCALE(RequestSpec)`.
pub type RequestId = [u8; 32];

/// Most issuers in a trusted-issuer list: the slots of the circuit's issuer tree.
pub const MAX_LIST_ISSUERS: u32 = 32;

/// Most registries a request names.
pub const MAX_REQUEST_REGISTRIES: u32 = 8;

/// Attribute slots of a credential.
pub const ATTRIBUTES: u32 = 8;

/// Whom a request accepts as the credential's issuer.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum IssuerSpec {
	/// This DID's zero-knowledge issuer key, as its document holds it when the presentation
	/// is checked.
	Did(#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::did"))] DidIdentifier),
	/// Any issuer of this trusted-issuer list: its current root, or one it replaced recently.
	List(ListId),
}

/// The predicate a request asks for on one attribute `v`. Field values are 32-byte canonical
/// little-endian BLS12-381 scalars; comparisons are between integers below `2^64`.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum PredicateSpec {
	/// `v = x`.
	Eq(#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::hex"))] Digest),
	/// `v != x`.
	Ne(#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::hex"))] Digest),
	/// `v < x`.
	Lt(u64),
	/// `v <= x`.
	Lte(u64),
	/// `v > x`.
	Gt(u64),
	/// `v >= x`.
	Gte(u64),
	/// `lo <= v <= hi`, with `lo <= hi`.
	Between(u64, u64),
	/// `v` is in the set with this root (`didimo_zk::statement::set::root`) in circuit
	/// version 1, this commitment (`didimo_zk::statement::set::commitment`) from version 2.
	In(#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::hex"))] Digest),
	/// `v < lo` or `v > hi`, with `lo <= hi` (circuit version 2).
	NotBetween(u64, u64),
	/// `v` is not in the set with this commitment (`didimo_zk::statement::set::commitment`;
	/// circuit version 2).
	NotIn(#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::hex"))] Digest),
	/// No predicate: the request only asks for disclosures (slot 0; circuit version 2).
	Noop,
}

/// Which revocation registries a request accepts a credential's status from.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum RegistrySpec {
	/// Any live registry whose issuer DID the request accepts (the request's issuer DID, or
	/// an issuer of its list).
	OfAcceptedIssuer,
	/// Only these registries (1 to [`MAX_REQUEST_REGISTRIES`]).
	Only(BoundedVec<RegistryId, ConstU32<MAX_REQUEST_REGISTRIES>>),
}

/// What a verifier asks of a presentation.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct RequestSpec<BlockNumber> {
	/// The circuit version proofs must be of.
	pub version: CircuitVersion,
	/// The credential schema (a canonical scalar).
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::hex"))]
	pub schema: Digest,
	/// Whom it accepts as the issuer.
	pub issuer: IssuerSpec,
	/// The attribute slot of the predicate (`< ATTRIBUTES`).
	pub slot: u8,
	/// The predicate on that attribute.
	pub predicate: PredicateSpec,
	/// The attributes that must be disclosed: bit `i` for slot `i`.
	pub disclose: u8,
	/// The revocation registries it accepts.
	pub registries: RegistrySpec,
	/// How old, in seconds, the presentation's time may be when it is checked.
	pub max_age: u64,
	/// The nullifier scope, if each holder may present only once in it (within this
	/// verifier's scopes).
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::optional_hex"))]
	pub nullifier_scope: Option<Digest>,
	/// The block from which the request is expired.
	pub expires_at: BlockNumber,
}

/// A verification request as stored and shown.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(
	feature = "std",
	serde(
		rename_all = "camelCase",
		bound(
			serialize = "AccountId: Serialize, Balance: core::fmt::Display, BlockNumber: Serialize",
			deserialize = "AccountId: Deserialize<'de>, Balance: core::str::FromStr, \
			               BlockNumber: Deserialize<'de>"
		)
	)
)]
pub struct RequestInfo<AccountId, Balance, BlockNumber> {
	/// The verifier DID that registered it.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::did"))]
	pub verifier: DidIdentifier,
	/// What it asks.
	pub spec: RequestSpec<BlockNumber>,
	/// The account that paid the deposit.
	pub depositor: AccountId,
	/// The deposit.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::string"))]
	pub deposit: Balance,
	/// The block it was registered in.
	pub created: BlockNumber,
}

/// What a presentation says besides its proof: the statement values only the holder knows.
/// Everything else the statement holds is rebuilt from the request and chain state.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Presented {
	/// The presentation time (Unix seconds): the credential is unexpired at it.
	pub time: u64,
	/// The credential's revocation registry.
	pub registry: RegistryId,
	/// The registry root the proof is against: current, or replaced recently.
	pub revocation_root: Digest,
	/// For a request naming a list, the list root the proof is against: current, or replaced
	/// recently; `None` for a request naming one DID.
	pub issuer_root: Option<Digest>,
	/// The holder's nullifier for the request's scope.
	pub nullifier: Digest,
	/// The disclosed attributes, one per bit of the request's `disclose`, in slot order.
	pub disclosed: BoundedVec<Digest, ConstU32<ATTRIBUTES>>,
}

/// A trusted-issuer list as the runtime API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct TrustedListInfo<BlockNumber> {
	/// The verifier DID that owns it.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::did"))]
	pub owner: DidIdentifier,
	/// Its slots: the issuer DID in each (`None` for an empty one).
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::optional_did_list"))]
	pub issuers: Vec<Option<DidIdentifier>>,
	/// The leaf of each of the 32 slots: the issuer's key's leaf, or 0.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::hex_list"))]
	pub leaves: Vec<Digest>,
	/// Its recent roots, oldest first; the last is the current one.
	pub roots: Vec<RootRecord<BlockNumber>>,
}

/// Why a presentation was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum PresentError {
	/// No such request.
	UnknownRequest,
	/// The request is expired.
	RequestExpired,
	/// The request's circuit version is not registered.
	UnknownCircuit,
	/// The request's circuit version is retired.
	CircuitRetired,
	/// The request's issuer DID has no zero-knowledge issuer key (or is deactivated).
	IssuerKeyUnavailable,
	/// The request's trusted-issuer list is closed.
	UnknownList,
	/// The issuer root given is not the list's current root nor one it replaced recently
	/// enough, or none was given for a list (or one for a single DID).
	IssuerRootNotAccepted,
	/// The registry is not one the request accepts, or is not live.
	RegistryNotAccepted,
	/// The revocation root is not the registry's current root nor one it replaced recently
	/// enough.
	RevocationRootNotAccepted,
	/// The presentation time is older than the request's maximum age.
	PresentationTooOld,
	/// The presentation time is ahead of the chain's by more than the allowed skew.
	PresentationInFuture,
	/// Not one disclosed value per bit of the request's `disclose`.
	WrongDisclosure,
	/// A value that is not a canonical BLS12-381 scalar.
	NonCanonicalValue,
	/// The nullifier was already used in the request's scope.
	NullifierUsed,
	/// The proof bytes are not 192 (compressed) or 384 (uncompressed) bytes of three
	/// canonical, valid, non-identity points.
	MalformedProof,
	/// A well-formed proof that does not verify for the statement.
	ProofRejected,
}

impl From<VerifyError> for PresentError {
	fn from(error: VerifyError) -> Self {
		match error {
			VerifyError::UnknownCircuit => Self::UnknownCircuit,
			VerifyError::CircuitRetired => Self::CircuitRetired,
			VerifyError::MalformedProof => Self::MalformedProof,
			VerifyError::NonCanonicalInput => Self::NonCanonicalValue,
			VerifyError::ProofRejected | VerifyError::WrongInputCount => Self::ProofRejected,
		}
	}
}

sp_api::decl_runtime_apis! {
	/// Reads and checks of the presentation pallet.
	#[api_version(3)]
	pub trait PresentationApi<AccountId: Codec, Balance: Codec, BlockNumber: Codec> {
		/// Every registered circuit version, in version order.
		fn circuits() -> Vec<CircuitInfo<BlockNumber>>;

		/// Version 1 of the API: one public input (circuit version 1 only).
		#[changed_in(2)]
		fn verify_proof(
			version: CircuitVersion,
			public_input: [u8; 32],
			proof: Vec<u8>,
		) -> Result<(), VerifyError>;

		/// Whether `proof` (192 compressed or 384 uncompressed bytes) verifies for
		/// `public_inputs` (32 bytes each, canonical little-endian BLS12-381 scalars: one for
		/// circuit version 1, the 22 statement values for version 2) under circuit `version`.
		fn verify_proof(
			version: CircuitVersion,
			public_inputs: Vec<[u8; 32]>,
			proof: Vec<u8>,
		) -> Result<(), VerifyError>;

		/// A trusted-issuer list.
		fn trusted_list(list: ListId) -> Option<TrustedListInfo<BlockNumber>>;

		/// A verification request.
		fn request(request: RequestId) -> Option<RequestInfo<AccountId, Balance, BlockNumber>>;

		/// The challenge (32 bytes, a canonical scalar) a presentation for `request` made for
		/// a verifier's `nonce` answers: BLAKE2b-256 of
		/// `b"didimo:presentation-challenge:nonce" ++ request ++ nonce`, top three bits cleared.
		fn challenge(request: RequestId, nonce: [u8; 32]) -> [u8; 32];

		/// Checks a presentation for `request` made for the verifier's `nonce` against the
		/// state of the block the call is made at, as `present` does (which instead derives
		/// the challenge from the submitting account).
		fn verify(
			request: RequestId,
			proof: Vec<u8>,
			presented: Presented,
			nonce: [u8; 32],
		) -> Result<(), PresentError>;

		/// Whether `nullifier` is used in `request`'s nullifier scope, or `None` if the
		/// request is unknown or keeps no nullifiers.
		#[api_version(3)]
		fn nullifier_used(request: RequestId, nullifier: Digest) -> Option<bool>;
	}
}
