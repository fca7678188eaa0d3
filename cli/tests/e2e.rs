//! The `didimo` binary against a real dev node (the workspace's `didimo-node`, beside it in the
//! target folder): wallet, accounts, DIDs and operator commands, their output and exit codes.

use std::{
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Output, Stdio},
	thread,
	time::{Duration, Instant},
};

use serde_json::{json, Value};

const DIDIMO: &str = env!("CARGO_BIN_EXE_didimo");
const PASSPHRASE: &str = "e2e wallet pass phrase";

/// A dev node on free ports with its database in a temporary folder, killed when dropped.
struct DevNode {
	child: Child,
	url: String,
	_base: tempfile::TempDir,
}

impl DevNode {
	fn start() -> Self {
		let node = Path::new(DIDIMO).with_file_name("didimo-node");
		assert!(
			node.exists(),
			"{} is missing: build the workspace first (scripts/test.sh does)",
			node.display()
		);
		let base = tempfile::tempdir().expect("a temporary folder");
		let port = free_port();
		let child = Command::new(&node)
			.args(["--dev", "--no-telemetry", "--no-mdns", "--no-prometheus"])
			.args(["--listen-addr", "/ip4/127.0.0.1/tcp/0", "--rpc-port", &port.to_string()])
			.arg("--base-path")
			.arg(base.path())
			.stdin(Stdio::null())
			.stdout(Stdio::null())
			.stderr(Stdio::null())
			.spawn()
			.expect("didimo-node starts");
		let node = DevNode { child, url: format!("ws://127.0.0.1:{port}"), _base: base };
		let started = Instant::now();
		loop {
			let status = didimo(&node, None, &["--json", "chain", "status"]);
			if status.status.success() && json_out(&status)["best"].as_u64() >= Some(1) {
				break;
			}
			assert!(started.elapsed() < Duration::from_secs(180), "the dev node did not start");
			thread::sleep(Duration::from_millis(500));
		}
		node
	}
}

impl Drop for DevNode {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("an address").port()
}

/// Runs `didimo args` against `node` with `wallet` (if any) and the test's pass phrase.
fn didimo(node: &DevNode, wallet: Option<&Path>, args: &[&str]) -> Output {
	let mut command = Command::new(DIDIMO);
	command.args(["--url", &node.url]).env("DIDIMO_PASSWORD", PASSPHRASE);
	if let Some(wallet) = wallet {
		command.arg("--wallet").arg(wallet);
	}
	command.args(args).stdin(Stdio::null()).output().expect("didimo runs")
}

fn json_out(output: &Output) -> Value {
	serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
		panic!(
			"not JSON ({e}): {}\nstderr: {}",
			String::from_utf8_lossy(&output.stdout),
			String::from_utf8_lossy(&output.stderr)
		)
	})
}

/// Runs a command that must succeed; its JSON output.
fn ok(node: &DevNode, wallet: &Path, args: &[&str]) -> Value {
	let mut all = vec!["--json", "--dev"];
	all.extend(args);
	let output = didimo(node, Some(wallet), &all);
	assert!(
		output.status.success(),
		"didimo {args:?} failed ({}): {}{}",
		output.status,
		String::from_utf8_lossy(&output.stdout),
		String::from_utf8_lossy(&output.stderr)
	);
	json_out(&output)
}

/// Runs a command that must fail with `code`; its JSON error.
fn fails(node: &DevNode, wallet: &Path, code: i32, args: &[&str]) -> Value {
	let mut all = vec!["--json", "--dev"];
	all.extend(args);
	let output = didimo(node, Some(wallet), &all);
	assert_eq!(
		output.status.code(),
		Some(code),
		"didimo {args:?}: {}{}",
		String::from_utf8_lossy(&output.stdout),
		String::from_utf8_lossy(&output.stderr)
	);
	json_out(&output)["error"].clone()
}

/// A folder with a new wallet in it (`wallet.json`, sealed with the test's pass phrase).
fn new_wallet(node: &DevNode) -> (tempfile::TempDir, PathBuf) {
	let dir = tempfile::tempdir().expect("a temporary folder");
	let wallet = dir.path().join("wallet.json");
	ok(node, &wallet, &["wallet", "init"]);
	(dir, wallet)
}

fn document(node: &DevNode, wallet: &Path, did: &str) -> Value {
	ok(node, wallet, &["did", "show", did])["didDocument"].clone()
}

fn method_ids(document: &Value) -> Vec<String> {
	document["verificationMethod"]
		.as_array()
		.map(|methods| {
			methods
				.iter()
				.filter_map(|m| m["id"].as_str())
				.filter_map(|id| id.rsplit('#').next())
				.map(str::to_owned)
				.collect()
		})
		.unwrap_or_default()
}

#[test]
fn a_did_is_created_changed_and_deactivated_through_the_cli() {
	let node = DevNode::start();
	let (_dir, wallet) = new_wallet(&node);
	let w = wallet.as_path();
	// Initialising twice keeps the first wallet.
	let error = fails(&node, w, 3, &["wallet", "init"]);
	assert!(error["message"].as_str().unwrap_or_default().contains("already exists"));

	// The issuer's DID, paid by Alice; its key is a new account in the wallet.
	let created = ok(&node, w, &["did", "create", "issuer", "--from", "alice"]);
	let did = created["did"].as_str().expect("the DID").to_owned();
	assert!(did.starts_with("did:didimo:"), "{did}");
	assert!(created["receipt"]["block"]["number"].as_u64() >= Some(1));
	let doc = document(&node, w, "issuer");
	assert_eq!(doc["id"], json!(did));
	assert_eq!(method_ids(&doc), vec!["key-1"]);

	// A service, a second key with a proof of possession, its relationships.
	ok(
		&node,
		w,
		&[
			"did",
			"add-service",
			"issuer",
			"--id",
			"site",
			"--type",
			"LinkedDomains",
			"--endpoint",
			"https://issuer.example",
			"--from",
			"alice",
		],
	);
	ok(&node, w, &["account", "new", "second", "--scheme", "ed25519"]);
	ok(&node, w, &["did", "add-key", &did, "--id", "key-2", "--key", "second", "--from", "alice"]);
	ok(
		&node,
		w,
		&[
			"did",
			"set-relationships",
			"issuer",
			"--id",
			"key-2",
			"--relationships",
			"authentication,assertionMethod",
			"--from",
			"alice",
		],
	);
	let doc = document(&node, w, "issuer");
	assert_eq!(method_ids(&doc), vec!["key-1", "key-2"]);
	assert_eq!(doc["service"][0]["serviceEndpoint"], json!("https://issuer.example"));
	assert!(doc["assertionMethod"].to_string().contains("key-2"), "{doc}");

	// key-1 rotates to a new key; the wallet signs the next change with it.
	ok(&node, w, &["account", "new", "rotated"]);
	ok(
		&node,
		w,
		&["did", "rotate", "issuer", "--id", "key-1", "--key", "rotated", "--from", "bob"],
	);
	let listed = ok(&node, w, &["did", "list"]);
	assert_eq!(listed["dids"][0]["key"], json!("rotated"));
	ok(&node, w, &["did", "remove-service", "issuer", "--id", "site", "--from", "bob"]);
	assert!(document(&node, w, "issuer").get("service").is_none_or(|s| s == &json!([])));

	// A failing DID-signed call gives the pallet's named error and exit code 5.
	let error =
		fails(&node, w, 5, &["did", "remove-service", "issuer", "--id", "site", "--from", "bob"]);
	assert_eq!(error["kind"], json!("chain"));
	assert_eq!(error["name"], json!("Did.ServiceNotFound"), "{error}");

	// A controller: another DID of the wallet.
	let other = ok(&node, w, &["did", "create", "other", "--from", "charlie"]);
	let other_did = other["did"].as_str().expect("the DID").to_owned();
	ok(&node, w, &["did", "add-controller", "issuer", "--controller", "other", "--from", "bob"]);
	assert!(document(&node, w, "issuer")["controller"].to_string().contains(&other_did));
	ok(
		&node,
		w,
		&["did", "remove-controller", "issuer", "--controller", &other_did, "--from", "bob"],
	);

	// Deactivated for good.
	ok(&node, w, &["did", "deactivate", "other", "--from", "charlie"]);
	let shown = ok(&node, w, &["did", "show", "other"]);
	assert_eq!(shown["didDocumentMetadata"]["deactivated"], json!(true), "{shown}");
	// A DID that was never created (Ferdie's) does not resolve.
	let never = didimo_primitives::did::format_did(
		&didimo_primitives::did::DidVerificationKey::Sr25519(
			sp_keyring::Sr25519Keyring::Ferdie.public(),
		)
		.derive_did(),
	);
	let error = fails(&node, w, 2, &["did", "show", &never]);
	assert!(error["message"].to_string().contains("does not resolve"), "{error}");
	let error =
		fails(&node, w, 5, &["did", "remove-key", "other", "--id", "key-9", "--from", "bob"]);
	assert!(error["message"].as_str().unwrap_or_default().contains("deactivated"), "{error}");
}

#[test]
fn failures_are_told_apart_by_exit_code_and_leave_the_wallet_alone() {
	let node = DevNode::start();
	let (dir, wallet) = new_wallet(&node);
	let w = wallet.as_path();
	let created = ok(&node, w, &["account", "new", "broke"]);
	assert_eq!(created["phrase"].as_str().map(|p| p.split(' ').count()), Some(12));
	let before = std::fs::read(w).expect("the wallet");

	// A wrong pass phrase: exit 3, the file unchanged.
	let output = Command::new(DIDIMO)
		.args(["--json", "--url", &node.url, "--wallet"])
		.arg(w)
		.args(["account", "list"])
		.env("DIDIMO_PASSWORD", "not it")
		.output()
		.expect("didimo runs");
	assert_eq!(output.status.code(), Some(3));
	assert!(json_out(&output)["error"]["message"].to_string().contains("wrong pass phrase"));
	assert_eq!(std::fs::read(w).expect("the wallet"), before);

	// An unreachable node: exit 4.
	let output = Command::new(DIDIMO)
		.args(["--json", "--dev", "--url", &format!("ws://127.0.0.1:{}", free_port())])
		.args(["chain", "status"])
		.output()
		.expect("didimo runs");
	assert_eq!(output.status.code(), Some(4));
	assert_eq!(json_out(&output)["error"]["kind"], json!("network"));

	// An account without funds: the pool refuses the transaction, exit 5.
	let error = fails(&node, w, 5, &["did", "create", "poor", "--from", "broke"]);
	assert!(error["message"].as_str().unwrap_or_default().contains("pool"), "{error}");
	assert!(error["name"].as_str().unwrap_or_default().contains("pay"), "{error}");

	// Usage errors: exit 2.
	fails(&node, w, 2, &["did", "create", "x", "--from", "nobody"]);
	fails(
		&node,
		w,
		2,
		&["did", "add-key", "nobody", "--id", "k", "--x25519", "00", "--from", "alice"],
	);
	let output = didimo(&node, Some(w), &["did", "frobnicate"]);
	assert_eq!(output.status.code(), Some(2));

	// Secrets come in by file or standard input, and go out only on export.
	let secret = dir.path().join("secret");
	std::fs::write(&secret, "//Dave\n").expect("written");
	let imported = ok(
		&node,
		w,
		&["account", "import", "dave2", "--secret-file", secret.to_str().expect("UTF-8")],
	);
	let dave = ok(&node, w, &["account", "list"])["accounts"]
		.as_array()
		.expect("accounts")
		.iter()
		.find(|a| a["name"] == json!("dave2"))
		.cloned()
		.expect("listed");
	assert_eq!(dave["address"], imported["address"]);
	assert_eq!(ok(&node, w, &["account", "export", "dave2"])["secret"], json!("//Dave"));
}

#[test]
fn chain_status_and_session_keys_for_operators() {
	let node = DevNode::start();
	let dir = tempfile::tempdir().expect("a temporary folder");
	let w = dir.path().join("wallet.json");
	let status = ok(&node, &w, &["chain", "status"]);
	assert!(status["best"].as_u64() >= Some(1));
	assert_eq!(
		status["transactionVersion"].as_u64(),
		Some(u64::from(didimo_runtime::VERSION.transaction_version))
	);
	assert!(status["finalized"]["hash"].as_str().is_some_and(|h| h.starts_with("0x")));

	// Keys generated in the node's keystore and registered with set_keys from Alice.
	let keys = ok(&node, &w, &["node", "keys", "--from", "alice", "--submit"]);
	assert!(keys["setKeysCall"].as_str().is_some_and(|c| c.starts_with("0x09")), "{keys}");
	assert!(keys["receipt"]["block"]["number"].as_u64() >= Some(1));
	// set_keys from another account than the owner is refused before anything is sent.
	let error =
		fails(&node, &w, 2, &["node", "keys", "--owner", "alice", "--from", "bob", "--submit"]);
	assert!(error["message"].as_str().unwrap_or_default().contains("own account"), "{error}");
}

#[test]
fn an_issuer_runs_a_revocation_registry_through_the_cli() {
	let node = DevNode::start();
	let (_dir, wallet) = new_wallet(&node);
	let w = wallet.as_path();
	ok(&node, w, &["did", "create", "issuer", "--from", "alice"]);
	let status = |registry: &str, index: &str| {
		ok(&node, w, &["revocation", "status", "--registry", registry, "--index", index])["status"]
			.clone()
	};

	let created = ok(
		&node,
		w,
		&["revocation", "create-registry", "issuer", "--capacity", "64", "--from", "alice"],
	);
	let registry = created["registry"].as_u64().expect("the registry id").to_string();
	let r = registry.as_str();
	assert_eq!(status(r, "3"), json!("active"));
	ok(
		&node,
		w,
		&["revocation", "revoke", "issuer", "--registry", r, "--index", "3,7", "--from", "alice"],
	);
	assert_eq!(status(r, "3"), json!("revoked"));
	assert_eq!(status(r, "7"), json!("revoked"));
	assert_eq!(status(r, "4"), json!("active"));
	let witness = ok(&node, w, &["revocation", "witness", "--registry", r, "--index", "4"]);
	assert!(witness["root"].is_string() && witness["path"].is_array(), "{witness}");
	let list = ok(&node, w, &["revocation", "list", "--registry", r]);
	assert!(list["type"].to_string().contains("BitstringStatusListCredential"), "{list}");

	// The chain's refusals, by name.
	let refused = |args: &[&str], name: &str| {
		let error = fails(&node, w, 5, args);
		assert_eq!(error["name"], json!(name), "{error}");
	};
	refused(
		&["revocation", "revoke", "issuer", "--registry", r, "--index", "64", "--from", "alice"],
		"Revocation.IndexOutOfRange",
	);
	refused(
		&["revocation", "suspend", "issuer", "--registry", r, "--index", "1", "--from", "alice"],
		"Revocation.WrongPurpose",
	);

	// A delegate revokes with its own DID.
	ok(&node, w, &["did", "create", "helper", "--from", "bob"]);
	ok(
		&node,
		w,
		&[
			"revocation",
			"add-delegate",
			"issuer",
			"--registry",
			r,
			"--delegate",
			"helper",
			"--from",
			"alice",
		],
	);
	ok(
		&node,
		w,
		&["revocation", "revoke", "helper", "--registry", r, "--index", "9", "--from", "bob"],
	);
	assert_eq!(status(r, "9"), json!("revoked"));
	ok(
		&node,
		w,
		&[
			"revocation",
			"remove-delegate",
			"issuer",
			"--registry",
			r,
			"--delegate",
			"helper",
			"--from",
			"alice",
		],
	);
	refused(
		&["revocation", "revoke", "helper", "--registry", r, "--index", "10", "--from", "bob"],
		"Revocation.NotAuthorized",
	);

	// Suspension is reversible; a closed registry is gone.
	let created = ok(
		&node,
		w,
		&[
			"revocation",
			"create-registry",
			"issuer",
			"--capacity",
			"16",
			"--suspension",
			"--from",
			"alice",
		],
	);
	let suspended = created["registry"].as_u64().expect("the registry id").to_string();
	let s = suspended.as_str();
	ok(
		&node,
		w,
		&["revocation", "suspend", "issuer", "--registry", s, "--index", "5", "--from", "alice"],
	);
	assert_eq!(status(s, "5"), json!("suspended"));
	ok(
		&node,
		w,
		&["revocation", "reinstate", "issuer", "--registry", s, "--index", "5", "--from", "alice"],
	);
	assert_eq!(status(s, "5"), json!("active"));
	let closed =
		ok(&node, w, &["revocation", "close", "issuer", "--registry", s, "--from", "alice"]);
	assert!(closed["steps"].as_u64() >= Some(1), "{closed}");
	assert_eq!(status(s, "5"), json!("unknown"));
	fails(&node, w, 2, &["revocation", "list", "--registry", s]);
}
