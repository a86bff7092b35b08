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
use serde_saphyr::Spanned;
use serde_saphyr::options::DuplicateKeyPolicy;

use super::ManifestError;

/// The largest manifest read, in bytes. Real manifests are kilobytes; a
/// 50 MB document is a mistake or an attack.
pub const MAX_MANIFEST_BYTES: u64 = 50 * 1024 * 1024;

/// The deepest nesting read: above what export writes for the deepest
/// canvas the format accepts (at most [`crate::model::MAX_CANVAS_DEPTH`]
/// levels as JSON, its fields two levels each in a contract as in the
/// canvas, and an extension a few levels deeper inside its custom
/// property), so that what export writes, import reads; and no deeper than
/// `serde_json` reads a JSON manifest. The contract reader refuses properties
/// deeper than a canvas holds by name.
pub const MAX_DEPTH: usize = crate::model::MAX_CANVAS_DEPTH + 28;

/// The stack of the thread that reads a YAML document (see [`parse`]):
/// reserved, not used, unless the document nests deep.
const READER_STACK_BYTES: usize = 64 * 1024 * 1024;

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
    // Each level of a document costs a few of saphyr's frames more with
    // places kept; at the deepest a manifest may nest that is more than a
    // test thread's 2 MiB, so the reading runs on a thread of its own with
    // room for it.
    let read = || {
        serde_saphyr::from_str_with_options::<Spanned<Node>>(text, reader_options())
            .map(|node| exact_value(text, node))
    };
    let result = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("yaml-reader".to_owned())
            .stack_size(READER_STACK_BYTES)
            .spawn_scoped(scope, read)
            .map(|reader| {
                reader
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
    });
    let result = result.map_err(|e| ManifestError::Io {
        path: file.into(),
        message: format!("could not start a thread to read it: {e}"),
    })?;
    let value = result.map_err(|e| {
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
    })?;
    value.map_err(|e| ManifestError::Syntax {
        file: file.to_owned(),
        line: Some(e.line).filter(|&l| l > 0),
        column: Some(e.column).filter(|&c| c > 0),
        message: e.message,
    })
}

/// The reader's limits and YAML choices (see the module's documentation).
fn reader_options() -> serde_saphyr::Options {
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
    serde_saphyr::options! {
        budget: Some(budget),
        duplicate_keys: DuplicateKeyPolicy::Error,
        // Timestamps, versions and ids stay strings whatever they look
        // like; `1.0` stays a number only where YAML says it is one.
        legacy_octal_numbers: false,
        // Only `true` and `false` are booleans: ODCS writes years as
        // `unit: y`, which YAML 1.1 would read as `true`.
        strict_booleans: true,
        // A number too large for a double (`1e999`) comes as infinity and
        // is taken as written (see [`exact_value`]); `.inf` and `.nan`,
        // which JSON cannot hold, are refused there.
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::PassThrough,
        with_snippet: false,
    }
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

/// A YAML node as read, each child with its place in the text: saphyr
/// hands an untyped reader a number as `u64`, `i64` or `f64`, which would
/// turn `123456789012345678901234567890` into `1.2345678901234568e29` and
/// `0.10` into `0.1`. The place lets [`exact_value`] take the number as
/// written instead.
enum Node {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    /// Infinity or NaN: a number too large for a double as written, or
    /// YAML's `.inf` and `.nan`.
    NonFinite(f64),
    String(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(String, Spanned<Node>)>),
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Node::NonFinite(v), Node::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::String(v))
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        serde::Deserialize::deserialize(d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element()? {
            out.push(v);
        }
        Ok(Node::Seq(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some(entry) = map.next_entry()? {
            out.push(entry);
        }
        Ok(Node::Map(out))
    }
}

/// A value JSON cannot hold (`.inf`, `.nan`), and where it is.
struct NotJson {
    line: usize,
    column: usize,
    message: String,
}

/// The JSON value of a node read from `text`, every number exactly as the
/// text writes it when the text writes it as JSON would (`1.50`, `1e3`,
/// `123456789012345678901234567890`, `1e999`); YAML-only spellings
/// (`0x1F`, `+5`, `.5`) are kept as the number they mean.
fn exact_value(text: &str, node: Spanned<Node>) -> Result<serde_json::Value, NotJson> {
    use serde_json::Value;
    Ok(match node.value {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(b),
        Node::Number(read) => Value::Number(as_written(text, &node.defined).map_or(read, |n| n)),
        Node::NonFinite(v) => {
            Value::Number(as_written(text, &node.defined).ok_or_else(|| NotJson {
                line: usize::try_from(node.defined.line()).unwrap_or(0),
                column: usize::try_from(node.defined.column()).unwrap_or(0),
                message: format!("{v} is not a number JSON can hold"),
            })?)
        }
        Node::String(s) => Value::String(s),
        Node::Seq(items) => Value::Array(
            items
                .into_iter()
                .map(|v| exact_value(text, v))
                .collect::<Result<_, _>>()?,
        ),
        Node::Map(entries) => Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| Ok((k, exact_value(text, v)?)))
                .collect::<Result<_, _>>()?,
        ),
    })
}

/// The number the text holds at `at`, when it is spelt as a JSON number.
/// Saphyr has read it already, so the spelling is YAML's number; a span
/// that holds anything else (an anchor, a YAML-only form) gives `None`.
fn as_written(text: &str, at: &serde_saphyr::Location) -> Option<serde_json::Number> {
    let span = at.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let end = start.checked_add(usize::try_from(span.byte_len()?).ok()?)?;
    text.get(start..end)?.trim().parse().ok()
}

/// Writes a value as YAML, deterministically, every number exactly as the
/// value holds it (see [`exact_value`]): the value goes through JSON first,
/// and a number YAML's writer would spell otherwise is written from its
/// JSON text.
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String, ManifestError> {
    let encode = |message: String| ManifestError::Encode { message };
    let value = serde_json::to_value(value).map_err(|e| encode(e.to_string()))?;
    let marker = free_marker(&value);
    let numbers = std::cell::RefCell::new(Vec::new());
    let mut options = serde_saphyr::SerializerOptions::default();
    options.prefer_block_scalars = false;
    let out = serde_saphyr::to_string_with_options(
        &Written {
            value: &value,
            marker: &marker,
            numbers: &numbers,
        },
        options,
    )
    .map_err(|e| encode(e.to_string()))?;
    Ok(put_numbers_back(&out, &marker, &numbers.into_inner()))
}

/// A string no string of `value` contains, to stand for a number in the
/// writer's output until [`put_numbers_back`] writes the number there.
fn free_marker(value: &serde_json::Value) -> String {
    fn holds(v: &serde_json::Value, m: &str) -> bool {
        match v {
            serde_json::Value::String(s) => s.contains(m),
            serde_json::Value::Array(a) => a.iter().any(|x| holds(x, m)),
            serde_json::Value::Object(o) => o.iter().any(|(k, x)| k.contains(m) || holds(x, m)),
            _ => false,
        }
    }
    let mut marker = "meshcanvas_number_".to_owned();
    while holds(value, &marker) {
        marker.push('x');
    }
    marker
}

/// Writes each number where its marker stands (plain or quoted), in one
/// pass over the output.
fn put_numbers_back(out: &str, marker: &str, numbers: &[String]) -> String {
    let mut done = String::with_capacity(out.len());
    let mut rest = out;
    while let Some(at) = rest.find(marker) {
        let after = &rest[at + marker.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let number = after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|i| numbers.get(i))
            .filter(|_| after[digits..].starts_with('_'));
        let Some(number) = number else {
            // Not a marker after all (cannot happen: no string holds it).
            done.push_str(&rest[..at + marker.len()]);
            rest = after;
            continue;
        };
        let mut start = at;
        let mut end = at + marker.len() + digits + 1;
        if let Some(q) = rest[..at]
            .chars()
            .next_back()
            .filter(|c| matches!(c, '"' | '\''))
            && rest[end..].starts_with(q)
        {
            start -= 1;
            end += 1;
        }
        done.push_str(&rest[..start]);
        done.push_str(number);
        rest = &rest[end..];
    }
    done.push_str(rest);
    done
}

/// A JSON value as saphyr should write it: an integer the writer spells as
/// JSON does goes as itself, every other number as a marker string.
struct Written<'a> {
    value: &'a serde_json::Value,
    marker: &'a str,
    numbers: &'a std::cell::RefCell<Vec<String>>,
}

impl Written<'_> {
    fn child<'b>(&'b self, value: &'b serde_json::Value) -> Written<'b> {
        Written {
            value,
            marker: self.marker,
            numbers: self.numbers,
        }
    }
}

impl Serialize for Written<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        use serde_json::Value;
        match self.value {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::String(t) => s.serialize_str(t),
            Value::Number(n) => {
                let text = n.to_string();
                if let Some(u) = n.as_u64().filter(|u| u.to_string() == text) {
                    s.serialize_u64(u)
                } else if let Some(i) = n.as_i64().filter(|i| i.to_string() == text) {
                    s.serialize_i64(i)
                } else {
                    let mut numbers = self.numbers.borrow_mut();
                    let token = format!("{}{}_", self.marker, numbers.len());
                    numbers.push(text);
                    s.serialize_str(&token)
                }
            }
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&self.child(item))?;
                }
                seq.end()
            }
            Value::Object(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, &self.child(v))?;
                }
                map.end()
            }
        }
    }
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

/// The key under which serde_json passes a number's text to a visitor.
const JSON_NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// A JSON value that refuses duplicate keys, its numbers as written.
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
            // serde_json (with `arbitrary_precision`) hands over a number as
            // a map of this one key to its text, which keeps it exact.
            if out.is_empty() && key == JSON_NUMBER_TOKEN {
                let text: String = map.next_value()?;
                return text
                    .parse()
                    .map(serde_json::Value::Number)
                    .map_err(serde::de::Error::custom);
            }
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
    fn numbers_are_read_and_written_exactly_as_written() {
        let text = "big: 123456789012345678901234567890\nneg: -98765432109876543210987654321\n\
                    precise: 0.1000000000000000055511151231257827\nzero: 1.50 # a comment\n\
                    exp: 2.50e+3\nlist: [1.50, 2.0, 7]\nhex: 0x1F\nplus: +5\ndot: .5\n\
                    anchored: &n 1.50\nalias: *n\n";
        let v = parse("n.yaml", text).expect("parse");
        let written = |k: &str| v[k].to_string();
        assert_eq!(written("big"), "123456789012345678901234567890");
        assert_eq!(written("neg"), "-98765432109876543210987654321");
        assert_eq!(written("precise"), "0.1000000000000000055511151231257827");
        assert_eq!(
            (written("zero"), written("exp")),
            ("1.50".into(), "2.50e+3".into())
        );
        assert_eq!(written("list"), "[1.50,2.0,7]");
        // YAML-only spellings are the numbers they mean.
        assert_eq!((written("hex"), written("plus")), ("31".into(), "5".into()));
        assert_eq!(v["dot"].as_f64(), Some(0.5));
        assert_eq!(v["alias"].as_f64(), Some(1.5));
        // Back out and in again: the same text.
        let y = to_yaml(&v).expect("yaml");
        assert!(y.contains("big: 123456789012345678901234567890\n"), "{y}");
        assert!(y.contains("zero: 1.50\n"), "{y}");
        assert_eq!(
            parse("again.yaml", &y).expect("parse").to_string(),
            v.to_string()
        );
        let j = parse_json("n.json", &to_json(&v).expect("json")).expect("json");
        assert_eq!(j.to_string(), v.to_string());
    }

    #[test]
    fn a_number_too_large_for_a_double_is_read_as_written() {
        let v = parse("n.yaml", "huge: 1e999\nlist: [-2.5e+400]\n").expect("parse");
        assert_eq!(v.to_string(), r#"{"huge":1e+999,"list":[-2.5e+400]}"#);
        assert_eq!(
            to_yaml(&v).expect("yaml"),
            "huge: 1e+999\nlist:\n- -2.5e+400\n"
        );
        // What JSON cannot hold is refused where it is.
        let e = parse("inf.yaml", "a: 1\nb: [.inf]\n").expect_err(".inf");
        assert_eq!(
            e.to_string(),
            "inf.yaml:2:5: inf is not a number JSON can hold"
        );
        let e = parse("nan.yaml", "c: .nan\n").expect_err(".nan");
        assert_eq!(
            e.to_string(),
            "nan.yaml:1:4: NaN is not a number JSON can hold"
        );
    }

    #[test]
    fn a_string_that_looks_like_the_number_marker_stays_a_string() {
        let v = serde_json::json!({"s": "meshcanvas_number_0_", "t": "'meshcanvas_number_0_'",
            "n": serde_json::Number::from_f64(2.5)});
        let y = to_yaml(&v).expect("yaml");
        assert_eq!(parse("m.yaml", &y).expect("parse"), v);
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
