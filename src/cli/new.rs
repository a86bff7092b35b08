//! `meshcanvas new`: write a canvas skeleton.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use meshcanvas::format;
use meshcanvas::model::{Archetype, Canvas, LifecycleStatus, Person};

use super::Outcome;

/// Write a new canvas skeleton, ready to fill in.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  meshcanvas new --id orders --name Orders --domain sales \
    --out examples/sales/orders.canvas.json\n  \
    meshcanvas new --id churn-score --name \"Churn score\" --domain marketing \
    --archetype consumer-aligned --owner \"Ada Lovelace\" --owner-email ada@example.com"
)]
pub struct Args {
    /// The product id: a lowercase slug such as `customer-orders`.
    #[arg(long)]
    id: String,
    /// The product's display name.
    #[arg(long)]
    name: String,
    /// The owning domain, e.g. `sales`.
    #[arg(long)]
    domain: String,
    /// The owning team's name.
    #[arg(long)]
    team: Option<String>,
    /// The accountable product owner.
    #[arg(long)]
    owner: Option<String>,
    /// The product owner's email.
    #[arg(long)]
    owner_email: Option<String>,
    /// Source-aligned, aggregate or consumer-aligned.
    #[arg(long, value_enum, default_value = "source-aligned")]
    archetype: ArchetypeArg,
    /// Why the product exists.
    #[arg(long)]
    purpose: Option<String>,
    /// Where to write the canvas; standard output when left out.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ArchetypeArg {
    SourceAligned,
    Aggregate,
    ConsumerAligned,
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    if let Err(e) = meshcanvas::model::ProductId::parse(&args.id) {
        bail!("--id: {e}");
    }
    let mut canvas = Canvas::skeleton(&args.id, &args.name, &args.domain);
    canvas.product.status = LifecycleStatus::Draft;
    canvas.product.archetype = match args.archetype {
        ArchetypeArg::SourceAligned => Archetype::SourceAligned,
        ArchetypeArg::Aggregate => Archetype::Aggregate,
        ArchetypeArg::ConsumerAligned => Archetype::ConsumerAligned,
    };
    canvas.domain.team.name = args
        .team
        .clone()
        .unwrap_or_else(|| format!("{} team", args.domain));
    canvas.domain.product_owner = Person {
        name: args.owner.clone().unwrap_or_default(),
        email: args.owner_email.clone().unwrap_or_default(),
    };
    canvas.product.purpose = args.purpose.clone().unwrap_or_default();
    match &args.out {
        Some(path) => {
            if path.exists() && !args.force {
                bail!(
                    "{} exists already; pass --force to overwrite it",
                    path.display()
                );
            }
            format::write_canvas_file(path, &canvas)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
        None => {
            std::io::stdout().write_all(format::to_canonical_json(&canvas).as_bytes())?;
        }
    }
    Ok(Outcome::Clean)
}
