//! Where a place in a canvas shows on the board: where each list of cards
//! sits in the canvas and which block holds it, which block shows each of
//! the other parts, and so the block and card a finding's JSON pointer falls
//! in.
//!
//! Findings carry both ([`crate::wire::Finding`]), computed here once, so
//! the app badges and selects the card a finding is about without reading
//! pointers itself, and the CLI's JSON report names them too.

use crate::model::{Canvas, CardKind};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::wire::{Block, CardKindInfo, CardRef};

impl CardKind {
    /// Every kind of card, in the order the board lists them.
    pub const ALL: [Self; 7] = [
        Self::Consumer,
        Self::OutputPort,
        Self::InputPort,
        Self::DesignStep,
        Self::QualityCheck,
        Self::Term,
        Self::Policy,
    ];

    /// The JSON pointer tokens of this kind's list in a canvas.
    #[must_use]
    pub fn list_tokens(self) -> &'static [&'static str] {
        match self {
            Self::Consumer => &["consumers"],
            Self::OutputPort => &["outputPorts"],
            Self::InputPort => &["inputPorts"],
            Self::DesignStep => &["design", "steps"],
            Self::QualityCheck => &["observability", "qualityChecks"],
            Self::Term => &["ubiquitousLanguage"],
            Self::Policy => &["policies"],
        }
    }

    /// The block that holds cards of this kind.
    /// The kind's name as people read it, e.g. `Output port`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Consumer => "Consumer",
            Self::OutputPort => "Output port",
            Self::InputPort => "Input port",
            Self::DesignStep => "Design step",
            Self::QualityCheck => "Quality check",
            Self::Term => "Term",
            Self::Policy => "Policy",
        }
    }

    /// The field of an item that names its card: a term is named by the
    /// term itself, everything else by its `id`.
    #[must_use]
    pub fn id_field(self) -> &'static str {
        match self {
            Self::Term => "term",
            _ => "id",
        }
    }

    /// Everything the board needs about this kind, for the UI's table.
    #[must_use]
    pub fn info(self) -> CardKindInfo {
        CardKindInfo {
            kind: self,
            label: self.label().to_owned(),
            pointer: self.list_tokens().iter().fold(String::new(), |mut p, t| {
                p.push('/');
                p.push_str(t);
                p
            }),
            id_field: self.id_field().to_owned(),
            block: self.block(),
        }
    }

    #[must_use]
    pub fn block(self) -> Block {
        match self {
            Self::Consumer => Block::Consumers,
            Self::OutputPort => Block::OutputPorts,
            Self::InputPort => Block::Inbound,
            Self::DesignStep => Block::Design,
            Self::QualityCheck => Block::Observability,
            Self::Term => Block::Language,
            Self::Policy => Block::Purpose,
        }
    }

    /// The id of the card at `index` of this kind's list (a term's term).
    #[must_use]
    pub fn id_at(self, c: &Canvas, index: usize) -> Option<&str> {
        match self {
            Self::Consumer => c.consumers.get(index).map(|x| x.id.as_str()),
            Self::OutputPort => c.output_ports.get(index).map(|x| x.id.as_str()),
            Self::InputPort => c.input_ports.get(index).map(|x| x.id.as_str()),
            Self::DesignStep => c.design.steps.get(index).map(|x| x.id.as_str()),
            Self::QualityCheck => c
                .observability
                .quality_checks
                .get(index)
                .map(|x| x.id.as_str()),
            Self::Term => c.ubiquitous_language.get(index).map(|x| x.term.as_str()),
            Self::Policy => c.policies.get(index).map(|x| x.id.as_str()),
        }
    }
}

/// Where a block sits on the printed canvas, in board units (pixels at
/// zoom 1): the board's default layout and the poster's.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// What the board and the poster know about a block: its number on the
/// printed canvas (the order a workshop fills it in; the Name block, the
/// poster's title, is filled in with the purpose at step 2), its title, its
/// hint and where it sits.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BlockInfo {
    pub block: Block,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub step: Option<u32>,
    pub title: String,
    pub hint: String,
    pub rect: Rect,
}

/// The width and height of the printed canvas, in board units.
pub const BOARD_SIZE: (f64, f64) = (1848.0, 1062.0);

impl Block {
    /// Every block, in the order the board draws them.
    pub const ALL: [Self; 11] = [
        Self::Name,
        Self::Domain,
        Self::Purpose,
        Self::Consumers,
        Self::Inbound,
        Self::Design,
        Self::OutputPorts,
        Self::Metadata,
        Self::Observability,
        Self::Classification,
        Self::Language,
    ];

    #[must_use]
    pub fn info(self) -> BlockInfo {
        let (step, title, hint, (x, y, w, h)) = match self {
            Self::Name => (
                None,
                "Name · date",
                "Id, version, lifecycle status",
                (0.0, 0.0, 400.0, 250.0),
            ),
            Self::Domain => (
                Some(1),
                "Domain",
                "Owning domain and team; who answers, who fixes",
                (416.0, 0.0, 400.0, 250.0),
            ),
            Self::Purpose => (
                Some(2),
                "Purpose · key rules & policies",
                "Why the product exists; the policies that bind it",
                (832.0, 0.0, 480.0, 250.0),
            ),
            Self::Consumers => (
                Some(3),
                "Consumers & use cases",
                "Who uses it, for what decision; use cases as hypotheses",
                (1328.0, 0.0, 520.0, 250.0),
            ),
            Self::Inbound => (
                Some(6),
                "Inbound · input ports",
                "Operational sources and other data products",
                (0.0, 266.0, 420.0, 560.0),
            ),
            Self::Design => (
                Some(7),
                "Data product design",
                "Ingestion, storage, wrangling, serving: the product on a conceptual level",
                (436.0, 266.0, 760.0, 560.0),
            ),
            Self::OutputPorts => (
                Some(4),
                "Outbound · output ports",
                "What the product serves: schema, usage terms, SLOs",
                (1212.0, 266.0, 636.0, 276.0),
            ),
            Self::Metadata => (
                Some(5),
                "Metadata",
                "Ownership, licence, semantics, security / PII",
                (1212.0, 558.0, 636.0, 100.0),
            ),
            Self::Observability => (
                Some(8),
                "Observability",
                "Quality checks, operational metrics, SLO alarm thresholds",
                (1212.0, 674.0, 636.0, 152.0),
            ),
            Self::Classification => (
                Some(10),
                "Classification",
                "Archetype: source-aligned, aggregate or consumer-aligned",
                (0.0, 842.0, 560.0, 220.0),
            ),
            Self::Language => (
                Some(9),
                "Ubiquitous language · polysemes",
                "The domain's terms and what they mean here",
                (576.0, 842.0, 1272.0, 220.0),
            ),
        };
        BlockInfo {
            block: self,
            step,
            title: title.to_owned(),
            hint: hint.to_owned(),
            rect: Rect { x, y, w, h },
        }
    }
}

/// The block that shows the place `pointer` names in canvas `c`, and the
/// card holding it when the pointer goes into a card of a list that has one
/// at that index. A list itself, or an index past its end, is its block's.
/// What no block names (the root, `$schema`, the layout, extensions) is the
/// Name block's, the poster's title.
#[must_use]
pub fn place(c: &Canvas, pointer: &str) -> (Block, Option<CardRef>) {
    // Tokens are compared unescaped of `~0` and `~1` as they stand: those
    // stand for `~` and `/`, which no key compared here holds, and an index
    // holds neither.
    let tokens: Vec<&str> = match pointer.strip_prefix('/') {
        Some(rest) => rest.split('/').collect(),
        None => Vec::new(),
    };
    for kind in CardKind::ALL {
        let list = kind.list_tokens();
        if tokens.starts_with(list) {
            let card = tokens
                .get(list.len())
                .and_then(|t| t.parse::<usize>().ok())
                .and_then(|index| {
                    Some(CardRef {
                        kind,
                        id: kind.id_at(c, index)?.to_owned(),
                        index: u32::try_from(index).ok()?,
                    })
                });
            return (kind.block(), card);
        }
    }
    let block = match tokens.as_slice() {
        ["domain", ..] => Block::Domain,
        ["product", "archetype", ..] => Block::Classification,
        ["product", "purpose", ..] | ["waivers", ..] => Block::Purpose,
        ["metadata", ..] => Block::Metadata,
        ["design", ..] => Block::Design,
        ["observability", ..] => Block::Observability,
        _ => Block::Name,
    };
    (block, None)
}

#[cfg(test)]
mod tests {
    use super::place;
    use crate::model::{Canvas, CardKind, Consumer, OutputPort, Policy, Term};
    use crate::wire::{Block, CardRef};

    /// A canvas with two output ports, a consumer, a term with a slash and
    /// a policy.
    fn orders() -> Canvas {
        let mut c = Canvas::skeleton("orders", "Orders", "sales");
        for id in ["orders", "orders-stream"] {
            c.output_ports.push(OutputPort {
                id: id.to_owned(),
                ..OutputPort::default()
            });
        }
        c.consumers.push(Consumer {
            id: "finance".to_owned(),
            ..Consumer::default()
        });
        c.ubiquitous_language.push(Term {
            term: "Order/Line".to_owned(),
            ..Term::default()
        });
        c.policies.push(Policy {
            id: "gdpr".to_owned(),
            ..Policy::default()
        });
        c
    }

    fn card(kind: CardKind, id: &str, index: u32) -> CardRef {
        CardRef {
            kind,
            id: id.to_owned(),
            index,
        }
    }

    #[test]
    fn a_pointer_into_a_list_item_names_its_card_and_block() {
        let c = orders();
        assert_eq!(
            place(&c, "/outputPorts/0/objects/0/fields/1/pii"),
            (
                Block::OutputPorts,
                Some(card(CardKind::OutputPort, "orders", 0))
            )
        );
        assert_eq!(
            place(&c, "/outputPorts/1"),
            (
                Block::OutputPorts,
                Some(card(CardKind::OutputPort, "orders-stream", 1))
            )
        );
        assert_eq!(
            place(&c, "/consumers/0/useCase"),
            (
                Block::Consumers,
                Some(card(CardKind::Consumer, "finance", 0))
            )
        );
        assert_eq!(
            place(&c, "/ubiquitousLanguage/0"),
            (Block::Language, Some(card(CardKind::Term, "Order/Line", 0)))
        );
        assert_eq!(
            place(&c, "/policies/0/parameters/a~1b"),
            (Block::Purpose, Some(card(CardKind::Policy, "gdpr", 0)))
        );
    }

    #[test]
    fn a_list_itself_or_an_index_past_its_end_is_the_block() {
        let c = orders();
        assert_eq!(place(&c, "/outputPorts"), (Block::OutputPorts, None));
        assert_eq!(place(&c, "/inputPorts/4"), (Block::Inbound, None));
        assert_eq!(place(&c, "/design/steps/0"), (Block::Design, None));
        assert_eq!(
            place(&c, "/observability/qualityChecks/x"),
            (Block::Observability, None)
        );
    }

    #[test]
    fn the_fixed_parts_of_the_canvas_are_their_blocks() {
        let c = orders();
        for (pointer, block) in [
            ("/domain/team/name", Block::Domain),
            ("/product/purpose", Block::Purpose),
            ("/product/archetype", Block::Classification),
            ("/product/version", Block::Name),
            ("/metadata/license", Block::Metadata),
            ("/design/technology", Block::Design),
            ("/observability/metrics/0", Block::Observability),
            ("/waivers/0/reason", Block::Purpose),
            ("/layout/cards", Block::Name),
            ("", Block::Name),
            ("product/purpose", Block::Name),
        ] {
            assert_eq!(place(&c, pointer), (block, None), "{pointer}");
        }
    }

    #[test]
    fn two_cards_with_one_id_are_told_apart_by_their_index() {
        let mut c = orders();
        c.consumers.push(c.consumers[0].clone());
        assert_eq!(
            place(&c, "/consumers/1/id").1,
            Some(card(CardKind::Consumer, "finance", 1))
        );
        assert_ne!(place(&c, "/consumers/0/id"), place(&c, "/consumers/1/id"));
    }

    #[test]
    fn block_names_are_the_boards() {
        let names: Vec<String> = [
            Block::Name,
            Block::OutputPorts,
            Block::Inbound,
            Block::Language,
        ]
        .iter()
        .map(|b| serde_json::to_string(b).expect("serializes"))
        .collect();
        assert_eq!(
            names,
            ["\"name\"", "\"outputPorts\"", "\"inbound\"", "\"language\""]
        );
    }
}
