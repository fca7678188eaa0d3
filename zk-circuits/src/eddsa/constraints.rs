//! The EdDSA verification gadget: enforces `s · B = R + h · A` with
//! `h = Poseidon::hash([R.x, R.y, A.x, A.y, M])` in the version's domain, exactly as
//! [`super::PublicKey::verify`].
//!
//! Cost: `R` on the curve (3), the challenge hash (3 permutations), `h`'s canonical bits
//! (about 510), `s`'s 252 booleans, the fixed-base `s · B` (750), the variable-base `h · A`
//! (about 2800), one addition (6) and two equalities; from version 2, `s < l` (253 more:
//! `l - 1 - s` as 252 bits).

use alloc::vec::Vec;

use ark_ec::AffineRepr;
use ark_ed_on_bls12_381::EdwardsAffine;
use ark_ff::{BigInteger, PrimeField};
use ark_relations::gr1cs::SynthesisError;

use super::Signature;
use crate::{
	domain::{Purpose, Version},
	jubjub::constraints::{add, enforce_on_curve, fixed_base_mul, variable_base_mul, PointVar},
	poseidon::constraints::hash_tagged,
	r1cs::{Cs, Lc},
	Fr,
};

/// Bits of `s`: `l < 2^252`.
pub const SCALAR_BITS: usize = 252;

/// A signature's witness variables.
#[derive(Clone, Debug)]
pub struct SignatureVar {
	/// `R`, constrained to the curve.
	pub r: PointVar,
	/// `s`, as 252 booleans (little-endian).
	pub s_bits: Vec<Lc>,
}

impl SignatureVar {
	/// Allocates `signature`: `R`'s coordinates (on the curve: 3 constraints) and `s`'s bits.
	pub fn witness(cs: &Cs, signature: &Signature) -> Result<Self, SynthesisError> {
		let r = PointVar::witness(cs, &signature.r)?;
		enforce_on_curve(cs, &r)?;
		let s = signature.s.into_bigint();
		let s_bits =
			(0..SCALAR_BITS).map(|i| cs.boolean(s.get_bit(i))).collect::<Result<_, _>>()?;
		Ok(Self { r, s_bits })
	}
}

/// Enforces that `signature` is valid for `message` under `public_key`, a point the caller
/// has bound to a validated key (on the curve, in the subgroup), in `version`'s domain. From
/// version 2 it also enforces `s < l`, as native verification does: `l - 1 - s` fits in 252
/// bits exactly when `s <= l - 1` (for `s < 2^252`, `l - 1 - s` is otherwise a field element
/// above `r - 2^252 > 2^252`).
pub fn verify(
	cs: &Cs,
	version: Version,
	public_key: &PointVar,
	message: &Lc,
	signature: &SignatureVar,
) -> Result<(), SynthesisError> {
	if version >= Version::V2 {
		let l_minus_1 = Fr::from_bigint(ark_ed_on_bls12_381::Fr::MODULUS)
			.ok_or(SynthesisError::Unsatisfiable)?
			- Fr::from(1u64);
		let s = Lc::from_bits_le(&signature.s_bits);
		cs.range_check(&Lc::constant(l_minus_1).sub(&s), SCALAR_BITS)?;
	}
	let h = hash_tagged(
		cs,
		version.tag(Purpose::SignatureChallenge),
		&[
			signature.r.x.clone(),
			signature.r.y.clone(),
			public_key.x.clone(),
			public_key.y.clone(),
			message.clone(),
		],
	)?;
	let h_bits = cs.to_canonical_bits_le(&h)?;
	let s_b = fixed_base_mul(cs, &signature.s_bits, &EdwardsAffine::generator())?;
	let h_a = variable_base_mul(cs, &h_bits, public_key)?;
	let rhs = add(cs, &signature.r, &h_a)?;
	cs.enforce_equal(&s_b.x, &rhs.x)?;
	cs.enforce_equal(&s_b.y, &rhs.y)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{
		eddsa::{Scalar, SecretKey},
		Fr,
	};
	use ark_ec::CurveGroup;
	use ark_relations::gr1cs::ConstraintSystem;
	use ark_std::rand::SeedableRng;
	use rand_chacha::ChaCha20Rng;

	fn check(key: &crate::eddsa::PublicKey, message: Fr, signature: &Signature) -> (bool, usize) {
		let cs = Cs::new(ConstraintSystem::<Fr>::new_ref());
		let a = PointVar::witness(&cs, key.point()).expect("synthesis");
		let m = cs.witness(message).expect("synthesis");
		let sig = SignatureVar::witness(&cs, signature).expect("synthesis");
		verify(&cs, Version::V1, &a, &m, &sig).expect("synthesis");
		(cs.is_satisfied().expect("synthesis"), cs.num_constraints())
	}

	#[test]
	fn gadget_agrees_with_native_verification() {
		let key = SecretKey::generate(&mut ChaCha20Rng::from_seed([3; 32]));
		let public = key.public_key();
		let message = Fr::from(1234u64);
		let signature = key.sign(Version::V1, &message);
		let (ok, constraints) = check(&public, message, &signature);
		assert!(ok);
		// R on the curve 3, s bits 252, challenge hash 3 · 243, canonical bits of h 255 + 1 + 254,
		// s · B 84 · 3 + 83 · 6, h · A 11 + 2 + 127 · 22, R + h · A 6, equalities 2.
		assert_eq!(constraints, 3 + 252 + 3 * 243 + 510 + 750 + 2807 + 6 + 2);

		let forgeries = [
			(public, message + Fr::from(1u64), signature),
			(public, message, Signature { s: signature.s + Scalar::from(1u64), ..signature }),
			(
				public,
				message,
				Signature {
					r: (signature.r + EdwardsAffine::generator()).into_affine(),
					..signature
				},
			),
			(
				SecretKey::generate(&mut ChaCha20Rng::from_seed([4; 32])).public_key(),
				message,
				signature,
			),
		];
		for (public, message, signature) in forgeries {
			assert!(public.verify(Version::V1, &message, &signature).is_err());
			assert!(!check(&public, message, &signature).0);
		}
	}
}
