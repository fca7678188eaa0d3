//! The runtime APIs: what the node, wallets and light clients may call on this runtime
//! (`state_call` reaches every one of them, so light clients can too).

use alloc::vec::Vec;
use didimo_primitives::{
	consent::{GrantId, Moment},
	did::DidIdentifier,
	revocation::RegistryId,
};
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_consent_runtime_api as consent_api;
use pallet_did_runtime_api as did_api;
use pallet_grandpa::AuthorityId as GrandpaId;
use pallet_presentation_runtime_api as presentation_api;
use pallet_revocation_runtime_api as revocation_api;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult, ExtrinsicInclusionMode,
};
use sp_version::RuntimeVersion;

use crate::{
	genesis_config_presets, AccountId, Aura, Balance, Block, BlockNumber, Consent, Did, Executive,
	Grandpa, InherentDataExt, Nonce, Presentation, Revocation, Runtime, RuntimeCall,
	RuntimeGenesisConfig, SessionKeys, System, TransactionPayment, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			pallet_grandpa::CurrentSetId::<Runtime>::get()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Without sessions there is no key-ownership proof to check a report against.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}

		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}

		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_revocation_runtime_api::RevocationApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn status(registry: RegistryId, index: u32) -> revocation_api::StatusAt<BlockNumber> {
			Revocation::api_status(registry, index)
		}

		fn registry(
			registry: RegistryId,
		) -> Option<revocation_api::RegistryInfo<AccountId, Balance, BlockNumber>> {
			Revocation::api_registry(registry)
		}

		fn registries_of(issuer: DidIdentifier, start: RegistryId, limit: u32) -> Vec<RegistryId> {
			Revocation::api_registries_of(&issuer, start, limit)
		}

		fn status_list(registry: RegistryId) -> Option<revocation_api::StatusList<BlockNumber>> {
			Revocation::api_status_list(registry)
		}

		fn witness(registry: RegistryId, index: u32) -> Option<revocation_api::Witness<BlockNumber>> {
			Revocation::api_witness(registry, index)
		}

		fn recent_roots(registry: RegistryId) -> Option<revocation_api::RecentRoots<BlockNumber>> {
			Revocation::api_recent_roots(registry)
		}
	}

	impl pallet_presentation_runtime_api::PresentationApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn circuits() -> Vec<presentation_api::CircuitInfo<BlockNumber>> {
			Presentation::api_circuits()
		}

		fn verify_proof(
			version: presentation_api::CircuitVersion,
			public_inputs: Vec<[u8; 32]>,
			proof: Vec<u8>,
		) -> Result<(), presentation_api::VerifyError> {
			Presentation::api_verify_proof(version, public_inputs, proof)
		}

		fn trusted_list(
			list: presentation_api::ListId,
		) -> Option<presentation_api::TrustedListInfo<BlockNumber>> {
			Presentation::api_trusted_list(list)
		}

		fn request(
			request: presentation_api::RequestId,
		) -> Option<presentation_api::RequestInfo<AccountId, Balance, BlockNumber>> {
			Presentation::api_request(request)
		}

		fn challenge(request: presentation_api::RequestId, nonce: [u8; 32]) -> [u8; 32] {
			Presentation::api_challenge(request, nonce)
		}

		fn verify(
			request: presentation_api::RequestId,
			proof: Vec<u8>,
			presented: presentation_api::Presented,
			nonce: [u8; 32],
		) -> Result<(), presentation_api::PresentError> {
			Presentation::api_verify(request, proof, presented, nonce)
		}

		fn nullifier_used(
			request: presentation_api::RequestId,
			nullifier: presentation_api::Digest,
		) -> Option<bool> {
			Presentation::nullifier_used(&request, &nullifier)
		}
	}

	impl pallet_consent_runtime_api::ConsentApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn check(
			subject: DidIdentifier,
			grantee: DidIdentifier,
			category: Vec<u8>,
			action: consent_api::Action,
			purpose: Vec<u8>,
			at: Option<Moment>,
		) -> Result<consent_api::CheckResult, consent_api::CheckError> {
			Consent::api_check(&subject, &grantee, &category, action, &purpose, at)
		}

		fn grants_by_subject(
			subject: DidIdentifier,
			after: Option<GrantId>,
			limit: u32,
		) -> consent_api::GrantPage<AccountId, Balance, BlockNumber> {
			Consent::api_grants_by_subject(&subject, after, limit)
		}

		fn grants_to_grantee(
			grantee: DidIdentifier,
			after: Option<GrantId>,
			limit: u32,
		) -> consent_api::GrantPage<AccountId, Balance, BlockNumber> {
			Consent::api_grants_to_grantee(&grantee, after, limit)
		}

		fn grant(id: GrantId) -> Option<consent_api::GrantInfo<AccountId, Balance, BlockNumber>> {
			Consent::api_grant(id)
		}

		fn history(id: GrantId) -> Option<Vec<consent_api::HistoryEntry<BlockNumber>>> {
			Consent::api_history(id)
		}
	}

	impl pallet_did_runtime_api::DidApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn resolve(did: DidIdentifier) -> did_api::DidResolution<AccountId, Balance, BlockNumber> {
			Did::api_resolve(&did)
		}

		fn resolve_many(
			dids: Vec<DidIdentifier>,
		) -> Vec<did_api::DidResolution<AccountId, Balance, BlockNumber>> {
			Did::api_resolve_many(&dids)
		}

		fn did_of(account: DidIdentifier) -> Option<DidIdentifier> {
			Did::api_did_of(&account)
		}
	}

	impl didimo_primitives::time::ChainTimeApi<Block> for Runtime {
		fn now() -> Moment {
			pallet_timestamp::Now::<Runtime>::get()
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::{baseline, BenchmarkList};
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::Pallet as SystemBench;
			use baseline::Pallet as BaselineBench;
			use crate::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);
			let storage_info = AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::{baseline, BenchmarkBatch};
			use frame_support::traits::WhitelistedStorageKeys;
			use sp_storage::TrackedStorageKey;
			use frame_system_benchmarking::Pallet as SystemBench;
			use baseline::Pallet as BaselineBench;
			use crate::*;

			let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// try-runtime is an off-chain tool: failing loudly here, with a backtrace, is the point.
			#[allow(clippy::expect_used)]
			let weight = Executive::try_runtime_upgrade(checks)
				.expect("runtime upgrade logic must be correct");
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			#[allow(clippy::expect_used)]
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("try_execute_block failed")
		}
	}
}
