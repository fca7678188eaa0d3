//! Benchmarks (v2), each at its worst case: registration validates and prepares a real
//! verifying key (the development key of version 1); verification checks a real proof that
//! passes (every step runs), once through the host calls and once in plain wasm for
//! comparison; lists hold real Jubjub keys and full trees; `present` checks the fixture
//! presentation ([`crate::fixture`]: a list issuer, every attribute disclosed, a nullifier
//! stored, a compressed proof) and succeeds.

use alloc::vec::Vec;
use codec::Decode;
use didimo_primitives::{
	did::{DidIdentifier, ZkIssuerKey},
	revocation::{RegistryId, RootRecord},
};
use didimo_zk::{eddsa::SecretKey, field, Version};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, EnsureOrigin, Get, UnfilteredDispatchable},
	BoundedVec,
};
use frame_system::{offchain::SignedPayload, RawOrigin};
use sp_runtime::traits::{Bounded, Saturating};

use crate::*;

/// What the benchmarks need from other pallets.
pub trait BenchmarkHelper<AccountId, Public> {
	/// Makes `did` an active DID owned by `owner`, with `zk_key` as its zero-knowledge issuer
	/// key if given.
	fn activate_did(did: &DidIdentifier, owner: AccountId, zk_key: Option<ZkIssuerKey>);

	/// Creates a fresh revocation registry of `issuer` and returns its id.
	fn create_registry(issuer: &DidIdentifier, owner: AccountId) -> RegistryId;

	/// Replaces `registry`'s root with `root` in the current block.
	fn supersede_registry_root(registry: RegistryId, root: didimo_primitives::revocation::Digest);

	/// Sets the chain's time (Unix seconds).
	fn set_time(seconds: u64);

	/// Makes `authority` the last of as many authorities as the chain allows, so that
	/// `Authorities::get()` reads the largest set and finds it at the end.
	fn set_last_authority(authority: Public);
}

/// What a benchmark account is given: plenty, yet small enough that the housekeeping
/// benchmarks' many accounts do not overflow the total issuance (a failed mint would leave an
/// account without the deposits it must pay).
fn endowment<T: Config>() -> BalanceOf<T> {
	BalanceOf::<T>::max_value() / (1u32 << 20).into()
}

/// A funded account.
fn funded<T: Config>(name: &'static str, n: u32) -> T::AccountId {
	let who: T::AccountId = account(name, n, 0);
	T::Currency::set_balance(&who, endowment::<T>());
	who
}

/// The `n`-th benchmark issuer: an active DID with a real Jubjub key.
fn issuer<T: Config>(n: u32) -> Result<DidIdentifier, BenchmarkError> {
	let did = DidIdentifier::new(blake2_did(b"issuer", n));
	let mut secret = [0u8; 32];
	secret[..4].copy_from_slice(&(n + 1).to_le_bytes());
	let key = SecretKey::from_bytes(&secret)
		.map_err(|_| BenchmarkError::Stop("a small scalar is a secret key"))?
		.public_key()
		.to_bytes();
	T::BenchmarkHelper::activate_did(&did, funded::<T>("owner", n), Some(ZkIssuerKey(key)));
	Ok(did)
}

/// A distinct DID per `(kind, n)`.
fn blake2_did(kind: &[u8], n: u32) -> [u8; 32] {
	sp_io::hashing::blake2_256(&[kind, &n.to_le_bytes()].concat())
}

/// An active verifier DID and the account paying for it.
fn verifier<T: Config>() -> (DidIdentifier, T::AccountId) {
	let did = DidIdentifier::new(blake2_did(b"verifier", 0));
	let payer = funded::<T>("payer", 0);
	T::BenchmarkHelper::activate_did(&did, payer.clone(), None);
	(did, payer)
}

/// The origin `VerifierOrigin` accepts, with its DID made active and its account funded.
fn verifier_origin<T: Config>(
) -> Result<(T::RuntimeOrigin, DidIdentifier, T::AccountId), BenchmarkError> {
	let origin =
		T::VerifierOrigin::try_successful_origin().map_err(|()| BenchmarkError::Weightless)?;
	let (did, payer) = T::VerifierOrigin::try_origin(origin.clone())
		.map_err(|_| BenchmarkError::Stop("the successful origin is a verifier"))?;
	T::BenchmarkHelper::activate_did(&did, payer.clone(), None);
	T::Currency::set_balance(&payer, endowment::<T>());
	Ok((origin, did, payer))
}

/// A list of `owner` holding `n` fresh issuers.
fn list_of<T: Config>(
	owner: &DidIdentifier,
	payer: &T::AccountId,
	n: u32,
) -> Result<(ListId, Vec<DidIdentifier>), BenchmarkError> {
	let issuers = (0..n).map(issuer::<T>).collect::<Result<Vec<_>, _>>()?;
	let list = Pallet::<T>::do_create_list(
		owner.clone(),
		payer.clone(),
		BoundedVec::truncate_from(issuers.clone()),
	)
	.map_err(|_| BenchmarkError::Stop("the list can be created"))?;
	Ok((list, issuers))
}

/// A request of `verifier` over `list` with a nullifier scope, registries named one by one
/// (`MAX_REQUEST_REGISTRIES` of them, each read when it is validated).
fn request_spec<T: Config>(
	list: ListId,
	issuer: &DidIdentifier,
) -> RequestSpec<frame_system::pallet_prelude::BlockNumberFor<T>> {
	let registries: Vec<RegistryId> = (0..MAX_REQUEST_REGISTRIES)
		.map(|n| T::BenchmarkHelper::create_registry(issuer, funded::<T>("registrar", n)))
		.collect();
	let now = frame_system::Pallet::<T>::block_number();
	RequestSpec {
		version: 1,
		schema: field::to_bytes(&fixture::schema()),
		issuer: IssuerSpec::List(list),
		slot: 0,
		predicate: PredicateSpec::Eq([9; 32]),
		disclose: 0xff,
		registries: RegistrySpec::Only(BoundedVec::truncate_from(registries)),
		max_age: 3600,
		nullifier_scope: Some([5; 32]),
		expires_at: now.saturating_add(T::MaxRequestLifetime::get()),
	}
}

/// Removes versions 1 and 2, which a development chain's genesis registers, so each
/// benchmark starts from the state it measures.
fn unregister<T: Config>() {
	Circuits::<T>::remove(1);
	Circuits::<T>::remove(2);
}

/// Registers the development keys of versions 1 and 2 afresh.
fn register_dev<T: Config>() -> Result<(), BenchmarkError> {
	unregister::<T>();
	Pallet::<T>::do_register(1, &dev::VERIFYING_KEY_V1)
		.and_then(|()| Pallet::<T>::do_register(2, &dev::VERIFYING_KEY_V2))
		.map_err(|_| BenchmarkError::Stop("the development keys register"))
}

/// What a `present` benchmark submits.
type PresentArgs<T> = (
	<T as frame_system::Config>::AccountId,
	RequestId,
	BoundedVec<u8, frame_support::traits::ConstU32<MAX_PROOF_BYTES>>,
	Presented,
	((DidIdentifier, didimo_primitives::revocation::Digest), didimo_primitives::revocation::Digest),
);

/// The uncompressed form (384 bytes) of a compressed proof argument.
fn uncompressed(
	proof: &[u8],
) -> Result<BoundedVec<u8, frame_support::traits::ConstU32<MAX_PROOF_BYTES>>, BenchmarkError> {
	let proof = didimo_zk::verifier::Proof::from_bytes(proof)
		.map_err(|_| BenchmarkError::Stop("the fixture proof decodes"))?;
	Ok(BoundedVec::truncate_from(proof.to_uncompressed_bytes().to_vec()))
}

/// The state the fixture presentations were made against ([`crate::fixture`]): the issuer with
/// its key and the first registry, the verifier with the first list, the request of circuit
/// `version` (`single`: naming the issuer DID), the chain's time, the funded submitter.
fn present_setup<T: Config>(
	version: Version,
	single: bool,
) -> Result<PresentArgs<T>, BenchmarkError> {
	register_dev::<T>()?;
	T::BenchmarkHelper::set_time(fixture::TIME);
	let issuer_did = fixture::did(fixture::ISSUER_DID);
	let verifier_did = fixture::did(fixture::VERIFIER_DID);
	let payer = funded::<T>("payer", 0);
	let key = fixture::issuer_secret()
		.ok_or(BenchmarkError::Stop("the fixture's secret key is valid"))?
		.public_key();
	T::BenchmarkHelper::activate_did(&issuer_did, payer.clone(), Some(ZkIssuerKey(key.to_bytes())));
	T::BenchmarkHelper::activate_did(&verifier_did, payer.clone(), None);
	let registry = T::BenchmarkHelper::create_registry(&issuer_did, payer.clone());
	if registry != fixture::REGISTRY {
		return Err(BenchmarkError::Stop("the fixture needs the first registry"));
	}
	let list = Pallet::<T>::do_create_list(
		verifier_did.clone(),
		payer.clone(),
		BoundedVec::truncate_from(alloc::vec![issuer_did]),
	)
	.map_err(|_| BenchmarkError::Stop("the list can be created"))?;
	if list != fixture::LIST {
		return Err(BenchmarkError::Stop("the fixture needs the first list"));
	}
	// The proof's roots were replaced a block ago: both checks take the recent-roots path
	// (the history read and the window), the costlier one.
	let next = frame_system::Pallet::<T>::block_number().saturating_add(1u32.into());
	frame_system::Pallet::<T>::set_block_number(next);
	T::BenchmarkHelper::supersede_registry_root(registry, [1; 32]);
	ListRoots::<T>::mutate(list, |roots| {
		if roots.is_full() {
			roots.remove(0);
		}
		let _ = roots.try_push(RootRecord { root: [1; 32], since: next });
	});
	let spec = if single { fixture::spec_single(version) } else { fixture::spec(version) };
	let request = Pallet::<T>::do_create_request(verifier_did.clone(), payer, spec)
		.map_err(|_| BenchmarkError::Stop("the fixture request can be created"))?;
	let submitter = T::AccountId::decode(&mut &fixture::SUBMITTER[..])
		.map_err(|_| BenchmarkError::Stop("the fixture needs 32-byte accounts"))?;
	T::Currency::set_balance(&submitter, endowment::<T>());
	let issuer_root = if single {
		None
	} else {
		Some(
			ListRoots::<T>::get(list)
				.first()
				.map(|r| r.root)
				.ok_or(BenchmarkError::Stop("the list has a root"))?,
		)
	};
	let revocation_root = field::to_bytes(&didimo_zk::status_tree::empty_root());
	let scope = Pallet::<T>::statement_scope(&verifier_did, Some(&fixture::SCOPE), &request);
	let nullifier = fixture::nullifier(version, &scope);
	let presented = fixture::presented(issuer_root, revocation_root, nullifier);
	let proof = fixture::proof(version, single);
	let stored = ((verifier_did, fixture::SCOPE), field::to_bytes(&nullifier));
	Ok((submitter, request, BoundedVec::truncate_from(proof.to_vec()), presented, stored))
}

/// A fresh authority key in the benchmark keystore, as the pallet's `Public`.
fn authority<T: Config>() -> T::Public {
	didimo_primitives::offchain::authority::generate_key::<T, T::AuthorityId>()
}

/// Due chores of every kind, each at its worst: `r` requests, each of its own verifier DID
/// that is not active (not expired, so checking them reads the DID) with its own nullifier
/// scope and `MAX_REQUEST_REGISTRIES` registries, paid by its own account; `n` nullifiers,
/// each of its own closed scope and submitted by its own account; `l` lists and `g`
/// revocation registries whose recent roots are full, all but the current one past their
/// window. Nothing is shared between two chores but the storage parameters.
fn due_chores<T: Config>(r: u32, n: u32, l: u32, g: u32) -> Result<Vec<Chore>, BenchmarkError> {
	register_dev::<T>()?;
	let start = frame_system::Pallet::<T>::block_number();
	let owner = DidIdentifier::new(blake2_did(b"deactivated", u32::MAX));
	let payer = funded::<T>("payer", 0);
	let mut chores = Vec::new();

	let (list, issuers) = list_of::<T>(&owner, &payer, 1)?;
	let spec = RequestSpec {
		issuer: IssuerSpec::Did(issuers[0].clone()),
		..request_spec::<T>(list, &issuers[0])
	};
	for i in 0..r {
		let verifier = DidIdentifier::new(blake2_did(b"deactivated", i));
		let spec = RequestSpec { nullifier_scope: Some(blake2_did(b"scope", i)), ..spec.clone() };
		let id = Pallet::<T>::do_create_request(verifier, funded::<T>("depositor", i), spec)
			.map_err(|_| BenchmarkError::Stop("the request can be created"))?;
		chores.push(Chore::RemoveRequest(id));
	}

	let deposit = T::NullifierDeposit::get();
	for i in 0..n {
		let submitter = funded::<T>("submitter", i);
		Pallet::<T>::hold(HoldReason::NullifierDeposit, &submitter, deposit)
			.map_err(|_| BenchmarkError::Stop("the deposit can be held"))?;
		let verifier = DidIdentifier::new(blake2_did(b"nullifier-verifier", i));
		let (scope, nullifier) = (blake2_did(b"closed-scope", i), blake2_did(b"nullifier", i));
		Nullifiers::<T>::insert(
			(verifier.clone(), scope),
			nullifier,
			NullifierRecord { submitter, deposit, used_at: start },
		);
		chores.push(Chore::PurgeNullifier { verifier, scope, nullifier });
	}

	let history = T::MaxRootHistory::get();
	for _ in 0..l {
		let (list, _) = list_of::<T>(&owner, &payer, 0)?;
		let current = ListRoots::<T>::get(list)
			.last()
			.map(|record| record.root)
			.ok_or(BenchmarkError::Stop("a new list has a root"))?;
		let records = (0..history).map(|k| RootRecord {
			root: if k + 1 == history { current } else { blake2_did(b"root", k) },
			since: start.saturating_add(k.into()),
		});
		ListRoots::<T>::insert(list, BoundedVec::truncate_from(records.collect::<Vec<_>>()));
		chores.push(Chore::PruneListRoots(list));
	}

	for i in 0..g {
		let registry = T::BenchmarkHelper::create_registry(&issuers[0], funded::<T>("owner", i));
		// More roots than any history keeps, one a block.
		for k in 0..64u32 {
			frame_system::Pallet::<T>::set_block_number(start.saturating_add(k.into()));
			T::BenchmarkHelper::supersede_registry_root(registry, blake2_did(b"registry", k));
		}
		chores.push(Chore::PruneRegistryRoots(registry));
	}

	// Past every window, before the requests expire.
	let half_life = T::MaxRequestLifetime::get() / 2u32.into();
	frame_system::Pallet::<T>::set_block_number(start.saturating_add(half_life));
	if !chores.iter().all(Pallet::<T>::chore_is_due) {
		return Err(BenchmarkError::Stop("the chores are due"));
	}
	Ok(chores)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_circuit() -> Result<(), BenchmarkError> {
		let origin =
			T::CircuitOrigin::try_successful_origin().map_err(|()| BenchmarkError::Weightless)?;
		// Version 2's key is the longest: 23 input bases to decode and check.
		let key = BoundedVec::truncate_from(dev::VERIFYING_KEY_V2.to_vec());
		unregister::<T>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 2, key);

		assert!(Circuits::<T>::contains_key(2));
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
			result = Pallet::<T>::verify_proof(1, &[input], &dev::PROOF_V1);
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
			result = Pallet::<T>::verify_proof(1, &[input], &proof);
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
				&[input],
				&dev::PROOF_V1,
			);
		}

		assert_eq!(result, Ok(()));
		Ok(())
	}

	#[benchmark]
	fn create_list(n: Linear<0, MAX_LIST_ISSUERS>) -> Result<(), BenchmarkError> {
		let (origin, _, _) = verifier_origin::<T>()?;
		let issuers = (0..n).map(issuer::<T>).collect::<Result<Vec<_>, _>>()?;
		let list = NextListId::<T>::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, BoundedVec::truncate_from(issuers));

		assert_eq!(Lists::<T>::get(list).map(|l| l.len()), Some(n));
		Ok(())
	}

	/// The 32nd issuer joins a list of 31.
	#[benchmark]
	fn add_issuer() -> Result<(), BenchmarkError> {
		let (origin, did, payer) = verifier_origin::<T>()?;
		let (list, _) = list_of::<T>(&did, &payer, MAX_LIST_ISSUERS - 1)?;
		let last = issuer::<T>(MAX_LIST_ISSUERS - 1)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, list, last);

		assert_eq!(Lists::<T>::get(list).map(|l| l.len()), Some(MAX_LIST_ISSUERS));
		Ok(())
	}

	/// The last issuer leaves a full list.
	#[benchmark]
	fn remove_issuer() -> Result<(), BenchmarkError> {
		let (origin, did, payer) = verifier_origin::<T>()?;
		let (list, issuers) = list_of::<T>(&did, &payer, MAX_LIST_ISSUERS)?;
		let last = issuers.last().cloned().ok_or(BenchmarkError::Stop("the list is full"))?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, list, last);

		assert_eq!(Lists::<T>::get(list).map(|l| l.len()), Some(MAX_LIST_ISSUERS - 1));
		Ok(())
	}

	/// A full list is closed (`close_orphaned_list` does the same work).
	#[benchmark]
	fn close_list() -> Result<(), BenchmarkError> {
		let (origin, did, payer) = verifier_origin::<T>()?;
		let (list, _) = list_of::<T>(&did, &payer, MAX_LIST_ISSUERS)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, list);

		assert!(!Lists::<T>::contains_key(list));
		Ok(())
	}

	/// An issuer in `n` lists rotates its key: each list's slot and root are updated. The DID
	/// registry charges this on top of the call that changed the key.
	#[benchmark]
	fn issuer_key_changed(
		n: Linear<1, { T::MaxListsPerIssuer::get() }>,
	) -> Result<(), BenchmarkError> {
		let (did, payer) = verifier::<T>();
		let listed = issuer::<T>(0)?;
		for _ in 0..n {
			Pallet::<T>::do_create_list(
				did.clone(),
				payer.clone(),
				BoundedVec::truncate_from(alloc::vec![listed.clone()]),
			)
			.map_err(|_| BenchmarkError::Stop("the list can be created"))?;
		}
		let rotated = SecretKey::from_bytes(&[3; 32])
			.map_err(|_| BenchmarkError::Stop("a secret key"))?
			.public_key()
			.to_bytes();
		let key = ZkIssuerKey(rotated);
		// The next block: each list's recent roots take a new entry.
		let next = frame_system::Pallet::<T>::block_number().saturating_add(1u32.into());
		frame_system::Pallet::<T>::set_block_number(next);

		#[block]
		{
			<Pallet<T> as didimo_primitives::did::ZkIssuerKeyObserver>::zk_issuer_key_changed(
				&listed,
				Some(&key),
			);
		}

		Ok(())
	}

	/// A full list whose owner DID is not active is closed by anyone.
	#[benchmark]
	fn close_orphaned_list() -> Result<(), BenchmarkError> {
		let owner = DidIdentifier::new(blake2_did(b"orphan", 0));
		let payer = funded::<T>("payer", 0);
		let (list, _) = list_of::<T>(&owner, &payer, MAX_LIST_ISSUERS)?;
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), list);

		assert!(!Lists::<T>::contains_key(list));
		Ok(())
	}

	/// An expired request with a scope is removed by anyone.
	#[benchmark]
	fn remove_stale_request() -> Result<(), BenchmarkError> {
		register_dev::<T>()?;
		let (did, payer) = verifier::<T>();
		let (list, issuers) = list_of::<T>(&did, &payer, 1)?;
		let spec = request_spec::<T>(list, &issuers[0]);
		let expires_at = spec.expires_at;
		let id = Pallet::<T>::do_create_request(did, payer, spec)
			.map_err(|_| BenchmarkError::Stop("the request can be created"))?;
		frame_system::Pallet::<T>::set_block_number(expires_at);
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert!(!Requests::<T>::contains_key(id));
		Ok(())
	}

	/// A request naming `MAX_REQUEST_REGISTRIES` registries (each read) over a list, with a
	/// scope and an EQ value to decode.
	#[benchmark]
	fn create_request() -> Result<(), BenchmarkError> {
		register_dev::<T>()?;
		let (origin, did, payer) = verifier_origin::<T>()?;
		let (list, issuers) = list_of::<T>(&did, &payer, 1)?;
		let spec = request_spec::<T>(list, &issuers[0]);
		let id = Pallet::<T>::request_id(&did, &spec);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, spec);

		assert!(Requests::<T>::contains_key(id));
		Ok(())
	}

	/// A request with a scope is closed (`remove_stale_request` does the same work).
	#[benchmark]
	fn remove_request() -> Result<(), BenchmarkError> {
		register_dev::<T>()?;
		let (origin, did, payer) = verifier_origin::<T>()?;
		let (list, issuers) = list_of::<T>(&did, &payer, 1)?;
		let id = Pallet::<T>::do_create_request(did, payer, request_spec::<T>(list, &issuers[0]))
			.map_err(|_| BenchmarkError::Stop("the request can be created"))?;

		#[extrinsic_call]
		close_request(origin as T::RuntimeOrigin, id);

		assert!(!Requests::<T>::contains_key(id));
		Ok(())
	}

	/// The fixture presentation against a list ([`crate::fixture`]) is submitted and verifies:
	/// every check runs, the statement is hashed, the compressed proof decoded and verified,
	/// and the nullifier stored with its deposit.
	#[benchmark]
	fn present() -> Result<(), BenchmarkError> {
		let (submitter, request, proof, presented, key) = present_setup::<T>(Version::V1, false)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(submitter), request, proof, presented);

		assert!(Nullifiers::<T>::contains_key(key.0, key.1));
		Ok(())
	}

	/// As [`present`], with the proof uncompressed (384 bytes): no square roots to decode.
	#[benchmark]
	fn present_uncompressed() -> Result<(), BenchmarkError> {
		let (submitter, request, proof, presented, key) = present_setup::<T>(Version::V1, false)?;
		let proof = uncompressed(&proof)?;

		#[extrinsic_call]
		present(RawOrigin::Signed(submitter), request, proof, presented);

		assert!(Nullifiers::<T>::contains_key(key.0, key.1));
		Ok(())
	}

	/// As [`present`], for the request naming the issuer DID: its key is read from its DID
	/// document and decoded (a Jubjub point decompressed and checked in wasm) instead of a list
	/// root. A version-1 presentation is charged the larger of the two.
	#[benchmark]
	fn present_single_issuer() -> Result<(), BenchmarkError> {
		let (submitter, request, proof, presented, key) = present_setup::<T>(Version::V1, true)?;

		#[extrinsic_call]
		present(RawOrigin::Signed(submitter), request, proof, presented);

		assert!(Nullifiers::<T>::contains_key(key.0, key.1));
		Ok(())
	}

	/// As [`present`], for a request of circuit version 2: the statement is not hashed, its 22
	/// values are the proof's public inputs (one multi-scalar multiplication of 23 bases, a
	/// host call), and the registry's capacity is read.
	#[benchmark]
	fn present_v2() -> Result<(), BenchmarkError> {
		let (submitter, request, proof, presented, key) = present_setup::<T>(Version::V2, false)?;

		#[extrinsic_call]
		present(RawOrigin::Signed(submitter), request, proof, presented);

		assert!(Nullifiers::<T>::contains_key(key.0, key.1));
		Ok(())
	}

	/// As [`present_v2`], with the proof uncompressed (384 bytes), as wallets submit it: no
	/// square roots to decode. What it saves is subtracted from version 2's worst case.
	#[benchmark]
	fn present_v2_uncompressed() -> Result<(), BenchmarkError> {
		let (submitter, request, proof, presented, key) = present_setup::<T>(Version::V2, false)?;
		let proof = uncompressed(&proof)?;

		#[extrinsic_call]
		present(RawOrigin::Signed(submitter), request, proof, presented);

		assert!(Nullifiers::<T>::contains_key(key.0, key.1));
		Ok(())
	}

	/// As [`present_v2`], naming the issuer DID. A version-2 presentation is charged the
	/// larger of the two.
	#[benchmark]
	fn present_v2_single_issuer() -> Result<(), BenchmarkError> {
		let (submitter, request, proof, presented, key) = present_setup::<T>(Version::V2, true)?;

		#[extrinsic_call]
		present(RawOrigin::Signed(submitter), request, proof, presented);

		assert!(Nullifiers::<T>::contains_key(key.0, key.1));
		Ok(())
	}

	#[benchmark]
	fn purge_nullifier() -> Result<(), BenchmarkError> {
		let (did, _) = verifier::<T>();
		let submitter = funded::<T>("submitter", 0);
		let deposit = T::NullifierDeposit::get();
		Pallet::<T>::hold(HoldReason::NullifierDeposit, &submitter, deposit)
			.map_err(|_| BenchmarkError::Stop("the deposit can be held"))?;
		Nullifiers::<T>::insert(
			(did.clone(), [1u8; 32]),
			[2u8; 32],
			NullifierRecord {
				submitter: submitter.clone(),
				deposit,
				used_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), did.clone(), [1u8; 32], [2u8; 32]);

		assert!(!Nullifiers::<T>::contains_key((did, [1u8; 32]), [2u8; 32]));
		Ok(())
	}

	/// `housekeep` with `r + n + l + g` chores of the four kinds (each range a quarter of
	/// `MaxChoresPerTx`, so the payload holds them all). The measured block is what a block
	/// author runs for the transaction: its unsigned validation (the authority set read in
	/// full with the signer last, a real signature checked, every chore checked due and the
	/// list sorted for duplicates), then the call.
	#[benchmark]
	fn housekeep(
		r: Linear<1, { T::MaxChoresPerTx::get() / 4 }>,
		n: Linear<0, { T::MaxChoresPerTx::get() / 4 }>,
		l: Linear<0, { T::MaxChoresPerTx::get() / 4 }>,
		g: Linear<0, { T::MaxChoresPerTx::get() / 4 }>,
	) -> Result<(), BenchmarkError> {
		let chores = due_chores::<T>(r, n, l, g)?;
		let public = authority::<T>();
		T::BenchmarkHelper::set_last_authority(public.clone());
		let payload = HousekeepingPayload::<T> {
			block_number: frame_system::Pallet::<T>::block_number(),
			chores: BoundedVec::try_from(chores)
				.map_err(|_| BenchmarkError::Stop("the chores fit one payload"))?,
			public,
		};
		let signature = payload
			.sign::<T::AuthorityId>()
			.ok_or(BenchmarkError::Stop("the benchmark keystore cannot sign"))?;
		let call = Call::<T>::housekeep { payload: payload.clone(), signature: signature.clone() };

		#[block]
		{
			// What `ValidateUnsigned` runs for `housekeep`, in the pool and again in the block.
			Pallet::<T>::validate_housekeeping(&payload, &signature)
				.map_err(|_| BenchmarkError::Stop("the housekeeping transaction is invalid"))?;
			call.dispatch_bypass_filter(RawOrigin::None.into())
				.map_err(|_| BenchmarkError::Stop("housekeep failed"))?;
		}

		assert!(!payload.chores.iter().any(Pallet::<T>::chore_is_due));
		Ok(())
	}

	/// `clean_up` by a stranger with the same chores as `housekeep`.
	#[benchmark]
	fn clean_up(
		r: Linear<1, { T::MaxChoresPerTx::get() / 4 }>,
		n: Linear<0, { T::MaxChoresPerTx::get() / 4 }>,
		l: Linear<0, { T::MaxChoresPerTx::get() / 4 }>,
		g: Linear<0, { T::MaxChoresPerTx::get() / 4 }>,
	) -> Result<(), BenchmarkError> {
		let chores: BoundedVec<Chore, T::MaxChoresPerTx> =
			BoundedVec::try_from(due_chores::<T>(r, n, l, g)?)
				.map_err(|_| BenchmarkError::Stop("the chores fit one call"))?;
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), chores.clone());

		assert!(!chores.iter().any(Pallet::<T>::chore_is_due));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
