//! The stored records: circuit versions, trusted-issuer lists, verification requests and used
//! nullifiers.

use codec::{Decode, Encode, MaxEncodedLen};
use didimo_primitives::did::DidIdentifier;
use frame_support::{
	pallet_prelude::ConstU32, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;

use crate::{BalanceOf, Config, RequestSpec, MAX_LIST_ISSUERS, PREPARED_KEY_BYTES};

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
