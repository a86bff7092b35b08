//! The desktop facade (`meshcanvas::studio`) as the app's commands use it:
//! on real workspace files, with the wire's error codes.

use meshcanvas::model::{Canvas, InputPort, InputSource, OutputPort};
use meshcanvas::studio::Studio;
use meshcanvas::wire::{ErrorCode, WireError};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

fn standards() -> meshcanvas::standards::Standards {
    meshcanvas::standards::Standards::load(&crate::util::repo_path(
        meshcanvas::standards::STANDARDS_REL_DIR,
    ))
    .expect("the repository's standards load")
}

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
fn a_canvas_file_imports_as_it_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("orders.canvas.json");
    let orders = canvas("orders", "sales");
    meshcanvas::format::write_canvas_file(&file, &orders).expect("write");
    runtime().block_on(async {
        let imported = Studio::new(standards(), None, "tester")
            .import_files(std::slice::from_ref(&file))
            .await
            .expect("import");
        assert_eq!(imported.len(), 1);
        assert_eq!(imported[0].canvas, orders);
        assert_eq!(imported[0].sources, [file.display().to_string()]);
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
        edited.output_ports[0].schema[0].pii = true;
        let findings = studio.canvas_check(edited.clone()).await.expect("check");
        let pii: Vec<_> = findings.iter().filter(|f| f.rule_id == rule).collect();
        assert_eq!(pii.len(), 1, "{findings:#?}");
        assert!(pii[0].pointer.starts_with("/outputPorts/0/schema/0"));

        edited.output_ports[0].schema[0].classification =
            Some(meshcanvas::model::DataClassification::Confidential);
        let findings = studio.canvas_check(edited).await.expect("check");
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

#[test]
fn a_studio_on_no_standards_finds_nothing_and_exports_what_the_standards_would_refuse() {
    // What the desktop app runs on when its packs do not load.
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let none = meshcanvas::standards::Standards::empty(dir.path());
        let studio = Studio::new(none, None, "tester");
        assert!(studio.standards_rules().is_empty());
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
            studio.canvas_check(stored.canvas).await.expect("check"),
            vec![]
        );
        let list = studio.canvas_list().await.expect("list");
        assert_eq!(list[0].findings, meshcanvas::wire::FindingCounts::default());
        let files = studio
            .export_preview(
                &["orders".to_owned()],
                &meshcanvas::wire::ExportOptions::default(),
            )
            .await
            .expect("not refused");
        assert!(!files.is_empty());
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
