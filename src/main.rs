//! The `meshcanvas` command line: the same core the desktop app uses, for
//! platform teams and CI.

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    cli::run()
}
