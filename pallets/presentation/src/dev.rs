//! The **development** verifying key of presentation-circuit version 1, and one proof it
//! accepts. NOT FOR PRODUCTION: the key comes from `didimo_zk::prover::dev_setup([0; 32])`, a
//! public seed, so anyone can recompute the toxic waste and forge proofs for any statement. A
//! chain whose genesis registers this key (DIDimo's `development` and `local` presets do)
//! proves nothing about credentials; real networks register keys from a multi-party
//! ceremony through `register_circuit`.
//!
//! The tests check the key against `dev_setup([0; 32])` and the proof against the key, so a
//! change to the circuit that changes its keys fails them until these are regenerated.

use hex_literal::hex;

/// Compressed verifying key of circuit version 1 from seed 0 (440 bytes).
pub const VERIFYING_KEY_V1: [u8; 440] = hex!("973a5fdbe67175bdc35e5a1c7490cd12859daa259e5196dd391a310ff119d3d13da7ca0f4d2662232ed2f436c6538dc0a12a558cdb13cdfc335b68cb5f415684d67d0c2f9cdb5ab2f067af25151d667d83b9f3d070c55b35b52175520a767d65197830c08a9458e65802454436da2e8182a89391b734fba3bb85dfcb892e17f1956129eab83cf4655034a5cb660cc94380e7358840222ce27df4d3d7951b2072e6e1c030ff8ded5ffed439a21d403919f05dd9a24cb52badf42715f9128df66119ff384323fc5e65783ca5b82145dedb77dbdec5cf31254c8a41a4523310e24b03d14da7eb1f028e0ba8e06d13bebc0db581b59c5911e967c94485f3407da7ba34771b71776a580fb7d4ed157a95fe3fdf0f408f862a764a4dae97786debc1f80c9d881ce0dfa37d6f6693ff8f2f93ca774896ed53eb93771a6b169aabfce00f194d916eb1c7f5a2ba8a60984d450a460200000000000000b530179e50c02bac311641ab296eab532d25e3f4e29318d7f07d104dbf753f39141f2f135e039fecaccb63b6cc86f2f298a61c34a7a20a3cbf10c802bc65cf85ccefa11adef55405fc554f66851eda28b943d835c8fd20d1680af556511b7f5b");

/// `VerifyingKey::hash` of [`VERIFYING_KEY_V1`] as stored (canonical little-endian bytes),
/// `2415838409998709948597521702848301790299672782206914386926202378179681416729`: what the
/// node looks for to refuse a real chain that registers the development key.
pub const KEY_HASH_V1: [u8; 32] =
	hex!("19762b01fe3f2dad184c2c3f25782105546ae5ad5137d5c9138ef3e4ea505705");

/// The public input (statement hash, canonical little-endian) of [`PROOF_V1`]: an
/// `age >= 18` presentation with non-revocation and a nullifier.
pub const PUBLIC_INPUT_V1: [u8; 32] =
	hex!("de776006082b2d79b4d5e48c862fc2834885e1f2ccde83766747c98c6d375318");

/// A proof [`VERIFYING_KEY_V1`] accepts for [`PUBLIC_INPUT_V1`] (192 compressed bytes).
pub const PROOF_V1: [u8; 192] = hex!("81399e7229be36a7ea68c58976137cfc9709a7dbf8bb534f193b63b804633340aff9606e6e4e60b2b3c8c75f022e9724a257ec28d4c3d30b1e3f366f746ac4ddbd6bce6f4db4dbb0c8ac3f601aaca74404a8c243b2ec95d5084879b032a38da4118e9b455c4a9cfb27f81a44bd363928a0f8ece689d702e30ae4601ec22f526ea5e18b78a2f8fe36937618cef121b92cb287c60ea743e3eb660bd83c39d2dd04f8374a58186f9219fddb69ad0909b9c7ca6424034215dcac3d16254489950e56");
