//! Every path that deletes a grant returns exactly the deposit held for it, to the account
//! that paid it, whoever triggers the deletion: the off-chain cleanup's `expire`, a `grant`
//! that evicts an ended grant from a full pair, and `purge` (after the retention, or for a
//! deactivated DID). `check_invariants` (run after each test) also checks that no account
//! is left holding a grant deposit its grants do not require.

use frame_support::{assert_ok, BoundedVec};
use sp_runtime::{MultiSignature, MultiSigner};

use crate::{mock::*, *};

const DEPOSIT: Balance = GRANT_DEPOSIT + SCOPE_DEPOSIT;

/// A grant of [`email`] from `subject` to `grantee` valid on `[T0, until)`, paid by `payer`.
fn give_paid_by(
	subject: &sp_runtime::AccountId32,
	grantee: &sp_runtime::AccountId32,
	payer: u8,
	until: Moment,
) -> GrantId {
	let id = NextGrantId::<Test>::get();
	assert_ok!(Consent::grant(
		did_origin(subject, payer),
		grantee.clone(),
		scopes(&[email()]),
		T0,
		until,
		[7u8; 32],
		bytes(b"EU"),
		bytes(b"https://example.org/p"),
	));
	id
}

/// The payer's free and held balances, and the third party's free balance.
fn balances(payer: u8, other: u8) -> (Balance, Balance, Balance) {
	(free(payer), held(payer), free(other))
}

/// After `action`, `payer` has exactly `DEPOSIT` more free and less held, and `other` (who
/// triggered it) has the same free balance.
fn returns_exactly_the_deposit(payer: u8, other: u8, action: impl FnOnce()) {
	let (free_before, held_before, other_before) = balances(payer, other);
	action();
	let (free_after, held_after, other_after) = balances(payer, other);
	assert_eq!(free_after, free_before + DEPOSIT, "the payer gets the deposit back");
	assert_eq!(held_after, held_before - DEPOSIT, "the payer's hold drops by the deposit");
	assert_eq!(other_after, other_before, "the third party gets nothing");
}

#[test]
fn expire_returns_the_deposit_to_the_payer() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = give_paid_by(&subject, &grantee, BOB, T0 + HOUR);
		set_now(T0 + HOUR + RETENTION);
		returns_exactly_the_deposit(BOB, ALICE, || {
			let payload = ExpiryPayload::<Test> {
				block_number: System::block_number(),
				grants: BoundedVec::truncate_from(vec![id]),
				public: MultiSigner::Sr25519(sp_core::sr25519::Public::from_raw([9u8; 32])),
			};
			let signature =
				MultiSignature::Sr25519(sp_core::sr25519::Signature::from_raw([0u8; 64]));
			assert_ok!(Consent::expire(RuntimeOrigin::none(), payload, signature));
		});
		assert!(Consent::grant_record(id).is_none());
	});
}

#[test]
fn eviction_from_a_full_pair_returns_the_deposit_to_its_payer() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		// Bob paid for the grant that ends first; Alice pays for the one that evicts it.
		let first = give_paid_by(&subject, &grantee, BOB, T0 + HOUR);
		for _ in 1..MAX_GRANTS_PER_PAIR {
			give_paid_by(&subject, &grantee, ALICE, T0 + DAY);
		}
		set_now(T0 + HOUR);
		let alice_held = held(ALICE);
		returns_exactly_the_deposit(BOB, CHARLIE, || {
			give_paid_by(&subject, &grantee, ALICE, T0 + 2 * DAY);
		});
		assert!(Consent::grant_record(first).is_none());
		assert_eq!(held(ALICE), alice_held + DEPOSIT);
	});
}

#[test]
fn purge_after_the_retention_returns_the_deposit_to_the_payer() {
	new_test_ext().build_and_execute(|| {
		let (_, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = give_paid_by(&subject, &grantee, BOB, T0 + HOUR);
		set_now(T0 + HOUR + RETENTION);
		returns_exactly_the_deposit(BOB, CHARLIE, || {
			assert_ok!(Consent::purge(
				RuntimeOrigin::signed(account(CHARLIE)),
				BoundedVec::truncate_from(vec![id])
			));
		});
	});
}

#[test]
fn purge_for_a_deactivated_did_returns_the_deposit_to_the_payer() {
	new_test_ext().build_and_execute(|| {
		let (subject_key, subject) = person("subject");
		let (_, grantee) = person("grantee");
		let id = give_paid_by(&subject, &grantee, ALICE, T0 + DAY);
		deactivate(&subject_key);
		returns_exactly_the_deposit(ALICE, CHARLIE, || {
			assert_ok!(Consent::purge(
				RuntimeOrigin::signed(account(CHARLIE)),
				BoundedVec::truncate_from(vec![id])
			));
		});
	});
}
