//! The node's decoders of what clients send: the VC-API verification request (JSON, the
//! HTTP endpoint's body), DID URLs (the resolver's paths and `did_dereference`), status lists,
//! the JSON-RPC methods' text parameters, the HTTP endpoint's requests (path, query, `Accept`
//! and `Content-Type`), and the W3C document rendered from any DID resolution a peer could
//! send. The first byte picks the decoder. Only with the `rpc`
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
	("HTTP endpoint request (path, query, Accept, Content-Type)", http_request),
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

/// An HTTP request to the node's endpoint, as its four text parts separated by NUL bytes:
/// the path and query the resolver turns into a DID URL (then parsed as the dereferencer
/// does), the `Accept` header negotiated against every kind of answer, and the
/// `Content-Type` the verifier checks.
fn http_request(bytes: &[u8]) {
	use didimo_rpc::http;
	let mut parts = bytes.split(|b| *b == 0).map(|part| std::str::from_utf8(part).ok());
	let (Some(Some(path)), query, accept, content_type) =
		(parts.next(), parts.next().flatten(), parts.next().flatten(), parts.next().flatten())
	else {
		return;
	};
	if let Ok(url) = http::requested_did_url(path, query) {
		let _ = didimo_rpc::dereference::DidUrl::parse(&url);
	}
	for offered in [
		&http::DOCUMENT_REPRESENTATIONS[..],
		&http::FRAGMENT_REPRESENTATIONS,
		&http::STATUS_LIST_REPRESENTATIONS,
		&http::ENDPOINT_REPRESENTATIONS,
		&http::ERROR_REPRESENTATIONS,
	] {
		if let Some(chosen) = http::negotiate(accept, offered) {
			assert!(offered.contains(&chosen), "negotiation picked a representation not offered");
		}
	}
	for range in http::media_ranges(accept.unwrap_or_default()) {
		assert!((0.0..=1.0).contains(&range.quality), "a quality outside [0, 1]");
	}
	let _ = http::is_json(content_type);
}
