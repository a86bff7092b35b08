//! Workshop mode: a facilitator runs a Data Product Canvas workshop on a
//! canvas, block by block, with sticky notes first and typed cards later.
//!
//! Everything a workshop decides by rule lives here, and the app and the CLI
//! call it: the ten steps in the canvas's order with their guiding questions
//! and timeboxes ([`STEPS`]), the clock ([`Workshop::apply`]), what a sticky
//! becomes when it is turned into a card ([`convert`]) and the summary the
//! group takes home ([`summary`]). The session itself is stored on the
//! canvas ([`crate::model::Layout::workshop`]), so it is saved, versioned and
//! shared like the rest of the board.

use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{
    Canvas, CardKind, Consumer, DataClassification, DesignStep, Field, InputPort, InputSource,
    LogicalType, OutputPort, Participant, Policy, PolicyKind, QualityCheck, SchemaObject, Slo,
    SloDimension, SloUnit, StickyNote, Term, Workshop, WorkshopStep, card_key,
};
use crate::wire::{Block, CardRef, Finding, Severity};

/// One step of the workshop as the facilitator runs it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct StepInfo {
    /// 1–10, the number printed on the canvas.
    pub step: u32,
    pub title: String,
    /// The board blocks the step fills in.
    pub blocks: Vec<Block>,
    /// What a facilitator asks the room at this step.
    pub questions: Vec<String>,
    /// The default timebox, in minutes.
    pub minutes: f64,
    /// What the stickies of this step usually become, offered first.
    pub targets: Vec<StickyTarget>,
}

/// What a sticky note can be turned into.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "camelCase")]
pub enum StickyTarget {
    Consumer,
    /// A consumer's use case: set on the consumer named by `into`, or a new
    /// consumer when none is.
    UseCase,
    OutputPort,
    /// A field of the first table of the output port named by `into` (the
    /// last port when none is).
    Field,
    /// A service-level objective of the output port named by `into`.
    Slo,
    Policy,
    InputPort,
    DesignStep,
    QualityCheck,
    Term,
}

impl StickyTarget {
    pub const ALL: [Self; 10] = [
        Self::Consumer,
        Self::UseCase,
        Self::OutputPort,
        Self::Field,
        Self::Slo,
        Self::Policy,
        Self::InputPort,
        Self::DesignStep,
        Self::QualityCheck,
        Self::Term,
    ];

    /// The target's name as people read it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Consumer => "Consumer",
            Self::UseCase => "Use case",
            Self::OutputPort => "Output port",
            Self::Field => "Field",
            Self::Slo => "SLO",
            Self::Policy => "Policy",
            Self::InputPort => "Input port",
            Self::DesignStep => "Design step",
            Self::QualityCheck => "Quality check",
            Self::Term => "Term",
        }
    }
}

struct Step {
    title: &'static str,
    blocks: &'static [Block],
    questions: &'static [&'static str],
    minutes: f64,
    targets: &'static [StickyTarget],
}

/// The ten steps, in the order the printed canvas numbers its blocks.
const STEP_TABLE: [Step; 10] = [
    Step {
        title: "Domain",
        blocks: &[Block::Domain],
        questions: &[
            "Which business domain owns this product, and which team will run it?",
            "Who is the product owner: who answers for it, and who fixes it when it breaks?",
            "Which business capability or process does the domain serve with it?",
        ],
        minutes: 10.0,
        targets: &[],
    },
    Step {
        title: "Name and purpose",
        blocks: &[Block::Name, Block::Purpose],
        questions: &[
            "What would you call it so that a consumer finds it in the catalogue?",
            "Why should it exist: which decision or process does it make better?",
            "Which rules bind it: access, retention, privacy, residency?",
        ],
        minutes: 15.0,
        targets: &[StickyTarget::Policy],
    },
    Step {
        title: "Consumers and use cases",
        blocks: &[Block::Consumers],
        questions: &[
            "Who will use it first, and for which decision?",
            "Say each use case as a hypothesis: we believe…, and we know we are right when…",
            "What do they need from it: which data, how fresh, in which form?",
        ],
        minutes: 20.0,
        targets: &[StickyTarget::Consumer, StickyTarget::UseCase],
    },
    Step {
        title: "Output ports",
        blocks: &[Block::OutputPorts],
        questions: &[
            "How will consumers read it: a table, files, an API, a stream?",
            "Which fields do they need, and which of them are personal data?",
            "What do you promise: how fresh, how available, how complete?",
        ],
        minutes: 25.0,
        targets: &[
            StickyTarget::OutputPort,
            StickyTarget::Field,
            StickyTarget::Slo,
        ],
    },
    Step {
        title: "Metadata",
        blocks: &[Block::Metadata],
        questions: &[
            "Under which licence and terms may it be used?",
            "Where do consumers read its documentation?",
            "Which personal or sensitive data does it hold, and how is it protected?",
        ],
        minutes: 10.0,
        targets: &[StickyTarget::Policy],
    },
    Step {
        title: "Input ports",
        blocks: &[Block::Inbound],
        questions: &[
            "Which operational systems or other data products does it read?",
            "What does it expect from each source: how fresh, how complete?",
            "Is there a contract with each source, and who owns it?",
        ],
        minutes: 15.0,
        targets: &[StickyTarget::InputPort],
    },
    Step {
        title: "Data product design",
        blocks: &[Block::Design],
        questions: &[
            "How does the data come in: batch, streaming, change data capture?",
            "Where is it stored, and how is it shaped for serving?",
            "What runs it, and on which schedule?",
        ],
        minutes: 20.0,
        targets: &[StickyTarget::DesignStep],
    },
    Step {
        title: "Observability",
        blocks: &[Block::Observability],
        questions: &[
            "How do you know the data is right: which quality checks run?",
            "Which metrics show that the product is healthy?",
            "Who is alerted when a promise is missed, and at which threshold?",
        ],
        minutes: 15.0,
        targets: &[StickyTarget::QualityCheck, StickyTarget::Slo],
    },
    Step {
        title: "Ubiquitous language",
        blocks: &[Block::Language],
        questions: &[
            "Which words does the domain use that outsiders read differently?",
            "What exactly does each term mean here?",
            "Which synonyms, or other meanings in other domains, should consumers know?",
        ],
        minutes: 10.0,
        targets: &[StickyTarget::Term],
    },
    Step {
        title: "Classification",
        blocks: &[Block::Classification],
        questions: &[
            "Is it source-aligned, an aggregate, or consumer-aligned?",
            "Do its inputs and consumers agree with that?",
            "What is still open before the team can build it?",
        ],
        minutes: 5.0,
        targets: &[],
    },
];

/// The ten steps, for the app's table and the summary.
#[must_use]
pub fn steps() -> Vec<StepInfo> {
    STEP_TABLE
        .iter()
        .zip(1..)
        .map(|(s, step)| StepInfo {
            step,
            title: s.title.to_owned(),
            blocks: s.blocks.to_vec(),
            questions: s.questions.iter().map(|&q| q.to_owned()).collect(),
            minutes: s.minutes,
            targets: s.targets.to_vec(),
        })
        .collect()
}

/// The step that fills in `block`.
#[must_use]
pub fn step_of(block: Block) -> u32 {
    STEP_TABLE
        .iter()
        .zip(1..)
        .find(|(s, _)| s.blocks.contains(&block))
        .map_or(1, |(_, n)| n)
}

fn step_title(step: u32) -> &'static str {
    usize::try_from(step)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| STEP_TABLE.get(i))
        .map_or("?", |s| s.title)
}

/// A time as the session stores it.
#[must_use]
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// What the facilitator does to the session.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(tag = "action", rename_all = "camelCase")]
pub enum WorkshopAction {
    Next,
    Previous,
    Jump {
        step: u32,
    },
    Pause,
    Resume,
    /// Adds minutes to the current step's timebox.
    Extend {
        minutes: f64,
    },
    /// Sets a step's timebox, before or during the session.
    SetMinutes {
        step: u32,
        minutes: f64,
    },
    Join {
        participant: Participant,
    },
    Finish,
}

/// Why an action was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum WorkshopError {
    #[error("no workshop has been started on this canvas")]
    NotStarted,
    #[error("the workshop has finished; start a new one to go on")]
    Finished,
    #[error("there is no step {0}: the steps are 1 to 10")]
    NoSuchStep(u32),
    #[error("a timebox must be a positive number of minutes, not {0}")]
    BadMinutes(f64),
    #[error("a participant needs initials")]
    NoInitials,
    #[error("{0} is already taken by {1}")]
    InitialsTaken(String, String),
    #[error("there is no sticky note {0} on this canvas")]
    NoSuchNote(String),
    #[error("sticky note {0} has already become {1}")]
    AlreadyConverted(String, String),
    #[error("the note is empty: write something on it first")]
    EmptyNote,
    #[error("{0}")]
    NeedsPort(String),
    #[error("there is no {kind} {id} on this canvas")]
    NoSuchTarget { kind: &'static str, id: String },
}

impl Workshop {
    /// A new session, on step 1 with its clock running from `now`.
    #[must_use]
    pub fn start(now: DateTime<Utc>) -> Self {
        Self {
            started: timestamp(now),
            finished: None,
            current: 1,
            clock_started: Some(timestamp(now)),
            steps: STEP_TABLE
                .iter()
                .zip(1..)
                .map(|(s, step)| WorkshopStep {
                    step,
                    minutes: s.minutes,
                    spent_seconds: 0.0,
                })
                .collect(),
            participants: Vec::new(),
            parking_lot: Vec::new(),
            decisions: Vec::new(),
        }
    }

    fn step_mut(&mut self, step: u32) -> Result<&mut WorkshopStep, WorkshopError> {
        self.steps
            .iter_mut()
            .find(|s| s.step == step)
            .ok_or(WorkshopError::NoSuchStep(step))
    }

    /// The time spent on `step` at `now`, counting a clock running on it.
    #[must_use]
    pub fn spent(&self, step: u32, now: DateTime<Utc>) -> f64 {
        let stored = self
            .steps
            .iter()
            .find(|s| s.step == step)
            .map_or(0.0, |s| s.spent_seconds);
        let running = match (&self.clock_started, step == self.current) {
            (Some(t), true) => parse_time(t).map_or(0.0, |t| {
                #[allow(clippy::cast_precision_loss)]
                let ms = (now - t).num_milliseconds().max(0) as f64;
                ms / 1000.0
            }),
            _ => 0.0,
        };
        stored + running
    }

    /// Stops the clock at `now`, adding the time it ran to the current step.
    fn stop_clock(&mut self, now: DateTime<Utc>) {
        let spent = self.spent(self.current, now);
        if let Ok(s) = self.step_mut(self.current) {
            s.spent_seconds = spent;
        }
        self.clock_started = None;
    }

    /// Moves to `step`, the clock running on it unless the session was
    /// paused.
    fn go(&mut self, step: u32, now: DateTime<Utc>) -> Result<(), WorkshopError> {
        if !self.steps.iter().any(|s| s.step == step) {
            return Err(WorkshopError::NoSuchStep(step));
        }
        let running = self.clock_started.is_some();
        self.stop_clock(now);
        self.current = step;
        if running {
            self.clock_started = Some(timestamp(now));
        }
        Ok(())
    }

    /// Does what the facilitator asked, at `now`.
    pub fn apply(
        &mut self,
        action: &WorkshopAction,
        now: DateTime<Utc>,
    ) -> Result<(), WorkshopError> {
        if self.finished.is_some() {
            return Err(WorkshopError::Finished);
        }
        let last = self.steps.iter().map(|s| s.step).max().unwrap_or(1);
        match action {
            WorkshopAction::Next => {
                if self.current < last {
                    self.go(self.current + 1, now)?;
                }
            }
            WorkshopAction::Previous => {
                if self.current > 1 {
                    self.go(self.current - 1, now)?;
                }
            }
            WorkshopAction::Jump { step } => self.go(*step, now)?,
            WorkshopAction::Pause => self.stop_clock(now),
            WorkshopAction::Resume => {
                if self.clock_started.is_none() {
                    self.clock_started = Some(timestamp(now));
                }
            }
            WorkshopAction::Extend { minutes } => {
                if !minutes.is_finite() || *minutes <= 0.0 {
                    return Err(WorkshopError::BadMinutes(*minutes));
                }
                let current = self.current;
                self.step_mut(current)?.minutes += minutes;
            }
            WorkshopAction::SetMinutes { step, minutes } => {
                if !minutes.is_finite() || *minutes <= 0.0 {
                    return Err(WorkshopError::BadMinutes(*minutes));
                }
                self.step_mut(*step)?.minutes = *minutes;
            }
            WorkshopAction::Join { participant } => {
                let initials = participant.initials.trim().to_uppercase();
                if initials.is_empty() {
                    return Err(WorkshopError::NoInitials);
                }
                match self
                    .participants
                    .iter_mut()
                    .find(|p| p.initials == initials)
                {
                    Some(p) if !p.name.is_empty() && p.name != participant.name => {
                        return Err(WorkshopError::InitialsTaken(initials, p.name.clone()));
                    }
                    Some(p) => {
                        p.name.clone_from(&participant.name);
                        p.color.clone_from(&participant.color);
                    }
                    None => self.participants.push(Participant {
                        initials,
                        name: participant.name.trim().to_owned(),
                        color: participant.color.clone(),
                    }),
                }
            }
            WorkshopAction::Finish => {
                self.stop_clock(now);
                self.finished = Some(timestamp(now));
            }
        }
        Ok(())
    }
}

/// Starts a workshop on `canvas` at `now`, or carries on the one it has
/// when that has not finished.
pub fn start(canvas: &mut Canvas, now: DateTime<Utc>) {
    match &canvas.layout.workshop {
        Some(w) if w.finished.is_none() => {}
        _ => canvas.layout.workshop = Some(Workshop::start(now)),
    }
}

/// Applies `action` to the canvas's workshop.
pub fn apply(
    canvas: &mut Canvas,
    action: &WorkshopAction,
    now: DateTime<Utc>,
) -> Result<(), WorkshopError> {
    canvas
        .layout
        .workshop
        .as_mut()
        .ok_or(WorkshopError::NotStarted)?
        .apply(action, now)
}

/// The card a sticky became, and where in the canvas its new part is.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Converted {
    pub canvas: Canvas,
    /// The card to open in the inspector.
    pub card: CardRef,
    /// JSON pointer of what was added (a field or SLO inside the port).
    pub pointer: String,
}

/// A sticky's text split into a head (the name) and the rest (what it says
/// of it): at the first `:`, ` - `, ` – ` or line break.
fn split_text(text: &str) -> (String, String) {
    let text = text.trim();
    let cut = [":", " - ", " – ", " — ", "\n"]
        .iter()
        .filter_map(|sep| text.find(sep).map(|i| (i, sep.len())))
        .min();
    match cut {
        Some((i, len)) => (
            text[..i].trim().to_owned(),
            text[i + len..].trim().to_owned(),
        ),
        None => (text.to_owned(), String::new()),
    }
}

/// A lowercase slug of `text`'s first few words, `-` between them.
fn slug(text: &str, sep: char) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(5)
        .map(str::to_lowercase)
        .collect();
    let s = words.join(&sep.to_string());
    let s: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == sep)
        .collect();
    let s = s.trim_matches(sep).to_owned();
    match s.chars().next() {
        None => "item".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("n{sep}{s}"),
        Some(_) => s,
    }
}

/// `base`, or `base-2`, `base-3`… whichever `taken` does not hold.
fn unique(base: &str, taken: &[&str]) -> String {
    if !taken.contains(&base) {
        return base.to_owned();
    }
    (2..=u32::MAX)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !taken.contains(&c.as_str()))
        .unwrap_or_else(|| base.to_owned())
}

fn has_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

fn logical_type(lower: &str) -> LogicalType {
    let t = [
        (
            &["timestamp", "datetime", "date-time", "date time"][..],
            LogicalType::Timestamp,
        ),
        (&["date"][..], LogicalType::Date),
        (&["time"][..], LogicalType::Time),
        (
            &["integer", "int", "count", "bigint"][..],
            LogicalType::Integer,
        ),
        (
            &[
                "number", "decimal", "amount", "float", "double", "price", "money",
            ][..],
            LogicalType::Number,
        ),
        (
            &["bool", "flag", "yes/no", "true/false"][..],
            LogicalType::Boolean,
        ),
        (&["array", "list of"][..], LogicalType::Array),
        (&["object", "struct", "record"][..], LogicalType::Object),
    ];
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '/' && c != '-')
        .collect();
    for (keys, ty) in t {
        if keys
            .iter()
            .any(|k| words.contains(k) || (k.contains(' ') && lower.contains(k)))
        {
            return ty;
        }
    }
    LogicalType::String
}

fn slo_from(text: &str) -> Slo {
    let lower = text.to_lowercase();
    let dimension = [
        (
            &["fresh", "stale", "late", "updated", "delay"][..],
            SloDimension::Freshness,
        ),
        (
            &["availab", "uptime", "up time", "downtime"][..],
            SloDimension::Availability,
        ),
        (&["complete", "missing"][..], SloDimension::Completeness),
        (
            &["latenc", "response", "respond"][..],
            SloDimension::Latency,
        ),
        (
            &["retain", "retention", "kept for", "keep for"][..],
            SloDimension::Retention,
        ),
        (
            &["accura", "correct", "error rate"][..],
            SloDimension::Accuracy,
        ),
    ]
    .into_iter()
    .find(|(keys, _)| has_any(&lower, keys))
    .map_or(SloDimension::Freshness, |(_, d)| d);
    let number: String = lower
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let target = number.trim_end_matches('.').parse::<f64>().ok();
    let after = lower
        .find(&number)
        .map_or("", |i| &lower[i + number.len()..])
        .trim_start();
    let unit = [
        (&["%", "percent"][..], SloUnit::Percent),
        (&["ms", "millisecond"][..], SloUnit::Milliseconds),
        (&["s ", "sec", "second"][..], SloUnit::Seconds),
        (&["min"][..], SloUnit::Minutes),
        (&["h ", "hour", "hr"][..], SloUnit::Hours),
        (&["day", "d "][..], SloUnit::Days),
        (&["week", "wk"][..], SloUnit::Weeks),
        (&["month"][..], SloUnit::Months),
        (&["year", "yr"][..], SloUnit::Years),
    ]
    .into_iter()
    .find(|(keys, _)| {
        let padded = format!("{after} ");
        keys.iter().any(|k| padded.starts_with(k))
    })
    .map(|(_, u)| u);
    let unit = unit.unwrap_or(match dimension {
        SloDimension::Availability | SloDimension::Completeness | SloDimension::Accuracy => {
            SloUnit::Percent
        }
        SloDimension::Latency => SloUnit::Milliseconds,
        SloDimension::Retention => SloUnit::Days,
        SloDimension::Freshness => SloUnit::Hours,
    });
    Slo {
        dimension,
        target: target.unwrap_or(0.0),
        unit,
        description: text.trim().to_owned(),
        ..Slo::default()
    }
}

fn policy_kind(lower: &str) -> PolicyKind {
    [
        (
            &["gdpr", "privacy", "personal", "consent", "pii"][..],
            PolicyKind::Privacy,
        ),
        (
            &[
                "retain",
                "retention",
                "delete after",
                "deleted after",
                "keep for",
            ][..],
            PolicyKind::Retention,
        ),
        (
            &["residen", "region", "in the eu", "stays in", "country"][..],
            PolicyKind::Residency,
        ),
        (
            &["classif", "confidential", "restricted", "internal only"][..],
            PolicyKind::Classification,
        ),
        (
            &["access", "role", "read by", "may read", "permission"][..],
            PolicyKind::Access,
        ),
    ]
    .into_iter()
    .find(|(keys, _)| has_any(lower, keys))
    .map_or(PolicyKind::Custom, |(_, k)| k)
}

/// The output port a field or SLO goes on: the one `into` names, else the
/// last one.
fn port_index(canvas: &Canvas, into: Option<&str>, what: &str) -> Result<usize, WorkshopError> {
    match into {
        Some(id) => canvas
            .output_ports
            .iter()
            .position(|p| p.id == id)
            .ok_or_else(|| WorkshopError::NoSuchTarget {
                kind: "output port",
                id: id.to_owned(),
            }),
        None => canvas.output_ports.len().checked_sub(1).ok_or_else(|| {
            WorkshopError::NeedsPort(format!(
                "a {what} belongs to an output port: turn a sticky into an output port first"
            ))
        }),
    }
}

fn card(kind: CardKind, id: &str, index: usize) -> CardRef {
    CardRef {
        kind,
        id: id.to_owned(),
        index: u32::try_from(index).unwrap_or(u32::MAX),
    }
}

/// Turns sticky `note_id` into a typed card, filled in from its text as far
/// as the text says, and marks the note with the card it became. `into`
/// names the output port a field or SLO goes on, or the consumer a use case
/// goes on.
pub fn convert(
    mut canvas: Canvas,
    note_id: &str,
    target: StickyTarget,
    into: Option<&str>,
) -> Result<Converted, WorkshopError> {
    let note: StickyNote = canvas
        .layout
        .notes
        .iter()
        .find(|n| n.id == note_id)
        .cloned()
        .ok_or_else(|| WorkshopError::NoSuchNote(note_id.to_owned()))?;
    if let Some(became) = &note.became {
        return Err(WorkshopError::AlreadyConverted(
            note_id.to_owned(),
            became.clone(),
        ));
    }
    let text = note.text.trim();
    if text.is_empty() {
        return Err(WorkshopError::EmptyNote);
    }
    let (head, rest) = split_text(text);
    let lower = text.to_lowercase();
    let (card, pointer) = match target {
        StickyTarget::Consumer | StickyTarget::UseCase => {
            let existing = match (target, into) {
                (StickyTarget::UseCase, Some(id)) => Some(
                    canvas
                        .consumers
                        .iter()
                        .position(|c| c.id == id)
                        .ok_or_else(|| WorkshopError::NoSuchTarget {
                            kind: "consumer",
                            id: id.to_owned(),
                        })?,
                ),
                _ => None,
            };
            if let Some(i) = existing {
                let c = &mut canvas.consumers[i];
                if c.use_case.is_empty() {
                    c.use_case = text.to_owned();
                } else {
                    c.use_case = format!("{}\n{text}", c.use_case);
                }
                (
                    card(CardKind::Consumer, &c.id, i),
                    format!("/consumers/{i}/useCase"),
                )
            } else {
                let taken: Vec<&str> = canvas.consumers.iter().map(|c| c.id.as_str()).collect();
                let (name, use_case) = if target == StickyTarget::UseCase && rest.is_empty() {
                    (String::new(), head.clone())
                } else {
                    (head.clone(), rest.clone())
                };
                let base = if name.is_empty() {
                    "use-case".to_owned()
                } else {
                    slug(&name, '-')
                };
                let id = unique(&base, &taken);
                canvas.consumers.push(Consumer {
                    id: id.clone(),
                    name,
                    use_case,
                    ..Consumer::default()
                });
                let i = canvas.consumers.len() - 1;
                (card(CardKind::Consumer, &id, i), format!("/consumers/{i}"))
            }
        }
        StickyTarget::OutputPort => {
            let taken: Vec<&str> = canvas.output_ports.iter().map(|p| p.id.as_str()).collect();
            let id = unique(&slug(&head, '-'), &taken);
            canvas.output_ports.push(OutputPort {
                id: id.clone(),
                name: head.clone(),
                description: rest.clone(),
                version: canvas.product.version.clone(),
                ..OutputPort::default()
            });
            let i = canvas.output_ports.len() - 1;
            (
                card(CardKind::OutputPort, &id, i),
                format!("/outputPorts/{i}"),
            )
        }
        StickyTarget::Field => {
            let i = port_index(&canvas, into, "field")?;
            let port = &mut canvas.output_ports[i];
            if port.objects.is_empty() {
                port.objects
                    .push(SchemaObject::table(&port.id.replace('-', "_"), Vec::new()));
            }
            let table = &mut port.objects[0];
            let taken: Vec<&str> = table.fields.iter().map(|f| f.name.as_str()).collect();
            let name = unique(&slug(&head, '_'), &taken).replace('-', "_");
            let pii = has_any(
                &lower,
                &[
                    "pii", "personal", "email", "e-mail", "phone", "address", "birth",
                ],
            );
            table.fields.push(Field {
                name,
                logical_type: logical_type(&rest.to_lowercase()),
                description: if rest.is_empty() {
                    String::new()
                } else {
                    text.to_owned()
                },
                pii,
                classification: pii.then_some(DataClassification::Confidential),
                required: has_any(&lower, &["required", "mandatory", "not null", "always"]),
                primary_key: has_any(&lower, &["primary key", " pk", "(pk)", "key)"]),
                ..Field::default()
            });
            let f = table.fields.len() - 1;
            (
                card(CardKind::OutputPort, &port.id, i),
                format!("/outputPorts/{i}/objects/0/fields/{f}"),
            )
        }
        StickyTarget::Slo => {
            let i = port_index(&canvas, into, "service-level objective")?;
            let port = &mut canvas.output_ports[i];
            port.slos.push(slo_from(text));
            let s = port.slos.len() - 1;
            (
                card(CardKind::OutputPort, &port.id, i),
                format!("/outputPorts/{i}/slos/{s}"),
            )
        }
        StickyTarget::Policy => {
            let taken: Vec<&str> = canvas.policies.iter().map(|p| p.id.as_str()).collect();
            let id = unique(&slug(&head, '-'), &taken);
            canvas.policies.push(Policy {
                id: id.clone(),
                kind: policy_kind(&lower),
                statement: text.to_owned(),
                ..Policy::default()
            });
            let i = canvas.policies.len() - 1;
            (card(CardKind::Policy, &id, i), format!("/policies/{i}"))
        }
        StickyTarget::InputPort => {
            let taken: Vec<&str> = canvas.input_ports.iter().map(|p| p.id.as_str()).collect();
            let id = unique(&slug(&head, '-'), &taken);
            canvas.input_ports.push(InputPort {
                id: id.clone(),
                name: head.clone(),
                description: rest.clone(),
                source: InputSource::Operational {
                    system: head.clone(),
                    technology: String::new(),
                },
                expects: Vec::new(),
                contract_id: None,
                version: String::new(),
            });
            let i = canvas.input_ports.len() - 1;
            (
                card(CardKind::InputPort, &id, i),
                format!("/inputPorts/{i}"),
            )
        }
        StickyTarget::DesignStep => {
            let taken: Vec<&str> = canvas.design.steps.iter().map(|s| s.id.as_str()).collect();
            let id = unique(&slug(&head, '-'), &taken);
            canvas.design.steps.push(DesignStep {
                id: id.clone(),
                name: head.clone(),
                description: rest.clone(),
                ..DesignStep::default()
            });
            let i = canvas.design.steps.len() - 1;
            (
                card(CardKind::DesignStep, &id, i),
                format!("/design/steps/{i}"),
            )
        }
        StickyTarget::QualityCheck => {
            let checks = &canvas.observability.quality_checks;
            let taken: Vec<&str> = checks.iter().map(|q| q.id.as_str()).collect();
            let id = unique(&slug(&head, '-'), &taken);
            let port_id = match into {
                Some(p) => Some(
                    canvas.output_ports[port_index(&canvas, Some(p), "quality check")?]
                        .id
                        .clone(),
                ),
                None if canvas.output_ports.len() == 1 => Some(canvas.output_ports[0].id.clone()),
                None => None,
            };
            let dimension = [
                (
                    &["complete", "missing", "null", "empty"][..],
                    "completeness",
                ),
                (&["unique", "duplicate"][..], "uniqueness"),
                (&["fresh", "late", "stale"][..], "timeliness"),
                (&["valid", "format", "pattern", "range"][..], "conformity"),
                (&["match", "reconcil", "consistent"][..], "consistency"),
            ]
            .into_iter()
            .find(|(keys, _)| has_any(&lower, keys))
            .map_or("accuracy", |(_, d)| d);
            canvas.observability.quality_checks.push(QualityCheck {
                id: id.clone(),
                name: head.clone(),
                description: rest.clone(),
                port_id,
                dimension: dimension.to_owned(),
                ..QualityCheck::default()
            });
            let i = canvas.observability.quality_checks.len() - 1;
            (
                card(CardKind::QualityCheck, &id, i),
                format!("/observability/qualityChecks/{i}"),
            )
        }
        StickyTarget::Term => {
            let taken: Vec<&str> = canvas
                .ubiquitous_language
                .iter()
                .map(|t| t.term.as_str())
                .collect();
            let term = unique(&head, &taken);
            canvas.ubiquitous_language.push(Term {
                term: term.clone(),
                definition: rest.clone(),
                ..Term::default()
            });
            let i = canvas.ubiquitous_language.len() - 1;
            (
                card(CardKind::Term, &term, i),
                format!("/ubiquitousLanguage/{i}"),
            )
        }
    };
    if let Some(n) = canvas.layout.notes.iter_mut().find(|n| n.id == note_id) {
        n.became = Some(card_key(card.kind, &card.id));
    }
    Ok(Converted {
        canvas,
        card,
        pointer,
    })
}

fn clock(seconds: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let s = seconds.max(0.0).round() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// Text for one Markdown list item or table cell: on one line, with the
/// characters Markdown would read as markup escaped.
fn md(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(one_line.len());
    for c in one_line.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '<' | '>' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// What a card key names, as people read it: `Output port orders`.
fn card_label(key: &str) -> String {
    let (prefix, id) = key.split_once(':').unwrap_or(("", key));
    let kind = CardKind::ALL
        .into_iter()
        .find(|k| card_key(*k, "").trim_end_matches(':') == prefix)
        .map_or_else(|| prefix.to_owned(), |k| k.label().to_owned());
    format!("{kind} `{id}`")
}

/// The workshop summary the group takes home, in Markdown: who took part,
/// the steps with their time, the decisions, the open questions, the
/// stickies not yet turned into cards, the open findings and the next
/// steps. `findings` are the canvas's current findings.
#[must_use]
pub fn summary(canvas: &Canvas, findings: &[Finding], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let p = &canvas.product;
    let name = if p.name.is_empty() { &p.id } else { &p.name };
    let _ = writeln!(out, "# Workshop: {} (`{}`)\n", md(name), p.id);
    let Some(w) = &canvas.layout.workshop else {
        let _ = writeln!(out, "No workshop has been run on this canvas.");
        return out;
    };
    let _ = writeln!(out, "- Domain: {}", md(&canvas.domain.name));
    let _ = writeln!(out, "- Started: {}", w.started);
    match &w.finished {
        Some(f) => {
            let _ = writeln!(out, "- Finished: {f}");
        }
        None => {
            let _ = writeln!(out, "- Still running (summary written {})", timestamp(now));
        }
    }
    let total: f64 = w.steps.iter().map(|s| w.spent(s.step, now)).sum();
    let planned: f64 = w.steps.iter().map(|s| s.minutes * 60.0).sum();
    let _ = writeln!(
        out,
        "- Time spent: {} of {} planned\n",
        clock(total),
        clock(planned)
    );

    out.push_str("## Who took part\n\n");
    if w.participants.is_empty() {
        out.push_str("Nobody signed in.\n");
    }
    for person in &w.participants {
        let _ = writeln!(out, "- {} {}", md(&person.initials), md(&person.name));
    }

    out.push_str("\n## Steps\n\n| # | Step | Timebox | Spent | Stickies | Became cards |\n|---|---|---|---|---|---|\n");
    for s in &w.steps {
        let notes: Vec<&StickyNote> = canvas
            .layout
            .notes
            .iter()
            .filter(|n| n.step == Some(s.step))
            .collect();
        let became = notes.iter().filter(|n| n.became.is_some()).count();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            s.step,
            step_title(s.step),
            clock(s.minutes * 60.0),
            clock(w.spent(s.step, now)),
            notes.len(),
            became
        );
    }

    let notes_list =
        |out: &mut String, title: &str, list: &[crate::model::SessionNote], none: &str| {
            let _ = writeln!(out, "\n## {title}\n");
            if list.is_empty() {
                let _ = writeln!(out, "{none}");
            }
            for n in list {
                let by = if n.author.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", md(&n.author))
                };
                let _ = writeln!(
                    out,
                    "- {}{by}, at step {} {}",
                    md(&n.text),
                    n.step,
                    step_title(n.step)
                );
            }
        };
    notes_list(&mut out, "Decisions", &w.decisions, "None recorded.");
    notes_list(&mut out, "Open questions", &w.parking_lot, "None parked.");

    let mut open: Vec<&StickyNote> = canvas
        .layout
        .notes
        .iter()
        .filter(|n| n.became.is_none() && !n.text.trim().is_empty())
        .collect();
    open.sort_by_key(|n| std::cmp::Reverse(n.votes.unwrap_or(0)));
    out.push_str("\n## Stickies not yet turned into cards\n\n");
    if open.is_empty() {
        out.push_str("None: every sticky became a card.\n");
    }
    for n in &open {
        let mut tail = Vec::new();
        if let Some(a) = &n.author {
            tail.push(md(a));
        }
        if let Some(v) = n.votes.filter(|v| *v > 0) {
            tail.push(format!("{v} vote{}", if v == 1 { "" } else { "s" }));
        }
        if let Some(s) = n.step {
            tail.push(format!("step {s} {}", step_title(s)));
        }
        let tail = if tail.is_empty() {
            String::new()
        } else {
            format!(" ({})", tail.join(", "))
        };
        let _ = writeln!(out, "- {}{tail}", md(&n.text));
    }
    let converted: Vec<&StickyNote> = canvas
        .layout
        .notes
        .iter()
        .filter(|n| n.became.is_some())
        .collect();
    if !converted.is_empty() {
        out.push_str("\n## Stickies turned into cards\n\n");
        for n in converted {
            let _ = writeln!(
                out,
                "- {} → {}",
                md(&n.text),
                card_label(n.became.as_deref().unwrap_or_default())
            );
        }
    }

    let open_findings: Vec<&Finding> = findings.iter().filter(|f| f.waived.is_none()).collect();
    let count = |s: Severity| open_findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    out.push_str("\n## Open findings\n\n");
    if open_findings.is_empty() {
        out.push_str("None: the canvas meets every standard.\n");
    } else {
        let _ = writeln!(
            out,
            "{errors} errors, {warnings} warnings, {infos} notes.\n"
        );
        let mut sorted = open_findings.clone();
        sorted.sort_by_key(|f| (f.severity, step_of(f.block)));
        for f in sorted {
            let _ = writeln!(
                out,
                "- **{}** {} (`{}`, step {} {})",
                f.severity.as_str(),
                md(&f.message),
                f.rule_id,
                step_of(f.block),
                step_title(step_of(f.block))
            );
        }
    }

    out.push_str("\n## Next steps\n\n");
    let mut next = Vec::new();
    if !open.is_empty() {
        next.push(format!(
            "Turn the {} remaining stickies into cards, or drop them.",
            open.len()
        ));
    }
    if !w.parking_lot.is_empty() {
        next.push(format!(
            "Answer the {} parked questions.",
            w.parking_lot.len()
        ));
    }
    if errors > 0 {
        next.push(format!(
            "Fix the {errors} errors: export refuses a canvas with errors."
        ));
    }
    if warnings > 0 {
        next.push(format!("Fix or waive the {warnings} warnings."));
    }
    next.push(format!(
        "Export the manifests: `meshcanvas export {}.canvas.json`, or Export in the studio.",
        p.id
    ));
    for (i, n) in next.iter().enumerate() {
        let _ = writeln!(out, "{}. {n}", i + 1);
    }
    out
}

/// A new canvas for a workshop: blank, or with an archetype's example
/// stickies, one or two per step, that the facilitator deletes or keeps;
/// the workshop started at `now`.
#[must_use]
pub fn template(
    id: &str,
    name: &str,
    domain: &str,
    archetype: Option<crate::model::Archetype>,
    now: DateTime<Utc>,
) -> Canvas {
    use crate::model::Archetype;
    let mut c = Canvas::skeleton(id, name, domain);
    c.layout.workshop = Some(Workshop::start(now));
    let Some(archetype) = archetype else {
        return c;
    };
    c.product.archetype = archetype;
    let examples: &[(u32, &str)] = match archetype {
        Archetype::SourceAligned => &[
            (2, "Orders as they happen, for everyone who needs them"),
            (3, "Finance: daily revenue by region"),
            (4, "Orders table: one row per order"),
            (4, "Fresh within 1 hour"),
            (6, "Order service database: change data capture"),
            (8, "Every order has a customer"),
            (9, "Order: a customer's confirmed purchase"),
        ],
        Archetype::Aggregate => &[
            (2, "One view of the customer across channels"),
            (3, "Marketing: segment customers by lifetime value"),
            (4, "Customer 360 table"),
            (6, "Orders product, orders port"),
            (6, "CRM product, contacts port"),
            (7, "Match customers across sources"),
            (9, "Customer: a person or company that has bought once"),
        ],
        Archetype::ConsumerAligned => &[
            (2, "Churn risk for the retention team"),
            (3, "Retention team: call customers likely to leave"),
            (4, "Churn scores: one row per customer per week"),
            (4, "Fresh within 1 day"),
            (6, "Customer 360 product"),
            (7, "Weekly scoring job"),
            (9, "Churn: no purchase for 90 days"),
        ],
    };
    c.layout.notes = examples
        .iter()
        .enumerate()
        .map(|(i, (step, text))| {
            // Side by side in the step's first block, below its header.
            let before = examples[..i].iter().filter(|(s, _)| s == step).count();
            let rect = STEP_TABLE[*step as usize - 1].blocks[0].info().rect;
            #[allow(clippy::cast_precision_loss)]
            let x = rect.x + 16.0 + before as f64 * 176.0;
            StickyNote {
                id: format!("example-{}", i + 1),
                text: (*text).to_owned(),
                x,
                y: rect.y + 70.0,
                color: "yellow".to_owned(),
                author: Some("EX".to_owned()),
                step: Some(*step),
                ..StickyNote::default()
            }
        })
        .collect();
    c
}
