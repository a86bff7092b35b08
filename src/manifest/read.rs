//! A reader over parsed manifest documents that never drops anything in
//! silence.
//!
//! Importers read the keys they understand through [`Obj`]; whatever is
//! left when an object is finished goes into the canvas's `extensions`
//! under `<source>#<JSON pointer>` and is reported by that name. Type errors
//! name the file, the line and column (found from the pointer in the text)
//! and the field.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::ManifestError;
use super::custom::PREFIX;
use crate::format::escape_pointer_token;

/// One document being read.
#[derive(Debug)]
pub struct Source<'t> {
    /// The file name (or the name the app gave an in-memory document).
    pub file: String,
    pub text: &'t str,
}

/// Collects what an import could not place.
#[derive(Debug, Default)]
pub struct Sink {
    pub extensions: BTreeMap<String, Value>,
    pub kept: Vec<String>,
    pub warnings: Vec<String>,
    /// The canvas's quality checks found among a contract's rules.
    pub quality_checks: Vec<crate::model::QualityCheck>,
    /// Whether each item read in place records where it came from (see
    /// [`super::origin`]): set by `meshcanvas check`, never by an import
    /// whose canvas is kept.
    pub record_origins: bool,
}

/// Reads one document: its source, the tag its extensions are kept under
/// (`odps`, `odcs`, `odcs:<contract id>`) and where leftovers go.
#[derive(Debug)]
pub struct Reader<'a, 't> {
    pub src: &'a Source<'t>,
    pub tag: String,
    pub sink: &'a mut Sink,
}

impl Reader<'_, '_> {
    /// An error at `pointer`, with line and column when they can be found.
    pub fn invalid(&self, pointer: &str, message: impl Into<String>) -> ManifestError {
        let (line, column) = locate(self.src.text, pointer).unzip();
        ManifestError::Invalid {
            file: self.src.file.clone(),
            line,
            column,
            pointer: pointer.to_owned(),
            message: message.into(),
        }
    }

    /// Keeps a value that has no place in the canvas.
    pub fn keep(&mut self, pointer: &str, value: &Value) {
        let name = format!("{}#{pointer}", self.tag);
        self.sink.kept.push(name.clone());
        self.sink.extensions.insert(name, value.clone());
    }

    /// Keeps a value that has no field on the canvas in `place`, the
    /// extensions of the canvas item it belongs to, under its own key, so
    /// export writes it back where it was.
    pub fn keep_in(
        &mut self,
        place: &mut BTreeMap<String, Value>,
        pointer: &str,
        key: &str,
        value: &Value,
    ) {
        self.sink.kept.push(format!("{}#{pointer}", self.tag));
        place.insert(key.to_owned(), value.clone());
    }

    pub fn warn(&mut self, pointer: &str, message: impl std::fmt::Display) {
        let at = match locate(self.src.text, pointer) {
            Some((l, c)) => format!("{}:{l}:{c}", self.src.file),
            None => self.src.file.clone(),
        };
        self.sink
            .warnings
            .push(format!("{at}: {pointer}: {message}"));
    }
}

/// The JSON type name of a value, for messages.
#[must_use]
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// An object being read; tracks which keys were used.
#[derive(Debug)]
pub struct Obj<'v> {
    value: &'v Value,
    map: &'v Map<String, Value>,
    pub ptr: String,
    used: Vec<String>,
}

impl<'v> Obj<'v> {
    /// `value` as an object at `ptr`, or an error naming what was found.
    pub fn new(value: &'v Value, ptr: &str, r: &Reader<'_, '_>) -> Result<Self, ManifestError> {
        match value {
            Value::Object(map) => Ok(Self {
                value,
                map,
                ptr: ptr.to_owned(),
                used: Vec::new(),
            }),
            other => Err(r.invalid(
                ptr,
                format!("expected a mapping, found {}", type_name(other)),
            )),
        }
    }

    pub fn child_ptr(&self, key: &str) -> String {
        format!("{}/{}", self.ptr, escape_pointer_token(key))
    }

    /// The raw value of `key`, marked as used; `null` reads as absent.
    pub fn raw(&mut self, key: &str) -> Option<&'v Value> {
        self.used.push(key.to_owned());
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// Whether the document has `key` (without using it).
    pub fn has(&self, key: &str) -> bool {
        self.map.get(key).is_some_and(|v| !v.is_null())
    }

    /// The `status` both standards require, as a canvas lifecycle status.
    /// A missing status, or one the canvas does not know, reads as draft
    /// (`None`) with a warning; an unknown one is kept in extensions.
    pub fn lifecycle_status(
        &mut self,
        r: &mut Reader<'_, '_>,
        standard: &str,
    ) -> Result<Option<crate::model::LifecycleStatus>, ManifestError> {
        if !self.has("status") {
            r.warn(
                "",
                format!("{standard} requires a `status`; none given, read as draft"),
            );
        }
        let Some(status) = self.str(r, "status")? else {
            return Ok(None);
        };
        let parsed = parse_name(&status);
        if parsed.is_none() {
            let ptr = self.child_ptr("status");
            r.warn(
                &ptr,
                format!("status \"{status}\" is not one the canvas knows; read as draft"),
            );
            r.keep(&ptr, &Value::String(status));
        }
        Ok(parsed)
    }

    /// A text field. Numbers and booleans are read as their text, with a
    /// warning (YAML turns `version: 1.0` into a number).
    pub fn str(
        &mut self,
        r: &mut Reader<'_, '_>,
        key: &str,
    ) -> Result<Option<String>, ManifestError> {
        let ptr = self.child_ptr(key);
        match self.raw(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(v @ (Value::Number(_) | Value::Bool(_))) => {
                r.warn(
                    &ptr,
                    format!("expected text, found {}; read as \"{v}\"", type_name(v)),
                );
                Ok(Some(v.to_string()))
            }
            Some(v) => Err(r.invalid(&ptr, format!("expected text, found {}", type_name(v)))),
        }
    }

    /// A text field, empty when absent.
    pub fn string(&mut self, r: &mut Reader<'_, '_>, key: &str) -> Result<String, ManifestError> {
        Ok(self.str(r, key)?.unwrap_or_default())
    }

    pub fn boolean(
        &mut self,
        r: &Reader<'_, '_>,
        key: &str,
    ) -> Result<Option<bool>, ManifestError> {
        let ptr = self.child_ptr(key);
        match self.raw(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(r.invalid(
                &ptr,
                format!("expected true or false, found {}", type_name(v)),
            )),
        }
    }

    /// A list of text values (numbers read as text).
    pub fn strings(
        &mut self,
        r: &mut Reader<'_, '_>,
        key: &str,
    ) -> Result<Vec<String>, ManifestError> {
        let ptr = self.child_ptr(key);
        let Some(v) = self.raw(key) else {
            return Ok(Vec::new());
        };
        let Value::Array(items) = v else {
            return Err(r.invalid(&ptr, format!("expected a list, found {}", type_name(v))));
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::String(s) => out.push(s.clone()),
                Value::Number(_) | Value::Bool(_) => {
                    r.warn(
                        &format!("{ptr}/{i}"),
                        format!(
                            "expected text, found {}; read as \"{item}\"",
                            type_name(item)
                        ),
                    );
                    out.push(item.to_string());
                }
                other => {
                    return Err(r.invalid(
                        &format!("{ptr}/{i}"),
                        format!("expected text, found {}", type_name(other)),
                    ));
                }
            }
        }
        Ok(out)
    }

    pub fn object(
        &mut self,
        r: &Reader<'_, '_>,
        key: &str,
    ) -> Result<Option<Obj<'v>>, ManifestError> {
        let ptr = self.child_ptr(key);
        self.raw(key).map(|v| Obj::new(v, &ptr, r)).transpose()
    }

    pub fn objects(
        &mut self,
        r: &Reader<'_, '_>,
        key: &str,
    ) -> Result<Vec<Obj<'v>>, ManifestError> {
        let ptr = self.child_ptr(key);
        let Some(v) = self.raw(key) else {
            return Ok(Vec::new());
        };
        let Value::Array(items) = v else {
            return Err(r.invalid(&ptr, format!("expected a list, found {}", type_name(v))));
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| Obj::new(item, &format!("{ptr}/{i}"), r))
            .collect()
    }

    /// Reads `customProperties`: Mesh Canvas's own are returned; those of
    /// other tools are kept in extensions.
    pub fn custom(&mut self, r: &mut Reader<'_, '_>) -> Result<Custom<'v>, ManifestError> {
        let mut custom = Custom::default();
        for mut item in self.objects(r, "customProperties")? {
            let name = item.string(r, "property")?;
            let value = item.raw("value").unwrap_or(&Value::Null);
            if let Some(short) = name.strip_prefix(PREFIX) {
                custom
                    .items
                    .insert(short.to_owned(), (item.child_ptr("value"), value));
                item.finish(r);
            } else {
                r.keep(&item.ptr.clone(), item.value());
            }
        }
        Ok(custom)
    }

    /// The whole object as a value.
    pub fn value(&self) -> &'v Value {
        self.value
    }

    /// Keeps every key that was not read.
    pub fn finish(self, r: &mut Reader<'_, '_>) {
        self.finish_except(r, &BTreeMap::new());
    }

    /// [`Self::finish`], except for the keys whose value `own` holds: an
    /// item's extensions, written beside Mesh Canvas's copy of the item.
    pub fn finish_except(self, r: &mut Reader<'_, '_>, own: &BTreeMap<String, Value>) {
        for (k, v) in self.map {
            if own.get(k) == Some(v) {
                continue;
            }
            let ptr = format!("{}/{}", self.ptr, escape_pointer_token(k));
            if v.is_null() {
                r.warn(&ptr, "has no value (null); read as absent");
            } else if !self.used.iter().any(|u| u == k) {
                r.keep(&ptr, v);
            }
        }
    }
}

impl<'v> Obj<'v> {
    /// Keeps every key that was not read, and every key written as `null`,
    /// in `place`: the extensions of the canvas item this object became.
    /// When the reader records origins, `place` also notes this object's
    /// file and pointer (see [`super::origin`]).
    pub fn finish_in(self, r: &mut Reader<'_, '_>, place: &mut BTreeMap<String, Value>) {
        if r.sink.record_origins {
            super::origin::stamp(place, &r.src.file, &self.ptr);
        }
        for (k, v) in self.map {
            if v.is_null() || !self.used.iter().any(|u| u == k) {
                let ptr = format!("{}/{}", self.ptr, escape_pointer_token(k));
                r.keep_in(place, &ptr, k, v);
            }
        }
    }

    /// Moves every key that was not read into `into`, as written and
    /// without reporting it: for objects whose other keys are their own
    /// open-ended part (a server's connection keys).
    pub fn rest_into(self, into: &mut BTreeMap<String, Value>) {
        for (k, v) in self.map {
            if !self.used.iter().any(|u| u == k) {
                into.insert(k.clone(), v.clone());
            }
        }
    }

    /// Reads `customProperties` for an object read in place: Mesh Canvas's
    /// own are returned; those of other tools stay in `place` as the list
    /// they were.
    pub fn custom_in(
        &mut self,
        r: &mut Reader<'_, '_>,
        place: &mut BTreeMap<String, Value>,
    ) -> Result<Custom<'v>, ManifestError> {
        let ptr = self.child_ptr("customProperties");
        let mut custom = Custom::default();
        let mut theirs = Vec::new();
        for mut item in self.objects(r, "customProperties")? {
            let name = item.string(r, "property")?;
            let value = item.raw("value").unwrap_or(&Value::Null);
            if let Some(short) = name.strip_prefix(PREFIX) {
                custom
                    .items
                    .insert(short.to_owned(), (item.child_ptr("value"), value));
            } else {
                theirs.push(item.value().clone());
            }
        }
        if !theirs.is_empty() {
            r.keep_in(place, &ptr, "customProperties", &Value::Array(theirs));
        }
        Ok(custom)
    }
}

/// Mesh Canvas's own custom properties of one object, by short name.
#[derive(Debug, Default)]
pub struct Custom<'v> {
    items: BTreeMap<String, (String, &'v Value)>,
}

impl Custom<'_> {
    /// Whether the property is present.
    pub fn has(&self, name: &str) -> bool {
        self.items.contains_key(name)
    }

    /// Takes `meshcanvas.<name>` as a `T`.
    pub fn take<T: DeserializeOwned>(
        &mut self,
        r: &Reader<'_, '_>,
        name: &str,
    ) -> Result<Option<T>, ManifestError> {
        let Some((ptr, value)) = self.items.remove(name) else {
            return Ok(None);
        };
        from_value_exact(value)
            .map(Some)
            .map_err(|(inner, message)| {
                r.invalid(
                    &format!("{ptr}{inner}"),
                    format!("meshcanvas.{name}: {message}"),
                )
            })
    }

    /// Keeps the properties nobody took (e.g. from a newer Mesh Canvas).
    pub fn finish(self, r: &mut Reader<'_, '_>) {
        for (ptr, value) in self.items.into_values() {
            r.keep(&ptr, value);
        }
    }
}

/// A `T` read from a JSON value, every number in it as written; on
/// failure, the pointer into the value and the message. (serde_json's
/// `from_value` hands a visitor the integer a number's text parses to,
/// which reads `-0` as `0`; read from the value's text, a number is kept.)
pub fn from_value_exact<T: DeserializeOwned>(value: &Value) -> Result<T, (String, String)> {
    let text = value.to_string();
    let mut de = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let message = e.inner().to_string();
        // The position is in the value's text, which nobody sees.
        let message = match message.find(" at line ") {
            Some(i) => message[..i].to_owned(),
            None => message,
        };
        (crate::format::path_to_pointer(e.path()), message)
    })
}

/// Reads a lowercase enum name (`"active"`) as a model enum.
pub fn parse_name<T: DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(Value::String(s.trim().to_lowercase())).ok()
}

/// Line and column (1-based) of the value at a JSON pointer, in block-style
/// YAML or pretty JSON text. Best effort: `None` when the document's layout
/// is not one this simple walk follows (flow style, anchors).
#[must_use]
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut line = 0usize; // index of the line where the current node starts
    let mut parent_indent: isize = -1;
    let mut found_any = false;
    for token in pointer.split('/').skip(1) {
        let key = crate::format::unescape_pointer_token(token);
        let mut hit = None;
        if let Ok(index) = key.parse::<usize>() {
            // The index-th `- ` item below the current node.
            let mut count = 0usize;
            let mut item_indent: Option<usize> = None;
            for (i, l) in lines
                .iter()
                .enumerate()
                .skip(if found_any { line + 1 } else { 0 })
            {
                let trimmed = l.trim_start();
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                let indent = l.len() - trimmed.len();
                if found_any && (indent as isize) <= parent_indent && !trimmed.starts_with('-') {
                    break;
                }
                if trimmed.starts_with("- ") || trimmed == "-" {
                    let ii = *item_indent.get_or_insert(indent);
                    if indent == ii {
                        if count == index {
                            hit = Some((i, indent as isize));
                            break;
                        }
                        count += 1;
                    } else if indent < ii {
                        break;
                    }
                }
            }
        } else {
            let plain = format!("{key}:");
            let quoted = format!("\"{key}\":");
            let start = if found_any { line } else { 0 };
            // The keys of one mapping share one indentation: the first
            // found below the node (or after the node's `- `).
            let mut level: Option<usize> = None;
            for (i, l) in lines.iter().enumerate().skip(start) {
                let trimmed = l.trim_start();
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                let indent = l.len() - trimmed.len();
                let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
                let body_indent = indent + (trimmed.len() - body.len());
                let is_key = body.starts_with(&plain) || body.starts_with(&quoted);
                if found_any && i == start {
                    // The node's own line: a list item opens its mapping
                    // on it; a `key:` line has its children below.
                    if trimmed.starts_with("- ") {
                        level = Some(body_indent);
                        if is_key {
                            hit = Some((i, body_indent as isize));
                            break;
                        }
                    }
                    continue;
                }
                if found_any && (indent as isize) <= parent_indent {
                    break;
                }
                let lv = *level.get_or_insert(body_indent);
                if body_indent == lv && is_key {
                    hit = Some((i, body_indent as isize));
                    break;
                }
            }
        }
        let (l, indent) = hit?;
        line = l;
        parent_indent = indent;
        found_any = true;
    }
    if !found_any {
        return Some((1, 1));
    }
    let l = lines[line];
    let col = l.len() - l.trim_start().len() + 1;
    Some((line + 1, col))
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn locate_follows_block_yaml() {
        let text = "a: 1\nschema:\n  - name: s\n    properties:\n      - name: x\n        examples: [1, 2]\n      - name: y\n        properties:\n          - name: z\n      - name: w\n        classification: sensitive\n";
        assert_eq!(locate(text, "/a"), Some((1, 1)));
        assert_eq!(locate(text, "/schema/0/properties/1"), Some((7, 7)));
        assert_eq!(
            locate(text, "/schema/0/properties/2/classification"),
            Some((11, 9))
        );
        assert_eq!(locate(text, "/nope"), None);
        let real = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/manifest/foreign/shipments-v2.odcs.yaml"
        ))
        .unwrap_or_default();
        assert_eq!(
            locate(&real, "/schema/0/properties/2/classification"),
            Some((36, 9))
        );
    }
}
