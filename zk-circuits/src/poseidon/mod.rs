//! The Poseidon hash over the BLS12-381 scalar field `Fr`.
//!
//! # Permutation
//!
//! Exactly the reference instance `poseidonperm_x5_255_3` of the Poseidon paper's reference
//! implementation (hadeshash, `code/poseidonperm_x5_255_3.sage`; Grassi, Khovratovich,
//! Rechberger, Roy, Schofnegger, "Poseidon: A New Hash Function for Zero-Knowledge Proof
//! Systems", USENIX Security 2021):
//!
//! - state width `t = 3` ([`WIDTH`]) over `Fr`
//!   (`r = 0x73eda753…00000001`, 255 bits);
//! - S-box `x^5` ([`ALPHA`]; `gcd(5, r - 1) = 1`, so it is a permutation);
//! - `R_F = 8` full rounds ([`FULL_ROUNDS`]), 4 before and 4 after `R_P = 57` partial rounds
//!   ([`PARTIAL_ROUNDS`]);
//! - each round: add the round's three constants, apply the S-box to every cell (full rounds)
//!   or to cell 0 only (partial rounds), multiply by the MDS matrix as `s <- M · s`. Every
//!   round, the last included, applies the matrix.
//!
//! Round constants and matrix are the reference's ([`constants`]). The instance targets
//! 128-bit security (`M = 128`): the round numbers are the paper's minimum for that level
//! (`R_F = 6`, `R_P = 53`) plus its security margin (two more full rounds, 7.5% more partial
//! rounds), and one capacity element of 255 bits, as in the paper's Poseidon-128 instances.
//!
//! # Hashes
//!
//! The state is `[capacity, rate_0, rate_1]`: cell 0 is the capacity ([`CAPACITY`] = 1), cells
//! 1 and 2 the rate ([`RATE`] = 2). Both hashes output one element, cell 1 (the first rate
//! cell). The capacity's initial value separates the domains (paper, §4.2):
//!
//! - [`hash2`], the two-to-one compression of Merkle-tree nodes: state
//!   `[3, left, right]` (`3 = 2^arity - 1` for arity 2, the paper's Merkle-tree tag), one
//!   permutation, output cell 1.
//! - [`hash`], a sponge for a fixed number `L` of inputs, used where the count varies between
//!   uses (credential commitments): state `[L · 2^64, 0, 0]` (the paper's fixed-input-length
//!   tag `2^64 · L + (o - 1)` with output length `o = 1`); the inputs are absorbed two at a
//!   time, each pair field-added into cells 1 and 2 and followed by one permutation; an odd
//!   last input is paired with 0, and an empty input still permutes once; output cell 1.
//!
//! Because `L` is in the capacity, inputs of different lengths never collide through padding
//! (`hash(&[a]) != hash(&[a, 0])`), and neither hash collides with the other by construction
//! (`hash(&[a, b])` starts from capacity `2^65`, `hash2(a, b)` from 3).
//!
//! The R1CS gadget ([`constraints`]) computes exactly these functions:
//! the same permutation, capacity tags, absorption order, padding and output cell.

pub mod constants;
pub mod constraints;

use ark_ff::{Field, Zero};

pub use constants::{MDS, ROUND_CONSTANTS};

use crate::Fr;

/// Cells in the state (`t`).
pub const WIDTH: usize = 3;
/// Full rounds (`R_F`): half before the partial rounds, half after.
pub const FULL_ROUNDS: usize = 8;
/// Partial rounds (`R_P`): the S-box on cell 0 only.
pub const PARTIAL_ROUNDS: usize = 57;
/// The S-box exponent (`x^ALPHA`).
pub const ALPHA: u64 = 5;
/// Rate cells of the sponge (cells 1 and 2).
pub const RATE: usize = 2;
/// Capacity cells of the sponge (cell 0).
pub const CAPACITY: usize = 1;
/// The capacity tag of [`hash2`]: `2^arity - 1` for a binary Merkle tree.
pub const MERKLE_TAG: u64 = 3;

/// The Poseidon permutation `poseidonperm_x5_255_3`, in place.
pub fn permute(state: &mut [Fr; WIDTH]) {
	let half = FULL_ROUNDS / 2;
	for (round, constants) in ROUND_CONSTANTS.iter().enumerate() {
		for (cell, constant) in state.iter_mut().zip(constants) {
			*cell += constant;
		}
		if round < half || round >= half + PARTIAL_ROUNDS {
			state.iter_mut().for_each(sbox);
		} else {
			let [first, ..] = state;
			sbox(first);
		}
		mix(state);
	}
}

/// `x <- x^5`: two squarings and a multiplication.
#[inline(always)]
fn sbox(x: &mut Fr) {
	let x4 = x.square().square();
	*x *= x4;
}

/// `s <- M · s`.
#[inline(always)]
fn mix(state: &mut [Fr; WIDTH]) {
	let input = *state;
	for (cell, row) in state.iter_mut().zip(MDS.iter()) {
		*cell = row.iter().zip(input.iter()).map(|(m, s)| *m * s).sum();
	}
}

/// Two-to-one compression for Merkle nodes: permutes `[3, left, right]` and returns cell 1.
///
/// Not symmetric: `hash2(a, b) != hash2(b, a)` unless `a == b`.
pub fn hash2(left: &Fr, right: &Fr) -> Fr {
	let mut state = [Fr::from(MERKLE_TAG), *left, *right];
	permute(&mut state);
	let [_, out, _] = state;
	out
}

/// The sponge hash of `inputs` (see the [module documentation](self)): capacity
/// `inputs.len() · 2^64`, inputs absorbed in pairs (the last padded with 0), one permutation
/// per pair (one for an empty input), output cell 1. The untagged hash of circuit version 1:
/// [`hash_tagged`] with domain 0.
pub fn hash(inputs: &[Fr]) -> Fr {
	hash_tagged(0, inputs)
}

/// The sponge hash of `inputs` in the domain `domain`: [`hash`] with the capacity started at
/// `domain · 2^128 + inputs.len() · 2^64`, so hashes of different domains never share a
/// state, whatever their inputs (circuit version 2 tags every use, see
/// [`crate::domain`]).
pub fn hash_tagged(domain: u64, inputs: &[Fr]) -> Fr {
	let mut state = [capacity_tag(domain, inputs.len()), Fr::zero(), Fr::zero()];
	if inputs.is_empty() {
		permute(&mut state);
	}
	for chunk in inputs.chunks(RATE) {
		let [_, rate_0, rate_1] = &mut state;
		for (cell, input) in [rate_0, rate_1].into_iter().zip(chunk) {
			*cell += input;
		}
		permute(&mut state);
	}
	let [_, out, _] = state;
	out
}

/// The capacity tag of [`hash_tagged`] for `len` inputs in `domain`:
/// `domain · 2^128 + len · 2^64`.
pub(crate) fn capacity_tag(domain: u64, len: usize) -> Fr {
	// `usize` is at most 64 bits, so `len · 2^64 < 2^128` and `domain · 2^128 < 2^192 < r`:
	// the tag is exact and the two parts never overlap.
	Fr::from(u128::from(domain)) * Fr::from(1u128 << 64).square() + Fr::from((len as u128) << 64)
}

#[cfg(test)]
mod tests {
	use super::*;
	use ark_ff::{MontFp, One};

	#[test]
	fn permutation_matches_the_reference_test_vector() {
		// hadeshash `code/test_vectors.txt`, `poseidonperm_x5_255_3`: input [0, 1, 2].
		let mut state = [Fr::zero(), Fr::one(), Fr::from(2u64)];
		permute(&mut state);
		let expected: [Fr; WIDTH] = [
			MontFp!("0x28ce19420fc246a05553ad1e8c98f5c9d67166be2c18e9e4cb4b4e317dd2a78a"),
			MontFp!("0x51f3e312c95343a896cfd8945ea82ba956c1118ce9b9859b6ea56637b4b1ddc4"),
			MontFp!("0x3b2b69139b235626a0bfb56c9527ae66a7bf486ad8c11c14d1da0c69bbe0f79a"),
		];
		assert_eq!(state, expected);
	}

	#[test]
	fn parameters_are_the_instance() {
		assert_eq!(ROUND_CONSTANTS.len(), FULL_ROUNDS + PARTIAL_ROUNDS);
		assert_eq!(RATE + CAPACITY, WIDTH);
		assert_eq!(FULL_ROUNDS % 2, 0);
		// x^5 is a permutation of Fr: ALPHA is prime and does not divide r - 1.
		let modulus = <Fr as ark_ff::PrimeField>::MODULUS.0;
		let r_minus_1_mod_alpha = modulus
			.iter()
			.rev()
			.fold(0u128, |acc, limb| ((acc << 64) + u128::from(*limb)) % u128::from(ALPHA))
			+ u128::from(ALPHA)
			- 1;
		assert_ne!(r_minus_1_mod_alpha % u128::from(ALPHA), 0);
	}

	/// Regression vectors: computed once by this implementation and, independently, by a
	/// direct transcription of the specification above on top of the reference constants.
	/// A change here changes every status-tree root and every credential commitment.
	#[test]
	fn hash2_regression_vectors() {
		let vectors: [(u64, u64, Fr); 3] = [
			(0, 0, MontFp!("0x0aabdfeff9823b24ae308aae2403da885be469083a38dcd36b6a87bcfce30d83")),
			(1, 2, MontFp!("0x3906acc6e38e0652370778d34b24a6181392fb6743b5be568f47edabd4e56dec")),
			(2, 1, MontFp!("0x2029e0adaefd18ef5ca9015ed3bbd1f3dca9a8a9a754b9f7dab2e566871c934d")),
		];
		for (left, right, expected) in vectors {
			assert_eq!(hash2(&Fr::from(left), &Fr::from(right)), expected, "({left}, {right})");
		}
	}

	/// Regression vectors, computed as those of [`hash2_regression_vectors`].
	#[test]
	fn hash_regression_vectors() {
		let vectors: [(&[u64], Fr); 6] = [
			(&[], MontFp!("0x10a9e48afc92bd4669b3a8c08c8c99d4144632da67c6cb9bb19cc8facaf8ed3e")),
			(&[0], MontFp!("0x1ce7bbe21c16a2653f0fd9acf2db8b60064181722de57dd8347a27073e1d4e5a")),
			(&[1], MontFp!("0x4e4ba9d1cfb76a73e5c7e937dc545ffa72889c1c1bb6a5549160891f7cf4a823")),
			(
				&[1, 0],
				MontFp!("0x52bb28bf97189105a6a0f97c04831b33feae691dd65469a7dca26eaf045045a4"),
			),
			(
				&[1, 2],
				MontFp!("0x22bfe6ed4f16dd3abe8becff2a4608d1e61f0ea1b408d508f3ed9ffc599d0ca3"),
			),
			(
				&[1, 2, 3],
				MontFp!("0x36e5517519413221092a470659527a8e69a9b393005ee3cbe2c8db57e91f790d"),
			),
		];
		for (inputs, expected) in vectors {
			let inputs: Vec<Fr> = inputs.iter().copied().map(Fr::from).collect();
			assert_eq!(hash(&inputs), expected, "{inputs:?}");
		}
	}

	#[test]
	fn hash2_is_the_merkle_tagged_permutation() {
		let (a, b) = (Fr::from(7u64), Fr::from(11u64));
		let mut state = [Fr::from(3u64), a, b];
		permute(&mut state);
		assert_eq!(hash2(&a, &b), state[1]);
	}

	#[test]
	fn hash_is_the_length_tagged_sponge() {
		let inputs = [Fr::from(1u64), Fr::from(2u64), Fr::from(3u64)];
		let mut state = [Fr::from(3u64) * Fr::from(2u64).pow([64u64]), inputs[0], inputs[1]];
		permute(&mut state);
		state[1] += inputs[2];
		permute(&mut state);
		assert_eq!(hash(&inputs), state[1]);
	}

	#[test]
	fn hash2_is_not_symmetric() {
		let (a, b) = (Fr::from(1u64), Fr::from(2u64));
		assert_ne!(hash2(&a, &b), hash2(&b, &a));
	}

	#[test]
	fn hash_and_hash2_are_separated() {
		let (a, b) = (Fr::from(1u64), Fr::from(2u64));
		assert_ne!(hash(&[a, b]), hash2(&a, &b));
		assert_ne!(hash(&[Fr::zero(), Fr::zero()]), hash2(&Fr::zero(), &Fr::zero()));
	}

	#[test]
	fn lengths_are_separated() {
		let a = Fr::from(5u64);
		assert_ne!(hash(&[a]), hash(&[a, Fr::zero()]));
		assert_ne!(hash(&[]), hash(&[Fr::zero()]));
		assert_ne!(hash(&[a, a]), hash(&[a, a, Fr::zero()]));
		assert_ne!(hash(&[a, Fr::zero(), Fr::zero()]), hash(&[a, Fr::zero()]));
	}

	#[test]
	fn inputs_are_ordered() {
		let (a, b, c) = (Fr::from(1u64), Fr::from(2u64), Fr::from(3u64));
		assert_ne!(hash(&[a, b, c]), hash(&[b, a, c]));
		assert_ne!(hash(&[a, b, c]), hash(&[a, c, b]));
	}
}
