//! The runtime API's reads fail closed.

use frame_support::assert_ok;

use crate::{mock::*, *};

#[test]
fn status_fails_closed() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		// No registry at all.
		assert_eq!(Revocation::status(0, 0), CredentialStatus::Unknown);
		let id = create_registry(&did, StatusPurpose::Revocation, 10);
		assert_eq!(Revocation::status(id, 9), CredentialStatus::Active);
		// Index N is out of range (bits 10..16 of the last byte are not credentials).
		assert_eq!(Revocation::status(id, 10), CredentialStatus::Unknown);
		assert_eq!(Revocation::status(id, u32::MAX), CredentialStatus::Unknown);
		assert_eq!(Revocation::status(id + 1, 0), CredentialStatus::Unknown);
		let answer = Revocation::api_status(id, 9);
		assert_eq!(answer.status, CredentialStatus::Active);
		assert_eq!(answer.block, 1);
	});
}

#[test]
fn registry_and_status_list_reads() {
	new_test_ext().build_and_execute(|| {
		let (_, did) = issuer("issuer");
		let (_, delegate) = issuer("delegate");
		let id = create_registry(&did, StatusPurpose::Suspension, 20);
		assert_ok!(Revocation::add_delegate(issuer_origin(&did, ALICE), id, delegate.clone()));
		assert_ok!(Revocation::suspend(issuer_origin(&did, ALICE), id, indices(&[0, 19])));
		let info = Revocation::api_registry(id).expect("live");
		assert_eq!(info.issuer, did);
		assert_eq!(info.delegates, vec![delegate]);
		assert_eq!(info.capacity, 20);
		assert_eq!(info.set_count, 2);
		assert!(!info.closing);
		let list = Revocation::api_status_list(id).expect("live");
		assert_eq!(list.bits, vec![0b1000_0000, 0, 0b0001_0000]);
		assert_eq!(list.purpose, StatusPurpose::Suspension);
		assert_eq!(list.root, info.root);
		assert!(Revocation::api_registry(id + 1).is_none());
		assert!(Revocation::api_status_list(id + 1).is_none());
		assert!(Revocation::api_recent_roots(id + 1).is_none());
	});
}
