import { describe, expect, it } from "vitest";
import type { MeshGraph } from "../bindings/MeshGraph";
import type { MeshNode } from "../bindings/MeshNode";
import {
  bandedLayout,
  bezierPoint,
  DAGRE_LIMIT,
  LABEL_LIMIT,
  DOMAIN_HEADER_H,
  curveBox,
  padBox,
  unionBox,
  labelObstacles,
  labelPosition,
  domainBounds,
  domainColors,
  highlightOf,
  keepPlaces,
  layoutMesh,
  lineage,
  MESH_NODE_H,
  MESH_NODE_W,
  missingId,
  missingProducers,
  portEdges,
  portLinks,
  type Lineage,
  type Point,
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
    breakingPorts: [],
  };
}
const edge = (from: string, to: string, resolved = true) => ({
  fromProduct: from,
  fromPort: "p",
  toProduct: to,
  toPort: "i",
  resolved,
  breaking: false,
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

/** The map's edges for `g`, coloured for `selected`. */
const edgesOf = (g: MeshGraph, selected: string | null = null, l: Lineage | null = null) =>
  portEdges(g, portLinks(g), selected, l);

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

describe("port edges", () => {
  const link = (from: string, fp: string, to: string, tp: string, resolved = true) => ({
    fromProduct: from,
    fromPort: fp,
    toProduct: to,
    toPort: tp,
    resolved,
    breaking: false,
  });

  it("draws one labelled edge per port link, fanning out links between the same products", () => {
    const g: MeshGraph = {
      nodes: [node("orders", "sales"), node("churn", "marketing")],
      edges: [
        link("orders", "daily", "churn", "orders_in"),
        link("orders", "lines", "churn", "lines_in"),
        link("orders", "lines", "churn", "lines_in"),
      ],
    };
    const es = edgesOf(g);
    expect(es.map((e) => e.id)).toEqual([
      "orders:daily->churn:orders_in",
      "orders:lines->churn:lines_in",
    ]);
    expect(es.map((e) => e.data.label)).toEqual(["daily → orders_in", "lines → lines_in"]);
    expect(es.map((e) => e.data.lane)).toEqual([0, 1]);
    expect(es.every((e) => e.source === "orders" && e.target === "churn")).toBe(true);
    expect(es.every((e) => e.className === "" && e.data.showLabel)).toBe(true);
  });

  it("keeps unresolved links, from a placeholder when the producer is unknown", () => {
    const g: MeshGraph = {
      nodes: [node("orders", "sales"), node("churn", "marketing")],
      edges: [link("orders", "gone", "churn", "a", false), link("ghost", "p", "churn", "b", false)],
    };
    const es = edgesOf(g);
    expect(es).toHaveLength(2);
    expect(es[0]).toMatchObject({ source: "orders", className: "edge-unresolved" });
    expect(es[1]).toMatchObject({ source: missingId("ghost"), className: "edge-unresolved" });
    expect(es[1]?.data.resolved).toBe(false);
  });

  it("marks a link whose port breaks since its release, and always labels it", () => {
    const g: MeshGraph = {
      nodes: Array.from({ length: LABEL_LIMIT + 1 }, (_, i) => node(`p${String(i)}`, "sales")),
      edges: [
        { ...link("p0", "orders", "p1", "in"), breaking: true },
        link("p0", "lines", "p2", "in"),
      ],
    };
    const es = edgesOf(g);
    expect(es[0]).toMatchObject({ className: "edge-breaking" });
    expect(es[0]?.data).toMatchObject({ breaking: true, showLabel: true });
    // A big mesh labels only what stands out.
    expect(es[1]).toMatchObject({ className: "" });
    expect(es[1]?.data.showLabel).toBe(false);
  });

  it("skips resolved links whose products are not on the map", () => {
    const g: MeshGraph = { nodes: [node("a", "d")], edges: [link("x", "p", "a", "i")] };
    expect(edgesOf(g)).toEqual([]);
  });

  it("marks the selection's lineage and dims the rest", () => {
    const l = lineage(graph.edges, "churn");
    const byId = new Map(edgesOf(graph, "churn", l).map((e) => [e.source + ">" + e.target, e]));
    expect(byId.get("crm>customers")?.className).toBe("edge-up");
    expect(byId.get("churn>campaigns")?.className).toBe("edge-down");
    expect(byId.get(`${missingId("ghost")}>campaigns`)?.className).toBe("edge-unresolved edge-dim");
  });

  it("labels only highlighted or broken edges on big meshes", () => {
    const nodes = Array.from({ length: 401 }, (_, i) => node(`p${i}`, "d"));
    const g: MeshGraph = {
      nodes,
      edges: [
        link("p0", "o", "p1", "i"),
        link("p1", "o", "p2", "i"),
        link("zz", "o", "p3", "i", false),
      ],
    };
    expect(edgesOf(g).map((e) => e.data.showLabel)).toEqual([false, false, true]);
    const l = lineage(g.edges, "p1");
    expect(edgesOf(g, "p1", l).map((e) => e.data.showLabel)).toEqual([true, true, true]);
  });

  it("places one placeholder per unknown producer left of its first consumer", () => {
    const pos = { campaigns: { x: 1000, y: 200 } };
    const g: MeshGraph = {
      nodes: graph.nodes,
      edges: [
        ...graph.edges,
        link("ghost", "q", "campaigns", "j", false),
        link("ghost2", "q", "campaigns", "k", false),
      ],
    };
    const m = missingProducers(g, pos);
    expect(m.map((x) => x.productId)).toEqual(["ghost", "ghost2"]);
    expect(m[0]?.position.x).toBeLessThan(1000 - MESH_NODE_W);
    expect(m[1]?.position.y).toBeGreaterThan(m[0]?.position.y ?? Infinity);
  });
});

describe("edge labels", () => {
  const s = { x: 0, y: 0 };
  const e = { x: 400, y: 200 };

  it("follow the curve React Flow draws: its ends and its middle", () => {
    expect(bezierPoint(s, e, 0)).toEqual(s);
    expect(bezierPoint(s, e, 1)).toEqual(e);
    expect(bezierPoint(s, e, 0.5)).toEqual({ x: 200, y: 100 });
    // Backwards links bend out of the source to the right first.
    expect(bezierPoint({ x: 400, y: 0 }, { x: 0, y: 0 }, 0.1).x).toBeGreaterThan(400);
  });

  it("sit at the middle when nothing is in the way, shifted for parallel links", () => {
    expect(labelPosition(s, e, 100, 14, 0, [])).toEqual({ x: 200, y: 100 });
    expect(labelPosition(s, e, 100, 14, 28, [])).toEqual({ x: 200, y: 128 });
  });

  it("move along the curve off a domain header or a product in the way", () => {
    const header = { x: 100, y: 80, w: 200, h: DOMAIN_HEADER_H };
    const at = labelPosition(s, e, 100, 14, 0, [header]);
    const box = { x: at.x - 50, y: at.y - 7, w: 100, h: 14 };
    const clear =
      box.x + box.w <= header.x ||
      header.x + header.w <= box.x ||
      box.y + box.h <= header.y ||
      header.y + header.h <= box.y;
    expect(clear).toBe(true);
    expect(at).not.toEqual({ x: 200, y: 100 });
  });

  it("stay at the middle when every place along the curve is covered", () => {
    const everything = { x: -1000, y: -1000, w: 3000, h: 3000 };
    expect(labelPosition(s, e, 100, 14, 0, [everything])).toEqual({ x: 200, y: 100 });
  });

  it("avoid every domain's header strip, and the products of a small mesh", () => {
    const g: MeshGraph = { nodes: [node("a", "sales"), node("b", "finance")], edges: [] };
    const pos = { a: { x: 0, y: 0 }, b: { x: 500, y: 0 } };
    const boxes = labelObstacles(g, pos, domainBounds(g, pos));
    const headers = boxes.filter((b) => b.h === DOMAIN_HEADER_H);
    expect(headers).toHaveLength(2);
    for (const [, b] of domainBounds(g, pos))
      expect(headers).toContainEqual({ x: b.x, y: b.y, w: b.w, h: DOMAIN_HEADER_H });
    expect(boxes).toContainEqual({ x: 500, y: 0, w: MESH_NODE_W, h: MESH_NODE_H });
  });
});

describe("curve box", () => {
  const inside = (b: { x: number; y: number; w: number; h: number }, p: Point) =>
    p.x >= b.x - 1e-9 && p.x <= b.x + b.w + 1e-9 && p.y >= b.y - 1e-9 && p.y <= b.y + b.h + 1e-9;

  it("holds every point of a forward and of a backward link", () => {
    for (const [s, e] of [
      [
        { x: 0, y: 0 },
        { x: 400, y: 300 },
      ],
      [
        { x: 900, y: 50 },
        { x: 100, y: -200 },
      ],
    ] as [Point, Point][]) {
      const b = curveBox(s, e);
      for (let i = 0; i <= 100; i++) expect(inside(b, bezierPoint(s, e, i / 100))).toBe(true);
    }
  });

  it("reaches past both ends of a backward link, where its curve loops out", () => {
    const b = curveBox({ x: 900, y: 0 }, { x: 100, y: 0 });
    expect(b.x).toBeLessThan(100);
    expect(b.x + b.w).toBeGreaterThan(900);
  });

  it("grows a box to whole pixels around it", () => {
    expect(padBox({ x: 10.5, y: -3.2, w: 4, h: 2 }, 4)).toEqual({ x: 6, y: -8, w: 13, h: 11 });
  });

  it("joins boxes into the one around them", () => {
    expect(
      unionBox([
        { x: 0, y: 10, w: 5, h: 5 },
        { x: -3, y: 12, w: 2, h: 20 },
      ]),
    ).toEqual({ x: -3, y: 10, w: 8, h: 22 });
  });
});

describe("keepPlaces", () => {
  const graph = (nodes: MeshNode[], edges: ReturnType<typeof edge>[] = []): MeshGraph =>
    ({ nodes, edges }) as unknown as MeshGraph;
  const base = [node("a", "sales"), node("b", "sales"), node("c", "finance"), node("d", "finance")];
  const links = [edge("a", "c"), edge("b", "d")];

  it("keeps every product shown where it was, and puts the new one in its domain, clear of all", () => {
    const shown = layoutMesh(graph(base, links));
    const grown = graph([...base, node("e", "sales")], [...links, edge("e", "c")]);
    const pos = keepPlaces(grown, shown);
    for (const id of ["a", "b", "c", "d"]) expect(pos[id]).toEqual(shown[id]);
    const e = pos.e!;
    for (const id of ["a", "b", "c", "d"]) {
      const q = pos[id]!;
      const apart =
        e.x + MESH_NODE_W <= q.x ||
        q.x + MESH_NODE_W <= e.x ||
        e.y + MESH_NODE_H <= q.y ||
        q.y + MESH_NODE_H <= e.y;
      expect(apart, `e covers ${id}`).toBe(true);
    }
    // In a column of its own domain.
    expect([shown.a!.x, shown.b!.x]).toContain(e.x);
  });

  it("a product of a new domain goes below everything", () => {
    const shown = layoutMesh(graph(base, links));
    const pos = keepPlaces(graph([...base, node("x", "marketing")], links), shown);
    const lowest = Math.max(...["a", "b", "c", "d"].map((id) => shown[id]!.y + MESH_NODE_H));
    expect(pos.x!.y).toBeGreaterThan(lowest);
  });

  it("positions a person dragged win", () => {
    const shown = layoutMesh(graph(base, links));
    const pos = keepPlaces(graph(base, links), shown, { a: { x: -500, y: -500 } });
    expect(pos.a).toEqual({ x: -500, y: -500 });
  });
});
