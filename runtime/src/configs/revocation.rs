//! Credential revocation registries.

use codec::MaxEncodedLen;
use didimo_primitives::revocation::RootRecord;
use frame_support::{parameter_types, traits::ConstU32};
use pallet_did::{relationship::AssertionMethod, EnsureDidWithDepositor};
use pallet_revocation::{Registry, PAGE_BITS, PAGE_BYTES};

use crate::{
	deposit, storage_key_bytes, Balance, Balances, BlockNumber, Did, Runtime, RuntimeHoldReason,
	MINUTES,
};

/// Most roots a registry's recent-root history keeps.
const MAX_ROOT_HISTORY: u32 = 32;

/// Tree nodes a page of bits accounts for: its leaves' subtree (`2 × leaves - 1`) and its
/// share of the nodes above, at most one more per page.
const NODES_PER_PAGE: u32 = 2 * (PAGE_BITS / didimo_zk::status_tree::BITS_PER_LEAF);

/// A key holding one `Twox64Concat` registry id (`Registries`, `RootHistory`).
const REGISTRY_KEY: u32 = storage_key_bytes(8 + 8);
/// An `IssuerRegistries` key: `Blake2_128Concat` issuer DID, `Twox64Concat` registry id.
const ISSUER_REGISTRY_KEY: u32 = storage_key_bytes(16 + 32 + 8 + 8);
/// A `Pages` key: registry id and page number, both `Twox64Concat`.
const PAGE_KEY: u32 = storage_key_bytes(8 + 8 + 8 + 4);
/// A `Nodes` key: registry id and (level, index), both `Twox64Concat`.
const NODE_KEY: u32 = storage_key_bytes(8 + 8 + 8 + 5);

parameter_types! {
	/// A registry's record, its entry in the issuer's index and its recent-root history.
	pub RevocationRegistryDeposit: Balance = deposit(
		3,
		REGISTRY_KEY
			+ Registry::<Runtime>::max_encoded_len() as u32
			+ ISSUER_REGISTRY_KEY
			+ REGISTRY_KEY
			+ MAX_ROOT_HISTORY * RootRecord::<BlockNumber>::max_encoded_len() as u32,
	);
	/// Each page of capacity: its bits and the tree nodes over them.
	pub RevocationPageDeposit: Balance = deposit(
		1 + NODES_PER_PAGE,
		PAGE_KEY + PAGE_BYTES as u32 + NODES_PER_PAGE * (NODE_KEY + 32),
	);
	/// A proof against a root superseded up to ten minutes ago still verifies. Stored at
	/// `twox_128(":RevocationRootFreshness:")` (unset: ten minutes), so a network's root can tune
	/// it with `system.set_storage`; the end-to-end tests shorten it to exercise the window.
	pub storage RevocationRootFreshness: BlockNumber = 10 * MINUTES;
}

impl pallet_revocation::Config for Runtime {
	type IssuerOrigin = EnsureDidWithDepositor<Runtime, AssertionMethod>;
	type Dids = Did;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type RegistryDeposit = RevocationRegistryDeposit;
	type PageDeposit = RevocationPageDeposit;
	type MaxCapacity = ConstU32<{ didimo_zk::status_tree::MAX_CAPACITY }>;
	type MaxBatch = ConstU32<512>;
	type MaxDelegates = ConstU32<16>;
	type MaxRootHistory = ConstU32<MAX_ROOT_HISTORY>;
	type RootFreshness = RevocationRootFreshness;
	type MaxRemovalsPerCall = ConstU32<1024>;
	type WeightInfo = pallet_revocation::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = DidBenchmarkHelper;
}

/// Makes DIDs active for the revocation and consent benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct DidBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_revocation::BenchmarkHelper<crate::AccountId> for DidBenchmarkHelper {
	fn activate_did(did: &didimo_primitives::did::DidIdentifier, owner: crate::AccountId) {
		pallet_did::benchmarking::activate_did::<Runtime>(did, owner);
	}
}
