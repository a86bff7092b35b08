import { describe, expect, it } from "vitest";
import type { MeshNode } from "../bindings/MeshNode";
import { addObject, replaceObject } from "../logic/objects";
import { addField } from "../logic/schema";
import { ordersCanvas } from "../test/fixtures";
import { productGroups, upstreamFields } from "./UpstreamPicker";

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

describe("upstreamFields", () => {
  it("lists a one-table port's fields by name", () => {
    const port = ordersCanvas().outputPorts[0]!;
    expect(upstreamFields(port)).toEqual({
      fields: [
        { name: "order_id", type: "string" },
        { name: "email", type: "string" },
      ],
      more: 0,
    });
  });
  it("names each field by its table when the port has several, and counts what is left out", () => {
    let port = addObject(ordersCanvas().outputPorts[0]!).port;
    let fields = port.objects[1]!.fields;
    for (let n = 0; n < 3; n++) fields = addField(fields, []).fields;
    port = replaceObject(port, 1, { ...port.objects[1]!, name: "lines", fields });
    const r = upstreamFields(port, 3);
    expect(r.fields.map((f) => f.name)).toEqual([
      "orders.order_id",
      "orders.email",
      "lines.field_1",
    ]);
    expect(r.more).toBe(2);
  });
});
