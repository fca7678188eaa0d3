//! One file per call (housekeeping's two and its off-chain worker together), plus verification, genesis, the development fixtures, the benchmark's
//! fixture and how lists follow their issuers' keys. `common` holds the shared scenario.

mod close_list;
mod common;
mod create_list;
mod dev_fixtures;
mod edit_list;
mod fixture;
mod genesis;
mod housekeeping;
mod issuer_keys;
mod migrations;
mod present;
mod purge_nullifier;
mod register_circuit;
mod requests;
mod retire_circuit;
mod verify;
