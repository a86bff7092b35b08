//! ODCS v3.0.0–v3.2.0 data contract → output port (and, for a contract
//! that no imported product names, → a canvas with that one port).
//!
//! Reads the schema (one object becomes the port's fields; several become
//! one object field each), `slaProperties` that are SLOs the canvas knows,
//! `roles` as access policies, and Mesh Canvas's own `customProperties`.
//! Everything else is kept in `extensions` by the reader.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::read::{Obj, Reader, parse_name, type_name};
use super::{ManifestError, place};
use crate::model::{
    Canvas, DataClassification, Field, FieldRefs, LifecycleStatus, LogicalType, OutputPort, Person,
    Policy, PolicyKind, PortKind, Pricing, QualityCheck, QualityRule, Relationship, SchemaObject,
    Server, Slo, SloDimension, SloUnit, SupportChannel, SupportScope, SupportTool, Team,
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
    /// The canvas's quality checks the contract's rules carry.
    pub quality_checks: Vec<QualityCheck>,
}

/// Reads one contract document.
///
/// What the canvas shows goes into the port's fields; what it has no field
/// for stays with the item it belongs to (the port for the contract's own
/// keys, the field for a property's, the SLO for an SLA property's, the
/// server, the quality rule), so export writes it back where it was.
pub fn read(doc: &Value, r: &mut Reader<'_, '_>, lone: bool) -> Result<Contract, ManifestError> {
    // A v3.1.0 contract Mesh Canvas wrote from v3.2.0 parts: read as those.
    let restored;
    let doc = if super::odcs_compat::holds_v3_2(doc) {
        let mut d = doc.clone();
        super::odcs_compat::from_v3_1(&mut d);
        restored = d;
        &restored
    } else {
        doc
    };
    let mut o = Obj::new(doc, "", r)?;
    let mut ext = BTreeMap::new();
    o.raw("apiVersion");
    o.raw("kind");
    let mut custom = o.custom_in(r, &mut ext)?;
    let ours = custom.has("formatVersion");
    custom.take::<Value>(r, "formatVersion")?;
    let mut c = Contract {
        ours,
        ..Contract::default()
    };
    c.id = o.string(r, "id")?;
    c.product_id = custom.take(r, "productId")?;
    c.port_id = custom.take(r, "portId")?;
    match o.str(r, "name")? {
        Some(name) => c.port.name = name,
        None => {
            c.port.name = c.id.clone();
            place::unwritten(&mut ext, "name");
        }
    }
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
    // The status as the contract spells it, while it means what the card
    // shows (`production` is active, `development` a draft).
    match o.raw("status") {
        // Written back as `draft`: v3.1.0 and later require a status.
        None => r.warn("", "ODCS requires a `status`; none given, read as draft"),
        Some(Value::String(s)) => match status_meaning(s) {
            Some(status) => {
                c.port.status = status;
                if super::lowercase_name(&status) != *s {
                    ext.insert("status".to_owned(), Value::String(s.clone()));
                }
            }
            None => {
                let ptr = o.child_ptr("status");
                r.warn(
                    &ptr,
                    format!("status \"{s}\" is not one the canvas knows; read as draft"),
                );
                ext.insert("status".to_owned(), Value::String(s.clone()));
            }
        },
        Some(other) => {
            let ptr = o.child_ptr("status");
            r.keep_in(&mut ext, &ptr, "status", other);
        }
    }
    c.domain = o.string(r, "domain")?;
    // The contract's tags are the port's, when they are a list of text;
    // else they are kept as written.
    if let Some(Value::Array(items)) = o.value().get("tags")
        && !items.is_empty()
        && items.iter().all(Value::is_string)
    {
        c.port.tags = o.strings(r, "tags")?;
    }
    if lone {
        // The product a lone contract becomes shows them too.
        c.tags.clone_from(&c.port.tags);
    }
    if let Some(mut d) = o.object(r, "description")? {
        c.port.description = d.string(r, "purpose")?;
        c.port.usage_terms = d.string(r, "usage")?;
        c.port.limitations = d.string(r, "limitations")?;
        let written_empty = d.value().as_object().is_some_and(Map::is_empty);
        let mut dext = BTreeMap::new();
        d.finish_in(r, &mut dext);
        if !dext.is_empty() || written_empty {
            ext.insert(
                "description".to_owned(),
                Value::Object(dext.into_iter().collect()),
            );
        }
    }
    c.port.sunset = custom.take::<String>(r, "sunset")?;
    let technology = custom.take::<String>(r, "technology")?;
    let technology_said = technology.is_some();
    c.port.technology = technology.unwrap_or_default();
    for mut s in o.objects(r, "servers")? {
        let mut srv = server(&mut s, r)?;
        let server_ptr = s.ptr.clone();
        // The type's own keys (host, database, topic…) are the server's.
        s.rest_into(&mut srv.extensions);
        // An `api` server has only a `location` in ODCS: other keys are
        // kept as written, and said.
        if srv.server_type == "api" {
            for key in srv.extensions.keys().filter(|k| {
                !matches!(k.as_str(), "location" | "id" | "roles" | "customProperties")
                    && !k.starts_with("meshcanvas.")
            }) {
                let ptr = format!("{server_ptr}/{}", crate::format::escape_pointer_token(key));
                r.warn(
                    &ptr,
                    format!("`{key}` is not a key of an `api` server in ODCS; kept as written"),
                );
            }
        }
        c.port.servers.push(srv);
    }
    if !ours
        && !technology_said
        && let Some(first) = c.port.servers.first()
    {
        // The first server's type is the port's technology on the card,
        // unless the contract says it (empty, when it was cleared).
        c.port.technology = first.server_type.clone();
        place::unwritten(&mut ext, "meshcanvas.technology");
    }

    // Schema.
    if o.raw("schema").is_none() && !ours {
        place::unwritten(&mut ext, "schema");
    }
    let objects = o.objects(r, "schema")?;
    for (j, s) in objects.into_iter().enumerate() {
        let object = schema_object(s, r)?;
        if j == 0 {
            if let Some(k) = port_kind(&object.physical_type) {
                c.port.kind = k;
            }
            if c.port_id.is_none() && !object.name.is_empty() {
                c.port_id = Some(object.name.clone());
            }
        }
        c.port.objects.push(object);
    }
    if let Some(p) = o.object(r, "price")? {
        c.port.pricing = Some(pricing(p, r)?);
    }

    // SLOs.
    let details: Vec<SloDetails> = custom.take(r, "sloDetails")?.unwrap_or_default();
    let mut other_slas = Vec::new();
    for (i, mut s) in o.objects(r, "slaProperties")?.into_iter().enumerate() {
        match slo(&mut s, r)? {
            Some(mut slo) => {
                s.finish_in(r, &mut slo.extensions);
                c.port.slos.push(slo);
            }
            None => {
                // Kept whole, at its place among the SLOs.
                other_slas.push((i, s.value().clone()));
                r.sink.kept.push(format!("{}#{}", r.tag, s.ptr));
            }
        }
    }
    if !other_slas.is_empty() {
        ext.insert(
            place::OTHER_SLAS.to_owned(),
            Value::Array(
                other_slas
                    .into_iter()
                    .map(|(i, v)| serde_json::json!({"position": i, "sla": v}))
                    .collect(),
            ),
        );
    }
    for (slo, d) in c.port.slos.iter_mut().zip(details) {
        slo.window = d.window;
        slo.alarm_threshold = d.alarm_threshold;
    }

    // Roles → access policies.
    for mut role in o.objects(r, "roles")? {
        let mut pext = BTreeMap::new();
        let mut rc = role.custom_in(r, &mut pext)?;
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
            let policy: Policy = super::read::from_value_exact(&Value::Object(m))
                .map_err(|(_, e)| r.invalid(&role.ptr, format!("meshcanvas.policy: {e}")))?;
            rc.finish(r);
            // The role's keys the policy keeps in its extensions are
            // written beside the copy (`odcs_export::roles`): read, not
            // kept a second time.
            role.finish_except(r, &policy.extensions);
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
            role.finish_in(r, &mut pext);
            c.policies.push((
                None,
                Policy {
                    id: role_name,
                    kind: PolicyKind::Access,
                    statement: description,
                    parameters,
                    extensions: pext,
                },
            ));
            rc.finish(r);
        }
    }

    if c.ours {
        // Mesh Canvas writes the domain's team and support on each of its
        // contracts: read back as the domain's (the product's own file
        // says the same in a bundle).
        let mut domain = crate::model::Domain::default();
        super::odps_import::read_team(&mut o, r, true, &mut domain)?;
        if domain.team != Team::default() || domain.product_owner != Person::default() {
            c.team = Some((domain.team, domain.product_owner));
        }
    }
    if lone {
        // A lone contract is the whole story: the product it becomes shows
        // its team, support and links; the contract keeps them too.
        let keep: &[&str] = if c.ours {
            &["authoritativeDefinitions"]
        } else {
            &["team", "support", "authoritativeDefinitions"]
        };
        for &key in keep {
            if let Some(v) = o.value().get(key).filter(|v| !v.is_null()) {
                ext.insert(key.to_owned(), v.clone());
            }
        }
        if !c.ours {
            c.team = read_team(&mut o, r)?;
        }
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
            d.raw("id");
            d.finish_in(r, &mut BTreeMap::new());
        }
    }
    custom.finish(r);
    o.finish_in(r, &mut ext);
    c.port.extensions = ext;
    // Kept verbatim; an id that is the one export would make is dropped
    // when the canvas is finished (see `manifest::import::finish`).
    c.port.contract_id = Some(c.id.clone());
    c.quality_checks = std::mem::take(&mut r.sink.quality_checks);
    Ok(c)
}

/// One schema object: what the canvas shows, and the rest kept on it.
fn schema_object(mut s: Obj<'_>, r: &mut Reader<'_, '_>) -> Result<SchemaObject, ManifestError> {
    let mut object = SchemaObject::default();
    let mut sext = BTreeMap::new();
    match s.str(r, "name")? {
        Some(name) => object.name = name,
        None => place::unwritten(&mut sext, "name"),
    }
    object.physical_type = s.string(r, "physicalType")?;
    object.physical_name = s.string(r, "physicalName")?;
    object.business_name = s.string(r, "businessName")?;
    object.description = s.string(r, "description")?;
    // `logicalType: object` is what an object is; written back when it was
    // written, and kept as written when it says something else.
    match s.raw("logicalType") {
        Some(Value::String(lt)) if lt == "object" => {}
        Some(other) => {
            sext.insert("logicalType".to_owned(), other.clone());
        }
        None => place::unwritten(&mut sext, "logicalType"),
    }
    if !s.has("properties") {
        place::unwritten(&mut sext, "properties");
    }
    object.fields = fields(&mut s, r, "properties")?;
    object.quality = quality(&mut s, r)?;
    for rel in s.objects(r, "relationships")? {
        object.relationships.push(relationship(rel, r)?);
    }
    s.finish_in(r, &mut sext);
    object.extensions = sext;
    Ok(object)
}

/// A schema-level relationship; `from` and `to` as written, one or several.
fn relationship(mut rel: Obj<'_>, r: &mut Reader<'_, '_>) -> Result<Relationship, ManifestError> {
    let mut out = Relationship {
        relationship_type: rel.string(r, "type")?,
        ..Relationship::default()
    };
    for (key, slot) in [("from", &mut out.from), ("to", &mut out.to)] {
        match rel.raw(key) {
            Some(Value::String(one)) => *slot = FieldRefs::One(one.clone()),
            Some(Value::Array(many)) if many.iter().all(Value::is_string) => {
                *slot = FieldRefs::Many(
                    many.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect(),
                );
            }
            Some(other) => {
                let ptr = rel.child_ptr(key);
                return Err(r.invalid(
                    &ptr,
                    format!(
                        "a relationship's `{key}` is a field reference or a list of them, \
                         found {}",
                        type_name(other)
                    ),
                ));
            }
            None => {
                let ptr = rel.ptr.clone();
                return Err(r.invalid(&ptr, format!("a relationship needs `{key}`")));
            }
        }
    }
    rel.finish_in(r, &mut out.extensions);
    Ok(out)
}

/// The contract's price; the amount keeps its number as written.
fn pricing(mut p: Obj<'_>, r: &mut Reader<'_, '_>) -> Result<Pricing, ManifestError> {
    let mut out = Pricing::default();
    match p.raw("priceAmount") {
        Some(Value::Number(n)) => out.amount = Some(n.clone()),
        Some(other) => {
            let ptr = p.child_ptr("priceAmount");
            r.keep_in(&mut out.extensions, &ptr, "priceAmount", other);
        }
        None => {}
    }
    out.currency = p.string(r, "priceCurrency")?;
    out.unit = p.string(r, "priceUnit")?;
    p.finish_in(r, &mut out.extensions);
    Ok(out)
}

fn server(s: &mut Obj<'_>, r: &mut Reader<'_, '_>) -> Result<Server, ManifestError> {
    Ok(Server {
        server: s.string(r, "server")?,
        server_type: s.string(r, "type")?,
        environment: s.string(r, "environment")?,
        description: s.string(r, "description")?,
        extensions: BTreeMap::new(),
    })
}

/// Reads the `quality` rules of a contract, schema object or property.
///
/// Rules that are the canvas's own quality checks (see
/// [`super::quality_checks`]) go to the reader's sink instead.
fn quality(o: &mut Obj<'_>, r: &mut Reader<'_, '_>) -> Result<Vec<QualityRule>, ManifestError> {
    let mut out = Vec::new();
    for mut q in o.objects(r, "quality")? {
        let mut ext = BTreeMap::new();
        let mut custom = q.custom_in(r, &mut ext)?;
        let designed: Option<QualityCheck> = custom.take(r, super::quality_checks::MARK)?;
        custom.finish(r);
        if let Some(check) = designed {
            // One of the canvas's quality checks: it goes back to the
            // Observability block, not among the contract's own rules.
            // Its ODCS keys say what the check says: nothing to keep.
            let keys: Vec<String> = q
                .value()
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            for k in &keys {
                q.raw(k);
            }
            q.finish(r);
            r.sink.quality_checks.push(check);
            continue;
        }
        let mut rule = QualityRule {
            name: q.string(r, "name")?,
            rule_type: q.string(r, "type")?,
            metric: q.string(r, "metric")?,
            query: q.string(r, "query")?,
            description: q.string(r, "description")?,
            dimension: q.string(r, "dimension")?,
            severity: q.string(r, "severity")?,
            extensions: ext,
        };
        // ODCS's own keys of a rule the canvas does not edit (thresholds,
        // arguments, the engine's implementation, schedule…) are the
        // rule's: kept as written, like a server's connection keys.
        for key in QUALITY_OWN_KEYS {
            if let Some(v) = q.raw(key) {
                rule.extensions.insert((*key).to_owned(), v.clone());
            }
        }
        q.finish_in(r, &mut rule.extensions);
        out.push(rule);
    }
    Ok(out)
}

/// The keys ODCS defines for a quality rule beyond those the canvas shows.
const QUALITY_OWN_KEYS: &[&str] = &[
    "id",
    "mustBe",
    "mustNotBe",
    "mustBeGreaterThan",
    "mustBeGreaterOrEqualTo",
    "mustBeLessThan",
    "mustBeLessOrEqualTo",
    "mustBeBetween",
    "mustNotBeBetween",
    "unit",
    "rule",
    "arguments",
    "validValues",
    "engine",
    "implementation",
    "method",
    "businessImpact",
    "scheduler",
    "schedule",
    "tags",
    "authoritativeDefinitions",
];

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
            let mut f = field(&mut p, r)?;
            p.finish_in(r, &mut f.extensions);
            Ok(f)
        })
        .collect()
}

/// What a classification as teams write it means: a level of the canvas,
/// personal data, or both. `PII`, `personal` and `sensitive` are the usual
/// ones beside the four levels; case does not matter.
#[must_use]
pub fn classification_meaning(s: &str) -> Option<(Option<DataClassification>, bool)> {
    if let Some(level) = parse_name::<DataClassification>(s) {
        return Some((Some(level), false));
    }
    match s.trim().to_lowercase().replace(['-', '_'], " ").as_str() {
        "pii" | "personal" | "personal data" | "personally identifiable information" => {
            Some((None, true))
        }
        "sensitive" | "sensitive pii" | "spi" => {
            Some((Some(DataClassification::Confidential), true))
        }
        "secret" | "highly confidential" | "strictly confidential" => {
            Some((Some(DataClassification::Restricted), false))
        }
        "open" => Some((Some(DataClassification::Public), false)),
        _ => None,
    }
}

/// The lifecycle status a contract's `status` means, in the spellings
/// contract tools write.
#[must_use]
pub fn status_meaning(s: &str) -> Option<LifecycleStatus> {
    let key = s.trim().to_lowercase();
    parse_name(&key).or(match key.as_str() {
        "development" | "in development" | "dev" | "in-development" | "wip" => {
            Some(LifecycleStatus::Draft)
        }
        "production" | "released" | "live" | "published" => Some(LifecycleStatus::Active),
        "sunset" | "deprecating" => Some(LifecycleStatus::Deprecated),
        "decommissioned" | "archived" | "retired" => Some(LifecycleStatus::Retired),
        _ => None,
    })
}

/// Whether a tag marks personal data (`pii`, `PII`, `personal-data`).
#[must_use]
pub fn is_pii_tag(tag: &str) -> bool {
    matches!(
        tag.trim()
            .to_lowercase()
            .replace(['-', '_', ' '], "")
            .as_str(),
        "pii" | "personaldata" | "personal" | "gdpr"
    )
}

fn field(p: &mut Obj<'_>, r: &mut Reader<'_, '_>) -> Result<Field, ManifestError> {
    // Each level is a `properties` (or an array's `items`) below the last;
    // deeper than the canvas holds is refused before reading further.
    let depth = p.ptr.matches("/properties/").count() + p.ptr.matches("/items").count();
    if depth > crate::model::MAX_FIELD_DEPTH {
        return Err(r.invalid(
            &p.ptr,
            format!(
                "properties nest deeper than {} levels, more than a canvas holds; flatten the \
                 schema or split it into several objects",
                crate::model::MAX_FIELD_DEPTH
            ),
        ));
    }
    let mut ext = BTreeMap::new();
    let mut custom = p.custom_in(r, &mut ext)?;
    let ptr = p.ptr.clone();
    let name = p
        .str(r, "name")?
        .ok_or_else(|| r.invalid(&ptr, "a schema property needs a name"))?;
    let mut f = Field {
        name,
        ..Field::default()
    };
    let lt_ptr = p.child_ptr("logicalType");
    match p.raw("logicalType") {
        Some(Value::String(lt)) => match parse_name::<LogicalType>(lt) {
            Some(t) => {
                f.logical_type = t;
                if lt != &super::lowercase_name(&t) {
                    ext.insert("logicalType".to_owned(), Value::String(lt.clone()));
                }
            }
            None => {
                r.warn(
                    &lt_ptr,
                    format!("logical type \"{lt}\" is not an ODCS type; shown as string"),
                );
                r.keep_in(&mut ext, &lt_ptr, "logicalType", &Value::String(lt.clone()));
            }
        },
        Some(other) => r.keep_in(&mut ext, &lt_ptr, "logicalType", other),
        None => {
            place::unwritten(&mut ext, "logicalType");
            if p.has("properties") {
                f.logical_type = LogicalType::Object;
            } else if p.has("items") {
                f.logical_type = LogicalType::Array;
            }
        }
    }
    f.physical_type = p.string(r, "physicalType")?;
    f.description = p.string(r, "description")?;
    f.business_name = p.string(r, "businessName")?;
    for (key, slot) in [
        ("required", &mut f.required),
        ("primaryKey", &mut f.primary_key),
    ] {
        match p.boolean(r, key)? {
            Some(true) => *slot = true,
            // Written `false`: the canvas leaves `false` out, so the
            // spelling is kept to be written back.
            Some(false) => {
                ext.insert(key.to_owned(), Value::Bool(false));
            }
            None => {}
        }
    }
    let cl_ptr = p.child_ptr("classification");
    if let Some(cl) = p.str(r, "classification")? {
        match classification_meaning(&cl) {
            Some((level, pii)) => {
                f.classification = level;
                f.pii |= pii;
                if level.is_none_or(|l| super::lowercase_name(&l) != cl) {
                    ext.insert("classification".to_owned(), Value::String(cl));
                }
            }
            None => {
                r.warn(
                    &cl_ptr,
                    format!("classification \"{cl}\" is not one the canvas knows; the field is shown as unclassified"),
                );
                r.keep_in(&mut ext, &cl_ptr, "classification", &Value::String(cl));
            }
        }
    }
    if let Some(Value::Array(tags)) = p.value().get("tags")
        && tags.iter().any(|t| t.as_str().is_some_and(is_pii_tag))
    {
        f.pii = true;
    }
    // The property's details the canvas shows, each as written; a value of
    // another type (or an empty list or text) is kept as written instead.
    let mut kept = |p: &mut Obj<'_>, r: &mut Reader<'_, '_>, key: &str| {
        if let Some(v) = p.raw(key) {
            let at = p.child_ptr(key);
            r.keep_in(&mut ext, &at, key, v);
        }
    };
    for (key, slot) in [
        ("unique", &mut f.unique),
        ("partitioned", &mut f.partitioned),
        ("criticalDataElement", &mut f.critical_data_element),
    ] {
        match p.value().get(key) {
            Some(Value::Bool(b)) => {
                *slot = Some(*b);
                p.raw(key);
            }
            _ => kept(p, r, key),
        }
    }
    for (key, slot) in [
        ("primaryKeyPosition", &mut f.primary_key_position),
        ("partitionKeyPosition", &mut f.partition_key_position),
    ] {
        match p.value().get(key).and_then(Value::as_i64) {
            Some(n) if p.value().get(key).is_some_and(|v| v.is_i64() || v.is_u64()) => {
                *slot = Some(n);
                p.raw(key);
            }
            _ => kept(p, r, key),
        }
    }
    for (key, slot) in [
        ("tags", &mut f.tags),
        ("transformSourceObjects", &mut f.transform_source_objects),
    ] {
        match p.value().get(key) {
            Some(Value::Array(items))
                if !items.is_empty() && items.iter().all(Value::is_string) =>
            {
                *slot = items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                p.raw(key);
            }
            _ => kept(p, r, key),
        }
    }
    for (key, slot) in [
        ("transformLogic", &mut f.transform_logic),
        ("transformDescription", &mut f.transform_description),
    ] {
        match p.value().get(key) {
            Some(Value::String(t)) if !t.is_empty() => {
                *slot = t.clone();
                p.raw(key);
            }
            _ => kept(p, r, key),
        }
    }
    if let Some(ex) = p.raw("examples") {
        let ex_ptr = p.child_ptr("examples");
        match ex {
            Value::Array(items) if items.iter().all(Value::is_string) => {
                f.examples = items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
            }
            other => r.keep_in(&mut ext, &ex_ptr, "examples", other),
        }
    }
    if let Some(pii) = custom.take::<bool>(r, "pii")? {
        f.pii = pii;
    }
    f.fields = fields(p, r, "properties")?;
    f.quality = quality(p, r)?;
    if let Some(items) = p.raw("items") {
        let items_ptr = p.child_ptr("items");
        let mut io = Obj::new(items, &items_ptr, r)?;
        if io.has("properties") {
            let mut iext = BTreeMap::new();
            match io.raw("logicalType") {
                Some(Value::String(lt)) if lt == "object" => {}
                Some(other) => {
                    iext.insert("logicalType".to_owned(), other.clone());
                }
                None => place::unwritten(&mut iext, "logicalType"),
            }
            f.fields = fields(&mut io, r, "properties")?;
            io.finish_in(r, &mut iext);
            // Kept when there is something to keep, or to say that the
            // property's type (not written) is an array.
            if !iext.is_empty() || place::is_unwritten(&ext, "logicalType") {
                ext.insert(
                    place::ITEMS.to_owned(),
                    Value::Object(iext.into_iter().collect()),
                );
            }
        } else {
            r.keep_in(&mut ext, &items_ptr, "items", items);
        }
    }
    if let Some(nested) = custom.take::<Vec<Field>>(r, "fields")? {
        f.fields = nested;
    }
    custom.finish(r);
    f.extensions = ext;
    Ok(f)
}

fn slo(s: &mut Obj<'_>, _r: &mut Reader<'_, '_>) -> Result<Option<Slo>, ManifestError> {
    let Some(Value::String(property)) = s.value().get("property") else {
        return Ok(None);
    };
    let Some(dimension) = parse_name::<SloDimension>(property) else {
        return Ok(None);
    };
    let value = s.value().get("value");
    let target = match value {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(t)) => t.trim().trim_end_matches('%').trim().parse::<f64>().ok(),
        _ => None,
    };
    let Some(target) = target else {
        return Ok(None);
    };
    let unit_value = s.value().get("unit");
    let unit = match unit_value {
        Some(Value::String(u)) => slo_unit(u),
        None => matches!(
            dimension,
            SloDimension::Availability | SloDimension::Completeness | SloDimension::Accuracy
        )
        .then_some(SloUnit::Percent),
        Some(_) => None,
    };
    let Some(unit) = unit else { return Ok(None) };
    let mut ext = BTreeMap::new();
    // The value and unit as written: `48` stays an integer, `"99.9%"`
    // text, `d` the letter.
    if let Some(v) = value
        && *v != serde_json::json!(target)
    {
        ext.insert("value".to_owned(), v.clone());
    }
    match unit_value {
        Some(Value::String(u)) if *u == super::lowercase_name(&unit) => {}
        Some(u) => {
            ext.insert("unit".to_owned(), u.clone());
        }
        None => place::unwritten(&mut ext, "unit"),
    }
    if property != &super::lowercase_name(&dimension) {
        ext.insert("property".to_owned(), Value::String(property.clone()));
    }
    s.raw("property");
    s.raw("value");
    s.raw("unit");
    let description = match s.raw("description") {
        Some(Value::String(d)) => d.clone(),
        Some(other) => {
            ext.insert("description".to_owned(), other.clone());
            String::new()
        }
        None => String::new(),
    };
    Ok(Some(Slo {
        dimension,
        target,
        unit,
        window: String::new(),
        alarm_threshold: None,
        description,
        extensions: ext,
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
    // The product owner is the member whose role says so (the contract
    // keeps its team as written).
    let owner = members
        .iter()
        .find(|m| {
            matches!(
                m.role.trim().to_lowercase().as_str(),
                "owner" | "product owner" | "data product owner"
            )
        })
        .map_or(owner, |m| Person {
            name: m.name.clone(),
            email: m.email.clone(),
        });
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
    canvas.observability.quality_checks = c
        .quality_checks
        .into_iter()
        .map(|check| QualityCheck {
            port_id: Some(port.id.clone()),
            ..check
        })
        .collect();
    canvas.output_ports.push(port);
    canvas
}
