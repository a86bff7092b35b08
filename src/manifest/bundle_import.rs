//! Reading a bundle back into canvases. The manifests hold what a platform
//! and its catalog read, not the board; the bundle's canvas files hold the
//! rest, so a product whose canvas file the index lists comes back from it,
//! exactly, layout and sticky notes included.
//!
//! The index's SHA-256 decides which file is believed:
//! - a canvas file whose bytes are not the ones listed was edited after the
//!   export: the import is refused, naming the file (its manifests can
//!   still be imported by naming them, without the index);
//! - a canvas file as exported, beside manifests that are too: the canvas
//!   file is the product;
//! - a canvas file as exported, beside a manifest edited after the export:
//!   the manifests are what deploys, so the product is imported from them
//!   as they are now, with the layout and notes of the canvas file (which
//!   no manifest carries), and a warning names the edited file.
//!
//! Products without a canvas file (a bundle from before canvas files)
//! import from their manifests as any manifests do.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use super::bundle::CANVAS_KIND;
use super::{ManifestError, find, import_documents, yaml};
use crate::model::Layout;
use crate::wire::ImportedCanvas;

#[derive(Deserialize)]
struct Index {
    #[serde(default)]
    products: Vec<IndexProduct>,
}

#[derive(Deserialize)]
struct IndexProduct {
    id: String,
    #[serde(default)]
    files: Vec<IndexFile>,
}

#[derive(Deserialize)]
struct IndexFile {
    path: String,
    kind: String,
    sha256: String,
}

/// Imports the bundle in the folder `dir`, given as its files: `(path
/// inside the bundle, text)`, the index among them. Files other than the
/// index, its canvas files and manifests (changelogs, say) are passed over.
/// Errors and sources name each file as `dir` joined with its path.
///
/// # Errors
/// An index that cannot be read; a listed canvas file that is missing,
/// edited after the export ([`ManifestError::Tampered`]), not a canvas, or
/// another product's; and whatever importing the manifests meets.
pub fn import_bundle(
    dir: &Path,
    files: &[(String, String)],
) -> Result<Vec<ImportedCanvas>, ManifestError> {
    let shown = |rel: &str| dir.join(rel);
    let (index_name, index_text) = files
        .iter()
        .find(|(p, _)| p == "index.yaml" || p == "index.json")
        .ok_or_else(|| ManifestError::Io {
            path: dir.to_owned(),
            message: "is not a bundle: it has no index.yaml or index.json".to_owned(),
        })?;
    let index_file = shown(index_name).display().to_string();
    let value = if index_name.ends_with(".json") {
        yaml::parse_json(&index_file, index_text)?
    } else {
        yaml::parse(&index_file, index_text)?
    };
    let index: Index = serde_json::from_value(value).map_err(|e| ManifestError::Invalid {
        file: index_file.clone(),
        line: None,
        column: None,
        pointer: "/products".to_owned(),
        message: format!("not a bundle index this build reads: {e}"),
    })?;
    let text: BTreeMap<&str, &str> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let sha = |t: &str| crate::store::sha256_hex(t.as_bytes());

    let mut out = Vec::new();
    // Manifests of products that come back from their canvas files.
    let mut covered: BTreeSet<&str> = BTreeSet::new();
    // Layouts for products whose manifests were edited, with the warning.
    let mut layouts: BTreeMap<&str, (Layout, String)> = BTreeMap::new();
    for product in &index.products {
        let Some(listed) = product.files.iter().find(|f| f.kind == CANVAS_KIND) else {
            continue;
        };
        let file = shown(&listed.path);
        let Some(canvas_text) = text.get(listed.path.as_str()) else {
            return Err(ManifestError::Io {
                path: file,
                message: format!(
                    "is listed in {index_name} as the canvas of \"{}\", but is missing",
                    product.id
                ),
            });
        };
        let found = sha(canvas_text);
        if found != listed.sha256 {
            return Err(ManifestError::Tampered {
                file,
                index: index_name.clone(),
                listed: listed.sha256.clone(),
                found,
                hint: format!(
                    "; a bundle comes back as it was exported, or not at all. To import its \
                     manifests without the canvas files, name them: {} {}",
                    shown("products").display(),
                    shown("contracts").display()
                ),
            });
        }
        let canvas = crate::format::parse_canvas_str(&file, canvas_text)?;
        if canvas.product.id != product.id {
            return Err(ManifestError::Invalid {
                file: file.display().to_string(),
                line: None,
                column: None,
                pointer: "/product/id".to_owned(),
                message: format!(
                    "{index_name} lists this file as the canvas of \"{}\", but it is the canvas \
                     of \"{}\"",
                    product.id, canvas.product.id
                ),
            });
        }
        let manifests: Vec<&IndexFile> = product
            .files
            .iter()
            .filter(|f| f.kind == "odps" || f.kind == "odcs")
            .collect();
        let edited: Vec<String> = manifests
            .iter()
            .filter(|f| text.get(f.path.as_str()).map(|t| sha(t)) != Some(f.sha256.clone()))
            .map(|f| shown(&f.path).display().to_string())
            .collect();
        if edited.is_empty() {
            covered.extend(manifests.iter().map(|f| f.path.as_str()));
            out.push(ImportedCanvas {
                canvas,
                sources: vec![file.display().to_string()],
                kept_in_extensions: Vec::new(),
                warnings: Vec::new(),
            });
        } else {
            let warning = format!(
                "{} changed after the export (not the SHA-256 {index_name} lists): \"{}\" is \
                 imported from its manifests as they are now, with the layout and sticky notes \
                 of {}",
                edited.join(", "),
                product.id,
                file.display()
            );
            layouts.insert(product.id.as_str(), (canvas.layout, warning));
        }
    }

    let docs: Vec<(String, String)> = files
        .iter()
        .filter(|(p, _)| !covered.contains(p.as_str()))
        .filter(|(p, _)| {
            let name = Path::new(p)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            find::is_manifest_name(&name)
        })
        .map(|(p, t)| (shown(p).display().to_string(), t.clone()))
        .collect();
    if !docs.is_empty() {
        for mut i in import_documents(&docs)? {
            if let Some((layout, warning)) = layouts.remove(i.canvas.product.id.as_str()) {
                i.canvas.layout = layout;
                i.warnings.push(warning);
            }
            out.push(i);
        }
    }
    Ok(out)
}
