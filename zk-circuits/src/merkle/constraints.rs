//! The Merkle path gadget: [`PathVar::root`] computes [`Path::root`] in R1CS.
//!
//! Per level one [`Cs::select`] puts the running node and the sibling in order and one
//! [`hash2`] (243) compresses them: `244 · DEPTH` constraints, plus `DEPTH` booleans when the
//! position is allocated with the path ([`PathVar::witness`]).

use alloc::vec::Vec;

use ark_relations::gr1cs::SynthesisError;

use super::Path;
use crate::{
	poseidon::constraints::hash2,
	r1cs::{Cs, Lc},
	Fr,
};

/// A leaf's path in a tree of depth `DEPTH`, as circuit variables.
#[derive(Clone, Debug)]
pub struct PathVar<const DEPTH: usize> {
	/// Bit `l` of the position, booleans: 1 where the running node is the right child.
	directions: [Lc; DEPTH],
	/// The siblings, from level 0 upwards.
	siblings: [Lc; DEPTH],
}

/// `items` as an array of `DEPTH`, or [`SynthesisError::Unsatisfiable`].
fn levels<const DEPTH: usize>(items: Vec<Lc>) -> Result<[Lc; DEPTH], SynthesisError> {
	items.try_into().map_err(|_| SynthesisError::Unsatisfiable)
}

impl<const DEPTH: usize> PathVar<DEPTH> {
	/// Allocates `path`: the `DEPTH` low bits of its position as booleans (`DEPTH`
	/// constraints), then its siblings as witnesses.
	pub fn witness(cs: &Cs, path: &Path<DEPTH>) -> Result<Self, SynthesisError> {
		let directions = (0..DEPTH)
			.map(|level| cs.boolean(path.direction(level)))
			.collect::<Result<Vec<_>, _>>()?;
		Self::with_directions(cs, &directions, &path.siblings)
	}

	/// The path along `directions`, booleans the caller has constrained (the bits of an index
	/// it uses elsewhere, say, so that the path is bound to that index), with `siblings`
	/// allocated as witnesses. `directions` must be `DEPTH` long.
	pub fn with_directions(
		cs: &Cs,
		directions: &[Lc],
		siblings: &[Fr; DEPTH],
	) -> Result<Self, SynthesisError> {
		let directions = levels(directions.to_vec())?;
		let siblings = levels(siblings.iter().map(|s| cs.witness(*s)).collect::<Result<_, _>>()?)?;
		Ok(Self { directions, siblings })
	}

	/// The root reached from `leaf`.
	pub fn root(&self, cs: &Cs, leaf: &Lc) -> Result<Lc, SynthesisError> {
		let mut node = leaf.clone();
		for (direction, sibling) in self.directions.iter().zip(&self.siblings) {
			// left = d ? sibling : node, i.e. node + d · (sibling - node); right = node + sibling
			// - left.
			let left = cs.select(direction, sibling, &node)?;
			let right = node.add(sibling).sub(&left);
			// node' = hash2(left, right).
			node = hash2(cs, &left, &right)?;
		}
		Ok(node)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{
		merkle::Tree,
		poseidon::constraints::PERMUTATION_CONSTRAINTS,
		status_tree::{compute_root, witness_from_bitstring, DEPTH},
	};
	use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef, SynthesisMode};

	/// A constraint system that evaluates linear combinations when it checks the constraints
	/// (none cached at synthesis), so an assignment changed afterwards reaches every
	/// constraint that reads it.
	fn new_cs() -> (ConstraintSystemRef<Fr>, Cs) {
		let inner = ConstraintSystem::<Fr>::new_ref();
		inner.set_mode(SynthesisMode::Prove {
			construct_matrices: true,
			generate_lc_assignments: false,
		});
		(inner.clone(), Cs::new(inner))
	}

	/// Sets the witness variable `var` to `value` after synthesis: a prover who does not follow
	/// the gadget.
	fn tamper(cs: &ConstraintSystemRef<Fr>, var: &Lc, value: Fr) {
		let lc = var.lc();
		let [(_, variable)] = lc.0.as_slice() else { panic!("not a variable") };
		let index = variable.index().expect("a witness");
		let mut inner = cs.borrow_mut().expect("a constraint system");
		inner.assignments.witness_assignment[index] = value;
	}

	/// A full tree of depth 4 over distinct leaves.
	fn tree() -> Tree<4> {
		Tree::padded_with_first((0..16u64).map(|i| Fr::from(1000 + i)).collect()).expect("fits")
	}

	/// The leaf at `position` of `tree` and its path.
	fn member(tree: &Tree<4>, position: u32) -> (Fr, Path<4>) {
		(tree.node(0, position as usize), tree.path(position).expect("in range"))
	}

	/// Synthesises `path`'s root from `leaf`, enforced equal to `root` given as the public
	/// input: the gadget, its output pinned.
	fn synthesise(leaf: Fr, path: &Path<4>, root: Fr) -> (ConstraintSystemRef<Fr>, PathVar<4>) {
		let (inner, cs) = new_cs();
		let expected = cs.input(root).expect("synthesis");
		let leaf = cs.witness(leaf).expect("synthesis");
		let var = PathVar::witness(&cs, path).expect("synthesis");
		let computed = var.root(&cs, &leaf).expect("synthesis");
		cs.enforce_equal(&computed, &expected).expect("synthesis");
		(inner, var)
	}

	#[test]
	fn path_var_root_correctness() {
		let tree = tree();
		for position in 0..16u32 {
			let (leaf, path) = member(&tree, position);
			let (_, cs) = new_cs();
			let leaf_var = cs.witness(leaf).expect("synthesis");
			let root = PathVar::witness(&cs, &path)
				.and_then(|var| var.root(&cs, &leaf_var))
				.expect("synthesis");
			assert_eq!(root.value(), path.root(&leaf), "position {position}");
			assert_eq!(root.value(), tree.root());
			assert!(cs.is_satisfied().expect("synthesis"));
			assert_eq!(cs.num_constraints(), 4 * (1 + 1 + PERMUTATION_CONSTRAINTS));
		}
		// A padded tree: padding positions too.
		let padded = Tree::<4>::padded_with_first((0..5u64).map(Fr::from).collect()).expect("fits");
		for position in [0u32, 4, 5, 15] {
			let (leaf, path) = member(&padded, position);
			let (inner, _) = synthesise(leaf, &path, padded.root());
			assert!(inner.is_satisfied().expect("synthesis"), "position {position}");
		}
	}

	#[test]
	fn path_var_wrong_number_of_directions() {
		let (_, cs) = new_cs();
		let bits: Vec<Lc> = (0..3).map(|_| cs.boolean(false).expect("synthesis")).collect();
		let siblings = [Fr::from(1u64); 4];
		assert!(matches!(
			PathVar::<4>::with_directions(&cs, &bits, &siblings),
			Err(SynthesisError::Unsatisfiable)
		));
	}

	#[test]
	fn merkle_root_matches_the_status_tree() {
		let mut list = alloc::vec![0u8; 4096];
		list[17] = 0x40;
		list[4000] = 0x01;
		for index in [0u32, 137, 5000, 32_767, 1_000_000] {
			let witness = witness_from_bitstring(&list, index).expect("synthesis");
			let (_, cs) = new_cs();
			let leaf = cs.witness(witness.leaf).expect("synthesis");
			let dirs: Vec<Lc> = (0..DEPTH)
				.map(|l| cs.boolean((index >> 7 >> l) & 1 == 1).expect("synthesis"))
				.collect();
			let root = PathVar::with_directions(&cs, &dirs, &witness.path)
				.and_then(|path| path.root(&cs, &leaf))
				.expect("synthesis");
			assert_eq!(root.value(), witness.root);
			assert_eq!(
				root.value(),
				compute_root(&witness.leaf, index, &witness.path).expect("synthesis")
			);
			assert!(cs.is_satisfied().expect("synthesis"));
		}
	}

	#[test]
	fn path_var_soundness_tampered_sibling() {
		let tree = tree();
		let (leaf, path) = member(&tree, 11);
		for level in 0..4 {
			// An assignment changed after synthesis.
			let (inner, var) = synthesise(leaf, &path, tree.root());
			assert!(inner.is_satisfied().expect("synthesis"));
			tamper(&inner, &var.siblings[level], path.siblings[level] + Fr::from(1u64));
			assert!(!inner.is_satisfied().expect("synthesis"), "level {level}");
			// Another sibling, every other witness computed from it.
			let mut other = path.clone();
			other.siblings[level] += Fr::from(1u64);
			let (inner, _) = synthesise(leaf, &other, tree.root());
			assert!(!inner.is_satisfied().expect("synthesis"), "level {level}");
		}
	}

	#[test]
	fn path_var_soundness_tampered_direction() {
		let tree = tree();
		let (leaf, path) = member(&tree, 6);
		for level in 0..4 {
			let flipped = Fr::from(!path.direction(level));
			// A direction flipped, or set to a non-boolean, after synthesis.
			for value in [flipped, Fr::from(2u64)] {
				let (inner, var) = synthesise(leaf, &path, tree.root());
				tamper(&inner, &var.directions[level], value);
				assert!(!inner.is_satisfied().expect("synthesis"), "level {level}: {value}");
			}
			// Another position, every other witness computed from it.
			let other = Path { position: path.position ^ (1 << level), ..path.clone() };
			let (inner, _) = synthesise(leaf, &other, tree.root());
			assert!(!inner.is_satisfied().expect("synthesis"), "level {level}");
		}
	}
}
