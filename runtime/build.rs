//! Builds the runtime's wasm blob (the one the node executes) with the metadata hash embedded,
//! which the `CheckMetadataHash` transaction extension checks: wallets that sign with
//! `mode = Enabled` (Ledger, light wallets) get what they signed verified on chain.

#[cfg(feature = "std")]
mod token {
	#![allow(dead_code)]
	include!("../primitives/src/token.rs");
}

#[cfg(feature = "std")]
fn main() {
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash(token::SYMBOL, token::DECIMALS)
		.build();
}

#[cfg(not(feature = "std"))]
fn main() {}
