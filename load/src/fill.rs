//! Filling blocks: DID creations, revocation batches or consent grants from many accounts,
//! submitted as fast as the pool takes them (at most a backlog ahead of inclusion), while
//! every new block is read back: what it included, how full it was, how far finality lags.

use std::{
	cell::{Cell, RefCell},
	time::{Duration, Instant},
};

use codec::Encode;
use didimo_primitives::did::DidIdentifier;
use didimo_runtime::{AccountId, RuntimeCall, RuntimeEvent, UNIT};
use pallet_did_runtime_api::DidResolution;
use serde_json::json;
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use sp_runtime::BoundedVec;

use crate::{
	chain::{did_of, key, BlockStats, Chain},
	report::{pool_size, Metrics, Usage, UsageSummary},
	Error,
};

/// How long a signed DID creation or DID-signed call stays valid, in blocks.
const VALIDITY: u32 = 40;
/// How often the block follower polls the best block.
const POLL: Duration = Duration::from_millis(100);
/// How many blocks with nothing new included end the wait for the backlog to drain.
const SETTLE_BLOCKS: u32 = 3;
/// The longest the run waits for its last block to be finalized.
const FINALITY_WAIT: Duration = Duration::from_secs(60);
/// Transactions submitted ahead of the first block that includes any: one block's worth of
/// DID creations at most.
const FIRST_BACKLOG: u64 = 1_000;
/// Transactions kept ahead of inclusion at least.
const MIN_BACKLOG: u64 = 100;
/// What each load account is given: enough for the deposits of thousands of DIDs, grants or
/// a large registry, and their fees.
const FUNDING: u128 = 10_000 * UNIT;

/// How long and how much to fill.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
	/// Submission stops after this long.
	pub seconds: u64,
	/// ... or after this many units (DIDs, revoked credentials, grants).
	pub max: u64,
	/// Transactions submitted but not yet included, at most.
	pub backlog: u64,
}

/// One kind of load: the calls each account submits in turn.
pub trait Workload {
	/// Its name in the report.
	fn name(&self) -> &'static str;
	/// What one counted event is worth: a created DID, the credentials a batch revoked, a
	/// grant.
	fn count(event: &RuntimeEvent) -> u64
	where
		Self: Sized;
	/// The next call for account `account` (the `index`-th of the run's accounts) while the
	/// best block is `best`, and how many units it should count; `None` when this account
	/// has nothing more to submit.
	fn next(
		&mut self,
		chain: &Chain,
		index: usize,
		account: AccountId,
		best: u32,
	) -> Option<(RuntimeCall, u64)>;
}

/// The load accounts: `count` keys, labelled `account/<i>`.
pub fn accounts(count: usize) -> Vec<sr25519::Pair> {
	(0..count).map(|i| key(&format!("account/{i}"))).collect()
}

/// Gives every account in `pairs` [`FUNDING`] from Alice unless it has half that already,
/// and waits until they all have it.
pub async fn fund(chain: &Chain, pairs: &[sr25519::Pair]) -> Result<(), Error> {
	let mut poor = Vec::new();
	for pair in pairs {
		let account = AccountId::from(pair.public());
		if free_balance(chain, &account).await? < FUNDING / 2 {
			poor.push(account);
		}
	}
	if poor.is_empty() {
		return Ok(());
	}
	let alice = Sr25519Keyring::Alice.pair();
	let mut nonce = chain.nonce(&Sr25519Keyring::Alice.to_account_id()).await?;
	for chunk in poor.chunks(64) {
		let transfers = chunk
			.iter()
			.map(|dest| {
				RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
					dest: dest.clone().into(),
					value: FUNDING,
				})
			})
			.collect();
		let call = RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: transfers });
		chain
			.submit(&chain.extrinsic(&alice, nonce, call))
			.await?
			.map_err(|e| Error(format!("funding the load accounts was refused: {e}")))?;
		nonce += 1;
	}
	eprintln!("[load] funding {} accounts from Alice", poor.len());
	let deadline = Instant::now() + Duration::from_secs(60);
	for account in &poor {
		while free_balance(chain, account).await? < FUNDING / 2 {
			if Instant::now() > deadline {
				return Err(Error(format!("{account} was not funded within a minute")));
			}
			tokio::time::sleep(POLL).await;
		}
	}
	Ok(())
}

async fn free_balance(chain: &Chain, account: &AccountId) -> Result<u128, Error> {
	let mut key = sp_crypto_hashing::twox_128(b"System").to_vec();
	key.extend(sp_crypto_hashing::twox_128(b"Account"));
	key.extend(sp_crypto_hashing::blake2_128(account.as_ref()));
	key.extend(account.encode());
	let value = chain.rpc.call("state_getStorage", json!([crate::chain::hex(&key)])).await?;
	if value.is_null() {
		return Ok(0);
	}
	let info = <frame_system::AccountInfo<u32, pallet_balances::AccountData<u128>> as codec::Decode>::decode(
		&mut &crate::chain::unhex(&value)?[..],
	)
	.map_err(|e| Error(format!("the account of {account} does not decode: {e}")))?;
	Ok(info.data.free)
}

/// Makes sure the DIDs whose keys are `dids` exist, creating the missing ones (each paid by
/// one of `payers` in turn), and waits for them.
pub async fn ensure_dids(
	chain: &Chain,
	dids: &[sr25519::Pair],
	payers: &[sr25519::Pair],
) -> Result<(), Error> {
	let mut missing = Vec::new();
	for pair in dids {
		if !matches!(chain.resolve(&did_of(pair)).await?, DidResolution::Active(_)) {
			missing.push(pair);
		}
	}
	if missing.is_empty() {
		return Ok(());
	}
	eprintln!("[load] creating {} DIDs the scenario needs", missing.len());
	let best = chain.best().await?;
	let mut nonces = Vec::new();
	for payer in payers {
		nonces.push(chain.nonce(&AccountId::from(payer.public())).await?);
	}
	for (i, pair) in missing.iter().enumerate() {
		let slot = i % payers.len();
		let payer = &payers[slot];
		let call = chain.create_did(pair, AccountId::from(payer.public()), best + VALIDITY);
		chain
			.submit(&chain.extrinsic(payer, nonces[slot], call))
			.await?
			.map_err(|e| Error(format!("creating a DID was refused: {e}")))?;
		nonces[slot] += 1;
	}
	let deadline = Instant::now() + Duration::from_secs(120);
	for pair in missing {
		while !matches!(chain.resolve(&did_of(pair)).await?, DidResolution::Active(_)) {
			if Instant::now() > deadline {
				return Err(Error(
					"the scenario's DIDs were not created within two minutes".into(),
				));
			}
			tokio::time::sleep(POLL).await;
		}
	}
	Ok(())
}

/// The counter a DID-signed call of `did` must carry next.
pub async fn next_counter(chain: &Chain, did: &DidIdentifier) -> Result<u64, Error> {
	match chain.resolve(did).await? {
		DidResolution::Active(record) => Ok(record.counter + 1),
		_ => {
			Err(Error(format!("{} is not an active DID", didimo_primitives::did::format_did(did))))
		},
	}
}

/// The outcome of a run.
pub struct Filled {
	/// Every block from the run's start, in order.
	pub blocks: Vec<BlockStats>,
	/// Units submitted.
	pub submitted: u64,
	/// Submissions the pool refused for being full (or the priority too low), retried later.
	pub refused: u64,
	/// How long after submission stopped the last counted block was finalized, if it was.
	pub finality_after_stop: Option<Duration>,
	/// The most that the best block ran ahead of the finalized one.
	pub max_lag: u32,
	/// The node's and the tool's CPU use, the pool's size.
	pub usage: UsageSummary,
	/// What ended submission.
	pub stopped_by: Stop,
}

/// What ended submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
	/// The run's time was up.
	Time,
	/// The run's count was reached.
	Count,
	/// Every account had submitted all it could (its registry full, its grants given).
	Exhausted,
}

/// Runs `work` from `pairs` within `limits` and reads back every block.
pub async fn fill<W: Workload>(
	chain: &Chain,
	pairs: &[sr25519::Pair],
	mut work: W,
	limits: Limits,
	metrics: &Metrics,
) -> Result<Filled, Error> {
	let accounts: Vec<AccountId> = pairs.iter().map(|p| AccountId::from(p.public())).collect();
	let mut nonces = Vec::new();
	for account in &accounts {
		nonces.push(chain.nonce(account).await?);
	}
	let first = chain.best().await?;
	let name = work.name();
	let blocks = RefCell::new(Vec::<BlockStats>::new());
	let (best, max_lag) = (Cell::new(first), Cell::new(0u32));
	let (submitted, included, refused) = (Cell::new(0u64), Cell::new(0u64), Cell::new(0u64));
	// Transactions, as opposed to units (a revocation call revokes many credentials).
	let (sent, landed, widest) = (Cell::new(0u64), Cell::new(0u64), Cell::new(0u64));
	let stopped = Cell::new(None::<Instant>);
	let usage = RefCell::new(Usage::start(metrics));
	let start = Instant::now();

	let follow = async {
		let mut next = first + 1;
		let mut idle_blocks = 0;
		loop {
			let tip = chain.best().await?;
			let finalized = chain.finalized().await?;
			best.set(tip);
			max_lag.set(max_lag.get().max(tip.saturating_sub(finalized)));
			while next <= tip {
				let Some(hash) = chain.hash(next).await? else { break };
				let stats = chain.block_stats(next, &hash, W::count).await?;
				included.set(included.get() + stats.counted);
				let transactions = u64::from(stats.succeeded + stats.failed);
				landed.set(landed.get() + transactions);
				widest.set(widest.get().max(transactions));
				let pool = pool_size(metrics).await;
				usage.borrow_mut().record_pool(pool);
				eprintln!(
					"[load] #{:<5} {:>5} {name}, {:>3} failed, weight {:>5.1}%, finalized #{}, \
					 {} ready in the pool",
					stats.number,
					stats.counted,
					stats.failed + stats.inner_failed,
					stats.normal_permille as f64 / 10.0,
					finalized,
					pool.map_or_else(|| "?".to_string(), |p| p.to_string()),
				);
				if stopped.get().is_some() {
					idle_blocks = if stats.counted == 0 { idle_blocks + 1 } else { 0 };
				}
				blocks.borrow_mut().push(stats);
				next += 1;
			}
			if let Some(at) = stopped.get() {
				let drained = included.get() >= submitted.get();
				if drained || idle_blocks >= SETTLE_BLOCKS || at.elapsed() > FINALITY_WAIT {
					return Ok::<_, Error>(());
				}
			}
			tokio::time::sleep(POLL).await;
		}
	};

	let submit = async {
		let deadline = start + Duration::from_secs(limits.seconds);
		let mut exhausted = vec![false; accounts.len()];
		let mut index = 0;
		while Instant::now() < deadline
			&& submitted.get() < limits.max
			&& exhausted.iter().any(|done| !done)
		{
			// Two blocks' worth ahead keeps every block full without leaving a long tail.
			let ahead = match widest.get() {
				0 => FIRST_BACKLOG,
				most => (2 * most).max(MIN_BACKLOG),
			};
			if sent.get().saturating_sub(landed.get()) >= ahead.min(limits.backlog) {
				tokio::time::sleep(Duration::from_millis(20)).await;
				continue;
			}
			index = (index + 1) % accounts.len();
			if exhausted[index] {
				continue;
			}
			let Some((call, units)) = work.next(chain, index, accounts[index].clone(), best.get())
			else {
				exhausted[index] = true;
				continue;
			};
			let extrinsic = chain.extrinsic(&pairs[index], nonces[index], call);
			loop {
				match chain.submit(&extrinsic).await? {
					Ok(()) => break,
					// The pool is full, or this transaction's priority too low to replace one
					// in it: wait for a block to make room.
					Err(e) if e.code == 1014 || e.code == 1016 => {
						refused.set(refused.get() + 1);
						tokio::time::sleep(Duration::from_millis(200)).await;
					},
					Err(e) => return Err(Error(format!("the pool refused a transaction: {e}"))),
				}
			}
			nonces[index] += 1;
			sent.set(sent.get() + 1);
			submitted.set(submitted.get() + units);
		}
		stopped.set(Some(Instant::now()));
		Ok::<_, Error>(if submitted.get() >= limits.max {
			Stop::Count
		} else if exhausted.iter().all(|done| *done) {
			Stop::Exhausted
		} else {
			Stop::Time
		})
	};
	// The submitter finishing first flags `stopped`; the follower then drains.
	let ((), stopped_by) = futures::try_join!(follow, submit)?;
	let stop = stopped.get().unwrap_or_else(Instant::now);

	// Finality of the last block that counted anything.
	let last = blocks.borrow().iter().rev().find(|b| b.counted > 0).map(|b| b.number);
	let mut finality_after_stop = None;
	if let Some(last) = last {
		let deadline = Instant::now() + FINALITY_WAIT;
		while Instant::now() < deadline {
			if chain.finalized().await? >= last {
				finality_after_stop = Some(stop.elapsed());
				break;
			}
			tokio::time::sleep(POLL).await;
		}
	}
	let usage = usage.into_inner().summary();
	Ok(Filled {
		blocks: blocks.into_inner(),
		submitted: submitted.get(),
		refused: refused.get(),
		finality_after_stop,
		max_lag: max_lag.get(),
		usage,
		stopped_by,
	})
}

/// DID creations: the DIDs labelled `did/<first>`, `did/<first + 1>`, ..., one per extrinsic,
/// each signed by its own key, with the submitting account paying the deposit.
pub struct Dids {
	/// The next DID's number.
	pub next: u64,
}

impl Workload for Dids {
	fn name(&self) -> &'static str {
		"DIDs created"
	}

	fn count(event: &RuntimeEvent) -> u64 {
		u64::from(matches!(event, RuntimeEvent::Did(pallet_did::Event::DidCreated { .. })))
	}

	fn next(
		&mut self,
		chain: &Chain,
		_index: usize,
		account: AccountId,
		best: u32,
	) -> Option<(RuntimeCall, u64)> {
		let pair = key(&format!("did/{}", self.next));
		self.next += 1;
		Some((chain.create_did(&pair, account, best + VALIDITY), 1))
	}
}

/// One issuer per account, with its registry and the next index to revoke there.
pub struct Issuer {
	/// The issuer DID's key.
	pub pair: sr25519::Pair,
	/// Its next DID-signed call's counter.
	pub counter: u64,
	/// Its registry.
	pub registry: u64,
	/// The next index to revoke.
	pub next_index: u32,
	/// The registry's capacity.
	pub capacity: u32,
}

/// Revocations in batches: each account's issuer revokes `batch` consecutive indices of its
/// registry per DID-signed call, until the registry is full.
pub struct Revocations {
	/// The issuers, one per account.
	pub issuers: Vec<Issuer>,
	/// Indices per call.
	pub batch: u32,
}

impl Workload for Revocations {
	fn name(&self) -> &'static str {
		"credentials revoked"
	}

	fn count(event: &RuntimeEvent) -> u64 {
		match event {
			RuntimeEvent::Revocation(pallet_revocation::Event::CredentialsRevoked {
				indices,
				..
			}) => indices.len() as u64,
			_ => 0,
		}
	}

	fn next(
		&mut self,
		chain: &Chain,
		index: usize,
		account: AccountId,
		best: u32,
	) -> Option<(RuntimeCall, u64)> {
		let issuer = self.issuers.get_mut(index)?;
		let end = issuer.next_index.checked_add(self.batch)?;
		if end > issuer.capacity {
			return None;
		}
		let call = RuntimeCall::Revocation(pallet_revocation::Call::revoke {
			registry: issuer.registry,
			indices: BoundedVec::truncate_from((issuer.next_index..end).collect()),
		});
		let call = chain.did_call(&issuer.pair, issuer.counter, account, best, VALIDITY, call);
		issuer.counter += 1;
		issuer.next_index = end;
		Some((call, u64::from(self.batch)))
	}
}

/// A data subject DID giving grants, one per account.
pub struct Subject {
	/// Its key.
	pub pair: sr25519::Pair,
	/// Its next DID-signed call's counter.
	pub counter: u64,
	/// Grants given in this run.
	pub given: usize,
}

/// Consent grants: each account's subject DID grants access to its e-mail address to the
/// grantees in turn, at most [`GRANTS_PER_PAIR`] to each (the runtime's bound).
pub struct Grants {
	/// The subjects, one per account.
	pub subjects: Vec<Subject>,
	/// The grantee DIDs.
	pub grantees: Vec<DidIdentifier>,
	/// The chain time the grants start at (ms).
	pub now: u64,
}

/// The runtime's `MaxGrantsPerPair`.
pub const GRANTS_PER_PAIR: usize = 8;
/// How long each grant lasts: 30 days.
const GRANT_DURATION: u64 = 30 * 24 * 3_600_000;

impl Workload for Grants {
	fn name(&self) -> &'static str {
		"grants given"
	}

	fn count(event: &RuntimeEvent) -> u64 {
		u64::from(matches!(event, RuntimeEvent::Consent(pallet_consent::Event::GrantGiven { .. })))
	}

	fn next(
		&mut self,
		chain: &Chain,
		index: usize,
		account: AccountId,
		best: u32,
	) -> Option<(RuntimeCall, u64)> {
		let subject = self.subjects.get_mut(index)?;
		if self.grantees.is_empty() || subject.given >= GRANTS_PER_PAIR * self.grantees.len() {
			return None;
		}
		let grantee = self.grantees[(subject.given + index) % self.grantees.len()].clone();
		let call = RuntimeCall::Consent(pallet_consent::Call::grant {
			grantee,
			scopes: BoundedVec::truncate_from(vec![pallet_consent::Scope {
				category: BoundedVec::truncate_from(b"email".to_vec()),
				actions: didimo_primitives::consent::Actions(
					didimo_primitives::consent::Actions::READ,
				),
				purpose: BoundedVec::truncate_from(b"dpv:ServiceProvision".to_vec()),
			}]),
			valid_from: self.now,
			valid_until: self.now + GRANT_DURATION,
			receipt: blake2_256_of(index, subject.given),
			jurisdiction: BoundedVec::truncate_from(b"EU".to_vec()),
			policy: BoundedVec::truncate_from(b"https://load.example/privacy".to_vec()),
		});
		let call = chain.did_call(&subject.pair, subject.counter, account, best, VALIDITY, call);
		subject.counter += 1;
		subject.given += 1;
		Some((call, 1))
	}
}

/// A distinct receipt hash per grant.
fn blake2_256_of(subject: usize, grant: usize) -> [u8; 32] {
	sp_crypto_hashing::blake2_256(format!("receipt/{subject}/{grant}").as_bytes())
}
