//! Housekeeping: the chores that keep verification state clean (expired requests removed,
//! nullifiers of closed scopes purged, stale list and registry roots pruned), done by the
//! authorities' off-chain workers in `housekeep` and by anyone in `clean_up`; the worker that
//! finds them; and the validation of its unsigned transactions (`ValidateUnsigned`). The
//! rules are in `docs/presentation.md` ("Housekeeping").

use alloc::vec::Vec;
use codec::{Decode, Encode};
use didimo_primitives::{
	did::{DidIdentifier, DidRegistry},
	offchain::authority,
	revocation::{recent_roots, Digest, RevocationRegistries},
};
use frame_support::{pallet_prelude::*, storage::with_storage_layer, BoundedVec};
use frame_system::{
	offchain::{SendUnsignedTransaction, SignedPayload, Signer},
	pallet_prelude::BlockNumberFor,
};
use sp_runtime::offchain::storage::StorageValueRef;

use crate::{
	Call, Chore, ChoreCounts, Config, Event, HoldReason, HousekeepingPayload, LastHousekeeping,
	ListRoots, NullifierRecord, Nullifiers, Pallet, Request, Requests, ScopeRequests, WeightInfo,
};

/// Local storage key of the block the off-chain worker last sent a transaction at.
pub const OCW_LAST_SENT: &[u8] = b"didimo/presentation/ocw-last-sent";
/// Local storage keys of the off-chain worker's scan cursors, one per kind of chore.
pub const OCW_REQUEST_CURSOR: &[u8] = b"didimo/presentation/ocw-request-cursor";
/// See [`OCW_REQUEST_CURSOR`]: the raw storage key of the last nullifier read.
pub const OCW_NULLIFIER_CURSOR: &[u8] = b"didimo/presentation/ocw-nullifier-cursor";
/// See [`OCW_REQUEST_CURSOR`].
pub const OCW_LIST_CURSOR: &[u8] = b"didimo/presentation/ocw-list-cursor";
/// See [`OCW_REQUEST_CURSOR`].
pub const OCW_REGISTRY_CURSOR: &[u8] = b"didimo/presentation/ocw-registry-cursor";

/// `InvalidTransaction::Custom` codes of [`Pallet::housekeep`]'s validation: 1 a chore is
/// not due, 2 listed twice, 3 the authority's last accepted payload is less than
/// `HousekeepingInterval` blocks older, 4 no chore.
pub use didimo_primitives::offchain::authority::invalid;

impl<T: Config> Pallet<T> {
	/// Whether a request may be removed by anyone: it expired, or its verifier DID is no
	/// longer active.
	pub(crate) fn request_is_stale(record: &Request<T>, now: BlockNumberFor<T>) -> bool {
		now >= record.spec.expires_at || !T::Dids::is_active(&record.verifier)
	}

	/// Whether `chore` is due now.
	pub(crate) fn chore_is_due(chore: &Chore) -> bool {
		let now = frame_system::Pallet::<T>::block_number();
		match chore {
			Chore::RemoveRequest(id) => {
				Requests::<T>::get(id).is_some_and(|record| Self::request_is_stale(&record, now))
			},
			Chore::PurgeNullifier { verifier, scope, nullifier } => {
				let key = (verifier.clone(), *scope);
				ScopeRequests::<T>::get(&key) == 0 && Nullifiers::<T>::contains_key(&key, nullifier)
			},
			Chore::PruneListRoots(list) => {
				recent_roots::has_stale(&ListRoots::<T>::get(list), now, T::RootFreshness::get())
			},
			Chore::PruneRegistryRoots(registry) => T::Registries::has_stale_roots(*registry),
		}
	}

	/// Does `chore` if it is due, atomically; returns whether it did. Each record is read
	/// once: the check that it is due and the chore share the read.
	pub(crate) fn do_chore(chore: &Chore) -> bool {
		let now = frame_system::Pallet::<T>::block_number();
		let done = with_storage_layer(|| -> Result<bool, DispatchError> {
			match chore {
				Chore::RemoveRequest(id) => {
					let due =
						Requests::<T>::get(id).filter(|record| Self::request_is_stale(record, now));
					let Some(record) = due else { return Ok(false) };
					Self::do_remove_request(*id, record)?;
				},
				Chore::PurgeNullifier { verifier, scope, nullifier } => {
					let key = (verifier.clone(), *scope);
					if ScopeRequests::<T>::get(&key) != 0 {
						return Ok(false);
					}
					let Some(record) = Nullifiers::<T>::get(&key, nullifier) else {
						return Ok(false);
					};
					Self::do_purge_nullifier(verifier.clone(), *scope, *nullifier, record)?;
				},
				Chore::PruneListRoots(list) => {
					// `mutate_exists`: an unknown list is not written.
					let dropped = ListRoots::<T>::mutate_exists(list, |history| {
						history.as_mut().map_or(0, |history| {
							recent_roots::prune(history, now, T::RootFreshness::get())
						})
					});
					if dropped == 0 {
						return Ok(false);
					}
					Self::deposit_event(Event::ListRootsPruned { list: *list, dropped });
				},
				Chore::PruneRegistryRoots(registry) => {
					let dropped = T::Registries::prune_stale_roots(*registry);
					if dropped == 0 {
						return Ok(false);
					}
					Self::deposit_event(Event::RegistryRootsPruned {
						registry: *registry,
						dropped,
					});
				},
			}
			Ok(true)
		});
		done.unwrap_or(false)
	}

	/// Purges the used nullifier `record`, releasing its deposit to the account that
	/// submitted it; the caller has checked that its scope is closed.
	pub(crate) fn do_purge_nullifier(
		verifier: DidIdentifier,
		scope: Digest,
		nullifier: Digest,
		record: NullifierRecord<T>,
	) -> DispatchResult {
		Self::release(HoldReason::NullifierDeposit, &record.submitter, record.deposit)?;
		Nullifiers::<T>::remove((verifier.clone(), scope), nullifier);
		Self::deposit_event(Event::NullifierPurged { verifier, scope, nullifier });
		Ok(())
	}

	/// The weight of `clean_up` (and, with `unsigned`, of `housekeep`, which adds its
	/// validation) for `chores`.
	pub fn housekeeping_weight(chores: &[Chore], unsigned: bool) -> Weight {
		let ChoreCounts { requests, nullifiers, lists, registries } = ChoreCounts::of(chores);
		if unsigned {
			T::WeightInfo::housekeep(requests, nullifiers, lists, registries)
		} else {
			T::WeightInfo::clean_up(requests, nullifiers, lists, registries)
		}
	}

	/// `ValidateUnsigned` for `housekeep`.
	pub(crate) fn validate_housekeeping(
		payload: &HousekeepingPayload<T>,
		signature: &T::Signature,
	) -> TransactionValidity {
		let rules = authority::Rules::<T> {
			tag_prefix: "PresentationHousekeeping",
			item_tag: b"chore",
			interval: T::HousekeepingInterval::get(),
			priority: T::UnsignedPriority::get(),
		};
		authority::Payload::<T, Chore> {
			block_number: payload.block_number,
			public: &payload.public,
			items: &payload.chores,
		}
		.validate(
			&rules,
			&T::Authorities::get(),
			|| SignedPayload::<T>::verify::<T::AuthorityId>(payload, signature.clone()),
			|who| LastHousekeeping::<T>::get(who),
			|chore| Self::chore_is_due(chore),
		)
	}

	/// The off-chain worker's run: pick a local authority key allowed to submit, find due
	/// chores, and send one `housekeep`.
	pub(crate) fn offchain_housekeep(block: BlockNumberFor<T>) -> Result<(), &'static str> {
		let account = authority::sender::<T, T::AuthorityId>(
			block,
			T::HousekeepingInterval::get(),
			OCW_LAST_SENT,
			T::Authorities::get(),
			|who| LastHousekeeping::<T>::get(who),
		)?;
		let chores = Self::scan_chores(block);
		if chores.is_empty() {
			return Err("nothing due");
		}
		let chores = BoundedVec::truncate_from(chores);
		let (_, result) = Signer::<T, T::AuthorityId>::any_account()
			.with_filter(alloc::vec![account.public.clone()])
			.send_unsigned_transaction(
				|account| HousekeepingPayload::<T> {
					block_number: block,
					chores: chores.clone(),
					public: account.public.clone(),
				},
				|payload, signature| Call::housekeep { payload, signature },
			)
			.ok_or("the authority key cannot sign")?;
		result.map_err(|()| "the transaction pool refused the transaction")?;
		authority::sent::<T>(OCW_LAST_SENT, block);
		Ok(())
	}

	/// Up to `MaxChoresPerTx` due chores, found by reading at most a quarter of
	/// `MaxOffchainScan` entries of each kind after that kind's cursor in local storage,
	/// which moves (back to the start once past the end). Requests come first: their
	/// deposits are what users wait for.
	pub(crate) fn scan_chores(now: BlockNumberFor<T>) -> Vec<Chore> {
		let max = T::MaxChoresPerTx::get() as usize;
		let budget = (T::MaxOffchainScan::get() / 4).max(1);
		let mut chores = Vec::new();
		walk(OCW_REQUEST_CURSOR, budget, max, &mut chores, |after| {
			let iter = match after {
				Some(id) => Requests::<T>::iter_from_key(id),
				None => Requests::<T>::iter(),
			};
			iter.map(move |(id, record)| {
				(id, Self::request_is_stale(&record, now).then_some(Chore::RemoveRequest(id)))
			})
		});
		walk(OCW_NULLIFIER_CURSOR, budget, max, &mut chores, |after: Option<Vec<u8>>| {
			let mut iter = match after {
				Some(raw) => Nullifiers::<T>::iter_from(raw),
				None => Nullifiers::<T>::iter(),
			};
			core::iter::from_fn(move || {
				let (key, nullifier, _) = iter.next()?;
				let raw = Nullifiers::<T>::hashed_key_for(&key, nullifier);
				if ScopeRequests::<T>::get(&key) == 0 {
					let (verifier, scope) = key;
					return Some((raw, Some(Chore::PurgeNullifier { verifier, scope, nullifier })));
				}
				// An open scope: skip all its nullifiers with one seek.
				let past = past_scope(raw, &nullifier);
				iter = Nullifiers::<T>::iter_from(past.clone());
				Some((past, None))
			})
		});
		let freshness = T::RootFreshness::get();
		walk(OCW_LIST_CURSOR, budget, max, &mut chores, |after| {
			let iter = match after {
				Some(list) => ListRoots::<T>::iter_from_key(list),
				None => ListRoots::<T>::iter(),
			};
			iter.map(move |(list, history)| {
				let stale = recent_roots::has_stale(&history, now, freshness);
				(list, stale.then_some(Chore::PruneListRoots(list)))
			})
		});
		walk(OCW_REGISTRY_CURSOR, budget, max, &mut chores, |after| {
			let mut last = after;
			core::iter::from_fn(move || {
				let registry = T::Registries::next_registry(last)?;
				last = Some(registry);
				let stale = T::Registries::has_stale_roots(registry);
				Some((registry, stale.then_some(Chore::PruneRegistryRoots(registry))))
			})
		});
		chores
	}
}

/// Reads up to `budget` entries of the iterator `start` makes from the cursor stored at
/// `cursor_key` (from the beginning for none), adding the chores they yield to `chores` (each
/// once) until it holds `max`; past the end it starts over once. Then stores the last entry
/// read as the cursor, or clears it if the run ended at the end.
fn walk<K, I>(
	cursor_key: &[u8],
	budget: u32,
	max: usize,
	chores: &mut Vec<Chore>,
	start: impl Fn(Option<K>) -> I,
) where
	K: Encode + Decode,
	I: Iterator<Item = (K, Option<Chore>)>,
{
	if chores.len() >= max {
		return;
	}
	let mut cursor = StorageValueRef::persistent(cursor_key);
	let from = cursor.get::<K>().ok().flatten();
	let mut may_wrap = from.is_some();
	let mut iter = start(from);
	let mut scanned = 0u32;
	let mut last = None;
	while chores.len() < max && scanned < budget {
		let Some((key, chore)) = iter.next() else {
			if core::mem::take(&mut may_wrap) {
				iter = start(None);
				continue;
			}
			cursor.clear();
			return;
		};
		scanned = scanned.saturating_add(1);
		last = Some(key);
		// After starting over, entries read earlier in the run may come again.
		if let Some(chore) = chore.filter(|chore| !chores.contains(chore)) {
			chores.push(chore);
		}
	}
	if let Some(last) = last {
		cursor.set(&last);
	}
}

/// A raw `Nullifiers` key after every key of the scope whose nullifier `nullifier` has the
/// raw key `raw`: the scope's prefix followed by `0xff` bytes as long as a hashed nullifier.
fn past_scope(mut raw: Vec<u8>, nullifier: &Digest) -> Vec<u8> {
	let hashed = nullifier.using_encoded(|bytes| bytes.len()).saturating_add(16);
	let prefix = raw.len().saturating_sub(hashed);
	raw.truncate(prefix);
	raw.resize(prefix.saturating_add(hashed), 0xff);
	raw
}
