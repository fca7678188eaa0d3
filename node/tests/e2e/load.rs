//! Heavy reads under load: 32 clients ask for the status list of a 2^20-slot registry at once,
//! four times a second for four block times. Meanwhile block import and `system_health` must
//! not slow down by more than a second.
//!
//! Without a bound, each request reads 128 KiB of state and compresses it on its own blocking
//! thread: 32 at once take every core from block authoring and import. With the heavy-read
//! limiter and the status-list cache, the 32 requests at one block share one computation on
//! at most half the cores.
//!
//! Measured, and printed (run with `--nocapture` to see them on success):
//! - each `revocation_statusList` call's latency and outcome;
//! - `system_health` latency, polled throughout, before and under load;
//! - each new best block's import delay: when the test first saw it as the best block, minus
//!   the block's own timestamp (its slot's start, when authoring began). This is authoring
//!   plus import plus at most one poll interval.

use std::{
	sync::{Arc, Barrier},
	thread,
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use codec::Decode;
use didimo_runtime::RuntimeCall;
use didimo_zk::status_tree::MAX_CAPACITY;
use pallet_revocation::{StatusPurpose, PAGE_BITS};
use serde_json::{json, Value};
use sp_io::hashing::twox_128;
use sp_keyring::Sr25519Keyring;
use sp_runtime::BoundedVec;

use crate::{
	did_calls::{create_did, dev_chain, did_signed, submit},
	harness::{header_number, http_post, temp_dir, Node},
	hex_decode, hex_encode, CHAIN_TIMEOUT,
};

/// Clients asking at once.
const CALLERS: usize = 32;
/// Each client asks once per round.
const ROUND: Duration = Duration::from_millis(250);
/// How long the load lasts: four block times.
const LOAD: Duration = Duration::from_secs(24);
/// How long the unloaded node is watched first: at least two block times.
pub(crate) const BASELINE: Duration = Duration::from_secs(14);
/// How often the watcher polls `system_health` and the best block.
const POLL: Duration = Duration::from_millis(100);
/// The most that load may add to `system_health` latency and to block import delay.
pub(crate) const ALLOWED_DELAY: Duration = Duration::from_secs(1);

/// Milliseconds since the Unix epoch, as block timestamps count.
fn now_ms() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// `Timestamp::Now` at block `hash`: when its slot started.
fn block_timestamp(node: &Node, hash: &Value) -> u64 {
	let mut key = twox_128(b"Timestamp").to_vec();
	key.extend(twox_128(b"Now"));
	let raw = node.call("state_getStorage", json!([hex_encode(&key), hash]));
	u64::decode(&mut &hex_decode(&raw)[..]).expect("Timestamp::Now")
}

/// What the watcher saw.
#[derive(Default)]
pub(crate) struct Watched {
	/// Every `system_health` call's latency.
	pub health: Vec<Duration>,
	/// Each new best block and its import delay.
	pub imports: Vec<(u64, Duration)>,
}

/// Polls `system_health` and the best block until `until`.
pub(crate) fn watch(node: &Node, until: Instant) -> Watched {
	let mut watched = Watched::default();
	let mut best = node.best_number();
	while Instant::now() < until {
		let asked = Instant::now();
		let health = node.call("system_health", json!([]));
		watched.health.push(asked.elapsed());
		assert!(health.get("peers").is_some(), "a health answer: {health}");
		let number = header_number(&node.call("chain_getHeader", json!([])));
		if number > best {
			let seen = now_ms();
			let hash = node.call("chain_getBlockHash", json!([number]));
			let delay = seen.saturating_sub(block_timestamp(node, &hash));
			watched.imports.push((number, Duration::from_millis(delay)));
			best = number;
		}
		thread::sleep(POLL);
	}
	watched
}

/// One client's calls.
#[derive(Default)]
struct Calls {
	latencies: Vec<Duration>,
	errors: Vec<String>,
	/// One answer, to check what the list says.
	sample: Option<Value>,
}

/// A client: from the barrier on, one `revocation_statusList` call per round (skipping the
/// rounds a slow answer overran) until the load ends.
fn client(addr: String, start: Arc<Barrier>) -> Calls {
	let body =
		json!({ "jsonrpc": "2.0", "id": 1, "method": "revocation_statusList", "params": [0] })
			.to_string();
	let mut calls = Calls::default();
	start.wait();
	let started = Instant::now();
	let mut round: u32 = 0;
	loop {
		let tick = started + ROUND * round;
		if tick >= started + LOAD {
			break calls;
		}
		if let Some(wait) = tick.checked_duration_since(Instant::now()) {
			thread::sleep(wait);
		}
		let asked = Instant::now();
		let answer = http_post(&addr, "/", &body);
		calls.latencies.push(asked.elapsed());
		match answer.map(|text| serde_json::from_str::<Value>(&text)) {
			Ok(Ok(answer)) if answer["result"]["didimoChainState"]["registry"] == json!(0) => {
				if calls.sample.is_none() {
					calls.sample = Some(answer);
				}
			},
			Ok(Ok(answer)) => calls.errors.push(answer.to_string()),
			Ok(Err(e)) => calls.errors.push(format!("not JSON: {e}")),
			Err(e) => calls.errors.push(format!("HTTP: {e}")),
		}
		// The next tick from now on: a slow answer skips the rounds it overran.
		round = (started.elapsed().as_millis() / ROUND.as_millis()) as u32 + 1;
	}
}

/// The value below which `share` of `values` lie.
pub(crate) fn percentile(values: &[Duration], share: f64) -> Duration {
	let mut sorted = values.to_vec();
	sorted.sort_unstable();
	let index = ((sorted.len() as f64 - 1.0) * share).round() as usize;
	sorted.get(index).copied().unwrap_or_default()
}

pub(crate) fn most(values: &[Duration]) -> Duration {
	values.iter().copied().max().unwrap_or_default()
}

pub(crate) fn describe(what: &str, values: &[Duration]) -> String {
	format!(
		"{what}: {} samples, median {:?}, p95 {:?}, max {:?}",
		values.len(),
		percentile(values, 0.5),
		percentile(values, 0.95),
		most(values)
	)
}

#[test]
fn status_lists_under_load_do_not_delay_import_or_health() {
	let base = temp_dir("load");
	let (node, genesis, nonce) = dev_chain(base.path());

	// A 2^20-slot registry with one revoked credential in each of its 128 pages, so the list
	// the clients ask for reads every page.
	let issuer = Sr25519Keyring::Ferdie.pair();
	submit(&node, genesis, nonce, create_did(&node, genesis, &issuer));
	let create = RuntimeCall::Revocation(pallet_revocation::Call::create_registry {
		purpose: StatusPurpose::Revocation,
		capacity: MAX_CAPACITY,
	});
	submit(&node, genesis, nonce + 1, did_signed(&node, genesis, &issuer, 1, create));
	let revoked: Vec<u32> =
		(0..MAX_CAPACITY / PAGE_BITS).map(|p| p * PAGE_BITS + (p * 61) % PAGE_BITS).collect();
	let revoke = RuntimeCall::Revocation(pallet_revocation::Call::revoke {
		registry: 0,
		indices: BoundedVec::truncate_from(revoked.clone()),
	});
	submit(&node, genesis, nonce + 2, did_signed(&node, genesis, &issuer, 2, revoke));
	let last = revoked.last().copied().expect("128 indices");
	node.wait_for("the revocations", CHAIN_TIMEOUT, |n| {
		n.call("revocation_status", json!([0, last]))["status"] == json!("revoked")
	});

	// The node unloaded.
	let baseline = watch(&node, Instant::now() + BASELINE);
	println!("{}", describe("baseline system_health", &baseline.health));
	println!("baseline import delays (block, delay): {:?}", baseline.imports);
	assert!(!baseline.imports.is_empty(), "the chain moves:\n{}", node.log_tail(40));

	// The load, watched.
	let start = Arc::new(Barrier::new(CALLERS + 1));
	let clients: Vec<_> = (0..CALLERS)
		.map(|_| {
			let (addr, start) = (node.rpc_addr.clone(), start.clone());
			thread::spawn(move || client(addr, start))
		})
		.collect();
	start.wait();
	let loaded = watch(&node, Instant::now() + LOAD);
	let calls: Vec<Calls> =
		clients.into_iter().map(|c| c.join().expect("a client thread")).collect();

	let latencies: Vec<Duration> = calls.iter().flat_map(|c| c.latencies.clone()).collect();
	let errors: Vec<&String> = calls.iter().flat_map(|c| &c.errors).collect();
	println!("{}", describe("revocation_statusList under load", &latencies));
	println!("{}", describe("system_health under load", &loaded.health));
	println!("import delays under load (block, delay): {:?}", loaded.imports);

	// Every call was answered with the list.
	assert!(errors.is_empty(), "{} of {} calls failed: {errors:?}", errors.len(), latencies.len());
	assert!(latencies.len() >= CALLERS, "every client called");
	let sample = calls.iter().find_map(|c| c.sample.clone()).expect("an answer");
	let encoded = sample["result"]["credentialSubject"]["encodedList"].as_str().expect("a list");
	let bits = didimo_rpc::revocation::decode_list(encoded).expect("a valid encodedList");
	assert_eq!(bits.len() as u32, MAX_CAPACITY / 8);
	let set: Vec<u32> =
		(0..MAX_CAPACITY).filter(|i| bits[(i / 8) as usize] & (0x80 >> (i % 8)) != 0).collect();
	assert_eq!(set, revoked, "the list holds exactly the revoked credentials");

	// Health answered within a second throughout.
	assert!(
		most(&loaded.health) <= ALLOWED_DELAY,
		"system_health took up to {:?} under load (allowed {ALLOWED_DELAY:?}); {}",
		most(&loaded.health),
		describe("under load", &loaded.health)
	);
	// Blocks kept coming, and on time.
	assert!(
		loaded.imports.len() >= 2,
		"only {} blocks in {LOAD:?} of load: {:?}\n{}",
		loaded.imports.len(),
		loaded.imports,
		node.log_tail(40)
	);
	let import_limit =
		baseline.imports.iter().map(|(_, d)| *d).max().unwrap_or_default() + ALLOWED_DELAY;
	for (block, delay) in &loaded.imports {
		assert!(
			*delay <= import_limit,
			"block {block} was imported {delay:?} after its slot began (allowed {import_limit:?})"
		);
	}

	let status = node.stop();
	assert!(status.success() || status.code().is_none(), "clean exit on SIGINT: {status}");
}
