//! Command-line parsing and dispatch. Each subcommand lives in its own module
//! and returns an [`Outcome`]; exit codes are decided here, in one place:
//! 0 = fine, 1 = problems found, 2 = usage or I/O error.

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod check;
mod diff;
mod export;
mod fmt;
mod import;
mod new;
mod poster;
mod standards;
mod validate;
mod workspace;

/// The version `--version` prints: the package's, and the commit it was
/// built from (see `build.rs`).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("MESHCANVAS_COMMIT"),
    ")"
);

/// Mesh Canvas: design data products on a Data Product Canvas, check them
/// against the federation's standards, and export deployable manifests.
#[derive(Debug, Parser)]
#[command(name = "meshcanvas", version = VERSION, propagate_version = true)]
#[command(after_help = "Examples:\n  meshcanvas validate examples/\n  \
    meshcanvas fmt --check examples/\n  \
    meshcanvas export examples/ --out bundle/\n  \
    meshcanvas import bundle/ --out canvases/\n  \
    meshcanvas diff main-bundle/ examples/\n  \
    meshcanvas new --id orders --name Orders --domain sales --out orders.canvas.json\n  \
    meshcanvas workspace import examples/ --db team.meshcanvas.db")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Validate(validate::Args),
    Check(check::Args),
    Diff(diff::Args),
    Standards(standards::Args),
    New(new::Args),
    Fmt(fmt::Args),
    Export(export::Args),
    Import(import::Args),
    Workspace(workspace::Args),
    Poster(poster::Args),
    Completions(CompletionsArgs),
    Man(ManArgs),
}

/// Print a shell completion script for meshcanvas; install it where your
/// shell looks for completions.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    meshcanvas completions bash > ~/.local/share/bash-completion/completions/meshcanvas\n  \
    meshcanvas completions zsh > \"${fpath[1]}/_meshcanvas\"\n  \
    meshcanvas completions fish > ~/.config/fish/completions/meshcanvas.fish")]
struct CompletionsArgs {
    /// The shell to complete in.
    shell: clap_complete::Shell,
}

/// Print the manual page (roff).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    meshcanvas man > ~/.local/share/man/man1/meshcanvas.1 && man meshcanvas\n  \
    meshcanvas man | man -l -")]
struct ManArgs {}

/// Output format of the commands that print a report or a list
/// (`validate`, `standards`, `workspace list|history|diff`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ReportFormat {
    /// Text for people: one line per problem, rule, canvas, revision or change.
    #[default]
    Text,
    /// One JSON document on stdout, for scripts.
    Json,
}

/// `s` with every control character but newline and tab written as a
/// `\u{..}` escape, for text printed to a terminal: an id or a name read
/// from a file must not be able to move the cursor, recolour or retitle the
/// terminal (an ESC sequence), or hide what comes before it.
#[must_use]
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Reads the baseline of `--baseline`: a workspace file (the newest
/// release of each canvas), or canvases, manifests or a folder of either.
pub fn read_baseline(path: &std::path::Path) -> anyhow::Result<Vec<meshcanvas::model::Canvas>> {
    if !meshcanvas::store::sqlite::is_sqlite_file(path) {
        return Ok(meshcanvas::change::read_version(path)?);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let ws = meshcanvas::store::Workspace::open(path).await?;
        let released = ws.released_canvases().await;
        ws.close().await;
        let released = released?;
        anyhow::ensure!(
            !released.is_empty(),
            "{}: no canvas in this workspace has been released (meshcanvas workspace release), so there is no baseline",
            path.display()
        );
        Ok(released)
    })
}

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything is fine.
    Clean,
    /// The command ran, and found problems in its input.
    Problems,
    /// The command could not do its work: bad arguments, unreadable paths.
    Failed,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Problems => ExitCode::from(1),
            Outcome::Failed => ExitCode::from(2),
        }
    }
}

/// Writes the completion script for `shell`, made from the same definitions
/// that parse the command line.
fn completions(shell: clap_complete::Shell) -> anyhow::Result<Outcome> {
    use clap::CommandFactory;
    use std::io::Write;
    // Made in memory: written straight to stdout, a closed pipe would be
    // a panic inside clap_complete rather than an error here.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "meshcanvas", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(Outcome::Clean)
}

/// Writes the manual page, made from the same definitions as `--help`.
fn man() -> anyhow::Result<Outcome> {
    use clap::CommandFactory;
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    out.flush()?;
    Ok(Outcome::Clean)
}

/// Parses the command line and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate(args) => validate::run(&args),
        Command::New(args) => new::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Workspace(args) => workspace::run(&args),
        Command::Poster(args) => poster::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Standards(args) => standards::run(&args),
        Command::Completions(args) => completions(args.shell),
        Command::Man(ManArgs {}) => man(),
    };
    match result {
        Ok(outcome) => outcome.into(),
        Err(err) => {
            eprintln!("error: {}", terminal_safe(&format!("{err:#}")));
            Outcome::Failed.into()
        }
    }
}
