//! The presentations the `present` benchmarks submit: a request of a verifier DID over a
//! trusted-issuer list of one issuer (or, for `present_single_issuer`, naming the issuer DID
//! itself), `age >= 18` with every attribute disclosed, a nullifier scope, and a real proof
//! under the **development** key of circuit version 1 ([`crate::dev`]), made for the chain
//! challenge of [`SUBMITTER`]. Every value is public and
//! fixed, so the benchmark (in the test mock and in the node) sets up exactly the state the
//! proof was made against. A test checks [`PROOF`] against the statement rebuilt here; when
//! the statement changes, `cargo test -p pallet-presentation fixture -- --ignored` prints a
//! new one.

use didimo_primitives::{
	did::DidIdentifier,
	revocation::{Digest, RegistryId},
};
use didimo_zk::{
	credential::{attribute, Credential, HolderSecret},
	eddsa::SecretKey,
	field, Fr,
};
use frame_support::BoundedVec;
use hex_literal::hex;

use crate::{IssuerSpec, ListId, PredicateSpec, Presented, RegistrySpec, RequestSpec, ATTRIBUTES};

/// The issuer's Jubjub secret key (a canonical scalar).
pub const ISSUER_SECRET: [u8; 32] = [7; 32];
/// The issuer DID.
pub const ISSUER_DID: [u8; 32] = [0x11; 32];
/// The verifier DID, owner of the list and the request.
pub const VERIFIER_DID: [u8; 32] = [0x22; 32];
/// The account that submits the presentation (the proof's challenge names it).
pub const SUBMITTER: [u8; 32] = [0x44; 32];
/// The request's nullifier scope.
pub const SCOPE: Digest = [0x33; 32];
/// The chain's time and the presentation's (Unix seconds).
pub const TIME: u64 = 1_800_000_000;
/// The request's expiry block.
pub const EXPIRES_AT: u32 = 100_000;
/// The issuer's registry: the first one created.
pub const REGISTRY: RegistryId = 0;
/// The verifier's list: the first one created.
pub const LIST: ListId = 0;
/// The credential's status-list index.
pub const INDEX: u32 = 5;
/// The holder's age, attribute 0.
pub const AGE: u64 = 30;

/// A proof of the list presentation under the development key of version 1 (192 compressed
/// bytes).
pub const PROOF: [u8; 192] = hex!("a48a94b8101bdfcf68e92cd7f5f920a5968863f29d82452731d7fd8e7b84ba9f38c49a52b01a77fb049624ff9dff876cb5fba43d16ed004076279df9fa22a34a5e27cad55a8408c502baf2176d878f40967f99df5bc88ac3e89be35974059c5f035acb798c0528ae6c5435a995747e81547b7a3b0a7ca8b0c9d588fc45770030f3dbeb238e71fe8ff292f6f1471ce7f5acf13d0ad6b384f4aaa0eed58a8dafdf12100f38408bcba5052f63b603c622b366962b43e0321b9a20e65c2c34302660");

/// A proof of the single-issuer presentation ([`spec_single`]) under the same key.
pub const PROOF_SINGLE: [u8; 192] = hex!("b0060f5002cd9ab0fee3af582187c02b4ae955949eeab3bcda86f23ebae9d7f12fa08f5ea967c1202edfb07d17c4e8158a28521af68db365365b2c489a98dac788782a3dc0035b113b583a2f5517d73a1b2a9f7117e6e5943d56e20a7893ae1a0dc6742aca42e7e86c1aa512a5b7b9debf3aa721c91481a2dfd83333f60f0701fa81055e33579853dea137097accd4e499c8e695aabf3b71d3e40101de2515787d280cc6251e6422e19b216709aab4a32df2fdaadf8b8bd34b330824fcb3bed6");

/// The issuer's secret key (`None` cannot happen: `ISSUER_SECRET` is a canonical, non-zero
/// scalar, which a test checks).
pub fn issuer_secret() -> Option<SecretKey> {
	SecretKey::from_bytes(&ISSUER_SECRET).ok()
}

/// The holder's secret.
pub fn holder() -> HolderSecret {
	HolderSecret::from_field(Fr::from(0xd1d1_d1d1u64))
}

/// The credential's attributes: the age, then every slot filled.
pub fn attributes() -> [Fr; ATTRIBUTES as usize] {
	let mut attributes = [Fr::from(0u64); ATTRIBUTES as usize];
	attributes[0] = attribute::integer(AGE);
	for (i, slot) in attributes.iter_mut().enumerate().skip(1) {
		*slot = attribute::integer(1000 + i as u64);
	}
	attributes
}

/// The credential's schema.
pub fn schema() -> Fr {
	attribute::string("https://didimo.example/schemas/age/v1")
}

/// The credential the holder presents.
pub fn credential() -> Credential {
	Credential {
		schema: schema(),
		holder: holder().commitment(),
		id: Fr::from(0xc0de_u64),
		expiry: TIME + 365 * 86_400,
		registry_id: REGISTRY,
		revocation_index: INDEX,
		attributes: attributes(),
	}
}

/// The request the verifier registers.
pub fn spec<BlockNumber: From<u32>>() -> RequestSpec<BlockNumber> {
	RequestSpec {
		version: 1,
		schema: field::to_bytes(&schema()),
		issuer: IssuerSpec::List(LIST),
		slot: 0,
		predicate: PredicateSpec::Gte(18),
		disclose: 0xff,
		registries: RegistrySpec::OfAcceptedIssuer,
		max_age: 3600,
		nullifier_scope: Some(SCOPE),
		expires_at: EXPIRES_AT.into(),
	}
}

/// The request naming the issuer DID itself rather than a list.
pub fn spec_single<BlockNumber: From<u32>>() -> RequestSpec<BlockNumber> {
	RequestSpec { issuer: IssuerSpec::Did(did(ISSUER_DID)), ..spec() }
}

/// The DID of `bytes`.
pub fn did(bytes: [u8; 32]) -> DidIdentifier {
	DidIdentifier::new(bytes)
}

/// What the holder presents, against the list root `issuer_root` (`None` for the single-issuer
/// request), the registry root `revocation_root`, with `nullifier` its nullifier for the
/// request's scope.
pub fn presented(issuer_root: Option<Digest>, revocation_root: Digest, nullifier: Fr) -> Presented {
	Presented {
		time: TIME,
		registry: REGISTRY,
		revocation_root,
		issuer_root,
		nullifier: field::to_bytes(&nullifier),
		disclosed: BoundedVec::truncate_from(attributes().iter().map(field::to_bytes).collect()),
	}
}
