//! `meshcanvas diff OLD NEW`: what changed between two versions of a
//! product or a mesh, each change classified as breaking, non-breaking or
//! cosmetic (`meshcanvas::change`), for people, scripts and pull requests.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::ValueEnum;
use meshcanvas::change::{self, Change, Impact, ProductChanges};

use super::{Outcome, terminal_safe};

/// Show what changed between two versions of a product or a mesh, and
/// whether it breaks the products that read it.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    meshcanvas diff old/orders.canvas.json orders.canvas.json\n  \
    meshcanvas diff main-bundle/ examples/ --format markdown > changes.md\n  \
    meshcanvas diff v1.odcs.yaml v2.odcs.yaml --format json\n  \
    meshcanvas diff team.meshcanvas.db examples/   (since the last releases)\n\n\
    Each side is a canvas file, an ODPS or ODCS manifest, or a folder of either (a mesh, an\n\
    exported bundle); OLD may also be a workspace file, for its newest releases. Products\n\
    are paired by id; two single products are compared whatever their ids. The rules are\n\
    in docs/change-rules.md.\n\n\
    Exit codes: 0 nothing breaks, 1 a change breaks the products reading it, 2 usage or I/O\n\
    error.")]
pub struct Args {
    /// The older version (or a workspace file: its newest releases).
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The newer version.
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// How to print the changes.
    #[arg(long, value_enum, default_value_t)]
    format: DiffFormat,
    /// List cosmetic changes too (text and Markdown; JSON always has them).
    #[arg(long)]
    cosmetic: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DiffFormat {
    /// One line per change, for people.
    #[default]
    Text,
    /// One JSON document, for scripts.
    Json,
    /// A Markdown changelog, for a pull request or release notes.
    Markdown,
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let old = super::read_baseline(&args.old)?;
    let new = change::read_version(&args.new)?;
    let products = change::compare(&old, &new);
    let breaking = products.iter().any(|p| p.impact == Impact::Breaking);
    let mut out = String::new();
    match args.format {
        DiffFormat::Text => text(&products, args.cosmetic, &mut out),
        DiffFormat::Json => {
            let doc = serde_json::json!({
                "breaking": breaking,
                "products": products,
            });
            out.push_str(&serde_json::to_string_pretty(&doc)?);
            out.push('\n');
        }
        DiffFormat::Markdown => out.push_str(&change::markdown(&products, args.cosmetic)),
    }
    print!("{out}");
    Ok(if breaking {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

fn text(products: &[ProductChanges], cosmetic: bool, out: &mut String) {
    if products.is_empty() {
        out.push_str("no changes\n");
        return;
    }
    let mut counts = [0usize; 3];
    for p in products {
        let _ = writeln!(out, "{}: {}", terminal_safe(&p.title()), p.impact.as_str());
        let (list, hidden) = p.shown(cosmetic);
        for c in list {
            let _ = writeln!(
                out,
                "  {:<13} {:<24} {}: {}{}{}",
                c.impact.as_str(),
                c.rule,
                terminal_safe(&c.label),
                c.reason,
                if c.privacy_risk {
                    " [privacy risk]"
                } else {
                    ""
                },
                breaks(c)
            );
        }
        if hidden > 0 {
            let _ = writeln!(out, "  and {hidden} cosmetic (--cosmetic lists them)");
        }
        for c in &p.changes {
            counts[c.impact as usize] += 1;
        }
    }
    let _ = writeln!(
        out,
        "{} breaking, {} non-breaking, {} cosmetic",
        counts[Impact::Breaking as usize],
        counts[Impact::NonBreaking as usize],
        counts[Impact::Cosmetic as usize]
    );
}

/// The products a breaking change breaks, as a clause.
fn breaks(c: &Change) -> String {
    if c.breaks.is_empty() {
        String::new()
    } else {
        format!(" (breaks {})", terminal_safe(&c.breaks.join(", ")))
    }
}
