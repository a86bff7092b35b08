//! Layering: how packs build on each other.
//!
//! A pack without a `domain` applies to every canvas; a domain pack
//! `extends` the pack it builds on and applies to canvases of its domain.
//! This module checks the packs' identities ([`check_identities`]: unique
//! ids and domains, a domain pack names its domain and what it extends),
//! puts the packs in an order where each comes after the pack it extends
//! ([`order`]: unknown and circular `extends` are reported), and resolves
//! each pack's `overrides` into the [`Profile`]s the checks use
//! ([`profiles`]: an override may raise an inherited rule's severity, never
//! lower or drop it).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::wire::Severity;

use super::compile::Compiled;
use super::pack::{Loaded, OverrideDef, OverrideSeverity, OwnerKind, Problems};
use super::{Profile, severity_rank};

/// Reports packs whose identity is wrong: an id or a domain used by two
/// packs, a domain-owned pack that names no `domain`, a domain pack that
/// `extends` nothing.
pub(super) fn check_identities(loaded: &[Loaded], problems: &mut Problems) {
    let mut seen_ids: HashMap<String, PathBuf> = HashMap::new();
    let mut seen_domains: HashMap<String, PathBuf> = HashMap::new();
    for l in loaded {
        if let Some(prev) = seen_ids.insert(l.pack.id.clone(), l.file.clone()) {
            problems.push(
                &l.file,
                "/id",
                None,
                format!("pack id `{}` is also used by {}", l.pack.id, prev.display()),
            );
        }
        match (l.pack.owner.kind, &l.pack.domain, &l.pack.extends) {
            (OwnerKind::Domain, None, _) => problems.push(
                &l.file,
                "/domain",
                None,
                "a pack owned by a domain must name the `domain` whose canvases it applies to"
                    .to_owned(),
            ),
            (_, Some(_), None) => problems.push(
                &l.file,
                "/extends",
                None,
                "a domain pack must `extends` the pack it builds on (usually `global`)".to_owned(),
            ),
            _ => {}
        }
        if let Some(d) = &l.pack.domain
            && let Some(prev) = seen_domains.insert(d.clone(), l.file.clone())
        {
            problems.push(
                &l.file,
                "/domain",
                None,
                format!("domain `{d}` already has a pack: {}", prev.display()),
            );
        }
    }
}

/// The packs reordered so that every pack comes after its parent; reports
/// unknown and circular `extends`.
pub(super) fn order(mut loaded: Vec<Loaded>, problems: &mut Problems) -> Vec<Loaded> {
    let order = order_packs(&loaded, problems);
    let mut slots: Vec<Option<Loaded>> = loaded.drain(..).map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

/// Orders packs so that each comes after the pack it extends; reports
/// unknown and circular `extends`.
fn order_packs(loaded: &[Loaded], problems: &mut Problems) -> Vec<usize> {
    let by_id: HashMap<&str, usize> = loaded
        .iter()
        .enumerate()
        .map(|(i, l)| (l.pack.id.as_str(), i))
        .collect();
    let mut order = Vec::new();
    let mut state = vec![0u8; loaded.len()]; // 0 new, 1 visiting, 2 done
    fn visit(
        i: usize,
        loaded: &[Loaded],
        by_id: &HashMap<&str, usize>,
        state: &mut [u8],
        order: &mut Vec<usize>,
        problems: &mut Problems,
    ) {
        if state[i] == 2 {
            return;
        }
        if state[i] == 1 {
            problems.push(
                &loaded[i].file,
                "/extends",
                None,
                format!(
                    "pack `{}` extends itself through a cycle of packs",
                    loaded[i].pack.id
                ),
            );
            return;
        }
        state[i] = 1;
        if let Some(parent) = &loaded[i].pack.extends {
            match by_id.get(parent.as_str()) {
                Some(&p) => visit(p, loaded, by_id, state, order, problems),
                None => problems.push(
                    &loaded[i].file,
                    "/extends",
                    None,
                    format!("extends pack `{parent}`, which is not in the standards folder"),
                ),
            }
        }
        state[i] = 2;
        order.push(i);
    }
    for i in 0..loaded.len() {
        visit(i, loaded, &by_id, &mut state, &mut order, problems);
    }
    order
}

/// The rules in force for one pack: rule index → (effective severity, pack
/// that set it).
type RuleSet = BTreeMap<usize, (Severity, usize)>;

/// What layering resolves to: the profile of canvases whose domain has no
/// pack, and the profile of each domain that has one.
pub(super) struct Profiles {
    pub(super) default: Profile,
    pub(super) by_domain: HashMap<String, Profile>,
}

/// Resolves layering: each pack's effective rule set (what it inherits,
/// its overrides, its own rules), then the default profile (every pack
/// without a domain) and each domain's profile (the default, raised by its
/// pack's set). `loaded` is in layering order, as [`order`] returns it,
/// and `compiled` its compiled packs and rules.
pub(super) fn profiles(
    loaded: &[Loaded],
    compiled: &Compiled,
    problems: &mut Problems,
) -> Profiles {
    let resolved = resolve(loaded, compiled, problems);
    let packs = &compiled.packs;
    let rules = &compiled.rules;
    let mut default_set = BTreeMap::new();
    for (pi, p) in packs.iter().enumerate() {
        if p.domain.is_none() {
            merge(&mut default_set, &resolved[pi]);
        }
    }
    let to_profile = |set: &RuleSet| {
        let mut v: Vec<(usize, Severity, usize)> =
            set.iter().map(|(&k, &(s, p))| (k, s, p)).collect();
        v.sort_by(|a, b| rules[a.0].id.cmp(&rules[b.0].id));
        Profile { rules: v }
    };
    let mut by_domain = HashMap::new();
    for (pi, p) in packs.iter().enumerate() {
        if let Some(d) = &p.domain {
            let mut set = default_set.clone();
            merge(&mut set, &resolved[pi]);
            by_domain.insert(d.clone(), to_profile(&set));
        }
    }
    Profiles {
        default: to_profile(&default_set),
        by_domain,
    }
}

/// Each pack's effective rule set, by pack index: its parent's set (when
/// the parent comes before it), with its overrides applied and its own
/// rules added.
fn resolve(loaded: &[Loaded], compiled: &Compiled, problems: &mut Problems) -> Vec<RuleSet> {
    let pack_index: HashMap<&str, usize> = compiled
        .packs
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let mut resolved: Vec<RuleSet> = Vec::with_capacity(compiled.packs.len());
    for (pi, l) in loaded.iter().enumerate() {
        let mut set: RuleSet = l
            .pack
            .extends
            .as_deref()
            .and_then(|e| pack_index.get(e))
            .filter(|&&parent| parent < pi)
            .map(|&parent| resolved[parent].clone())
            .unwrap_or_default();
        for (oi, o) in l.pack.overrides.iter().enumerate() {
            if let Some((idx, new)) = apply_override(l, oi, o, &set, compiled, problems) {
                set.insert(idx, (new, pi));
            }
        }
        for (i, r) in compiled.rules.iter().enumerate() {
            if r.pack == pi {
                set.insert(i, (r.severity, pi));
            }
        }
        resolved.push(set);
    }
    resolved
}

/// The rule index and new severity of override `oi` of pack `l`, given the
/// rules the pack inherits (`set`); `None`, with the problem reported, when
/// the override names a rule no pack defines or the pack does not inherit,
/// or drops or lowers the rule.
fn apply_override(
    l: &Loaded,
    oi: usize,
    o: &OverrideDef,
    set: &RuleSet,
    compiled: &Compiled,
    problems: &mut Problems,
) -> Option<(usize, Severity)> {
    let (packs, rules) = (&compiled.packs, &compiled.rules);
    let place = format!("/overrides/{oi}");
    let Some(&idx) = compiled.rule_by_id.get(&o.rule) else {
        problems.push(
            &l.file,
            format!("{place}/rule"),
            Some(&o.rule),
            "overrides a rule no pack defines".to_owned(),
        );
        return None;
    };
    let Some(&(current, _)) = set.get(&idx) else {
        problems.push(
            &l.file,
            format!("{place}/rule"),
            Some(&o.rule),
            format!(
                "overrides a rule this pack does not inherit (it belongs to pack `{}`)",
                packs[rules[idx].pack].id
            ),
        );
        return None;
    };
    let from = &packs[rules[idx].pack].id;
    let new = match o.severity {
        OverrideSeverity::Off => {
            problems.push(
                &l.file,
                format!("{place}/severity"),
                Some(&o.rule),
                format!(
                    "drops inherited rule `{}` (from pack `{from}`): a pack may add rules \
                     or raise a severity, never drop one; record a waiver on the canvases \
                     concerned instead",
                    o.rule
                ),
            );
            return None;
        }
        OverrideSeverity::Error => Severity::Error,
        OverrideSeverity::Warning => Severity::Warning,
        OverrideSeverity::Info => Severity::Info,
    };
    if severity_rank(new) < severity_rank(current) {
        problems.push(
            &l.file,
            format!("{place}/severity"),
            Some(&o.rule),
            format!(
                "lowers inherited rule `{}` (from pack `{from}`) from {} to {}: a pack may \
                 only raise a severity",
                o.rule,
                current.as_str(),
                new.as_str()
            ),
        );
        return None;
    }
    Some((idx, new))
}

/// Adds `from`'s rules to `into`, keeping the higher severity of a rule in
/// both (and, at equal severity, the pack `into` had).
fn merge(into: &mut RuleSet, from: &RuleSet) {
    for (&k, &(s, p)) in from {
        let e = into.entry(k).or_insert((s, p));
        if severity_rank(s) > severity_rank(e.0) {
            *e = (s, p);
        }
    }
}
