//! Revocation registries end to end: an issuer DID (created with a signed extrinsic) creates a
//! registry and revokes through `submit_did_call`; status, witness and the W3C status list
//! come back over JSON-RPC, and the status also over `state_call`, as a light client reads it.

use codec::{Decode, Encode};
use didimo_runtime::RuntimeCall;
use didimo_zk::{field, status_tree};
use pallet_revocation::StatusPurpose;
use pallet_revocation_runtime_api::{CredentialStatus, StatusAt};
use serde_json::{json, Value};
use sp_keyring::Sr25519Keyring;
use sp_runtime::BoundedVec;

use crate::{
	did_calls::{create_did, dev_chain, did_signed, submit},
	harness::temp_dir,
	hex_decode, hex_encode, CHAIN_TIMEOUT,
};

/// A field element the node answers as hex.
pub fn digest(value: &Value) -> didimo_zk::Fr {
	field::from_bytes(&hex_decode(value)).expect("a canonical field element")
}

/// The non-revocation witness in a `revocation_witness` answer.
pub fn witness_from_json(answer: &Value) -> status_tree::NonRevocationWitness {
	let path: Vec<_> = answer["path"].as_array().expect("a path").iter().map(digest).collect();
	status_tree::NonRevocationWitness {
		index: answer["index"].as_u64().expect("an index") as u32,
		leaf: digest(&answer["leaf"]),
		path: path.try_into().expect("DEPTH siblings"),
		root: digest(&answer["root"]),
	}
}

#[test]
fn revocation_registry_over_extrinsics_and_rpc() {
	let base = temp_dir("revocation");
	let (node, genesis, nonce) = dev_chain(base.path());

	// The issuer: Eve's key, every signing relationship (assertionMethod included).
	let eve = Sr25519Keyring::Eve.pair();
	submit(&node, genesis, nonce, create_did(&node, genesis, &eve));
	// The registry creation can go in the same block: the pool orders Alice's nonces.
	let create = RuntimeCall::Revocation(pallet_revocation::Call::create_registry {
		purpose: StatusPurpose::Revocation,
		capacity: 1_000,
	});
	submit(&node, genesis, nonce + 1, did_signed(&node, genesis, &eve, 1, create));
	node.wait_for("the registry", CHAIN_TIMEOUT, |n| {
		n.call("revocation_status", json!([0, 3]))["status"] == json!("active")
	});

	let revoke = RuntimeCall::Revocation(pallet_revocation::Call::revoke {
		registry: 0,
		indices: BoundedVec::truncate_from(vec![500, 3]),
	});
	submit(&node, genesis, nonce + 2, did_signed(&node, genesis, &eve, 2, revoke));
	node.wait_for("the revocation", CHAIN_TIMEOUT, |n| {
		n.call("revocation_status", json!([0, 3]))["status"] == json!("revoked")
	});

	// Status over JSON-RPC: fail closed beyond the capacity and for unknown registries.
	let best_hash = node.call("chain_getBlockHash", json!([]));
	for (registry, index, expected) in [
		(0, 3, "revoked"),
		(0, 500, "revoked"),
		(0, 4, "active"),
		(0, 999, "active"),
		(0, 1_000, "unknown"),
		(7, 0, "unknown"),
	] {
		let answer = node.call("revocation_status", json!([registry, index, best_hash]));
		assert_eq!(answer["status"], expected, "{registry}/{index}: {answer}");
		assert_eq!(answer["blockHash"], best_hash);
	}

	// The same read over state_call, as a light client makes it.
	let raw = node.call(
		"state_call",
		json!(["RevocationApi_status", hex_encode(&(0u64, 500u32).encode()), best_hash]),
	);
	let status = StatusAt::<u32>::decode(&mut &hex_decode(&raw)[..]).expect("decodes");
	assert_eq!(status.status, CredentialStatus::Revoked);

	// A witness for an active index verifies natively against the registry's root.
	let witness = node.call("revocation_witness", json!([0, 4, best_hash]));
	assert_eq!(witness["status"], "active", "{witness}");
	let parsed = witness_from_json(&witness);
	assert_eq!(parsed.index, 4);
	let root = status_tree::compute_root(&parsed.leaf, 4, &parsed.path).expect("in range");
	assert_eq!(root, parsed.root);
	assert_eq!(node.call("revocation_witness", json!([0, 1_000])), Value::Null);

	// The W3C status list decodes back to the stored bits and commits to the same root.
	let credential = node.call("revocation_statusList", json!([0, best_hash]));
	assert_eq!(credential["type"][1], "BitstringStatusListCredential", "{credential}");
	assert_eq!(credential["credentialSubject"]["statusPurpose"], "revocation");
	assert_eq!(credential["didimoChainState"]["blockHash"], best_hash);
	let encoded = credential["credentialSubject"]["encodedList"].as_str().expect("encodedList");
	let bits = didimo_rpc::revocation::decode_list(encoded).expect("a valid encodedList");
	assert_eq!(bits.len(), didimo_rpc::revocation::MIN_LIST_BYTES);
	let bit = |i: usize| bits[i / 8] & (0x80 >> (i % 8)) != 0;
	let set: Vec<usize> = (0..1_000).filter(|i| bit(*i)).collect();
	assert_eq!(set, vec![3, 500]);
	assert_eq!(
		status_tree::root_of_bitstring(&bits[..125]).expect("short enough"),
		digest(&witness["root"])
	);
	assert_eq!(node.call("revocation_statusList", json!([7])), Value::Null);
}
