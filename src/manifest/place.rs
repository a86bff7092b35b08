//! Keeping a document's own words in place.
//!
//! An imported contract or product is written back as it was read: what
//! the canvas has no field for is kept in the `extensions` of the canvas
//! item it belongs to (a port, a field, an SLO, a server, a quality rule, a
//! role), under its own key, and export puts it back there. A few
//! bookkeeping entries, all named `meshcanvas.*` so they can never be taken
//! for a key of the standards, say what the canvas shows but the document
//! did not write ([`UNWRITTEN`]) and where items without a canvas field of
//! their own sat ([`OTHER_SLAS`]).

use std::collections::BTreeMap;

use serde_json::Value;

/// The keys the canvas shows a value for that the document did not write
/// (a name taken from the id, a unit taken from the dimension): export
/// leaves them out while the canvas still shows what import made of their
/// absence.
pub const UNWRITTEN: &str = "meshcanvas.unwritten";

/// SLA properties that are not SLOs the canvas knows, with their position
/// among the contract's SLA properties.
pub const OTHER_SLAS: &str = "meshcanvas.slaProperties";

/// An array property's `items` object's own keys, when its elements are
/// objects (their properties are the field's nested fields).
pub const ITEMS: &str = "meshcanvas.items";

/// Notes that the document did not write `key`.
pub fn unwritten(place: &mut BTreeMap<String, Value>, key: &str) {
    let entry = place
        .entry(UNWRITTEN.to_owned())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(keys) = entry
        && !keys.iter().any(|k| k == key)
    {
        keys.push(Value::String(key.to_owned()));
    }
}

/// Whether the document did not write `key`.
#[must_use]
pub fn is_unwritten(place: &BTreeMap<String, Value>, key: &str) -> bool {
    matches!(place.get(UNWRITTEN), Some(Value::Array(keys)) if keys.iter().any(|k| k == key))
}

/// The document's own keys of `place`: everything but the bookkeeping.
pub fn own_keys(place: &BTreeMap<String, Value>) -> impl Iterator<Item = (&String, &Value)> {
    place
        .iter()
        .filter(|(k, _)| !k.starts_with(super::custom::PREFIX))
}
