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

/// Set to `1` (CI does, in `.ci/run`) to make a test whose shared material
/// is missing fail instead of skip.
pub const REQUIRE_SHARED_ENV: &str = "MESHCANVAS_REQUIRE_SHARED";

/// Whether `rel` (e.g. `conformance`) is there in the shared material. A
/// clone on its own has no `../shared` beside it, and its tests must still
/// pass: when the folder is missing, the calling test is to skip, and this
/// says so on stderr, past the test harness's capture, so `cargo test`
/// shows which tests skipped and why. With `MESHCANVAS_REQUIRE_SHARED=1`
/// a missing folder fails the test instead.
pub fn shared_present(rel: &str) -> bool {
    let dir = shared().join(rel);
    if dir.is_dir() {
        return true;
    }
    assert!(
        !std::env::var(REQUIRE_SHARED_ENV).is_ok_and(|v| v == "1"),
        "{} is not there, and {REQUIRE_SHARED_ENV}=1 requires it (set MESHCANVAS_SHARED to the \
         shared material, or clone the repository beside shared/)",
        dir.display()
    );
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    // Straight to the stream: `eprintln!` would be captured and never shown.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "skipped {test}: {} is not there (set MESHCANVAS_SHARED, or clone beside shared/)\n",
            dir.display()
        )
        .as_bytes(),
    );
    false
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
