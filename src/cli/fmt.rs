//! `meshcanvas fmt`: rewrite canvas files in their canonical form, so that
//! hand edits and other tools' output diff cleanly against what the app
//! saves. `--check` is the CI mode: it writes nothing and fails when a file
//! would change.

use std::path::PathBuf;

use meshcanvas::format::{self, ParseErrorKind};

use super::Outcome;

/// Rewrite canvas files in canonical form (two-space JSON, every field
/// written, trailing newline).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  meshcanvas fmt examples/\n  \
    meshcanvas fmt orders.canvas.json returns.canvas.json\n  \
    meshcanvas fmt --check examples/\n\n\
    Exit codes: 0 all canonical (or rewritten), 1 some file is not canonical (--check) \
    or does not parse, 2 usage or I/O error.")]
pub struct Args {
    /// Canvas files, or folders searched for `*.canvas.json`.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Write nothing; list the files that are not canonical and exit 1.
    #[arg(long)]
    check: bool,
}

#[allow(clippy::unnecessary_wraps)] // the signature every subcommand's `run` has
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let (files, find_errors) = format::find_canvas_files(&args.paths);
    // A path that cannot be read or walked is an I/O error (exit 2), not a
    // problem in a canvas.
    let mut failed = false;
    for e in &find_errors {
        eprintln!("{e}");
        failed = true;
    }
    let mut problems = 0usize;
    let mut changed = 0usize;
    let mut unchanged = 0usize;
    for path in &files {
        let bytes = match format::read_limited(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{e}");
                if e.kind == ParseErrorKind::Io {
                    failed = true;
                } else {
                    problems += 1;
                }
                continue;
            }
        };
        let canvas = match format::parse_canvas_bytes(path, &bytes) {
            Ok(c) => c,
            Err(e) => {
                // The error names file:line:column and the JSON pointer.
                eprintln!("{e}");
                problems += 1;
                continue;
            }
        };
        let canonical = format::to_canonical_json(&canvas);
        if canonical.as_bytes() == bytes.as_slice() {
            unchanged += 1;
            continue;
        }
        if args.check {
            println!("{}", path.display());
            problems += 1;
        } else {
            // Atomic: a crash mid-write leaves the old file intact.
            match format::write_canvas_file(path, &canvas) {
                Ok(()) => {
                    println!("formatted {}", path.display());
                    changed += 1;
                }
                Err(e) => {
                    eprintln!(
                        "{}: cannot write: {}",
                        path.display(),
                        format::io_message(&e)
                    );
                    failed = true;
                }
            }
        }
    }
    if files.is_empty() && find_errors.is_empty() {
        eprintln!("no canvas files (*.canvas.json) found");
    } else if args.check {
        eprintln!("{unchanged} canonical, {problems} not canonical or invalid");
    } else {
        eprintln!("{changed} formatted, {unchanged} already canonical, {problems} invalid");
    }
    // Nothing found is a usage error, as in validate, check and export.
    Ok(if failed || (files.is_empty() && find_errors.is_empty()) {
        Outcome::Failed
    } else if problems > 0 {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}
