//! The classified changes as a Markdown changelog.

use super::{Impact, ProductChanges};

/// `|` and line breaks would end a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The changes as a Markdown changelog: what breaks first, then a table
/// per product (for a pull request, release notes, a bundle's changelog).
#[must_use]
pub fn markdown(products: &[ProductChanges], cosmetic: bool) -> String {
    use std::fmt::Write as _;
    let mut out = String::from("# Changes\n\n");
    if products.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    let breaking: Vec<String> = products
        .iter()
        .filter(|p| p.impact == Impact::Breaking)
        .map(|p| format!("`{}`", p.product_id))
        .collect();
    if breaking.is_empty() {
        out.push_str("Nothing breaks the products that read these.\n");
    } else {
        let _ = writeln!(
            out,
            "**Breaking:** {} (the products reading them must move).",
            breaking.join(", ")
        );
    }
    for p in products {
        let _ = write!(
            out,
            "\n## {} — {}\n\n| impact | change | where | why |\n| --- | --- | --- | --- |\n",
            cell(&p.title()),
            p.impact.as_str()
        );
        let (list, hidden) = p.shown(cosmetic);
        for c in list {
            let breaks = if c.breaks.is_empty() {
                String::new()
            } else {
                format!(" (breaks {})", c.breaks.join(", "))
            };
            let _ = writeln!(
                out,
                "| {}{} | `{}` | {} | {}{} |",
                c.impact.as_str(),
                if c.privacy_risk {
                    " (privacy risk)"
                } else {
                    ""
                },
                c.rule,
                cell(&c.label),
                cell(&c.reason),
                cell(&breaks)
            );
        }
        if hidden > 0 {
            let _ = writeln!(out, "\nAnd {hidden} cosmetic changes.");
        }
    }
    out
}
