//! # DID registry runtime API
//!
//! Reads of the `did:didimo` registry as a runtime API, so full nodes, the JSON-RPC layer and
//! light clients (through `state_call`) get the same answers from chain state:
//!
//! - `resolve`: one DID's document and metadata, or that it was deactivated, or not found;
//! - `resolve_many`: the same for a batch, in order;
//! - `did_of`: the DID an account authenticates (the account of one of its authentication
//!   keys).
//!
//! With `std`, every type has a `serde` form (camelCase). The W3C DID document the node's
//! `did_resolve` RPC serves is built from these by the RPC crate.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use didimo_primitives::did::{DidIdentifier, DidPublicKey, Relationships};
use scale_info::TypeInfo;
#[cfg(feature = "std")]
use serde::{Deserialize, Serialize};

/// A verification method as resolution returns it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ResolvedMethod {
	/// The fragment id (`key-1`).
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::text"))]
	pub id: Vec<u8>,
	/// The public key.
	pub key: DidPublicKey,
	/// The relationships it serves.
	pub relationships: Relationships,
}

/// A service as resolution returns it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ResolvedService {
	/// The fragment id.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::text"))]
	pub id: Vec<u8>,
	/// Service types.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::text_list"))]
	pub types: Vec<Vec<u8>>,
	/// Endpoint URIs.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::text_list"))]
	pub endpoints: Vec<Vec<u8>>,
}

/// A live DID's document and metadata.
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
pub struct ResolvedDid<AccountId, Balance, BlockNumber> {
	/// Verification methods, in order.
	pub methods: Vec<ResolvedMethod>,
	/// Controller DIDs.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::did_list"))]
	pub controllers: Vec<DidIdentifier>,
	/// Services.
	pub services: Vec<ResolvedService>,
	/// The account whose deposit the DID holds.
	pub owner: AccountId,
	/// The deposit held (a decimal string in JSON).
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::string"))]
	pub deposit: Balance,
	/// The counter of the last DID-signed call.
	pub counter: u64,
	/// The block the DID was created in.
	pub created: BlockNumber,
	/// The block of its last change.
	pub updated: BlockNumber,
	/// The document's version (1 at creation).
	pub version: u32,
}

/// What resolving a DID finds.
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
pub enum DidResolution<AccountId, Balance, BlockNumber> {
	/// The DID is live.
	Active(ResolvedDid<AccountId, Balance, BlockNumber>),
	/// The DID was deactivated in this block; its identifier can never be used again.
	Deactivated {
		/// The block of deactivation.
		at: BlockNumber,
	},
	/// No DID was ever created with this identifier (as of the block resolved at).
	NotFound,
}

sp_api::decl_runtime_apis! {
	/// The DID registry's reads.
	pub trait DidApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// Resolves one DID.
		fn resolve(did: DidIdentifier) -> DidResolution<AccountId, Balance, BlockNumber>;

		/// Resolves several DIDs, in the order given. At most `MAX_BATCH` are resolved; the
		/// rest are left out of the answer.
		fn resolve_many(dids: Vec<DidIdentifier>) -> Vec<DidResolution<AccountId, Balance, BlockNumber>>;

		/// The DID whose authentication key stands for `account`.
		fn did_of(account: DidIdentifier) -> Option<DidIdentifier>;
	}
}

/// The most DIDs `resolve_many` resolves in one call.
pub const MAX_BATCH: u32 = 64;
