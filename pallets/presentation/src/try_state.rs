//! The pallet's invariants, checked after every test and by `try-runtime`.

use alloc::collections::btree_map::BTreeMap;
use didimo_primitives::did::DidRegistry;
use didimo_zk::{field, statement::trusted_issuers::ListTree, verifier::PreparedVerifyingKey, Fr};
use frame_support::{
	ensure,
	traits::{fungible::InspectHold, Get},
};
use sp_runtime::{traits::Zero, TryRuntimeError};

use crate::{
	lists::leaf_of, BalanceOf, Circuits, Config, HoldReason, IssuerListCount, IssuerLists,
	ListRoots, ListTrees, Lists, NextListId, Nullifiers, Pallet, Requests, ScopeRequests,
	SUPPORTED_VERSIONS,
};

pub(crate) fn do_try_state<T: Config>() -> Result<(), TryRuntimeError> {
	for (version, circuit) in Circuits::<T>::iter() {
		ensure!(SUPPORTED_VERSIONS.contains(&version), "a registered version is not supported");
		let key = PreparedVerifyingKey::from_trusted_bytes(&circuit.key)
			.map_err(|_| "a stored key does not decode")?;
		ensure!(key.version().number() == version, "a stored key is of another version");
		ensure!(
			circuit.retired_at.is_none_or(|retired| retired >= circuit.registered_at),
			"a circuit was retired before it was registered"
		);
	}

	let mut held: BTreeMap<(u8, T::AccountId), BalanceOf<T>> = BTreeMap::new();
	let mut add = |reason: u8, who: &T::AccountId, amount: BalanceOf<T>| {
		let slot = held.entry((reason, who.clone())).or_insert_with(Zero::zero);
		*slot += amount;
	};

	// Lists: slots, index, tree and roots agree.
	let next = NextListId::<T>::get();
	let mut memberships: BTreeMap<_, u32> = BTreeMap::new();
	for (list, record) in Lists::<T>::iter() {
		ensure!(list < next, "a list id is at or above NextListId");
		ensure!(record.issuers.last() != Some(&None), "a list ends with an empty slot");
		add(0, &record.depositor, record.deposit);
		let tree = Pallet::<T>::tree(list).ok_or("a list's tree is missing or corrupt")?;
		let mut leaves = [Fr::zero(); didimo_zk::statement::ISSUER_CAPACITY];
		for (slot, issuer) in record.issuers.iter().enumerate() {
			let Some(issuer) = issuer else { continue };
			ensure!(
				record.issuers.iter().filter(|i| i.as_ref() == Some(issuer)).count() == 1,
				"an issuer is listed twice"
			);
			ensure!(
				IssuerLists::<T>::get(issuer, list) == Some(slot as u8),
				"a listed issuer is missing from the index, or at another slot"
			);
			*memberships.entry(issuer.clone()).or_default() += 1;
			leaves[slot] = leaf_of(T::Dids::zk_issuer_key(issuer).as_ref());
		}
		let expected = ListTree::from_leaves(&leaves).map_err(|_| "a list has too many slots")?;
		ensure!(tree == expected, "a list's tree is not the tree of its issuers' current keys");
		let roots = ListRoots::<T>::get(list);
		ensure!(
			roots.last().map(|r| r.root) == Some(field::to_bytes(&tree.root())),
			"a list's last recent root is not its tree's root"
		);
		ensure!(
			roots.iter().zip(roots.iter().skip(1)).all(|(a, b)| a.since < b.since),
			"a list's recent roots are not one per block in order"
		);
	}
	for (issuer, list, _) in IssuerLists::<T>::iter() {
		ensure!(
			Lists::<T>::get(list).is_some_and(|record| record.slot_of(&issuer).is_some()),
			"the issuer index names a list the issuer is not in"
		);
	}
	for (issuer, count) in IssuerListCount::<T>::iter() {
		ensure!(count > 0, "a zero list count is stored");
		ensure!(count <= T::MaxListsPerIssuer::get(), "an issuer is in too many lists");
		ensure!(memberships.get(&issuer) == Some(&count), "an issuer's list count is wrong");
	}
	ensure!(
		memberships.len() == IssuerListCount::<T>::iter().count(),
		"a listed issuer has no list count"
	);
	for list in ListTrees::<T>::iter_keys().chain(ListRoots::<T>::iter_keys()) {
		ensure!(Lists::<T>::contains_key(list), "a tree or roots of a missing list");
	}

	// Requests: ids, deposits, scope counts.
	let mut scopes: BTreeMap<_, u32> = BTreeMap::new();
	for (id, request) in Requests::<T>::iter() {
		ensure!(
			Pallet::<T>::request_id(&request.verifier, &request.spec) == id,
			"a request is not stored under its content's id"
		);
		add(1, &request.depositor, request.deposit);
		if let Some(scope) = request.spec.nullifier_scope {
			*scopes.entry((request.verifier.clone(), scope)).or_default() += 1;
		}
	}
	for (key, count) in ScopeRequests::<T>::iter() {
		ensure!(scopes.get(&key) == Some(&count), "a scope's request count is wrong");
	}
	ensure!(
		scopes.len() == ScopeRequests::<T>::iter().count(),
		"a scope with requests has no count"
	);

	// Nullifiers: deposits.
	for (_, _, record) in Nullifiers::<T>::iter() {
		add(2, &record.submitter, record.deposit);
	}

	for ((reason, who), amount) in held {
		let reason = match reason {
			0 => HoldReason::ListDeposit,
			1 => HoldReason::RequestDeposit,
			_ => HoldReason::NullifierDeposit,
		};
		ensure!(
			T::Currency::balance_on_hold(&reason.into(), &who) == amount,
			"a deposit held differs from what the account's lists, requests or nullifiers require"
		);
	}
	Ok(())
}

/// Each of `accounts` holds exactly the deposits of its lists, requests and nullifiers, and
/// nothing for those it has none of: [`do_try_state`] can only check the accounts it finds in
/// records, so this catches a deposit left held after its record was removed.
#[cfg(test)]
pub(crate) fn check_deposits_of<T: Config>(
	accounts: impl IntoIterator<Item = T::AccountId>,
) -> Result<(), TryRuntimeError> {
	for who in accounts {
		let lists: BalanceOf<T> = Lists::<T>::iter_values()
			.filter(|r| r.depositor == who)
			.fold(Zero::zero(), |sum, r| sum + r.deposit);
		let requests: BalanceOf<T> = Requests::<T>::iter_values()
			.filter(|r| r.depositor == who)
			.fold(Zero::zero(), |sum, r| sum + r.deposit);
		let nullifiers: BalanceOf<T> = Nullifiers::<T>::iter_values()
			.filter(|r| r.submitter == who)
			.fold(Zero::zero(), |sum, r| sum + r.deposit);
		for (reason, expected) in [
			(HoldReason::ListDeposit, lists),
			(HoldReason::RequestDeposit, requests),
			(HoldReason::NullifierDeposit, nullifiers),
		] {
			ensure!(
				T::Currency::balance_on_hold(&reason.into(), &who) == expected,
				"an account holds a deposit no record of it requires"
			);
		}
	}
	Ok(())
}
