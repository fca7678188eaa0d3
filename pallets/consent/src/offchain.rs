//! The authorities' off-chain cleanup: the worker that finds due grants and submits
//! `expire`, and the validation of that unsigned transaction (`ValidateUnsigned`), after
//! polkadot-sdk's `election-provider-multi-phase/src/unsigned.rs`. The rules are in
//! `docs/consent.md` ("Off-chain cleanup").

use alloc::vec::Vec;
use didimo_primitives::offchain::authority;
use frame_support::{pallet_prelude::*, traits::Time, BoundedVec};
use frame_system::{
	offchain::{SendUnsignedTransaction, SignedPayload, Signer},
	pallet_prelude::BlockNumberFor,
};
use sp_runtime::offchain::storage::StorageValueRef;

use crate::{Call, Config, ExpiryPayload, GrantId, Grants, LastExpiry, Moment, Pallet};

/// Local storage key of the off-chain worker's scan cursor (the last grant id it read).
pub const OCW_CURSOR: &[u8] = b"didimo/consent/ocw-cursor";
/// Local storage key of the block the off-chain worker last sent a transaction at.
pub const OCW_LAST_SENT: &[u8] = b"didimo/consent/ocw-last-sent";

/// `InvalidTransaction::Custom` codes of [`Pallet::expire`]'s validation: 1 a grant is
/// unknown or not due, 2 listed twice, 3 the authority's last accepted payload is less than
/// `ExpiryInterval` blocks older, 4 no grant.
pub use didimo_primitives::offchain::authority::invalid;

impl<T: Config> Pallet<T> {
	/// `ValidateUnsigned` for `expire`.
	pub(crate) fn validate_expiry(
		payload: &ExpiryPayload<T>,
		signature: &T::Signature,
	) -> TransactionValidity {
		let rules = authority::Rules::<T> {
			tag_prefix: "ConsentExpiry",
			item_tag: b"grant",
			interval: T::ExpiryInterval::get(),
			priority: T::UnsignedPriority::get(),
		};
		let now = T::Time::now();
		authority::Payload::<T, GrantId> {
			block_number: payload.block_number,
			public: &payload.public,
			items: &payload.grants,
		}
		.validate(
			&rules,
			&T::Authorities::get(),
			|| SignedPayload::<T>::verify::<T::AuthorityId>(payload, signature.clone()),
			|who| LastExpiry::<T>::get(who),
			|id| Grants::<T>::get(id).is_some_and(|g| Self::is_due(&g, now)),
		)
	}

	/// The off-chain worker's run: pick a local authority key allowed to submit, find due
	/// grants, and send one `expire`.
	pub(crate) fn offchain_expire(block: BlockNumberFor<T>) -> Result<(), &'static str> {
		let account = authority::sender::<T, T::AuthorityId>(
			block,
			T::ExpiryInterval::get(),
			OCW_LAST_SENT,
			T::Authorities::get(),
			|who| LastExpiry::<T>::get(who),
		)?;
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
		authority::sent::<T>(OCW_LAST_SENT, block);
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
