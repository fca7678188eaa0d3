//! The presentation check: the statement rebuilt from a request, chain state and what the
//! holder presented, and the proof verified against it. `present` and the `verify` runtime
//! API share it; they differ only in the challenge (see `docs/presentation.md`).

use codec::Encode;
use didimo_primitives::{
	did::{DidIdentifier, DidRegistry},
	revocation::{Digest, RevocationRegistries},
};
use didimo_zk::{
	eddsa::PublicKey,
	field,
	statement::{Issuer, Predicate, Statement},
	Fr, Version,
};
use frame_support::ensure;
use frame_support::traits::{Get, UnixTime};
use sp_io::hashing::blake2_256;

use alloc::vec::Vec;
use frame_system::pallet_prelude::BlockNumberFor;

use crate::{
	Circuit, Config, IssuerSpec, Lists, Nullifiers, Pallet, PredicateSpec, PresentError, Presented,
	RegistrySpec, RequestId, RequestSpec, Requests, ATTRIBUTES,
};

/// The domain of request ids.
pub const REQUEST_DOMAIN: &[u8] = b"didimo:presentation-request:v1";
/// The domain of the challenge `present` derives from the submitting account.
pub const CHAIN_CHALLENGE_DOMAIN: &[u8] = b"didimo:presentation-challenge:chain";
/// The domain of the challenge derived from a verifier's nonce (off chain).
pub const NONCE_CHALLENGE_DOMAIN: &[u8] = b"didimo:presentation-challenge:nonce";
/// The domain of a nullifier scope's statement value.
pub const SCOPE_DOMAIN: &[u8] = b"didimo:nullifier-scope";
/// The domain of the statement scope of a request without a nullifier scope.
pub const REQUEST_SCOPE_DOMAIN: &[u8] = b"didimo:request-scope";

/// BLAKE2b-256 of the concatenation of `parts`.
fn hash(parts: &[&[u8]]) -> [u8; 32] {
	blake2_256(&parts.concat())
}

/// What a presentation that passed the check leaves to its caller.
pub(crate) struct Checked {
	/// The request's verifier.
	pub verifier: DidIdentifier,
	/// The request's nullifier scope, if it has one: the nullifier must then be stored.
	pub scope: Option<Digest>,
	/// The request's circuit version.
	pub version: Version,
}

/// A presentation whose statement the rules accepted: everything but the Groth16 check,
/// which [`Pallet::presentation_statement`]'s callers make on an engine of their choice (the
/// runtime on the host calls; the node natively, with keys it keeps prepared).
pub struct StatementChecked<T: Config> {
	/// The live circuit of the request's version: its key and key hash.
	pub circuit: Circuit<BlockNumberFor<T>>,
	/// The statement's public inputs, as many as the circuit version has.
	pub inputs: Vec<Fr>,
	/// The request's verifier.
	pub verifier: DidIdentifier,
	/// The request's nullifier scope, if it has one.
	pub scope: Option<Digest>,
	/// The request's circuit version.
	pub version: Version,
	/// The request's disclosure mask (bit `i`: slot `i` is disclosed).
	pub disclose: u8,
}

impl<T: Config> Pallet<T> {
	/// The id of `spec` registered by `verifier`: BLAKE2b-256 of
	/// `b"didimo:presentation-request:v1" ++ SCALE(verifier) ++ SCALE(spec)`.
	pub fn request_id(verifier: &DidIdentifier, spec: &RequestSpec<impl Encode>) -> RequestId {
		hash(&[REQUEST_DOMAIN, &verifier.encode(), &spec.encode()])
	}

	/// The challenge of a presentation submitted on chain by `submitter`:
	/// BLAKE2b-256 of `b"didimo:presentation-challenge:chain" ++ request ++ SCALE(submitter)`
	/// as a scalar (`field::from_digest`: top three bits cleared). A proof copied from the
	/// transaction pool fails for any other submitter.
	pub fn chain_challenge(request: &RequestId, submitter: &T::AccountId) -> Fr {
		field::from_digest(hash(&[CHAIN_CHALLENGE_DOMAIN, request, &submitter.encode()]))
	}

	/// The challenge of a presentation made for a verifier's `nonce`, checked off chain:
	/// BLAKE2b-256 of `b"didimo:presentation-challenge:nonce" ++ request ++ nonce` as a
	/// scalar. A presentation made for one verifier's nonce fails for another's.
	pub fn nonce_challenge(request: &RequestId, nonce: &[u8; 32]) -> Fr {
		field::from_digest(hash(&[NONCE_CHALLENGE_DOMAIN, request, nonce]))
	}

	/// The statement's scope: for a request with nullifier scope `s`, BLAKE2b-256 of
	/// `b"didimo:nullifier-scope" ++ SCALE(verifier) ++ s` as a scalar, so verifiers' scopes
	/// never collide; without one, BLAKE2b-256 of `b"didimo:request-scope" ++ request`.
	pub fn statement_scope(
		verifier: &DidIdentifier,
		scope: Option<&Digest>,
		request: &RequestId,
	) -> Fr {
		match scope {
			Some(scope) => field::from_digest(hash(&[SCOPE_DOMAIN, &verifier.encode(), scope])),
			None => field::from_digest(hash(&[REQUEST_SCOPE_DOMAIN, request])),
		}
	}

	/// Rebuilds the statement of a presentation for `request_id` with `challenge` and checks
	/// `proof` against it. Reads only; the caller stores the nullifier.
	pub(crate) fn check_presentation(
		request_id: &RequestId,
		proof: &[u8],
		presented: &Presented,
		challenge: &Fr,
	) -> Result<Checked, PresentError> {
		let checked = Self::presentation_statement(request_id, presented, challenge)?;
		Self::verify_with_circuit::<T::Engine>(&checked.circuit, &checked.inputs, proof)?;
		Ok(Checked { verifier: checked.verifier, scope: checked.scope, version: checked.version })
	}

	/// The rules of a presentation, without its proof: rebuilds the statement of a
	/// presentation for `request_id` with `challenge` from the request, chain state and
	/// `presented`, and answers its public inputs and the circuit to check the proof with
	/// ([`Self::verify_with_circuit`]), or why the presentation fails whatever its proof.
	/// `present`, the `verify` runtime API and the node's native verification all use it, so
	/// there is one implementation of the rules. Reads only.
	pub fn presentation_statement(
		request_id: &RequestId,
		presented: &Presented,
		challenge: &Fr,
	) -> Result<StatementChecked<T>, PresentError> {
		let request = Requests::<T>::get(request_id).ok_or(PresentError::UnknownRequest)?;
		let spec = &request.spec;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now < spec.expires_at, PresentError::RequestExpired);
		// Read once: checked here, before anything costly, and used for the proof below.
		let circuit = Self::live_circuit(spec.version)?;
		// `register_circuit` admits only versions this runtime knows.
		let version = Version::from_number(spec.version).ok_or(PresentError::UnknownCircuit)?;

		// The time window.
		let chain_time = T::Time::now().as_secs();
		ensure!(
			presented.time.saturating_add(spec.max_age) >= chain_time,
			PresentError::PresentationTooOld
		);
		ensure!(
			presented.time <= chain_time.saturating_add(T::MaxClockSkew::get()),
			PresentError::PresentationInFuture
		);

		// Disclosure: one value per bit of the mask, in slot order.
		ensure!(
			presented.disclosed.len() == spec.disclose.count_ones() as usize,
			PresentError::WrongDisclosure
		);
		let mut disclosed = [None; ATTRIBUTES as usize];
		let mut values = presented.disclosed.iter();
		for (slot, entry) in disclosed.iter_mut().enumerate() {
			if spec.disclose & (1 << slot) != 0 {
				let value = values.next().ok_or(PresentError::WrongDisclosure)?;
				*entry = Some(scalar(value)?);
			}
		}

		// The issuer: one DID's current key, or a list root the list accepts.
		let list = match &spec.issuer {
			IssuerSpec::List(list) => Some(Lists::<T>::get(list).ok_or(PresentError::UnknownList)?),
			IssuerSpec::Did(_) => None,
		};
		let issuer = match &spec.issuer {
			IssuerSpec::Did(did) => {
				ensure!(presented.issuer_root.is_none(), PresentError::IssuerRootNotAccepted);
				let key = T::Dids::zk_issuer_key(did).ok_or(PresentError::IssuerKeyUnavailable)?;
				// The DID registry validates every zero-knowledge key it stores
				// (`Config::ZkKeys`), so the subgroup check is not repeated here.
				let key = PublicKey::from_trusted_bytes(&key.0)
					.map_err(|_| PresentError::IssuerKeyUnavailable)?;
				Issuer::Key(key)
			},
			IssuerSpec::List(list) => {
				let root = presented.issuer_root.ok_or(PresentError::IssuerRootNotAccepted)?;
				ensure!(Self::list_accepts_root(*list, &root), PresentError::IssuerRootNotAccepted);
				Issuer::Trusted(scalar(&root)?)
			},
		};

		// The registry: one the request accepts, live, and the root one it accepts. Read once:
		// its issuer decides acceptance, its capacity is version 2's statement value.
		let live = T::Registries::live(presented.registry);
		let registry_issuer = live.as_ref().map(|record| record.issuer.clone());
		let accepted = match &spec.registries {
			RegistrySpec::Only(registries) => {
				registries.contains(&presented.registry) && registry_issuer.is_some()
			},
			RegistrySpec::OfAcceptedIssuer => match (&spec.issuer, registry_issuer) {
				(_, None) => false,
				(IssuerSpec::Did(did), Some(owner)) => *did == owner,
				(IssuerSpec::List(_), Some(owner)) => {
					list.as_ref().is_some_and(|record| Self::in_list(record, &owner))
				},
			},
		};
		ensure!(accepted, PresentError::RegistryNotAccepted);
		ensure!(
			T::Registries::accepts_root(presented.registry, &presented.revocation_root),
			PresentError::RevocationRootNotAccepted
		);

		// The nullifier: unused in the scope, if the request has one.
		if let Some(scope) = &spec.nullifier_scope {
			// Read, not `contains_key`: a light client's call proof then holds the value,
			// which smoldot needs to answer an existence check (see `pallet_did`'s
			// `is_active`).
			ensure!(
				Nullifiers::<T>::get((request.verifier.clone(), *scope), presented.nullifier)
					.is_none(),
				PresentError::NullifierUsed
			);
		}

		// Version 2 states the registry's capacity (accepted above, so it is live).
		let capacity = match version {
			Version::V1 => 0,
			Version::V2 => {
				live.map(|record| record.capacity).ok_or(PresentError::RegistryNotAccepted)?
			},
		};
		let statement = Statement {
			version,
			issuer,
			schema: scalar(&spec.schema)?,
			time: presented.time,
			registry_id: presented.registry,
			revocation_root: scalar(&presented.revocation_root)?,
			capacity,
			slot: spec.slot,
			predicate: predicate(&spec.predicate)?,
			disclosed,
			challenge: *challenge,
			scope: Self::statement_scope(
				&request.verifier,
				spec.nullifier_scope.as_ref(),
				request_id,
			),
			nullifier: scalar(&presented.nullifier)?,
		};
		// The statement's public inputs, by circuit version: version 1 hashes the statement
		// (`Statement::hash`, Poseidon in wasm), version 2 is its 22 values. `create_request`
		// refused what the version cannot state (slots, operators, ranges) and registries
		// have a capacity of 1 to 2^20, so the statement is well formed; a failure here
		// would be corrupt state, and verifies nothing.
		let inputs = statement.public_inputs().map_err(|_| PresentError::ProofRejected)?;
		Ok(StatementChecked {
			circuit,
			inputs,
			verifier: request.verifier,
			scope: spec.nullifier_scope,
			version,
			disclose: spec.disclose,
		})
	}

	/// Whether `nullifier` is used in `request`'s nullifier scope, or `None` if the request
	/// is unknown or keeps no nullifiers.
	pub fn nullifier_used(request: &RequestId, nullifier: &Digest) -> Option<bool> {
		let record = Requests::<T>::get(request)?;
		let scope = record.spec.nullifier_scope?;
		// Read, not `contains_key`, for light clients' call proofs (see `present`).
		Some(Nullifiers::<T>::get((record.verifier, scope), nullifier).is_some())
	}
}

/// A canonical scalar, or [`PresentError::NonCanonicalValue`].
pub(crate) fn scalar(bytes: &Digest) -> Result<Fr, PresentError> {
	field::from_bytes(bytes).map_err(|_| PresentError::NonCanonicalValue)
}

/// The statement's predicate for a request's.
pub fn predicate(spec: &PredicateSpec) -> Result<Predicate, PresentError> {
	Ok(match *spec {
		PredicateSpec::Eq(x) => Predicate::Eq(scalar(&x)?),
		PredicateSpec::Ne(x) => Predicate::Ne(scalar(&x)?),
		PredicateSpec::Lt(x) => Predicate::Lt(x),
		PredicateSpec::Lte(x) => Predicate::Lte(x),
		PredicateSpec::Gt(x) => Predicate::Gt(x),
		PredicateSpec::Gte(x) => Predicate::Gte(x),
		PredicateSpec::Between(lo, hi) => Predicate::Between(lo, hi),
		PredicateSpec::In(root) => Predicate::In(scalar(&root)?),
		PredicateSpec::NotBetween(lo, hi) => Predicate::NotBetween(lo, hi),
		PredicateSpec::NotIn(commitment) => Predicate::NotIn(scalar(&commitment)?),
		PredicateSpec::Noop => Predicate::Noop,
	})
}
