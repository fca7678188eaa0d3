//! The commands' shared context (options, wallet, chain, output) and the wallet, account,
//! chain and node commands.

use std::{
	fs,
	io::Read,
	path::{Path, PathBuf},
};

use codec::Decode;
use serde_json::{json, Value};
use zeroize::Zeroizing;

use crate::{
	chain::{hex, unhex, Chain},
	did,
	error::{Error, Result},
	keys::{self, KeyPair},
	rpc::Rpc,
	wallet::{Account, Secret, Wallet, DEFAULT_KDF},
	AccountCommand, ChainCommand, Cli, Command, NodeCommand, WalletCommand,
};

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
	let mut ctx = Ctx::new(cli);
	match ctx.command.take() {
		Some(Command::Wallet(c)) => wallet_command(&mut ctx, c),
		Some(Command::Account(c)) => account_command(&mut ctx, c),
		Some(Command::Did(c)) => did::run(&mut ctx, c),
		Some(Command::Revocation(c)) => crate::revocation::run(&mut ctx, c),
		Some(Command::Consent(c)) => crate::consent::run(&mut ctx, c),
		Some(Command::Credential(c)) => crate::credential::run(&mut ctx, c),
		Some(Command::Request(c)) => crate::verification::request(&mut ctx, c),
		Some(Command::TrustedList(c)) => crate::verification::trusted_list(&mut ctx, c),
		Some(Command::Present(args)) => crate::verification::present(&mut ctx, args),
		Some(Command::Verify(args)) => crate::verification::verify(&mut ctx, args),
		Some(Command::Chain(c)) => chain_command(&mut ctx, c),
		Some(Command::Node(c)) => node_command(&mut ctx, c),
		None => Ok(()),
	}
}

/// The options of a run, and what it opened.
pub struct Ctx {
	url: String,
	wallet_path: Option<PathBuf>,
	password_file: Option<PathBuf>,
	dev: bool,
	pub json: bool,
	pub wait: crate::chain::Wait,
	command: Option<Command>,
	wallet: Option<Wallet>,
	chain: Option<Chain>,
	light_spec: Option<PathBuf>,
	light: Option<(didimo_light::LightClient, didimo_light::Block)>,
}

/// How long the light client may take to sync or answer.
const LIGHT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

impl Ctx {
	fn new(cli: Cli) -> Self {
		let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
		Ctx {
			url: cli
				.url
				.or_else(|| env("DIDIMO_URL"))
				.unwrap_or_else(|| "ws://127.0.0.1:9944".into()),
			wallet_path: cli.wallet.or_else(|| env("DIDIMO_WALLET").map(PathBuf::from)),
			password_file: cli
				.password_file
				.or_else(|| env("DIDIMO_PASSWORD_FILE").map(PathBuf::from)),
			dev: cli.dev,
			json: cli.json,
			wait: cli.wait,
			command: Some(cli.command),
			wallet: None,
			chain: None,
			light_spec: cli.light.or_else(|| env("DIDIMO_LIGHT").map(PathBuf::from)),
			light: None,
		}
	}

	/// The wallet file's path.
	pub fn wallet_path(&self) -> Result<PathBuf> {
		if let Some(path) = &self.wallet_path {
			return Ok(path.clone());
		}
		directories::ProjectDirs::from("org", "DIDimo", "didimo")
			.map(|dirs| dirs.data_dir().join("wallet.json"))
			.ok_or_else(|| {
				Error::Usage("no home folder to keep the wallet in: pass --wallet <file>".into())
			})
	}

	/// The pass phrase: from the password file, DIDIMO_PASSWORD, or asked for (twice when
	/// `confirm`).
	fn passphrase(&self, prompt: &str, confirm: bool) -> Result<Zeroizing<String>> {
		let phrase = if let Some(file) = &self.password_file {
			read_first_line(file)?
		} else if let Some(phrase) = std::env::var("DIDIMO_PASSWORD").ok().filter(|p| !p.is_empty())
		{
			Zeroizing::new(phrase)
		} else {
			ask(prompt, confirm)?
		};
		if phrase.is_empty() {
			return Err(Error::Usage("an empty pass phrase".into()));
		}
		Ok(phrase)
	}

	/// The wallet, opened on first use.
	pub fn wallet(&mut self) -> Result<&mut Wallet> {
		if self.wallet.is_none() {
			let path = self.wallet_path()?;
			if !path.exists() {
				return Err(Error::Wallet(format!(
					"no wallet at {}: create one with `didimo wallet init`",
					path.display()
				)));
			}
			let phrase = self.passphrase("Wallet pass phrase: ", false)?;
			self.wallet = Some(Wallet::open(&path, &phrase)?);
		}
		self.wallet.as_mut().ok_or_else(|| Error::Wallet("the wallet is not open".into()))
	}

	/// The chain, connected on first use.
	pub fn chain(&mut self) -> Result<&Chain> {
		if self.chain.is_none() {
			self.chain = Some(Chain::connect(Rpc::new(&self.url)?, !self.json)?);
		}
		self.chain.as_ref().ok_or_else(|| Error::Network("not connected".into()))
	}

	/// With --light: the light client, started and synced on first use, and the finalized
	/// block it reads at.
	pub fn light(
		&mut self,
	) -> Result<Option<(&mut didimo_light::LightClient, didimo_light::Block)>> {
		let Some(path) = self.light_spec.clone() else { return Ok(None) };
		if self.light.is_none() {
			let spec = fs::read_to_string(&path)
				.map_err(|e| Error::Usage(format!("cannot read {}: {e}", path.display())))?;
			let progress = crate::chain::Progress::new(!self.json, "light client: syncing");
			let started = didimo_light::LightClient::start(&spec)
				.map_err(|e| Error::Usage(format!("{}: {e}", path.display())))
				.and_then(|mut client| {
					client.wait_ready(LIGHT_TIMEOUT).map_err(light_error)?;
					let block = client.finalized(LIGHT_TIMEOUT).map_err(light_error)?;
					Ok((client, block))
				});
			progress.finish();
			self.light = Some(started?);
		}
		Ok(self.light.as_mut().map(|(client, block)| (client, block.clone())))
	}

	/// Runs a runtime API function: in the light client with --light, else by the node's
	/// `state_call`.
	pub fn runtime_call<R: Decode>(&mut self, method: &str, args: &[u8]) -> Result<R> {
		if let Some((light, at)) = self.light()? {
			return light.runtime_call(method, args, &at, LIGHT_TIMEOUT).map_err(light_error);
		}
		self.chain()?.runtime_call(method, args)
	}

	/// The key pair of the account called `name`: a development account with --dev, else the
	/// wallet's.
	pub fn key(&mut self, name: &str) -> Result<KeyPair> {
		if self.dev {
			if let Some(pair) = keys::dev_account(name) {
				return Ok(pair);
			}
		}
		let dev = self.dev;
		let wallet = self.wallet()?;
		let account = wallet.data.account(name).ok_or_else(|| {
			Error::Usage(format!(
				"no account `{name}` in {}{}",
				wallet.path().display(),
				if dev { "" } else { " (the development accounts need --dev)" }
			))
		})?;
		KeyPair::from_secret(account.scheme, &account.secret)
	}

	/// Prints `human` (text mode) or `json`.
	pub fn emit(&self, human: impl std::fmt::Display, json: Value) {
		if self.json {
			println!("{json}");
		} else {
			println!("{human}");
		}
	}
}

/// A light client's failure: the network's (no peer answered, no proof).
pub fn light_error(error: didimo_light::Error) -> Error {
	match error {
		didimo_light::Error::Spec(e) => Error::Usage(format!("the chain spec: {e}")),
		other => Error::Network(format!("light client: {other}")),
	}
}

/// Asks for a pass phrase on the terminal (twice when `confirm`).
fn ask(prompt: &str, confirm: bool) -> Result<Zeroizing<String>> {
	let read = |prompt: &str| {
		rpassword::prompt_password(prompt).map(Zeroizing::new).map_err(|e| {
			Error::Usage(format!(
				"cannot ask for the pass phrase ({e}): use --password-file or DIDIMO_PASSWORD"
			))
		})
	};
	let phrase = read(prompt)?;
	if confirm && *read("Again: ")? != *phrase {
		return Err(Error::Usage("the two pass phrases differ".into()));
	}
	Ok(phrase)
}

/// The first line of `file`, without its line ending.
fn read_first_line(file: &Path) -> Result<Zeroizing<String>> {
	let text = Zeroizing::new(
		fs::read_to_string(file)
			.map_err(|e| Error::Usage(format!("cannot read {}: {e}", file.display())))?,
	);
	Ok(Zeroizing::new(text.lines().next().unwrap_or_default().to_owned()))
}

fn wallet_command(ctx: &mut Ctx, command: WalletCommand) -> Result<()> {
	match command {
		WalletCommand::Init => {
			let path = ctx.wallet_path()?;
			if path.exists() {
				return Err(Error::Wallet(format!(
					"{} already exists: it was left as it is",
					path.display()
				)));
			}
			let phrase = ctx.passphrase("New wallet pass phrase: ", true)?;
			Wallet::create(&path, &phrase, DEFAULT_KDF)?;
			ctx.emit(
				format!("created {}", path.display()),
				json!({ "wallet": path.display().to_string() }),
			);
		},
		WalletCommand::ChangePassphrase { new_password_file } => {
			// The current pass phrase first (from wherever it comes), then the new one.
			ctx.wallet()?;
			let new = match new_password_file {
				Some(file) => read_first_line(&file)?,
				None => ask("New pass phrase: ", true)?,
			};
			if new.is_empty() {
				return Err(Error::Usage("an empty pass phrase".into()));
			}
			let wallet = ctx.wallet()?;
			wallet.change_passphrase(&new)?;
			let path = wallet.path().display().to_string();
			ctx.emit(format!("{path}: pass phrase changed"), json!({ "wallet": path }));
		},
		WalletCommand::Path => {
			let path = ctx.wallet_path()?.display().to_string();
			ctx.emit(&path, json!({ "wallet": path }));
		},
	}
	Ok(())
}

fn account_command(ctx: &mut Ctx, command: AccountCommand) -> Result<()> {
	match command {
		AccountCommand::New { name, scheme } => {
			let (pair, secret) = KeyPair::generate(scheme);
			add_account(ctx, &name, scheme, secret.clone())?;
			let address = pair.address();
			ctx.emit(
				format!(
					"account {name} ({scheme}): {address}\nrecovery phrase (write it down; it is \
					 shown once): {}",
					secret.expose()
				),
				json!({ "name": name, "scheme": scheme, "address": address,
					"phrase": secret.expose() }),
			);
		},
		AccountCommand::Import { name, scheme, secret_file } => {
			let mut text = Zeroizing::new(String::new());
			match secret_file {
				Some(file) => {
					*text = fs::read_to_string(&file)
						.map_err(|e| Error::Usage(format!("cannot read {}: {e}", file.display())))?
				},
				None => {
					std::io::stdin()
						.read_to_string(&mut text)
						.map_err(|e| Error::Usage(format!("cannot read standard input: {e}")))?;
				},
			}
			let secret = Secret::new(text.trim().to_owned());
			let pair = KeyPair::from_secret(scheme, &secret)?;
			add_account(ctx, &name, scheme, secret)?;
			let address = pair.address();
			ctx.emit(
				format!("account {name} ({scheme}): {address}"),
				json!({ "name": name, "scheme": scheme, "address": address }),
			);
		},
		AccountCommand::Export { name } => {
			let wallet = ctx.wallet()?;
			let account = wallet
				.data
				.account(&name)
				.ok_or_else(|| Error::Usage(format!("no account `{name}` in the wallet")))?
				.clone();
			ctx.emit(
				account.secret.expose(),
				json!({ "name": name, "scheme": account.scheme, "secret": account.secret.expose() }),
			);
		},
		AccountCommand::List => {
			let wallet = ctx.wallet()?;
			let mut rows = Vec::new();
			for account in &wallet.data.accounts {
				let pair = KeyPair::from_secret(account.scheme, &account.secret)?;
				rows.push((account.name.clone(), account.scheme, pair.address()));
			}
			let human = rows
				.iter()
				.map(|(n, s, a)| format!("{n}\t{s}\t{a}"))
				.collect::<Vec<_>>()
				.join("\n");
			let json: Vec<Value> = rows
				.iter()
				.map(|(n, s, a)| json!({ "name": n, "scheme": s, "address": a }))
				.collect();
			ctx.emit(human, json!({ "accounts": json }));
		},
		AccountCommand::Remove { name } => {
			let wallet = ctx.wallet()?;
			if let Some(did) = wallet.data.dids.iter().find(|d| d.key == name) {
				return Err(Error::Usage(format!(
					"account `{name}` signs for DID {} ({}): rotate that key first",
					did.name, did.did
				)));
			}
			let before = wallet.data.accounts.len();
			wallet.data.accounts.retain(|a| a.name != name);
			if wallet.data.accounts.len() == before {
				return Err(Error::Usage(format!("no account `{name}` in the wallet")));
			}
			wallet.save()?;
			ctx.emit(format!("removed account {name}"), json!({ "removed": name }));
		},
	}
	Ok(())
}

/// Adds an account to the wallet and saves it; names are unique.
pub fn add_account(
	ctx: &mut Ctx,
	name: &str,
	scheme: crate::wallet::Scheme,
	secret: Secret,
) -> Result<()> {
	valid_name(name)?;
	let wallet = ctx.wallet()?;
	if wallet.data.account(name).is_some() {
		return Err(Error::Usage(format!("the wallet already has an account `{name}`")));
	}
	wallet.data.accounts.push(Account { name: name.to_owned(), scheme, secret });
	wallet.save()
}

/// Names are what commands take as arguments: letters, digits, `-`, `_`, `.`.
pub fn valid_name(name: &str) -> Result<()> {
	let ok = !name.is_empty()
		&& name.len() <= 64
		&& !name.starts_with("did:")
		&& name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
	if ok {
		Ok(())
	} else {
		Err(Error::Usage(format!(
			"`{name}` is not a usable name: 1 to 64 of letters, digits, `-`, `_` and `.`"
		)))
	}
}

fn chain_command(ctx: &mut Ctx, command: ChainCommand) -> Result<()> {
	match command {
		ChainCommand::Status => {
			let chain = ctx.chain()?;
			let best = chain.best_number()?;
			let (finalized, finalized_hash) = chain.finalized()?;
			let health: Value = chain.rpc.call("system_health", json!([]))?;
			let name: String = chain.rpc.call("system_chain", json!([]))?;
			let node_version: String = chain.rpc.call("system_version", json!([]))?;
			let answer = json!({
				"chain": name,
				"genesis": format!("{:?}", chain.genesis),
				"best": best,
				"finalized": { "number": finalized, "hash": format!("{finalized_hash:?}") },
				"peers": health["peers"],
				"syncing": health["isSyncing"],
				"specVersion": chain.spec_version,
				"transactionVersion": chain.tx_version,
				"nodeVersion": node_version,
			});
			let human = format!(
				"chain        {name} (genesis {:?})\nbest         #{best}\nfinalized    #{finalized} \
				 {finalized_hash:?}\npeers        {}\nsyncing      {}\nruntime      spec {}, \
				 transactions {}\nnode         {node_version}",
				chain.genesis, health["peers"], health["isSyncing"], chain.spec_version, chain.tx_version
			);
			ctx.emit(human, answer);
		},
	}
	Ok(())
}

fn node_command(ctx: &mut Ctx, command: NodeCommand) -> Result<()> {
	match command {
		NodeCommand::Keys { owner, from, submit } => {
			let owner_name = owner.or_else(|| from.clone()).ok_or_else(|| {
				Error::Usage(
					"which validator account are the keys for? pass --owner or --from".into(),
				)
			})?;
			let owner_pair = ctx.key(&owner_name)?;
			let owner_account = owner_pair.account();
			let chain = ctx.chain()?;
			let generated: Value = chain.rpc.call(
				"author_rotateKeysWithOwner",
				json!([hex(&codec::Encode::encode(&owner_account))]),
			)?;
			let raw_keys = unhex(generated["keys"].as_str().unwrap_or_default())?;
			let proof = unhex(generated["proof"].as_str().unwrap_or_default())?;
			let keys = didimo_runtime::SessionKeys::decode(&mut &raw_keys[..]).map_err(|e| {
				Error::Network(format!("the node's session keys do not decode: {e}"))
			})?;
			let call = didimo_runtime::RuntimeCall::Session(pallet_session::Call::set_keys {
				keys,
				proof: proof.clone(),
			});
			let encoded_call = hex(&codec::Encode::encode(&call));
			let mut answer = json!({
				"owner": owner_pair.address(),
				"keys": hex(&raw_keys),
				"proof": hex(&proof),
				"setKeysCall": encoded_call,
			});
			let mut human = format!(
				"session keys for {}: {}\nproof: {}\nsession.set_keys call: {encoded_call}",
				owner_pair.address(),
				hex(&raw_keys),
				hex(&proof)
			);
			if submit {
				let from = from.unwrap_or(owner_name);
				let signer = ctx.key(&from)?;
				if signer.account() != owner_account {
					return Err(Error::Usage(
						"set_keys must come from the validator's own account (--from = --owner)"
							.into(),
					));
				}
				let wait = ctx.wait;
				let receipt = ctx.chain()?.submit(&signer, call, wait)?;
				human.push_str(&format!("\nsubmitted: {}", receipt_text(&receipt)));
				answer["receipt"] = receipt.json();
			}
			ctx.emit(human, answer);
		},
	}
	Ok(())
}

/// A receipt in one line of text.
pub fn receipt_text(receipt: &crate::chain::Receipt) -> String {
	match receipt.block {
		Some((number, hash)) => format!(
			"extrinsic {:?} in block #{number} {hash:?}{}",
			receipt.hash,
			if receipt.finalized { " (finalized)" } else { "" }
		),
		None => format!("extrinsic {:?} in the pool", receipt.hash),
	}
}
