//! The desktop facade (`meshcanvas::studio`) as the app's commands use it:
//! on real folders of canvas files, with the wire's error codes.

use meshcanvas::model::{Canvas, InputPort, InputSource, OutputPort};
use meshcanvas::studio::Studio;
use meshcanvas::wire::{ErrorCode, WireError};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("tokio runtime")
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
        let studio = Studio::new(None);
        let info = studio.workspace_create(&ws).await.expect("create");
        assert_eq!(info.canvas_count, 0);
        let stored = studio
            .canvas_create(canvas("orders", "Sales & Ops"))
            .await
            .expect("create canvas");
        assert!(ws.join("sales-ops/orders.canvas.json").is_file());

        // A fresh studio, as after a restart of the app.
        let again = Studio::new(None);
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
        let studio = Studio::new(None);
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
fn a_file_changed_on_disk_is_a_conflict_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = Studio::new(None);
        studio.workspace_create(dir.path()).await.expect("create");
        let first = studio
            .canvas_create(canvas("orders", "sales"))
            .await
            .expect("create canvas");
        let path = dir.path().join("sales/orders.canvas.json");
        let mut outside = first.canvas.clone();
        outside.product.version = "0.2.0".to_owned();
        meshcanvas::format::write_canvas_file(&path, &outside).expect("write");
        let err = studio
            .canvas_save(first.canvas, first.revision, "mine")
            .await
            .expect_err("conflict");
        assert_eq!(code(err), ErrorCode::Conflict);
    });
}

#[test]
fn bad_requests_get_their_own_codes_and_name_what_is_wrong() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = Studio::new(None);
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
        assert!(err.to_string().contains("orders.canvas.json"), "{err}");

        let file = dir.path().join("sales/orders.canvas.json");
        let err = Studio::new(None)
            .workspace_open(&file)
            .await
            .expect_err("a file is not a workspace");
        assert!(
            err.to_string().contains("not a Mesh Canvas workspace"),
            "{err}"
        );
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
fn a_broken_canvas_file_is_reported_with_its_place_when_the_workspace_opens() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("bad.canvas.json"),
        "{\n  \"formatVersion\": 1,\n  oops\n}",
    )
    .expect("write");
    runtime().block_on(async {
        let err = Studio::new(None)
            .workspace_open(dir.path())
            .await
            .expect_err("broken file");
        let text = err.to_string();
        assert!(text.contains("bad.canvas.json"), "{text}");
        assert!(text.contains(":3:"), "line of the error: {text}");
        assert_eq!(code(err), ErrorCode::InvalidCanvas);
    });
}

#[test]
fn the_mesh_links_input_ports_to_the_output_ports_they_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = Studio::new(None);
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
                ("placed", "orders-in", true),
                ("missing", "ghost-in", false)
            ]
        );
    });
}

#[test]
fn recent_workspaces_are_remembered_newest_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let recent = dir.path().join("config/recent.json");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    runtime().block_on(async {
        let studio = Studio::new(Some(recent.clone()));
        studio.workspace_create(&a).await.expect("a");
        studio.workspace_create(&b).await.expect("b");
        studio.workspace_open(&a).await.expect("a again");
        let list = Studio::new(Some(recent))
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
    let templates = Studio::new(None).canvas_templates();
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
