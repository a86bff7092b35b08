import { describe, expect, it } from "vitest";
import type { Canvas } from "../bindings/Canvas";
import type { CardKind } from "../bindings/CardKind";
import type { Finding } from "../bindings/Finding";
import { finding, ON_ORDERS_PORT, ordersCanvas } from "../test/fixtures";
import { nodeOfKey } from "./cards";
import { badgesFor, findingTarget, selectionForFinding, sortFindings } from "./findings";

/** The node id of the card stored under `key`. */
const node = (c: Canvas, key: string) => nodeOfKey(c, key)!;

/** Where the core places a finding on a card. */
const onCard = (
  block: Finding["block"],
  kind: CardKind,
  id: string,
  index: number,
): Pick<Finding, "block" | "card"> => ({ block, card: { kind, id, index } });

/** Where the core places a finding outside any card. */
const onBlock = (block: Finding["block"]): Pick<Finding, "block" | "card"> => ({
  block,
  card: null,
});

const ORDERS = ON_ORDERS_PORT;
const ORDERS_STREAM = onCard("outputPorts", "outputPort", "orders-stream", 1);

describe("findingTarget", () => {
  const c = ordersCanvas();
  it("names the card the finding is on by its node on the board", () => {
    expect(
      findingTarget(c, finding("/outputPorts/0/objects/0/fields/1/pii", "error", false, ORDERS)),
    ).toEqual({ block: "outputPorts", card: node(c, "outputPort:orders") });
    expect(findingTarget(c, finding("/outputPorts/1", "error", false, ORDERS_STREAM))).toEqual({
      block: "outputPorts",
      card: node(c, "outputPort:orders-stream"),
    });
    const term = onCard("language", "term", "Order/Line", 0);
    expect(findingTarget(c, finding("/ubiquitousLanguage/0", "error", false, term))).toEqual({
      block: "language",
      card: node(c, "term:Order/Line"),
    });
  });
  it("falls back to the block when the canvas no longer holds the card", () => {
    const gone = onCard("inbound", "inputPort", "crm", 4);
    expect(findingTarget(c, finding("/inputPorts/4", "error", false, gone))).toEqual({
      block: "inbound",
    });
  });
  it("is the block for a finding on no card", () => {
    expect(
      findingTarget(c, finding("/metadata/license", "error", false, onBlock("metadata"))),
    ).toEqual({ block: "metadata" });
  });
});

describe("badgesFor", () => {
  it("counts by card and by block, skipping waived findings", () => {
    const c = ordersCanvas();
    const b = badgesFor(c, [
      finding("/outputPorts/0/objects/0/fields/1/pii", "error", false, ORDERS),
      finding("/outputPorts/0/slos", "error", false, ORDERS),
      finding("/outputPorts/1/description", "warning", false, ORDERS_STREAM),
      finding("/outputPorts/0/description", "info", true, ORDERS),
      finding("/domain/team/name", "warning", false, onBlock("domain")),
    ]);
    expect(b[node(c, "outputPort:orders")]).toMatchObject({
      errors: 2,
      warnings: 0,
      infos: 0,
      worst: "error",
    });
    expect(b[node(c, "outputPort:orders-stream")]).toMatchObject({
      errors: 0,
      warnings: 1,
      worst: "warning",
    });
    expect(b["block:outputPorts"]).toMatchObject({ errors: 2, warnings: 1 });
    expect(b["block:domain"]).toMatchObject({ warnings: 1, worst: "warning" });
    expect(b["block:name"]).toBeUndefined();
  });
});

describe("two cards with one id (a file edited by hand)", () => {
  it("each get the findings that point at them", () => {
    const c = ordersCanvas();
    const twin = { ...c.consumers[0]!, name: "Audit" };
    const d = { ...c, consumers: [...c.consumers, twin] };
    const at = (index: number) => onCard("consumers", "consumer", "finance", index);
    const first = findingTarget(d, finding("/consumers/0/id", "error", false, at(0))).card;
    const second = findingTarget(d, finding("/consumers/1/id", "error", false, at(1))).card;
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(first).not.toBe(second);
    const b = badgesFor(d, [
      finding("/consumers/0/id", "error", false, at(0)),
      finding("/consumers/1/id", "error", false, at(1)),
      finding("/consumers/1/useCase", "warning", false, at(1)),
    ]);
    expect(b[first!]).toMatchObject({ errors: 1, warnings: 0 });
    expect(b[second!]).toMatchObject({ errors: 1, warnings: 1 });
    expect(b["block:consumers"]).toMatchObject({ errors: 2, warnings: 1 });
  });
});

describe("selectionForFinding", () => {
  it("selects the card, or the block when no card owns the place", () => {
    const c = ordersCanvas();
    expect(
      selectionForFinding(
        c,
        finding("/outputPorts/0/objects/0/fields/1/pii", "error", false, ORDERS),
      ),
    ).toBe(node(c, "outputPort:orders"));
    expect(
      selectionForFinding(c, finding("/metadata/license", "error", false, onBlock("metadata"))),
    ).toBe("block:metadata");
  });
});

describe("sortFindings", () => {
  it("puts unwaived errors first, waived last", () => {
    const s = sortFindings([
      finding("/b", "info"),
      finding("/a", "error", true),
      finding("/c", "warning"),
      finding("/d", "error"),
    ]);
    expect(s.map((f) => f.pointer)).toEqual(["/d", "/c", "/b", "/a"]);
  });
});
