//! Applying bit changes to a registry's pages and refreshing its Poseidon Merkle tree.
//!
//! The tree is `didimo_zk::status_tree`'s: 128 status bits per leaf, `DEPTH` levels, empty
//! subtrees hashing to `empty_node(level)`. Leaves are not stored (they are the pages' bytes);
//! inner nodes below the root are stored in [`Nodes`] only where they differ from the empty
//! node of their level, and the root lives in the registry record.

use alloc::{collections::BTreeMap, vec::Vec};
use didimo_zk::{
	field,
	poseidon::hash2,
	status_tree::{empty_node, leaf_from_bytes, BITS_PER_LEAF, DEPTH, LEAF_BYTES},
	Fr,
};

use crate::{
	types::{locate, Digest, Page, PAGE_BITS, PAGE_BYTES},
	Config, Error, Nodes, Pages, RegistryId,
};

/// Leaves in one page.
const LEAVES_PER_PAGE: u32 = PAGE_BITS / BITS_PER_LEAF;

/// What applying a batch changed.
pub struct Applied {
	/// The indices whose bit changed, ascending.
	pub changed: Vec<u32>,
	/// The tree nodes recomputed (one Poseidon hash, one sibling read and one write each),
	/// what the call's cost is proportional to; at most
	/// [`max_hashes`]`(indices.len())`.
	pub hashes: u32,
	/// The new root (unchanged if nothing changed).
	pub root: Digest,
}

/// Pages read during one update, written back at the end.
struct PageCache {
	registry: RegistryId,
	pages: BTreeMap<u32, (Page, bool)>,
}

impl PageCache {
	fn new(registry: RegistryId) -> Self {
		Self { registry, pages: BTreeMap::new() }
	}

	fn page_mut<T: Config>(&mut self, page: u32) -> &mut (Page, bool) {
		let registry = self.registry;
		self.pages.entry(page).or_insert_with(|| {
			(Pages::<T>::get(registry, page).unwrap_or([0u8; PAGE_BYTES]), false)
		})
	}

	/// The leaf value of `leaf`, from its page's bytes.
	fn leaf<T: Config>(&mut self, leaf: u32) -> Fr {
		let page = leaf / LEAVES_PER_PAGE;
		let start = ((leaf % LEAVES_PER_PAGE) as usize) * LEAF_BYTES;
		let (bytes, _) = self.page_mut::<T>(page);
		let mut chunk = [0u8; LEAF_BYTES];
		if let Some(src) = bytes.get(start..start + LEAF_BYTES) {
			chunk.copy_from_slice(src);
		}
		leaf_from_bytes(&chunk)
	}

	fn write_back<T: Config>(self) {
		for (page, (bytes, dirty)) in self.pages {
			if !dirty {
				continue;
			}
			if bytes.iter().all(|b| *b == 0) {
				Pages::<T>::remove(self.registry, page);
			} else {
				Pages::<T>::insert(self.registry, page, bytes);
			}
		}
	}
}

/// The most tree nodes a batch of `n` indices can make the tree recompute: at each level above
/// the leaves, no more than `n` nodes and no more than the level holds. Reached when the
/// indices lie in leaves spread as far apart as possible.
pub fn max_hashes(n: u32) -> u32 {
	(1..=DEPTH).map(|level| n.min(1u32 << (DEPTH - level))).fold(0u32, u32::saturating_add)
}

/// Decodes a stored digest.
pub fn decode<T: Config>(digest: &Digest) -> Result<Fr, Error<T>> {
	field::from_bytes(digest).map_err(|_| Error::<T>::CorruptTree)
}

/// The stored inner node `(level, index)`, `1 <= level < DEPTH`, or its level's empty node.
pub fn node<T: Config>(registry: RegistryId, level: u32, index: u32) -> Result<Fr, Error<T>> {
	match Nodes::<T>::get(registry, (level as u8, index)) {
		Some(digest) => decode::<T>(&digest),
		None => Ok(empty_node(level)),
	}
}

/// Sets (`set = true`) or clears the bits of `indices` (ascending, distinct, all below the
/// registry's capacity), writes the touched pages and tree nodes, and returns what changed
/// with the new root. `root` is the registry's current root, returned when nothing changes.
pub fn apply<T: Config>(
	registry: RegistryId,
	indices: &[u32],
	set: bool,
	root: Digest,
) -> Result<Applied, Error<T>> {
	let mut cache = PageCache::new(registry);
	let mut changed = Vec::new();
	let mut leaves: Vec<u32> = Vec::new();
	for &index in indices {
		let (page, byte, mask) = locate(index);
		let (bytes, dirty) = cache.page_mut::<T>(page);
		let slot = bytes.get_mut(byte).ok_or(Error::<T>::IndexOutOfRange)?;
		if (*slot & mask != 0) == set {
			continue;
		}
		*slot ^= mask;
		*dirty = true;
		changed.push(index);
		let leaf = index / BITS_PER_LEAF;
		if leaves.last() != Some(&leaf) {
			leaves.push(leaf);
		}
	}
	if changed.is_empty() {
		return Ok(Applied { changed, hashes: 0, root });
	}
	let mut hashes: u32 = 0;

	// Level 0: the changed leaves' new values.
	let mut level_nodes: Vec<(u32, Fr)> =
		leaves.iter().map(|leaf| (*leaf, cache.leaf::<T>(*leaf))).collect();
	for level in 0..DEPTH {
		let mut parents: Vec<(u32, Fr)> = Vec::with_capacity(level_nodes.len().div_ceil(2));
		let mut i = 0;
		while let Some(&(index, value)) = level_nodes.get(i) {
			let sibling_index = index ^ 1;
			let paired = index % 2 == 0
				&& level_nodes.get(i + 1).map(|(next, _)| *next) == Some(sibling_index);
			let sibling = if paired {
				i += 1;
				level_nodes.get(i).map(|(_, v)| *v).ok_or(Error::<T>::CorruptTree)?
			} else if level == 0 {
				cache.leaf::<T>(sibling_index)
			} else {
				node::<T>(registry, level, sibling_index)?
			};
			let (left, right) = if index % 2 == 0 { (value, sibling) } else { (sibling, value) };
			parents.push((index / 2, hash2(&left, &right)));
			i += 1;
		}
		hashes = hashes.saturating_add(parents.len() as u32);
		let parent_level = level + 1;
		if parent_level < DEPTH {
			let empty = empty_node(parent_level);
			for (index, value) in &parents {
				let key = (parent_level as u8, *index);
				if *value == empty {
					Nodes::<T>::remove(registry, key);
				} else {
					Nodes::<T>::insert(registry, key, field::to_bytes(value));
				}
			}
		}
		level_nodes = parents;
	}
	let new_root =
		level_nodes.first().map(|(_, v)| field::to_bytes(v)).ok_or(Error::<T>::CorruptTree)?;
	cache.write_back::<T>();
	Ok(Applied { changed, hashes, root: new_root })
}

/// The leaf holding `index` and its sibling path, from stored pages and nodes.
pub fn witness<T: Config>(registry: RegistryId, index: u32) -> Result<(Fr, Vec<Fr>), Error<T>> {
	let mut cache = PageCache::new(registry);
	let leaf_index = index / BITS_PER_LEAF;
	let leaf = cache.leaf::<T>(leaf_index);
	let mut path = Vec::with_capacity(DEPTH as usize);
	path.push(cache.leaf::<T>(leaf_index ^ 1));
	let mut position = leaf_index / 2;
	for level in 1..DEPTH {
		path.push(node::<T>(registry, level, position ^ 1)?);
		position /= 2;
	}
	Ok((leaf, path))
}

/// The whole bitstring of a registry, `ceil(capacity / 8)` bytes.
pub fn bitstring<T: Config>(registry: RegistryId, capacity: u32) -> Vec<u8> {
	let len = capacity.div_ceil(8) as usize;
	let mut bits = alloc::vec![0u8; len];
	for (page, bytes) in Pages::<T>::iter_prefix(registry) {
		let start = (page as usize).saturating_mul(PAGE_BYTES);
		if start >= len {
			continue;
		}
		let end = core::cmp::min(start + PAGE_BYTES, len);
		if let (Some(dst), Some(src)) = (bits.get_mut(start..end), bytes.get(..end - start)) {
			dst.copy_from_slice(src);
		}
	}
	bits
}
