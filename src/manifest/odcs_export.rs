//! Output port → ODCS v3.1.0 (or v3.2.0) data contract.
//!
//! One contract per output port: its schema with logical types and
//! classification, servers, quality rules, usage terms and limitations, its
//! SLOs as `slaProperties` and the canvas's access policies as `roles`.
//!
//! A port read from a contract is written back as the contract was: its
//! id, and everything the canvas has no field for, from the extensions of
//! the item it belongs to (see [`super::place`]); a value the canvas shows
//! keeps the contract's spelling while it still means what the canvas
//! says. Only a port designed on the canvas carries Mesh Canvas's own
//! `customProperties` (technology, PII flags, SLO windows and alarm
//! thresholds).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

use super::custom::CustomProps;
use super::odcs_import::{classification_meaning, is_pii_tag, slo_unit};
use super::odps_export::{PositionedPolicy, is_role, required_version};
use super::place::{self, is_unwritten};
use super::read::parse_name;
use super::{contract_id, lowercase_name, quality_checks};
use crate::model::{
    Canvas, Field, LifecycleStatus, LogicalType, OutputPort, Policy, PortKind, Pricing,
    QualityCheck, QualityRule, Relationship, SchemaObject, Server, Slo,
};
use crate::wire::OdcsVersion;

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
pub fn export(canvas: &Canvas, port: &OutputPort, version: OdcsVersion) -> Value {
    let ext = &port.extensions;
    let canvas_made = port.contract_id.is_none();
    let id = port
        .contract_id
        .clone()
        .unwrap_or_else(|| contract_id(&canvas.product.id, &port.id));
    let mut m = Map::new();
    m.insert("apiVersion".into(), api_version(version).into());
    m.insert("kind".into(), "DataContract".into());
    m.insert("id".into(), id.clone().into());
    if !(is_unwritten(ext, "name") && port.name == id) {
        m.insert("name".into(), port.name.clone().into());
    }
    m.insert(
        "version".into(),
        required_version(&port.version, canvas).into(),
    );
    match ext.get("status") {
        Some(Value::String(s))
            if super::odcs_import::status_meaning(s).unwrap_or(LifecycleStatus::Draft)
                == port.status =>
        {
            m.insert("status".into(), s.clone().into());
        }
        _ => {
            m.insert("status".into(), lowercase_name(&port.status).into());
        }
    }
    if !canvas.domain.name.is_empty() {
        m.insert("domain".into(), canvas.domain.name.clone().into());
    }
    if !port.tags.is_empty() {
        m.insert("tags".into(), port.tags.clone().into());
    }

    // Description: the card's, then what else the contract wrote there.
    let mut d = match ext.get("description") {
        Some(Value::Object(o)) => o.clone(),
        _ => Map::new(),
    };
    for (key, text) in [
        ("purpose", port.description.as_str()),
        ("usage", &port.usage_terms),
        ("limitations", &port.limitations),
    ] {
        if !text.is_empty() {
            d.insert(key.into(), text.into());
        }
    }
    if !d.is_empty() || matches!(ext.get("description"), Some(Value::Object(_))) {
        m.insert("description".into(), Value::Object(d));
    }

    if canvas_made {
        // The contract names who owns it and where to ask, as the product
        // does: a platform deploying the contract alone still knows.
        let foreign = is_unwritten(&canvas.extensions, super::odps_export::FORMAT_VERSION_KEY);
        let (team, support) = super::odps_export::team_and_support(canvas, foreign);
        if let Some(team) = team {
            m.insert(
                "team".into(),
                serde_json::to_value(team).unwrap_or_default(),
            );
        }
        if !support.is_empty() {
            m.insert(
                "support".into(),
                serde_json::to_value(support).unwrap_or_default(),
            );
        }
    }
    if !port.servers.is_empty() {
        m.insert(
            "servers".into(),
            port.servers.iter().map(server).collect::<Vec<_>>().into(),
        );
    }
    let checks = designed_checks(canvas, port);
    // No schema written when the port has no objects, unless the
    // contract wrote an empty one.
    if !port.objects.is_empty()
        || !checks.is_empty()
        || !(canvas_made || is_unwritten(ext, "schema"))
    {
        m.insert("schema".into(), schema(port, &checks).into());
    }
    if let Some(p) = &port.pricing {
        m.insert("price".into(), pricing(p));
    }
    let slas = slas(port, ext);
    if !slas.is_empty() {
        m.insert("slaProperties".into(), slas.into());
    }
    let roles = roles(canvas);
    if !roles.is_empty() {
        m.insert("roles".into(), roles.into());
    }

    // Mesh Canvas's own custom properties, only on a port designed on the
    // canvas: an imported contract is not stamped.
    let mut cp = CustomProps::new();
    if canvas_made {
        cp.put_value("formatVersion", Value::from(crate::model::FORMAT_VERSION));
        cp.put("productId", &canvas.product.id);
        cp.put("portId", &port.id);
        if port.version.is_empty() {
            cp.put_value("version", Value::String(String::new()));
        }
    } else if port.version.is_empty() && !canvas.product.version.is_empty() {
        cp.put_value("version", Value::String(String::new()));
    }
    let technology_from_server = is_unwritten(ext, "meshcanvas.technology")
        && port.servers.first().map(|s| s.server_type.as_str()) == Some(port.technology.as_str());
    if !technology_from_server {
        if port.technology.is_empty() && !canvas_made && !port.servers.is_empty() {
            // Said even when empty: left out, the contract's first
            // server's type would be read as the technology.
            cp.put_value("technology", Value::String(String::new()));
        } else {
            cp.put("technology", &port.technology);
        }
    }
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
    // ODCS has no sunset date; a deprecated port's is the canvas's own.
    if let Some(sunset) = &port.sunset {
        cp.put_value("sunset", Value::String(sunset.clone()));
    }
    let custom = with_theirs(cp, ext);
    if !custom.is_empty() {
        m.insert("customProperties".into(), custom.into());
    }
    rest(&mut m, ext);
    let mut doc = Value::Object(m);
    match version {
        OdcsVersion::V3_1_0 => super::odcs_compat::to_v3_1(&mut doc),
        OdcsVersion::V3_2_0 => super::odcs_compat::to_v3_2(&mut doc),
    }
    doc
}

/// Mesh Canvas's custom properties followed by the other tools' ones the
/// item was read with.
fn with_theirs(cp: CustomProps, ext: &BTreeMap<String, Value>) -> Vec<Value> {
    let mut out: Vec<Value> = cp
        .into_vec()
        .into_iter()
        .map(|c| serde_json::json!({"property": c.property, "value": c.value}))
        .collect();
    if let Some(Value::Array(theirs)) = ext.get("customProperties") {
        out.extend(theirs.iter().cloned());
    }
    out
}

/// Writes the document's own keys of `ext` that are not written yet.
fn rest(m: &mut Map<String, Value>, ext: &BTreeMap<String, Value>) {
    for (k, v) in place::own_keys(ext) {
        if !m.contains_key(k) {
            m.insert(k.clone(), v.clone());
        }
    }
}

fn server(s: &Server) -> Value {
    let mut m = Map::new();
    m.insert("server".into(), s.server.clone().into());
    m.insert("type".into(), s.server_type.clone().into());
    if !s.environment.is_empty() {
        m.insert("environment".into(), s.environment.clone().into());
    }
    if !s.description.is_empty() {
        m.insert("description".into(), s.description.clone().into());
    }
    rest(&mut m, &s.extensions);
    Value::Object(m)
}

/// Quality rules as ODCS writes them.
#[must_use]
pub fn quality(rules: &[QualityRule]) -> Vec<Value> {
    rules
        .iter()
        .map(|q| {
            let mut m = Map::new();
            for (k, v) in [
                ("name", &q.name),
                ("type", &q.rule_type),
                ("metric", &q.metric),
                ("query", &q.query),
                ("description", &q.description),
                ("dimension", &q.dimension),
                ("severity", &q.severity),
            ] {
                if !v.is_empty() {
                    m.insert(k.into(), v.clone().into());
                }
            }
            rest(&mut m, &q.extensions);
            Value::Object(m)
        })
        .collect()
}

/// The schema objects of a port, with the Observability block's checks on
/// the port: on the property the check names (`table.field` for a table's
/// field, or a field's name alone: the first table that has it), else on
/// the first object (one named after the port when it has none).
fn schema(port: &OutputPort, checks: &[&QualityCheck]) -> Vec<Value> {
    let on_field = |c: &QualityCheck| -> Option<(usize, String)> {
        let name = c.field.as_deref()?;
        let qualified = name.split_once('.').and_then(|(table, field)| {
            port.objects
                .iter()
                .position(|o| o.name == table && o.fields.iter().any(|f| f.name == field))
                .map(|j| (j, field.to_owned()))
        });
        qualified.or_else(|| {
            port.object_with_field(name)
                .map(|(j, _)| (j, name.to_owned()))
        })
    };
    let mut objects: Vec<Value> = port
        .objects
        .iter()
        .enumerate()
        .map(|(j, o)| {
            let mine: Vec<(&QualityCheck, String)> = checks
                .iter()
                .filter_map(|c| match on_field(c) {
                    Some((at, field)) if at == j => Some((*c, field)),
                    _ => None,
                })
                .collect();
            let whole: Vec<&QualityCheck> = if j == 0 {
                checks
                    .iter()
                    .copied()
                    .filter(|c| on_field(c).is_none())
                    .collect()
            } else {
                Vec::new()
            };
            schema_object(o, &mine, &whole)
        })
        .collect();
    if objects.is_empty() && !checks.is_empty() {
        let o = SchemaObject {
            name: port.id.clone(),
            physical_type: physical_type(port.kind).to_owned(),
            ..SchemaObject::default()
        };
        objects.push(schema_object(&o, &[], checks));
    }
    objects
}

/// One schema object; `on_fields` are designed checks on its fields (with
/// the field each is on), `whole` those on the object.
fn schema_object(
    o: &SchemaObject,
    on_fields: &[(&QualityCheck, String)],
    whole: &[&QualityCheck],
) -> Value {
    let sext = &o.extensions;
    let mut m = Map::new();
    if !(o.name.is_empty() && is_unwritten(sext, "name")) {
        m.insert("name".into(), o.name.clone().into());
    }
    if !is_unwritten(sext, "logicalType") && !sext.contains_key("logicalType") {
        m.insert("logicalType".into(), "object".into());
    }
    for (key, text) in [
        ("physicalType", &o.physical_type),
        ("physicalName", &o.physical_name),
        ("businessName", &o.business_name),
        ("description", &o.description),
    ] {
        if !text.is_empty() {
            m.insert(key.into(), text.clone().into());
        }
    }
    if !(o.fields.is_empty() && is_unwritten(sext, "properties")) {
        let properties: Vec<Value> = o
            .fields
            .iter()
            .map(|f| {
                let mut p = property(f);
                let rules: Vec<Value> = on_fields
                    .iter()
                    .filter(|(_, field)| *field == f.name)
                    .map(|(c, _)| quality_checks::rule(c, true))
                    .collect();
                if !rules.is_empty()
                    && let Value::Object(pm) = &mut p
                {
                    append_rules(pm, rules);
                }
                p
            })
            .collect();
        m.insert("properties".into(), properties.into());
    }
    if !o.relationships.is_empty() {
        m.insert(
            "relationships".into(),
            o.relationships
                .iter()
                .map(relationship)
                .collect::<Vec<_>>()
                .into(),
        );
    }
    let mut rules = quality(&o.quality);
    rules.extend(whole.iter().map(|c| quality_checks::rule(c, false)));
    if !rules.is_empty() {
        m.insert("quality".into(), rules.into());
    }
    rest(&mut m, sext);
    Value::Object(m)
}

fn relationship(r: &Relationship) -> Value {
    let mut m = Map::new();
    if !r.relationship_type.is_empty() {
        m.insert("type".into(), r.relationship_type.clone().into());
    }
    for (key, refs) in [("from", &r.from), ("to", &r.to)] {
        m.insert(key.into(), serde_json::to_value(refs).unwrap_or_default());
    }
    rest(&mut m, &r.extensions);
    Value::Object(m)
}

fn pricing(p: &Pricing) -> Value {
    let mut m = Map::new();
    if let Some(amount) = &p.amount {
        m.insert("priceAmount".into(), Value::Number(amount.clone()));
    }
    if !p.currency.is_empty() {
        m.insert("priceCurrency".into(), p.currency.clone().into());
    }
    if !p.unit.is_empty() {
        m.insert("priceUnit".into(), p.unit.clone().into());
    }
    rest(&mut m, &p.extensions);
    Value::Object(m)
}

fn designed_checks<'c>(canvas: &'c Canvas, port: &OutputPort) -> Vec<&'c QualityCheck> {
    if port.contract_id.is_some() {
        return Vec::new();
    }
    canvas
        .observability
        .quality_checks
        .iter()
        .filter(|c| c.port_id.as_deref() == Some(port.id.as_str()))
        .collect()
}

/// Adds rules after a property's own `quality`, before what follows it.
fn append_rules(p: &mut Map<String, Value>, rules: Vec<Value>) {
    match p.get_mut("quality") {
        Some(Value::Array(q)) => q.extend(rules),
        _ => {
            p.insert("quality".into(), rules.into());
        }
    }
}

fn slas(port: &OutputPort, ext: &BTreeMap<String, Value>) -> Vec<Value> {
    let mut out: Vec<Value> = port.slos.iter().map(sla).collect();
    if let Some(Value::Array(others)) = ext.get(place::OTHER_SLAS) {
        for o in others {
            let at = o
                .get("position")
                .and_then(Value::as_u64)
                .and_then(|p| usize::try_from(p).ok())
                .unwrap_or(usize::MAX)
                .min(out.len());
            out.insert(at, o.get("sla").cloned().unwrap_or(Value::Null));
        }
    }
    out
}

fn sla(s: &Slo) -> Value {
    let ext = &s.extensions;
    let mut m = Map::new();
    let dimension = lowercase_name(&s.dimension);
    m.insert(
        "property".into(),
        match ext.get("property") {
            Some(Value::String(p)) if parse_name(p) == Some(s.dimension) => p.clone().into(),
            _ => dimension.into(),
        },
    );
    let written_value = ext.get("value").filter(|v| {
        let read = match v {
            Value::Number(n) => n.as_f64(),
            Value::String(t) => t.trim().trim_end_matches('%').trim().parse::<f64>().ok(),
            _ => None,
        };
        read == Some(s.target)
    });
    m.insert(
        "value".into(),
        written_value
            .cloned()
            .unwrap_or_else(|| serde_json::json!(s.target)),
    );
    match ext.get("unit") {
        Some(Value::String(u)) if slo_unit(u) == Some(s.unit) => {
            m.insert("unit".into(), u.clone().into());
        }
        _ if is_unwritten(ext, "unit") && s.unit == crate::model::SloUnit::Percent => {}
        _ => {
            m.insert("unit".into(), lowercase_name(&s.unit).into());
        }
    }
    if !s.description.is_empty() {
        m.insert("description".into(), s.description.clone().into());
    }
    rest(&mut m, ext);
    Value::Object(m)
}

/// Whether reading the role a policy is written as gives the policy back
/// without Mesh Canvas's copy of it.
fn role_reads_back(p: &Policy) -> bool {
    let role = p.parameters.get("role").unwrap_or(&p.id);
    role == &p.id
        && p.kind == crate::model::PolicyKind::Access
        && p.parameters.iter().all(|(k, v)| {
            // The role writes these, and only when not empty.
            ["role", "access", "approver", "secondApprover"].contains(&k.as_str()) && !v.is_empty()
        })
        && p.parameters.get("role").is_some_and(|r| r == &p.id)
}

fn roles(canvas: &Canvas) -> Vec<Value> {
    let mut in_order = true;
    canvas
        .policies
        .iter()
        .enumerate()
        .filter(|(_, p)| is_role(p, canvas))
        .enumerate()
        .map(|(n, (i, p))| {
            in_order &= n == i;
            let param = |k: &str| p.parameters.get(k).cloned().unwrap_or_default();
            let mut m = Map::new();
            m.insert(
                "role".into(),
                p.parameters
                    .get("role")
                    .cloned()
                    .unwrap_or_else(|| p.id.clone())
                    .into(),
            );
            for (key, value) in [
                ("description", p.statement.clone()),
                ("access", param("access")),
                ("firstLevelApprovers", param("approver")),
                ("secondLevelApprovers", param("secondApprover")),
            ] {
                if !value.is_empty() {
                    m.insert(key.into(), value.into());
                }
            }
            let mut rcp = CustomProps::new();
            if !(in_order && role_reads_back(p)) {
                // The exact policy, so the canvas reads back equal; the
                // role's own fields are what a platform acts on.
                rcp.put_value(
                    "policy",
                    serde_json::to_value(PositionedPolicy {
                        position: i,
                        policy: p,
                    })
                    .unwrap_or_default(),
                );
            }
            let custom = with_theirs(rcp, &p.extensions);
            if !custom.is_empty() {
                m.insert("customProperties".into(), custom.into());
            }
            rest(&mut m, &p.extensions);
            Value::Object(m)
        })
        .collect()
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct SloDetails<'a> {
    window: &'a str,
    alarm_threshold: Option<f64>,
}

/// The logical type a property without one is read as.
fn inferred_type(f: &Field) -> LogicalType {
    if f.extensions.contains_key(place::ITEMS) {
        LogicalType::Array
    } else if !f.fields.is_empty() {
        LogicalType::Object
    } else {
        LogicalType::String
    }
}

fn property(f: &Field) -> Value {
    let ext = &f.extensions;
    let mut m = Map::new();
    m.insert("name".into(), f.name.clone().into());
    match ext.get("logicalType") {
        Some(Value::String(lt))
            if parse_name::<LogicalType>(lt).unwrap_or(LogicalType::String) == f.logical_type =>
        {
            m.insert("logicalType".into(), lt.clone().into());
        }
        _ if is_unwritten(ext, "logicalType") && f.logical_type == inferred_type(f) => {}
        _ => {
            m.insert("logicalType".into(), lowercase_name(&f.logical_type).into());
        }
    }
    if !f.physical_type.is_empty() {
        m.insert("physicalType".into(), f.physical_type.clone().into());
    }
    if !f.business_name.is_empty() {
        m.insert("businessName".into(), f.business_name.clone().into());
    }
    if !f.description.is_empty() {
        m.insert("description".into(), f.description.clone().into());
    }
    for (key, on) in [("required", f.required), ("primaryKey", f.primary_key)] {
        if on {
            m.insert(key.into(), true.into());
        } else if ext.get(key) == Some(&Value::Bool(false)) {
            m.insert(key.into(), false.into());
        }
    }
    // The contract's spelling of the classification, while it still says
    // what the canvas says.
    let spelled = match ext.get("classification") {
        Some(Value::String(cl)) => classification_meaning(cl)
            .filter(|(level, pii)| *level == f.classification && (!pii || f.pii))
            .map(|(_, pii)| (cl.clone(), pii)),
        _ => None,
    };
    let mut pii_said = spelled.as_ref().is_some_and(|(_, pii)| *pii);
    match (spelled, f.classification) {
        (Some((cl, _)), _) => {
            m.insert("classification".into(), cl.into());
        }
        (None, Some(level)) => {
            m.insert("classification".into(), lowercase_name(&level).into());
        }
        (None, None) => {}
    }
    pii_said |= f.tags.iter().any(|t| is_pii_tag(t));
    if !f.tags.is_empty() {
        m.insert("tags".into(), f.tags.clone().into());
    }
    for (key, flag) in [
        ("unique", f.unique),
        ("partitioned", f.partitioned),
        ("criticalDataElement", f.critical_data_element),
    ] {
        if let Some(b) = flag {
            m.insert(key.into(), b.into());
        }
    }
    for (key, n) in [
        ("primaryKeyPosition", f.primary_key_position),
        ("partitionKeyPosition", f.partition_key_position),
    ] {
        if let Some(n) = n {
            m.insert(key.into(), n.into());
        }
    }
    if !f.transform_source_objects.is_empty() {
        m.insert(
            "transformSourceObjects".into(),
            f.transform_source_objects.clone().into(),
        );
    }
    for (key, text) in [
        ("transformLogic", &f.transform_logic),
        ("transformDescription", &f.transform_description),
    ] {
        if !text.is_empty() {
            m.insert(key.into(), text.clone().into());
        }
    }
    if !f.examples.is_empty() {
        m.insert("examples".into(), f.examples.clone().into());
    }
    let mut cp = CustomProps::new();
    if f.pii && !pii_said {
        cp.put("pii", &true);
    }
    let nested: Vec<Value> = f.fields.iter().map(property).collect();
    match f.logical_type {
        LogicalType::Array if !nested.is_empty() => {
            let mut items = match ext.get(place::ITEMS) {
                Some(Value::Object(o)) => o.clone(),
                _ => Map::new(),
            };
            let iext: BTreeMap<String, Value> =
                items.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            items.retain(|k, _| !k.starts_with(super::custom::PREFIX));
            if !is_unwritten(&iext, "logicalType") && !items.contains_key("logicalType") {
                items.insert("logicalType".into(), "object".into());
            }
            items.insert("properties".into(), nested.into());
            m.insert("items".into(), Value::Object(items));
        }
        LogicalType::Object if !nested.is_empty() => {
            m.insert("properties".into(), nested.into());
        }
        LogicalType::Object | LogicalType::Array => {}
        // Nested fields under a scalar type have no home in ODCS.
        _ => {
            if !f.fields.is_empty() {
                cp.put("fields", &f.fields);
            }
        }
    }
    if !f.quality.is_empty() {
        m.insert("quality".into(), quality(&f.quality).into());
    }
    let custom = with_theirs(cp, ext);
    if !custom.is_empty() {
        m.insert("customProperties".into(), custom.into());
    }
    rest(&mut m, ext);
    Value::Object(m)
}
