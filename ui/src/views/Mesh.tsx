// The mesh map view: loads the workspace's product graph from the core and
// keeps the positions a person dragged, per workspace, between sessions.
import { useCallback, useEffect, useState } from "react";
import { ReactFlowProvider } from "@xyflow/react";
import { backend, isUnavailable } from "../backend";
import { MeshFlow } from "../mesh/MeshMap";
import { navigate } from "../state/route";
import { reportError, useApp } from "../state/app";
import { useMesh } from "../state/mesh";
import type { Point } from "../logic/mesh";

function storageKey(path: string | undefined) {
  return `meshcanvas.meshLayout:${path ?? "default"}`;
}

function loadManual(path: string | undefined): Record<string, Point> {
  try {
    const raw = localStorage.getItem(storageKey(path));
    return raw ? (JSON.parse(raw) as Record<string, Point>) : {};
  } catch {
    return {};
  }
}

/** Double-click on a product: its board. */
const openBoard = (id: string) => navigate({ view: "board", id });

function Legend() {
  const colors = useMesh((s) => s.colors);
  const selected = useMesh((s) => s.selected);
  const l = useMesh((s) => s.lineage);
  const breaking = useMesh((s) => s.graph?.nodes.filter((n) => n.breakingPorts.length).length ?? 0);
  return (
    <div className="mesh-legend" data-testid="mesh-legend">
      <div className="legend-title">Domains</div>
      {[...colors].map(([d, c]) => (
        <div key={d} className="legend-row">
          <span className="legend-dot" style={{ background: c }} />
          {d}
        </div>
      ))}
      {selected && l ? (
        <div className="legend-sel">
          <span className="mono">{selected}</span>
          <span>
            <span className="legend-up">■</span> {l.upstream.size} upstream ·{" "}
            <span className="legend-down">■</span> {l.downstream.size} downstream
          </span>
          <span className="muted small">double-click to open</span>
        </div>
      ) : (
        <div className="muted small legend-hint">Click a product to trace its lineage</div>
      )}
      {breaking ? (
        <div className="legend-breaking small" data-testid="mesh-legend-breaking">
          <span className="legend-break">■</span> breaking since the last release (
          {breaking === 1 ? "1 product" : `${String(breaking)} products`}): releasing breaks its
          readers
        </div>
      ) : null}
    </div>
  );
}

export function Mesh() {
  const workspace = useApp((s) => s.workspace);
  const graph = useMesh((s) => s.graph);
  const relayout = useMesh((s) => s.relayout);
  const [state, setState] = useState<"loading" | "ready" | "down">("loading");

  useEffect(() => {
    let cancelled = false;
    backend
      .meshGraph()
      .then((g) => {
        if (cancelled) return;
        useMesh.getState().load(g, loadManual(workspace?.path));
        setState("ready");
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        if (!isUnavailable(e)) reportError("Could not read the mesh", e);
        else useApp.getState().setBackendDown(true);
        setState("down");
      });
    return () => {
      cancelled = true;
    };
  }, [workspace?.path]);

  const onMoved = useCallback(
    (manual: Record<string, Point>) =>
      localStorage.setItem(storageKey(workspace?.path), JSON.stringify(manual)),
    [workspace?.path],
  );

  if (state !== "ready" || !graph || graph.nodes.length === 0) {
    return (
      <div className="mesh-view" data-testid="mesh">
        <div className="empty-state" data-testid="mesh-empty">
          {state === "loading" ? (
            <span className="spinner big" />
          ) : (
            <>
              <h2>
                {state === "down"
                  ? "The mesh is not available"
                  : "No products in this workspace yet"}
              </h2>
              <p>
                The mesh map shows every data product of the workspace and the links between their
                ports.
              </p>
              <button
                type="button"
                className="btn primary"
                onClick={() => navigate({ view: "home" })}
              >
                Go to the workspace
              </button>
            </>
          )}
        </div>
      </div>
    );
  }
  return (
    <div className="mesh-view" data-testid="mesh">
      <div className="toolbar">
        <div className="toolbar-title">
          <span className="eyebrow">Mesh map</span>
          <h1>
            {graph.nodes.length} products · {graph.edges.length} links
          </h1>
        </div>
        <div className="spacer" />
        <button
          type="button"
          className="btn"
          data-testid="mesh-relayout"
          onClick={() => relayout(false)}
          title="Lay out again, keeping the products you moved"
        >
          Tidy layout
        </button>
        <button
          type="button"
          className="btn"
          data-testid="mesh-reset-layout"
          onClick={() => {
            relayout(true);
            localStorage.removeItem(storageKey(workspace?.path));
          }}
        >
          Reset layout
        </button>
      </div>
      <Legend />
      <div className="mesh-flow">
        <ReactFlowProvider>
          <MeshFlow onOpen={openBoard} onMoved={onMoved} />
        </ReactFlowProvider>
      </div>
    </div>
  );
}
