//! Properties over generated canvases (proptest): the canvas format is a
//! canonical fixed point, meshes survive ODPS/ODCS export and import in
//! every encoding and version, the readers return an error rather than
//! panic on any input, and the revision diff of a canvas with itself is
//! empty.
//!
//! Deterministic for CI: every block runs from a fixed seed and records no
//! failures on disk. `PROPTEST_CASES` raises the case count of every block
//! and `PROPTEST_RNG_SEED` picks another seed, to search longer or
//! elsewhere, e.g.
//! `PROPTEST_CASES=5000 PROPTEST_RNG_SEED=7 cargo test --test tests properties`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::LazyLock;

use meshcanvas::diff::diff_canvases;
use meshcanvas::format;
use meshcanvas::manifest::{self, ManifestError};
use meshcanvas::model::{
    Alarm, Archetype, Canvas, CardKind, Consumer, ConsumerKind, DataClassification, DesignStep,
    Field, InputPort, InputSource, LifecycleStatus, Link, LogicalType, Metric, OutputPort, Person,
    Policy, PolicyKind, PortKind, Position, QualityCheck, Slo, SloDimension, SloUnit, StickyNote,
    SupportChannel, SupportScope, SupportTool, TeamMember, Term, Viewport, Waiver, card_key,
};
use meshcanvas::wire::{ExportOptions, ManifestEncoding, OdpsVersion};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed};

use crate::manifest::{
    all_options, reads_an_unknown_version, try_bundle_round_trip, try_round_trip, without_layout,
};

/// The seed every block starts from unless `PROPTEST_RNG_SEED` says another.
const SEED: u64 = 0x6d65_7368_6361_6e76;

/// A block's configuration: `cases` unless `PROPTEST_CASES` is set, the
/// fixed seed unless `PROPTEST_RNG_SEED` is set, no failure files, and a
/// bounded shrink so a failure is reported in seconds.
fn config(cases: u32) -> Config {
    fn env<T: std::str::FromStr>(name: &str) -> Option<T> {
        std::env::var(name).ok().and_then(|v| v.parse().ok())
    }
    Config {
        cases: env("PROPTEST_CASES").unwrap_or(cases),
        rng_seed: RngSeed::Fixed(env("PROPTEST_RNG_SEED").unwrap_or(SEED)),
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    }
}

// ---------------------------------------------------------------- text ---

/// Texts people type that trip up serializers: quotes, YAML indicators and
/// plain scalars that read as other types, surrounding and inner
/// whitespace, line breaks, escapes, non-ASCII.
const AWKWARD: &[&str] = &[
    "",
    " ",
    "  leading spaces",
    "trailing space ",
    "it's",
    "\"quoted\"",
    "'single'",
    "key: value",
    "a:b",
    ":",
    "# not a comment",
    "x #y",
    "- item",
    "-",
    "---",
    "...",
    "? q",
    "{a: 1}",
    "[1, 2]",
    "&anchor",
    "*alias",
    "!tag",
    "%directive",
    "@at",
    "`tick`",
    "|",
    ">",
    "true",
    "False",
    "yes",
    "no",
    "on",
    "null",
    "~",
    "1",
    "1.0",
    "-0",
    "1e3",
    "0x1F",
    "0o17",
    ".inf",
    ".NaN",
    "2024-01-01",
    "12:30:00",
    "line one\nline two",
    "ends with newline\n",
    "\n",
    "tab\there",
    "carriage\rreturn",
    "back\\slash",
    "caf\u{e9} cr\u{e8}me",
    "\u{65e5}\u{672c}\u{8a9e}",
    "emoji \u{1f980}",
    "\u{feff}bom",
    "zero\u{200b}width",
    "nbsp\u{a0}",
    "<b>html</b>",
    "a\u{7f}del",
    "${var}",
    "{{ jinja }}",
];

/// Free text: plain words mostly, an awkward text often, now and then any
/// printable ASCII or any Unicode without control characters.
fn text() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        4 => "[a-z]{1,8}( [a-z]{1,8}){0,3}",
        3 => prop::sample::select(AWKWARD).prop_map(str::to_owned),
        1 => "[ -~]{0,16}",
        1 => "\\PC{0,12}",
    ]
}

/// A card id: what ids look like on a canvas.
fn id() -> impl Strategy<Value = String> + Clone {
    "[a-z][a-z0-9]{0,7}"
}

fn texts(max: usize) -> impl Strategy<Value = Vec<String>> + Clone {
    prop::collection::vec(text(), 0..=max)
}

/// Keeps the first of each key, so ids are unique within their list.
fn unique_by<T, K: Ord>(items: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
    let mut seen = BTreeSet::new();
    items.into_iter().filter(|i| seen.insert(key(i))).collect()
}

// -------------------------------------------------------------- values ---

/// Finite numbers: small whole ones, the usual percentages, and any normal,
/// subnormal or zero value of either sign (NaN and infinities are not JSON).
fn number() -> impl Strategy<Value = f64> + Clone {
    use prop::num::f64 as f;
    prop_oneof![
        3 => (0u32..1_000).prop_map(f64::from),
        1 => prop::sample::select(&[99.9, 99.95, 0.5, 0.1, -0.0][..]),
        2 => f::POSITIVE | f::NEGATIVE | f::NORMAL | f::SUBNORMAL | f::ZERO,
    ]
}

fn status() -> impl Strategy<Value = LifecycleStatus> + Clone {
    prop::sample::select(
        &[
            LifecycleStatus::Draft,
            LifecycleStatus::Proposed,
            LifecycleStatus::Active,
            LifecycleStatus::Deprecated,
            LifecycleStatus::Retired,
        ][..],
    )
}

fn slo() -> impl Strategy<Value = Slo> + Clone {
    use SloDimension as D;
    use SloUnit as U;
    (
        prop::sample::select(
            &[
                D::Freshness,
                D::Availability,
                D::Completeness,
                D::Latency,
                D::Retention,
                D::Accuracy,
            ][..],
        ),
        number(),
        prop::sample::select(
            &[
                U::Percent,
                U::Milliseconds,
                U::Seconds,
                U::Minutes,
                U::Hours,
                U::Days,
                U::Weeks,
                U::Months,
                U::Years,
            ][..],
        ),
        prop_oneof![Just(String::new()), Just("30d".to_owned()), text()],
        prop::option::of(number()),
        text(),
    )
        .prop_map(
            |(dimension, target, unit, window, alarm_threshold, description)| Slo {
                dimension,
                target,
                unit,
                window,
                alarm_threshold,
                description,
                extensions: BTreeMap::new(),
            },
        )
}

/// SLOs of one port, one per dimension (the diff and the contract's SLA
/// both tell them apart by dimension).
fn slos() -> impl Strategy<Value = Vec<Slo>> + Clone {
    prop::collection::vec(slo(), 0..=3).prop_map(|s| unique_by(s, |s| s.dimension as u8))
}

fn field_name() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        4 => "[a-z][a-z0-9_]{0,9}",
        1 => prop::sample::select(
            &["first name", "a.b", "\u{dc}n\u{ef}code", "key: x", "#", "1st", "Id"][..]
        )
        .prop_map(str::to_owned),
    ]
}

fn leaf_field() -> impl Strategy<Value = Field> + Clone {
    use DataClassification as C;
    use LogicalType as L;
    (
        field_name(),
        prop::sample::select(
            &[
                L::String,
                L::Date,
                L::Timestamp,
                L::Time,
                L::Number,
                L::Integer,
                L::Object,
                L::Array,
                L::Boolean,
            ][..],
        ),
        prop_oneof![Just(String::new()), Just("VARCHAR(64)".to_owned()), text()],
        text(),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        prop::option::of(prop::sample::select(
            &[C::Public, C::Internal, C::Confidential, C::Restricted][..],
        )),
        texts(2),
        (
            texts(2),
            prop::option::of(any::<bool>()),
            prop::option::of(1i64..5),
            prop::option::of(any::<bool>()),
            prop::option::of(any::<bool>()),
            text(),
            texts(2),
            text(),
        ),
    )
        .prop_map(
            |(
                name,
                logical_type,
                physical_type,
                description,
                flags,
                classification,
                examples,
                details,
            )| {
                let (required, primary_key, pii) = flags;
                let (
                    tags,
                    unique,
                    primary_key_position,
                    partitioned,
                    critical_data_element,
                    transform_logic,
                    transform_source_objects,
                    transform_description,
                ) = details;
                Field {
                    name,
                    logical_type,
                    physical_type,
                    business_name: String::new(),
                    description,
                    required,
                    primary_key,
                    classification,
                    pii,
                    examples,
                    tags,
                    unique,
                    primary_key_position,
                    partitioned,
                    partition_key_position: primary_key_position.map(|p| p + 1),
                    critical_data_element,
                    transform_logic,
                    transform_source_objects,
                    transform_description,
                    fields: Vec::new(),
                    quality: Vec::new(),
                    extensions: BTreeMap::new(),
                }
            },
        )
}

/// A port's schema: a few fields, some with a level of nested fields.
fn schema() -> impl Strategy<Value = Vec<Field>> + Clone {
    let field =
        (leaf_field(), prop::collection::vec(leaf_field(), 0..=2)).prop_map(|(mut f, inner)| {
            f.fields = unique_by(inner, |f| f.name.clone());
            f
        });
    prop::collection::vec(field, 0..=3).prop_map(|f| unique_by(f, |f| f.name.clone()))
}

fn output_port() -> impl Strategy<Value = (OutputPort, u8)> + Clone {
    (
        (id(), text(), status(), text(), text(), text()),
        (
            prop::sample::select(
                &[
                    PortKind::Table,
                    PortKind::View,
                    PortKind::File,
                    PortKind::Api,
                    PortKind::Stream,
                ][..],
            ),
            prop_oneof![Just(String::new()), "[0-9]\\.[0-9]{1,2}\\.[0-9]", text()],
            schema(),
            text(),
            text(),
            slos(),
        ),
        // How the port names its contract; see `finish`.
        0u8..4,
        prop::option::of(prop_oneof!["20[0-9]{2}-[01][0-9]-[0-3][0-9]", text()]),
    )
        .prop_map(
            |(
                (id, name, status, technology, location, description),
                (kind, version, schema, usage_terms, limitations, slos),
                contract,
                sunset,
            )| {
                let port = OutputPort {
                    id,
                    name,
                    kind,
                    status,
                    technology,
                    description,
                    version,
                    objects: vec![meshcanvas::model::SchemaObject {
                        physical_name: location,
                        ..meshcanvas::model::SchemaObject::table("t", schema)
                    }],
                    usage_terms,
                    limitations,
                    slos,
                    sunset,
                    ..OutputPort::default()
                };
                (port, contract)
            },
        )
}

fn consumer() -> impl Strategy<Value = (Consumer, Vec<Index>)> + Clone {
    (
        (id(), text(), text(), text(), text(), text()),
        prop::sample::select(
            &[
                ConsumerKind::Team,
                ConsumerKind::Application,
                ConsumerKind::Person,
            ][..],
        ),
        prop::collection::vec(any::<Index>(), 0..=2),
    )
        .prop_map(
            |((id, name, use_case, needs, success_metric, _), kind, ports)| {
                let c = Consumer {
                    id,
                    name,
                    kind,
                    use_case,
                    needs,
                    success_metric,
                    ports: Vec::new(),
                };
                (c, ports)
            },
        )
}

/// Where an input port reads from before the mesh is known: an operational
/// system, or (resolved in `finish`) an output port of an upstream canvas
/// of the mesh or of a product outside it.
#[derive(Clone, Debug)]
enum Source {
    Operational { system: String, technology: String },
    Upstream { product: Index, port: Index },
    Outside { product: String, port: String },
}

fn input_port() -> impl Strategy<Value = (InputPort, Source)> + Clone {
    let source = prop_oneof![
        1 => (text(), text()).prop_map(|(system, technology)| Source::Operational { system, technology }),
        2 => (any::<Index>(), any::<Index>())
            .prop_map(|(product, port)| Source::Upstream { product, port }),
        // No trailing digit: never the id of a canvas of the mesh.
        1 => "[a-z]{1,6}".prop_flat_map(|product| {
            id().prop_map(move |port| Source::Outside {
                product: product.clone(),
                port,
            })
        }),
    ];
    let contract = prop_oneof![
        3 => Just(None),
        1 => prop::sample::select(&["urn:up", "up:port", "orders-v2", "a:b:c", ""][..])
            .prop_map(|s| Some(s.to_owned())),
        1 => id().prop_map(Some),
    ];
    let version = prop_oneof![3 => Just(String::new()), 1 => "[0-9]\\.[0-9]\\.[0-9]"];
    (
        (id(), text(), text()),
        prop::collection::vec(slo(), 0..=1),
        source,
        contract,
        version,
    )
        .prop_map(
            |((id, name, description), expects, source, contract_id, version)| {
                let port = InputPort {
                    id,
                    name,
                    source: InputSource::Operational {
                        system: String::new(),
                        technology: String::new(),
                    },
                    description,
                    expects,
                    contract_id,
                    version,
                };
                (port, source)
            },
        )
}

fn term() -> impl Strategy<Value = Term> + Clone {
    (
        prop_oneof![3 => "[A-Z][a-z]{1,8}( [a-z]{1,8})?", 1 => text()],
        text(),
        texts(2),
        texts(2),
    )
        .prop_map(|(term, definition, synonyms, polysemes)| Term {
            term,
            definition,
            synonyms,
            polysemes,
        })
}

fn policy() -> impl Strategy<Value = Policy> + Clone {
    (
        id(),
        prop::sample::select(
            &[
                PolicyKind::Access,
                PolicyKind::Retention,
                PolicyKind::Classification,
                PolicyKind::Privacy,
                PolicyKind::Residency,
                PolicyKind::Custom,
            ][..],
        ),
        text(),
        prop::collection::btree_map(
            prop_oneof![3 => "[a-z][a-zA-Z]{0,11}", 1 => text()],
            text(),
            0..=2,
        ),
    )
        .prop_map(|(id, kind, statement, parameters)| Policy {
            id,
            kind,
            statement,
            parameters,
            extensions: BTreeMap::new(),
        })
}

/// One canvas before it knows its place in the mesh.
#[derive(Clone, Debug)]
struct Draft {
    canvas: Canvas,
    /// How each output port names its contract: 0 and 1 not at all (the
    /// usual case), 2 with an id of its own, 3 with a `urn:` id.
    contracts: Vec<u8>,
    consumer_ports: Vec<Vec<Index>>,
    sources: Vec<Source>,
}

/// The rest of a canvas: team, metadata, design, observability, waivers
/// and where the cards sit on the board.
#[derive(Clone, Debug)]
struct Extras {
    members: Vec<TeamMember>,
    support: Vec<SupportChannel>,
    license: String,
    links: Vec<Link>,
    expiry: Option<String>,
    notes: (String, String),
    steps: Vec<DesignStep>,
    design: (String, String, String),
    checks: Vec<(QualityCheck, Option<Index>)>,
    metrics: Vec<Metric>,
    alarms: Vec<Alarm>,
    waivers: Vec<Waiver>,
    /// Positions to give to cards, in card order, and sticky notes.
    positions: Vec<Position>,
    extensions: BTreeMap<String, serde_json::Value>,
    stickies: Vec<StickyNote>,
    viewport: Viewport,
}

fn extras() -> impl Strategy<Value = Extras> {
    let date = "20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])";
    let member = (text(), "[a-z]{0,6}(@example\\.com)?", text())
        .prop_map(|(name, email, role)| TeamMember { name, email, role });
    let support = (
        text(),
        prop::sample::select(
            &[
                SupportTool::Email,
                SupportTool::Slack,
                SupportTool::Teams,
                SupportTool::Discord,
                SupportTool::Ticket,
                SupportTool::Other,
            ][..],
        ),
        prop_oneof![
            Just(String::new()),
            "https://[a-z]{1,8}\\.example/[a-z]{0,5}",
            text()
        ],
        prop::sample::select(
            &[
                SupportScope::Interactive,
                SupportScope::Announcements,
                SupportScope::Issues,
            ][..],
        ),
        text(),
    )
        .prop_map(|(channel, tool, url, scope, description)| SupportChannel {
            channel,
            tool,
            url,
            scope,
            description,
        });
    let link = (
        text(),
        prop_oneof!["https://[a-z]{1,8}\\.example/[a-z]{0,5}", text()],
    )
        .prop_map(|(title, url)| Link { title, url });
    let step =
        (id(), text(), text(), text()).prop_map(|(id, name, description, technology)| DesignStep {
            id,
            name,
            description,
            technology,
        });
    let check = (
        (id(), text(), text()),
        prop::option::of(any::<Index>()),
        prop::option::of(field_name()),
        (text(), text()),
    )
        .prop_map(
            |((id, name, description), port, field, (dimension, rule))| {
                let check = QualityCheck {
                    id,
                    name,
                    description,
                    port_id: None,
                    field,
                    dimension,
                    rule,
                };
                (check, port)
            },
        );
    let metric = (text(), text(), text()).prop_map(|(name, description, unit)| Metric {
        name,
        description,
        unit,
    });
    let alarm = (text(), text(), text()).prop_map(|(name, condition, notify)| Alarm {
        name,
        condition,
        notify,
    });
    let waiver = (
        "[a-z]{2,6}(\\.[a-z]{2,8}){0,2}",
        prop_oneof![Just(String::new()), "(/[a-zA-Z0-9]{1,6}){1,3}"],
        text(),
        prop::option::of(text()),
        prop::option::of(date),
    )
        .prop_map(|(rule_id, pointer, reason, approver, expires)| Waiver {
            rule_id,
            pointer,
            reason,
            approver,
            expires,
        });
    let position = (number(), number()).prop_map(|(x, y)| Position { x, y });
    let sticky = (
        id(),
        text(),
        number(),
        number(),
        prop_oneof![Just("yellow".to_owned()), "#[0-9a-f]{6}", text()],
        (
            prop::option::of(text()),
            prop::option::of(1u32..=10),
            prop::option::of(0u32..5),
            prop::option::of(text()),
        ),
    )
        .prop_map(
            |(id, text, x, y, color, (author, step, votes, became))| StickyNote {
                id,
                text,
                x,
                y,
                color,
                author,
                step,
                votes,
                became,
            },
        );
    (
        (
            prop::collection::vec(member, 0..=2),
            prop::collection::vec(support, 0..=2),
            text(),
            prop::collection::vec(link, 0..=2),
            prop::option::of(date),
            (text(), text()),
        ),
        (
            prop::collection::vec(step, 0..=2),
            (text(), text(), text()),
            prop::collection::vec(check, 0..=2),
            prop::collection::vec(metric, 0..=1),
            prop::collection::vec(alarm, 0..=1),
            prop::collection::vec(waiver, 0..=2),
        ),
        (
            prop::collection::vec(position.clone(), 0..=12),
            prop::collection::vec(sticky, 0..=2),
            (number(), number(), number()).prop_map(|(x, y, zoom)| Viewport { x, y, zoom }),
            prop::collection::btree_map(prop_oneof!["[a-z][a-zA-Z.]{0,10}", text()], json(), 0..=2),
        ),
    )
        .prop_map(
            |(
                (members, support, license, links, expiry, notes),
                (steps, design, checks, metrics, alarms, waivers),
                (positions, stickies, viewport, extensions),
            )| Extras {
                members,
                support,
                license,
                links,
                expiry,
                notes,
                steps: unique_by(steps, |s| s.id.clone()),
                design,
                checks: unique_by(checks, |(c, _)| c.id.clone()),
                metrics,
                alarms,
                waivers,
                positions,
                stickies: unique_by(stickies, |s| s.id.clone()),
                viewport,
                extensions,
            },
        )
}

/// Puts `e` on `c`: quality checks on its own ports, positions on its own
/// cards.
fn apply(c: &mut Canvas, e: Extras) {
    c.domain.team.members = e.members;
    c.domain.team.support = e.support;
    c.metadata.license = e.license;
    c.metadata.links = e.links;
    c.metadata.expiry = e.expiry;
    (c.metadata.security_notes, c.metadata.pii_summary) = e.notes;
    c.design.steps = e.steps;
    (c.design.technology, c.design.schedule, c.design.notes) = e.design;
    let ports: Vec<String> = c.output_ports.iter().map(|p| p.id.clone()).collect();
    c.observability.quality_checks = e
        .checks
        .into_iter()
        .map(|(mut check, port)| {
            if !ports.is_empty() {
                check.port_id = port.map(|i| i.get(&ports).clone());
            }
            check
        })
        .collect();
    c.observability.metrics = e.metrics;
    c.observability.alarms = e.alarms;
    c.waivers = e.waivers;
    let cards = c
        .consumers
        .iter()
        .map(|x| card_key(CardKind::Consumer, &x.id))
        .chain(
            c.output_ports
                .iter()
                .map(|x| card_key(CardKind::OutputPort, &x.id)),
        )
        .chain(
            c.input_ports
                .iter()
                .map(|x| card_key(CardKind::InputPort, &x.id)),
        )
        .chain(
            c.design
                .steps
                .iter()
                .map(|x| card_key(CardKind::DesignStep, &x.id)),
        )
        .chain(
            c.observability
                .quality_checks
                .iter()
                .map(|x| card_key(CardKind::QualityCheck, &x.id)),
        )
        .chain(
            c.ubiquitous_language
                .iter()
                .map(|x| card_key(CardKind::Term, &x.term)),
        )
        .chain(c.policies.iter().map(|x| card_key(CardKind::Policy, &x.id)));
    c.layout.cards = cards.zip(e.positions).collect();
    c.layout.notes = e.stickies;
    c.layout.viewport = e.viewport;
    c.extensions = e.extensions;
}

fn draft() -> impl Strategy<Value = Draft> {
    let head = (
        ("[a-z]{1,6}", text(), text(), text()),
        (text(), text(), "[a-z]{0,6}(@example\\.com)?"),
        (
            prop_oneof![Just(String::new()), "[0-9]\\.[0-9]\\.[0-9]", text()],
            status(),
            prop::sample::select(
                &[
                    Archetype::SourceAligned,
                    Archetype::Aggregate,
                    Archetype::ConsumerAligned,
                ][..],
            ),
            text(),
            texts(3),
        ),
    );
    let cards = (
        prop::collection::vec(consumer(), 0..=2),
        prop::collection::vec(output_port(), 0..=3),
        prop::collection::vec(input_port(), 0..=3),
        prop::collection::vec(term(), 0..=2),
        prop::collection::vec(policy(), 0..=2),
    );
    (head, cards, extras()).prop_map(
        |(
            (
                (pid, name, domain, description),
                (team, owner, email),
                (version, st, arch, purpose, tags),
            ),
            (consumers, outputs, inputs, terms, policies),
            extras,
        )| {
            let mut c = Canvas::skeleton(&pid, &name, &domain);
            c.domain.description = description;
            c.domain.team.name = team;
            c.domain.product_owner = Person { name: owner, email };
            c.product.version = version;
            c.product.status = st;
            c.product.archetype = arch;
            c.product.purpose = purpose;
            c.product.tags = tags;
            let consumers = unique_by(consumers, |(c, _)| c.id.clone());
            let outputs = unique_by(outputs, |(p, _)| p.id.clone());
            let inputs = unique_by(inputs, |(p, _)| p.id.clone());
            let (consumers, consumer_ports) = consumers.into_iter().unzip();
            let (outputs, contracts) = outputs.into_iter().unzip();
            let (inputs, sources) = inputs.into_iter().unzip();
            c.consumers = consumers;
            c.output_ports = outputs;
            c.input_ports = inputs;
            c.ubiquitous_language = unique_by(terms, |t| t.term.clone());
            c.policies = unique_by(policies, |p| p.id.clone());
            apply(&mut c, extras);
            Draft {
                canvas: c,
                contracts,
                consumer_ports,
                sources,
            }
        },
    )
}

/// The canvases of a mesh: product ids made unique by position, consumers
/// reading the canvas's own ports, input ports reading operational systems,
/// products outside the mesh, or output ports of canvases earlier in the
/// list (so the mesh has no cycle).
fn finish(drafts: Vec<Draft>) -> Vec<Canvas> {
    let mut out: Vec<Canvas> = Vec::with_capacity(drafts.len());
    for (i, d) in drafts.into_iter().enumerate() {
        let mut c = d.canvas;
        c.product.id = format!("{}{i}", c.product.id);
        for (p, how) in c.output_ports.iter_mut().zip(&d.contracts) {
            p.contract_id = match how {
                2 => Some(format!("{}-contract", p.id)),
                3 => Some(format!("urn:{}:{}", c.product.id, p.id)),
                _ => None,
            };
        }
        let port_ids: Vec<String> = c.output_ports.iter().map(|p| p.id.clone()).collect();
        for (consumer, picks) in c.consumers.iter_mut().zip(&d.consumer_ports) {
            if !port_ids.is_empty() {
                consumer.ports = unique_by(
                    picks.iter().map(|x| x.get(&port_ids).clone()).collect(),
                    Clone::clone,
                );
            }
        }
        for (port, source) in c.input_ports.iter_mut().zip(d.sources) {
            port.source = match source {
                Source::Operational { system, technology } => {
                    InputSource::Operational { system, technology }
                }
                Source::Upstream { product, port } => {
                    let readable: Vec<&Canvas> =
                        out.iter().filter(|u| !u.output_ports.is_empty()).collect();
                    if readable.is_empty() {
                        InputSource::Product {
                            product_id: "upstream".to_owned(),
                            port_id: port_ids.first().cloned().unwrap_or_else(|| "out".into()),
                        }
                    } else {
                        let up = product.get(&readable);
                        InputSource::Product {
                            product_id: up.product.id.clone(),
                            port_id: port.get(&up.output_ports).id.clone(),
                        }
                    }
                }
                Source::Outside { product, port } => InputSource::Product {
                    product_id: product,
                    port_id: port,
                },
            };
        }
        out.push(c);
    }
    out
}

fn mesh(size: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Vec<Canvas>> {
    prop::collection::vec(draft(), size).prop_map(finish)
}

fn canvas() -> impl Strategy<Value = Canvas> {
    mesh(1..=1).prop_map(|mut m| m.remove(0))
}

static SCHEMA: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    jsonschema::validator_for(&meshcanvas::schema::canvas_schema()).expect("the schema compiles")
});

/// The generator stays within the format: the canvas JSON Schema accepts
/// the canvas.
fn assert_valid(c: &Canvas) {
    let doc = serde_json::to_value(c).expect("a canvas serializes");
    let errors: Vec<String> = SCHEMA
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "generated canvas outside the schema: {errors:?}"
    );
}

// ---------------------------------------------------------- properties ---

proptest! {
    #![proptest_config(config(256))]

    /// The writer's text parses back to the same canvas, and writing that
    /// again gives the same text: the format is a canonical fixed point.
    #[test]
    fn format_write_then_parse_is_a_fixed_point(c in canvas()) {
        assert_valid(&c);
        let path = Path::new("generated.canvas.json");
        let text = format::to_canonical_json(&c);
        let back = format::parse_canvas_str(path, &text)
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        prop_assert_eq!(&back, &c);
        prop_assert_eq!(format::to_canonical_json(&back), text.clone());
        // Bytes, as files are read, give the same.
        prop_assert_eq!(format::parse_canvas_bytes(path, text.as_bytes()).ok(), Some(c));
    }

    /// A canvas diffed with itself has no changes; one changed text is one
    /// change, at its place.
    #[test]
    fn diff_of_a_canvas_with_itself_is_empty(c in canvas(), purpose in text()) {
        let same = diff_canvases(&c, &c);
        prop_assert!(same.is_empty(), "{:?}", same);
        let copy = diff_canvases(&c, &c.clone());
        prop_assert!(copy.is_empty(), "{:?}", copy);
        let mut changed = c.clone();
        changed.product.purpose.clone_from(&purpose);
        let d = diff_canvases(&c, &changed);
        if purpose == c.product.purpose {
            prop_assert!(d.is_empty(), "{:?}", d);
        } else {
            prop_assert_eq!(d.len(), 1, "{:?}", d);
            prop_assert_eq!(d[0].pointer.as_str(), "/product/purpose");
        }
    }
}

/// Each canvas comes back equal; on a difference, the first places that
/// differ, as the revision diff says them.
fn assert_same(before: &[Canvas], after: &[Canvas]) -> Result<(), String> {
    if before.len() != after.len() {
        return Err(format!("{} canvases became {}", before.len(), after.len()));
    }
    for b in before {
        let Some(a) = after.iter().find(|a| a.product.id == b.product.id) else {
            return Err(format!("{} missing after import", b.product.id));
        };
        if a != b {
            let first: Vec<String> = diff_canvases(b, a)
                .iter()
                .take(8)
                .map(|d| format!("{}: {:?} -> {:?}", d.pointer, d.before, d.after))
                .collect();
            return Err(format!(
                "{} changed on the round trip:\n{}",
                b.product.id,
                first.join("\n")
            ));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(96))]

    /// Meshes of one to three canvases, reading each other's output ports,
    /// come back from their bundle exactly, board and all, in every
    /// encoding and version; from their manifests alone, equal but for the
    /// layout. ODPS v1.0.0 refuses, by name, an input port whose version
    /// nothing says.
    #[test]
    fn meshes_survive_manifest_export_and_import(m in mesh(1..=3)) {
        for c in &m {
            assert_valid(c);
        }
        for opts in all_options() {
            let outcome = if opts.odps_version == OdpsVersion::V1_0_0
                && reads_an_unknown_version(&m)
            {
                match manifest::export_files(&m, &opts) {
                    Err(ManifestError::Unversioned { .. }) => Ok(()),
                    other => Err(format!("not refused as unversioned: {other:?}")),
                }
            } else {
                try_bundle_round_trip(&m, opts)
                    .and_then(|back| assert_same(&m, &back))
                    .map_err(|e| format!("bundle: {e}"))
                    .and_then(|()| {
                        try_round_trip(&m, opts)
                            .and_then(|back| assert_same(&without_layout(&m), &back))
                            .map_err(|e| format!("manifests alone: {e}"))
                    })
            };
            if let Err(e) = outcome {
                return Err(TestCaseError::fail(format!(
                    "{:?}, ODCS {:?}, ODPS {:?}: {e}",
                    opts.encoding, opts.odcs_version, opts.odps_version
                )));
            }
        }
    }
}

// ------------------------------------------------------------- readers ---

/// Any JSON value, a few levels deep, with keys the readers look for.
fn json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let key = prop_oneof![
        prop::sample::select(
            &[
                "kind",
                "apiVersion",
                "id",
                "name",
                "version",
                "status",
                "schema",
                "properties",
                "outputPorts",
                "inputPorts",
                "customProperties",
                "property",
                "value",
                "contractId",
                "logicalType",
                "slaProperties",
                "team",
                "servers",
                "quality",
                "formatVersion",
                "product",
                "domain",
                "$schema",
                "fields",
                "source",
            ][..]
        )
        .prop_map(str::to_owned),
        text(),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        number().prop_map(Value::from),
        text().prop_map(Value::String),
        prop::sample::select(&["DataProduct", "DataContract", "v1.0.0", "v3.1.0", "v3.0.2"][..])
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Replaces the `at`-th node (in document order) of `doc` with `with`.
fn replace_node(doc: &mut serde_json::Value, at: &mut usize, with: &serde_json::Value) -> bool {
    use serde_json::Value;
    if *at == 0 {
        *doc = with.clone();
        return true;
    }
    *at -= 1;
    match doc {
        Value::Array(items) => items.iter_mut().any(|v| replace_node(v, at, with)),
        Value::Object(map) => map.values_mut().any(|v| replace_node(v, at, with)),
        _ => false,
    }
}

fn count_nodes(doc: &serde_json::Value) -> usize {
    use serde_json::Value;
    1 + match doc {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(map) => map.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// Gives `text` to every reader: the canvas parser, and the manifest import
/// as a JSON and as a YAML document. They may refuse it; they must return.
fn read_everywhere(text: &str) {
    let _ = format::parse_canvas_str(Path::new("fuzz.canvas.json"), text);
    for name in ["fuzz.odps.json", "fuzz.odps.yaml"] {
        let _ = manifest::import_documents(&[(name.to_owned(), text.to_owned())]);
    }
}

/// A generated mesh exported, with one node of one document replaced.
/// Manifest documents as `import_documents` takes them: (name, text).
type Docs = Vec<(String, String)>;

fn mutated_export() -> impl Strategy<Value = (Docs, Docs)> {
    (
        mesh(1..=2),
        any::<bool>(),
        any::<Index>(),
        any::<Index>(),
        json(),
    )
        .prop_map(|(m, yaml, doc, node, with)| {
            let opts = ExportOptions {
                encoding: if yaml {
                    ManifestEncoding::Yaml
                } else {
                    ManifestEncoding::Json
                },
                // Writes every generated mesh: an input port's version may
                // go unsaid.
                odps_version: OdpsVersion::V1_1_0,
                ..ExportOptions::default()
            };
            let files = manifest::export_files(&m, &opts).expect("a generated mesh exports");
            let docs: Docs = files
                .iter()
                .filter(|f| matches!(f.kind.as_str(), "odps" | "odcs"))
                .map(|f| (f.path.clone(), f.content.clone()))
                .collect();
            let mut mutated = docs.clone();
            let slot = doc.index(mutated.len());
            let (name, content) = &mut mutated[slot];
            let mut value = if yaml {
                manifest::yaml::parse(name, content).expect("export parses")
            } else {
                manifest::yaml::parse_json(name, content).expect("export parses")
            };
            let mut at = node.index(count_nodes(&value));
            replace_node(&mut value, &mut at, &with);
            *content = if yaml {
                manifest::yaml::to_yaml(&value).expect("yaml")
            } else {
                manifest::yaml::to_json(&value).expect("json")
            };
            (docs, mutated)
        })
}

proptest! {
    #![proptest_config(config(512))]

    /// Random bytes: the canvas parser and both manifest readers return.
    #[test]
    fn readers_return_on_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = format::parse_canvas_bytes(Path::new("fuzz.canvas.json"), &bytes);
        read_everywhere(&String::from_utf8_lossy(&bytes));
    }

    /// Random text made of JSON and YAML punctuation and words.
    #[test]
    fn readers_return_on_random_yaml_and_json_text(
        t in "([-:#&*!|>'\"%@`{}\\[\\],?.~ \t\n]|[a-z]{1,4}|[0-9]{1,3}|kind|apiVersion|v3\\.1\\.0){0,40}"
    ) {
        read_everywhere(&t);
    }

    /// Random JSON documents, as JSON text and as YAML text.
    #[test]
    fn readers_return_on_random_documents(doc in json()) {
        read_everywhere(&serde_json::to_string(&doc).expect("json"));
        read_everywhere(&manifest::yaml::to_yaml(&doc).expect("yaml"));
        let mut canvas_like = doc;
        if let Some(map) = canvas_like.as_object_mut() {
            map.insert("formatVersion".to_owned(), 1.into());
        }
        read_everywhere(&serde_json::to_string_pretty(&canvas_like).expect("json"));
    }
}

proptest! {
    #![proptest_config(config(96))]

    /// Exported manifests with one node replaced by a random value: the
    /// import returns (and the untouched bundle still reads).
    #[test]
    fn manifest_import_returns_on_mutated_exports((docs, mutated) in mutated_export()) {
        prop_assert!(manifest::import_documents(&docs).is_ok());
        let _ = manifest::import_documents(&mutated);
    }

    /// A canonical canvas with one node replaced by a random value: the
    /// canvas parser returns.
    #[test]
    fn canvas_parser_returns_on_mutated_canvases(
        c in canvas(),
        node in any::<Index>(),
        with in json(),
    ) {
        let mut value = serde_json::to_value(&c).expect("json");
        let mut at = node.index(count_nodes(&value));
        replace_node(&mut value, &mut at, &with);
        let text = serde_json::to_string_pretty(&value).expect("json");
        if let Ok(back) = format::parse_canvas_str(Path::new("m.canvas.json"), &text) {
            // What parses is a canvas the writer writes and reads again.
            let again = format::to_canonical_json(&back);
            prop_assert_eq!(
                format::parse_canvas_str(Path::new("m.canvas.json"), &again).ok(),
                Some(back)
            );
        }
    }
}
