//! Synthetic meshes for benchmarks: many realistic, linked canvases that
//! pass the default standards, generated deterministically from a seed.
//!
//! Each product has a few output ports with eight to twelve fields (some
//! nested, some PII), freshness and availability SLOs, and reads earlier
//! products' ports, so the product graph is a deep DAG with fan-in and
//! fan-out like a real mesh. Benchmarks of the checker, the store and the
//! app can share it.

use std::collections::BTreeMap;

use crate::model::{
    Archetype, Canvas, Consumer, ConsumerKind, DataClassification, Field, InputPort, InputSource,
    LifecycleStatus, LogicalType, OutputPort, Person, Policy, PolicyKind, PortKind, SchemaObject,
    Slo, SloDimension, SloUnit, SupportChannel, SupportScope, SupportTool, TeamMember, Term,
};

/// Domains the generator spreads products over (`finance` has a domain
/// pack in the default standards).
pub const DOMAINS: &[&str] = &[
    "sales",
    "customers",
    "finance",
    "logistics",
    "marketing",
    "inventory",
    "payments",
    "support",
];

/// A small deterministic pseudo-random generator (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    /// The next number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
}

/// The id of the `i`th synthetic product.
#[must_use]
pub fn product_id(i: usize) -> String {
    format!("{}-product-{i:05}", DOMAINS[i % DOMAINS.len()])
}

/// Generates `n` linked canvases with about `ports_per_product` ports each
/// (half output, half input).
#[must_use]
pub fn mesh(n: usize, ports_per_product: usize, seed: u64) -> Vec<Canvas> {
    let mut rng = Rng::new(seed);
    let outputs = (ports_per_product / 2).max(1);
    let inputs = ports_per_product.saturating_sub(outputs);
    let mut canvases: Vec<Canvas> = Vec::with_capacity(n);
    // The slowest freshness (whole minutes) each product promises.
    let mut freshness: Vec<f64> = Vec::with_capacity(n);
    for i in 0..n {
        let domain = DOMAINS[i % DOMAINS.len()];
        let id = product_id(i);
        let mut c = Canvas::skeleton(&id, &format!("Product {i} of {domain}"), domain);
        c.domain.description = format!("The {domain} domain.");
        c.domain.team.name = format!("{domain} data team");
        c.domain.team.support.push(SupportChannel {
            channel: format!("#{domain}-data"),
            tool: SupportTool::Slack,
            url: format!("https://chat.example.com/{domain}-data"),
            scope: SupportScope::Interactive,
            description: String::new(),
        });
        c.domain.team.members.push(TeamMember {
            name: format!("Steward {i}"),
            email: format!("steward{i}@example.com"),
            role: "data steward".to_owned(),
        });
        c.domain.product_owner = Person {
            name: format!("Owner {i}"),
            email: format!("owner{i}@example.com"),
        };
        c.product.version = format!("1.{}.0", rng.below(10));
        c.product.status = LifecycleStatus::Active;
        c.product.archetype = if i < n / 4 {
            Archetype::SourceAligned
        } else {
            Archetype::Aggregate
        };
        c.product.purpose = format!(
            "Serves curated {domain} data for reporting and downstream products (number {i})."
        );
        c.product.tags = vec![domain.to_owned(), "synthetic".to_owned()];
        c.metadata.license = "internal-use".to_owned();

        // Inputs: earlier products (a DAG), or an operational system for
        // the first products.
        let mut slowest_input: f64 = 0.0;
        let mut reads_pii = false;
        for k in 0..inputs {
            let source = if i == 0 || (i < 20 && k == 0) {
                InputSource::Operational {
                    system: format!("{domain}-erp"),
                    technology: "postgres".to_owned(),
                }
            } else {
                let window = i.min(200) as u64;
                let j = i - 1 - usize::try_from(rng.below(window)).unwrap_or(0);
                let up: &Canvas = &canvases[j];
                let port = &up.output_ports
                    [usize::try_from(rng.below(up.output_ports.len() as u64)).unwrap_or(0)];
                slowest_input = slowest_input.max(freshness[j]);
                reads_pii |= port.fields().any(|f| f.pii);
                InputSource::Product {
                    product_id: up.product.id.clone(),
                    port_id: port.id.clone(),
                }
            };
            c.input_ports.push(InputPort {
                id: format!("in-{k}"),
                name: format!("Input {k}"),
                source,
                description: "Read daily.".to_owned(),
                expects: Vec::new(),
                contract_id: None,
                version: String::new(),
            });
        }
        let own_freshness = slowest_input + 15.0;
        freshness.push(own_freshness);

        for k in 0..outputs {
            let mut schema = Vec::new();
            let n_fields = 8 + usize::try_from(rng.below(5)).unwrap_or(0);
            for f in 0..n_fields {
                let nested = f == 3;
                schema.push(Field {
                    name: format!("field_{k}_{f}"),
                    logical_type: if nested {
                        LogicalType::Object
                    } else {
                        LogicalType::String
                    },
                    physical_type: "VARCHAR(255)".to_owned(),
                    description: format!("Field {f} of port {k}."),
                    required: f == 0,
                    primary_key: f == 0,
                    classification: Some(DataClassification::Internal),
                    pii: false,
                    examples: vec![format!("example-{f}")],
                    fields: if nested {
                        (0..3)
                            .map(|g| Field {
                                name: format!("part_{g}"),
                                logical_type: LogicalType::String,
                                description: format!("Part {g}."),
                                ..Field::default()
                            })
                            .collect()
                    } else {
                        Vec::new()
                    },
                    ..Default::default()
                });
            }
            if k == 0 && (i % 3 == 0 || reads_pii) {
                schema.push(Field {
                    name: "customer_email".to_owned(),
                    logical_type: LogicalType::String,
                    description: "The customer's e-mail address.".to_owned(),
                    classification: Some(DataClassification::Restricted),
                    pii: true,
                    ..Field::default()
                });
            }
            c.output_ports.push(OutputPort {
                id: format!("out-{k}"),
                name: format!("Output {k}"),
                kind: PortKind::Table,
                status: LifecycleStatus::Active,
                technology: "snowflake".to_owned(),
                description: format!("Output {k} of product {i}."),
                version: "1.0.0".to_owned(),
                objects: vec![SchemaObject {
                    name: format!("p{i}_out_{k}"),
                    physical_name: format!("analytics.{domain}.p{i}_out_{k}"),
                    physical_type: "table".to_owned(),
                    fields: schema,
                    ..SchemaObject::default()
                }],
                usage_terms: "Internal analytics only.".to_owned(),
                limitations: String::new(),
                slos: vec![
                    Slo {
                        dimension: SloDimension::Freshness,
                        target: own_freshness,
                        unit: SloUnit::Minutes,
                        window: "30d".to_owned(),
                        alarm_threshold: None,
                        description: String::new(),
                        ..Default::default()
                    },
                    Slo {
                        dimension: SloDimension::Completeness,
                        target: 99.9,
                        unit: SloUnit::Percent,
                        window: "1d".to_owned(),
                        alarm_threshold: None,
                        description: String::new(),
                        ..Default::default()
                    },
                    Slo {
                        dimension: SloDimension::Availability,
                        target: 99.5,
                        unit: SloUnit::Percent,
                        window: "30d".to_owned(),
                        alarm_threshold: Some(99.0),
                        description: String::new(),
                        ..Default::default()
                    },
                ],
                ..Default::default()
            });
        }
        c.consumers.push(Consumer {
            id: "reporting".to_owned(),
            name: "Reporting team".to_owned(),
            kind: ConsumerKind::Team,
            use_case: "We believe this helps weekly planning; we know when planning time drops."
                .to_owned(),
            needs: "Daily data.".to_owned(),
            success_metric: "planning hours".to_owned(),
            ports: c.output_ports.iter().map(|p| p.id.clone()).collect(),
        });
        let mut params = BTreeMap::new();
        params.insert("retentionDays".to_owned(), "3650".to_owned());
        c.policies.push(Policy {
            id: "retention".to_owned(),
            kind: PolicyKind::Retention,
            statement: "Kept ten years.".to_owned(),
            parameters: params,
            ..Default::default()
        });
        let mut params = BTreeMap::new();
        params.insert("approver".to_owned(), format!("{domain}-data-steward"));
        c.policies.push(Policy {
            id: "access".to_owned(),
            kind: PolicyKind::Access,
            statement: "Access on request.".to_owned(),
            parameters: params,
            ..Default::default()
        });
        c.ubiquitous_language.push(Term {
            term: format!("{domain} record"),
            definition: "One row of the product.".to_owned(),
            synonyms: Vec::new(),
            polysemes: Vec::new(),
        });
        canvases.push(c);
    }
    canvases
}
