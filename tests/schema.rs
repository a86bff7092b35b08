//! The JSON Schema in `canvas-schemas/` agrees exactly with the Rust parser:
//! it is generated from the model, every example passes both, and every
//! broken document fails both.

use std::path::{Path, PathBuf};

use meshcanvas::schema::{CANVAS_SCHEMA_PATH, canvas_schema, canvas_schema_text};

use crate::util;

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&canvas_schema()).expect("the canvas schema compiles")
}

fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("read");
    serde_json::from_str(&text).expect("fixture is JSON")
}

#[test]
fn committed_schema_is_up_to_date() {
    let path = util::repo_path(CANVAS_SCHEMA_PATH);
    let generated = canvas_schema_text();
    if util::update_mode() {
        std::fs::write(&path, &generated).expect("write schema");
        return;
    }
    let committed = std::fs::read_to_string(&path).expect("read committed schema");
    util::assert_generated(
        &committed,
        &generated,
        CANVAS_SCHEMA_PATH,
        "run `make schemas`",
    );
}

#[test]
fn committed_schema_is_a_valid_json_schema() {
    let committed = read_json(&util::repo_path(CANVAS_SCHEMA_PATH));
    jsonschema::validator_for(&committed).expect("committed schema compiles");
    assert_eq!(committed["$id"], meshcanvas::model::SCHEMA_REF);
}

#[test]
fn every_example_passes_schema_and_parser() {
    let v = validator();
    let examples = util::example_canvases();
    assert!(
        examples.len() >= 8,
        "expected the example mesh, found {}",
        examples.len()
    );
    let mut more = examples.clone();
    more.push(util::fixture("canvas/minimal.canvas.json"));
    for path in &more {
        let doc = read_json(path);
        let errors: Vec<String> = v
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{}: schema rejects: {errors:#?}",
            path.display()
        );
        meshcanvas::format::read_canvas_file(path)
            .unwrap_or_else(|e| panic!("parser rejects: {e}"));
    }
}

fn broken_documents() -> Vec<PathBuf> {
    let dir = util::fixture("canvas/broken");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("broken fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_broken_document_fails_schema_and_parser() {
    let v = validator();
    let broken = broken_documents();
    assert!(
        broken.len() >= 12,
        "expected a set of broken documents, found {}",
        broken.len()
    );
    for path in &broken {
        let doc = read_json(path);
        assert!(
            !v.is_valid(&doc),
            "{}: the schema accepts a broken document",
            path.display()
        );
        let err = meshcanvas::format::read_canvas_file(path).expect_err(&format!(
            "{}: the parser accepts a broken document",
            path.display()
        ));
        assert!(
            err.location.pointer.is_some(),
            "{}: no pointer in {err}",
            path.display()
        );
    }
}

/// Each broken document says, in its name, the pointer the parser must
/// report: `wrong-kind@outputPorts~1~0~1kind.json` → `/outputPorts/0/kind`.
#[test]
fn broken_documents_are_reported_at_the_right_place() {
    for path in broken_documents() {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name");
        let Some((_, encoded)) = stem.split_once('@') else {
            continue;
        };
        let want = encoded.replace("~1", "/");
        let err = meshcanvas::format::read_canvas_file(&path).expect_err("broken");
        assert_eq!(
            err.location.pointer.as_deref(),
            Some(want.as_str()),
            "{}: {err}",
            path.display()
        );
    }
}
