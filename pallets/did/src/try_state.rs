//! The registry's invariants, checked after every test and by `try-runtime`.

use alloc::collections::btree_map::BTreeMap;
use didimo_primitives::did::Relationship;
use frame_support::{ensure, traits::fungible::InspectHold};
use sp_runtime::{traits::Zero, TryRuntimeError};

use crate::{AuthenticationKeys, BalanceOf, Config, Dids, HoldReason, Pallet, Tombstones};

pub(crate) fn do_try_state<T: Config>() -> Result<(), TryRuntimeError> {
	let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
	let mut authentication_keys = 0usize;
	for (did, record) in Dids::<T>::iter() {
		ensure!(!Tombstones::<T>::contains_key(&did), "a live DID is tombstoned");
		ensure!(record.deposit == Pallet::<T>::deposit_for(&record), "a DID's deposit is wrong");
		ensure!(record.version >= 1 && record.created <= record.updated, "bad DID metadata");
		ensure!(record.validate().is_ok(), "a DID is locked out");
		let first = record.methods.first().ok_or("a DID has no methods")?;
		ensure!(first.verification_key().is_some(), "a DID's first method does not sign");
		for (i, method) in record.methods.iter().enumerate() {
			ensure!(method.validate().is_ok(), "an invalid method is stored");
			ensure!(
				!record.methods.iter().skip(i + 1).any(|m| m.id == method.id)
					&& !record.services.iter().any(|s| s.id == method.id),
				"a fragment id is used twice"
			);
			if let Some(account) = method.authentication_account() {
				ensure!(
					AuthenticationKeys::<T>::get(&account).as_ref() == Some(&did),
					"an authentication key is not indexed"
				);
				authentication_keys += 1;
			}
		}
		ensure!(record.has_relationship(Relationship::Authentication), "no authentication key");
		for (i, service) in record.services.iter().enumerate() {
			ensure!(service.validate().is_ok(), "an invalid service is stored");
			ensure!(
				!record.services.iter().skip(i + 1).any(|s| s.id == service.id),
				"a service id is used twice"
			);
		}
		for (i, controller) in record.controllers.iter().enumerate() {
			ensure!(controller != &did, "a DID controls itself");
			ensure!(
				!record.controllers.iter().skip(i + 1).any(|c| c == controller),
				"a controller is listed twice"
			);
		}
		let entry = held.entry(record.owner.clone()).or_insert_with(Zero::zero);
		*entry += record.deposit;
	}
	ensure!(
		AuthenticationKeys::<T>::iter().count() == authentication_keys,
		"the authentication-key index has stale entries"
	);
	let reason = HoldReason::DidDeposit.into();
	for (owner, expected) in held {
		ensure!(
			T::Currency::balance_on_hold(&reason, &owner) == expected,
			"an owner's held deposit differs from what their DIDs require"
		);
	}
	Ok(())
}
