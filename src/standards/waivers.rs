//! Waivers: a product's recorded, approved, time-limited exception to one
//! standard.
//!
//! A waiver covers the findings of its rule at its pointer and below (an
//! empty pointer covers the rule on the whole canvas). Only a waiver with an
//! approver and an expiry date that has not passed waives anything; one
//! without an approver, or expired, or with an expiry that is not a date, is
//! itself a finding (`waiver-has-approver`, `waiver-not-expired`), so an
//! exception can never quietly outlive its approval.

use crate::model::Waiver;
use crate::wire::{Finding, WaiverRef};

use super::Date;

/// The two built-in waiver rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WaiverRule {
    /// A waiver names who approved it.
    WaiverHasApprover,
    /// A waiver's expiry date has not passed.
    WaiverNotExpired,
}

/// What is wrong with one waiver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiverProblem {
    pub rule: WaiverRule,
    pub pointer: String,
    pub message: String,
}

/// Assesses each waiver: whether it is in force, and its problems.
#[must_use]
pub fn assess(waivers: &[Waiver], today: Date) -> (Vec<bool>, Vec<WaiverProblem>) {
    let mut in_force = Vec::with_capacity(waivers.len());
    let mut problems = Vec::new();
    for (i, w) in waivers.iter().enumerate() {
        let mut ok = true;
        if w.approver.as_deref().is_none_or(|a| a.trim().is_empty()) {
            ok = false;
            problems.push(WaiverProblem {
                rule: WaiverRule::WaiverHasApprover,
                pointer: format!("/waivers/{i}"),
                message: format!(
                    "the waiver of rule \"{}\" names no approver, so it waives nothing",
                    w.rule_id
                ),
            });
        }
        if let Some(expires) = &w.expires {
            match Date::parse(expires) {
                Some(d) if d < today => {
                    ok = false;
                    problems.push(WaiverProblem {
                        rule: WaiverRule::WaiverNotExpired,
                        pointer: format!("/waivers/{i}/expires"),
                        message: format!(
                            "the waiver of rule \"{}\" expired on {d}, so it waives nothing",
                            w.rule_id
                        ),
                    });
                }
                Some(_) => {}
                None => {
                    ok = false;
                    problems.push(WaiverProblem {
                        rule: WaiverRule::WaiverNotExpired,
                        pointer: format!("/waivers/{i}/expires"),
                        message: format!(
                            "the waiver of rule \"{}\" expires on \"{expires}\", which is not a \
                             YYYY-MM-DD date, so it waives nothing",
                            w.rule_id
                        ),
                    });
                }
            }
        }
        in_force.push(ok);
    }
    (in_force, problems)
}

/// Whether a waiver's pointer covers a finding's pointer.
#[must_use]
pub fn covers(waiver_pointer: &str, finding_pointer: &str) -> bool {
    waiver_pointer.is_empty()
        || finding_pointer == waiver_pointer
        || finding_pointer
            .strip_prefix(waiver_pointer)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Marks each finding covered by a waiver in force as waived (by the first
/// such waiver). Findings of the waiver rules themselves are never waived.
pub fn apply(waivers: &[Waiver], in_force: &[bool], findings: &mut [Finding]) {
    if waivers.is_empty() {
        return;
    }
    for f in findings.iter_mut() {
        if f.rule_id == "waiver-has-approver" || f.rule_id == "waiver-not-expired" {
            continue;
        }
        let hit = waivers.iter().enumerate().find(|(i, w)| {
            in_force.get(*i).copied().unwrap_or(false)
                && w.rule_id == f.rule_id
                && covers(&w.pointer, &f.pointer)
        });
        if let Some((i, w)) = hit {
            f.waived = Some(WaiverRef {
                index: u32::try_from(i).unwrap_or(u32::MAX),
                reason: w.reason.clone(),
                approver: w.approver.clone().unwrap_or_default(),
                expires: w.expires.clone(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn pointer_coverage_is_by_whole_tokens() {
        assert!(covers("", "/a"));
        assert!(covers("/outputPorts/1", "/outputPorts/1/slos"));
        assert!(covers("/outputPorts/1", "/outputPorts/1"));
        assert!(!covers("/outputPorts/1", "/outputPorts/10"));
    }
}
