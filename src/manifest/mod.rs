//! Deployable manifests: ODPS data products and ODCS data contracts, out of
//! canvases and back.
//!
//! This module is the one place formats are registered: one module per
//! format and direction ([`odps_export`], [`odcs_export`], [`odps_import`],
//! [`odcs_import`]), plus what they share: the bundle layout (sanitised
//! paths, the index with the deployment order the product graph gives,
//! [`crate::mesh`]) and its atomic writing.
//!
//! Export is pure: [`export_files`] turns canvases into files with
//! deterministic bytes; [`write_bundle`] puts them on disk. Import reads
//! documents into canvases ([`import_paths`], [`import_documents`]) and
//! keeps what has no place in the canvas in `extensions`, by name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::model::Canvas;
use crate::wire::{ExportOptions, ExportSummary, ExportedFile, ImportedCanvas, ManifestEncoding};

pub mod custom;
pub mod find;
pub mod kept;
pub mod odcs_compat;
pub mod odcs_export;
pub mod odcs_import;
pub mod odps_export;
pub mod odps_import;
pub mod origin;
pub mod place;
pub mod quality_checks;
pub mod read;
pub mod yaml;

/// What can go wrong reading or writing manifests.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// Not well-formed YAML or JSON (tabs, indentation, duplicate keys, an
    /// alias bomb).
    #[error("{file}{}: {message}", fmt_line_col(*line, *column))]
    Syntax {
        file: String,
        line: Option<usize>,
        column: Option<usize>,
        message: String,
    },
    /// Larger than [`yaml::MAX_MANIFEST_BYTES`].
    #[error("{file}: file is {}, larger than the {} a manifest may be", crate::format::size_over_limit(*size, yaml::MAX_MANIFEST_BYTES).0, crate::format::size_over_limit(*size, yaml::MAX_MANIFEST_BYTES).1)]
    TooLarge { file: String, size: u64 },
    /// Well-formed, but not a manifest this build reads: wrong type,
    /// missing field, unknown `apiVersion` or `kind`.
    #[error("{file}{} {}: {message}", fmt_line_col(*line, *column), if pointer.is_empty() { "(document root)" } else { pointer })]
    Invalid {
        file: String,
        line: Option<usize>,
        column: Option<usize>,
        pointer: String,
        message: String,
    },
    /// Products that consume each other in a circle.
    #[error("the products depend on each other in a cycle: {}", cycle.join(" → "))]
    Cycle { cycle: Vec<String> },
    /// Canvases that cannot be exported together (duplicate ids, paths that
    /// collide once sanitised).
    #[error("{message}")]
    Conflict { message: String },
    /// A file or folder that could not be read or written.
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    #[error("could not encode a manifest: {message}")]
    Encode { message: String },
}

impl From<crate::mesh::Cycle> for ManifestError {
    fn from(crate::mesh::Cycle(cycle): crate::mesh::Cycle) -> Self {
        Self::Cycle { cycle }
    }
}

fn fmt_line_col(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

impl ManifestError {
    fn io(path: &Path, e: &std::io::Error) -> Self {
        Self::Io {
            path: path.to_owned(),
            message: crate::format::io_message(e),
        }
    }
}

/// The id of the contract of `port` of `product`.
#[must_use]
pub fn contract_id(product: &str, port: &str) -> String {
    format!("{product}:{port}")
}

/// The product and port of a contract id written by [`contract_id`], when it
/// can be read back unambiguously.
#[must_use]
pub fn split_contract_id(id: &str) -> Option<(&str, &str)> {
    let (product, port) = id.split_once(':')?;
    (!product.is_empty() && !port.is_empty() && !port.contains(':')).then_some((product, port))
}

/// The serde name of a unit enum (`LifecycleStatus::Active` → `active`).
pub(crate) fn lowercase_name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// What an exporter may know about the other canvases of the export.
#[derive(Debug)]
pub struct ExportContext<'a> {
    canvases: &'a [Canvas],
}

impl ExportContext<'_> {
    /// The contract id of an upstream output port: its own when that
    /// product is part of the export and its port has one, else the id
    /// made from the product and port ids.
    #[must_use]
    pub fn upstream_contract_id(&self, product: &str, port: &str) -> String {
        self.canvases
            .iter()
            .find(|c| c.product.id == product)
            .and_then(|c| c.output_port(port))
            .and_then(|p| p.contract_id.clone())
            .unwrap_or_else(|| contract_id(product, port))
    }

    /// The version of an upstream output port, when that product is part of
    /// the export; `unversioned` otherwise (ODPS requires a version).
    #[must_use]
    pub fn upstream_version(&self, product: &str, port: &str) -> String {
        self.canvases
            .iter()
            .find(|c| c.product.id == product)
            .and_then(|c| {
                c.output_port(port)
                    .map(|p| odps_export::required_version(&p.version, c))
            })
            .unwrap_or_else(|| "unversioned".to_owned())
    }
}

/// One path segment made safe: only letters, digits, `.`, `-` and `_`; no
/// leading dot; never empty, `.` or `..`; not a name Windows reserves.
#[must_use]
pub fn sanitize_segment(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    while out.starts_with('.') {
        out.replace_range(0..1, "_");
    }
    if out.is_empty() {
        out.push('_');
    }
    let stem = out
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str())
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        out.insert(0, '_');
    }
    out.truncate(120);
    out
}

/// The `kind` of a bundle index: what marks a folder as a bundle this
/// exporter wrote, and may replace.
pub const BUNDLE_KIND: &str = "MeshCanvasBundle";

/// The bundle index: every product, its files with their SHA-256, and the
/// order to deploy in.
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct BundleIndex {
    kind: &'static str,
    format_version: u32,
    odps_version: &'static str,
    odcs_version: &'static str,
    deployment_order: Vec<String>,
    products: Vec<IndexProduct>,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct IndexProduct {
    id: String,
    name: String,
    domain: String,
    version: String,
    depends_on: Vec<String>,
    files: Vec<IndexFile>,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct IndexFile {
    path: String,
    kind: String,
    sha256: String,
}

/// The index file's name for an encoding.
#[must_use]
pub fn index_name(encoding: ManifestEncoding) -> &'static str {
    match encoding {
        ManifestEncoding::Yaml => "index.yaml",
        ManifestEncoding::Json => "index.json",
    }
}

/// Every file of the bundle for `canvases`: per product its ODPS document
/// and one ODCS contract per output port, in deployment order, then the
/// index. Pure: the same canvases and options give the same bytes.
/// (`opts.allow_findings` is for the caller's standards gate; the exporter
/// itself does not check standards.)
pub fn export_files(
    canvases: &[Canvas],
    opts: &ExportOptions,
) -> Result<Vec<ExportedFile>, ManifestError> {
    let mut seen = BTreeSet::new();
    for c in canvases {
        if !seen.insert(c.product.id.as_str()) {
            return Err(ManifestError::Conflict {
                message: format!(
                    "two canvases have the product id \"{}\"; ids must be unique in an export",
                    c.product.id
                ),
            });
        }
    }
    // Every product after the products it reads, ties broken by id.
    let graph = crate::mesh::ProductGraph::of(canvases);
    let order = graph.deployment_order()?;
    let ctx = ExportContext { canvases };
    let ext = match opts.encoding {
        ManifestEncoding::Yaml => "yaml",
        ManifestEncoding::Json => "json",
    };
    let encode = |v: &dyn erased::Encode| -> Result<String, ManifestError> {
        match opts.encoding {
            ManifestEncoding::Yaml => v.yaml(),
            ManifestEncoding::Json => v.json(),
        }
    };

    let mut files: Vec<ExportedFile> = Vec::new();
    let mut index_products = Vec::new();
    // Paths compared without case: the bundle must unpack on macOS and
    // Windows too.
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    let mut claim = |path: &str, what: String| -> Result<(), ManifestError> {
        if let Some(other) = taken.insert(path.to_lowercase(), what.clone()) {
            return Err(ManifestError::Conflict {
                message: format!("{what} and {other} would both be written to {path}"),
            });
        }
        Ok(())
    };
    for id in &order {
        let Some((slot, canvas)) = canvases
            .iter()
            .enumerate()
            .find(|(_, c)| &c.product.id == id)
        else {
            continue;
        };
        let domain = sanitize_segment(if canvas.domain.name.is_empty() {
            "no-domain"
        } else {
            &canvas.domain.name
        });
        let pid = sanitize_segment(&canvas.product.id);
        let mut product_files = Vec::new();

        let odps = odps_export::export(canvas, &ctx, opts.odps_version);
        let path = format!("products/{domain}/{pid}.odps.{ext}");
        claim(&path, format!("product \"{id}\""))?;
        let content = encode(&odps)?;
        product_files.push(ExportedFile {
            sha256: crate::store::sha256_hex(content.as_bytes()),
            path,
            kind: "odps".to_owned(),
            product_id: id.clone(),
            content,
        });
        for port in &canvas.output_ports {
            let odcs = odcs_export::export(canvas, port, opts.odcs_version);
            let path = format!(
                "contracts/{domain}/{pid}/{}.odcs.{ext}",
                sanitize_segment(&port.id)
            );
            claim(&path, format!("output port \"{}\" of \"{id}\"", port.id))?;
            let content = encode(&odcs)?;
            product_files.push(ExportedFile {
                sha256: crate::store::sha256_hex(content.as_bytes()),
                path,
                kind: "odcs".to_owned(),
                product_id: id.clone(),
                content,
            });
        }
        index_products.push(IndexProduct {
            id: id.clone(),
            name: canvas.product.name.clone(),
            domain: canvas.domain.name.clone(),
            version: canvas.product.version.clone(),
            // What it reads, in the export or not.
            depends_on: graph
                .upstream(slot)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            files: product_files
                .iter()
                .map(|f| IndexFile {
                    path: f.path.clone(),
                    kind: f.kind.clone(),
                    sha256: f.sha256.clone(),
                })
                .collect(),
        });
        files.extend(product_files);
    }
    let index = BundleIndex {
        kind: BUNDLE_KIND,
        format_version: 1,
        odps_version: odps_export::api_version(opts.odps_version),
        odcs_version: odcs_export::api_version(opts.odcs_version),
        deployment_order: order,
        products: index_products,
    };
    let content = encode(&index)?;
    files.push(ExportedFile {
        path: index_name(opts.encoding).to_owned(),
        kind: "index".to_owned(),
        product_id: String::new(),
        sha256: crate::store::sha256_hex(content.as_bytes()),
        content,
    });
    Ok(files)
}

/// Object-safe encoding, so one closure can write any document type.
mod erased {
    use super::ManifestError;

    pub trait Encode {
        fn yaml(&self) -> Result<String, ManifestError>;
        fn json(&self) -> Result<String, ManifestError>;
    }

    impl<T: serde::Serialize> Encode for T {
        fn yaml(&self) -> Result<String, ManifestError> {
            super::yaml::to_yaml(self)
        }
        fn json(&self) -> Result<String, ManifestError> {
            super::yaml::to_json(self)
        }
    }
}

/// Checks that a bundle path is relative and stays inside the bundle.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    let ok = !path.is_empty()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    ok.then(|| p.to_path_buf())
}

/// Writes a bundle to `out_dir` atomically: everything goes into a
/// temporary sibling folder, which then replaces `out_dir` by renaming. A
/// failure leaves `out_dir` as it was, never half written. An existing
/// `out_dir` is replaced only when it is empty or a previous bundle (its
/// index says `kind: MeshCanvasBundle`); anything else is refused and left
/// untouched.
pub fn write_bundle(
    files: &[ExportedFile],
    out_dir: &Path,
) -> Result<ExportSummary, ManifestError> {
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| ManifestError::io(&parent, &e))?;
    let exists = match std::fs::symlink_metadata(out_dir) {
        Ok(m) if m.is_dir() => true,
        Ok(_) => {
            return Err(ManifestError::Io {
                path: out_dir.to_owned(),
                message: "exists and is not a folder".to_owned(),
            });
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(ManifestError::io(out_dir, &e)),
    };
    if exists {
        // The bundle replaces its folder whole: never the one we are in, or
        // one holding it (`--out .`, `--out ..`).
        if let (Ok(here), Ok(out)) = (
            std::env::current_dir().and_then(std::fs::canonicalize),
            std::fs::canonicalize(out_dir),
        ) && here.starts_with(&out)
        {
            return Err(ManifestError::Io {
                path: out_dir.to_owned(),
                message: "is the current folder, or holds it; a bundle replaces its folder \
                          whole, so give it a folder of its own (e.g. bundle/)"
                    .to_owned(),
            });
        }
        let mut entries = std::fs::read_dir(out_dir).map_err(|e| ManifestError::io(out_dir, &e))?;
        let empty = entries.next().is_none();
        if !empty && let Err(why) = previous_bundle(out_dir) {
            return Err(ManifestError::Io {
                path: out_dir.to_owned(),
                message: format!(
                    "is not empty and is not a Mesh Canvas bundle ({why}); refusing to replace \
                     it, nothing in it was changed"
                ),
            });
        }
    }

    let tmp = tempfile::Builder::new()
        .prefix(".meshcanvas-bundle-")
        .tempdir_in(&parent)
        .map_err(|e| ManifestError::Io {
            path: parent.clone(),
            message: format!(
                "a folder for the bundle cannot be made here: {}",
                crate::format::io_message(&e)
            ),
        })?;
    for f in files {
        let rel = safe_relative(&f.path).ok_or_else(|| ManifestError::Conflict {
            message: format!(
                "refusing to write {:?}: not a relative path inside the bundle",
                f.path
            ),
        })?;
        let target = tmp.path().join(&rel);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| ManifestError::io(dir, &e))?;
        }
        std::fs::write(&target, f.content.as_bytes())
            .map_err(|e| ManifestError::io(&out_dir.join(&rel), &e))?;
    }
    // Everything on disk before the rename makes it the bundle.
    sync_tree(tmp.path(), files).map_err(|e| ManifestError::io(out_dir, &e))?;

    // Swap: the old bundle moves aside, the new one moves in, the old one
    // goes. If moving in fails, the old one comes back.
    let backup = if exists {
        let holder = tempfile::Builder::new()
            .prefix(".meshcanvas-old-")
            .tempdir_in(&parent)
            .map_err(|e| ManifestError::io(&parent, &e))?;
        let old = holder.path().join("bundle");
        std::fs::rename(out_dir, &old).map_err(|e| ManifestError::io(out_dir, &e))?;
        Some((holder, old))
    } else {
        None
    };
    let tmp_path = tmp.keep();
    if let Err(e) = std::fs::rename(&tmp_path, out_dir) {
        if let Some((_, old)) = &backup {
            let _ = std::fs::rename(old, out_dir);
        }
        let _ = std::fs::remove_dir_all(&tmp_path);
        return Err(ManifestError::io(out_dir, &e));
    }
    drop(backup);
    // The rename itself lasts once the parent folder is on disk.
    sync_dir(&parent).map_err(|e| ManifestError::io(&parent, &e))?;

    Ok(ExportSummary {
        out_dir: out_dir.display().to_string(),
        files: files.iter().map(|f| f.path.clone()).collect(),
        deployment_order: files
            .iter()
            .filter(|f| f.kind == "odps")
            .map(|f| f.product_id.clone())
            .collect(),
    })
}

/// Whether `dir` holds a bundle this exporter wrote, so that replacing it
/// loses nothing of the user's: its index must say `kind: MeshCanvasBundle`
/// (what [`export_files`] writes). A folder that merely has a file called
/// `index.yaml` (a website, a docs folder) is someone else's. Returns why
/// not, for the refusal.
fn previous_bundle(dir: &Path) -> Result<(), String> {
    let mut why = "no index.yaml or index.json".to_owned();
    for name in ["index.yaml", "index.json"] {
        let path = dir.join(name);
        // Only a regular file is read: a FIFO or a device would block or
        // never end.
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() => {}
            Ok(_) => {
                why = format!("its {name} is not a regular file");
                continue;
            }
            Err(_) => continue,
        }
        let marker = read_text(&path).ok().and_then(|text| {
            let value = if name.ends_with(".json") {
                yaml::parse_json(name, &text)
            } else {
                yaml::parse(name, &text)
            };
            value
                .ok()?
                .get("kind")
                .and_then(Value::as_str)
                .map(str::to_owned)
        });
        if marker.as_deref() == Some(BUNDLE_KIND) {
            return Ok(());
        }
        why = format!("its {name} does not say `kind: {BUNDLE_KIND}`");
    }
    Err(why)
}

/// Puts the bundle written below `dir` on disk. One fsync per file costs a
/// disk flush each (about 4 ms: 40 s for 5,000 products); on Linux one
/// `syncfs` flushes the whole file system at once, files and folders, in
/// the time of a few. Elsewhere each file and folder is synced in turn.
#[cfg(target_os = "linux")]
fn sync_tree(dir: &Path, _files: &[ExportedFile]) -> std::io::Result<()> {
    let d = std::fs::File::open(dir)?;
    rustix::fs::syncfs(&d).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn sync_tree(dir: &Path, files: &[ExportedFile]) -> std::io::Result<()> {
    let mut dirs = BTreeSet::new();
    for f in files {
        let path = dir.join(&f.path);
        std::fs::File::open(&path)?.sync_all()?;
        let mut at = path.parent();
        while let Some(d) = at {
            if !d.starts_with(dir) || !dirs.insert(d.to_path_buf()) {
                break;
            }
            at = d.parent();
        }
    }
    for d in dirs {
        sync_dir(&d)?;
    }
    Ok(())
}

/// Flushes a folder's entries (on Windows folders cannot be opened so, and
/// NTFS journals renames itself).
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DocKind {
    Odps,
    Odcs,
}

/// The `apiVersion`s this build reads.
pub const ODPS_READ_VERSIONS: &[&str] = &["v0.9.0", "v1.0.0", "v1.1.0"];
pub const ODCS_READ_VERSIONS: &[&str] = &["v3.0.0", "v3.0.1", "v3.0.2", "v3.1.0", "v3.2.0"];

struct Parsed<'t> {
    src: read::Source<'t>,
    value: Value,
    kind: DocKind,
}

fn classify(src: &read::Source<'_>, value: &Value) -> Result<DocKind, ManifestError> {
    let mut sink = read::Sink::default();
    let r = read::Reader {
        src,
        tag: String::new(),
        sink: &mut sink,
    };
    let Value::Object(map) = value else {
        return Err(r.invalid(
            "",
            format!(
                "expected a mapping (an ODPS or ODCS document), found {}",
                read::type_name(value)
            ),
        ));
    };
    let kind = match map.get("kind") {
        Some(Value::String(k)) if k == "DataProduct" => DocKind::Odps,
        Some(Value::String(k)) if k == "DataContract" => DocKind::Odcs,
        Some(other) => {
            return Err(r.invalid(
                "/kind",
                format!("expected `DataProduct` (ODPS) or `DataContract` (ODCS), found {other}"),
            ));
        }
        None => {
            return Err(r.invalid(
                "",
                "no `kind`: expected `kind: DataProduct` (ODPS) or `kind: DataContract` (ODCS)",
            ));
        }
    };
    let (supported, standard) = match kind {
        DocKind::Odps => (ODPS_READ_VERSIONS, "ODPS"),
        DocKind::Odcs => (ODCS_READ_VERSIONS, "ODCS"),
    };
    match map.get("apiVersion") {
        Some(Value::String(v)) if supported.contains(&v.as_str()) => Ok(kind),
        Some(other) => Err(r.invalid(
            "/apiVersion",
            format!(
                "unknown {standard} apiVersion {other}; this build reads {}",
                supported.join(", ")
            ),
        )),
        None => Err(r.invalid(
            "",
            format!(
                "no `apiVersion`; this build reads {standard} {}",
                supported.join(", ")
            ),
        )),
    }
}

/// Imports documents given as `(name, text)`: what the desktop app uses for
/// files dropped on it. See [`import_paths`] for the rules.
pub fn import_documents(docs: &[(String, String)]) -> Result<Vec<ImportedCanvas>, ManifestError> {
    let mut parsed = Vec::with_capacity(docs.len());
    for (name, text) in docs {
        let value = if name.ends_with(".json") {
            yaml::parse_json(name, text)?
        } else {
            yaml::parse(name, text)?
        };
        let src = read::Source {
            file: name.clone(),
            text,
        };
        let kind = classify(&src, &value)?;
        parsed.push(Parsed { src, value, kind });
    }
    assemble(&parsed)
}

/// Products become canvases with the contracts their output ports name;
/// contracts no product names become canvases of their own.
fn assemble(parsed: &[Parsed<'_>]) -> Result<Vec<ImportedCanvas>, ManifestError> {
    assemble_each(parsed, false).into_iter().collect()
}

/// [`assemble`], with each product's (or lone contract's) outcome on its
/// own, so one that cannot be read does not stop the others.
/// `record_origins` notes where each item was read from (see [`origin`]).
fn assemble_each(
    parsed: &[Parsed<'_>],
    record_origins: bool,
) -> Vec<Result<ImportedCanvas, ManifestError>> {
    let new_sink = || read::Sink {
        record_origins,
        ..read::Sink::default()
    };
    // contract id → index of the contract document (first one wins).
    let mut contracts: BTreeMap<String, usize> = BTreeMap::new();
    for (i, p) in parsed.iter().enumerate() {
        if p.kind == DocKind::Odcs
            && let Some(id) = p.value.get("id").and_then(Value::as_str)
        {
            contracts.entry(id.to_owned()).or_insert(i);
        }
    }
    // contract id → (product id, port name) of every imported product.
    let mut resolve = BTreeMap::new();
    for p in parsed.iter().filter(|p| p.kind == DocKind::Odps) {
        let pid = p
            .value
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if let Some(Value::Array(ports)) = p.value.get("outputPorts") {
            for port in ports {
                if let (Some(cid), Some(name)) = (
                    port.get("contractId").and_then(Value::as_str),
                    port.get("name").and_then(Value::as_str),
                ) {
                    resolve
                        .entry(cid.to_owned())
                        .or_insert_with(|| (pid.to_owned(), name.to_owned()));
                }
            }
        }
    }

    let mut claimed: BTreeSet<usize> = BTreeSet::new();
    let mut out = Vec::new();
    for p in parsed.iter().filter(|p| p.kind == DocKind::Odps) {
        let mut sink = new_sink();
        let mut sources = vec![p.src.file.clone()];
        let mut contract_err = None;
        let canvas = {
            let mut lookup = |cid: &str| -> Option<odcs_import::Contract> {
                let &i = contracts.get(cid)?;
                if !claimed.insert(i) {
                    return None;
                }
                let doc = &parsed[i];
                sources.push(doc.src.file.clone());
                let mut r = read::Reader {
                    src: &doc.src,
                    tag: format!("odcs:{cid}"),
                    sink: &mut sink,
                };
                match odcs_import::read(&doc.value, &mut r, false) {
                    Ok(c) => Some(c),
                    Err(e) => {
                        contract_err.get_or_insert(e);
                        None
                    }
                }
            };
            let mut product_sink = new_sink();
            let mut r = read::Reader {
                src: &p.src,
                tag: "odps".to_owned(),
                sink: &mut product_sink,
            };
            let canvas = odps_import::read(&p.value, &mut r, &mut lookup, &resolve);
            // Product leftovers first, then the contracts'.
            product_sink.extensions.append(&mut sink.extensions);
            product_sink.kept.append(&mut sink.kept);
            product_sink.warnings.append(&mut sink.warnings);
            sink = product_sink;
            canvas
        };
        out.push(match (canvas, contract_err) {
            (Err(e), _) | (Ok(_), Some(e)) => Err(e),
            (Ok(canvas), None) => Ok(finish(canvas, sources, sink)),
        });
    }
    for (i, p) in parsed.iter().enumerate() {
        if p.kind != DocKind::Odcs || claimed.contains(&i) {
            continue;
        }
        let mut sink = new_sink();
        let mut r = read::Reader {
            src: &p.src,
            tag: "odcs".to_owned(),
            sink: &mut sink,
        };
        out.push(odcs_import::read(&p.value, &mut r, true).map(|contract| {
            let canvas = odcs_import::into_canvas(contract);
            finish(canvas, vec![p.src.file.clone()], sink)
        }));
    }
    out
}

fn finish(mut canvas: Canvas, sources: Vec<String>, sink: read::Sink) -> ImportedCanvas {
    // A contract id that is the one export makes from the product and
    // port ids is not kept: renaming the port then renames its contract.
    for port in &mut canvas.output_ports {
        if port.contract_id.as_deref() == Some(&contract_id(&canvas.product.id, &port.id)) {
            port.contract_id = None;
        }
    }
    // What the documents said beyond the canvas joins what the canvas
    // already carried in its own extensions.
    for (k, v) in sink.extensions {
        canvas.extensions.insert(k, v);
    }
    ImportedCanvas {
        canvas,
        sources,
        kept_in_extensions: sink.kept,
        warnings: sink.warnings,
    }
}

/// Reads manifest files (and folders, searched for `*.odps.*` and
/// `*.odcs.*` files) into canvases: an ODPS product with the contracts its
/// output ports name becomes one canvas; a contract no product names
/// becomes a canvas with one output port. The first document that cannot be
/// read stops the import with an error naming file, line and field.
pub fn import_paths(paths: &[PathBuf]) -> Result<Vec<ImportedCanvas>, ManifestError> {
    let mut files = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| ManifestError::io(p, &e))?;
        if meta.is_dir() {
            let found = crate::walk::files(p, find::is_manifest_name);
            if let Some(e) = found.errors.first() {
                return Err(ManifestError::io(&e.path, &e.error));
            }
            files.extend(found.files);
        } else {
            files.push(p.clone());
        }
    }
    let files = crate::walk::unique(files);
    let mut docs = Vec::with_capacity(files.len());
    for f in files {
        docs.push((f.display().to_string(), read_text(&f)?));
    }
    import_documents(&docs)
}

fn read_text(path: &Path) -> Result<String, ManifestError> {
    use std::io::Read as _;
    // Looked at before opening: opening a FIFO blocks until a writer comes.
    let meta = std::fs::metadata(path).map_err(|e| ManifestError::io(path, &e))?;
    if !meta.is_file() {
        return Err(ManifestError::Io {
            path: path.to_owned(),
            message: if meta.is_dir() {
                "is a folder, expected a manifest file"
            } else {
                "is not a regular file (a FIFO, socket or device), expected a manifest file"
            }
            .to_owned(),
        });
    }
    let file = std::fs::File::open(path).map_err(|e| ManifestError::io(path, &e))?;
    let len = file
        .metadata()
        .map_err(|e| ManifestError::io(path, &e))?
        .len();
    let too_large = |size| ManifestError::TooLarge {
        file: path.display().to_string(),
        size,
    };
    if len > yaml::MAX_MANIFEST_BYTES {
        return Err(too_large(len));
    }
    let mut bytes = Vec::new();
    file.take(yaml::MAX_MANIFEST_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ManifestError::io(path, &e))?;
    if bytes.len() as u64 > yaml::MAX_MANIFEST_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        let (line, column) = crate::format::line_col(e.as_bytes(), e.utf8_error().valid_up_to());
        ManifestError::Syntax {
            file: path.display().to_string(),
            line: Some(line),
            column: Some(column),
            message: "not valid UTF-8".to_owned(),
        }
    })
}
