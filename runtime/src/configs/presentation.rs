//! On-chain verification: the presentation-circuit registry, verifying through the
//! BLS12-381 host calls the node provides.

use frame_system::EnsureRoot;

use crate::{AccountId, Runtime};

impl pallet_presentation::Config for Runtime {
	/// Root registers and retires circuit versions (governance, when the chain has one).
	type CircuitOrigin = EnsureRoot<AccountId>;
	type Engine = didimo_zk::verifier::HostBls12_381;
	type WeightInfo = pallet_presentation::weights::SubstrateWeight<Runtime>;
}
