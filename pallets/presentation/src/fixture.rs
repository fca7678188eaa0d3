//! The presentations the `present` benchmarks submit: a request of a verifier DID over a
//! trusted-issuer list of one issuer (or, for the `*_single_issuer` benchmarks, naming the
//! issuer DID itself), `age >= 18` with every attribute disclosed, a nullifier scope, and a
//! real proof under the **development** key of circuit version 1 or 2 ([`crate::dev`]), made
//! for the chain challenge of [`SUBMITTER`]. Every value is public and fixed, so the
//! benchmark (in the test mock and in the node) sets up exactly the state the proof was made
//! against. A test checks the proofs against the statements rebuilt from these values; when a
//! statement changes, `cargo test -p pallet-presentation fixture -- --ignored` prints new
//! ones.

use didimo_primitives::{
	did::DidIdentifier,
	revocation::{Digest, RegistryId},
};
use didimo_zk::{
	credential::{attribute, Credential, HolderSecret},
	eddsa::SecretKey,
	field, Fr, Version,
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
/// That registry's capacity (version 2 states it).
pub const CAPACITY: u32 = 1024;
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
/// (Version 1.)
pub const PROOF_SINGLE: [u8; 192] = hex!("b0060f5002cd9ab0fee3af582187c02b4ae955949eeab3bcda86f23ebae9d7f12fa08f5ea967c1202edfb07d17c4e8158a28521af68db365365b2c489a98dac788782a3dc0035b113b583a2f5517d73a1b2a9f7117e6e5943d56e20a7893ae1a0dc6742aca42e7e86c1aa512a5b7b9debf3aa721c91481a2dfd83333f60f0701fa81055e33579853dea137097accd4e499c8e695aabf3b71d3e40101de2515787d280cc6251e6422e19b216709aab4a32df2fdaadf8b8bd34b330824fcb3bed6");

/// [`PROOF`] in version 2, under the development key of version 2.
pub const PROOF_V2: [u8; 192] = hex!("b6c00774ea6a35807119d108aa31ad8de44d7fd0f5e968838fce8ac191c798142d0995b1c528e0a1fec71f80dfbea508b3f8ea591b6c061ea6a0e6e2d17b991eb1855ba3ba91a06a1f959c9405cc576f12711c12d1b5e6f7f316703b85c14162062e99e25bfbbeab85a1ca1940fa191822ab030b5b7a91c44a067c9af77d91caa3d8f2001effec882bfdb927c684749db08f20409f3634a79b534b4b5b6aabeec22e20ed682690b93769ed988a4f903a514fa32764ab5244e13f9c17994f3184");

/// [`PROOF_SINGLE`] in version 2.
pub const PROOF_V2_SINGLE: [u8; 192] = hex!("a22c060b1fb820d702ae2fa2c48c472df2bd2a6804a181161bd8a6a9e080b903a8dfc4b2c3a9c12b7a2af11a787400c3a353384bceee8517dd31add953028f4ed820d9ac4c9f70cf2dcb2df6374e7699870855220a0f2aa53d28c5a126bbb98e0d76e78a6f3ff57950c4e68a1c65d34e57d26693605226fe964a3a3db1800eb5ff1921e9090591f8455202df3f407bcc9070639917251f81a80929166984be280e319f301d840b6ad46800c4a0e625be6cc3baf73610b97a9448220db60a8aef");

/// The fixture proof of `version`, of the list request or (`single`) the single-issuer one.
pub fn proof(version: Version, single: bool) -> [u8; 192] {
	match (version, single) {
		(Version::V1, false) => PROOF,
		(Version::V1, true) => PROOF_SINGLE,
		(Version::V2, false) => PROOF_V2,
		(Version::V2, true) => PROOF_V2_SINGLE,
	}
}

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

/// The credential the holder presents in `version`.
pub fn credential(version: Version) -> Credential {
	Credential {
		version,
		schema: schema(),
		holder: holder().commitment(version),
		id: Fr::from(0xc0de_u64),
		expiry: TIME + 365 * 86_400,
		registry_id: REGISTRY,
		revocation_index: INDEX,
		attributes: attributes(),
	}
}

/// The holder's nullifier in the statement scope `scope` ([`HolderSecret::nullifier_for`]).
pub fn nullifier(version: Version, scope: &Fr) -> Fr {
	holder().nullifier_for(&credential(version), scope)
}

/// The request the verifier registers, of circuit `version`.
pub fn spec<BlockNumber: From<u32>>(version: Version) -> RequestSpec<BlockNumber> {
	RequestSpec {
		version: version.number(),
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
pub fn spec_single<BlockNumber: From<u32>>(version: Version) -> RequestSpec<BlockNumber> {
	RequestSpec { issuer: IssuerSpec::Did(did(ISSUER_DID)), ..spec(version) }
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
