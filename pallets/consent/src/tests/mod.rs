//! One file per call, plus the authorisation matrix, the audit trail's bounds, the off-chain
//! cleanup and the reads.

mod authorization;
mod decline;
mod expire;
mod grant;
mod history;
mod narrow;
mod offchain;
mod reads;
mod record_access;
mod renew;
mod revoke;
mod revoke_all;
mod revoke_grantee;
mod try_state;
