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
