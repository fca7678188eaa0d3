//! A test runtime: System, Balances, the real DID registry and revocation registries, and the
//! presentation pallet verifying through the BLS12-381 host calls (run natively here, as the
//! node runs them for the wasm runtime). Block numbers are `u32`, as in DIDimo's runtime, so
//! request ids (and the fixture proof's challenge) are the same here and on chain. Verifier
//! calls reach the pallet DID-signed, through `Did::submit_did_call`, or directly with the
//! DID origin it gives.

use core::cell::Cell;

use didimo_primitives::did::{DidIdentifier, Relationship, ZkIssuerKey};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, ConstU64, UnixTime},
	BoundedVec,
};
use frame_system::EnsureRoot;
use pallet_did::{
	relationship::AssertionMethod, DidCallAuthorization, DidManagementCalls, EnsureDidWithDepositor,
};
use sp_runtime::{AccountId32, BuildStorage, DispatchResult, MultiSignature, MultiSigner};

use crate::{self as pallet_presentation, *};

pub type AccountId = AccountId32;
pub type Balance = u128;
type Block = frame_system::mocking::MockBlockU32<Test>;
pub type Extrinsic = frame_system::mocking::MockUncheckedExtrinsic<Test>;

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

	#[runtime::pallet_index(4)]
	pub type Presentation = pallet_presentation;
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

/// The DID registry's real check: a canonical Jubjub point of the prime-order subgroup.
pub struct JubjubKeyCheck;
impl pallet_did::ZkIssuerKeyCheck for JubjubKeyCheck {
	fn is_valid(key: &ZkIssuerKey) -> bool {
		didimo_zk::jubjub::is_valid_public_key(&key.0)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn valid_key() -> ZkIssuerKey {
		ZkIssuerKey(didimo_zk::jubjub::generator_public_key())
	}
}

impl pallet_did::Config for Test {
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	type DidCallAuthorization = TestCallAuthorization;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type ZkIssuerKeyCheck = JubjubKeyCheck;
	type ZkKeyObserver = Presentation;
	type BaseDeposit = ConstU128<1_000>;
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
	type MaxValidityWindow = ConstU32<10>;
	type WeightInfo = ();
}

/// Revocation roots stay acceptable this many blocks after being replaced.
pub const REVOCATION_FRESHNESS: u32 = 5;

impl pallet_revocation::Config for Test {
	type IssuerOrigin = EnsureDidWithDepositor<Test, AssertionMethod>;
	type Dids = Did;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type RegistryDeposit = ConstU128<500>;
	type PageDeposit = ConstU128<10>;
	type MaxCapacity = ConstU32<{ 2 * pallet_revocation::PAGE_BITS }>;
	type MaxBatch = ConstU32<8>;
	type MaxDelegates = ConstU32<2>;
	type MaxRootHistory = ConstU32<3>;
	type RootFreshness = ConstU32<REVOCATION_FRESHNESS>;
	type MaxRemovalsPerCall = ConstU32<64>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

thread_local! {
	static NOW: Cell<u64> = const { Cell::new(fixture::TIME) };
}

/// The chain's time: set by the tests ([`set_time`]).
pub struct MockTime;
impl UnixTime for MockTime {
	fn now() -> core::time::Duration {
		core::time::Duration::from_secs(NOW.with(Cell::get))
	}
}

/// Sets the chain's time (Unix seconds).
pub fn set_time(seconds: u64) {
	NOW.with(|now| now.set(seconds));
}

pub const LIST_DEPOSIT: Balance = 300;
pub const REQUEST_DEPOSIT: Balance = 200;
pub const NULLIFIER_DEPOSIT: Balance = 50;
pub const MAX_LISTS_PER_ISSUER: u32 = 3;
pub const MAX_ROOT_HISTORY: u32 = 3;
pub const ROOT_FRESHNESS: u32 = 4;
pub const MAX_REQUEST_LIFETIME: u32 = 200_000;
pub const MAX_CLOCK_SKEW: u64 = 60;
pub const MAX_CHORES: u32 = 4;
pub const MAX_SCAN: u32 = 8;
pub const HOUSEKEEPING_INTERVAL: u32 = 5;
pub const PRIORITY: u64 = 1 << 20;

parameter_types! {
	pub const MaxClockSkew: u64 = MAX_CLOCK_SKEW;
	/// The current authorities; tests set them.
	pub static AuthorityList: Vec<MultiSigner> = Vec::new();
}

/// The test authorities' application key.
pub mod test_crypto {
	use sp_runtime::{
		app_crypto::{app_crypto, sr25519},
		KeyTypeId,
	};
	/// The test authorities' key type.
	pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"tprs");
	app_crypto!(sr25519, KEY_TYPE);
}

impl frame_system::offchain::SigningTypes for Test {
	type Public = MultiSigner;
	type Signature = MultiSignature;
}

impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	type Extrinsic = Extrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<LocalCall> frame_system::offchain::CreateBare<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	fn create_bare(call: RuntimeCall) -> Extrinsic {
		Extrinsic::new_bare(call)
	}
}

impl pallet_presentation::Config for Test {
	type CircuitOrigin = EnsureRoot<AccountId>;
	type VerifierOrigin = EnsureDidWithDepositor<Test, AssertionMethod>;
	type Dids = Did;
	type Registries = Revocation;
	type Time = MockTime;
	type Engine = didimo_zk::verifier::HostBls12_381;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type ListDeposit = ConstU128<LIST_DEPOSIT>;
	type RequestDeposit = ConstU128<REQUEST_DEPOSIT>;
	type NullifierDeposit = ConstU128<NULLIFIER_DEPOSIT>;
	type MaxListsPerIssuer = ConstU32<MAX_LISTS_PER_ISSUER>;
	type MaxRootHistory = ConstU32<MAX_ROOT_HISTORY>;
	type RootFreshness = ConstU32<ROOT_FRESHNESS>;
	type MaxRequestLifetime = ConstU32<MAX_REQUEST_LIFETIME>;
	type MaxClockSkew = MaxClockSkew;
	type AuthorityId = didimo_primitives::offchain::Sr25519Authority<test_crypto::Public>;
	type Authorities = AuthorityList;
	type MaxChoresPerTx = ConstU32<MAX_CHORES>;
	type MaxOffchainScan = ConstU32<MAX_SCAN>;
	type HousekeepingInterval = ConstU32<HOUSEKEEPING_INTERVAL>;
	type UnsignedPriority = ConstU64<PRIORITY>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_revocation::BenchmarkHelper<AccountId> for MockBenchmarkHelper {
	fn activate_did(did: &DidIdentifier, owner: AccountId) {
		pallet_did::benchmarking::activate_did::<Test>(did, owner);
	}
}
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId, MultiSigner> for MockBenchmarkHelper {
	fn activate_did(did: &DidIdentifier, owner: AccountId, zk_key: Option<ZkIssuerKey>) {
		pallet_did::benchmarking::activate_did::<Test>(did, owner);
		if let Some(key) = zk_key {
			pallet_did::benchmarking::set_zk_issuer_key::<Test>(did, key);
		}
	}

	fn create_registry(issuer: &DidIdentifier, owner: AccountId) -> u64 {
		Revocation::benchmark_registry(issuer, owner, crate::fixture::CAPACITY)
	}

	fn supersede_registry_root(registry: u64, root: didimo_primitives::revocation::Digest) {
		Revocation::benchmark_supersede_root(registry, root);
	}

	fn set_time(seconds: u64) {
		set_time(seconds);
	}

	fn set_last_authority(authority: MultiSigner) {
		AuthorityList::set(vec![authority]);
	}
}

/// The runtime's rule: presentation calls need `assertionMethod`, except the permissionless
/// ones and `present`, which are not DID-signed; DID-document updates follow the DID pallet.
pub struct TestCallAuthorization;
impl DidCallAuthorization<RuntimeCall> for TestCallAuthorization {
	fn required_relationship(call: &RuntimeCall) -> Option<Relationship> {
		match call {
			RuntimeCall::Presentation(
				Call::create_list { .. }
				| Call::add_issuer { .. }
				| Call::remove_issuer { .. }
				| Call::close_list { .. }
				| Call::create_request { .. }
				| Call::close_request { .. }
				| Call::leave_list { .. },
			) => Some(Relationship::AssertionMethod),
			RuntimeCall::Presentation(_) => None,
			RuntimeCall::Revocation(pallet_revocation::Call::close_orphaned { .. }) => None,
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
/// An account that pays for nothing: it cleans up, and must get nothing for it.
pub const CAROL: u8 = 4;
pub const ENDOWMENT: Balance = 1_000_000;

pub use pallet_did::testing::TestDid;

/// Registers `who` as a DID serving authentication, assertionMethod and
/// capabilityInvocation, paid by Alice.
pub fn register(who: &TestDid) -> DidIdentifier {
	pallet_did::testing::register::<Test>(
		who,
		&[
			Relationship::Authentication,
			Relationship::AssertionMethod,
			Relationship::CapabilityInvocation,
		],
		account(ALICE),
	)
}

/// `who` signs `call` as its DID with `key-1` and `submitter` submits it; returns the inner
/// call's result.
pub fn did_call(who: &TestDid, submitter: u8, call: impl Into<RuntimeCall>) -> DispatchResult {
	let did = who.did();
	let outer = pallet_did::testing::submit_with_key::<Test>(
		who,
		&did,
		"key-1",
		&did,
		account(submitter),
		call.into(),
	);
	frame_support::assert_ok!(outer);
	pallet_did::testing::last_did_call_result::<Test>().expect("DidCallDispatched is emitted")
}

/// The DID origin `submit_did_call` gives an `assertionMethod` call of `did` submitted by
/// `submitter`: for direct calls in `assert_noop!` tests.
pub fn verifier_origin(did: &DidIdentifier, submitter: u8) -> RuntimeOrigin {
	pallet_did::DidRawOrigin {
		did: did.clone(),
		submitter: account(submitter),
		relationship: Relationship::AssertionMethod,
	}
	.into()
}

/// A plain signed origin.
pub fn signed(who: u8) -> RuntimeOrigin {
	RuntimeOrigin::signed(account(who))
}

/// Moves to the next block.
pub fn next_block() {
	System::set_block_number(System::block_number() + 1);
}

/// Moves `n` blocks on.
pub fn advance(n: u32) {
	System::set_block_number(System::block_number() + n);
}

/// What `who` holds for `reason`.
pub fn held(who: u8, reason: HoldReason) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&RuntimeHoldReason::Presentation(reason), &account(who))
}

/// Externalities with nothing registered, at block 1 (so events are kept).
pub fn new_test_ext() -> sp_io::TestExternalities {
	with_genesis(Vec::new())
}

/// Externalities whose genesis registers `circuits`, with funded accounts.
pub fn with_genesis(circuits: Vec<(CircuitVersion, Vec<u8>)>) -> sp_io::TestExternalities {
	let mut storage =
		frame_system::GenesisConfig::<Test>::default().build_storage().expect("genesis");
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(account(ALICE), ENDOWMENT),
			(account(BOB), ENDOWMENT),
			(account(PAUPER), 10),
			(account(CAROL), ENDOWMENT),
			(crate::fixture::did(crate::fixture::SUBMITTER), ENDOWMENT),
		],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.expect("balances genesis");
	pallet_presentation::GenesisConfig::<Test> { circuits, ..Default::default() }
		.assimilate_storage(&mut storage)
		.expect("presentation genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	// The housekeeping benchmarks sign with a key they generate here.
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext.execute_with(|| {
		System::set_block_number(1);
		set_time(fixture::TIME);
	});
	ext
}

/// Checks every pallet's invariants.
pub fn check_invariants() {
	crate::try_state::do_try_state::<Test>().expect("presentation invariants hold");
	crate::try_state::check_deposits_of::<Test>(
		[ALICE, BOB, PAUPER, CAROL]
			.map(account)
			.into_iter()
			.chain([fixture::did(fixture::SUBMITTER)]),
	)
	.expect("every account holds exactly its records' deposits");
	#[cfg(feature = "try-runtime")]
	{
		use frame_support::traits::{TryState, TryStateSelect};
		let n = System::block_number();
		<Did as TryState<u32>>::try_state(n, TryStateSelect::All).expect("DID invariants hold");
		<Revocation as TryState<u32>>::try_state(n, TryStateSelect::All)
			.expect("revocation invariants hold");
	}
}

/// Runs `test` in fresh externalities, then checks the invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		check_invariants();
	});
}

/// Runs `test` with the development keys of versions 1 and 2 registered at genesis, then
/// checks the invariants.
pub fn with_dev_circuit(test: impl FnOnce()) {
	with_genesis(vec![(1, dev::VERIFYING_KEY_V1.to_vec()), (2, dev::VERIFYING_KEY_V2.to_vec())])
		.execute_with(|| {
			test();
			check_invariants();
		});
}

/// The development key of version 1 as a call argument.
pub fn dev_key() -> BoundedVec<u8, ConstU32<VERIFYING_KEY_BYTES>> {
	BoundedVec::truncate_from(dev::VERIFYING_KEY_V1.to_vec())
}

/// The last event the pallet deposited.
pub fn last_event() -> Option<Event<Test>> {
	System::events().into_iter().rev().find_map(|record| match record.event {
		RuntimeEvent::Presentation(event) => Some(event),
		_ => None,
	})
}

/// Every event the pallet deposited, in order.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Presentation(event) => Some(event),
			_ => None,
		})
		.collect()
}
