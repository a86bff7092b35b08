import { describe, expect, it } from "vitest";
import { finding, ordersCanvas } from "../test/fixtures";
import {
  badgesFor,
  pointerTarget,
  pointerTokens,
  selectionForFinding,
  sortFindings,
} from "./findings";

describe("pointerTarget", () => {
  const c = ordersCanvas();
  it("maps list pointers to the card with that id", () => {
    expect(pointerTarget(c, "/outputPorts/0/schema/1/pii")).toEqual({
      block: "outputPorts",
      cardKey: "outputPort:orders",
    });
    expect(pointerTarget(c, "/outputPorts/1")).toEqual({
      block: "outputPorts",
      cardKey: "outputPort:orders-stream",
    });
    expect(pointerTarget(c, "/consumers/0/useCase")).toEqual({
      block: "consumers",
      cardKey: "consumer:finance",
    });
    expect(pointerTarget(c, "/ubiquitousLanguage/0")).toEqual({
      block: "language",
      cardKey: "term:Order/Line",
    });
    expect(pointerTarget(c, "/policies/0/parameters/approver")).toEqual({
      block: "purpose",
      cardKey: "policy:gdpr",
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
    expect(b["outputPort:orders"]).toMatchObject({
      errors: 2,
      warnings: 0,
      infos: 0,
      worst: "error",
    });
    expect(b["outputPort:orders-stream"]).toMatchObject({
      errors: 0,
      warnings: 1,
      worst: "warning",
    });
    expect(b["block:outputPorts"]).toMatchObject({ errors: 2, warnings: 1 });
    expect(b["block:domain"]).toMatchObject({ warnings: 1, worst: "warning" });
    expect(b["block:name"]).toBeUndefined();
  });
});

describe("selectionForFinding", () => {
  it("selects the card, or the block when no card owns the place", () => {
    const c = ordersCanvas();
    expect(selectionForFinding(c, finding("/outputPorts/0/schema/1/pii"))).toBe(
      "outputPort:orders",
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
