//! The runtime under a fuzzer: an input is a sequence of [`Step`]s (SCALE, depth-limited) that
//! the harness turns into blocks of real extrinsics, signed by a fixed set of accounts, with
//! DID-signed calls signed by the DIDs' own keys so they can pass, and time advancing by whole
//! slots. Each block runs `initialize_block`, the timestamp inherent, the extrinsics through
//! `apply_extrinsic` (extensions, fees, `ValidateUnsigned`, dispatch) and `finalize_block`;
//! after each block [`check_invariants`] runs every pallet's `try_state` and the balance,
//! deposit, consumer and weight invariants. A broken invariant panics: a crash.

use std::{sync::OnceLock, time::Instant};

use codec::{Decode, DecodeLimit, Encode};
use didimo_primitives::did::{
	DidIdentifier, DidPublicKey, Relationship, Relationships, ZkIssuerKey,
};
use didimo_runtime::{
	genesis_config_presets, AllPalletsWithSystem, Balance, BlockNumber, Executive, Header, Runtime,
	RuntimeCall, RuntimeGenesisConfig, SignedPayload, TxExtension, UncheckedExtrinsic,
	SLOT_DURATION,
};
use frame_support::{
	traits::{IntegrityTest, TryState, TryStateSelect},
	weights::Weight,
};
use pallet_did::{testing::TestDid, DidCallOperation};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::{Pair, H256};
use sp_genesis_builder::PresetId;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::Era,
	traits::{Header as _, StaticLookup},
	BuildStorage, Digest, DigestItem, Storage,
};
use sp_state_machine::BasicExternalities;

/// How deeply calls may nest (batches, sudo, dispatch_as) in an input.
pub const MAX_DEPTH: u32 = 32;
/// At most this many steps of an input run (the rest is ignored), so one input stays fast.
pub const MAX_STEPS: usize = 64;
/// At most this many blocks per input.
pub const MAX_BLOCKS: u32 = 16;
/// DIDs the harness registers at genesis and holds the keys of.
pub const DIDS: u8 = 4;

/// One step of an input.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub enum Step {
	/// Ends the block; the next starts `1 + slots` slots later.
	NextBlock { slots: u8 },
	/// `call` signed by account `who` (one of the endowed development accounts), with the
	/// right nonce.
	Signed { who: u8, call: RuntimeCall },
	/// `call` signed by DID `did` (one of the harness's DIDs) with its key, wrapped in
	/// `Did::submit_did_call` and submitted by account `submitter`.
	DidSigned { did: u8, submitter: u8, call: RuntimeCall },
	/// `call` as root: `Sudo::sudo` signed by the sudo key (Alice).
	Root { call: RuntimeCall },
	/// `call` as a bare (unsigned) extrinsic: what `ValidateUnsigned` decides.
	Bare { call: RuntimeCall },
}

/// The steps of `data`: decoded one after another until one does not decode.
pub fn steps(mut data: &[u8]) -> Vec<Step> {
	std::iter::from_fn(|| Step::decode_with_depth_limit(MAX_DEPTH, &mut data).ok())
		.take(MAX_STEPS)
		.collect()
}

/// The endowed development accounts (the `development` preset funds all of them).
pub fn accounts() -> Vec<Sr25519Keyring> {
	Sr25519Keyring::iter().collect()
}

/// The harness's DIDs: the dev seeds `//fuzz-did-<i>`.
pub fn dids() -> Vec<TestDid> {
	(0..DIDS).map(|i| TestDid::new(&format!("fuzz-did-{i}"))).collect()
}

/// The Jubjub (EdDSA-Poseidon) issuer secret of harness DID `i` (a small non-zero scalar).
pub fn zk_secret(i: u8) -> didimo_zk::eddsa::SecretKey {
	let mut bytes = [0u8; 32];
	bytes[0] = i + 1;
	bytes[1] = 0x5a;
	didimo_zk::eddsa::SecretKey::from_bytes(&bytes).expect("a small non-zero scalar")
}

/// The genesis hash the harness's chain has (`System::block_hash(0)`; block 1's parent).
fn genesis_hash() -> H256 {
	frame_system::Pallet::<Runtime>::block_hash(0)
}

/// The state every input starts from: the `development` preset (Alice the sole authority and
/// sudo key, the development accounts endowed, the development circuits registered), plus
/// [`DIDS`] DIDs with every signing relationship (`key-1`, sr25519) and a zero-knowledge
/// issuer key (`zk-1`, [`zk_secret`]), each created by (and its deposit held from) account
/// `i`.
pub fn genesis() -> &'static Storage {
	static GENESIS: OnceLock<Storage> = OnceLock::new();
	GENESIS.get_or_init(|| {
		let patch = genesis_config_presets::get_preset(&PresetId::from("development"))
			.expect("the development preset exists");
		let patch: serde_json::Value = serde_json::from_slice(&patch).expect("a JSON preset");
		let mut config = serde_json::to_value(RuntimeGenesisConfig::default())
			.expect("the default genesis serializes");
		merge(&mut config, patch);
		let config: RuntimeGenesisConfig =
			serde_json::from_value(config).expect("the preset fits the genesis config");
		let mut storage = config.build_storage().expect("genesis builds");
		let accounts = accounts();
		BasicExternalities::execute_with_storage(&mut storage, || {
			AllPalletsWithSystem::integrity_test();
			for (i, did) in dids().iter().enumerate() {
				let owner = accounts[i % accounts.len()].to_account_id();
				let id = pallet_did::testing::register::<Runtime>(
					did,
					&[
						Relationship::Authentication,
						Relationship::AssertionMethod,
						Relationship::CapabilityInvocation,
						Relationship::CapabilityDelegation,
					],
					owner.clone(),
				);
				// A zero-knowledge issuer key (`zk-1`), so the DIDs can issue, join lists and be
				// the issuer of requests.
				let method = pallet_did::VerificationMethod::<Runtime> {
					id: frame_support::BoundedVec::truncate_from(b"zk-1".to_vec()),
					key: DidPublicKey::ZkIssuer(ZkIssuerKey(
						zk_secret(i as u8).public_key().to_bytes(),
					)),
					relationships: Relationships::NONE.with(Relationship::AssertionMethod),
				};
				let added = pallet_did::testing::submit_with_key::<Runtime>(
					did,
					&id,
					"key-1",
					&id,
					owner,
					RuntimeCall::Did(pallet_did::Call::add_verification_method {
						method,
						key_proof: None,
					}),
				);
				assert!(added.is_ok(), "zk-1 added to DID {i}: {added:?}");
				let methods =
					pallet_did::Pallet::<Runtime>::did(&id).map(|record| record.methods.len());
				assert_eq!(methods, Some(2), "zk-1 is in DID {i}'s document");
			}
			frame_system::Pallet::<Runtime>::reset_events();
		});
		storage
	})
}

/// Deep-merges a JSON genesis patch into a full config, as the node's chain-spec builder does.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// Whether the harness lets `call` run. Refused: calls that rewrite storage or the runtime by
/// design (`System` other than remarks), and root calls that mint or burn outside the rules
/// the invariants check (`force_set_balance`, `force_adjust_total_issuance`). Nested calls
/// (batches, sudo, `dispatch_as`, DID-signed operations) are looked into.
pub fn allowed(call: &RuntimeCall) -> bool {
	use frame_system::Call as System;
	use pallet_balances::Call as Balances;
	use pallet_utility::Call as Utility;
	match call {
		RuntimeCall::System(System::remark { .. } | System::remark_with_event { .. }) => true,
		RuntimeCall::System(_) => false,
		RuntimeCall::Balances(
			Balances::force_set_balance { .. } | Balances::force_adjust_total_issuance { .. },
		) => false,
		RuntimeCall::Utility(
			Utility::batch { calls }
			| Utility::batch_all { calls }
			| Utility::force_batch { calls },
		) => calls.iter().all(allowed),
		RuntimeCall::Utility(
			Utility::as_derivative { call, .. }
			| Utility::dispatch_as { call, .. }
			| Utility::with_weight { call, .. }
			| Utility::dispatch_as_fallible { call, .. },
		) => allowed(call),
		RuntimeCall::Utility(Utility::if_else { main, fallback }) => {
			allowed(main) && allowed(fallback)
		},
		RuntimeCall::Sudo(
			pallet_sudo::Call::sudo { call }
			| pallet_sudo::Call::sudo_unchecked_weight { call, .. }
			| pallet_sudo::Call::sudo_as { call, .. },
		) => allowed(call),
		RuntimeCall::Did(pallet_did::Call::submit_did_call { operation, .. }) => {
			allowed(&operation.call)
		},
		_ => true,
	}
}

/// Whether `call` is of the mandatory class: an inherent (`Timestamp::set`). A block's
/// inherents are its first extrinsics, which the harness applies itself; as a bare extrinsic
/// later in the block, one panics (`Timestamp must be updated only once in the block`), and
/// that is by design: the block is invalid and every node refuses it. The transaction pool
/// never admits one (`Executive::validate_transaction` refuses the mandatory class), so the
/// harness refuses it too.
pub fn mandatory(call: &RuntimeCall) -> bool {
	use frame_support::dispatch::{DispatchClass, GetDispatchInfo};
	call.get_dispatch_info().class == DispatchClass::Mandatory
}

/// What one input did: blocks built, and each extrinsic step's result: `Ok` if it was
/// included and its call (for a DID-signed or root step, the inner call) succeeded, else what
/// refused it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
	pub blocks: u32,
	pub results: Vec<Result<(), String>>,
}

/// Runs one input from [`genesis`]: panics if an invariant breaks.
pub fn run(data: &[u8]) -> Outcome {
	let steps: Vec<Step> = steps(data);
	if steps.is_empty() {
		return Outcome::default();
	}
	let accounts = accounts();
	let dids = dids();
	let mut storage = genesis().clone();
	BasicExternalities::execute_with_storage(&mut storage, || {
		let mut chain = Chain::start();
		for step in steps {
			let done = match step {
				Step::NextBlock { slots } => {
					if chain.number >= MAX_BLOCKS {
						break;
					}
					chain.next_block(u64::from(slots));
					continue;
				},
				Step::Signed { who, call } => {
					let signer = accounts[usize::from(who) % accounts.len()];
					allowed(&call).then(|| apply(signed(signer, call), Inner::No))
				},
				Step::DidSigned { did, submitter, call } => {
					let did = &dids[usize::from(did) % dids.len()];
					let submitter = accounts[usize::from(submitter) % accounts.len()];
					allowed(&call).then(|| {
						let call = did_signed(did, submitter, call);
						apply(signed(submitter, call), Inner::DidCall)
					})
				},
				Step::Root { call } => allowed(&call).then(|| {
					let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
					apply(signed(Sr25519Keyring::Alice, sudo), Inner::Sudo)
				}),
				Step::Bare { call } => (allowed(&call) && !mandatory(&call))
					.then(|| apply(UncheckedExtrinsic::new_bare(call), Inner::No)),
			};
			chain.outcome.results.push(done.unwrap_or_else(|| Err("not allowed".into())));
		}
		chain.end_block();
		chain.outcome
	})
}

/// Which inner call's result an extrinsic's events carry.
enum Inner {
	No,
	DidCall,
	Sudo,
}

/// Applies `xt` to the current block: `Ok` if it was included and its call (and the `inner`
/// one) succeeded.
fn apply(xt: UncheckedExtrinsic, inner: Inner) -> Result<(), String> {
	match Executive::apply_extrinsic(xt) {
		Err(invalid) => return Err(format!("invalid: {invalid:?}")),
		Ok(Err(error)) => return Err(format!("failed: {error:?}")),
		Ok(Ok(())) => {},
	}
	let inner = match inner {
		Inner::No => return Ok(()),
		Inner::DidCall => pallet_did::testing::last_did_call_result::<Runtime>(),
		Inner::Sudo => {
			frame_system::Pallet::<Runtime>::events().into_iter().rev().find_map(|record| {
				match record.event {
					didimo_runtime::RuntimeEvent::Sudo(pallet_sudo::Event::Sudid {
						sudo_result,
					}) => Some(sudo_result),
					_ => None,
				}
			})
		},
	};
	match inner {
		Some(Ok(())) => Ok(()),
		Some(Err(error)) => Err(format!("inner call failed: {error:?}")),
		None => Err("no inner result".into()),
	}
}

/// `call` as a signed extrinsic of `signer`, immortal, with its next nonce and no tip.
pub fn signed(signer: Sr25519Keyring, call: RuntimeCall) -> UncheckedExtrinsic {
	let nonce = frame_system::Pallet::<Runtime>::account_nonce(signer.to_account_id());
	let extension: TxExtension = (
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		frame_system::WeightReclaim::<Runtime>::new(),
	);
	let payload = SignedPayload::new(call.clone(), extension.clone())
		.expect("the implicit part of the extensions is in the state");
	let signature = payload.using_encoded(|bytes| signer.pair().sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		<Runtime as frame_system::Config>::Lookup::unlookup(signer.to_account_id()),
		sp_runtime::MultiSignature::Sr25519(signature),
		extension,
	)
}

/// `call` as `did`, signed by its `key-1`, for `submitter` to submit: the operation a wallet
/// builds (the DID's next counter, valid from now for the longest window).
pub fn did_signed(did: &TestDid, submitter: Sr25519Keyring, call: RuntimeCall) -> RuntimeCall {
	let id: DidIdentifier = did.did();
	let now: BlockNumber = frame_system::Pallet::<Runtime>::block_number();
	let window: BlockNumber = <Runtime as pallet_did::Config>::MaxValidityWindow::get();
	let operation = DidCallOperation::<Runtime> {
		did: id.clone(),
		signer: id.clone(),
		key_id: frame_support::BoundedVec::truncate_from(b"key-1".to_vec()),
		counter: pallet_did::Pallet::<Runtime>::did(&id).map_or(1, |record| record.counter + 1),
		valid_from: now,
		valid_until: now + window,
		spec_version: didimo_runtime::VERSION.spec_version,
		submitter: submitter.to_account_id(),
		call: Box::new(call),
	};
	let signature = did.sign(&operation.signing_payload(&genesis_hash()));
	RuntimeCall::Did(pallet_did::Call::submit_did_call {
		operation: Box::new(operation),
		signature,
	})
}

/// The block being built.
struct Chain {
	number: BlockNumber,
	slot: u64,
	parent: H256,
	started: Instant,
	initial_issuance: Balance,
	outcome: Outcome,
}

impl Chain {
	/// Starts block 1, in slot 1, on the genesis state.
	fn start() -> Self {
		let mut chain = Chain {
			number: 0,
			slot: 0,
			parent: genesis_hash(),
			started: Instant::now(),
			initial_issuance: pallet_balances::TotalIssuance::<Runtime>::get(),
			outcome: Outcome::default(),
		};
		chain.begin(1, 1);
		chain
	}

	fn begin(&mut self, number: BlockNumber, slot: u64) {
		self.number = number;
		self.slot = slot;
		self.started = Instant::now();
		let digest = Digest {
			logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode())],
		};
		Executive::initialize_block(&Header::new(
			number,
			Default::default(),
			Default::default(),
			self.parent,
			digest,
		));
		let now = slot * SLOT_DURATION;
		let inherent = RuntimeCall::Timestamp(pallet_timestamp::Call::set { now });
		let applied = Executive::apply_extrinsic(UncheckedExtrinsic::new_bare(inherent));
		assert!(matches!(applied, Ok(Ok(()))), "the timestamp inherent failed: {applied:?}");
	}

	fn next_block(&mut self, skipped: u64) {
		self.end_block();
		let (number, slot) = (self.number + 1, self.slot + 1 + skipped);
		self.begin(number, slot);
	}

	fn end_block(&mut self) {
		let header = Executive::finalize_block();
		self.parent = header.hash();
		self.outcome.blocks += 1;
		let elapsed = self.started.elapsed();
		check_invariants(self.initial_issuance);
		// Optimized (fuzzing) builds only: the debug build replaying a corpus is many times
		// slower than a node.
		if cfg!(fuzzing) {
			assert!(
				elapsed.as_millis() < BLOCK_TIME_LIMIT_MS,
				"block {} took {elapsed:?} to execute (limit {BLOCK_TIME_LIMIT_MS} ms)",
				self.number
			);
		}
	}
}

/// A block's execution bound in the fuzzing build: its weight limit is 2 s of reference
/// hardware, and the harness runs the native runtime.
const BLOCK_TIME_LIMIT_MS: u128 = 2_000;

/// The invariants every block must keep (panics with what broke):
/// - every pallet's `try_state`;
/// - total issuance equals the sum of all balances (free and reserved) and never grows (fees
///   and DID tombstones burn; nothing mints);
/// - no account has consumers but no providers; holds never exceed the reserved balance;
/// - the amounts held for each reason equal the deposits the pallets record;
/// - each dispatch class's block weight is within its limit.
pub fn check_invariants(initial_issuance: Balance) {
	let now = frame_system::Pallet::<Runtime>::block_number();
	if let Err(error) = AllPalletsWithSystem::try_state(now, TryStateSelect::All) {
		panic!("try_state failed at block {now}: {error:?}");
	}
	let mut total: Balance = 0;
	for (who, info) in frame_system::Account::<Runtime>::iter() {
		assert!(
			info.consumers == 0 || info.providers > 0,
			"{who} has {} consumers but no providers",
			info.consumers
		);
		total = total.saturating_add(info.data.free).saturating_add(info.data.reserved);
		let held: Balance =
			pallet_balances::Holds::<Runtime>::get(&who).iter().map(|hold| hold.amount).sum();
		assert!(
			held <= info.data.reserved,
			"{who} holds {held} but reserves {}",
			info.data.reserved
		);
	}
	let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
	assert_eq!(issuance, total, "total issuance is not the sum of balances");
	assert!(issuance <= initial_issuance, "issuance grew from {initial_issuance} to {issuance}");
	crate::deposits::check();
	let limits = <Runtime as frame_system::Config>::BlockWeights::get();
	let weight = frame_system::Pallet::<Runtime>::block_weight();
	for class in [
		frame_support::dispatch::DispatchClass::Normal,
		frame_support::dispatch::DispatchClass::Operational,
	] {
		let used: &Weight = weight.get(class);
		if let Some(max) = limits.get(class).max_total {
			assert!(used.all_lte(max), "{class:?} weight {used:?} exceeds {max:?}");
		}
	}
}
