//! A test runtime: System, Balances, this pallet and the real `pallet_session` it drives,
//! with test keys (`UintAuthorityId`) and a session handler that records the authorities
//! Aura and GRANDPA would be given.

use core::cell::RefCell;

use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks},
};
use sp_runtime::{
	testing::UintAuthorityId,
	traits::{ConvertInto, OpaqueKeys},
	BuildStorage, KeyTypeId, RuntimeAppPublic,
};

use crate::{self as pallet_validator_set, *};

pub type AccountId = u64;
pub type Balance = u64;
type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(2)]
	pub type ValidatorSet = pallet_validator_set;

	#[runtime::pallet_index(3)]
	pub type Session = pallet_session;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

thread_local! {
	/// The authorities the session handler was last given.
	pub static AUTHORITIES: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
}

/// The authorities Aura and GRANDPA would have now.
pub fn authorities() -> Vec<AccountId> {
	AUTHORITIES.with(|a| a.borrow().clone())
}

/// Records the authorities of each new session.
pub struct RecordingHandler;

impl pallet_session::SessionHandler<AccountId> for RecordingHandler {
	const KEY_TYPE_IDS: &'static [KeyTypeId] = &[UintAuthorityId::ID];

	fn on_genesis_session<Ks: OpaqueKeys>(validators: &[(AccountId, Ks)]) {
		AUTHORITIES.with(|a| *a.borrow_mut() = validators.iter().map(|(v, _)| *v).collect());
	}

	fn on_new_session<Ks: OpaqueKeys>(
		_: bool,
		validators: &[(AccountId, Ks)],
		_: &[(AccountId, Ks)],
	) {
		AUTHORITIES.with(|a| *a.borrow_mut() = validators.iter().map(|(v, _)| *v).collect());
	}

	fn on_disabled(_: u32) {}
}

parameter_types! {
	pub const KeyDeposit: Balance = 10;
}

impl pallet_session::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = ValidatorSet;
	type NextSessionRotation = ValidatorSet;
	type SessionManager = ValidatorSet;
	type SessionHandler = RecordingHandler;
	type Keys = UintAuthorityId;
	type DisablingStrategy = ();
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = KeyDeposit;
}

pub const MAX_VALIDATORS: u32 = 4;
pub const MIN_VALIDATORS: u32 = 2;
pub const MIN_SESSION: u64 = 2;
pub const MAX_SESSION: u64 = 100;
pub const SESSION: u64 = 5;

/// Registers keys for an account the way `Session::set_keys` does, without a proof.
#[cfg(feature = "runtime-benchmarks")]
pub struct RegisterKeys;
#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<AccountId> for RegisterKeys {
	fn register_keys(who: &AccountId) {
		pallet_session::NextKeys::<Test>::insert(who, UintAuthorityId(*who));
	}
}

impl Config for Test {
	type ManageOrigin = frame_system::EnsureRoot<AccountId>;
	type KeysRegistration = Session;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type MinValidators = ConstU32<MIN_VALIDATORS>;
	type MinSessionLength = ConstU64<MIN_SESSION>;
	type MaxSessionLength = ConstU64<MAX_SESSION>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RegisterKeys;
}

/// The genesis validators.
pub const GENESIS: [AccountId; 3] = [1, 2, 3];
/// Accounts with funds for key deposits.
pub const FUNDED: [AccountId; 8] = [1, 2, 3, 4, 5, 6, 7, 8];

pub struct ExtBuilder;

impl ExtBuilder {
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage =
			frame_system::GenesisConfig::<Test>::default().build_storage().expect("genesis");
		pallet_balances::GenesisConfig::<Test> {
			balances: FUNDED.iter().map(|a| (*a, 1_000)).collect(),
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.expect("balances genesis");
		pallet_validator_set::GenesisConfig::<Test> {
			validators: GENESIS.to_vec(),
			session_length: SESSION,
		}
		.assimilate_storage(&mut storage)
		.expect("validator set genesis");
		pallet_session::GenesisConfig::<Test> {
			keys: GENESIS.iter().map(|v| (*v, *v, UintAuthorityId(*v))).collect(),
			non_authority_keys: Vec::new(),
		}
		.assimilate_storage(&mut storage)
		.expect("session genesis");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Runs `test`, then checks the pallet's invariants and `pallet_session`'s.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			crate::try_state::do_try_state::<Test>().expect("validator set invariants hold");
			#[cfg(feature = "try-runtime")]
			pallet_session::Pallet::<Test>::do_try_state().expect("session invariants hold");
		});
	}
}

pub fn new_test_ext() -> ExtBuilder {
	ExtBuilder
}

/// Runs blocks until `n`, as the executive does: `on_initialize` of System, then Session.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		<Session as Hooks<u64>>::on_initialize(next);
	}
}

/// Registers session keys for `who` (its own id as the key).
pub fn set_keys(who: AccountId) {
	pallet_session::Pallet::<Test>::set_keys(
		RuntimeOrigin::signed(who),
		UintAuthorityId(who),
		Vec::new(),
	)
	.expect("keys can be set");
}
