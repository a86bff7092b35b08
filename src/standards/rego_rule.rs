//! Rules whose check is a Rego policy, evaluated by regorus.
//!
//! Conventions a pack's policy follows: one package per rule (any name,
//! unique within the pack), `import rego.v1`, and a partial set rule `deny`
//! whose elements are either a message string (a finding on the whole
//! canvas) or an object `{"msg": string, "pointer": string}` with a JSON
//! pointer into the canvas. `input` is the canvas as its file holds it.
//!
//! All policies of a pack share one engine, parsed and compiled once when
//! the pack loads; each check clones the engine (cheap: the compiled
//! modules are shared) and evaluates each rule's `deny` on its own, so one
//! rule that fails does not stop the others from reporting.
//!
//! Bounding a run: every evaluation runs under regorus's cooperative
//! execution timer, so a policy that iterates without end is stopped and
//! reported with its pack file and rule id. Rego has no unbounded recursion
//! (regorus refuses recursive rules when compiling); the builtins that
//! allocate an arbitrary amount in one step (`numbers.range`,
//! `numbers.range_step`) are refused when the pack loads, found in the
//! policy's syntax tree, because a timer can only stop work between steps,
//! not inside one allocation. What no syntax tree shows (a huge `sprintf`
//! width, `replace` feeding itself, one comparison of exponential size) is
//! bounded by evaluating in a worker process with a memory limit, killed
//! when a step outruns the time limit ([`super::policy_worker`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use regorus::Value;

/// Builtins refused in pack policies: each allocates as much as its
/// arguments ask for in one step, beyond the reach of the execution timer.
pub const REFUSED_BUILTINS: &[&str] = &["numbers.range", "numbers.range_step"];

/// The compiled Rego policies of one pack.
#[derive(Debug, Clone)]
pub struct RegoPack {
    pub engine: regorus::Engine,
    /// How long one rule may run on one canvas.
    pub limit: Duration,
    /// `(label, source)` of every policy added, and the queries compiled:
    /// what a policy worker needs to build the same engine
    /// ([`RegoPack::rebuild`]).
    pub sources: Vec<(String, String)>,
    pub queries: Vec<String>,
    /// The top-level canvas keys the pack's policies read (`input.<key>`),
    /// or `None` when some policy reads `input` as a whole. Converting the
    /// canvas into a Rego value is a large part of a check's cost, so only
    /// what the policies can observe is converted.
    pub input_keys: Option<std::collections::BTreeSet<String>>,
}

impl RegoPack {
    /// An engine with the time limit set.
    #[must_use]
    pub fn new(limit: Duration) -> Self {
        let mut engine = regorus::Engine::new();
        engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
            limit,
            check_interval: std::num::NonZeroU32::MIN.saturating_add(31),
        });
        Self {
            engine,
            limit,
            sources: Vec::new(),
            queries: Vec::new(),
            input_keys: Some(std::collections::BTreeSet::new()),
        }
    }

    /// The same pack built again from its sources and queries, as
    /// [`RegoPack::add`] and [`RegoPack::compile`] accepted them: what a
    /// policy worker process evaluates (see [`super::policy_worker`]).
    /// The checks `add` made on each policy alone are not made again.
    pub fn rebuild(
        limit: Duration,
        sources: &[(String, String)],
        queries: &[String],
    ) -> Result<Self, String> {
        let mut pack = Self::new(limit);
        for (label, source) in sources {
            pack.engine
                .add_policy(label.clone(), source.clone())
                .map_err(|e| tidy_error(&e))?;
            pack.note_source(label, source);
        }
        for query in queries {
            pack.compile(query)?;
        }
        Ok(pack)
    }

    /// Records an added policy: its source, and the input keys it reads.
    fn note_source(&mut self, label: &str, source: &str) {
        match (input_keys(source), &mut self.input_keys) {
            (Some(keys), Some(all)) => all.extend(keys),
            _ => self.input_keys = None,
        }
        self.sources.push((label.to_owned(), source.to_owned()));
    }

    /// The Rego input for a canvas document: the keys the policies read,
    /// converted directly (no JSON text in between), with object keys taken
    /// from `keys`, which keeps them from one canvas to the next.
    #[must_use]
    pub fn input(&self, doc: &serde_json::Value, keys: &mut KeyCache) -> Value {
        match (&self.input_keys, doc) {
            (Some(wanted), serde_json::Value::Object(map)) => {
                let entries: Vec<(Value, Value)> = wanted
                    .iter()
                    .filter_map(|k| map.get(k).map(|v| (keys.key(k), to_rego(v, keys))))
                    .collect();
                Value::from(entries.into_iter().collect::<BTreeMap<_, _>>())
            }
            _ => to_rego(doc, keys),
        }
    }

    /// Adds one rule's policy; `label` names the source in errors (the
    /// `.rego` file, or the pack file and rule for an inline policy).
    /// Returns the query that evaluates the rule's `deny`.
    ///
    /// The policy is first compiled on its own, so that an error (an unsafe
    /// variable, an unknown function, recursion) is reported for this rule
    /// and not for every rule sharing the pack's engine.
    pub fn add(&mut self, label: &str, source: &str) -> Result<String, String> {
        let mut alone = regorus::Engine::new();
        let package = alone
            .add_policy(label.to_owned(), source.to_owned())
            .map_err(|e| tidy_error(&e))?;
        if let Some((line, col, name)) =
            refused_builtin(&alone).map_err(|e| format!("{label}: {e}"))?
        {
            return Err(format!(
                "{label}:{line}:{col}: `{name}` is not allowed in standards policies: it \
                 allocates without bound in one step, which no time limit can stop"
            ));
        }
        match alone.has_declared_rule_rooted_at(label, "deny") {
            Ok(true) => {}
            Ok(false) => {
                return Err(format!(
                    "{label}: package `{}` declares no `deny` rule (a standards policy reports \
                     its findings as `deny contains {{\"msg\": ..., \"pointer\": ...}} if {{ ... }}`)",
                    package.trim_start_matches("data.")
                ));
            }
            Err(e) => return Err(format!("{label}: {}", tidy_error(&e))),
        }
        let query = format!("{package}.deny");
        let entry: regorus::Rc<str> = query.as_str().into();
        alone
            .compile_with_entrypoint(&entry)
            .map_err(|e| tidy_error(&e))?;
        self.engine
            .add_policy(label.to_owned(), source.to_owned())
            .map_err(|e| tidy_error(&e))?;
        self.note_source(label, source);
        Ok(query)
    }

    /// Compiles the pack's policies together, once all are added.
    pub fn compile(&mut self, query: &str) -> Result<(), String> {
        let entry: regorus::Rc<str> = query.into();
        self.engine
            .compile_with_entrypoint(&entry)
            .map_err(|e| tidy_error(&e))?;
        self.queries.push(query.to_owned());
        Ok(())
    }
}

/// Object keys as Rego values, allocated once and shared: a canvas has a few
/// thousand keys but only a few dozen distinct ones, the same in every
/// canvas. Bounded, since `extensions` and policy parameters bring keys of
/// their own.
#[derive(Debug, Default)]
pub struct KeyCache {
    keys: HashMap<String, Value, std::hash::BuildHasherDefault<Fnv>>,
}

impl KeyCache {
    const MAX_KEYS: usize = 4096;

    fn key(&mut self, k: &str) -> Value {
        if let Some(v) = self.keys.get(k) {
            return v.clone();
        }
        let v = Value::from(k);
        if self.keys.len() < Self::MAX_KEYS {
            self.keys.insert(k.to_owned(), v.clone());
        }
        v
    }
}

/// FNV-1a: object keys are short, and SipHash (the standard hasher) costs
/// more than the lookup saves. Keys come from the canvas format, not from an
/// adversary who could aim for collisions; a pathological file costs time,
/// bounded by its size.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Converts a JSON value into a Rego value.
fn to_rego(v: &serde_json::Value, keys: &mut KeyCache) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::from(*b),
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                Value::from(n.as_f64().unwrap_or(0.0))
            }
        }
        serde_json::Value::String(s) => Value::from(s.as_str()),
        serde_json::Value::Array(a) => {
            Value::from(a.iter().map(|x| to_rego(x, keys)).collect::<Vec<_>>())
        }
        // JSON objects come sorted by key, and Rego orders string keys the
        // same way, so the map is built in bulk, without a search per key.
        serde_json::Value::Object(m) => {
            let entries: Vec<(Value, Value)> = m
                .iter()
                .map(|(k, x)| (keys.key(k), to_rego(x, keys)))
                .collect();
            Value::from(entries.into_iter().collect::<BTreeMap<_, _>>())
        }
    }
}

/// The top-level keys of `input` a policy reads as `input.<key>`; `None`
/// when it uses `input` any other way (`input[k]`, `walk(input, ...)`).
pub(crate) fn input_keys(source: &str) -> Option<Vec<String>> {
    let mut keys = Vec::new();
    for line in source.lines() {
        let code = strip_comment(line);
        let mut from = 0;
        while let Some(pos) = code[from..].find("input") {
            let at = from + pos;
            from = at + "input".len();
            let word_start = code[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
            let rest = &code[from..];
            let word_end = rest
                .chars()
                .next()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            if !(word_start && word_end) {
                continue;
            }
            let after = rest.strip_prefix('.')?;
            let key: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if key.is_empty() {
                return None;
            }
            keys.push(key);
        }
    }
    Some(keys)
}

/// The first call of a refused builtin in a parsed policy, found in its
/// syntax tree (so a string, a comment or a line break cannot hide one, and
/// a name in a string is not one): its line, column and name. Both the dot
/// (`numbers.range`) and the bracket (`numbers["range"]`) forms are found,
/// wherever they stand (a call, or the target of `with ... as`).
fn refused_builtin(engine: &regorus::Engine) -> Result<Option<(u64, u64, &'static str)>, String> {
    let ast = engine
        .get_ast_as_json()
        .map_err(|e| format!("cannot read the policy's syntax tree: {e}"))?;
    let ast: serde_json::Value = serde_json::from_str(&ast)
        .map_err(|e| format!("cannot read the policy's syntax tree: {e}"))?;
    Ok(find_refused(&ast))
}

fn find_refused(v: &serde_json::Value) -> Option<(u64, u64, &'static str)> {
    match v {
        serde_json::Value::Object(m) => m.iter().find_map(|(key, inner)| {
            match key.as_str() {
                "RefDot" | "RefBrack" => refused_ref(key, inner),
                _ => None,
            }
            .or_else(|| find_refused(inner))
        }),
        serde_json::Value::Array(a) => a.iter().find_map(find_refused),
        _ => None,
    }
}

/// `numbers.<name>` or `numbers["<name>"]` naming a refused builtin.
fn refused_ref(kind: &str, r: &serde_json::Value) -> Option<(u64, u64, &'static str)> {
    let var = r.get("refr")?.get("Var")?;
    let base = var.get("value")?.as_str()?;
    let field = if kind == "RefDot" {
        r.get("field")?.get(1)?.as_str()?
    } else {
        let index = r.get("index")?;
        index
            .get("String")
            .or_else(|| index.get("RawString"))?
            .get("value")?
            .as_str()?
    };
    let name = REFUSED_BUILTINS.iter().find(|n| {
        n.split_once('.')
            .is_some_and(|(b, f)| b == base && f == field)
    })?;
    // Where the name starts.
    let span = var.get("span")?;
    Some((
        span.get("line")?.as_u64()?,
        span.get("col")?.as_u64()?,
        name,
    ))
}

/// The line without its `#` comment (a `#` inside a string does not start
/// one).
fn strip_comment(line: &str) -> &str {
    let mut in_str = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            '\\' if in_str => escaped = !escaped,
            '"' if !escaped => in_str = !in_str,
            '#' if !in_str => return &line[..i],
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    line
}

/// regorus errors come as `--> file:line:col`, a source excerpt and
/// `error: message`; condense them to one line, `file:line:col: message`.
fn tidy_error(e: &anyhow::Error) -> String {
    let full = format!("{e:#}");
    let place = full
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))
        .map(str::trim);
    let message = full
        .lines()
        .rev()
        .find_map(|l| l.trim_start().strip_prefix("error: "))
        .map(str::trim);
    match (place, message) {
        (Some(p), Some(m)) => format!("{p}: {m}"),
        _ => full
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// How regorus's [`regorus::LimitError`] for time starts when it reaches
/// us as text.
const TIME_LIMIT_SAID: &str = "execution exceeded time limit";

/// A compiled Rego rule.
#[derive(Debug)]
pub struct RegoRule {
    /// Index of the pack whose engine holds the policy.
    pub pack: usize,
    /// `data.<package>.deny`.
    pub query: String,
    /// Where the policy is written, for errors.
    pub label: String,
    /// How many canvases this rule has been stopped on (out of time or out
    /// of memory).
    pub timeouts: AtomicU32,
    /// The top-level canvas keys its policy reads (`None`: the whole
    /// canvas), so an edit elsewhere does not rerun it.
    pub reads: Option<std::collections::BTreeSet<String>>,
}

/// Why a Rego rule gave no findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegoFailure {
    /// Stopped by the time limit.
    OutOfTime(String),
    /// Stopped by the memory limit (its policy worker was ended).
    OutOfMemory(String),
    /// Failed otherwise (a builtin error, a `deny` of the wrong shape).
    Failed(String),
}

/// One `deny` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denial {
    pub pointer: String,
    pub message: String,
}

impl RegoRule {
    /// Evaluates the rule on the input already set in `engine`.
    /// An engine stopped by its time limit is left mid-evaluation and must
    /// not be used again: the caller gets [`RegoFailure::OutOfTime`] and
    /// replaces it.
    pub fn eval(&self, engine: &mut regorus::Engine) -> Result<Vec<Denial>, RegoFailure> {
        let result = engine.eval_rule(self.query.clone()).map_err(|e| {
            if let Some(limit) = e.downcast_ref::<regorus::LimitError>() {
                RegoFailure::OutOfTime(format!("{}: stopped: {limit}", self.label))
            } else if e.chain().any(|c| c.to_string().contains(TIME_LIMIT_SAID)) {
                // Inside some builtins and comprehensions regorus passes
                // the limit on as text, not as a `LimitError`.
                RegoFailure::OutOfTime(format!("{}: stopped: {}", self.label, tidy_error(&e)))
            } else {
                RegoFailure::Failed(tidy_error(&e))
            }
        })?;
        self.shape(&result).map_err(RegoFailure::Failed)
    }

    /// Counts a stop (out of time or out of memory) towards quarantine.
    pub fn count_stop(&self) {
        self.timeouts.fetch_add(1, Ordering::Relaxed);
    }

    fn shape(&self, result: &Value) -> Result<Vec<Denial>, String> {
        let items: Vec<&Value> = match result {
            Value::Undefined => Vec::new(),
            Value::Set(s) => s.iter().collect(),
            Value::Array(a) => a.iter().collect(),
            other => {
                return Err(format!(
                    "{}: `deny` must be a set of messages or {{msg, pointer}} objects, found {}",
                    self.label,
                    short(other)
                ));
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(denial(item).ok_or_else(|| {
                format!(
                    "{}: a `deny` element must be a message string or an object with a string \
                     `msg` and an optional string `pointer`, found {}",
                    self.label,
                    short(item)
                )
            })?);
        }
        Ok(out)
    }

    /// Whether the rule has been stopped too often to be run again.
    pub fn quarantined(&self) -> bool {
        self.timeouts.load(Ordering::Relaxed) >= super::REGO_TIMEOUTS_BEFORE_QUARANTINE
    }
}

fn denial(v: &Value) -> Option<Denial> {
    match v {
        Value::String(s) => Some(Denial {
            pointer: String::new(),
            message: s.to_string(),
        }),
        Value::Object(m) => {
            let msg = m.get(&Value::from("msg"))?;
            let Value::String(msg) = msg else { return None };
            let pointer = match m.get(&Value::from("pointer")) {
                None => String::new(),
                Some(Value::String(p)) if p.is_empty() || p.starts_with('/') => p.to_string(),
                Some(_) => return None,
            };
            Some(Denial {
                pointer,
                message: msg.to_string(),
            })
        }
        _ => None,
    }
}

fn short(v: &Value) -> String {
    let s = v.to_json_str().unwrap_or_else(|_| format!("{v:?}"));
    if s.chars().count() > 80 {
        let cut: String = s.chars().take(77).collect();
        format!("{cut}...")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::{input_keys, refused_builtin};

    #[test]
    fn converts_json_like_regorus_does() {
        let doc = serde_json::json!({"a": [1, -2, 2.5, "x", null, true, {"a": {}}], "b": u64::MAX});
        let mut keys = super::KeyCache::default();
        let direct = super::to_rego(&doc, &mut keys);
        // Again with the keys cached from the first conversion.
        assert_eq!(super::to_rego(&doc, &mut keys), direct);
        let parsed = regorus::Value::from_json_str(&doc.to_string()).expect("parses");
        assert_eq!(direct, parsed);
    }

    #[test]
    fn finds_the_input_keys_a_policy_reads() {
        assert_eq!(
            input_keys("x := input.outputPorts\n# input[x]\ny := input.product.id\nmy_input := 1"),
            Some(vec!["outputPorts".to_owned(), "product".to_owned()])
        );
        assert_eq!(input_keys("walk(input, [p, v])"), None);
        assert_eq!(input_keys("x := input[\"product\"]"), None);
    }

    #[test]
    fn refuses_range_however_it_is_written() {
        let refused = |body: &str| {
            let mut e = regorus::Engine::new();
            e.add_policy(
                "p.rego".to_owned(),
                format!("package p\nimport rego.v1\n{body}"),
            )
            .expect("parses");
            refused_builtin(&e).expect("a syntax tree")
        };
        assert_eq!(
            refused("x := 1\ny := numbers.range(1, 10)"),
            Some((4, 6, "numbers.range"))
        );
        // What defeated the old text search: a backtick string before the
        // call, the call across lines, the bracket form.
        assert_eq!(
            refused("deny contains 1 if { x := `#`; r := numbers.range(1, 3000000000) }"),
            Some((3, 37, "numbers.range"))
        );
        assert!(refused("r := numbers.range(\n  1,\n  3000000000)").is_some());
        assert_eq!(
            refused("r := numbers[\"range_step\"](1, 9, 1)"),
            Some((3, 6, "numbers.range_step"))
        );
        // Named, not called: in a comment, a string, or another name.
        assert_eq!(
            refused("# numbers.range(1, 2)\nx := \"numbers.range(1, 2)\"\ny := my_numbers.range"),
            None
        );
    }
}
