//! The wallet: every secret the tool keeps (accounts' and DIDs' keys), in one file under the
//! user's data directory, encrypted at rest.
//!
//! # File format
//!
//! A JSON object (`docs/cli.md`):
//!
//! ```json
//! { "didimoWallet": 1,
//!   "kdf": { "name": "argon2id", "memoryKiB": 65536, "iterations": 3, "parallelism": 1,
//!            "salt": "<base64, 16 bytes>" },
//!   "cipher": { "name": "aes-256-gcm", "nonce": "<base64, 12 bytes>" },
//!   "ciphertext": "<base64>" }
//! ```
//!
//! The key is Argon2id (RFC 9106, version 0x13) of the pass phrase with the salt; the plaintext
//! is the JSON of [`WalletData`], sealed with AES-256-GCM under that key with a fresh random
//! nonce at every save. The associated data is the JSON of the three header fields as written,
//! so the parameters cannot be changed without the tag failing. Both primitives come from the
//! RustCrypto crates `argon2` and `aes-gcm`.
//!
//! # Safety of the file
//!
//! - A save writes a temporary file in the same folder, syncs it, renames it over the wallet
//!   and syncs the folder: a crash leaves either the old or the new wallet, never a mix.
//! - An open that fails (wrong pass phrase, corrupt file) changes nothing; a command can only
//!   save a wallet it opened.
//! - A wallet is held under an exclusive lock (`<wallet>.lock`) while open, so two commands
//!   cannot lose each other's changes.
//! - Secrets are zeroized when dropped: the derived key, the pass phrase, the plaintext and
//!   every [`Secret`].

use std::{
	fmt,
	fs::{self, File},
	io::Write,
	path::{Path, PathBuf},
};

use aes_gcm::{
	aead::{Aead, KeyInit, Payload},
	Aes256Gcm, Nonce,
};
use base64::{engine::general_purpose::STANDARD as BASE64, Engine};
use rand::{rngs::OsRng, RngCore};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::{Error, Result};

/// The format version this build writes and reads.
pub const FORMAT: u32 = 1;

/// Argon2id cost: 64 MiB, three passes, one lane (above RFC 9106's second recommended
/// option's memory; about a quarter of a second here).
pub const DEFAULT_KDF: KdfParams =
	KdfParams { memory_kib: 64 * 1024, iterations: 3, parallelism: 1 };

/// The most a wallet file may ask of the KDF: a crafted file cannot make an open take all the
/// memory or time of the machine.
const MAX_MEMORY_KIB: u32 = 1024 * 1024;
const MAX_ITERATIONS: u32 = 64;
const MAX_PARALLELISM: u32 = 16;

/// A secret string (a seed phrase or secret URI). Its bytes are zeroized when it is dropped,
/// and it never prints.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
	/// Takes ownership of `secret`.
	pub fn new(secret: String) -> Self {
		Secret(secret)
	}

	/// The secret text.
	pub fn expose(&self) -> &str {
		&self.0
	}
}

impl fmt::Debug for Secret {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str("Secret(..)")
	}
}

/// A key's signature scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
	/// Schnorr over Ristretto25519, the Substrate default.
	Sr25519,
	/// Ed25519.
	Ed25519,
	/// ECDSA over secp256k1.
	Ecdsa,
}

impl fmt::Display for Scheme {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			Scheme::Sr25519 => "sr25519",
			Scheme::Ed25519 => "ed25519",
			Scheme::Ecdsa => "ecdsa",
		})
	}
}

/// A named key pair: an account that pays for transactions, a DID's key, or both.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Account {
	/// The name commands refer to it by.
	pub name: String,
	pub scheme: Scheme,
	/// Its secret: a BIP-39 phrase or a secret URI (`<phrase>//hard/soft`, `0x<seed>`).
	pub secret: Secret,
}

/// A DID this wallet controls.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DidEntry {
	/// The name commands refer to it by.
	pub name: String,
	/// `did:didimo:...`.
	pub did: String,
	/// The [`Account`] whose key signs its DID-signed calls.
	pub key: String,
	/// That key's verification-method id in the DID document (`key-1`).
	pub key_id: String,
}

/// Everything the wallet holds; the plaintext of the file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WalletData {
	#[serde(default)]
	pub accounts: Vec<Account>,
	#[serde(default)]
	pub dids: Vec<DidEntry>,
	/// Zero-knowledge issuer keys (Jubjub, EdDSA with Poseidon).
	#[serde(default)]
	pub issuer_keys: Vec<IssuerKeyEntry>,
	/// Holder secrets: what credentials are bound to and nullifiers derive from.
	#[serde(default)]
	pub holders: Vec<HolderEntry>,
	/// Credentials held (imported), as their W3C documents.
	#[serde(default)]
	pub credentials: Vec<CredentialEntry>,
	/// Credentials this wallet issued: the registry slots it used.
	#[serde(default)]
	pub issued: Vec<IssuedEntry>,
}

/// A zero-knowledge issuer key: a Jubjub scalar, `0x` hex of its 32 canonical bytes.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct IssuerKeyEntry {
	/// The name commands refer to it by.
	pub name: String,
	pub secret: Secret,
}

/// A holder secret: a BLS12-381 scalar, `0x` hex of its 32 canonical bytes.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HolderEntry {
	/// The name commands refer to it by (`default` unless chosen).
	pub name: String,
	pub secret: Secret,
}

/// A credential held.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CredentialEntry {
	/// The name commands refer to it by.
	pub name: String,
	/// The holder secret it is bound to.
	pub holder: String,
	/// The W3C Verifiable Credential document, as issued.
	pub document: serde_json::Value,
}

/// A credential this wallet issued.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct IssuedEntry {
	/// The issuer DID.
	pub issuer: String,
	pub registry: u64,
	pub index: u32,
	/// The credential's id, `urn:didimo:credential:0x...`.
	pub id: String,
}

impl WalletData {
	/// The account called `name`.
	pub fn account(&self, name: &str) -> Option<&Account> {
		self.accounts.iter().find(|a| a.name == name)
	}

	/// The DID called `name`, or whose text is `name`.
	pub fn did(&self, name: &str) -> Option<&DidEntry> {
		self.dids.iter().find(|d| d.name == name || d.did == name)
	}

	/// The issuer key called `name`.
	pub fn issuer_key(&self, name: &str) -> Option<&IssuerKeyEntry> {
		self.issuer_keys.iter().find(|k| k.name == name)
	}

	/// The holder secret called `name`.
	pub fn holder(&self, name: &str) -> Option<&HolderEntry> {
		self.holders.iter().find(|h| h.name == name)
	}

	/// The credential called `name`.
	pub fn credential(&self, name: &str) -> Option<&CredentialEntry> {
		self.credentials.iter().find(|c| c.name == name)
	}
}

/// Argon2id's cost parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfParams {
	pub memory_kib: u32,
	pub iterations: u32,
	pub parallelism: u32,
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct KdfHeader {
	name: String,
	#[serde(rename = "memoryKiB")]
	memory_kib: u32,
	iterations: u32,
	parallelism: u32,
	salt: String,
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CipherHeader {
	name: String,
	nonce: String,
}

/// The authenticated header: the associated data is its JSON.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Header {
	didimo_wallet: u32,
	kdf: KdfHeader,
	cipher: CipherHeader,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Envelope {
	didimo_wallet: u32,
	kdf: KdfHeader,
	cipher: CipherHeader,
	ciphertext: String,
}

/// An open wallet: its data, and the key and salt to seal it again.
pub struct Wallet {
	path: PathBuf,
	key: Zeroizing<[u8; 32]>,
	kdf: KdfParams,
	salt: [u8; 16],
	/// The wallet's contents.
	pub data: WalletData,
	_lock: File,
}

impl Wallet {
	/// Creates a new, empty wallet at `path`, sealed with `passphrase`. Refuses to replace an
	/// existing file.
	pub fn create(path: &Path, passphrase: &str, kdf: KdfParams) -> Result<Self> {
		let lock = lock(path)?;
		if path.exists() {
			return Err(Error::Wallet(format!(
				"{} already exists: it was left as it is",
				path.display()
			)));
		}
		let mut salt = [0u8; 16];
		OsRng.fill_bytes(&mut salt);
		let key = derive_key(passphrase, &salt, kdf)?;
		let wallet = Wallet {
			path: path.to_owned(),
			key,
			kdf,
			salt,
			data: WalletData::default(),
			_lock: lock,
		};
		wallet.save()?;
		Ok(wallet)
	}

	/// Opens the wallet at `path` with `passphrase`. A wrong pass phrase or a damaged file is
	/// an error that leaves the file as it is.
	pub fn open(path: &Path, passphrase: &str) -> Result<Self> {
		let lock = lock(path)?;
		let bytes = match fs::read(path) {
			Ok(bytes) => bytes,
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
				return Err(Error::Wallet(format!(
					"no wallet at {}: create one with `didimo wallet init`",
					path.display()
				)))
			},
			Err(e) => return Err(Error::Wallet(format!("cannot read {}: {e}", path.display()))),
		};
		let corrupt = |why: String| {
			Error::Wallet(format!(
				"{} is not a readable didimo wallet ({why}); it was left as it is",
				path.display()
			))
		};
		let envelope: Envelope =
			serde_json::from_slice(&bytes).map_err(|e| corrupt(format!("not its JSON: {e}")))?;
		if envelope.didimo_wallet != FORMAT {
			return Err(corrupt(format!(
				"format {}, this didimo reads {FORMAT}",
				envelope.didimo_wallet
			)));
		}
		if envelope.kdf.name != "argon2id" || envelope.cipher.name != "aes-256-gcm" {
			return Err(corrupt(format!(
				"unknown algorithms {} / {}",
				envelope.kdf.name, envelope.cipher.name
			)));
		}
		let kdf = KdfParams {
			memory_kib: envelope.kdf.memory_kib,
			iterations: envelope.kdf.iterations,
			parallelism: envelope.kdf.parallelism,
		};
		if kdf.memory_kib > MAX_MEMORY_KIB
			|| kdf.iterations > MAX_ITERATIONS
			|| kdf.parallelism > MAX_PARALLELISM
		{
			return Err(corrupt("KDF parameters beyond this tool's limits".into()));
		}
		let salt: [u8; 16] =
			decode_fixed(&envelope.kdf.salt).ok_or_else(|| corrupt("bad salt".into()))?;
		let nonce: [u8; 12] =
			decode_fixed(&envelope.cipher.nonce).ok_or_else(|| corrupt("bad nonce".into()))?;
		let ciphertext =
			BASE64.decode(&envelope.ciphertext).map_err(|_| corrupt("bad ciphertext".into()))?;
		let header = Header {
			didimo_wallet: envelope.didimo_wallet,
			kdf: envelope.kdf,
			cipher: envelope.cipher,
		};
		let aad = serde_json::to_vec(&header).map_err(|e| corrupt(e.to_string()))?;
		let key = derive_key(passphrase, &salt, kdf)?;
		let cipher = Aes256Gcm::new_from_slice(&key[..])
			.map_err(|_| Error::Wallet("AES-256-GCM rejected a 32-byte key".into()))?;
		let plaintext = Zeroizing::new(
			cipher
				.decrypt(Nonce::from_slice(&nonce), Payload { msg: &ciphertext, aad: &aad })
				.map_err(|_| {
					Error::Wallet(format!(
						"wrong pass phrase for {}, or the file was altered; it was left as it is",
						path.display()
					))
				})?,
		);
		let data: WalletData = serde_json::from_slice(&plaintext)
			.map_err(|e| corrupt(format!("its contents do not parse: {e}")))?;
		Ok(Wallet { path: path.to_owned(), key, kdf, salt, data, _lock: lock })
	}

	/// Where the wallet lives.
	pub fn path(&self) -> &Path {
		&self.path
	}

	/// Seals the data and replaces the file atomically (see the module docs).
	pub fn save(&self) -> Result<()> {
		let staged = self.stage()?;
		staged.persist(&self.path).map_err(|e| {
			Error::Wallet(format!("cannot replace {}: {}", self.path.display(), e.error))
		})?;
		let dir = folder(&self.path);
		File::open(dir)
			.and_then(|d| d.sync_all())
			.map_err(|e| Error::Wallet(format!("cannot sync {}: {e}", dir.display())))?;
		Ok(())
	}

	/// The first half of [`Wallet::save`]: the sealed wallet written and synced to a temporary
	/// file beside the wallet, not yet renamed over it. (A crash here leaves the old wallet.)
	pub fn stage(&self) -> Result<tempfile::NamedTempFile> {
		let mut nonce = [0u8; 12];
		OsRng.fill_bytes(&mut nonce);
		let header = Header {
			didimo_wallet: FORMAT,
			kdf: KdfHeader {
				name: "argon2id".into(),
				memory_kib: self.kdf.memory_kib,
				iterations: self.kdf.iterations,
				parallelism: self.kdf.parallelism,
				salt: BASE64.encode(self.salt),
			},
			cipher: CipherHeader { name: "aes-256-gcm".into(), nonce: BASE64.encode(nonce) },
		};
		let aad = serde_json::to_vec(&header).map_err(|e| Error::Wallet(e.to_string()))?;
		// Room for a large wallet up front, so the plaintext is not copied by reallocations.
		let mut plaintext = Zeroizing::new(Vec::with_capacity(1 << 20));
		serde_json::to_writer(&mut *plaintext, &self.data)
			.map_err(|e| Error::Wallet(e.to_string()))?;
		let cipher = Aes256Gcm::new_from_slice(&self.key[..])
			.map_err(|_| Error::Wallet("AES-256-GCM rejected a 32-byte key".into()))?;
		let ciphertext = cipher
			.encrypt(Nonce::from_slice(&nonce), Payload { msg: &plaintext, aad: &aad })
			.map_err(|_| Error::Wallet("the wallet could not be encrypted".into()))?;
		let envelope = Envelope {
			didimo_wallet: header.didimo_wallet,
			kdf: header.kdf,
			cipher: header.cipher,
			ciphertext: BASE64.encode(ciphertext),
		};
		let dir = folder(&self.path);
		let io =
			|e: std::io::Error| Error::Wallet(format!("cannot write in {}: {e}", dir.display()));
		let mut file = tempfile::Builder::new()
			.prefix(".wallet-")
			.suffix(".tmp")
			.tempfile_in(dir)
			.map_err(io)?;
		let mut json =
			serde_json::to_vec_pretty(&envelope).map_err(|e| Error::Wallet(e.to_string()))?;
		json.push(b'\n');
		file.write_all(&json).map_err(io)?;
		file.as_file().sync_all().map_err(io)?;
		Ok(file)
	}

	/// Seals the wallet under a new pass phrase (a new salt, so a new key) and saves it.
	pub fn change_passphrase(&mut self, passphrase: &str) -> Result<()> {
		let mut salt = [0u8; 16];
		OsRng.fill_bytes(&mut salt);
		self.key = derive_key(passphrase, &salt, self.kdf)?;
		self.salt = salt;
		self.save()
	}
}

/// The folder the wallet file is in (`.` for a bare file name such as `wallet.json`).
fn folder(path: &Path) -> &Path {
	path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Takes the wallet's lock, creating its folder (private to the user) if needed.
fn lock(path: &Path) -> Result<File> {
	let dir = folder(path);
	if !dir.exists() {
		fs::create_dir_all(dir)
			.map_err(|e| Error::Wallet(format!("cannot create {}: {e}", dir.display())))?;
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o700));
		}
	}
	let mut name = path.file_name().unwrap_or_default().to_owned();
	name.push(".lock");
	let lock_path = dir.join(name);
	let lock = File::options()
		.create(true)
		.truncate(false)
		.write(true)
		.open(&lock_path)
		.map_err(|e| Error::Wallet(format!("cannot open {}: {e}", lock_path.display())))?;
	lock.lock().map_err(|e| Error::Wallet(format!("cannot lock {}: {e}", lock_path.display())))?;
	Ok(lock)
}

/// Argon2id of `passphrase` with `salt`: the 32-byte sealing key.
fn derive_key(passphrase: &str, salt: &[u8], kdf: KdfParams) -> Result<Zeroizing<[u8; 32]>> {
	let params = argon2::Params::new(kdf.memory_kib, kdf.iterations, kdf.parallelism, Some(32))
		.map_err(|e| Error::Wallet(format!("bad KDF parameters: {e}")))?;
	let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
	let mut key = Zeroizing::new([0u8; 32]);
	argon
		.hash_password_into(passphrase.as_bytes(), salt, &mut key[..])
		.map_err(|e| Error::Wallet(format!("the KDF failed: {e}")))?;
	Ok(key)
}

/// Base64 of exactly `N` bytes.
fn decode_fixed<const N: usize>(text: &str) -> Option<[u8; N]> {
	BASE64.decode(text).ok()?.try_into().ok()
}
