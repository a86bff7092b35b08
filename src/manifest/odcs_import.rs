//! ODCS v3.0.0–v3.2.0 data contract → output port (and, for a contract
//! that no imported product names, → a canvas with that one port).
//!
//! Reads the schema (one object becomes the port's fields; several become
//! one object field each), `slaProperties` that are SLOs the canvas knows,
//! `roles` as access policies, and Mesh Canvas's own `customProperties`.
//! Everything else is kept in `extensions` by the reader.

use std::collections::BTreeMap;

use serde_json::Value;

use super::ManifestError;
use super::read::{Obj, Reader, parse_name, type_name};
use crate::model::{
    Canvas, DataClassification, Field, LogicalType, OutputPort, Person, Policy, PolicyKind,
    PortKind, Slo, SloDimension, SloUnit, SupportChannel, SupportScope, SupportTool, Team,
    TeamMember,
};

/// What a contract says, in canvas terms.
#[derive(Debug, Default)]
pub struct Contract {
    pub id: String,
    pub ours: bool,
    pub product_id: Option<String>,
    pub port_id: Option<String>,
    pub port: OutputPort,
    pub domain: String,
    pub tags: Vec<String>,
    pub team: Option<(Team, Person)>,
    /// Access policies, with their position in the canvas when known.
    pub policies: Vec<(Option<usize>, Policy)>,
    pub links: Vec<crate::model::Link>,
}

/// Reads one contract document.
pub fn read(doc: &Value, r: &mut Reader<'_, '_>, lone: bool) -> Result<Contract, ManifestError> {
    let mut o = Obj::new(doc, "", r)?;
    o.raw("apiVersion");
    o.raw("kind");
    let mut custom = o.custom(r)?;
    let ours = custom.has("formatVersion");
    custom.take::<Value>(r, "formatVersion")?;
    let mut c = Contract {
        ours,
        ..Contract::default()
    };
    c.id = o.string(r, "id")?;
    c.product_id = custom.take(r, "productId")?;
    c.port_id = custom.take(r, "portId")?;
    let name = o.str(r, "name")?;
    c.port.name = name.clone().unwrap_or_else(|| c.id.clone());
    c.port.version = match o.str(r, "version")? {
        Some(v) => v,
        None => {
            r.warn("", "ODCS requires a `version`; none given");
            String::new()
        }
    };
    if let Some(v) = custom.take::<String>(r, "version")? {
        c.port.version = v;
    }
    if let Some(status) = o.lifecycle_status(r, "ODCS")? {
        c.port.status = status;
    }
    c.domain = o.string(r, "domain")?;
    c.tags = o.strings(r, "tags")?;
    if let Some(mut d) = o.object(r, "description")? {
        c.port.description = d.string(r, "purpose")?;
        c.port.usage_terms = d.string(r, "usage")?;
        c.port.limitations = d.string(r, "limitations")?;
        d.finish(r);
    }
    c.port.technology = custom.take::<String>(r, "technology")?.unwrap_or_default();
    if !ours && let Some(Value::Array(servers)) = o.raw("servers") {
        // The first server's type is the port's technology; the servers
        // themselves (hosts, accounts) have no place on the canvas.
        if let Some(t) = servers
            .first()
            .and_then(|s| s.get("type"))
            .and_then(Value::as_str)
        {
            c.port.technology = t.to_owned();
        }
        r.keep("/servers", &Value::Array(servers.clone()));
    }

    // Schema.
    let mut objects = o.objects(r, "schema")?;
    if objects.len() == 1 {
        let mut s = objects.remove(0);
        let name = s.string(r, "name")?;
        if c.port_id.is_none() && !name.is_empty() {
            c.port_id = Some(name);
        }
        let pt_ptr = s.child_ptr("physicalType");
        if let Some(pt) = s.str(r, "physicalType")? {
            match port_kind(&pt) {
                Some(k) => c.port.kind = k,
                None => r.keep(&pt_ptr, &Value::String(pt)),
            }
        }
        c.port.location = s.string(r, "physicalName")?;
        s.raw("logicalType");
        if !ours && c.port.description.is_empty() {
            c.port.description = s.string(r, "description")?;
        }
        c.port.schema = fields(&mut s, r, "properties")?;
        s.finish(r);
    } else {
        for mut s in objects {
            let ptr = s.ptr.clone();
            let name = s
                .str(r, "name")?
                .ok_or_else(|| r.invalid(&ptr, "a schema object needs a name"))?;
            let physical_type = s.string(r, "physicalType")?;
            let description = s.string(r, "description")?;
            s.raw("logicalType");
            let nested = fields(&mut s, r, "properties")?;
            c.port.schema.push(Field {
                name,
                logical_type: LogicalType::Object,
                physical_type,
                description,
                fields: nested,
                ..Field::default()
            });
            s.finish(r);
        }
    }

    // SLOs.
    let details: Vec<SloDetails> = custom.take(r, "sloDetails")?.unwrap_or_default();
    for mut s in o.objects(r, "slaProperties")? {
        match slo(&mut s, r)? {
            Some(slo) => {
                s.finish(r);
                c.port.slos.push(slo);
            }
            None => {
                let name = s
                    .value()
                    .get("property")
                    .and_then(Value::as_str)
                    .unwrap_or("?")
                    .to_owned();
                r.warn(
                    &s.ptr,
                    format!(
                        "SLA property \"{name}\" is not an SLO the canvas knows; kept in extensions"
                    ),
                );
                r.keep(&s.ptr.clone(), s.value());
            }
        }
    }
    for (slo, d) in c.port.slos.iter_mut().zip(details) {
        slo.window = d.window;
        slo.alarm_threshold = d.alarm_threshold;
    }

    // Roles → access policies.
    for mut role in o.objects(r, "roles")? {
        let mut rc = role.custom(r)?;
        let positioned: Option<Value> = rc.take(r, "policy")?;
        let role_name = role.string(r, "role")?;
        let description = role.string(r, "description")?;
        let access = role.string(r, "access")?;
        let first = role.string(r, "firstLevelApprovers")?;
        let second = role.string(r, "secondLevelApprovers")?;
        if let Some(Value::Object(mut m)) = positioned {
            let position = m
                .remove("position")
                .and_then(|p| p.as_u64())
                .and_then(|p| usize::try_from(p).ok());
            let policy: Policy = serde_json::from_value(Value::Object(m))
                .map_err(|e| r.invalid(&role.ptr, format!("meshcanvas.policy: {e}")))?;
            c.policies.push((position, policy));
        } else {
            let mut parameters = BTreeMap::new();
            for (k, v) in [
                ("role", &role_name),
                ("access", &access),
                ("approver", &first),
                ("secondApprover", &second),
            ] {
                if !v.is_empty() {
                    parameters.insert(k.to_owned(), v.clone());
                }
            }
            c.policies.push((
                None,
                Policy {
                    id: role_name,
                    kind: PolicyKind::Access,
                    statement: description,
                    parameters,
                },
            ));
        }
        rc.finish(r);
        role.finish(r);
    }

    if lone {
        // A lone contract is the whole story: read its team and support.
        c.team = read_team(&mut o, r)?;
        for mut d in o.objects(r, "authoritativeDefinitions")? {
            let url = d.string(r, "url")?;
            let kind = d.string(r, "type")?;
            let description = d.string(r, "description")?;
            c.links.push(crate::model::Link {
                title: if description.is_empty() {
                    kind
                } else {
                    description
                },
                url,
            });
            d.finish(r);
        }
    }
    custom.finish(r);
    o.finish(r);
    Ok(c)
}

#[derive(serde::Deserialize, Debug, Default)]
#[serde(rename_all = "camelCase")]
struct SloDetails {
    #[serde(default)]
    window: String,
    #[serde(default)]
    alarm_threshold: Option<f64>,
}

/// The port kind an ODCS `physicalType` or ODPS `type` names.
#[must_use]
pub fn port_kind(s: &str) -> Option<PortKind> {
    match s.trim().to_lowercase().as_str() {
        "table" | "tables" => Some(PortKind::Table),
        "view" | "views" => Some(PortKind::View),
        "file" | "files" => Some(PortKind::File),
        "api" | "rest" => Some(PortKind::Api),
        "stream" | "topic" | "topics" | "events" => Some(PortKind::Stream),
        _ => None,
    }
}

fn fields(o: &mut Obj<'_>, r: &mut Reader<'_, '_>, key: &str) -> Result<Vec<Field>, ManifestError> {
    o.objects(r, key)?
        .into_iter()
        .map(|mut p| {
            let f = field(&mut p, r)?;
            p.finish(r);
            Ok(f)
        })
        .collect()
}

fn field(p: &mut Obj<'_>, r: &mut Reader<'_, '_>) -> Result<Field, ManifestError> {
    let mut custom = p.custom(r)?;
    let ptr = p.ptr.clone();
    let name = p
        .str(r, "name")?
        .ok_or_else(|| r.invalid(&ptr, "a schema property needs a name"))?;
    let mut f = Field {
        name,
        ..Field::default()
    };
    let lt_ptr = p.child_ptr("logicalType");
    match p.str(r, "logicalType")? {
        Some(lt) => match parse_name::<LogicalType>(&lt) {
            Some(t) => f.logical_type = t,
            None => {
                r.warn(
                    &lt_ptr,
                    format!("logical type \"{lt}\" is not an ODCS type; read as string"),
                );
                r.keep(&lt_ptr, &Value::String(lt));
            }
        },
        None => {
            if p.has("properties") {
                f.logical_type = LogicalType::Object;
            } else if p.has("items") {
                f.logical_type = LogicalType::Array;
            }
        }
    }
    f.physical_type = p.string(r, "physicalType")?;
    f.description = p.string(r, "description")?;
    f.required = p.boolean(r, "required")?.unwrap_or(false);
    f.primary_key = p.boolean(r, "primaryKey")?.unwrap_or(false);
    let cl_ptr = p.child_ptr("classification");
    if let Some(cl) = p.str(r, "classification")? {
        match parse_name::<DataClassification>(&cl) {
            Some(c) => f.classification = c,
            None => {
                r.warn(&cl_ptr, format!("classification \"{cl}\" is not one of public, internal, confidential, restricted; read as internal"));
                r.keep(&cl_ptr, &Value::String(cl));
            }
        }
    }
    if let Some(ex) = p.raw("examples") {
        let ex_ptr = p.child_ptr("examples");
        match ex {
            Value::Array(items) if items.iter().all(|v| v.is_string()) => {
                f.examples = items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
            }
            other => r.keep(&ex_ptr, other),
        }
    }
    f.pii = custom.take(r, "pii")?.unwrap_or(false);
    f.fields = fields(p, r, "properties")?;
    if let Some(items) = p.raw("items") {
        let items_ptr = p.child_ptr("items");
        let mut io = Obj::new(items, &items_ptr, r)?;
        let is_object = io.value().get("properties").is_some();
        if is_object {
            io.raw("logicalType");
            f.fields = fields(&mut io, r, "properties")?;
            io.finish(r);
        } else {
            r.keep(&items_ptr, items);
        }
    }
    if let Some(nested) = custom.take::<Vec<Field>>(r, "fields")? {
        f.fields = nested;
    }
    custom.finish(r);
    Ok(f)
}

fn slo(s: &mut Obj<'_>, r: &mut Reader<'_, '_>) -> Result<Option<Slo>, ManifestError> {
    let Some(Value::String(property)) = s.value().get("property") else {
        return Ok(None);
    };
    let Some(dimension) = parse_name::<SloDimension>(property) else {
        return Ok(None);
    };
    let target = match s.value().get("value") {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(t)) => t.trim().parse::<f64>().ok(),
        _ => None,
    };
    let Some(target) = target else {
        return Ok(None);
    };
    let unit = match s.value().get("unit") {
        Some(Value::String(u)) => slo_unit(u),
        None => matches!(
            dimension,
            SloDimension::Availability | SloDimension::Completeness | SloDimension::Accuracy
        )
        .then_some(SloUnit::Percent),
        Some(_) => None,
    };
    let Some(unit) = unit else { return Ok(None) };
    s.raw("property");
    s.raw("value");
    s.raw("unit");
    let description = s.string(r, "description")?;
    Ok(Some(Slo {
        dimension,
        target,
        unit,
        window: String::new(),
        alarm_threshold: None,
        description,
    }))
}

/// Reads an SLA unit: the canvas's names and the usual abbreviations.
#[must_use]
pub fn slo_unit(u: &str) -> Option<SloUnit> {
    Some(match u.trim().to_lowercase().as_str() {
        "%" | "percent" | "percentage" => SloUnit::Percent,
        "ms" | "millisecond" | "milliseconds" => SloUnit::Milliseconds,
        "s" | "sec" | "second" | "seconds" => SloUnit::Seconds,
        "m" | "min" | "minute" | "minutes" => SloUnit::Minutes,
        "h" | "hr" | "hour" | "hours" => SloUnit::Hours,
        "d" | "day" | "days" => SloUnit::Days,
        "w" | "week" | "weeks" => SloUnit::Weeks,
        "mo" | "month" | "months" => SloUnit::Months,
        "y" | "yr" | "year" | "years" => SloUnit::Years,
        _ => return None,
    })
}

/// Reads an ODCS `team` (v3.1 object, or the older list of members) and
/// `support`.
fn read_team(
    o: &mut Obj<'_>,
    r: &mut Reader<'_, '_>,
) -> Result<Option<(Team, Person)>, ManifestError> {
    let mut team = Team::default();
    let owner = Person::default();
    let team_ptr = o.child_ptr("team");
    let members = match o.raw("team") {
        None => Vec::new(),
        Some(v @ Value::Object(_)) => {
            let mut t = Obj::new(v, &team_ptr, r)?;
            team.name = t.string(r, "name")?;
            let m = t.objects(r, "members")?;
            // Read members before finishing the team object.
            let mut out = Vec::new();
            for mut mo in m {
                out.push(member(&mut mo, r)?);
                mo.finish(r);
            }
            t.finish(r);
            out
        }
        Some(Value::Array(items)) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let mut mo = Obj::new(item, &format!("{team_ptr}/{i}"), r)?;
                out.push(member(&mut mo, r)?);
                mo.finish(r);
            }
            out
        }
        Some(other) => {
            return Err(r.invalid(
                &team_ptr,
                format!("expected a mapping or a list, found {}", type_name(other)),
            ));
        }
    };
    team.members = members;
    for mut s in o.objects(r, "support")? {
        team.support.push(support_channel(&mut s, r)?);
        s.finish(r);
    }
    if team == Team::default() {
        return Ok(None);
    }
    Ok(Some((team, owner)))
}

fn member(m: &mut Obj<'_>, r: &mut Reader<'_, '_>) -> Result<TeamMember, ManifestError> {
    let username = m.string(r, "username")?;
    let name = m.str(r, "name")?;
    let role = m.string(r, "role")?;
    let email = super::odps_import::email_of(&username, name.as_deref());
    Ok(TeamMember {
        name: name.unwrap_or(username),
        email,
        role,
    })
}

/// Reads one support channel (ODPS and ODCS share the shape).
pub fn support_channel(
    s: &mut Obj<'_>,
    r: &mut Reader<'_, '_>,
) -> Result<SupportChannel, ManifestError> {
    let ptr = s.ptr.clone();
    let channel = s
        .str(r, "channel")?
        .ok_or_else(|| r.invalid(&ptr, "a support channel needs a channel name"))?;
    let url = s.string(r, "url")?;
    let description = s.string(r, "description")?;
    let tool_ptr = s.child_ptr("tool");
    let tool = match s.str(r, "tool")? {
        Some(t) => parse_name::<SupportTool>(&t).unwrap_or_else(|| {
            r.warn(
                &tool_ptr,
                format!("tool \"{t}\" is not one the canvas knows; read as other"),
            );
            r.keep(&tool_ptr, &Value::String(t));
            SupportTool::Other
        }),
        None => SupportTool::Other,
    };
    let scope_ptr = s.child_ptr("scope");
    let scope = match s.str(r, "scope")? {
        Some(t) => parse_name::<SupportScope>(&t).unwrap_or_else(|| {
            r.warn(
                &scope_ptr,
                format!("scope \"{t}\" is not one the canvas knows; read as interactive"),
            );
            r.keep(&scope_ptr, &Value::String(t));
            SupportScope::Interactive
        }),
        None => SupportScope::Interactive,
    };
    Ok(SupportChannel {
        channel,
        tool,
        url,
        scope,
        description,
    })
}

/// A canvas from a contract no imported product names.
pub fn into_canvas(c: Contract) -> Canvas {
    let product_id = c.product_id.clone().unwrap_or_else(|| c.id.clone());
    let mut canvas = Canvas::skeleton(&product_id, &c.port.name, &c.domain);
    canvas.product.version = c.port.version.clone();
    canvas.product.status = c.port.status;
    canvas.product.purpose = c.port.description.clone();
    canvas.product.tags = c.tags;
    if let Some((team, owner)) = c.team {
        canvas.domain.team = team;
        canvas.domain.product_owner = owner;
    }
    canvas.metadata.links = c.links;
    let mut policies = c.policies;
    policies.sort_by_key(|(p, _)| p.unwrap_or(usize::MAX));
    canvas.policies = policies.into_iter().map(|(_, p)| p).collect();
    let mut port = c.port;
    port.id = c.port_id.unwrap_or_else(|| c.id.clone());
    canvas.output_ports.push(port);
    canvas
}
