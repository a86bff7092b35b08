//! Checking a mesh of canvases, in full or incrementally.
//!
//! A [`MeshCheck`] keeps every canvas of a mesh with its findings. Findings
//! come in two layers per canvas: *local* (schema and Rego rules, which read
//! only the canvas) and *mesh* (built-in rules over the graph). Waivers are
//! applied over both. After an edit, [`MeshCheck::upsert`] recomputes the
//! local layer of the edited canvas only, and the mesh layer of the canvas
//! and its graph neighbours (what it reads, what reads it, canvases sharing
//! its id, and products whose dependency-cycle membership the edit changed).
//! Narrower still: of the edited canvas, only the local rules that read a
//! changed top-level member run again, and an edit its neighbours cannot
//! see (see [`mesh_rules::seen_by_neighbours`]) leaves their mesh layer as
//! it was. A full check and any sequence of upserts give the same findings.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::mesh::ProductGraph;
use crate::model::Canvas;
use crate::wire::{Finding, FindingCounts, MeshEdge, MeshGraph, MeshNode, Severity};

use super::mesh_rules::{self, Mesh, MeshFailure};
use super::policy_worker::{Pool, Stop, Worker};
use super::rego_rule::{Denial, RegoFailure, RegoRule};
use super::schema_rule::Token;
use super::{Check, Date, Profile, Rule, Standards, waivers};

/// A Rego rule that could not run on a canvas (it ran out of time, or its
/// `deny` had the wrong shape). The check goes on; the rule is also reported
/// as an error finding on the canvas, since the canvas was not checked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RunError {
    pub product_id: String,
    pub rule_id: String,
    /// Where the policy is written: the `.rego` file, or the pack file and
    /// rule.
    pub source: String,
    pub message: String,
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "rule `{}` could not run on product `{}`: {}",
            self.rule_id, self.product_id, self.message
        )
    }
}

#[derive(Debug, Default, Clone)]
struct Slot {
    local: Vec<Finding>,
    mesh: Vec<Finding>,
    run_errors: Vec<RunError>,
    /// `local` + `mesh` + waiver findings, waivers applied, sorted.
    findings: Vec<Finding>,
}

/// Per-thread Rego evaluation: a policy worker process, started on first
/// use, or (without one) engines cloned from the compiled packs.
#[derive(Debug, Default)]
struct RegoScratch {
    engines: Vec<Option<regorus::Engine>>,
    keys: super::rego_rule::KeyCache,
    worker: Option<Worker>,
    /// Where `worker` goes back when this scratch is done with it.
    pool: Option<Pool>,
    /// The worker could not be started; evaluate in this process.
    no_worker: bool,
}

impl Drop for RegoScratch {
    fn drop(&mut self) {
        if let (Some(worker), Some(pool)) = (self.worker.take(), &self.pool) {
            pool.put(worker);
        }
    }
}

/// Said once per process when a policy worker cannot be started.
static NO_WORKER_SAID: std::sync::Once = std::sync::Once::new();

type RegoResult = Result<Vec<Denial>, RegoFailure>;

impl RegoScratch {
    /// The answers of `rules` on `doc`, in order. A rule that runs out of
    /// time is run once more (the limit is wall-clock time, which a busy
    /// machine stretches; a policy that truly loops runs out twice), and a
    /// stop counts towards the rule's quarantine.
    fn run(
        &mut self,
        standards: &Standards,
        doc: &serde_json::Value,
        rules: &[&RegoRule],
    ) -> Vec<RegoResult> {
        if rules.is_empty() {
            return Vec::new();
        }
        match standards.policy_worker.as_deref() {
            Some(program) if !self.no_worker => self.run_in_worker(program, standards, doc, rules),
            _ => self.run_here(standards, doc, rules),
        }
    }

    fn run_here(
        &mut self,
        standards: &Standards,
        doc: &serde_json::Value,
        rules: &[&RegoRule],
    ) -> Vec<RegoResult> {
        if self.engines.len() < standards.rego.len() {
            self.engines.resize(standards.rego.len(), None);
        }
        let mut input_set = vec![false; standards.rego.len()];
        rules
            .iter()
            .map(|r| {
                let Some(Some(pack)) = standards.rego.get(r.pack) else {
                    return Ok(Vec::new());
                };
                let engine = self.engines[r.pack].get_or_insert_with(|| pack.engine.clone());
                if !input_set[r.pack] {
                    engine.set_input(pack.input(doc, &mut self.keys));
                    input_set[r.pack] = true;
                }
                let mut result = r.eval(engine);
                if matches!(result, Err(RegoFailure::OutOfTime(_))) {
                    // A stopped engine is left mid-evaluation: run again on
                    // a fresh one.
                    let fresh = self.engines[r.pack].insert(pack.engine.clone());
                    fresh.set_input(pack.input(doc, &mut self.keys));
                    result = r.eval(fresh);
                    if matches!(result, Err(RegoFailure::OutOfTime(_))) {
                        r.count_stop();
                        let fresh = self.engines[r.pack].insert(pack.engine.clone());
                        fresh.set_input(pack.input(doc, &mut self.keys));
                    }
                }
                result
            })
            .collect()
    }

    fn run_in_worker(
        &mut self,
        program: &std::path::Path,
        standards: &Standards,
        doc: &serde_json::Value,
        rules: &[&RegoRule],
    ) -> Vec<RegoResult> {
        let mut results: Vec<Option<RegoResult>> = vec![None; rules.len()];
        let mut retried = vec![false; rules.len()];
        let mut todo: Vec<usize> = (0..rules.len()).collect();
        // A pooled worker that ends before it answers anything (it died
        // idle, just after the pool looked) is not the rule's doing: the
        // rules go to a fresh worker, once.
        let mut pooled = false;
        let mut pool_retried = false;
        while !todo.is_empty() {
            if self.worker.is_none() {
                self.pool = Some(standards.idle_workers.clone());
                self.worker = standards.idle_workers.take();
                pooled = self.worker.is_some();
            }
            if self.worker.is_none() {
                match Worker::spawn(program, &standards.rego) {
                    Ok(w) => self.worker = Some(w),
                    Err(e) => {
                        NO_WORKER_SAID.call_once(|| {
                            eprintln!(
                                "warning: cannot start the policy worker {}: {e}; Rego \
                                 policies run in this process, under their time limit only",
                                program.display()
                            );
                        });
                        self.no_worker = true;
                        let rest: Vec<&RegoRule> = todo.iter().map(|&i| rules[i]).collect();
                        for (i, r) in todo.iter().zip(self.run_here(standards, doc, &rest)) {
                            results[*i] = Some(r);
                        }
                        break;
                    }
                }
            }
            let Some(worker) = self.worker.as_mut() else {
                break;
            };
            let batch: Vec<&RegoRule> = todo.iter().map(|&i| rules[i]).collect();
            let (answers, stop) = worker.run(doc, &batch);
            let answered = answers.len();
            let mut again = Vec::new();
            for (&i, answer) in todo.iter().zip(answers) {
                match answer {
                    Err(RegoFailure::OutOfTime(_)) if !retried[i] => {
                        retried[i] = true;
                        again.push(i);
                    }
                    Err(RegoFailure::OutOfTime(m)) => {
                        rules[i].count_stop();
                        results[i] = Some(Err(RegoFailure::OutOfTime(m)));
                    }
                    other => results[i] = Some(other),
                }
            }
            let was_pooled = std::mem::take(&mut pooled);
            if matches!(stop, Some(Stop::Died(_))) && answered == 0 && was_pooled && !pool_retried {
                pool_retried = true;
                self.worker = None;
                // Straight to a new worker, not another pooled one; if none
                // starts, the loop's own start says so.
                self.worker = Worker::spawn(program, &standards.rego).ok();
                continue;
            }
            if let Some(stop) = stop {
                self.worker = None;
                let i = todo[answered];
                match stop {
                    Stop::Killed(_) if !retried[i] => {
                        retried[i] = true;
                        again.push(i);
                    }
                    Stop::Killed(m) => {
                        rules[i].count_stop();
                        results[i] = Some(Err(RegoFailure::OutOfTime(m)));
                    }
                    Stop::OutOfMemory(m) => {
                        rules[i].count_stop();
                        results[i] = Some(Err(RegoFailure::OutOfMemory(m)));
                    }
                    Stop::Died(m) => results[i] = Some(Err(RegoFailure::Failed(m))),
                }
                again.extend_from_slice(&todo[answered + 1..]);
            }
            todo = again;
        }
        results
            .into_iter()
            .zip(rules)
            .map(|(r, rule)| {
                r.unwrap_or_else(|| {
                    Err(RegoFailure::Failed(format!(
                        "{}: not evaluated",
                        rule.label
                    )))
                })
            })
            .collect()
    }
}

/// A mesh of canvases and their findings against one set of standards.
#[derive(Debug)]
pub struct MeshCheck {
    standards: Arc<Standards>,
    canvases: Vec<Option<Canvas>>,
    slots: Vec<Slot>,
    /// The product graph of `canvases`, slot for slot.
    graph: ProductGraph,
    cyclic: HashMap<usize, Vec<String>>,
    today: Date,
    scratch: RegoScratch,
    /// The versions the versioning rule compares with, by product id.
    baseline: Option<Arc<Vec<Canvas>>>,
}

impl MeshCheck {
    /// A mesh of `canvases`, checked in full. Canvas `i` is slot `i` (see
    /// [`MeshCheck::findings_at`]).
    #[must_use]
    pub fn new(standards: Arc<Standards>, canvases: Vec<Canvas>) -> Self {
        let mut m = Self {
            standards,
            slots: vec![Slot::default(); canvases.len()],
            canvases: canvases.into_iter().map(Some).collect(),
            graph: ProductGraph::default(),
            cyclic: HashMap::new(),
            today: Date::today(),
            scratch: RegoScratch::default(),
            baseline: None,
        };
        m.check_all();
        m
    }

    /// Sets the day waivers' expiry is judged against (default: today, UTC)
    /// and re-applies waivers.
    pub fn set_today(&mut self, today: Date) {
        self.today = today;
        for i in 0..self.slots.len() {
            self.finalize(i);
        }
    }

    /// Sets the versions each product's version is judged against (the
    /// `version-says-what-changed` rule; without a baseline it finds
    /// nothing) and re-applies the rule.
    pub fn set_baseline(&mut self, baseline: Vec<Canvas>) {
        self.baseline = Some(Arc::new(baseline));
        for i in 0..self.slots.len() {
            self.finalize(i);
        }
    }

    /// The standards this mesh is checked against.
    #[must_use]
    pub fn standards(&self) -> &Standards {
        &self.standards
    }

    /// Rechecks every canvas; returns all findings.
    pub fn check_all(&mut self) -> Vec<Finding> {
        self.graph = ProductGraph::of_slots(&self.canvases);
        self.cyclic = self.graph.cycles();
        let locals = local_all(&self.standards, &self.canvases);
        for (slot, (local, errs)) in self.slots.iter_mut().zip(locals) {
            slot.local = local;
            slot.run_errors = errs;
        }
        // The mesh rules only read the mesh, and each canvas's findings are
        // its own: both run on every core, like the local rules.
        let slots: Vec<usize> = (0..self.slots.len()).collect();
        let mesh = self.mesh();
        let meshed = crate::par::map(&slots, |&i| mesh_findings(&self.standards, &mesh, i));
        for (slot, m) in self.slots.iter_mut().zip(meshed) {
            slot.mesh = m;
        }
        let (standards, canvases, today) = (&self.standards, &self.canvases, self.today);
        let baseline = self.baseline.as_deref().map(Vec::as_slice);
        let done = crate::par::map(&slots, |&i| {
            canvases[i]
                .as_ref()
                .map(|c| finalized(standards, c, &self.slots[i], today, baseline))
        });
        for (slot, findings) in self.slots.iter_mut().zip(done) {
            match findings {
                Some(f) => slot.findings = f,
                None => *slot = Slot::default(),
            }
        }
        self.all_findings()
    }

    /// Adds a canvas, or replaces the canvas with the same product id, and
    /// rechecks it and its neighbours. Returns the canvas's findings.
    pub fn upsert(&mut self, canvas: Canvas) -> Vec<Finding> {
        let id = canvas.product.id.clone();
        let existing = self.graph.slots(&id).first().copied();
        let slot = existing.unwrap_or_else(|| {
            self.canvases.push(None);
            self.slots.push(Slot::default());
            self.canvases.len() - 1
        });
        self.replace(slot, Some(canvas));
        self.slots[slot].findings.clone()
    }

    /// The findings a draft of a canvas would have in this mesh (the
    /// canvas with the same product id replaced by the draft, or the draft
    /// added), leaving the mesh as it was: every canvas's findings, the
    /// graph and the cycles afterwards are those of the saved canvases.
    pub fn check_draft(&mut self, draft: Canvas) -> Vec<Finding> {
        let id = draft.product.id.clone();
        if let Some(&slot) = self.graph.slots(&id).first() {
            let saved = self.canvases[slot].clone();
            self.replace(slot, Some(draft));
            let findings = self.slots[slot].findings.clone();
            self.replace(slot, saved);
            findings
        } else {
            self.canvases.push(None);
            self.slots.push(Slot::default());
            let slot = self.canvases.len() - 1;
            self.replace(slot, Some(draft));
            let findings = self.slots[slot].findings.clone();
            // Emptying the slot unindexes it and rechecks its neighbours;
            // then the slot itself goes, being the last.
            self.replace(slot, None);
            self.canvases.pop();
            self.slots.pop();
            findings
        }
    }

    /// Replaces the canvas in `slot` (as numbered by [`MeshCheck::new`])
    /// with another, whatever its id, and rechecks what it affects. Returns
    /// its findings. Out-of-range slots are added at the end.
    pub fn replace_at(&mut self, slot: usize, canvas: Canvas) -> Vec<Finding> {
        let slot = if slot < self.canvases.len() {
            slot
        } else {
            self.canvases.push(None);
            self.slots.push(Slot::default());
            self.canvases.len() - 1
        };
        self.replace(slot, Some(canvas));
        self.slots[slot].findings.clone()
    }

    /// Removes the canvases with this product id and rechecks their
    /// neighbours. Returns whether any was removed.
    pub fn remove(&mut self, product_id: &str) -> bool {
        let slots = self.graph.slots(product_id).to_vec();
        for &s in &slots {
            self.replace(s, None);
        }
        !slots.is_empty()
    }

    /// The findings of the canvases with this product id.
    #[must_use]
    pub fn findings_for(&self, product_id: &str) -> Vec<Finding> {
        let mut out: Vec<Finding> = self
            .graph
            .slots(product_id)
            .iter()
            .flat_map(|&s| self.slots[s].findings.iter().cloned())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The findings of the canvas in `slot`.
    #[must_use]
    pub fn findings_at(&self, slot: usize) -> &[Finding] {
        self.slots.get(slot).map_or(&[], |s| s.findings.as_slice())
    }

    /// Every finding of the mesh, sorted and deduplicated.
    #[must_use]
    pub fn all_findings(&self) -> Vec<Finding> {
        let mut out: Vec<Finding> = self
            .slots
            .iter()
            .flat_map(|s| s.findings.iter().cloned())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Rules that could not run, on which canvases, sorted.
    #[must_use]
    pub fn run_errors(&self) -> Vec<RunError> {
        let mut out: Vec<RunError> = self
            .slots
            .iter()
            .flat_map(|s| s.run_errors.iter().cloned())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The canvases of the mesh, by slot.
    #[must_use]
    pub fn canvases(&self) -> &[Option<Canvas>] {
        &self.canvases
    }

    /// The mesh as a graph for the map: products with their finding counts,
    /// and an edge per input port reading another product.
    #[must_use]
    pub fn graph(&self) -> MeshGraph {
        let mut nodes = Vec::new();
        for (i, c) in self.canvases.iter().enumerate() {
            let Some(c) = c else { continue };
            let breaking_ports = self
                .baseline
                .as_deref()
                .and_then(|b| b.iter().find(|b| b.product.id == c.product.id))
                .map(|before| crate::change::breaking_ports(before, c))
                .unwrap_or_default();
            nodes.push(MeshNode {
                product_id: c.product.id.clone(),
                name: c.product.name.clone(),
                domain: c.domain.name.clone(),
                status: c.product.status,
                archetype: c.product.archetype,
                output_ports: c.output_ports.iter().map(|p| p.id.clone()).collect(),
                findings: FindingCounts::of(&self.slots[i].findings),
                breaking_ports,
            });
        }
        let mesh = self.mesh();
        let mut edges: Vec<MeshEdge> = self
            .graph
            .edges()
            .map(|(from, read, to)| MeshEdge {
                from_product: from.to_owned(),
                from_port: read.port.clone(),
                to_product: to.to_owned(),
                to_port: read.input_id.clone(),
                resolved: mesh
                    .product(from)
                    .is_some_and(|u| u.output_port(&read.port).is_some()),
                breaking: nodes
                    .iter()
                    .any(|n| n.product_id == from && n.breaking_ports.contains(&read.port)),
            })
            .collect();
        nodes.sort_by(|a, b| a.product_id.cmp(&b.product_id));
        // Edges equal in all four ids are equal in all: the order is total.
        edges.sort_by(|a, b| {
            (&a.from_product, &a.from_port, &a.to_product, &a.to_port).cmp(&(
                &b.from_product,
                &b.from_port,
                &b.to_product,
                &b.to_port,
            ))
        });
        MeshGraph { nodes, edges }
    }

    fn mesh(&self) -> Mesh<'_> {
        Mesh {
            canvases: &self.canvases,
            graph: &self.graph,
            cyclic: &self.cyclic,
        }
    }

    /// The slots whose mesh findings may depend on the canvas in `slot`.
    fn neighbours(&self, slot: usize, out: &mut BTreeSet<usize>) {
        let Some(c) = &self.canvases[slot] else {
            return;
        };
        out.insert(slot);
        out.extend(self.graph.slots(&c.product.id));
        out.extend(self.graph.reads_of(&c.product.id).map(|r| r.slot));
        for up in self.graph.upstream(slot) {
            out.extend(self.graph.slots(up));
        }
    }

    fn replace(&mut self, slot: usize, canvas: Option<Canvas>) {
        // The product the slot holds and the products it reads.
        let links = |m: &Self| {
            m.canvases[slot].as_ref().map(|c| {
                (
                    c.product.id.clone(),
                    m.graph
                        .upstream(slot)
                        .into_iter()
                        .map(str::to_owned)
                        .collect::<Vec<_>>(),
                )
            })
        };
        let old_edges = links(self);

        let mut affected = BTreeSet::new();
        self.neighbours(slot, &mut affected);
        let old = std::mem::replace(&mut self.canvases[slot], canvas);
        match &self.canvases[slot] {
            Some(c) => self.graph.insert(slot, c),
            None => self.graph.remove(slot),
        }
        let new_edges = links(self);
        // What the edit changed, when the same product was there before and
        // its id and domain (which name every finding and pick its rules)
        // stayed: only the local rules reading a changed member run again.
        let changed = match (&old, &self.canvases[slot]) {
            (Some(o), Some(n))
                if o.domain.name == n.domain.name && o.product.id == n.product.id =>
            {
                Some(members_changed(o, n))
            }
            _ => None,
        };
        self.neighbours(slot, &mut affected);
        affected.insert(slot);
        // Other products' mesh findings read this one only through what
        // `mesh_rules::seen_by_neighbours` compares; an edit elsewhere (a
        // purpose, a term, the layout) rechecks this product alone.
        if let (Some(o), Some(n)) = (&old, &self.canvases[slot])
            && mesh_rules::seen_by_neighbours(o) == mesh_rules::seen_by_neighbours(n)
        {
            affected = BTreeSet::from([slot]);
        }

        // Cycle membership is global: recompute it only when the graph's
        // edges changed, and recheck every product whose membership moved.
        if old_edges != new_edges {
            let cyclic = self.graph.cycles();
            for (s, ids) in &cyclic {
                if self.cyclic.get(s) != Some(ids) {
                    affected.insert(*s);
                }
            }
            for s in self.cyclic.keys() {
                if !cyclic.contains_key(s) {
                    affected.insert(*s);
                }
            }
            self.cyclic = cyclic;
        }

        match (&self.canvases[slot], &changed) {
            (Some(c), Some(changed)) => {
                let (local, errs) = local_one(&self.standards, c, &mut self.scratch, Some(changed));
                // Keep the findings of the rules that did not run. Rule ids
                // are unique in a set of standards.
                let standards = &self.standards;
                let rerun = |rule_id: &str| {
                    standards
                        .rules
                        .iter()
                        .find(|r| r.id == rule_id)
                        .is_none_or(|r| reads_any(r, changed))
                };
                let s = &mut self.slots[slot];
                s.local.retain(|f| !rerun(&f.rule_id));
                s.local.extend(local);
                s.run_errors.retain(|e| !rerun(&e.rule_id));
                s.run_errors.extend(errs);
            }
            (Some(c), None) => {
                let (local, errs) = local_one(&self.standards, c, &mut self.scratch, None);
                self.slots[slot].local = local;
                self.slots[slot].run_errors = errs;
            }
            (None, _) => {
                self.slots[slot].local = Vec::new();
                self.slots[slot].run_errors = Vec::new();
            }
        }
        for s in affected {
            self.slots[s].mesh = self.mesh_findings(s);
            self.finalize(s);
        }
    }

    fn mesh_findings(&self, slot: usize) -> Vec<Finding> {
        mesh_findings(&self.standards, &self.mesh(), slot)
    }

    fn finalize(&mut self, slot: usize) {
        match &self.canvases[slot] {
            Some(c) => {
                let baseline = self.baseline.as_deref().map(Vec::as_slice);
                self.slots[slot].findings =
                    finalized(&self.standards, c, &self.slots[slot], self.today, baseline);
            }
            None => self.slots[slot] = Slot::default(),
        }
    }
}
fn mesh_findings(standards: &Standards, mesh: &Mesh<'_>, slot: usize) -> Vec<Finding> {
    let Some(c) = &mesh.canvases[slot] else {
        return Vec::new();
    };
    let profile = standards.profile(&c.domain.name);
    let mut out = Vec::new();
    let mut failures = Vec::new();
    for &(idx, severity, _) in &profile.rules {
        let rule = &standards.rules[idx];
        if let Check::Mesh(m) = &rule.check {
            failures.clear();
            m.check(mesh, slot, &mut failures);
            for MeshFailure { pointer, message } in failures.drain(..) {
                out.push(finding(standards, c, rule, severity, pointer, message));
            }
        }
    }
    out
}

/// A canvas's findings: its local and mesh findings with the built-in
/// rules' own findings added (waivers; versioning when there is a
/// baseline), waivers applied, sorted.
fn finalized(
    standards: &Standards,
    c: &Canvas,
    s: &Slot,
    today: Date,
    baseline: Option<&[Canvas]>,
) -> Vec<Finding> {
    let mut all = Vec::with_capacity(s.local.len() + s.mesh.len());
    all.extend(s.local.iter().cloned());
    all.extend(s.mesh.iter().cloned());
    if let Some(mesh) = baseline
        && let Some(before) = mesh.iter().find(|b| b.product.id == c.product.id)
    {
        let profile = standards.profile(&c.domain.name);
        for &(idx, sev, _) in &profile.rules {
            let rule = &standards.rules[idx];
            if matches!(rule.check, Check::Versioning) {
                for p in crate::change::version_problems(before, c, mesh, today) {
                    all.push(finding(standards, c, rule, sev, p.pointer, p.message));
                }
            }
        }
    }
    let (in_force, problems) = waivers::assess(&c.waivers, today);
    if !problems.is_empty() {
        let profile = standards.profile(&c.domain.name);
        for p in problems {
            let found = profile.rules.iter().find_map(|&(idx, sev, _)| {
                let r = &standards.rules[idx];
                matches!(&r.check, Check::Waiver(w) if *w == p.rule).then_some((r, sev))
            });
            if let Some((rule, sev)) = found {
                all.push(finding(standards, c, rule, sev, p.pointer, p.message));
            }
        }
    }
    waivers::apply(&c.waivers, &in_force, &mut all);
    all.sort();
    all.dedup();
    all
}

fn finding(
    standards: &Standards,
    c: &Canvas,
    rule: &Rule,
    severity: Severity,
    pointer: String,
    message: String,
) -> Finding {
    let pack = &standards.packs[rule.pack];
    let (block, card) = crate::board::place(c, &pointer);
    Finding {
        product_id: c.product.id.clone(),
        pointer,
        rule_id: rule.id.clone(),
        severity,
        message,
        hint: rule.hint.clone(),
        pack_id: pack.id.clone(),
        pack_version: pack.version.clone(),
        waived: None,
        block,
        card,
    }
}

type Local = (Vec<Finding>, Vec<RunError>);

/// The local findings of every canvas, on several threads for big meshes.
fn local_all(standards: &Standards, canvases: &[Option<Canvas>]) -> Vec<Local> {
    crate::par::map_with(canvases, RegoScratch::default, |scratch, c| {
        c.as_ref()
            .map(|c| local_one(standards, c, scratch, None))
            .unwrap_or_default()
    })
}

/// Whether a local rule reads any of the `changed` top-level members.
fn reads_any(rule: &Rule, changed: &BTreeSet<&str>) -> bool {
    match &rule.check {
        Check::Schema(s) => match s.selector.tokens.first() {
            Some(Token::Key(k)) => changed.contains(k.as_str()),
            _ => !changed.is_empty(),
        },
        Check::Rego(r) => match &r.reads {
            Some(keys) => keys.iter().any(|k| changed.contains(k.as_str())),
            None => !changed.is_empty(),
        },
        Check::Mesh(_) | Check::Waiver(_) | Check::Versioning => false,
    }
}

/// The top-level members a local rule reads; `None` for the whole canvas.
fn reads_of(rule: &Rule) -> Option<Vec<&str>> {
    match &rule.check {
        Check::Schema(s) => match s.selector.tokens.first() {
            Some(Token::Key(k)) => Some(vec![k.as_str()]),
            _ => None,
        },
        Check::Rego(r) => r
            .reads
            .as_ref()
            .map(|keys| keys.iter().map(String::as_str).collect()),
        Check::Mesh(_) | Check::Waiver(_) | Check::Versioning => Some(Vec::new()),
    }
}

/// The top-level members of `new` that differ from `old`'s, by their keys
/// in the canvas file. Lists every member (a new one fails to compile here).
fn members_changed(old: &Canvas, new: &Canvas) -> BTreeSet<&'static str> {
    let Canvas {
        schema,
        format_version,
        domain,
        product,
        consumers,
        output_ports,
        metadata,
        input_ports,
        design,
        observability,
        ubiquitous_language,
        policies,
        waivers,
        layout,
        extensions,
    } = new;
    let mut out = BTreeSet::new();
    let mut note = |same: bool, key: &'static str| {
        if !same {
            out.insert(key);
        }
    };
    note(*schema == old.schema, "$schema");
    note(*format_version == old.format_version, "formatVersion");
    note(*domain == old.domain, "domain");
    note(*product == old.product, "product");
    note(*consumers == old.consumers, "consumers");
    note(*output_ports == old.output_ports, "outputPorts");
    note(*metadata == old.metadata, "metadata");
    note(*input_ports == old.input_ports, "inputPorts");
    note(*design == old.design, "design");
    note(*observability == old.observability, "observability");
    note(
        *ubiquitous_language == old.ubiquitous_language,
        "ubiquitousLanguage",
    );
    note(*policies == old.policies, "policies");
    note(*waivers == old.waivers, "waivers");
    note(*layout == old.layout, "layout");
    note(*extensions == old.extensions, "extensions");
    out
}

/// One top-level member of a canvas as JSON, by its key in the file.
fn member_value(c: &Canvas, key: &str) -> Option<serde_json::Value> {
    let v = match key {
        "$schema" => serde_json::to_value(&c.schema),
        "formatVersion" => serde_json::to_value(c.format_version),
        "domain" => serde_json::to_value(&c.domain),
        "product" => serde_json::to_value(&c.product),
        "consumers" => serde_json::to_value(&c.consumers),
        "outputPorts" => serde_json::to_value(&c.output_ports),
        "metadata" => serde_json::to_value(&c.metadata),
        "inputPorts" => serde_json::to_value(&c.input_ports),
        "design" => serde_json::to_value(&c.design),
        "observability" => serde_json::to_value(&c.observability),
        "ubiquitousLanguage" => serde_json::to_value(&c.ubiquitous_language),
        "policies" => serde_json::to_value(&c.policies),
        "waivers" => serde_json::to_value(&c.waivers),
        "layout" => serde_json::to_value(&c.layout),
        "extensions" => serde_json::to_value(&c.extensions),
        _ => return None,
    };
    v.ok()
}

/// The findings of the schema and Rego rules on one canvas. With `changed`,
/// only the rules that read a changed top-level member run, on a document
/// holding just the members they read; the caller keeps the other rules'
/// findings from before.
fn local_one(
    standards: &Standards,
    c: &Canvas,
    scratch: &mut RegoScratch,
    changed: Option<&BTreeSet<&str>>,
) -> Local {
    let profile: &Profile = standards.profile(&c.domain.name);
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let runs = |rule: &Rule| changed.is_none_or(|ch| reads_any(rule, ch));
    let partial: Option<Vec<&str>> = changed.and_then(|_| {
        let mut keys = Vec::new();
        for &(idx, _, _) in &profile.rules {
            let rule = &standards.rules[idx];
            if runs(rule) {
                keys.extend(reads_of(rule)?);
            }
        }
        Some(keys)
    });
    let doc = match partial {
        Some(keys) => serde_json::Value::Object(
            keys.into_iter()
                .filter_map(|k| member_value(c, k).map(|v| (k.to_owned(), v)))
                .collect(),
        ),
        None => match serde_json::to_value(c) {
            Ok(v) => v,
            // A canvas is plain data; serializing it cannot fail.
            Err(_) => return (out, errors),
        },
    };
    let rego: Vec<&RegoRule> = profile
        .rules
        .iter()
        .filter_map(|&(idx, _, _)| match &standards.rules[idx].check {
            Check::Rego(r) if runs(&standards.rules[idx]) && !r.quarantined() => Some(r),
            _ => None,
        })
        .collect();
    let mut rego_results = scratch.run(standards, &doc, &rego).into_iter();
    let mut failures = Vec::new();
    for &(idx, severity, _) in &profile.rules {
        let rule = &standards.rules[idx];
        if !runs(rule) {
            continue;
        }
        match &rule.check {
            Check::Schema(s) => {
                failures.clear();
                s.check(&doc, &mut failures);
                for f in failures.drain(..) {
                    out.push(finding(standards, c, rule, severity, f.pointer, f.message));
                }
            }
            Check::Rego(r) => {
                // Quarantined before this canvas (a stop on this canvas
                // counts from the next one).
                let result = if rego.iter().any(|q| std::ptr::eq(*q, r)) {
                    rego_results.next()
                } else {
                    None
                };
                match result {
                    None => {
                        let message = format!(
                            "not run: it was stopped (out of time or memory) on {} canvases \
                             already",
                            super::REGO_TIMEOUTS_BEFORE_QUARANTINE
                        );
                        run_error(standards, c, rule, &r.label, message, &mut out, &mut errors);
                    }
                    Some(Ok(denials)) => {
                        for d in denials {
                            out.push(finding(standards, c, rule, severity, d.pointer, d.message));
                        }
                    }
                    Some(Err(
                        RegoFailure::OutOfTime(message)
                        | RegoFailure::OutOfMemory(message)
                        | RegoFailure::Failed(message),
                    )) => {
                        run_error(standards, c, rule, &r.label, message, &mut out, &mut errors);
                    }
                }
            }
            Check::Mesh(_) | Check::Waiver(_) | Check::Versioning => {}
        }
    }
    (out, errors)
}

fn run_error(
    standards: &Standards,
    c: &Canvas,
    rule: &Rule,
    source: &str,
    message: String,
    out: &mut Vec<Finding>,
    errors: &mut Vec<RunError>,
) {
    let first_line = message.lines().next().unwrap_or_default().to_owned();
    let mut f = finding(
        standards,
        c,
        rule,
        Severity::Error,
        String::new(),
        format!("this standard could not be checked: {first_line}"),
    );
    f.hint = format!(
        "The policy of this standard failed, not the canvas: tell the owners of the pack \"{}\".",
        standards.packs[rule.pack].id
    );
    out.push(f);
    errors.push(RunError {
        product_id: c.product.id.clone(),
        rule_id: rule.id.clone(),
        source: source.to_owned(),
        message,
    });
}

#[cfg(test)]
mod tests {
    use super::{member_value, members_changed};

    #[test]
    fn member_values_are_the_members_of_the_canvas_document() {
        let mut c = crate::standards::synth::mesh(1, 3, 1).remove(0);
        c.extensions
            .insert("x-team".to_owned(), serde_json::json!({"cost": 1}));
        let doc = serde_json::to_value(&c).expect("serializes");
        let members = doc.as_object().expect("an object");
        for (key, value) in members {
            assert_eq!(member_value(&c, key).as_ref(), Some(value), "{key}");
        }
        assert_eq!(member_value(&c, "nope"), None);
        assert!(members_changed(&c, &c).is_empty());
        let mut edited = c.clone();
        edited.extensions.clear();
        edited.product.purpose.push('!');
        assert_eq!(
            members_changed(&c, &edited).into_iter().collect::<Vec<_>>(),
            ["extensions", "product"]
        );
    }
}
