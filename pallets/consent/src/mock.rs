//! A test runtime: System, Balances, Timestamp, the real DID registry and the consent grants,
//! with small bounds so every bound can be tested at N and N+1. Calls reach the consent
//! pallet the way they do on chain: DID-signed, through `Did::submit_did_call`. Expiry
//! transactions are unsigned, signed by an sr25519 authority key from a test keystore.

use didimo_primitives::did::{DidIdentifier, Relationship, ZkIssuerKey};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, ConstU64},
	BoundedVec,
};
use pallet_did::{
	relationship::Authentication, DidCallAuthorization, DidManagementCalls, EnsureDidWithDepositor,
};
use sp_runtime::{AccountId32, BuildStorage, DispatchResult, MultiSignature, MultiSigner};

use crate::{self as pallet_consent, *};

pub type AccountId = AccountId32;
pub type Balance = u128;
type Block = frame_system::mocking::MockBlock<Test>;
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
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(3)]
	pub type Did = pallet_did;

	#[runtime::pallet_index(4)]
	pub type Consent = pallet_consent;
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

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

pub const MAX_WINDOW: u64 = 10;

/// Any ZK issuer key is fine here; the DID pallet's own tests cover the check.
pub struct AnyZkKey;
impl pallet_did::ZkIssuerKeyCheck for AnyZkKey {
	fn is_valid(_: &ZkIssuerKey) -> bool {
		true
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn valid_key() -> ZkIssuerKey {
		ZkIssuerKey([7; 32])
	}
}

impl pallet_did::Config for Test {
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	type DidCallAuthorization = TestCallAuthorization;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type ZkIssuerKeyCheck = AnyZkKey;
	type ZkKeyObserver = ();
	type BaseDeposit = ConstU128<1_000>;
	type TombstoneFee = ConstU128<300>;
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

/// The test authorities' application key.
pub mod test_crypto {
	use sp_runtime::{
		app_crypto::{app_crypto, sr25519},
		KeyTypeId,
	};
	/// The test authorities' key type.
	pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"tcon");
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

pub const GRANT_DEPOSIT: Balance = 500;
pub const SCOPE_DEPOSIT: Balance = 10;
pub const MAX_SCOPES: u32 = 3;
pub const MAX_FIELD: u32 = 24;
pub const MAX_GRANTS_PER_PAIR: u32 = 3;
pub const MAX_REVOCATIONS: u32 = 2;
pub const MAX_PURGES: u32 = 3;
/// A grant may end at most a week ahead.
pub const MAX_GRANT_DURATION: Moment = 7 * DAY;
pub const MAX_HISTORY: u32 = 4;
/// One hour of retention for ended grants.
pub const RETENTION: Moment = 3_600_000;
pub const MAX_EXPIRIES: u32 = 2;
pub const MAX_SCAN: u32 = 4;
pub const EXPIRY_INTERVAL: u64 = 5;
pub const PRIORITY: u64 = 1 << 20;

parameter_types! {
	/// The current authorities; tests set them.
	pub static AuthorityList: Vec<MultiSigner> = Vec::new();
}

impl pallet_consent::Config for Test {
	type SubjectOrigin = EnsureDidWithDepositor<Test, Authentication>;
	type GranteeOrigin = EnsureDidWithDepositor<Test, Authentication>;
	type Dids = Did;
	type Time = Timestamp;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type GrantDeposit = ConstU128<GRANT_DEPOSIT>;
	type ScopeDeposit = ConstU128<SCOPE_DEPOSIT>;
	type MaxScopes = ConstU32<MAX_SCOPES>;
	type MaxCategoryLength = ConstU32<MAX_FIELD>;
	type MaxPurposeLength = ConstU32<MAX_FIELD>;
	type MaxJurisdictionLength = ConstU32<4>;
	type MaxPolicyLength = ConstU32<MAX_FIELD>;
	type MaxGrantsPerPair = ConstU32<MAX_GRANTS_PER_PAIR>;
	type MaxRevocationsPerCall = ConstU32<MAX_REVOCATIONS>;
	type MaxPurgesPerCall = ConstU32<MAX_PURGES>;
	type MaxHistory = ConstU32<MAX_HISTORY>;
	type EndedRetention = ConstU64<RETENTION>;
	type MaxGrantDuration = ConstU64<MAX_GRANT_DURATION>;
	type AuthorityId = crate::crypto::Sr25519Authority<test_crypto::Public>;
	type Authorities = AuthorityList;
	type MaxExpiriesPerTx = ConstU32<MAX_EXPIRIES>;
	type MaxOffchainScan = ConstU32<MAX_SCAN>;
	type ExpiryInterval = ConstU64<EXPIRY_INTERVAL>;
	type UnsignedPriority = ConstU64<PRIORITY>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestBenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct TestBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId, MultiSigner> for TestBenchmarkHelper {
	fn activate_did(did: &DidIdentifier, owner: AccountId) {
		pallet_did::benchmarking::activate_did::<Test>(did, owner);
	}
	fn set_time(now: Moment) {
		Timestamp::set_timestamp(now);
	}
	fn set_last_authority(authority: MultiSigner) {
		let mut authorities: Vec<MultiSigner> = (0..31u8)
			.map(|i| MultiSigner::Sr25519(sp_core::sr25519::Public::from_raw([i; 32])))
			.collect();
		authorities.push(authority);
		AuthorityList::set(authorities);
	}
}

/// The runtime's rule: consent calls need `authentication`, except `expire` and `purge`, which
/// are not DID-signed; DID-document updates follow the DID pallet.
pub struct TestCallAuthorization;
impl DidCallAuthorization<RuntimeCall> for TestCallAuthorization {
	fn required_relationship(call: &RuntimeCall) -> Option<Relationship> {
		match call {
			RuntimeCall::Consent(
				pallet_consent::Call::expire { .. } | pallet_consent::Call::purge { .. },
			) => None,
			RuntimeCall::Consent(_) => Some(Relationship::Authentication),
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
/// A third party: neither a subject's nor a grantee's account, nor a depositor.
pub const CHARLIE: u8 = 4;
pub const ENDOWMENT: Balance = 1_000_000;

/// Chain time at the start of every test: 1 January 2025, 00:00 UTC.
pub const T0: Moment = 1_735_689_600_000;
pub const HOUR: Moment = 3_600_000;
pub const DAY: Moment = 24 * HOUR;

pub use pallet_did::testing::TestDid;

/// Registers `who` as a DID whose key serves `relationships`, paid by Bob.
pub fn register(who: &TestDid, relationships: &[Relationship]) -> DidIdentifier {
	pallet_did::testing::register::<Test>(who, relationships, account(BOB))
}

/// A DID whose key serves authentication and capabilityInvocation.
pub fn person(seed: &str) -> (TestDid, DidIdentifier) {
	let who = TestDid::new(seed);
	let did = register(&who, &[Relationship::Authentication, Relationship::CapabilityInvocation]);
	(who, did)
}

/// `who` signs `call` as its DID with `key-1` and `submitter` submits it; returns the inner
/// call's result (the outer `submit_did_call` must succeed: signature and relationship hold).
pub fn did_call(who: &TestDid, submitter: u8, call: impl Into<RuntimeCall>) -> DispatchResult {
	let outer = submit(who, &who.did(), submitter, call.into());
	frame_support::assert_ok!(outer);
	last_did_call_result().expect("submit_did_call emits DidCallDispatched")
}

/// `submit_did_call`'s own result, for the cases it refuses: `signer` signs for `did`.
pub fn submit(
	signer: &TestDid,
	did: &DidIdentifier,
	submitter: u8,
	call: RuntimeCall,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	submit_with_key(signer, &signer.did(), "key-1", did, submitter, call)
}

/// `submit_did_call`'s own result: the key `key_id` of the DID `signer_did`, held by
/// `signer`, signs for `did`.
pub fn submit_with_key(
	signer: &TestDid,
	signer_did: &DidIdentifier,
	key_id: &str,
	did: &DidIdentifier,
	submitter: u8,
	call: RuntimeCall,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	pallet_did::testing::submit_with_key::<Test>(
		signer,
		signer_did,
		key_id,
		did,
		account(submitter),
		call,
	)
}

/// The inner result of the last `DidCallDispatched` event.
pub fn last_did_call_result() -> Option<DispatchResult> {
	pallet_did::testing::last_did_call_result::<Test>()
}

/// The DID origin `submit_did_call` gives an `authentication` call of `did` submitted by
/// `submitter`: for direct calls in `assert_noop!` tests.
pub fn did_origin(did: &DidIdentifier, submitter: u8) -> RuntimeOrigin {
	pallet_did::DidRawOrigin {
		did: did.clone(),
		submitter: account(submitter),
		relationship: Relationship::Authentication,
	}
	.into()
}

pub fn bytes<S: frame_support::traits::Get<u32>>(raw: &[u8]) -> BoundedVec<u8, S> {
	BoundedVec::truncate_from(raw.to_vec())
}

/// A scope over `category` for `purpose` allowing `actions` (a bitset).
pub fn scope(category: &str, actions: u8, purpose: &str) -> Scope<Test> {
	Scope {
		category: bytes(category.as_bytes()),
		actions: Actions(actions),
		purpose: bytes(purpose.as_bytes()),
	}
}

pub fn scopes(list: &[Scope<Test>]) -> Scopes<Test> {
	BoundedVec::truncate_from(list.to_vec())
}

/// The scope most tests grant: read and store email addresses for service provision.
pub fn email() -> Scope<Test> {
	scope("email", Actions::READ | Actions::STORE, "dpv:ServiceProvision")
}

/// Gives a grant from `subject` to `grantee` (submitted by Alice) over `list`, valid on
/// `[from, until)`, directly with the subject's DID origin.
pub fn grant_with(
	subject: &DidIdentifier,
	grantee: &DidIdentifier,
	list: &[Scope<Test>],
	from: Moment,
	until: Moment,
) -> GrantId {
	let id = crate::NextGrantId::<Test>::get();
	frame_support::assert_ok!(Consent::grant(
		did_origin(subject, ALICE),
		grantee.clone(),
		scopes(list),
		from,
		until,
		[7u8; 32],
		bytes(b"EU"),
		bytes(b"https://example.org/p"),
	));
	id
}

/// A grant of [`email`] valid for a day from now.
pub fn grant_email(subject: &DidIdentifier, grantee: &DidIdentifier) -> GrantId {
	grant_with(subject, grantee, &[email()], now(), now() + DAY)
}

pub fn now() -> Moment {
	pallet_timestamp::Now::<Test>::get()
}

pub fn set_now(moment: Moment) {
	Timestamp::set_timestamp(moment);
}

/// `who` deactivates its DID (signed with its `capabilityInvocation` key, submitted by Bob).
pub fn deactivate(who: &TestDid) {
	frame_support::assert_ok!(did_call(who, BOB, pallet_did::Call::<Test>::deactivate {}));
}

pub fn free(who: u8) -> Balance {
	Balances::free_balance(account(who))
}

pub fn held(who: u8) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&RuntimeHoldReason::Consent(HoldReason::GrantDeposit), &account(who))
}

pub fn record(id: GrantId) -> Grant<Test> {
	Consent::grant_record(id).expect("the grant is stored")
}

pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Consent(event) => Some(event),
			_ => None,
		})
		.collect()
}

pub fn lifecycle(id: GrantId) -> Vec<Lifecycle> {
	Consent::api_history(id).unwrap_or_default().into_iter().map(|entry| entry.event).collect()
}

/// Moves to the next block.
pub fn next_block() {
	System::set_block_number(System::block_number() + 1);
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
				(account(CHARLIE), ENDOWMENT),
			],
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.expect("balances genesis");
		let mut ext = sp_io::TestExternalities::new(storage);
		// The `expire` benchmark signs with a key it generates here.
		ext.register_extension(sp_keystore::KeystoreExt::new(
			sp_keystore::testing::MemoryKeystore::new(),
		));
		ext.execute_with(|| {
			System::set_block_number(1);
			set_now(T0);
		});
		ext
	}

	/// Runs `test`, then checks both pallets' invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			check_invariants();
		});
	}
}

/// The consent and DID pallets' invariants, and one `try_state` cannot check: no account
/// holds a grant deposit that its grants do not require, including accounts whose grants are
/// all gone (so every purge released exactly the deposit, to the account that paid it).
pub fn check_invariants() {
	crate::try_state::do_try_state::<Test>().expect("consent invariants hold");
	let reason = RuntimeHoldReason::Consent(HoldReason::GrantDeposit);
	for (who, holds) in pallet_balances::Holds::<Test>::iter() {
		let held: Balance =
			holds.iter().filter(|hold| hold.id == reason).map(|hold| hold.amount).sum();
		let owed: Balance = crate::Grants::<Test>::iter_values()
			.filter(|grant| grant.depositor == who)
			.map(|grant| grant.deposit)
			.sum();
		assert_eq!(held, owed, "{who:?} holds a grant deposit its grants do not require");
	}
	#[cfg(feature = "try-runtime")]
	<Did as frame_support::traits::TryState<u64>>::try_state(
		System::block_number(),
		frame_support::traits::TryStateSelect::All,
	)
	.expect("DID invariants hold");
}

pub fn new_test_ext() -> ExtBuilder {
	ExtBuilder
}
