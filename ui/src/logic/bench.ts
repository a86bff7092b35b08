// A synthetic mesh for the map's performance bench, and frame statistics.
//
// The generator is seeded so every run measures the same graph: `n`
// products in about n/25 domains, each reading one to three output ports of
// earlier products (a DAG, like a real mesh), three in four of them in its
// own domain (meshes are mostly domain-local), a few with findings.
import type { MeshGraph } from "../bindings/MeshGraph";
import type { MeshEdge } from "../bindings/MeshEdge";
import type { MeshNode } from "../bindings/MeshNode";
import { ARCHETYPES } from "../bindings/tables";

/** Mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUSES = ["draft", "proposed", "active", "active", "active", "deprecated"] as const;

export function syntheticMesh(n: number, seed = 42): MeshGraph {
  const rnd = seededRandom(seed);
  const domainCount = Math.max(1, Math.round(n / 25));
  const nodes: MeshNode[] = [];
  const edges: MeshEdge[] = [];
  const byDomain = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const domain = `domain-${String(Math.floor(rnd() * domainCount)).padStart(2, "0")}`;
    const id = `product-${String(i).padStart(4, "0")}`;
    const errors = rnd() < 0.08 ? 1 + Math.floor(rnd() * 3) : 0;
    const warnings = rnd() < 0.2 ? 1 + Math.floor(rnd() * 4) : 0;
    nodes.push({
      productId: id,
      name: `Product ${i}`,
      domain,
      status: STATUSES[Math.floor(rnd() * STATUSES.length)]!,
      archetype: ARCHETYPES[i < n * 0.3 ? 0 : Math.floor(rnd() * ARCHETYPES.length)]!,
      outputPorts: ["main"],
      findings: { errors, warnings, infos: 0, waived: 0 },
      breakingPorts: [],
    });
    const local = byDomain.get(domain) ?? [];
    if (i > 0 && i >= n * 0.15) {
      const inputs = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < inputs; k++) {
        const from =
          local.length > 0 && rnd() < 0.75
            ? local[Math.floor(rnd() * local.length)]!
            : Math.floor(rnd() * i);
        edges.push({
          fromProduct: `product-${String(from).padStart(4, "0")}`,
          fromPort: "main",
          toProduct: id,
          toPort: `in-${k}`,
          resolved: true,
          breaking: false,
        });
      }
    }
    local.push(i);
    byDomain.set(domain, local);
  }
  return { nodes, edges };
}

export interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Percentiles (nearest rank) of frame deltas in milliseconds. */
export function frameStats(deltas: readonly number[]): FrameStats {
  const s = [...deltas].sort((a, b) => a - b);
  const at = (p: number) =>
    s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : 0;
  const sum = s.reduce((a, b) => a + b, 0);
  return {
    frames: s.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: s.length ? s[s.length - 1]! : 0,
    mean: s.length ? sum / s.length : 0,
  };
}
