//! The revocation registries' stored encodings, shared by the pallet, its runtime API and the
//! RPC: registry identifiers, Merkle digests, status purposes and recent roots.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
#[cfg(feature = "std")]
use serde::{Deserialize, Serialize};

/// A registry's identifier, assigned in sequence at creation.
pub type RegistryId = u64;

/// A 32-byte Poseidon digest: the canonical little-endian encoding of a BLS12-381 scalar. In
/// JSON: `0x` hex ([`crate::json::hex`]).
pub type Digest = [u8; 32];

/// What a registry's status bits mean (W3C Bitstring Status List `statusPurpose`). In JSON:
/// `revocation` or `suspension`.
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
pub enum StatusPurpose {
	/// A set bit is final: the credential is revoked for good.
	Revocation,
	/// A set bit is reversible: the credential is suspended until reinstated.
	Suspension,
}

impl StatusPurpose {
	/// The W3C `statusPurpose` string.
	pub fn as_str(&self) -> &'static str {
		match self {
			Self::Revocation => "revocation",
			Self::Suspension => "suspension",
		}
	}
}

/// A root a registry had, and the block from which it was the current one.
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
pub struct RootRecord<BlockNumber> {
	/// The root.
	#[cfg_attr(feature = "std", serde(with = "crate::json::hex"))]
	pub root: Digest,
	/// The block it became current in.
	pub since: BlockNumber,
}

/// Recent roots, shared by revocation registries and trusted-issuer lists: oldest first, the
/// last the current one, at most one per block and at most the bound's number. A root replaced
/// at block `s` stays acceptable for proofs until block `s + freshness`.
pub mod recent_roots {
	use sp_runtime::{
		traits::{Get, Saturating},
		BoundedVec,
	};

	use super::{Digest, RootRecord};

	/// Records `root` as current at block `now` (replacing this block's entry if there is
	/// one), dropping the oldest when full and those replaced more than `freshness` blocks ago.
	pub fn record<B: Copy + PartialOrd + Saturating, S: Get<u32>>(
		history: &mut BoundedVec<RootRecord<B>, S>,
		root: Digest,
		now: B,
		freshness: B,
	) {
		match history.last_mut() {
			Some(last) if last.since == now => last.root = root,
			_ => {
				if history.is_full() {
					history.remove(0);
				}
				// Cannot fail: one slot is free.
				let _ = history.try_push(RootRecord { root, since: now });
			},
		}
		while history.len() > 1
			&& history.get(1).is_some_and(|next| next.since.saturating_add(freshness) < now)
		{
			history.remove(0);
		}
	}

	/// Whether `root` is in `history` as a root replaced at most `freshness` blocks before
	/// `now` (the current root, the last, is not considered).
	pub fn replaced_recently<B: Copy + PartialOrd + Saturating>(
		history: &[RootRecord<B>],
		root: &Digest,
		now: B,
		freshness: B,
	) -> bool {
		history
			.iter()
			.zip(history.iter().skip(1))
			.any(|(entry, next)| entry.root == *root && next.since.saturating_add(freshness) >= now)
	}
}

/// A live registry as other pallets see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveRegistry {
	/// The issuer DID that owns it.
	pub issuer: crate::did::DidIdentifier,
	/// Its capacity (credential slots, fixed at creation).
	pub capacity: u32,
}

/// What other pallets need to know of the revocation registries, without depending on them.
pub trait RevocationRegistries {
	/// Whether a proof against `root` is acceptable now for `registry`: a live registry's
	/// current root, or one it replaced recently enough.
	fn accepts_root(registry: RegistryId, root: &Digest) -> bool;

	/// A live registry's issuer and capacity (`None` for an unknown one or one being
	/// closed), in one read.
	fn live(registry: RegistryId) -> Option<LiveRegistry>;
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	#[test]
	fn purposes_and_roots_in_json() {
		for purpose in [StatusPurpose::Revocation, StatusPurpose::Suspension] {
			assert_eq!(serde_json::to_value(purpose).expect("serializes"), json!(purpose.as_str()));
		}
		let record = RootRecord { root: [0xab; 32], since: 4u32 };
		let value = serde_json::to_value(record).expect("serializes");
		assert_eq!(value, json!({ "root": format!("0x{}", "ab".repeat(32)), "since": 4 }));
		assert_eq!(serde_json::from_value::<RootRecord<u32>>(value).expect("parses"), record);
	}
}
