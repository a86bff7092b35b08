//! Change classification (`meshcanvas::change`, `meshcanvas diff`): each
//! rule on canvases, the CLI, and the verdicts judged against
//! datacontract-cli's `breaking` on pairs made from the official ODCS
//! examples, one kind of change at a time (issue 12).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use meshcanvas::change::{self, Change, Impact};
use meshcanvas::manifest;
use meshcanvas::model::{Canvas, DataClassification, Field, InputSource, LifecycleStatus};
use serde_json::{Value, json};

use crate::{dcli, util};

fn example(id: &str) -> Canvas {
    util::example_canvases()
        .into_iter()
        .map(|p| meshcanvas::format::read_canvas_file(&p).expect("example reads"))
        .find(|c| c.product.id == id)
        .unwrap_or_else(|| panic!("no example {id}"))
}

/// The one change of `before` → `after` that is not cosmetic (a rename,
/// a removal and an addition: the removal).
fn only(before: &Canvas, after: &Canvas) -> Change {
    let mut changes: Vec<Change> = change::classify(before, after)
        .into_iter()
        .filter(|c| c.impact != Impact::Cosmetic)
        .collect();
    changes.sort_by_key(|c| std::cmp::Reverse(c.impact));
    assert!(
        changes.len() == 1 || (changes.len() == 2 && changes[1].rule == "field-added"),
        "{changes:#?}"
    );
    changes.into_iter().next().expect("one")
}

fn first_field(c: &mut Canvas) -> &mut Field {
    &mut c.output_ports[0].objects[0].fields[0]
}

#[test]
fn each_rule_classifies_its_change() {
    let mut base = example("customer-consent");
    base.output_ports[0].objects[0]
        .fields
        .last_mut()
        .expect("fields")
        .required = false;
    type Edit = fn(&mut Canvas);
    let cases: &[(&str, Edit, Impact, &str)] = &[
        (
            "remove a field",
            |c| {
                c.output_ports[0].objects[0].fields.pop();
            },
            Impact::Breaking,
            "field-removed",
        ),
        (
            "rename a field",
            |c| first_field(c).name.push_str("_v2"),
            Impact::Breaking,
            "field-removed",
        ),
        (
            "change a type",
            |c| {
                let f = first_field(c);
                f.logical_type = if f.logical_type == meshcanvas::model::LogicalType::Integer {
                    meshcanvas::model::LogicalType::String
                } else {
                    meshcanvas::model::LogicalType::Integer
                };
            },
            Impact::Breaking,
            "type-changed",
        ),
        (
            "make a field optional",
            |c| {
                let f = c.output_ports[0].objects[0]
                    .fields
                    .iter_mut()
                    .find(|f| f.required)
                    .expect("a required field");
                f.required = false;
            },
            Impact::Breaking,
            "required-loosened",
        ),
        (
            "make a field required",
            |c| {
                let f = c.output_ports[0].objects[0]
                    .fields
                    .iter_mut()
                    .find(|f| !f.required)
                    .expect("an optional field");
                f.required = true;
            },
            Impact::NonBreaking,
            "required-tightened",
        ),
        (
            "remove an output port",
            |c| {
                c.output_ports.remove(0);
            },
            Impact::Breaking,
            "port-removed",
        ),
        (
            "move a table",
            |c| c.output_ports[0].objects[0].physical_name.push_str("_v2"),
            Impact::Breaking,
            "physical-name-changed",
        ),
        (
            "deprecate a port",
            |c| c.output_ports[0].status = LifecycleStatus::Deprecated,
            Impact::Breaking,
            "status-withdrawn",
        ),
        (
            "tighten a classification",
            |c| first_field(c).classification = Some(DataClassification::Restricted),
            Impact::Breaking,
            "classification-tightened",
        ),
        (
            "weaken freshness",
            |c| {
                let s = c.output_ports[0]
                    .slos
                    .iter_mut()
                    .find(|s| s.dimension == meshcanvas::model::SloDimension::Freshness)
                    .expect("freshness");
                s.target *= 4.0;
            },
            Impact::Breaking,
            "slo-weakened",
        ),
        (
            "tighten freshness",
            |c| {
                let s = c.output_ports[0]
                    .slos
                    .iter_mut()
                    .find(|s| s.dimension == meshcanvas::model::SloDimension::Freshness)
                    .expect("freshness");
                s.target /= 4.0;
            },
            Impact::NonBreaking,
            "slo-strengthened",
        ),
        (
            "lower availability",
            |c| {
                let s = c.output_ports[0]
                    .slos
                    .iter_mut()
                    .find(|s| s.dimension == meshcanvas::model::SloDimension::Availability)
                    .expect("availability");
                s.target = 90.0;
            },
            Impact::Breaking,
            "slo-weakened",
        ),
        (
            "change the product id",
            |c| c.product.id.push_str("-v2"),
            Impact::Breaking,
            "product-renamed",
        ),
        (
            "raise the version",
            |c| c.product.version = "9.0.0".into(),
            Impact::NonBreaking,
            "version",
        ),
    ];
    for (what, edit, impact, rule) in cases {
        let mut after = base.clone();
        edit(&mut after);
        let c = only(&base, &after);
        assert_eq!((c.impact, c.rule), (*impact, *rule), "{what}: {c:#?}");
    }
    // A sunset date: announced or later gives time, earlier takes it.
    let mut announced = base.clone();
    announced.output_ports[0].sunset = Some("2027-06-30".into());
    let c = only(&base, &announced);
    assert_eq!(
        (c.impact, c.rule),
        (Impact::NonBreaking, "sunset-announced")
    );
    let mut later = announced.clone();
    later.output_ports[0].sunset = Some("2027-09-30".into());
    let c = only(&announced, &later);
    assert_eq!(
        (c.impact, c.rule),
        (Impact::NonBreaking, "sunset-announced")
    );
    let c = only(&later, &announced);
    assert_eq!((c.impact, c.rule), (Impact::Breaking, "sunset-earlier"));
    assert!(
        c.reason.contains("2027-06-30") && c.reason.contains("2027-09-30"),
        "{}",
        c.reason
    );
    let c = only(&announced, &base);
    assert_eq!(
        (c.impact, c.rule),
        (Impact::NonBreaking, "sunset-withdrawn")
    );
    // Wording and layout break nothing.
    let mut after = base.clone();
    after.output_ports[0].description.push_str(" Clearer.");
    first_field(&mut after).description.push_str(" Clearer.");
    after.product.purpose.push_str(" Clearer.");
    let all = change::classify(&base, &after);
    assert_eq!(all.len(), 3, "{all:#?}");
    assert!(all.iter().all(|c| c.impact == Impact::Cosmetic), "{all:#?}");
    assert_eq!(change::overall(&all), Impact::Cosmetic);
}

#[test]
fn a_loosened_classification_is_a_privacy_risk_not_a_break() {
    let mut before = example("customer-consent");
    first_field(&mut before).classification = Some(DataClassification::Confidential);
    let mut after = before.clone();
    first_field(&mut after).classification = Some(DataClassification::Public);
    let c = only(&before, &after);
    assert_eq!(
        (c.impact, c.rule, c.privacy_risk),
        (Impact::NonBreaking, "classification-loosened", true)
    );
}

#[test]
fn a_breaking_change_names_the_products_that_read_the_port() {
    let mesh: Vec<Canvas> = util::example_canvases()
        .iter()
        .map(|p| meshcanvas::format::read_canvas_file(p).expect("reads"))
        .collect();
    let mut new = mesh.clone();
    let consent = new
        .iter_mut()
        .find(|c| c.product.id == "customer-consent")
        .expect("example");
    let port = consent.output_ports[0].id.clone();
    consent.output_ports[0].objects[0].fields.pop();
    let readers: Vec<String> = mesh
        .iter()
        .filter(|c| c.input_ports.iter().any(|i| matches!(&i.source, InputSource::Product { product_id, port_id } if product_id == "customer-consent" && *port_id == port)))
        .map(|c| c.product.id.clone())
        .collect();
    assert!(
        !readers.is_empty(),
        "the example mesh reads customer-consent"
    );
    let products = change::compare(&mesh, &new);
    assert_eq!(products.len(), 1, "{products:#?}");
    assert_eq!(products[0].impact, Impact::Breaking);
    assert_eq!(products[0].changes[0].breaks, readers);
    // A product removed breaks whatever reads any of its ports.
    let without: Vec<Canvas> = mesh
        .iter()
        .filter(|c| c.product.id != "customer-consent")
        .cloned()
        .collect();
    let products = change::compare(&mesh, &without);
    assert_eq!(products[0].changes[0].rule, "product-removed");
    assert!(
        readers
            .iter()
            .all(|r| products[0].changes[0].breaks.contains(r))
    );
}

#[test]
fn meshcanvas_diff_exits_1_on_a_break_and_prints_each_format() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = util::example_canvases()
        .into_iter()
        .find(|p| p.ends_with("customer-consent.canvas.json"))
        .expect("example");
    let old = tmp.path().join("old.canvas.json");
    std::fs::copy(&src, &old).expect("copy");
    let mut c = meshcanvas::format::read_canvas_file(&src).expect("reads");
    let gone = c.output_ports[0].objects[0]
        .fields
        .pop()
        .expect("a field")
        .name;
    let new = tmp.path().join("new.canvas.json");
    std::fs::write(&new, meshcanvas::format::to_canonical_json(&c)).expect("write");

    let out = util::meshcanvas()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("breaking      field-removed") && text.contains(&format!("field \"{gone}\"")),
        "{text}"
    );

    let out = util::meshcanvas()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["breaking"], true);
    assert_eq!(v["products"][0]["changes"][0]["rule"], "field-removed");
    assert_eq!(v["products"][0]["changes"][0]["field"], gone.as_str());

    let out = util::meshcanvas()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .args(["--format", "markdown"])
        .output()
        .expect("runs");
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        md.contains("**Breaking:** `customer-consent`")
            && md.contains("| breaking | `field-removed` |"),
        "{md}"
    );

    // The same file on both sides: nothing changed, exit 0.
    let out = util::meshcanvas()
        .arg("diff")
        .arg(&old)
        .arg(&old)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "no changes\n");
    // A side that does not exist or is not a canvas: exit 2, naming it.
    let out = util::meshcanvas()
        .arg("diff")
        .arg(&old)
        .arg(tmp.path().join("nope.canvas.json"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.canvas.json"));
    std::fs::write(
        tmp.path().join("broken.canvas.json"),
        "{ \"formatVersion\": ",
    )
    .expect("write");
    let out = util::meshcanvas()
        .arg("diff")
        .arg(&old)
        .arg(tmp.path().join("broken.canvas.json"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("broken.canvas.json:1:"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// --- Judged against datacontract-cli ---------------------------------------

/// What a row of the judge table in `docs/change-rules.md` expects of a kind
/// of pair: each tool's verdict (`breaking`, `not breaking`, or `either`
/// where it depends on the contract).
#[derive(Debug)]
struct Expected {
    ours: String,
    theirs: String,
}

fn judge_table() -> BTreeMap<String, Expected> {
    let text = std::fs::read_to_string(util::repo_path("docs/change-rules.md"))
        .expect("docs/change-rules.md");
    let section = text
        .split("## Judged against datacontract-cli")
        .nth(1)
        .expect("the judge section");
    let mut rows = BTreeMap::new();
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let kind = cells[0].trim_matches('`').to_owned();
        rows.insert(
            kind,
            Expected {
                ours: cells[1].to_owned(),
                theirs: cells[2].to_owned(),
            },
        );
    }
    rows
}

fn verdict_matches(expected: &str, breaking: bool) -> bool {
    match expected {
        "either" => true,
        "breaking" => breaking,
        "not breaking" => !breaking,
        other => panic!(
            "docs/change-rules.md: verdict {other:?} is not breaking, not breaking or either"
        ),
    }
}

/// One kind of change applied to one contract: the changed contract and
/// the name the change is about (a property or table), or `None` where the
/// contract has nothing it applies to.
type Mutation = fn(&Value, usize) -> Option<(Value, String)>;

fn props(c: &Value) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, o) in c["schema"].as_array().into_iter().flatten().enumerate() {
        for (j, _) in o["properties"].as_array().into_iter().flatten().enumerate() {
            out.push((i, j));
        }
    }
    out
}

/// The `n`th property for which `pick` holds, changed by `edit`.
fn on_property(
    contract: &Value,
    nth: usize,
    pick: impl Fn(&Value) -> bool,
    edit: impl Fn(&mut Value),
) -> Option<(Value, String)> {
    let (table, column) = props(contract)
        .into_iter()
        .filter(|&(t, c)| pick(&contract["schema"][t]["properties"][c]))
        .nth(nth)?;
    let mut out = contract.clone();
    let prop = &mut out["schema"][table]["properties"][column];
    let name = prop["name"].as_str()?.to_owned();
    edit(prop);
    Some((out, name))
}

fn on_object(
    c: &Value,
    n: usize,
    edit: impl Fn(&mut Vec<Value>, usize),
) -> Option<(Value, String)> {
    let objects = c["schema"].as_array()?;
    let o = objects.get(n)?;
    let name = o["name"].as_str()?.to_owned();
    let mut out = c.clone();
    edit(out["schema"].as_array_mut()?, n);
    Some((out, name))
}

fn mutations() -> Vec<(&'static str, Mutation)> {
    vec![
        ("field-removed", |c, n| {
            let (i, j) = *props(c).get(n)?;
            let mut out = c.clone();
            let name = out["schema"][i]["properties"][j]["name"]
                .as_str()?
                .to_owned();
            out["schema"][i]["properties"].as_array_mut()?.remove(j);
            Some((out, name))
        }),
        ("field-renamed", |c, n| {
            on_property(
                c,
                n,
                |_| true,
                |p| {
                    let name = format!("{}_renamed", p["name"].as_str().unwrap_or(""));
                    p["name"] = json!(name);
                    if p.get("physicalName").is_some() {
                        p["physicalName"] = json!(name);
                    }
                },
            )
        }),
        ("field-added", |c, n| {
            on_object(c, n, |objects, i| {
                if let Some(a) = objects[i]["properties"].as_array_mut() {
                    a.push(json!({"name": "added_column", "logicalType": "string"}));
                }
            })
        }),
        ("type-changed", |c, n| {
            on_property(
                c,
                n,
                |p| p.get("logicalType").is_some(),
                |p| {
                    p["logicalType"] = json!(if p["logicalType"] == "integer" {
                        "string"
                    } else {
                        "integer"
                    });
                },
            )
        }),
        ("physical-type-changed", |c, n| {
            on_property(
                c,
                n,
                |p| p.get("physicalType").is_some(),
                |p| {
                    p["physicalType"] = json!(if p["physicalType"] == "TEXT" {
                        "BIGINT"
                    } else {
                        "TEXT"
                    });
                },
            )
        }),
        ("made-required", |c, n| {
            on_property(
                c,
                n,
                |p| p["required"] != true,
                |p| p["required"] = json!(true),
            )
        }),
        ("made-optional", |c, n| {
            on_property(
                c,
                n,
                |p| p["required"] == true,
                |p| p["required"] = json!(false),
            )
        }),
        ("primary-key-dropped", |c, n| {
            on_property(
                c,
                n,
                |p| p["primaryKey"] == true,
                |p| p["primaryKey"] = json!(false),
            )
        }),
        ("unique-dropped", |c, n| {
            on_property(
                c,
                n,
                |p| p["unique"] == true,
                |p| p["unique"] = json!(false),
            )
        }),
        ("description-changed", |c, n| {
            on_property(
                c,
                n,
                |_| true,
                |p| {
                    let d = format!(
                        "{} (clarified)",
                        p["description"].as_str().unwrap_or("A column")
                    );
                    p["description"] = json!(d);
                },
            )
        }),
        ("classification-tightened", |c, n| {
            on_property(
                c,
                n,
                |p| matches!(p["classification"].as_str(), Some("public" | "internal")),
                |p| p["classification"] = json!("restricted"),
            )
        }),
        ("classification-loosened", |c, n| {
            on_property(
                c,
                n,
                |p| {
                    matches!(
                        p["classification"].as_str(),
                        Some("internal" | "confidential" | "restricted")
                    )
                },
                |p| p["classification"] = json!("public"),
            )
        }),
        ("max-length-raised", |c, n| {
            on_property(
                c,
                n,
                |p| p["logicalTypeOptions"]["maxLength"].is_u64(),
                |p| {
                    let m = p["logicalTypeOptions"]["maxLength"].as_u64().unwrap_or(1);
                    p["logicalTypeOptions"]["maxLength"] = json!(m * 2);
                },
            )
        }),
        ("max-length-lowered", |c, n| {
            on_property(
                c,
                n,
                |p| {
                    p["logicalTypeOptions"]["maxLength"]
                        .as_u64()
                        .is_some_and(|m| m > 1)
                },
                |p| {
                    let m = p["logicalTypeOptions"]["maxLength"].as_u64().unwrap_or(2);
                    p["logicalTypeOptions"]["maxLength"] = json!(m / 2);
                },
            )
        }),
        ("max-length-added", |c, n| {
            on_property(
                c,
                n,
                |p| p["logicalType"] == "string" && p["logicalTypeOptions"]["maxLength"].is_null(),
                |p| {
                    if !p["logicalTypeOptions"].is_object() {
                        p["logicalTypeOptions"] = json!({});
                    }
                    p["logicalTypeOptions"]["maxLength"] = json!(64);
                },
            )
        }),
        ("pattern-changed", |c, n| {
            on_property(
                c,
                n,
                |p| p["logicalTypeOptions"]["pattern"].is_string(),
                |p| p["logicalTypeOptions"]["pattern"] = json!("^.*$"),
            )
        }),
        ("enum-value-added", |c, n| {
            on_property(
                c,
                n,
                |p| p["enum"].is_array(),
                |p| {
                    if let Some(a) = p["enum"].as_array_mut() {
                        a.push(json!({"value": "added_value"}));
                    }
                },
            )
        }),
        ("enum-value-removed", |c, n| {
            on_property(
                c,
                n,
                |p| p["enum"].as_array().is_some_and(|a| a.len() > 1),
                |p| {
                    if let Some(a) = p["enum"].as_array_mut() {
                        a.pop();
                    }
                },
            )
        }),
        ("table-removed", |c, n| {
            on_object(c, n, |objects, i| {
                objects.remove(i);
            })
        }),
        ("table-renamed", |c, n| {
            on_object(c, n, |objects, i| {
                let name = format!("{}_renamed", objects[i]["name"].as_str().unwrap_or(""));
                objects[i]["name"] = json!(name);
                if objects[i].get("physicalName").is_some() {
                    objects[i]["physicalName"] = json!(name);
                }
            })
        }),
        ("table-added", |c, n| {
            // With one table a contract is one port whose fields are the
            // table's columns; judged where it has two or more already.
            if c["schema"].as_array()?.len() < 2 || n > 0 {
                return None;
            }
            let mut out = c.clone();
            out["schema"].as_array_mut()?.push(json!({"name": "added_table", "properties": [{"name": "id", "logicalType": "string"}]}));
            Some((out, "added_table".to_owned()))
        }),
        ("server-removed", |c, n| {
            let servers = c["servers"].as_array()?;
            let name = servers.get(n)?["server"].as_str()?.to_owned();
            let mut out = c.clone();
            out["servers"].as_array_mut()?.remove(n);
            Some((out, name))
        }),
        ("server-moved", |c, n| {
            let s = c["servers"].as_array()?.get(n)?;
            let name = s["server"].as_str()?.to_owned();
            s.get("host")?;
            let mut out = c.clone();
            out["servers"][n]["host"] = json!("moved.example.com");
            Some((out, name))
        }),
        ("status-deprecated", |c, n| {
            if n > 0 || c["status"] == "deprecated" {
                return None;
            }
            let mut out = c.clone();
            out["status"] = json!("deprecated");
            Some((out, c["id"].as_str()?.to_owned()))
        }),
        ("quality-removed", |c, n| {
            on_property(
                c,
                n,
                |p| p["quality"].as_array().is_some_and(|q| !q.is_empty()),
                |p| {
                    if let Some(q) = p["quality"].as_array_mut() {
                        q.remove(0);
                    }
                },
            )
        }),
        ("tags-changed", |c, n| {
            if n > 0 {
                return None;
            }
            let mut out = c.clone();
            let mut tags = c["tags"].as_array().cloned().unwrap_or_default();
            tags.push(json!("added-tag"));
            out["tags"] = json!(tags);
            Some((out, "tags".to_owned()))
        }),
    ]
}

/// How many sites of each kind each contract contributes at most.
const SITES: usize = 2;

#[test]
fn verdicts_agree_with_datacontract_cli_or_the_difference_is_documented() {
    let examples = util::shared().join("conformance/odcs/examples");
    if !util::shared_present("conformance/odcs/examples") {
        return;
    }
    let Some(bin) = dcli::datacontract() else {
        return;
    };
    let python = bin.with_file_name("python");
    let table = judge_table();
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut pairs: BTreeMap<String, (&str, String, bool)> = BTreeMap::new();
    let mut files: Vec<_> = std::fs::read_dir(&examples)
        .expect("examples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".odcs.yaml"))
        .collect();
    files.sort();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        // Read as the importer reads it (YAML 1.2: `unit: y` is the string "y").
        let contract = manifest::yaml::parse(&file.display().to_string(), &text)
            .expect("an official example is YAML");
        let stem = file
            .file_name()
            .expect("name")
            .to_string_lossy()
            .replace(".odcs.yaml", "");
        for (kind, mutate) in mutations() {
            assert!(
                table.contains_key(kind),
                "docs/change-rules.md has no judge row for `{kind}`"
            );
            for n in 0..SITES {
                let Some((changed, site)) = mutate(&contract, n) else {
                    break;
                };
                let ours = our_verdict(file, &contract, &changed);
                let Some(ours) = ours else { continue };
                let id = format!("{stem}--{kind}--{n}");
                let dir = tmp.path().join(&id);
                std::fs::create_dir_all(&dir).expect("mkdir");
                std::fs::write(
                    dir.join("v1.odcs.yaml"),
                    serde_json::to_string_pretty(&contract).expect("json"),
                )
                .expect("write");
                std::fs::write(
                    dir.join("v2.odcs.yaml"),
                    serde_json::to_string_pretty(&changed).expect("json"),
                )
                .expect("write");
                pairs.insert(id, (kind, site, ours));
            }
        }
    }
    let mut cmd = std::process::Command::new(&python);
    cmd.arg(util::repo_path("tests/dcli/breaking.py"))
        .arg(tmp.path())
        .env("NO_COLOR", "1");
    let finished = util::run_with_deadline(&mut cmd, Duration::from_mins(10));
    assert!(
        finished.status.success(),
        "breaking.py failed:\n{}",
        finished.stderr
    );

    let mut tally: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    let mut unexplained = Vec::new();
    let mut judged = 0;
    for line in finished.stdout.lines() {
        let v: Value = serde_json::from_str(line).expect("a JSON line");
        let id = v["pair"].as_str().expect("pair");
        let (kind, site, ours) = &pairs[id];
        let row = tally.entry(kind).or_default();
        if let Some(e) = v["error"].as_str() {
            // datacontract-cli could not read one side; nothing to judge.
            row[2] += 1;
            eprintln!("note: datacontract-cli could not judge {id}: {e}");
            continue;
        }
        judged += 1;
        let theirs = v["breaking"] == true;
        if theirs == *ours {
            row[0] += 1;
        } else {
            row[1] += 1;
        }
        let expected = &table[*kind];
        if !verdict_matches(&expected.ours, *ours) || !verdict_matches(&expected.theirs, theirs) {
            unexplained.push(format!(
                "{id}: ours {ours}, datacontract-cli {theirs}; docs say ours {}, theirs {}",
                expected.ours, expected.theirs
            ));
        }
        // Where both call it breaking, datacontract-cli names the same place.
        if *ours && theirs {
            let named = v["entries"].as_array().into_iter().flatten().any(|e| {
                e["level"] == "error"
                    && e["path"]
                        .as_str()
                        .is_some_and(|p| p.contains(site.as_str()))
            });
            if !named && !site.is_empty() {
                unexplained.push(format!(
                    "{id}: datacontract-cli calls it breaking but names no change at {site}: {}",
                    v["entries"]
                ));
            }
        }
    }
    assert_eq!(
        judged + tally.values().map(|r| r[2]).sum::<usize>(),
        pairs.len(),
        "every pair was judged"
    );
    let mut report = String::from("kind: agree / differ (documented) / not judged\n");
    for (kind, [agree, differ, skipped]) in &tally {
        let _ = writeln!(report, "  {kind}: {agree} / {differ} / {skipped}");
    }
    let sum = |k: usize| tally.values().map(|r| r[k]).sum::<usize>();
    eprintln!(
        "{} pairs from {} official examples: {} agree, {} differ as documented, {} not judged\n{report}",
        pairs.len(),
        files.len(),
        sum(0),
        sum(1),
        sum(2)
    );
    assert!(pairs.len() >= 200, "only {} pairs", pairs.len());
    assert!(
        unexplained.is_empty(),
        "verdicts that docs/change-rules.md does not explain:\n{}\n{report}",
        unexplained.join("\n")
    );
}

/// Our verdict on a pair of contracts: imported as canvases, compared.
/// `None` when our import refuses one side (reported by the import tests,
/// not judged here).
fn our_verdict(file: &Path, before: &Value, after: &Value) -> Option<bool> {
    let read = |v: &Value| {
        let name = file.with_extension("json").to_string_lossy().into_owned();
        manifest::import_documents(&[(name, serde_json::to_string(v).expect("json"))]).ok()
    };
    let (a, b) = (read(before)?, read(after)?);
    let a: Vec<Canvas> = a.into_iter().map(|i| i.canvas).collect();
    let b: Vec<Canvas> = b.into_iter().map(|i| i.canvas).collect();
    Some(
        change::compare(&a, &b)
            .iter()
            .any(|p| p.impact == Impact::Breaking),
    )
}

// --- The versioning rule ----------------------------------------------------

fn version_findings(baseline: &[Canvas], current: &[Canvas]) -> Vec<meshcanvas::wire::Finding> {
    version_findings_on(baseline, current, meshcanvas::standards::Date::today())
}

fn version_findings_on(
    baseline: &[Canvas],
    current: &[Canvas],
    today: meshcanvas::standards::Date,
) -> Vec<meshcanvas::wire::Finding> {
    let standards = std::sync::Arc::new(
        meshcanvas::standards::Standards::load(&util::repo_path("canvas-schemas/standards"))
            .expect("the default standards"),
    );
    let mut mesh = meshcanvas::standards::MeshCheck::new(standards, current.to_vec());
    mesh.set_today(today);
    mesh.set_baseline(baseline.to_vec());
    (0..current.len())
        .flat_map(|i| mesh.findings_at(i).to_vec())
        .filter(|f| f.rule_id == "version-says-what-changed")
        .collect()
}

#[test]
fn a_breaking_change_to_an_active_port_needs_a_major_version() {
    let base = example("customer-consent");
    assert_eq!(base.output_ports[0].status, LifecycleStatus::Active);
    let mut next = base.clone();
    next.output_ports[0].objects[0].fields.pop();
    let found = version_findings(std::slice::from_ref(&base), std::slice::from_ref(&next));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].pointer, "/outputPorts/0/version");
    assert!(
        found[0].message.contains("breaking changes") && found[0].message.contains("major"),
        "{}",
        found[0].message
    );
    // A minor version is not enough; a major one of the port or the product is.
    next.product.version = "1.3.0".into();
    assert_eq!(
        version_findings(std::slice::from_ref(&base), std::slice::from_ref(&next)).len(),
        1
    );
    let mut port_major = next.clone();
    port_major.output_ports[0].version = "2.0.0".into();
    assert!(
        version_findings(
            std::slice::from_ref(&base),
            std::slice::from_ref(&port_major)
        )
        .is_empty()
    );
    next.product.version = "2.0.0".into();
    assert!(version_findings(std::slice::from_ref(&base), std::slice::from_ref(&next)).is_empty());
}

#[test]
fn a_port_its_readers_read_goes_only_after_its_sunset() {
    let day = |s: &str| meshcanvas::standards::Date::parse(s).expect("a day");
    let mesh: Vec<Canvas> = util::example_canvases()
        .iter()
        .map(|p| meshcanvas::format::read_canvas_file(p).expect("example reads"))
        .collect();
    let orders = mesh
        .iter()
        .position(|c| c.product.id == "orders")
        .expect("orders");
    let legacy = mesh[orders]
        .output_ports
        .iter()
        .position(|p| p.id == "orders-v1")
        .expect("orders-v1");
    assert_eq!(
        mesh[orders].output_ports[legacy].sunset.as_deref(),
        Some("2027-03-31")
    );
    // The deprecated port removed, with a new minor version.
    let mut removed = mesh.clone();
    removed[orders].output_ports.remove(legacy);
    removed[orders].product.version = "2.5.0".into();
    let ours = |found: Vec<meshcanvas::wire::Finding>| -> Vec<_> {
        found
            .into_iter()
            .filter(|f| f.product_id == "orders")
            .collect()
    };
    let early = ours(version_findings_on(&mesh, &removed, day("2027-03-30")));
    assert_eq!(early.len(), 1, "{early:#?}");
    assert_eq!(early[0].pointer, "/outputPorts");
    for word in ["orders-v1", "daily-revenue", "2027-03-31"] {
        assert!(
            early[0].message.contains(word),
            "{word}: {}",
            early[0].message
        );
    }
    assert!(ours(version_findings_on(&mesh, &removed, day("2027-03-31"))).is_empty());
    // Deprecated without a sunset: its readers were never told.
    let mut untold = mesh.clone();
    untold[orders].output_ports[legacy].sunset = None;
    let found = ours(version_findings_on(&untold, &removed, day("2030-01-01")));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("without a sunset date"),
        "{}",
        found[0].message
    );
    // An active port its readers read: not even a new major version removes it.
    let active = mesh[orders]
        .output_ports
        .iter()
        .position(|p| p.id == "orders-v2")
        .expect("orders-v2");
    let mut gone = mesh.clone();
    gone[orders].output_ports.remove(active);
    gone[orders].product.version = "3.0.0".into();
    let found = ours(version_findings_on(&mesh, &gone, day("2030-01-01")));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("orders-v2") && found[0].message.contains("it was active"),
        "{}",
        found[0].message
    );
}

#[test]
fn a_non_breaking_change_needs_a_minor_version_and_words_need_none() {
    let base = example("customer-consent");
    let mut next = base.clone();
    next.output_ports[0].objects[0].fields.push(Field {
        name: "channel_detail".into(),
        ..Field::default()
    });
    let found = version_findings(std::slice::from_ref(&base), std::slice::from_ref(&next));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].pointer, "/product/version");
    assert!(found[0].message.contains("minor"), "{}", found[0].message);
    next.product.version = "1.3.0".into();
    assert!(version_findings(std::slice::from_ref(&base), std::slice::from_ref(&next)).is_empty());
    // Only words changed: the same version is right.
    let mut words = base.clone();
    words.output_ports[0].description.push_str(" Clearer.");
    assert!(version_findings(std::slice::from_ref(&base), std::slice::from_ref(&words)).is_empty());
    // Without a baseline the rule finds nothing.
    let standards = std::sync::Arc::new(
        meshcanvas::standards::Standards::load(&util::repo_path("canvas-schemas/standards"))
            .expect("standards"),
    );
    let mesh = meshcanvas::standards::MeshCheck::new(standards, vec![next]);
    assert!(
        mesh.findings_at(0)
            .iter()
            .all(|f| f.rule_id != "version-says-what-changed")
    );
}

#[test]
fn check_with_a_baseline_bundle_fails_until_the_major_version_is_raised() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bundle = tmp.path().join("release");
    let out = util::meshcanvas()
        .arg("export")
        .arg(util::repo_path("examples"))
        .arg("--out")
        .arg(&bundle)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mesh = tmp.path().join("mesh");
    copy_tree(&util::repo_path("examples"), &mesh);
    let file = util::example_canvases()
        .into_iter()
        .find(|p| p.ends_with("customer-consent.canvas.json"))
        .expect("example");
    let target = mesh.join(
        file.strip_prefix(util::repo_path("examples"))
            .expect("inside"),
    );
    let mut c = meshcanvas::format::read_canvas_file(&target).expect("reads");
    c.output_ports[0].objects[0].fields.remove(1);
    std::fs::write(&target, meshcanvas::format::to_canonical_json(&c)).expect("write");
    let check = || {
        util::meshcanvas()
            .arg("check")
            .arg(&mesh)
            .arg("--baseline")
            .arg(&bundle)
            .args(["--format", "json"])
            .output()
            .expect("runs")
    };
    let out = check();
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let text = v.to_string();
    assert!(
        text.contains("version-says-what-changed") && text.contains("customer-segments"),
        "{text}"
    );
    c.product.version = "2.0.0".into();
    std::fs::write(&target, meshcanvas::format::to_canonical_json(&c)).expect("write");
    let v: Value = serde_json::from_slice(&check().stdout).expect("json");
    assert!(!v.to_string().contains("version-says-what-changed"), "{v}");

    // The next release's bundle carries each product's changelog, listed in
    // its index.
    let next = tmp.path().join("next");
    let out = util::meshcanvas()
        .arg("export")
        .arg(&mesh)
        .arg("--out")
        .arg(&next)
        .arg("--baseline")
        .arg(&bundle)
        .arg("--allow-findings")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = std::fs::read_to_string(next.join("changelogs/customers/customer-consent.md"))
        .expect("the changelog");
    assert!(
        log.contains("**Breaking:** `customer-consent`")
            && log.contains("| breaking | `field-removed` |")
            && log.contains("breaks customer-segments"),
        "{log}"
    );
    let unchanged = std::fs::read_to_string(next.join("changelogs/finance/daily-revenue.md"))
        .expect("a changelog for every product");
    assert!(unchanged.contains("No changes."), "{unchanged}");
    let index = std::fs::read_to_string(next.join("index.yaml")).expect("index");
    assert!(
        index.contains("changelogs/customers/customer-consent.md"),
        "{index}"
    );
    // Re-read as a version, the bundle is the same mesh: the changelogs are not products.
    let again = change::read_version(&next).expect("reads");
    assert_eq!(again.len(), util::example_canvases().len());
}

fn copy_tree(from: &Path, to: &Path) {
    for rel in util::files_below(from) {
        let dest = to.join(&rel);
        std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        std::fs::copy(from.join(&rel), dest).expect("copy");
    }
}

// --- Releases in a workspace ------------------------------------------------

#[test]
fn a_workspace_release_is_the_baseline_and_lists_its_changelog() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("team.db");
    let mesh = tmp.path().join("mesh");
    copy_tree(&util::repo_path("examples"), &mesh);
    let ws = |args: &[&str]| {
        util::meshcanvas()
            .arg("workspace")
            .args(args)
            .arg("--db")
            .arg(&db)
            .output()
            .expect("runs")
    };
    assert!(ws(&["init"]).status.success());
    assert!(
        ws(&["import", mesh.to_str().expect("utf-8")])
            .status
            .success()
    );
    // No release yet: the workspace is no baseline, and says so.
    let out = util::meshcanvas()
        .arg("check")
        .arg(&mesh)
        .arg("--baseline")
        .arg(&db)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("no canvas in this workspace has been released")
    );

    let out = ws(&["release", "customer-consent"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "released canvas \"customer-consent\" version 1.2.0 (revision 1)\n"
    );

    // A breaking edit, saved to the workspace and to the file.
    let file = mesh.join("customers/customer-consent.canvas.json");
    let mut c = meshcanvas::format::read_canvas_file(&file).expect("reads");
    c.output_ports[0].objects[0].fields.remove(1);
    std::fs::write(&file, meshcanvas::format::to_canonical_json(&c)).expect("write");
    let text = |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).into_owned();
    let check = util::meshcanvas()
        .arg("check")
        .arg(&mesh)
        .arg("--baseline")
        .arg(&db)
        .output()
        .expect("runs");
    assert!(
        text(&check).contains("version-says-what-changed"),
        "{}",
        text(&check)
    );
    let diff = util::meshcanvas()
        .arg("diff")
        .arg(&db)
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(diff.status.code(), Some(1), "{}", text(&diff));
    assert!(text(&diff).contains("field-removed"), "{}", text(&diff));

    // Released again under the same version from another revision: refused.
    assert!(
        ws(&["import", mesh.to_str().expect("utf-8")])
            .status
            .success()
    );
    // Two revisions compared in the workspace: each change judged.
    let d = ws(&["diff", "customer-consent", "1", "2"]);
    assert!(
        text(&d).contains("[breaking field-removed]")
            && text(&d).contains("impact: breaking (1 breaking"),
        "{}",
        text(&d)
    );
    let d = ws(&["diff", "customer-consent", "1", "2", "--format", "json"]);
    let v: Value = serde_json::from_slice(&d.stdout).expect("json");
    assert_eq!(v["impact"], "breaking");
    assert_eq!(v["changes"][0]["rule"], "field-removed");
    let out = ws(&["release", "customer-consent"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("released version 1.2.0 before, from revision 1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // With the major version raised it releases, and the changelog says what broke.
    c.product.version = "2.0.0".into();
    std::fs::write(&file, meshcanvas::format::to_canonical_json(&c)).expect("write");
    assert!(
        ws(&["import", mesh.to_str().expect("utf-8")])
            .status
            .success()
    );
    assert!(ws(&["release", "customer-consent"]).status.success());
    let list = ws(&["releases", "customer-consent"]);
    let listed = text(&list);
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 2, "{listed}");
    assert!(
        lines[0].starts_with("1.2.0\trevision 1\t") && lines[0].ends_with("first release"),
        "{listed}"
    );
    assert!(
        lines[1].starts_with("2.0.0\trevision 3\t") && lines[1].ends_with("breaking"),
        "{listed}"
    );
    let check = util::meshcanvas()
        .arg("check")
        .arg(&mesh)
        .arg("--baseline")
        .arg(&db)
        .output()
        .expect("runs");
    assert!(
        !text(&check).contains("version-says-what-changed"),
        "{}",
        text(&check)
    );
}

#[tokio::test]
async fn a_revision_without_a_version_cannot_be_released_and_a_release_is_kept_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = meshcanvas::store::Workspace::create(&dir.path().join("ws.db"))
        .await
        .expect("create");
    let mut c = Canvas::skeleton("orders", "Orders", "sales");
    c.product.version = String::new();
    let r1 = ws.save(&c, None, "ada", "first").await.expect("save");
    let e = ws
        .release("orders", r1, "ada")
        .await
        .expect_err("no version");
    assert_eq!(e.code(), meshcanvas::wire::ErrorCode::InvalidArgument);
    assert!(e.to_string().contains("no product version"), "{e}");
    c.product.version = "1.0.0".into();
    let r2 = ws
        .save(&c, Some(r1), "ada", "versioned")
        .await
        .expect("save");
    let first = ws.release("orders", r2, "ada").await.expect("release");
    // Releasing the same revision again changes nothing.
    assert_eq!(ws.release("orders", r2, "bob").await.expect("again"), first);
    assert_eq!(ws.releases("orders").await.expect("list"), vec![first]);
    assert_eq!(ws.released_canvases().await.expect("baseline"), vec![c]);
    ws.close().await;
}
