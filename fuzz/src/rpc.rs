//! The node's decoders of what clients send: the VC-API verification request (JSON, the
//! HTTP endpoint's body), DID URLs (the resolver's paths and `did_dereference`), status lists,
//! the JSON-RPC methods' text parameters, and the W3C document rendered from any DID
//! resolution a peer could send. The first byte picks the decoder. Only with the `rpc`
//! feature: `didimo-rpc` brings the node's client stack, a long instrumented build.

use codec::DecodeLimit;
use didimo_runtime::{AccountId, Balance, BlockNumber};
use pallet_did_runtime_api::DidResolution;

/// The decoders, by the input's first byte (modulo their number).
pub const DECODERS: &[(&str, fn(&[u8]))] = &[
	("SCALE DID resolution rendered as a W3C DID document", did_document),
	("VC-API presentation verification request (JSON)", vc_api_request),
	("DID URL", did_url),
	("status list (base64url GZIP)", status_list),
	("JSON-RPC text parameters", rpc_text),
];

/// Runs the decoder the first byte picks on the rest.
pub fn run(data: &[u8]) {
	crate::pick(DECODERS, data);
}

fn did_document(bytes: &[u8]) {
	let mut input = bytes;
	let Ok((did, resolution)) =
		<([u8; 32], DidResolution<AccountId, Balance, BlockNumber>)>::decode_with_depth_limit(
			32, &mut input,
		)
	else {
		return;
	};
	if let DidResolution::Active(record) = resolution {
		let document = didimo_rpc::did::document(&AccountId::from(did), &record);
		serde_json::to_string(&document).expect("a document serializes");
	}
}

fn vc_api_request(bytes: &[u8]) {
	if let Ok(request) =
		serde_json::from_slice::<didimo_rpc::vc_api::VerifyPresentationRequest>(bytes)
	{
		let _ = didimo_rpc::vc_api::parse(&request);
	}
}

fn text(bytes: &[u8]) -> Option<&str> {
	std::str::from_utf8(bytes).ok()
}

fn did_url(bytes: &[u8]) {
	let Some(url) = text(bytes) else { return };
	let _ = didimo_rpc::dereference::DidUrl::parse(url);
	let _ = didimo_primitives::did::parse_did(url);
}

fn status_list(bytes: &[u8]) {
	let Some(encoded) = text(bytes) else { return };
	let _ = didimo_rpc::revocation::decode_list(encoded);
}

fn rpc_text(bytes: &[u8]) {
	let Some(value) = text(bytes) else { return };
	let _ = didimo_rpc::consent::parse_action(value);
	let _ = didimo_rpc::consent::parse_role(value);
	let _ = didimo_rpc::vc_api::decode_proof_value(value);
}
