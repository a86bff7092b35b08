//! Export and import speed on the example mesh: `make bench`.
//!
//! Prints figures and ratios; never asserts a time (speed is measured
//! here, not in tests).

#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::time::Instant;

use meshcanvas::wire::{ExportOptions, ManifestEncoding};
use meshcanvas::{format, manifest};

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples");
    let report = format::load_paths(&[root]);
    let canvases: Vec<_> = report.canvases.into_iter().map(|c| c.canvas).collect();
    assert!(!canvases.is_empty(), "no example canvases");
    let rounds = 100;
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
            .filter(|f| f.kind != "index")
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
    }
}
