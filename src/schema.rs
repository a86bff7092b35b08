//! The JSON Schema of the canvas file format, generated from the model types
//! so that schema and parser cannot drift apart. The committed copy is
//! `canvas-schemas/canvas-v2.schema.json`; a test fails when it is stale and
//! `make schemas` rewrites it.

use crate::model::{Canvas, SCHEMA_REF};

/// Where the canvas schema lives, relative to the repository root.
pub const CANVAS_SCHEMA_PATH: &str = "canvas-schemas/canvas-v2.schema.json";

/// The canvas JSON Schema as a JSON value.
#[must_use]
pub fn canvas_schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(Canvas)).unwrap_or_default();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("$id".to_owned(), SCHEMA_REF.into());
    }
    schema
}

/// The canonical text of the canvas schema, as committed.
#[must_use]
pub fn canvas_schema_text() -> String {
    let mut s = serde_json::to_string_pretty(&canvas_schema()).unwrap_or_default();
    s.push('\n');
    s
}
