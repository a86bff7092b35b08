//! Compiling mesh checks: the built-in rule named, with its parameters,
//! which may only be ones the rule reads.

use serde::Deserialize;
use serde_json::Value;

use super::CheckError;
use crate::standards::mesh_rules::{MeshBuiltin, MeshParams, MeshRule};

/// Compiles a mesh check: `builtin` with `parameters` (none given reads as
/// an empty object).
pub(super) fn compile(
    builtin: MeshBuiltin,
    parameters: Option<Value>,
) -> Result<MeshRule, CheckError> {
    let params_value = parameters.unwrap_or_else(|| Value::Object(serde_json::Map::default()));
    if let Some(obj) = params_value.as_object() {
        let accepted = builtin.accepted_params();
        let unknown: Vec<&String> = obj
            .keys()
            .filter(|k| !accepted.contains(&k.as_str()))
            .collect();
        if !unknown.is_empty() {
            return Err(CheckError::new(
                "/parameters",
                format!(
                    "this mesh rule does not read parameter(s) {}; it reads: {}",
                    unknown
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if accepted.is_empty() {
                        "none".to_owned()
                    } else {
                        accepted.join(", ")
                    }
                ),
            ));
        }
    }
    match MeshParams::deserialize(&params_value) {
        Ok(params) => Ok(MeshRule { builtin, params }),
        Err(e) => Err(CheckError::new("/parameters", e.to_string())),
    }
}
