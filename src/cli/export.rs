//! `meshcanvas export`: canvases → a deployable bundle of ODPS products and
//! ODCS contracts.

use std::path::PathBuf;

use anyhow::Context as _;
use meshcanvas::format;
use meshcanvas::manifest::{self, ManifestError};
use meshcanvas::wire::{ExportOptions, ManifestEncoding, OdcsVersion};

use super::Outcome;

/// Export canvases as a bundle a platform deploys from:
/// `products/<domain>/<id>.odps.yaml` (ODPS v1.0.0), one
/// `contracts/<domain>/<id>/<port>.odcs.yaml` (ODCS) per output port, and
/// an index with every file's SHA-256 and the deployment order.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  meshcanvas export examples/ --out bundle/\n  \
    meshcanvas export examples/sales/orders.canvas.json --out out/ --format json --odcs-version v3.2.0\n\n\
    The output folder is replaced atomically; an existing folder is replaced only when it is\n\
    empty or a previous bundle.\n\n\
    Exit codes: 0 written, 1 a canvas is invalid or the export was refused (cycle, clashing ids),\n\
    2 usage or I/O error."
)]
pub struct Args {
    /// Canvas files, or folders searched for `*.canvas.json`.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The bundle folder to write.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Manifest encoding.
    #[arg(long, value_enum, default_value_t = Encoding::Yaml)]
    format: Encoding,
    /// ODCS version of the contracts.
    #[arg(long, value_enum, default_value_t = Odcs::V3_1_0)]
    odcs_version: Odcs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Encoding {
    Yaml,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Odcs {
    #[value(name = "v3.1.0")]
    V3_1_0,
    #[value(name = "v3.2.0")]
    V3_2_0,
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let report = format::load_paths(&args.paths);
    if let Some(e) = report
        .errors
        .iter()
        .find(|e| e.kind == format::ParseErrorKind::Io && args.paths.contains(&e.file))
    {
        anyhow::bail!("{e}");
    }
    if !report.errors.is_empty() {
        for e in &report.errors {
            eprintln!("{e}");
        }
        eprintln!(
            "nothing exported: {} canvas file(s) are invalid",
            report.errors.len()
        );
        return Ok(Outcome::Problems);
    }
    if report.canvases.is_empty() {
        anyhow::bail!("no canvas files (*.canvas.json) found");
    }
    let canvases: Vec<_> = report.canvases.into_iter().map(|c| c.canvas).collect();
    let opts = ExportOptions {
        encoding: match args.format {
            Encoding::Yaml => ManifestEncoding::Yaml,
            Encoding::Json => ManifestEncoding::Json,
        },
        odcs_version: match args.odcs_version {
            Odcs::V3_1_0 => OdcsVersion::V3_1_0,
            Odcs::V3_2_0 => OdcsVersion::V3_2_0,
        },
        allow_findings: false,
    };
    let files = match manifest::export_files(&canvases, &opts) {
        Ok(f) => f,
        Err(e @ (ManifestError::Cycle { .. } | ManifestError::Conflict { .. })) => {
            eprintln!("nothing exported: {e}");
            return Ok(Outcome::Problems);
        }
        Err(e) => return Err(e.into()),
    };
    let summary =
        manifest::write_bundle(&files, &args.out).with_context(|| "nothing exported".to_owned())?;
    let contracts = files.iter().filter(|f| f.kind == "odcs").count();
    println!(
        "wrote {} products and {contracts} contracts to {}",
        summary.deployment_order.len(),
        summary.out_dir
    );
    println!("deployment order: {}", summary.deployment_order.join(", "));
    Ok(Outcome::Clean)
}
