//! The keys authorities sign expiry payloads with: [`Sr25519Authority`], shared with the other
//! pallets whose off-chain workers sign (`didimo_primitives::offchain`). The runtime sets
//! `AuthorityId = Sr25519Authority<AuraId>`, and the payload's signing context keeps those
//! signatures apart from block seals.

pub use didimo_primitives::offchain::Sr25519Authority;
