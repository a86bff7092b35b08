//! Writing back, where they were, the parts of a document the canvas kept
//! by JSON pointer (`odps#/outputPorts/1/customProperties/0`): a product
//! re-exported carries them at the same place, not in a custom property of
//! its own.

use std::collections::BTreeMap;

use serde_json::Value;

/// Places every value of `kept` whose key is `<tag>#<pointer>` at its
/// pointer in `doc`, creating the objects and arrays on the way, and
/// returns the keys it could not place (their place is taken by a value of
/// another type, or an array is too short). A key the document already
/// has is left as the canvas wrote it.
pub fn place(doc: &mut Value, kept: &BTreeMap<String, Value>, tag: &str) -> Vec<String> {
    let prefix = format!("{tag}#");
    let mut entries: Vec<(Vec<String>, &String, &Value)> = kept
        .iter()
        .filter_map(|(k, v)| {
            let ptr = k.strip_prefix(&prefix)?;
            let tokens = crate::format::pointer_tokens(ptr).filter(|t| !t.is_empty())?;
            Some((tokens, k, v))
        })
        .collect();
    // Array positions in ascending order, so each lands where it was.
    entries.sort_by(|(a, _, _), (b, _, _)| cmp_tokens(a, b));
    let mut unplaced = Vec::new();
    for (tokens, key, value) in entries {
        if !place_one(doc, &tokens, value) {
            unplaced.push(key.clone());
        }
    }
    unplaced
}

fn cmp_tokens(a: &[String], b: &[String]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        let o = match (x.parse::<usize>(), y.parse::<usize>()) {
            (Ok(i), Ok(j)) => i.cmp(&j),
            _ => x.cmp(y),
        };
        if o.is_ne() {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

fn place_one(at: &mut Value, tokens: &[String], value: &Value) -> bool {
    let Some((first, rest)) = tokens.split_first() else {
        return false;
    };
    let container_for_next = || match rest.first().map(|t| t.parse::<usize>()) {
        Some(Ok(_)) => Value::Array(Vec::new()),
        _ => Value::Object(serde_json::Map::new()),
    };
    match at {
        Value::Object(m) => {
            if rest.is_empty() {
                if m.contains_key(first) {
                    return false;
                }
                m.insert(first.clone(), value.clone());
                return true;
            }
            let child = m.entry(first.clone()).or_insert_with(container_for_next);
            place_one(child, rest, value)
        }
        Value::Array(a) => {
            let Ok(i) = first.parse::<usize>() else {
                return false;
            };
            if rest.is_empty() {
                if i > a.len() {
                    return false;
                }
                a.insert(i, value.clone());
                return true;
            }
            if i == a.len() {
                a.push(container_for_next());
            }
            match a.get_mut(i) {
                Some(child) => place_one(child, rest, value),
                None => false,
            }
        }
        _ => false,
    }
}
