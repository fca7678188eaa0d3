//! # DIDimo primitives
//!
//! The types and constants every DIDimo crate agrees on, in one `no_std` crate so the runtime
//! (native and wasm), the node, the RPC layer and off-chain tools share one definition:
//!
//! - chain-level aliases: [`AccountId`], [`Balance`], [`BlockNumber`], [`Nonce`], [`Hash`],
//!   [`Signature`];
//! - the token ([`token`]): symbol, decimals and the SS58 address prefix that wallets read from
//!   the chain spec's properties;
//! - time ([`time`]): slot duration, the block-count units derived from it, and the
//!   [`time::ChainTimeApi`] runtime API that reads chain time at a block;
//! - DIDs ([`did`]): `did:didimo` identifiers, the keys and signatures of DID documents, and
//!   the W3C verification relationships;
//! - the revocation registries' ([`revocation`]) and the consent grants' ([`consent`]) stored
//!   encodings, which their pallets, runtime APIs and the RPC share;
//! - [`offchain`]: the authority key type off-chain workers sign their payloads with;
//! - [`json`] (with `std`): how these values look in JSON, for the runtime-API types' `serde`
//!   forms and the node's RPC answers.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

/// Gives a set type (with `iter()`, `with(member)` and `Default`) the JSON form of the list of
/// its members, under `std`.
macro_rules! serde_as_member_list {
	($set:ty, $member:ty) => {
		#[cfg(feature = "std")]
		impl serde::Serialize for $set {
			fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
				s.collect_seq(self.iter())
			}
		}

		#[cfg(feature = "std")]
		impl<'de> serde::Deserialize<'de> for $set {
			fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
				let members = <alloc::vec::Vec<$member> as serde::Deserialize>::deserialize(d)?;
				Ok(members.into_iter().fold(<$set>::default(), <$set>::with))
			}
		}
	};
}

use sp_runtime::{
	traits::{IdentifyAccount, Verify},
	MultiSignature,
};

/// A block number. `u32` lasts 800 years at 6-second blocks.
pub type BlockNumber = u32;

/// A transaction signature: sr25519, ed25519 or secp256k1 ECDSA, so every common wallet key works.
pub type Signature = MultiSignature;

/// An account: the 32-byte public key (or its hash, for ECDSA) of the signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// A balance, in the token's smallest unit (see [`token::DECIMALS`]).
pub type Balance = u128;

/// The count of transactions an account has sent.
pub type Nonce = u32;

/// A block or state hash (blake2-256).
pub type Hash = sp_core::H256;

pub mod consent;
pub mod did;
#[cfg(feature = "std")]
pub mod json;
pub mod offchain;
pub mod revocation;

/// The native token and how wallets should display it.
///
/// `token.rs` is self-contained so the runtime's build script can `include!` it for the
/// metadata hash without depending on this crate.
pub mod token;

/// Block time and the block-count units derived from it.
pub mod time {
	use super::BlockNumber;

	/// Target block time. Aura's slot is this long; changing it on a live chain stalls it.
	pub const MILLISECS_PER_BLOCK: u64 = 6_000;

	/// The Aura slot duration.
	pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;

	/// Blocks in a minute.
	pub const MINUTES: BlockNumber = (60_000 / MILLISECS_PER_BLOCK) as BlockNumber;

	/// Blocks in an hour.
	pub const HOURS: BlockNumber = MINUTES * 60;

	/// Blocks in a day.
	pub const DAYS: BlockNumber = HOURS * 24;

	sp_api::decl_runtime_apis! {
		/// Chain time, so clients (light clients included, with `state_call`) can tell when a
		/// block was made: the RPC dates DID documents and status lists with it.
		pub trait ChainTimeApi {
			/// `pallet-timestamp`'s time of the block read at, in milliseconds since the Unix
			/// epoch; 0 at genesis, which has no timestamp.
			fn now() -> crate::consent::Moment;
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::crypto::{Ss58AddressFormat, Ss58Codec};

	#[test]
	fn token_units_are_consistent() {
		assert_eq!(token::UNIT, 1_000_000_000_000);
		assert_eq!(token::MILLI_UNIT * 1_000, token::UNIT);
		assert_eq!(token::MICRO_UNIT * 1_000_000, token::UNIT);
	}

	#[test]
	fn time_units_follow_the_slot() {
		assert_eq!(time::MINUTES, 10);
		assert_eq!(time::HOURS, 600);
		assert_eq!(time::DAYS, 14_400);
		assert_eq!(time::SLOT_DURATION, time::MILLISECS_PER_BLOCK);
	}

	#[test]
	fn ss58_prefix_round_trips_and_differs_from_generic_substrate() {
		let format = Ss58AddressFormat::custom(token::SS58_PREFIX);
		let account = AccountId::new([7u8; 32]);
		let address = account.to_ss58check_with_version(format);
		let (decoded, version) =
			AccountId::from_ss58check_with_version(&address).expect("own address decodes");
		assert_eq!(decoded, account);
		assert_eq!(u16::from(version), token::SS58_PREFIX);
		assert_ne!(address, account.to_ss58check_with_version(Ss58AddressFormat::custom(42)));
	}
}
