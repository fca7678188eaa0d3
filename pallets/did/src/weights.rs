//! Weights for `pallet_did`.
//!
//! NOT YET GENERATED: the benchmarks in `benchmarking.rs` produce this file through
//! `scripts/bench.sh` (the `benchmark pallet` command with the checked-in template). Until
//! they have run, the `()` implementation below charges a conservative flat cost per
//! database access so the pallet can be tested; it is not wired into the runtime.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::ParityDbWeight, Weight},
};

/// The weight of each call.
pub trait WeightInfo {
	fn create(k: u32, c: u32, s: u32) -> Weight;
	fn add_verification_method() -> Weight;
	fn remove_verification_method() -> Weight;
	fn set_relationships() -> Weight;
	fn rotate_key() -> Weight;
	fn add_controller() -> Weight;
	fn remove_controller() -> Weight;
	fn add_service() -> Weight;
	fn remove_service() -> Weight;
	fn deactivate(k: u32) -> Weight;
	fn submit_did_call() -> Weight;
}

impl WeightInfo for () {
	fn create(k: u32, _c: u32, _s: u32) -> Weight {
		ParityDbWeight::get().reads_writes(4, 3u64.saturating_add(k as u64))
	}
	fn add_verification_method() -> Weight {
		ParityDbWeight::get().reads_writes(3, 3)
	}
	fn remove_verification_method() -> Weight {
		ParityDbWeight::get().reads_writes(2, 3)
	}
	fn set_relationships() -> Weight {
		ParityDbWeight::get().reads_writes(3, 3)
	}
	fn rotate_key() -> Weight {
		ParityDbWeight::get().reads_writes(3, 3)
	}
	fn add_controller() -> Weight {
		ParityDbWeight::get().reads_writes(3, 2)
	}
	fn remove_controller() -> Weight {
		ParityDbWeight::get().reads_writes(2, 2)
	}
	fn add_service() -> Weight {
		ParityDbWeight::get().reads_writes(2, 2)
	}
	fn remove_service() -> Weight {
		ParityDbWeight::get().reads_writes(2, 2)
	}
	fn deactivate(k: u32) -> Weight {
		ParityDbWeight::get().reads_writes(2, 3u64.saturating_add(k as u64))
	}
	fn submit_did_call() -> Weight {
		ParityDbWeight::get().reads_writes(3, 1)
	}
}
