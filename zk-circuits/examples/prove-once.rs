//! A wallet's cold start: a fresh process loads the proving key and proves one presentation
//! (`age >= 18`, non-revocation, nullifier), then exits. Prints the key load and the proof
//! times; measure peak memory around it.
//!
//! ```text
//! cargo run --release -p didimo-zk --example setup            # writes target/zk-keys
//! /usr/bin/time -v target/release/examples/prove-once target/zk-keys pinned
//! /usr/bin/time -v target/release/examples/prove-once target/zk-keys validated
//! ```
//!
//! `pinned` loads `presentation-v2.pk.raw` with `ProvingKey::from_pinned_bytes` against the
//! digest in `presentation-v2.pk.raw.blake2b`; `validated` loads the compressed
//! `presentation-v2.pk` with `ProvingKey::from_bytes`, which checks every point.

use std::{path::PathBuf, time::Instant};

use ark_ff::{UniformRand, Zero};
use didimo_zk::{
	circuit::Witness,
	credential::{attribute, issue, Credential, HolderSecret, ATTRIBUTES},
	eddsa::SecretKey,
	prover::{prove, ProvingKey, CIRCUIT_VERSION, DIGEST_BYTES},
	statement::{Issuer, Predicate, Statement},
	status_tree::{witness_from_bitstring, MAX_BYTES},
	Fr, Version,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
	let mut args = std::env::args().skip(1);
	let dir = PathBuf::from(args.next().unwrap_or_else(|| "target/zk-keys".into()));
	let mode = args.next().unwrap_or_else(|| "pinned".into());
	let name = format!("presentation-v{CIRCUIT_VERSION}");

	let start = Instant::now();
	let pk = match mode.as_str() {
		"pinned" => {
			let bytes = std::fs::read(dir.join(format!("{name}.pk.raw")))?;
			let hex = std::fs::read_to_string(dir.join(format!("{name}.pk.raw.blake2b")))?;
			let pinned: [u8; DIGEST_BYTES] = array_bytes::hex2array(hex.trim())
				.map_err(|e| format!("the digest file holds 64 hex digits: {e:?}"))?;
			ProvingKey::from_pinned_bytes(&bytes, &pinned)?
		},
		"validated" => ProvingKey::from_bytes(&std::fs::read(dir.join(format!("{name}.pk")))?)?,
		other => return Err(format!("mode is `pinned` or `validated`, not `{other}`").into()),
	};
	let load = start.elapsed();

	let mut rng = rand::rngs::OsRng;
	let issuer = SecretKey::generate(&mut rng);
	let holder = HolderSecret::generate(&mut rng);
	let mut attributes = [Fr::zero(); ATTRIBUTES];
	attributes[0] = attribute::integer(34);
	let credential = Credential {
		version: Version::V2,
		schema: attribute::string("https://didimo.example/schemas/age/v1"),
		holder: holder.commitment(Version::V2),
		id: Fr::rand(&mut rng),
		expiry: 1_900_000_000,
		registry_id: 1,
		revocation_index: 4242,
		attributes,
	};
	let signed = issue(&issuer, credential)?;
	let non_revocation = witness_from_bitstring(&vec![0u8; MAX_BYTES], 4242)?;
	let scope = attribute::string("bar.example age gate");
	let statement = Statement {
		version: Version::V2,
		issuer: Issuer::Key(signed.issuer),
		schema: signed.credential.schema,
		time: 1_764_000_000,
		registry_id: 1,
		revocation_root: non_revocation.root,
		capacity: 1 << 20,
		slot: 0,
		predicate: Predicate::Gte(18),
		disclosed: [None; ATTRIBUTES],
		challenge: Fr::rand(&mut rng),
		scope,
		nullifier: holder.holder_nullifier(&scope),
	};
	let witness = Witness::new(signed, holder, non_revocation);

	let start = Instant::now();
	let proof = prove(&pk, &statement, &witness)?;
	let proving = start.elapsed();
	println!("key load ({mode}): {load:.2?}");
	println!("prove: {proving:.2?}");
	println!("proof: {} bytes", proof.to_bytes().len());
	Ok(())
}
