//! One file per call, plus the authorisation matrix, the audit trail's bounds, the deposits'
//! return on every path, the off-chain cleanup and the reads.

mod authorization;
mod decline;
mod deposits;
mod expire;
mod grant;
mod history;
mod narrow;
mod offchain;
mod purge;
mod reads;
mod record_access;
mod renew;
mod revoke;
mod revoke_all;
mod revoke_grantee;
mod try_state;
