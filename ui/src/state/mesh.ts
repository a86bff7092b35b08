// The mesh map's store: product nodes laid out by `layoutMesh`, domain group
// backgrounds, edges, and the selection with its upstream/downstream
// highlight. Product nodes read only their own highlight from here.
import { applyNodeChanges, type Edge, type Node, type NodeChange } from "@xyflow/react";
import { create } from "zustand";
import type { MeshGraph } from "../bindings/MeshGraph";
import type { MeshNode } from "../bindings/MeshNode";
import {
  domainBounds,
  domainColors,
  highlightOf,
  layoutMesh,
  lineage,
  missingId,
  missingProducers,
  portEdges,
  type Highlight,
  type PortEdgeData,
  type Lineage,
  type Point,
} from "../logic/mesh";

export type ProductFlowNode = Node<{ product: MeshNode; color: string }, "product">;
export type DomainFlowNode = Node<{ domain: string; color: string; count: number }, "domain">;
/** Placeholder for a producer that an unresolved link names but no canvas defines. */
export type MissingFlowNode = Node<{ productId: string }, "missing">;
export type MeshFlowNode = ProductFlowNode | DomainFlowNode | MissingFlowNode;
export type PortFlowEdge = Edge<PortEdgeData, "port">;

interface MeshState {
  graph: MeshGraph | null;
  colors: Map<string, string>;
  nodes: MeshFlowNode[];
  edges: PortFlowEdge[];
  selected: string | null;
  lineage: Lineage | null;
  highlight: Record<string, Highlight>;
  manual: Record<string, Point>;
  layoutMs: number;
  load(graph: MeshGraph, manual: Record<string, Point>): void;
  onNodesChange(changes: NodeChange<MeshFlowNode>[]): void;
  select(id: string | null): void;
  commitDrag(moved: { id: string; position: Point }[]): Record<string, Point>;
  relayout(reset: boolean): void;
}

function groupNodes(
  graph: MeshGraph,
  pos: Record<string, Point>,
  colors: Map<string, string>,
): DomainFlowNode[] {
  const counts = new Map<string, number>();
  for (const n of graph.nodes) counts.set(n.domain, (counts.get(n.domain) ?? 0) + 1);
  return [...domainBounds(graph, pos)].map(([domain, b]) => ({
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

function buildNodes(
  graph: MeshGraph,
  pos: Record<string, Point>,
  colors: Map<string, string>,
): MeshFlowNode[] {
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
  return [...groupNodes(graph, pos, colors), ...products, ...missing];
}

function buildEdges(graph: MeshGraph, selected: string | null, l: Lineage | null): PortFlowEdge[] {
  return portEdges(graph, selected, l).map((e) => ({
    ...e,
    type: "port" as const,
    focusable: false,
  }));
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
  selected: null,
  lineage: null,
  highlight: {},
  manual: {},
  layoutMs: 0,

  load(graph, manual) {
    const t0 = performance.now();
    const pos = layoutMesh(graph, manual);
    const layoutMs = performance.now() - t0;
    const colors = domainColors(graph.nodes.map((n) => n.domain));
    set({
      graph,
      colors,
      manual,
      layoutMs,
      selected: null,
      lineage: null,
      highlight: {},
      nodes: buildNodes(graph, pos, colors),
      edges: buildEdges(graph, null, null),
    });
  },

  onNodesChange(changes) {
    const rest = changes.filter((c) => c.type !== "select" && c.type !== "remove");
    if (rest.length) set({ nodes: applyNodeChanges(rest, get().nodes) });
    for (const c of changes) if (c.type === "select" && c.selected) get().select(c.id);
  },

  select(id) {
    const { graph, selected } = get();
    if (!graph || id === selected) return;
    const l = id ? lineage(graph.edges, id) : null;
    const highlight: Record<string, Highlight> = {};
    if (id && l)
      for (const n of graph.nodes) highlight[n.productId] = highlightOf(n.productId, id, l);
    set({ selected: id, lineage: l, highlight, edges: buildEdges(graph, id, l) });
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
      const products = nodes.filter((n) => n.type !== "domain");
      set({ manual, nodes: [...groupNodes(graph, pos, colors), ...products] });
    } else set({ manual });
    return manual;
  },

  relayout(reset) {
    const { graph } = get();
    if (!graph) return;
    const manual = reset ? {} : get().manual;
    const t0 = performance.now();
    const pos = layoutMesh(graph, manual);
    set({ manual, layoutMs: performance.now() - t0, nodes: buildNodes(graph, pos, get().colors) });
  },
}));
