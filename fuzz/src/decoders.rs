//! The decoders of bytes an attacker sends to the chain: proofs, verifying keys, SCALE calls,
//! extrinsics and values, DID resolutions, Jubjub keys and signatures. The first byte of an
//! input picks the decoder, the rest is its input. A decoder must return an error, never
//! panic; what decodes must encode back to bytes that decode to the same value (canonical
//! round trips). The node's JSON and text inputs are [`crate::rpc`]'s.

use codec::{Decode, DecodeLimit, Encode};
use didimo_runtime::{AccountId, Balance, BlockNumber, RuntimeCall, UncheckedExtrinsic};
use didimo_zk::verifier::{Proof, VerifyingKey};
use pallet_did_runtime_api::DidResolution;
use pallet_presentation_runtime_api::{Presented, RequestSpec};

/// How deeply SCALE values may nest, as the runtime allows extrinsics to.
const MAX_DEPTH: u32 = 32;

/// The decoders, by the input's first byte (modulo their number).
pub const DECODERS: &[(&str, fn(&[u8]))] = &[
	("groth16 proof", proof),
	("groth16 verifying key", verifying_key),
	("SCALE call", call),
	("SCALE extrinsic", extrinsic),
	("SCALE presented values", presented),
	("SCALE request spec", request_spec),
	("SCALE DID resolution", did_resolution),
	("EdDSA-Poseidon keys and signatures", eddsa),
];

/// Runs the decoder the first byte picks on the rest.
pub fn run(data: &[u8]) {
	crate::pick(DECODERS, data);
}

fn proof(bytes: &[u8]) {
	if let Ok(proof) = Proof::from_bytes(bytes) {
		let again = Proof::from_bytes(&proof.to_bytes()).expect("a proof's encoding decodes");
		assert_eq!(again, proof, "a proof round-trips");
		let uncompressed = Proof::from_bytes(&proof.to_uncompressed_bytes())
			.expect("a proof's uncompressed encoding decodes");
		assert_eq!(uncompressed, proof);
	}
}

fn verifying_key(bytes: &[u8]) {
	if let Ok(key) = VerifyingKey::from_bytes(bytes) {
		let again = VerifyingKey::from_bytes(&key.to_bytes()).expect("a key's encoding decodes");
		assert_eq!(again, key, "a verifying key round-trips");
	}
}

/// SCALE values: what decodes (depth-limited) re-encodes to a value that decodes the same.
fn scale<T: Decode + Encode + PartialEq + std::fmt::Debug>(bytes: &[u8]) {
	let mut input = bytes;
	if let Ok(value) = T::decode_with_depth_limit(MAX_DEPTH, &mut input) {
		let encoded = value.encode();
		let again = T::decode_with_depth_limit(MAX_DEPTH, &mut encoded.as_slice())
			.expect("an encoding decodes");
		assert_eq!(again, value, "a SCALE value round-trips");
	}
}

fn call(bytes: &[u8]) {
	scale::<RuntimeCall>(bytes);
}

fn extrinsic(bytes: &[u8]) {
	scale::<UncheckedExtrinsic>(bytes);
}

fn presented(bytes: &[u8]) {
	scale::<Presented>(bytes);
}

fn request_spec(bytes: &[u8]) {
	scale::<RequestSpec<BlockNumber>>(bytes);
}

/// A node's answer to `DidApi_resolve`, as a light client decodes it from any peer.
fn did_resolution(bytes: &[u8]) {
	scale::<([u8; 32], DidResolution<AccountId, Balance, BlockNumber>)>(bytes);
}

fn eddsa(bytes: &[u8]) {
	let _ = didimo_zk::jubjub::decode_public_key(bytes);
	let _ = didimo_zk::eddsa::PublicKey::from_bytes(bytes);
	let _ = didimo_zk::eddsa::Signature::from_bytes(bytes);
}
