// Mesh map frame times with 2,000 products while panning and dragging, in
// the real window: the UI's bench page (`#/bench/mesh?n=2000`) scripts the
// pan and drag and publishes its frame statistics on `window.__meshBench`.
// `make bench-ui` runs it and prints p50/p95/p99.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch, tempDir } from "./lib/app.mjs";

const N = Number(process.env.MESH_BENCH_N ?? 2000);
let app;

before(async () => {
  app = await launch(`${tempDir("bench")}/workspace`);
});
after(async () => {
  await app?.quit();
});

test(`mesh map with ${N} products: frame times while panning and dragging`, async () => {
  await app.driver.executeScript(`window.location.hash = "#/bench/mesh?n=${N}"`);
  await app.find("bench-mesh");
  const result = await app.driver.wait(
    async () => {
      const r = await app.driver.executeScript("return window.__meshBench ?? null");
      return r && r.status === "done" ? r : null;
    },
    180_000,
    "the bench did not finish",
  );
  await app.snap(`bench-mesh-${N}`);
  console.log(
    `mesh map, ${result.n} products, ${result.edges} edges: ${result.frames} frames, ` +
      `p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, ` +
      `p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`,
  );
  for (const phase of ["pan", "drag", "dragSelected"]) {
    const s = result[phase];
    const js = result[`${phase}Script`];
    console.log(
      `  ${phase}: ${s.frames} frames, p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, ` +
        `p99 ${s.p99.toFixed(1)} ms; script per frame p50 ${js.p50.toFixed(1)} ms, ` +
        `p95 ${js.p95.toFixed(1)} ms`,
    );
  }
  assert.equal(result.n, N);
  assert.ok(result.frames > 0);
});
