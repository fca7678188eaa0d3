//! `reclaim`: a DID's owner ends a DID that nobody can update any more.

use didimo_primitives::did::{DidIdentifier, Relationship};
use frame_support::{assert_noop, assert_ok, dispatch::DispatchResultWithPostInfo};

use crate::{mock::*, Call, Error, Event};

fn reclaim(who: u8, did: &DidIdentifier) -> DispatchResultWithPostInfo {
	Did::reclaim(RuntimeOrigin::signed(account(who)), did.clone())
}

/// Gives up the `capabilityInvocation` of `did`'s only key, so that only its controllers can
/// update it.
fn give_up_capability_invocation(did: &DidIdentifier) {
	assert_ok!(Did::set_relationships(
		cap_origin(did),
		id("key-1"),
		rels(&[Relationship::Authentication]),
		None
	));
}

/// Alice's DID (owned by Alice) with Bob's DID (owned by Bob) as its only controller and no
/// `capabilityInvocation` key of its own: only Bob's DID can update it.
fn controlled_by_bob() -> (TestKey, DidIdentifier, DidIdentifier) {
	let alice = TestKey::sr("Alice");
	let did = create_did(&alice, ALICE);
	let bob = create_did(&TestKey::sr("Bob"), BOB);
	assert_ok!(Did::add_controller(cap_origin(&did), bob.clone()));
	give_up_capability_invocation(&did);
	(alice, did, bob)
}

#[test]
fn reclaim_works_when_the_only_controller_was_deactivated() {
	new_test_ext().build_and_execute(|| {
		let (alice, did, bob) = controlled_by_bob();
		assert_ok!(Did::deactivate(cap_origin(&bob)));
		let deposit = BASE_DEPOSIT + KEY_DEPOSIT + CONTROLLER_DEPOSIT;
		assert_eq!(held(ALICE), deposit);
		let free = Balances::free_balance(account(ALICE));
		let issuance = Balances::total_issuance();
		System::set_block_number(7);
		assert_ok!(reclaim(ALICE, &did));
		// Tombstoned, as by `deactivate`.
		assert!(Did::did(&did).is_none());
		assert_eq!(Did::tombstone(&did), Some(7));
		assert_eq!(Did::api_did_of(&alice.did()), None);
		// The deposit, less the tombstone fee (burned), back to the owner.
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::free_balance(account(ALICE)), free + deposit - TOMBSTONE_FEE);
		assert_eq!(Balances::total_issuance(), issuance - TOMBSTONE_FEE);
		System::assert_last_event(
			Event::DidDeactivated {
				did: did.clone(),
				released: deposit - TOMBSTONE_FEE,
				burned: TOMBSTONE_FEE,
			}
			.into(),
		);
		// Gone for good.
		assert_noop!(reclaim(ALICE, &did), Error::<Test>::NotFound);
		let details = creation(&alice, ALICE);
		assert_noop!(create_with_proofs(&alice, details, vec![]), Error::<Test>::Deactivated);
	});
}

#[test]
fn reclaim_works_for_dids_that_only_control_each_other() {
	new_test_ext().build_and_execute(|| {
		let a = create_did(&TestKey::sr("Alice"), ALICE);
		let b = create_did(&TestKey::sr("Bob"), BOB);
		assert_ok!(Did::add_controller(cap_origin(&a), b.clone()));
		assert_ok!(Did::add_controller(cap_origin(&b), a.clone()));
		give_up_capability_invocation(&a);
		give_up_capability_invocation(&b);
		// Both are live, but neither has a key that can update the other (or itself).
		assert_ok!(reclaim(ALICE, &a));
		assert_ok!(reclaim(BOB, &b));
		assert!(Did::tombstone(&a).is_some() && Did::tombstone(&b).is_some());
		assert_eq!((held(ALICE), held(BOB)), (0, 0));
	});
}

#[test]
fn reclaim_fails_while_the_did_has_a_capability_invocation_key() {
	new_test_ext().build_and_execute(|| {
		let did = create_did(&TestKey::sr("Alice"), ALICE);
		assert_noop!(reclaim(ALICE, &did), Error::<Test>::NotLocked);
		// Even once its only controller is gone, its own key can still update it.
		let bob = create_did(&TestKey::sr("Bob"), BOB);
		assert_ok!(Did::add_controller(cap_origin(&did), bob.clone()));
		assert_ok!(Did::deactivate(cap_origin(&bob)));
		assert_noop!(reclaim(ALICE, &did), Error::<Test>::NotLocked);
	});
}

#[test]
fn reclaim_fails_while_a_live_controller_has_a_capability_invocation_key() {
	new_test_ext().build_and_execute(|| {
		let (_, did, bob) = controlled_by_bob();
		assert_noop!(reclaim(ALICE, &did), Error::<Test>::NotLocked);
		// A second controller that went away changes nothing while Bob's DID remains.
		let charlie = create_did(&TestKey::sr("Charlie"), BOB);
		assert_ok!(Did::add_controller(cap_origin(&did), charlie.clone()));
		assert_ok!(Did::deactivate(cap_origin(&charlie)));
		assert_noop!(reclaim(ALICE, &did), Error::<Test>::NotLocked);
		// Once Bob's DID is gone too, the owner may end it.
		assert_ok!(Did::deactivate(cap_origin(&bob)));
		assert_ok!(reclaim(ALICE, &did));
	});
}

#[test]
fn reclaim_must_be_the_owner() {
	new_test_ext().build_and_execute(|| {
		let (alice, did, bob) = controlled_by_bob();
		assert_ok!(Did::deactivate(cap_origin(&bob)));
		// Not another account...
		assert_noop!(reclaim(BOB, &did), Error::<Test>::NotOwner);
		// ...nor the account of the DID's key (the owner is the account that paid)...
		assert_noop!(
			Did::reclaim(RuntimeOrigin::signed(alice.did()), did.clone()),
			Error::<Test>::NotOwner
		);
		// ...nor the DID itself, as a DID origin.
		assert_noop!(
			Did::reclaim(cap_origin(&did), did.clone()),
			sp_runtime::DispatchError::BadOrigin
		);
		// It is not a call a DID can sign either.
		assert_noop!(
			did_call(&alice, &did, ALICE, RuntimeCall::Did(Call::reclaim { did: did.clone() })),
			Error::<Test>::CallNotAllowed
		);
		assert_ok!(reclaim(ALICE, &did));
	});
}

#[test]
fn reclaim_fails_for_an_unknown_did() {
	new_test_ext().build_and_execute(|| {
		assert_noop!(reclaim(ALICE, &TestKey::sr("Nobody").did()), Error::<Test>::NotFound);
	});
}
