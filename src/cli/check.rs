//! `meshcanvas check`: check canvases, and ODPS/ODCS manifests read as
//! canvases, against the federation's standards, for people (text),
//! scripts (JSON), code scanning (SARIF 2.1.0) and CI dashboards (JUnit
//! XML). A manifest's findings are placed in the manifest itself: its
//! file, line and JSON pointer (see `meshcanvas::manifest::origin`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use meshcanvas::Canvas;
use meshcanvas::format::{self, Location, ParseError, ParseErrorKind};
use meshcanvas::manifest::{ManifestError, find, origin};
use meshcanvas::standards::{self, MeshCheck, RunError, Standards};
use meshcanvas::wire::{Finding, FindingCounts, RuleInfo, Severity};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use serde_sarif::sarif;

use super::Outcome;

/// Check canvases, and ODPS products and ODCS contracts, against the
/// standards packs: every canvas in the context of the whole mesh given
/// (input ports resolve, no cycles, PII keeps its classification
/// downstream). A manifest is read as `meshcanvas import` reads it (a
/// contract no product names is a product with one output port) and its
/// findings point at its own file, line and JSON pointer.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  meshcanvas check examples/\n  \
    meshcanvas check examples/ --format sarif > findings.sarif\n  \
    meshcanvas check orders.canvas.json --standards ./my-standards\n  \
    meshcanvas check contracts/ products/\n  \
    meshcanvas check examples/ --baseline release-bundle/   # versions say what changed\n\n\
    Manifests: *.odps.yaml|yml|json, *.odcs.yaml|yml|json, and other YAML or JSON files \
    whose `kind` is DataProduct or DataContract.\n\n\
    Standards are read from --standards DIR, else $MESHCANVAS_STANDARDS, else \
    canvas-schemas/standards under the current folder, else next to the executable.\n\n\
    Exit codes: 0 no unwaived error finding, 1 an unwaived error finding or an invalid \
    canvas or manifest, 2 usage, I/O or standards pack error.")]
pub struct Args {
    /// Canvas files and manifests, or folders searched for `*.canvas.json`,
    /// `*.odps.*` and `*.odcs.*` (and YAML/JSON whose `kind` is
    /// `DataProduct` or `DataContract`).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The folder of standards packs (`*.pack.json`).
    #[arg(long, value_name = "DIR")]
    standards: Option<PathBuf>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t)]
    format: CheckFormat,
    /// The released versions to judge each product's version against
    /// (rule `version-says-what-changed`): a workspace file (the newest
    /// release of each canvas), canvas files, manifests, or a folder of
    /// either, such as the bundle of the last release.
    #[arg(long, value_name = "PATH")]
    baseline: Option<PathBuf>,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum CheckFormat {
    /// `file:line:col pointer  severity  rule-id  message (hint)`.
    #[default]
    Text,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// JUnit XML, for CI dashboards.
    Junit,
}

/// Loads the standards named on the command line, or the default ones.
pub fn load_standards(dir: Option<&Path>) -> anyhow::Result<Standards> {
    let dir = match dir {
        Some(d) => d.to_owned(),
        None => standards::default_dir().ok_or(standards::StandardsError::NotFound)?,
    };
    Standards::load(&dir).with_context(|| format!("cannot load the standards in {}", dir.display()))
}

/// Where a finding is shown: the canvas file and the finding's pointer, or
/// the manifest file and pointer its part was read from.
struct Place {
    file: String,
    line: usize,
    column: usize,
    pointer: String,
}

struct Checked {
    /// The canvas file, or the manifest the canvas was read from.
    file: String,
    from_manifest: bool,
    findings: Vec<Finding>,
    /// One per finding.
    places: Vec<Place>,
    domain: String,
}

/// A canvas file or a manifest that could not be read.
struct Invalid {
    error: ParseError,
    manifest: bool,
}

/// A manifest error in the shape canvas errors are reported in.
fn manifest_error(e: &ManifestError) -> ParseError {
    let (file, kind, line, column, pointer, message) = match e {
        ManifestError::Syntax {
            file,
            line,
            column,
            message,
        } => (
            PathBuf::from(file),
            ParseErrorKind::Syntax,
            *line,
            *column,
            None,
            message.clone(),
        ),
        ManifestError::Invalid {
            file,
            line,
            column,
            pointer,
            message,
        } => (
            PathBuf::from(file),
            ParseErrorKind::Model,
            *line,
            *column,
            Some(pointer.clone()),
            message.clone(),
        ),
        ManifestError::TooLarge { file, .. } => (
            PathBuf::from(file),
            ParseErrorKind::TooLarge,
            None,
            None,
            None,
            // The message names the file; without it here.
            e.to_string()
                .split_once(": ")
                .map_or_else(|| e.to_string(), |(_, m)| m.to_owned()),
        ),
        ManifestError::Io { path, message } => (
            path.clone(),
            ParseErrorKind::Io,
            None,
            None,
            None,
            message.clone(),
        ),
        other => (
            PathBuf::new(),
            ParseErrorKind::Model,
            None,
            None,
            None,
            other.to_string(),
        ),
    };
    ParseError {
        file,
        kind,
        location: Location {
            line,
            column,
            pointer,
        },
        message,
    }
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let standards = Arc::new(load_standards(args.standards.as_deref())?);

    let found = find::canvases_and_manifests(&args.paths);
    if let Some(e) = found
        .errors
        .iter()
        .find(|e| matches!(e, ManifestError::Io { path, .. } if args.paths.contains(path)))
    {
        anyhow::bail!("{e}");
    }
    let mut errors: Vec<Invalid> = found
        .errors
        .iter()
        .map(|e| Invalid {
            error: manifest_error(e),
            manifest: true,
        })
        .collect();
    let bar = progress_bar(found.canvases.len() + found.manifests.len());
    let mut read: Vec<(PathBuf, Vec<u8>)> = Vec::with_capacity(found.canvases.len());
    for path in found.canvases {
        if let Some(b) = &bar {
            b.inc(1);
        }
        match format::read_limited(&path) {
            Ok(bytes) => read.push((path, bytes)),
            Err(e) => errors.push(Invalid {
                error: e,
                manifest: false,
            }),
        }
    }
    if let Some(b) = &bar {
        b.set_message("parsing");
    }
    let parsed = format::parse_canvas_files(&read);
    let mut loaded: Vec<(PathBuf, String, Canvas)> = Vec::with_capacity(read.len());
    for ((path, bytes), result) in read.into_iter().zip(parsed) {
        match result {
            // Parsed canvases are UTF-8: `parse_canvas_bytes` checked it.
            Ok(c) => loaded.push((path, String::from_utf8(bytes).unwrap_or_default(), c)),
            Err(e) => errors.push(Invalid {
                error: e,
                manifest: false,
            }),
        }
    }
    let traced = origin::import_traced(found.manifests);
    if let Some(b) = &bar {
        b.inc(traced.canvases.len() as u64);
    }
    errors.extend(traced.errors.iter().map(|e| Invalid {
        error: manifest_error(e),
        manifest: true,
    }));
    // Reading, parsing and importing report their errors in passes; list
    // them in file order, as the files were found.
    errors.sort_by(|a, b| a.error.file.cmp(&b.error.file));
    if let Some(b) = &bar {
        b.set_message("checking");
    }
    let canvases: Vec<Canvas> = loaded
        .iter()
        .map(|(_, _, c)| c.clone())
        .chain(traced.canvases.iter().map(|t| t.canvas.clone()))
        .collect();
    let mut mesh = MeshCheck::new(Arc::clone(&standards), canvases);
    if let Some(path) = &args.baseline {
        mesh.set_baseline(super::read_baseline(path)?);
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let n_files = loaded.len();
    let mut checked: Vec<Checked> = loaded
        .into_iter()
        .enumerate()
        .map(|(i, (path, text, c))| {
            let findings = mesh.findings_at(i).to_vec();
            let file = display_path(&path);
            let places = locate_findings(&text, &findings)
                .into_iter()
                .zip(&findings)
                .map(|((line, column), f)| Place {
                    file: file.clone(),
                    line,
                    column,
                    pointer: f.pointer.clone(),
                })
                .collect();
            Checked {
                file,
                from_manifest: false,
                findings,
                places,
                domain: c.domain.name,
            }
        })
        .collect();
    for (i, t) in traced.canvases.iter().enumerate() {
        let findings = mesh.findings_at(n_files + i).to_vec();
        let places = findings
            .iter()
            .map(|f| {
                let p = traced.place(t, &f.pointer);
                Place {
                    file: p.file,
                    line: p.line,
                    column: p.column,
                    pointer: p.pointer,
                }
            })
            .collect();
        checked.push(Checked {
            file: t.file.clone(),
            from_manifest: true,
            findings,
            places,
            domain: t.canvas.domain.name.clone(),
        });
    }
    let run_errors = mesh.run_errors();

    let mut out = String::new();
    match args.format {
        CheckFormat::Text => text_report(&checked, &errors, &mut out),
        CheckFormat::Json => json_report(&checked, &errors, &run_errors, &mut out)?,
        CheckFormat::Sarif => sarif_report(&standards, &checked, &errors, &mut out)?,
        CheckFormat::Junit => junit_report(&standards, &checked, &errors, &mut out)?,
    }
    // Text goes to a terminal: what files say is printed, never obeyed.
    if matches!(args.format, CheckFormat::Text) {
        print!("{}", super::terminal_safe(&out));
    } else {
        print!("{out}");
    }
    for e in &run_errors {
        eprintln!("error: {}", super::terminal_safe(&e.to_string()));
    }
    // Nothing found is a mistyped path far more often than an empty mesh:
    // a usage error (exit 2), as export and import say too.
    let nothing = checked.is_empty() && errors.is_empty();
    if nothing {
        eprintln!(
            "no canvas files (*.canvas.json) or manifests (*.odps.*, *.odcs.*, or YAML/JSON \
             of kind DataProduct or DataContract) found"
        );
    }
    let failing = checked.iter().any(|c| {
        c.findings
            .iter()
            .any(|f| f.waived.is_none() && f.severity == Severity::Error)
    });
    Ok(if !run_errors.is_empty() || nothing {
        Outcome::Failed
    } else if failing || !errors.is_empty() {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

/// A progress bar on stderr, only when stderr is a terminal and the mesh is
/// big enough for the wait to be noticed.
fn progress_bar(n: usize) -> Option<indicatif::ProgressBar> {
    if n < 200 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(n as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {msg} {pos}/{len} canvases {wide_bar}")
    {
        bar.set_style(style);
    }
    bar.set_message("reading");
    Some(bar)
}

fn display_path(p: &Path) -> String {
    p.display().to_string()
}

/// The line and column of each finding of a canvas, in the order of its
/// findings, from one pass over its text (`(1, 1)` when not found).
fn locate_findings(text: &str, findings: &[Finding]) -> Vec<(usize, usize)> {
    let pointers: Vec<&str> = findings.iter().map(|f| f.pointer.as_str()).collect();
    standards::locate_all(text, &pointers)
        .into_iter()
        .map(|p| p.unwrap_or((1, 1)))
        .collect()
}

/// How a place's pointer is shown: the root has a name.
fn shown_pointer(c: &Checked, p: &Place) -> String {
    match (p.pointer.is_empty(), c.from_manifest) {
        (false, _) => p.pointer.clone(),
        (true, false) => "(canvas)".to_owned(),
        (true, true) => "(document root)".to_owned(),
    }
}

fn text_report(checked: &[Checked], errors: &[Invalid], out: &mut String) {
    for e in errors {
        let _ = writeln!(out, "{}", e.error);
    }
    for c in checked {
        for (f, p) in c.findings.iter().zip(&c.places) {
            let _ = write!(
                out,
                "{}:{}:{} {}  {}  {}  {}",
                p.file,
                p.line,
                p.column,
                shown_pointer(c, p),
                f.severity.as_str(),
                f.rule_id,
                f.message
            );
            if let Some(w) = &f.waived {
                let _ = write!(
                    out,
                    " [waived by {} until {}: {}]",
                    w.approver,
                    w.expires.as_deref().unwrap_or("further notice"),
                    w.reason
                );
            } else if !f.hint.is_empty() {
                let _ = write!(out, " ({})", f.hint);
            }
            out.push('\n');
        }
    }
    let findings: Vec<Finding> = checked.iter().flat_map(|c| c.findings.clone()).collect();
    let n = FindingCounts::of(&findings);
    let from_manifests = checked.iter().filter(|c| c.from_manifest).count();
    let _ = writeln!(
        out,
        "{} canvases checked{}, {} invalid: {} errors, {} warnings, {} infos, {} waived",
        checked.len(),
        if from_manifests > 0 {
            format!(" ({from_manifests} read from manifests)")
        } else {
            String::new()
        },
        errors.len(),
        n.errors,
        n.warnings,
        n.infos,
        n.waived
    );
}

fn invalid_json(e: &Invalid) -> serde_json::Value {
    serde_json::json!({
        "file": display_path(&e.error.file),
        "source": if e.manifest { "manifest" } else { "canvas" },
        "line": e.error.location.line,
        "column": e.error.location.column,
        "pointer": e.error.location.pointer,
        "message": e.error.message,
    })
}

/// A finding as JSON, with where it is shown: `location` is in the canvas
/// file, or in the manifest its part was read from (`pointer` stays the
/// canvas's, which waivers name).
fn finding_json(f: &Finding, p: &Place) -> anyhow::Result<serde_json::Value> {
    let mut v = serde_json::to_value(f)?;
    v["location"] = serde_json::json!({
        "file": p.file,
        "line": p.line,
        "column": p.column,
        "pointer": p.pointer,
    });
    Ok(v)
}

fn json_report(
    checked: &[Checked],
    errors: &[Invalid],
    run_errors: &[RunError],
    out: &mut String,
) -> anyhow::Result<()> {
    let all: Vec<Finding> = checked.iter().flat_map(|c| c.findings.clone()).collect();
    let mut canvases = Vec::with_capacity(checked.len());
    for c in checked {
        let findings = c
            .findings
            .iter()
            .zip(&c.places)
            .map(|(f, p)| finding_json(f, p))
            .collect::<anyhow::Result<Vec<_>>>()?;
        canvases.push(serde_json::json!({
            "file": c.file,
            "source": if c.from_manifest { "manifest" } else { "canvas" },
            "counts": FindingCounts::of(&c.findings),
            "findings": findings,
        }));
    }
    let doc = serde_json::json!({
        "canvases": canvases,
        "invalid": errors.iter().map(invalid_json).collect::<Vec<_>>(),
        "runErrors": run_errors.iter().map(|e| serde_json::json!({
            "productId": e.product_id,
            "ruleId": e.rule_id,
            "source": e.source,
            "message": e.message,
        })).collect::<Vec<_>>(),
        "counts": FindingCounts::of(&all),
    });
    out.push_str(&serde_json::to_string_pretty(&doc)?);
    out.push('\n');
    Ok(())
}

/// The names of the pseudo-rules unreadable files are reported under.
const INVALID_CANVAS_RULE: &str = "canvas-file-is-valid";
const INVALID_MANIFEST_RULE: &str = "manifest-file-is-valid";

fn invalid_rule(e: &Invalid) -> &'static str {
    if e.manifest {
        INVALID_MANIFEST_RULE
    } else {
        INVALID_CANVAS_RULE
    }
}

/// A severity as the level of a SARIF result.
fn result_level(s: Severity) -> sarif::ResultLevel {
    match s {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Info => sarif::ResultLevel::Note,
    }
}

/// A severity as the default level of a SARIF rule.
fn rule_level(s: Severity) -> sarif::ReportingConfigurationLevel {
    match s {
        Severity::Error => sarif::ReportingConfigurationLevel::Error,
        Severity::Warning => sarif::ReportingConfigurationLevel::Warning,
        Severity::Info => sarif::ReportingConfigurationLevel::Note,
    }
}

/// A rule's default configuration: its level. serde-sarif leaves the field
/// an untyped JSON value; filled from its enum, it can only hold a level
/// SARIF has.
fn rule_configuration(
    level: sarif::ReportingConfigurationLevel,
) -> anyhow::Result<sarif::ReportingConfiguration> {
    Ok(sarif::ReportingConfiguration::builder()
        .level(serde_json::to_value(level)?)
        .build())
}

/// Plain text where SARIF takes a message string (a rule's descriptions
/// and help).
fn sarif_text(text: impl Into<String>) -> sarif::MultiformatMessageString {
    sarif::MultiformatMessageString::builder()
        .text(text)
        .build()
}

/// A SARIF property bag of our own keys.
fn property_bag<const N: usize>(pairs: [(&str, &str); N]) -> sarif::PropertyBag {
    sarif::PropertyBag::builder()
        .additional_properties(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), serde_json::Value::from(v)))
                .collect::<BTreeMap<_, _>>(),
        )
        .build()
}

/// Where a SARIF result is: the file as a `uri`, the line and column, and
/// the JSON pointer as a logical location when there is one.
fn sarif_location(
    file: &Path,
    line: usize,
    column: usize,
    pointer: Option<&str>,
) -> anyhow::Result<sarif::Location> {
    let region = sarif::Region::builder()
        .start_line(i64::try_from(line)?)
        .start_column(i64::try_from(column)?)
        .build();
    let mut location = sarif::Location::builder()
        .physical_location(
            sarif::PhysicalLocation::builder()
                .artifact_location(sarif::ArtifactLocation::builder().uri(uri(file)).build())
                .region(region)
                .build(),
        )
        .build();
    location.logical_locations = pointer.map(|p| {
        vec![
            sarif::LogicalLocation::builder()
                .fully_qualified_name(p)
                .kind("object")
                .build(),
        ]
    });
    Ok(location)
}

/// Where SARIF 2.1.0's schema is published (what `$schema` names).
const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF 2.1.0, built with serde-sarif's structs (generated from the
/// schema): a misspelt field or a level SARIF has no word for does not
/// compile. A waived finding is a result with an accepted in-source
/// suppression, so code scanning shows it as dismissed, not as gone.
fn sarif_report(
    standards: &Standards,
    checked: &[Checked],
    errors: &[Invalid],
    out: &mut String,
) -> anyhow::Result<()> {
    // One SARIF rule per standard id (a domain's raised severity shows on
    // the result's level).
    let mut rules: BTreeMap<String, RuleInfo> = BTreeMap::new();
    for r in standards.rules() {
        rules.entry(r.id.clone()).or_insert(r);
    }
    let mut sarif_rules = Vec::with_capacity(rules.len() + 2);
    for r in rules.values() {
        sarif_rules.push(
            sarif::ReportingDescriptor::builder()
                .id(&r.id)
                .name(&r.id)
                .short_description(sarif_text(&r.title))
                .full_description(sarif_text(&r.rationale))
                .help(sarif_text(&r.hint))
                .default_configuration(rule_configuration(rule_level(r.severity))?)
                .properties(property_bag([
                    ("pack", &r.pack_id),
                    ("packVersion", &r.pack_version),
                    ("checkKind", &r.check_kind),
                    ("scope", &r.scope),
                ]))
                .build(),
        );
    }
    for (id, title, help) in [
        (
            INVALID_CANVAS_RULE,
            "The canvas file is a valid canvas",
            "Fix the file so that `meshcanvas validate` accepts it.",
        ),
        (
            INVALID_MANIFEST_RULE,
            "The manifest is an ODPS product or ODCS contract this build reads",
            "Fix the file so that `meshcanvas import` reads it.",
        ),
    ] {
        sarif_rules.push(
            sarif::ReportingDescriptor::builder()
                .id(id)
                .name(id)
                .short_description(sarif_text(title))
                .help(sarif_text(help))
                .default_configuration(rule_configuration(
                    sarif::ReportingConfigurationLevel::Error,
                )?)
                .build(),
        );
    }
    let index: BTreeMap<&str, usize> = rules
        .keys()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut results = Vec::new();
    for c in checked {
        for (f, p) in c.findings.iter().zip(&c.places) {
            let text = if f.hint.is_empty() {
                f.message.clone()
            } else {
                format!("{} ({})", f.message, f.hint)
            };
            let mut result = sarif::Result::builder()
                .rule_id(&f.rule_id)
                .level(result_level(f.severity))
                .message(&text)
                .locations(vec![sarif_location(
                    Path::new(&p.file),
                    p.line,
                    p.column,
                    Some(&p.pointer),
                )?])
                .properties(property_bag([
                    ("productId", &f.product_id),
                    ("pointer", &p.pointer),
                    ("canvasPointer", &f.pointer),
                    ("pack", &f.pack_id),
                    ("packVersion", &f.pack_version),
                ]))
                .build();
            result.rule_index = index
                .get(f.rule_id.as_str())
                .map(|&i| i64::try_from(i))
                .transpose()?;
            if let Some(w) = &f.waived {
                result.suppressions = Some(vec![
                    sarif::Suppression::builder()
                        .kind(serde_json::to_value(sarif::SupressionKind::InSource)?)
                        .status(serde_json::to_value(sarif::SupressionStatus::Accepted)?)
                        .justification(format!(
                            "{} (approved by {}, expires {})",
                            w.reason,
                            w.approver,
                            w.expires.as_deref().unwrap_or("never")
                        ))
                        .build(),
                ]);
            }
            results.push(result);
        }
    }
    for e in errors {
        let at = &e.error.location;
        results.push(
            sarif::Result::builder()
                .rule_id(invalid_rule(e))
                .rule_index(i64::try_from(rules.len() + usize::from(e.manifest))?)
                .level(sarif::ResultLevel::Error)
                .message(&e.error.message)
                .locations(vec![sarif_location(
                    &e.error.file,
                    at.line.unwrap_or(1),
                    at.column.unwrap_or(1),
                    at.pointer.as_deref(),
                )?])
                .build(),
        );
    }
    let driver = sarif::ToolComponent::builder()
        .name("meshcanvas")
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri("https://meshcanvas.dev")
        .rules(sarif_rules)
        .build();
    let run = sarif::Run::builder()
        .tool(driver)
        .column_kind(serde_json::to_value(
            sarif::ResultColumnKind::UnicodeCodePoints,
        )?)
        .results(results)
        .build();
    let doc = sarif::Sarif::builder()
        .schema(SARIF_SCHEMA)
        .version(serde_json::to_value(sarif::Version::V2_1_0)?)
        .runs(vec![run])
        .build();
    out.push_str(&serde_json::to_string_pretty(&doc)?);
    out.push('\n');
    Ok(())
}

/// What a path segment of a SARIF `uri` (an RFC 3986 reference) holds
/// as itself: letters, digits, the unreserved marks and the sub-delimiters
/// (and `@`). Everything else is percent-encoded: `%`, space, `#` and `?`
/// (which would end the path), `[`, `]`, `:` (which would make a first
/// segment a scheme), controls and every non-ASCII byte of UTF-8.
const URI_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b'@');

/// A path as a SARIF URI: a relative path as a relative reference, an
/// absolute one as a `file://` URI, each segment percent-encoded
/// (percent-encoding, the rust-url project's crate).
fn uri(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    let path = s
        .split('/')
        .map(|seg| percent_encoding::utf8_percent_encode(seg, URI_SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/");
    if path.starts_with('/') {
        format!("file://{path}")
    } else {
        path
    }
}

/// JUnit XML, written by quick-junit (the nextest project's model and
/// writer, which escapes every name and message and drops terminal escape
/// sequences and the characters XML 1.0 cannot hold): a test suite per
/// canvas (named by its file, or by the manifest it was read from), a test
/// case per standard that applies to it. Unwaived error findings fail the
/// case; warnings, infos and waived findings go to its `system-out`. Each
/// finding is written `file:line:column pointer rule: message`, in the
/// canvas file or the manifest. A file that could not be read is a suite of
/// one failing case.
fn junit_report(
    standards: &Standards,
    checked: &[Checked],
    errors: &[Invalid],
    out: &mut String,
) -> anyhow::Result<()> {
    let mut report = Report::new("meshcanvas check");
    for c in checked {
        let mut suite = TestSuite::new(&c.file);
        let at = |p: &Place| format!("{}:{}:{} {}", p.file, p.line, p.column, shown_pointer(c, p));
        for r in standards.rules_for_domain(&c.domain) {
            let mine: Vec<(&Finding, &Place)> = c
                .findings
                .iter()
                .zip(&c.places)
                .filter(|(f, _)| f.rule_id == r.id)
                .collect();
            let (failing, other): (Vec<_>, Vec<_>) = mine
                .into_iter()
                .partition(|(f, _)| f.waived.is_none() && f.severity == Severity::Error);
            let status = match failing.first() {
                Some((first, _)) => {
                    let body: Vec<String> = failing
                        .iter()
                        .map(|(f, p)| format!("{} {}: {}", at(p), f.rule_id, f.message))
                        .collect();
                    let mut failure = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    failure
                        .set_type(&r.id)
                        .set_message(&first.message)
                        .set_description(body.join("\n"));
                    failure
                }
                None => TestCaseStatus::success(),
            };
            let mut case = TestCase::new(&r.id, status);
            case.set_classname(&c.file);
            if !other.is_empty() {
                let lines: Vec<String> = other
                    .iter()
                    .map(|(f, p)| {
                        format!(
                            "{} {} {}: {}{}",
                            f.severity.as_str(),
                            at(p),
                            f.rule_id,
                            f.message,
                            if f.waived.is_some() { " (waived)" } else { "" }
                        )
                    })
                    .collect();
                case.set_system_out(lines.join("\n"));
            }
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    for e in errors {
        let file = display_path(&e.error.file);
        let message = e.error.to_string();
        let mut failure = TestCaseStatus::non_success(NonSuccessKind::Failure);
        failure
            .set_type(invalid_rule(e))
            .set_message(&message)
            .set_description(&message);
        let mut case = TestCase::new(invalid_rule(e), failure);
        case.set_classname(&file);
        let mut suite = TestSuite::new(&file);
        suite.add_test_case(case);
        report.add_test_suite(suite);
    }
    out.push_str(&report.to_string()?);
    Ok(())
}
