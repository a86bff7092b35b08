// The mesh map's store: product nodes laid out by `layoutMesh`, domain group
// backgrounds, edges, and the selection with its upstream/downstream
// highlight. Product nodes read only their own highlight from here.
import {
  applyNodeChanges,
  type Edge,
  type Node,
  type NodeChange,
  type NodePositionChange,
} from "@xyflow/react";
import { create } from "zustand";
import type { MeshGraph } from "../bindings/MeshGraph";
import type { MeshNode } from "../bindings/MeshNode";
import {
  domainBounds,
  domainColors,
  highlightOf,
  labelObstacles,
  keepPlaces,
  layoutMesh,
  lineage,
  missingId,
  missingProducers,
  portEdges,
  portLinks,
  type Box,
  type Highlight,
  type PortEdgeData,
  type PortEdgeSpec,
  type PortLink,
  type Lineage,
  type Point,
} from "../logic/mesh";

export type ProductFlowNode = Node<{ product: MeshNode; color: string }, "product">;
export type DomainFlowNode = Node<{ domain: string; color: string; count: number }, "domain">;
/** Placeholder for a producer that an unresolved link names but no canvas defines. */
export type MissingFlowNode = Node<{ productId: string }, "missing">;
export type MeshFlowNode = ProductFlowNode | DomainFlowNode | MissingFlowNode;
export type PortFlowEdge = Edge<PortEdgeData, "port"> & PortEdgeSpec;

/**
 * A drag in progress. Its frames move the dragged products outside both
 * stores (see `useDragMoves` in MeshMap.tsx), so a frame re-renders nothing
 * but the drag layer, which draws them and the edges touching them while
 * their elements in the map are hidden, until the drag ends and the
 * products' new places are committed.
 */
export interface MeshDrag {
  ids: ReadonlySet<string>;
  /** The edges touching the dragged products, as the selection colours them. */
  edges: PortFlowEdge[];
}

/** Bumped on every drag frame: the drag layer alone listens. */
export const useDragFrame = create<{ frame: number }>()(() => ({ frame: 0 }));

interface MeshState {
  graph: MeshGraph | null;
  colors: Map<string, string>;
  nodes: MeshFlowNode[];
  edges: PortFlowEdge[];
  /** The port links, in the order of `edges`. */
  links: PortLink[];
  selected: string | null;
  lineage: Lineage | null;
  highlight: Record<string, Highlight>;
  manual: Record<string, Point>;
  /** What edge labels keep clear of: domain headers, and products on a small mesh. */
  labelObstacles: Box[];
  /** The drag in progress, if any (see `MeshDrag`). */
  drag: MeshDrag | null;
  layoutMs: number;
  load(graph: MeshGraph, manual: Record<string, Point>): void;
  onNodesChange(changes: NodeChange<MeshFlowNode>[]): void;
  /** A drag of `ids` begins: they and their edges move to the drag layer. */
  beginDrag(ids: readonly string[]): void;
  select(id: string | null): void;
  commitDrag(moved: { id: string; position: Point }[]): Record<string, Point>;
  relayout(reset: boolean): void;
}

function groupNodes(
  graph: MeshGraph,
  groups: ReadonlyMap<string, Box>,
  colors: Map<string, string>,
): DomainFlowNode[] {
  const counts = new Map<string, number>();
  for (const n of graph.nodes) counts.set(n.domain, (counts.get(n.domain) ?? 0) + 1);
  return [...groups].map(([domain, b]) => ({
    id: `domain:${domain}`,
    type: "domain" as const,
    position: { x: b.x, y: b.y },
    data: { domain, color: colors.get(domain) ?? "#888", count: counts.get(domain) ?? 0 },
    width: b.w,
    height: b.h,
    draggable: false,
    selectable: false,
    focusable: false,
    zIndex: -1,
  }));
}

/** The node list (domain groups, products, placeholders) and what edge labels avoid. */
function buildNodes(
  graph: MeshGraph,
  pos: Record<string, Point>,
  colors: Map<string, string>,
): { nodes: MeshFlowNode[]; labelObstacles: Box[] } {
  const groups = domainBounds(graph, pos);
  const products: ProductFlowNode[] = graph.nodes.map((n) => ({
    id: n.productId,
    type: "product",
    position: pos[n.productId] ?? { x: 0, y: 0 },
    data: { product: n, color: colors.get(n.domain) ?? "#888" },
    zIndex: 1,
  }));
  const missing: MissingFlowNode[] = missingProducers(graph, pos).map((m) => ({
    id: missingId(m.productId),
    type: "missing",
    position: m.position,
    data: { productId: m.productId },
    zIndex: 1,
  }));
  return {
    nodes: [...groupNodes(graph, groups, colors), ...products, ...missing],
    labelObstacles: labelObstacles(graph, pos, groups),
  };
}

/** The edges touching `ids`. */
function touching(edges: readonly PortFlowEdge[], ids: ReadonlySet<string>): PortFlowEdge[] {
  return edges.filter((e) => ids.has(e.source) || ids.has(e.target));
}

/** Whether a change is one frame of a drag (not its end). */
export function isDragMove(
  c: NodeChange<MeshFlowNode>,
): c is NodePositionChange & { position: Point; dragging: true } {
  return c.type === "position" && c.dragging === true && c.position !== undefined;
}

function positionsOf(nodes: MeshFlowNode[]): Record<string, Point> {
  const out: Record<string, Point> = {};
  for (const n of nodes) if (n.type === "product") out[n.id] = n.position;
  return out;
}

export const useMesh = create<MeshState>()((set, get) => ({
  graph: null,
  colors: new Map(),
  nodes: [],
  edges: [],
  links: [],
  selected: null,
  lineage: null,
  highlight: {},
  manual: {},
  labelObstacles: [],
  drag: null,
  layoutMs: 0,

  load(graph, manual) {
    const t0 = performance.now();
    // The map shown before keeps its places (a product added does not
    // reshuffle the domains); the first load, and "Tidy", lay out afresh.
    const before = get().graph;
    const shown: Record<string, Point> = {};
    if (before) {
      // A product that moved to another domain is placed afresh, with it.
      const domainOf = new Map(before.nodes.map((n) => [n.productId, n.domain]));
      const at = positionsOf(get().nodes);
      for (const n of graph.nodes)
        if (at[n.productId] && domainOf.get(n.productId) === n.domain)
          shown[n.productId] = at[n.productId]!;
    }
    const pos = Object.keys(shown).length
      ? keepPlaces(graph, shown, manual)
      : layoutMesh(graph, manual);
    const layoutMs = performance.now() - t0;
    const colors = domainColors(graph.nodes.map((n) => n.domain));
    const links = portLinks(graph);
    set({
      graph,
      colors,
      manual,
      layoutMs,
      selected: null,
      lineage: null,
      highlight: {},
      drag: null,
      ...buildNodes(graph, pos, colors),
      links,
      edges: portEdges(graph, links, null, null),
    });
  },

  onNodesChange(changes) {
    const rest = changes.filter((c) => c.type !== "select" && c.type !== "remove");
    if (rest.length) {
      // A drag's last move says `dragging: false`.
      const ends = get().drag !== null && rest.some((c) => c.type === "position" && !c.dragging);
      set({ nodes: applyNodeChanges(rest, get().nodes), ...(ends ? { drag: null } : {}) });
    }
    for (const c of changes) if (c.type === "select" && c.selected) get().select(c.id);
  },

  beginDrag(ids) {
    const moving = new Set(ids);
    set({ drag: { ids: moving, edges: touching(get().edges, moving) } });
  },

  select(id) {
    const { graph, selected, drag } = get();
    if (!graph || id === selected) return;
    const l = id ? lineage(graph.edges, id) : null;
    const highlight: Record<string, Highlight> = {};
    if (id && l)
      for (const n of graph.nodes) highlight[n.productId] = highlightOf(n.productId, id, l);
    const edges = portEdges(graph, get().links, id, l, get().edges);
    set({
      selected: id,
      lineage: l,
      highlight,
      edges,
      // The drag layer draws its edges as the selection colours them.
      drag: drag && { ...drag, edges: touching(edges, drag.ids) },
    });
  },

  commitDrag(moved) {
    const { graph, colors, nodes } = get();
    const manual = { ...get().manual };
    // Placeholders and domain groups follow the products; only products keep moves.
    for (const m of moved)
      if (!m.id.startsWith("domain:") && !m.id.startsWith(missingId("")))
        manual[m.id] = { x: Math.round(m.position.x), y: Math.round(m.position.y) };
    if (graph) {
      const pos = positionsOf(nodes);
      const groups = domainBounds(graph, pos);
      const products = nodes.filter((n) => n.type !== "domain");
      set({
        manual,
        nodes: [...groupNodes(graph, groups, colors), ...products],
        labelObstacles: labelObstacles(graph, pos, groups),
      });
    } else set({ manual });
    return manual;
  },

  relayout(reset) {
    const { graph } = get();
    if (!graph) return;
    const manual = reset ? {} : get().manual;
    const t0 = performance.now();
    const pos = layoutMesh(graph, manual);
    set({
      manual,
      layoutMs: performance.now() - t0,
      ...buildNodes(graph, pos, get().colors),
    });
  },
}));
