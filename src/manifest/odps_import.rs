//! ODPS v0.9.0–v1.0.0 data product (with the ODCS contracts its output
//! ports name) → one canvas.
//!
//! Reads what ODPS says (id, name, version, status, domain, purpose, tags,
//! links, team, support, ports) and Mesh Canvas's own `customProperties`;
//! the reader keeps everything else in `extensions`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::ManifestError;
use super::odcs_import::{Contract, port_kind, support_channel};
use super::place;
use super::read::{Obj, Reader};
use crate::model::{
    Archetype, Canvas, Consumer, Design, InputPort, InputSource, Layout, Link, Observability,
    OutputPort, Person, Policy, Slo, TeamMember, Term, Waiver,
};

/// A contract the product names, already read, with the reader's output.
pub type ContractLookup<'a> = dyn FnMut(&str) -> Option<Contract> + 'a;

/// Reads one ODPS document. `contract` looks up (and takes) an imported
/// contract by id; `resolve` maps a contract id of another imported product
/// to its product and port ids.
pub fn read(
    doc: &Value,
    r: &mut Reader<'_, '_>,
    contract: &mut ContractLookup<'_>,
    resolve: &BTreeMap<String, (String, String)>,
) -> Result<Canvas, ManifestError> {
    let mut o = Obj::new(doc, "", r)?;
    o.raw("apiVersion");
    o.raw("kind");
    let mut custom = o.custom(r)?;
    let ours = custom.has("formatVersion");
    custom.take::<Value>(r, "formatVersion")?;

    let id = o
        .str(r, "id")?
        .ok_or_else(|| r.invalid("", "a data product needs an `id`"))?;
    let name = o.str(r, "name")?.unwrap_or_else(|| id.clone());
    let domain = o.string(r, "domain")?;
    let mut canvas = Canvas::skeleton(&id, &name, &domain);
    canvas.product.version = o.string(r, "version")?;
    if let Some(status) = o.lifecycle_status(r, "ODPS")? {
        canvas.product.status = status;
    }
    if let Some(mut d) = o.object(r, "description")? {
        canvas.product.purpose = d.string(r, "purpose")?;
        d.finish(r);
    }
    canvas.product.tags = o.strings(r, "tags")?;
    let mut links = Vec::new();
    for mut d in o.objects(r, "authoritativeDefinitions")? {
        let url = d.string(r, "url")?;
        let kind = d.string(r, "type")?;
        let description = d.string(r, "description")?;
        links.push(Link {
            title: if description.is_empty() && kind != "link" {
                kind
            } else {
                description
            },
            url,
        });
        d.finish(r);
    }
    canvas.metadata.links = custom.take::<Vec<Link>>(r, "links")?.unwrap_or(links);

    read_team(&mut o, r, ours, &mut canvas.domain)?;

    // Input ports.
    let mut seen = BTreeSet::new();
    for mut p in o.objects(r, "inputPorts")? {
        let mut pc = p.custom(r)?;
        let ptr = p.ptr.clone();
        let port_name = p
            .str(r, "name")?
            .ok_or_else(|| r.invalid(&ptr, "an input port needs a name"))?;
        let version = p.string(r, "version")?;
        let contract_id = p.string(r, "contractId")?;
        let port_id = unique_id(&port_name, &version, &mut seen, r, &ptr);
        let source = match pc.take::<InputSource>(r, "source")? {
            Some(s) => s,
            None => {
                if let Some((prod, port)) = resolve.get(&contract_id) {
                    InputSource::Product {
                        product_id: prod.clone(),
                        port_id: port.clone(),
                    }
                } else if let (true, Some((prod, port))) =
                    (ours, super::split_contract_id(&contract_id))
                {
                    InputSource::Product {
                        product_id: prod.to_owned(),
                        port_id: port.to_owned(),
                    }
                } else {
                    r.warn(&ptr, format!("contract \"{contract_id}\" is not among the imported files; the source's product id is the contract id"));
                    InputSource::Product {
                        product_id: contract_id.clone(),
                        port_id: port_name.clone(),
                    }
                }
            }
        };
        canvas.input_ports.push(InputPort {
            id: port_id.clone(),
            // Another tool's port is named as it wrote it (its id is made
            // unique when the same name is listed in several versions).
            name: pc
                .take(r, "name")?
                .unwrap_or(if ours { port_id } else { port_name }),
            source,
            description: pc.take(r, "description")?.unwrap_or_default(),
            expects: pc.take::<Vec<Slo>>(r, "expects")?.unwrap_or_default(),
            // Another tool's ids and versions are kept as written; ours
            // say which were the canvas's own.
            contract_id: if ours {
                pc.take(r, "contractId")?
            } else {
                (!contract_id.is_empty()).then_some(contract_id)
            },
            version: if ours {
                pc.take(r, "version")?.unwrap_or_default()
            } else {
                version
            },
        });
        pc.finish(r);
        p.finish(r);
    }

    // Output ports, completed from their contracts.
    let mut seen = BTreeSet::new();
    let mut role_policies: Vec<(Option<usize>, Policy)> = Vec::new();
    for mut p in o.objects(r, "outputPorts")? {
        let mut pc = p.custom(r)?;
        let ptr = p.ptr.clone();
        let port_name = p
            .str(r, "name")?
            .ok_or_else(|| r.invalid(&ptr, "an output port needs a name"))?;
        let version = p.string(r, "version")?;
        let contract_id = p.string(r, "contractId")?;
        let description = p.str(r, "description")?;
        let kind_ptr = format!("{ptr}/type");
        let kind = p.str(r, "type")?;
        let port_id = unique_id(&port_name, &version, &mut seen, r, &ptr);
        let found = contract(&contract_id);
        let from_contract = found.is_some();
        let mut port = match found {
            Some(c) => {
                role_policies.extend(c.policies);
                if !ours {
                    for t in c.tags {
                        if !canvas.product.tags.contains(&t) {
                            canvas.product.tags.push(t);
                        }
                    }
                }
                c.port
            }
            None => {
                let mut port = OutputPort::default();
                if !contract_id.is_empty() {
                    r.warn(&ptr, format!("contract \"{contract_id}\" is not among the imported files; the port has no schema or SLOs"));
                    port.contract_id = Some(contract_id.clone());
                }
                port
            }
        };
        port.id = port_id.clone();
        if port_id != port_name {
            port.extensions.insert(
                super::odps_export::ODPS_NAME_KEY.to_owned(),
                Value::String(port_name.clone()),
            );
        }
        port.name = match pc.take(r, "name")? {
            Some(n) => n,
            // Another tool's contract names the port.
            None if !ours && from_contract => port.name,
            None => port_id,
        };
        port.version = pc.take(r, "version")?.unwrap_or(version);
        if let Some(d) = description {
            port.description = d;
        }
        if let Some(k) = kind {
            match port_kind(&k) {
                Some(kind) => {
                    port.kind = kind;
                    if super::lowercase_name(&kind) != k {
                        port.extensions.insert(
                            super::odps_export::ODPS_TYPE_KEY.to_owned(),
                            Value::String(k),
                        );
                    }
                }
                None => {
                    r.warn(
                        &kind_ptr,
                        format!("port type \"{k}\" is not a kind the canvas knows; read as table"),
                    );
                    r.keep(&kind_ptr, &Value::String(k));
                }
            }
        }
        canvas.output_ports.push(port);
        pc.finish(r);
        p.finish(r);
    }

    // Blocks only the canvas knows.
    if let Some(a) = custom.take::<Archetype>(r, "archetype")? {
        canvas.product.archetype = a;
    }
    canvas.domain.description = custom.take(r, "domainDescription")?.unwrap_or_default();
    canvas.consumers = custom
        .take::<Vec<Consumer>>(r, "consumers")?
        .unwrap_or_default();
    canvas.metadata.license = custom.take(r, "license")?.unwrap_or_default();
    canvas.metadata.expiry = custom.take(r, "expiry")?;
    canvas.metadata.security_notes = custom.take(r, "securityNotes")?.unwrap_or_default();
    canvas.metadata.pii_summary = custom.take(r, "piiSummary")?.unwrap_or_default();
    canvas.design = custom.take::<Design>(r, "design")?.unwrap_or_default();
    canvas.observability = custom
        .take::<Observability>(r, "observability")?
        .unwrap_or_default();
    canvas.ubiquitous_language = custom
        .take::<Vec<Term>>(r, "ubiquitousLanguage")?
        .unwrap_or_default();
    canvas.waivers = custom
        .take::<Vec<Waiver>>(r, "waivers")?
        .unwrap_or_default();
    // Export no longer writes the board (the bundle's canvas file carries
    // it); a product file from an older bundle still gives its layout back.
    canvas.layout = custom.take::<Layout>(r, "layout")?.unwrap_or_default();
    canvas.extensions = custom.take(r, "extensions")?.unwrap_or_default();
    if !ours {
        place::unwritten(
            &mut canvas.extensions,
            super::odps_export::FORMAT_VERSION_KEY,
        );
    }
    let product_policies: Vec<Value> = custom.take(r, "policies")?.unwrap_or_default();
    let mut policies = role_policies;
    for (i, v) in product_policies.into_iter().enumerate() {
        let Value::Object(mut m) = v else {
            return Err(r.invalid(
                "/customProperties",
                format!("meshcanvas.policies/{i}: expected a mapping"),
            ));
        };
        let position = m
            .remove("position")
            .and_then(|p| p.as_u64())
            .and_then(|p| usize::try_from(p).ok());
        let policy: Policy =
            super::read::from_value_exact(&Value::Object(m)).map_err(|(_, e)| {
                r.invalid("/customProperties", format!("meshcanvas.policies/{i}: {e}"))
            })?;
        policies.push((position, policy));
    }
    canvas.policies = merge_policies(policies);
    custom.finish(r);
    o.finish(r);
    Ok(canvas)
}

/// The e-mail of a team member read from its ODPS/ODCS `username`: the
/// exporter writes the e-mail there, or the name when there is no e-mail,
/// so a username equal to the name means "no e-mail".
#[must_use]
pub fn email_of(username: &str, name: Option<&str>) -> String {
    // Other tools often leave the name out and use a login as username;
    // only an address is an e-mail then.
    let no_email = name == Some(username) || (name.is_none() && !username.contains('@'));
    if no_email {
        String::new()
    } else {
        username.to_owned()
    }
}

/// Puts each policy with a recorded position at that position and the
/// others (roles that read back as they are, other tools' roles) in the
/// places between, in their order; drops the copies every contract carries.
fn merge_policies(policies: Vec<(Option<usize>, Policy)>) -> Vec<Policy> {
    let mut positioned: BTreeMap<usize, Policy> = BTreeMap::new();
    let mut others: Vec<Policy> = Vec::new();
    for (pos, policy) in policies {
        match pos {
            Some(p) => {
                positioned.entry(p).or_insert(policy);
            }
            None => {
                if !others.contains(&policy) {
                    others.push(policy);
                }
            }
        }
    }
    others.retain(|p| !positioned.values().any(|q| q == p));
    let mut out: Vec<Policy> = Vec::with_capacity(positioned.len() + others.len());
    let mut others = others.into_iter();
    let mut positioned = positioned.into_iter().peekable();
    loop {
        if let Some((_, policy)) = positioned.next_if(|(p, _)| *p <= out.len()) {
            out.push(policy);
        } else if let Some(policy) = others.next() {
            out.push(policy);
        } else {
            out.extend(positioned.map(|(_, policy)| policy));
            return out;
        }
    }
}

/// A port id unique in its list: the name, or `name-version` when ODPS
/// lists the same port in several versions.
fn unique_id(
    name: &str,
    version: &str,
    seen: &mut BTreeSet<String>,
    r: &mut Reader<'_, '_>,
    ptr: &str,
) -> String {
    let mut id = name.trim().to_owned();
    if !seen.insert(id.clone()) {
        let candidate = format!("{id}-{version}");
        r.warn(
            ptr,
            format!("port \"{id}\" is listed more than once; this one is \"{candidate}\""),
        );
        id = candidate;
        let mut n = 2;
        while !seen.insert(id.clone()) {
            id = format!("{name}-{version}-{n}");
            n += 1;
        }
    }
    id
}

/// Reads a `team` (members, the product owner among them) and `support`
/// into the domain, as ODPS writes them and Mesh Canvas's own contracts
/// too. `ours`: written by Mesh Canvas, which marks the owner; another
/// tool's owner is the member whose role says so.
pub fn read_team(
    o: &mut Obj<'_>,
    r: &mut Reader<'_, '_>,
    ours: bool,
    domain: &mut crate::model::Domain,
) -> Result<(), ManifestError> {
    if let Some(mut t) = o.object(r, "team")? {
        domain.team.name = t.string(r, "name")?;
        for mut m in t.objects(r, "members")? {
            let mut mc = m.custom(r)?;
            let username = m.string(r, "username")?;
            let member_name = m.str(r, "name")?;
            let role = m.string(r, "role")?;
            // The exporter writes the e-mail as username, or the name when
            // there is no e-mail.
            let email = mc
                .take::<String>(r, "email")?
                .unwrap_or_else(|| email_of(&username, member_name.as_deref()));
            let is_owner = mc.take::<bool>(r, "productOwner")?.unwrap_or(false);
            if is_owner {
                domain.product_owner = Person {
                    name: member_name.unwrap_or_default(),
                    email,
                };
            } else {
                domain.team.members.push(TeamMember {
                    name: member_name.unwrap_or_else(|| username.clone()),
                    email,
                    role,
                });
            }
            mc.finish(r);
            m.finish(r);
        }
        t.finish(r);
        // Other tools mark the product owner by role; keep the member too.
        if !ours && domain.product_owner == Person::default() {
            let owner = domain.team.members.iter().find(|m| {
                matches!(
                    m.role.trim().to_lowercase().as_str(),
                    "owner" | "product owner" | "data product owner"
                )
            });
            if let Some(m) = owner {
                domain.product_owner = Person {
                    name: m.name.clone(),
                    email: m.email.clone(),
                };
            }
        }
    }
    for mut s in o.objects(r, "support")? {
        domain.team.support.push(support_channel(&mut s, r)?);
        s.finish(r);
    }
    Ok(())
}
