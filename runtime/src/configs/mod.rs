//! Pallet configurations, one module per group.

mod consensus;
mod did;
mod monetary;
mod revocation;
mod system;

pub use consensus::*;
pub use did::*;
pub use monetary::*;
pub use system::*;
