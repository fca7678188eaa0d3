//! `present` and the `verify` runtime API: real proofs under the development key, built from
//! chain state as a wallet builds them, checked against the statement the runtime rebuilds.
//! Every failure is its own error and stores nothing.

use didimo_primitives::revocation::Digest;
use didimo_zk::field;
use frame_support::{assert_noop, assert_ok, BoundedVec};

use super::common::*;
use crate::{mock::*, *};

/// The verifier's nullifier scope.
const SCOPE: Digest = [0x5c; 32];

/// An issuer with a registry, two more issuers, a verifier whose list holds all three, its
/// age request with a nullifier scope, and a holder of a credential of the first issuer.
struct Scenario {
	issuer: TestIssuer,
	others: [TestIssuer; 2],
	registry: u64,
	verifier: TestDid,
	list: ListId,
	request: RequestId,
	holder: Holder,
}

fn scenario() -> Scenario {
	let issuer = issuer("issuer", 1);
	let others = [self::issuer("second", 2), self::issuer("third", 3)];
	let registry = create_registry(&issuer.did);
	let (verifier, verifier_did) = plain_did("verifier");
	let list = create_list(
		&verifier_did,
		&[issuer.did.clone(), others[0].did.clone(), others[1].did.clone()],
	);
	let request = create_request(&verifier_did, age_spec(IssuerSpec::List(list), Some(SCOPE)));
	let holder = credential(&issuer, registry, 5, 77);
	Scenario { issuer, others, registry, verifier, list, request, holder }
}

fn present(
	who: u8,
	request: RequestId,
	proof: &[u8],
	presented: Presented,
) -> frame_support::dispatch::DispatchResult {
	Presentation::present(signed(who), request, proof_arg(proof), presented)
		.map(|_| ())
		.map_err(|error| error.error)
}

/// A third account submits a presentation made for it: it verifies, the nullifier is stored
/// with the submitter's deposit, and the event carries the disclosed value.
#[test]
fn a_presentation_verifies_and_stores_its_nullifier() {
	with_dev_circuit(|| {
		let s = scenario();
		let (proof, presented) = prove_for_submitter(s.request, &s.holder, CAROL);
		assert_ok!(present(CAROL, s.request, &proof, presented.clone()));
		assert_eq!(
			last_event(),
			Some(Event::PresentationVerified {
				request: s.request,
				submitter: account(CAROL),
				nullifier: Some(presented.nullifier),
				disclosed: BoundedVec::truncate_from(vec![field::to_bytes(
					&fixture::attributes()[3]
				)]),
			})
		);
		let verifier = s.verifier.did();
		assert!(Nullifiers::<Test>::contains_key((verifier, SCOPE), presented.nullifier));
		assert_eq!(held(CAROL, HoldReason::NullifierDeposit), NULLIFIER_DEPOSIT);
		// The uncompressed form of the same proof is well formed too, but the nullifier is
		// now used.
		let uncompressed = didimo_zk::verifier::Proof::from_bytes(&proof)
			.expect("a valid proof")
			.to_uncompressed_bytes();
		assert_noop!(
			present(CAROL, s.request, &uncompressed, presented.clone()),
			Error::<Test>::NullifierUsed
		);
		assert_noop!(present(CAROL, s.request, &proof, presented), Error::<Test>::NullifierUsed);
	});
}

/// The same holder presents again in the scope, with a fresh proof and another submitter:
/// the nullifier is already used.
#[test]
fn the_same_nullifier_twice_is_refused() {
	with_dev_circuit(|| {
		let s = scenario();
		let (proof, presented) = prove_for_submitter(s.request, &s.holder, CAROL);
		assert_ok!(present(CAROL, s.request, &proof, presented));
		let (again, presented) = prove_for_submitter(s.request, &s.holder, BOB);
		assert_noop!(present(BOB, s.request, &again, presented), Error::<Test>::NullifierUsed);
	});
}

/// A proof copied from the pool and submitted by another account fails: the challenge names
/// the submitter. The same proof then still verifies for the account it was made for.
#[test]
fn a_proof_submitted_by_another_account_is_refused() {
	with_dev_circuit(|| {
		let s = scenario();
		let (proof, presented) = prove_for_submitter(s.request, &s.holder, CAROL);
		assert_noop!(
			present(BOB, s.request, &proof, presented.clone()),
			Error::<Test>::ProofRejected
		);
		assert_ok!(present(CAROL, s.request, &proof, presented));
	});
}

/// Off chain, the challenge comes from the verifier's nonce: the runtime API accepts the
/// presentation for that nonce only, and it cannot be submitted on chain.
#[test]
fn the_runtime_api_verifies_for_the_verifiers_nonce_only() {
	with_dev_circuit(|| {
		let s = scenario();
		let nonce = [0x4e; 32];
		let (proof, presented) = prove_for_nonce(s.request, &s.holder, nonce);
		assert_eq!(
			Presentation::api_verify(s.request, proof.clone(), presented.clone(), nonce),
			Ok(())
		);
		assert_eq!(
			Presentation::api_challenge(s.request, nonce),
			field::to_bytes(&Presentation::nonce_challenge(&s.request, &nonce))
		);
		assert_eq!(
			Presentation::api_verify(s.request, proof.clone(), presented.clone(), [0x4f; 32]),
			Err(PresentError::ProofRejected)
		);
		assert_noop!(present(CAROL, s.request, &proof, presented), Error::<Test>::ProofRejected);
		// The API stores nothing: nothing to purge, nothing held.
		assert_eq!(Nullifiers::<Test>::iter().count(), 0);
	});
}

/// After the issuer revokes the credential, the proof against the old root verifies while the
/// root is within the window, and fails once it is out of it.
#[test]
fn a_revoked_credential_fails_once_the_old_root_is_out_of_the_window() {
	with_dev_circuit(|| {
		let s = scenario();
		let (proof, presented) = prove_for_nonce(s.request, &s.holder, [1; 32]);
		next_block();
		revoke(&s.issuer.did, s.registry, 5);
		advance(REVOCATION_FRESHNESS);
		assert_eq!(
			Presentation::api_verify(s.request, proof.clone(), presented.clone(), [1; 32]),
			Ok(())
		);
		next_block();
		assert_eq!(
			Presentation::api_verify(s.request, proof, presented, [1; 32]),
			Err(PresentError::RevocationRootNotAccepted)
		);
	});
}

/// After the issuer leaves the list, the proof against the old list root verifies while the
/// root is within the window, and fails once it is out of it.
#[test]
fn an_issuer_that_left_the_list_fails_once_the_old_root_is_out_of_the_window() {
	with_dev_circuit(|| {
		let s = scenario();
		let (proof, presented) = prove_for_nonce(s.request, &s.holder, [1; 32]);
		next_block();
		assert_ok!(Presentation::remove_issuer(
			verifier_origin(&s.verifier.did(), ALICE),
			s.list,
			s.issuer.did.clone()
		));
		advance(ROOT_FRESHNESS);
		assert_eq!(
			Presentation::api_verify(s.request, proof.clone(), presented.clone(), [1; 32]),
			Ok(())
		);
		next_block();
		assert_eq!(
			Presentation::api_verify(s.request, proof, presented, [1; 32]),
			Err(PresentError::IssuerRootNotAccepted)
		);
	});
}

/// When the issuer rotates its key, presentations of its credentials stop verifying once the
/// old list root is out of the window, as when it leaves; another issuer's do not.
#[test]
fn an_issuer_key_rotation_ends_its_old_credentials_after_the_window() {
	with_dev_circuit(|| {
		let s = scenario();
		let (proof, presented) = prove_for_nonce(s.request, &s.holder, [1; 32]);
		next_block();
		assert_ok!(did_call(
			&s.issuer.who,
			ALICE,
			pallet_did::Call::<Test>::rotate_key {
				key_id: BoundedVec::truncate_from(b"zk-1".to_vec()),
				new_key: didimo_primitives::did::DidPublicKey::ZkIssuer(zk_key(9)),
				key_proof: None,
			}
		));
		assert_ne!(list_root(s.list), presented.issuer_root.expect("a list root"));
		assert!(events().contains(&Event::ListRootChanged {
			list: s.list,
			issuer: s.issuer.did.clone(),
			root: list_root(s.list),
		}));
		advance(ROOT_FRESHNESS + 1);
		assert_eq!(
			Presentation::api_verify(s.request, proof, presented, [1; 32]),
			Err(PresentError::IssuerRootNotAccepted)
		);
		// A holder of the second issuer presents against the new root.
		let registry = create_registry(&s.others[0].did);
		let holder = credential(&s.others[0], registry, 3, 78);
		let (proof, presented) = prove_for_nonce(s.request, &holder, [2; 32]);
		assert_eq!(Presentation::api_verify(s.request, proof, presented, [2; 32]), Ok(()));
	});
}

/// Expired requests, retired circuits and malformed proofs are refused, each with its error.
#[test]
fn expired_requests_retired_circuits_and_malformed_proofs_are_refused() {
	with_dev_circuit(|| {
		let s = scenario();
		let (proof, presented) = prove_for_submitter(s.request, &s.holder, CAROL);
		// Malformed: wrong length, garbage, a flipped point encoding.
		assert_noop!(
			present(CAROL, s.request, &proof[..191], presented.clone()),
			Error::<Test>::MalformedProof
		);
		assert_noop!(
			present(CAROL, s.request, &[0xab; 192], presented.clone()),
			Error::<Test>::MalformedProof
		);
		// Retired (the request's version, 2).
		assert_ok!(Presentation::retire_circuit(RuntimeOrigin::root(), 2));
		assert_noop!(
			present(CAROL, s.request, &proof, presented.clone()),
			Error::<Test>::CircuitRetired
		);
		// Expired (the request's expiry is 100 blocks on).
		let expiry = Requests::<Test>::get(s.request).expect("the request exists").spec.expires_at;
		System::set_block_number(expiry);
		assert_noop!(
			present(CAROL, s.request, &proof, presented.clone()),
			Error::<Test>::RequestExpired
		);
		assert_noop!(present(CAROL, [0; 32], &proof, presented), Error::<Test>::UnknownRequest);
	});
}

/// Every value the holder presents is checked: each change gives its own error, or changes
/// the statement so the proof is rejected.
#[test]
fn each_presented_value_is_checked() {
	with_dev_circuit(|| {
		let s = scenario();
		let (proof, presented) = prove_for_submitter(s.request, &s.holder, CAROL);
		let refused = |change: &dyn Fn(&mut Presented), error: Error<Test>| {
			let mut changed = presented.clone();
			change(&mut changed);
			assert_noop!(present(CAROL, s.request, &proof, changed), error);
		};
		refused(&|p| p.time += 1, Error::<Test>::ProofRejected);
		refused(&|p| p.nullifier[0] ^= 1, Error::<Test>::ProofRejected);
		refused(&|p| p.disclosed[0][0] ^= 1, Error::<Test>::ProofRejected);
		refused(&|p| p.nullifier = [0xff; 32], Error::<Test>::NonCanonicalInput);
		refused(&|p| p.disclosed[0] = [0xff; 32], Error::<Test>::NonCanonicalInput);
		refused(&|p| p.disclosed.truncate(0), Error::<Test>::WrongDisclosure);
		refused(
			&|p| {
				let _ = p.disclosed.try_push([0; 32]);
			},
			Error::<Test>::WrongDisclosure,
		);
		refused(&|p| p.issuer_root = None, Error::<Test>::IssuerRootNotAccepted);
		refused(&|p| p.issuer_root = Some([3; 32]), Error::<Test>::IssuerRootNotAccepted);
		refused(&|p| p.revocation_root = [3; 32], Error::<Test>::RevocationRootNotAccepted);
		refused(&|p| p.registry = 99, Error::<Test>::RegistryNotAccepted);
		// The time window: `max_age` (600 s) back, `MaxClockSkew` (60 s) ahead.
		set_time(fixture::TIME + 601);
		assert_noop!(
			present(CAROL, s.request, &proof, presented.clone()),
			Error::<Test>::PresentationTooOld
		);
		set_time(fixture::TIME - MAX_CLOCK_SKEW - 1);
		assert_noop!(
			present(CAROL, s.request, &proof, presented.clone()),
			Error::<Test>::PresentationInFuture
		);
		// At both edges of the window it verifies.
		set_time(fixture::TIME - MAX_CLOCK_SKEW);
		assert_eq!(
			Presentation::check_presentation(
				&s.request,
				&proof,
				&presented,
				&Presentation::chain_challenge(&s.request, &account(CAROL))
			)
			.map(|_| ()),
			Ok(())
		);
		set_time(fixture::TIME + 600);
		assert_ok!(present(CAROL, s.request, &proof, presented));
	});
}

/// The revocation root must be one of the credential's own registry: the root of another
/// registry, even a fresh one with the empty root the credential's registry once had, fails.
#[test]
fn a_root_of_another_registry_is_refused() {
	with_dev_circuit(|| {
		let s = scenario();
		// The credential's registry moves on from the empty root, beyond the window.
		next_block();
		revoke(&s.issuer.did, s.registry, 6);
		advance(REVOCATION_FRESHNESS + 1);
		let fresh = create_registry(&s.issuer.did);
		let (proof, mut presented) = prove_for_submitter(s.request, &s.holder, CAROL);
		let own_root = presented.revocation_root;
		// Claiming the fresh registry (whose current root is the empty root) with the
		// credential's registry's root fails: that root is not the fresh one's.
		presented.registry = fresh;
		assert_noop!(
			present(CAROL, s.request, &proof, presented.clone()),
			Error::<Test>::RevocationRootNotAccepted
		);
		// With the fresh registry's own root, the statement names a registry the credential
		// is not in: the proof fails.
		presented.revocation_root = field::to_bytes(&didimo_zk::status_tree::empty_root());
		assert_noop!(
			present(CAROL, s.request, &proof, presented.clone()),
			Error::<Test>::ProofRejected
		);
		presented.registry = s.registry;
		presented.revocation_root = own_root;
		assert_ok!(present(CAROL, s.request, &proof, presented));
	});
}

/// A registry the request does not accept: one of an issuer outside the list, or one not
/// among the registries a request names.
#[test]
fn registries_the_request_does_not_accept_are_refused() {
	with_dev_circuit(|| {
		let s = scenario();
		let outsider = issuer("outsider", 4);
		let foreign = create_registry(&outsider.did);
		let holder = credential(&s.issuer, foreign, 1, 79);
		let (proof, presented) = prove_for_submitter(s.request, &holder, CAROL);
		assert_noop!(
			present(CAROL, s.request, &proof, presented),
			Error::<Test>::RegistryNotAccepted
		);
		// A request naming only the foreign registry accepts it.
		let mut spec = age_spec(IssuerSpec::List(s.list), None);
		spec.registries = RegistrySpec::Only(BoundedVec::truncate_from(vec![foreign]));
		let only = create_request(&s.verifier.did(), spec);
		let (proof, presented) = prove_for_submitter(only, &holder, CAROL);
		assert_ok!(present(CAROL, only, &proof, presented.clone()));
		// ...and not the credential's own registry's issuer's other registries.
		let (proof, presented) = prove_for_submitter(only, &s.holder, CAROL);
		assert_noop!(present(CAROL, only, &proof, presented), Error::<Test>::RegistryNotAccepted);
	});
}

/// A request naming one issuer DID checks against its current key: it verifies, stores no
/// nullifier without a scope, and fails once the issuer has no key.
#[test]
fn a_single_issuer_request_follows_the_issuers_current_key() {
	with_dev_circuit(|| {
		let s = scenario();
		let verifier = s.verifier.did();
		let request =
			create_request(&verifier, age_spec(IssuerSpec::Did(s.issuer.did.clone()), None));
		let (proof, presented) = prove_for_submitter(request, &s.holder, CAROL);
		assert_eq!(presented.issuer_root, None);
		assert_ok!(present(CAROL, request, &proof, presented.clone()));
		assert!(matches!(last_event(), Some(Event::PresentationVerified { nullifier: None, .. })));
		// No scope: presenting again is fine, nothing is stored.
		assert_ok!(present(CAROL, request, &proof, presented.clone()));
		assert_eq!(Nullifiers::<Test>::iter().count(), 0);
		assert_eq!(held(CAROL, HoldReason::NullifierDeposit), 0);
		// A list root is not expected here.
		let mut with_root = presented.clone();
		with_root.issuer_root = Some(list_root(s.list));
		assert_noop!(
			present(CAROL, request, &proof, with_root),
			Error::<Test>::IssuerRootNotAccepted
		);
		// The issuer removes its key.
		assert_ok!(did_call(
			&s.issuer.who,
			ALICE,
			pallet_did::Call::<Test>::remove_verification_method {
				key_id: BoundedVec::truncate_from(b"zk-1".to_vec()),
			}
		));
		assert_noop!(
			present(CAROL, request, &proof, presented),
			Error::<Test>::IssuerKeyUnavailable
		);
	});
}

/// A closed list verifies nothing; a submitter that cannot pay the nullifier deposit is
/// refused, and nothing is stored.
#[test]
fn closed_lists_and_unpaid_deposits_are_refused() {
	with_dev_circuit(|| {
		let s = scenario();
		let (proof, presented) = prove_for_submitter(s.request, &s.holder, PAUPER);
		assert_noop!(
			present(PAUPER, s.request, &proof, presented.clone()),
			Error::<Test>::InsufficientDeposit
		);
		assert_ok!(Presentation::close_list(verifier_origin(&s.verifier.did(), ALICE), s.list));
		assert_noop!(present(PAUPER, s.request, &proof, presented), Error::<Test>::UnknownList);
	});
}

/// `present` is a plain signed call: unsigned and root origins are refused.
#[test]
fn present_needs_a_signed_origin() {
	with_dev_circuit(|| {
		let s = scenario();
		let presented = Presented {
			time: fixture::TIME,
			registry: s.registry,
			revocation_root: [0; 32],
			issuer_root: None,
			nullifier: [0; 32],
			disclosed: BoundedVec::new(),
		};
		for origin in [RuntimeOrigin::none(), RuntimeOrigin::root()] {
			assert_noop!(
				Presentation::present(origin, s.request, proof_arg(&[0; 192]), presented.clone()),
				sp_runtime::DispatchError::BadOrigin
			);
		}
	});
}

/// Version 2's nullifier is the holder's: the same holder with a credential of another
/// issuer of the list (another credential id, another registry) gives the same nullifier and
/// is refused in the scope. Under version 1's per-credential nullifier it would have been a
/// second presentation.
#[test]
fn one_holder_presents_once_per_scope_whatever_its_credential() {
	with_dev_circuit(|| {
		let s = scenario();
		let (proof, presented) = prove_for_submitter(s.request, &s.holder, CAROL);
		assert_ok!(present(CAROL, s.request, &proof, presented.clone()));
		// The same holder secret (seed 77), a credential of the second issuer.
		let second_registry = create_registry(&s.others[0].did);
		let second = credential(&s.others[0], second_registry, 9, 77);
		assert_ne!(second.credential.credential.id, s.holder.credential.credential.id);
		let (again, again_presented) = prove_for_submitter(s.request, &second, BOB);
		assert_eq!(again_presented.nullifier, presented.nullifier);
		assert_noop!(
			present(BOB, s.request, &again, again_presented),
			Error::<Test>::NullifierUsed
		);
	});
}

/// A request naming version 1 keeps verifying version-1 proofs of version-1 credentials,
/// with their per-credential nullifiers.
#[test]
fn version_1_requests_keep_verifying_version_1_proofs() {
	with_dev_circuit(|| {
		let s = scenario();
		let request = create_request(
			&s.verifier.did(),
			age_spec_v1(IssuerSpec::List(s.list), Some([0x11; 32])),
		);
		let holder = credential_of(didimo_zk::Version::V1, &s.issuer, s.registry, 6, 78);
		let (proof, presented) = prove_for_submitter(request, &holder, CAROL);
		assert_ok!(present(CAROL, request, &proof, presented.clone()));
		assert_eq!(
			last_event(),
			Some(Event::PresentationVerified {
				request,
				submitter: account(CAROL),
				nullifier: Some(presented.nullifier),
				disclosed: presented.disclosed.clone(),
			})
		);
		// Version 1's nullifier is per credential: the same holder's second credential
		// presents again in the scope (what version 2 fixes).
		let second = credential_of(didimo_zk::Version::V1, &s.issuer, s.registry, 7, 78);
		let (proof, again) = prove_for_submitter(request, &second, BOB);
		assert_ne!(again.nullifier, presented.nullifier);
		assert_ok!(present(BOB, request, &proof, again));
	});
}

/// `present` is charged the worst version's weight before dispatch and refunds down to its
/// request's version's.
#[test]
fn present_refunds_down_to_its_versions_weight() {
	with_dev_circuit(|| {
		let s = scenario();
		let (proof, presented) = prove_for_submitter(s.request, &s.holder, CAROL);
		let info = Presentation::present(signed(CAROL), s.request, proof_arg(&proof), presented)
			.expect("verifies");
		let actual = Presentation::present_weight_of(didimo_zk::Version::V2, proof.len());
		assert_eq!(info.actual_weight, Some(actual));
		assert!(actual.all_lte(Presentation::present_weight(proof.len())));
	});
}

/// Version 2's new requests end to end: NOT IN a set (by its commitment), NOT BETWEEN, and a
/// disclosure-only request; each verifies, and a value the predicate excludes cannot be
/// proved.
#[test]
fn not_in_not_between_and_disclosure_only_requests_verify() {
	use didimo_zk::{prover::prove, statement::set, Error as ZkError};
	with_dev_circuit(|| {
		let s = scenario();
		let verifier = s.verifier.did();
		// Slot 1 holds 1001 (`fixture::attributes`); the age is 30.
		let excluded: Vec<didimo_zk::Fr> = [5u64, 6, 7].map(didimo_zk::Fr::from).to_vec();
		let commitment = set::commitment(&excluded).expect("a valid set");
		let cases = [
			(PredicateSpec::NotIn(field::to_bytes(&commitment)), 1u8, 0b0000_0010u8),
			(PredicateSpec::NotBetween(18, 25), 0, 0),
			(PredicateSpec::Noop, 0, 0b0000_0101),
		];
		for (i, (predicate, slot, disclose)) in cases.into_iter().enumerate() {
			let spec = RequestSpec {
				predicate,
				slot,
				disclose,
				nullifier_scope: None,
				..age_spec(IssuerSpec::List(s.list), None)
			};
			let request = create_request(&verifier, spec);
			let challenge = Presentation::chain_challenge(&request, &account(CAROL));
			let (statement, mut witness, presented) = statement_for(request, &s.holder, challenge);
			witness.set_values = Some(set::padded(&excluded).expect("a valid set"));
			let proof = prove(proving_key(didimo_zk::Version::V2), &statement, &witness)
				.expect("the holder can prove");
			assert_eq!(present(CAROL, request, &proof.to_bytes(), presented), Ok(()), "case {i}");
		}
		// The holder's age 30 is NOT BETWEEN 20 and 40 only falsely: no proof.
		let spec = RequestSpec {
			predicate: PredicateSpec::NotBetween(20, 40),
			..age_spec(IssuerSpec::List(s.list), None)
		};
		let request = create_request(&verifier, spec);
		let challenge = Presentation::chain_challenge(&request, &account(CAROL));
		let (statement, witness, _) = statement_for(request, &s.holder, challenge);
		assert_eq!(
			prove(proving_key(didimo_zk::Version::V2), &statement, &witness).map(|_| ()),
			Err(ZkError::PredicateFalse)
		);
	});
}
