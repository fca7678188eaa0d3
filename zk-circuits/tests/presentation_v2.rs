//! The version-2 presentation circuit end to end, with real Groth16 proofs under the
//! development keys of seed 0: every operator (NOT BETWEEN from both sides, NOT IN, IN over a
//! set commitment, NOOP) and the prover's refusal of false ones, the registry's capacity,
//! statement validation, holder nullifiers, the separation of versions, and the verifier's
//! rejection of a proof for every change to its statement.
//!
//! Keys are generated once per test binary (version 1's too, for the version tests) and the
//! fixture's proof is made once and shared: the file makes 16 proofs in all.
//!
//! `cargo test -p didimo-zk --test presentation_v2 -- --nocapture`

use std::sync::OnceLock;

use ark_ff::{One, Zero};
use ark_relations::gr1cs::ConstraintSystem;
use didimo_zk::{
	circuit::{constraint_report, PresentationCircuit, Witness},
	credential::{attribute, issue, Credential, SignedCredential},
	eddsa::SecretKey,
	field,
	prover::{dev_setup, prove_with_rng, ProvingKey},
	r1cs::Cs,
	statement::{set, Issuer, Predicate, Statement, V2_OPERATORS},
	status_tree::{witness_from_bitstring, MAX_CAPACITY},
	verifier::{
		prepared_key_bytes, unshifted_prepared_key_bytes, verify, verify_encoded,
		verify_public_inputs, ArkBls12_381, PreparedVerifyingKey, Proof, VerifyingKey,
	},
	Error, Fr, Version,
};

mod common;

use common::*;

/// The version-2 development keys of seed 0.
struct Keys {
	pk: ProvingKey,
	vk: VerifyingKey,
	pvk: PreparedVerifyingKey,
}

/// The version-2 keys, generated once per test binary.
fn keys() -> &'static Keys {
	static KEYS: OnceLock<Keys> = OnceLock::new();
	KEYS.get_or_init(|| {
		let (pk, vk) = dev_setup(Version::V2, [0; 32]).expect("the version-2 circuit synthesises");
		let pvk = vk.prepare();
		Keys { pk, vk, pvk }
	})
}

/// Version 1's development keys of seed 0, generated once per test binary (only the version
/// tests need them).
fn v1_keys() -> &'static (ProvingKey, PreparedVerifyingKey) {
	static KEYS: OnceLock<(ProvingKey, PreparedVerifyingKey)> = OnceLock::new();
	KEYS.get_or_init(|| {
		let (pk, vk) = dev_setup(Version::V1, [0; 32]).expect("the version-1 circuit synthesises");
		(pk, vk.prepare())
	})
}

/// The version-2 fixture's proof (`age >= 18`, slot 3 disclosed), made once per test binary.
fn fixture_proof() -> &'static Proof {
	static PROOF: OnceLock<Proof> = OnceLock::new();
	PROOF.get_or_init(|| {
		let f = fixture_v2();
		prove(&f.statement, &f.witness, 9).expect("the fixture proves")
	})
}

/// Proves `statement` with `witness` under the version-2 key, with the proof's randomness
/// from `seed`.
fn prove(statement: &Statement, witness: &Witness, seed: u8) -> Result<Proof, Error> {
	prove_with_rng(&keys().pk, statement, witness, &mut rng(seed))
}

/// Proves the true `statement` (named `what`) and checks that the proof verifies for it.
fn prove_and_verify(what: &str, statement: &Statement, witness: &Witness, seed: u8) -> Proof {
	assert_eq!(witness.check(statement), Ok(()), "{what}");
	let proof = prove(statement, witness, seed).unwrap_or_else(|error| panic!("{what}: {error}"));
	assert_eq!(verify(&keys().pvk, statement, &proof), Ok(()), "{what}");
	proof
}

/// Whether the circuit is satisfied (the native checks are bypassed on purpose). The statement
/// must be valid: synthesis reads its public inputs.
fn satisfied(statement: &Statement, witness: &Witness) -> bool {
	let cs = Cs::new(ConstraintSystem::<Fr>::new_ref());
	let circuit = PresentationCircuit { statement: statement.clone(), witness: witness.clone() };
	circuit.synthesize(&cs).expect("a valid statement synthesises");
	cs.is_satisfied().expect("prove mode")
}

/// `statement` with `edit` applied.
fn edited(statement: &Statement, edit: impl FnOnce(&mut Statement)) -> Statement {
	let mut statement = statement.clone();
	edit(&mut statement);
	statement
}

/// Another credential of the fixture's holder: the fixture's credential with `change`
/// applied, issued by `issuer`, with its status entry in the fixture's list (same root).
fn reissued(f: &Fixture, issuer: &SecretKey, change: impl FnOnce(&mut Credential)) -> Witness {
	let mut credential = f.witness.credential.credential.clone();
	change(&mut credential);
	let index = credential.revocation_index;
	let signed = issue(issuer, credential).expect("a valid credential");
	let non_revocation = witness_from_bitstring(&f.list, index).expect("an index in the tree");
	Witness::new(signed, f.witness.holder_secret.clone(), non_revocation)
}

/// The positions of the public inputs ([`Statement::public_inputs`]) that differ between
/// two valid statements. Version 2's order: 0 version, 1 and 2 the issuer, 3 schema, 4 time,
/// 5 registry, 6 revocation root, 7 capacity, 8 code, 9 p0, 10 p1, 11 to 18 the disclosed
/// attributes, 19 challenge, 20 scope, 21 nullifier.
fn changed_inputs(before: &Statement, after: &Statement) -> Vec<usize> {
	let before = before.public_inputs().expect("a valid statement");
	let after = after.public_inputs().expect("a valid statement");
	assert_eq!(before.len(), after.len());
	(0..before.len()).filter(|i| before[*i] != after[*i]).collect()
}

/// The fixture holds natively and in the circuit, proves, and its proof verifies through
/// every entry point: the statement, its 22 inputs, their encodings, decoded proof and key.
#[test]
fn fixture_proves_and_verifies() {
	let f = fixture_v2();
	assert_eq!(f.statement.version, Version::V2);
	assert_eq!(f.witness.check(&f.statement), Ok(()));
	assert!(satisfied(&f.statement, &f.witness));
	let keys = keys();
	assert_eq!(keys.pk.version(), Ok(Version::V2));
	assert_eq!(keys.vk.version(), Version::V2);
	assert_eq!(keys.pvk.version(), Version::V2);
	let proof = fixture_proof();
	assert_eq!(verify(&keys.pvk, &f.statement, proof), Ok(()));

	// The inputs in version 2's order: the version first, the capacity, the code
	// (slot 0 + 8 · GTE + 128 · mask {3} = 0 + 40 + 1024), the nullifier last.
	let inputs = f.statement.public_inputs().expect("a valid statement");
	assert_eq!(inputs.len(), Version::V2.public_inputs());
	assert_eq!(inputs[0], Fr::from(2u64));
	assert_eq!(inputs[7], Fr::from(CAPACITY_V2));
	assert_eq!(inputs[8], Fr::from(1064u64));
	assert_eq!(inputs[8], f.statement.code());
	assert_eq!(inputs[9], Fr::from(THRESHOLD));
	assert_eq!(inputs[14], Fr::one(), "slot 3 disclosed");
	assert_eq!(inputs[21], f.statement.nullifier);
	assert_eq!(verify_public_inputs(&keys.pvk, &inputs, proof), Ok(()));
	let encoded: Vec<u8> = inputs.iter().flat_map(field::to_bytes).collect();
	assert_eq!(verify_encoded(&keys.pvk, &encoded, proof), Ok(()));

	// Round trips through bytes.
	let decoded = Proof::from_bytes(&proof.to_bytes()).expect("a valid proof");
	let vk = VerifyingKey::from_bytes(&keys.vk.to_bytes()).expect("a valid key");
	assert_eq!(vk.version(), Version::V2);
	assert_eq!(verify(&vk.prepare(), &f.statement, &decoded), Ok(()));
	let pvk = PreparedVerifyingKey::from_trusted_bytes(&keys.pvk.to_bytes()).expect("a key");
	assert_eq!(verify(&pvk, &f.statement, &decoded), Ok(()));
}

/// The prepared key's encoding: its length, the earlier encoding (without the shifted bases,
/// a prefix of the current one) re-prepared to the same key, each encoding refused where the
/// other is expected, and verification depending on every shifted base it uses: a proof
/// fails under a key with one shifted base replaced.
#[test]
fn prepared_key_shifted_bases() {
	let f = fixture_v2();
	let keys = keys();
	let proof = fixture_proof();
	let bytes = keys.pvk.to_bytes();
	assert_eq!(bytes.len(), prepared_key_bytes(Version::V2));
	assert_eq!(bytes.len(), 9_504);
	assert_eq!(prepared_key_bytes(Version::V1), 1_440);
	let earlier = &bytes[..unshifted_prepared_key_bytes(Version::V2)];
	assert_eq!(earlier.len(), 3_168);
	let migrated = PreparedVerifyingKey::from_unshifted_trusted_bytes::<ArkBls12_381>(earlier)
		.expect("the earlier encoding");
	assert_eq!(migrated, keys.pvk);
	assert!(PreparedVerifyingKey::from_trusted_bytes(earlier).is_err());
	assert!(PreparedVerifyingKey::from_unshifted_trusted_bytes::<ArkBls12_381>(&bytes).is_err());
	assert!(PreparedVerifyingKey::from_trusted_bytes(&bytes[..bytes.len() - 1]).is_err());

	// The statement's inputs use limbs at every shift: the schema, roots, challenge, scope
	// and nullifier are full-width. Replacing one shifted base (by another) of each used
	// shift breaks verification.
	let inputs = f.statement.public_inputs().expect("valid");
	let limbs = |i: usize| field::to_bytes(&inputs[i]);
	let schema = 3;
	for limb in 1..4 {
		let bytes = &limbs(schema)[8 * limb..8 * limb + 8];
		assert!(bytes.iter().any(|b| *b != 0), "the schema's limb {limb} is not zero");
	}
	let base = unshifted_prepared_key_bytes(Version::V2);
	for shift in 0..3 {
		let at = base + (schema * 3 + shift) * 96;
		let other = base + ((schema + 1) * 3 + shift) * 96;
		let mut tampered = bytes.clone();
		tampered.copy_within(other..other + 96, at);
		let key = PreparedVerifyingKey::from_trusted_bytes(&tampered).expect("decodes");
		assert_eq!(
			verify(&key, &f.statement, proof),
			Err(Error::ProofRejected),
			"shift {shift} of the schema's base"
		);
	}
}

#[test]
fn constraint_report_v2() {
	let (report, total) = constraint_report(Version::V2).expect("the circuit synthesises");
	for (name, count) in &report {
		println!("{name:>34}: {count:>6}");
	}
	println!("{:>34}: {total:>6}", "total");
	assert_eq!(report.iter().map(|(_, count)| count).sum::<usize>(), total);
	assert!(total > 0, "{total}");
	assert!(total <= 20_000, "{total}");
	let (_, v1_total) = constraint_report(Version::V1).expect("the circuit synthesises");
	println!("{:>34}: {v1_total:>6}", "version 1 total");
}

/// Every operator proves and verifies on a true statement: EQ, NE, LT, LTE, GT, BETWEEN,
/// IN over a set commitment, NOT BETWEEN below `lo` and above `hi`, NOT IN, and NOOP with
/// disclosures; GTE is the fixture's.
#[test]
fn every_operator_proves_and_verifies() {
	let f = fixture_v2();
	let (countries, elsewhere) = (countries(), elsewhere());
	let cases: Vec<(&str, u8, Predicate, Option<&[Fr]>)> = vec![
		("EQ", 0, Predicate::Eq(Fr::from(AGE)), None),
		("NE", 0, Predicate::Ne(Fr::from(THRESHOLD)), None),
		("LT", 0, Predicate::Lt(AGE + 1), None),
		("LTE", 0, Predicate::Lte(AGE), None),
		("GT", 0, Predicate::Gt(THRESHOLD), None),
		("BETWEEN", 0, Predicate::Between(THRESHOLD, 65), None),
		("IN", 1, Predicate::In(commitment(&countries)), Some(&countries[..])),
		("NOT BETWEEN, below lo", 0, Predicate::NotBetween(AGE + 1, 65), None),
		("NOT BETWEEN, above hi", 0, Predicate::NotBetween(THRESHOLD, AGE - 1), None),
		("NOT IN", 1, Predicate::NotIn(commitment(&elsewhere)), Some(&elsewhere[..])),
	];
	let mut operators = vec![f.statement.predicate.op()];
	for (seed, (name, slot, predicate, members)) in (30u8..).zip(cases) {
		let (statement, witness) = presenting(&f, slot, predicate, members);
		prove_and_verify(name, &statement, &witness, seed);
		operators.push(predicate.op());
	}
	// NOOP: no predicate, only disclosures (the country beside the fixture's slot 3).
	let (mut statement, witness) = presenting(&f, 0, Predicate::Noop, None);
	statement.disclosed[1] = Some(attribute::string("NL"));
	prove_and_verify("NOOP", &statement, &witness, 29);
	operators.push(Predicate::Noop.op());
	// GTE: the fixture.
	assert_eq!(verify(&keys().pvk, &f.statement, fixture_proof()), Ok(()));
	operators.sort_unstable();
	operators.dedup();
	assert_eq!(operators, (0..V2_OPERATORS).collect::<Vec<u8>>(), "every operator code");
}

/// A false predicate is refused by the prover before any proving, and the circuit is not
/// satisfied by it: NOT IN with the value present, NOT BETWEEN with the value inside (and at
/// either bound), IN with the value absent, and a set's values that are not the statement's
/// set (another set, none, version 1's root).
#[test]
fn false_predicates_are_refused() {
	let f = fixture_v2();
	let (countries, elsewhere) = (countries(), elsewhere());
	let v1_root = set::root(&countries).expect("1 to 16 values");
	let cases: Vec<(&str, u8, Predicate, Option<&[Fr]>)> = vec![
		(
			"NOT IN, the value present",
			1,
			Predicate::NotIn(commitment(&countries)),
			Some(&countries[..]),
		),
		// "NL" is in neither set: only the values' commitment is wrong.
		(
			"NOT IN, another set's values",
			1,
			Predicate::NotIn(commitment(&elsewhere[..2])),
			Some(&elsewhere[..]),
		),
		("NOT BETWEEN, the value inside", 0, Predicate::NotBetween(THRESHOLD, 65), None),
		("NOT BETWEEN, the value at lo", 0, Predicate::NotBetween(AGE, 65), None),
		("NOT BETWEEN, the value at hi", 0, Predicate::NotBetween(THRESHOLD, AGE), None),
		("IN, the value absent", 1, Predicate::In(commitment(&elsewhere)), Some(&elsewhere[..])),
		// "NL" is in both sets: only the values' commitment is wrong.
		(
			"IN, another set's values",
			1,
			Predicate::In(commitment(&countries[..3])),
			Some(&countries[..]),
		),
		("IN, no values", 1, Predicate::In(commitment(&countries)), None),
		("IN, version 1's set root", 1, Predicate::In(v1_root), Some(&countries[..])),
		("GTE above the age", 0, Predicate::Gte(AGE + 1), None),
		("EQ another value", 0, Predicate::Eq(Fr::from(AGE + 1)), None),
	];
	for (name, slot, predicate, members) in cases {
		let (statement, witness) = presenting(&f, slot, predicate, members);
		assert_eq!(
			prove(&statement, &witness, 1).map(|_| ()),
			Err(Error::PredicateFalse),
			"{name}"
		);
		assert!(!satisfied(&statement, &witness), "{name}");
	}
}

/// The credential's index must be below the statement's capacity, natively
/// ([`Error::IndexOutOfRange`]) and in the circuit: at the boundary, and for a credential
/// past the registry's list, in the tree's zero padding (unrevoked there), which the status
/// path alone would accept.
#[test]
fn capacity_bounds_the_index() {
	let f = fixture_v2();
	const { assert!(INDEX < CAPACITY_V2) };
	for capacity in [INDEX + 1, CAPACITY_V2, MAX_CAPACITY] {
		let statement = Statement { capacity, ..f.statement.clone() };
		assert_eq!(f.witness.check(&statement), Ok(()), "capacity {capacity}");
		assert!(satisfied(&statement, &f.witness), "capacity {capacity}");
	}
	for capacity in [1, INDEX - 1, INDEX] {
		let statement = Statement { capacity, ..f.statement.clone() };
		assert_eq!(
			prove(&statement, &f.witness, 1).map(|_| ()),
			Err(Error::IndexOutOfRange { index: INDEX, capacity }),
			"capacity {capacity}"
		);
		assert!(!satisfied(&statement, &f.witness), "capacity {capacity}");
	}

	let past = reissued(&f, &f.issuer, |c| c.revocation_index = CAPACITY_V2);
	assert_eq!(past.non_revocation.root, f.statement.revocation_root, "the same list");
	assert_eq!(
		prove(&f.statement, &past, 1).map(|_| ()),
		Err(Error::IndexOutOfRange { index: CAPACITY_V2, capacity: CAPACITY_V2 })
	);
	assert!(!satisfied(&f.statement, &past));
	// A capacity that covers it: the same credential holds.
	let wider = Statement { capacity: CAPACITY_V2 + 1, ..f.statement.clone() };
	assert_eq!(past.check(&wider), Ok(()));
	assert!(satisfied(&wider, &past));
}

/// Malformed statements are [`Error::InvalidStatement`] from `validate`, `public_inputs` and
/// the prover (a version-1 statement meets the version-2 key first: [`Error::WrongVersion`]).
#[test]
fn statement_validation() {
	let f = fixture_v2();
	let v1 = fixture();
	let invalid: Vec<(&str, Statement)> = vec![
		("capacity 0", Statement { capacity: 0, ..f.statement.clone() }),
		("capacity above 2^20", Statement { capacity: MAX_CAPACITY + 1, ..f.statement.clone() }),
		(
			"BETWEEN with lo > hi",
			Statement { predicate: Predicate::Between(AGE, THRESHOLD), ..f.statement.clone() },
		),
		(
			"NOT BETWEEN with lo > hi",
			Statement { predicate: Predicate::NotBetween(AGE, THRESHOLD), ..f.statement.clone() },
		),
		(
			"NOOP on slot 1",
			Statement { slot: 1, predicate: Predicate::Noop, ..f.statement.clone() },
		),
		("slot 8", Statement { slot: 8, ..f.statement.clone() }),
		("version 1 with a capacity", Statement { capacity: CAPACITY_V2, ..v1.statement.clone() }),
		(
			"version 1 with NOT BETWEEN",
			Statement { predicate: Predicate::NotBetween(THRESHOLD, 65), ..v1.statement.clone() },
		),
		(
			"version 1 with NOT IN",
			Statement { predicate: Predicate::NotIn(Fr::from(1u64)), ..v1.statement.clone() },
		),
		("version 1 with NOOP", Statement { predicate: Predicate::Noop, ..v1.statement.clone() }),
	];
	for (name, statement) in &invalid {
		assert!(matches!(statement.validate(), Err(Error::InvalidStatement(_))), "{name}");
		assert!(matches!(statement.public_inputs(), Err(Error::InvalidStatement(_))), "{name}");
		let proved = prove(statement, &f.witness, 1);
		match statement.version {
			Version::V1 => assert!(matches!(proved, Err(Error::WrongVersion(_))), "{name}"),
			Version::V2 => assert!(matches!(proved, Err(Error::InvalidStatement(_))), "{name}"),
		}
	}

	// The boundaries that are valid.
	let valid = [
		Statement { capacity: 1, ..f.statement.clone() },
		Statement { capacity: MAX_CAPACITY, ..f.statement.clone() },
		Statement { predicate: Predicate::Between(AGE, AGE), ..f.statement.clone() },
		Statement { predicate: Predicate::NotBetween(AGE, AGE), ..f.statement.clone() },
		Statement { predicate: Predicate::Noop, ..f.statement.clone() },
	];
	for statement in &valid {
		assert_eq!(statement.validate(), Ok(()), "{statement:?}");
		assert_eq!(statement.public_inputs().map(|inputs| inputs.len()), Ok(22));
	}
	// Version 1 keeps its one hashed input, and only version 1 is hashed.
	assert_eq!(v1.statement.public_inputs().map(|inputs| inputs.len()), Ok(1));
	assert!(matches!(f.statement.hash(), Err(Error::WrongVersion(_))));
}

/// Version 2's nullifier is the holder's: two credentials of one holder (another id and
/// status entry from the same issuer, and one from another issuer) give the fixture's
/// nullifier in its scope and both prove with it; another scope gives another nullifier,
/// which the holder's presentation there must carry.
#[test]
fn holder_nullifier_is_per_holder() {
	let f = fixture_v2();
	let holder = &f.witness.holder_secret;
	let scope = f.statement.scope;
	assert_eq!(f.statement.nullifier, holder.holder_nullifier(&scope));

	let second = reissued(&f, &f.issuer, |c| {
		c.id = Fr::from(77u64);
		c.revocation_index = INDEX + 2;
	});
	let other_issuer = SecretKey::generate(&mut rng(60));
	let third = reissued(&f, &other_issuer, |c| {
		c.id = Fr::from(78u64);
		c.revocation_index = INDEX + 3;
	});
	let by_other_issuer =
		Statement { issuer: Issuer::Key(other_issuer.public_key()), ..f.statement.clone() };
	let presentations = [
		("another credential, the same issuer", &f.statement, &second, 50),
		("another credential, another issuer", &by_other_issuer, &third, 51),
	];
	for (name, statement, witness, seed) in presentations {
		let credential = &witness.credential.credential;
		assert_ne!(credential.id, f.witness.credential.credential.id, "{name}");
		assert_eq!(holder.nullifier_for(credential, &scope), f.statement.nullifier, "{name}");
		assert_eq!(statement.nullifier, f.statement.nullifier, "{name}");
		prove_and_verify(name, statement, witness, seed);
	}
	assert_eq!(verify(&keys().pvk, &f.statement, fixture_proof()), Ok(()));
	// Version 1's nullifiers, per credential, differ.
	assert_ne!(
		holder.nullifier(&f.witness.credential.credential.id, &scope),
		holder.nullifier(&second.credential.credential.id, &scope)
	);

	// Another scope: another nullifier, and the holder's presentation there needs it.
	let other_scope = attribute::string("election-2027");
	let nullifier = holder.holder_nullifier(&other_scope);
	assert_ne!(nullifier, f.statement.nullifier);
	let moved = Statement { scope: other_scope, nullifier, ..f.statement.clone() };
	assert_eq!(f.witness.check(&moved), Ok(()));
	assert!(satisfied(&moved, &f.witness));
	let stale = Statement { scope: other_scope, ..f.statement.clone() };
	assert!(matches!(f.witness.check(&stale), Err(Error::WitnessMismatch(_))));
	assert!(!satisfied(&stale, &f.witness));
	// Version 1's nullifier in a version-2 statement.
	let id = f.witness.credential.credential.id;
	let v1_nullifier =
		Statement { nullifier: holder.nullifier(&id, &scope), ..f.statement.clone() };
	assert!(matches!(f.witness.check(&v1_nullifier), Err(Error::WitnessMismatch(_))));
	assert!(!satisfied(&v1_nullifier, &f.witness));
}

/// Versions do not mix: a version-1 credential under a version-2 statement, a version-1
/// signature on a version-2 credential, a version-2 statement under the version-1 proving
/// key, and proofs checked with the other version's key.
#[test]
fn versions_are_kept_apart() {
	let f = fixture_v2();
	let v1 = fixture();
	// The same contents (same seeds), but version 1's credential.
	assert_eq!(v1.witness.credential.credential.id, f.witness.credential.credential.id);
	assert!(matches!(prove(&f.statement, &v1.witness, 1), Err(Error::WrongVersion(_))));

	// The version-2 credential signed in version 1's domain, then relabelled version 2.
	let credential = f.witness.credential.credential.clone();
	let signed_v1 = issue(&f.issuer, Credential { version: Version::V1, ..credential.clone() })
		.expect("a valid credential");
	assert_eq!(signed_v1.verify(), Ok(()));
	let relabelled = SignedCredential { credential, ..signed_v1 };
	assert_eq!(relabelled.verify(), Err(Error::InvalidSignature));
	let witness = Witness { credential: relabelled, ..f.witness.clone() };
	assert_eq!(prove(&f.statement, &witness, 1).map(|_| ()), Err(Error::InvalidSignature));
	assert!(!satisfied(&f.statement, &witness));

	let (v1_pk, v1_pvk) = v1_keys();
	assert_eq!(v1_pk.version(), Ok(Version::V1));
	assert_eq!(v1_pvk.version(), Version::V1);
	// A version-2 statement under the version-1 proving key.
	assert!(matches!(
		prove_with_rng(v1_pk, &f.statement, &f.witness, &mut rng(1)),
		Err(Error::WrongVersion(_))
	));
	// A version-2 proof checked with the version-1 key: as a statement, and as 22 inputs.
	let proof = fixture_proof();
	assert!(matches!(verify(v1_pvk, &f.statement, proof), Err(Error::WrongVersion(_))));
	let inputs = f.statement.public_inputs().expect("a valid statement");
	assert!(matches!(verify_public_inputs(v1_pvk, &inputs, proof), Err(Error::WrongVersion(_))));
	// A version-1 proof checked with the version-2 key.
	let v1_proof = prove_with_rng(v1_pk, &v1.statement, &v1.witness, &mut rng(2))
		.expect("the version-1 fixture proves");
	assert_eq!(verify(v1_pvk, &v1.statement, &v1_proof), Ok(()));
	let pvk = &keys().pvk;
	assert!(matches!(verify(pvk, &v1.statement, &v1_proof), Err(Error::WrongVersion(_))));
	let hash = v1.statement.hash().expect("a valid statement");
	assert!(matches!(verify_public_inputs(pvk, &[hash], &v1_proof), Err(Error::WrongVersion(_))));
}

/// One honest proof, and every field of its statement changed alone: the verifier rejects the
/// proof. Each change is checked to touch exactly the public inputs it names (the operator
/// and the mask alone touch only the code). Changes that make the statement invalid are
/// [`Error::InvalidStatement`]; the version changed is [`Error::WrongVersion`] (the key is
/// version 2's), and the version input changed in the raw inputs is rejected.
#[test]
fn every_statement_change_is_rejected() {
	let f = fixture_v2();
	let pvk = &keys().pvk;
	let proof = fixture_proof();
	assert_eq!(verify(pvk, &f.statement, proof), Ok(()));
	let other_key = SecretKey::generate(&mut rng(11)).public_key();
	let (ax, _) = f.witness.credential.issuer.coordinates();
	let base = &f.statement;
	let with = |predicate| Statement { predicate, ..base.clone() };
	let changes: Vec<(&str, Vec<usize>, Statement)> = vec![
		(
			"another issuer key",
			vec![1, 2],
			Statement { issuer: Issuer::Key(other_key), ..base.clone() },
		),
		// A root equal to the key's x: (x, y) becomes (x, 0), and the code's mode bit is set.
		(
			"the key read as a trusted-issuer root",
			vec![2, 8],
			Statement { issuer: Issuer::Trusted(ax), ..base.clone() },
		),
		("another schema", vec![3], edited(base, |s| s.schema += Fr::one())),
		("another time", vec![4], Statement { time: TIME + 1, ..base.clone() }),
		("another registry", vec![5], edited(base, |s| s.registry_id += 1)),
		("another revocation root", vec![6], edited(base, |s| s.revocation_root += Fr::one())),
		("another capacity", vec![7], Statement { capacity: CAPACITY_V2 + 1, ..base.clone() }),
		("the largest capacity", vec![7], Statement { capacity: MAX_CAPACITY, ..base.clone() }),
		("another slot", vec![8], Statement { slot: 1, ..base.clone() }),
		("the operator alone: GT", vec![8], with(Predicate::Gt(THRESHOLD))),
		("the operator alone: LTE", vec![8], with(Predicate::Lte(THRESHOLD))),
		("the operator alone: LT", vec![8], with(Predicate::Lt(THRESHOLD))),
		("the operator alone: EQ", vec![8], with(Predicate::Eq(Fr::from(THRESHOLD)))),
		("the operator alone: NE", vec![8], with(Predicate::Ne(Fr::from(THRESHOLD)))),
		("the operator alone: IN", vec![8], with(Predicate::In(Fr::from(THRESHOLD)))),
		("the operator alone: NOT IN", vec![8], with(Predicate::NotIn(Fr::from(THRESHOLD)))),
		("NOOP", vec![8, 9], with(Predicate::Noop)),
		("another bound p0", vec![9], with(Predicate::Gte(THRESHOLD + 1))),
		(
			"a disclosed value changed",
			vec![14],
			edited(base, |s| s.disclosed[3] = Some(Fr::zero())),
		),
		(
			"a value disclosed that was not",
			vec![8, 11],
			edited(base, |s| s.disclosed[0] = Some(Fr::from(AGE))),
		),
		// Slot 5's attribute is 0, as is the input of an undisclosed slot.
		(
			"the mask alone: slot 5 disclosed",
			vec![8],
			edited(base, |s| s.disclosed[5] = Some(Fr::zero())),
		),
		("slot 3 no longer disclosed", vec![8, 14], edited(base, |s| s.disclosed[3] = None)),
		("another challenge", vec![19], edited(base, |s| s.challenge += Fr::one())),
		("another scope", vec![20], edited(base, |s| s.scope += Fr::one())),
		("another nullifier", vec![21], edited(base, |s| s.nullifier += Fr::one())),
	];
	for (name, positions, statement) in &changes {
		assert_eq!(&changed_inputs(base, statement), positions, "{name}");
		assert_eq!(verify(pvk, statement, proof), Err(Error::ProofRejected), "{name}");
	}
	// Each slot disclosed with a value that is not its attribute: the disclosed input alone
	// for slot 3 (disclosed already), the mask as well for the others.
	let attributes = f.witness.credential.credential.attributes;
	for (slot, attribute) in attributes.iter().enumerate() {
		let statement = edited(base, |s| s.disclosed[slot] = Some(*attribute + Fr::one()));
		let positions = if slot == 3 { vec![11 + slot] } else { vec![8, 11 + slot] };
		assert_eq!(changed_inputs(base, &statement), positions, "slot {slot}");
		assert_eq!(verify(pvk, &statement, proof), Err(Error::ProofRejected), "slot {slot}");
	}

	let invalid = [
		("capacity 0", Statement { capacity: 0, ..base.clone() }),
		("BETWEEN from the same bound", with(Predicate::Between(THRESHOLD, 0))),
		("NOOP on slot 1", Statement { slot: 1, predicate: Predicate::Noop, ..base.clone() }),
		("slot 8", Statement { slot: 8, ..base.clone() }),
	];
	for (name, statement) in &invalid {
		assert!(matches!(verify(pvk, statement, proof), Err(Error::InvalidStatement(_))), "{name}");
	}

	// The version: the statement's (a version-1 statement meets a version-2 key), and the
	// version input of the raw inputs.
	let v1_statement = Statement { version: Version::V1, ..base.clone() };
	assert!(matches!(verify(pvk, &v1_statement, proof), Err(Error::WrongVersion(_))));
	let inputs = base.public_inputs().expect("a valid statement");
	for version in [1u64, 3] {
		let mut changed = inputs.clone();
		changed[0] = Fr::from(version);
		assert_eq!(verify_public_inputs(pvk, &changed, proof), Err(Error::ProofRejected));
	}
	// GTE's p1 is 0 in every GTE statement, but the key still binds it.
	let mut changed = inputs.clone();
	changed[10] = Fr::one();
	assert_eq!(verify_public_inputs(pvk, &changed, proof), Err(Error::ProofRejected));
}

/// A BETWEEN proof: each bound changed alone, and the operator alone (NOT BETWEEN with the
/// same bounds), are rejected.
#[test]
fn between_bounds_changes_are_rejected() {
	let f = fixture_v2();
	let between = Statement { predicate: Predicate::Between(THRESHOLD, 65), ..f.statement.clone() };
	let proof = prove_and_verify("BETWEEN", &between, &f.witness, 12);
	let pvk = &keys().pvk;
	let with = |predicate| Statement { predicate, ..between.clone() };
	let changes = [
		("lo raised", vec![9], with(Predicate::Between(THRESHOLD + 1, 65))),
		("lo lowered", vec![9], with(Predicate::Between(THRESHOLD - 1, 65))),
		("hi raised", vec![10], with(Predicate::Between(THRESHOLD, 66))),
		("hi lowered", vec![10], with(Predicate::Between(THRESHOLD, 64))),
		("the operator alone: NOT BETWEEN", vec![8], with(Predicate::NotBetween(THRESHOLD, 65))),
	];
	for (name, positions, statement) in &changes {
		assert_eq!(&changed_inputs(&between, statement), positions, "{name}");
		assert_eq!(verify(pvk, statement, &proof), Err(Error::ProofRejected), "{name}");
	}
	// The fixture's GTE proof is not a proof of BETWEEN from the same lower bound.
	assert_eq!(verify(pvk, &between, fixture_proof()), Err(Error::ProofRejected));
}

/// snarkjs verifies a version-2 proof with its 22 public signals exported by
/// `didimo_zk::snarkjs`, and refuses it when one signal (the nullifier) changes: integrators'
/// Groth16 tooling reads version 2 as it reads version 1 (`tests/encodings.rs`).
#[test]
fn snarkjs_verifies_a_version_2_proof() {
	let mut inputs = fixture_v2().statement.public_inputs().expect("a valid statement");
	assert_eq!(inputs.len(), 22);
	assert!(snarkjs_accepts(&keys().vk, fixture_proof(), &inputs));
	inputs[21] += Fr::one();
	assert!(!snarkjs_accepts(&keys().vk, fixture_proof(), &inputs));
}
