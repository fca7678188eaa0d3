//! Faults (issue 21): `kill -9` during block import and during authoring, a full
//! transaction pool, and garbage from a would-be peer.
//!
//! - An authoring dev node (Alice) and a full node following it, both with ParityDb on disk.
//!   Blocks are kept busy with transfers. Twenty times: the follower is killed while it
//!   imports Alice's block (just after Alice finished proposing it, by her log), then Alice
//!   is killed at the start of her next slot, while she authors. Both restart on their
//!   databases every time. Neither's finalized head ever goes back, the best block never falls
//!   below the finalized one, and in the end both agree on the finalized chain, Alice goes on
//!   authoring and finalizing, and a DID created before the faults still resolves on both.
//! - A pool of 16 transactions refuses the next with the standard pool error (`1016`,
//!   "Immediately Dropped", or `1014`, priority too low), and takes transactions again once a
//!   block has made room; blocks go on throughout.
//! - Bytes that are no libp2p handshake, sent to the node's peer-to-peer port, are dropped:
//!   the node goes on authoring and answering.

use std::{
	io::Write,
	net::TcpStream,
	path::Path,
	thread,
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use didimo_runtime::{BalancesCall, RuntimeCall, UNIT};
use serde_json::{json, Value};
use sp_core::H256;
use sp_keyring::Sr25519Keyring;

use crate::{
	did_calls::{create_did, did_string},
	harness::{free_port, temp_dir, Node},
	hex_decode, hex_encode, signed_call, CHAIN_TIMEOUT,
};

/// Kills of each kind, as the issue asks.
const KILLS: usize = 20;
/// The dev chain's slot.
const SLOT_MS: u64 = 6_000;
/// Transfers queued before each round, so every block has work to author, import and commit.
const TRANSFERS_PER_ROUND: u32 = 40;

fn now_ms() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// Sleeps until `offset` after the start of the next slot.
fn sleep_to_slot(offset: Duration) {
	let next = (now_ms() / SLOT_MS + 1) * SLOT_MS;
	thread::sleep(Duration::from_millis(next - now_ms()) + offset);
}

/// How long Alice took to propose her last block, from `Prepared block for proposing at N
/// (X ms)`.
fn proposal_time(node: &Node) -> Duration {
	let tail = node.log_tail(400);
	let ms = tail
		.lines()
		.rev()
		.find_map(|line| {
			let rest = line.split("Prepared block for proposing at ").nth(1)?;
			let inside = rest.split('(').nth(1)?;
			inside.split(" ms").next()?.trim().parse::<u64>().ok()
		})
		.unwrap_or(200);
	Duration::from_millis(ms)
}

fn start_alice(base: &Path, p2p: u16) -> Node {
	let listen = format!("/ip4/127.0.0.1/tcp/{p2p}");
	let key = format!("{:064x}", u64::from(p2p) + 1);
	Node::launch(&base.join("alice"), &["--dev", "--listen-addr", &listen, "--node-key", &key])
}

fn start_follower(base: &Path, p2p: u16, boot: &str) -> Node {
	let listen = format!("/ip4/127.0.0.1/tcp/{p2p}");
	Node::launch(
		&base.join("follower"),
		&["--chain", "dev", "--listen-addr", &listen, "--bootnodes", boot],
	)
}

/// Queues `count` transfers from Alice to Bob; a refusal (Alice's node busy starting) only
/// means fewer.
fn queue_transfers(node: &Node, genesis: H256, count: u32) {
	let alice = Sr25519Keyring::Alice.to_account_id().to_string();
	let Ok(nonce) = node.rpc("system_accountNextIndex", json!([alice])) else { return };
	let nonce = nonce.as_u64().unwrap_or_default() as u32;
	for i in 0..count {
		let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: Sr25519Keyring::Bob.to_account_id().into(),
			value: UNIT,
		});
		let xt = signed_call(genesis, Sr25519Keyring::Alice, nonce + i, call);
		if node.rpc("author_submitExtrinsic", json!([hex_encode(&xt)])).is_err() {
			return;
		}
	}
}

#[test]
fn killed_during_import_and_authoring_nodes_keep_their_data() {
	let base = temp_dir("faults");
	let (alice_p2p, follower_p2p) = (free_port(), free_port());
	let mut alice = start_alice(base.path(), alice_p2p);
	let peer = alice.peer_id().expect("Alice logs her peer id");
	let boot = format!("/ip4/127.0.0.1/tcp/{alice_p2p}/p2p/{peer}");
	let mut follower = start_follower(base.path(), follower_p2p, &boot);
	alice.wait_for("block 1", CHAIN_TIMEOUT, |n| n.best_number() >= 1);
	let genesis = H256::from_slice(&hex_decode(&alice.call("chain_getBlockHash", json!([0]))));

	// A DID made before the faults, which must survive them.
	let ferdie = Sr25519Keyring::Ferdie.pair();
	let did = did_string(&ferdie);
	let alice_id = Sr25519Keyring::Alice.to_account_id().to_string();
	let nonce = alice.call("system_accountNextIndex", json!([alice_id])).as_u64().unwrap_or(0);
	let xt = signed_call(
		genesis,
		Sr25519Keyring::Alice,
		nonce as u32,
		create_did(&alice, genesis, &ferdie),
	);
	alice.call("author_submitExtrinsic", json!([hex_encode(&xt)]));
	let resolves = |node: &Node| {
		node.rpc("did_resolve", json!([did]))
			.is_ok_and(|answer| answer["didDocument"]["id"] == json!(did))
	};
	alice.wait_for("the DID to be finalized", CHAIN_TIMEOUT, |n| {
		let Ok(hash) = n.rpc("chain_getFinalizedHead", json!([])) else { return false };
		n.rpc("did_resolve", json!([did, hash]))
			.is_ok_and(|answer| answer["didDocument"]["id"] == json!(did))
	});
	follower.wait_for("the follower to sync", CHAIN_TIMEOUT, |n| n.finalized().0 >= 2);

	let (mut alice_finalized, mut follower_finalized) =
		(alice.finalized().0, follower.finalized().0);
	let started = Instant::now();
	for round in 0..KILLS {
		queue_transfers(&alice, genesis, TRANSFERS_PER_ROUND);
		// Alice proposes at the slot's start; the follower imports once she is done. Kill it
		// then, at a different point of the import each round.
		let proposing = proposal_time(&alice);
		sleep_to_slot(proposing + Duration::from_millis((round as u64 * 37) % 300));
		follower.kill_hard();
		// The follower restarts (and catches up) while Alice goes on; at the next slot's start
		// she is authoring again: kill her there.
		(alice, follower) = thread::scope(|scope| {
			let restarted = scope.spawn(|| start_follower(base.path(), follower_p2p, &boot));
			sleep_to_slot(Duration::from_millis((round as u64 * 23) % 150));
			alice.kill_hard();
			let alice = start_alice(base.path(), alice_p2p);
			(alice, restarted.join().expect("the follower restarts"))
		});
		for (name, node, before) in [
			("Alice", &alice, &mut alice_finalized),
			("the follower", &follower, &mut follower_finalized),
		] {
			let (finalized, _) = node.finalized();
			let best = node.best_number();
			assert!(
				finalized >= *before,
				"round {round}: {name}'s finalized head went back from #{before} to #{finalized}"
			);
			assert!(
				best >= finalized,
				"round {round}: {name}'s best #{best} < finalized #{finalized}"
			);
			*before = finalized;
		}
	}
	println!(
		"{KILLS} rounds of kill -9 (the follower importing, Alice authoring) in {:.0} s; \
		 finalized #{alice_finalized} on Alice, #{follower_finalized} on the follower",
		started.elapsed().as_secs_f64()
	);

	// Both go on: Alice authors and finalizes past where the faults left her, the follower
	// catches up, they agree on the finalized chain and still know the DID.
	let target = alice_finalized.max(follower_finalized) + 2;
	alice.wait_for("Alice to finalize again", CHAIN_TIMEOUT, |n| n.finalized().0 >= target);
	follower.wait_for("the follower to follow", CHAIN_TIMEOUT, |n| n.finalized().0 >= target);
	let hashes: Vec<Value> =
		[&alice, &follower].iter().map(|n| n.call("chain_getBlockHash", json!([target]))).collect();
	assert_eq!(hashes[0], hashes[1], "the nodes disagree at #{target}");
	assert!(resolves(&alice) && resolves(&follower), "the DID was lost");
	assert!(!alice.logged("Database corrupt") && !follower.logged("Database corrupt"));
}

#[test]
fn a_full_pool_refuses_with_the_standard_error_and_recovers() {
	let base = temp_dir("full-pool");
	let node = Node::start(base.path(), &["--pool-limit", "16"]);
	node.wait_for("block 1", CHAIN_TIMEOUT, |n| n.best_number() >= 1);
	let genesis = H256::from_slice(&hex_decode(&node.call("chain_getBlockHash", json!([0]))));
	let alice = Sr25519Keyring::Alice.to_account_id().to_string();
	let transfer = |nonce: u32| {
		let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: Sr25519Keyring::Bob.to_account_id().into(),
			value: UNIT,
		});
		hex_encode(&signed_call(genesis, Sr25519Keyring::Alice, nonce, call))
	};

	// Fill the pool right after a block, so no block takes from it meanwhile.
	let best = node.best_number();
	node.wait_for("a new block", CHAIN_TIMEOUT, |n| n.best_number() > best);
	let nonce = node.call("system_accountNextIndex", json!([alice])).as_u64().unwrap_or(0) as u32;
	let mut accepted = 0;
	let refusal = loop {
		match node.rpc("author_submitExtrinsic", json!([transfer(nonce + accepted)])) {
			Ok(_) => accepted += 1,
			Err(e) => break e,
		}
		assert!(accepted <= 64, "the pool took {accepted} transactions past its limit of 16");
	};
	assert!(accepted >= 1, "the pool took nothing: {refusal:?}");
	println!("the pool took {accepted} transactions, then refused: {refusal:?}");
	assert!(
		refusal.code == 1016 || refusal.code == 1014,
		"not the pool's standard error for a full pool: {refusal:?}"
	);

	// A block makes room; the same transaction is then taken, and blocks go on.
	let best = node.best_number();
	node.wait_for("blocks to drain the pool", CHAIN_TIMEOUT, |n| n.best_number() > best + 1);
	let next = node.call("system_accountNextIndex", json!([alice])).as_u64().unwrap_or(0) as u32;
	node.call("author_submitExtrinsic", json!([transfer(next)]));
	node.wait_for("the last transfer to be included", CHAIN_TIMEOUT, |n| {
		let on_chain = n.call("system_accountNextIndex", json!([alice])).as_u64().unwrap_or(0);
		on_chain > u64::from(next) && n.call("author_pendingExtrinsics", json!([])) == json!([])
	});
}

#[test]
fn garbage_from_a_would_be_peer_does_not_stop_the_node() {
	let base = temp_dir("garbage-peer");
	let p2p = free_port();
	let listen = format!("/ip4/127.0.0.1/tcp/{p2p}");
	let node = Node::start(base.path(), &["--listen-addr", &listen]);
	node.wait_for("block 1", CHAIN_TIMEOUT, |n| n.best_number() >= 1);
	// A multistream-select header followed by nonsense, an oversized length prefix, and bytes
	// at random: each from a fresh connection.
	let payloads: [&[u8]; 3] = [
		b"\x13/multistream/1.0.0\n\x0f/nonsense/9.9.9\n\xff\xff\xff\xff",
		&[0xff; 4096],
		&[0x00, 0x01, 0x02, 0x7f, 0x80, 0xfe, 0x13, 0x37],
	];
	for payload in payloads {
		for _ in 0..10 {
			let Ok(mut stream) = TcpStream::connect(("127.0.0.1", p2p)) else { continue };
			let _ = stream.write_all(payload);
			let _ = stream.flush();
		}
	}
	let best = node.best_number();
	node.wait_for("blocks after the garbage", CHAIN_TIMEOUT, |n| n.best_number() > best + 1);
	assert_eq!(node.call("system_health", json!([]))["isSyncing"], json!(false));
}
