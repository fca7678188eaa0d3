//! The off-chain cleanup: the worker submits the right unsigned transaction, and
//! `validate_unsigned` accepts only fresh, authority-signed payloads listing due grants.
#![allow(deprecated)] // `ValidateUnsigned`, which the runtime still uses for bare transactions.

use codec::{Decode, Encode};
use frame_support::{assert_ok, traits::Hooks, BoundedVec};
use sp_core::{
	offchain::{
		testing::{TestOffchainExt, TestTransactionPoolExt},
		OffchainDbExt, OffchainWorkerExt, TransactionPoolExt,
	},
	sr25519, Pair,
};
use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
use sp_runtime::{
	traits::{Dispatchable, IdentifyAccount, ValidateUnsigned},
	transaction_validity::{
		InvalidTransaction, TransactionSource, TransactionValidity, TransactionValidityError,
	},
	MultiSignature, MultiSigner,
};

use crate::{mock::*, *};

const AUTHORITY_SEED: &str = "//Authority";

fn authority_pair() -> sr25519::Pair {
	sr25519::Pair::from_string(AUTHORITY_SEED, None).expect("dev seed")
}

fn authority() -> MultiSigner {
	MultiSigner::Sr25519(authority_pair().public())
}

/// An externality with an off-chain worker, a transaction pool and a keystore holding the
/// authority's key, with that key the only authority; and a function that drains the pool.
fn offchain_ext() -> (sp_io::TestExternalities, impl Fn() -> Vec<Extrinsic>) {
	let (offchain, _) = TestOffchainExt::new();
	let (pool, pool_state) = TestTransactionPoolExt::new();
	let keystore = MemoryKeystore::new();
	keystore
		.sr25519_generate_new(test_crypto::KEY_TYPE, Some(AUTHORITY_SEED))
		.expect("the key is made");
	let mut ext = new_test_ext().build();
	ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.register_extension(KeystoreExt::new(keystore));
	AuthorityList::set(vec![authority()]);
	let drain = move || {
		core::mem::take(&mut pool_state.write().transactions)
			.into_iter()
			.map(|raw| Extrinsic::decode(&mut &raw[..]).expect("a transaction of this runtime"))
			.collect()
	};
	(ext, drain)
}

fn payload(block: u64, ids: &[GrantId], public: MultiSigner) -> ExpiryPayload<Test> {
	ExpiryPayload { block_number: block, grants: BoundedVec::truncate_from(ids.to_vec()), public }
}

fn sign(pair: &sr25519::Pair, payload: &ExpiryPayload<Test>) -> MultiSignature {
	MultiSignature::Sr25519(pair.sign(&(EXPIRY_CONTEXT, payload).encode()))
}

fn expire_call(payload: ExpiryPayload<Test>, signature: MultiSignature) -> Call<Test> {
	Call::expire { payload, signature }
}

fn validate(call: &Call<Test>) -> TransactionValidity {
	Consent::validate_unsigned(TransactionSource::External, call)
}

fn invalid(reason: InvalidTransaction) -> TransactionValidity {
	Err(TransactionValidityError::Invalid(reason))
}

fn signed_call(block: u64, ids: &[GrantId]) -> Call<Test> {
	let payload = payload(block, ids, authority());
	let signature = sign(&authority_pair(), &payload);
	expire_call(payload, signature)
}

/// The pallet's `expire` call inside a pool transaction.
fn expire_of(tx: &Extrinsic) -> (ExpiryPayload<Test>, MultiSignature) {
	match &tx.function {
		RuntimeCall::Consent(Call::expire { payload, signature }) => {
			(payload.clone(), signature.clone())
		},
		other => panic!("not an expiry: {other:?}"),
	}
}

/// Two grants that run out at T0 + HOUR and one that does not.
fn three_grants() -> (GrantId, GrantId, GrantId) {
	let (_, subject) = person("subject");
	let (_, grantee) = person("grantee");
	let a = grant_with(&subject, &grantee, &[email()], T0, T0 + HOUR);
	let b = grant_with(&subject, &grantee, &[email()], T0, T0 + HOUR);
	let c = grant_email(&subject, &grantee);
	(a, b, c)
}

#[test]
fn offchain_worker_submits_an_authority_signed_expiry() {
	let (mut ext, drain) = offchain_ext();
	ext.execute_with(|| {
		let (a, b, c) = three_grants();
		// Nothing due yet: nothing sent.
		Consent::offchain_worker(1);
		assert!(drain().is_empty());
		System::set_block_number(2);
		set_now(T0 + HOUR);
		Consent::offchain_worker(2);
		let txs = drain();
		assert_eq!(txs.len(), 1);
		let tx = &txs[0];
		assert!(tx.is_inherent(), "a bare (unsigned) transaction");
		let (payload, signature) = expire_of(tx);
		let mut ids = payload.grants.to_vec();
		ids.sort_unstable();
		assert_eq!(ids, vec![a, b]);
		assert_eq!(payload.block_number, 2);
		assert_eq!(payload.public, authority());
		// Signed under the expiry context, by the authority's key.
		assert!(<MultiSignature as sp_runtime::traits::Verify>::verify(
			&signature,
			&(EXPIRY_CONTEXT, &payload).encode()[..],
			&authority().into_account()
		));
		// The pool would take it, and applying it expires both grants.
		let call = expire_call(payload.clone(), signature);
		let valid = validate(&call).expect("valid");
		assert_eq!(valid.priority, PRIORITY);
		// Includable in blocks 2..=2 + EXPIRY_INTERVAL.
		assert_eq!(valid.longevity, EXPIRY_INTERVAL + 1);
		assert!(valid.propagate);
		assert!(valid.provides.contains(&("ConsentExpiry", (&b"grant"[..], a)).encode()));
		assert!(valid.provides.contains(&("ConsentExpiry", (&b"grant"[..], b)).encode()));
		assert!(valid
			.provides
			.contains(&("ConsentExpiry", (b"authority", authority().into_account())).encode()));
		assert_ok!(RuntimeCall::from(call).dispatch(RuntimeOrigin::none()));
		assert_eq!(record(a).status, GrantStatus::Expired { at: T0 + HOUR });
		assert_eq!(record(b).status, GrantStatus::Expired { at: T0 + HOUR });
		assert_eq!(record(c).status, GrantStatus::Open);
		// The worker does not send again before ExpiryInterval blocks have passed...
		System::set_block_number(3);
		Consent::offchain_worker(3);
		assert!(drain().is_empty());
		// ...and after that, only once the ended grants' retention has passed.
		System::set_block_number(2 + EXPIRY_INTERVAL);
		Consent::offchain_worker(2 + EXPIRY_INTERVAL);
		assert!(drain().is_empty());
		set_now(T0 + HOUR + RETENTION);
		Consent::offchain_worker(2 + EXPIRY_INTERVAL);
		let txs = drain();
		assert_eq!(txs.len(), 1);
		let (payload, signature) = expire_of(&txs[0]);
		let call = expire_call(payload, signature);
		assert!(validate(&call).is_ok());
		assert_ok!(RuntimeCall::from(call).dispatch(RuntimeOrigin::none()));
		assert!(Consent::grant_record(a).is_none());
		assert!(Consent::grant_record(b).is_none());
		assert_eq!(held(ALICE), GRANT_DEPOSIT + SCOPE_DEPOSIT);
		check_invariants();
	});
}

#[test]
fn offchain_worker_needs_a_current_authority_key() {
	let (mut ext, drain) = offchain_ext();
	ext.execute_with(|| {
		three_grants();
		set_now(T0 + HOUR);
		// The node's key is not among the authorities.
		AuthorityList::set(vec![MultiSigner::Sr25519(sr25519::Public::from_raw([5u8; 32]))]);
		Consent::offchain_worker(1);
		assert!(drain().is_empty());
		// It is again.
		AuthorityList::set(vec![authority()]);
		Consent::offchain_worker(1);
		assert_eq!(drain().len(), 1);
	});
}

#[test]
fn offchain_worker_works_through_many_grants_within_its_bounds() {
	let (mut ext, drain) = offchain_ext();
	ext.execute_with(|| {
		let (_, subject) = person("subject");
		let mut ids = Vec::new();
		for i in 0..3 {
			let (_, grantee) = person(&format!("grantee{i}"));
			ids.push(grant_with(&subject, &grantee, &[email()], T0, T0 + HOUR));
			ids.push(grant_email(&subject, &grantee));
		}
		set_now(T0 + HOUR);
		let mut block = 1;
		let mut runs = 0;
		while ids
			.iter()
			.any(|id| record(*id).status == GrantStatus::Open && record(*id).valid_until <= now())
		{
			runs += 1;
			assert!(runs <= 10, "the cleanup makes progress");
			System::set_block_number(block);
			Consent::offchain_worker(block);
			for tx in drain() {
				let (payload, signature) = expire_of(&tx);
				assert!(payload.grants.len() as u32 <= MAX_EXPIRIES);
				let call = expire_call(payload, signature);
				assert!(validate(&call).is_ok());
				assert_ok!(RuntimeCall::from(call).dispatch(RuntimeOrigin::none()));
			}
			block += EXPIRY_INTERVAL;
		}
		let expired = ids.iter().filter(|id| record(**id).state(now()) == GrantState::Expired);
		assert_eq!(expired.count(), 3);
		check_invariants();
	});
}

#[test]
fn validate_unsigned_rejects_forged_payloads() {
	let (mut ext, _) = offchain_ext();
	ext.execute_with(|| {
		let (a, b, _) = three_grants();
		set_now(T0 + HOUR);
		assert!(validate(&signed_call(1, &[a, b])).is_ok());
		// A signature over other ids.
		let signed = payload(1, &[a], authority());
		let forged = payload(1, &[a, b], authority());
		assert_eq!(
			validate(&expire_call(forged.clone(), sign(&authority_pair(), &signed))),
			invalid(InvalidTransaction::BadProof)
		);
		// A signature without the signing context.
		let bare = MultiSignature::Sr25519(authority_pair().sign(&forged.encode()));
		assert_eq!(
			validate(&expire_call(forged.clone(), bare)),
			invalid(InvalidTransaction::BadProof)
		);
		// Someone else's signature over the authority's payload.
		let mallory = sr25519::Pair::from_string("//Mallory", None).expect("dev seed");
		assert_eq!(
			validate(&expire_call(forged.clone(), sign(&mallory, &forged))),
			invalid(InvalidTransaction::BadProof)
		);
		// A non-authority signing its own payload.
		let theirs = payload(1, &[a, b], MultiSigner::Sr25519(mallory.public()));
		assert_eq!(
			validate(&expire_call(theirs.clone(), sign(&mallory, &theirs))),
			invalid(InvalidTransaction::BadSigner)
		);
		// Other calls are not unsigned transactions.
		assert_eq!(validate(&Call::revoke_all {}), invalid(InvalidTransaction::Call));
	});
}

#[test]
fn validate_unsigned_rejects_replays_and_stale_payloads() {
	let (mut ext, _) = offchain_ext();
	ext.execute_with(|| {
		let (a, b, _) = three_grants();
		set_now(T0 + HOUR);
		System::set_block_number(10);
		let call = signed_call(10, &[a]);
		assert!(validate(&call).is_ok());
		assert_ok!(RuntimeCall::from(call.clone()).dispatch(RuntimeOrigin::none()));
		// The same transaction again.
		assert_eq!(validate(&call), invalid(InvalidTransaction::Custom(invalid::RATE_LIMITED)));
		// The same authority, other due ids, within the interval.
		assert_eq!(
			validate(&signed_call(10, &[b])),
			invalid(InvalidTransaction::Custom(invalid::RATE_LIMITED))
		);
		// After the interval, the replayed ids are no longer due; the others are.
		System::set_block_number(10 + EXPIRY_INTERVAL);
		assert_eq!(
			validate(&signed_call(10 + EXPIRY_INTERVAL, &[a])),
			invalid(InvalidTransaction::Custom(invalid::NOT_DUE))
		);
		assert!(validate(&signed_call(10 + EXPIRY_INTERVAL, &[b])).is_ok());
		// A payload is includable for EXPIRY_INTERVAL blocks after its own, then stale.
		System::set_block_number(11 + EXPIRY_INTERVAL);
		assert_eq!(
			validate(&signed_call(11, &[b])),
			invalid(InvalidTransaction::Custom(invalid::RATE_LIMITED))
		);
		assert_eq!(validate(&signed_call(10, &[b])), invalid(InvalidTransaction::Stale));
		let longevity = |call| validate(&call).map(|valid| valid.longevity);
		assert_eq!(longevity(signed_call(11 + EXPIRY_INTERVAL, &[b])), Ok(EXPIRY_INTERVAL + 1));
		assert_eq!(longevity(signed_call(15, &[b])), Ok(EXPIRY_INTERVAL));
		// One from the future is refused.
		assert_eq!(
			validate(&signed_call(12 + EXPIRY_INTERVAL, &[b])),
			invalid(InvalidTransaction::Future)
		);
	});
}

#[test]
fn validate_unsigned_rejects_ids_that_are_not_due() {
	let (mut ext, _) = offchain_ext();
	ext.execute_with(|| {
		let (a, b, c) = three_grants();
		let not_due = invalid(InvalidTransaction::Custom(invalid::NOT_DUE));
		// Not run out yet.
		set_now(T0 + HOUR - 1);
		assert_eq!(validate(&signed_call(1, &[a])), not_due);
		set_now(T0 + HOUR);
		// One open grant among due ones, or an unknown id, spoils the lot.
		assert_eq!(validate(&signed_call(1, &[a, c])), not_due);
		assert_eq!(validate(&signed_call(1, &[a, 99])), not_due);
		assert_eq!(
			validate(&signed_call(1, &[a, a])),
			invalid(InvalidTransaction::Custom(invalid::DUPLICATE))
		);
		assert_eq!(
			validate(&signed_call(1, &[])),
			invalid(InvalidTransaction::Custom(invalid::EMPTY))
		);
		assert!(validate(&signed_call(1, &[b, a])).is_ok());
		// A revoked grant is due once its retention has passed.
		assert_ok!(Consent::revoke(did_origin(&record(c).subject, ALICE), c));
		set_now(T0 + HOUR + RETENTION - 1);
		assert_eq!(validate(&signed_call(1, &[c])), not_due);
		set_now(T0 + HOUR + RETENTION);
		assert!(validate(&signed_call(1, &[c])).is_ok());
	});
}
