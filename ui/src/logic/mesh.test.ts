import { describe, expect, it } from "vitest";
import type { MeshGraph } from "../bindings/MeshGraph";
import type { MeshNode } from "../bindings/MeshNode";
import {
  bandedLayout,
  DAGRE_LIMIT,
  domainBounds,
  domainColors,
  highlightOf,
  layoutMesh,
  lineage,
  MESH_NODE_W,
} from "./mesh";

function node(id: string, domain: string): MeshNode {
  return {
    productId: id,
    name: id,
    domain,
    status: "active",
    archetype: "aggregate",
    outputPorts: ["p"],
    findings: { errors: 0, warnings: 0, infos: 0, waived: 0 },
  };
}
const edge = (from: string, to: string, resolved = true) => ({
  fromProduct: from,
  fromPort: "p",
  toProduct: to,
  toPort: "i",
  resolved,
});

// crm → customers → churn → campaigns ; orders → churn ; ghost (unresolved) → campaigns
const graph: MeshGraph = {
  nodes: [
    node("crm", "sales"),
    node("customers", "sales"),
    node("orders", "sales"),
    node("churn", "marketing"),
    node("campaigns", "marketing"),
    node("island", "finance"),
  ],
  edges: [
    edge("crm", "customers"),
    edge("customers", "churn"),
    edge("orders", "churn"),
    edge("churn", "campaigns"),
    edge("ghost", "campaigns", false),
  ],
};

describe("lineage", () => {
  it("walks upstream and downstream transitively", () => {
    const l = lineage(graph.edges, "churn");
    expect([...l.upstream].sort()).toEqual(["crm", "customers", "orders"]);
    expect([...l.downstream]).toEqual(["campaigns"]);
  });
  it("ignores unresolved references and survives cycles", () => {
    expect(lineage(graph.edges, "campaigns").upstream.has("ghost")).toBe(false);
    const l = lineage([edge("a", "b"), edge("b", "a")], "a");
    expect([...l.upstream]).toEqual(["b"]);
    expect([...l.downstream]).toEqual(["b"]);
  });
  it("classifies every node for highlighting", () => {
    const l = lineage(graph.edges, "churn");
    expect(highlightOf("churn", "churn", l)).toBe("selected");
    expect(highlightOf("crm", "churn", l)).toBe("upstream");
    expect(highlightOf("campaigns", "churn", l)).toBe("downstream");
    expect(highlightOf("island", "churn", l)).toBe("dim");
    expect(highlightOf("island", null, null)).toBe("");
  });
});

describe("layoutMesh", () => {
  it("lays data flow out left to right", () => {
    const pos = layoutMesh(graph);
    expect(pos.crm!.x).toBeLessThan(pos.customers!.x);
    expect(pos.customers!.x).toBeLessThan(pos.churn!.x);
    expect(pos.churn!.x).toBeLessThan(pos.campaigns!.x);
    expect(Object.keys(pos).sort()).toEqual(graph.nodes.map((n) => n.productId).sort());
  });
  it("keeps manually moved products where they were put", () => {
    const pos = layoutMesh(graph, { churn: { x: -500, y: 900 } });
    expect(pos.churn).toEqual({ x: -500, y: 900 });
    expect(pos.crm!.x).toBeLessThan(pos.campaigns!.x);
  });
  it("does not overlap products", () => {
    const pos = Object.values(layoutMesh(graph));
    for (let i = 0; i < pos.length; i++)
      for (let j = i + 1; j < pos.length; j++) {
        const a = pos[i]!;
        const b = pos[j]!;
        const apart = Math.abs(a.x - b.x) >= MESH_NODE_W || Math.abs(a.y - b.y) >= 76;
        expect(apart).toBe(true);
      }
  });
});

describe("domains", () => {
  it("get stable colours by name", () => {
    const a = domainColors(["sales", "marketing", "finance"]);
    const b = domainColors(["finance", "sales", "marketing", "sales"]);
    expect([...a]).toEqual([...b]);
    expect(new Set(a.values()).size).toBe(3);
  });
  it("bounds enclose their products", () => {
    const pos = layoutMesh(graph);
    const bounds = domainBounds(graph, pos);
    for (const n of graph.nodes) {
      const b = bounds.get(n.domain)!;
      const p = pos[n.productId]!;
      expect(p.x).toBeGreaterThan(b.x);
      expect(p.x + MESH_NODE_W).toBeLessThan(b.x + b.w);
    }
  });
});

describe("bandedLayout (big meshes)", () => {
  it("flows left to right and gives each domain its own band", async () => {
    const { syntheticMesh } = await import("./bench");
    const g = syntheticMesh(600, 3);
    const pos = bandedLayout(g);
    for (const e of g.edges) expect(pos[e.fromProduct]!.x).toBeLessThan(pos[e.toProduct]!.x);
    const bounds = domainBounds(g, pos, 0);
    const boxes = [...bounds.values()];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        expect(a.y + a.h <= b.y || b.y + b.h <= a.y).toBe(true);
      }
  });
  it("is what layoutMesh uses above the dagre limit, keeping manual moves", async () => {
    const { syntheticMesh } = await import("./bench");
    const g = syntheticMesh(DAGRE_LIMIT + 1, 5);
    const pos = layoutMesh(g, { "product-0001": { x: 1, y: 2 } });
    expect(pos["product-0001"]).toEqual({ x: 1, y: 2 });
    expect(pos["product-0002"]).toEqual(bandedLayout(g)["product-0002"]);
  });
});
