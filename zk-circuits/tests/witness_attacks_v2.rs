//! Soundness of the version-2 presentation circuit against a prover who does not follow the
//! gadgets (see `witness_attacks.rs` for version 1): after an honest synthesis, internal
//! assignments are overwritten (the operator one-hot, NOT BETWEEN's side, NOT IN's inverse,
//! the set's values, the capacity check's bits, the code's decoding, the EdDSA scalar replaced
//! by `s + l`) and so are public inputs (the version, the nullifier, every input in a sweep),
//! and the system must be unsatisfied; a sweep does the same to every witness variable.
//!
//! The constraint system is built without cached linear-combination values
//! (`generate_lc_assignments: false`), so an assignment changed after synthesis reaches every
//! constraint that reads it. Attacks are judged by evaluating the R1CS rows that read a
//! changed variable (`A z · B z = C z`) and, in targeted attacks and samples of the sweeps,
//! also by arkworks' `is_satisfied`; the two must agree.
//!
//! Variables are located by their values and the order in which the circuit allocates them,
//! never by hard-coded indices, and every locator checks what it found (see [`locate`]). The
//! layout is the same for every statement and witness (the keys depend on it), so indices
//! found in one synthesis hold in all. Public inputs are `z`'s columns 1 to 22, in the order
//! of [`Statement::public_inputs`].
//!
//! `cargo test -p didimo-zk --test witness_attacks_v2 -- --nocapture`

use std::{collections::BTreeSet, sync::OnceLock};

use ark_ec::AffineRepr;
use ark_ed_on_bls12_381::EdwardsAffine;
use ark_ff::{BigInt, BigInteger, Field, One, PrimeField, UniformRand, Zero};
use ark_relations::gr1cs::ConstraintSystem;
use didimo_zk::{
	circuit::{Witness, COMPARISON_BITS, INDEX_BITS},
	credential::{attribute, issue, Credential},
	eddsa::{
		self,
		constraints::{SignatureVar, SCALAR_BITS},
		PublicKey, Scalar, SecretKey, Signature,
	},
	jubjub::constraints::{coordinates, enforce_on_curve, fixed_base_mul, PointVar},
	r1cs::{Cs, Lc},
	statement::{as_u64, set, Predicate, Statement, V2_OPERATORS, V2_PUBLIC_INPUTS},
	status_tree::witness_from_bitstring,
	Error, Fr, Version,
};

mod common;

use common::{attacks::*, *};

/// The operators of version 2, in the order of their codes: EQ 0, NE 1, LT 2, LTE 3, GT 4,
/// GTE 5, BETWEEN 6, IN 7, NOT BETWEEN 8, NOT IN 9, NOOP 10.
const OPERATORS: usize = V2_OPERATORS as usize;
/// The position of the version among the public inputs.
const VERSION_INPUT: usize = 0;
/// The position of the registry's capacity among the public inputs.
const CAPACITY_INPUT: usize = 7;
/// The position of the code (slot, operator, mask, issuer mode) among the public inputs.
const CODE_INPUT: usize = 8;
/// The position of the predicate's first parameter among the public inputs.
const P0_INPUT: usize = 9;
/// The position of the predicate's second parameter among the public inputs.
const P1_INPUT: usize = 10;
/// The position of the nullifier among the public inputs.
const NULLIFIER_INPUT: usize = 21;

/// The version-2 fixture presented against a trusted-issuer root ([`trusted`]).
fn trusted_fixture() -> Fixture {
	trusted(fixture_v2())
}

/// Another credential of the fixture's holder from the fixture's issuer: the fixture's
/// credential with `change` applied, with its status entry in the fixture's list.
fn reissued(f: &Fixture, change: impl FnOnce(&mut Credential)) -> Witness {
	let mut credential = f.witness.credential.credential.clone();
	change(&mut credential);
	let index = credential.revocation_index;
	let signed = issue(&f.issuer, credential).expect("a valid credential");
	let non_revocation = witness_from_bitstring(&f.list, index).expect("an index in the tree");
	Witness::new(signed, f.witness.holder_secret.clone(), non_revocation)
}

/// The statements the sweeps cover, each true for its witness: every operator on the fixture
/// (NOT BETWEEN from both sides, IN and NOT IN on the country), and GTE against a
/// trusted-issuer root.
fn shapes() -> Vec<(&'static str, Statement, Witness)> {
	let f = fixture_v2();
	let (countries, elsewhere) = (countries(), elsewhere());
	let cases: Vec<(&'static str, u8, Predicate, Option<&[Fr]>)> = vec![
		("GTE, issuer key", 0, Predicate::Gte(THRESHOLD), None),
		("EQ", 0, Predicate::Eq(Fr::from(AGE)), None),
		("NE", 0, Predicate::Ne(Fr::from(THRESHOLD)), None),
		("LT", 0, Predicate::Lt(AGE + 1), None),
		("BETWEEN", 0, Predicate::Between(THRESHOLD, 40), None),
		("IN", 1, Predicate::In(commitment(&countries)), Some(&countries[..])),
		("NOT BETWEEN, below lo", 0, Predicate::NotBetween(AGE + 1, 65), None),
		("NOT BETWEEN, above hi", 0, Predicate::NotBetween(THRESHOLD, AGE - 1), None),
		("NOT IN", 1, Predicate::NotIn(commitment(&elsewhere)), Some(&elsewhere[..])),
		("NOOP", 0, Predicate::Noop, None),
	];
	let mut shapes: Vec<(&'static str, Statement, Witness)> = cases
		.into_iter()
		.map(|(name, slot, predicate, members)| {
			let (statement, witness) = presenting(&f, slot, predicate, members);
			(name, statement, witness)
		})
		.collect();
	let trusted = trusted_fixture();
	shapes.push(("GTE, trusted issuers", trusted.statement, trusted.witness));
	shapes
}

/// Where the internal assignments are (the same in every synthesis).
struct Layout {
	/// The issuer mode `k`, the first witness variable; then the slot's 3 bits, the
	/// operator flags and the mask's 8 bits: the code's decoding.
	trusted: usize,
	/// The operator one-hot `sel`, by operator code.
	flags: [usize; OPERATORS],
	/// The 20 bits of the status-list index.
	index_bits: usize,
	/// `A.x`, followed by `A.y`, `R.x`, `R.y`, `R.x^2`, `R.y^2`, the 252 bits of `s` and the
	/// 252 bits of `l - 1 - s` (the range check `s < l`).
	issuer_x: usize,
	/// The 20 bits of `capacity - 1 - index`.
	capacity_bits: usize,
	/// `w = is_cmp · v`, followed by its 64 bits, NOT BETWEEN's `below` and `nb_lo`, the 64
	/// bits of `d1`, the 64 of `d2`, NE's `t` and `inv`, then the set's 16 values.
	w: usize,
	/// NOT IN's `t = not_in · prod_i (v - s_i)`, followed by its `inv`.
	not_in_t: usize,
}

impl Layout {
	fn slot_bits(&self) -> usize {
		self.trusted + 1
	}
	fn mask_bits(&self) -> usize {
		self.flags[0] + OPERATORS
	}
	/// Every variable of the code's decoding, in order: `k`, slot bits, flags, mask bits.
	fn decoding(&self) -> Vec<usize> {
		(self.trusted..self.mask_bits() + 8).collect()
	}
	fn below(&self) -> usize {
		self.w + 1 + COMPARISON_BITS
	}
	fn nb_lo(&self) -> usize {
		self.below() + 1
	}
	fn d1_bits(&self) -> usize {
		self.below() + 2
	}
	fn d2_bits(&self) -> usize {
		self.d1_bits() + COMPARISON_BITS
	}
	fn ne_t(&self) -> usize {
		self.d2_bits() + COMPARISON_BITS
	}
	fn ne_inv(&self) -> usize {
		self.ne_t() + 1
	}
	fn set_values(&self) -> usize {
		self.ne_t() + 2
	}
	fn not_in_inv(&self) -> usize {
		self.not_in_t + 1
	}
	fn s_bits(&self) -> usize {
		self.issuer_x + 6
	}
	fn s_range_bits(&self) -> usize {
		self.s_bits() + SCALAR_BITS
	}
}

/// The layout, located once per test binary.
fn layout() -> &'static Layout {
	static LAYOUT: OnceLock<Layout> = OnceLock::new();
	LAYOUT.get_or_init(locate)
}

/// Locates the internal assignments, each by its value in a known synthesis and the order of
/// allocation around it, and checks what it found:
///
/// - the operator flags are where the assignments of the eleven operators differ: flag `k`
///   is the first variable that is 1 for operator `k` and 0 for every other; they must be
///   consecutive, preceded by `k` and the slot's bits (the circuit's first four variables)
///   and followed by the mask's bits, with the fixture's values;
/// - `w` is the fixture's age followed by its 64 bits, `below` and `nb_lo` (0 for GTE), the
///   bits of `d1 = age - threshold` and of `d2 = 0`, and NE's `t` and `inv` (0); in a
///   NOT BETWEEN below `lo`, `below` and `nb_lo` are 1 there, and in NE, `t` and `inv` are
///   `age - threshold` and its inverse;
/// - the capacity's bits are those of `capacity - 1 - index`, followed by the 7 products that
///   select `v` (0 for slot 0) and `w`;
/// - the index's bits follow the credential's id and expiry;
/// - the signature block is `A`, `R`, `R`'s squares, the bits of `s` and of `l - 1 - s`;
/// - the set's values are the 16 padded values of a NOT IN statement, right after NE's
///   inverse; NOT IN's `t` follows the last product `z = prod_i (v - s_i)` and equals it, and
///   `inv` is its inverse.
fn locate() -> Layout {
	let f = fixture_v2();
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
		Predicate::NotBetween(THRESHOLD, 40),
		Predicate::NotIn(p),
		Predicate::Noop,
	];
	for (k, predicate) in predicates.iter().enumerate() {
		assert_eq!(usize::from(predicate.op()), k, "{predicate:?}");
	}
	let by_op: Vec<Vec<Fr>> =
		predicates.iter().map(|p| assignment(&with_predicate(&f, *p), &f.witness)).collect();
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
	assert_eq!(flags[0], 4, "k and the slot's 3 bits are the first variables");
	let trusted = flags[0] - 4;

	let gte = by_op[usize::from(Predicate::Gte(0).op())].as_slice();
	assert_eq!(f.statement.predicate, Predicate::Gte(THRESHOLD), "the fixture is GTE");
	let decoding: Vec<Fr> = [Fr::from(f.statement.issuer.mode())]
		.into_iter()
		.chain(bits_u64(u64::from(f.statement.slot), 3))
		.chain((0..OPERATORS).map(|k| Fr::from(k == 5)))
		.chain(bits_u64(u64::from(f.statement.disclosure_mask()), 8))
		.collect();
	assert_eq!(gte[trusted..trusted + decoding.len()], decoding[..], "the code's decoding");

	let comparison: Vec<Fr> = [Fr::from(AGE)]
		.into_iter()
		.chain(bits_u64(AGE, COMPARISON_BITS))
		.chain([Fr::zero(), Fr::zero()])
		.chain(bits_u64(AGE - THRESHOLD, COMPARISON_BITS))
		.chain(bits_u64(0, COMPARISON_BITS))
		.chain([Fr::zero(), Fr::zero()])
		.collect();
	let w = find(gte, &comparison, "w, the comparison bits and NE's t and inv");

	let capacity: Vec<Fr> = bits_u64(u64::from(CAPACITY_V2 - 1 - INDEX), INDEX_BITS)
		.into_iter()
		.chain([Fr::zero(); 7])
		.chain([Fr::from(AGE)])
		.collect();
	let capacity_bits = find(gte, &capacity, "the capacity's bits, v's selection and w");
	assert_eq!(capacity_bits + INDEX_BITS + 7, w);

	let credential = &f.witness.credential.credential;
	let index: Vec<Fr> = [credential.id, Fr::from(credential.expiry)]
		.into_iter()
		.chain(bits_u64(u64::from(INDEX), INDEX_BITS))
		.collect();
	let index_bits = find(gte, &index, "the credential id, expiry and index bits") + 2;

	let signed = &f.witness.credential;
	let (ax, ay) = signed.issuer.coordinates();
	let (rx, ry) = coordinates(&signed.signature.r);
	let signature: Vec<Fr> = [ax, ay, rx, ry, rx.square(), ry.square()]
		.into_iter()
		.chain(bits(&signed.signature.s, SCALAR_BITS))
		.chain(bits(&(-Scalar::one() - signed.signature.s), SCALAR_BITS))
		.collect();
	let issuer_x = find(gte, &signature, "A, R, R's squares, the bits of s and of l - 1 - s");

	let mut layout = Layout { trusted, flags, index_bits, issuer_x, capacity_bits, w, not_in_t: 0 };

	// NOT BETWEEN below lo: below and nb_lo are 1.
	let below_lo = assignment(&with_predicate(&f, Predicate::NotBetween(AGE + 1, 65)), &f.witness);
	assert_eq!(below_lo[w], Fr::from(AGE));
	assert_eq!(below_lo[layout.below()..layout.d1_bits()], [Fr::one(), Fr::one()]);
	// NE: t = age - threshold, inv its inverse.
	let gap = Fr::from(AGE - THRESHOLD);
	let ne = &by_op[usize::from(Predicate::Ne(p).op())];
	let ne_inverse = gap.inverse().expect("non-zero");
	assert_eq!(ne[layout.ne_t()..layout.ne_t() + 2], [gap, ne_inverse]);

	// NOT IN: the set's values, the last product, t and inv.
	let elsewhere = elsewhere();
	let (statement, witness) =
		presenting(&f, 1, Predicate::NotIn(commitment(&elsewhere)), Some(&elsewhere[..]));
	let not_in = assignment(&statement, &witness);
	let padded = witness.set_values.expect("NOT IN's values");
	assert_eq!(find(&not_in, &padded, "the set's values"), layout.set_values());
	let nl = attribute::string("NL");
	let z = padded.iter().fold(Fr::one(), |z, s| z * (nl - s));
	let z_inverse = z.inverse().expect("NL is not in the set");
	layout.not_in_t = find(&not_in, &[z, z, z_inverse], "NOT IN's product, t and inv") + 1;
	assert!(layout.not_in_t > layout.set_values() + padded.len());
	layout
}

/// The flags set to the one-hot of operator `k`, or to all zeros for `None`.
fn flags_set_to(layout: &Layout, k: Option<usize>) -> Vec<(usize, Fr)> {
	layout.flags.iter().enumerate().map(|(j, var)| (*var, Fr::from(Some(j) == k))).collect()
}

/// The assignment a prover claiming NOT BETWEEN(`lo`, `hi`) for the value `value` from the
/// side `below` (`value < lo`, else `value > hi`) writes: `below`, `nb_lo = below`, and the
/// 64 low bits of `d1 = nb_lo · (lo - v) - nb_lo` and `d2 = -nb_hi · (hi - v) - nb_hi`, the
/// gadget's formulas (no 64 bits hold a negative difference: the row refuses a false side).
fn not_between_claim(
	layout: &Layout,
	value: u64,
	lo: u64,
	hi: u64,
	below: bool,
) -> Vec<(usize, Fr)> {
	let (v, lo, hi) = (Fr::from(value), Fr::from(lo), Fr::from(hi));
	let nb_lo = Fr::from(below);
	let nb_hi = Fr::one() - nb_lo;
	let d1 = nb_lo * (lo - v) - nb_lo;
	let d2 = -nb_hi * (hi - v) - nb_hi;
	let mut claim = vec![(layout.below(), nb_lo), (layout.nb_lo(), nb_lo)];
	claim.extend((layout.d1_bits()..).zip(bits(&d1, COMPARISON_BITS)));
	claim.extend((layout.d2_bits()..).zip(bits(&d2, COMPARISON_BITS)));
	claim
}

/// The witness variables a statement leaves free by design, each meaningful only under its
/// operator: NOT BETWEEN's `below` outside NOT BETWEEN (`nb_lo = not_between · below` is 0
/// either way), NE's inverse outside NE and NOT IN's outside NOT IN (`t · inv = flag` reads
/// `0 = 0`).
fn free_witnesses(layout: &Layout, predicate: Predicate) -> Vec<usize> {
	let op = predicate.op();
	let mut free = Vec::new();
	if op != Predicate::NotBetween(0, 0).op() {
		free.push(layout.below());
	}
	if op != Predicate::Ne(Fr::zero()).op() {
		free.push(layout.ne_inv());
	}
	if op != Predicate::NotIn(Fr::zero()).op() {
		free.push(layout.not_in_inv());
	}
	free
}

/// The predicate's parameters no row reads for this statement and witness, as public-input
/// positions: every comparison reads only the bound it compares with (NOT BETWEEN's side
/// shown reads `lo` below it, `hi` above it), EQ, NE, IN and NOT IN read only `p0`, NOOP
/// neither. Another value there leaves a statement the witness makes as true (and a verifier
/// builds the inputs from the statement, whose unused parameter is 0).
fn free_inputs(statement: &Statement, witness: &Witness) -> Vec<usize> {
	match statement.predicate {
		Predicate::Between(..) => vec![],
		Predicate::NotBetween(lo, _) => {
			let v = witness.credential.credential.attributes[usize::from(statement.slot)];
			if as_u64(&v).is_some_and(|v| v < lo) {
				vec![P1_INPUT]
			} else {
				vec![P0_INPUT]
			}
		},
		Predicate::Noop => vec![P0_INPUT, P1_INPUT],
		_ => vec![P1_INPUT],
	}
}

/// The witness variables `fixed_base_mul` allocates for a scalar with these bits on the
/// generator `B`, in allocation order (its windows' lookups and the additions summing them):
/// synthesised in a scratch system holding only the bits before them.
fn fixed_base_internals(scalar_bits: &[Fr]) -> Vec<Fr> {
	let cs = ConstraintSystem::<Fr>::new_ref();
	let gadgets = Cs::new(cs.clone());
	let bits = scalar_bits
		.iter()
		.map(|bit| gadgets.boolean(bit.is_one()))
		.collect::<Result<Vec<Lc>, _>>()
		.expect("synthesis");
	fixed_base_mul(&gadgets, &bits, &EdwardsAffine::generator()).expect("synthesis");
	cs.witness_assignment().expect("prove mode").split_off(scalar_bits.len())
}

/// `s + l` as an integer, if it is below `2^252`, so that the 252 bits of `s` hold it too
/// (about one signature in ten: `2^252 - l` is about a tenth of `l`).
fn s_plus_l(signature: &Signature) -> Option<BigInt<4>> {
	let mut wide = signature.s.into_bigint();
	let carry = wide.add_with_carry(&Scalar::MODULUS);
	(!carry && wide.num_bits() as usize <= SCALAR_BITS).then_some(wide)
}

/// The version-2 fixture with its credential re-issued under another id until the signature's
/// `s` has `s + l < 2^252` (the statement is unchanged: version 2's nullifier does not read
/// the id), and that `s + l`.
fn small_s_fixture() -> (Fixture, BigInt<4>) {
	let mut f = fixture_v2();
	let (signed, wide) = (1..=1000u64)
		.find_map(|id| {
			let credential =
				Credential { id: Fr::from(id), ..f.witness.credential.credential.clone() };
			let signed = issue(&f.issuer, credential).expect("a valid credential");
			s_plus_l(&signed.signature).map(|wide| (signed, wide))
		})
		.expect("a credential id in 1..=1000 whose s is below 2^252 - l");
	f.witness.credential = signed;
	assert_eq!(f.witness.check(&f.statement), Ok(()));
	(f, wide)
}

/// Synthesises the EdDSA gadget of `version` alone for `key`, `message`, `R` and the scalar
/// bits `s_bits` (given as bits, so that they may hold `s + l`), returning whether the system
/// is satisfied.
fn eddsa_gadget_accepts(
	version: Version,
	key: &PublicKey,
	message: Fr,
	r: &EdwardsAffine,
	s_bits: &[Fr],
) -> bool {
	let cs = Cs::new(ConstraintSystem::<Fr>::new_ref());
	let public_key = PointVar::witness(&cs, key.point()).expect("synthesis");
	let message = cs.witness(message).expect("synthesis");
	let r = PointVar::witness(&cs, r).expect("synthesis");
	enforce_on_curve(&cs, &r).expect("synthesis");
	let s_bits = s_bits
		.iter()
		.map(|bit| cs.boolean(bit.is_one()))
		.collect::<Result<Vec<Lc>, _>>()
		.expect("synthesis");
	let signature = SignatureVar { r, s_bits };
	eddsa::constraints::verify(&cs, version, &public_key, &message, &signature).expect("synthesis");
	cs.is_satisfied().expect("synthesis")
}

/// The honest assignment satisfies both checkers; the instance is the constant 1 and the 22
/// public inputs in order, each read by some row; both checkers see a change to the first
/// witness variable (the issuer mode) and to an input.
#[test]
fn honest_synthesis_correctness() {
	let f = fixture_v2();
	let layout = layout();
	let s = synthesise(&f.statement, &f.witness);
	assert!(s.honest_failing.is_empty(), "{:?}", s.honest_failing);
	assert!(s.accepts(&[]));
	assert!(s.arkworks_accepts_columns(&[]));
	let inputs = f.statement.public_inputs().expect("a valid statement");
	assert_eq!(inputs.len(), V2_PUBLIC_INPUTS);
	assert_eq!(s.offset, 1 + V2_PUBLIC_INPUTS);
	assert_eq!(s.z[0], Fr::one());
	assert_eq!(s.z[1..s.offset], inputs[..]);
	for input in 0..V2_PUBLIC_INPUTS {
		assert!(!s.input_readers(input).is_empty(), "no row reads input {input}");
	}
	assert_eq!(layout.trusted, 0);
	assert!(s.rejects(&[(layout.trusted, Fr::one())]));
	assert!(s.rejects_input(P0_INPUT, Fr::from(THRESHOLD + 1)));
	// Restored: the constraint system is honest again.
	assert!(s.cs.is_satisfied().expect("prove mode"));
}

/// Moving GTE's flag to any other operator (one-hot kept, so booleanity and the sum hold),
/// clearing every flag, or setting EQ's (weight 0 in the code) or NOOP's beside GTE's is
/// refused.
#[test]
fn operator_flags_soundness_one_hot_moved() {
	let f = fixture_v2();
	let layout = layout();
	let s = synthesise(&f.statement, &f.witness);
	let gte = usize::from(Predicate::Gte(0).op());
	assert_eq!(s.witness()[layout.flags[gte]], Fr::one());
	for k in (0..OPERATORS).filter(|k| *k != gte) {
		assert!(s.rejects(&flags_set_to(layout, Some(k))), "GTE's flag moved to {k}");
	}
	assert!(s.rejects(&flags_set_to(layout, None)), "no flag set");
	for k in [0, usize::from(Predicate::Noop.op())] {
		assert!(s.rejects(&[(layout.flags[k], Fr::one())]), "flag {k} set beside GTE's");
	}
}

/// A false `age >= 31` given the flags and comparison assignment of NOOP (`w`, its bits,
/// `d1`'s bits): every predicate row then holds (NOOP enforces nothing), and only the code's
/// decoding, which reads the public code, refuses it.
#[test]
fn operator_flags_soundness_bound_to_the_code() {
	let f = fixture_v2();
	let layout = layout();
	let claimed = with_predicate(&f, Predicate::Gte(AGE + 1));
	let s = synthesise(&claimed, &f.witness);
	assert!(!s.honest_failing.is_empty(), "age >= 31 is false");
	let noop = assignment(&with_predicate(&f, Predicate::Noop), &f.witness);
	assert_eq!(noop.len(), s.witness().len());
	let changes: Vec<(usize, Fr)> = layout
		.flags
		.iter()
		.copied()
		.chain(layout.w..layout.ne_t())
		.map(|var| (var, noop[var]))
		.collect();
	let code_rows = s.input_readers(CODE_INPUT).to_vec();
	assert_eq!(code_rows.len(), 1, "one row reads the code");
	assert_eq!(s.component_of(code_rows[0]), "statement inputs and code");
	assert_eq!(s.failing_rows(&changes), code_rows, "only the code's decoding refuses it");
	assert!(s.rejects(&changes));
}

/// NOT BETWEEN's side: for a value below `lo`, above `hi`, inside and at the bounds, the
/// prover's claim of either side (its `below`, `nb_lo` and comparison bits, computed as the
/// gadget does) holds only for a true side; a false side fails exactly the row of its own
/// comparison (`d1` below, `d2` above). `below` flipped alone is refused by `nb_lo`'s product.
#[test]
fn not_between_side_soundness() {
	let f = fixture_v2();
	let layout = layout();
	// (lo, hi, the true side: Some(true) below lo, Some(false) above hi, None inside).
	let cases = [
		(AGE + 1, 65, Some(true)),
		(THRESHOLD, AGE - 1, Some(false)),
		(THRESHOLD, 65, None),
		(AGE, 65, None),
		(THRESHOLD, AGE, None),
		(AGE, AGE, None),
	];
	for (lo, hi, side) in cases {
		let name = format!("NOT BETWEEN({lo}, {hi})");
		let s = synthesise(&with_predicate(&f, Predicate::NotBetween(lo, hi)), &f.witness);
		assert_eq!(s.honest_failing.is_empty(), side.is_some(), "{name}");
		for below in [true, false] {
			let claim = not_between_claim(layout, AGE, lo, hi, below);
			let failing = s.failing_rows(&claim);
			if side == Some(below) {
				assert!(failing.is_empty(), "{name}, the true side: {failing:?}");
				continue;
			}
			assert_eq!(failing.len(), 1, "{name}, below = {below}: {failing:?}");
			let comparison_bits = if below { layout.d1_bits() } else { layout.d2_bits() };
			assert!(
				s.witness_read_by(failing[0]).contains(&comparison_bits),
				"{name}, below = {below}: the failing row is the side's comparison"
			);
			assert!(s.rejects(&claim), "{name}, below = {below}");
		}
		let below = layout.below();
		assert!(s.rejects(&[(below, tampered(s.witness()[below]))]), "{name}: below flipped");
	}
}

/// NOT IN's inverse: for a true NOT IN every other value is refused, and so is another `t`;
/// for a false NOT IN (the value in the set, `z = 0`) no value helps; outside NOT IN,
/// `t = not_in · z = 0` and `t · inv = not_in` reads `0 = 0`, so `inv` is free there (by
/// design: it is only meaningful when `not_in = 1`).
#[test]
fn not_in_inverse_soundness() {
	let f = fixture_v2();
	let layout = layout();
	let elsewhere = elsewhere();
	let (statement, witness) =
		presenting(&f, 1, Predicate::NotIn(commitment(&elsewhere)), Some(&elsewhere[..]));
	let s = synthesise(&statement, &witness);
	assert!(s.honest_failing.is_empty());
	let (t, inverse) = (s.witness()[layout.not_in_t], s.witness()[layout.not_in_inv()]);
	assert_eq!(t * inverse, Fr::one());
	for value in [Fr::zero(), Fr::one(), inverse + Fr::one(), -inverse, Fr::rand(&mut rng(3))] {
		assert!(s.rejects(&[(layout.not_in_inv(), value)]), "inv = {value}");
	}
	assert!(s.rejects(&[(layout.not_in_t, t + Fr::one())]), "another t");
	assert!(s.rejects(&[(layout.not_in_t, Fr::one()), (layout.not_in_inv(), Fr::one())]));

	let countries = countries();
	let (statement, witness) =
		presenting(&f, 1, Predicate::NotIn(commitment(&countries)), Some(&countries[..]));
	let s = synthesise(&statement, &witness);
	assert_eq!(s.witness()[layout.not_in_t], Fr::zero(), "NL is in the set");
	for value in [Fr::zero(), Fr::one(), inverse, Fr::rand(&mut rng(4))] {
		let failing = s.failing_rows(&[(layout.not_in_inv(), value)]);
		assert!(!failing.is_empty(), "inv = {value}");
	}

	let s = synthesise(&f.statement, &f.witness);
	assert_eq!(s.witness()[layout.not_in_t], Fr::zero());
	assert!(!s.rejects(&[(layout.not_in_inv(), Fr::from(7u64))]), "free outside NOT IN");
}

/// The set's values (IN and NOT IN): each of the 16 changed alone is refused (the commitment's
/// hash reads it); a prover who hashes another set, honestly computed, to make a false IN
/// (the value added) or a false NOT IN (the value removed) true is refused by exactly one
/// row: the commitment's equality with `p0`, which reads the IN and NOT IN flags.
#[test]
fn set_values_soundness() {
	let f = fixture_v2();
	let layout = layout();
	let (countries, elsewhere) = (countries(), elsewhere());
	let true_sets = [
		("IN", Predicate::In(commitment(&countries)), &countries),
		("NOT IN", Predicate::NotIn(commitment(&elsewhere)), &elsewhere),
	];
	for (name, predicate, members) in true_sets {
		let (statement, witness) = presenting(&f, 1, predicate, Some(members.as_slice()));
		let s = synthesise(&statement, &witness);
		assert!(s.honest_failing.is_empty(), "{name}");
		let padded = set::padded(members).expect("1 to 16 values");
		let start = layout.set_values();
		assert_eq!(s.witness()[start..start + padded.len()], padded, "{name}");
		for i in 0..padded.len() {
			let var = start + i;
			assert!(s.rejects(&[(var, tampered(s.witness()[var]))]), "{name}: value {i}");
		}
	}

	let nl = attribute::string("NL");
	let (be, lu, de, fr) = (countries[1], countries[2], countries[3], countries[4]);
	// (the statement's set, the set the prover hashes instead)
	let substituted = [
		("IN {BE, LU} as {BE, NL}", Predicate::In(commitment(&[be, lu])), vec![be, nl]),
		("NOT IN {DE, NL} as {DE, FR}", Predicate::NotIn(commitment(&[de, nl])), vec![de, fr]),
	];
	let set_flags = [
		layout.flags[usize::from(Predicate::In(nl).op())],
		layout.flags[usize::from(Predicate::NotIn(nl).op())],
	];
	for (name, predicate, members) in substituted {
		let (statement, witness) = presenting(&f, 1, predicate, Some(members.as_slice()));
		assert_eq!(witness.check(&statement), Err(Error::PredicateFalse), "{name}");
		let s = synthesise(&statement, &witness);
		assert_eq!(s.honest_failing.len(), 1, "{name}: {:?}", s.honest_failing);
		let row = s.honest_failing[0];
		assert_eq!(s.component_of(row), "predicate", "{name}");
		let read = s.witness_read_by(row);
		assert!(set_flags.iter().all(|flag| read.contains(flag)), "{name}: the commitment row");
		assert!(s.input_readers(P0_INPUT).contains(&row), "{name}: the row reads p0");
	}
}

/// The capacity check: one row reads the capacity, `capacity - 1 - index` = the sum of 20
/// bits, over the index's bits and those. Each of its bits and of the index's flipped alone
/// is refused; an index at the capacity (`-1`, which no 20 bits sum to) fails that row alone
/// whatever bits the prover writes, and so does a credential past the registry's list, in the
/// tree's zero padding, whose status path is valid.
#[test]
fn capacity_check_soundness() {
	let f = fixture_v2();
	let layout = layout();
	let s = synthesise(&f.statement, &f.witness);
	let rows = s.input_readers(CAPACITY_INPUT).to_vec();
	assert_eq!(rows.len(), 1, "{rows:?}");
	let capacity_row = rows[0];
	assert_eq!(s.component_of(capacity_row), "non-revocation and capacity");
	let read: BTreeSet<usize> = (layout.index_bits..layout.index_bits + INDEX_BITS)
		.chain(layout.capacity_bits..layout.capacity_bits + INDEX_BITS)
		.collect();
	assert_eq!(s.witness_read_by(capacity_row), read);
	for i in 0..INDEX_BITS {
		for (name, start) in [("capacity", layout.capacity_bits), ("index", layout.index_bits)] {
			let var = start + i;
			assert!(s.rejects(&[(var, tampered(s.witness()[var]))]), "{name} bit {i}");
		}
	}

	let at_capacity = Statement { capacity: INDEX, ..f.statement.clone() };
	let s = synthesise(&at_capacity, &f.witness);
	assert_eq!(s.honest_failing, vec![capacity_row]);
	for (name, bit) in [("zeros", Fr::zero()), ("ones", Fr::one())] {
		let changes: Vec<(usize, Fr)> = (layout.capacity_bits..layout.capacity_bits + INDEX_BITS)
			.map(|var| (var, bit))
			.collect();
		assert_eq!(s.failing_rows(&changes), vec![capacity_row], "all {name}");
	}
	let in_range = Statement { capacity: INDEX + 1, ..f.statement.clone() };
	assert!(synthesise(&in_range, &f.witness).honest_failing.is_empty(), "the index in range");

	let past = reissued(&f, |c| c.revocation_index = CAPACITY_V2);
	let s = synthesise(&f.statement, &past);
	assert_eq!(s.honest_failing, vec![capacity_row], "past the list");
	let last = reissued(&f, |c| c.revocation_index = CAPACITY_V2 - 1);
	assert!(synthesise(&f.statement, &last).honest_failing.is_empty(), "the list's last entry");
}

/// The code's decoding (the issuer mode `k`, the slot's bits, the operator flags, the mask's
/// bits): one row, the code's recomposition, reads every one of them but EQ's flag (weight 0,
/// bound by the one-hot sum). Each flipped alone, and every pair flipped together, is refused
/// (the parts have distinct weights within their widths, so no two changes cancel), for an
/// issuer key and for a trusted-issuer root.
#[test]
fn code_decoding_bits_soundness() {
	let layout = layout();
	let decoding = layout.decoding();
	assert_eq!(decoding.len(), 1 + 3 + OPERATORS + 8);
	assert_eq!(layout.slot_bits(), layout.trusted + 1);
	for f in [fixture_v2(), trusted_fixture()] {
		let mode = f.statement.issuer.mode();
		let s = synthesise(&f.statement, &f.witness);
		assert!(s.honest_failing.is_empty(), "mode {mode}");
		assert_eq!(s.witness()[layout.trusted], Fr::from(mode));
		let code_rows = s.input_readers(CODE_INPUT).to_vec();
		assert_eq!(code_rows.len(), 1, "one row reads the code");
		let expected: BTreeSet<usize> =
			decoding.iter().copied().filter(|var| *var != layout.flags[0]).collect();
		assert_eq!(s.witness_read_by(code_rows[0]), expected, "mode {mode}");
		for (i, a) in decoding.iter().enumerate() {
			let flip_a = (*a, tampered(s.witness()[*a]));
			assert!(s.rejects_sampled(&[flip_a], i % 8 == 0), "mode {mode}: {a} flipped");
			for b in &decoding[i + 1..] {
				let flip_b = (*b, tampered(s.witness()[*b]));
				assert!(s.rejects_sampled(&[flip_a, flip_b], false), "mode {mode}: {a}, {b}");
			}
		}
	}
}

/// The EdDSA scalar replaced by `s + l` (below `2^252`, so its 252 bits fit where `s`'s were):
/// `(s + l) · B = s · B`, so with `s · B`'s windows recomputed for the new bits the signature
/// equation still holds (version 1's circuit would accept this signature), and the system
/// fails exactly one row: `s < l`'s range check, `l - 1 - s` = the sum of 252 bits. The
/// prover's best range bits (the low 252 of `l - 1 - (s + l)`) fail the same row.
#[test]
fn eddsa_scalar_plus_l_soundness() {
	let (f, wide) = small_s_fixture();
	let layout = layout();
	let s = synthesise(&f.statement, &f.witness);
	assert!(s.honest_failing.is_empty());
	let signature = f.witness.credential.signature;
	let honest_bits = bits(&signature.s, SCALAR_BITS);
	let forged_bits = int_bits(&wide, SCALAR_BITS);
	let s_bits = layout.s_bits();
	assert_eq!(s.witness()[s_bits..s_bits + SCALAR_BITS], honest_bits[..], "the bits of s");
	assert_ne!(honest_bits, forged_bits);

	// s · B's windows and sums for both scalars: they differ, but not the product (the last
	// addition's x and y).
	let honest_mul = fixed_base_internals(&honest_bits);
	let forged_mul = fixed_base_internals(&forged_bits);
	let n = honest_mul.len();
	assert_eq!(forged_mul.len(), n);
	assert_ne!(honest_mul, forged_mul);
	assert_eq!(honest_mul[n - 2..], forged_mul[n - 2..], "(s + l) · B = s · B");
	let start = s.find(&honest_mul, "s · B's windows and sums");
	assert!(start > layout.s_range_bits() + SCALAR_BITS, "s · B follows the range check");

	let changes: Vec<(usize, Fr)> =
		(s_bits..).zip(forged_bits).chain((start..).zip(forged_mul)).collect();
	let failing = s.failing_rows(&changes);
	assert_eq!(failing.len(), 1, "{failing:?}");
	let range_check: BTreeSet<usize> = (s_bits..layout.s_range_bits() + SCALAR_BITS).collect();
	assert_eq!(s.witness_read_by(failing[0]), range_check, "the row of s < l");
	assert_eq!(s.component_of(failing[0]), "issuer signature (EdDSA, s < l)");
	assert!(s.rejects(&changes));

	let s_value = Fr::from_bigint(signature.s.into_bigint()).expect("s < l < r");
	let best = bits(&(-Fr::one() - s_value), SCALAR_BITS);
	let with_range: Vec<(usize, Fr)> =
		changes.iter().copied().chain((layout.s_range_bits()..).zip(best)).collect();
	assert_eq!(s.failing_rows(&with_range), failing);
	assert!(s.rejects(&with_range));
}

/// The EdDSA gadget alone, in each version, on a signature whose `s + l` is below `2^252`: the
/// honest bits of `s` are accepted; the bits of `s + l` are accepted by version 1 (which only
/// bounds `s` by `2^252`) and refused by version 2. Natively no [`Signature`] holds `s + l`:
/// it is not a scalar, and its encoding is refused.
#[test]
fn eddsa_gadget_scalar_plus_l_by_version() {
	let key = SecretKey::generate(&mut rng(70));
	let public_key = key.public_key();
	for version in Version::ALL {
		let (message, signature, wide) = (0..1000u64)
			.find_map(|m| {
				let message = Fr::from(m);
				let signature = key.sign(version, &message);
				s_plus_l(&signature).map(|wide| (message, signature, wide))
			})
			.expect("a message in 0..1000 whose s is below 2^252 - l");
		let honest = bits(&signature.s, SCALAR_BITS);
		assert!(eddsa_gadget_accepts(version, &public_key, message, &signature.r, &honest));
		let forged = int_bits(&wide, SCALAR_BITS);
		assert_eq!(
			eddsa_gadget_accepts(version, &public_key, message, &signature.r, &forged),
			version == Version::V1,
			"{version:?}"
		);
		assert_eq!(Scalar::from_bigint(wide), None, "s + l is not a scalar");
		let mut bytes = signature.to_bytes();
		bytes[32..].copy_from_slice(&wide.to_bytes_le());
		assert_eq!(Signature::from_bytes(&bytes), Err(Error::InvalidSignature));
	}
}

/// The version input: one row reads it, `version = 2`, and it reads no witness; any other
/// version fails that row alone. The nullifier input: any other nullifier (another value,
/// version 1's for the credential, the holder's in another scope) fails exactly one row, the
/// nullifier's equality.
#[test]
fn public_inputs_soundness() {
	let f = fixture_v2();
	let s = synthesise(&f.statement, &f.witness);
	let version_rows = s.input_readers(VERSION_INPUT).to_vec();
	assert_eq!(version_rows.len(), 1, "{version_rows:?}");
	assert!(s.witness_read_by(version_rows[0]).is_empty(), "the version row reads no witness");
	assert_eq!(s.component_of(version_rows[0]), "statement inputs and code");
	for version in [Fr::zero(), Fr::one(), Fr::from(3u64)] {
		assert_eq!(s.failing_rows_input(VERSION_INPUT, version), version_rows, "{version}");
		assert!(s.rejects_input(VERSION_INPUT, version), "{version}");
	}

	let holder = &f.witness.holder_secret;
	let scope = f.statement.scope;
	let others = [
		f.statement.nullifier + Fr::one(),
		holder.nullifier(&f.witness.credential.credential.id, &scope),
		holder.holder_nullifier(&(scope + Fr::one())),
	];
	for nullifier in others {
		assert_ne!(nullifier, f.statement.nullifier);
		let failing = s.failing_rows_input(NULLIFIER_INPUT, nullifier);
		assert_eq!(failing.len(), 1, "{nullifier}: {failing:?}");
		assert_eq!(s.component_of(failing[0]), "nullifier");
		assert_eq!(s.input_readers(NULLIFIER_INPUT), failing.as_slice());
		assert!(s.rejects_input(NULLIFIER_INPUT, nullifier));
	}
}

/// Every public input changed alone (0 and 1 swapped, anything else plus one), for every
/// shape: refused, except the predicate's parameters the statement does not read (see
/// [`free_inputs`]). Arkworks is asked as well for the first shape.
#[test]
fn every_public_input_is_bound() {
	for (index, (name, statement, witness)) in shapes().iter().enumerate() {
		let s = synthesise(statement, witness);
		assert!(s.honest_failing.is_empty(), "{name}: {:?}", s.honest_failing);
		let accepted: Vec<usize> = (0..V2_PUBLIC_INPUTS)
			.filter(|input| {
				let change = [(input_column(*input), tampered(s.z[input_column(*input)]))];
				if index == 0 {
					!s.rejects_columns(&change)
				} else {
					s.accepts_columns(&change)
				}
			})
			.collect();
		let caught = V2_PUBLIC_INPUTS - accepted.len();
		println!(
			"{name}: {caught} of {V2_PUBLIC_INPUTS} inputs changed were caught, {accepted:?} not"
		);
		assert_eq!(accepted, free_inputs(statement, witness), "{name}");
	}
}

/// Every witness variable changed alone (0 and 1 swapped, anything else plus one), for every
/// shape: every change is refused except the variables the statement leaves free by design
/// (see [`free_witnesses`]), and every variable is read by some row. Judged by the rows that
/// read the variable; arkworks is asked as well for every 97th variable of the first shape.
#[test]
fn every_witness_variable_is_bound() {
	let layout = layout();
	for (index, (name, statement, witness)) in shapes().iter().enumerate() {
		let s = synthesise(statement, witness);
		assert!(s.honest_failing.is_empty(), "{name}: {:?}", s.honest_failing);
		let accepted: Vec<usize> = (0..s.witness().len())
			.filter(|var| {
				let change = [(*var, tampered(s.witness()[*var]))];
				!s.rejects_sampled(&change, index == 0 && var % 97 == 0)
			})
			.collect();
		let total = s.witness().len();
		let caught = total - accepted.len();
		println!(
			"{name}: {caught} of {total} witness variables changed were caught, {accepted:?} not"
		);
		let unread: Vec<usize> =
			(0..s.witness().len()).filter(|var| s.readers[s.column(*var)].is_empty()).collect();
		assert!(unread.is_empty(), "{name}: variables no row reads: {unread:?}");
		let described: Vec<(usize, Fr, &str)> = accepted
			.iter()
			.map(|var| (*var, s.witness()[*var], s.component_of(s.readers[s.column(*var)][0])))
			.collect();
		assert_eq!(
			accepted,
			free_witnesses(layout, statement.predicate),
			"{name}: accepted changes {described:?}"
		);
	}
}
