//! # Revocation registries runtime API
//!
//! Reads of the revocation registries as a runtime API, so full nodes, the JSON-RPC layer and
//! light clients (through `state_call`) get the same answers from chain state:
//!
//! - `status`: one credential's status, `Active | Revoked | Suspended | Unknown`, as of the
//!   block read. Unknown registries, closing registries and indices out of range are
//!   `Unknown`, never `Active`: a verifier that gets anything but `Active` must not accept.
//! - `registry`: a registry's settings, current root and the block it is read at.
//! - `status_list`: the raw W3C bitstring (index 0 is the most significant bit of byte 0).
//! - `witness`: a non-revocation witness for an index (its leaf, the Merkle path and root).
//! - `recent_roots`: the roots a zero-knowledge proof may still be checked against.
//!
//! The registries' stored encodings (`RegistryId`, `Digest`, `StatusPurpose`, `RootRecord`)
//! live in `didimo_primitives::revocation` and are re-exported here. With `std`, every type has
//! a `serde` form (camelCase, digests as `0x` hex), which the node's `revocation_*` RPC answers
//! use.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use didimo_primitives::did::DidIdentifier;
pub use didimo_primitives::revocation::{Digest, RegistryId, RootRecord, StatusPurpose};
use scale_info::TypeInfo;
#[cfg(feature = "std")]
use serde::{Deserialize, Serialize};

/// Most registry ids one `registries_of` call returns.
pub const MAX_REGISTRIES_PAGE: u32 = 1_000;

/// A credential's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum CredentialStatus {
	/// Its bit is clear in a live registry.
	Active,
	/// Its bit is set in a revocation registry.
	Revoked,
	/// Its bit is set in a suspension registry.
	Suspended,
	/// No live registry has this index: not known, and so not valid.
	Unknown,
}

/// A status and the block it holds as of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct StatusAt<BlockNumber> {
	/// The status.
	pub status: CredentialStatus,
	/// The block whose state gave it.
	pub block: BlockNumber,
}

/// A registry as the runtime API shows it.
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
pub struct RegistryInfo<AccountId, Balance, BlockNumber> {
	/// The issuer DID that owns the registry.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::did"))]
	pub issuer: DidIdentifier,
	/// What its bits mean.
	pub purpose: StatusPurpose,
	/// The number of credential slots (indices `0..capacity`).
	pub capacity: u32,
	/// DIDs allowed to update the bits besides the issuer.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::did_list"))]
	pub delegates: Vec<DidIdentifier>,
	/// The account holding the deposit.
	pub depositor: AccountId,
	/// The deposit held (a decimal string in JSON).
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::string"))]
	pub deposit: Balance,
	/// The number of set bits.
	pub set_count: u32,
	/// The current Merkle root over the status bits.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::hex"))]
	pub root: Digest,
	/// The block it was created in.
	pub created: BlockNumber,
	/// The block of the last change to its bits or settings.
	pub updated: BlockNumber,
	/// Whether it is being closed (its bits are no longer authoritative).
	pub closing: bool,
	/// The block whose state this is.
	pub block: BlockNumber,
}

/// A registry's raw status list.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct StatusList<BlockNumber> {
	/// The issuer DID.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::did"))]
	pub issuer: DidIdentifier,
	/// What the bits mean.
	pub purpose: StatusPurpose,
	/// The number of slots; `bits` has `ceil(capacity / 8)` bytes.
	pub capacity: u32,
	/// The W3C bitstring: index `i` is bit `7 - i % 8` of byte `i / 8`.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::hex"))]
	pub bits: Vec<u8>,
	/// The Merkle root committing to `bits`.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::hex"))]
	pub root: Digest,
	/// The block whose state this is.
	pub block: BlockNumber,
}

/// What a holder needs to prove, in zero knowledge, that index `index` is not set: the leaf
/// holding the index's bit, the sibling path from the leaf to the root, and the root.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Witness<BlockNumber> {
	/// The credential's index.
	pub index: u32,
	/// The leaf (128 status bits packed into a field element) containing the index.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::hex"))]
	pub leaf: Digest,
	/// Sibling digests from the leaf level upwards (`didimo_zk::status_tree::DEPTH` of them).
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::hex_list"))]
	pub path: Vec<Digest>,
	/// The root the path leads to.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::hex"))]
	pub root: Digest,
	/// The index's status in that leaf.
	pub status: CredentialStatus,
	/// The block whose state this is.
	pub block: BlockNumber,
}

/// The roots a proof may be checked against, newest last.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct RecentRoots<BlockNumber> {
	/// Recent roots with the block each became current in; the last is the current root.
	pub roots: Vec<RootRecord<BlockNumber>>,
	/// How many blocks a superseded root stays acceptable.
	pub freshness: BlockNumber,
	/// The block whose state this is.
	pub block: BlockNumber,
}

sp_api::decl_runtime_apis! {
	/// The revocation registries' reads.
	pub trait RevocationApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// One credential's status, failing closed (`Unknown`) for unknown registries, closing
		/// registries and indices out of range.
		fn status(registry: RegistryId, index: u32) -> StatusAt<BlockNumber>;
		/// A registry's settings and root.
		fn registry(registry: RegistryId) -> Option<RegistryInfo<AccountId, Balance, BlockNumber>>;
		/// The registries an issuer DID owns, ids from `start` on, at most
		/// `min(limit, MAX_REGISTRIES_PAGE)`.
		fn registries_of(issuer: DidIdentifier, start: RegistryId, limit: u32) -> Vec<RegistryId>;
		/// The raw status list of a live registry.
		fn status_list(registry: RegistryId) -> Option<StatusList<BlockNumber>>;
		/// A non-revocation witness for an index in range of a live registry.
		fn witness(registry: RegistryId, index: u32) -> Option<Witness<BlockNumber>>;
		/// The registry's recent roots and the freshness window.
		fn recent_roots(registry: RegistryId) -> Option<RecentRoots<BlockNumber>>;
	}
}
