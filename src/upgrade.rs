//! Reading older canvas formats: a version-1 document is upgraded to the
//! current format as JSON, before it is read, so every reader (files,
//! workspace revisions, the app's messages) opens it alike. Nothing is
//! rewritten where it lies: a workspace keeps every revision as it was
//! saved, and a file becomes version 2 the next time it is written
//! (`meshcanvas fmt`, a save).
//!
//! Version 2 gives an output port one or more schema objects (tables,
//! views, topics, files), each with its own fields, quality rules and
//! relationships, and the port a price. Version 1 had one implicit table
//! per port (`schema`, `quality`, `location`), with a contract's own
//! object details, or its several objects, kept in the port's extensions:
//! those become objects, and the details they kept move onto the object or
//! field that now has a place for them.

use serde_json::{Map, Value};

use crate::model::{FORMAT_VERSION, SCHEMA_REF};

/// Version 1's port extension holding the only schema object's own keys.
const V1_SCHEMA_OBJECT: &str = "meshcanvas.schemaObject";
/// Version 1's port extension holding a contract's several schema objects.
const V1_SCHEMA_OBJECTS: &str = "meshcanvas.schemaObjects";
/// Version 1's marker for a port description taken from the schema object.
const V1_PURPOSE: &str = "description.purpose";
const UNWRITTEN: &str = crate::manifest::place::UNWRITTEN;

/// Upgrades a canvas document of `version` (older than the current one) in
/// place. What is not shaped as that version expects is left as it is, for
/// the reader to report at its place.
pub fn upgrade(doc: &mut Value, version: u64) {
    if version == 1 {
        v1_to_v2(doc);
    }
}

/// Where a place of a version-1 document is in version 2, when it moved:
/// a port's `schema` became its (first) table's fields, or, for a port
/// that had several schema objects (`several[port]`), each object field a
/// table; its `location` and `quality` are its table's.
fn v2_pointer(v1: &str, several: &[bool]) -> Option<String> {
    let rest = v1.strip_prefix("/outputPorts/")?;
    let (port, rest) = rest.split_once('/').unwrap_or((rest, ""));
    let many = several
        .get(port.parse::<usize>().ok()?)
        .copied()
        .unwrap_or(false);
    let moved = if let Some(fields) = rest.strip_prefix("schema") {
        if many {
            // `/schema/K/fields/...` → `/objects/K/fields/...`.
            let tail = fields.strip_prefix('/')?;
            let (k, after) = tail.split_once('/').unwrap_or((tail, ""));
            match after.strip_prefix("fields") {
                Some(more) => format!("objects/{k}/fields{more}"),
                None if after.is_empty() => format!("objects/{k}"),
                None => format!("objects/{k}/{after}"),
            }
        } else {
            format!("objects/0/fields{fields}")
        }
    } else if rest == "location" {
        "objects/0/physicalName".to_owned()
    } else if let Some(q) = rest.strip_prefix("quality") {
        format!("objects/0/quality{q}")
    } else {
        return None;
    };
    Some(format!("/outputPorts/{port}/{moved}"))
}

/// Where a place of an upgraded version-1 document was in the original:
/// a field of a port's first object was in the port's `schema`.
#[must_use]
pub fn v1_pointer(v2: &str) -> Option<String> {
    let rest = v2.strip_prefix("/outputPorts/")?;
    let (port, rest) = rest.split_once('/')?;
    let rest = rest.strip_prefix("objects/0/fields")?;
    Some(format!("/outputPorts/{port}/schema{rest}"))
}

fn v1_to_v2(doc: &mut Value) {
    let Some(canvas) = doc.as_object_mut() else {
        return;
    };
    let mut several = Vec::new();
    if let Some(Value::Array(ports)) = canvas.get_mut("outputPorts") {
        for port in ports.iter_mut() {
            several.push(
                port.pointer(&format!(
                    "/extensions/{}",
                    V1_SCHEMA_OBJECTS.replace('/', "~1")
                ))
                .is_some(),
            );
            if let Some(port) = port.as_object_mut() {
                port_v1_to_v2(port);
            }
        }
    }
    // A waiver names the place of its finding: the same place, in v2.
    if let Some(Value::Array(waivers)) = canvas.get_mut("waivers") {
        for w in waivers.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(Value::String(p)) = w.get_mut("pointer")
                && let Some(moved) = v2_pointer(p, &several)
            {
                *p = moved;
            }
        }
    }
    canvas.insert("formatVersion".into(), Value::from(FORMAT_VERSION));
    if canvas.get("$schema").and_then(Value::as_str)
        == Some("https://meshcanvas.dev/schemas/canvas-v1.schema.json")
    {
        canvas.insert("$schema".into(), Value::from(SCHEMA_REF));
    }
}

fn port_v1_to_v2(port: &mut Map<String, Value>) {
    let location = take_string(port, "location");
    let schema = take_array(port, "schema");
    let quality = take_array(port, "quality");
    let kind = port
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("table")
        .to_owned();
    let mut ext = match port.remove("extensions") {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let mut objects = Vec::new();
    if let Some(kept) = ext.remove(V1_SCHEMA_OBJECTS) {
        // Several objects: the canvas showed each as an object field; the
        // contract's own copy says the rest.
        let kept = kept.as_array().cloned().unwrap_or_default();
        for (i, field) in schema.into_iter().enumerate() {
            let Value::Object(mut f) = field else {
                continue;
            };
            let mut original = kept
                .get(i)
                .and_then(Value::as_object)
                .filter(|o| o.get("name") == f.get("name"))
                .cloned()
                .unwrap_or_default();
            for key in ["name", "physicalType", "description", "properties"] {
                original.remove(key);
            }
            if original.get("logicalType").and_then(Value::as_str) == Some("object") {
                original.remove("logicalType");
            }
            let mut o = Map::new();
            o.insert("name".into(), f.remove("name").unwrap_or_default());
            o.insert(
                "physicalType".into(),
                f.remove("physicalType").unwrap_or_else(|| "".into()),
            );
            o.insert(
                "description".into(),
                f.remove("description").unwrap_or_else(|| "".into()),
            );
            let mut fields = match f.remove("fields") {
                Some(Value::Array(a)) => a,
                _ => Vec::new(),
            };
            fields_v1_to_v2(&mut fields);
            o.insert("fields".into(), Value::Array(fields));
            object_details(&mut o, original);
            objects.push(Value::Object(o));
        }
    } else {
        let sext = match ext.remove(V1_SCHEMA_OBJECT) {
            Some(Value::Object(m)) => m,
            _ => Map::new(),
        };
        if !(schema.is_empty() && quality.is_empty() && location.is_empty() && sext.is_empty()) {
            objects.push(Value::Object(one_object(
                port, &mut ext, sext, schema, quality, location, &kind,
            )));
        }
    }
    port.insert("objects".into(), Value::Array(objects));
    if let Some(Value::Object(price)) = ext.remove("price") {
        port.insert("pricing".into(), Value::Object(pricing(price)));
    }
    if !ext.is_empty() {
        port.insert("extensions".into(), Value::Object(ext));
    }
}

/// The only schema object of a version-1 port.
fn one_object(
    port: &mut Map<String, Value>,
    ext: &mut Map<String, Value>,
    mut sext: Map<String, Value>,
    mut fields: Vec<Value>,
    quality: Vec<Value>,
    location: String,
    kind: &str,
) -> Map<String, Value> {
    let mut o = Map::new();
    let name = match sext.remove("name") {
        Some(Value::String(n)) => n,
        _ => port
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
    };
    o.insert("name".into(), name.into());
    o.insert("physicalName".into(), location.into());
    let physical_type = match sext.remove("physicalType") {
        Some(Value::String(pt)) => pt,
        Some(other) => {
            // Not a string: kept as written.
            sext.insert("physicalType".into(), other);
            String::new()
        }
        None if is_unwritten(&sext, "physicalType") && kind == "table" => String::new(),
        None => physical_type(kind).to_owned(),
    };
    remove_unwritten(&mut sext, "physicalType");
    o.insert("physicalType".into(), physical_type.into());
    // Version 1 showed a lone object's description as the port's; it is
    // the object's own now.
    let description = match sext.remove("description") {
        Some(Value::String(d)) => d,
        Some(other) => {
            sext.insert("description".into(), other);
            String::new()
        }
        None => String::new(),
    };
    if is_unwritten(ext, V1_PURPOSE) {
        if port.get("description").and_then(Value::as_str) == Some(description.as_str()) {
            port.insert("description".into(), "".into());
        }
        remove_unwritten(ext, V1_PURPOSE);
    }
    o.insert("description".into(), description.into());
    fields_v1_to_v2(&mut fields);
    o.insert("fields".into(), Value::Array(fields));
    if !quality.is_empty() {
        o.insert("quality".into(), Value::Array(quality));
    }
    object_details(&mut o, sext);
    o
}

/// Moves an ODCS schema object's keys that version 2 has a place for into
/// it, and keeps the rest as its extensions.
fn object_details(o: &mut Map<String, Value>, mut rest: Map<String, Value>) {
    if let Some(Value::String(n)) = rest.remove("physicalName") {
        o.insert("physicalName".into(), n.into());
    }
    if let Some(Value::String(b)) = rest.remove("businessName") {
        o.insert("businessName".into(), b.into());
    }
    if let Some(Value::Array(rules)) = rest.remove("quality") {
        let mut all = match o.remove("quality") {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        };
        let known = [
            "name",
            "type",
            "metric",
            "query",
            "description",
            "dimension",
            "severity",
        ];
        all.extend(rules.into_iter().map(|r| odcs_item(r, &known)));
        o.insert("quality".into(), Value::Array(all));
    }
    if let Some(Value::Array(rels)) = rest.remove("relationships") {
        o.insert(
            "relationships".into(),
            Value::Array(
                rels.into_iter()
                    .map(|r| odcs_item(r, &["type", "from", "to"]))
                    .collect(),
            ),
        );
    }
    if !rest.is_empty() {
        o.insert("extensions".into(), Value::Object(rest));
    }
}

/// An ODCS item as a canvas item: `known` keys stay, the rest go into its
/// extensions.
fn odcs_item(v: Value, known: &[&str]) -> Value {
    let Value::Object(m) = v else {
        return v;
    };
    let mut out = Map::new();
    let mut ext = Map::new();
    for (k, v) in m {
        if known.contains(&k.as_str()) {
            out.insert(k, v);
        } else {
            ext.insert(k, v);
        }
    }
    if !ext.is_empty() {
        out.insert("extensions".into(), Value::Object(ext));
    }
    Value::Object(out)
}

fn pricing(mut price: Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (from, to) in [
        ("priceAmount", "amount"),
        ("priceCurrency", "currency"),
        ("priceUnit", "unit"),
    ] {
        let fits = match price.get(from) {
            Some(Value::Number(_)) => to == "amount",
            Some(Value::String(_)) => to != "amount",
            _ => false,
        };
        if fits && let Some(v) = price.remove(from) {
            out.insert(to.into(), v);
        }
    }
    if !price.is_empty() {
        out.insert("extensions".into(), Value::Object(price));
    }
    out
}

/// A field's business name, kept in its extensions by version 1, is its
/// own now; the same for every nested field.
fn fields_v1_to_v2(fields: &mut [Value]) {
    for f in fields.iter_mut().filter_map(Value::as_object_mut) {
        if let Some(Value::Object(ext)) = f.get_mut("extensions")
            && matches!(ext.get("businessName"), Some(Value::String(_)))
        {
            let name = ext.remove("businessName").unwrap_or_default();
            let empty = ext.is_empty();
            if empty {
                f.remove("extensions");
            }
            f.insert("businessName".into(), name);
        }
        if let Some(Value::Array(nested)) = f.get_mut("fields") {
            fields_v1_to_v2(nested);
        }
    }
}

fn physical_type(kind: &str) -> &'static str {
    match kind {
        "view" => "view",
        "file" => "file",
        "api" => "api",
        "stream" => "topic",
        _ => "table",
    }
}

fn take_string(m: &mut Map<String, Value>, key: &str) -> String {
    match m.remove(key) {
        Some(Value::String(s)) => s,
        _ => String::new(),
    }
}

fn take_array(m: &mut Map<String, Value>, key: &str) -> Vec<Value> {
    match m.remove(key) {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    }
}

fn is_unwritten(m: &Map<String, Value>, key: &str) -> bool {
    matches!(m.get(UNWRITTEN), Some(Value::Array(keys)) if keys.iter().any(|k| k == key))
}

fn remove_unwritten(m: &mut Map<String, Value>, key: &str) {
    if let Some(Value::Array(keys)) = m.get_mut(UNWRITTEN) {
        keys.retain(|k| k != key);
        if keys.is_empty() {
            m.remove(UNWRITTEN);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{v1_pointer, v2_pointer};

    #[test]
    fn a_version_1_place_moves_to_its_table() {
        let one = [false, false];
        for (v1, v2) in [
            (
                "/outputPorts/1/schema/2/fields/0/pii",
                Some("/outputPorts/1/objects/0/fields/2/fields/0/pii"),
            ),
            (
                "/outputPorts/0/schema",
                Some("/outputPorts/0/objects/0/fields"),
            ),
            (
                "/outputPorts/0/location",
                Some("/outputPorts/0/objects/0/physicalName"),
            ),
            (
                "/outputPorts/0/quality/1",
                Some("/outputPorts/0/objects/0/quality/1"),
            ),
            ("/outputPorts/0/slos/0", None),
            ("/product/purpose", None),
        ] {
            assert_eq!(v2_pointer(v1, &one).as_deref(), v2, "{v1}");
        }
        let several = [true];
        assert_eq!(
            v2_pointer("/outputPorts/0/schema/1/fields/3", &several).as_deref(),
            Some("/outputPorts/0/objects/1/fields/3")
        );
        assert_eq!(
            v2_pointer("/outputPorts/0/schema/1", &several).as_deref(),
            Some("/outputPorts/0/objects/1")
        );
        assert_eq!(
            v1_pointer("/outputPorts/3/objects/0/fields/1/pii").as_deref(),
            Some("/outputPorts/3/schema/1/pii")
        );
        assert_eq!(v1_pointer("/outputPorts/3/objects/1/fields/1"), None);
    }
}
