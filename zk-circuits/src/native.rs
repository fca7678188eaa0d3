//! Native verification for long-running verifiers (the node's verification service).
//!
//! [`NativeKey`] checks one proof ([`NativeKey::verify`]) or a batch of proofs under the same
//! key with one random linear combination of their pairing equations
//! ([`NativeKey::verify_batch`]) on `blst`, the assembly BLS12-381 implementation Ethereum
//! and Filecoin clients use: on the development machine its three-pair Miller loop and final
//! exponentiation take about 1.3 ms where arkworks' take about 2 ms, and it runs on the
//! calling thread (arkworks' `parallel` feature, which proving wants, hands each
//! verification's small loops to rayon's pool, which under concurrent verifications costs
//! more than it gains).
//!
//! The checks are Groth16's and accept exactly what
//! [`verifier::verify_public_inputs`] accepts: proofs and keys come decoded and validated by
//! arkworks ([`Proof::from_bytes`], [`PreparedVerifyingKey::from_trusted_bytes`]) and are
//! handed to `blst` as they are — both keep field elements in Montgomery form with
//! `R = 2^384` and build `Fq12` on the same tower, so a coordinate's limbs are the same in
//! both, and `e(alpha, beta)` computed by arkworks compares with `blst`'s final
//! exponentiation. `tests/native.rs` compares the two verifiers on valid and tampered proofs.
//!
//! ## Batches
//! For proofs `(A_i, B_i, C_i)` with input sums `IC_i`, each must satisfy
//! `e(A_i, B_i) · e(IC_i, -gamma) · e(C_i, -delta) = e(alpha, beta)`. With independent
//! random 128-bit `r_i`, the batch checks the one equation
//! `prod_i e(r_i A_i, B_i) · e(sum_i r_i IC_i, -gamma) · e(sum_i r_i C_i, -delta)
//! = e(alpha, beta)^(sum_i r_i)`,
//! which one or more false equations satisfy with probability at most `2^-128` over the
//! `r_i` (Bellare, Garay and Rabin's small-exponent test; the Zcash Sapling and Bellman batch
//! verifiers use it). `sum_i r_i IC_i` is one multi-scalar multiplication over the key's input
//! bases (`sum_i r_i x_i,j` per base), and the `n + 2` pairs share one multi-Miller loop and
//! one final exponentiation: per proof, a Miller loop and a 128-bit scalar multiplication,
//! about a quarter of a lone verification. A batch that fails says only that some proof is
//! bad; [`NativeKey::verify_each`] then checks one by one to name them.
//!
//! [`decode_proof`] decodes proofs as [`Proof::from_bytes`] does, with `blst`'s subgroup
//! checks.
//!
//! [`verifier::verify_public_inputs`]: crate::verifier::verify_public_inputs

use alloc::vec::Vec;

use ark_bls12_381::{Bls12_381, Fq, Fq12, Fq2, Fq6, G1Affine, G2Affine};
use ark_ec::pairing::PairingOutput;
use ark_ff::{BigInteger, One, PrimeField, Zero};
use blst::{
	blst_fp, blst_fp12, blst_fp2, blst_fp6, blst_p1, blst_p1_affine, blst_p2_affine, p1_affines,
	MultiPoint,
};
use rand::{CryptoRng, RngCore};

use crate::{
	verifier::{PreparedVerifyingKey, Proof},
	Error, Fr, Version,
};

/// The most proofs one [`NativeKey::verify_batch`] call takes.
pub const MAX_BATCH: usize = 256;

fn fp(x: &Fq) -> blst_fp {
	// Both keep the Montgomery form with R = 2^384 in six 64-bit limbs, least significant
	// first.
	blst_fp { l: x.0 .0 }
}

fn fp2(x: &Fq2) -> blst_fp2 {
	blst_fp2 { fp: [fp(&x.c0), fp(&x.c1)] }
}

fn fp6(x: &Fq6) -> blst_fp6 {
	blst_fp6 { fp2: [fp2(&x.c0), fp2(&x.c1), fp2(&x.c2)] }
}

fn fp12(x: &Fq12) -> blst_fp12 {
	blst_fp12 { fp6: [fp6(&x.c0), fp6(&x.c1)] }
}

/// A G1 point (not the identity: proofs and keys have none).
fn g1(point: &G1Affine) -> blst_p1_affine {
	blst_p1_affine { x: fp(&point.x), y: fp(&point.y) }
}

fn g2(point: &G2Affine) -> blst_p2_affine {
	blst_p2_affine { x: fp2(&point.x), y: fp2(&point.y) }
}

/// Decodes and validates a proof exactly as [`Proof::from_bytes`] does (canonical encoding,
/// on the curve, not the identity, in the prime-order subgroups), with the subgroup checks
/// made by `blst`: about a third of arkworks' time for the three points.
pub fn decode_proof(bytes: &[u8]) -> Result<Proof, Error> {
	Proof::from_bytes_checked(bytes, |proof| {
		blst::min_pk::PublicKey::from(g1(&proof.a)).validate().is_ok()
			&& blst::min_pk::Signature::from(g2(&proof.b)).validate(true).is_ok()
			&& blst::min_pk::PublicKey::from(g1(&proof.c)).validate().is_ok()
	})
}

/// Scalars grouped by their size, for multi-scalar multiplications whose cost grows with
/// the scalars' bit length: at most 64, 128 and 255 bits. Zero scalars are left out.
#[derive(Default)]
struct Sizes {
	groups: [(Vec<blst_p1_affine>, Vec<u8>); 3],
}

impl Sizes {
	const BITS: [usize; 3] = [64, 128, 255];

	fn push(&mut self, base: blst_p1_affine, scalar: &Fr) {
		if scalar.is_zero() {
			return;
		}
		let bytes = scalar.into_bigint().to_bytes_le();
		let bits = scalar.into_bigint().num_bits() as usize;
		let group = Self::BITS.iter().position(|limit| bits <= *limit).unwrap_or(2);
		let (bases, scalars) = &mut self.groups[group];
		bases.push(base);
		scalars.extend_from_slice(&bytes[..Self::BITS[group].div_ceil(8)]);
	}

	/// `sum_i s_i P_i`, affine; `None` for the identity.
	fn sum(&self) -> Option<blst_p1_affine> {
		let parts: Vec<blst_p1> = self
			.groups
			.iter()
			.zip(Self::BITS)
			.filter(|((bases, _), _)| !bases.is_empty())
			.map(|((bases, scalars), bits)| bases.as_slice().mult(scalars, bits))
			.collect();
		let total = match parts.as_slice() {
			[] => return None,
			[one] => *one,
			_ => p1_affines::from(&parts).add(),
		};
		let affine = p1_affines::from(&[total]).as_slice()[0];
		// blst's affine identity is all zeros.
		(affine != blst_p1_affine::default()).then_some(affine)
	}
}

/// A verifying key prepared for native verification. Build one per key and keep it (the
/// node caches them by key hash).
#[derive(Clone, Debug)]
pub struct NativeKey {
	key: PreparedVerifyingKey,
	alpha_beta: blst_fp12,
	gamma_neg: blst_p2_affine,
	delta_neg: blst_p2_affine,
	ic: Vec<blst_p1_affine>,
}

impl NativeKey {
	/// Prepares `key` for native verification.
	pub fn new(key: PreparedVerifyingKey) -> Self {
		Self {
			alpha_beta: fp12(&key.alpha_beta),
			gamma_neg: g2(&key.gamma_neg),
			delta_neg: g2(&key.delta_neg),
			ic: key.ic.iter().map(g1).collect(),
			key,
		}
	}

	/// The circuit version of the key.
	pub fn version(&self) -> Version {
		self.key.version()
	}

	/// The key it was prepared from.
	pub fn key(&self) -> &PreparedVerifyingKey {
		&self.key
	}

	fn check_count(&self, inputs: &[Fr]) -> Result<(), Error> {
		if inputs.len() + 1 == self.ic.len() {
			Ok(())
		} else {
			Err(Error::WrongVersion("not the key's number of public inputs"))
		}
	}

	/// `sum_j s_j ic_j` with `s = (first, rest...)`.
	fn input_sum(&self, first: &Fr, rest: &[Fr]) -> Option<blst_p1_affine> {
		let mut sizes = Sizes::default();
		for (base, scalar) in self.ic.iter().zip(core::iter::once(first).chain(rest)) {
			sizes.push(*base, scalar);
		}
		sizes.sum()
	}

	/// Whether `prod e(g1_i, g2_i)`, after the final exponentiation, is `expected`. Pairs
	/// whose G1 point is the identity contribute 1 and are left out.
	fn equation_holds(
		g1: Vec<Option<blst_p1_affine>>,
		g2: Vec<blst_p2_affine>,
		expected: &blst_fp12,
	) -> Result<(), Error> {
		let (p, q): (Vec<blst_p1_affine>, Vec<blst_p2_affine>) =
			g1.into_iter().zip(g2).filter_map(|(p, q)| p.map(|p| (p, q))).unzip();
		let result = if p.is_empty() {
			blst_fp12::default()
		} else {
			blst_fp12::miller_loop_n(&q, &p).final_exp()
		};
		if result == *expected {
			Ok(())
		} else {
			Err(Error::ProofRejected)
		}
	}

	/// Checks `proof` for `inputs`: what [`crate::verifier::verify_public_inputs`] checks.
	pub fn verify(&self, inputs: &[Fr], proof: &Proof) -> Result<(), Error> {
		self.check_count(inputs)?;
		let proof = &proof.0;
		Self::equation_holds(
			vec![Some(g1(&proof.a)), self.input_sum(&Fr::one(), inputs), Some(g1(&proof.c))],
			vec![g2(&proof.b), self.gamma_neg, self.delta_neg],
			&self.alpha_beta,
		)
	}

	/// Checks every `(inputs, proof)` of `batch` at once, with random coefficients from `rng`
	/// (see the module documentation): `Ok` if all verify; [`Error::ProofRejected`] if one or
	/// more do not (which, [`NativeKey::verify_each`] finds); [`Error::WrongVersion`] if an
	/// item has the wrong number of inputs; [`Error::InvalidProof`] for more than
	/// [`MAX_BATCH`] items. An empty batch verifies.
	pub fn verify_batch<R: RngCore + CryptoRng>(
		&self,
		batch: &[(&[Fr], &Proof)],
		rng: &mut R,
	) -> Result<(), Error> {
		if batch.len() > MAX_BATCH {
			return Err(Error::InvalidProof("a batch holds at most 256 proofs"));
		}
		for (inputs, _) in batch {
			self.check_count(inputs)?;
		}
		match batch {
			[] => return Ok(()),
			[(inputs, proof)] => return self.verify(inputs, proof),
			_ => {},
		}
		// 128-bit non-zero coefficients: a false equation survives with probability 2^-128.
		let coefficients: Vec<u128> = batch
			.iter()
			.map(|_| {
				let mut bytes = [0u8; 16];
				rng.fill_bytes(&mut bytes);
				u128::from_le_bytes(bytes).max(1)
			})
			.collect();
		let scalars: Vec<Fr> = coefficients.iter().map(|r| Fr::from(*r)).collect();
		// sum_i r_i IC_i over the key's bases: base 0 gets sum_i r_i, base j + 1 sum_i r_i x_ij.
		let mut sums = vec![Fr::zero(); self.ic.len()];
		for ((inputs, _), r) in batch.iter().zip(&scalars) {
			sums[0] += r;
			for (sum, input) in sums[1..].iter_mut().zip(inputs.iter()) {
				*sum += *r * input;
			}
		}
		let ic = self.input_sum(&sums[0], &sums[1..]);
		let mut c = Sizes::default();
		for ((_, proof), r) in batch.iter().zip(&scalars) {
			c.push(g1(&proof.0.c), r);
		}
		// r_i A_i, each a 128-bit multiplication, made affine together.
		let scaled: Vec<blst_p1> = batch
			.iter()
			.zip(&coefficients)
			.map(|((_, proof), r)| [g1(&proof.0.a)].as_slice().mult(&r.to_le_bytes(), 128))
			.collect();
		let mut points: Vec<Option<blst_p1_affine>> =
			p1_affines::from(&scaled).as_slice().iter().copied().map(Some).collect();
		points.extend([ic, c.sum()]);
		let mut lines: Vec<blst_p2_affine> =
			batch.iter().map(|(_, proof)| g2(&proof.0.b)).collect();
		lines.extend([self.gamma_neg, self.delta_neg]);
		let total: Fr = scalars.iter().sum();
		let PairingOutput(expected) = PairingOutput::<Bls12_381>(self.key.alpha_beta) * total;
		Self::equation_holds(points, lines, &fp12(&expected))
	}

	/// Checks every item of `batch` and answers each one's result, in order: one batch check
	/// ([`NativeKey::verify_batch`]) per [`MAX_BATCH`] items and, only if it fails, one check
	/// per item. Items with the wrong number of inputs get [`Error::WrongVersion`] and stay
	/// out of the batch.
	pub fn verify_each<R: RngCore + CryptoRng>(
		&self,
		batch: &[(&[Fr], &Proof)],
		rng: &mut R,
	) -> Vec<Result<(), Error>> {
		let mut results: Vec<Result<(), Error>> =
			batch.iter().map(|(inputs, _)| self.check_count(inputs)).collect();
		let counted: Vec<usize> = (0..batch.len()).filter(|i| results[*i].is_ok()).collect();
		for chunk in counted.chunks(MAX_BATCH) {
			let items: Vec<(&[Fr], &Proof)> = chunk.iter().map(|i| batch[*i]).collect();
			if self.verify_batch(&items, rng).is_err() {
				for i in chunk {
					let (inputs, proof) = batch[*i];
					results[*i] = self.verify(inputs, proof);
				}
			}
		}
		results
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use ark_ec::{pairing::Pairing, AffineRepr, CurveGroup};
	use ark_std::UniformRand;
	use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};

	#[test]
	fn blst_computes_arkworks_pairings() {
		let mut rng = ChaCha20Rng::from_seed([7; 32]);
		for _ in 0..3 {
			let a = (G1Affine::generator() * Fr::rand(&mut rng)).into_affine();
			let b = (G2Affine::generator() * Fr::rand(&mut rng)).into_affine();
			let PairingOutput(expected) = Bls12_381::pairing(a, b);
			let got = blst_fp12::miller_loop(&g2(&b), &g1(&a)).final_exp();
			assert_eq!(got, fp12(&expected));
		}
	}

	/// A point on the curve outside the prime-order subgroup, as `find` gives it for some x.
	fn off_subgroup<P: ark_ec::short_weierstrass::SWCurveConfig>(
		find: impl Fn(u64) -> Option<ark_ec::short_weierstrass::Affine<P>>,
	) -> ark_ec::short_weierstrass::Affine<P> {
		(1..)
			.find_map(|x| find(x).filter(|p| !p.is_in_correct_subgroup_assuming_on_curve()))
			.expect("most points of the curve are outside the subgroup")
	}

	#[test]
	fn blst_subgroup_checks_agree_with_arkworks() {
		let proof = {
			let mut rng = ChaCha20Rng::from_seed([9; 32]);
			ark_groth16::Proof::<Bls12_381> {
				a: (G1Affine::generator() * Fr::rand(&mut rng)).into_affine(),
				b: (G2Affine::generator() * Fr::rand(&mut rng)).into_affine(),
				c: (G1Affine::generator() * Fr::rand(&mut rng)).into_affine(),
			}
		};
		let bad_g1: G1Affine =
			off_subgroup(|x| G1Affine::get_point_from_x_unchecked(Fq::from(x), true));
		let bad_g2: G2Affine = off_subgroup(|x| {
			G2Affine::get_point_from_x_unchecked(Fq2::new(Fq::from(x), Fq::one()), true)
		});
		let variants = [
			proof.clone(),
			ark_groth16::Proof { a: bad_g1, ..proof.clone() },
			ark_groth16::Proof { b: bad_g2, ..proof.clone() },
			ark_groth16::Proof { c: bad_g1, ..proof.clone() },
		];
		for (i, variant) in variants.iter().enumerate() {
			for bytes in [Proof(variant.clone()).to_bytes().to_vec(), {
				let mut out = Vec::new();
				ark_serialize::CanonicalSerialize::serialize_uncompressed(variant, &mut out)
					.expect("serializes");
				out
			}] {
				let reference = Proof::from_bytes(&bytes);
				assert_eq!(decode_proof(&bytes), reference, "variant {i}");
				assert_eq!(reference.is_ok(), i == 0, "variant {i}");
			}
		}
	}

	#[test]
	fn sums_match_arkworks_for_every_scalar_size() {
		let mut rng = ChaCha20Rng::from_seed([8; 32]);
		let bases: Vec<G1Affine> =
			(0..6).map(|_| (G1Affine::generator() * Fr::rand(&mut rng)).into_affine()).collect();
		let scalars = [
			Fr::zero(),
			Fr::one(),
			Fr::from(u64::MAX),
			Fr::from(u128::MAX),
			Fr::from(u128::MAX) + Fr::one(),
			-Fr::one(),
		];
		let mut sizes = Sizes::default();
		let mut expected = ark_bls12_381::G1Projective::zero();
		for (base, scalar) in bases.iter().zip(&scalars) {
			sizes.push(g1(base), scalar);
			expected += *base * scalar;
		}
		assert_eq!(sizes.sum(), Some(g1(&expected.into_affine())));
		// The identity: no point at all, or points that cancel.
		assert_eq!(Sizes::default().sum(), None);
		let mut cancel = Sizes::default();
		cancel.push(g1(&bases[0]), &Fr::one());
		cancel.push(g1(&bases[0]), &-Fr::one());
		assert_eq!(cancel.sum(), None);
	}
}
