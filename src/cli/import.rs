//! `meshcanvas import`: ODPS products and ODCS contracts → canvases.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context as _;
use meshcanvas::format;
use meshcanvas::manifest::{self, ManifestError};

use super::Outcome;

/// Import ODPS data products (v0.9.0–v1.1.0) and ODCS data contracts
/// (v3.0.0–v3.2.0) as canvases. A product and the contracts its output ports
/// name become one canvas; a contract no product names becomes a canvas with
/// one output port. What has no place on the canvas is kept in its
/// `extensions` and listed by name. A bundle folder gives its canvases back
/// from its canvas files, checked against its index.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  meshcanvas import bundle/products/sales/orders.odps.yaml bundle/contracts/sales/orders/*.odcs.yaml --out canvases/\n  \
    meshcanvas import bundle/ --out canvases/\n  \
    meshcanvas import contract.odcs.yaml --out . --force\n\n\
    A bundle folder (its index says kind: MeshCanvasBundle) comes back from its canvas files,\n\
    exactly; one whose canvas file was edited after the export is refused, naming the file.\n\n\
    Writes <DIR>/<product id>.canvas.json per canvas, all or none: nothing is written unless\n\
    every document reads and every file can be written (with --force, a file that cannot be\n\
    replaced leaves the others as they were). A replaced file keeps its permissions, and a\n\
    symlink is written through to its target.\n\n\
    Exit codes: 0 imported, 1 a document could not be read, 2 usage or I/O error."
)]
pub struct Args {
    /// ODPS/ODCS files (YAML or JSON), or folders searched for `*.odps.*`
    /// and `*.odcs.*` files.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Folder to write the canvases to (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Overwrite canvas files that already exist.
    #[arg(long)]
    force: bool,
    /// List every place kept in extensions (by default, more than a few
    /// are summed up by key).
    #[arg(long)]
    list_kept: bool,
}

/// Up to this many kept places are listed one by one; more are summed up
/// by key.
const KEPT_LISTED: usize = 10;

/// What went into extensions: the places themselves when there are few (or
/// when asked), else a count per key, most frequent first
/// (`1371 places, by key: partitioned ×456, …`).
fn kept_summary(kept: &[String], list_all: bool) -> String {
    if list_all || kept.len() <= KEPT_LISTED {
        return kept.join(", ");
    }
    let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
    for place in kept {
        let key = place.rsplit(['/', '#']).next().unwrap_or(place);
        *by_key
            .entry(key.replace("~1", "/").replace("~0", "~"))
            .or_default() += 1;
    }
    let mut counts: Vec<(String, usize)> = by_key.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let keys: Vec<String> = counts.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
    format!(
        "{} places, by key: {} (--list-kept lists each place)",
        kept.len(),
        keys.join(", ")
    )
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let imported = match manifest::import_paths(&args.files) {
        Ok(i) => i,
        Err(ManifestError::Io { path, message }) => anyhow::bail!("{}: {message}", path.display()),
        Err(e) => {
            eprintln!("{e}");
            eprintln!("nothing imported");
            return Ok(Outcome::Problems);
        }
    };
    if imported.is_empty() {
        anyhow::bail!("no ODPS or ODCS documents found");
    }
    // Decide every target before writing any. Names that differ only in
    // case clash: on macOS and Windows they are one file.
    let mut taken: BTreeMap<String, &str> = BTreeMap::new();
    let mut targets: Vec<PathBuf> = Vec::with_capacity(imported.len());
    for i in &imported {
        let id = &i.canvas.product.id;
        let path = args.out.join(format!(
            "{}{}",
            manifest::sanitize_segment(id),
            format::CANVAS_SUFFIX
        ));
        if let Some(other) = taken.insert(path.to_string_lossy().to_lowercase(), id) {
            anyhow::bail!(
                "products \"{other}\" and \"{id}\" would both be written to {} (file names \
                 that differ only in case are one file on macOS and Windows); nothing imported",
                path.display()
            );
        }
        if path.exists() && !args.force {
            anyhow::bail!(
                "{} exists; use --force to overwrite it (nothing imported)",
                path.display()
            );
        }
        targets.push(path);
    }
    write_all(&args.out, &imported, &targets)?;
    for (i, path) in imported.iter().zip(&targets) {
        println!("wrote {} from {}", path.display(), i.sources.join(", "));
        if !i.kept_in_extensions.is_empty() {
            println!(
                "  kept in extensions: {}",
                kept_summary(&i.kept_in_extensions, args.list_kept)
            );
        }
        for w in &i.warnings {
            eprintln!("  warning: {w}");
        }
    }
    Ok(Outcome::Clean)
}

/// Writes every canvas or none (see [`format::write_all_atomic`]).
fn write_all(
    out: &std::path::Path,
    imported: &[meshcanvas::wire::ImportedCanvas],
    targets: &[PathBuf],
) -> anyhow::Result<()> {
    let created = !out.exists();
    std::fs::create_dir_all(out)
        .with_context(|| format!("{}: could not create the folder", out.display()))?;
    let files: Vec<(PathBuf, Vec<u8>)> = imported
        .iter()
        .zip(targets)
        .map(|(i, path)| {
            (
                path.clone(),
                format::to_canonical_json(&i.canvas).into_bytes(),
            )
        })
        .collect();
    if let Err(e) = format::write_all_atomic(&files) {
        if created {
            let _ = std::fs::remove_dir_all(out);
        }
        return Err(anyhow::Error::new(e).context("nothing imported"));
    }
    Ok(())
}
