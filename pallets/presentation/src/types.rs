//! The stored records: circuit versions, trusted-issuer lists, verification requests and used
//! nullifiers; and the housekeeping chores and the payload the authorities sign for them.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use didimo_primitives::{
	did::DidIdentifier,
	offchain::authority,
	revocation::{Digest, RegistryId},
};
use frame_support::{
	pallet_prelude::ConstU32, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::{
	offchain::{AppCrypto, SignedPayload, SigningTypes},
	pallet_prelude::BlockNumberFor,
};
use scale_info::TypeInfo;

use crate::{
	BalanceOf, Config, ListId, RequestId, RequestSpec, MAX_LIST_ISSUERS, PREPARED_KEY_BYTES,
};

/// A registered circuit version.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct Circuit<BlockNumber> {
	/// `VerifyingKey::hash` of the key, canonical little-endian bytes.
	pub key_hash: [u8; 32],
	/// The prepared key (see the crate documentation): its length tells its version's
	/// number of public inputs.
	pub key: BoundedVec<u8, ConstU32<PREPARED_KEY_BYTES>>,
	/// The block it was registered in (0 at genesis).
	pub registered_at: BlockNumber,
	/// The block it was retired in, if it was.
	pub retired_at: Option<BlockNumber>,
}

/// A trusted-issuer list.
#[derive(
	CloneNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct TrustedList<T: Config> {
	/// The verifier DID that owns it: only it edits or closes it (once it is deactivated,
	/// anyone may close the list with `close_orphaned_list`).
	pub owner: DidIdentifier,
	/// The issuer DID in each slot, `None` for a slot emptied by `remove_issuer` (the next
	/// `add_issuer` fills the first empty slot). Slot `i` is leaf `i` of the list's tree.
	pub issuers: BoundedVec<Option<DidIdentifier>, ConstU32<MAX_LIST_ISSUERS>>,
	/// Issuers removed less than `RootFreshness` blocks ago, with the block of their removal:
	/// a proof against a root from before the removal still verifies in that window, and
	/// their registries stay accepted with it. Pruned at every edit of the list.
	pub departed: BoundedVec<(DidIdentifier, BlockNumberFor<T>), ConstU32<MAX_LIST_ISSUERS>>,
	/// Issuers that left the list themselves (`leave_list`): the owner cannot add them again.
	pub declined: BoundedVec<DidIdentifier, ConstU32<MAX_LIST_ISSUERS>>,
	/// The account that paid the deposit and gets it back when the list is closed.
	pub depositor: T::AccountId,
	/// The deposit held from `depositor`.
	pub deposit: BalanceOf<T>,
	/// The block it was created in.
	pub created: BlockNumberFor<T>,
}

impl<T: Config> TrustedList<T> {
	/// The slot of `issuer`, if listed.
	pub fn slot_of(&self, issuer: &DidIdentifier) -> Option<usize> {
		self.issuers.iter().position(|slot| slot.as_ref() == Some(issuer))
	}

	/// How many slots hold an issuer.
	pub fn len(&self) -> u32 {
		self.issuers.iter().filter(|slot| slot.is_some()).count() as u32
	}

	/// Whether no slot holds an issuer.
	pub fn is_empty(&self) -> bool {
		self.len() == 0
	}
}

/// A stored verification request.
#[derive(
	CloneNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Request<T: Config> {
	/// The verifier DID that registered it.
	pub verifier: DidIdentifier,
	/// What it asks.
	pub spec: RequestSpec<BlockNumberFor<T>>,
	/// The account that paid the deposit and gets it back when the request is removed.
	pub depositor: T::AccountId,
	/// The deposit held from `depositor`.
	pub deposit: BalanceOf<T>,
	/// The block it was registered in.
	pub created: BlockNumberFor<T>,
}

/// A used nullifier: who submitted the presentation and the deposit held from them until the
/// scope is closed and the nullifier purged.
#[derive(
	CloneNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct NullifierRecord<T: Config> {
	/// The submitting account, which paid the deposit.
	pub submitter: T::AccountId,
	/// The deposit held from it.
	pub deposit: BalanceOf<T>,
	/// The block the nullifier was used in.
	pub used_at: BlockNumberFor<T>,
}

/// One piece of housekeeping: what the authorities' off-chain workers submit in
/// `housekeep` and anyone may submit in `clean_up`. Each is done only if it is due when the
/// transaction is applied.
#[derive(
	Clone,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Chore {
	/// Remove a request that expired, or whose verifier DID is deactivated (what
	/// `remove_stale_request` does): its deposit goes back to the account that paid it.
	RemoveRequest(RequestId),
	/// Purge a used nullifier of a scope no live request names (what `purge_nullifier`
	/// does): its deposit goes back to the account that submitted the presentation.
	PurgeNullifier {
		/// The verifier DID of the scope.
		verifier: DidIdentifier,
		/// The scope.
		scope: Digest,
		/// The nullifier.
		nullifier: Digest,
	},
	/// Drop a trusted-issuer list's roots replaced more than `RootFreshness` blocks ago: no
	/// proof can use them any more.
	PruneListRoots(ListId),
	/// Drop a revocation registry's roots replaced longer ago than its window.
	PruneRegistryRoots(RegistryId),
}

/// How many chores of each kind a batch holds: the components of the housekeeping weights.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct ChoreCounts {
	/// `RemoveRequest`s.
	pub requests: u32,
	/// `PurgeNullifier`s.
	pub nullifiers: u32,
	/// `PruneListRoots`.
	pub lists: u32,
	/// `PruneRegistryRoots`.
	pub registries: u32,
}

impl ChoreCounts {
	/// The counts of `chores`.
	pub fn of(chores: &[Chore]) -> Self {
		let mut counts = Self::default();
		for chore in chores {
			let count = match chore {
				Chore::RemoveRequest(_) => &mut counts.requests,
				Chore::PurgeNullifier { .. } => &mut counts.nullifiers,
				Chore::PruneListRoots(_) => &mut counts.lists,
				Chore::PruneRegistryRoots(_) => &mut counts.registries,
			};
			*count = count.saturating_add(1);
		}
		counts
	}
}

/// What an authority's off-chain worker signs to have chores done: the block whose state
/// showed them due, the chores and its own public key. The signature covers
/// `(HOUSEKEEPING_CONTEXT, payload)`, so it can be valid for nothing else.
#[derive(
	CloneNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct HousekeepingPayload<T: Config> {
	/// The block whose state showed the chores due; the transaction is valid for
	/// `HousekeepingInterval` blocks from it.
	pub block_number: BlockNumberFor<T>,
	/// The chores, each once.
	pub chores: BoundedVec<Chore, T::MaxChoresPerTx>,
	/// The authority that signs.
	pub public: T::Public,
}

/// The signing context of a [`HousekeepingPayload`]: a prefix so an authority's signature
/// over it can never pass for a signature over anything else (a block seal, consent's expiry
/// payload).
pub const HOUSEKEEPING_CONTEXT: &[u8] = b"didimo/presentation-housekeeping";

impl<T: Config> SignedPayload<T> for HousekeepingPayload<T> {
	fn public(&self) -> <T as SigningTypes>::Public {
		self.public.clone()
	}

	fn sign<C: AppCrypto<T::Public, T::Signature>>(&self) -> Option<T::Signature> {
		authority::sign::<T, C>(HOUSEKEEPING_CONTEXT, self, self.public.clone())
	}

	fn verify<C: AppCrypto<T::Public, T::Signature>>(&self, signature: T::Signature) -> bool {
		authority::verify::<T, C>(HOUSEKEEPING_CONTEXT, self, self.public.clone(), signature)
	}
}
