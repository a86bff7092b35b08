//! Federated computational governance: the federation's standards as code.
//!
//! Standards live as data, in packs under `canvas-schemas/standards/`
//! (`*.pack.json`, validated against `canvas-schemas/standards-pack-v1.schema.json`).
//! A pack without a `domain` applies to every canvas; a domain pack
//! `extends` another pack and applies to canvases whose `domain.name` it
//! names. It may add rules and raise severities, never drop or lower an
//! inherited rule: such a pack fails to load, naming the rule.
//!
//! Each rule has one check:
//! - a JSON Schema fragment applied at a selector ([`schema_rule`]);
//! - a Rego policy evaluated by regorus ([`rego_rule`]);
//! - a built-in mesh rule over the product graph ([`mesh_rules`]);
//! - a built-in waiver rule ([`waivers`]).
//!
//! [`Standards::load`] reads, validates and compiles every pack once; the
//! compiled standards are then shared by any number of checks. Reading and
//! validating the packs is `pack`'s; resolving which pack extends which,
//! their overrides and the profiles these give is `layering`'s; compiling
//! each rule's check, by its kind, is `compile`'s. A
//! [`MeshCheck`] holds a mesh of canvases and their findings and rechecks
//! only what an edit can affect.
//!
//! Where the CLI finds packs: `--standards DIR`, else the
//! `MESHCANVAS_STANDARDS` environment variable, else
//! `canvas-schemas/standards` under the current folder, else
//! `canvas-schemas/standards` next to the executable (or one of its
//! ancestors' folders, which covers `target/debug/meshcanvas`). See
//! [`default_dir`].

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::wire::{RuleInfo, Severity};

mod check;
mod compile;
mod date;
mod layering;
pub(crate) mod locate;
pub mod mesh_rules;
mod pack;
pub mod policy_worker;
pub mod rego_rule;
pub mod schema_rule;
pub mod synth;
pub mod waivers;

pub use check::{MeshCheck, RunError};
pub use date::Date;
pub use locate::{locate, locate_all};
pub use pack::{PACK_SCHEMA, PACK_SUFFIX};

use mesh_rules::MeshRule;
use rego_rule::{RegoPack, RegoRule};
use schema_rule::SchemaRule;
use waivers::WaiverRule;

/// The environment variable naming the standards folder.
pub const STANDARDS_ENV: &str = "MESHCANVAS_STANDARDS";

/// The standards folder, relative to a repository or installation root.
pub const STANDARDS_REL_DIR: &str = "canvas-schemas/standards";

/// The time one Rego rule may take on one canvas before it is stopped. Real
/// rules take microseconds; the limit is generous because it is wall-clock
/// time, which a loaded machine stretches.
pub const DEFAULT_REGO_TIME_LIMIT: Duration = Duration::from_secs(2);

/// After this many canvases on which a Rego rule ran out of time, the rule is
/// not run again in the same process: a broken policy must not turn a check
/// of ten thousand canvases into hours.
pub const REGO_TIMEOUTS_BEFORE_QUARANTINE: u32 = 3;

/// Where the desktop app's package installs its standards packs, relative to
/// the prefix its executables are in (`/usr/bin` → `/usr/lib/Mesh Canvas/
/// standards` from the .deb): Tauri's resource folder, named after the
/// product (`productName` in src-tauri/tauri.conf.json; a test holds the two
/// together). The `meshcanvas` CLI the package carries finds them there.
pub const INSTALLED_STANDARDS_REL_DIR: &str = "lib/Mesh Canvas/standards";

/// Where the standards are when no folder is given: `MESHCANVAS_STANDARDS`,
/// else `canvas-schemas/standards` under the current folder, else next to
/// the executable or one of its parent folders (a build tree), else where
/// the package installs them ([`INSTALLED_STANDARDS_REL_DIR`] under one of
/// the executable's parent folders). `None` when none exists.
#[must_use]
pub fn default_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(STANDARDS_ENV) {
        return Some(PathBuf::from(dir));
    }
    if let Ok(cwd) = std::env::current_dir() {
        let dir = cwd.join(STANDARDS_REL_DIR);
        if dir.is_dir() {
            return Some(dir);
        }
    }
    let exe = std::env::current_exe().ok()?;
    [STANDARDS_REL_DIR, INSTALLED_STANDARDS_REL_DIR]
        .into_iter()
        .find_map(|rel| {
            exe.ancestors()
                .skip(1)
                .map(|a| a.join(rel))
                .find(|d| d.is_dir())
        })
}

/// A problem in one pack: which file, where, which rule, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackProblem {
    pub file: PathBuf,
    /// JSON pointer into the pack, or `line:column`, when known.
    pub place: String,
    /// The rule concerned, when one is.
    pub rule_id: Option<String>,
    pub message: String,
}

impl std::fmt::Display for PackProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if !self.place.is_empty() {
            write!(f, ":{}", self.place)?;
        }
        if let Some(rule) = &self.rule_id {
            write!(f, ": rule `{rule}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Why the standards could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum StandardsError {
    /// No standards folder was given and none was found.
    #[error(
        "no standards folder found: pass --standards DIR, set {STANDARDS_ENV}, or run from a \
         folder containing {STANDARDS_REL_DIR}"
    )]
    NotFound,
    /// The folder could not be read.
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    /// One or more packs are wrong; every problem found is listed.
    #[error("{}", fmt_problems(.0))]
    Packs(Vec<PackProblem>),
    /// A rule id that no pack defines.
    #[error("no standard has the id `{0}` (see `meshcanvas standards list`)")]
    UnknownRule(String),
}

fn fmt_problems(problems: &[PackProblem]) -> String {
    let mut s = String::new();
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(&p.to_string());
    }
    s
}

/// The scope a rule is about, as packs declare it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Scope {
    Canvas,
    OutputPort,
    InputPort,
    Field,
    Mesh,
}

impl Scope {
    fn as_str(self) -> &'static str {
        match self {
            Self::Canvas => "canvas",
            Self::OutputPort => "outputPort",
            Self::InputPort => "inputPort",
            Self::Field => "field",
            Self::Mesh => "mesh",
        }
    }
}

/// How severe a severity is: a bigger number is more severe. (The wire
/// type's derived order is display order, error first.)
#[must_use]
pub fn severity_rank(s: Severity) -> u8 {
    match s {
        Severity::Error => 3,
        Severity::Warning => 2,
        Severity::Info => 1,
    }
}

/// The compiled check of one rule.
#[derive(Debug)]
pub(crate) enum Check {
    Schema(SchemaRule),
    Rego(RegoRule),
    Mesh(MeshRule),
    Waiver(WaiverRule),
    /// A product's version says what changed since its baseline (see
    /// [`crate::change::version_findings`]); runs only with a baseline.
    Versioning,
}

impl Check {
    fn kind(&self) -> &'static str {
        match self {
            Self::Schema(_) => "schema",
            Self::Rego(_) => "rego",
            Self::Mesh(_) => "mesh",
            Self::Waiver(_) | Self::Versioning => "builtin",
        }
    }
}

/// One rule as compiled from its pack.
#[derive(Debug)]
pub(crate) struct Rule {
    pub id: String,
    pub title: String,
    pub rationale: String,
    pub hint: String,
    /// The severity its own pack declares.
    pub severity: Severity,
    pub scope: Scope,
    /// Index into [`Standards::packs`].
    pub pack: usize,
    pub check: Check,
    /// The check as written in the pack, for `explain`.
    pub source: String,
}

/// A loaded pack's identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackInfo {
    pub id: String,
    pub version: String,
    pub title: String,
    /// `federation` or `domain`.
    pub owner_kind: String,
    pub owner_name: String,
    pub extends: Option<String>,
    /// The domain the pack applies to; `None` applies to every canvas.
    pub domain: Option<String>,
    pub file: PathBuf,
}

/// The rules that apply to canvases of one domain, with their effective
/// severities: what layering resolves to.
#[derive(Debug, Clone, Default)]
pub(crate) struct Profile {
    /// `(rule index, effective severity, pack that set the severity)`,
    /// in rule-id order.
    pub rules: Vec<(usize, Severity, usize)>,
}

/// A rule's full description, for `meshcanvas standards explain`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleExplanation {
    pub info: RuleInfo,
    pub hint: String,
    pub pack_file: String,
    /// The check as the pack writes it (schema fragment, Rego source, mesh
    /// rule and parameters).
    pub check: String,
    /// Domains whose packs change the severity: `(domain, severity, pack)`.
    pub overrides: Vec<(String, Severity, String)>,
}

/// Every pack of a standards folder, compiled once.
#[derive(Debug)]
pub struct Standards {
    dir: PathBuf,
    pub(crate) packs: Vec<PackInfo>,
    pub(crate) rules: Vec<Rule>,
    /// One Rego engine per pack that has Rego rules (index = pack index).
    pub(crate) rego: Vec<Option<RegoPack>>,
    /// Where Rego is evaluated: this program, started as a worker, or this
    /// process (`None`).
    pub(crate) policy_worker: Option<PathBuf>,
    /// Workers not in use, kept for the next check (ended with the
    /// standards).
    pub(crate) idle_workers: policy_worker::Pool,
    /// The profile of canvases whose domain has no pack.
    pub(crate) default_profile: Profile,
    /// Profiles by domain name.
    pub(crate) domain_profiles: HashMap<String, Profile>,
    /// Why there are no standards, when the packs did not load (see
    /// [`Standards::unavailable`]).
    pub(crate) unavailable: Option<String>,
}

/// Options for [`Standards::load_with`].
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// How long one Rego rule may run on one canvas.
    pub rego_time_limit: Duration,
    /// The program started to evaluate Rego policies in a process that can
    /// be stopped ([`policy_worker`]); `None` evaluates them in this
    /// process. Default: this executable, when it serves as one
    /// ([`policy_worker::serve_if_asked`]).
    pub policy_worker: Option<PathBuf>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            rego_time_limit: DEFAULT_REGO_TIME_LIMIT,
            policy_worker: policy_worker::host_program(),
        }
    }
}

impl Standards {
    /// Loads, validates and compiles every `*.pack.json` under `dir`.
    pub fn load(dir: &Path) -> Result<Self, StandardsError> {
        Self::load_with(dir, &LoadOptions::default())
    }

    /// [`Standards::load`] with options.
    pub fn load_with(dir: &Path, options: &LoadOptions) -> Result<Self, StandardsError> {
        pack::load_dir(dir, options)
    }

    /// No packs and no rules, because the packs in `dir` did not load
    /// (`why`): every check finds nothing. What the desktop app checks
    /// against then (it says so wherever findings show), so canvases can
    /// still be opened and edited; the export gate refuses what it cannot
    /// check unless findings are allowed (see [`crate::gate`]).
    #[must_use]
    pub fn unavailable(dir: &Path, why: impl Into<String>) -> Self {
        Self {
            dir: dir.to_owned(),
            packs: Vec::new(),
            rules: Vec::new(),
            rego: Vec::new(),
            policy_worker: None,
            idle_workers: policy_worker::Pool::default(),
            default_profile: Profile::default(),
            domain_profiles: HashMap::new(),
            unavailable: Some(why.into()),
        }
    }

    /// Why the packs did not load, for standards made by
    /// [`Standards::unavailable`].
    #[must_use]
    pub fn unavailable_reason(&self) -> Option<&str> {
        self.unavailable.as_deref()
    }

    /// The folder the standards were loaded from.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The loaded packs, in load order (roots first).
    #[must_use]
    pub fn packs(&self) -> &[PackInfo] {
        &self.packs
    }

    /// Every rule of every pack, sorted by pack then rule id. Domain packs'
    /// severity raises are listed as entries of the domain pack.
    #[must_use]
    pub fn rules(&self) -> Vec<RuleInfo> {
        let mut out: Vec<RuleInfo> = self
            .rules
            .iter()
            .map(|r| self.rule_info(r, r.severity, r.pack))
            .collect();
        // Severity raises of domain packs.
        let mut domains: Vec<_> = self.domain_profiles.iter().collect();
        domains.sort_by(|a, b| a.0.cmp(b.0));
        for (_, profile) in domains {
            for &(idx, sev, set_by) in &profile.rules {
                let r = &self.rules[idx];
                if set_by != r.pack {
                    out.push(self.rule_info(r, sev, set_by));
                }
            }
        }
        out.sort_by(|a, b| {
            (a.domain.is_some(), &a.pack_id, &a.id).cmp(&(b.domain.is_some(), &b.pack_id, &b.id))
        });
        out.dedup();
        out
    }

    fn rule_info(&self, r: &Rule, severity: Severity, pack: usize) -> RuleInfo {
        let p = &self.packs[pack];
        RuleInfo {
            id: r.id.clone(),
            title: r.title.clone(),
            rationale: r.rationale.clone(),
            severity,
            scope: r.scope.as_str().to_owned(),
            check_kind: r.check.kind().to_owned(),
            pack_id: p.id.clone(),
            pack_version: p.version.clone(),
            domain: p.domain.clone(),
            hint: r.hint.clone(),
        }
    }

    /// The rule with this id, explained.
    pub fn explain(&self, id: &str) -> Result<RuleExplanation, StandardsError> {
        let r = self
            .rules
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| StandardsError::UnknownRule(id.to_owned()))?;
        let idx = self
            .rules
            .iter()
            .position(|x| std::ptr::eq(x, r))
            .unwrap_or(0);
        let mut overrides: BTreeMap<String, (Severity, String)> = BTreeMap::new();
        for (domain, profile) in &self.domain_profiles {
            for &(i, sev, set_by) in &profile.rules {
                if i == idx && set_by != r.pack {
                    overrides.insert(domain.clone(), (sev, self.packs[set_by].id.clone()));
                }
            }
        }
        Ok(RuleExplanation {
            info: self.rule_info(r, r.severity, r.pack),
            hint: r.hint.clone(),
            pack_file: self.packs[r.pack].file.display().to_string(),
            check: r.source.clone(),
            overrides: overrides.into_iter().map(|(d, (s, p))| (d, s, p)).collect(),
        })
    }

    /// The rules that apply to canvases of `domain`, with the severities
    /// layering gives them, sorted by id.
    #[must_use]
    pub fn rules_for_domain(&self, domain: &str) -> Vec<RuleInfo> {
        self.profile(domain)
            .rules
            .iter()
            .map(|&(idx, sev, set_by)| self.rule_info(&self.rules[idx], sev, set_by))
            .collect()
    }

    /// The profile applying to canvases of `domain`.
    pub(crate) fn profile(&self, domain: &str) -> &Profile {
        self.domain_profiles
            .get(domain)
            .unwrap_or(&self.default_profile)
    }
}
