//! The commands the UI invokes (see `COMMANDS.md`): each takes the
//! [`Studio`] from Tauri's state, calls one method and maps the error to
//! the wire's `{ code, message }`.

// Tauri hands a command its `State` by value; the sync commands only read it.
#![allow(clippy::needless_pass_by_value)]

use std::path::PathBuf;

use meshcanvas::change::ProductChanges;
use meshcanvas::merge::{Merged, Side};
use meshcanvas::model::{Archetype, Canvas};
use meshcanvas::poster::TakeHome;
use meshcanvas::store::Release;
use meshcanvas::studio::Studio;
use meshcanvas::wire::{
    CanvasDiff, CanvasSummary, ExportOptions, ExportSummary, ExportedFile, Finding, ImportChoice,
    ImportItem, MeshGraph, RevisionInfo, RuleInfo, StoredCanvas, WireError, WorkspaceInfo,
};
use meshcanvas::workshop::{Converted, StickyTarget, WorkshopAction};
use tauri::State;

/// The result every command returns.
pub(crate) type Reply<T> = Result<T, WireError>;

#[tauri::command]
pub(crate) async fn workspace_info(studio: State<'_, Studio>) -> Reply<WorkspaceInfo> {
    studio.ready().await;
    if let Some(problem) = studio.start_problem() {
        return Err(problem);
    }
    Ok(studio.workspace_info().await?)
}

#[tauri::command]
pub(crate) async fn workspace_open(
    studio: State<'_, Studio>,
    path: PathBuf,
) -> Reply<WorkspaceInfo> {
    Ok(studio.workspace_open(&path).await?)
}

#[tauri::command]
pub(crate) async fn workspace_create(
    studio: State<'_, Studio>,
    path: PathBuf,
) -> Reply<WorkspaceInfo> {
    Ok(studio.workspace_create(&path).await?)
}

#[tauri::command]
pub(crate) async fn recent_workspaces(studio: State<'_, Studio>) -> Reply<Vec<String>> {
    Ok(studio.recent_workspaces().await?)
}

#[tauri::command]
pub(crate) async fn canvas_list(studio: State<'_, Studio>) -> Reply<Vec<CanvasSummary>> {
    Ok(studio.canvas_list().await?)
}

#[tauri::command]
pub(crate) fn canvas_templates(studio: State<'_, Studio>) -> Vec<Canvas> {
    studio.canvas_templates()
}

#[tauri::command]
pub(crate) async fn canvas_load(studio: State<'_, Studio>, id: String) -> Reply<StoredCanvas> {
    Ok(studio.canvas_load(&id).await?)
}

#[tauri::command]
pub(crate) async fn canvas_create(
    studio: State<'_, Studio>,
    canvas: Canvas,
) -> Reply<StoredCanvas> {
    Ok(studio.canvas_create(canvas).await?)
}

#[tauri::command]
pub(crate) async fn canvas_save(
    studio: State<'_, Studio>,
    canvas: Canvas,
    base_revision: i64,
    message: String,
) -> Reply<StoredCanvas> {
    Ok(studio.canvas_save(canvas, base_revision, &message).await?)
}

#[tauri::command]
pub(crate) async fn canvas_check(studio: State<'_, Studio>, canvas: Canvas) -> Reply<Vec<Finding>> {
    Ok(studio.check_draft(canvas).await?)
}

#[tauri::command]
pub(crate) async fn canvas_save_point(
    studio: State<'_, Studio>,
    canvas: Canvas,
    base_revision: i64,
    message: String,
) -> Reply<StoredCanvas> {
    Ok(studio
        .canvas_save_point(canvas, base_revision, &message)
        .await?)
}

#[tauri::command]
pub(crate) async fn canvas_impact(
    studio: State<'_, Studio>,
    canvas: Canvas,
) -> Reply<Option<ProductChanges>> {
    Ok(studio.canvas_impact(canvas).await?)
}

#[tauri::command]
pub(crate) async fn canvas_release(studio: State<'_, Studio>, id: String) -> Reply<Release> {
    Ok(studio.canvas_release(&id).await?)
}

#[tauri::command]
pub(crate) async fn canvas_releases(studio: State<'_, Studio>, id: String) -> Reply<Vec<Release>> {
    Ok(studio.canvas_releases(&id).await?)
}

#[tauri::command]
pub(crate) async fn history_changes(
    studio: State<'_, Studio>,
    id: String,
    from: i64,
    to: i64,
) -> Reply<Option<ProductChanges>> {
    Ok(studio.history_changes(&id, from, to).await?)
}

#[tauri::command]
pub(crate) async fn canvas_readers(studio: State<'_, Studio>, id: String) -> Reply<Vec<String>> {
    Ok(studio.canvas_readers(&id).await?)
}

#[tauri::command]
pub(crate) async fn canvas_rename(
    studio: State<'_, Studio>,
    id: String,
    new_id: String,
) -> Reply<StoredCanvas> {
    Ok(studio.canvas_rename(&id, &new_id).await?)
}

#[tauri::command]
pub(crate) async fn canvas_delete(studio: State<'_, Studio>, id: String) -> Reply<()> {
    Ok(studio.canvas_delete(&id).await?)
}

#[tauri::command]
pub(crate) async fn canvas_deleted(studio: State<'_, Studio>) -> Reply<Vec<CanvasSummary>> {
    Ok(studio.canvas_deleted().await?)
}

#[tauri::command]
pub(crate) async fn canvas_bring_back(
    studio: State<'_, Studio>,
    id: String,
) -> Reply<StoredCanvas> {
    Ok(studio.canvas_bring_back(&id).await?)
}

#[tauri::command]
pub(crate) fn standards_rules(studio: State<'_, Studio>) -> Vec<RuleInfo> {
    studio.standards_rules()
}

#[tauri::command]
pub(crate) fn standards_problem(studio: State<'_, Studio>) -> Option<WireError> {
    studio.standards_problem()
}

#[tauri::command]
pub(crate) async fn mesh_graph(studio: State<'_, Studio>) -> Reply<MeshGraph> {
    Ok(studio.mesh_graph().await?)
}

#[tauri::command]
pub(crate) async fn import_files(
    studio: State<'_, Studio>,
    paths: Vec<PathBuf>,
) -> Reply<Vec<ImportItem>> {
    Ok(studio.import_files(&paths).await?)
}

#[tauri::command]
pub(crate) async fn import_commit(
    studio: State<'_, Studio>,
    choices: Vec<ImportChoice>,
) -> Reply<Vec<StoredCanvas>> {
    Ok(studio.import_commit(choices).await?)
}

/// The files the app was started with (`meshcanvas-desktop orders.odcs.yaml`,
/// or "Open with" from a file manager), for the import preview.
pub(crate) struct OpenedFiles(pub(crate) std::sync::Mutex<Vec<String>>);

/// The files the app was started with, once: the UI previews their import.
#[tauri::command]
pub(crate) fn opened_files(files: State<'_, OpenedFiles>) -> Vec<String> {
    std::mem::take(
        &mut *files
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    )
}

#[tauri::command]
pub(crate) async fn history_list(
    studio: State<'_, Studio>,
    id: String,
) -> Reply<Vec<RevisionInfo>> {
    Ok(studio.history_list(&id).await?)
}

#[tauri::command]
pub(crate) async fn history_load(
    studio: State<'_, Studio>,
    id: String,
    revision: i64,
) -> Reply<StoredCanvas> {
    Ok(studio.history_load(&id, revision).await?)
}

#[tauri::command]
pub(crate) async fn export_preview(
    studio: State<'_, Studio>,
    product_ids: Vec<String>,
    options: ExportOptions,
) -> Reply<Vec<ExportedFile>> {
    Ok(studio.export_preview(&product_ids, &options).await?)
}

#[tauri::command]
pub(crate) async fn export_bundle(
    studio: State<'_, Studio>,
    product_ids: Vec<String>,
    out_dir: PathBuf,
    options: ExportOptions,
) -> Reply<ExportSummary> {
    Ok(studio
        .export_bundle(&product_ids, &out_dir, &options)
        .await?)
}

#[tauri::command]
pub(crate) async fn history_diff(
    studio: State<'_, Studio>,
    id: String,
    from: i64,
    to: i64,
) -> Reply<CanvasDiff> {
    Ok(studio.history_diff(&id, from, to).await?)
}

#[tauri::command]
pub(crate) async fn history_restore(
    studio: State<'_, Studio>,
    id: String,
    revision: i64,
) -> Reply<StoredCanvas> {
    Ok(studio.history_restore(&id, revision).await?)
}

#[tauri::command]
pub(crate) fn workshop_start(studio: State<'_, Studio>, canvas: Canvas) -> Canvas {
    studio.workshop_start(canvas)
}

#[tauri::command]
pub(crate) fn workshop_template(
    studio: State<'_, Studio>,
    id: String,
    name: String,
    domain: String,
    archetype: Option<Archetype>,
) -> Canvas {
    studio.workshop_template(&id, &name, &domain, archetype)
}

#[tauri::command]
pub(crate) fn workshop_act(
    studio: State<'_, Studio>,
    canvas: Canvas,
    action: WorkshopAction,
) -> Reply<Canvas> {
    Ok(studio.workshop_act(canvas, &action)?)
}

#[tauri::command]
pub(crate) fn workshop_convert(
    studio: State<'_, Studio>,
    canvas: Canvas,
    note_id: String,
    target: StickyTarget,
    into: Option<String>,
) -> Reply<Converted> {
    Ok(studio.workshop_convert(canvas, &note_id, target, into.as_deref())?)
}

#[tauri::command]
pub(crate) async fn workshop_summary(studio: State<'_, Studio>, canvas: Canvas) -> Reply<String> {
    Ok(studio.workshop_summary(canvas).await?)
}

#[tauri::command]
pub(crate) async fn workshop_take_home(
    studio: State<'_, Studio>,
    canvas: Canvas,
    out_dir: PathBuf,
    options: TakeHome,
) -> Reply<Vec<String>> {
    Ok(studio.take_home(canvas, &out_dir, &options).await?)
}

#[tauri::command]
pub(crate) async fn canvas_merge(
    studio: State<'_, Studio>,
    canvas: Canvas,
    base_revision: i64,
    choices: Option<Vec<Side>>,
) -> Reply<Merged> {
    Ok(studio
        .canvas_merge(canvas, base_revision, choices.as_deref())
        .await?)
}
