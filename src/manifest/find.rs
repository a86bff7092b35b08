//! Which of the files a command is given are manifests, beside canvases:
//! what lets `meshcanvas check contracts/ products/ canvases/` take them
//! all at once.
//!
//! A manifest is a `*.odps.*` or `*.odcs.*` file (YAML or JSON), or any
//! other YAML or JSON file whose top-level `kind` is `DataProduct` or
//! `DataContract`, the way other tools name contracts
//! (`datacontract.yaml`). Canvases are `*.canvas.json`.

use std::path::PathBuf;

use super::ManifestError;

/// Whether a file name is a manifest's by its name: `*.odps.*` or
/// `*.odcs.*`, YAML or JSON.
#[must_use]
pub fn is_manifest_name(name: &str) -> bool {
    [".odps.", ".odcs."].iter().any(|m| name.contains(m)) && is_yaml_or_json(name)
}

fn is_yaml_or_json(name: &str) -> bool {
    [".yaml", ".yml", ".json"].iter().any(|s| name.ends_with(s))
}

/// Whether a document's top-level `kind` is `DataProduct` or
/// `DataContract`, looked for without parsing all of it: a YAML line
/// `kind: DataContract` at the margin, or a JSON object's `kind` member.
#[must_use]
pub fn names_manifest_kind(file: &str, text: &str) -> bool {
    let is_kind = |v: &str| matches!(v, "DataProduct" | "DataContract");
    if file.ends_with(".json") {
        #[derive(serde::Deserialize)]
        struct Kind {
            kind: Option<String>,
        }
        return serde_json::from_str::<Kind>(text)
            .ok()
            .and_then(|k| k.kind)
            .is_some_and(|k| is_kind(&k));
    }
    text.lines().any(|l| {
        l.strip_prefix("kind:").is_some_and(|v| {
            let v = v.split(" #").next().unwrap_or_default().trim();
            is_kind(v.trim_matches(|c| c == '"' || c == '\''))
        })
    })
}

/// The files named by `paths`, sorted into canvases and manifests (the
/// manifests already read, as `(file name, text)`), with what could not be
/// read. Folders are searched for `*.canvas.json` and manifests; a file
/// named on its own is a manifest when its name or its `kind` says so, and
/// a canvas otherwise.
#[derive(Debug, Default)]
pub struct Found {
    pub canvases: Vec<PathBuf>,
    pub manifests: Vec<(String, String)>,
    /// Files and folders that could not be read.
    pub errors: Vec<ManifestError>,
}

/// See [`Found`].
#[must_use]
pub fn canvases_and_manifests(paths: &[PathBuf]) -> Found {
    let mut found = Found::default();
    // Every file once, however many of the paths lead to it.
    let mut files = Vec::new();
    let mut named = std::collections::HashSet::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                // A bundle is checked by its manifests, what deploys; its
                // canvas files are the same products again.
                let bundle = super::is_bundle(path);
                let walk = crate::walk::files(path, |name| {
                    let canvas = name.ends_with(crate::format::CANVAS_SUFFIX);
                    (canvas && !bundle) || (!canvas && is_yaml_or_json(name))
                });
                found.errors.extend(
                    walk.errors
                        .iter()
                        .map(|e| ManifestError::io(&e.path, &e.error)),
                );
                files.extend(walk.files);
            }
            Ok(_) => {
                named.insert(path.clone());
                files.push(path.clone());
            }
            Err(e) => found.errors.push(ManifestError::io(path, &e)),
        }
    }
    for file in crate::walk::unique(files) {
        let is_named = named.contains(&file);
        sort_file(&mut found, file, is_named);
    }
    found
}

/// Puts one file where it belongs. `named` is a file named on the command
/// line: never passed over.
fn sort_file(found: &mut Found, file: PathBuf, named: bool) {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.ends_with(crate::format::CANVAS_SUFFIX) {
        found.canvases.push(file);
        return;
    }
    let by_name = is_manifest_name(&name);
    // A folder's other YAML and JSON files are read only to see whether
    // they are contracts; packs and bundle indexes never are.
    if !by_name && !named && (name.ends_with(crate::standards::PACK_SUFFIX) || is_index(&name)) {
        return;
    }
    let is_yaml = name.ends_with(".yaml") || name.ends_with(".yml");
    match super::import::read_text(&file) {
        Ok(text) => {
            let display = file.display().to_string();
            if by_name || (named && is_yaml) || names_manifest_kind(&display, &text) {
                found.manifests.push((display, text));
            } else if named {
                found.canvases.push(file);
            }
        }
        // A file that cannot be read is reported when it would have been
        // checked: named, or a manifest by its name.
        Err(e) if by_name || (named && is_yaml) => found.errors.push(e),
        Err(_) if named => found.canvases.push(file),
        Err(_) => {}
    }
}

fn is_index(name: &str) -> bool {
    name == "index.yaml" || name == "index.json"
}
