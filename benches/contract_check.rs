//! Whole-process time of checking one data contract, as a CI job does on
//! every pull request: `meshcanvas check <contract>` against
//! `datacontract lint <contract>` (datacontract-cli, the field's own tool,
//! from `make setup-dcli`), on the same file, run alternately so both see
//! the same machine.
//!
//! The contract is the first one the example mesh exports (ODCS v3.1.0,
//! YAML), or `MESHCANVAS_BENCH_CONTRACT`. Prints each tool's median and the
//! ratio. Target: `meshcanvas check` in 1/250 of the peer's time.
//!
//! `cargo bench` (which passes `--bench`) runs 25 rounds; under `cargo
//! test` it is a smoke run of 2. `MESHCANVAS_BENCH_ROUNDS` sets the number.
//! Without `target/dcli-venv` the peer is skipped, and the bench says so.
//! Both run without `RUST_BACKTRACE` (see [`run`]).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let rounds: usize = std::env::var("MESHCANVAS_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if full { 25 } else { 2 });
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let ours = PathBuf::from(env!("CARGO_BIN_EXE_meshcanvas"));
    let standards = repo.join("canvas-schemas/standards");
    let tmp = tempfile::tempdir().expect("temp dir");
    let contract = match std::env::var_os("MESHCANVAS_BENCH_CONTRACT") {
        Some(p) => PathBuf::from(p),
        None => example_contract(&repo, tmp.path()),
    };
    let peer = repo.join("target/dcli-venv/bin/datacontract");
    let peer = peer.is_file().then_some(peer);

    // What each run prints and how it ends, once, so a broken run is seen.
    let check: Vec<OsString> = vec![
        "check".into(),
        contract.clone().into(),
        "--standards".into(),
        standards.into(),
    ];
    let status = run(&ours, &check, true);
    println!(
        "contract check: {} ({} rounds, alternating)\n  meshcanvas check exits {status}",
        contract.display(),
        rounds
    );
    let lint: Vec<OsString> = vec!["lint".into(), contract.clone().into()];
    if let Some(p) = &peer {
        let status = run(p, &lint, true);
        println!("  datacontract lint exits {status}");
    } else {
        println!(
            "  datacontract lint: SKIPPED, {} is missing (run `make setup-dcli`)",
            repo.join("target/dcli-venv/bin/datacontract").display()
        );
    }

    let mut ours_times = Vec::with_capacity(rounds);
    let mut peer_times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t = Instant::now();
        run(&ours, &check, false);
        ours_times.push(t.elapsed());
        if let Some(p) = &peer {
            let t = Instant::now();
            run(p, &lint, false);
            peer_times.push(t.elapsed());
        }
    }
    let ours_median = median(&mut ours_times);
    println!(
        "  meshcanvas check:  median {:>9.2} ms (min {:.2} ms)",
        ms(ours_median),
        ms(ours_times[0])
    );
    if peer.is_some() {
        let peer_median = median(&mut peer_times);
        println!(
            "  datacontract lint: median {:>9.2} ms (min {:.2} ms)",
            ms(peer_median),
            ms(peer_times[0])
        );
        println!(
            "  ratio: meshcanvas check takes 1/{:.0} of datacontract lint's time (target 1/250)",
            peer_median.as_secs_f64() / ours_median.as_secs_f64()
        );
    }
}

/// Runs a tool once; its output is shown when `show` (else discarded).
/// Returns how it ended.
fn run(bin: &Path, args: &[OsString], show: bool) -> String {
    let mut cmd = Command::new(bin);
    // As a CI job runs them: with RUST_BACKTRACE set, every error regorus's
    // parser makes and drops while reading the standards' Rego captures a
    // backtrace (about 4 ms more per check).
    cmd.env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    cmd.args(args).stdin(Stdio::null());
    if !show {
        cmd.stdout(Stdio::null()).stderr(Stdio::null());
    }
    let out = cmd.output().expect("runs");
    if show {
        let text = String::from_utf8_lossy(&out.stdout);
        for line in text
            .lines()
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            println!("    | {line}");
        }
    }
    out.status
        .code()
        .map_or_else(|| "by a signal".to_owned(), |c| c.to_string())
}

/// The first contract the example mesh exports, written into `dir`.
fn example_contract(repo: &Path, dir: &Path) -> PathBuf {
    let report = meshcanvas::format::load_paths(&[repo.join("examples")]);
    let canvases: Vec<_> = report.canvases.into_iter().map(|l| l.canvas).collect();
    let files =
        meshcanvas::manifest::export_files(&canvases, &meshcanvas::wire::ExportOptions::default())
            .expect("the example mesh exports");
    let first = files
        .iter()
        .find(|f| f.kind == "odcs")
        .expect("the example mesh has a contract");
    let name = first
        .path
        .rsplit('/')
        .next()
        .unwrap_or("contract.odcs.yaml");
    let path = dir.join(name);
    std::fs::write(&path, &first.content).expect("write contract");
    path
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
