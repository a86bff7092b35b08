// The mesh map performance bench (`#/bench/mesh?n=2000`): a synthetic mesh
// of n products, then a scripted run that pans for 3 s, drags a product for
// 2 s with mouse events (the drag selects it, so its lineage is highlighted
// and the rest dimmed, as a person's drag does) and drags it again for 2 s
// now that it is selected, recording requestAnimationFrame deltas. Results land on `window.__meshBench` for the
// end-to-end suite to read and report; the overall p50/p95/p99 cover the pan
// and the first drag.
//
// Each frame's step runs under `flushSync`, so React renders and commits
// it (effects and the store updates they cause included) before the step
// returns: the step's duration is the frame's script time, and the rest of
// the frame is the browser's style, layout and paint.
import { useCallback, useEffect, useState } from "react";
import { flushSync } from "react-dom";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { frameStats, syntheticMesh, type FrameStats } from "../logic/bench";
import type { Point } from "../logic/mesh";
import { MeshFlow } from "../mesh/MeshMap";
import { useMesh } from "../state/mesh";

export interface MeshBenchResult {
  n: number;
  edges: number;
  status: "running" | "done";
  layoutMs: number;
  pan?: FrameStats;
  drag?: FrameStats;
  /** Script time per frame (the step, React's render and commit). */
  panScript?: FrameStats;
  dragScript?: FrameStats;
  /** Dragging the product again, now that it is selected (lineage highlighted). */
  dragSelected?: FrameStats;
  dragSelectedScript?: FrameStats;
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

declare global {
  interface Window {
    __meshBench?: MeshBenchResult;
  }
}

/** Frame deltas and each frame's script time, running `step` every frame for `ms`. */
function recordFrames(
  ms: number,
  step: (t: number) => void,
): Promise<{ deltas: number[]; script: number[] }> {
  return new Promise((resolve) => {
    const deltas: number[] = [];
    const script: number[] = [];
    let start = 0;
    let last = 0;
    const tick = (now: number) => {
      if (!start) start = last = now;
      else {
        deltas.push(now - last);
        last = now;
      }
      const s0 = performance.now();
      flushSync(() => step((now - start) / ms));
      script.push(performance.now() - s0);
      if (now - start < ms) requestAnimationFrame(tick);
      else resolve({ deltas, script });
    };
    requestAnimationFrame(tick);
  });
}

/** A left-button mouse event at `at` (client coordinates) on `el`. */
function mouse(el: Element, type: "mousedown" | "mousemove" | "mouseup", at: Point) {
  el.dispatchEvent(
    new MouseEvent(type, {
      bubbles: true,
      cancelable: true,
      view: window,
      clientX: at.x,
      clientY: at.y,
      button: 0,
      buttons: type === "mouseup" ? 0 : 1,
    }),
  );
}

function Runner({ n, onDone }: { n: number; onDone(r: MeshBenchResult): void }) {
  const rf = useReactFlow();
  useEffect(() => {
    let cancelled = false;
    const run = async () => {
      await new Promise((r) => setTimeout(r, 1500));
      if (cancelled) return;
      // A readable zoom, as a person works, not the whole mesh at 5 %.
      const vp0 = { x: 0, y: 0, zoom: 0.6 };
      await rf.setViewport(vp0);
      await new Promise((r) => setTimeout(r, 300));
      const pan = await recordFrames(3000, (t) => {
        void rf.setViewport({
          x: vp0.x - t * 2400,
          y: vp0.y - Math.sin(t * Math.PI * 2) * 300,
          zoom: vp0.zoom,
        });
      });
      const st = useMesh.getState();
      const target = st.nodes.find((x) => x.type === "product" && x.position.x > 2400 * 1.6 * 0.5);
      const start = target?.position ?? { x: 0, y: 0 };
      if (target) await rf.setCenter(start.x, start.y, { zoom: 0.6 });
      // A person's drag, as mouse events: React Flow's own drag handling
      // turns them into node changes, as it does for a real mouse.
      const dragFor = async (ms: number) => {
        const el = target
          ? document.querySelector<HTMLElement>(
              `.react-flow__node[data-id="${CSS.escape(target.id)}"]`,
            )
          : null;
        if (!el) return recordFrames(ms, () => undefined);
        const r = el.getBoundingClientRect();
        const at = { x: r.left + r.width / 2, y: r.top + r.height / 2 };
        const zoom = rf.getViewport().zoom;
        mouse(el, "mousedown", at);
        const frames = await recordFrames(ms, (t) => {
          mouse(document.body, "mousemove", {
            x: at.x + Math.sin(t * Math.PI * 2) * 400 * zoom,
            y: at.y + t * 200 * zoom,
          });
        });
        mouse(document.body, "mouseup", { x: at.x, y: at.y + 200 * zoom });
        return frames;
      };
      // The first drag selects the product as it starts (React Flow's
      // default), highlighting its lineage and dimming the rest.
      const drag = await dragFor(2000);
      await new Promise((r) => setTimeout(r, 300));
      const dragSelected = await dragFor(2000);
      if (cancelled) return;
      const all = frameStats([...pan.deltas, ...drag.deltas]);
      const g = useMesh.getState();
      onDone({
        n,
        edges: g.edges.length,
        status: "done",
        layoutMs: Math.round(g.layoutMs),
        pan: frameStats(pan.deltas),
        drag: frameStats(drag.deltas),
        panScript: frameStats(pan.script),
        dragScript: frameStats(drag.script),
        dragSelected: frameStats(dragSelected.deltas),
        dragSelectedScript: frameStats(dragSelected.script),
        frames: all.frames,
        p50: all.p50,
        p95: all.p95,
        p99: all.p99,
        max: all.max,
      });
    };
    void run();
    return () => {
      cancelled = true;
    };
  }, [n, rf, onDone]);
  return null;
}

const fmt = (x: number) => x.toFixed(1);
const ignoreOpen = () => undefined;

export function BenchMesh({ n }: { n: number }) {
  const [result, setResult] = useState<MeshBenchResult | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const g = syntheticMesh(n);
    useMesh.getState().load(g, {});
    window.__meshBench = {
      n,
      edges: g.edges.length,
      status: "running",
      layoutMs: Math.round(useMesh.getState().layoutMs),
      frames: 0,
      p50: 0,
      p95: 0,
      p99: 0,
      max: 0,
    };
    setReady(true);
  }, [n]);
  const done = useCallback((r: MeshBenchResult) => {
    window.__meshBench = r;
    setResult(r);
  }, []);
  return (
    <div className="mesh-view" data-testid="bench-mesh">
      <div className="mesh-flow">
        {ready ? (
          <ReactFlowProvider>
            <MeshFlow onOpen={ignoreOpen}>
              <Runner n={n} onDone={done} />
            </MeshFlow>
          </ReactFlowProvider>
        ) : null}
        <div className="bench-panel">
          <strong>Mesh bench · {n} products</strong>
          {result ? (
            <>
              <div>
                layout {result.layoutMs} ms · {result.edges} edges
              </div>
              <div>
                pan p50 {fmt(result.pan!.p50)} · p95 {fmt(result.pan!.p95)} ms
              </div>
              <div>
                drag p50 {fmt(result.drag!.p50)} · p95 {fmt(result.drag!.p95)} ms
              </div>
              <div>
                drag selected p50 {fmt(result.dragSelected!.p50)} · p95{" "}
                {fmt(result.dragSelected!.p95)} ms
              </div>
              <div>
                script p50 pan {fmt(result.panScript!.p50)} · drag {fmt(result.dragScript!.p50)} ms
              </div>
              <div>
                all p95 <strong>{fmt(result.p95)} ms</strong> · max {fmt(result.max)} ms
              </div>
            </>
          ) : (
            <div>running…</div>
          )}
        </div>
      </div>
    </div>
  );
}
