//! A lying peer: a libp2p node on the same stack as the node's default network backend
//! (litep2p: TCP, Noise, Yamux) that completes the handshakes of the chain's block-announce
//! and transactions protocols honestly, then announces, serves and gossips what an honest
//! peer never would.
//!
//! What it speaks (polkadot-sdk's wire formats, built from polkadot-sdk's own types where
//! they are public):
//! - `/<genesis>/block-announces/1`: a notification protocol whose handshake is
//!   `BlockAnnouncesHandshake` (roles, best number and hash, genesis hash), then
//!   `BlockAnnounce` notifications (header, `BlockState`, data).
//! - `/<genesis>/sync/2`: requests and responses in protobuf (`api.v1.BlockRequest`,
//!   `api.v1.BlockResponse`); the node asks it for an announced block's body here.
//! - `/<genesis>/transactions/1`: a notification protocol whose handshake is the roles, then
//!   notifications of SCALE-encoded `Vec<extrinsic>`.

use std::{str::FromStr, time::Duration};

use codec::Encode;
use futures::StreamExt;
use litep2p::{
	config::ConfigBuilder,
	crypto::ed25519::Keypair,
	protocol::{
		notification::{
			Config as NotificationConfig, ConfigBuilder as NotificationConfigBuilder,
			NotificationEvent, NotificationHandle, ValidationResult,
		},
		request_response::{
			ConfigBuilder as RequestResponseConfigBuilder, RequestResponseEvent,
			RequestResponseHandle,
		},
	},
	transport::tcp::config::Config as TcpConfig,
	types::multiaddr::Multiaddr,
	Litep2p, PeerId,
};
use sc_network_common::{
	role::Roles,
	sync::message::{BlockAnnounce, BlockAnnouncesHandshake, BlockState},
};
use sp_core::H256;

/// The largest notification either protocol takes from the node.
const MAX_NOTIFICATION: usize = 16 * 1024 * 1024;

/// `api.v1.BlockRequest` (sc-network-sync's `schema/api.v1.proto`), the fields the node sets.
#[derive(Clone, PartialEq, prost::Message)]
pub struct BlockRequest {
	#[prost(uint32, tag = "1")]
	pub fields: u32,
	#[prost(oneof = "FromBlock", tags = "2, 3")]
	pub from_block: Option<FromBlock>,
	#[prost(int32, tag = "5")]
	pub direction: i32,
	#[prost(uint32, tag = "6")]
	pub max_blocks: u32,
	#[prost(bool, tag = "7")]
	pub support_multiple_justifications: bool,
}

/// `api.v1.BlockRequest.from_block`.
#[derive(Clone, PartialEq, prost::Oneof)]
pub enum FromBlock {
	#[prost(bytes, tag = "2")]
	Hash(Vec<u8>),
	#[prost(bytes, tag = "3")]
	Number(Vec<u8>),
}

/// `api.v1.BlockResponse`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct BlockResponse {
	#[prost(message, repeated, tag = "1")]
	pub blocks: Vec<BlockData>,
}

/// `api.v1.BlockData`, the fields a block with a body uses.
#[derive(Clone, PartialEq, prost::Message)]
pub struct BlockData {
	#[prost(bytes, tag = "1")]
	pub hash: Vec<u8>,
	#[prost(bytes, tag = "2")]
	pub header: Vec<u8>,
	#[prost(bytes, repeated, tag = "3")]
	pub body: Vec<Vec<u8>>,
}

/// A block as the peer serves it: its hash, encoded header and encoded extrinsics.
#[derive(Clone, Debug)]
pub struct ServedBlock {
	pub hash: H256,
	pub header: Vec<u8>,
	pub body: Vec<Vec<u8>>,
}

/// What the node did with the peer.
#[derive(Debug, Default)]
pub struct Exchange {
	/// The node accepted the block-announce handshake (a substream opened).
	pub announces_opened: bool,
	/// The node accepted the transactions handshake.
	pub transactions_opened: bool,
	/// Hashes of the blocks the node asked for on `/sync/2`, in order.
	pub requested: Vec<H256>,
	/// Block requests answered with a served block.
	pub served: usize,
	/// The node closed the block-announce substream or the connection.
	pub disconnected: bool,
}

/// A connected lying peer.
pub struct LyingPeer {
	litep2p: Litep2p,
	announces: NotificationHandle,
	transactions: NotificationHandle,
	sync: RequestResponseHandle,
	node: PeerId,
	pub exchange: Exchange,
}

/// The notification protocol `/<genesis>/<name>` with `handshake`.
fn notification(
	genesis: H256,
	name: &str,
	handshake: Vec<u8>,
) -> (NotificationConfig, NotificationHandle) {
	NotificationConfigBuilder::new(format!("/{}/{name}", hex(genesis)).into())
		.with_max_size(MAX_NOTIFICATION)
		.with_handshake(handshake)
		.with_auto_accept_inbound(true)
		.build()
}

fn hex(hash: H256) -> String {
	array_bytes::bytes2hex("", hash.as_bytes())
}

impl LyingPeer {
	/// A fresh identity (the node bans peers that lied to it) on a free loopback port,
	/// dialed to `node_addr` (`/ip4/127.0.0.1/tcp/<port>/p2p/<peer id>`), claiming the
	/// node's best block as its own. Opens both notification substreams and waits (up to
	/// `timeout`) for the node to accept them.
	pub async fn connect(
		node_addr: &str,
		genesis: H256,
		best: (u32, H256),
		timeout: Duration,
	) -> Result<Self, String> {
		let handshake = BlockAnnouncesHandshake::<didimo_runtime::Block>::build(
			Roles::FULL,
			best.0,
			best.1,
			genesis,
		)
		.encode();
		let (announces_config, announces) = notification(genesis, "block-announces/1", handshake);
		let (transactions_config, transactions) =
			notification(genesis, "transactions/1", Roles::FULL.encode());
		let (sync_config, sync) =
			RequestResponseConfigBuilder::new(format!("/{}/sync/2", hex(genesis)).into())
				.with_max_size(MAX_NOTIFICATION)
				.build();
		let config = ConfigBuilder::new()
			.with_keypair(Keypair::generate())
			.with_tcp(TcpConfig {
				listen_addresses: vec!["/ip4/127.0.0.1/tcp/0".parse().expect("a multiaddr")],
				..Default::default()
			})
			.with_notification_protocol(announces_config)
			.with_notification_protocol(transactions_config)
			.with_request_response_protocol(sync_config)
			.build();
		let litep2p = Litep2p::new(config).map_err(|e| format!("litep2p starts: {e}"))?;
		let address = Multiaddr::from_str(node_addr).map_err(|e| format!("{node_addr}: {e}"))?;
		let node = node_addr
			.rsplit('/')
			.next()
			.and_then(|id| PeerId::from_str(id).ok())
			.ok_or_else(|| format!("no peer id in {node_addr}"))?;
		let mut peer =
			Self { litep2p, announces, transactions, sync, node, exchange: Exchange::default() };
		peer.litep2p.dial_address(address).await.map_err(|e| format!("dial: {e}"))?;
		let _ = peer.announces.open_substream(node).await;
		let _ = peer.transactions.open_substream(node).await;
		peer.drive_until(timeout, |e| e.announces_opened && e.transactions_opened).await;
		if !peer.exchange.announces_opened {
			return Err("the node did not accept the block-announce handshake".into());
		}
		Ok(peer)
	}

	/// The peer's identity, as the node logs it.
	pub fn peer_id(&self) -> String {
		self.litep2p.local_peer_id().to_string()
	}

	/// Announces `header` (SCALE-encoded) as the peer's new best block.
	pub fn announce(&mut self, header: didimo_runtime::Header) -> Result<(), String> {
		let announce = BlockAnnounce { header, state: Some(BlockState::Best), data: None };
		self.send_announce(announce.encode())
	}

	/// Sends `bytes` as a block announcement, whatever they are.
	pub fn send_announce(&mut self, bytes: Vec<u8>) -> Result<(), String> {
		self.announces
			.send_sync_notification(self.node, bytes)
			.map_err(|e| format!("block announce: {e:?}"))
	}

	/// Sends `bytes` as a transactions notification, whatever they are.
	pub fn send_transactions(&mut self, bytes: Vec<u8>) -> Result<(), String> {
		self.transactions
			.send_sync_notification(self.node, bytes)
			.map_err(|e| format!("transactions: {e:?}"))
	}

	/// Runs the peer for up to `timeout`, answering every block request with `block`, until
	/// `done` holds of what has happened so far.
	pub async fn serve(
		&mut self,
		block: &ServedBlock,
		timeout: Duration,
		done: impl Fn(&Exchange) -> bool,
	) {
		self.drive(Some(block), timeout, done).await
	}

	/// Runs the peer for up to `timeout` (answering no block request) until `done` holds.
	pub async fn drive_until(&mut self, timeout: Duration, done: impl Fn(&Exchange) -> bool) {
		self.drive(None, timeout, done).await
	}

	async fn drive(
		&mut self,
		block: Option<&ServedBlock>,
		timeout: Duration,
		done: impl Fn(&Exchange) -> bool,
	) {
		let deadline = tokio::time::sleep(timeout);
		tokio::pin!(deadline);
		// `done` may watch the node from outside (its log, its RPC): look again at least this
		// often, events or not.
		let mut tick = tokio::time::interval(Duration::from_millis(250));
		while !done(&self.exchange) {
			tokio::select! {
				_ = &mut deadline => return,
				_ = tick.tick() => {},
				event = self.litep2p.next_event() => match event {
					Some(litep2p::Litep2pEvent::ConnectionClosed { peer, .. })
						if peer == self.node => self.exchange.disconnected = true,
					None => return,
					_ => {},
				},
				event = self.announces.next() => match event {
					Some(NotificationEvent::ValidateSubstream { peer, .. }) =>
						self.announces.send_validation_result(peer, ValidationResult::Accept),
					Some(NotificationEvent::NotificationStreamOpened { .. }) =>
						self.exchange.announces_opened = true,
					Some(NotificationEvent::NotificationStreamClosed { .. }) =>
						self.exchange.disconnected = true,
					None => return,
					_ => {},
				},
				event = self.transactions.next() => match event {
					Some(NotificationEvent::ValidateSubstream { peer, .. }) =>
						self.transactions.send_validation_result(peer, ValidationResult::Accept),
					Some(NotificationEvent::NotificationStreamOpened { .. }) =>
						self.exchange.transactions_opened = true,
					None => return,
					_ => {},
				},
				event = self.sync.next() => match event {
					Some(RequestResponseEvent::RequestReceived { request_id, request, .. }) => {
						self.answer(request_id, &request, block);
					},
					None => return,
					_ => {},
				},
			}
		}
	}

	/// Records a block request and answers it with `block` (or refuses it when there is none).
	fn answer(
		&mut self,
		request_id: litep2p::types::RequestId,
		request: &[u8],
		block: Option<&ServedBlock>,
	) {
		let asked = <BlockRequest as prost::Message>::decode(request).ok().and_then(|r| {
			match r.from_block {
				Some(FromBlock::Hash(hash)) if hash.len() == 32 => Some(H256::from_slice(&hash)),
				_ => None,
			}
		});
		if let Some(hash) = asked {
			self.exchange.requested.push(hash);
		}
		match block {
			Some(block) if asked == Some(block.hash) => {
				let response = BlockResponse {
					blocks: vec![BlockData {
						hash: block.hash.as_bytes().to_vec(),
						header: block.header.clone(),
						body: block.body.clone(),
					}],
				};
				self.sync.send_response(request_id, prost::Message::encode_to_vec(&response));
				self.exchange.served += 1;
			},
			_ => self.sync.reject_request(request_id),
		}
	}
}
