//! DID-signed calls: how [`Pallet::submit_did_call`] authorises them, the DID origin they are
//! dispatched with, and the origin checks other pallets use to require one.
//!
//! - [`EnsureDid`]: a DID origin whose key holds a relationship; yields the DID.
//! - [`EnsureDidWithDepositor`]: the same, yielding the DID and the account that submitted the
//!   call, which pays the deposits of whatever the call stores.
//! - [`EnsureDidOrigin`]: the same, yielding the whole [`DidRawOrigin`].
//! - [`relationship`]: the relationships as `Get` types for their `R` parameter.
//! - [`DidManagementCalls`]: which of this pallet's calls a DID may sign.

use core::marker::PhantomData;

use didimo_primitives::did::{DidIdentifier, DidSignature, Relationship};
use frame_support::{
	ensure,
	traits::{EnsureOrigin, Get, IsSubType},
};
use frame_system::pallet_prelude::{BlockNumberFor, OriginFor};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError,
};

use crate::{
	Call, Config, DidCallAuthorization, DidCallOperation, DidRawOrigin, Dids, Error, Origin, Pallet,
};

impl<T: Config> Pallet<T> {
	/// The genesis hash, which every DID signature binds so it is valid on this chain only.
	pub fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// Checks a DID-signed call submitted by `who` and returns the relationship its key was
	/// checked for. Nothing is written.
	pub(crate) fn authorize_did_call(
		who: &T::AccountId,
		operation: &DidCallOperation<T>,
		signature: &DidSignature,
	) -> Result<Relationship, DispatchError> {
		ensure!(who == &operation.submitter, Error::<T>::NotSubmitter);
		ensure!(
			operation.spec_version == <T as frame_system::Config>::Version::get().spec_version,
			Error::<T>::WrongSpecVersion
		);
		let record = Dids::<T>::get(&operation.did).ok_or(Error::<T>::NotFound)?;
		ensure!(operation.counter == record.counter.saturating_add(1), Error::<T>::BadCounter);
		let window = operation.valid_until.saturating_sub(operation.valid_from);
		ensure!(
			operation.valid_from <= operation.valid_until && window <= T::MaxValidityWindow::get(),
			Error::<T>::InvalidValidityWindow
		);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			operation.valid_from <= now && now <= operation.valid_until,
			Error::<T>::OutsideValidityWindow
		);
		let relationship = T::DidCallAuthorization::required_relationship(&operation.call)
			.ok_or(Error::<T>::CallNotAllowed)?;
		let signer_record = if operation.signer == operation.did {
			record
		} else {
			ensure!(record.controllers.contains(&operation.signer), Error::<T>::NotController);
			ensure!(
				relationship == Relationship::CapabilityInvocation,
				Error::<T>::ControllerCannotSign
			);
			Dids::<T>::get(&operation.signer).ok_or(Error::<T>::NotFound)?
		};
		let method = signer_record.method(&operation.key_id).ok_or(Error::<T>::KeyNotFound)?;
		let key = method.verification_key().ok_or(Error::<T>::NotASigningKey)?;
		ensure!(method.relationships.contains(relationship), Error::<T>::MissingRelationship);
		let payload = operation.signing_payload(&Self::genesis_hash());
		ensure!(key.verify_payload(&payload, signature), Error::<T>::InvalidSignature);
		Ok(relationship)
	}

	/// The DID origin of `origin`, which must hold `relationship`.
	pub(crate) fn ensure_did(
		origin: OriginFor<T>,
		relationship: Relationship,
	) -> Result<DidRawOrigin<T::AccountId>, DispatchError> {
		let outer = <T as Config>::RuntimeOrigin::from(origin);
		let did_origin: DidRawOrigin<T::AccountId> =
			Into::<Result<Origin<T>, <T as Config>::RuntimeOrigin>>::into(outer)
				.map_err(|_| DispatchError::BadOrigin)?;
		ensure!(did_origin.relationship == relationship, Error::<T>::WrongRelationship);
		Ok(did_origin)
	}
}

/// Lets DIDs sign this pallet's own DID-document updates: they need `capabilityInvocation`.
/// `create` and `submit_did_call` cannot be DID-signed. Runtimes combine this with their other
/// pallets' rules.
pub struct DidManagementCalls<T>(PhantomData<T>);

impl<T: Config> DidCallAuthorization<<T as Config>::RuntimeCall> for DidManagementCalls<T> {
	fn required_relationship(call: &<T as Config>::RuntimeCall) -> Option<Relationship> {
		match call.is_sub_type()? {
			Call::add_verification_method { .. }
			| Call::remove_verification_method { .. }
			| Call::set_relationships { .. }
			| Call::rotate_key { .. }
			| Call::add_controller { .. }
			| Call::remove_controller { .. }
			| Call::add_service { .. }
			| Call::remove_service { .. }
			| Call::deactivate { .. } => Some(Relationship::CapabilityInvocation),
			_ => None,
		}
	}
}

/// Succeeds for a DID origin whose signing key was checked for the relationship `R`, and
/// yields the whole origin: the DID, the submitting account and the relationship.
pub struct EnsureDidOrigin<T, R>(PhantomData<(T, R)>);

impl<T, R, O> EnsureOrigin<O> for EnsureDidOrigin<T, R>
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

/// Like [`EnsureDidOrigin`], yielding only the acting DID. For example, a pallet that needs
/// an issuer requires `EnsureDid<Runtime, relationship::AssertionMethod>`.
pub struct EnsureDid<T, R>(PhantomData<(T, R)>);

impl<T, R, O> EnsureOrigin<O> for EnsureDid<T, R>
where
	T: Config,
	R: Get<Relationship>,
	O: Into<Result<DidRawOrigin<T::AccountId>, O>> + From<DidRawOrigin<T::AccountId>>,
{
	type Success = DidIdentifier;

	fn try_origin(o: O) -> Result<Self::Success, O> {
		EnsureDidOrigin::<T, R>::try_origin(o).map(|origin| origin.did)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		EnsureDidOrigin::<T, R>::try_successful_origin()
	}
}

/// Like [`EnsureDidOrigin`], yielding the acting DID and the account that submitted the call
/// (and so pays the deposits of what the call stores), as a pair: pallets can require a DID
/// origin without depending on this crate's types.
pub struct EnsureDidWithDepositor<T, R>(PhantomData<(T, R)>);

impl<T, R, O> EnsureOrigin<O> for EnsureDidWithDepositor<T, R>
where
	T: Config,
	R: Get<Relationship>,
	O: Into<Result<DidRawOrigin<T::AccountId>, O>> + From<DidRawOrigin<T::AccountId>>,
{
	type Success = (DidIdentifier, T::AccountId);

	fn try_origin(o: O) -> Result<Self::Success, O> {
		EnsureDidOrigin::<T, R>::try_origin(o).map(|origin| (origin.did, origin.submitter))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		EnsureDidOrigin::<T, R>::try_successful_origin()
	}
}

/// The relationships as `Get` types, for the origin checks' `R` parameter.
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
