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

/** Above this many products the map uses `bandedLayout` instead of dagre. */
export const DAGRE_LIMIT = 300;

/**
 * Positions (top-left corners) for every product. Products in `manual` keep
 * their position; the rest come from dagre for a mesh of workshop size, and
 * from `bandedLayout` for big meshes, where dagre's crossing minimisation
 * takes seconds (11 s for 2,000 products) and the linear layout milliseconds.
 */
export function layoutMesh(
  graph: MeshGraph,
  manual: Readonly<Record<string, Point>> = {},
): Record<string, Point> {
  const auto = graph.nodes.length > DAGRE_LIMIT ? bandedLayout(graph) : dagreLayout(graph);
  const out: Record<string, Point> = {};
  for (const [id, p] of Object.entries(auto)) out[id] = manual[id] ?? p;
  return out;
}

/** Room kept between a product placed by `keepPlaces` and its neighbours. */
const PLACE_GAP = 24;

/**
 * Positions for a mesh that changed while the map knew it: products it
 * showed (`shown`) stay where they were, so adding a product does not
 * reshuffle the domains. A new product goes below its domain's lowest
 * product (at the column a fresh layout gives it), or, in a domain the map
 * has not shown, below everything; then further down until it covers no
 * other product. Positions a person dragged (`manual`) win over both;
 * "Tidy layout" lays everything out afresh.
 */
export function keepPlaces(
  graph: MeshGraph,
  shown: Readonly<Record<string, Point>>,
  manual: Readonly<Record<string, Point>> = {},
): Record<string, Point> {
  const out: Record<string, Point> = {};
  for (const n of graph.nodes) {
    const p = manual[n.productId] ?? shown[n.productId];
    if (p) out[n.productId] = p;
  }
  // Nothing new (the usual reload): no layout to run.
  if (graph.nodes.every((n) => out[n.productId])) return out;
  const fresh = layoutMesh(graph, manual);
  const overlaps = (p: Point) =>
    Object.values(out).some(
      (q) =>
        p.x < q.x + MESH_NODE_W + PLACE_GAP &&
        p.x + MESH_NODE_W + PLACE_GAP > q.x &&
        p.y < q.y + MESH_NODE_H + PLACE_GAP &&
        p.y + MESH_NODE_H + PLACE_GAP > q.y,
    );
  const placed = Object.values(out);
  const bottom = placed.reduce((m, q) => Math.max(m, q.y + MESH_NODE_H), 0);
  for (const n of graph.nodes) {
    if (out[n.productId]) continue;
    const mates = graph.nodes
      .filter((m) => m.domain === n.domain && out[m.productId])
      .map((m) => out[m.productId]!);
    const f = fresh[n.productId] ?? { x: 0, y: 0 };
    // In its domain: the column of a domain mate nearest to where a fresh
    // layout puts it (data still flows left to right).
    const x = mates.length
      ? mates.reduce(
          (best, q) => (Math.abs(q.x - f.x) < Math.abs(best - f.x) ? q.x : best),
          mates[0]!.x,
        )
      : f.x;
    let p = mates.length
      ? { x, y: Math.max(...mates.map((q) => q.y)) + MESH_NODE_H + PLACE_GAP }
      : { x, y: bottom + 4 * PLACE_GAP };
    while (overlaps(p)) p = { x: p.x, y: p.y + MESH_NODE_H + PLACE_GAP };
    out[n.productId] = p;
  }
  return out;
}

/**
 * A linear-time layered layout for big meshes: a product's column is the
 * length of the longest chain of products upstream of it (so data flows left
 * to right), and each domain gets a horizontal band as high as its fullest
 * column, so domains never overlap. Within a band products are ordered by
 * the mean row of what they read, which keeps most edges short.
 */
export function bandedLayout(
  graph: MeshGraph,
  gapX = 110,
  gapY = 16,
  bandGap = 70,
): Record<string, Point> {
  const ids = graph.nodes.map((n) => n.productId);
  const known = new Set(ids);
  const preds = new Map<string, string[]>(ids.map((id) => [id, []]));
  const succs = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of graph.edges) {
    if (
      !e.resolved ||
      !known.has(e.fromProduct) ||
      !known.has(e.toProduct) ||
      e.fromProduct === e.toProduct
    )
      continue;
    preds.get(e.toProduct)!.push(e.fromProduct);
    succs.get(e.fromProduct)!.push(e.toProduct);
  }
  // Longest-path ranks by Kahn's algorithm; products on a cycle keep the rank reached so far.
  const rank = new Map<string, number>(ids.map((id) => [id, 0]));
  const indeg = new Map<string, number>(ids.map((id) => [id, preds.get(id)!.length]));
  const queue = ids.filter((id) => indeg.get(id) === 0);
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i]!;
    for (const m of succs.get(n)!) {
      rank.set(m, Math.max(rank.get(m)!, rank.get(n)! + 1));
      indeg.set(m, indeg.get(m)! - 1);
      if (indeg.get(m) === 0) queue.push(m);
    }
  }
  const domainOf = new Map(graph.nodes.map((n) => [n.productId, n.domain]));
  const nameOf = new Map(graph.nodes.map((n) => [n.productId, n.name]));
  const domains = [...new Set(graph.nodes.map((n) => n.domain))].sort();
  let maxRank = 0;
  for (const r of rank.values()) maxRank = Math.max(maxRank, r);
  // cells[domain][rank] = products, ordered column by column by barycentre.
  const cells = new Map(
    domains.map((d) => [d, Array.from({ length: maxRank + 1 }, () => [] as string[])]),
  );
  for (const id of ids) cells.get(domainOf.get(id)!)![rank.get(id)!]!.push(id);
  const row = new Map<string, number>();
  const bandRows = new Map<string, number>();
  for (const d of domains) {
    let h = 0;
    for (const col of cells.get(d)!) {
      const bary = (id: string) => {
        const ps = preds.get(id)!.filter((p) => domainOf.get(p) === d && row.has(p));
        return ps.length
          ? ps.reduce((a, p) => a + row.get(p)!, 0) / ps.length
          : Number.POSITIVE_INFINITY;
      };
      const keyed = col.map((id) => [id, bary(id)] as const);
      keyed.sort((a, b) => a[1] - b[1] || nameOf.get(a[0])!.localeCompare(nameOf.get(b[0])!));
      keyed.forEach(([id], i) => row.set(id, i));
      h = Math.max(h, col.length);
    }
    bandRows.set(d, h);
  }
  const out: Record<string, Point> = {};
  let y0 = 0;
  for (const d of domains) {
    for (const col of cells.get(d)!) {
      for (const id of col) {
        out[id] = {
          x: rank.get(id)! * (MESH_NODE_W + gapX),
          y: y0 + row.get(id)! * (MESH_NODE_H + gapY),
        };
      }
    }
    y0 += bandRows.get(d)! * (MESH_NODE_H + gapY) + bandGap;
  }
  return out;
}

function dagreLayout(graph: MeshGraph): Record<string, Point> {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
  g.setGraph({
    rankdir: "LR",
    // Room between clusters for the domain frames and their labels.
    nodesep: 56,
    ranksep: 140,
    marginx: 20,
    marginy: 20,
  });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(graph.nodes.map((n) => n.productId));
  const domains = new Set<string>();
  for (const n of graph.nodes) {
    g.setNode(n.productId, { width: MESH_NODE_W, height: MESH_NODE_H });
    const d = `domain:${n.domain}`;
    if (!domains.has(d)) {
      domains.add(d);
      g.setNode(d, {});
    }
    g.setParent(n.productId, d);
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

/** What a port-link edge carries to its renderer. */
export interface PortEdgeData extends Record<string, unknown> {
  /** `fromPort → toPort`, shown as the label and the tooltip. */
  label: string;
  resolved: boolean;
  /** The port read has breaking changes since its product's last release. */
  breaking: boolean;
  /** 0-based index among the links between the same two products, to fan labels out. */
  lane: number;
  /** Whether the label is drawn (the tooltip is always there). */
  showLabel: boolean;
}

/** A port link's edge as React Flow takes it. */
export interface PortEdgeSpec {
  id: string;
  source: string;
  target: string;
  className: string;
  type: "port";
  focusable: boolean;
  data: PortEdgeData;
}

/** Above this many products labels are drawn only on highlighted edges. */
export const LABEL_LIMIT = 400;

/** Height of the placeholder node for an unknown producer. */
export const MISSING_NODE_H = 44;

/** Node id of the placeholder for a producer no canvas defines. */
export const missingId = (productId: string) => `missing:${productId}`;

/** A port link as the map draws it, before any selection colours it. */
export interface PortLink {
  id: string;
  source: string;
  target: string;
  fromProduct: string;
  toProduct: string;
  resolved: boolean;
  /** Releasing the producer now would break this reader (see `MeshEdge.breaking`). */
  breaking: boolean;
  label: string;
  lane: number;
}

/**
 * One link per port link (`fromPort → toPort`), so two products joined by
 * two ports show two edges. A link to an output port that does not exist is
 * kept (`resolved: false`); when the whole producer is unknown it points
 * from a placeholder node (see `missingProducers`).
 */
export function portLinks(graph: MeshGraph): PortLink[] {
  const ids = new Set(graph.nodes.map((n) => n.productId));
  const seen = new Set<string>();
  const lanes = new Map<string, number>();
  const out: PortLink[] = [];
  for (const e of graph.edges) {
    if (!ids.has(e.toProduct)) continue;
    const source = ids.has(e.fromProduct) ? e.fromProduct : missingId(e.fromProduct);
    if (source !== e.fromProduct && e.resolved) continue;
    const id = `${e.fromProduct}:${e.fromPort}->${e.toProduct}:${e.toPort}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const pair = `${source}->${e.toProduct}`;
    const lane = lanes.get(pair) ?? 0;
    lanes.set(pair, lane + 1);
    out.push({
      id,
      source,
      target: e.toProduct,
      fromProduct: e.fromProduct,
      toProduct: e.toProduct,
      resolved: e.resolved,
      breaking: e.breaking,
      label: `${e.fromPort} → ${e.toPort}`,
      lane,
    });
  }
  return out;
}

/**
 * How a link looks with `selected` and its lineage `l`: unresolved links are
 * `edge-unresolved`; links on the lineage `edge-up` / `edge-down`, the rest
 * `edge-dim`. `big`: a mesh over `LABEL_LIMIT` products, which labels only
 * lit and unresolved links.
 */
export function linkLook(
  e: PortLink,
  selected: string | null,
  l: Lineage | null,
  big: boolean,
): { className: string; showLabel: boolean } {
  const cls: string[] = [];
  if (!e.resolved) cls.push("edge-unresolved");
  if (e.breaking) cls.push("edge-breaking");
  let lit = false;
  if (selected && l) {
    const upPath =
      (e.toProduct === selected || l.upstream.has(e.toProduct)) && l.upstream.has(e.fromProduct);
    const downPath =
      (e.fromProduct === selected || l.downstream.has(e.fromProduct)) &&
      l.downstream.has(e.toProduct);
    const touches = e.toProduct === selected || e.fromProduct === selected;
    lit = upPath || downPath || (touches && !e.resolved);
    cls.push(upPath ? "edge-up" : downPath ? "edge-down" : lit ? "" : "edge-dim");
  }
  return {
    className: cls.filter(Boolean).join(" "),
    showLabel: !big || lit || !e.resolved || e.breaking,
  };
}

/**
 * The edges of `links` (`portLinks` of `graph`), coloured for `selected` and
 * its lineage `l` (see `linkLook`). An edge that looks as it did in `prev`
 * (the same links' edges) stays the same object, so React Flow redraws only
 * the edges a new selection changes.
 */
export function portEdges(
  graph: MeshGraph,
  links: readonly PortLink[],
  selected: string | null,
  l: Lineage | null,
  prev: readonly PortEdgeSpec[] | null = null,
): PortEdgeSpec[] {
  const big = graph.nodes.length > LABEL_LIMIT;
  return links.map((k, i) => {
    const { className, showLabel } = linkLook(k, selected, l, big);
    const old = prev?.[i];
    if (old?.id === k.id && old.className === className && old.data.showLabel === showLabel)
      return old;
    return {
      id: k.id,
      source: k.source,
      target: k.target,
      className,
      type: "port",
      focusable: false,
      data: { label: k.label, resolved: k.resolved, breaking: k.breaking, lane: k.lane, showLabel },
    };
  });
}

/**
 * Producers that unresolved links name but no canvas defines, each with a
 * position left of the first product that reads from it, so the broken link
 * has somewhere visible to start.
 */
export function missingProducers(
  graph: MeshGraph,
  pos: Readonly<Record<string, Point>>,
): { productId: string; position: Point }[] {
  const ids = new Set(graph.nodes.map((n) => n.productId));
  const perConsumer = new Map<string, number>();
  const out = new Map<string, Point>();
  for (const e of graph.edges) {
    if (e.resolved || ids.has(e.fromProduct) || out.has(e.fromProduct)) continue;
    const at = pos[e.toProduct];
    if (!at) continue;
    const k = perConsumer.get(e.toProduct) ?? 0;
    perConsumer.set(e.toProduct, k + 1);
    out.set(e.fromProduct, {
      x: at.x - MESH_NODE_W - 80,
      y: at.y + k * (MISSING_NODE_H + 12),
    });
  }
  return [...out].map(([productId, position]) => ({ productId, position }));
}

/** A rectangle on the map (flow coordinates, top-left corner). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Height of a domain group's header strip, where its name is written. */
export const DOMAIN_HEADER_H = 30;

/** Height of an edge label's box; also the step between the labels of parallel links. */
export const EDGE_LABEL_H = 14;

/** The width an edge label's text takes (11 px monospace, with its halo). */
export function edgeLabelWidth(label: string): number {
  return label.length * 6.7 + 8;
}

/** How far a link's control points sit right of its source and left of its target. */
function controlOffset(dx: number): number {
  return dx >= 0 ? 0.5 * dx : 0.25 * 25 * Math.sqrt(-dx);
}

/**
 * A point of the curve the map draws for a link: xyflow's bezier from a
 * source handle on the right of a node to a target handle on the left
 * (curvature 0.25, as `getBezierPath`), at `t` from 0 (source) to 1.
 */
export function bezierPoint(s: Point, e: Point, t: number): Point {
  const off = controlOffset(e.x - s.x);
  const c1x = s.x + off;
  const c2x = e.x - off;
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const f = t * t * t;
  return { x: a * s.x + b * c1x + c * c2x + f * e.x, y: (a + b) * s.y + (c + f) * e.y };
}

/** Where along a link its label is tried: the middle first, then outwards. */
const LABEL_TS = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74];

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * The centre of a link's label: the middle of its curve (shifted down by
 * `dy` for parallel links), or the point nearest the middle where a `w`×`h`
 * label clears every obstacle (domain headers, products); the middle when
 * no point does.
 */
export function labelPosition(
  s: Point,
  e: Point,
  w: number,
  h: number,
  dy: number,
  obstacles: readonly Box[],
): Point {
  let first: Point | null = null;
  for (const t of LABEL_TS) {
    const p = bezierPoint(s, e, t);
    const at = { x: p.x, y: p.y + dy };
    first ??= at;
    const box = { x: at.x - w / 2, y: at.y - h / 2, w, h };
    if (!obstacles.some((o) => overlaps(box, o))) return at;
  }
  return first!;
}

/**
 * What edge labels keep clear of: every domain group's header strip, and on
 * a mesh small enough to label every link (`LABEL_LIMIT`), every product.
 */
export function labelObstacles(
  graph: MeshGraph,
  pos: Readonly<Record<string, Point>>,
  groups: ReadonlyMap<string, Box>,
): Box[] {
  const out: Box[] = [];
  for (const g of groups.values()) out.push({ x: g.x, y: g.y, w: g.w, h: DOMAIN_HEADER_H });
  if (graph.nodes.length <= LABEL_LIMIT)
    for (const n of graph.nodes) {
      const p = pos[n.productId];
      if (p) out.push({ x: p.x, y: p.y, w: MESH_NODE_W, h: MESH_NODE_H });
    }
  return out;
}

/** The box around `boxes` (which must not be empty). */
export function unionBox(boxes: readonly Box[]): Box {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.w);
    y1 = Math.max(y1, b.y + b.h);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** `b` grown by `pad` on every side, its corner and size whole pixels. */
export function padBox(b: Box, pad: number): Box {
  const x = Math.floor(b.x - pad);
  const y = Math.floor(b.y - pad);
  return { x, y, w: Math.ceil(b.x + b.w + pad) - x, h: Math.ceil(b.y + b.h + pad) - y };
}

/**
 * The box a link's curve (`bezierPoint`) stays inside: a cubic bezier lies
 * within the hull of its end and control points.
 */
export function curveBox(s: Point, e: Point): Box {
  const off = controlOffset(e.x - s.x);
  const x0 = Math.min(s.x, e.x, e.x - off);
  const x1 = Math.max(s.x, e.x, s.x + off);
  return { x: x0, y: Math.min(s.y, e.y), w: x1 - x0, h: Math.abs(e.y - s.y) };
}
