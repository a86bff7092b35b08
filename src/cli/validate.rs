//! `meshcanvas validate`: are these files well-formed canvases?

use std::path::PathBuf;

use meshcanvas::format::{self, ParseError, ParseErrorKind};

use super::{Outcome, ReportFormat};

/// Check that canvas files are well-formed: JSON syntax, types, required and
/// unknown fields, format version.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  meshcanvas validate examples/\n  \
    meshcanvas validate orders.canvas.json --format json\n\n\
    Exit codes: 0 all valid, 1 some file is not a valid canvas, 2 usage or I/O error.")]
pub struct Args {
    /// Canvas files, or folders searched for `*.canvas.json`.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t)]
    format: ReportFormat,
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let report = format::load_paths(&args.paths);
    // A path the user named that cannot be read is a usage error, not a
    // problem in a canvas.
    let missing: Vec<&ParseError> = report
        .errors
        .iter()
        .filter(|e| e.kind == ParseErrorKind::Io && args.paths.contains(&e.file))
        .collect();
    match args.format {
        ReportFormat::Text => {
            for e in &report.errors {
                eprintln!("{}", super::terminal_safe(&e.to_string()));
            }
            let n_ok = report.canvases.len();
            let n_bad = report.errors.len();
            if n_ok + n_bad == 0 {
                eprintln!("no canvas files (*.canvas.json) found");
            } else {
                println!("{n_ok} valid, {n_bad} invalid");
            }
        }
        ReportFormat::Json => {
            let problems: Vec<_> = report.errors.iter().map(problem_json).collect();
            let doc = serde_json::json!({
                "valid": report.canvases.iter().map(|c| c.path.display().to_string()).collect::<Vec<_>>(),
                "problems": problems,
            });
            println!("{}", serde_json::to_string_pretty(&doc)?);
        }
    }
    // Nothing found is a mistyped path far more often than an empty mesh:
    // it must not pass CI silently (export and import refuse it too).
    let nothing = report.canvases.is_empty() && report.errors.is_empty();
    if nothing && matches!(args.format, ReportFormat::Json) {
        eprintln!("no canvas files (*.canvas.json) found");
    }
    Ok(if !missing.is_empty() || nothing {
        Outcome::Failed
    } else if report.errors.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Problems
    })
}

fn problem_json(e: &ParseError) -> serde_json::Value {
    serde_json::json!({
        "file": e.file.display().to_string(),
        "kind": format!("{:?}", e.kind).to_lowercase(),
        "line": e.location.line,
        "column": e.location.column,
        "pointer": e.location.pointer,
        "message": e.message,
    })
}
