//! What an import does to a workspace: the preview (the id and name each
//! imported canvas would get, and the canvas it would meet) and the choices
//! the user makes from it: add as new, replace the canvas it met, or attach
//! its output ports to another product. Pure: [`crate::studio::Studio`]
//! reads the files and saves the result.

use std::collections::BTreeSet;

use crate::model::{Canvas, InvalidProductId, ProductId};
use crate::wire::{ExistingCanvas, ImportAction, ImportChoice, ImportItem, ImportedCanvas};

/// Why a set of import choices cannot be applied. Nothing is saved then.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    #[error(transparent)]
    InvalidId(#[from] InvalidProductId),
    #[error(
        "product id \"{0}\" is taken in this workspace (deleted canvases included): choose \
         another, or replace that canvas"
    )]
    Taken(String),
    #[error("product id \"{0}\" is given to two of the imported canvases: choose another for one")]
    Twice(String),
    #[error(
        "there is no canvas \"{}\" in this workspace to replace or attach to",
        crate::model::shown_id(.0)
    )]
    NoSuchCanvas(String),
    #[error(
        "the imported canvas for \"{}\" has no output ports to attach",
        crate::model::shown_id(.0)
    )]
    NothingToAttach(String),
}

/// The preview of an import into a workspace holding `known` canvases.
/// Suggested ids are free in the workspace and distinct within the batch.
#[must_use]
pub fn preview(imported: Vec<ImportedCanvas>, known: &[ExistingCanvas]) -> Vec<ImportItem> {
    let mut taken: BTreeSet<String> = known.iter().map(|k| k.id.clone()).collect();
    imported
        .into_iter()
        .map(|imported| {
            let own = imported.canvas.product.id.clone();
            let name = imported.canvas.product.name.trim().to_owned();
            let suggested_name = if name.is_empty() {
                own.clone()
            } else {
                name.clone()
            };
            // A UUID is a contract's id, not a name for people; the port
            // keeps it as its contract id.
            let base = if ProductId::parse(&own).is_ok() && !is_uuid(&own) {
                own.clone()
            } else {
                [ProductId::from_name(&name), ProductId::from_name(&own)]
                    .into_iter()
                    .flatten()
                    .map(ProductId::into_string)
                    .find(|s| !is_uuid(s))
                    .unwrap_or_else(|| "imported".to_owned())
            };
            let suggested_id = free(&base, &taken);
            taken.insert(suggested_id.clone());
            let existing = known.iter().find(|k| k.id == own).cloned();
            ImportItem {
                imported,
                suggested_id,
                suggested_name,
                existing,
            }
        })
        .collect()
}

/// Checks every choice against the workspace (`known`) and the others
/// before anything is saved.
///
/// # Errors
/// The first choice that cannot be applied, by id.
pub fn validate(choices: &[ImportChoice], known: &[ExistingCanvas]) -> Result<(), ImportError> {
    let taken: BTreeSet<&str> = known.iter().map(|k| k.id.as_str()).collect();
    let live: BTreeSet<&str> = known
        .iter()
        .filter(|k| !k.deleted)
        .map(|k| k.id.as_str())
        .collect();
    let mut new_ids = BTreeSet::new();
    for c in choices {
        match &c.action {
            ImportAction::New { id, .. } => {
                ProductId::parse(id)?;
                if taken.contains(id.as_str()) {
                    return Err(ImportError::Taken(id.clone()));
                }
                if !new_ids.insert(id.as_str()) {
                    return Err(ImportError::Twice(id.clone()));
                }
            }
            ImportAction::Replace { id } => {
                if !live.contains(id.as_str()) {
                    return Err(ImportError::NoSuchCanvas(id.clone()));
                }
            }
            ImportAction::Attach { id } => {
                if !live.contains(id.as_str()) && !new_ids.contains(id.as_str()) {
                    return Err(ImportError::NoSuchCanvas(id.clone()));
                }
                if c.canvas.output_ports.is_empty() {
                    return Err(ImportError::NothingToAttach(c.canvas.product.id.clone()));
                }
            }
        }
    }
    Ok(())
}

/// Adds `from`'s output ports to `target`, with the quality checks that
/// name them. A port or check whose id `target` already uses gets the
/// first free `-2`, `-3`… id. Returns what was renamed, as `old → new`.
pub fn attach(target: &mut Canvas, from: Canvas) -> Vec<String> {
    let mut renamed = Vec::new();
    let mut port_ids: BTreeSet<String> = target.output_ports.iter().map(|p| p.id.clone()).collect();
    let mut check_ids: BTreeSet<String> = target
        .observability
        .quality_checks
        .iter()
        .map(|q| q.id.clone())
        .collect();
    let mut checks = from.observability.quality_checks;
    for mut port in from.output_ports {
        let old = port.id.clone();
        port.id = free(&old, &port_ids);
        port_ids.insert(port.id.clone());
        if port.id != old {
            renamed.push(format!("output port {old} → {}", port.id));
        }
        for q in checks
            .iter_mut()
            .filter(|q| q.port_id.as_deref() == Some(old.as_str()))
        {
            q.port_id = Some(port.id.clone());
            let old_check = q.id.clone();
            q.id = free(&old_check, &check_ids);
            check_ids.insert(q.id.clone());
            if q.id != old_check {
                renamed.push(format!("quality check {old_check} → {}", q.id));
            }
            target.observability.quality_checks.push(q.clone());
        }
        target.output_ports.push(port);
    }
    renamed
}

/// `base` if it is not in `taken`, else the first free `base-2`, `base-3`…
fn free(base: &str, taken: &BTreeSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_owned();
    }
    // Among `taken.len() + 1` candidates one is free.
    (2..=taken.len() + 2)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken.contains(id))
        .unwrap_or_else(|| base.to_owned())
}

/// Whether `s` is a UUID in its usual 8-4-4-4-12 hex form.
fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(id: &str, deleted: bool) -> ExistingCanvas {
        ExistingCanvas {
            id: id.to_owned(),
            name: id.to_owned(),
            deleted,
        }
    }

    #[test]
    fn free_numbers_until_free() {
        let taken: BTreeSet<String> = ["orders", "orders-2"].map(String::from).into();
        assert_eq!(free("orders", &taken), "orders-3");
        assert_eq!(free("returns", &taken), "returns");
    }

    #[test]
    fn uuids_are_recognised() {
        assert!(is_uuid("7d2c4f6a-9b1e-4d3a-8c5f-1a2b3c4d5e6f"));
        assert!(!is_uuid("orders"));
        assert!(!is_uuid("7d2c4f6a-9b1e-4d3a-8c5f-1a2b3c4d5e6"));
    }

    #[test]
    fn a_new_id_must_be_a_free_slug_given_once() {
        let ws = [known("orders", false), known("old", true)];
        let new = |id: &str| ImportChoice {
            canvas: Canvas::skeleton("x", "X", "x"),
            action: ImportAction::New {
                id: id.to_owned(),
                name: "N".to_owned(),
            },
        };
        assert_eq!(
            validate(&[new("Orders")], &ws),
            Err(ImportError::InvalidId(
                ProductId::parse("Orders").expect_err("uppercase")
            ))
        );
        assert_eq!(
            validate(&[new("orders")], &ws),
            Err(ImportError::Taken("orders".into()))
        );
        assert_eq!(
            validate(&[new("old")], &ws),
            Err(ImportError::Taken("old".into()))
        );
        assert_eq!(
            validate(&[new("a"), new("a")], &ws),
            Err(ImportError::Twice("a".into()))
        );
        assert_eq!(validate(&[new("a"), new("b")], &ws), Ok(()));
        let replace_deleted = ImportChoice {
            canvas: Canvas::skeleton("x", "X", "x"),
            action: ImportAction::Replace { id: "old".into() },
        };
        assert_eq!(
            validate(&[replace_deleted], &ws),
            Err(ImportError::NoSuchCanvas("old".into()))
        );
    }

    #[test]
    fn attached_ports_and_their_checks_get_free_ids_and_stay_linked() {
        use crate::model::{OutputPort, QualityCheck};
        let port = |id: &str| OutputPort {
            id: id.to_owned(),
            ..Default::default()
        };
        let check = |id: &str, port: &str| QualityCheck {
            id: id.to_owned(),
            port_id: Some(port.to_owned()),
            ..Default::default()
        };
        let mut target = Canvas::skeleton("orders", "Orders", "sales");
        target.output_ports = vec![port("products")];
        target.observability.quality_checks = vec![check("row-count", "products")];
        let mut from = Canvas::skeleton("catalog", "Catalog", "x");
        from.output_ports = vec![port("products"), port("prices")];
        from.observability.quality_checks =
            vec![check("row-count", "products"), check("fresh", "prices")];
        let renamed = attach(&mut target, from);
        let ports: Vec<_> = target.output_ports.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ports, ["products", "products-2", "prices"]);
        let checks: Vec<_> = target
            .observability
            .quality_checks
            .iter()
            .map(|q| (q.id.as_str(), q.port_id.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            checks,
            [
                ("row-count", "products"),
                ("row-count-2", "products-2"),
                ("fresh", "prices")
            ]
        );
        assert_eq!(
            renamed,
            [
                "output port products → products-2",
                "quality check row-count → row-count-2"
            ]
        );
    }
}
