//! Block production (Aura), finality (GRANDPA), time (Timestamp), and the validators they
//! follow: sessions (`pallet_session`) over the governed validator set
//! (`pallet_validator_set`).

use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU32, ConstU64},
};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::traits::ConvertInto;

use crate::{
	AccountId, Aura, Balance, Balances, BlockNumber, Runtime, RuntimeEvent, Session, SessionKeys,
	ValidatorSet, DAYS, SLOT_DURATION, UNIT,
};

/// The most validators the chain supports; Aura and GRANDPA agree on it.
pub type MaxAuthorities = ConstU32<32>;

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	/// Validators `pallet_session` disabled (none: nothing reports offences yet).
	type DisabledValidators = Session;
	type MaxAuthorities = MaxAuthorities;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = MaxAuthorities;
	/// No staking: authorities have no nominators.
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	/// No sessions to prove key ownership against, so equivocation reports are not accepted.
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

parameter_types! {
	/// Held from an account while it has session keys registered; released by
	/// `Session::purge_keys`. It bounds what registering keys (open to any account) stores.
	pub const SessionKeyDeposit: Balance = UNIT;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// A validator is known by its account.
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = ValidatorSet;
	type NextSessionRotation = ValidatorSet;
	type SessionManager = ValidatorSet;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

/// The shortest session: a minute of 6-second blocks.
pub const MIN_SESSION_LENGTH: BlockNumber = 10;
/// The longest session: a week.
pub const MAX_SESSION_LENGTH: BlockNumber = 7 * DAYS;

/// Registers session keys for the validator-set benchmarks, as `Session::set_keys` would.
#[cfg(feature = "runtime-benchmarks")]
pub struct SessionKeysHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_validator_set::BenchmarkHelper<AccountId> for SessionKeysHelper {
	fn register_keys(who: &AccountId) {
		let raw: &[u8; 32] = who.as_ref();
		let keys = SessionKeys {
			aura: sp_core::sr25519::Public::from_raw(*raw).into(),
			grandpa: sp_core::ed25519::Public::from_raw(*raw).into(),
		};
		pallet_session::NextKeys::<Runtime>::insert(who, keys);
	}
}

impl pallet_validator_set::Config for Runtime {
	/// Governance: root (sudo in the development runtimes).
	type ManageOrigin = frame_system::EnsureRoot<AccountId>;
	type KeysRegistration = Session;
	/// As many as Aura and GRANDPA accept.
	type MaxValidators = MaxAuthorities;
	type MinValidators = ConstU32<1>;
	type MinSessionLength = ConstU32<MIN_SESSION_LENGTH>;
	type MaxSessionLength = ConstU32<MAX_SESSION_LENGTH>;
	type WeightInfo = pallet_validator_set::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SessionKeysHelper;
}
