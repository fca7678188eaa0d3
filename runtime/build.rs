//! Builds the runtime's wasm blob (the one the node executes) with the metadata hash embedded,
//! which the `CheckMetadataHash` transaction extension checks: wallets that sign with
//! `mode = Enabled` (Ledger, light wallets) get what they signed verified on chain.
//!
//! The blob must not depend on where the repository or the cargo registry sits on disk, so
//! that validators and governance can rebuild a proposed runtime and compare hashes: source
//! paths, which end up in panic locations, are remapped to `/didimo` and `/cargo`. A release
//! build prints the blob's blake2-256 hash (the hash of the on-chain code, which
//! `system.authorizeUpgrade` takes) as a cargo warning.

#[cfg(feature = "std")]
mod token {
	#![allow(dead_code)]
	include!("../primitives/src/token.rs");
}

#[cfg(feature = "std")]
fn main() {
	let repository = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new("/"));
	let cargo_home = std::env::var("CARGO_HOME")
		.ok()
		.or_else(|| std::env::var("HOME").ok().map(|home| format!("{home}/.cargo")));
	let mut builder = substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash(token::SYMBOL, token::DECIMALS)
		.append_to_rust_flags(format!("--remap-path-prefix={}=/didimo", repository.display()));
	if let Some(cargo_home) = cargo_home {
		builder = builder.append_to_rust_flags(format!("--remap-path-prefix={cargo_home}=/cargo"));
	}
	builder.build();
	if std::env::var("PROFILE").as_deref() == Ok("release") {
		print_code_hash();
	}
}

/// Prints the blake2-256 hash of the built blob (`WASM_BINARY_PATH` of the generated
/// `wasm_binary.rs`) as a cargo warning, so every release build shows it.
#[cfg(feature = "std")]
fn print_code_hash() {
	let Some(out_dir) = std::env::var_os("OUT_DIR") else { return };
	let Ok(generated) = std::fs::read_to_string(Path::new(&out_dir).join("wasm_binary.rs")) else {
		return;
	};
	let Some(path) = generated
		.split("WASM_BINARY_PATH: Option<&str> = Some(\"")
		.nth(1)
		.and_then(|rest| rest.split('"').next())
	else {
		return;
	};
	let Ok(code) = std::fs::read(path) else { return };
	let hash = blake2b_simd::Params::new().hash_length(32).hash(&code);
	println!(
		"cargo:warning=didimo-runtime wasm: blake2-256 0x{} ({} bytes, {path})",
		hash.to_hex(),
		code.len()
	);
}

#[cfg(feature = "std")]
use std::path::Path;

#[cfg(not(feature = "std"))]
fn main() {}
