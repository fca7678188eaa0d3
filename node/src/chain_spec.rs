//! Chain specifications: the built-in `dev` and `local` chains and loading a spec from a file.

use std::path::PathBuf;

use didimo_primitives::token;
use didimo_runtime::WASM_BINARY;
use sc_service::{ChainType, Properties};

/// A DIDimo chain specification (no extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

/// The properties wallets read to display balances and addresses: token symbol, decimals and
/// SS58 address format.
pub fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), token::SYMBOL.into());
	properties.insert("tokenDecimals".into(), token::DECIMALS.into());
	properties.insert("ss58Format".into(), token::SS58_PREFIX.into());
	properties
}

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"the runtime's wasm binary is not available: this node was built with \
		 SKIP_WASM_BUILD set; rebuild it without"
			.to_string()
	})
}

/// The development chain: Alice validates alone and finalizes on her own.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("DIDimo Development")
		.with_id("didimo_dev")
		.with_protocol_id("didimo-dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// The local testnet: Alice and Bob validate (run two nodes, `--alice` and `--bob`).
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("DIDimo Local Testnet")
		.with_id("didimo_local")
		.with_protocol_id("didimo-local")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// Loads a chain spec from a JSON file; errors name the file and say what is wrong with it.
pub fn from_file(path: &str) -> Result<ChainSpec, String> {
	let path = PathBuf::from(path);
	if !path.exists() {
		return Err(format!(
			"chain spec file `{}` does not exist (built-in chains: dev, local)",
			path.display()
		));
	}
	ChainSpec::from_json_file(path.clone()).map_err(|e| {
		format!("chain spec file `{}` is not a valid DIDimo chain spec: {e}", path.display())
	})
}
