//! `close_list` and `close_orphaned_list`: a list's owner closes it, or anyone does once the
//! owner DID is deactivated; everything of the list is deleted and the deposit goes back to
//! the account that paid it, never to the caller.

use didimo_primitives::did::DidIdentifier;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

use super::common::*;
use crate::{mock::*, *};

/// `who`'s free balance.
fn free(who: u8) -> Balance {
	Balances::free_balance(account(who))
}

/// Nothing of `list` is left: its record, tree, recent roots, and the index entries of
/// `issuers` (which were in it and in no other list).
fn assert_closed(list: ListId, issuers: &[DidIdentifier]) {
	assert!(!Lists::<Test>::contains_key(list));
	assert!(!ListTrees::<Test>::contains_key(list));
	assert!(!ListRoots::<Test>::contains_key(list));
	assert!(Presentation::tree(list).is_none());
	for did in issuers {
		assert!(!IssuerLists::<Test>::contains_key(did, list));
		assert!(!IssuerListCount::<Test>::contains_key(did));
	}
}

/// The owner closes its list: everything of it is deleted and the deposit is released to
/// the account that paid it.
#[test]
fn the_owner_closes_its_list() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let dids = [issuer("issuer-a", 1).did, issuer("issuer-b", 2).did];
		let list = create_list(&verifier, &dids);
		let alice = free(ALICE);

		assert_ok!(Presentation::close_list(verifier_origin(&verifier, ALICE), list));

		assert_eq!(last_event(), Some(Event::ListClosed { list, depositor: account(ALICE) }));
		assert_eq!(held(ALICE, HoldReason::ListDeposit), 0);
		assert_eq!(free(ALICE), alice + LIST_DEPOSIT);
		assert_closed(list, &dids);
		// Identifiers are not reused.
		assert_eq!(create_list(&verifier, &[]), list + 1);
	});
}

/// Closing a list frees its issuers' places: one in `MAX_LISTS_PER_ISSUER` lists can join
/// another once one of them is closed.
#[test]
fn closing_a_list_frees_its_issuers_for_other_lists() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let busy = issuer("busy", 1);
		let lists: Vec<ListId> = (0..MAX_LISTS_PER_ISSUER)
			.map(|_| create_list(&verifier, core::slice::from_ref(&busy.did)))
			.collect();

		assert_ok!(Presentation::close_list(verifier_origin(&verifier, ALICE), lists[1]));

		assert_eq!(IssuerListCount::<Test>::get(&busy.did), MAX_LISTS_PER_ISSUER - 1);
		assert_eq!(IssuerLists::<Test>::get(&busy.did, lists[1]), None);
		assert_eq!(IssuerLists::<Test>::get(&busy.did, lists[0]), Some(0));
		let list = create_list(&verifier, core::slice::from_ref(&busy.did));
		assert_eq!(IssuerLists::<Test>::get(&busy.did, list), Some(0));
	});
}

/// Through `submit_did_call`, signed with the owner's assertionMethod key: the deposit goes
/// back to the account that paid it, not to the call's submitter.
#[test]
fn a_did_signed_call_closes_a_list() {
	build_and_execute(|| {
		let (who, verifier) = plain_did("verifier");
		let dids = [issuer("issuer", 1).did];
		let list = create_list(&verifier, &dids);
		let alice = free(ALICE);
		let bob = free(BOB);

		assert_ok!(did_call(&who, BOB, crate::Call::<Test>::close_list { list }));

		assert_eq!(last_event(), Some(Event::ListClosed { list, depositor: account(ALICE) }));
		assert_eq!(held(ALICE, HoldReason::ListDeposit), 0);
		assert_eq!(free(ALICE), alice + LIST_DEPOSIT);
		assert_eq!(free(BOB), bob);
		assert_closed(list, &dids);
	});
}

/// Once the owner DID is deactivated, anyone closes its list; the deposit goes back to the
/// account that paid it, and the caller gets nothing.
#[test]
fn anyone_closes_the_list_of_a_deactivated_owner() {
	build_and_execute(|| {
		let (who, verifier) = plain_did("verifier");
		let dids = [issuer("issuer-a", 1).did, issuer("issuer-b", 2).did];
		// Bob pays the list's deposit; Alice paid the DIDs'.
		assert_ok!(Presentation::create_list(
			verifier_origin(&verifier, BOB),
			frame_support::BoundedVec::truncate_from(dids.to_vec())
		));
		let list: ListId = 0;
		assert_ok!(did_call(&who, ALICE, pallet_did::Call::<Test>::deactivate {}));
		// Deactivating the owner releases the DID's deposit, not the list's.
		assert_eq!(held(BOB, HoldReason::ListDeposit), LIST_DEPOSIT);
		let alice = free(ALICE);
		let bob = free(BOB);
		let carol = free(CAROL);

		assert_ok!(Presentation::close_orphaned_list(signed(CAROL), list));

		assert_eq!(last_event(), Some(Event::ListClosed { list, depositor: account(BOB) }));
		assert_eq!(held(BOB, HoldReason::ListDeposit), 0);
		assert_eq!(free(BOB), bob + LIST_DEPOSIT);
		assert_eq!(free(CAROL), carol);
		assert_eq!(free(ALICE), alice);
		assert_closed(list, &dids);
	});
}

/// Closing a list that does not exist, or no longer, fails, by either call.
#[test]
fn closing_an_unknown_list_fails() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		assert_noop!(
			Presentation::close_list(verifier_origin(&verifier, ALICE), 7),
			Error::<Test>::UnknownList
		);
		assert_noop!(
			Presentation::close_orphaned_list(signed(CAROL), 7),
			Error::<Test>::UnknownList
		);

		let list = create_list(&verifier, &[]);
		assert_ok!(Presentation::close_list(verifier_origin(&verifier, ALICE), list));
		assert_noop!(
			Presentation::close_list(verifier_origin(&verifier, ALICE), list),
			Error::<Test>::UnknownList
		);
	});
}

/// Only the owner closes its list.
#[test]
fn only_the_owner_closes_its_list() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let (_, other) = plain_did("other-verifier");
		let list = create_list(&verifier, &[]);
		assert_noop!(
			Presentation::close_list(verifier_origin(&other, ALICE), list),
			Error::<Test>::NotListOwner
		);
	});
}

/// While the owner DID is active, nobody else closes its list.
#[test]
fn the_list_of_an_active_owner_is_not_orphaned() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let list = create_list(&verifier, &[issuer("issuer", 1).did]);
		assert_noop!(
			Presentation::close_orphaned_list(signed(CAROL), list),
			Error::<Test>::OwnerActive
		);
		// Not even its depositor.
		assert_noop!(
			Presentation::close_orphaned_list(signed(ALICE), list),
			Error::<Test>::OwnerActive
		);
	});
}

/// `close_list` needs the owner's DID origin, `close_orphaned_list` a signed account.
#[test]
fn closing_needs_the_right_origin() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let list = create_list(&verifier, &[]);
		assert_noop!(Presentation::close_list(signed(ALICE), list), DispatchError::BadOrigin);
		assert_noop!(
			Presentation::close_orphaned_list(RuntimeOrigin::none(), list),
			DispatchError::BadOrigin
		);
	});
}
