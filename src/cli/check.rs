//! `meshcanvas check`: check canvases against the federation's standards,
//! for people (text), scripts (JSON), code scanning (SARIF 2.1.0) and CI
//! dashboards (JUnit XML).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use meshcanvas::Canvas;
use meshcanvas::format::{self, ParseError, ParseErrorKind};
use meshcanvas::standards::{self, MeshCheck, RunError, Standards};
use meshcanvas::wire::{Finding, FindingCounts, RuleInfo, Severity};

use super::Outcome;

/// Check canvases against the standards packs: every canvas in the context
/// of the whole mesh given (input ports resolve, no cycles, PII keeps its
/// classification downstream).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  meshcanvas check examples/\n  \
    meshcanvas check examples/ --format sarif > findings.sarif\n  \
    meshcanvas check orders.canvas.json --standards ./my-standards\n\n\
    Standards are read from --standards DIR, else $MESHCANVAS_STANDARDS, else \
    canvas-schemas/standards under the current folder, else next to the executable.\n\n\
    Exit codes: 0 no unwaived error finding, 1 an unwaived error finding or an invalid \
    canvas, 2 usage, I/O or standards pack error.")]
pub struct Args {
    /// Canvas files, or folders searched for `*.canvas.json`.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The folder of standards packs (`*.pack.json`).
    #[arg(long, value_name = "DIR")]
    standards: Option<PathBuf>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t)]
    format: CheckFormat,
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

struct Checked {
    path: PathBuf,
    text: String,
    findings: Vec<Finding>,
    domain: String,
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let standards = Arc::new(load_standards(args.standards.as_deref())?);

    let (files, mut errors) = format::find_canvas_files(&args.paths);
    let missing: Vec<&ParseError> = errors
        .iter()
        .filter(|e| e.kind == ParseErrorKind::Io && args.paths.contains(&e.file))
        .collect();
    if let Some(e) = missing.first() {
        anyhow::bail!("{e}");
    }
    let bar = progress_bar(files.len());
    let mut read: Vec<(PathBuf, Vec<u8>)> = Vec::with_capacity(files.len());
    for path in files {
        if let Some(b) = &bar {
            b.inc(1);
        }
        match format::read_limited(&path) {
            Ok(bytes) => read.push((path, bytes)),
            Err(e) => errors.push(e),
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
            Err(e) => errors.push(e),
        }
    }
    // Reading and parsing report their errors in two passes; list them in
    // file order, as the files were found.
    errors.sort_by(|a, b| a.file.cmp(&b.file));
    if let Some(b) = &bar {
        b.set_message("checking");
    }
    let canvases: Vec<Canvas> = loaded.iter().map(|(_, _, c)| c.clone()).collect();
    let mesh = MeshCheck::new(Arc::clone(&standards), canvases);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let checked: Vec<Checked> = loaded
        .into_iter()
        .enumerate()
        .map(|(i, (path, text, c))| Checked {
            path,
            text,
            findings: mesh.findings_at(i).to_vec(),
            domain: c.domain.name,
        })
        .collect();
    let run_errors = mesh.run_errors();

    let mut out = String::new();
    match args.format {
        CheckFormat::Text => text_report(&checked, &errors, &mut out),
        CheckFormat::Json => json_report(&checked, &errors, &run_errors, &mut out)?,
        CheckFormat::Sarif => sarif_report(&standards, &checked, &errors, &mut out)?,
        CheckFormat::Junit => junit_report(&standards, &checked, &errors, &mut out),
    }
    print!("{out}");
    for e in &run_errors {
        eprintln!("error: {e}");
    }
    if checked.is_empty() && errors.is_empty() {
        eprintln!("no canvas files (*.canvas.json) found");
    }
    let failing = checked.iter().any(|c| {
        c.findings
            .iter()
            .any(|f| f.waived.is_none() && f.severity == Severity::Error)
    });
    Ok(if !run_errors.is_empty() {
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

fn sev(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The line and column of each finding of a canvas, in the order of its
/// findings, from one pass over its text (`(1, 1)` when not found).
fn locate_findings(c: &Checked) -> Vec<(usize, usize)> {
    let pointers: Vec<&str> = c.findings.iter().map(|f| f.pointer.as_str()).collect();
    standards::locate_all(&c.text, &pointers)
        .into_iter()
        .map(|p| p.unwrap_or((1, 1)))
        .collect()
}

fn text_report(checked: &[Checked], errors: &[ParseError], out: &mut String) {
    for e in errors {
        let _ = writeln!(out, "{e}");
    }
    let mut all = Vec::new();
    for c in checked {
        let places = locate_findings(c);
        for (f, &(line, col)) in c.findings.iter().zip(&places) {
            let place = if f.pointer.is_empty() {
                "(canvas)"
            } else {
                f.pointer.as_str()
            };
            let mut line_text = format!(
                "{}:{line}:{col} {place}  {}  {}  {}",
                display_path(&c.path),
                sev(f.severity),
                f.rule_id,
                f.message
            );
            if let Some(w) = &f.waived {
                let _ = write!(
                    line_text,
                    " [waived by {} until {}: {}]",
                    w.approver,
                    w.expires.as_deref().unwrap_or("further notice"),
                    w.reason
                );
            } else if !f.hint.is_empty() {
                let _ = write!(line_text, " ({})", f.hint);
            }
            all.push(line_text);
        }
    }
    for l in all {
        out.push_str(&l);
        out.push('\n');
    }
    let findings: Vec<Finding> = checked.iter().flat_map(|c| c.findings.clone()).collect();
    let n = FindingCounts::of(&findings);
    let _ = writeln!(
        out,
        "{} canvases checked, {} invalid: {} errors, {} warnings, {} infos, {} waived",
        checked.len(),
        errors.len(),
        n.errors,
        n.warnings,
        n.infos,
        n.waived
    );
}

fn parse_error_json(e: &ParseError) -> serde_json::Value {
    serde_json::json!({
        "file": display_path(&e.file),
        "line": e.location.line,
        "column": e.location.column,
        "pointer": e.location.pointer,
        "message": e.message,
    })
}

fn json_report(
    checked: &[Checked],
    errors: &[ParseError],
    run_errors: &[RunError],
    out: &mut String,
) -> anyhow::Result<()> {
    let all: Vec<Finding> = checked.iter().flat_map(|c| c.findings.clone()).collect();
    let doc = serde_json::json!({
        "canvases": checked.iter().map(|c| serde_json::json!({
            "file": display_path(&c.path),
            "counts": FindingCounts::of(&c.findings),
            "findings": c.findings,
        })).collect::<Vec<_>>(),
        "invalid": errors.iter().map(parse_error_json).collect::<Vec<_>>(),
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

/// The name of the pseudo-rule invalid canvas files are reported under.
const INVALID_CANVAS_RULE: &str = "canvas-file-is-valid";

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn sarif_report(
    standards: &Standards,
    checked: &[Checked],
    errors: &[ParseError],
    out: &mut String,
) -> anyhow::Result<()> {
    // One SARIF rule per standard id (a domain's raised severity shows on
    // the result's level).
    let mut rules: BTreeMap<String, RuleInfo> = BTreeMap::new();
    for r in standards.rules() {
        rules.entry(r.id.clone()).or_insert(r);
    }
    let mut sarif_rules: Vec<serde_json::Value> = rules
        .values()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": { "text": r.title },
                "fullDescription": { "text": r.rationale },
                "help": { "text": r.hint },
                "defaultConfiguration": { "level": sarif_level(r.severity) },
                "properties": { "pack": r.pack_id, "packVersion": r.pack_version, "checkKind": r.check_kind, "scope": r.scope },
            })
        })
        .collect();
    sarif_rules.push(serde_json::json!({
        "id": INVALID_CANVAS_RULE,
        "name": INVALID_CANVAS_RULE,
        "shortDescription": { "text": "The canvas file is a valid canvas" },
        "help": { "text": "Fix the file so that `meshcanvas validate` accepts it." },
        "defaultConfiguration": { "level": "error" },
    }));
    let index: BTreeMap<&str, usize> = rules
        .keys()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut results = Vec::new();
    for c in checked {
        let places = locate_findings(c);
        for (f, &(line, col)) in c.findings.iter().zip(&places) {
            let mut r = serde_json::json!({
                "ruleId": f.rule_id,
                "level": sarif_level(f.severity),
                "message": { "text": if f.hint.is_empty() { f.message.clone() } else { format!("{} ({})", f.message, f.hint) } },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&c.path) },
                        "region": { "startLine": line, "startColumn": col },
                    },
                    "logicalLocations": [{ "fullyQualifiedName": f.pointer, "kind": "object" }],
                }],
                "properties": { "productId": f.product_id, "pointer": f.pointer, "pack": f.pack_id, "packVersion": f.pack_version },
            });
            if let Some(i) = index.get(f.rule_id.as_str()) {
                r["ruleIndex"] = serde_json::json!(i);
            }
            if let Some(w) = &f.waived {
                r["suppressions"] = serde_json::json!([{
                    "kind": "inSource",
                    "status": "accepted",
                    "justification": format!("{} (approved by {}, expires {})", w.reason, w.approver, w.expires.as_deref().unwrap_or("never")),
                }]);
            }
            results.push(r);
        }
    }
    for e in errors {
        results.push(serde_json::json!({
            "ruleId": INVALID_CANVAS_RULE,
            "ruleIndex": rules.len(),
            "level": "error",
            "message": { "text": e.message },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&e.file) },
                    "region": { "startLine": e.location.line.unwrap_or(1), "startColumn": e.location.column.unwrap_or(1) },
                },
            }],
        }));
    }
    let doc = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "meshcanvas",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://meshcanvas.dev",
                "rules": sarif_rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    out.push_str(&serde_json::to_string_pretty(&doc)?);
    out.push('\n');
    Ok(())
}

/// A relative path as a SARIF URI (forward slashes, spaces escaped).
fn uri(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.replace('%', "%25").replace(' ', "%20")
}

fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // Characters XML 1.0 cannot hold at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => o.push('?'),
            c => o.push(c),
        }
    }
    o
}

/// JUnit XML: a test suite per canvas, a test case per standard that
/// applies to it. Unwaived error findings fail the case; warnings, infos
/// and waived findings go to its `system-out`.
fn junit_report(
    standards: &Standards,
    checked: &[Checked],
    errors: &[ParseError],
    out: &mut String,
) {
    let mut suites = String::new();
    let mut total = 0usize;
    let mut total_fail = 0usize;
    for c in checked {
        let rules = standards.rules_for_domain(&c.domain);
        let mut cases = String::new();
        let mut failures = 0usize;
        for r in &rules {
            let mine: Vec<&Finding> = c.findings.iter().filter(|f| f.rule_id == r.id).collect();
            let failing: Vec<&&Finding> = mine
                .iter()
                .filter(|f| f.waived.is_none() && f.severity == Severity::Error)
                .collect();
            let _ = write!(
                cases,
                "    <testcase classname=\"{}\" name=\"{}\">",
                xml_escape(&display_path(&c.path)),
                xml_escape(&r.id)
            );
            if !failing.is_empty() {
                failures += 1;
                let body: Vec<String> = failing
                    .iter()
                    .map(|f| format!("{} {}: {}", f.pointer, f.rule_id, f.message))
                    .collect();
                let _ = write!(
                    cases,
                    "\n      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    xml_escape(&r.id),
                    xml_escape(&failing[0].message),
                    xml_escape(&body.join("\n"))
                );
            }
            let other: Vec<String> = mine
                .iter()
                .filter(|f| f.waived.is_some() || f.severity != Severity::Error)
                .map(|f| {
                    format!(
                        "{} {} {}: {}{}",
                        sev(f.severity),
                        f.pointer,
                        f.rule_id,
                        f.message,
                        if f.waived.is_some() { " (waived)" } else { "" }
                    )
                })
                .collect();
            if !other.is_empty() {
                let _ = write!(
                    cases,
                    "\n      <system-out>{}</system-out>",
                    xml_escape(&other.join("\n"))
                );
            }
            if failing.is_empty() && other.is_empty() {
                cases.push_str("</testcase>\n");
            } else {
                cases.push_str("\n    </testcase>\n");
            }
        }
        total += rules.len();
        total_fail += failures;
        let _ = write!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n",
            xml_escape(&display_path(&c.path)),
            rules.len()
        );
    }
    for e in errors {
        total += 1;
        total_fail += 1;
        let _ = write!(
            suites,
            "  <testsuite name=\"{0}\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\">\n    <testcase classname=\"{0}\" name=\"{INVALID_CANVAS_RULE}\">\n      <failure type=\"{INVALID_CANVAS_RULE}\" message=\"{1}\">{1}</failure>\n    </testcase>\n  </testsuite>\n",
            xml_escape(&display_path(&e.file)),
            xml_escape(&e.to_string())
        );
    }
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"meshcanvas check\" tests=\"{total}\" failures=\"{total_fail}\" errors=\"0\">\n{suites}</testsuites>\n"
    );
}
