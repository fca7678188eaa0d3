//! Presentation verification under load, through the real node: valid presentations (four
//! holders, off-chain nonces) sent to `presentation_verify` by one client, then by
//! [`CLIENTS`] at once, then to `presentation_verifyBatch` in batches of [`BATCH`], each for a
//! bounded time, while a watcher polls `system_health` and the best block.
//!
//! Asserted: every call answers `verified: true`; under load `system_health` answers within
//! a second and blocks are imported within a second of the unloaded delay. Printed (run with
//! `--nocapture`): latency percentiles and verifications per second of each phase.
//! `scripts/load-verify.sh` runs it against a release node for the figures; in the debug
//! build the test suite runs, the rules and the RPC layer are unoptimised and the figures
//! are not the node's.

use std::{
	sync::{Arc, Barrier},
	thread,
	time::{Duration, Instant},
};

use serde_json::{json, Value};

use crate::{
	harness::http_post,
	load::{describe, most, percentile, watch, ALLOWED_DELAY, BASELINE},
	verification::{holders, long_request, nonce_presentations, presentation_json, world, World},
};

/// Clients verifying at once in the concurrent phase.
const CLIENTS: usize = 16;
/// Clients sending batches at once in the batch phase.
const BATCH_CLIENTS: usize = 2;
/// Presentations per batch.
const BATCH: usize = 64;

/// How long each loaded phase lasts: `DIDIMO_LOAD_SECONDS` (default 12, at most 120).
fn phase() -> Duration {
	let seconds = std::env::var("DIDIMO_LOAD_SECONDS")
		.ok()
		.and_then(|s| s.parse::<u64>().ok())
		.unwrap_or(12)
		.clamp(1, 120);
	Duration::from_secs(seconds)
}

/// What one client saw: each call's latency, and the presentations verified.
#[derive(Default)]
struct Calls {
	latencies: Vec<Duration>,
	verified: usize,
	failures: Vec<String>,
}

/// A closed-loop client: from the barrier on, sends `bodies` round robin, one call at a time,
/// until `phase` has passed; each answer must be a list of (or one) `verified: true`.
fn client(addr: String, bodies: Arc<Vec<String>>, first: usize, start: Arc<Barrier>) -> Calls {
	let mut calls = Calls::default();
	start.wait();
	let until = Instant::now() + phase();
	let mut next = first;
	while Instant::now() < until {
		let body = &bodies[next % bodies.len()];
		next += 1;
		let asked = Instant::now();
		let answer = http_post(&addr, "/", body);
		calls.latencies.push(asked.elapsed());
		let answer = match answer.map(|text| serde_json::from_str::<Value>(&text)) {
			Ok(Ok(answer)) => answer,
			Ok(Err(e)) => {
				calls.failures.push(format!("not JSON: {e}"));
				continue;
			},
			Err(e) => {
				calls.failures.push(format!("HTTP: {e}"));
				continue;
			},
		};
		let results = match &answer["result"] {
			Value::Array(results) => results.clone(),
			result => vec![result.clone()],
		};
		if results.iter().all(|result| result["verified"] == json!(true)) {
			calls.verified += results.len();
		} else {
			calls.failures.push(answer.to_string());
		}
	}
	calls
}

/// Runs `clients` clients over `bodies` for one phase; answers every call's latency, the
/// presentations verified and the phase's wall time. No call may fail.
fn run(addr: &str, bodies: &Arc<Vec<String>>, clients: usize) -> (Vec<Duration>, usize, Duration) {
	let start = Arc::new(Barrier::new(clients + 1));
	let threads: Vec<_> = (0..clients)
		.map(|i| {
			let (addr, bodies, start) = (addr.to_owned(), bodies.clone(), start.clone());
			thread::spawn(move || client(addr, bodies, i, start))
		})
		.collect();
	start.wait();
	let began = Instant::now();
	let calls: Vec<Calls> = threads.into_iter().map(|t| t.join().expect("a client")).collect();
	let wall = began.elapsed();
	let failures: Vec<&String> = calls.iter().flat_map(|c| &c.failures).collect();
	assert!(failures.is_empty(), "{} calls failed: {:?}", failures.len(), &failures[..1]);
	let latencies = calls.iter().flat_map(|c| c.latencies.clone()).collect();
	(latencies, calls.iter().map(|c| c.verified).sum(), wall)
}

fn rate(count: usize, wall: Duration) -> f64 {
	count as f64 / wall.as_secs_f64()
}

#[test]
fn verification_under_load_keeps_import_and_health() {
	let World { mut chain, pk, secrets, verifier_pair, verifier, list, registries, _base, .. } =
		world("verification-load");
	let (request, _) = long_request(&mut chain, &verifier_pair, list);
	let valid =
		nonce_presentations(&chain, &pk, &verifier, request, list, &holders(&secrets, registries));
	let node = &chain.node;
	let presentations: Vec<Value> = valid
		.iter()
		.map(|(request, proof, presented, nonce)| {
			presentation_json(request, proof, presented, nonce)
		})
		.collect();
	let single: Arc<Vec<String>> = Arc::new(
		presentations
			.iter()
			.map(|p| {
				json!({"jsonrpc": "2.0", "id": 1, "method": "presentation_verify", "params": [p]})
					.to_string()
			})
			.collect(),
	);
	let batch: Vec<Value> = presentations.iter().cycle().take(BATCH).cloned().collect();
	let batches = Arc::new(vec![json!({
		"jsonrpc": "2.0", "id": 1, "method": "presentation_verifyBatch", "params": [batch]
	})
	.to_string()]);

	let baseline = watch(node, Instant::now() + BASELINE);
	println!("{}", describe("baseline system_health", &baseline.health));
	assert!(!baseline.imports.is_empty(), "the chain moves:\n{}", node.log_tail(40));

	// One client.
	let (latencies, verified, wall) = run(&node.rpc_addr, &single, 1);
	println!(
		"{}; {:.0} verifications/s",
		describe("presentation_verify, 1 client", &latencies),
		rate(verified, wall)
	);

	// Many clients, watched.
	let until = Instant::now() + phase();
	let (latencies, verified, wall, loaded) = thread::scope(|scope| {
		let watched = scope.spawn(|| watch(node, until));
		let (latencies, verified, wall) = run(&node.rpc_addr, &single, CLIENTS);
		(latencies, verified, wall, watched.join().expect("the watcher"))
	});
	println!(
		"{}; {:.0} verifications/s",
		describe(&format!("presentation_verify, {CLIENTS} clients"), &latencies),
		rate(verified, wall)
	);
	println!("{}", describe("system_health under load", &loaded.health));
	println!("import delays under load (block, delay): {:?}", loaded.imports);

	// Batches.
	let (latencies, verified, wall) = run(&node.rpc_addr, &batches, BATCH_CLIENTS);
	println!(
		"{}; {:.0} presentations/s",
		describe(
			&format!("presentation_verifyBatch of {BATCH}, {BATCH_CLIENTS} clients"),
			&latencies
		),
		rate(verified, wall)
	);
	assert!(verified >= BATCH, "at least one batch");

	// Health answered within a second of the unloaded figure, and blocks kept coming on time.
	let health_limit = percentile(&baseline.health, 1.0) + ALLOWED_DELAY;
	assert!(
		most(&loaded.health) <= health_limit,
		"system_health took up to {:?} under load (allowed {health_limit:?})",
		most(&loaded.health)
	);
	assert!(!loaded.imports.is_empty(), "no block under load:\n{}", node.log_tail(40));
	let import_limit =
		baseline.imports.iter().map(|(_, d)| *d).max().unwrap_or_default() + ALLOWED_DELAY;
	for (block, delay) in &loaded.imports {
		assert!(
			*delay <= import_limit,
			"block {block} was imported {delay:?} after its slot began (allowed {import_limit:?})"
		);
	}
}
