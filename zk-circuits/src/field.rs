//! The BLS12-381 scalar field `Fr` and its canonical byte encoding.
//!
//! Encoding: 32 bytes, little-endian, of the integer representative in `[0, r)`, where
//! `r = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001`.
//! Decoding accepts exactly those bytes: a value `>= r` is rejected, never reduced, so each
//! field element has one encoding and proofs' public inputs cannot be malleated.

use ark_ff::{BigInteger, PrimeField};

use crate::Error;

/// The BLS12-381 scalar field: public inputs, hashes and witnesses live here.
pub type Fr = ark_bls12_381::Fr;

/// Bytes in an encoded field element.
pub const FR_BYTES: usize = 32;

/// The canonical encoding of `value`.
pub fn to_bytes(value: &Fr) -> [u8; FR_BYTES] {
	let mut out = [0u8; FR_BYTES];
	let le = value.into_bigint().to_bytes_le();
	// `Fr`'s representation is four 64-bit limbs: exactly 32 bytes.
	for (dst, src) in out.iter_mut().zip(le) {
		*dst = src;
	}
	out
}

/// Decodes a canonical encoding, rejecting wrong lengths and values `>= r`.
pub fn from_bytes(bytes: &[u8]) -> Result<Fr, Error> {
	if bytes.len() != FR_BYTES {
		return Err(Error::InvalidLength { expected: FR_BYTES, got: bytes.len() });
	}
	let mut limbs = [0u64; 4];
	for (limb, chunk) in limbs.iter_mut().zip(bytes.chunks_exact(8)) {
		let mut word = [0u8; 8];
		word.copy_from_slice(chunk);
		*limb = u64::from_le_bytes(word);
	}
	Fr::from_bigint(ark_ff::BigInt::new(limbs)).ok_or(Error::NonCanonicalFieldElement)
}

/// The scalar a 32-byte digest (a BLAKE2b-256 output, say) stands for: the digest with its
/// top three bits cleared, read little-endian. That is below `2^253 < r`, so it is canonical
/// as it is: nothing is reduced.
pub fn from_digest(mut digest: [u8; FR_BYTES]) -> Fr {
	digest[FR_BYTES - 1] &= 0x1f;
	// Cannot fail: the value is below 2^253.
	from_bytes(&digest).unwrap_or_default()
}

#[cfg(test)]
mod tests {
	use super::*;
	use ark_ff::{One, Zero};

	fn modulus_le() -> [u8; FR_BYTES] {
		let mut out = [0u8; FR_BYTES];
		out.copy_from_slice(&Fr::MODULUS.to_bytes_le());
		out
	}

	#[test]
	fn digests_clear_the_top_three_bits() {
		assert_eq!(to_bytes(&from_digest([0xff; FR_BYTES]))[31], 0x1f);
		assert_eq!(to_bytes(&from_digest([0xff; FR_BYTES]))[..31], [0xff; 31]);
		assert_eq!(from_digest([0; FR_BYTES]), Fr::zero());
		let mut digest = [7u8; FR_BYTES];
		digest[31] = 0x1f;
		assert_eq!(from_bytes(&digest), Ok(from_digest(digest)));
	}

	#[test]
	fn modulus_is_the_documented_constant() {
		let mut be = modulus_le();
		be.reverse();
		assert_eq!(
			array_bytes::bytes2hex("", be),
			"73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001"
		);
	}

	#[test]
	fn encoding_round_trips() {
		for value in [Fr::zero(), Fr::one(), -Fr::one(), Fr::from(0xdead_beef_u64)] {
			assert_eq!(from_bytes(&to_bytes(&value)), Ok(value));
		}
		assert_eq!(to_bytes(&Fr::from(258u64))[..2], [2, 1]);
	}

	#[test]
	fn largest_element_is_accepted() {
		let mut bytes = modulus_le();
		bytes[0] -= 1; // r - 1: r ends in ...0001, so no borrow
		assert_eq!(from_bytes(&bytes), Ok(-Fr::one()));
	}

	#[test]
	fn modulus_and_above_are_rejected() {
		let modulus = modulus_le();
		assert_eq!(from_bytes(&modulus), Err(Error::NonCanonicalFieldElement));
		let mut above = modulus;
		above[0] += 1;
		assert_eq!(from_bytes(&above), Err(Error::NonCanonicalFieldElement));
		assert_eq!(from_bytes(&[0xff; FR_BYTES]), Err(Error::NonCanonicalFieldElement));
	}

	#[test]
	fn wrong_lengths_are_rejected() {
		assert_eq!(from_bytes(&[0u8; 31]), Err(Error::InvalidLength { expected: 32, got: 31 }));
		assert_eq!(from_bytes(&[0u8; 33]), Err(Error::InvalidLength { expected: 32, got: 33 }));
		assert_eq!(from_bytes(&[]), Err(Error::InvalidLength { expected: 32, got: 0 }));
	}
}
