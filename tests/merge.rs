//! Three-way merge (`meshcanvas::merge`): two people editing one canvas
//! lose nothing; only edits to the same field conflict, and the one who
//! saves second chooses. Through the studio, on a real workspace file, as
//! two app windows would.

use crate::util::{runtime, standards};
use meshcanvas::merge::{self, Side};
use meshcanvas::model::{Canvas, Consumer, Field, OutputPort, SchemaObject};
use meshcanvas::studio::Studio;
use meshcanvas::wire::ErrorCode;

fn base() -> Canvas {
    let mut c = Canvas::skeleton("orders", "Orders", "sales");
    c.product.purpose = "Every order.".to_owned();
    c.product.tags = vec!["orders".to_owned(), "gold".to_owned()];
    c.output_ports.push(OutputPort {
        id: "orders".to_owned(),
        name: "Orders".to_owned(),
        description: "One row per order.".to_owned(),
        objects: vec![SchemaObject::table(
            "orders",
            vec![
                Field {
                    name: "order_id".to_owned(),
                    ..Field::default()
                },
                Field {
                    name: "amount".to_owned(),
                    ..Field::default()
                },
            ],
        )],
        ..OutputPort::default()
    });
    c.consumers.push(Consumer {
        id: "finance".to_owned(),
        name: "Finance".to_owned(),
        ..Consumer::default()
    });
    c
}

#[test]
fn edits_to_different_fields_both_survive() {
    let b = base();
    let mut ours = b.clone();
    ours.product.purpose = "Every order, as placed.".to_owned();
    ours.output_ports[0].objects[0].fields[1].description = "Gross, in EUR.".to_owned();
    ours.product.tags.push("pii".to_owned());
    ours.consumers.push(Consumer {
        id: "marketing".to_owned(),
        name: "Marketing".to_owned(),
        ..Consumer::default()
    });
    let mut theirs = b.clone();
    theirs.output_ports[0].description = "One row per confirmed order.".to_owned();
    theirs.output_ports[0].objects[0].fields[0].required = true;
    theirs.product.tags.retain(|t| t != "gold");
    theirs.consumers[0].use_case = "Monthly revenue".to_owned();
    theirs.output_ports[0].objects[0].fields.push(Field {
        name: "placed_at".to_owned(),
        ..Field::default()
    });

    let m = merge::three_way(&b, &ours, &theirs, None).expect("merged");
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let c = m.canvas;
    assert_eq!(c.product.purpose, "Every order, as placed.");
    assert_eq!(
        c.output_ports[0].description,
        "One row per confirmed order."
    );
    let fields = &c.output_ports[0].objects[0].fields;
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["order_id", "amount", "placed_at"]);
    assert!(fields[0].required);
    assert_eq!(fields[1].description, "Gross, in EUR.");
    assert_eq!(
        c.product.tags,
        ["orders", "pii"],
        "gold removed there, pii added here"
    );
    let consumers: Vec<(&str, &str)> = c
        .consumers
        .iter()
        .map(|k| (k.id.as_str(), k.use_case.as_str()))
        .collect();
    assert_eq!(
        consumers,
        [("finance", "Monthly revenue"), ("marketing", "")]
    );
}

#[test]
fn the_same_field_changed_on_both_sides_is_a_conflict_resolved_as_chosen() {
    let b = base();
    let mut ours = b.clone();
    ours.product.purpose = "Ours.".to_owned();
    ours.output_ports[0].objects[0].fields[1].description = "Net.".to_owned();
    ours.product.name = "Orders (ours)".to_owned();
    let mut theirs = b.clone();
    theirs.product.purpose = "Theirs.".to_owned();
    theirs.output_ports[0].objects[0].fields[1].description = "Gross.".to_owned();
    theirs.domain.description = "Theirs only.".to_owned();

    let m = merge::three_way(&b, &ours, &theirs, None).expect("merged");
    let places: Vec<(&str, &str)> = m
        .conflicts
        .iter()
        .map(|c| (c.pointer.as_str(), c.label.as_str()))
        .collect();
    assert_eq!(
        places,
        [
            ("/product/purpose", "product › purpose"),
            (
                "/outputPorts/0/objects/0/fields/1/description",
                "outputPorts › orders › objects › orders › fields › amount › description"
            ),
        ]
    );
    let c0 = &m.conflicts[0];
    assert_eq!(c0.base, Some(serde_json::json!("Every order.")));
    assert_eq!(c0.ours, Some(serde_json::json!("Ours.")));
    assert_eq!(c0.theirs, Some(serde_json::json!("Theirs.")));
    // Unchosen, the saved side stands; the edits elsewhere are merged.
    assert_eq!(m.canvas.product.purpose, "Theirs.");
    assert_eq!(m.canvas.product.name, "Orders (ours)");
    assert_eq!(m.canvas.domain.description, "Theirs only.");

    let chosen =
        merge::three_way(&b, &ours, &theirs, Some(&[Side::Ours, Side::Theirs])).expect("merged");
    assert_eq!(chosen.canvas.product.purpose, "Ours.");
    assert_eq!(
        chosen.canvas.output_ports[0].objects[0].fields[1].description,
        "Gross."
    );
    assert!(
        merge::three_way(&b, &ours, &theirs, Some(&[Side::Ours])).is_err(),
        "one choice per conflict"
    );
}

#[test]
fn a_card_removed_on_one_side_and_edited_on_the_other_is_a_conflict() {
    let b = base();
    let mut ours = b.clone();
    ours.consumers.clear();
    let mut theirs = b.clone();
    theirs.consumers[0].use_case = "Revenue".to_owned();
    let m = merge::three_way(&b, &ours, &theirs, None).expect("merged");
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].pointer, "/consumers/0");
    assert_eq!(m.conflicts[0].ours, None, "removed here");
    assert_eq!(
        m.canvas.consumers.len(),
        1,
        "the edit is kept unless chosen away"
    );
    let removed = merge::three_way(&b, &ours, &theirs, Some(&[Side::Ours])).expect("merged");
    assert!(removed.canvas.consumers.is_empty());

    // Removed on one side and untouched on the other: gone, no question.
    let m = merge::three_way(&b, &ours, &b, None).expect("merged");
    assert!(m.conflicts.is_empty() && m.canvas.consumers.is_empty());
}

#[test]
fn moving_the_view_or_a_card_never_asks() {
    let b = base();
    let mut ours = b.clone();
    ours.layout.viewport.zoom = 0.5;
    let mut theirs = b.clone();
    theirs.layout.viewport.zoom = 2.0;
    let m = merge::three_way(&b, &ours, &theirs, None).expect("merged");
    assert!(m.conflicts.is_empty());
    assert!(
        (m.canvas.layout.viewport.zoom - 0.5).abs() < f64::EPSILON,
        "the draft's own view"
    );
}

#[test]
fn two_windows_on_one_workspace_merge_instead_of_overwriting() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        // Two studios on one workspace file: two app windows.
        let (a, b) = (
            Studio::new(standards(), None, "ana"),
            Studio::new(standards(), None, "ben"),
        );
        a.workspace_create(dir.path()).await.expect("create");
        let first = a.canvas_create(base()).await.expect("created");
        b.workspace_open(dir.path()).await.expect("open");
        let base_rev = first.revision;

        let mut ana = first.canvas.clone();
        ana.product.purpose = "Ana's purpose.".to_owned();
        ana.output_ports[0].description = "Ana's port.".to_owned();
        a.canvas_save(ana, base_rev, "ana")
            .await
            .expect("ana saves first");

        let mut ben = first.canvas.clone();
        ben.product.purpose = "Ben's purpose.".to_owned();
        ben.domain.description = "Ben's domain.".to_owned();
        let err = b
            .canvas_save(ben.clone(), base_rev, "ben")
            .await
            .expect_err("a conflict");
        assert_eq!(
            meshcanvas::wire::WireError::from(err).code,
            ErrorCode::Conflict
        );

        let m = b
            .canvas_merge(ben.clone(), base_rev, None)
            .await
            .expect("merged");
        assert_eq!(m.conflicts.len(), 1, "only the purpose: {:?}", m.conflicts);
        assert_eq!(m.revision, base_rev + 1, "to be saved on Ana's revision");
        let m = b
            .canvas_merge(ben, base_rev, Some(&[Side::Ours]))
            .await
            .expect("merged as chosen");
        let saved = b
            .canvas_save(m.canvas, m.revision, "ben, merged")
            .await
            .expect("saves");
        let c = &saved.canvas;
        assert_eq!(c.product.purpose, "Ben's purpose.");
        assert_eq!(
            c.output_ports[0].description, "Ana's port.",
            "Ana's edit survives"
        );
        assert_eq!(c.domain.description, "Ben's domain.");
        assert_eq!(
            a.canvas_load("orders").await.expect("loaded").canvas,
            *c,
            "both see it"
        );
        assert_eq!(
            a.history_list("orders").await.expect("history").len(),
            3,
            "nothing overwritten"
        );
    });
}
