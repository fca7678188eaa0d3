//! Pallet configurations, one module per group.

mod consensus;
mod consent;
mod did;
mod monetary;
mod presentation;
mod revocation;
mod system;

pub use consensus::*;
pub use consent::*;
pub use did::*;
pub use monetary::*;
pub use revocation::{RevocationPageDeposit, RevocationRegistryDeposit};
pub use system::*;
