//! The constraint-building layer the gadgets share: linear combinations that carry their
//! value, products, booleans, bit decompositions and range checks.
//!
//! Linear operations are free: they build [`Lc`]s and allocate nothing. Only products
//! allocate a variable and add one R1CS constraint (`a · b = c`), so every gadget's cost is
//! the number of its [`Cs::mul`]-like calls, which the tests count.
//!
//! Values are always present: a circuit synthesised for key generation carries a dummy
//! witness (see [`crate::circuit`]), so gadgets never branch on whether a value is known.
//!
//! Why not `ark-r1cs-std` (`FpVar`, `Boolean`, `AllocVar`):
//!
//! - the keys follow from the exact sequence of allocations and constraints, and the costs
//!   in `docs/zk-credentials.md` are counted per gadget: here both are what the code says,
//!   since linear operations only build an [`Lc`] and every constraint is an explicit
//!   [`Cs::enforce`] or product. `FpVar` additions register symbolic variables, and the
//!   costs of its gadgets (bit decompositions, comparisons, selection) are the library's to
//!   choose and may change with its version;
//! - an [`Lc`] carries its value, so gadgets compute witnesses (bits, inverses) from it
//!   directly, where `FpVar::value()` is a `Result` and fails in setup mode;
//! - every error is a [`SynthesisError`], where `ark-r1cs-std` unwraps inside its operators;
//! - the crate builds `no_std` into the runtime with `ark-relations` alone; `ark-r1cs-std`
//!   would add `educe`, `itertools`, `num-bigint`, `num-integer`, `num-traits` and `tracing`
//!   for the few operations the gadgets need (products, booleans, bits, range checks,
//!   selection, one comparison against `r - 1`).

use alloc::vec::Vec;

use ark_ff::{AdditiveGroup, BigInteger, Field, One, PrimeField, Zero};
use ark_relations::gr1cs::{ConstraintSystemRef, LinearCombination, SynthesisError, Variable};

use crate::Fr;

/// `r - 1`, the largest canonical field element, as an integer.
fn r_minus_one() -> ark_ff::BigInt<4> {
	let mut bound = Fr::MODULUS;
	bound.sub_with_borrow(&ark_ff::BigInt::from(1u64));
	bound
}

/// A linear combination of circuit variables together with its value under the witness.
#[derive(Clone, Debug)]
pub struct Lc {
	lc: LinearCombination<Fr>,
	value: Fr,
}

impl Lc {
	/// The constant `c`.
	pub fn constant(c: Fr) -> Self {
		let lc = if c.is_zero() {
			LinearCombination::zero()
		} else {
			LinearCombination(alloc::vec![(c, Variable::One)])
		};
		Self { lc, value: c }
	}

	/// The constant 0.
	pub fn zero() -> Self {
		Self::constant(Fr::zero())
	}

	/// The constant 1.
	pub fn one() -> Self {
		Self::constant(Fr::one())
	}

	/// The value under the witness.
	pub fn value(&self) -> Fr {
		self.value
	}

	/// The linear combination.
	pub(crate) fn lc(&self) -> LinearCombination<Fr> {
		self.lc.clone()
	}

	fn variable(var: Variable, value: Fr) -> Self {
		Self { lc: LinearCombination(alloc::vec![(Fr::one(), var)]), value }
	}

	/// `self + other`.
	pub fn add(&self, other: &Lc) -> Lc {
		Lc { lc: &self.lc + &other.lc, value: self.value + other.value }
	}

	/// `self - other`.
	pub fn sub(&self, other: &Lc) -> Lc {
		Lc { lc: &self.lc - &other.lc, value: self.value - other.value }
	}

	/// `c · self`.
	pub fn scale(&self, c: Fr) -> Lc {
		if c.is_zero() {
			return Lc::zero();
		}
		Lc { lc: &self.lc * c, value: self.value * c }
	}

	/// `self + c`.
	pub fn add_constant(&self, c: Fr) -> Lc {
		self.add(&Lc::constant(c))
	}

	/// `sum_i terms_i`.
	pub fn sum<'a>(terms: impl IntoIterator<Item = &'a Lc>) -> Lc {
		terms.into_iter().fold(Lc::zero(), |acc, term| acc.add(term))
	}

	/// `sum_i 2^i · bits_i` (little-endian): the integer the bits represent.
	pub fn from_bits_le(bits: &[Lc]) -> Lc {
		let mut acc = Lc::zero();
		let mut power = Fr::one();
		for bit in bits {
			acc = acc.add(&bit.scale(power));
			power.double_in_place();
		}
		acc
	}
}

/// The constraint system the gadgets write to, with the helpers that allocate.
#[derive(Clone, Debug)]
pub struct Cs {
	inner: ConstraintSystemRef<Fr>,
}

impl Cs {
	/// Wraps an arkworks constraint system.
	pub fn new(inner: ConstraintSystemRef<Fr>) -> Self {
		Self { inner }
	}

	/// Constraints so far.
	pub fn num_constraints(&self) -> usize {
		self.inner.num_constraints()
	}

	/// Whether every constraint holds (`Ok(false)` on the first that does not).
	pub fn is_satisfied(&self) -> Result<bool, SynthesisError> {
		self.inner.is_satisfied()
	}

	/// A new public input with value `value`.
	pub fn input(&self, value: Fr) -> Result<Lc, SynthesisError> {
		let var = self.inner.new_input_variable(|| Ok(value))?;
		Ok(Lc::variable(var, value))
	}

	/// A new witness variable with value `value` (unconstrained: the caller constrains it).
	pub fn witness(&self, value: Fr) -> Result<Lc, SynthesisError> {
		let var = self.inner.new_witness_variable(|| Ok(value))?;
		Ok(Lc::variable(var, value))
	}

	/// Enforces `a · b = c`.
	pub fn enforce(&self, a: &Lc, b: &Lc, c: &Lc) -> Result<(), SynthesisError> {
		self.inner.enforce_r1cs_constraint(|| a.lc(), || b.lc(), || c.lc())
	}

	/// Enforces `a = b` (one constraint: `(a - b) · 1 = 0`).
	pub fn enforce_equal(&self, a: &Lc, b: &Lc) -> Result<(), SynthesisError> {
		self.enforce(&a.sub(b), &Lc::one(), &Lc::zero())
	}

	/// `a · b` as a new variable (one constraint).
	pub fn mul(&self, a: &Lc, b: &Lc) -> Result<Lc, SynthesisError> {
		let c = self.witness(a.value * b.value)?;
		self.enforce(a, b, &c)?;
		Ok(c)
	}

	/// A new boolean witness: `b · (1 - b) = 0` (one constraint).
	pub fn boolean(&self, value: bool) -> Result<Lc, SynthesisError> {
		let b = self.witness(Fr::from(value))?;
		self.enforce_boolean(&b)?;
		Ok(b)
	}

	/// Enforces `b ∈ {0, 1}`: `b · (1 - b) = 0`.
	pub fn enforce_boolean(&self, b: &Lc) -> Result<(), SynthesisError> {
		self.enforce(b, &Lc::one().sub(b), &Lc::zero())
	}

	/// `if bit { when_one } else { when_zero }` for a boolean `bit` (one constraint):
	/// `when_zero + bit · (when_one - when_zero)`.
	pub fn select(&self, bit: &Lc, when_one: &Lc, when_zero: &Lc) -> Result<Lc, SynthesisError> {
		let delta = self.mul(bit, &when_one.sub(when_zero))?;
		Ok(when_zero.add(&delta))
	}

	/// The `width` low bits of `value` as booleans, little-endian, constrained to sum to
	/// `value`: this proves `value < 2^width` (for `width < 254`, where the sum cannot wrap
	/// around the modulus). `width` booleans and one equality.
	pub fn to_bits_le(&self, value: &Lc, width: usize) -> Result<Vec<Lc>, SynthesisError> {
		let bits = self.witness_bits_le(&value.value, width)?;
		self.enforce_equal(&Lc::from_bits_le(&bits), value)?;
		Ok(bits)
	}

	/// The `width` low bits of `value` as new booleans, unconstrained to any sum.
	pub fn witness_bits_le(&self, value: &Fr, width: usize) -> Result<Vec<Lc>, SynthesisError> {
		let repr = value.into_bigint();
		(0..width).map(|i| self.boolean(repr.get_bit(i))).collect()
	}

	/// Enforces `value < 2^width` (see [`Cs::to_bits_le`]).
	pub fn range_check(&self, value: &Lc, width: usize) -> Result<(), SynthesisError> {
		self.to_bits_le(value, width).map(|_| ())
	}

	/// The 255 bits of a field element, little-endian, constrained to be its canonical
	/// representation: they sum to `value` and, as an integer, are at most `r - 1` (see
	/// [`Cs::enforce_bits_at_most`]). About `2 · 255` constraints.
	pub fn to_canonical_bits_le(&self, value: &Lc) -> Result<Vec<Lc>, SynthesisError> {
		let bits = self.witness_bits_le(&value.value, Fr::MODULUS_BIT_SIZE as usize)?;
		self.enforce_equal(&Lc::from_bits_le(&bits), value)?;
		self.enforce_bits_at_most(&bits, &r_minus_one())?;
		Ok(bits)
	}

	/// Enforces that the boolean `bits` (little-endian) read as an integer are at most
	/// `bound`. From the top bit down, `equal` is the product of the bits seen so far where
	/// `bound` has a one ("the prefix equals bound's prefix"): where `bound` has a one it
	/// extends the product (`equal' = equal · bit`), where it has a zero the bit must be 0
	/// while the prefix is equal (`equal · bit = 0`). One constraint per bit, less at the top.
	pub fn enforce_bits_at_most(
		&self,
		bits: &[Lc],
		bound: &ark_ff::BigInt<4>,
	) -> Result<(), SynthesisError> {
		// `None` while no bit has been seen: "equal so far" is the constant 1.
		let mut equal: Option<Lc> = None;
		for (i, bit) in bits.iter().enumerate().rev() {
			let one = Lc::one();
			let prefix = equal.as_ref().unwrap_or(&one);
			if bound.get_bit(i) {
				equal = Some(match &equal {
					None => bit.clone(),
					Some(p) => self.mul(p, bit)?,
				});
			} else {
				self.enforce(prefix, bit, &Lc::zero())?;
			}
		}
		Ok(())
	}

	/// Whether `a = b`, as a boolean (two constraints): with `d = a - b`, witnesses
	/// `eq` and `inv`, enforces `d · inv = 1 - eq` and `d · eq = 0`.
	pub fn is_equal(&self, a: &Lc, b: &Lc) -> Result<Lc, SynthesisError> {
		let d = a.sub(b);
		let eq = self.witness(Fr::from(d.value.is_zero()))?;
		let inv = self.witness(d.value.inverse().unwrap_or_else(Fr::zero))?;
		self.enforce(&d, &inv, &Lc::one().sub(&eq))?;
		self.enforce(&d, &eq, &Lc::zero())?;
		Ok(eq)
	}

	/// Among `options`, the one at `index` (a number given by its little-endian bits), by a
	/// tree of [`Cs::select`]s: `options.len() - 1` constraints. `options.len()` must be
	/// `2^bits.len()`.
	pub fn select_by_bits(&self, bits: &[Lc], options: &[Lc]) -> Result<Lc, SynthesisError> {
		if options.len() != 1 << bits.len() {
			return Err(SynthesisError::Unsatisfiable);
		}
		let mut layer = options.to_vec();
		for bit in bits {
			layer = layer
				.chunks_exact(2)
				.map(|pair| self.select(bit, &pair[1], &pair[0]))
				.collect::<Result<_, _>>()?;
		}
		layer.pop().ok_or(SynthesisError::Unsatisfiable)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use ark_relations::gr1cs::ConstraintSystem;

	fn new_cs() -> Cs {
		Cs::new(ConstraintSystem::<Fr>::new_ref())
	}

	fn satisfied(f: impl FnOnce(&Cs) -> Result<(), SynthesisError>) -> bool {
		let cs = new_cs();
		f(&cs).expect("synthesis");
		cs.is_satisfied().expect("satisfiability")
	}

	#[test]
	fn range_check_at_the_boundaries() {
		let max = Fr::from(u64::MAX);
		for (value, ok) in [
			(Fr::zero(), true),
			(Fr::one(), true),
			(max - Fr::one(), true),
			(max, true),
			(max + Fr::one(), false),
			(-Fr::one(), false),
		] {
			assert_eq!(
				satisfied(|cs| {
					let v = cs.witness(value)?;
					cs.range_check(&v, 64)
				}),
				ok,
				"{value}"
			);
		}
	}

	#[test]
	fn range_check_costs_width_plus_one() {
		let cs = new_cs();
		let v = cs.witness(Fr::from(5u64)).expect("synthesis");
		cs.range_check(&v, 64).expect("synthesis");
		assert_eq!(cs.num_constraints(), 65);
	}

	#[test]
	fn canonical_bits_accept_every_field_element() {
		for value in [Fr::zero(), Fr::one(), -Fr::one(), -Fr::from(2u64), Fr::from(1u128 << 127)] {
			let cs = new_cs();
			let v = cs.witness(value).expect("synthesis");
			let bits = cs.to_canonical_bits_le(&v).expect("synthesis");
			assert!(cs.is_satisfied().expect("synthesis"), "{value}");
			assert_eq!(Lc::from_bits_le(&bits).value(), value);
		}
	}

	/// Runs [`Cs::enforce_bits_at_most`] with bound `r - 1` on the bits of a 255-bit
	/// integer (which may be `>= r`), returning whether the constraints hold.
	fn canonical_check_on(int: ark_ff::BigInt<4>) -> bool {
		let cs = new_cs();
		let bits: Vec<Lc> =
			(0..255).map(|i| cs.boolean(int.get_bit(i)).expect("synthesis")).collect();
		cs.enforce_bits_at_most(&bits, &r_minus_one()).expect("synthesis");
		cs.is_satisfied().expect("synthesis")
	}

	#[test]
	fn canonical_comparison_boundaries() {
		let r_minus_1 = r_minus_one();
		let mut r_minus_2 = r_minus_1;
		r_minus_2.sub_with_borrow(&ark_ff::BigInt::from(1u64));
		let mut r_plus_5 = Fr::MODULUS;
		r_plus_5.add_with_carry(&ark_ff::BigInt::from(5u64));
		assert!(canonical_check_on(ark_ff::BigInt::from(0u64)));
		assert!(canonical_check_on(r_minus_2));
		assert!(canonical_check_on(r_minus_1));
		assert!(!canonical_check_on(Fr::MODULUS));
		// 5 + r < 2^255: its bits sum to 5 in the field, but they are not canonical.
		assert!(!canonical_check_on(r_plus_5));
		let mut top = ark_ff::BigInt::<4>::from(0u64);
		top.0[3] = u64::MAX >> 1; // 2^255 - 2^192 > r
		assert!(!canonical_check_on(top));
		// Every single-bit flip of r - 1 that lowers it is accepted, every raise refused.
		for i in 0..255 {
			let mut flipped = r_minus_1;
			let raise = !r_minus_1.get_bit(i);
			flipped.0[i / 64] ^= 1 << (i % 64);
			assert_eq!(canonical_check_on(flipped), !raise, "bit {i}");
		}
	}

	#[test]
	fn is_equal_both_ways() {
		for (a, b) in [(3u64, 3u64), (3, 4), (0, 0), (0, 1)] {
			let cs = new_cs();
			let (x, y) = (
				cs.witness(Fr::from(a)).expect("synthesis"),
				cs.witness(Fr::from(b)).expect("synthesis"),
			);
			let eq = cs.is_equal(&x, &y).expect("synthesis");
			assert!(cs.is_satisfied().expect("synthesis"));
			assert_eq!(eq.value(), Fr::from(a == b));
		}
		// A lying witness (claims equal for 3 != 4) is caught.
		let cs = new_cs();
		let d = Lc::constant(Fr::one());
		let eq = cs.witness(Fr::one()).expect("synthesis");
		let inv = cs.witness(Fr::zero()).expect("synthesis");
		cs.enforce(&d, &inv, &Lc::one().sub(&eq)).expect("synthesis");
		cs.enforce(&d, &eq, &Lc::zero()).expect("synthesis");
		assert!(!cs.is_satisfied().expect("synthesis"));
	}

	#[test]
	fn select_by_bits_picks_every_option() {
		for index in 0..8u64 {
			let cs = new_cs();
			let options: Vec<Lc> =
				(0..8u64).map(|i| cs.witness(Fr::from(100 + i)).expect("synthesis")).collect();
			let bits: Vec<Lc> =
				(0..3).map(|i| cs.boolean((index >> i) & 1 == 1).expect("synthesis")).collect();
			let chosen = cs.select_by_bits(&bits, &options).expect("synthesis");
			assert_eq!(chosen.value(), Fr::from(100 + index));
			assert!(cs.is_satisfied().expect("synthesis"));
		}
	}

	#[test]
	fn booleans_reject_two() {
		assert!(!satisfied(|cs| {
			let b = cs.witness(Fr::from(2u64))?;
			cs.enforce_boolean(&b)
		}));
	}
}
