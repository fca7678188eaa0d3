//! Credential revocation registries.

use frame_support::{parameter_types, traits::ConstU32};
use pallet_did::{relationship::AssertionMethod, EnsureDidWithDepositor};

use crate::{
	Balance, Balances, BlockNumber, Did, Runtime, RuntimeHoldReason, MILLI_UNIT, MINUTES, UNIT,
};

parameter_types! {
	/// A registry's record, delegates and recent roots: about 1.5 KB.
	pub const RevocationRegistryDeposit: Balance = UNIT;
	/// Each page of capacity: 1 KiB of bits plus up to 64 tree nodes (about 4 KB in all).
	pub const RevocationPageDeposit: Balance = 100 * MILLI_UNIT;
	/// A proof against a root superseded up to ten minutes ago still verifies.
	pub const RevocationRootFreshness: BlockNumber = 10 * MINUTES;
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
	type MaxRootHistory = ConstU32<32>;
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
