//! Benchmarks (v2) for every call, each at its worst case: scopes and byte fields at their
//! bounds, the matching scope last, histories full (so every entry appended first drops the
//! oldest access), a full pair of ended grants for `grant` (which then purges one), grants
//! that are both marked and purged for `expire`, and for `purge` grants of distinct pairs and
//! depositors whose DIDs are both read.

use alloc::vec::Vec;
use didimo_primitives::did::DidIdentifier;
use frame_benchmarking::v2::*;
use frame_support::traits::UnfilteredDispatchable;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin, Get,
	},
	BoundedVec,
};
use frame_system::{offchain::SignedPayload, pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::traits::{Bounded, Saturating};

use crate::*;

/// Chain time the benchmarks start at: 1 January 2025, 00:00 UTC.
const T0: Moment = 1_735_689_600_000;
const DAY: Moment = 86_400_000;

/// The DID and account an origin stands for, made active and funded.
fn actor<T: Config, O: EnsureOrigin<T::RuntimeOrigin, Success = (DidIdentifier, T::AccountId)>>(
) -> (T::RuntimeOrigin, DidIdentifier, T::AccountId) {
	let origin = O::try_successful_origin().expect("the DID origin can be built");
	let (did, submitter) = O::try_origin(origin.clone()).ok().expect("the origin is a DID origin");
	T::BenchmarkHelper::activate_did(&did, submitter.clone());
	T::Currency::set_balance(&submitter, BalanceOf::<T>::max_value() / 4u32.into());
	T::BenchmarkHelper::set_time(T0);
	(origin, did, submitter)
}

/// An active DID other than the origins' (theirs is all zeros).
fn other_did<T: Config>(n: u32, owner: &T::AccountId) -> DidIdentifier {
	let mut raw = [0xeeu8; 32];
	raw[..4].copy_from_slice(&n.to_le_bytes());
	let did = DidIdentifier::new(raw);
	T::BenchmarkHelper::activate_did(&did, owner.clone());
	did
}

/// A byte field at its bound, distinct per `tag`.
fn field<S: Get<u32>>(tag: u32) -> BoundedVec<u8, S> {
	let mut raw = alloc::vec![b'x'; S::get() as usize];
	for (byte, tag_byte) in raw.iter_mut().zip(tag.to_le_bytes()) {
		*byte = tag_byte;
	}
	BoundedVec::truncate_from(raw)
}

/// `n` scopes with every field at its bound, allowing every action.
fn full_scopes<T: Config>(n: u32) -> Scopes<T> {
	BoundedVec::truncate_from(
		(0..n)
			.map(|i| Scope {
				category: field::<T::MaxCategoryLength>(i),
				actions: Actions(Actions::ALL),
				purpose: field::<T::MaxPurposeLength>(0),
			})
			.collect::<Vec<_>>(),
	)
}

/// A grant of `MaxScopes` full scopes from `subject` to `grantee`, valid for a day from T0.
fn give<T: Config>(
	subject: &DidIdentifier,
	submitter: &T::AccountId,
	grantee: &DidIdentifier,
	scopes: u32,
) -> GrantId {
	Pallet::<T>::do_grant(
		subject.clone(),
		submitter.clone(),
		grantee.clone(),
		full_scopes::<T>(scopes),
		(T0, T0 + DAY),
		[1u8; 32],
		field::<T::MaxJurisdictionLength>(0),
		field::<T::MaxPolicyLength>(0),
	)
	.expect("the grant can be given")
}

/// Fills a grant's history with accesses.
fn fill_history<T: Config>(id: GrantId) {
	let block = frame_system::Pallet::<T>::block_number();
	let mut added = 0u64;
	Histories::<T>::mutate(id, |history| {
		while !history.is_full() {
			let entry = HistoryEntry {
				event: Lifecycle::Accessed { scope: 0, action: Action::Read },
				block,
				at: T0,
			};
			if history.try_push(entry).is_err() {
				break;
			}
			added += 1;
		}
	});
	Grants::<T>::mutate(id, |grant| {
		if let Some(grant) = grant {
			grant.accesses = grant.accesses.saturating_add(added);
		}
	});
}

/// A fresh authority key in the benchmark keystore, as the pallet's `Public`.
fn authority<T: Config>() -> T::Public {
	didimo_primitives::offchain::authority::generate_key::<T, T::AuthorityId>()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `s` scopes; the pair is full of ended grants, so one is purged first.
	#[benchmark]
	fn grant(s: Linear<1, { T::MaxScopes::get() }>) {
		let (origin, subject, submitter) = actor::<T, T::SubjectOrigin>();
		let grantee = other_did::<T>(1, &submitter);
		for _ in 0..T::MaxGrantsPerPair::get() {
			let id = give::<T>(&subject, &submitter, &grantee, T::MaxScopes::get());
			fill_history::<T>(id);
			Pallet::<T>::revoke(origin.clone(), id).expect("revocable");
		}
		let id = NextGrantId::<T>::get();

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			grantee,
			full_scopes::<T>(s),
			T0,
			T0 + DAY,
			[2u8; 32],
			field::<T::MaxJurisdictionLength>(1),
			field::<T::MaxPolicyLength>(1),
		);

		assert_eq!(Grants::<T>::get(id).map(|g| g.subject), Some(subject));
	}

	/// `s` scopes kept out of `MaxScopes`, each with fewer actions, and an earlier end.
	#[benchmark]
	fn narrow(s: Linear<1, { T::MaxScopes::get() }>) {
		let (origin, subject, submitter) = actor::<T, T::SubjectOrigin>();
		let grantee = other_did::<T>(1, &submitter);
		let id = give::<T>(&subject, &submitter, &grantee, T::MaxScopes::get());
		fill_history::<T>(id);
		let mut kept = full_scopes::<T>(s);
		for scope in kept.iter_mut() {
			scope.actions = Actions(Actions::READ);
		}

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, Some(kept), Some(T0 + DAY - 1));

		assert_eq!(Grants::<T>::get(id).map(|g| g.valid_until), Some(T0 + DAY - 1));
	}

	#[benchmark]
	fn renew() {
		let (origin, subject, submitter) = actor::<T, T::SubjectOrigin>();
		let grantee = other_did::<T>(1, &submitter);
		let id = give::<T>(&subject, &submitter, &grantee, T::MaxScopes::get());
		fill_history::<T>(id);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, T0 + 2 * DAY);

		assert_eq!(Grants::<T>::get(id).map(|g| g.valid_until), Some(T0 + 2 * DAY));
	}

	#[benchmark]
	fn revoke() {
		let (origin, subject, submitter) = actor::<T, T::SubjectOrigin>();
		let grantee = other_did::<T>(1, &submitter);
		let id = give::<T>(&subject, &submitter, &grantee, T::MaxScopes::get());
		fill_history::<T>(id);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert!(Grants::<T>::get(id).is_some_and(|g| g.status != GrantStatus::Open));
	}

	/// `n` open grants in the pair.
	#[benchmark]
	fn revoke_grantee(n: Linear<1, { T::MaxGrantsPerPair::get() }>) {
		let (origin, subject, submitter) = actor::<T, T::SubjectOrigin>();
		let grantee = other_did::<T>(1, &submitter);
		let ids: Vec<GrantId> = (0..n)
			.map(|_| {
				let id = give::<T>(&subject, &submitter, &grantee, T::MaxScopes::get());
				fill_history::<T>(id);
				id
			})
			.collect();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, grantee);

		assert!(ids.iter().all(|id| !OpenGrants::<T>::contains_key(&subject, id)));
	}

	/// `n` open grants, all ended by the call.
	#[benchmark]
	fn revoke_all(n: Linear<1, { T::MaxRevocationsPerCall::get() }>) {
		let (origin, subject, submitter) = actor::<T, T::SubjectOrigin>();
		let per_pair = T::MaxGrantsPerPair::get();
		for i in 0..n {
			let grantee = other_did::<T>(i / per_pair, &submitter);
			let id = give::<T>(&subject, &submitter, &grantee, T::MaxScopes::get());
			fill_history::<T>(id);
		}

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin);

		assert_eq!(OpenGrants::<T>::iter_prefix(&subject).count(), 0);
	}

	#[benchmark]
	fn decline() {
		let (origin, grantee, submitter) = actor::<T, T::GranteeOrigin>();
		let subject = other_did::<T>(1, &submitter);
		let id = give::<T>(&subject, &submitter, &grantee, T::MaxScopes::get());
		fill_history::<T>(id);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert!(Grants::<T>::get(id).is_some_and(|g| g.status != GrantStatus::Open));
	}

	/// The last of `MaxScopes` scopes matches; the history is full.
	#[benchmark]
	fn record_access() {
		let (origin, grantee, submitter) = actor::<T, T::GranteeOrigin>();
		let subject = other_did::<T>(1, &submitter);
		let id = give::<T>(&subject, &submitter, &grantee, T::MaxScopes::get());
		fill_history::<T>(id);
		let last = T::MaxScopes::get() - 1;
		let before = Grants::<T>::get(id).map_or(0, |g| g.accesses);

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			id,
			field::<T::MaxCategoryLength>(last),
			Action::Derive,
			field::<T::MaxPurposeLength>(0),
		);

		assert_eq!(Grants::<T>::get(id).map(|g| g.accesses), Some(before + 1));
	}

	/// `n` open grants that ran out more than `EndedRetention` ago: each is marked expired
	/// and purged. The measured block is what a block author runs for the transaction: its
	/// unsigned validation (the authority set read in full with the signer last, a real
	/// signature checked, every listed grant read and sorted for duplicates), then the call.
	#[benchmark]
	fn expire(n: Linear<1, { T::MaxExpiriesPerTx::get() }>) -> Result<(), BenchmarkError> {
		let (_, subject, submitter) = actor::<T, T::SubjectOrigin>();
		let per_pair = T::MaxGrantsPerPair::get();
		let ids: Vec<GrantId> = (0..n)
			.map(|i| {
				let grantee = other_did::<T>(i / per_pair, &submitter);
				let id = give::<T>(&subject, &submitter, &grantee, T::MaxScopes::get());
				fill_history::<T>(id);
				id
			})
			.collect();
		T::BenchmarkHelper::set_time(
			T0.saturating_add(DAY).saturating_add(T::EndedRetention::get()),
		);
		let public = authority::<T>();
		T::BenchmarkHelper::set_last_authority(public.clone());
		let block: BlockNumberFor<T> = frame_system::Pallet::<T>::block_number();
		let payload = ExpiryPayload::<T> {
			block_number: block,
			grants: BoundedVec::truncate_from(ids.clone()),
			public,
		};
		let signature = payload
			.sign::<T::AuthorityId>()
			.ok_or(BenchmarkError::Stop("the benchmark keystore cannot sign"))?;
		let call = Call::<T>::expire { payload: payload.clone(), signature: signature.clone() };

		#[block]
		{
			// What `ValidateUnsigned` runs for `expire`, in the pool and again in the block.
			Pallet::<T>::validate_expiry(&payload, &signature)
				.map_err(|_| BenchmarkError::Stop("the expiry transaction is invalid"))?;
			call.dispatch_bypass_filter(RawOrigin::None.into())
				.map_err(|_| BenchmarkError::Stop("expire failed"))?;
		}

		assert!(ids.iter().all(|id| !Grants::<T>::contains_key(id)));
		Ok(())
	}

	/// `n` open grants that ran out `EndedRetention` ago, each to its own grantee and paid by
	/// its own account, with every DID active (so `purge` reads both DIDs of each, then ends
	/// and purges it, releasing a hold on a distinct account). The caller is a stranger.
	#[benchmark]
	fn purge(n: Linear<1, { T::MaxPurgesPerCall::get() }>) {
		let (_, subject, submitter) = actor::<T, T::SubjectOrigin>();
		let funds = Pallet::<T>::deposit_for(T::MaxScopes::get())
			.saturating_mul(4u32.into())
			.saturating_add(T::Currency::minimum_balance());
		let ids: Vec<GrantId> = (0..n)
			.map(|i| {
				let depositor: T::AccountId = account("depositor", i, 0);
				T::Currency::set_balance(&depositor, funds);
				let grantee = other_did::<T>(i, &submitter);
				give::<T>(&subject, &depositor, &grantee, T::MaxScopes::get())
			})
			.collect();
		T::BenchmarkHelper::set_time(
			T0.saturating_add(DAY).saturating_add(T::EndedRetention::get()),
		);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), BoundedVec::truncate_from(ids.clone()));

		assert!(ids.iter().all(|id| !Grants::<T>::contains_key(id)));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext().build(), crate::mock::Test);
}
