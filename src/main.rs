//! The `meshcanvas` command line: the same core the desktop app uses, for
//! platform teams and CI.

use std::process::ExitCode;

mod cli;

/// Checking a mesh allocates many small values (every canvas becomes a JSON
/// value and a Rego value); mimalloc serves them faster than the system
/// allocator, on every thread (`make bench` shows the difference).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    meshcanvas::standards::policy_worker::serve_if_asked();
    cli::run()
}
