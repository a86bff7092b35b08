//! `meshcanvas standards`: what the federation's standards are and why.

use std::path::PathBuf;

use super::{Outcome, ReportFormat};

/// List or explain the standards in the standards packs.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  meshcanvas standards list\n  \
    meshcanvas standards explain pii-field-is-confidential-or-restricted\n  \
    meshcanvas standards list --standards ./my-standards --format json")]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    /// The folder of standards packs (`*.pack.json`).
    #[arg(long, value_name = "DIR", global = true)]
    standards: Option<PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// List every standard: id, severity, kind, pack, title.
    #[command(after_help = "Examples:\n  meshcanvas standards list\n  \
        meshcanvas standards list --format json")]
    List {
        /// How to print the list.
        #[arg(long, value_enum, default_value_t)]
        format: ReportFormat,
    },
    /// Explain one standard: why it exists, how it is checked, how to fix a
    /// finding, and which domains raise its severity.
    #[command(
        after_help = "Examples:\n  meshcanvas standards explain output-port-has-freshness-slo\n  \
        meshcanvas standards explain no-dependency-cycles --format json"
    )]
    Explain {
        /// The standard's id.
        #[arg(value_name = "RULE-ID")]
        id: String,
        /// How to print the explanation.
        #[arg(long, value_enum, default_value_t)]
        format: ReportFormat,
    },
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let standards = super::check::load_standards(args.standards.as_deref())?;
    match &args.command {
        Command::List { format } => {
            let rules = standards.rules();
            match format {
                ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&rules)?),
                ReportFormat::Text => {
                    let w = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
                    for r in &rules {
                        let pack = match &r.domain {
                            Some(d) => format!("{}@{} (domain {d})", r.pack_id, r.pack_version),
                            None => format!("{}@{}", r.pack_id, r.pack_version),
                        };
                        println!(
                            "{:<w$}  {:<7}  {:<7}  {:<24}  {}",
                            r.id,
                            r.severity.as_str(),
                            r.check_kind,
                            pack,
                            r.title
                        );
                    }
                }
            }
        }
        Command::Explain { id, format } => {
            let e = standards.explain(id)?;
            match format {
                ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&e)?),
                ReportFormat::Text => {
                    println!("{}: {}", e.info.id, e.info.title);
                    println!();
                    println!("Why:       {}", e.info.rationale);
                    println!("Fix:       {}", e.hint);
                    println!(
                        "Severity:  {} ({} check, scope {})",
                        e.info.severity.as_str(),
                        e.info.check_kind,
                        e.info.scope
                    );
                    println!(
                        "Pack:      {}@{} ({})",
                        e.info.pack_id, e.info.pack_version, e.pack_file
                    );
                    for (domain, s, pack) in &e.overrides {
                        println!("Domain:    {domain}: {} (pack {pack})", s.as_str());
                    }
                    println!();
                    println!("Check:");
                    for line in e.check.lines() {
                        println!("  {line}");
                    }
                }
            }
        }
    }
    Ok(Outcome::Clean)
}
