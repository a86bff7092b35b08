//! Poster benchmark (`make bench`): how long "Poster…" makes a person wait.
//! Each size and format of the orders example's poster is drawn in turns,
//! several times, and the median printed with its ratio to laying out the
//! SVG alone (what every format starts from).
//!
//! Prints figures and ratios; no thresholds (speed is measured here, never
//! asserted in tests).

#![allow(clippy::cast_precision_loss)]

use std::time::{Duration, Instant};

use meshcanvas::poster::{self, PaperSize, PosterFormat};

fn median(mut d: Vec<Duration>) -> Duration {
    d.sort();
    d[d.len() / 2]
}

fn main() {
    let runs = if std::env::args().any(|a| a == "--bench") {
        7
    } else {
        1
    };
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sales/orders.canvas.json");
    let canvas = meshcanvas::format::read_canvas_file(&path).expect("the orders example");
    let now = chrono::Utc::now();
    // The fonts load once per process; the first poster pays it.
    let first = Instant::now();
    poster::svg(&canvas, None, PaperSize::A3, now).expect("an SVG");
    println!(
        "poster: first layout, fonts loaded: {:.1} ms",
        first.elapsed().as_secs_f64() * 1e3
    );
    println!("poster: median of {runs} runs, in turns");
    for size in [
        PaperSize::Screen,
        PaperSize::A3,
        PaperSize::A1,
        PaperSize::A0,
    ] {
        let mut times: [Vec<Duration>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        let mut svg_times = Vec::new();
        let mut bytes = [0usize; 3];
        for _ in 0..runs {
            let t = Instant::now();
            poster::svg(&canvas, None, size, now).expect("an SVG");
            svg_times.push(t.elapsed());
            for (i, format) in [PosterFormat::Svg, PosterFormat::Pdf, PosterFormat::Png]
                .into_iter()
                .enumerate()
            {
                let t = Instant::now();
                let out = poster::render(&canvas, None, size, format, now).expect("drawn");
                times[i].push(t.elapsed());
                bytes[i] = out.len();
            }
        }
        let base = median(svg_times).as_secs_f64();
        for (i, name) in ["svg", "pdf", "png"].into_iter().enumerate() {
            let m = median(times[i].clone()).as_secs_f64();
            println!(
                "  {:>6} {name}: {:8.1} ms  {:6.1}× the layout  {:>9} bytes",
                size.as_str(),
                m * 1e3,
                m / base,
                bytes[i]
            );
        }
    }
}
