//! The consent grants' stored encodings, shared by the pallet, its runtime API and the RPC:
//! identifiers, actions, a grant's stored status and its audit trail.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
#[cfg(feature = "std")]
use serde::{Deserialize, Serialize};

/// A grant's identifier, assigned in sequence when it is given.
pub type GrantId = u64;

/// Chain time: `pallet-timestamp` milliseconds since the Unix epoch.
pub type Moment = u64;

/// The hash of the off-chain consent receipt the subject holds (for example the blake2-256
/// of a Kantara / ISO/IEC 27560 consent record).
pub type ReceiptHash = [u8; 32];

/// One thing a grantee may do with the data. In JSON: `read`, `store`, `share`, `derive`.
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
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
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

	/// The action's name, as JSON shows it.
	pub const fn name(self) -> &'static str {
		match self {
			Action::Read => "read",
			Action::Store => "store",
			Action::Share => "share",
			Action::Derive => "derive",
		}
	}

	/// The action named `name`, if any.
	pub fn from_name(name: &str) -> Option<Action> {
		Action::ALL.into_iter().find(|action| action.name() == name)
	}
}

/// A set of [`Action`]s as a bitset: read = 1, store = 2, share = 4, derive = 8. In JSON: the
/// list of the actions' names, in bit order (`["read", "share"]`).
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

	/// The set with `action` added.
	pub const fn with(self, action: Action) -> Self {
		Actions(self.0 | action.bit())
	}

	/// The actions in the set, in bit order.
	pub fn iter(self) -> impl Iterator<Item = Action> {
		Action::ALL.into_iter().filter(move |action| self.contains(*action))
	}
}

impl From<Action> for Actions {
	fn from(action: Action) -> Self {
		Actions(action.bit())
	}
}

serde_as_member_list!(Actions, Action);

/// Where a grant is in its life, as stored. Time alone does not change it: a grant whose
/// `valid_until` has passed stays `Open` until the cleanup marks it `Expired`, and every
/// check compares chain time anyway. In JSON: `{"status": "open"}`,
/// `{"status": "revoked", "at": <ms>}`, ...
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
#[cfg_attr(feature = "std", serde(tag = "status", rename_all = "camelCase"))]
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

/// What happened to a grant. In JSON, inside its history entry: `"event": "given"`, ...,
/// and for an access also `"scope"` and `"action"`.
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
#[cfg_attr(feature = "std", serde(tag = "event", rename_all = "camelCase"))]
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

	/// The entry's name, as JSON shows it.
	pub const fn name(&self) -> &'static str {
		match self {
			Lifecycle::Given => "given",
			Lifecycle::Narrowed => "narrowed",
			Lifecycle::Renewed => "renewed",
			Lifecycle::Accessed { .. } => "accessed",
			Lifecycle::Declined => "declined",
			Lifecycle::Revoked => "revoked",
			Lifecycle::Expired => "expired",
		}
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
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub struct HistoryEntry<BlockNumber> {
	/// What happened.
	#[cfg_attr(feature = "std", serde(flatten))]
	pub event: Lifecycle,
	/// The block it happened in.
	pub block: BlockNumber,
	/// The chain time it happened at.
	pub at: Moment,
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	#[test]
	fn actions_are_lists_of_names() {
		let actions = Actions(Actions::READ | Actions::SHARE);
		assert_eq!(serde_json::to_value(actions).expect("serializes"), json!(["read", "share"]));
		assert_eq!(serde_json::to_value(Actions::NONE).expect("serializes"), json!([]));
		let back: Actions = serde_json::from_value(json!(["share", "read"])).expect("parses");
		assert_eq!(back, actions);
		assert!(serde_json::from_value::<Actions>(json!(["write"])).is_err());
		for action in Action::ALL {
			assert_eq!(Action::from_name(action.name()), Some(action));
			assert_eq!(serde_json::to_value(action).expect("serializes"), json!(action.name()));
		}
	}

	#[test]
	fn statuses_and_history_entries_are_flat_objects() {
		assert_eq!(
			serde_json::to_value(GrantStatus::Open).expect("serializes"),
			json!({ "status": "open" })
		);
		assert_eq!(
			serde_json::to_value(GrantStatus::Revoked { at: 5 }).expect("serializes"),
			json!({ "status": "revoked", "at": 5 })
		);
		let entry = HistoryEntry {
			event: Lifecycle::Accessed { scope: 1, action: Action::Derive },
			block: 9u32,
			at: 7,
		};
		let value = serde_json::to_value(entry).expect("serializes");
		assert_eq!(
			value,
			json!({ "event": "accessed", "scope": 1, "action": "derive", "block": 9, "at": 7 })
		);
		assert_eq!(serde_json::from_value::<HistoryEntry<u32>>(value).expect("parses"), entry);
		let given = HistoryEntry { event: Lifecycle::Given, block: 1u32, at: 2 };
		let value = serde_json::to_value(given).expect("serializes");
		assert_eq!(value["event"], json!(Lifecycle::Given.name()));
		assert_eq!(serde_json::from_value::<HistoryEntry<u32>>(value).expect("parses"), given);
	}
}
