use didimo_primitives::did::Relationship;
use frame_support::{assert_noop, assert_ok};

use crate::{mock::*, Call, Error, Event};

#[test]
fn deactivate_burns_the_tombstone_fee_releases_the_rest_and_tombstones() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		let did = create_did(&key, ALICE);
		assert_ok!(did_call(
			&key,
			&did,
			BOB,
			RuntimeCall::Did(Call::add_service { service: service("web", "https://example.com") })
		));
		let before = Balances::free_balance(account(ALICE));
		let issuance = Balances::total_issuance();
		let deposit = BASE_DEPOSIT + KEY_DEPOSIT + SERVICE_DEPOSIT;
		assert_eq!(held(ALICE), deposit);
		System::set_block_number(5);
		assert_ok!(did_call(&key, &did, BOB, RuntimeCall::Did(Call::deactivate {})));
		assert_eq!(last_did_call_result(), Some(Ok(())));
		assert!(Did::did(&did).is_none());
		assert_eq!(Did::tombstone(&did), Some(5));
		assert_eq!(Did::api_did_of(&key.did()), None);
		// The tombstone fee is burned, the rest of the deposit goes back to the owner.
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::free_balance(account(ALICE)), before + deposit - TOMBSTONE_FEE);
		assert_eq!(Balances::total_issuance(), issuance - TOMBSTONE_FEE);
		assert!(System::events().iter().any(|e| e.event
			== Event::DidDeactivated {
				did: did.clone(),
				released: deposit - TOMBSTONE_FEE,
				burned: TOMBSTONE_FEE,
			}
			.into()));
		// Nothing can act as the DID any more.
		assert_noop!(
			did_call(&key, &did, BOB, RuntimeCall::Did(Call::deactivate {})),
			Error::<Test>::NotFound
		);
	});
}

#[test]
fn deactivate_burns_the_tombstone_fee_from_the_owner_not_the_submitter() {
	new_test_ext().build_and_execute(|| {
		let key = TestKey::sr("Alice");
		// Bob pays for (and owns) the DID; Alice submits its deactivation.
		let did = create_did(&key, BOB);
		let deposit = BASE_DEPOSIT + KEY_DEPOSIT;
		let (alice, bob) =
			(Balances::free_balance(account(ALICE)), Balances::free_balance(account(BOB)));
		assert_ok!(did_call(&key, &did, ALICE, RuntimeCall::Did(Call::deactivate {})));
		assert_eq!(last_did_call_result(), Some(Ok(())));
		assert_eq!(held(BOB), 0);
		assert_eq!(Balances::free_balance(account(BOB)), bob + deposit - TOMBSTONE_FEE);
		assert_eq!(Balances::free_balance(account(ALICE)), alice);
	});
}

#[test]
fn deactivate_fails_for_an_unknown_did_or_a_wrong_origin() {
	new_test_ext().build_and_execute(|| {
		let did = create_did(&TestKey::sr("Alice"), ALICE);
		let unknown: RuntimeOrigin = crate::DidRawOrigin {
			did: TestKey::sr("Nobody").did(),
			submitter: account(ALICE),
			relationship: Relationship::CapabilityInvocation,
		}
		.into();
		assert_noop!(Did::deactivate(unknown), Error::<Test>::NotFound);
		let assertion: RuntimeOrigin = crate::DidRawOrigin {
			did,
			submitter: account(ALICE),
			relationship: Relationship::AssertionMethod,
		}
		.into();
		assert_noop!(Did::deactivate(assertion), Error::<Test>::WrongRelationship);
		assert_noop!(
			Did::deactivate(RuntimeOrigin::signed(account(ALICE))),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}
