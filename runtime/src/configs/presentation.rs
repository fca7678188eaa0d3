//! On-chain verification: the presentation-circuit registry, trusted-issuer lists,
//! verification requests and presentations, verifying through the BLS12-381 host calls the
//! node provides.

use codec::MaxEncodedLen;
use didimo_primitives::revocation::RootRecord;
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
use pallet_did::{relationship::AssertionMethod, EnsureDidWithDepositor};
use pallet_presentation::{NullifierRecord, Request, TrustedList, LIST_TREE_NODES};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;

use crate::{
	deposit, storage_key_bytes, AccountId, Balance, Balances, BlockNumber, Did, Revocation,
	Runtime, RuntimeHoldReason, Timestamp, DAYS, MINUTES,
};

/// Most roots a list's recent-root history keeps.
const MAX_ROOT_HISTORY: u32 = 32;
/// Most lists one issuer DID is in.
const MAX_LISTS_PER_ISSUER: u32 = 64;

/// A key holding one `Twox64Concat` list id (`Lists`, `ListTrees`, `ListRoots`).
const LIST_KEY: u32 = storage_key_bytes(8 + 8);
/// An `IssuerLists` key: `Blake2_128Concat` DID, `Twox64Concat` list id.
const ISSUER_LIST_KEY: u32 = storage_key_bytes(16 + 32 + 8 + 8);
/// A `Requests` key: the 32-byte id, `Identity`.
const REQUEST_KEY: u32 = storage_key_bytes(32);
/// A `Nullifiers` key: `Blake2_128Concat` (DID, scope), `Blake2_128Concat` nullifier.
const NULLIFIER_KEY: u32 = storage_key_bytes(16 + 64 + 16 + 32);

parameter_types! {
	/// A list's record, tree and recent roots, and an index entry for each of its issuers.
	pub PresentationListDeposit: Balance = deposit(
		3 + pallet_presentation::MAX_LIST_ISSUERS,
		3 * LIST_KEY
			+ TrustedList::<Runtime>::max_encoded_len() as u32
			+ (LIST_TREE_NODES as u32) * 32
			+ MAX_ROOT_HISTORY * RootRecord::<BlockNumber>::max_encoded_len() as u32
			+ pallet_presentation::MAX_LIST_ISSUERS * (ISSUER_LIST_KEY + 1),
	);
	/// A request's record.
	pub PresentationRequestDeposit: Balance =
		deposit(1, REQUEST_KEY + Request::<Runtime>::max_encoded_len() as u32);
	/// A used nullifier's record.
	pub PresentationNullifierDeposit: Balance =
		deposit(1, NULLIFIER_KEY + NullifierRecord::<Runtime>::max_encoded_len() as u32);
	/// A proof against a list root replaced up to ten minutes ago still verifies, as for
	/// revocation roots. Stored at `twox_128(":PresentationRootFreshness:")` (unset: ten
	/// minutes), tunable by root with `system.set_storage`.
	pub storage PresentationRootFreshness: BlockNumber = 10 * MINUTES;
	/// Requests expire within 30 days; their deposits come back by then at the latest.
	pub const PresentationMaxRequestLifetime: BlockNumber = 30 * DAYS;
	/// A presentation may be dated up to five minutes ahead of the chain's clock.
	pub const PresentationMaxClockSkew: u64 = 5 * 60;
}

impl pallet_presentation::Config for Runtime {
	/// Root registers and retires circuit versions (governance, when the chain has one).
	type CircuitOrigin = EnsureRoot<AccountId>;
	type VerifierOrigin = EnsureDidWithDepositor<Runtime, AssertionMethod>;
	type Dids = Did;
	type Registries = Revocation;
	type Time = Timestamp;
	type Engine = didimo_zk::verifier::HostBls12_381;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type ListDeposit = PresentationListDeposit;
	type RequestDeposit = PresentationRequestDeposit;
	type NullifierDeposit = PresentationNullifierDeposit;
	type MaxListsPerIssuer = ConstU32<MAX_LISTS_PER_ISSUER>;
	type MaxRootHistory = ConstU32<MAX_ROOT_HISTORY>;
	type RootFreshness = PresentationRootFreshness;
	type MaxRequestLifetime = PresentationMaxRequestLifetime;
	type MaxClockSkew = PresentationMaxClockSkew;
	type AuthorityId = didimo_primitives::offchain::Sr25519Authority<AuraId>;
	type Authorities = super::consent::AuraAuthorities;
	/// Eight of each kind is what the benchmarks measure.
	type MaxChoresPerTx = ConstU32<32>;
	/// 64 entries of each kind (requests, nullifiers, lists, registries) a run.
	type MaxOffchainScan = ConstU32<256>;
	/// An authority sends at most one `housekeep` per minute.
	type HousekeepingInterval = ConstU32<10>;
	type UnsignedPriority = ConstU64<{ 1 << 20 }>;
	type WeightInfo = pallet_presentation::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = PresentationBenchmarkHelper;
}

/// DIDs, registries and the clock for the presentation benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct PresentationBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_presentation::benchmarking::BenchmarkHelper<AccountId, sp_runtime::MultiSigner>
	for PresentationBenchmarkHelper
{
	fn activate_did(
		did: &didimo_primitives::did::DidIdentifier,
		owner: AccountId,
		zk_key: Option<didimo_primitives::did::ZkIssuerKey>,
	) {
		pallet_did::benchmarking::activate_did::<Runtime>(did, owner);
		if let Some(key) = zk_key {
			pallet_did::benchmarking::set_zk_issuer_key::<Runtime>(did, key);
		}
	}

	fn create_registry(
		issuer: &didimo_primitives::did::DidIdentifier,
		owner: AccountId,
	) -> didimo_primitives::revocation::RegistryId {
		Revocation::benchmark_registry(issuer, owner, pallet_presentation::fixture::CAPACITY)
	}

	fn supersede_registry_root(
		registry: didimo_primitives::revocation::RegistryId,
		root: didimo_primitives::revocation::Digest,
	) {
		Revocation::benchmark_supersede_root(registry, root);
	}

	fn set_time(seconds: u64) {
		pallet_timestamp::Now::<Runtime>::put(seconds * 1000);
	}

	fn set_last_authority(authority: sp_runtime::MultiSigner) {
		<super::revocation::DidBenchmarkHelper as pallet_consent::BenchmarkHelper<
			AccountId,
			sp_runtime::MultiSigner,
		>>::set_last_authority(authority);
	}
}
