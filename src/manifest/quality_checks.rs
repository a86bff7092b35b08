//! The Observability block's quality checks as ODCS `quality` rules.
//!
//! A check designed on the canvas names a port and perhaps a field, and
//! says its rule in a short expression. In the contract it becomes a rule
//! a contract tool can run: on the property when the check names a field of
//! the port, else on the schema object, and typed by what the rule says:
//!
//! - `SELECT …`: a `sql` rule whose query counts the rows that break it, so
//!   it must be 0;
//! - `<metric> <op> <number>`, with `null_count`, `missing_count`,
//!   `duplicate_count` or `row_count` (optionally with the column,
//!   `duplicate_count(order_id) = 0`): a `library` rule with that ODCS
//!   metric and threshold, where ODCS defines the metric at that level;
//! - `min|max|avg|sum(<column>) <op> <number>`: a `sql` rule on that
//!   aggregate of the table (`${table}`, which contract tools fill in);
//! - anything else: a `text` rule that says it in words.
//!
//! Each rule carries the check itself as the custom property
//! `meshcanvas.qualityCheck`, so that import recognises it: the check goes
//! back to the Observability block, never into the port's or field's own
//! rules.

use serde_json::{Map, Value, json};

use crate::model::QualityCheck;

/// The name (after `meshcanvas.`) of the custom property holding the check.
pub const MARK: &str = "qualityCheck";

/// The ODCS rule of a check; `on_field` when it sits on a property.
#[must_use]
pub fn rule(check: &QualityCheck, on_field: bool) -> Value {
    let mut m = Map::new();
    if is_stable_id(&check.id) {
        m.insert("id".into(), check.id.clone().into());
    }
    if !check.name.is_empty() {
        m.insert("name".into(), check.name.clone().into());
    }
    let text = check.rule.trim();
    match parsed(text, on_field) {
        Some(Parsed::Sql { query, op, value }) => {
            m.insert("type".into(), "sql".into());
            m.insert("query".into(), query.into());
            m.insert(op.into(), value);
            if !check.description.is_empty() {
                m.insert("description".into(), check.description.clone().into());
            }
        }
        Some(Parsed::Library { metric, op, value }) => {
            m.insert("type".into(), "library".into());
            m.insert("metric".into(), metric.into());
            m.insert(op.into(), value);
            if !check.description.is_empty() {
                m.insert("description".into(), check.description.clone().into());
            }
        }
        None => {
            m.insert("type".into(), "text".into());
            let said = if text.is_empty() {
                &check.description
            } else {
                &check.rule
            };
            if !said.is_empty() {
                m.insert("description".into(), said.clone().into());
            }
        }
    }
    if let Some(d) = odcs_dimension(&check.dimension) {
        m.insert("dimension".into(), d.into());
    }
    // The check as the canvas holds it (its port is where the rule sits).
    let mut kept = check.clone();
    kept.port_id = None;
    m.insert(
        "customProperties".into(),
        json!([{
            "property": format!("{}{MARK}", super::custom::PREFIX),
            "value": serde_json::to_value(kept).unwrap_or_default(),
        }]),
    );
    Value::Object(m)
}

/// The ODCS dimension closest to the canvas's, when there is one.
fn odcs_dimension(d: &str) -> Option<&'static str> {
    Some(match d.trim().to_lowercase().as_str() {
        "accuracy" => "accuracy",
        "completeness" => "completeness",
        "conformity" | "validity" => "conformity",
        "consistency" | "referential integrity" => "consistency",
        "coverage" => "coverage",
        "timeliness" | "freshness" => "timeliness",
        "uniqueness" => "uniqueness",
        _ => return None,
    })
}

fn is_stable_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

enum Parsed {
    Sql {
        query: String,
        op: &'static str,
        value: Value,
    },
    Library {
        metric: &'static str,
        op: &'static str,
        value: Value,
    },
}

fn parsed(text: &str, on_field: bool) -> Option<Parsed> {
    if text
        .get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("select "))
    {
        return Some(Parsed::Sql {
            query: text.to_owned(),
            op: "mustBe",
            value: 0.into(),
        });
    }
    let (lhs, op, rhs) = comparison(text)?;
    let value = number(rhs)?;
    let (func, arg) = match lhs.split_once('(') {
        Some((f, rest)) => (f.trim(), Some(rest.strip_suffix(')')?.trim())),
        None => (lhs, None),
    };
    if arg.is_some_and(|a| !is_identifier(a)) {
        return None;
    }
    let func = func.to_lowercase();
    let metric = match func.as_str() {
        "null_count" | "nulls" => Some(("nullValues", true)),
        "missing_count" => Some(("missingValues", true)),
        "duplicate_count" | "duplicates" => Some(("duplicateValues", on_field)),
        "row_count" => Some(("rowCount", false)),
        _ => None,
    };
    if let Some((metric, at_field)) = metric {
        // ODCS runs null and missing counts on a property, row counts on a
        // table; elsewhere the rule is only words.
        return (at_field == on_field).then_some(Parsed::Library { metric, op, value });
    }
    let aggregate = match func.as_str() {
        "min" | "max" | "avg" | "sum" => func.to_uppercase(),
        _ => return None,
    };
    Some(Parsed::Sql {
        query: format!("SELECT {aggregate}({}) FROM ${{table}}", arg?),
        op,
        value,
    })
}

/// Splits `lhs <op> rhs` at its one comparison operator.
fn comparison(text: &str) -> Option<(&str, &'static str, &str)> {
    for (sym, op) in [
        (">=", "mustBeGreaterOrEqualTo"),
        ("<=", "mustBeLessOrEqualTo"),
        ("!=", "mustNotBe"),
        ("==", "mustBe"),
        ("=", "mustBe"),
        (">", "mustBeGreaterThan"),
        ("<", "mustBeLessThan"),
    ] {
        if let Some((lhs, rhs)) = text.split_once(sym) {
            let lhs = lhs.trim();
            if lhs.is_empty() || lhs.contains(['<', '>', '=', '!']) {
                return None;
            }
            return Some((lhs, op, rhs.trim()));
        }
    }
    None
}

fn number(s: &str) -> Option<Value> {
    if let Ok(i) = s.parse::<i64>() {
        return Some(i.into());
    }
    let f = s.parse::<f64>().ok().filter(|f| f.is_finite())?;
    serde_json::Number::from_f64(f).map(Value::Number)
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(rule: &str, dimension: &str) -> QualityCheck {
        QualityCheck {
            id: "c-1".into(),
            name: "C".into(),
            rule: rule.into(),
            dimension: dimension.into(),
            ..QualityCheck::default()
        }
    }

    #[test]
    fn rules_become_the_odcs_type_they_say() {
        let r = rule(&check("duplicate_count(order_id) = 0", "uniqueness"), true);
        assert_eq!(
            (&r["type"], &r["metric"], &r["mustBe"], &r["dimension"]),
            (
                &json!("library"),
                &json!("duplicateValues"),
                &json!(0),
                &json!("uniqueness")
            )
        );
        let r = rule(&check("min(amount) >= 0", "validity"), true);
        assert_eq!(r["query"], "SELECT MIN(amount) FROM ${table}");
        assert_eq!(r["mustBeGreaterOrEqualTo"], 0);
        assert_eq!(r["dimension"], "conformity");
        let r = rule(&check("null_count = 0", ""), false);
        assert_eq!(r["type"], "text", "null counts are a property's: {r}");
        let r = rule(&check("SELECT COUNT(*) FROM x WHERE a < 0", ""), false);
        assert_eq!((&r["type"], &r["mustBe"]), (&json!("sql"), &json!(0)));
        let r = rule(
            &check("abs(net - ledger) = 0 for closed months", "bogus"),
            false,
        );
        assert_eq!(r["type"], "text");
        assert_eq!(r["description"], "abs(net - ledger) = 0 for closed months");
        assert!(r.get("dimension").is_none());
        assert_eq!(
            r["customProperties"][0]["value"]["rule"],
            check("abs(net - ledger) = 0 for closed months", "").rule
        );
    }
}
