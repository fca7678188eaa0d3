//! The fixture the integration tests share: a holder aged 30 with a valid, unrevoked
//! credential presenting `age >= 18` (slot 0) with slot 3 disclosed, the issuer named by its
//! key. Each test crate uses part of it.

#![allow(dead_code)]

use ark_ff::{UniformRand, Zero};
use ark_std::rand::SeedableRng;
use didimo_zk::{
	circuit::Witness,
	credential::{attribute, issue, Credential, HolderSecret, ATTRIBUTES},
	eddsa::SecretKey,
	statement::{Issuer, Predicate, Statement},
	status_tree::{witness_from_bitstring, MAX_BYTES},
	Fr,
};
use rand_chacha::ChaCha20Rng;

pub const INDEX: u32 = 1234;
pub const EXPIRY: u64 = 2_000_000_000;
/// The presentation time.
pub const TIME: u64 = 1_700_000_000;
pub const AGE: u64 = 30;
/// The fixture's threshold: `age >= 18`.
pub const THRESHOLD: u64 = 18;

pub struct Fixture {
	pub statement: Statement,
	pub witness: Witness,
	/// The status list the credential's entry is in.
	pub list: Vec<u8>,
}

pub fn rng(seed: u8) -> ChaCha20Rng {
	ChaCha20Rng::from_seed([seed; 32])
}

pub fn set_bit(list: &mut [u8], index: u32) {
	list[index as usize / 8] |= 0x80 >> (index % 8);
}

/// A holder aged 30 with a valid, unrevoked credential, presenting `age >= 18` with slot 3
/// disclosed.
pub fn fixture() -> Fixture {
	let mut rng = rng(42);
	let issuer = SecretKey::generate(&mut rng);
	let holder = HolderSecret::generate(&mut rng);
	let mut attributes = [Fr::zero(); ATTRIBUTES];
	attributes[0] = attribute::integer(AGE);
	attributes[1] = attribute::string("NL");
	attributes[2] = attribute::date_days(12_345);
	attributes[3] = attribute::boolean(true);
	let credential = Credential {
		schema: attribute::string("https://didimo.example/schemas/age/v1"),
		holder: holder.commitment(),
		id: Fr::rand(&mut rng),
		expiry: EXPIRY,
		registry_id: 7,
		revocation_index: INDEX,
		attributes,
	};
	let signed = issue(&issuer, credential).expect("valid fixture");
	// Other credentials around ours are revoked, ours is not.
	let mut list = vec![0u8; MAX_BYTES / 64];
	for other in [0, INDEX - 1, INDEX + 1, INDEX + 128, 9999] {
		set_bit(&mut list, other);
	}
	let non_revocation = witness_from_bitstring(&list, INDEX).expect("valid fixture");
	let scope = attribute::string("election-2026");
	let mut disclosed = [None; ATTRIBUTES];
	disclosed[3] = Some(attributes[3]);
	let statement = Statement {
		issuer: Issuer::Key(signed.issuer),
		schema: signed.credential.schema,
		time: TIME,
		registry_id: 7,
		revocation_root: non_revocation.root,
		slot: 0,
		predicate: Predicate::Gte(THRESHOLD),
		disclosed,
		challenge: Fr::from(0xc0ffee_u64),
		scope,
		nullifier: holder.nullifier(&signed.credential.id, &scope),
	};
	let witness = Witness::new(signed, holder, non_revocation);
	Fixture { statement, witness, list }
}
