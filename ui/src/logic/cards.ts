// Cards: the list items of a canvas (ports, consumers, terms, ...) as movable
// cards on the board, and the pure canvas edits the board makes to them.
//
// A card is identified by its key `<kind>:<id>`, exactly as `card_key` in
// src/model.rs builds the keys of `layout.cards`, so positions written here
// are the ones the core and the CLI keep. Every function returns a new
// canvas and never mutates its input: the undo history keeps old canvases.
import type { Canvas } from "../bindings/Canvas";
import type { CardKind } from "../bindings/CardKind";
import type { Consumer } from "../bindings/Consumer";
import type { DesignStep } from "../bindings/DesignStep";
import type { InputPort } from "../bindings/InputPort";
import type { OutputPort } from "../bindings/OutputPort";
import type { Policy } from "../bindings/Policy";
import type { QualityCheck } from "../bindings/QualityCheck";
import type { Term } from "../bindings/Term";
import { blockOfKind, defaultCardPosition, poster, type BlockDef, type BlockId } from "./blocks";

export const CARD_KINDS: readonly CardKind[] = [
  "consumer",
  "outputPort",
  "inputPort",
  "designStep",
  "qualityCheck",
  "term",
  "policy",
];

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

interface KindAccess<K extends CardKind> {
  label: string;
  /** JSON pointer of the list in the canvas. */
  pointer: string;
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
    label: "Consumer",
    pointer: "/consumers",
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
    label: "Output port",
    pointer: "/outputPorts",
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
      location: "",
      description: "",
      version: "1.0.0",
      schema: [],
      usageTerms: "",
      limitations: "",
      slos: [],
    }),
    idStem: "port",
  },
  inputPort: {
    label: "Input port",
    pointer: "/inputPorts",
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
    label: "Design step",
    pointer: "/design/steps",
    list: (c) => c.design.steps,
    withList: (c, steps) => ({ ...c, design: { ...c.design, steps } }),
    id: (x) => x.id,
    withId: (x, id) => ({ ...x, id }),
    fresh: (id) => ({ id, name: "New step", description: "", technology: "" }),
    idStem: "step",
  },
  qualityCheck: {
    label: "Quality check",
    pointer: "/observability/qualityChecks",
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
    label: "Term",
    pointer: "/ubiquitousLanguage",
    list: (c) => c.ubiquitousLanguage,
    withList: (c, ubiquitousLanguage) => ({ ...c, ubiquitousLanguage }),
    id: (x) => x.term,
    withId: (x, term) => ({ ...x, term }),
    fresh: (term) => ({ term, definition: "", synonyms: [], polysemes: [] }),
    idStem: "New term",
  },
  policy: {
    label: "Policy",
    pointer: "/policies",
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
  key: string;
  kind: CardKind;
  id: string;
  index: number;
  block: BlockId;
  x: number;
  y: number;
}

/** The poster grown to hold this canvas's cards. */
export function posterOf(canvas: Canvas): BlockDef[] {
  const counts: Partial<Record<CardKind, number>> = {};
  for (const kind of CARD_KINDS) counts[kind] = access(kind).list(canvas).length;
  return poster(counts);
}

/** Every card of a canvas with its board position. */
export function listCards(
  canvas: Canvas,
  blocks: readonly BlockDef[] = posterOf(canvas),
): CardView[] {
  const out: CardView[] = [];
  for (const kind of CARD_KINDS) {
    const a = access(kind);
    const b = blockOfKind(kind, blocks);
    a.list(canvas).forEach((item, index) => {
      const id = a.id(item as never);
      const key = cardKey(kind, id);
      const pos = canvas.layout.cards[key] ?? defaultCardPosition(b, index);
      out.push({ key, kind, id, index, block: b.id, x: pos.x, y: pos.y });
    });
  }
  return out;
}

export function findCard<K extends CardKind>(
  canvas: Canvas,
  kind: K,
  id: string,
): { item: CardItemByKind[K]; index: number } | undefined {
  const a = access(kind);
  const list = a.list(canvas);
  const index = list.findIndex((x) => a.id(x) === id);
  const item = list[index];
  return item === undefined ? undefined : { item, index };
}

/** An id not yet used by a card of this kind: `stem`, `stem-2`, ... */
export function freshId(canvas: Canvas, kind: CardKind): string {
  const a = access(kind);
  const used = new Set(a.list(canvas).map((x) => a.id(x as never)));
  const sep = kind === "term" ? " " : "-";
  if (!used.has(a.idStem)) return a.idStem;
  for (let n = 2; ; n++) {
    const id = `${a.idStem}${sep}${n}`;
    if (!used.has(id)) return id;
  }
}

/**
 * Adds a new card of `kind`, at `at` if given (for example where the user
 * double-clicked), else at the block's next free grid slot.
 */
export function addCard(
  canvas: Canvas,
  kind: CardKind,
  at?: { x: number; y: number },
): { canvas: Canvas; key: string } {
  const a = access(kind);
  const id = freshId(canvas, kind);
  const list = a.list(canvas);
  const key = cardKey(kind, id);
  const next = a.withList(canvas, [...list, a.fresh(id)]);
  const pos = at ?? defaultCardPosition(blockOfKind(kind, posterOf(next)), list.length);
  return {
    canvas: { ...next, layout: { ...next.layout, cards: { ...next.layout.cards, [key]: pos } } },
    key,
  };
}

/** Removes a card and its layout entry. */
export function deleteCard(canvas: Canvas, key: string): Canvas {
  const parsed = parseCardKey(key);
  if (!parsed) return canvas;
  const a = access(parsed.kind);
  const list = a.list(canvas);
  const next = a.withList(
    canvas,
    list.filter((x) => a.id(x) !== parsed.id),
  );
  const cards = { ...next.layout.cards };
  delete cards[key];
  return { ...next, layout: { ...next.layout, cards } };
}

/** Records where a card was dropped. */
export function moveCard(canvas: Canvas, key: string, pos: { x: number; y: number }): Canvas {
  const x = Math.round(pos.x);
  const y = Math.round(pos.y);
  const old = canvas.layout.cards[key];
  if (old && old.x === x && old.y === y) return canvas;
  return {
    ...canvas,
    layout: { ...canvas.layout, cards: { ...canvas.layout.cards, [key]: { x, y } } },
  };
}

/**
 * Replaces a card's item. When the edit changes the item's id, the layout
 * entry moves to the new key (so the card stays where it was) and the new
 * key is returned.
 */
export function updateCard<K extends CardKind>(
  canvas: Canvas,
  kind: K,
  id: string,
  item: CardItemByKind[K],
): { canvas: Canvas; key: string } {
  const a = access(kind);
  const list = a.list(canvas);
  const index = list.findIndex((x) => a.id(x) === id);
  const oldKey = cardKey(kind, id);
  if (index < 0) return { canvas, key: oldKey };
  const newId = a.id(item);
  const nextList = list.slice();
  nextList[index] = item;
  let next = a.withList(canvas, nextList);
  const newKey = cardKey(kind, newId);
  if (newKey !== oldKey) {
    const cards = { ...next.layout.cards };
    const pos = cards[oldKey] ?? defaultCardPosition(blockOfKind(kind, posterOf(canvas)), index);
    delete cards[oldKey];
    cards[newKey] = pos;
    next = { ...next, layout: { ...next.layout, cards } };
  }
  return { canvas: next, key: newKey };
}

/** A short title and subtitle for a card face. */
export function cardFace(
  kind: CardKind,
  item: CardItem,
): { title: string; sub: string; meta: string } {
  const found = { item };
  switch (kind) {
    case "consumer": {
      const x = found.item as Consumer;
      return { title: x.name || x.id, sub: x.useCase || x.needs, meta: x.kind };
    }
    case "outputPort": {
      const x = found.item as OutputPort;
      const slos = x.slos.map((s) => s.dimension).join(", ");
      return {
        title: x.name || x.id,
        sub: x.description,
        meta: [x.kind, x.technology, `${x.schema.length} fields`, slos].filter(Boolean).join(" · "),
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
  const note = { id, text: "", x: Math.round(at.x), y: Math.round(at.y), color };
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
