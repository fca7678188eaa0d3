//! The grants' invariants, checked after every test and by `try-runtime`.

use alloc::collections::btree_map::BTreeMap;
use frame_support::{
	ensure,
	traits::{fungible::InspectHold, Get},
};
use sp_runtime::{traits::Zero, TryRuntimeError};

use crate::{
	BalanceOf, Config, GrantKey, GrantStatus, GranteeGrants, Grants, Histories, HoldReason,
	Lifecycle, NextGrantId, OpenGrants, PairGrants, Pallet, SubjectGrants,
};

pub(crate) fn do_try_state<T: Config>() -> Result<(), TryRuntimeError> {
	let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
	let next_id = NextGrantId::<T>::get();
	let max_history = T::MaxHistory::get() as usize;
	for (id, grant) in Grants::<T>::iter() {
		ensure!(id < next_id, "a grant id is at or above NextGrantId");
		ensure!(grant.valid_from < grant.valid_until, "a grant's validity interval is empty");
		ensure!(
			grant.deposit == Pallet::<T>::deposit_for(grant.scopes.len() as u32),
			"a grant's deposit differs from what its scopes require"
		);
		ensure!(grant.created <= grant.updated, "bad grant metadata");
		ensure!(grant.subject != grant.grantee, "a grant to its own subject");
		ensure!(!grant.scopes.is_empty(), "a grant without scopes");
		ensure!(
			grant.scopes.iter().any(|scope| !scope.actions.is_empty()),
			"every scope of a grant is withdrawn"
		);
		for (i, scope) in grant.scopes.iter().enumerate() {
			ensure!(scope.actions.is_valid(), "a scope has undefined action bits");
			ensure!(
				!scope.category.is_empty() && !scope.purpose.is_empty(),
				"a scope has an empty category or purpose"
			);
			ensure!(
				!grant.scopes.iter().take(i).any(|other| other.same_subject_matter(scope)),
				"a (category, purpose) appears twice in a grant"
			);
		}
		if let GrantStatus::Expired { at } = grant.status {
			ensure!(at == grant.valid_until, "an expired grant's end is not its valid_until");
		}

		// Indices.
		ensure!(
			SubjectGrants::<T>::contains_key(&grant.subject, GrantKey::from(id)),
			"a grant is missing from its subject's index"
		);
		ensure!(
			GranteeGrants::<T>::contains_key(&grant.grantee, GrantKey::from(id)),
			"a grant is missing from its grantee's index"
		);
		ensure!(
			PairGrants::<T>::get(&grant.subject, &grant.grantee).contains(&id),
			"a grant is missing from its pair's index"
		);
		ensure!(
			OpenGrants::<T>::contains_key(&grant.subject, id)
				== (grant.status == GrantStatus::Open),
			"the open index disagrees with a grant's status"
		);

		// History.
		let history = Histories::<T>::get(id);
		ensure!(history.len() <= max_history, "a history is over MaxHistory");
		ensure!(
			history.first().map(|entry| entry.event) == Some(Lifecycle::Given),
			"a history does not start with Given"
		);
		let lifecycle: alloc::vec::Vec<Lifecycle> =
			history.iter().map(|entry| entry.event).filter(|e| e.is_lifecycle()).collect();
		let terminals = lifecycle.iter().filter(|e| e.is_terminal()).count();
		let expected_terminal = match grant.status {
			GrantStatus::Open => None,
			GrantStatus::Revoked { .. } => Some(Lifecycle::Revoked),
			GrantStatus::Declined { .. } => Some(Lifecycle::Declined),
			GrantStatus::Expired { .. } => Some(Lifecycle::Expired),
		};
		match expected_terminal {
			None => ensure!(terminals == 0, "an open grant's history has a terminal entry"),
			Some(terminal) => ensure!(
				terminals == 1 && lifecycle.last() == Some(&terminal),
				"an ended grant's history does not end with its terminal entry"
			),
		}
		ensure!(
			lifecycle.len().saturating_sub(terminals) < max_history,
			"lifecycle entries leave no room for the terminal entry"
		);
		let recorded = history.len().saturating_sub(lifecycle.len()) as u64;
		ensure!(recorded <= grant.accesses, "more accesses recorded than counted");
		ensure!(
			history
				.iter()
				.zip(history.iter().skip(1))
				.all(|(a, b)| a.block <= b.block && a.at <= b.at),
			"a history is not in order"
		);
		for entry in history.iter() {
			if let Lifecycle::Accessed { scope, .. } = entry.event {
				ensure!((scope as usize) < grant.scopes.len(), "an access names no scope");
			}
		}

		let slot = held.entry(grant.depositor.clone()).or_insert_with(Zero::zero);
		*slot += grant.deposit;
	}
	for (subject, key, ()) in SubjectGrants::<T>::iter() {
		ensure!(
			Grants::<T>::get(key.id()).is_some_and(|g| g.subject == subject),
			"the subject index names a missing or foreign grant"
		);
	}
	for (grantee, key, ()) in GranteeGrants::<T>::iter() {
		ensure!(
			Grants::<T>::get(key.id()).is_some_and(|g| g.grantee == grantee),
			"the grantee index names a missing or foreign grant"
		);
	}
	for (subject, id, ()) in OpenGrants::<T>::iter() {
		ensure!(
			Grants::<T>::get(id).is_some_and(|g| g.subject == subject),
			"the open index names a missing or foreign grant"
		);
	}
	for (subject, grantee, ids) in PairGrants::<T>::iter() {
		ensure!(!ids.is_empty(), "an empty pair index is stored");
		for (i, id) in ids.iter().enumerate() {
			ensure!(!ids.iter().take(i).any(|other| other == id), "a pair lists a grant twice");
			ensure!(
				Grants::<T>::get(id).is_some_and(|g| g.subject == subject && g.grantee == grantee),
				"the pair index names a missing or foreign grant"
			);
		}
	}
	for id in Histories::<T>::iter_keys() {
		ensure!(Grants::<T>::contains_key(id), "the history of a missing grant");
	}
	// Every depositor holds exactly what its grants require: each purge released exactly a
	// grant's deposit to the account that paid it. (An account whose grants are all gone is
	// not listed here; the mock's tests check those too, reading the balances pallet.)
	for (who, amount) in held {
		ensure!(
			T::Currency::balance_on_hold(&HoldReason::GrantDeposit.into(), &who) == amount,
			"the deposit held differs from what the account's grants require"
		);
	}
	Ok(())
}
