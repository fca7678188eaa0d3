//! Benchmarks (v2) for every call, each at its worst case: registries of `MaxCapacity` slots,
//! batch indices spread over distinct leaves as far apart as the batch allows (each index a
//! path refresh of its own below the levels they share), and trees already populated, so node
//! reads find stored nodes and writes overwrite them.

use alloc::vec::Vec;
use didimo_primitives::did::DidIdentifier;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_runtime::traits::Bounded;

use crate::*;

/// The DID and account the benchmark origin stands for, made active and funded.
fn issuer<T: Config>() -> (T::RuntimeOrigin, DidIdentifier, T::AccountId) {
	let origin = T::IssuerOrigin::try_successful_origin().expect("the DID origin can be built");
	let (did, submitter) =
		T::IssuerOrigin::try_origin(origin.clone()).ok().expect("the origin is a DID origin");
	T::BenchmarkHelper::activate_did(&did, submitter.clone());
	T::Currency::set_balance(&submitter, BalanceOf::<T>::max_value() / 4u32.into());
	(origin, did, submitter)
}

fn other_did(n: u8) -> DidIdentifier {
	DidIdentifier::new([n; 32])
}

/// A registry of `MaxCapacity` slots with the given purpose.
fn registry<T: Config>(origin: &T::RuntimeOrigin, purpose: StatusPurpose) -> RegistryId {
	let id = NextRegistryId::<T>::get();
	Pallet::<T>::create_registry(origin.clone(), purpose, T::MaxCapacity::get())
		.expect("the registry can be created");
	id
}

/// `n` indices in distinct leaves, spread evenly over the capacity.
fn spread<T: Config>(n: u32, offset: u32) -> Vec<u32> {
	let capacity = T::MaxCapacity::get();
	let leaves = capacity.div_ceil(didimo_zk::status_tree::BITS_PER_LEAF).max(1);
	let stride = (leaves / n.max(1)).max(1) * didimo_zk::status_tree::BITS_PER_LEAF;
	(0..n).map(|i| (i * stride + offset) % capacity).collect()
}

/// Indices whose update recomputes at least `h` tree nodes (or `MaxBatch` indices if that is
/// fewer), the worst case for their count: one per leaf, leaves taken in bit-reversed order,
/// which keeps every prefix of the sequence as spread out as the tree allows.
fn indices_for_hashes<T: Config>(h: u32) -> Vec<u32> {
	use didimo_zk::status_tree::{BITS_PER_LEAF, DEPTH};
	let capacity = T::MaxCapacity::get();
	let mut chosen: Vec<u32> = Vec::new();
	let mut leaves: Vec<u32> = Vec::new();
	for k in 0..(1u32 << DEPTH) {
		if chosen.len() as u32 >= T::MaxBatch::get() || recomputed(&leaves) >= h {
			break;
		}
		let leaf = k.reverse_bits() >> (32 - DEPTH);
		let index = leaf * BITS_PER_LEAF;
		if index < capacity {
			chosen.push(index);
			leaves.push(leaf);
		}
	}
	chosen
}

/// The tree nodes an update of these leaves recomputes: their distinct ancestors.
fn recomputed(leaves: &[u32]) -> u32 {
	let mut total = 0u32;
	for level in 1..=didimo_zk::status_tree::DEPTH {
		let mut ancestors: Vec<u32> = leaves.iter().map(|leaf| leaf >> level).collect();
		ancestors.sort_unstable();
		ancestors.dedup();
		total += ancestors.len() as u32;
	}
	total
}

/// Sets bits all over the registry so the tree's nodes are stored, not empty.
fn populate<T: Config>(origin: &T::RuntimeOrigin, id: RegistryId, purpose: StatusPurpose) {
	let batch = T::MaxBatch::get();
	let indices = spread::<T>(batch, 1);
	let call = |chunk: Vec<u32>| {
		let chunk = BoundedVec::truncate_from(chunk);
		match purpose {
			StatusPurpose::Revocation => Pallet::<T>::revoke(origin.clone(), id, chunk),
			StatusPurpose::Suspension => Pallet::<T>::suspend(origin.clone(), id, chunk),
		}
		.expect("populating works");
	};
	call(indices);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_registry() {
		let (origin, did, _) = issuer::<T>();
		let id = NextRegistryId::<T>::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, StatusPurpose::Revocation, T::MaxCapacity::get());

		assert_eq!(Registries::<T>::get(id).map(|r| r.issuer), Some(did));
	}

	/// `h` tree nodes recomputed (the weight's component; the call's pre-dispatch weight uses
	/// `max_hashes` of its batch size, its actual weight the count it recomputed).
	#[benchmark]
	fn revoke(h: Linear<{ tree::max_hashes(1) }, { tree::max_hashes(T::MaxBatch::get()) }>) {
		let (origin, _, _) = issuer::<T>();
		let id = registry::<T>(&origin, StatusPurpose::Revocation);
		populate::<T>(&origin, id, StatusPurpose::Revocation);
		let indices = BoundedVec::truncate_from(indices_for_hashes::<T>(h));

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, indices);

		assert_eq!(Pallet::<T>::status(id, 0), CredentialStatus::Revoked);
	}

	/// `h` tree nodes recomputed (the weight's component; the call's pre-dispatch weight uses
	/// `max_hashes` of its batch size, its actual weight the count it recomputed).
	#[benchmark]
	fn suspend(h: Linear<{ tree::max_hashes(1) }, { tree::max_hashes(T::MaxBatch::get()) }>) {
		let (origin, _, _) = issuer::<T>();
		let id = registry::<T>(&origin, StatusPurpose::Suspension);
		populate::<T>(&origin, id, StatusPurpose::Suspension);
		let indices = BoundedVec::truncate_from(indices_for_hashes::<T>(h));

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, indices);

		assert_eq!(Pallet::<T>::status(id, 0), CredentialStatus::Suspended);
	}

	#[benchmark]
	fn reinstate(h: Linear<{ tree::max_hashes(1) }, { tree::max_hashes(T::MaxBatch::get()) }>) {
		let (origin, _, _) = issuer::<T>();
		let id = registry::<T>(&origin, StatusPurpose::Suspension);
		populate::<T>(&origin, id, StatusPurpose::Suspension);
		let indices: BoundedVec<u32, T::MaxBatch> =
			BoundedVec::truncate_from(indices_for_hashes::<T>(h));
		Pallet::<T>::suspend(origin.clone(), id, indices.clone()).expect("suspending works");

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, indices);

		assert_eq!(Pallet::<T>::status(id, 0), CredentialStatus::Active);
	}

	#[benchmark]
	fn add_delegate() {
		let (origin, _, submitter) = issuer::<T>();
		let id = registry::<T>(&origin, StatusPurpose::Revocation);
		for n in 1..T::MaxDelegates::get() {
			let delegate = other_did(n as u8);
			T::BenchmarkHelper::activate_did(&delegate, submitter.clone());
			Pallet::<T>::add_delegate(origin.clone(), id, delegate).expect("room for delegates");
		}
		let delegate = other_did(255);
		T::BenchmarkHelper::activate_did(&delegate, submitter);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, delegate.clone());

		assert!(Registries::<T>::get(id).is_some_and(|r| r.delegates.contains(&delegate)));
	}

	#[benchmark]
	fn remove_delegate() {
		let (origin, _, submitter) = issuer::<T>();
		let id = registry::<T>(&origin, StatusPurpose::Revocation);
		for n in 1..=T::MaxDelegates::get() {
			let delegate = other_did(n as u8);
			T::BenchmarkHelper::activate_did(&delegate, submitter.clone());
			Pallet::<T>::add_delegate(origin.clone(), id, delegate).expect("room for delegates");
		}
		let last = other_did(T::MaxDelegates::get() as u8);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, last.clone());

		assert!(Registries::<T>::get(id).is_some_and(|r| !r.delegates.contains(&last)));
	}

	/// `n` pages and nodes deleted; below `MaxRemovalsPerCall` the call also finishes the close
	/// (record removed, deposit released).
	#[benchmark]
	fn close(n: Linear<0, { T::MaxRemovalsPerCall::get() }>) {
		let (origin, _, _) = issuer::<T>();
		let id = registry::<T>(&origin, StatusPurpose::Revocation);
		let pages = types::pages_for(T::MaxCapacity::get()).min(n);
		for page in 0..pages {
			Pages::<T>::insert(id, page, [0xffu8; PAGE_BYTES]);
		}
		for node in 0..n.saturating_sub(pages) {
			Nodes::<T>::insert(id, (1u8, node), [1u8; 32]);
		}

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		// Below the limit the call also finished the close and removed the record.
		assert_eq!(Registries::<T>::contains_key(id), n >= T::MaxRemovalsPerCall::get());
	}

	/// `close` for a deactivated issuer's registry, by any account: as `close`, plus reading
	/// the issuer DID. The issuer is made inactive by moving the registry to a DID that is not
	/// live, which is what the DID registry answers for a deactivated DID (its record is
	/// removed when it is tombstoned).
	#[benchmark]
	fn close_orphaned(n: Linear<0, { T::MaxRemovalsPerCall::get() }>) {
		let (origin, did, _) = issuer::<T>();
		let id = registry::<T>(&origin, StatusPurpose::Revocation);
		let orphan = other_did(254);
		Registries::<T>::mutate(id, |record| {
			if let Some(record) = record {
				record.issuer = orphan.clone();
			}
		});
		IssuerRegistries::<T>::remove(&did, id);
		IssuerRegistries::<T>::insert(&orphan, id, ());
		let pages = types::pages_for(T::MaxCapacity::get()).min(n);
		for page in 0..pages {
			Pages::<T>::insert(id, page, [0xffu8; PAGE_BYTES]);
		}
		for node in 0..n.saturating_sub(pages) {
			Nodes::<T>::insert(id, (1u8, node), [1u8; 32]);
		}
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		// Below the limit the call also finished the close and removed the record.
		assert_eq!(Registries::<T>::contains_key(id), n >= T::MaxRemovalsPerCall::get());
	}

	/// `n` Poseidon two-to-one hashes in the runtime (wasm): the cost of the hash the tree
	/// refresh is made of, for comparison with the native figure.
	#[benchmark]
	fn poseidon_hash2(n: Linear<1, 100>) {
		let mut acc = didimo_zk::status_tree::empty_node(0);
		let other = didimo_zk::status_tree::empty_node(1);
		#[block]
		{
			for _ in 0..n {
				acc = didimo_zk::poseidon::hash2(&acc, &other);
			}
		}
		assert_ne!(acc, other);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext().build(), crate::mock::Test);
}
