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
		prune(history, now, freshness);
	}

	/// Whether `history` keeps a root replaced more than `freshness` blocks before `now`: one
	/// no proof can use any more, which [`prune`] drops.
	pub fn has_stale<B: Copy + PartialOrd + Saturating>(
		history: &[RootRecord<B>],
		now: B,
		freshness: B,
	) -> bool {
		history.get(1).is_some_and(|next| next.since.saturating_add(freshness) < now)
	}

	/// Drops the roots replaced more than `freshness` blocks before `now` (never the current
	/// one, the last); returns how many it dropped.
	pub fn prune<B: Copy + PartialOrd + Saturating, S: Get<u32>>(
		history: &mut BoundedVec<RootRecord<B>, S>,
		now: B,
		freshness: B,
	) -> u32 {
		let stale = history
			.iter()
			.skip(1)
			.take_while(|next| next.since.saturating_add(freshness) < now)
			.count();
		history.drain(..stale);
		stale as u32
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

	/// The registry after `after` in storage order (the first for `None`), whatever its
	/// state: how an off-chain worker walks the registries a few at a time.
	fn next_registry(after: Option<RegistryId>) -> Option<RegistryId>;

	/// Whether the registry's recent roots keep one replaced longer ago than its window
	/// (`recent_roots::has_stale`).
	fn has_stale_roots(registry: RegistryId) -> bool;

	/// Drops the registry's roots replaced longer ago than its window (never the current
	/// one); returns how many it dropped.
	fn prune_stale_roots(registry: RegistryId) -> u32;
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	#[test]
	fn pruning_drops_only_roots_past_their_window() {
		use sp_runtime::{traits::ConstU32, BoundedVec};

		let record = |byte: u8, since: u32| RootRecord { root: [byte; 32], since };
		let mut history = BoundedVec::<_, ConstU32<4>>::truncate_from(vec![
			record(1, 1),
			record(2, 2),
			record(3, 10),
			record(4, 12),
		]);
		let roots =
			|history: &[RootRecord<u32>]| history.iter().map(|r| r.root[0]).collect::<Vec<_>>();
		// At block 12 with a window of 5 blocks: root 1 was replaced at block 2, past the
		// window; root 2 at block 10, within it.
		assert!(recent_roots::has_stale(&history, 12, 5));
		assert_eq!(recent_roots::prune(&mut history, 12, 5), 1);
		assert_eq!(roots(&history), [2, 3, 4]);
		assert!(!recent_roots::has_stale(&history, 12, 5));
		assert_eq!(recent_roots::prune(&mut history, 12, 5), 0);
		assert!(recent_roots::replaced_recently(&history, &[2; 32], 12, 5));
		// Long after, all but the current root go; the current one never does.
		assert_eq!(recent_roots::prune(&mut history, 100, 5), 2);
		assert_eq!(roots(&history), [4]);
		assert!(!recent_roots::has_stale(&history, u32::MAX, 5));
		assert_eq!(recent_roots::prune(&mut history, u32::MAX, 5), 0);
	}

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
