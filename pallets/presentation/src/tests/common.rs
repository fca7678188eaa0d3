//! The scenario the list, request and presentation tests share: DIDs with real Jubjub issuer
//! keys, revocation registries, lists, requests, credentials, and real proofs under the
//! development keys of circuit versions 2 (the current one, by default) and 1
//! (`dev_setup(version, [0; 32])`, the keys the mock's genesis registers), built from chain
//! state as a wallet builds them.

use std::sync::OnceLock;

use didimo_primitives::{
	did::{DidIdentifier, DidPublicKey, Relationship, Relationships, ZkIssuerKey},
	revocation::{Digest, RegistryId, StatusPurpose},
};
use didimo_zk::{
	circuit::Witness,
	credential::{issue, Credential, HolderSecret, SignedCredential},
	eddsa::SecretKey,
	field,
	prover::{dev_setup, prove, ProvingKey},
	statement::{Issuer, Statement},
	status_tree::NonRevocationWitness,
	Fr, Version,
};
use frame_support::{assert_ok, BoundedVec};

use crate::{mock::*, present::predicate, *};

/// The proving key of `version`'s development key, which the mock's genesis registers.
pub fn proving_key(version: Version) -> &'static ProvingKey {
	static KEYS: [OnceLock<ProvingKey>; 2] = [OnceLock::new(), OnceLock::new()];
	let index = usize::from(version == Version::V2);
	KEYS[index].get_or_init(|| dev_setup(version, [0; 32]).expect("the development setup runs").0)
}

/// A Jubjub secret key from a small seed (a canonical, non-zero scalar).
pub fn zk_secret(seed: u8) -> SecretKey {
	let mut bytes = [0u8; 32];
	bytes[0] = seed;
	bytes[1] = 0x5a;
	SecretKey::from_bytes(&bytes).expect("a small non-zero scalar")
}

/// The public key of [`zk_secret`]`(seed)` as a DID document holds it.
pub fn zk_key(seed: u8) -> ZkIssuerKey {
	ZkIssuerKey(zk_secret(seed).public_key().to_bytes())
}

/// An issuer: its DID (with `key-1` and the Jubjub key `zk-1`) and its Jubjub secret.
pub struct TestIssuer {
	pub who: TestDid,
	pub did: DidIdentifier,
	pub secret: SecretKey,
}

/// The method `zk-1` holding `key` for assertionMethod.
pub fn zk_method(key: ZkIssuerKey) -> pallet_did::VerificationMethod<Test> {
	pallet_did::VerificationMethod {
		id: BoundedVec::truncate_from(b"zk-1".to_vec()),
		key: DidPublicKey::ZkIssuer(key),
		relationships: Relationships::NONE.with(Relationship::AssertionMethod),
	}
}

/// Registers an issuer DID from the dev seed `seed` with the Jubjub key of `zk_seed`.
pub fn issuer(seed: &str, zk_seed: u8) -> TestIssuer {
	let who = TestDid::new(seed);
	let did = register(&who);
	assert_ok!(did_call(
		&who,
		ALICE,
		pallet_did::Call::<Test>::add_verification_method {
			method: zk_method(zk_key(zk_seed)),
			key_proof: None,
		}
	));
	TestIssuer { who, did, secret: zk_secret(zk_seed) }
}

/// Registers a DID without a zero-knowledge key (a verifier, or an issuer that cannot join
/// lists).
pub fn plain_did(seed: &str) -> (TestDid, DidIdentifier) {
	let who = TestDid::new(seed);
	let did = register(&who);
	(who, did)
}

/// Creates a list of `owner` (paid by Alice) holding `issuers`.
pub fn create_list(owner: &DidIdentifier, issuers: &[DidIdentifier]) -> ListId {
	let list = NextListId::<Test>::get();
	assert_ok!(Presentation::create_list(
		verifier_origin(owner, ALICE),
		BoundedVec::truncate_from(issuers.to_vec())
	));
	list
}

/// A list's current root.
pub fn list_root(list: ListId) -> Digest {
	ListRoots::<Test>::get(list).last().expect("a list has a root").root
}

/// Creates a revocation registry of `issuer` (1024 slots, paid by Alice).
pub fn create_registry(issuer: &DidIdentifier) -> RegistryId {
	assert_ok!(Revocation::create_registry(
		verifier_origin(issuer, ALICE),
		StatusPurpose::Revocation,
		1024
	));
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Revocation(pallet_revocation::Event::RegistryCreated {
				registry,
				..
			}) => Some(registry),
			_ => None,
		})
		.expect("RegistryCreated is emitted")
}

/// Revokes `index` in `registry` of `issuer`.
pub fn revoke(issuer: &DidIdentifier, registry: RegistryId, index: u32) {
	assert_ok!(Revocation::revoke(
		verifier_origin(issuer, ALICE),
		registry,
		BoundedVec::truncate_from(vec![index])
	));
}

/// `age >= 18` on slot 0 with slot 3 disclosed, from `issuer`, any registry of an accepted
/// issuer, ten minutes' maximum age, expiring 100 blocks from now, in circuit version 2.
pub fn age_spec(issuer: IssuerSpec, scope: Option<Digest>) -> RequestSpec<u32> {
	RequestSpec {
		version: 2,
		schema: field::to_bytes(&fixture::schema()),
		issuer,
		slot: 0,
		predicate: PredicateSpec::Gte(18),
		disclose: 0b1000,
		registries: RegistrySpec::OfAcceptedIssuer,
		max_age: 600,
		nullifier_scope: scope,
		expires_at: System::block_number() + 100,
	}
}

/// Registers `spec` for `verifier` (paid by Alice); returns its id.
pub fn create_request(verifier: &DidIdentifier, spec: RequestSpec<u32>) -> RequestId {
	let id = Presentation::request_id(verifier, &spec);
	assert_ok!(Presentation::create_request(verifier_origin(verifier, ALICE), spec));
	id
}

/// A holder and the credential an issuer gave it.
pub struct Holder {
	pub secret: HolderSecret,
	pub credential: SignedCredential,
}

/// [`age_spec`] in circuit version 1.
pub fn age_spec_v1(issuer: IssuerSpec, scope: Option<Digest>) -> RequestSpec<u32> {
	RequestSpec { version: 1, ..age_spec(issuer, scope) }
}

/// `issuer` issues a credential of circuit version 2 (age 30, schema of the fixture) in
/// `registry` at `index` to a holder of secret `seed`.
pub fn credential(issuer: &TestIssuer, registry: RegistryId, index: u32, seed: u64) -> Holder {
	credential_of(Version::V2, issuer, registry, index, seed)
}

/// [`credential`] of circuit `version`; the credential id is `seed · 2^32 + index`, so one
/// holder's credentials have distinct ids.
pub fn credential_of(
	version: Version,
	issuer: &TestIssuer,
	registry: RegistryId,
	index: u32,
	seed: u64,
) -> Holder {
	let secret = HolderSecret::from_field(Fr::from(seed));
	let credential = Credential {
		version,
		schema: fixture::schema(),
		holder: secret.commitment(version),
		id: Fr::from((u128::from(seed) << 32) + u128::from(index)),
		expiry: fixture::TIME + 86_400,
		registry_id: registry,
		revocation_index: index,
		attributes: fixture::attributes(),
	};
	Holder { secret, credential: issue(&issuer.secret, credential).expect("a valid credential") }
}

/// What a wallet builds for `request` from chain state: the statement (for `challenge`), the
/// witness and the `presented` values.
pub fn statement_for(
	request_id: RequestId,
	holder: &Holder,
	challenge: Fr,
) -> (Statement, Witness, Presented) {
	let request = Requests::<Test>::get(request_id).expect("the request exists");
	let spec = &request.spec;
	let credential = &holder.credential.credential;
	let registry = credential.registry_id;
	let status = Revocation::api_witness(registry, credential.revocation_index)
		.expect("the registry is live");
	let non_revocation = NonRevocationWitness {
		index: credential.revocation_index,
		leaf: field::from_bytes(&status.leaf).expect("canonical"),
		path: status
			.path
			.iter()
			.map(|node| field::from_bytes(node).expect("canonical"))
			.collect::<Vec<_>>()
			.try_into()
			.expect("a full path"),
		root: field::from_bytes(&status.root).expect("canonical"),
	};
	let mut witness =
		Witness::new(holder.credential.clone(), holder.secret.clone(), non_revocation);
	let (issuer, issuer_root) = match spec.issuer {
		IssuerSpec::Did(_) => (Issuer::Key(holder.credential.issuer), None),
		IssuerSpec::List(list) => {
			let root = list_root(list);
			let leaf = didimo_zk::statement::trusted_issuers::leaf(&holder.credential.issuer);
			let tree = Presentation::tree(list).expect("the list exists");
			let slot = (0..32).find(|s| tree.leaf(*s) == Some(leaf)).expect("the issuer is listed");
			witness.issuer_membership = tree.path(slot);
			(Issuer::Trusted(field::from_bytes(&root).expect("canonical")), Some(root))
		},
	};
	let mut disclosed = [None; 8];
	let mut values = Vec::new();
	for (slot, entry) in disclosed.iter_mut().enumerate() {
		if spec.disclose & (1 << slot) != 0 {
			*entry = Some(credential.attributes[slot]);
			values.push(field::to_bytes(&credential.attributes[slot]));
		}
	}
	let scope = Presentation::statement_scope(
		&request.verifier,
		spec.nullifier_scope.as_ref(),
		&request_id,
	);
	let nullifier = holder.secret.nullifier_for(credential, &scope);
	let time = fixture::TIME;
	let version = Version::from_number(spec.version).expect("a known version");
	let statement = Statement {
		version,
		issuer,
		schema: credential.schema,
		time,
		registry_id: registry,
		revocation_root: witness.non_revocation.root,
		capacity: match version {
			Version::V1 => 0,
			Version::V2 => Revocation::registry(registry).expect("the registry exists").capacity,
		},
		slot: spec.slot,
		predicate: predicate(&spec.predicate).expect("a valid predicate"),
		disclosed,
		challenge,
		scope,
		nullifier,
	};
	let presented = Presented {
		time,
		registry,
		revocation_root: field::to_bytes(&statement.revocation_root),
		issuer_root,
		nullifier: field::to_bytes(&nullifier),
		disclosed: BoundedVec::truncate_from(values),
	};
	(statement, witness, presented)
}

/// A real proof (compressed) of `holder`'s presentation for `request`, made for submission by
/// `submitter`, and its `presented` values.
pub fn prove_for_submitter(
	request: RequestId,
	holder: &Holder,
	submitter: u8,
) -> (Vec<u8>, Presented) {
	let challenge = Presentation::chain_challenge(&request, &account(submitter));
	prove_with(request, holder, challenge)
}

/// A real proof of `holder`'s presentation for `request` made for the verifier's `nonce`.
pub fn prove_for_nonce(
	request: RequestId,
	holder: &Holder,
	nonce: [u8; 32],
) -> (Vec<u8>, Presented) {
	prove_with(request, holder, Presentation::nonce_challenge(&request, &nonce))
}

fn prove_with(request: RequestId, holder: &Holder, challenge: Fr) -> (Vec<u8>, Presented) {
	let (statement, witness, presented) = statement_for(request, holder, challenge);
	witness.check(&statement).expect("the witness fits the statement");
	let proof =
		prove(proving_key(statement.version), &statement, &witness).expect("proving succeeds");
	(proof.to_bytes().to_vec(), presented)
}

/// `proof` as a `present` argument.
pub fn proof_arg(proof: &[u8]) -> BoundedVec<u8, frame_support::traits::ConstU32<MAX_PROOF_BYTES>> {
	BoundedVec::truncate_from(proof.to_vec())
}
