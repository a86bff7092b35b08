//! Compiling schema checks: the selector (and `repeat` selector) parsed and
//! checked against the canvas format's JSON Schema, so one that can never
//! match is a load error, and the schema fragment compiled once.

use serde_json::Value;

use super::CheckError;
use crate::standards::schema_rule::{SchemaRule, Selector, resolve_in_schema};

/// Compiles a schema check; `canvas_schema` is the canvas format's JSON
/// Schema, which the selectors must match.
pub(super) fn compile(
    canvas_schema: &Value,
    selector: &str,
    repeat: Option<&str>,
    schema: &Value,
    message: String,
) -> Result<SchemaRule, CheckError> {
    let sel = Selector::parse(selector).map_err(|m| CheckError::new("/selector", m))?;
    let node = resolve_in_schema(canvas_schema, canvas_schema, &sel, selector)
        .map_err(|m| CheckError::new("/selector", m))?;
    let repeat = match repeat {
        None => None,
        Some(r) => {
            let rs = Selector::parse(r)
                .and_then(|rs| resolve_in_schema(canvas_schema, node, &rs, r).map(|_| rs))
                .map_err(|m| CheckError::new("/repeat", m))?;
            Some(rs)
        }
    };
    let validator = jsonschema::validator_for(schema).map_err(|e| {
        CheckError::new(
            format!("/schema{}", e.schema_path().as_str()),
            format!("the schema fragment does not compile: {}", e.masked()),
        )
    })?;
    Ok(SchemaRule {
        selector: sel,
        repeat,
        validator,
        message,
    })
}
