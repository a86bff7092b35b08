//! `meshcanvas workspace`: the workspace store from the command line, for
//! teams that keep canvases in git and move them in and out of a workspace,
//! and for looking at a canvas's history without the app.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use meshcanvas::store::Workspace;
use meshcanvas::wire::ChangeKind;

use super::{Outcome, ReportFormat};

/// Manage a workspace: one database file holding canvases and every
/// revision saved of them.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    meshcanvas workspace init --db team.meshcanvas.db\n  \
    meshcanvas workspace import examples/ --db team.meshcanvas.db\n  \
    meshcanvas workspace list --db team.meshcanvas.db\n  \
    meshcanvas workspace history orders --db team.meshcanvas.db\n  \
    meshcanvas workspace diff orders 1 3 --db team.meshcanvas.db\n  \
    meshcanvas workspace restore orders 1 --db team.meshcanvas.db\n  \
    meshcanvas workspace export canvases/ --db team.meshcanvas.db")]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Args)]
struct Db {
    /// The workspace file.
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
}

#[derive(Debug, clap::Args)]
struct Author {
    /// Who is recorded as the author of the new revisions; defaults to the
    /// login name ($USER).
    #[arg(long)]
    author: Option<String>,
}

impl Author {
    fn name(&self) -> String {
        self.author
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| "unknown".to_owned())
    }
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Create a new, empty workspace file (never over an existing file).
    #[command(after_help = "Examples:\n  meshcanvas workspace init --db team.meshcanvas.db")]
    Init {
        #[command(flatten)]
        db: Db,
    },
    /// Import every *.canvas.json below a folder, in one transaction: all of
    /// them, or nothing when any file does not read.
    #[command(
        after_help = "Examples:\n  meshcanvas workspace import examples/ --db team.meshcanvas.db --author ada"
    )]
    Import {
        /// The folder to read.
        dir: PathBuf,
        #[command(flatten)]
        db: Db,
        #[command(flatten)]
        author: Author,
    },
    /// Write the newest revision of every canvas into a folder; files of
    /// canvases that did not change keep their exact bytes.
    #[command(
        after_help = "Examples:\n  meshcanvas workspace export canvases/ --db team.meshcanvas.db"
    )]
    Export {
        /// The folder to write (created if missing).
        dir: PathBuf,
        #[command(flatten)]
        db: Db,
    },
    /// List the canvases of a workspace.
    #[command(
        after_help = "Examples:\n  meshcanvas workspace list --db team.meshcanvas.db --format json"
    )]
    List {
        #[command(flatten)]
        db: Db,
        /// List the archived canvases instead.
        #[arg(long)]
        archived: bool,
        #[arg(long, value_enum, default_value_t)]
        format: ReportFormat,
    },
    /// List every revision of a canvas, oldest first.
    #[command(
        after_help = "Examples:\n  meshcanvas workspace history orders --db team.meshcanvas.db"
    )]
    History {
        /// The canvas (product id).
        id: String,
        #[command(flatten)]
        db: Db,
        #[arg(long, value_enum, default_value_t)]
        format: ReportFormat,
    },
    /// Release a revision of a canvas under its product's version: the
    /// baseline `check --baseline` and `export --baseline` judge the next
    /// version against.
    #[command(
        after_help = "Examples:\n  meshcanvas workspace release orders --db team.meshcanvas.db\n  \
        meshcanvas workspace release orders --revision 12 --db team.meshcanvas.db\n  \
        meshcanvas check examples/ --baseline team.meshcanvas.db"
    )]
    Release {
        /// The canvas (product id).
        id: String,
        /// The revision; the newest when left out.
        #[arg(long)]
        revision: Option<i64>,
        #[command(flatten)]
        db: Db,
        #[command(flatten)]
        author: Author,
    },
    /// List the releases of a canvas, oldest first, with what changed
    /// between each and the one before.
    #[command(
        after_help = "Examples:\n  meshcanvas workspace releases orders --db team.meshcanvas.db --format json"
    )]
    Releases {
        /// The canvas (product id).
        id: String,
        #[command(flatten)]
        db: Db,
        #[arg(long, value_enum, default_value_t)]
        format: ReportFormat,
    },
    /// Show what changed in a canvas between two revisions: blocks, cards
    /// and fields added, removed or changed, each judged breaking,
    /// non-breaking or cosmetic for the products that read it.
    #[command(
        after_help = "Examples:\n  meshcanvas workspace diff orders 1 3 --db team.meshcanvas.db\n  \
        meshcanvas workspace diff orders 2 --db team.meshcanvas.db   (revision 2 against the newest)"
    )]
    Diff {
        /// The canvas (product id).
        id: String,
        /// The older revision.
        from: i64,
        /// The newer revision; the newest when left out.
        to: Option<i64>,
        #[command(flatten)]
        db: Db,
        #[arg(long, value_enum, default_value_t)]
        format: ReportFormat,
    },
    /// Make an old revision the newest again, as a new revision (nothing is
    /// overwritten).
    #[command(
        after_help = "Examples:\n  meshcanvas workspace restore orders 1 --db team.meshcanvas.db"
    )]
    Restore {
        /// The canvas (product id).
        id: String,
        /// The revision to restore.
        revision: i64,
        #[command(flatten)]
        db: Db,
        #[command(flatten)]
        author: Author,
    },
    /// Print the exact stored document of a canvas revision.
    #[command(
        after_help = "Examples:\n  meshcanvas workspace show orders --revision 2 --db team.meshcanvas.db"
    )]
    Show {
        /// The canvas (product id).
        id: String,
        /// The revision; the newest when left out.
        #[arg(long)]
        revision: Option<i64>,
        #[command(flatten)]
        db: Db,
    },
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(run_async(&args.command))
}

async fn open(db: &Db) -> anyhow::Result<Workspace> {
    Ok(Workspace::open(&db.db).await?)
}

/// `revision`, or the newest revision of canvas `id` when it is left out.
async fn revision_or_newest(
    ws: &Workspace,
    id: &str,
    revision: Option<i64>,
) -> anyhow::Result<i64> {
    Ok(match revision {
        Some(r) => r,
        None => ws.load(id).await?.revision,
    })
}

fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

async fn run_async(command: &Command) -> anyhow::Result<Outcome> {
    match command {
        Command::Init { db } => {
            let ws = Workspace::create(&db.db).await?;
            ws.close().await;
            eprintln!("created workspace {}", db.db.display());
        }
        Command::Import { dir, db, author } => {
            let ws = open(db).await?;
            let report = match ws.import_dir(dir, &author.name()).await {
                Ok(report) => report,
                // Canvases that do not read are problems in the input
                // (exit 1, as `validate` and `import` say), not a failure
                // of the command.
                Err(e @ meshcanvas::store::StoreError::Import { .. }) => {
                    ws.close().await;
                    eprintln!("{}", super::terminal_safe(&e.to_string()));
                    return Ok(Outcome::Problems);
                }
                Err(e) => {
                    ws.close().await;
                    return Err(e.into());
                }
            };
            ws.close().await;
            eprintln!(
                "imported {} canvas(es) from {}: {} added, {} updated, {} unchanged",
                report.added.len() + report.updated.len() + report.unchanged.len(),
                dir.display(),
                report.added.len(),
                report.updated.len(),
                report.unchanged.len()
            );
        }
        Command::Export { dir, db } => {
            let ws = open(db).await?;
            let report = ws.export_dir(dir).await?;
            ws.close().await;
            for path in &report.written {
                eprintln!("wrote {}", path.display());
            }
            eprintln!(
                "exported {} canvas(es) to {}: {} written, {} unchanged",
                report.written.len() + report.unchanged.len(),
                dir.display(),
                report.written.len(),
                report.unchanged.len()
            );
        }
        Command::List {
            db,
            archived,
            format,
        } => {
            let ws = open(db).await?;
            let records = if *archived {
                ws.archived().await?
            } else {
                ws.list().await?
            };
            ws.close().await;
            match format {
                ReportFormat::Json => print_json(&records)?,
                ReportFormat::Text => {
                    let mut out = std::io::stdout().lock();
                    for r in &records {
                        writeln!(
                            out,
                            "{}\trev {}\t{}\t{}\t{}\t{}",
                            r.id,
                            r.revision,
                            serde_json::to_value(r.status)?.as_str().unwrap_or_default(),
                            r.domain,
                            r.name,
                            r.updated_at
                        )?;
                    }
                    eprintln!("{} canvas(es)", records.len());
                }
            }
        }
        Command::History { id, db, format } => {
            let ws = open(db).await?;
            let history = ws.history(id).await?;
            ws.close().await;
            match format {
                ReportFormat::Json => print_json(&history)?,
                ReportFormat::Text => {
                    let mut out = std::io::stdout().lock();
                    for r in &history {
                        writeln!(
                            out,
                            "{}\t{}\t{}\t{}",
                            r.revision, r.created_at, r.author, r.message
                        )?;
                    }
                }
            }
        }
        Command::Diff {
            id,
            from,
            to,
            db,
            format,
        } => {
            let ws = open(db).await?;
            let to = revision_or_newest(&ws, id, *to).await?;
            let diff = ws.diff(id, *from, to).await?;
            let (a, b) = (
                ws.revision(id, *from).await?.canvas,
                ws.revision(id, to).await?.canvas,
            );
            ws.close().await;
            // Each change judged as `meshcanvas diff` judges it (docs/change-rules.md).
            let changes = meshcanvas::change::classify(&a, &b);
            match format {
                ReportFormat::Json => print_json(&serde_json::json!({
                    "canvasId": diff.canvas_id,
                    "fromRevision": diff.from_revision,
                    "toRevision": diff.to_revision,
                    "entries": diff.entries,
                    "impact": (!changes.is_empty()).then(|| meshcanvas::change::overall(&changes)),
                    "changes": changes,
                }))?,
                ReportFormat::Text => print_diff(&diff, &changes)?,
            }
        }
        Command::Restore {
            id,
            revision,
            db,
            author,
        } => {
            let ws = open(db).await?;
            let new = ws.restore(id, *revision, &author.name()).await?;
            ws.close().await;
            eprintln!("restored canvas \"{id}\" revision {revision} as revision {new}");
        }
        Command::Release {
            id,
            revision,
            db,
            author,
        } => {
            let ws = open(db).await?;
            let revision = revision_or_newest(&ws, id, *revision).await?;
            let r = ws.release(id, revision, &author.name()).await?;
            ws.close().await;
            println!(
                "released canvas \"{id}\" version {} (revision {})",
                r.version, r.revision
            );
        }
        Command::Releases { id, db, format } => {
            let ws = open(db).await?;
            let releases = ws.releases(id).await?;
            // Each release with its changes since the one before.
            let mut entries = Vec::with_capacity(releases.len());
            let mut before: Option<meshcanvas::model::Canvas> = None;
            for r in &releases {
                let canvas = ws.revision(id, r.revision).await?.canvas;
                let changes = before
                    .as_ref()
                    .map(|b| {
                        meshcanvas::change::compare(
                            std::slice::from_ref(b),
                            std::slice::from_ref(&canvas),
                        )
                    })
                    .unwrap_or_default();
                entries.push((r, changes));
                before = Some(canvas);
            }
            ws.close().await;
            match format {
                ReportFormat::Json => {
                    let doc: Vec<serde_json::Value> = entries
                        .iter()
                        .map(|(r, changes)| {
                            serde_json::json!({
                                "release": r,
                                "impact": changes.first().map(|p| p.impact),
                                "changes": changes.first().map(|p| &p.changes),
                            })
                        })
                        .collect();
                    print_json(&doc)?;
                }
                ReportFormat::Text => {
                    let mut out = std::io::stdout().lock();
                    if entries.is_empty() {
                        writeln!(out, "canvas \"{id}\" has no releases")?;
                    }
                    for (r, changes) in &entries {
                        let impact = match changes.first() {
                            Some(p) => p.impact.as_str(),
                            None if r.revision == releases[0].revision => "first release",
                            None => "no changes",
                        };
                        writeln!(
                            out,
                            "{}\trevision {}\t{}\t{}\t{impact}",
                            r.version, r.revision, r.created_at, r.author
                        )?;
                    }
                }
            }
        }
        Command::Show { id, revision, db } => {
            let ws = open(db).await?;
            let (_, text) = ws.document_text(id, *revision).await?;
            ws.close().await;
            std::io::stdout().write_all(text.as_bytes())?;
        }
    }
    Ok(Outcome::Clean)
}

fn print_diff(
    diff: &meshcanvas::wire::CanvasDiff,
    changes: &[meshcanvas::change::Change],
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "canvas \"{}\": revision {} → {}",
        diff.canvas_id, diff.from_revision, diff.to_revision
    )?;
    if diff.entries.is_empty() {
        writeln!(out, "no changes")?;
    }
    let short = |v: &Option<serde_json::Value>| -> String {
        let s = v.as_ref().map(ToString::to_string).unwrap_or_default();
        if s.chars().count() > 60 {
            format!("{}…", s.chars().take(59).collect::<String>())
        } else {
            s
        }
    };
    let judged = |pointer: &str| -> String {
        changes
            .iter()
            .find(|c| c.pointer == pointer)
            .map(|c| format!("  [{} {}]", c.impact.as_str(), c.rule))
            .unwrap_or_default()
    };
    for e in &diff.entries {
        let j = judged(&e.pointer);
        match e.kind {
            ChangeKind::Added => writeln!(out, "+ {}  ({}){j}", e.label, e.pointer)?,
            ChangeKind::Removed => writeln!(out, "- {}  ({}){j}", e.label, e.pointer)?,
            ChangeKind::Changed => writeln!(
                out,
                "~ {}: {} → {}  ({}){j}",
                e.label,
                short(&e.before),
                short(&e.after),
                e.pointer
            )?,
        }
    }
    if !changes.is_empty() {
        let count =
            |i: meshcanvas::change::Impact| changes.iter().filter(|c| c.impact == i).count();
        writeln!(
            out,
            "impact: {} ({} breaking, {} non-breaking, {} cosmetic)",
            meshcanvas::change::overall(changes).as_str(),
            count(meshcanvas::change::Impact::Breaking),
            count(meshcanvas::change::Impact::NonBreaking),
            count(meshcanvas::change::Impact::Cosmetic)
        )?;
    }
    Ok(())
}
