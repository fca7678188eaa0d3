//! Consent grants, the off-chain cleanup of grants that ran out, and the bounds of the
//! permissionless `purge`.

use alloc::vec::Vec;
use codec::MaxEncodedLen;
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
};
use pallet_consent::Moment;
use pallet_did::{relationship::Authentication, EnsureDidWithDepositor};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{MultiSignature, MultiSigner};

use crate::{
	deposit, storage_key_bytes, Balance, Balances, BlockNumber, Did, Runtime, RuntimeCall,
	RuntimeHoldReason, Timestamp, UncheckedExtrinsic,
};

/// Milliseconds in a day of chain time.
const DAY_MS: Moment = 24 * 60 * 60 * 1000;

/// Most (category, purpose) scopes in a grant.
const MAX_SCOPES: u32 = 16;
/// Most entries in a grant's history.
const MAX_HISTORY: u32 = 32;
/// A `Grants` or `Histories` key: a `Twox64Concat` grant id.
const GRANT_KEY: u32 = storage_key_bytes(8 + 8);
/// A `SubjectGrants` or `GranteeGrants` key: a `Blake2_128Concat` DID and the grant id.
const INDEX_KEY: u32 = storage_key_bytes(16 + 32 + 8);

/// A grant without its scopes: its record at its largest less the scopes it may hold.
fn grant_bytes() -> u32 {
	let scope = pallet_consent::Scope::<Runtime>::max_encoded_len() as u32;
	pallet_consent::Grant::<Runtime>::max_encoded_len() as u32 - MAX_SCOPES * scope
}

parameter_types! {
	/// A grant's record, its history, and its entries in the subject's and grantee's indexes
	/// (the pair's list of grant ids is paid by this grant's 8-byte entry in it).
	pub ConsentGrantDeposit: Balance = deposit(
		4,
		GRANT_KEY
			+ grant_bytes()
			+ GRANT_KEY
			+ MAX_HISTORY
				* didimo_primitives::consent::HistoryEntry::<BlockNumber>::max_encoded_len() as u32
			+ 2 * INDEX_KEY
			+ 8,
	);
	/// Each scope: a category and a purpose at their longest.
	pub ConsentScopeDeposit: Balance =
		deposit(0, pallet_consent::Scope::<Runtime>::max_encoded_len() as u32);
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
	type MaxScopes = ConstU32<MAX_SCOPES>;
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
	/// As many as one `expire` handles.
	type MaxPurgesPerCall = ConstU32<64>;
	type MaxHistory = ConstU32<MAX_HISTORY>;
	/// An ended grant stays readable (so `check` says why access is denied) for 30 days.
	type EndedRetention = ConstU64<{ 30 * DAY_MS }>;
	/// A grant ends at most a year ahead; `renew` extends it, a year from then at most.
	type MaxGrantDuration = ConstU64<{ 366 * DAY_MS }>;
	type AuthorityId = didimo_primitives::offchain::Sr25519Authority<AuraId>;
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

/// Aura's authorities, as the signers of the off-chain workers' payloads (consent expiry,
/// presentation housekeeping).
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
impl pallet_consent::BenchmarkHelper<crate::AccountId, MultiSigner>
	for super::revocation::DidBenchmarkHelper
{
	fn activate_did(did: &didimo_primitives::did::DidIdentifier, owner: crate::AccountId) {
		pallet_did::benchmarking::activate_did::<Runtime>(did, owner);
	}
	fn set_time(now: Moment) {
		// Not `Timestamp::set_timestamp`: its `OnTimestampSet` (Aura) insists the time
		// matches the current slot.
		pallet_timestamp::Now::<Runtime>::put(now);
	}
	fn set_last_authority(authority: MultiSigner) {
		use frame_support::traits::Get;
		// Aura's keys are sr25519: any other key stays out, and the benchmark's
		// validation fails with `BadSigner`.
		let MultiSigner::Sr25519(public) = authority else { return };
		let last = AuraId::from(public);
		let max = <Runtime as pallet_aura::Config>::MaxAuthorities::get();
		let authorities = (1..max)
			.map(|i| AuraId::from(sp_core::sr25519::Public::from_raw([i as u8; 32])))
			.chain(core::iter::once(last))
			.collect::<Vec<_>>();
		pallet_aura::Authorities::<Runtime>::put(frame_support::BoundedVec::truncate_from(
			authorities,
		));
	}
}
