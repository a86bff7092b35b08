//! Built-in mesh rules: what no single canvas can say about itself, computed
//! over the product graph (an input port reading another product's output
//! port is an edge from the reader to the producer).
//!
//! Each rule looks at one product and what it is linked to, so after an edit
//! only the edited product and its neighbours need rechecking
//! ([`super::MeshCheck::upsert`]). Of a product other than the one it
//! checks, a rule reads only what [`seen_by_neighbours`] returns; an edit
//! that leaves that unchanged does not recheck the neighbours, so a rule
//! reading more of its neighbours must add it there. The exception is cycle membership, which
//! is global: the product graph ([`crate::mesh`]) computes it again when an
//! edit changes the graph's edges, and products whose membership changed
//! are rechecked too.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use crate::mesh::{ProductGraph, Read, reads};
use crate::model::{Canvas, DataClassification, Field, LifecycleStatus, OutputPort, SloDimension};

/// What the mesh rules read of a product when they check another one: its
/// id, status and domain, and its ports.
#[must_use]
pub fn seen_by_neighbours(
    c: &Canvas,
) -> (
    &str,
    LifecycleStatus,
    &str,
    &[crate::model::OutputPort],
    &[crate::model::InputPort],
) {
    (
        &c.product.id,
        c.product.status,
        &c.domain.name,
        &c.output_ports,
        &c.input_ports,
    )
}

/// The built-in mesh rules a pack can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeshBuiltin {
    ProductIdUniqueInMesh,
    InputPortReferenceResolves,
    NoDependencyCycles,
    FreshnessNotBetterThanInputs,
    PiiClassificationPreservedDownstream,
    DeprecatedPortGainsNoConsumers,
    OutputPortHasConsumer,
}

/// Parameters of the mesh rules; each rule reads the ones it documents and
/// a pack naming one a rule does not read fails to load.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MeshParams {
    /// `deprecated-port-gains-no-consumers`: statuses of readers that must
    /// not read such ports (default draft, proposed).
    #[serde(default)]
    pub reader_statuses: Option<Vec<LifecycleStatus>>,
    /// `deprecated-port-gains-no-consumers`: port (or product) statuses that
    /// take no new readers (default deprecated, retired).
    #[serde(default)]
    pub port_statuses: Option<Vec<LifecycleStatus>>,
    /// `output-port-has-consumer`: statuses of products whose ports must
    /// have a consumer (default active).
    #[serde(default)]
    pub product_statuses: Option<Vec<LifecycleStatus>>,
    /// `freshness-not-better-than-inputs`: slack allowed, in seconds
    /// (default 0).
    #[serde(default)]
    pub tolerance_seconds: Option<f64>,
}

impl MeshBuiltin {
    /// The parameters this rule reads.
    #[must_use]
    pub fn accepted_params(self) -> &'static [&'static str] {
        match self {
            Self::DeprecatedPortGainsNoConsumers => &["readerStatuses", "portStatuses"],
            Self::OutputPortHasConsumer => &["productStatuses"],
            Self::FreshnessNotBetterThanInputs => &["toleranceSeconds"],
            _ => &[],
        }
    }
}

/// A compiled mesh rule.
#[derive(Debug, Clone)]
pub struct MeshRule {
    pub builtin: MeshBuiltin,
    pub params: MeshParams,
}

/// The mesh as the rules see it: canvases by slot, and their product graph.
#[derive(Debug, Clone, Copy)]
pub struct Mesh<'a> {
    pub canvases: &'a [Option<Canvas>],
    /// The product graph of `canvases`, slot for slot.
    pub graph: &'a ProductGraph,
    /// For each slot in a dependency cycle, the ids of its strongly
    /// connected component, sorted ([`ProductGraph::cycles`]).
    pub cyclic: &'a HashMap<usize, Vec<String>>,
}

impl Mesh<'_> {
    /// The canvas of a product id (the first, if the id is not unique).
    #[must_use]
    pub fn product(&self, id: &str) -> Option<&Canvas> {
        let slot = *self.graph.slots(id).first()?;
        self.canvases.get(slot)?.as_ref()
    }
}

/// One finding of a mesh rule, before it becomes a [`crate::wire::Finding`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeshFailure {
    pub pointer: String,
    pub message: String,
}

impl MeshRule {
    /// Checks the product in `slot`.
    pub fn check(&self, mesh: &Mesh<'_>, slot: usize, out: &mut Vec<MeshFailure>) {
        let Some(Some(c)) = mesh.canvases.get(slot) else {
            return;
        };
        match self.builtin {
            MeshBuiltin::ProductIdUniqueInMesh => unique(mesh, c, out),
            MeshBuiltin::InputPortReferenceResolves => resolves(mesh, c, out),
            MeshBuiltin::NoDependencyCycles => cycles(mesh, slot, c, out),
            MeshBuiltin::FreshnessNotBetterThanInputs => {
                freshness(mesh, c, self.params.tolerance_seconds.unwrap_or(0.0), out);
            }
            MeshBuiltin::PiiClassificationPreservedDownstream => pii(mesh, c, out),
            MeshBuiltin::DeprecatedPortGainsNoConsumers => deprecated(
                mesh,
                c,
                self.params
                    .reader_statuses
                    .as_deref()
                    .unwrap_or(&[LifecycleStatus::Draft, LifecycleStatus::Proposed]),
                self.params
                    .port_statuses
                    .as_deref()
                    .unwrap_or(&[LifecycleStatus::Deprecated, LifecycleStatus::Retired]),
                out,
            ),
            MeshBuiltin::OutputPortHasConsumer => has_consumer(
                mesh,
                slot,
                c,
                self.params
                    .product_statuses
                    .as_deref()
                    .unwrap_or(&[LifecycleStatus::Active]),
                out,
            ),
        }
    }
}

fn unique(mesh: &Mesh<'_>, c: &Canvas, out: &mut Vec<MeshFailure>) {
    let n = mesh.graph.slots(&c.product.id).len();
    if n > 1 {
        out.push(MeshFailure {
            pointer: "/product/id".to_owned(),
            message: format!(
                "product id \"{}\" is used by {n} canvases in the mesh",
                c.product.id
            ),
        });
    }
}

fn resolves(mesh: &Mesh<'_>, c: &Canvas, out: &mut Vec<MeshFailure>) {
    for Read {
        input: i,
        product: pid,
        port,
    } in reads(c)
    {
        let name = input_name(c, i);
        match mesh.product(pid) {
            None if pid.trim().is_empty() => out.push(MeshFailure {
                pointer: format!("/inputPorts/{i}/source/productId"),
                message: format!(
                    "input port {name} does not say which product it reads: choose the product"
                ),
            }),
            None => out.push(MeshFailure {
                pointer: format!("/inputPorts/{i}/source/productId"),
                message: format!(
                    "input port {name} reads product \"{pid}\", which is not in the workspace \
                     (deleted, renamed or not designed yet): choose the product it reads"
                ),
            }),
            Some(up) if up.output_port(port).is_none() => {
                let ports: Vec<String> = up
                    .output_ports
                    .iter()
                    .map(|p| format!("\"{}\"", p.id))
                    .collect();
                let has = if ports.is_empty() {
                    "it has none yet".to_owned()
                } else {
                    format!("it has {}", ports.join(", "))
                };
                let message = if port.trim().is_empty() {
                    format!(
                        "input port {name} does not say which output port of \"{pid}\" it \
                         reads ({has}): choose the port"
                    )
                } else {
                    format!(
                        "input port {name} reads output port \"{port}\" of \"{pid}\", which \
                         has no such port ({has}): choose the port"
                    )
                };
                out.push(MeshFailure {
                    pointer: format!("/inputPorts/{i}/source/portId"),
                    message,
                });
            }
            Some(_) => {}
        }
    }
}

/// An input port as a message names it: its name, else its id, quoted.
fn input_name(c: &Canvas, i: usize) -> String {
    let p = &c.input_ports[i];
    let shown = if p.name.trim().is_empty() {
        &p.id
    } else {
        &p.name
    };
    format!("\"{shown}\"")
}

fn cycles(mesh: &Mesh<'_>, slot: usize, c: &Canvas, out: &mut Vec<MeshFailure>) {
    let Some(members) = mesh.cyclic.get(&slot) else {
        return;
    };
    for Read {
        input: i,
        product: pid,
        ..
    } in reads(c)
    {
        if members.iter().any(|m| m == pid) {
            out.push(MeshFailure {
                pointer: format!("/inputPorts/{i}/source/productId"),
                message: format!(
                    "reading \"{pid}\" closes a dependency cycle among {}: one of them must \
                     read from another source",
                    members
                        .iter()
                        .map(|m| format!("\"{m}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
    }
}

/// The slowest freshness a port promises, in seconds.
fn port_freshness(slos: &[crate::model::Slo]) -> Option<f64> {
    slos.iter()
        .filter(|s| s.dimension == SloDimension::Freshness)
        .filter_map(crate::model::Slo::target_seconds)
        .reduce(f64::max)
}

/// `90` → `1.5 min`, for messages.
#[must_use]
pub fn human_seconds(s: f64) -> String {
    let (v, unit) = if s >= 86_400.0 {
        (s / 86_400.0, "d")
    } else if s >= 3_600.0 {
        (s / 3_600.0, "h")
    } else if s >= 60.0 {
        (s / 60.0, "min")
    } else {
        (s, "s")
    };
    let t = format!("{v:.2}");
    let t = t.trim_end_matches('0').trim_end_matches('.');
    format!("{t} {unit}")
}

fn freshness(mesh: &Mesh<'_>, c: &Canvas, tolerance: f64, out: &mut Vec<MeshFailure>) {
    // The slowest upstream port this product reads.
    let mut slowest: Option<(f64, String)> = None;
    for Read {
        product: pid, port, ..
    } in reads(c)
    {
        let Some(up) = mesh.product(pid).and_then(|u| u.output_port(port)) else {
            continue;
        };
        if let Some(f) = port_freshness(&up.slos)
            && slowest.as_ref().is_none_or(|(s, _)| f > *s)
        {
            slowest = Some((f, format!("{pid}/{port}")));
        }
    }
    let Some((slowest, from)) = slowest else {
        return;
    };
    for (i, port) in c.output_ports.iter().enumerate() {
        for (j, slo) in port.slos.iter().enumerate() {
            if slo.dimension != SloDimension::Freshness {
                continue;
            }
            if let Some(t) = slo.target_seconds()
                && t + tolerance < slowest
            {
                out.push(MeshFailure {
                    pointer: format!("/outputPorts/{i}/slos/{j}/target"),
                    message: format!(
                        "output port \"{}\" promises data at most {} old, but its input \"{from}\" \
                         delivers data up to {} old",
                        port.id,
                        human_seconds(t),
                        human_seconds(slowest)
                    ),
                });
            }
        }
    }
}

/// Visits every field, nested too, with its index path (port schema index,
/// then `fields` indexes); pointers are only built for findings.
fn walk_fields<'a>(
    fields: &'a [Field],
    path: &mut Vec<usize>,
    f: &mut dyn FnMut(&[usize], &'a Field),
) {
    for (i, field) in fields.iter().enumerate() {
        path.push(i);
        f(path, field);
        if !field.fields.is_empty() {
            walk_fields(&field.fields, path, f);
        }
        path.pop();
    }
}

/// Walks the fields of every schema object of a port; the path starts with
/// the object's index.
fn walk_port_fields<'a>(port: &'a OutputPort, f: &mut dyn FnMut(&[usize], &'a Field)) {
    let mut path = Vec::new();
    for (j, object) in port.objects.iter().enumerate() {
        path.push(j);
        walk_fields(&object.fields, &mut path, f);
        path.pop();
    }
}

/// `/outputPorts/{port}/objects/{o}/fields/{a}/fields/{b}...` for an index
/// path from [`walk_port_fields`].
fn field_pointer(port: usize, path: &[usize]) -> String {
    let mut s = format!("/outputPorts/{port}/objects");
    for (depth, i) in path.iter().enumerate() {
        if depth > 0 {
            s.push_str("/fields");
        }
        s.push('/');
        s.push_str(&i.to_string());
    }
    s
}

fn pii(mesh: &Mesh<'_>, c: &Canvas, out: &mut Vec<MeshFailure>) {
    // PII field names read from upstream, with the strictest classification
    // and where it comes from.
    let mut upstream: BTreeMap<&str, (Option<DataClassification>, String)> = BTreeMap::new();
    for Read {
        product: pid, port, ..
    } in reads(c)
    {
        let Some(up) = mesh.product(pid).and_then(|u| u.output_port(port)) else {
            continue;
        };
        walk_port_fields(up, &mut |_, f| {
            if f.pii {
                let e = upstream
                    .entry(f.name.as_str())
                    .or_insert((f.classification, format!("{pid}/{port}")));
                if f.classification > e.0 {
                    *e = (f.classification, format!("{pid}/{port}"));
                }
            }
        });
    }
    if upstream.is_empty() {
        return;
    }
    for (i, port) in c.output_ports.iter().enumerate() {
        walk_port_fields(port, &mut |path, f| {
            let Some((class, from)) = upstream.get(f.name.as_str()) else {
                return;
            };
            let ptr = field_pointer(i, path);
            if !f.pii {
                out.push(MeshFailure {
                    pointer: format!("{ptr}/pii"),
                    message: format!(
                        "field \"{}\" is PII in \"{from}\" but not marked \"pii\" in output port \"{}\"",
                        f.name, port.id
                    ),
                });
            } else if f.classification < *class {
                out.push(MeshFailure {
                    pointer: format!("{ptr}/classification"),
                    message: format!(
                        "field \"{}\" is {} in \"{from}\" but only {} in output port \"{}\"",
                        f.name,
                        class_name(*class),
                        class_name(f.classification),
                        port.id
                    ),
                });
            }
        });
    }
}

fn class_name(c: Option<DataClassification>) -> &'static str {
    let Some(c) = c else {
        return "unclassified";
    };
    match c {
        DataClassification::Public => "public",
        DataClassification::Internal => "internal",
        DataClassification::Confidential => "confidential",
        DataClassification::Restricted => "restricted",
    }
}

fn status_name(s: LifecycleStatus) -> &'static str {
    match s {
        LifecycleStatus::Draft => "draft",
        LifecycleStatus::Proposed => "proposed",
        LifecycleStatus::Active => "active",
        LifecycleStatus::Deprecated => "deprecated",
        LifecycleStatus::Retired => "retired",
    }
}

fn deprecated(
    mesh: &Mesh<'_>,
    c: &Canvas,
    readers: &[LifecycleStatus],
    ports: &[LifecycleStatus],
    out: &mut Vec<MeshFailure>,
) {
    if !readers.contains(&c.product.status) {
        return;
    }
    for Read {
        input: i,
        product: pid,
        port,
    } in reads(c)
    {
        let Some(up) = mesh.product(pid) else {
            continue;
        };
        let Some(p) = up.output_port(port) else {
            continue;
        };
        let status = if ports.contains(&p.status) {
            Some(("port", p.status))
        } else if ports.contains(&up.product.status) {
            Some(("product", up.product.status))
        } else {
            None
        };
        if let Some((what, status)) = status {
            out.push(MeshFailure {
                pointer: format!("/inputPorts/{i}/source"),
                message: format!(
                    "this {} product reads \"{pid}/{port}\", whose {what} is {}: a {} port takes \
                     no new consumers",
                    status_name(c.product.status),
                    status_name(status),
                    status_name(status)
                ),
            });
        }
    }
}

fn has_consumer(
    mesh: &Mesh<'_>,
    slot: usize,
    c: &Canvas,
    statuses: &[LifecycleStatus],
    out: &mut Vec<MeshFailure>,
) {
    if !statuses.contains(&c.product.status) {
        return;
    }
    for (i, port) in c.output_ports.iter().enumerate() {
        let by_consumer = c.consumers.iter().any(|k| k.ports.contains(&port.id));
        let by_product = mesh
            .graph
            .reads_of(&c.product.id)
            .any(|r| r.slot != slot && r.port == port.id);
        if !by_consumer && !by_product {
            out.push(MeshFailure {
                pointer: format!("/outputPorts/{i}"),
                message: format!(
                    "output port \"{}\" of this active product has no consumer and no product \
                     reads it",
                    port.id
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::human_seconds;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_seconds(90.0), "1.5 min");
        assert_eq!(human_seconds(3_600.0), "1 h");
        assert_eq!(human_seconds(5.0), "5 s");
    }
}
