//! Products paired across two versions of a mesh, the products that read a
//! changed port, and where a version is read from.

use std::collections::BTreeSet;

use serde::Serialize;
use ts_rs::TS;

use super::{Change, Impact, classify, overall};
use crate::model::Canvas;
use crate::wire::ChangeKind;

/// The classified changes of one product between two versions of a mesh.
#[derive(Serialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ProductChanges {
    /// The product's id in the newer version (the older one's if removed).
    pub product_id: String,
    /// Its id in the older version, when that differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub was: Option<String>,
    pub domain: String,
    pub impact: Impact,
    pub changes: Vec<Change>,
}

impl ProductChanges {
    /// `id (domain)`, or `old id → id (domain)` when the id changed.
    #[must_use]
    pub fn title(&self) -> String {
        match &self.was {
            Some(was) => format!("{was} → {} ({})", self.product_id, self.domain),
            None => format!("{} ({})", self.product_id, self.domain),
        }
    }

    /// The changes to list, and how many cosmetic ones are left out
    /// (unless `cosmetic`).
    #[must_use]
    pub fn shown(&self, cosmetic: bool) -> (Vec<&Change>, usize) {
        let list: Vec<&Change> = self
            .changes
            .iter()
            .filter(|c| cosmetic || c.impact != Impact::Cosmetic)
            .collect();
        let hidden = self.changes.len() - list.len();
        (list, hidden)
    }
}

/// Pairs the products of two versions of a mesh by id and classifies each
/// pair's changes. A product only in `old` was removed (breaking: whatever
/// reads it breaks), one only in `new` added. When each side holds exactly
/// one product, they are compared whatever their ids (two files of one
/// product, its id changed). Unchanged products are left out.
#[must_use]
pub fn compare(old: &[Canvas], new: &[Canvas]) -> Vec<ProductChanges> {
    let mut out = pairs(old, new);
    for p in &mut out {
        let id = p.was.clone().unwrap_or_else(|| p.product_id.clone());
        for c in &mut p.changes {
            if c.impact == Impact::Breaking {
                c.breaks = readers([old, new], &id, c.port.as_deref());
            }
        }
    }
    out
}

/// The products (other than `product`) whose input ports read `port` of
/// `product`, or any of its ports when `port` is `None`, in either version.
#[must_use]
pub fn readers(meshes: [&[Canvas]; 2], product: &str, port: Option<&str>) -> Vec<String> {
    let mut found = BTreeSet::new();
    for c in meshes.iter().flat_map(|m| m.iter()) {
        if c.product.id == product {
            continue;
        }
        if crate::mesh::reads(c).any(|r| r.product == product && port.is_none_or(|p| p == r.port)) {
            found.insert(c.product.id.clone());
        }
    }
    found.into_iter().collect()
}

fn pairs(old: &[Canvas], new: &[Canvas]) -> Vec<ProductChanges> {
    let mut out = Vec::new();
    if let ([a], [b]) = (old, new) {
        push_pair(&mut out, a, b);
        return out;
    }
    for b in new {
        match old.iter().find(|a| a.product.id == b.product.id) {
            Some(a) => push_pair(&mut out, a, b),
            None => out.push(whole(
                b,
                Impact::NonBreaking,
                "product-added",
                "A new product",
            )),
        }
    }
    for a in old {
        if !new.iter().any(|b| b.product.id == a.product.id) {
            out.push(whole(
                a,
                Impact::Breaking,
                "product-removed",
                "The product is gone: every product reading it breaks",
            ));
        }
    }
    out
}

fn push_pair(out: &mut Vec<ProductChanges>, a: &Canvas, b: &Canvas) {
    let changes = classify(a, b);
    if changes.is_empty() {
        return;
    }
    out.push(ProductChanges {
        product_id: b.product.id.clone(),
        was: (a.product.id != b.product.id).then(|| a.product.id.clone()),
        domain: b.domain.name.clone(),
        impact: overall(&changes),
        changes,
    });
}

fn whole(c: &Canvas, impact: Impact, rule: &'static str, reason: &str) -> ProductChanges {
    let added = impact != Impact::Breaking;
    ProductChanges {
        product_id: c.product.id.clone(),
        was: None,
        domain: c.domain.name.clone(),
        impact,
        changes: vec![Change {
            impact,
            rule,
            reason: reason.to_owned(),
            kind: if added {
                ChangeKind::Added
            } else {
                ChangeKind::Removed
            },
            pointer: String::new(),
            label: format!("product \"{}\"", c.product.id),
            port: None,
            field: None,
            privacy_risk: false,
            before: None,
            after: None,
            breaks: Vec::new(),
        }],
    }
}

/// Why one version of a mesh could not be read.
#[derive(Debug, thiserror::Error)]
pub enum VersionError {
    #[error(transparent)]
    Canvas(#[from] crate::format::ParseError),
    #[error(transparent)]
    Manifest(#[from] crate::manifest::ManifestError),
    #[error("{}: holds no canvas (*.canvas.json) and no ODPS or ODCS manifest", .0.display())]
    Empty(std::path::PathBuf),
}

/// Reads one version of a product or a mesh: a canvas file, an ODPS or
/// ODCS manifest, or a folder of either (a mesh of canvases, an exported
/// bundle). Where a folder holds a canvas and manifests of the same
/// product, the canvas is that product.
pub fn read_version(path: &std::path::Path) -> Result<Vec<Canvas>, VersionError> {
    use crate::manifest::find::is_manifest_name;
    let paths = [path.to_path_buf()];
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let is_dir = std::fs::metadata(path)
        .map_err(|e| crate::manifest::ManifestError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?
        .is_dir();
    let mut canvases = Vec::new();
    // A bundle's canvas files are read by the bundle import, which checks
    // them against its index.
    let bundle = is_dir && crate::manifest::is_bundle(path);
    if !bundle && (is_dir || !is_manifest_name(&name)) {
        let report = crate::format::load_paths(&paths);
        if let Some(e) = report.errors.into_iter().next() {
            return Err(e.into());
        }
        canvases.extend(report.canvases.into_iter().map(|c| c.canvas));
    }
    let has_manifests = if is_dir {
        !crate::walk::files(path, is_manifest_name).files.is_empty()
    } else {
        is_manifest_name(&name)
    };
    if has_manifests {
        for i in crate::manifest::import_paths(&paths)? {
            if !canvases.iter().any(|c| c.product.id == i.canvas.product.id) {
                canvases.push(i.canvas);
            }
        }
    }
    if canvases.is_empty() {
        return Err(VersionError::Empty(path.to_path_buf()));
    }
    Ok(canvases)
}

/// The output ports of `current` (or of `baseline`, when removed) with
/// breaking changes since `baseline`, sorted: what the mesh map marks.
#[must_use]
pub fn breaking_ports(baseline: &Canvas, current: &Canvas) -> Vec<String> {
    let ports: BTreeSet<String> = classify(baseline, current)
        .into_iter()
        .filter(|c| c.impact == Impact::Breaking)
        .filter_map(|c| c.port)
        .collect();
    ports.into_iter().collect()
}
