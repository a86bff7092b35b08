import { describe, expect, it } from "vitest";
import type { MeshNode } from "../bindings/MeshNode";
import { productGroups } from "./UpstreamPicker";

function node(productId: string, name: string, domain: string): MeshNode {
  return {
    productId,
    name,
    domain,
    status: "active",
    archetype: "source-aligned",
    outputPorts: [productId],
    findings: { errors: 0, warnings: 0, infos: 0, waived: 0 },
    breakingPorts: [],
  } as MeshNode;
}

const nodes = [
  node("orders", "Orders", "sales"),
  node("returns", "Returns", "sales"),
  node("daily-revenue", "Daily revenue", "finance"),
  node("stock-levels", "Stock levels", "inventory"),
];

describe("productGroups", () => {
  it("groups the other products by domain, sorted, without the canvas itself", () => {
    expect(
      productGroups(nodes, "", "daily-revenue").map(([d, l]) => [d, l.map((n) => n.productId)]),
    ).toEqual([
      ["inventory", ["stock-levels"]],
      ["sales", ["orders", "returns"]],
    ]);
  });
  it("finds by name, id or domain, whatever the case", () => {
    const ids = (q: string) =>
      productGroups(nodes, q, "").flatMap(([, l]) => l.map((n) => n.productId));
    expect(ids("RETURN")).toEqual(["returns"]);
    expect(ids("stock-")).toEqual(["stock-levels"]);
    expect(ids("Finance")).toEqual(["daily-revenue"]);
    expect(ids("nothing like it")).toEqual([]);
  });
});
