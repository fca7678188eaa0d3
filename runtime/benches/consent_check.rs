//! The consent `check` runtime API's native time (criterion), in its worst case: the subject
//! gave the grantee the most grants a pair holds (`MaxGrantsPerPair`), each with the most
//! scopes (`MaxScopes`) of the longest categories and purposes, so `check` reads and compares
//! every one of them.
//!
//! `cargo bench --workspace --features try-runtime --bench consent_check` (release; the first
//! run compiles the runtime's dependencies optimised: 7 min 46 s here)
//!
//! The grants are given through real DID-signed calls (`submit_did_call`) on the development
//! genesis, then committed, so `check` reads them from the trie as a node does. Three cases:
//! allowed by the last scope of the last grant, denied for a scope no grant has (every scope
//! compared), and denied with no grant (one empty read).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use didimo_primitives::did::Relationship;
use didimo_runtime::{Consent, Runtime, RuntimeCall, RuntimeGenesisConfig, System, UNIT};
use frame_support::{traits::Get, BoundedVec};
use pallet_consent::{Action, Actions, Scope};
use pallet_did::testing::{register, submit_with_key, TestDid};
use sp_keyring::Sr25519Keyring;
use sp_runtime::BuildStorage;

const NOW: u64 = 1_764_115_200_000;

fn text(prefix: &str, i: u32, len: u32) -> Vec<u8> {
	let mut bytes = format!("{prefix}{i}:").into_bytes();
	bytes.resize(len as usize, b'x');
	bytes
}

fn checks(c: &mut Criterion) {
	let alice = Sr25519Keyring::Alice.to_account_id();
	let mut config = RuntimeGenesisConfig::default();
	config.balances.balances = vec![(alice.clone(), 1_000_000 * UNIT)];
	let mut ext: sp_io::TestExternalities = config.build_storage().expect("genesis builds").into();

	let max_grants: u32 = <Runtime as pallet_consent::Config>::MaxGrantsPerPair::get();
	let max_scopes: u32 = <Runtime as pallet_consent::Config>::MaxScopes::get();
	let category_len: u32 = <Runtime as pallet_consent::Config>::MaxCategoryLength::get();
	let purpose_len: u32 = <Runtime as pallet_consent::Config>::MaxPurposeLength::get();
	let (subject, grantee) = (TestDid::new("//ConsentSubject"), TestDid::new("//ConsentGrantee"));
	let (subject_did, grantee_did) = ext.execute_with(|| {
		System::set_block_number(1);
		pallet_timestamp::Now::<Runtime>::put(NOW);
		let subject_did = register::<Runtime>(
			&subject,
			&[Relationship::Authentication, Relationship::CapabilityInvocation],
			alice.clone(),
		);
		let grantee_did = register::<Runtime>(
			&grantee,
			&[Relationship::Authentication, Relationship::CapabilityInvocation],
			alice.clone(),
		);
		for g in 0..max_grants {
			let scopes = (0..max_scopes)
				.map(|s| Scope {
					category: BoundedVec::truncate_from(text(
						"schema:",
						g * max_scopes + s,
						category_len,
					)),
					actions: Actions(Actions::READ),
					purpose: BoundedVec::truncate_from(text("dpv:", s, purpose_len)),
				})
				.collect::<Vec<_>>();
			let call = RuntimeCall::Consent(pallet_consent::Call::grant {
				grantee: grantee_did.clone(),
				scopes: BoundedVec::truncate_from(scopes),
				valid_from: NOW - 1,
				valid_until: NOW + 3_600_000,
				receipt: [1; 32],
				jurisdiction: BoundedVec::truncate_from(b"EU".to_vec()),
				policy: BoundedVec::truncate_from(vec![b'p'; 200]),
			});
			submit_with_key::<Runtime>(
				&subject,
				&subject_did,
				"key-1",
				&subject_did,
				alice.clone(),
				call,
			)
			.expect("submit_did_call dispatches");
		}
		assert_eq!(
			Consent::api_grants_by_subject(&subject_did, None, 100).grants.len(),
			max_grants as usize
		);
		(subject_did, grantee_did)
	});
	ext.commit_all().expect("commits");

	let last = max_grants * max_scopes - 1;
	let allowed_category = text("schema:", last, category_len);
	let allowed_purpose = text("dpv:", max_scopes - 1, purpose_len);
	let stranger = TestDid::new("//Stranger").did();
	ext.execute_with(|| {
		let result = Consent::api_check(
			&subject_did,
			&grantee_did,
			&allowed_category,
			Action::Read,
			&allowed_purpose,
			None,
		);
		assert!(matches!(result, Ok(pallet_consent::CheckResult::Allowed { .. })), "{result:?}");
		let mut group = c.benchmark_group("consent_check");
		group.bench_function("allowed_by_the_last_of_8x16_scopes", |b| {
			b.iter(|| {
				Consent::api_check(
					black_box(&subject_did),
					&grantee_did,
					&allowed_category,
					Action::Read,
					&allowed_purpose,
					None,
				)
			})
		});
		group.bench_function("scope_mismatch_across_8x16_scopes", |b| {
			b.iter(|| {
				Consent::api_check(
					black_box(&subject_did),
					&grantee_did,
					b"schema:unknown",
					Action::Read,
					&allowed_purpose,
					None,
				)
			})
		});
		group.bench_function("no_grant", |b| {
			b.iter(|| {
				Consent::api_check(
					black_box(&stranger),
					&grantee_did,
					b"c",
					Action::Read,
					b"p",
					None,
				)
			})
		});
		group.finish();
	});
}

criterion_group!(benches, checks);
criterion_main!(benches);
