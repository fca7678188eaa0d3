//! The `present` benchmarks' fixture ([`crate::fixture`]): its proofs verify for the
//! statements the runtime rebuilds from the state the benchmarks set up.

use didimo_zk::{
	circuit::Witness,
	credential::issue,
	field,
	prover::prove,
	statement::{trusted_issuers, Issuer, Predicate, Statement},
	status_tree, Version,
};

use super::common::proving_key;
use crate::{fixture::*, mock::*};

/// The statement and witness of the fixture presentation of `version` (`single`: of the
/// request naming the issuer DID).
fn fixture_statement(version: Version, single: bool) -> (Statement, Witness) {
	let secret = issuer_secret().expect("the fixture's secret key is valid");
	let key = secret.public_key();
	let list_tree = trusted_issuers::ListTree::from_leaves(&[trusted_issuers::leaf(&key)])
		.expect("one leaf fits");
	let verifier = did(VERIFIER_DID);
	let spec = if single { spec_single::<u32>(version) } else { spec::<u32>(version) };
	let request = Presentation::request_id(&verifier, &spec);
	let scope = Presentation::statement_scope(&verifier, Some(&SCOPE), &request);
	let challenge = Presentation::chain_challenge(&request, &did(SUBMITTER));
	let signed = issue(&secret, credential(version)).expect("a valid credential");
	let bits = vec![0u8; 128];
	let non_revocation =
		status_tree::witness_from_bitstring(&bits, INDEX).expect("an index in range");
	let statement = Statement {
		version,
		issuer: if single { Issuer::Key(key) } else { Issuer::Trusted(list_tree.root()) },
		schema: schema(),
		time: TIME,
		registry_id: REGISTRY,
		revocation_root: status_tree::empty_root(),
		capacity: if version == Version::V1 { 0 } else { CAPACITY },
		slot: 0,
		predicate: Predicate::Gte(18),
		disclosed: attributes().map(Some),
		challenge,
		scope,
		nullifier: nullifier(version, &scope),
	};
	let mut witness = Witness::new(signed, holder(), non_revocation);
	if !single {
		witness.issuer_membership = list_tree.path(0);
	}
	(statement, witness)
}

/// The fixture proofs verify for the statements rebuilt from the fixture's values.
#[test]
fn the_fixture_proofs_verify() {
	with_dev_circuit(|| {
		for version in Version::ALL {
			for single in [false, true] {
				let (statement, witness) = fixture_statement(version, single);
				assert_eq!(witness.check(&statement), Ok(()));
				let inputs = statement.public_inputs().expect("a well-formed statement");
				assert_eq!(
					Presentation::verify_proof(version.number(), &inputs, &proof(version, single)),
					Ok(()),
					"regenerate the proofs (version {version:?}, single: {single})"
				);
				assert_eq!(
					field::to_bytes(&status_tree::empty_root()),
					field::to_bytes(&witness.non_revocation.root)
				);
			}
		}
		assert!(issuer_secret().is_some());
	});
}

/// Prints fresh fixture proofs: `cargo test -p pallet-presentation fixture -- --ignored`.
#[test]
#[ignore = "prints fresh fixture proofs"]
fn print_fresh_fixture_proofs() {
	for (name, version, single) in [
		("PROOF", Version::V1, false),
		("PROOF_SINGLE", Version::V1, true),
		("PROOF_V2", Version::V2, false),
		("PROOF_V2_SINGLE", Version::V2, true),
	] {
		let (statement, witness) = fixture_statement(version, single);
		let proof = prove(proving_key(version), &statement, &witness).expect("proving succeeds");
		println!("{name} = {}", array_bytes::bytes2hex("", proof.to_bytes()));
	}
}
