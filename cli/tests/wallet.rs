//! The wallet file: encrypted at rest, never changed by a failure, never half-written.

use std::{fs, path::Path};

use didimo_cli::{
	error::Error,
	keys::KeyPair,
	wallet::{Account, KdfParams, Scheme, Wallet, DEFAULT_KDF},
};

/// Cheap Argon2id parameters: these tests are about the file, not the KDF's cost.
const LIGHT: KdfParams = KdfParams { memory_kib: 256, iterations: 1, parallelism: 1 };
const PHRASE: &str = "correct horse battery staple";

/// A wallet at `dir/wallet.json` holding one account with a fresh phrase; the phrase.
fn wallet_with_account(dir: &Path) -> (std::path::PathBuf, String) {
	let path = dir.join("wallet.json");
	let mut wallet = Wallet::create(&path, PHRASE, LIGHT).expect("created");
	let (_, secret) = KeyPair::generate(Scheme::Sr25519);
	let phrase = secret.expose().to_owned();
	wallet.data.accounts.push(Account { name: "issuer".into(), scheme: Scheme::Sr25519, secret });
	wallet.save().expect("saved");
	(path, phrase)
}

fn wallet_error(result: Result<Wallet, Error>) -> String {
	match result {
		Err(Error::Wallet(message)) => message,
		Err(other) => panic!("expected a wallet error, got {other:?}"),
		Ok(_) => panic!("the wallet opened"),
	}
}

#[test]
fn the_file_holds_no_secret_in_the_clear() {
	let dir = tempfile::tempdir().expect("a temporary folder");
	let (path, phrase) = wallet_with_account(dir.path());
	let bytes = fs::read(&path).expect("the file");
	let text = String::from_utf8_lossy(&bytes);
	for word in phrase.split_whitespace() {
		// Every word of the phrase is a dictionary word; none may appear (words of four letters
		// or fewer could occur by chance in base64, so only longer ones are looked for).
		if word.len() > 4 {
			assert!(!text.contains(word), "the phrase's word `{word}` is in the file");
		}
	}
	assert!(!text.contains("issuer"), "the account's name is in the clear");
	assert!(!text.contains("sr25519"));
	let envelope: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
	assert_eq!(envelope["kdf"]["name"], "argon2id");
	assert_eq!(envelope["cipher"]["name"], "aes-256-gcm");
	// The account's secret round-trips through the right pass phrase.
	let wallet = Wallet::open(&path, PHRASE).expect("opens");
	assert_eq!(wallet.data.account("issuer").expect("the account").secret.expose(), phrase);
}

#[test]
fn every_save_uses_a_fresh_nonce() {
	let dir = tempfile::tempdir().expect("a temporary folder");
	let (path, _) = wallet_with_account(dir.path());
	let first = fs::read(&path).expect("the file");
	Wallet::open(&path, PHRASE).expect("opens").save().expect("saved");
	let second = fs::read(&path).expect("the file");
	let nonce = |b: &[u8]| {
		serde_json::from_slice::<serde_json::Value>(b).expect("JSON")["cipher"]["nonce"].clone()
	};
	assert_ne!(nonce(&first), nonce(&second));
}

#[test]
fn a_wrong_pass_phrase_fails_and_leaves_the_file_alone() {
	let dir = tempfile::tempdir().expect("a temporary folder");
	let (path, _) = wallet_with_account(dir.path());
	let before = fs::read(&path).expect("the file");
	let message = wallet_error(Wallet::open(&path, "not the pass phrase"));
	assert!(message.contains("wrong pass phrase"), "{message}");
	assert_eq!(fs::read(&path).expect("the file"), before);
	Wallet::open(&path, PHRASE).expect("the right pass phrase still opens it");
}

#[test]
fn a_crash_between_write_and_rename_leaves_the_old_wallet() {
	let dir = tempfile::tempdir().expect("a temporary folder");
	let (path, phrase) = wallet_with_account(dir.path());
	let before = fs::read(&path).expect("the file");
	{
		let mut wallet = Wallet::open(&path, PHRASE).expect("opens");
		wallet.data.accounts.clear();
		// The new wallet is written and synced beside the old one, then the process "dies"
		// before the rename: the temporary file stays behind.
		let staged = wallet.stage().expect("staged");
		staged.into_temp_path().keep().expect("left behind");
	}
	assert_eq!(fs::read(&path).expect("the file"), before);
	let leftovers = fs::read_dir(dir.path())
		.expect("the folder")
		.filter(|e| e.as_ref().is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".tmp")))
		.count();
	assert_eq!(leftovers, 1, "the staged file is still there, as after a crash");
	let wallet = Wallet::open(&path, PHRASE).expect("the old wallet opens");
	assert_eq!(wallet.data.account("issuer").expect("the account").secret.expose(), phrase);
}

#[test]
fn a_damaged_file_is_reported_and_kept() {
	let dir = tempfile::tempdir().expect("a temporary folder");
	let (path, _) = wallet_with_account(dir.path());
	let good = fs::read_to_string(&path).expect("the file");

	let cases: Vec<(&str, String)> = vec![
		("truncated", good[..good.len() / 2].to_owned()),
		("not JSON", "garbage".to_owned()),
		("another format", good.replace("\"didimoWallet\": 1", "\"didimoWallet\": 9")),
		// Flipping the parameters the ciphertext was sealed under fails the tag.
		("altered header", good.replace("\"iterations\": 1", "\"iterations\": 2")),
		("unknown cipher", good.replace("aes-256-gcm", "rot13")),
	];
	for (what, text) in cases {
		fs::write(&path, &text).expect("written");
		let message = wallet_error(Wallet::open(&path, PHRASE));
		assert!(message.contains("left as it is"), "{what}: {message}");
		assert_eq!(fs::read_to_string(&path).expect("the file"), text, "{what}: file changed");
	}

	// A crafted file cannot make an open allocate gigabytes.
	let greedy = good.replace("\"memoryKiB\": 256", "\"memoryKiB\": 4294967295");
	fs::write(&path, &greedy).expect("written");
	let message = wallet_error(Wallet::open(&path, PHRASE));
	assert!(message.contains("beyond this tool's limits"), "{message}");
}

#[test]
fn create_refuses_to_replace_a_wallet() {
	let dir = tempfile::tempdir().expect("a temporary folder");
	let (path, _) = wallet_with_account(dir.path());
	let before = fs::read(&path).expect("the file");
	let message = wallet_error(Wallet::create(&path, "another", LIGHT));
	assert!(message.contains("already exists"), "{message}");
	assert_eq!(fs::read(&path).expect("the file"), before);
}

#[test]
fn a_new_pass_phrase_replaces_the_old() {
	let dir = tempfile::tempdir().expect("a temporary folder");
	let (path, _) = wallet_with_account(dir.path());
	Wallet::open(&path, PHRASE).expect("opens").change_passphrase("a new one").expect("changed");
	wallet_error(Wallet::open(&path, PHRASE));
	let wallet = Wallet::open(&path, "a new one").expect("opens with the new one");
	assert!(wallet.data.account("issuer").is_some());
}

#[test]
fn the_default_kdf_is_memory_hard() {
	// A new wallet records Argon2id with RFC 9106's 64 MiB and three passes in its header.
	let dir = tempfile::tempdir().expect("a temporary folder");
	let path = dir.path().join("wallet.json");
	Wallet::create(&path, PHRASE, DEFAULT_KDF).expect("created");
	let envelope: serde_json::Value =
		serde_json::from_slice(&fs::read(&path).expect("the file")).expect("JSON");
	assert_eq!(envelope["kdf"]["memoryKiB"], 64 * 1024);
	assert_eq!(envelope["kdf"]["iterations"], 3);
	Wallet::open(&path, PHRASE).expect("opens");
}

#[test]
fn a_wallet_named_without_a_folder_is_kept_in_the_current_one() {
	let dir = tempfile::tempdir().expect("a temporary folder");
	let didimo = |args: &[&str]| {
		std::process::Command::new(env!("CARGO_BIN_EXE_didimo"))
			.args(["--json", "--dev", "--wallet", "wallet.json"])
			.args(args)
			.current_dir(dir.path())
			.env("DIDIMO_PASSWORD", PHRASE)
			.output()
			.expect("didimo runs")
	};
	let init = didimo(&["wallet", "init"]);
	assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stdout));
	let added = didimo(&["account", "new", "issuer"]);
	assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stdout));
	assert!(dir.path().join("wallet.json").exists());
	let listed = didimo(&["account", "list"]);
	assert!(String::from_utf8_lossy(&listed.stdout).contains("issuer"));
}
