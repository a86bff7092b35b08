//! Start-up: where the standards packs and the start-up workspace are, and
//! the test configuration merged over `tauri.conf.json`. The shell only
//! finds the folders; what happens with them is the studio's.

use std::path::PathBuf;

use anyhow::Context as _;
use meshcanvas::wire::{ErrorCode, WireError};
use tauri::Manager as _;

/// Where the standards packs are: `MESHCANVAS_STANDARDS` or the repository's
/// `canvas-schemas/standards` (next to the executable's ancestors, as in a
/// build tree), else the copy bundled as the resource `standards/`.
pub(crate) fn standards_dir(app: &tauri::App) -> Result<PathBuf, WireError> {
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
/// (see the module docs): `opened`, the workspace the app was opened with,
/// is never seeded.
pub(crate) fn start_workspace(
    app: &tauri::App,
    opened: Option<&std::path::Path>,
) -> Result<(PathBuf, Option<PathBuf>), WireError> {
    if let Some(p) = opened {
        return Ok((p.to_path_buf(), None));
    }
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
pub(crate) const TEST_CONFIG: &str = include_str!("../tauri.conf.test.json");

/// Merges `patch` into `target` as JSON Merge Patch (RFC 7396) does, except
/// that arrays of objects are merged element by element, so the test
/// configuration can change one window's title without restating it.
pub(crate) fn merge(target: &mut serde_json::Value, patch: &serde_json::Value) {
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
pub(crate) fn apply_test_config(context: &mut tauri::Context) -> anyhow::Result<()> {
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
