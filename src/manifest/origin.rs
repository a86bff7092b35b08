//! Where each part of a canvas imported from manifests came from, so that a
//! finding about the canvas can be reported at the manifest's own file,
//! line and JSON pointer (`meshcanvas check contracts/`).
//!
//! Two sources, because the import has two shapes:
//!
//! - Items read in place (the contract itself, each schema property, SLA
//!   property, quality rule and role) end in [`super::read::Obj::finish_in`],
//!   which, when the reader records origins, notes the object's file and
//!   pointer in the item's extensions under [`ORIGIN`]. [`import_traced`]
//!   collects those notes with the canvas pointer of the item that carries
//!   them, and removes them, so the standards see the canvas an ordinary
//!   import makes.
//! - The product's own blocks (id, name, purpose, domain and team, links,
//!   input ports) come from fixed keys of the document: [`blocks`] lists
//!   them, per kind of document.
//!
//! A finding's pointer is placed at the longest of these that leads to it;
//! the rest of the pointer is followed in the document for as long as the
//! document has the same keys (canvas and ODCS share most names:
//! `description`, `classification`, `required`), and a place the document
//! does not have (a missing purpose) is reported at the nearest one it has.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::import::{DocKind, Parsed};
use super::{ManifestError, read, yaml};
use crate::format::escape_pointer_token;
use crate::model::Canvas;

/// The extensions key an item read in place notes its origin under, while
/// the reader records origins: `[file, pointer]`.
pub const ORIGIN: &str = "meshcanvas.origin";

/// Notes in `place` that its item was read from `pointer` of `file`.
pub(super) fn stamp(place: &mut BTreeMap<String, Value>, file: &str, pointer: &str) {
    place.insert(
        ORIGIN.to_owned(),
        Value::Array(vec![
            Value::String(file.to_owned()),
            Value::String(pointer.to_owned()),
        ]),
    );
}

/// The canvas blocks that come from fixed keys of a document: canvas
/// pointer, then the document's pointers in order of preference (the first
/// the document has is used).
fn blocks(kind: DocKind) -> impl Iterator<Item = &'static (&'static str, &'static [&'static str])> {
    const SHARED: &[(&str, &[&str])] = &[
        ("/product/id", &["/id"]),
        ("/product/name", &["/name"]),
        ("/product/version", &["/version"]),
        ("/product/status", &["/status"]),
        (
            "/product/purpose",
            &["/description/purpose", "/description"],
        ),
        ("/product/tags", &["/tags"]),
        ("/domain/name", &["/domain"]),
        ("/domain/team/support", &["/support"]),
        ("/domain/team", &["/team"]),
        ("/domain/productOwner", &["/team"]),
        // The block as a whole: its rules are about the team.
        ("/domain", &["/team", "/domain"]),
        ("/metadata/links", &["/authoritativeDefinitions"]),
    ];
    const ODPS: &[(&str, &[&str])] = &[
        ("/inputPorts", &["/inputPorts"]),
        ("/outputPorts", &["/outputPorts"]),
    ];
    // A lone contract is its canvas's only output port.
    const ODCS: &[(&str, &[&str])] = &[
        ("/outputPorts/0", &[""]),
        ("/outputPorts/0/slos", &["/slaProperties"]),
        ("/outputPorts/0/servers", &["/servers"]),
        ("/policies", &["/roles"]),
    ];
    SHARED.iter().chain(match kind {
        DocKind::Odps => ODPS,
        DocKind::Odcs => ODCS,
    })
}

/// A place in a manifest file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestPlace {
    pub file: String,
    /// JSON pointer into the document (`""` is its root).
    pub pointer: String,
    /// 1-based line and column of the value (the document's start when the
    /// layout could not be followed).
    pub line: usize,
    pub column: usize,
}

/// A canvas imported from manifests, with where its parts came from.
#[derive(Debug)]
pub struct TracedCanvas {
    pub canvas: Canvas,
    /// The document the canvas is (the product, or the lone contract).
    pub file: String,
    /// Every file read into it, that one first.
    pub sources: Vec<String>,
    pub warnings: Vec<String>,
    kind: DocKind,
    /// The items read in place.
    items: Vec<Item>,
}

/// An item of the canvas read in place: its canvas pointer, and the file
/// and pointer it was read from.
#[derive(Debug)]
struct Item {
    canvas_pointer: String,
    file: String,
    pointer: String,
}

/// One document read.
#[derive(Debug)]
struct Doc {
    text: String,
    value: Value,
}

/// Manifests read into canvases for checking: the canvases, the documents
/// they came from, and the documents (or products) that could not be read.
#[derive(Debug, Default)]
pub struct TracedImport {
    pub canvases: Vec<TracedCanvas>,
    /// One per document or product that could not be read, in file order;
    /// the rest are read all the same.
    pub errors: Vec<ManifestError>,
    docs: BTreeMap<String, Doc>,
}

/// Reads manifest documents given as `(file name, text)` into canvases as
/// [`super::import_documents`] does, noting where every part came from. A
/// document that cannot be read (or a product whose contract cannot) is
/// an error of its own; the others are read all the same.
#[must_use]
pub fn import_traced(docs: Vec<(String, String)>) -> TracedImport {
    let mut out = TracedImport::default();
    let mut values: Vec<Option<(Value, DocKind)>> = Vec::with_capacity(docs.len());
    for (name, text) in &docs {
        let parsed = if name.ends_with(".json") {
            yaml::parse_json(name, text)
        } else {
            yaml::parse(name, text)
        };
        let classified = parsed.and_then(|value| {
            let src = read::Source {
                file: name.clone(),
                text,
            };
            super::import::classify(&src, &value).map(|kind| (value, kind))
        });
        match classified {
            Ok(v) => values.push(Some(v)),
            Err(e) => {
                out.errors.push(e);
                values.push(None);
            }
        }
    }
    let parsed: Vec<Parsed<'_>> = docs
        .iter()
        .zip(values)
        .filter_map(|((name, text), v)| {
            v.map(|(value, kind)| Parsed {
                src: read::Source {
                    file: name.clone(),
                    text,
                },
                value,
                kind,
            })
        })
        .collect();
    let kinds: BTreeMap<String, DocKind> = parsed
        .iter()
        .map(|p| (p.src.file.clone(), p.kind))
        .collect();
    let results = super::import::assemble_each(&parsed, true);
    let values: Vec<(String, Value)> = parsed.into_iter().map(|p| (p.src.file, p.value)).collect();
    for result in results {
        match result.and_then(|imported| {
            let file = imported.sources.first().cloned().unwrap_or_default();
            let kind = kinds.get(&file).copied().unwrap_or(DocKind::Odcs);
            let (canvas, items) = take_origins(imported.canvas, &file)?;
            Ok(TracedCanvas {
                canvas,
                file,
                sources: imported.sources,
                warnings: imported.warnings,
                kind,
                items,
            })
        }) {
            Ok(c) => out.canvases.push(c),
            Err(e) => out.errors.push(e),
        }
    }
    let texts: BTreeMap<String, String> = docs.into_iter().collect();
    for (file, value) in values {
        let text = texts.get(&file).cloned().unwrap_or_default();
        out.docs.insert(file, Doc { text, value });
    }
    out.errors.sort_by_cached_key(error_file);
    out
}

/// The file an error is about, for ordering.
fn error_file(e: &ManifestError) -> String {
    match e {
        ManifestError::Syntax { file, .. }
        | ManifestError::Invalid { file, .. }
        | ManifestError::TooLarge { file, .. } => file.clone(),
        ManifestError::Io { path, .. } => path.display().to_string(),
        _ => String::new(),
    }
}

/// Collects the origin notes of a canvas (and removes them), with the
/// canvas pointer of the item each was on.
fn take_origins(canvas: Canvas, file: &str) -> Result<(Canvas, Vec<Item>), ManifestError> {
    let encode = |e: serde_json::Error| ManifestError::Encode {
        message: format!("{file}: {e}"),
    };
    let mut value = serde_json::to_value(&canvas).map_err(encode)?;
    let mut items = Vec::new();
    collect(&mut value, &mut String::new(), &mut items);
    let canvas = serde_json::from_value(value).map_err(encode)?;
    Ok((canvas, items))
}

fn collect(value: &mut Value, ptr: &mut String, items: &mut Vec<Item>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(ext)) = map.get_mut("extensions") {
                if let Some(Value::Array(note)) = ext.remove(ORIGIN)
                    && let [Value::String(f), Value::String(p)] = note.as_slice()
                {
                    items.push(Item {
                        canvas_pointer: ptr.clone(),
                        file: f.clone(),
                        pointer: p.clone(),
                    });
                }
                // Notes on what an item keeps inside its extensions (a
                // schema object's own keys) are not canvas items: dropped.
                strip(ext);
            }
            for (k, child) in map.iter_mut() {
                if k == "extensions" {
                    continue;
                }
                let len = ptr.len();
                ptr.push('/');
                ptr.push_str(&escape_pointer_token(k));
                collect(child, ptr, items);
                ptr.truncate(len);
            }
        }
        Value::Array(list) => {
            for (i, child) in list.iter_mut().enumerate() {
                let len = ptr.len();
                ptr.push('/');
                ptr.push_str(&i.to_string());
                collect(child, ptr, items);
                ptr.truncate(len);
            }
        }
        _ => {}
    }
}

fn strip(map: &mut Map<String, Value>) {
    map.remove(ORIGIN);
    for child in map.values_mut() {
        strip_value(child);
    }
}

fn strip_value(value: &mut Value) {
    match value {
        Value::Object(m) => strip(m),
        Value::Array(list) => list.iter_mut().for_each(strip_value),
        _ => {}
    }
}

fn tokens(pointer: &str) -> Vec<&str> {
    pointer.split('/').skip(1).collect()
}

/// Whether `prefix` is `pointer` or leads to it, token by token.
fn leads_to(prefix: &str, pointer: &str) -> bool {
    pointer == prefix
        || (pointer.starts_with(prefix) && pointer.as_bytes().get(prefix.len()) == Some(&b'/'))
        || prefix.is_empty()
}

impl TracedImport {
    /// Where in its manifests the part of `c` at `canvas_pointer` was read
    /// from.
    #[must_use]
    pub fn place(&self, c: &TracedCanvas, canvas_pointer: &str) -> ManifestPlace {
        // The longest canvas pointer that leads to the finding's; items
        // read in place before the fixed blocks.
        let mut best: (usize, &str, String) = (0, c.file.as_str(), String::new());
        let mut best_len: Option<usize> = None;
        for item in &c.items {
            let cp = &item.canvas_pointer;
            if leads_to(cp, canvas_pointer) && best_len.is_none_or(|l| cp.len() > l) {
                best_len = Some(cp.len());
                best = (cp.len(), item.file.as_str(), item.pointer.clone());
            }
        }
        let main = self.docs.get(&c.file);
        for (cp, candidates) in blocks(c.kind) {
            if leads_to(cp, canvas_pointer) && best_len.is_none_or(|l| cp.len() > l) {
                best_len = Some(cp.len());
                let chosen = candidates
                    .iter()
                    .find(|m| main.is_some_and(|d| d.value.pointer(m).is_some()))
                    .or(candidates.first())
                    .copied()
                    .unwrap_or_default();
                best = (cp.len(), c.file.as_str(), chosen.to_owned());
            }
        }
        let (matched, file, mut pointer) = best;
        let Some(doc) = self.docs.get(file) else {
            return ManifestPlace {
                file: file.to_owned(),
                pointer,
                line: 1,
                column: 1,
            };
        };
        // Nearest place the document has; the rest of the canvas pointer
        // is followed only from a place it has.
        let mut rest = tokens(&canvas_pointer[matched.min(canvas_pointer.len())..]);
        while !pointer.is_empty() && doc.value.pointer(&pointer).is_none() {
            pointer.truncate(pointer.rfind('/').unwrap_or(0));
            rest.clear();
        }
        // The rest of the canvas pointer, for as long as the document has
        // the same keys.
        for token in rest {
            let here = doc.value.pointer(&pointer);
            let has = match here {
                Some(Value::Object(m)) => {
                    m.contains_key(&crate::format::unescape_pointer_token(token))
                }
                Some(Value::Array(a)) => token.parse::<usize>().is_ok_and(|i| i < a.len()),
                _ => false,
            };
            if !has {
                break;
            }
            pointer.push('/');
            pointer.push_str(token);
        }
        // The line of the value, or of the nearest value whose line the
        // document's layout lets us find.
        let mut at = pointer.clone();
        let (line, column) = loop {
            if let Some(lc) = read::locate(&doc.text, &at) {
                break lc;
            }
            if at.is_empty() {
                break (1, 1);
            }
            at.truncate(at.rfind('/').unwrap_or(0));
        };
        ManifestPlace {
            file: file.to_owned(),
            pointer,
            line,
            column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTRACT: &str = "apiVersion: v3.1.0\nkind: DataContract\nid: orders\nname: Orders\nversion: 1.0.0\nstatus: active\ndomain: sales\nschema:\n  - name: orders\n    physicalType: table\n    properties:\n      - name: order_id\n        logicalType: string\n        description: The order.\n      - name: email\n        logicalType: string\n        classification: PII\nslaProperties:\n  - property: latency\n    value: 4\n    unit: h\n  - property: freshness\n    value: 1\n    unit: d\n";

    fn traced(text: &str) -> TracedImport {
        import_traced(vec![("c.odcs.yaml".to_owned(), text.to_owned())])
    }

    #[test]
    fn a_property_s_canvas_field_is_placed_at_the_property() {
        let t = traced(CONTRACT);
        assert!(t.errors.is_empty(), "{:?}", t.errors);
        let c = &t.canvases[0];
        let p = t.place(c, "/outputPorts/0/objects/0/fields/1/classification");
        assert_eq!(p.pointer, "/schema/0/properties/1/classification");
        assert_eq!((p.line, p.column), (17, 9));
        // A key the property does not have: the property itself.
        let p = t.place(c, "/outputPorts/0/objects/0/fields/1/description");
        assert_eq!(p.pointer, "/schema/0/properties/1");
        assert_eq!(p.line, 15);
        // The second SLA property is the canvas's second SLO.
        let p = t.place(c, "/outputPorts/0/slos/1");
        assert_eq!(p.pointer, "/slaProperties/1");
        assert_eq!(p.line, 22);
    }

    #[test]
    fn product_blocks_come_from_the_contract_s_own_keys() {
        let t = traced(CONTRACT);
        let c = &t.canvases[0];
        assert_eq!(t.place(c, "/product/version").pointer, "/version");
        assert_eq!(t.place(c, "/product/version").line, 5);
        // No description: the document root.
        assert_eq!(t.place(c, "/product/purpose").pointer, "");
        // No team: the domain the contract names.
        assert_eq!(t.place(c, "/domain").pointer, "/domain");
        assert_eq!(t.place(c, "/domain/name").pointer, "/domain");
        assert_eq!(t.place(c, "/outputPorts/0").pointer, "");
        // Not followed into the root's keys from a place it does not have.
        assert_eq!(t.place(c, "/domain/team/name").pointer, "");
    }

    #[test]
    fn the_checked_canvas_carries_no_origin_notes() {
        let t = traced(CONTRACT);
        let c = &t.canvases[0];
        let text = serde_json::to_string(&c.canvas).unwrap_or_default();
        assert!(!text.contains(ORIGIN), "{text}");
        let plain =
            super::super::import_documents(&[("c.odcs.yaml".to_owned(), CONTRACT.to_owned())])
                .expect("imports");
        assert_eq!(plain[0].canvas, c.canvas);
    }

    #[test]
    fn a_malformed_document_is_an_error_of_its_own() {
        let t = import_traced(vec![
            (
                "bad.odcs.yaml".to_owned(),
                "kind: DataContract\napiVersion: v3.1.0\nid: [1\n".to_owned(),
            ),
            ("c.odcs.yaml".to_owned(), CONTRACT.to_owned()),
        ]);
        assert_eq!(t.canvases.len(), 1);
        assert_eq!(t.errors.len(), 1);
        assert!(
            t.errors[0].to_string().starts_with("bad.odcs.yaml:"),
            "{}",
            t.errors[0]
        );
    }
}
