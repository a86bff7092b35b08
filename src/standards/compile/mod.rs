//! Compiling the rules of the packs, once, when the standards load.
//!
//! [`packs`] goes through the packs in layering order and their rules in
//! pack order. A rule's `check` is read as one of the check kinds
//! ([`CheckDef`]) and compiled by that kind's module: [`schema`] (a JSON
//! Schema fragment at a selector), [`rego`] (a Rego policy, added to its
//! pack's engine, which compiles once all the pack's policies are added)
//! and [`mesh`] (a built-in mesh rule and its parameters); the built-in
//! waiver rules need no compiling.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::mesh_rules::MeshBuiltin;
use super::pack::{Loaded, Problems, RuleDef};
use super::rego_rule::RegoPack;
use super::waivers::WaiverRule;
use super::{Check, LoadOptions, PackInfo, Rule};

mod mesh;
mod rego;
mod schema;

/// A rule's check as its pack writes it; `kind` says which kind it is.
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
        builtin: BuiltinName,
    },
}

/// The built-in rules a pack can turn on by name.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum BuiltinName {
    WaiverHasApprover,
    WaiverNotExpired,
    VersionSaysWhatChanged,
}

impl CheckDef {
    /// Compiles the check, by its kind's module; with the text of the Rego
    /// file it names, when it names one (the rule's source then).
    fn compile(
        self,
        cx: &Context<'_>,
        rule_id: &str,
        policies: &mut rego::Policies,
    ) -> Result<(Check, Option<String>), CheckError> {
        match self {
            Self::Schema {
                selector,
                repeat,
                schema,
                message,
            } => schema::compile(
                cx.canvas_schema,
                &selector,
                repeat.as_deref(),
                &schema,
                message,
            )
            .map(|rule| (Check::Schema(rule), None)),
            Self::Rego { policy, file } => policies
                .rule(cx, rule_id, policy, file)
                .map(|(rule, file_text)| (Check::Rego(rule), file_text)),
            Self::Mesh {
                builtin,
                parameters,
            } => mesh::compile(builtin, parameters).map(|rule| (Check::Mesh(rule), None)),
            Self::Builtin { builtin } => Ok((
                match builtin {
                    BuiltinName::WaiverHasApprover => Check::Waiver(WaiverRule::WaiverHasApprover),
                    BuiltinName::WaiverNotExpired => Check::Waiver(WaiverRule::WaiverNotExpired),
                    BuiltinName::VersionSaysWhatChanged => Check::Versioning,
                },
                None,
            )),
        }
    }
}

/// What is wrong with one rule's check: where, as a JSON pointer below the
/// rule's `check` (empty for the check as a whole), and what.
#[derive(Debug)]
struct CheckError {
    at: String,
    message: String,
}

impl CheckError {
    fn new(at: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            at: at.into(),
            message: message.into(),
        }
    }
}

/// The pack a rule's check is compiled in, and what it is compiled against.
struct Context<'a> {
    /// The standards folder: a Rego `file` must be below it.
    dir: &'a Path,
    /// The pack's index in layering order.
    pack: usize,
    loaded: &'a Loaded,
    /// The canvas format's JSON Schema, which selectors must match.
    canvas_schema: &'a Value,
}

/// The packs and their rules, compiled.
#[derive(Debug, Default)]
pub(super) struct Compiled {
    /// Every pack, in layering order.
    pub(super) packs: Vec<PackInfo>,
    /// Every rule that compiled, pack by pack.
    pub(super) rules: Vec<Rule>,
    /// One Rego engine per pack that has Rego rules (index = pack index).
    pub(super) rego: Vec<Option<RegoPack>>,
    /// Index into `rules` by rule id (ids are unique across packs).
    pub(super) rule_by_id: HashMap<String, usize>,
}

/// Compiles every rule of every pack in `loaded`, which is in layering
/// order; a rule that does not compile is reported and left out.
pub(super) fn packs(
    dir: &Path,
    loaded: &[Loaded],
    options: &LoadOptions,
    problems: &mut Problems,
) -> Compiled {
    let canvas_schema = crate::schema::canvas_schema();
    let mut compiled = Compiled::default();
    for (pack, l) in loaded.iter().enumerate() {
        compiled.packs.push(l.info());
        let cx = Context {
            dir,
            pack,
            loaded: l,
            canvas_schema: &canvas_schema,
        };
        let mut policies = rego::Policies::new(options.rego_time_limit);
        for (ri, def) in l.pack.rules.iter().enumerate() {
            if let Some(rule) = compiled.rule(&cx, ri, def, &mut policies, problems) {
                compiled
                    .rule_by_id
                    .insert(def.id.clone(), compiled.rules.len());
                compiled.rules.push(rule);
            }
        }
        compiled.rego.push(policies.compile(l, problems));
    }
    compiled
}

impl Compiled {
    /// Rule `ri` of the pack, compiled; `None`, with the problem reported,
    /// when its id is taken or its check does not compile.
    fn rule(
        &self,
        cx: &Context<'_>,
        ri: usize,
        def: &RuleDef,
        policies: &mut rego::Policies,
        problems: &mut Problems,
    ) -> Option<Rule> {
        let file = &cx.loaded.file;
        let place = format!("/rules/{ri}");
        if let Some(&prev) = self.rule_by_id.get(&def.id) {
            let prev_pack = &self.packs[self.rules[prev].pack];
            problems.push(
                file,
                format!("{place}/id"),
                Some(&def.id),
                format!(
                    "rule id used twice: pack `{}` ({}) already defines it",
                    prev_pack.id,
                    prev_pack.file.display()
                ),
            );
            return None;
        }
        let check_def: CheckDef = match serde_path_to_error::deserialize(&def.check) {
            Ok(c) => c,
            Err(e) => {
                problems.push(
                    file,
                    format!("{place}/check{}", crate::format::path_to_pointer(e.path())),
                    Some(&def.id),
                    e.inner().to_string(),
                );
                return None;
            }
        };
        // The check as written, for `explain`: an inline policy's source,
        // a policy file's text, else the check's JSON.
        let source = match &check_def {
            CheckDef::Rego {
                policy: Some(src), ..
            } => src.clone(),
            _ => serde_json::to_string_pretty(&def.check).unwrap_or_default(),
        };
        match check_def.compile(cx, &def.id, policies) {
            Ok((check, file_text)) => Some(Rule {
                id: def.id.clone(),
                title: def.title.clone(),
                rationale: def.rationale.clone(),
                hint: def.hint.clone(),
                severity: def.severity,
                scope: def.scope,
                pack: cx.pack,
                check,
                source: file_text.unwrap_or(source),
            }),
            Err(e) => {
                problems.push(
                    file,
                    format!("{place}/check{}", e.at),
                    Some(&def.id),
                    e.message,
                );
                None
            }
        }
    }
}
