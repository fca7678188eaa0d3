//! Jubjub arithmetic in R1CS: points as pairs of linear combinations, the complete twisted
//! Edwards addition and doubling, and fixed- and variable-base scalar multiplication.
//!
//! Jubjub is `a x^2 + y^2 = 1 + d x^2 y^2` over `Fr` with `a = -1` (a square) and `d`
//! a non-square, so the formulas below are complete on the curve: no exceptional cases,
//! the identity `(0, 1)` included. Costs: on-curve check 3, addition 6, doubling 5,
//! fixed-base multiplication by a `3k`-bit scalar `3k + 6(k - 1)` (plus the caller's
//! booleans), variable-base multiplication by a 255-bit scalar 11 per bit.

use alloc::vec::Vec;

use ark_ec::{twisted_edwards::TECurveConfig, AffineRepr, CurveGroup};
use ark_ed_on_bls12_381::{EdwardsAffine, EdwardsProjective, JubjubConfig};
use ark_ff::{AdditiveGroup, Field, One, Zero};
use ark_relations::gr1cs::SynthesisError;

use crate::{
	r1cs::{Cs, Lc},
	Fr,
};

/// `d` of Jubjub.
fn coeff_d() -> Fr {
	JubjubConfig::COEFF_D
}

/// A Jubjub point in the circuit, in affine coordinates.
#[derive(Clone, Debug)]
pub struct PointVar {
	/// `x`.
	pub x: Lc,
	/// `y`.
	pub y: Lc,
}

impl PointVar {
	/// The constant point `p`.
	pub fn constant(p: &EdwardsAffine) -> Self {
		let (x, y) = coordinates(p);
		Self { x: Lc::constant(x), y: Lc::constant(y) }
	}

	/// The identity `(0, 1)`.
	pub fn identity() -> Self {
		Self { x: Lc::zero(), y: Lc::one() }
	}

	/// A point witness: two new variables, not constrained to the curve (see
	/// [`enforce_on_curve`]).
	pub fn witness(cs: &Cs, p: &EdwardsAffine) -> Result<Self, SynthesisError> {
		let (x, y) = coordinates(p);
		Ok(Self { x: cs.witness(x)?, y: cs.witness(y)? })
	}

	/// The point's value (not checked to be on the curve).
	pub fn value(&self) -> EdwardsAffine {
		EdwardsAffine::new_unchecked(self.x.value(), self.y.value())
	}
}

/// Affine coordinates, with the identity as `(0, 1)`.
pub fn coordinates(p: &EdwardsAffine) -> (Fr, Fr) {
	match p.xy() {
		Some((x, y)) => (x, y),
		None => (Fr::zero(), Fr::one()),
	}
}

/// Enforces `-x^2 + y^2 = 1 + d x^2 y^2` (3 constraints).
pub fn enforce_on_curve(cs: &Cs, p: &PointVar) -> Result<(), SynthesisError> {
	let xx = cs.mul(&p.x, &p.x)?;
	let yy = cs.mul(&p.y, &p.y)?;
	// (d · xx) · yy = yy - xx - 1
	cs.enforce(&xx.scale(coeff_d()), &yy, &yy.sub(&xx).add_constant(-Fr::one()))
}

/// `p + q` (6 constraints):
/// `A = x1 y2`, `B = y1 x2`, `C = d A B`, `U = (x1 + y1)(x2 + y2)`,
/// `x3 (1 + C) = A + B`, `y3 (1 - C) = U - A - B` (`= y1 y2 + x1 x2`, as `a = -1`).
pub fn add(cs: &Cs, p: &PointVar, q: &PointVar) -> Result<PointVar, SynthesisError> {
	let a = cs.mul(&p.x, &q.y)?;
	let b = cs.mul(&p.y, &q.x)?;
	let c = cs.mul(&a.scale(coeff_d()), &b)?;
	let u = cs.mul(&p.x.add(&p.y), &q.x.add(&q.y))?;
	let x_num = a.add(&b);
	let y_num = u.sub(&a).sub(&b);
	let x_den = Lc::one().add(&c);
	let y_den = Lc::one().sub(&c);
	let x3 = cs.witness(x_num.value() * x_den.value().inverse().unwrap_or_else(Fr::zero))?;
	let y3 = cs.witness(y_num.value() * y_den.value().inverse().unwrap_or_else(Fr::zero))?;
	cs.enforce(&x3, &x_den, &x_num)?;
	cs.enforce(&y3, &y_den, &y_num)?;
	Ok(PointVar { x: x3, y: y3 })
}

/// `2 p` (5 constraints), for `p` on the curve, where `-x^2 + y^2 = 1 + d x^2 y^2` turns the
/// addition's denominators into `y^2 - x^2` and `2 + x^2 - y^2`:
/// `x3 (y^2 - x^2) = 2 x y`, `y3 (2 + x^2 - y^2) = y^2 + x^2`.
pub fn double(cs: &Cs, p: &PointVar) -> Result<PointVar, SynthesisError> {
	let xx = cs.mul(&p.x, &p.x)?;
	let yy = cs.mul(&p.y, &p.y)?;
	let xy = cs.mul(&p.x, &p.y)?;
	let x_num = xy.scale(Fr::from(2u64));
	let x_den = yy.sub(&xx);
	let y_num = yy.add(&xx);
	let y_den = xx.sub(&yy).add_constant(Fr::from(2u64));
	let x3 = cs.witness(x_num.value() * x_den.value().inverse().unwrap_or_else(Fr::zero))?;
	let y3 = cs.witness(y_num.value() * y_den.value().inverse().unwrap_or_else(Fr::zero))?;
	cs.enforce(&x3, &x_den, &x_num)?;
	cs.enforce(&y3, &y_den, &y_num)?;
	Ok(PointVar { x: x3, y: y3 })
}

/// Bits per window of [`fixed_base_mul`].
const FIXED_WINDOW: usize = 3;

/// `k · base` for the constant `base` and `k = sum_i 2^i bits_i` (booleans, little-endian,
/// a multiple of 3 of them). Each 3-bit window `w` looks up `digit · 2^{3w} · base` from a
/// table of constants: with `b01 = b0 · b1` (1 constraint), each coordinate is
/// `f + b2 · (g - f)` (1 constraint each) where `f` and `g` interpolate the table's halves
/// linearly in `b0, b1, b01`. Windows are summed with [`add`].
pub fn fixed_base_mul(
	cs: &Cs,
	bits: &[Lc],
	base: &EdwardsAffine,
) -> Result<PointVar, SynthesisError> {
	if bits.is_empty() || !bits.len().is_multiple_of(FIXED_WINDOW) {
		return Err(SynthesisError::Unsatisfiable);
	}
	let mut window_base = EdwardsProjective::from(*base);
	let mut acc: Option<PointVar> = None;
	for window in bits.chunks_exact(FIXED_WINDOW) {
		let mut table = Vec::with_capacity(1 << FIXED_WINDOW);
		let mut multiple = EdwardsProjective::zero();
		for _ in 0..1 << FIXED_WINDOW {
			table.push(multiple);
			multiple += window_base;
		}
		let table: Vec<(Fr, Fr)> =
			EdwardsProjective::normalize_batch(&table).iter().map(coordinates).collect();
		let (b0, b1, b2) = (&window[0], &window[1], &window[2]);
		let b01 = cs.mul(b0, b1)?;
		let coordinate = |pick: fn(&(Fr, Fr)) -> Fr| -> Result<Lc, SynthesisError> {
			// The bilinear interpolation of t[0..4] (or t[4..8]) in b0, b1.
			let interpolate = |t: &[(Fr, Fr)]| {
				let (t0, t1, t2, t3) = (pick(&t[0]), pick(&t[1]), pick(&t[2]), pick(&t[3]));
				Lc::constant(t0)
					.add(&b0.scale(t1 - t0))
					.add(&b1.scale(t2 - t0))
					.add(&b01.scale(t3 - t2 - t1 + t0))
			};
			let (f, g) = (interpolate(&table[..4]), interpolate(&table[4..]));
			Ok(f.add(&cs.mul(b2, &g.sub(&f))?))
		};
		let point = PointVar { x: coordinate(|t| t.0)?, y: coordinate(|t| t.1)? };
		acc = Some(match acc {
			None => point,
			Some(acc) => add(cs, &acc, &point)?,
		});
		for _ in 0..FIXED_WINDOW {
			window_base.double_in_place();
		}
	}
	acc.ok_or(SynthesisError::Unsatisfiable)
}

/// `k · p` for a point `p` on the curve and `k = sum_i 2^i bits_i` (booleans, little-endian),
/// most significant 2-bit window first: `acc <- 4 acc + table[window]` with the table
/// `[0, p, 2p, 3p]` built in-circuit (11 constraints) and each lookup a tree of
/// [`Cs::select`]s (6 constraints). Per window: two doublings, a lookup and an addition.
pub fn variable_base_mul(cs: &Cs, bits: &[Lc], p: &PointVar) -> Result<PointVar, SynthesisError> {
	let p2 = double(cs, p)?;
	let p3 = add(cs, &p2, p)?;
	let table = [PointVar::identity(), p.clone(), p2, p3];
	let lookup = |window: &[Lc]| -> Result<PointVar, SynthesisError> {
		match window {
			[b0] => Ok(PointVar {
				x: cs.select(b0, &table[1].x, &table[0].x)?,
				y: cs.select(b0, &table[1].y, &table[0].y)?,
			}),
			[b0, b1] => {
				let pick = |c: fn(&PointVar) -> &Lc| -> Result<Lc, SynthesisError> {
					let low = cs.select(b0, c(&table[1]), c(&table[0]))?;
					let high = cs.select(b0, c(&table[3]), c(&table[2]))?;
					cs.select(b1, &high, &low)
				};
				Ok(PointVar { x: pick(|t| &t.x)?, y: pick(|t| &t.y)? })
			},
			_ => Err(SynthesisError::Unsatisfiable),
		}
	};
	// Windows from the top; an odd count leaves a 1-bit window at the top.
	let mut windows: Vec<&[Lc]> = bits.chunks(2).collect();
	windows.reverse();
	let mut acc: Option<PointVar> = None;
	for window in windows {
		let point = lookup(window)?;
		acc = Some(match acc {
			None => point,
			Some(acc) => {
				let acc = double(cs, &double(cs, &acc)?)?;
				add(cs, &acc, &point)?
			},
		});
	}
	acc.ok_or(SynthesisError::Unsatisfiable)
}

#[cfg(test)]
mod tests {
	use super::*;
	use ark_ec::PrimeGroup;
	use ark_ed_on_bls12_381::Fr as Scalar;
	use ark_ff::{BigInteger, PrimeField};
	use ark_relations::gr1cs::ConstraintSystem;

	fn new_cs() -> Cs {
		Cs::new(ConstraintSystem::<Fr>::new_ref())
	}

	fn point(k: u64) -> EdwardsAffine {
		(EdwardsProjective::generator() * Scalar::from(k)).into_affine()
	}

	fn order_two() -> EdwardsAffine {
		EdwardsAffine::new_unchecked(Fr::zero(), -Fr::one())
	}

	#[test]
	fn addition_and_doubling_match_native() {
		let points = [EdwardsAffine::zero(), point(1), point(2), point(12345), order_two()];
		for p in &points {
			for q in &points {
				let cs = new_cs();
				let (pv, qv) = (
					PointVar::witness(&cs, p).expect("synthesis"),
					PointVar::witness(&cs, q).expect("synthesis"),
				);
				let sum = add(&cs, &pv, &qv).expect("synthesis");
				assert_eq!(sum.value(), (*p + *q).into_affine(), "{p} + {q}");
				let twice = double(&cs, &pv).expect("synthesis");
				assert_eq!(twice.value(), (*p + *p).into_affine());
				assert!(cs.is_satisfied().expect("synthesis"));
				assert_eq!(cs.num_constraints(), 11);
			}
		}
	}

	#[test]
	fn addition_rejects_a_wrong_sum() {
		let cs = new_cs();
		let (p, q) = (
			PointVar::witness(&cs, &point(3)).expect("synthesis"),
			PointVar::witness(&cs, &point(4)).expect("synthesis"),
		);
		let sum = add(&cs, &p, &q).expect("synthesis");
		let claimed = PointVar::witness(&cs, &point(8)).expect("synthesis");
		cs.enforce_equal(&sum.x, &claimed.x).expect("synthesis");
		assert!(!cs.is_satisfied().expect("synthesis"));
	}

	#[test]
	fn on_curve_check() {
		let cs = new_cs();
		enforce_on_curve(&cs, &PointVar::witness(&cs, &point(77)).expect("synthesis"))
			.expect("synthesis");
		enforce_on_curve(&cs, &PointVar::witness(&cs, &order_two()).expect("synthesis"))
			.expect("synthesis");
		assert!(cs.is_satisfied().expect("synthesis"));
		assert_eq!(cs.num_constraints(), 6);
		let cs = new_cs();
		let off = EdwardsAffine::new_unchecked(Fr::from(1u64), Fr::from(2u64));
		enforce_on_curve(&cs, &PointVar::witness(&cs, &off).expect("synthesis"))
			.expect("synthesis");
		assert!(!cs.is_satisfied().expect("synthesis"));
	}

	fn bits_of(k: &[u64; 4], width: usize, cs: &Cs) -> Vec<Lc> {
		let big = ark_ff::BigInt::<4>::new(*k);
		(0..width).map(|i| cs.boolean(big.get_bit(i)).expect("synthesis")).collect()
	}

	#[test]
	fn fixed_base_mul_matches_native() {
		let generator = EdwardsAffine::generator();
		let max_252 = [u64::MAX, u64::MAX, u64::MAX, u64::MAX >> 4];
		let order_minus_1 = (-Scalar::one()).into_bigint().0;
		for k in [[0u64; 4], [1, 0, 0, 0], [7, 0, 0, 0], [8, 0, 0, 0], order_minus_1, max_252] {
			let cs = new_cs();
			let bits = bits_of(&k, 252, &cs);
			let product = fixed_base_mul(&cs, &bits, &generator).expect("synthesis");
			let expected = generator.mul_bigint(k).into_affine();
			assert_eq!(product.value(), expected, "{k:?}");
			assert!(cs.is_satisfied().expect("synthesis"));
			assert_eq!(cs.num_constraints(), 252 + 84 * 3 + 83 * 6);
		}
	}

	#[test]
	fn variable_base_mul_matches_native() {
		let r_minus_1 = (-Fr::one()).into_bigint().0;
		let p = point(987_654_321);
		for k in [[0u64; 4], [1, 0, 0, 0], [2, 0, 0, 0], [3, 0, 0, 0], [5, 0, 0, 0], r_minus_1] {
			for target in [p, order_two()] {
				let cs = new_cs();
				let bits = bits_of(&k, 255, &cs);
				let pv = PointVar::witness(&cs, &target).expect("synthesis");
				let product = variable_base_mul(&cs, &bits, &pv).expect("synthesis");
				assert_eq!(product.value(), target.mul_bigint(k).into_affine(), "{k:?}");
				assert!(cs.is_satisfied().expect("synthesis"));
			}
		}
	}

	#[test]
	fn variable_base_mul_cost() {
		let cs = new_cs();
		let bits = bits_of(&[5, 0, 0, 0], 255, &cs);
		let pv = PointVar::witness(&cs, &point(5)).expect("synthesis");
		let before = cs.num_constraints();
		variable_base_mul(&cs, &bits, &pv).expect("synthesis");
		// Table 11, the top 1-bit window 2, then 127 windows of 2 · 5 + 6 + 6.
		assert_eq!(cs.num_constraints() - before, 11 + 2 + 127 * 22);
	}
}
