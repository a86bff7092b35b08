//! `meshcanvas export`: canvases → a deployable bundle of ODPS products and
//! ODCS contracts.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use meshcanvas::format;
use meshcanvas::gate::{self, Refusal};
use meshcanvas::manifest::{self, ManifestError};
use meshcanvas::standards::{MeshCheck, Standards};
use meshcanvas::wire::Finding;
use meshcanvas::wire::{ExportOptions, ManifestEncoding, OdcsVersion, OdpsVersion};

use super::Outcome;

/// Export canvases as a bundle a platform deploys from:
/// `products/<domain>/<id>.odps.yaml` (ODPS v1.0.0 or v1.1.0), one
/// `contracts/<domain>/<id>/<port>.odcs.yaml` (ODCS) per output port, the
/// canvas files `canvases/<domain>/<id>.canvas.json` (what import reads
/// back, board and all), and an index with every file's SHA-256 and the
/// deployment order.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  meshcanvas export examples/ --out bundle/\n  \
    meshcanvas export examples/sales/orders.canvas.json --out out/ --format json --odcs-version v3.2.0 --odps-version v1.1.0\n  \
    meshcanvas export drafts/ --out preview/ --allow-findings\n  \
    meshcanvas export examples/ --out bundle/ --baseline last-release-bundle/\n\n\
    The canvases are checked against the standards first: an error finding no waiver covers\n\
    refuses the export, unless --allow-findings.\n\n\
    The output folder is replaced atomically; an existing folder is replaced only when it is\n\
    empty or a previous bundle and nothing else (its index says kind: MeshCanvasBundle and\n\
    lists every file in it); any other folder is refused and left as it is.\n\n\
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
    /// ODPS version of the products.
    #[arg(long, value_enum, default_value_t = Odps::V1_0_0)]
    odps_version: Odps,
    /// Export even when canvases have error findings no waiver covers.
    #[arg(long)]
    allow_findings: bool,
    /// The last release (a workspace's releases, canvases, manifests, or its
    /// bundle): each product's
    /// changelog since then is written to `changelogs/<domain>/<id>.md`, and
    /// the versions must say what changed (rule `version-says-what-changed`).
    #[arg(long, value_name = "PATH")]
    baseline: Option<PathBuf>,
    /// The folder of standards packs checked before exporting (default: as
    /// for `meshcanvas check`).
    #[arg(long, value_name = "DIR")]
    standards: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Encoding {
    Yaml,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Odps {
    #[value(name = "v1.0.0")]
    V1_0_0,
    #[value(name = "v1.1.0")]
    V1_1_0,
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
    let baseline = match &args.baseline {
        Some(path) => Some(super::read_baseline(path)?),
        None => None,
    };
    if !gate(&report.canvases, baseline.as_deref(), args)? {
        return Ok(Outcome::Problems);
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
        odps_version: match args.odps_version {
            Odps::V1_0_0 => OdpsVersion::V1_0_0,
            Odps::V1_1_0 => OdpsVersion::V1_1_0,
        },
        allow_findings: args.allow_findings,
    };
    let files = match manifest::export_files_since(&canvases, &opts, baseline.as_deref()) {
        Ok(f) => f,
        Err(
            e @ (ManifestError::Cycle { .. }
            | ManifestError::Conflict { .. }
            | ManifestError::Unversioned { .. }),
        ) => {
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
    let changelogs = files.iter().filter(|f| f.kind == "changelog").count();
    if changelogs > 0 {
        println!("changelogs since the baseline: {changelogs} (changelogs/)");
    }
    Ok(Outcome::Clean)
}

/// The standards gate (the core's, [`meshcanvas::gate`], as in the app):
/// checks the canvases and says what refuses the export, or what
/// `--allow-findings` let through. Returns whether the export may go ahead.
fn gate(
    loaded: &[format::LoadedCanvas],
    baseline: Option<&[meshcanvas::model::Canvas]>,
    args: &Args,
) -> anyhow::Result<bool> {
    let standards = match super::check::load_standards(args.standards.as_deref()) {
        Ok(s) => s,
        Err(e) => Standards::unavailable(
            args.standards.as_deref().unwrap_or(Path::new("")),
            format!("{e:#}"),
        ),
    };
    let standards = Arc::new(standards);
    let canvases = loaded.iter().map(|c| c.canvas.clone()).collect();
    let mut mesh = MeshCheck::new(Arc::clone(&standards), canvases);
    if let Some(b) = baseline {
        mesh.set_baseline(b.to_vec());
    }
    let findings = mesh.all_findings();
    let print = |blocking: &[Finding]| {
        for f in blocking {
            let file = loaded
                .iter()
                .find(|c| c.canvas.product.id == f.product_id)
                .map_or_else(|| f.product_id.clone(), |c| c.path.display().to_string());
            let place = if f.pointer.is_empty() {
                "(canvas)"
            } else {
                &f.pointer
            };
            eprintln!("{file}: {place}: error[{}]: {}", f.rule_id, f.message);
        }
    };
    match gate::decide(&standards, &findings, args.allow_findings) {
        Ok(allowed) => {
            if let Some(why) = allowed.unchecked {
                eprintln!("warning: exporting unchecked (--allow-findings): {why}");
            }
            if !allowed.overridden.is_empty() {
                print(&allowed.overridden);
                eprintln!(
                    "warning: exporting despite {} error finding(s) (--allow-findings)",
                    allowed.overridden.len()
                );
            }
            Ok(true)
        }
        Err(Refusal::Unchecked(why)) => Err(anyhow::anyhow!(
            "nothing exported: the export checks the standards first, and they did not load: \
             {why}; --allow-findings exports without them"
        )),
        Err(Refusal::Findings(blocking)) => {
            print(&blocking);
            eprintln!(
                "nothing exported: {} error finding(s) no waiver covers; fix or waive them, or \
                 pass --allow-findings",
                blocking.len()
            );
            Ok(false)
        }
    }
}
