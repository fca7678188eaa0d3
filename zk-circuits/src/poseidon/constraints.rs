//! The Poseidon gadget: [`permute`](super::permute), [`hash2`](super::hash2) and
//! [`hash`](super::hash) in R1CS, computing exactly the native functions.
//!
//! Only S-box outputs are allocated: `x^5` is three products (`x2 = x · x`, `x4 = x2 · x2`,
//! `y = x4 · x`); round constants and the MDS matrix act on linear combinations for free. A
//! permutation costs `3 · (3 · R_F + R_P) = 3 · (24 + 57) = 243` constraints
//! ([`PERMUTATION_CONSTRAINTS`]).

use alloc::vec::Vec;

use ark_relations::gr1cs::SynthesisError;

use super::{
	capacity_tag, FULL_ROUNDS, MDS, MERKLE_TAG, PARTIAL_ROUNDS, RATE, ROUND_CONSTANTS, WIDTH,
};
use crate::{
	r1cs::{Cs, Lc},
	Fr,
};

/// Constraints per permutation.
pub const PERMUTATION_CONSTRAINTS: usize = 3 * (WIDTH * FULL_ROUNDS + PARTIAL_ROUNDS);

/// `x^5`: three constraints.
fn sbox(cs: &Cs, x: &Lc) -> Result<Lc, SynthesisError> {
	let x2 = cs.mul(x, x)?;
	let x4 = cs.mul(&x2, &x2)?;
	cs.mul(&x4, x)
}

/// The permutation `poseidonperm_x5_255_3` on a state of linear combinations.
pub fn permute(cs: &Cs, state: [Lc; WIDTH]) -> Result<[Lc; WIDTH], SynthesisError> {
	let half = FULL_ROUNDS / 2;
	let mut state = state;
	for (round, constants) in ROUND_CONSTANTS.iter().enumerate() {
		let full = round < half || round >= half + PARTIAL_ROUNDS;
		let mut after_sbox = Vec::with_capacity(WIDTH);
		for (cell, (value, constant)) in state.iter().zip(constants).enumerate() {
			let value = value.add_constant(*constant);
			after_sbox.push(if full || cell == 0 { sbox(cs, &value)? } else { value });
		}
		// s <- M · s, as linear combinations.
		state = core::array::from_fn(|i| {
			Lc::sum(&MDS[i].iter().zip(&after_sbox).map(|(m, s)| s.scale(*m)).collect::<Vec<_>>())
		});
	}
	Ok(state)
}

/// [`hash2`](super::hash2): permutes `[3, left, right]`, returns cell 1.
pub fn hash2(cs: &Cs, left: &Lc, right: &Lc) -> Result<Lc, SynthesisError> {
	let [_, out, _] =
		permute(cs, [Lc::constant(Fr::from(MERKLE_TAG)), left.clone(), right.clone()])?;
	Ok(out)
}

/// [`hash`](super::hash): the length-tagged sponge over `inputs`.
pub fn hash(cs: &Cs, inputs: &[Lc]) -> Result<Lc, SynthesisError> {
	hash_tagged(cs, 0, inputs)
}

/// [`hash_tagged`](super::hash_tagged): the sponge over `inputs` in `domain` (the tag is a
/// constant of the capacity: no constraint).
pub fn hash_tagged(cs: &Cs, domain: u64, inputs: &[Lc]) -> Result<Lc, SynthesisError> {
	let mut state = [Lc::constant(capacity_tag(domain, inputs.len())), Lc::zero(), Lc::zero()];
	if inputs.is_empty() {
		state = permute(cs, state)?;
	}
	for chunk in inputs.chunks(RATE) {
		let [capacity, rate_0, rate_1] = state;
		let rate_0 = rate_0.add(&chunk[0]);
		let rate_1 = match chunk.get(1) {
			Some(input) => rate_1.add(input),
			None => rate_1,
		};
		state = permute(cs, [capacity, rate_0, rate_1])?;
	}
	let [_, out, _] = state;
	Ok(out)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::poseidon;
	use ark_ff::{MontFp, One, Zero};
	use ark_relations::gr1cs::ConstraintSystem;

	fn new_cs() -> Cs {
		Cs::new(ConstraintSystem::<Fr>::new_ref())
	}

	fn witnesses(cs: &Cs, values: &[Fr]) -> Vec<Lc> {
		values.iter().map(|v| cs.witness(*v).expect("synthesis")).collect()
	}

	#[test]
	fn permutation_matches_the_reference_test_vector() {
		let cs = new_cs();
		let [a, b, c]: [Lc; 3] =
			witnesses(&cs, &[Fr::zero(), Fr::one(), Fr::from(2u64)]).try_into().expect("synthesis");
		let out = permute(&cs, [a, b, c]).expect("synthesis");
		let expected: [Fr; WIDTH] = [
			MontFp!("0x28ce19420fc246a05553ad1e8c98f5c9d67166be2c18e9e4cb4b4e317dd2a78a"),
			MontFp!("0x51f3e312c95343a896cfd8945ea82ba956c1118ce9b9859b6ea56637b4b1ddc4"),
			MontFp!("0x3b2b69139b235626a0bfb56c9527ae66a7bf486ad8c11c14d1da0c69bbe0f79a"),
		];
		assert_eq!(out.map(|cell| cell.value()), expected);
		assert!(cs.is_satisfied().expect("synthesis"));
		assert_eq!(cs.num_constraints(), PERMUTATION_CONSTRAINTS);
		assert_eq!(PERMUTATION_CONSTRAINTS, 243);
	}

	#[test]
	fn permutation_output_is_bound_to_the_constraints() {
		// Pin the output cell to a wrong value: the system must become unsatisfied.
		let cs = new_cs();
		let inputs = witnesses(&cs, &[Fr::zero(), Fr::one(), Fr::from(2u64)]);
		let [_, out, _] = permute(&cs, [inputs[0].clone(), inputs[1].clone(), inputs[2].clone()])
			.expect("synthesis");
		let claimed = cs.witness(out.value() + Fr::one()).expect("synthesis");
		cs.enforce_equal(&out, &claimed).expect("synthesis");
		assert!(!cs.is_satisfied().expect("synthesis"));
	}

	#[test]
	fn hashes_match_native_on_the_same_inputs() {
		for len in 0..=7u64 {
			let values: Vec<Fr> = (0..len).map(|i| Fr::from(i * 7 + 3)).collect();
			let cs = new_cs();
			let inputs = witnesses(&cs, &values);
			assert_eq!(
				hash(&cs, &inputs).expect("synthesis").value(),
				poseidon::hash(&values),
				"{len}"
			);
			assert!(cs.is_satisfied().expect("synthesis"));
			assert_eq!(
				cs.num_constraints(),
				PERMUTATION_CONSTRAINTS * (len as usize).div_ceil(2).max(1)
			);
		}
		let cs = new_cs();
		let (a, b) = (Fr::from(1u64), Fr::from(2u64));
		let inputs = witnesses(&cs, &[a, b]);
		assert_eq!(
			hash2(&cs, &inputs[0], &inputs[1]).expect("synthesis").value(),
			poseidon::hash2(&a, &b)
		);
		assert!(cs.is_satisfied().expect("synthesis"));
	}
}
