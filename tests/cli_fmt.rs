//! `meshcanvas fmt`: rewrites canvases canonically, `--check` only reports.

use std::path::Path;

use predicates::prelude::*;

use crate::util;

/// A canonical canvas, written compactly (valid, but not canonical).
fn compact_copy(dir: &Path, name: &str) -> (std::path::PathBuf, String) {
    let src = util::fixture("canvas/minimal.canvas.json");
    let canonical = std::fs::read_to_string(&src).expect("read fixture");
    let value: serde_json::Value = serde_json::from_str(&canonical).expect("json");
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string(&value).expect("json")).expect("write");
    (path, canonical)
}

#[test]
fn fmt_rewrites_a_file_canonically() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, canonical) = compact_copy(dir.path(), "a.canvas.json");
    util::meshcanvas()
        .args(["fmt"])
        .arg(&path)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&path).expect("read"), canonical);
    // A second run changes nothing.
    util::meshcanvas()
        .args(["fmt", "--check"])
        .arg(&path)
        .assert()
        .success();
}

#[test]
fn fmt_walks_folders() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sub = dir.path().join("sales");
    std::fs::create_dir(&sub).expect("mkdir");
    let (a, canonical) = compact_copy(&sub, "a.canvas.json");
    let (b, _) = compact_copy(dir.path(), "b.canvas.json");
    std::fs::write(dir.path().join("notes.json"), "{ not a canvas").expect("write");
    util::meshcanvas()
        .arg("fmt")
        .arg(dir.path())
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(a).expect("read"), canonical);
    assert_eq!(std::fs::read_to_string(b).expect("read"), canonical);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.json")).expect("read"),
        "{ not a canvas"
    );
}

#[test]
fn check_lists_non_canonical_files_writes_nothing_and_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _) = compact_copy(dir.path(), "a.canvas.json");
    let before = std::fs::read(&path).expect("read");
    util::meshcanvas()
        .args(["fmt", "--check"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("a.canvas.json"));
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn check_passes_on_the_examples() {
    util::meshcanvas()
        .args(["fmt", "--check"])
        .arg(util::repo_path("examples"))
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
}

#[test]
fn a_file_that_does_not_parse_is_reported_with_its_place_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.canvas.json");
    let text = "{\n  \"$schema\": \"x\",\n  \"formatVersion\": 1,\n  \"domain\": 7\n}\n";
    std::fs::write(&path, text).expect("write");
    for check in [false, true] {
        let mut cmd = util::meshcanvas();
        cmd.arg("fmt");
        if check {
            cmd.arg("--check");
        }
        cmd.arg(&path)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("bad.canvas.json:4:"))
            .stderr(predicate::str::contains("/domain"));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
    }
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    util::meshcanvas()
        .arg("fmt")
        .arg(dir.path().join("nope.canvas.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope.canvas.json"));
}

#[test]
fn help_shows_examples() {
    util::meshcanvas()
        .args(["fmt", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("meshcanvas fmt --check examples/"));
}

/// The permission bits of a file.
#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).expect("stat").permissions().mode() & 0o7777
}

#[cfg(unix)]
#[test]
fn fmt_keeps_the_mode_of_a_file_and_writes_through_a_symlink() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, canonical) = compact_copy(dir.path(), "a.canvas.json");
    for wanted in [0o644, 0o640, 0o664] {
        std::fs::write(&path, canonical.trim_end()).expect("uncanonical again");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(wanted)).expect("chmod");
        util::meshcanvas().arg("fmt").arg(&path).assert().success();
        assert_eq!(std::fs::read_to_string(&path).expect("read"), canonical);
        assert_eq!(mode(&path), wanted, "{wanted:o}");
    }

    // A canvas that is a symlink into another folder stays a symlink; its
    // target is rewritten.
    let real_dir = dir.path().join("real");
    std::fs::create_dir(&real_dir).expect("mkdir");
    let (target, canonical) = compact_copy(&real_dir, "b.canvas.json");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let link = dir.path().join("b.canvas.json");
    std::os::unix::fs::symlink("real/b.canvas.json", &link).expect("symlink");
    util::meshcanvas().arg("fmt").arg(&link).assert().success();
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("lstat")
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&target).expect("read"), canonical);
    assert_eq!(mode(&target), 0o644);
    // Nothing left behind in either folder.
    assert_eq!(
        util::files_below(dir.path()),
        vec![
            std::path::PathBuf::from("a.canvas.json"),
            std::path::PathBuf::from("b.canvas.json"),
            std::path::PathBuf::from("real/b.canvas.json"),
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_new_canvas_file_gets_the_umask_mode_not_0600() {
    let dir = tempfile::tempdir().expect("tempdir");
    // What the umask gives any new file here.
    let probe = dir.path().join("probe");
    std::fs::File::create(&probe).expect("create");
    let path = dir.path().join("churn.canvas.json");
    util::meshcanvas()
        .args([
            "new",
            "--id",
            "churn",
            "--name",
            "Churn",
            "--domain",
            "marketing",
            "--out",
        ])
        .arg(&path)
        .assert()
        .success();
    assert_eq!(mode(&path), mode(&probe));
    assert_ne!(mode(&path), 0o600);
}
