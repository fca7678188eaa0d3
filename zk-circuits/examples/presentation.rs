//! Issue a credential, prove `age >= 18` with non-revocation, verify; print sizes and times.
//! Then prove the same against a trusted-issuer list, hiding which issuer signed.
//!
//! `cargo run -p didimo-zk --example presentation [-- OUT_DIR]` (add `--release` for release
//! timings; the dev profile already optimises the arkworks crates and this one). With
//! `OUT_DIR`, writes snarkjs's `verification_key.json`, `proof.json` and `public.json` there:
//! `snarkjs groth16 verify OUT_DIR/verification_key.json OUT_DIR/public.json OUT_DIR/proof.json`.

use std::time::Instant;

use ark_ff::{UniformRand, Zero};
use didimo_zk::{
	circuit::{constraint_report, Witness},
	credential::{attribute, issue, Credential, HolderSecret, ATTRIBUTES},
	eddsa::SecretKey,
	prover::{dev_setup, prove},
	snarkjs,
	statement::{trusted_issuers, Issuer, Predicate, Statement},
	status_tree::{witness_from_bitstring, MAX_BYTES},
	verifier::verify,
	Fr, Version,
};

fn main() -> Result<(), didimo_zk::Error> {
	let mut rng = rand::rngs::OsRng;

	// Issuer: a Jubjub key (its 32 bytes go into the DID document as an assertionMethod).
	let issuer = SecretKey::generate(&mut rng);
	println!("issuer key: {}", array_bytes::bytes2hex("0x", issuer.public_key().to_bytes()));

	// Holder: a secret, whose commitment the issuer binds into the credential.
	let holder = HolderSecret::generate(&mut rng);

	// Issuance: an age credential at index 4242 of revocation registry 1.
	let mut attributes = [Fr::zero(); ATTRIBUTES];
	attributes[0] = attribute::integer(34); // age
	attributes[1] = attribute::date_days(19_000); // birth date, days since 1970
	attributes[2] = attribute::string("NL"); // nationality
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

	// The registry's status list on chain: a few other credentials revoked.
	let mut list = vec![0u8; MAX_BYTES];
	for revoked in [1u32, 4241, 4243, 100_000] {
		list[revoked as usize / 8] |= 0x80 >> (revoked % 8);
	}
	let non_revocation = witness_from_bitstring(&list, 4242)?;

	// The verifier's request: age >= 18 now, for this challenge and scope.
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

	let (report, total) = constraint_report(Version::V2)?;
	println!("constraints: {total}");
	for (component, count) in report {
		println!("  {component:<26} {count:>6}");
	}

	let start = Instant::now();
	let (pk, vk) = dev_setup(Version::V2, [0; 32])?;
	println!("dev setup (seed 0; not for production): {:.2?}", start.elapsed());
	println!("proving key: {} bytes compressed", pk.to_bytes().len());
	println!("verifying key: {} bytes, hash {}", vk.to_bytes().len(), vk.hash());
	let pvk = vk.prepare();

	let start = Instant::now();
	let proof = prove(&pk, &statement, &witness)?;
	println!("prove: {:.2?}", start.elapsed());
	println!("proof: {} bytes", proof.to_bytes().len());

	let start = Instant::now();
	verify(&pvk, &statement, &proof)?;
	println!("verify: {:.2?} (statement hash + pairing check)", start.elapsed());
	println!("nullifier: {}", statement.nullifier);

	let mut replay = statement.clone();
	replay.challenge += Fr::from(1u64);
	println!("replayed with another challenge: {:?}", verify(&pvk, &replay, &proof));

	// A verifier that trusts a list of age issuers names the list's root instead of a key;
	// the proof shows one of them signed and hides which.
	let mut trusted: Vec<_> = (0..4).map(|_| SecretKey::generate(&mut rng).public_key()).collect();
	trusted.insert(2, witness.credential.issuer);
	let root = trusted_issuers::root(&trusted)?;
	let anonymous = Statement { issuer: Issuer::Trusted(root), ..statement.clone() };
	let witness = Witness {
		issuer_membership: Some(trusted_issuers::membership(&trusted, &witness.credential.issuer)?),
		..witness
	};
	let start = Instant::now();
	let anonymous_proof = prove(&pk, &anonymous, &witness)?;
	println!("prove, issuer one of {} trusted: {:.2?}", trusted.len(), start.elapsed());
	println!("verify, trusted-issuer root: {:?}", verify(&pvk, &anonymous, &anonymous_proof));
	if let Some(dir) = std::env::args().nth(1) {
		let dir = std::path::PathBuf::from(dir);
		let public = snarkjs::public_json(&statement)?;
		let write = |name: &str, json: String| {
			std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(dir.join(name), json))
		};
		let written = write("verification_key.json", snarkjs::verifying_key_json(&vk))
			.and_then(|()| write("proof.json", snarkjs::proof_json(&proof)))
			.and_then(|()| write("public.json", public));
		match written {
			Ok(()) => println!("snarkjs files written to {}", dir.display()),
			Err(error) => println!("could not write the snarkjs files: {error}"),
		}
	}
	Ok(())
}
