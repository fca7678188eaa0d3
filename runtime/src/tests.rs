//! Runtime tests: genesis presets build and keep every pallet's invariants; a signed transfer
//! goes through the full transaction pipeline (extensions, fees, dispatch).

use codec::Encode;
use frame_support::{assert_ok, traits::fungible::Inspect};
use sp_genesis_builder::PresetId;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::Era,
	traits::{Header as _, StaticLookup},
	BuildStorage,
};

use crate::{
	genesis_config_presets, AccountId, AllPalletsWithSystem, Balances, BalancesCall, BlockNumber,
	Executive, Header, Runtime, RuntimeCall, RuntimeGenesisConfig, RuntimeOrigin, Session,
	SessionKeys, SignedPayload, System, TxExtension, UncheckedExtrinsic, ValidatorSet,
	EXISTENTIAL_DEPOSIT, UNIT,
};

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

/// Test externalities holding the genesis state of the preset `id`.
fn preset_ext(id: &str) -> sp_io::TestExternalities {
	let patch = genesis_config_presets::get_preset(&PresetId::from(id))
		.unwrap_or_else(|| panic!("preset {id} exists"));
	let patch: serde_json::Value = serde_json::from_slice(&patch).expect("preset is JSON");
	let mut config =
		serde_json::to_value(RuntimeGenesisConfig::default()).expect("default config serializes");
	merge(&mut config, patch);
	let config: RuntimeGenesisConfig =
		serde_json::from_value(config).expect("merged preset deserializes into the config");
	let mut ext: sp_io::TestExternalities = config.build_storage().expect("genesis builds").into();
	ext.execute_with(|| System::set_block_number(1));
	ext
}

#[cfg(not(feature = "try-runtime"))]
compile_error!(
	"the runtime tests check every pallet's try_state invariants: run them with \
	 `--features try-runtime` (scripts/test.sh does)"
);

/// Runs every pallet's `try_state` invariant check at the current block.
fn assert_try_state() {
	use frame_support::traits::{TryState, TryStateSelect};
	let now = System::block_number();
	assert_ok!(AllPalletsWithSystem::try_state(now, TryStateSelect::All));
}

#[test]
fn preset_names_are_development_and_local_testnet() {
	let names = genesis_config_presets::preset_names();
	assert_eq!(names, vec![PresetId::from("development"), PresetId::from("local_testnet")],);
	assert!(genesis_config_presets::get_preset(&PresetId::from("no-such-preset")).is_none());
}

#[test]
fn development_genesis_builds_and_passes_try_state() {
	preset_ext("development").execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Sr25519Keyring::Alice.to_account_id()));
		for account in Sr25519Keyring::well_known() {
			assert_eq!(
				Balances::balance(&account.to_account_id()),
				genesis_config_presets::ENDOWMENT
			);
		}
		assert_try_state();
	});
}

#[test]
fn local_testnet_genesis_builds_and_passes_try_state() {
	preset_ext("local_testnet").execute_with(|| {
		// Four validators: the validator set, the session and its authorities agree.
		let validators: Vec<AccountId> = [
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
		]
		.iter()
		.map(|k| k.to_account_id())
		.collect();
		assert_eq!(pallet_validator_set::Validators::<Runtime>::get().into_inner(), validators);
		assert_eq!(pallet_session::Validators::<Runtime>::get(), validators);
		assert_eq!(
			pallet_validator_set::SessionLength::<Runtime>::get(),
			genesis_config_presets::LOCAL_SESSION_LENGTH
		);
		let aura = pallet_aura::Authorities::<Runtime>::get();
		assert_eq!(aura.len(), 4);
		assert_eq!(
			aura[1],
			sp_consensus_aura::sr25519::AuthorityId::from(Sr25519Keyring::Bob.public())
		);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 4);
		assert_try_state();
	});
}

/// A validator added by root with its session keys authors from the session after next; one
/// removed stops: the session hands Aura and GRANDPA the validator set.
#[test]
fn validator_set_changes_reach_aura_and_grandpa_at_the_session_after_next() {
	use frame_support::traits::Hooks;
	preset_ext("local_testnet").execute_with(|| {
		let eve = Sr25519Keyring::Eve;
		let keys = SessionKeys {
			aura: eve.public().into(),
			grandpa: sp_keyring::Ed25519Keyring::Eve.public().into(),
		};
		// The session keys' ownership proof: each key signs `POP_` and the owner's account id.
		let statement =
			sp_core::proof_of_possession::statement_of_ownership(&eve.to_account_id().encode());
		let proof =
			(eve.sign(&statement), sp_keyring::Ed25519Keyring::Eve.sign(&statement)).encode();
		assert_ok!(Session::set_keys(RuntimeOrigin::signed(eve.to_account_id()), keys, proof));
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), eve.to_account_id()));
		assert_ok!(ValidatorSet::remove_validator(
			RuntimeOrigin::root(),
			Sr25519Keyring::Bob.to_account_id()
		));
		let length = genesis_config_presets::LOCAL_SESSION_LENGTH;
		let run_to = |n: BlockNumber| {
			while System::block_number() < n {
				let next = System::block_number() + 1;
				System::set_block_number(next);
				Session::on_initialize(next);
			}
		};
		let aura = || pallet_aura::Authorities::<Runtime>::get().into_inner();
		run_to(length);
		assert_eq!(aura().len(), 4, "session 1 was planned before the change");
		run_to(2 * length);
		let expected: Vec<sp_consensus_aura::sr25519::AuthorityId> =
			[Sr25519Keyring::Alice, Sr25519Keyring::Charlie, Sr25519Keyring::Dave, eve]
				.iter()
				.map(|k| k.public().into())
				.collect();
		assert_eq!(aura(), expected);
		// GRANDPA schedules the change: Eve's key is in the next authority set.
		let pending = pallet_grandpa::PendingChange::<Runtime>::get().expect("a scheduled change");
		assert!(pending
			.next_authorities
			.iter()
			.any(|(id, _)| *id == sp_keyring::Ed25519Keyring::Eve.public().into()));
		assert_try_state();
	});
}

/// A signed extrinsic from `signer`, built the way a wallet builds it.
fn signed_extrinsic(signer: Sr25519Keyring, nonce: u32, call: RuntimeCall) -> UncheckedExtrinsic {
	let tx_ext: TxExtension = (
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
	let payload = SignedPayload::new(call.clone(), tx_ext.clone()).expect("payload builds");
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		<Runtime as frame_system::Config>::Lookup::unlookup(signer.to_account_id()),
		signature.into(),
		tx_ext,
	)
}

#[test]
fn signed_transfer_executes_and_charges_a_fee() {
	preset_ext("development").execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		let bob = Sr25519Keyring::Bob.to_account_id();
		let amount = 42 * UNIT;
		let alice_before = Balances::balance(&alice);
		let bob_before = Balances::balance(&bob);

		let header = Header::new(
			2,
			Default::default(),
			Default::default(),
			System::parent_hash(),
			Default::default(),
		);
		Executive::initialize_block(&header);
		let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: bob.clone().into(),
			value: amount,
		});
		let xt = signed_extrinsic(Sr25519Keyring::Alice, 0, call);
		assert_ok!(Executive::apply_extrinsic(xt).expect("transaction is valid"));

		assert_eq!(Balances::balance(&bob), bob_before + amount);
		let paid = alice_before - amount - Balances::balance(&alice);
		assert!(paid > 0, "a fee was charged");
		assert!(paid < UNIT / 10, "a transfer costs under 0.1 DIDO, paid {paid}");
		assert_eq!(System::account_nonce(&alice), 1);
		assert_try_state();
	});
}

#[test]
fn transfer_with_a_bad_signature_is_rejected_and_changes_nothing() {
	preset_ext("development").execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		let bob = Sr25519Keyring::Bob.to_account_id();
		let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: bob.clone().into(),
			value: UNIT,
		});
		// Bob signs, but the extrinsic claims to come from Alice.
		let mut xt = signed_extrinsic(Sr25519Keyring::Bob, 0, call);
		if let sp_runtime::generic::Preamble::Signed(ref mut who, _, _) = xt.preamble {
			*who = <Runtime as frame_system::Config>::Lookup::unlookup(alice.clone());
		}
		let before = (Balances::balance(&alice), Balances::balance(&bob));
		assert!(Executive::apply_extrinsic(xt).is_err());
		assert_eq!((Balances::balance(&alice), Balances::balance(&bob)), before);
		assert_try_state();
	});
}

#[test]
fn transfer_below_existential_deposit_to_a_new_account_fails() {
	preset_ext("development").execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		let fresh = sp_runtime::AccountId32::new([9u8; 32]);
		let origin = crate::RuntimeOrigin::signed(alice.clone());
		let before = Balances::balance(&alice);
		assert!(Balances::transfer_keep_alive(
			origin,
			fresh.clone().into(),
			EXISTENTIAL_DEPOSIT - 1
		)
		.is_err());
		assert_eq!(Balances::balance(&alice), before);
		assert_eq!(Balances::balance(&fresh), 0);
		assert_try_state();
	});
}

/// What a wallet's signed transaction adds to its call's weight: the transaction extensions'
/// (immortal, no tip, no metadata hash), priced by the runtime's extension weights.
fn signed() -> frame_support::weights::Weight {
	use sp_runtime::traits::TransactionExtension;
	let extensions: TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		frame_system::CheckNonce::from(0),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::new(false),
		frame_system::WeightReclaim::new(),
	);
	let remark = RuntimeCall::System(frame_system::Call::remark { remark: Vec::new() });
	extensions.weight(&remark)
}

/// How many calls of `weight` (each also paying the base extrinsic weight) fit in one block's
/// normal dispatch budget.
fn per_block(weight: frame_support::weights::Weight) -> u64 {
	use frame_support::dispatch::DispatchClass;
	let weights = crate::configs::RuntimeBlockWeights::get();
	let normal = weights.get(DispatchClass::Normal);
	let budget = normal.max_total.unwrap_or(weights.max_block);
	budget.ref_time() / weight.saturating_add(normal.base_extrinsic).ref_time()
}

/// The DID registry issue's goal, checked against the benchmarked weights: at least 1,000
/// DID creations (one key, as a wallet creates a DID) fit in one block.
#[test]
fn a_thousand_did_creations_fit_in_a_block() {
	use pallet_did::WeightInfo;
	let create = pallet_did::weights::SubstrateWeight::<Runtime>::create(1, 0, 0);
	println!("{} DID creations per block", per_block(create));
	assert!(per_block(create) >= 1_000, "{} creations per block", per_block(create));
}

/// The load issue's goal: at least 250 DID creations a second in 6-second blocks, so 1,500 in
/// one block's normal budget, each a signed transaction paying its call (one key), the base
/// extrinsic weight and the transaction extensions' checks.
#[test]
fn fifteen_hundred_signed_did_creations_fit_in_a_block() {
	use pallet_did::WeightInfo;
	let create =
		pallet_did::weights::SubstrateWeight::<Runtime>::create(1, 0, 0).saturating_add(signed());
	println!("{} signed DID creations per block", per_block(create));
	assert!(per_block(create) >= 1_500, "{} signed creations per block", per_block(create));
}

/// The verification issue's goal: at least 350 presentations in a block's normal dispatch
/// budget, for a version-2 request with an uncompressed proof (as wallets submit it), charged
/// its benchmarked weight after the refund to the request's version, with the signed
/// transaction's extensions.
#[test]
fn three_hundred_fifty_presentations_fit_in_a_block() {
	type Presentation = pallet_presentation::Pallet<Runtime>;
	let count = |version, bytes| {
		per_block(Presentation::present_weight_of(version, bytes).saturating_add(signed()))
	};
	let v2 = count(didimo_zk::Version::V2, pallet_presentation::PROOF_BYTES_UNCOMPRESSED);
	let v2_compressed = count(didimo_zk::Version::V2, pallet_presentation::PROOF_BYTES);
	let v1 = count(didimo_zk::Version::V1, pallet_presentation::PROOF_BYTES_UNCOMPRESSED);
	println!("presentations per block: version 2 {v2} (compressed proofs {v2_compressed}), version 1 {v1}");
	assert!(v2 >= 350, "{v2} version-2 presentations per block");
}

/// The revocation issue's goal: at least 1,000 revocations per block when batched, at the
/// benchmarked worst case (every index in its own leaf of a 2^20-slot registry).
#[test]
fn a_thousand_batched_revocations_fit_in_a_block() {
	use frame_support::traits::Get;
	use pallet_revocation::WeightInfo;
	let batch: u32 = <Runtime as pallet_revocation::Config>::MaxBatch::get();
	let revoke = pallet_revocation::weights::SubstrateWeight::<Runtime>::revoke(batch);
	let revocations = per_block(revoke) * u64::from(batch);
	println!("{revocations} revocations per block");
	assert!(revocations >= 1_000, "{revocations} revocations per block");
}

/// What `submit_did_call` adds to a DID-signed consent call: its checks, and a signature over
/// a payload of at most 1 KiB (a one-scope consent call is a few hundred bytes).
fn did_call_overhead() -> frame_support::weights::Weight {
	use pallet_did::WeightInfo as _;
	type W = pallet_did::weights::SubstrateWeight<Runtime>;
	W::submit_did_call().saturating_add(W::did_signature(1024).saturating_sub(W::did_signature(0)))
}

/// The consent issue's goal for grants: at least 1,000 per block. A grant is DID-signed, so
/// each costs `submit_did_call` on top of `grant`; one scope is the common case.
#[test]
fn a_thousand_grants_fit_in_a_block() {
	use pallet_consent::WeightInfo as _;
	let grant = did_call_overhead()
		.saturating_add(pallet_consent::weights::SubstrateWeight::<Runtime>::grant(1));
	println!("{} grants per block", per_block(grant));
	assert!(per_block(grant) >= 1_000, "{} grants per block", per_block(grant));
}

/// The consent issue's goal for access records: at least 1,000 per block, each DID-signed by
/// the grantee.
#[test]
fn a_thousand_access_records_fit_in_a_block() {
	use pallet_consent::WeightInfo as _;
	let access = did_call_overhead()
		.saturating_add(pallet_consent::weights::SubstrateWeight::<Runtime>::record_access());
	println!("{} access records per block", per_block(access));
	assert!(per_block(access) >= 1_000, "{} access records per block", per_block(access));
}

/// Storage is priced by one rule (`deposit`): whatever pallet stores a byte charges at least
/// `DEPOSIT_PER_BYTE` for it. Revocation pages once cost about 300 times less per byte than a
/// DID's services; this keeps every deposit at or above the bytes it pays for.
#[test]
fn every_deposit_pays_for_its_bytes_at_the_one_price() {
	use crate::{
		configs::{
			ConsentGrantDeposit, ConsentScopeDeposit, DidBaseDeposit, DidControllerDeposit,
			DidKeyDeposit, DidServiceDeposit, DidTombstoneFee, RevocationPageDeposit,
			RevocationRegistryDeposit,
		},
		Balance, DEPOSIT_PER_BYTE,
	};
	use codec::MaxEncodedLen;
	let at_least = |deposit: Balance, bytes: usize, what: &str| {
		println!("{what}: {deposit} ({bytes} bytes stored)");
		assert!(
			deposit >= bytes as Balance * DEPOSIT_PER_BYTE,
			"{what}: {deposit} for {bytes} bytes"
		);
	};
	at_least(DidBaseDeposit::get(), 80, "DID base");
	at_least(DidTombstoneFee::get(), 4, "DID tombstone fee");
	at_least(
		DidKeyDeposit::get(),
		pallet_did::VerificationMethod::<Runtime>::max_encoded_len(),
		"DID key",
	);
	at_least(DidControllerDeposit::get(), 32, "DID controller");
	at_least(
		DidServiceDeposit::get(),
		pallet_did::Service::<Runtime>::max_encoded_len(),
		"DID service",
	);
	at_least(RevocationRegistryDeposit::get(), 100, "revocation registry");
	at_least(RevocationPageDeposit::get(), pallet_revocation::PAGE_BYTES, "revocation page");
	at_least(
		ConsentScopeDeposit::get(),
		pallet_consent::Scope::<Runtime>::max_encoded_len(),
		"consent scope",
	);
	at_least(ConsentGrantDeposit::get(), 100, "consent grant");
	assert!(DidTombstoneFee::get() < DidBaseDeposit::get());
}
