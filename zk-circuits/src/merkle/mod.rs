//! Binary Poseidon Merkle trees of a fixed depth: a leaf's [`Path`] and the root it leads to,
//! and the [`Tree`] over a list of leaves that gives the paths. [`constraints::PathVar`]
//! computes [`Path::root`] in R1CS.
//!
//! - **Nodes.** `node(0, j)` is leaf `j`; `node(l + 1, j) = hash2(node(l, 2 j),
//!   node(l, 2 j + 1))` with [`hash2`] the Poseidon two-to-one compression; the root is
//!   `node(DEPTH, 0)`.
//! - **Paths.** The path of leaf `position`: at level `l` (`0 <= l < DEPTH`) the direction is
//!   bit `l` of `position` (0: the running node is the left child, 1: the right) and the
//!   sibling is the other child. Siblings are listed from level 0 upwards.
//! - **Padding.** A tree has `2^DEPTH` leaves; those past the given ones equal a padding leaf
//!   `p`, so a subtree of height `l` past them has the root `padding(l)`: `p` for `l = 0`,
//!   `hash2(e, e)` with `e = padding(l - 1)` above ([`padding`]). A [`Tree`] stores and hashes
//!   only the nodes that cover a given leaf, so a short list in a deep tree is cheap.
//!
//! Users: the status tree ([`crate::status_tree`], depth 13, padded with the zero leaf), the
//! trees of IN-predicate sets ([`crate::statement`], depth 4), which hold 1 to `2^DEPTH`
//! leaves padded with their first leaf, so padding adds no member ([`holds`], [`root`],
//! [`path`]), and trusted-issuer lists (`statement::trusted_issuers`, depth 5, padded with the
//! zero leaf, which no key has).

pub mod constraints;

use alloc::vec::Vec;

use ark_ff::Zero;

use crate::{poseidon::hash2, Fr};

/// A leaf's path in a tree of depth `DEPTH`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path<const DEPTH: usize> {
	/// The leaf's position: its bits, from the bottom, are the directions.
	pub position: u32,
	/// The siblings, from level 0 upwards.
	pub siblings: [Fr; DEPTH],
}

impl<const DEPTH: usize> Default for Path<DEPTH> {
	/// Position 0 with zero siblings: the placeholder a circuit synthesises when the statement
	/// does not use the tree.
	fn default() -> Self {
		Self { position: 0, siblings: [Fr::zero(); DEPTH] }
	}
}

impl<const DEPTH: usize> Path<DEPTH> {
	/// The direction at `level`, bit `level` of the position: whether the running node is the
	/// right child there.
	pub fn direction(&self, level: usize) -> bool {
		let shift = u32::try_from(level).unwrap_or(u32::MAX);
		self.position.checked_shr(shift).is_some_and(|bits| bits & 1 == 1)
	}

	/// The root reached from `leaf`.
	pub fn root(&self, leaf: &Fr) -> Fr {
		let mut node = *leaf;
		for (level, sibling) in self.siblings.iter().enumerate() {
			// node' = hash2(node, sibling) going left, hash2(sibling, node) going right.
			node =
				if self.direction(level) { hash2(sibling, &node) } else { hash2(&node, sibling) };
		}
		node
	}
}

/// The padding nodes of heights `0..=depth` over the padding leaf `leaf`: `leaf`, then each the
/// [`hash2`] of the one below with itself.
pub fn padding(leaf: Fr, depth: usize) -> Vec<Fr> {
	core::iter::successors(Some(leaf), |node| Some(hash2(node, node))).take(depth + 1).collect()
}

/// The tree of depth `DEPTH` over some leaves, padded (see the [module documentation](self)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tree<const DEPTH: usize> {
	/// `levels[l]`, `l` in `0..=DEPTH`: the nodes at level `l` (0: the leaves) that cover a
	/// given leaf.
	levels: Vec<Vec<Fr>>,
	/// `padding[l]`: every other node at level `l`.
	padding: Vec<Fr>,
}

impl<const DEPTH: usize> Tree<DEPTH> {
	/// The number of leaves: `2^DEPTH`.
	pub const CAPACITY: usize = 1 << DEPTH;

	/// The tree over `leaves` with the padding nodes `padding` (heights `0..=DEPTH`, as
	/// [`padding`] computes them). `None` for more than [`Self::CAPACITY`] leaves or another
	/// number of padding nodes.
	pub fn new(leaves: Vec<Fr>, padding: Vec<Fr>) -> Option<Self> {
		if leaves.len() > Self::CAPACITY || padding.len() != DEPTH + 1 {
			return None;
		}
		let mut levels = Vec::with_capacity(DEPTH + 1);
		levels.push(leaves);
		for (empty, parent_empty) in padding.iter().zip(&padding[1..]) {
			let children: &[Fr] = levels.last().map(Vec::as_slice).unwrap_or_default();
			let parents = children
				.chunks(2)
				.map(|pair| {
					let left = pair.first().unwrap_or(empty);
					let right = pair.get(1).unwrap_or(empty);
					// Both children padding: the parent is padding, by its definition.
					if left == empty && right == empty {
						*parent_empty
					} else {
						hash2(left, right)
					}
				})
				.collect();
			levels.push(parents);
		}
		Some(Self { levels, padding })
	}

	/// The tree over `leaves`, 1 to [`Self::CAPACITY`] of them, padded with the first; `None`
	/// for another number of leaves.
	pub fn padded_with_first(leaves: Vec<Fr>) -> Option<Self> {
		let first = *leaves.first()?;
		Self::new(leaves, padding(first, DEPTH))
	}

	/// `node(level, position)`, for `level <= DEPTH`.
	pub fn node(&self, level: usize, position: usize) -> Fr {
		self.levels
			.get(level)
			.and_then(|nodes| nodes.get(position))
			.or_else(|| self.padding.get(level))
			.copied()
			.unwrap_or_else(Fr::zero)
	}

	/// The root, `node(DEPTH, 0)`.
	pub fn root(&self) -> Fr {
		self.node(DEPTH, 0)
	}

	/// The position of the first given leaf equal to `leaf`.
	pub fn position(&self, leaf: &Fr) -> Option<u32> {
		let leaves = self.levels.first()?;
		u32::try_from(leaves.iter().position(|l| l == leaf)?).ok()
	}

	/// The path of leaf `position`; `None` unless `position < 2^DEPTH`.
	pub fn path(&self, position: u32) -> Option<Path<DEPTH>> {
		let index = usize::try_from(position).ok().filter(|index| *index < Self::CAPACITY)?;
		let mut siblings = [Fr::zero(); DEPTH];
		for (level, sibling) in siblings.iter_mut().enumerate() {
			*sibling = self.node(level, (index >> level) ^ 1);
		}
		Some(Path { position, siblings })
	}
}

/// Whether a tree of depth `DEPTH` padded with its first leaf holds `count` leaves: 1 to
/// `2^DEPTH`.
pub fn holds<const DEPTH: usize>(count: usize) -> bool {
	(1..=Tree::<DEPTH>::CAPACITY).contains(&count)
}

/// The root of the tree of depth `DEPTH` over `leaves` padded with the first; `None` unless
/// the tree [`holds`] that many leaves.
pub fn root<const DEPTH: usize>(leaves: &[Fr]) -> Option<Fr> {
	Some(Tree::<DEPTH>::padded_with_first(leaves.to_vec())?.root())
}

/// The path of the first leaf equal to `leaf` in the tree of [`root`]; `None` if the tree
/// does not hold that many leaves or `leaves` does not hold `leaf`.
pub fn path<const DEPTH: usize>(leaves: &[Fr], leaf: &Fr) -> Option<Path<DEPTH>> {
	let tree = Tree::<DEPTH>::padded_with_first(leaves.to_vec())?;
	tree.path(tree.position(leaf)?)
}

#[cfg(test)]
mod tests {
	use super::*;

	/// The root by the definition: the leaves padded to `2^depth`, every node hashed.
	fn naive_root(leaves: &[Fr], padding: Fr, depth: usize) -> Fr {
		let mut nodes = leaves.to_vec();
		nodes.resize(1 << depth, padding);
		for _ in 0..depth {
			nodes = nodes.chunks_exact(2).map(|pair| hash2(&pair[0], &pair[1])).collect();
		}
		nodes[0]
	}

	fn leaves(count: u64) -> Vec<Fr> {
		(0..count).map(|i| Fr::from(100 + i)).collect()
	}

	#[test]
	fn padding_hashes_on() {
		let nodes = padding(Fr::from(7u64), 3);
		assert_eq!(nodes.len(), 4);
		assert_eq!(nodes[0], Fr::from(7u64));
		for pair in nodes.windows(2) {
			assert_eq!(pair[1], hash2(&pair[0], &pair[0]));
		}
		assert_eq!(padding(Fr::zero(), 0), [Fr::zero()]);
	}

	#[test]
	fn tree_root_matches_the_definition() {
		for count in 0..=8 {
			let zero_padded = Tree::<3>::new(leaves(count), padding(Fr::zero(), 3)).expect("fits");
			assert_eq!(zero_padded.root(), naive_root(&leaves(count), Fr::zero(), 3), "{count}");
		}
		for count in 1..=8 {
			let first = Fr::from(100u64);
			let padded = Tree::<3>::padded_with_first(leaves(count)).expect("fits");
			assert_eq!(padded.root(), naive_root(&leaves(count), first, 3), "{count}");
			assert_eq!(root::<3>(&leaves(count)), Some(padded.root()));
		}
		// A deep tree over a few leaves hashes only what covers them.
		let deep = Tree::<13>::new(leaves(3), padding(Fr::zero(), 13)).expect("fits");
		assert_eq!(deep.root(), naive_root(&leaves(3), Fr::zero(), 13));
	}

	#[test]
	fn tree_sizes() {
		assert_eq!(Tree::<4>::CAPACITY, 16);
		assert!(!holds::<4>(0));
		assert!(holds::<4>(1));
		assert!(holds::<4>(16));
		assert!(!holds::<4>(17));
		assert_eq!(root::<4>(&[]), None);
		assert_eq!(root::<4>(&leaves(17)), None);
		assert_eq!(Tree::<4>::new(leaves(17), padding(Fr::zero(), 4)), None);
		assert_eq!(Tree::<4>::new(leaves(3), padding(Fr::zero(), 3)), None);
		assert_eq!(path::<4>(&leaves(17), &Fr::from(100u64)), None);
	}

	#[test]
	fn path_root_correctness() {
		for count in [1u64, 5, 8] {
			let tree = Tree::<3>::padded_with_first(leaves(count)).expect("fits");
			// Every position, padding ones included.
			for position in 0..8u32 {
				let path = tree.path(position).expect("in range");
				assert_eq!(path.position, position);
				let leaf = tree.node(0, position as usize);
				assert_eq!(path.root(&leaf), tree.root(), "{count} leaves, position {position}");
			}
			assert_eq!(tree.path(8), None);
		}
	}

	#[test]
	fn path_of_the_first_equal_leaf() {
		let mut values = leaves(5);
		values.push(Fr::from(102u64));
		let found = path::<3>(&values, &Fr::from(102u64)).expect("held");
		assert_eq!(found.position, 2);
		assert_eq!(found.root(&Fr::from(102u64)), root::<3>(&values).expect("fits"));
		assert_eq!(path::<3>(&values, &Fr::from(99u64)), None);
	}

	#[test]
	fn path_soundness_tampered_sibling_or_direction() {
		let tree = Tree::<3>::padded_with_first(leaves(8)).expect("fits");
		let leaf = tree.node(0, 5);
		let path = tree.path(5).expect("in range");
		assert_eq!(path.root(&leaf), tree.root());
		for level in 0..3 {
			let mut tampered = path.clone();
			tampered.siblings[level] += Fr::from(1u64);
			assert_ne!(tampered.root(&leaf), tree.root(), "sibling {level}");
			let mut tampered = path.clone();
			tampered.position ^= 1 << level;
			assert_ne!(tampered.root(&leaf), tree.root(), "direction {level}");
		}
		// Bits above the depth are not directions.
		let high = Path { position: path.position | 1 << 3, ..path.clone() };
		assert_eq!(high.root(&leaf), tree.root());
		assert!(!path.direction(usize::MAX));
	}
}
