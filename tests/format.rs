//! Reading and writing `*.canvas.json` through the library API: canonical
//! output, and a clear error naming the file and the place for every kind of
//! bad input, never a panic.

use std::path::{Path, PathBuf};

use meshcanvas::format::{self, ParseErrorKind};
use meshcanvas::model::Canvas;

use crate::util;

fn minimal_text() -> String {
    std::fs::read_to_string(util::fixture("canvas/minimal.canvas.json")).expect("minimal fixture")
}

fn minimal() -> Canvas {
    format::parse_canvas_str(Path::new("minimal.canvas.json"), &minimal_text()).expect("parses")
}

fn parse(text: &str) -> Result<Canvas, format::ParseError> {
    format::parse_canvas_str(Path::new("t.canvas.json"), text)
}

/// A canvas document with one field replaced, as JSON text.
fn with(pointer: &str, value: serde_json::Value) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(&minimal_text()).expect("json");
    *doc.pointer_mut(pointer).expect("pointer exists") = value;
    serde_json::to_string_pretty(&doc).expect("serialize")
}

#[test]
fn canonical_text_round_trips_byte_for_byte() {
    let text = minimal_text();
    let canvas = minimal();
    assert_eq!(format::to_canonical_json(&canvas), text);
}

#[test]
fn writing_is_deterministic_and_atomic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.canvas.json");
    let canvas = minimal();
    format::write_canvas_file(&path, &canvas).expect("write");
    let first = std::fs::read(&path).expect("read");
    format::write_canvas_file(&path, &canvas).expect("write again");
    assert_eq!(std::fs::read(&path).expect("read"), first);
    // No temporary files are left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("e").file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("a.canvas.json")]);
}

#[test]
fn minimal_hand_written_canvas_gets_defaults() {
    let text = r#"{"$schema": "x", "formatVersion": 1,
        "domain": {"name": "sales"}, "product": {"id": "orders", "name": "Orders"}}"#;
    let canvas = parse(text).expect("minimal document parses");
    assert_eq!(canvas.product.id, "orders");
    assert!(canvas.output_ports.is_empty());
    assert!((canvas.layout.viewport.zoom - 1.0).abs() < f64::EPSILON);
}

#[test]
fn extensions_round_trip_untouched() {
    let ext = serde_json::json!({"acme": {"costCentre": "CC-1234", "nested": [1, 2.5, null, {"z": true, "a": "b"}]}});
    let canvas = parse(&with("/extensions", ext.clone())).expect("parses");
    assert_eq!(
        serde_json::to_value(&canvas.extensions).expect("value"),
        ext
    );
    let again = parse(&format::to_canonical_json(&canvas)).expect("reparses");
    assert_eq!(again, canvas);
}

#[test]
fn malformed_json_names_line_and_column() {
    let text =
        "{\n  \"$schema\": \"x\",\n  \"formatVersion\": 1,\n  \"domain\": {\"name\": \"a\",}\n}";
    let err = parse(text).expect_err("malformed");
    assert_eq!(err.kind, ParseErrorKind::Syntax);
    assert_eq!(err.location.line, Some(4));
    assert!(err.location.column.is_some());
    let shown = err.to_string();
    assert!(shown.starts_with("t.canvas.json:4:"), "{shown}");
}

#[test]
fn truncated_file_says_it_ends_too_early() {
    let text = minimal_text();
    let err = parse(&text[..text.len() / 2]).expect_err("truncated");
    assert_eq!(err.kind, ParseErrorKind::Syntax);
    assert!(err.message.contains("ends too early"), "{err}");
}

#[test]
fn trailing_garbage_is_a_syntax_error() {
    let err = parse(&format!("{}\n{{}}", minimal_text())).expect_err("trailing");
    assert_eq!(err.kind, ParseErrorKind::Syntax);
    assert!(err.message.contains("trailing"), "{err}");
}

#[test]
fn wrong_type_names_the_pointer() {
    let port = serde_json::json!([{
        "id": "orders", "name": "Orders", "kind": "table",
        "slos": [{"dimension": "freshness", "target": "one hour", "unit": "hours"}]
    }]);
    let err = parse(&with("/outputPorts", port)).expect_err("wrong type");
    assert_eq!(err.kind, ParseErrorKind::Model);
    assert_eq!(
        err.location.pointer.as_deref(),
        Some("/outputPorts/0/slos/0/target")
    );
    assert!(err.message.contains("invalid type: string"), "{err}");
    assert!(
        err.location.line.is_some(),
        "model errors also carry line:column"
    );
}

#[test]
fn unknown_field_is_named() {
    let mut doc: serde_json::Value = serde_json::from_str(&minimal_text()).expect("json");
    doc["product"]["colour"] = serde_json::json!("blue");
    let err = parse(&doc.to_string()).expect_err("unknown field");
    assert_eq!(err.kind, ParseErrorKind::Model);
    assert!(err.message.contains("unknown field `colour`"), "{err}");
    assert_eq!(err.location.pointer.as_deref(), Some("/product/colour"));
}

#[test]
fn unknown_enum_value_lists_the_choices() {
    let err = parse(&with("/product/status", serde_json::json!("live"))).expect_err("bad enum");
    assert_eq!(err.location.pointer.as_deref(), Some("/product/status"));
    assert!(err.message.contains("unknown variant `live`"), "{err}");
    assert!(err.message.contains("active"), "{err}");
}

#[test]
fn newer_format_version_is_refused_by_name() {
    let mut doc: serde_json::Value = serde_json::from_str(&minimal_text()).expect("json");
    doc["formatVersion"] = serde_json::json!(3);
    let err = parse(&doc.to_string()).expect_err("newer");
    assert_eq!(err.kind, ParseErrorKind::NewerFormat);
    // A newer file usually also has fields this build does not know.
    doc["somethingNew"] = serde_json::json!({"a": 1});
    let err = parse(&doc.to_string()).expect_err("newer with new fields");
    assert_eq!(err.kind, ParseErrorKind::NewerFormat);
    assert!(err.message.contains("newer"), "{err}");
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    let depth = 10_000;
    let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let text = minimal_text().replace(
        r#""extensions": {}"#,
        &format!(r#""extensions": {{"deep": {deep}}}"#),
    );
    let err = parse(&text).expect_err("too deep");
    assert_eq!(err.kind, ParseErrorKind::Syntax);
    assert!(err.message.contains("recursion limit"), "{err}");
    assert!(err.location.line.is_some());
    // A bare deep array is not a canvas at all.
    let err = parse(&deep).expect_err("not a canvas");
    assert_eq!(err.location.pointer.as_deref(), Some(""));
    assert!(err.message.contains("found an array"), "{err}");
    // Deep nesting inside a valid canvas position, through nested fields.
    let mut fields = serde_json::json!([]);
    for i in 0..10_000 {
        fields = serde_json::json!([{"name": format!("f{i}"), "logicalType": "object", "fields": fields}]);
        if i > 200 {
            break; // serde_json's own writer would recurse too; 200 is plenty past the limit
        }
    }
    let port = serde_json::json!([{"id": "p", "name": "P", "kind": "table", "objects": [{"name": "p", "fields": fields}]}]);
    let err = parse(&with("/outputPorts", port)).expect_err("nesting past the limit");
    assert!(err.message.contains("recursion limit"), "{err}");
}

#[test]
fn invalid_utf8_names_the_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("latin1.canvas.json");
    let mut bytes = minimal_text().into_bytes();
    let at = bytes
        .windows(7)
        .position(|w| w == b"Minimal")
        .expect("name");
    bytes[at + 1] = 0xE9; // 'é' in Latin-1
    std::fs::write(&path, &bytes).expect("write");
    let err = format::read_canvas_file(&path).expect_err("latin-1");
    assert_eq!(err.kind, ParseErrorKind::Encoding);
    assert_eq!(err.file, path);
    assert!(err.location.line.is_some_and(|l| l > 1));
}

#[test]
fn a_50_mb_file_is_refused_without_reading_it_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.canvas.json");
    let f = std::fs::File::create(&path).expect("create");
    f.set_len(50 * 1024 * 1024).expect("sparse 50 MB");
    let err = format::read_canvas_file(&path).expect_err("too large");
    assert_eq!(err.kind, ParseErrorKind::TooLarge);
    assert!(err.message.contains("50.0 MiB"), "{err}");
}

#[test]
fn missing_path_names_the_file() {
    let path = PathBuf::from("/nonexistent/dir/x.canvas.json");
    let err = format::read_canvas_file(&path).expect_err("missing");
    assert_eq!(err.kind, ParseErrorKind::Io);
    assert!(
        err.to_string()
            .contains("/nonexistent/dir/x.canvas.json: no such file"),
        "{err}"
    );
}

#[test]
fn a_folder_of_10000_files_loads_every_canvas_and_reports_every_bad_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let template = minimal();
    for i in 0..10_000 {
        let sub = dir.path().join(format!("d{}", i % 10));
        std::fs::create_dir_all(&sub).expect("mkdir");
        let mut c = template.clone();
        c.product.id = format!("p{i}");
        let text = if i % 1000 == 7 {
            "{ broken".to_owned()
        } else {
            format::to_canonical_json(&c)
        };
        std::fs::write(sub.join(format!("p{i}.canvas.json")), text).expect("write");
    }
    // Files that are not canvases are ignored.
    std::fs::write(dir.path().join("notes.txt"), "hello").expect("write");
    let report = format::load_paths(&[dir.path().to_path_buf()]);
    assert_eq!(report.canvases.len(), 9_990);
    assert_eq!(report.errors.len(), 10);
    assert!(
        report
            .errors
            .iter()
            .all(|e| e.kind == ParseErrorKind::Syntax)
    );
}
