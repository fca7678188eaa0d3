//! A real validator network on loopback (issue 18): the `local` chain's four validators (Alice,
//! Bob, Charlie, Dave) and a non-validator RPC node, each its own `didimo-node` process with
//! its own database, finding each other through Alice as boot node. In order:
//! - all author and finalize; the RPC node follows and resolves a DID created through
//!   another node;
//! - a fifth validator (Eve) joins: its node generates session keys
//!   (`author_rotateKeysWithOwner`), its account registers them (`Session::set_keys`) and
//!   governance adds it (`ValidatorSet::add_validator`); at the same time Bob is removed.
//!   Eve authors after the session change, Bob stops;
//! - meanwhile (while the change waits for its session), a validator killed with `kill -9`
//!   five times in a row restarts each time with its database, its finalized head never going
//!   back;
//! - one validator stopped: blocks and finality go on; two stopped: finality stalls (blocks
//!   go on); both restarted: finality catches up and every node agrees on the finalized chain.

use std::{
	path::Path,
	thread,
	time::{Duration, Instant},
};

use codec::Encode;
use didimo_runtime::RuntimeCall;
use serde_json::{json, Value};
use sp_core::H256;
use sp_keyring::Sr25519Keyring;

use crate::{
	did_calls::{create_did, did_string},
	harness::{free_port, run_to_completion, temp_dir, Node},
	hex_decode, hex_encode, signed_call,
};

/// The `local` chain's raw spec, as an operator would hand it to every node: with its genesis
/// storage written out, a node need not run the runtime to build genesis at every start.
const RAW_SPEC: &str = "local-raw.json";

/// How long the network may take to do something a few blocks do.
const NETWORK_TIMEOUT: Duration = Duration::from_secs(120);

/// One validator's (or the RPC node's) start-up arguments.
struct Member {
	name: &'static str,
	/// `--alice` ... for the genesis validators (their development keys in the keystore).
	key_flag: Option<&'static str>,
	validator: bool,
	p2p_port: u16,
}

impl Member {
	fn start(&self, base: &Path, boot_node: Option<&str>) -> Node {
		let spec = base.join(RAW_SPEC);
		let spec = spec.to_str().expect("a UTF-8 temporary path");
		let listen = format!("/ip4/127.0.0.1/tcp/{}", self.p2p_port);
		// A fixed network key per node (an authority refuses to make one up), so its peer id
		// stays the same across restarts.
		let node_key = format!("{:064x}", u64::from(self.p2p_port) + 1);
		let mut args = vec!["--chain", spec, "--allow-dev-keys", "--name", self.name];
		args.extend(["--listen-addr", &listen]);
		args.extend(["--node-key", &node_key]);
		if let Some(flag) = self.key_flag {
			args.push(flag);
		} else if self.validator {
			args.push("--validator");
		}
		if let Some(boot_node) = boot_node {
			args.extend(["--bootnodes", boot_node]);
		}
		Node::launch(&base.join(self.name), &args)
	}
}

/// Waits until `done` holds, or fails with `what` and the nodes' log tails.
fn wait_until(what: &str, nodes: &[&Node], done: impl FnMut() -> bool) {
	wait_for(NETWORK_TIMEOUT, what, nodes, done)
}

/// [`wait_until`] with its own time limit.
fn wait_for(limit: Duration, what: &str, nodes: &[&Node], mut done: impl FnMut() -> bool) {
	let started = Instant::now();
	while !done() {
		if started.elapsed() > limit {
			let tails: Vec<String> = nodes.iter().map(|n| n.log_tail(15)).collect();
			panic!("timed out waiting for {what}:\n{}", tails.join("\n---\n"));
		}
		thread::sleep(Duration::from_millis(500));
	}
	// Shown when the test fails, and with --nocapture: where the suite's time goes.
	println!("{:>6.1} s  {what}", started.elapsed().as_secs_f64());
}

/// `who`'s next nonce, counting the pool, as seen by `node`.
fn nonce(node: &Node, who: Sr25519Keyring) -> u32 {
	let nonce = node.call("system_accountNextIndex", json!([who.to_account_id().to_string()]));
	nonce.as_u64().expect("a nonce") as u32
}

/// `call` dispatched as root through Alice's sudo key.
fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

/// How many blocks `node` has authored so far (its authorship log lines).
fn authored(node: &Node) -> usize {
	node.count_logged("Prepared block for proposing at")
}

#[test]
fn a_local_network_authors_finalizes_changes_its_validators_and_survives_faults() {
	let base = temp_dir("network");
	let (status, spec) = run_to_completion(&["build-spec", "--chain", "local", "--raw"]);
	assert!(status.success(), "build-spec failed: {spec}");
	let spec = &spec[spec.find('{').expect("a JSON chain spec")..];
	std::fs::write(base.path().join(RAW_SPEC), spec).expect("the spec is written");
	let members = [
		("Alice", Some("--alice"), true),
		("Bob", Some("--bob"), true),
		("Charlie", Some("--charlie"), true),
		("Dave", Some("--dave"), true),
		("Rpc", None, false),
		("Eve", None, true),
	]
	.map(|(name, key_flag, validator)| Member {
		name,
		key_flag,
		validator,
		p2p_port: free_port(),
	});
	let [alice_m, bob_m, charlie_m, dave_m, rpc_m, eve_m] = &members;

	let alice = alice_m.start(base.path(), None);
	let peer = alice.peer_id().expect("Alice logs her peer id");
	let boot = format!("/ip4/127.0.0.1/tcp/{}/p2p/{peer}", alice_m.p2p_port);
	let bob = Some(bob_m.start(base.path(), Some(&boot)));
	let mut charlie = Some(charlie_m.start(base.path(), Some(&boot)));
	let mut dave = Some(dave_m.start(base.path(), Some(&boot)));
	let rpc = rpc_m.start(base.path(), Some(&boot));
	let eve = eve_m.start(base.path(), Some(&boot));
	let live = |n: &Option<Node>| n.as_ref().expect("running").finalized().0;
	wait_until("finality on the RPC node", &[&alice, &rpc], || rpc.finalized().0 >= 1);
	let genesis = H256::from_slice(&hex_decode(&alice.call("chain_getBlockHash", json!([0]))));
	assert_eq!(
		rpc.call("chain_getBlockHash", json!([0])),
		alice.call("chain_getBlockHash", json!([0]))
	);

	// --- Eve joins, Bob leaves, from the session after next. The change is asked for first: the
	// rest of the test runs while it waits for its session. ---
	let owner = Sr25519Keyring::Eve.to_account_id().encode();
	let generated = eve.call("author_rotateKeysWithOwner", json!([hex_encode(&owner)]));
	let keys = hex_decode(&generated["keys"]);
	let proof = hex_decode(&generated["proof"]);
	let keys = <didimo_runtime::SessionKeys as codec::Decode>::decode(&mut &keys[..])
		.expect("the node's session keys decode");
	let set_keys = RuntimeCall::Session(pallet_session::Call::set_keys { keys, proof });
	rpc.call(
		"author_submitExtrinsic",
		json!([hex_encode(&signed_call(
			genesis,
			Sr25519Keyring::Eve,
			nonce(&rpc, Sr25519Keyring::Eve),
			set_keys
		))]),
	);
	wait_until("Eve's keys on chain", &[&rpc], || {
		// `Session.NextKeys` of Eve: registered.
		let mut key = sp_io::hashing::twox_128(b"Session").to_vec();
		key.extend(sp_io::hashing::twox_128(b"NextKeys"));
		key.extend(sp_io::hashing::twox_64(&owner));
		key.extend(&owner);
		!rpc.call("state_getStorage", json!([hex_encode(&key)])).is_null()
	});
	let alice_nonce = nonce(&rpc, Sr25519Keyring::Alice);
	let eve_id = Sr25519Keyring::Eve.to_account_id();
	let bob_id = Sr25519Keyring::Bob.to_account_id();
	for (i, call) in [
		pallet_validator_set::Call::add_validator { who: eve_id },
		pallet_validator_set::Call::remove_validator { who: bob_id },
	]
	.into_iter()
	.enumerate()
	{
		let call = sudo(RuntimeCall::ValidatorSet(call));
		let xt = signed_call(genesis, Sr25519Keyring::Alice, alice_nonce + i as u32, call);
		rpc.call("author_submitExtrinsic", json!([hex_encode(&xt)]));
	}
	let changed_at = rpc.best_number();

	// --- Four validators author and finalize; the RPC node follows. ---
	wait_until("finality past block 3 on the RPC node", &[&alice, &rpc], || rpc.finalized().0 >= 3);
	assert!(live(&bob) >= 1 && live(&charlie) >= 1 && live(&dave) >= 1);
	// A DID created through Bob's node resolves on the RPC node.
	let ferdie = Sr25519Keyring::Ferdie.pair();
	let did = did_string(&ferdie);
	let bob_node = bob.as_ref().expect("running");
	bob_node.call(
		"author_submitExtrinsic",
		json!([hex_encode(&signed_call(
			genesis,
			Sr25519Keyring::Alice,
			// After the validator-set calls, which Bob's pool may not have heard of yet.
			alice_nonce + 2,
			create_did(bob_node, genesis, &ferdie)
		))]),
	);
	wait_until("the DID on the RPC node", &[&rpc], || {
		rpc.call("did_resolve", json!([did]))["didDocument"]["id"] == json!(did)
	});

	// --- kill -9, five times, while the change waits for its session: the database survives,
	// the finalized head never goes back. ---
	let mut victim = charlie.take().expect("running");
	for round in 0..5 {
		let (finalized, _) = victim.finalized();
		victim.kill_hard();
		victim = charlie_m.start(base.path(), Some(&boot));
		let (after, _) = victim.finalized();
		assert!(after >= finalized, "round {round}: finalized #{finalized} became #{after}");
		wait_until("the restarted node to import", &[&victim], || victim.best_number() > 0);
	}
	wait_until("the killed node to follow finality", &[&victim, &rpc], || {
		victim.finalized().0 >= rpc.finalized().0.saturating_sub(2)
	});
	charlie = Some(victim);

	// Two session changes at most: the change is planned at the first, enacted at the second.
	let two_sessions = Duration::from_secs(
		2 * 6 * u64::from(didimo_runtime::genesis_config_presets::LOCAL_SESSION_LENGTH) + 60,
	);
	wait_for(two_sessions, "Eve to author a block", &[&eve, &rpc], || authored(&eve) >= 1);
	// Bob authors nothing from then on: checked at the end, many rounds of the new set later.
	let bob_node = bob.as_ref().expect("running");
	let bob_before = authored(bob_node);
	let quiet_from = rpc.best_number();
	assert!(quiet_from > changed_at);

	// --- Losing validators. The set is now Alice, Charlie, Dave and Eve: finality with one of
	// them down needs Eve's votes. ---
	dave.take().expect("running").stop();
	let before = rpc.finalized().0;
	wait_until("finality with one validator down", &[&alice, &rpc], || {
		rpc.finalized().0 >= before + 2
	});
	charlie.take().expect("running").stop();
	// Two of four: GRANDPA needs more than two thirds, so finality stalls; Aura goes on.
	thread::sleep(Duration::from_secs(6));
	let (stalled, best_at_stall) = (rpc.finalized().0, rpc.best_number());
	thread::sleep(Duration::from_secs(12));
	assert_eq!(rpc.finalized().0, stalled, "finality went on with half the validators");
	assert!(rpc.best_number() > best_at_stall, "blocks stopped with half the validators");
	charlie = Some(charlie_m.start(base.path(), Some(&boot)));
	dave = Some(dave_m.start(base.path(), Some(&boot)));
	wait_until("finality to catch up", &[&alice, &rpc], || rpc.finalized().0 > best_at_stall + 1);
	// No fork: every node has the same block at the lowest finalized height.
	let nodes: Vec<&Node> =
		[&alice, &rpc, &eve].into_iter().chain(charlie.iter()).chain(dave.iter()).collect();
	let height = nodes.iter().map(|n| n.finalized().0).min().expect("nodes");
	let hashes: Vec<Value> =
		nodes.iter().map(|n| n.call("chain_getBlockHash", json!([height]))).collect();
	assert!(hashes.windows(2).all(|w| w[0] == w[1]), "nodes disagree at #{height}: {hashes:?}");
	wait_until("two rounds of the new set", &[&rpc], || rpc.best_number() >= quiet_from + 8);
	assert_eq!(authored(bob_node), bob_before, "Bob authored after his removal");

	drop(bob);
}
