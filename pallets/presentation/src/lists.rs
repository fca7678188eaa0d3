//! Trusted-issuer lists: their slots, trees and recent roots, and how they follow their
//! issuers' keys ([`ZkIssuerKeyObserver`]).

use didimo_primitives::did::{DidIdentifier, DidRegistry, ZkIssuerKey, ZkIssuerKeyObserver};
use didimo_zk::{
	eddsa::PublicKey,
	statement::trusted_issuers::{self, ListTree},
	Fr,
};
use frame_support::{ensure, pallet_prelude::*, BoundedVec};
use sp_runtime::traits::Saturating;

use crate::{
	Config, Error, Event, HoldReason, IssuerListCount, IssuerLists, ListId, ListRoots, ListTrees,
	Lists, NextListId, Pallet, TrustedList, WeightInfo, MAX_LIST_ISSUERS,
};

/// The leaf of a zero-knowledge issuer key, or 0 for none (or bytes that are not a key, which
/// the DID registry never stores).
pub(crate) fn leaf_of(key: Option<&ZkIssuerKey>) -> Fr {
	key.and_then(|key| PublicKey::from_bytes(&key.0).ok())
		.map(|key| trusted_issuers::leaf(&key))
		.unwrap_or_default()
}

impl<T: Config> Pallet<T> {
	/// An issuer that may join a list: an active DID with a zero-knowledge issuer key, in
	/// fewer than `MaxListsPerIssuer` lists. Returns its leaf.
	fn admissible(issuer: &DidIdentifier) -> Result<Fr, DispatchError> {
		ensure!(T::Dids::is_active(issuer), Error::<T>::UnknownIssuer);
		let key = T::Dids::zk_issuer_key(issuer).ok_or(Error::<T>::IssuerKeyUnavailable)?;
		let key = PublicKey::from_bytes(&key.0).map_err(|_| Error::<T>::IssuerKeyUnavailable)?;
		ensure!(
			IssuerListCount::<T>::get(issuer) < T::MaxListsPerIssuer::get(),
			Error::<T>::IssuerInTooManyLists
		);
		Ok(trusted_issuers::leaf(&key))
	}

	/// Indexes `issuer` as in `list` at `slot`.
	fn index(issuer: &DidIdentifier, list: ListId, slot: u8) {
		IssuerLists::<T>::insert(issuer, list, slot);
		IssuerListCount::<T>::mutate(issuer, |count| *count = count.saturating_add(1));
	}

	/// Drops the index entry of `issuer` in `list`.
	fn unindex(issuer: &DidIdentifier, list: ListId) {
		IssuerLists::<T>::remove(issuer, list);
		IssuerListCount::<T>::mutate_exists(issuer, |count| {
			*count = count.map(|n| n.saturating_sub(1)).filter(|n| *n > 0);
		});
	}

	pub(crate) fn do_create_list(
		owner: DidIdentifier,
		depositor: T::AccountId,
		issuers: BoundedVec<DidIdentifier, ConstU32<MAX_LIST_ISSUERS>>,
	) -> Result<ListId, DispatchError> {
		let mut leaves = alloc::vec::Vec::with_capacity(issuers.len());
		for (i, issuer) in issuers.iter().enumerate() {
			ensure!(!issuers[..i].contains(issuer), Error::<T>::IssuerAlreadyListed);
			leaves.push(Self::admissible(issuer)?);
		}
		let tree = ListTree::from_leaves(&leaves).map_err(|_| Error::<T>::ListFull)?;
		let deposit = T::ListDeposit::get();
		Self::hold(HoldReason::ListDeposit, &depositor, deposit)?;
		let list = NextListId::<T>::get();
		let next = list.checked_add(1).ok_or(Error::<T>::ListIdsExhausted)?;
		NextListId::<T>::put(next);
		for (slot, issuer) in issuers.iter().enumerate() {
			Self::index(issuer, list, slot as u8);
		}
		let slots = BoundedVec::truncate_from(issuers.into_iter().map(Some).collect());
		Lists::<T>::insert(
			list,
			TrustedList {
				owner: owner.clone(),
				issuers: slots,
				departed: BoundedVec::new(),
				declined: BoundedVec::new(),
				depositor,
				deposit,
				created: frame_system::Pallet::<T>::block_number(),
			},
		);
		let root = Self::store_tree(list, &tree);
		Self::deposit_event(Event::ListCreated { list, owner, root, deposit });
		Ok(list)
	}

	/// The list `list` if `owner` owns it.
	fn owned(owner: &DidIdentifier, list: ListId) -> Result<TrustedList<T>, DispatchError> {
		let record = Lists::<T>::get(list).ok_or(Error::<T>::UnknownList)?;
		ensure!(record.owner == *owner, Error::<T>::NotListOwner);
		Ok(record)
	}

	pub(crate) fn do_add_issuer(
		owner: &DidIdentifier,
		list: ListId,
		issuer: DidIdentifier,
	) -> DispatchResult {
		let mut record = Self::owned(owner, list)?;
		ensure!(record.slot_of(&issuer).is_none(), Error::<T>::IssuerAlreadyListed);
		ensure!(!record.declined.contains(&issuer), Error::<T>::IssuerDeclined);
		let leaf = Self::admissible(&issuer)?;
		Self::prune_departed(&mut record);
		record.departed.retain(|(departed, _)| *departed != issuer);
		let slot = match record.issuers.iter().position(Option::is_none) {
			Some(empty) => {
				record.issuers[empty] = Some(issuer.clone());
				empty
			},
			None => {
				record.issuers.try_push(Some(issuer.clone())).map_err(|_| Error::<T>::ListFull)?;
				record.issuers.len() - 1
			},
		};
		let mut tree = Self::tree(list).ok_or(Error::<T>::UnknownList)?;
		tree.set(slot, leaf).map_err(|_| Error::<T>::ListFull)?;
		Self::index(&issuer, list, slot as u8);
		Lists::<T>::insert(list, record);
		let root = Self::store_tree(list, &tree);
		Self::deposit_event(Event::IssuerAdded { list, issuer, slot: slot as u8, root });
		Ok(())
	}

	pub(crate) fn do_remove_issuer(
		owner: &DidIdentifier,
		list: ListId,
		issuer: DidIdentifier,
	) -> DispatchResult {
		let record = Self::owned(owner, list)?;
		Self::take_out(list, record, issuer, false)
	}

	/// The issuer leaves `list` and declines it: its owner cannot add it again.
	pub(crate) fn do_leave_list(issuer: DidIdentifier, list: ListId) -> DispatchResult {
		let record = Lists::<T>::get(list).ok_or(Error::<T>::UnknownList)?;
		Self::take_out(list, record, issuer, true)
	}

	/// Empties `issuer`'s slot of `list` (`declined`: and records that the issuer declined
	/// the list).
	fn take_out(
		list: ListId,
		mut record: TrustedList<T>,
		issuer: DidIdentifier,
		declined: bool,
	) -> DispatchResult {
		let slot = record.slot_of(&issuer).ok_or(Error::<T>::IssuerNotListed)?;
		record.issuers[slot] = None;
		if declined {
			// One entry per issuer that ever left: at most the 32 slots' worth before the
			// oldest is forgotten.
			if record.declined.is_full() {
				record.declined.remove(0);
			}
			let _ = record.declined.try_push(issuer.clone());
		}
		Self::prune_departed(&mut record);
		// Full only after 32 removals within the window: the oldest departure then stops
		// counting early (its registries are refused while its old roots are accepted).
		if record.departed.is_full() {
			record.departed.remove(0);
		}
		let _ =
			record.departed.try_push((issuer.clone(), frame_system::Pallet::<T>::block_number()));
		while record.issuers.last().is_some_and(Option::is_none) {
			record.issuers.pop();
		}
		let mut tree = Self::tree(list).ok_or(Error::<T>::UnknownList)?;
		tree.set(slot, Fr::default()).map_err(|_| Error::<T>::IssuerNotListed)?;
		Self::unindex(&issuer, list);
		Lists::<T>::insert(list, record);
		let root = Self::store_tree(list, &tree);
		Self::deposit_event(if declined {
			Event::IssuerLeft { list, issuer, root }
		} else {
			Event::IssuerRemoved { list, issuer, root }
		});
		Ok(())
	}

	/// Drops departed issuers whose window is over.
	fn prune_departed(record: &mut TrustedList<T>) {
		let now = frame_system::Pallet::<T>::block_number();
		let freshness = T::RootFreshness::get();
		record.departed.retain(|(_, at)| at.saturating_add(freshness) >= now);
	}

	/// Whether `issuer` counts as in `list` for a presentation now: listed, or removed less
	/// than `RootFreshness` blocks ago (a root from before its removal is still acceptable).
	pub(crate) fn in_list(list: &TrustedList<T>, issuer: &DidIdentifier) -> bool {
		let now = frame_system::Pallet::<T>::block_number();
		let freshness = T::RootFreshness::get();
		list.slot_of(issuer).is_some()
			|| list
				.departed
				.iter()
				.any(|(departed, at)| departed == issuer && at.saturating_add(freshness) >= now)
	}

	pub(crate) fn do_close_list(list: ListId, record: TrustedList<T>) -> DispatchResult {
		Self::release(HoldReason::ListDeposit, &record.depositor, record.deposit)?;
		for issuer in record.issuers.iter().flatten() {
			Self::unindex(issuer, list);
		}
		Lists::<T>::remove(list);
		ListTrees::<T>::remove(list);
		ListRoots::<T>::remove(list);
		Self::deposit_event(Event::ListClosed { list, depositor: record.depositor });
		Ok(())
	}
}

impl<T: Config> ZkIssuerKeyObserver for Pallet<T> {
	/// Puts the issuer's new leaf (0 for no key) in its slot of every list it is in, recording
	/// each list's new root: proofs against the old roots stay acceptable for `RootFreshness`
	/// blocks, as after any change of a list.
	fn zk_issuer_key_changed(did: &DidIdentifier, key: Option<&ZkIssuerKey>) -> Weight {
		let leaf = leaf_of(key);
		let mut lists = 0u32;
		for (list, slot) in IssuerLists::<T>::iter_prefix(did) {
			lists = lists.saturating_add(1);
			// Every indexed list has a tree; a missing one would be corrupt state, skipped
			// rather than made up.
			let Some(mut tree) = Self::tree(list) else { continue };
			if tree.set(usize::from(slot), leaf).is_err() {
				continue;
			}
			let root = Self::store_tree(list, &tree);
			Self::deposit_event(Event::ListRootChanged { list, issuer: did.clone(), root });
		}
		T::WeightInfo::issuer_key_changed(lists)
	}

	fn max_weight() -> Weight {
		T::WeightInfo::issuer_key_changed(T::MaxListsPerIssuer::get())
	}
}
