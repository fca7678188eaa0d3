//! Weights for `pallet_revocation`: replaced by `scripts/bench.sh pallet_revocation`.

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::ParityDbWeight, Weight},
};

/// The weight of each call of `pallet_revocation`.
pub trait WeightInfo {
	fn create_registry() -> Weight;
	fn revoke(n: u32) -> Weight;
	fn suspend(n: u32) -> Weight;
	fn reinstate(n: u32) -> Weight;
	fn add_delegate() -> Weight;
	fn remove_delegate() -> Weight;
	fn close(n: u32) -> Weight;
	fn poseidon_hash2(n: u32) -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn create_registry() -> Weight {
		Weight::from_parts(50_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(3, 5))
	}
	fn revoke(n: u32) -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(Weight::from_parts(1_000_000_000, 30000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads_writes(14, 14).saturating_mul(n.into()))
	}
	fn suspend(n: u32) -> Weight {
		Self::revoke(n)
	}
	fn reinstate(n: u32) -> Weight {
		Self::revoke(n)
	}
	fn add_delegate() -> Weight {
		Weight::from_parts(50_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(2, 1))
	}
	fn remove_delegate() -> Weight {
		Weight::from_parts(50_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	fn close(n: u32) -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads_writes(1, 1).saturating_mul(n.into()))
	}
	fn poseidon_hash2(n: u32) -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_mul(n.into())
	}
}

impl WeightInfo for () {
	fn create_registry() -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(ParityDbWeight::get().reads_writes(3, 5))
	}
	fn revoke(n: u32) -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(Weight::from_parts(1_000_000_000, 30000).saturating_mul(n.into()))
	}
	fn suspend(n: u32) -> Weight {
		Self::revoke(n)
	}
	fn reinstate(n: u32) -> Weight {
		Self::revoke(n)
	}
	fn add_delegate() -> Weight {
		Weight::from_parts(50_000_000, 4000)
	}
	fn remove_delegate() -> Weight {
		Weight::from_parts(50_000_000, 4000)
	}
	fn close(n: u32) -> Weight {
		Weight::from_parts(50_000_000, 4000).saturating_mul(n.into())
	}
	fn poseidon_hash2(n: u32) -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_mul(n.into())
	}
}
