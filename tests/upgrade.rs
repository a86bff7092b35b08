//! Format version 1 canvases open in this build, upgraded to version 2 with
//! nothing lost: files (and `meshcanvas fmt` rewrites them), and workspaces,
//! whose revisions keep the bytes they were saved with.

use std::path::Path;

use meshcanvas::format::{parse_canvas_bytes, parse_canvas_str, to_canonical_json};
use meshcanvas::model::{FORMAT_VERSION, FieldRefs};
use meshcanvas::store::Workspace;
use serde_json::json;

use crate::util;

/// The example mesh as it was committed in format version 1.
fn v1_examples() -> Vec<std::path::PathBuf> {
    util::files_below(&util::repo_path("tests/fixtures/canvases-v1"))
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".canvas.json"))
        .collect()
}

#[test]
fn every_version_1_example_reads_as_its_version_2_file() {
    let v1 = v1_examples();
    assert_eq!(v1.len(), 12, "{v1:?}");
    for rel in &v1 {
        let old = util::repo_path("tests/fixtures/canvases-v1").join(rel);
        let new = util::repo_path("examples").join(rel);
        let old_bytes = std::fs::read(&old).expect("v1 file");
        assert!(
            String::from_utf8_lossy(&old_bytes).contains("\"formatVersion\": 1"),
            "{rel:?} is a version 1 file"
        );
        let upgraded = parse_canvas_bytes(&old, &old_bytes).expect("a v1 file opens");
        assert_eq!(upgraded.format_version, FORMAT_VERSION);
        let committed = std::fs::read_to_string(&new).expect("v2 example");
        if rel.ends_with("inventory/product-catalog.canvas.json") {
            // Since upgraded, the example's port got a second table
            // (suppliers) and a relationship to it: without them, it is
            // what the upgrade made.
            let mut later = parse_canvas_str(&new, &committed).expect("example");
            let port = &mut later.output_ports[0];
            assert_eq!(port.objects.len(), 2);
            port.objects.truncate(1);
            port.objects[0].relationships.clear();
            assert_eq!(upgraded, later);
        } else {
            // Written out, the upgraded file is the committed version 2
            // example byte for byte: what `meshcanvas fmt` made of it.
            assert_eq!(to_canonical_json(&upgraded), committed, "{rel:?}");
        }
        let v1: serde_json::Value = serde_json::from_slice(&old_bytes).expect("json");
        for (i, port) in v1["outputPorts"]
            .as_array()
            .expect("ports")
            .iter()
            .enumerate()
        {
            let o = &upgraded.output_ports[i].objects;
            assert_eq!(o.len(), 1, "{rel:?} port {i}");
            assert_eq!(
                o[0].physical_name,
                port["location"].as_str().unwrap_or_default()
            );
            assert_eq!(
                serde_json::to_value(&o[0].fields).expect("fields"),
                port["schema"],
                "{rel:?} port {i}: the fields are the v1 schema"
            );
            let quality = port.get("quality").cloned().unwrap_or(json!([]));
            assert_eq!(
                serde_json::to_value(&o[0].quality).expect("quality"),
                quality
            );
        }
    }
}

#[test]
fn fmt_rewrites_a_version_1_file_as_version_2() {
    let dir = tempfile::tempdir().expect("tmp");
    let from = util::repo_path("tests/fixtures/canvases-v1/sales/orders.canvas.json");
    let file = dir.path().join("orders.canvas.json");
    std::fs::copy(&from, &file).expect("copy");
    util::meshcanvas()
        .args(["fmt", "--check"])
        .arg(&file)
        .assert()
        .code(1);
    util::meshcanvas().arg("fmt").arg(&file).assert().success();
    assert_eq!(
        std::fs::read_to_string(&file).expect("rewritten"),
        std::fs::read_to_string(util::repo_path("examples/sales/orders.canvas.json"))
            .expect("example")
    );
    util::meshcanvas()
        .args(["fmt", "--check"])
        .arg(&file)
        .assert()
        .success();
}

/// A version 1 port as import made it of a contract with two schema
/// objects, one with a quality rule and a relationship.
fn v1_with_two_objects() -> serde_json::Value {
    json!({
        "$schema": "https://meshcanvas.dev/schemas/canvas-v1.schema.json",
        "formatVersion": 1,
        "domain": {"name": "sales"},
        "product": {"id": "orders", "name": "Orders"},
        "outputPorts": [{
            "id": "orders", "name": "Orders", "kind": "table",
            "contractId": "orders-contract",
            "schema": [
                {"name": "orders", "logicalType": "object", "physicalType": "table",
                 "description": "One row per order.",
                 "fields": [{"name": "order_id", "logicalType": "string",
                             "extensions": {"businessName": "Order number"}}]},
                {"name": "lines", "logicalType": "object", "physicalType": "table",
                 "fields": [{"name": "order_id", "logicalType": "string"},
                            {"name": "sku", "logicalType": "string"}]}
            ],
            "extensions": {
                "meshcanvas.schemaObjects": [
                    {"name": "orders", "logicalType": "object", "physicalType": "table",
                     "physicalName": "SALES.ORDERS", "description": "One row per order.",
                     "dataGranularityDescription": "order",
                     "properties": [{"name": "order_id", "logicalType": "string",
                                     "businessName": "Order number"}]},
                    {"name": "lines", "logicalType": "object", "physicalType": "table",
                     "physicalName": "SALES.ORDER_LINES",
                     "quality": [{"type": "library", "metric": "rowCount",
                                  "mustBeGreaterThan": 0}],
                     "relationships": [{"type": "foreignKey", "from": "lines.order_id",
                                        "to": "orders.order_id"}],
                     "properties": [{"name": "order_id", "logicalType": "string"},
                                    {"name": "sku", "logicalType": "string"}]}
                ],
                "price": {"priceAmount": 10, "priceCurrency": "EUR", "priceUnit": "month"}
            }
        }],
        "waivers": [
            {"ruleId": "field-has-description", "reason": "Mirrors the OMS.",
             "pointer": "/outputPorts/0/schema/1/fields/1/description"},
            {"ruleId": "product-has-purpose", "reason": "Later.", "pointer": "/product/purpose"}
        ]
    })
}

#[test]
fn a_version_1_port_with_several_objects_gets_them_as_tables() {
    let text = v1_with_two_objects().to_string();
    let c = parse_canvas_str(Path::new("two.canvas.json"), &text).expect("upgrades");
    let port = &c.output_ports[0];
    assert!(port.extensions.is_empty(), "{:?}", port.extensions);
    let names: Vec<&str> = port.objects.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["orders", "lines"]);
    let (orders, lines) = (&port.objects[0], &port.objects[1]);
    assert_eq!(orders.physical_name, "SALES.ORDERS");
    assert_eq!(orders.description, "One row per order.");
    assert_eq!(orders.fields[0].business_name, "Order number");
    assert!(orders.fields[0].extensions.is_empty());
    assert_eq!(
        orders.extensions.get("dataGranularityDescription"),
        Some(&json!("order"))
    );
    assert_eq!(lines.physical_name, "SALES.ORDER_LINES");
    assert_eq!(lines.fields.len(), 2);
    assert_eq!(lines.quality.len(), 1);
    assert_eq!(lines.quality[0].metric, "rowCount");
    assert_eq!(
        lines.quality[0].extensions.get("mustBeGreaterThan"),
        Some(&json!(0))
    );
    assert_eq!(lines.relationships.len(), 1);
    assert_eq!(
        lines.relationships[0].to,
        FieldRefs::One("orders.order_id".to_owned())
    );
    // A waiver still names its finding's place.
    assert_eq!(
        c.waivers[0].pointer,
        "/outputPorts/0/objects/1/fields/1/description"
    );
    assert_eq!(c.waivers[1].pointer, "/product/purpose");
    let price = port.pricing.as_ref().expect("pricing");
    assert_eq!(
        price.amount.as_ref().map(ToString::to_string).as_deref(),
        Some("10")
    );
    assert_eq!(
        (price.currency.as_str(), price.unit.as_str()),
        ("EUR", "month")
    );

    // Exported, the contract has both objects as they were.
    let contract =
        meshcanvas::manifest::odcs_export::export(&c, port, meshcanvas::wire::OdcsVersion::V3_1_0);
    let schema = contract["schema"].as_array().expect("schema");
    assert_eq!(schema.len(), 2);
    assert_eq!(schema[1]["physicalName"], "SALES.ORDER_LINES");
    assert_eq!(schema[1]["relationships"][0]["to"], "orders.order_id");
    assert_eq!(schema[1]["quality"][0]["mustBeGreaterThan"], 0);
    assert_eq!(schema[0]["properties"][0]["businessName"], "Order number");
    assert_eq!(contract["price"]["priceAmount"], 10);
    assert!(
        contract["price"]["priceAmount"].is_u64(),
        "an integer stays one"
    );
}

#[test]
fn a_version_1_file_that_does_not_read_names_its_place_in_version_2() {
    let mut doc = v1_with_two_objects();
    doc["outputPorts"][0]["schema"][1]["fields"][1]["logicalType"] = json!("banana");
    let err = parse_canvas_str(Path::new("bad.canvas.json"), &doc.to_string())
        .expect_err("an unknown logical type");
    let text = err.to_string();
    assert!(text.contains("bad.canvas.json"), "{text}");
    assert!(
        text.contains("/outputPorts/0/objects/1/fields/1/logicalType"),
        "{text}"
    );
    assert!(text.contains("format version 1"), "{text}");
}

#[test]
fn a_workspace_of_version_1_revisions_opens_with_every_revision_kept() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("tmp");
        let ws = Workspace::create(&dir.path().join("old.meshcanvas.db"))
            .await
            .expect("workspace");
        // Imported folders keep their files' own bytes: a version 1 mesh.
        let report = ws
            .import_dir(&util::repo_path("tests/fixtures/canvases-v1"), "tester")
            .await
            .expect("import v1 files");
        assert_eq!(report.added.len(), 12, "{report:?}");
        let (rev, text) = ws.document_text("orders", None).await.expect("stored");
        assert!(text.contains("\"formatVersion\": 1"), "stored as written");
        let first = ws.load("orders").await.expect("opens as v2");
        assert_eq!(first.canvas.format_version, FORMAT_VERSION);
        assert_eq!(first.canvas.output_ports[0].objects.len(), 1);

        // An edit saves a version 2 revision on top; the first stays.
        let mut edited = first.canvas.clone();
        edited.output_ports[0].objects[0].fields[0].description = "Edited.".to_owned();
        let next = ws
            .save(&edited, Some(rev), "tester", "edit")
            .await
            .expect("save v2");
        let (_, old_text) = ws.document_text("orders", Some(rev)).await.expect("old");
        assert_eq!(
            old_text, text,
            "the version 1 revision is kept byte for byte"
        );
        let (_, new_text) = ws.document_text("orders", Some(next)).await.expect("new");
        assert!(new_text.contains("\"formatVersion\": 2"));
        let old = ws
            .revision("orders", rev)
            .await
            .expect("old revision reads");
        assert_eq!(old.canvas, first.canvas);

        // The diff across the upgrade is the one edit, not the format.
        let diff = ws.diff("orders", rev, next).await.expect("diff");
        let places: Vec<&str> = diff.entries.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(
            places,
            ["/outputPorts/0/objects/0/fields/0/description"],
            "{diff:?}"
        );
    });
}
