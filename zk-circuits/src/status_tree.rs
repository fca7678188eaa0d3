//! The status tree: the Merkle commitment to a revocation status list that the on-chain
//! revocation pallet maintains and the non-revocation circuit proves against.
//!
//! # Specification
//!
//! - **Status list.** A bitstring of `capacity` bits, `capacity <= MAX_CAPACITY = 2^20`, as
//!   in W3C Bitstring Status List v1.0: index `i`'s bit is bit `7 - (i % 8)` of byte `i / 8`
//!   (index 0 is the most significant bit of the first byte). Bit 1 means revoked (or
//!   suspended, for a suspension list); bit 0 means valid. Bytes past the end of a shorter
//!   list are zero.
//! - **Leaves.** `2^DEPTH = 8192` leaves of [`BITS_PER_LEAF`] = 128 bits ([`LEAF_BYTES`] = 16
//!   bytes). Leaf `j` covers indices `[128 j, 128 j + 128)` and its value is the field element
//!   `sum_{k=0}^{127} bit(128 j + k) · 2^k`. So index `i` is bit `i % 128` of leaf `i / 128`,
//!   and every leaf value is below `2^128`.
//! - **Nodes.** `node(0, j)` = leaf `j`; `node(level + 1, j) = hash2(node(level, 2 j),
//!   node(level, 2 j + 1))` with [`hash2`] the Poseidon two-to-one compression; the root is
//!   `node(DEPTH, 0)`, [`DEPTH`] = 13: a [`merkle`] tree.
//! - **Empty subtrees.** An all-zero subtree of height `level` has the root
//!   [`empty_node`]`(level)`: 0 for `level = 0`, `hash2(e, e)` with `e = empty_node(level - 1)`
//!   above. The empty list's root is [`empty_root`] = `empty_node(DEPTH)`.
//! - **Paths.** The path of index `i` is the path of leaf `i >> 7`: at level `l`
//!   (`0 <= l < DEPTH`) the direction is bit `l` of `i >> 7` (0: the running node is the left
//!   child, 1: the right) and the sibling is the other child. Siblings are listed from level
//!   0 upwards.
//! - **Non-revocation.** A [`NonRevocationWitness`] for index `i` against a root holds when the
//!   leaf is below `2^128`, the path from it leads to the root, and bit `i % 128` of the leaf
//!   is 0 ([`verify_witness`]). The circuit checks the same: it decomposes the leaf into 128
//!   bits (which range-checks it) and selects bit `i % 128`.
//!
//! [`root_of_bitstring`] and [`witness_from_bitstring`] are the reference tree over a whole
//! list, for tests, wallets and the pallet's `try_state`: a [`merkle::Tree`] padded with the
//! empty nodes, which skips the hashing of all-zero subtrees, so sparse lists are cheap.

use alloc::vec::Vec;

use ark_ff::{MontFp, PrimeField, Zero};

use crate::{merkle, poseidon::hash2, Error, Fr};

/// Status-list bits in one leaf.
pub const BITS_PER_LEAF: u32 = 128;
/// Status-list bytes in one leaf.
pub const LEAF_BYTES: usize = 16;
/// Levels of the tree above the leaves: `2^DEPTH` leaves.
pub const DEPTH: u32 = 13;
/// The largest status list, in bits: `2^DEPTH` leaves of [`BITS_PER_LEAF`] bits.
pub const MAX_CAPACITY: u32 = (1 << DEPTH) * BITS_PER_LEAF;
/// The largest status list, in bytes.
pub const MAX_BYTES: usize = MAX_CAPACITY as usize / 8;

/// `log2(BITS_PER_LEAF)`: index `i` is in leaf `i >> LEAF_SHIFT`.
const LEAF_SHIFT: u32 = BITS_PER_LEAF.trailing_zeros();

/// The status tree.
type Tree = merkle::Tree<{ DEPTH as usize }>;

/// [`empty_node`] for levels `0..=DEPTH`, precomputed (checked against recomputation by the
/// tests).
static EMPTY_NODES: [Fr; DEPTH as usize + 1] = [
	MontFp!("0x0000000000000000000000000000000000000000000000000000000000000000"),
	MontFp!("0x0aabdfeff9823b24ae308aae2403da885be469083a38dcd36b6a87bcfce30d83"),
	MontFp!("0x386fefbb452166a71f65e2a290cca2c5072c9f2276990d5fbb9025c61b27c118"),
	MontFp!("0x4992f2b166b9ae96eca766b1e4303e92bdced841a9886bbc49083e9536b9ad6e"),
	MontFp!("0x2285beeb5a10eecca2b7ac3a16c2b23ba5503f5af1cd044a404a43445fd14546"),
	MontFp!("0x33b461b18d5dace4bd95029a6e2b7c63ab90132aec191e7132814556d8de2eee"),
	MontFp!("0x613a9d38de0c89bed8049ccfa8ed28ef46d6119232487317314a2f75fa48a8de"),
	MontFp!("0x45b26158d472af3f8e56fe1fd406456f20e7c0d5208bd4fa4e740a5f83bbd479"),
	MontFp!("0x18f13a1be84b4f63d93e086608702dfd5e3fa14fcdb00d1c69e1ae2c3caad1e5"),
	MontFp!("0x5112de64d194ea696b021bab56255d84ef1e0425f5944d69bb60a06d19e78e01"),
	MontFp!("0x088ab051e2d5701151165db97a24387550f358faf7806a357f4672357cd81d9d"),
	MontFp!("0x1459ecfe6cc26436560c33a2bd1dde70490d473b8d3bdeb41dab6f72b066e483"),
	MontFp!("0x5588f63d5324ba52d06b1bc975ce351f3ec0e26ed2c9d1e7c03440e96d726de9"),
	MontFp!("0x49d1831b0f25cd029e04a2b0671c6dc2f10d896f6046081a058bd68fe0ee14db"),
];

/// The root of an all-zero subtree of height `level` (`level` 0: the zero leaf).
///
/// Levels `0..=DEPTH` come from a table; higher levels, which the tree does not have, are
/// hashed on from the top entry, so the function is total.
pub fn empty_node(level: u32) -> Fr {
	match EMPTY_NODES.get(level as usize) {
		Some(node) => *node,
		None => (DEPTH..level).fold(empty_root(), |node, _| hash2(&node, &node)),
	}
}

/// The root of the empty status list: `empty_node(DEPTH)`.
pub fn empty_root() -> Fr {
	EMPTY_NODES.last().copied().unwrap_or_else(Fr::zero)
}

/// The value of a leaf from its 16 status-list bytes in W3C order:
/// `sum_k bit(k) · 2^k`, where bit `k` is bit `7 - (k % 8)` of byte `k / 8`.
pub fn leaf_from_bytes(bytes: &[u8; LEAF_BYTES]) -> Fr {
	// Reversing each byte's bits puts W3C bit k at bit k of the little-endian integer.
	Fr::from(u128::from_le_bytes(bytes.map(u8::reverse_bits)))
}

/// Whether status-list index `index`'s bit (bit `index % 128`) is set in `leaf`, the value of
/// the leaf that covers it. Fails with [`Error::LeafOutOfRange`] if `leaf >= 2^128`.
pub fn leaf_bit(leaf: &Fr, index: u32) -> Result<bool, Error> {
	let bits = leaf_bits(leaf)?;
	Ok((bits >> (index % BITS_PER_LEAF)) & 1 == 1)
}

/// The leaf as a 128-bit integer, or [`Error::LeafOutOfRange`].
fn leaf_bits(leaf: &Fr) -> Result<u128, Error> {
	match leaf.into_bigint().0 {
		[low, high, 0, 0] => Ok(u128::from(low) | (u128::from(high) << 64)),
		_ => Err(Error::LeafOutOfRange),
	}
}

/// Checks `index < MAX_CAPACITY`.
fn check_index(index: u32) -> Result<(), Error> {
	if index < MAX_CAPACITY {
		Ok(())
	} else {
		Err(Error::IndexOutOfRange { index, capacity: MAX_CAPACITY })
	}
}

/// The root reached from `leaf`, the leaf covering status-list index `index`, along
/// `siblings` (from level 0 upwards; directions from the bits of `index >> 7`).
///
/// Fails with [`Error::IndexOutOfRange`] if `index >= MAX_CAPACITY`.
pub fn compute_root(leaf: &Fr, index: u32, siblings: &[Fr; DEPTH as usize]) -> Result<Fr, Error> {
	check_index(index)?;
	Ok(merkle::Path { position: index >> LEAF_SHIFT, siblings: *siblings }.root(leaf))
}

/// What a holder shows (to the circuit, or natively) to prove that index `index` of a status
/// list with root `root` is not set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NonRevocationWitness {
	/// The credential's status-list index.
	pub index: u32,
	/// The value of the leaf covering `index` (leaf `index / 128`).
	pub leaf: Fr,
	/// The siblings along the leaf's path, from level 0 upwards.
	pub path: [Fr; DEPTH as usize],
	/// The root the witness was made against.
	pub root: Fr,
}

/// Checks a witness against the status list's current `root`, in this order:
///
/// - [`Error::IndexOutOfRange`]: `witness.index >= MAX_CAPACITY`;
/// - [`Error::LeafOutOfRange`]: `witness.leaf >= 2^128`, so it cannot be a leaf;
/// - [`Error::RootMismatch`]: the path does not lead to `root`, or the witness was made
///   against another root (`witness.root != root`, e.g. a stale witness);
/// - [`Error::Revoked`]: the path is valid and the index's bit in the leaf is set.
///
/// `Ok(())` means the path is valid and the index is not revoked.
pub fn verify_witness(witness: &NonRevocationWitness, root: &Fr) -> Result<(), Error> {
	let computed = compute_root(&witness.leaf, witness.index, &witness.path)?;
	leaf_bits(&witness.leaf)?;
	if computed != *root || witness.root != *root {
		return Err(Error::RootMismatch);
	}
	if leaf_bit(&witness.leaf, witness.index)? {
		return Err(Error::Revoked);
	}
	Ok(())
}

/// The root of the status list `bytes` (W3C order; bytes past its end are zero).
///
/// Fails with [`Error::StatusListTooLong`] if `bytes` is longer than [`MAX_BYTES`].
pub fn root_of_bitstring(bytes: &[u8]) -> Result<Fr, Error> {
	Ok(tree_of_bitstring(bytes)?.root())
}

/// The witness for `index` in the status list `bytes`, against the list's root. It is made
/// whether or not the index is set: for a set index, [`verify_witness`] reports
/// [`Error::Revoked`].
///
/// Fails with [`Error::StatusListTooLong`] or [`Error::IndexOutOfRange`].
pub fn witness_from_bitstring(bytes: &[u8], index: u32) -> Result<NonRevocationWitness, Error> {
	check_index(index)?;
	let tree = tree_of_bitstring(bytes)?;
	let leaf_index = index >> LEAF_SHIFT;
	let path =
		tree.path(leaf_index).ok_or(Error::IndexOutOfRange { index, capacity: MAX_CAPACITY })?;
	let leaf = tree.node(0, path.position as usize);
	Ok(NonRevocationWitness { index, leaf, path: path.siblings, root: tree.root() })
}

/// The tree over `bytes`: its leaves, padded with the empty nodes.
fn tree_of_bitstring(bytes: &[u8]) -> Result<Tree, Error> {
	let too_long = Error::StatusListTooLong { max: MAX_BYTES, got: bytes.len() };
	if bytes.len() > MAX_BYTES {
		return Err(too_long);
	}
	let leaves: Vec<Fr> = bytes
		.chunks(LEAF_BYTES)
		.map(|chunk| {
			let mut leaf = [0u8; LEAF_BYTES];
			for (dst, src) in leaf.iter_mut().zip(chunk) {
				*dst = *src;
			}
			leaf_from_bytes(&leaf)
		})
		.collect();
	Tree::new(leaves, EMPTY_NODES.to_vec()).ok_or(too_long)
}

#[cfg(test)]
mod tests {
	use super::*;

	/// Sets index `i`'s bit in a W3C bitstring.
	fn set(bytes: &mut [u8], index: u32) {
		bytes[index as usize / 8] |= 0x80 >> (index % 8);
	}

	/// The root by the definition: every node hashed, no shortcut.
	fn naive_root(bytes: &[u8]) -> Fr {
		let mut padded = bytes.to_vec();
		padded.resize(MAX_BYTES, 0);
		let mut nodes: Vec<Fr> = padded
			.chunks_exact(LEAF_BYTES)
			.map(|chunk| leaf_from_bytes(chunk.try_into().expect("16 bytes")))
			.collect();
		while nodes.len() > 1 {
			nodes = nodes.chunks_exact(2).map(|pair| hash2(&pair[0], &pair[1])).collect();
		}
		nodes[0]
	}

	#[test]
	fn constants_are_consistent() {
		assert_eq!(MAX_CAPACITY, 1 << 20);
		assert_eq!(MAX_BYTES, 131_072);
		assert_eq!(LEAF_BYTES as u32 * 8, BITS_PER_LEAF);
		assert_eq!(1u32 << LEAF_SHIFT, BITS_PER_LEAF);
	}

	#[test]
	fn empty_nodes_table_matches_recomputation() {
		let mut node = Fr::zero();
		for level in 0..=DEPTH {
			assert_eq!(empty_node(level), node, "level {level}");
			node = hash2(&node, &node);
		}
		assert_eq!(empty_node(DEPTH + 1), node);
		assert_eq!(empty_root(), empty_node(DEPTH));
		assert_eq!(merkle::padding(Fr::zero(), DEPTH as usize), EMPTY_NODES);
	}

	#[test]
	fn leaf_value_follows_w3c_bit_order() {
		let mut bytes = [0u8; LEAF_BYTES];
		assert_eq!(leaf_from_bytes(&bytes), Fr::zero());
		bytes[0] = 0x80; // index 0: the most significant bit of byte 0
		assert_eq!(leaf_from_bytes(&bytes), Fr::from(1u64));
		bytes[0] = 0x01; // index 7
		assert_eq!(leaf_from_bytes(&bytes), Fr::from(1u64 << 7));
		bytes[0] = 0;
		bytes[1] = 0x40; // index 9
		assert_eq!(leaf_from_bytes(&bytes), Fr::from(1u64 << 9));
		bytes[1] = 0;
		bytes[15] = 0x01; // index 127
		assert_eq!(leaf_from_bytes(&bytes), Fr::from(1u128 << 127));
		assert_eq!(leaf_from_bytes(&[0xff; LEAF_BYTES]), Fr::from(u128::MAX));
	}

	#[test]
	fn leaf_bit_reads_the_index_bit() {
		for index in [0u32, 1, 7, 8, 63, 64, 127, 128 + 5, MAX_CAPACITY - 1] {
			let mut bytes = vec![0u8; MAX_BYTES];
			set(&mut bytes, index);
			let start = (index / BITS_PER_LEAF) as usize * LEAF_BYTES;
			let leaf_bytes: &[u8; LEAF_BYTES] =
				bytes[start..start + LEAF_BYTES].try_into().expect("16 bytes");
			let leaf = leaf_from_bytes(leaf_bytes);
			assert_eq!(leaf_bit(&leaf, index), Ok(true), "index {index}");
			assert_eq!(leaf_bit(&leaf, index ^ 1), Ok(false), "index {index} ^ 1");
		}
		assert_eq!(
			leaf_bit(&(Fr::from(u128::MAX) + Fr::from(1u64)), 0),
			Err(Error::LeafOutOfRange)
		);
		assert_eq!(leaf_bit(&-Fr::from(1u64), 0), Err(Error::LeafOutOfRange));
	}

	#[test]
	fn empty_list_has_the_empty_root() {
		assert_eq!(root_of_bitstring(&[]), Ok(empty_root()));
		assert_eq!(root_of_bitstring(&[0u8; 1000]), Ok(empty_root()));
		assert_eq!(root_of_bitstring(&vec![0u8; MAX_BYTES]), Ok(empty_root()));
	}

	#[test]
	fn root_matches_the_definition() {
		let mut bytes = vec![0u8; 4096];
		for index in [0u32, 5, 127, 128, 9_000, 32_767] {
			set(&mut bytes, index);
		}
		assert_eq!(root_of_bitstring(&bytes), Ok(naive_root(&bytes)));
		// A full-length list with its last bit set, and an odd length.
		let mut full = vec![0u8; MAX_BYTES];
		set(&mut full, MAX_CAPACITY - 1);
		assert_eq!(root_of_bitstring(&full), Ok(naive_root(&full)));
		let odd = [0x12u8, 0x34, 0x56];
		assert_eq!(root_of_bitstring(&odd), Ok(naive_root(&odd)));
	}

	/// Regression vector: indices 0, 130 and 511 set in a 64-byte list. Computed once by this
	/// implementation and, independently, by a direct transcription of the specification
	/// (every leaf built bit by bit, every node hashed). A change here changes every root the
	/// revocation pallet has stored.
	#[test]
	fn root_regression_vector() {
		let mut bytes = [0u8; 64];
		for index in [0u32, 130, 511] {
			set(&mut bytes, index);
		}
		let expected: Fr =
			MontFp!("0x719e49b83244116324079dce8464ff200d00ecff7626d627b61f412bdb9fb528");
		assert_eq!(root_of_bitstring(&bytes), Ok(expected));
	}

	#[test]
	fn trailing_zero_bytes_do_not_change_the_root() {
		let short = [0u8, 0x20, 0, 0, 0xff];
		let mut long = short.to_vec();
		long.resize(10_000, 0);
		assert_eq!(root_of_bitstring(&short), root_of_bitstring(&long));
	}

	#[test]
	fn setting_one_bit_changes_the_root() {
		let empty = vec![0u8; 2048];
		let mut roots = vec![root_of_bitstring(&empty).expect("fits")];
		for index in [0u32, 1, 127, 128, 16_383] {
			let mut bytes = empty.clone();
			set(&mut bytes, index);
			roots.push(root_of_bitstring(&bytes).expect("fits"));
		}
		for (i, a) in roots.iter().enumerate() {
			for b in &roots[i + 1..] {
				assert_ne!(a, b);
			}
		}
	}

	#[test]
	fn too_long_list_is_rejected() {
		let bytes = vec![0u8; MAX_BYTES + 1];
		let expected = Error::StatusListTooLong { max: MAX_BYTES, got: MAX_BYTES + 1 };
		assert_eq!(root_of_bitstring(&bytes), Err(expected.clone()));
		assert_eq!(witness_from_bitstring(&bytes, 0), Err(expected));
	}

	/// A list with a few revoked indices, its root, and an unrevoked index.
	fn sample() -> (Vec<u8>, Fr, u32) {
		let mut bytes = vec![0u8; 20_000];
		for index in [3u32, 130, 131, 50_000, 159_999] {
			set(&mut bytes, index);
		}
		let root = root_of_bitstring(&bytes).expect("fits");
		(bytes, root, 129)
	}

	#[test]
	fn witness_verifies() {
		let (bytes, root, index) = sample();
		for index in [index, 0, 4, 132, 49_999, 160_000, MAX_CAPACITY - 1] {
			let witness = witness_from_bitstring(&bytes, index).expect("in range");
			assert_eq!(witness.index, index);
			assert_eq!(witness.root, root);
			assert_eq!(compute_root(&witness.leaf, index, &witness.path), Ok(root));
			assert_eq!(verify_witness(&witness, &root), Ok(()), "index {index}");
		}
	}

	#[test]
	fn witness_of_empty_list_verifies() {
		let witness = witness_from_bitstring(&[], 12_345).expect("in range");
		assert_eq!(witness.leaf, Fr::zero());
		for (level, sibling) in witness.path.iter().enumerate() {
			assert_eq!(*sibling, empty_node(level as u32));
		}
		assert_eq!(verify_witness(&witness, &empty_root()), Ok(()));
	}

	#[test]
	fn revoked_index_verifies_the_path_but_reports_revoked() {
		let (bytes, root, _) = sample();
		for index in [3u32, 130, 131, 50_000, 159_999] {
			let witness = witness_from_bitstring(&bytes, index).expect("in range");
			assert_eq!(compute_root(&witness.leaf, index, &witness.path), Ok(root));
			assert_eq!(verify_witness(&witness, &root), Err(Error::Revoked), "index {index}");
		}
	}

	#[test]
	fn tampered_sibling_fails() {
		let (bytes, root, index) = sample();
		let witness = witness_from_bitstring(&bytes, index).expect("in range");
		for level in 0..DEPTH as usize {
			let mut tampered = witness.clone();
			tampered.path[level] += Fr::from(1u64);
			assert_eq!(verify_witness(&tampered, &root), Err(Error::RootMismatch), "{level}");
		}
	}

	#[test]
	fn tampered_index_fails() {
		let (bytes, root, index) = sample();
		let witness = witness_from_bitstring(&bytes, index).expect("in range");
		// Another leaf's position at every level.
		for level in 0..DEPTH {
			let tampered =
				NonRevocationWitness { index: index ^ (1 << (LEAF_SHIFT + level)), ..witness };
			assert_eq!(verify_witness(&tampered, &root), Err(Error::RootMismatch), "{level}");
		}
		// The same leaf, a revoked bit in it.
		let tampered = NonRevocationWitness { index: 130, ..witness };
		assert_eq!(verify_witness(&tampered, &root), Err(Error::Revoked));
		// Out of range, including an alias of the index modulo the capacity.
		let tampered = NonRevocationWitness { index: index + MAX_CAPACITY, ..witness };
		assert_eq!(
			verify_witness(&tampered, &root),
			Err(Error::IndexOutOfRange { index: index + MAX_CAPACITY, capacity: MAX_CAPACITY })
		);
	}

	#[test]
	fn tampered_leaf_fails() {
		let (bytes, root, index) = sample();
		let witness = witness_from_bitstring(&bytes, index).expect("in range");
		// Clearing the revoked bits next to the index.
		let cleared = NonRevocationWitness { leaf: Fr::zero(), ..witness };
		assert_eq!(verify_witness(&cleared, &root), Err(Error::RootMismatch));
		let above = NonRevocationWitness { leaf: Fr::from(u128::MAX) + Fr::from(1u64), ..witness };
		assert_eq!(verify_witness(&above, &root), Err(Error::LeafOutOfRange));
	}

	#[test]
	fn witness_against_another_root_fails() {
		let (mut bytes, root, index) = sample();
		let stale = witness_from_bitstring(&bytes, index).expect("in range");
		set(&mut bytes, 70_000);
		let new_root = root_of_bitstring(&bytes).expect("fits");
		assert_ne!(root, new_root);
		assert_eq!(verify_witness(&stale, &new_root), Err(Error::RootMismatch));
		// Same path, claimed root edited to the new one: the path still leads to the old.
		let relabelled = NonRevocationWitness { root: new_root, ..stale.clone() };
		assert_eq!(verify_witness(&relabelled, &new_root), Err(Error::RootMismatch));
		assert_eq!(verify_witness(&stale, &root), Ok(()));
	}

	#[test]
	fn index_out_of_range_is_rejected() {
		assert_eq!(
			witness_from_bitstring(&[], MAX_CAPACITY).map(|_| ()),
			Err(Error::IndexOutOfRange { index: MAX_CAPACITY, capacity: MAX_CAPACITY })
		);
		let path = [Fr::zero(); DEPTH as usize];
		assert_eq!(
			compute_root(&Fr::zero(), u32::MAX, &path),
			Err(Error::IndexOutOfRange { index: u32::MAX, capacity: MAX_CAPACITY })
		);
	}
}
