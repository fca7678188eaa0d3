//! An embedded light client against a real node: it syncs from a one-validator chain, resolves
//! a DID, reads credential statuses, a witness and a consent check, and verifies a presentation through
//! the runtime API, each answer equal to the full node's at the same block; after the
//! credential is revoked (and its old root has left the window), it rejects the presentation.
//! The issuer, holder and verifier steps are the `didimo` tool's, against the full node.
//! The JavaScript embedding example (examples/light-js: smoldot from npm, @polkadot/api) reads
//! the same DID and status over WebSocket only, and a client started once the chain is far
//! ahead warp-syncs. Prints the times from start to the first answer and the memory used.

use std::{
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Output, Stdio},
	thread,
	time::{Duration, Instant},
};

use codec::Encode;
use didimo_light::{Block, LightClient};
use didimo_primitives::did::parse_did;
use didimo_rpc::vc_api::{self, VerifyPresentationRequest};
use pallet_consent_runtime_api::{Action, CheckResult};
use pallet_presentation_runtime_api::{PresentError, Presented};
use pallet_revocation_runtime_api::CredentialStatus;
use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(120);
/// The revocation root window of the test chain, in blocks (set in its genesis).
const ROOT_WINDOW: u32 = 2;
/// How far the chain is finalized when a second client starts: over 32 blocks ahead of it, so
/// it warp-syncs.
const WARP_SYNC_FROM: u32 = 36;
/// The node's libp2p key, so its peer id is known.
const NODE_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000001";

/// The workspace's binaries, beside this test's.
fn binary(name: &str) -> PathBuf {
	let exe = std::env::current_exe().expect("the test's path");
	let dir = exe.parent().and_then(Path::parent).expect("target/<profile>");
	let path = dir.join(name);
	assert!(path.exists(), "{} is missing: build the workspace first", path.display());
	path
}

fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("an address").port()
}

/// A validator node of the test chain, killed when dropped.
struct FullNode {
	child: Child,
	rpc: String,
	/// libp2p over TCP, which native light clients dial.
	p2p: u16,
	/// libp2p over WebSocket, which light clients in browsers (and the JavaScript example) dial.
	ws: u16,
}

impl Drop for FullNode {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

impl FullNode {
	fn call(&self, method: &str, params: Value) -> Value {
		let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
		let text = attohttpc::post(&self.rpc)
			.header("Content-Type", "application/json")
			.text(body.to_string())
			.send()
			.expect("the node answers")
			.text()
			.expect("an answer");
		let answer: Value = serde_json::from_str(&text).expect("JSON");
		assert!(answer.get("error").is_none(), "{method}: {answer}");
		answer["result"].clone()
	}

	fn finalized_number(&self) -> u32 {
		let hash = self.call("chain_getFinalizedHead", json!([]));
		self.number(json!([hash]))
	}

	fn best_number(&self) -> u32 {
		self.number(json!([]))
	}

	fn number(&self, params: Value) -> u32 {
		let header = self.call("chain_getHeader", params);
		let number = header["number"].as_str().expect("a number");
		u32::from_str_radix(number.trim_start_matches("0x"), 16).expect("hex")
	}
}

/// The dev chain's raw spec with a short revocation root window.
fn chain_spec() -> String {
	let output = Command::new(binary("didimo-node"))
		.args(["build-spec", "--chain", "dev", "--raw"])
		.stderr(Stdio::null())
		.output()
		.expect("build-spec runs");
	assert!(output.status.success());
	let mut spec: Value = serde_json::from_slice(&output.stdout).expect("a JSON spec");
	let key =
		array_bytes::bytes2hex("0x", sp_crypto_hashing::twox_128(b":RevocationRootFreshness:"));
	spec["genesis"]["raw"]["top"][key] = json!(array_bytes::bytes2hex("0x", ROOT_WINDOW.encode()));
	spec.to_string()
}

fn start_node(spec: &Path, base: &Path) -> FullNode {
	let (rpc, p2p, ws) = (free_port(), free_port(), free_port());
	let child = Command::new(binary("didimo-node"))
		.arg("--chain")
		.arg(spec)
		.arg("--base-path")
		.arg(base)
		.args(["--alice", "--validator", "--force-authoring", "--no-telemetry", "--no-mdns"])
		.args(["--no-prometheus", "--node-key", NODE_KEY, "--rpc-port", &rpc.to_string()])
		.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{p2p}")])
		.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{ws}/ws")])
		.stdin(Stdio::null())
		.stdout(Stdio::null())
		.stderr(Stdio::null())
		.spawn()
		.expect("didimo-node starts");
	let node = FullNode { child, rpc: format!("http://127.0.0.1:{rpc}"), p2p, ws };
	let started = Instant::now();
	while attohttpc::get(format!("{}/health", node.rpc)).send().is_err()
		|| node.finalized_number() < 1
	{
		assert!(started.elapsed() < TIMEOUT, "the node did not start");
		thread::sleep(Duration::from_millis(500));
	}
	node
}

/// The `didimo` tool against the node, with `wallet`; its JSON output (it must succeed).
fn didimo(node: &FullNode, wallet: &Path, args: &[&str]) -> Value {
	let output: Output = Command::new(binary("didimo"))
		.args(["--json", "--dev", "--url", &node.rpc, "--wallet"])
		.arg(wallet)
		.args(args)
		.env("DIDIMO_PASSWORD", "light test")
		.stdin(Stdio::null())
		.output()
		.expect("didimo runs");
	assert!(
		output.status.success(),
		"didimo {args:?}: {}{}",
		String::from_utf8_lossy(&output.stdout),
		String::from_utf8_lossy(&output.stderr)
	);
	serde_json::from_slice(&output.stdout).expect("JSON")
}

/// The full node's `state_call` answer at `at`, as the light client's is compared with.
fn full_call(node: &FullNode, method: &str, args: &[u8], at: &Block) -> Value {
	node.call("state_call", json!([method, array_bytes::bytes2hex("0x", args), at.hash]))
}

fn light_raw(light: &mut LightClient, method: &str, args: &[u8], at: &Block) -> Value {
	let params = json!([method, array_bytes::bytes2hex("0x", args), at.hash]);
	light.request("state_call", params, TIMEOUT).expect("the light client answers")
}

/// The process's resident memory now and at its peak, from /proc/self/status.
fn memory() -> String {
	let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
	status
		.lines()
		.filter(|line| line.starts_with("VmRSS") || line.starts_with("VmHWM"))
		.map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
		.collect::<Vec<_>>()
		.join(", ")
}

/// Runs the JavaScript embedding example (`examples/light-js/resolve.mjs`: smoldot from npm and
/// @polkadot/api) in `dir` with `args`, as a project of its own beside the packages
/// scripts/setup.sh installed; its JSON output.
fn light_js(dir: &Path, args: &[&str]) -> Value {
	let modules =
		std::env::var_os("DIDIMO_LIGHT_JS_MODULES").map(PathBuf::from).unwrap_or_else(|| {
			PathBuf::from(std::env::var_os("HOME").expect("HOME is set"))
				.join(".cache/didimo/light-js/node_modules")
		});
	assert!(
		modules.join("smoldot").exists(),
		"no smoldot in {}: run scripts/setup.sh",
		modules.display()
	);
	let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/light-js");
	let project = dir.join("light-js");
	std::fs::create_dir_all(&project).expect("a folder");
	for name in ["package.json", "resolve.mjs", "smoldot-provider.mjs"] {
		std::fs::copy(example.join(name), project.join(name)).expect("the example's files");
	}
	std::os::unix::fs::symlink(&modules, project.join("node_modules")).expect("a link");
	let output = Command::new("node")
		.arg("resolve.mjs")
		.args(args)
		.current_dir(&project)
		.stdin(Stdio::null())
		.output()
		.expect("node runs");
	assert!(
		output.status.success(),
		"resolve.mjs {args:?}: {}{}",
		String::from_utf8_lossy(&output.stdout),
		String::from_utf8_lossy(&output.stderr)
	);
	serde_json::from_slice(&output.stdout).expect("JSON")
}

/// smoldot's warnings and errors, on standard error (shown when the test fails).
struct Logger;

impl log::Log for Logger {
	fn enabled(&self, metadata: &log::Metadata) -> bool {
		metadata.level() <= log::Level::Info
	}

	fn log(&self, record: &log::Record) {
		if self.enabled(record.metadata()) {
			eprintln!("[{} {}] {}", record.level(), record.target(), record.args());
		}
	}

	fn flush(&self) {}
}

static LOGGER: Logger = Logger;

#[test]
fn a_light_client_resolves_checks_and_verifies_like_the_full_node() {
	let _ = log::set_logger(&LOGGER).map(|()| log::set_max_level(log::LevelFilter::Info));
	let dir = tempfile::tempdir().expect("a temporary folder");
	let spec = chain_spec();
	let spec_file = dir.path().join("spec.json");
	std::fs::write(&spec_file, &spec).expect("written");
	let node = start_node(&spec_file, &dir.path().join("node"));
	let wallet = dir.path().join("wallet.json");
	let file = |name: &str| dir.path().join(name).display().to_string();
	let tool = |args: &[&str]| didimo(&node, &wallet, args);

	// The issuer, holder and verifier, with the tool against the full node.
	tool(&["wallet", "init"]);
	let issuer = tool(&["did", "create", "issuer", "--from", "alice"])["did"]
		.as_str()
		.expect("a DID")
		.to_owned();
	tool(&["credential", "issuer-key", "zk"]);
	tool(&["did", "add-key", "issuer", "--id", "zk-1", "--zk-issuer", "zk", "--from", "alice"]);
	tool(&["revocation", "create-registry", "issuer", "--capacity", "100", "--from", "alice"]);
	let commitment =
		tool(&["credential", "holder-id"])["commitment"].as_str().expect("hex").to_owned();
	let schema = "https://didimo.example/schemas/age/v1";
	std::fs::write(
		file("schema.json"),
		json!({ "id": schema, "attributes": [{ "name": "age", "type": "integer" }] }).to_string(),
	)
	.expect("written");
	std::fs::write(file("values.json"), json!({ "age": 30 }).to_string()).expect("written");
	let index = tool(&[
		"credential",
		"issue",
		"issuer",
		"--schema",
		&file("schema.json"),
		"--attributes",
		&file("values.json"),
		"--holder",
		&commitment,
		"--registry",
		"0",
		"--index",
		"7",
		"--out",
		&file("credential.json"),
	])["index"]
		.as_u64()
		.expect("a slot");
	tool(&["credential", "import", &file("credential.json")]);
	let verifier = tool(&["did", "create", "verifier", "--from", "bob"])["did"]
		.as_str()
		.expect("a DID")
		.to_owned();
	let request = tool(&[
		"request",
		"create",
		"verifier",
		"--schema",
		schema,
		"--issuer",
		"issuer",
		"--predicate",
		"gte:18",
		"--scope",
		"club",
		"--from",
		"bob",
	])["request"]
		.as_str()
		.expect("a request")
		.to_owned();
	let nonce = format!("0x{}", "5a".repeat(32));
	tool(&["present", "--request", &request, "--nonce", &nonce, "--out", &file("vp.json")]);
	tool(&[
		"consent",
		"grant",
		"issuer",
		"--grantee",
		"verifier",
		"--scope",
		"email",
		"read",
		"dpv:Marketing",
		"--jurisdiction",
		"EU",
		"--policy",
		"https://shop.example/privacy",
		"--receipt-hash",
		&format!("0x{}", "ab".repeat(32)),
		"--valid-for",
		"1d",
		"--from",
		"alice",
	]);
	// The block of the last transaction: what the light client must see finalized.
	let ready = node.best_number();

	// The light client: from the chain spec and the node's address alone.
	let peer = node.call("system_localPeerId", json!([]));
	let bootnode = format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", node.p2p, peer.as_str().expect("an id"));
	let spec = didimo_light::with_bootnodes(&spec, &[bootnode]).expect("a spec");
	let started = Instant::now();
	let mut light = LightClient::start(&spec).expect("the light client starts");
	let sync = light.wait_ready(TIMEOUT).expect("the light client syncs");
	assert!(!sync.warp_synced, "a young chain is followed block by block");
	let synced = started.elapsed();
	// The first answer: a DID resolution at the latest block the client has verified.
	let did = parse_did(&issuer).expect("a DID");
	let first = light.finalized(TIMEOUT).expect("a finalized block");
	light.resolve(&did, &first, TIMEOUT).expect("an answer");
	let first_answer = started.elapsed();
	// The setup's last block, once the chain has finalized it.
	let at = light.wait_finalized(ready, TIMEOUT).expect("the setup's block is finalized");
	let caught_up = started.elapsed();
	let document = light.did_document(&did, &at, TIMEOUT).expect("an answer").expect("live");
	println!(
		"light client: synced {synced:?}, first answer (a DID resolution at #{}) \
		 {first_answer:?}, the setup's block #{} finalized and read {caught_up:?}; memory {}",
		first.number,
		at.number,
		memory()
	);

	// The same answers as the full node's at the same block.
	assert_eq!(document["id"], json!(issuer));
	assert!(document.to_string().contains("#zk-1"), "{document}");
	let full = node.call("did_resolve", json!([issuer]));
	assert_eq!(document, full["didDocument"], "the light document is the node's");
	for (method, args) in [
		("DidApi_resolve", did.encode()),
		("DidApi_resolve", parse_did(&verifier).expect("a DID").encode()),
		("RevocationApi_status", (0u64, index as u32).encode()),
		("RevocationApi_status", (0u64, 8u32).encode()),
		("RevocationApi_witness", (0u64, index as u32).encode()),
	] {
		assert_eq!(
			light_raw(&mut light, method, &args, &at),
			full_call(&node, method, &args, &at),
			"{method}"
		);
	}
	let status = light.status(0, index as u32, &at, TIMEOUT).expect("a status");
	assert_eq!(status.status, CredentialStatus::Active);
	// A consent check: the grant is found, its DIDs are active.
	let grantee = parse_did(&verifier).expect("a DID");
	let check = light
		.consent_check(&did, &grantee, b"email", Action::Read, b"dpv:Marketing", None, &at, TIMEOUT)
		.expect("an answer");
	assert!(matches!(check, Ok(CheckResult::Allowed { .. })), "{check:?}");
	let args =
		(&did, &grantee, b"email".to_vec(), Action::Read, b"dpv:Marketing".to_vec(), None::<u64>)
			.encode();
	assert_eq!(
		light_raw(&mut light, "ConsentApi_check", &args, &at),
		full_call(&node, "ConsentApi_check", &args, &at)
	);

	// The JavaScript example, over WebSocket only as in a browser: the same answers as the
	// full node's at the block it read.
	let peer = peer.as_str().expect("an id");
	let ws_bootnode = format!("/ip4/127.0.0.1/tcp/{}/ws/p2p/{peer}", node.ws);
	let js_spec = file("js-spec.json");
	std::fs::write(&js_spec, didimo_light::with_bootnodes(&spec, &[ws_bootnode]).expect("a spec"))
		.expect("written");
	let index_text = index.to_string();
	let ready_text = ready.to_string();
	let js = light_js(
		dir.path(),
		&[
			"--spec",
			&js_spec,
			"--did",
			&issuer,
			"--registry",
			"0",
			"--index",
			&index_text,
			"--at-least",
			&ready_text,
			"--ws-only",
		],
	);
	let js_block = Block {
		hash: js["block"]["hash"].as_str().expect("a hash").to_owned(),
		number: js["block"]["number"].as_u64().expect("a number") as u32,
	};
	assert!(js_block.number >= ready, "{js}");
	assert_eq!(js["resolutionScale"], full_call(&node, "DidApi_resolve", &did.encode(), &js_block));
	assert_eq!(
		js["statusScale"],
		full_call(&node, "RevocationApi_status", &(0u64, index as u32).encode(), &js_block)
	);
	assert_eq!(js["status"]["status"], json!("Active"), "{js}");
	assert!(js["resolution"]["active"]["methods"].as_array().is_some_and(|m| m.len() == 2), "{js}");
	println!(
		"JavaScript example (smoldot 3.4.1 from npm, WebSocket only): first answer {} ms, \
		 resident memory {} MiB",
		js["firstAnswerMs"], js["rssMiB"]
	);

	// The presentation, verified by the runtime in the light client.
	let vp: Value =
		serde_json::from_str(&std::fs::read_to_string(file("vp.json")).expect("the file"))
			.expect("JSON");
	let body: VerifyPresentationRequest =
		serde_json::from_value(json!({ "verifiablePresentation": vp })).expect("a presentation");
	let parsed = vc_api::parse(&body).expect("well formed").presentation;
	let presented: Presented = parsed.presented.try_into().expect("presented values");
	let verified = light
		.verify_presentation(
			&parsed.request,
			&parsed.proof,
			&presented,
			&parsed.nonce,
			&at,
			TIMEOUT,
		)
		.expect("an answer");
	assert_eq!(verified, Ok(()));
	let args = (parsed.request, parsed.proof.clone(), presented.clone(), parsed.nonce).encode();
	assert_eq!(
		light_raw(&mut light, "PresentationApi_verify", &args, &at),
		full_call(&node, "PresentationApi_verify", &args, &at)
	);
	let unused = light
		.nullifier_used(&parsed.request, &presented.nullifier, &at, TIMEOUT)
		.expect("an answer");
	assert_eq!(unused, Some(false));
	// Another nonce: the challenge differs and the proof fails.
	let other = light
		.verify_presentation(&parsed.request, &parsed.proof, &presented, &[0x77; 32], &at, TIMEOUT)
		.expect("an answer");
	assert_eq!(other, Err(PresentError::ProofRejected));

	// The `didimo` tool in light mode trusts no node: --url points at nothing.
	let light_spec = file("light-spec.json");
	std::fs::write(&light_spec, &spec).expect("written");
	let light_tool = |args: &[&str]| -> Value {
		let output = Command::new(binary("didimo"))
			.args(["--json", "--url", "http://127.0.0.1:9", "--light", &light_spec])
			.args(args)
			.stdin(Stdio::null())
			.output()
			.expect("didimo runs");
		assert!(
			output.status.success(),
			"didimo --light {args:?}: {}{}",
			String::from_utf8_lossy(&output.stdout),
			String::from_utf8_lossy(&output.stderr)
		);
		serde_json::from_slice(&output.stdout).expect("JSON")
	};
	let shown = light_tool(&["did", "show", &issuer]);
	assert_eq!(shown["didDocument"], document, "{shown}");
	assert!(shown["didResolutionMetadata"]["didimoLightClient"]["block"].as_u64() >= Some(1));
	let status =
		light_tool(&["revocation", "status", "--registry", "0", "--index", &index.to_string()]);
	assert_eq!(status["status"], json!("active"), "{status}");
	let checked = light_tool(&["verify", &file("vp.json"), "--nonce", &nonce]);
	assert_eq!(checked["verified"], json!(true), "{checked}");
	assert_eq!(checked["via"], json!("lightClient"), "{checked}");

	// Presented on chain by the holder: the nullifier is used, the file no longer verifies.
	tool(&["present", "--request", &request, "--from", "charlie"]);
	let presented_at = node.best_number();
	let after = light.wait_finalized(presented_at, TIMEOUT).expect("finalized");
	let used = light
		.nullifier_used(&parsed.request, &presented.nullifier, &after, TIMEOUT)
		.expect("an answer");
	assert_eq!(used, Some(true));
	let again = light
		.verify_presentation(
			&parsed.request,
			&parsed.proof,
			&presented,
			&parsed.nonce,
			&after,
			TIMEOUT,
		)
		.expect("an answer");
	assert_eq!(again, Err(PresentError::NullifierUsed));

	// Revoked, and the root it was proved against out of the window: rejected.
	tool(&[
		"revocation",
		"revoke",
		"issuer",
		"--registry",
		"0",
		"--index",
		&index.to_string(),
		"--from",
		"alice",
	]);
	let revoked_at = node.best_number();
	let later = light
		.wait_finalized(revoked_at + ROOT_WINDOW + 2, TIMEOUT)
		.expect("later blocks are finalized");
	let status = light.status(0, index as u32, &later, TIMEOUT).expect("a status");
	assert_eq!(status.status, CredentialStatus::Revoked);
	let rejected = light
		.verify_presentation(
			&parsed.request,
			&parsed.proof,
			&presented,
			&parsed.nonce,
			&later,
			TIMEOUT,
		)
		.expect("an answer");
	assert_eq!(rejected, Err(PresentError::RevocationRootNotAccepted));

	// A client that starts when finality is more than 32 blocks past where it is (genesis)
	// warp-syncs: GRANDPA proofs instead of every header. It then answers like the full node.
	let started = Instant::now();
	while node.finalized_number() < WARP_SYNC_FROM {
		assert!(started.elapsed() < 2 * TIMEOUT, "the chain stopped finalizing");
		thread::sleep(Duration::from_secs(1));
	}
	let started = Instant::now();
	let mut late = LightClient::start(&spec).expect("the light client starts");
	let sync = late.wait_ready(TIMEOUT).expect("the light client syncs");
	let head = late.finalized(TIMEOUT).expect("a finalized block");
	let warp = started.elapsed();
	assert!(sync.warp_synced, "a client {} blocks behind warp-syncs", head.number);
	assert!(head.number >= WARP_SYNC_FROM, "{head:?}");
	let args = (0u64, index as u32).encode();
	assert_eq!(
		light_raw(&mut late, "RevocationApi_status", &args, &head),
		full_call(&node, "RevocationApi_status", &args, &head)
	);
	println!("warp sync: finalized #{} verified after {warp:?}", head.number);
}
