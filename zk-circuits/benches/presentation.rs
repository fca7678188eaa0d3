//! Presentation timings (criterion): proving and verifying the standard presentation
//! (`age >= 18` + non-revocation + nullifier + challenge), with development keys.
//!
//! `cargo bench -p didimo-zk --bench presentation`

use std::hint::black_box;

use ark_ff::Zero;
use ark_std::rand::SeedableRng;
use criterion::{criterion_group, criterion_main, Criterion};
use didimo_zk::{
	circuit::{constraint_report, Witness},
	credential::{attribute, issue, Credential, HolderSecret, ATTRIBUTES},
	eddsa::{PublicKey, SecretKey},
	native::NativeKey,
	prover::{dev_setup, prove_with_rng},
	statement::{trusted_issuers, Issuer, Predicate, Statement},
	status_tree::{witness_from_bitstring, MAX_BYTES},
	verifier::{verify, Proof, VerifyingKey},
	Fr, Version,
};
use rand_chacha::ChaCha20Rng;

/// The standard presentation over a full-size status list with a few revocations.
fn standard_presentation() -> (Statement, Witness) {
	let mut rng = ChaCha20Rng::from_seed([1; 32]);
	let issuer = SecretKey::generate(&mut rng);
	let holder = HolderSecret::generate(&mut rng);
	let mut attributes = [Fr::zero(); ATTRIBUTES];
	attributes[0] = attribute::integer(34);
	let credential = Credential {
		version: Version::V2,
		schema: attribute::string("https://didimo.example/schemas/age/v1"),
		holder: holder.commitment(Version::V2),
		id: Fr::from(77u64),
		expiry: 1_900_000_000,
		registry_id: 1,
		revocation_index: 500_000,
		attributes,
	};
	let signed = issue(&issuer, credential).expect("valid credential");
	let mut list = vec![0u8; MAX_BYTES];
	for revoked in [1usize, 499_999, 500_001, 1_000_000] {
		list[revoked / 8] |= 0x80 >> (revoked % 8);
	}
	let non_revocation = witness_from_bitstring(&list, 500_000).expect("in range");
	let scope = Fr::from(5u64);
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
		challenge: Fr::from(123u64),
		scope,
		nullifier: holder.holder_nullifier(&scope),
	};
	let witness = Witness::new(signed, holder, non_revocation);
	(statement, witness)
}

fn presentation(c: &mut Criterion) {
	let (report, total) = constraint_report(Version::V2).expect("synthesis");
	eprintln!("constraints: {total} {report:?}");
	let (pk, vk) = dev_setup(Version::V2, [0; 32]).expect("setup");
	eprintln!("proving key: {} bytes compressed", pk.to_bytes().len());
	let (statement, witness) = standard_presentation();
	let mut rng = ChaCha20Rng::from_seed([2; 32]);
	let proof = prove_with_rng(&pk, &statement, &witness, &mut rng).expect("prove");
	let pvk = vk.prepare();
	verify(&pvk, &statement, &proof).expect("verifies");

	let mut group = c.benchmark_group("presentation");
	group.sample_size(10);
	group.bench_function("prove", |b| {
		b.iter(|| prove_with_rng(&pk, black_box(&statement), black_box(&witness), &mut rng))
	});
	// The same presentation against a list of 32 trusted issuers (same circuit).
	let mut trusted: Vec<PublicKey> =
		(0..31).map(|_| SecretKey::generate(&mut rng).public_key()).collect();
	trusted.push(witness.credential.issuer);
	let root = trusted_issuers::root(&trusted).expect("valid list");
	let anonymous = Statement { issuer: Issuer::Trusted(root), ..statement.clone() };
	let path = trusted_issuers::membership(&trusted, &witness.credential.issuer).expect("listed");
	let anonymous_witness = Witness { issuer_membership: Some(path), ..witness.clone() };
	group.bench_function("prove (issuer one of 32 trusted)", |b| {
		b.iter(|| {
			prove_with_rng(&pk, black_box(&anonymous), black_box(&anonymous_witness), &mut rng)
		})
	});
	group.finish();
	let bytes = proof.to_bytes();
	c.bench_function("verify (prepared key, statement hash + pairings)", |b| {
		b.iter(|| verify(&pvk, black_box(&statement), black_box(&proof)))
	});
	c.bench_function("verify from bytes (proof decoding + verify)", |b| {
		b.iter(|| {
			let proof = Proof::from_bytes(black_box(&bytes)).expect("valid");
			verify(&pvk, black_box(&statement), &proof)
		})
	});
	// The node's native verification (`didimo_zk::native`, on blst), one proof and batches
	// under one key (the same proof 64 times costs what 64 proofs do).
	let native = NativeKey::new(pvk.clone());
	let inputs = statement.public_inputs().expect("a valid statement");
	c.bench_function("verify (native key, blst)", |b| {
		b.iter(|| native.verify(black_box(&inputs), black_box(&proof)))
	});
	let batch: Vec<(&[Fr], &Proof)> = vec![(inputs.as_slice(), &proof); 64];
	let mut batch_rng = ChaCha20Rng::from_seed([3; 32]);
	c.bench_function("verify batch of 64 (native key, blst)", |b| {
		b.iter(|| native.verify_batch(black_box(&batch), &mut batch_rng))
	});
	let vk_bytes = vk.to_bytes();
	c.bench_function("verifying key decode + prepare", |b| {
		b.iter(|| VerifyingKey::from_bytes(black_box(&vk_bytes)).map(|vk| vk.prepare()))
	});
}

criterion_group!(benches, presentation);
criterion_main!(benches);
