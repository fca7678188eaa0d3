//! End-to-end tests of the real `didimo-node` binary: a dev chain on free local ports with a
//! temporary base path, driven over JSON-RPC as a wallet or an operator would.

mod chain_spec;
mod conformance;
mod consent;
mod did;
mod did_calls;
mod faults;
mod harness;
mod housekeeping;
mod load;
mod lying_peer;
mod network;
mod presentation;
mod revocation;
mod verification;
mod verification_load;

use std::time::Duration;

use codec::{Decode, Encode};
use didimo_runtime::{
	AccountId, BalancesCall, RuntimeCall, SignedPayload, TxExtension, UncheckedExtrinsic, UNIT,
	VERSION,
};
use harness::{header_number, run_to_completion, temp_dir, Node};
use serde_json::{json, Value};
use sp_core::H256;
use sp_io::hashing::{blake2_128, twox_128};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{generic::Era, MultiAddress};

/// Dev blocks come every 6 s; the first one also waits for the runtime to compile.
const CHAIN_TIMEOUT: Duration = Duration::from_secs(150);

/// The bytes of a `0x` hex string the node answered.
fn hex_decode(value: &Value) -> Vec<u8> {
	array_bytes::hex2bytes(value.as_str().expect("a hex string")).expect("valid hex")
}

/// Bytes as the `0x` hex the node takes.
fn hex_encode(bytes: &[u8]) -> String {
	array_bytes::bytes2hex("0x", bytes)
}

/// The free balance of `who`, read from storage as a wallet does (`System.Account`).
fn free_balance(node: &Node, who: &AccountId) -> u128 {
	let mut key = twox_128(b"System").to_vec();
	key.extend(twox_128(b"Account"));
	key.extend(blake2_128(who.as_ref()));
	key.extend(who.encode());
	let value = node.call("state_getStorage", json!([hex_encode(&key)]));
	if value.is_null() {
		return 0;
	}
	let info = frame_system::AccountInfo::<u32, pallet_balances::AccountData<u128>>::decode(
		&mut &hex_decode(&value)[..],
	)
	.expect("System.Account decodes");
	info.data.free
}

/// The metadata hash a wallet computes from the chain's V15 metadata and its properties (RFC
/// 78), as the Ledger generic app and light wallets do before signing with `mode = Enabled`.
fn metadata_hash(node: &Node) -> [u8; 32] {
	let v15 = node.call("state_call", json!(["Metadata_metadata_at_version", "0x0f000000"]));
	let v15 = Option::<Vec<u8>>::decode(&mut &hex_decode(&v15)[..])
		.expect("Option<OpaqueMetadata> decodes")
		.expect("the runtime offers metadata V15");
	let metadata = frame_metadata::RuntimeMetadataPrefixed::decode(&mut &v15[..])
		.expect("V15 metadata decodes")
		.1;
	let properties = node.call("system_properties", json!([]));
	let extra = merkleized_metadata::ExtraInfo {
		spec_version: VERSION.spec_version,
		spec_name: VERSION.spec_name.to_string(),
		base58_prefix: properties["ss58Format"].as_u64().expect("ss58Format") as u16,
		decimals: properties["tokenDecimals"].as_u64().expect("tokenDecimals") as u8,
		token_symbol: properties["tokenSymbol"].as_str().expect("tokenSymbol").to_string(),
	};
	merkleized_metadata::generate_metadata_digest(&metadata, extra)
		.expect("the metadata digest builds")
		.hash()
}

/// A transfer signed by `from` the way a wallet signs it, SCALE-encoded. With a metadata hash,
/// the `CheckMetadataHash` extension is enabled and the hash is part of what is signed.
fn signed_transfer(
	genesis: H256,
	from: Sr25519Keyring,
	nonce: u32,
	to: AccountId,
	value: u128,
	metadata_hash: Option<[u8; 32]>,
) -> Vec<u8> {
	let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
		dest: MultiAddress::Id(to),
		value,
	});
	signed_extrinsic(genesis, from, nonce, call, metadata_hash)
}

/// Any call signed by `from` (immortal, no tip, metadata hash not checked), SCALE-encoded.
fn signed_call(genesis: H256, from: Sr25519Keyring, nonce: u32, call: RuntimeCall) -> Vec<u8> {
	signed_extrinsic(genesis, from, nonce, call, None)
}

fn signed_extrinsic(
	genesis: H256,
	from: Sr25519Keyring,
	nonce: u32,
	call: RuntimeCall,
	metadata_hash: Option<[u8; 32]>,
) -> Vec<u8> {
	let tx_ext: TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::new(metadata_hash.is_some()),
		frame_system::WeightReclaim::new(),
	);
	let implicit = (
		(),
		VERSION.spec_version,
		VERSION.transaction_version,
		genesis,
		genesis,
		(),
		(),
		(),
		metadata_hash,
		(),
	);
	let payload = SignedPayload::from_raw(call.clone(), tx_ext.clone(), implicit);
	let signature = payload.using_encoded(|bytes| from.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(from.to_account_id()),
		signature.into(),
		tx_ext,
	)
	.encode()
}

fn genesis_config_endowment() -> u128 {
	didimo_runtime::genesis_config_presets::ENDOWMENT
}

#[test]
fn dev_node_produces_finalizes_and_serves_wallets() {
	let base = temp_dir("dev");
	let node = Node::start_dev(base.path());

	// Blocks are authored and finalized.
	node.wait_for("best block >= 3", CHAIN_TIMEOUT, |n| n.best_number() >= 3);
	node.wait_for("finalized block >= 1", CHAIN_TIMEOUT, |n| n.finalized().0 >= 1);
	assert!(node.logged("Database: ParityDb"), "the database is ParityDb:\n{}", node.log_tail(60));

	// Wallets read the token from the chain's properties.
	let properties = node.call("system_properties", json!([]));
	assert_eq!(properties["tokenSymbol"], "DIDO");
	assert_eq!(properties["tokenDecimals"], 12);
	assert_eq!(properties["ss58Format"], 7306);
	assert_eq!(node.call("system_chain", json!([])), "DIDimo Development");

	// The metadata decodes and describes this runtime.
	let metadata = hex_decode(&node.call("state_getMetadata", json!([])));
	let metadata = frame_metadata::RuntimeMetadataPrefixed::decode(&mut &metadata[..])
		.expect("state_getMetadata decodes as RuntimeMetadataPrefixed");
	let frame_metadata::RuntimeMetadata::V14(metadata) = metadata.1 else {
		panic!("metadata is V14 by default");
	};
	let pallets: Vec<_> = metadata.pallets.iter().map(|p| p.name.as_str()).collect();
	for pallet in ["System", "Timestamp", "Aura", "Grandpa", "Balances", "Sudo", "Utility"] {
		assert!(pallets.contains(&pallet), "metadata lists {pallet}: {pallets:?}");
	}
	let extensions: Vec<_> =
		metadata.extrinsic.signed_extensions.iter().map(|e| e.identifier.as_str()).collect();
	assert!(extensions.contains(&"CheckMetadataHash"), "{extensions:?}");
	let version = node.call("state_getRuntimeVersion", json!([]));
	assert_eq!(version["specName"], "didimo");

	// The new JSON-RPC families that light clients and modern wallets use are served.
	let methods = node.call("rpc_methods", json!([]));
	let methods: Vec<&str> = methods["methods"]
		.as_array()
		.expect("a method list")
		.iter()
		.filter_map(|m| m.as_str())
		.collect();
	for method in [
		"chainHead_v1_follow",
		"chainHead_v1_call",
		"chainSpec_v1_chainName",
		"transaction_v1_broadcast",
		"system_accountNextIndex",
		"payment_queryInfo",
	] {
		assert!(methods.contains(&method), "rpc_methods lists {method}");
	}
	assert_eq!(node.call("chainSpec_v1_chainName", json!([])), "DIDimo Development");
	let genesis_hex = node.call("chainSpec_v1_genesisHash", json!([]));
	assert_eq!(genesis_hex, node.call("chain_getBlockHash", json!([0])));
	assert_eq!(node.call("chainSpec_v1_properties", json!([]))["tokenSymbol"], "DIDO");

	// A signed transfer submitted over JSON-RPC is included and moves the balances.
	let genesis = H256::from_slice(&hex_decode(&genesis_hex));
	let alice = Sr25519Keyring::Alice.to_account_id();
	let bob = Sr25519Keyring::Bob.to_account_id();
	let (alice_before, bob_before) = (free_balance(&node, &alice), free_balance(&node, &bob));
	let nonce = node.call("system_accountNextIndex", json!([alice.to_string()]));
	let nonce = nonce.as_u64().expect("a nonce") as u32;
	let amount = 5 * UNIT;
	let xt = hex_encode(&signed_transfer(
		genesis,
		Sr25519Keyring::Alice,
		nonce,
		bob.clone(),
		amount,
		None,
	));
	let info = node.call("payment_queryInfo", json!([xt]));
	let fee: u128 = info["partialFee"].as_str().and_then(|f| f.parse().ok()).expect("a fee");
	assert!(fee > 0 && fee < UNIT / 10, "fee {fee}");
	let tx_hash = node.call("author_submitExtrinsic", json!([xt]));
	assert!(tx_hash.as_str().is_some_and(|h| h.len() == 66), "{tx_hash}");
	node.wait_for("the transfer to be included", CHAIN_TIMEOUT, |n| {
		free_balance(n, &bob) == bob_before + amount
	});
	let alice_after = free_balance(&node, &alice);
	assert_eq!(
		alice_before - alice_after - amount,
		fee,
		"Alice paid the amount and the quoted fee"
	);
	let next = node.call("system_accountNextIndex", json!([alice.to_string()]));
	assert_eq!(next.as_u64(), Some(u64::from(nonce) + 1));

	// The same transaction again is a replay: rejected (the pool still knows it as imported,
	// or the runtime finds its nonce stale) and nothing moves.
	let replay = node.rpc("author_submitExtrinsic", json!([xt])).expect_err("a replay is rejected");
	assert!([1010, 1013].contains(&replay.code), "a replay is refused: {replay:?}");

	// A wallet that verifies metadata signs with the hash; the runtime checks it is its own.
	let hash = metadata_hash(&node);
	let charlie = Sr25519Keyring::Charlie.to_account_id();
	let mut wrong = hash;
	wrong[0] ^= 1;
	let forged = signed_transfer(
		genesis,
		Sr25519Keyring::Alice,
		nonce + 1,
		charlie.clone(),
		UNIT,
		Some(wrong),
	);
	let rejected = node
		.rpc("author_submitExtrinsic", json!([hex_encode(&forged)]))
		.expect_err("a transaction signed against other metadata is rejected");
	assert_eq!(rejected.code, 1010, "invalid transaction: {rejected:?}");
	assert!(rejected.message.contains("Invalid"), "{rejected:?}");
	let verified = signed_transfer(
		genesis,
		Sr25519Keyring::Alice,
		nonce + 1,
		charlie.clone(),
		UNIT,
		Some(hash),
	);
	node.call("author_submitExtrinsic", json!([hex_encode(&verified)]));
	node.wait_for("the metadata-checked transfer to be included", CHAIN_TIMEOUT, |n| {
		free_balance(n, &charlie) == genesis_config_endowment() + UNIT
	});

	// Garbage gets a JSON-RPC error and the chain goes on.
	let best = node.best_number();
	let garbage =
		node.rpc("author_submitExtrinsic", json!(["0xdeadbeef"])).expect_err("garbage is rejected");
	assert!(garbage.code != 0, "{garbage:?}");
	let not_hex = node.rpc("author_submitExtrinsic", json!(["zzz"])).expect_err("not hex");
	assert_eq!(not_hex.code, -32602, "invalid params: {not_hex:?}");
	node.wait_for("blocks after the garbage", CHAIN_TIMEOUT, |n| n.best_number() > best + 1);

	// An unknown method gets the standard "method not found".
	let unknown = node.rpc("didimo_noSuchMethod", json!([])).expect_err("unknown method");
	assert_eq!(unknown.code, -32601, "{unknown:?}");

	// Prometheus serves the node's metrics.
	let (status, metrics) = harness::http_request(
		&format!("127.0.0.1:{}", node.prometheus_port),
		"GET",
		"/metrics",
		None,
	)
	.expect("prometheus answers");
	assert_eq!(status, 200);
	assert!(metrics.contains("substrate_block_height"), "block height metric is exported");

	let status = node.stop();
	assert!(status.success() || status.code().is_none(), "clean exit on SIGINT: {status}");
}

#[test]
fn restarted_node_resumes_from_its_finalized_block() {
	let base = temp_dir("restart");
	let node = Node::start_dev(base.path());
	node.wait_for("finalized block >= 2", CHAIN_TIMEOUT, |n| n.finalized().0 >= 2);
	let (finalized, finalized_hash) = node.finalized();
	let status = node.stop();
	assert!(status.success(), "clean exit on SIGINT: {status}");
	let db = base.path().join("chains/didimo_dev/paritydb/full");
	assert!(db.is_dir(), "the chain is stored in ParityDb at {}", db.display());

	let node = Node::start_dev(base.path());
	// Right after start the database already holds the old finalized block.
	assert_eq!(
		node.call("chain_getBlockHash", json!([finalized])).as_str(),
		Some(finalized_hash.as_str())
	);
	let (resumed, _) = node.finalized();
	assert!(resumed >= finalized, "finalized {resumed} after restart, was {finalized}");
	let header = node.call("chain_getHeader", json!([]));
	assert!(header_number(&header) >= finalized);
	node.wait_for("new blocks on top of the old chain", CHAIN_TIMEOUT, |n| {
		n.finalized().0 > finalized
	});
	let status = node.stop();
	assert!(status.success(), "clean exit on SIGINT: {status}");

	// The operator's offline commands work on the stopped node's database.
	let base_arg = base.path().to_str().expect("utf-8 path");
	let node_args = |cmd: &[&str]| -> Vec<String> {
		let mut args: Vec<String> = cmd.iter().map(|s| s.to_string()).collect();
		args.extend(["--chain", "dev", "--base-path", base_arg].map(String::from));
		args
	};
	let run = |args: Vec<String>| {
		let refs: Vec<&str> = args.iter().map(String::as_str).collect();
		let (status, output) = run_to_completion(&refs);
		assert!(status.success(), "didimo-node {refs:?} failed:\n{output}");
		output
	};
	let exported = base.path().join("blocks.bin");
	let exported_arg = exported.to_str().expect("utf-8 path").to_string();
	run(node_args(&["export-blocks", "--binary", "--from", "1", "--to", "2", &exported_arg]));
	assert!(std::fs::metadata(&exported).map(|m| m.len() > 0).unwrap_or(false));
	run(node_args(&["check-block", "1"]));
	run(node_args(&["revert", "1"]));
	let info = run(node_args(&["chain-info"]));
	assert!(info.contains("finalized"), "chain-info describes the chain: {info}");
	run(node_args(&["purge-chain", "-y"]));
	let db = base.path().join("chains/didimo_dev/paritydb/full");
	assert!(!db.exists(), "purge-chain removed {}", db.display());
	let imported = run(node_args(&["import-blocks", "--binary", &exported_arg]));
	assert!(imported.contains("Imported 2 blocks"), "{imported}");
}

#[test]
fn key_generate_prints_didimo_addresses() {
	let output = std::process::Command::new(harness::NODE)
		.args(["key", "generate", "--scheme", "sr25519", "--output-type", "json"])
		.output()
		.expect("didimo-node runs");
	assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
	let key: Value = serde_json::from_slice(&output.stdout).expect("key generate prints JSON");
	let address = key["ss58Address"].as_str().expect("an address");
	let (_, format) =
		<sp_core::sr25519::Public as sp_core::crypto::Ss58Codec>::from_ss58check_with_version(
			address,
		)
		.expect("the address decodes");
	assert_eq!(u16::from(format), 7306, "{address} uses DIDimo's prefix");
	assert!(key["secretPhrase"].as_str().is_some_and(|p| p.split(' ').count() == 12));
}

#[test]
fn missing_chain_file_is_a_clear_error() {
	let dir = temp_dir("missing");
	let path = dir.path().join("no-such-spec.json");
	let path = path.to_str().expect("utf-8 path");
	let (status, output) = run_to_completion(&["--chain", path, "--tmp"]);
	assert!(!status.success(), "{output}");
	assert!(output.contains(path), "the message names the file: {output}");
	assert!(output.contains("does not exist"), "the message says what is wrong: {output}");
}

#[test]
fn malformed_chain_file_is_a_clear_error() {
	let dir = temp_dir("malformed");
	let path = dir.path().join("broken-spec.json");
	std::fs::write(&path, "{ \"name\": \"half a spec\", ").expect("write");
	let path = path.to_str().expect("utf-8 path");
	let (status, output) = run_to_completion(&["--chain", path, "--tmp"]);
	assert!(!status.success(), "{output}");
	assert!(output.contains(path), "the message names the file: {output}");
	assert!(output.contains("not a valid DIDimo chain spec"), "{output}");
	assert!(output.contains("EOF"), "the parser's reason is passed on: {output}");

	let (status, output) = run_to_completion(&["build-spec", "--chain", path]);
	assert!(!status.success() && output.contains(path), "{output}");
}

#[test]
fn no_chain_is_a_clear_error() {
	let (status, output) = run_to_completion(&["--tmp"]);
	assert!(!status.success(), "{output}");
	assert!(output.contains("no chain given"), "{output}");
}

#[test]
fn build_spec_exports_presets_with_token_properties() {
	for (chain, id) in [("dev", "didimo_dev"), ("local", "didimo_local")] {
		let output = std::process::Command::new(harness::NODE)
			.args(["build-spec", "--chain", chain])
			.output()
			.expect("didimo-node runs");
		assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
		let spec: Value = serde_json::from_slice(&output.stdout).expect("the spec is JSON");
		assert_eq!(spec["id"], id);
		assert_eq!(spec["properties"]["tokenSymbol"], "DIDO");
		assert_eq!(spec["properties"]["ss58Format"], 7306);
	}
}
