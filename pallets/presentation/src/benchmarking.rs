//! Benchmarks (v2), each at its worst case: registration validates and prepares a real
//! verifying key (the development key of version 1); verification checks a real proof that
//! passes (every step runs), once through the host calls and once in plain wasm for
//! comparison.

use didimo_zk::field;
use frame_benchmarking::v2::*;
use frame_support::{traits::EnsureOrigin, BoundedVec};

use crate::*;

/// Removes version 1, which a development chain's genesis registers, so each benchmark
/// starts from the state it measures.
fn unregister<T: Config>() {
	Circuits::<T>::remove(1);
}

/// Registers the development key of version 1 afresh.
fn register_dev<T: Config>() -> Result<(), BenchmarkError> {
	unregister::<T>();
	Pallet::<T>::do_register(1, &dev::VERIFYING_KEY_V1)
		.map_err(|_| BenchmarkError::Stop("the development key registers"))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_circuit() -> Result<(), BenchmarkError> {
		let origin =
			T::CircuitOrigin::try_successful_origin().map_err(|()| BenchmarkError::Weightless)?;
		let key = BoundedVec::truncate_from(dev::VERIFYING_KEY_V1.to_vec());
		unregister::<T>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1, key);

		assert!(Circuits::<T>::contains_key(1));
		Ok(())
	}

	#[benchmark]
	fn retire_circuit() -> Result<(), BenchmarkError> {
		register_dev::<T>()?;
		let origin =
			T::CircuitOrigin::try_successful_origin().map_err(|()| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1);

		assert!(Circuits::<T>::get(1).is_some_and(|c| c.retired_at.is_some()));
		Ok(())
	}

	/// A valid compressed proof checked through [`Config::Engine`] (the host calls in the
	/// runtime): the stored key read and decoded, the proof decoded and validated, the
	/// pairing check.
	#[benchmark]
	fn verify_proof() -> Result<(), BenchmarkError> {
		register_dev::<T>()?;
		let input = field::from_bytes(&dev::PUBLIC_INPUT_V1)
			.map_err(|_| BenchmarkError::Stop("the fixture input is canonical"))?;
		let result;

		#[block]
		{
			result = Pallet::<T>::verify_proof(1, &input, &dev::PROOF_V1);
		}

		assert_eq!(result, Ok(()));
		Ok(())
	}

	/// [`verify_proof`] with the proof uncompressed (384 bytes): no square roots to decode.
	#[benchmark]
	fn verify_proof_uncompressed() -> Result<(), BenchmarkError> {
		register_dev::<T>()?;
		let input = field::from_bytes(&dev::PUBLIC_INPUT_V1)
			.map_err(|_| BenchmarkError::Stop("the fixture input is canonical"))?;
		let proof = didimo_zk::verifier::Proof::from_bytes(&dev::PROOF_V1)
			.map_err(|_| BenchmarkError::Stop("the fixture proof decodes"))?
			.to_uncompressed_bytes();
		let result;

		#[block]
		{
			result = Pallet::<T>::verify_proof(1, &input, &proof);
		}

		assert_eq!(result, Ok(()));
		Ok(())
	}

	/// [`verify_proof`] computed in plain wasm (arkworks' own engine), for comparison only.
	#[benchmark(extra)]
	fn verify_proof_plain_wasm() -> Result<(), BenchmarkError> {
		register_dev::<T>()?;
		let input = field::from_bytes(&dev::PUBLIC_INPUT_V1)
			.map_err(|_| BenchmarkError::Stop("the fixture input is canonical"))?;
		let result;

		#[block]
		{
			result = Pallet::<T>::verify_proof_with::<didimo_zk::verifier::ArkBls12_381>(
				1,
				&input,
				&dev::PROOF_V1,
			);
		}

		assert_eq!(result, Ok(()));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
