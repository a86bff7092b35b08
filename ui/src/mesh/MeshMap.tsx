// The mesh map: every product a node coloured by its domain, port-to-port
// links as edges, domain groups behind. Selecting a product highlights what
// it reads from (upstream) and what reads from it (downstream); double-click
// opens its canvas. Only visible elements are rendered, nodes are memoised
// and read just their own highlight, so 2,000 products stay smooth.
//
// A drag's frames do not go through the stores (see `useDragMoves`): they
// move the dragged products' elements and redraw their edges in a layer of
// their own. When a drag ends, or nodes change otherwise, this component
// renders again: every prop it hands React Flow other than the nodes must
// keep its identity (callbacks, option objects), or React Flow re-renders
// every visible node and edge.
import { memo, useCallback, type MouseEvent, type ReactNode } from "react";
import {
  Background,
  BackgroundVariant,
  BaseEdge,
  Controls,
  getBezierPath,
  Handle,
  Position,
  ReactFlow,
  useStore,
  useStoreApi,
  type EdgeProps,
  type EdgeTypes,
  type InternalNode,
  type Node,
  type NodeProps,
  type NodeTypes,
  type OnNodesChange,
} from "@xyflow/react";
import type { MeshNode } from "../bindings/MeshNode";
import {
  curveBox,
  EDGE_LABEL_H,
  edgeLabelWidth,
  labelPosition,
  padBox,
  unionBox,
  type Box,
  type Highlight,
  type Point,
  type PortEdgeData,
} from "../logic/mesh";
import {
  isDragMove,
  useDragFrame,
  useMesh,
  type DomainFlowNode,
  type MeshFlowNode,
  type MissingFlowNode,
  type PortFlowEdge,
  type ProductFlowNode,
} from "../state/mesh";

/** A product's card: its name, id, status and finding counts. */
function ProductCard({
  product: p,
  color,
  hl,
  testId,
  children,
}: {
  product: MeshNode;
  color: string;
  hl: Highlight;
  testId?: string;
  children?: ReactNode;
}) {
  const f = p.findings;
  return (
    <div
      className={`mesh-node hl-${hl || "none"} status-${p.status} ${
        p.breakingPorts.length ? "mesh-node-breaking" : ""
      }`}
      data-testid={testId}
      data-highlight={hl}
      data-breaking={p.breakingPorts.length ? "true" : undefined}
      title={
        p.breakingPorts.length
          ? `Breaking changes since the last release on ${p.breakingPorts.join(", ")}: releasing it breaks the products that read them`
          : undefined
      }
    >
      <span className="mesh-strip" style={{ background: color }} />
      <div className="mesh-node-body">
        <div className="mesh-node-name">{p.name}</div>
        <div className="mesh-node-meta">
          <span className="mono">{p.productId}</span>
        </div>
        <div className="mesh-node-foot">
          <span className={`pill status-${p.status}`}>{p.status}</span>
          <span className="mesh-counts">
            {f.errors ? (
              <span className="badge sev-error" data-testid="finding-badge" data-severity="error">
                {f.errors}
              </span>
            ) : null}
            {f.warnings ? (
              <span
                className="badge sev-warning"
                data-testid="finding-badge"
                data-severity="warning"
              >
                {f.warnings}
              </span>
            ) : null}
          </span>
        </div>
      </div>
      {children}
    </div>
  );
}

const ProductView = memo(function ProductView({ data, id }: NodeProps<ProductFlowNode>) {
  const hl = useMesh((s) => s.highlight[id] ?? "");
  return (
    <ProductCard product={data.product} color={data.color} hl={hl} testId={`mesh-node-${id}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </ProductCard>
  );
});

const DomainView = memo(function DomainView({ data, width, height }: NodeProps<DomainFlowNode>) {
  return (
    <div
      className="mesh-domain"
      style={{ width, height, borderColor: data.color, background: `${data.color}14` }}
    >
      <span className="mesh-domain-label" style={{ color: data.color }}>
        {data.domain} · {data.count}
      </span>
    </div>
  );
});

const MissingView = memo(function MissingView({ data, id }: NodeProps<MissingFlowNode>) {
  return (
    <div className="mesh-missing" data-testid={`mesh-missing-${data.productId}`} title={id}>
      <span className="mesh-missing-label">unknown product</span>
      <span className="mono">{data.productId}</span>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

// One edge per port link. The label is plain SVG text (no HTML portal per
// edge, which would cost thousands of DOM nodes on a big mesh); the <title>
// gives every edge a `fromPort → toPort` tooltip even where labels are off.
// A label sits at the middle of its curve unless that covers a domain's
// header or a product; then at the nearest point along the curve that does not.
const NO_OBSTACLES: Box[] = [];

/** Where a link's label goes, if it is drawn. */
function labelAt(s: Point, t: Point, d: PortEdgeData | undefined, obstacles: readonly Box[]) {
  return d?.showLabel === true
    ? labelPosition(s, t, edgeLabelWidth(d.label), EDGE_LABEL_H, d.lane * EDGE_LABEL_H, obstacles)
    : null;
}

/** Arrowhead length and half-width, in map units. */
const ARROW_L = 9;
const ARROW_W = 4.5;

/** A link's curve, label and tooltip, from its source handle `s` to its target handle `t`. */
function EdgeDrawing({
  s,
  t,
  d,
  at,
  interactionWidth,
}: {
  s: Point;
  t: Point;
  d: PortEdgeData | undefined;
  at: Point | null;
  interactionWidth?: number;
}) {
  const [path] = getBezierPath({
    sourceX: s.x,
    sourceY: s.y,
    sourcePosition: Position.Right,
    targetX: t.x,
    targetY: t.y,
    targetPosition: Position.Left,
  });
  return (
    <>
      <title>{d?.label}</title>
      <BaseEdge path={path} interactionWidth={interactionWidth} />
      {/* The arrowhead, at the reader: data flows from the port to it. The
          curve enters its target horizontally, so the head points right. */}
      <path
        className="mesh-edge-arrow"
        d={`M${t.x - ARROW_L},${t.y - ARROW_W} L${t.x},${t.y} L${t.x - ARROW_L},${t.y + ARROW_W} Z`}
      />
      {d && at ? (
        <text
          className="mesh-edge-label"
          x={at.x}
          y={at.y}
          textAnchor="middle"
          dominantBaseline="central"
        >
          {d.label}
        </text>
      ) : null}
    </>
  );
}

const PortEdge = memo(function PortEdge(p: EdgeProps<PortFlowEdge>) {
  const d = p.data;
  const obstacles = useMesh((s) => (d?.showLabel ? s.labelObstacles : NO_OBSTACLES));
  const s = { x: p.sourceX, y: p.sourceY };
  const t = { x: p.targetX, y: p.targetY };
  return (
    <g
      data-testid="mesh-edge"
      data-resolved={d?.resolved === false ? "false" : "true"}
      data-breaking={d?.breaking ? "true" : undefined}
    >
      <EdgeDrawing s={s} t={t} d={d} at={labelAt(s, t, d, obstacles)} interactionWidth={12} />
    </g>
  );
});

/** Where an edge leaves (`source`) or enters (`target`) a node React Flow has measured. */
function handlePoint(
  n: InternalNode<MeshFlowNode> | undefined,
  kind: "source" | "target",
): Point | null {
  const h = n?.internals.handleBounds?.[kind]?.[0];
  if (!n || !h) return null;
  const p = n.internals.positionAbsolute;
  return { x: p.x + h.x + (kind === "source" ? h.width : 0), y: p.y + h.y + h.height / 2 };
}

/** How far past its curve an edge's stroke reaches. */
const DRAG_EDGES_PAD = 4;

/**
 * What a drag moves, drawn over the map while it lasts: the dragged
 * products, and the edges touching them, where they are this frame. React
 * Flow's own copies stay put, hidden (see `useDragMoves`). The layer covers
 * the map's pane and has a compositing layer of its own (styles/mesh.css), so a
 * frame repaints only what is in it, never the hundreds of edges and
 * products beneath.
 */
function DragLayer() {
  const drag = useMesh((s) => s.drag);
  const obstacles = useMesh((s) => s.labelObstacles);
  const highlight = useMesh((s) => s.highlight);
  useDragFrame((s) => s.frame);
  const transform = useStore((s) => (drag ? s.transform : null));
  const rf = useStoreApi<MeshFlowNode, PortFlowEdge>();
  if (!drag || !transform) return null;
  const lookup = rf.getState().nodeLookup;
  const [tx, ty, k] = transform;
  const lines = [];
  const boxes: Box[] = [];
  for (const e of drag.edges) {
    const s = handlePoint(lookup.get(e.source), "source");
    const t = handlePoint(lookup.get(e.target), "target");
    if (!s || !t) continue;
    const at = labelAt(s, t, e.data, obstacles);
    boxes.push(curveBox(s, t));
    if (at && e.data) {
      const w = edgeLabelWidth(e.data.label);
      boxes.push({ x: at.x - w / 2, y: at.y - EDGE_LABEL_H / 2, w, h: EDGE_LABEL_H });
    }
    lines.push({ e, s, t, at });
  }
  const box = boxes.length ? padBox(unionBox(boxes), DRAG_EDGES_PAD) : null;
  return (
    <div className="mesh-drag-layer" data-testid="mesh-drag-layer">
      <div
        className="mesh-drag-view"
        style={{ transform: `translate(${tx}px,${ty}px) scale(${k})` }}
      >
        {box ? (
          <svg
            className="mesh-drag-edges"
            style={{ left: box.x, top: box.y, width: box.w, height: box.h }}
          >
            <g transform={`translate(${-box.x} ${-box.y})`}>
              {lines.map(({ e, s, t, at }) => (
                <g key={e.id} className={`react-flow__edge ${e.className ?? ""}`}>
                  <EdgeDrawing s={s} t={t} d={e.data} at={at} />
                </g>
              ))}
            </g>
          </svg>
        ) : null}
        {[...drag.ids].map((id) => {
          const n = lookup.get(id);
          if (n?.type !== "product") return null;
          const { product, color } = n.data as ProductFlowNode["data"];
          const at = n.internals.positionAbsolute;
          return (
            <div
              key={id}
              className="mesh-drag-node"
              style={{ transform: `translate(${at.x}px,${at.y}px)` }}
            >
              <ProductCard product={product} color={color} hl={highlight[id] ?? ""} />
            </div>
          );
        })}
      </div>
    </div>
  );
}

const meshNodeTypes: NodeTypes = {
  product: ProductView,
  domain: DomainView,
  missing: MissingView,
};
const meshEdgeTypes: EdgeTypes = { port: PortEdge };

const FIT_VIEW_OPTIONS = { padding: 0.05 };
const PRO_OPTIONS = { hideAttribution: true };

/**
 * React Flow's node changes, with a drag's frames kept out of both stores: a
 * frame moves the dragged products' elements and React Flow's own record of
 * where they are (as its keyboard moves do), and redraws the drag layer.
 * Committing a moved node to the stores re-renders React Flow and every edge
 * and node in view, tens of milliseconds a frame on a big mesh in a
 * software-rendered webview. The drag's last change, and every other change,
 * goes to the mesh store as usual.
 */
/**
 * React Flow's node changes, with a drag's frames kept out of both stores:
 * a frame updates React Flow's own record of where the dragged products are
 * (as its keyboard moves do) and redraws the drag layer, which shows them
 * and their edges; their elements in the map are hidden meanwhile, by a
 * class rather than through the stores, which would re-render every edge.
 * Committing each move to the stores would re-render React Flow and every
 * edge and node in view, and moving an element in the map repaints every
 * edge under it: tens of milliseconds a frame on a big mesh in a
 * software-rendered webview. The drag's last change, and every other
 * change, goes to the mesh store as usual.
 */
function useDragMoves(): OnNodesChange<MeshFlowNode> {
  const rf = useStoreApi<MeshFlowNode, PortFlowEdge>();
  return useCallback(
    (changes) => {
      const mesh = useMesh.getState();
      const { nodeLookup, domNode } = rf.getState();
      if (!changes.length || !changes.every(isDragMove)) {
        if (mesh.drag)
          domNode
            ?.querySelectorAll<HTMLElement>(`.${HIDDEN_CLASS}`)
            .forEach((el) => el.classList.remove(HIDDEN_CLASS));
        mesh.onNodesChange(changes);
        return;
      }
      if (!mesh.drag) mesh.beginDrag(changes.map((c) => c.id));
      for (const c of changes) {
        const n = nodeLookup.get(c.id);
        if (!n) continue;
        n.position = c.position;
        n.internals.positionAbsolute = c.position;
      }
      // Every frame: React may have re-created or re-classed an element meanwhile.
      const hide = (kind: "node" | "edge", id: string) =>
        domNode
          ?.querySelector(`.react-flow__${kind}[data-id="${CSS.escape(id)}"]`)
          ?.classList.add(HIDDEN_CLASS);
      for (const c of changes) hide("node", c.id);
      for (const e of useMesh.getState().drag?.edges ?? []) hide("edge", e.id);
      useDragFrame.setState((s) => ({ frame: s.frame + 1 }));
    },
    [rf],
  );
}

/**
 * The class that hides a dragged product and its edges in the map while the
 * drag layer shows them.
 */
const HIDDEN_CLASS = "mesh-drag-hidden";

export function MeshFlow({
  onOpen,
  onMoved,
  children,
}: {
  onOpen(id: string): void;
  onMoved?(manual: Record<string, { x: number; y: number }>): void;
  children?: ReactNode;
}) {
  const nodes = useMesh((s) => s.nodes);
  const edges = useMesh((s) => s.edges);
  const select = useMesh((s) => s.select);
  const commitDrag = useMesh((s) => s.commitDrag);
  const onNodesChange = useDragMoves();
  // Big meshes drop the dotted background: its pattern repaints on every
  // pan frame, which software-rendered webviews feel.
  const big = useMesh((s) => (s.graph?.nodes.length ?? 0) > 300);
  const onDragStop = useCallback(
    (_: unknown, __: Node, dragged: Node[]) => {
      const manual = commitDrag(dragged.map((n) => ({ id: n.id, position: n.position })));
      onMoved?.(manual);
    },
    [commitDrag, onMoved],
  );
  const onNodeClick = useCallback(
    (_: MouseEvent, n: MeshFlowNode) => {
      if (n.type === "product") select(n.id);
    },
    [select],
  );
  const onNodeDoubleClick = useCallback(
    (_: MouseEvent, n: MeshFlowNode) => {
      if (n.type === "product") onOpen(n.id);
    },
    [onOpen],
  );
  const onPaneClick = useCallback(() => select(null), [select]);
  return (
    <ReactFlow<MeshFlowNode, PortFlowEdge>
      nodes={nodes}
      edges={edges}
      nodeTypes={meshNodeTypes}
      edgeTypes={meshEdgeTypes}
      onNodesChange={onNodesChange}
      onNodeClick={onNodeClick}
      onNodeDoubleClick={onNodeDoubleClick}
      onNodeDragStop={onDragStop}
      onPaneClick={onPaneClick}
      onlyRenderVisibleElements
      nodesConnectable={false}
      edgesFocusable={false}
      elementsSelectable
      deleteKeyCode={null}
      zoomOnDoubleClick={false}
      fitView
      fitViewOptions={FIT_VIEW_OPTIONS}
      minZoom={0.05}
      maxZoom={2}
      panOnScroll
      proOptions={PRO_OPTIONS}
      nodeDragThreshold={3}
    >
      {big ? null : <Background variant={BackgroundVariant.Dots} gap={28} size={1} />}
      <Controls showInteractive={false} position="bottom-left" />
      <DragLayer />
      {children}
    </ReactFlow>
  );
}
