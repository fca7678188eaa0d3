//! The DID registry end to end: create a DID with a signed extrinsic, update it through
//! `submit_did_call` (signed as a browser wallet extension signs, wrapped in `<Bytes>`),
//! resolve it over `did_resolve` and over the HTTP driver, deactivate it.

use std::time::Duration;

use didimo_primitives::did::{
	format_did, wrap_bytes, DidSignature, DidVerificationKey, Relationships,
};
use didimo_runtime::{Runtime, RuntimeCall};
use pallet_did::{DidCallOperation, DidCreation, Service, VerificationMethod};
use serde_json::{json, Value};
use sp_core::{Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Get, BoundedVec};

use crate::{
	harness::{temp_dir, Node},
	hex_decode, hex_encode, signed_call, CHAIN_TIMEOUT,
};

fn bounded<S: Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	BoundedVec::truncate_from(bytes.to_vec())
}

/// Resolves over HTTP: status and JSON body.
fn http_resolve(node: &Node, port: u16, did: &str) -> (u16, Value) {
	let (status, body) = crate::harness::http_request(
		&format!("127.0.0.1:{port}"),
		"GET",
		&format!("/1.0/identifiers/{did}"),
		None,
	)
	.unwrap_or_else(|e| panic!("HTTP resolver unreachable ({e}):\n{}", node.log_tail(30)));
	(status, serde_json::from_str(&body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}")))
}

#[test]
fn did_lifecycle_over_extrinsics_rpc_and_http() {
	let base = temp_dir("did");
	let node = Node::start(base.path(), &["--did-resolver-port", "0"]);
	let port = node.did_resolver_port().expect("the resolver logs its address");
	node.wait_for("block 1", CHAIN_TIMEOUT, |n| n.best_number() >= 1);
	let genesis = H256::from_slice(&hex_decode(&node.call("chain_getBlockHash", json!([0]))));

	// Dave's key makes the DID; Alice's account submits and pays.
	let dave = Sr25519Keyring::Dave.pair();
	let key = DidVerificationKey::Sr25519(dave.public());
	let did = key.derive_did();
	let did_text = format_did(&did);
	let alice = Sr25519Keyring::Alice;

	let before = node.call("did_resolve", json!([did_text]));
	assert_eq!(
		before["didResolutionMetadata"]["error"]["type"], "https://www.w3.org/ns/did#NOT_FOUND",
		"{before}"
	);
	assert_eq!(http_resolve(&node, port, &did_text).0, 404);

	let details = DidCreation::<Runtime> {
		did: did.clone(),
		submitter: alice.to_account_id(),
		valid_until: node.best_number() as u32 + 50,
		methods: BoundedVec::truncate_from(vec![VerificationMethod {
			id: bounded(b"key-1"),
			key: didimo_primitives::did::DidPublicKey::Verification(key.clone()),
			relationships: Relationships::SIGNING,
		}]),
		controllers: BoundedVec::new(),
		services: BoundedVec::new(),
	};
	let signature = DidSignature::Sr25519(dave.sign(&details.signing_payload(&genesis)));
	let create = RuntimeCall::Did(pallet_did::Call::create {
		details: Box::new(details),
		signature,
		key_proofs: BoundedVec::new(),
	});
	let nonce = node.call("system_accountNextIndex", json!([alice.to_account_id().to_string()]));
	let nonce = nonce.as_u64().expect("a nonce") as u32;
	node.call(
		"author_submitExtrinsic",
		json!([hex_encode(&signed_call(genesis, alice, nonce, create))]),
	);
	node.wait_for("the DID to be created", CHAIN_TIMEOUT, |n| {
		n.call("did_resolve", json!([did_text]))["didDocument"]["id"] == json!(did_text)
	});

	// Dave signs a service addition; Alice submits it.
	let best = node.best_number() as u32;
	let operation = DidCallOperation::<Runtime> {
		did: did.clone(),
		signer: did.clone(),
		key_id: bounded(b"key-1"),
		counter: 1,
		valid_from: best,
		valid_until: best + 50,
		spec_version: didimo_runtime::VERSION.spec_version,
		submitter: alice.to_account_id(),
		call: Box::new(RuntimeCall::Did(pallet_did::Call::add_service {
			service: Service {
				id: bounded(b"web"),
				types: BoundedVec::truncate_from(vec![bounded(b"LinkedDomains")]),
				endpoints: BoundedVec::truncate_from(vec![bounded(b"https://didimo.example")]),
			},
		})),
	};
	// Signed as a browser wallet extension signs raw bytes: wrapped in <Bytes>...</Bytes>.
	let signature =
		DidSignature::Sr25519(dave.sign(&wrap_bytes(&operation.signing_payload(&genesis))));
	let update = RuntimeCall::Did(pallet_did::Call::submit_did_call {
		operation: Box::new(operation),
		signature,
	});
	node.call(
		"author_submitExtrinsic",
		json!([hex_encode(&signed_call(genesis, alice, nonce + 1, update))]),
	);
	node.wait_for("the service to appear", CHAIN_TIMEOUT, |n| {
		n.call("did_resolve", json!([did_text]))["didDocument"]["service"].is_array()
	});

	let resolved = node.call("did_resolve", json!([did_text]));
	let document = &resolved["didDocument"];
	assert_eq!(document["service"][0]["serviceEndpoint"], "https://didimo.example");
	assert_eq!(document["verificationMethod"][0]["type"], "Multikey");
	assert_eq!(document["authentication"][0], format!("{did_text}#key-1"));
	assert_eq!(resolved["didDocumentMetadata"]["versionId"], "2");
	assert_eq!(resolved["didDocumentMetadata"]["deactivated"], false);
	assert!(resolved["didDocumentMetadata"]["created"].as_str().is_some_and(|t| t.ends_with('Z')));
	// DID Core §7.3: metadata values are strings, maps, lists, booleans or null, never numbers.
	let metadata = resolved["didDocumentMetadata"].as_object().expect("document metadata");
	assert!(metadata.values().all(|v| !v.is_number()), "{metadata:?}");
	assert!(metadata["didimoCreatedBlock"].as_str().is_some_and(|b| b.parse::<u32>().is_ok()));
	// `did_resolve` is DID Resolution's `resolve`: no media type, no error.
	assert_eq!(resolved["didResolutionMetadata"], json!({}));

	// The HTTP binding gives the same document, and names its media type.
	let (status, over_http) = http_resolve(&node, port, &did_text);
	assert_eq!(status, 200);
	assert_eq!(over_http["didDocument"], *document);
	assert_eq!(over_http["didResolutionMetadata"]["contentType"], "application/did");
	let encoded = did_text.replace(':', "%3A");
	assert_eq!(http_resolve(&node, port, &encoded).0, 200);

	// Resolution errors, over both (`node/tests/e2e/conformance.rs` checks every form).
	for (input, error, status) in [
		("did:didimo:notanaddress", "INVALID_DID", 400),
		("not-a-did", "INVALID_DID", 400),
		("did:web:example.com", "METHOD_NOT_SUPPORTED", 501),
	] {
		let result = node.call("did_resolve", json!([input]));
		let kind = &result["didResolutionMetadata"]["error"]["type"];
		assert_eq!(*kind, format!("https://www.w3.org/ns/did#{error}"), "{input}: {result}");
		assert_eq!(http_resolve(&node, port, input).0, status, "{input}");
	}

	// Deactivation: 410 Gone, and the identifier stays dead.
	let best = node.best_number() as u32;
	let operation = DidCallOperation::<Runtime> {
		did: did.clone(),
		signer: did.clone(),
		key_id: bounded(b"key-1"),
		counter: 2,
		valid_from: best,
		valid_until: best + 50,
		spec_version: didimo_runtime::VERSION.spec_version,
		submitter: alice.to_account_id(),
		call: Box::new(RuntimeCall::Did(pallet_did::Call::deactivate {})),
	};
	let signature = DidSignature::Sr25519(dave.sign(&operation.signing_payload(&genesis)));
	let deactivate = RuntimeCall::Did(pallet_did::Call::submit_did_call {
		operation: Box::new(operation),
		signature,
	});
	node.call(
		"author_submitExtrinsic",
		json!([hex_encode(&signed_call(genesis, alice, nonce + 2, deactivate))]),
	);
	node.wait_for("the DID to be deactivated", CHAIN_TIMEOUT, |n| {
		n.call("did_resolve", json!([did_text]))["didDocumentMetadata"]["deactivated"]
			== json!(true)
	});
	// DID Resolution: the last document, `deactivated: true`, no error; over HTTP 410 Gone.
	let resolved = node.call("did_resolve", json!([did_text]));
	let last = &resolved["didDocument"];
	assert_eq!(last["id"], json!(did_text));
	assert_eq!(last["service"], document["service"], "the last document: {resolved}");
	assert_eq!(last["verificationMethod"], document["verificationMethod"]);
	let metadata = &resolved["didDocumentMetadata"];
	assert_eq!(metadata["deactivated"], json!(true));
	assert_eq!(metadata["versionId"], json!("2"));
	assert!(metadata["didimoDeactivatedBlock"].as_str().is_some_and(|b| b.parse::<u32>().is_ok()));
	assert_eq!(resolved["didResolutionMetadata"], json!({}));
	let (status, over_http) = http_resolve(&node, port, &did_text);
	assert_eq!(status, 410);
	assert_eq!(over_http["didDocument"], *last);
	assert_eq!(over_http["didResolutionMetadata"]["contentType"], "application/did");
	let _ = Duration::from_secs(0);
}
