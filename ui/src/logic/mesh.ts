// The mesh map's logic: automatic layout that keeps manual moves, domain
// colours, and the upstream/downstream walk used for highlighting.
//
// Layout uses dagre (left to right, like the canvas: sources on the left,
// consumers on the right) on a graph clustered by domain, so each domain's
// products stay together. Positions a person dragged are kept and override
// the automatic ones; only "reset layout" forgets them.
import dagre from "@dagrejs/dagre";
import type { MeshEdge } from "../bindings/MeshEdge";
import type { MeshGraph } from "../bindings/MeshGraph";

export const MESH_NODE_W = 232;
export const MESH_NODE_H = 76;

export type Point = { x: number; y: number };

/**
 * Positions (top-left corners) for every product. Products in `manual` keep
 * their position; the rest come from dagre.
 */
export function layoutMesh(
  graph: MeshGraph,
  manual: Readonly<Record<string, Point>> = {},
): Record<string, Point> {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
  const big = graph.nodes.length > 400;
  g.setGraph({
    rankdir: "LR",
    // Room between clusters for the domain frames and their labels.
    nodesep: big ? 18 : 56,
    ranksep: big ? 90 : 140,
    marginx: 20,
    marginy: 20,
    // The network-simplex ranker is the slow part on big meshes; the
    // longest-path ranker is linear and good enough at that size.
    ranker: big ? "longest-path" : "network-simplex",
  });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(graph.nodes.map((n) => n.productId));
  const domains = new Set<string>();
  for (const n of graph.nodes) {
    g.setNode(n.productId, { width: MESH_NODE_W, height: MESH_NODE_H });
    if (!big) {
      const d = `domain:${n.domain}`;
      if (!domains.has(d)) {
        domains.add(d);
        g.setNode(d, {});
      }
      g.setParent(n.productId, d);
    }
  }
  for (const e of graph.edges) {
    if (
      e.resolved &&
      ids.has(e.fromProduct) &&
      ids.has(e.toProduct) &&
      e.fromProduct !== e.toProduct
    ) {
      g.setEdge(e.fromProduct, e.toProduct);
    }
  }
  dagre.layout(g);
  const out: Record<string, Point> = {};
  for (const n of graph.nodes) {
    const m = manual[n.productId];
    if (m) {
      out[n.productId] = m;
      continue;
    }
    const p = g.node(n.productId) as { x: number; y: number } | undefined;
    out[n.productId] = p ? { x: p.x - MESH_NODE_W / 2, y: p.y - MESH_NODE_H / 2 } : { x: 0, y: 0 };
  }
  return out;
}

export interface Lineage {
  upstream: Set<string>;
  downstream: Set<string>;
}

/** Everything `id` reads from (transitively) and everything that reads from it. */
export function lineage(edges: readonly MeshEdge[], id: string): Lineage {
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  for (const e of edges) {
    if (!e.resolved) continue;
    (up.get(e.toProduct) ?? up.set(e.toProduct, []).get(e.toProduct)!).push(e.fromProduct);
    (down.get(e.fromProduct) ?? down.set(e.fromProduct, []).get(e.fromProduct)!).push(e.toProduct);
  }
  const walk = (start: string, next: Map<string, string[]>) => {
    const seen = new Set<string>();
    const stack = [...(next.get(start) ?? [])];
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n) || n === start) continue;
      seen.add(n);
      stack.push(...(next.get(n) ?? []));
    }
    return seen;
  };
  return { upstream: walk(id, up), downstream: walk(id, down) };
}

export type Highlight = "selected" | "upstream" | "downstream" | "dim" | "";

export function highlightOf(id: string, selected: string | null, l: Lineage | null): Highlight {
  if (!selected || !l) return "";
  if (id === selected) return "selected";
  if (l.upstream.has(id)) return "upstream";
  if (l.downstream.has(id)) return "downstream";
  return "dim";
}

// Twelve hues that stay apart in light and dark themes and for the common
// colour-vision deficiencies (after the Okabe–Ito and Tableau palettes).
const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#e15759",
  "#76b7b2",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#0072b2",
  "#d55e00",
  "#009e73",
];

/** A stable colour per domain: domains sorted by name take palette slots in turn. */
export function domainColors(domains: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(domains)].sort();
  return new Map(sorted.map((d, i) => [d, PALETTE[i % PALETTE.length]!]));
}

/** Bounding boxes of each domain's products, for the group backgrounds. */
export function domainBounds(
  graph: MeshGraph,
  pos: Readonly<Record<string, Point>>,
  pad = 16,
): Map<string, { x: number; y: number; w: number; h: number }> {
  const acc = new Map<string, { x0: number; y0: number; x1: number; y1: number }>();
  for (const n of graph.nodes) {
    const p = pos[n.productId];
    if (!p) continue;
    const b = acc.get(n.domain);
    const x1 = p.x + MESH_NODE_W;
    const y1 = p.y + MESH_NODE_H;
    if (!b) acc.set(n.domain, { x0: p.x, y0: p.y, x1, y1 });
    else {
      b.x0 = Math.min(b.x0, p.x);
      b.y0 = Math.min(b.y0, p.y);
      b.x1 = Math.max(b.x1, x1);
      b.y1 = Math.max(b.y1, y1);
    }
  }
  const out = new Map<string, { x: number; y: number; w: number; h: number }>();
  for (const [d, b] of acc) {
    out.set(d, {
      x: b.x0 - pad,
      y: b.y0 - pad - 22,
      w: b.x1 - b.x0 + 2 * pad,
      h: b.y1 - b.y0 + 2 * pad + 22,
    });
  }
  return out;
}
