//! The authorities' off-chain cleanup: the worker that finds due grants and submits
//! `expire`, and the validation of that unsigned transaction (`ValidateUnsigned`), after
//! polkadot-sdk's `election-provider-multi-phase/src/unsigned.rs`. The rules are in
//! `docs/consent.md` ("Off-chain cleanup").

use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::Time, BoundedVec};
use frame_system::{
	offchain::{SendUnsignedTransaction, SignedPayload, Signer},
	pallet_prelude::BlockNumberFor,
};
use sp_runtime::{
	offchain::storage::StorageValueRef,
	traits::{IdentifyAccount, Saturating},
	SaturatedConversion,
};

use crate::{Call, Config, ExpiryPayload, GrantId, Grants, LastExpiry, Moment, Pallet};

/// Local storage key of the off-chain worker's scan cursor (the last grant id it read).
pub const OCW_CURSOR: &[u8] = b"didimo/consent/ocw-cursor";
/// Local storage key of the block the off-chain worker last sent a transaction at.
pub const OCW_LAST_SENT: &[u8] = b"didimo/consent/ocw-last-sent";

/// `InvalidTransaction::Custom` codes of [`Pallet::expire`]'s validation.
pub mod invalid {
	/// A listed grant is unknown or not due.
	pub const NOT_DUE: u8 = 1;
	/// A grant is listed twice.
	pub const DUPLICATE: u8 = 2;
	/// The authority's last accepted payload is less than `ExpiryInterval` blocks older.
	pub const RATE_LIMITED: u8 = 3;
	/// No grant is listed.
	pub const EMPTY: u8 = 4;
}

impl<T: Config> Pallet<T> {
	/// `ValidateUnsigned` for `expire`.
	pub(crate) fn validate_expiry(
		payload: &ExpiryPayload<T>,
		signature: &T::Signature,
	) -> TransactionValidity {
		let block = frame_system::Pallet::<T>::block_number();
		let interval = T::ExpiryInterval::get();
		if payload.block_number > block {
			return InvalidTransaction::Future.into();
		}
		// The last block the payload may be included in. The pool validates at the block
		// after the one the worker saw, so the window must include `block_number + 1` even
		// for an interval of 1.
		let valid_till = payload.block_number.saturating_add(interval);
		if valid_till < block {
			return InvalidTransaction::Stale.into();
		}
		if payload.grants.is_empty() {
			return InvalidTransaction::Custom(invalid::EMPTY).into();
		}
		if !T::Authorities::get().contains(&payload.public) {
			return InvalidTransaction::BadSigner.into();
		}
		if !SignedPayload::<T>::verify::<T::AuthorityId>(payload, signature.clone()) {
			return InvalidTransaction::BadProof.into();
		}
		let authority = payload.public.clone().into_account();
		if LastExpiry::<T>::get(&authority)
			.is_some_and(|last| payload.block_number < last.saturating_add(interval))
		{
			return InvalidTransaction::Custom(invalid::RATE_LIMITED).into();
		}
		let mut sorted = payload.grants.to_vec();
		sorted.sort_unstable();
		sorted.dedup();
		if sorted.len() != payload.grants.len() {
			return InvalidTransaction::Custom(invalid::DUPLICATE).into();
		}
		let now = T::Time::now();
		if !payload
			.grants
			.iter()
			.all(|id| Grants::<T>::get(id).is_some_and(|g| Self::is_due(&g, now)))
		{
			return InvalidTransaction::Custom(invalid::NOT_DUE).into();
		}
		let mut valid = ValidTransaction::with_tag_prefix("ConsentExpiry")
			.priority(T::UnsignedPriority::get())
			.and_provides((b"authority", authority))
			.longevity(valid_till.saturating_sub(block).saturated_into::<u64>().saturating_add(1))
			.propagate(true);
		for id in payload.grants.iter() {
			valid = valid.and_provides((b"grant", id));
		}
		valid.build()
	}

	/// The off-chain worker's run: pick a local authority key allowed to submit, find due
	/// grants, and send one `expire`.
	pub(crate) fn offchain_expire(block: BlockNumberFor<T>) -> Result<(), &'static str> {
		let interval = T::ExpiryInterval::get();
		let last_sent = StorageValueRef::persistent(OCW_LAST_SENT);
		if let Ok(Some(last)) = last_sent.get::<BlockNumberFor<T>>() {
			if block < last.saturating_add(interval) {
				return Err("sent recently");
			}
		}
		let authorities = T::Authorities::get();
		let signer = Signer::<T, T::AuthorityId>::all_accounts().with_filter(authorities);
		let account = signer
			.accounts_from_keys()
			.find(|account| {
				LastExpiry::<T>::get(&account.id)
					.is_none_or(|last| block >= last.saturating_add(interval))
			})
			.ok_or("no local authority key may submit now")?;
		let due = Self::scan_due(T::Time::now());
		if due.is_empty() {
			return Err("nothing due");
		}
		let grants = BoundedVec::truncate_from(due);
		let (_, result) = Signer::<T, T::AuthorityId>::any_account()
			.with_filter(alloc::vec![account.public.clone()])
			.send_unsigned_transaction(
				|account| ExpiryPayload::<T> {
					block_number: block,
					grants: grants.clone(),
					public: account.public.clone(),
				},
				|payload, signature| Call::expire { payload, signature },
			)
			.ok_or("the authority key cannot sign")?;
		result.map_err(|()| "the transaction pool refused the transaction")?;
		last_sent.set(&block);
		Ok(())
	}

	/// Up to `MaxExpiriesPerTx` due grants among the next `MaxOffchainScan` grants after the
	/// cursor in local storage, which it moves (back to the start once past the end).
	fn scan_due(now: Moment) -> Vec<GrantId> {
		let cursor = StorageValueRef::persistent(OCW_CURSOR);
		let mut iter = match cursor.get::<GrantId>() {
			Ok(Some(last)) => Grants::<T>::iter_from_key(last),
			_ => Grants::<T>::iter(),
		};
		let max = T::MaxExpiriesPerTx::get() as usize;
		let budget = T::MaxOffchainScan::get();
		let mut due = Vec::new();
		let mut scanned = 0u32;
		let mut last = None;
		for (id, grant) in iter.by_ref() {
			scanned = scanned.saturating_add(1);
			last = Some(id);
			if Self::is_due(&grant, now) {
				due.push(id);
			}
			if due.len() >= max || scanned >= budget {
				break;
			}
		}
		match (last, iter.next()) {
			(Some(last), Some(_)) => cursor.set(&last),
			_ => {
				let mut cursor = cursor;
				cursor.clear();
			},
		}
		due
	}
}
