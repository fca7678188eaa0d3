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

/// The `error` message of a failed command, as text.
fn message(error: &Value) -> String {
	error["message"].as_str().unwrap_or_default().to_owned()
}

#[test]
fn an_issuer_a_holder_and_a_verifier_go_through_a_presentation() {
	let node = DevNode::start();
	let (dir, issuer_wallet) = new_wallet(&node);
	let (_holder_dir, holder_wallet) = new_wallet(&node);
	let (_verifier_dir, verifier_wallet) = new_wallet(&node);
	let (i, h, v) = (issuer_wallet.as_path(), holder_wallet.as_path(), verifier_wallet.as_path());
	let file = |name: &str| dir.path().join(name);
	let path = |name: &str| file(name).display().to_string();

	// The issuer: a DID with a zero-knowledge key and a registry.
	let issuer = ok(&node, i, &["did", "create", "issuer", "--from", "alice"])["did"]
		.as_str()
		.expect("the DID")
		.to_owned();
	let key = ok(&node, i, &["credential", "issuer-key", "zk"]);
	assert_eq!(key["created"], json!(true));
	ok(
		&node,
		i,
		&["did", "add-key", "issuer", "--id", "zk-1", "--zk-issuer", "zk", "--from", "alice"],
	);
	assert!(document(&node, i, "issuer").to_string().contains("DidimoJubjubEdDSAKey2026"));
	let registry = ok(
		&node,
		i,
		&["revocation", "create-registry", "issuer", "--capacity", "1000", "--from", "alice"],
	)["registry"]
		.as_u64()
		.expect("a registry id")
		.to_string();

	// The holder's commitment; the issuer issues to it.
	let commitment = ok(&node, h, &["credential", "holder-id"])["commitment"]
		.as_str()
		.expect("a commitment")
		.to_owned();
	assert_eq!(ok(&node, h, &["credential", "holder-id"])["commitment"], json!(commitment));
	let schema_uri = "https://didimo.example/schemas/member/v1";
	std::fs::write(
		file("schema.json"),
		json!({ "id": schema_uri, "attributes": [
			{ "name": "age", "type": "integer" },
			{ "name": "birthDate", "type": "date" },
			{ "name": "country", "type": "string" },
			{ "name": "member", "type": "boolean" },
		]})
		.to_string(),
	)
	.expect("written");
	std::fs::write(
		file("values.json"),
		json!({ "age": 30, "birthDate": "1996-04-01", "country": "CH", "member": true })
			.to_string(),
	)
	.expect("written");
	let issue = |out: &str| {
		ok(
			&node,
			i,
			&[
				"credential",
				"issue",
				"issuer",
				"--schema",
				&path("schema.json"),
				"--attributes",
				&path("values.json"),
				"--holder",
				&commitment,
				"--registry",
				&registry,
				"--out",
				&path(out),
			],
		)
	};
	let issued = issue("credential.json");
	let index = issued["index"].as_u64().expect("a slot");
	assert!(index < 1000);
	let credential: Value =
		serde_json::from_slice(&std::fs::read(file("credential.json")).expect("the credential"))
			.expect("JSON");
	assert_eq!(credential["issuer"], json!(issuer));
	assert_eq!(credential["credentialStatus"]["statusListIndex"], json!(index.to_string()));
	assert_eq!(credential["credentialSubject"]["country"], json!("CH"));
	// A second credential for the same registry takes another slot.
	let second = issue("second.json");
	assert_ne!(second["index"], json!(index));

	// Bad credentials are refused: a value changed after signing, a wallet without the holder.
	let mut forged = credential.clone();
	forged["credentialSubject"]["age"] = json!(31);
	std::fs::write(file("forged.json"), forged.to_string()).expect("written");
	let error = fails(&node, h, 2, &["credential", "import", &path("forged.json")]);
	assert!(message(&error).contains("credentialSubject differs"), "{error}");
	ok(&node, v, &["credential", "holder-id"]);
	let error = fails(&node, v, 6, &["credential", "import", &path("credential.json")]);
	assert!(message(&error).contains("holder"), "{error}");
	// The holder imports it.
	let imported =
		ok(&node, h, &["credential", "import", &path("credential.json"), "--name", "club"]);
	assert_eq!(imported["issuer"], json!(issuer));
	let listed = ok(&node, h, &["credential", "list"]);
	assert_eq!(listed[0]["status"], json!("active"), "{listed}");
	assert_eq!(listed[0]["credentialSubject"]["age"], json!(30));

	// The verifier: a DID, a trusted list with the issuer, an `age >= 18` request with a
	// nullifier scope, and an `age >= 40` one.
	ok(&node, v, &["did", "create", "verifier", "--from", "bob"]);
	let list =
		ok(&node, v, &["trusted-list", "create", "verifier", "--issuer", &issuer, "--from", "bob"])
			["list"]
			.as_u64()
			.expect("a list id")
			.to_string();
	let shown = ok(&node, v, &["trusted-list", "show", &list]);
	assert!(shown.to_string().contains(&issuer), "{shown}");
	let request = |predicate: &str, scope: &str| {
		ok(
			&node,
			v,
			&[
				"request",
				"create",
				"verifier",
				"--schema",
				schema_uri,
				"--list",
				&list,
				"--slot",
				"0",
				"--predicate",
				predicate,
				"--disclose",
				"2",
				"--scope",
				scope,
				"--from",
				"bob",
			],
		)["request"]
			.as_str()
			.expect("a request id")
			.to_owned()
	};
	let adult = request("gte:18", "club entry");
	let senior = request("gte:40", "seniors");
	let shown = ok(&node, v, &["request", "show", &adult]);
	assert_eq!(shown["spec"]["predicate"], json!({ "gte": 18 }), "{shown}");

	// The holder cannot prove what is false: a precise refusal, no proof.
	let error = fails(
		&node,
		h,
		6,
		&[
			"present",
			"--request",
			&senior,
			"--nonce",
			&format!("0x{}", "11".repeat(32)),
			"--out",
			&path("no.json"),
		],
	);
	assert!(message(&error).contains("cannot satisfy"), "{error}");

	// Off chain: the holder proves for the verifier's nonce; the verifier checks the file
	// with the node and with the chain's runtime; another nonce is refused.
	let nonce = format!("0x{}", "ab".repeat(32));
	ok(&node, h, &["present", "--request", &adult, "--nonce", &nonce, "--out", &path("vp.json")]);
	let verified = ok(&node, v, &["verify", &path("vp.json"), "--nonce", &nonce]);
	assert_eq!(verified["verified"], json!(true), "{verified}");
	assert_eq!(verified["nullifierUsed"], json!(false), "{verified}");
	// The country (slot 2) is disclosed, as the request asks.
	assert_eq!(verified["disclosed"][0]["slot"], json!(2), "{verified}");
	let in_wasm = ok(&node, v, &["verify", &path("vp.json"), "--nonce", &nonce, "--runtime-api"]);
	assert_eq!(in_wasm["verified"], json!(true), "{in_wasm}");
	let error = fails(
		&node,
		v,
		6,
		&["verify", &path("vp.json"), "--nonce", &format!("0x{}", "cd".repeat(32))],
	);
	assert!(message(&error).contains("challengeMismatch"), "{error}");

	// On chain, paid by and bound to Charlie; the same holder again is refused by the
	// nullifier (before a proof is made), and the earlier file no longer verifies.
	let presented = ok(&node, h, &["present", "--request", &adult, "--from", "charlie"]);
	assert_eq!(presented["verified"], json!(true), "{presented}");
	let error = fails(&node, h, 6, &["present", "--request", &adult, "--from", "charlie"]);
	assert!(message(&error).contains("already presented"), "{error}");
	let error = fails(&node, v, 6, &["verify", &path("vp.json"), "--nonce", &nonce]);
	assert!(message(&error).contains("nullifierUsed"), "{error}");

	// The issuer revokes; the holder's next presentation fails with the reason.
	ok(
		&node,
		i,
		&[
			"revocation",
			"revoke",
			"issuer",
			"--registry",
			&registry,
			"--index",
			&index.to_string(),
			"--from",
			"alice",
		],
	);
	let error = fails(
		&node,
		h,
		6,
		&["present", "--request", &adult, "--nonce", &nonce, "--out", &path("vp2.json")],
	);
	assert!(message(&error).contains("revoked"), "{error}");
	assert_eq!(ok(&node, h, &["credential", "list"])[0]["status"], json!("revoked"));

	// The verifier closes its request and list.
	ok(&node, v, &["request", "close", "verifier", "--request", &senior, "--from", "bob"]);
	let error = fails(&node, v, 2, &["request", "show", &senior]);
	assert!(message(&error).contains("no request"), "{error}");
	ok(
		&node,
		v,
		&[
			"trusted-list",
			"remove",
			"verifier",
			"--list",
			&list,
			"--issuer",
			&issuer,
			"--from",
			"bob",
		],
	);
}

#[test]
fn consent_is_given_checked_narrowed_renewed_and_revoked_through_the_cli() {
	let node = DevNode::start();
	let (_dir, wallet) = new_wallet(&node);
	let w = wallet.as_path();
	let did_of = |created: Value| created["did"].as_str().expect("the DID").to_owned();
	let subject = did_of(ok(&node, w, &["did", "create", "subject", "--from", "alice"]));
	let grantee = did_of(ok(&node, w, &["did", "create", "grantee", "--from", "bob"]));
	let receipt_hash = format!("0x{}", "ab".repeat(32));
	// A grant from `subject` to `grantee` with two scopes, ending as `end` says.
	let give = |end: &[&str]| {
		let mut args = vec![
			"consent",
			"grant",
			"subject",
			"--grantee",
			"grantee",
			"--scope",
			"schema:kyc",
			"read,share",
			"dpv:IdentityVerification",
			"--scope",
			"email",
			"read",
			"dpv:Marketing",
			"--jurisdiction",
			"EU",
			"--policy",
			"https://shop.example/privacy",
			"--receipt-hash",
			receipt_hash.as_str(),
			"--from",
			"alice",
		];
		args.extend(end);
		let given = ok(&node, w, &args);
		assert_eq!(given["grantee"], json!(grantee), "{given}");
		given
	};
	let check_args = |action: &'static str| {
		vec![
			"consent",
			"check",
			"--subject",
			"subject",
			"--grantee",
			"grantee",
			"--category",
			"schema:kyc",
			"--action",
			action,
			"--purpose",
			"dpv:IdentityVerification",
		]
	};
	let check = |action: &'static str| ok(&node, w, &check_args(action));

	// Given for 30 days: the grantee may share KYC data for identity verification, not store it.
	let given = give(&["--valid-for", "30d"]);
	let first = given["grant"].as_u64().expect("the grant id");
	let id = first.to_string();
	let g = id.as_str();
	let until = given["validUntil"].as_u64();
	assert_eq!(until.zip(given["validFrom"].as_u64()).map(|(u, f)| u - f), Some(30 * 86_400_000));
	let allowed = check("share");
	assert_eq!(allowed["allowed"], json!(true), "{allowed}");
	assert_eq!(allowed["grantId"], json!(first));
	assert_eq!(check("store")["reason"], json!("scopeMismatch"));
	// An unknown action is a usage error that names the known ones; nothing is sent.
	let error = fails(&node, w, 2, &check_args("write"));
	assert!(error["message"].to_string().contains("read, store, share, derive"), "{error}");

	// Both sides list it.
	let listed = ok(&node, w, &["consent", "list", "subject"]);
	assert_eq!(listed["asSubject"]["grants"][0]["id"], json!(first), "{listed}");
	assert_eq!(listed["asSubject"]["grants"][0]["state"], json!("active"));
	assert_eq!(listed["asGrantee"]["grants"], json!([]));
	let received = ok(&node, w, &["consent", "list", &grantee, "--role", "grantee"]);
	assert_eq!(received["asGrantee"]["grants"][0]["subject"], json!(subject), "{received}");
	assert!(received.get("asSubject").is_none());

	// The grantee records an access; the subject narrows the grant (KYC read only, marketing
	// withdrawn) and renews it.
	let access = ok(
		&node,
		w,
		&[
			"consent",
			"record-access",
			"grantee",
			"--grant",
			g,
			"--category",
			"schema:kyc",
			"--action",
			"read",
			"--purpose",
			"dpv:IdentityVerification",
			"--from",
			"bob",
		],
	);
	assert_eq!(access["scope"], json!(0), "{access}");
	ok(
		&node,
		w,
		&[
			"consent",
			"narrow",
			"subject",
			"--grant",
			g,
			"--scope",
			"schema:kyc",
			"read",
			"dpv:IdentityVerification",
			"--from",
			"alice",
		],
	);
	assert_eq!(check("share")["reason"], json!("scopeMismatch"));
	assert_eq!(check("read")["allowed"], json!(true));
	let renewed = ok(
		&node,
		w,
		&["consent", "renew", "subject", "--grant", g, "--valid-for", "60d", "--from", "alice"],
	);
	assert!(renewed["validUntil"].as_u64() > until, "{renewed}");

	// The audit trail, and the grant as a consent record.
	let history = ok(&node, w, &["consent", "history", "--grant", g]);
	let events: Vec<&str> = history["entries"]
		.as_array()
		.expect("entries")
		.iter()
		.filter_map(|entry| entry["event"].as_str())
		.collect();
	assert_eq!(events, ["given", "accessed", "narrowed", "renewed"], "{history}");
	let record = ok(&node, w, &["consent", "receipt", "--grant", g]);
	assert_eq!(record["version"], json!("KI-CR-v1.1.0"), "{record}");
	assert_eq!(record["piiPrincipalId"], json!(subject));
	assert_eq!(record["piiControllers"][0]["piiController"], json!(grantee));
	assert_eq!(record["jurisdiction"], json!("EU"));
	assert_eq!(record["policyUrl"], json!("https://shop.example/privacy"));
	assert_eq!(record["consentState"], json!("active"));
	assert_eq!(record["accessCount"], json!(1));
	assert_eq!(record["evidence"]["receiptHash"], json!(receipt_hash));
	let purposes = &record["services"][0]["purposes"];
	assert_eq!(purposes[0]["processing"], json!(["read"]));
	assert_eq!(purposes[1]["withdrawn"], json!(true));

	// Revoked: denied from then on, and --require makes the denial exit 6.
	let revoked = ok(&node, w, &["consent", "revoke", "subject", "--grant", g, "--from", "alice"]);
	assert_eq!(revoked["revoked"], json!([first]), "{revoked}");
	let denied = check("read");
	assert_eq!(denied["allowed"], json!(false), "{denied}");
	assert_eq!(denied["reason"], json!("revoked"));
	assert_eq!(denied["grantId"], json!(first));
	let mut args = check_args("read");
	args.push("--require");
	let error = fails(&node, w, 6, &args);
	assert_eq!(error["kind"], json!("verification"), "{error}");
	assert!(error["message"].to_string().contains("revoked"), "{error}");
	// The chain refuses to revoke it twice, by name.
	let error =
		fails(&node, w, 5, &["consent", "revoke", "subject", "--grant", g, "--from", "alice"]);
	assert_eq!(error["name"], json!("Consent.Revoked"), "{error}");

	// The grantee declines a second grant (ending at a Unix time a week ahead).
	let week = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.expect("after 1970")
		.as_secs()
		+ 7 * 86_400;
	let second = give(&["--valid-until", &week.to_string()])["grant"].as_u64().expect("an id");
	let declined = ok(
		&node,
		w,
		&["consent", "decline", "grantee", "--grant", &second.to_string(), "--from", "bob"],
	);
	assert_eq!(declined["declined"], json!(true), "{declined}");

	// revoke-all ends a third grant, the only open one, in one step.
	let third = give(&["--valid-for", "1d"])["grant"].as_u64().expect("an id");
	let all = ok(&node, w, &["consent", "revoke-all", "subject", "--from", "alice"]);
	assert_eq!(all["steps"], json!(1), "{all}");
	assert_eq!(all["revoked"], json!([third]));
	let listed = ok(&node, w, &["consent", "list", "subject", "--role", "subject"]);
	let states: Vec<&str> = listed["asSubject"]["grants"]
		.as_array()
		.expect("grants")
		.iter()
		.filter_map(|grant| grant["state"].as_str())
		.collect();
	assert_eq!(states, ["revoked", "declined", "revoked"], "{listed}");
}
