//! Every number is kept exactly as written, through every path a canvas
//! takes: the file (`fmt`), the workspace, the manifests (export, then
//! import, in YAML and JSON) and the app's saves (the webview holds numbers
//! as doubles). The format promises extensions untouched; a number that
//! comes back as `1.2345678901234568e+29` is data changed.

use meshcanvas::model::{Canvas, OutputPort};
use meshcanvas::studio::Studio;

use crate::util;

/// Numbers a double cannot hold as written, with the text they must keep.
const WRITTEN: &[(&str, &str)] = &[
    ("big", "123456789012345678901234567890"),
    ("negative", "-98765432109876543210987654321"),
    ("precise", "0.1000000000000000055511151231257827"),
    ("trailingZero", "1.50"),
    ("exponent", "2.50e+3"),
    ("huge", "1234567890123456789012345678901234567890123456789"),
    ("negativeZero", "-0"),
];

fn extensions_text() -> String {
    let fields: Vec<String> = WRITTEN
        .iter()
        .map(|(k, v)| format!("\"{k}\": {v}"))
        .collect();
    format!(
        "{{\"acme\": {{{}, \"count\": 1.5, \"list\": [{}]}}}}",
        fields.join(", "),
        WRITTEN[0].1
    )
}

/// A canvas with the numbers in its own extensions and in an output port's.
fn canvas() -> Canvas {
    let extensions: std::collections::BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&extensions_text()).expect("extensions parse");
    let mut c = Canvas::skeleton("orders", "Orders", "sales");
    c.extensions.clone_from(&extensions);
    c.output_ports.push(OutputPort {
        id: "orders-v1".to_owned(),
        name: "orders-v1".to_owned(),
        objects: vec![meshcanvas::model::SchemaObject::table(
            "t",
            vec![meshcanvas::model::Field {
                name: "order_id".to_owned(),
                ..Default::default()
            }],
        )],
        extensions,
        ..Default::default()
    });
    c
}

/// Asserts that `text` writes each number as written, at both places.
fn assert_written(text: &str, what: &str) {
    for (key, number) in WRITTEN {
        let found = text.matches(&format!("\"{key}\": {number}")).count();
        assert_eq!(
            found, 2,
            "{what}: {key} is not written as {number}:\n{text}"
        );
    }
}

#[test]
fn fmt_keeps_every_number_as_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("orders.canvas.json");
    // Compact, so that fmt has something to rewrite.
    let compact: serde_json::Value =
        serde_json::from_str(&meshcanvas::format::to_canonical_json(&canvas())).expect("json");
    std::fs::write(&file, serde_json::to_string(&compact).expect("json")).expect("write");
    util::meshcanvas().arg("fmt").arg(&file).assert().success();
    assert_written(&std::fs::read_to_string(&file).expect("read"), "fmt");
}

fn export_and_import(format: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let canvases = dir.path().join("canvases");
    std::fs::create_dir(&canvases).expect("mkdir");
    meshcanvas::format::write_canvas_file(&canvases.join("orders.canvas.json"), &canvas())
        .expect("write");
    let bundle = dir.path().join("bundle");
    util::meshcanvas()
        .arg("export")
        .arg(&canvases)
        .args(["--allow-findings", "--format", format, "--out"])
        .arg(&bundle)
        .assert()
        .success();
    let back = dir.path().join("back");
    util::meshcanvas()
        .arg("import")
        .arg(&bundle)
        .arg("--out")
        .arg(&back)
        .assert()
        .success();
    let text = std::fs::read_to_string(back.join("orders.canvas.json")).expect("imported");
    assert_written(&text, &format!("export and import as {format}"));
}

#[test]
fn export_and_import_as_yaml_keep_every_number_as_written() {
    export_and_import("yaml");
}

#[test]
fn export_and_import_as_json_keep_every_number_as_written() {
    export_and_import("json");
}

/// What the webview sends back: each number read as a JavaScript double,
/// and written as `JSON.stringify` writes it (an integral double below
/// 2^53 without a fraction).
fn as_the_webview_holds_it(c: &Canvas) -> Canvas {
    fn round(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Number(n) => {
                let double = n.as_f64().expect("finite");
                #[allow(clippy::cast_possible_truncation)]
                let integral = (double.fract() == 0.0 && double.abs() < 9_007_199_254_740_992.0)
                    .then(|| serde_json::Number::from(double as i64));
                *n = integral
                    .unwrap_or_else(|| serde_json::Number::from_f64(double).expect("finite"));
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(round),
            serde_json::Value::Object(o) => o.values_mut().for_each(round),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(c).expect("value");
    round(&mut v);
    serde_json::from_value(v).expect("canvas")
}

#[test]
fn the_app_saving_what_the_webview_rounded_keeps_the_stored_numbers() {
    let dir = tempfile::tempdir().expect("tempdir");
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(async {
            let standards = meshcanvas::standards::Standards::load(&util::repo_path(
                meshcanvas::standards::STANDARDS_REL_DIR,
            ))
            .expect("standards");
            let studio = Studio::new(standards, None, "tester");
            studio.workspace_create(dir.path()).await.expect("create");
            let created = studio.canvas_create(canvas()).await.expect("create canvas");
            let loaded = studio.canvas_load("orders").await.expect("load");
            assert_written(
                &meshcanvas::format::to_canonical_json(&loaded.canvas),
                "the workspace",
            );

            // The webview edits the purpose; every number comes back rounded.
            let mut edited = as_the_webview_holds_it(&loaded.canvas);
            assert_ne!(edited.extensions, loaded.canvas.extensions, "rounded");
            edited.product.purpose = "Every order, as placed.".to_owned();
            // A number the user changed is saved as changed.
            edited.output_ports[0]
                .extensions
                .get_mut("acme")
                .expect("acme")["count"] = serde_json::json!(2.5);
            let saved = studio
                .canvas_save(edited, created.revision, "edit")
                .await
                .expect("save");
            let again = studio.canvas_load("orders").await.expect("load");
            assert_eq!(again, saved);
            assert_eq!(again.canvas.product.purpose, "Every order, as placed.");
            let text = meshcanvas::format::to_canonical_json(&again.canvas);
            assert_written(&text, "a save from the app");
            assert_eq!(text.matches("\"count\": 2.5").count(), 1, "{text}");
            assert_eq!(text.matches("\"count\": 1.5").count(), 1, "{text}");
        });
}
