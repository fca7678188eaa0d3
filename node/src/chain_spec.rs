//! Chain specifications: the built-in `dev` and `local` chains, loading a spec from a file, the
//! spec of a real network (`production-spec`), and the check that keeps a node from starting a
//! non-development chain whose genesis holds a well-known development key.
//!
//! Development keys are the ones `sp_keyring` derives from the public development phrase
//! (`//Alice`, `//Bob`, ... `//Ferdie`, their `//stash` keys, `//One`, `//Two`), sr25519 and
//! ed25519. Anyone can sign with them, so on a real network they must hold nothing: not the
//! sudo key (root: `set_code`, `sudo_as`), not a validator's Aura or GRANDPA key, not an
//! endowed account. The check reads the genesis storage the spec builds (for a raw spec, the
//! storage it holds), so it sees what the chain will start with, whatever form the spec has.

use std::{
	collections::{BTreeMap, BTreeSet},
	fmt,
	path::PathBuf,
};

use didimo_primitives::token;
use didimo_runtime::{
	configs::{MaxAuthorities, MAX_SESSION_LENGTH, MIN_SESSION_LENGTH},
	genesis_config_presets::{genesis_patch, GenesisValidator},
	AccountId, Balance, BlockNumber, EXISTENTIAL_DEPOSIT, WASM_BINARY,
};
use sc_service::{ChainType, Properties};
use sp_core::{crypto::Ss58Codec, ed25519, sr25519, storage::Storage, Decode, Get};
use sp_io::hashing::twox_128;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::BuildStorage;

use crate::cli::ProductionSpecCmd;

/// A DIDimo chain specification (no extensions). Its genesis is built by running the runtime
/// with the BLS12-381 host calls too: registering a circuit at genesis prepares its key
/// through them.
pub type ChainSpec = sc_service::GenericChainSpec<
	sc_chain_spec::NoExtension,
	sp_crypto_ec_utils::bls12_381::host_calls::HostFunctions,
>;

/// The properties wallets read to display balances and addresses: token symbol, decimals and
/// SS58 address format.
pub fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), token::SYMBOL.into());
	properties.insert("tokenDecimals".into(), token::DECIMALS.into());
	properties.insert("ss58Format".into(), token::SS58_PREFIX.into());
	properties
}

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"the runtime's wasm binary is not available: this node was built with \
		 SKIP_WASM_BUILD set; rebuild it without"
			.to_string()
	})
}

/// The chains built into the node. Both use well-known development keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltInChain {
	/// `dev` (or `development`): Alice validates alone.
	Development,
	/// `local` (or `local_testnet`): Alice and Bob validate.
	Local,
}

impl BuiltInChain {
	/// The built-in chain a `--chain` value names; any other value is a chain-spec file.
	pub fn from_id(id: &str) -> Option<Self> {
		match id {
			"dev" | "development" => Some(Self::Development),
			"local" | "local_testnet" => Some(Self::Local),
			_ => None,
		}
	}

	/// This chain's spec.
	pub fn chain_spec(self) -> Result<ChainSpec, String> {
		match self {
			Self::Development => development_chain_spec(),
			Self::Local => local_chain_spec(),
		}
	}
}

/// The development chain: Alice validates alone and finalizes on her own.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("DIDimo Development")
		.with_id("didimo_dev")
		.with_protocol_id("didimo-dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// The local testnet: Alice and Bob validate (run two nodes, `--alice` and `--bob`).
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("DIDimo Local Testnet")
		.with_id("didimo_local")
		.with_protocol_id("didimo-local")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// Loads a chain spec from a JSON file; errors name the file and say what is wrong with it.
pub fn from_file(path: &str) -> Result<ChainSpec, String> {
	let path = PathBuf::from(path);
	if !path.exists() {
		return Err(format!(
			"chain spec file `{}` does not exist (built-in chains: dev, local)",
			path.display()
		));
	}
	ChainSpec::from_json_file(path.clone()).map_err(|e| {
		format!("chain spec file `{}` is not a valid DIDimo chain spec: {e}", path.display())
	})
}

// ---------------------------------------------------------------------------------------------
// Development keys in a genesis.
// ---------------------------------------------------------------------------------------------

/// Where in a chain's genesis a key or account is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum GenesisRole {
	/// `Sudo.Key`: the account that dispatches any call as root.
	Sudo,
	/// `Aura.Authorities`: a block author's sr25519 key.
	AuraAuthority,
	/// `Grandpa.Authorities`: a finality voter's ed25519 key.
	GrandpaAuthority,
	/// `ValidatorSet.Validators`: a validator's account, which registers its session keys.
	ValidatorAccount,
	/// `System.Account` (or `Balances.Account`): an account that exists at genesis, which is to
	/// say an endowed one.
	EndowedAccount,
	/// `Presentation.Circuits`: a presentation-circuit verifying key, named by its key hash.
	CircuitKey,
}

impl fmt::Display for GenesisRole {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			Self::Sudo => "sudo (root) key",
			Self::AuraAuthority => "Aura authority",
			Self::GrandpaAuthority => "GRANDPA authority",
			Self::ValidatorAccount => "validator account",
			Self::EndowedAccount => "endowed account",
			Self::CircuitKey => "presentation-circuit verifying key",
		})
	}
}

/// A public key (an account's, or an authority's) in a genesis, with the role it has there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenesisKey {
	/// What the key does on the chain.
	pub role: GenesisRole,
	/// Its raw public key (an account id's 32 bytes).
	pub public: [u8; 32],
}

/// A well-known development key used in a genesis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DevKeyUse {
	/// What the key does on the chain.
	pub role: GenesisRole,
	/// Its name: `//Alice (sr25519)`, `//Bob//stash (ed25519)`, ...
	pub name: String,
}

/// Every well-known development key, sr25519 and ed25519, by public key, with its name
/// (`//Alice (sr25519)`, `//Bob//stash (ed25519)`, ...), and the development verifying key
/// of each presentation-circuit version, by key hash (its toxic waste follows from a public
/// seed: anyone can forge proofs under it).
fn dev_keys() -> BTreeMap<[u8; 32], String> {
	let sr25519 = Sr25519Keyring::iter()
		.map(|k| (k.to_raw_public(), format!("//{} (sr25519)", <&'static str>::from(k))));
	let ed25519 = Ed25519Keyring::iter()
		.map(|k| (k.to_raw_public(), format!("//{} (ed25519)", <&'static str>::from(k))));
	let circuits = [
		(pallet_presentation::dev::KEY_HASH_V1, "circuit version 1 development key (seed 0)"),
		(pallet_presentation::dev::KEY_HASH_V2, "circuit version 2 development key (seed 0)"),
	]
	.map(|(hash, name)| (hash, name.to_string()));
	sr25519.chain(ed25519).chain(circuits).collect()
}

/// The storage key of the storage value `item` of the pallet named `pallet` in the runtime.
fn storage_value_key(pallet: &str, item: &str) -> Vec<u8> {
	[twox_128(pallet.as_bytes()), twox_128(item.as_bytes())].concat()
}

/// `bytes` decoded as exactly one `T` (SCALE), or an error naming `what`.
fn decode_exact<T: Decode>(mut bytes: &[u8], what: &str) -> Result<T, String> {
	let value = T::decode(&mut bytes).map_err(|e| format!("{what} does not decode: {e}"))?;
	if !bytes.is_empty() {
		return Err(format!("{what} has {} bytes more than it should", bytes.len()));
	}
	Ok(value)
}

/// Every sudo key, Aura and GRANDPA authority, validator account, endowed account and circuit
/// key in the genesis `storage`, read from the storage items the pallets keep them in:
/// `Sudo.Key`, `Aura.Authorities`, `Grandpa.Authorities`, `ValidatorSet.Validators`, the keys of the `System.Account` and
/// `Balances.Account` maps (`Blake2_128Concat`, so each key ends in the account id) and the
/// key hashes in `Presentation.Circuits`.
pub fn genesis_keys(storage: &Storage) -> Result<Vec<GenesisKey>, String> {
	let top = &storage.top;
	let mut keys = Vec::new();

	if let Some(value) = top.get(&storage_value_key("Sudo", "Key")) {
		let root: [u8; 32] = decode_exact(value, "the genesis `Sudo.Key`")?;
		keys.push(GenesisKey { role: GenesisRole::Sudo, public: root });
	}
	if let Some(value) = top.get(&storage_value_key("Aura", "Authorities")) {
		let authorities: Vec<[u8; 32]> = decode_exact(value, "the genesis `Aura.Authorities`")?;
		keys.extend(
			authorities
				.into_iter()
				.map(|public| GenesisKey { role: GenesisRole::AuraAuthority, public }),
		);
	}
	if let Some(value) = top.get(&storage_value_key("Grandpa", "Authorities")) {
		let authorities: Vec<([u8; 32], u64)> =
			decode_exact(value, "the genesis `Grandpa.Authorities`")?;
		keys.extend(
			authorities.into_iter().map(|(public, _weight)| GenesisKey {
				role: GenesisRole::GrandpaAuthority,
				public,
			}),
		);
	}
	if let Some(value) = top.get(&storage_value_key("ValidatorSet", "Validators")) {
		let validators: Vec<[u8; 32]> =
			decode_exact(value, "the genesis `ValidatorSet.Validators`")?;
		keys.extend(
			validators
				.into_iter()
				.map(|public| GenesisKey { role: GenesisRole::ValidatorAccount, public }),
		);
	}
	let circuits = storage_value_key("Presentation", "Circuits");
	let entries = top.range(circuits.clone()..).take_while(|(key, _)| key.starts_with(&circuits));
	for (_, value) in entries {
		let circuit: pallet_presentation::Circuit<didimo_runtime::BlockNumber> =
			decode_exact(value, "a genesis `Presentation.Circuits` entry")?;
		keys.push(GenesisKey { role: GenesisRole::CircuitKey, public: circuit.key_hash });
	}
	for (pallet, item) in [("System", "Account"), ("Balances", "Account")] {
		let prefix = storage_value_key(pallet, item);
		let entries = top.range(prefix.clone()..).take_while(|(key, _)| key.starts_with(&prefix));
		for (key, _) in entries {
			// The map's prefix, then Blake2_128Concat: 16 bytes of hash and the account id.
			let account = key
				.get(prefix.len() + 16..)
				.and_then(|account| <[u8; 32]>::try_from(account).ok())
				.ok_or_else(|| {
					format!(
						"the genesis has a `{pallet}.{item}` key that holds no account id: 0x{}",
						sp_core::hexdisplay::HexDisplay::from(key)
					)
				})?;
			keys.push(GenesisKey { role: GenesisRole::EndowedAccount, public: account });
		}
	}
	Ok(keys)
}

/// The well-known development keys among `keys`.
fn dev_keys_among(keys: impl IntoIterator<Item = GenesisKey>) -> Vec<DevKeyUse> {
	let dev = dev_keys();
	keys.into_iter()
		.filter_map(|GenesisKey { role, public }| {
			dev.get(&public).map(|name| DevKeyUse { role, name: name.clone() })
		})
		.collect()
}

/// The well-known development keys in the genesis `storage`, with their roles.
pub fn dev_keys_in_genesis(storage: &Storage) -> Result<Vec<DevKeyUse>, String> {
	Ok(dev_keys_among(genesis_keys(storage)?))
}

/// `found` for a message, by role: `sudo (root) key: //Alice (sr25519); Aura authority: ...`.
fn describe(found: &[DevKeyUse]) -> String {
	let mut by_role: BTreeMap<GenesisRole, Vec<&str>> = BTreeMap::new();
	for key in found {
		let names = by_role.entry(key.role).or_default();
		if !names.contains(&key.name.as_str()) {
			names.push(&key.name);
		}
	}
	by_role
		.iter()
		.map(|(role, names)| format!("{role}: {}", names.join(", ")))
		.collect::<Vec<_>>()
		.join("; ")
}

/// How a chain type reads in a message.
fn chain_type_name(chain_type: &ChainType) -> String {
	match chain_type {
		ChainType::Development => "Development".into(),
		ChainType::Local => "Local".into(),
		ChainType::Live => "Live".into(),
		ChainType::Custom(name) => name.clone(),
	}
}

/// Whether the node runs a development chain, on which well-known keys are expected: `--dev`,
/// a built-in chain (`--chain dev` or `--chain local`), or a spec file whose chain type is
/// `Development`.
///
/// A spec file of chain type `Local` is not one: `build-spec --chain local` writes that type,
/// and that was once the documented way to start a real network's spec, so such files are the
/// ones most likely to carry Alice's sudo key onto a real network. Test networks started from
/// one pass `--allow-dev-keys`.
pub fn is_development_chain(dev: bool, chain: Option<&str>, chain_type: &ChainType) -> bool {
	dev || chain.and_then(BuiltInChain::from_id).is_some() || *chain_type == ChainType::Development
}

/// Refuses to start a chain that is not a development chain (see [`is_development_chain`])
/// and whose genesis has a well-known development key as its sudo key, an authority or an
/// endowed account. With `allow_dev_keys` (`--allow-dev-keys`, for test networks), it warns
/// instead.
pub fn check_dev_keys(
	spec: &dyn sc_service::ChainSpec,
	development: bool,
	allow_dev_keys: bool,
) -> Result<(), String> {
	if development {
		return Ok(());
	}
	let chain = format!(
		"chain `{}` ({}, chain type {})",
		spec.name(),
		spec.id(),
		chain_type_name(&spec.chain_type())
	);
	let found = spec
		.as_storage_builder()
		.build_storage()
		.map_err(|e| format!("the genesis of {chain} does not build: {e}"))
		.and_then(|storage| dev_keys_in_genesis(&storage));
	match found {
		Ok(found) if found.is_empty() => Ok(()),
		Ok(found) if allow_dev_keys => {
			log::warn!(
				"{chain} has well-known development keys in its genesis ({}); starting anyway \
				 because of --allow-dev-keys. Anyone can sign with these keys: never give this \
				 chain anything of value.",
				describe(&found)
			);
			Ok(())
		},
		Ok(found) => Err(format!(
			"refusing to start {chain}: its genesis has well-known development keys, whose \
			 secret keys anyone can derive from the public development phrase: {}. Build a real \
			 network's chain spec with `didimo-node production-spec` (see docs/operators.md). To \
			 run a test network with these keys anyway, pass --allow-dev-keys.",
			describe(&found)
		)),
		Err(e) if allow_dev_keys => {
			log::warn!("could not check {chain} for development keys: {e}");
			Ok(())
		},
		Err(e) => Err(format!(
			"cannot check {chain} for well-known development keys: {e}. To start it without the \
			 check, pass --allow-dev-keys."
		)),
	}
}

// ---------------------------------------------------------------------------------------------
// The chain spec of a real network.
// ---------------------------------------------------------------------------------------------

/// A genesis validator: its account and session keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthorityKeys {
	/// The validator's account, which registers and rotates its session keys
	/// (`Session::set_keys`); the Aura key's account if not given.
	pub account: Option<[u8; 32]>,
	/// The Aura (block production) sr25519 public key.
	pub aura: [u8; 32],
	/// The GRANDPA (finality) ed25519 public key.
	pub grandpa: [u8; 32],
}

/// An account endowed at genesis, and its balance in the smallest unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endowment {
	/// The account.
	pub account: AccountId,
	/// Its free balance at genesis.
	pub amount: Balance,
}

/// A 32-byte public key: an SS58 address (any well-known prefix, or DIDimo's 7306) or `0x`
/// and 64 hex digits. Secret URIs such as `//Alice` are not public keys and are refused.
fn parse_public(s: &str) -> Result<[u8; 32], String> {
	let s = s.trim();
	if let Some(hex) = s.strip_prefix("0x") {
		if hex.len() != 64 {
			return Err(format!("`{s}` is not a public key: 0x and 64 hex digits expected"));
		}
		let bytes = sp_core::bytes::from_hex(hex).map_err(|e| format!("`{s}` is not hex: {e}"))?;
		return <[u8; 32]>::try_from(bytes.as_slice())
			.map_err(|_| format!("`{s}` is not a 32-byte public key"));
	}
	AccountId::from_ss58check(s)
		.map(Into::into)
		.map_err(|e| format!("`{s}` is neither an SS58 address nor a 0x hex public key ({e})"))
}

/// An account (`--root`, `--endow`): an SS58 address or a 0x hex public key.
pub fn parse_account(s: &str) -> Result<AccountId, String> {
	parse_public(s).map(AccountId::from)
}

/// A validator (`--authority`): `[<account>=]<aura key>:<grandpa key>`, each an SS58 address
/// or a 0x hex public key, or `[<account>=]` and the 0x hex `author_rotateKeys` returns (the
/// SCALE-encoded session keys: 32 bytes of Aura key, then 32 of GRANDPA key). Without an
/// account, the validator's account is the Aura key's.
pub fn parse_authority(s: &str) -> Result<AuthorityKeys, String> {
	let (account, keys) = match s.split_once('=') {
		Some((account, keys)) => (Some(parse_public(account)?), keys),
		None => (None, s),
	};
	if let Some((aura, grandpa)) = keys.split_once(':') {
		return Ok(AuthorityKeys {
			account,
			aura: parse_public(aura)?,
			grandpa: parse_public(grandpa)?,
		});
	}
	let session_keys = keys
		.trim()
		.strip_prefix("0x")
		.filter(|hex| hex.len() == 128)
		.and_then(|hex| sp_core::bytes::from_hex(hex).ok())
		.ok_or_else(|| {
			format!(
				"`{s}` is neither `[<account>=]<aura key>:<grandpa key>` nor `[<account>=]` and \
				 the 0x hex of 64 bytes that author_rotateKeys returns"
			)
		})?;
	let (aura, grandpa) = session_keys.split_at(32);
	match (<[u8; 32]>::try_from(aura), <[u8; 32]>::try_from(grandpa)) {
		(Ok(aura), Ok(grandpa)) => Ok(AuthorityKeys { account, aura, grandpa }),
		_ => Err(format!("`{s}` does not hold two 32-byte keys")),
	}
}

impl AuthorityKeys {
	/// The validator's account: the one given, or the Aura key's.
	pub fn validator_account(&self) -> AccountId {
		AccountId::from(self.account.unwrap_or(self.aura))
	}
}

/// A session length in blocks (`--session-length`), within the runtime's bounds.
pub fn parse_session_length(s: &str) -> Result<BlockNumber, String> {
	let blocks: BlockNumber =
		s.trim().parse().map_err(|_| format!("`{s}` is not a number of blocks"))?;
	let (min, max) = (MIN_SESSION_LENGTH, MAX_SESSION_LENGTH);
	if !(min..=max).contains(&blocks) {
		return Err(format!("a session lasts {min} to {max} blocks, not {blocks}"));
	}
	Ok(blocks)
}

/// An amount of DIDO in decimal (`1000000`, `0.5`; at most 12 decimal places) in the smallest
/// unit.
pub fn parse_dido(s: &str) -> Result<Balance, String> {
	let decimals = usize::from(token::DECIMALS);
	let invalid = || {
		format!(
			"`{s}` is not an amount of {}: digits, with at most {decimals} after a `.`",
			token::SYMBOL
		)
	};
	let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
	let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
	if !digits(whole) || (s.contains('.') && !digits(fraction)) || fraction.len() > decimals {
		return Err(invalid());
	}
	let too_large = || format!("`{s}` {} is more than a balance can hold", token::SYMBOL);
	let whole: Balance = whole.parse().map_err(|_| too_large())?;
	let fraction: Balance = if fraction.is_empty() {
		0
	} else {
		format!("{fraction:0<decimals$}").parse().map_err(|_| invalid())?
	};
	whole.checked_mul(token::UNIT).and_then(|w| w.checked_add(fraction)).ok_or_else(too_large)
}

/// An endowment (`--endow`): `<account>=<DIDO>`.
pub fn parse_endowment(s: &str) -> Result<Endowment, String> {
	let (account, amount) =
		s.split_once('=').ok_or_else(|| format!("`{s}` is not `<account>=<amount in DIDO>`"))?;
	Ok(Endowment { account: parse_account(account)?, amount: parse_dido(amount.trim())? })
}

/// A 32-byte key as an SS58 address (DIDimo's format), for messages.
fn address(public: &[u8; 32]) -> String {
	AccountId::from(*public).to_ss58check()
}

/// An amount in the smallest unit as DIDO, for messages.
fn dido(amount: Balance) -> String {
	let (whole, fraction) = (amount / token::UNIT, amount % token::UNIT);
	let decimals = usize::from(token::DECIMALS);
	let fraction = format!("{fraction:0>decimals$}");
	let fraction = fraction.trim_end_matches('0');
	if fraction.is_empty() {
		format!("{whole} {}", token::SYMBOL)
	} else {
		format!("{whole}.{fraction} {}", token::SYMBOL)
	}
}

/// A chain or protocol id: not empty; ASCII letters, digits, `_` and `-` only (the node keeps
/// the chain's database under `chains/<id>`).
fn check_id(what: &str, id: &str) -> Result<(), String> {
	if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
		return Err(format!(
			"{what} `{id}` must be ASCII letters, digits, `_` and `-`, and not empty"
		));
	}
	Ok(())
}

/// Refuses what the runtime's genesis would reject (an empty or oversized authority set, a key
/// or account given twice, an endowment below the existential deposit, a total issuance that
/// overflows) and, unless `--allow-dev-keys`, any well-known development key.
fn check_production_inputs(cmd: &ProductionSpecCmd) -> Result<(), String> {
	if cmd.name.trim().is_empty() {
		return Err("--name must not be empty".into());
	}
	check_id("--id", &cmd.id)?;
	if let Some(protocol_id) = &cmd.protocol_id {
		check_id("--protocol-id", protocol_id)?;
	}

	let max_authorities = <MaxAuthorities as Get<u32>>::get();
	if cmd.authorities.is_empty() {
		return Err("give at least one validator with --authority".into());
	}
	if cmd.authorities.len() > max_authorities as usize {
		return Err(format!(
			"{} validators given; the runtime allows at most {max_authorities}",
			cmd.authorities.len()
		));
	}
	let (mut aura, mut grandpa, mut validators) =
		(BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
	for keys in &cmd.authorities {
		let account = keys.validator_account();
		if !validators.insert(account.clone()) {
			return Err(format!("validator account {account} is given twice"));
		}
		if !aura.insert(keys.aura) {
			return Err(format!("Aura key {} is given twice", address(&keys.aura)));
		}
		if !grandpa.insert(keys.grandpa) {
			return Err(format!("GRANDPA key {} is given twice", address(&keys.grandpa)));
		}
	}

	let mut accounts = BTreeSet::new();
	for endowment in &cmd.endowments {
		if !accounts.insert(endowment.account.clone()) {
			return Err(format!("account {} is endowed twice", endowment.account));
		}
		if endowment.amount < EXISTENTIAL_DEPOSIT {
			return Err(format!(
				"account {} is endowed with {}, less than the existential deposit ({})",
				endowment.account,
				dido(endowment.amount),
				dido(EXISTENTIAL_DEPOSIT)
			));
		}
	}
	cmd.endowments
		.iter()
		.try_fold(0, |total: Balance, endowment| total.checked_add(endowment.amount))
		.ok_or("the endowments add up to more than a balance can hold")?;

	if cmd.allow_dev_keys {
		return Ok(());
	}
	let account_key = |account: &AccountId| *AsRef::<[u8; 32]>::as_ref(account);
	let inputs =
		std::iter::once(GenesisKey { role: GenesisRole::Sudo, public: account_key(&cmd.root) })
			.chain(cmd.authorities.iter().flat_map(|keys| {
				[
					GenesisKey { role: GenesisRole::AuraAuthority, public: keys.aura },
					GenesisKey { role: GenesisRole::GrandpaAuthority, public: keys.grandpa },
					GenesisKey {
						role: GenesisRole::ValidatorAccount,
						public: keys.account.unwrap_or(keys.aura),
					},
				]
			}))
			.chain(cmd.endowments.iter().map(|endowment| GenesisKey {
				role: GenesisRole::EndowedAccount,
				public: account_key(&endowment.account),
			}));
	let found = dev_keys_among(inputs);
	if !found.is_empty() {
		return Err(format!(
			"well-known development keys given, whose secret keys anyone can derive from the \
			 public development phrase: {}. Generate this network's own keys (`didimo-node key \
			 generate`), or pass --allow-dev-keys to build a test network's spec with these.",
			describe(&found)
		));
	}
	Ok(())
}

/// The chain spec of a real network (chain type `Live`): the validators, root (sudo) account
/// and endowed accounts `cmd` gives, and nothing else; every other pallet starts from its
/// default genesis. Refuses inputs the genesis would reject and, unless `--allow-dev-keys`,
/// well-known development keys.
pub fn production_chain_spec(cmd: &ProductionSpecCmd) -> Result<ChainSpec, String> {
	check_production_inputs(cmd)?;
	let patch = genesis_patch(
		cmd.authorities
			.iter()
			.map(|keys| GenesisValidator {
				account: keys.validator_account(),
				aura: sr25519::Public::from_raw(keys.aura),
				grandpa: ed25519::Public::from_raw(keys.grandpa),
			})
			.collect(),
		cmd.session_length,
		cmd.endowments.iter().map(|e| (e.account.clone(), e.amount)).collect(),
		cmd.root.clone(),
	);
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name(cmd.name.trim())
		.with_id(&cmd.id)
		.with_protocol_id(cmd.protocol_id.as_deref().unwrap_or(&cmd.id))
		.with_chain_type(ChainType::Live)
		.with_boot_nodes(cmd.boot_nodes.clone())
		.with_genesis_config_patch(patch)
		.with_properties(properties())
		.build())
}

/// What `production-spec` prints: the spec as JSON, in its raw (storage) form with `--raw`.
/// The genesis is built with the runtime first, so a spec the runtime would reject is never
/// printed, and the built storage is checked for development keys as a node will check it.
pub fn production_spec_json(cmd: &ProductionSpecCmd) -> Result<String, String> {
	let mut spec = production_chain_spec(cmd)?;
	let storage =
		spec.build_storage().map_err(|e| format!("the runtime rejects this genesis: {e}"))?;
	let found = dev_keys_in_genesis(&storage)?;
	if !found.is_empty() && !cmd.allow_dev_keys {
		return Err(format!(
			"the built genesis has well-known development keys: {}",
			describe(&found)
		));
	}
	if cmd.raw {
		// The storage just built is the raw genesis; no need to build it again.
		sc_service::ChainSpec::set_storage(&mut spec, storage);
	}
	spec.as_json(cmd.raw)
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::Encode;

	/// An account no development phrase derives: a fixed seed.
	fn account(seed: u8) -> AccountId {
		use sp_core::Pair;
		sr25519::Pair::from_seed(&[seed; 32]).public().into()
	}

	fn storage_with(entries: Vec<(Vec<u8>, Vec<u8>)>) -> Storage {
		Storage { top: entries.into_iter().collect(), children_default: Default::default() }
	}

	fn system_account_key(who: &[u8; 32]) -> Vec<u8> {
		let mut key = storage_value_key("System", "Account");
		key.extend(sp_io::hashing::blake2_128(who));
		key.extend(who);
		key
	}

	#[test]
	fn dev_keys_cover_sr25519_and_ed25519_dev_keys() {
		let dev = dev_keys();
		let name = |public: [u8; 32]| dev.get(&public).map(String::as_str);
		assert_eq!(name(Sr25519Keyring::Alice.to_raw_public()), Some("//Alice (sr25519)"));
		assert_eq!(name(Ed25519Keyring::Bob.to_raw_public()), Some("//Bob (ed25519)"));
		assert_eq!(
			name(Sr25519Keyring::FerdieStash.to_raw_public()),
			Some("//Ferdie//stash (sr25519)")
		);
		assert_eq!(name(Ed25519Keyring::Two.to_raw_public()), Some("//Two (ed25519)"));
		assert_eq!(name(*AsRef::<[u8; 32]>::as_ref(&account(7))), None);
		// Six names, their stashes, One and Two; sr25519 and ed25519 keys all differ; and the
		// development keys of circuit versions 1 and 2.
		assert_eq!(dev.len(), 2 * 14 + 2);
		for version in didimo_zk::Version::ALL {
			let (_, vk) =
				didimo_zk::prover::dev_setup(version, [0; 32]).expect("the circuit synthesises");
			let expected = format!("circuit version {} development key (seed 0)", version.number());
			assert_eq!(name(didimo_zk::field::to_bytes(&vk.hash())), Some(expected.as_str()));
		}
	}

	#[test]
	fn genesis_keys_reads_every_role_from_storage() {
		let root = Sr25519Keyring::Alice.to_raw_public();
		let aura = vec![[1u8; 32], Sr25519Keyring::Bob.to_raw_public(), [2; 32], [3; 32]];
		let grandpa = vec![(Ed25519Keyring::Charlie.to_raw_public(), 1u64)];
		let endowed = Sr25519Keyring::Dave.to_raw_public();
		let clean = [9u8; 32];
		let storage = storage_with(vec![
			(storage_value_key("Sudo", "Key"), root.to_vec()),
			(storage_value_key("Aura", "Authorities"), aura.encode()),
			(storage_value_key("Grandpa", "Authorities"), grandpa.encode()),
			(system_account_key(&endowed), vec![0; 80]),
			(system_account_key(&clean), vec![0; 80]),
			(storage_value_key("Timestamp", "Now"), root.to_vec()),
		]);

		let keys = genesis_keys(&storage).expect("the storage reads");
		assert_eq!(keys.len(), 1 + 4 + 1 + 2, "{keys:?}");
		let found = dev_keys_in_genesis(&storage).expect("the storage reads");
		let roles: Vec<_> = found.iter().map(|k| (k.role, k.name.as_str())).collect();
		assert_eq!(
			roles,
			vec![
				(GenesisRole::Sudo, "//Alice (sr25519)"),
				(GenesisRole::AuraAuthority, "//Bob (sr25519)"),
				(GenesisRole::GrandpaAuthority, "//Charlie (ed25519)"),
				(GenesisRole::EndowedAccount, "//Dave (sr25519)"),
			]
		);
		assert_eq!(
			describe(&found),
			"sudo (root) key: //Alice (sr25519); Aura authority: //Bob (sr25519); GRANDPA \
			 authority: //Charlie (ed25519); endowed account: //Dave (sr25519)"
		);
	}

	#[test]
	fn genesis_keys_refuses_malformed_values() {
		let storage = storage_with(vec![(storage_value_key("Sudo", "Key"), vec![1; 31])]);
		let error = genesis_keys(&storage).expect_err("31 bytes are no account");
		assert!(error.contains("Sudo.Key"), "{error}");
		let storage = storage_with(vec![(storage_value_key("Sudo", "Key"), vec![1; 33])]);
		assert!(genesis_keys(&storage).is_err(), "33 bytes are no account either");
	}

	#[test]
	fn the_dev_preset_genesis_has_dev_keys_in_every_role() {
		// Built by the runtime, as a node builds it: this ties the storage items read above
		// to the pallets' real ones.
		let storage = development_chain_spec()
			.expect("the dev spec builds")
			.build_storage()
			.expect("the dev genesis builds");
		let found = dev_keys_in_genesis(&storage).expect("the dev genesis reads");
		for (role, name) in [
			(GenesisRole::Sudo, "//Alice (sr25519)"),
			(GenesisRole::AuraAuthority, "//Alice (sr25519)"),
			(GenesisRole::GrandpaAuthority, "//Alice (ed25519)"),
			(GenesisRole::EndowedAccount, "//Alice (sr25519)"),
			(GenesisRole::EndowedAccount, "//Ferdie//stash (sr25519)"),
			(GenesisRole::CircuitKey, "circuit version 1 development key (seed 0)"),
		] {
			assert!(
				found.iter().any(|k| k.role == role && k.name == name),
				"{role} {name} is found: {found:?}"
			);
		}
	}

	#[test]
	fn development_chains_are_dev_flag_built_ins_and_development_specs() {
		assert!(is_development_chain(true, Some("spec.json"), &ChainType::Live));
		assert!(is_development_chain(false, Some("dev"), &ChainType::Development));
		assert!(is_development_chain(false, Some("local"), &ChainType::Local));
		assert!(is_development_chain(false, Some("spec.json"), &ChainType::Development));
		assert!(!is_development_chain(false, Some("spec.json"), &ChainType::Local));
		assert!(!is_development_chain(false, Some("spec.json"), &ChainType::Live));
		assert!(!is_development_chain(
			false,
			Some("spec.json"),
			&ChainType::Custom("staging".into())
		));
	}

	#[test]
	fn parse_dido_reads_decimal_amounts() {
		assert_eq!(parse_dido("1"), Ok(token::UNIT));
		assert_eq!(parse_dido("0.5"), Ok(token::UNIT / 2));
		assert_eq!(parse_dido("1000000"), Ok(1_000_000 * token::UNIT));
		assert_eq!(parse_dido("0.000000000001"), Ok(1));
		assert_eq!(parse_dido("50000000.25"), Ok(50_000_000 * token::UNIT + token::UNIT / 4));
		for bad in ["", ".", "1.", ".5", "-1", "1e3", "1.2.3", "0.0000000000001", " 1", "1,5"] {
			assert!(parse_dido(bad).is_err(), "`{bad}` is refused");
		}
		assert!(parse_dido("340282366920938463463374607431768211455").is_err(), "overflow");
	}

	#[test]
	fn parse_authority_takes_key_pairs_and_rotate_keys_output() {
		let aura = account(1);
		let grandpa = account(2);
		let (aura_bytes, grandpa_bytes) =
			(*AsRef::<[u8; 32]>::as_ref(&aura), *AsRef::<[u8; 32]>::as_ref(&grandpa));
		let expected = AuthorityKeys { account: None, aura: aura_bytes, grandpa: grandpa_bytes };

		let pair = format!("{}:{}", aura.to_ss58check(), grandpa.to_ss58check());
		assert_eq!(parse_authority(&pair), Ok(expected));
		let hex = |bytes: &[u8]| sp_core::bytes::to_hex(bytes, false);
		let pair = format!("{}:{}", hex(&aura_bytes), hex(&grandpa_bytes));
		assert_eq!(parse_authority(&pair), Ok(expected));
		let rotated = hex(&[aura_bytes, grandpa_bytes].concat());
		assert_eq!(parse_authority(&rotated), Ok(expected));
		assert_eq!(expected.validator_account(), aura);
		// With the validator's own account.
		let owner = account(3);
		let with_account =
			AuthorityKeys { account: Some(*AsRef::<[u8; 32]>::as_ref(&owner)), ..expected };
		assert_eq!(
			parse_authority(&format!("{}={rotated}", owner.to_ss58check())),
			Ok(with_account)
		);
		assert_eq!(parse_authority(&format!("{}={pair}", owner.to_ss58check())), Ok(with_account));
		assert_eq!(with_account.validator_account(), owner);
		assert!(parse_authority(&format!("nobody={pair}")).is_err());

		assert_eq!(parse_session_length("600"), Ok(600));
		for bad in ["", "9", "1000000", "ten"] {
			assert!(parse_session_length(bad).is_err(), "`{bad}` is refused");
		}

		let aura_alone = aura.to_ss58check();
		for bad in ["", "0x1234", "//Alice://Alice", aura_alone.as_str()] {
			assert!(parse_authority(bad).is_err(), "`{bad}` is refused");
		}
	}

	#[test]
	fn parse_account_refuses_secret_uris() {
		assert!(parse_account("//Alice").is_err());
		assert!(parse_account(
			"bottom drive obey lake curtain smoke basket hold race lonely fit walk"
		)
		.is_err());
		let mine = account(3);
		assert_eq!(parse_account(&mine.to_ss58check()), Ok(mine.clone()));
		let didimo_address = mine.to_ss58check_with_version(
			sp_core::crypto::Ss58AddressFormat::custom(token::SS58_PREFIX),
		);
		assert_eq!(parse_account(&didimo_address), Ok(mine));
	}

	#[test]
	fn parse_endowment_takes_account_and_dido() {
		let mine = account(4);
		assert_eq!(
			parse_endowment(&format!("{}=2.5", mine.to_ss58check())),
			Ok(Endowment { account: mine, amount: 2 * token::UNIT + token::UNIT / 2 })
		);
		assert!(parse_endowment("nothing").is_err());
	}
}
