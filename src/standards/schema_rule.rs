//! Rules whose check is a JSON Schema fragment applied at a selector.
//!
//! A selector is a JSON pointer whose tokens may be `*` (every element of an
//! array, every member of a map). An optional `repeat` selector is applied
//! again and again below each match, for recursive structures such as
//! nested schema fields (`"selector": "/outputPorts/*/objects/*/fields/*", "repeat":
//! "/fields/*"`). Selectors are checked against the canvas format's own
//! JSON Schema when a pack loads, so a selector that can never match
//! anything (a typo such as `/outputPort/*`) is a load error, not a rule
//! that silently passes forever.
//!
//! The fragment is compiled once, when the pack loads. Valid instances cost
//! one `is_valid` call; only failures pay for error details.

use serde_json::Value;

use crate::format::escape_pointer_token;

/// The deepest a `repeat` selector descends (real canvases nest fields a few
/// levels deep; this bounds pathological documents).
const MAX_REPEAT_DEPTH: usize = 32;

/// One token of a selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Key(String),
    Any,
}

/// A parsed selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    pub tokens: Vec<Token>,
}

impl Selector {
    /// Parses `/a/*/b` (RFC 6901 escapes `~0`, `~1` allowed; `""` is the
    /// whole canvas).
    pub fn parse(s: &str) -> Result<Self, String> {
        if s.is_empty() {
            return Ok(Self { tokens: Vec::new() });
        }
        let Some(rest) = s.strip_prefix('/') else {
            return Err(format!(
                "selector `{s}` must start with `/` (a JSON pointer, `*` for every element)"
            ));
        };
        let tokens = rest
            .split('/')
            .map(|t| {
                if t == "*" {
                    Token::Any
                } else {
                    Token::Key(crate::format::unescape_pointer_token(t))
                }
            })
            .collect();
        Ok(Self { tokens })
    }

    /// Every place in `doc` the selector matches: `(pointer, value)`.
    pub fn matches<'a>(&self, doc: &'a Value, out: &mut Vec<(String, &'a Value)>) {
        visit(&self.tokens, doc, &mut Vec::new(), &mut |path, v| {
            out.push((pointer(path), v));
        });
    }
}

/// One step of a path into a document, borrowed from it.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The JSON pointer of a path.
#[must_use]
pub fn pointer(path: &[Step<'_>]) -> String {
    let mut s = String::new();
    for step in path {
        s.push('/');
        match step {
            Step::Key(k) => s.push_str(&escape_pointer_token(k)),
            Step::Index(i) => s.push_str(&i.to_string()),
        }
    }
    s
}

/// Calls `f` with the path and value of every match of `tokens` below `v`
/// (whose path is `path`). Paths are kept as borrowed steps, so matching
/// allocates nothing; a pointer is only written for a finding.
fn visit<'a>(
    tokens: &[Token],
    v: &'a Value,
    path: &mut Vec<Step<'a>>,
    f: &mut dyn FnMut(&[Step<'a>], &'a Value),
) {
    let Some((first, rest)) = tokens.split_first() else {
        f(path, v);
        return;
    };
    match (first, v) {
        (Token::Key(k), Value::Object(m)) => {
            if let Some((key, child)) = m.get_key_value(k) {
                path.push(Step::Key(key));
                visit(rest, child, path, f);
                path.pop();
            }
        }
        (Token::Key(k), Value::Array(a)) => {
            if let Some((i, child)) = k
                .parse::<usize>()
                .ok()
                .and_then(|i| a.get(i).map(|c| (i, c)))
            {
                path.push(Step::Index(i));
                visit(rest, child, path, f);
                path.pop();
            }
        }
        (Token::Any, Value::Array(a)) => {
            for (i, child) in a.iter().enumerate() {
                path.push(Step::Index(i));
                visit(rest, child, path, f);
                path.pop();
            }
        }
        (Token::Any, Value::Object(m)) => {
            for (k, child) in m {
                path.push(Step::Key(k));
                visit(rest, child, path, f);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Checks that `sel` can match something in a document described by
/// `schema` (the canvas format's JSON Schema), starting at `node`. Returns
/// the schema node reached.
pub fn resolve_in_schema<'s>(
    root: &'s Value,
    node: &'s Value,
    sel: &Selector,
    text: &str,
) -> Result<&'s Value, String> {
    let mut node = deref(root, node);
    let mut at = String::new();
    for tok in &sel.tokens {
        let next = match tok {
            Token::Key(k) => find_property(root, node, k).or_else(|| {
                // A numeric token on an array selects one element.
                k.parse::<usize>()
                    .ok()
                    .and_then(|_| node.get("items"))
                    .map(|n| deref(root, n))
            }),
            Token::Any => node
                .get("items")
                .or_else(|| node.get("additionalProperties").filter(|v| v.is_object()))
                .map(|n| deref(root, n)),
        };
        let Some(next) = next else {
            let known = known_properties(root, node);
            let what = match tok {
                Token::Key(k) => format!("no property `{k}`"),
                Token::Any => "no array or map for `*`".to_owned(),
            };
            let hint = if known.is_empty() {
                String::new()
            } else {
                format!(" (there: {})", known.join(", "))
            };
            // A pack written for format v1 names a port's own table.
            let moved = match tok {
                Token::Key(k)
                    if at == "/outputPorts/*"
                        && matches!(k.as_str(), "schema" | "location" | "quality") =>
                {
                    "; since canvas format v2 a port's fields, physical name and quality rules \
                     are its tables': `/outputPorts/*/objects/*/fields/*`, \
                     `/outputPorts/*/objects/*/physicalName`, `/outputPorts/*/objects/*/quality`"
                }
                _ => "",
            };
            return Err(format!(
                "selector `{text}` matches nothing in a canvas: the canvas format has {what} at \
                 `{at}`{hint}{moved}"
            ));
        };
        at.push('/');
        at.push_str(&match tok {
            Token::Key(k) => k.clone(),
            Token::Any => "*".to_owned(),
        });
        node = next;
    }
    Ok(node)
}

fn deref<'s>(root: &'s Value, mut node: &'s Value) -> &'s Value {
    for _ in 0..16 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => match r.strip_prefix('#').and_then(|p| root.pointer(p)) {
                Some(n) => node = n,
                None => return node,
            },
            None => return node,
        }
    }
    node
}

fn variants(node: &Value) -> impl Iterator<Item = &Value> {
    ["oneOf", "anyOf", "allOf"]
        .into_iter()
        .filter_map(|k| node.get(k).and_then(Value::as_array))
        .flatten()
}

fn find_property<'s>(root: &'s Value, node: &'s Value, key: &str) -> Option<&'s Value> {
    if let Some(p) = node.get("properties").and_then(|p| p.get(key)) {
        return Some(deref(root, p));
    }
    variants(node).find_map(|v| find_property(root, deref(root, v), key))
}

fn known_properties(root: &Value, node: &Value) -> Vec<String> {
    let mut out: Vec<String> = node
        .get("properties")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    for v in variants(node) {
        out.extend(known_properties(root, deref(root, v)));
    }
    out.sort();
    out.dedup();
    out
}

/// What a message calls the item a rule matched (at `path` in `doc`): the
/// `name` of the innermost item on the path that has one (else its `id` or
/// `term`), quoted; `this one` when none has.
fn item_name(doc: &Value, path: &[Step<'_>]) -> String {
    let mut v = doc;
    let mut named = None;
    for step in path {
        let next = match step {
            Step::Key(k) => v.get(*k),
            Step::Index(i) => v.get(*i),
        };
        let Some(next) = next else { break };
        v = next;
        if let Some(n) = ["name", "id", "term"].iter().find_map(|k| {
            v.get(k)
                .and_then(Value::as_str)
                .filter(|s| !s.trim().is_empty())
        }) {
            named = Some(n);
        }
    }
    named.map_or_else(|| "this one".to_owned(), |s| format!("\"{s}\""))
}

/// A compiled schema rule.
#[derive(Debug)]
pub struct SchemaRule {
    pub selector: Selector,
    pub repeat: Option<Selector>,
    pub validator: jsonschema::Validator,
    /// The finding's message; `{value}` is replaced by the offending
    /// value, `{name}` by the name of the item the rule matched (its
    /// `name`, else its `id` or `term`), so the message says which field or
    /// port it is about.
    pub message: String,
}

/// One failure of a schema rule: where, and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaFailure {
    pub pointer: String,
    pub message: String,
}

impl SchemaRule {
    /// Applies the rule to a canvas document.
    pub fn check(&self, doc: &Value, out: &mut Vec<SchemaFailure>) {
        let mut path = Vec::new();
        visit(&self.selector.tokens, doc, &mut path, &mut |path, v| {
            self.check_at(doc, path, v, 0, out);
        });
    }

    /// Checks one match, then the matches of `repeat` below it.
    fn check_at<'a>(
        &self,
        doc: &Value,
        path: &[Step<'a>],
        v: &'a Value,
        depth: usize,
        out: &mut Vec<SchemaFailure>,
    ) {
        if !self.validator.is_valid(v) {
            // The first error's place is the most precise pointer.
            let base = pointer(path);
            let (pointer, value) = match self.validator.iter_errors(v).next() {
                // A missing key: the finding points where it belongs.
                Some(e) => match e.kind() {
                    jsonschema::error::ValidationErrorKind::Required {
                        property: Value::String(key),
                    } => (
                        format!(
                            "{base}{}/{}",
                            e.instance_path().as_str(),
                            crate::format::escape_pointer_token(key)
                        ),
                        None,
                    ),
                    _ => (
                        format!("{base}{}", e.instance_path().as_str()),
                        Some(e.instance().clone().into_owned()),
                    ),
                },
                None => (base, Some(v.clone())),
            };
            let shown = value
                .as_ref()
                .map_or_else(|| "(not set)".to_owned(), short_value);
            out.push(SchemaFailure {
                pointer,
                message: self
                    .message
                    .replace("{value}", &shown)
                    .replace("{name}", &item_name(doc, path)),
            });
        }
        if let Some(repeat) = &self.repeat
            && depth < MAX_REPEAT_DEPTH
        {
            let mut below = path.to_vec();
            visit(&repeat.tokens, v, &mut below, &mut |p, child| {
                self.check_at(doc, p, child, depth + 1, out);
            });
        }
    }
}

/// A value as a short string for messages.
fn short_value(v: &Value) -> String {
    let s = match v {
        Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    };
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selector_walks_arrays_and_escapes() {
        let doc = serde_json::json!({"a": [{"b/c": 1}, {"b/c": 2}]});
        let sel = Selector::parse("/a/*/b~1c").expect("parses");
        let mut out = Vec::new();
        sel.matches(&doc, &mut out);
        let ptrs: Vec<_> = out.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(ptrs, ["/a/0/b~1c", "/a/1/b~1c"]);
    }

    #[test]
    fn selector_must_be_a_pointer() {
        assert!(Selector::parse("a/b").is_err());
    }
}
