//! Benchmarks (v2) for every call, each at its worst case: sr25519 keys (the slowest to
//! verify), signatures and proofs of possession over the `<Bytes>`-wrapped payload (the form
//! checked second, so two verifications), ids and services at their maximum lengths, every
//! method an authentication key (an index entry and a proof each), and the controller path for
//! DID-signed calls (two DID reads). Two costs that depend on what a call carries are measured
//! on their own and added by the calls' weights: `check_zk_keys` (a zero-knowledge issuer key's
//! curve check, far slower than a signature) and `did_signature` (a signature over a payload
//! of `l` bytes, as a DID-signed call's payload holds its whole inner call).
//!
//! [`activate_did`] serves other pallets' benchmarks.

use alloc::{boxed::Box, vec, vec::Vec};
use didimo_primitives::did::{
	wrap_bytes, DidIdentifier, DidPublicKey, DidSignature, DidVerificationKey, Relationship,
	Relationships,
};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_core::{crypto::KeyTypeId, sr25519};
use sp_runtime::traits::{Bounded, Saturating, Zero};

use crate::*;

/// The keystore key type the benchmarks generate their sr25519 keys under.
const BENCH_KEY: KeyTypeId = KeyTypeId(*b"dbch");

/// A deterministic sr25519 key from the benchmark keystore.
fn sr25519_key(seed: u32) -> sr25519::Public {
	let seed = alloc::format!("//didimo-bench-{seed}");
	sp_io::crypto::sr25519_generate(BENCH_KEY, Some(seed.into_bytes()))
}

/// `key`'s signature over `payload` as a browser wallet extension makes it (wrapped in
/// `<Bytes>`), the form the pallet tries second: the worst case.
fn sign(key: &sr25519::Public, payload: &[u8]) -> DidSignature {
	DidSignature::Sr25519(
		sp_io::crypto::sr25519_sign(BENCH_KEY, key, &wrap_bytes(payload))
			.expect("the key is in the keystore"),
	)
}

/// `key`'s proof of possession for `did` at `counter`, wrapped (the worst case).
fn prove<T: Config>(key: &sr25519::Public, did: &DidIdentifier, counter: u64) -> DidSignature {
	let key_id = DidVerificationKey::Sr25519(*key);
	sign(key, &key_possession_payload(&Pallet::<T>::genesis_hash(), did, counter, &key_id))
}

/// The last block a creation signed now may be submitted in.
fn valid_until<T: Config>() -> frame_system::pallet_prelude::BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number().saturating_add(T::MaxValidityWindow::get())
}

/// For other pallets' benchmarks: makes `did` a live DID (an sr25519 key with the DID's own
/// bytes, serving authentication, assertionMethod and capabilityInvocation) without a
/// signature or a deposit.
pub fn activate_did<T: Config>(did: &DidIdentifier, owner: T::AccountId) {
	if Dids::<T>::contains_key(did) {
		return;
	}
	let key = DidVerificationKey::Sr25519(sr25519::Public::from_raw(did.clone().into()));
	let relationships = Relationships::NONE
		.with(Relationship::Authentication)
		.with(Relationship::AssertionMethod)
		.with(Relationship::CapabilityInvocation);
	let method = VerificationMethod {
		id: BoundedVec::truncate_from(b"key-1".to_vec()),
		key: DidPublicKey::Verification(key),
		relationships,
	};
	let now = frame_system::Pallet::<T>::block_number();
	Dids::<T>::insert(
		did,
		DidRecord {
			methods: BoundedVec::truncate_from(vec![method]),
			controllers: BoundedVec::new(),
			services: BoundedVec::new(),
			owner,
			deposit: Zero::zero(),
			counter: 0,
			created: now,
			updated: now,
			version: 1,
		},
	);
	AuthenticationKeys::<T>::insert(did, did);
}

/// For other pallets' benchmarks: gives a live DID `key` as its zero-knowledge issuer key (a
/// method `zk-1` serving assertionMethod, replacing any other zero-knowledge key), without a
/// deposit and without telling [`Config::ZkKeyObserver`].
pub fn set_zk_issuer_key<T: Config>(did: &DidIdentifier, key: didimo_primitives::did::ZkIssuerKey) {
	Dids::<T>::mutate(did, |record| {
		if let Some(record) = record {
			record.methods.retain(|m| !matches!(m.key, DidPublicKey::ZkIssuer(_)));
			let _ = record.methods.try_push(VerificationMethod {
				id: BoundedVec::truncate_from(b"zk-1".to_vec()),
				key: DidPublicKey::ZkIssuer(key),
				relationships: Relationships::NONE.with(Relationship::AssertionMethod),
			});
		}
	});
}

/// A fragment id of the maximum length, unique per `n`.
fn fragment<T: Config>(n: u32) -> FragmentId<T> {
	let max = T::MaxIdLength::get() as usize;
	let mut id = alloc::format!("k{n}-").into_bytes();
	id.resize(max.max(id.len()), b'x');
	id.truncate(max);
	BoundedVec::truncate_from(id)
}

fn full<S: Get<u32>>(byte: u8) -> BoundedVec<u8, S> {
	BoundedVec::truncate_from(vec![byte; S::get() as usize])
}

/// A service at every bound.
fn service<T: Config>(n: u32) -> Service<T> {
	Service {
		id: fragment::<T>(1_000 + n),
		types: BoundedVec::truncate_from(
			(0..T::MaxServiceTypes::get()).map(|_| full::<T::MaxServiceTypeLength>(b'T')).collect(),
		),
		endpoints: BoundedVec::truncate_from(
			(0..T::MaxServiceEndpoints::get())
				.map(|_| full::<T::MaxServiceEndpointLength>(b'e'))
				.collect(),
		),
	}
}

fn all_signing() -> Relationships {
	Relationships::SIGNING
}

fn signing_method<T: Config>(
	n: u32,
	key: sr25519::Public,
	relationships: Relationships,
) -> VerificationMethod<T> {
	VerificationMethod {
		id: fragment::<T>(n),
		key: DidPublicKey::Verification(DidVerificationKey::Sr25519(key)),
		relationships,
	}
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let account: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&account, BalanceOf::<T>::max_value() / 4u32.into());
	account
}

/// Creates a DID for `key` owned by `owner`, with `extra` more authentication keys.
fn create_did<T: Config>(
	owner: &T::AccountId,
	key: sr25519::Public,
	extra: u32,
	seed_base: u32,
) -> DidIdentifier {
	let did = DidVerificationKey::Sr25519(key).derive_did();
	let mut methods = vec![signing_method::<T>(0, key, all_signing())];
	let mut proofs = Vec::new();
	for i in 0..extra {
		let extra_key = sr25519_key(seed_base + i);
		methods.push(signing_method::<T>(i + 1, extra_key, Relationship::Authentication.into()));
		proofs.push(prove::<T>(&extra_key, &did, 0));
	}
	let details = DidCreation::<T> {
		did: did.clone(),
		submitter: owner.clone(),
		valid_until: valid_until::<T>(),
		methods: BoundedVec::truncate_from(methods),
		controllers: BoundedVec::new(),
		services: BoundedVec::new(),
	};
	let signature = sign(&key, &details.signing_payload(&Pallet::<T>::genesis_hash()));
	Pallet::<T>::create(
		RawOrigin::Signed(owner.clone()).into(),
		Box::new(details),
		signature,
		BoundedVec::truncate_from(proofs),
	)
	.expect("the benchmark DID is valid");
	did
}

/// The DID origin with capabilityInvocation, as `submit_did_call` dispatches it.
fn did_origin<T: Config>(
	did: &DidIdentifier,
	submitter: &T::AccountId,
) -> <T as frame_system::Config>::RuntimeOrigin {
	<T as Config>::RuntimeOrigin::from(DidRawOrigin {
		did: did.clone(),
		submitter: submitter.clone(),
		relationship: Relationship::CapabilityInvocation,
	})
	.into()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create(
		k: Linear<1, { T::MaxVerificationMethods::get() }>,
		c: Linear<0, { T::MaxControllers::get() }>,
		s: Linear<0, { T::MaxServices::get() }>,
	) {
		let owner = funded::<T>("owner", 0);
		let controllers: Vec<DidIdentifier> =
			(0..c).map(|i| create_did::<T>(&owner, sr25519_key(10_000 + i), 0, 0)).collect();
		let key = sr25519_key(0);
		let did = DidVerificationKey::Sr25519(key).derive_did();
		let mut methods = vec![signing_method::<T>(0, key, all_signing())];
		let mut proofs = Vec::new();
		for i in 1..k {
			let extra_key = sr25519_key(i);
			methods.push(signing_method::<T>(i, extra_key, Relationship::Authentication.into()));
			proofs.push(prove::<T>(&extra_key, &did, 0));
		}
		let details = DidCreation::<T> {
			did: did.clone(),
			submitter: owner.clone(),
			valid_until: valid_until::<T>(),
			methods: BoundedVec::truncate_from(methods),
			controllers: BoundedVec::truncate_from(controllers),
			services: BoundedVec::truncate_from((0..s).map(service::<T>).collect()),
		};
		let signature = sign(&key, &details.signing_payload(&Pallet::<T>::genesis_hash()));

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			Box::new(details),
			signature,
			BoundedVec::truncate_from(proofs),
		);

		assert!(Dids::<T>::contains_key(&did));
	}

	#[benchmark]
	fn add_verification_method() {
		let owner = funded::<T>("owner", 0);
		let max = T::MaxVerificationMethods::get();
		let did = create_did::<T>(&owner, sr25519_key(0), max.saturating_sub(2), 100);
		let method =
			signing_method::<T>(max, sr25519_key(999), Relationship::Authentication.into());
		let proof = prove::<T>(&sr25519_key(999), &did, 0);

		#[extrinsic_call]
		_(did_origin::<T>(&did, &owner), method, Some(proof));

		assert_eq!(Dids::<T>::get(&did).map(|r| r.methods.len() as u32), Some(max));
	}

	#[benchmark]
	fn remove_verification_method() {
		let owner = funded::<T>("owner", 0);
		let max = T::MaxVerificationMethods::get();
		let did = create_did::<T>(&owner, sr25519_key(0), max.saturating_sub(1), 100);
		// The last method: the whole list is searched.
		let key_id = fragment::<T>(max.saturating_sub(1));

		#[extrinsic_call]
		_(did_origin::<T>(&did, &owner), key_id);

		assert_eq!(Dids::<T>::get(&did).map(|r| r.methods.len() as u32), Some(max - 1));
	}

	#[benchmark]
	fn set_relationships() {
		let owner = funded::<T>("owner", 0);
		let max = T::MaxVerificationMethods::get();
		let did = create_did::<T>(&owner, sr25519_key(0), max.saturating_sub(1), 100);
		let key_id = fragment::<T>(max.saturating_sub(1));
		// From authentication to assertion: the key gains a relationship (a proof) and its index
		// entry is removed.
		let relationships: Relationships = Relationship::AssertionMethod.into();
		let proof = prove::<T>(&sr25519_key(100 + max.saturating_sub(2)), &did, 0);

		#[extrinsic_call]
		_(did_origin::<T>(&did, &owner), key_id, relationships, Some(proof));
	}

	#[benchmark]
	fn rotate_key() {
		let owner = funded::<T>("owner", 0);
		let max = T::MaxVerificationMethods::get();
		let did = create_did::<T>(&owner, sr25519_key(0), max.saturating_sub(1), 100);
		let key_id = fragment::<T>(max.saturating_sub(1));
		let new_key = DidPublicKey::Verification(DidVerificationKey::Sr25519(sr25519_key(999)));
		let proof = prove::<T>(&sr25519_key(999), &did, 0);

		#[extrinsic_call]
		_(did_origin::<T>(&did, &owner), key_id, new_key, Some(proof));
	}

	#[benchmark]
	fn add_controller() {
		let owner = funded::<T>("owner", 0);
		let did = create_did::<T>(&owner, sr25519_key(0), 0, 0);
		let max = T::MaxControllers::get();
		for i in 0..max.saturating_sub(1) {
			let controller = create_did::<T>(&owner, sr25519_key(10_000 + i), 0, 0);
			Pallet::<T>::add_controller(did_origin::<T>(&did, &owner), controller)
				.expect("room for controllers");
		}
		let controller = create_did::<T>(&owner, sr25519_key(20_000), 0, 0);

		#[extrinsic_call]
		_(did_origin::<T>(&did, &owner), controller);
	}

	#[benchmark]
	fn remove_controller() {
		let owner = funded::<T>("owner", 0);
		let did = create_did::<T>(&owner, sr25519_key(0), 0, 0);
		let mut last = None;
		for i in 0..T::MaxControllers::get() {
			let controller = create_did::<T>(&owner, sr25519_key(10_000 + i), 0, 0);
			Pallet::<T>::add_controller(did_origin::<T>(&did, &owner), controller.clone())
				.expect("room for controllers");
			last = Some(controller);
		}
		let controller = last.expect("MaxControllers is at least 1");

		#[extrinsic_call]
		_(did_origin::<T>(&did, &owner), controller);
	}

	#[benchmark]
	fn add_service() {
		let owner = funded::<T>("owner", 0);
		let did = create_did::<T>(&owner, sr25519_key(0), 0, 0);
		let max = T::MaxServices::get();
		for i in 0..max.saturating_sub(1) {
			Pallet::<T>::add_service(did_origin::<T>(&did, &owner), service::<T>(i))
				.expect("room for services");
		}
		let new = service::<T>(max);

		#[extrinsic_call]
		_(did_origin::<T>(&did, &owner), new);
	}

	#[benchmark]
	fn remove_service() {
		let owner = funded::<T>("owner", 0);
		let did = create_did::<T>(&owner, sr25519_key(0), 0, 0);
		let max = T::MaxServices::get();
		for i in 0..max {
			Pallet::<T>::add_service(did_origin::<T>(&did, &owner), service::<T>(i))
				.expect("room for services");
		}
		let last = service::<T>(max.saturating_sub(1)).id;

		#[extrinsic_call]
		_(did_origin::<T>(&did, &owner), last);
	}

	#[benchmark]
	fn deactivate(k: Linear<1, { T::MaxVerificationMethods::get() }>) {
		let owner = funded::<T>("owner", 0);
		let did = create_did::<T>(&owner, sr25519_key(0), k.saturating_sub(1), 100);

		#[extrinsic_call]
		_(did_origin::<T>(&did, &owner));

		assert!(Tombstones::<T>::contains_key(&did));
	}

	#[benchmark]
	fn submit_did_call() {
		// The controller path: the target DID and the controller's DID are both read.
		let owner = funded::<T>("owner", 0);
		let target = create_did::<T>(&owner, sr25519_key(0), 0, 0);
		let controller_key = sr25519_key(1);
		let controller = create_did::<T>(&owner, controller_key, 0, 0);
		Pallet::<T>::add_controller(did_origin::<T>(&target, &owner), controller.clone())
			.expect("controller added");
		let submitter = funded::<T>("submitter", 0);
		let now = frame_system::Pallet::<T>::block_number();
		// An inner call that fails at once (a DID cannot control itself), so what is measured
		// is `submit_did_call`'s own work: the inner call's weight is added on top of it.
		let call: <T as Config>::RuntimeCall =
			Call::<T>::add_controller { controller: target.clone() }.into();
		let operation = DidCallOperation::<T> {
			did: target.clone(),
			signer: controller,
			key_id: fragment::<T>(0),
			counter: 1,
			valid_from: now,
			valid_until: now.saturating_add(T::MaxValidityWindow::get()),
			spec_version: <T as frame_system::Config>::Version::get().spec_version,
			submitter: submitter.clone(),
			call: Box::new(call),
		};
		let signature =
			sign(&controller_key, &operation.signing_payload(&Pallet::<T>::genesis_hash()));

		#[extrinsic_call]
		_(RawOrigin::Signed(submitter), Box::new(operation), signature);

		assert_eq!(Dids::<T>::get(&target).map(|r| r.counter), Some(1));
	}

	/// A locked DID (no capabilityInvocation key of its own, `c` controllers that are live but
	/// have none either, so each is read) with `k` authentication keys, reclaimed by its owner.
	/// The weight extrapolates `c` to the DIDs a search through controllers may read.
	#[benchmark]
	fn reclaim(
		k: Linear<1, { T::MaxVerificationMethods::get() }>,
		c: Linear<1, { T::MaxControllers::get() }>,
	) {
		let owner = funded::<T>("owner", 0);
		let did = create_did::<T>(&owner, sr25519_key(0), k.saturating_sub(1), 100);
		let mut controllers = Vec::new();
		for i in 0..c {
			let controller = create_did::<T>(&owner, sr25519_key(10_000 + i), 0, 0);
			Pallet::<T>::add_controller(did_origin::<T>(&did, &owner), controller.clone())
				.expect("room for controllers");
			controllers.push(controller);
		}
		// Lock them: no document keeps a capabilityInvocation key. (Written directly: the
		// calls refuse to lock a DID, which is why a locked one can only come from controllers
		// that went away or lost their keys.)
		for locked in core::iter::once(&did).chain(controllers.iter()) {
			Dids::<T>::mutate(locked, |record| {
				if let Some(record) = record {
					for method in record.methods.iter_mut() {
						method.relationships = Relationship::Authentication.into();
					}
				}
			});
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), did.clone());

		assert!(Tombstones::<T>::contains_key(&did));
	}

	/// `n` zero-knowledge issuer keys checked (each a decompression and a subgroup check).
	#[benchmark]
	fn check_zk_keys(n: Linear<0, { T::MaxVerificationMethods::get() }>) {
		let key = T::ZkIssuerKeyCheck::valid_key();
		let mut valid = true;

		#[block]
		{
			for _ in 0..n {
				valid &= T::ZkIssuerKeyCheck::is_valid(&key);
			}
		}

		assert!(valid);
	}

	/// A DID signature over `l` payload bytes in its worst form: sr25519 over the
	/// `<Bytes>`-wrapped payload, so the raw form is tried and fails first.
	#[benchmark]
	fn did_signature(l: Linear<0, 65_536>) {
		let key = sr25519_key(0);
		let payload = vec![7u8; l as usize];
		let signature = sign(&key, &payload);
		let key = DidVerificationKey::Sr25519(key);
		let verified;

		#[block]
		{
			verified = key.verify_payload(&payload, &signature);
		}

		assert!(verified);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}
