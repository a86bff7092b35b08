//! Generates the Tauri context and one `allow-<command>` permission per app
//! command, so the capability in `capabilities/main.json` can list exactly
//! the commands the UI may call (an app without a command manifest allows
//! every command to every window).

fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "workspace_info",
            "workspace_open",
            "workspace_create",
            "recent_workspaces",
            "canvas_list",
            "canvas_templates",
            "canvas_load",
            "canvas_create",
            "canvas_save",
            "canvas_save_point",
            "canvas_merge",
            "canvas_check",
            "canvas_readers",
            "canvas_impact",
            "canvas_release",
            "canvas_releases",
            "canvas_rename",
            "canvas_delete",
            "canvas_deleted",
            "canvas_bring_back",
            "mesh_graph",
            "standards_rules",
            "standards_problem",
            "export_preview",
            "export_bundle",
            "import_files",
            "import_commit",
            "opened_files",
            "history_list",
            "history_load",
            "history_diff",
            "history_restore",
            "history_changes",
            "workshop_start",
            "workshop_template",
            "workshop_act",
            "workshop_convert",
            "workshop_summary",
            "workshop_take_home",
        ]),
    ))
    .expect("failed to run tauri-build");
}
