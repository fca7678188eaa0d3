//! The grant record, its scopes and audit trail, the listing indices' ordered key, and the
//! off-chain worker's expiry payload.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
pub use didimo_primitives::consent::{
	Action, Actions, GrantId, GrantStatus, HistoryEntry, Lifecycle, Moment, ReceiptHash,
};
use didimo_primitives::{did::DidIdentifier, offchain::authority};
use frame_support::{
	pallet_prelude::*, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::{
	offchain::{AppCrypto, SignedPayload, SigningTypes},
	pallet_prelude::BlockNumberFor,
};
pub use pallet_consent_runtime_api::{
	CheckError, CheckResult, DenyReason, GrantPage, GrantState, ScopeInfo, MAX_PAGE,
};

use crate::{BalanceOf, Config, Error};

/// What a grant covers: a data category, the actions allowed on it and the purpose they
/// serve. Within a grant, `(category, purpose)` pairs are unique.
#[derive(
	CloneNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Scope<T: Config> {
	/// The data category: a credential schema id or a category code.
	pub category: BoundedVec<u8, T::MaxCategoryLength>,
	/// The allowed actions; [`Actions::NONE`] once narrowing withdrew the scope.
	pub actions: Actions,
	/// The purpose, a W3C DPV purpose code such as `dpv:ServiceProvision`.
	pub purpose: BoundedVec<u8, T::MaxPurposeLength>,
}

impl<T: Config> Scope<T> {
	/// Whether the scope allows `action` on `category` for `purpose`.
	pub fn covers(&self, category: &[u8], action: Action, purpose: &[u8]) -> bool {
		self.actions.contains(action)
			&& self.category[..] == *category
			&& self.purpose[..] == *purpose
	}

	/// Whether the scope is about the same data and purpose as `other`.
	pub fn same_subject_matter(&self, other: &Scope<T>) -> bool {
		self.category == other.category && self.purpose == other.purpose
	}

	/// The runtime API's view.
	pub fn info(&self) -> ScopeInfo {
		ScopeInfo {
			category: self.category.to_vec(),
			actions: self.actions,
			purpose: self.purpose.to_vec(),
		}
	}
}

/// A grant's scopes.
pub type Scopes<T> = BoundedVec<Scope<T>, <T as Config>::MaxScopes>;

/// Scopes given to `grant` or `narrow`: at least one ([`Error::NoScopes`]), each with a
/// category and a purpose ([`Error::EmptyScopeField`]) and valid, non-empty actions
/// ([`Error::InvalidActions`]), no `(category, purpose)` twice ([`Error::DuplicateScope`]).
pub fn validate_scopes<T: Config>(scopes: &Scopes<T>) -> Result<(), Error<T>> {
	ensure!(!scopes.is_empty(), Error::<T>::NoScopes);
	for (i, scope) in scopes.iter().enumerate() {
		ensure!(
			!scope.category.is_empty() && !scope.purpose.is_empty(),
			Error::<T>::EmptyScopeField
		);
		ensure!(scope.actions.is_valid() && !scope.actions.is_empty(), Error::<T>::InvalidActions);
		ensure!(
			!scopes.iter().take(i).any(|other| other.same_subject_matter(scope)),
			Error::<T>::DuplicateScope
		);
	}
	Ok(())
}

/// A grant id as the second key of the listing indices (`SubjectGrants`, `GranteeGrants`):
/// its big-endian bytes, stored as they are (`Identity`), so a DID's entries lie in the trie
/// in id order and a page is read from a cursor without reading the entries before it. (A
/// `u64` encodes little-endian, which does not sort by value.)
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct GrantKey(pub [u8; 8]);

impl GrantKey {
	/// The grant id.
	pub const fn id(self) -> GrantId {
		GrantId::from_be_bytes(self.0)
	}
}

impl From<GrantId> for GrantKey {
	fn from(id: GrantId) -> Self {
		GrantKey(id.to_be_bytes())
	}
}

/// A grant's audit trail, oldest first.
pub type History<T> = BoundedVec<HistoryEntry<BlockNumberFor<T>>, <T as Config>::MaxHistory>;

/// A consent grant.
#[derive(
	CloneNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Grant<T: Config> {
	/// The data subject DID that gave it: only it may narrow, renew or revoke it.
	pub subject: DidIdentifier,
	/// The DID it was given to: only it may record accesses or decline it.
	pub grantee: DidIdentifier,
	/// What it covers. Narrowing never removes an entry (it withdraws its actions), so an
	/// index into this list names the same scope for the grant's whole life.
	pub scopes: Scopes<T>,
	/// First moment of validity (inclusive).
	pub valid_from: Moment,
	/// End of validity (exclusive).
	pub valid_until: Moment,
	/// The hash of the subject's off-chain consent receipt.
	pub receipt: ReceiptHash,
	/// The jurisdiction whose law governs it (`EU`, `DE`, ...).
	pub jurisdiction: BoundedVec<u8, T::MaxJurisdictionLength>,
	/// A URI of the policy it was given under.
	pub policy: BoundedVec<u8, T::MaxPolicyLength>,
	/// The account that paid the deposit and gets it back.
	pub depositor: T::AccountId,
	/// The deposit held from `depositor`.
	pub deposit: BalanceOf<T>,
	/// Where it is in its life.
	pub status: GrantStatus,
	/// Every access the grantee recorded, including those dropped from the history.
	pub accesses: u64,
	/// The block it was given in.
	pub created: BlockNumberFor<T>,
	/// The block of its last change (including recorded accesses).
	pub updated: BlockNumberFor<T>,
}

impl<T: Config> Grant<T> {
	/// Open and `valid_from <= now < valid_until`, from the grant alone: whether its DIDs
	/// are still active is not asked here ([`crate::Pallet::grant_state`] asks).
	pub fn is_active(&self, now: Moment) -> bool {
		self.state(now) == GrantState::Active
	}

	/// Whether the grant has ended at `now`: revoked, declined, or run out.
	pub fn has_ended(&self, now: Moment) -> bool {
		self.end(now).is_some()
	}

	/// When the grant ended, if it has by `now`: the moment of revocation or declining, or
	/// `valid_until` once that has passed.
	pub fn end(&self, now: Moment) -> Option<Moment> {
		match self.status {
			GrantStatus::Open => (now >= self.valid_until).then_some(self.valid_until),
			status => status.ended_at(),
		}
	}

	/// The grant's state at `now`, from the grant alone. It never says `SubjectDeactivated`
	/// or `GranteeDeactivated`: those need the DID registry ([`crate::Pallet::grant_state`]).
	pub fn state(&self, now: Moment) -> GrantState {
		match self.status {
			GrantStatus::Revoked { .. } => GrantState::Revoked,
			GrantStatus::Declined { .. } => GrantState::Declined,
			GrantStatus::Expired { .. } => GrantState::Expired,
			GrantStatus::Open if now >= self.valid_until => GrantState::Expired,
			GrantStatus::Open if now < self.valid_from => GrantState::NotYetValid,
			GrantStatus::Open => GrantState::Active,
		}
	}

	/// The index of the scope allowing `action` on `category` for `purpose`, if one does.
	pub fn covering_scope(&self, category: &[u8], action: Action, purpose: &[u8]) -> Option<u32> {
		self.scopes
			.iter()
			.position(|scope| scope.covers(category, action, purpose))
			.map(|index| index as u32)
	}
}

/// What an authority's off-chain worker signs to have grants cleaned up: the block it saw
/// them due at, their ids and its own public key. The signature covers
/// `(EXPIRY_CONTEXT, payload)`, so it can be valid for nothing else.
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
pub struct ExpiryPayload<T: Config> {
	/// The block whose state showed the grants due; the transaction is valid for
	/// `ExpiryInterval` blocks from it.
	pub block_number: BlockNumberFor<T>,
	/// The grants to expire or purge, each once.
	pub grants: BoundedVec<GrantId, T::MaxExpiriesPerTx>,
	/// The authority that signs.
	pub public: T::Public,
}

/// The signing context of an [`ExpiryPayload`]: a prefix so an authority's signature over
/// it can never pass for a signature over anything else (a block seal, another pallet's
/// payload).
pub const EXPIRY_CONTEXT: &[u8] = b"didimo/consent-expiry";

impl<T: Config> SignedPayload<T> for ExpiryPayload<T> {
	fn public(&self) -> <T as SigningTypes>::Public {
		self.public.clone()
	}

	fn sign<C: AppCrypto<T::Public, T::Signature>>(&self) -> Option<T::Signature> {
		authority::sign::<T, C>(EXPIRY_CONTEXT, self, self.public.clone())
	}

	fn verify<C: AppCrypto<T::Public, T::Signature>>(&self, signature: T::Signature) -> bool {
		authority::verify::<T, C>(EXPIRY_CONTEXT, self, self.public.clone(), signature)
	}
}
