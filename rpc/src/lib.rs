//! # DIDimo JSON-RPC
//!
//! The node's custom JSON-RPC methods, beyond the standard Substrate ones (`chain_*`, `state_*`,
//! `author_*`, `system_*`, and the `chainHead_v1_*`, `chainSpec_v1_*`, `transaction_v1_*`
//! families, which `sc-service` serves itself).
//!
//! [`create_full`] is the one place the node builds this module; each pallet's RPC namespace
//! joins it there. Every method is a thin, typed wrapper over a runtime API, so a light client
//! can reach the same answer with `state_call`: it returns a type (the runtime API's own, whose
//! `serde` form is camelCase, or a W3C / ISO shape built from it here), never hand-built JSON.
//!
//! ## Heavy methods
//!
//! Methods that do more than a few storage reads run off the async executor, on the blocking
//! pool. jsonrpsee's `blocking` methods do that, but with no bound on how many run at once. A
//! burst of them would take every core from block import and authoring.
//!
//! The heaviest methods are `async` and run their work through [`limit::Limiter::run`]
//! instead, under the one limiter the node passes in [`FullDeps::heavy`]:
//! - at most half the cores work on them at once (at least one);
//! - up to 64 more requests per slot wait, without holding a thread, for at most five
//!   seconds;
//! - beyond that, a request fails at once with JSON-RPC's "server is busy" (`-32009`), and the
//!   client retries later.
//!
//! Presentation verification has its own limiter ([`FullDeps::verify`]): as many at once as the
//! machine has cores, since answering them is what a verification node is for.
//!
//! `revocation_witness`, `revocation_statusList`, `consent_grants`, `consent_history` and
//! `consent_receipt` work this way, and status lists are also cached per (registry, block)
//! ([`revocation::StatusListCache`]). `did_resolve` reads one DID (a few storage reads) on the
//! blocking pool, without the limiter; its answers are cached per (block, DID)
//! ([`did::ResolutionCache`], shared with `did_dereference` and the node's HTTP resolver,
//! which has its own connection limits), so a DID asked for again at the same block costs no
//! runtime call.
//!
//! Namespaces:
//! - `did_resolve`, `did_dereference` ([`did`], [`dereference`]): W3C DID Resolution (with
//!   versions) and DID URL dereferencing (fragments, services, status lists) of `did:didimo`
//!   DIDs over the `DidApi` runtime API; the same code serves the node's HTTP resolver;
//! - `revocation_status`, `revocation_witness`, `revocation_statusList` ([`revocation`]):
//!   credential status, non-revocation witnesses and W3C Bitstring Status List credentials
//!   over the `RevocationApi` runtime API;
//! - `consent_check`, `consent_grants`, `consent_history`, `consent_receipt` ([`consent`]):
//!   consent grants, their audit trails and ISO/IEC TS 27560 / Kantara CR 1.1 shaped consent
//!   records over the `ConsentApi` runtime API;
//! - `presentation_verify`, `presentation_verifyBatch`, `presentation_challenge`,
//!   `presentation_request`, `presentation_trustedList`, `presentation_circuits`
//!   ([`presentation`]): zero-knowledge presentations verified natively under the runtime's
//!   own rules, singly or in batches, and the verification requests, trusted-issuer lists
//!   and circuits they are checked against, over the `PresentationApi` runtime API;
//! - `system_accountNextIndex` (`substrate-frame-rpc-system`): an account's next nonce,
//!   counting transactions still in the pool;
//! - `payment_queryInfo`, `payment_queryFeeDetails` (`pallet-transaction-payment-rpc`): a
//!   transaction's weight, class and fee before submitting it.
//!
//! Dates come from the `ChainTimeApi` runtime API ([`chain_time`]). The node's end-to-end tests
//! (`node/tests/e2e`) call every method on a running node.

#![warn(missing_docs)]

pub mod chain_time;
pub mod consent;
pub mod dereference;
pub mod did;
pub mod error;
pub mod http;
pub mod limit;
pub mod presentation;
pub mod revocation;
pub mod vc_api;

use std::sync::Arc;

use didimo_primitives::{time::ChainTimeApi, AccountId, Balance, BlockNumber, Nonce};
use jsonrpsee::RpcModule;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use sp_runtime::traits::Block as BlockT;

/// What the RPC methods need from the node.
pub struct FullDeps<C, P, Block: BlockT> {
	/// The client: runtime APIs and chain data.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
	/// Bounds the heavy methods' work ([`limit::Limiter::for_heavy_reads`]). The node makes
	/// one and passes a clone to every module it builds, so they all share one bound.
	pub heavy: limit::Limiter,
	/// Bounds presentation verification ([`limit::Limiter::for_verification`]), shared the
	/// same way.
	pub verify: limit::Limiter,
	/// The presentation verifier (its prepared keys and its queue of waiting calls), shared
	/// by every module built and by the node's HTTP endpoint, so concurrent callers of both
	/// are verified together.
	pub verifier: Arc<presentation::Verifier<C, Block>>,
	/// The DID URL dereferencer (its status list cache and heavy-read bound), shared with the
	/// node's HTTP resolver.
	pub dereferencer: Arc<dereference::Dereferencer<C, Block>>,
}

/// Builds the RPC module with every DIDimo RPC namespace.
pub fn create_full<Block, C, P>(
	deps: FullDeps<C, P, Block>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	Block: BlockT,
	Block::Header: sp_runtime::traits::Header<Number = BlockNumber>,
	C: ProvideRuntimeApi<Block>
		+ sp_api::CallApiAt<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ pallet_did_runtime_api::DidApi<Block, AccountId, Balance, BlockNumber>
		+ pallet_revocation_runtime_api::RevocationApi<Block, AccountId, Balance, BlockNumber>
		+ pallet_consent_runtime_api::ConsentApi<Block, AccountId, Balance, BlockNumber>
		+ pallet_presentation_runtime_api::PresentationApi<Block, AccountId, Balance, BlockNumber>
		+ ChainTimeApi<Block>
		+ BlockBuilder<Block>,
	P: TransactionPool<Block = Block> + 'static,
{
	use consent::{Consent, ConsentApiServer};
	use did::{Did, DidApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use presentation::{PresentationApiServer, PresentationRpc};
	use revocation::{Revocation, RevocationApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let FullDeps { client, pool, heavy, verify, verifier, dereferencer } = deps;
	let status_lists = dereferencer.lists();
	let mut module = RpcModule::new(());
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(Did::<C, Block>::new(client.clone(), dereferencer).into_rpc())?;
	module.merge(
		Revocation::<C, Block>::new(client.clone(), heavy.clone(), status_lists).into_rpc(),
	)?;
	module.merge(Consent::<C, Block>::new(client.clone(), heavy).into_rpc())?;
	module.merge(PresentationRpc::<C, Block>::new(verifier, verify).into_rpc())?;
	Ok(module)
}
