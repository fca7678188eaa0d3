//! [`EnsureDid`]: the origin check other pallets use to require a DID-signed call whose key
//! holds a given relationship.

use core::marker::PhantomData;

use didimo_primitives::did::Relationship;
use frame_support::traits::{EnsureOrigin, Get};

use crate::{Config, DidRawOrigin};

/// Succeeds for a DID origin whose signing key was checked for the relationship `R`, and
/// yields the acting DID. For example, the revocation pallet requires
/// `EnsureDid<Runtime, AssertionMethod>` to issue or revoke.
pub struct EnsureDid<T, R>(PhantomData<(T, R)>);

impl<T, R, O> EnsureOrigin<O> for EnsureDid<T, R>
where
	T: Config,
	R: Get<Relationship>,
	O: Into<Result<DidRawOrigin<T::AccountId>, O>> + From<DidRawOrigin<T::AccountId>>,
{
	type Success = didimo_primitives::did::DidIdentifier;

	fn try_origin(o: O) -> Result<Self::Success, O> {
		EnsureDidWithSubmitter::<T, R>::try_origin(o).map(|origin| origin.did)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		EnsureDidWithSubmitter::<T, R>::try_successful_origin()
	}
}

/// Like [`EnsureDid`], but yields the whole origin: the DID, the submitting account and the
/// relationship.
pub struct EnsureDidWithSubmitter<T, R>(PhantomData<(T, R)>);

impl<T, R, O> EnsureOrigin<O> for EnsureDidWithSubmitter<T, R>
where
	T: Config,
	R: Get<Relationship>,
	O: Into<Result<DidRawOrigin<T::AccountId>, O>> + From<DidRawOrigin<T::AccountId>>,
{
	type Success = DidRawOrigin<T::AccountId>;

	fn try_origin(o: O) -> Result<Self::Success, O> {
		o.into().and_then(|origin| {
			if origin.relationship == R::get() {
				Ok(origin)
			} else {
				Err(O::from(origin))
			}
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		let submitter: T::AccountId = frame_benchmarking::whitelisted_caller();
		Ok(O::from(DidRawOrigin {
			did: sp_runtime::AccountId32::new([0u8; 32]),
			submitter,
			relationship: R::get(),
		}))
	}
}

/// Like [`EnsureDid`], but yields the DID and the submitting account (who pays deposits) as a
/// pair, so pallets can require a DID origin without depending on this crate's types.
pub struct EnsureDidAndSubmitter<T, R>(PhantomData<(T, R)>);

impl<T, R, O> EnsureOrigin<O> for EnsureDidAndSubmitter<T, R>
where
	T: Config,
	R: Get<Relationship>,
	O: Into<Result<DidRawOrigin<T::AccountId>, O>> + From<DidRawOrigin<T::AccountId>>,
{
	type Success = (didimo_primitives::did::DidIdentifier, T::AccountId);

	fn try_origin(o: O) -> Result<Self::Success, O> {
		EnsureDidWithSubmitter::<T, R>::try_origin(o).map(|origin| (origin.did, origin.submitter))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		EnsureDidWithSubmitter::<T, R>::try_successful_origin()
	}
}

/// The relationships as `Get` types, for [`EnsureDid`].
pub mod relationship {
	use super::*;

	macro_rules! relationship_type {
		($name:ident) => {
			#[doc = concat!("`Get<Relationship>` for [`Relationship::", stringify!($name), "`].")]
			pub struct $name;
			impl Get<Relationship> for $name {
				fn get() -> Relationship {
					Relationship::$name
				}
			}
		};
	}

	relationship_type!(Authentication);
	relationship_type!(AssertionMethod);
	relationship_type!(KeyAgreement);
	relationship_type!(CapabilityInvocation);
	relationship_type!(CapabilityDelegation);
}
