//! `didimo-fuzz`: DIDimo under hostile input. Two targets:
//! - [`runtime`]: the runtime, block after block, from inputs that decode into signed,
//!   DID-signed, root and bare extrinsics, with every invariant checked after each block;
//! - [`decoders`]: what decodes the bytes an attacker sends to the chain (proofs, verifying
//!   keys, SCALE calls, extrinsics and values, DID resolutions, Jubjub keys);
//! - `rpc` (feature `rpc`): what decodes what clients send the node (the VC-API JSON, DID
//!   URLs, status lists, the JSON-RPC methods' text parameters, DID documents rendered).
//!
//! The `didimo-fuzz` binary runs them under AFL++ (`scripts/fuzz.sh`, built with `cargo afl`
//! and the `afl` feature) or replays files (the corpus test). docs/fuzzing.md says how.

pub mod decoders;
#[cfg(feature = "try-runtime")]
pub mod deposits;
#[cfg(feature = "rpc")]
pub mod rpc;
#[cfg(feature = "try-runtime")]
pub mod runtime;
#[cfg(feature = "try-runtime")]
pub mod seeds;

/// The targets, by name. The runtime target checks every pallet's `try_state`, so it exists
/// only with the `try-runtime` feature.
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
	#[cfg(feature = "try-runtime")]
	("runtime", run_runtime),
	("decoders", decoders::run),
	#[cfg(feature = "rpc")]
	("rpc", rpc::run),
];

#[cfg(feature = "try-runtime")]
fn run_runtime(data: &[u8]) {
	runtime::run(data);
}

/// Builds what the target `name` starts every input from (before a fuzzer's fork server
/// starts, so each run does not).
pub fn prepare(name: &str) {
	#[cfg(feature = "try-runtime")]
	if name == "runtime" {
		let _ = runtime::genesis();
	}
	let _ = name;
}

/// Runs the decoder of `decoders` that `data`'s first byte picks (modulo their number) on the
/// rest of `data`.
pub fn pick(decoders: &[(&str, fn(&[u8]))], data: &[u8]) {
	let Some((&which, rest)) = data.split_first() else { return };
	if let Some((_, decode)) = decoders.get(usize::from(which) % decoders.len().max(1)) {
		decode(rest);
	}
}

/// The target called `name`.
pub fn target(name: &str) -> Option<fn(&[u8])> {
	TARGETS.iter().find(|(n, _)| *n == name).map(|(_, run)| *run)
}
