//! The reads behind the `DidApi` runtime API (`pallet_did_runtime_api`): each `api_<method>`
//! answers the runtime-API method of that name, so the runtime's `impl_runtime_apis!` only
//! forwards.

use alloc::vec::Vec;
use didimo_primitives::did::DidIdentifier;
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_did_runtime_api::{
	DidResolution, ResolvedDid, ResolvedMethod, ResolvedService, MAX_BATCH,
};

use crate::{AuthenticationKeys, BalanceOf, Config, Dids, Pallet, Tombstones};

/// What resolving a DID finds, with this runtime's types.
pub type DidResolutionOf<T> =
	DidResolution<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

impl<T: Config> Pallet<T> {
	/// `DidApi::resolve`: the DID's document and metadata, or the block it was deactivated
	/// in, or `NotFound`.
	pub fn api_resolve(did: &DidIdentifier) -> DidResolutionOf<T> {
		if let Some(at) = Tombstones::<T>::get(did) {
			return DidResolution::Deactivated { at };
		}
		let Some(record) = Dids::<T>::get(did) else { return DidResolution::NotFound };
		DidResolution::Active(ResolvedDid {
			methods: record
				.methods
				.into_iter()
				.map(|m| ResolvedMethod {
					id: m.id.into_inner(),
					key: m.key,
					relationships: m.relationships,
				})
				.collect(),
			controllers: record.controllers.into_inner(),
			services: record
				.services
				.into_iter()
				.map(|s| ResolvedService {
					id: s.id.into_inner(),
					types: s.types.into_iter().map(|t| t.into_inner()).collect(),
					endpoints: s.endpoints.into_iter().map(|e| e.into_inner()).collect(),
				})
				.collect(),
			owner: record.owner,
			deposit: record.deposit,
			counter: record.counter,
			created: record.created,
			updated: record.updated,
			version: record.version,
		})
	}

	/// `DidApi::resolve_many`: [`Self::api_resolve`] of the first [`MAX_BATCH`] DIDs, in order.
	pub fn api_resolve_many(dids: &[DidIdentifier]) -> Vec<DidResolutionOf<T>> {
		dids.iter().take(MAX_BATCH as usize).map(Self::api_resolve).collect()
	}

	/// `DidApi::did_of`: the DID whose authentication key stands for `account`.
	pub fn api_did_of(account: &DidIdentifier) -> Option<DidIdentifier> {
		AuthenticationKeys::<T>::get(account)
	}
}
