//! Chain specs for real networks: `production-spec` builds one that holds only the keys its
//! operators give, and a node refuses to start a chain that is not a development chain when its
//! genesis holds a well-known development key (as sudo key, authority or endowed account),
//! unless it is given `--allow-dev-keys`.

use std::{
	collections::{BTreeMap, BTreeSet},
	io::{BufRead, BufReader},
	path::Path,
	process::{Command, Output, Stdio},
	sync::{Arc, Mutex},
	thread,
	time::{Duration, Instant},
};

use codec::Decode;
use didimo_runtime::{AccountId, UNIT};
use serde_json::Value;
use sp_core::{
	crypto::{Ss58AddressFormat, Ss58Codec},
	ed25519, sr25519, Pair,
};
use sp_io::hashing::twox_128;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	harness::{temp_dir, NODE},
	hex_decode, hex_encode,
};

/// How long a node gets to refuse its chain, or to start its RPC server.
const START_TIMEOUT: Duration = Duration::from_secs(180);

/// A test network's Aura key, from a fixed seed: not derived from the development phrase.
fn aura(seed: u8) -> sr25519::Public {
	sr25519::Pair::from_seed(&[seed; 32]).public()
}

/// A test network's GRANDPA key, from a fixed seed.
fn grandpa(seed: u8) -> ed25519::Public {
	ed25519::Pair::from_seed(&[seed; 32]).public()
}

/// A test network's account, from a fixed seed.
fn account(seed: u8) -> AccountId {
	aura(seed).into()
}

fn bytes(account: &AccountId) -> [u8; 32] {
	account.clone().into()
}

/// Every well-known development public key, sr25519 and ed25519, with its name.
fn dev_keys() -> Vec<([u8; 32], String)> {
	let sr25519 = Sr25519Keyring::iter()
		.map(|k| (k.to_raw_public(), format!("//{} (sr25519)", <&'static str>::from(k))));
	let ed25519 = Ed25519Keyring::iter()
		.map(|k| (k.to_raw_public(), format!("//{} (ed25519)", <&'static str>::from(k))));
	sr25519.chain(ed25519).collect()
}

/// Runs `didimo-node production-spec` with `args`.
fn production_spec(args: &[&str]) -> Output {
	Command::new(NODE).arg("production-spec").args(args).output().expect("didimo-node runs")
}

/// The spec a successful `production-spec` printed.
fn printed_spec(output: &Output) -> Value {
	assert!(
		output.status.success(),
		"production-spec failed:\n{}",
		String::from_utf8_lossy(&output.stderr)
	);
	serde_json::from_slice(&output.stdout).expect("production-spec prints JSON")
}

/// What a failed `production-spec` said.
fn refusal(output: &Output) -> String {
	assert!(!output.status.success(), "production-spec was expected to refuse");
	assert!(output.stdout.is_empty(), "a refused spec prints nothing on standard output");
	String::from_utf8_lossy(&output.stderr).to_string()
}

/// The genesis storage of a raw spec.
fn raw_storage(spec: &Value) -> BTreeMap<Vec<u8>, Vec<u8>> {
	spec["genesis"]["raw"]["top"]
		.as_object()
		.expect("a raw spec holds its genesis storage")
		.iter()
		.map(|(key, value)| (array_bytes::hex2bytes(key).expect("a hex key"), hex_decode(value)))
		.collect()
}

fn storage_value_key(pallet: &str, item: &str) -> Vec<u8> {
	[twox_128(pallet.as_bytes()), twox_128(item.as_bytes())].concat()
}

/// The storage value `pallet.item` of a genesis, decoded.
fn storage_value<T: Decode>(storage: &BTreeMap<Vec<u8>, Vec<u8>>, pallet: &str, item: &str) -> T {
	let value = storage
		.get(&storage_value_key(pallet, item))
		.unwrap_or_else(|| panic!("the genesis has {pallet}.{item}"));
	T::decode(&mut &value[..]).unwrap_or_else(|e| panic!("{pallet}.{item} decodes: {e}"))
}

/// Every account of a genesis (`System.Account`) with its free balance.
fn free_balances(storage: &BTreeMap<Vec<u8>, Vec<u8>>) -> BTreeMap<[u8; 32], u128> {
	let prefix = storage_value_key("System", "Account");
	storage
		.iter()
		.filter(|(key, _)| key.starts_with(&prefix))
		.map(|(key, value)| {
			// Blake2_128Concat: 16 bytes of hash, then the account id.
			let who: [u8; 32] =
				key[prefix.len() + 16..].try_into().expect("the key ends in an account id");
			let info =
				frame_system::AccountInfo::<u32, pallet_balances::AccountData<u128>>::decode(
					&mut &value[..],
				)
				.expect("System.Account decodes");
			(who, info.data.free)
		})
		.collect()
}

/// Fails if any development public key is anywhere in the genesis storage, key or value. The
/// runtime's code is left out: it carries the development presets.
fn assert_no_dev_key(storage: &BTreeMap<Vec<u8>, Vec<u8>>) {
	let contains = |haystack: &[u8], needle: &[u8; 32]| {
		haystack.windows(needle.len()).any(|window| window == needle)
	};
	for (public, name) in dev_keys() {
		for (key, value) in storage.iter().filter(|(key, _)| key.as_slice() != b":code") {
			assert!(
				!contains(key, &public) && !contains(value, &public),
				"{name} is in the genesis, under {}",
				hex_encode(key)
			);
		}
	}
}

/// How a node started with a chain spec ended up.
enum Start {
	/// It exited without starting; its log (the error included).
	Refused(String),
	/// Its RPC server came up (the node was then stopped); its log.
	Started(String),
}

/// Starts a node (not `--dev`, so the chain's own type counts) with the chain spec at `spec`,
/// and waits until it exits or its RPC server is up.
fn start_node(spec: &Path, extra: &[&str]) -> Start {
	let base = temp_dir("chain-spec-node");
	let mut child = Command::new(NODE)
		.arg("--chain")
		.arg(spec)
		.arg("--base-path")
		.arg(base.path())
		.args(["--no-telemetry", "--no-mdns", "--no-prometheus", "--rpc-port", "0"])
		.args(["--listen-addr", "/ip4/127.0.0.1/tcp/0"])
		.args(extra)
		.stdin(Stdio::null())
		.stdout(Stdio::null())
		.stderr(Stdio::piped())
		.spawn()
		.expect("didimo-node starts");

	let log = Arc::new(Mutex::new(Vec::<String>::new()));
	let stderr = child.stderr.take().expect("stderr is piped");
	let sink = log.clone();
	let reader = thread::spawn(move || {
		for line in BufReader::new(stderr).lines().map_while(Result::ok) {
			if let Ok(mut log) = sink.lock() {
				log.push(line);
			}
		}
	});
	let text = || log.lock().map(|lines| lines.join("\n")).unwrap_or_default();

	let started = Instant::now();
	loop {
		if let Ok(Some(status)) = child.try_wait() {
			let _ = reader.join();
			let log = text();
			assert!(!status.success(), "didimo-node exited without an error or a start:\n{log}");
			return Start::Refused(log);
		}
		if text().contains("Running JSON-RPC server") {
			let _ = child.kill();
			let _ = child.wait();
			return Start::Started(text());
		}
		if started.elapsed() > START_TIMEOUT {
			let _ = child.kill();
			let _ = child.wait();
			panic!("didimo-node neither refused nor started in {START_TIMEOUT:?}:\n{}", text());
		}
		thread::sleep(Duration::from_millis(200));
	}
}

fn assert_refused(start: Start) -> String {
	match start {
		Start::Refused(log) => log,
		Start::Started(log) => panic!("the node started a chain it must refuse:\n{log}"),
	}
}

fn assert_started(start: Start) -> String {
	match start {
		Start::Started(log) => log,
		Start::Refused(log) => panic!("the node refused a chain it must start:\n{log}"),
	}
}

#[test]
fn production_spec_holds_only_the_given_keys() {
	let (aura1, grandpa1, aura2, grandpa2) = (aura(1), grandpa(2), aura(3), grandpa(4));
	let (root, treasury) = (account(5), account(6));
	let first = format!("{}:{}", aura1.to_ss58check(), grandpa1.to_ss58check());
	// The second validator as `author_rotateKeys` answers: its session keys SCALE-encoded,
	// Aura then GRANDPA.
	let second = hex_encode(&[aura2.0, grandpa2.0].concat());
	let root_address = root.to_ss58check();
	// Addresses in DIDimo's own format are taken as well as generic ones.
	let treasury_address = treasury.to_ss58check_with_version(Ss58AddressFormat::custom(7306));
	let endow_root = format!("{root_address}=1000");
	// More than a u64 holds in the smallest unit.
	let endow_treasury = format!("{treasury_address}=50000000.5");
	let mut args = vec![
		"--name",
		"DIDimo Test",
		"--id",
		"didimo_test",
		"--authority",
		&first,
		"--authority",
		&second,
		"--root",
		&root_address,
		"--endow",
		&endow_root,
		"--endow",
		&endow_treasury,
	];

	// The plain spec: a Live chain whose genesis patch sets exactly these four pallets.
	let output = production_spec(&args);
	let plain = printed_spec(&output);
	assert_eq!(plain["chainType"], "Live");
	assert_eq!(plain["name"], "DIDimo Test");
	assert_eq!(plain["id"], "didimo_test");
	assert_eq!(plain["protocolId"], "didimo_test");
	assert_eq!(plain["properties"]["tokenSymbol"], "DIDO");
	let patch = &plain["genesis"]["runtimeGenesis"]["patch"];
	let pallets: BTreeSet<&str> =
		patch.as_object().expect("a genesis patch").keys().map(String::as_str).collect();
	assert_eq!(pallets, BTreeSet::from(["balances", "session", "sudo", "validatorSet"]));
	// The validators' accounts default to their Aura keys'; an hour-long session.
	assert_eq!(patch["validatorSet"]["sessionLength"], 600);
	let patch_text = patch.to_string();
	for (public, name) in dev_keys() {
		for format in [42, 7306] {
			let address = AccountId::from(public)
				.to_ss58check_with_version(Ss58AddressFormat::custom(format));
			assert!(!patch_text.contains(&address), "{name} is in the patch: {patch_text}");
		}
	}

	// The raw spec: its genesis storage holds these keys, these balances, and no dev key.
	args.push("--raw");
	let raw = printed_spec(&production_spec(&args));
	assert_eq!(raw["chainType"], "Live");
	assert_eq!(raw["id"], "didimo_test");
	let storage = raw_storage(&raw);
	assert_eq!(storage_value::<[u8; 32]>(&storage, "Sudo", "Key"), bytes(&root));
	assert_eq!(
		storage_value::<Vec<[u8; 32]>>(&storage, "Aura", "Authorities"),
		vec![aura1.0, aura2.0]
	);
	assert_eq!(
		storage_value::<Vec<([u8; 32], u64)>>(&storage, "Grandpa", "Authorities"),
		vec![(grandpa1.0, 1), (grandpa2.0, 1)]
	);
	// The session gives Aura and GRANDPA the validators' keys; the validator set names their
	// accounts (here, their Aura keys').
	assert_eq!(
		storage_value::<Vec<[u8; 32]>>(&storage, "ValidatorSet", "Validators"),
		vec![aura1.0, aura2.0]
	);
	let balances = free_balances(&storage);
	assert_eq!(
		balances
			.iter()
			.filter(|(_, free)| **free > 0)
			.map(|(who, free)| (*who, *free))
			.collect::<BTreeMap<_, _>>(),
		BTreeMap::from([
			(bytes(&root), 1000 * UNIT),
			(bytes(&treasury), 50_000_000 * UNIT + UNIT / 2)
		]),
		"only the given accounts are endowed, with the given amounts"
	);
	// The validators' accounts exist (the session's reference to their keys), empty.
	assert_eq!(balances.get(&aura1.0), Some(&0));
	assert_no_dev_key(&storage);

	// A node starts the plain spec: no override needed.
	let dir = temp_dir("production-spec");
	let path = dir.path().join("didimo-test.json");
	std::fs::write(&path, &output.stdout).expect("the spec is written");
	assert_started(start_node(&path, &[]));
}

#[test]
fn production_spec_refuses_development_keys() {
	let authority = format!("{}:{}", aura(1).to_ss58check(), grandpa(2).to_ss58check());
	let root = account(5).to_ss58check();
	let endowed = format!("{}=10", account(6).to_ss58check());
	let alice = Sr25519Keyring::Alice.to_account_id().to_ss58check();
	fn spec_with(authority: &str, root: &str, endowed: &str, extra: &[&str]) -> Output {
		let mut args = vec!["--name", "T", "--id", "t", "--authority", authority, "--root", root];
		args.extend(["--endow", endowed]);
		args.extend(extra);
		production_spec(&args)
	}

	let output = refusal(&spec_with(&authority, &alice, &endowed, &[]));
	assert!(output.contains("sudo (root) key: //Alice (sr25519)"), "{output}");
	assert!(output.contains("--allow-dev-keys"), "the override is named: {output}");

	let bob_aura = format!(
		"{}:{}",
		Sr25519Keyring::Bob.to_account_id().to_ss58check(),
		grandpa(2).to_ss58check()
	);
	let output = refusal(&spec_with(&bob_aura, &root, &endowed, &[]));
	assert!(output.contains("Aura authority: //Bob (sr25519)"), "{output}");

	let charlie_grandpa = format!(
		"{}:{}",
		aura(1).to_ss58check(),
		hex_encode(&Ed25519Keyring::Charlie.to_raw_public())
	);
	let output = refusal(&spec_with(&charlie_grandpa, &root, &endowed, &[]));
	assert!(output.contains("GRANDPA authority: //Charlie (ed25519)"), "{output}");

	let ferdie = format!("{}=10", Sr25519Keyring::Ferdie.to_account_id().to_ss58check());
	let output = refusal(&spec_with(&authority, &root, &ferdie, &[]));
	assert!(output.contains("endowed account: //Ferdie (sr25519)"), "{output}");

	// What the runtime's genesis would reject is refused with a reason, before it is built.
	let dust = format!("{}=0.0001", account(6).to_ss58check());
	let output = refusal(&spec_with(&authority, &root, &dust, &[]));
	assert!(output.contains("existential deposit"), "{output}");
	let output = refusal(&spec_with(&authority, "//Alice", &endowed, &[]));
	assert!(output.contains("--root"), "a secret URI is not an account: {output}");

	// For a test network, the override puts the given development key in charge.
	let raw =
		printed_spec(&spec_with(&authority, &alice, &endowed, &["--allow-dev-keys", "--raw"]));
	let storage = raw_storage(&raw);
	assert_eq!(
		storage_value::<[u8; 32]>(&storage, "Sudo", "Key"),
		Sr25519Keyring::Alice.to_raw_public()
	);
}

#[test]
fn node_refuses_a_live_chain_whose_sudo_key_is_alice() {
	let dir = temp_dir("alice-sudo");
	let authority = format!("{}:{}", aura(1).to_ss58check(), grandpa(2).to_ss58check());
	let root = account(5).to_ss58check();
	let endowed = format!("{root}=10");
	let alice = Sr25519Keyring::Alice.to_account_id().to_ss58check();

	// A real network's spec in which only the sudo key was left as in the dev presets.
	let output = production_spec(&[
		"--name",
		"T",
		"--id",
		"t",
		"--authority",
		&authority,
		"--root",
		&root,
		"--endow",
		&endowed,
	]);
	let mut spec = printed_spec(&output);
	spec["genesis"]["runtimeGenesis"]["patch"]["sudo"]["key"] = Value::from(alice.clone());
	let plain = dir.path().join("alice-sudo.json");
	std::fs::write(&plain, spec.to_string()).expect("the spec is written");

	let log = assert_refused(start_node(&plain, &[]));
	assert!(log.contains("refusing to start chain `T`"), "{log}");
	assert!(log.contains("sudo (root) key: //Alice (sr25519)"), "the key is named: {log}");
	assert!(!log.contains("Aura authority"), "only the sudo key is a dev key: {log}");
	assert!(log.contains("--allow-dev-keys"), "the override is named: {log}");

	// The raw form of such a spec, as operators distribute it, is refused as well.
	let output = production_spec(&[
		"--name",
		"T",
		"--id",
		"t",
		"--authority",
		&authority,
		"--root",
		&alice,
		"--endow",
		&endowed,
		"--allow-dev-keys",
		"--raw",
	]);
	printed_spec(&output);
	let raw = dir.path().join("alice-sudo-raw.json");
	std::fs::write(&raw, &output.stdout).expect("the spec is written");
	let log = assert_refused(start_node(&raw, &[]));
	assert!(log.contains("sudo (root) key: //Alice (sr25519)"), "{log}");

	// A test network may run with it, warned.
	let log = assert_started(start_node(&plain, &["--allow-dev-keys"]));
	assert!(log.contains("development keys") && log.contains("--allow-dev-keys"), "{log}");
}

#[test]
fn node_refuses_specs_built_from_the_local_preset() {
	// What operators were once told to do: `build-spec --chain local`, then edit it.
	let output = Command::new(NODE)
		.args(["build-spec", "--chain", "local", "--raw"])
		.output()
		.expect("runs");
	assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
	let mut spec: Value = serde_json::from_slice(&output.stdout).expect("build-spec prints JSON");
	assert_eq!(spec["chainType"], "Local");
	let dir = temp_dir("local-preset");

	// As a Live chain: every development key is named, in every role.
	spec["chainType"] = Value::from("Live");
	let live = dir.path().join("live.json");
	std::fs::write(&live, spec.to_string()).expect("the spec is written");
	let log = assert_refused(start_node(&live, &[]));
	for named in [
		"sudo (root) key: //Alice (sr25519)",
		"Aura authority: //Alice (sr25519), //Bob (sr25519)",
		"GRANDPA authority: //Alice (ed25519), //Bob (ed25519)",
		"endowed account: ",
		"//Ferdie//stash (sr25519)",
		"presentation-circuit verifying key: circuit version 1 development key (seed 0)",
	] {
		assert!(log.contains(named), "`{named}` is named:\n{log}");
	}

	// Left as chain type Local, a spec file is still no development chain: only the built-in
	// `--chain local` is.
	spec["chainType"] = Value::from("Local");
	let local = dir.path().join("local.json");
	std::fs::write(&local, spec.to_string()).expect("the spec is written");
	let log = assert_refused(start_node(&local, &[]));
	assert!(log.contains("chain type Local") && log.contains("//Alice"), "{log}");
}
