//! Verification requests: registration (validated once, content-addressed) and removal.

use didimo_primitives::{
	did::{DidIdentifier, DidRegistry},
	revocation::RevocationRegistries,
};
use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Saturating;

use crate::{
	present::{predicate, scalar},
	Circuits, Config, Error, Event, HoldReason, IssuerSpec, Lists, Pallet, PredicateSpec,
	RegistrySpec, Request, RequestId, RequestSpec, Requests, ScopeRequests, ATTRIBUTES,
};

impl<T: Config> Pallet<T> {
	/// Checks what `create_request` checks of a request's content.
	fn validate_request(
		verifier: &DidIdentifier,
		spec: &RequestSpec<BlockNumberFor<T>>,
	) -> DispatchResult {
		let circuit = Circuits::<T>::get(spec.version).ok_or(Error::<T>::UnknownCircuit)?;
		ensure!(circuit.retired_at.is_none(), Error::<T>::CircuitRetired);
		scalar(&spec.schema).map_err(|_| Error::<T>::NonCanonicalInput)?;
		ensure!(u32::from(spec.slot) < ATTRIBUTES, Error::<T>::InvalidSlot);
		match spec.predicate {
			PredicateSpec::Between(lo, hi) | PredicateSpec::NotBetween(lo, hi) => {
				ensure!(lo <= hi, Error::<T>::InvalidPredicate)
			},
			// A disclosure-only request names no slot.
			PredicateSpec::Noop => ensure!(spec.slot == 0, Error::<T>::InvalidSlot),
			_ => {},
		}
		// Version 1's circuit has no NOT BETWEEN, NOT IN or NOOP.
		if spec.version == 1 {
			ensure!(
				!matches!(
					spec.predicate,
					PredicateSpec::NotBetween(..) | PredicateSpec::NotIn(_) | PredicateSpec::Noop
				),
				Error::<T>::InvalidPredicate
			);
		}
		predicate(&spec.predicate).map_err(|_| Error::<T>::NonCanonicalInput)?;
		match &spec.issuer {
			IssuerSpec::Did(did) => ensure!(T::Dids::is_active(did), Error::<T>::UnknownIssuer),
			IssuerSpec::List(list) => {
				let list = Lists::<T>::get(list).ok_or(Error::<T>::UnknownList)?;
				// A request names one of its verifier's own lists: nobody else decides whom
				// it accepts.
				ensure!(list.owner == *verifier, Error::<T>::NotListOwner);
			},
		}
		if let RegistrySpec::Only(registries) = &spec.registries {
			ensure!(!registries.is_empty(), Error::<T>::InvalidRegistries);
			for registry in registries.iter() {
				ensure!(T::Registries::live(*registry).is_some(), Error::<T>::InvalidRegistries);
			}
		}
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			spec.expires_at > now
				&& spec.expires_at <= now.saturating_add(T::MaxRequestLifetime::get()),
			Error::<T>::InvalidExpiry
		);
		Ok(())
	}

	pub(crate) fn do_create_request(
		verifier: DidIdentifier,
		depositor: T::AccountId,
		spec: RequestSpec<BlockNumberFor<T>>,
	) -> Result<RequestId, DispatchError> {
		Self::validate_request(&verifier, &spec)?;
		let id = Self::request_id(&verifier, &spec);
		ensure!(!Requests::<T>::contains_key(id), Error::<T>::RequestExists);
		let deposit = T::RequestDeposit::get();
		Self::hold(HoldReason::RequestDeposit, &depositor, deposit)?;
		if let Some(scope) = spec.nullifier_scope {
			ScopeRequests::<T>::mutate((verifier.clone(), scope), |count| {
				*count = count.saturating_add(1)
			});
		}
		Requests::<T>::insert(
			id,
			Request {
				verifier: verifier.clone(),
				spec,
				depositor,
				deposit,
				created: frame_system::Pallet::<T>::block_number(),
			},
		);
		Self::deposit_event(Event::RequestCreated { request: id, verifier, deposit });
		Ok(id)
	}

	pub(crate) fn do_remove_request(id: RequestId, record: Request<T>) -> DispatchResult {
		Self::release(HoldReason::RequestDeposit, &record.depositor, record.deposit)?;
		if let Some(scope) = record.spec.nullifier_scope {
			ScopeRequests::<T>::mutate_exists((record.verifier.clone(), scope), |count| {
				*count = count.map(|n| n.saturating_sub(1)).filter(|n| *n > 0);
			});
		}
		Requests::<T>::remove(id);
		Self::deposit_event(Event::RequestRemoved { request: id, depositor: record.depositor });
		Ok(())
	}
}
