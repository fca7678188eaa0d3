//! # DIDimo runtime
//!
//! The state transition function of the DIDimo chain, built with FRAME. It is compiled twice:
//! to wasm (the blob the node executes and the chain stores, built by `build.rs`) and natively
//! (so the node and tests share its types).
//!
//! - [`configs`]: one module per pallet group: `system` (System, Utility, Sudo), `consensus`
//!   (Timestamp, Aura, GRANDPA, Session, ValidatorSet), `monetary` (Balances, TransactionPayment), and one each for
//!   the identity pallets, `did`, `revocation` and `consent` (with the DID-call authorisation
//!   and the benchmark helpers).
//! - [`apis`]: the runtime APIs the node, wallets and light clients call: the standard ones,
//!   `DidApi`, `RevocationApi`, `ConsentApi` (each forwarding to its pallet's `api_*` reads)
//!   and `ChainTimeApi`.
//! - [`genesis_config_presets`]: the `development` and `local_testnet` genesis presets.
//! - `tests.rs`: the runtime's own tests (weights per block, pallet wiring).
//!
//! Pallets, by index: System (0), Timestamp (1), Aura (2), Grandpa (3), Balances (4),
//! TransactionPayment (5), Sudo (6), Utility (7), ValidatorSet (8), Session (9); the identity
//! pallets from 20 on: Did (20), Revocation (21), Consent (22), Presentation (23).

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`-style macros expand to large recursive types.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
pub mod configs;
pub mod genesis_config_presets;

use alloc::{borrow::Cow, vec::Vec};
use sp_runtime::{generic, impl_opaque_keys, traits::BlakeTwo256};
use sp_version::{runtime_version, RuntimeVersion};

pub use didimo_primitives::{
	time::{DAYS, HOURS, MILLISECS_PER_BLOCK, MINUTES, SLOT_DURATION},
	token::{MICRO_UNIT, MILLI_UNIT, UNIT},
	AccountId, Balance, BlockNumber, Hash, Nonce, Signature,
};
pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_sudo::Call as SudoCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Types the node needs without knowing the runtime's extrinsic format, so it keeps syncing
/// across runtime upgrades that change that format.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block hash.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	/// The keys a validator registers: Aura (block authoring) and GRANDPA (finality).
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// The runtime's version. Bump `spec_version` with every change to the runtime's logic and
/// `transaction_version` with every change to how transactions are encoded.
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("didimo"),
	impl_name: Cow::Borrowed("didimo-node"),
	authoring_version: 1,
	spec_version: 108,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// The smallest balance an account may hold; below it the account is reaped.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Storage deposit per storage item (a trie entry: its node and branch overhead).
pub const DEPOSIT_PER_ITEM: Balance = 20 * MILLI_UNIT;

/// Storage deposit per byte stored, key and value alike.
pub const DEPOSIT_PER_BYTE: Balance = MILLI_UNIT;

/// The one price of chain storage, the same in every pallet: the deposit for `items` storage
/// items holding `bytes` bytes in all (keys and values, at their largest encoding). Every
/// deposit the runtime configures is `deposit(..)` of what it pays for, counted from the
/// stored types' `MaxEncodedLen`, so a byte costs the same whichever pallet stores it.
pub const fn deposit(items: u32, bytes: u32) -> Balance {
	items as Balance * DEPOSIT_PER_ITEM + bytes as Balance * DEPOSIT_PER_BYTE
}

/// Bytes of a storage key: the pallet and storage prefixes (16 bytes each) and `key_bytes` of
/// hashed key (`Blake2_128Concat`: 16 + the key; `Twox64Concat`: 8 + the key).
pub const fn storage_key_bytes(key_bytes: u32) -> u32 {
	32 + key_bytes
}

/// How accounts are addressed in transactions.
pub type Address = sp_runtime::MultiAddress<AccountId, ()>;

/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions every signed transaction carries, in order. Wallets build the
/// signed payload from this list (it is in the metadata).
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// An extrinsic as it arrives from a wallet.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload a wallet signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run at the next runtime upgrade, beyond the pallets' own.
type Migrations = (
	pallet_presentation::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_presentation::migrations::v3::MigrateV2ToV3<Runtime>,
);

/// Dispatches blocks and transactions to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	// Declared before Aura and GRANDPA (whose authorities the session sets) and in this order
	// (the validator set's genesis before the session's, which asks it for the validators).
	#[runtime::pallet_index(8)]
	pub type ValidatorSet = pallet_validator_set;

	#[runtime::pallet_index(9)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(7)]
	pub type Utility = pallet_utility;

	#[runtime::pallet_index(20)]
	pub type Did = pallet_did;

	#[runtime::pallet_index(21)]
	pub type Revocation = pallet_revocation;

	#[runtime::pallet_index(22)]
	pub type Consent = pallet_consent;

	#[runtime::pallet_index(23)]
	pub type Presentation = pallet_presentation;
}

#[cfg(feature = "runtime-benchmarks")]
mod benches {
	use super::Runtime;

	// The benchmark pallets' configs, at module level (not inside `dispatch_benchmark`, where
	// they were non-local impls).
	impl frame_system_benchmarking::Config for Runtime {}
	impl frame_benchmarking::baseline::Config for Runtime {}

	frame_benchmarking::define_benchmarks!(
		[frame_benchmarking, BaselineBench::<Runtime>]
		[frame_system, SystemBench::<Runtime>]
		[pallet_balances, Balances]
		[pallet_timestamp, Timestamp]
		[pallet_sudo, Sudo]
		[pallet_utility, Utility]
		[pallet_did, Did]
		[pallet_revocation, Revocation]
		[pallet_consent, Consent]
		[pallet_presentation, Presentation]
		[pallet_validator_set, ValidatorSet]
	);
}

#[cfg(test)]
mod tests;
