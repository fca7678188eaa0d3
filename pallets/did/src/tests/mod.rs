//! One file per call; each error path has an `assert_noop!`. Every test ends with the
//! pallet's `try_state` invariants (see `mock::ExtBuilder::build_and_execute`).

mod add_controller;
mod add_service;
mod add_verification_method;
mod create;
mod deactivate;
mod reclaim;
mod remove_controller;
mod remove_service;
mod remove_verification_method;
mod rotate_key;
mod set_relationships;
mod submit_did_call;
