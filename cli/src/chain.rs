//! The chain as the tool sees it: its identity and runtime version, reads (runtime APIs and
//! storage) and transactions, signed here, submitted, and followed to their block and to
//! finality.

use std::{
	io::{IsTerminal, Write},
	thread,
	time::{Duration, Instant},
};

use codec::{Decode, Encode};
use didimo_runtime::{
	RuntimeCall, RuntimeError, RuntimeEvent, SignedPayload, TxExtension, UncheckedExtrinsic,
	VERSION,
};
use serde_json::{json, Value};
use sp_core::H256;
use sp_runtime::{generic::Era, DispatchError, MultiAddress};

use crate::{
	error::{Error, Result},
	keys::KeyPair,
	rpc::Rpc,
};

/// How many blocks a transaction stays valid for (its mortality): if it is not in a block by
/// then, it never will be.
const MORTALITY: u64 = 64;

/// How often the chain is polled while waiting.
const POLL: Duration = Duration::from_millis(400);

/// How far a transaction is followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Wait {
	/// Until the pool accepts it.
	Pool,
	/// Until it is in a block (its events are then known).
	InBlock,
	/// Until that block is finalized.
	Finalized,
}

/// What became of a transaction.
#[derive(Debug)]
pub struct Receipt {
	/// The extrinsic's hash (blake2-256 of its encoding).
	pub hash: H256,
	/// The block it is in, unless only the pool was waited for.
	pub block: Option<(u32, H256)>,
	/// Whether that block is known to be finalized.
	pub finalized: bool,
	/// Its events.
	pub events: Vec<RuntimeEvent>,
}

impl Receipt {
	/// The receipt as JSON.
	pub fn json(&self) -> Value {
		json!({
			"extrinsic": format!("{:?}", self.hash),
			"block": self.block.map(|(n, h)| json!({ "number": n, "hash": format!("{h:?}") })),
			"finalized": self.finalized,
		})
	}
}

/// A connected chain.
pub struct Chain {
	pub rpc: Rpc,
	pub genesis: H256,
	pub spec_version: u32,
	pub tx_version: u32,
	progress: bool,
}

impl Chain {
	/// Connects and checks the chain is a DIDimo chain whose transactions this build encodes.
	pub fn connect(rpc: Rpc, progress: bool) -> Result<Self> {
		let genesis: String = rpc.call("chain_getBlockHash", json!([0]))?;
		let genesis = parse_hash(&genesis)?;
		let version: Value = rpc.call("state_getRuntimeVersion", json!([]))?;
		let spec_name = version["specName"].as_str().unwrap_or_default();
		if spec_name != &*VERSION.spec_name {
			return Err(Error::Usage(format!(
				"the node at {} runs `{spec_name}`, not a DIDimo chain (`{}`)",
				rpc.url(),
				VERSION.spec_name
			)));
		}
		let number = |key: &str| {
			version[key].as_u64().and_then(|v| u32::try_from(v).ok()).ok_or_else(|| {
				Error::Network(format!("state_getRuntimeVersion: no {key} in {version}"))
			})
		};
		let (spec_version, tx_version) = (number("specVersion")?, number("transactionVersion")?);
		if tx_version != VERSION.transaction_version {
			return Err(Error::Usage(format!(
				"the chain's transaction version is {tx_version} (runtime spec {spec_version}); \
				 this didimo encodes version {} (spec {}): use a didimo built for the chain's runtime",
				VERSION.transaction_version, VERSION.spec_version
			)));
		}
		Ok(Chain { rpc, genesis, spec_version, tx_version, progress })
	}

	/// The best block's number.
	pub fn best_number(&self) -> Result<u32> {
		let header: Value = self.rpc.call("chain_getHeader", json!([]))?;
		header_number(&header)
	}

	/// The finalized block's number and hash.
	pub fn finalized(&self) -> Result<(u32, H256)> {
		let hash: String = self.rpc.call("chain_getFinalizedHead", json!([]))?;
		let header: Value = self.rpc.call("chain_getHeader", json!([hash]))?;
		Ok((header_number(&header)?, parse_hash(&hash)?))
	}

	/// The hash of the canonical block `number`, if there is one yet.
	pub fn block_hash(&self, number: u64) -> Result<Option<H256>> {
		let hash: Option<String> = self.rpc.call("chain_getBlockHash", json!([number]))?;
		hash.map(|h| parse_hash(&h)).transpose()
	}

	/// Calls the runtime API function `method` (`DidApi_resolve`) with SCALE `args` at the best
	/// block, and decodes its answer.
	pub fn runtime_call<T: Decode>(&self, method: &str, args: &[u8]) -> Result<T> {
		let raw: String = self.rpc.call("state_call", json!([method, hex(args)]))?;
		T::decode(&mut &unhex(&raw)?[..])
			.map_err(|e| Error::Network(format!("{method}: the answer does not decode: {e}")))
	}

	/// The raw storage value at `key` in block `at` (the best block if `None`).
	pub fn storage(&self, key: &[u8], at: Option<H256>) -> Result<Option<Vec<u8>>> {
		let params = match at {
			Some(at) => json!([hex(key), format!("{at:?}")]),
			None => json!([hex(key)]),
		};
		let value: Option<String> = self.rpc.call("state_getStorage", params)?;
		value.map(|v| unhex(&v)).transpose()
	}

	/// The events of block `at`.
	pub fn events(&self, at: H256) -> Result<Vec<frame_system::EventRecord<RuntimeEvent, H256>>> {
		let mut key = sp_crypto_hashing::twox_128(b"System").to_vec();
		key.extend(sp_crypto_hashing::twox_128(b"Events"));
		let Some(raw) = self.storage(&key, Some(at))? else { return Ok(Vec::new()) };
		Decode::decode(&mut &raw[..])
			.map_err(|e| Error::Network(format!("the events of block {at:?} do not decode: {e}")))
	}

	/// Signs `call` with `signer` (its next nonce, mortal for 64 blocks, no tip), submits it
	/// and follows it as far as `wait` says. A transaction the pool refuses, or one that fails
	/// in its block, is an [`Error::Chain`] with the pallet's named error.
	pub fn submit(&self, signer: &KeyPair, call: RuntimeCall, wait: Wait) -> Result<Receipt> {
		let nonce: u64 = self.rpc.call("system_accountNextIndex", json!([signer.address()]))?;
		let nonce = u32::try_from(nonce)
			.map_err(|_| Error::Network(format!("nonce {nonce} out of range")))?;
		let best = u64::from(self.best_number()?);
		let era = Era::mortal(MORTALITY, best);
		let birth = era.birth(best);
		let birth_hash = self.block_hash(birth)?.ok_or_else(|| {
			Error::Network(format!("no block #{birth} to anchor the mortality to"))
		})?;
		let tx_ext: TxExtension = (
			frame_system::CheckNonZeroSender::new(),
			frame_system::CheckSpecVersion::new(),
			frame_system::CheckTxVersion::new(),
			frame_system::CheckGenesis::new(),
			frame_system::CheckEra::from(era),
			frame_system::CheckNonce::from(nonce),
			frame_system::CheckWeight::new(),
			pallet_transaction_payment::ChargeTransactionPayment::from(0),
			frame_metadata_hash_extension::CheckMetadataHash::new(false),
			frame_system::WeightReclaim::new(),
		);
		let implicit = (
			(),
			self.spec_version,
			self.tx_version,
			self.genesis,
			birth_hash,
			(),
			(),
			(),
			None,
			(),
		);
		let payload = SignedPayload::from_raw(call.clone(), tx_ext.clone(), implicit);
		let signature = payload.using_encoded(|bytes| signer.sign(bytes));
		let extrinsic = UncheckedExtrinsic::new_signed(
			call,
			MultiAddress::Id(signer.account()),
			signature,
			tx_ext,
		)
		.encode();
		let encoded = hex(&extrinsic);
		let hash = H256(sp_crypto_hashing::blake2_256(&extrinsic));

		if let Err(e) = self.rpc.call_raw("author_submitExtrinsic", json!([encoded]))? {
			return Err(Error::Chain {
				message: "the transaction pool refused the transaction".into(),
				error: Some(e.to_string()),
			});
		}
		if wait == Wait::Pool {
			return Ok(Receipt { hash, block: None, finalized: false, events: Vec::new() });
		}

		let progress = Progress::new(self.progress, "waiting for the transaction's block");
		let mut next = best + 1;
		let (number, block_hash, index) = loop {
			if let Some(found) = self.find_in_blocks(&encoded, &mut next, &progress)? {
				break found;
			}
			if next > birth + MORTALITY + 1 {
				return Err(Error::chain(format!(
					"the transaction {hash:?} was not included before it expired at block #{}: \
					 the pool dropped it (a nonce taken by another transaction?)",
					birth + MORTALITY
				)));
			}
			thread::sleep(POLL);
		};
		let events: Vec<RuntimeEvent> = self
			.events(block_hash)?
			.into_iter()
			.filter(|r| r.phase == frame_system::Phase::ApplyExtrinsic(index))
			.map(|r| r.event)
			.collect();
		check_events(&events)?;
		let mut receipt =
			Receipt { hash, block: Some((number, block_hash)), finalized: false, events };
		if wait == Wait::Finalized {
			progress.set("waiting for finality");
			loop {
				let (finalized, _) = self.finalized()?;
				if finalized >= number {
					if self.block_hash(u64::from(number))? != Some(block_hash) {
						return Err(Error::chain(format!(
							"block #{number} {block_hash:?} with the transaction was left out of \
							 the finalized chain; check the account's nonce and submit again"
						)));
					}
					receipt.finalized = true;
					break;
				}
				progress.tick();
				thread::sleep(POLL);
			}
		}
		progress.finish();
		Ok(receipt)
	}

	/// Looks for `encoded` in the canonical blocks from `*next` to the best one, advancing
	/// `*next`; the block's number, hash and the extrinsic's index when found.
	fn find_in_blocks(
		&self,
		encoded: &str,
		next: &mut u64,
		progress: &Progress,
	) -> Result<Option<(u32, H256, u32)>> {
		let best = u64::from(self.best_number()?);
		while *next <= best {
			progress.tick();
			let Some(hash) = self.block_hash(*next)? else { break };
			let block: Value = self.rpc.call("chain_getBlock", json!([format!("{hash:?}")]))?;
			let extrinsics = block["block"]["extrinsics"].as_array().cloned().unwrap_or_default();
			if let Some(index) = extrinsics.iter().position(|x| x.as_str() == Some(encoded)) {
				let number = u32::try_from(*next)
					.map_err(|_| Error::Network("block number out of range".into()))?;
				return Ok(Some((number, hash, index as u32)));
			}
			*next += 1;
		}
		Ok(None)
	}
}

/// Fails with the named error of an `ExtrinsicFailed` event, or of a DID-signed call whose
/// inner call failed (`Did.DidCallDispatched` with an error).
pub fn check_events(events: &[RuntimeEvent]) -> Result<()> {
	for event in events {
		match event {
			RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error, ..
			}) => {
				return Err(Error::Chain {
					message: "the transaction failed".into(),
					error: Some(error_name(*dispatch_error)),
				})
			},
			RuntimeEvent::Did(pallet_did::Event::DidCallDispatched { result: Err(e), .. }) => {
				return Err(Error::Chain {
					message: "the DID-signed call failed".into(),
					error: Some(error_name(*e)),
				})
			},
			_ => {},
		}
	}
	Ok(())
}

/// A dispatch error by name: `Did.CounterMismatch` for a pallet's error, the variant otherwise
/// (`BadOrigin`, `Token(FundsUnavailable)`).
pub fn error_name(error: DispatchError) -> String {
	if let DispatchError::Module(_) = error {
		if let Some(named) = RuntimeError::from_dispatch_error(error) {
			let text = format!("{named:?}");
			if let Some((pallet, rest)) = text.split_once('(') {
				return format!("{pallet}.{}", rest.strip_suffix(')').unwrap_or(rest));
			}
			return text;
		}
	}
	format!("{error:?}")
}

/// `0x` hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
	array_bytes::bytes2hex("0x", bytes)
}

/// The bytes of `0x` hex.
pub fn unhex(text: &str) -> Result<Vec<u8>> {
	array_bytes::hex2bytes(text).map_err(|_| Error::Network(format!("not hex: {text}")))
}

fn parse_hash(text: &str) -> Result<H256> {
	let bytes = unhex(text)?;
	if bytes.len() != 32 {
		return Err(Error::Network(format!("not a 32-byte hash: {text}")));
	}
	Ok(H256::from_slice(&bytes))
}

fn header_number(header: &Value) -> Result<u32> {
	header["number"]
		.as_str()
		.and_then(|n| u32::from_str_radix(n.trim_start_matches("0x"), 16).ok())
		.ok_or_else(|| Error::Network(format!("a header without a number: {header}")))
}

/// A progress line on standard error for anything that takes more than a second, when it is a
/// terminal (never in `--json` mode).
pub struct Progress {
	enabled: bool,
	started: Instant,
	what: std::cell::RefCell<String>,
	shown: std::cell::Cell<bool>,
}

impl Progress {
	/// Starts timing `what`; nothing shows before a second has gone by.
	pub fn new(enabled: bool, what: &str) -> Self {
		Progress {
			enabled: enabled && std::io::stderr().is_terminal(),
			started: Instant::now(),
			what: std::cell::RefCell::new(what.to_owned()),
			shown: std::cell::Cell::new(false),
		}
	}

	/// Changes what is waited for.
	pub fn set(&self, what: &str) {
		*self.what.borrow_mut() = what.to_owned();
		self.tick();
	}

	/// Redraws the line with the time so far.
	pub fn tick(&self) {
		let elapsed = self.started.elapsed();
		if !self.enabled || elapsed < Duration::from_secs(1) {
			return;
		}
		let mut err = std::io::stderr();
		let _ = write!(err, "\r\x1b[2K{} … {} s", self.what.borrow(), elapsed.as_secs());
		let _ = err.flush();
		self.shown.set(true);
	}

	/// Clears the line.
	pub fn finish(&self) {
		if self.shown.get() {
			let _ = write!(std::io::stderr(), "\r\x1b[2K");
		}
	}
}

impl Drop for Progress {
	fn drop(&mut self) {
		self.finish();
	}
}
