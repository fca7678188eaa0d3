//! `create_request`, `close_request` and `remove_stale_request`: a verifier DID registers a
//! request (validated once, stored under its content's id, with a deposit) and closes it;
//! anyone removes an expired request or one whose verifier is deactivated, the deposit going
//! back to the account that paid it, never to the caller.

use didimo_primitives::{did::DidIdentifier, revocation::Digest};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_runtime::{DispatchError, DispatchResult};

use super::common::*;
use crate::{mock::*, *};

/// A nullifier scope.
const SCOPE: Digest = [5; 32];

/// `who`'s free balance.
fn free(who: u8) -> Balance {
	Balances::free_balance(account(who))
}

/// A verifier DID (its key and identifier) and an active issuer DID a request can name.
fn verifier_and_issuer() -> (TestDid, DidIdentifier, DidIdentifier) {
	let (who, verifier) = plain_did("verifier");
	let trusted = issuer("issuer", 1);
	(who, verifier, trusted.did)
}

/// `age_spec` from the issuer DID `trusted`, without a nullifier scope.
fn spec_from(trusted: &DidIdentifier) -> RequestSpec<u32> {
	age_spec(IssuerSpec::Did(trusted.clone()), None)
}

/// `create_request` by `verifier`, paid by Alice.
fn create(verifier: &DidIdentifier, spec: RequestSpec<u32>) -> DispatchResult {
	Presentation::create_request(verifier_origin(verifier, ALICE), spec)
}

/// The request is stored under `request_id(verifier, spec)` with the submitter's deposit
/// held; without a scope, no scope is counted.
#[test]
fn a_verifier_registers_a_request() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		let spec = spec_from(&trusted);
		let id = Presentation::request_id(&verifier, &spec);

		assert_ok!(create(&verifier, spec.clone()));

		assert_eq!(
			last_event(),
			Some(Event::RequestCreated {
				request: id,
				verifier: verifier.clone(),
				deposit: REQUEST_DEPOSIT
			})
		);
		assert_eq!(held(ALICE, HoldReason::RequestDeposit), REQUEST_DEPOSIT);
		assert_eq!(
			Requests::<Test>::get(id),
			Some(Request::<Test> {
				verifier,
				spec,
				depositor: account(ALICE),
				deposit: REQUEST_DEPOSIT,
				created: 1
			})
		);
		assert_eq!(ScopeRequests::<Test>::iter().count(), 0);
	});
}

/// Each request naming a nullifier scope counts for its (verifier, scope): two requests of one
/// scope count 2, another verifier's request of the same scope counts apart.
#[test]
fn requests_naming_a_scope_are_counted() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		let (_, other) = plain_did("other-verifier");
		let first = age_spec(IssuerSpec::Did(trusted.clone()), Some(SCOPE));
		let second = RequestSpec { max_age: 60, ..first.clone() };

		create_request(&verifier, first.clone());
		assert_eq!(ScopeRequests::<Test>::get((verifier.clone(), SCOPE)), 1);
		create_request(&verifier, second);
		assert_eq!(ScopeRequests::<Test>::get((verifier.clone(), SCOPE)), 2);
		create_request(&other, first);
		assert_eq!(ScopeRequests::<Test>::get((other, SCOPE)), 1);
		assert_eq!(ScopeRequests::<Test>::get((verifier, SCOPE)), 2);
	});
}

/// The id binds the verifier: the same spec registered by another verifier is another
/// request, with its own deposit.
#[test]
fn the_same_spec_from_another_verifier_is_another_request() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		let (_, other) = plain_did("other-verifier");
		let spec = spec_from(&trusted);

		let mine = create_request(&verifier, spec.clone());
		let theirs = create_request(&other, spec);

		assert_ne!(mine, theirs);
		assert_eq!(Requests::<Test>::get(mine).map(|request| request.verifier), Some(verifier));
		assert_eq!(Requests::<Test>::get(theirs).map(|request| request.verifier), Some(other));
		assert_eq!(held(ALICE, HoldReason::RequestDeposit), 2 * REQUEST_DEPOSIT);
	});
}

/// A request may name a trusted-issuer list and only some live registries.
#[test]
fn a_request_may_name_a_list_and_registries() {
	with_dev_circuit(|| {
		let (_, verifier) = plain_did("verifier");
		let trusted = issuer("issuer", 1);
		let list = create_list(&verifier, core::slice::from_ref(&trusted.did));
		let registry = create_registry(&trusted.did);
		let spec = RequestSpec {
			registries: RegistrySpec::Only(BoundedVec::truncate_from(vec![registry])),
			..age_spec(IssuerSpec::List(list), None)
		};

		let id = create_request(&verifier, spec.clone());

		assert_eq!(Requests::<Test>::get(id).map(|request| request.spec), Some(spec));
	});
}

/// Through `submit_did_call`, signed with the verifier's assertionMethod key: the submitter
/// pays the deposit and gets it back when the request is closed, whoever submits the close.
#[test]
fn a_did_signed_call_registers_and_closes_a_request() {
	with_dev_circuit(|| {
		let (who, verifier, trusted) = verifier_and_issuer();
		let spec = age_spec(IssuerSpec::Did(trusted), Some(SCOPE));
		let id = Presentation::request_id(&verifier, &spec);

		assert_ok!(did_call(&who, BOB, crate::Call::<Test>::create_request { spec }));
		assert_eq!(Requests::<Test>::get(id).map(|request| request.depositor), Some(account(BOB)));
		assert_eq!(held(BOB, HoldReason::RequestDeposit), REQUEST_DEPOSIT);

		let bob = free(BOB);
		assert_ok!(did_call(&who, ALICE, crate::Call::<Test>::close_request { request: id }));
		assert_eq!(
			last_event(),
			Some(Event::RequestRemoved { request: id, depositor: account(BOB) })
		);
		assert_eq!(held(BOB, HoldReason::RequestDeposit), 0);
		assert_eq!(free(BOB), bob + REQUEST_DEPOSIT);
		assert!(!Requests::<Test>::contains_key(id));
		assert!(!ScopeRequests::<Test>::contains_key((verifier, SCOPE)));
	});
}

/// A request for a circuit version that is not registered is refused.
#[test]
fn an_unknown_circuit_version_is_refused() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		assert_noop!(
			create(&verifier, RequestSpec { version: 3, ..spec_from(&trusted) }),
			Error::<Test>::UnknownCircuit
		);
	});
}

/// A request for a retired circuit version is refused.
#[test]
fn a_retired_circuit_version_is_refused() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		assert_ok!(Presentation::retire_circuit(RuntimeOrigin::root(), 2));
		assert_noop!(create(&verifier, spec_from(&trusted)), Error::<Test>::CircuitRetired);
		// Version 1 is still live.
		assert_ok!(create(&verifier, RequestSpec { version: 1, ..spec_from(&trusted) }));
	});
}

/// A schema or predicate value that is not a canonical scalar is refused.
#[test]
fn non_canonical_values_are_refused() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		let above = [0xff; 32];
		assert_noop!(
			create(&verifier, RequestSpec { schema: above, ..spec_from(&trusted) }),
			Error::<Test>::NonCanonicalInput
		);
		for predicate in
			[PredicateSpec::Eq(above), PredicateSpec::Ne(above), PredicateSpec::In(above)]
		{
			assert_noop!(
				create(&verifier, RequestSpec { predicate, ..spec_from(&trusted) }),
				Error::<Test>::NonCanonicalInput
			);
		}
	});
}

/// The predicate's attribute slot must be below `ATTRIBUTES`.
#[test]
fn an_attribute_slot_out_of_range_is_refused() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		assert_noop!(
			create(&verifier, RequestSpec { slot: ATTRIBUTES as u8, ..spec_from(&trusted) }),
			Error::<Test>::InvalidSlot
		);
		assert_ok!(create(
			&verifier,
			RequestSpec { slot: ATTRIBUTES as u8 - 1, ..spec_from(&trusted) }
		));
	});
}

/// BETWEEN needs `lo <= hi`; equal bounds are fine.
#[test]
fn between_bounds_out_of_order_are_refused() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		assert_noop!(
			create(
				&verifier,
				RequestSpec { predicate: PredicateSpec::Between(5, 4), ..spec_from(&trusted) }
			),
			Error::<Test>::InvalidPredicate
		);
		assert_ok!(create(
			&verifier,
			RequestSpec { predicate: PredicateSpec::Between(5, 5), ..spec_from(&trusted) }
		));
	});
}

/// NOT BETWEEN needs `lo <= hi` too; a disclosure-only (NOOP) request names slot 0.
#[test]
fn version_2_predicates_are_checked() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		let spec = |predicate, slot| RequestSpec { predicate, slot, ..spec_from(&trusted) };
		assert_noop!(
			create(&verifier, spec(PredicateSpec::NotBetween(5, 4), 0)),
			Error::<Test>::InvalidPredicate
		);
		assert_noop!(create(&verifier, spec(PredicateSpec::Noop, 1)), Error::<Test>::InvalidSlot);
		assert_noop!(
			create(&verifier, spec(PredicateSpec::NotIn([0xff; 32]), 0)),
			Error::<Test>::NonCanonicalInput
		);
		assert_ok!(create(&verifier, spec(PredicateSpec::NotBetween(5, 5), 0)));
		assert_ok!(create(&verifier, spec(PredicateSpec::Noop, 0)));
		assert_ok!(create(&verifier, spec(PredicateSpec::NotIn([1; 32]), 2)));
	});
}

/// Version 1's circuit cannot state NOT BETWEEN, NOT IN or NOOP: a version-1 request with one
/// is refused (the same request in version 2 is registered above).
#[test]
fn version_1_requests_cannot_use_version_2_predicates() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		for predicate in
			[PredicateSpec::NotBetween(1, 2), PredicateSpec::NotIn([1; 32]), PredicateSpec::Noop]
		{
			assert_noop!(
				create(&verifier, RequestSpec { version: 1, predicate, ..spec_from(&trusted) }),
				Error::<Test>::InvalidPredicate
			);
		}
		assert_ok!(create(&verifier, RequestSpec { version: 1, ..spec_from(&trusted) }));
	});
}

/// A request naming an issuer DID that is not active is refused.
#[test]
fn an_inactive_issuer_is_refused() {
	with_dev_circuit(|| {
		let (_, verifier, _) = verifier_and_issuer();
		assert_noop!(
			create(&verifier, spec_from(&DidIdentifier::new([9; 32]))),
			Error::<Test>::UnknownIssuer
		);
	});
}

/// A request naming a list that does not exist, or no longer, is refused.
#[test]
fn an_unknown_list_is_refused() {
	with_dev_circuit(|| {
		let (_, verifier, _) = verifier_and_issuer();
		assert_noop!(
			create(&verifier, age_spec(IssuerSpec::List(7), None)),
			Error::<Test>::UnknownList
		);

		let list = create_list(&verifier, &[]);
		assert_ok!(Presentation::close_list(verifier_origin(&verifier, ALICE), list));
		assert_noop!(
			create(&verifier, age_spec(IssuerSpec::List(list), None)),
			Error::<Test>::UnknownList
		);
	});
}

/// A request that names registries names at least one, and only live ones.
#[test]
fn named_registries_must_exist() {
	with_dev_circuit(|| {
		let (_, verifier) = plain_did("verifier");
		let trusted = issuer("issuer", 1);
		let registry = create_registry(&trusted.did);
		for registries in [vec![], vec![77], vec![registry, 77]] {
			assert_noop!(
				create(
					&verifier,
					RequestSpec {
						registries: RegistrySpec::Only(BoundedVec::truncate_from(registries)),
						..spec_from(&trusted.did)
					}
				),
				Error::<Test>::InvalidRegistries
			);
		}
	});
}

/// The expiry must be after the current block and at most `MAX_REQUEST_LIFETIME` blocks
/// ahead.
#[test]
fn the_expiry_must_be_ahead_and_within_the_lifetime() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		let now = System::block_number();
		for expires_at in [0, now, now + MAX_REQUEST_LIFETIME + 1] {
			assert_noop!(
				create(&verifier, RequestSpec { expires_at, ..spec_from(&trusted) }),
				Error::<Test>::InvalidExpiry
			);
		}
		for expires_at in [now + 1, now + MAX_REQUEST_LIFETIME] {
			assert_ok!(create(&verifier, RequestSpec { expires_at, ..spec_from(&trusted) }));
		}
	});
}

/// The same spec from the same verifier is one request: it is not registered twice.
#[test]
fn the_same_request_is_not_registered_twice() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		create_request(&verifier, spec_from(&trusted));
		assert_noop!(create(&verifier, spec_from(&trusted)), Error::<Test>::RequestExists);
	});
}

/// A submitter that cannot pay the deposit registers nothing.
#[test]
fn an_unpaid_deposit_is_refused() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		assert_noop!(
			Presentation::create_request(verifier_origin(&verifier, PAUPER), spec_from(&trusted)),
			Error::<Test>::InsufficientDeposit
		);
	});
}

/// Only a verifier's DID origin registers requests.
#[test]
fn registering_needs_a_verifier_origin() {
	with_dev_circuit(|| {
		let (_, _, trusted) = verifier_and_issuer();
		assert_noop!(
			Presentation::create_request(signed(ALICE), spec_from(&trusted)),
			DispatchError::BadOrigin
		);
	});
}

/// The verifier closes its request: the deposit is released and the scope's count goes down,
/// and away with its last request.
#[test]
fn the_verifier_closes_its_request() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		let spec = age_spec(IssuerSpec::Did(trusted), Some(SCOPE));
		let first = create_request(&verifier, spec.clone());
		let second = create_request(&verifier, RequestSpec { max_age: 60, ..spec });
		let alice = free(ALICE);

		assert_ok!(Presentation::close_request(verifier_origin(&verifier, ALICE), first));

		assert_eq!(
			last_event(),
			Some(Event::RequestRemoved { request: first, depositor: account(ALICE) })
		);
		assert!(!Requests::<Test>::contains_key(first));
		assert_eq!(held(ALICE, HoldReason::RequestDeposit), REQUEST_DEPOSIT);
		assert_eq!(free(ALICE), alice + REQUEST_DEPOSIT);
		assert_eq!(ScopeRequests::<Test>::get((verifier.clone(), SCOPE)), 1);

		assert_ok!(Presentation::close_request(verifier_origin(&verifier, ALICE), second));
		assert_eq!(held(ALICE, HoldReason::RequestDeposit), 0);
		assert!(!ScopeRequests::<Test>::contains_key((verifier, SCOPE)));
	});
}

/// Closing a request that does not exist, or no longer, fails.
#[test]
fn closing_an_unknown_request_fails() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		assert_noop!(
			Presentation::close_request(verifier_origin(&verifier, ALICE), [0; 32]),
			Error::<Test>::UnknownRequest
		);

		let id = create_request(&verifier, spec_from(&trusted));
		assert_ok!(Presentation::close_request(verifier_origin(&verifier, ALICE), id));
		assert_noop!(
			Presentation::close_request(verifier_origin(&verifier, ALICE), id),
			Error::<Test>::UnknownRequest
		);
	});
}

/// Only the request's verifier closes it.
#[test]
fn only_the_verifier_closes_its_request() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		let (_, other) = plain_did("other-verifier");
		let id = create_request(&verifier, spec_from(&trusted));
		assert_noop!(
			Presentation::close_request(verifier_origin(&other, ALICE), id),
			Error::<Test>::NotRequestOwner
		);
	});
}

/// Only a verifier's DID origin closes requests.
#[test]
fn closing_needs_a_verifier_origin() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		let id = create_request(&verifier, spec_from(&trusted));
		assert_noop!(Presentation::close_request(signed(ALICE), id), DispatchError::BadOrigin);
	});
}

/// From its expiry block on, anyone removes a request; the deposit goes back to the account
/// that paid it and the caller gets nothing.
#[test]
fn anyone_removes_an_expired_request() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		let spec = age_spec(IssuerSpec::Did(trusted), Some(SCOPE));
		let expires_at = spec.expires_at;
		let id = create_request(&verifier, spec);
		advance(expires_at - System::block_number());
		let alice = free(ALICE);
		let carol = free(CAROL);

		assert_ok!(Presentation::remove_stale_request(signed(CAROL), id));

		assert_eq!(
			last_event(),
			Some(Event::RequestRemoved { request: id, depositor: account(ALICE) })
		);
		assert!(!Requests::<Test>::contains_key(id));
		assert!(!ScopeRequests::<Test>::contains_key((verifier, SCOPE)));
		assert_eq!(held(ALICE, HoldReason::RequestDeposit), 0);
		assert_eq!(free(ALICE), alice + REQUEST_DEPOSIT);
		assert_eq!(free(CAROL), carol);
	});
}

/// Once the verifier DID is deactivated, anyone removes its requests before they expire; the
/// deposit goes back to the account that paid it and the caller gets nothing.
#[test]
fn anyone_removes_a_request_of_a_deactivated_verifier() {
	with_dev_circuit(|| {
		let (who, verifier, trusted) = verifier_and_issuer();
		let id = create_request(&verifier, spec_from(&trusted));
		assert_ok!(did_call(&who, ALICE, pallet_did::Call::<Test>::deactivate {}));
		let alice = free(ALICE);
		let carol = free(CAROL);

		assert_ok!(Presentation::remove_stale_request(signed(CAROL), id));

		assert_eq!(
			last_event(),
			Some(Event::RequestRemoved { request: id, depositor: account(ALICE) })
		);
		assert!(!Requests::<Test>::contains_key(id));
		assert_eq!(held(ALICE, HoldReason::RequestDeposit), 0);
		assert_eq!(free(ALICE), alice + REQUEST_DEPOSIT);
		assert_eq!(free(CAROL), carol);
	});
}

/// Before its expiry block, a request of an active verifier is live: nobody else removes it,
/// even once the issuer it names is deactivated.
#[test]
fn a_live_request_is_not_removed() {
	with_dev_circuit(|| {
		let (_, verifier) = plain_did("verifier");
		let trusted = issuer("issuer", 1);
		let spec = spec_from(&trusted.did);
		let expires_at = spec.expires_at;
		let id = create_request(&verifier, spec);
		assert_noop!(
			Presentation::remove_stale_request(signed(CAROL), id),
			Error::<Test>::RequestLive
		);

		assert_ok!(did_call(&trusted.who, ALICE, pallet_did::Call::<Test>::deactivate {}));
		advance(expires_at - 1 - System::block_number());
		assert_noop!(
			Presentation::remove_stale_request(signed(CAROL), id),
			Error::<Test>::RequestLive
		);
	});
}

/// Removing a request that does not exist fails.
#[test]
fn removing_an_unknown_request_fails() {
	with_dev_circuit(|| {
		assert_noop!(
			Presentation::remove_stale_request(signed(CAROL), [0; 32]),
			Error::<Test>::UnknownRequest
		);
	});
}

/// Removing a stale request needs a signed account.
#[test]
fn removing_needs_a_signed_origin() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		let id = create_request(&verifier, spec_from(&trusted));
		assert_noop!(
			Presentation::remove_stale_request(RuntimeOrigin::none(), id),
			DispatchError::BadOrigin
		);
	});
}

/// A request names one of its verifier's own lists: another DID's list is refused.
#[test]
fn a_request_over_another_verifiers_list_is_refused() {
	with_dev_circuit(|| {
		let (_, verifier, trusted) = verifier_and_issuer();
		let (_, other) = plain_did("other-verifier");
		let theirs = create_list(&other, core::slice::from_ref(&trusted));
		let mut spec = spec_from(&trusted);
		spec.issuer = IssuerSpec::List(theirs);
		assert_noop!(create(&verifier, spec), Error::<Test>::NotListOwner);
	});
}
