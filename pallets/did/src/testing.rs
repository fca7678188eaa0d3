//! Helpers for the tests of pallets that take DID-signed calls: a DID with a dev-seed sr25519
//! key, registering it, and signing and submitting calls as it through
//! [`crate::Pallet::submit_did_call`], as wallets do. Only with the `test-helpers` feature.

use alloc::{boxed::Box, format, vec};
use didimo_primitives::did::{
	DidIdentifier, DidPublicKey, DidSignature, DidVerificationKey, Relationship, Relationships,
};
use frame_support::{dispatch::DispatchResultWithPostInfo, traits::Get, BoundedVec};
use frame_system::RawOrigin;
use sp_core::{sr25519, Pair};
use sp_runtime::DispatchResult;

use crate::{Config, DidCallOperation, DidCreation, Event, Pallet, VerificationMethod};

/// A DID with one sr25519 key (`key-1`) from a dev seed.
#[derive(Clone)]
pub struct TestDid {
	/// The key pair.
	pub pair: sr25519::Pair,
}

impl TestDid {
	/// The DID of the dev seed `//<seed>`.
	pub fn new(seed: &str) -> Self {
		Self { pair: sr25519::Pair::from_string(&format!("//{seed}"), None).expect("dev seed") }
	}
	/// Its public key.
	pub fn key(&self) -> DidVerificationKey {
		DidVerificationKey::Sr25519(self.pair.public())
	}
	/// Its identifier.
	pub fn did(&self) -> DidIdentifier {
		self.key().derive_did()
	}
	/// Its signature over `payload`.
	pub fn sign(&self, payload: &[u8]) -> DidSignature {
		DidSignature::Sr25519(self.pair.sign(payload))
	}
}

/// A relationship set from a list.
pub fn relationships(list: &[Relationship]) -> Relationships {
	list.iter().fold(Relationships::NONE, |set, r| set.with(*r))
}

/// Creates `who`'s DID, its key serving `serves`, paid by `payer`.
pub fn register<T: Config>(
	who: &TestDid,
	serves: &[Relationship],
	payer: T::AccountId,
) -> DidIdentifier {
	let details = DidCreation::<T> {
		did: who.did(),
		submitter: payer.clone(),
		valid_until: frame_system::Pallet::<T>::block_number() + T::MaxValidityWindow::get(),
		methods: BoundedVec::truncate_from(vec![VerificationMethod {
			id: BoundedVec::truncate_from(b"key-1".to_vec()),
			key: DidPublicKey::Verification(who.key()),
			relationships: relationships(serves),
		}]),
		controllers: BoundedVec::new(),
		services: BoundedVec::new(),
	};
	let signature = who.sign(&details.signing_payload(&Pallet::<T>::genesis_hash()));
	frame_support::assert_ok!(Pallet::<T>::create(
		RawOrigin::Signed(payer).into(),
		Box::new(details),
		signature,
		BoundedVec::new()
	));
	who.did()
}

/// `who`'s proof of possession for joining `did` (or gaining a relationship in it) in the
/// DID's next DID-signed call.
pub fn key_proof<T: Config>(who: &TestDid, did: &DidIdentifier) -> DidSignature {
	let counter = Pallet::<T>::did(did).map(|r| r.counter + 1).unwrap_or(1);
	who.sign(&crate::key_possession_payload(&Pallet::<T>::genesis_hash(), did, counter, &who.key()))
}

/// `submit_did_call`'s own result when the key `key_id` of the DID `signer_did`, held by
/// `signer`, signs `call` for `did` with the next counter and the longest validity window,
/// and `submitter` submits it.
pub fn submit_with_key<T: Config>(
	signer: &TestDid,
	signer_did: &DidIdentifier,
	key_id: &str,
	did: &DidIdentifier,
	submitter: T::AccountId,
	call: <T as Config>::RuntimeCall,
) -> DispatchResultWithPostInfo {
	let now = frame_system::Pallet::<T>::block_number();
	let op = DidCallOperation::<T> {
		did: did.clone(),
		signer: signer_did.clone(),
		key_id: BoundedVec::truncate_from(key_id.as_bytes().to_vec()),
		counter: Pallet::<T>::did(did).map(|r| r.counter + 1).unwrap_or(1),
		valid_from: now,
		valid_until: now + T::MaxValidityWindow::get(),
		spec_version: <T as frame_system::Config>::Version::get().spec_version,
		submitter: submitter.clone(),
		call: Box::new(call),
	};
	let signature = signer.sign(&op.signing_payload(&Pallet::<T>::genesis_hash()));
	Pallet::<T>::submit_did_call(RawOrigin::Signed(submitter).into(), Box::new(op), signature)
}

/// The inner result of the last `DidCallDispatched` event.
pub fn last_did_call_result<T: Config>() -> Option<DispatchResult>
where
	<T as frame_system::Config>::RuntimeEvent: TryInto<Event<T>>,
{
	frame_system::Pallet::<T>::events().into_iter().rev().find_map(|record| {
		match record.event.try_into() {
			Ok(Event::DidCallDispatched { result, .. }) => Some(result),
			_ => None,
		}
	})
}
