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
fn import_refuses_a_bundle_whose_canvas_file_was_edited_naming_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bundle = tmp.path().join("bundle");
    util::meshcanvas()
        .arg("export")
        .arg(util::repo_path("examples"))
        .arg("--out")
        .arg(&bundle)
        .assert()
        .code(0);
    let file = bundle.join("canvases/sales/orders.canvas.json");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replacen("Orders", "Orders (edited)", 1)).expect("edit");
    let out = tmp.path().join("canvases");
    util::meshcanvas()
        .arg("import")
        .arg(&bundle)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}: its SHA-256 is",
            file.display()
        )))
        .stderr(predicate::str::contains("changed after the export"))
        .stderr(predicate::str::contains("nothing imported"));
    assert!(!out.exists(), "nothing written");
    // `check` of the bundle reads its manifests, not the canvas files again.
    util::meshcanvas()
        .arg("check")
        .arg(&bundle)
        .assert()
        .stdout(predicate::str::contains(
            "12 canvases checked (12 read from manifests)",
        ));
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
fn many_places_kept_in_extensions_are_summed_up_by_key_unless_listed() {
    // A contract whose 12 properties each say something the canvas has no
    // field for: 24 places, which a real catalog export multiplies into
    // thousands of lines.
    let tmp = tempfile::tempdir().expect("tempdir");
    let doc = tmp.path().join("wide.odcs.yaml");
    let properties: String = (0..12)
        .map(|i| {
            format!(
                "      - name: c{i}\n        logicalType: string\n        encryptedName: c{i}_enc\n        logicalTypeOptions:\n          maxLength: {}\n",
                i + 8
            )
        })
        .collect::<Vec<_>>()
        .concat();
    std::fs::write(
        &doc,
        format!(
            "apiVersion: v3.1.0\nkind: DataContract\nid: wide\nversion: 1.0.0\nstatus: active\ntenant: acme\nschema:\n  - name: wide\n    properties:\n{properties}"
        ),
    )
    .expect("write");
    let import = |extra: &[&str]| {
        let out = util::meshcanvas()
            .arg("import")
            .arg(&doc)
            .arg("--out")
            .arg(tmp.path().join("out"))
            .arg("--force")
            .args(extra)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let summed = import(&[]);
    assert!(
        summed.contains(
            "kept in extensions: 25 places, by key: encryptedName ×12, logicalTypeOptions ×12, \
             tenant ×1 (--list-kept lists each place)"
        ),
        "{summed}"
    );
    let listed = import(&["--list-kept"]);
    assert!(
        listed.contains("odcs#/tenant")
            && listed.contains("odcs#/schema/0/properties/11/encryptedName")
            && listed.matches("logicalTypeOptions").count() == 12,
        "{listed}"
    );
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
            contract_id: None,
            version: String::new(),
        });
        meshcanvas::format::write_canvas_file(&tmp.path().join(format!("{id}.canvas.json")), &c)
            .expect("write");
    }
    let out = tmp.path().join("out");
    // Past the standards gate (which reports the cycle as a finding), the
    // exporter itself refuses to order a cycle.
    util::meshcanvas()
        .arg("export")
        .arg(tmp.path())
        .args(["--allow-findings", "--out"])
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

#[test]
fn error_findings_refuse_the_export_unless_allowed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    let canvas = util::fixture("canvas/minimal.canvas.json");
    util::meshcanvas()
        .arg("export")
        .arg(&canvas)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}: /domain/team/support: error[support-channel-present]",
            canvas.display()
        )))
        .stderr(predicate::str::contains("nothing exported"))
        .stderr(predicate::str::contains("--allow-findings"));
    assert!(!out.exists());
    util::meshcanvas()
        .arg("export")
        .arg(&canvas)
        .args(["--allow-findings", "--out"])
        .arg(&out)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("warning: exporting despite"));
    assert!(out.join("products/test/minimal.odps.yaml").is_file());
}

/// With standards that do not load, the CLI refuses as the app does
/// (`studio::a_studio_whose_standards_do_not_load_…`): the one gate of the
/// core, naming the broken pack; `--allow-findings` exports unchecked and
/// says so.
#[test]
fn unloadable_standards_refuse_the_export_unless_allowed_as_in_the_app() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let packs = tmp.path().join("standards");
    std::fs::create_dir(&packs).expect("mkdir");
    std::fs::write(packs.join("global.pack.json"), "{ oops").expect("write");
    let out = tmp.path().join("out");
    let canvas = util::repo_path("examples/sales/orders.canvas.json");
    util::meshcanvas()
        .arg("export")
        .arg(&canvas)
        .arg("--standards")
        .arg(&packs)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing exported"))
        .stderr(predicate::str::contains("global.pack.json"))
        .stderr(predicate::str::contains("--allow-findings"));
    assert!(!out.exists());
    util::meshcanvas()
        .arg("export")
        .arg(&canvas)
        .arg("--standards")
        .arg(&packs)
        .args(["--allow-findings", "--out"])
        .arg(&out)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("exporting unchecked"));
    assert!(out.join("index.yaml").is_file());
}

#[test]
fn a_waiver_lets_the_export_through() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut c = meshcanvas::format::read_canvas_file(&util::fixture("canvas/minimal.canvas.json"))
        .expect("fixture");
    for rule in [
        "owning-team-named",
        "support-channel-present",
        "product-has-output-port",
    ] {
        c.waivers.push(meshcanvas::model::Waiver {
            rule_id: rule.to_owned(),
            pointer: String::new(),
            reason: "a workshop draft".to_owned(),
            approver: Some("governance".to_owned()),
            expires: Some("2999-12-31".to_owned()),
        });
    }
    let path = tmp.path().join("minimal.canvas.json");
    meshcanvas::format::write_canvas_file(&path, &c).expect("write");
    util::meshcanvas()
        .arg("export")
        .arg(&path)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .assert()
        .code(0);
}

#[test]
fn export_refuses_a_folder_whose_index_is_not_a_bundle_and_deletes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let site = tmp.path().join("site");
    std::fs::create_dir_all(site.join("src")).expect("mkdir");
    std::fs::write(site.join("index.yaml"), "x\n").expect("write");
    std::fs::write(site.join("src/main.rs"), "keep\n").expect("write");
    util::meshcanvas()
        .arg("export")
        .arg(util::repo_path("examples"))
        .arg("--out")
        .arg(&site)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(site.display().to_string()))
        .stderr(predicate::str::contains("not a Mesh Canvas bundle"));
    assert_eq!(
        std::fs::read_to_string(site.join("src/main.rs")).expect("kept"),
        "keep\n"
    );
    assert_eq!(
        util::files_below(&site),
        vec![
            std::path::PathBuf::from("index.yaml"),
            std::path::PathBuf::from("src/main.rs")
        ]
    );
}

/// Two contracts that import as the canvases `a` and `b`.
fn two_contracts(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    ["a", "b"]
        .iter()
        .map(|id| {
            let doc = dir.join(format!("{id}.odcs.yaml"));
            std::fs::write(
                &doc,
                format!("apiVersion: v3.1.0\nkind: DataContract\nid: {id}\nversion: 1.0.0\nstatus: active\n"),
            )
            .expect("write");
            doc
        })
        .collect()
}

#[test]
fn import_force_writes_all_or_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let docs = two_contracts(tmp.path());
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    std::fs::write(out.join("a.canvas.json"), "old a\n").expect("write");
    // b's target cannot be replaced: a folder is in its place.
    std::fs::create_dir(out.join("b.canvas.json")).expect("mkdir");
    std::fs::write(out.join("b.canvas.json/keep"), "x").expect("write");
    util::meshcanvas()
        .arg("import")
        .args(&docs)
        .arg("--out")
        .arg(&out)
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing imported"))
        .stderr(predicate::str::contains("b.canvas.json"));
    assert_eq!(
        std::fs::read_to_string(out.join("a.canvas.json")).expect("a"),
        "old a\n"
    );
    assert_eq!(
        util::files_below(&out),
        vec![
            std::path::PathBuf::from("a.canvas.json"),
            std::path::PathBuf::from("b.canvas.json/keep")
        ]
    );
}

#[cfg(unix)]
#[test]
fn import_force_keeps_the_mode_and_symlinks_of_the_files_it_replaces() {
    use std::os::unix::fs::PermissionsExt as _;
    let tmp = tempfile::tempdir().expect("tempdir");
    let docs = two_contracts(tmp.path());
    let out = tmp.path().join("out");
    std::fs::create_dir_all(out.join("real")).expect("mkdir");
    std::fs::write(out.join("a.canvas.json"), "old a\n").expect("write");
    std::fs::set_permissions(
        out.join("a.canvas.json"),
        std::fs::Permissions::from_mode(0o644),
    )
    .expect("chmod");
    std::fs::write(out.join("real/b.canvas.json"), "old b\n").expect("write");
    std::fs::set_permissions(
        out.join("real/b.canvas.json"),
        std::fs::Permissions::from_mode(0o664),
    )
    .expect("chmod");
    std::os::unix::fs::symlink("real/b.canvas.json", out.join("b.canvas.json")).expect("link");
    util::meshcanvas()
        .arg("import")
        .args(&docs)
        .arg("--out")
        .arg(&out)
        .arg("--force")
        .assert()
        .code(0);
    let mode = |p: &str| {
        std::fs::metadata(out.join(p))
            .expect("stat")
            .permissions()
            .mode()
            & 0o7777
    };
    assert_eq!(mode("a.canvas.json"), 0o644);
    assert_eq!(mode("real/b.canvas.json"), 0o664);
    assert!(
        std::fs::symlink_metadata(out.join("b.canvas.json"))
            .expect("lstat")
            .file_type()
            .is_symlink()
    );
    let b = std::fs::read_to_string(out.join("real/b.canvas.json")).expect("b");
    assert!(b.contains("\"id\": \"b\""), "{b}");
    assert_eq!(
        util::files_below(&out),
        vec![
            std::path::PathBuf::from("a.canvas.json"),
            std::path::PathBuf::from("b.canvas.json"),
            std::path::PathBuf::from("real/b.canvas.json")
        ]
    );
}

#[cfg(unix)]
#[test]
fn import_of_a_folder_passes_over_a_fifo_named_like_a_contract() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    two_contracts(&docs);
    util::mkfifo(&docs.join("stuck.odcs.yaml"));
    let out = tmp.path().join("out");
    util::meshcanvas()
        .arg("import")
        .arg(&docs)
        .arg("--out")
        .arg(&out)
        .timeout(std::time::Duration::from_mins(1))
        .assert()
        .code(0);
    assert_eq!(
        util::files_below(&out),
        vec![
            std::path::PathBuf::from("a.canvas.json"),
            std::path::PathBuf::from("b.canvas.json")
        ]
    );
    // Named directly, it is refused by name rather than waited on.
    util::meshcanvas()
        .arg("import")
        .arg(docs.join("stuck.odcs.yaml"))
        .arg("--out")
        .arg(tmp.path().join("out2"))
        .timeout(std::time::Duration::from_mins(1))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("stuck.odcs.yaml"))
        .stderr(predicate::str::contains("not a regular file"));
}

#[test]
fn import_refuses_ids_that_differ_only_in_case() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let contract = |id: &str| {
        format!(
            "apiVersion: v3.1.0\nkind: DataContract\nid: {id}\nversion: 1.0.0\nstatus: active\n"
        )
    };
    let a = tmp.path().join("a.odcs.yaml");
    let b = tmp.path().join("b.odcs.yaml");
    std::fs::write(&a, contract("Orders")).expect("write");
    std::fs::write(&b, contract("orders")).expect("write");
    let out = tmp.path().join("out");
    util::meshcanvas()
        .arg("import")
        .arg(&a)
        .arg(&b)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("differ only in case"));
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn export_refuses_the_folder_it_is_run_in() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // An empty folder: once taken for a bundle to replace ("Device or
    // resource busy").
    let here = tmp.path().join("work");
    std::fs::create_dir(&here).expect("mkdir");
    std::fs::write(tmp.path().join("notes.txt"), "mine\n").expect("write");
    for out in [".", ".."] {
        util::meshcanvas()
            .current_dir(&here)
            .arg("export")
            .arg(util::repo_path("examples"))
            .args(["--out", out])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "is the current folder, or holds it",
            ));
    }
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("notes.txt")).expect("kept"),
        "mine\n"
    );
    assert!(here.is_dir());
}

/// A folder where nothing can be made (a kernel file system) is named as
/// such, not as a missing folder.
#[cfg(target_os = "linux")]
#[test]
fn export_names_a_folder_where_nothing_can_be_made() {
    util::meshcanvas()
        .arg("export")
        .arg(util::repo_path("examples"))
        .args(["--out", "/proc/meshcanvas-bundle"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "/proc: a folder for the bundle cannot be made here",
        ));
}
