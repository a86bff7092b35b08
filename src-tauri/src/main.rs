//! The Mesh Canvas desktop app: a Tauri shell over the core. Each command
//! takes the [`Studio`] from Tauri's state, calls one method and maps the
//! error to the wire's `{ code, message }`; nothing here checks, converts
//! or stores anything (see `COMMANDS.md` for the contract with the UI).
//!
//! Which workspace opens at start: a workspace the app is opened with (a
//! double-click on a workspace file, or its path on the command line; see
//! [`StartFiles`]), else `MESHCANVAS_WORKSPACE` when set (the end-to-end
//! suite points it at a temporary folder so it never touches a user's
//! data), else `workspace.meshcanvas.db` in the platform's app-data
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

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod startup;

use anyhow::Context as _;
use meshcanvas::studio::{StartFiles, Studio};
use tauri::Manager as _;

// Every command, by the name `generate_handler!` below lists it (and
// tests/commands.rs checks against the other lists): naming them here too
// would be a sixth list to keep in step.
#[allow(clippy::wildcard_imports)]
use commands::*;
use startup::{apply_test_config, standards_dir, start_workspace};

fn main() -> anyhow::Result<()> {
    // Rego policies are evaluated in a worker process of this executable,
    // which a policy that runs away cannot take the app down with.
    meshcanvas::standards::policy_worker::serve_if_asked();
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
            // A workspace among the files the app is opened with is opened
            // instead of the default; the rest are previewed for import.
            let opened = StartFiles::sort(std::env::args_os().skip(1));
            // The workspace opens in the background, so the window shows at
            // once (a workspace of thousands of canvases takes seconds to
            // check); calls that need it wait, and the home view says it
            // is opening.
            let workspace = start_workspace(app, opened.workspace.as_deref());
            studio.begin_start();
            app.manage(studio);
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let studio = handle.state::<Studio>();
                studio.start(workspace).await;
                if let Some(problem) = studio.start_problem() {
                    eprintln!(
                        "meshcanvas: cannot open the start-up workspace: {}",
                        problem.message
                    );
                }
            });
            let files = opened
                .import
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
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
            canvas_merge,
            canvas_check,
            canvas_readers,
            canvas_impact,
            canvas_release,
            canvas_releases,
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
            history_changes,
            workshop_start,
            workshop_template,
            workshop_act,
            workshop_convert,
            workshop_summary,
            workshop_take_home,
            export_preview,
            export_bundle,
        ])
        .run(context)
        .context("the app stopped with an error")
}
