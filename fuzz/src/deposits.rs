//! Held amounts against recorded deposits, across pallets. Each pallet's `try_state` checks
//! the accounts its records name; this also catches a hold left on an account no record names
//! any more (a deposit that was never released), and a record whose deposit is not held.

use std::collections::BTreeMap;

use codec::{Decode, Encode};
use didimo_runtime::{AccountId, Balance, Runtime, RuntimeHoldReason};
use frame_support::storage::migration::storage_iter;

/// A hold reason (SCALE-encoded, so it orders) and an account.
type Key = (Vec<u8>, AccountId);

/// Panics if, for some hold reason and account, the amount held differs from the deposits the
/// pallet records for that account. (Session key deposits are left out: the session pallet
/// keeps no record of which keys were paid for.)
pub fn check() {
	let mut recorded: BTreeMap<Key, Balance> = BTreeMap::new();
	let mut record = |reason: RuntimeHoldReason, who: AccountId, amount: Balance| {
		*recorded.entry((reason.encode(), who)).or_default() += amount;
	};
	for (_, did) in storage_iter::<pallet_did::DidRecord<Runtime>>(b"Did", b"Dids") {
		record(pallet_did::HoldReason::DidDeposit.into(), did.owner, did.deposit);
	}
	for (_, registry) in
		storage_iter::<pallet_revocation::Registry<Runtime>>(b"Revocation", b"Registries")
	{
		record(
			pallet_revocation::HoldReason::RegistryDeposit.into(),
			registry.depositor,
			registry.deposit,
		);
	}
	for (_, grant) in storage_iter::<pallet_consent::Grant<Runtime>>(b"Consent", b"Grants") {
		record(pallet_consent::HoldReason::GrantDeposit.into(), grant.depositor, grant.deposit);
	}
	for (_, list) in
		storage_iter::<pallet_presentation::TrustedList<Runtime>>(b"Presentation", b"Lists")
	{
		record(pallet_presentation::HoldReason::ListDeposit.into(), list.depositor, list.deposit);
	}
	for (_, request) in
		storage_iter::<pallet_presentation::Request<Runtime>>(b"Presentation", b"Requests")
	{
		record(
			pallet_presentation::HoldReason::RequestDeposit.into(),
			request.depositor,
			request.deposit,
		);
	}
	for (_, nullifier) in storage_iter::<pallet_presentation::NullifierRecord<Runtime>>(
		b"Presentation",
		b"Nullifiers",
	) {
		record(
			pallet_presentation::HoldReason::NullifierDeposit.into(),
			nullifier.submitter,
			nullifier.deposit,
		);
	}
	let mut held: BTreeMap<Key, Balance> = BTreeMap::new();
	for (who, holds) in pallet_balances::Holds::<Runtime>::iter() {
		for hold in holds {
			if matches!(hold.id, RuntimeHoldReason::Session(_)) || hold.amount == 0 {
				continue;
			}
			*held.entry((hold.id.encode(), who.clone())).or_default() += hold.amount;
		}
	}
	recorded.retain(|_, amount| *amount > 0);
	if held != recorded {
		let differences: Vec<String> = held
			.keys()
			.chain(recorded.keys())
			.filter(|key| held.get(key) != recorded.get(key))
			.map(|key| {
				format!(
					"{:?} of {}: held {:?}, recorded {:?}",
					RuntimeHoldReason::decode(&mut key.0.as_slice()),
					key.1,
					held.get(key),
					recorded.get(key)
				)
			})
			.collect();
		panic!("held amounts differ from recorded deposits: {}", differences.join("; "));
	}
}
