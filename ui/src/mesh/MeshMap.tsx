// The mesh map: every product a node coloured by its domain, port-to-port
// links as edges, domain groups behind. Selecting a product highlights what
// it reads from (upstream) and what reads from it (downstream); double-click
// opens its canvas. Only visible elements are rendered, nodes are memoised
// and read just their own highlight, so 2,000 products stay smooth.
import { memo, useCallback, type ReactNode } from "react";
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
const PortEdge = memo(function PortEdge(p: EdgeProps<PortFlowEdge>) {
  const [path, lx, ly] = getBezierPath(p);
  const d = p.data;
  return (
    <g data-testid="mesh-edge" data-resolved={d?.resolved === false ? "false" : "true"}>
      <title>{d?.label}</title>
      <BaseEdge path={path} interactionWidth={12} />
      {d?.showLabel ? (
        <text
          className="mesh-edge-label"
          x={lx}
          y={ly + d.lane * 14}
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
  const onDragStop = useCallback(
    (_: unknown, __: Node, dragged: Node[]) => {
      const manual = commitDrag(dragged.map((n) => ({ id: n.id, position: n.position })));
      onMoved?.(manual);
    },
    [commitDrag, onMoved],
  );
  return (
    <ReactFlow<MeshFlowNode, PortFlowEdge>
      nodes={nodes}
      edges={edges}
      nodeTypes={meshNodeTypes}
      edgeTypes={meshEdgeTypes}
      onNodesChange={onNodesChange}
      onNodeClick={(_, n) => n.type === "product" && select(n.id)}
      onNodeDoubleClick={(_, n) => n.type === "product" && onOpen(n.id)}
      onNodeDragStop={onDragStop}
      onPaneClick={() => select(null)}
      onlyRenderVisibleElements
      nodesConnectable={false}
      edgesFocusable={false}
      elementsSelectable
      deleteKeyCode={null}
      zoomOnDoubleClick={false}
      fitView
      fitViewOptions={{ padding: 0.05 }}
      minZoom={0.05}
      maxZoom={2}
      panOnScroll
      proOptions={{ hideAttribution: true }}
      nodeDragThreshold={3}
    >
      {big ? null : <Background variant={BackgroundVariant.Dots} gap={28} size={1} />}
      <Controls showInteractive={false} position="bottom-left" />
      {children}
    </ReactFlow>
  );
}
