//! `purge_nullifier`: anyone purges a used nullifier once no live request names its
//! (verifier, scope); the deposit goes back to the account that submitted the presentation,
//! never to the caller.

use didimo_primitives::{did::DidIdentifier, revocation::Digest};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{DispatchError, DispatchResult};

use super::common::*;
use crate::{mock::*, *};

/// The nullifier scope of the tests.
const SCOPE: Digest = [5; 32];

/// The used nullifier.
const NULLIFIER: Digest = [6; 32];

/// `who`'s free balance.
fn free(who: u8) -> Balance {
	Balances::free_balance(account(who))
}

/// Stores `NULLIFIER` as used in `verifier`'s `SCOPE` by a presentation Bob submitted, as
/// `present` stores it: with Bob's deposit held.
fn use_nullifier(verifier: &DidIdentifier) {
	assert_ok!(Presentation::hold(HoldReason::NullifierDeposit, &account(BOB), NULLIFIER_DEPOSIT));
	Nullifiers::<Test>::insert(
		(verifier.clone(), SCOPE),
		NULLIFIER,
		NullifierRecord::<Test> { submitter: account(BOB), deposit: NULLIFIER_DEPOSIT, used_at: 1 },
	);
}

/// `origin` purges `NULLIFIER` of `verifier`'s `SCOPE`.
fn purge(origin: RuntimeOrigin, verifier: &DidIdentifier) -> DispatchResult {
	Presentation::purge_nullifier(origin, verifier.clone(), SCOPE, NULLIFIER)
}

/// Whether `NULLIFIER` is still stored for `verifier`'s `SCOPE`.
fn stored(verifier: &DidIdentifier) -> bool {
	Nullifiers::<Test>::contains_key((verifier.clone(), SCOPE), NULLIFIER)
}

/// Once the verifier has closed the request naming the scope (DID-signed), anyone purges the
/// nullifier: its deposit goes back to Bob, who submitted the presentation, and the caller
/// gets nothing.
#[test]
fn a_nullifier_of_a_closed_scope_is_purged_by_anyone() {
	with_dev_circuit(|| {
		let (who, verifier) = plain_did("verifier");
		let trusted = issuer("issuer", 1);
		let request =
			create_request(&verifier, age_spec(IssuerSpec::Did(trusted.did), Some(SCOPE)));
		use_nullifier(&verifier);
		assert_ok!(did_call(&who, ALICE, crate::Call::<Test>::close_request { request }));
		let bob = free(BOB);
		let carol = free(CAROL);

		assert_ok!(purge(signed(CAROL), &verifier));

		assert_eq!(
			last_event(),
			Some(Event::NullifierPurged {
				verifier: verifier.clone(),
				scope: SCOPE,
				nullifier: NULLIFIER
			})
		);
		assert!(!stored(&verifier));
		assert_eq!(held(BOB, HoldReason::NullifierDeposit), 0);
		assert_eq!(free(BOB), bob + NULLIFIER_DEPOSIT);
		assert_eq!(free(CAROL), carol);
	});
}

/// A scope stays open, its nullifiers kept, while any request names it, expired or not: it
/// closes when the last such request is closed or removed.
#[test]
fn a_nullifier_is_kept_while_a_request_names_its_scope() {
	with_dev_circuit(|| {
		let (_, verifier) = plain_did("verifier");
		let trusted = issuer("issuer", 1);
		let spec = age_spec(IssuerSpec::Did(trusted.did), Some(SCOPE));
		let expires_at = spec.expires_at;
		let closed = create_request(&verifier, spec.clone());
		let expiring = create_request(&verifier, RequestSpec { max_age: 60, ..spec });
		use_nullifier(&verifier);
		assert_noop!(purge(signed(CAROL), &verifier), Error::<Test>::ScopeOpen);

		assert_ok!(Presentation::close_request(verifier_origin(&verifier, ALICE), closed));
		assert_noop!(purge(signed(CAROL), &verifier), Error::<Test>::ScopeOpen);

		// Expired but not yet removed, the other request still names the scope.
		advance(expires_at - System::block_number());
		assert_noop!(purge(signed(CAROL), &verifier), Error::<Test>::ScopeOpen);

		assert_ok!(Presentation::remove_stale_request(signed(CAROL), expiring));
		assert_ok!(purge(signed(CAROL), &verifier));
		assert!(!stored(&verifier));
	});
}

/// Only requests of the same verifier and the same scope keep a scope open: not another
/// verifier's request of the same scope, nor the verifier's requests of another scope or of
/// none.
#[test]
fn only_requests_of_the_same_verifier_and_scope_keep_it_open() {
	with_dev_circuit(|| {
		let (_, verifier) = plain_did("verifier");
		let (_, other) = plain_did("other-verifier");
		let trusted = issuer("issuer", 1);
		let issuer_spec = IssuerSpec::Did(trusted.did);
		create_request(&other, age_spec(issuer_spec.clone(), Some(SCOPE)));
		create_request(&verifier, age_spec(issuer_spec.clone(), Some([8; 32])));
		create_request(&verifier, age_spec(issuer_spec, None));
		use_nullifier(&verifier);

		assert_ok!(purge(signed(CAROL), &verifier));

		assert!(!stored(&verifier));
		assert_eq!(held(BOB, HoldReason::NullifierDeposit), 0);
	});
}

/// Only a stored nullifier is purged: not one never used, nor one of another scope or
/// verifier, nor one already purged.
#[test]
fn a_missing_nullifier_cannot_be_purged() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let (_, other) = plain_did("other-verifier");
		assert_noop!(purge(signed(CAROL), &verifier), Error::<Test>::UnknownNullifier);

		use_nullifier(&verifier);
		assert_noop!(purge(signed(CAROL), &other), Error::<Test>::UnknownNullifier);
		assert_noop!(
			Presentation::purge_nullifier(signed(CAROL), verifier.clone(), [8; 32], NULLIFIER),
			Error::<Test>::UnknownNullifier
		);
		assert_noop!(
			Presentation::purge_nullifier(signed(CAROL), verifier.clone(), SCOPE, [8; 32]),
			Error::<Test>::UnknownNullifier
		);

		// No request ever named the scope: it is closed, the nullifier purged at once.
		assert_ok!(purge(signed(CAROL), &verifier));
		assert_noop!(purge(signed(CAROL), &verifier), Error::<Test>::UnknownNullifier);
	});
}

/// Purging needs a signed account.
#[test]
fn purging_needs_a_signed_origin() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		use_nullifier(&verifier);
		assert_noop!(purge(RuntimeOrigin::none(), &verifier), DispatchError::BadOrigin);
		assert_noop!(purge(RuntimeOrigin::root(), &verifier), DispatchError::BadOrigin);
	});
}
