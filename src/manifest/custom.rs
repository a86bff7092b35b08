//! `customProperties`: where the canvas keeps what the standards have no
//! field for.
//!
//! Every name Mesh Canvas writes starts with [`PREFIX`] and is stable: a
//! platform may read them, and the importer reads them back so that canvas →
//! manifests → canvas gives the same canvas. Custom properties of other
//! tools are never interpreted; the importer keeps them in `extensions`.

use serde::Serialize;
use serde_json::Value;

/// The prefix of every custom property Mesh Canvas writes.
pub const PREFIX: &str = "meshcanvas.";

/// Marks a document written by Mesh Canvas (value: the canvas format
/// version); ids in such documents follow Mesh Canvas's conventions.
pub const FORMAT_VERSION: &str = "meshcanvas.formatVersion";

/// One `{property, value}` pair, as both standards define it.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct CustomProperty {
    pub property: String,
    pub value: Value,
}

/// An ordered list of custom properties under construction.
#[derive(Debug, Default)]
pub struct CustomProps(Vec<CustomProperty>);

impl CustomProps {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `meshcanvas.<name>` unless the value is empty (`null`, `""`,
    /// `[]`, `{}` or `false`): an absent property reads back as the empty
    /// value, so leaving it out loses nothing and keeps manifests short.
    pub fn put<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let value = serde_json::to_value(value).unwrap_or(Value::Null);
        if !is_empty(&value) {
            self.put_value(name, value);
        }
    }

    /// Adds `meshcanvas.<name>` whatever its value.
    pub fn put_value(&mut self, name: &str, value: Value) {
        self.0.push(CustomProperty {
            property: format!("{PREFIX}{name}"),
            value,
        });
    }

    pub fn into_vec(self) -> Vec<CustomProperty> {
        self.0
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Number(_) => false,
    }
}
