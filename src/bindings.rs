//! The TypeScript bindings of every type the UI uses, written by ts-rs into
//! `ui/src/bindings/`. The committed files are checked by a test
//! (`tests/suite/bindings.rs`); `make bindings` rewrites them.

use std::path::Path;

use ts_rs::{Config, TS};

/// Writes the bindings of every UI-facing type (and the types they use)
/// into `dir`.
pub fn export_all(dir: &Path) -> Result<(), ts_rs::ExportError> {
    let cfg = Config::new().with_out_dir(dir);
    crate::model::Canvas::export_all(&cfg)?;
    crate::model::CardKind::export_all(&cfg)?;
    crate::wire::ErrorCode::export_all(&cfg)?;
    crate::wire::WireError::export_all(&cfg)?;
    crate::wire::Finding::export_all(&cfg)?;
    crate::wire::RuleInfo::export_all(&cfg)?;
    crate::wire::CanvasSummary::export_all(&cfg)?;
    crate::wire::StoredCanvas::export_all(&cfg)?;
    crate::wire::RevisionInfo::export_all(&cfg)?;
    crate::wire::CanvasDiff::export_all(&cfg)?;
    crate::wire::ExportOptions::export_all(&cfg)?;
    crate::wire::ExportedFile::export_all(&cfg)?;
    crate::wire::ExportSummary::export_all(&cfg)?;
    crate::wire::ImportedCanvas::export_all(&cfg)?;
    crate::wire::ImportItem::export_all(&cfg)?;
    crate::wire::ImportChoice::export_all(&cfg)?;
    crate::wire::MeshGraph::export_all(&cfg)?;
    crate::wire::WorkspaceInfo::export_all(&cfg)?;
    Ok(())
}
