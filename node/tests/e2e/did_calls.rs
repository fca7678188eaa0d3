//! DID-signed calls for the end-to-end tests: creating a DID with a signed extrinsic and
//! wrapping a call in `submit_did_call`, all paid by Alice; and the dev chain they run on.

use std::path::Path;

use didimo_primitives::did::{format_did, DidSignature, DidVerificationKey, Relationships};
use didimo_runtime::{AccountId, Runtime, RuntimeCall};
use pallet_did::{DidCallOperation, DidCreation, VerificationMethod};
use serde_json::json;
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::BoundedVec;

use crate::{harness::Node, hex_decode, hex_encode, signed_call, CHAIN_TIMEOUT};

/// A dev node past its first block: the node, the genesis hash and Alice's next nonce.
pub fn dev_chain(base: &Path) -> (Node, H256, u32) {
	dev_chain_with(base, &[])
}

/// [`dev_chain`] with extra node arguments.
pub fn dev_chain_with(base: &Path, extra: &[&str]) -> (Node, H256, u32) {
	let node = Node::start(base, extra);
	node.wait_for("block 1", CHAIN_TIMEOUT, |n| n.best_number() >= 1);
	let genesis = H256::from_slice(&hex_decode(&node.call("chain_getBlockHash", json!([0]))));
	let alice = Sr25519Keyring::Alice.to_account_id().to_string();
	let nonce = node.call("system_accountNextIndex", json!([alice]));
	let nonce = nonce.as_u64().expect("a nonce") as u32;
	(node, genesis, nonce)
}

/// The `did:didimo` text of the DID whose key is `pair`.
pub fn did_string(pair: &sr25519::Pair) -> String {
	format_did(&DidVerificationKey::Sr25519(pair.public()).derive_did())
}

/// Submits `call` from Alice's account with `nonce`.
pub fn submit(node: &Node, genesis: H256, nonce: u32, call: RuntimeCall) {
	node.call(
		"author_submitExtrinsic",
		json!([hex_encode(&signed_call(genesis, Sr25519Keyring::Alice, nonce, call))]),
	);
}

/// The `Create` call of a DID whose one key (`key-1`) is `pair`, with every signing
/// relationship, valid for 50 blocks from `node`'s best block.
pub fn create_did(node: &Node, genesis: H256, pair: &sr25519::Pair) -> RuntimeCall {
	create_did_with(node, genesis, pair, Vec::new())
}

/// [`create_did`] with `extra` verification methods after `key-1`; they cannot be signing
/// keys, which would need proofs of possession.
pub fn create_did_with(
	node: &Node,
	genesis: H256,
	pair: &sr25519::Pair,
	extra: Vec<VerificationMethod<Runtime>>,
) -> RuntimeCall {
	let key = DidVerificationKey::Sr25519(pair.public());
	let mut methods = vec![VerificationMethod {
		id: BoundedVec::truncate_from(b"key-1".to_vec()),
		key: didimo_primitives::did::DidPublicKey::Verification(key.clone()),
		relationships: Relationships::SIGNING,
	}];
	methods.extend(extra);
	let details = DidCreation::<Runtime> {
		did: key.derive_did(),
		submitter: Sr25519Keyring::Alice.to_account_id(),
		valid_until: node.best_number() as u32 + 50,
		methods: BoundedVec::truncate_from(methods),
		controllers: BoundedVec::new(),
		services: BoundedVec::new(),
	};
	let signature = DidSignature::Sr25519(pair.sign(&details.signing_payload(&genesis)));
	RuntimeCall::Did(pallet_did::Call::create {
		details: Box::new(details),
		signature,
		key_proofs: BoundedVec::new(),
	})
}

/// `call`, signed by `pair` as its DID with counter `counter`, for Alice to submit.
pub fn did_signed(
	node: &Node,
	genesis: H256,
	pair: &sr25519::Pair,
	counter: u64,
	call: RuntimeCall,
) -> RuntimeCall {
	did_signed_for(node, genesis, pair, counter, Sr25519Keyring::Alice.to_account_id(), call)
}

/// `call`, signed by `pair` as its DID with counter `counter`, for `submitter` to submit and
/// pay for.
pub fn did_signed_for(
	node: &Node,
	genesis: H256,
	pair: &sr25519::Pair,
	counter: u64,
	submitter: AccountId,
	call: RuntimeCall,
) -> RuntimeCall {
	let did = DidVerificationKey::Sr25519(pair.public()).derive_did();
	let best = node.best_number() as u32;
	let operation = DidCallOperation::<Runtime> {
		did: did.clone(),
		signer: did,
		key_id: BoundedVec::truncate_from(b"key-1".to_vec()),
		counter,
		valid_from: best,
		valid_until: best + 50,
		spec_version: didimo_runtime::VERSION.spec_version,
		submitter,
		call: Box::new(call),
	};
	let signature = DidSignature::Sr25519(pair.sign(&operation.signing_payload(&genesis)));
	RuntimeCall::Did(pallet_did::Call::submit_did_call {
		operation: Box::new(operation),
		signature,
	})
}
