//! Shared test helpers: where the repository, the examples and `../shared/`
//! are, and the switch that rewrites generated files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path inside the repository.
pub fn repo_path(rel: &str) -> PathBuf {
    repo().join(rel)
}

/// `tests/fixtures/<rel>`.
pub fn fixture(rel: &str) -> PathBuf {
    repo().join("tests/fixtures").join(rel)
}

/// The shared conformance material beside the repository (`../shared/`),
/// or `MESHCANVAS_SHARED` when set.
pub fn shared() -> PathBuf {
    std::env::var_os("MESHCANVAS_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared"))
}

/// Whether generated files should be rewritten instead of compared
/// (`MESHCANVAS_UPDATE=1`, see `make bindings` / `make schemas`).
pub fn update_mode() -> bool {
    std::env::var("MESHCANVAS_UPDATE").is_ok_and(|v| v == "1")
}

/// Every `*.canvas.json` under `examples/`, sorted.
pub fn example_canvases() -> Vec<PathBuf> {
    let (files, errors) = meshcanvas::format::find_canvas_files(&[repo_path("examples")]);
    assert!(errors.is_empty(), "{errors:?}");
    files
}

/// The `meshcanvas` binary built for these tests.
pub fn meshcanvas() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("meshcanvas").expect("meshcanvas binary")
}

/// All regular files below `dir`, relative, sorted.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).expect("below root").to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Makes a FIFO at `path` (through `mkfifo`): opening it for reading
/// blocks until a writer comes, so any tool that reads it hangs.
#[cfg(unix)]
pub fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}
