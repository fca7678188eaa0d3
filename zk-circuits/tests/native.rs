//! Native verification ([`didimo_zk::native`]): a [`NativeKey`] accepts exactly what the
//! reference verifier accepts, and a batch check accepts a batch only when every proof in it
//! verifies, even proofs whose errors would cancel out in an unweighted sum.

mod common;

use std::sync::OnceLock;

use ark_ff::One;
use didimo_zk::{
	native::{NativeKey, MAX_BATCH},
	prover::{dev_setup, prove_with_rng, ProvingKey},
	statement::Statement,
	verifier::{verify_public_inputs, PreparedVerifyingKey, Proof},
	Error, Fr, Version,
};

use common::*;

struct Keys {
	pk: ProvingKey,
	pvk: PreparedVerifyingKey,
	native: NativeKey,
}

/// The version-2 development keys, made once per test binary.
fn keys() -> &'static Keys {
	static KEYS: OnceLock<Keys> = OnceLock::new();
	KEYS.get_or_init(|| {
		let (pk, vk) = dev_setup(Version::V2, [0; 32]).expect("the version-2 circuit synthesises");
		let pvk = vk.prepare();
		let native = NativeKey::new(pvk.clone());
		Keys { pk, pvk, native }
	})
}

/// Three true statements (the fixture under three challenges), their inputs and a proof of
/// each, made once per test binary.
fn proven() -> &'static Vec<(Vec<Fr>, Proof)> {
	static PROVEN: OnceLock<Vec<(Vec<Fr>, Proof)>> = OnceLock::new();
	PROVEN.get_or_init(|| {
		let f = fixture_v2();
		(0..3u64)
			.map(|i| {
				let statement = Statement { challenge: Fr::from(1_000 + i), ..f.statement.clone() };
				let proof = prove_with_rng(&keys().pk, &statement, &f.witness, &mut rng(i as u8))
					.expect("the fixture proves");
				(statement.public_inputs().expect("a valid statement"), proof)
			})
			.collect()
	})
}

fn reference(inputs: &[Fr], proof: &Proof) -> bool {
	verify_public_inputs(&keys().pvk, inputs, proof).is_ok()
}

fn native(inputs: &[Fr], proof: &Proof) -> bool {
	keys().native.verify(inputs, proof).is_ok()
}

#[test]
fn native_verification_agrees_with_the_reference_verifier() {
	let proven = proven();
	let mut cases = 0;
	for (inputs, proof) in proven {
		assert!(native(inputs, proof) && reference(inputs, proof), "a true statement verifies");
		cases += 1;
		// Each public input changed alone.
		for position in 0..inputs.len() {
			let mut changed = inputs.clone();
			changed[position] += Fr::one();
			assert!(!native(&changed, proof), "input {position} changed");
			assert_eq!(native(&changed, proof), reference(&changed, proof));
			cases += 1;
		}
	}
	// Another statement's proof.
	let (inputs, _) = &proven[0];
	let (_, other) = &proven[1];
	assert!(!native(inputs, other));
	assert_eq!(native(inputs, other), reference(inputs, other));
	cases += 1;
	// A proof whose points are another proof's, one at a time (decoded from bytes, so every
	// point is valid on its own).
	let a = proven[0].1.to_uncompressed_bytes();
	let b = proven[1].1.to_uncompressed_bytes();
	for range in [0..96, 96..288, 288..384] {
		let mut mixed = a;
		mixed[range.clone()].copy_from_slice(&b[range.clone()]);
		let mixed = Proof::from_bytes(&mixed).expect("valid points");
		assert!(!native(inputs, &mixed), "point {range:?} swapped");
		assert_eq!(native(inputs, &mixed), reference(inputs, &mixed));
		cases += 1;
	}
	assert!(cases >= 50, "{cases} cases");
}

#[test]
fn the_wrong_number_of_inputs_is_refused() {
	let (inputs, proof) = &proven()[0];
	assert!(matches!(keys().native.verify(&inputs[1..], proof), Err(Error::WrongVersion(_))));
	let mut longer = inputs.clone();
	longer.push(Fr::one());
	assert!(matches!(keys().native.verify(&longer, proof), Err(Error::WrongVersion(_))));
	assert_eq!(keys().native.version(), Version::V2);
}

#[test]
fn a_batch_of_valid_proofs_verifies() {
	let batch: Vec<(&[Fr], &Proof)> =
		proven().iter().map(|(inputs, proof)| (inputs.as_slice(), proof)).collect();
	let key = &keys().native;
	assert_eq!(key.verify_batch(&batch, &mut rng(1)), Ok(()));
	assert_eq!(key.verify_batch(&batch[..1], &mut rng(1)), Ok(()));
	assert_eq!(key.verify_batch(&[], &mut rng(1)), Ok(()));
	assert!(key.verify_each(&batch, &mut rng(1)).iter().all(Result::is_ok));
}

#[test]
fn a_bad_proof_fails_the_batch_and_is_named() {
	let proven = proven();
	let mut bad_inputs = proven[1].0.clone();
	bad_inputs[3] += Fr::one();
	let batch: Vec<(&[Fr], &Proof)> = vec![
		(&proven[0].0, &proven[0].1),
		(&bad_inputs, &proven[1].1),
		(&proven[2].0, &proven[2].1),
	];
	let key = &keys().native;
	assert_eq!(key.verify_batch(&batch, &mut rng(2)), Err(Error::ProofRejected));
	let results = key.verify_each(&batch, &mut rng(2));
	assert_eq!(results, vec![Ok(()), Err(Error::ProofRejected), Ok(())]);
}

/// Two proofs with their statements swapped: each is false, but the unweighted sum of their
/// input terms is the sum of the true ones, so a batch without random coefficients would
/// accept them.
#[test]
fn swapped_statements_fail_the_batch() {
	let proven = proven();
	let batch: Vec<(&[Fr], &Proof)> =
		vec![(&proven[1].0, &proven[0].1), (&proven[0].0, &proven[1].1)];
	let key = &keys().native;
	for seed in 0..4 {
		assert_eq!(key.verify_batch(&batch, &mut rng(seed)), Err(Error::ProofRejected));
	}
	assert_eq!(
		key.verify_each(&batch, &mut rng(5)),
		vec![Err(Error::ProofRejected), Err(Error::ProofRejected)]
	);
}

#[test]
fn batch_limits_and_input_counts() {
	let (inputs, proof) = &proven()[0];
	let key = &keys().native;
	let over: Vec<(&[Fr], &Proof)> = vec![(inputs.as_slice(), proof); MAX_BATCH + 1];
	assert!(matches!(key.verify_batch(&over, &mut rng(3)), Err(Error::InvalidProof(_))));
	// `verify_each` takes any number, in chunks of `MAX_BATCH`.
	assert!(key.verify_each(&over, &mut rng(3)).iter().all(Result::is_ok));
	let short = &inputs[..5];
	let batch: Vec<(&[Fr], &Proof)> = vec![(inputs, proof), (short, proof)];
	assert!(matches!(key.verify_batch(&batch, &mut rng(3)), Err(Error::WrongVersion(_))));
	let results = key.verify_each(&batch, &mut rng(3));
	assert_eq!(results[0], Ok(()));
	assert!(matches!(results[1], Err(Error::WrongVersion(_))));
}
