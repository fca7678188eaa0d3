//! `create_list`: a verifier DID creates a trusted-issuer list of active issuer DIDs that hold
//! zero-knowledge keys; the list's root commits to their keys' leaves in slot order, and the
//! submitting account pays the deposit.

use didimo_primitives::{
	did::{DidIdentifier, Relationship},
	revocation::{Digest, RootRecord},
};
use didimo_zk::{
	field,
	statement::trusted_issuers::{self, ListTree},
	Fr,
};
use frame_support::{assert_noop, assert_ok, traits::ConstU32, BoundedVec};
use sp_runtime::DispatchError;

use super::common::*;
use crate::{mock::*, *};

/// The leaf of an issuer's zero-knowledge key.
fn leaf_of(issuer: &TestIssuer) -> Fr {
	trusted_issuers::leaf(&issuer.secret.public_key())
}

/// The root of a list whose first slots hold `leaves`, the others empty.
fn root_of(leaves: &[Fr]) -> Digest {
	field::to_bytes(&ListTree::from_leaves(leaves).expect("at most 32 leaves").root())
}

/// `dids` as a `create_list` argument.
fn list_arg(dids: &[DidIdentifier]) -> BoundedVec<DidIdentifier, ConstU32<MAX_LIST_ISSUERS>> {
	BoundedVec::truncate_from(dids.to_vec())
}

/// The list holds the issuers in the order given, its root is the tree of their keys' leaves
/// in that order, the submitter's deposit is held, and each issuer is indexed with its slot.
#[test]
fn a_verifier_creates_a_list_of_issuers() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let first = issuer("first", 1);
		let second = issuer("second", 2);
		let list: ListId = 0;

		assert_ok!(Presentation::create_list(
			verifier_origin(&verifier, ALICE),
			list_arg(&[first.did.clone(), second.did.clone()])
		));

		let root = root_of(&[leaf_of(&first), leaf_of(&second)]);
		assert_eq!(
			last_event(),
			Some(Event::ListCreated { list, owner: verifier.clone(), root, deposit: LIST_DEPOSIT })
		);
		assert_eq!(held(ALICE, HoldReason::ListDeposit), LIST_DEPOSIT);
		let record = Lists::<Test>::get(list).expect("the list is stored");
		assert_eq!(record.owner, verifier);
		assert_eq!(
			record.issuers.into_inner(),
			vec![Some(first.did.clone()), Some(second.did.clone())]
		);
		assert_eq!(record.depositor, account(ALICE));
		assert_eq!(record.deposit, LIST_DEPOSIT);
		assert_eq!(record.created, 1);
		for (slot, did) in [&first.did, &second.did].into_iter().enumerate() {
			assert_eq!(IssuerLists::<Test>::get(did, list), Some(slot as u8));
			assert_eq!(IssuerListCount::<Test>::get(did), 1);
		}
		assert_eq!(Presentation::tree(list).map(|tree| field::to_bytes(&tree.root())), Some(root));
		assert_eq!(ListRoots::<Test>::get(list).into_inner(), vec![RootRecord { root, since: 1 }]);
		// The order of the issuers is part of the root.
		assert_ne!(root, root_of(&[leaf_of(&second), leaf_of(&first)]));
	});
}

/// A list may start empty: its root is the root of the tree whose leaves are all zero.
#[test]
fn an_empty_list_has_the_root_of_the_empty_tree() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let list = create_list(&verifier, &[]);

		let root = field::to_bytes(&ListTree::empty().root());
		assert_eq!(list_root(list), root);
		assert_eq!(
			last_event(),
			Some(Event::ListCreated { list, owner: verifier, root, deposit: LIST_DEPOSIT })
		);
		assert!(Lists::<Test>::get(list).expect("the list is stored").issuers.is_empty());
		assert_eq!(IssuerLists::<Test>::iter().count(), 0);
		assert_eq!(held(ALICE, HoldReason::ListDeposit), LIST_DEPOSIT);
	});
}

/// Lists are numbered in the order they are created, whichever verifier creates them.
#[test]
fn list_ids_are_sequential() {
	build_and_execute(|| {
		let (_, first) = plain_did("verifier");
		let (_, second) = plain_did("other-verifier");
		for (expected, owner) in [(0, &first), (1, &second), (2, &first)] {
			assert_ok!(Presentation::create_list(verifier_origin(owner, ALICE), BoundedVec::new()));
			assert!(matches!(
				last_event(),
				Some(Event::ListCreated { list, .. }) if list == expected
			));
			assert_eq!(
				Lists::<Test>::get(expected).map(|record| record.owner),
				Some(owner.clone())
			);
		}
		assert_eq!(NextListId::<Test>::get(), 3);
		assert_eq!(held(ALICE, HoldReason::ListDeposit), 3 * LIST_DEPOSIT);
	});
}

/// Through `submit_did_call`, signed with the verifier's assertionMethod key: the submitting
/// account pays the deposit, and a refusal comes back as the inner call's result.
#[test]
fn a_did_signed_call_creates_a_list() {
	build_and_execute(|| {
		let (who, verifier) = plain_did("verifier");
		let trusted = issuer("issuer", 1);

		assert_ok!(did_call(
			&who,
			BOB,
			crate::Call::<Test>::create_list {
				issuers: list_arg(core::slice::from_ref(&trusted.did))
			}
		));

		let record = Lists::<Test>::get(0).expect("the list is stored");
		assert_eq!(record.owner, verifier);
		assert_eq!(record.depositor, account(BOB));
		assert_eq!(held(BOB, HoldReason::ListDeposit), LIST_DEPOSIT);
		assert_eq!(list_root(0), root_of(&[leaf_of(&trusted)]));

		assert_eq!(
			did_call(
				&who,
				BOB,
				crate::Call::<Test>::create_list {
					issuers: list_arg(&[trusted.did.clone(), trusted.did.clone()])
				}
			),
			Err(Error::<Test>::IssuerAlreadyListed.into())
		);
		assert_eq!(NextListId::<Test>::get(), 1);
	});
}

/// A DID that was never registered, or that is deactivated, cannot be listed.
#[test]
fn an_inactive_issuer_is_refused() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		assert_noop!(
			Presentation::create_list(
				verifier_origin(&verifier, ALICE),
				list_arg(&[DidIdentifier::new([9; 32])])
			),
			Error::<Test>::UnknownIssuer
		);

		let gone = issuer("gone", 1);
		assert_ok!(did_call(&gone.who, ALICE, pallet_did::Call::<Test>::deactivate {}));
		assert_noop!(
			Presentation::create_list(verifier_origin(&verifier, ALICE), list_arg(&[gone.did])),
			Error::<Test>::UnknownIssuer
		);
	});
}

/// An active DID without a zero-knowledge issuer key has no leaf to list.
#[test]
fn an_issuer_without_a_zero_knowledge_key_is_refused() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let trusted = issuer("issuer", 1);
		let (_, keyless) = plain_did("keyless");
		assert_noop!(
			Presentation::create_list(
				verifier_origin(&verifier, ALICE),
				list_arg(&[trusted.did, keyless])
			),
			Error::<Test>::IssuerKeyUnavailable
		);
	});
}

/// The same issuer twice in one list is refused.
#[test]
fn a_duplicate_issuer_is_refused() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let a = issuer("issuer-a", 1);
		let b = issuer("issuer-b", 2);
		assert_noop!(
			Presentation::create_list(
				verifier_origin(&verifier, ALICE),
				list_arg(&[a.did.clone(), b.did, a.did])
			),
			Error::<Test>::IssuerAlreadyListed
		);
	});
}

/// An issuer already in `MAX_LISTS_PER_ISSUER` lists cannot join another: that bounds the work
/// of following its key.
#[test]
fn an_issuer_in_too_many_lists_is_refused() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let busy = issuer("busy", 1);
		let other = issuer("other", 2);
		for _ in 0..MAX_LISTS_PER_ISSUER {
			create_list(&verifier, core::slice::from_ref(&busy.did));
		}
		assert_eq!(IssuerListCount::<Test>::get(&busy.did), MAX_LISTS_PER_ISSUER);

		assert_noop!(
			Presentation::create_list(
				verifier_origin(&verifier, ALICE),
				list_arg(&[other.did, busy.did])
			),
			Error::<Test>::IssuerInTooManyLists
		);
	});
}

/// A submitter that cannot pay the deposit creates nothing.
#[test]
fn an_unpaid_deposit_is_refused() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		let trusted = issuer("issuer", 1);
		assert_noop!(
			Presentation::create_list(verifier_origin(&verifier, PAUPER), list_arg(&[trusted.did])),
			Error::<Test>::InsufficientDeposit
		);
	});
}

/// Only a DID origin with assertionMethod creates lists: not a plain account, not an unsigned
/// call, not a DID key of another relationship.
#[test]
fn creating_a_list_needs_a_verifier_origin() {
	build_and_execute(|| {
		let (_, verifier) = plain_did("verifier");
		assert_noop!(
			Presentation::create_list(signed(ALICE), BoundedVec::new()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Presentation::create_list(RuntimeOrigin::none(), BoundedVec::new()),
			DispatchError::BadOrigin
		);
		let capability: RuntimeOrigin = pallet_did::DidRawOrigin {
			did: verifier,
			submitter: account(ALICE),
			relationship: Relationship::CapabilityInvocation,
		}
		.into();
		assert_noop!(
			Presentation::create_list(capability, BoundedVec::new()),
			DispatchError::BadOrigin
		);
	});
}
