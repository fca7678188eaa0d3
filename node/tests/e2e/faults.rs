//! Faults (issue 21): `kill -9` during block import and during authoring, a full
//! transaction pool, garbage from a would-be peer, and lies from a peer that completed the
//! handshakes.
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
//! - A lying peer ([`crate::lying_peer`], on litep2p like the node) that completed the
//!   block-announce and transactions handshakes announces blocks and serves them when the
//!   node asks: one sealed by a key that is not the slot's author, one sealed by the author
//!   (the dev key) with an extrinsic that does not decode, one sealed by the author that
//!   executes to another state root. Each is refused at the check it was made for (the node's
//!   log says which), none is imported, the node drops the peer, and goes on authoring and
//!   finalizing.
//! - The same peer gossips bytes that are no list of extrinsics, an extrinsic that does not
//!   decode, a transfer with another key's signature, then an honest transfer; and
//!   announcements that do not decode. The node logs and drops the lies, never includes the
//!   forged transfer, and includes the honest one, so the lies went the same way.

use std::{
	io::Write,
	net::TcpStream,
	path::Path,
	thread,
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use codec::{Decode, Encode};
use didimo_runtime::{
	BalancesCall, Header, RuntimeCall, TimestampCall, UncheckedExtrinsic, UNIT, VERSION,
};
use serde_json::{json, Value};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::{Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::{Digest, DigestItem, Preamble},
	traits::{BlakeTwo256, Hash as _, Header as _},
};

use crate::{
	did_calls::{create_did, did_string},
	free_balance,
	harness::{free_port, header_number, temp_dir, Node},
	hex_decode, hex_encode,
	lying_peer::{LyingPeer, ServedBlock},
	signed_call, CHAIN_TIMEOUT,
};

/// Kills of each kind, as the issue asks.
const KILLS: usize = 20;
/// The dev chain's slot.
const SLOT_MS: u64 = 6_000;
/// How long the lying peer waits for each step of the node's answer.
const PEER_TIMEOUT: Duration = Duration::from_secs(60);
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

/// The ways a lying peer's block is malformed (each needs the peer to get past the previous
/// check of the node's import: the announcement, the block request, the header's seal).
#[derive(Clone, Copy, Debug)]
enum Lie {
	/// Sealed by a key that is not the slot's author: refused by the Aura verifier.
	NotTheSlotAuthor,
	/// Sealed by the slot's author (the dev chain's Alice, whose key everyone knows), with an
	/// extrinsic that is no extrinsic of this runtime: refused when the body is decoded.
	UndecodableExtrinsic,
	/// Sealed by the slot's author, a body that executes, and a state root that is not what
	/// it computes: refused after the whole block has executed.
	WrongStateRoot,
}

impl Lie {
	/// What the node logs when it refuses the block `hash`: its words, then the cause.
	fn refusal(self, hash: H256) -> [String; 2] {
		match self {
			Lie::NotTheSlotAuthor => [
				format!("Verification failed for block {hash:?}"),
				format!("Bad signature on {hash:?}"),
			],
			Lie::UndecodableExtrinsic => [
				format!("Verification failed for block {hash:?}"),
				"check_extrinsics(): Unable to decode extrinsic".into(),
			],
			Lie::WrongStateRoot => [
				format!("Error importing block {hash:?}"),
				"Storage root must match that calculated.".into(),
			],
		}
	}
}

/// The node's best block: number, hash and Aura slot.
fn best_block(node: &Node) -> (u32, H256, u64) {
	let hash = node.call("chain_getBlockHash", json!([]));
	let header = node.call("chain_getHeader", json!([hash]));
	let slot = header["digest"]["logs"]
		.as_array()
		.expect("a digest")
		.iter()
		.find_map(|log| {
			let item = DigestItem::decode(&mut &hex_decode(log)[..]).ok()?;
			item.pre_runtime_try_to::<Slot>(&AURA_ENGINE_ID)
		})
		.expect("an Aura pre-digest");
	(header_number(&header) as u32, H256::from_slice(&hex_decode(&hash)), *slot)
}

/// A block on `parent` in `slot` that lies as `lie` says; everything else about it is right.
fn lying_block(lie: Lie, parent: (u32, H256, u64), slot: u64) -> (Header, ServedBlock) {
	let now = slot * SLOT_MS;
	let inherent =
		UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(TimestampCall::set { now })).encode();
	let mut body = vec![inherent];
	if let Lie::UndecodableExtrinsic = lie {
		// Four bytes behind their length prefix: an opaque extrinsic, and nothing the
		// runtime decodes.
		body.push(vec![0x10, 0xde, 0xad, 0xbe, 0xef]);
	}
	let extrinsics_root =
		BlakeTwo256::ordered_trie_root(body.clone(), VERSION.extrinsics_root_state_version());
	let pre_digest = DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode());
	let mut header = Header::new(
		parent.0 + 1,
		extrinsics_root,
		H256::repeat_byte(0x42),
		parent.1,
		Digest { logs: vec![pre_digest] },
	);
	let author = match lie {
		Lie::NotTheSlotAuthor => Sr25519Keyring::Bob,
		_ => Sr25519Keyring::Alice,
	};
	let seal = author.pair().sign(header.hash().as_bytes());
	header.digest_mut().push(DigestItem::Seal(AURA_ENGINE_ID, seal.encode()));
	let served = ServedBlock { hash: header.hash(), header: header.encode(), body };
	(header, served)
}

/// A dev node past block 2 on a known peer-to-peer port (its base path, the node, its genesis
/// hash, and its address `/ip4/127.0.0.1/tcp/<port>/p2p/<peer id>`).
fn node_for_a_peer(tag: &str) -> (tempfile::TempDir, Node, H256, String) {
	let base = temp_dir(tag);
	let p2p = free_port();
	let listen = format!("/ip4/127.0.0.1/tcp/{p2p}");
	let node = Node::start(base.path(), &["--listen-addr", &listen]);
	node.wait_for("block 2", CHAIN_TIMEOUT, |n| n.best_number() >= 2);
	let genesis = H256::from_slice(&hex_decode(&node.call("chain_getBlockHash", json!([0]))));
	let peer = node.peer_id().expect("the node logs its peer id");
	let address = format!("/ip4/127.0.0.1/tcp/{p2p}/p2p/{peer}");
	(base, node, genesis, address)
}

fn runtime() -> tokio::runtime::Runtime {
	tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime")
}

#[test]
fn malformed_blocks_from_a_handshaken_peer_are_refused_and_the_node_goes_on() {
	let (_base, node, genesis, address) = node_for_a_peer("lying-blocks");
	let rt = runtime();

	for lie in [Lie::NotTheSlotAuthor, Lie::UndecodableExtrinsic, Lie::WrongStateRoot] {
		let parent = best_block(&node);
		// A slot after the parent's and not in the future: a header the node's clock takes.
		let slot = (now_ms() / SLOT_MS).max(parent.2 + 1);
		thread::sleep(Duration::from_millis((slot * SLOT_MS).saturating_sub(now_ms())));
		let (header, block) = lying_block(lie, parent, slot);
		let exchange = rt.block_on(async {
			// A fresh identity each time: the node bans a peer that served it a bad block.
			let mut peer =
				LyingPeer::connect(&address, genesis, (parent.0, parent.1), PEER_TIMEOUT)
					.await
					.unwrap_or_else(|e| panic!("{lie:?}: {e}\n{}", node.log_tail(40)));
			peer.announce(header).expect("the announcement is sent");
			peer.serve(&block, PEER_TIMEOUT, |e| e.served > 0).await;
			// Time for the node to import (and refuse) what it was served, and drop the peer.
			peer.serve(&block, PEER_TIMEOUT, |e| e.disconnected).await;
			peer.exchange
		});
		assert!(
			exchange.requested.contains(&block.hash) && exchange.served > 0,
			"{lie:?}: the node asked for the announced block and was served it: {exchange:?}\n{}",
			node.log_tail(40)
		);
		assert!(exchange.disconnected, "{lie:?}: the node drops the peer that served it");
		// Refused at the check the lie was made for: the seal, the body's decoding, the
		// state root after execution.
		for needle in lie.refusal(block.hash) {
			node.wait_for(&format!("{lie:?}: the node to log {needle}"), PEER_TIMEOUT, |n| {
				n.logged(&needle)
			});
		}
		let imported = node.call("chain_getHeader", json!([format!("{:?}", block.hash)]));
		assert_eq!(imported, Value::Null, "{lie:?}: the node never imports the lie");
		eprintln!("{lie:?}: {exchange:?}");
	}

	// The node goes on authoring and finalizing on its own chain.
	let (finalized, _) = node.finalized();
	let best = node.best_number();
	node.wait_for("two more blocks", CHAIN_TIMEOUT, |n| n.best_number() >= best + 2);
	node.wait_for("finality to go on", CHAIN_TIMEOUT, |n| n.finalized().0 > finalized);
	assert_eq!(node.call("system_health", json!([]))["isSyncing"], json!(false));
}

#[test]
fn malformed_announcements_and_transactions_from_a_handshaken_peer_are_dropped() {
	let (_base, node, genesis, address) = node_for_a_peer("lying-gossip");
	let rt = runtime();
	let nonce_of = |who: Sr25519Keyring| {
		let account = who.to_account_id().to_string();
		node.call("system_accountNextIndex", json!([account])).as_u64().expect("a nonce")
	};

	// Transactions: bytes that are no list of extrinsics, an extrinsic the runtime cannot
	// decode, and a transfer whose signature was altered; then an honest transfer through
	// the same substream, which the node must take (so the lies were read, not lost).
	let mut forged = signed_call(
		genesis,
		Sr25519Keyring::Dave,
		0,
		RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: Sr25519Keyring::Eve.to_account_id().into(),
			value: UNIT,
		}),
	);
	// Dave's transfer carrying Eve's signature of something else.
	let mut xt = UncheckedExtrinsic::decode(&mut &forged[..]).expect("the transfer decodes");
	if let Preamble::Signed(_, signature, _) = &mut xt.preamble {
		*signature = Sr25519Keyring::Eve.sign(b"something else").into();
	}
	forged = xt.encode();
	let bob_nonce = nonce_of(Sr25519Keyring::Bob);
	let honest = signed_call(
		genesis,
		Sr25519Keyring::Bob,
		bob_nonce as u32,
		RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: Sr25519Keyring::Ferdie.to_account_id().into(),
			value: UNIT,
		}),
	);
	let lies: Vec<Vec<u8>> = vec![
		vec![0xff; 64],
		vec![0x04, 0x10, 0xde, 0xad, 0xbe, 0xef],
		[vec![0x04], forged].concat(),
	];
	let ferdie = Sr25519Keyring::Ferdie.to_account_id();
	let ferdie_before = free_balance(&node, &ferdie);
	let announce_lies = "failed to decode block announce";
	let parent = best_block(&node);
	let exchange = rt.block_on(async {
		let mut peer = LyingPeer::connect(&address, genesis, (parent.0, parent.1), PEER_TIMEOUT)
			.await
			.unwrap_or_else(|e| panic!("{e}\n{}", node.log_tail(40)));
		assert!(peer.exchange.transactions_opened, "the node took the transactions handshake");
		for lie in lies {
			peer.send_transactions(lie).expect("sent");
		}
		peer.send_transactions([vec![0x04], honest].concat()).expect("sent");
		// The lies were read and refused (sc-network's words), not lost on the way: the node
		// logs the list that does not decode, and takes the honest transfer sent after it
		// into its pool (the next index counts the pool).
		let undecodable =
			format!("Failed to decode transactions list from peer {}", peer.peer_id());
		peer.drive_until(PEER_TIMEOUT, |_| {
			node.logged(&undecodable) && nonce_of(Sr25519Keyring::Bob) > bob_nonce
		})
		.await;
		assert!(node.logged(&undecodable), "{undecodable}:\n{}", node.log_tail(40));
		// Then announcements that do not decode: no header, a truncated one, a huge claim.
		let before = node.count_logged(announce_lies);
		for lie in [vec![0xff; 16], vec![0x00; 40], vec![0xff; 4096]] {
			peer.send_announce(lie).expect("sent");
		}
		peer.drive_until(PEER_TIMEOUT, |_| node.count_logged(announce_lies) >= before + 3).await;
		peer.exchange
	});
	eprintln!("gossip: {exchange:?}");
	assert!(
		node.count_logged(announce_lies) >= 3,
		"three undecodable announcements:\n{}",
		node.log_tail(40)
	);
	node.wait_for("the honest transfer to be included", CHAIN_TIMEOUT, |n| {
		free_balance(n, &ferdie) >= ferdie_before + UNIT
	});
	assert_eq!(nonce_of(Sr25519Keyring::Dave), 0, "the forged transfer is never included");
	let best = node.best_number();
	node.wait_for("two more blocks", CHAIN_TIMEOUT, |n| n.best_number() >= best + 2);
	assert_eq!(node.call("system_health", json!([]))["isSyncing"], json!(false));
}
