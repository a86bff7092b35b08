// The mesh map: every product a node coloured by its domain, port-to-port
// links as edges, domain groups behind. Selecting a product highlights what
// it reads from (upstream) and what reads from it (downstream); double-click
// opens its canvas. Only visible elements are rendered, nodes are memoised
// and read just their own highlight, so 2,000 products stay smooth.
//
// Dragging a product changes the node list on every frame, so this
// component renders on every frame: every prop it hands React Flow other
// than the nodes must keep its identity (callbacks, option objects), or
// React Flow re-renders every visible node and edge and re-runs its store
// selectors each frame.
import {
  memo,
  useCallback,
  useMemo,
  type CSSProperties,
  type MouseEvent,
  type ReactNode,
} from "react";
import {
  Background,
  BackgroundVariant,
  BaseEdge,
  Controls,
  getBezierPath,
  Handle,
  Position,
  ReactFlow,
  type EdgeProps,
  type EdgeTypes,
  type Node,
  type NodeProps,
  type NodeTypes,
} from "@xyflow/react";
import { EDGE_LABEL_H, edgeLabelWidth, labelPosition, type Box } from "../logic/mesh";
import {
  useMesh,
  type DomainFlowNode,
  type MeshFlowNode,
  type MissingFlowNode,
  type PortFlowEdge,
  type ProductFlowNode,
} from "../state/mesh";

const ProductView = memo(function ProductView({ data, id }: NodeProps<ProductFlowNode>) {
  const hl = useMesh((s) => s.highlight[id] ?? "");
  const p = data.product;
  const f = p.findings;
  return (
    <div
      className={`mesh-node hl-${hl || "none"} status-${p.status}`}
      data-testid={`mesh-node-${id}`}
      data-highlight={hl}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <span className="mesh-strip" style={{ background: data.color }} />
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
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
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

const PortEdge = memo(function PortEdge(p: EdgeProps<PortFlowEdge>) {
  const d = p.data;
  const obstacles = useMesh((s) => (d?.showLabel ? s.labelObstacles : NO_OBSTACLES));
  // While a product is dragged the edge's <svg> covers the edge box
  // (styles.css says why): draw relative to its corner.
  const box = useMesh((s) => (s.dragging ? s.edgeBox : null));
  const [path] = getBezierPath(p);
  const at =
    d?.showLabel === true
      ? labelPosition(
          { x: p.sourceX, y: p.sourceY },
          { x: p.targetX, y: p.targetY },
          edgeLabelWidth(d.label),
          EDGE_LABEL_H,
          d.lane * EDGE_LABEL_H,
          obstacles,
        )
      : null;
  return (
    <g
      data-testid="mesh-edge"
      data-resolved={d?.resolved === false ? "false" : "true"}
      transform={box ? `translate(${-box.x} ${-box.y})` : undefined}
    >
      <title>{d?.label}</title>
      <BaseEdge path={path} interactionWidth={12} />
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
    </g>
  );
});

const meshNodeTypes: NodeTypes = {
  product: ProductView,
  domain: DomainView,
  missing: MissingView,
};
const meshEdgeTypes: EdgeTypes = { port: PortEdge };

const FIT_VIEW_OPTIONS = { padding: 0.05 };
const PRO_OPTIONS = { hideAttribution: true };

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
  const onNodesChange = useMesh((s) => s.onNodesChange);
  const select = useMesh((s) => s.select);
  const commitDrag = useMesh((s) => s.commitDrag);
  // Big meshes drop the dotted background: its pattern repaints on every
  // pan frame, which software-rendered webviews feel.
  const big = useMesh((s) => (s.graph?.nodes.length ?? 0) > 300);
  const box = useMesh((s) => (s.dragging ? s.edgeBox : null));
  const style = useMemo(
    () =>
      box
        ? ({
            "--edge-box-x": `${box.x}px`,
            "--edge-box-y": `${box.y}px`,
            "--edge-box-w": `${box.w}px`,
            "--edge-box-h": `${box.h}px`,
          } as CSSProperties)
        : undefined,
    [box],
  );
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
      style={style}
      className={box ? "mesh-edges-boxed" : undefined}
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
      {children}
    </ReactFlow>
  );
}
