//! Soundness of the presentation circuit against a prover who does not follow the gadgets:
//! after an honest synthesis, each class of internal assignment (operator flags, comparison
//! and leaf bits, path directions, the EdDSA challenge and scalar bits, point coordinates,
//! NE's inverse) is overwritten and the system must be unsatisfied; a sweep does the same to
//! every witness variable.
//!
//! The constraint system is built without cached linear-combination values
//! (`generate_lc_assignments: false`): with the default mode, arkworks checks constraints
//! against the values of their linear combinations computed at synthesis, and an assignment
//! changed afterwards would not reach them. Every attack is judged by evaluating the R1CS rows
//! that read a changed variable (`A z · B z = C z`, fast enough for sweeps) and, in targeted
//! attacks and samples of the sweeps, also by arkworks' `is_satisfied`; the two must agree.
//!
//! Variables are located by their values and the order in which the circuit allocates them,
//! never by hard-coded indices, and every locator checks what it found. The layout is the
//! same for every statement and witness (the keys depend on it), so indices found in one
//! synthesis hold in all.
//!
//! `cargo test -p didimo-zk --test witness_attacks -- --nocapture`

use std::collections::BTreeSet;

use ark_ec::{AffineRepr, CurveGroup};
use ark_ed_on_bls12_381::EdwardsAffine;
use ark_ff::{Field, One, UniformRand, Zero};
use didimo_zk::{
	credential::attribute,
	eddsa,
	jubjub::constraints::coordinates,
	statement::{set, Predicate},
	Fr, Version,
};

mod common;

use common::{attacks::*, *};

/// The operators in the order of their codes: EQ 0, NE 1, LT 2, LTE 3, GT 4, GTE 5,
/// BETWEEN 6, IN 7.
const OPERATORS: usize = 8;

/// The fixture presented against a trusted-issuer root ([`trusted`]).
fn trusted_fixture() -> Fixture {
	trusted(fixture())
}

/// The fixture presenting `country IN {NL, BE, LU, DE, FR}` on slot 1 ("NL", first in the
/// set, so that no sibling on its path equals the running node).
fn set_fixture() -> Fixture {
	let mut f = fixture();
	let countries: Vec<Fr> = ["NL", "BE", "LU", "DE", "FR"].map(attribute::string).to_vec();
	let nl = attribute::string("NL");
	f.statement.slot = 1;
	f.statement.predicate = Predicate::In(set::root(&countries).expect("valid fixture"));
	f.witness.set_membership = Some(set::membership(&countries, &nl).expect("valid fixture"));
	f
}

/// Where the fixture's internal assignments are (the same in every synthesis).
struct Layout {
	/// The operator one-hot `sel`, by operator code.
	flags: [usize; OPERATORS],
	/// `w = is_cmp · v`, followed by its 64 range-check bits, the 64 bits of `d1`, the 64
	/// of `d2`, then NE's `t` and `inv`.
	w: usize,
	/// The 64 bits of `expiry - time`.
	expiry_bits: usize,
	/// The status leaf, followed by its 128 bits.
	leaf: usize,
	/// The 20 bits of the status-list index (the low 7 select the bit in the leaf, the
	/// others are the status path's directions).
	index_bits: usize,
	/// `A.x`, followed by `A.y`, `R.x`, `R.y`, `R.x^2`, `R.y^2` and the 252 bits of `s`.
	issuer_x: usize,
	/// The 255 canonical bits of the EdDSA challenge `h`.
	h_bits: usize,
}

impl Layout {
	fn w_bits(&self) -> usize {
		self.w + 1
	}
	fn d1_bits(&self) -> usize {
		self.w + 1 + 64
	}
	fn d2_bits(&self) -> usize {
		self.w + 1 + 128
	}
	fn ne_t(&self) -> usize {
		self.w + 1 + 192
	}
	fn ne_inv(&self) -> usize {
		self.w + 2 + 192
	}
	fn r_x(&self) -> usize {
		self.issuer_x + 2
	}
	fn s_bits(&self) -> usize {
		self.issuer_x + 6
	}
}

/// Locates the fixture's internal assignments. The operator flags are where the assignments
/// of the eight operators differ: flag `k` is the first variable that is 1 for operator `k`
/// and 0 for every other.
fn layout(f: &Fixture) -> Layout {
	let p = Fr::from(THRESHOLD);
	let predicates = [
		Predicate::Eq(p),
		Predicate::Ne(p),
		Predicate::Lt(THRESHOLD),
		Predicate::Lte(THRESHOLD),
		Predicate::Gt(THRESHOLD),
		Predicate::Gte(THRESHOLD),
		Predicate::Between(THRESHOLD, 40),
		Predicate::In(p),
	];
	let by_op: Vec<Vec<Fr>> =
		predicates.iter().map(|p| assignment(&with_predicate(f, *p), &f.witness)).collect();
	let len = by_op[0].len();
	assert!(by_op.iter().all(|w| w.len() == len), "the layout depends on the operator");
	let flags: [usize; OPERATORS] = core::array::from_fn(|k| {
		(0..len)
			.find(|i| by_op.iter().enumerate().all(|(j, w)| w[*i] == Fr::from(j == k)))
			.expect("an operator flag")
	});
	for (k, flag) in flags.iter().enumerate() {
		assert_eq!(*flag, flags[0] + k, "the operator flags are consecutive");
	}

	let w = by_op[5].as_slice();
	let comparison: Vec<Fr> = [Fr::from(AGE)]
		.into_iter()
		.chain(bits_u64(AGE, 64))
		.chain(bits_u64(AGE - THRESHOLD, 64))
		.chain(bits_u64(0, 64))
		.chain([Fr::zero(), Fr::zero()])
		.collect();
	let non_revocation = &f.witness.non_revocation;
	let leaf: Vec<Fr> =
		[non_revocation.leaf].into_iter().chain(bits(&non_revocation.leaf, 128)).collect();
	let credential = &f.witness.credential.credential;
	let index: Vec<Fr> = [credential.id, Fr::from(credential.expiry)]
		.into_iter()
		.chain(bits_u64(u64::from(INDEX), 20))
		.collect();
	let signed = &f.witness.credential;
	let (ax, ay) = signed.issuer.coordinates();
	let (rx, ry) = coordinates(&signed.signature.r);
	let signature: Vec<Fr> = [ax, ay, rx, ry, rx.square(), ry.square()]
		.into_iter()
		.chain(bits(&signed.signature.s, 252))
		.collect();
	let h = eddsa::challenge(
		Version::V1,
		&signed.signature.r,
		&signed.issuer,
		&credential.commitment(),
	);
	Layout {
		flags,
		w: find(w, &comparison, "w and the comparison bits"),
		expiry_bits: find(w, &bits_u64(EXPIRY - TIME, 64), "the expiry bits"),
		leaf: find(w, &leaf, "the status leaf and its bits"),
		index_bits: find(w, &index, "the credential id, expiry and index bits") + 2,
		issuer_x: find(w, &signature, "A, R, R's squares and the bits of s"),
		h_bits: find(w, &bits(&h, 255), "the bits of h"),
	}
}

/// The flags set to the one-hot of operator `k`, or to all zeros for `None`.
fn flags_set_to(layout: &Layout, k: Option<usize>) -> Vec<(usize, Fr)> {
	layout.flags.iter().enumerate().map(|(j, var)| (*var, Fr::from(Some(j) == k))).collect()
}

/// The start of a Merkle path allocated by `PathVar::witness`: its `depth` direction bits,
/// followed by its siblings.
fn path_directions(s: &Synthesised, position: u32, siblings: &[Fr], what: &str) -> usize {
	let pattern: Vec<Fr> = bits_u64(u64::from(position), siblings.len())
		.into_iter()
		.chain(siblings.iter().copied())
		.collect();
	s.find(&pattern, what)
}

/// The honest assignment satisfies both checkers, and both see a change to a statement value
/// allocated in the circuit (the first witness variable, the issuer mode).
#[test]
fn honest_synthesis_correctness() {
	let f = fixture();
	let s = synthesise(&f.statement, &f.witness);
	assert!(s.honest_failing.is_empty(), "{:?}", s.honest_failing);
	assert!(s.accepts(&[]));
	assert!(s.arkworks_accepts_columns(&[]));
	assert!(s.rejects(&[(0, Fr::one())]));
	// Restored: the constraint system is honest again.
	assert!(s.cs.is_satisfied().expect("prove mode"));
}

/// Moving GTE's flag to any other operator (one-hot kept, so booleanity and the sum hold),
/// clearing every flag, or setting EQ's beside GTE's (its weight in the operator code is 0,
/// so the statement hash alone would not see it) is refused.
#[test]
fn operator_flags_soundness_one_hot_moved() {
	let f = fixture();
	let layout = layout(&f);
	let s = synthesise(&f.statement, &f.witness);
	let gte = usize::from(Predicate::Gte(0).op());
	assert_eq!(s.witness()[layout.flags[gte]], Fr::one());
	for k in (0..OPERATORS).filter(|k| *k != gte) {
		assert!(s.rejects(&flags_set_to(&layout, Some(k))), "GTE's flag moved to {k}");
	}
	assert!(s.rejects(&flags_set_to(&layout, None)), "no flag set");
	assert!(s.rejects(&[(layout.flags[0], Fr::one())]), "EQ's flag set beside GTE's");
}

/// A false equality (`age = 31` for age 30) with EQ's flag cleared: EQ's check reads
/// `0 · (v - p0) = 0` and the operator code is unchanged (EQ's code is 0), so the one-hot
/// sum `sum_k sel_k = 1` is the only row that refuses it. Without that row this forged
/// assignment would prove a false EQ.
#[test]
fn operator_flags_soundness_false_eq_with_its_flag_cleared() {
	let f = fixture();
	let layout = layout(&f);
	let statement = with_predicate(&f, Predicate::Eq(Fr::from(AGE + 1)));
	let s = synthesise(&statement, &f.witness);
	let eq = layout.flags[0];
	assert_eq!(s.honest_failing.len(), 1, "only EQ's check fails: {:?}", s.honest_failing);
	assert!(s.witness_read_by(s.honest_failing[0]).contains(&eq));
	let cleared = [(eq, Fr::zero())];
	let failing = s.failing_rows(&cleared);
	assert_eq!(failing.len(), 1, "{failing:?}");
	let flags: BTreeSet<usize> = layout.flags.iter().copied().collect();
	assert_eq!(s.witness_read_by(failing[0]), flags, "the failing row is the one-hot sum");
	assert!(s.rejects(&cleared));
}

/// A false `age >= 31` given the flags and comparison bits (`w`, `d1`, `d2`) of the true
/// `age <= 31`: the predicate's own rows then hold, and only the statement hash, which reads
/// the operator code, refuses it.
#[test]
fn operator_flags_soundness_bound_to_the_statement() {
	let f = fixture();
	let layout = layout(&f);
	let claimed = with_predicate(&f, Predicate::Gte(AGE + 1));
	let true_one = with_predicate(&f, Predicate::Lte(AGE + 1));
	let s = synthesise(&claimed, &f.witness);
	assert!(!s.honest_failing.is_empty(), "age >= 31 is false");
	let other = assignment(&true_one, &f.witness);
	assert_eq!(other.len(), s.witness().len());
	let changes: Vec<(usize, Fr)> = layout
		.flags
		.iter()
		.copied()
		.chain(layout.w..layout.ne_t())
		.map(|var| (var, other[var]))
		.collect();
	let failing = s.failing_rows(&changes);
	assert!(!failing.is_empty());
	for row in &failing {
		assert_eq!(s.component_of(*row), "statement hash", "row {row}");
	}
	assert!(s.rejects(&changes));
}

/// Every bit of the comparison range checks flipped alone: `w`'s 64 bits, `d1`'s, `d2`'s
/// (all zero outside BETWEEN) and those of `expiry - time`.
#[test]
fn comparison_bits_soundness_flipped() {
	let f = fixture();
	let layout = layout(&f);
	let s = synthesise(&f.statement, &f.witness);
	let regions = [
		("w", layout.w_bits()),
		("d1", layout.d1_bits()),
		("d2", layout.d2_bits()),
		("expiry - time", layout.expiry_bits),
	];
	for (name, start) in regions {
		for i in 0..64 {
			let var = start + i;
			let value = s.witness()[var];
			assert!(value.is_zero() || value.is_one(), "{name} bit {i} is a bit");
			assert!(s.rejects_sampled(&[(var, tampered(value))], i % 16 == 0), "{name} bit {i}");
		}
	}
}

/// Every bit of the status leaf flipped alone, and the credential's own status bit set with
/// the leaf raised to match (its decomposition holds; the path to the root refuses it).
#[test]
fn leaf_bits_soundness() {
	let f = fixture();
	let layout = layout(&f);
	let s = synthesise(&f.statement, &f.witness);
	let leaf_bits = layout.leaf + 1;
	for i in 0..128 {
		let var = leaf_bits + i;
		assert!(s.rejects_sampled(&[(var, tampered(s.witness()[var]))], i % 32 == 0), "bit {i}");
	}
	let status = (INDEX % 128) as usize;
	assert_eq!(s.witness()[leaf_bits + status], Fr::zero(), "not revoked");
	let raised = f.witness.non_revocation.leaf + Fr::from(2u64).pow([status as u64]);
	let revoked = [(layout.leaf, raised), (leaf_bits + status, Fr::one())];
	assert!(s.rejects(&revoked));
}

/// Path directions flipped alone: the status-list index bits (the bit within the leaf and
/// the status path's directions), the trusted-issuer path's and the set path's; and the
/// issuer's and the set's paths synthesised from another position at every level.
#[test]
fn path_direction_bits_soundness() {
	let f = fixture();
	let layout = layout(&f);
	let s = synthesise(&f.statement, &f.witness);
	for i in 0..20 {
		let var = layout.index_bits + i;
		assert!(s.rejects(&[(var, tampered(s.witness()[var]))]), "index bit {i}");
	}

	let f = trusted_fixture();
	let s = synthesise(&f.statement, &f.witness);
	assert!(s.honest_failing.is_empty());
	let path = f.witness.issuer_membership.clone().expect("a trusted-issuer path");
	let start = path_directions(&s, path.position, &path.siblings, "the issuer path");
	for level in 0..path.siblings.len() {
		let var = start + level;
		assert!(s.rejects(&[(var, tampered(s.witness()[var]))]), "issuer level {level}");
		let mut witness = f.witness.clone();
		if let Some(path) = witness.issuer_membership.as_mut() {
			path.position ^= 1 << level;
		}
		let moved = synthesise(&f.statement, &witness);
		assert!(!moved.honest_failing.is_empty(), "issuer path moved at level {level}");
	}

	let f = set_fixture();
	let s = synthesise(&f.statement, &f.witness);
	assert!(s.honest_failing.is_empty());
	let path = f.witness.set_membership.clone().expect("a set path");
	let start = path_directions(&s, path.position, &path.siblings, "the set path");
	for level in 0..path.siblings.len() {
		let var = start + level;
		assert!(s.rejects(&[(var, tampered(s.witness()[var]))]), "set level {level}");
		let mut witness = f.witness.clone();
		if let Some(path) = witness.set_membership.as_mut() {
			path.position ^= 1 << level;
		}
		let moved = synthesise(&f.statement, &witness);
		assert!(!moved.honest_failing.is_empty(), "set path moved at level {level}");
	}
}

/// Every bit of the EdDSA challenge `h` (255, canonical) and of `s` (252) flipped alone.
#[test]
fn challenge_and_scalar_bits_soundness() {
	let f = fixture();
	let layout = layout(&f);
	let s = synthesise(&f.statement, &f.witness);
	for (name, start, width) in [("h", layout.h_bits, 255), ("s", layout.s_bits(), 252)] {
		for i in 0..width {
			let var = start + i;
			let flipped = [(var, tampered(s.witness()[var]))];
			assert!(s.rejects_sampled(&flipped, i % 32 == 0), "{name} bit {i}");
		}
	}
}

/// The issuer key `A` and the nonce commitment `R` replaced by other points on the curve:
/// `A + B` and `-A`; `R + B`, the identity and the point of order 2, with `R`'s squares
/// recomputed so that its on-curve check still holds (the signature equation refuses them).
#[test]
fn point_coordinates_soundness() {
	let f = fixture();
	let layout = layout(&f);
	let s = synthesise(&f.statement, &f.witness);
	let signed = &f.witness.credential;
	let generator = EdwardsAffine::generator();
	let (ax, ay) = signed.issuer.coordinates();
	let a_plus_b = coordinates(&(*signed.issuer.point() + generator).into_affine());
	for (name, (x, y)) in [("A + B", a_plus_b), ("-A", (-ax, ay))] {
		assert!(s.rejects(&[(layout.issuer_x, x), (layout.issuer_x + 1, y)]), "{name}");
	}
	let r = layout.r_x();
	let on_curve: BTreeSet<usize> =
		s.witness_readers(r + 2).iter().chain(s.witness_readers(r + 3)).copied().collect();
	assert_eq!(on_curve.len(), 3, "R's squares and its curve equation");
	let r_plus_b = coordinates(&(signed.signature.r + generator).into_affine());
	let replacements = [
		("R + B", r_plus_b),
		("identity", (Fr::zero(), Fr::one())),
		("order 2", (Fr::zero(), -Fr::one())),
	];
	for (name, (x, y)) in replacements {
		let changes = [(r, x), (r + 1, y), (r + 2, x.square()), (r + 3, y.square())];
		let failing = s.failing_rows(&changes);
		assert!(failing.iter().all(|row| !on_curve.contains(row)), "{name} is on the curve");
		assert!(s.rejects(&changes), "{name}");
	}
}

/// NE's inverse: for a true `age != 18` every other value is refused; for a false
/// `age != 30` (`t = 0`) no value helps; for a statement that is not NE, `t = ne · (v - p0)
/// = 0` and `t · inv = ne` reads `0 = 0`, so `inv` is free there (by design: it is only
/// meaningful when `ne = 1`).
#[test]
fn ne_inverse_soundness() {
	let f = fixture();
	let layout = layout(&f);
	let ne = with_predicate(&f, Predicate::Ne(Fr::from(THRESHOLD)));
	let s = synthesise(&ne, &f.witness);
	assert!(s.honest_failing.is_empty());
	let gap = Fr::from(AGE - THRESHOLD);
	let inverse = gap.inverse().expect("non-zero");
	assert_eq!(s.find(&[gap, inverse], "t and inv"), layout.ne_t());
	for value in [Fr::zero(), Fr::one(), inverse + Fr::one(), -inverse, Fr::rand(&mut rng(3))] {
		assert!(s.rejects(&[(layout.ne_inv(), value)]), "inv = {value}");
	}

	let false_ne = with_predicate(&f, Predicate::Ne(Fr::from(AGE)));
	let s = synthesise(&false_ne, &f.witness);
	for value in [Fr::zero(), Fr::one(), inverse, Fr::rand(&mut rng(4))] {
		assert!(!s.failing_rows(&[(layout.ne_inv(), value)]).is_empty(), "inv = {value}");
	}

	let s = synthesise(&f.statement, &f.witness);
	assert_eq!(s.witness()[layout.ne_t()], Fr::zero());
	assert!(!s.rejects(&[(layout.ne_inv(), Fr::from(7u64))]), "free outside NE");
}

/// Every witness variable changed alone (0 and 1 swapped, anything else plus one), for six
/// statements (GTE by key, NE, EQ, BETWEEN, GTE by trusted-issuer root, IN): every change is
/// refused except NE's inverse outside NE (see `ne_inverse_soundness`). Judged by the rows
/// that read the variable; arkworks is asked as well for every 97th variable of the first.
#[test]
fn every_witness_variable_is_bound() {
	let f = fixture();
	let layout = layout(&f);
	let (trusted, in_set) = (trusted_fixture(), set_fixture());
	let shapes = [
		("GTE, issuer key", f.statement.clone(), f.witness.clone()),
		("NE", with_predicate(&f, Predicate::Ne(Fr::from(THRESHOLD))), f.witness.clone()),
		("EQ", with_predicate(&f, Predicate::Eq(Fr::from(AGE))), f.witness.clone()),
		("BETWEEN", with_predicate(&f, Predicate::Between(THRESHOLD, 40)), f.witness.clone()),
		("GTE, trusted issuers", trusted.statement, trusted.witness),
		("IN", in_set.statement, in_set.witness),
	];
	for (index, (name, statement, witness)) in shapes.iter().enumerate() {
		let s = synthesise(statement, witness);
		assert!(s.honest_failing.is_empty(), "{name}: {:?}", s.honest_failing);
		let accepted: Vec<usize> = (0..s.witness().len())
			.filter(|var| {
				let change = [(*var, tampered(s.witness()[*var]))];
				!s.rejects_sampled(&change, index == 0 && var % 97 == 0)
			})
			.collect();
		println!("{name}: {} witness variables changed, accepted {accepted:?}", s.witness().len());
		let unread: Vec<usize> =
			(0..s.witness().len()).filter(|var| s.witness_readers(*var).is_empty()).collect();
		assert!(unread.is_empty(), "{name}: variables no row reads: {unread:?}");
		let expected = if statement.predicate.op() == Predicate::Ne(Fr::zero()).op() {
			vec![]
		} else {
			vec![layout.ne_inv()]
		};
		let described: Vec<(usize, Fr, &str)> = accepted
			.iter()
			.map(|var| (*var, s.witness()[*var], s.component_of(s.witness_readers(*var)[0])))
			.collect();
		assert_eq!(accepted, expected, "{name}: accepted changes {described:?}");
	}
}
