//! Regression tests of the presentation circuit's shape: the development keys of seed 0 and
//! the constraint report. A change to the circuit (another constraint, another order of
//! allocations, another coefficient) changes the keys, and so every verifying key registered
//! on chain: these tests make such a change deliberate.
//!
//! `cargo test -p didimo-zk --test keys`

use didimo_zk::{
	circuit::constraint_report, credential::attribute::hash_bytes, prover::dev_setup, Version,
};

/// Seed 0's verifying-key hash, as `docs/zk-credentials.md` ("Costs") documents it and
/// `cargo run --release -p didimo-zk --example setup` prints it.
const SEED_0_VERIFYING_KEY_HASH: &str =
	"2415838409998709948597521702848301790299672782206914386926202378179681416729";

/// `hash_bytes` of seed 0's compressed proving key. The verifying key depends only on the
/// constraints' columns of the constant and the public input; the proving key has a query
/// per variable, so it also changes with a constraint on witnesses alone.
const SEED_0_PROVING_KEY_HASH: &str =
	"42270594465615758134616713255578695760508469127753187917414807027054754918660";

#[test]
fn dev_setup_seed_0_keys_regression() {
	let (pk, vk) = dev_setup(Version::V1, [0; 32]).expect("the circuit synthesises");
	assert_eq!(vk.hash().to_string(), SEED_0_VERIFYING_KEY_HASH);
	assert_eq!(pk.verifying_key().expect("valid key"), vk);
	assert_eq!(hash_bytes(&pk.to_bytes()).to_string(), SEED_0_PROVING_KEY_HASH);
}

/// Seed 0's version-2 verifying-key hash (`pallet_presentation::dev::KEY_HASH_V2`).
const SEED_0_V2_VERIFYING_KEY_HASH: &str =
	"8356140853874093586716085383239952347194658776675776841078594820686712523552";

#[test]
fn dev_setup_seed_0_v2_keys_regression() {
	let (pk, vk) = dev_setup(Version::V2, [0; 32]).expect("the circuit synthesises");
	assert_eq!(vk.hash().to_string(), SEED_0_V2_VERIFYING_KEY_HASH);
	assert_eq!(vk.version(), Version::V2);
	assert_eq!(pk.version(), Ok(Version::V2));
	assert_eq!(pk.verifying_key().expect("valid key"), vk);
}

#[test]
fn constraint_report_v2_regression() {
	let (report, total) = constraint_report(Version::V2).expect("the circuit synthesises");
	let expected = [
		("statement inputs and code", 26),
		("holder commitment", 243),
		("credential commitment", 1_721),
		("issuer signature (EdDSA, s < l)", 5_312),
		("issuer key or tree", 1_472),
		("expiry", 65),
		("non-revocation and capacity", 3_451),
		("predicate", 2_171),
		("disclosure", 8),
		("nullifier", 244),
		("challenge", 1),
	];
	assert_eq!(report, expected);
	assert_eq!(total, 14_714);
}

#[test]
fn constraint_report_regression() {
	let (report, total) = constraint_report(Version::V1).expect("the circuit synthesises");
	let expected = [
		("statement values", 21),
		("holder commitment", 243),
		("credential commitment", 1_721),
		("issuer signature (EdDSA)", 5_059),
		("issuer key or tree", 1_470),
		("expiry", 65),
		("non-revocation", 3_430),
		("predicate", 1_187),
		("disclosure", 8),
		("nullifier", 486),
		("statement hash", 2_431),
	];
	assert_eq!(report, expected);
	assert_eq!(total, 16_121);
}
