//! The registry record and the status-page layout.

use codec::{Decode, Encode, MaxEncodedLen};
use didimo_primitives::did::DidIdentifier;
pub use didimo_primitives::revocation::{Digest, RegistryId, RootRecord, StatusPurpose};
use frame_support::{
	pallet_prelude::*, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
pub use pallet_revocation_runtime_api::CredentialStatus;

use crate::{BalanceOf, Config};

/// Bytes in one storage page of status bits: 8,192 credential slots, 64 tree leaves.
pub const PAGE_BYTES: usize = 1024;
/// Credential slots in one page.
pub const PAGE_BITS: u32 = (PAGE_BYTES as u32) * 8;

/// One page of a registry's W3C bitstring.
pub type Page = [u8; PAGE_BYTES];

/// A revocation registry.
#[derive(
	CloneNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Registry<T: Config> {
	/// The issuer DID that owns it: only it may add delegates or close it (once it is
	/// deactivated, any account may close the registry with `close_orphaned`).
	pub issuer: DidIdentifier,
	/// What its bits mean.
	pub purpose: StatusPurpose,
	/// Credential slots: indices `0..capacity`.
	pub capacity: u32,
	/// DIDs that may update its bits besides the issuer.
	pub delegates: BoundedVec<DidIdentifier, T::MaxDelegates>,
	/// The account that paid the deposit and gets it back when the registry is closed,
	/// whoever closes it.
	pub depositor: T::AccountId,
	/// The deposit held from `depositor`.
	pub deposit: BalanceOf<T>,
	/// How many bits are set.
	pub set_count: u32,
	/// The Merkle root over the bits (`didimo_zk::status_tree`).
	pub root: Digest,
	/// The block it was created in.
	pub created: BlockNumberFor<T>,
	/// The block of its last change.
	pub updated: BlockNumberFor<T>,
	/// Set by the first `close` (or `close_orphaned`) call: the registry takes no more
	/// updates, its bits are being deleted and its statuses read as `Unknown`.
	pub closing: bool,
}

/// The page holding `index` and the byte and bit mask of `index` within it (W3C order: index
/// 0 is the most significant bit of byte 0).
pub fn locate(index: u32) -> (u32, usize, u8) {
	let page = index / PAGE_BITS;
	let within = index % PAGE_BITS;
	let byte = (within / 8) as usize;
	let mask = 0x80u8 >> (within % 8);
	(page, byte, mask)
}

/// Pages needed for `capacity` slots.
pub fn pages_for(capacity: u32) -> u32 {
	capacity.div_ceil(PAGE_BITS)
}
