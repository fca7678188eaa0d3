//! A zero-knowledge presentation against the chain: the issuer's DID publishes its Jubjub key
//! as an assertionMethod and keeps a revocation registry; the verifier takes the key from
//! `did_resolve` and the registry's root from `revocation_witness`, the holder its
//! non-revocation path from the same call. The proof verifies against the chain's root, by
//! the key and by a trusted-issuer list built from resolved keys; after the issuer revokes
//! the credential, the old proof fails against the new root and no new proof can be made.

use didimo_primitives::did::{DidPublicKey, Relationship, Relationships, ZkIssuerKey};
use didimo_runtime::RuntimeCall;
use didimo_zk::{
	circuit::Witness,
	credential::{attribute, issue, Credential, HolderSecret, ATTRIBUTES},
	eddsa::{PublicKey, SecretKey},
	prover::{dev_setup, prove},
	statement::{trusted_issuers, Issuer, Predicate, Statement},
	status_tree::NonRevocationWitness,
	verifier::verify,
	Error, Fr, Version,
};
use pallet_did::VerificationMethod;
use pallet_revocation::StatusPurpose;
use serde_json::json;
use sp_keyring::Sr25519Keyring;
use sp_runtime::BoundedVec;

use crate::{
	did_calls::{create_did_with, dev_chain, did_signed, did_string, submit},
	harness::{temp_dir, Node},
	revocation::witness_from_json,
	CHAIN_TIMEOUT,
};

const REGISTRY: u64 = 0;
const INDEX: u32 = 4;

/// The non-revocation witness of `INDEX` as the node serves it, with its status.
fn witness_over_rpc(node: &Node) -> (String, NonRevocationWitness) {
	let answer = node.call("revocation_witness", json!([REGISTRY, INDEX]));
	let status = answer["status"].as_str().expect("a status").to_owned();
	(status, witness_from_json(&answer))
}

/// The issuer's zero-knowledge key as the verifier resolves it: the `DidimoJubjubEdDSAKey2026`
/// method of the DID document, in its assertionMethod.
fn resolved_zk_key(node: &Node, did: &str) -> PublicKey {
	let resolved = node.call("did_resolve", json!([did]));
	let document = &resolved["didDocument"];
	let methods = document["verificationMethod"].as_array().expect("methods");
	let method = methods
		.iter()
		.find(|m| m["type"] == "DidimoJubjubEdDSAKey2026")
		.unwrap_or_else(|| panic!("no zero-knowledge key in {resolved}"));
	let id = method["id"].as_str().expect("an id");
	let asserted = document["assertionMethod"].as_array().expect("assertionMethod");
	assert!(asserted.iter().any(|m| m == id), "{id} is not an assertionMethod: {resolved}");
	let multibase = method["publicKeyMultibase"].as_str().expect("publicKeyMultibase");
	let bytes = bs58::decode(multibase.trim_start_matches('z')).into_vec().expect("base58btc");
	PublicKey::from_bytes(&bytes).expect("a valid Jubjub key")
}

#[test]
fn zero_knowledge_presentation_against_the_chain() {
	let base = temp_dir("presentation");
	let (node, genesis, nonce) = dev_chain(base.path());

	// The issuer: Ferdie's DID with a Jubjub key ("zk-1") as its assertionMethod.
	let issuer = SecretKey::from_bytes(&[7; 32]).expect("a canonical scalar");
	let ferdie = Sr25519Keyring::Ferdie.pair();
	let zk_method = VerificationMethod {
		id: BoundedVec::truncate_from(b"zk-1".to_vec()),
		key: DidPublicKey::ZkIssuer(ZkIssuerKey(issuer.public_key().to_bytes())),
		relationships: Relationships::from(Relationship::AssertionMethod),
	};
	submit(&node, genesis, nonce, create_did_with(&node, genesis, &ferdie, vec![zk_method]));
	let create = RuntimeCall::Revocation(pallet_revocation::Call::create_registry {
		purpose: StatusPurpose::Revocation,
		capacity: 1_000,
	});
	submit(&node, genesis, nonce + 1, did_signed(&node, genesis, &ferdie, 1, create));
	let revoke = |indices: Vec<u32>| {
		RuntimeCall::Revocation(pallet_revocation::Call::revoke {
			registry: REGISTRY,
			indices: BoundedVec::truncate_from(indices),
		})
	};
	// Other credentials of the registry are revoked; the holder's is not.
	submit(
		&node,
		genesis,
		nonce + 2,
		did_signed(&node, genesis, &ferdie, 2, revoke(vec![3, 5, 900])),
	);
	node.wait_for("the registry's revocations", CHAIN_TIMEOUT, |n| {
		n.call("revocation_status", json!([REGISTRY, 900]))["status"] == json!("revoked")
	});

	// Issuance (off chain): an age credential at the registry's index 4.
	let holder = HolderSecret::from_field(Fr::from(0x5eed_u64));
	let mut attributes = [Fr::from(0u64); ATTRIBUTES];
	attributes[0] = attribute::integer(30);
	let credential = Credential {
		version: Version::V2,
		schema: attribute::string("https://didimo.example/schemas/age/v1"),
		holder: holder.commitment(Version::V2),
		id: Fr::from(77u64),
		expiry: 4_000_000_000,
		registry_id: REGISTRY,
		revocation_index: INDEX,
		attributes,
	};
	let signed = issue(&issuer, credential).expect("a valid credential");

	// The verifier's view of the chain: the issuer's key from its DID document, the
	// registry's root; the holder's path from the node.
	let key = resolved_zk_key(&node, &did_string(&ferdie));
	assert_eq!(key, issuer.public_key());
	let (status, non_revocation) = witness_over_rpc(&node);
	assert_eq!(status, "active");

	let scope = attribute::string("e2e age gate");
	let statement = Statement {
		version: Version::V2,
		issuer: Issuer::Key(key),
		schema: signed.credential.schema,
		time: 1_800_000_000,
		registry_id: REGISTRY,
		revocation_root: non_revocation.root,
		capacity: 1_000,
		slot: 0,
		predicate: Predicate::Gte(18),
		disclosed: [None; ATTRIBUTES],
		challenge: Fr::from(0xc4a11e_u64),
		scope,
		nullifier: holder.holder_nullifier(&scope),
	};
	let others: Vec<PublicKey> = (1..4u8)
		.map(|i| SecretKey::from_bytes(&[i; 32]).expect("a canonical scalar").public_key())
		.collect();
	let trusted = [others.clone(), vec![key]].concat();
	let witness = Witness {
		issuer_membership: Some(
			trusted_issuers::membership(&trusted, &key).expect("the key is listed"),
		),
		..Witness::new(signed, holder, non_revocation)
	};
	let (pk, vk) = dev_setup(Version::V2, [0; 32]).expect("development keys");
	let pvk = vk.prepare();
	let proof = prove(&pk, &statement, &witness).expect("the holder can prove");
	assert_eq!(verify(&pvk, &statement, &proof), Ok(()));
	// The same credential through a trusted-issuer list of resolved keys.
	let root = trusted_issuers::root(&trusted).expect("a valid list");
	let anonymous = Statement { issuer: Issuer::Trusted(root), ..statement.clone() };
	let anonymous_proof = prove(&pk, &anonymous, &witness).expect("the holder can prove");
	assert_eq!(verify(&pvk, &anonymous, &anonymous_proof), Ok(()));
	// A list without the issuer: the holder cannot prove.
	let without = trusted_issuers::root(&others).expect("a valid list");
	let excluded = Statement { issuer: Issuer::Trusted(without), ..statement.clone() };
	assert_eq!(prove(&pk, &excluded, &witness).map(|_| ()), Err(Error::UntrustedIssuer));

	// The issuer revokes the credential on chain.
	submit(&node, genesis, nonce + 3, did_signed(&node, genesis, &ferdie, 3, revoke(vec![INDEX])));
	node.wait_for("the holder's revocation", CHAIN_TIMEOUT, |n| {
		n.call("revocation_status", json!([REGISTRY, INDEX]))["status"] == json!("revoked")
	});
	let (status, revoked) = witness_over_rpc(&node);
	assert_eq!(status, "revoked");
	assert_ne!(revoked.root, statement.revocation_root);
	// The verifier now asks against the new root: the old proof fails, and no new one can be
	// made, with the old path or the new one.
	let current = Statement { revocation_root: revoked.root, ..statement.clone() };
	assert_eq!(verify(&pvk, &current, &proof), Err(Error::ProofRejected));
	assert_eq!(prove(&pk, &current, &witness).map(|_| ()), Err(Error::RootMismatch));
	let witness = Witness { non_revocation: revoked, ..witness };
	assert_eq!(prove(&pk, &current, &witness).map(|_| ()), Err(Error::Revoked));
}
