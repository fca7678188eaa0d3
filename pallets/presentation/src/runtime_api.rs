//! The reads behind the `PresentationApi` runtime API.

use alloc::vec::Vec;
use didimo_primitives::revocation::Digest;
use didimo_zk::field;
use frame_system::pallet_prelude::BlockNumberFor;

use crate::{
	BalanceOf, CircuitInfo, CircuitVersion, Circuits, Config, ListId, ListRoots, Lists, Pallet,
	PresentError, Presented, RequestId, RequestInfo, Requests, TrustedListInfo, VerifyError,
};

impl<T: Config> Pallet<T> {
	/// Every registered circuit version, in version order.
	pub fn api_circuits() -> Vec<CircuitInfo<BlockNumberFor<T>>> {
		let mut circuits: Vec<_> = Circuits::<T>::iter()
			.map(|(version, circuit)| CircuitInfo {
				version,
				key_hash: circuit.key_hash,
				registered_at: circuit.registered_at,
				retired_at: circuit.retired_at,
			})
			.collect();
		circuits.sort_by_key(|circuit| circuit.version);
		circuits
	}

	/// Whether `proof` verifies for `public_input` under circuit `version`.
	pub fn api_verify_proof(
		version: CircuitVersion,
		public_inputs: Vec<[u8; 32]>,
		proof: Vec<u8>,
	) -> Result<(), VerifyError> {
		let inputs = public_inputs
			.iter()
			.map(|input| field::from_bytes(input).map_err(|_| VerifyError::NonCanonicalInput))
			.collect::<Result<Vec<_>, _>>()?;
		Self::verify_proof(version, &inputs, &proof)
	}

	/// A trusted-issuer list with its slots' leaves and recent roots.
	pub fn api_trusted_list(list: ListId) -> Option<TrustedListInfo<BlockNumberFor<T>>> {
		let record = Lists::<T>::get(list)?;
		let tree = Self::tree(list)?;
		let leaves: Vec<Digest> = (0..didimo_zk::statement::ISSUER_CAPACITY)
			.filter_map(|slot| tree.leaf(slot))
			.map(|leaf| field::to_bytes(&leaf))
			.collect();
		Some(TrustedListInfo {
			owner: record.owner,
			issuers: record.issuers.into_inner(),
			leaves,
			roots: ListRoots::<T>::get(list).into_inner(),
		})
	}

	/// A verification request.
	pub fn api_request(
		request: RequestId,
	) -> Option<RequestInfo<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		Requests::<T>::get(request).map(|record| RequestInfo {
			verifier: record.verifier,
			spec: record.spec,
			depositor: record.depositor,
			deposit: record.deposit,
			created: record.created,
		})
	}

	/// The challenge of a presentation for `request` made for `nonce`.
	pub fn api_challenge(request: RequestId, nonce: [u8; 32]) -> [u8; 32] {
		field::to_bytes(&Self::nonce_challenge(&request, &nonce))
	}

	/// Checks a presentation for `request` made for `nonce`, as `present` would (with the
	/// nonce's challenge instead of the submitter's), without storing anything.
	pub fn api_verify(
		request: RequestId,
		proof: Vec<u8>,
		presented: Presented,
		nonce: [u8; 32],
	) -> Result<(), PresentError> {
		let challenge = Self::nonce_challenge(&request, &nonce);
		Self::check_presentation(&request, &proof, &presented, &challenge).map(|_| ())
	}
}
