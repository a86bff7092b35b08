//! The poster (`meshcanvas::poster`, `meshcanvas poster`): its PDF is read
//! back with poppler's `pdfinfo` and `pdftotext` (the page is the paper
//! asked for, every block's title is there as text, and so is what the
//! canvas says), and its PNG is decoded and drawn on.

use std::path::Path;
use std::process::Command;

use meshcanvas::poster::{self, PaperSize, PosterFormat, TakeHome};
use meshcanvas::wire::Block;

use crate::util;

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name}: {e}; the poster tests read PDFs with poppler-utils (make setup-system)")
    });
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn orders() -> meshcanvas::Canvas {
    meshcanvas::format::read_canvas_file(&util::repo_path("examples/sales/orders.canvas.json"))
        .expect("the orders example")
}

/// The PDF's page size in points, from `pdfinfo`.
fn page_size(pdf: &Path) -> (f64, f64) {
    let info = tool("pdfinfo", &[pdf.to_str().expect("a path")]);
    let line = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .expect("a page size");
    let nums: Vec<f64> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (nums[0], nums[1])
}

#[test]
fn the_pdf_is_the_paper_asked_for_with_every_block_and_the_canvas_as_text() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let c = orders();
    for (size, (w_mm, h_mm)) in [
        (PaperSize::A0, (1189.0, 841.0)),
        (PaperSize::A1, (841.0, 594.0)),
        (PaperSize::A3, (420.0, 297.0)),
    ] {
        let bytes =
            poster::render(&c, None, size, PosterFormat::Pdf, chrono::Utc::now()).expect("a PDF");
        let path = dir.path().join(format!("{}.pdf", size.as_str()));
        std::fs::write(&path, bytes).expect("written");
        let (w, h) = page_size(&path);
        let pt = |mm: f64| mm / 25.4 * 72.0;
        assert!(
            (w - pt(w_mm)).abs() < 1.0 && (h - pt(h_mm)).abs() < 1.0,
            "{size:?}: {w} × {h} pt"
        );

        let text = tool(
            "pdftotext",
            &["-layout", path.to_str().expect("a path"), "-"],
        );
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for block in Block::ALL {
            let title = block.info().title;
            assert!(
                flat.contains(&title),
                "{size:?}: the poster has the block title {title:?}"
            );
        }
        for said in [
            "Orders",
            "Priya Raman",
            "Click-and-collect",
            "Ingest events",
            "Source-aligned",
        ] {
            assert!(flat.contains(said), "{size:?}: the poster says {said:?}");
        }
    }
}

#[test]
fn the_png_is_drawn_at_the_papers_width_and_is_not_blank() {
    let c = orders();
    let bytes = poster::render(
        &c,
        None,
        PaperSize::Screen,
        PosterFormat::Png,
        chrono::Utc::now(),
    )
    .expect("a PNG");
    let img = tiny_skia::Pixmap::decode_png(&bytes).expect("a PNG that decodes");
    assert_eq!((img.width(), img.height()), (1920, 1080));
    let dark = img
        .pixels()
        .iter()
        .filter(|p| p.red() < 100 && p.green() < 100 && p.blue() < 100 && p.alpha() > 200)
        .count();
    let share =
        f64::from(u32::try_from(dark).expect("a count")) / f64::from(img.width() * img.height());
    assert!(
        share > 0.005 && share < 0.2,
        "text is drawn: {share:.4} of the pixels are ink"
    );
}

#[test]
fn a_block_with_more_than_fits_says_how_many_more_and_stays_inside() {
    let mut c = orders();
    let term = c.ubiquitous_language[0].clone();
    c.ubiquitous_language = (0..400)
        .map(|i| meshcanvas::model::Term {
            term: format!("Term{i:03}"),
            ..term.clone()
        })
        .collect();
    let svg = poster::svg(&c, None, PaperSize::A3, chrono::Utc::now()).expect("an SVG");
    let more = svg
        .split('+')
        .skip(1)
        .filter_map(|s| s.strip_suffix_more())
        .max()
        .expect("a '+N more' line");
    assert!(more > 300 && more < 400, "{more} more");
    assert!(svg.contains("Term000") && !svg.contains("Term399"));
}

trait MoreCount {
    fn strip_suffix_more(&self) -> Option<usize>;
}

impl MoreCount for &str {
    fn strip_suffix_more(&self) -> Option<usize> {
        let (n, rest) = self.split_once(' ')?;
        rest.starts_with("more<").then(|| n.parse().ok()).flatten()
    }
}

#[test]
fn the_findings_go_in_the_corner_when_asked_for_and_text_is_escaped() {
    let mut c = orders();
    c.product.name = "Orders <&> \"returns\"".to_owned();
    c.output_ports.clear();
    let standards = std::sync::Arc::new(
        meshcanvas::standards::Standards::load(&util::repo_path("canvas-schemas/standards"))
            .expect("standards"),
    );
    let findings = meshcanvas::standards::MeshCheck::new(standards, vec![c.clone()])
        .findings_at(0)
        .to_vec();
    assert!(!findings.is_empty());
    let now = chrono::Utc::now();
    let with = poster::svg(&c, Some(&findings), PaperSize::A1, now).expect("an SVG");
    let without = poster::svg(&c, None, PaperSize::A1, now).expect("an SVG");
    assert!(with.contains("Standards: ") && with.contains(" errors · "));
    assert!(!without.contains("Standards: "));
    assert!(with.contains("Orders &lt;&amp;&gt; &quot;returns&quot;"));
    // usvg parses it, so the PDF and PNG are made from it.
    poster::pdf(&with).expect("a PDF");
}

#[test]
fn take_home_writes_the_poster_formats_and_the_summary() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut c = orders();
    meshcanvas::workshop::start(&mut c, chrono::Utc::now());
    let written = poster::take_home(
        &c,
        &[],
        &dir.path().join("out"),
        &TakeHome {
            size: PaperSize::A3,
            formats: vec![PosterFormat::Pdf, PosterFormat::Svg, PosterFormat::Png],
            findings: true,
            summary: true,
        },
        chrono::Utc::now(),
    )
    .expect("written");
    let names: Vec<String> = written
        .iter()
        .map(|p| {
            p.file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        names,
        [
            "orders-poster-a3.pdf",
            "orders-poster-a3.svg",
            "orders-poster-a3.png",
            "orders-workshop.md"
        ]
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .expect("listed")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left");
    let md = std::fs::read_to_string(&written[3]).expect("the summary");
    assert!(md.starts_with("# Workshop: Orders (`orders`)"), "{md}");
}

#[test]
fn the_cli_writes_a_poster_by_extension_and_refuses_another() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let canvas = util::repo_path("examples/sales/orders.canvas.json");
    let pdf = dir.path().join("orders.pdf");
    let md = dir.path().join("orders.md");
    let (code, _, err) = util::outcome(
        util::meshcanvas()
            .arg("poster")
            .arg(&canvas)
            .arg("--out")
            .arg(&pdf)
            .args(["--size", "a1", "--findings", "--mesh"])
            .arg(util::repo_path("examples"))
            .arg("--summary")
            .arg(&md),
    );
    assert_eq!(code, 0, "{err}");
    let (w, _) = page_size(&pdf);
    assert!((w - 2383.94).abs() < 1.0, "A1 landscape: {w}");
    let text = tool("pdftotext", &[pdf.to_str().expect("a path"), "-"]);
    assert!(
        text.contains("Standards: no open findings"),
        "the orders example meets every standard:\n{text}"
    );
    assert!(
        std::fs::read_to_string(&md)
            .expect("a summary")
            .contains("No workshop has been run")
    );

    let (code, _, err) = util::outcome(
        util::meshcanvas()
            .arg("poster")
            .arg(&canvas)
            .arg("--out")
            .arg(dir.path().join("orders.docx")),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("orders.docx") && err.contains(".pdf, .svg or .png"),
        "{err}"
    );

    let bad = dir.path().join("bad.canvas.json");
    std::fs::write(&bad, "{\"formatVersion\": 2,").expect("written");
    let (code, _, err) = util::outcome(
        util::meshcanvas()
            .arg("poster")
            .arg(&bad)
            .arg("--out")
            .arg(&pdf),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.canvas.json"),
        "the error names the file: {err}"
    );
}

#[test]
fn a_huge_text_without_spaces_is_cut_to_its_block_not_drawn_whole() {
    let mut c = orders();
    c.product.purpose = "x".repeat(400_000);
    c.ubiquitous_language[0].definition = "word ".repeat(100_000);
    let svg = poster::svg(&c, None, PaperSize::A3, chrono::Utc::now()).expect("an SVG");
    // The block shows what fits; the rest is counted, not drawn.
    assert!(
        svg.len() < 400_000,
        "the poster holds what fits: {} bytes",
        svg.len()
    );
    let widest = svg
        .split("</text>")
        .filter_map(|t| t.rsplit('>').next())
        .map(str::len)
        .max()
        .unwrap_or(0);
    assert!(
        widest < 400,
        "no line runs out of its block: {widest} characters"
    );
    poster::pdf(&svg).expect("a PDF");
}
