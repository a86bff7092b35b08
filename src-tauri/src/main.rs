//! The Mesh Canvas desktop app: a Tauri shell over the core. Each command
//! takes the [`Studio`] from Tauri's state, calls one method and maps the
//! error to the wire's `{ code, message }`; nothing here checks, converts
//! or stores anything (see `COMMANDS.md` for the contract with the UI).
//!
//! Which workspace opens at start: `MESHCANVAS_WORKSPACE` when set (the
//! end-to-end suite points it at a temporary folder so it never touches a
//! user's data), else `workspace` in the platform's app-data folder, seeded
//! from the bundled example mesh the first time.

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;

use anyhow::Context as _;
use meshcanvas::model::Canvas;
use meshcanvas::studio::Studio;
use meshcanvas::wire::{
    CanvasSummary, ImportedCanvas, MeshGraph, RevisionInfo, StoredCanvas, WireError, WorkspaceInfo,
};
use tauri::{Manager as _, State};

/// The result every command returns.
type Reply<T> = Result<T, WireError>;

#[tauri::command]
async fn workspace_info(studio: State<'_, Studio>) -> Reply<WorkspaceInfo> {
    Ok(studio.workspace_info().await?)
}

#[tauri::command]
async fn workspace_open(studio: State<'_, Studio>, path: PathBuf) -> Reply<WorkspaceInfo> {
    Ok(studio.workspace_open(&path).await?)
}

#[tauri::command]
async fn workspace_create(studio: State<'_, Studio>, path: PathBuf) -> Reply<WorkspaceInfo> {
    Ok(studio.workspace_create(&path).await?)
}

#[tauri::command]
async fn recent_workspaces(studio: State<'_, Studio>) -> Reply<Vec<String>> {
    Ok(studio.recent_workspaces().await?)
}

#[tauri::command]
async fn canvas_list(studio: State<'_, Studio>) -> Reply<Vec<CanvasSummary>> {
    Ok(studio.canvas_list().await?)
}

#[tauri::command]
fn canvas_templates(studio: State<'_, Studio>) -> Vec<Canvas> {
    studio.canvas_templates()
}

#[tauri::command]
async fn canvas_load(studio: State<'_, Studio>, id: String) -> Reply<StoredCanvas> {
    Ok(studio.canvas_load(&id).await?)
}

#[tauri::command]
async fn canvas_create(studio: State<'_, Studio>, canvas: Canvas) -> Reply<StoredCanvas> {
    Ok(studio.canvas_create(canvas).await?)
}

#[tauri::command]
async fn canvas_save(
    studio: State<'_, Studio>,
    canvas: Canvas,
    base_revision: i64,
    message: String,
) -> Reply<StoredCanvas> {
    Ok(studio.canvas_save(canvas, base_revision, &message).await?)
}

#[tauri::command]
async fn mesh_graph(studio: State<'_, Studio>) -> Reply<MeshGraph> {
    Ok(studio.mesh_graph().await?)
}

#[tauri::command]
async fn import_files(
    studio: State<'_, Studio>,
    paths: Vec<PathBuf>,
) -> Reply<Vec<ImportedCanvas>> {
    Ok(studio.import_files(&paths).await?)
}

#[tauri::command]
async fn history_list(studio: State<'_, Studio>, id: String) -> Reply<Vec<RevisionInfo>> {
    Ok(studio.history_list(&id).await?)
}

#[tauri::command]
async fn history_load(studio: State<'_, Studio>, id: String, revision: i64) -> Reply<StoredCanvas> {
    Ok(studio.history_load(&id, revision).await?)
}

/// Opens the start-up workspace (see the module docs).
fn open_start_workspace(app: &tauri::App) -> anyhow::Result<()> {
    let studio = app.state::<Studio>();
    let (path, seed) = match std::env::var_os("MESHCANVAS_WORKSPACE") {
        Some(p) => (PathBuf::from(p), None),
        None => {
            let data = app
                .path()
                .app_data_dir()
                .context("the platform has no app-data folder")?;
            let seed = app
                .path()
                .resource_dir()
                .ok()
                .map(|d| d.join("examples"))
                .filter(|d| d.is_dir());
            (data.join("workspace"), seed)
        }
    };
    tauri::async_runtime::block_on(studio.open_or_create(&path, seed.as_deref()))
        .with_context(|| format!("cannot open the workspace {}", path.display()))
}

fn main() -> anyhow::Result<()> {
    let context = tauri::generate_context!();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(|app| {
            let recent = app
                .path()
                .app_config_dir()
                .ok()
                .map(|d| d.join("recent-workspaces.json"));
            app.manage(Studio::new(recent));
            open_start_workspace(app)?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            workspace_info,
            workspace_open,
            workspace_create,
            recent_workspaces,
            canvas_list,
            canvas_templates,
            canvas_load,
            canvas_create,
            canvas_save,
            mesh_graph,
            import_files,
            history_list,
            history_load,
        ])
        .run(context)
        .context("the app stopped with an error")
}
