//! Housekeeping: `clean_up` (anyone) and `housekeep` (the authorities' off-chain workers) do
//! the chores that are due, returning deposits to whoever paid them; `validate_unsigned`
//! accepts only fresh, authority-signed payloads of due chores, once per interval; the worker
//! finds the chores within its bounds and submits them.
#![allow(deprecated)] // `ValidateUnsigned`, which the runtime still uses for bare transactions.

use codec::{Decode, Encode};
use didimo_primitives::{
	did::DidIdentifier,
	revocation::{Digest, RegistryId},
};
use frame_support::{assert_noop, assert_ok, traits::Hooks, BoundedVec};
use sp_core::{
	offchain::{
		testing::{TestOffchainExt, TestTransactionPoolExt},
		OffchainDbExt, OffchainWorkerExt, TransactionPoolExt,
	},
	sr25519, Pair,
};
use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
use sp_runtime::{
	traits::{Dispatchable, IdentifyAccount, ValidateUnsigned},
	transaction_validity::{
		InvalidTransaction, TransactionSource, TransactionValidity, TransactionValidityError,
	},
	DispatchError, MultiSignature, MultiSigner,
};

use super::common::*;
use crate::{housekeeping::invalid, mock::*, *};

/// The scope of the scene's request.
const SCOPE: Digest = [5; 32];
/// A scope no request names.
const CLOSED: Digest = [8; 32];

const AUTHORITY_SEED: &str = "//Authority";

fn authority_pair() -> sr25519::Pair {
	sr25519::Pair::from_string(AUTHORITY_SEED, None).expect("dev seed")
}

fn authority() -> MultiSigner {
	MultiSigner::Sr25519(authority_pair().public())
}

/// `who`'s free balance.
fn free(who: u8) -> Balance {
	Balances::free_balance(account(who))
}

/// What the scene set up.
struct Scene {
	verifier: DidIdentifier,
	issuer: DidIdentifier,
	/// The verifier's request naming `SCOPE`, paid by Bob.
	request: RequestId,
	expires_at: u32,
	/// A list of the verifier holding the issuer.
	list: ListId,
	/// A registry of the issuer.
	registry: RegistryId,
}

/// A verifier with a request (paid by Bob) naming `SCOPE`, a list and a registry; nothing is
/// due yet.
fn scene() -> Scene {
	let (_, verifier) = plain_did("verifier");
	let trusted = issuer("issuer", 1);
	let spec = age_spec(IssuerSpec::Did(trusted.did.clone()), Some(SCOPE));
	let expires_at = spec.expires_at;
	let request = Presentation::request_id(&verifier, &spec);
	assert_ok!(Presentation::create_request(verifier_origin(&verifier, BOB), spec));
	let list = create_list(&verifier, core::slice::from_ref(&trusted.did));
	let registry = create_registry(&trusted.did);
	Scene { verifier, issuer: trusted.did, request, expires_at, list, registry }
}

/// Stores `nullifier` as used in the verifier's `scope` by a presentation `who` submitted, as
/// `present` stores it: with `who`'s deposit held.
fn use_nullifier(verifier: &DidIdentifier, scope: Digest, nullifier: Digest, who: u8) {
	assert_ok!(Presentation::hold(HoldReason::NullifierDeposit, &account(who), NULLIFIER_DEPOSIT));
	Nullifiers::<Test>::insert(
		(verifier.clone(), scope),
		nullifier,
		NullifierRecord::<Test> {
			submitter: account(who),
			deposit: NULLIFIER_DEPOSIT,
			used_at: System::block_number(),
		},
	);
}

/// Replaces the list's and the registry's roots now, so their previous roots go stale
/// `ROOT_FRESHNESS` and `REVOCATION_FRESHNESS` blocks from now.
fn replace_roots(scene: &Scene) {
	next_block();
	assert_ok!(Presentation::remove_issuer(
		verifier_origin(&scene.verifier, ALICE),
		scene.list,
		scene.issuer.clone()
	));
	revoke(&scene.issuer, scene.registry, 3);
}

/// Moves past the request's expiry and both root windows.
fn past_everything(scene: &Scene) {
	let target =
		scene.expires_at.max(System::block_number() + ROOT_FRESHNESS.max(REVOCATION_FRESHNESS) + 1);
	advance(target - System::block_number());
}

/// One chore of each kind, all due: the scene's request expired, a nullifier of a closed
/// scope used by Alice, and stale list and registry roots.
fn all_due() -> (Scene, [Chore; 4]) {
	let scene = scene();
	use_nullifier(&scene.verifier, CLOSED, [6; 32], ALICE);
	replace_roots(&scene);
	past_everything(&scene);
	let chores = [
		Chore::RemoveRequest(scene.request),
		Chore::PurgeNullifier {
			verifier: scene.verifier.clone(),
			scope: CLOSED,
			nullifier: [6; 32],
		},
		Chore::PruneListRoots(scene.list),
		Chore::PruneRegistryRoots(scene.registry),
	];
	(scene, chores)
}

fn chores(chores: &[Chore]) -> BoundedVec<Chore, frame_support::traits::ConstU32<MAX_CHORES>> {
	BoundedVec::truncate_from(chores.to_vec())
}

fn registry_history(registry: RegistryId) -> usize {
	pallet_revocation::Pallet::<Test>::api_recent_roots(registry)
		.expect("the registry exists")
		.roots
		.len()
}

/// Anyone does one chore of each kind: the request is removed and the nullifier purged, each
/// deposit back with whoever paid it (Bob, Alice) and nothing for the caller; the stale roots
/// are dropped and the current ones kept.
#[test]
fn clean_up_does_each_kind_of_chore_and_returns_deposits_to_their_payers() {
	with_dev_circuit(|| {
		let (scene, due) = all_due();
		let current_list_root = list_root(scene.list);
		assert_eq!(ListRoots::<Test>::get(scene.list).len(), 2);
		assert_eq!(registry_history(scene.registry), 2);
		let (alice, bob, carol) = (free(ALICE), free(BOB), free(CAROL));

		assert_ok!(Presentation::clean_up(signed(CAROL), chores(&due)));

		assert_eq!(
			events()[events().len() - 4..],
			[
				Event::RequestRemoved { request: scene.request, depositor: account(BOB) },
				Event::NullifierPurged {
					verifier: scene.verifier.clone(),
					scope: CLOSED,
					nullifier: [6; 32]
				},
				Event::ListRootsPruned { list: scene.list, dropped: 1 },
				Event::RegistryRootsPruned { registry: scene.registry, dropped: 1 },
			]
		);
		assert!(!Requests::<Test>::contains_key(scene.request));
		assert!(!ScopeRequests::<Test>::contains_key((scene.verifier.clone(), SCOPE)));
		assert!(!Nullifiers::<Test>::contains_key((scene.verifier.clone(), CLOSED), [6; 32]));
		assert_eq!(free(BOB), bob + REQUEST_DEPOSIT);
		assert_eq!(free(ALICE), alice + NULLIFIER_DEPOSIT);
		assert_eq!(free(CAROL), carol);
		assert_eq!(held(BOB, HoldReason::RequestDeposit), 0);
		assert_eq!(held(ALICE, HoldReason::NullifierDeposit), 0);
		assert_eq!(ListRoots::<Test>::get(scene.list).len(), 1);
		assert_eq!(list_root(scene.list), current_list_root);
		assert!(Presentation::list_accepts_root(scene.list, &current_list_root));
		assert_eq!(registry_history(scene.registry), 1);
		// Done, nothing is due any more.
		assert!(!due.iter().any(Presentation::chore_is_due));
		assert_noop!(
			Presentation::clean_up(signed(CAROL), chores(&due)),
			Error::<Test>::NothingToCleanUp
		);
	});
}

/// Nothing that is not due is touched: a live request, a nullifier of an open scope, roots
/// still in their window, unknown things. A call with only such chores fails; one with a due
/// chore among them does that one alone.
#[test]
fn chores_not_due_are_skipped() {
	with_dev_circuit(|| {
		let scene = scene();
		use_nullifier(&scene.verifier, SCOPE, [6; 32], ALICE);
		replace_roots(&scene);
		// Within both windows (the list's is the shorter), before the expiry.
		const { assert!(REVOCATION_FRESHNESS > ROOT_FRESHNESS) };
		advance(ROOT_FRESHNESS);
		let not_due = [
			Chore::RemoveRequest(scene.request),
			Chore::PurgeNullifier {
				verifier: scene.verifier.clone(),
				scope: SCOPE,
				nullifier: [6; 32],
			},
			Chore::PruneListRoots(scene.list),
			Chore::PruneRegistryRoots(scene.registry),
		];
		let unknown = [
			Chore::RemoveRequest([1; 32]),
			Chore::PurgeNullifier {
				verifier: scene.verifier.clone(),
				scope: CLOSED,
				nullifier: [6; 32],
			},
			Chore::PruneListRoots(99),
			Chore::PruneRegistryRoots(99),
		];
		assert!(!not_due.iter().chain(unknown.iter()).any(Presentation::chore_is_due));
		assert_noop!(
			Presentation::clean_up(signed(CAROL), chores(&not_due)),
			Error::<Test>::NothingToCleanUp
		);
		assert_noop!(
			Presentation::clean_up(signed(CAROL), chores(&unknown)),
			Error::<Test>::NothingToCleanUp
		);

		// Once the list's window has passed, not yet the registry's.
		advance(1);
		assert_ok!(Presentation::clean_up(signed(CAROL), chores(&not_due)));

		assert_eq!(last_event(), Some(Event::ListRootsPruned { list: scene.list, dropped: 1 }));
		assert!(Requests::<Test>::contains_key(scene.request));
		assert!(Nullifiers::<Test>::contains_key((scene.verifier.clone(), SCOPE), [6; 32]));
		assert_eq!(registry_history(scene.registry), 2);
	});
}

/// A nullifier becomes due when the last request naming its scope is removed, not before.
/// Chores are checked as they are applied, in order: listed before the request that closes
/// its scope, the nullifier is left for the next call.
#[test]
fn a_nullifier_is_due_once_its_scope_closes() {
	with_dev_circuit(|| {
		let scene = scene();
		use_nullifier(&scene.verifier, SCOPE, [6; 32], ALICE);
		let purge = Chore::PurgeNullifier {
			verifier: scene.verifier.clone(),
			scope: SCOPE,
			nullifier: [6; 32],
		};
		advance(scene.expires_at - System::block_number());
		// Expired, the request still names the scope.
		assert!(!Presentation::chore_is_due(&purge));

		// Listed before the request, the nullifier is not due when its turn comes.
		assert_ok!(Presentation::clean_up(
			signed(CAROL),
			chores(&[purge.clone(), Chore::RemoveRequest(scene.request)])
		));
		assert!(!Requests::<Test>::contains_key(scene.request));
		assert!(Nullifiers::<Test>::contains_key((scene.verifier.clone(), SCOPE), [6; 32]));
		assert!(Presentation::chore_is_due(&purge));

		assert_ok!(Presentation::clean_up(signed(CAROL), chores(&[purge])));
		assert!(!Nullifiers::<Test>::contains_key((scene.verifier.clone(), SCOPE), [6; 32]));
	});
}

/// A request of a deactivated verifier is due before its expiry, as `remove_stale_request`
/// has it.
#[test]
fn a_request_of_a_deactivated_verifier_is_due() {
	with_dev_circuit(|| {
		let (who, verifier) = plain_did("verifier");
		let trusted = issuer("issuer", 1);
		let request = create_request(&verifier, age_spec(IssuerSpec::Did(trusted.did), None));
		assert!(!Presentation::chore_is_due(&Chore::RemoveRequest(request)));

		assert_ok!(did_call(&who, ALICE, pallet_did::Call::<Test>::deactivate {}));

		assert_ok!(Presentation::clean_up(signed(CAROL), chores(&[Chore::RemoveRequest(request)])));
		assert!(!Requests::<Test>::contains_key(request));
	});
}

/// Pruning drops only roots past their window: a root replaced within it still verifies.
#[test]
fn pruning_keeps_roots_within_their_window() {
	with_dev_circuit(|| {
		let scene = scene();
		let first = list_root(scene.list);
		replace_roots(&scene);
		let second = list_root(scene.list);
		// The third root (another issuer's: the first issuer back would make the first
		// root again), `ROOT_FRESHNESS` blocks after the second: the first is still kept.
		advance(ROOT_FRESHNESS);
		let other = issuer("other-issuer", 2);
		assert_ok!(Presentation::add_issuer(
			verifier_origin(&scene.verifier, ALICE),
			scene.list,
			other.did
		));
		// One block on, the first is past its window, the second not.
		advance(1);
		assert_eq!(ListRoots::<Test>::get(scene.list).len(), 3);
		assert!(!Presentation::list_accepts_root(scene.list, &first));
		assert!(Presentation::list_accepts_root(scene.list, &second));

		assert_ok!(Presentation::clean_up(
			signed(CAROL),
			chores(&[Chore::PruneListRoots(scene.list)])
		));

		assert_eq!(last_event(), Some(Event::ListRootsPruned { list: scene.list, dropped: 1 }));
		let kept: Vec<Digest> =
			ListRoots::<Test>::get(scene.list).iter().map(|record| record.root).collect();
		assert_eq!(kept, vec![second, list_root(scene.list)]);
		assert!(Presentation::list_accepts_root(scene.list, &second));
	});
}

/// `clean_up` needs a signed origin.
#[test]
fn clean_up_needs_a_signed_origin() {
	with_dev_circuit(|| {
		let (_, due) = all_due();
		assert_noop!(
			Presentation::clean_up(RuntimeOrigin::none(), chores(&due)),
			DispatchError::BadOrigin
		);
	});
}

fn payload(block: u32, chores: &[Chore], public: MultiSigner) -> HousekeepingPayload<Test> {
	HousekeepingPayload {
		block_number: block,
		chores: BoundedVec::truncate_from(chores.to_vec()),
		public,
	}
}

fn sign(pair: &sr25519::Pair, payload: &HousekeepingPayload<Test>) -> MultiSignature {
	MultiSignature::Sr25519(pair.sign(&(HOUSEKEEPING_CONTEXT, payload).encode()))
}

fn signed_call(block: u32, chores: &[Chore]) -> Call<Test> {
	let payload = payload(block, chores, authority());
	let signature = sign(&authority_pair(), &payload);
	Call::housekeep { payload, signature }
}

fn validate(call: &Call<Test>) -> TransactionValidity {
	Presentation::validate_unsigned(TransactionSource::External, call)
}

fn invalid(reason: InvalidTransaction) -> TransactionValidity {
	Err(TransactionValidityError::Invalid(reason))
}

/// An authority's payload of due chores is valid, at the configured priority, for the rest
/// of its interval, providing its authority and each chore (so two authorities' payloads of
/// one chore are not both pooled); applied, it does them without a fee and records the
/// authority's block.
#[test]
fn an_authority_signed_payload_of_due_chores_is_valid_and_applied() {
	with_dev_circuit(|| {
		AuthorityList::set(vec![authority()]);
		let (scene, due) = all_due();
		let block = System::block_number();
		let call = signed_call(block, &due);

		let valid = validate(&call).expect("valid");
		assert_eq!(valid.priority, PRIORITY);
		assert_eq!(valid.longevity, u64::from(HOUSEKEEPING_INTERVAL) + 1);
		assert!(valid.propagate);
		assert_eq!(valid.provides.len(), 1 + due.len());
		for chore in &due {
			let tag = ("PresentationHousekeeping", (&b"chore"[..], chore)).encode();
			assert!(valid.provides.contains(&tag), "{chore:?} is a tag");
		}
		let mut other = signed_call(block, &due[..1]);
		if let Call::housekeep { payload, signature } = &mut other {
			// Another authority's payload naming the first chore provides the same tag.
			let pair = sr25519::Pair::from_string("//Other", None).expect("dev seed");
			payload.public = MultiSigner::Sr25519(pair.public());
			*signature = sign(&pair, payload);
			AuthorityList::set(vec![authority(), payload.public.clone()]);
		}
		let other = validate(&other).expect("valid");
		assert!(other.provides.iter().any(|tag| valid.provides.contains(tag)));
		let bob = free(BOB);

		let info =
			RuntimeCall::Presentation(call).dispatch(RuntimeOrigin::none()).expect("applied");

		assert_eq!(info.pays_fee, frame_support::dispatch::Pays::No);
		assert!(!Requests::<Test>::contains_key(scene.request));
		assert_eq!(free(BOB), bob + REQUEST_DEPOSIT);
		assert_eq!(LastHousekeeping::<Test>::get(authority().into_account()), Some(block));
	});
}

/// The validation's refusals: a payload from the future or older than its interval, an
/// empty one, one from a key that is not an authority, a bad signature (another key's, or the
/// authority's over the payload without its context, or over consent's context), a chore
/// listed twice or not due, and any other call.
#[test]
fn validation_refuses_what_is_not_a_fresh_authority_payload_of_due_chores() {
	with_dev_circuit(|| {
		AuthorityList::set(vec![authority()]);
		let (_, due) = all_due();
		let block = System::block_number();

		assert_eq!(validate(&signed_call(block + 1, &due)), invalid(InvalidTransaction::Future));
		advance(HOUSEKEEPING_INTERVAL + 1);
		let now = System::block_number();
		assert_eq!(
			validate(&signed_call(now - HOUSEKEEPING_INTERVAL - 1, &due)),
			invalid(InvalidTransaction::Stale)
		);
		assert_ok!(validate(&signed_call(now - HOUSEKEEPING_INTERVAL, &due)));
		assert_eq!(
			validate(&signed_call(now, &[])),
			invalid(InvalidTransaction::Custom(invalid::EMPTY))
		);

		let stranger = sr25519::Pair::from_string("//Stranger", None).expect("dev seed");
		let from_stranger = payload(now, &due, MultiSigner::Sr25519(stranger.public()));
		let signature = sign(&stranger, &from_stranger);
		assert_eq!(
			validate(&Call::housekeep { payload: from_stranger, signature }),
			invalid(InvalidTransaction::BadSigner)
		);

		let genuine = payload(now, &due, authority());
		for signature in [
			sign(&stranger, &genuine),
			MultiSignature::Sr25519(authority_pair().sign(&genuine.encode())),
			MultiSignature::Sr25519(
				authority_pair().sign(&(b"didimo/consent-expiry", &genuine).encode()),
			),
		] {
			assert_eq!(
				validate(&Call::housekeep { payload: genuine.clone(), signature }),
				invalid(InvalidTransaction::BadProof)
			);
		}

		assert_eq!(
			validate(&signed_call(now, &[due[0].clone(), due[1].clone(), due[0].clone()])),
			invalid(InvalidTransaction::Custom(invalid::DUPLICATE))
		);
		assert_eq!(
			validate(&signed_call(now, &[due[0].clone(), Chore::RemoveRequest([1; 32])])),
			invalid(InvalidTransaction::Custom(invalid::NOT_DUE))
		);
		assert_eq!(
			validate(&Call::clean_up { chores: chores(&due) }),
			invalid(InvalidTransaction::Call)
		);
	});
}

/// An authority's next payload is refused until `HousekeepingInterval` blocks after its
/// last accepted one.
#[test]
fn an_authority_is_rate_limited() {
	with_dev_circuit(|| {
		AuthorityList::set(vec![authority()]);
		let (scene, due) = all_due();
		let block = System::block_number();
		assert_ok!(RuntimeCall::Presentation(signed_call(block, &due[..1]))
			.dispatch(RuntimeOrigin::none()));
		assert!(!Requests::<Test>::contains_key(scene.request));

		advance(HOUSEKEEPING_INTERVAL - 1);
		assert_eq!(
			validate(&signed_call(block + HOUSEKEEPING_INTERVAL - 1, &due[1..])),
			invalid(InvalidTransaction::Custom(invalid::RATE_LIMITED))
		);
		advance(1);
		assert_ok!(validate(&signed_call(block + HOUSEKEEPING_INTERVAL, &due[1..])));
	});
}

/// `housekeep` is an unsigned call: a signed origin is refused. Chores done meanwhile (here
/// by anyone's `clean_up`) are skipped when it is applied.
#[test]
fn housekeep_is_unsigned_and_skips_chores_done_meanwhile() {
	with_dev_circuit(|| {
		AuthorityList::set(vec![authority()]);
		let (scene, due) = all_due();
		let block = System::block_number();
		let call = signed_call(block, &due);
		assert_ok!(validate(&call));
		assert_noop!(
			RuntimeCall::Presentation(call.clone()).dispatch(signed(CAROL)).map_err(|e| e.error),
			DispatchError::BadOrigin
		);
		assert_ok!(Presentation::clean_up(signed(CAROL), chores(&due[..1])));
		let bob = free(BOB);

		assert_ok!(RuntimeCall::Presentation(call).dispatch(RuntimeOrigin::none()));

		// The request's deposit came back once, with `clean_up`.
		assert_eq!(free(BOB), bob);
		assert!(!Nullifiers::<Test>::contains_key((scene.verifier.clone(), CLOSED), [6; 32]));
		assert!(!due.iter().any(Presentation::chore_is_due));
	});
}

/// Externalities with the development circuits, an off-chain worker, a transaction pool
/// and a keystore holding the authority's key, with that key the only authority; and a
/// function that drains the pool.
fn offchain_ext() -> (sp_io::TestExternalities, impl Fn() -> Vec<Extrinsic>) {
	let (offchain, _) = TestOffchainExt::new();
	let (pool, pool_state) = TestTransactionPoolExt::new();
	let keystore = MemoryKeystore::new();
	keystore
		.sr25519_generate_new(test_crypto::KEY_TYPE, Some(AUTHORITY_SEED))
		.expect("the key is made");
	let mut ext = with_genesis(vec![
		(1, dev::VERIFYING_KEY_V1.to_vec()),
		(2, dev::VERIFYING_KEY_V2.to_vec()),
	]);
	ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.register_extension(KeystoreExt::new(keystore));
	let drain = move || {
		core::mem::take(&mut pool_state.write().transactions)
			.into_iter()
			.map(|raw| Extrinsic::decode(&mut &raw[..]).expect("a transaction of this runtime"))
			.collect()
	};
	(ext, drain)
}

/// The pallet's `housekeep` call inside a pool transaction.
fn housekeep_of(tx: &Extrinsic) -> (HousekeepingPayload<Test>, MultiSignature) {
	match &tx.function {
		RuntimeCall::Presentation(Call::housekeep { payload, signature }) => {
			(payload.clone(), signature.clone())
		},
		other => panic!("not a housekeeping transaction: {other:?}"),
	}
}

/// Runs the worker at the current block; returns the transactions it sent.
fn run_worker(drain: &impl Fn() -> Vec<Extrinsic>) -> Vec<Extrinsic> {
	Presentation::offchain_worker(System::block_number());
	drain()
}

/// Validates and applies a pooled `housekeep` as a block would.
fn apply(tx: &Extrinsic) {
	let (payload, signature) = housekeep_of(tx);
	let call = Call::<Test>::housekeep { payload, signature };
	assert_ok!(validate(&call));
	assert_ok!(RuntimeCall::Presentation(call).dispatch(RuntimeOrigin::none()));
}

/// With nothing due the worker sends nothing; once the chores are due it sends one
/// authority-signed `housekeep` listing them all, which the chain accepts and applies; it
/// then waits out its interval.
#[test]
fn the_worker_submits_an_authority_signed_housekeeping() {
	let (mut ext, drain) = offchain_ext();
	ext.execute_with(|| {
		AuthorityList::set(vec![authority()]);
		let scene = scene();
		replace_roots(&scene);
		assert!(run_worker(&drain).is_empty());

		use_nullifier(&scene.verifier, CLOSED, [6; 32], ALICE);
		past_everything(&scene);
		let sent = run_worker(&drain);
		assert_eq!(sent.len(), 1);
		assert!(matches!(sent[0].preamble, sp_runtime::generic::Preamble::Bare(_)));
		let (payload, _) = housekeep_of(&sent[0]);
		assert_eq!(payload.public, authority());
		assert_eq!(payload.block_number, System::block_number());
		let mut listed = payload.chores.to_vec();
		listed.sort();
		let mut expected = vec![
			Chore::RemoveRequest(scene.request),
			Chore::PurgeNullifier {
				verifier: scene.verifier.clone(),
				scope: CLOSED,
				nullifier: [6; 32],
			},
			Chore::PruneListRoots(scene.list),
			Chore::PruneRegistryRoots(scene.registry),
		];
		expected.sort();
		assert_eq!(listed, expected);
		let bob = free(BOB);

		apply(&sent[0]);

		assert_eq!(free(BOB), bob + REQUEST_DEPOSIT);
		assert!(!expected.iter().any(Presentation::chore_is_due));
		// Within its interval the worker sends nothing more, even with a chore due.
		let again = create_request(
			&scene.verifier,
			RequestSpec {
				expires_at: System::block_number() + 1,
				..age_spec(IssuerSpec::Did(scene.issuer.clone()), None)
			},
		);
		advance(1);
		assert!(Presentation::chore_is_due(&Chore::RemoveRequest(again)));
		assert!(run_worker(&drain).is_empty());
		advance(HOUSEKEEPING_INTERVAL);
		assert_eq!(
			housekeep_of(&run_worker(&drain)[0]).0.chores.to_vec(),
			vec![Chore::RemoveRequest(again)]
		);
		check_invariants();
	});
}

/// A node whose keys are not the current authorities' sends nothing.
#[test]
fn the_worker_needs_a_current_authority_key() {
	let (mut ext, drain) = offchain_ext();
	ext.execute_with(|| {
		let other = sr25519::Pair::from_string("//Other", None).expect("dev seed");
		AuthorityList::set(vec![MultiSigner::Sr25519(other.public())]);
		let (_, due) = all_due();
		assert!(due.iter().all(Presentation::chore_is_due));

		assert!(run_worker(&drain).is_empty());
		check_invariants();
	});
}

/// Many due requests: each run reads at most a quarter of `MaxOffchainScan` requests and
/// lists at most `MaxChoresPerTx` chores, its cursor moving on, until every request is gone.
#[test]
fn the_worker_works_through_many_chores_within_its_bounds() {
	let (mut ext, drain) = offchain_ext();
	ext.execute_with(|| {
		AuthorityList::set(vec![authority()]);
		let (_, verifier) = plain_did("verifier");
		let trusted = issuer("issuer", 1);
		let spec = age_spec(IssuerSpec::Did(trusted.did), None);
		let total = 9u64;
		for age in 0..total {
			create_request(&verifier, RequestSpec { max_age: 600 + age, ..spec.clone() });
		}
		advance(spec.expires_at - System::block_number());
		let per_run = (MAX_SCAN / 4) as usize;

		let mut runs = 0;
		while Requests::<Test>::iter().next().is_some() {
			runs += 1;
			assert!(runs <= 2 * total, "the worker does not get through the requests");
			let sent = run_worker(&drain);
			assert_eq!(sent.len(), 1, "a run with due requests left sends one transaction");
			let (payload, _) = housekeep_of(&sent[0]);
			assert!(payload.chores.len() <= per_run.min(MAX_CHORES as usize));
			apply(&sent[0]);
			advance(HOUSEKEEPING_INTERVAL);
		}
		assert_eq!(runs, total.div_ceil(per_run as u64), "every run but the last finds {per_run}");
		check_invariants();
	});
}

/// The nullifiers of an open scope are skipped with one read, so a closed scope's nullifier
/// behind a large open scope is found in the first run.
#[test]
fn the_worker_skips_an_open_scope_in_one_read() {
	let (mut ext, drain) = offchain_ext();
	ext.execute_with(|| {
		AuthorityList::set(vec![authority()]);
		let scene = scene();
		// A closed scope whose nullifiers come after `SCOPE`'s in storage order.
		let key = |scope: Digest| {
			Nullifiers::<Test>::hashed_key_for((scene.verifier.clone(), scope), [0u8; 32])
		};
		let closed = (0u8..=255)
			.map(|byte| [byte; 32])
			.find(|scope| *scope != SCOPE && key(*scope)[..48] > key(SCOPE)[..48])
			.expect("some scope sorts after");
		for n in 0..20u8 {
			use_nullifier(&scene.verifier, SCOPE, [n + 1; 32], ALICE);
		}
		use_nullifier(&scene.verifier, closed, [99; 32], BOB);

		let sent = run_worker(&drain);

		let (payload, _) = housekeep_of(&sent[0]);
		assert_eq!(
			payload.chores.to_vec(),
			vec![Chore::PurgeNullifier {
				verifier: scene.verifier.clone(),
				scope: closed,
				nullifier: [99; 32]
			}]
		);
		apply(&sent[0]);
		check_invariants();
	});
}
