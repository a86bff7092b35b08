//! The versioning rule (`version-says-what-changed`): a product's version
//! says what changed since its baseline.

use super::{Change, Impact, classify, readers};
use crate::model::{Canvas, LifecycleStatus, OutputPort};
use crate::standards::Date;

/// A version the versioning rule cannot live with: where, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionProblem {
    pub pointer: String,
    pub message: String,
}

/// `MAJOR.MINOR.PATCH` (a leading `v` and a pre-release or build suffix
/// allowed), as numbers.
fn semver(s: &str) -> Option<(u64, u64, u64)> {
    let core = s.trim().trim_start_matches('v');
    let core = core.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let v = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(v)
}

fn major_raised(old: &str, new: &str) -> bool {
    matches!((semver(old), semver(new)), (Some(o), Some(n)) if n.0 > o.0)
}

fn minor_raised(old: &str, new: &str) -> bool {
    matches!((semver(old), semver(new)), (Some(o), Some(n)) if (n.0, n.1) > (o.0, o.1))
}

/// The next version of `v` with its major (or minor) raised, for messages.
fn next(v: &str, major: bool) -> String {
    match semver(v) {
        Some((ma, _, _)) if major => format!("{}.0.0", ma + 1),
        Some((ma, mi, _)) => format!("{ma}.{}.0", mi + 1),
        None => "a semantic version".to_owned(),
    }
}

/// The versioning rule (`version-says-what-changed`): since `baseline`, a
/// breaking change to an output port that was active needs a new major
/// version of the product or of that port (the old port kept, deprecated
/// with a sunset date, while its consumers move); any other change that is
/// not cosmetic needs at least a new minor version of the product, or of
/// every port it changed. A served port that products read is removed only
/// after its sunset: deprecated in the baseline, with a sunset date that has
/// come by `today`. `readers_mesh` holds the products whose input ports may
/// read this one (the mesh the check runs on).
#[must_use]
pub fn version_problems(
    baseline: &Canvas,
    current: &Canvas,
    readers_mesh: &[Canvas],
    today: Date,
) -> Vec<VersionProblem> {
    let changes: Vec<Change> = classify(baseline, current)
        .into_iter()
        .filter(|c| c.impact != Impact::Cosmetic && c.rule != "version")
        .collect();
    if changes.is_empty() {
        return Vec::new();
    }
    let (old_v, new_v) = (&baseline.product.version, &current.product.version);
    if semver(new_v).is_none() {
        return vec![VersionProblem {
            pointer: "/product/version".to_owned(),
            message: format!(
                "the product changed since its baseline, and its version \"{new_v}\" is not a semantic version (MAJOR.MINOR.PATCH) that could say how"
            ),
        }];
    }
    let old_port = |id: &str| baseline.output_ports.iter().find(|p| p.id == id);
    let new_port = |id: &str| current.output_ports.iter().position(|p| p.id == id);
    let mut problems = Vec::new();
    let mut broken_ports: Vec<&str> = Vec::new();
    // Removed before its sunset: reported once, whatever the version says.
    let mut removed_early: Vec<&str> = Vec::new();
    for old in &baseline.output_ports {
        if new_port(&old.id).is_some() {
            continue;
        }
        let readers = readers([readers_mesh, &[]], &current.product.id, Some(&old.id));
        if let Some(message) = removed_before_sunset(old, &readers, today) {
            problems.push(VersionProblem {
                pointer: "/outputPorts".to_owned(),
                message,
            });
            removed_early.push(&old.id);
        }
    }
    for c in &changes {
        let Some(port) = c.port.as_deref() else {
            continue;
        };
        let was_active = old_port(port).is_some_and(|p| p.status == LifecycleStatus::Active);
        if c.impact == Impact::Breaking
            && was_active
            && !broken_ports.contains(&port)
            && !removed_early.contains(&port)
        {
            broken_ports.push(port);
        }
    }
    let product_break = changes
        .iter()
        .find(|c| c.port.is_none() && c.impact == Impact::Breaking);
    if let Some(first) = product_break
        && baseline.product.status == LifecycleStatus::Active
        && !major_raised(old_v, new_v)
    {
        problems.push(VersionProblem {
            pointer: "/product/version".to_owned(),
            message: format!(
                "the active product has a breaking change since the baseline ({}, {}): raise its major version ({new_v} → {})",
                first.label,
                first.rule,
                next(new_v, true)
            ),
        });
    }
    for port in &broken_ports {
        let Some(first) = changes
            .iter()
            .find(|c| c.port.as_deref() == Some(*port) && c.impact == Impact::Breaking)
        else {
            continue;
        };
        let port_ok = new_port(port).is_some_and(|i| {
            let old = old_port(port).map_or("", |p| p.version.as_str());
            major_raised(old, &current.output_ports[i].version)
        });
        if major_raised(old_v, new_v) || port_ok {
            continue;
        }
        let readers = readers([readers_mesh, &[]], &current.product.id, Some(port));
        let (pointer, raise) = match new_port(port) {
            Some(i) => (
                format!("/outputPorts/{i}/version"),
                format!(
                    "raise the product's major version ({new_v} → {}) or the port's ({} → {})",
                    next(new_v, true),
                    current.output_ports[i].version,
                    next(&current.output_ports[i].version, true)
                ),
            ),
            None => (
                "/product/version".to_owned(),
                format!(
                    "raise the product's major version ({new_v} → {})",
                    next(new_v, true)
                ),
            ),
        };
        problems.push(VersionProblem {
            pointer,
            message: format!(
                "active output port \"{port}\" has breaking changes since the baseline ({}, {}){}: {raise}, and keep the old port deprecated with a sunset date while its consumers move",
                first.label,
                first.rule,
                if readers.is_empty() {
                    String::new()
                } else {
                    format!(", read by {}", readers.join(", "))
                }
            ),
        });
    }
    let product_broken =
        product_break.is_some() && baseline.product.status == LifecycleStatus::Active;
    if !problems.is_empty() || !broken_ports.is_empty() || product_broken {
        return problems;
    }
    // Not breaking for anyone: a minor version of the product, or of every
    // port that changed (when only ports changed).
    let ports_ok = changes.iter().all(|c| {
        c.port.as_deref().is_some_and(|port| {
            let old = old_port(port).map_or("", |p| p.version.as_str());
            new_port(port).is_some_and(|i| minor_raised(old, &current.output_ports[i].version))
        })
    });
    if minor_raised(old_v, new_v) || ports_ok {
        return Vec::new();
    }
    vec![VersionProblem {
        pointer: "/product/version".to_owned(),
        message: format!(
            "{} change(s) since the baseline (first: {}) and the version is still {new_v}: raise at least the minor version ({new_v} → {})",
            changes.len(),
            changes[0].label,
            next(new_v, false)
        ),
    }]
}

/// Why a served port that `readers` read may not be gone yet, or `None`
/// when it may: it was deprecated with a sunset date that has come.
fn removed_before_sunset(old: &OutputPort, readers: &[String], today: Date) -> Option<String> {
    if readers.is_empty()
        || !matches!(
            old.status,
            LifecycleStatus::Active | LifecycleStatus::Deprecated
        )
    {
        return None;
    }
    let sunset = old.sunset.as_deref().and_then(Date::parse);
    let why = match (old.status, sunset) {
        (LifecycleStatus::Deprecated, Some(day)) if day <= today => return None,
        (LifecycleStatus::Deprecated, Some(day)) => {
            format!("its sunset is {day}, and that day has not come")
        }
        (LifecycleStatus::Deprecated, None) => {
            "it was deprecated without a sunset date, so its readers were never told when"
                .to_owned()
        }
        _ => "it was active, not deprecated with a sunset date".to_owned(),
    };
    Some(format!(
        "output port \"{}\" is gone while {} still read it, and {why}: put it back, deprecated with a sunset date, and remove it once that day has come and its readers have moved",
        old.id,
        readers.join(", ")
    ))
}
