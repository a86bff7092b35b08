//! Workspace store benchmark (`make bench`): how long the things a product
//! owner waits for take on a real SQLite file.
//!
//! - saving 10,000 canvases in one transaction (an import of a large mesh);
//! - one save (p50 / p95 over many), what every edit in the app pays;
//! - opening a workspace of 10,000 canvases and listing them, what the app
//!   pays at start.
//!
//! Prints figures and ratios; no thresholds (speed is measured here, never
//! asserted in tests).

// Counts and durations become f64 to print means and ratios; they stay far
// below 2^52, where the conversion would start to round.
#![allow(clippy::cast_precision_loss)]

use std::time::{Duration, Instant};

use meshcanvas::Canvas;
use meshcanvas::model::{Field, LogicalType, OutputPort, PortKind, Slo, SloDimension, SloUnit};
use meshcanvas::store::Workspace;

/// `cargo bench` passes `--bench`; `cargo test --all-targets` does not, and
/// gets a quick smoke run of the same code instead of the full figures.
fn sizes() -> (usize, usize, usize) {
    if std::env::args().any(|a| a == "--bench") {
        (10_000, 300, 5)
    } else {
        (200, 20, 1)
    }
}

/// A canvas of realistic size: two ports with a dozen fields and SLOs.
fn canvas(i: usize) -> Canvas {
    let mut c = Canvas::skeleton(&format!("product-{i:05}"), &format!("Product {i}"), "sales");
    c.product.purpose =
        "Every order placed in the web shop, as it happened, for finance and logistics.".to_owned();
    for p in 0..2 {
        c.output_ports.push(OutputPort {
            id: format!("port-{p}"),
            name: format!("Port {p}"),
            kind: PortKind::Table,
            technology: "snowflake".to_owned(),
            objects: vec![meshcanvas::model::SchemaObject::table(
                &format!("port_{p}"),
                (0..12)
                    .map(|f| Field {
                        name: format!("field_{f}"),
                        logical_type: LogicalType::String,
                        description: "A field of the product's main table.".to_owned(),
                        ..Field::default()
                    })
                    .collect(),
            )],
            slos: vec![Slo {
                dimension: SloDimension::Freshness,
                target: 1.0,
                unit: SloUnit::Hours,
                ..Slo::default()
            }],
            ..OutputPort::default()
        });
    }
    c
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run());
}

async fn run() {
    let (canvases_n, single_saves, opens_n) = sizes();
    if canvases_n < 10_000 {
        println!("store: smoke run with {canvases_n} canvases (`make bench` for the figures)");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.meshcanvas.db");
    let canvases: Vec<Canvas> = (0..canvases_n).map(canvas).collect();
    let doc_bytes: usize = canvases
        .iter()
        .map(|c| meshcanvas::format::to_canonical_json(c).len())
        .sum();

    let ws = Workspace::create(&path).await.expect("create");
    let start = Instant::now();
    let report = ws
        .save_all(&canvases, "bench", "batch")
        .await
        .expect("save_all");
    let batch = start.elapsed();
    assert_eq!(report.added.len(), canvases_n);
    println!(
        "store: save {canvases_n} canvases in one transaction: {:.0} ms ({:.1} µs per canvas, {:.1} MiB of documents)",
        ms(batch),
        batch.as_secs_f64() * 1e6 / canvases_n as f64,
        doc_bytes as f64 / 1024.0 / 1024.0
    );

    // Single saves, each its own durable transaction, on canvases spread
    // over the workspace.
    let mut times = Vec::with_capacity(single_saves);
    for n in 0..single_saves {
        let id = format!("product-{:05}", (n * 7919) % canvases_n);
        let stored = ws.load(&id).await.expect("load");
        let mut c = stored.canvas;
        c.product.tags.push(format!("edit-{n}"));
        let start = Instant::now();
        ws.save(&c, Some(stored.revision), "bench", "edit")
            .await
            .expect("save");
        times.push(start.elapsed());
    }
    times.sort();
    let (p50, p95) = (percentile(&times, 0.50), percentile(&times, 0.95));
    println!(
        "store: single save (synchronous=FULL, {single_saves} saves): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        ms(p50),
        ms(p95),
        ms(*times.last().expect("times"))
    );
    ws.close().await;
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());

    let mut opens = Vec::with_capacity(opens_n);
    let mut lists = Vec::with_capacity(opens_n);
    for _ in 0..opens_n {
        let start = Instant::now();
        let ws = Workspace::open(&path).await.expect("open");
        let opened = start.elapsed();
        let list = ws.list().await.expect("list");
        let listed = start.elapsed().saturating_sub(opened);
        assert_eq!(list.len(), canvases_n);
        opens.push(opened);
        lists.push(listed);
        ws.close().await;
    }
    opens.sort();
    lists.sort();
    let (open, list) = (percentile(&opens, 0.5), percentile(&lists, 0.5));
    println!(
        "store: open a workspace of {canvases_n} canvases ({:.1} MiB, checks included) {:.1} ms + list them {:.1} ms = {:.1} ms (median of {opens_n})",
        size as f64 / 1024.0 / 1024.0,
        ms(open),
        ms(list),
        ms(open + list)
    );
    println!(
        "store: ratios: batch save is {:.0}x faster per canvas than single saves; list is {:.1} µs per canvas",
        p50.as_secs_f64() / (batch.as_secs_f64() / canvases_n as f64),
        list.as_secs_f64() * 1e6 / canvases_n as f64
    );
    upgrade_cost(opens_n * 40);
}

/// What reading a format v1 revision (upgraded as it is read) costs against
/// the same canvas saved as v2: the example mesh's orders, read in turns.
fn upgrade_cost(rounds: usize) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let v1 = std::fs::read(root.join("tests/fixtures/canvases-v1/sales/orders.canvas.json"))
        .expect("v1 orders");
    let v2 = std::fs::read(root.join("examples/sales/orders.canvas.json")).expect("v2 orders");
    let file = std::path::Path::new("orders.canvas.json");
    let (mut t1, mut t2) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..rounds {
        let start = Instant::now();
        let a = meshcanvas::format::parse_canvas_bytes(file, &v1).expect("v1 reads");
        t1 += start.elapsed();
        let start = Instant::now();
        let b = meshcanvas::format::parse_canvas_bytes(file, &v2).expect("v2 reads");
        t2 += start.elapsed();
        assert_eq!(a, b);
    }
    println!(
        "store: read the orders canvas ({} KiB) as format v1, upgraded: {:.3} ms; as v2: {:.3} ms; v1/v2 {:.2}x ({rounds} rounds each, in turns)",
        v2.len() / 1024,
        ms(t1) / rounds as f64,
        ms(t2) / rounds as f64,
        t1.as_secs_f64() / t2.as_secs_f64()
    );
}
