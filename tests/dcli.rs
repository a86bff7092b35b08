//! The exported contracts judged by the field's own tool, datacontract-cli
//! (issue 10): `datacontract lint` on every ODCS contract of the example
//! mesh, and `datacontract test` of a contract designed on a canvas against
//! a real PostgreSQL database the test starts (tests/pg.rs) and loads with
//! rows: the checks pass on good rows and fail, naming the check, on bad
//! ones.
//!
//! datacontract-cli is installed, pinned, by `make setup-dcli` into
//! `target/dcli-venv`. `make test` sets `MESHCANVAS_REQUIRE_DCLI`, so there a
//! missing tool or PostgreSQL fails these tests; elsewhere (a fresh clone
//! without the set-up) they are skipped with a notice that says how to run
//! them.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Once;
use std::time::Duration;

use meshcanvas::format;
use meshcanvas::manifest;
use meshcanvas::model::Canvas;
use meshcanvas::wire::{ExportOptions, ExportedFile, ManifestEncoding, OdcsVersion};
use serde_json::{Value, json};

use crate::{pg, util};

/// A whole `datacontract` run may take this long before it is killed; lint
/// takes about a second, a test against PostgreSQL a few.
const LINT_LIMIT: Duration = Duration::from_mins(3);
const TEST_LIMIT: Duration = Duration::from_mins(5);

static SKIP_NOTICE: Once = Once::new();

fn required() -> bool {
    std::env::var("MESHCANVAS_REQUIRE_DCLI").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Skips (returns `None` after a one-time notice), or fails under
/// `MESHCANVAS_REQUIRE_DCLI`.
pub(crate) fn missing<T>(what: &str) -> Option<T> {
    assert!(
        !required(),
        "{what}, and MESHCANVAS_REQUIRE_DCLI is set: run `make setup-system setup-dcli`"
    );
    util::notice_once(
        &SKIP_NOTICE,
        &format!(
            "note: the datacontract-cli tests (tests/dcli.rs) were skipped: {what}.\n\
             Run `make setup-system setup-dcli` to install it, then `cargo test --test tests dcli::`\n\
             (`make test` installs it and runs them)."
        ),
    );
    None
}

/// `target/dcli-venv/bin/datacontract`, from `make setup-dcli`.
pub(crate) fn datacontract() -> Option<PathBuf> {
    let bin = util::repo_path("target/dcli-venv/bin/datacontract");
    if bin.is_file() {
        Some(bin)
    } else {
        missing(&format!("{} is missing", bin.display()))
    }
}

/// `datacontract <args>` in `dir`, with its results as JSON: what it
/// printed and the parsed `--output` file. The environment is cleared of
/// `DATACONTRACT_*` settings a developer may have, so only the test's own
/// count.
fn run_datacontract(
    bin: &Path,
    dir: &Path,
    args: &[&str],
    env: &[(&str, String)],
    limit: Duration,
) -> (util::Finished, Value) {
    let results = dir.join("results.json");
    let _ = std::fs::remove_file(&results);
    let mut cmd = Command::new(bin);
    cmd.current_dir(dir)
        .args(args)
        // By default the tool fetches the documents that properties'
        // `authoritativeDefinitions` (definition, semantics) point to, and
        // rejects the contract when one cannot be read. The tests have no
        // network, and whether a link resolves is not the export's doing.
        .arg("--no-inline-references")
        .arg("--output-format")
        .arg("json")
        .arg("--output")
        .arg(&results)
        // A wide, plain table in the output a failing test prints.
        .env("COLUMNS", "200")
        .env("NO_COLOR", "1");
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("DATACONTRACT_") {
            cmd.env_remove(k);
        }
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let finished = util::run_with_deadline(&mut cmd, limit);
    let json = std::fs::read_to_string(&results).unwrap_or_else(|e| {
        panic!(
            "datacontract {args:?} wrote no results ({e}); it exited {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            finished.status, finished.stdout, finished.stderr
        )
    });
    let value = serde_json::from_str(&json).expect("datacontract's JSON results");
    (finished, value)
}

/// The checks of a run that did not pass, one line each:
/// `result type "name" (field): reason`.
fn not_passed(results: &Value) -> Vec<String> {
    checks(results)
        .filter(|c| c["result"] != "passed")
        .map(|c| {
            format!(
                "{} {} {:?}{}: {}",
                c["result"].as_str().unwrap_or("?"),
                c["type"].as_str().unwrap_or("?"),
                c["name"].as_str().unwrap_or(""),
                c["field"]
                    .as_str()
                    .map(|f| format!(" ({f})"))
                    .unwrap_or_default(),
                c["reason"].as_str().unwrap_or("")
            )
        })
        .collect()
}

fn checks(results: &Value) -> impl Iterator<Item = &Value> {
    results["checks"].as_array().into_iter().flatten()
}

fn read_canvas(path: &Path) -> Canvas {
    format::read_canvas_file(path).unwrap_or_else(|e| panic!("{e}"))
}

fn contracts(files: Vec<ExportedFile>) -> Vec<ExportedFile> {
    files.into_iter().filter(|f| f.kind == "odcs").collect()
}

/// `datacontract lint` of one file: `Err` with the checks that did not pass
/// (a warning counts) when its verdict is anything but `passed`.
fn lint(bin: &Path, contract: &Path) -> Result<(), String> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let location = contract.to_string_lossy();
    let (finished, results) =
        run_datacontract(bin, dir.path(), &["lint", &location], &[], LINT_LIMIT);
    if results["result"] == "passed" && finished.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{} (exit {})\n    {}",
            results["result"],
            finished.status,
            not_passed(&results).join("\n    ")
        ))
    }
}

/// Every contract the example mesh exports, in both ODCS versions, passes
/// `datacontract lint`: valid against the tool's copy of the official
/// schema, with no warning (unknown fields, quality rules it could not run).
/// In YAML every contract; in JSON, which encodes the same document, those
/// of one product, to prove the tool reads that encoding too: each lint is a
/// whole Python process of one to three seconds.
#[test]
fn every_exported_contract_of_the_example_mesh_passes_datacontract_lint() {
    let Some(bin) = datacontract() else { return };
    let canvases: Vec<Canvas> = util::example_canvases()
        .iter()
        .map(|p| read_canvas(p))
        .collect();
    let dir = tempfile::tempdir().expect("temporary folder");

    let mut jobs = Vec::new();
    for encoding in [ManifestEncoding::Yaml, ManifestEncoding::Json] {
        for odcs_version in [OdcsVersion::V3_1_0, OdcsVersion::V3_2_0] {
            let opts = ExportOptions {
                encoding,
                odcs_version,
                allow_findings: true,
                ..Default::default()
            };
            let files = manifest::export_files(&canvases, &opts).unwrap_or_else(|e| panic!("{e}"));
            let root = dir.path().join(format!("{encoding:?}-{odcs_version:?}"));
            for f in contracts(files) {
                if encoding == ManifestEncoding::Json && f.product_id != "orders" {
                    continue;
                }
                let path = root.join(&f.path);
                std::fs::create_dir_all(path.parent().expect("bundle path has a folder"))
                    .expect("create the bundle folder");
                std::fs::write(&path, &f.content).expect("write the contract");
                jobs.push(path);
            }
        }
    }
    let ports: usize = canvases.iter().map(|c| c.output_ports.len()).sum();
    assert!(
        ports >= canvases.len() && jobs.len() > 2 * ports,
        "the example mesh exported only {} contracts for {ports} output ports",
        jobs.len()
    );

    // Two at a time, on the two cores.
    let failures: Vec<String> = std::thread::scope(|s| {
        let chunks: Vec<&[PathBuf]> = jobs.chunks(jobs.len().div_ceil(2)).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                let (bin, root) = (&bin, dir.path());
                s.spawn(move || {
                    let mut failures = Vec::new();
                    for path in chunk {
                        if let Err(why) = lint(bin, path) {
                            let shown = path.strip_prefix(root).unwrap_or(path);
                            failures.push(format!("{}: {why}", shown.display()));
                        }
                    }
                    failures
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("lint thread"))
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} exported contracts do not pass `datacontract lint`:\n{}",
        failures.len(),
        jobs.len(),
        failures.join("\n")
    );
}

/// The judgement above can fail: a contract with a logical type ODCS does
/// not have is rejected, naming the place.
#[test]
fn datacontract_lint_rejects_an_exported_contract_made_invalid() {
    let Some(bin) = datacontract() else { return };
    let dir = tempfile::tempdir().expect("temporary folder");
    let (path, _) = shop_contract(dir.path());
    let mut contract: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
    contract["schema"][0]["properties"][2]["logicalType"] = json!("money");
    std::fs::write(&path, contract.to_string()).expect("write");

    let why = lint(&bin, &path).expect_err("an invalid contract fails lint");
    assert!(
        why.starts_with("\"failed\"") && why.contains("logicalType") && why.contains("'money'"),
        "{why}"
    );
}

/// The database, its schemas and the sample rows for the canvas
/// `tests/fixtures/dcli/shop-orders.canvas.json`.
const DATABASE: &str = "shop";

/// The table `orders` as the canvas designed it, in `schema`, with `rows`
/// (SQL value tuples), created by the role datacontract-cli logs in as.
fn load_orders(pg: &pg::Postgres, schema: &str, rows: &[&str]) {
    pg.psql(
        DATABASE,
        &format!(
            "SET ROLE {user};\n\
             CREATE SCHEMA {schema};\n\
             CREATE TABLE {schema}.orders (\n\
                 order_id text, customer_id text, amount numeric(12,2),\n\
                 placed_at timestamp with time zone, status text);\n\
             INSERT INTO {schema}.orders VALUES\n{rows};",
            user = pg::CLIENT_USER,
            rows = rows.join(",\n")
        ),
    );
}

const GOOD_ROWS: [&str; 3] = [
    "('NW-1', 'C-1', 59.90, '2026-11-02 10:15:00+01', 'shipped')",
    "('NW-2', 'C-2', 0.00, '2026-11-02 11:00:00+01', NULL)",
    "('NW-3', 'C-1', 120.00, '2026-11-03 09:30:00+01', 'picked')",
];

/// The exported contract of the shop canvas, ready for `datacontract
/// test`, in `dir`; returns its path and the name of its PostgreSQL server.
fn shop_contract(dir: &Path) -> (PathBuf, String) {
    let canvas = read_canvas(&util::fixture("dcli/shop-orders.canvas.json"));
    let opts = ExportOptions {
        encoding: ManifestEncoding::Json,
        odcs_version: OdcsVersion::V3_1_0,
        allow_findings: true,
        ..Default::default()
    };
    let files = manifest::export_files(std::slice::from_ref(&canvas), &opts)
        .unwrap_or_else(|e| panic!("{e}"));
    let [file] = &contracts(files)[..] else {
        panic!("the shop canvas has one output port, so one contract")
    };
    let mut contract: Value = serde_json::from_str(&file.content).expect("exported JSON");

    let postgres = |servers: &Value| {
        servers.as_array().into_iter().flatten().find_map(|s| {
            (s["type"] == "postgres").then(|| s["server"].as_str().unwrap_or_default().to_owned())
        })
    };
    let server = if let Some(name) = postgres(&contract["servers"]) {
        name
    } else {
        // TEMPORARY: the export does not write `servers` yet (issue 10,
        // item 5). Until it does, the server the canvas means (its port's
        // technology and location) is added here by hand so that the
        // harness runs end to end; remove this branch when the export
        // writes servers. Host, port, database and schema are pointed at
        // the throwaway cluster by the environment either way.
        assert!(
            contract.get("servers").is_none(),
            "the contract has servers, none of type postgres: {}",
            contract["servers"]
        );
        contract["servers"] = json!([{
            "server": "shop-postgres",
            "type": "postgres",
            "host": "localhost",
            "port": 5432,
            "database": DATABASE,
            "schema": "public",
        }]);
        "shop-postgres".to_owned()
    };
    let path = dir.join(
        Path::new(&file.path)
            .file_name()
            .expect("contract file name"),
    );
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&contract).expect("encode"),
    )
    .expect("write the contract");
    (path, server)
}

/// What `datacontract test` needs to reach `schema` of the throwaway
/// cluster, whatever host the contract's server names: credentials and the
/// documented overrides of the server's location.
fn connection(pg: &pg::Postgres, schema: &str) -> Vec<(&'static str, String)> {
    vec![
        ("DATACONTRACT_POSTGRES_USERNAME", pg::CLIENT_USER.to_owned()),
        (
            "DATACONTRACT_POSTGRES_PASSWORD",
            pg::CLIENT_PASSWORD.to_owned(),
        ),
        ("DATACONTRACT_POSTGRES_HOST", "127.0.0.1".to_owned()),
        (
            "DATACONTRACT_POSTGRES_PORT",
            pg::Postgres::port(pg).to_string(),
        ),
        ("DATACONTRACT_POSTGRES_DATABASE", DATABASE.to_owned()),
        ("DATACONTRACT_POSTGRES_SCHEMA", schema.to_owned()),
    ]
}

/// The cluster, or `None` (skip) when PostgreSQL is not installed.
fn postgres() -> Option<pg::Postgres> {
    match pg::bindir() {
        Some(bindir) => Some(pg::Postgres::start(&bindir, DATABASE)),
        None => missing(
            "PostgreSQL's initdb/pg_ctl were not found (pg_config --bindir, /usr/lib/postgresql/*/bin)",
        ),
    }
}

fn datacontract_test(
    bin: &Path,
    contract: &Path,
    server: &str,
    pg: &pg::Postgres,
    schema: &str,
) -> (util::Finished, Value) {
    let dir = contract.parent().expect("contract folder");
    let location = contract.to_string_lossy();
    run_datacontract(
        bin,
        dir,
        &["test", &location, "--server", server],
        &connection(pg, schema),
        TEST_LIMIT,
    )
}

/// The contract's schema checks (presence, physical types, required, the
/// primary key) run against the table the canvas designed, and all pass on
/// good rows.
#[test]
fn an_exported_contract_passes_datacontract_test_on_good_rows_in_postgres() {
    let Some(bin) = datacontract() else { return };
    let Some(pg) = postgres() else { return };
    load_orders(&pg, "good", &GOOD_ROWS);
    let dir = tempfile::tempdir().expect("temporary folder");
    let (contract, server) = shop_contract(dir.path());

    let (finished, results) = datacontract_test(&bin, &contract, &server, &pg, "good");
    let ran: Vec<&str> = checks(&results)
        .filter_map(|c| c["type"].as_str())
        .collect();
    assert!(
        results["result"] == "passed" && finished.status.success(),
        "datacontract test: {} (exit {})\n{}\n--- stdout ---\n{}\n--- server log ---\n{}",
        results["result"],
        finished.status,
        not_passed(&results).join("\n"),
        finished.stdout,
        pg.log()
    );
    // The designed columns were really checked, not skipped.
    for expected in [
        "field_is_present",
        "field_required",
        "field_primary_key_unique",
    ] {
        assert!(ran.contains(&expected), "no {expected} check ran: {ran:?}");
    }
}

/// A null in a required column and a duplicate primary key each fail the
/// run, and the results name the check and the column.
#[test]
fn datacontract_test_fails_naming_the_check_on_a_bad_row_in_postgres() {
    let Some(bin) = datacontract() else { return };
    let Some(pg) = postgres() else { return };
    let null_customer = "('NW-4', NULL, 15.00, '2026-11-04 12:00:00+01', NULL)";
    let duplicate_order = "('NW-1', 'C-9', 15.00, '2026-11-04 12:00:00+01', NULL)";
    load_orders(
        &pg,
        "null_customer",
        &[GOOD_ROWS[0], GOOD_ROWS[1], null_customer],
    );
    load_orders(
        &pg,
        "duplicate_order",
        &[GOOD_ROWS[0], GOOD_ROWS[1], duplicate_order],
    );
    let dir = tempfile::tempdir().expect("temporary folder");
    let (contract, server) = shop_contract(dir.path());

    for (schema, check_type, field) in [
        ("null_customer", "field_required", "customer_id"),
        ("duplicate_order", "field_primary_key_unique", "order_id"),
    ] {
        let (finished, results) = datacontract_test(&bin, &contract, &server, &pg, schema);
        let failed = not_passed(&results);
        assert_eq!(
            results["result"], "failed",
            "{schema}: {failed:?}\n{}",
            finished.stdout
        );
        assert!(
            !finished.status.success(),
            "{schema}: datacontract test exited 0 on a failed run"
        );
        // Only checks of the broken column fail (a quality rule on it may
        // fail too, beside the schema check).
        let failed_checks: Vec<&Value> = checks(&results)
            .filter(|c| c["result"] != "passed")
            .collect();
        assert!(
            failed_checks.iter().all(|c| c["field"] == field),
            "{schema}: checks of other columns fail too: {failed:#?}"
        );
        let check = failed_checks
            .iter()
            .find(|c| c["type"] == check_type)
            .unwrap_or_else(|| panic!("{schema}: no failed {check_type} check: {failed:#?}"));
        let name = check["name"].as_str().unwrap_or_default();
        assert!(
            name.contains(field),
            "{schema}: the failed check's name does not say which column: {name:?}"
        );
        assert!(
            finished.stdout.contains(name),
            "{schema}: datacontract's report does not name the failed check {name:?}:\n{}",
            finished.stdout
        );
    }
}

/// The canvas's quality checks (its Observability block) reach the
/// contract as ODCS `quality` rules that datacontract-cli runs: they pass on
/// good rows, and a negative amount fails the one rule about amounts, named
/// by the canvas's id or name for it.
#[test]
fn the_canvas_quality_checks_run_in_datacontract_test_and_name_the_failed_rule() {
    let Some(bin) = datacontract() else { return };
    let Some(pg) = postgres() else { return };
    load_orders(&pg, "good", &GOOD_ROWS);
    let negative = "('NW-5', 'C-3', -12.50, '2026-11-05 08:00:00+01', NULL)";
    load_orders(&pg, "negative_amount", &[GOOD_ROWS[0], negative]);
    let dir = tempfile::tempdir().expect("temporary folder");
    let (contract, server) = shop_contract(dir.path());

    let (finished, results) = datacontract_test(&bin, &contract, &server, &pg, "good");
    let quality: Vec<&Value> = checks(&results)
        .filter(|c| c["category"] == "quality")
        .collect();
    assert!(
        results["result"] == "passed" && quality.len() >= 2,
        "on good rows the canvas's two quality checks run and pass: {} with {} quality checks\n{}\n{}",
        results["result"],
        quality.len(),
        not_passed(&results).join("\n"),
        finished.stdout
    );

    let (finished, results) = datacontract_test(&bin, &contract, &server, &pg, "negative_amount");
    let failed: Vec<&Value> = checks(&results)
        .filter(|c| c["result"] != "passed")
        .collect();
    let names_the_rule = |c: &&Value| {
        c["qualityId"] == "amount-non-negative"
            || c["name"]
                .as_str()
                .is_some_and(|n| n.contains("Amounts non-negative"))
    };
    assert!(
        results["result"] == "failed"
            && failed.len() == 1
            && failed.iter().all(|c| c["category"] == "quality")
            && failed.iter().all(names_the_rule),
        "a negative amount fails exactly the canvas's amount rule, by its id or name:\n{}\n{}",
        not_passed(&results).join("\n"),
        finished.stdout
    );
}
