//! The `did:didimo` registry, and which DID relationship each DID-signed call needs.

use didimo_primitives::did::Relationship;
use frame_support::{parameter_types, traits::ConstU32};
use pallet_did::DidCallAuthorization;

use crate::{
	Balance, Balances, BlockNumber, Runtime, RuntimeCall, RuntimeHoldReason, RuntimeOrigin,
	MILLI_UNIT, MINUTES, UNIT,
};

parameter_types! {
	/// A DID's record: about 200 bytes plus its lists.
	pub const DidBaseDeposit: Balance = UNIT;
	/// Each verification method (up to ~100 bytes).
	pub const DidKeyDeposit: Balance = 100 * MILLI_UNIT;
	/// Each controller (32 bytes).
	pub const DidControllerDeposit: Balance = 50 * MILLI_UNIT;
	/// Each service (up to ~1.3 KB at the bounds below).
	pub const DidServiceDeposit: Balance = 500 * MILLI_UNIT;
	/// A DID-signed call is valid for at most an hour of blocks.
	pub const DidMaxValidityWindow: BlockNumber = 60 * MINUTES;
}

/// Checks ZK issuer keys with didimo-zk: a canonical compressed Jubjub point of the
/// prime-order subgroup, not the identity.
pub struct JubjubKeyCheck;
impl pallet_did::ZkIssuerKeyCheck for JubjubKeyCheck {
	fn is_valid(key: &didimo_primitives::did::ZkIssuerKey) -> bool {
		didimo_zk::jubjub::is_valid_public_key(&key.0)
	}
}

impl pallet_did::Config for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	type DidCallAuthorization = RuntimeDidCalls;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type ZkIssuerKeyCheck = JubjubKeyCheck;
	type BaseDeposit = DidBaseDeposit;
	type KeyDeposit = DidKeyDeposit;
	type ControllerDeposit = DidControllerDeposit;
	type ServiceDeposit = DidServiceDeposit;
	type MaxVerificationMethods = ConstU32<10>;
	type MaxControllers = ConstU32<5>;
	type MaxServices = ConstU32<10>;
	type MaxIdLength = ConstU32<50>;
	type MaxServiceTypes = ConstU32<4>;
	type MaxServiceTypeLength = ConstU32<100>;
	type MaxServiceEndpoints = ConstU32<4>;
	type MaxServiceEndpointLength = ConstU32<200>;
	type MaxValidityWindow = DidMaxValidityWindow;
	type WeightInfo = pallet_did::weights::SubstrateWeight<Runtime>;
}

/// Which relationship a DID key needs to sign each call through `Did::submit_did_call`:
/// DID-document updates need `capabilityInvocation` (the DID pallet's rule); issuing,
/// revoking and managing revocation registries need `assertionMethod`; giving, changing,
/// revoking, declining and using consent grants need `authentication`. Every other call
/// cannot be DID-signed.
pub struct RuntimeDidCalls;
impl DidCallAuthorization<RuntimeCall> for RuntimeDidCalls {
	fn required_relationship(call: &RuntimeCall) -> Option<Relationship> {
		match call {
			RuntimeCall::Revocation(_) => Some(Relationship::AssertionMethod),
			// `expire` is the authorities' unsigned cleanup, never DID-signed.
			RuntimeCall::Consent(pallet_consent::Call::expire { .. }) => None,
			RuntimeCall::Consent(_) => Some(Relationship::Authentication),
			call => pallet_did::DidManagementCalls::<Runtime>::required_relationship(call),
		}
	}
}
