//! The poster: the whole canvas laid out like the printed Data Product
//! Canvas, as SVG, and from that as a vector PDF (with its text kept as
//! text) and as PNG, at A0, A1, A3 or screen size.
//!
//! One layout is drawn for every format: each block sits where the board
//! puts it ([`crate::board::Block::info`]), stretched to the page, and its
//! content is set as wrapped text, measured with the font it is drawn in.
//! A block with more than fits has its text made smaller, down to a floor
//! that stays legible at the paper size, and then says how many more items
//! it holds. Stickies not yet turned into cards are drawn in their step's
//! block on a sticky-yellow ground.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{Canvas, InputSource, SloDimension, SloUnit};
use crate::wire::{Block, Finding, Severity};

/// The paper a poster is laid out for.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum PaperSize {
    #[default]
    A0,
    A1,
    A3,
    /// A 1920 × 1080 screen.
    Screen,
}

impl PaperSize {
    /// Width and height in millimetres, landscape.
    #[must_use]
    pub fn mm(self) -> (f64, f64) {
        match self {
            Self::A0 => (1189.0, 841.0),
            Self::A1 => (841.0, 594.0),
            Self::A3 => (420.0, 297.0),
            // 1920 × 1080 px at 96 px per inch.
            Self::Screen => (508.0, 285.75),
        }
    }

    /// The PNG's width in pixels: about 106 dpi on A0 and A1 (a sharp print
    /// preview of a manageable size), 150 dpi on A3, the screen's own 1920.
    #[must_use]
    pub fn png_width(self) -> u32 {
        match self {
            Self::A0 => 4961,
            Self::A1 => 3508,
            Self::A3 => 2480,
            Self::Screen => 1920,
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::A0 => "a0",
            Self::A1 => "a1",
            Self::A3 => "a3",
            Self::Screen => "screen",
        }
    }
}

/// A poster file format.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PosterFormat {
    Pdf,
    Svg,
    Png,
}

impl PosterFormat {
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Svg => "svg",
            Self::Png => "png",
        }
    }
}

/// What a workshop takes home: the poster in some formats, at one size,
/// with or without the findings summary, and the workshop summary.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TakeHome {
    pub size: PaperSize,
    pub formats: Vec<PosterFormat>,
    /// Put the standards' findings summary in the poster's corner.
    pub findings: bool,
    /// Write the workshop summary (`<id>-workshop.md`) too.
    pub summary: bool,
}

/// Why a poster could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PosterError {
    #[error(
        "no sans-serif font is installed to set the poster in (on Debian: apt-get install fonts-dejavu-core)"
    )]
    NoFont,
    #[error("the poster could not be drawn: {0}")]
    Render(String),
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
}

/// The fonts the poster is set in, loaded once.
struct Fonts {
    db: Arc<usvg::fontdb::Database>,
    family: String,
    regular: Vec<u8>,
    bold: Vec<u8>,
}

fn fonts() -> Result<&'static Fonts, PosterError> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_system_fonts();
            let family = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "FreeSans"]
                .into_iter()
                .find(|f| {
                    db.faces()
                        .any(|face| face.families.iter().any(|(name, _)| name == f))
                })?
                .to_owned();
            let face = |weight| {
                let id = db.query(&usvg::fontdb::Query {
                    families: &[usvg::fontdb::Family::Name(&family)],
                    weight,
                    ..usvg::fontdb::Query::default()
                })?;
                db.with_face_data(id, |data, _| data.to_vec())
            };
            let regular = face(usvg::fontdb::Weight::NORMAL)?;
            let bold = face(usvg::fontdb::Weight::BOLD).unwrap_or_else(|| regular.clone());
            Some(Fonts {
                db: Arc::new(db),
                family,
                regular,
                bold,
            })
        })
        .as_ref()
        .ok_or(PosterError::NoFont)
}

/// Measures text in one face: advance widths in em.
struct Measure<'a> {
    face: ttf_parser::Face<'a>,
}

impl Measure<'_> {
    /// The advance of one character, in em.
    fn advance(&self, c: char) -> f64 {
        let units = f64::from(self.face.units_per_em());
        self.face
            .glyph_index(c)
            .and_then(|g| self.face.glyph_hor_advance(g))
            .map_or(0.6, |a| f64::from(a) / units)
    }

    fn width(&self, text: &str, size: f64) -> f64 {
        text.chars().map(|c| self.advance(c)).sum::<f64>() * size
    }

    /// `text` broken into lines no wider than `width`, at word boundaries
    /// (a word wider than a line is cut where it fills it). Each character
    /// is measured once, so a megabyte without a space wraps as fast as
    /// prose.
    fn wrap(&self, text: &str, size: f64, width: f64) -> Vec<String> {
        let space = self.advance(' ') * size;
        let mut lines = Vec::new();
        for paragraph in text.lines() {
            let mut line = String::new();
            let mut line_w = 0.0;
            for word in paragraph.split_whitespace() {
                let word_w = self.width(word, size);
                let gap = if line.is_empty() { 0.0 } else { space };
                if line_w + gap + word_w <= width {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                    line_w += gap + word_w;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                if word_w <= width {
                    line.push_str(word);
                    line_w = word_w;
                    continue;
                }
                for c in word.chars() {
                    let w = self.advance(c) * size;
                    if line_w + w > width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    line.push(c);
                    line_w += w;
                }
            }
            if !line.is_empty() {
                lines.push(line);
            }
        }
        lines
    }
}

/// One thing a block lists: a bold head and its text.
#[derive(Debug, Clone, PartialEq)]
struct Item {
    head: String,
    body: String,
    sticky: bool,
}

fn item(head: impl Into<String>, body: impl Into<String>) -> Item {
    Item {
        head: head.into(),
        body: body.into(),
        sticky: false,
    }
}

fn join_nonempty(parts: &[&str], sep: &str) -> String {
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(sep)
}

fn slo_text(dimension: SloDimension, target: f64, unit: SloUnit) -> String {
    let dim = serde_json::to_value(dimension)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let unit = serde_json::to_value(unit)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    if unit == "percent" {
        format!("{dim} {target}%")
    } else {
        format!("{dim} {target} {unit}")
    }
}

/// What each block shows, in the order it lists it.
fn contents(c: &Canvas, block: Block) -> Vec<Item> {
    let mut items = Vec::new();
    match block {
        Block::Name => {
            let p = &c.product;
            items.push(item(
                format!("{} · v{}", p.id, p.version),
                format!(
                    "Status: {}{}",
                    serde_json::to_value(p.status)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    if p.tags.is_empty() {
                        String::new()
                    } else {
                        format!(" · tags: {}", p.tags.join(", "))
                    }
                ),
            ));
        }
        Block::Domain => {
            let d = &c.domain;
            items.push(item(d.name.clone(), d.description.clone()));
            if !d.team.name.is_empty() || !d.team.members.is_empty() {
                let members: Vec<String> = d
                    .team
                    .members
                    .iter()
                    .map(|m| join_nonempty(&[&m.name, &m.role], ", "))
                    .collect();
                items.push(item(format!("Team {}", d.team.name), members.join("; ")));
            }
            if !d.product_owner.name.is_empty() {
                items.push(item(
                    "Product owner",
                    join_nonempty(&[&d.product_owner.name, &d.product_owner.email], " · "),
                ));
            }
        }
        Block::Purpose => {
            if !c.product.purpose.is_empty() {
                items.push(item("Purpose", c.product.purpose.clone()));
            }
            for p in &c.policies {
                let kind = serde_json::to_value(p.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                items.push(item(format!("{} ({kind})", p.id), p.statement.clone()));
            }
        }
        Block::Consumers => {
            for k in &c.consumers {
                let name = if k.name.is_empty() { &k.id } else { &k.name };
                items.push(item(
                    name.clone(),
                    join_nonempty(&[&k.use_case, &k.success_metric], " · Success: "),
                ));
            }
        }
        Block::Inbound => {
            for p in &c.input_ports {
                let source = match &p.source {
                    InputSource::Operational { system, .. } => format!("from {system}"),
                    InputSource::Product {
                        product_id,
                        port_id,
                    } => format!("from {product_id}/{port_id}"),
                };
                let name = if p.name.is_empty() { &p.id } else { &p.name };
                items.push(item(
                    name.clone(),
                    join_nonempty(&[&source, &p.description], " · "),
                ));
            }
        }
        Block::Design => {
            for s in &c.design.steps {
                let name = if s.name.is_empty() { &s.id } else { &s.name };
                items.push(item(
                    name.clone(),
                    join_nonempty(&[&s.description, &s.technology], " · "),
                ));
            }
            let d = &c.design;
            let rest = join_nonempty(&[&d.technology, &d.schedule, &d.notes], " · ");
            if !rest.is_empty() {
                items.push(item("Platform", rest));
            }
        }
        Block::OutputPorts => {
            for p in &c.output_ports {
                let kind = serde_json::to_value(p.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                let name = if p.name.is_empty() { &p.id } else { &p.name };
                let mut body: Vec<String> = Vec::new();
                for o in &p.objects {
                    let fields: Vec<&str> = o.fields.iter().map(|f| f.name.as_str()).collect();
                    body.push(format!("{}: {}", o.name, fields.join(", ")));
                }
                if !p.slos.is_empty() {
                    let slos: Vec<String> = p
                        .slos
                        .iter()
                        .map(|s| slo_text(s.dimension, s.target, s.unit))
                        .collect();
                    body.push(format!("SLOs: {}", slos.join(", ")));
                }
                items.push(item(
                    format!("{name} ({})", join_nonempty(&[&kind, &p.technology], ", ")),
                    body.join(" · "),
                ));
            }
        }
        Block::Metadata => {
            let m = &c.metadata;
            for (head, body) in [
                ("Licence", &m.license),
                ("Personal data", &m.pii_summary),
                ("Security", &m.security_notes),
            ] {
                if !body.is_empty() {
                    items.push(item(head, body.clone()));
                }
            }
            if !m.links.is_empty() {
                let links: Vec<&str> = m.links.iter().map(|l| l.title.as_str()).collect();
                items.push(item("Links", links.join(", ")));
            }
        }
        Block::Observability => {
            let o = &c.observability;
            for q in &o.quality_checks {
                let name = if q.name.is_empty() { &q.id } else { &q.name };
                items.push(item(
                    name.clone(),
                    join_nonempty(&[&q.dimension, &q.rule, &q.description], " · "),
                ));
            }
            for m in &o.metrics {
                items.push(item(format!("Metric {}", m.name), m.description.clone()));
            }
            for a in &o.alarms {
                items.push(item(
                    format!("Alarm {}", a.name),
                    join_nonempty(&[&a.condition, &a.notify], " → "),
                ));
            }
        }
        Block::Classification => {
            let (name, what) = match c.product.archetype {
                crate::model::Archetype::SourceAligned => (
                    "Source-aligned",
                    "Serves the facts of one domain's operational systems.",
                ),
                crate::model::Archetype::Aggregate => {
                    ("Aggregate", "Combines several products into one view.")
                }
                crate::model::Archetype::ConsumerAligned => {
                    ("Consumer-aligned", "Shaped for one use case's consumers.")
                }
            };
            items.push(item(name, what));
        }
        Block::Language => {
            for t in &c.ubiquitous_language {
                let mut body = t.definition.clone();
                if !t.synonyms.is_empty() {
                    let _ = write!(body, " (also: {})", t.synonyms.join(", "));
                }
                items.push(item(t.term.clone(), body));
            }
        }
    }
    // The stickies not yet turned into cards, in their step's first block.
    for n in &c.layout.notes {
        let Some(step) = n.step else { continue };
        let first = crate::workshop::steps()
            .into_iter()
            .find(|s| s.step == step)
            .and_then(|s| s.blocks.first().copied());
        if n.became.is_none() && first == Some(block) && !n.text.trim().is_empty() {
            let by = n.author.as_deref().unwrap_or_default();
            let votes = n.votes.filter(|v| *v > 0).map(|v| format!(" ●{v}"));
            items.push(Item {
                head: format!("{by}{}", votes.unwrap_or_default())
                    .trim()
                    .to_owned(),
                body: n.text.trim().to_owned(),
                sticky: true,
            });
        }
    }
    items.retain(|i| !(i.head.trim().is_empty() && i.body.trim().is_empty()));
    items
}

/// A count of lines as a length factor (a poster has far fewer than 2^32).
fn lines_f64(n: usize) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// One line of text to draw.
struct Line {
    text: String,
    bold: bool,
}

/// A block's items set in lines of `size` at `width`: the lines of each
/// item (head bold), and whether each item is a sticky.
fn set_items(
    items: &[Item],
    regular: &Measure<'_>,
    bold: &Measure<'_>,
    size: f64,
    width: f64,
) -> Vec<(Vec<Line>, bool)> {
    items
        .iter()
        .map(|i| {
            let mut lines: Vec<Line> = bold
                .wrap(&i.head, size, width)
                .into_iter()
                .map(|text| Line { text, bold: true })
                .collect();
            lines.extend(
                regular
                    .wrap(&i.body, size, width)
                    .into_iter()
                    .map(|text| Line { text, bold: false }),
            );
            (lines, i.sticky)
        })
        .collect()
}

const INK: &str = "#1f2933";
const MUTED: &str = "#52606d";
const LINE: &str = "#9aa5b1";
const STICKY: &str = "#fff3a3";

/// The poster of `canvas` at `size` as an SVG document, with the findings
/// summary in its bottom-right corner when `findings` is given.
pub fn svg(
    canvas: &Canvas,
    findings: Option<&[Finding]>,
    size: PaperSize,
    now: DateTime<Utc>,
) -> Result<String, PosterError> {
    let fonts = fonts()?;
    let parse = |data: &'static [u8]| {
        ttf_parser::Face::parse(data, 0).map_err(|e| PosterError::Render(e.to_string()))
    };
    let regular = Measure {
        face: parse(&fonts.regular)?,
    };
    let bold = Measure {
        face: parse(&fonts.bold)?,
    };
    let (page_w, page_h) = size.mm();
    // Sizes scale with the page: A0's body text is 7 mm (20 pt), A3's
    // 2.5 mm (7 pt).
    let unit = page_w / 1189.0;
    let margin = 24.0 * unit;
    let footer = 46.0 * unit;
    let (board_w, board_h) = crate::board::BOARD_SIZE;
    let sx = (page_w - 2.0 * margin) / board_w;
    let sy = (page_h - 2.0 * margin - footer) / board_h;
    let body = 7.0 * unit;
    let floor = 5.2 * unit;
    let pad = 5.0 * unit;

    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{page_w}mm" height="{page_h}mm" viewBox="0 0 {page_w} {page_h}" font-family="{family}">
<title>{title}</title>
<rect x="0" y="0" width="{page_w}" height="{page_h}" fill="#ffffff"/>
"##,
        family = esc(&fonts.family),
        title = esc(&format!("Data Product Canvas: {}", canvas.product.name)),
    );
    let text = |out: &mut String, x: f64, y: f64, size: f64, weight: &str, fill: &str, t: &str| {
        let _ = writeln!(
            out,
            r#"<text x="{x:.2}" y="{y:.2}" font-size="{size:.2}" font-weight="{weight}" fill="{fill}">{}</text>"#,
            esc(t)
        );
    };

    // Each block where the board puts it, stretched to the page; the
    // outbound column's three blocks then share its height by what they
    // hold, so a long metadata block does not hide its items while the
    // ports above it stand half empty.
    let mut rects: Vec<(Block, [f64; 4])> = Block::ALL
        .iter()
        .map(|b| {
            let r = b.info().rect;
            (
                *b,
                [margin + r.x * sx, margin + r.y * sy, r.w * sx, r.h * sy],
            )
        })
        .collect();
    let column = [Block::OutputPorts, Block::Metadata, Block::Observability];
    let need = |block: Block, bw: f64| {
        let info = block.info();
        let hint_lines = regular.wrap(&info.hint, 5.2 * unit, bw - 2.0 * pad).len();
        let header = pad * 2.0 + 9.5 * unit * 1.4 + lines_f64(hint_lines) * 5.2 * unit * 1.3;
        let items: f64 = set_items(
            &contents(canvas, block),
            &regular,
            &bold,
            body,
            bw - 2.0 * pad,
        )
        .iter()
        .map(|(lines, _)| lines_f64(lines.len()) * body * 1.25 + body * 0.5)
        .sum();
        (header + body * 2.5, header + items + pad)
    };
    let at = |rects: &[(Block, [f64; 4])], b: Block| {
        rects.iter().position(|(x, _)| *x == b).unwrap_or(0)
    };
    let (first, last) = (at(&rects, column[0]), at(&rects, column[2]));
    let top = rects[first].1[1];
    let bottom = rects[last].1[1] + rects[last].1[3];
    let gap = 16.0 * sy;
    let room = bottom - top - 2.0 * gap;
    let bw = rects[first].1[2];
    let needs: Vec<(f64, f64)> = column.iter().map(|b| need(*b, bw)).collect();
    let wanted: f64 = needs.iter().map(|(min, n)| n.max(*min)).sum();
    let heights: Vec<f64> = if wanted <= room {
        // Everything fits: the room left over goes as the board shares it.
        let board: Vec<f64> = column.iter().map(|b| b.info().rect.h).collect();
        let total: f64 = board.iter().sum();
        needs
            .iter()
            .zip(&board)
            .map(|((min, n), h)| n.max(*min) + (room - wanted) * h / total)
            .collect()
    } else {
        let mins: f64 = needs.iter().map(|(min, _)| min).sum();
        let over: f64 = needs.iter().map(|(min, n)| (n - min).max(0.0)).sum();
        needs
            .iter()
            .map(|(min, n)| min + (room - mins).max(0.0) * (n - min).max(0.0) / over.max(1e-9))
            .collect()
    };
    let mut y = top;
    for (b, h) in column.iter().zip(heights) {
        let i = at(&rects, *b);
        rects[i].1[1] = y;
        rects[i].1[3] = h;
        y += h + gap;
    }

    for (block, [x, y, bw, bh]) in rects {
        let info = block.info();
        let _ = writeln!(
            out,
            r#"<rect x="{x:.2}" y="{y:.2}" width="{bw:.2}" height="{bh:.2}" rx="{r:.2}" fill="{fill}" stroke="{LINE}" stroke-width="{sw:.2}"/>"#,
            r = 3.0 * unit,
            sw = 0.8 * unit,
            fill = if block == Block::Name {
                "#eef2f7"
            } else {
                "#ffffff"
            },
        );
        // Header: the step number, the title, the hint.
        let title_size = 9.5 * unit;
        let mut cy = y + pad + title_size;
        let mut tx = x + pad;
        if let Some(step) = info.step {
            let r = title_size * 0.75;
            let _ = writeln!(
                out,
                r#"<circle cx="{cx:.2}" cy="{cyc:.2}" r="{r:.2}" fill="{INK}"/>"#,
                cx = tx + r,
                cyc = cy - title_size * 0.35,
            );
            let n = step.to_string();
            let nw = bold.width(&n, title_size * 0.8);
            text(
                &mut out,
                tx + r - nw / 2.0,
                cy - title_size * 0.35 + title_size * 0.28,
                title_size * 0.8,
                "bold",
                "#ffffff",
                &n,
            );
            tx += 2.0 * r + pad * 0.6;
        }
        let title_lines = bold.wrap(&info.title, title_size, x + bw - pad - tx);
        for (i, l) in title_lines.iter().enumerate() {
            if i > 0 {
                cy += title_size * 1.15;
            }
            text(&mut out, tx, cy, title_size, "bold", INK, l);
        }
        let hint_size = 5.2 * unit;
        cy += title_size * 0.2;
        for l in regular.wrap(&info.hint, hint_size, bw - 2.0 * pad) {
            cy += hint_size * 1.3;
            text(&mut out, x + pad, cy, hint_size, "normal", MUTED, &l);
        }
        let mut top = cy + pad;
        if block == Block::Name {
            // The product's name is the poster's title.
            let name_size = 15.0 * unit;
            let name = if canvas.product.name.is_empty() {
                &canvas.product.id
            } else {
                &canvas.product.name
            };
            for l in bold.wrap(name, name_size, bw - 2.0 * pad) {
                top += name_size;
                text(&mut out, x + pad, top, name_size, "bold", INK, &l);
                top += name_size * 0.2;
            }
            top += pad * 0.6;
        }

        // The items, at the largest size from `body` down to `floor` at
        // which they fit; past the floor, as many as fit and a count of
        // the rest.
        let items = contents(canvas, block);
        let room = y + bh - pad - top;
        let width = bw - 2.0 * pad;
        let mut size = body;
        let mut set;
        loop {
            set = set_items(&items, &regular, &bold, size, width);
            let need: f64 = set
                .iter()
                .map(|(lines, _)| lines_f64(lines.len()) * size * 1.25 + size * 0.5)
                .sum();
            if need <= room || size <= floor {
                break;
            }
            size = (size * 0.9).max(floor);
        }
        let leading = size * 1.25;
        let mut cy = top;
        let mut shown = 0;
        for (lines, sticky) in &set {
            let need = lines_f64(lines.len()) * leading + size * 0.5;
            let reserve = if shown + 1 < set.len() { leading } else { 0.0 };
            let mut lines: &[Line] = lines;
            let mut cut = false;
            if cy + need + reserve > y + bh - pad {
                // An item too long for the room left shows its first lines,
                // ending in "…", when that is at least its head and a line.
                let fit = ((y + bh - pad - cy - size * 0.5 - leading) / leading).floor();
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let fit = fit.max(0.0) as usize;
                if fit < 2 || fit >= lines.len() {
                    break;
                }
                lines = &lines[..fit];
                cut = true;
            }
            if *sticky {
                let _ = writeln!(
                    out,
                    r#"<rect x="{rx:.2}" y="{ry:.2}" width="{rw:.2}" height="{rh:.2}" fill="{STICKY}"/>"#,
                    rx = x + pad * 0.6,
                    ry = cy + size * 0.15,
                    rw = width + pad * 0.8,
                    rh = lines_f64(lines.len()) * leading + size * 0.2,
                );
            }
            for (i, l) in lines.iter().enumerate() {
                cy += leading;
                let last = cut && i + 1 == lines.len();
                let said = if last {
                    format!("{}…", l.text.trim_end())
                } else {
                    l.text.clone()
                };
                text(
                    &mut out,
                    x + pad,
                    cy - size * 0.25,
                    size,
                    if l.bold { "bold" } else { "normal" },
                    INK,
                    &said,
                );
            }
            cy += size * 0.5;
            shown += 1;
            if cut {
                break;
            }
        }
        if shown < set.len() {
            text(
                &mut out,
                x + pad,
                cy + leading - size * 0.25,
                size,
                "normal",
                MUTED,
                &format!("+{} more", set.len() - shown),
            );
        }
    }

    // The footer: what this is, and the findings if asked for.
    let fy = page_h - margin - footer + 14.0 * unit;
    let small = 6.0 * unit;
    let p = &canvas.product;
    text(
        &mut out,
        margin,
        fy,
        small,
        "normal",
        MUTED,
        &format!(
            "Data Product Canvas · {} · {} v{} · domain {} · printed {} by Mesh Canvas",
            p.name,
            p.id,
            p.version,
            canvas.domain.name,
            now.format("%Y-%m-%d")
        ),
    );
    if let Some(findings) = findings {
        let open: Vec<&Finding> = findings.iter().filter(|f| f.waived.is_none()).collect();
        let count = |s: Severity| open.iter().filter(|f| f.severity == s).count();
        let headline = if open.is_empty() {
            "Standards: no open findings".to_owned()
        } else {
            format!(
                "Standards: {} errors · {} warnings · {} notes",
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Info)
            )
        };
        let fx = page_w / 2.0 + margin;
        let fw = page_w - margin - fx;
        let mut cy = fy;
        text(&mut out, fx, cy, small, "bold", INK, &headline);
        let mut sorted = open.clone();
        sorted.sort_by_key(|f| f.severity);
        let lines_left = ((footer - 14.0 * unit) / (small * 1.25)).floor().max(0.0);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let room = lines_left as usize;
        for f in sorted.iter().take(room) {
            cy += small * 1.25;
            let line = format!("{}: {}", f.severity.as_str(), f.message);
            let first = regular
                .wrap(&line, small, fw)
                .into_iter()
                .next()
                .unwrap_or_default();
            let cut = if first.len() < line.len() {
                format!("{}…", first.trim_end())
            } else {
                first
            };
            text(&mut out, fx, cy, small, "normal", MUTED, &cut);
        }
    }
    out.push_str("</svg>\n");
    Ok(out)
}

fn tree(svg: &str) -> Result<usvg::Tree, PosterError> {
    let fonts = fonts()?;
    let options = usvg::Options {
        fontdb: Arc::clone(&fonts.db),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| PosterError::Render(e.to_string()))
}

/// The poster's SVG as a vector PDF, one page of the SVG's size, its text
/// kept as text (searchable, extractable).
pub fn pdf(svg: &str) -> Result<Vec<u8>, PosterError> {
    let tree = tree(svg)?;
    // usvg reads millimetres at 96 px per inch; the page is in points.
    let page = svg2pdf::PageOptions { dpi: 96.0 };
    svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), page)
        .map_err(|e| PosterError::Render(e.to_string()))
}

/// The poster's SVG as a PNG `width` pixels wide.
pub fn png(svg: &str, width: u32) -> Result<Vec<u8>, PosterError> {
    let tree = tree(svg)?;
    let size = tree.size();
    let scale = f64::from(width) / f64::from(size.width());
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let height = (f64::from(size.height()) * scale).round() as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| PosterError::Render(format!("cannot make a {width}×{height} image")))?;
    #[allow(clippy::cast_possible_truncation)]
    let s = scale as f32;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(s, s),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PosterError::Render(e.to_string()))
}

/// The poster in one format, as bytes.
pub fn render(
    canvas: &Canvas,
    findings: Option<&[Finding]>,
    size: PaperSize,
    format: PosterFormat,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, PosterError> {
    let svg = svg(canvas, findings, size, now)?;
    match format {
        PosterFormat::Svg => Ok(svg.into_bytes()),
        PosterFormat::Pdf => pdf(&svg),
        PosterFormat::Png => png(&svg, size.png_width()),
    }
}

/// Writes `bytes` to `path` through a temporary file beside it, so a
/// crash never leaves half a file under the name.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), PosterError> {
    let io = |e: std::io::Error| PosterError::Io {
        path: path.to_owned(),
        message: crate::format::io_message(&e),
    };
    let tmp = path.with_extension(format!(
        "{}.tmp",
        path.extension().and_then(|e| e.to_str()).unwrap_or("part")
    ));
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

/// Writes what a workshop takes home into `dir` (made if missing): the
/// poster as `<id>-poster-<size>.<ext>` in each format asked for, and the
/// summary as `<id>-workshop.md`. Returns the paths written.
pub fn take_home(
    canvas: &Canvas,
    findings: &[Finding],
    dir: &Path,
    options: &TakeHome,
    now: DateTime<Utc>,
) -> crate::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir, &e))?;
    let id = if canvas.product.id.is_empty() {
        "canvas"
    } else {
        &canvas.product.id
    };
    let mut written = Vec::new();
    if !options.formats.is_empty() {
        let svg = svg(
            canvas,
            options.findings.then_some(findings),
            options.size,
            now,
        )?;
        for format in &options.formats {
            let bytes = match format {
                PosterFormat::Svg => svg.clone().into_bytes(),
                PosterFormat::Pdf => pdf(&svg)?,
                PosterFormat::Png => png(&svg, options.size.png_width())?,
            };
            let path = dir.join(format!(
                "{id}-poster-{}.{}",
                options.size.as_str(),
                format.extension()
            ));
            write_atomic(&path, &bytes)?;
            written.push(path);
        }
    }
    if options.summary {
        let path = dir.join(format!("{id}-workshop.md"));
        write_atomic(
            &path,
            crate::workshop::summary(canvas, findings, now).as_bytes(),
        )?;
        written.push(path);
    }
    Ok(written)
}
