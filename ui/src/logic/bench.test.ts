import { describe, expect, it } from "vitest";
import { frameStats, syntheticMesh } from "./bench";

describe("syntheticMesh", () => {
  it("is deterministic and acyclic", () => {
    const a = syntheticMesh(300, 7);
    expect(syntheticMesh(300, 7)).toEqual(a);
    expect(a.nodes).toHaveLength(300);
    const index = new Map(a.nodes.map((n, i) => [n.productId, i]));
    for (const e of a.edges)
      expect(index.get(e.fromProduct)!).toBeLessThan(index.get(e.toProduct)!);
  });
});

describe("frameStats", () => {
  it("takes nearest-rank percentiles", () => {
    const deltas = Array.from({ length: 100 }, (_, i) => i + 1);
    const s = frameStats(deltas);
    expect(s).toMatchObject({ frames: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(s.mean).toBeCloseTo(50.5);
    expect(frameStats([])).toMatchObject({ frames: 0, p95: 0 });
  });
});
