//! What a platform engineer installing the CLI relies on: `--version`
//! names the commit, shell completions and the manual page come from the
//! same definitions as the command line.

use crate::util;

const SUBCOMMANDS: &[&str] = &[
    "validate",
    "check",
    "standards",
    "new",
    "fmt",
    "export",
    "import",
    "workspace",
    "completions",
    "man",
];

fn stdout(args: &[&str]) -> String {
    let out = util::meshcanvas().args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).expect("utf-8")
}

#[test]
fn version_names_the_package_version_and_the_commit() {
    let version = stdout(&["--version"]);
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(util::repo())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map_or_else(
            || "unknown".to_owned(),
            |o| String::from_utf8_lossy(&o.stdout).trim().to_owned(),
        );
    assert_eq!(
        version.trim(),
        format!("meshcanvas {} (commit {head})", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_cover_every_subcommand_and_bash_reads_them() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout(&["completions", shell]);
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell}: no {sub}\n{script}");
        }
    }
    // The bash script parses (bash is on every machine this runs on).
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("meshcanvas.bash");
    std::fs::write(&file, stdout(&["completions", "bash"])).expect("write");
    let status = std::process::Command::new("bash")
        .arg("-n")
        .arg(&file)
        .status()
        .expect("bash");
    assert!(status.success(), "bash -n refused the completion script");
}

#[test]
fn an_unknown_shell_is_refused_with_the_ones_there_are() {
    util::meshcanvas()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bash"));
}

#[test]
fn the_manual_page_documents_every_subcommand() {
    let page = stdout(&["man"]);
    assert!(page.starts_with(".ie"), "{page}");
    assert!(page.contains(".TH meshcanvas 1"), "{page}");
    for sub in SUBCOMMANDS {
        assert!(
            page.contains(&format!("meshcanvas\\-{sub}(1)")),
            "no {sub}\n{page}"
        );
    }
}

/// Copies the standards folder `from` into `to`, files and folders.
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn installed_as_the_package_lays_it_out_the_cli_finds_the_packaged_standards() {
    // The package puts the app's resources in `lib/<productName>` under the
    // prefix (Tauri's resource folder); the core's constant must name it.
    let conf: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(util::repo_path("src-tauri/tauri.conf.json")).expect("read"),
    )
    .expect("tauri.conf.json is JSON");
    let product = conf["productName"].as_str().expect("productName");
    assert_eq!(
        meshcanvas::standards::INSTALLED_STANDARDS_REL_DIR,
        format!("lib/{product}/standards")
    );
    assert_eq!(
        conf["bundle"]["resources"]["../canvas-schemas/standards/"],
        "standards/"
    );

    // /usr/bin/meshcanvas and /usr/lib/Mesh Canvas/standards, in a folder,
    // run from elsewhere with no MESHCANVAS_STANDARDS: it checks.
    let prefix = tempfile::tempdir().expect("tempdir");
    let bin = prefix.path().join("bin");
    std::fs::create_dir_all(&bin).expect("mkdir");
    let exe = bin.join("meshcanvas");
    std::fs::copy(assert_cmd::cargo::cargo_bin!("meshcanvas"), &exe).expect("copy the CLI");
    let standards = prefix
        .path()
        .join(meshcanvas::standards::INSTALLED_STANDARDS_REL_DIR);
    copy_tree(
        &util::repo_path(meshcanvas::standards::STANDARDS_REL_DIR),
        &standards,
    );
    // Marked, so that finding another copy (an installed package's, say)
    // does not pass for finding this one.
    let pack = standards.join("global.pack.json");
    let text = std::fs::read_to_string(&pack).expect("read pack");
    std::fs::write(
        &pack,
        text.replace(
            "\"deprecated-port-has-sunset-date\"",
            "\"deprecated-port-has-sunset-date-packaged\"",
        ),
    )
    .expect("write pack");
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let canvas = util::repo_path("examples/sales/orders.canvas.json");
    let run = |args: &[&std::ffi::OsStr]| {
        assert_cmd::Command::new(&exe)
            .current_dir(elsewhere.path())
            .env_remove(meshcanvas::standards::STANDARDS_ENV)
            .args(args)
            .output()
            .expect("run")
    };
    let out = run(&["standards".as_ref(), "list".as_ref()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("deprecated-port-has-sunset-date-packaged")
    );
    let out = run(&["check".as_ref(), canvas.as_os_str()]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
