//! Standards conformance of the node's live output, checked the way integrators' software
//! reads it (issue 17):
//! - DID Resolution: versions (`versionId`, `versionTime`, `nextVersionId`, `nextUpdate`),
//!   errors as RFC 9457 problem details with DID Resolution's error URIs and HTTP status
//!   codes, the legacy media type with bare error tokens, content negotiation by `Accept`
//!   (406 when nothing fits), metadata values that are never numbers (DID Core §7.3);
//! - DID URL dereferencing over JSON-RPC and HTTP: fragments, `service` + `relativeRef` (303),
//!   `hl` refused, paths, the issuer's status list at `<did>/status-lists/<n>`;
//! - a standard Bitstring Status List client (`@digitalbazaar/vc-bitstring-status-list`)
//!   reading a credential's status through the node's HTTP resolver;
//! - every document type expanding in a safe-mode JSON-LD processor (`jsonld`) with an
//!   offline document loader (`tools/jsonld/check.mjs`), and a document with an undefined
//!   term failing there (so the check can fail);
//! - the DIDimo JSON-LD context served by the node, byte for byte the bundled one;
//! - consent records with Kantara CR 1.1's controller contact and purpose categories.

use std::{path::PathBuf, process::Command};

use didimo_primitives::did::{DidPublicKey, Relationship, Relationships, ZkIssuerKey};
use didimo_runtime::RuntimeCall;
use didimo_zk::eddsa::SecretKey;
use pallet_did::{Service, VerificationMethod};
use pallet_revocation::StatusPurpose;
use serde_json::{json, Value};
use sp_keyring::Sr25519Keyring;
use sp_runtime::BoundedVec;

use crate::{
	consent::{chain_time, grant_call},
	did_calls::{create_did, create_did_with, dev_chain_with, did_signed, did_string, submit},
	harness::{http_get, temp_dir, HttpAnswer},
	CHAIN_TIMEOUT,
};

const DID_NS: &str = "https://www.w3.org/ns/did#";
const LEGACY: &str = "application/ld+json;profile=\"https://w3id.org/did-resolution\"";

/// The repository's root.
fn repository() -> PathBuf {
	PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `tools/jsonld/check.mjs` with `args`: whether it succeeded, and its output.
fn jsonld_check(args: &[&str]) -> (bool, String) {
	let modules =
		std::env::var_os("DIDIMO_JSONLD_MODULES").map(PathBuf::from).unwrap_or_else(|| {
			PathBuf::from(std::env::var_os("HOME").expect("HOME is set"))
				.join(".cache/didimo/jsonld/node_modules")
		});
	assert!(
		modules.join("jsonld").exists(),
		"no jsonld in {}: run scripts/setup.sh",
		modules.display()
	);
	let output = Command::new("node")
		.arg(repository().join("tools/jsonld/check.mjs"))
		.args(args)
		.env("DIDIMO_JSONLD_MODULES", &modules)
		.output()
		.expect("node runs");
	let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
	text.push_str(&String::from_utf8_lossy(&output.stderr));
	(output.status.success(), text)
}

fn bounded<S: sp_runtime::traits::Get<u32>>(text: &str) -> BoundedVec<u8, S> {
	BoundedVec::truncate_from(text.as_bytes().to_vec())
}

fn add_service(id: &str, kind: &str, endpoint: &str) -> RuntimeCall {
	RuntimeCall::Did(pallet_did::Call::add_service {
		service: Service {
			id: bounded(id),
			types: BoundedVec::truncate_from(vec![bounded(kind)]),
			endpoints: BoundedVec::truncate_from(vec![bounded(endpoint)]),
		},
	})
}

/// The problem type URI of a DID Resolution error.
fn problem(name: &str) -> String {
	format!("{DID_NS}{name}")
}

/// Asserts an HTTP answer is an error of `name` with `status`, in the current form.
fn assert_problem(answer: &HttpAnswer, status: u16, name: &str, what: &str) {
	assert_eq!(answer.status, status, "{what}: {}", answer.body);
	let body = answer.json();
	let error = match answer.content_type.as_str() {
		"application/problem+json" => body.clone(),
		"application/did-resolution" => {
			let metadata = if body.get("dereferencingMetadata").is_some() {
				&body["dereferencingMetadata"]
			} else {
				&body["didResolutionMetadata"]
			};
			metadata["error"].clone()
		},
		other => panic!("{what}: unexpected Content-Type {other}: {}", answer.body),
	};
	assert_eq!(error["type"], json!(problem(name)), "{what}: {body}");
	assert!(error["title"].is_string() && error["detail"].is_string(), "{what}: {body}");
}

/// Asserts DID Core §7.3: no metadata value is a number.
fn assert_no_numbers(metadata: &Value, what: &str) {
	let metadata = metadata.as_object().unwrap_or_else(|| panic!("{what}: metadata {metadata}"));
	assert!(metadata.values().all(|v| !v.is_number()), "{what}: {metadata:?}");
}

#[test]
fn live_output_follows_did_resolution_status_lists_and_json_ld() {
	let base = temp_dir("conformance");
	let (node, genesis, mut nonce) = dev_chain_with(base.path(), &["--did-resolver-port", "0"]);
	let mut next_nonce = || {
		nonce += 1;
		nonce - 1
	};
	let port = node.did_resolver_port().expect("the resolver logs its address");
	let addr = format!("127.0.0.1:{port}");
	let get = |path: &str, accept: Option<&str>| http_get(&addr, path, accept);
	let identifiers = |url: &str| format!("/1.0/identifiers/{url}");

	// The issuer, Ferdie: key-1 and a Jubjub key (zk-1) for zero-knowledge credentials.
	let ferdie = Sr25519Keyring::Ferdie.pair();
	let issuer = did_string(&ferdie);
	let zk_key = SecretKey::from_bytes(&[7; 32]).expect("a canonical scalar").public_key();
	let zk_method = VerificationMethod {
		id: bounded("zk-1"),
		key: DidPublicKey::ZkIssuer(ZkIssuerKey(zk_key.to_bytes())),
		relationships: Relationships::from(Relationship::AssertionMethod),
	};
	submit(&node, genesis, next_nonce(), create_did_with(&node, genesis, &ferdie, vec![zk_method]));
	// The grantee of a consent grant, Dave, who can be reached by e-mail.
	let dave = Sr25519Keyring::Dave.pair();
	let grantee = did_string(&dave);
	submit(&node, genesis, next_nonce(), create_did(&node, genesis, &dave));
	node.wait_for("the DIDs", CHAIN_TIMEOUT, |n| {
		[&issuer, &grantee].iter().all(|did| {
			n.call("did_resolve", json!([did]))["didResolutionMetadata"]["error"].is_null()
		})
	});
	let version_1 = node.call("did_resolve", json!([issuer]));
	let created_block: u64 = version_1["didDocumentMetadata"]["didimoCreatedBlock"]
		.as_str()
		.and_then(|b| b.parse().ok())
		.expect("the creation block, in decimal");
	// Version 2 comes at least a block later.
	node.wait_for("a later block", CHAIN_TIMEOUT, |n| n.best_number() > created_block);

	let web = add_service("web", "LinkedDomains", "https://issuer.example/base/");
	submit(&node, genesis, next_nonce(), did_signed(&node, genesis, &ferdie, 1, web));
	let create_registry = RuntimeCall::Revocation(pallet_revocation::Call::create_registry {
		purpose: StatusPurpose::Revocation,
		capacity: 1_000,
	});
	submit(&node, genesis, next_nonce(), did_signed(&node, genesis, &ferdie, 2, create_registry));
	let revoke = RuntimeCall::Revocation(pallet_revocation::Call::revoke {
		registry: 0,
		indices: BoundedVec::truncate_from(vec![5]),
	});
	submit(&node, genesis, next_nonce(), did_signed(&node, genesis, &ferdie, 3, revoke));
	let contact = add_service("dpo", "https://schema.org/ContactPoint", "mailto:dpo@dave.example");
	submit(&node, genesis, next_nonce(), did_signed(&node, genesis, &dave, 1, contact));
	let now = chain_time(&node);
	let grant = grant_call(&dave, now - 60_000, now + 3_600_000);
	submit(&node, genesis, next_nonce(), did_signed(&node, genesis, &ferdie, 4, grant));
	node.wait_for("the service, the revocation and the grant", CHAIN_TIMEOUT, |n| {
		n.call("revocation_status", json!([0, 5]))["status"] == json!("revoked")
			&& !n.call("consent_receipt", json!([0])).is_null()
			&& n.call("did_resolve", json!([grantee]))["didDocument"]["service"].is_array()
			&& n.call("did_resolve", json!([issuer]))["didDocument"]["service"].is_array()
	});
	// Pin everything below to one block.
	let best = node.call("chain_getBlockHash", json!([]));
	let current = node.call("did_resolve", json!([issuer, best]));
	let metadata = &current["didDocumentMetadata"];
	assert_eq!(metadata["versionId"], json!("2"), "{current}");
	assert_no_numbers(metadata, "current");
	assert!(metadata.get("nextVersionId").is_none() && metadata.get("nextUpdate").is_none());

	// --- Versions, over JSON-RPC and HTTP ---
	let by_id = node.call("did_resolve", json!([issuer, best, {"versionId": "1"}]));
	assert!(by_id["didDocument"].get("service").is_none(), "version 1 had no service: {by_id}");
	assert_eq!(
		by_id["didDocument"]["verificationMethod"],
		version_1["didDocument"]["verificationMethod"]
	);
	let old = &by_id["didDocumentMetadata"];
	assert_no_numbers(old, "version 1");
	assert_eq!(old["versionId"], json!("1"));
	assert_eq!(old["nextVersionId"], json!("2"));
	assert_eq!(old["nextUpdate"], metadata["updated"], "version 2 replaced it: {by_id}");
	assert_eq!(old["created"], version_1["didDocumentMetadata"]["created"]);
	let over_http = get(&format!("{}?versionId=1", identifiers(&issuer)), None);
	assert_eq!(over_http.status, 200, "{}", over_http.body);
	assert_eq!(over_http.json()["didDocument"], by_id["didDocument"]);
	// The same, with the DID URL percent-encoded whole.
	let encoded =
		format!("{issuer}?versionId=1").replace(':', "%3A").replace('?', "%3F").replace('=', "%3D");
	assert_eq!(get(&identifiers(&encoded), None).json()["didDocument"], by_id["didDocument"]);
	// A time selects the version current then: version 1 at its creation, 2 at its update.
	let at_time =
		|time: &Value| node.call("did_resolve", json!([issuer, best, {"versionTime": time}]));
	assert_eq!(at_time(&old["created"])["didDocumentMetadata"]["versionId"], json!("1"));
	assert_eq!(at_time(&metadata["updated"])["didDocumentMetadata"]["versionId"], json!("2"));
	let time_http = get(
		&format!(
			"{}?versionTime={}",
			identifiers(&issuer),
			old["created"].as_str().expect("a time")
		),
		None,
	);
	assert_eq!(time_http.json()["didDocumentMetadata"]["versionId"], json!("1"));
	let before_chain = at_time(&json!("2000-01-01T00:00:00Z"));
	assert_eq!(before_chain["didResolutionMetadata"]["error"]["type"], json!(problem("NOT_FOUND")));
	assert_problem(
		&get(&format!("{}?versionTime=2000-01-01T00:00:00Z", identifiers(&issuer)), None),
		404,
		"NOT_FOUND",
		"a time before the DID",
	);
	assert_problem(
		&get(&format!("{}?versionId=9", identifiers(&issuer)), None),
		404,
		"NOT_FOUND",
		"a future version",
	);
	assert_problem(
		&get(&format!("{}?versionId=one", identifiers(&issuer)), None),
		400,
		"INVALID_OPTIONS",
		"a bad version",
	);
	assert_problem(
		&get(
			&format!("{}?versionId=1&versionTime=2026-01-01T00:00:00Z", identifiers(&issuer)),
			None,
		),
		400,
		"INVALID_OPTIONS",
		"both selectors",
	);

	// --- Content negotiation and errors ---
	let document = &current["didDocument"];
	let whole = get(&identifiers(&issuer), None);
	assert_eq!((whole.status, whole.content_type.as_str()), (200, "application/did-resolution"));
	assert_eq!(whole.json()["didDocument"], *document);
	assert_eq!(whole.json()["didResolutionMetadata"], json!({"contentType": "application/did"}));
	// The Universal Resolver's current header.
	let universal = get(&identifiers(&issuer), Some("application/did-resolution,application/did"));
	assert_eq!(universal.content_type, "application/did-resolution");
	for media in [
		"application/did",
		"application/did+ld+json",
		"application/did+json",
		"application/ld+json",
	] {
		let alone = get(&identifiers(&issuer), Some(media));
		assert_eq!((alone.status, alone.content_type.as_str()), (200, media), "{media}");
		assert_eq!(alone.json(), *document, "{media}");
	}
	let legacy = get(&identifiers(&issuer), Some(LEGACY));
	assert_eq!(legacy.content_type, LEGACY);
	assert_eq!(
		legacy.json()["didResolutionMetadata"]["contentType"],
		json!("application/did+ld+json")
	);
	let refused = get(&identifiers(&issuer), Some("image/png"));
	assert_problem(&refused, 406, "REPRESENTATION_NOT_SUPPORTED", "image/png");
	// Errors: problem details with DID Resolution's URIs and status codes; the legacy form
	// has the token and errorMessage; a client asking for the document alone gets
	// application/problem+json.
	let unknown = did_string(&Sr25519Keyring::Charlie.pair());
	for (input, name, token, status) in [
		(unknown.as_str(), "NOT_FOUND", "notFound", 404),
		("did:didimo:notanaddress", "INVALID_DID", "invalidDid", 400),
		("did:web:example.com", "METHOD_NOT_SUPPORTED", "methodNotSupported", 501),
	] {
		let result = node.call("did_resolve", json!([input]));
		assert_eq!(
			result["didResolutionMetadata"]["error"]["type"],
			json!(problem(name)),
			"{input}"
		);
		assert!(result["didDocument"].is_null());
		assert_problem(&get(&identifiers(input), None), status, name, input);
		let alone = get(&identifiers(input), Some("application/did"));
		assert_eq!(alone.content_type, "application/problem+json", "{input}");
		assert_problem(&alone, status, name, input);
		let old_style = get(&identifiers(input), Some(LEGACY));
		assert_eq!(
			(old_style.status, old_style.content_type.as_str()),
			(status, LEGACY),
			"{input}"
		);
		let old_style = old_style.json();
		assert_eq!(old_style["didResolutionMetadata"]["error"], json!(token), "{input}");
		assert!(old_style["didResolutionMetadata"]["errorMessage"].is_string(), "{input}");
	}

	// --- DID URL dereferencing ---
	let key = get(&identifiers(&format!("{issuer}%23key-1")), None);
	assert_eq!((key.status, key.content_type.as_str()), (200, "application/did"), "{}", key.body);
	assert_eq!(key.json()["id"], json!(format!("{issuer}#key-1")));
	assert_eq!(key.json()["type"], json!("Multikey"));
	let zk = node.call("did_dereference", json!([format!("{issuer}#zk-1"), null, best]));
	assert_eq!(zk["dereferencingMetadata"], json!({"contentType": "application/did"}));
	assert_eq!(zk["content"]["type"], json!("DidimoJubjubEdDSAKey2026"));
	assert_eq!(zk["content"]["@context"], document["@context"]);
	assert_eq!(zk["contentMetadata"], *metadata);
	let web = node.call("did_dereference", json!([format!("{issuer}#web")]));
	assert_eq!(web["content"]["serviceEndpoint"], json!("https://issuer.example/base/"));
	assert_problem(
		&get(&identifiers(&format!("{issuer}%23nope")), None),
		404,
		"NOT_FOUND",
		"#nope",
	);
	// Service selection: a redirect to the endpoint, with relativeRef resolved against it.
	let redirect =
		get(&format!("{}?service=web&relativeRef=creds%2F1", identifiers(&issuer)), None);
	assert_eq!(redirect.status, 303, "{}", redirect.body);
	assert_eq!(redirect.location.as_deref(), Some("https://issuer.example/base/creds/1"));
	let selected =
		node.call("did_dereference", json!([format!("{issuer}?service=web&relativeRef=%2Froot")]));
	assert_eq!(selected["content"], json!("https://issuer.example/root"));
	assert_eq!(selected["dereferencingMetadata"]["contentType"], json!("text/uri-list"));
	assert_problem(
		&get(&format!("{}?service=nope", identifiers(&issuer)), None),
		404,
		"NOT_FOUND",
		"no service",
	);
	assert_problem(
		&get(&format!("{}?relativeRef=x", identifiers(&issuer)), None),
		400,
		"INVALID_DID_URL",
		"relativeRef alone",
	);
	assert_problem(
		&get(&format!("{}?hl=zQm", identifiers(&issuer)), None),
		501,
		"FEATURE_NOT_SUPPORTED",
		"hl",
	);
	assert_problem(
		&get(&identifiers(&format!("{issuer}/elsewhere")), None),
		404,
		"NOT_FOUND",
		"a path",
	);

	// --- The status list at its URL ---
	let list_url = format!("{issuer}/status-lists/0");
	let list = get(&identifiers(&list_url), None);
	assert_eq!((list.status, list.content_type.as_str()), (200, "application/vc"), "{}", list.body);
	let credential = list.json();
	assert_eq!(credential["id"], json!(list_url));
	assert_eq!(credential["issuer"], json!(issuer));
	assert_eq!(
		credential["type"],
		json!(["VerifiableCredential", "BitstringStatusListCredential"])
	);
	let by_rpc = node.call("did_dereference", json!([list_url, null, best]));
	let same_block = node.call("revocation_statusList", json!([0, best]));
	assert_eq!(by_rpc["content"], same_block);
	assert_eq!(by_rpc["dereferencingMetadata"]["contentType"], json!("application/vc"));
	let wrapped = get(&identifiers(&list_url), Some("application/did-resolution"));
	assert_eq!(wrapped.json()["content"]["id"], json!(list_url));
	// Not Dave's list; no list 99; before the registry existed, no list.
	assert_problem(
		&get(&identifiers(&format!("{grantee}/status-lists/0")), None),
		404,
		"NOT_FOUND",
		"another's list",
	);
	assert_problem(
		&get(&identifiers(&format!("{issuer}/status-lists/99")), None),
		404,
		"NOT_FOUND",
		"list 99",
	);
	assert_problem(
		&get(&identifiers(&format!("{issuer}/status-lists/01")), None),
		404,
		"NOT_FOUND",
		"list 01",
	);
	let early = format!(
		"{}?versionTime={}",
		identifiers(&list_url),
		old["created"].as_str().expect("a time")
	);
	assert_problem(&get(&early, None), 404, "NOT_FOUND", "a list before its registry");

	// A standard status list client reads a credential's status through the resolver.
	let dir = temp_dir("conformance-json");
	let status_of = |index: u32| {
		let vc = json!({
			"@context": ["https://www.w3.org/ns/credentials/v2"],
			"id": format!("urn:didimo:test-credential:{index}"),
			"type": ["VerifiableCredential"],
			"issuer": issuer,
			"credentialSubject": {"id": "did:example:holder"},
			"credentialStatus": {
				"id": format!("{list_url}#{index}"),
				"type": "BitstringStatusListEntry",
				"statusPurpose": "revocation",
				"statusListIndex": index.to_string(),
				"statusListCredential": list_url,
			},
		});
		let file = dir.path().join(format!("credential-{index}.json"));
		std::fs::write(&file, vc.to_string()).expect("writable");
		let (ok, output) = jsonld_check(&[
			"status",
			file.to_str().expect("UTF-8 path"),
			"--endpoint",
			&format!("http://{addr}"),
		]);
		assert!(ok, "the status client failed: {output}");
		let answer: Value =
			serde_json::from_str(output.trim()).unwrap_or_else(|e| panic!("{e}: {output}"));
		assert_eq!(answer["verified"], json!(true), "{answer}");
		answer["status"].as_bool().expect("a status")
	};
	assert!(status_of(5), "index 5 is revoked");
	assert!(!status_of(6), "index 6 is not");

	// --- Consent records (Kantara CR 1.1 fields) ---
	let record = node.call("consent_receipt", json!([0, best]));
	assert_eq!(record["type"], json!("ConsentRecord"));
	let controller = &record["piiControllers"][0];
	assert_eq!(controller["contact"], json!(grantee));
	assert_eq!(controller["email"], json!("dpo@dave.example"));
	let purposes = &record["services"][0]["purposes"];
	assert_eq!(purposes[0]["purposeCategory"], json!(["Core Function"]));
	assert_eq!(purposes[1]["purposeCategory"], json!(["Contact Requested"]));

	// --- The DIDimo context, served as bundled ---
	let context = get("/contexts/didimo/v1", None);
	assert_eq!((context.status, context.content_type.as_str()), (200, "application/ld+json"));
	let bundled =
		std::fs::read_to_string(repository().join("contexts/didimo-v1.jsonld")).expect("bundled");
	assert_eq!(context.body, bundled);

	// --- Deactivation: 410, the last document, and versions still answer ---
	let deactivate = RuntimeCall::Did(pallet_did::Call::deactivate {});
	submit(&node, genesis, next_nonce(), did_signed(&node, genesis, &ferdie, 5, deactivate));
	node.wait_for("the deactivation", CHAIN_TIMEOUT, |n| {
		n.call("did_resolve", json!([issuer]))["didDocumentMetadata"]["deactivated"] == json!(true)
	});
	let gone = node.call("did_resolve", json!([issuer]));
	assert_eq!(gone["didDocument"], *document, "the last document: {gone}");
	assert_eq!(gone["didResolutionMetadata"], json!({}));
	assert_no_numbers(&gone["didDocumentMetadata"], "deactivated");
	assert_eq!(get(&identifiers(&issuer), None).status, 410);
	assert_eq!(get(&identifiers(&issuer), Some("application/did")).json(), *document);
	let last_version = node.call("did_resolve", json!([issuer, null, {"versionId": "2"}]));
	assert_eq!(last_version["didDocument"], *document);
	assert_eq!(
		last_version["didDocumentMetadata"]["nextUpdate"], gone["didDocumentMetadata"]["updated"],
		"the deactivation ended version 2: {last_version}"
	);
	assert_eq!(last_version["didDocumentMetadata"]["deactivated"], json!(false));
	// A deactivated issuer's lists are frozen, still readable.
	assert_eq!(get(&identifiers(&list_url), None).status, 200);

	// --- Every document type expands in a safe-mode JSON-LD processor, offline ---
	let missing = node.call("did_resolve", json!([unknown]));
	let mut legacy_error = get(&identifiers(&unknown), Some(LEGACY)).json();
	legacy_error["@context"] =
		json!(["https://w3id.org/did-resolution/v1", "https://w3id.org/didimo/v1"]);
	let documents = [
		("resolution", current.clone()),
		("version-1", by_id.clone()),
		("document", get(&identifiers(&issuer), Some("application/did")).json()),
		("key", key.json()),
		("zk-dereferencing", zk.clone()),
		("service-dereferencing", web.clone()),
		("selection", selected.clone()),
		("status-list", credential.clone()),
		("status-list-dereferencing", wrapped.json()),
		("consent-record", record.clone()),
		("grantee-resolution", node.call("did_resolve", json!([grantee]))),
		("not-found", missing),
		("legacy-not-found", legacy_error),
		("deactivated", gone.clone()),
		("problem-dereferencing", node.call("did_dereference", json!([format!("{issuer}#nope")]))),
	];
	let mut files = Vec::new();
	for (name, document) in &documents {
		let file = dir.path().join(format!("{name}.json"));
		std::fs::write(&file, document.to_string()).expect("writable");
		files.push(file.to_str().expect("UTF-8 path").to_owned());
	}
	let mut args = vec!["expand"];
	args.extend(files.iter().map(String::as_str));
	let (ok, output) = jsonld_check(&args);
	assert!(ok, "JSON-LD expansion failed:\n{output}");
	assert_eq!(
		output.lines().filter(|l| l.starts_with("ok ")).count(),
		documents.len(),
		"{output}"
	);
	// The check can fail: a term no context defines is caught.
	let mut undefined = current.clone();
	undefined["didDocumentMetadata"]["didimoMadeUp"] = json!("x");
	let bad = dir.path().join("undefined-term.json");
	std::fs::write(&bad, undefined.to_string()).expect("writable");
	let (ok, output) = jsonld_check(&["expand", bad.to_str().expect("UTF-8 path")]);
	assert!(!ok && output.contains("FAIL"), "an undefined term must fail: {output}");
}
