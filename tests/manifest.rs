//! Export to ODPS/ODCS and import back, through the core's public API:
//! round trips give equal canvases, exports are deterministic and valid
//! against the official schemas, bundles are written atomically with an
//! index and a deployment order, and bad input gets a clear error.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use meshcanvas::format;
use meshcanvas::manifest::{self, ManifestError};
use meshcanvas::model::{Canvas, InputSource, Layout};
use meshcanvas::wire::{ExportOptions, ManifestEncoding, OdcsVersion, OdpsVersion};

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

/// Every encoding with every ODCS version, and each of them with both ODPS
/// versions across the four.
pub(crate) fn all_options() -> Vec<ExportOptions> {
    let mut out = Vec::new();
    for encoding in [ManifestEncoding::Yaml, ManifestEncoding::Json] {
        for odcs_version in [OdcsVersion::V3_1_0, OdcsVersion::V3_2_0] {
            let odps_version =
                if (encoding == ManifestEncoding::Yaml) == (odcs_version == OdcsVersion::V3_1_0) {
                    OdpsVersion::V1_0_0
                } else {
                    OdpsVersion::V1_1_0
                };
            out.push(ExportOptions {
                encoding,
                odcs_version,
                odps_version,
                allow_findings: false,
            });
        }
    }
    out
}

/// The canvases as their manifests alone give them back: without the
/// board, which only the bundle's canvas files carry.
pub(crate) fn without_layout(canvases: &[Canvas]) -> Vec<Canvas> {
    canvases
        .iter()
        .cloned()
        .map(|mut c| {
            c.layout = Layout::default();
            c
        })
        .collect()
}

/// Export then import the whole bundle as written (index, canvas files,
/// manifests), with no warnings and nothing kept aside.
pub(crate) fn try_bundle_round_trip(
    canvases: &[Canvas],
    opts: ExportOptions,
) -> Result<Vec<Canvas>, String> {
    let files =
        manifest::export_files(canvases, &opts).map_err(|e| format!("export failed: {e}"))?;
    let given: Vec<(String, String)> = files
        .iter()
        .map(|f| (f.path.clone(), f.content.clone()))
        .collect();
    let imported = manifest::import_bundle(Path::new("bundle"), &given)
        .map_err(|e| format!("bundle import failed: {e}"))?;
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

/// Export then import the manifests alone (no index, no canvas files), as
/// another tool's documents are: they read back with no warnings and
/// nothing kept aside; the error says which.
pub(crate) fn try_round_trip(
    canvases: &[Canvas],
    opts: ExportOptions,
) -> Result<Vec<Canvas>, String> {
    let files =
        manifest::export_files(canvases, &opts).map_err(|e| format!("export failed: {e}"))?;
    let docs: Vec<(String, String)> = files
        .iter()
        .filter(|f| matches!(f.kind.as_str(), "odps" | "odcs"))
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

/// Whether an input port of `canvases` has no version of its own and reads
/// a product port they do not hold, or an operational system of a product
/// without a version: what ODPS v1.0.0 cannot write.
pub(crate) fn reads_an_unknown_version(canvases: &[Canvas]) -> bool {
    canvases.iter().any(|c| {
        c.input_ports.iter().any(|p| match &p.source {
            InputSource::Product {
                product_id,
                port_id,
            } => {
                p.version.is_empty()
                    && !canvases
                        .iter()
                        .any(|u| &u.product.id == product_id && u.output_port(port_id).is_some())
            }
            InputSource::Operational { .. } => p.version.is_empty() && c.product.version.is_empty(),
        })
    })
}

/// The bundle gives `canvases` back exactly; its manifests alone, all but
/// the layout. An input port whose version nothing says refuses ODPS
/// v1.0.0, by name.
fn assert_both_round_trips(canvases: &[Canvas], opts: ExportOptions) {
    if opts.odps_version == OdpsVersion::V1_0_0 && reads_an_unknown_version(canvases) {
        let err = manifest::export_files(canvases, &opts).expect_err("refused");
        assert!(matches!(err, ManifestError::Unversioned { .. }), "{err}");
        return;
    }
    let exact = try_bundle_round_trip(canvases, opts).unwrap_or_else(|e| panic!("{e}"));
    assert_same(canvases, &exact);
    assert_same(&without_layout(canvases), &round_trip(canvases, opts));
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
fn every_example_canvas_comes_back_from_its_bundle_exactly_and_from_its_manifests_but_the_layout() {
    let canvases = examples();
    assert!(canvases.len() >= 10, "the example mesh is missing");
    // The board is there to lose: the manifests alone must not give it back.
    assert!(
        canvases.iter().any(|c| !c.layout.notes.is_empty()),
        "the examples have sticky notes"
    );
    for opts in all_options() {
        assert_both_round_trips(&canvases, opts);
    }
}

#[test]
fn fixture_canvases_with_awkward_values_survive_the_round_trip() {
    let canvases = fixtures();
    assert!(!canvases.is_empty());
    for opts in all_options() {
        assert_both_round_trips(&canvases, opts);
    }
}

#[test]
fn one_canvas_exported_alone_out_of_its_mesh_also_round_trips() {
    // Without its upstream products in the export, input ports still name
    // their sources exactly, and their versions come from the mesh.
    let mesh = examples();
    for c in &mesh {
        let one = std::slice::from_ref(c);
        let files = manifest::export_files_in(one, &mesh, &ExportOptions::default(), None)
            .unwrap_or_else(|e| panic!("{}: {e}", c.product.id));
        let alone = manifest::export_files(&mesh, &ExportOptions::default()).expect("export");
        // The product's file is the one the whole mesh's export writes.
        let odps = |files: &[meshcanvas::wire::ExportedFile]| {
            files
                .iter()
                .find(|f| f.kind == "odps" && f.product_id == c.product.id)
                .map(|f| f.content.clone())
        };
        assert_eq!(odps(&files), odps(&alone), "{}", c.product.id);
        let given: Vec<_> = files
            .iter()
            .map(|f| (f.path.clone(), f.content.clone()))
            .collect();
        let back = manifest::import_bundle(Path::new("b"), &given).expect("import");
        assert_same(one, &back.into_iter().map(|i| i.canvas).collect::<Vec<_>>());
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
        schema:\n  - name: orders\n    properties:\n      - name: id\n        logicalType: string\n        unique: true\n        encryptedName: id_enc\n";
    let imported = manifest::import_documents(&[("c1.odcs.yaml".to_owned(), yaml.to_owned())])
        .expect("import");
    let i = &imported[0];
    // `unique` is the field's own; `encryptedName` has no field.
    assert_eq!(
        i.kept_in_extensions,
        vec!["odcs#/schema/0/properties/0/encryptedName"]
    );
    assert_eq!(
        i.canvas.output_ports[0].objects[0].fields[0].unique,
        Some(true)
    );
    let price = i.canvas.output_ports[0]
        .pricing
        .as_ref()
        .expect("the price is the port's");
    assert_eq!(
        (price.currency.as_str(), price.unit.as_str()),
        ("EUR", "megabyte")
    );
    assert_eq!(i.canvas.output_ports[0].technology, "postgres");
    assert!(!i.canvas.output_ports[0].extensions.contains_key("price"));
    // Kept where it was: on the property, which is the field.
    assert_eq!(
        i.canvas.output_ports[0].objects[0].fields[0].extensions["encryptedName"],
        "id_enc"
    );
    // And they travel on: a re-export carries them, a re-import restores them.
    let files = manifest::export_files(std::slice::from_ref(&i.canvas), &ExportOptions::default())
        .expect("export");
    let docs: Vec<_> = files
        .iter()
        .filter(|f| matches!(f.kind.as_str(), "odps" | "odcs"))
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
        assert_both_round_trips(&canvases, opts);
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
    c.output_ports[0].objects[0].fields.push(field);
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
        assert_both_round_trips(std::slice::from_ref(&deepest), opts);
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
        objects: vec![meshcanvas::model::SchemaObject::table("orders", Vec::new())],
        ..Default::default()
    });
    c
}

fn assert_round_trips(c: &Canvas) {
    for opts in all_options() {
        assert_both_round_trips(std::slice::from_ref(c), opts);
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
    c.output_ports[0].objects[0]
        .fields
        .push(meshcanvas::model::Field {
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

// ------------------------------------------------ the board and the bundle ---

/// The ODPS documents of an export, parsed.
fn product_documents(files: &[meshcanvas::wire::ExportedFile]) -> Vec<serde_json::Value> {
    files
        .iter()
        .filter(|f| f.kind == "odps")
        .map(parse_file)
        .collect()
}

/// An exported file parsed as the encoding its name says.
fn parse_file(f: &meshcanvas::wire::ExportedFile) -> serde_json::Value {
    if Path::new(&f.path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        manifest::yaml::parse_json(&f.path, &f.content)
    } else {
        manifest::yaml::parse(&f.path, &f.content)
    }
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_example_mesh_s_product_files_carry_no_board() {
    for opts in all_options() {
        let files = manifest::export_files(&examples(), &opts).expect("export");
        for doc in product_documents(&files) {
            let names: Vec<&str> = doc["customProperties"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p["property"].as_str())
                .collect();
            assert!(
                names.contains(&"meshcanvas.ubiquitousLanguage"),
                "{}: what the product means stays: {names:?}",
                doc["id"]
            );
            assert!(
                !names.contains(&"meshcanvas.layout"),
                "{}: {names:?}",
                doc["id"]
            );
        }
        // Nor anywhere else: no sticky note, card position or viewport.
        for f in files
            .iter()
            .filter(|f| f.kind == "odps" || f.kind == "odcs")
        {
            for word in ["meshcanvas.layout", "viewport", "\"zoom\"", "zoom:"] {
                assert!(!f.content.contains(word), "{}: {word}", f.path);
            }
        }
    }
}

#[test]
fn the_bundle_holds_each_canvas_as_fmt_writes_it_listed_with_its_hash() {
    let canvases = examples();
    for opts in all_options() {
        let files = manifest::export_files(&canvases, &opts).expect("export");
        let index = files.iter().find(|f| f.kind == "index").expect("index");
        let index = parse_file(index);
        for c in &canvases {
            let path = format!("canvases/{}/{}.canvas.json", c.domain.name, c.product.id);
            let file = files
                .iter()
                .find(|f| f.path == path)
                .unwrap_or_else(|| panic!("{path} is not in the bundle"));
            assert_eq!(file.kind, "canvas");
            assert_eq!(file.content, format::to_canonical_json(c), "{path}");
            let entry = index["products"]
                .as_array()
                .expect("products")
                .iter()
                .find(|p| p["id"] == c.product.id.as_str())
                .expect("listed")["files"]
                .as_array()
                .expect("files")
                .iter()
                .find(|f| f["path"] == path.as_str())
                .unwrap_or_else(|| panic!("{path} is not listed with its product"))
                .clone();
            assert_eq!(entry["kind"], "canvas");
            assert_eq!(entry["sha256"], file.sha256.as_str());
            assert_eq!(
                file.sha256,
                meshcanvas::store::sha256_hex(file.content.as_bytes())
            );
        }
    }
}

#[test]
fn canvas_file_paths_are_sanitised_and_collisions_refused() {
    let files =
        manifest::export_files(&[canvas("../x")], &ExportOptions::default()).expect("export");
    assert!(
        files
            .iter()
            .any(|f| f.path == "canvases/test/_._x.canvas.json"),
        "{:?}",
        files.iter().map(|f| &f.path).collect::<Vec<_>>()
    );
    let err = manifest::export_files(&[canvas("a/b"), canvas("a?b")], &ExportOptions::default())
        .expect_err("collision");
    assert!(
        err.to_string().contains("would both be written to"),
        "{err}"
    );
}

/// The example mesh's bundle, written to `dir/bundle`.
fn written_bundle(dir: &Path, opts: ExportOptions) -> PathBuf {
    let out = dir.join("bundle");
    let files = manifest::export_files(&examples(), &opts).expect("export");
    manifest::write_bundle(&files, &out).expect("write");
    out
}

#[test]
fn a_bundle_folder_imports_back_to_the_exact_canvases_and_its_manifests_alone_lose_the_layout() {
    for opts in all_options() {
        let dir = tempfile::tempdir().expect("tmp");
        let bundle = written_bundle(dir.path(), opts);
        let imported = manifest::import_paths(std::slice::from_ref(&bundle)).expect("import");
        for i in &imported {
            assert!(i.warnings.is_empty(), "{:?}", i.warnings);
            assert_eq!(i.sources.len(), 1);
            assert!(i.sources[0].ends_with(".canvas.json"), "{:?}", i.sources);
        }
        let back: Vec<Canvas> = imported.into_iter().map(|i| i.canvas).collect();
        assert_same(&examples(), &back);

        // Named one by one, the manifests are another tool's documents.
        let alone = manifest::import_paths(&[bundle.join("products"), bundle.join("contracts")])
            .expect("import");
        let alone: Vec<Canvas> = alone.into_iter().map(|i| i.canvas).collect();
        assert_same(&without_layout(&examples()), &alone);
    }
}

#[test]
fn a_canvas_file_edited_after_the_export_is_refused_naming_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let bundle = written_bundle(dir.path(), ExportOptions::default());
    let file = bundle.join("canvases/sales/orders.canvas.json");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("\"zoom\"", "\"zoom\" ")).expect("edit");
    let err = manifest::import_paths(std::slice::from_ref(&bundle)).expect_err("refused");
    let msg = err.to_string();
    assert!(matches!(err, ManifestError::Tampered { .. }), "{msg}");
    assert!(msg.starts_with(&file.display().to_string()), "{msg}");
    assert!(msg.contains("changed after the export"), "{msg}");
    assert!(msg.contains("index.yaml lists"), "{msg}");
    // The way out it names works: the manifests, named, still import.
    assert!(
        msg.contains(&bundle.join("products").display().to_string()),
        "{msg}"
    );
    manifest::import_paths(&[bundle.join("products"), bundle.join("contracts")])
        .expect("the manifests alone import");

    // A canvas file listed but gone is named too.
    std::fs::remove_file(&file).expect("rm");
    let msg = manifest::import_paths(std::slice::from_ref(&bundle))
        .expect_err("refused")
        .to_string();
    assert!(msg.contains(&file.display().to_string()), "{msg}");
    assert!(msg.contains("missing"), "{msg}");
}

#[test]
fn a_manifest_edited_after_the_export_wins_keeping_the_canvas_file_s_layout_with_a_warning() {
    let dir = tempfile::tempdir().expect("tmp");
    let bundle = written_bundle(dir.path(), ExportOptions::default());
    let odps = bundle.join("products/sales/orders.odps.yaml");
    let text = std::fs::read_to_string(&odps).expect("read");
    let original = examples()
        .into_iter()
        .find(|c| c.product.id == "orders")
        .expect("orders");
    let purpose = original.product.purpose.lines().next().expect("a purpose");
    assert!(text.contains(purpose));
    std::fs::write(&odps, text.replacen(purpose, "Edited on the platform.", 1)).expect("edit");

    let imported = manifest::import_paths(std::slice::from_ref(&bundle)).expect("import");
    let orders = imported
        .iter()
        .find(|i| i.canvas.product.id == "orders")
        .expect("orders");
    assert!(
        orders
            .canvas
            .product
            .purpose
            .contains("Edited on the platform."),
        "the manifest's edit is imported"
    );
    assert_eq!(orders.canvas.layout, original.layout, "the board is kept");
    assert_eq!(orders.warnings.len(), 1, "{:?}", orders.warnings);
    let warning = &orders.warnings[0];
    assert!(warning.contains(&odps.display().to_string()), "{warning}");
    assert!(warning.contains("changed after the export"), "{warning}");
    assert!(
        warning.contains("canvases/sales/orders.canvas.json"),
        "{warning}"
    );
    // The others still come from their canvas files, exactly.
    let others: Vec<Canvas> = imported
        .iter()
        .filter(|i| i.canvas.product.id != "orders")
        .map(|i| i.canvas.clone())
        .collect();
    let expected: Vec<Canvas> = examples()
        .into_iter()
        .filter(|c| c.product.id != "orders")
        .collect();
    assert_same(&expected, &others);
}

#[test]
fn a_product_file_from_an_older_bundle_still_gives_its_layout_back() {
    let original = examples().remove(0);
    let files = manifest::export_files(std::slice::from_ref(&original), &ExportOptions::default())
        .expect("export");
    let mut docs: Vec<(String, String)> = files
        .iter()
        .filter(|f| matches!(f.kind.as_str(), "odps" | "odcs"))
        .map(|f| (f.path.clone(), f.content.clone()))
        .collect();
    // As export wrote it before canvas files went into the bundle.
    let (name, text) = docs
        .iter_mut()
        .find(|(n, _)| n.ends_with(".odps.yaml"))
        .expect("odps");
    let mut doc = manifest::yaml::parse(name, text).expect("parses");
    doc["customProperties"]
        .as_array_mut()
        .expect("custom properties")
        .push(serde_json::json!({
            "property": "meshcanvas.layout",
            "value": serde_json::to_value(&original.layout).expect("json"),
        }));
    *text = manifest::yaml::to_yaml(&doc).expect("yaml");
    let back = manifest::import_documents(&docs).expect("import");
    assert_same(std::slice::from_ref(&original), &[back[0].canvas.clone()]);
}

// ------------------------------------------------ input port versions ---

#[test]
fn no_export_of_the_example_mesh_says_unversioned() {
    let mesh = examples();
    for opts in all_options() {
        let mut files = manifest::export_files(&mesh, &opts).expect("export");
        // One product at a time out of the mesh, as the app exports a board.
        for c in &mesh {
            files.extend(
                manifest::export_files_in(std::slice::from_ref(c), &mesh, &opts, None)
                    .expect("export"),
            );
        }
        for f in &files {
            assert!(!f.content.contains("unversioned"), "{}", f.path);
        }
        // Every input port says the version of what it reads, where the
        // ODPS version asks for one.
        for doc in product_documents(&files) {
            for port in doc["inputPorts"].as_array().into_iter().flatten() {
                let v = port["version"].as_str();
                if opts.odps_version == OdpsVersion::V1_0_0 {
                    assert!(v.is_some_and(|v| !v.is_empty()), "{}: {port}", doc["id"]);
                }
            }
        }
    }
}

/// The first input port of `c`'s ODPS document as exported with `odps`
/// out of `mesh`.
fn input_port(c: &Canvas, mesh: &[Canvas], odps: OdpsVersion) -> Result<serde_json::Value, String> {
    let opts = ExportOptions {
        odps_version: odps,
        ..ExportOptions::default()
    };
    let files = manifest::export_files_in(std::slice::from_ref(c), mesh, &opts, None)
        .map_err(|e| e.to_string())?;
    Ok(product_documents(&files)[0]["inputPorts"][0].clone())
}

#[test]
fn an_input_port_s_version_is_its_own_else_its_upstream_s_and_never_a_placeholder() {
    let mut up = canvas("up");
    up.product.version = "3.1.0".to_owned();
    up.output_ports.push(meshcanvas::model::OutputPort {
        id: "out".to_owned(),
        version: "2.4.0".to_owned(),
        ..Default::default()
    });
    let mut down = consuming(canvas("down"), "up", "out");
    down.product.version = "0.9.0".to_owned();
    let mesh = vec![up.clone(), down.clone()];

    // The upstream port's version, from the mesh, in either ODPS version.
    for odps in [OdpsVersion::V1_0_0, OdpsVersion::V1_1_0] {
        assert_eq!(
            input_port(&down, &mesh, odps).expect("export")["version"],
            "2.4.0"
        );
    }
    // Its own, when it names one.
    let mut pinned = down.clone();
    pinned.input_ports[0].version = "2.0.0".to_owned();
    assert_eq!(
        input_port(&pinned, &mesh, OdpsVersion::V1_0_0).expect("export")["version"],
        "2.0.0"
    );
    // Upstream unknown: ODPS v1.1.0 says nothing, v1.0.0 refuses by name.
    let alone = std::slice::from_ref(&down);
    let port = input_port(&down, alone, OdpsVersion::V1_1_0).expect("export");
    assert!(port.get("version").is_none(), "{port}");
    let err = input_port(&down, alone, OdpsVersion::V1_0_0).expect_err("refused");
    assert!(
        err.contains("input port \"from-up\" of \"down\" has no version to write"),
        "{err}"
    );
    assert!(
        err.contains("reads up.out, which is not in the mesh"),
        "{err}"
    );
    assert!(err.contains("ODPS v1.0.0 requires one"), "{err}");
    assert!(err.contains("v1.1.0"), "{err}");
    // Either way, the canvas comes back with no version of its own.
    let opts = ExportOptions {
        odps_version: OdpsVersion::V1_1_0,
        ..ExportOptions::default()
    };
    let back = try_round_trip(alone, opts).expect("round trip");
    assert_same(alone, &back);
}

#[test]
fn an_operational_source_without_a_version_is_the_product_s_own_port() {
    let mut c = canvas("orders");
    c.product.version = "1.2.0".to_owned();
    c.input_ports.push(meshcanvas::model::InputPort {
        id: "oms".to_owned(),
        name: "oms".to_owned(),
        source: InputSource::Operational {
            system: "Order management".to_owned(),
            technology: "Kafka".to_owned(),
        },
        description: String::new(),
        expects: Vec::new(),
        contract_id: None,
        version: String::new(),
    });
    let mesh = std::slice::from_ref(&c);
    assert_eq!(
        input_port(&c, mesh, OdpsVersion::V1_0_0).expect("export")["version"],
        "1.2.0"
    );
    let port = input_port(&c, mesh, OdpsVersion::V1_1_0).expect("export");
    assert!(port.get("version").is_none(), "{port}");
    assert_round_trips(&c);
    // No version anywhere: not `0.0.0`, a refusal naming the port.
    c.product.version.clear();
    let err = input_port(&c, std::slice::from_ref(&c), OdpsVersion::V1_0_0).expect_err("refused");
    assert!(err.contains("input port \"oms\" of \"orders\""), "{err}");
    assert!(
        err.contains("operational system \"Order management\""),
        "{err}"
    );
    assert_round_trips(&c);
}

#[test]
fn a_quality_check_on_a_tables_field_goes_on_that_tables_property() {
    // Two tables with a field of one name: `lines.order_id` names the
    // second table's; a bare name is the first table's that has it.
    let mut c = with_port("qc");
    let id = |name: &str| meshcanvas::model::Field {
        name: name.to_owned(),
        ..Default::default()
    };
    c.output_ports[0].objects = vec![
        meshcanvas::model::SchemaObject::table("orders", vec![id("order_id")]),
        meshcanvas::model::SchemaObject::table("lines", vec![id("order_id"), id("sku")]),
    ];
    for (check, field) in [("lines-ids", "lines.order_id"), ("order-ids", "order_id")] {
        c.observability
            .quality_checks
            .push(meshcanvas::model::QualityCheck {
                id: check.to_owned(),
                name: check.to_owned(),
                port_id: Some("orders".to_owned()),
                field: Some(field.to_owned()),
                dimension: "completeness".to_owned(),
                rule: "null_count(order_id) = 0".to_owned(),
                ..Default::default()
            });
    }
    let contract = meshcanvas::manifest::odcs_export::export(
        &c,
        &c.output_ports[0],
        meshcanvas::wire::OdcsVersion::V3_1_0,
    );
    let rules = |table: usize| -> Vec<String> {
        contract["schema"][table]["properties"][0]["quality"]
            .as_array()
            .into_iter()
            .flatten()
            .map(ToString::to_string)
            .collect()
    };
    assert!(
        rules(1).len() == 1 && rules(1)[0].contains("lines-ids"),
        "{:?}",
        rules(1)
    );
    assert!(
        rules(0).len() == 1 && rules(0)[0].contains("order-ids"),
        "{:?}",
        rules(0)
    );
    assert_round_trips(&c);
}
