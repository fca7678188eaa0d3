//! Credential revocation registries, and which DID relationship each DID-signed call needs.

use didimo_primitives::did::Relationship;
use frame_support::{parameter_types, traits::ConstU32};
use pallet_did::{relationship::AssertionMethod, DidCallAuthorization, EnsureDidAndSubmitter};

use crate::{
	Balance, Balances, BlockNumber, Did, Runtime, RuntimeCall, RuntimeHoldReason, MILLI_UNIT,
	MINUTES, UNIT,
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
	type IssuerOrigin = EnsureDidAndSubmitter<Runtime, AssertionMethod>;
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

/// Makes DIDs active for the revocation benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct DidBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_revocation::BenchmarkHelper<crate::AccountId> for DidBenchmarkHelper {
	fn activate_did(did: &didimo_primitives::did::DidIdentifier, owner: crate::AccountId) {
		Did::activate_for_benchmarks(did, owner);
	}
}

/// Which relationship a DID key needs to sign each call through `Did::submit_did_call`:
/// DID-document updates need `capabilityInvocation` (the DID pallet's rule); issuing,
/// revoking and managing revocation registries need `assertionMethod`. Every other call
/// cannot be DID-signed.
pub struct RuntimeDidCalls;
impl DidCallAuthorization<RuntimeCall> for RuntimeDidCalls {
	fn required_relationship(call: &RuntimeCall) -> Option<Relationship> {
		match call {
			RuntimeCall::Revocation(_) => Some(Relationship::AssertionMethod),
			call => pallet_did::DidManagementCalls::<Runtime>::required_relationship(call),
		}
	}
}
