//! Weights for `pallet_consent`: replaced by `scripts/bench.sh pallet_consent`.

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::ParityDbWeight, Weight},
};

/// The weight of each call of `pallet_consent`.
pub trait WeightInfo {
	fn grant(s: u32) -> Weight;
	fn narrow(s: u32) -> Weight;
	fn renew() -> Weight;
	fn revoke() -> Weight;
	fn revoke_grantee(n: u32) -> Weight;
	fn revoke_all(n: u32) -> Weight;
	fn decline() -> Weight;
	fn record_access() -> Weight;
	fn expire(n: u32) -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn grant(s: u32) -> Weight {
		Weight::from_parts(60_000_000, 8000)
			.saturating_add(Weight::from_parts(2_000_000, 300).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads_writes(8, 13))
	}
	fn narrow(s: u32) -> Weight {
		Weight::from_parts(40_000_000, 8000)
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads_writes(2, 2))
	}
	fn renew() -> Weight {
		Weight::from_parts(40_000_000, 8000).saturating_add(T::DbWeight::get().reads_writes(3, 2))
	}
	fn revoke() -> Weight {
		Weight::from_parts(40_000_000, 8000).saturating_add(T::DbWeight::get().reads_writes(2, 3))
	}
	fn revoke_grantee(n: u32) -> Weight {
		Weight::from_parts(30_000_000, 4000)
			.saturating_add(Weight::from_parts(40_000_000, 8000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().reads_writes(2, 3).saturating_mul(n.into()))
	}
	fn revoke_all(n: u32) -> Weight {
		Weight::from_parts(30_000_000, 4000)
			.saturating_add(Weight::from_parts(40_000_000, 8000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().reads_writes(2, 3).saturating_mul(n.into()))
	}
	fn decline() -> Weight {
		Weight::from_parts(40_000_000, 8000).saturating_add(T::DbWeight::get().reads_writes(2, 3))
	}
	fn record_access() -> Weight {
		Weight::from_parts(40_000_000, 8000).saturating_add(T::DbWeight::get().reads_writes(3, 2))
	}
	fn expire(n: u32) -> Weight {
		Weight::from_parts(30_000_000, 4000)
			.saturating_add(Weight::from_parts(60_000_000, 8000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().writes(1))
			.saturating_add(T::DbWeight::get().reads_writes(4, 8).saturating_mul(n.into()))
	}
}

impl WeightInfo for () {
	fn grant(s: u32) -> Weight {
		Weight::from_parts(60_000_000, 8000)
			.saturating_add(Weight::from_parts(2_000_000, 300).saturating_mul(s.into()))
			.saturating_add(ParityDbWeight::get().reads_writes(8, 13))
	}
	fn narrow(s: u32) -> Weight {
		Weight::from_parts(40_000_000, 8000)
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(s.into()))
	}
	fn renew() -> Weight {
		Weight::from_parts(40_000_000, 8000)
	}
	fn revoke() -> Weight {
		Weight::from_parts(40_000_000, 8000)
	}
	fn revoke_grantee(n: u32) -> Weight {
		Weight::from_parts(30_000_000, 4000)
			.saturating_add(Weight::from_parts(40_000_000, 8000).saturating_mul(n.into()))
	}
	fn revoke_all(n: u32) -> Weight {
		Weight::from_parts(30_000_000, 4000)
			.saturating_add(Weight::from_parts(40_000_000, 8000).saturating_mul(n.into()))
	}
	fn decline() -> Weight {
		Weight::from_parts(40_000_000, 8000)
	}
	fn record_access() -> Weight {
		Weight::from_parts(40_000_000, 8000)
	}
	fn expire(n: u32) -> Weight {
		Weight::from_parts(30_000_000, 4000)
			.saturating_add(Weight::from_parts(60_000_000, 8000).saturating_mul(n.into()))
	}
}
