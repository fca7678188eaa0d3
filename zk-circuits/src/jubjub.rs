//! Jubjub (the twisted Edwards curve over BLS12-381's scalar field, `ark-ed-on-bls12-381`):
//! the curve of zero-knowledge issuer keys.
//!
//! A public key is a point's 32-byte compressed encoding (arkworks: the y-coordinate,
//! little-endian, with x's sign in the top bit). A valid key is a canonical encoding of a
//! point on the curve, in the prime-order subgroup, and not the identity: small-order
//! components would let signatures be forged or keys be confused.

pub mod constraints;

use ark_ec::AffineRepr;
use ark_ed_on_bls12_381::EdwardsAffine;
use ark_serialize::{CanonicalDeserialize, Compress, Validate};

/// Bytes in a compressed Jubjub point.
pub const POINT_BYTES: usize = 32;

/// Decodes a public key, checking it is on the curve, in the prime-order subgroup and not the
/// identity; `None` otherwise.
pub fn decode_public_key(bytes: &[u8]) -> Option<EdwardsAffine> {
	if bytes.len() != POINT_BYTES {
		return None;
	}
	// `deserialize_compressed` validates: canonical coordinates, on the curve, subgroup.
	let point = EdwardsAffine::deserialize_compressed(bytes).ok()?;
	(!point.is_zero()).then_some(point)
}

/// Decodes a public key that was validated ([`decode_public_key`]) when it was stored, such
/// as the DID registry's zero-knowledge keys (it validates every one it writes): decompresses
/// it without the subgroup check, a scalar multiplication that is most of the cost in wasm.
/// Still refuses what is not a canonical encoding of a curve point, and the identity. Never
/// for bytes from an untrusted source.
pub fn decode_trusted_public_key(bytes: &[u8]) -> Option<EdwardsAffine> {
	if bytes.len() != POINT_BYTES {
		return None;
	}
	let point = EdwardsAffine::deserialize_with_mode(bytes, Compress::Yes, Validate::No).ok()?;
	(point.is_on_curve() && !point.is_zero()).then_some(point)
}

/// Whether `bytes` is a valid public key (see [`decode_public_key`]).
pub fn is_valid_public_key(bytes: &[u8]) -> bool {
	decode_public_key(bytes).is_some()
}

/// The encoding of the curve's standard generator: a valid public key whose secret is 1, for
/// benchmarks and tests that need any valid key (checking a valid key is the slowest case).
pub fn generator_public_key() -> [u8; POINT_BYTES] {
	use ark_serialize::CanonicalSerialize;
	let mut out = [0u8; POINT_BYTES];
	// A compressed point is always exactly POINT_BYTES long, so this cannot fail.
	let _ = EdwardsAffine::generator().serialize_compressed(&mut out[..]);
	out
}

#[cfg(test)]
mod tests {
	use super::*;
	use ark_ec::{CurveGroup, PrimeGroup};
	use ark_ed_on_bls12_381::{EdwardsProjective, Fq, Fr};
	use ark_ff::{BigInteger, One, PrimeField, Zero};
	use ark_serialize::CanonicalSerialize;

	fn encode(point: &EdwardsAffine) -> [u8; 32] {
		let mut out = [0u8; 32];
		point.serialize_compressed(&mut out[..]).expect("32 bytes");
		out
	}

	#[test]
	fn generator_multiples_are_valid() {
		for k in [1u64, 2, 12_345, u64::MAX] {
			let point = (EdwardsProjective::generator() * Fr::from(k)).into_affine();
			let bytes = encode(&point);
			assert_eq!(decode_public_key(&bytes), Some(point));
		}
	}

	#[test]
	fn the_generator_is_a_valid_key() {
		assert!(is_valid_public_key(&generator_public_key()));
	}

	#[test]
	fn identity_is_rejected() {
		assert!(!is_valid_public_key(&encode(&EdwardsAffine::zero())));
	}

	/// The trusted decoding gives the same point as the validating one for every valid key,
	/// refuses the identity, malformed lengths and non-canonical `y`, and — the check it
	/// leaves to whoever stored the key — accepts a curve point outside the subgroup.
	#[test]
	fn trusted_decoding_skips_only_the_subgroup_check() {
		for k in [1u64, 2, 12_345, u64::MAX] {
			let point = (EdwardsProjective::generator() * Fr::from(k)).into_affine();
			assert_eq!(decode_trusted_public_key(&encode(&point)), Some(point));
		}
		assert_eq!(decode_trusted_public_key(&encode(&EdwardsAffine::zero())), None);
		assert_eq!(decode_trusted_public_key(&[0u8; 31]), None);
		let mut modulus = [0u8; 32];
		modulus.copy_from_slice(&Fq::MODULUS.to_bytes_le());
		assert_eq!(decode_trusted_public_key(&modulus), None);
		let order_two = EdwardsAffine::new_unchecked(Fq::zero(), -Fq::one());
		let mixed =
			(EdwardsProjective::generator() + EdwardsProjective::from(order_two)).into_affine();
		assert_eq!(decode_trusted_public_key(&encode(&mixed)), Some(mixed));
		assert_eq!(decode_public_key(&encode(&mixed)), None);
	}

	#[test]
	fn small_order_points_are_rejected() {
		// (0, -1) has order 2; it is on the curve but outside the prime-order subgroup.
		let order_two = EdwardsAffine::new_unchecked(Fq::zero(), -Fq::one());
		assert!(order_two.is_on_curve());
		assert!(!is_valid_public_key(&encode(&order_two)));
		// A subgroup point plus the order-2 point is on the curve but not in the subgroup.
		let mixed =
			(EdwardsProjective::generator() + EdwardsProjective::from(order_two)).into_affine();
		assert!(mixed.is_on_curve());
		assert!(!is_valid_public_key(&encode(&mixed)));
	}

	#[test]
	fn malformed_bytes_are_rejected() {
		assert!(!is_valid_public_key(&[]));
		assert!(!is_valid_public_key(&[0u8; 31]));
		assert!(!is_valid_public_key(&[0u8; 33]));
		// y = p (non-canonical encoding of y = 0).
		let mut modulus = [0u8; 32];
		modulus.copy_from_slice(&Fq::MODULUS.to_bytes_le());
		assert!(!is_valid_public_key(&modulus));
		// Across arbitrary strings, whatever decodes is a canonical subgroup point, and points
		// that are on the curve but outside the subgroup are among those refused.
		let mut refused_off_subgroup = 0;
		for b in 0u8..=255 {
			let bytes = [b; 32];
			match decode_public_key(&bytes) {
				Some(point) => {
					assert!(point.is_in_correct_subgroup_assuming_on_curve());
					assert_eq!(encode(&point), bytes, "canonical");
				},
				None => {
					if let Ok(point) = EdwardsAffine::deserialize_compressed_unchecked(&bytes[..]) {
						if point.is_on_curve() && !point.is_in_correct_subgroup_assuming_on_curve()
						{
							refused_off_subgroup += 1;
						}
					}
				},
			}
		}
		assert!(refused_off_subgroup > 0);
	}
}
