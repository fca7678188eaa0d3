//! Consent grants, and the off-chain cleanup of grants that ran out.

use alloc::vec::Vec;
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
};
use pallet_consent::Moment;
use pallet_did::{relationship::Authentication, EnsureDidWithDepositor};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{MultiSignature, MultiSigner};

use crate::{
	Balance, Balances, Did, Runtime, RuntimeCall, RuntimeHoldReason, Timestamp, UncheckedExtrinsic,
	MILLI_UNIT, UNIT,
};

/// Milliseconds in a day of chain time.
const DAY_MS: Moment = 24 * 60 * 60 * 1000;

parameter_types! {
	/// A grant's record (about 400 bytes at the bounds below without its scopes) and its
	/// history of up to 32 entries (about 25 bytes each).
	pub const ConsentGrantDeposit: Balance = UNIT / 2;
	/// Each scope: a category and a purpose of up to 100 bytes each.
	pub const ConsentScopeDeposit: Balance = 50 * MILLI_UNIT;
}

impl pallet_consent::Config for Runtime {
	type SubjectOrigin = EnsureDidWithDepositor<Runtime, Authentication>;
	type GranteeOrigin = EnsureDidWithDepositor<Runtime, Authentication>;
	type Dids = Did;
	type Time = Timestamp;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type GrantDeposit = ConsentGrantDeposit;
	type ScopeDeposit = ConsentScopeDeposit;
	/// Sixteen (category, purpose) pairs per grant.
	type MaxScopes = ConstU32<16>;
	/// A credential schema id (a URI or a hash in hex) or a category code.
	type MaxCategoryLength = ConstU32<100>;
	/// A W3C DPV purpose as a prefixed name (`dpv:ServiceProvision`) or an IRI.
	type MaxPurposeLength = ConstU32<100>;
	/// An ISO 3166-1/-2 code (`DE`, `US-CA`) or `EU`.
	type MaxJurisdictionLength = ConstU32<8>;
	/// A URI of the privacy policy the consent was given under.
	type MaxPolicyLength = ConstU32<200>;
	type MaxGrantsPerPair = ConstU32<8>;
	type MaxRevocationsPerCall = ConstU32<64>;
	type MaxHistory = ConstU32<32>;
	/// An ended grant stays readable (so `check` says why access is denied) for 30 days.
	type EndedRetention = ConstU64<{ 30 * DAY_MS }>;
	type AuthorityId = pallet_consent::crypto::Sr25519Authority<AuraId>;
	type Authorities = AuraAuthorities;
	type MaxExpiriesPerTx = ConstU32<64>;
	type MaxOffchainScan = ConstU32<256>;
	/// An authority sends at most one `expire` per minute.
	type ExpiryInterval = ConstU32<10>;
	type UnsignedPriority = ConstU64<{ 1 << 20 }>;
	type WeightInfo = pallet_consent::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = super::revocation::DidBenchmarkHelper;
}

/// Aura's authorities, as the signers of consent-expiry payloads.
pub struct AuraAuthorities;
impl frame_support::traits::Get<Vec<MultiSigner>> for AuraAuthorities {
	fn get() -> Vec<MultiSigner> {
		pallet_aura::Authorities::<Runtime>::get()
			.into_iter()
			.map(|id| MultiSigner::Sr25519(sp_core::sr25519::Public::from(id)))
			.collect()
	}
}

impl frame_system::offchain::SigningTypes for Runtime {
	type Public = MultiSigner;
	type Signature = MultiSignature;
}

impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<LocalCall> frame_system::offchain::CreateBare<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	fn create_bare(call: RuntimeCall) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_bare(call)
	}
}

/// The consent benchmarks make DIDs active and set the clock with the helper the revocation
/// benchmarks use too.
#[cfg(feature = "runtime-benchmarks")]
impl pallet_consent::BenchmarkHelper<crate::AccountId> for super::revocation::DidBenchmarkHelper {
	fn activate_did(did: &didimo_primitives::did::DidIdentifier, owner: crate::AccountId) {
		pallet_did::benchmarking::activate_did::<Runtime>(did, owner);
	}
	fn set_time(now: Moment) {
		// Not `Timestamp::set_timestamp`: its `OnTimestampSet` (Aura) insists the time
		// matches the current slot.
		pallet_timestamp::Now::<Runtime>::put(now);
	}
}
