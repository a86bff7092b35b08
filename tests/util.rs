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
    std::env::var_os("MESHCANVAS_SHARED").map_or_else(|| repo().join("../shared"), PathBuf::from)
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

/// Asserts that a committed generated file holds exactly what was
/// generated, showing a unified diff (committed → generated) when not.
pub fn assert_generated(committed: &str, generated: &str, what: &str, remedy: &str) {
    if committed == generated {
        return;
    }
    let diff = similar::TextDiff::from_lines(committed, generated)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("{what} (committed)"),
            &format!("{what} (generated)"),
        )
        .to_string();
    panic!("{what} is stale; {remedy}\n{diff}");
}

/// Snapshot tests of whole documents (insta): one `.snap` file per
/// document under `tests/fixtures/<dir>/`, named after the document's path
/// (`/` written `__`). A changed document fails with a diff; accept the
/// change with `INSTA_UPDATE=always` (`make snapshots`), or review it with
/// `cargo insta review` if you have cargo-insta. [`Snapshots::finish`] fails
/// on a committed snapshot no document was compared with, so a document
/// that stops being written cannot leave a stale one behind.
#[derive(Debug)]
pub struct Snapshots {
    dir: PathBuf,
    seen: std::collections::BTreeSet<String>,
}

impl Snapshots {
    pub fn new(dir: &str) -> Self {
        Self {
            dir: fixture(dir),
            seen: std::collections::BTreeSet::new(),
        }
    }

    /// Compares `text` with the snapshot of the document at `path`.
    pub fn check(&mut self, path: &str, text: &str) {
        let name = path.replace('/', "__");
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(&self.dir);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_description(path);
        settings.bind(|| insta::assert_snapshot!(name.as_str(), text));
        self.seen.insert(format!("{name}.snap"));
    }

    /// Fails on snapshots no document was compared with (deleting them
    /// instead when snapshots are being accepted, `INSTA_UPDATE=always`).
    pub fn finish(self) {
        let accepting = std::env::var("INSTA_UPDATE").is_ok_and(|v| v == "always");
        let mut stale = Vec::new();
        for entry in std::fs::read_dir(&self.dir).expect("snapshot folder") {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            if path.extension().is_some_and(|e| e == "snap") && !self.seen.contains(&name) {
                if accepting {
                    std::fs::remove_file(self.dir.join(&name)).expect("remove stale snapshot");
                } else {
                    stale.push(name);
                }
            }
        }
        assert!(
            stale.is_empty(),
            "{}: snapshots of documents no longer written: {stale:?}; delete them (or run `make snapshots`)",
            self.dir.display()
        );
    }
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

/// Runs `cmd` to the end: its exit code (-1 when a signal ended it), stdout
/// and stderr.
pub fn outcome(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
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

/// What a program run by [`run_with_deadline`] did.
#[derive(Debug)]
pub struct Finished {
    pub status: std::process::ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `cmd` in a process group of its own, with its output in files (no
/// pipe to fill up), and kills the whole group when it is still running
/// after `limit`: a hung tool cannot stall the suite. Panics on that
/// timeout, with what it had printed.
pub fn run_with_deadline(cmd: &mut std::process::Command, limit: std::time::Duration) -> Finished {
    use std::io::{Read as _, Seek as _};
    use std::os::unix::process::CommandExt as _;

    let mut out = tempfile::tempfile().expect("temporary file for stdout");
    let mut err = tempfile::tempfile().expect("temporary file for stderr");
    let mut child = cmd
        .stdin(std::process::Stdio::null())
        .stdout(out.try_clone().expect("stdout file"))
        .stderr(err.try_clone().expect("stderr file"))
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("could not start {}: {e}", cmd.get_program().display()));
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll the child") {
            break Some(status);
        }
        if started.elapsed() > limit {
            // Not reaped yet, so the group id is still the child's.
            kill_process_group(child.id());
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let read = |f: &mut std::fs::File| {
        let mut s = String::new();
        f.rewind().expect("rewind output");
        f.read_to_string(&mut s).expect("read output");
        s
    };
    let (stdout, stderr) = (read(&mut out), read(&mut err));
    match status {
        Some(status) => Finished {
            status,
            stdout,
            stderr,
        },
        None => panic!(
            "{cmd:?} was still running after {} s and was killed\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}",
            limit.as_secs()
        ),
    }
}

/// SIGKILL to every process of the group led by `pid` (a child started with
/// `process_group(0)` and not yet reaped).
pub fn kill_process_group(pid: u32) {
    let _ = std::process::Command::new("kill")
        .args(["-KILL", "--", &format!("-{pid}")])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
}

/// Writes `message` to the terminal once per test run, past the test
/// harness's output capture, which would hide it in a passing test.
pub fn notice_once(once: &std::sync::Once, message: &str) {
    use std::io::Write as _;
    once.call_once(|| {
        let _ = writeln!(std::io::stderr().lock(), "\n{message}\n");
    });
}

/// A single-threaded runtime for the tests that drive the async store and
/// studio.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// The repository's standards packs.
pub fn standards() -> meshcanvas::standards::Standards {
    meshcanvas::standards::Standards::load(&repo_path(meshcanvas::standards::STANDARDS_REL_DIR))
        .expect("the repository's standards load")
}
