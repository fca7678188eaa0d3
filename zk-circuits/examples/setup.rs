//! Development keys for the presentation circuit, deterministic from a seed.
//!
//! ```text
//! cargo run --release -p didimo-zk --example setup -- [SEED_HEX] [OUT_DIR]
//! ```
//!
//! `SEED_HEX` is 64 hex digits (default: all zero); `OUT_DIR` (default `target/zk-keys`)
//! receives `presentation-v2.pk` and `presentation-v2.vk` (compressed arkworks encodings),
//! `presentation-v2.pk.raw` (the proving key uncompressed, for fast loading) with
//! `presentation-v2.pk.raw.blake2b` (its BLAKE2b-256 digest in hex: the pin
//! `ProvingKey::from_pinned_bytes` checks) and `presentation-v2.vk.json` (snarkjs). Prints the
//! verifying-key hash: the same seed gives the same keys and hash on every machine.
//! Development keys are NOT for production: the seed is the toxic waste.

use std::{fs, path::PathBuf};

use didimo_zk::{
	prover::{dev_setup, CIRCUIT_VERSION},
	snarkjs, Version,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
	let mut args = std::env::args().skip(1);
	let seed_hex = args.next().unwrap_or_else(|| "00".repeat(32));
	let out = PathBuf::from(args.next().unwrap_or_else(|| "target/zk-keys".into()));
	let seed: [u8; 32] = array_bytes::hex2array(&seed_hex)
		.map_err(|e| format!("the seed is 64 hex digits: {e:?}"))?;
	let version = Version::CURRENT;
	let (pk, vk) = dev_setup(version, seed)?;
	fs::create_dir_all(&out)?;
	let name = format!("presentation-v{CIRCUIT_VERSION}");
	let pk_bytes = pk.to_bytes();
	fs::write(out.join(format!("{name}.pk")), &pk_bytes)?;
	let raw = pk.to_uncompressed_bytes();
	fs::write(out.join(format!("{name}.pk.raw")), &raw)?;
	fs::write(out.join(format!("{name}.pk.raw.blake2b")), array_bytes::bytes2hex("", pk.digest()))?;
	fs::write(out.join(format!("{name}.vk")), vk.to_bytes())?;
	fs::write(out.join(format!("{name}.vk.json")), snarkjs::verifying_key_json(&vk))?;
	println!(
		"circuit version {CIRCUIT_VERSION}, seed {seed_hex} (development keys: not for production)"
	);
	println!(
		"proving key:   {} ({} bytes)",
		out.join(format!("{name}.pk")).display(),
		pk_bytes.len()
	);
	println!(
		"proving key, uncompressed: {} ({} bytes, BLAKE2b-256 {})",
		out.join(format!("{name}.pk.raw")).display(),
		raw.len(),
		array_bytes::bytes2hex("", pk.digest())
	);
	println!("verifying key: {}", out.join(format!("{name}.vk")).display());
	println!("verifying-key hash: {}", vk.hash());
	Ok(())
}
