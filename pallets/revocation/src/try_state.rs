//! The registries' invariants, checked after every test and by `try-runtime`.

use alloc::{collections::btree_map::BTreeMap, vec::Vec};
use didimo_zk::{
	field,
	poseidon::hash2,
	status_tree::{self, empty_node, leaf_from_bytes, DEPTH, LEAF_BYTES},
	Fr,
};
use frame_support::{
	ensure,
	traits::{fungible::InspectHold, Get},
};
use sp_runtime::{traits::Zero, TryRuntimeError};

use crate::{
	tree, types::pages_for, BalanceOf, Config, HoldReason, IssuerRegistries, NextRegistryId, Nodes,
	Pages, Pallet, Registries, RootHistory,
};

pub(crate) fn do_try_state<T: Config>() -> Result<(), TryRuntimeError> {
	let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
	let next_id = NextRegistryId::<T>::get();
	for (id, record) in Registries::<T>::iter() {
		ensure!(id < next_id, "a registry id is at or above NextRegistryId");
		ensure!(
			record.capacity >= 1 && record.capacity <= T::MaxCapacity::get(),
			"a registry's capacity is out of bounds"
		);
		ensure!(record.deposit == Pallet::<T>::deposit_for(record.capacity), "a deposit is wrong");
		ensure!(record.created <= record.updated, "bad registry metadata");
		ensure!(
			IssuerRegistries::<T>::contains_key(&record.issuer, id),
			"a registry is missing from its issuer's index"
		);
		for (i, delegate) in record.delegates.iter().enumerate() {
			ensure!(*delegate != record.issuer, "the issuer is its own delegate");
			ensure!(
				!record.delegates.iter().skip(i + 1).any(|d| d == delegate),
				"a delegate is listed twice"
			);
		}
		let slot = held.entry(record.depositor.clone()).or_insert_with(Zero::zero);
		*slot += record.deposit;
		for (page, bytes) in Pages::<T>::iter_prefix(id) {
			ensure!(page < pages_for(record.capacity), "a page lies beyond the capacity");
			ensure!(bytes.iter().any(|b| *b != 0), "an all-zero page is stored");
		}
		if record.closing {
			continue;
		}
		let bits = tree::bitstring::<T>(id, record.capacity);
		check_tail_clear(&bits, record.capacity)?;
		let set: u32 = bits.iter().map(|b| b.count_ones()).sum();
		ensure!(set == record.set_count, "set_count is not the number of set bits");
		check_tree::<T>(id, &bits, &record.root)?;
		let history = RootHistory::<T>::get(id);
		ensure!(
			history.last().map(|r| r.root) == Some(record.root),
			"the last recent root is not the current root"
		);
		ensure!(
			history.iter().zip(history.iter().skip(1)).all(|(a, b)| a.since < b.since),
			"recent roots are not one per block in order"
		);
	}
	for (_, id, ()) in IssuerRegistries::<T>::iter() {
		ensure!(Registries::<T>::contains_key(id), "the issuer index names a missing registry");
	}
	for (id, _) in RootHistory::<T>::iter() {
		ensure!(Registries::<T>::contains_key(id), "recent roots of a missing registry");
	}
	for (id, _) in Pages::<T>::iter_keys() {
		ensure!(Registries::<T>::contains_key(id), "a page of a missing registry");
	}
	for (id, _) in Nodes::<T>::iter_keys() {
		ensure!(Registries::<T>::contains_key(id), "a node of a missing registry");
	}
	for (who, amount) in held {
		ensure!(
			T::Currency::balance_on_hold(&HoldReason::RegistryDeposit.into(), &who) == amount,
			"the deposit held differs from what the account's registries require"
		);
	}
	Ok(())
}

/// Each of `accounts` has exactly its live registries' deposits held for registries, and
/// nothing when it has none. [`do_try_state`] can only check the accounts it finds in
/// registries (holds cannot be listed by reason), so this check, run by the mock for every
/// account a test knows, is what catches a closed registry's deposit left held, released to
/// the wrong account or only in part.
#[cfg(test)]
pub(crate) fn check_deposits_of<T: Config>(
	accounts: impl IntoIterator<Item = T::AccountId>,
) -> Result<(), TryRuntimeError> {
	let mut required: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
	for (_, record) in Registries::<T>::iter() {
		let slot = required.entry(record.depositor).or_insert_with(Zero::zero);
		*slot += record.deposit;
	}
	for who in accounts {
		let expected = required.get(&who).copied().unwrap_or_else(Zero::zero);
		ensure!(
			T::Currency::balance_on_hold(&HoldReason::RegistryDeposit.into(), &who) == expected,
			"an account's registry deposit held differs from what its live registries require"
		);
	}
	Ok(())
}

/// No bit at or beyond the capacity is set.
fn check_tail_clear(bits: &[u8], capacity: u32) -> Result<(), TryRuntimeError> {
	let used = capacity % 8;
	if used != 0 {
		let last = bits.last().copied().unwrap_or(0);
		ensure!(last & (0xffu8 >> used) == 0, "a bit beyond the capacity is set");
	}
	Ok(())
}

/// Recomputes the tree from the bits: every stored node must equal its recomputation, every
/// node that differs from its level's empty node must be stored, and the root must match both
/// this recomputation and `didimo_zk`'s reference `root_of_bitstring`.
fn check_tree<T: Config>(
	id: crate::RegistryId,
	bits: &[u8],
	root: &crate::Digest,
) -> Result<(), TryRuntimeError> {
	// Sparse level 0: the leaves that are not zero.
	let mut level: BTreeMap<u32, Fr> = BTreeMap::new();
	for (leaf, chunk) in bits.chunks(LEAF_BYTES).enumerate() {
		if chunk.iter().any(|b| *b != 0) {
			let mut bytes = [0u8; LEAF_BYTES];
			bytes[..chunk.len()].copy_from_slice(chunk);
			level.insert(leaf as u32, leaf_from_bytes(&bytes));
		}
	}
	let mut stored: BTreeMap<(u8, u32), crate::Digest> = Nodes::<T>::iter_prefix(id).collect();
	for l in 0..DEPTH {
		let parents: Vec<u32> = {
			let mut p: Vec<u32> = level.keys().map(|i| i / 2).collect();
			p.dedup();
			p
		};
		let mut next = BTreeMap::new();
		for parent in parents {
			let child = |i: u32| level.get(&i).copied().unwrap_or_else(|| empty_node(l));
			next.insert(parent, hash2(&child(parent * 2), &child(parent * 2 + 1)));
		}
		let parent_level = l + 1;
		if parent_level < DEPTH {
			for (index, value) in &next {
				let expected = field::to_bytes(value);
				let empty = *value == empty_node(parent_level);
				match stored.remove(&(parent_level as u8, *index)) {
					Some(digest) => ensure!(
						!empty && digest == expected,
						"a stored tree node differs from its recomputation"
					),
					None => ensure!(empty, "a non-empty tree node is not stored"),
				}
			}
		}
		level = next;
	}
	ensure!(stored.is_empty(), "a stored tree node lies outside the recomputed tree");
	let recomputed = level.get(&0).copied().unwrap_or_else(|| empty_node(DEPTH));
	ensure!(field::to_bytes(&recomputed) == *root, "the root differs from its recomputation");
	let reference = status_tree::root_of_bitstring(bits)
		.map_err(|_| "didimo_zk cannot compute the root of the stored bits")?;
	ensure!(
		field::to_bytes(&reference) == *root,
		"the root differs from didimo_zk's reference computation"
	);
	Ok(())
}
