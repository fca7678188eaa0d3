//! # DIDimo JSON-RPC
//!
//! The node's custom JSON-RPC methods, beyond the standard Substrate ones (`chain_*`, `state_*`,
//! `author_*`, `system_*`, and the `chainHead_v1_*`, `chainSpec_v1_*`, `transaction_v1_*`
//! families, which `sc-service` serves itself).
//!
//! [`create_full`] is the one place the node builds this module; each pallet's RPC namespace
//! joins it there. Every method here is a thin, typed wrapper over a runtime API (so a light
//! client can reach the same answer with `state_call`), except where only the node can do the
//! work fast.
//!
//! Namespaces today:
//! - `system_accountNextIndex` (`substrate-frame-rpc-system`): an account's next nonce,
//!   counting transactions still in the pool;
//! - `payment_queryInfo`, `payment_queryFeeDetails` (`pallet-transaction-payment-rpc`): a
//!   transaction's weight, class and fee before submitting it.

#![warn(missing_docs)]

use std::sync::Arc;

use didimo_primitives::{AccountId, Balance, Nonce};
use jsonrpsee::RpcModule;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use sp_runtime::traits::Block as BlockT;

/// What the RPC methods need from the node.
pub struct FullDeps<C, P> {
	/// The client: runtime APIs and chain data.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
}

/// Builds the RPC module with every DIDimo RPC namespace.
pub fn create_full<Block, C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ BlockBuilder<Block>,
	P: TransactionPool<Block = Block> + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let FullDeps { client, pool } = deps;
	let mut module = RpcModule::new(());
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client).into_rpc())?;
	Ok(module)
}
