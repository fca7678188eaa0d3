//! The `did:didimo` registry, and which DID relationship each DID-signed call needs.

use codec::MaxEncodedLen;
use didimo_primitives::did::Relationship;
use frame_support::{parameter_types, traits::ConstU32};
use pallet_did::DidCallAuthorization;

use crate::{
	deposit, storage_key_bytes, AccountId, Balance, Balances, BlockNumber, Runtime, RuntimeCall,
	RuntimeHoldReason, RuntimeOrigin, MINUTES,
};

/// A `Did::Dids`, `Did::Tombstones` or `Did::AuthenticationKeys` key: `Blake2_128Concat` of a
/// 32-byte identifier.
const DID_KEY: u32 = storage_key_bytes(16 + 32);

/// A DID record without its lists: owner, deposit, counter, three block numbers and the
/// lists' three length prefixes.
fn record_bytes() -> u32 {
	(AccountId::max_encoded_len() + Balance::max_encoded_len() + 8 + 3 * 4 + 3) as u32
}

parameter_types! {
	/// A DID's record (without its lists), and the tombstone it leaves.
	pub DidBaseDeposit: Balance = deposit(1, DID_KEY + record_bytes()) + DidTombstoneFee::get();
	/// The tombstone kept for ever once a DID is deactivated: one item, burned from the base
	/// deposit at deactivation.
	pub DidTombstoneFee: Balance =
		deposit(1, DID_KEY + BlockNumber::max_encoded_len() as u32);
	/// Each verification method in the record, and the authentication index entry it may add.
	pub DidKeyDeposit: Balance = deposit(
		1,
		pallet_did::VerificationMethod::<Runtime>::max_encoded_len() as u32 + DID_KEY + 32,
	);
	/// Each controller in the record (a 32-byte identifier).
	pub DidControllerDeposit: Balance = deposit(0, 32);
	/// Each service in the record, at its largest.
	pub DidServiceDeposit: Balance =
		deposit(0, pallet_did::Service::<Runtime>::max_encoded_len() as u32);
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

	#[cfg(feature = "runtime-benchmarks")]
	fn valid_key() -> didimo_primitives::did::ZkIssuerKey {
		didimo_primitives::did::ZkIssuerKey(didimo_zk::jubjub::generator_public_key())
	}
}

impl pallet_did::Config for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	type DidCallAuthorization = RuntimeDidCalls;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type ZkIssuerKeyCheck = JubjubKeyCheck;
	// Trusted-issuer lists follow their issuers' keys.
	type ZkKeyObserver = crate::Presentation;
	type BaseDeposit = DidBaseDeposit;
	type TombstoneFee = DidTombstoneFee;
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
/// revoking and managing revocation registries, and a verifier's trusted-issuer lists and
/// verification requests, need `assertionMethod`; giving, changing,
/// revoking, declining and using consent grants need `authentication`. Every other call
/// cannot be DID-signed.
pub struct RuntimeDidCalls;
impl DidCallAuthorization<RuntimeCall> for RuntimeDidCalls {
	fn required_relationship(call: &RuntimeCall) -> Option<Relationship> {
		match call {
			// Permissionless clean-ups that return deposits: plain signed calls, never DID-signed.
			RuntimeCall::Revocation(pallet_revocation::Call::close_orphaned { .. }) => None,
			RuntimeCall::Revocation(_) => Some(Relationship::AssertionMethod),
			// `expire` is the authorities' unsigned cleanup, `purge` anyone's.
			RuntimeCall::Consent(
				pallet_consent::Call::expire { .. } | pallet_consent::Call::purge { .. },
			) => None,
			RuntimeCall::Consent(_) => Some(Relationship::Authentication),
			// A verifier's lists and requests; presenting and the clean-ups are plain signed
			// calls.
			RuntimeCall::Presentation(
				pallet_presentation::Call::create_list { .. }
				| pallet_presentation::Call::add_issuer { .. }
				| pallet_presentation::Call::remove_issuer { .. }
				| pallet_presentation::Call::close_list { .. }
				| pallet_presentation::Call::create_request { .. }
				| pallet_presentation::Call::close_request { .. }
				| pallet_presentation::Call::leave_list { .. },
			) => Some(Relationship::AssertionMethod),
			call => pallet_did::DidManagementCalls::<Runtime>::required_relationship(call),
		}
	}
}
