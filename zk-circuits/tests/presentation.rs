//! The presentation circuit end to end: correctness (satisfied, proof verifies) and
//! soundness (each tampered witness or statement fails to satisfy or to verify), and the
//! validation of proof and key bytes.
//!
//! `cargo test -p didimo-zk --test presentation`

use std::sync::OnceLock;

use ark_relations::gr1cs::ConstraintSystem;
use didimo_zk::{
	circuit::{PresentationCircuit, Witness},
	credential::{attribute, issue, HolderSecret},
	eddsa::{PublicKey, Scalar, SecretKey, Signature},
	prover::{dev_setup, prove_with_rng, ProvingKey},
	r1cs::Cs,
	statement::{set, trusted_issuers, Issuer, Predicate, Statement, ISSUER_CAPACITY},
	status_tree::witness_from_bitstring,
	verifier::{verify, Proof, VerifyingKey},
	Error, Fr, Version,
};

mod common;

use common::*;

/// Whether the circuit is satisfied (the native checks are bypassed on purpose).
fn satisfied(statement: &Statement, witness: &Witness) -> bool {
	let cs = Cs::new(ConstraintSystem::<Fr>::new_ref());
	let circuit = PresentationCircuit { statement: statement.clone(), witness: witness.clone() };
	circuit.synthesize(&cs).expect("valid fixture");
	cs.is_satisfied().expect("valid fixture")
}

fn keys() -> &'static (ProvingKey, VerifyingKey) {
	static KEYS: OnceLock<(ProvingKey, VerifyingKey)> = OnceLock::new();
	KEYS.get_or_init(|| dev_setup(Version::V1, [1; 32]).expect("valid fixture"))
}

#[test]
fn presentation_correctness() {
	let f = fixture();
	assert_eq!(f.witness.check(&f.statement), Ok(()));
	assert!(satisfied(&f.statement, &f.witness));
}

#[test]
fn presentation_constraint_budget() {
	let (report, total) =
		didimo_zk::circuit::constraint_report(Version::V1).expect("valid fixture");
	for (name, count) in &report {
		println!("{name:>28}: {count:>6}");
	}
	println!("{:>28}: {total:>6}", "total");
	assert_eq!(report.iter().map(|(_, c)| c).sum::<usize>(), total);
	assert!(total <= 20_000, "{total}");
	// Below 2^14 - 1 (the public input and the constant take rows): a 16384-point domain.
	assert!(total < 16_383, "{total}");
}

#[test]
fn prove_then_verify_correctness() {
	let f = fixture();
	let (pk, vk) = keys();
	let proof = prove_with_rng(pk, &f.statement, &f.witness, &mut rng(9)).expect("valid fixture");
	let pvk = vk.prepare();
	assert_eq!(verify(&pvk, &f.statement, &proof), Ok(()));
	// Round trip through bytes.
	let bytes = proof.to_bytes();
	assert_eq!(bytes.len(), 192);
	let decoded = Proof::from_bytes(&bytes).expect("valid fixture");
	let vk_decoded = VerifyingKey::from_bytes(&vk.to_bytes()).expect("valid fixture");
	assert_eq!(verify(&vk_decoded.prepare(), &f.statement, &decoded), Ok(()));
	assert_eq!(
		didimo_zk::verifier::verify_encoded(
			&pvk,
			&didimo_zk::field::to_bytes(&f.statement.hash().expect("valid fixture")),
			&decoded
		),
		Ok(())
	);
}

/// A proof verifies for its statement only: changing any one field (each value, the operator
/// alone, the disclosure mask alone, the issuer key or its mode) makes the verifier reject it,
/// and so does another key's verifier.
#[test]
fn verify_soundness_statement_changes() {
	let f = fixture();
	let (pk, vk) = keys();
	let pvk = vk.prepare();
	let proof = prove_with_rng(pk, &f.statement, &f.witness, &mut rng(10)).expect("valid fixture");
	let other_key = SecretKey::generate(&mut rng(11)).public_key();
	let (ax, _) = f.witness.credential.issuer.coordinates();
	// Every field of the statement, one at a time; the operator and the mask each alone.
	let changes: Vec<(&str, Box<dyn Fn(&mut Statement)>)> = vec![
		("another challenge", Box::new(|s| s.challenge += Fr::from(1u64))),
		("another scope", Box::new(|s| s.scope += Fr::from(1u64))),
		("another nullifier", Box::new(|s| s.nullifier += Fr::from(1u64))),
		("a disclosed value changed", Box::new(|s| s.disclosed[3] = Some(Fr::from(0u64)))),
		("a value disclosed that was not", Box::new(|s| s.disclosed[0] = Some(Fr::from(AGE)))),
		("the mask alone: slot 3 no longer disclosed", Box::new(|s| s.disclosed[3] = None)),
		("another threshold", Box::new(|s| s.predicate = Predicate::Gte(19))),
		("the operator alone: GT", Box::new(|s| s.predicate = Predicate::Gt(THRESHOLD))),
		("the operator alone: LTE", Box::new(|s| s.predicate = Predicate::Lte(THRESHOLD))),
		("the operator alone: NE", Box::new(|s| s.predicate = Predicate::Ne(Fr::from(THRESHOLD)))),
		(
			"a BETWEEN from the same bound",
			Box::new(|s| s.predicate = Predicate::Between(THRESHOLD, 0)),
		),
		("another slot", Box::new(|s| s.slot = 1)),
		("another schema", Box::new(|s| s.schema += Fr::from(1u64))),
		("another registry", Box::new(|s| s.registry_id += 1)),
		("another time", Box::new(|s| s.time += 1)),
		("another revocation root", Box::new(|s| s.revocation_root += Fr::from(1u64))),
		("another issuer key", Box::new(move |s| s.issuer = Issuer::Key(other_key))),
		("the key read as a list root", Box::new(move |s| s.issuer = Issuer::Trusted(ax))),
	];
	for (name, change) in changes {
		let mut statement = f.statement.clone();
		change(&mut statement);
		assert_eq!(verify(&pvk, &statement, &proof), Err(Error::ProofRejected), "{name}");
	}
	// Another key's verifier.
	let (_, other_vk) = dev_setup(Version::V1, [2; 32]).expect("valid fixture");
	assert_eq!(verify(&other_vk.prepare(), &f.statement, &proof), Err(Error::ProofRejected));
}

#[test]
fn presentation_soundness_wrong_issuer_key() {
	let f = fixture();
	let mut statement = f.statement.clone();
	statement.issuer = Issuer::Key(SecretKey::generate(&mut rng(5)).public_key());
	assert!(!satisfied(&statement, &f.witness));
	assert!(f.witness.check(&statement).is_err());
}

#[test]
fn presentation_soundness_forged_signature() {
	let f = fixture();
	let mut witness = f.witness.clone();
	let sig = witness.credential.signature;
	witness.credential.signature = Signature { s: sig.s + Scalar::from(1u64), ..sig };
	assert!(!satisfied(&f.statement, &witness));
	// A signature by another key on the same credential.
	let mut witness = f.witness.clone();
	witness.credential.signature = SecretKey::generate(&mut rng(6))
		.sign(Version::V1, &witness.credential.credential.commitment());
	assert!(!satisfied(&f.statement, &witness));
	// A credential changed after signing (age raised).
	let mut witness = f.witness.clone();
	witness.credential.credential.attributes[0] = Fr::from(99u64);
	assert!(!satisfied(&f.statement, &witness));
}

#[test]
fn presentation_soundness_another_holders_secret() {
	let f = fixture();
	let mut statement = f.statement.clone();
	let mut witness = f.witness.clone();
	let thief = HolderSecret::generate(&mut rng(7));
	// The thief's nullifier is consistent, only the holder binding is wrong.
	statement.nullifier = thief.nullifier(&witness.credential.credential.id, &statement.scope);
	witness.holder_secret = thief;
	assert!(!satisfied(&statement, &witness));
	assert!(witness.check(&statement).is_err());
}

#[test]
fn presentation_soundness_wrong_schema() {
	let f = fixture();
	let mut statement = f.statement.clone();
	statement.schema = attribute::string("https://didimo.example/schemas/diploma/v1");
	assert!(!satisfied(&statement, &f.witness));
}

#[test]
fn presentation_expiry_boundaries() {
	let f = fixture();
	for (time, ok) in
		[(0, true), (EXPIRY - 1, true), (EXPIRY, true), (EXPIRY + 1, false), (u64::MAX, false)]
	{
		let mut statement = f.statement.clone();
		statement.time = time;
		assert_eq!(satisfied(&statement, &f.witness), ok, "time {time}");
		assert_eq!(f.witness.check(&statement).is_ok(), ok, "time {time}");
	}
}

#[test]
fn presentation_soundness_revoked() {
	let f = fixture();
	let mut list = f.list.clone();
	set_bit(&mut list, INDEX);
	let revoked = witness_from_bitstring(&list, INDEX).expect("valid fixture");
	let mut statement = f.statement.clone();
	statement.revocation_root = revoked.root;
	let mut witness = f.witness.clone();
	witness.non_revocation = revoked;
	assert!(!satisfied(&statement, &witness));
	assert_eq!(witness.check(&statement), Err(Error::Revoked));
	// The old (stale) path against the new root.
	let mut stale = f.witness.clone();
	stale.non_revocation.root = statement.revocation_root;
	assert!(!satisfied(&statement, &stale));
	// Another index's path (a valid one) does not stand in for the credential's.
	let mut other = f.witness.clone();
	other.non_revocation = witness_from_bitstring(&list, INDEX + 300).expect("valid fixture");
	assert!(!satisfied(&statement, &other));
}

#[test]
fn presentation_soundness_registry_and_disclosure() {
	let f = fixture();
	let mut statement = f.statement.clone();
	statement.registry_id = 8;
	assert!(!satisfied(&statement, &f.witness));
	let mut statement = f.statement.clone();
	statement.disclosed[3] = Some(Fr::from(0u64));
	assert!(!satisfied(&statement, &f.witness));
	let mut statement = f.statement.clone();
	statement.disclosed[1] = Some(attribute::string("DE"));
	assert!(!satisfied(&statement, &f.witness));
	let mut statement = f.statement.clone();
	statement.disclosed[1] = Some(attribute::string("NL"));
	assert!(satisfied(&statement, &f.witness), "a true disclosure");
}

#[test]
fn presentation_soundness_scope_and_nullifier() {
	let f = fixture();
	// Another scope with the old nullifier.
	let mut statement = f.statement.clone();
	statement.scope += Fr::from(1u64);
	assert!(!satisfied(&statement, &f.witness));
	// With the right nullifier for the new scope it holds, and the nullifiers differ.
	let secret = &f.witness.holder_secret;
	let id = f.witness.credential.credential.id;
	statement.nullifier = secret.nullifier(&id, &statement.scope);
	assert!(satisfied(&statement, &f.witness));
	assert_ne!(statement.nullifier, f.statement.nullifier);
	assert_eq!(secret.nullifier(&id, &f.statement.scope), f.statement.nullifier, "stable");
	// A made-up nullifier.
	let mut statement = f.statement.clone();
	statement.nullifier += Fr::from(1u64);
	assert!(!satisfied(&statement, &f.witness));
}

/// Runs `predicate` on slot `slot` with attribute value `value`.
fn predicate_holds(
	value: Fr,
	predicate: Predicate,
	membership: Option<set::Membership>,
) -> (bool, bool) {
	let mut rng = rng(11);
	let issuer = SecretKey::generate(&mut rng);
	let f = fixture();
	let mut credential = f.witness.credential.credential.clone();
	credential.attributes[5] = value;
	let signed = issue(&issuer, credential).expect("valid fixture");
	let mut statement = f.statement.clone();
	statement.issuer = Issuer::Key(signed.issuer);
	statement.slot = 5;
	statement.predicate = predicate;
	let witness = Witness { credential: signed, set_membership: membership, ..f.witness.clone() };
	(satisfied(&statement, &witness), witness.check(&statement).is_ok())
}

#[test]
fn predicates_at_every_boundary() {
	let max = u64::MAX;
	let v = Fr::from;
	let cases: Vec<(Fr, Predicate, bool)> = vec![
		(v(0), Predicate::Gte(0), true),
		(v(0), Predicate::Lt(0), false),
		(v(0), Predicate::Lt(1), true),
		(v(0), Predicate::Lte(0), true),
		(v(0), Predicate::Gt(0), false),
		(v(max), Predicate::Gt(max - 1), true),
		(v(max), Predicate::Gt(max), false),
		(v(max), Predicate::Gte(max), true),
		(v(max), Predicate::Lte(max), true),
		(v(max), Predicate::Lt(max), false),
		(v(max - 1), Predicate::Lt(max), true),
		(v(17), Predicate::Gte(18), false),
		(v(18), Predicate::Gte(18), true),
		(v(19), Predicate::Gt(18), true),
		(v(18), Predicate::Gt(18), false),
		(v(17), Predicate::Lte(17), true),
		(v(18), Predicate::Lte(17), false),
		(v(30), Predicate::Between(30, 30), true),
		(v(29), Predicate::Between(30, 40), false),
		(v(41), Predicate::Between(30, 40), false),
		(v(40), Predicate::Between(30, 40), true),
		(v(0), Predicate::Between(0, max), true),
		(v(5), Predicate::Between(6, 4), false),
		(v(30), Predicate::Eq(v(30)), true),
		(v(30), Predicate::Eq(v(31)), false),
		(v(30), Predicate::Ne(v(31)), true),
		(v(30), Predicate::Ne(v(30)), false),
		// Values at or above 2^64 fail every comparison but not (in)equality.
		(v(max) + v(1), Predicate::Gte(0), false),
		(v(max) + v(1), Predicate::Lte(max), false),
		(-v(1), Predicate::Lt(5), false),
		(-v(1), Predicate::Eq(-v(1)), true),
		(attribute::string("NL"), Predicate::Ne(attribute::string("DE")), true),
	];
	for (value, predicate, expected) in cases {
		assert_eq!(
			predicate_holds(value, predicate, None),
			(expected, expected),
			"{value} {predicate:?}"
		);
	}
}

#[test]
fn predicate_in_a_set() {
	let countries: Vec<Fr> = ["NL", "BE", "LU", "DE", "FR"].map(attribute::string).to_vec();
	let root = set::root(&countries).expect("valid fixture");
	let nl = attribute::string("NL");
	let fr = attribute::string("FR");
	let member = set::membership(&countries, &fr).expect("valid fixture");
	assert_eq!(predicate_holds(fr, Predicate::In(root), Some(member.clone())), (true, true));
	// A value outside the set, with a member's path.
	let us = attribute::string("US");
	assert_eq!(predicate_holds(us, Predicate::In(root), Some(member)), (false, false));
	// Without a path.
	assert_eq!(predicate_holds(nl, Predicate::In(root), None), (false, false));
	// Another set's root.
	let benelux = set::root(&countries[..3]).expect("valid fixture");
	let member = set::membership(&countries, &nl).expect("valid fixture");
	assert_eq!(predicate_holds(nl, Predicate::In(benelux), Some(member)), (false, false));
}

#[test]
fn prover_reports_witness_errors() {
	let f = fixture();
	let (pk, _) = keys();
	let mut statement = f.statement.clone();
	statement.predicate = Predicate::Gt(AGE);
	assert_eq!(
		prove_with_rng(pk, &statement, &f.witness, &mut rng(1)).map(|_| ()),
		Err(Error::PredicateFalse)
	);
	statement = f.statement.clone();
	statement.time = EXPIRY + 1;
	assert_eq!(
		prove_with_rng(pk, &statement, &f.witness, &mut rng(1)).map(|_| ()),
		Err(Error::Expired)
	);
	statement = f.statement.clone();
	statement.slot = 8;
	assert!(matches!(
		prove_with_rng(pk, &statement, &f.witness, &mut rng(1)),
		Err(Error::InvalidStatement(_))
	));
}

/// Four other issuers' keys and the fixture's issuer (third): a verifier's trusted list.
fn trusted_keys(f: &Fixture) -> Vec<PublicKey> {
	let mut keys: Vec<PublicKey> =
		(20..24).map(|seed| SecretKey::generate(&mut rng(seed)).public_key()).collect();
	keys.insert(2, f.witness.credential.issuer);
	keys
}

/// The fixture presented against the root of [`trusted_keys`] instead of its issuer's key.
fn trusted_fixture() -> (Fixture, Vec<PublicKey>) {
	let mut f = fixture();
	let keys = trusted_keys(&f);
	let issuer = f.witness.credential.issuer;
	f.statement.issuer = Issuer::Trusted(trusted_issuers::root(&keys).expect("valid fixture"));
	f.witness.issuer_membership =
		Some(trusted_issuers::membership(&keys, &issuer).expect("valid fixture"));
	(f, keys)
}

#[test]
fn trusted_issuer_correctness() {
	let (f, _) = trusted_fixture();
	assert_eq!(f.witness.check(&f.statement), Ok(()));
	assert!(satisfied(&f.statement, &f.witness));
	let (pk, vk) = keys();
	let pvk = vk.prepare();
	let proof = prove_with_rng(pk, &f.statement, &f.witness, &mut rng(12)).expect("valid fixture");
	assert_eq!(verify(&pvk, &f.statement, &proof), Ok(()));
	// The proof is for the root: it does not verify as a presentation naming the key.
	let by_key =
		Statement { issuer: Issuer::Key(f.witness.credential.issuer), ..f.statement.clone() };
	assert_eq!(verify(&pvk, &by_key, &proof), Err(Error::ProofRejected));
	// The same witness (its path unused) proves the key statement, and that proof does not
	// verify for the root.
	assert_eq!(f.witness.check(&by_key), Ok(()));
	let key_proof = prove_with_rng(pk, &by_key, &f.witness, &mut rng(13)).expect("valid fixture");
	assert_eq!(verify(&pvk, &by_key, &key_proof), Ok(()));
	assert_eq!(verify(&pvk, &f.statement, &key_proof), Err(Error::ProofRejected));
	// Another root, and the other statement changes, still reject the root's proof.
	let mut other = f.statement.clone();
	other.issuer = Issuer::Trusted(Fr::from(1u64));
	assert_eq!(verify(&pvk, &other, &proof), Err(Error::ProofRejected));
	other = f.statement.clone();
	other.challenge += Fr::from(1u64);
	assert_eq!(verify(&pvk, &other, &proof), Err(Error::ProofRejected));
}

#[test]
fn trusted_issuer_soundness_wrong_root() {
	let (f, keys) = trusted_fixture();
	let issuer = f.witness.credential.issuer;
	// A list without the issuer, with a listed key's valid path.
	let others: Vec<PublicKey> = keys.iter().copied().filter(|k| *k != issuer).collect();
	let mut statement = f.statement.clone();
	statement.issuer = Issuer::Trusted(trusted_issuers::root(&others).expect("valid fixture"));
	let mut witness = f.witness.clone();
	witness.issuer_membership =
		Some(trusted_issuers::membership(&others, &others[0]).expect("valid fixture"));
	assert!(!satisfied(&statement, &witness));
	assert_eq!(witness.check(&statement), Err(Error::UntrustedIssuer));
	// The issuer's path in its list against another list's root (one key more).
	let mut more = keys.clone();
	more.push(SecretKey::generate(&mut rng(25)).public_key());
	statement.issuer = Issuer::Trusted(trusted_issuers::root(&more).expect("valid fixture"));
	assert!(!satisfied(&statement, &f.witness));
	assert_eq!(f.witness.check(&statement), Err(Error::UntrustedIssuer));
	// No path at all.
	let mut witness = f.witness.clone();
	witness.issuer_membership = None;
	assert!(!satisfied(&f.statement, &witness));
	assert_eq!(witness.check(&f.statement), Err(Error::UntrustedIssuer));
	// A path to the right root from another position.
	let mut witness = f.witness.clone();
	if let Some(path) = witness.issuer_membership.as_mut() {
		path.position ^= 1;
	}
	assert!(!satisfied(&f.statement, &witness));
	assert_eq!(witness.check(&f.statement), Err(Error::UntrustedIssuer));
}

#[test]
fn trusted_issuer_soundness_non_member() {
	let (f, _) = trusted_fixture();
	let outsider = SecretKey::generate(&mut rng(30));
	// The same credential issued by a key outside the list, with the listed issuer's path.
	let mut witness = f.witness.clone();
	witness.credential =
		issue(&outsider, witness.credential.credential.clone()).expect("valid fixture");
	assert!(!satisfied(&f.statement, &witness));
	assert_eq!(witness.check(&f.statement), Err(Error::UntrustedIssuer));
	// The outsider's signature passed off as the listed issuer's.
	let mut witness = f.witness.clone();
	witness.credential.signature =
		outsider.sign(Version::V1, &witness.credential.credential.commitment());
	assert!(!satisfied(&f.statement, &witness));
	assert_eq!(witness.check(&f.statement), Err(Error::InvalidSignature));
}

#[test]
fn trusted_issuer_lists_from_one_to_capacity() {
	let keys: Vec<PublicKey> = (0..=ISSUER_CAPACITY as u8)
		.map(|i| SecretKey::generate(&mut rng(100 + i)).public_key())
		.collect();
	let full = &keys[..ISSUER_CAPACITY];
	assert_eq!(trusted_issuers::root(&[]), Err(Error::InvalidTrustedIssuers));
	assert_eq!(trusted_issuers::root(&keys), Err(Error::InvalidTrustedIssuers));
	assert_eq!(trusted_issuers::membership(&[], &keys[0]), Err(Error::InvalidTrustedIssuers));
	assert_eq!(trusted_issuers::membership(full, &keys[32]), Err(Error::UntrustedIssuer));
	let root = trusted_issuers::root(full).expect("valid fixture");
	for key in full {
		let path = trusted_issuers::membership(full, key).expect("valid fixture");
		assert_eq!(path.root(&trusted_issuers::leaf(key)), root);
	}
	// The order of the list is part of the root.
	let mut reversed = full.to_vec();
	reversed.reverse();
	assert_ne!(trusted_issuers::root(&reversed), Ok(root));
	// In the circuit: the last position of a full list, and a list of one.
	for list in [full, &keys[..1]] {
		let mut f = fixture();
		let mut list = list.to_vec();
		let last = list.len() - 1;
		list[last] = f.witness.credential.issuer;
		f.statement.issuer = Issuer::Trusted(trusted_issuers::root(&list).expect("valid fixture"));
		f.witness.issuer_membership = Some(
			trusted_issuers::membership(&list, &f.witness.credential.issuer)
				.expect("valid fixture"),
		);
		assert_eq!(f.witness.check(&f.statement), Ok(()));
		assert!(satisfied(&f.statement, &f.witness), "list of {}", list.len());
	}
}

#[test]
fn statement_hash_separates_key_and_root() {
	let f = fixture();
	let key = f.witness.credential.issuer;
	let (x, _) = key.coordinates();
	// A root equal to the key's x still names something else: `(x, 0)` and the mode bit.
	let by_key = Statement { issuer: Issuer::Key(key), ..f.statement.clone() };
	let by_root = Statement { issuer: Issuer::Trusted(x), ..f.statement.clone() };
	assert_ne!(by_key.hash(), by_root.hash());
	assert_eq!(by_root.code() - by_key.code(), Fr::from(1u64 << 14));
}
