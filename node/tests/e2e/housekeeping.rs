//! Housekeeping end to end: a verifier's request runs out and nobody cleans it up. The dev
//! authority's off-chain worker finds it and sends an unsigned `Presentation::housekeep`,
//! which removes the request, closes its nullifier scope and gives the deposit back to the
//! account that paid it: all of it, to nobody else, with no fee and no transaction from
//! anyone.

use std::time::Duration;

use codec::{Decode, Encode};
use didimo_primitives::{
	did::{DidIdentifier, DidVerificationKey},
	revocation::Digest,
};
use didimo_runtime::{
	AccountId, Runtime, RuntimeCall, RuntimeEvent, RuntimeHoldReason, UncheckedExtrinsic,
};
use didimo_zk::{credential::attribute, field};
use pallet_presentation::{
	Chore, HousekeepingPayload, IssuerSpec, PredicateSpec, RegistrySpec, RequestId, RequestInfo,
	RequestSpec,
};
use serde_json::{json, Value};
use sp_core::{Get, Pair};
use sp_io::hashing::{blake2_128, twox_128};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{generic::Preamble, MultiSigner};

use crate::{
	did_calls::{create_did, dev_chain_with, did_signed_for},
	harness::{temp_dir, Node},
	hex_decode, hex_encode,
	verification::{events, execute},
};

/// The request's nullifier scope.
const SCOPE: Digest = [0x5c; 32];

/// How long the worker gets, from the request's creation, to remove it. It expires three
/// blocks after it is created and the worker's transaction is in the block after that, about
/// 30 s at 6 s blocks; the bound allows a whole `HousekeepingInterval` (10 blocks) more, and
/// slow blocks on a busy machine.
const HOUSEKEEPING_TIMEOUT: Duration = Duration::from_secs(120);

type AccountInfo = frame_system::AccountInfo<u32, pallet_balances::AccountData<u128>>;

/// The hash of the block numbered `number`.
fn block_hash(node: &Node, number: u32) -> String {
	let hash = node.call("chain_getBlockHash", json!([number]));
	hash.as_str().expect("a block hash").to_owned()
}

/// The value at raw storage `key` in block `at`, if any.
fn storage_at(node: &Node, key: &[u8], at: &str) -> Option<Vec<u8>> {
	let value = node.call("state_getStorage", json!([hex_encode(key), at]));
	(!value.is_null()).then(|| hex_decode(&value))
}

/// A `Blake2_128Concat` map key: the prefix, the hash and the encoded key.
fn map_key(pallet: &[u8], item: &[u8], key: &impl Encode) -> Vec<u8> {
	let encoded = key.encode();
	let mut raw = twox_128(pallet).to_vec();
	raw.extend(twox_128(item));
	raw.extend(blake2_128(&encoded));
	raw.extend(encoded);
	raw
}

/// `who`'s `System.Account` in block `at`.
fn account_at(node: &Node, who: &AccountId, at: &str) -> AccountInfo {
	let raw = storage_at(node, &map_key(b"System", b"Account", who), at).expect("an account");
	AccountInfo::decode(&mut &raw[..]).expect("System.Account decodes")
}

/// What is held from `who` for `reason` in block `at` (`Balances.Holds`).
fn held_at(node: &Node, who: &AccountId, reason: RuntimeHoldReason, at: &str) -> u128 {
	let holds =
		storage_at(node, &map_key(b"Balances", b"Holds", who), at).map_or_else(Vec::new, |raw| {
			Vec::<(RuntimeHoldReason, u128)>::decode(&mut &raw[..]).expect("Balances.Holds decodes")
		});
	holds.iter().filter(|(id, _)| *id == reason).map(|(_, amount)| amount).sum()
}

/// The total issuance in block `at`.
fn issuance_at(node: &Node, at: &str) -> u128 {
	let mut key = twox_128(b"Balances").to_vec();
	key.extend(twox_128(b"TotalIssuance"));
	let raw = storage_at(node, &key, at).expect("a total issuance");
	u128::decode(&mut &raw[..]).expect("Balances.TotalIssuance decodes")
}

/// How many live requests name `verifier`'s `scope` in block `at` (`Presentation.
/// ScopeRequests`, zero when absent): a scope's nullifiers can be purged at zero.
fn scope_requests_at(node: &Node, verifier: &DidIdentifier, scope: Digest, at: &str) -> u32 {
	let key = map_key(b"Presentation", b"ScopeRequests", &(verifier.clone(), scope));
	storage_at(node, &key, at)
		.map_or(0, |raw| u32::decode(&mut &raw[..]).expect("ScopeRequests decodes"))
}

/// The request in block `at`, from the `PresentationApi_request` runtime API.
fn request_at(
	node: &Node,
	request: &RequestId,
	at: &str,
) -> Option<RequestInfo<AccountId, u128, u32>> {
	let raw = node.call("state_call", json!(["PresentationApi_request", hex_encode(request), at]));
	Decode::decode(&mut &hex_decode(&raw)[..]).expect("the answer decodes")
}

/// The request as `presentation_request` answers it in block `at` (the best block for none).
fn request_json(node: &Node, request: &RequestId, at: Option<&str>) -> Value {
	node.call("presentation_request", json!([hex_encode(request), at]))
}

/// The payload of `call` if it is a `housekeep` that removes `request`.
fn removal_by_housekeeping<'a>(
	call: &'a RuntimeCall,
	request: &RequestId,
) -> Option<&'a HousekeepingPayload<Runtime>> {
	match call {
		RuntimeCall::Presentation(pallet_presentation::Call::housekeep { payload, .. })
			if payload.chores.contains(&Chore::RemoveRequest(*request)) =>
		{
			Some(payload)
		},
		_ => None,
	}
}

/// A verifier DID's request with a nullifier scope, paid for by Bob, expires three blocks
/// after it is created. Nobody sends anything more; the dev authority's off-chain worker
/// removes it with an unsigned `housekeep` (in a block with no signed transaction at all):
/// the request is gone from the runtime API and JSON-RPC, its scope has no live request, and
/// `RequestRemoved` names Bob, whose hold is released in full, back to what it was before the
/// request, while nobody else's balance nor the total issuance moves.
#[test]
fn the_worker_closes_an_expired_request_and_returns_its_deposit() {
	let base = temp_dir("housekeeping");
	// The worker's reasons for sending nothing reach the log tail should the wait time out.
	let (node, genesis, alice_nonce) =
		dev_chain_with(base.path(), &["--log", "runtime::presentation=debug"]);

	// The verifier: Eve's DID, created and paid for by Alice.
	let verifier_pair = Sr25519Keyring::Eve.pair();
	let verifier = DidVerificationKey::Sr25519(verifier_pair.public()).derive_did();
	let create = create_did(&node, genesis, &verifier_pair);
	execute(&node, genesis, Sr25519Keyring::Alice, alice_nonce, create)
		.expect("the verifier's DID is created");

	// Bob submits the verifier's DID-signed `create_request`, so he pays its deposit: an
	// `age >= 18` request of the verifier's own key (nobody presents), with a nullifier scope,
	// expiring four blocks from now.
	let payer = Sr25519Keyring::Bob;
	let payer_id = payer.to_account_id();
	let payer_nonce = node.call("system_accountNextIndex", json!([payer_id.to_string()]));
	let payer_nonce = payer_nonce.as_u64().expect("a nonce") as u32;
	let expires_at = node.best_number() as u32 + 4;
	let spec = RequestSpec {
		version: 2,
		schema: field::to_bytes(&attribute::string("https://didimo.example/schemas/age/v1")),
		issuer: IssuerSpec::Did(verifier.clone()),
		slot: 0,
		predicate: PredicateSpec::Gte(18),
		disclose: 0,
		registries: RegistrySpec::OfAcceptedIssuer,
		max_age: 3600,
		nullifier_scope: Some(SCOPE),
		expires_at,
	};
	let request = pallet_presentation::Pallet::<Runtime>::request_id(&verifier, &spec);
	let create =
		RuntimeCall::Presentation(pallet_presentation::Call::create_request { spec: spec.clone() });
	let wrapped = did_signed_for(&node, genesis, &verifier_pair, 1, payer_id.clone(), create);
	let events_of_creation =
		execute(&node, genesis, payer, payer_nonce, wrapped).expect("submit_did_call succeeds");
	let dispatched = events_of_creation.iter().find_map(|event| match event {
		RuntimeEvent::Did(pallet_did::Event::DidCallDispatched { result, .. }) => Some(*result),
		_ => None,
	});
	assert_eq!(dispatched, Some(Ok(())), "create_request succeeds: {events_of_creation:?}");
	let deposit = <Runtime as pallet_presentation::Config>::RequestDeposit::get();
	assert!(deposit > 0, "requests have a deposit");
	assert!(
		events_of_creation.contains(&RuntimeEvent::Presentation(
			pallet_presentation::Event::RequestCreated {
				request,
				verifier: verifier.clone(),
				deposit,
			}
		)),
		"{events_of_creation:?}"
	);

	// The block that created it, against the one before: Bob's deposit is held for the
	// request (his account paid the fee as well), and the scope has a live request.
	let live = request_at(&node, &request, &block_hash(&node, node.best_number() as u32))
		.expect("the request is live");
	let created = live.created;
	let (before, at_creation) = (block_hash(&node, created - 1), block_hash(&node, created));
	assert_eq!(request_at(&node, &request, &at_creation).as_ref(), Some(&live));
	assert_eq!(live.verifier, verifier);
	assert_eq!(live.spec, spec);
	assert_eq!(live.depositor, payer_id, "Bob paid the deposit");
	assert_eq!(live.deposit, deposit);
	assert!(expires_at > created, "the request is created before it expires");
	let hold = RuntimeHoldReason::Presentation(pallet_presentation::HoldReason::RequestDeposit);
	let (payer_before, payer_created) =
		(account_at(&node, &payer_id, &before), account_at(&node, &payer_id, &at_creation));
	let held_before = held_at(&node, &payer_id, hold, &before);
	assert_eq!(held_at(&node, &payer_id, hold, &at_creation), held_before + deposit);
	assert_eq!(payer_created.data.reserved, payer_before.data.reserved + deposit);
	assert!(
		payer_before.data.free - payer_created.data.free > deposit,
		"Bob paid the deposit and the fee"
	);
	assert_eq!(scope_requests_at(&node, &verifier, SCOPE, &before), 0);
	assert_eq!(scope_requests_at(&node, &verifier, SCOPE, &at_creation), 1);
	let answer = request_json(&node, &request, Some(at_creation.as_str()));
	assert_eq!(answer["deposit"], json!(deposit.to_string()), "{answer}");
	assert_eq!(answer["created"], json!(created));
	assert_eq!(answer["spec"]["expiresAt"], json!(expires_at));
	assert_eq!(answer["spec"]["nullifierScope"], json!(hex_encode(&SCOPE)));

	// Nobody sends anything: the worker removes it once it has expired.
	node.wait_for("the off-chain worker's housekeeping", HOUSEKEEPING_TIMEOUT, |n| {
		request_json(n, &request, None).is_null()
	});
	let best = node.best_number() as u32;
	let removed = (created + 1..=best)
		.find(|n| request_at(&node, &request, &block_hash(&node, *n)).is_none())
		.expect("a block removed the request");
	let interval: u32 = <Runtime as pallet_presentation::Config>::HousekeepingInterval::get();
	assert!(
		removed >= expires_at && removed <= expires_at + interval,
		"removed in block {removed}, expiring at {expires_at}"
	);
	let (last_live, removal) = (block_hash(&node, removed - 1), block_hash(&node, removed));
	assert_eq!(request_json(&node, &request, Some(removal.as_str())), Value::Null);
	assert_eq!(
		request_json(&node, &request, Some(last_live.as_str()))["deposit"],
		json!(deposit.to_string())
	);

	// The removing block holds no signed transaction (no one's `clean_up` or
	// `remove_stale_request`): its inherents and the dev authority's unsigned `housekeep`
	// naming the request.
	let block = node.call("chain_getBlock", json!([removal]));
	let extrinsics: Vec<UncheckedExtrinsic> = block["block"]["extrinsics"]
		.as_array()
		.expect("extrinsics")
		.iter()
		.map(|x| UncheckedExtrinsic::decode(&mut &hex_decode(x)[..]).expect("it decodes"))
		.collect();
	let calls: Vec<&RuntimeCall> = extrinsics.iter().map(|x| &x.function).collect();
	assert!(
		extrinsics.iter().all(|x| matches!(x.preamble, Preamble::Bare(_))),
		"only unsigned extrinsics in block {removed}: {calls:?}"
	);
	let (index, payload) = calls
		.iter()
		.enumerate()
		.find_map(|(index, call)| Some((index, removal_by_housekeeping(call, &request)?)))
		.unwrap_or_else(|| panic!("no housekeep of the request in {removed}: {calls:?}"));
	assert_eq!(payload.public, MultiSigner::from(Sr25519Keyring::Alice.public()));

	// Its events: the request removed for Bob, his hold released to him, and no transfer.
	let phase = frame_system::Phase::ApplyExtrinsic(index as u32);
	let housekept: Vec<RuntimeEvent> = events(&node, &removal)
		.into_iter()
		.filter(|record| record.phase == phase)
		.map(|record| record.event)
		.collect();
	assert!(
		housekept.iter().any(|event| matches!(
			event,
			RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. })
		)),
		"{housekept:?}"
	);
	assert!(
		housekept.contains(&RuntimeEvent::Presentation(
			pallet_presentation::Event::RequestRemoved { request, depositor: payer_id.clone() }
		)),
		"RequestRemoved names Bob: {housekept:?}"
	);
	let balance_events: Vec<&RuntimeEvent> =
		housekept.iter().filter(|event| matches!(event, RuntimeEvent::Balances(_))).collect();
	assert_eq!(
		balance_events,
		vec![&RuntimeEvent::Balances(pallet_balances::Event::Released {
			reason: hold,
			who: payer_id.clone(),
			amount: deposit,
		})],
		"the deposit is released to Bob and goes nowhere else"
	);

	// Balances: nothing moved between creation and removal; then Bob's hold is released in
	// full into his free balance, with no fee and no transaction of his, back to what was held
	// before the request. The authority neither pays nor earns, and no money is made or lost.
	let payer_live = account_at(&node, &payer_id, &last_live);
	let payer_after = account_at(&node, &payer_id, &removal);
	assert_eq!(payer_live, payer_created, "nothing touched Bob's account in between");
	assert_eq!(payer_after.data.free, payer_live.data.free + deposit);
	assert_eq!(payer_after.data.reserved, payer_before.data.reserved);
	assert_eq!(payer_after.nonce, payer_live.nonce);
	assert_eq!(held_at(&node, &payer_id, hold, &removal), held_before);
	let alice = Sr25519Keyring::Alice.to_account_id();
	assert_eq!(account_at(&node, &alice, &removal), account_at(&node, &alice, &last_live));
	assert_eq!(issuance_at(&node, &removal), issuance_at(&node, &last_live));

	// The scope has no live request any more: its nullifiers could now be purged.
	assert_eq!(scope_requests_at(&node, &verifier, SCOPE, &removal), 0);
}
