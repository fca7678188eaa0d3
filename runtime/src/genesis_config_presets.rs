//! Genesis presets: `development` (one validator, Alice, with hour-long sessions) and
//! `local_testnet` (Alice, Bob, Charlie and Dave, with sessions of [`LOCAL_SESSION_LENGTH`]
//! blocks so that validator-set changes show within a minute or two), and [`genesis_patch`],
//! the one genesis builder they share with the node's `production-spec` command.
//!
//! Both presets endow the well-known development accounts and make Alice the sudo key, and
//! register the DEVELOPMENT verifying key of presentation-circuit version 1
//! (`pallet_presentation::dev`), made from a public seed: anyone can forge proofs under it.
//! They are for development and testing only: every key in them is public. A real network's genesis is
//! built by `didimo-node production-spec` from keys its operators give (docs/operators.md).

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_grandpa::AuthorityId as GrandpaId;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{ed25519, sr25519};
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	AccountId, Balance, BalancesConfig, BlockNumber, RuntimeGenesisConfig, SessionConfig,
	SessionKeys, SudoConfig, ValidatorSetConfig, HOURS, MINUTES, UNIT,
};

/// What each endowed development account starts with: one million DIDO.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// A genesis validator: its account (which registers and rotates its session keys) and its
/// session keys, an Aura sr25519 key and a GRANDPA ed25519 key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenesisValidator {
	/// The validator's account, its validator id.
	pub account: AccountId,
	/// Its Aura (block production) key.
	pub aura: sr25519::Public,
	/// Its GRANDPA (finality) key.
	pub grandpa: ed25519::Public,
}

/// A genesis config patch: these validators (the validator set and their session keys; the
/// session hands them to Aura and GRANDPA, every GRANDPA weight 1), sessions of
/// `session_length` blocks, these endowed accounts with their balances, this sudo key.
/// Nothing else is set, so every other pallet starts from its default genesis.
pub fn genesis_patch(
	validators: Vec<GenesisValidator>,
	session_length: BlockNumber,
	endowments: Vec<(AccountId, Balance)>,
	root: AccountId,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: endowments },
		validator_set: ValidatorSetConfig {
			validators: validators.iter().map(|v| v.account.clone()).collect::<Vec<_>>(),
			session_length,
		},
		session: SessionConfig {
			keys: validators
				.iter()
				.map(|v| {
					(
						v.account.clone(),
						v.account.clone(),
						SessionKeys {
							aura: AuraId::from(v.aura),
							grandpa: GrandpaId::from(v.grandpa),
						},
					)
				})
				.collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
	})
}

/// A development validator: the well-known account and keys of `keyring`.
fn dev_validator(keyring: Sr25519Keyring) -> GenesisValidator {
	let grandpa = match keyring {
		Sr25519Keyring::Alice => Ed25519Keyring::Alice,
		Sr25519Keyring::Bob => Ed25519Keyring::Bob,
		Sr25519Keyring::Charlie => Ed25519Keyring::Charlie,
		Sr25519Keyring::Dave => Ed25519Keyring::Dave,
		Sr25519Keyring::Eve => Ed25519Keyring::Eve,
		_ => Ed25519Keyring::Ferdie,
	};
	GenesisValidator {
		account: keyring.to_account_id(),
		aura: keyring.public(),
		grandpa: grandpa.public(),
	}
}

/// The session length of the development chain: an hour, so a chain run by one validator
/// does not spend a block per minute rotating sessions.
pub const DEV_SESSION_LENGTH: BlockNumber = HOURS;
/// The session length of the local testnet: a minute.
pub const LOCAL_SESSION_LENGTH: BlockNumber = MINUTES;

/// The development accounts, each endowed with [`ENDOWMENT`].
fn dev_endowments() -> Vec<(AccountId, Balance)> {
	Sr25519Keyring::well_known().map(|k| (k.to_account_id(), ENDOWMENT)).collect()
}

/// Adds the development circuit registry to a preset: versions 1 and 2 with their development
/// keys.
/// NOT FOR PRODUCTION: the key's toxic waste follows from a public seed, so proofs under it
/// prove nothing. `production-spec` never adds it; real networks register ceremony keys.
fn with_dev_circuits(mut patch: Value) -> Value {
	if let Value::Object(fields) = &mut patch {
		fields.insert(
			"presentation".into(),
			serde_json::json!({
				"circuits": [
					[1, pallet_presentation::dev::VERIFYING_KEY_V1.to_vec()],
					[2, pallet_presentation::dev::VERIFYING_KEY_V2.to_vec()],
				],
			}),
		);
	}
	patch
}

/// The `development` preset: Alice validates alone.
pub fn development_config_genesis() -> Value {
	with_dev_circuits(genesis_patch(
		vec![dev_validator(Sr25519Keyring::Alice)],
		DEV_SESSION_LENGTH,
		dev_endowments(),
		Sr25519Keyring::Alice.to_account_id(),
	))
}

/// The `local_testnet` preset: Alice, Bob, Charlie and Dave validate.
pub fn local_config_genesis() -> Value {
	with_dev_circuits(genesis_patch(
		[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave]
			.into_iter()
			.map(dev_validator)
			.collect(),
		LOCAL_SESSION_LENGTH,
		dev_endowments(),
		Sr25519Keyring::Alice.to_account_id(),
	))
}

/// The preset called `id`, serialized as a JSON patch over the default genesis config.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	serde_json::to_vec(&patch).ok()
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
