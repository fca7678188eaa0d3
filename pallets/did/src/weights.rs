//! Weights for `pallet_did`.
//!
//! PROVISIONAL: written by hand, not yet generated. `benchmarking.rs` has the v2 benchmarks
//! for every call, and `scripts/bench.sh pallet_did` regenerates this file from them through
//! `.maintain/frame-weight-template.hbs` (same shape as this file). Until then the weights
//! charge generously: 150 µs for each signature check, 25 µs of other compute per call, and
//! every storage access at the database's weight.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_did`.
pub trait WeightInfo {
	fn create(k: u32, c: u32, s: u32, ) -> Weight;
	fn add_verification_method() -> Weight;
	fn remove_verification_method() -> Weight;
	fn set_relationships() -> Weight;
	fn rotate_key() -> Weight;
	fn add_controller() -> Weight;
	fn remove_controller() -> Weight;
	fn add_service() -> Weight;
	fn remove_service() -> Weight;
	fn deactivate(k: u32, ) -> Weight;
	fn submit_did_call() -> Weight;
}

const SIGNATURE: u64 = 150_000_000;
const COMPUTE: u64 = 25_000_000;
const PER_ITEM: u64 = 5_000_000;
/// The largest record's proof size (methods, controllers and services at their bounds).
const RECORD_PROOF: u64 = 16_000;

fn weight<W: Get<frame_support::weights::RuntimeDbWeight>>(compute: u64, proof: u64, reads: u64, writes: u64) -> Weight {
	Weight::from_parts(compute, proof).saturating_add(W::get().reads_writes(reads, writes))
}

/// Provisional weights with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn create(k: u32, c: u32, s: u32, ) -> Weight {
		weight::<T::DbWeight>(SIGNATURE + COMPUTE + PER_ITEM * (k + c + s) as u64, RECORD_PROOF, 5 + (k + c) as u64, 3 + k as u64)
	}
	fn add_verification_method() -> Weight { weight::<T::DbWeight>(COMPUTE, RECORD_PROOF, 3, 3) }
	fn remove_verification_method() -> Weight { weight::<T::DbWeight>(COMPUTE, RECORD_PROOF, 2, 3) }
	fn set_relationships() -> Weight { weight::<T::DbWeight>(COMPUTE, RECORD_PROOF, 3, 3) }
	fn rotate_key() -> Weight { weight::<T::DbWeight>(COMPUTE, RECORD_PROOF, 3, 4) }
	fn add_controller() -> Weight { weight::<T::DbWeight>(COMPUTE, RECORD_PROOF * 2, 3, 2) }
	fn remove_controller() -> Weight { weight::<T::DbWeight>(COMPUTE, RECORD_PROOF, 2, 2) }
	fn add_service() -> Weight { weight::<T::DbWeight>(COMPUTE, RECORD_PROOF, 2, 2) }
	fn remove_service() -> Weight { weight::<T::DbWeight>(COMPUTE, RECORD_PROOF, 2, 2) }
	fn deactivate(k: u32, ) -> Weight { weight::<T::DbWeight>(COMPUTE + PER_ITEM * k as u64, RECORD_PROOF, 2, 3 + k as u64) }
	fn submit_did_call() -> Weight { weight::<T::DbWeight>(SIGNATURE + COMPUTE, RECORD_PROOF * 2, 4, 2) }
}

/// The same with ParityDb's database weights, for tests and mocks.
impl WeightInfo for () {
	fn create(k: u32, c: u32, s: u32, ) -> Weight {
		weight::<ParityDbWeight>(SIGNATURE + COMPUTE + PER_ITEM * (k + c + s) as u64, RECORD_PROOF, 5 + (k + c) as u64, 3 + k as u64)
	}
	fn add_verification_method() -> Weight { weight::<ParityDbWeight>(COMPUTE, RECORD_PROOF, 3, 3) }
	fn remove_verification_method() -> Weight { weight::<ParityDbWeight>(COMPUTE, RECORD_PROOF, 2, 3) }
	fn set_relationships() -> Weight { weight::<ParityDbWeight>(COMPUTE, RECORD_PROOF, 3, 3) }
	fn rotate_key() -> Weight { weight::<ParityDbWeight>(COMPUTE, RECORD_PROOF, 3, 4) }
	fn add_controller() -> Weight { weight::<ParityDbWeight>(COMPUTE, RECORD_PROOF * 2, 3, 2) }
	fn remove_controller() -> Weight { weight::<ParityDbWeight>(COMPUTE, RECORD_PROOF, 2, 2) }
	fn add_service() -> Weight { weight::<ParityDbWeight>(COMPUTE, RECORD_PROOF, 2, 2) }
	fn remove_service() -> Weight { weight::<ParityDbWeight>(COMPUTE, RECORD_PROOF, 2, 2) }
	fn deactivate(k: u32, ) -> Weight { weight::<ParityDbWeight>(COMPUTE + PER_ITEM * k as u64, RECORD_PROOF, 2, 3 + k as u64) }
	fn submit_did_call() -> Weight { weight::<ParityDbWeight>(SIGNATURE + COMPUTE, RECORD_PROOF * 2, 4, 2) }
}
