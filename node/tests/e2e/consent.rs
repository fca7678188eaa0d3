//! Consent grants end to end: two DIDs (created with signed extrinsics); the subject grants
//! through `submit_did_call`; the grantee's access is checked over `consent_check` (and over
//! `state_call`, as a light client reads it) and recorded; the subject revokes and the check
//! says so; a short grant runs out and the dev authority's off-chain worker marks it expired
//! with an unsigned transaction.

use codec::{Decode, Encode};
use didimo_primitives::did::DidVerificationKey;
use didimo_runtime::{Runtime, RuntimeCall};
use pallet_consent::{Action, Actions, CheckError, CheckResult, Scope};
use serde_json::{json, Value};
use sp_core::{sr25519, Pair};
use sp_io::hashing::twox_128;
use sp_keyring::Sr25519Keyring;
use sp_runtime::BoundedVec;

use crate::{
	did_calls::{create_did, dev_chain, did_signed, did_string, submit},
	harness::{temp_dir, Node},
	hex_decode, hex_encode, CHAIN_TIMEOUT,
};

/// Chain time at the best block, in milliseconds.
pub(crate) fn chain_time(node: &Node) -> u64 {
	let mut key = twox_128(b"Timestamp").to_vec();
	key.extend(twox_128(b"Now"));
	let raw = node.call("state_getStorage", json!([hex_encode(&key)]));
	u64::decode(&mut &hex_decode(&raw)[..]).expect("Timestamp::Now")
}

fn scope(category: &str, actions: u8, purpose: &str) -> Scope<Runtime> {
	Scope {
		category: BoundedVec::truncate_from(category.as_bytes().to_vec()),
		actions: Actions(actions),
		purpose: BoundedVec::truncate_from(purpose.as_bytes().to_vec()),
	}
}

pub(crate) fn grant_call(
	grantee: &sr25519::Pair,
	valid_from: u64,
	valid_until: u64,
) -> RuntimeCall {
	RuntimeCall::Consent(pallet_consent::Call::grant {
		grantee: DidVerificationKey::Sr25519(grantee.public()).derive_did(),
		scopes: BoundedVec::truncate_from(vec![
			scope("schema:kyc-basic", Actions::READ | Actions::STORE, "dpv:IdentityVerification"),
			scope("schema:email", Actions::READ, "dpv:CommunicationManagement"),
		]),
		valid_from,
		valid_until,
		receipt: [7; 32],
		jurisdiction: BoundedVec::truncate_from(b"EU".to_vec()),
		policy: BoundedVec::truncate_from(b"https://bank.example/privacy".to_vec()),
	})
}

#[test]
fn consent_grant_check_access_revoke_and_expiry() {
	let base = temp_dir("consent");
	let (node, genesis, mut nonce) = dev_chain(base.path());
	let mut next_nonce = || {
		nonce += 1;
		nonce - 1
	};

	// The data subject (Eve) and the grantee (Ferdie), both DIDs Alice pays for.
	let subject = Sr25519Keyring::Eve.pair();
	let grantee = Sr25519Keyring::Ferdie.pair();
	submit(&node, genesis, next_nonce(), create_did(&node, genesis, &subject));
	submit(&node, genesis, next_nonce(), create_did(&node, genesis, &grantee));
	let (subject_did, grantee_did) = (did_string(&subject), did_string(&grantee));
	node.wait_for("both DIDs", CHAIN_TIMEOUT, |n| {
		[&subject_did, &grantee_did].iter().all(|did| {
			n.call("did_resolve", json!([did]))["didResolutionMetadata"]["error"].is_null()
		})
	});

	// A grant valid from a minute ago for an hour.
	let now = chain_time(&node);
	let (valid_from, valid_until) = (now - 60_000, now + 3_600_000);
	let grant = grant_call(&grantee, valid_from, valid_until);
	submit(&node, genesis, next_nonce(), did_signed(&node, genesis, &subject, 1, grant));
	let check = |n: &Node, action: &str, purpose: &str, at_time: Option<u64>| {
		n.call(
			"consent_check",
			json!([subject_did, grantee_did, "schema:kyc-basic", action, purpose, at_time]),
		)
	};
	node.wait_for("the grant", CHAIN_TIMEOUT, |n| {
		check(n, "read", "dpv:IdentityVerification", None)["allowed"] == json!(true)
	});
	let allowed = check(&node, "store", "dpv:IdentityVerification", None);
	assert_eq!(allowed["grantId"], json!(0), "{allowed}");
	assert_eq!(allowed["validUntil"], json!(valid_until));

	// Denials say why: an action or purpose the grant does not cover, and the time edges.
	let denied = check(&node, "share", "dpv:IdentityVerification", None);
	assert_eq!(denied["reason"], json!("scopeMismatch"), "{denied}");
	let denied = check(&node, "read", "dpv:Marketing", None);
	assert_eq!(denied["reason"], json!("scopeMismatch"), "{denied}");
	let purpose = "dpv:IdentityVerification";
	assert_eq!(check(&node, "read", purpose, Some(valid_until))["reason"], json!("expired"));
	assert_eq!(check(&node, "read", purpose, Some(valid_until - 1))["allowed"], json!(true));

	// The same check over state_call, as a light client makes it.
	let args = (
		DidVerificationKey::Sr25519(subject.public()).derive_did(),
		DidVerificationKey::Sr25519(grantee.public()).derive_did(),
		b"schema:kyc-basic".to_vec(),
		Action::Read,
		b"dpv:IdentityVerification".to_vec(),
		None::<u64>,
	);
	let raw = node.call("state_call", json!(["ConsentApi_check", hex_encode(&args.encode())]));
	let result =
		Result::<CheckResult, CheckError>::decode(&mut &hex_decode(&raw)[..]).expect("decodes");
	assert_eq!(result, Ok(CheckResult::Allowed { grant_id: 0, valid_until }));

	// A time before the block's is refused, never answered with today's grants.
	let error = node
		.rpc(
			"consent_check",
			json!([subject_did, grantee_did, "schema:kyc-basic", "read", purpose, valid_from]),
		)
		.expect_err("a time in the past");
	assert_eq!(error.code, -32_602, "{error:?}");

	// Malformed parameters are JSON-RPC invalid-params errors, not answers.
	let error = node
		.rpc("consent_check", json!(["did:web:x", grantee_did, "c", "read", "p"]))
		.expect_err("a malformed DID");
	assert_eq!(error.code, -32_602, "{error:?}");
	let error = node
		.rpc("consent_check", json!([subject_did, grantee_did, "c", "write", "p"]))
		.expect_err("an unknown action");
	assert_eq!(error.code, -32_602, "{error:?}");

	// The grantee records an access under the grant.
	let access = RuntimeCall::Consent(pallet_consent::Call::record_access {
		grant_id: 0,
		category: BoundedVec::truncate_from(b"schema:kyc-basic".to_vec()),
		action: Action::Read,
		purpose: BoundedVec::truncate_from(b"dpv:IdentityVerification".to_vec()),
	});
	submit(&node, genesis, next_nonce(), did_signed(&node, genesis, &grantee, 1, access));
	node.wait_for("the access", CHAIN_TIMEOUT, |n| {
		n.call("consent_history", json!([0]))["entries"].as_array().map_or(0, Vec::len) == 2
	});
	let history = node.call("consent_history", json!([0]));
	assert_eq!(history["entries"][0]["event"], json!("given"), "{history}");
	assert_eq!(history["entries"][1]["event"], json!("accessed"));
	assert_eq!(history["entries"][1]["action"], json!("read"));
	assert_eq!(history["entries"][1]["scope"], json!(0));

	// Listing by subject and by grantee.
	let by_subject = node.call("consent_grants", json!([subject_did, "subject"]));
	assert_eq!(by_subject["grants"][0]["id"], json!(0), "{by_subject}");
	assert_eq!(by_subject["grants"][0]["accesses"], json!(1));
	assert_eq!(by_subject["next"], Value::Null);
	let to_grantee = node.call("consent_grants", json!([grantee_did, "grantee"]));
	assert_eq!(to_grantee["grants"][0]["subject"], json!(subject_did), "{to_grantee}");

	// The subject revokes: the check now says revoked, naming the grant.
	let revoke = RuntimeCall::Consent(pallet_consent::Call::revoke { grant_id: 0 });
	submit(&node, genesis, next_nonce(), did_signed(&node, genesis, &subject, 2, revoke));
	node.wait_for("the revocation", CHAIN_TIMEOUT, |n| {
		check(n, "read", "dpv:IdentityVerification", None)["allowed"] == json!(false)
	});
	let denied = check(&node, "read", "dpv:IdentityVerification", None);
	assert_eq!(denied["reason"], json!("revoked"), "{denied}");
	assert_eq!(denied["grantId"], json!(0));

	// The consent record: who, what, for what, and the lifecycle as ISO/IEC TS 27560 events.
	let record = node.call("consent_receipt", json!([0]));
	assert_eq!(record["piiPrincipalId"], json!(subject_did), "{record}");
	assert_eq!(record["piiControllers"][0]["piiController"], json!(grantee_did));
	assert_eq!(record["jurisdiction"], json!("EU"));
	assert_eq!(record["consentState"], json!("withdrawn"));
	assert_eq!(record["services"][0]["purposes"][0]["piiCategory"], json!(["schema:kyc-basic"]));
	assert_eq!(record["services"][0]["purposes"][0]["processing"], json!(["read", "store"]));
	let events: Vec<&str> = record["events"]
		.as_array()
		.expect("events")
		.iter()
		.map(|e| e["eventType"].as_str().expect("a type"))
		.collect();
	assert_eq!(events, ["given", "withdrawn"]);
	assert_eq!(record["accessCount"], json!(1));
	assert_eq!(node.call("consent_receipt", json!([99])), Value::Null);
	assert_eq!(node.call("consent_history", json!([99])), Value::Null);

	// A grant that runs out in about two blocks: the check denies it from then on with no
	// transaction, and the authority's off-chain worker marks it expired on chain.
	let now = chain_time(&node);
	let short = grant_call(&grantee, now - 1, now + 12_000);
	submit(&node, genesis, next_nonce(), did_signed(&node, genesis, &subject, 3, short));
	node.wait_for("the short grant", CHAIN_TIMEOUT, |n| {
		n.call("consent_grants", json!([subject_did, "subject"]))["grants"]
			.as_array()
			.map_or(0, Vec::len)
			== 2
	});
	node.wait_for("the off-chain expiry", CHAIN_TIMEOUT, |n| {
		n.call("consent_history", json!([1]))["entries"]
			.as_array()
			.is_some_and(|entries| entries.iter().any(|e| e["event"] == json!("expired")))
	});
	let grant = &node.call("consent_grants", json!([subject_did, "subject", 0]))["grants"][0];
	assert_eq!(grant["status"]["status"], json!("expired"), "{grant}");
	let record = node.call("consent_receipt", json!([1]));
	assert_eq!(record["events"][1]["eventType"], json!("expired"), "{record}");
}
