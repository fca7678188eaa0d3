//! Pallet configurations, one module per group.

mod consensus;
mod monetary;
mod system;

pub use consensus::*;
pub use monetary::*;
pub use system::*;
