//! `meshcanvas check` on ODPS products and ODCS contracts: the findings of
//! the canvas each is read as, placed at the manifest's own file, line and
//! JSON pointer, in every output format; a malformed manifest named, the
//! rest still checked.

use std::path::{Path, PathBuf};

use crate::util;

fn standards_dir() -> PathBuf {
    util::repo_path("canvas-schemas/standards")
}

fn run(args: &[&str], standards: &Path, dir: &Path) -> (i32, String, String) {
    util::outcome(
        util::meshcanvas()
            .args(args)
            .arg("--standards")
            .arg(standards)
            .current_dir(dir),
    )
}

/// A contract whose second property holds PII with no classification
/// level: `pii-field-is-confidential-or-restricted` fails on it.
const PII_CONTRACT: &str = "\
apiVersion: v3.1.0
kind: DataContract
id: shipments
name: Shipments
version: 1.0.0
status: active
domain: logistics
description:
  purpose: Every parcel shipped, one row per parcel.
schema:
  - name: shipments
    physicalType: table
    properties:
      - name: shipment_id
        logicalType: string
        description: The parcel's id.
      - name: recipient_email
        logicalType: string
        description: Where the tracking link goes.
        tags: [pii]
slaProperties:
  - property: freshness
    value: 1
    unit: h
  - property: availability
    value: 99.5
    unit: '%'
";

/// The line (1-based) of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .expect("needle in text")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&path, text).expect("write");
    path
}

/// A standards folder with only the port and field rules of the global
/// pack: a lone contract has no product owner or licence to satisfy the
/// product rules with.
fn port_and_field_standards(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(standards_dir().join("global.pack.json")).expect("pack");
    let mut pack: serde_json::Value = serde_json::from_str(&text).expect("pack is JSON");
    let keep = [
        "output-port-has-schema",
        "output-port-has-description",
        "output-port-has-freshness-slo",
        "output-port-has-availability-slo",
        "field-has-description",
        "pii-field-is-confidential-or-restricted",
    ];
    if let Some(rules) = pack["rules"].as_array_mut() {
        rules.retain(|r| r["id"].as_str().is_some_and(|id| keep.contains(&id)));
    }
    pack.as_object_mut().map(|m| m.remove("$schema"));
    let out = dir.join("standards");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(
        out.join("ports.pack.json"),
        serde_json::to_string_pretty(&pack).expect("json"),
    )
    .expect("write pack");
    out
}

#[test]
fn a_contract_s_finding_names_the_contract_file_line_and_pointer() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "contracts/shipments.odcs.yaml", PII_CONTRACT);
    let (code, out, err) = run(&["check", "contracts"], &standards_dir(), tmp.path());
    assert_eq!(code, 1, "{out}{err}");
    let line = out
        .lines()
        .find(|l| l.contains("pii-field-is-confidential-or-restricted"))
        .expect("the PII finding");
    let at = line_of(PII_CONTRACT, "- name: recipient_email");
    assert!(
        line.starts_with(&format!(
            "contracts/shipments.odcs.yaml:{at}:7 /schema/0/properties/1  error  \
             pii-field-is-confidential-or-restricted"
        )),
        "{line}"
    );
    // The product's version is the contract's own `version:` line.
    assert!(
        out.contains("1 canvases checked (1 read from manifests)"),
        "{out}"
    );
}

#[test]
fn every_format_carries_the_manifest_s_path_line_and_pointer() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "shipments.odcs.yaml", PII_CONTRACT);
    let at = line_of(PII_CONTRACT, "- name: recipient_email");
    let rule = "pii-field-is-confidential-or-restricted";

    let (code, out, _) = run(
        &["check", "shipments.odcs.yaml", "--format", "json"],
        &standards_dir(),
        tmp.path(),
    );
    assert_eq!(code, 1, "{out}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let canvas = &doc["canvases"][0];
    assert_eq!(canvas["source"], "manifest");
    assert_eq!(canvas["file"], "shipments.odcs.yaml");
    let f = canvas["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["ruleId"] == rule))
        .expect("finding");
    assert_eq!(
        f["pointer"],
        "/outputPorts/0/objects/0/fields/1/classification"
    );
    assert_eq!(f["location"]["file"], "shipments.odcs.yaml");
    assert_eq!(f["location"]["line"], at);
    assert_eq!(f["location"]["pointer"], "/schema/0/properties/1");

    let (_, out, _) = run(
        &["check", "shipments.odcs.yaml", "--format", "sarif"],
        &standards_dir(),
        tmp.path(),
    );
    let doc: serde_json::Value = serde_json::from_str(&out).expect("SARIF is JSON");
    let r = doc["runs"][0]["results"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["ruleId"] == rule))
        .expect("result");
    let loc = &r["locations"][0];
    assert_eq!(
        loc["physicalLocation"]["artifactLocation"]["uri"],
        "shipments.odcs.yaml"
    );
    assert_eq!(loc["physicalLocation"]["region"]["startLine"], at);
    assert_eq!(
        loc["logicalLocations"][0]["fullyQualifiedName"],
        "/schema/0/properties/1"
    );
    assert_eq!(
        r["properties"]["canvasPointer"],
        "/outputPorts/0/objects/0/fields/1/classification"
    );

    let (_, out, _) = run(
        &["check", "shipments.odcs.yaml", "--format", "junit"],
        &standards_dir(),
        tmp.path(),
    );
    assert!(
        out.contains("<testsuite name=\"shipments.odcs.yaml\""),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "shipments.odcs.yaml:{at}:7 /schema/0/properties/1 {rule}: "
        )),
        "{out}"
    );
}

#[test]
fn a_clean_contract_passes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let standards = port_and_field_standards(tmp.path());
    let clean = PII_CONTRACT.replace(
        "tags: [pii]",
        "tags: [pii]\n        classification: confidential",
    );
    write(tmp.path(), "shipments.odcs.yaml", &clean);
    let (code, out, err) = run(&["check", "shipments.odcs.yaml"], &standards, tmp.path());
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0 invalid: 0 errors, 0 warnings"), "{out}");
    // The same standards still fail the PII contract: the pass is earned.
    write(tmp.path(), "pii.odcs.yaml", PII_CONTRACT);
    let (code, out, _) = run(&["check", "pii.odcs.yaml"], &standards, tmp.path());
    assert_eq!(code, 1, "{out}");
}

#[test]
fn the_example_mesh_s_export_checks_as_its_canvases_do() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bundle = tmp.path().join("bundle");
    let out = util::meshcanvas()
        .args(["export", "examples/", "--out"])
        .arg(&bundle)
        .current_dir(util::repo())
        .output()
        .expect("export runs");
    assert!(out.status.success(), "{out:?}");
    let (code, canvases, _) = run(&["check", "examples/"], &standards_dir(), &util::repo());
    assert_eq!(code, 0, "{canvases}");
    let (code, manifests, err) = run(
        &["check", "products/", "contracts/"],
        &standards_dir(),
        &bundle,
    );
    assert_eq!(code, 0, "{manifests}{err}");
    let tally = |s: &str| {
        s.lines()
            .last()
            .and_then(|l| l.split_once(" invalid: "))
            .map(|(_, t)| t.to_owned())
            .unwrap_or_default()
    };
    assert_eq!(tally(&manifests), tally(&canvases), "{manifests}");
    assert!(
        manifests.contains("12 canvases checked (12 read from manifests), 0 invalid"),
        "{manifests}"
    );
    // The waived findings are placed in the contracts.
    assert!(
        manifests.lines().any(
            |l| l.starts_with("contracts/marketing/campaign-performance/")
                && l.contains(".odcs.yaml:")
                && l.contains("/schema/0/properties/")
        ),
        "{manifests}"
    );
}

#[test]
fn a_malformed_manifest_is_named_and_the_rest_still_checked() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "in/shipments.odcs.yaml", PII_CONTRACT);
    write(
        tmp.path(),
        "in/broken.odcs.yaml",
        "apiVersion: v3.1.0\nkind: DataContract\nid: broken\nschema:\n  - name: t\n    properties: 5\n",
    );
    write(
        tmp.path(),
        "in/unclosed.odcs.json",
        "{\"kind\": \"DataContract\",\n  \"id\": [1\n",
    );
    // Another tool's name for a contract, known by its `kind`.
    write(
        tmp.path(),
        "in/datacontract.yaml",
        &PII_CONTRACT.replace("id: shipments", "id: parcels"),
    );
    // Not a manifest: passed over.
    write(tmp.path(), "in/other.yaml", "kind: Deployment\n");
    let (code, out, err) = run(&["check", "in"], &standards_dir(), tmp.path());
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(
            "in/broken.odcs.yaml:6:5 /schema/0/properties: expected a list, found a number"
        ),
        "{out}"
    );
    assert!(out.contains("in/unclosed.odcs.json:"), "{out}");
    assert!(
        out.contains("2 canvases checked (2 read from manifests), 2 invalid"),
        "{out}"
    );
    assert!(out.contains("in/datacontract.yaml:"), "{out}");
    assert!(!out.contains("other.yaml"), "{out}");

    let (_, out, _) = run(
        &["check", "in", "--format", "sarif"],
        &standards_dir(),
        tmp.path(),
    );
    let doc: serde_json::Value = serde_json::from_str(&out).expect("SARIF is JSON");
    let invalid: Vec<&serde_json::Value> = doc["runs"][0]["results"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|r| r["ruleId"] == "manifest-file-is-valid")
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(invalid.len(), 2, "{out}");
    assert_eq!(
        invalid[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        6
    );
}

#[test]
fn canvases_and_manifests_are_checked_as_one_mesh() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // A canvas whose input port reads the contract's product: the
    // reference resolves only when both are checked together.
    let mut canvas = meshcanvas::standards::synth::mesh(1, 1, 7).remove(0);
    canvas.input_ports.clear();
    canvas.input_ports.push(meshcanvas::model::InputPort {
        id: "parcels".to_owned(),
        name: "Parcels".to_owned(),
        source: meshcanvas::model::InputSource::Product {
            product_id: "shipments".to_owned(),
            port_id: "shipments".to_owned(),
        },
        description: String::new(),
        expects: Vec::new(),
        contract_id: None,
        version: String::new(),
    });
    meshcanvas::format::write_canvas_file(&tmp.path().join("reader.canvas.json"), &canvas)
        .expect("write canvas");
    write(tmp.path(), "shipments.odcs.yaml", PII_CONTRACT);
    let rule = "input-port-reference-resolves";
    let (_, alone, _) = run(
        &["check", "reader.canvas.json"],
        &standards_dir(),
        tmp.path(),
    );
    assert!(alone.contains(rule), "{alone}");
    let (_, both, _) = run(
        &["check", "reader.canvas.json", "shipments.odcs.yaml"],
        &standards_dir(),
        tmp.path(),
    );
    assert!(!both.contains(rule), "{both}");
    assert!(
        both.contains("2 canvases checked (1 read from manifests)"),
        "{both}"
    );
    assert!(both.contains("reader.canvas.json:"), "{both}");
    assert!(both.contains("shipments.odcs.yaml:"), "{both}");
}

/// The official examples of `../shared/conformance` all check: each is
/// read and checked, or named as a document this build cannot read, and
/// nothing crashes.
#[test]
fn the_official_examples_all_check_without_crashing() {
    if !util::shared_present("conformance") {
        return;
    }
    let dir = util::shared().join("conformance");
    let (code, out, err) = run(&["check", "."], &standards_dir(), &dir);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    assert!(err.is_empty(), "{err}");
    let summary = out.lines().last().unwrap_or_default();
    let checked: usize = summary
        .split_once(" canvases checked")
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or(0);
    let manifests = count_manifests(&dir);
    let invalid: usize = summary
        .split_once(", ")
        .and_then(|(_, rest)| rest.split_once(" invalid"))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or(usize::MAX);
    println!("{summary} ({manifests} manifest files)");
    assert!(checked > 0, "{out}");
    assert!(
        checked + invalid <= manifests,
        "{summary}: {manifests} files"
    );
}

/// The `*.odps.*` and `*.odcs.*` files below `dir`.
fn count_manifests(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| {
            let path = e.path();
            if path.is_dir() {
                count_manifests(&path)
            } else {
                usize::from(meshcanvas::manifest::find::is_manifest_name(
                    &e.file_name().to_string_lossy(),
                ))
            }
        })
        .sum()
}
