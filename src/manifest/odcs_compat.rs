//! What ODCS v3.2.0 says that v3.1.0 cannot: the contract's and a schema
//! object's `context`, `synonyms` of objects and properties, and a
//! property's `enum` values, `semanticType` and `map` logical type (with its
//! `map` key and value types).
//!
//! Written as v3.1.0, an element keeps its v3.2.0 parts in a
//! `meshcanvas.v3.2` custom property (a `map` property's logical type
//! written as `object`), so the v3.1.0 contract validates and reading it
//! back restores the element exactly as v3.2.0 wrote it.

use serde_json::{Map, Value};

use super::custom::PREFIX;

/// The custom property the v3.2.0 parts of an element travel in.
fn holder() -> String {
    format!("{PREFIX}v3.2")
}

/// Where in a contract an element is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Contract,
    Object,
    Property,
}

/// The keys of an element at `level` that only v3.2.0 has.
fn v3_2_only(level: Level) -> &'static [&'static str] {
    match level {
        Level::Contract => &["context"],
        Level::Object => &["context", "synonyms"],
        Level::Property => &["enum", "map", "semanticType", "synonyms"],
    }
}

/// Calls `f` on the contract, every schema object and every schema
/// property, nested ones included.
fn each(doc: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>, Level)) {
    fn props(list: Option<&mut Value>, f: &mut dyn FnMut(&mut Map<String, Value>, Level)) {
        let Some(Value::Array(list)) = list else {
            return;
        };
        for p in list {
            if let Value::Object(m) = p {
                f(m, Level::Property);
                props(m.get_mut("properties"), f);
                if let Some(Value::Object(items)) = m.get_mut("items") {
                    props(items.get_mut("properties"), f);
                }
            }
        }
    }
    let Value::Object(top) = doc else {
        return;
    };
    f(top, Level::Contract);
    if let Some(Value::Array(objects)) = top.get_mut("schema") {
        for o in objects {
            if let Value::Object(m) = o {
                f(m, Level::Object);
                props(m.get_mut("properties"), f);
            }
        }
    }
}

/// Gives every property a `logicalType`, as v3.2.0 requires: its schema
/// asks a property whose type is not written for a `map` (its rule for
/// `logicalType: map` holds when the type is missing). The type written
/// is the one a reader infers: `object` with properties, `array` with
/// items, else `string`.
pub fn to_v3_2(doc: &mut Value) {
    each(doc, &mut |p, level| {
        if level != Level::Property || p.contains_key("logicalType") {
            return;
        }
        let inferred = if p.contains_key("properties") {
            "object"
        } else if p.contains_key("items") {
            "array"
        } else {
            "string"
        };
        p.insert("logicalType".to_owned(), inferred.into());
    });
}

/// Moves the v3.2.0-only parts of every element into a custom property.
pub fn to_v3_1(doc: &mut Value) {
    each(doc, &mut |p, level| {
        let mut held = Map::new();
        for key in v3_2_only(level) {
            if let Some(v) = p.remove(*key) {
                held.insert((*key).to_owned(), v);
            }
        }
        if level == Level::Property && p.get("logicalType").and_then(Value::as_str) == Some("map") {
            held.insert("logicalType".to_owned(), "map".into());
            p.insert("logicalType".to_owned(), "object".into());
        }
        if held.is_empty() {
            return;
        }
        let entry = serde_json::json!({ "property": holder(), "value": Value::Object(held) });
        match p.get_mut("customProperties") {
            Some(Value::Array(list)) => list.push(entry),
            _ => {
                p.insert("customProperties".to_owned(), Value::Array(vec![entry]));
            }
        }
    });
}

fn held_index(p: &Map<String, Value>) -> Option<usize> {
    let holder = holder();
    p.get("customProperties")?
        .as_array()?
        .iter()
        .position(|c| c.get("property").and_then(Value::as_str) == Some(holder.as_str()))
}

/// Whether any element of `doc` holds v3.2.0 parts written by [`to_v3_1`].
#[must_use]
pub fn holds_v3_2(doc: &Value) -> bool {
    fn any(list: Option<&Value>) -> bool {
        list.and_then(Value::as_array).is_some_and(|list| {
            list.iter().filter_map(Value::as_object).any(|m| {
                held_index(m).is_some()
                    || any(m.get("properties"))
                    || any(m.get("items").and_then(|i| i.get("properties")))
            })
        })
    }
    doc.as_object().is_some_and(|m| held_index(m).is_some()) || any(doc.get("schema"))
}

/// Puts the parts [`to_v3_1`] moved back where v3.2.0 writes them.
pub fn from_v3_1(doc: &mut Value) {
    each(doc, &mut |p, _| {
        let Some(i) = held_index(p) else {
            return;
        };
        let Some(Value::Array(list)) = p.get_mut("customProperties") else {
            return;
        };
        let entry = list.remove(i);
        if list.is_empty() {
            p.remove("customProperties");
        }
        if let Some(Value::Object(held)) = entry.get("value") {
            for (k, v) in held {
                p.insert(k.clone(), v.clone());
            }
        }
    });
}
