//! Proof, key and public-input bytes: valid encodings round-trip; wrong lengths, points off
//! the curve or outside the subgroup, non-canonical encodings and weak keys give errors,
//! never panics.
//!
//! `cargo test -p didimo-zk --test encodings`

use std::sync::OnceLock;

use ark_bls12_381::{Fq, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{BigInteger, PrimeField, Zero};
use ark_serialize::CanonicalSerialize;
use ark_std::rand::SeedableRng;
use didimo_zk::{
	circuit::Witness,
	field,
	prover::{dev_setup, prove_with_rng, ProvingKey},
	statement::{Issuer, Statement},
	verifier::{verify, verify_encoded, Proof, VerifyingKey, PROOF_BYTES, VERIFYING_KEY_BYTES},
	Error, Fr, Version,
};
use rand_chacha::ChaCha20Rng;

mod common;

use common::snarkjs_accepts;

/// Keys, a statement and a proof of it. The statement is the blank circuit's made true:
/// the blank witness does not satisfy it, so the proof is made from a real fixture instead.
struct Setup {
	pk: ProvingKey,
	vk: VerifyingKey,
	statement: Statement,
	proof: Proof,
}

fn setup() -> &'static Setup {
	static SETUP: OnceLock<Setup> = OnceLock::new();
	SETUP.get_or_init(|| {
		let (pk, vk) = dev_setup(Version::V1, [3; 32]).expect("valid fixture");
		let (statement, witness) = fixture();
		let proof = prove_with_rng(&pk, &statement, &witness, &mut ChaCha20Rng::from_seed([4; 32]))
			.expect("valid fixture");
		Setup { pk, vk, statement, proof }
	})
}

/// A minimal valid presentation: `attribute 0 >= 0`, nothing revoked.
fn fixture() -> (Statement, Witness) {
	use didimo_zk::{
		credential::{issue, Credential, HolderSecret, ATTRIBUTES},
		eddsa::SecretKey,
		statement::Predicate,
		status_tree::witness_from_bitstring,
	};
	let mut rng = ChaCha20Rng::from_seed([5; 32]);
	let issuer = SecretKey::generate(&mut rng);
	let holder = HolderSecret::generate(&mut rng);
	let credential = Credential {
		version: Version::V1,
		schema: Fr::from(1u64),
		holder: holder.commitment(Version::V1),
		id: Fr::from(2u64),
		expiry: 10,
		registry_id: 0,
		revocation_index: 3,
		attributes: [Fr::zero(); ATTRIBUTES],
	};
	let signed = issue(&issuer, credential).expect("valid fixture");
	let non_revocation = witness_from_bitstring(&[], 3).expect("valid fixture");
	let statement = Statement {
		version: Version::V1,
		issuer: Issuer::Key(signed.issuer),
		schema: Fr::from(1u64),
		time: 5,
		registry_id: 0,
		revocation_root: non_revocation.root,
		capacity: 0,
		slot: 0,
		predicate: Predicate::Gte(0),
		disclosed: [None; ATTRIBUTES],
		challenge: Fr::from(9u64),
		scope: Fr::from(8u64),
		nullifier: holder.nullifier(&Fr::from(2u64), &Fr::from(8u64)),
	};
	let witness = Witness::new(signed, holder, non_revocation);
	(statement, witness)
}

fn compressed<T: CanonicalSerialize>(value: &T) -> Vec<u8> {
	let mut out = Vec::new();
	value.serialize_compressed(&mut out).expect("valid fixture");
	out
}

/// The zcash-format compressed G1 encoding of `x` (big-endian, compression flag), whether or
/// not a point has it.
fn g1_bytes_of_x(x: &Fq, y_largest: bool) -> [u8; 48] {
	let mut out = [0u8; 48];
	out.copy_from_slice(&x.into_bigint().to_bytes_be());
	out[0] |= 0x80;
	if y_largest {
		out[0] |= 0x20;
	}
	out
}

/// An `x` with no point on the curve, and a point on the curve outside the subgroup.
fn off_curve_x_and_off_subgroup_point() -> (Fq, G1Affine) {
	let mut off_curve = None;
	let mut off_subgroup = None;
	for k in 1u64.. {
		let x = Fq::from(k);
		match G1Affine::get_point_from_x_unchecked(x, true) {
			None => off_curve = off_curve.or(Some(x)),
			Some(p) if !p.is_in_correct_subgroup_assuming_on_curve() => {
				off_subgroup = off_subgroup.or(Some(p))
			},
			Some(_) => {},
		}
		if let (Some(x), Some(p)) = (off_curve, off_subgroup) {
			return (x, p);
		}
	}
	unreachable!()
}

#[test]
fn valid_encodings_round_trip() {
	let s = setup();
	let bytes = s.proof.to_bytes();
	assert_eq!(bytes.len(), PROOF_BYTES);
	assert_eq!(Proof::from_bytes(&bytes).expect("valid fixture"), s.proof);
	let vk_bytes = s.vk.to_bytes();
	assert_eq!(vk_bytes.len(), VERIFYING_KEY_BYTES);
	assert_eq!(VerifyingKey::from_bytes(&vk_bytes).expect("valid fixture"), s.vk);
	assert_eq!(verify(&s.vk.prepare(), &s.statement, &s.proof), Ok(()));
	let pk_bytes = s.pk.to_bytes();
	println!("proving key: {} bytes compressed", pk_bytes.len());
	assert!(pk_bytes.len() <= 12 * 1024 * 1024);
	assert_eq!(ProvingKey::from_bytes(&pk_bytes).expect("valid fixture"), s.pk);
	assert!(ProvingKey::from_bytes(&pk_bytes[..pk_bytes.len() - 1]).is_err());
	let mut longer = pk_bytes.clone();
	longer.push(0);
	assert!(ProvingKey::from_bytes(&longer).is_err());
}

#[test]
fn proving_keys_load_pinned_only_with_their_digest() {
	let s = setup();
	let raw = s.pk.to_uncompressed_bytes();
	let pin = s.pk.digest();
	assert_eq!(ProvingKey::from_pinned_bytes(&raw, &pin).expect("pinned"), s.pk);
	assert_eq!(ProvingKey::from_uncompressed_bytes(&raw).expect("valid"), s.pk);
	// One byte changed anywhere, or a byte short: the digest differs, nothing is decoded.
	for position in [0, raw.len() / 2, raw.len() - 1] {
		let mut tampered = raw.clone();
		tampered[position] ^= 0x01;
		assert_eq!(
			ProvingKey::from_pinned_bytes(&tampered, &pin),
			Err(Error::InvalidKey("the proving key's digest is not the pinned one"))
		);
	}
	assert!(ProvingKey::from_pinned_bytes(&raw[..raw.len() - 1], &pin).is_err());
	// Another key's pin.
	let mut other = pin;
	other[0] ^= 0x01;
	assert!(ProvingKey::from_pinned_bytes(&raw, &other).is_err());
	// The compressed form is not what a pin is for.
	assert!(ProvingKey::from_pinned_bytes(&s.pk.to_bytes(), &pin).is_err());
}

#[test]
fn uncompressed_proofs_round_trip_and_are_validated() {
	let s = setup();
	let bytes = s.proof.to_uncompressed_bytes();
	assert_eq!(bytes.len(), didimo_zk::verifier::PROOF_BYTES_UNCOMPRESSED);
	assert_eq!(Proof::from_bytes(&bytes).expect("valid"), s.proof);
	let mut off_curve = bytes;
	off_curve[95] ^= 0x01;
	assert!(matches!(Proof::from_bytes(&off_curve), Err(Error::InvalidProof(_))));
	// The infinity flag set on A with its coordinates kept: not canonical.
	let mut flagged = bytes;
	flagged[0] |= 0x40;
	assert!(matches!(Proof::from_bytes(&flagged), Err(Error::InvalidProof(_))));
}

#[test]
fn dev_keys_are_deterministic() {
	let s = setup();
	let (_, again) = dev_setup(Version::V1, [3; 32]).expect("valid fixture");
	assert_eq!(again.to_bytes(), s.vk.to_bytes());
	assert_eq!(again.hash(), s.vk.hash());
}

#[test]
fn proofs_of_wrong_length_are_rejected() {
	let bytes = setup().proof.to_bytes();
	for len in [0, 1, 96, 191, 193, 384] {
		let mut b = bytes.to_vec();
		b.resize(len, 0);
		assert!(matches!(Proof::from_bytes(&b), Err(Error::InvalidProof(_))), "{len}");
	}
}

#[test]
fn proof_points_off_the_curve_outside_the_subgroup_or_non_canonical_are_rejected() {
	let bytes = setup().proof.to_bytes();
	let (off_curve, off_subgroup) = off_curve_x_and_off_subgroup_point();
	let reject = |a: &[u8], offset: usize, what: &str| {
		let mut b = bytes;
		b[offset..offset + a.len()].copy_from_slice(a);
		assert!(matches!(Proof::from_bytes(&b), Err(Error::InvalidProof(_))), "{what}");
	};
	for offset in [0, 144] {
		reject(&g1_bytes_of_x(&off_curve, false), offset, "G1 off the curve");
		reject(&compressed(&off_subgroup), offset, "G1 outside the subgroup");
		// x = p: the non-canonical encoding of x = 0.
		let mut p_bytes = [0u8; 48];
		p_bytes.copy_from_slice(&Fq::MODULUS.to_bytes_be());
		p_bytes[0] |= 0x80;
		reject(&p_bytes, offset, "G1 x >= p");
		reject(&compressed(&G1Affine::zero()), offset, "G1 identity");
		// The infinity flag with garbage after it.
		let mut inf = compressed(&G1Affine::zero());
		inf[47] = 1;
		reject(&inf, offset, "G1 infinity, non-canonical");
		reject(&[0u8; 48], offset, "G1 uncompressed flag");
	}
	// G2: c1 of x set to p.
	let mut b_bytes = [0u8; 96];
	b_bytes[..48].copy_from_slice(&Fq::MODULUS.to_bytes_be());
	b_bytes[0] |= 0x80;
	reject(&b_bytes, 48, "G2 x.c1 >= p");
	reject(&compressed(&G2Affine::zero()), 48, "G2 identity");
	// A G2 point on the twist outside the subgroup.
	let twist_point = (1u64..)
		.find_map(|k| {
			let x = ark_bls12_381::Fq2::new(Fq::from(k), Fq::from(1u64));
			G2Affine::get_point_from_x_unchecked(x, true)
				.filter(|p| !p.is_in_correct_subgroup_assuming_on_curve())
		})
		.expect("valid fixture");
	reject(&compressed(&twist_point), 48, "G2 outside the subgroup");
}

#[test]
fn flipped_bits_never_verify_and_never_panic() {
	let s = setup();
	let pvk = s.vk.prepare();
	let bytes = s.proof.to_bytes();
	for position in (0..PROOF_BYTES).step_by(7) {
		for bit in [0, 5, 7] {
			let mut b = bytes;
			b[position] ^= 1 << bit;
			match Proof::from_bytes(&b) {
				Err(Error::InvalidProof(_)) => {},
				Ok(proof) => {
					assert_eq!(verify(&pvk, &s.statement, &proof), Err(Error::ProofRejected))
				},
				Err(other) => panic!("unexpected {other:?}"),
			}
		}
	}
}

#[test]
fn weak_or_malformed_verifying_keys_are_rejected() {
	let vk = setup().vk.to_bytes();
	// Layout: alpha (48) | beta (96) | gamma (96) | delta (96) | count (8) | IC (2 · 48).
	let (gamma, delta) = (48 + 96, 48 + 2 * 96);
	let expect_invalid = |b: &[u8], what: &str| {
		assert!(matches!(VerifyingKey::from_bytes(b), Err(Error::InvalidKey(_))), "{what}");
	};
	let mut b = vk.clone();
	b.copy_within(gamma..gamma + 96, delta);
	expect_invalid(&b, "gamma = delta");
	let generator = compressed(&G2Affine::generator());
	for (offset, what) in [(gamma, "gamma = generator"), (delta, "delta = generator")] {
		let mut b = vk.clone();
		b[offset..offset + 96].copy_from_slice(&generator);
		expect_invalid(&b, what);
	}
	let mut b = vk.clone();
	b[gamma..gamma + 96].copy_from_slice(&compressed(&G2Affine::zero()));
	expect_invalid(&b, "gamma identity");
	expect_invalid(&vk[..vk.len() - 1], "truncated");
	let mut longer = vk.clone();
	longer.extend_from_slice(&vk[vk.len() - 48..]);
	expect_invalid(&longer, "a second public input");
	let mut count = vk.clone();
	count[delta + 96] = 3;
	expect_invalid(&count, "wrong count");
	let (off_curve, off_subgroup) = off_curve_x_and_off_subgroup_point();
	let mut b = vk.clone();
	b[..48].copy_from_slice(&g1_bytes_of_x(&off_curve, true));
	expect_invalid(&b, "alpha off the curve");
	let mut b = vk.clone();
	let ic1 = vk.len() - 48;
	b[ic1..].copy_from_slice(&compressed(&off_subgroup));
	expect_invalid(&b, "IC outside the subgroup");
}

#[test]
fn non_canonical_public_inputs_are_rejected() {
	let s = setup();
	let pvk = s.vk.prepare();
	let x = s.statement.hash().expect("valid fixture");
	assert_eq!(verify_encoded(&pvk, &field::to_bytes(&x), &s.proof), Ok(()));
	// x + r: the same value mod r, not canonical.
	let mut big = x.into_bigint();
	big.add_with_carry(&Fr::MODULUS);
	let mut bytes = [0u8; 32];
	bytes.copy_from_slice(&big.to_bytes_le());
	// x < r < 2^255, so x + r < 2^256 fits the 32 bytes.
	assert_eq!(verify_encoded(&pvk, &bytes, &s.proof), Err(Error::NonCanonicalFieldElement));
	assert_eq!(verify_encoded(&pvk, &[0xff; 32], &s.proof), Err(Error::NonCanonicalFieldElement));
	assert!(matches!(verify_encoded(&pvk, &[0; 31], &s.proof), Err(Error::InvalidLength { .. })));
}

/// The snarkjs JSON carries the key and proof: rebuilt from the decimal strings alone
/// (`[c0, c1]` order for G2 coordinates), they verify the public input from `public.json`.
#[test]
fn snarkjs_json_rebuilds_a_verifying_key_and_proof() {
	use ark_bls12_381::{Bls12_381, Fq2};
	use didimo_zk::snarkjs;
	use serde_json::Value;
	use std::str::FromStr;

	let s = setup();
	let vk: Value =
		serde_json::from_str(&snarkjs::verifying_key_json(&s.vk)).expect("valid fixture");
	let proof: Value = serde_json::from_str(&snarkjs::proof_json(&s.proof)).expect("valid fixture");
	let public: Value =
		serde_json::from_str(&snarkjs::public_json(&s.statement).expect("valid fixture"))
			.expect("valid fixture");
	assert_eq!(vk["protocol"], "groth16");
	assert_eq!(vk["curve"], "bls12381");
	assert_eq!(vk["nPublic"], 1);
	assert_eq!(proof["protocol"], "groth16");
	assert_eq!(proof["curve"], "bls12381");

	let fq = |v: &Value| Fq::from_str(v.as_str().expect("valid fixture")).expect("valid fixture");
	let g1 = |v: &Value| {
		assert_eq!(v[2], "1");
		let p = G1Affine::new_unchecked(fq(&v[0]), fq(&v[1]));
		assert!(p.is_on_curve() && p.is_in_correct_subgroup_assuming_on_curve());
		p
	};
	let g2 = |v: &Value| {
		assert_eq!(v[2], serde_json::json!(["1", "0"]));
		let p = G2Affine::new_unchecked(
			Fq2::new(fq(&v[0][0]), fq(&v[0][1])),
			Fq2::new(fq(&v[1][0]), fq(&v[1][1])),
		);
		assert!(p.is_on_curve() && p.is_in_correct_subgroup_assuming_on_curve());
		p
	};
	let rebuilt_vk = ark_groth16::VerifyingKey::<Bls12_381> {
		alpha_g1: g1(&vk["vk_alpha_1"]),
		beta_g2: g2(&vk["vk_beta_2"]),
		gamma_g2: g2(&vk["vk_gamma_2"]),
		delta_g2: g2(&vk["vk_delta_2"]),
		gamma_abc_g1: vk["IC"].as_array().expect("valid fixture").iter().map(g1).collect(),
	};
	let rebuilt_proof = ark_groth16::Proof::<Bls12_381> {
		a: g1(&proof["pi_a"]),
		b: g2(&proof["pi_b"]),
		c: g1(&proof["pi_c"]),
	};
	let input = Fr::from_str(public[0].as_str().expect("valid fixture")).expect("valid fixture");
	assert_eq!(input, s.statement.hash().expect("valid fixture"));
	let pvk = ark_groth16::prepare_verifying_key(&rebuilt_vk);
	let ok = ark_groth16::Groth16::<Bls12_381>::verify_proof(&pvk, &rebuilt_proof, &[input]);
	assert_eq!(ok, Ok(true));
	let wrong = ark_groth16::Groth16::<Bls12_381>::verify_proof(
		&pvk,
		&rebuilt_proof,
		&[input + Fr::from(1u64)],
	);
	assert_eq!(wrong, Ok(false));
	// And the bytes agree with the JSON.
	assert_eq!(VerifyingKey::from_bytes(&compressed(&rebuilt_vk)).expect("valid fixture"), s.vk);
	assert_eq!(Proof::from_bytes(&compressed(&rebuilt_proof)).expect("valid fixture"), s.proof);
}

/// snarkjs itself verifies the exported key, proof and public input, and refuses another
/// public input.
#[test]
fn snarkjs_verifies_the_exported_proof() {
	let s = setup();
	let input = s.statement.hash().expect("valid statement");
	assert!(snarkjs_accepts(&s.vk, &s.proof, &[input]));
	assert!(!snarkjs_accepts(&s.vk, &s.proof, &[input + Fr::from(1u64)]));
}
