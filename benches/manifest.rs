//! Export and import speed on the example mesh, and the time to write a
//! bundle of 5,000 products to disk: `make bench`.
//!
//! Prints figures and ratios; never asserts a time (speed is measured
//! here, not in tests).

// Counts and durations become f64 to print means and ratios; they stay far
// below 2^52, where the conversion would start to round.
#![allow(clippy::cast_precision_loss)]
#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::time::Instant;

use meshcanvas::wire::{ExportOptions, ExportedFile, ManifestEncoding};
use meshcanvas::{format, manifest};

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples");
    let report = format::load_paths(&[root]);
    let canvases: Vec<_> = report.canvases.into_iter().map(|c| c.canvas).collect();
    assert!(!canvases.is_empty(), "no example canvases");
    // `cargo bench` passes `--bench`; under `cargo test --all-targets` this
    // runs once as a smoke test.
    let rounds = if std::env::args().any(|a| a == "--bench") {
        100
    } else {
        1
    };
    for encoding in [ManifestEncoding::Yaml, ManifestEncoding::Json] {
        let opts = ExportOptions {
            encoding,
            ..ExportOptions::default()
        };
        let start = Instant::now();
        let mut files = Vec::new();
        for _ in 0..rounds {
            files = manifest::export_files(&canvases, &opts).expect("export");
        }
        let export = start.elapsed() / rounds;
        let bytes: usize = files.iter().map(|f| f.content.len()).sum();
        let docs: Vec<(String, String)> = files
            .iter()
            .filter(|f| matches!(f.kind.as_str(), "odps" | "odcs"))
            .map(|f| (f.path.clone(), f.content.clone()))
            .collect();
        let start = Instant::now();
        for _ in 0..rounds {
            manifest::import_documents(&docs).expect("import");
        }
        let import = start.elapsed() / rounds;
        let mib = bytes as f64 / (1024.0 * 1024.0);
        println!(
            "{encoding:?}: {} canvases → {} files, {:.1} KiB; export {:.2} ms ({:.1} MiB/s), import {:.2} ms ({:.1} MiB/s); import/export {:.2}×",
            canvases.len(),
            files.len(),
            bytes as f64 / 1024.0,
            export.as_secs_f64() * 1e3,
            mib / export.as_secs_f64(),
            import.as_secs_f64() * 1e3,
            mib / import.as_secs_f64(),
            import.as_secs_f64() / export.as_secs_f64(),
        );
        if encoding == ManifestEncoding::Yaml {
            yaml_exact_numbers(&docs, rounds);
        }
    }
    write_bundle(rounds > 1);
}

/// Reading YAML with every number as written (`manifest::yaml::parse`:
/// each node read with its place in the text, on a reader thread) against
/// saphyr's plain reading into a JSON value (numbers as u64, i64 or f64),
/// alternately, on the same documents.
fn yaml_exact_numbers(docs: &[(String, String)], rounds: u32) {
    let mut exact = std::time::Duration::ZERO;
    let mut plain = std::time::Duration::ZERO;
    for _ in 0..rounds {
        let start = Instant::now();
        for (name, text) in docs {
            manifest::yaml::parse(name, text).expect("reads");
        }
        exact += start.elapsed();
        let start = Instant::now();
        for (_, text) in docs {
            serde_saphyr::from_str::<serde_json::Value>(text).expect("reads");
        }
        plain += start.elapsed();
    }
    println!(
        "YAML reading, {} documents: numbers as written {:.2} ms, saphyr plain {:.2} ms; {:.2}× the plain read",
        docs.len(),
        exact.as_secs_f64() * 1e3 / f64::from(rounds),
        plain.as_secs_f64() * 1e3 / f64::from(rounds),
        exact.as_secs_f64() / plain.as_secs_f64(),
    );
}

/// Writing a bundle of 5,000 products (10,001 files) to disk, as
/// `write_bundle` does it (one sync for the whole bundle), against writing
/// the same files with one fsync each (how it was done before).
fn write_bundle(full: bool) {
    let n = if full { 5_000 } else { 50 };
    let canvases = meshcanvas::standards::synth::mesh(n, 2, 7);
    let files = manifest::export_files(&canvases, &ExportOptions::default()).expect("export");
    // In the target folder, on the disk a user's bundle would go to, not
    // in a tmpfs /tmp.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-bundle");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("bench folder");
    let out = root.join("bundle");
    let start = Instant::now();
    manifest::write_bundle(&files, &out).expect("write");
    let bundle = start.elapsed();
    let start = Instant::now();
    fsync_each(&files, &root.join("per-file"));
    let per_file = start.elapsed();
    println!(
        "bundle of {n} products ({} files): write_bundle {:.2} s; one fsync per file {:.2} s; {:.1}× faster",
        files.len(),
        bundle.as_secs_f64(),
        per_file.as_secs_f64(),
        per_file.as_secs_f64() / bundle.as_secs_f64(),
    );
    let _ = std::fs::remove_dir_all(&root);
}

fn fsync_each(files: &[ExportedFile], dir: &std::path::Path) {
    use std::io::Write as _;
    for f in files {
        let path = dir.join(&f.path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        let mut file = std::fs::File::create(&path).expect("create");
        file.write_all(f.content.as_bytes()).expect("write");
        file.sync_all().expect("fsync");
    }
}
