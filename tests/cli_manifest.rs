//! `meshcanvas export` and `meshcanvas import` through the real binary:
//! the bundle on disk, the canvases written back, what is reported, and the
//! exit codes.

use predicates::prelude::*;

use crate::util;

#[test]
fn export_then_import_gives_back_the_example_canvases() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bundle = tmp.path().join("bundle");
    util::meshcanvas()
        .arg("export")
        .arg(util::repo_path("examples"))
        .arg("--out")
        .arg(&bundle)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("wrote 12 products and"))
        .stdout(predicate::str::contains("deployment order: "));
    assert!(bundle.join("index.yaml").is_file());
    assert!(bundle.join("products/sales/orders.odps.yaml").is_file());

    let canvases = tmp.path().join("canvases");
    util::meshcanvas()
        .arg("import")
        .arg(&bundle)
        .arg("--out")
        .arg(&canvases)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("orders.canvas.json from"))
        .stdout(predicate::str::contains("kept in extensions").not());
    for example in util::example_canvases() {
        let name = example.file_name().expect("name");
        let back = std::fs::read_to_string(canvases.join(name)).expect("written back");
        assert_eq!(
            back,
            std::fs::read_to_string(&example).expect("example"),
            "{name:?}"
        );
    }
}

#[test]
fn export_json_and_odcs_3_2() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    util::meshcanvas()
        .arg("export")
        .arg(util::repo_path("examples/sales"))
        .args(["--format", "json", "--odcs-version", "v3.2.0", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    let contract = std::fs::read_to_string(out.join("contracts/sales/orders/orders-v2.odcs.json"))
        .expect("contract");
    let doc: serde_json::Value = serde_json::from_str(&contract).expect("json");
    assert_eq!(doc["apiVersion"], "v3.2.0");
    assert!(out.join("index.json").is_file());
}

#[test]
fn import_reports_what_went_into_extensions_by_name() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let doc = tmp.path().join("c.odcs.yaml");
    std::fs::write(
        &doc,
        "apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\ntenant: acme\n",
    )
    .expect("write");
    util::meshcanvas()
        .arg("import")
        .arg(&doc)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("kept in extensions: odcs#/tenant"));
    assert!(tmp.path().join("out/c.canvas.json").is_file());
    // A second import does not overwrite without --force.
    util::meshcanvas()
        .arg("import")
        .arg(&doc)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exists; use --force"));
}

#[test]
fn broken_manifest_exits_one_names_the_place_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    let bad = util::fixture("manifest/bad/duplicate-key.odcs.yaml");
    util::meshcanvas()
        .arg("import")
        .arg(&bad)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}:5:1: duplicate mapping key: version",
            bad.display()
        )))
        .stderr(predicate::str::contains("nothing imported"));
    assert!(!out.exists());
}

#[test]
fn a_cycle_refuses_the_export_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for (id, upstream) in [("a", "b"), ("b", "a")] {
        let mut c = meshcanvas::model::Canvas::skeleton(id, id, "d");
        c.input_ports.push(meshcanvas::model::InputPort {
            id: "in".to_owned(),
            name: "in".to_owned(),
            source: meshcanvas::model::InputSource::Product {
                product_id: upstream.to_owned(),
                port_id: "out".to_owned(),
            },
            description: String::new(),
            expects: Vec::new(),
        });
        meshcanvas::format::write_canvas_file(&tmp.path().join(format!("{id}.canvas.json")), &c)
            .expect("write");
    }
    let out = tmp.path().join("out");
    util::meshcanvas()
        .arg("export")
        .arg(tmp.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cycle: a → b → a"));
    assert!(!out.exists());
}

#[test]
fn help_shows_examples() {
    for cmd in ["export", "import"] {
        util::meshcanvas()
            .args([cmd, "--help"])
            .assert()
            .code(0)
            .stdout(predicate::str::contains(format!("meshcanvas {cmd} ")));
    }
}
