//! How chain values look in JSON: the `serde` forms of the runtime-API types and of the node's
//! RPC answers, defined once so every answer shows a value the same way.
//!
//! - [`hex`]: bytes as `0x`-prefixed lowercase hex (digests, hashes);
//! - [`hex_list`]: a list of byte strings, each as [`hex`];
//! - [`optional_hex`]: an optional byte string, as [`hex`] or `null`;
//! - [`text`]: bytes the chain stores as text (categories, purposes, URIs), as the text when it
//!   is UTF-8, as [`hex`] otherwise;
//! - [`text_list`]: a list of such texts;
//! - [`string`]: integers as decimal strings (balances: JavaScript numbers lose precision
//!   above 2^53);
//! - [`did`], [`did_list`], [`optional_did`], [`optional_did_list`]: identifiers as
//!   `did:didimo:<address>` strings.
//!
//! Use them with `#[serde(with = "didimo_primitives::json::hex")]`.

use alloc::{format, string::String, vec::Vec};
use core::{fmt::Display, str::FromStr};

use serde::{de::Error as _, ser::SerializeSeq, Deserialize, Deserializer, Serializer};

/// Bytes as `0x`-prefixed lowercase hex.
pub fn to_hex(bytes: &[u8]) -> String {
	array_bytes::bytes2hex("0x", bytes)
}

/// Bytes from hex, with or without the `0x` prefix.
pub fn from_hex(hex: &str) -> Result<Vec<u8>, String> {
	array_bytes::hex2bytes(hex).map_err(|e| format!("invalid hex {hex:?}: {e:?}"))
}

/// Bytes as `0x`-prefixed lowercase hex; decodes into anything a `Vec<u8>` converts into
/// (`[u8; 32]` checks the length).
pub mod hex {
	use super::*;

	/// Serializes `bytes` as hex.
	pub fn serialize<S: Serializer, T: AsRef<[u8]>>(bytes: &T, s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(&to_hex(bytes.as_ref()))
	}

	/// Deserializes hex into `T`.
	pub fn deserialize<'de, D: Deserializer<'de>, T: TryFrom<Vec<u8>>>(
		d: D,
	) -> Result<T, D::Error> {
		let text = String::deserialize(d)?;
		let bytes = from_hex(&text).map_err(D::Error::custom)?;
		let len = bytes.len();
		T::try_from(bytes).map_err(|_| D::Error::custom(format!("{len} bytes is the wrong length")))
	}
}

/// A list of byte strings, each as [`hex`].
pub mod hex_list {
	use super::*;

	/// Serializes each item as hex.
	pub fn serialize<S: Serializer, T: AsRef<[u8]>>(items: &[T], s: S) -> Result<S::Ok, S::Error> {
		let mut seq = s.serialize_seq(Some(items.len()))?;
		for item in items {
			seq.serialize_element(&to_hex(item.as_ref()))?;
		}
		seq.end()
	}

	/// Deserializes a list of hex strings.
	pub fn deserialize<'de, D: Deserializer<'de>, T: TryFrom<Vec<u8>>>(
		d: D,
	) -> Result<Vec<T>, D::Error> {
		Vec::<String>::deserialize(d)?
			.iter()
			.map(|text| {
				let bytes = from_hex(text).map_err(D::Error::custom)?;
				T::try_from(bytes).map_err(|_| D::Error::custom("wrong length"))
			})
			.collect()
	}
}

/// An optional byte string, as [`hex`] or `null`.
pub mod optional_hex {
	use super::*;

	/// Serializes the bytes as hex, or `null`.
	pub fn serialize<S: Serializer, T: AsRef<[u8]>>(
		bytes: &Option<T>,
		s: S,
	) -> Result<S::Ok, S::Error> {
		match bytes {
			Some(bytes) => s.serialize_some(&to_hex(bytes.as_ref())),
			None => s.serialize_none(),
		}
	}

	/// Deserializes hex into `T`, or `null`.
	pub fn deserialize<'de, D: Deserializer<'de>, T: TryFrom<Vec<u8>>>(
		d: D,
	) -> Result<Option<T>, D::Error> {
		Option::<String>::deserialize(d)?
			.map(|text| {
				let bytes = from_hex(&text).map_err(D::Error::custom)?;
				let len = bytes.len();
				T::try_from(bytes)
					.map_err(|_| D::Error::custom(format!("{len} bytes is the wrong length")))
			})
			.transpose()
	}
}

/// The text of bytes stored as text: the text itself when the bytes are UTF-8, `0x` hex
/// otherwise.
pub fn to_text(bytes: &[u8]) -> String {
	match core::str::from_utf8(bytes) {
		Ok(text) => text.into(),
		Err(_) => to_hex(bytes),
	}
}

/// The inverse of [`to_text`]: a `0x` hex string whose bytes are not UTF-8 is those bytes
/// (that is what [`to_text`] makes of them); any other string is its own UTF-8 bytes.
pub fn from_text(text: &str) -> Vec<u8> {
	text.starts_with("0x")
		.then(|| from_hex(text).ok())
		.flatten()
		.filter(|bytes| core::str::from_utf8(bytes).is_err())
		.unwrap_or_else(|| text.as_bytes().to_vec())
}

/// Bytes stored as text: see [`to_text`] and [`from_text`].
pub mod text {
	use super::*;

	/// Serializes `bytes` as text.
	pub fn serialize<S: Serializer, T: AsRef<[u8]>>(bytes: &T, s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(&to_text(bytes.as_ref()))
	}

	/// Deserializes text into bytes.
	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
		Ok(from_text(&String::deserialize(d)?))
	}
}

/// A list of texts, each as [`text`].
pub mod text_list {
	use super::*;

	/// Serializes each item as text.
	pub fn serialize<S: Serializer, T: AsRef<[u8]>>(items: &[T], s: S) -> Result<S::Ok, S::Error> {
		let mut seq = s.serialize_seq(Some(items.len()))?;
		for item in items {
			seq.serialize_element(&to_text(item.as_ref()))?;
		}
		seq.end()
	}

	/// Deserializes a list of texts.
	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<u8>>, D::Error> {
		Ok(Vec::<String>::deserialize(d)?.iter().map(|text| from_text(text)).collect())
	}
}

/// Integers (balances) as decimal strings.
pub mod string {
	use super::*;

	/// Serializes `value` as its decimal string.
	pub fn serialize<S: Serializer, T: Display>(value: &T, s: S) -> Result<S::Ok, S::Error> {
		s.collect_str(value)
	}

	/// Deserializes a decimal string.
	pub fn deserialize<'de, D: Deserializer<'de>, T: FromStr>(d: D) -> Result<T, D::Error> {
		let text = String::deserialize(d)?;
		text.parse().map_err(|_| D::Error::custom(format!("not a decimal integer: {text:?}")))
	}
}

/// A DID identifier as `did:didimo:<address>`.
pub mod did {
	use super::*;
	use crate::did::{format_did, parse_did, DidIdentifier};

	/// Serializes the DID's string form.
	pub fn serialize<S: Serializer>(did: &DidIdentifier, s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(&format_did(did))
	}

	/// Parses a DID's string form.
	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DidIdentifier, D::Error> {
		let text = String::deserialize(d)?;
		parse_did(&text).map_err(|e| D::Error::custom(format!("{text:?}: {}", e.describe())))
	}
}

/// An optional DID identifier, as [`did`] or `null`.
pub mod optional_did {
	use super::*;
	use crate::did::{format_did, parse_did, DidIdentifier};

	/// Serializes the DID's string form, or `null`.
	pub fn serialize<S: Serializer>(did: &Option<DidIdentifier>, s: S) -> Result<S::Ok, S::Error> {
		match did {
			Some(did) => s.serialize_some(&format_did(did)),
			None => s.serialize_none(),
		}
	}

	/// Parses a DID's string form, or `null`.
	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DidIdentifier>, D::Error> {
		Option::<String>::deserialize(d)?
			.map(|text| {
				parse_did(&text)
					.map_err(|e| D::Error::custom(format!("{text:?}: {}", e.describe())))
			})
			.transpose()
	}
}

/// A list of DID identifiers, each as [`did`].
pub mod did_list {
	use super::*;
	use crate::did::{format_did, parse_did, DidIdentifier};

	/// Serializes each DID's string form.
	pub fn serialize<S: Serializer>(dids: &[DidIdentifier], s: S) -> Result<S::Ok, S::Error> {
		let mut seq = s.serialize_seq(Some(dids.len()))?;
		for did in dids {
			seq.serialize_element(&format_did(did))?;
		}
		seq.end()
	}

	/// Parses a list of DIDs' string forms.
	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<DidIdentifier>, D::Error> {
		Vec::<String>::deserialize(d)?
			.iter()
			.map(|text| {
				parse_did(text).map_err(|e| D::Error::custom(format!("{text:?}: {}", e.describe())))
			})
			.collect()
	}
}

/// A list of optional DID identifiers (free slots are `null`), each as [`did`].
pub mod optional_did_list {
	use super::*;
	use crate::did::{format_did, parse_did, DidIdentifier};

	/// Serializes each DID's string form, or `null`.
	pub fn serialize<S: Serializer>(
		dids: &[Option<DidIdentifier>],
		s: S,
	) -> Result<S::Ok, S::Error> {
		let mut seq = s.serialize_seq(Some(dids.len()))?;
		for did in dids {
			seq.serialize_element(&did.as_ref().map(format_did))?;
		}
		seq.end()
	}

	/// Parses a list of DIDs' string forms or `null`s.
	pub fn deserialize<'de, D: Deserializer<'de>>(
		d: D,
	) -> Result<Vec<Option<DidIdentifier>>, D::Error> {
		Vec::<Option<String>>::deserialize(d)?
			.iter()
			.map(|text| {
				text.as_ref()
					.map(|text| {
						parse_did(text)
							.map_err(|e| D::Error::custom(format!("{text:?}: {}", e.describe())))
					})
					.transpose()
			})
			.collect()
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::did::{format_did, DidIdentifier};
	use serde::{Deserialize, Serialize};

	#[derive(Debug, PartialEq, Serialize, Deserialize)]
	struct Sample {
		#[serde(with = "hex")]
		digest: [u8; 4],
		#[serde(with = "hex_list")]
		path: Vec<[u8; 2]>,
		#[serde(with = "text")]
		category: Vec<u8>,
		#[serde(with = "text_list")]
		types: Vec<Vec<u8>>,
		#[serde(with = "string")]
		balance: u128,
		#[serde(with = "did")]
		did: DidIdentifier,
		#[serde(with = "optional_did")]
		maybe: Option<DidIdentifier>,
		#[serde(with = "did_list")]
		controllers: Vec<DidIdentifier>,
	}

	#[test]
	fn values_round_trip_through_their_json_forms() {
		let did = DidIdentifier::new([7; 32]);
		let sample = Sample {
			digest: [0xde, 0xad, 0xbe, 0xef],
			path: vec![[0, 1], [0xff, 0x10]],
			category: b"schema:kyc".to_vec(),
			types: vec![b"LinkedDomains".to_vec(), vec![0xff, 0x00]],
			balance: u128::MAX,
			did: did.clone(),
			maybe: None,
			controllers: vec![did.clone()],
		};
		let value = serde_json::to_value(&sample).expect("serializes");
		assert_eq!(value["digest"], "0xdeadbeef");
		assert_eq!(value["path"], serde_json::json!(["0x0001", "0xff10"]));
		assert_eq!(value["category"], "schema:kyc");
		assert_eq!(value["types"], serde_json::json!(["LinkedDomains", "0xff00"]));
		assert_eq!(value["balance"], u128::MAX.to_string());
		assert_eq!(value["did"], format_did(&did));
		assert!(value["maybe"].is_null());
		assert_eq!(serde_json::from_value::<Sample>(value).expect("deserializes"), sample);
	}

	#[test]
	fn malformed_json_forms_are_errors() {
		let good = serde_json::to_value(Sample {
			digest: [0; 4],
			path: vec![],
			category: vec![],
			types: vec![],
			balance: 0,
			did: DidIdentifier::new([1; 32]),
			maybe: Some(DidIdentifier::new([2; 32])),
			controllers: vec![],
		})
		.expect("serializes");
		for (field, bad) in [
			("digest", serde_json::json!("0xdead")),
			("digest", serde_json::json!("0xzzzzzzzz")),
			("balance", serde_json::json!("-1")),
			("did", serde_json::json!("did:web:example.org")),
			("maybe", serde_json::json!("did:didimo:")),
			("controllers", serde_json::json!(["x"])),
		] {
			let mut value = good.clone();
			value[field] = bad;
			assert!(serde_json::from_value::<Sample>(value).is_err(), "{field}");
		}
	}

	#[test]
	fn text_that_looks_like_hex_of_text_stays_text() {
		// "0x41" is valid UTF-8 text; its hex reading (b"A") would be UTF-8 too, so to_text
		// could never have produced it from b"A": it is the text itself.
		assert_eq!(from_text("0x41"), b"0x41".to_vec());
		assert_eq!(from_text(&to_text(&[0xff, 0xfe])), vec![0xff, 0xfe]);
		assert_eq!(to_text(b"dpv:Marketing"), "dpv:Marketing");
	}
}
