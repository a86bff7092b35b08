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
  };
}
const edge = (from: string, to: string) => ({
  fromProduct: from,
  fromPort: "p",
  toProduct: to,
  toPort: "i",
  resolved: true,
});

// a → b → c, a → c
const graph: MeshGraph = {
  nodes: [node("a"), node("b"), node("c")],
  edges: [edge("a", "b"), edge("b", "c"), edge("a", "c")],
};

const s = () => useMesh.getState();
const hidden = () =>
  s()
    .edges.filter((e) => e.hidden)
    .map((e) => e.id)
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

  it("hands the dragged product's edges to the drag layer and takes them back at the end", () => {
    s().beginDrag(["b"]);
    expect(hidden()).toEqual(["a:p->b:i", "b:p->c:i"]);
    expect(
      s()
        .drag?.edges.map((e) => e.id)
        .sort(),
    ).toEqual(["a:p->b:i", "b:p->c:i"]);
    // The frames do not reach the store; the last change does.
    s().onNodesChange([
      { type: "position", id: "b", position: { x: 500, y: 40 }, dragging: false },
    ]);
    expect(s().drag).toBeNull();
    expect(hidden()).toEqual([]);
    expect(positionOf("b")).toEqual({ x: 500, y: 40 });
  });

  it("keeps the drag's edges hidden, coloured as the selection says, when a drag selects", () => {
    s().beginDrag(["a"]);
    s().select("a");
    expect(hidden()).toEqual(["a:p->b:i", "a:p->c:i"]);
    expect(s().drag?.edges.map((e) => e.className)).toEqual(["edge-down", "edge-down"]);
    // b → c, downstream of a but not touching it, is still React Flow's.
    const bc = s().edges.find((e) => e.id === "b:p->c:i");
    expect(bc?.hidden ?? false).toBe(false);
    expect(bc?.className).toBe("edge-down");
  });

  it("keeps the edges a drag does not touch the same objects, so React Flow redraws none of them", () => {
    const before = s().edges.find((e) => e.id === "a:p->c:i");
    s().beginDrag(["b"]);
    expect(s().edges.find((e) => e.id === "a:p->c:i")).toBe(before);
    s().onNodesChange([{ type: "position", id: "b", position: { x: 1, y: 1 }, dragging: false }]);
    expect(s().edges.find((e) => e.id === "a:p->c:i")).toBe(before);
  });

  it("leaves edges alone when a product is moved without a drag (arrow keys)", () => {
    s().onNodesChange([{ type: "position", id: "c", position: { x: 7, y: 8 } }]);
    expect(s().drag).toBeNull();
    expect(hidden()).toEqual([]);
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
