//! Canvas → ODPS v1.0.0 (or v1.1.0) data product.
//!
//! One product document per canvas. Blocks with a home in ODPS go there:
//! id, name, version, status, domain, purpose, tags, links (as
//! `authoritativeDefinitions`), team and product owner, support channels,
//! input ports (with the contract ids and versions of the upstream ports) and output
//! ports (with the ids of their ODCS contracts). Everything else the canvas
//! knows travels in `customProperties` under `meshcanvas.*` names; a
//! product imported from another tool's file is written back as it was,
//! with what the canvas has no field for at its own place.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::custom::{CustomProperty, CustomProps};
use super::place;
use super::{ExportContext, ManifestError, contract_id, lowercase_name};
use crate::model::{Canvas, InputSource, Policy, PolicyKind};
use crate::wire::OdpsVersion;

/// The `apiVersion` string of an ODPS version.
#[must_use]
pub fn api_version(v: OdpsVersion) -> &'static str {
    match v {
        OdpsVersion::V1_0_0 => "v1.0.0",
        OdpsVersion::V1_1_0 => "v1.1.0",
    }
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct OdpsDocument {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub version: String,
    pub status: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub domain: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Description>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authoritative_definitions: Vec<AuthoritativeDefinition>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub input_ports: Vec<InputPort>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub output_ports: Vec<OutputPort>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub support: Vec<Support>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<Team>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom_properties: Vec<CustomProperty>,
}

#[derive(Serialize, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub struct Description {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub purpose: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub limitations: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub usage: String,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct AuthoritativeDefinition {
    #[serde(rename = "type")]
    pub kind: String,
    pub url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct InputPort {
    pub name: String,
    /// Required by ODPS v1.0.0, optional from v1.1.0: left out there when
    /// nothing says it (see [`export`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    pub contract_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom_properties: Vec<CustomProperty>,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct OutputPort {
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub version: String,
    pub contract_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom_properties: Vec<CustomProperty>,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Support {
    pub channel: String,
    pub url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub tool: String,
    pub scope: String,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<TeamMember>,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct TeamMember {
    pub username: String,
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub role: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom_properties: Vec<CustomProperty>,
}

/// The ODPS `username` of a person: the e-mail address when known, else the
/// name. The importer reverses it: a username equal to the name means "no
/// e-mail".
#[must_use]
pub fn username(name: &str, email: &str) -> String {
    if email.is_empty() { name } else { email }.to_owned()
}

/// Whether a policy is written as an ODCS role of every contract rather
/// than as a custom property of the product.
#[must_use]
pub fn is_role(policy: &Policy, canvas: &Canvas) -> bool {
    policy.kind == PolicyKind::Access && !canvas.output_ports.is_empty()
}

/// A version for a place where the standard requires one and the canvas
/// has none: the product's version, else `0.0.0`. The exporter records the
/// substitution in a custom property so the importer can undo it.
#[must_use]
pub fn required_version(own: &str, canvas: &Canvas) -> String {
    if !own.is_empty() {
        own.to_owned()
    } else if !canvas.product.version.is_empty() {
        canvas.product.version.clone()
    } else {
        "0.0.0".to_owned()
    }
}

/// The team (with the product owner as a member marked `productOwner`) and
/// the support channels of a canvas, as ODPS and ODCS both write them.
/// `foreign`: the product came from another tool's file, where the owner
/// is one of the members and not written again.
#[must_use]
pub fn team_and_support(canvas: &Canvas, foreign: bool) -> (Option<Team>, Vec<Support>) {
    let team = &canvas.domain.team;
    let owner = &canvas.domain.product_owner;

    let mut members = Vec::new();
    let owner_is_member = team.members.iter().any(|m| m.name == owner.name);
    if !(owner.name.is_empty() && owner.email.is_empty() || foreign && owner_is_member) {
        let mut cp = CustomProps::new();
        cp.put("productOwner", &true);
        if !owner.email.is_empty() && owner.email == owner.name {
            cp.put("email", &owner.email);
        }
        members.push(TeamMember {
            username: username(&owner.name, &owner.email),
            name: owner.name.clone(),
            role: "owner".to_owned(),
            custom_properties: cp.into_vec(),
        });
    }
    for m in &team.members {
        let mut cp = CustomProps::new();
        if !m.email.is_empty() && m.email == m.name {
            // Would read back as "no e-mail"; say it.
            cp.put("email", &m.email);
        }
        members.push(TeamMember {
            username: username(&m.name, &m.email),
            name: m.name.clone(),
            role: m.role.clone(),
            custom_properties: cp.into_vec(),
        });
    }
    let team_doc = (!team.name.is_empty() || !members.is_empty()).then(|| Team {
        name: team.name.clone(),
        members,
    });
    let support = team
        .support
        .iter()
        .map(|s| Support {
            channel: s.channel.clone(),
            url: s.url.clone(),
            description: s.description.clone(),
            tool: lowercase_name(&s.tool),
            scope: lowercase_name(&s.scope),
        })
        .collect();
    (team_doc, support)
}

/// The ODPS document of one canvas.
///
/// An input port's `version` is its own, else the version of the upstream
/// output port it reads when that product is in the export's mesh. An
/// operational source without one is the product's own port: v1.1.0 leaves
/// the version out, v1.0.0 (which requires one) writes the product's. A
/// port reading a product the mesh does not hold has no version anyone
/// knows: v1.1.0 leaves it out, v1.0.0 refuses the export naming the port,
/// as it does for an operational source of a product without a version.
///
/// # Errors
/// [`ManifestError::Unversioned`], as above.
pub fn export(
    canvas: &Canvas,
    ctx: &ExportContext<'_>,
    version: OdpsVersion,
) -> Result<Value, ManifestError> {
    let product = &canvas.product;
    let odps = version;
    // A product imported from another tool's ODPS file: written back as it
    // was, without Mesh Canvas's bookkeeping.
    let foreign = place::is_unwritten(&canvas.extensions, FORMAT_VERSION_KEY);
    let (team_doc, support) = team_and_support(canvas, foreign);

    let input_ports = canvas
        .input_ports
        .iter()
        .map(|p| {
            let mut cp = CustomProps::new();
            if p.name != p.id && !foreign {
                // Written even when empty: left out, it reads as the id.
                cp.put_value("name", Value::String(p.name.clone()));
            }
            cp.put("description", &p.description);
            cp.put("expects", &p.expects);
            if !foreign {
                // The canvas's own contract id and version, told apart from
                // those export fills in from the upstream port.
                if let Some(id) = &p.contract_id {
                    cp.put_value("contractId", Value::String(id.clone()));
                }
                cp.put("version", &p.version);
            }
            let (contract, version) = match &p.source {
                InputSource::Product {
                    product_id,
                    port_id,
                } => {
                    let id = ctx.upstream_contract_id(product_id, port_id);
                    // Ids with a `:` cannot be read back from the contract
                    // id, nor from a contract id of the port's own; say
                    // them explicitly (another tool's port is read back
                    // from its contract id, as it was first read).
                    let own = p.contract_id.is_some();
                    if (own && !foreign)
                        || (!own
                            && super::split_contract_id(&id)
                                != Some((product_id.as_str(), port_id.as_str())))
                    {
                        cp.put_value(
                            "source",
                            serde_json::to_value(&p.source).unwrap_or_default(),
                        );
                    }
                    let version = match (
                        p.version.is_empty(),
                        ctx.upstream_version(product_id, port_id),
                    ) {
                        (false, _) => Some(p.version.clone()),
                        (true, Some(v)) => Some(v),
                        // Any version written here would be read as the
                        // upstream contract's: say none, or refuse.
                        (true, None) if odps == OdpsVersion::V1_1_0 => None,
                        (true, None) => {
                            return Err(ManifestError::Unversioned {
                                product: product.id.clone(),
                                port: p.id.clone(),
                                why: format!(
                                    "it has none of its own, and reads {product_id}.{port_id}, \
                                     which is not in the mesh the export was made from (export \
                                     from a mesh that holds it)"
                                ),
                            });
                        }
                    };
                    (p.contract_id.clone().unwrap_or(id), version)
                }
                InputSource::Operational { system, .. } => {
                    cp.put_value(
                        "source",
                        serde_json::to_value(&p.source).unwrap_or_default(),
                    );
                    // An operational system has no contract a version
                    // could pin; the port is part of this product, so
                    // where ODPS v1.0.0 requires a version it is the
                    // product's (no `meshcanvas.version` says the canvas
                    // had none).
                    let version = if !p.version.is_empty() {
                        Some(p.version.clone())
                    } else if odps == OdpsVersion::V1_1_0 {
                        None
                    } else if !product.version.is_empty() {
                        Some(product.version.clone())
                    } else {
                        return Err(ManifestError::Unversioned {
                            product: product.id.clone(),
                            port: p.id.clone(),
                            why: format!(
                                "it reads the operational system \"{system}\", and neither the \
                                 port nor the product has a version"
                            ),
                        });
                    };
                    (
                        p.contract_id.clone().unwrap_or_else(|| system.clone()),
                        version,
                    )
                }
            };
            Ok(InputPort {
                name: if foreign {
                    p.name.clone()
                } else {
                    p.id.clone()
                },
                version,
                contract_id: contract,
                custom_properties: cp.into_vec(),
            })
        })
        .collect::<Result<Vec<_>, ManifestError>>()?;

    let output_ports = canvas
        .output_ports
        .iter()
        .map(|p| {
            let mut cp = CustomProps::new();
            if p.name != p.id && !foreign {
                // Written even when empty: left out, it reads as the id.
                cp.put_value("name", Value::String(p.name.clone()));
            }
            if p.version.is_empty() {
                cp.put_value("version", serde_json::Value::String(String::new()));
            }
            OutputPort {
                name: match p.extensions.get(ODPS_NAME_KEY) {
                    Some(Value::String(n)) => n.clone(),
                    _ => p.id.clone(),
                },
                description: p.description.clone(),
                kind: match p.extensions.get(ODPS_TYPE_KEY) {
                    Some(Value::String(t)) if super::odcs_import::port_kind(t) == Some(p.kind) => {
                        t.clone()
                    }
                    _ => lowercase_name(&p.kind),
                },
                version: required_version(&p.version, canvas),
                contract_id: p
                    .contract_id
                    .clone()
                    .unwrap_or_else(|| contract_id(&product.id, &p.id)),
                custom_properties: cp.into_vec(),
            }
        })
        .collect();

    let mut cp = CustomProps::new();
    if !foreign {
        cp.put_value(
            "formatVersion",
            serde_json::Value::from(crate::model::FORMAT_VERSION),
        );
    }
    if !foreign || canvas.product.archetype != crate::model::Archetype::default() {
        cp.put("archetype", &canvas.product.archetype);
    }
    cp.put("domainDescription", &canvas.domain.description);
    cp.put("consumers", &canvas.consumers);
    cp.put("license", &canvas.metadata.license);
    if let Some(expiry) = &canvas.metadata.expiry {
        // Written even when empty: left out, it reads as no expiry.
        cp.put_value("expiry", Value::String(expiry.clone()));
    }
    cp.put("securityNotes", &canvas.metadata.security_notes);
    cp.put("piiSummary", &canvas.metadata.pii_summary);
    if canvas.metadata.links.iter().any(|l| l.title.is_empty()) {
        // A link without a title cannot be told from a definition whose
        // description is its type; keep the exact list.
        cp.put("links", &canvas.metadata.links);
    }
    if !foreign || canvas.design != crate::model::Design::default() {
        cp.put("design", &canvas.design);
    }
    if !foreign || canvas.observability != crate::model::Observability::default() {
        cp.put("observability", &canvas.observability);
    }
    cp.put("ubiquitousLanguage", &canvas.ubiquitous_language);
    let policies: Vec<_> = canvas
        .policies
        .iter()
        .enumerate()
        .filter(|(_, p)| !is_role(p, canvas))
        .map(|(i, p)| PositionedPolicy {
            position: i,
            policy: p,
        })
        .collect();
    cp.put("policies", &policies);
    cp.put("waivers", &canvas.waivers);
    // Not the layout: where cards and sticky notes sit is the board's, not
    // the product's; the bundle carries the canvas file for it.

    let document = OdpsDocument {
        api_version: api_version(version),
        kind: "DataProduct",
        id: product.id.clone(),
        name: product.name.clone(),
        version: product.version.clone(),
        status: lowercase_name(&product.status),
        domain: canvas.domain.name.clone(),
        description: (!product.purpose.is_empty()).then(|| Description {
            purpose: product.purpose.clone(),
            ..Description::default()
        }),
        authoritative_definitions: canvas
            .metadata
            .links
            .iter()
            .map(|l| AuthoritativeDefinition {
                kind: "link".to_owned(),
                url: l.url.clone(),
                description: l.title.clone(),
            })
            .collect(),
        tags: product.tags.clone(),
        input_ports,
        output_ports,
        support,
        team: team_doc,
        custom_properties: cp.into_vec(),
    };
    let mut doc = serde_json::to_value(&document).unwrap_or(Value::Null);
    // What the product's file said that the canvas has no field for goes
    // back where it was; only what cannot be placed travels as a custom
    // property.
    let unplaced = super::kept::place(&mut doc, &canvas.extensions, "odps");
    let rest: BTreeMap<&String, &Value> = canvas
        .extensions
        .iter()
        .filter(|(k, _)| {
            if k.starts_with("odps#") {
                unplaced.contains(*k)
            } else {
                k.as_str() != place::UNWRITTEN
            }
        })
        .collect();
    if !rest.is_empty() {
        let mut cp = CustomProps::new();
        cp.put("extensions", &rest);
        if let Value::Object(m) = &mut doc {
            let list = m
                .entry("customProperties")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = list {
                list.extend(
                    cp.into_vec()
                        .into_iter()
                        .map(|c| serde_json::to_value(c).unwrap_or(Value::Null)),
                );
            }
        }
    }
    Ok(doc)
}

/// The key of a canvas's extensions that says the product's file had no
/// `meshcanvas.formatVersion`: it came from another tool.
pub const FORMAT_VERSION_KEY: &str = "meshcanvas.formatVersion";

/// The key of an output port's extensions holding its ODPS `name` when the
/// port's id had to differ (the same name listed in several versions).
pub const ODPS_NAME_KEY: &str = "meshcanvas.odpsName";

/// The key of an output port's extensions holding the ODPS `type` as the
/// product's file spelled it (`tables`), while it means the port's kind.
pub const ODPS_TYPE_KEY: &str = "meshcanvas.odpsType";

/// A policy with its place in the canvas's list, so policies split between
/// the product (custom properties) and the contracts (roles) merge back in
/// their order.
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct PositionedPolicy<'a> {
    pub position: usize,
    #[serde(flatten)]
    pub policy: &'a Policy,
}
