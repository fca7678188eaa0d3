//! The fixture the integration tests share: a holder aged 30 with a valid, unrevoked
//! credential presenting `age >= 18` (slot 0) with slot 3 disclosed, the issuer named by its
//! key. Each test crate uses part of it.

#![allow(dead_code)]

pub mod attacks;

use ark_ff::{UniformRand, Zero};
use ark_std::rand::SeedableRng;
use didimo_zk::{
	circuit::Witness,
	credential::{attribute, issue, Credential, HolderSecret, ATTRIBUTES},
	eddsa::SecretKey,
	statement::{set, Issuer, Predicate, Statement},
	status_tree::{witness_from_bitstring, MAX_BYTES},
	Fr, Version,
};
use rand_chacha::ChaCha20Rng;

pub const INDEX: u32 = 1234;
pub const EXPIRY: u64 = 2_000_000_000;
/// The presentation time.
pub const TIME: u64 = 1_700_000_000;
pub const AGE: u64 = 30;
/// The fixture's threshold: `age >= 18`.
pub const THRESHOLD: u64 = 18;
/// The capacity of the fixture's registry in version 2: the bits of its status list.
pub const CAPACITY_V2: u32 = (MAX_BYTES / 64 * 8) as u32;

pub struct Fixture {
	pub statement: Statement,
	pub witness: Witness,
	/// The issuer's secret key.
	pub issuer: SecretKey,
	/// The status list the credential's entry is in.
	pub list: Vec<u8>,
}

pub fn rng(seed: u8) -> ChaCha20Rng {
	ChaCha20Rng::from_seed([seed; 32])
}

pub fn set_bit(list: &mut [u8], index: u32) {
	list[index as usize / 8] |= 0x80 >> (index % 8);
}

/// A holder aged 30 with a valid, unrevoked credential, presenting `age >= 18` with slot 3
/// disclosed, in circuit version 1.
pub fn fixture() -> Fixture {
	fixture_for(Version::V1)
}

/// [`fixture`] in circuit version 2: the registry's capacity in the statement and the
/// holder's nullifier.
pub fn fixture_v2() -> Fixture {
	fixture_for(Version::V2)
}

/// [`fixture`] in `version`.
pub fn fixture_for(version: Version) -> Fixture {
	let mut rng = rng(42);
	let issuer = SecretKey::generate(&mut rng);
	let holder = HolderSecret::generate(&mut rng);
	let mut attributes = [Fr::zero(); ATTRIBUTES];
	attributes[0] = attribute::integer(AGE);
	attributes[1] = attribute::string("NL");
	attributes[2] = attribute::date_days(12_345);
	attributes[3] = attribute::boolean(true);
	let credential = Credential {
		version,
		schema: attribute::string("https://didimo.example/schemas/age/v1"),
		holder: holder.commitment(version),
		id: Fr::rand(&mut rng),
		expiry: EXPIRY,
		registry_id: 7,
		revocation_index: INDEX,
		attributes,
	};
	let signed = issue(&issuer, credential).expect("valid fixture");
	// Other credentials around ours are revoked, ours is not.
	let mut list = vec![0u8; MAX_BYTES / 64];
	for other in [0, INDEX - 1, INDEX + 1, INDEX + 128, 9999] {
		set_bit(&mut list, other);
	}
	let non_revocation = witness_from_bitstring(&list, INDEX).expect("valid fixture");
	let scope = attribute::string("election-2026");
	let mut disclosed = [None; ATTRIBUTES];
	disclosed[3] = Some(attributes[3]);
	let statement = Statement {
		version,
		issuer: Issuer::Key(signed.issuer),
		schema: signed.credential.schema,
		time: TIME,
		registry_id: 7,
		revocation_root: non_revocation.root,
		capacity: match version {
			Version::V1 => 0,
			Version::V2 => CAPACITY_V2,
		},
		slot: 0,
		predicate: Predicate::Gte(THRESHOLD),
		disclosed,
		challenge: Fr::from(0xc0ffee_u64),
		scope,
		nullifier: holder.nullifier_for(&signed.credential, &scope),
	};
	let witness = Witness::new(signed, holder, non_revocation);
	Fixture { statement, witness, issuer, list }
}

/// Five countries, the holder's ("NL", slot 1) first.
pub fn countries() -> Vec<Fr> {
	["NL", "BE", "LU", "DE", "FR"].map(attribute::string).to_vec()
}

/// Three countries, not the holder's.
pub fn elsewhere() -> Vec<Fr> {
	["DE", "FR", "BE"].map(attribute::string).to_vec()
}

/// The version-2 set commitment of `values`.
pub fn commitment(values: &[Fr]) -> Fr {
	set::commitment(values).expect("1 to 16 values")
}

/// The fixture presenting `predicate` on attribute `slot`, with the values of `members`
/// (padded) in the witness for IN and NOT IN.
pub fn presenting(
	f: &Fixture,
	slot: u8,
	predicate: Predicate,
	members: Option<&[Fr]>,
) -> (Statement, Witness) {
	let statement = Statement { slot, predicate, ..f.statement.clone() };
	let set_values = members.map(|values| set::padded(values).expect("1 to 16 values"));
	(statement, Witness { set_values, ..f.witness.clone() })
}

/// Whether snarkjs (`snarkjs groth16 verify`) accepts `proof` for `inputs` under `vk`, all
/// exported with `didimo_zk::snarkjs`. `scripts/setup.sh` installs snarkjs (pinned in
/// `tools/snarkjs`) where `scripts/env.sh` points `SNARKJS`; without `SNARKJS`, its default
/// place is used.
pub fn snarkjs_accepts(
	vk: &didimo_zk::verifier::VerifyingKey,
	proof: &didimo_zk::verifier::Proof,
	inputs: &[Fr],
) -> bool {
	use didimo_zk::snarkjs;
	use std::{fs, process::Command};

	let snarkjs = std::env::var_os("SNARKJS").map(std::path::PathBuf::from).unwrap_or_else(|| {
		std::path::PathBuf::from(std::env::var_os("HOME").expect("HOME is set"))
			.join(".cache/didimo/snarkjs/node_modules/.bin/snarkjs")
	});
	assert!(snarkjs.exists(), "no snarkjs at {}: run scripts/setup.sh", snarkjs.display());
	let dir = tempfile_dir();
	let (vk_file, proof_file, public_file) =
		(dir.join("verification_key.json"), dir.join("proof.json"), dir.join("public.json"));
	fs::write(&vk_file, snarkjs::verifying_key_json(vk)).expect("writable");
	fs::write(&proof_file, snarkjs::proof_json(proof)).expect("writable");
	fs::write(&public_file, snarkjs::public_inputs_json(inputs)).expect("writable");
	let output = Command::new(&snarkjs)
		.arg("groth16")
		.arg("verify")
		.args([&vk_file, &public_file, &proof_file])
		.output()
		.expect("snarkjs runs");
	let _ = fs::remove_dir_all(&dir);
	String::from_utf8_lossy(&output.stdout).contains("OK!")
}

/// A fresh directory under the system's temporary directory, unique in this process.
fn tempfile_dir() -> std::path::PathBuf {
	use std::sync::atomic::{AtomicUsize, Ordering};
	static NEXT: AtomicUsize = AtomicUsize::new(0);
	let dir = std::env::temp_dir().join(format!(
		"didimo-zk-snarkjs-{}-{}",
		std::process::id(),
		NEXT.fetch_add(1, Ordering::Relaxed)
	));
	std::fs::create_dir_all(&dir).expect("temporary directory");
	dir
}

/// The fixture `f` with another predicate on the same slot (age 30).
pub fn with_predicate(f: &Fixture, predicate: Predicate) -> Statement {
	Statement { predicate, ..f.statement.clone() }
}

/// `f` presented against a trusted-issuer root: four other keys and `f`'s issuer third.
pub fn trusted(mut f: Fixture) -> Fixture {
	use didimo_zk::{eddsa::PublicKey, statement::trusted_issuers};
	let issuer = f.witness.credential.issuer;
	let mut keys: Vec<PublicKey> =
		(20..24).map(|seed| SecretKey::generate(&mut rng(seed)).public_key()).collect();
	keys.insert(2, issuer);
	f.statement.issuer = Issuer::Trusted(trusted_issuers::root(&keys).expect("valid fixture"));
	f.witness.issuer_membership =
		Some(trusted_issuers::membership(&keys, &issuer).expect("valid fixture"));
	f
}
