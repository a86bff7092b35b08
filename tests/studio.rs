//! The desktop facade (`meshcanvas::studio`) as the app's commands use it:
//! on real workspace files, with the wire's error codes.

use crate::util::{runtime, standards};
use meshcanvas::model::{Canvas, InputPort, InputSource, OutputPort};
use meshcanvas::studio::Studio;
use meshcanvas::wire::{ErrorCode, ImportAction, ImportChoice, WireError};

fn canvas(id: &str, domain: &str) -> Canvas {
    Canvas::skeleton(id, &format!("Product {id}"), domain)
}

fn code(err: meshcanvas::Error) -> ErrorCode {
    WireError::from(err).code
}

#[test]
fn a_created_canvas_is_listed_loaded_and_survives_reopening() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("ws");
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        let info = studio.workspace_create(&ws).await.expect("create");
        assert_eq!(info.canvas_count, 0);
        let stored = studio
            .canvas_create(canvas("orders", "Sales & Ops"))
            .await
            .expect("create canvas");
        assert!(ws.join(meshcanvas::store::DEFAULT_WORKSPACE_FILE).is_file());

        // A fresh studio, as after a restart of the app.
        let again = Studio::new(standards(), None, "tester");
        let info = again.workspace_open(&ws).await.expect("open");
        assert_eq!(info.canvas_count, 1);
        let list = again.canvas_list().await.expect("list");
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].id, "orders");
        assert_eq!(list[0].domain, "Sales & Ops");
        assert_eq!(list[0].revision, stored.revision);
        let loaded = again.canvas_load("orders").await.expect("load");
        assert_eq!(loaded, stored);
    });
}

#[test]
fn a_save_based_on_an_old_revision_is_a_conflict_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        studio.workspace_create(dir.path()).await.expect("create");
        let first = studio
            .canvas_create(canvas("orders", "sales"))
            .await
            .expect("create canvas");

        let mut edited = first.canvas.clone();
        edited.product.purpose = "Every order, as placed.".to_owned();
        let second = studio
            .canvas_save(edited.clone(), first.revision, "purpose")
            .await
            .expect("save");
        assert_ne!(second.revision, first.revision);

        // A second window still holding the first revision.
        let mut stale = first.canvas.clone();
        stale.product.purpose = "Something else".to_owned();
        let err = studio
            .canvas_save(stale, first.revision, "stale")
            .await
            .expect_err("conflict");
        assert_eq!(code(err), ErrorCode::Conflict);
        let now = studio.canvas_load("orders").await.expect("load");
        assert_eq!(now.canvas, edited);
        assert_eq!(now.revision, second.revision);
    });
}

#[test]
fn a_loaded_or_saved_canvas_says_when_its_revision_was_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        studio.workspace_create(dir.path()).await.expect("create");
        let first = studio
            .canvas_create(canvas("orders", "sales"))
            .await
            .expect("create canvas");
        let mut edited = first.canvas.clone();
        edited.product.purpose = "Every order, as placed.".to_owned();
        let second = studio
            .canvas_save(edited, first.revision, "purpose")
            .await
            .expect("save");
        // The times are the history's own, revision by revision.
        let history = studio.history_list("orders").await.expect("history");
        let at = |rev: i64| {
            history
                .iter()
                .find(|r| r.revision == rev)
                .map(|r| r.created_at.clone())
                .expect("revision listed")
        };
        assert_eq!(first.saved_at, at(first.revision));
        assert_eq!(second.saved_at, at(second.revision));
        assert_eq!(
            studio.canvas_load("orders").await.expect("load").saved_at,
            second.saved_at
        );
        assert_eq!(
            studio
                .history_load("orders", first.revision)
                .await
                .expect("old")
                .saved_at,
            first.saved_at
        );
        assert!(second.saved_at.starts_with("20"), "{}", second.saved_at);
    });
}

#[test]
fn bad_requests_get_their_own_codes_and_name_what_is_wrong() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        let err = studio.canvas_list().await.expect_err("no workspace");
        assert_eq!(code(err), ErrorCode::InvalidArgument);

        studio.workspace_create(dir.path()).await.expect("create");
        let err = studio.canvas_load("nope").await.expect_err("missing");
        assert_eq!(code(err), ErrorCode::NotFound);

        let err = studio
            .canvas_create(canvas("../escape", "sales"))
            .await
            .expect_err("not a slug");
        assert_eq!(code(err), ErrorCode::InvalidArgument);
        assert!(err_text(&studio, "Bad Id").await.contains("\"Bad Id\""));

        studio
            .canvas_create(canvas("orders", "sales"))
            .await
            .expect("create");
        let err = studio
            .canvas_create(canvas("orders", "other"))
            .await
            .expect_err("duplicate");
        assert!(
            err.to_string().contains("\"orders\" already exists"),
            "{err}"
        );
        assert_eq!(code(err), ErrorCode::InvalidArgument);

        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "not a database").expect("write");
        let err = Studio::new(standards(), None, "tester")
            .workspace_open(&text)
            .await
            .expect_err("a text file is not a workspace");
        assert!(err.to_string().contains("notes.txt"), "{err}");
    });
}

async fn err_text(studio: &Studio, id: &str) -> String {
    studio
        .canvas_create(canvas(id, "sales"))
        .await
        .expect_err("invalid")
        .to_string()
}

#[test]
fn history_lists_diffs_and_restores_revisions() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        studio.workspace_create(dir.path()).await.expect("create");
        let first = studio
            .canvas_create(canvas("orders", "sales"))
            .await
            .expect("create canvas");
        let mut edited = first.canvas.clone();
        edited.product.purpose = "Every order, as placed.".to_owned();
        let second = studio
            .canvas_save(edited, first.revision, "purpose")
            .await
            .expect("save");

        let history = studio.history_list("orders").await.expect("history");
        let revisions: Vec<_> = history.iter().map(|r| r.revision).collect();
        assert_eq!(revisions, [second.revision, first.revision], "newest first");
        assert_eq!(history[0].message, "purpose");
        assert_eq!(history[0].author, "tester");

        let diff = studio
            .history_diff("orders", first.revision, second.revision)
            .await
            .expect("diff");
        assert!(
            diff.entries.iter().any(|e| e.pointer == "/product/purpose"),
            "{:?}",
            diff.entries
        );

        let restored = studio
            .history_restore("orders", first.revision)
            .await
            .expect("restore");
        assert!(
            restored.revision > second.revision,
            "a restore adds a revision"
        );
        assert_eq!(restored.canvas, first.canvas);
        let old = studio
            .history_load("orders", second.revision)
            .await
            .expect("old revision kept");
        assert_eq!(old.canvas.product.purpose, "Every order, as placed.");
    });
}

#[test]
fn export_writes_the_bundle_the_preview_showed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("bundle");
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        studio
            .workspace_create(&dir.path().join("ws"))
            .await
            .expect("create");
        let mut orders = studio.canvas_templates()[1].clone();
        orders.product.id = "orders".to_owned();
        orders.domain.name = "sales".to_owned();
        studio.canvas_create(orders).await.expect("create");
        let ids = vec!["orders".to_owned()];
        // A template still misses its team and support channel: the
        // standards gate is tested on its own below.
        let options = meshcanvas::wire::ExportOptions {
            allow_findings: true,
            ..Default::default()
        };
        let preview = studio
            .export_preview(&ids, &options)
            .await
            .expect("preview");
        assert!(preview.iter().any(|f| f.kind == "odps"), "{preview:?}");
        assert!(preview.iter().any(|f| f.kind == "odcs"), "{preview:?}");
        let summary = studio
            .export_bundle(&ids, &out, &options)
            .await
            .expect("bundle");
        assert_eq!(summary.deployment_order, ["orders"]);
        for f in &preview {
            let written = std::fs::read_to_string(out.join(&f.path)).expect("file written");
            assert_eq!(written, f.content, "{}", f.path);
        }
        let err = studio
            .export_preview(&["nope".to_owned()], &options)
            .await
            .expect_err("unknown id");
        assert_eq!(code(err), ErrorCode::NotFound);
    });
}

#[test]
fn one_product_exported_from_the_workspace_says_its_upstream_versions_and_imports_back_exactly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("bundle");
    let examples = crate::manifest::examples();
    let pick = |id: &str| {
        examples
            .iter()
            .find(|c| c.product.id == id)
            .cloned()
            .expect("example")
    };
    let revenue = pick("daily-revenue");
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        studio
            .workspace_create(&dir.path().join("ws"))
            .await
            .expect("create");
        for id in ["orders", "returns", "daily-revenue"] {
            studio.canvas_create(pick(id)).await.expect("create");
        }
        let ids = vec!["daily-revenue".to_owned()];
        let options = meshcanvas::wire::ExportOptions {
            allow_findings: true,
            ..Default::default()
        };
        // Only daily-revenue is exported; the versions of the ports it reads
        // come from the workspace.
        let preview = studio
            .export_preview(&ids, &options)
            .await
            .expect("preview");
        let odps = preview
            .iter()
            .find(|f| f.kind == "odps")
            .expect("the product");
        assert!(!odps.content.contains("unversioned"), "{}", odps.content);
        let doc = meshcanvas::manifest::yaml::parse(&odps.path, &odps.content).expect("yaml");
        let orders = pick("orders");
        let read = orders.output_port("orders-v1").expect("orders-v1");
        let port = doc["inputPorts"]
            .as_array()
            .expect("input ports")
            .iter()
            .find(|p| p["name"] == "orders")
            .expect("orders");
        assert_eq!(port["version"], read.version.as_str());
        assert!(
            preview
                .iter()
                .any(|f| f.path == "canvases/finance/daily-revenue.canvas.json"),
            "{preview:?}"
        );

        // The bundle imports back as the canvas saved, board and all.
        studio
            .export_bundle(&ids, &out, &options)
            .await
            .expect("bundle");
        let imported = studio
            .import_files(std::slice::from_ref(&out))
            .await
            .expect("import");
        assert_eq!(imported.len(), 1);
        assert_eq!(imported[0].imported.canvas, revenue);
        assert!(!revenue.layout.notes.is_empty(), "the example has a note");
    });
}

#[test]
fn a_canvas_file_imports_as_it_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("orders.canvas.json");
    let orders = canvas("orders", "sales");
    meshcanvas::format::write_canvas_file(&file, &orders).expect("write");
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        studio
            .workspace_create(&dir.path().join("ws"))
            .await
            .expect("workspace");
        let imported = studio
            .import_files(std::slice::from_ref(&file))
            .await
            .expect("import");
        assert_eq!(imported.len(), 1);
        assert_eq!(imported[0].imported.canvas, orders);
        assert_eq!(imported[0].imported.sources, [file.display().to_string()]);
        assert_eq!(imported[0].suggested_id, "orders");
        assert_eq!(imported[0].existing, None);
    });
}

/// A contract from another tool: its id is a UUID, its name is for people.
const CATALOG_CONTRACT: &str = "\
apiVersion: v3.1.0
kind: DataContract
id: 7d2c4f6a-9b1e-4d3a-8c5f-1a2b3c4d5e6f
version: 1.0.0
status: active
name: Catalog with Maps
schema:
  - name: products
    physicalName: products
    properties:
      - name: sku
        logicalType: string
        required: true
";

/// A workspace holding `orders`, with the orders canvas written to a file
/// and the catalog contract beside it.
async fn import_setup(dir: &std::path::Path) -> (Studio, std::path::PathBuf, std::path::PathBuf) {
    let studio = Studio::new(standards(), None, "tester");
    studio
        .workspace_create(&dir.join("ws"))
        .await
        .expect("workspace");
    let mut orders = canvas("orders", "sales");
    orders.output_ports.push(canvas_port("orders", "order_id"));
    studio.canvas_create(orders.clone()).await.expect("orders");
    let file = dir.join("orders.canvas.json");
    orders.product.purpose = "Every order, as imported.".to_owned();
    meshcanvas::format::write_canvas_file(&file, &orders).expect("write");
    let contract = dir.join("catalog.odcs.yaml");
    std::fs::write(&contract, CATALOG_CONTRACT).expect("write contract");
    (studio, file, contract)
}

fn canvas_port(id: &str, field: &str) -> OutputPort {
    OutputPort {
        id: id.to_owned(),
        name: id.to_owned(),
        objects: vec![meshcanvas::model::SchemaObject::table(
            "t",
            vec![meshcanvas::model::Field {
                name: field.to_owned(),
                ..Default::default()
            }],
        )],
        ..Default::default()
    }
}

#[test]
fn the_import_preview_names_the_canvas_met_and_suggests_free_readable_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let (studio, file, contract) = import_setup(dir.path()).await;
        let items = studio
            .import_files(&[file.clone(), file, contract])
            .await
            .expect("preview");
        assert_eq!(items.len(), 3);
        // The same canvas twice: each meets orders, each gets its own id.
        let met = items[0].existing.as_ref().expect("meets orders");
        assert_eq!((met.id.as_str(), met.deleted), ("orders", false));
        assert_eq!(items[0].suggested_id, "orders-2");
        assert_eq!(items[1].suggested_id, "orders-3");
        // The contract's UUID stays its contract id; the product id a
        // person reads comes from its name.
        let catalog = &items[2];
        assert_eq!(catalog.existing, None);
        assert_eq!(catalog.suggested_id, "catalog-with-maps");
        assert_eq!(catalog.suggested_name, "Catalog with Maps");
        assert_eq!(
            catalog.imported.canvas.output_ports[0]
                .contract_id
                .as_deref(),
            Some("7d2c4f6a-9b1e-4d3a-8c5f-1a2b3c4d5e6f")
        );
        // Nothing was added.
        assert_eq!(studio.canvas_list().await.expect("list").len(), 1);
    });
}

#[test]
fn keep_both_replace_and_attach_each_save_a_revision_and_keep_the_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let (studio, file, contract) = import_setup(dir.path()).await;
        let items = studio
            .import_files(&[file, contract])
            .await
            .expect("preview");
        let imported_orders = items[0].imported.canvas.clone();
        let catalog = items[1].imported.canvas.clone();
        let saved = studio
            .import_commit(vec![
                ImportChoice {
                    canvas: imported_orders.clone(),
                    action: ImportAction::New {
                        id: "orders-2".into(),
                        name: "Orders (imported)".into(),
                    },
                },
                ImportChoice {
                    canvas: imported_orders.clone(),
                    action: ImportAction::Replace {
                        id: "orders".into(),
                    },
                },
                ImportChoice {
                    canvas: catalog,
                    action: ImportAction::Attach {
                        id: "orders".into(),
                    },
                },
            ])
            .await
            .expect("commit");
        assert_eq!(saved.len(), 3);

        // Keep both: a second canvas, the first untouched by it.
        let both = studio.canvas_load("orders-2").await.expect("kept both");
        assert_eq!(both.canvas.product.name, "Orders (imported)");
        assert_eq!(both.canvas.product.purpose, "Every order, as imported.");

        // Replace, then attach: two new revisions of orders; the history
        // keeps the one before.
        let orders = studio.canvas_load("orders").await.expect("orders");
        assert_eq!(orders.canvas.product.purpose, "Every order, as imported.");
        let ports: Vec<_> = orders
            .canvas
            .output_ports
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(ports, ["orders", "products"]);
        assert_eq!(
            orders.canvas.output_ports[1].contract_id.as_deref(),
            Some("7d2c4f6a-9b1e-4d3a-8c5f-1a2b3c4d5e6f")
        );
        let history = studio.history_list("orders").await.expect("history");
        assert_eq!(history.len(), 3);
        assert_eq!(history[1].message, "replaced by an import");
        assert!(
            history[0].message.starts_with("attached 1 output port"),
            "{}",
            history[0].message
        );
        let first = studio
            .history_load("orders", history[2].revision)
            .await
            .expect("first revision");
        assert!(first.canvas.product.purpose.is_empty());
    });
}

#[test]
fn import_choices_that_cannot_all_apply_save_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let (studio, file, _) = import_setup(dir.path()).await;
        let items = studio.import_files(&[file]).await.expect("preview");
        let c = items[0].imported.canvas.clone();
        let new = |id: &str| ImportChoice {
            canvas: c.clone(),
            action: ImportAction::New {
                id: id.into(),
                name: "N".into(),
            },
        };
        // The first is fine, the second takes an id in use.
        let err = studio
            .import_commit(vec![new("orders-2"), new("orders")])
            .await
            .expect_err("taken");
        assert_eq!(code(err), ErrorCode::InvalidArgument);
        let err = studio
            .import_commit(vec![ImportChoice {
                canvas: c.clone(),
                action: ImportAction::Attach { id: "nope".into() },
            }])
            .await
            .expect_err("no such product");
        assert_eq!(code(err), ErrorCode::NotFound);
        let ids: Vec<_> = studio
            .canvas_list()
            .await
            .expect("list")
            .into_iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(ids, ["orders"]);
        assert_eq!(
            studio.history_list("orders").await.expect("history").len(),
            1
        );
    });
}

#[test]
fn the_mesh_links_input_ports_to_the_output_ports_they_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        studio.workspace_create(dir.path()).await.expect("create");
        let mut orders = canvas("orders", "sales");
        orders.output_ports.push(OutputPort {
            id: "placed".to_owned(),
            name: "Placed orders".to_owned(),
            ..OutputPort::default()
        });
        let mut revenue = canvas("revenue", "finance");
        for (id, port) in [("orders-in", "placed"), ("ghost-in", "missing")] {
            revenue.input_ports.push(InputPort {
                id: id.to_owned(),
                name: id.to_owned(),
                source: InputSource::Product {
                    product_id: "orders".to_owned(),
                    port_id: port.to_owned(),
                },
                description: String::new(),
                expects: Vec::new(),
                contract_id: None,
                version: String::new(),
            });
        }
        studio.canvas_create(orders).await.expect("orders");
        studio.canvas_create(revenue).await.expect("revenue");
        let graph = studio.mesh_graph().await.expect("graph");
        assert_eq!(graph.nodes.len(), 2);
        let edges: Vec<_> = graph
            .edges
            .iter()
            .map(|e| (e.from_port.as_str(), e.to_port.as_str(), e.resolved))
            .collect();
        assert_eq!(
            edges,
            [
                ("missing", "ghost-in", false),
                ("placed", "orders-in", true)
            ]
        );
    });
}

#[test]
fn recent_workspaces_are_remembered_newest_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let recent = dir.path().join("config/recent.json");
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    runtime().block_on(async {
        let studio = Studio::new(standards(), Some(recent.clone()), "tester");
        studio.workspace_create(&a).await.expect("a");
        studio.workspace_create(&b).await.expect("b");
        studio.workspace_open(&a).await.expect("a again");
        let list = Studio::new(standards(), Some(recent), "tester")
            .recent_workspaces()
            .await
            .expect("recent");
        let canon = |p: &std::path::Path| {
            std::fs::canonicalize(p)
                .expect("canon")
                .display()
                .to_string()
        };
        assert_eq!(list, [canon(&a), canon(&b)]);
    });
}

#[test]
fn every_template_is_a_valid_canvas_with_its_own_archetype() {
    let templates = Studio::new(standards(), None, "tester").canvas_templates();
    assert!(templates.len() >= 4);
    for t in &templates {
        let text = meshcanvas::format::to_canonical_json(t);
        let back = meshcanvas::format::parse_canvas_str(std::path::Path::new("template"), &text)
            .expect("template parses");
        assert_eq!(&back, t);
    }
    let archetypes: std::collections::BTreeSet<_> = templates[1..]
        .iter()
        .map(|t| format!("{:?}", t.product.archetype))
        .collect();
    assert_eq!(archetypes.len(), 3);
}

#[test]
fn a_check_reports_the_pii_finding_of_an_unsaved_edit_and_its_fix() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        studio.workspace_create(dir.path()).await.expect("create");
        let mut orders = studio.canvas_templates()[1].clone();
        orders.product.id = "orders".to_owned();
        let stored = studio.canvas_create(orders).await.expect("create");
        let rule = "pii-field-is-confidential-or-restricted";

        let mut edited = stored.canvas.clone();
        edited.output_ports[0].objects[0].fields[0].pii = true;
        let findings = studio.check_draft(edited.clone()).await.expect("check");
        let pii: Vec<_> = findings.iter().filter(|f| f.rule_id == rule).collect();
        assert_eq!(pii.len(), 1, "{findings:#?}");
        assert!(
            pii[0]
                .pointer
                .starts_with("/outputPorts/0/objects/0/fields/0")
        );

        edited.output_ports[0].objects[0].fields[0].classification =
            Some(meshcanvas::model::DataClassification::Confidential);
        let findings = studio.check_draft(edited).await.expect("check");
        assert!(!findings.iter().any(|f| f.rule_id == rule), "{findings:#?}");

        // Nothing was saved by checking.
        let loaded = studio.canvas_load("orders").await.expect("load");
        assert_eq!(loaded.revision, stored.revision);
        assert!(!studio.standards_rules().is_empty());
    });
}

#[test]
fn export_is_refused_while_error_findings_stand_unless_allowed() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        studio.workspace_create(dir.path()).await.expect("create");
        // A bare skeleton breaks several error rules (owning team, support…).
        studio
            .canvas_create(canvas("orders", "sales"))
            .await
            .expect("create");
        let ids = vec!["orders".to_owned()];
        let mut options = meshcanvas::wire::ExportOptions::default();
        let err = studio
            .export_preview(&ids, &options)
            .await
            .expect_err("refused");
        assert!(err.to_string().contains("export refused"), "{err}");
        assert_eq!(code(err), ErrorCode::ExportRefused);
        options.allow_findings = true;
        let files = studio
            .export_preview(&ids, &options)
            .await
            .expect("allowed");
        assert!(!files.is_empty());
    });
}

/// A standards folder with one pack that is not JSON.
fn malformed_standards() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("global.pack.json"),
        "{\n  \"id\": \"global\",\n  oops\n}\n",
    )
    .expect("write the pack");
    dir
}

#[test]
fn a_studio_whose_standards_do_not_load_checks_nothing_and_refuses_unchecked_exports() {
    // What the desktop app runs on when its packs do not load: canvases
    // open and save, nothing is found, and the export gate says why it
    // refuses, as `meshcanvas export` does, until findings are allowed.
    let packs = malformed_standards();
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = Studio::starting(Ok(packs.path().to_owned()), None, "tester");
        assert!(studio.standards_rules().is_empty());
        let problem = studio.standards_problem().expect("the problem is kept");
        assert_eq!(problem.code, ErrorCode::InvalidStandards);
        let file = packs.path().join("global.pack.json");
        // The core's text: the file, then the line and column, once.
        assert!(
            problem
                .message
                .starts_with(&format!("{}:3:3", file.display())),
            "{}",
            problem.message
        );
        assert_eq!(
            problem
                .message
                .matches(&packs.path().display().to_string())
                .count(),
            1,
            "{}",
            problem.message
        );

        studio
            .workspace_create(&dir.path().join("ws"))
            .await
            .expect("create");
        // A bare skeleton breaks several error rules of the real standards.
        let stored = studio
            .canvas_create(canvas("orders", "sales"))
            .await
            .expect("create");
        assert_eq!(
            studio.check_draft(stored.canvas).await.expect("check"),
            vec![]
        );
        let list = studio.canvas_list().await.expect("list");
        assert_eq!(list[0].findings, meshcanvas::wire::FindingCounts::default());

        let ids = ["orders".to_owned()];
        let mut options = meshcanvas::wire::ExportOptions::default();
        let err = studio
            .export_preview(&ids, &options)
            .await
            .expect_err("an unchecked export is refused");
        let message = err.to_string();
        assert!(
            message.contains("not checked") && message.contains("global.pack.json"),
            "{message}"
        );
        assert_eq!(code(err), ErrorCode::ExportRefused);
        options.allow_findings = true;
        let files = studio
            .export_preview(&ids, &options)
            .await
            .expect("allowed");
        assert!(!files.is_empty());
    });
}

#[test]
fn a_missing_standards_folder_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("no-such-standards");
    let studio = Studio::starting(Ok(missing.clone()), None, "tester");
    assert!(studio.standards_rules().is_empty());
    let problem = studio.standards_problem().expect("the problem is kept");
    assert_eq!(problem.code, ErrorCode::Io);
    assert!(
        problem.message.contains(&missing.display().to_string()),
        "{}",
        problem.message
    );
}

#[test]
fn the_repository_standards_load_without_a_problem() {
    let dir = crate::util::repo_path(meshcanvas::standards::STANDARDS_REL_DIR);
    let studio = Studio::starting(Ok(dir), None, "tester");
    assert_eq!(studio.standards_problem(), None);
    assert!(!studio.standards_rules().is_empty());
}

#[test]
fn a_start_problem_names_the_workspace_file_once() {
    let path = std::path::Path::new("/data/team/workspace.meshcanvas.db");
    let named = meshcanvas::Error::io(path, &std::io::Error::other("permission denied"));
    let wire = meshcanvas::studio::start_problem(path, &named);
    assert_eq!(wire.code, ErrorCode::Io);
    assert_eq!(
        wire.message
            .matches("/data/team/workspace.meshcanvas.db")
            .count(),
        1
    );
    let unnamed = meshcanvas::Error::InvalidArgument("not a slug".to_owned());
    let wire = meshcanvas::studio::start_problem(path, &unnamed);
    assert_eq!(wire.code, ErrorCode::InvalidArgument);
    assert_eq!(
        wire.message,
        "/data/team/workspace.meshcanvas.db: not a slug"
    );
}

#[test]
fn a_start_workspace_that_does_not_open_is_kept_until_another_opens() {
    let dir = tempfile::tempdir().expect("tempdir");
    let not_a_workspace = dir.path().join("notes.meshcanvas.db");
    std::fs::write(&not_a_workspace, "these are my notes, not a workspace\n").expect("write");
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        studio.start(Ok((not_a_workspace.clone(), None))).await;
        let problem = studio.start_problem().expect("the problem is kept");
        assert!(
            problem
                .message
                .contains(&not_a_workspace.display().to_string()),
            "{}",
            problem.message
        );
        // The user's file is left as it was.
        assert_eq!(
            std::fs::read_to_string(&not_a_workspace).expect("read"),
            "these are my notes, not a workspace\n"
        );
        studio
            .workspace_create(&dir.path().join("ws"))
            .await
            .expect("create another");
        assert_eq!(studio.start_problem(), None);
    });
}

#[test]
fn checking_a_draft_changes_nothing_the_home_view_the_map_or_the_export_judge() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        studio.workspace_create(dir.path()).await.expect("create");
        for c in crate::manifest::examples() {
            studio.canvas_create(c).await.expect("create");
        }
        let list = studio.canvas_list().await.expect("list");
        let graph = studio.mesh_graph().await.expect("graph");
        let clean = list
            .iter()
            .find(|s| s.findings.errors == 0)
            .expect("an example without errors")
            .id
            .clone();
        let ids = [clean.clone()];
        let options = meshcanvas::wire::ExportOptions::default();
        let exported = studio.export_preview(&ids, &options).await.expect("export");

        // A draft that breaks rules and drops the product's output ports
        // (edges of the map), and a draft of a product not saved at all.
        let mut draft = studio.canvas_load(&clean).await.expect("load").canvas;
        draft.domain.team.members.clear();
        draft.domain.team.support.clear();
        draft.output_ports.clear();
        let findings = studio.check_draft(draft).await.expect("check");
        assert!(
            findings
                .iter()
                .any(|f| f.severity == meshcanvas::wire::Severity::Error),
            "{findings:#?}"
        );
        let mut unsaved = canvas("draft-only", "sales");
        unsaved.input_ports = vec![InputPort {
            id: "orders".to_owned(),
            name: "orders".to_owned(),
            source: InputSource::Product {
                product_id: clean.clone(),
                port_id: "nowhere".to_owned(),
            },
            description: String::new(),
            expects: Vec::new(),
            contract_id: None,
            version: String::new(),
        }];
        studio.check_draft(unsaved).await.expect("check");

        assert_eq!(studio.canvas_list().await.expect("list"), list);
        assert_eq!(studio.mesh_graph().await.expect("graph"), graph);
        assert_eq!(
            studio.export_preview(&ids, &options).await.expect("export"),
            exported,
            "the export still judges and writes the saved canvas"
        );
    });
}

/// The example mesh in a fresh workspace.
async fn example_studio(dir: &std::path::Path) -> Studio {
    let studio = Studio::new(standards(), None, "tester");
    studio.workspace_create(dir).await.expect("create");
    for c in crate::manifest::examples() {
        studio.canvas_create(c).await.expect("create");
    }
    studio
}

fn reads(c: &Canvas, product: &str) -> bool {
    c.input_ports.iter().any(
        |p| matches!(&p.source, InputSource::Product { product_id, .. } if product_id == product),
    )
}

#[test]
fn renaming_a_product_updates_every_reader_in_one_step_and_keeps_the_old_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = example_studio(dir.path()).await;
        let readers = studio.canvas_readers("orders").await.expect("readers");
        assert!(!readers.is_empty(), "the example mesh reads orders");
        let before = studio.canvas_load("orders").await.expect("load");

        let renamed = studio
            .canvas_rename("orders", "sales-orders")
            .await
            .expect("rename");
        assert_eq!(renamed.canvas.product.id, "sales-orders");
        assert_eq!(renamed.canvas.output_ports, before.canvas.output_ports);
        for id in &readers {
            let c = studio.canvas_load(id).await.expect("load").canvas;
            assert!(reads(&c, "sales-orders") && !reads(&c, "orders"), "{id}");
            let history = studio.history_list(id).await.expect("history");
            assert!(history[0].message.contains("renamed"), "{:?}", history[0]);
        }
        assert_eq!(
            studio
                .canvas_readers("sales-orders")
                .await
                .expect("readers"),
            readers
        );
        // No reader is left dangling: no finding says a product is missing.
        let list = studio.canvas_list().await.expect("list");
        assert!(!list.iter().any(|s| s.id == "orders"));
        let graph = studio.mesh_graph().await.expect("graph");
        assert!(
            graph.edges.iter().all(|e| e.resolved),
            "{:?}",
            graph
                .edges
                .iter()
                .filter(|e| !e.resolved)
                .collect::<Vec<_>>()
        );
        // The old id's history is kept with the deleted canvases.
        let deleted = studio.canvas_deleted().await.expect("deleted");
        assert!(deleted.iter().any(|s| s.id == "orders"));
        assert_eq!(
            studio.history_list("orders").await.expect("history").len(),
            1
        );
    });
}

#[test]
fn a_rename_to_a_taken_or_bad_id_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = example_studio(dir.path()).await;
        let list = studio.canvas_list().await.expect("list");
        let taken = list
            .iter()
            .find(|s| s.id != "orders")
            .expect("another")
            .id
            .clone();
        let err = studio
            .canvas_rename("orders", &taken)
            .await
            .expect_err("taken");
        assert!(err.to_string().contains(&taken), "{err}");
        assert_eq!(code(err), ErrorCode::Conflict);
        let err = studio
            .canvas_rename("orders", "Sales Orders")
            .await
            .expect_err("not a slug");
        assert_eq!(code(err), ErrorCode::InvalidArgument);
        let err = studio
            .canvas_rename("no-such-product", "fine-id")
            .await
            .expect_err("missing");
        assert_eq!(code(err), ErrorCode::NotFound);
        assert_eq!(studio.canvas_list().await.expect("list"), list);
        assert!(studio.canvas_deleted().await.expect("deleted").is_empty());
    });
}

#[test]
fn a_deleted_canvas_leaves_the_mesh_its_readers_say_so_and_it_can_be_brought_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = example_studio(dir.path()).await;
        let readers = studio.canvas_readers("orders").await.expect("readers");
        let before = studio.canvas_load("orders").await.expect("load");
        let list = studio.canvas_list().await.expect("list");

        studio.canvas_delete("orders").await.expect("delete");
        assert!(
            !studio
                .canvas_list()
                .await
                .expect("list")
                .iter()
                .any(|s| s.id == "orders")
        );
        let graph = studio.mesh_graph().await.expect("graph");
        assert!(!graph.nodes.iter().any(|n| n.product_id == "orders"));
        assert!(
            graph.edges.iter().any(|e| !e.resolved),
            "readers now dangle"
        );
        let err = studio
            .export_preview(
                &["orders".to_owned()],
                &meshcanvas::wire::ExportOptions::default(),
            )
            .await
            .expect_err("a deleted canvas is not exported");
        assert_eq!(code(err), ErrorCode::NotFound);
        assert_eq!(
            studio
                .canvas_deleted()
                .await
                .expect("deleted")
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>(),
            ["orders"]
        );
        assert!(!readers.is_empty());
        // Each reader says, in words, which input port lost its product.
        let reader = studio.canvas_load(&readers[0]).await.expect("load").canvas;
        let port = reader
            .input_ports
            .iter()
            .find(|p| matches!(&p.source, InputSource::Product { product_id, .. } if product_id == "orders"))
            .expect("the port reading orders");
        let findings = studio.check_draft(reader.clone()).await.expect("check");
        let said = findings
            .iter()
            .find(|f| f.message.contains("\"orders\", which is not in the workspace"))
            .unwrap_or_else(|| panic!("{findings:#?}"));
        assert!(
            said.message.contains(&format!("input port \"{}\"", port.name))
                && said.message.contains("choose the product")
                && !said.message.contains('`'),
            "{}",
            said.message
        );

        let back = studio.canvas_bring_back("orders").await.expect("back");
        assert_eq!(back, before);
        assert_eq!(studio.canvas_list().await.expect("list"), list);
        assert!(studio.canvas_deleted().await.expect("deleted").is_empty());
    });
}

#[test]
fn a_canvas_nested_deeper_than_the_format_allows_is_not_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        studio.workspace_create(dir.path()).await.expect("create");
        let stored = studio
            .canvas_create(canvas("orders", "sales"))
            .await
            .expect("create");
        let mut deep = stored.canvas.clone();
        let mut field = meshcanvas::model::Field {
            name: "leaf".to_owned(),
            ..Default::default()
        };
        for i in 0..meshcanvas::model::MAX_FIELD_DEPTH {
            field = meshcanvas::model::Field {
                name: format!("level_{i}"),
                logical_type: meshcanvas::model::LogicalType::Object,
                fields: vec![field],
                ..Default::default()
            };
        }
        deep.output_ports.push(OutputPort {
            id: "deep".to_owned(),
            name: "Deep".to_owned(),
            objects: vec![meshcanvas::model::SchemaObject::table("t", vec![field])],
            ..OutputPort::default()
        });
        let err = studio
            .canvas_save(deep, stored.revision, "too deep")
            .await
            .expect_err("refused");
        assert!(err.to_string().contains("deeper than"), "{err}");
        // What was saved still loads.
        assert_eq!(studio.canvas_load("orders").await.expect("load"), stored);
    });
}

#[test]
fn the_canvas_list_is_sorted_by_domain_then_product_id_not_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        studio
            .workspace_create(&dir.path().join("ws"))
            .await
            .expect("create");
        for (id, name, domain) in [
            ("b-orders", "Alpha orders", "sales"),
            ("a-returns", "Zulu returns", "sales"),
            ("c-stock", "Middle stock", "logistics"),
        ] {
            studio
                .canvas_create(Canvas::skeleton(id, name, domain))
                .await
                .expect("create canvas");
        }
        let list = studio.canvas_list().await.expect("list");
        let ids: Vec<&str> = list.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["c-stock", "a-returns", "b-orders"]);
    });
}

#[test]
fn a_save_point_names_a_revision_without_changing_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        studio.workspace_create(dir.path()).await.expect("create");
        let first = studio
            .canvas_create(canvas("orders", "sales"))
            .await
            .expect("create canvas");
        let mut edited = first.canvas.clone();
        edited.product.purpose = "Every order, as placed.".to_owned();
        let point = studio
            .canvas_save_point(edited.clone(), first.revision, "  Reviewed with finance ")
            .await
            .expect("save point");
        assert_ne!(point.revision, first.revision, "the edit is saved first");
        // Unchanged: the same revision is named again, with the new message.
        let again = studio
            .canvas_save_point(edited, point.revision, "Approved")
            .await
            .expect("again");
        assert_eq!(again.revision, point.revision);
        let history = studio.history_list("orders").await.expect("history");
        let points: Vec<_> = history
            .iter()
            .map(|r| (r.revision, r.save_point.as_deref()))
            .collect();
        assert_eq!(
            points,
            [(point.revision, Some("Approved")), (first.revision, None)]
        );
        let err = studio
            .canvas_save_point(point.canvas, point.revision, "   ")
            .await
            .expect_err("no message");
        assert_eq!(code(err), ErrorCode::InvalidArgument);
    });
}

#[test]
fn a_breaking_draft_of_an_active_product_names_its_readers_and_a_release_is_the_baseline() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        studio
            .open_or_create(
                &dir.path().join("ws"),
                Some(&crate::util::repo_path("examples")),
            )
            .await
            .expect("seeded");
        let stored = studio.canvas_load("customer-consent").await.expect("load");
        let mut draft = stored.canvas.clone();
        let gone = draft.output_ports[0].objects[0].fields.remove(1).name;

        let impact = studio
            .canvas_impact(draft.clone())
            .await
            .expect("impact")
            .expect("a field removed from an active port breaks");
        assert_eq!(impact.changes.len(), 1, "{impact:#?}");
        assert_eq!(impact.changes[0].rule, "field-removed");
        assert_eq!(impact.changes[0].field.as_deref(), Some(gone.as_str()));
        assert_eq!(impact.changes[0].breaks, ["customer-segments"]);
        // Words break nothing; a draft product has no consumers to warn.
        let mut words = stored.canvas.clone();
        words.product.purpose.push_str(" Clearer.");
        assert!(studio.canvas_impact(words).await.expect("impact").is_none());
        let mut drafted = stored.canvas.clone();
        drafted.product.status = meshcanvas::model::LifecycleStatus::Draft;
        let saved = studio
            .canvas_save(drafted, stored.revision, "back to draft")
            .await
            .expect("save");
        let mut removed = saved.canvas.clone();
        removed.output_ports[0].objects[0].fields.remove(1);
        assert!(
            studio
                .canvas_impact(removed)
                .await
                .expect("impact")
                .is_none()
        );
        let back = studio
            .canvas_save(stored.canvas.clone(), saved.revision, "active again")
            .await
            .expect("save");

        // Released, the revision is the baseline: the board's check of the
        // breaking draft asks for a major version until it has one.
        let release = studio
            .canvas_release("customer-consent")
            .await
            .expect("release");
        assert_eq!(
            (release.revision, release.version.as_str()),
            (back.revision, "1.2.0")
        );
        assert_eq!(
            studio
                .canvas_releases("customer-consent")
                .await
                .expect("list"),
            [release]
        );
        let findings = studio.check_draft(draft.clone()).await.expect("check");
        assert!(
            findings
                .iter()
                .any(|f| f.rule_id == "version-says-what-changed"),
            "{findings:#?}"
        );
        draft.product.version = "2.0.0".into();
        let findings = studio.check_draft(draft.clone()).await.expect("check");
        assert!(
            findings
                .iter()
                .all(|f| f.rule_id != "version-says-what-changed")
        );
        // The history's changelog between two revisions.
        let saved = studio
            .canvas_save(draft, back.revision, "2.0")
            .await
            .expect("save");
        let changes = studio
            .history_changes("customer-consent", back.revision, saved.revision)
            .await
            .expect("changes")
            .expect("some");
        assert_eq!(changes.impact, meshcanvas::change::Impact::Breaking);
        // The map marks the port and the reader that releasing it would break.
        let graph = studio.mesh_graph().await.expect("graph");
        let node = graph
            .nodes
            .iter()
            .find(|n| n.product_id == "customer-consent")
            .expect("node");
        assert_eq!(node.breaking_ports, ["consents"]);
        let broken: Vec<&str> = graph
            .edges
            .iter()
            .filter(|e| e.breaking)
            .map(|e| e.to_product.as_str())
            .collect();
        assert_eq!(broken, ["customer-segments"]);
        assert!(
            graph
                .nodes
                .iter()
                .filter(|n| n.product_id != "customer-consent")
                .all(|n| n.breaking_ports.is_empty())
        );
        // A studio opening the workspace later has the same baseline.
        let again = Studio::new(standards(), None, "tester");
        again
            .workspace_open(&dir.path().join("ws"))
            .await
            .expect("open");
        let mut next = stored.canvas.clone();
        next.output_ports[0].objects[0].fields.remove(0);
        let findings = again.check_draft(next).await.expect("check");
        assert!(
            findings
                .iter()
                .any(|f| f.rule_id == "version-says-what-changed")
        );
    });
}

#[test]
fn files_the_app_is_opened_with_are_sorted_into_a_workspace_and_imports() {
    use meshcanvas::studio::StartFiles;
    use std::ffi::OsString;
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("team");
    let file_ws = dir.path().join("mine.meshcanvas.db");
    let canvas_file = dir.path().join("orders.canvas.json");
    std::fs::write(&canvas_file, "{}").expect("write canvas");
    // A workspace's name says nothing: a `.db` that is not SQLite is not one.
    let fake = dir.path().join("fake.meshcanvas.db");
    std::fs::write(&fake, "not a database").expect("write");
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        studio.workspace_create(&folder).await.expect("create");
        studio.workspace_create(&file_ws).await.expect("create");
    });
    let args = |paths: &[&std::path::Path]| -> Vec<OsString> {
        paths.iter().map(|p| p.as_os_str().to_owned()).collect()
    };

    // A workspace file, between a canvas and an option: opened, not imported.
    let mut given = args(&[&canvas_file, &file_ws]);
    given.insert(1, OsString::from("--some-option"));
    assert_eq!(
        StartFiles::sort(given),
        StartFiles {
            workspace: Some(file_ws.clone()),
            import: vec![canvas_file.clone()],
        }
    );
    // A folder holding the default workspace file is a workspace; the
    // second workspace goes to the import, which names it as no canvas.
    assert_eq!(
        StartFiles::sort(args(&[&folder, &file_ws])),
        StartFiles {
            workspace: Some(folder.clone()),
            import: vec![file_ws.clone()],
        }
    );
    // Neither a folder without one, nor a file only named like one.
    assert_eq!(
        StartFiles::sort(args(&[dir.path(), &fake])),
        StartFiles {
            workspace: None,
            import: vec![dir.path().to_path_buf(), fake.clone()],
        }
    );
}

#[test]
fn calls_made_while_the_start_up_workspace_opens_wait_for_it() {
    // The app opens its workspace in the background so its window shows at
    // once; what the window asks meanwhile waits, and gets the workspace,
    // not "no workspace open".
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("ws");
    let examples = crate::util::repo_path("examples");
    runtime().block_on(async {
        let studio = std::sync::Arc::new(Studio::new(standards(), None, "tester"));
        studio.begin_start();
        let asked = std::sync::Arc::clone(&studio);
        let list = tokio::spawn(async move { asked.canvas_list().await });
        let asked = std::sync::Arc::clone(&studio);
        let info = tokio::spawn(async move { asked.workspace_info().await });
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        assert!(!list.is_finished() && !info.is_finished(), "they wait");
        studio.start(Ok((ws.clone(), Some(examples)))).await;
        let list = list.await.expect("task").expect("the list, once open");
        assert_eq!(list.len(), 12);
        let info = info.await.expect("task").expect("the info, once open");
        assert_eq!(info.canvas_count, 12);
        // Without a start under way, nothing waits.
        let plain = Studio::new(standards(), None, "tester");
        let err = plain.canvas_list().await.expect_err("no workspace");
        assert!(err.to_string().contains("no workspace"), "{err}");
    });
}
