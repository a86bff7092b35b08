//! The integration tests of the core, through its public API and the CLI.
//! One binary with modules (see `Cargo.toml`): faster to build and link.

mod util;

mod bindings;
// mod cli_validate;
// mod format;
mod schema;
mod studio;
