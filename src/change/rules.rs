//! The rules: how each kind of structural difference is judged, read from
//! where it is in the canvas (`docs/change-rules.md` is the table).

use std::collections::BTreeSet;

use serde_json::Value;

use super::Impact;
use crate::model::{DataClassification, LifecycleStatus, SloDimension, SloUnit};
use crate::wire::{ChangeKind, DiffEntry};

pub(super) struct Verdict {
    pub(super) impact: Impact,
    pub(super) rule: &'static str,
    pub(super) reason: String,
    pub(super) privacy_risk: bool,
}

// Every rule answers `Option<Verdict>` (`None`: the entry is judged with
// another, as an SLO's unit with its target); the helper answers the same so
// that each rule's arms read as one table.
#[allow(clippy::unnecessary_wraps)]
fn verdict(impact: Impact, rule: &'static str, reason: impl Into<String>) -> Option<Verdict> {
    Some(Verdict {
        impact,
        rule,
        reason: reason.into(),
        privacy_risk: false,
    })
}

/// One diff entry, with both documents to look around it.
pub(super) struct At<'a> {
    pub(super) entry: &'a DiffEntry,
    pub(super) tokens: &'a [String],
    pub(super) old: &'a Value,
    pub(super) new: &'a Value,
}

/// Where in a port an entry is, read from its pointer.
enum InPort<'t> {
    /// The port itself (added or removed).
    Whole,
    /// A member of the port: `status`, `location`, ...
    Member(&'t str, &'t [String]),
    /// A field of one of its schema objects (the tokens after the field's
    /// own index).
    Field(&'t [String]),
    /// A schema object itself (added or removed, when the tokens are
    /// empty), or one of its members other than its fields.
    Object(&'t [String]),
    /// An SLO of the port, by index.
    Slo(usize),
}

use Impact::{Breaking, Cosmetic, NonBreaking};

impl<'a> At<'a> {
    fn kind(&self) -> ChangeKind {
        self.entry.kind
    }

    /// The document the entry's pointer indexes: the old one for a removal.
    fn doc(&self) -> &'a Value {
        if self.kind() == ChangeKind::Removed {
            self.old
        } else {
            self.new
        }
    }

    fn before(&self) -> Option<&'a Value> {
        self.entry.before.as_ref()
    }

    fn after(&self) -> Option<&'a Value> {
        self.entry.after.as_ref()
    }

    fn port(&self) -> Option<&'a Value> {
        (self.tokens.first().map(String::as_str) == Some("outputPorts"))
            .then(|| {
                self.doc()
                    .get("outputPorts")?
                    .get(index(self.tokens.get(1)?)?)
            })
            .flatten()
    }

    pub(super) fn port_id(&self) -> Option<String> {
        Some(self.port()?.get("id")?.as_str()?.to_owned())
    }

    /// The field's names from the port's schema object down, while the
    /// pointer goes through `objects`/`fields` elements; the object's name
    /// comes first when the port has several.
    pub(super) fn field_path(&self) -> Option<String> {
        let port = self.port()?;
        let mut names = Vec::new();
        let mut at = port;
        let mut rest = self.tokens.get(2..)?;
        let several = port
            .get("objects")
            .and_then(Value::as_array)
            .is_some_and(|o| o.len() > 1);
        if let [list, i, more @ ..] = rest
            && list == "objects"
        {
            at = at.get("objects")?.get(index(i)?)?;
            if several {
                names.push(at.get("name")?.as_str()?.to_owned());
            }
            rest = more;
        }
        while let [list, i, more @ ..] = rest {
            if list != "fields" {
                break;
            }
            at = at.get(list.as_str())?.get(index(i)?)?;
            names.push(at.get("name")?.as_str()?.to_owned());
            rest = more;
        }
        (!names.is_empty()).then(|| names.join("."))
    }

    fn in_port(&self) -> Option<InPort<'a>> {
        let rest = self.tokens.get(2..)?;
        Some(match rest {
            [] => InPort::Whole,
            [list, i, f, j, more @ ..] if list == "objects" && f == "fields" => {
                let _ = (index(i)?, index(j)?);
                let mut tail = more;
                // Down through nested fields: the tokens after the last one.
                while let [sub, j, deeper @ ..] = tail {
                    if sub != "fields" || index(j).is_none() {
                        break;
                    }
                    tail = deeper;
                }
                InPort::Field(tail)
            }
            [list, i, more @ ..] if list == "objects" && index(i).is_some() => InPort::Object(more),
            [list, i, ..] if list == "slos" => InPort::Slo(index(i)?),
            [member, more @ ..] => InPort::Member(member.as_str(), more),
        })
    }

    pub(super) fn verdict(&self, seen_slos: &mut BTreeSet<String>) -> Option<Verdict> {
        if self.entry.label.ends_with(" › order") || self.entry.label == "order" {
            return verdict(
                Cosmetic,
                "order-changed",
                "Consumers read cards by name, not by position",
            );
        }
        match self.tokens.first().map(String::as_str) {
            Some("outputPorts") if self.tokens.len() == 1 => verdict(
                Breaking,
                "port-removed",
                "The output ports were replaced as a whole",
            ),
            Some("outputPorts") => self.port_change(seen_slos),
            Some("product") => self.product_change(),
            Some("layout") => verdict(Cosmetic, "layout", "Where cards sit on the board"),
            Some("inputPorts") => verdict(
                NonBreaking,
                "input-port",
                "What this product reads does not change what it serves",
            ),
            Some("policies" | "waivers" | "observability" | "metadata") => verdict(
                NonBreaking,
                "product-detail",
                "Governance and operations details; no port's data changes",
            ),
            Some("$schema" | "formatVersion") => {
                verdict(Cosmetic, "format", "The canvas file's own format")
            }
            _ => verdict(
                Cosmetic,
                "documentation",
                "Documentation of the product: consumers, language, design, notes",
            ),
        }
    }

    fn product_change(&self) -> Option<Verdict> {
        match self.tokens.get(1).map(String::as_str) {
            Some("id") => verdict(
                Breaking,
                "product-renamed",
                "Every input port that reads this product names it by its id",
            ),
            Some("status") => status_change(self.before(), self.after(), "product"),
            Some("version") => verdict(NonBreaking, "version", "The version says what changed"),
            _ => verdict(
                Cosmetic,
                "documentation",
                "The product's name and description",
            ),
        }
    }

    fn port_change(&self, seen_slos: &mut BTreeSet<String>) -> Option<Verdict> {
        match self.in_port()? {
            InPort::Whole => match self.kind() {
                ChangeKind::Added => verdict(NonBreaking, "port-added", "A new output port"),
                _ => verdict(
                    Breaking,
                    "port-removed",
                    "Products reading this port lose it (a port id changed is one removed)",
                ),
            },
            InPort::Field(rest) => self.field_change(rest),
            InPort::Slo(i) => {
                let key = format!("{}/{i}", self.tokens[1]);
                if !seen_slos.insert(key) && self.kind() == ChangeKind::Changed {
                    // Target and unit of one SLO changed together: judged once.
                    return None;
                }
                self.slo_change(i)
            }
            InPort::Member(member, rest) => self.port_member_change(member, rest),
            InPort::Object(rest) => self.object_change(rest),
        }
    }

    fn port_member_change(&self, member: &str, rest: &[String]) -> Option<Verdict> {
        match member {
            "status" => status_change(self.before(), self.after(), "port"),
            "kind" | "technology" => verdict(
                Breaking,
                "port-moved",
                format!("Consumers connect to the port by its {member}"),
            ),
            "contractId" => verdict(
                Breaking,
                "contract-id-changed",
                "Input ports and other tools name the contract by its id",
            ),
            "servers" => self.servers_change(),
            "quality" => self.quality_change(rest),
            "version" => verdict(NonBreaking, "version", "The version says what changed"),
            "sunset" => sunset_change(self.before(), self.after()),
            "extensions" => Self::port_extension_change(rest),
            "pricing" => verdict(
                NonBreaking,
                "pricing",
                "What the port costs; its data does not change",
            ),
            "objects" | "slos" => verdict(
                Breaking,
                "replaced-whole",
                format!(
                    "The {member} could not be matched card by card (two with one name), so it counts as replaced"
                ),
            ),
            _ => verdict(
                Cosmetic,
                "documentation",
                "The port's name, description, usage terms or limitations",
            ),
        }
    }

    fn object_change(&self, rest: &[String]) -> Option<Verdict> {
        match rest.first().map(String::as_str) {
            None => match self.kind() {
                ChangeKind::Added => verdict(
                    NonBreaking,
                    "table-added",
                    "A new table; consumers that do not read it are not affected",
                ),
                _ => verdict(
                    Breaking,
                    "table-removed",
                    "Consumers reading this table lose it (a rename is a removal and an addition)",
                ),
            },
            Some("physicalName" | "physicalType") => verdict(
                Breaking,
                "physical-name-changed",
                "Consumers query the table by its physical name and type",
            ),
            Some("fields") => verdict(
                Breaking,
                "replaced-whole",
                "The fields could not be matched one by one (two with one name), so they count as replaced",
            ),
            Some("quality") => self.quality_change(&rest[1..]),
            Some("relationships") => verdict(
                NonBreaking,
                "relationship",
                "A relationship between fields documents the data; it does not change it",
            ),
            Some("extensions") => Self::port_extension_change(&rest[1..]),
            _ => verdict(
                Cosmetic,
                "documentation",
                "The table's business name or description",
            ),
        }
    }

    fn port_extension_change(rest: &[String]) -> Option<Verdict> {
        match rest.first().map(String::as_str) {
            Some("meshcanvas.slaProperties") => verdict(
                NonBreaking,
                "sla-detail",
                "An SLA property with no SLO card (a date, or one bound to a column)",
            ),
            Some(
                "description"
                | "tags"
                | "authoritativeDefinitions"
                | "customProperties"
                | "team"
                | "support"
                | "tenant"
                | "contractCreatedTs",
            ) => verdict(
                Cosmetic,
                "documentation",
                "Who owns and supports the contract, and its descriptions",
            ),
            _ => verdict(
                NonBreaking,
                "contract-detail",
                "A detail of the contract that promises nothing about its data",
            ),
        }
    }

    fn field_change(&self, rest: &[String]) -> Option<Verdict> {
        let before = self.before();
        let after = self.after();
        match rest {
            [] => match self.kind() {
                ChangeKind::Added => verdict(
                    NonBreaking,
                    "field-added",
                    "A new field; consumers that do not read it are not affected",
                ),
                _ => verdict(
                    Breaking,
                    "field-removed",
                    "Consumers reading this field lose it (a rename is a removal and an addition)",
                ),
            },
            [m] if m == "logicalType" || m == "physicalType" => verdict(
                Breaking,
                "type-changed",
                "Consumers read values of the old type",
            ),
            [m] if m == "required" => {
                if flag(before) && !flag(after) {
                    verdict(Breaking, "required-loosened", "The field may now be empty")
                } else {
                    verdict(
                        NonBreaking,
                        "required-tightened",
                        "The field is now always filled",
                    )
                }
            }
            [m] if m == "primaryKey" => self.primary_key_change(),
            [m] if m == "classification" => classification_change(before, after),
            [m] if m == "pii" => {
                if flag(before) && !flag(after) {
                    Some(Verdict {
                        privacy_risk: true,
                        ..verdict(
                            NonBreaking,
                            "pii-removed",
                            "No longer marked personal data: check that it really is not",
                        )?
                    })
                } else {
                    verdict(
                        NonBreaking,
                        "pii-added",
                        "Now marked personal data: consumers must handle it as such",
                    )
                }
            }
            [m, ..] if m == "quality" => self.quality_change(&rest[1..]),
            // The contract's details the field holds: judged as they were
            // when they were kept in its extensions.
            [m, ..]
                if matches!(
                    m.as_str(),
                    "unique"
                        | "primaryKeyPosition"
                        | "partitioned"
                        | "partitionKeyPosition"
                        | "criticalDataElement"
                        | "tags"
                        | "businessName"
                        | "transformLogic"
                        | "transformSourceObjects"
                        | "transformDescription"
                ) =>
            {
                self.field_extension_change(m, &rest[1..])
            }
            [m, key, ..] if m == "extensions" => self.field_extension_change(key, &rest[2..]),
            [m] if m == "fields" => verdict(
                Breaking,
                "replaced-whole",
                "The nested fields could not be matched by name (two with one name), so they count as replaced",
            ),
            [m] if m == "extensions" => verdict(
                NonBreaking,
                "contract-detail",
                "Details of the field kept from its contract",
            ),
            _ => verdict(
                Cosmetic,
                "documentation",
                "The field's description or examples",
            ),
        }
    }

    fn primary_key_change(&self) -> Option<Verdict> {
        if flag(self.before()) && !flag(self.after()) {
            return verdict(
                Breaking,
                "primary-key-changed",
                "The field no longer identifies a row: consumers joining on it can get duplicates",
            );
        }
        // A field joining a key others are already in changes what is unique.
        let composite = [self.old, self.new].iter().any(|doc| {
            self.siblings(doc).is_some_and(|fields| {
                fields
                    .iter()
                    .filter(|f| f.get("primaryKey").and_then(Value::as_bool) == Some(true))
                    .count()
                    > 1
            })
        });
        if composite {
            verdict(
                Breaking,
                "primary-key-changed",
                "The composite key changed: what identifies a row is different",
            )
        } else {
            verdict(
                NonBreaking,
                "primary-key-added",
                "The field now identifies a row: a stronger promise",
            )
        }
    }

    /// The fields beside the changed one, in `doc`.
    fn siblings(&self, doc: &'a Value) -> Option<&'a Vec<Value>> {
        // The tokens up to the field's list: `.../fields/3/primaryKey` → `.../fields`.
        let n = self.tokens.len().checked_sub(3)?;
        let mut at = doc;
        for t in &self.tokens[..=n] {
            at = match at {
                Value::Array(a) => a.get(index(t)?)?,
                Value::Object(m) => m.get(t.as_str())?,
                _ => return None,
            };
        }
        at.as_array()
    }

    fn field_extension_change(&self, key: &str, rest: &[String]) -> Option<Verdict> {
        let (before, after) = (self.before(), self.after());
        match key {
            "physicalName" => verdict(
                Breaking,
                "physical-name-changed",
                "Consumers query the column by its physical name",
            ),
            "unique" => unique_change(before, after, "Values"),
            "enum" => enum_change(self.kind(), before, after, rest),
            "logicalTypeOptions" => bound_change(self.kind(), rest, before, after),
            "relationships" => match self.kind() {
                ChangeKind::Added if rest.is_empty() => verdict(
                    NonBreaking,
                    "relationship-added",
                    "A new reference to another table",
                ),
                _ => verdict(
                    Breaking,
                    "relationship-changed",
                    "Consumers joining along the reference can no longer rely on it",
                ),
            },
            "primaryKeyPosition" => verdict(
                NonBreaking,
                "key-order",
                "The order of a composite key's columns; the key is the same set",
            ),
            _ => verdict(
                Cosmetic,
                "documentation",
                "The field's business name, tags and other descriptions",
            ),
        }
    }

    fn quality_change(&self, rest: &[String]) -> Option<Verdict> {
        match (self.kind(), rest) {
            (ChangeKind::Added, [_]) => {
                verdict(NonBreaking, "quality-added", "A new quality guarantee")
            }
            (ChangeKind::Removed, [_]) => verdict(
                Breaking,
                "quality-removed",
                "A quality guarantee consumers relied on is withdrawn",
            ),
            (ChangeKind::Changed, []) => {
                // The rules compared as a whole (unnamed): any rule gone breaks.
                let old = self.before().and_then(Value::as_array);
                let new = self.after().and_then(Value::as_array);
                let gone =
                    old.is_some_and(|o| o.iter().any(|r| !new.is_some_and(|n| n.contains(r))));
                if gone {
                    verdict(
                        Breaking,
                        "quality-removed",
                        "A quality guarantee was withdrawn or changed",
                    )
                } else {
                    verdict(NonBreaking, "quality-added", "New quality guarantees")
                }
            }
            (_, []) => match self.kind() {
                ChangeKind::Added => {
                    verdict(NonBreaking, "quality-added", "New quality guarantees")
                }
                _ => verdict(Breaking, "quality-removed", "Quality guarantees withdrawn"),
            },
            (_, [_, rest @ ..]) => threshold_change(rest, self.before(), self.after()),
        }
    }

    fn slo_change(&self, i: usize) -> Option<Verdict> {
        let port_i = index(&self.tokens[1])?;
        let slo = |doc: &Value, i: usize| -> Option<Value> {
            doc.get("outputPorts")?
                .get(port_i)?
                .get("slos")?
                .get(i)
                .cloned()
        };
        match self.kind() {
            ChangeKind::Added if self.tokens.len() == 4 => {
                return verdict(NonBreaking, "slo-added", "A new service-level promise");
            }
            ChangeKind::Removed if self.tokens.len() == 4 => {
                return verdict(
                    Breaking,
                    "slo-removed",
                    "A service-level promise consumers planned on is withdrawn",
                );
            }
            _ => {}
        }
        let member = self.tokens.get(4).map_or("", String::as_str);
        if !matches!(member, "target" | "unit" | "dimension") {
            return verdict(
                Cosmetic,
                "documentation",
                "The SLO's window, alarm or description",
            );
        }
        // The same SLO in the old document: matched by dimension.
        let new = slo(self.new, i)?;
        let dim = new.get("dimension")?.clone();
        let port_id = self.port()?.get("id")?;
        let old = self
            .old
            .get("outputPorts")?
            .as_array()?
            .iter()
            .find(|p| p.get("id") == Some(port_id))?
            .get("slos")?
            .as_array()?
            .iter()
            .find(|s| s.get("dimension") == Some(&dim))?
            .clone();
        slo_weaker(&old, &new)
    }

    fn servers_change(&self) -> Option<Verdict> {
        let names = |v: Option<&Value>| -> Vec<(String, Value)> {
            v.and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|s| {
                            let name = s.get("server").and_then(Value::as_str).unwrap_or("");
                            let mut where_ = s.clone();
                            if let Some(m) = where_.as_object_mut() {
                                m.remove("description");
                            }
                            (name.to_owned(), where_)
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let (old, new) = (names(self.before()), names(self.after()));
        if self.tokens.len() > 4 || (old.is_empty() && new.is_empty()) {
            // One server's member (when the list had identities).
            return verdict(
                Breaking,
                "server-moved",
                "Consumers connect to the server as it was",
            );
        }
        let removed = old.iter().any(|(n, _)| !new.iter().any(|(m, _)| m == n));
        let moved = old
            .iter()
            .any(|(n, v)| new.iter().any(|(m, w)| m == n && v != w));
        if removed {
            verdict(
                Breaking,
                "server-removed",
                "Consumers connecting to a removed server lose it",
            )
        } else if moved {
            verdict(
                Breaking,
                "server-moved",
                "A server consumers connect to has moved or changed",
            )
        } else if new.len() > old.len() {
            verdict(NonBreaking, "server-added", "A new server")
        } else {
            verdict(Cosmetic, "documentation", "A server's description")
        }
    }
}

fn index(token: &str) -> Option<usize> {
    token.parse().ok()
}

fn flag(v: Option<&Value>) -> bool {
    v.and_then(Value::as_bool).unwrap_or(false)
}

/// A uniqueness flag (`unique`, `uniqueItems`) on `what`: taken off, the
/// values may repeat where consumers relied on them not to.
fn unique_change(before: Option<&Value>, after: Option<&Value>, what: &str) -> Option<Verdict> {
    if flag(before) && !flag(after) {
        verdict(
            Breaking,
            "unique-loosened",
            format!("{what} may now repeat"),
        )
    } else {
        verdict(
            NonBreaking,
            "unique-tightened",
            format!("{what} are now unique"),
        )
    }
}

fn status_of(v: Option<&Value>) -> Option<LifecycleStatus> {
    serde_json::from_value(v?.clone()).ok()
}

/// A port or product withdrawn (deprecated, retired) or moved back from
/// being served to being designed breaks its consumers; moving forward
/// does not.
fn status_change(before: Option<&Value>, after: Option<&Value>, what: &str) -> Option<Verdict> {
    use LifecycleStatus::{Active, Deprecated, Draft, Proposed, Retired};
    let (old, new) = (status_of(before), status_of(after));
    let served = |s: Option<LifecycleStatus>| matches!(s, Some(Active | Deprecated));
    match new {
        Some(s @ (Deprecated | Retired)) if old != Some(s) => verdict(
            Breaking,
            "status-withdrawn",
            format!("The {what} is being withdrawn; its consumers must move"),
        ),
        Some(Draft | Proposed) if served(old) => verdict(
            Breaking,
            "status-backwards",
            format!("The {what} is back in design: it is no longer served as it was"),
        ),
        _ => verdict(
            NonBreaking,
            "status-forward",
            format!("The {what} moves forward in its lifecycle"),
        ),
    }
}

/// A port's sunset date: announcing it or moving it later gives consumers
/// time; moving it earlier takes time they were promised.
fn sunset_change(before: Option<&Value>, after: Option<&Value>) -> Option<Verdict> {
    let day = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .and_then(crate::standards::Date::parse)
    };
    match (day(before), day(after)) {
        (Some(old), Some(new)) if new < old => verdict(
            Breaking,
            "sunset-earlier",
            format!(
                "The port stops being served on {new}, earlier than the {old} its consumers were told"
            ),
        ),
        (_, Some(_)) => verdict(
            NonBreaking,
            "sunset-announced",
            "The port says the day it stops being served",
        ),
        _ => verdict(
            NonBreaking,
            "sunset-withdrawn",
            "The port no longer announces a day it stops being served",
        ),
    }
}

fn classification_rank(v: Option<&Value>) -> Option<u8> {
    let c: DataClassification = serde_json::from_value(v?.clone()).ok()?;
    Some(match c {
        DataClassification::Public => 0,
        DataClassification::Internal => 1,
        DataClassification::Confidential => 2,
        DataClassification::Restricted => 3,
    })
}

/// Tighter: consumers cleared for the old class may lose access. Looser:
/// nothing breaks, but the data is less protected, which is called out.
fn classification_change(before: Option<&Value>, after: Option<&Value>) -> Option<Verdict> {
    match (classification_rank(before), classification_rank(after)) {
        (Some(o), Some(n)) if n > o => verdict(
            Breaking,
            "classification-tightened",
            "More sensitive now: consumers cleared only for the old class may lose access",
        ),
        (Some(o), Some(n)) if n < o => Some(Verdict {
            privacy_risk: true,
            ..verdict(
                NonBreaking,
                "classification-loosened",
                "Less protected now: a privacy risk if the data is as sensitive as before",
            )?
        }),
        (Some(_), None) => Some(Verdict {
            privacy_risk: true,
            ..verdict(
                NonBreaking,
                "classification-loosened",
                "No longer classified: a privacy risk until it is classified again",
            )?
        }),
        _ => verdict(NonBreaking, "classification-set", "The field is classified"),
    }
}

/// The allowed values of a field. Consumers handle the values they were
/// promised: a new value can break one that switches on them, a value no
/// longer sent breaks nobody.
fn enum_change(
    kind: ChangeKind,
    before: Option<&Value>,
    after: Option<&Value>,
    rest: &[String],
) -> Option<Verdict> {
    if rest.is_empty() {
        match kind {
            ChangeKind::Added => {
                return verdict(
                    NonBreaking,
                    "enum-narrowed",
                    "The field's values are now a closed list",
                );
            }
            ChangeKind::Removed => {
                return verdict(Breaking, "enum-widened", "The field may now hold any value");
            }
            ChangeKind::Changed => {}
        }
    }
    let values = |v: Option<&Value>| -> BTreeSet<String> {
        v.and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|e| e.get("value").unwrap_or(e).to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    if !rest.is_empty() {
        // One element's member (a label, a description) or its value.
        let member = rest.last().map_or("", String::as_str);
        return if member == "value" {
            verdict(
                Breaking,
                "enum-widened",
                "An allowed value changed: consumers may see one they do not know",
            )
        } else {
            verdict(
                Cosmetic,
                "documentation",
                "The label or description of an allowed value",
            )
        };
    }
    let (old, new) = (values(before), values(after));
    if new.difference(&old).next().is_some() {
        verdict(
            Breaking,
            "enum-widened",
            "New allowed values: consumers may see one they do not handle",
        )
    } else if old.difference(&new).next().is_some() {
        verdict(
            NonBreaking,
            "enum-narrowed",
            "Fewer allowed values: consumers see only values they know",
        )
    } else {
        verdict(
            Cosmetic,
            "documentation",
            "The labels or order of the allowed values",
        )
    }
}

/// A number, or a date or time as seconds since the epoch.
// Seconds since the epoch are exact in an f64 for any date within
// millions of years.
#[allow(clippy::cast_precision_loss)]
fn bound_number(v: &Value) -> Option<f64> {
    if let Some(n) = v.as_f64() {
        return Some(n);
    }
    let s = v.as_str()?.trim();
    if let Ok(n) = s.parse::<f64>() {
        return Some(n);
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp() as f64);
    }
    for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, f) {
            return Some(t.and_utc().timestamp() as f64);
        }
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp() as f64)
}

/// A bound on a field's values (`logicalTypeOptions`): a looser bound lets
/// through values consumers were promised they would never see.
fn bound_change(
    kind: ChangeKind,
    rest: &[String],
    before: Option<&Value>,
    after: Option<&Value>,
) -> Option<Verdict> {
    const LOWER: &[&str] = &[
        "minimum",
        "exclusiveMinimum",
        "minLength",
        "minItems",
        "minProperties",
    ];
    const UPPER: &[&str] = &[
        "maximum",
        "exclusiveMaximum",
        "maxLength",
        "maxItems",
        "maxProperties",
    ];
    let Some(key) = rest.first().map(String::as_str) else {
        // All options at once.
        return match kind {
            ChangeKind::Added => verdict(
                NonBreaking,
                "bound-tightened",
                "New bounds on the field's values",
            ),
            _ => verdict(
                Breaking,
                "bound-loosened",
                "The field's values are no longer bounded",
            ),
        };
    };
    let lower = LOWER.contains(&key);
    if !lower && !UPPER.contains(&key) {
        return match key {
            "pattern" => match kind {
                ChangeKind::Added => {
                    verdict(NonBreaking, "bound-tightened", "Values now match a pattern")
                }
                ChangeKind::Removed => verdict(
                    Breaking,
                    "bound-loosened",
                    "Values no longer match a pattern",
                ),
                ChangeKind::Changed => verdict(
                    Breaking,
                    "pattern-changed",
                    "A new pattern may let through values the old one refused",
                ),
            },
            "uniqueItems" => unique_change(before, after, "Items"),
            _ => verdict(
                NonBreaking,
                "format",
                "How values are written (format, time zone)",
            ),
        };
    }
    match kind {
        ChangeKind::Added => verdict(NonBreaking, "bound-tightened", format!("A new {key}")),
        ChangeKind::Removed => verdict(Breaking, "bound-loosened", format!("No {key} any more")),
        ChangeKind::Changed => {
            match (before.and_then(bound_number), after.and_then(bound_number)) {
                (Some(o), Some(n)) if (lower && n < o) || (!lower && n > o) => verdict(
                    Breaking,
                    "bound-loosened",
                    format!("A looser {key}: values consumers never saw are allowed"),
                ),
                (Some(_), Some(_)) => {
                    verdict(NonBreaking, "bound-tightened", format!("A tighter {key}"))
                }
                _ => verdict(
                    Breaking,
                    "bound-changed",
                    format!("The {key} changed and cannot be compared"),
                ),
            }
        }
    }
}

/// A quality rule's threshold: a looser one accepts data the old one
/// failed. `mustBeLessThan: 10` → `20` lets more bad rows through.
fn threshold_change(
    rest: &[String],
    before: Option<&Value>,
    after: Option<&Value>,
) -> Option<Verdict> {
    let key = match rest {
        [e, k, ..] if e == "extensions" => k.as_str(),
        [k, ..] => k.as_str(),
        [] => "",
    };
    let upper = matches!(key, "mustBeLessThan" | "mustBeLessOrEqualTo");
    let lower = matches!(key, "mustBeGreaterThan" | "mustBeGreaterOrEqualTo");
    if !upper && !lower {
        return if key.starts_with("must")
            || matches!(
                key,
                "metric" | "query" | "type" | "arguments" | "unit" | "rule"
            ) {
            verdict(
                Breaking,
                "quality-changed",
                "What the quality rule checks changed; the old guarantee may not hold",
            )
        } else {
            verdict(
                Cosmetic,
                "documentation",
                "The quality rule's name, description or dimension",
            )
        };
    }
    match (
        before.and_then(Value::as_f64),
        after.and_then(Value::as_f64),
    ) {
        (Some(o), Some(n)) if (upper && n > o) || (lower && n < o) => verdict(
            Breaking,
            "quality-loosened",
            format!("A looser threshold ({key}): data the old rule failed now passes"),
        ),
        (Some(_), Some(_)) => verdict(
            NonBreaking,
            "quality-tightened",
            format!("A stricter threshold ({key})"),
        ),
        _ => verdict(
            Breaking,
            "quality-changed",
            format!("The threshold {key} was added or removed"),
        ),
    }
}

/// Whether an SLO promises less than before.
fn slo_weaker(old: &Value, new: &Value) -> Option<Verdict> {
    let dim: SloDimension = serde_json::from_value(new.get("dimension")?.clone()).ok()?;
    let amount = |s: &Value| -> Option<f64> {
        let target = s.get("target")?.as_f64()?;
        let unit: SloUnit = serde_json::from_value(s.get("unit")?.clone()).ok()?;
        Some(match unit.seconds() {
            Some(k) => target * k,
            None => target,
        })
    };
    let unit_kind = |s: &Value| s.get("unit").map(|u| u == "percent");
    let name = serde_json::to_value(dim).ok()?.as_str()?.to_owned();
    if unit_kind(old) != unit_kind(new) {
        return verdict(
            Breaking,
            "slo-changed",
            format!("The {name} SLO changed its unit kind and cannot be compared"),
        );
    }
    let (o, n) = (amount(old)?, amount(new)?);
    // Freshness and latency promise at most; the others at least.
    let weaker = match dim {
        SloDimension::Freshness | SloDimension::Latency => n > o,
        SloDimension::Availability
        | SloDimension::Completeness
        | SloDimension::Accuracy
        | SloDimension::Retention => n < o,
    };
    if weaker {
        verdict(
            Breaking,
            "slo-weakened",
            format!("A weaker {name} promise: consumers planned on the old one"),
        )
    } else if (n - o).abs() > f64::EPSILON {
        verdict(
            NonBreaking,
            "slo-strengthened",
            format!("A stronger {name} promise"),
        )
    } else {
        verdict(
            Cosmetic,
            "documentation",
            format!("The {name} SLO written another way"),
        )
    }
}
