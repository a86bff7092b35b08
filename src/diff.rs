//! The structural diff of two canvases: which blocks, cards and fields were
//! added, removed or changed, so governance can see what changed since a
//! product was approved.
//!
//! A pure function over the model, used by the store (`Workspace::diff`) and
//! usable on any two canvases, e.g. a file against the workspace.
//!
//! Cards are matched by their ids (or the name of a field, the term of a
//! term, the dimension of an SLO) rather than by array index, so inserting a
//! port at the top reports one added port, not every port changed. Arrays
//! without such ids (tags, examples) are compared as whole values.

use serde_json::Value;

use crate::format::escape_pointer_token;
use crate::model::Canvas;
use crate::wire::{ChangeKind, DiffEntry};

/// The canvas's top-level members, in the order of the building blocks, so
/// a diff reads in the order the canvas is filled in.
const BLOCKS: &[&str] = &[
    "$schema",
    "formatVersion",
    "domain",
    "product",
    "consumers",
    "outputPorts",
    "metadata",
    "inputPorts",
    "design",
    "observability",
    "ubiquitousLanguage",
    "policies",
    "waivers",
    "layout",
    "extensions",
];

/// Every difference between `before` and `after`, in building-block order.
#[must_use]
pub fn diff_canvases(before: &Canvas, after: &Canvas) -> Vec<DiffEntry> {
    let (Ok(a), Ok(b)) = (serde_json::to_value(before), serde_json::to_value(after)) else {
        // Serializing plain data into a Value cannot fail (string keys only).
        return Vec::new();
    };
    let mut out = Vec::new();
    for block in BLOCKS {
        let pointer = format!("/{}", escape_pointer_token(block));
        let (va, vb) = (a.get(*block), b.get(*block));
        // Arrays of cards label their elements themselves; objects and
        // scalars start with the block's name.
        let labels = if matches!(va.or(vb), Some(Value::Array(_))) {
            Vec::new()
        } else {
            vec![words(block)]
        };
        let mut walk = Walk {
            block,
            out: &mut out,
        };
        walk.value(va, vb, &Place::new(&pointer, &pointer, labels, block));
    }
    out
}

/// Where the walk is: the pointer in each document, the human label so far,
/// and the member name (to name array elements).
#[derive(Clone)]
struct Place {
    before: String,
    after: String,
    labels: Vec<String>,
    key: String,
}

impl Place {
    fn new(before: &str, after: &str, labels: Vec<String>, key: &str) -> Self {
        Self {
            before: before.to_owned(),
            after: after.to_owned(),
            labels,
            key: key.to_owned(),
        }
    }

    fn label(&self) -> String {
        if self.labels.is_empty() {
            words(&self.key)
        } else {
            self.labels.join(" › ")
        }
    }

    fn member(&self, key: &str, label: String) -> Self {
        let token = escape_pointer_token(key);
        let mut labels = self.labels.clone();
        labels.push(label);
        Self {
            before: format!("{}/{token}", self.before),
            after: format!("{}/{token}", self.after),
            labels,
            key: key.to_owned(),
        }
    }

    fn element(
        &self,
        before_index: Option<usize>,
        after_index: Option<usize>,
        label: String,
    ) -> Self {
        let mut labels = self.labels.clone();
        if !label.is_empty() {
            labels.push(label);
        }
        Self {
            before: before_index.map_or_else(String::new, |i| format!("{}/{i}", self.before)),
            after: after_index.map_or_else(String::new, |i| format!("{}/{i}", self.after)),
            labels,
            key: self.key.clone(),
        }
    }
}

struct Walk<'a> {
    block: &'a str,
    out: &'a mut Vec<DiffEntry>,
}

impl Walk<'_> {
    fn push(
        &mut self,
        kind: ChangeKind,
        place: &Place,
        before: Option<&Value>,
        after: Option<&Value>,
    ) {
        let pointer = match kind {
            ChangeKind::Removed => place.before.clone(),
            ChangeKind::Added | ChangeKind::Changed => place.after.clone(),
        };
        self.out.push(DiffEntry {
            kind,
            pointer,
            block: self.block.to_owned(),
            label: place.label(),
            before: before.cloned(),
            after: after.cloned(),
        });
    }

    fn value(&mut self, before: Option<&Value>, after: Option<&Value>, place: &Place) {
        match (before, after) {
            (None, None) => {}
            (None, Some(b)) => self.push(ChangeKind::Added, place, None, Some(b)),
            (Some(a), None) => self.push(ChangeKind::Removed, place, Some(a), None),
            (Some(a), Some(b)) if a == b => {}
            (Some(Value::Object(a)), Some(Value::Object(b))) => {
                let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
                keys.sort();
                keys.dedup();
                for key in keys {
                    let label = member_label(&place.key, key);
                    self.value(a.get(key), b.get(key), &place.member(key, label));
                }
            }
            (Some(Value::Array(a)), Some(Value::Array(b))) => match identity(a, b) {
                Some(id) => self.cards(a, b, &id, place),
                None => self.push(
                    ChangeKind::Changed,
                    place,
                    Some(&Value::Array(a.clone())),
                    Some(&Value::Array(b.clone())),
                ),
            },
            (Some(a), Some(b)) => self.push(ChangeKind::Changed, place, Some(a), Some(b)),
        }
    }

    /// Two arrays of cards matched by identity.
    fn cards(&mut self, a: &[Value], b: &[Value], id: &Identity, place: &Place) {
        let keys_a: Vec<String> = a.iter().filter_map(|v| id.of(v)).collect();
        let keys_b: Vec<String> = b.iter().filter_map(|v| id.of(v)).collect();
        let noun = element_noun(&place.key);
        // `field "email"` says it is in the fields: no `fields ›` before it.
        let mut parent = place.clone();
        if parent.labels.last() == Some(&place.key) {
            parent.labels.pop();
        }
        for (ib, key) in keys_b.iter().enumerate() {
            let ia = keys_a.iter().position(|k| k == key);
            // A port's only table goes without saying.
            let only = place.key == "objects" && a.len() == 1 && b.len() == 1 && ia.is_some();
            let label = if only {
                String::new()
            } else {
                format!("{noun} \"{key}\"")
            };
            match ia {
                Some(ia) => self.value(
                    Some(&a[ia]),
                    Some(&b[ib]),
                    &parent.element(Some(ia), Some(ib), label),
                ),
                None => self.value(None, Some(&b[ib]), &parent.element(None, Some(ib), label)),
            }
        }
        for (ia, key) in keys_a.iter().enumerate() {
            if !keys_b.contains(key) {
                let label = format!("{noun} \"{key}\"");
                self.value(Some(&a[ia]), None, &parent.element(Some(ia), None, label));
            }
        }
        // The same cards in another order is a change of its own.
        let common_a: Vec<&String> = keys_a.iter().filter(|k| keys_b.contains(k)).collect();
        let common_b: Vec<&String> = keys_b.iter().filter(|k| keys_a.contains(k)).collect();
        if common_a != common_b {
            let mut order = place.clone();
            if order.labels.is_empty() {
                order.labels.push(words(&place.key));
            }
            order.labels.push("order".to_owned());
            let to_value = |keys: &[&String]| {
                Value::Array(keys.iter().map(|k| Value::String((*k).clone())).collect())
            };
            self.push(
                ChangeKind::Changed,
                &order,
                Some(&to_value(&common_a)),
                Some(&to_value(&common_b)),
            );
        }
    }
}

/// How the elements of an array of cards are told apart.
enum Identity {
    /// One string member, e.g. `id`.
    Member(&'static str),
    /// A waiver: the rule it waives and where.
    Waiver,
}

impl Identity {
    fn of(&self, v: &Value) -> Option<String> {
        match self {
            Self::Member(m) => v.get(*m)?.as_str().map(str::to_owned),
            Self::Waiver => {
                let rule = v.get("ruleId")?.as_str()?;
                let pointer = v.get("pointer")?.as_str()?;
                Some(if pointer.is_empty() {
                    rule.to_owned()
                } else {
                    format!("{rule} at {pointer}")
                })
            }
        }
    }
}

/// The identity shared by every element of both arrays and unique within
/// each, if there is one.
fn identity(a: &[Value], b: &[Value]) -> Option<Identity> {
    const MEMBERS: &[&str] = &["id", "name", "term", "channel", "dimension", "title"];
    let candidates =
        std::iter::once(Identity::Waiver).chain(MEMBERS.iter().map(|m| Identity::Member(m)));
    for id in candidates {
        let unique = |xs: &[Value]| -> bool {
            let mut keys = Vec::with_capacity(xs.len());
            for x in xs {
                if !x.is_object() {
                    return false;
                }
                match id.of(x) {
                    Some(k) if !keys.contains(&k) => keys.push(k),
                    _ => return false,
                }
            }
            true
        };
        if (!a.is_empty() || !b.is_empty()) && unique(a) && unique(b) {
            return Some(id);
        }
    }
    None
}

/// What one element of the array member `key` is called.
fn element_noun(key: &str) -> &str {
    match key {
        "consumers" => "consumer",
        "outputPorts" => "output port",
        "inputPorts" => "input port",
        "objects" => "table",
        "fields" => "field",
        "servers" => "server",
        "quality" => "quality rule",
        "relationships" => "relationship",
        "slos" => "SLO",
        "expects" => "expected SLO",
        "steps" => "design step",
        "qualityChecks" => "quality check",
        "metrics" => "metric",
        "alarms" => "alarm",
        "ubiquitousLanguage" => "term",
        "policies" => "policy",
        "waivers" => "waiver",
        "notes" => "sticky note",
        "members" => "team member",
        "support" => "support channel",
        "links" => "link",
        other => other,
    }
}

/// The label of member `key` of an object that is itself member `parent`:
/// entries of maps are named by their key.
fn member_label(parent: &str, key: &str) -> String {
    match parent {
        "cards" => format!("card \"{key}\""),
        "extensions" => format!("extension \"{key}\""),
        "parameters" => format!("parameter \"{key}\""),
        _ => words(key),
    }
}

/// A member's name as the inspector says it: `piiSummary` is "PII summary",
/// `expiry` is "review by"; other names are their camelCase words.
fn words(key: &str) -> String {
    let said = match key {
        "expiry" => "review by",
        "license" => "licence",
        "pii" => "PII",
        "piiSummary" => "PII summary",
        "url" => "URL",
        "email" => "e-mail",
        "alarmThreshold" => "alarm at",
        "layout" => "board layout",
        "$schema" => "schema reference",
        "slos" => "SLOs",
        _ => "",
    };
    if !said.is_empty() {
        return said.to_owned();
    }
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, OutputPort, PortKind, SchemaObject};

    fn port(id: &str, fields: &[&str]) -> OutputPort {
        OutputPort {
            id: id.to_owned(),
            name: id.to_owned(),
            kind: PortKind::Table,
            objects: vec![SchemaObject::table(
                id,
                fields
                    .iter()
                    .map(|f| Field {
                        name: (*f).to_owned(),
                        ..Field::default()
                    })
                    .collect(),
            )],
            ..OutputPort::default()
        }
    }

    #[test]
    fn identical_canvases_have_no_diff() {
        let c = Canvas::skeleton("orders", "Orders", "sales");
        assert!(diff_canvases(&c, &c).is_empty());
    }

    #[test]
    fn ports_are_matched_by_id_not_index() {
        let mut a = Canvas::skeleton("orders", "Orders", "sales");
        a.output_ports = vec![port("orders", &["id", "email"])];
        let mut b = a.clone();
        b.output_ports.insert(0, port("returns", &["id"]));
        b.output_ports[1].objects[0].fields[1].pii = true;
        let d = diff_canvases(&a, &b);
        let summary: Vec<(ChangeKind, &str, &str)> = d
            .iter()
            .map(|e| (e.kind, e.pointer.as_str(), e.label.as_str()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    ChangeKind::Added,
                    "/outputPorts/0",
                    "output port \"returns\""
                ),
                (
                    ChangeKind::Changed,
                    "/outputPorts/1/objects/0/fields/1/pii",
                    "output port \"orders\" › field \"email\" › PII"
                ),
            ]
        );
        assert!(d.iter().all(|e| e.block == "outputPorts"));
    }

    #[test]
    fn removed_card_points_into_the_old_revision() {
        let mut a = Canvas::skeleton("orders", "Orders", "sales");
        a.output_ports = vec![port("a", &[]), port("b", &[])];
        let mut b = a.clone();
        b.output_ports.remove(0);
        let d = diff_canvases(&a, &b);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, ChangeKind::Removed);
        assert_eq!(d[0].pointer, "/outputPorts/0");
        assert_eq!(d[0].after, None);
    }

    #[test]
    fn scalar_blocks_are_labelled_with_the_block() {
        let a = Canvas::skeleton("orders", "Orders", "sales");
        let mut b = a.clone();
        b.product.name = "Customer orders".to_owned();
        b.product.tags = vec!["gold".to_owned()];
        let d = diff_canvases(&a, &b);
        let labels: Vec<&str> = d.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(labels, vec!["product › name", "product › tags"]);
        assert_eq!(d[0].before, Some(Value::String("Orders".to_owned())));
    }

    #[test]
    fn members_are_named_in_the_inspector_s_words() {
        let a = Canvas::skeleton("orders", "Orders", "sales");
        let mut b = a.clone();
        b.metadata.expiry = Some("2027-06-30".to_owned());
        b.metadata.pii_summary = "customer_id".to_owned();
        b.metadata.security_notes = "EU only".to_owned();
        let labels: Vec<String> = diff_canvases(&a, &b).into_iter().map(|e| e.label).collect();
        assert_eq!(
            labels,
            [
                "metadata › review by",
                "metadata › PII summary",
                "metadata › security notes"
            ]
        );
    }

    #[test]
    fn reordering_cards_is_reported_once() {
        let mut a = Canvas::skeleton("orders", "Orders", "sales");
        a.output_ports = vec![port("a", &[]), port("b", &[])];
        let mut b = a.clone();
        b.output_ports.reverse();
        let d = diff_canvases(&a, &b);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].label, "output ports › order");
        assert_eq!(d[0].pointer, "/outputPorts");
    }
}
