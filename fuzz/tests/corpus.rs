//! The fuzz targets as tests: the committed corpus replays without a crash; the seeds reach
//! what they are for (every step of a runtime seed is included and succeeds, DID-signed ones
//! included); the corpus holds the current seeds; and the invariant checks do fail on a
//! broken state (so a clean run means something).

use std::path::{Path, PathBuf};

use didimo_fuzz::{decoders, runtime, seeds};

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
	let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(target);
	let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
		.unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
		.map(|entry| entry.expect("an entry").path())
		.collect();
	files.sort();
	files.into_iter().map(|path| (path.clone(), std::fs::read(&path).expect("readable"))).collect()
}

#[test]
fn the_runtime_corpus_replays() {
	let files = corpus("runtime");
	assert!(files.len() >= seeds::seeds().len());
	for (path, data) in files {
		let outcome = runtime::run(&data);
		// A seed builds blocks; an input the fuzzer kept may not even decode into a step.
		let seed = path.file_name().is_some_and(|name| name.to_string_lossy().starts_with("seed-"));
		assert!(!seed || outcome.blocks >= 1, "{}", path.display());
	}
}

#[test]
fn the_decoders_corpus_replays() {
	let files = corpus("decoders");
	assert!(files.len() >= decoders::DECODERS.len());
	for (_, data) in files {
		decoders::run(&data);
	}
}

#[test]
fn the_rpc_corpus_replays() {
	let files = corpus("rpc");
	assert!(files.len() >= didimo_fuzz::rpc::DECODERS.len());
	for (_, data) in files {
		didimo_fuzz::rpc::run(&data);
	}
}

#[test]
fn the_corpus_holds_the_current_seeds() {
	let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
	for (target, name, bytes) in seeds::files() {
		let path = root.join(target).join(&name);
		let stored = std::fs::read(&path).unwrap_or_default();
		assert!(
			stored == bytes,
			"{} differs from the seed the harness makes: run `didimo-fuzz seeds fuzz/corpus`",
			path.display()
		);
	}
}

#[test]
fn every_runtime_seed_step_succeeds() {
	for (name, steps) in seeds::seeds() {
		let data: Vec<u8> = steps.iter().flat_map(codec::Encode::encode).collect();
		let outcome = runtime::run(&data);
		let expected =
			steps.iter().filter(|s| !matches!(s, runtime::Step::NextBlock { .. })).count();
		assert_eq!(outcome.results.len(), expected, "{name}: {outcome:?}");
		for (i, result) in outcome.results.iter().enumerate() {
			let bare = matches!(
				steps.iter().filter(|s| !matches!(s, runtime::Step::NextBlock { .. })).nth(i),
				Some(runtime::Step::Bare { .. })
			);
			if bare {
				// A bare remark: no `ValidateUnsigned` accepts it.
				assert!(result.as_ref().is_err_and(|e| e.starts_with("invalid")), "{name} #{i}");
			} else {
				assert_eq!(result, &Ok(()), "{name}: step {i} of {outcome:?}");
			}
		}
	}
}

#[test]
fn every_decoder_seed_decodes() {
	use codec::{Decode, DecodeLimit};
	let chain = seeds::decoder_seeds().into_iter().map(|(name, input)| ("decoders", name, input));
	let node = seeds::rpc_seeds().into_iter().map(|(name, input)| ("rpc", name, input));
	for (target, name, input) in chain.chain(node) {
		let bytes = &input[1..];
		let decodes = match (target, name) {
			(_, "proof") => didimo_zk::verifier::Proof::from_bytes(bytes).is_ok(),
			(_, "verifying-key") => didimo_zk::verifier::VerifyingKey::from_bytes(bytes).is_ok(),
			(_, "call") => didimo_runtime::RuntimeCall::decode(&mut &bytes[..]).is_ok(),
			(_, "extrinsic") => {
				didimo_runtime::UncheckedExtrinsic::decode_with_depth_limit(32, &mut &bytes[..])
					.is_ok()
			},
			(_, "vc-api") => {
				serde_json::from_slice::<didimo_rpc::vc_api::VerifyPresentationRequest>(bytes)
					.is_ok_and(|request| didimo_rpc::vc_api::parse(&request).is_ok())
			},
			(_, "did-url") => std::str::from_utf8(bytes)
				.is_ok_and(|url| didimo_rpc::dereference::DidUrl::parse(url).is_ok()),
			(_, "status-list") => std::str::from_utf8(bytes)
				.is_ok_and(|list| didimo_rpc::revocation::decode_list(list).is_ok()),
			(_, "eddsa") => didimo_zk::eddsa::PublicKey::from_bytes(bytes).is_ok(),
			_ => !bytes.is_empty(),
		};
		assert!(decodes, "the {target} seed {name} does not decode");
		didimo_fuzz::target(target).expect("a target")(&input);
	}
}

/// Runs `f` on the genesis state after one empty block.
fn on_chain(f: impl FnOnce()) {
	let mut storage = runtime::genesis().clone();
	sp_state_machine::BasicExternalities::execute_with_storage(&mut storage, f);
}

#[test]
#[should_panic(expected = "held amounts differ from recorded deposits")]
fn a_hold_no_record_names_is_caught() {
	use frame_support::traits::fungible::MutateHold;
	on_chain(|| {
		let who = sp_keyring::Sr25519Keyring::Ferdie.to_account_id();
		let reason = didimo_runtime::RuntimeHoldReason::Revocation(
			pallet_revocation::HoldReason::RegistryDeposit,
		);
		pallet_balances::Pallet::<didimo_runtime::Runtime>::hold(&reason, &who, 1_000)
			.expect("Ferdie can hold");
		didimo_fuzz::deposits::check();
	});
}

#[test]
#[should_panic(expected = "total issuance is not the sum of balances")]
fn issuance_drift_is_caught() {
	on_chain(|| {
		pallet_balances::TotalIssuance::<didimo_runtime::Runtime>::mutate(|total| *total += 1);
		runtime::check_invariants(u128::MAX);
	});
}

#[test]
#[should_panic(expected = "issuance grew")]
fn minting_is_caught() {
	on_chain(|| {
		let initial = pallet_balances::TotalIssuance::<didimo_runtime::Runtime>::get();
		let who = sp_keyring::Sr25519Keyring::Ferdie.to_account_id();
		frame_system::Account::<didimo_runtime::Runtime>::mutate(&who, |account| {
			account.data.free += 5
		});
		pallet_balances::TotalIssuance::<didimo_runtime::Runtime>::mutate(|total| *total += 5);
		runtime::check_invariants(initial);
	});
}

#[test]
fn the_genesis_state_keeps_every_invariant() {
	on_chain(|| {
		let initial = pallet_balances::TotalIssuance::<didimo_runtime::Runtime>::get();
		runtime::check_invariants(initial);
	});
}
