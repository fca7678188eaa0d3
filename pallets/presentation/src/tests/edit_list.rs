//! `add_issuer` and `remove_issuer`: the owner of a list fills its first empty slot or empties
//! an issuer's slot; the list's root follows, and its previous roots stay accepted for
//! `ROOT_FRESHNESS` blocks (one recent root per block, at most `MAX_ROOT_HISTORY`).

use didimo_primitives::{
	did::DidIdentifier,
	revocation::{Digest, RootRecord},
};
use didimo_zk::{
	field,
	statement::trusted_issuers::{self, ListTree},
	Fr,
};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

use super::common::*;
use crate::{mock::*, *};

/// The leaf of an issuer's zero-knowledge key.
fn leaf_of(issuer: &TestIssuer) -> Fr {
	trusted_issuers::leaf(&issuer.secret.public_key())
}

/// The leaf of an empty slot.
fn empty() -> Fr {
	Fr::from(0u64)
}

/// The root of a list whose first slots hold `leaves`, the others empty.
fn root_of(leaves: &[Fr]) -> Digest {
	field::to_bytes(&ListTree::from_leaves(leaves).expect("at most 32 leaves").root())
}

/// The issuer DID in each of a list's slots.
fn slots(list: ListId) -> Vec<Option<DidIdentifier>> {
	Lists::<Test>::get(list).expect("the list exists").issuers.into_inner()
}

/// A verifier DID and its list holding three issuers, in slots 0 to 2.
fn list_of_three() -> (DidIdentifier, [TestIssuer; 3], ListId) {
	let (_, verifier) = plain_did("verifier");
	let issuers = [issuer("issuer-a", 1), issuer("issuer-b", 2), issuer("issuer-c", 3)];
	let dids: Vec<DidIdentifier> = issuers.iter().map(|listed| listed.did.clone()).collect();
	let list = create_list(&verifier, &dids);
	(verifier, issuers, list)
}

/// An issuer added to a list without empty slots goes after the last; the root commits to
/// its leaf there and it is indexed, without any further deposit.
#[test]
fn an_added_issuer_takes_the_next_slot() {
	build_and_execute(|| {
		let (verifier, [a, b, c], list) = list_of_three();
		let d = issuer("issuer-d", 4);

		assert_ok!(Presentation::add_issuer(
			verifier_origin(&verifier, ALICE),
			list,
			d.did.clone()
		));

		let root = root_of(&[leaf_of(&a), leaf_of(&b), leaf_of(&c), leaf_of(&d)]);
		assert_eq!(
			last_event(),
			Some(Event::IssuerAdded { list, issuer: d.did.clone(), slot: 3, root })
		);
		assert_eq!(list_root(list), root);
		assert_eq!(
			slots(list),
			vec![
				Some(a.did.clone()),
				Some(b.did.clone()),
				Some(c.did.clone()),
				Some(d.did.clone())
			]
		);
		assert_eq!(IssuerLists::<Test>::get(&d.did, list), Some(3));
		assert_eq!(IssuerListCount::<Test>::get(&d.did), 1);
		assert_eq!(held(ALICE, HoldReason::ListDeposit), LIST_DEPOSIT);
	});
}

/// After removals, the next issuer added takes the first emptied slot, not a new one at the
/// end; once no slot is empty, issuers go at the end again.
#[test]
fn an_added_issuer_fills_the_first_emptied_slot() {
	build_and_execute(|| {
		let (verifier, [a, b, c], list) = list_of_three();
		let d = issuer("issuer-d", 4);
		let origin = || verifier_origin(&verifier, ALICE);
		assert_ok!(Presentation::remove_issuer(origin(), list, a.did.clone()));
		assert_ok!(Presentation::remove_issuer(origin(), list, b.did.clone()));

		assert_ok!(Presentation::add_issuer(origin(), list, d.did.clone()));

		let root = root_of(&[leaf_of(&d), empty(), leaf_of(&c)]);
		assert_eq!(
			last_event(),
			Some(Event::IssuerAdded { list, issuer: d.did.clone(), slot: 0, root })
		);
		assert_eq!(list_root(list), root);
		assert_eq!(slots(list), vec![Some(d.did.clone()), None, Some(c.did.clone())]);
		assert_eq!(IssuerLists::<Test>::get(&d.did, list), Some(0));

		assert_ok!(Presentation::add_issuer(origin(), list, b.did.clone()));
		assert_eq!(IssuerLists::<Test>::get(&b.did, list), Some(1));
		assert_ok!(Presentation::add_issuer(origin(), list, a.did.clone()));
		assert_eq!(IssuerLists::<Test>::get(&a.did, list), Some(3));
		assert_eq!(list_root(list), root_of(&[leaf_of(&d), leaf_of(&b), leaf_of(&c), leaf_of(&a)]));
	});
}

/// Removing an issuer empties its slot (the others keep theirs), zeroes its leaf, and drops
/// its index entries.
#[test]
fn a_removed_issuers_slot_is_emptied() {
	build_and_execute(|| {
		let (verifier, [a, b, c], list) = list_of_three();

		assert_ok!(Presentation::remove_issuer(
			verifier_origin(&verifier, ALICE),
			list,
			b.did.clone()
		));

		let root = root_of(&[leaf_of(&a), empty(), leaf_of(&c)]);
		assert_eq!(last_event(), Some(Event::IssuerRemoved { list, issuer: b.did.clone(), root }));
		assert_eq!(list_root(list), root);
		assert_eq!(slots(list), vec![Some(a.did.clone()), None, Some(c.did.clone())]);
		assert_eq!(Presentation::tree(list).and_then(|tree| tree.leaf(1)), Some(empty()));
		assert_eq!(IssuerLists::<Test>::get(&b.did, list), None);
		assert!(!IssuerListCount::<Test>::contains_key(&b.did));
		assert_eq!(IssuerLists::<Test>::get(&c.did, list), Some(2));
	});
}

/// Empty slots at the end of a list are dropped; a list emptied of all its issuers stays, and
/// takes issuers again from slot 0.
#[test]
fn trailing_empty_slots_are_trimmed() {
	build_and_execute(|| {
		let (verifier, [a, b, c], list) = list_of_three();
		let origin = || verifier_origin(&verifier, ALICE);
		assert_ok!(Presentation::remove_issuer(origin(), list, b.did.clone()));
		assert_eq!(slots(list).len(), 3);

		// Removing the last issuer drops its slot and the empty one before it.
		assert_ok!(Presentation::remove_issuer(origin(), list, c.did.clone()));
		assert_eq!(slots(list), vec![Some(a.did.clone())]);
		assert_eq!(list_root(list), root_of(&[leaf_of(&a)]));

		assert_ok!(Presentation::remove_issuer(origin(), list, a.did.clone()));
		assert!(slots(list).is_empty());
		assert_eq!(list_root(list), field::to_bytes(&ListTree::empty().root()));

		assert_ok!(Presentation::add_issuer(origin(), list, c.did.clone()));
		assert_eq!(slots(list), vec![Some(c.did.clone())]);
		assert_eq!(IssuerLists::<Test>::get(&c.did, list), Some(0));
	});
}

/// Through `submit_did_call`, signed with the owner's assertionMethod key; another DID's
/// signed call gets the refusal as the inner call's result.
#[test]
fn a_did_signed_call_edits_a_list() {
	build_and_execute(|| {
		let (who, verifier) = plain_did("verifier");
		let a = issuer("issuer-a", 1);
		let b = issuer("issuer-b", 2);
		let list = create_list(&verifier, core::slice::from_ref(&a.did));

		assert_ok!(did_call(
			&who,
			ALICE,
			crate::Call::<Test>::add_issuer { list, issuer: b.did.clone() }
		));
		assert_eq!(slots(list), vec![Some(a.did.clone()), Some(b.did.clone())]);
		assert_ok!(did_call(
			&who,
			ALICE,
			crate::Call::<Test>::remove_issuer { list, issuer: a.did.clone() }
		));
		assert_eq!(slots(list), vec![None, Some(b.did.clone())]);
		assert_eq!(list_root(list), root_of(&[empty(), leaf_of(&b)]));

		let (intruder, _) = plain_did("intruder");
		assert_eq!(
			did_call(&intruder, ALICE, crate::Call::<Test>::remove_issuer { list, issuer: b.did }),
			Err(Error::<Test>::NotListOwner.into())
		);
	});
}

/// A root replaced at block `s` is still accepted up to block `s + ROOT_FRESHNESS`, and no
/// longer after; the current root is accepted however old it is.
#[test]
fn a_replaced_root_stays_accepted_for_root_freshness_blocks() {
	build_and_execute(|| {
		let (verifier, [_, b, _], list) = list_of_three();
		let old = list_root(list);
		next_block();

		assert_ok!(Presentation::remove_issuer(verifier_origin(&verifier, ALICE), list, b.did));

		let new = list_root(list);
		assert_ne!(new, old);
		assert!(Presentation::list_accepts_root(list, &old));
		advance(ROOT_FRESHNESS);
		assert!(Presentation::list_accepts_root(list, &old));
		next_block();
		assert!(!Presentation::list_accepts_root(list, &old));
		assert!(Presentation::list_accepts_root(list, &new));
		assert!(!Presentation::list_accepts_root(list, &[7; 32]));
	});
}

/// Recent roots are one per block: a change in the block a root was recorded in replaces
/// that block's entry, so the root in between was never accepted.
#[test]
fn changes_in_one_block_keep_one_root_for_it() {
	build_and_execute(|| {
		let (verifier, [a, b, c], list) = list_of_three();
		let origin = || verifier_origin(&verifier, ALICE);
		let created = list_root(list);
		// In the block the list was created in.
		assert_ok!(Presentation::remove_issuer(origin(), list, c.did));
		let first = list_root(list);
		assert_eq!(
			ListRoots::<Test>::get(list).into_inner(),
			vec![RootRecord { root: first, since: 1 }]
		);
		assert!(!Presentation::list_accepts_root(list, &created));

		next_block();
		assert_ok!(Presentation::remove_issuer(origin(), list, a.did));
		let between = list_root(list);
		assert_ok!(Presentation::remove_issuer(origin(), list, b.did));
		let last = list_root(list);

		assert_eq!(
			ListRoots::<Test>::get(list).into_inner(),
			vec![RootRecord { root: first, since: 1 }, RootRecord { root: last, since: 2 }]
		);
		assert!(Presentation::list_accepts_root(list, &first));
		assert!(!Presentation::list_accepts_root(list, &between));
		assert!(Presentation::list_accepts_root(list, &last));
	});
}

/// A change drops the recent roots no longer accepted: those replaced more than
/// `ROOT_FRESHNESS` blocks ago.
#[test]
fn stale_roots_are_dropped_on_the_next_change() {
	build_and_execute(|| {
		let (verifier, [a, b, _], list) = list_of_three();
		let origin = || verifier_origin(&verifier, ALICE);
		let first = list_root(list);
		next_block();
		assert_ok!(Presentation::remove_issuer(origin(), list, a.did));
		let second = list_root(list);
		advance(10);

		assert_ok!(Presentation::remove_issuer(origin(), list, b.did));

		let third = list_root(list);
		assert_eq!(
			ListRoots::<Test>::get(list).into_inner(),
			vec![RootRecord { root: second, since: 2 }, RootRecord { root: third, since: 12 }]
		);
		assert!(!Presentation::list_accepts_root(list, &first));
		// Replaced just now: accepted for `ROOT_FRESHNESS` blocks more.
		assert!(Presentation::list_accepts_root(list, &second));
	});
}

/// At most `MAX_ROOT_HISTORY` recent roots are kept: the oldest is dropped when a new one
/// comes, even within `ROOT_FRESHNESS` of its replacement.
#[test]
fn the_root_history_is_bounded() {
	build_and_execute(|| {
		let (verifier, issuers, list) = list_of_three();
		let mut roots = vec![list_root(list)];
		for removed in &issuers {
			next_block();
			assert_ok!(Presentation::remove_issuer(
				verifier_origin(&verifier, ALICE),
				list,
				removed.did.clone()
			));
			roots.push(list_root(list));
		}

		// Four roots, from blocks 1 to 4: all within freshness, only the last three kept.
		let history = ListRoots::<Test>::get(list);
		assert_eq!(history.len(), MAX_ROOT_HISTORY as usize);
		assert_eq!(
			history.iter().map(|record| record.root).collect::<Vec<_>>(),
			roots[1..].to_vec()
		);
		assert!(!Presentation::list_accepts_root(list, &roots[0]));
		for root in &roots[1..] {
			assert!(Presentation::list_accepts_root(list, root));
		}
	});
}

/// Adding to a list that does not exist fails.
#[test]
fn adding_to_an_unknown_list_fails() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let trusted = issuer("issuer", 1);
		assert_noop!(
			Presentation::add_issuer(verifier_origin(&verifier, ALICE), 7, trusted.did),
			Error::<Test>::UnknownList
		);
	});
}

/// Only the list's owner adds issuers to it.
#[test]
fn only_the_owner_adds_issuers() {
	build_and_execute(|| {
		let (_, _, list) = list_of_three();
		let (_, other) = plain_did("other-verifier");
		let d = issuer("issuer-d", 4);
		assert_noop!(
			Presentation::add_issuer(verifier_origin(&other, ALICE), list, d.did),
			Error::<Test>::NotListOwner
		);
	});
}

/// An issuer already in the list is not added to it again.
#[test]
fn a_listed_issuer_is_not_added_twice() {
	build_and_execute(|| {
		let (verifier, [_, b, _], list) = list_of_three();
		assert_noop!(
			Presentation::add_issuer(verifier_origin(&verifier, ALICE), list, b.did),
			Error::<Test>::IssuerAlreadyListed
		);
	});
}

/// A DID that was never registered, or that is deactivated, is not added.
#[test]
fn an_inactive_issuer_is_not_added() {
	build_and_execute(|| {
		let (verifier, _, list) = list_of_three();
		assert_noop!(
			Presentation::add_issuer(
				verifier_origin(&verifier, ALICE),
				list,
				DidIdentifier::new([9; 32])
			),
			Error::<Test>::UnknownIssuer
		);

		let gone = issuer("gone", 4);
		assert_ok!(did_call(&gone.who, ALICE, pallet_did::Call::<Test>::deactivate {}));
		assert_noop!(
			Presentation::add_issuer(verifier_origin(&verifier, ALICE), list, gone.did),
			Error::<Test>::UnknownIssuer
		);
	});
}

/// An active DID without a zero-knowledge issuer key is not added.
#[test]
fn an_issuer_without_a_zero_knowledge_key_is_not_added() {
	build_and_execute(|| {
		let (verifier, _, list) = list_of_three();
		let (_, keyless) = plain_did("keyless");
		assert_noop!(
			Presentation::add_issuer(verifier_origin(&verifier, ALICE), list, keyless),
			Error::<Test>::IssuerKeyUnavailable
		);
	});
}

/// An issuer already in `MAX_LISTS_PER_ISSUER` lists is not added to another.
#[test]
fn an_issuer_in_too_many_lists_is_not_added() {
	build_and_execute(|| {
		let (verifier, _, list) = list_of_three();
		let busy = issuer("busy", 4);
		for _ in 0..MAX_LISTS_PER_ISSUER {
			create_list(&verifier, core::slice::from_ref(&busy.did));
		}
		assert_noop!(
			Presentation::add_issuer(verifier_origin(&verifier, ALICE), list, busy.did),
			Error::<Test>::IssuerInTooManyLists
		);
	});
}

/// A list of `MAX_LIST_ISSUERS` issuers takes no more, until a slot is emptied.
#[test]
fn a_full_list_takes_no_more_issuers() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let issuers: Vec<TestIssuer> =
			(0..=MAX_LIST_ISSUERS).map(|i| issuer(&format!("issuer{i}"), i as u8 + 1)).collect();
		let (extra, full) = issuers.split_last().expect("33 issuers");
		let dids: Vec<DidIdentifier> = full.iter().map(|listed| listed.did.clone()).collect();
		let list = create_list(&verifier, &dids);
		assert_eq!(slots(list).len(), MAX_LIST_ISSUERS as usize);

		assert_noop!(
			Presentation::add_issuer(verifier_origin(&verifier, ALICE), list, extra.did.clone()),
			Error::<Test>::ListFull
		);

		assert_ok!(Presentation::remove_issuer(
			verifier_origin(&verifier, ALICE),
			list,
			full[5].did.clone()
		));
		assert_ok!(Presentation::add_issuer(
			verifier_origin(&verifier, ALICE),
			list,
			extra.did.clone()
		));
		assert_eq!(IssuerLists::<Test>::get(&extra.did, list), Some(5));
	});
}

/// Only a verifier's DID origin adds issuers.
#[test]
fn adding_needs_a_verifier_origin() {
	build_and_execute(|| {
		let (_, _, list) = list_of_three();
		let d = issuer("issuer-d", 4);
		assert_noop!(
			Presentation::add_issuer(signed(ALICE), list, d.did),
			DispatchError::BadOrigin
		);
	});
}

/// Removing from a list that does not exist fails.
#[test]
fn removing_from_an_unknown_list_fails() {
	build_and_execute(|| {
		let (verifier, [a, _, _], _) = list_of_three();
		assert_noop!(
			Presentation::remove_issuer(verifier_origin(&verifier, ALICE), 7, a.did),
			Error::<Test>::UnknownList
		);
	});
}

/// Only the list's owner removes issuers from it.
#[test]
fn only_the_owner_removes_issuers() {
	build_and_execute(|| {
		let (_, [a, _, _], list) = list_of_three();
		let (_, other) = plain_did("other-verifier");
		assert_noop!(
			Presentation::remove_issuer(verifier_origin(&other, ALICE), list, a.did),
			Error::<Test>::NotListOwner
		);
	});
}

/// An issuer that is not in the list, or no longer, cannot be removed from it.
#[test]
fn removing_an_unlisted_issuer_fails() {
	build_and_execute(|| {
		let (verifier, [a, _, _], list) = list_of_three();
		let d = issuer("issuer-d", 4);
		assert_noop!(
			Presentation::remove_issuer(verifier_origin(&verifier, ALICE), list, d.did),
			Error::<Test>::IssuerNotListed
		);

		assert_ok!(Presentation::remove_issuer(
			verifier_origin(&verifier, ALICE),
			list,
			a.did.clone()
		));
		assert_noop!(
			Presentation::remove_issuer(verifier_origin(&verifier, ALICE), list, a.did),
			Error::<Test>::IssuerNotListed
		);
	});
}

/// Only a verifier's DID origin removes issuers.
#[test]
fn removing_needs_a_verifier_origin() {
	build_and_execute(|| {
		let (_, [a, _, _], list) = list_of_three();
		assert_noop!(
			Presentation::remove_issuer(signed(ALICE), list, a.did),
			DispatchError::BadOrigin
		);
	});
}

/// An issuer leaves a list itself: its slot is emptied as by `remove_issuer`, `IssuerLeft` is
/// emitted, and the owner cannot add it again; other issuers still can be added.
#[test]
fn an_issuer_leaves_a_list_and_declines_it() {
	build_and_execute(|| {
		let (owner, issuers, list) = list_of_three();
		let [a, b, _] = &issuers;
		assert_ok!(did_call(&b.who, BOB, crate::Call::<Test>::leave_list { list }));
		assert_eq!(slots(list)[1], None);
		assert_eq!(
			last_event(),
			Some(Event::IssuerLeft { list, issuer: b.did.clone(), root: list_root(list) })
		);
		assert_eq!(IssuerLists::<Test>::get(&b.did, list), None);
		assert_eq!(
			Lists::<Test>::get(list).expect("the list exists").declined.into_inner(),
			vec![b.did.clone()]
		);
		assert_noop!(
			Presentation::add_issuer(verifier_origin(&owner, ALICE), list, b.did.clone()),
			Error::<Test>::IssuerDeclined
		);
		// It may still join other lists, and others may still join this one.
		let other = create_list(&owner, core::slice::from_ref(&b.did));
		assert!(IssuerLists::<Test>::contains_key(&b.did, other));
		assert_ok!(Presentation::remove_issuer(
			verifier_origin(&owner, ALICE),
			list,
			a.did.clone()
		));
		assert_ok!(Presentation::add_issuer(verifier_origin(&owner, ALICE), list, a.did.clone()));
	});
}

/// Leaving a list one is not in, or an unknown list, fails; a plain signed origin is refused.
#[test]
fn leaving_a_list_needs_to_be_in_it() {
	build_and_execute(|| {
		let (_, issuers, list) = list_of_three();
		let outsider = issuer("outsider", 40);
		assert_noop!(
			Presentation::leave_list(verifier_origin(&outsider.did, ALICE), list),
			Error::<Test>::IssuerNotListed
		);
		assert_noop!(
			Presentation::leave_list(verifier_origin(&issuers[0].did, ALICE), 99),
			Error::<Test>::UnknownList
		);
		assert_noop!(Presentation::leave_list(signed(ALICE), list), DispatchError::BadOrigin);
	});
}
