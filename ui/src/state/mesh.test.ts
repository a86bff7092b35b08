import { beforeEach, describe, expect, it } from "vitest";
import type { MeshGraph } from "../bindings/MeshGraph";
import type { MeshNode } from "../bindings/MeshNode";
import { isDragMove, useMesh } from "./mesh";

function node(id: string): MeshNode {
  return {
    productId: id,
    name: id,
    domain: "sales",
    status: "active",
    archetype: "aggregate",
    outputPorts: ["p"],
    findings: { errors: 0, warnings: 0, infos: 0, waived: 0 },
    breakingPorts: [],
  };
}
const edge = (from: string, to: string) => ({
  fromProduct: from,
  fromPort: "p",
  toProduct: to,
  toPort: "i",
  resolved: true,
  breaking: false,
});

// a → b → c, a → c
const graph: MeshGraph = {
  nodes: [node("a"), node("b"), node("c")],
  edges: [edge("a", "b"), edge("b", "c"), edge("a", "c")],
};

const s = () => useMesh.getState();
const dragEdges = () =>
  s()
    .drag?.edges.map((e) => e.id)
    .sort();
const positionOf = (id: string) => s().nodes.find((n) => n.id === id)?.position;

describe("mesh store: dragging a product", () => {
  beforeEach(() => s().load(graph, {}));

  it("tells a drag's frames from its end and from other moves", () => {
    const frame = { type: "position" as const, id: "b", position: { x: 1, y: 2 }, dragging: true };
    expect(isDragMove(frame)).toBe(true);
    expect(isDragMove({ ...frame, dragging: false })).toBe(false);
    expect(isDragMove({ type: "position", id: "b", position: { x: 1, y: 2 } })).toBe(false);
    expect(isDragMove({ type: "select", id: "b", selected: true })).toBe(false);
  });

  it("hands the dragged product's edges to the drag layer until the drag ends", () => {
    s().beginDrag(["b"]);
    expect(dragEdges()).toEqual(["a:p->b:i", "b:p->c:i"]);
    // The frames do not reach the store; the last change does.
    s().onNodesChange([
      { type: "position", id: "b", position: { x: 500, y: 40 }, dragging: false },
    ]);
    expect(s().drag).toBeNull();
    expect(positionOf("b")).toEqual({ x: 500, y: 40 });
  });

  it("colours the drag layer's edges as the selection does when a drag selects", () => {
    s().beginDrag(["a"]);
    s().select("a");
    expect(dragEdges()).toEqual(["a:p->b:i", "a:p->c:i"]);
    expect(s().drag?.edges.map((e) => e.className)).toEqual(["edge-down", "edge-down"]);
  });

  it("leaves React Flow's edges alone as a drag starts and ends, so it redraws none of them", () => {
    const before = s().edges;
    s().beginDrag(["b"]);
    expect(s().edges).toBe(before);
    s().onNodesChange([{ type: "position", id: "b", position: { x: 1, y: 1 }, dragging: false }]);
    expect(s().edges).toBe(before);
  });

  it("starts no drag when a product is moved without one (arrow keys)", () => {
    s().onNodesChange([{ type: "position", id: "c", position: { x: 7, y: 8 } }]);
    expect(s().drag).toBeNull();
    expect(positionOf("c")).toEqual({ x: 7, y: 8 });
  });
});

describe("mesh store: selecting", () => {
  beforeEach(() => s().load(graph, {}));
  const edge = (id: string) => s().edges.find((e) => e.id === id);

  it("keeps an edge the same object when the new selection colours it the same", () => {
    s().select("a");
    const bc = edge("b:p->c:i");
    const ab = edge("a:p->b:i");
    expect(bc?.className).toBe("edge-down");
    s().select("b");
    expect(edge("b:p->c:i")).toBe(bc);
    expect(edge("a:p->b:i")).not.toBe(ab);
    expect(edge("a:p->b:i")?.className).toBe("edge-up");
    expect(edge("a:p->c:i")?.className).toBe("edge-dim");
    s().select(null);
    expect(s().edges.map((e) => e.className)).toEqual(["", "", ""]);
  });
});
