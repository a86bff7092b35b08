import { describe, expect, it } from "vitest";
import { ordersCanvas } from "../test/fixtures";
import { block, BLOCKS, blockOfKind, CARD_H, CARD_W, defaultCardPosition } from "./blocks";
import {
  addCard,
  addNote,
  cardKey,
  deleteCard,
  freshId,
  listCards,
  moveCard,
  parseCardKey,
  posterOf,
  updateCard,
} from "./cards";

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
    const { canvas, key } = addCard(c0, "outputPort");
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
    const c = moveCard(ordersCanvas(), "outputPort:orders", { x: 1, y: 2 });
    const d = deleteCard(c, "outputPort:orders");
    expect(d.outputPorts.map((p) => p.id)).toEqual(["orders-stream"]);
    expect(d.layout.cards["outputPort:orders"]).toBeUndefined();
  });
  it("renaming an id moves the layout entry to the new key", () => {
    const c = moveCard(ordersCanvas(), "outputPort:orders", { x: 100.4, y: 200.6 });
    const port = c.outputPorts[0]!;
    const r = updateCard(c, "outputPort", "orders", { ...port, id: "orders-v2" });
    expect(r.key).toBe("outputPort:orders-v2");
    expect(r.canvas.layout.cards["outputPort:orders-v2"]).toEqual({ x: 100, y: 201 });
    expect(r.canvas.layout.cards["outputPort:orders"]).toBeUndefined();
  });
  it("moveCard returns the same canvas when nothing moved", () => {
    const c = moveCard(ordersCanvas(), "policy:gdpr", { x: 3, y: 4 });
    expect(moveCard(c, "policy:gdpr", { x: 3.2, y: 3.9 })).toBe(c);
  });
  it("addNote numbers notes", () => {
    const a = addNote(ordersCanvas(), { x: 1, y: 1 });
    const b = addNote(a.canvas, { x: 2, y: 2 });
    expect([a.id, b.id]).toEqual(["note-1", "note-2"]);
    expect(b.canvas.layout.notes).toHaveLength(2);
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
