//! One file per call, plus the authorisation matrix, the Merkle commitment and the reads.

mod add_delegate;
mod authorization;
mod close;
mod close_orphaned;
mod create_registry;
mod reads;
mod reinstate;
mod remove_delegate;
mod revoke;
mod suspend;
mod tree;
