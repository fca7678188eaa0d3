//! # Consent grants runtime API
//!
//! Reads of the consent grants as a runtime API, so full nodes, the JSON-RPC layer and light
//! clients (through `state_call`) get the same answers from chain state:
//!
//! - `check`: may a grantee DID act on a subject's data (a data category, an action, a
//!   purpose) now or at a later moment? `Allowed` with the grant that allows it, or `Denied`
//!   with the reason and the most informative grant. Fails closed: anything but `Allowed`
//!   means no. A moment before the block's time is refused ([`CheckError::TimeInPast`]): the
//!   check reads the grants as they are at the block, which is not how they were then; to ask
//!   about the past, read at a block from that time.
//! - `grants_by_subject`, `grants_to_grantee`: the grants a subject gave or a grantee holds,
//!   in id order, a page at a time: each page reads only its own entries and names the cursor
//!   of the next ([`GrantPage`]).
//! - `grant`: one grant, with its state at the block read.
//! - `history`: one grant's audit trail.
//!
//! Times are chain time: `pallet-timestamp` milliseconds since the Unix epoch. A grant is
//! valid on the half-open interval `[valid_from, valid_until)`.
//!
//! The grants' stored encodings (`Action`, `Actions`, `GrantStatus`, `Lifecycle`,
//! `HistoryEntry`) live in `didimo_primitives::consent` and are re-exported here. With `std`,
//! every type has a `serde` form (camelCase), which the node's `consent_*` RPC answers use.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
pub use didimo_primitives::consent::{
	Action, Actions, GrantId, GrantStatus, HistoryEntry, Lifecycle, Moment, ReceiptHash,
};
use didimo_primitives::did::DidIdentifier;
use scale_info::TypeInfo;
#[cfg(feature = "std")]
use serde::{Deserialize, Serialize};

/// Most grants one page of `grants_by_subject` or `grants_to_grantee` returns.
pub const MAX_PAGE: u32 = 100;

/// What a grant covers: a data category, the actions allowed on it and the purpose they
/// serve.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub struct ScopeInfo {
	/// The data category: a credential schema id or a category code.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::text"))]
	pub category: Vec<u8>,
	/// The allowed actions; empty for a scope withdrawn by narrowing.
	pub actions: Actions,
	/// The purpose, a W3C DPV purpose code such as `dpv:ServiceProvision`.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::text"))]
	pub purpose: Vec<u8>,
}

/// A grant's state at a moment: its status and chain time together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum GrantState {
	/// Open and `valid_from <= now < valid_until`.
	Active,
	/// Open, and `now < valid_from`.
	NotYetValid,
	/// `now >= valid_until` (marked by the cleanup or not).
	Expired,
	/// Revoked by the subject.
	Revoked,
	/// Declined by the grantee.
	Declined,
	/// Open and not run out, but the subject's DID has been deactivated: it allows nothing,
	/// and anyone may purge it.
	SubjectDeactivated,
	/// Open and not run out, but the grantee's DID has been deactivated: it allows nothing,
	/// and anyone may purge it.
	GranteeDeactivated,
}

/// A grant as the runtime API shows it.
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
pub struct GrantInfo<AccountId, Balance, BlockNumber> {
	/// Its identifier.
	pub id: GrantId,
	/// The data subject DID that gave it.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::did"))]
	pub subject: DidIdentifier,
	/// The DID it was given to.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::did"))]
	pub grantee: DidIdentifier,
	/// What it covers, in the order given (withdrawn scopes keep their place with no
	/// actions, so history entries' scope indices stay meaningful).
	pub scopes: Vec<ScopeInfo>,
	/// First moment of validity (inclusive).
	pub valid_from: Moment,
	/// End of validity (exclusive).
	pub valid_until: Moment,
	/// The hash of the subject's off-chain consent receipt.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::hex"))]
	pub receipt: ReceiptHash,
	/// The jurisdiction whose law governs it (`EU`, `DE`, ...).
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::text"))]
	pub jurisdiction: Vec<u8>,
	/// A URI of the policy it was given under.
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::text"))]
	pub policy: Vec<u8>,
	/// The account that paid the deposit and gets it back.
	pub depositor: AccountId,
	/// The deposit held (a decimal string in JSON).
	#[cfg_attr(feature = "std", serde(with = "didimo_primitives::json::string"))]
	pub deposit: Balance,
	/// Its stored status.
	pub status: GrantStatus,
	/// Its state at `now`, its subject's and grantee's DIDs considered.
	pub state: GrantState,
	/// Every access the grantee recorded, including those dropped from the history.
	pub accesses: u64,
	/// The block it was given in.
	pub created: BlockNumber,
	/// The block of its last change.
	pub updated: BlockNumber,
	/// The chain time this was read at.
	pub now: Moment,
	/// The block whose state this is.
	pub block: BlockNumber,
}

/// Why a check says no.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum DenyReason {
	/// The subject has given the grantee no grant (or every one was purged).
	NoGrant,
	/// A grant covers the request but starts later.
	NotYetValid,
	/// A grant covered the request but has run out.
	Expired,
	/// A grant covered the request but the subject revoked it.
	Revoked,
	/// A grant covered the request but the grantee declined it.
	Declined,
	/// The subject's grants to the grantee do not cover this category, action and purpose.
	ScopeMismatch,
	/// The subject gave the grantee grants, but the subject's DID has been deactivated: none
	/// of them allows anything.
	SubjectDeactivated,
	/// The subject gave the grantee grants, but the grantee's DID has been deactivated: none
	/// of them allows anything.
	GranteeDeactivated,
}

/// The answer to "may the grantee do this?".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", rename_all_fields = "camelCase"))]
pub enum CheckResult {
	/// Yes, under this grant (the one valid longest, if several allow it).
	Allowed {
		/// The grant.
		grant_id: GrantId,
		/// Until when (exclusive).
		valid_until: Moment,
	},
	/// No.
	Denied {
		/// Why.
		reason: DenyReason,
		/// The most informative grant, if any.
		grant_id: Option<GrantId>,
		/// That grant's end of validity.
		valid_until: Option<Moment>,
	},
}

impl CheckResult {
	/// Whether the answer is yes.
	pub const fn is_allowed(&self) -> bool {
		matches!(self, CheckResult::Allowed { .. })
	}
}

/// Why `check` gives no answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", rename_all_fields = "camelCase"))]
pub enum CheckError {
	/// The moment asked about is before the block's time. A check reads the grants and DIDs
	/// as they are at the block read, which is not how they were then (grants narrowed,
	/// renewed or purged since, DIDs deactivated since), so it refuses rather than present
	/// today's state as the past. Ask at a block from that time instead.
	TimeInPast {
		/// The block's time (ms): the earliest moment a check at this block answers for.
		now: Moment,
	},
}

/// One page of `grants_by_subject` or `grants_to_grantee`.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct GrantPage<AccountId, Balance, BlockNumber> {
	/// The grants, by increasing id.
	pub grants: Vec<GrantInfo<AccountId, Balance, BlockNumber>>,
	/// The cursor of the next page: pass it as `after`. `None` on the last page.
	pub next: Option<GrantId>,
}

sp_api::decl_runtime_apis! {
	/// The consent grants' reads.
	pub trait ConsentApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// Whether `grantee` may perform `action` on `subject`'s data of `category` for
		/// `purpose` at `at` (chain time; `None` for the block's own time). A time before the
		/// block's is refused with [`CheckError::TimeInPast`].
		fn check(
			subject: DidIdentifier,
			grantee: DidIdentifier,
			category: Vec<u8>,
			action: Action,
			purpose: Vec<u8>,
			at: Option<Moment>,
		) -> Result<CheckResult, CheckError>;
		/// The grants `subject` gave with ids after `after` (from the first if `None`), in id
		/// order, at most `limit` (1 to `MAX_PAGE`: 0 counts as 1, more as `MAX_PAGE`).
		fn grants_by_subject(
			subject: DidIdentifier,
			after: Option<GrantId>,
			limit: u32,
		) -> GrantPage<AccountId, Balance, BlockNumber>;
		/// The grants given to `grantee` with ids after `after`, as `grants_by_subject`.
		fn grants_to_grantee(
			grantee: DidIdentifier,
			after: Option<GrantId>,
			limit: u32,
		) -> GrantPage<AccountId, Balance, BlockNumber>;
		/// One grant.
		fn grant(id: GrantId) -> Option<GrantInfo<AccountId, Balance, BlockNumber>>;
		/// One grant's audit trail, oldest first.
		fn history(id: GrantId) -> Option<Vec<HistoryEntry<BlockNumber>>>;
	}
}
