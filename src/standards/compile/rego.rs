//! Compiling Rego checks: a rule's policy, inline or in a `.rego` file below
//! the standards folder, is added to its pack's engine ([`RegoPack`]), which
//! compiles the pack's policies together once all are added.

use std::collections::HashMap;
use std::sync::atomic::AtomicU32;
use std::time::Duration;

use super::{CheckError, Context};
use crate::standards::pack::{Loaded, Problems, rego_file};
use crate::standards::rego_rule::{RegoPack, RegoRule, input_keys};

/// The Rego policies of one pack, as its rules are compiled.
#[derive(Debug)]
pub(super) struct Policies {
    /// How long one rule may run on one canvas.
    limit: Duration,
    /// The pack's engine, made when its first policy is added.
    engine: Option<RegoPack>,
    /// The rule whose policy declares each package (by its `deny` query):
    /// each rule needs its own package.
    packages: HashMap<String, String>,
    /// `(query, rule id)` of each rule added, to compile once all are.
    added: Vec<(String, String)>,
}

impl Policies {
    pub(super) fn new(limit: Duration) -> Self {
        Self {
            limit,
            engine: None,
            packages: HashMap::new(),
            added: Vec::new(),
        }
    }

    /// Compiles the Rego check of rule `rule_id`, whose policy is inline
    /// (`policy`) or in `file`; returns it with the file's text when it is
    /// in one. Exactly one of the two must be given.
    pub(super) fn rule(
        &mut self,
        cx: &Context<'_>,
        rule_id: &str,
        policy: Option<String>,
        file: Option<String>,
    ) -> Result<(RegoRule, Option<String>), CheckError> {
        let pack_file = &cx.loaded.file;
        let (label, text, file_text) = match (policy, file) {
            (Some(src), None) => (format!("{}#{rule_id}", pack_file.display()), src, None),
            (None, Some(f)) => {
                let (path, t) =
                    rego_file(cx.dir, pack_file, &f).map_err(|m| CheckError::new("/file", m))?;
                (path.display().to_string(), t.clone(), Some(t))
            }
            _ => {
                return Err(CheckError::new(
                    "",
                    "a Rego check needs exactly one of `policy` (inline) or `file`",
                ));
            }
        };
        let limit = self.limit;
        let engine = self.engine.get_or_insert_with(|| RegoPack::new(limit));
        let query = engine
            .add(&label, &text)
            .map_err(|m| CheckError::new("", m))?;
        if let Some(other) = self.packages.insert(query.clone(), rule_id.to_owned()) {
            return Err(CheckError::new(
                "",
                format!(
                    "its policy's package is also rule `{other}`'s; each rule needs its own \
                     package"
                ),
            ));
        }
        self.added.push((query.clone(), rule_id.to_owned()));
        let rule = RegoRule {
            pack: cx.pack,
            query,
            label,
            timeouts: AtomicU32::new(0),
            reads: input_keys(&text).map(|keys| keys.into_iter().collect()),
        };
        Ok((rule, file_text))
    }

    /// Compiles the pack's policies once, now that all are added; errors
    /// the parser cannot see (unknown builtins, recursion) surface here and
    /// are reported on the rule concerned. The pack's engine, if any of its
    /// rules got as far as adding a policy.
    pub(super) fn compile(self, loaded: &Loaded, problems: &mut Problems) -> Option<RegoPack> {
        let mut engine = self.engine?;
        for (query, rule_id) in &self.added {
            if let Err(m) = engine.compile(query) {
                let ri = loaded
                    .pack
                    .rules
                    .iter()
                    .position(|r| &r.id == rule_id)
                    .unwrap_or(0);
                problems.push(&loaded.file, format!("/rules/{ri}/check"), Some(rule_id), m);
            }
        }
        Some(engine)
    }
}
