//! The export gate: whether canvases may be exported, decided here once for
//! the desktop app and the CLI.
//!
//! An export goes ahead when no error finding without a waiver stands. When
//! the standards packs did not load, nothing was checked, and the export is
//! refused as well: a bundle a platform deploys from must not skip the
//! federation's standards silently. "Allow findings" (`allowFindings` in the
//! app, `--allow-findings` on the command line) lets either through, and
//! the caller says what it let through ([`Allowed`]).

use crate::standards::Standards;
use crate::wire::{Finding, Severity};

/// Why an export was refused.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// Error findings no waiver covers.
    #[error(
        "export refused: {} error finding(s) without a waiver, first {}; fix them, add a \
         waiver, or export with \"allow findings\"",
        .0.len(),
        .0.first().map(describe).unwrap_or_default()
    )]
    Findings(Vec<Finding>),
    /// The standards packs did not load, so nothing was checked.
    #[error(
        "export refused: the canvases are not checked because the standards packs did not \
         load ({0}); fix the standards, or export with \"allow findings\""
    )]
    Unchecked(String),
}

/// What an allowed export let through, for the caller to say.
#[derive(Debug, Default, PartialEq)]
pub struct Allowed {
    /// Why nothing was checked, when the standards did not load.
    pub unchecked: Option<String>,
    /// The error findings exported despite (with "allow findings").
    pub overridden: Vec<Finding>,
}

/// The findings that block an export: errors without a waiver.
#[must_use]
pub fn blocking(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.waived.is_none() && f.severity == Severity::Error)
        .collect()
}

/// Decides an export of canvases whose findings against `standards` are
/// `findings`.
pub fn decide(
    standards: &Standards,
    findings: &[Finding],
    allow_findings: bool,
) -> Result<Allowed, Refusal> {
    if let Some(why) = standards.unavailable_reason() {
        return if allow_findings {
            Ok(Allowed {
                unchecked: Some(why.to_owned()),
                overridden: Vec::new(),
            })
        } else {
            Err(Refusal::Unchecked(why.to_owned()))
        };
    }
    let blocking: Vec<Finding> = blocking(findings).into_iter().cloned().collect();
    if blocking.is_empty() || allow_findings {
        Ok(Allowed {
            unchecked: None,
            overridden: blocking,
        })
    } else {
        Err(Refusal::Findings(blocking))
    }
}

/// One finding in a sentence: rule, product and place, message.
#[must_use]
pub fn describe(f: &Finding) -> String {
    format!(
        "{} at {}{}: {}",
        f.rule_id, f.product_id, f.pointer, f.message
    )
}
