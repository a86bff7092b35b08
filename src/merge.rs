//! Three-way merge of canvases: a save based on an older revision is merged
//! with what was saved since, field by field, so two people editing one
//! canvas lose nothing. Only edits to the same field conflict; each conflict
//! names its place and holds the three values, and the person who saved
//! second chooses.
//!
//! The merge works on the canvases' JSON, as the store keeps them:
//! - an object merges key by key;
//! - a list of cards, tables, fields… (objects named by `id`, `term`,
//!   `name`, `server` or `ruleId`, each name once) merges item by item,
//!   in the newest revision's order with the draft's new items after;
//! - a list of texts (tags, synonyms…) merges as a set: what either side
//!   added is in, what either side removed is out;
//! - anything else (a text, a number, a list of unnamed items) is one
//!   field: changed on one side, that side wins; changed on both sides to
//!   different values, a conflict.
//!
//! A card removed on one side and edited on the other is a conflict too:
//! the edit is not dropped silently.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::model::Canvas;

/// One place both sides changed differently.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MergeConflict {
    /// JSON pointer of the place in the canvas.
    pub pointer: String,
    /// The place as people read it: `outputPorts › orders › description`.
    pub label: String,
    /// The value in the revision both started from; absent: it did not
    /// exist.
    #[ts(type = "unknown")]
    pub base: Option<Value>,
    /// The value in this draft; absent: removed here.
    #[ts(type = "unknown")]
    pub ours: Option<Value>,
    /// The value saved since; absent: removed there.
    #[ts(type = "unknown")]
    pub theirs: Option<Value>,
}

/// Which side a conflict is resolved to.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum Side {
    Ours,
    Theirs,
}

/// A merge's outcome: the merged canvas (each conflict resolved as chosen,
/// to the saved side where no choice was given) and the conflicts.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Merged {
    pub canvas: Canvas,
    pub conflicts: Vec<MergeConflict>,
    /// The newest revision merged with: the one to base the next save on.
    #[ts(type = "number")]
    pub revision: i64,
}

/// Why a merge could not be made.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("the canvases cannot be read as JSON: {0}")]
    Json(String),
    #[error(
        "the merged canvas is not a valid canvas ({0}); choose the other side of the conflicts"
    )]
    Invalid(String),
    #[error("{given} choices were given for {conflicts} conflicts")]
    Choices { given: usize, conflicts: usize },
}

/// The keys that name an item of a list, in the order they are tried.
const NAME_KEYS: [&str; 5] = ["id", "term", "name", "server", "ruleId"];

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

struct Walk<'a> {
    conflicts: Vec<MergeConflict>,
    choices: Option<&'a [Side]>,
}

impl Walk<'_> {
    /// The side conflict number `n` resolves to.
    fn side(&self, n: usize) -> Side {
        self.choices
            .and_then(|c| c.get(n).copied())
            .unwrap_or(Side::Theirs)
    }

    fn conflict(
        &mut self,
        pointer: &str,
        label: &[String],
        base: Option<&Value>,
        ours: Option<&Value>,
        theirs: Option<&Value>,
    ) -> Option<Value> {
        let n = self.conflicts.len();
        self.conflicts.push(MergeConflict {
            pointer: pointer.to_owned(),
            label: label.join(" › "),
            base: base.cloned(),
            ours: ours.cloned(),
            theirs: theirs.cloned(),
        });
        match self.side(n) {
            Side::Ours => ours.cloned(),
            Side::Theirs => theirs.cloned(),
        }
    }

    /// The merge of one place; `None`: the place is gone.
    fn merge(
        &mut self,
        pointer: &str,
        label: &mut Vec<String>,
        base: Option<&Value>,
        ours: Option<&Value>,
        theirs: Option<&Value>,
    ) -> Option<Value> {
        if ours == theirs {
            return ours.cloned();
        }
        if ours == base {
            return theirs.cloned();
        }
        if theirs == base {
            return ours.cloned();
        }
        // Where each person's view sits and where they dragged a card to are
        // theirs alone: the draft's stands, no conflict is asked.
        if pointer.starts_with("/layout/viewport") || pointer.starts_with("/layout/cards/") {
            return ours.cloned().or_else(|| theirs.cloned());
        }
        match (base, ours, theirs) {
            (b, Some(Value::Object(o)), Some(Value::Object(t)))
                if b.is_none_or(Value::is_object) =>
            {
                let empty = Map::new();
                let b = b.and_then(Value::as_object).unwrap_or(&empty);
                Some(Value::Object(self.objects(pointer, label, b, o, t)))
            }
            (b, Some(Value::Array(o)), Some(Value::Array(t))) if b.is_none_or(Value::is_array) => {
                let empty = Vec::new();
                let b = b.and_then(Value::as_array).unwrap_or(&empty);
                if let Some(key) = name_key(&[b, o, t]) {
                    Some(Value::Array(self.named(pointer, label, key, b, o, t)))
                } else if [b, o, t].iter().all(|l| l.iter().all(Value::is_string)) {
                    Some(Value::Array(texts(b, o, t)))
                } else {
                    self.conflict(pointer, label, base, ours, theirs)
                }
            }
            _ => self.conflict(pointer, label, base, ours, theirs),
        }
    }

    fn objects(
        &mut self,
        pointer: &str,
        label: &mut Vec<String>,
        b: &Map<String, Value>,
        o: &Map<String, Value>,
        t: &Map<String, Value>,
    ) -> Map<String, Value> {
        // The newest revision's keys in its order, then the draft's new ones.
        let mut keys: Vec<&String> = t.keys().collect();
        keys.extend(o.keys().filter(|k| !t.contains_key(*k)));
        keys.extend(
            b.keys()
                .filter(|k| !t.contains_key(*k) && !o.contains_key(*k)),
        );
        let mut out = Map::new();
        for key in keys {
            label.push(key.clone());
            let p = format!("{pointer}/{}", escape(key));
            if let Some(v) = self.merge(&p, label, b.get(key), o.get(key), t.get(key)) {
                out.insert(key.clone(), v);
            }
            label.pop();
        }
        out
    }

    /// `b`, `o`, `t`: the lists in the base, the draft and the saved
    /// revision, as everywhere in this module.
    #[allow(clippy::many_single_char_names)]
    fn named(
        &mut self,
        pointer: &str,
        label: &mut Vec<String>,
        key: &str,
        b: &[Value],
        o: &[Value],
        t: &[Value],
    ) -> Vec<Value> {
        let name = |v: &Value| v.get(key).cloned().unwrap_or(Value::Null);
        let find = |list: &[Value], n: &Value| list.iter().find(|v| &name(v) == n).cloned();
        let mut names: Vec<Value> = t.iter().map(name).collect();
        names.extend(
            o.iter()
                .map(name)
                .filter(|n| !t.iter().any(|v| &name(v) == n)),
        );
        names.extend(
            b.iter()
                .map(name)
                .filter(|n| !t.iter().any(|v| &name(v) == n) && !o.iter().any(|v| &name(v) == n)),
        );
        let mut out = Vec::new();
        for n in names {
            let (bi, oi, ti) = (find(b, &n), find(o, &n), find(t, &n));
            // The pointer names the item's place in the list it merges into.
            let p = format!("{pointer}/{}", out.len());
            label.push(match &n {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
            if let Some(v) = self.merge(&p, label, bi.as_ref(), oi.as_ref(), ti.as_ref()) {
                out.push(v);
            }
            label.pop();
        }
        out
    }
}

/// The key that names every item of the lists once each, if one does.
fn name_key(lists: &[&Vec<Value>]) -> Option<&'static str> {
    if lists.iter().all(|l| l.is_empty()) {
        return None;
    }
    NAME_KEYS.into_iter().find(|key| {
        lists.iter().all(|l| {
            let mut seen = std::collections::HashSet::new();
            l.iter().all(|v| {
                v.get(*key)
                    .filter(|n| n.is_string() || n.is_number())
                    .is_some_and(|n| seen.insert(n.to_string()))
            })
        })
    })
}

/// Lists of texts merged as sets: the newest revision's, less what the
/// draft removed, plus what it added.
fn texts(b: &[Value], o: &[Value], t: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = t
        .iter()
        .filter(|v| !b.contains(v) || o.contains(v))
        .cloned()
        .collect();
    for v in o {
        if !b.contains(v) && !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}

fn json(c: &Canvas) -> Result<Value, MergeError> {
    serde_json::to_value(c).map_err(|e| MergeError::Json(e.to_string()))
}

/// Merges the draft `ours`, based on `base`, with `theirs`, saved since.
/// Each conflict is resolved as `choices` says (one per conflict, in
/// order), or to `theirs` when `choices` is `None`.
pub fn three_way(
    base: &Canvas,
    ours: &Canvas,
    theirs: &Canvas,
    choices: Option<&[Side]>,
) -> Result<Merged, MergeError> {
    let (b, o, t) = (json(base)?, json(ours)?, json(theirs)?);
    let mut walk = Walk {
        conflicts: Vec::new(),
        choices,
    };
    let merged = walk
        .merge("", &mut Vec::new(), Some(&b), Some(&o), Some(&t))
        .unwrap_or(t);
    if let Some(c) = choices
        && c.len() != walk.conflicts.len()
    {
        return Err(MergeError::Choices {
            given: c.len(),
            conflicts: walk.conflicts.len(),
        });
    }
    let canvas: Canvas =
        serde_json::from_value(merged).map_err(|e| MergeError::Invalid(e.to_string()))?;
    Ok(Merged {
        canvas,
        conflicts: walk.conflicts,
        revision: 0,
    })
}
