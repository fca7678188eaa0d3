//! Verifying presentations: validated proof and verifying-key encodings, key preparation
//! and verification. `no_std`: the runtime calls this.
//!
//! Encodings are arkworks' compressed ones and are accepted only if canonical (re-encoding
//! gives the same bytes), on the curve, in the prime-order subgroups, and of the exact
//! length. Proofs with an identity point are refused. A verifying key must have exactly
//! `PUBLIC_INPUTS + 1` input bases, no identity point, and `gamma != delta` with neither
//! equal to the G2 generator: keys where the prover can forge (`gamma = delta`) or whose
//! toxic waste is trivially known are refused.

use alloc::vec::Vec;

use ark_bls12_381::{Bls12_381, G2Affine};
use ark_ec::{
	pairing::{Pairing, PairingOutput},
	AffineRepr, CurveGroup,
};
use ark_ff::PrimeField;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};

use crate::{credential::attribute::hash_bytes, field, statement::Statement, Error, Fr};

/// Public inputs of the presentation circuit: the statement hash.
pub const PUBLIC_INPUTS: usize = 1;
/// Bytes in a compressed proof: `A` (G1, 48), `B` (G2, 96), `C` (G1, 48).
pub const PROOF_BYTES: usize = 192;
/// Bytes in a compressed verifying key with [`PUBLIC_INPUTS`] inputs:
/// `alpha` (48), `beta`, `gamma`, `delta` (96 each), the length (8) and the input bases (48
/// each).
pub const VERIFYING_KEY_BYTES: usize = 48 + 3 * 96 + 8 + 48 * (PUBLIC_INPUTS + 1);

/// A Groth16 proof of a presentation.
#[derive(Clone, Debug, PartialEq)]
pub struct Proof(pub(crate) ark_groth16::Proof<Bls12_381>);

/// A verifying key of the presentation circuit.
#[derive(Clone, Debug, PartialEq)]
pub struct VerifyingKey(pub(crate) ark_groth16::VerifyingKey<Bls12_381>);

/// A verifying key with its pairing precomputations: prepare once, verify many.
#[derive(Clone, Debug)]
pub struct PreparedVerifyingKey(ark_groth16::PreparedVerifyingKey<Bls12_381>);

/// Decodes `T` from exactly `bytes`, validated (on the curve, subgroup), canonical (its
/// re-encoding is `bytes`).
fn decode_canonical<T: CanonicalDeserialize + CanonicalSerialize>(bytes: &[u8]) -> Option<T> {
	let value = T::deserialize_with_mode(bytes, Compress::Yes, Validate::Yes).ok()?;
	let mut again = Vec::with_capacity(bytes.len());
	value.serialize_compressed(&mut again).ok()?;
	(again == bytes).then_some(value)
}

fn encode<T: CanonicalSerialize>(value: &T) -> Vec<u8> {
	let mut out = Vec::with_capacity(value.compressed_size());
	// Writing to a `Vec` cannot fail.
	let _ = value.serialize_compressed(&mut out);
	out
}

impl Proof {
	/// The 192 compressed bytes.
	pub fn to_bytes(&self) -> [u8; PROOF_BYTES] {
		let mut out = [0u8; PROOF_BYTES];
		// Two compressed G1 points and one G2 point: exactly 192 bytes.
		for (dst, src) in out.iter_mut().zip(encode(&self.0)) {
			*dst = src;
		}
		out
	}

	/// Decodes and validates 192 bytes (see the [module documentation](self)).
	pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
		if bytes.len() != PROOF_BYTES {
			return Err(Error::InvalidProof("a proof is 192 bytes"));
		}
		let proof: ark_groth16::Proof<Bls12_381> = decode_canonical(bytes).ok_or(
			Error::InvalidProof("not a canonical encoding of points in the prime-order subgroups"),
		)?;
		if proof.a.is_zero() || proof.b.is_zero() || proof.c.is_zero() {
			return Err(Error::InvalidProof("a proof point is the identity"));
		}
		Ok(Self(proof))
	}
}

impl VerifyingKey {
	/// The compressed bytes ([`VERIFYING_KEY_BYTES`] of them).
	pub fn to_bytes(&self) -> Vec<u8> {
		encode(&self.0)
	}

	/// Decodes and validates a verifying key (see the [module documentation](self)).
	pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
		if bytes.len() != VERIFYING_KEY_BYTES {
			return Err(Error::InvalidKey("a verifying key is 440 bytes"));
		}
		let vk: ark_groth16::VerifyingKey<Bls12_381> = decode_canonical(bytes).ok_or(
			Error::InvalidKey("not a canonical encoding of points in the prime-order subgroups"),
		)?;
		Self::from_inner(vk)
	}

	/// Checks the key's structure (see the [module documentation](self)).
	pub(crate) fn from_inner(vk: ark_groth16::VerifyingKey<Bls12_381>) -> Result<Self, Error> {
		if vk.gamma_abc_g1.len() != PUBLIC_INPUTS + 1 {
			return Err(Error::InvalidKey("wrong number of public-input bases"));
		}
		let mut g1_points = core::iter::once(&vk.alpha_g1).chain(&vk.gamma_abc_g1);
		let g2_points = [&vk.beta_g2, &vk.gamma_g2, &vk.delta_g2];
		if g1_points.any(AffineRepr::is_zero) || g2_points.iter().any(|p| p.is_zero()) {
			return Err(Error::InvalidKey("a key point is the identity"));
		}
		if vk.gamma_g2 == vk.delta_g2 {
			return Err(Error::InvalidKey("gamma equals delta"));
		}
		let generator = G2Affine::generator();
		if vk.gamma_g2 == generator || vk.delta_g2 == generator {
			return Err(Error::InvalidKey("gamma or delta is the G2 generator"));
		}
		Ok(Self(vk))
	}

	/// The key's hash, `attribute::hash_bytes(to_bytes())`: what the chain and the setup
	/// command name a key by.
	pub fn hash(&self) -> Fr {
		hash_bytes(&self.to_bytes())
	}

	/// The key with its pairing precomputations.
	pub fn prepare(&self) -> PreparedVerifyingKey {
		PreparedVerifyingKey(ark_groth16::prepare_verifying_key(&self.0))
	}
}

/// Verifies `proof` for `statement` (hashing it into the public input).
pub fn verify(
	pvk: &PreparedVerifyingKey,
	statement: &Statement,
	proof: &Proof,
) -> Result<(), Error> {
	verify_public_input(pvk, &statement.hash()?, proof)
}

/// Verifies `proof` for the public input given as its 32-byte canonical encoding
/// ([`field::from_bytes`]: non-canonical values are refused).
pub fn verify_encoded(
	pvk: &PreparedVerifyingKey,
	public_input: &[u8],
	proof: &Proof,
) -> Result<(), Error> {
	verify_public_input(pvk, &field::from_bytes(public_input)?, proof)
}

/// The Groth16 check `e(A, B) = e(alpha, beta) · e(IC, gamma) · e(C, delta)` with
/// `IC = ic_0 + x · ic_1`, as one multi-Miller loop against the negated, prepared `gamma`
/// and `delta`.
pub fn verify_public_input(
	pvk: &PreparedVerifyingKey,
	public_input: &Fr,
	proof: &Proof,
) -> Result<(), Error> {
	let vk = &pvk.0.vk;
	let [ic_0, ic_1] = vk.gamma_abc_g1[..] else {
		return Err(Error::InvalidKey("wrong number of public-input bases"));
	};
	let ic = (ic_1.mul_bigint(public_input.into_bigint()) + ic_0).into_affine();
	let miller = Bls12_381::multi_miller_loop(
		[proof.0.a, ic, proof.0.c],
		[proof.0.b.into(), pvk.0.gamma_g2_neg_pc.clone(), pvk.0.delta_g2_neg_pc.clone()],
	);
	let PairingOutput(result) =
		Bls12_381::final_exponentiation(miller).ok_or(Error::ProofRejected)?;
	if result == pvk.0.alpha_g1_beta_g2 {
		Ok(())
	} else {
		Err(Error::ProofRejected)
	}
}
