//! The integration tests of the core, through its public API and the CLI.
//! One binary with modules (see `Cargo.toml`): faster to build and link.

mod pg;
mod util;

mod bindings;
mod change;
mod cli_check;
mod cli_check_manifests;
mod cli_fmt;
mod cli_install;
mod cli_manifest;
mod cli_validate;
mod commands;
mod conformance;
mod dcli;
mod examples;
mod format;
mod hostile_commands;
mod manifest;
mod merge;
mod numbers;
mod poster;
mod properties;
mod roundtrip;
mod schema;
mod standards;
mod store;
mod studio;
mod upgrade;
mod workshop;
