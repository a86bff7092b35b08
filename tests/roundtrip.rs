//! Faithfulness: every document in `../shared/conformance/` that its own
//! version's schema accepts comes back from import then export (same
//! version, same encoding) as the same document.
//!
//! "The same" is the same set of (JSON path, value) pairs: key order and
//! YAML-versus-JSON style are ignored, numbers and strings keep their type
//! (`48` is not `48.0`, `"1"` is not `1`), and arrays of named things
//! (schema objects and properties, servers, SLA properties, custom
//! properties, ports, team members, roles…) are matched by name rather than
//! by position.
//!
//! The differences that are right (the exported `apiVersion` of a document
//! older than any version we write, say) are listed with the reason in
//! `docs/manifests.md` and in [`ACCEPTED`]; the test prints a tally per
//! document and fails on any other difference.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use meshcanvas::manifest;
use meshcanvas::wire::{ExportOptions, ManifestEncoding, OdcsVersion, OdpsVersion};
use serde_json::Value;

use crate::util;

/// Differences that are right, by (document suffix, path prefix), with why
/// (the same list is in `docs/manifests.md`).
const ACCEPTED: &[(&str, &str, &str)] = &[];

/// One (path, value) pair of a flattened document.
type Pairs = BTreeMap<String, Value>;

/// The key an array element is matched by, when it has one.
fn element_name(v: &Value) -> Option<String> {
    let o = v.as_object()?;
    for key in [
        "name", "property", "id", "username", "channel", "role", "server", "url", "key",
    ] {
        if let Some(Value::String(s)) = o.get(key) {
            return Some(format!("{key}={s}"));
        }
    }
    None
}

/// Flattens `v` into `(path, scalar)` pairs; empty arrays and objects count
/// as values of their own, so `tags: []` differs from no `tags`.
fn flatten(path: &str, v: &Value, out: &mut Pairs) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, child) in m {
                flatten(&format!("{path}/{k}"), child, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let names: Vec<Option<String>> = items.iter().map(element_name).collect();
            let unique = names.iter().all(Option::is_some) && {
                let mut seen = std::collections::BTreeSet::new();
                names.iter().all(|n| seen.insert(n.clone()))
            };
            for (i, child) in items.iter().enumerate() {
                let seg = match (&names[i], unique) {
                    (Some(n), true) => format!("[{n}]"),
                    _ => i.to_string(),
                };
                flatten(&format!("{path}/{seg}"), child, out);
            }
        }
        _ => {
            out.insert(path.to_owned(), v.clone());
        }
    }
}

/// The differences between two documents, as lines.
fn differences(original: &Value, again: &Value) -> Vec<String> {
    let (mut a, mut b) = (Pairs::new(), Pairs::new());
    flatten("", original, &mut a);
    flatten("", again, &mut b);
    let mut out = Vec::new();
    for (path, v) in &a {
        match b.get(path) {
            None => out.push(format!("{path}: lost (was {v})")),
            Some(w) if w != v => out.push(format!("{path}: {v} became {w}")),
            Some(_) => {}
        }
    }
    for (path, w) in &b {
        if !a.contains_key(path) {
            out.push(format!("{path}: added {w}"));
        }
    }
    out
}

/// The versions export writes.
const WRITTEN_VERSIONS: &[&str] = &["v3.1.0", "v3.2.0", "v1.0.0", "v1.1.0"];

fn accepted(doc: &str, api: &str, line: &str) -> bool {
    // A document older than any version export writes is written in the
    // oldest version that reads it, with what that version requires (an
    // ODCS `status`, `draft` when the contract had none).
    let older = !WRITTEN_VERSIONS.contains(&api);
    (older && (line.starts_with("/apiVersion:") || line.starts_with("/status: added")))
        || ACCEPTED
            .iter()
            .any(|(d, p, _)| doc.ends_with(d) && line.starts_with(p))
}

/// Which official schema a document claims, and whether MANIFEST.tsv says
/// that schema accepts it. `None` for documents no schema of their own
/// version accepts.
fn own_version_valid(row: &[&str]) -> Option<String> {
    let api = row.get(1)?.strip_prefix("apiVersion=")?;
    // A document older than any schema we have (ODCS v3.0.x, ODPS v0.9)
    // is judged by the oldest schema of its standard that accepts it.
    row[2..]
        .iter()
        .find(|c| c.starts_with(&format!("{api}:")) && c.ends_with(":valid"))
        .or_else(|| row[2..].iter().find(|c| c.ends_with(":valid")))
        .map(|_| api.to_owned())
}

fn export_options(path: &Path, api: &str) -> ExportOptions {
    let encoding = if path.extension().is_some_and(|e| e == "json") {
        ManifestEncoding::Json
    } else {
        ManifestEncoding::Yaml
    };
    ExportOptions {
        encoding,
        odcs_version: if api == "v3.2.0" {
            OdcsVersion::V3_2_0
        } else {
            OdcsVersion::V3_1_0
        },
        odps_version: if api == "v1.1.0" {
            OdpsVersion::V1_1_0
        } else {
            OdpsVersion::V1_0_0
        },
        allow_findings: true,
    }
}

/// The document the export gives back for `original`: the contract of the
/// one port for a lone contract, the product for a product.
fn round_trip(path: &Path, api: &str) -> Result<Value, String> {
    let imported = manifest::import_paths(&[path.to_path_buf()]).map_err(|e| e.to_string())?;
    let canvases: Vec<_> = imported.into_iter().map(|i| i.canvas).collect();
    let files =
        manifest::export_files(&canvases, &export_options(path, api)).map_err(|e| e.to_string())?;
    let want = if path.to_string_lossy().contains(".odcs.") {
        "odcs"
    } else {
        "odps"
    };
    let f = files
        .iter()
        .find(|f| f.kind == want)
        .ok_or_else(|| format!("the export has no {want} document"))?;
    manifest::yaml::parse(&f.path, &f.content).map_err(|e| e.to_string())
}

#[test]
fn every_valid_document_comes_back_from_import_and_export_unchanged() {
    if !util::shared_present("conformance") {
        return;
    }
    let shared = util::shared();
    let root = shared.join("conformance");
    let manifest_tsv =
        std::fs::read_to_string(root.join("MANIFEST.tsv")).expect("conformance/MANIFEST.tsv");
    let mut same = 0;
    let mut checked = 0;
    let mut unexplained: Vec<String> = Vec::new();
    let mut tally: Vec<String> = Vec::new();
    for line in manifest_tsv.lines().filter(|l| !l.trim().is_empty()) {
        let row: Vec<&str> = line.split('\t').collect();
        let Some(api) = own_version_valid(&row) else {
            continue;
        };
        let rel = row[0];
        let path: PathBuf = root.join(rel);
        checked += 1;
        let text = std::fs::read_to_string(&path).expect("listed document");
        let original = manifest::yaml::parse(rel, &text).expect("listed document parses");
        let again = match round_trip(&path, &api) {
            Ok(v) => v,
            Err(e) => {
                tally.push(format!("{rel}: round trip failed: {e}"));
                unexplained.push(format!("{rel}: {e}"));
                continue;
            }
        };
        let diffs = differences(&original, &again);
        let (ok, bad): (Vec<_>, Vec<_>) = diffs.into_iter().partition(|d| accepted(rel, &api, d));
        if bad.is_empty() {
            same += 1;
        }
        tally.push(format!(
            "{rel}: {} differences ({} accepted)",
            ok.len() + bad.len(),
            ok.len()
        ));
        unexplained.extend(bad.into_iter().map(|d| format!("{rel}: {d}")));
    }
    for t in &tally {
        println!("{t}");
    }
    println!(
        "round trip: {same} of {checked} valid documents come back the same; {} unexplained differences",
        unexplained.len()
    );
    assert!(checked >= 50, "only {checked} valid documents found");
    assert!(
        unexplained.is_empty(),
        "{}",
        unexplained
            .iter()
            .take(400)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
