//! The federation's standards: every default rule has a mesh that breaks it
//! and one that passes; layering, waivers, bad packs, determinism and the
//! incremental API.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use meshcanvas::model::{
    Archetype, Canvas, Consumer, DataClassification, DesignStep, Field, InputPort, InputSource,
    LifecycleStatus, LogicalType, OutputPort, Policy, PolicyKind, PortKind, QualityCheck, Slo,
    SloDimension, SloUnit, SupportChannel, TeamMember, Term, Waiver,
};
use meshcanvas::standards::{Date, LoadOptions, MeshCheck, Standards, StandardsError, synth};
use meshcanvas::wire::{Finding, Severity};

use crate::util;

/// The default standards, loaded once.
fn standards() -> Arc<Standards> {
    static S: OnceLock<Arc<Standards>> = OnceLock::new();
    S.get_or_init(|| {
        Arc::new(
            Standards::load(&util::repo_path("canvas-schemas/standards"))
                .unwrap_or_else(|e| panic!("default standards must load: {e}")),
        )
    })
    .clone()
}

/// The day waivers are judged against in these tests.
fn today() -> Date {
    Date::parse("2026-06-01").expect("date")
}

fn check_with(standards: Arc<Standards>, canvases: Vec<Canvas>) -> Vec<Finding> {
    let mut m = MeshCheck::new(standards, canvases);
    m.set_today(today());
    m.all_findings()
}

fn check(canvases: Vec<Canvas>) -> Vec<Finding> {
    check_with(standards(), canvases)
}

fn slo(dimension: SloDimension, target: f64, unit: SloUnit) -> Slo {
    Slo {
        dimension,
        target,
        unit,
        window: "30d".to_owned(),
        alarm_threshold: None,
        description: String::new(),
        ..Default::default()
    }
}

fn field(name: &str, description: &str) -> Field {
    Field {
        name: name.to_owned(),
        logical_type: LogicalType::String,
        description: description.to_owned(),
        ..Field::default()
    }
}

fn port(id: &str, freshness_minutes: f64, schema: Vec<Field>) -> OutputPort {
    OutputPort {
        id: id.to_owned(),
        name: id.to_owned(),
        kind: PortKind::Table,
        status: LifecycleStatus::Active,
        technology: "snowflake".to_owned(),
        description: format!("All {id}, one row each."),
        version: "1.0.0".to_owned(),
        objects: vec![meshcanvas::model::SchemaObject {
            physical_name: format!("analytics.{id}"),
            ..meshcanvas::model::SchemaObject::table(id, schema)
        }],
        usage_terms: String::new(),
        limitations: String::new(),
        slos: vec![
            slo(SloDimension::Freshness, freshness_minutes, SloUnit::Minutes),
            slo(SloDimension::Availability, 99.5, SloUnit::Percent),
        ],
        ..Default::default()
    }
}

/// A product that passes every default rule.
fn product(id: &str, domain: &str) -> Canvas {
    let mut c = Canvas::skeleton(id, &format!("{id} product"), domain);
    c.domain.team.name = format!("{domain} team");
    c.domain.team.support.push(SupportChannel {
        channel: "#data".to_owned(),
        url: "https://chat.example.com/data".to_owned(),
        ..SupportChannel::default()
    });
    c.domain.product_owner.name = "Ada Owner".to_owned();
    c.product.version = "1.2.0".to_owned();
    c.product.status = LifecycleStatus::Active;
    c.product.purpose = "Serves the facts other products and reports are built on.".to_owned();
    c.metadata.license = "internal-use".to_owned();
    c.consumers.push(Consumer {
        id: "finance-reporting".to_owned(),
        name: "Finance reporting".to_owned(),
        use_case: "We believe monthly close gets faster; we know when it takes under 3 days."
            .to_owned(),
        ports: vec![id.to_owned()],
        ..Consumer::default()
    });
    let mut approver = BTreeMap::new();
    approver.insert("approver".to_owned(), "data-protection-officer".to_owned());
    c.policies.push(Policy {
        id: "access".to_owned(),
        kind: PolicyKind::Access,
        statement: "Granted per request.".to_owned(),
        parameters: approver,
        ..Default::default()
    });
    let mut days = BTreeMap::new();
    days.insert("retentionDays".to_owned(), "3650".to_owned());
    c.policies.push(Policy {
        id: "retention".to_owned(),
        kind: PolicyKind::Retention,
        statement: "Kept ten years.".to_owned(),
        parameters: days,
        ..Default::default()
    });
    c
}

/// `orders` (with PII and a nested field) read by `revenue`.
fn base_mesh() -> Vec<Canvas> {
    let mut orders = product("orders", "sales");
    let mut email = field("customer_email", "Where receipts go.");
    email.pii = true;
    email.classification = Some(DataClassification::Restricted);
    let mut shipping = field("shipping", "Where the order goes.");
    shipping.logical_type = LogicalType::Object;
    shipping.fields = vec![
        field("city", "The city."),
        field("postcode", "The postcode."),
    ];
    orders.output_ports.push(port(
        "orders",
        60.0,
        vec![field("order_id", "The order's id."), email, shipping],
    ));
    orders.input_ports.push(InputPort {
        id: "shop".to_owned(),
        name: "Shop database".to_owned(),
        source: InputSource::Operational {
            system: "shop".to_owned(),
            technology: "postgres".to_owned(),
        },
        description: String::new(),
        expects: Vec::new(),
        contract_id: None,
        version: String::new(),
    });
    let mut revenue = product("revenue", "sales");
    revenue.product.archetype = Archetype::Aggregate;
    revenue.output_ports.push(port(
        "revenue",
        24.0 * 60.0,
        vec![field("day", "The day."), field("amount", "Revenue in EUR.")],
    ));
    revenue
        .input_ports
        .push(reads("orders", "orders", "orders"));
    vec![orders, revenue]
}

fn reads(id: &str, product: &str, port: &str) -> InputPort {
    InputPort {
        id: id.to_owned(),
        name: id.to_owned(),
        source: InputSource::Product {
            product_id: product.to_owned(),
            port_id: port.to_owned(),
        },
        description: String::new(),
        expects: Vec::new(),
        contract_id: None,
        version: String::new(),
    }
}

fn rule_ids(findings: &[Finding]) -> Vec<&str> {
    let mut v: Vec<&str> = findings.iter().map(|f| f.rule_id.as_str()).collect();
    v.dedup();
    v
}

fn find<'a>(findings: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.rule_id == rule).collect()
}

#[test]
fn base_mesh_passes_every_default_rule() {
    let findings = check(base_mesh());
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn default_pack_has_the_agreed_rules() {
    let ids: Vec<String> = standards()
        .rules()
        .into_iter()
        .filter(|r| r.pack_id == "global")
        .map(|r| r.id)
        .collect();
    for id in AGREED {
        assert!(ids.iter().any(|i| i == id), "missing {id}");
    }
    assert_eq!(ids.len(), AGREED.len());
    // The app shows hints as they are: no markup.
    for r in standards().rules() {
        assert!(!r.hint.contains('`'), "{}: {}", r.id, r.hint);
    }
    let kinds: Vec<String> = standards()
        .rules()
        .into_iter()
        .map(|r| r.check_kind)
        .collect();
    for k in ["schema", "rego", "mesh", "builtin"] {
        assert!(kinds.iter().any(|x| x == k), "no {k} rule");
    }
}

const AGREED: &[&str] = &[
    "owning-team-named",
    "support-channel-present",
    "product-id-is-slug",
    "product-id-unique-in-mesh",
    "version-is-semver",
    "purpose-stated",
    "product-has-output-port",
    "consumer-named",
    "output-port-has-schema",
    "table-has-fields",
    "output-port-has-description",
    "output-port-has-freshness-slo",
    "output-port-has-availability-slo",
    "card-ids-unique",
    "field-has-description",
    "pii-field-is-confidential-or-restricted",
    "pii-requires-retention-policy",
    "restricted-data-has-access-policy-with-approver",
    "consumer-aligned-names-consumer-and-use-case",
    "input-port-reference-resolves",
    "no-dependency-cycles",
    "freshness-not-better-than-inputs",
    "pii-classification-preserved-downstream",
    "deprecated-port-gains-no-consumers",
    "deprecated-port-has-sunset-date",
    "output-port-has-consumer",
    "active-product-has-license",
    "waiver-has-approver",
    "waiver-not-expired",
    "version-says-what-changed",
];

/// Breaks the base mesh with `edit` and expects exactly `rule` at
/// `pointer` on `product`, with the rule's default severity.
fn breaks(
    rule: &str,
    product: &str,
    pointer: &str,
    severity: Severity,
    edit: impl FnOnce(&mut Vec<Canvas>),
) {
    let mut mesh = base_mesh();
    edit(&mut mesh);
    let findings = check(mesh);
    let hits = find(&findings, rule);
    assert!(
        hits.iter()
            .any(|f| f.product_id == product && f.pointer == pointer && f.severity == severity),
        "expected {rule} at {product}{pointer} ({severity:?}), got {findings:#?}"
    );
    for f in &hits {
        assert!(!f.message.is_empty() && !f.hint.is_empty(), "{f:?}");
        // Written for a product owner: no placeholder or markup left over.
        assert!(
            !f.message.contains('{') && !f.message.contains('`') && !f.hint.contains('`'),
            "{} / {}",
            f.message,
            f.hint
        );
        assert_eq!(f.pack_id, "global");
        assert_eq!(f.pack_version, "1.4.0");
    }
}

#[test]
fn owning_team_named() {
    breaks(
        "owning-team-named",
        "orders",
        "/domain/team/name",
        Severity::Error,
        |m| {
            m[0].domain.team.name = "  ".to_owned();
        },
    );
    breaks(
        "owning-team-named",
        "orders",
        "/domain/productOwner/name",
        Severity::Error,
        |m| {
            m[0].domain.product_owner.name = String::new();
        },
    );
}

#[test]
fn support_channel_present() {
    breaks(
        "support-channel-present",
        "orders",
        "/domain/team/support",
        Severity::Error,
        |m| {
            m[0].domain.team.support[0].url = String::new();
        },
    );
    breaks(
        "support-channel-present",
        "orders",
        "/domain/team/support",
        Severity::Error,
        |m| {
            m[0].domain.team.support.clear();
        },
    );
}

#[test]
fn product_id_is_slug() {
    breaks(
        "product-id-is-slug",
        "Revenue_2",
        "/product/id",
        Severity::Error,
        |m| {
            m[1].product.id = "Revenue_2".to_owned();
        },
    );
    let findings = check(vec![product("a-b-3", "sales")]);
    assert!(find(&findings, "product-id-is-slug").is_empty());
}

#[test]
fn product_id_unique_in_mesh() {
    let mut mesh = base_mesh();
    let mut twin = mesh[1].clone();
    twin.product.name = "Another revenue".to_owned();
    mesh.push(twin);
    let m = MeshCheck::new(standards(), mesh);
    for slot in [1, 2] {
        let f = find(m.findings_at(slot), "product-id-unique-in-mesh");
        assert_eq!(f.len(), 1, "{:?}", m.findings_at(slot));
        assert_eq!(f[0].pointer, "/product/id");
    }
    assert!(find(m.findings_at(0), "product-id-unique-in-mesh").is_empty());
}

#[test]
fn version_is_semver() {
    breaks(
        "version-is-semver",
        "orders",
        "/product/version",
        Severity::Error,
        |m| {
            m[0].product.version = "1.2".to_owned();
        },
    );
    let mut c = product("x", "sales");
    c.product.version = "2.0.0-rc.1".to_owned();
    assert!(find(&check(vec![c]), "version-is-semver").is_empty());
}

#[test]
fn purpose_stated() {
    breaks(
        "purpose-stated",
        "orders",
        "/product/purpose",
        Severity::Warning,
        |m| {
            m[0].product.purpose = "Orders.".to_owned();
        },
    );
}

#[test]
fn output_port_has_schema() {
    breaks(
        "output-port-has-schema",
        "revenue",
        "/outputPorts/0/objects",
        Severity::Error,
        |m| {
            m[1].output_ports[0].objects.clear();
        },
    );
}

#[test]
fn table_has_fields() {
    breaks(
        "table-has-fields",
        "revenue",
        "/outputPorts/0/objects/0/fields",
        Severity::Error,
        |m| {
            m[1].output_ports[0].objects[0].fields.clear();
        },
    );
}

#[test]
fn output_port_has_description() {
    breaks(
        "output-port-has-description",
        "revenue",
        "/outputPorts/0/description",
        Severity::Error,
        |m| {
            m[1].output_ports[0].description = String::new();
        },
    );
}

#[test]
fn output_port_has_freshness_slo() {
    breaks(
        "output-port-has-freshness-slo",
        "revenue",
        "/outputPorts/0/slos",
        Severity::Error,
        |m| {
            m[1].output_ports[0]
                .slos
                .retain(|s| s.dimension != SloDimension::Freshness);
        },
    );
    // A freshness SLO whose target nobody set (a new row) promises nothing.
    breaks(
        "output-port-has-freshness-slo",
        "revenue",
        "/outputPorts/0/slos",
        Severity::Error,
        |m| {
            for s in &mut m[1].output_ports[0].slos {
                if s.dimension == SloDimension::Freshness {
                    s.target = 0.0;
                }
            }
        },
    );
}

#[test]
fn output_port_has_availability_slo() {
    breaks(
        "output-port-has-availability-slo",
        "revenue",
        "/outputPorts/0/slos",
        Severity::Error,
        |m| {
            m[1].output_ports[0]
                .slos
                .retain(|s| s.dimension != SloDimension::Availability);
        },
    );
    breaks(
        "output-port-has-availability-slo",
        "revenue",
        "/outputPorts/0/slos",
        Severity::Error,
        |m| {
            for s in &mut m[1].output_ports[0].slos {
                if s.dimension == SloDimension::Availability {
                    s.target = 0.0;
                }
            }
        },
    );
}

/// The `card-ids-unique` findings of one product, as `(pointer, message)`.
fn duplicate_ids(findings: &[Finding], product: &str) -> Vec<(String, String)> {
    find(findings, "card-ids-unique")
        .into_iter()
        .filter(|f| f.product_id == product)
        .map(|f| (f.pointer.clone(), f.message.clone()))
        .collect()
}

#[test]
fn a_duplicate_id_is_an_error_on_both_cards_of_every_kind() {
    type Dup = fn(&mut Canvas);
    let cases: [(&str, &str, Dup); 6] = [
        ("/outputPorts", "id", |c| {
            let p = c.output_ports[0].clone();
            c.output_ports.push(p);
        }),
        ("/inputPorts", "id", |c| {
            let p = c.input_ports[0].clone();
            c.input_ports.push(p);
        }),
        ("/consumers", "id", |c| {
            let mut x = c.consumers[0].clone();
            x.name = "Audit".to_owned();
            c.consumers.push(x);
        }),
        ("/design/steps", "id", |c| {
            for name in ["Load", "Clean"] {
                c.design.steps.push(DesignStep {
                    id: "load".to_owned(),
                    name: name.to_owned(),
                    ..DesignStep::default()
                });
            }
        }),
        ("/observability/qualityChecks", "id", |c| {
            for name in ["No duplicates", "No gaps"] {
                c.observability.quality_checks.push(QualityCheck {
                    id: "orders-unique".to_owned(),
                    name: name.to_owned(),
                    ..QualityCheck::default()
                });
            }
        }),
        ("/policies", "id", |c| {
            c.policies[1].id = c.policies[0].id.clone();
        }),
    ];
    for (list, field, dup) in cases {
        let mut mesh = base_mesh();
        dup(&mut mesh[0]);
        let findings = check(mesh);
        let hits = duplicate_ids(&findings, "orders");
        let pointers: Vec<&str> = hits.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            vec![format!("{list}/0/{field}"), format!("{list}/1/{field}")],
            "{list}: {findings:#?}"
        );
        for (_, message) in &hits {
            assert!(message.contains("have the id"), "{message}");
            assert!(message.contains("give each its own id"), "{message}");
        }
        let f = find(&findings, "card-ids-unique")[0];
        assert_eq!(f.severity, Severity::Error);
        assert!(!f.hint.is_empty());
    }
}

#[test]
fn a_duplicate_consumer_id_names_both_consumers() {
    let mut mesh = base_mesh();
    let mut audit = mesh[0].consumers[0].clone();
    audit.name = "Audit".to_owned();
    mesh[0].consumers.push(audit);
    let hits = duplicate_ids(&check(mesh), "orders");
    assert_eq!(hits.len(), 2);
    assert_eq!(
        hits[0].1,
        "2 consumers have the id \"finance-reporting\" (\"Finance reporting\", \"Audit\"); \
         give each its own id"
    );
    assert_eq!(hits[0].1, hits[1].1);
}

#[test]
fn terms_that_differ_only_in_case_or_spaces_are_duplicates() {
    let mut mesh = base_mesh();
    for term in ["Tier", "Order", " tier "] {
        mesh[0].ubiquitous_language.push(Term {
            term: term.to_owned(),
            definition: "A definition.".to_owned(),
            ..Term::default()
        });
    }
    let hits = duplicate_ids(&check(mesh), "orders");
    let pointers: Vec<&str> = hits.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        ["/ubiquitousLanguage/0/term", "/ubiquitousLanguage/2/term"]
    );
    assert!(
        hits[0]
            .1
            .starts_with("the term \"Tier\" is defined 2 times (\"Tier\", \" tier \")"),
        "{}",
        hits[0].1
    );
    assert!(
        hits[1]
            .1
            .starts_with("the term \"tier\" is defined 2 times")
    );
}

#[test]
fn three_cards_with_one_id_are_each_reported_once() {
    let mut mesh = base_mesh();
    let p = mesh[0].policies[0].clone();
    mesh[0].policies.push(p);
    mesh[0].policies[1].id = "access".to_owned();
    let hits = duplicate_ids(&check(mesh), "orders");
    let pointers: Vec<&str> = hits.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        ["/policies/0/id", "/policies/1/id", "/policies/2/id"]
    );
    assert!(
        hits[0]
            .1
            .starts_with("3 policies have the id \"access\" (number 1, number 2, number 3)")
    );
}

#[test]
fn cards_of_different_kinds_may_share_an_id() {
    let mut mesh = base_mesh();
    // An output port, an input port, a consumer and a policy all called `orders`.
    mesh[0].input_ports[0].id = "orders".to_owned();
    mesh[0].consumers[0].id = "orders".to_owned();
    mesh[0].policies[0].id = "orders".to_owned();
    assert!(duplicate_ids(&check(mesh), "orders").is_empty());
}

#[test]
fn field_has_description_nested_too() {
    breaks(
        "field-has-description",
        "orders",
        "/outputPorts/0/objects/0/fields/2/fields/1/description",
        Severity::Warning,
        |m| {
            m[0].output_ports[0].objects[0].fields[2].fields[1].description = String::new();
        },
    );
}

/// The name of field `i` of the base mesh's first port.
fn mesh_field_name(i: usize) -> String {
    base_mesh()[0].output_ports[0].objects[0].fields[i]
        .name
        .clone()
}

/// A draft nobody has filled in does not "meet the standards": the
/// standards see that it serves nothing and names no consumer.
#[test]
fn a_product_without_ports_or_consumers_is_not_a_finished_product() {
    breaks(
        "product-has-output-port",
        "orders",
        "/outputPorts",
        Severity::Error,
        |m| {
            // Nobody reads a product that serves nothing.
            for c in m.iter_mut() {
                c.input_ports.clear();
            }
            m[0].output_ports.clear();
        },
    );
    breaks(
        "consumer-named",
        "orders",
        "/consumers",
        Severity::Warning,
        |m| {
            m[0].consumers.clear();
        },
    );
}

#[test]
fn a_port_finding_names_the_port() {
    let mut mesh = base_mesh();
    mesh[0].output_ports[0].description = String::new();
    let name = mesh[0].output_ports[0].name.clone();
    let findings = check(mesh);
    let hit = find(&findings, "output-port-has-description");
    assert_eq!(hit.len(), 1, "{findings:#?}");
    assert!(
        hit[0]
            .message
            .starts_with(&format!("output port \"{name}\" has no description")),
        "{}",
        hit[0].message
    );
}

#[test]
fn pii_field_is_confidential_or_restricted() {
    breaks(
        "pii-field-is-confidential-or-restricted",
        "orders",
        "/outputPorts/0/objects/0/fields/2/fields/0/classification",
        Severity::Error,
        |m| {
            // Nested PII, classified internal.
            m[0].output_ports[0].objects[0].fields[2].fields[0].pii = true;
        },
    );
    // A top-level field: the message says how it is classified.
    let mut mesh = base_mesh();
    mesh[0].output_ports[0].objects[0].fields[0].pii = true;
    mesh[0].output_ports[0].objects[0].fields[0].classification = Some(DataClassification::Public);
    let findings = check(mesh);
    let hits = find(&findings, "pii-field-is-confidential-or-restricted");
    assert_eq!(hits.len(), 1, "{findings:#?}");
    assert_eq!(
        hits[0].pointer,
        "/outputPorts/0/objects/0/fields/0/classification"
    );
    let field = mesh_field_name(0);
    assert!(
        hits[0].message.contains("\"public\"")
            && hits[0].message.contains(&format!("field \"{field}\"")),
        "the message names the field and its classification: {}",
        hits[0].message
    );

    let mut mesh = base_mesh();
    mesh[0].output_ports[0].objects[0].fields[1].classification =
        Some(DataClassification::Confidential);
    assert!(find(&check(mesh), "pii-field-is-confidential-or-restricted").is_empty());
}

#[test]
fn pii_requires_retention_policy() {
    breaks(
        "pii-requires-retention-policy",
        "orders",
        "/policies",
        Severity::Error,
        |m| {
            m[0].policies.retain(|p| p.kind != PolicyKind::Retention);
        },
    );
    // Without PII no retention policy is needed.
    let mut mesh = base_mesh();
    mesh[1].policies.retain(|p| p.kind != PolicyKind::Retention);
    assert!(find(&check(mesh), "pii-requires-retention-policy").is_empty());
}

#[test]
fn restricted_data_has_access_policy_with_approver() {
    breaks(
        "restricted-data-has-access-policy-with-approver",
        "orders",
        "/policies",
        Severity::Error,
        |m| {
            m[0].policies[0]
                .parameters
                .insert("approver".to_owned(), " ".to_owned());
        },
    );
    breaks(
        "restricted-data-has-access-policy-with-approver",
        "orders",
        "/policies",
        Severity::Error,
        |m| {
            m[0].policies.retain(|p| p.kind != PolicyKind::Access);
        },
    );
}

#[test]
fn consumer_aligned_names_consumer_and_use_case() {
    breaks(
        "consumer-aligned-names-consumer-and-use-case",
        "revenue",
        "/consumers",
        Severity::Error,
        |m| {
            m[1].product.archetype = Archetype::ConsumerAligned;
            m[1].consumers[0].use_case = String::new();
        },
    );
    let mut mesh = base_mesh();
    mesh[1].product.archetype = Archetype::ConsumerAligned;
    assert!(find(&check(mesh), "consumer-aligned-names-consumer-and-use-case").is_empty());
}

#[test]
fn input_port_reference_resolves() {
    breaks(
        "input-port-reference-resolves",
        "revenue",
        "/inputPorts/0/source/portId",
        Severity::Error,
        |m| {
            m[1].input_ports[0] = reads("orders", "orders", "order-lines");
        },
    );
    breaks(
        "input-port-reference-resolves",
        "revenue",
        "/inputPorts/0/source/productId",
        Severity::Error,
        |m| {
            m[1].input_ports[0] = reads("orders", "ordres", "orders");
        },
    );
}

#[test]
fn no_dependency_cycles() {
    breaks(
        "no-dependency-cycles",
        "orders",
        "/inputPorts/1/source/productId",
        Severity::Error,
        |m| {
            m[0].input_ports.push(reads("back", "revenue", "revenue"));
        },
    );
    // A product reading itself is a cycle too.
    breaks(
        "no-dependency-cycles",
        "revenue",
        "/inputPorts/1/source/productId",
        Severity::Error,
        |m| {
            m[1].input_ports.push(reads("self", "revenue", "revenue"));
        },
    );
}

#[test]
fn freshness_not_better_than_inputs() {
    breaks(
        "freshness-not-better-than-inputs",
        "revenue",
        "/outputPorts/0/slos/0/target",
        Severity::Error,
        |m| {
            m[1].output_ports[0].slos[0] = slo(SloDimension::Freshness, 10.0, SloUnit::Minutes);
        },
    );
    // Equal is fine, in another unit.
    let mut mesh = base_mesh();
    mesh[1].output_ports[0].slos[0] = slo(SloDimension::Freshness, 1.0, SloUnit::Hours);
    assert!(find(&check(mesh), "freshness-not-better-than-inputs").is_empty());
}

#[test]
fn pii_classification_preserved_downstream() {
    breaks(
        "pii-classification-preserved-downstream",
        "revenue",
        "/outputPorts/0/objects/0/fields/2/pii",
        Severity::Error,
        |m| {
            m[1].output_ports[0].objects[0]
                .fields
                .push(field("customer_email", "Copied."));
        },
    );
    breaks(
        "pii-classification-preserved-downstream",
        "revenue",
        "/outputPorts/0/objects/0/fields/2/classification",
        Severity::Error,
        |m| {
            let mut f = field("customer_email", "Copied.");
            f.pii = true;
            f.classification = Some(DataClassification::Confidential);
            m[1].output_ports[0].objects[0].fields.push(f);
        },
    );
    let mut mesh = base_mesh();
    let mut f = field("customer_email", "Copied.");
    f.pii = true;
    f.classification = Some(DataClassification::Restricted);
    mesh[1].output_ports[0].objects[0].fields.push(f);
    assert!(check(mesh).is_empty());
}

#[test]
fn deprecated_port_gains_no_consumers() {
    breaks(
        "deprecated-port-gains-no-consumers",
        "revenue",
        "/inputPorts/0/source",
        Severity::Warning,
        |m| {
            m[0].output_ports[0].status = LifecycleStatus::Deprecated;
            m[1].product.status = LifecycleStatus::Draft;
        },
    );
    // An active reader that already reads it is not a new consumer.
    let mut mesh = base_mesh();
    mesh[0].output_ports[0].status = LifecycleStatus::Deprecated;
    assert!(find(&check(mesh), "deprecated-port-gains-no-consumers").is_empty());
}

#[test]
fn deprecated_port_has_sunset_date() {
    breaks(
        "deprecated-port-has-sunset-date",
        "orders",
        "/outputPorts/0/sunset",
        Severity::Error,
        |m| m[0].output_ports[0].status = LifecycleStatus::Deprecated,
    );
    // A day written another way is no sunset date.
    let mut mesh = base_mesh();
    mesh[0].output_ports[0].status = LifecycleStatus::Deprecated;
    mesh[0].output_ports[0].sunset = Some("31/03/2027".to_owned());
    let findings = check(mesh.clone());
    let hits = find(&findings, "deprecated-port-has-sunset-date");
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert!(
        hits[0].message.contains("31/03/2027"),
        "{}",
        hits[0].message
    );
    mesh[0].output_ports[0].sunset = Some("2027-03-31".to_owned());
    assert!(find(&check(mesh.clone()), "deprecated-port-has-sunset-date").is_empty());
    // Only a deprecated port needs one.
    mesh[0].output_ports[0].status = LifecycleStatus::Active;
    mesh[0].output_ports[0].sunset = None;
    assert!(find(&check(mesh), "deprecated-port-has-sunset-date").is_empty());
}

#[test]
fn output_port_has_consumer() {
    breaks(
        "output-port-has-consumer",
        "revenue",
        "/outputPorts/0",
        Severity::Info,
        |m| {
            m[1].consumers[0].ports.clear();
        },
    );
    // `orders` is read by `revenue`, which counts as a consumer.
    let mut mesh = base_mesh();
    mesh[0].consumers[0].ports.clear();
    assert!(find(&check(mesh), "output-port-has-consumer").is_empty());
}

#[test]
fn active_product_has_license() {
    breaks(
        "active-product-has-license",
        "orders",
        "/metadata/license",
        Severity::Warning,
        |m| {
            m[0].metadata.license = String::new();
        },
    );
    let mut mesh = base_mesh();
    mesh[0].metadata.license = String::new();
    mesh[0].product.status = LifecycleStatus::Proposed;
    assert!(find(&check(mesh), "active-product-has-license").is_empty());
}

fn waiver(rule: &str, pointer: &str, approver: Option<&str>, expires: Option<&str>) -> Waiver {
    Waiver {
        rule_id: rule.to_owned(),
        pointer: pointer.to_owned(),
        reason: "Migrating in Q3.".to_owned(),
        approver: approver.map(str::to_owned),
        expires: expires.map(str::to_owned),
    }
}

#[test]
fn waiver_matches_rule_and_pointer() {
    let mut mesh = base_mesh();
    mesh[1].output_ports[0].description = String::new();
    mesh[1].waivers.push(waiver(
        "output-port-has-description",
        "/outputPorts/0",
        Some("governance-board"),
        Some("2026-12-31"),
    ));
    let findings = check(mesh);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let w = findings[0].waived.as_ref().expect("waived");
    assert_eq!(w.index, 0);
    assert_eq!(w.approver, "governance-board");
    // A waiver for another place waives nothing.
    let mut mesh = base_mesh();
    mesh[1].output_ports[0].description = String::new();
    mesh[1].waivers.push(waiver(
        "output-port-has-description",
        "/outputPorts/1",
        Some("governance-board"),
        None,
    ));
    assert!(check(mesh).iter().all(|f| f.waived.is_none()));
}

#[test]
fn waiver_has_approver() {
    breaks(
        "waiver-has-approver",
        "revenue",
        "/waivers/0",
        Severity::Error,
        |m| {
            m[1].output_ports[0].description = String::new();
            m[1].waivers.push(waiver(
                "output-port-has-description",
                "",
                None,
                Some("2026-12-31"),
            ));
        },
    );
    let mut mesh = base_mesh();
    mesh[1].output_ports[0].description = String::new();
    mesh[1]
        .waivers
        .push(waiver("output-port-has-description", "", Some(""), None));
    let findings = check(mesh);
    assert!(
        find(&findings, "output-port-has-description")[0]
            .waived
            .is_none()
    );
}

#[test]
fn waiver_not_expired() {
    breaks(
        "waiver-not-expired",
        "revenue",
        "/waivers/0/expires",
        Severity::Error,
        |m| {
            m[1].output_ports[0].description = String::new();
            m[1].waivers.push(waiver(
                "output-port-has-description",
                "",
                Some("board"),
                Some("2026-05-31"),
            ));
        },
    );
    let mut mesh = base_mesh();
    mesh[1].output_ports[0].description = String::new();
    mesh[1].waivers.push(waiver(
        "output-port-has-description",
        "",
        Some("board"),
        Some("2026-05-31"),
    ));
    let findings = check(mesh);
    assert!(
        find(&findings, "output-port-has-description")[0]
            .waived
            .is_none(),
        "expired waives nothing"
    );
    // Not a date: also a finding.
    breaks(
        "waiver-not-expired",
        "revenue",
        "/waivers/0/expires",
        Severity::Error,
        |m| {
            m[1].waivers.push(waiver(
                "purpose-stated",
                "",
                Some("board"),
                Some("next summer"),
            ));
        },
    );
    // Expiring today is still in force.
    let mut mesh = base_mesh();
    mesh[1].product.purpose = "Short.".to_owned();
    mesh[1].waivers.push(waiver(
        "purpose-stated",
        "",
        Some("board"),
        Some("2026-06-01"),
    ));
    let findings = check(mesh);
    assert_eq!(findings.len(), 1);
    assert!(findings[0].waived.is_some());
}

#[test]
fn domain_pack_adds_rules_and_raises_severities() {
    let mut mesh = base_mesh();
    for c in &mut mesh {
        c.domain.name = "finance".to_owned();
        c.product.purpose = "Too short".to_owned();
    }
    let findings = check(mesh.clone());
    let purpose = find(&findings, "purpose-stated");
    assert!(
        !purpose.is_empty() && purpose.iter().all(|f| f.severity == Severity::Error),
        "{findings:#?}"
    );
    for rule in [
        "finance-steward-named",
        "finance-output-port-has-completeness-slo",
    ] {
        let f = find(&findings, rule);
        assert!(!f.is_empty(), "{rule}");
        assert_eq!(f[0].pack_id, "finance");
    }
    // Fix what finance asks for: only the purpose is left.
    for c in &mut mesh {
        c.domain.team.members.push(TeamMember {
            name: "Sam".to_owned(),
            email: String::new(),
            role: "Data Steward".to_owned(),
        });
        for p in &mut c.output_ports {
            p.slos
                .push(slo(SloDimension::Completeness, 99.9, SloUnit::Percent));
        }
    }
    assert_eq!(rule_ids(&check(mesh)), ["purpose-stated"]);
    // Another domain gets the global severities.
    let mut c = product("x", "sales");
    c.product.purpose = "Too short".to_owned();
    assert_eq!(
        find(&check(vec![c]), "purpose-stated")[0].severity,
        Severity::Warning
    );
}

#[test]
fn finance_retention_is_five_years() {
    let mut mesh = base_mesh();
    mesh.truncate(1);
    mesh[0].domain.name = "finance".to_owned();
    mesh[0].policies[1]
        .parameters
        .insert("retentionDays".to_owned(), "365".to_owned());
    let findings = check(mesh);
    let f = find(&findings, "finance-retention-at-least-five-years");
    assert_eq!(f.len(), 1, "{findings:#?}");
    assert_eq!(f[0].pointer, "/policies/1/parameters");
}

// ---- Packs: layering and bad input ---------------------------------------

/// A copy of the default standards in a temporary folder, to add packs to.
fn standards_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(&util::repo_path("canvas-schemas/standards"), tmp.path());
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir").flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).expect("copy");
        }
    }
}

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(&p, text).expect("write");
    p
}

fn load_err(dir: &Path) -> String {
    match Standards::load(dir) {
        Ok(_) => panic!("expected {} to fail to load", dir.display()),
        Err(e) => e.to_string(),
    }
}

fn domain_pack(overrides: &str, rules: &str) -> String {
    format!(
        r#"{{
  "id": "customers",
  "version": "1.0.0",
  "title": "Customers domain standards",
  "owner": {{ "kind": "domain", "name": "Customers board" }},
  "extends": "global",
  "domain": "customers",
  "overrides": [{overrides}],
  "rules": [{rules}]
}}"#
    )
}

#[test]
fn raising_a_severity_loads() {
    let tmp = standards_copy();
    write(
        tmp.path(),
        "domains/customers.pack.json",
        &domain_pack(
            r#"{"rule": "output-port-has-consumer", "severity": "error"}"#,
            "",
        ),
    );
    let s = Standards::load(tmp.path()).expect("loads");
    let r = s
        .rules_for_domain("customers")
        .into_iter()
        .find(|r| r.id == "output-port-has-consumer")
        .expect("rule");
    assert_eq!(r.severity, Severity::Error);
    assert_eq!(r.pack_id, "customers");
}

#[test]
fn lowering_a_severity_is_refused_naming_the_rule() {
    let tmp = standards_copy();
    let file = write(
        tmp.path(),
        "domains/customers.pack.json",
        &domain_pack(
            r#"{"rule": "output-port-has-freshness-slo", "severity": "warning"}"#,
            "",
        ),
    );
    let e = load_err(tmp.path());
    assert!(e.contains("output-port-has-freshness-slo"), "{e}");
    assert!(e.contains("lowers"), "{e}");
    assert!(e.contains(&file.display().to_string()), "{e}");
    assert!(e.contains("/overrides/0/severity"), "{e}");
}

#[test]
fn dropping_a_rule_is_refused_naming_the_rule() {
    let tmp = standards_copy();
    write(
        tmp.path(),
        "domains/customers.pack.json",
        &domain_pack(r#"{"rule": "purpose-stated", "severity": "off"}"#, ""),
    );
    let e = load_err(tmp.path());
    assert!(e.contains("drops inherited rule `purpose-stated`"), "{e}");
}

#[test]
fn malformed_pack_names_file_and_line() {
    let tmp = standards_copy();
    let file = write(
        tmp.path(),
        "domains/customers.pack.json",
        "{\n  \"id\": \"customers\",\n  oops\n}",
    );
    let e = load_err(tmp.path());
    assert!(e.contains(&format!("{}:3:3", file.display())), "{e}");
    // Valid JSON, not a pack: the schema names the place.
    write(
        tmp.path(),
        "domains/customers.pack.json",
        r#"{"id": "Customers", "version": "1", "title": "x", "owner": {"kind": "domain", "name": "x"}, "rules": []}"#,
    );
    let e = load_err(tmp.path());
    assert!(e.contains("/id") && e.contains("/version"), "{e}");
}

fn rego_rule(id: &str, check: &str) -> String {
    format!(
        r#"{{"id": "{id}", "title": "t", "rationale": "r", "severity": "error", "scope": "canvas", "hint": "h", "check": {check}}}"#
    )
}

#[test]
fn rego_syntax_error_names_file_rule_and_position() {
    let tmp = standards_copy();
    let file = write(
        tmp.path(),
        "domains/customers.pack.json",
        &domain_pack(
            "",
            &rego_rule(
                "customers-broken",
                r#"{"kind": "rego", "policy": "package customers.broken\nimport rego.v1\ndeny contains msg if {\n  msg := \n}\n"}"#,
            ),
        ),
    );
    let e = load_err(tmp.path());
    assert!(
        e.contains(&format!("{}#customers-broken:", file.display())),
        "{e}"
    );
    assert!(e.contains("rule `customers-broken`"), "{e}");
    assert!(
        e.contains("#customers-broken:4:7:"),
        "expected a line:column position: {e}"
    );
}

#[test]
fn selector_matching_nothing_is_refused() {
    let tmp = standards_copy();
    write(
        tmp.path(),
        "domains/customers.pack.json",
        &domain_pack(
            "",
            &rego_rule(
                "customers-typo",
                r#"{"kind": "schema", "selector": "/outputPort/*/description", "schema": true, "message": "m"}"#,
            ),
        ),
    );
    let e = load_err(tmp.path());
    assert!(
        e.contains("customers-typo") && e.contains("matches nothing"),
        "{e}"
    );
    assert!(e.contains("no property `outputPort`"), "{e}");
}

#[test]
fn a_pack_written_for_format_v1_is_told_where_fields_moved() {
    let tmp = standards_copy();
    write(
        tmp.path(),
        "domains/customers.pack.json",
        &domain_pack(
            "",
            &rego_rule(
                "customers-v1",
                r#"{"kind": "schema", "selector": "/outputPorts/*/schema/*", "schema": true, "message": "m"}"#,
            ),
        ),
    );
    let e = load_err(tmp.path());
    assert!(
        e.contains("customers-v1") && e.contains("no property `schema`"),
        "{e}"
    );
    assert!(e.contains("`/outputPorts/*/objects/*/fields/*`"), "{e}");
}

#[test]
fn duplicate_rule_id_is_refused() {
    let tmp = standards_copy();
    write(
        tmp.path(),
        "domains/customers.pack.json",
        &domain_pack(
            "",
            &rego_rule(
                "purpose-stated",
                r#"{"kind": "schema", "selector": "/product/purpose", "schema": true, "message": "m"}"#,
            ),
        ),
    );
    let e = load_err(tmp.path());
    assert!(
        e.contains("rule `purpose-stated`") && e.contains("used twice"),
        "{e}"
    );
}

#[test]
fn unbounded_allocation_builtins_are_refused() {
    // A backtick string holding `#` before the call hid it from the text
    // search that refused it before.
    let tmp = standards_copy();
    write(
        tmp.path(),
        "domains/customers.pack.json",
        &domain_pack(
            "",
            &rego_rule(
                "customers-huge",
                r#"{"kind": "rego", "policy": "package customers.huge\nimport rego.v1\ndeny contains \"x\" if {\n  x := `#`; count(numbers.range(1, 100000000000)) > count(x)\n}\n"}"#,
            ),
        ),
    );
    let e = load_err(tmp.path());
    assert!(
        e.contains("customers-huge") && e.contains(":4:19") && e.contains("numbers.range"),
        "{e}"
    );
}

#[test]
fn looping_rego_is_stopped_and_other_rules_still_report() {
    let tmp = standards_copy();
    // Four nested walks over the whole canvas: a few hundred million steps,
    // far more than any limit lets run.
    write(
        tmp.path(),
        "domains/customers.pack.json",
        &domain_pack(
            "",
            &(rego_rule(
                "customers-slow",
                r#"{"kind": "rego", "policy": "package customers.slow\nimport rego.v1\ndeny contains \"never\" if {\n  walk(input, [a, _])\n  walk(input, [b, _])\n  walk(input, [c, _])\n  walk(input, [d, _])\n  count(a) + count(b) + count(c) + count(d) < 0\n}\n"}"#,
            ) + ", "
                + &rego_rule(
                    "customers-zz-tagged",
                    r#"{"kind": "rego", "policy": "package customers.tagged\nimport rego.v1\ndeny contains {\"msg\": \"untagged\", \"pointer\": \"/product/tags\"} if {\n  count(input.product.tags) == 0\n}\n"}"#,
                )),
        ),
    );
    // A limit of zero makes the outcome independent of the machine's speed
    // and load, where any limit above zero would be a race between the
    // clock and a busy machine: regorus reads the clock only every 32 steps
    // of an evaluation (`RegoPack::new`), so the slow rule is stopped at its
    // first reading, and the tagged rule (one lookup and a count, fewer
    // steps than that) finishes before any reading and is never stopped.
    // Whether a rule is stopped depends on its steps alone, not the clock.
    let s = Arc::new(
        Standards::load_with(
            tmp.path(),
            &LoadOptions {
                rego_time_limit: std::time::Duration::ZERO,
                ..LoadOptions::default()
            },
        )
        .expect("loads"),
    );
    let mut mesh = base_mesh();
    for c in &mut mesh {
        c.domain.name = "customers".to_owned();
    }
    mesh[1].product.purpose = "Short".to_owned();
    let mut m = MeshCheck::new(s, mesh);
    m.set_today(today());
    let errors = m.run_errors();
    assert!(!errors.is_empty());
    // (The global pack's Rego rules walk the canvas too, and are stopped
    // alike under a limit of zero.)
    let slow: Vec<_> = errors
        .iter()
        .filter(|e| e.rule_id == "customers-slow")
        .collect();
    assert_eq!(slow.len(), 2, "stopped on each canvas: {errors:#?}");
    for e in &slow {
        assert!(
            e.source.contains("customers.pack.json#customers-slow"),
            "{e:?}"
        );
        assert!(e.message.contains("stopped"), "{e:?}");
    }
    assert!(
        !errors.iter().any(|e| e.rule_id == "customers-zz-tagged"),
        "{errors:#?}"
    );
    let findings = m.all_findings();
    assert!(
        !find(&findings, "purpose-stated").is_empty(),
        "other rules still report"
    );
    // The rule after the stopped one, in the same pack, runs on a fresh
    // engine and reports on every canvas.
    let tagged = find(&findings, "customers-zz-tagged");
    assert_eq!(tagged.len(), 2, "{findings:#?}");
    assert!(tagged.iter().all(|f| f.pointer == "/product/tags"));
    assert!(
        find(&findings, "customers-slow")
            .iter()
            .all(|f| f.severity == Severity::Error)
    );
}

/// A customers pack whose policies are `rules` (`(id, policy)`) beside a
/// rule that always reports, in a copy of the default standards.
fn customers_policies(rules: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = standards_copy();
    let mut all: Vec<String> = rules
        .iter()
        .map(|(id, policy)| {
            let check = serde_json::json!({"kind": "rego", "policy": policy});
            rego_rule(id, &check.to_string())
        })
        .collect();
    all.push(rego_rule(
        "customers-zz-tagged",
        r#"{"kind": "rego", "policy": "package customers.tagged\nimport rego.v1\ndeny contains {\"msg\": \"reported\", \"pointer\": \"/product/tags\"} if {\n  count(input.product.tags) >= 0\n}\n"}"#,
    ));
    write(
        tmp.path(),
        "domains/customers.pack.json",
        &domain_pack("", &all.join(", ")),
    );
    tmp
}

/// Whether a run error says its policy was stopped by the worker's memory
/// limit or, on a machine too busy for it to reach that limit in time, by
/// the kill after the time limit: which one comes first depends on the
/// machine, and both end the worker.
fn stopped_by_a_limit(line: &str) -> bool {
    line.contains("stopped: it needed more than the 1 GiB a policy may use; its worker was ended")
        || line.contains(
            "stopped: still running 500 ms after its time limit of 2000 ms, inside one step; its \
             worker was ended",
        )
}

/// `meshcanvas check` (which evaluates Rego in its policy worker) of
/// `paths` against `standards`: exit code, stdout, stderr.
fn check_with_worker(standards: &Path, paths: &[&Path]) -> (i32, String, String) {
    util::outcome(
        util::meshcanvas()
            .arg("check")
            .arg("--standards")
            .arg(standards)
            .args(paths),
    )
}

#[test]
fn a_policy_allocating_gigabytes_in_one_step_is_stopped_and_the_others_report() {
    // Each of these asked for 2 GB or more in a handful of steps, which no
    // execution timer can stop; in the process that checks, they ended it
    // (or the desktop app) for want of memory.
    let tmp = customers_policies(&[
        (
            "customers-sprintf",
            "package customers.sprintf\nimport rego.v1\ndeny contains \"x\" if {\n  count(sprintf(\"%0999999999d\", [1])) < 0\n}\n",
        ),
        (
            "customers-replace",
            "package customers.replace\nimport rego.v1\ndeny contains \"x\" if {\n  s := concat(\"\", [input.product.purpose, input.product.purpose, input.product.purpose])\n  a := replace(s, \"a\", s)\n  b := replace(a, \"a\", a)\n  c := replace(b, \"a\", b)\n  count(c) < 0\n}\n",
        ),
    ]);
    let pack = tmp.path().join("domains/customers.pack.json");
    let customers = util::repo_path("examples/customers");
    let (code, out, err) = check_with_worker(tmp.path(), &[&customers]);
    assert_eq!(code, 2, "a rule that could not run exits 2\n{out}\n{err}");
    for product in ["customer-consent", "customer-profiles"] {
        for rule in ["customers-sprintf", "customers-replace"] {
            let said = format!(
                "rule `{rule}` could not run on product `{product}`: {}#{rule}: stopped: ",
                pack.display()
            );
            let line = err.lines().find(|l| l.contains(&said));
            assert!(line.is_some_and(stopped_by_a_limit), "{said}\n{err}");
        }
        // The other rule ran on every canvas, on a new worker each time.
        assert!(
            out.lines()
                .any(|l| l.contains(&format!("{product}.canvas.json"))
                    && l.contains("customers-zz-tagged")
                    && l.contains("reported")),
            "{out}"
        );
    }
}

#[test]
fn a_policy_stuck_inside_one_step_is_killed_after_its_limit() {
    // Two lists that share their halves 60 levels deep: building them takes
    // 120 steps, comparing them 2^60 element comparisons in one step,
    // which the execution timer never gets to stop.
    let policy = exponential_comparison();
    let tmp = customers_policies(&[("customers-shared", &policy)]);
    let canvas = util::repo_path("examples/customers/customer-profiles.canvas.json");
    let (code, out, err) = check_with_worker(tmp.path(), &[&canvas]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(
        err.contains(
            "customers.pack.json#customers-shared: stopped: still running 500 ms after its time \
             limit of 2000 ms, inside one step; its worker was ended"
        ),
        "{err}"
    );
    assert!(out.contains("customers-zz-tagged"), "{out}");
}

/// The policy of `a_policy_stuck_inside_one_step_is_killed_after_its_limit`:
/// two 60-level lists sharing their halves, compared in one step.
fn exponential_comparison() -> String {
    let mut levels = String::new();
    for i in 1..=60 {
        let j = i - 1;
        writeln!(levels, "x{i} := [x{j}, x{j}]\ny{i} := [y{j}, y{j}]").expect("a String takes it");
    }
    format!(
        "package customers.shared\nimport rego.v1\nx0 := [input.product.id]\ny0 := [concat(\"\", [input.product.id])]\n{levels}deny contains \"same\" if {{ x60 == y60 }}\n"
    )
}

#[test]
fn a_worker_stuck_in_a_policy_ends_with_a_check_that_is_killed() {
    // A check killed outright (SIGKILL, an out-of-memory kill, a CI job
    // cancelled) cannot end its worker; the worker must not run on,
    // orphaned, inside a step that never ends.
    let tmp = customers_policies(&[("customers-shared", &exponential_comparison())]);
    let canvas = util::repo_path("examples/customers/customer-profiles.canvas.json");
    let mut check = std::process::Command::new(env!("CARGO_BIN_EXE_meshcanvas"))
        .arg("check")
        .arg("--standards")
        .arg(tmp.path())
        .arg(&canvas)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("starts");
    let children = format!("/proc/{0}/task/{0}/children", check.id());
    let until = |what: &str, done: &mut dyn FnMut() -> bool| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_mins(1);
        while !done() {
            assert!(std::time::Instant::now() < deadline, "{what}");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    };
    // `(state, user CPU ticks)` of a process, while it exists.
    let stat = |pid: &str| {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let fields: Vec<String> = stat
            .rsplit_once(") ")?
            .1
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        Some((
            fields.first()?.clone(),
            fields.get(11)?.parse::<u64>().ok()?,
        ))
    };
    // The worker once it has spent 0.3 s of CPU: inside the comparison.
    let mut worker = String::new();
    until(
        "no worker of the check got stuck in the policy",
        &mut || {
            let Some(pid) = std::fs::read_to_string(&children)
                .ok()
                .and_then(|c| c.split_whitespace().next().map(str::to_owned))
            else {
                return false;
            };
            worker = pid;
            stat(&worker).is_some_and(|(_, ticks)| ticks >= 30)
        },
    );
    /// Kills the worker if the test fails, so it does not run on.
    struct Reap(String);
    impl Drop for Reap {
        fn drop(&mut self) {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", &self.0])
                .status();
        }
    }
    let _reap = Reap(worker.clone());
    check.kill().expect("kill the check");
    check.wait().expect("reaped");
    until("the worker ran on after its check was killed", &mut || {
        stat(&worker).is_none_or(|(state, _)| state == "Z")
    });
}

#[test]
fn a_policy_stopped_on_three_canvases_is_not_run_again() {
    let tmp = customers_policies(&[(
        "customers-sprintf",
        "package customers.sprintf\nimport rego.v1\ndeny contains \"x\" if {\n  count(sprintf(\"%0999999999d\", [1])) < 0\n}\n",
    )]);
    let mesh = tempfile::tempdir().expect("tempdir");
    let mut canvases = synth::mesh(5, 1, 1);
    for c in &mut canvases {
        c.domain.name = "customers".to_owned();
    }
    for c in &canvases {
        meshcanvas::format::write_canvas_file(
            &mesh.path().join(format!("{}.canvas.json", c.product.id)),
            c,
        )
        .expect("write");
    }
    let (code, out, err) = check_with_worker(tmp.path(), &[mesh.path()]);
    assert_eq!(code, 2, "{out}\n{err}");
    let stopped = err.lines().filter(|l| stopped_by_a_limit(l)).count();
    let skipped = err
        .matches("not run: it was stopped (out of time or memory) on 3 canvases already")
        .count();
    assert_eq!((stopped, skipped), (3, 2), "{err}");
    assert_eq!(out.matches("customers-zz-tagged").count(), 5, "{out}");
}

#[test]
fn missing_standards_folder_is_an_io_error() {
    let e = Standards::load(Path::new("/no/such/standards")).expect_err("fails");
    assert!(matches!(e, StandardsError::Io { .. }));
    assert!(e.to_string().contains("/no/such/standards"));
}

#[test]
fn explain_gives_rationale_check_and_overrides() {
    let e = standards().explain("purpose-stated").expect("explain");
    assert!(!e.info.rationale.is_empty());
    assert!(e.check.contains("/product/purpose"));
    assert_eq!(
        e.overrides,
        vec![("finance".to_owned(), Severity::Error, "finance".to_owned())]
    );
    let rego = standards().explain("card-ids-unique").expect("explain");
    assert!(rego.check.contains("package meshcanvas.card_ids_unique"));
    assert!(matches!(
        standards().explain("nope"),
        Err(StandardsError::UnknownRule(_))
    ));
}

// ---- Determinism and the incremental API ---------------------------------

/// A synthetic mesh with some findings of every kind mixed in.
fn messy_mesh() -> Vec<Canvas> {
    let mut mesh = synth::mesh(70, 6, 3);
    mesh[5].product.purpose = "Short".to_owned();
    mesh[9].output_ports[0].slos.clear();
    mesh[14].input_ports[0] = reads("in-0", "nowhere", "x");
    mesh[20].output_ports[0].objects[0].fields[0].description = String::new();
    mesh[33].product.id = mesh[34].product.id.clone();
    mesh[40]
        .waivers
        .push(waiver("purpose-stated", "", None, None));
    let up = mesh[60].product.id.clone();
    mesh[10].input_ports.push(reads("cycle", &up, "out-0"));
    mesh
}

#[test]
fn findings_are_sorted_deduplicated_and_stable() {
    let a = check(messy_mesh());
    let b = check(messy_mesh());
    assert_eq!(a, b);
    let mut sorted = a.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(a, sorted);
    let mut reversed = messy_mesh();
    reversed.reverse();
    assert_eq!(check(reversed), a, "canvas order does not matter");
    assert!(!a.is_empty());
}

#[test]
fn incremental_upserts_equal_a_full_check() {
    let mut mesh = messy_mesh();
    // Draft readers, so that deprecating a product they read is a finding
    // on them (deprecated-port-gains-no-consumers).
    for c in mesh.iter_mut().step_by(3) {
        c.product.status = LifecycleStatus::Draft;
    }
    let mut m = MeshCheck::new(standards(), mesh.clone());
    m.set_today(today());
    let mut rng = synth::Rng::new(11);
    // Each kind of edit changes a different part of a canvas, so that the
    // incremental recheck (which reruns only the rules reading what changed)
    // meets every kind of rule, a change of id and a change of domain.
    for round in 0..120 {
        let i = usize::try_from(rng.below(mesh.len() as u64)).expect("index");
        let mut c = mesh[i].clone();
        match round % 12 {
            0 => c.product.purpose = format!("Round {round}"),
            1 => c.output_ports[0]
                .slos
                .retain(|s| s.dimension != SloDimension::Freshness),
            2 => {
                // A new edge, possibly closing a cycle.
                let j = usize::try_from(rng.below(mesh.len() as u64)).expect("index");
                let up = mesh[j].product.id.clone();
                c.input_ports
                    .push(reads(&format!("r{round}"), &up, "out-0"));
            }
            3 => c.input_ports.clear(),
            4 => c.output_ports[0].status = LifecycleStatus::Deprecated,
            5 => c.output_ports[0].objects[0].fields[0].pii = true,
            6 => {
                // Consumer-aligned without consumers (a Rego rule reading
                // `product` and `consumers`).
                c.product.archetype = Archetype::ConsumerAligned;
                c.consumers.clear();
            }
            7 => c.policies.clear(),
            8 => {
                c.domain.name = if c.domain.name == "finance" {
                    "sales"
                } else {
                    "finance"
                }
                .to_owned();
            }
            9 => c.product.id = format!("renamed-{round}"),
            10 => c.product.status = LifecycleStatus::Deprecated,
            _ => c.waivers.push(waiver("purpose-stated", "", None, None)),
        }
        mesh[i] = c.clone();
        let own = m.replace_at(i, c);
        // A full check per round is slow in debug builds; every fifth round
        // still lands after each kind of edit (5 and 12 are coprime), and a
        // wrong incremental step leaves stale findings that later
        // comparisons see.
        if round % 5 == 4 {
            let mut full = MeshCheck::new(standards(), mesh.clone());
            full.set_today(today());
            assert_eq!(m.all_findings(), full.all_findings(), "after round {round}");
            assert_eq!(
                own,
                full.findings_at(i),
                "upsert returns the canvas's findings"
            );
        }
    }
    // Removing a product leaves its readers with dangling references.
    let gone = mesh[0].product.id.clone();
    assert!(m.remove(&gone));
    mesh.remove(0);
    let mut full = MeshCheck::new(standards(), mesh);
    full.set_today(today());
    assert_eq!(m.all_findings(), full.all_findings());
    assert!(m.findings_for(&gone).is_empty());
}

#[test]
fn upsert_adds_and_replaces_by_product_id() {
    let mut mesh = base_mesh();
    let revenue = mesh.pop().expect("revenue");
    let mut m = MeshCheck::new(standards(), mesh);
    m.set_today(today());
    // `orders` alone: nobody reads its port, and its consumer does.
    assert!(m.all_findings().is_empty());
    let mut broken = revenue.clone();
    broken.input_ports[0] = reads("orders", "orders", "nope");
    let f = m.upsert(broken);
    assert_eq!(rule_ids(&f), ["input-port-reference-resolves"]);
    assert!(m.upsert(revenue).is_empty());
    assert_eq!(m.findings_for("revenue"), Vec::<Finding>::new());
    let g = m.graph();
    assert_eq!(g.nodes.len(), 2);
    assert_eq!(g.edges.len(), 1);
    assert!(g.edges[0].resolved);
}

#[test]
fn graph_counts_findings_and_marks_unresolved_edges() {
    let mut mesh = base_mesh();
    mesh[1].input_ports.push(reads("ghost", "ghost", "x"));
    let m = MeshCheck::new(standards(), mesh);
    let g = m.graph();
    let revenue = g
        .nodes
        .iter()
        .find(|n| n.product_id == "revenue")
        .expect("node");
    assert_eq!(revenue.findings.errors, 1);
    let ghost = g
        .edges
        .iter()
        .find(|e| e.from_product == "ghost")
        .expect("edge");
    assert!(!ghost.resolved);
}

#[test]
fn synthetic_mesh_passes_the_standards() {
    let findings = check(synth::mesh(100, 10, 42));
    let errors: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn deny_of_the_wrong_shape_is_a_run_error_naming_the_rule() {
    let tmp = standards_copy();
    write(
        tmp.path(),
        "domains/customers.pack.json",
        &domain_pack(
            "",
            &rego_rule(
                "customers-shape",
                r#"{"kind": "rego", "policy": "package customers.shape\nimport rego.v1\ndeny contains 42 if { true }\n"}"#,
            ),
        ),
    );
    let s = Arc::new(Standards::load(tmp.path()).expect("loads"));
    let mut c = product("x", "customers");
    c.product.purpose = "Short".to_owned();
    let m = MeshCheck::new(s, vec![c]);
    let errors = m.run_errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].rule_id, "customers-shape");
    assert!(errors[0].message.contains("found 42"), "{errors:?}");
    assert!(!find(&m.all_findings(), "purpose-stated").is_empty());
}

// ---- Packs: what a pack may read -----------------------------------------

#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_pack_is_passed_over_and_a_symlink_to_a_device_is_refused() {
    let tmp = standards_copy();
    util::mkfifo(&tmp.path().join("domains/stuck.pack.json"));
    // Loads (before, it waited forever for a writer to the FIFO).
    let s = Standards::load(tmp.path()).expect("loads without the FIFO");
    assert!(s.packs().iter().any(|p| p.id == "global"));

    std::os::unix::fs::symlink("/dev/zero", tmp.path().join("domains/zero.pack.json"))
        .expect("symlink");
    std::os::unix::fs::symlink("/dev/zero", tmp.path().join("huge.pack.json")).expect("symlink");
    // A symlink to a device is not a regular file: the walk skips it too.
    Standards::load(tmp.path()).expect("loads without the device");
}

#[test]
fn a_rego_file_outside_the_standards_folder_is_refused() {
    for (name, file) in [
        ("dev-zero", "/dev/zero"),
        ("passwd", "../../../../../../../../etc/passwd"),
    ] {
        let tmp = standards_copy();
        let pack = write(
            tmp.path(),
            "domains/customers.pack.json",
            &domain_pack(
                "",
                &rego_rule(
                    "customers-outside",
                    &format!(r#"{{"kind": "rego", "file": "{file}"}}"#),
                ),
            ),
        );
        let e = load_err(tmp.path());
        assert!(e.contains(&pack.display().to_string()), "{name}: {e}");
        assert!(e.contains("customers-outside"), "{name}: {e}");
        assert!(e.contains("outside the standards folder"), "{name}: {e}");
    }
}

#[cfg(unix)]
#[test]
fn a_rego_file_must_be_a_regular_file_of_bounded_size() {
    let tmp = standards_copy();
    // Inside the folder, but a device behind a symlink: refused by where it
    // really is.
    std::os::unix::fs::symlink("/dev/zero", tmp.path().join("domains/zero.rego")).expect("symlink");
    util::mkfifo(&tmp.path().join("domains/fifo.rego"));
    let big = "# padding\n".repeat(500_000);
    write(tmp.path(), "domains/big.rego", &big);
    for (file, expect) in [
        ("zero.rego", "outside the standards folder"),
        ("fifo.rego", "not a regular file"),
        ("big.rego", "larger than the 4.0 MiB a Rego file may be"),
    ] {
        write(
            tmp.path(),
            "domains/customers.pack.json",
            &domain_pack(
                "",
                &rego_rule(
                    "customers-file",
                    &format!(r#"{{"kind": "rego", "file": "{file}"}}"#),
                ),
            ),
        );
        let e = load_err(tmp.path());
        assert!(e.contains(expect), "{file}: {e}");
        assert!(e.contains("customers-file"), "{file}: {e}");
    }
}

#[test]
fn a_pooled_worker_that_ended_while_idle_is_replaced_not_reported() {
    // The pool keeps a worker ready between checks; the system may end it
    // meanwhile (an out-of-memory kill of the biggest process, a user's
    // `kill`). The next check must not blame a rule for it.
    let standards = Arc::new(
        Standards::load_with(
            &util::repo_path(meshcanvas::standards::STANDARDS_REL_DIR),
            &LoadOptions {
                policy_worker: Some(std::path::PathBuf::from(env!("CARGO_BIN_EXE_meshcanvas"))),
                ..LoadOptions::default()
            },
        )
        .expect("loads"),
    );
    // The workers this test process started: the one loading prewarmed,
    // and those a first check put back in the pool.
    let first = check_with(Arc::clone(&standards), base_mesh());
    assert!(first.is_empty(), "{first:#?}");
    let me = std::process::id().to_string();
    let workers = || -> Vec<String> {
        std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let pid = e.file_name().to_string_lossy().into_owned();
                let cmd = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
                let args: Vec<&[u8]> = cmd.split(|b| *b == 0).collect();
                let at = args
                    .iter()
                    .position(|a| *a == b"--meshcanvas-policy-worker")?;
                (args.get(at + 1) == Some(&me.as_bytes())).then_some(pid)
            })
            .collect()
    };
    let idle = workers();
    assert!(!idle.is_empty(), "the pool keeps a worker");
    for pid in &idle {
        std::process::Command::new("kill")
            .args(["-KILL", pid])
            .status()
            .expect("kill");
    }
    // Ended (zombies until the pool looks at them).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while idle.iter().any(|pid| {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .is_ok_and(|s| !s.rsplit_once(") ").is_some_and(|(_, r)| r.starts_with('Z')))
    }) {
        assert!(std::time::Instant::now() < deadline, "the workers end");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let mut m = MeshCheck::new(Arc::clone(&standards), base_mesh());
    m.set_today(today());
    assert!(m.all_findings().is_empty());
    assert!(m.run_errors().is_empty(), "{:?}", m.run_errors());
    // And the rules really ran: a canvas that breaks a Rego rule is told.
    let mut broken = base_mesh();
    broken[0].output_ports[0].objects[0].fields[0].pii = true;
    broken[0]
        .policies
        .retain(|p| p.kind != PolicyKind::Retention);
    let found = check_with(standards, broken);
    assert!(
        found
            .iter()
            .any(|f| f.rule_id == "pii-requires-retention-policy"),
        "{found:#?}"
    );
}
