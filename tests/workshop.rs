//! Workshop mode's rules (`meshcanvas::workshop`): the ten steps, the clock
//! a facilitator runs, what a sticky becomes, and the summary the group
//! takes home.

use chrono::{DateTime, Duration, Utc};
use meshcanvas::Canvas;
use meshcanvas::model::{
    Archetype, LogicalType, Participant, SessionNote, SloDimension, SloUnit, StickyNote,
};
use meshcanvas::standards::{MeshCheck, Standards};
use meshcanvas::wire::Block;
use meshcanvas::workshop::{self, StickyTarget, WorkshopAction, WorkshopError};

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-07T09:00:00Z")
        .expect("a time")
        .with_timezone(&Utc)
}

fn note(id: &str, text: &str, step: u32) -> StickyNote {
    StickyNote {
        id: id.to_owned(),
        text: text.to_owned(),
        author: Some("PR".to_owned()),
        step: Some(step),
        ..StickyNote::default()
    }
}

fn started() -> Canvas {
    let mut c = Canvas::skeleton("orders", "Orders", "sales");
    workshop::start(&mut c, t0());
    c
}

#[test]
fn the_ten_steps_follow_the_canvas_and_cover_every_block_once() {
    let steps = workshop::steps();
    let titles: Vec<&str> = steps.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Domain",
            "Name and purpose",
            "Consumers and use cases",
            "Output ports",
            "Metadata",
            "Input ports",
            "Data product design",
            "Observability",
            "Ubiquitous language",
            "Classification"
        ]
    );
    let mut blocks: Vec<Block> = steps.iter().flat_map(|s| s.blocks.clone()).collect();
    blocks.sort();
    let mut all = Block::ALL.to_vec();
    all.sort();
    assert_eq!(blocks, all, "every block is some step's, once");
    // The printed canvas numbers its blocks in the workshop's order.
    for s in &steps {
        for b in &s.blocks {
            if let Some(n) = b.info().step {
                assert_eq!(n, s.step, "{b:?}");
            }
        }
        assert!(s.questions.len() >= 2, "step {} has questions", s.step);
        assert!(s.minutes > 0.0);
    }
    let total: f64 = steps.iter().map(|s| s.minutes).sum();
    assert!(
        (60.0..=180.0).contains(&total),
        "a workshop of one to three hours: {total}"
    );
}

#[test]
fn the_clock_counts_each_step_and_pausing_stops_it() {
    let mut c = started();
    let at = |s: i64| t0() + Duration::seconds(s);
    workshop::apply(&mut c, &WorkshopAction::Next, at(300)).expect("next");
    let w = c.layout.workshop.clone().expect("a workshop");
    assert_eq!(w.current, 2);
    assert!((w.spent(1, at(300)) - 300.0).abs() < 1e-9);
    assert!(
        (w.spent(2, at(360)) - 60.0).abs() < 1e-9,
        "step 2's clock runs"
    );

    workshop::apply(&mut c, &WorkshopAction::Pause, at(400)).expect("pause");
    let w = c.layout.workshop.clone().expect("a workshop");
    assert!(w.clock_started.is_none());
    assert!(
        (w.spent(2, at(10_000)) - 100.0).abs() < 1e-9,
        "paused: the clock stands"
    );

    workshop::apply(&mut c, &WorkshopAction::Resume, at(500)).expect("resume");
    workshop::apply(&mut c, &WorkshopAction::Jump { step: 9 }, at(530)).expect("jump");
    workshop::apply(&mut c, &WorkshopAction::Previous, at(540)).expect("previous");
    let w = c.layout.workshop.clone().expect("a workshop");
    assert_eq!(w.current, 8);
    assert!((w.spent(2, at(600)) - 130.0).abs() < 1e-9);
    assert!((w.spent(9, at(600)) - 10.0).abs() < 1e-9);

    // Extending and setting timeboxes.
    workshop::apply(&mut c, &WorkshopAction::Extend { minutes: 5.0 }, at(600)).expect("extend");
    workshop::apply(
        &mut c,
        &WorkshopAction::SetMinutes {
            step: 3,
            minutes: 0.5,
        },
        at(600),
    )
    .expect("set");
    let w = c.layout.workshop.clone().expect("a workshop");
    assert!(
        (w.steps[7].minutes - 20.0).abs() < 1e-9,
        "observability's 15 + 5"
    );
    assert!((w.steps[2].minutes - 0.5).abs() < 1e-9);
    assert_eq!(
        workshop::apply(
            &mut c,
            &WorkshopAction::SetMinutes {
                step: 3,
                minutes: -1.0
            },
            at(600)
        ),
        Err(WorkshopError::BadMinutes(-1.0))
    );
    assert_eq!(
        workshop::apply(&mut c, &WorkshopAction::Jump { step: 11 }, at(600)),
        Err(WorkshopError::NoSuchStep(11))
    );

    workshop::apply(&mut c, &WorkshopAction::Finish, at(700)).expect("finish");
    let w = c.layout.workshop.clone().expect("a workshop");
    assert!(w.finished.is_some() && w.clock_started.is_none());
    assert!((w.spent(8, at(9_999)) - 160.0).abs() < 1e-9);
    assert_eq!(
        workshop::apply(&mut c, &WorkshopAction::Next, at(800)),
        Err(WorkshopError::Finished)
    );
    // A new start after the finish is a new session; an unfinished one
    // carries on.
    workshop::start(&mut c, at(900));
    assert!(
        c.layout
            .workshop
            .as_ref()
            .is_some_and(|w| w.finished.is_none() && w.current == 1)
    );
    workshop::apply(&mut c, &WorkshopAction::Next, at(910)).expect("next");
    workshop::start(&mut c, at(920));
    assert_eq!(c.layout.workshop.as_ref().map(|w| w.current), Some(2));
}

#[test]
fn participants_join_by_initials_which_stay_theirs() {
    let mut c = started();
    let join = |initials: &str, name: &str| WorkshopAction::Join {
        participant: Participant {
            initials: initials.to_owned(),
            name: name.to_owned(),
            color: "pink".to_owned(),
        },
    };
    workshop::apply(&mut c, &join("pr", "Priya Raman"), t0()).expect("join");
    workshop::apply(&mut c, &join("PR", "Priya Raman"), t0()).expect("joins again");
    assert_eq!(
        workshop::apply(&mut c, &join("PR", "Paul Roe"), t0()),
        Err(WorkshopError::InitialsTaken(
            "PR".to_owned(),
            "Priya Raman".to_owned()
        ))
    );
    assert_eq!(
        workshop::apply(&mut c, &join(" ", "Nobody"), t0()),
        Err(WorkshopError::NoInitials)
    );
    let w = c.layout.workshop.expect("a workshop");
    assert_eq!(w.participants.len(), 1);
    assert_eq!(w.participants[0].initials, "PR");
}

#[test]
#[allow(clippy::many_single_char_names)] // c, r, f, s, q: canvas, result and the card part each step checks
fn stickies_become_cards_filled_in_from_their_text() {
    let mut c = started();
    c.layout.notes = vec![
        note("n1", "Finance team: monthly revenue report by region", 3),
        note("n2", "Orders table - one row per confirmed order", 4),
        note("n3", "customer email: text, personal data, required", 4),
        note("n4", "placed at: timestamp", 4),
        note("n5", "Fresh within 15 minutes", 4),
        note(
            "n6",
            "GDPR: personal fields are pseudonymised after 90 days",
            2,
        ),
        note("n7", "Order: a customer's confirmed purchase", 9),
        note("n8", "Every order has a customer", 8),
        note("n9", "Order service database: change data capture", 6),
        note("n10", "Availability 99.9 %", 4),
    ];
    let go = |c: Canvas, id: &str, target| workshop::convert(c, id, target, None).expect(id);

    let r = go(c, "n1", StickyTarget::Consumer);
    assert_eq!(r.canvas.consumers[0].id, "finance-team");
    assert_eq!(r.canvas.consumers[0].name, "Finance team");
    assert_eq!(
        r.canvas.consumers[0].use_case,
        "monthly revenue report by region"
    );
    assert_eq!(r.card.id, "finance-team");

    // A field before any port is refused, saying what to do.
    let err =
        workshop::convert(r.canvas.clone(), "n3", StickyTarget::Field, None).expect_err("no port");
    assert!(err.to_string().contains("output port first"), "{err}");

    let r = go(r.canvas, "n2", StickyTarget::OutputPort);
    assert_eq!(r.canvas.output_ports[0].id, "orders-table");
    assert_eq!(
        r.canvas.output_ports[0].description,
        "one row per confirmed order"
    );
    assert_eq!(r.pointer, "/outputPorts/0");

    let r = go(r.canvas, "n3", StickyTarget::Field);
    let f = &r.canvas.output_ports[0].objects[0].fields[0];
    assert_eq!(f.name, "customer_email");
    assert_eq!(f.logical_type, LogicalType::String);
    assert!(f.pii && f.required);
    assert_eq!(r.pointer, "/outputPorts/0/objects/0/fields/0");
    let r = go(r.canvas, "n4", StickyTarget::Field);
    let f = &r.canvas.output_ports[0].objects[0].fields[1];
    assert_eq!(
        (f.name.as_str(), f.logical_type),
        ("placed_at", LogicalType::Timestamp)
    );

    let r = go(r.canvas, "n5", StickyTarget::Slo);
    let s = &r.canvas.output_ports[0].slos[0];
    assert_eq!(
        (s.dimension, s.target, s.unit),
        (SloDimension::Freshness, 15.0, SloUnit::Minutes)
    );
    let r = go(r.canvas, "n10", StickyTarget::Slo);
    let s = &r.canvas.output_ports[0].slos[1];
    assert_eq!(
        (s.dimension, s.target, s.unit),
        (SloDimension::Availability, 99.9, SloUnit::Percent)
    );

    let r = go(r.canvas, "n6", StickyTarget::Policy);
    assert_eq!(r.canvas.policies[0].id, "gdpr");
    assert_eq!(
        r.canvas.policies[0].kind,
        meshcanvas::model::PolicyKind::Privacy
    );

    let r = go(r.canvas, "n7", StickyTarget::Term);
    assert_eq!(r.canvas.ubiquitous_language[0].term, "Order");
    assert_eq!(
        r.canvas.ubiquitous_language[0].definition,
        "a customer's confirmed purchase"
    );

    let r = go(r.canvas, "n8", StickyTarget::QualityCheck);
    let q = &r.canvas.observability.quality_checks[0];
    assert_eq!(q.port_id.as_deref(), Some("orders-table"), "the only port");

    let r = go(r.canvas, "n9", StickyTarget::InputPort);
    assert_eq!(r.canvas.input_ports[0].name, "Order service database");

    // Each note keeps the card it became, and cannot become another.
    let became: Vec<Option<&str>> = r
        .canvas
        .layout
        .notes
        .iter()
        .map(|n| n.became.as_deref())
        .collect();
    assert_eq!(became[0], Some("consumer:finance-team"));
    assert_eq!(became[1], Some("outputPort:orders-table"));
    assert_eq!(became[5], Some("policy:gdpr"));
    assert!(matches!(
        workshop::convert(r.canvas.clone(), "n1", StickyTarget::Term, None),
        Err(WorkshopError::AlreadyConverted(..))
    ));
    assert!(matches!(
        workshop::convert(r.canvas.clone(), "nope", StickyTarget::Term, None),
        Err(WorkshopError::NoSuchNote(_))
    ));
    assert!(matches!(
        workshop::convert(r.canvas, "n1", StickyTarget::Field, Some("no-such-port")),
        Err(WorkshopError::AlreadyConverted(..))
    ));
}

#[test]
fn two_stickies_of_one_name_become_two_cards_and_a_use_case_lands_on_its_consumer() {
    let mut c = started();
    c.layout.notes = vec![
        note("a", "Finance", 3),
        note("b", "Finance", 3),
        note(
            "c",
            "We believe margins improve when we see returns daily",
            3,
        ),
    ];
    let r = workshop::convert(c, "a", StickyTarget::Consumer, None).expect("a");
    let r = workshop::convert(r.canvas, "b", StickyTarget::Consumer, None).expect("b");
    let ids: Vec<&str> = r.canvas.consumers.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(ids, ["finance", "finance-2"]);
    let r = workshop::convert(r.canvas, "c", StickyTarget::UseCase, Some("finance-2")).expect("c");
    assert_eq!(r.canvas.consumers.len(), 2, "no new consumer");
    assert_eq!(
        r.canvas.consumers[1].use_case,
        "We believe margins improve when we see returns daily"
    );
    assert_eq!(r.pointer, "/consumers/1/useCase");
}

#[test]
fn a_converted_canvas_is_still_a_valid_canvas() {
    let mut c = started();
    c.layout.notes = vec![
        note("n", "Orders: all orders", 4),
        note("f", "id: integer, primary key", 4),
    ];
    let r = workshop::convert(c, "n", StickyTarget::OutputPort, None).expect("port");
    let r = workshop::convert(r.canvas, "f", StickyTarget::Field, None).expect("field");
    let json = meshcanvas::format::to_canonical_json(&r.canvas);
    let back = meshcanvas::format::parse_canvas_str(std::path::Path::new("w.canvas.json"), &json)
        .expect("reads back");
    assert_eq!(back, r.canvas, "the workshop and its notes survive a save");
    assert!(back.output_ports[0].objects[0].fields[0].primary_key);
}

#[test]
fn the_summary_says_who_what_was_decided_and_what_is_open() {
    let mut c = started();
    let at = |s: i64| t0() + Duration::seconds(s);
    workshop::apply(
        &mut c,
        &WorkshopAction::Join {
            participant: Participant {
                initials: "PR".to_owned(),
                name: "Priya Raman".to_owned(),
                color: "pink".to_owned(),
            },
        },
        at(0),
    )
    .expect("join");
    c.layout.notes = vec![
        note("n1", "Finance: revenue by region", 3),
        StickyNote {
            votes: Some(3),
            ..note("n2", "Marketing wants it hourly", 3)
        },
        note("n3", "Is returns data in scope?", 3),
    ];
    {
        let w = c.layout.workshop.as_mut().expect("a workshop");
        w.decisions.push(SessionNote {
            id: "d1".to_owned(),
            text: "Serve orders as one table first".to_owned(),
            author: "PR".to_owned(),
            step: 4,
            at: String::new(),
        });
        w.parking_lot.push(SessionNote {
            id: "p1".to_owned(),
            text: "Who approves access for finance?".to_owned(),
            author: "PR".to_owned(),
            step: 2,
            at: String::new(),
        });
    }
    workshop::apply(&mut c, &WorkshopAction::Jump { step: 3 }, at(600)).expect("jump");
    let c = workshop::convert(c, "n1", StickyTarget::Consumer, None)
        .expect("convert")
        .canvas;
    let mut c = c;
    workshop::apply(&mut c, &WorkshopAction::Finish, at(1500)).expect("finish");

    let standards = std::sync::Arc::new(
        Standards::load(&crate::util::repo_path("canvas-schemas/standards")).expect("standards"),
    );
    let findings = MeshCheck::new(standards, vec![c.clone()])
        .findings_at(0)
        .to_vec();
    assert!(!findings.is_empty(), "a fresh workshop canvas has findings");
    let md = workshop::summary(&c, &findings, at(2000));
    for part in [
        "# Workshop: Orders (`orders`)",
        "- PR Priya Raman",
        "| 1 | Domain | 10:00 | 10:00 | 0 | 0 |",
        "| 3 | Consumers and use cases | 20:00 | 15:00 | 3 | 1 |",
        "- Serve orders as one table first (PR), at step 4 Output ports",
        "- Who approves access for finance? (PR), at step 2 Name and purpose",
        "- Marketing wants it hourly (PR, 3 votes, step 3 Consumers and use cases)",
        "- Finance: revenue by region → Consumer `finance`",
        "## Open findings",
        "Answer the 1 parked questions.",
        "Turn the 2 remaining stickies into cards",
    ] {
        assert!(md.contains(part), "the summary has {part:?}:\n{md}");
    }
    // The marketing sticky, with votes, is listed before the unvoted one.
    assert!(
        md.find("Marketing wants").expect("listed") < md.find("Is returns data").expect("listed")
    );
    let errors = findings
        .iter()
        .filter(|f| f.severity == meshcanvas::wire::Severity::Error)
        .count();
    assert!(md.contains(&format!("Fix the {errors} errors")), "{md}");
}

#[test]
fn a_template_starts_the_workshop_with_example_stickies_in_their_blocks() {
    let blank = workshop::template("churn", "Churn", "crm", None, t0());
    assert!(blank.layout.notes.is_empty());
    assert_eq!(blank.layout.workshop.as_ref().map(|w| w.current), Some(1));
    for archetype in [
        Archetype::SourceAligned,
        Archetype::Aggregate,
        Archetype::ConsumerAligned,
    ] {
        let c = workshop::template("churn", "Churn", "crm", Some(archetype), t0());
        assert_eq!(c.product.archetype, archetype);
        assert!(c.layout.notes.len() >= 5);
        for n in &c.layout.notes {
            let step = n.step.expect("a step");
            let block = workshop::steps()[step as usize - 1].blocks[0];
            let r = block.info().rect;
            assert!(
                n.x >= r.x && n.x < r.x + r.w && n.y >= r.y && n.y < r.y + r.h,
                "{} sits in {block:?}",
                n.text
            );
        }
    }
}
