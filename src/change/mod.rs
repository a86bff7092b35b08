//! What a change to a product means for the products that read it: every
//! difference between two versions of a canvas, classified as breaking,
//! non-breaking or cosmetic, with the reason.
//!
//! The judgement is the consumer's: a change is breaking when a product
//! reading an output port could stop working or stop being entitled to
//! what it reads (a field gone, a type changed, values it was promised no
//! longer guaranteed, a server moved, a port withdrawn). A stronger promise
//! (a field made required, an SLO tightened) is non-breaking; words and
//! layout are cosmetic. `docs/change-rules.md` has the rules as a table,
//! with where they differ from datacontract-cli's `breaking` and why.
//!
//! A pure function over the model, built on the structural diff
//! ([`crate::diff`]): each of its entries is classified once, an added or
//! removed card standing for everything inside it.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::diff::diff_canvases;
use crate::format::pointer_tokens;
use crate::model::Canvas;
use crate::wire::ChangeKind;

mod markdown;
mod products;
mod rules;
mod versioning;

pub use markdown::markdown;
pub use products::{ProductChanges, VersionError, breaking_ports, compare, read_version, readers};
use rules::At;
pub use versioning::{VersionProblem, version_problems};

/// How a change affects the products that read this one.
#[derive(Serialize, TS, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "camelCase")]
pub enum Impact {
    /// Words, order and layout: nothing a consumer reads.
    Cosmetic,
    /// What consumers read changes, but everything they relied on holds.
    NonBreaking,
    /// A consumer relying on the old version can break.
    Breaking,
}

impl Impact {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cosmetic => "cosmetic",
            Self::NonBreaking => "non-breaking",
            Self::Breaking => "breaking",
        }
    }
}

/// One classified difference between two versions of a product.
#[derive(Serialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub impact: Impact,
    /// The rule that classified it (the first column of the table in
    /// `docs/change-rules.md`), e.g. `field-removed`.
    #[ts(type = "string")]
    pub rule: &'static str,
    /// Why, in a sentence a product owner can act on.
    pub reason: String,
    pub kind: ChangeKind,
    /// Where, in the newer canvas (in the older one for a removal).
    pub pointer: String,
    /// The place as the board names it: `output port "orders" › field "email"`.
    pub label: String,
    /// The output port it changes, if any: the port consumers read.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub port: Option<String>,
    /// The field it changes, as a dotted path of names (`customer.email`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    /// Data became less protected (a classification loosened, a PII flag
    /// taken off): not a break for consumers, a risk for the data's owner.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[ts(optional, as = "Option<bool>")]
    pub privacy_risk: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "unknown")]
    pub before: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "unknown")]
    pub after: Option<Value>,
    /// For a breaking change, the products in the mesh whose input ports
    /// read the changed port (any port of the product, for a change to the
    /// product itself). Input ports do not say which fields they read, so
    /// a reader of the port is listed whether or not it reads the field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub breaks: Vec<String>,
}

/// Every change from `before` to `after`, classified, in building-block
/// order.
#[must_use]
pub fn classify(before: &Canvas, after: &Canvas) -> Vec<Change> {
    let (Ok(old), Ok(new)) = (serde_json::to_value(before), serde_json::to_value(after)) else {
        // Plain data with string keys always serializes.
        return Vec::new();
    };
    let mut seen_slos = BTreeSet::new();
    let mut out = Vec::new();
    for entry in diff_canvases(before, after) {
        let Some(tokens) = pointer_tokens(&entry.pointer) else {
            continue;
        };
        let at = At {
            entry: &entry,
            tokens: &tokens,
            old: &old,
            new: &new,
        };
        let Some(verdict) = at.verdict(&mut seen_slos) else {
            continue;
        };
        out.push(Change {
            impact: verdict.impact,
            rule: verdict.rule,
            reason: verdict.reason,
            kind: entry.kind,
            port: at.port_id(),
            field: at.field_path(),
            privacy_risk: verdict.privacy_risk,
            pointer: entry.pointer.clone(),
            label: entry.label.clone(),
            before: entry.before.clone(),
            after: entry.after.clone(),
            breaks: Vec::new(),
        });
    }
    out
}

/// The most severe impact among `changes` (cosmetic when there are none).
#[must_use]
pub fn overall(changes: &[Change]) -> Impact {
    changes
        .iter()
        .map(|c| c.impact)
        .max()
        .unwrap_or(Impact::Cosmetic)
}
