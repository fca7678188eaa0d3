//! The stored record of a circuit version.

use codec::{Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use crate::PREPARED_KEY_BYTES;

/// A registered circuit version.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct Circuit<BlockNumber> {
	/// `VerifyingKey::hash` of the key, canonical little-endian bytes.
	pub key_hash: [u8; 32],
	/// The prepared key (see the crate documentation).
	pub key: [u8; PREPARED_KEY_BYTES],
	/// The block it was registered in (0 at genesis).
	pub registered_at: BlockNumber,
	/// The block it was retired in, if it was.
	pub retired_at: Option<BlockNumber>,
}
