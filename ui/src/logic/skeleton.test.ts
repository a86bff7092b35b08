import { describe, expect, it } from "vitest";
import { ordersCanvas } from "../test/fixtures";
import { blankCanvas, fromTemplate, slugify } from "./skeleton";

describe("new canvases", () => {
  it("blank matches Canvas::skeleton", () => {
    const c = blankCanvas("a", "A", "d");
    expect(c.formatVersion).toBe(1);
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
  it("slugify makes product ids", () => {
    expect(slugify("  Customer Orders (EU) ")).toBe("customer-orders-eu");
    expect(slugify("Café Crème")).toBe("cafe-creme");
  });
});
