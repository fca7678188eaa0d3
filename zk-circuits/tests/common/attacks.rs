//! The constraint-system machinery of the witness-attack tests (`witness_attacks*.rs`): an
//! honest synthesis with its R1CS matrices and assignment, changes applied to witness
//! variables or to any column of `z` (public inputs too), and two checkers that must agree —
//! evaluating the rows that read a change, and arkworks' `is_satisfied`.

use std::collections::BTreeSet;

use ark_ff::{BigInteger, One, PrimeField, Zero};
use ark_relations::gr1cs::{
	ConstraintSystem, ConstraintSystemRef, Matrix, SynthesisMode, R1CS_PREDICATE_LABEL,
};
use didimo_zk::{
	circuit::{PresentationCircuit, Witness},
	r1cs::Cs,
	statement::Statement,
	Fr,
};

/// The column of `z` of public input `input` (column 0 is the constant 1).
pub fn input_column(input: usize) -> usize {
	1 + input
}

/// The `width` low bits of the integer `int`, little-endian, as field elements.
pub fn int_bits(int: &impl BigInteger, width: usize) -> Vec<Fr> {
	(0..width).map(|i| Fr::from(int.get_bit(i))).collect()
}

/// The `width` low bits of `value`, little-endian, as field elements.
pub fn bits<F: PrimeField>(value: &F, width: usize) -> Vec<Fr> {
	int_bits(&value.into_bigint(), width)
}

/// The `width` low bits of `value`, little-endian, as field elements.
pub fn bits_u64(value: u64, width: usize) -> Vec<Fr> {
	(0..width).map(|i| Fr::from((value >> i) & 1 == 1)).collect()
}

/// The value a sweep puts in place of `value`: the other boolean for 0 and 1 (booleanity
/// still holds, only the binding can refuse it), `value + 1` otherwise.
pub fn tampered(value: Fr) -> Fr {
	if value.is_zero() {
		Fr::one()
	} else if value.is_one() {
		Fr::zero()
	} else {
		value + Fr::one()
	}
}

/// `a · z` for a matrix row.
pub fn dot(row: &[(Fr, usize)], z: impl Fn(usize) -> Fr) -> Fr {
	row.iter().map(|(coeff, index)| *coeff * z(*index)).sum()
}

/// The witness assignment alone (no matrices), for locating variables.
pub fn assignment(statement: &Statement, witness: &Witness) -> Vec<Fr> {
	let cs = ConstraintSystem::<Fr>::new_ref();
	cs.set_mode(SynthesisMode::Prove { construct_matrices: false, generate_lc_assignments: false });
	let circuit = PresentationCircuit { statement: statement.clone(), witness: witness.clone() };
	circuit.synthesize(&Cs::new(cs.clone())).expect("synthesis");
	cs.witness_assignment().expect("prove mode")
}

/// An honest synthesis with its R1CS matrices and assignment, ready to be tampered with.
/// Changes are `(witness index, value)` pairs, or `(column of z, value)` pairs for the
/// `*_columns` methods, which also reach the public inputs.
pub struct Synthesised {
	pub cs: ConstraintSystemRef<Fr>,
	/// The constraints per component, in synthesis order.
	pub report: Vec<(&'static str, usize)>,
	/// `z = (1, inputs.., witness..)`, the column order of the matrices.
	pub z: Vec<Fr>,
	/// Where the witness starts in `z`: 1 + the number of public inputs.
	pub offset: usize,
	pub a: Matrix<Fr>,
	pub b: Matrix<Fr>,
	pub c: Matrix<Fr>,
	/// For every column of `z`, the rows that read it.
	pub readers: Vec<Vec<usize>>,
	/// The rows the honest assignment fails (empty for a true statement).
	pub honest_failing: Vec<usize>,
}

/// Synthesises `statement` and `witness` without cached linear-combination values.
pub fn synthesise(statement: &Statement, witness: &Witness) -> Synthesised {
	let cs = ConstraintSystem::<Fr>::new_ref();
	cs.set_mode(SynthesisMode::Prove { construct_matrices: true, generate_lc_assignments: false });
	let circuit = PresentationCircuit { statement: statement.clone(), witness: witness.clone() };
	let report = circuit.synthesize(&Cs::new(cs.clone())).expect("synthesis");
	let mut z = cs.instance_assignment().expect("prove mode");
	let offset = z.len();
	z.extend(cs.witness_assignment().expect("prove mode"));
	let mut matrices = cs.to_matrices().expect("matrices");
	let r1cs = matrices.remove(R1CS_PREDICATE_LABEL).expect("the R1CS predicate");
	let [a, b, c]: [Matrix<Fr>; 3] = r1cs.try_into().expect("A, B and C");
	assert_eq!(a.len(), cs.num_constraints());
	let mut readers = vec![Vec::new(); z.len()];
	for (row, ((ra, rb), rc)) in a.iter().zip(&b).zip(&c).enumerate() {
		for (_, column) in ra.iter().chain(rb).chain(rc) {
			readers[*column].push(row);
		}
	}
	for rows in &mut readers {
		rows.dedup();
	}
	let mut s = Synthesised { cs, report, z, offset, a, b, c, readers, honest_failing: Vec::new() };
	s.honest_failing = s.failing_rows_columns(&[]);
	s
}

impl Synthesised {
	/// The rows that read witness variable `var`.
	pub fn witness_readers(&self, var: usize) -> &[usize] {
		&self.readers[self.offset + var]
	}

	/// The witness assignment.
	pub fn witness(&self) -> &[Fr] {
		&self.z[self.offset..]
	}

	/// The column of `z` of witness variable `var`.
	pub fn column(&self, var: usize) -> usize {
		self.offset + var
	}

	/// Witness changes as column changes.
	pub fn columns(&self, changes: &[(usize, Fr)]) -> Vec<(usize, Fr)> {
		changes.iter().map(|(var, value)| (self.column(*var), *value)).collect()
	}

	/// Whether row `row` holds when `z` gives the column values.
	pub fn holds(&self, row: usize, z: &impl Fn(usize) -> Fr) -> bool {
		dot(&self.a[row], z) * dot(&self.b[row], z) == dot(&self.c[row], z)
	}

	/// The column values with the column `changes` applied.
	pub fn values<'a>(&'a self, changes: &'a [(usize, Fr)]) -> impl Fn(usize) -> Fr + 'a {
		move |column| {
			changes
				.iter()
				.rev()
				.find(|(changed, _)| *changed == column)
				.map_or(self.z[column], |(_, value)| *value)
		}
	}

	/// Every row that fails with the column `changes` applied.
	pub fn failing_rows_columns(&self, changes: &[(usize, Fr)]) -> Vec<usize> {
		let z = self.values(changes);
		(0..self.a.len()).filter(|row| !self.holds(*row, &z)).collect()
	}

	/// Every row that fails with the witness `changes` applied.
	pub fn failing_rows(&self, changes: &[(usize, Fr)]) -> Vec<usize> {
		self.failing_rows_columns(&self.columns(changes))
	}

	/// Whether every row holds with the column `changes` applied, checking only the rows that
	/// read a changed column and those the honest assignment fails: the others are unchanged.
	pub fn accepts_columns(&self, changes: &[(usize, Fr)]) -> bool {
		let z = self.values(changes);
		let rows: BTreeSet<usize> = changes
			.iter()
			.flat_map(|(column, _)| self.readers[*column].iter().copied())
			.chain(self.honest_failing.iter().copied())
			.collect();
		rows.into_iter().all(|row| self.holds(row, &z))
	}

	/// [`Synthesised::accepts_columns`] for witness `changes`.
	pub fn accepts(&self, changes: &[(usize, Fr)]) -> bool {
		self.accepts_columns(&self.columns(changes))
	}

	/// Whether arkworks' `is_satisfied` accepts the assignment with the column `changes`
	/// written into the constraint system (restored afterwards).
	pub fn arkworks_accepts_columns(&self, changes: &[(usize, Fr)]) -> bool {
		self.write_columns(changes.iter().copied());
		let satisfied = self.cs.is_satisfied().expect("prove mode");
		self.write_columns(changes.iter().map(|(column, _)| (*column, self.z[*column])));
		satisfied
	}

	/// Overwrites assignments in the constraint system, public inputs included: a prover who
	/// does not follow the gadgets (or a verifier's other statement).
	pub fn write_columns(&self, values: impl IntoIterator<Item = (usize, Fr)>) {
		let mut inner = self.cs.borrow_mut().expect("a constraint system");
		for (column, value) in values {
			assert_ne!(column, 0, "the constant 1 is not an assignment");
			if column < self.offset {
				inner.assignments.instance_assignment[column] = value;
			} else {
				inner.assignments.witness_assignment[column - self.offset] = value;
			}
		}
	}

	/// Whether the column `changes` make the system unsatisfied, by both checkers (which must
	/// agree).
	pub fn rejects_columns(&self, changes: &[(usize, Fr)]) -> bool {
		let accepted = self.accepts_columns(changes);
		assert_eq!(
			accepted,
			self.arkworks_accepts_columns(changes),
			"the checkers disagree: {changes:?}"
		);
		!accepted
	}

	/// [`Synthesised::rejects_columns`] for witness `changes`.
	pub fn rejects(&self, changes: &[(usize, Fr)]) -> bool {
		self.rejects_columns(&self.columns(changes))
	}

	/// [`Synthesised::rejects`] by the row evaluation alone, with arkworks asked as well when
	/// `cross_check`: for loops over many variables.
	pub fn rejects_sampled(&self, changes: &[(usize, Fr)], cross_check: bool) -> bool {
		if cross_check {
			self.rejects(changes)
		} else {
			!self.accepts(changes)
		}
	}

	/// The rows that read public input `input`.
	pub fn input_readers(&self, input: usize) -> &[usize] {
		&self.readers[input_column(input)]
	}

	/// [`Synthesised::rejects_columns`] with public input `input` set to `value`.
	pub fn rejects_input(&self, input: usize, value: Fr) -> bool {
		self.rejects_columns(&[(input_column(input), value)])
	}

	/// [`Synthesised::failing_rows_columns`] with public input `input` set to `value`.
	pub fn failing_rows_input(&self, input: usize, value: Fr) -> Vec<usize> {
		self.failing_rows_columns(&[(input_column(input), value)])
	}

	/// The single index at which `pattern` occurs in the witness assignment.
	pub fn find(&self, pattern: &[Fr], what: &str) -> usize {
		find(self.witness(), pattern, what)
	}

	/// The witness variables that row `row` reads.
	pub fn witness_read_by(&self, row: usize) -> BTreeSet<usize> {
		self.a[row]
			.iter()
			.chain(&self.b[row])
			.chain(&self.c[row])
			.filter(|(_, column)| *column >= self.offset)
			.map(|(_, column)| column - self.offset)
			.collect()
	}

	/// The component (as the synthesis report names it) that enforces row `row`.
	pub fn component_of(&self, row: usize) -> &'static str {
		let mut end = 0;
		for (name, count) in &self.report {
			end += count;
			if row < end {
				return name;
			}
		}
		"none"
	}
}

/// The single index at which `pattern` occurs in `witness`.
pub fn find(witness: &[Fr], pattern: &[Fr], what: &str) -> usize {
	let starts: Vec<usize> = (0..=witness.len().saturating_sub(pattern.len()))
		.filter(|start| witness[*start..*start + pattern.len()] == *pattern)
		.collect();
	assert_eq!(starts.len(), 1, "{what}: expected exactly one match, found {starts:?}");
	starts[0]
}
