//! Output port → ODCS v3.1.0 (or v3.2.0) data contract.
//!
//! One contract per output port: its schema with logical types and
//! classification, its usage terms and limitations, its SLOs as
//! `slaProperties` and the canvas's access policies as `roles`. What ODCS
//! has no field for (technology, PII flags, SLO windows and alarm
//! thresholds) travels in `customProperties` under `meshcanvas.*` names.

use serde::Serialize;

use super::custom::{CustomProperty, CustomProps};
use super::odps_export::{PositionedPolicy, is_role, required_version};
use super::{contract_id, lowercase_name};
use crate::model::{Canvas, Field, LogicalType, OutputPort, PortKind};
use crate::wire::OdcsVersion;

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct OdcsDocument {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub version: String,
    pub status: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub domain: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Description>,
    pub schema: Vec<SchemaObject>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sla_properties: Vec<SlaProperty>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom_properties: Vec<CustomProperty>,
}

#[derive(Serialize, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub struct Description {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub purpose: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub usage: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub limitations: String,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct SchemaObject {
    pub name: String,
    pub logical_type: &'static str,
    pub physical_type: &'static str,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub physical_name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<SchemaProperty>,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct SchemaProperty {
    pub name: String,
    pub logical_type: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub physical_type: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub primary_key: bool,
    pub classification: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<SchemaProperty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<SchemaItems>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom_properties: Vec<CustomProperty>,
}

/// The items of an array whose elements are objects.
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct SchemaItems {
    pub logical_type: &'static str,
    pub properties: Vec<SchemaProperty>,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct SlaProperty {
    pub property: String,
    pub value: f64,
    pub unit: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub role: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub access: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub first_level_approvers: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom_properties: Vec<CustomProperty>,
}

/// The `apiVersion` string of an ODCS version.
#[must_use]
pub fn api_version(v: OdcsVersion) -> &'static str {
    match v {
        OdcsVersion::V3_1_0 => "v3.1.0",
        OdcsVersion::V3_2_0 => "v3.2.0",
    }
}

/// The ODCS `physicalType` of a schema object serving a port of this kind.
#[must_use]
pub fn physical_type(kind: PortKind) -> &'static str {
    match kind {
        PortKind::Table => "table",
        PortKind::View => "view",
        PortKind::File => "file",
        PortKind::Api => "api",
        PortKind::Stream => "topic",
    }
}

/// The contract of one output port.
#[must_use]
pub fn export(canvas: &Canvas, port: &OutputPort, version: OdcsVersion) -> OdcsDocument {
    let mut cp = CustomProps::new();
    cp.put_value(
        "formatVersion",
        serde_json::Value::from(crate::model::FORMAT_VERSION),
    );
    cp.put("productId", &canvas.product.id);
    cp.put("portId", &port.id);
    if port.version.is_empty() {
        cp.put_value("version", serde_json::Value::String(String::new()));
    }
    cp.put("technology", &port.technology);
    // SLO details ODCS has no field for, by position in `slaProperties`.
    let details: Vec<SloDetails<'_>> = port
        .slos
        .iter()
        .map(|s| SloDetails {
            window: &s.window,
            alarm_threshold: s.alarm_threshold,
        })
        .collect();
    if details
        .iter()
        .any(|d| !d.window.is_empty() || d.alarm_threshold.is_some())
    {
        cp.put("sloDetails", &details);
    }

    let roles = canvas
        .policies
        .iter()
        .enumerate()
        .filter(|(_, p)| is_role(p, canvas))
        .map(|(i, p)| {
            let param = |k: &str| p.parameters.get(k).cloned().unwrap_or_default();
            let mut rcp = CustomProps::new();
            // The exact policy, so the canvas reads back equal; the role's
            // own fields are what a platform acts on.
            rcp.put_value(
                "policy",
                serde_json::to_value(PositionedPolicy {
                    position: i,
                    policy: p,
                })
                .unwrap_or_default(),
            );
            Role {
                role: p
                    .parameters
                    .get("role")
                    .cloned()
                    .unwrap_or_else(|| p.id.clone()),
                description: p.statement.clone(),
                access: param("access"),
                first_level_approvers: param("approver"),
                custom_properties: rcp.into_vec(),
            }
        })
        .collect();

    let description = Description {
        purpose: port.description.clone(),
        usage: port.usage_terms.clone(),
        limitations: port.limitations.clone(),
    };
    let has_description = !(description.purpose.is_empty()
        && description.usage.is_empty()
        && description.limitations.is_empty());

    OdcsDocument {
        api_version: api_version(version),
        kind: "DataContract",
        id: contract_id(&canvas.product.id, &port.id),
        name: port.name.clone(),
        version: required_version(&port.version, canvas),
        status: lowercase_name(&port.status),
        domain: canvas.domain.name.clone(),
        description: has_description.then_some(description),
        schema: vec![SchemaObject {
            name: port.id.clone(),
            logical_type: "object",
            physical_type: physical_type(port.kind),
            physical_name: port.location.clone(),
            properties: port.schema.iter().map(property).collect(),
        }],
        sla_properties: port
            .slos
            .iter()
            .map(|s| SlaProperty {
                property: lowercase_name(&s.dimension),
                value: s.target,
                unit: lowercase_name(&s.unit),
                description: s.description.clone(),
            })
            .collect(),
        roles,
        custom_properties: cp.into_vec(),
    }
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct SloDetails<'a> {
    window: &'a str,
    alarm_threshold: Option<f64>,
}

fn property(f: &Field) -> SchemaProperty {
    let mut cp = CustomProps::new();
    cp.put("pii", &f.pii);
    let nested: Vec<SchemaProperty> = f.fields.iter().map(property).collect();
    let (properties, items) = match f.logical_type {
        LogicalType::Array if !nested.is_empty() => (
            Vec::new(),
            Some(Box::new(SchemaItems {
                logical_type: "object",
                properties: nested,
            })),
        ),
        LogicalType::Object => (nested, None),
        // Nested fields under a scalar type have no home in ODCS.
        _ => {
            if !f.fields.is_empty() {
                cp.put("fields", &f.fields);
            }
            (Vec::new(), None)
        }
    };
    SchemaProperty {
        name: f.name.clone(),
        logical_type: lowercase_name(&f.logical_type),
        physical_type: f.physical_type.clone(),
        description: f.description.clone(),
        required: f.required,
        primary_key: f.primary_key,
        classification: lowercase_name(&f.classification),
        examples: f.examples.clone(),
        properties,
        items,
        custom_properties: cp.into_vec(),
    }
}
