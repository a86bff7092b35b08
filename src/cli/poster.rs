//! `meshcanvas poster`: the canvas as a poster to print or project (vector
//! PDF, SVG or PNG at A0, A1, A3 or screen size), and the workshop summary
//! in Markdown: what a design workshop takes home, made in CI as in the app.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use clap::ValueEnum;
use meshcanvas::format;
use meshcanvas::poster::{self, PaperSize, PosterFormat};
use meshcanvas::standards::MeshCheck;

use super::Outcome;

/// Draw a canvas as a poster laid out like the printed Data Product Canvas,
/// and write its workshop summary.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    meshcanvas poster orders.canvas.json --out orders.pdf\n  \
    meshcanvas poster orders.canvas.json --out orders.png --size a3 --findings\n  \
    meshcanvas poster orders.canvas.json --out orders.svg --mesh examples/ --findings\n  \
    meshcanvas poster orders.canvas.json --summary orders-workshop.md\n\n\
    The format is the --out file's extension: .pdf, .svg or .png.\n\n\
    Exit codes: 0 written, 2 usage, I/O or a canvas that does not parse.")]
pub struct Args {
    /// The canvas file.
    #[arg(value_name = "CANVAS")]
    canvas: PathBuf,
    /// Where to write the poster (`.pdf`, `.svg` or `.png`).
    #[arg(long, value_name = "FILE", required_unless_present = "summary")]
    out: Option<PathBuf>,
    /// The paper the poster is laid out for.
    #[arg(long, value_enum, default_value_t = Size::A0)]
    size: Size,
    /// Put the standards' findings summary in the poster's corner.
    #[arg(long)]
    findings: bool,
    /// Where to write the workshop summary (Markdown).
    #[arg(long, value_name = "FILE")]
    summary: Option<PathBuf>,
    /// Other canvases (files or folders) the canvas is checked with, so that
    /// its input ports resolve.
    #[arg(long, value_name = "PATH")]
    mesh: Vec<PathBuf>,
    /// The folder of standards packs (`*.pack.json`).
    #[arg(long, value_name = "DIR")]
    standards: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Size {
    A0,
    A1,
    A3,
    Screen,
}

impl From<Size> for PaperSize {
    fn from(s: Size) -> Self {
        match s {
            Size::A0 => Self::A0,
            Size::A1 => Self::A1,
            Size::A3 => Self::A3,
            Size::Screen => Self::Screen,
        }
    }
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let canvas = format::read_canvas_file(&args.canvas)?;
    let format = match &args.out {
        None => None,
        Some(out) => Some(
            match out
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_lowercase)
                .as_deref()
            {
                Some("pdf") => PosterFormat::Pdf,
                Some("svg") => PosterFormat::Svg,
                Some("png") => PosterFormat::Png,
                _ => anyhow::bail!(
                    "{}: the poster's format is its extension: .pdf, .svg or .png",
                    out.display()
                ),
            },
        ),
    };
    let findings = if args.findings || args.summary.is_some() {
        let standards = Arc::new(super::check::load_standards(args.standards.as_deref())?);
        let (files, errors) = format::find_canvas_files(&args.mesh);
        if let Some(e) = errors.into_iter().next() {
            anyhow::bail!("{e}");
        }
        let mut canvases = vec![canvas.clone()];
        for f in files {
            let other = format::read_canvas_file(&f)?;
            if other.product.id != canvas.product.id {
                canvases.push(other);
            }
        }
        MeshCheck::new(standards, canvases).findings_at(0).to_vec()
    } else {
        Vec::new()
    };
    let now = chrono::Utc::now();
    if let (Some(out), Some(format)) = (&args.out, format) {
        let bytes = poster::render(
            &canvas,
            args.findings.then_some(findings.as_slice()),
            args.size.into(),
            format,
            now,
        )?;
        std::fs::write(out, bytes).with_context(|| format!("cannot write {}", out.display()))?;
        eprintln!("wrote {}", out.display());
    }
    if let Some(path) = &args.summary {
        let text = meshcanvas::workshop::summary(&canvas, &findings, now);
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(Outcome::Clean)
}
