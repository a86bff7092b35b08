//! The example mesh in `examples/` is what other tests, the docs and the
//! app's first start rely on: it must parse, be canonical, and form a
//! complete, linked, acyclic mesh with every block filled in.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use meshcanvas::format;
use meshcanvas::model::{Canvas, InputSource};

use crate::util;

fn load() -> Vec<(PathBuf, Canvas)> {
    util::example_canvases()
        .into_iter()
        .map(|p| {
            let c = format::read_canvas_file(&p).unwrap_or_else(|e| panic!("{e}"));
            (p, c)
        })
        .collect()
}

#[test]
fn every_example_parses() {
    let examples = load();
    assert!(!examples.is_empty(), "no examples found");
}

#[test]
fn every_example_is_canonical() {
    for (path, canvas) in load() {
        let on_disk = std::fs::read_to_string(&path).expect("read");
        assert!(
            on_disk == format::to_canonical_json(&canvas),
            "{} is not canonical; run `meshcanvas fmt examples/`",
            path.display()
        );
    }
}

#[test]
fn the_mesh_has_enough_products_and_domains() {
    let examples = load();
    assert!(examples.len() >= 10, "{} products", examples.len());
    let domains: BTreeSet<&str> = examples
        .iter()
        .map(|(_, c)| c.domain.name.as_str())
        .collect();
    assert!(domains.len() >= 4, "domains: {domains:?}");
}

#[test]
fn files_sit_in_their_domain_folder_under_their_id() {
    for (path, c) in load() {
        let want = util::repo_path("examples")
            .join(&c.domain.name)
            .join(format!("{}.canvas.json", c.product.id));
        assert_eq!(path, want);
    }
}

#[test]
fn product_ids_are_unique() {
    let mut seen = BTreeMap::new();
    for (path, c) in load() {
        if let Some(other) = seen.insert(c.product.id.clone(), path.clone()) {
            panic!(
                "{} used by {} and {}",
                c.product.id,
                other.display(),
                path.display()
            );
        }
    }
}

/// The upstream product ids each product reads, from product-kind inputs.
fn upstreams(c: &Canvas) -> Vec<(&str, &str)> {
    c.input_ports
        .iter()
        .filter_map(|i| match &i.source {
            InputSource::Product {
                product_id,
                port_id,
            } => Some((product_id.as_str(), port_id.as_str())),
            InputSource::Operational { .. } => None,
        })
        .collect()
}

#[test]
fn every_product_input_resolves_to_a_product_and_port() {
    let examples = load();
    let by_id: BTreeMap<&str, &Canvas> = examples
        .iter()
        .map(|(_, c)| (c.product.id.as_str(), c))
        .collect();
    let mut links = 0;
    for (_, c) in &examples {
        for (product, port) in upstreams(c) {
            let upstream = by_id
                .get(product)
                .unwrap_or_else(|| panic!("{} reads unknown product {product}", c.product.id));
            assert!(
                upstream.output_port(port).is_some(),
                "{} reads {product}:{port}, which has no such output port",
                c.product.id
            );
            links += 1;
        }
    }
    assert!(links >= 10, "only {links} product links");
    // Source-aligned products read operational systems.
    assert!(examples.iter().any(|(_, c)| {
        c.input_ports
            .iter()
            .any(|i| matches!(i.source, InputSource::Operational { .. }))
    }));
}

#[test]
fn the_product_graph_is_acyclic_and_several_levels_deep() {
    let examples = load();
    let edges: BTreeMap<&str, Vec<&str>> = examples
        .iter()
        .map(|(_, c)| {
            (
                c.product.id.as_str(),
                upstreams(c).into_iter().map(|(p, _)| p).collect(),
            )
        })
        .collect();
    // Depth-first search with an explicit "on the current path" set; the
    // depth of a product is 1 + the deepest product it reads.
    fn depth<'a>(
        id: &'a str,
        edges: &BTreeMap<&'a str, Vec<&'a str>>,
        path: &mut Vec<&'a str>,
        memo: &mut BTreeMap<&'a str, usize>,
    ) -> usize {
        if let Some(&d) = memo.get(id) {
            return d;
        }
        assert!(!path.contains(&id), "dependency cycle: {path:?} -> {id}");
        path.push(id);
        let d = 1 + edges
            .get(id)
            .into_iter()
            .flatten()
            .map(|up| depth(up, edges, path, memo))
            .max()
            .unwrap_or(0);
        path.pop();
        memo.insert(id, d);
        d
    }
    let mut memo = BTreeMap::new();
    let deepest = edges
        .keys()
        .map(|id| depth(id, &edges, &mut Vec::new(), &mut memo))
        .max()
        .unwrap_or(0);
    assert!(deepest >= 3, "the mesh is only {deepest} levels deep");
}

#[test]
fn every_block_of_every_canvas_is_filled_in() {
    for (path, c) in load() {
        let p = path.display();
        let empty: Vec<&str> = [
            ("consumers", c.consumers.is_empty()),
            ("outputPorts", c.output_ports.is_empty()),
            ("metadata.license", c.metadata.license.is_empty()),
            ("inputPorts", c.input_ports.is_empty()),
            ("design.steps", c.design.steps.is_empty()),
            (
                "observability.qualityChecks",
                c.observability.quality_checks.is_empty(),
            ),
            ("ubiquitousLanguage", c.ubiquitous_language.is_empty()),
            ("policies", c.policies.is_empty()),
            ("domain.team.support", c.domain.team.support.is_empty()),
            ("domain.team.members", c.domain.team.members.is_empty()),
            (
                "domain.productOwner.name",
                c.domain.product_owner.name.is_empty(),
            ),
            ("product.purpose", c.product.purpose.is_empty()),
        ]
        .into_iter()
        .filter_map(|(name, is_empty)| is_empty.then_some(name))
        .collect();
        assert!(empty.is_empty(), "{p}: empty blocks {empty:?}");
        for port in &c.output_ports {
            assert!(
                port.fields().next().is_some() && !port.description.is_empty(),
                "{p}: port {} lacks schema or description",
                port.id
            );
        }
    }
}

#[test]
fn the_mesh_shows_lifecycle_and_a_waiver() {
    use meshcanvas::model::LifecycleStatus;
    let examples = load();
    let statuses: Vec<LifecycleStatus> = examples.iter().map(|(_, c)| c.product.status).collect();
    assert!(statuses.contains(&LifecycleStatus::Proposed));
    assert!(statuses.contains(&LifecycleStatus::Draft));
    assert!(examples.iter().any(|(_, c)| {
        c.output_ports
            .iter()
            .any(|p| p.status == LifecycleStatus::Deprecated)
    }));
    let waivers: Vec<_> = examples.iter().flat_map(|(_, c)| &c.waivers).collect();
    assert_eq!(waivers.len(), 1, "exactly one waiver");
    assert!(
        waivers[0]
            .approver
            .as_deref()
            .is_some_and(|a| !a.is_empty())
    );
    assert_eq!(waivers[0].expires.as_deref(), Some("2027-06-30"));
}
