import { describe, expect, it } from "vitest";
import { ordersCanvas } from "../test/fixtures";
import { block, BLOCKS, blockOfKind, CARD_H, CARD_W, defaultCardPosition, HEADER } from "./blocks";
import type { Canvas } from "../bindings/Canvas";
import { CARD_KINDS } from "../bindings/tables";
import {
  addCard,
  addNote,
  clearOfHeaders,
  insideBlock,
  NOTE_H,
  NOTE_W,
  cardKey,
  deleteCard,
  freshId,
  IDENTITY_LISTS,
  KINDS,
  idProblem,
  listCards,
  moveCard,
  nodeOfKey,
  parseCardKey,
  posterOf,
  updateCard,
} from "./cards";
import { inheritIdentities } from "./identity";

/** The node id of the card stored under `key`. */
const node = (c: Canvas, key: string) => nodeOfKey(c, key)!;

describe("card keys", () => {
  it("use the same prefixes as card_key in src/model.rs", () => {
    expect(cardKey("outputPort", "orders")).toBe("outputPort:orders");
    expect(cardKey("qualityCheck", "no-dupes")).toBe("qualityCheck:no-dupes");
    expect(cardKey("term", "Order/Line")).toBe("term:Order/Line");
  });
  it("parse back, keeping colons inside the id", () => {
    expect(parseCardKey("term:a:b")).toEqual({ kind: "term", id: "a:b" });
    expect(parseCardKey("note:note-1")).toBeUndefined();
    expect(parseCardKey("block:name")).toBeUndefined();
  });
});

describe("listCards", () => {
  it("places cards without a layout entry in their block, in order", () => {
    const cards = listCards(ordersCanvas());
    const ports = cards.filter((c) => c.kind === "outputPort");
    expect(ports.map((p) => p.key)).toEqual(["outputPort:orders", "outputPort:orders-stream"]);
    const b = block("outputPorts");
    for (const p of ports) {
      expect(p.block).toBe("outputPorts");
      expect(p.x).toBeGreaterThanOrEqual(b.rect.x);
      expect(p.x).toBeLessThan(b.rect.x + b.rect.w);
      expect(p.y).toBeGreaterThanOrEqual(b.rect.y);
    }
    expect(ports[1]!.x).toBeGreaterThan(ports[0]!.x);
  });
  it("uses the layout's position when there is one", () => {
    const c = ordersCanvas();
    c.layout.cards["outputPort:orders"] = { x: 5, y: 7 };
    const p = listCards(c).find((x) => x.key === "outputPort:orders")!;
    expect([p.x, p.y]).toEqual([5, 7]);
  });
});

describe("canvas edits", () => {
  it("addCard picks a fresh id and records its position", () => {
    const c0 = ordersCanvas();
    const { canvas, key, node: added } = addCard(c0, "outputPort");
    expect(node(canvas, key)).toBe(added);
    expect(key).toBe("outputPort:port");
    expect(canvas.outputPorts).toHaveLength(3);
    expect(canvas.layout.cards[key]).toEqual(defaultCardPosition(blockOfKind("outputPort"), 2));
    expect(freshId(canvas, "outputPort")).toBe("port-2");
    expect(c0.outputPorts).toHaveLength(2);
  });
  it("terms get readable fresh names", () => {
    const a = addCard(ordersCanvas(), "term");
    const b = addCard(a.canvas, "term");
    expect([a.key, b.key]).toEqual(["term:New term", "term:New term 2"]);
  });
  it("deleteCard removes the item and its layout entry", () => {
    const c0 = ordersCanvas();
    const c = moveCard(c0, node(c0, "outputPort:orders"), { x: 1, y: 2 });
    const d = deleteCard(c, node(c, "outputPort:orders"));
    expect(d.outputPorts.map((p) => p.id)).toEqual(["orders-stream"]);
    expect(d.layout.cards["outputPort:orders"]).toBeUndefined();
  });
  it("renaming an id keeps the card and moves its layout entry to the new key", () => {
    const c0 = ordersCanvas();
    const n = node(c0, "outputPort:orders");
    const c = moveCard(c0, n, { x: 1300.4, y: 340.6 });
    const port = c.outputPorts[0]!;
    const r = updateCard(c, n, { ...port, id: "orders-v2" });
    expect(r.problem).toBeNull();
    expect(node(r.canvas, "outputPort:orders-v2")).toBe(n);
    expect(r.canvas.layout.cards["outputPort:orders-v2"]).toEqual({ x: 1300, y: 341 });
    expect(r.canvas.layout.cards["outputPort:orders"]).toBeUndefined();
  });
  it("moveCard returns the same canvas when nothing moved", () => {
    const c0 = ordersCanvas();
    const n = node(c0, "policy:gdpr");
    const c = moveCard(c0, n, { x: 900, y: 140 });
    expect(moveCard(c, n, { x: 900.2, y: 139.9 })).toBe(c);
  });
  it("a card dragged out of its block snaps back inside it, below the header", () => {
    const c0 = ordersCanvas();
    const n = node(c0, "policy:gdpr");
    const purpose = posterOf(c0).find((b) => b.id === "purpose")!.rect;
    // Dropped on the Consumers block, to the right, and above the poster.
    const c = moveCard(c0, n, { x: purpose.x + purpose.w + 300, y: -500 });
    const at = c.layout.cards["policy:gdpr"]!;
    expect(at.x + CARD_W).toBeLessThanOrEqual(purpose.x + purpose.w);
    expect(at.x).toBeGreaterThanOrEqual(purpose.x);
    expect(at.y).toBe(purpose.y + HEADER);
    expect(insideBlock({ x: purpose.x + 50, y: purpose.y + 100 }, purpose)).toEqual({
      x: purpose.x + 50,
      y: purpose.y + 100,
    });
  });
});

describe("card identity", () => {
  /** The orders canvas with a second consumer `audit` and a second term `Tier`. */
  function two() {
    let c = ordersCanvas();
    const consumer = addCard(c, "consumer");
    c = updateCard(consumer.canvas, consumer.node, {
      ...consumer.canvas.consumers[1]!,
      id: "audit",
      name: "Audit",
    }).canvas;
    c = updateCard(c, node(c, "term:Order/Line"), {
      ...c.ubiquitousLanguage[0]!,
      term: "Tier",
    }).canvas;
    const term = addCard(c, "term");
    return { canvas: term.canvas, consumer: consumer.node, term: term.node };
  }

  it("an id another card of the kind has is refused, and nothing changes", () => {
    const { canvas, consumer } = two();
    const audit = canvas.consumers[1]!;
    const r = updateCard(canvas, consumer, { ...audit, id: "finance" });
    expect(r.canvas).toBe(canvas);
    expect(r.problem).toBe("Another consumer (“Finance”) already has the id “finance”.");
    expect(idProblem(canvas, consumer, "finance")).toBe(r.problem);
    expect(idProblem(canvas, consumer, "finance-2")).toBeNull();
  });
  it("terms clash ignoring case and surrounding spaces", () => {
    const { canvas, term } = two();
    const item = canvas.ubiquitousLanguage[1]!;
    for (const t of ["Tier", "tier", " TIER "]) {
      const r = updateCard(canvas, term, { ...item, term: t });
      expect(r.canvas).toBe(canvas);
      expect(r.problem).toMatch(/^The term “Tier” is already defined/);
    }
    expect(idProblem(canvas, term, "tier")).toContain("differ in more than case");
    expect(updateCard(canvas, term, { ...item, term: "Tiers" }).problem).toBeNull();
  });
  it("an empty id is refused", () => {
    const { canvas, consumer, term } = two();
    expect(updateCard(canvas, consumer, { ...canvas.consumers[1]!, id: "" }).problem).toBe(
      "A consumer needs an id.",
    );
    expect(idProblem(canvas, term, "  ")).toBe("A term needs a term.");
  });
  it("a card keeps its identity, its place and its other cards' places while its id is retyped", () => {
    const { canvas, consumer } = two();
    const before = listCards(canvas);
    let c = canvas;
    for (const id of ["a", "au", "aud", "audi", "audit-2"])
      c = updateCard(c, consumer, { ...c.consumers[1]!, id }).canvas;
    const after = listCards(c);
    expect(after.map((x) => x.node)).toEqual(before.map((x) => x.node));
    const was = before.find((x) => x.node === consumer)!;
    const is = after.find((x) => x.node === consumer)!;
    expect([is.key, is.x, is.y]).toEqual(["consumer:audit-2", was.x, was.y]);
    expect(
      Object.keys(c.layout.cards)
        .filter((k) => k.startsWith("consumer:"))
        .sort(),
    ).toEqual([
      "consumer:audit-2",
      ...Object.keys(canvas.layout.cards).filter((k) => k === "consumer:finance"),
    ]);
  });
  it("freshId never offers a term that differs only in case", () => {
    let c = ordersCanvas();
    c = { ...c, ubiquitousLanguage: [{ ...c.ubiquitousLanguage[0]!, term: "new TERM" }] };
    expect(freshId(c, "term")).toBe("New term 2");
  });

  describe("two cards with one id, from a file", () => {
    function twins() {
      const c = ordersCanvas();
      const twin = { ...c.consumers[0]!, name: "Audit" };
      const at = { x: 40, y: 50 };
      return {
        ...c,
        consumers: [...c.consumers, twin],
        layout: { ...c.layout, cards: { ...c.layout.cards, "consumer:finance": at } },
      };
    }
    it("are two cards: the first at the stored place, the second in its block's slot", () => {
      const c = twins();
      const [a, b] = listCards(c).filter((x) => x.kind === "consumer");
      expect(a!.node).not.toBe(b!.node);
      expect([a!.owner, a!.x, a!.y]).toEqual([true, 40, 50]);
      expect(b!.owner).toBe(false);
      expect([b!.x, b!.y]).toEqual(Object.values(defaultCardPosition(blockOfKind("consumer"), 1)));
    });
    it("each say so in the inspector, and either can be given an id of its own", () => {
      const c = twins();
      const [a, b] = listCards(c).filter((x) => x.kind === "consumer");
      expect(idProblem(c, a!.node, "finance")).toBe(
        "Another consumer (“Audit”) already has the id “finance”.",
      );
      expect(idProblem(c, b!.node, "finance")).toBe(
        "Another consumer (“Finance”) already has the id “finance”.",
      );
      // The second takes an id of its own; the first keeps its place.
      const r = updateCard(c, b!.node, { ...c.consumers[1]!, id: "audit" });
      expect(r.problem).toBeNull();
      expect(r.canvas.layout.cards["consumer:finance"]).toEqual({ x: 40, y: 50 });
      expect(r.canvas.layout.cards["consumer:audit"]).toEqual({ x: b!.x, y: b!.y });
    });
    it("deleting one keeps the other and the stored place", () => {
      const c = twins();
      const [a] = listCards(c).filter((x) => x.kind === "consumer");
      const d = deleteCard(c, a!.node);
      expect(d.consumers.map((x) => x.name)).toEqual(["Audit"]);
      expect(d.layout.cards["consumer:finance"]).toEqual({ x: 40, y: 50 });
    });
    it("the second cannot be moved onto the first's stored place", () => {
      const c = twins();
      const [, b] = listCards(c).filter((x) => x.kind === "consumer");
      expect(moveCard(c, b!.node, { x: 1, y: 1 })).toBe(c);
    });
  });

  it("a canvas reloaded from the store keeps its cards' identities", () => {
    const c = ordersCanvas();
    const reloaded = structuredClone(c);
    inheritIdentities(c, reloaded, IDENTITY_LISTS);
    expect(listCards(reloaded).map((x) => x.node)).toEqual(listCards(c).map((x) => x.node));
  });
});

describe("notes", () => {
  it("addNote numbers notes", () => {
    const a = addNote(ordersCanvas(), { x: 1, y: 1 });
    const b = addNote(a.canvas, { x: 2, y: 2 });
    expect([a.id, b.id]).toEqual(["note-1", "note-2"]);
    expect(b.canvas.layout.notes).toHaveLength(2);
  });

  it("a new note never covers a block header: it goes just below it", () => {
    const blocks = posterOf(ordersCanvas());
    const purpose = blocks.find((b) => b.id === "purpose")!.rect;
    // Dropped on the Purpose block's title.
    const { canvas } = addNote(ordersCanvas(), { x: purpose.x + 40, y: purpose.y + 10 });
    const note = canvas.layout.notes[0]!;
    expect(note.y).toBeGreaterThanOrEqual(purpose.y + HEADER);
    for (const b of blocks) {
      const overlaps =
        note.x < b.rect.x + b.rect.w &&
        note.x + NOTE_W > b.rect.x &&
        note.y < b.rect.y + HEADER &&
        note.y + NOTE_H > b.rect.y;
      expect(overlaps, `covers the header of ${b.id}`).toBe(false);
    }
    // Inside a block, clear of its header, it stays where it was put.
    const inside = { x: purpose.x + 40, y: purpose.y + 100 };
    expect(clearOfHeaders(inside, blocks)).toEqual(inside);
  });
});

describe("poster", () => {
  it("keeps the printed layout when the cards fit", () => {
    expect(posterOf(ordersCanvas()).map((b) => b.rect)).toEqual(BLOCKS.map((b) => b.rect));
  });
  it("grows a row so every default-placed card stays inside its block", () => {
    let c = ordersCanvas();
    for (let i = 0; i < 7; i++) c = addCard(c, "policy").canvas;
    for (let i = 0; i < 5; i++) c = addCard(c, "qualityCheck").canvas;
    c = { ...c, layout: { ...c.layout, cards: {} } };
    const blocks = posterOf(c);
    for (const card of listCards(c, blocks)) {
      const b = blocks.find((x) => x.id === card.block)!.rect;
      expect(card.x + CARD_W).toBeLessThanOrEqual(b.x + b.w);
      expect(card.y + CARD_H).toBeLessThanOrEqual(b.y + b.h);
    }
    // Rows below move down, blocks never overlap.
    for (const a of blocks)
      for (const b of blocks) {
        if (a === b) continue;
        const apart =
          a.rect.x + a.rect.w <= b.rect.x ||
          b.rect.x + b.rect.w <= a.rect.x ||
          a.rect.y + a.rect.h <= b.rect.y ||
          b.rect.y + b.rect.h <= a.rect.y;
        expect(apart).toBe(true);
      }
  });
});

describe("the core's card-kind table", () => {
  it("names the list each kind's accessors read and the field that names a card", () => {
    const c = ordersCanvas();
    for (const kind of CARD_KINDS) {
      const k = KINDS[kind];
      const atPointer = k.pointer
        .split("/")
        .slice(1)
        .reduce<unknown>((v, t) => (v as Record<string, unknown>)[t], c);
      expect(atPointer, kind).toBe(k.list(c));
      const fresh = k.fresh("x-1") as unknown as Record<string, unknown>;
      expect(fresh[k.idField], kind).toBe("x-1");
      expect(k.id(k.fresh("x-1") as never), kind).toBe("x-1");
    }
  });
});
