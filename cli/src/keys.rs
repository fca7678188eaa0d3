//! Key pairs from the wallet's secrets: accounts that sign transactions and DID keys that sign
//! DID operations.

use didimo_primitives::did::{DidSignature, DidVerificationKey};
use didimo_runtime::AccountId;
use sp_core::{crypto::Ss58Codec, ecdsa, ed25519, sr25519, Pair as _};
use sp_runtime::{traits::IdentifyAccount, MultiSignature, MultiSigner};

use crate::{
	error::{Error, Result},
	wallet::{Scheme, Secret},
};

/// DIDimo's SS58 address prefix (the runtime's `SS58Prefix`).
pub fn ss58_prefix() -> u16 {
	didimo_primitives::token::SS58_PREFIX
}

/// A key pair of any of the three schemes.
#[derive(Clone)]
pub enum KeyPair {
	Sr25519(sr25519::Pair),
	Ed25519(ed25519::Pair),
	Ecdsa(ecdsa::Pair),
}

impl KeyPair {
	/// The pair a secret URI or phrase gives for `scheme`.
	pub fn from_secret(scheme: Scheme, secret: &Secret) -> Result<Self> {
		let bad = |e: sp_core::crypto::SecretStringError| {
			Error::Usage(format!("not a valid {scheme} secret (phrase or secret URI): {e:?}"))
		};
		Ok(match scheme {
			Scheme::Sr25519 => {
				KeyPair::Sr25519(sr25519::Pair::from_string(secret.expose(), None).map_err(bad)?)
			},
			Scheme::Ed25519 => {
				KeyPair::Ed25519(ed25519::Pair::from_string(secret.expose(), None).map_err(bad)?)
			},
			Scheme::Ecdsa => {
				KeyPair::Ecdsa(ecdsa::Pair::from_string(secret.expose(), None).map_err(bad)?)
			},
		})
	}

	/// A new random key of `scheme` and its BIP-39 phrase (twelve words).
	pub fn generate(scheme: Scheme) -> (Self, Secret) {
		match scheme {
			Scheme::Sr25519 => {
				let (pair, phrase, _) = sr25519::Pair::generate_with_phrase(None);
				(KeyPair::Sr25519(pair), Secret::new(phrase))
			},
			Scheme::Ed25519 => {
				let (pair, phrase, _) = ed25519::Pair::generate_with_phrase(None);
				(KeyPair::Ed25519(pair), Secret::new(phrase))
			},
			Scheme::Ecdsa => {
				let (pair, phrase, _) = ecdsa::Pair::generate_with_phrase(None);
				(KeyPair::Ecdsa(pair), Secret::new(phrase))
			},
		}
	}

	/// The public key as a `MultiSigner`.
	pub fn signer(&self) -> MultiSigner {
		match self {
			KeyPair::Sr25519(p) => p.public().into(),
			KeyPair::Ed25519(p) => p.public().into(),
			KeyPair::Ecdsa(p) => p.public().into(),
		}
	}

	/// The account this key signs for.
	pub fn account(&self) -> AccountId {
		self.signer().into_account()
	}

	/// The account's SS58 address with DIDimo's prefix.
	pub fn address(&self) -> String {
		self.account()
			.to_ss58check_with_version(sp_core::crypto::Ss58AddressFormat::custom(ss58_prefix()))
	}

	/// Signs a transaction payload.
	pub fn sign(&self, payload: &[u8]) -> MultiSignature {
		match self {
			KeyPair::Sr25519(p) => p.sign(payload).into(),
			KeyPair::Ed25519(p) => p.sign(payload).into(),
			KeyPair::Ecdsa(p) => p.sign(payload).into(),
		}
	}

	/// The key as a DID verification key.
	pub fn did_key(&self) -> DidVerificationKey {
		match self {
			KeyPair::Sr25519(p) => DidVerificationKey::Sr25519(p.public()),
			KeyPair::Ed25519(p) => DidVerificationKey::Ed25519(p.public()),
			KeyPair::Ecdsa(p) => DidVerificationKey::Ecdsa(p.public()),
		}
	}

	/// Signs a DID payload (a creation, a DID-signed call or a proof of possession).
	pub fn did_sign(&self, payload: &[u8]) -> DidSignature {
		match self {
			KeyPair::Sr25519(p) => DidSignature::Sr25519(p.sign(payload)),
			KeyPair::Ed25519(p) => DidSignature::Ed25519(p.sign(payload)),
			KeyPair::Ecdsa(p) => DidSignature::Ecdsa(p.sign(payload)),
		}
	}
}

/// The development accounts `--dev` offers, by lower-case name.
pub fn dev_account(name: &str) -> Option<KeyPair> {
	let keyring = sp_keyring::Sr25519Keyring::well_known()
		.find(|k| format!("{k:?}").eq_ignore_ascii_case(name))?;
	Some(KeyPair::Sr25519(keyring.pair()))
}
