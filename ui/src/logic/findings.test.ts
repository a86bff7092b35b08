import { describe, expect, it } from "vitest";
import type { Canvas } from "../bindings/Canvas";
import { finding, ordersCanvas } from "../test/fixtures";
import { nodeOfKey } from "./cards";
import {
  badgesFor,
  pointerTarget,
  pointerTokens,
  selectionForFinding,
  sortFindings,
} from "./findings";

/** The node id of the card stored under `key`. */
const node = (c: Canvas, key: string) => nodeOfKey(c, key)!;

describe("pointerTarget", () => {
  const c = ordersCanvas();
  it("maps list pointers to the card at that place", () => {
    expect(pointerTarget(c, "/outputPorts/0/schema/1/pii")).toEqual({
      block: "outputPorts",
      card: node(c, "outputPort:orders"),
    });
    expect(pointerTarget(c, "/outputPorts/1")).toEqual({
      block: "outputPorts",
      card: node(c, "outputPort:orders-stream"),
    });
    expect(pointerTarget(c, "/consumers/0/useCase")).toEqual({
      block: "consumers",
      card: node(c, "consumer:finance"),
    });
    expect(pointerTarget(c, "/ubiquitousLanguage/0")).toEqual({
      block: "language",
      card: node(c, "term:Order/Line"),
    });
    expect(pointerTarget(c, "/policies/0/parameters/approver")).toEqual({
      block: "purpose",
      card: node(c, "policy:gdpr"),
    });
  });
  it("maps a list itself or a stale index to the block", () => {
    expect(pointerTarget(c, "/outputPorts")).toEqual({ block: "outputPorts" });
    expect(pointerTarget(c, "/inputPorts/4")).toEqual({ block: "inbound" });
  });
  it("maps the fixed parts of the canvas to their blocks", () => {
    expect(pointerTarget(c, "/domain/team/name").block).toBe("domain");
    expect(pointerTarget(c, "/product/purpose").block).toBe("purpose");
    expect(pointerTarget(c, "/product/archetype").block).toBe("classification");
    expect(pointerTarget(c, "/product/version").block).toBe("name");
    expect(pointerTarget(c, "/metadata/license").block).toBe("metadata");
    expect(pointerTarget(c, "").block).toBe("name");
  });
  it("unescapes RFC 6901 tokens", () => {
    expect(pointerTokens("/a~1b/c~0d")).toEqual(["a/b", "c~d"]);
  });
});

describe("badgesFor", () => {
  it("counts by card and by block, skipping waived findings", () => {
    const c = ordersCanvas();
    const b = badgesFor(c, [
      finding("/outputPorts/0/schema/1/pii", "error"),
      finding("/outputPorts/0/slos", "error"),
      finding("/outputPorts/1/description", "warning"),
      finding("/outputPorts/0/description", "info", true),
      finding("/domain/team/name", "warning"),
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
    const first = pointerTarget(d, "/consumers/0/id").card;
    const second = pointerTarget(d, "/consumers/1/id").card;
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(first).not.toBe(second);
    const b = badgesFor(d, [
      finding("/consumers/0/id", "error"),
      finding("/consumers/1/id", "error"),
      finding("/consumers/1/useCase", "warning"),
    ]);
    expect(b[first!]).toMatchObject({ errors: 1, warnings: 0 });
    expect(b[second!]).toMatchObject({ errors: 1, warnings: 1 });
    expect(b["block:consumers"]).toMatchObject({ errors: 2, warnings: 1 });
  });
});

describe("selectionForFinding", () => {
  it("selects the card, or the block when no card owns the place", () => {
    const c = ordersCanvas();
    expect(selectionForFinding(c, finding("/outputPorts/0/schema/1/pii"))).toBe(
      node(c, "outputPort:orders"),
    );
    expect(selectionForFinding(c, finding("/metadata/license"))).toBe("block:metadata");
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
