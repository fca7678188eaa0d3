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
use serde_json::json;
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{BoundedVec, DispatchError};

use crate::{
	consent::chain_time,
	did_calls::{create_did_with, dev_chain, did_signed},
	harness::{temp_dir, Node},
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
fn events(node: &Node, hash: &str) -> Vec<frame_system::EventRecord<RuntimeEvent, H256>> {
	let mut key = sp_io::hashing::twox_128(b"System").to_vec();
	key.extend(sp_io::hashing::twox_128(b"Events"));
	let raw = node.call("state_getStorage", json!([hex_encode(&key), hash]));
	Decode::decode(&mut &hex_decode(&raw)[..]).expect("the block's events decode")
}

/// Submits `call` signed by `who` with `nonce`, waits for the block that includes it and
/// returns its events, or the error it failed with.
fn execute(
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
struct Chain {
	node: Node,
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
struct Holder {
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

#[test]
fn presentations_verified_on_chain() {
	let base = temp_dir("verification");
	let (node, genesis, alice_nonce) = dev_chain(base.path());
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

	// Three issuers with Jubjub keys, each with a registry; a verifier.
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
	let (ferdie_registry, dave_registry) = (0u64, 1u64);

	// The verifier's list of the three and two requests (one expiring soon).
	chain.as_did(
		&verifier_pair,
		RuntimeCall::Presentation(pallet_presentation::Call::create_list {
			issuers: BoundedVec::truncate_from(issuers.iter().map(did_of).collect()),
		}),
	);
	let list = 0u64;
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
	chain.as_did(
		&issuers[0],
		RuntimeCall::Revocation(pallet_revocation::Call::revoke {
			registry: ferdie_registry,
			indices: BoundedVec::truncate_from(vec![6]),
		}),
	);
	chain.wait_until(chain.best() + WINDOW + 2);
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
