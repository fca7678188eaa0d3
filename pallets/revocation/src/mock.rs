//! A test runtime: System, Balances, the real DID registry and the revocation registries, with
//! small bounds so every bound can be tested at N and N+1. Calls reach the revocation pallet
//! the way they do on chain: DID-signed, through `Did::submit_did_call`.

use didimo_primitives::did::{DidIdentifier, Relationship, ZkIssuerKey};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
	BoundedVec,
};
use pallet_did::{
	relationship::AssertionMethod, DidCallAuthorization, DidManagementCalls, EnsureDidWithDepositor,
};
use sp_runtime::{AccountId32, BuildStorage, DispatchResult};

use crate::{self as pallet_revocation, *};

pub type AccountId = AccountId32;
pub type Balance = u128;
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
	pub type Did = pallet_did;

	#[runtime::pallet_index(3)]
	pub type Revocation = pallet_revocation;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

pub const MAX_WINDOW: u64 = 10;

/// Any ZK issuer key is fine here; the DID pallet's own tests cover the check.
pub struct AnyZkKey;
impl pallet_did::ZkIssuerKeyCheck for AnyZkKey {
	fn is_valid(_: &ZkIssuerKey) -> bool {
		true
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn valid_key() -> ZkIssuerKey {
		ZkIssuerKey([1; 32])
	}
}

parameter_types! {
	pub const DidDeposit: Balance = 1_000;
}

impl pallet_did::Config for Test {
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	type DidCallAuthorization = TestCallAuthorization;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type ZkIssuerKeyCheck = AnyZkKey;
	type ZkKeyObserver = ();
	type BaseDeposit = DidDeposit;
	type TombstoneFee = ConstU128<100>;
	type KeyDeposit = ConstU128<100>;
	type ControllerDeposit = ConstU128<50>;
	type ServiceDeposit = ConstU128<200>;
	type MaxVerificationMethods = ConstU32<4>;
	type MaxControllers = ConstU32<2>;
	type MaxServices = ConstU32<2>;
	type MaxIdLength = ConstU32<16>;
	type MaxServiceTypes = ConstU32<2>;
	type MaxServiceTypeLength = ConstU32<32>;
	type MaxServiceEndpoints = ConstU32<2>;
	type MaxServiceEndpointLength = ConstU32<64>;
	type MaxValidityWindow = ConstU64<MAX_WINDOW>;
	type WeightInfo = ();
}

use frame_support::traits::ConstU128;

pub const REGISTRY_DEPOSIT: Balance = 500;
pub const PAGE_DEPOSIT: Balance = 10;
/// Two pages and a bit: the capacity bound tests use.
pub const MAX_CAPACITY: u32 = 3 * PAGE_BITS;
pub const MAX_BATCH: u32 = 8;
pub const MAX_DELEGATES: u32 = 2;
pub const MAX_ROOT_HISTORY: u32 = 3;
pub const ROOT_FRESHNESS: u64 = 5;
pub const MAX_REMOVALS: u32 = 4;

impl pallet_revocation::Config for Test {
	type IssuerOrigin = EnsureDidWithDepositor<Test, AssertionMethod>;
	type Dids = Did;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type RegistryDeposit = ConstU128<REGISTRY_DEPOSIT>;
	type PageDeposit = ConstU128<PAGE_DEPOSIT>;
	type MaxCapacity = ConstU32<MAX_CAPACITY>;
	type MaxBatch = ConstU32<MAX_BATCH>;
	type MaxDelegates = ConstU32<MAX_DELEGATES>;
	type MaxRootHistory = ConstU32<MAX_ROOT_HISTORY>;
	type RootFreshness = ConstU64<ROOT_FRESHNESS>;
	type MaxRemovalsPerCall = ConstU32<MAX_REMOVALS>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = DidBenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct DidBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for DidBenchmarkHelper {
	fn activate_did(did: &DidIdentifier, owner: AccountId) {
		pallet_did::benchmarking::activate_did::<Test>(did, owner);
	}
}

/// The runtime's rule: revocation calls need `assertionMethod`, except `close_orphaned`,
/// which is not DID-signed; DID-document updates follow the DID pallet.
pub struct TestCallAuthorization;
impl DidCallAuthorization<RuntimeCall> for TestCallAuthorization {
	fn required_relationship(call: &RuntimeCall) -> Option<Relationship> {
		match call {
			RuntimeCall::Revocation(Call::close_orphaned { .. }) => None,
			RuntimeCall::Revocation(_) => Some(Relationship::AssertionMethod),
			call => DidManagementCalls::<Test>::required_relationship(call),
		}
	}
}

pub fn account(n: u8) -> AccountId {
	AccountId32::new([n; 32])
}

pub const ALICE: u8 = 1;
pub const BOB: u8 = 2;
/// An account too poor for any deposit.
pub const PAUPER: u8 = 3;
/// An account that pays for nothing of the DIDs' or registries': it closes orphaned
/// registries, and must get nothing for it.
pub const CAROL: u8 = 4;
pub const ENDOWMENT: Balance = 1_000_000;
/// Every account with a balance: the deposit check looks at each of them.
pub const ACCOUNTS: [u8; 4] = [ALICE, BOB, PAUPER, CAROL];

pub use pallet_did::testing::TestDid;

/// Registers `who` as a DID whose key serves `relationships`, paid by Alice.
pub fn register(who: &TestDid, relationships: &[Relationship]) -> DidIdentifier {
	pallet_did::testing::register::<Test>(who, relationships, account(ALICE))
}

/// An issuer DID: authentication, assertionMethod and capabilityInvocation.
pub fn issuer(seed: &str) -> (TestDid, DidIdentifier) {
	let who = TestDid::new(seed);
	let did = register(
		&who,
		&[
			Relationship::Authentication,
			Relationship::AssertionMethod,
			Relationship::CapabilityInvocation,
		],
	);
	(who, did)
}

/// `who` signs `call` as its DID with `key-1` and `submitter` submits it; returns the inner
/// call's result (the outer `submit_did_call` must succeed: signature and relationship hold).
pub fn did_call(who: &TestDid, submitter: u8, call: impl Into<RuntimeCall>) -> DispatchResult {
	let outer = submit(who, submitter, call.into());
	frame_support::assert_ok!(outer);
	last_did_call_result().expect("submit_did_call emits DidCallDispatched")
}

/// `submit_did_call`'s own result, for the cases it refuses (wrong relationship, unknown DID).
pub fn submit(
	who: &TestDid,
	submitter: u8,
	call: RuntimeCall,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	let did = who.did();
	pallet_did::testing::submit_with_key::<Test>(who, &did, "key-1", &did, account(submitter), call)
}

/// The inner result of the last `DidCallDispatched` event.
pub fn last_did_call_result() -> Option<DispatchResult> {
	pallet_did::testing::last_did_call_result::<Test>()
}

/// The DID origin `submit_did_call` gives an `assertionMethod` call of `did` submitted by
/// `submitter`: for direct calls in `assert_noop!` tests.
pub fn issuer_origin(did: &DidIdentifier, submitter: u8) -> RuntimeOrigin {
	pallet_did::DidRawOrigin {
		did: did.clone(),
		submitter: account(submitter),
		relationship: Relationship::AssertionMethod,
	}
	.into()
}

pub fn indices(list: &[u32]) -> BoundedVec<u32, ConstU32<MAX_BATCH>> {
	BoundedVec::truncate_from(list.to_vec())
}

/// Creates a registry for `did` (submitted by Alice) directly with its DID origin.
pub fn create_registry(did: &DidIdentifier, purpose: StatusPurpose, capacity: u32) -> RegistryId {
	let id = crate::NextRegistryId::<Test>::get();
	frame_support::assert_ok!(Revocation::create_registry(
		issuer_origin(did, ALICE),
		purpose,
		capacity
	));
	id
}

pub fn held(who: u8) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(
		&RuntimeHoldReason::Revocation(HoldReason::RegistryDeposit),
		&account(who),
	)
}

/// Moves to the next block (recent roots are kept one per block).
pub fn next_block() {
	System::set_block_number(System::block_number() + 1);
}

/// A plain signed origin: `close_orphaned` takes any account.
pub fn signed(who: u8) -> RuntimeOrigin {
	RuntimeOrigin::signed(account(who))
}

/// Deactivates the DID of `who` for good (a DID-signed `deactivate`, submitted by Alice).
pub fn deactivate(who: &TestDid) {
	frame_support::assert_ok!(did_call(who, ALICE, pallet_did::Call::<Test>::deactivate {}));
	assert!(pallet_did::Pallet::<Test>::did(&who.did()).is_none(), "the DID is gone");
}

#[derive(Default)]
pub struct ExtBuilder;

impl ExtBuilder {
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage =
			frame_system::GenesisConfig::<Test>::default().build_storage().expect("genesis");
		pallet_balances::GenesisConfig::<Test> {
			balances: vec![
				(account(ALICE), ENDOWMENT),
				(account(BOB), ENDOWMENT),
				(account(PAUPER), 10),
				(account(CAROL), ENDOWMENT),
			],
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.expect("balances genesis");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Runs `test`, then checks both pallets' invariants, and that every account holds
	/// exactly its live registries' deposits (none once its registries are closed).
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			crate::try_state::do_try_state::<Test>().expect("revocation invariants hold");
			crate::try_state::check_deposits_of::<Test>(ACCOUNTS.map(account))
				.expect("every account holds exactly its registries' deposits");
			#[cfg(feature = "try-runtime")]
			<Did as frame_support::traits::TryState<u64>>::try_state(
				System::block_number(),
				frame_support::traits::TryStateSelect::All,
			)
			.expect("DID invariants hold");
		});
	}
}

pub fn new_test_ext() -> ExtBuilder {
	ExtBuilder
}
