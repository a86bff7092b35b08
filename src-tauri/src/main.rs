//! The Mesh Canvas desktop app: a Tauri shell over the core. Each command
//! takes the [`Studio`] from Tauri's state, calls one method and maps the
//! error to the wire's `{ code, message }`; nothing here checks, converts
//! or stores anything (see `COMMANDS.md` for the contract with the UI).
//!
//! Which workspace opens at start: `MESHCANVAS_WORKSPACE` when set (the
//! end-to-end suite points it at a temporary folder so it never touches a
//! user's data), else `workspace.meshcanvas.db` in the platform's app-data
//! folder, seeded the first time from the example mesh bundled as a
//! resource (`examples/`, copied as `example-mesh/`, see `tauri.conf.json`).
//!
//! When that workspace cannot be opened (a file that is not a workspace, a
//! damaged or unreadable one, one written by a newer Mesh Canvas) the app
//! still starts: the studio keeps the error ([`Studio::start`]),
//! `workspace_info` answers with it until another workspace is opened or
//! created, and the home view shows it, naming the file, next to the ways
//! to open or create another.
//!
//! When the standards packs cannot be loaded (a pack that is not JSON or not
//! a pack, a Rego policy that does not parse, a `MESHCANVAS_STANDARDS` that
//! names no folder) the app still starts, checking against no standards
//! ([`Studio::starting`]): `standards_problem` returns the error and the UI
//! shows it (the home view names the file and what is wrong; the top bar,
//! the tiles and the findings panel say that nothing is checked), and an
//! export is refused unless findings are allowed, as on the command line.
//! Fixing the pack takes a restart.
//!
//! The shell only finds the folders (the platform's app-data folder, the
//! bundled resources); what happens with them is the studio's.
//!
//! `MESHCANVAS_TEST=1` applies `tauri.conf.test.json` on top of the
//! configuration at start (its own app identifier, so window state and the
//! recent-workspace list never mix with a user's). It is merged at run time
//! rather than at build time (`TAURI_CONFIG`) because that variable reruns
//! the build scripts of `tauri` and every plugin: the suite would rebuild
//! them each time it alternates with `make run`.

// Tauri hands a command its `State` by value; the sync commands only read it.
#![allow(clippy::needless_pass_by_value)]
// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;

use anyhow::Context as _;
use meshcanvas::model::Canvas;
use meshcanvas::studio::Studio;
use meshcanvas::wire::{
    CanvasDiff, CanvasSummary, ErrorCode, ExportOptions, ExportSummary, ExportedFile, Finding,
    ImportChoice, ImportItem, MeshGraph, RevisionInfo, RuleInfo, StoredCanvas, WireError,
    WorkspaceInfo,
};
use tauri::{Manager as _, State};

/// The result every command returns.
type Reply<T> = Result<T, WireError>;

#[tauri::command]
async fn workspace_info(studio: State<'_, Studio>) -> Reply<WorkspaceInfo> {
    if let Some(problem) = studio.start_problem() {
        return Err(problem);
    }
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
async fn canvas_check(studio: State<'_, Studio>, canvas: Canvas) -> Reply<Vec<Finding>> {
    Ok(studio.check_draft(canvas).await?)
}

#[tauri::command]
async fn canvas_save_point(
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
async fn canvas_readers(studio: State<'_, Studio>, id: String) -> Reply<Vec<String>> {
    Ok(studio.canvas_readers(&id).await?)
}

#[tauri::command]
async fn canvas_rename(
    studio: State<'_, Studio>,
    id: String,
    new_id: String,
) -> Reply<StoredCanvas> {
    Ok(studio.canvas_rename(&id, &new_id).await?)
}

#[tauri::command]
async fn canvas_delete(studio: State<'_, Studio>, id: String) -> Reply<()> {
    Ok(studio.canvas_delete(&id).await?)
}

#[tauri::command]
async fn canvas_deleted(studio: State<'_, Studio>) -> Reply<Vec<CanvasSummary>> {
    Ok(studio.canvas_deleted().await?)
}

#[tauri::command]
async fn canvas_bring_back(studio: State<'_, Studio>, id: String) -> Reply<StoredCanvas> {
    Ok(studio.canvas_bring_back(&id).await?)
}

#[tauri::command]
fn standards_rules(studio: State<'_, Studio>) -> Vec<RuleInfo> {
    studio.standards_rules()
}

#[tauri::command]
fn standards_problem(studio: State<'_, Studio>) -> Option<WireError> {
    studio.standards_problem()
}

#[tauri::command]
async fn mesh_graph(studio: State<'_, Studio>) -> Reply<MeshGraph> {
    Ok(studio.mesh_graph().await?)
}

#[tauri::command]
async fn import_files(studio: State<'_, Studio>, paths: Vec<PathBuf>) -> Reply<Vec<ImportItem>> {
    Ok(studio.import_files(&paths).await?)
}

#[tauri::command]
async fn import_commit(
    studio: State<'_, Studio>,
    choices: Vec<ImportChoice>,
) -> Reply<Vec<StoredCanvas>> {
    Ok(studio.import_commit(choices).await?)
}

/// The files the app was started with (`meshcanvas-desktop orders.odcs.yaml`,
/// or "Open with" from a file manager), for the import preview.
struct OpenedFiles(std::sync::Mutex<Vec<String>>);

/// The files the app was started with, once: the UI previews their import.
#[tauri::command]
fn opened_files(files: State<'_, OpenedFiles>) -> Vec<String> {
    std::mem::take(
        &mut *files
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    )
}

#[tauri::command]
async fn history_list(studio: State<'_, Studio>, id: String) -> Reply<Vec<RevisionInfo>> {
    Ok(studio.history_list(&id).await?)
}

#[tauri::command]
async fn history_load(studio: State<'_, Studio>, id: String, revision: i64) -> Reply<StoredCanvas> {
    Ok(studio.history_load(&id, revision).await?)
}

#[tauri::command]
async fn export_preview(
    studio: State<'_, Studio>,
    product_ids: Vec<String>,
    options: ExportOptions,
) -> Reply<Vec<ExportedFile>> {
    Ok(studio.export_preview(&product_ids, &options).await?)
}

#[tauri::command]
async fn export_bundle(
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
async fn history_diff(
    studio: State<'_, Studio>,
    id: String,
    from: i64,
    to: i64,
) -> Reply<CanvasDiff> {
    Ok(studio.history_diff(&id, from, to).await?)
}

#[tauri::command]
async fn history_restore(
    studio: State<'_, Studio>,
    id: String,
    revision: i64,
) -> Reply<StoredCanvas> {
    Ok(studio.history_restore(&id, revision).await?)
}

/// Where the standards packs are: `MESHCANVAS_STANDARDS` or the repository's
/// `canvas-schemas/standards` (next to the executable's ancestors, as in a
/// build tree), else the copy bundled as the resource `standards/`.
fn standards_dir(app: &tauri::App) -> Result<PathBuf, WireError> {
    if let Some(dir) = meshcanvas::standards::default_dir() {
        return Ok(dir);
    }
    let not_found = |place: String| WireError {
        code: ErrorCode::InvalidStandards,
        message: format!(
            "no standards packs found: {place}, and MESHCANVAS_STANDARDS is not set (set it to \
             the folder of the *.pack.json files)"
        ),
    };
    match app.path().resource_dir() {
        Ok(resources) => {
            let bundled = resources.join("standards");
            if bundled.is_dir() {
                Ok(bundled)
            } else {
                Err(not_found(format!(
                    "the app's bundled copy {} is missing",
                    bundled.display()
                )))
            }
        }
        Err(e) => Err(not_found(format!(
            "the app's resource folder cannot be found ({e})"
        ))),
    }
}

/// The start-up workspace and the folder to seed it from when it is new
/// (see the module docs).
fn start_workspace(app: &tauri::App) -> Result<(PathBuf, Option<PathBuf>), WireError> {
    if let Some(p) = std::env::var_os("MESHCANVAS_WORKSPACE") {
        // MESHCANVAS_SEED seeds a new test workspace (the screenshots show
        // the example mesh).
        return Ok((
            PathBuf::from(p),
            std::env::var_os("MESHCANVAS_SEED").map(PathBuf::from),
        ));
    }
    let data = app.path().app_data_dir().map_err(|e| WireError {
        code: ErrorCode::Io,
        message: format!("the platform has no app-data folder for the default workspace: {e}"),
    })?;
    let seed = app
        .path()
        .resource_dir()
        .ok()
        .map(|d| d.join("example-mesh"))
        .filter(|d| d.is_dir());
    Ok((meshcanvas::store::default_workspace_path(&data), seed))
}

/// The test configuration, merged over `tauri.conf.json` by
/// [`apply_test_config`].
const TEST_CONFIG: &str = include_str!("../tauri.conf.test.json");

/// Merges `patch` into `target` as JSON Merge Patch (RFC 7396) does, except
/// that arrays of objects are merged element by element, so the test
/// configuration can change one window's title without restating it.
fn merge(target: &mut serde_json::Value, patch: &serde_json::Value) {
    use serde_json::Value;
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                merge(t.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (Value::Array(t), Value::Array(p)) if p.iter().all(Value::is_object) => {
            for (i, v) in p.iter().enumerate() {
                match t.get_mut(i) {
                    Some(slot) => merge(slot, v),
                    None => t.push(v.clone()),
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

/// Applies the test configuration when `MESHCANVAS_TEST=1`.
fn apply_test_config(context: &mut tauri::Context) -> anyhow::Result<()> {
    if std::env::var("MESHCANVAS_TEST").as_deref() != Ok("1") {
        return Ok(());
    }
    let mut config = serde_json::to_value(context.config())?;
    let patch: serde_json::Value =
        serde_json::from_str(TEST_CONFIG).context("src-tauri/tauri.conf.test.json")?;
    merge(&mut config, &patch);
    *context.config_mut() =
        serde_json::from_value(config).context("merging src-tauri/tauri.conf.test.json")?;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let mut context = tauri::generate_context!();
    apply_test_config(&mut context)?;
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(|app| {
            let recent = app
                .path()
                .app_config_dir()
                .ok()
                .map(|d| d.join("recent-workspaces.json"));
            // Revisions saved from the app are attributed to the OS user.
            let author = std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_else(|_| "desktop".to_owned());
            let studio = Studio::starting(standards_dir(app), recent, &author);
            if let Some(problem) = studio.standards_problem() {
                eprintln!(
                    "meshcanvas: cannot load the standards packs, so canvases are not checked: {}",
                    problem.message
                );
            }
            tauri::async_runtime::block_on(studio.start(start_workspace(app)));
            if let Some(problem) = studio.start_problem() {
                eprintln!(
                    "meshcanvas: cannot open the start-up workspace: {}",
                    problem.message
                );
            }
            app.manage(studio);
            // Every argument that is not an option is a file to import.
            let files = std::env::args_os()
                .skip(1)
                .filter(|a| !a.to_string_lossy().starts_with('-'))
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            app.manage(OpenedFiles(std::sync::Mutex::new(files)));
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
            canvas_save_point,
            canvas_check,
            canvas_readers,
            canvas_rename,
            canvas_delete,
            canvas_deleted,
            canvas_bring_back,
            standards_rules,
            standards_problem,
            mesh_graph,
            import_files,
            import_commit,
            opened_files,
            history_list,
            history_load,
            history_diff,
            history_restore,
            export_preview,
            export_bundle,
        ])
        .run(context)
        .context("the app stopped with an error")
}

#[cfg(test)]
mod tests {
    use super::merge;
    use serde_json::json;

    #[test]
    fn the_test_configuration_changes_only_what_it_names() {
        let mut config = json!({
            "identifier": "dev.meshcanvas.studio",
            "app": { "windows": [{ "label": "main", "title": "Mesh Canvas", "width": 1440 }] }
        });
        let patch: serde_json::Value =
            serde_json::from_str(super::TEST_CONFIG).expect("tauri.conf.test.json is JSON");
        merge(&mut config, &patch);
        assert_eq!(config["identifier"], "dev.meshcanvas.studio.e2e");
        assert_eq!(config["app"]["windows"][0]["label"], "main");
        assert_eq!(config["app"]["windows"][0]["width"], 1440);
        assert_eq!(config["app"]["windows"][0]["title"], "Mesh Canvas (e2e)");
    }
}
