//! The reads behind the `RevocationApi` runtime API (`pallet_revocation_runtime_api`): each
//! `api_<method>` answers the runtime-API method of that name, so the runtime's
//! `impl_runtime_apis!` only forwards. Every answer names the block it was read at.

use alloc::vec::Vec;
use didimo_primitives::did::DidIdentifier;
use frame_support::traits::Get;
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_revocation_runtime_api::{
	RecentRoots, RegistryInfo, StatusAt, StatusList, Witness, MAX_REGISTRIES_PAGE,
};

use crate::{
	tree, BalanceOf, Config, IssuerRegistries, Pallet, Registries, RegistryId, RootHistory,
};

impl<T: Config> Pallet<T> {
	/// `RevocationApi::status`.
	pub fn api_status(registry: RegistryId, index: u32) -> StatusAt<BlockNumberFor<T>> {
		StatusAt {
			status: Self::status(registry, index),
			block: frame_system::Pallet::<T>::block_number(),
		}
	}

	/// `RevocationApi::registry`.
	pub fn api_registry(
		registry: RegistryId,
	) -> Option<RegistryInfo<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let record = Registries::<T>::get(registry)?;
		Some(RegistryInfo {
			issuer: record.issuer,
			purpose: record.purpose,
			capacity: record.capacity,
			delegates: record.delegates.into_inner(),
			depositor: record.depositor,
			deposit: record.deposit,
			set_count: record.set_count,
			root: record.root,
			created: record.created,
			updated: record.updated,
			closing: record.closing,
			block: frame_system::Pallet::<T>::block_number(),
		})
	}

	/// `RevocationApi::registries_of`: the registries an issuer owns, ids from `start` on, at
	/// most `min(limit, MAX_REGISTRIES_PAGE)`.
	pub fn api_registries_of(
		issuer: &DidIdentifier,
		start: RegistryId,
		limit: u32,
	) -> Vec<RegistryId> {
		let mut ids: Vec<RegistryId> =
			IssuerRegistries::<T>::iter_key_prefix(issuer).filter(|id| *id >= start).collect();
		ids.sort_unstable();
		ids.truncate(limit.min(MAX_REGISTRIES_PAGE) as usize);
		ids
	}

	/// `RevocationApi::status_list`.
	pub fn api_status_list(registry: RegistryId) -> Option<StatusList<BlockNumberFor<T>>> {
		let record = Self::live(registry)?;
		Some(StatusList {
			issuer: record.issuer,
			purpose: record.purpose,
			capacity: record.capacity,
			bits: tree::bitstring::<T>(registry, record.capacity),
			root: record.root,
			block: frame_system::Pallet::<T>::block_number(),
		})
	}

	/// `RevocationApi::witness`.
	pub fn api_witness(registry: RegistryId, index: u32) -> Option<Witness<BlockNumberFor<T>>> {
		let record = Self::live(registry).filter(|r| index < r.capacity)?;
		let (leaf, path) = tree::witness::<T>(registry, index).ok()?;
		Some(Witness {
			index,
			leaf: didimo_zk::field::to_bytes(&leaf),
			path: path.iter().map(didimo_zk::field::to_bytes).collect(),
			root: record.root,
			status: Self::status(registry, index),
			block: frame_system::Pallet::<T>::block_number(),
		})
	}

	/// `RevocationApi::recent_roots`.
	pub fn api_recent_roots(registry: RegistryId) -> Option<RecentRoots<BlockNumberFor<T>>> {
		Self::live(registry)?;
		Some(RecentRoots {
			roots: RootHistory::<T>::get(registry).into_inner(),
			freshness: T::RootFreshness::get(),
			block: frame_system::Pallet::<T>::block_number(),
		})
	}
}
