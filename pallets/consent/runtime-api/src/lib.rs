//! # Consent grants runtime API
//!
//! Reads of the consent grants as a runtime API, so full nodes, the JSON-RPC layer and light
//! clients (through `state_call`) get the same answers from chain state:
//!
//! - `check`: may a grantee DID act on a subject's data (a data category, an action, a
//!   purpose) at a moment? `Allowed` with the grant that allows it, or `Denied` with the
//!   reason and the most informative grant. Fails closed: anything but `Allowed` means no.
//! - `grants_by_subject`, `grants_to_grantee`: the grants a subject gave or a grantee holds,
//!   paged by grant id.
//! - `grant`: one grant, with its state at the block read.
//! - `history`: one grant's audit trail.
//!
//! Times are chain time: `pallet-timestamp` milliseconds since the Unix epoch. A grant is
//! valid on the half-open interval `[valid_from, valid_until)`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Codec, Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use didimo_primitives::did::DidIdentifier;
use scale_info::TypeInfo;

/// A grant's identifier, assigned in sequence when it is given.
pub type GrantId = u64;

/// Chain time: `pallet-timestamp` milliseconds since the Unix epoch.
pub type Moment = u64;

/// The hash of the off-chain consent receipt the subject holds (for example the blake2-256
/// of a Kantara / ISO/IEC 27560 consent record).
pub type ReceiptHash = [u8; 32];

/// Most grants one page of `grants_by_subject` or `grants_to_grantee` returns.
pub const MAX_PAGE: u32 = 100;

/// One thing a grantee may do with the data.
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
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Action {
	/// Read the data (bit 1).
	Read,
	/// Store a copy (bit 2).
	Store,
	/// Share it with a third party (bit 4).
	Share,
	/// Derive new data from it (bit 8).
	Derive,
}

impl Action {
	/// Every action, in bit order.
	pub const ALL: [Action; 4] = [Action::Read, Action::Store, Action::Share, Action::Derive];

	/// The action's bit in an [`Actions`] set.
	pub const fn bit(self) -> u8 {
		match self {
			Action::Read => Actions::READ,
			Action::Store => Actions::STORE,
			Action::Share => Actions::SHARE,
			Action::Derive => Actions::DERIVE,
		}
	}
}

/// A set of [`Action`]s as a bitset: read = 1, store = 2, share = 4, derive = 8.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Actions(pub u8);

impl Actions {
	/// Read the data.
	pub const READ: u8 = 1;
	/// Store a copy.
	pub const STORE: u8 = 2;
	/// Share it with a third party.
	pub const SHARE: u8 = 4;
	/// Derive new data from it.
	pub const DERIVE: u8 = 8;
	/// Every defined bit.
	pub const ALL: u8 = Self::READ | Self::STORE | Self::SHARE | Self::DERIVE;
	/// No action: a scope withdrawn by narrowing.
	pub const NONE: Actions = Actions(0);

	/// Whether the set allows `action`.
	pub const fn contains(self, action: Action) -> bool {
		self.0 & action.bit() != 0
	}

	/// Whether every action of `self` is in `other`.
	pub const fn is_subset_of(self, other: Actions) -> bool {
		self.0 & !other.0 == 0
	}

	/// Whether the set is empty.
	pub const fn is_empty(self) -> bool {
		self.0 == 0
	}

	/// Whether only defined bits are set.
	pub const fn is_valid(self) -> bool {
		self.0 & !Self::ALL == 0
	}
}

impl From<Action> for Actions {
	fn from(action: Action) -> Self {
		Actions(action.bit())
	}
}

/// What a grant covers: a data category, the actions allowed on it and the purpose they
/// serve.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ScopeInfo {
	/// The data category: a credential schema id or a category code.
	pub category: Vec<u8>,
	/// The allowed actions; empty for a scope withdrawn by narrowing.
	pub actions: Actions,
	/// The purpose, a W3C DPV purpose code such as `dpv:ServiceProvision`.
	pub purpose: Vec<u8>,
}

/// Where a grant is in its life, as stored. Time alone does not change it: a grant whose
/// `valid_until` has passed stays `Open` until the cleanup marks it `Expired`, and every
/// check compares chain time anyway.
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
pub enum GrantStatus {
	/// Not revoked, declined or marked expired.
	Open,
	/// The subject revoked it at this moment.
	Revoked {
		/// When.
		at: Moment,
	},
	/// The grantee declined it at this moment.
	Declined {
		/// When.
		at: Moment,
	},
	/// It ran out at `valid_until`, and the cleanup recorded so.
	Expired {
		/// Its `valid_until`.
		at: Moment,
	},
}

impl GrantStatus {
	/// The moment the grant ended, if it did.
	pub const fn ended_at(&self) -> Option<Moment> {
		match self {
			GrantStatus::Open => None,
			GrantStatus::Revoked { at }
			| GrantStatus::Declined { at }
			| GrantStatus::Expired { at } => Some(*at),
		}
	}
}

/// A grant's state at a moment: its status and chain time together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
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
}

/// A grant as the runtime API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct GrantInfo<AccountId, Balance, BlockNumber> {
	/// Its identifier.
	pub id: GrantId,
	/// The data subject DID that gave it.
	pub subject: DidIdentifier,
	/// The DID it was given to.
	pub grantee: DidIdentifier,
	/// What it covers, in the order given (withdrawn scopes keep their place with no
	/// actions, so history entries' scope indices stay meaningful).
	pub scopes: Vec<ScopeInfo>,
	/// First moment of validity (inclusive).
	pub valid_from: Moment,
	/// End of validity (exclusive).
	pub valid_until: Moment,
	/// The hash of the subject's off-chain consent receipt.
	pub receipt: ReceiptHash,
	/// The jurisdiction whose law governs it (`EU`, `DE`, ...).
	pub jurisdiction: Vec<u8>,
	/// A URI of the policy it was given under.
	pub policy: Vec<u8>,
	/// The account that paid the deposit and gets it back.
	pub depositor: AccountId,
	/// The deposit held.
	pub deposit: Balance,
	/// Its stored status.
	pub status: GrantStatus,
	/// Its state at `now`.
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

/// What happened to a grant.
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
pub enum Lifecycle {
	/// The subject gave it.
	Given,
	/// The subject narrowed its scopes or brought its end forward.
	Narrowed,
	/// The subject moved its end later.
	Renewed,
	/// The grantee recorded an access under scope `scope` (an index into the grant's scopes).
	Accessed {
		/// The scope's index.
		scope: u32,
		/// What the grantee did.
		action: Action,
	},
	/// The grantee declined it.
	Declined,
	/// The subject revoked it.
	Revoked,
	/// It ran out.
	Expired,
}

impl Lifecycle {
	/// Whether the entry ends the grant.
	pub const fn is_terminal(&self) -> bool {
		matches!(self, Lifecycle::Declined | Lifecycle::Revoked | Lifecycle::Expired)
	}

	/// Whether the entry is a lifecycle change (everything but an access).
	pub const fn is_lifecycle(&self) -> bool {
		!matches!(self, Lifecycle::Accessed { .. })
	}
}

/// One entry of a grant's audit trail.
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
pub struct HistoryEntry<BlockNumber> {
	/// What happened.
	pub event: Lifecycle,
	/// The block it happened in.
	pub block: BlockNumber,
	/// The chain time it happened at.
	pub at: Moment,
}

/// Why a check says no.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
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
}

/// The answer to "may the grantee do this?".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
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

sp_api::decl_runtime_apis! {
	/// The consent grants' reads.
	pub trait ConsentApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// Whether `grantee` may perform `action` on `subject`'s data of `category` for
		/// `purpose` at `at` (chain time; `None` for the block's own time).
		fn check(
			subject: DidIdentifier,
			grantee: DidIdentifier,
			category: Vec<u8>,
			action: Action,
			purpose: Vec<u8>,
			at: Option<Moment>,
		) -> CheckResult;
		/// The grants `subject` gave, ids from `start` on, at most `min(limit, MAX_PAGE)`.
		fn grants_by_subject(
			subject: DidIdentifier,
			start: GrantId,
			limit: u32,
		) -> Vec<GrantInfo<AccountId, Balance, BlockNumber>>;
		/// The grants given to `grantee`, ids from `start` on, at most `min(limit, MAX_PAGE)`.
		fn grants_to_grantee(
			grantee: DidIdentifier,
			start: GrantId,
			limit: u32,
		) -> Vec<GrantInfo<AccountId, Balance, BlockNumber>>;
		/// One grant.
		fn grant(id: GrantId) -> Option<GrantInfo<AccountId, Balance, BlockNumber>>;
		/// One grant's audit trail, oldest first.
		fn history(id: GrantId) -> Option<Vec<HistoryEntry<BlockNumber>>>;
	}
}
