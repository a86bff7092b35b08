//! Reading standards packs: finding them, validating them against their own
//! JSON Schema, and handing them to [`compile`], which takes the steps that
//! turn them into [`Standards`]. Those steps live in their own modules:
//! [`super::layering`] (identities, which pack extends which, overrides and
//! the profiles they resolve to) and [`super::compile`] (each rule's check,
//! compiled by its kind).
//!
//! Every problem found is reported, not just the first, each with the pack
//! file, the place (line:column or JSON pointer) and the rule concerned.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::wire::Severity;

use super::{LoadOptions, PackInfo, PackProblem, Scope, Standards, StandardsError, layering};

/// The file name suffix of standards packs.
pub const PACK_SUFFIX: &str = ".pack.json";

/// The JSON Schema of standards packs (`canvas-schemas/standards-pack-v1.schema.json`).
pub const PACK_SCHEMA: &str = include_str!("../../canvas-schemas/standards-pack-v1.schema.json");

/// The largest pack file read.
const MAX_PACK_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct PackFile {
    #[serde(rename = "$schema", default)]
    _schema: Option<String>,
    pub(super) id: String,
    pub(super) version: String,
    pub(super) title: String,
    #[serde(default)]
    _description: String,
    pub(super) owner: Owner,
    #[serde(default)]
    pub(super) extends: Option<String>,
    #[serde(default)]
    pub(super) domain: Option<String>,
    #[serde(default)]
    pub(super) rules: Vec<RuleDef>,
    #[serde(default)]
    pub(super) overrides: Vec<OverrideDef>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct Owner {
    pub(super) kind: OwnerKind,
    pub(super) name: String,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(super) enum OwnerKind {
    Federation,
    Domain,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct RuleDef {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) rationale: String,
    pub(super) severity: Severity,
    pub(super) scope: Scope,
    pub(super) hint: String,
    pub(super) check: Value,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct OverrideDef {
    pub(super) rule: String,
    pub(super) severity: OverrideSeverity,
    #[serde(default)]
    _reason: String,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(super) enum OverrideSeverity {
    Error,
    Warning,
    Info,
    Off,
}

/// A pack read and validated, with the file it was read from.
pub(super) struct Loaded {
    pub(super) file: PathBuf,
    pub(super) pack: PackFile,
}

impl Loaded {
    /// The pack's identity, as [`Standards::packs`] lists it.
    pub(super) fn info(&self) -> PackInfo {
        let p = &self.pack;
        PackInfo {
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
            file: self.file.clone(),
        }
    }
}

/// Every problem found in the packs so far.
pub(super) struct Problems(pub(super) Vec<PackProblem>);

impl Problems {
    pub(super) fn push(
        &mut self,
        file: &Path,
        place: impl Into<String>,
        rule: Option<&str>,
        msg: String,
    ) {
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
pub(super) fn rego_file(
    dir: &Path,
    pack_file: &Path,
    file: &str,
) -> Result<(PathBuf, String), String> {
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
pub(super) fn load_dir(dir: &Path, options: &LoadOptions) -> Result<Standards, StandardsError> {
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

/// Turns the loaded packs into standards, reporting every problem found on
/// the way: the packs' identities are checked, the packs are put in layering
/// order (each after the pack it extends), every rule's check is compiled,
/// and layering resolves overrides into the profile of each domain.
fn compile(
    dir: &Path,
    loaded: Vec<Loaded>,
    options: &LoadOptions,
    problems: &mut Problems,
) -> Standards {
    layering::check_identities(&loaded, problems);
    let loaded = layering::order(loaded, problems);
    let compiled = super::compile::packs(dir, &loaded, options, problems);
    let profiles = layering::profiles(&loaded, &compiled, problems);
    // A worker compiles the packs again: start one now, so that it does so
    // while the caller reads what it checks.
    let idle_workers = super::policy_worker::Pool::default();
    if let Some(program) = &options.policy_worker
        && problems.0.is_empty()
        && compiled.rego.iter().any(Option::is_some)
        && let Ok(worker) = super::policy_worker::Worker::spawn(program, &compiled.rego)
    {
        idle_workers.put(worker);
    }
    Standards {
        dir: dir.to_owned(),
        packs: compiled.packs,
        rules: compiled.rules,
        rego: compiled.rego,
        policy_worker: options.policy_worker.clone(),
        idle_workers,
        default_profile: profiles.default,
        domain_profiles: profiles.by_domain,
        unavailable: None,
    }
}
