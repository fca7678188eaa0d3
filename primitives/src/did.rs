//! `did:didimo` identifiers, the keys a DID holds, the signatures they make, and the
//! verification relationships (W3C DID Core) a key can serve.
//!
//! - A DID's identifier is 32 bytes derived from its first authentication key: the raw public
//!   key for sr25519 and ed25519, blake2-256 of the 33-byte compressed key for secp256k1. Its
//!   string form is `did:didimo:<SS58 address of those bytes, prefix 7306>`.
//! - Signing keys ([`DidVerificationKey`]) serve authentication, assertionMethod,
//!   capabilityInvocation and capabilityDelegation; X25519 keys ([`X25519Key`]) serve
//!   keyAgreement only; zero-knowledge issuer keys ([`ZkIssuerKey`], EdDSA on Jubjub) serve
//!   assertionMethod only.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
#[cfg(feature = "std")]
use serde::{Deserialize, Serialize};
use sp_core::{ecdsa, ed25519, sr25519};
use sp_runtime::{traits::Verify, AccountId32};

/// The 32-byte identifier of a DID.
pub type DidIdentifier = AccountId32;

/// The DID method name, as it appears in `did:didimo:...`.
pub const DID_METHOD: &str = "didimo";

/// Everything before the method-specific identifier.
pub const DID_PREFIX: &str = "did:didimo:";

/// What browser wallet extensions (polkadot.js extension, Talisman, SubWallet) put before the
/// bytes they are asked to sign raw, so a dapp cannot make them sign a transaction.
pub const WRAPPED_BYTES_PREFIX: &[u8] = b"<Bytes>";

/// What they put after those bytes.
pub const WRAPPED_BYTES_SUFFIX: &[u8] = b"</Bytes>";

/// `payload` as a browser wallet extension signs it: `<Bytes>` ++ payload ++ `</Bytes>`.
pub fn wrap_bytes(payload: &[u8]) -> alloc::vec::Vec<u8> {
	[WRAPPED_BYTES_PREFIX, payload, WRAPPED_BYTES_SUFFIX].concat()
}

/// A key that signs for a DID: sr25519 (schnorrkel), ed25519 or secp256k1 ECDSA.
#[derive(
	Clone,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum DidVerificationKey {
	/// A 32-byte Ristretto (schnorrkel) public key.
	Sr25519(sr25519::Public),
	/// A 32-byte Ed25519 public key.
	Ed25519(ed25519::Public),
	/// A 33-byte compressed secp256k1 public key.
	Ecdsa(ecdsa::Public),
}

impl DidVerificationKey {
	/// The DID identifier this key derives when it is a DID's first authentication key.
	pub fn derive_did(&self) -> DidIdentifier {
		match self {
			Self::Sr25519(key) => AccountId32::new(key.0),
			Self::Ed25519(key) => AccountId32::new(key.0),
			Self::Ecdsa(key) => AccountId32::new(sp_io::hashing::blake2_256(&key.0)),
		}
	}

	/// Whether `signature` is this key's signature over `message`. A signature of another
	/// scheme never verifies.
	pub fn verify(&self, message: &[u8], signature: &DidSignature) -> bool {
		match (self, signature) {
			(Self::Sr25519(key), DidSignature::Sr25519(sig)) => sig.verify(message, key),
			(Self::Ed25519(key), DidSignature::Ed25519(sig)) => sig.verify(message, key),
			// sp-core's ECDSA signs and verifies blake2-256 of the message.
			(Self::Ecdsa(key), DidSignature::Ecdsa(sig)) => sig.verify(message, key),
			_ => false,
		}
	}

	/// Whether `signature` is this key's signature over the DID payload `payload`, signed
	/// either as it is (the CLI, subxt, hardware signers) or wrapped as browser wallet
	/// extensions sign raw bytes ([`wrap_bytes`]). The wrapping makes the signed message start
	/// with `<Bytes>`, which no SCALE-encoded DID payload does, so the two readings cannot be
	/// confused. Costs a second verification when the first fails.
	pub fn verify_payload(&self, payload: &[u8], signature: &DidSignature) -> bool {
		self.verify(payload, signature) || self.verify(&wrap_bytes(payload), signature)
	}

	/// The multicodec name of the key type (for `publicKeyMultibase` in DID documents).
	pub fn multicodec(&self) -> (&'static [u8], &[u8]) {
		match self {
			// sr25519-pub (0xef), ed25519-pub (0xed), secp256k1-pub (0xe7), as varints.
			Self::Sr25519(key) => (&[0xef, 0x01], &key.0[..]),
			Self::Ed25519(key) => (&[0xed, 0x01], &key.0[..]),
			Self::Ecdsa(key) => (&[0xe7, 0x01], &key.0[..]),
		}
	}
}

/// A signature by a [`DidVerificationKey`].
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum DidSignature {
	/// An sr25519 signature (64 bytes).
	Sr25519(sr25519::Signature),
	/// An ed25519 signature (64 bytes).
	Ed25519(ed25519::Signature),
	/// A recoverable secp256k1 ECDSA signature (65 bytes) over blake2-256 of the message.
	Ecdsa(ecdsa::Signature),
}

/// An X25519 public key for key agreement (encrypting to the DID's holder).
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub struct X25519Key(#[cfg_attr(feature = "std", serde(with = "crate::json::hex"))] pub [u8; 32]);

/// The u-coordinates (little-endian) of the X25519 points of small order, and their
/// non-canonical encodings: a shared secret with any of them is predictable, so such a key
/// would let anyone read what is encrypted to it.
const X25519_SMALL_ORDER: [[u8; 32]; 7] = [
	// 0 (order 4)
	[0; 32],
	// 1 (order 1)
	[
		1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0,
	],
	// 325606250916557431795983626356110631294008115727848805560023387167927233504 (order 8)
	[
		0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4,
		0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49,
		0xb8, 0x00,
	],
	// 39382357235489614581723060781553021112529911719440698176882885853963445705823 (order 8)
	[
		0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef,
		0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f,
		0x11, 0x57,
	],
	// p - 1 (order 2)
	[
		0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0x7f,
	],
	// p (= 0)
	[
		0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0x7f,
	],
	// p + 1 (= 1)
	[
		0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0x7f,
	],
];

impl X25519Key {
	/// Whether the key is usable: not one of the small-order points, whose shared secrets are
	/// predictable. (X25519 ignores the top bit, so it is cleared before comparing.)
	pub fn is_valid(&self) -> bool {
		let mut u = self.0;
		u[31] &= 0x7f;
		!X25519_SMALL_ORDER.contains(&u)
	}
}

/// A zero-knowledge issuer key: an EdDSA public key on Jubjub (the twisted Edwards curve over
/// BLS12-381's scalar field), as the 32-byte compressed point the credential circuits use.
/// Whether the bytes are a point of the prime-order subgroup is checked where the key is
/// registered (`didimo-zk`), not by this type.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub struct ZkIssuerKey(#[cfg_attr(feature = "std", serde(with = "crate::json::hex"))] pub [u8; 32]);

/// Any public key a DID document can list.
#[derive(
	Clone,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum DidPublicKey {
	/// A signing key.
	Verification(DidVerificationKey),
	/// A key-agreement key.
	KeyAgreement(X25519Key),
	/// A zero-knowledge credential issuer key.
	ZkIssuer(ZkIssuerKey),
}

impl DidPublicKey {
	/// The relationships this kind of key may serve.
	pub fn allowed_relationships(&self) -> Relationships {
		match self {
			Self::Verification(_) => Relationships::SIGNING,
			Self::KeyAgreement(_) => Relationships::from(Relationship::KeyAgreement),
			Self::ZkIssuer(_) => Relationships::from(Relationship::AssertionMethod),
		}
	}
}

/// A W3C DID Core verification relationship.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum Relationship {
	/// `authentication`: proving control of the DID (logging in, granting consent).
	Authentication,
	/// `assertionMethod`: issuing and revoking credentials.
	AssertionMethod,
	/// `keyAgreement`: establishing encrypted channels.
	KeyAgreement,
	/// `capabilityInvocation`: updating and deactivating the DID document.
	CapabilityInvocation,
	/// `capabilityDelegation`: delegating capabilities to others.
	CapabilityDelegation,
}

impl Relationship {
	/// All relationships, in DID-document order.
	pub const ALL: [Relationship; 5] = [
		Self::Authentication,
		Self::AssertionMethod,
		Self::KeyAgreement,
		Self::CapabilityInvocation,
		Self::CapabilityDelegation,
	];

	/// The property name in a DID document.
	pub fn name(self) -> &'static str {
		match self {
			Self::Authentication => "authentication",
			Self::AssertionMethod => "assertionMethod",
			Self::KeyAgreement => "keyAgreement",
			Self::CapabilityInvocation => "capabilityInvocation",
			Self::CapabilityDelegation => "capabilityDelegation",
		}
	}

	fn bit(self) -> u8 {
		match self {
			Self::Authentication => 1,
			Self::AssertionMethod => 2,
			Self::KeyAgreement => 4,
			Self::CapabilityInvocation => 8,
			Self::CapabilityDelegation => 16,
		}
	}
}

/// A set of [`Relationship`]s, one bit each.
#[derive(
	Clone,
	Copy,
	Default,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Relationships(u8);

impl Relationships {
	/// No relationship.
	pub const NONE: Relationships = Relationships(0);
	/// Every relationship a signing key may serve (all but keyAgreement).
	pub const SIGNING: Relationships = Relationships(1 | 2 | 8 | 16);
	/// The bits that name a relationship.
	const VALID_BITS: u8 = 1 | 2 | 4 | 8 | 16;

	/// The set from raw bits; `None` if a bit names no relationship.
	pub fn from_bits(bits: u8) -> Option<Self> {
		(bits & !Self::VALID_BITS == 0).then_some(Self(bits))
	}

	/// The raw bits.
	pub fn bits(self) -> u8 {
		self.0
	}

	/// Whether `relationship` is in the set.
	pub fn contains(self, relationship: Relationship) -> bool {
		self.0 & relationship.bit() != 0
	}

	/// Whether every relationship of `self` is in `other`.
	pub fn is_subset_of(self, other: Relationships) -> bool {
		self.0 & !other.0 == 0
	}

	/// Whether the set is empty.
	pub fn is_empty(self) -> bool {
		self.0 == 0
	}

	/// The set with `relationship` added.
	pub fn with(self, relationship: Relationship) -> Self {
		Self(self.0 | relationship.bit())
	}

	/// The relationships in the set, in DID-document order.
	pub fn iter(self) -> impl Iterator<Item = Relationship> {
		Relationship::ALL.into_iter().filter(move |r| self.contains(*r))
	}
}

// In JSON: the list of the relationships' names, in DID-document order.
serde_as_member_list!(Relationships, Relationship);

impl From<Relationship> for Relationships {
	fn from(relationship: Relationship) -> Self {
		Self(relationship.bit())
	}
}

/// Why a string is not a `did:didimo` identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DidParseError {
	/// It does not start with `did:` followed by a method name and `:`.
	NotADid,
	/// It is a DID of another method (`did:web:...`, ...).
	MethodNotSupported,
	/// The method-specific identifier is not valid SS58 (bad characters, length or checksum).
	InvalidAddress,
	/// The address is valid SS58 but for another network than DIDimo's prefix.
	WrongNetwork,
}

impl DidParseError {
	/// A sentence for error messages.
	pub fn describe(self) -> &'static str {
		match self {
			Self::NotADid => "not a DID: expected `did:<method>:<method-specific-id>`",
			Self::MethodNotSupported => "the DID method is not `didimo`",
			Self::InvalidAddress => {
				"the method-specific identifier is not a valid SS58 address of 32 bytes"
			},
			Self::WrongNetwork => "the address is not for the DIDimo network (SS58 prefix 7306)",
		}
	}
}

/// Parses `did:didimo:<ss58>` into its identifier. DID URLs (with a path, query or fragment)
/// are not DIDs and are rejected.
#[cfg(feature = "std")]
pub fn parse_did(did: &str) -> Result<DidIdentifier, DidParseError> {
	use sp_core::crypto::Ss58Codec;

	let rest = did.strip_prefix("did:").ok_or(DidParseError::NotADid)?;
	let (method, id) = rest.split_once(':').ok_or(DidParseError::NotADid)?;
	// did-core: method-name = 1*method-char (lowercase letters and digits).
	if method.is_empty() || !method.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
		return Err(DidParseError::NotADid);
	}
	if method != DID_METHOD {
		return Err(DidParseError::MethodNotSupported);
	}
	if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
		return Err(DidParseError::InvalidAddress);
	}
	let (account, format) =
		AccountId32::from_ss58check_with_version(id).map_err(|_| DidParseError::InvalidAddress)?;
	if u16::from(format) != crate::token::SS58_PREFIX {
		return Err(DidParseError::WrongNetwork);
	}
	Ok(account)
}

/// The string form `did:didimo:<ss58>` of an identifier.
#[cfg(feature = "std")]
pub fn format_did(did: &DidIdentifier) -> String {
	use sp_core::crypto::{Ss58AddressFormat, Ss58Codec};
	format!(
		"{DID_PREFIX}{}",
		did.to_ss58check_with_version(Ss58AddressFormat::custom(crate::token::SS58_PREFIX))
	)
}

/// What other pallets need to know of the DID registry, without depending on it.
pub trait DidRegistry {
	/// Whether `did` exists and has not been deactivated.
	fn is_active(did: &DidIdentifier) -> bool;

	/// The zero-knowledge issuer key of an active DID: its first verification method, in
	/// document order, that is a [`ZkIssuerKey`] serving `assertionMethod`. `None` for a DID
	/// without one, or deactivated. Trusted-issuer lists commit to this key.
	fn zk_issuer_key(did: &DidIdentifier) -> Option<ZkIssuerKey>;
}

/// Told by the DID registry whenever the zero-knowledge issuer key of a DID
/// ([`DidRegistry::zk_issuer_key`]) changes: a key added before the others or rotated, the
/// key removed or its relationship dropped, the DID deactivated (`None`). The registry
/// charges [`Self::max_weight`] up front and refunds what the call did not use.
pub trait ZkIssuerKeyObserver {
	/// `did`'s key is now `key`; returns the weight used.
	fn zk_issuer_key_changed(did: &DidIdentifier, key: Option<&ZkIssuerKey>) -> sp_runtime::Weight;

	/// The most [`Self::zk_issuer_key_changed`] can use.
	fn max_weight() -> sp_runtime::Weight;
}

/// Nobody listens.
impl ZkIssuerKeyObserver for () {
	fn zk_issuer_key_changed(_: &DidIdentifier, _: Option<&ZkIssuerKey>) -> sp_runtime::Weight {
		sp_runtime::Weight::zero()
	}

	fn max_weight() -> sp_runtime::Weight {
		sp_runtime::Weight::zero()
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::{crypto::Ss58Codec, Pair};

	#[test]
	fn sr25519_and_ed25519_dids_are_the_raw_key() {
		let sr = sr25519::Pair::from_string("//Alice", None).expect("dev seed").public();
		assert_eq!(DidVerificationKey::Sr25519(sr).derive_did(), AccountId32::new(sr.0));
		let ed = ed25519::Pair::from_string("//Alice", None).expect("dev seed").public();
		assert_eq!(DidVerificationKey::Ed25519(ed).derive_did(), AccountId32::new(ed.0));
	}

	#[test]
	fn ecdsa_did_is_the_blake2_of_the_compressed_key() {
		let key = ecdsa::Pair::from_string("//Alice", None).expect("dev seed").public();
		let did = DidVerificationKey::Ecdsa(key).derive_did();
		assert_eq!(did, AccountId32::new(sp_io::hashing::blake2_256(&key.0)));
		// The same as the account a MultiSigner::Ecdsa derives.
		use sp_runtime::traits::IdentifyAccount;
		assert_eq!(did, sp_runtime::MultiSigner::Ecdsa(key).into_account());
	}

	#[test]
	fn signatures_verify_only_with_their_own_key_and_scheme() {
		let message = b"didimo";
		let sr = sr25519::Pair::from_string("//Alice", None).expect("dev seed");
		let ed = ed25519::Pair::from_string("//Alice", None).expect("dev seed");
		let ec = ecdsa::Pair::from_string("//Alice", None).expect("dev seed");
		let cases = [
			(DidVerificationKey::Sr25519(sr.public()), DidSignature::Sr25519(sr.sign(message))),
			(DidVerificationKey::Ed25519(ed.public()), DidSignature::Ed25519(ed.sign(message))),
			(DidVerificationKey::Ecdsa(ec.public()), DidSignature::Ecdsa(ec.sign(message))),
		];
		for (i, (key, signature)) in cases.iter().enumerate() {
			assert!(key.verify(message, signature), "case {i} verifies");
			assert!(!key.verify(b"other", signature), "case {i} is bound to the message");
			for (j, (_, other)) in cases.iter().enumerate() {
				if i != j {
					assert!(!key.verify(message, other), "key {i} rejects signature {j}");
				}
			}
		}
		let bob = sr25519::Pair::from_string("//Bob", None).expect("dev seed");
		assert!(!DidVerificationKey::Sr25519(bob.public())
			.verify(message, &DidSignature::Sr25519(sr.sign(message))));
	}

	#[test]
	fn payloads_verify_raw_or_wrapped_as_extensions_sign_them() {
		let payload = b"\x34didimo/create payload";
		let sr = sr25519::Pair::from_string("//Alice", None).expect("dev seed");
		let ed = ed25519::Pair::from_string("//Alice", None).expect("dev seed");
		let ec = ecdsa::Pair::from_string("//Alice", None).expect("dev seed");
		let wrapped = wrap_bytes(payload);
		assert_eq!(&wrapped[..7], b"<Bytes>");
		assert_eq!(&wrapped[wrapped.len() - 8..], b"</Bytes>");
		let cases = [
			(
				DidVerificationKey::Sr25519(sr.public()),
				DidSignature::Sr25519(sr.sign(payload)),
				DidSignature::Sr25519(sr.sign(&wrapped)),
			),
			(
				DidVerificationKey::Ed25519(ed.public()),
				DidSignature::Ed25519(ed.sign(payload)),
				DidSignature::Ed25519(ed.sign(&wrapped)),
			),
			(
				DidVerificationKey::Ecdsa(ec.public()),
				DidSignature::Ecdsa(ec.sign(payload)),
				DidSignature::Ecdsa(ec.sign(&wrapped)),
			),
		];
		for (key, raw, extension) in cases {
			assert!(key.verify_payload(payload, &raw));
			assert!(key.verify_payload(payload, &extension));
			// The wrapped signature is not a signature over the bare payload, and neither
			// verifies for another payload or a doubly wrapped one.
			assert!(!key.verify(payload, &extension));
			assert!(!key.verify_payload(b"another payload", &raw));
			assert!(!key.verify_payload(b"another payload", &extension));
			assert!(!key.verify_payload(&wrapped, &raw));
		}
	}

	#[test]
	fn small_order_x25519_keys_are_invalid() {
		for point in X25519_SMALL_ORDER {
			assert!(!X25519Key(point).is_valid());
			let mut high = point;
			high[31] |= 0x80;
			assert!(!X25519Key(high).is_valid(), "the ignored top bit does not hide it");
		}
		assert!(X25519Key([9; 32]).is_valid());
	}

	#[test]
	fn small_order_list_is_right() {
		use curve25519_dalek::{montgomery::MontgomeryPoint, Scalar};
		// Multiplying a point of order dividing 8 by 8 gives the identity (u = 0).
		let eight = Scalar::from(8u8);
		for point in X25519_SMALL_ORDER {
			assert_eq!((MontgomeryPoint(point) * eight).0, [0u8; 32], "{point:?} has small order");
		}
		assert_ne!((MontgomeryPoint([9; 32]) * eight).0, [0u8; 32]);
	}

	#[test]
	fn relationships_are_bits() {
		let set = Relationships::from(Relationship::Authentication)
			.with(Relationship::CapabilityInvocation);
		assert!(set.contains(Relationship::Authentication));
		assert!(!set.contains(Relationship::AssertionMethod));
		assert_eq!(
			set.iter().collect::<Vec<_>>(),
			vec![Relationship::Authentication, Relationship::CapabilityInvocation]
		);
		assert!(set.is_subset_of(Relationships::SIGNING));
		assert!(
			!Relationships::from(Relationship::KeyAgreement).is_subset_of(Relationships::SIGNING)
		);
		assert_eq!(Relationships::from_bits(31).map(|r| r.bits()), Some(31));
		assert_eq!(Relationships::from_bits(32), None);
	}

	#[test]
	fn relationships_are_lists_of_names_in_json() {
		let set = Relationships::from(Relationship::CapabilityInvocation)
			.with(Relationship::Authentication);
		let value = serde_json::to_value(set).expect("serializes");
		assert_eq!(value, serde_json::json!(["authentication", "capabilityInvocation"]));
		assert_eq!(serde_json::from_value::<Relationships>(value).expect("parses"), set);
		assert!(serde_json::from_value::<Relationships>(serde_json::json!(["owner"])).is_err());
	}

	#[test]
	fn key_kinds_limit_relationships() {
		let x = DidPublicKey::KeyAgreement(X25519Key([9; 32]));
		assert_eq!(x.allowed_relationships(), Relationship::KeyAgreement.into());
		let zk = DidPublicKey::ZkIssuer(ZkIssuerKey([1; 32]));
		assert_eq!(zk.allowed_relationships(), Relationship::AssertionMethod.into());
	}

	#[test]
	fn dids_round_trip_through_their_string_form() {
		let did = AccountId32::new([7; 32]);
		let text = format_did(&did);
		assert!(text.starts_with("did:didimo:"));
		assert_eq!(parse_did(&text), Ok(did));
	}

	#[test]
	fn malformed_dids_get_specific_errors() {
		let good = format_did(&AccountId32::new([7; 32]));
		let address = good.trim_start_matches(DID_PREFIX).to_string();
		let generic = AccountId32::new([7; 32])
			.to_ss58check_with_version(sp_core::crypto::Ss58AddressFormat::custom(42));
		let cases: Vec<(String, DidParseError)> = vec![
			(String::new(), DidParseError::NotADid),
			("didimo".into(), DidParseError::NotADid),
			(address.clone(), DidParseError::NotADid),
			("did:".into(), DidParseError::NotADid),
			("did:didimo".into(), DidParseError::NotADid),
			(format!("DID:didimo:{address}"), DidParseError::NotADid),
			(format!("did:DIDIMO:{address}"), DidParseError::NotADid),
			(format!("did:web:{address}"), DidParseError::MethodNotSupported),
			(format!("did:key:{address}"), DidParseError::MethodNotSupported),
			("did:didimo:".into(), DidParseError::InvalidAddress),
			(format!("{good}#key-1"), DidParseError::InvalidAddress),
			(format!("{good}/path"), DidParseError::InvalidAddress),
			(format!("{good}?versionId=1"), DidParseError::InvalidAddress),
			(
				format!("did:didimo:{}", &address[..address.len() - 1]),
				DidParseError::InvalidAddress,
			),
			(format!("did:didimo:{address}x"), DidParseError::InvalidAddress),
			("did:didimo:0OIl".into(), DidParseError::InvalidAddress),
			(format!("did:didimo:{generic}"), DidParseError::WrongNetwork),
		];
		for (input, expected) in cases {
			assert_eq!(parse_did(&input), Err(expected), "{input:?}");
		}
	}
}
