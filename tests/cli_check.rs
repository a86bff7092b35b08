//! `meshcanvas check` and `meshcanvas standards` through the binary: exit
//! codes, the text, JSON, SARIF 2.1.0 and JUnit outputs.

use std::path::Path;

use crate::util;

fn standards_dir() -> String {
    util::repo_path("canvas-schemas/standards")
        .display()
        .to_string()
}

/// A folder with one clean canvas and one with an error finding.
fn mesh_dir() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut canvases = meshcanvas::standards::synth::mesh(3, 4, 1);
    canvases[2].output_ports[0].description = String::new();
    for c in &canvases {
        meshcanvas::format::write_canvas_file(
            &tmp.path().join(format!("{}.canvas.json", c.product.id)),
            c,
        )
        .expect("write");
    }
    tmp
}

fn run(args: &[&str], dir: &Path) -> (i32, String, String) {
    util::outcome(
        util::meshcanvas()
            .args(args)
            .arg("--standards")
            .arg(standards_dir())
            .current_dir(dir),
    )
}

#[test]
fn error_finding_exits_1_with_file_pointer_rule_and_hint() {
    let tmp = mesh_dir();
    let (code, out, _) = run(&["check", "."], tmp.path());
    assert_eq!(code, 1, "{out}");
    let line = out
        .lines()
        .find(|l| l.contains("output-port-has-description"))
        .expect("finding line");
    assert!(
        line.starts_with("./finance-product-00002.canvas.json:"),
        "{line}"
    );
    assert!(
        line.contains("/outputPorts/0/description  error  output-port-has-description"),
        "{line}"
    );
    assert!(line.contains("(Say what the port serves"), "{line}");
    assert!(out.contains("3 canvases checked"), "{out}");
}

/// Waives, with an approver and a far expiry, the mesh's one error finding
/// (`output-port-has-description` on finance-product-00002).
fn waive_missing_port_description(dir: &Path) {
    let file = dir.join("finance-product-00002.canvas.json");
    let mut c = meshcanvas::format::read_canvas_file(&file).expect("read");
    c.waivers.push(meshcanvas::model::Waiver {
        rule_id: "output-port-has-description".to_owned(),
        pointer: "/outputPorts/0".to_owned(),
        reason: "Being written.".to_owned(),
        approver: Some("governance-board".to_owned()),
        expires: Some("2999-01-01".to_owned()),
    });
    meshcanvas::format::write_canvas_file(&file, &c).expect("write");
}

#[test]
fn clean_mesh_exits_0_and_waivers_count() {
    let tmp = mesh_dir();
    waive_missing_port_description(tmp.path());
    let (code, out, _) = run(&["check", "."], tmp.path());
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("[waived by governance-board until 2999-01-01: Being written.]"),
        "{out}"
    );
    assert!(out.contains("1 waived"), "{out}");
}

#[test]
fn json_output_lists_findings_per_file() {
    let tmp = mesh_dir();
    let (code, out, _) = run(&["check", ".", "--format", "json"], tmp.path());
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["canvases"].as_array().map(Vec::len), Some(3));
    assert_eq!(v["counts"]["errors"], 1);
    let canvas = v["canvases"]
        .as_array()
        .expect("canvases")
        .iter()
        .find(|c| c["file"] == "./finance-product-00002.canvas.json")
        .expect("canvas");
    let f = &canvas["findings"][0];
    assert_eq!(f["ruleId"], "output-port-has-description");
    assert_eq!(f["pointer"], "/outputPorts/0/description");
}

#[test]
fn sarif_is_2_1_0_with_rules_and_located_results() {
    let tmp = mesh_dir();
    let (code, out, _) = run(&["check", ".", "--format", "sarif"], tmp.path());
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(
        v["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let sarif_run = &v["runs"][0];
    assert_eq!(sarif_run["columnKind"], "unicodeCodePoints");
    let driver = &sarif_run["tool"]["driver"];
    assert_eq!(driver["name"], "meshcanvas");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["informationUri"], "https://meshcanvas.dev");
    let rules = driver["rules"].as_array().expect("rules");
    assert!(rules.len() >= 25);
    let results = sarif_run["results"].as_array().expect("results");
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "output-port-has-description")
        .expect("result");
    assert_eq!(r["level"], "error");
    let idx = usize::try_from(r["ruleIndex"].as_u64().expect("index")).expect("usize");
    assert_eq!(rules[idx]["id"], "output-port-has-description");
    assert_eq!(rules[idx]["defaultConfiguration"]["level"], "error");
    assert_eq!(rules[idx]["properties"]["checkKind"], "schema");
    assert_eq!(rules[idx]["properties"]["scope"], "outputPort");
    assert_eq!(r["properties"]["productId"], "finance-product-00002");
    assert_eq!(
        r["properties"]["canvasPointer"],
        "/outputPorts/0/description"
    );
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "./finance-product-00002.canvas.json"
    );
    let line = loc["region"]["startLine"].as_u64().expect("line");
    // The line really holds the port's description.
    let text = std::fs::read_to_string(tmp.path().join("finance-product-00002.canvas.json"))
        .expect("read");
    let held = text
        .lines()
        .nth(usize::try_from(line).expect("usize") - 1)
        .expect("line exists");
    assert!(held.contains("\"description\": \"\""), "{held}");
    assert_eq!(
        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "/outputPorts/0/description"
    );
    assert!(r.get("suppressions").is_none(), "{r:#}");

    // Waived, the finding is still a result, with an accepted suppression.
    waive_missing_port_description(tmp.path());
    let (code, out, _) = run(&["check", ".", "--format", "sarif"], tmp.path());
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let r = v["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "output-port-has-description")
        .expect("result");
    assert_eq!(r["level"], "error");
    assert_eq!(
        r["suppressions"],
        serde_json::json!([{
            "kind": "inSource",
            "status": "accepted",
            "justification": "Being written. (approved by governance-board, expires 2999-01-01)",
        }])
    );
}

#[test]
fn sarif_uris_are_percent_encoded_references() {
    let tmp = mesh_dir();
    let name = "a b#c?[1]:é%.canvas.json";
    std::fs::rename(
        tmp.path().join("finance-product-00002.canvas.json"),
        tmp.path().join(name),
    )
    .expect("rename");
    let (code, out, _) = run(&["check", ".", "--format", "sarif"], tmp.path());
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let uris: Vec<&str> = v["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(
        uris.contains(&"./a%20b%23c%3F%5B1%5D%3A%C3%A9%25.canvas.json"),
        "{uris:?}"
    );
    // Absolute paths are file URIs.
    let abs = tmp.path().join(name);
    let (_, out, _) = run(
        &["check", abs.to_str().expect("utf-8"), "--format", "sarif"],
        tmp.path(),
    );
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let uri =
        v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .expect("uri");
    assert!(
        uri.starts_with("file:///")
            && uri.ends_with("/a%20b%23c%3F%5B1%5D%3A%C3%A9%25.canvas.json"),
        "{uri}"
    );
}

#[test]
fn junit_has_a_suite_per_canvas_and_a_failure_per_failing_rule() {
    let tmp = mesh_dir();
    let file = tmp.path().join("finance-product-00002.canvas.json");
    let mut c = meshcanvas::format::read_canvas_file(&file).expect("read");
    // The failing finding's message names the port: what XML must escape,
    // and a character (BEL) XML 1.0 cannot hold at all.
    c.output_ports[0].name = "a<b & \"c\"\u{7}d".to_owned();
    meshcanvas::format::write_canvas_file(&file, &c).expect("write");
    let (code, out, _) = run(&["check", ".", "--format", "junit"], tmp.path());
    assert_eq!(code, 1);
    assert!(
        out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "),
        "{out}"
    );
    assert_eq!(out.matches("<testsuite ").count(), 3);
    assert_eq!(out.matches("<failure ").count(), 1);
    assert!(out.trim_end().ends_with("</testsuites>"));

    // Well-formed: it reads back as JUnit.
    let report = quick_junit::Report::deserialize_from_str(&out).expect("JUnit XML");
    let standards =
        meshcanvas::standards::Standards::load(Path::new(&standards_dir())).expect("standards");
    let cases = standards.rules_for_domain(&c.domain.name).len();
    // What a dashboard reads, attribute by attribute.
    assert!(
        out.contains(&format!(
            "<testsuites name=\"meshcanvas check\" tests=\"{}\" skipped=\"0\" failures=\"1\" errors=\"0\">",
            report.tests
        )),
        "{out}"
    );
    assert_eq!(
        report.tests,
        report.test_suites.iter().map(|s| s.tests).sum::<usize>()
    );
    assert!(
        out.contains(&format!(
            "<testsuite name=\"./finance-product-00002.canvas.json\" tests=\"{cases}\" skipped=\"0\" errors=\"0\" failures=\"1\">"
        )),
        "{out}"
    );
    assert!(
        out.contains(
            "<testcase name=\"output-port-has-description\" classname=\"./finance-product-00002.canvas.json\">"
        ),
        "{out}"
    );
    // `<`, `&` and `"` escaped, the BEL dropped, in the message and the body.
    let message = "output port &quot;a&lt;b &amp; &quot;c&quot;d&quot; has no description: \
                   say what it serves and to whom";
    assert!(
        out.contains(&format!(
            "<failure message=\"{message}\" type=\"output-port-has-description\">\
             ./finance-product-00002.canvas.json:"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            " /outputPorts/0/description output-port-has-description: {message}</failure>"
        )),
        "{out}"
    );
    assert!(!out.contains('\u{7}'), "{out}");
    // Read back, the message is the finding's, less the BEL.
    let case = report
        .test_suites
        .iter()
        .find(|s| s.name.as_str() == "./finance-product-00002.canvas.json")
        .and_then(|s| {
            s.test_cases
                .iter()
                .find(|t| t.name.as_str() == "output-port-has-description")
        })
        .expect("case");
    let quick_junit::TestCaseStatus::NonSuccess { message, ty, .. } = &case.status else {
        panic!("{case:?} does not fail");
    };
    assert_eq!(
        message.as_deref(),
        Some("output port \"a<b & \"c\"d\" has no description: say what it serves and to whom")
    );
    assert_eq!(ty.as_deref(), Some("output-port-has-description"));

    // A file that cannot be read is a suite of one failing case, named by
    // the file.
    std::fs::write(tmp.path().join("x&<y.canvas.json"), "{ nope").expect("write");
    let (code, out, _) = run(&["check", ".", "--format", "junit"], tmp.path());
    assert_eq!(code, 1, "{out}");
    quick_junit::Report::deserialize_from_str(&out).expect("JUnit XML");
    assert!(
        out.contains(
            "<testsuite name=\"./x&amp;&lt;y.canvas.json\" tests=\"1\" skipped=\"0\" errors=\"0\" failures=\"1\">"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "<testcase name=\"canvas-file-is-valid\" classname=\"./x&amp;&lt;y.canvas.json\">"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "<failure message=\"./x&amp;&lt;y.canvas.json:1:3: key must be a string\" \
             type=\"canvas-file-is-valid\">./x&amp;&lt;y.canvas.json:1:3: key must be a string</failure>"
        ),
        "{out}"
    );
    assert!(out.contains("failures=\"2\""), "{out}");
}

#[test]
fn invalid_canvas_exits_1_and_bad_standards_exit_2() {
    let tmp = mesh_dir();
    std::fs::write(tmp.path().join("broken.canvas.json"), "{ nope").expect("write");
    let (code, out, _) = run(&["check", "."], tmp.path());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("broken.canvas.json:1:3"), "{out}");

    let bad = tempfile::tempdir().expect("tempdir");
    std::fs::write(bad.path().join("x.pack.json"), "[]").expect("write");
    let out = util::meshcanvas()
        .args(["check", "."])
        .arg("--standards")
        .arg(bad.path())
        .current_dir(tmp.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("x.pack.json"), "{err}");

    let (code, _, err) = run(&["check", "no-such-dir"], tmp.path());
    assert_eq!(code, 2, "{err}");
}

#[test]
fn standards_are_found_through_the_environment() {
    let tmp = mesh_dir();
    let out = util::meshcanvas()
        .args(["check", "."])
        .env("MESHCANVAS_STANDARDS", standards_dir())
        .current_dir(tmp.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let out = util::meshcanvas()
        .args(["check", "."])
        .env("MESHCANVAS_STANDARDS", "/no/such/dir")
        .current_dir(tmp.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn standards_list_and_explain() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (code, out, _) = run(&["standards", "list"], tmp.path());
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .any(|l| l.starts_with("card-ids-unique") && l.contains("rego")),
        "{out}"
    );
    let (code, out, _) = run(
        &["standards", "explain", "no-dependency-cycles"],
        tmp.path(),
    );
    assert_eq!(code, 0);
    assert!(
        out.starts_with("no-dependency-cycles: The product graph has no cycles"),
        "{out}"
    );
    assert!(
        out.contains("Why:") && out.contains("\"builtin\": \"no-dependency-cycles\""),
        "{out}"
    );
    let (code, _, err) = run(&["standards", "explain", "nope"], tmp.path());
    assert_eq!(code, 2);
    assert!(err.contains("no standard has the id `nope`"), "{err}");
}

#[test]
fn example_mesh_has_no_error_findings() {
    let out = util::meshcanvas()
        .args(["check", "examples/", "--format", "json"])
        .arg("--standards")
        .arg(standards_dir())
        .current_dir(util::repo())
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(out.status.code(), Some(0), "{v:#}");
    assert_eq!(v["counts"]["errors"], 0);
    assert!(v["canvases"].as_array().is_some_and(|c| c.len() >= 10));
    // The example mesh shows one approved, unexpired waiver at work.
    assert!(
        v["counts"]["waived"].as_u64().is_some_and(|n| n >= 1),
        "{v:#}"
    );
}

#[cfg(unix)]
#[test]
fn fifos_named_like_canvases_or_packs_are_passed_over() {
    let mesh = mesh_dir();
    util::mkfifo(&mesh.path().join("stuck.canvas.json"));
    let standards = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(standards.path().join("global")).expect("mkdir");
    let global = util::repo_path("canvas-schemas/standards");
    for rel in util::files_below(&global) {
        if rel.starts_with("global") || rel == Path::new("global.pack.json") {
            std::fs::copy(global.join(&rel), standards.path().join(&rel)).expect("copy");
        }
    }
    util::mkfifo(&standards.path().join("stuck.pack.json"));
    let out = util::meshcanvas()
        .args(["check", "--format", "json", "."])
        .arg("--standards")
        .arg(standards.path())
        .current_dir(mesh.path())
        .timeout(std::time::Duration::from_mins(1))
        .output()
        .expect("runs");
    // One canvas has an error finding: exit 1, not a hang or an I/O error.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("stuck"), "{stdout}");
}

#[test]
fn a_hand_edited_file_with_a_term_twice_is_flagged_at_both_terms() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let canvas = meshcanvas::standards::synth::mesh(1, 1, 0).remove(0);
    let path = tmp.path().join("one.canvas.json");
    meshcanvas::format::write_canvas_file(&path, &canvas).expect("write");
    let (code, out, _) = run(&["check", "."], tmp.path());
    assert!(!out.contains("card-ids-unique"), "{out}");
    assert_eq!(code, 0, "{out}");

    // The file edited by hand: its first term again, in lower case.
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
    let terms = json["ubiquitousLanguage"].as_array_mut().expect("terms");
    let mut twin = terms[0].clone();
    twin["term"] = terms[0]["term"]
        .as_str()
        .expect("term")
        .to_lowercase()
        .into();
    terms.push(twin);
    let last = terms.len() - 1;
    std::fs::write(&path, serde_json::to_string_pretty(&json).expect("json")).expect("write");

    let (code, out, _) = run(&["check", "."], tmp.path());
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("card-ids-unique"))
        .collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].contains("/ubiquitousLanguage/0/term  error"),
        "{out}"
    );
    assert!(
        lines[1].contains(&format!("/ubiquitousLanguage/{last}/term  error")),
        "{out}"
    );
}

#[test]
fn a_folder_named_twice_is_checked_once() {
    let examples = util::repo_path("examples");
    let (code, out, err) = run(
        &["check", ".", "sales", "./sales/orders.canvas.json"],
        &examples,
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("product-id-unique-in-mesh"), "{out}");
    assert!(out.contains("12 canvases checked"), "{out}");
}

#[test]
fn names_from_a_file_cannot_drive_the_terminal() {
    let tmp = mesh_dir();
    let file = tmp.path().join("finance-product-00002.canvas.json");
    let mut c = meshcanvas::format::read_canvas_file(&file).expect("read");
    // An ESC sequence that would clear the screen and recolour what follows.
    c.output_ports[0].name = "orders\u{1b}[2J\u{1b}[31m".to_owned();
    c.output_ports[0].description = String::new();
    meshcanvas::format::write_canvas_file(&file, &c).expect("write");
    let (_, out, err) = run(&["check", "."], tmp.path());
    assert!(!out.contains('\u{1b}') && !err.contains('\u{1b}'), "{out}");
    assert!(out.contains("orders\\u{1b}[2J"), "{out}");
}
