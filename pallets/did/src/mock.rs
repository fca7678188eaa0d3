//! A test runtime: System, Balances and the DID registry, with small bounds so every bound
//! can be tested at N and N+1.

use didimo_primitives::did::{
	DidIdentifier, DidPublicKey, DidSignature, DidVerificationKey, Relationship, Relationships,
	ZkIssuerKey,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
	BoundedVec,
};
use sp_core::{ed25519, sr25519, Pair};
use sp_runtime::{AccountId32, BuildStorage};

use crate::{self as pallet_did, *};

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
}

parameter_types! {
	/// The runtime's spec version; tests change it to stand for an upgrade.
	pub static SpecVersion: u32 = 1;
}

/// The runtime version, with [`SpecVersion`].
pub struct MockVersion;
impl frame_support::traits::Get<sp_version::RuntimeVersion> for MockVersion {
	fn get() -> sp_version::RuntimeVersion {
		sp_version::RuntimeVersion { spec_version: SpecVersion::get(), ..Default::default() }
	}
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type Version = MockVersion;
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

pub const BASE_DEPOSIT: Balance = 1_000;
pub const TOMBSTONE_FEE: Balance = 300;
pub const KEY_DEPOSIT: Balance = 100;
pub const CONTROLLER_DEPOSIT: Balance = 50;
pub const SERVICE_DEPOSIT: Balance = 200;
pub const MAX_METHODS: u32 = 4;
pub const MAX_CONTROLLERS: u32 = 2;
pub const MAX_SERVICES: u32 = 2;
pub const MAX_WINDOW: u64 = 10;

parameter_types! {
	pub const BaseDeposit: Balance = BASE_DEPOSIT;
	pub const TombstoneFee: Balance = TOMBSTONE_FEE;
	pub const KeyDeposit: Balance = KEY_DEPOSIT;
	pub const ControllerDeposit: Balance = CONTROLLER_DEPOSIT;
	pub const ServiceDeposit: Balance = SERVICE_DEPOSIT;
}

/// Accepts ZK issuer keys whose first byte is not 0xff: the real curve check lives in
/// didimo-zk and is tested there; here it only has to say no sometimes.
pub struct TestZkCheck;
impl ZkIssuerKeyCheck for TestZkCheck {
	fn is_valid(key: &ZkIssuerKey) -> bool {
		key.0[0] != 0xff
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
	type ZkIssuerKeyCheck = TestZkCheck;
	type ZkKeyObserver = ();
	type BaseDeposit = BaseDeposit;
	type TombstoneFee = TombstoneFee;
	type KeyDeposit = KeyDeposit;
	type ControllerDeposit = ControllerDeposit;
	type ServiceDeposit = ServiceDeposit;
	type MaxVerificationMethods = ConstU32<MAX_METHODS>;
	type MaxControllers = ConstU32<MAX_CONTROLLERS>;
	type MaxServices = ConstU32<MAX_SERVICES>;
	type MaxIdLength = ConstU32<16>;
	type MaxServiceTypes = ConstU32<2>;
	type MaxServiceTypeLength = ConstU32<32>;
	type MaxServiceEndpoints = ConstU32<2>;
	type MaxServiceEndpointLength = ConstU32<64>;
	type MaxValidityWindow = ConstU64<MAX_WINDOW>;
	type WeightInfo = ();
}

/// The DID pallet's own rules, plus `System::remark` signable with any relationship given by
/// its first byte (so tests can exercise every relationship through a harmless call).
pub struct TestCallAuthorization;
impl DidCallAuthorization<RuntimeCall> for TestCallAuthorization {
	fn required_relationship(call: &RuntimeCall) -> Option<Relationship> {
		match call {
			RuntimeCall::System(frame_system::Call::remark { remark }) => match remark.first() {
				Some(0) => Some(Relationship::Authentication),
				Some(1) => Some(Relationship::AssertionMethod),
				Some(2) => Some(Relationship::CapabilityDelegation),
				_ => None,
			},
			call => DidManagementCalls::<Test>::required_relationship(call),
		}
	}
}

pub fn account(n: u8) -> AccountId {
	AccountId32::new([n; 32])
}

pub const ALICE: u8 = 1;
pub const BOB: u8 = 2;
pub const CHARLIE: u8 = 3;
pub const ENDOWMENT: Balance = 1_000_000;

/// A DID's signing key for tests: an sr25519 or ed25519 pair from a dev seed.
#[derive(Clone)]
pub enum TestKey {
	Sr(sr25519::Pair),
	Ed(ed25519::Pair),
}

impl TestKey {
	pub fn sr(seed: &str) -> Self {
		Self::Sr(sr25519::Pair::from_string(&format!("//{seed}"), None).expect("dev seed"))
	}
	pub fn ed(seed: &str) -> Self {
		Self::Ed(ed25519::Pair::from_string(&format!("//{seed}"), None).expect("dev seed"))
	}
	pub fn public(&self) -> DidVerificationKey {
		match self {
			Self::Sr(p) => DidVerificationKey::Sr25519(p.public()),
			Self::Ed(p) => DidVerificationKey::Ed25519(p.public()),
		}
	}
	pub fn did(&self) -> DidIdentifier {
		self.public().derive_did()
	}
	pub fn sign(&self, payload: &[u8]) -> DidSignature {
		match self {
			Self::Sr(p) => DidSignature::Sr25519(p.sign(payload)),
			Self::Ed(p) => DidSignature::Ed25519(p.sign(payload)),
		}
	}
}

pub fn id(s: &str) -> FragmentId<Test> {
	BoundedVec::truncate_from(s.as_bytes().to_vec())
}

pub fn rels(list: &[Relationship]) -> Relationships {
	list.iter().fold(Relationships::NONE, |set, r| set.with(*r))
}

/// A signing method serving `relationships`.
pub fn method(
	key_id: &str,
	key: &TestKey,
	relationships: &[Relationship],
) -> VerificationMethod<Test> {
	VerificationMethod {
		id: id(key_id),
		key: DidPublicKey::Verification(key.public()),
		relationships: rels(relationships),
	}
}

/// The relationships a fresh DID's first key gets in tests: all a signing key may serve.
pub const ALL_SIGNING: [Relationship; 4] = [
	Relationship::Authentication,
	Relationship::AssertionMethod,
	Relationship::CapabilityInvocation,
	Relationship::CapabilityDelegation,
];

pub fn service(service_id: &str, endpoint: &str) -> Service<Test> {
	Service {
		id: id(service_id),
		types: BoundedVec::truncate_from(vec![BoundedVec::truncate_from(
			b"LinkedDomains".to_vec(),
		)]),
		endpoints: BoundedVec::truncate_from(vec![BoundedVec::truncate_from(
			endpoint.as_bytes().to_vec(),
		)]),
	}
}

/// The creation details for a DID of `key`, submitted by `submitter`, with one method.
pub fn creation(key: &TestKey, submitter: u8) -> DidCreation<Test> {
	DidCreation {
		did: key.did(),
		submitter: account(submitter),
		valid_until: System::block_number() + MAX_WINDOW,
		methods: BoundedVec::truncate_from(vec![method("key-1", key, &ALL_SIGNING)]),
		controllers: BoundedVec::new(),
		services: BoundedVec::new(),
	}
}

/// `key`'s signature over a creation, as a wallet makes it.
pub fn sign_creation(key: &TestKey, details: &DidCreation<Test>) -> DidSignature {
	key.sign(&details.signing_payload(&Did::genesis_hash()))
}

/// `key`'s signature over a creation as a browser wallet extension makes it (wrapped in
/// `<Bytes>`...`</Bytes>`).
pub fn sign_creation_wrapped(key: &TestKey, details: &DidCreation<Test>) -> DidSignature {
	key.sign(&didimo_primitives::did::wrap_bytes(&details.signing_payload(&Did::genesis_hash())))
}

/// Creates a DID for `key`, submitted and paid by `submitter`.
pub fn create_did(key: &TestKey, submitter: u8) -> DidIdentifier {
	let details = creation(key, submitter);
	let signature = sign_creation(key, &details);
	frame_support::assert_ok!(Did::create(
		RuntimeOrigin::signed(account(submitter)),
		Box::new(details),
		signature,
		BoundedVec::new()
	));
	key.did()
}

/// `key`'s proof of possession for joining `did` at `counter`.
pub fn key_proof(key: &TestKey, did: &DidIdentifier, counter: u64) -> DidSignature {
	key.sign(&key_possession_payload(&Did::genesis_hash(), did, counter, &key.public()))
}

/// The counter the next DID-signed call for `did` carries, which key proofs in it bind.
pub fn next_counter(did: &DidIdentifier) -> u64 {
	Did::did(did).map(|r| r.counter + 1).unwrap_or(1)
}

/// A DID-signed call operation with the DID's next counter, valid from now for the window.
pub fn operation(
	did: &DidIdentifier,
	key_id: &str,
	submitter: u8,
	call: RuntimeCall,
) -> DidCallOperation<Test> {
	let now = System::block_number();
	DidCallOperation {
		did: did.clone(),
		signer: did.clone(),
		key_id: id(key_id),
		counter: Did::did(did).map(|r| r.counter + 1).unwrap_or(1),
		valid_from: now,
		valid_until: now + MAX_WINDOW,
		spec_version: SpecVersion::get(),
		submitter: account(submitter),
		call: Box::new(call),
	}
}

pub fn sign_operation(key: &TestKey, operation: &DidCallOperation<Test>) -> DidSignature {
	key.sign(&operation.signing_payload(&Did::genesis_hash()))
}

/// `key`'s signature over an operation as a browser wallet extension makes it.
pub fn sign_operation_wrapped(key: &TestKey, operation: &DidCallOperation<Test>) -> DidSignature {
	key.sign(&didimo_primitives::did::wrap_bytes(&operation.signing_payload(&Did::genesis_hash())))
}

/// Signs `call` with `key` as `did` (key id `key-1`) and submits it from `submitter`.
pub fn did_call(
	key: &TestKey,
	did: &DidIdentifier,
	submitter: u8,
	call: RuntimeCall,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	let op = operation(did, "key-1", submitter, call);
	let signature = sign_operation(key, &op);
	Did::submit_did_call(RuntimeOrigin::signed(account(submitter)), Box::new(op), signature)
}

/// The inner result of the last `DidCallDispatched` event.
pub fn last_did_call_result() -> Option<sp_runtime::DispatchResult> {
	System::events().into_iter().rev().find_map(|record| match record.event {
		RuntimeEvent::Did(Event::DidCallDispatched { result, .. }) => Some(result),
		_ => None,
	})
}

/// The DID origin `submit_did_call` gives a DID-document update (capabilityInvocation),
/// submitted by Alice.
pub fn cap_origin(did: &DidIdentifier) -> RuntimeOrigin {
	DidRawOrigin {
		did: did.clone(),
		submitter: account(ALICE),
		relationship: Relationship::CapabilityInvocation,
	}
	.into()
}

pub fn held(who: u8) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&RuntimeHoldReason::Did(HoldReason::DidDeposit), &account(who))
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
				(account(CHARLIE), 10),
			],
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.expect("balances genesis");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			crate::try_state::do_try_state::<Test>().expect("try_state invariants hold");
		});
	}
}

pub fn new_test_ext() -> ExtBuilder {
	ExtBuilder
}

/// Externalities for the benchmark test suite: genesis plus a keystore to sign with.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
	let mut ext = ExtBuilder.build();
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext
}

/// `key`'s proof of possession for joining `did` at `counter`, as a browser wallet extension
/// signs it (wrapped in `<Bytes>`...`</Bytes>`).
pub fn key_proof_wrapped(key: &TestKey, did: &DidIdentifier, counter: u64) -> DidSignature {
	key.sign(&didimo_primitives::did::wrap_bytes(&key_possession_payload(
		&Did::genesis_hash(),
		did,
		counter,
		&key.public(),
	)))
}

/// Signs `details` with `key` (the creating key) and submits the creation from its submitter,
/// with `key_proofs` for the other signing keys.
pub fn create_with_proofs(
	key: &TestKey,
	details: DidCreation<Test>,
	key_proofs: Vec<DidSignature>,
) -> sp_runtime::DispatchResult {
	let signature = sign_creation(key, &details);
	Did::create(
		RuntimeOrigin::signed(details.submitter.clone()),
		Box::new(details),
		signature,
		BoundedVec::truncate_from(key_proofs),
	)
}

/// A key-agreement method: an X25519 key of 32 `byte`s (a valid key for 9, 10, ...).
pub fn key_agreement_method(key_id: &str, byte: u8) -> VerificationMethod<Test> {
	VerificationMethod {
		id: id(key_id),
		key: DidPublicKey::KeyAgreement(didimo_primitives::did::X25519Key([byte; 32])),
		relationships: rels(&[Relationship::KeyAgreement]),
	}
}

/// A zero-knowledge issuer method: a Jubjub key of 32 `byte`s (the mock refuses `0xff`).
pub fn zk_issuer_method(key_id: &str, byte: u8) -> VerificationMethod<Test> {
	VerificationMethod {
		id: id(key_id),
		key: DidPublicKey::ZkIssuer(ZkIssuerKey([byte; 32])),
		relationships: rels(&[Relationship::AssertionMethod]),
	}
}
