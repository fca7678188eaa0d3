//! One file per call, plus verification, genesis and the development fixtures.

mod dev_fixtures;
mod genesis;
mod register_circuit;
mod retire_circuit;
mod verify;
