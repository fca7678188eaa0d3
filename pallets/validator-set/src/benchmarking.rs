//! Benchmarks (v2) for every call, each at its worst case: a set one short of (or at)
//! `MaxValidators`, so membership scans read and compare every entry.

use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};

use crate::*;

/// `n` validators, stored as the set.
fn fill<T: Config>(n: u32) -> Vec<T::AccountId> {
	let validators: Vec<T::AccountId> = (0..n).map(|i| account("validator", i, 0)).collect();
	Validators::<T>::put(
		BoundedVec::try_from(validators.clone()).expect("no more than MaxValidators"),
	);
	validators
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn add_validator() -> Result<(), BenchmarkError> {
		fill::<T>(T::MaxValidators::get().saturating_sub(1));
		let who: T::AccountId = account("new", 0, 0);
		T::BenchmarkHelper::register_keys(&who);
		let origin =
			T::ManageOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Validators::<T>::get().contains(&who));
		Ok(())
	}

	#[benchmark]
	fn remove_validator() -> Result<(), BenchmarkError> {
		let validators = fill::<T>(T::MaxValidators::get());
		let who = validators.last().cloned().ok_or(BenchmarkError::Weightless)?;
		let origin =
			T::ManageOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Validators::<T>::get().contains(&who));
		Ok(())
	}

	#[benchmark]
	fn set_session_length() -> Result<(), BenchmarkError> {
		let origin =
			T::ManageOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let blocks = T::MaxSessionLength::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, blocks);

		assert_eq!(SessionLength::<T>::get(), blocks);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext().build(), crate::mock::Test);
}
