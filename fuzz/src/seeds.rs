//! The seed corpus: inputs that reach each pallet's calls with valid arguments, so the fuzzer
//! starts from the paths that succeed and mutates them, rather than from bytes that rarely
//! decode into a call that passes its checks. `didimo-fuzz seeds <dir>` writes them;
//! `fuzz/corpus/` holds them and what fuzzing found.

use codec::Encode;
use didimo_primitives::{
	consent::Actions,
	did::{DidIdentifier, Relationship},
	revocation::StatusPurpose,
};
use didimo_runtime::{Runtime, RuntimeCall, UNIT};
use frame_support::BoundedVec;
use pallet_presentation_runtime_api::{IssuerSpec, PredicateSpec, RegistrySpec, RequestSpec};

use crate::runtime::{dids, Step};

fn bounded<T, S: frame_support::traits::Get<u32>>(items: Vec<T>) -> BoundedVec<T, S> {
	BoundedVec::truncate_from(items)
}

fn did(i: usize) -> DidIdentifier {
	dids()[i].did()
}

fn as_did(did: u8, call: RuntimeCall) -> Step {
	Step::DidSigned { did, submitter: did, call }
}

fn next() -> Step {
	Step::NextBlock { slots: 0 }
}

fn revocation(call: pallet_revocation::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Revocation(call)
}

fn consent(call: pallet_consent::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Consent(call)
}

fn presentation(call: pallet_presentation::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Presentation(call)
}

fn did_call(call: pallet_did::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Did(call)
}

fn service() -> pallet_did::Service<Runtime> {
	pallet_did::Service {
		id: bounded(b"linked-domain".to_vec()),
		types: bounded(vec![bounded(b"LinkedDomains".to_vec())]),
		endpoints: bounded(vec![bounded(b"https://example.com".to_vec())]),
	}
}

fn grant(grantee: usize) -> RuntimeCall {
	consent(pallet_consent::Call::grant {
		grantee: did(grantee),
		scopes: bounded(vec![pallet_consent::Scope {
			category: bounded(b"email".to_vec()),
			actions: Actions(Actions::READ),
			purpose: bounded(b"dpv:Marketing".to_vec()),
		}]),
		valid_from: 0,
		valid_until: 30 * 24 * 3_600_000,
		receipt: [7; 32],
		jurisdiction: bounded(b"EU".to_vec()),
		policy: bounded(b"https://shop.example/privacy".to_vec()),
	})
}

fn request(issuer: IssuerSpec, scope: Option<[u8; 32]>) -> RequestSpec<u32> {
	RequestSpec {
		version: 2,
		schema: [1; 32],
		issuer,
		slot: 0,
		predicate: PredicateSpec::Gte(18),
		disclose: 0,
		registries: RegistrySpec::OfAcceptedIssuer,
		max_age: 3600,
		nullifier_scope: scope,
		expires_at: 1_000,
	}
}

/// The seed inputs, by name.
pub fn seeds() -> Vec<(&'static str, Vec<Step>)> {
	// key-1 without CapabilityDelegation (it keeps what later DID-document calls need).
	let relationships = pallet_did::testing::relationships(&[
		Relationship::Authentication,
		Relationship::AssertionMethod,
		Relationship::CapabilityInvocation,
	]);
	vec![
		(
			"balances",
			vec![
				Step::Signed {
					who: 0,
					call: RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
						dest: didimo_runtime::Address::Id(dids()[0].did()),
						value: 10 * UNIT,
					}),
				},
				next(),
				Step::Signed {
					who: 1,
					call: RuntimeCall::Utility(pallet_utility::Call::batch_all {
						calls: vec![RuntimeCall::System(frame_system::Call::remark {
							remark: b"didimo".to_vec(),
						})],
					}),
				},
			],
		),
		(
			"did-document",
			vec![
				as_did(0, did_call(pallet_did::Call::add_service { service: service() })),
				as_did(0, did_call(pallet_did::Call::add_controller { controller: did(1) })),
				next(),
				as_did(
					0,
					did_call(pallet_did::Call::set_relationships {
						key_id: bounded(b"key-1".to_vec()),
						relationships,
						key_proof: None,
					}),
				),
				as_did(
					0,
					did_call(pallet_did::Call::remove_service {
						service_id: bounded(b"linked-domain".to_vec()),
					}),
				),
				as_did(0, did_call(pallet_did::Call::remove_controller { controller: did(1) })),
			],
		),
		(
			// DID 3, controlled by DID 2 and with no capabilityInvocation key of its own, is
			// locked once DID 2 is deactivated: its owner reclaims it.
			"did-deactivate-reclaim",
			vec![
				as_did(3, did_call(pallet_did::Call::add_controller { controller: did(2) })),
				next(),
				as_did(
					3,
					did_call(pallet_did::Call::set_relationships {
						key_id: bounded(b"key-1".to_vec()),
						relationships: pallet_did::testing::relationships(&[
							Relationship::Authentication,
						]),
						key_proof: None,
					}),
				),
				next(),
				as_did(2, did_call(pallet_did::Call::deactivate {})),
				next(),
				Step::Signed { who: 3, call: did_call(pallet_did::Call::reclaim { did: did(3) }) },
			],
		),
		(
			"revocation",
			vec![
				as_did(
					0,
					revocation(pallet_revocation::Call::create_registry {
						purpose: StatusPurpose::Revocation,
						capacity: 64,
					}),
				),
				as_did(
					0,
					revocation(pallet_revocation::Call::create_registry {
						purpose: StatusPurpose::Suspension,
						capacity: 16,
					}),
				),
				next(),
				as_did(
					0,
					revocation(pallet_revocation::Call::revoke {
						registry: 0,
						indices: bounded(vec![1, 2, 63]),
					}),
				),
				as_did(
					0,
					revocation(pallet_revocation::Call::add_delegate {
						registry: 0,
						delegate: did(1),
					}),
				),
				as_did(
					1,
					revocation(pallet_revocation::Call::revoke {
						registry: 0,
						indices: bounded(vec![5]),
					}),
				),
				as_did(
					0,
					revocation(pallet_revocation::Call::suspend {
						registry: 1,
						indices: bounded(vec![3]),
					}),
				),
				next(),
				as_did(
					0,
					revocation(pallet_revocation::Call::reinstate {
						registry: 1,
						indices: bounded(vec![3]),
					}),
				),
				as_did(
					0,
					revocation(pallet_revocation::Call::remove_delegate {
						registry: 0,
						delegate: did(1),
					}),
				),
				as_did(0, revocation(pallet_revocation::Call::close { registry: 1 })),
			],
		),
		(
			"consent",
			vec![
				as_did(0, grant(1)),
				as_did(0, grant(2)),
				next(),
				as_did(
					1,
					consent(pallet_consent::Call::record_access {
						grant_id: 0,
						category: bounded(b"email".to_vec()),
						action: didimo_primitives::consent::Action::Read,
						purpose: bounded(b"dpv:Marketing".to_vec()),
					}),
				),
				as_did(0, consent(pallet_consent::Call::revoke { grant_id: 0 })),
				as_did(2, consent(pallet_consent::Call::decline { grant_id: 1 })),
				next(),
				as_did(0, grant(1)),
				as_did(0, consent(pallet_consent::Call::revoke_all {})),
			],
		),
		(
			"presentation",
			vec![
				as_did(
					1,
					presentation(pallet_presentation::Call::create_list {
						issuers: bounded(vec![did(0)]),
					}),
				),
				next(),
				as_did(
					1,
					presentation(pallet_presentation::Call::add_issuer { list: 0, issuer: did(2) }),
				),
				as_did(
					1,
					presentation(pallet_presentation::Call::create_request {
						spec: request(IssuerSpec::List(0), Some([3; 32])),
					}),
				),
				as_did(
					1,
					presentation(pallet_presentation::Call::create_request {
						spec: request(IssuerSpec::Did(did(0)), None),
					}),
				),
				as_did(2, presentation(pallet_presentation::Call::leave_list { list: 0 })),
				next(),
				as_did(
					1,
					presentation(pallet_presentation::Call::remove_issuer {
						list: 0,
						issuer: did(0),
					}),
				),
				as_did(1, presentation(pallet_presentation::Call::close_list { list: 0 })),
			],
		),
		(
			"root",
			vec![
				Step::Root {
					call: RuntimeCall::ValidatorSet(
						pallet_validator_set::Call::set_session_length { blocks: 10 },
					),
				},
				Step::NextBlock { slots: 3 },
				Step::Bare {
					call: RuntimeCall::System(frame_system::Call::remark { remark: Vec::new() }),
				},
			],
		),
	]
}

/// The seed files: `(target, file name, bytes)`.
pub fn files() -> Vec<(&'static str, String, Vec<u8>)> {
	let runtime = seeds().into_iter().map(|(name, steps)| {
		("runtime", format!("seed-{name}"), steps.iter().flat_map(|step| step.encode()).collect())
	});
	let decoders = decoder_seeds()
		.into_iter()
		.map(|(name, bytes)| ("decoders", format!("seed-{name}"), bytes));
	let rpc = rpc_seeds().into_iter().map(|(name, bytes)| ("rpc", format!("seed-{name}"), bytes));
	runtime.chain(decoders).chain(rpc).collect()
}

/// Writes the seeds into `dir/<target>/` (one file per seed, named after it).
pub fn write(dir: &std::path::Path) -> std::io::Result<usize> {
	let files = files();
	for (target, name, bytes) in &files {
		std::fs::create_dir_all(dir.join(target))?;
		std::fs::write(dir.join(target).join(name), bytes)?;
	}
	Ok(files.len())
}

/// The chain decoders' seeds (`decoders` target): one valid input per decoder.
pub fn decoder_seeds() -> Vec<(&'static str, Vec<u8>)> {
	use pallet_presentation::{dev, fixture};
	use pallet_presentation_runtime_api::Presented;

	let presented = Presented {
		time: 1_800_000_000,
		registry: 0,
		revocation_root: [2; 32],
		issuer_root: Some([3; 32]),
		nullifier: [4; 32],
		disclosed: bounded(vec![[5; 32]]),
	};
	let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: didimo_runtime::Address::Id(did(0)),
		value: UNIT,
	});
	let extrinsic = didimo_runtime::UncheckedExtrinsic::new_bare(transfer.clone()).encode();
	let pairs: Vec<(&'static str, Vec<u8>)> = vec![
		("proof", fixture::PROOF.to_vec()),
		("verifying-key", dev::VERIFYING_KEY_V2.to_vec()),
		("call", transfer.encode()),
		("extrinsic", extrinsic),
		("presented", presented.encode()),
		("request-spec", request(IssuerSpec::List(0), Some([3; 32])).encode()),
		("did-resolution", resolution()),
		(
			"eddsa",
			didimo_zk::eddsa::SecretKey::from_bytes(&[9; 32])
				.map_or_else(|_| Vec::new(), |key| key.public_key().to_bytes().to_vec()),
		),
	];
	numbered(pairs)
}

/// Each input prefixed with its decoder's index (the first byte picks the decoder).
fn numbered(pairs: Vec<(&'static str, Vec<u8>)>) -> Vec<(&'static str, Vec<u8>)> {
	pairs
		.into_iter()
		.enumerate()
		.map(|(index, (name, bytes))| {
			let mut input = vec![index as u8];
			input.extend(bytes);
			(name, input)
		})
		.collect()
}

/// The DID resolution of harness DID 0 at genesis, SCALE-encoded with its identifier.
fn resolution() -> Vec<u8> {
	let mut storage = crate::runtime::genesis().clone();
	sp_state_machine::BasicExternalities::execute_with_storage(&mut storage, || {
		(did(0), pallet_did::Pallet::<Runtime>::api_resolve(&did(0))).encode()
	})
}

/// The node decoders' seeds (`rpc` target): one valid input per decoder. Without the `rpc`
/// feature there are none.
pub fn rpc_seeds() -> Vec<(&'static str, Vec<u8>)> {
	#[cfg(not(feature = "rpc"))]
	return Vec::new();
	#[cfg(feature = "rpc")]
	return rpc_seeds_with_rpc();
}

#[cfg(feature = "rpc")]
fn rpc_seeds_with_rpc() -> Vec<(&'static str, Vec<u8>)> {
	use base64::Engine as _;
	use pallet_presentation::fixture;
	use pallet_presentation_runtime_api::Presented;

	let presented = Presented {
		time: 1_800_000_000,
		registry: 0,
		revocation_root: [2; 32],
		issuer_root: Some([3; 32]),
		nullifier: [4; 32],
		disclosed: bounded(vec![[5; 32]]),
	};
	let proof_value = (fixture::PROOF.to_vec(), presented).encode();
	let vc_api = serde_json::json!({
		"verifiablePresentation": {
			"@context": ["https://www.w3.org/ns/credentials/v2"],
			"type": ["VerifiablePresentation"],
			"proof": {
				"type": "DataIntegrityProof",
				"cryptosuite": "didimo-groth16-2026",
				"proofPurpose": "authentication",
				"created": "2027-01-15T08:00:00Z",
				"domain": format!("urn:didimo:presentation-request:0x{}", "11".repeat(32)),
				"challenge": format!("0x{}", "01".repeat(32)),
				"proofValue": format!(
					"u{}",
					base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&proof_value)
				),
			},
		},
		"options": { "challenge": format!("0x{}", "01".repeat(32)) },
	});
	let list = didimo_rpc::revocation::encode_list(&[0b1010_0000; 16]).unwrap_or_default();
	let pairs: Vec<(&'static str, Vec<u8>)> = vec![
		("did-document", resolution()),
		("vc-api", vc_api.to_string().into_bytes()),
		(
			"did-url",
			format!("did:didimo:{}/status-lists/0?versionTime=2026-01-01T00:00:00Z#key-1", {
				use sp_core::crypto::Ss58Codec;
				did(0).to_ss58check_with_version(sp_core::crypto::Ss58AddressFormat::custom(
					didimo_primitives::token::SS58_PREFIX,
				))
			})
			.into_bytes(),
		),
		("status-list", list.into_bytes()),
		("rpc-text", b"read".to_vec()),
		(
			"http-request",
			b"/1.0/identifiers/did%3Adidimo%3A5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY%23key-1\0versionId=2\0application/did;q=0.9, application/did-resolution, */*;q=0.1\0application/ld+json; charset=utf-8"
				.to_vec(),
		),
	];
	numbered(pairs)
}
