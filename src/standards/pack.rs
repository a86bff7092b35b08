//! Reading standards packs: finding them, validating them against their own
//! JSON Schema, compiling every rule once, and resolving layering.
//!
//! Every problem found is reported, not just the first, each with the pack
//! file, the place (line:column or JSON pointer) and the rule concerned.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU32;

use serde::Deserialize;
use serde_json::Value;

use crate::wire::Severity;

use super::mesh_rules::{MeshBuiltin, MeshParams, MeshRule};
use super::rego_rule::{RegoPack, RegoRule};
use super::schema_rule::{SchemaRule, Selector, resolve_in_schema};
use super::waivers::WaiverRule;
use super::{
    Check, LoadOptions, PackInfo, PackProblem, Profile, Rule, Scope, Standards, StandardsError,
    severity_rank,
};

/// The file name suffix of standards packs.
pub const PACK_SUFFIX: &str = ".pack.json";

/// The JSON Schema of standards packs (`canvas-schemas/standards-pack-v1.schema.json`).
pub const PACK_SCHEMA: &str = include_str!("../../canvas-schemas/standards-pack-v1.schema.json");

/// The largest pack file read.
const MAX_PACK_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PackFile {
    #[serde(rename = "$schema", default)]
    _schema: Option<String>,
    id: String,
    version: String,
    title: String,
    #[serde(default)]
    _description: String,
    owner: Owner,
    #[serde(default)]
    extends: Option<String>,
    #[serde(default)]
    domain: Option<String>,
    #[serde(default)]
    rules: Vec<RuleDef>,
    #[serde(default)]
    overrides: Vec<OverrideDef>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Owner {
    kind: OwnerKind,
    name: String,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum OwnerKind {
    Federation,
    Domain,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RuleDef {
    id: String,
    title: String,
    rationale: String,
    severity: Severity,
    scope: Scope,
    hint: String,
    check: Value,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
enum CheckDef {
    Schema {
        selector: String,
        #[serde(default)]
        repeat: Option<String>,
        schema: Value,
        message: String,
    },
    Rego {
        #[serde(default)]
        policy: Option<String>,
        #[serde(default)]
        file: Option<String>,
    },
    Mesh {
        builtin: MeshBuiltin,
        #[serde(default)]
        parameters: Option<Value>,
    },
    Builtin {
        builtin: WaiverRule,
    },
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct OverrideDef {
    rule: String,
    severity: OverrideSeverity,
    #[serde(default)]
    _reason: String,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum OverrideSeverity {
    Error,
    Warning,
    Info,
    Off,
}

struct Loaded {
    file: PathBuf,
    pack: PackFile,
}

struct Problems(Vec<PackProblem>);

impl Problems {
    fn push(&mut self, file: &Path, place: impl Into<String>, rule: Option<&str>, msg: String) {
        self.0.push(PackProblem {
            file: file.to_owned(),
            place: place.into(),
            rule_id: rule.map(str::to_owned),
            message: msg,
        });
    }
}

fn find_packs(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), StandardsError> {
    let found = crate::walk::files(dir, |name| name.ends_with(PACK_SUFFIX));
    if let Some(e) = found.errors.into_iter().next() {
        return Err(StandardsError::Io {
            path: e.path,
            message: crate::format::io_message(&e.error),
        });
    }
    out.extend(found.files);
    Ok(())
}

/// Reads a file of the standards folder as text: only a regular file (a
/// FIFO or a device such as `/dev/zero` would block or never end), at most
/// `limit` bytes, even when it grows while being read. `what` names the
/// kind of file in the message.
fn read_capped(path: &Path, limit: u64, what: &str) -> Result<String, String> {
    use std::io::Read as _;
    let meta = std::fs::metadata(path).map_err(|e| crate::format::io_message(&e))?;
    if !meta.is_file() {
        return Err(format!(
            "not a regular file (a folder, FIFO, socket or device); a {what} is a file"
        ));
    }
    let too_large = || {
        format!(
            "larger than the {} a {what} may be",
            crate::format::human_bytes(limit)
        )
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(|e| crate::format::io_message(&e))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| crate::format::io_message(&e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|_| "not valid UTF-8".to_owned())
}

/// The Rego file a rule's `file` names, relative to its pack file: only a
/// file below the standards folder `dir`, once every `..` and symlink is
/// resolved.
fn rego_file(dir: &Path, pack_file: &Path, file: &str) -> Result<(PathBuf, String), String> {
    let path = pack_file.parent().unwrap_or(dir).join(file);
    let real = std::fs::canonicalize(&path).map_err(|e| {
        format!(
            "cannot read Rego file {}: {}",
            path.display(),
            crate::format::io_message(&e)
        )
    })?;
    let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
    if !real.starts_with(&root) {
        return Err(format!(
            "Rego file {} is outside the standards folder {}; a pack reads only files below it",
            path.display(),
            dir.display()
        ));
    }
    let text = read_capped(&real, MAX_PACK_BYTES, "Rego file")
        .map_err(|m| format!("cannot read Rego file {}: {m}", path.display()))?;
    Ok((path, text))
}

fn read_pack(
    file: &Path,
    validator: &jsonschema::Validator,
    problems: &mut Problems,
) -> Option<PackFile> {
    let text = match read_capped(file, MAX_PACK_BYTES, "pack") {
        Ok(t) => t,
        Err(m) => {
            problems.push(file, "", None, m);
            return None;
        }
    };
    let value: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            let msg = e.to_string();
            let msg = msg.rfind(" at line ").map_or(msg.as_str(), |i| &msg[..i]);
            problems.push(
                file,
                format!("{}:{}", e.line(), e.column()),
                None,
                format!("not valid JSON: {msg}"),
            );
            return None;
        }
    };
    let rule_at = |ptr: &str| -> Option<String> {
        let rest = ptr.strip_prefix("/rules/")?;
        let idx = rest.split('/').next()?;
        value
            .pointer(&format!("/rules/{idx}/id"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let mut bad = false;
    for e in validator.iter_errors(&value) {
        bad = true;
        let ptr = e.instance_path().as_str().to_owned();
        let rule = rule_at(&ptr);
        let place = if ptr.is_empty() {
            "(pack root)".to_owned()
        } else {
            ptr
        };
        problems.push(
            file,
            place,
            rule.as_deref(),
            format!("does not match the standards pack schema: {}", e.masked()),
        );
    }
    if bad {
        return None;
    }
    match serde_path_to_error::deserialize::<_, PackFile>(&value) {
        Ok(p) => Some(p),
        Err(e) => {
            let ptr = crate::format::path_to_pointer(e.path());
            let rule = rule_at(&ptr);
            problems.push(file, ptr, rule.as_deref(), e.inner().to_string());
            None
        }
    }
}

/// Loads every pack under `dir`.
pub(super) fn load_dir(dir: &Path, options: LoadOptions) -> Result<Standards, StandardsError> {
    if !dir.is_dir() {
        return Err(StandardsError::Io {
            path: dir.to_owned(),
            message: "no such folder (expected a folder of *.pack.json standards packs)".to_owned(),
        });
    }
    let mut files = Vec::new();
    find_packs(dir, &mut files)?;
    let mut problems = Problems(Vec::new());
    if files.is_empty() {
        problems.push(
            dir,
            "",
            None,
            format!("no standards packs (*{PACK_SUFFIX}) in this folder"),
        );
        return Err(StandardsError::Packs(problems.0));
    }
    let schema: Value = serde_json::from_str(PACK_SCHEMA).map_err(|e| StandardsError::Io {
        path: PathBuf::from("canvas-schemas/standards-pack-v1.schema.json"),
        message: format!("built-in pack schema is not JSON: {e}"),
    })?;
    let validator = jsonschema::validator_for(&schema).map_err(|e| StandardsError::Io {
        path: PathBuf::from("canvas-schemas/standards-pack-v1.schema.json"),
        message: format!("built-in pack schema does not compile: {e}"),
    })?;
    let mut loaded = Vec::new();
    for f in files {
        if let Some(pack) = read_pack(&f, &validator, &mut problems) {
            loaded.push(Loaded { file: f, pack });
        }
    }
    if !problems.0.is_empty() {
        return Err(StandardsError::Packs(problems.0));
    }
    let standards = compile(dir, loaded, options, &mut problems);
    if problems.0.is_empty() {
        Ok(standards)
    } else {
        problems
            .0
            .sort_by(|a, b| (&a.file, &a.place).cmp(&(&b.file, &b.place)));
        Err(StandardsError::Packs(problems.0))
    }
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

#[allow(clippy::too_many_lines)]
fn compile(
    dir: &Path,
    mut loaded: Vec<Loaded>,
    options: LoadOptions,
    problems: &mut Problems,
) -> Standards {
    // Identity checks.
    let mut seen_ids: HashMap<String, PathBuf> = HashMap::new();
    let mut seen_domains: HashMap<String, PathBuf> = HashMap::new();
    for l in &loaded {
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
    let order = order_packs(&loaded, problems);
    // Reorder so that every pack comes after its parent.
    let mut slots: Vec<Option<Loaded>> = loaded.drain(..).map(Some).collect();
    let loaded: Vec<Loaded> = order.iter().filter_map(|&i| slots[i].take()).collect();

    let canvas_schema = crate::schema::canvas_schema();
    let mut packs = Vec::new();
    let mut rules: Vec<Rule> = Vec::new();
    let mut rego: Vec<Option<RegoPack>> = Vec::new();
    let mut rule_by_id: HashMap<String, usize> = HashMap::new();

    for (pi, l) in loaded.iter().enumerate() {
        let p = &l.pack;
        packs.push(PackInfo {
            id: p.id.clone(),
            version: p.version.clone(),
            title: p.title.clone(),
            owner_kind: match p.owner.kind {
                OwnerKind::Federation => "federation",
                OwnerKind::Domain => "domain",
            }
            .to_owned(),
            owner_name: p.owner.name.clone(),
            extends: p.extends.clone(),
            domain: p.domain.clone(),
            file: l.file.clone(),
        });
        let mut rego_pack: Option<RegoPack> = None;
        let mut packages: HashMap<String, String> = HashMap::new();
        let mut pending_compile: Vec<(usize, String, String)> = Vec::new();
        for (ri, def) in p.rules.iter().enumerate() {
            let place = format!("/rules/{ri}");
            if let Some(&prev) = rule_by_id.get(&def.id) {
                let prev_pack = &packs[rules[prev].pack];
                problems.push(
                    &l.file,
                    format!("{place}/id"),
                    Some(&def.id),
                    format!(
                        "rule id used twice: pack `{}` ({}) already defines it",
                        prev_pack.id,
                        prev_pack.file.display()
                    ),
                );
                continue;
            }
            let check_def: CheckDef = match serde_path_to_error::deserialize(&def.check) {
                Ok(c) => c,
                Err(e) => {
                    problems.push(
                        &l.file,
                        format!("{place}/check{}", crate::format::path_to_pointer(e.path())),
                        Some(&def.id),
                        e.inner().to_string(),
                    );
                    continue;
                }
            };
            let source = match &check_def {
                CheckDef::Rego {
                    policy: Some(src), ..
                } => src.clone(),
                _ => serde_json::to_string_pretty(&def.check).unwrap_or_default(),
            };
            let mut source = source;
            let check = match check_def {
                CheckDef::Schema {
                    selector,
                    repeat,
                    schema,
                    message,
                } => {
                    let sel = match Selector::parse(&selector) {
                        Ok(s) => s,
                        Err(m) => {
                            problems.push(
                                &l.file,
                                format!("{place}/check/selector"),
                                Some(&def.id),
                                m,
                            );
                            continue;
                        }
                    };
                    let node =
                        match resolve_in_schema(&canvas_schema, &canvas_schema, &sel, &selector) {
                            Ok(n) => n,
                            Err(m) => {
                                problems.push(
                                    &l.file,
                                    format!("{place}/check/selector"),
                                    Some(&def.id),
                                    m,
                                );
                                continue;
                            }
                        };
                    let repeat = match repeat {
                        None => None,
                        Some(r) => {
                            let parsed = Selector::parse(&r).and_then(|rs| {
                                resolve_in_schema(&canvas_schema, node, &rs, &r).map(|_| rs)
                            });
                            match parsed {
                                Ok(rs) => Some(rs),
                                Err(m) => {
                                    problems.push(
                                        &l.file,
                                        format!("{place}/check/repeat"),
                                        Some(&def.id),
                                        m,
                                    );
                                    continue;
                                }
                            }
                        }
                    };
                    let validator = match jsonschema::validator_for(&schema) {
                        Ok(v) => v,
                        Err(e) => {
                            problems.push(
                                &l.file,
                                format!("{place}/check/schema{}", e.schema_path().as_str()),
                                Some(&def.id),
                                format!("the schema fragment does not compile: {}", e.masked()),
                            );
                            continue;
                        }
                    };
                    Check::Schema(SchemaRule {
                        selector: sel,
                        repeat,
                        validator,
                        message,
                    })
                }
                CheckDef::Rego { policy, file } => {
                    let (label, text) = match (policy, file) {
                        (Some(src), None) => (format!("{}#{}", l.file.display(), def.id), src),
                        (None, Some(f)) => match rego_file(dir, &l.file, &f) {
                            Ok((path, t)) => {
                                source.clone_from(&t);
                                (path.display().to_string(), t)
                            }
                            Err(m) => {
                                problems.push(
                                    &l.file,
                                    format!("{place}/check/file"),
                                    Some(&def.id),
                                    m,
                                );
                                continue;
                            }
                        },
                        _ => {
                            problems.push(
                                &l.file,
                                format!("{place}/check"),
                                Some(&def.id),
                                "a Rego check needs exactly one of `policy` (inline) or `file`"
                                    .to_owned(),
                            );
                            continue;
                        }
                    };
                    let rp =
                        rego_pack.get_or_insert_with(|| RegoPack::new(options.rego_time_limit));
                    match rp.add(&label, &text) {
                        Ok(query) => {
                            if let Some(other) = packages.insert(query.clone(), def.id.clone()) {
                                problems.push(
                                    &l.file,
                                    format!("{place}/check"),
                                    Some(&def.id),
                                    format!(
                                        "its policy's package is also rule `{other}`'s; each rule \
                                         needs its own package"
                                    ),
                                );
                                continue;
                            }
                            pending_compile.push((rules.len(), query.clone(), def.id.clone()));
                            Check::Rego(RegoRule {
                                pack: pi,
                                query,
                                label,
                                timeouts: AtomicU32::new(0),
                                reads: super::rego_rule::input_keys(&text)
                                    .map(|keys| keys.into_iter().collect()),
                            })
                        }
                        Err(m) => {
                            problems.push(&l.file, format!("{place}/check"), Some(&def.id), m);
                            continue;
                        }
                    }
                }
                CheckDef::Mesh {
                    builtin,
                    parameters,
                } => {
                    let params_value =
                        parameters.unwrap_or_else(|| Value::Object(serde_json::Map::default()));
                    if let Some(obj) = params_value.as_object() {
                        let accepted = builtin.accepted_params();
                        let unknown: Vec<&String> = obj
                            .keys()
                            .filter(|k| !accepted.contains(&k.as_str()))
                            .collect();
                        if !unknown.is_empty() {
                            problems.push(
                                &l.file,
                                format!("{place}/check/parameters"),
                                Some(&def.id),
                                format!(
                                    "this mesh rule does not read parameter(s) {}; it reads: {}",
                                    unknown
                                        .iter()
                                        .map(|k| format!("`{k}`"))
                                        .collect::<Vec<_>>()
                                        .join(", "),
                                    if accepted.is_empty() {
                                        "none".to_owned()
                                    } else {
                                        accepted.join(", ")
                                    }
                                ),
                            );
                            continue;
                        }
                    }
                    match MeshParams::deserialize(&params_value) {
                        Ok(params) => Check::Mesh(MeshRule { builtin, params }),
                        Err(e) => {
                            problems.push(
                                &l.file,
                                format!("{place}/check/parameters"),
                                Some(&def.id),
                                e.to_string(),
                            );
                            continue;
                        }
                    }
                }
                CheckDef::Builtin { builtin } => Check::Waiver(builtin),
            };
            rule_by_id.insert(def.id.clone(), rules.len());
            rules.push(Rule {
                id: def.id.clone(),
                title: def.title.clone(),
                rationale: def.rationale.clone(),
                hint: def.hint.clone(),
                severity: def.severity,
                scope: def.scope,
                pack: pi,
                check,
                source,
            });
        }
        // Compile the pack's policies once, now that all are added; errors
        // the parser cannot see (unknown builtins, recursion) surface here.
        if let Some(rp) = &mut rego_pack {
            for (_, query, rule_id) in &pending_compile {
                if let Err(m) = rp.compile(query) {
                    let ri = p.rules.iter().position(|r| &r.id == rule_id).unwrap_or(0);
                    problems.push(&l.file, format!("/rules/{ri}/check"), Some(rule_id), m);
                }
            }
        }
        rego.push(rego_pack);
    }

    // Layering: resolve each pack's effective rule set.
    let pack_index: HashMap<&str, usize> = packs
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let mut resolved: Vec<BTreeMap<usize, (Severity, usize)>> = Vec::with_capacity(packs.len());
    for (pi, l) in loaded.iter().enumerate() {
        let mut set: BTreeMap<usize, (Severity, usize)> = l
            .pack
            .extends
            .as_deref()
            .and_then(|e| pack_index.get(e))
            .filter(|&&parent| parent < pi)
            .map(|&parent| resolved[parent].clone())
            .unwrap_or_default();
        for (oi, o) in l.pack.overrides.iter().enumerate() {
            let place = format!("/overrides/{oi}");
            let Some(&idx) = rule_by_id.get(&o.rule) else {
                problems.push(
                    &l.file,
                    format!("{place}/rule"),
                    Some(&o.rule),
                    "overrides a rule no pack defines".to_owned(),
                );
                continue;
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
                continue;
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
                    continue;
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
                continue;
            }
            set.insert(idx, (new, pi));
        }
        for (i, r) in rules.iter().enumerate() {
            if r.pack == pi {
                set.insert(i, (r.severity, pi));
            }
        }
        resolved.push(set);
    }

    let merge = |into: &mut BTreeMap<usize, (Severity, usize)>,
                 from: &BTreeMap<usize, (Severity, usize)>| {
        for (&k, &(s, p)) in from {
            let e = into.entry(k).or_insert((s, p));
            if severity_rank(s) > severity_rank(e.0) {
                *e = (s, p);
            }
        }
    };
    let mut default_set = BTreeMap::new();
    for (pi, p) in packs.iter().enumerate() {
        if p.domain.is_none() {
            merge(&mut default_set, &resolved[pi]);
        }
    }
    let to_profile = |set: &BTreeMap<usize, (Severity, usize)>| {
        let mut v: Vec<(usize, Severity, usize)> =
            set.iter().map(|(&k, &(s, p))| (k, s, p)).collect();
        v.sort_by(|a, b| rules[a.0].id.cmp(&rules[b.0].id));
        Profile { rules: v }
    };
    let mut domain_profiles = HashMap::new();
    for (pi, p) in packs.iter().enumerate() {
        if let Some(d) = &p.domain {
            let mut set = default_set.clone();
            merge(&mut set, &resolved[pi]);
            domain_profiles.insert(d.clone(), to_profile(&set));
        }
    }
    let default_profile = to_profile(&default_set);

    Standards {
        dir: dir.to_owned(),
        packs,
        rules,
        rego,
        default_profile,
        domain_profiles,
        unavailable: None,
    }
}
