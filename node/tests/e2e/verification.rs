//! On-chain verification end to end, through the real node: an issuer DID with a Jubjub key
//! and a registry; a verifier DID with a trusted list of three issuers and an `age >= 18`
//! request with a nullifier scope; the holder proves from chain state (list leaves and roots
//! over `state_call`, its path over `revocation_witness`) and a third account submits
//! `present`. Then each failure the chain must refuse is refused with its own error: the same
//! nullifier again, the proof submitted by another account, a credential revoked once the old
//! root is out of the window, an issuer removed from the list once the old list root is out of
//! the window, an expired request, malformed proof bytes, a retired circuit. The chain keeps
//! producing and finalizing blocks throughout. The windows are shortened for the test with
//! `sudo(system.set_storage)` (they are storage parameters, ten minutes unless set).

use std::time::Instant;

use codec::{Decode, Encode};
use didimo_primitives::{
	did::{
		DidIdentifier, DidPublicKey, DidVerificationKey, Relationship, Relationships, ZkIssuerKey,
	},
	revocation::Digest,
};
use didimo_runtime::{Runtime, RuntimeCall, RuntimeEvent, SudoCall, SystemCall};
use didimo_zk::{
	circuit::Witness,
	credential::{attribute, issue, Credential, HolderSecret, SignedCredential, ATTRIBUTES},
	eddsa::SecretKey,
	field,
	prover::{dev_setup, prove, ProvingKey},
	statement::{trusted_issuers::ListTree, Issuer, Predicate, Statement},
	Fr, Version,
};
use pallet_did::VerificationMethod;
use pallet_presentation::{
	IssuerSpec, PredicateSpec, PresentError, Presented, RegistrySpec, RequestId, RequestSpec,
	TrustedListInfo,
};
use pallet_revocation::StatusPurpose;
use serde_json::{json, Value};
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{BoundedVec, DispatchError};

use crate::{
	consent::chain_time,
	did_calls::{create_did_with, dev_chain_with, did_signed},
	harness::{http_request, temp_dir, Node},
	hex_decode, hex_encode,
	revocation::witness_from_json,
	signed_call, CHAIN_TIMEOUT,
};

/// The windows, in blocks, for this test.
const WINDOW: u32 = 2;
/// The capacity of the issuers' registries (version 2's statements state it).
const REGISTRY_CAPACITY: u32 = 1_000;
/// The verifier's nullifier scope.
const SCOPE: Digest = [0xe2; 32];

/// The events of the block `hash`.
pub(crate) fn events(
	node: &Node,
	hash: &str,
) -> Vec<frame_system::EventRecord<RuntimeEvent, H256>> {
	let mut key = sp_io::hashing::twox_128(b"System").to_vec();
	key.extend(sp_io::hashing::twox_128(b"Events"));
	let raw = node.call("state_getStorage", json!([hex_encode(&key), hash]));
	Decode::decode(&mut &hex_decode(&raw)[..]).expect("the block's events decode")
}

/// Submits `call` signed by `who` with `nonce`, waits for the block that includes it and
/// returns its events, or the error it failed with.
pub(crate) fn execute(
	node: &Node,
	genesis: H256,
	who: Sr25519Keyring,
	nonce: u32,
	call: RuntimeCall,
) -> Result<Vec<RuntimeEvent>, DispatchError> {
	let extrinsic = hex_encode(&signed_call(genesis, who, nonce, call));
	let mut next = node.best_number() + 1;
	node.call("author_submitExtrinsic", json!([extrinsic]));
	let started = Instant::now();
	loop {
		assert!(started.elapsed() < CHAIN_TIMEOUT, "not included: {}", node.log_tail(40));
		if node.best_number() < next {
			std::thread::sleep(std::time::Duration::from_millis(300));
			continue;
		}
		let hash = node.call("chain_getBlockHash", json!([next]));
		let hash = hash.as_str().expect("a block hash").to_owned();
		let block = node.call("chain_getBlock", json!([hash]));
		let extrinsics = block["block"]["extrinsics"].as_array().expect("extrinsics").clone();
		next += 1;
		let Some(index) = extrinsics.iter().position(|x| x.as_str() == Some(&extrinsic)) else {
			continue;
		};
		let phase = frame_system::Phase::ApplyExtrinsic(index as u32);
		let mine: Vec<RuntimeEvent> = events(node, &hash)
			.into_iter()
			.filter(|record| record.phase == phase)
			.map(|record| record.event)
			.collect();
		for event in &mine {
			if let RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error,
				..
			}) = event
			{
				return Err(*dispatch_error);
			}
		}
		return Ok(mine);
	}
}

/// The error `present` fails with, as a dispatch error.
fn error(e: pallet_presentation::Error<Runtime>) -> Result<(), DispatchError> {
	Err(DispatchError::from(e))
}

/// The result of a DID-signed call, from its `DidCallDispatched` event.
fn did_call_result(events: &[RuntimeEvent]) -> Result<(), DispatchError> {
	events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::Did(pallet_did::Event::DidCallDispatched { result, .. }) => Some(*result),
			_ => None,
		})
		.expect("the DID call was dispatched")
}

/// Everyone in the test: Alice pays for DIDs and setup, Bob and Charlie submit
/// presentations, with their nonces.
pub(crate) struct Chain {
	pub node: Node,
	genesis: H256,
	nonces: std::collections::HashMap<Sr25519Keyring, u32>,
	counters: std::collections::HashMap<DidIdentifier, u64>,
}

impl Chain {
	fn run(
		&mut self,
		who: Sr25519Keyring,
		call: RuntimeCall,
	) -> Result<Vec<RuntimeEvent>, DispatchError> {
		let nonce = self.nonces.entry(who).or_insert(0);
		let n = *nonce;
		*nonce += 1;
		execute(&self.node, self.genesis, who, n, call)
	}

	/// `pair`'s DID signs `call`; Alice submits it; the inner call must succeed.
	fn as_did(&mut self, pair: &sr25519::Pair, call: RuntimeCall) {
		let did = DidVerificationKey::Sr25519(pair.public()).derive_did();
		let counter = self.counters.entry(did).or_insert(0);
		*counter += 1;
		let counter = *counter;
		let wrapped = did_signed(&self.node, self.genesis, pair, counter, call);
		let events = self.run(Sr25519Keyring::Alice, wrapped).expect("submit_did_call succeeds");
		did_call_result(&events).expect("the DID-signed call succeeds");
	}

	fn sudo(&mut self, call: RuntimeCall) {
		let events = self
			.run(Sr25519Keyring::Alice, RuntimeCall::Sudo(SudoCall::sudo { call: Box::new(call) }))
			.expect("sudo succeeds");
		assert!(
			events.iter().any(|e| matches!(
				e,
				RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Ok(()) })
			)),
			"the sudo call succeeds: {events:?}"
		);
	}

	fn best(&self) -> u32 {
		self.node.best_number() as u32
	}

	/// `issuer` revokes `index` of `registry`; then waits until the root before the revocation
	/// is out of the window.
	fn revoke_past_window(&mut self, issuer: &sr25519::Pair, registry: u64, index: u32) {
		self.as_did(
			issuer,
			RuntimeCall::Revocation(pallet_revocation::Call::revoke {
				registry,
				indices: BoundedVec::truncate_from(vec![index]),
			}),
		);
		self.wait_until(self.best() + WINDOW + 2);
	}

	/// Waits until the best block is `n` or later.
	fn wait_until(&self, n: u32) {
		self.node.wait_for("a later block", CHAIN_TIMEOUT, |node| node.best_number() >= n as u64);
	}
}

/// An issuer DID (created by Alice) with `key-1` and the Jubjub key of `secret` as `zk-1`.
fn create_issuer(chain: &mut Chain, pair: &sr25519::Pair, secret: &SecretKey) {
	let zk = VerificationMethod {
		id: BoundedVec::truncate_from(b"zk-1".to_vec()),
		key: DidPublicKey::ZkIssuer(ZkIssuerKey(secret.public_key().to_bytes())),
		relationships: Relationships::from(Relationship::AssertionMethod),
	};
	let create = create_did_with(&chain.node, chain.genesis, pair, vec![zk]);
	chain.run(Sr25519Keyring::Alice, create).expect("the DID is created");
}

fn did_of(pair: &sr25519::Pair) -> DidIdentifier {
	DidVerificationKey::Sr25519(pair.public()).derive_did()
}

/// A runtime API call over `state_call`, as a light client makes it.
fn state_call<R: Decode>(node: &Node, method: &str, args: impl Encode) -> R {
	let raw = node.call("state_call", json!([method, hex_encode(&args.encode())]));
	R::decode(&mut &hex_decode(&raw)[..]).expect("the answer decodes")
}

/// A holder with a credential of an issuer.
pub(crate) struct Holder {
	secret: HolderSecret,
	credential: SignedCredential,
}

fn holder(issuer: &SecretKey, registry: u64, index: u32, seed: u64) -> Holder {
	let secret = HolderSecret::from_field(Fr::from(seed));
	let mut attributes = [Fr::from(0u64); ATTRIBUTES];
	attributes[0] = attribute::integer(30);
	let credential = Credential {
		version: Version::V2,
		schema: attribute::string("https://didimo.example/schemas/age/v1"),
		holder: secret.commitment(Version::V2),
		id: Fr::from(seed + 1000),
		expiry: 4_000_000_000,
		registry_id: registry,
		revocation_index: index,
		attributes,
	};
	Holder { secret, credential: issue(issuer, credential).expect("a valid credential") }
}

/// The request: `age >= 18` from the list, any registry of its issuers, an hour's maximum
/// age, the scope, expiring at `expires_at`.
fn spec(list: u64, expires_at: u32) -> RequestSpec<u32> {
	RequestSpec {
		version: 2,
		schema: field::to_bytes(&attribute::string("https://didimo.example/schemas/age/v1")),
		issuer: IssuerSpec::List(list),
		slot: 0,
		predicate: PredicateSpec::Gte(18),
		disclose: 0,
		registries: RegistrySpec::OfAcceptedIssuer,
		max_age: 3600,
		nullifier_scope: Some(SCOPE),
		expires_at,
	}
}

/// What a wallet does: reads the list and the registry path from the node, builds the
/// statement for `challenge` and proves.
fn prove_from_chain(
	node: &Node,
	pk: &ProvingKey,
	verifier: &DidIdentifier,
	request: RequestId,
	list: u64,
	holder: &Holder,
	challenge: Fr,
) -> (Vec<u8>, Presented) {
	let info: Option<TrustedListInfo<u32>> = state_call(node, "PresentationApi_trusted_list", list);
	let info = info.expect("the list exists");
	let leaves: Vec<Fr> =
		info.leaves.iter().map(|l| field::from_bytes(l).expect("canonical")).collect();
	let tree = ListTree::from_leaves(&leaves).expect("32 leaves");
	let leaf = didimo_zk::statement::trusted_issuers::leaf(&holder.credential.issuer);
	let slot = leaves.iter().position(|l| *l == leaf).expect("the issuer is listed");
	let root = info.roots.last().expect("a root").root;
	assert_eq!(field::to_bytes(&tree.root()), root);
	let credential = &holder.credential.credential;
	let answer = node
		.call("revocation_witness", json!([credential.registry_id, credential.revocation_index]));
	let non_revocation = witness_from_json(&answer);
	let scope =
		pallet_presentation::Pallet::<Runtime>::statement_scope(verifier, Some(&SCOPE), &request);
	let nullifier = holder.secret.nullifier_for(credential, &scope);
	let time = chain_time(node) / 1000;
	let statement = Statement {
		version: Version::V2,
		issuer: Issuer::Trusted(tree.root()),
		schema: credential.schema,
		time,
		registry_id: credential.registry_id,
		revocation_root: non_revocation.root,
		capacity: REGISTRY_CAPACITY,
		slot: 0,
		predicate: Predicate::Gte(18),
		disclosed: [None; ATTRIBUTES],
		challenge,
		scope,
		nullifier,
	};
	let witness = Witness {
		issuer_membership: tree.path(slot),
		..Witness::new(holder.credential.clone(), holder.secret.clone(), non_revocation)
	};
	let proof = prove(pk, &statement, &witness).expect("the holder can prove");
	let presented = Presented {
		time,
		registry: credential.registry_id,
		revocation_root: field::to_bytes(&statement.revocation_root),
		issuer_root: Some(root),
		nullifier: field::to_bytes(&nullifier),
		disclosed: BoundedVec::new(),
	};
	(proof.to_bytes().to_vec(), presented)
}

fn present_call(request: RequestId, proof: &[u8], presented: Presented) -> RuntimeCall {
	RuntimeCall::Presentation(pallet_presentation::Call::present {
		request,
		proof: BoundedVec::truncate_from(proof.to_vec()),
		presented,
	})
}

fn challenge_for(request: &RequestId, who: Sr25519Keyring) -> Fr {
	pallet_presentation::Pallet::<Runtime>::chain_challenge(request, &who.to_account_id())
}

/// What both tests start from: a dev chain with short root windows; three issuers (Ferdie,
/// Dave, Eve) with Jubjub keys, the first two with a registry each; a verifier DID (`Two`)
/// with a list of the three.
pub(crate) struct World {
	pub chain: Chain,
	pub pk: ProvingKey,
	pub issuers: [sr25519::Pair; 3],
	pub secrets: [SecretKey; 3],
	pub verifier_pair: sr25519::Pair,
	pub verifier: DidIdentifier,
	pub list: u64,
	pub registries: (u64, u64),
	/// The node's directory, removed when the test ends (after the node stops).
	pub _base: tempfile::TempDir,
}

pub(crate) fn world(tag: &str) -> World {
	let base = temp_dir(tag);
	// With the HTTP endpoint (DID resolver and presentation verifier) on a free port, and
	// without off-chain workers: the tests check what an expired request answers, which the
	// authority's housekeeping would remove soon after (`housekeeping.rs` tests that).
	let (node, genesis, alice_nonce) =
		dev_chain_with(base.path(), &["--did-resolver-port", "0", "--offchain-worker", "never"]);
	let mut chain = Chain {
		node,
		genesis,
		nonces: [(Sr25519Keyring::Alice, alice_nonce)].into_iter().collect(),
		counters: Default::default(),
	};
	let (pk, _) =
		dev_setup(Version::V2, [0; 32]).expect("the development key (genesis registers it)");

	// Short windows for the test: two blocks for revocation and list roots.
	chain.sudo(RuntimeCall::System(SystemCall::set_storage {
		items: vec![
			(sp_io::hashing::twox_128(b":RevocationRootFreshness:").to_vec(), WINDOW.encode()),
			(sp_io::hashing::twox_128(b":PresentationRootFreshness:").to_vec(), WINDOW.encode()),
		],
	}));

	// Three issuers with Jubjub keys, two with a registry; a verifier.
	let issuers =
		[Sr25519Keyring::Ferdie, Sr25519Keyring::Dave, Sr25519Keyring::Eve].map(|k| k.pair());
	let secrets = [7u8, 8, 9].map(|s| SecretKey::from_bytes(&[s; 32]).expect("a canonical scalar"));
	for (pair, secret) in issuers.iter().zip(&secrets) {
		create_issuer(&mut chain, pair, secret);
	}
	let verifier_pair = Sr25519Keyring::Two.pair();
	let create = create_did_with(&chain.node, chain.genesis, &verifier_pair, Vec::new());
	chain.run(Sr25519Keyring::Alice, create).expect("the verifier's DID is created");
	let verifier = did_of(&verifier_pair);
	for pair in &issuers[..2] {
		chain.as_did(
			pair,
			RuntimeCall::Revocation(pallet_revocation::Call::create_registry {
				purpose: StatusPurpose::Revocation,
				capacity: REGISTRY_CAPACITY,
			}),
		);
	}

	// The verifier's list of the three.
	chain.as_did(
		&verifier_pair,
		RuntimeCall::Presentation(pallet_presentation::Call::create_list {
			issuers: BoundedVec::truncate_from(issuers.iter().map(did_of).collect()),
		}),
	);
	World {
		chain,
		pk,
		issuers,
		secrets,
		verifier_pair,
		verifier,
		list: 0,
		registries: (0, 1),
		_base: base,
	}
}

#[test]
fn presentations_verified_on_chain() {
	let World {
		mut chain,
		pk,
		issuers,
		secrets,
		verifier_pair,
		verifier,
		list,
		registries,
		_base,
		..
	} = world("verification");
	let (ferdie_registry, dave_registry) = registries;

	// Two requests (one expiring soon).
	let far = chain.best() + 10_000;
	let request = pallet_presentation::Pallet::<Runtime>::request_id(&verifier, &spec(list, far));
	chain.as_did(
		&verifier_pair,
		RuntimeCall::Presentation(pallet_presentation::Call::create_request {
			spec: spec(list, far),
		}),
	);
	let soon = chain.best() + 6;
	let short = pallet_presentation::Pallet::<Runtime>::request_id(&verifier, &spec(list, soon));
	chain.as_did(
		&verifier_pair,
		RuntimeCall::Presentation(pallet_presentation::Call::create_request {
			spec: spec(list, soon),
		}),
	);

	// The holder proves; Bob copies the proof from the pool and submits it first: refused.
	// Charlie, for whom it was made, submits it: verified, nullifier stored.
	let alice_holder = holder(&secrets[0], ferdie_registry, 4, 11);
	let for_charlie = challenge_for(&request, Sr25519Keyring::Charlie);
	let (proof, presented) =
		prove_from_chain(&chain.node, &pk, &verifier, request, list, &alice_holder, for_charlie);
	// Before anything is submitted, an expired-request proof is made for Bob, to submit later.
	let (short_proof, short_presented) = prove_from_chain(
		&chain.node,
		&pk,
		&verifier,
		short,
		list,
		&holder(&secrets[0], ferdie_registry, 9, 19),
		challenge_for(&short, Sr25519Keyring::Bob),
	);
	assert_eq!(
		chain
			.run(Sr25519Keyring::Bob, present_call(request, &proof, presented.clone()))
			.map(|_| ()),
		error(pallet_presentation::Error::ProofRejected)
	);
	let events = chain
		.run(Sr25519Keyring::Charlie, present_call(request, &proof, presented.clone()))
		.expect("the presentation verifies");
	assert!(events.contains(&RuntimeEvent::Presentation(
		pallet_presentation::Event::PresentationVerified {
			request,
			submitter: Sr25519Keyring::Charlie.to_account_id(),
			nullifier: Some(presented.nullifier),
			disclosed: BoundedVec::new(),
		}
	)));

	// The same holder again, a fresh proof for Bob: the nullifier is used.
	let (again, again_presented) = prove_from_chain(
		&chain.node,
		&pk,
		&verifier,
		request,
		list,
		&alice_holder,
		challenge_for(&request, Sr25519Keyring::Bob),
	);
	assert_eq!(
		chain.run(Sr25519Keyring::Bob, present_call(request, &again, again_presented)).map(|_| ()),
		error(pallet_presentation::Error::NullifierUsed)
	);
	// The same holder with a credential of another issuer of the list: version 2's nullifier
	// is the holder's, not the credential's, so it is used too (a second vote refused).
	let (other, other_presented) = prove_from_chain(
		&chain.node,
		&pk,
		&verifier,
		request,
		list,
		&holder(&secrets[1], dave_registry, 3, 11),
		challenge_for(&request, Sr25519Keyring::Bob),
	);
	assert_eq!(other_presented.nullifier, presented.nullifier);
	assert_eq!(
		chain.run(Sr25519Keyring::Bob, present_call(request, &other, other_presented)).map(|_| ()),
		error(pallet_presentation::Error::NullifierUsed)
	);

	// Off chain, for a verifier's nonce, over `state_call` as a light client makes it.
	let nonce = [0x42; 32];
	let challenge: [u8; 32] =
		state_call(&chain.node, "PresentationApi_challenge", (request, nonce));
	let second = holder(&secrets[0], ferdie_registry, 5, 12);
	let (api_proof, api_presented) = prove_from_chain(
		&chain.node,
		&pk,
		&verifier,
		request,
		list,
		&second,
		field::from_bytes(&challenge).expect("canonical"),
	);
	let verdict: Result<(), PresentError> = state_call(
		&chain.node,
		"PresentationApi_verify",
		(request, api_proof.clone(), api_presented.clone(), nonce),
	);
	assert_eq!(verdict, Ok(()));
	let verdict: Result<(), PresentError> = state_call(
		&chain.node,
		"PresentationApi_verify",
		(request, api_proof, api_presented, [0x43u8; 32]),
	);
	assert_eq!(verdict, Err(PresentError::ProofRejected));

	// Revoked: a proof made now, the credential revoked, the old root out of the window.
	let revoked = holder(&secrets[0], ferdie_registry, 6, 13);
	let (revoked_proof, revoked_presented) = prove_from_chain(
		&chain.node,
		&pk,
		&verifier,
		request,
		list,
		&revoked,
		challenge_for(&request, Sr25519Keyring::Bob),
	);
	chain.revoke_past_window(&issuers[0], ferdie_registry, 6);
	assert_eq!(
		chain
			.run(Sr25519Keyring::Bob, present_call(request, &revoked_proof, revoked_presented))
			.map(|_| ()),
		error(pallet_presentation::Error::RevocationRootNotAccepted)
	);

	// Left the list: Dave's holder proves now; Dave leaves; the old list root goes out of the
	// window.
	let daves = holder(&secrets[1], dave_registry, 2, 14);
	let (left_proof, left_presented) = prove_from_chain(
		&chain.node,
		&pk,
		&verifier,
		request,
		list,
		&daves,
		challenge_for(&request, Sr25519Keyring::Charlie),
	);
	chain.as_did(
		&verifier_pair,
		RuntimeCall::Presentation(pallet_presentation::Call::remove_issuer {
			list,
			issuer: did_of(&issuers[1]),
		}),
	);
	chain.wait_until(chain.best() + WINDOW + 2);
	assert_eq!(
		chain
			.run(Sr25519Keyring::Charlie, present_call(request, &left_proof, left_presented))
			.map(|_| ()),
		error(pallet_presentation::Error::IssuerRootNotAccepted)
	);

	// The short request has expired by now.
	chain.wait_until(soon);
	assert_eq!(
		chain
			.run(Sr25519Keyring::Bob, present_call(short, &short_proof, short_presented))
			.map(|_| ()),
		error(pallet_presentation::Error::RequestExpired)
	);

	// Malformed proof bytes.
	let fresh = holder(&secrets[0], ferdie_registry, 7, 15);
	let (fresh_proof, fresh_presented) = prove_from_chain(
		&chain.node,
		&pk,
		&verifier,
		request,
		list,
		&fresh,
		challenge_for(&request, Sr25519Keyring::Bob),
	);
	for garbled in [&fresh_proof[..100], &[0xab; 192][..]] {
		assert_eq!(
			chain
				.run(Sr25519Keyring::Bob, present_call(request, garbled, fresh_presented.clone()))
				.map(|_| ()),
			error(pallet_presentation::Error::MalformedProof)
		);
	}

	// Root retires the circuit: even a valid proof is refused.
	chain.sudo(RuntimeCall::Presentation(pallet_presentation::Call::retire_circuit { version: 2 }));
	assert_eq!(
		chain
			.run(Sr25519Keyring::Bob, present_call(request, &fresh_proof, fresh_presented))
			.map(|_| ()),
		error(pallet_presentation::Error::CircuitRetired)
	);

	// Blocks kept coming and finalizing throughout.
	let best = chain.best();
	chain.wait_until(best + 1);
	let (finalized, _) = chain.node.finalized();
	assert!(finalized + 4 >= u64::from(best), "finality keeps up: {finalized} vs {best}");
}

/// A presentation as `presentation_verify` takes it, built as an integrator would.
pub(crate) fn presentation_json(
	request: &RequestId,
	proof: &[u8],
	presented: &Presented,
	nonce: &[u8; 32],
) -> Value {
	json!({
		"request": hex_encode(request),
		"proof": hex_encode(proof),
		"presented": {
			"time": presented.time,
			"registry": presented.registry,
			"revocationRoot": hex_encode(&presented.revocation_root),
			"issuerRoot": presented.issuer_root.map(|root| hex_encode(&root)),
			"nullifier": hex_encode(&presented.nullifier),
			"disclosed": presented.disclosed.iter().map(|d| hex_encode(d)).collect::<Vec<_>>(),
		},
		"nonce": hex_encode(nonce),
	})
}

/// One presentation: request, proof bytes, what is presented, the verifier's nonce.
pub(crate) type Case = (RequestId, Vec<u8>, Presented, [u8; 32]);

/// The `verify` runtime API's answer in wasm at block `at`, as `presentation_verify` words it.
fn wasm_reason(node: &Node, case: &Case, at: &str) -> Value {
	let (request, proof, presented, nonce) = case;
	let args = (request, proof, presented, nonce).encode();
	let raw = node.call("state_call", json!(["PresentationApi_verify", hex_encode(&args), at]));
	let verdict =
		Result::<(), PresentError>::decode(&mut &hex_decode(&raw)[..]).expect("the answer decodes");
	match verdict {
		Ok(()) => Value::Null,
		Err(error) => serde_json::to_value(error).expect("errors serialize"),
	}
}

/// The verifier's `age >= 18` request on `list` that expires in 10,000 blocks, created now:
/// its id and the block it was created by.
pub(crate) fn long_request(
	chain: &mut Chain,
	verifier_pair: &sr25519::Pair,
	list: u64,
) -> (RequestId, u32) {
	let verifier = did_of(verifier_pair);
	let far = chain.best() + 10_000;
	let request = pallet_presentation::Pallet::<Runtime>::request_id(&verifier, &spec(list, far));
	chain.as_did(
		verifier_pair,
		RuntimeCall::Presentation(pallet_presentation::Call::create_request {
			spec: spec(list, far),
		}),
	);
	(request, chain.best())
}

/// Four holders, two with credentials of each registry's issuer (Ferdie's, Dave's).
pub(crate) fn holders(secrets: &[SecretKey; 3], registries: (u64, u64)) -> [Holder; 4] {
	[
		holder(&secrets[0], registries.0, 1, 21),
		holder(&secrets[0], registries.0, 2, 22),
		holder(&secrets[1], registries.1, 1, 23),
		holder(&secrets[1], registries.1, 2, 24),
	]
}

/// Each holder presents for its own verifier nonce (`[i + 1; 32]`); the challenge comes from
/// `presentation_challenge`, which must agree with the runtime API's.
pub(crate) fn nonce_presentations(
	chain: &Chain,
	pk: &ProvingKey,
	verifier: &DidIdentifier,
	request: RequestId,
	list: u64,
	holders: &[Holder],
) -> Vec<Case> {
	holders
		.iter()
		.enumerate()
		.map(|(i, holder)| {
			let nonce = [i as u8 + 1; 32];
			let challenge = chain
				.node
				.call("presentation_challenge", json!([hex_encode(&request), hex_encode(&nonce)]));
			let api: [u8; 32] =
				state_call(&chain.node, "PresentationApi_challenge", (request, nonce));
			assert_eq!(hex_decode(&challenge), api.to_vec());
			let challenge = field::from_bytes(&api).expect("canonical");
			let (proof, presented) =
				prove_from_chain(&chain.node, pk, verifier, request, list, holder, challenge);
			(request, proof, presented, nonce)
		})
		.collect()
}

/// `presentation_*` through the real node: native verification with the runtime's rules,
/// singly and in batches, agrees with the `verify` runtime API in wasm on valid and invalid
/// presentations; a revoked credential and a used nullifier are named; bad input gets an
/// error, not an answer.
#[test]
fn presentations_verified_over_rpc() {
	let World { mut chain, pk, issuers, secrets, verifier_pair, verifier, list, registries, _base } =
		world("verification-rpc");
	let dave_registry = registries.1;
	let (request, created) = long_request(&mut chain, &verifier_pair, list);
	let holders = holders(&secrets, registries);
	let valid = nonce_presentations(&chain, &pk, &verifier, request, list, &holders);
	let node = &chain.node;

	// One verifies over JSON-RPC, at the best block and at the finalized one.
	let (request_0, proof_0, presented_0, nonce_0) = &valid[0];
	let json_0 = presentation_json(request_0, proof_0, presented_0, nonce_0);
	let answer = node.call("presentation_verify", json!([json_0]));
	assert_eq!(answer["verified"], json!(true), "{answer}");
	assert_eq!(answer["reason"], Value::Null);
	assert_eq!(answer["nullifier"], json!(hex_encode(&presented_0.nullifier)));
	assert_eq!(answer["nullifierUsed"], json!(false));
	assert_eq!(answer["disclosed"], json!([]));
	assert!(answer["block"].as_u64().is_some() && answer["blockHash"].is_string(), "{answer}");
	let proved_at = chain.best();
	node.wait_for("finality past the proofs", CHAIN_TIMEOUT, |node| {
		node.finalized().0 >= u64::from(proved_at)
	});
	let answer = node.call("presentation_verify", json!([json_0, "finalized"]));
	assert_eq!(answer["verified"], json!(true), "{answer}");
	assert_eq!(node.finalized().1, answer["blockHash"].as_str().expect("a hash").to_owned());
	// Before the request existed, it is unknown.
	let before = node.call("chain_getBlockHash", json!([created - 1]));
	let answer = node.call("presentation_verify", json!([json_0, before]));
	assert_eq!(answer["reason"], json!("unknownRequest"), "{answer}");
	assert_eq!(answer["nullifierUsed"], Value::Null);

	// Valid and invalid presentations, each answered natively and by the runtime API in wasm
	// at the same block: the same verdict, for the same reason.
	let mut cases: Vec<(Case, Option<&str>)> = Vec::new();
	for (index, (request, proof, presented, nonce)) in valid.iter().enumerate() {
		let case = |proof: &[u8], presented: Presented, nonce: [u8; 32]| -> Case {
			(*request, proof.to_vec(), presented, nonce)
		};
		let same = || presented.clone();
		let uncompressed = didimo_zk::verifier::Proof::from_bytes(proof)
			.expect("a valid proof")
			.to_uncompressed_bytes();
		let other = &valid[(index + 1) % valid.len()].1;
		cases.extend([
			(case(proof, same(), *nonce), None),
			(case(&uncompressed, same(), *nonce), None),
			(case(proof, same(), [0xee; 32]), Some("proofRejected")),
			(case(other, same(), *nonce), Some("proofRejected")),
			(case(&proof[..100], same(), *nonce), Some("malformedProof")),
			(case(&[0xab; 192], same(), *nonce), Some("malformedProof")),
			(
				case(proof, Presented { time: presented.time - 7_200, ..same() }, *nonce),
				Some("presentationTooOld"),
			),
			(
				case(proof, Presented { time: presented.time + 3_600, ..same() }, *nonce),
				Some("presentationInFuture"),
			),
			(
				case(proof, Presented { registry: 77, ..same() }, *nonce),
				Some("registryNotAccepted"),
			),
			(
				case(proof, Presented { revocation_root: [1; 32], ..same() }, *nonce),
				Some("revocationRootNotAccepted"),
			),
			(
				case(proof, Presented { issuer_root: None, ..same() }, *nonce),
				Some("issuerRootNotAccepted"),
			),
			(
				case(proof, Presented { nullifier: [0xff; 32], ..same() }, *nonce),
				Some("nonCanonicalValue"),
			),
			(
				case(
					proof,
					Presented { disclosed: BoundedVec::truncate_from(vec![[1; 32]]), ..same() },
					*nonce,
				),
				Some("wrongDisclosure"),
			),
		]);
	}
	cases.push((
		([0x99; 32], proof_0.clone(), presented_0.clone(), *nonce_0),
		Some("unknownRequest"),
	));
	assert!(cases.len() >= 50, "{} cases", cases.len());
	let at = node.call("chain_getBlockHash", json!([]));
	let at = at.as_str().expect("a hash").to_owned();
	let mut singles = Vec::new();
	for (case, expected) in &cases {
		let (request, proof, presented, nonce) = case;
		let json = presentation_json(request, proof, presented, nonce);
		let native = node.call("presentation_verify", json!([json, at]));
		let wasm = wasm_reason(node, case, &at);
		assert_eq!(native["reason"], wasm, "native and wasm disagree: {native}");
		assert_eq!(native["reason"], json!(expected), "{native}");
		assert_eq!(native["verified"], json!(expected.is_none()));
		singles.push(native);
	}

	// The whole set as one batch: the same answers.
	let batch: Vec<Value> = cases
		.iter()
		.map(|((request, proof, presented, nonce), _)| {
			presentation_json(request, proof, presented, nonce)
		})
		.collect();
	let answers = node.call("presentation_verifyBatch", json!([batch, at]));
	assert_eq!(answers, Value::Array(singles));
	// The same presentations sent at once, one client each: the node verifies what is queued
	// together (one batch check per job), and each caller still gets the answer it got alone.
	let concurrent: Vec<Value> = std::thread::scope(|scope| {
		let calls: Vec<_> = cases
			.iter()
			.map(|((request, proof, presented, nonce), _)| {
				let json = presentation_json(request, proof, presented, nonce);
				let at = at.clone();
				scope.spawn(move || node.call("presentation_verify", json!([json, at])))
			})
			.collect();
		calls.into_iter().map(|call| call.join().expect("a client")).collect()
	});
	assert_eq!(Value::Array(concurrent), answers);
	// Four valid proofs and one made for another nonce: exactly that one is named.
	let mut batch: Vec<Value> = valid
		.iter()
		.map(|(request, proof, presented, nonce)| {
			presentation_json(request, proof, presented, nonce)
		})
		.collect();
	batch.insert(2, presentation_json(request_0, proof_0, presented_0, &valid[1].3));
	let answers = node.call("presentation_verifyBatch", json!([batch]));
	let verdicts: Vec<(Value, Value)> = answers
		.as_array()
		.expect("answers")
		.iter()
		.map(|answer| (answer["verified"].clone(), answer["reason"].clone()))
		.collect();
	let ok = (json!(true), Value::Null);
	assert_eq!(
		verdicts,
		vec![
			ok.clone(),
			ok.clone(),
			(json!(false), json!("proofRejected")),
			ok.clone(),
			ok.clone()
		]
	);

	// Over HTTP, as a W3C Verifiable Presentation to the VC-API endpoint.
	let http = format!("127.0.0.1:{}", node.did_resolver_port().expect("the HTTP endpoint"));
	let vp = |(request, proof, presented, nonce): &Case| {
		serde_json::to_value(didimo_rpc::vc_api::presentation(request, proof, presented, nonce))
			.expect("a presentation serializes")
	};
	let body = json!({
		"verifiablePresentation": vp(&valid[0]),
		"options": { "challenge": hex_encode(nonce_0), "domain": vp(&valid[0])["proof"]["domain"] },
	});
	let (status, text) =
		http_request(&http, "POST", "/presentations/verify", Some(&body.to_string()))
			.expect("an HTTP answer");
	let result: Value = serde_json::from_str(&text).expect("a JSON result");
	assert_eq!(status, 200, "{result}");
	assert_eq!(result["verified"], json!(true));
	assert_eq!(result["errors"], json!([]));
	assert_eq!(result["warnings"], json!([]));
	assert_eq!(result["checks"], json!(["proof", "challenge", "domain"]));
	assert_eq!(result["presentation"]["nullifier"], json!(hex_encode(&presented_0.nullifier)));
	// Another verifier's nonce, another proof's statement, a garbled body: each named.
	let wrong_nonce = json!({
		"verifiablePresentation": vp(&valid[0]),
		"options": { "challenge": hex_encode(&[0xee; 32]) },
	});
	let forged = (*request_0, valid[1].1.clone(), presented_0.clone(), *nonce_0);
	let forged = json!({
		"verifiablePresentation": vp(&forged),
		"options": { "challenge": hex_encode(nonce_0) },
	});
	for (body, status, code) in [
		(wrong_nonce.to_string(), 400, "challengeMismatch"),
		(forged.to_string(), 400, "proofRejected"),
		("{\"verifiablePresentation\": 1}".to_owned(), 400, "malformedPresentation"),
		(format!("{{\"x\": \"{}\"}}", "a".repeat(70_000)), 413, "bodyTooLarge"),
	] {
		let (got, text) = http_request(&http, "POST", "/presentations/verify", Some(&body))
			.expect("an HTTP answer");
		let result: Value = serde_json::from_str(&text).expect("a JSON result");
		assert_eq!((got, &result["errors"][0]["title"]), (status, &json!(code)), "{result}");
		assert_eq!(result["verified"], json!(false));
	}
	let (status, _) =
		http_request(&http, "GET", "/presentations/verify", None).expect("an HTTP answer");
	assert_eq!(status, 405);

	// Bad input: an error with a stable code, no answer.
	let invalid_params = -32_602;
	let mut bad_hex = json_0.clone();
	bad_hex["proof"] = json!("0xzz");
	let mut short_nonce = json_0.clone();
	short_nonce["nonce"] = json!("0x0102");
	let mut missing = json_0.clone();
	missing["presented"].as_object_mut().expect("an object").remove("nullifier");
	for params in [
		json!([bad_hex]),
		json!([short_nonce]),
		json!([missing]),
		json!([json_0, format!("0x{}", "00".repeat(32))]),
		json!([json_0, "latest"]),
	] {
		let error = node.rpc("presentation_verify", params.clone()).expect_err("refused");
		assert_eq!(error.code, invalid_params, "{params}: {error:?}");
	}
	let over = vec![json_0.clone(); 257];
	let error = node.rpc("presentation_verifyBatch", json!([over])).expect_err("over the limit");
	assert_eq!(error.code, invalid_params, "{error:?}");
	assert!(error.message.contains("256"), "{error:?}");

	// A used nullifier: the second holder presents on chain, then its off-chain presentation
	// names the nullifier as used.
	let (chain_proof, chain_presented) = prove_from_chain(
		&chain.node,
		&pk,
		&verifier,
		request,
		list,
		&holders[1],
		challenge_for(&request, Sr25519Keyring::Charlie),
	);
	chain
		.run(Sr25519Keyring::Charlie, present_call(request, &chain_proof, chain_presented))
		.expect("the presentation verifies on chain");
	let (request_1, proof_1, presented_1, nonce_1) = &valid[1];
	let answer = chain.node.call(
		"presentation_verify",
		json!([presentation_json(request_1, proof_1, presented_1, nonce_1)]),
	);
	assert_eq!(answer["verified"], json!(false), "{answer}");
	assert_eq!(answer["reason"], json!("nullifierUsed"));
	assert_eq!(answer["nullifierUsed"], json!(true));

	// Revoked: valid before; once the old root is out of the window, named.
	let (request_3, proof_3, presented_3, nonce_3) = &valid[3];
	let json_3 = presentation_json(request_3, proof_3, presented_3, nonce_3);
	assert_eq!(chain.node.call("presentation_verify", json!([json_3]))["verified"], json!(true));
	chain.revoke_past_window(&issuers[1], dave_registry, 2);
	let answer = chain.node.call("presentation_verify", json!([json_3]));
	assert_eq!(answer["verified"], json!(false), "{answer}");
	assert_eq!(answer["reason"], json!("revocationRootNotAccepted"));
}
