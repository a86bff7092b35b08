//! Export to ODPS/ODCS and import back, through the core's public API:
//! round trips give equal canvases, exports are deterministic and valid
//! against the official schemas, bundles are written atomically with an
//! index and a deployment order, and bad input gets a clear error.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use meshcanvas::format;
use meshcanvas::manifest::{self, ManifestError};
use meshcanvas::model::{Canvas, InputSource};
use meshcanvas::wire::{ExportOptions, ManifestEncoding, OdcsVersion};

use crate::util;

pub fn examples() -> Vec<Canvas> {
    util::example_canvases()
        .iter()
        .map(|p| format::read_canvas_file(p).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

/// The fixture canvases of this area, beside the example mesh.
fn fixtures() -> Vec<Canvas> {
    let (files, errors) = format::find_canvas_files(&[util::fixture("manifest/canvases")]);
    assert!(errors.is_empty(), "{errors:?}");
    files
        .iter()
        .map(|p| format::read_canvas_file(p).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

/// Every encoding with every ODCS version.
pub(crate) fn all_options() -> Vec<ExportOptions> {
    let mut out = Vec::new();
    for encoding in [ManifestEncoding::Yaml, ManifestEncoding::Json] {
        for odcs_version in [OdcsVersion::V3_1_0, OdcsVersion::V3_2_0] {
            out.push(ExportOptions {
                encoding,
                odcs_version,
                allow_findings: false,
                ..Default::default()
            });
        }
    }
    out
}

/// Export then import: the documents of the bundle (not its index) read
/// back, with no warnings and nothing kept aside; the error says which.
pub(crate) fn try_round_trip(
    canvases: &[Canvas],
    opts: ExportOptions,
) -> Result<Vec<Canvas>, String> {
    let files =
        manifest::export_files(canvases, &opts).map_err(|e| format!("export failed: {e}"))?;
    let docs: Vec<(String, String)> = files
        .iter()
        .filter(|f| f.kind != "index")
        .map(|f| (f.path.clone(), f.content.clone()))
        .collect();
    let imported = manifest::import_documents(&docs).map_err(|e| format!("import failed: {e}"))?;
    for i in &imported {
        if !(i.kept_in_extensions.is_empty() && i.warnings.is_empty()) {
            return Err(format!(
                "{}: kept {:?}, warnings {:?}",
                i.canvas.product.id, i.kept_in_extensions, i.warnings
            ));
        }
    }
    Ok(imported.into_iter().map(|i| i.canvas).collect())
}

fn round_trip(canvases: &[Canvas], opts: ExportOptions) -> Vec<Canvas> {
    try_round_trip(canvases, opts).unwrap_or_else(|e| panic!("{e}"))
}

fn assert_same(before: &[Canvas], after: &[Canvas]) {
    assert_eq!(before.len(), after.len());
    for b in before {
        let a = after
            .iter()
            .find(|a| a.product.id == b.product.id)
            .unwrap_or_else(|| panic!("{} missing after import", b.product.id));
        if a != b {
            let (ja, jb) = (
                serde_json::to_value(a).expect("json"),
                serde_json::to_value(b).expect("json"),
            );
            let mut diffs = Vec::new();
            json_diff("", &ja, &jb, &mut diffs);
            let first = diffs.into_iter().take(8).collect::<Vec<_>>().join("\n");
            panic!("{} changed on the round trip:\n{first}", b.product.id);
        }
    }
}

/// The JSON pointers where `got` and `want` differ, with both values.
fn json_diff(at: &str, got: &serde_json::Value, want: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            for k in g.keys().chain(w.keys().filter(|k| !g.contains_key(*k))) {
                let (x, y) = (
                    g.get(k).unwrap_or(&Value::Null),
                    w.get(k).unwrap_or(&Value::Null),
                );
                json_diff(&format!("{at}/{k}"), x, y, out);
            }
        }
        (Value::Array(g), Value::Array(w)) if g.len() == w.len() => {
            for (i, (x, y)) in g.iter().zip(w).enumerate() {
                json_diff(&format!("{at}/{i}"), x, y, out);
            }
        }
        _ if got != want => out.push(format!("{at}: got {got}, expected {want}")),
        _ => {}
    }
}

#[test]
fn every_example_canvas_survives_export_and_import_unchanged() {
    let canvases = examples();
    assert!(canvases.len() >= 10, "the example mesh is missing");
    for opts in all_options() {
        assert_same(&canvases, &round_trip(&canvases, opts));
    }
}

#[test]
fn fixture_canvases_with_awkward_values_survive_the_round_trip() {
    let canvases = fixtures();
    assert!(!canvases.is_empty());
    for opts in all_options() {
        assert_same(&canvases, &round_trip(&canvases, opts));
    }
}

#[test]
fn one_canvas_exported_alone_also_round_trips() {
    // Without its upstream products in the export, input ports still name
    // their sources exactly.
    for c in examples() {
        let one = std::slice::from_ref(&c);
        assert_same(one, &round_trip(one, ExportOptions::default()));
    }
}

#[test]
fn export_is_deterministic() {
    let mut canvases = examples();
    let a = manifest::export_files(&canvases, &ExportOptions::default()).expect("export");
    canvases.reverse();
    let b = manifest::export_files(&canvases, &ExportOptions::default()).expect("export");
    assert_eq!(a, b);
}

#[test]
fn bundle_layout_index_and_deployment_order() {
    let canvases = examples();
    let files = manifest::export_files(&canvases, &ExportOptions::default()).expect("export");
    let index = files.iter().find(|f| f.kind == "index").expect("index");
    assert_eq!(index.path, "index.yaml");
    let index: serde_json::Value =
        manifest::yaml::parse("index.yaml", &index.content).expect("index parses");
    let order: Vec<String> =
        serde_json::from_value(index["deploymentOrder"].clone()).expect("order");
    assert_eq!(order.len(), canvases.len());
    // Upstream first.
    for c in &canvases {
        let me = order
            .iter()
            .position(|p| *p == c.product.id)
            .expect("listed");
        for p in &c.input_ports {
            if let InputSource::Product { product_id, .. } = &p.source {
                let up = order
                    .iter()
                    .position(|p| p == product_id)
                    .expect("upstream listed");
                assert!(up < me, "{product_id} must come before {}", c.product.id);
            }
        }
    }
    // Every file listed in the index, with its real SHA-256.
    let products = index["products"].as_array().expect("products");
    let listed: usize = products
        .iter()
        .map(|p| p["files"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(listed, files.len() - 1);
    for f in files.iter().filter(|f| f.kind != "index") {
        let entry = products
            .iter()
            .flat_map(|p| p["files"].as_array().cloned().unwrap_or_default())
            .find(|e| e["path"] == f.path.as_str())
            .unwrap_or_else(|| panic!("{} not in the index", f.path));
        assert_eq!(entry["sha256"], f.sha256.as_str());
        use sha2::Digest as _;
        let digest = sha2::Sha256::digest(f.content.as_bytes());
        let hex = digest.iter().fold(String::new(), |mut hex, b| {
            write!(hex, "{b:02x}").expect("writing to a String does not fail");
            hex
        });
        assert_eq!(hex, f.sha256);
    }
    // Paths follow the layout.
    for c in &canvases {
        let d = &c.domain.name;
        let id = &c.product.id;
        assert!(
            files
                .iter()
                .any(|f| f.path == format!("products/{d}/{id}.odps.yaml"))
        );
        for p in &c.output_ports {
            let want = format!("contracts/{d}/{id}/{}.odcs.yaml", p.id);
            assert!(files.iter().any(|f| f.path == want), "{want}");
        }
    }
}

fn canvas(id: &str) -> Canvas {
    Canvas::skeleton(id, id, "test")
}

fn consuming(mut c: Canvas, product: &str, port: &str) -> Canvas {
    c.input_ports.push(meshcanvas::model::InputPort {
        id: format!("from-{product}"),
        name: format!("from {product}"),
        source: InputSource::Product {
            product_id: product.to_owned(),
            port_id: port.to_owned(),
        },
        description: String::new(),
        expects: Vec::new(),
        contract_id: None,
        version: String::new(),
    });
    c
}

#[test]
fn a_dependency_cycle_is_an_error_that_names_it() {
    let canvases = vec![
        consuming(canvas("a"), "c", "out"),
        consuming(canvas("b"), "a", "out"),
        consuming(canvas("c"), "b", "out"),
        canvas("d"),
    ];
    let err = manifest::export_files(&canvases, &ExportOptions::default()).expect_err("cycle");
    assert!(matches!(err, ManifestError::Cycle { .. }));
    assert_eq!(
        err.to_string(),
        "the products depend on each other in a cycle: a → b → c → a"
    );
}

#[test]
fn ids_cannot_write_outside_the_bundle() {
    let mut c = Canvas::skeleton("../../etc/passwd", "Evil", "../..");
    c.output_ports.push(meshcanvas::model::OutputPort {
        id: "/abs/../../x".to_owned(),
        name: "x".to_owned(),
        ..Default::default()
    });
    let files = manifest::export_files(&[c], &ExportOptions::default()).expect("export");
    for f in &files {
        let p = Path::new(&f.path);
        assert!(
            p.components()
                .all(|c| matches!(c, std::path::Component::Normal(_))),
            "{}",
            f.path
        );
    }
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("bundle");
    manifest::write_bundle(&files, &out).expect("write");
    let written = util::files_below(dir.path());
    assert!(
        written.iter().all(|p| p.starts_with("bundle")),
        "{written:?}"
    );
}

#[test]
fn ids_that_collide_once_sanitised_are_refused() {
    let canvases = vec![canvas("a/b"), canvas("a?b")];
    let err = manifest::export_files(&canvases, &ExportOptions::default()).expect_err("collision");
    assert!(
        err.to_string()
            .contains("would both be written to products/test/a_b.odps.yaml"),
        "{err}"
    );
}

#[test]
fn write_bundle_replaces_a_previous_bundle_and_refuses_other_folders() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("out");
    let files = manifest::export_files(&examples(), &ExportOptions::default()).expect("export");
    let summary = manifest::write_bundle(&files, &out).expect("write");
    assert_eq!(summary.files.len(), files.len());
    assert_eq!(summary.deployment_order.len(), examples().len());
    for f in &files {
        assert_eq!(
            std::fs::read_to_string(out.join(&f.path)).expect("read"),
            f.content
        );
    }
    // Again: the old bundle is replaced, nothing left behind beside it.
    let one = manifest::export_files(&examples()[..1], &ExportOptions::default()).expect("export");
    manifest::write_bundle(&one, &out).expect("rewrite");
    assert_eq!(util::files_below(&out).len(), one.len());
    let siblings: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(siblings, vec![std::ffi::OsString::from("out")]);

    // A folder with other things in it is not replaced.
    let other = dir.path().join("docs");
    std::fs::create_dir(&other).expect("mkdir");
    std::fs::write(other.join("notes.txt"), "mine").expect("write");
    let err = manifest::write_bundle(&files, &other).expect_err("refused");
    assert!(
        err.to_string().contains("not a Mesh Canvas bundle"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(other.join("notes.txt")).expect("kept"),
        "mine"
    );
}

#[test]
fn a_folder_with_an_index_that_is_not_a_bundle_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tmp");
    let files = manifest::export_files(&examples(), &ExportOptions::default()).expect("export");
    for (index, text) in [
        ("index.yaml", "x\n"),
        ("index.yaml", "title: My site\nkind: page\n"),
        ("index.json", "{\"kind\": \"Website\"}"),
    ] {
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("src")).expect("mkdir");
        std::fs::write(site.join(index), text).expect("write");
        std::fs::write(site.join("src/main.rs"), "keep").expect("write");
        let err = manifest::write_bundle(&files, &site).expect_err("refused");
        let msg = err.to_string();
        assert!(msg.contains(&site.display().to_string()), "{msg}");
        assert!(msg.contains("not a Mesh Canvas bundle"), "{msg}");
        assert!(msg.contains(&format!("its {index} does not say")), "{msg}");
        assert_eq!(
            std::fs::read_to_string(site.join("src/main.rs")).expect("kept"),
            "keep"
        );
        assert_eq!(
            std::fs::read_to_string(site.join(index)).expect("kept"),
            text
        );
        assert_eq!(
            util::files_below(&site),
            vec![PathBuf::from(index), PathBuf::from("src/main.rs")]
        );
        std::fs::remove_dir_all(&site).expect("clean");
    }
    // Both encodings of a real bundle are recognised and replaced.
    for encoding in [ManifestEncoding::Yaml, ManifestEncoding::Json] {
        let opts = ExportOptions {
            encoding,
            ..ExportOptions::default()
        };
        let files = manifest::export_files(&examples(), &opts).expect("export");
        let out = dir.path().join("bundle");
        manifest::write_bundle(&files, &out).expect("first");
        manifest::write_bundle(&files, &out).expect("replaces its own bundle");
        std::fs::remove_dir_all(&out).expect("clean");
    }
}

#[test]
fn a_failed_write_leaves_no_partial_output_folder() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("out");
    let mut files = manifest::export_files(&examples(), &ExportOptions::default()).expect("export");
    // A path no bundle contains: writing stops at it.
    files.push(meshcanvas::wire::ExportedFile {
        path: "../escape.yaml".to_owned(),
        kind: "odps".to_owned(),
        product_id: "x".to_owned(),
        sha256: String::new(),
        content: String::new(),
    });
    manifest::write_bundle(&files, &out).expect_err("refused");
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("ls").count(),
        0,
        "temporary folder left behind"
    );
}

fn bad(name: &str) -> PathBuf {
    util::fixture(&format!("manifest/bad/{name}"))
}

fn import_err(name: &str) -> String {
    manifest::import_paths(&[bad(name)])
        .map(|_| ())
        .expect_err(name)
        .to_string()
}

#[test]
fn broken_yaml_gets_file_line_and_column() {
    let f = bad("tabs.odcs.yaml").display().to_string();
    assert_eq!(
        import_err("tabs.odcs.yaml"),
        format!("{f}:6:2: tabs disallowed within this context (block indentation)")
    );
    let f = bad("duplicate-key.odcs.yaml").display().to_string();
    assert_eq!(
        import_err("duplicate-key.odcs.yaml"),
        format!("{f}:5:1: duplicate mapping key: version")
    );
    let e = import_err("bad-indentation.odps.yaml");
    assert!(
        e.starts_with(&format!("{}:", bad("bad-indentation.odps.yaml").display())),
        "{e}"
    );
    assert!(e.contains(":9:"), "{e}");
}

#[test]
fn wrong_types_name_file_line_and_field() {
    let f = bad("wrong-type.odcs.yaml").display().to_string();
    assert_eq!(
        import_err("wrong-type.odcs.yaml"),
        format!("{f}:9:5 /schema/0/properties: expected a list, found a mapping")
    );
}

#[test]
fn unknown_api_version_is_refused_by_name() {
    let f = bad("future.odcs.yaml").display().to_string();
    assert_eq!(
        import_err("future.odcs.yaml"),
        format!(
            "{f}:1:1 /apiVersion: unknown ODCS apiVersion \"v4.0.0\"; this build reads v3.0.0, v3.0.1, v3.0.2, v3.1.0, v3.2.0"
        )
    );
}

#[test]
fn an_alias_bomb_is_stopped() {
    let mut bomb = String::from(
        "apiVersion: v3.1.0\nkind: DataContract\na0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n",
    );
    for i in 1..12 {
        let p = i - 1;
        writeln!(
            bomb,
            "a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]"
        )
        .expect("writing to a String does not fail");
    }
    let err = manifest::import_documents(&[("bomb.odcs.yaml".to_owned(), bomb)]).expect_err("bomb");
    assert!(err.to_string().starts_with("bomb.odcs.yaml:"), "{err}");
    assert!(err.to_string().contains("alias bomb"), "{err}");
}

#[test]
fn a_file_over_50_mb_is_refused_before_parsing() {
    let dir = tempfile::tempdir().expect("tmp");
    let big = dir.path().join("big.odcs.yaml");
    let f = std::fs::File::create(&big).expect("create");
    f.set_len(manifest::yaml::MAX_MANIFEST_BYTES + 1)
        .expect("grow");
    let err = manifest::import_paths(std::slice::from_ref(&big))
        .map(|_| ())
        .expect_err("too large");
    assert!(matches!(err, ManifestError::TooLarge { .. }));
    assert_eq!(
        err.to_string(),
        format!(
            "{}: file is 52428801 bytes, larger than the 52428800 bytes a manifest may be",
            big.display()
        )
    );
}

#[test]
fn unknown_parts_are_kept_in_extensions_and_reported_by_name() {
    let yaml = "apiVersion: v3.1.0\nkind: DataContract\nid: c1\nversion: 1.0.0\nstatus: active\n\
        servers:\n  - server: prod\n    type: postgres\n    host: db\n    port: 5432\n    database: d\n    schema: s\n\
        price:\n  priceAmount: 1\n  priceCurrency: EUR\n  priceUnit: megabyte\n\
        schema:\n  - name: orders\n    properties:\n      - name: id\n        logicalType: string\n        unique: true\n";
    let imported = manifest::import_documents(&[("c1.odcs.yaml".to_owned(), yaml.to_owned())])
        .expect("import");
    let i = &imported[0];
    assert_eq!(
        i.kept_in_extensions,
        vec!["odcs#/schema/0/properties/0/unique", "odcs#/price"]
    );
    assert_eq!(i.canvas.output_ports[0].technology, "postgres");
    // Kept where it was: on the contract, which is the port.
    assert_eq!(
        i.canvas.output_ports[0].extensions["price"]["priceCurrency"],
        "EUR"
    );
    // And they travel on: a re-export carries them, a re-import restores them.
    let files = manifest::export_files(std::slice::from_ref(&i.canvas), &ExportOptions::default())
        .expect("export");
    let docs: Vec<_> = files
        .iter()
        .filter(|f| f.kind != "index")
        .map(|f| (f.path.clone(), f.content.clone()))
        .collect();
    let again = manifest::import_documents(&docs).expect("reimport");
    assert_eq!(again[0].canvas, i.canvas);
}

#[test]
fn odps_and_odcs_exports_match_their_snapshots() {
    let canvases = fixtures();
    let mut snapshots = util::Snapshots::new("manifest/snapshots/export");
    for (dir, opts) in [
        ("yaml-v3.1.0", ExportOptions::default()),
        (
            "json-v3.2.0",
            ExportOptions {
                encoding: ManifestEncoding::Json,
                odcs_version: OdcsVersion::V3_2_0,
                allow_findings: false,
                ..Default::default()
            },
        ),
    ] {
        let files = manifest::export_files(&canvases, &opts).expect("export");
        for f in files {
            snapshots.check(&format!("{dir}/{}", f.path), &f.content);
        }
    }
    snapshots.finish();
}

#[test]
fn odps_and_odcs_imports_match_their_snapshots() {
    let imported = manifest::import_paths(&[util::fixture("manifest/foreign")]).expect("import");
    assert_eq!(imported.len(), 1, "the product claims its contract");
    let i = &imported[0];
    let mut snapshots = util::Snapshots::new("manifest/snapshots/import");
    snapshots.check(
        "shipments.canvas.json",
        &format::to_canonical_json(&i.canvas),
    );
    let report = format!(
        "kept in extensions:\n{}\nwarnings:\n{}\n",
        i.kept_in_extensions.join("\n"),
        i.warnings
            .iter()
            .map(|w| w.replace(
                &util::fixture("manifest/foreign").display().to_string(),
                "foreign"
            ))
            .collect::<Vec<_>>()
            .join("\n")
    );
    snapshots.check("shipments.report.txt", &report);
    snapshots.finish();
}

/// Appends text that YAML likes to misread to every free-text value.
fn with_tricky_text(canvas: &Canvas) -> Canvas {
    const FREE_TEXT: &[&str] = &[
        "description",
        "purpose",
        "name",
        "statement",
        "notes",
        "definition",
        "useCase",
        "needs",
        "successMetric",
        "reason",
        "text",
        "title",
        "channel",
        "usageTerms",
        "limitations",
        "securityNotes",
        "piiSummary",
        "condition",
        "notify",
        "rule",
        "physicalType",
        "location",
        "technology",
        "schedule",
        "license",
    ];
    const TRICKY: &[&str] = &[
        ": #not a comment",
        "\n- not a list\n",
        " ~",
        "\ttab",
        "'\"quotes\"'",
        "null",
        "  trailing  ",
        "émoji 🚀 ünïcode",
        "&anchor *alias",
        "!tag",
        "0x1F",
        "1e3",
        "yes",
        "--- ...",
        "{flow: [x]}",
        "%directive",
        "@at `tick`",
        "\r\nCRLF",
        "",
    ];
    fn walk(v: &mut serde_json::Value, key: &str, n: &mut usize) {
        match v {
            serde_json::Value::String(s) if FREE_TEXT.contains(&key) => {
                s.push_str(TRICKY[*n % TRICKY.len()]);
                *n += 1;
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|i| walk(i, key, n)),
            serde_json::Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    walk(v, k, n);
                }
            }
            _ => {}
        }
    }
    let mut v = serde_json::to_value(canvas).expect("to json");
    let mut n = 0;
    walk(&mut v, "", &mut n);
    serde_json::from_value(v).expect("still a canvas")
}

#[test]
fn text_that_yaml_could_misread_survives_the_round_trip() {
    let canvases: Vec<Canvas> = examples()
        .iter()
        .chain(fixtures().iter())
        .map(with_tricky_text)
        .collect();
    for opts in all_options() {
        assert_same(&canvases, &round_trip(&canvases, opts));
    }
}

#[test]
fn only_unwaived_errors_block_an_export() {
    use meshcanvas::wire::{Block, Finding, Severity, WaiverRef};
    let finding = |severity, waived: bool| Finding {
        product_id: "p".to_owned(),
        pointer: String::new(),
        rule_id: "r".to_owned(),
        severity,
        message: String::new(),
        hint: String::new(),
        pack_id: String::new(),
        pack_version: String::new(),
        waived: waived.then(|| WaiverRef {
            index: 0,
            reason: "ok".to_owned(),
            approver: "a".to_owned(),
            expires: None,
        }),
        block: Block::Name,
        card: None,
    };
    let findings = vec![
        finding(Severity::Error, true),
        finding(Severity::Warning, false),
        finding(Severity::Error, false),
        finding(Severity::Info, false),
    ];
    let blocking = meshcanvas::gate::blocking(&findings);
    assert_eq!(blocking.len(), 1);
    assert!(blocking[0].waived.is_none() && blocking[0].severity == Severity::Error);
}

/// A contract the canvas designed names its team (the product owner among
/// them) and support channels, as the product does: imported alone, it
/// gives the domain's team, owner and channels back.
#[test]
fn a_designed_contract_carries_the_team_and_support_and_gives_them_back_alone() {
    let canvas = examples()
        .into_iter()
        .find(|c| {
            !c.output_ports.is_empty()
                && !c.domain.team.members.is_empty()
                && !c.domain.team.support.is_empty()
                && !c.domain.product_owner.name.is_empty()
        })
        .expect("an example with a team, an owner and support channels");
    let opts = ExportOptions {
        encoding: ManifestEncoding::Json,
        odcs_version: OdcsVersion::V3_1_0,
        allow_findings: false,
        ..Default::default()
    };
    let files = manifest::export_files(std::slice::from_ref(&canvas), &opts)
        .unwrap_or_else(|e| panic!("{e}"));
    let contract = files
        .iter()
        .find(|f| f.kind == "odcs")
        .expect("a contract file");
    let doc: serde_json::Value = serde_json::from_str(&contract.content).expect("JSON");
    let members = doc["team"]["members"].as_array().expect("team.members");
    assert_eq!(
        members.len(),
        canvas.domain.team.members.len() + 1,
        "every member and the owner: {members:#?}"
    );
    assert!(
        members.iter().any(|m| m["role"] == "owner"
            && m["name"] == canvas.domain.product_owner.name.as_str()),
        "the owner is a member with role owner: {members:#?}"
    );
    assert_eq!(
        doc["support"].as_array().map(Vec::len),
        Some(canvas.domain.team.support.len()),
        "{:#?}",
        doc["support"]
    );

    let imported = manifest::import_documents(&[(contract.path.clone(), contract.content.clone())])
        .unwrap_or_else(|e| panic!("{e}"));
    let alone = &imported[0].canvas;
    assert_eq!(alone.domain.team, canvas.domain.team);
    assert_eq!(alone.domain.product_owner, canvas.domain.product_owner);
    assert!(
        !alone.output_ports[0].extensions.contains_key("team"),
        "the team is read, not kept aside: {:?}",
        alone.output_ports[0].extensions.keys()
    );
}

/// A canvas whose first port's first field nests `depth` object fields.
fn nested(depth: usize) -> Canvas {
    let mut c = examples()
        .into_iter()
        .find(|c| c.product.id == "orders")
        .expect("orders");
    let mut field = meshcanvas::model::Field {
        name: format!("level_{depth}"),
        logical_type: meshcanvas::model::LogicalType::String,
        ..Default::default()
    };
    for level in (0..depth).rev() {
        field = meshcanvas::model::Field {
            name: format!("level_{level}"),
            logical_type: meshcanvas::model::LogicalType::Object,
            fields: vec![field],
            ..Default::default()
        };
    }
    c.output_ports[0].schema.push(field);
    c
}

/// What export writes, import reads: the deepest canvas the format
/// accepts (its file reads back) exports in every encoding and version, and
/// comes back equal; one level deeper is refused by the format itself.
#[test]
fn the_deepest_canvas_the_format_accepts_exports_and_imports() {
    let reads = |c: &Canvas| {
        format::parse_canvas_str(Path::new("deep.canvas.json"), &format::to_canonical_json(c))
            .is_ok()
    };
    let mut depth = 1;
    while reads(&nested(depth + 1)) {
        depth += 1;
        assert!(depth < 1_000, "the format sets no nesting limit");
    }
    let deepest = nested(depth);
    for opts in all_options() {
        let back = round_trip(std::slice::from_ref(&deepest), opts);
        assert_same(std::slice::from_ref(&deepest), &back);
    }
}

/// A canvas file or a contract nesting deeper than the format allows is
/// refused by name and place, not read halfway or into a stack overflow.
#[test]
fn nesting_deeper_than_the_format_allows_is_refused_by_place() {
    let deepest = nested(meshcanvas::model::MAX_FIELD_DEPTH - 1);
    let too_deep = nested(meshcanvas::model::MAX_FIELD_DEPTH);
    let file = Path::new("deep.canvas.json");
    let err = format::parse_canvas_str(file, &format::to_canonical_json(&too_deep))
        .expect_err("too deep");
    assert!(
        err.to_string().contains("deep.canvas.json") && err.to_string().contains("deeper than"),
        "{err}"
    );
    // A contract made from the deepest canvas, one level deeper, is
    // refused by the importer with the property's pointer.
    let opts = ExportOptions {
        encoding: ManifestEncoding::Yaml,
        ..Default::default()
    };
    let files = manifest::export_files(std::slice::from_ref(&deepest), &opts)
        .unwrap_or_else(|e| panic!("{e}"));
    let contract = files
        .iter()
        .find(|f| f.path.ends_with("orders-v2.odcs.yaml"))
        .expect("the contract");
    let mut doc: serde_json::Value = serde_json::to_value(
        manifest::yaml::parse(&contract.path, &contract.content).expect("reads"),
    )
    .expect("value");
    // One more level under the deepest property.
    let mut at = &mut doc["schema"][0]["properties"];
    let last = at.as_array().map_or(0, Vec::len) - 1;
    at = &mut at[last];
    while at["properties"].is_array() {
        at = &mut at["properties"][0];
    }
    at["logicalType"] = "object".into();
    at["properties"] = serde_json::json!([{"name": "one_too_many", "logicalType": "string"}]);
    let text = serde_json::to_string(&doc).expect("json");
    let err =
        manifest::import_documents(&[("deep.odcs.json".to_owned(), text)]).expect_err("too deep");
    assert!(
        err.to_string().contains("deep.odcs.json")
            && err.to_string().contains("/properties/0")
            && err.to_string().contains("deeper than"),
        "{err}"
    );
}

/// A contract from another tool names its owner as a team member with the
/// role `owner`: imported alone, that member is the product owner (and the
/// contract's team comes back as written).
#[test]
fn a_lone_contract_s_owner_role_becomes_the_product_owner() {
    let text = "apiVersion: v3.1.0\nkind: DataContract\nid: shipments\nversion: 1.0.0\nstatus: active\n\
                team:\n  name: Logistics\n  members:\n    - username: ana@example.com\n      name: Ana\n      role: owner\n    - username: bo@example.com\n      name: Bo\n      role: engineer\n";
    let imported =
        manifest::import_documents(&[("shipments.odcs.yaml".to_owned(), text.to_owned())])
            .unwrap_or_else(|e| panic!("{e}"));
    let c = &imported[0].canvas;
    assert_eq!(c.domain.product_owner.name, "Ana");
    assert_eq!(c.domain.product_owner.email, "ana@example.com");
    assert_eq!(c.domain.team.name, "Logistics");
}

// Canvases that did not survive export and import until
// `tests/properties.rs` found them.

/// A canvas with one output port, `orders`.
fn with_port(id: &str) -> Canvas {
    let mut c = Canvas::skeleton(id, id, "test");
    c.output_ports.push(meshcanvas::model::OutputPort {
        id: "orders".to_owned(),
        name: "Orders".to_owned(),
        ..Default::default()
    });
    c
}

fn assert_round_trips(c: &Canvas) {
    for opts in all_options() {
        assert_same(
            std::slice::from_ref(c),
            &round_trip(std::slice::from_ref(c), opts),
        );
    }
}

/// An access policy the contract's role cannot say alone travels as a
/// copy beside the role's own keys; its extensions, written in both, read
/// back once, without a warning for a `null`.
#[test]
fn an_access_policy_s_extensions_come_back_once() {
    let mut c = with_port("a");
    c.policies.push(meshcanvas::model::Policy {
        id: "analysts".to_owned(),
        kind: meshcanvas::model::PolicyKind::Access,
        statement: "Analysts read it.".to_owned(),
        parameters: [("region".to_owned(), "eu".to_owned())].into(),
        extensions: [
            ("x-note".to_owned(), serde_json::Value::Null),
            ("x-review".to_owned(), serde_json::json!({"every": "90d"})),
        ]
        .into(),
    });
    assert_round_trips(&c);
}

/// A port whose name was cleared read back named after its id.
#[test]
fn a_port_with_an_empty_name_keeps_it() {
    let mut c = consuming(with_port("a"), "b", "out");
    c.output_ports[0].name = String::new();
    c.input_ports[0].name = String::new();
    assert_round_trips(&c);
}

/// An empty review date read back as none.
#[test]
fn an_empty_review_date_stays_empty() {
    let mut c = with_port("a");
    c.metadata.expiry = Some(String::new());
    assert_round_trips(&c);
}

/// Access policies that read back from their roles as they are (as import
/// makes them from another tool's contract) came back after the policies
/// that followed them.
#[test]
fn policies_keep_their_order_around_roles_that_read_back_alone() {
    use meshcanvas::model::{Policy, PolicyKind};
    let mut c = with_port("a");
    c.policies = vec![
        Policy {
            id: "analyst".to_owned(),
            kind: PolicyKind::Access,
            parameters: [("role".to_owned(), "analyst".to_owned())].into(),
            ..Default::default()
        },
        Policy {
            id: "keep-7y".to_owned(),
            kind: PolicyKind::Retention,
            parameters: [("retentionDays".to_owned(), "2555".to_owned())].into(),
            ..Default::default()
        },
        Policy {
            id: "steward".to_owned(),
            kind: PolicyKind::Access,
            parameters: [("role".to_owned(), "steward".to_owned())].into(),
            ..Default::default()
        },
    ];
    assert_round_trips(&c);
}

/// A role writes no empty value, so a policy with an empty parameter
/// needs its copy: it came back without the parameter.
#[test]
fn an_access_policy_with_an_empty_parameter_keeps_it() {
    let mut c = with_port("a");
    c.policies.push(meshcanvas::model::Policy {
        id: "analyst".to_owned(),
        kind: meshcanvas::model::PolicyKind::Access,
        parameters: [
            ("role".to_owned(), "analyst".to_owned()),
            ("access".to_owned(), String::new()),
        ]
        .into(),
        ..Default::default()
    });
    assert_round_trips(&c);
}

/// Numbers no double holds as written: `1e999` (infinity as a double),
/// which the YAML reader refused, and `-0`, which came back as `0` from a
/// custom property.
#[test]
fn numbers_beyond_a_double_come_back_as_written() {
    let mut c = with_port("a");
    let numbers: serde_json::Value =
        serde_json::from_str(r#"{"huge": 1e999, "tiny": -2.5e-400, "minusZero": [-0]}"#)
            .expect("JSON");
    c.extensions.insert("acme".to_owned(), numbers.clone());
    c.output_ports[0].schema.push(meshcanvas::model::Field {
        name: "id".to_owned(),
        // Nested under a string: the fields travel as a custom property.
        fields: vec![meshcanvas::model::Field {
            name: "inner".to_owned(),
            extensions: [("x-acme".to_owned(), numbers)].into(),
            ..Default::default()
        }],
        ..Default::default()
    });
    assert_round_trips(&c);
}

/// A port read from another tool's contract shows its first server's type
/// as the technology; cleared on the card, it read back as that type again.
#[test]
fn an_imported_port_s_cleared_technology_stays_cleared() {
    let text = "apiVersion: v3.1.0\nkind: DataContract\nid: shipments\nversion: 1.0.0\n\
                status: active\nservers:\n  - server: prod\n    type: postgres\n    host: db\n";
    let imported =
        manifest::import_documents(&[("shipments.odcs.yaml".to_owned(), text.to_owned())])
            .unwrap_or_else(|e| panic!("{e}"));
    let mut c = imported[0].canvas.clone();
    assert_eq!(c.output_ports[0].technology, "postgres");
    assert_round_trips(&c);
    c.output_ports[0].technology.clear();
    for opts in all_options() {
        let back = round_trip(std::slice::from_ref(&c), opts);
        assert_eq!(back[0].output_ports[0].technology, "", "{opts:?}");
        // The note that the technology came from the server no longer
        // holds, and is not read back; what comes back then stays.
        assert_round_trips(&back[0]);
    }
}

/// An input port of one of our canvases that names its upstream contract
/// and version itself lost both on import, and a contract id with a `:`
/// (`urn:up`) was read as product `urn`, port `up`.
#[test]
fn an_input_port_s_own_contract_id_and_version_come_back() {
    let mut c = consuming(with_port("a"), "b", "out");
    c.input_ports[0].contract_id = Some("urn:up".to_owned());
    c.input_ports[0].version = "2.0.0".to_owned();
    assert_round_trips(&c);

    let mut c = consuming(with_port("a"), "b", "out");
    c.input_ports[0].version = "3.1.0".to_owned();
    assert_round_trips(&c);

    let mut c = consuming(with_port("a"), "b", "out");
    c.input_ports[0].contract_id = Some("b:out".to_owned());
    assert_round_trips(&c);

    let mut c = with_port("a");
    c.input_ports.push(meshcanvas::model::InputPort {
        id: "crm".to_owned(),
        name: "CRM".to_owned(),
        source: InputSource::Operational {
            system: "Salesforce".to_owned(),
            technology: String::new(),
        },
        description: String::new(),
        expects: Vec::new(),
        contract_id: Some("salesforce-accounts".to_owned()),
        version: "1.4.0".to_owned(),
    });
    assert_round_trips(&c);
}
