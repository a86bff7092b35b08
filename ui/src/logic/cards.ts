// Cards: the list items of a canvas (ports, consumers, terms, ...) as movable
// cards on the board, and the pure canvas edits the board makes to them.
//
// A card is stored under its key `<kind>:<id>`, exactly as `card_key` in
// src/model.rs builds the keys of `layout.cards`, so positions written here
// are the ones the core and the CLI keep; on the board it is named by an
// identity of its own (identity.ts), which typing into its id never changes.
// Every function returns a new canvas and never mutates its input: the undo
// history keeps old canvases.
import type { Canvas } from "../bindings/Canvas";
import type { CardKind } from "../bindings/CardKind";
import type { CardKindInfo } from "../bindings/CardKindInfo";
import type { Consumer } from "../bindings/Consumer";
import type { DesignStep } from "../bindings/DesignStep";
import type { InputPort } from "../bindings/InputPort";
import type { OutputPort } from "../bindings/OutputPort";
import type { Policy } from "../bindings/Policy";
import type { QualityCheck } from "../bindings/QualityCheck";
import type { Term } from "../bindings/Term";
import { CARD_KIND_TABLE, CARD_KINDS } from "../bindings/tables";
import { digestLine, portDigest, type PortDigest } from "./contract";
import { emptyObject, physicalTypeOfKind } from "./objects";
import {
  blockOfKind,
  CARD_H,
  CARD_W,
  defaultCardPosition,
  HEADER,
  poster,
  type BlockDef,
  type BlockId,
} from "./blocks";
import { cardNode, carryIdentity, indexOfNode, kindOfNode, nodesOfList } from "./identity";

export { CARD_KINDS };

export interface CardItemByKind {
  consumer: Consumer;
  outputPort: OutputPort;
  inputPort: InputPort;
  designStep: DesignStep;
  qualityCheck: QualityCheck;
  term: Term;
  policy: Policy;
}

export type CardItem = CardItemByKind[CardKind];

/** A kind's entry in the core's table (label, list pointer, id field, block) and its accessors. */
interface KindAccess<K extends CardKind> extends CardKindInfo {
  kind: K;
  list(c: Canvas): CardItemByKind[K][];
  withList(c: Canvas, list: CardItemByKind[K][]): Canvas;
  id(item: CardItemByKind[K]): string;
  withId(item: CardItemByKind[K], id: string): CardItemByKind[K];
  fresh(id: string): CardItemByKind[K];
  /** The id a new card gets is `<stem>`, `<stem>-2`, ... */
  idStem: string;
}

type Registry = { [K in CardKind]: KindAccess<K> };

export const KINDS: Registry = {
  consumer: {
    ...CARD_KIND_TABLE.consumer,
    list: (c) => c.consumers,
    withList: (c, consumers) => ({ ...c, consumers }),
    id: (x) => x.id,
    withId: (x, id) => ({ ...x, id }),
    fresh: (id) => ({
      id,
      name: "New consumer",
      kind: "team",
      useCase: "",
      needs: "",
      successMetric: "",
      ports: [],
    }),
    idStem: "consumer",
  },
  outputPort: {
    ...CARD_KIND_TABLE.outputPort,
    list: (c) => c.outputPorts,
    withList: (c, outputPorts) => ({ ...c, outputPorts }),
    id: (x) => x.id,
    withId: (x, id) => ({ ...x, id }),
    fresh: (id) => ({
      id,
      name: "New output port",
      kind: "table",
      status: "draft",
      technology: "",
      description: "",
      version: "1.0.0",
      objects: [emptyObject(id, physicalTypeOfKind("table"))],
      usageTerms: "",
      limitations: "",
      slos: [],
    }),
    idStem: "port",
  },
  inputPort: {
    ...CARD_KIND_TABLE.inputPort,
    list: (c) => c.inputPorts,
    withList: (c, inputPorts) => ({ ...c, inputPorts }),
    id: (x) => x.id,
    withId: (x, id) => ({ ...x, id }),
    fresh: (id) => ({
      id,
      name: "New input port",
      source: { kind: "operational", system: "", technology: "" },
      description: "",
      expects: [],
    }),
    idStem: "input",
  },
  designStep: {
    ...CARD_KIND_TABLE.designStep,
    list: (c) => c.design.steps,
    withList: (c, steps) => ({ ...c, design: { ...c.design, steps } }),
    id: (x) => x.id,
    withId: (x, id) => ({ ...x, id }),
    fresh: (id) => ({ id, name: "New step", description: "", technology: "" }),
    idStem: "step",
  },
  qualityCheck: {
    ...CARD_KIND_TABLE.qualityCheck,
    list: (c) => c.observability.qualityChecks,
    withList: (c, qualityChecks) => ({
      ...c,
      observability: { ...c.observability, qualityChecks },
    }),
    id: (x) => x.id,
    withId: (x, id) => ({ ...x, id }),
    fresh: (id) => ({
      id,
      name: "New quality check",
      description: "",
      portId: null,
      field: null,
      dimension: "",
      rule: "",
    }),
    idStem: "check",
  },
  term: {
    ...CARD_KIND_TABLE.term,
    list: (c) => c.ubiquitousLanguage,
    withList: (c, ubiquitousLanguage) => ({ ...c, ubiquitousLanguage }),
    id: (x) => x.term,
    withId: (x, term) => ({ ...x, term }),
    fresh: (term) => ({ term, definition: "", synonyms: [], polysemes: [] }),
    idStem: "New term",
  },
  policy: {
    ...CARD_KIND_TABLE.policy,
    list: (c) => c.policies,
    withList: (c, policies) => ({ ...c, policies }),
    id: (x) => x.id,
    withId: (x, id) => ({ ...x, id }),
    fresh: (id) => ({ id, kind: "access", statement: "", parameters: {} }),
    idStem: "policy",
  },
};

function access<K extends CardKind>(kind: K): KindAccess<K> {
  return KINDS[kind] as KindAccess<K>;
}

/** Whether two ids of cards of `kind` name one card: terms ignoring case and surrounding spaces. */
export function sameId(kind: CardKind, a: string, b: string): boolean {
  return kind === "term" ? a.trim().toLowerCase() === b.trim().toLowerCase() : a === b;
}

export function cardKey(kind: CardKind, id: string): string {
  return `${kind}:${id}`;
}

export interface ParsedKey {
  kind: CardKind;
  id: string;
}

/** Splits a card key; `undefined` for notes, blocks and unknown prefixes. */
export function parseCardKey(key: string): ParsedKey | undefined {
  const colon = key.indexOf(":");
  if (colon < 0) return undefined;
  const kind = key.slice(0, colon) as CardKind;
  if (!CARD_KINDS.includes(kind)) return undefined;
  return { kind, id: key.slice(colon + 1) };
}

export interface CardView {
  /** The card's node id on the board: its identity, whatever its id (see identity.ts). */
  node: string;
  /** Its key in `layout.cards`, from its id. */
  key: string;
  kind: CardKind;
  id: string;
  index: number;
  block: BlockId;
  /**
   * Whether the card's position is the one stored under its key: false for
   * a second card with the same id (from a file; the board never makes
   * one), which sits at its block's grid slot until it gets an id of its own.
   */
  owner: boolean;
  x: number;
  y: number;
}

/** The poster grown to hold this canvas's cards. */
export function posterOf(canvas: Canvas): BlockDef[] {
  const counts: Partial<Record<CardKind, number>> = {};
  for (const kind of CARD_KINDS) counts[kind] = access(kind).list(canvas).length;
  return poster(counts);
}

function cardsOfKind(canvas: Canvas, kind: CardKind, blocks: readonly BlockDef[]): CardView[] {
  const a = access(kind);
  const b = blockOfKind(kind, blocks);
  const list = a.list(canvas) as object[];
  const nodes = nodesOfList(kind, list);
  const keys = new Set<string>();
  return list.map((item, index) => {
    const id = (a.id as (x: object) => string)(item);
    const key = cardKey(kind, id);
    const owner = !keys.has(key);
    keys.add(key);
    const stored = owner ? canvas.layout.cards[key] : undefined;
    const pos = stored ?? defaultCardPosition(b, index);
    return { node: nodes[index]!, key, kind, id, index, block: b.id, owner, x: pos.x, y: pos.y };
  });
}

/** Every card of a canvas with its board position. */
export function listCards(
  canvas: Canvas,
  blocks: readonly BlockDef[] = posterOf(canvas),
): CardView[] {
  return CARD_KINDS.flatMap((kind) => cardsOfKind(canvas, kind, blocks));
}

export interface FoundCard<K extends CardKind = CardKind> {
  kind: K;
  item: CardItemByKind[K];
  card: CardView;
}

/** The card a node id names, if the canvas holds it. */
export function cardOfNode(canvas: Canvas, node: string): FoundCard | undefined {
  const kind = kindOfNode(node);
  if (!kind || !CARD_KINDS.includes(kind)) return undefined;
  const card = cardsOfKind(canvas, kind, posterOf(canvas)).find((c) => c.node === node);
  if (!card) return undefined;
  const item = access(kind).list(canvas)[card.index]!;
  return { kind, item, card };
}

/** The item of the card a node id names (cheaper than `cardOfNode`: no positions). */
export function itemOfNode(canvas: Canvas, node: string): CardItem | undefined {
  const kind = kindOfNode(node);
  if (!kind || !CARD_KINDS.includes(kind)) return undefined;
  const list = access(kind).list(canvas) as object[];
  const index = indexOfNode(kind, list, node);
  return index < 0 ? undefined : (list[index] as CardItem);
}

/** The node id of the card stored under a layout key (the first, if a file repeats its id). */
export function nodeOfKey(canvas: Canvas, key: string): string | undefined {
  const parsed = parseCardKey(key);
  if (!parsed) return undefined;
  const a = access(parsed.kind);
  const item = a.list(canvas).find((x) => a.id(x as never) === parsed.id);
  return item === undefined ? undefined : cardNode(parsed.kind, item);
}

/** An id not yet used by a card of this kind: `stem`, `stem-2`, ... */
export function freshId(canvas: Canvas, kind: CardKind): string {
  const a = access(kind);
  const used = a.list(canvas).map((x) => a.id(x as never));
  const free = (id: string) => !used.some((u) => sameId(kind, u, id));
  const sep = kind === "term" ? " " : "-";
  if (free(a.idStem)) return a.idStem;
  for (let n = 2; ; n++) {
    const id = `${a.idStem}${sep}${n}`;
    if (free(id)) return id;
  }
}

/**
 * Why the card `node` cannot take `id`, in words for the inspector, or null
 * when it can: an id is needed, and no other card of its kind may have it
 * (terms compared ignoring case), exactly as the `card-ids-unique` standard
 * (canvas-schemas/standards/global/card-ids-unique.rego) reports.
 */
export function idProblem(canvas: Canvas, node: string, id: string): string | null {
  const found = cardOfNode(canvas, node);
  if (!found) return null;
  const { kind, card } = found;
  const a = access(kind);
  const noun = a.label.toLowerCase();
  if (id.trim() === "") return `A ${noun} needs ${kind === "term" ? "a term" : "an id"}.`;
  const list = a.list(canvas);
  const other = list.findIndex((x, i) => i !== card.index && sameId(kind, a.id(x as never), id));
  if (other < 0) return null;
  const face = cardFace(kind, list[other]!);
  const name = face.title && face.title !== id ? ` (“${face.title}”)` : "";
  const theirs = a.id(list[other] as never);
  return kind === "term"
    ? `The term “${theirs}” is already defined${theirs === id ? "" : " (terms differ in more than case)"}.`
    : `Another ${noun}${name} already has the id “${theirs}”.`;
}

/**
 * Adds a new card of `kind`, at `at` if given (for example where the user
 * double-clicked), else at the block's next free grid slot.
 */
export function addCard(
  canvas: Canvas,
  kind: CardKind,
  at?: { x: number; y: number },
): { canvas: Canvas; key: string; node: string } {
  const a = access(kind);
  const id = freshId(canvas, kind);
  const list = a.list(canvas);
  const key = cardKey(kind, id);
  const item = a.fresh(id);
  const next = a.withList(canvas, [...list, item]);
  const pos = at ?? defaultCardPosition(blockOfKind(kind, posterOf(next)), list.length);
  return {
    canvas: { ...next, layout: { ...next.layout, cards: { ...next.layout.cards, [key]: pos } } },
    key,
    node: cardNode(kind, item),
  };
}

/** Whether a card other than the one at `index` is stored under `key`. */
function keyUsedElsewhere(canvas: Canvas, kind: CardKind, key: string, index: number): boolean {
  const a = access(kind);
  return a.list(canvas).some((x, i) => i !== index && cardKey(kind, a.id(x as never)) === key);
}

/** Removes a card, and its layout entry unless another card (same id, from a file) uses it. */
export function deleteCard(canvas: Canvas, node: string): Canvas {
  const found = cardOfNode(canvas, node);
  if (!found) return canvas;
  const { kind, card } = found;
  const a = access(kind);
  const next = a.withList(
    canvas,
    a.list(canvas).filter((_, i) => i !== card.index),
  );
  if (keyUsedElsewhere(canvas, kind, card.key, card.index)) return next;
  const cards = { ...next.layout.cards };
  delete cards[card.key];
  return { ...next, layout: { ...next.layout, cards } };
}

/**
 * Records where a card was dropped. A second card with an id already taken
 * has no key of its own to store it under: it stays at its slot.
 */
export function moveCard(canvas: Canvas, node: string, pos: { x: number; y: number }): Canvas {
  const found = cardOfNode(canvas, node);
  if (!found?.card.owner) return canvas;
  const key = found.card.key;
  const { x, y } = insideBlock(pos, blockOfKind(found.kind, posterOf(canvas)).rect);
  const old = canvas.layout.cards[key];
  if (old && old.x === x && old.y === y) return canvas;
  return {
    ...canvas,
    layout: { ...canvas.layout, cards: { ...canvas.layout.cards, [key]: { x, y } } },
  };
}

/**
 * Replaces a card's item; the card keeps its identity. An id that another
 * card of the kind has (or an empty one) is refused: the canvas comes back
 * unchanged with the `problem`, so no edit ever makes two cards one. A valid
 * new id moves the card's layout entry to its new key, so the card stays
 * where it was.
 */
export function updateCard<K extends CardKind>(
  canvas: Canvas,
  node: string,
  item: CardItemByKind[K],
): { canvas: Canvas; problem: string | null } {
  const found = cardOfNode(canvas, node);
  if (!found) return { canvas, problem: null };
  const { kind, card } = found;
  const a = access(kind);
  const newId = a.id(item as never);
  if (newId !== card.id) {
    const problem = idProblem(canvas, node, newId);
    if (problem) return { canvas, problem };
  }
  carryIdentity(found.item, item);
  const nextList = a.list(canvas).slice();
  nextList[card.index] = item as never;
  let next = a.withList(canvas, nextList as never);
  const newKey = cardKey(kind, newId);
  if (newKey !== card.key) {
    const cards = { ...next.layout.cards };
    if (!keyUsedElsewhere(canvas, kind, card.key, card.index)) delete cards[card.key];
    cards[newKey] = { x: card.x, y: card.y };
    next = { ...next, layout: { ...next.layout, cards } };
  }
  return { canvas: next, problem: null };
}

/** The identity-keeping list accessors, for `inheritIdentities`. */
export const IDENTITY_LISTS = CARD_KINDS.map((kind) => ({
  list: (c: Canvas) => access(kind).list(c) as object[],
  id: (x: object) => (access(kind).id as (x: object) => string)(x),
}));

/**
 * A short title and subtitle for a card face; an output port's also has the
 * digest of its contract (tables, fields, servers, quality rules), shown
 * only when not empty, in place of its description.
 */
export function cardFace(
  kind: CardKind,
  item: CardItem,
): {
  title: string;
  sub: string;
  meta: string;
  /** The card title's tooltip: what the face leaves out (an output port's description). */
  tip?: string;
  digest?: PortDigest;
} {
  const found = { item };
  switch (kind) {
    case "consumer": {
      const x = found.item as Consumer;
      return { title: x.name || x.id, sub: x.useCase || x.needs, meta: x.kind };
    }
    case "outputPort": {
      const x = found.item as OutputPort;
      const slos = x.slos.map((s) => s.dimension).join(", ");
      // A deprecated port says first when it goes, or that nobody said.
      const ending =
        x.status === "deprecated"
          ? x.sunset
            ? `sunset ${x.sunset}`
            : "deprecated, no sunset"
          : "";
      const digest = portDigest(x);
      // The digest's two lines take the description's place, which the
      // title's tooltip says: a card keeps the height of its slot.
      const shown = digestLine(digest) !== "";
      return {
        title: x.name || x.id,
        sub: shown ? "" : x.description,
        meta: [ending, x.kind, x.technology, slos].filter(Boolean).join(" · "),
        tip: shown && x.description ? x.description : undefined,
        digest,
      };
    }
    case "inputPort": {
      const x = found.item as InputPort;
      const src =
        x.source.kind === "product"
          ? `${x.source.productId} › ${x.source.portId}`
          : x.source.system || "operational source";
      return { title: x.name || x.id, sub: x.description, meta: src };
    }
    case "designStep": {
      const x = found.item as DesignStep;
      return { title: x.name || x.id, sub: x.description, meta: x.technology };
    }
    case "qualityCheck": {
      const x = found.item as QualityCheck;
      return { title: x.name || x.id, sub: x.rule || x.description, meta: x.dimension };
    }
    case "term": {
      const x = found.item as Term;
      return {
        title: x.term,
        sub: x.definition,
        meta: x.polysemes.length ? `polysemes: ${x.polysemes.join(", ")}` : "",
      };
    }
    case "policy": {
      const x = found.item as Policy;
      return { title: x.id, sub: x.statement, meta: x.kind };
    }
  }
}

/** Room kept between a card and its block's edges. */
const BLOCK_PAD = 8;

/**
 * Where a card dropped at `pos` stays: inside its block, below the header.
 * A card dragged out of its block snaps back to the nearest place in it
 * (its kind says which block it belongs to).
 */
export function insideBlock(
  pos: { x: number; y: number },
  rect: { x: number; y: number; w: number; h: number },
): { x: number; y: number } {
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), Math.max(lo, hi));
  return {
    x: Math.round(clamp(pos.x, rect.x + BLOCK_PAD, rect.x + rect.w - CARD_W - BLOCK_PAD)),
    y: Math.round(clamp(pos.y, rect.y + HEADER, rect.y + rect.h - CARD_H - BLOCK_PAD)),
  };
}

/** A sticky note's size on the board (styles/board.css `.note`). */
export const NOTE_W = 180;
export const NOTE_H = 130;

/**
 * Where a note meant for `at` goes so it covers no block's header: moved
 * down just below any header it would overlap.
 */
export function clearOfHeaders(
  at: { x: number; y: number },
  blocks: readonly BlockDef[],
): { x: number; y: number } {
  let y = at.y;
  // Each move goes below one header; a note is shorter than any block.
  for (let moves = 0; moves <= blocks.length; moves++) {
    const hit = blocks.find(
      (b) =>
        at.x < b.rect.x + b.rect.w &&
        at.x + NOTE_W > b.rect.x &&
        y < b.rect.y + HEADER &&
        y + NOTE_H > b.rect.y,
    );
    if (!hit) break;
    y = hit.rect.y + HEADER + 4;
  }
  return { x: at.x, y };
}

/** Sticky notes: ids `note-1`, `note-2`, ... */
export function addNote(
  canvas: Canvas,
  at: { x: number; y: number },
  color = "yellow",
): { canvas: Canvas; id: string } {
  const used = new Set(canvas.layout.notes.map((n) => n.id));
  let n = canvas.layout.notes.length + 1;
  while (used.has(`note-${n}`)) n++;
  const id = `note-${n}`;
  const place = clearOfHeaders(at, posterOf(canvas));
  const note = { id, text: "", x: Math.round(place.x), y: Math.round(place.y), color };
  return {
    canvas: { ...canvas, layout: { ...canvas.layout, notes: [...canvas.layout.notes, note] } },
    id,
  };
}

export function updateNote(
  canvas: Canvas,
  id: string,
  patch: Partial<{ text: string; x: number; y: number; color: string }>,
): Canvas {
  return {
    ...canvas,
    layout: {
      ...canvas.layout,
      notes: canvas.layout.notes.map((n) => (n.id === id ? { ...n, ...patch } : n)),
    },
  };
}

export function deleteNote(canvas: Canvas, id: string): Canvas {
  return {
    ...canvas,
    layout: { ...canvas.layout, notes: canvas.layout.notes.filter((n) => n.id !== id) },
  };
}
