//! Reading and writing manifest text (YAML, and JSON as its subset).
//!
//! Manifests come from outside: a platform repository, a colleague, a tool.
//! The reader therefore runs serde-saphyr with hard limits: a size cap
//! checked before parsing, its budget (events, nodes, depth, aliases and
//! the alias-to-anchor ratio that stops "billion laughs" expansion), and
//! duplicate keys as an error rather than a silent last-wins. Errors carry
//! line and column.
//!
//! The writer is deterministic: the same value always gives the same bytes.
//! Multi-line text is written as quoted scalars rather than folded blocks,
//! so that no whitespace can change on the way back in.

use serde::Serialize;
use serde_saphyr::options::DuplicateKeyPolicy;

use super::ManifestError;

/// The largest manifest read, in bytes. Real manifests are kilobytes; a
/// 50 MB document is a mistake or an attack.
pub const MAX_MANIFEST_BYTES: u64 = 50 * 1024 * 1024;

/// The deepest nesting read: above what export writes for the deepest
/// canvas the format accepts ([`crate::model::MAX_FIELD_DEPTH`] levels of
/// fields, two YAML levels each in a contract, under a few of the
/// document's own), so that what export writes, import reads. The
/// contract reader refuses properties deeper than a canvas holds by name.
pub const MAX_DEPTH: usize = 2 * crate::model::MAX_FIELD_DEPTH + 32;

/// Parses one YAML (or JSON) document into a JSON value. `file` names the
/// document in errors.
pub fn parse(file: &str, text: &str) -> Result<serde_json::Value, ManifestError> {
    if text.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(ManifestError::TooLarge {
            file: file.to_owned(),
            size: text.len() as u64,
        });
    }
    if text.trim().is_empty() {
        return Err(ManifestError::Syntax {
            file: file.to_owned(),
            line: None,
            column: None,
            message: "the document is empty; expected an ODPS or ODCS mapping".to_owned(),
        });
    }
    let mut budget = serde_saphyr::Budget::default();
    budget.max_reader_input_bytes = usize::try_from(MAX_MANIFEST_BYTES).ok();
    budget.max_depth = MAX_DEPTH;
    budget.max_documents = 1;
    budget.max_nodes = 2_000_000;
    budget.max_aliases = 10_000;
    budget.max_anchors = 10_000;
    budget.max_recorded_anchor_events = 100_000;
    budget.max_recorded_anchor_bytes = 8 * 1024 * 1024;
    budget.enforce_alias_anchor_ratio = true;
    let options = serde_saphyr::options! {
        budget: Some(budget),
        duplicate_keys: DuplicateKeyPolicy::Error,
        // Timestamps, versions and ids stay strings whatever they look
        // like; `1.0` stays a number only where YAML says it is one.
        legacy_octal_numbers: false,
        // Only `true` and `false` are booleans: ODCS writes years as
        // `unit: y`, which YAML 1.1 would read as `true`.
        strict_booleans: true,
        with_snippet: false,
    };
    serde_saphyr::from_str_with_options::<serde_json::Value>(text, options).map_err(|e| {
        let loc = e.location();
        let message = first_line(&e.without_snippet().to_string());
        ManifestError::Syntax {
            file: file.to_owned(),
            line: loc
                .map(|l| usize::try_from(l.line()).unwrap_or(0))
                .filter(|&l| l > 0),
            column: loc
                .map(|l| usize::try_from(l.column()).unwrap_or(0))
                .filter(|&c| c > 0),
            message,
        }
    })
}

/// One line of saphyr's message, without the position it appends (the
/// location is reported apart) and with the alias-bomb case named.
fn first_line(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut s = match s.find(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    };
    // Advice meant for programmers using the library, not for the reader.
    if let Some(i) = s.find(", set DuplicateKeyPolicy") {
        s.truncate(i);
    }
    if s.contains("recursive references") {
        "an alias refers to the node that holds it (a cycle); a manifest cannot hold one".to_owned()
    } else if s.contains("budget breached") && s.contains("Documents") {
        "the file holds more than one YAML document (a line of three dashes between them); a manifest \
         is one document: put each product or contract in a file of its own"
            .to_owned()
    } else if s.contains("budget breached") {
        format!(
            "the document expands beyond the reader's limits (an alias bomb, or absurd nesting): {s}"
        )
    } else {
        s
    }
}

/// Writes a value as YAML, deterministically.
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String, ManifestError> {
    let mut options = serde_saphyr::SerializerOptions::default();
    options.prefer_block_scalars = false;
    serde_saphyr::to_string_with_options(value, options).map_err(|e| ManifestError::Encode {
        message: e.to_string(),
    })
}

/// Writes a value as two-space JSON with a trailing newline.
pub fn to_json<T: Serialize>(value: &T) -> Result<String, ManifestError> {
    let mut s = serde_json::to_string_pretty(value).map_err(|e| ManifestError::Encode {
        message: e.to_string(),
    })?;
    s.push('\n');
    Ok(s)
}

/// Parses a JSON document into a JSON value, with the same size limit as
/// YAML and duplicate keys as an error (serde_json alone keeps the last).
pub fn parse_json(file: &str, text: &str) -> Result<serde_json::Value, ManifestError> {
    if text.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(ManifestError::TooLarge {
            file: file.to_owned(),
            size: text.len() as u64,
        });
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let syntax = |e: serde_json::Error| {
        let m = e.to_string();
        ManifestError::Syntax {
            file: file.to_owned(),
            line: Some(e.line()).filter(|&l| l > 0),
            column: Some(e.column()).filter(|&c| c > 0),
            message: m.find(" at line ").map_or(m.clone(), |i| m[..i].to_owned()),
        }
    };
    let StrictValue(value) = serde::Deserialize::deserialize(&mut de).map_err(syntax)?;
    de.end().map_err(syntax)?;
    Ok(value)
}

/// A JSON value that refuses duplicate keys.
struct StrictValue(serde_json::Value);

impl<'de> serde::Deserialize<'de> for StrictValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(StrictValue(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(serde_json::Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format!("duplicate key: {key}")));
            }
            let StrictValue(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(serde_json::Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_that_look_like_other_scalars_survive_a_round_trip() {
        let v = serde_json::json!({"a": "1.0.0", "b": "true", "c": "2023-01-15", "d": "",
            "e": 1.0, "g": "multi\nline  \n end", "h": "null", "i": "~", "j": "- x",
            "k": "a: b", "l": 3, "m": [], "n": {}, "o": "0123", "p": "#x", "q": "yes", "s": -0.5});
        let y = to_yaml(&v).expect("yaml");
        assert_eq!(parse("x.yaml", &y).expect("parse"), v);
    }

    #[test]
    fn a_recursive_alias_is_named_as_a_cycle() {
        let e = parse("rec.yaml", "a: &x [*x]\n").expect_err("cycle");
        assert!(e.to_string().contains("a cycle"), "{e}");
    }

    #[test]
    fn several_documents_in_one_file_are_named_as_such() {
        let e = parse("two.yaml", "a: 1\n---\nb: 2\n").expect_err("two documents");
        let m = e.to_string();
        assert!(m.contains("more than one YAML document"), "{m}");
        assert!(!m.contains("alias bomb"), "{m}");
    }

    #[test]
    fn duplicate_keys_are_an_error_with_line_and_column() {
        let e = parse("bad.yaml", "a: 1\na: 2\n").expect_err("duplicate");
        assert_eq!(e.to_string(), "bad.yaml:2:1: duplicate mapping key: a");
    }

    #[test]
    fn yaml_1_1_booleans_stay_text() {
        let v = parse("x.yaml", "unit: y\nb: yes\nc: off\nd: true\n").expect("parse");
        assert_eq!(
            v,
            serde_json::json!({"unit": "y", "b": "yes", "c": "off", "d": true})
        );
    }

    #[test]
    fn json_duplicate_keys_are_an_error_too() {
        let e = parse_json("bad.json", "{\n  \"a\": 1,\n  \"a\": 2\n}").expect_err("duplicate");
        assert_eq!(e.to_string(), "bad.json:3:5: duplicate key: a");
        assert_eq!(
            parse_json("ok.json", "{\"a\": [1, 2.5, null, true]}").expect("ok")["a"][1],
            2.5
        );
    }
}
