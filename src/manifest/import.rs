//! Import: manifest documents, read from files and folders or given as
//! text, told apart (an ODPS product or an ODCS contract, in a version this
//! build reads) and assembled into canvases, a product with the contracts
//! its output ports name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{ManifestError, contract_id, find, odcs_import, odps_import, read, yaml};
use crate::model::Canvas;
use crate::wire::ImportedCanvas;

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DocKind {
    Odps,
    Odcs,
}

/// The `apiVersion`s this build reads.
pub const ODPS_READ_VERSIONS: &[&str] = &["v0.9.0", "v1.0.0", "v1.1.0"];
pub const ODCS_READ_VERSIONS: &[&str] = &["v3.0.0", "v3.0.1", "v3.0.2", "v3.1.0", "v3.2.0"];

pub(super) struct Parsed<'t> {
    pub(super) src: read::Source<'t>,
    pub(super) value: Value,
    pub(super) kind: DocKind,
}

pub(super) fn classify(src: &read::Source<'_>, value: &Value) -> Result<DocKind, ManifestError> {
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
/// `record_origins` notes where each item was read from (see [`super::origin`]).
pub(super) fn assemble_each(
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
/// becomes a canvas with one output port. A folder that is a bundle (its
/// index says `kind: MeshCanvasBundle`) is read as one, its products from
/// their canvas files ([`super::import_bundle`]). The first document that
/// cannot be read stops the import with an error naming file, line and
/// field.
pub fn import_paths(paths: &[PathBuf]) -> Result<Vec<ImportedCanvas>, ManifestError> {
    let mut files = Vec::new();
    let mut bundles = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| ManifestError::io(p, &e))?;
        if meta.is_dir() {
            let found = crate::walk::files(p, find::is_manifest_name);
            if let Some(e) = found.errors.first() {
                return Err(ManifestError::io(&e.path, &e.error));
            }
            if super::is_bundle(p) {
                bundles.push((p.clone(), found.files));
            } else {
                files.extend(found.files);
            }
        } else {
            files.push(p.clone());
        }
    }
    let mut out = Vec::new();
    for (dir, manifests) in bundles {
        out.extend(super::import_bundle(&dir, &read_bundle(&dir, manifests)?)?);
    }
    let files = crate::walk::unique(files);
    let mut docs = Vec::with_capacity(files.len());
    for f in files {
        docs.push((f.display().to_string(), read_text(&f)?));
    }
    if !docs.is_empty() || out.is_empty() {
        out.extend(import_documents(&docs)?);
    }
    Ok(out)
}

/// The files of the bundle in `dir` as [`super::import_bundle`] takes
/// them: its index, the canvas files the index lists, and the `manifests`
/// found in it, each by its path inside the bundle.
fn read_bundle(
    dir: &Path,
    manifests: Vec<PathBuf>,
) -> Result<Vec<(String, String)>, ManifestError> {
    let relative = |p: &Path| -> String {
        let rel = p.strip_prefix(dir).unwrap_or(p);
        // Index paths use `/` on every platform.
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut out = Vec::new();
    for name in ["index.yaml", "index.json"] {
        let path = dir.join(name);
        if crate::walk::is_regular_file(&path) {
            let text = read_text(&path)?;
            let value = if name.ends_with(".json") {
                yaml::parse_json(&path.display().to_string(), &text)?
            } else {
                yaml::parse(&path.display().to_string(), &text)?
            };
            for product in value
                .get("products")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                for file in product
                    .get("files")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let (Some(rel), Some(super::bundle::CANVAS_KIND)) = (
                        file.get("path").and_then(Value::as_str),
                        file.get("kind").and_then(Value::as_str),
                    ) else {
                        continue;
                    };
                    // Never outside the bundle; a missing file is named by
                    // the bundle import.
                    let Some(safe) = super::bundle::safe_relative(rel) else {
                        return Err(ManifestError::Invalid {
                            file: path.display().to_string(),
                            line: None,
                            column: None,
                            pointer: "/products".to_owned(),
                            message: format!("{rel:?} is not a path inside the bundle"),
                        });
                    };
                    let canvas = dir.join(safe);
                    if !canvas.exists() {
                        continue;
                    }
                    let bytes = crate::format::read_limited(&canvas)?;
                    let text = match String::from_utf8(bytes) {
                        Ok(t) => t,
                        Err(e) => {
                            return Err(crate::format::parse_canvas_bytes(&canvas, e.as_bytes())
                                .err()
                                .map_or_else(
                                    || ManifestError::Io {
                                        path: canvas.clone(),
                                        message: "not valid UTF-8".to_owned(),
                                    },
                                    ManifestError::from,
                                ));
                        }
                    };
                    out.push((rel.to_owned(), text));
                }
            }
            out.push((name.to_owned(), text));
            // One index: the one `is_bundle` found first.
            break;
        }
    }
    for m in crate::walk::unique(manifests) {
        let text = read_text(&m)?;
        out.push((relative(&m), text));
    }
    Ok(out)
}

pub(super) fn read_text(path: &Path) -> Result<String, ManifestError> {
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
