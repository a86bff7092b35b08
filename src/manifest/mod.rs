//! Deployable manifests: ODPS data products and ODCS data contracts, out of
//! canvases and back.
//!
//! This module is the one place formats are registered: one module per
//! format and direction ([`odps_export`], [`odcs_export`], [`odps_import`],
//! [`odcs_import`]), plus what they share: the bundle layout (sanitised
//! paths, the index with the deployment order the product graph gives,
//! [`crate::mesh`]) and its atomic writing, in `bundle`; reading a bundle
//! back, its products from their canvas files, in `bundle_import`; reading
//! documents and assembling them into canvases, in `import`;
//! [`ManifestError`], in `error`; and here the small items every format
//! uses (contract ids, [`ExportContext`]). Those modules are private: what
//! they offer is re-exported here, so it is named `manifest::export_files`
//! and so on.
//!
//! Export is pure: [`export_files`] turns canvases into files with
//! deterministic bytes; [`write_bundle`] puts them on disk. Import reads
//! documents into canvases ([`import_paths`], [`import_documents`]) and
//! keeps what has no place in the canvas in `extensions`, by name.

use serde::Serialize;
use serde_json::Value;

use crate::model::Canvas;

mod bundle;
mod bundle_import;
pub mod custom;
mod error;
pub mod find;
mod import;
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

pub use bundle::{
    BUNDLE_KIND, export_files, export_files_in, export_files_since, index_name, is_bundle,
    sanitize_segment, write_bundle,
};
pub use bundle_import::import_bundle;
pub use error::ManifestError;
pub use import::{ODCS_READ_VERSIONS, ODPS_READ_VERSIONS, import_documents, import_paths};

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

/// What an exporter may know beyond the canvas it writes: the mesh the
/// export was made from (the whole workspace in the app, every canvas given
/// to the CLI), not only the canvases exported, so an input port can say
/// the version of the upstream port it reads.
#[derive(Debug)]
pub struct ExportContext<'a> {
    /// The canvases written: they are looked at first, whatever an older
    /// copy in the mesh says.
    exported: &'a [Canvas],
    mesh: &'a [Canvas],
}

impl ExportContext<'_> {
    fn product(&self, id: &str) -> Option<&Canvas> {
        self.exported
            .iter()
            .chain(self.mesh)
            .find(|c| c.product.id == id)
    }

    /// The contract id of an upstream output port: its own when that
    /// product is in the mesh and its port has one, else the id made from
    /// the product and port ids.
    #[must_use]
    pub fn upstream_contract_id(&self, product: &str, port: &str) -> String {
        self.product(product)
            .and_then(|c| c.output_port(port))
            .and_then(|p| p.contract_id.clone())
            .unwrap_or_else(|| contract_id(product, port))
    }

    /// The version of an upstream output port as that product's ODPS file
    /// writes it, when the product is in the mesh; `None` when the export
    /// cannot know it.
    #[must_use]
    pub fn upstream_version(&self, product: &str, port: &str) -> Option<String> {
        self.product(product).and_then(|c| {
            c.output_port(port)
                .map(|p| odps_export::required_version(&p.version, c))
        })
    }
}
