//! `meshcanvas validate` and `meshcanvas new` through the real binary:
//! output that names file and place, and the exit codes CI relies on.

use predicates::prelude::*;

use crate::util;

#[test]
fn valid_file_exits_zero() {
    util::meshcanvas()
        .args(["validate"])
        .arg(util::fixture("canvas/minimal.canvas.json"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 valid, 0 invalid"));
}

#[test]
fn broken_files_exit_one_and_name_file_line_and_pointer() {
    let dir = util::fixture("canvas/broken");
    let tmp = tempfile::tempdir().expect("tempdir");
    // validate looks for *.canvas.json in folders.
    for entry in std::fs::read_dir(&dir).expect("ls") {
        let p = entry.expect("e").path();
        let name = p
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("name")
            .split('@')
            .next()
            .expect("stem")
            .to_owned();
        std::fs::copy(&p, tmp.path().join(format!("{name}.canvas.json"))).expect("copy");
    }
    let out = util::meshcanvas()
        .arg("validate")
        .arg(tmp.path())
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let wrong_type = stderr
        .lines()
        .find(|l| l.contains("slo-target-is-text.canvas.json"))
        .expect("the broken SLO file is reported");
    assert!(wrong_type.contains(":48:30 /outputPorts/0/slos/0/target: invalid type: string \"one hour\", expected a number"), "{wrong_type}");
    assert!(stderr.contains("unknown field `colour`"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("0 valid, 20 invalid"));
}

#[test]
fn missing_path_exits_two() {
    util::meshcanvas()
        .args(["validate", "/no/such/folder"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "/no/such/folder: no such file or folder",
        ));
}

#[test]
fn json_format_lists_problems_with_pointer_and_position() {
    let out = util::meshcanvas()
        .args(["validate", "--format", "json"])
        .arg(util::fixture(
            "canvas/broken/unknown-status@~1product~1status.json",
        ))
        .assert()
        .code(1);
    let doc: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).expect("json on stdout");
    let p = &doc["problems"][0];
    assert_eq!(p["pointer"], "/product/status");
    assert_eq!(p["kind"], "model");
    assert!(p["line"].as_u64().is_some() && p["column"].as_u64().is_some());
    assert!(
        p["message"]
            .as_str()
            .expect("message")
            .contains("unknown variant `live`")
    );
}

#[test]
fn usage_error_exits_two() {
    util::meshcanvas().args(["validate"]).assert().code(2);
    util::meshcanvas()
        .args(["validate", "--format", "xml", "x"])
        .assert()
        .code(2);
}

#[test]
fn new_writes_a_skeleton_that_validates() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("churn.canvas.json");
    util::meshcanvas()
        .args([
            "new",
            "--id",
            "churn-score",
            "--name",
            "Churn score",
            "--domain",
            "marketing",
        ])
        .args([
            "--archetype",
            "consumer-aligned",
            "--owner",
            "Ada Lovelace",
            "--out",
        ])
        .arg(&path)
        .assert()
        .code(0);
    let canvas = meshcanvas::format::read_canvas_file(&path).expect("skeleton parses");
    assert_eq!(canvas.product.id, "churn-score");
    assert_eq!(canvas.domain.product_owner.name, "Ada Lovelace");
    assert_eq!(
        canvas.product.archetype,
        meshcanvas::model::Archetype::ConsumerAligned
    );
    util::meshcanvas()
        .arg("validate")
        .arg(&path)
        .assert()
        .code(0);

    // It never overwrites by accident.
    util::meshcanvas()
        .args([
            "new", "--id", "other", "--name", "O", "--domain", "d", "--out",
        ])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(
        meshcanvas::format::read_canvas_file(&path)
            .expect("still there")
            .product
            .id,
        "churn-score"
    );
}

#[test]
fn new_refuses_an_id_that_is_not_a_slug() {
    util::meshcanvas()
        .args(["new", "--id", "Churn Score", "--name", "C", "--domain", "d"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a lowercase slug"));
}

#[test]
fn new_without_out_prints_the_canvas() {
    let out = util::meshcanvas()
        .args(["new", "--id", "a", "--name", "A", "--domain", "d"])
        .assert()
        .code(0);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let canvas = meshcanvas::format::parse_canvas_str(std::path::Path::new("stdout"), &text)
        .expect("canvas on stdout");
    assert_eq!(meshcanvas::format::to_canonical_json(&canvas), text);
}

/// Every subcommand listed by `meshcanvas --help` (and their own
/// subcommands) shows at least one example in its `--help`.
#[test]
fn every_command_help_has_an_example() {
    fn subcommands(prefix: &[String]) -> Vec<String> {
        let out = util::meshcanvas()
            .args(prefix)
            .arg("--help")
            .assert()
            .code(0);
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        let Some(start) = text.find("Commands:") else {
            return Vec::new();
        };
        text[start..]
            .lines()
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            // Wrapped descriptions are indented further than command names.
            .filter(|l| !l.starts_with("   "))
            .filter_map(|l| l.split_whitespace().next())
            .filter(|c| *c != "help")
            .map(str::to_owned)
            .collect()
    }
    let mut queue: Vec<Vec<String>> = vec![Vec::new()];
    let mut seen = 0;
    while let Some(prefix) = queue.pop() {
        let out = util::meshcanvas()
            .args(&prefix)
            .arg("--help")
            .assert()
            .code(0);
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(
            text.contains("Examples:"),
            "`meshcanvas {} --help` has no example",
            prefix.join(" ")
        );
        for sub in subcommands(&prefix) {
            let mut next = prefix.clone();
            next.push(sub);
            queue.push(next);
        }
        seen += 1;
    }
    assert!(seen >= 3, "only {seen} commands found");
}

/// A folder with no canvas in it is a mistyped path far more often than an
/// empty mesh: every command says so and exits 2, so CI does not pass on it.
#[test]
fn a_folder_without_canvases_is_a_usage_error_for_every_command() {
    let empty = tempfile::tempdir().expect("tempdir");
    let out_dir = tempfile::tempdir().expect("tempdir");
    let bundle = out_dir.path().join("bundle");
    let dir = empty.path().to_str().expect("utf-8 path");
    let commands: [&[&str]; 4] = [
        &["validate", dir],
        &["check", dir],
        &["fmt", dir],
        &["export", dir, "--out", bundle.to_str().expect("utf-8 path")],
    ];
    for args in commands {
        let out = util::meshcanvas().args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("no canvas files"), "{args:?}: {err}");
    }
}
