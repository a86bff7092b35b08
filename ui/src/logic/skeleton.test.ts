import { describe, expect, it } from "vitest";
import { ordersCanvas } from "../test/fixtures";
import { BLANK_CANVAS, CANVAS_SCHEMA_REF } from "../bindings/tables";
import fromName from "../../../tests/fixtures/product-id-from-name.json";
import { blankCanvas, fromTemplate, isSlug, slugify } from "./skeleton";

describe("new canvases", () => {
  it("blank matches Canvas::skeleton", () => {
    const c = blankCanvas("a", "A", "d");
    expect(c.formatVersion).toBe(2);
    expect(c.$schema).toBe(CANVAS_SCHEMA_REF);
    expect(c.product).toMatchObject({ id: "a", name: "A", version: "0.1.0", status: "draft" });
    expect(c.domain.name).toBe("d");
  });
  it("a template copy takes the new identity, drops waivers and shares nothing", () => {
    const t = {
      ...ordersCanvas(),
      waivers: [{ ruleId: "r", pointer: "", reason: "x", approver: null, expires: null }],
    };
    const c = fromTemplate(t, "b", "B", "e");
    expect(c.product).toMatchObject({ id: "b", name: "B", status: "draft", version: "0.1.0" });
    expect(c.domain.name).toBe("e");
    expect(c.waivers).toEqual([]);
    expect(c.outputPorts).toEqual(t.outputPorts);
    c.outputPorts[0]!.name = "changed";
    expect(t.outputPorts[0]!.name).toBe("Orders table");
  });
  it("a blank canvas is a copy: filling one in leaves the next blank", () => {
    const c = blankCanvas("a", "A", "d");
    c.product.tags.push("x");
    c.layout.cards["term:x"] = { x: 1, y: 2 };
    const next = blankCanvas("b", "B", "e");
    expect(next.product.tags).toEqual([]);
    expect(next.layout.cards).toEqual({});
    expect(BLANK_CANVAS.product.id).toBe("");
  });
  it("suggests the id the core makes from a name (the shared cases)", () => {
    expect(fromName.length).toBeGreaterThan(5);
    for (const [name, id] of fromName as [string, string | null][]) {
      expect(slugify(name), name).toBe(id ?? "");
    }
  });
  it("checks ids with the core's pattern", () => {
    for (const ok of ["orders", "customer-orders", "a1", "2024-sales"])
      expect(isSlug(ok)).toBe(true);
    for (const bad of ["", "Orders", "my orders", "-orders", "orders-", "a--b", "çà"])
      expect(isSlug(bad), bad).toBe(false);
  });
});
