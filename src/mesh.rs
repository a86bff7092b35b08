//! The product graph: which product reads which, built once from a set of
//! canvases and read by everything that follows the mesh's links: the mesh
//! map's edges, the mesh rules (cycles, who reads a port, what a product
//! reads), the deployment order and `dependsOn` of a bundle, and the
//! readers a rename updates.
//!
//! A node is a product id; an edge is one input port, drawn from the
//! product it reads to the product that reads it (the way data flows). An
//! id that is read but has no canvas in the set (deleted, renamed, not
//! designed yet, or left empty) is a node without canvases, so a dangling
//! reference stays in the graph as what it is. An id two canvases share is
//! one node with both: the mesh rules report the clash, an export refuses
//! it.
//!
//! Canvases are named by slot, their place in the list the graph was built
//! from. A mesh checked incrementally ([`crate::standards::MeshCheck`])
//! swaps one canvas with [`ProductGraph::remove`] and
//! [`ProductGraph::insert`] instead of building the graph again, which at
//! ten thousand products would cost more than the whole recheck; that is why
//! the graph is a petgraph `StableGraph`, whose indices survive removals.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap, HashSet};

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef as _, IntoEdgeReferences as _};

use crate::model::{Canvas, InputSource};

/// One input port of a canvas that reads another product's output port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Read<'a> {
    /// The input port's index among the canvas's input ports.
    pub input: usize,
    /// The product it reads, as written (perhaps not in the mesh, perhaps
    /// empty).
    pub product: &'a str,
    /// The output port of that product it reads, as written.
    pub port: &'a str,
}

/// The input ports of a canvas that read another product, in order.
pub fn reads(c: &Canvas) -> impl Iterator<Item = Read<'_>> {
    c.input_ports
        .iter()
        .enumerate()
        .filter_map(|(input, p)| match &p.source {
            InputSource::Product {
                product_id,
                port_id,
            } => Some(Read {
                input,
                product: product_id,
                port: port_id,
            }),
            InputSource::Operational { .. } => None,
        })
}

/// An edge of the graph: one input port reading an upstream product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The slot of the reading canvas.
    pub slot: usize,
    /// The input port: its index in the reading canvas, and its id.
    pub input: usize,
    pub input_id: String,
    /// The output port of the upstream product it reads.
    pub port: String,
}

/// A node: a product id and the slots of the canvases that have it (none
/// when it is only read).
#[derive(Debug, Clone)]
struct Product {
    id: String,
    slots: Vec<usize>,
}

/// Products that read each other in a circle, in the direction data flows,
/// from the smallest id round to it again: `["a", "b", "a"]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle(pub Vec<String>);

/// The product graph of a set of canvases.
#[derive(Debug, Clone, Default)]
pub struct ProductGraph {
    graph: StableDiGraph<Product, Edge>,
    by_id: HashMap<String, NodeIndex>,
    /// The node of the canvas in each slot.
    nodes: Vec<Option<NodeIndex>>,
}

impl ProductGraph {
    /// The graph of `canvases`, canvas `i` in slot `i`.
    #[must_use]
    pub fn of(canvases: &[Canvas]) -> Self {
        let mut g = Self::default();
        for (slot, c) in canvases.iter().enumerate() {
            g.insert(slot, c);
        }
        g
    }

    /// The graph of the canvases in `slots`; empty slots have none.
    #[must_use]
    pub fn of_slots(slots: &[Option<Canvas>]) -> Self {
        let mut g = Self::default();
        for (slot, c) in slots.iter().enumerate() {
            if let Some(c) = c {
                g.insert(slot, c);
            }
        }
        g
    }

    /// Puts canvas `c` in `slot`, replacing the canvas there. The slot
    /// comes last among the slots of its id (see [`ProductGraph::slots`]).
    pub fn insert(&mut self, slot: usize, c: &Canvas) {
        self.remove(slot);
        if self.nodes.len() <= slot {
            self.nodes.resize(slot + 1, None);
        }
        let node = self.node(&c.product.id);
        self.graph[node].slots.push(slot);
        self.nodes[slot] = Some(node);
        for r in reads(c) {
            let up = self.node(r.product);
            let edge = Edge {
                slot,
                input: r.input,
                input_id: c.input_ports[r.input].id.clone(),
                port: r.port.to_owned(),
            };
            self.graph.add_edge(up, node, edge);
        }
    }

    /// Empties `slot`: its canvas and its input ports leave the graph.
    pub fn remove(&mut self, slot: usize) {
        let Some(node) = self.nodes.get_mut(slot).and_then(Option::take) else {
            return;
        };
        let own: Vec<_> = self
            .graph
            .edges_directed(node, Incoming)
            .filter(|e| e.weight().slot == slot)
            .map(|e| (e.id(), e.source()))
            .collect();
        for (edge, up) in own {
            self.graph.remove_edge(edge);
            self.forget_if_unused(up);
        }
        self.graph[node].slots.retain(|&s| s != slot);
        self.forget_if_unused(node);
    }

    /// The node of a product id, added if new.
    fn node(&mut self, id: &str) -> NodeIndex {
        if let Some(&n) = self.by_id.get(id) {
            return n;
        }
        let n = self.graph.add_node(Product {
            id: id.to_owned(),
            slots: Vec::new(),
        });
        self.by_id.insert(id.to_owned(), n);
        n
    }

    /// Removes a node no canvas has and no input port reads.
    fn forget_if_unused(&mut self, n: NodeIndex) {
        let Some(p) = self.graph.node_weight(n) else {
            return;
        };
        let linked = self.graph.neighbors_directed(n, Incoming).next().is_some()
            || self.graph.neighbors_directed(n, Outgoing).next().is_some();
        if p.slots.is_empty() && !linked {
            self.by_id.remove(&p.id);
            self.graph.remove_node(n);
        }
    }

    /// The slots of the canvases with product id `id`, in the order they
    /// were inserted: more than one when the id is not unique, none when
    /// no canvas has it.
    #[must_use]
    pub fn slots(&self, id: &str) -> &[usize] {
        self.by_id
            .get(id)
            .map_or(&[][..], |&n| self.graph[n].slots.as_slice())
    }

    /// Every input port that reads product `id`, whether or not a canvas
    /// has that id.
    pub fn reads_of(&self, id: &str) -> impl Iterator<Item = &Edge> {
        self.by_id
            .get(id)
            .into_iter()
            .flat_map(|&n| self.graph.edges_directed(n, Outgoing))
            .map(|e| e.weight())
    }

    /// The ids of the products whose canvases read product `id` (itself
    /// too, when it reads itself), each once.
    #[must_use]
    pub fn readers(&self, id: &str) -> BTreeSet<&str> {
        self.by_id.get(id).map_or_else(BTreeSet::new, |&n| {
            self.graph
                .neighbors_directed(n, Outgoing)
                .map(|r| self.graph[r].id.as_str())
                .collect()
        })
    }

    /// The ids of the products the canvas in `slot` reads, each once, in
    /// the mesh or not.
    #[must_use]
    pub fn upstream(&self, slot: usize) -> BTreeSet<&str> {
        let Some(&Some(node)) = self.nodes.get(slot) else {
            return BTreeSet::new();
        };
        self.graph
            .edges_directed(node, Incoming)
            .filter(|e| e.weight().slot == slot)
            .map(|e| self.graph[e.source()].id.as_str())
            .collect()
    }

    /// Every edge: the product read, the input port reading it, and the
    /// product of that input port. In no particular order.
    pub fn edges(&self) -> impl Iterator<Item = (&str, &Edge, &str)> {
        self.graph.edge_references().map(|e| {
            (
                self.graph[e.source()].id.as_str(),
                e.weight(),
                self.graph[e.target()].id.as_str(),
            )
        })
    }

    /// The slots of the canvases in a dependency cycle (products reading
    /// each other in a circle, or a product reading itself), each with the
    /// ids of every product in its circle, sorted. Tarjan's algorithm, over
    /// the whole graph.
    #[must_use]
    pub fn cycles(&self) -> HashMap<usize, Vec<String>> {
        let mut out = HashMap::new();
        for scc in petgraph::algo::tarjan_scc(&self.graph) {
            if let [only] = scc[..]
                && !self.graph.contains_edge(only, only)
            {
                continue;
            }
            let mut ids: Vec<String> = scc.iter().map(|&n| self.graph[n].id.clone()).collect();
            ids.sort();
            // Of an id two canvases share, only the canvas that reads a
            // product of the circle is in it.
            let members: HashSet<NodeIndex> = scc.iter().copied().collect();
            for &n in &scc {
                for e in self.graph.edges_directed(n, Incoming) {
                    if members.contains(&e.source()) {
                        out.insert(e.weight().slot, ids.clone());
                    }
                }
            }
        }
        out
    }

    /// The ids of the products with a canvas, every product after the
    /// products it reads (ids only read are left out), ties broken by id:
    /// of the products whose inputs are all placed, the smallest id comes
    /// next. A dependency cycle is an error that names one.
    pub fn deployment_order(&self) -> Result<Vec<String>, Cycle> {
        let present = |n: &NodeIndex| !self.graph[*n].slots.is_empty();
        // The products each one reads, each once; only read ids wait on
        // nothing, being no product to deploy.
        let upstream = |n: NodeIndex| -> HashSet<NodeIndex> {
            self.graph
                .neighbors_directed(n, Incoming)
                .filter(present)
                .collect()
        };
        let mut waiting: HashMap<NodeIndex, usize> = HashMap::new();
        let mut ready = BinaryHeap::new();
        for n in self.graph.node_indices().filter(present) {
            let count = upstream(n).len();
            if count == 0 {
                ready.push(Reverse((self.graph[n].id.as_str(), n)));
            }
            waiting.insert(n, count);
        }
        let mut order = Vec::with_capacity(waiting.len());
        let mut placed = HashSet::new();
        while let Some(Reverse((id, n))) = ready.pop() {
            order.push(id.to_owned());
            placed.insert(n);
            let readers: HashSet<NodeIndex> = self.graph.neighbors_directed(n, Outgoing).collect();
            for r in readers {
                if let Some(w) = waiting.get_mut(&r) {
                    *w -= 1;
                    if *w == 0 {
                        ready.push(Reverse((self.graph[r].id.as_str(), r)));
                    }
                }
            }
        }
        if order.len() == waiting.len() {
            return Ok(order);
        }
        Err(self.cycle_among(|n| waiting.contains_key(&n) && !placed.contains(&n)))
    }

    /// A cycle among the products `left` holds, each of which reads another
    /// of them: from the smallest id, walk to the smallest id it reads
    /// until a product repeats; that loop is the cycle.
    fn cycle_among(&self, left: impl Fn(NodeIndex) -> bool) -> Cycle {
        let id = |n: NodeIndex| self.graph[n].id.as_str();
        let smallest = |nodes: &mut dyn Iterator<Item = NodeIndex>| {
            nodes.filter(|&n| left(n)).min_by_key(|&n| id(n))
        };
        let Some(start) = smallest(&mut self.graph.node_indices()) else {
            return Cycle(Vec::new());
        };
        let mut path: Vec<NodeIndex> = Vec::new();
        let mut at = start;
        while !path.contains(&at) {
            path.push(at);
            at = smallest(&mut self.graph.neighbors_directed(at, Incoming)).unwrap_or(at);
        }
        let from = path.iter().position(|&n| n == at).unwrap_or(0);
        // Walked against the flow of data: reversed, it reads producer →
        // consumer.
        let mut cycle: Vec<String> = path[from..]
            .iter()
            .rev()
            .map(|&n| id(n).to_owned())
            .collect();
        // From the smallest id, so the message does not depend on where the
        // walk began.
        let min = cycle
            .iter()
            .enumerate()
            .min_by_key(|(_, id)| id.as_str())
            .map_or(0, |(i, _)| i);
        cycle.rotate_left(min);
        cycle.push(cycle[0].clone());
        Cycle(cycle)
    }
}

#[cfg(test)]
mod tests {
    use super::{Cycle, ProductGraph};
    use crate::model::{Canvas, InputPort, InputSource};

    /// A canvas of product `id` reading `(product, port)` pairs, one input
    /// port each, and serving port `out`.
    fn product(id: &str, reads: &[(&str, &str)]) -> Canvas {
        let mut c = Canvas::skeleton(id, id, "d");
        c.output_ports.push(crate::model::OutputPort {
            id: "out".to_owned(),
            ..crate::model::OutputPort::default()
        });
        for (i, (product, port)) in reads.iter().enumerate() {
            c.input_ports.push(InputPort {
                id: format!("in-{i}"),
                name: String::new(),
                source: InputSource::Product {
                    product_id: (*product).to_owned(),
                    port_id: (*port).to_owned(),
                },
                description: String::new(),
                expects: Vec::new(),
                contract_id: None,
                version: String::new(),
            });
        }
        c
    }

    fn order(canvases: &[Canvas]) -> Result<Vec<String>, Cycle> {
        ProductGraph::of(canvases).deployment_order()
    }

    fn cycle(ids: &[&str]) -> Result<Vec<String>, Cycle> {
        Err(Cycle(ids.iter().map(|s| (*s).to_owned()).collect()))
    }

    #[test]
    fn products_come_after_what_they_read_and_ties_go_by_id() {
        let mesh = [
            product("e", &[("b", "out")]),
            product("d", &[]),
            product("c", &[("a", "out"), ("d", "out")]),
            product("b", &[]),
            product("a", &[]),
        ];
        // a, b and d wait on nothing; c waits on a and d, e on b. After a,
        // b is the smallest ready id, then d; e (ready after b) is larger
        // than c (ready after d).
        assert_eq!(
            order(&mesh),
            Ok(["a", "b", "d", "c", "e"].map(str::to_owned).to_vec())
        );
    }

    #[test]
    fn a_product_ready_later_with_a_smaller_id_goes_before_larger_ready_ones() {
        let mesh = [
            product("c", &[]),
            product("b", &[]),
            product("a", &[("b", "out")]),
        ];
        // b and c are ready; once b is placed, a is ready too, and smaller.
        assert_eq!(
            order(&mesh),
            Ok(["b", "a", "c"].map(str::to_owned).to_vec())
        );
    }

    #[test]
    fn a_cycle_is_named_from_its_smallest_id_in_the_direction_data_flows() {
        // c reads b, b reads a, a reads c: data flows a → b → c → a.
        let mesh = [
            product("c", &[("b", "out")]),
            product("b", &[("a", "out")]),
            product("a", &[("c", "out")]),
            product("d", &[("c", "out")]),
        ];
        assert_eq!(order(&mesh), cycle(&["a", "b", "c", "a"]));
        let g = ProductGraph::of(&mesh);
        let cycles = g.cycles();
        for slot in 0..3 {
            assert_eq!(cycles[&slot], ["a", "b", "c"], "slot {slot}");
        }
        assert!(!cycles.contains_key(&3), "d reads the cycle, is not in it");
    }

    #[test]
    fn of_two_cycles_the_one_reached_from_the_smallest_waiting_id_is_named() {
        let mesh = [
            product("m", &[("n", "out")]),
            product("n", &[("m", "out")]),
            product("x", &[("y", "out")]),
            product("y", &[("x", "out")]),
            // b waits on the m–n cycle and is the smallest id left.
            product("b", &[("y", "out"), ("n", "out")]),
        ];
        // From b the walk goes to the smallest id it reads, n, then m.
        assert_eq!(order(&mesh), cycle(&["m", "n", "m"]));
        assert_eq!(ProductGraph::of(&mesh).cycles().len(), 4);
    }

    #[test]
    fn a_product_reading_itself_is_a_cycle_of_one() {
        let mesh = [product("a", &[("a", "out")]), product("b", &[("a", "out")])];
        assert_eq!(order(&mesh), cycle(&["a", "a"]));
        let g = ProductGraph::of(&mesh);
        assert_eq!(
            g.cycles().into_iter().collect::<Vec<_>>(),
            [(0, vec!["a".to_owned()])]
        );
        assert_eq!(g.readers("a").into_iter().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(g.upstream(0).into_iter().collect::<Vec<_>>(), ["a"]);
    }

    #[test]
    fn a_dangling_reference_stays_a_node_without_canvas() {
        let mesh = [product("a", &[("gone", "out"), ("", "")])];
        let g = ProductGraph::of(&mesh);
        // Read, but no product to deploy: it neither waits nor is placed.
        assert_eq!(order(&mesh), Ok(vec!["a".to_owned()]));
        assert_eq!(g.slots("gone"), &[] as &[usize]);
        assert_eq!(g.upstream(0).into_iter().collect::<Vec<_>>(), ["", "gone"]);
        assert_eq!(g.readers("gone").into_iter().collect::<Vec<_>>(), ["a"]);
        let mut edges: Vec<_> = g
            .edges()
            .map(|(from, e, to)| (from, e.port.as_str(), to, e.input_id.as_str()))
            .collect();
        edges.sort_unstable();
        assert_eq!(edges, [("", "", "a", "in-1"), ("gone", "out", "a", "in-0")]);
        assert!(g.cycles().is_empty());
    }

    #[test]
    fn a_product_read_through_two_ports_is_one_dependency_and_two_edges() {
        let mesh = [
            product("b", &[("a", "out"), ("a", "other")]),
            product("a", &[]),
        ];
        let g = ProductGraph::of(&mesh);
        assert_eq!(order(&mesh), Ok(["a", "b"].map(str::to_owned).to_vec()));
        assert_eq!(g.upstream(0).into_iter().collect::<Vec<_>>(), ["a"]);
        assert_eq!(g.readers("a").into_iter().collect::<Vec<_>>(), ["b"]);
        let mut ports: Vec<_> = g.reads_of("a").map(|e| (e.slot, e.port.as_str())).collect();
        ports.sort_unstable();
        assert_eq!(ports, [(0, "other"), (0, "out")]);
        assert_eq!(g.edges().count(), 2);
    }

    #[test]
    fn an_id_two_canvases_share_is_one_product_with_both() {
        let mesh = [
            product("a", &[]),
            product("b", &[("a", "out")]),
            product("a", &[("b", "out")]),
        ];
        let mut g = ProductGraph::of(&mesh);
        assert_eq!(g.slots("a"), [0, 2]);
        // The order is by id: one product a, read by b and reading it.
        assert_eq!(order(&mesh), cycle(&["a", "b", "a"]));
        // Only the canvas of a that reads b is in the circle.
        let mut cyclic: Vec<_> = g.cycles().into_keys().collect();
        cyclic.sort_unstable();
        assert_eq!(cyclic, [1, 2]);
        // Replaced, a slot goes last among its id's.
        g.insert(0, &mesh[0]);
        assert_eq!(g.slots("a"), [2, 0]);
        g.remove(2);
        assert_eq!(g.slots("a"), [0]);
        assert!(g.cycles().is_empty());
    }

    #[test]
    fn swapping_canvases_gives_the_graph_built_afresh() {
        let mut mesh = vec![
            product("a", &[]),
            product("b", &[("a", "out")]),
            product("c", &[("b", "out"), ("x", "out")]),
        ];
        let mut g = ProductGraph::of(&mesh);
        // c renamed d; b reads c, which is gone; a reads d (a cycle).
        mesh[2] = product("d", &[("b", "out")]);
        mesh[1] = product("b", &[("a", "out"), ("c", "out")]);
        mesh[0] = product("a", &[("d", "out")]);
        for (slot, c) in mesh.iter().enumerate() {
            g.insert(slot, c);
        }
        let fresh = ProductGraph::of(&mesh);
        let edges = |g: &ProductGraph| {
            let mut e: Vec<_> = g
                .edges()
                .map(|(f, e, t)| (f.to_owned(), e.port.clone(), t.to_owned(), e.slot, e.input))
                .collect();
            e.sort();
            e
        };
        assert_eq!(edges(&g), edges(&fresh));
        assert_eq!(g.cycles(), fresh.cycles());
        assert_eq!(g.deployment_order(), fresh.deployment_order());
        // The ids nothing reads and no canvas has any more are gone.
        assert_eq!(g.by_id.len(), fresh.by_id.len());
        assert!(g.slots("x").is_empty() && g.readers("x").is_empty());
        for slot in 0..3 {
            g.remove(slot);
        }
        assert_eq!((g.graph.node_count(), g.graph.edge_count()), (0, 0));
    }
}
