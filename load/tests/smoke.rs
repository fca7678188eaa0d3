//! The load generator against a real dev node, with small limits: every scenario runs to its
//! end and reports what the chain included; bad arguments and non-loopback endpoints are
//! refused before anything is sent.

use std::{
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Output, Stdio},
	thread,
	time::{Duration, Instant},
};

const TIMEOUT: Duration = Duration::from_secs(180);

/// A binary built beside this test (the workspace's target directory).
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

/// A dev node, killed when dropped.
struct DevNode {
	child: Child,
	url: String,
	metrics: String,
}

impl Drop for DevNode {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

fn start_node(base: &Path) -> DevNode {
	let (rpc, prometheus, p2p) = (free_port(), free_port(), free_port());
	let child = Command::new(binary("didimo-node"))
		.arg("--dev")
		.arg("--base-path")
		.arg(base)
		.args(["--no-telemetry", "--no-mdns", "--rpc-port", &rpc.to_string()])
		.args(["--prometheus-port", &prometheus.to_string()])
		.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{p2p}")])
		.stdin(Stdio::null())
		.stdout(Stdio::null())
		.stderr(Stdio::null())
		.spawn()
		.expect("didimo-node starts");
	let node = DevNode {
		child,
		url: format!("http://127.0.0.1:{rpc}"),
		metrics: format!("http://127.0.0.1:{prometheus}/metrics"),
	};
	let started = Instant::now();
	let body = r#"{"jsonrpc":"2.0","id":1,"method":"chain_getHeader","params":[]}"#;
	loop {
		let number = attohttpc::post(&node.url)
			.header("content-type", "application/json")
			.text(body)
			.send()
			.ok()
			.and_then(|r| r.text().ok())
			.and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
			.and_then(|v| v["result"]["number"].as_str().map(str::to_owned));
		if number.is_some_and(|n| n != "0x0") {
			break;
		}
		assert!(started.elapsed() < TIMEOUT, "the node did not author a block");
		thread::sleep(Duration::from_millis(500));
	}
	node
}

/// Runs the generator; its exit status and everything it printed.
fn load(args: &[&str]) -> (bool, String) {
	let output: Output = Command::new(env!("CARGO_BIN_EXE_didimo-load"))
		.args(args)
		.stdin(Stdio::null())
		.output()
		.expect("didimo-load runs");
	let text = format!(
		"{}{}",
		String::from_utf8_lossy(&output.stdout),
		String::from_utf8_lossy(&output.stderr)
	);
	println!("didimo-load {args:?}:\n{text}");
	(output.status.success(), text)
}

fn load_ok(node: &DevNode, args: &[&str]) -> String {
	let mut all = vec!["--url", &node.url, "--metrics", &node.metrics];
	all.extend(args);
	let (ok, text) = load(&all);
	assert!(ok, "didimo-load {args:?} failed:\n{text}");
	text
}

#[test]
fn every_scenario_runs_against_a_dev_node() {
	let base = tempfile::tempdir().expect("a temporary directory");
	let node = start_node(base.path());

	let dids = load_ok(&node, &["dids", "--seconds", "60", "--max", "40", "--accounts", "4"]);
	assert!(dids.contains("40 DIDs included"), "{dids}");
	assert!(dids.contains("0 failed"), "{dids}");
	assert!(dids.contains("limited by the run's size"), "{dids}");
	assert!(!dids.contains("finalized not after"), "{dids}");

	// did/0 .. did/39 exist now; did/40 .. did/44 are created first.
	let resolve =
		load_ok(&node, &["resolve", "--seconds", "1", "--clients", "1,4", "--dids", "45"]);
	assert!(resolve.contains("creating 5 DIDs"), "{resolve}");
	assert!(resolve.contains("  1 clients:") && resolve.contains("  4 clients:"), "{resolve}");
	assert_eq!(resolve.matches(", 0 errors;").count(), 2, "{resolve}");

	let revocations = load_ok(
		&node,
		&["revocations", "--max", "128", "--accounts", "2", "--batch", "64", "--capacity", "1024"],
	);
	assert!(revocations.contains("128 credentials revoked included"), "{revocations}");

	let consent = load_ok(&node, &["consent", "--max", "10", "--accounts", "2", "--grantees", "2"]);
	assert!(consent.contains("10 grants included"), "{consent}");
	assert!(consent.contains(" 0 failed"), "{consent}");
}

#[test]
fn bad_arguments_and_other_machines_are_refused() {
	for (args, expected) in [
		(vec!["--url", "http://10.1.2.3:9944", "dids"], "only loads a node on loopback"),
		(vec!["--url", "http://example.com:9944", "dids"], "only loads a node on loopback"),
		(vec!["dids", "--seconds", "0"], "--seconds must be 1 to 600"),
		(vec!["dids", "--seconds", "601"], "--seconds must be 1 to 600"),
		(vec!["dids", "--accounts", "0"], "--accounts must be 1 to 1024"),
		(vec!["revocations", "--batch", "513"], "--batch must be 1 to 512"),
		(vec!["resolve", "--clients", "1,0"], "--clients must each be 1 to 256"),
		(vec!["--url", "https://127.0.0.1:1", "dids"], "only http:// URLs"),
	] {
		// Port 1 on loopback has no node: every refusal must come before any request.
		let mut all =
			if args.contains(&"--url") { vec![] } else { vec!["--url", "http://127.0.0.1:1"] };
		all.extend(&args);
		let (ok, text) = load(&all);
		assert!(!ok, "{args:?} was accepted");
		assert!(text.contains(expected), "{args:?}: {text}");
	}
}
