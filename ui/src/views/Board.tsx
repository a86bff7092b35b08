// The canvas board: the poster with its cards and notes, the inspector, the
// findings panel, and the toolbar (add, undo/redo, history, export).
//
// While an old revision is previewed (from the history), the board shows it
// read-only under a banner: the poster and inspector read the previewed
// canvas, nothing can be dragged, added or undone, and the findings panel
// (the open canvas's findings) is hidden.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Node,
  type NodeMouseHandler,
} from "@xyflow/react";
import { backend } from "../backend";
import type { Canvas } from "../bindings/Canvas";
import type { CardKind } from "../bindings/CardKind";
import { boardNodeTypes } from "../board/nodes";
import { Inspector } from "../board/Inspector";
import { FindingsPanel } from "../board/FindingsPanel";
import { ImpactDialog } from "../board/ImpactDialog";
import { ExportDialog } from "./ExportDialog";
import { TakeHomeDialog } from "./TakeHomeDialog";
import { HistoryPanel } from "./HistoryPanel";
import { PreviewBanner } from "./PreviewBanner";
import { BLOCKS, BOARD_SIZE, CARD_H, CARD_W } from "../logic/blocks";
import { inView } from "../logic/view";
import { reportError, useApp } from "../state/app";
import { previewing, shownCanvas, useBoard, type BoardNode } from "../state/board";
import { flushSave, mergeAfterConflict, reloadAfterConflict, startSync } from "../state/sync";
import { navigate } from "../state/route";
import { startWorkshop, useWorkshop, workshopOnLoad } from "../state/workshop";
import { WorkshopView } from "./Workshop";

const ADD: { kind: CardKind; label: string; testid: string }[] = [
  { kind: "consumer", label: "Consumer", testid: "board-add-consumer" },
  { kind: "inputPort", label: "Input port", testid: "board-add-input-port" },
  { kind: "designStep", label: "Design step", testid: "board-add-design-step" },
  { kind: "outputPort", label: "Output port", testid: "board-add-output-port" },
  { kind: "qualityCheck", label: "Quality check", testid: "board-add-quality-check" },
  { kind: "term", label: "Term", testid: "board-add-term" },
  { kind: "policy", label: "Policy", testid: "board-add-policy" },
];

const FIT = { padding: 0.04, duration: 250 };

function SaveStatus() {
  const state = useBoard((s) => s.saveState);
  const revision = useBoard((s) => s.revision);
  const error = useBoard((s) => s.saveError);
  const held = useBoard((s) => s.heldImpact);
  const openImpact = useBoard((s) => s.setImpactOpen);
  if (held) {
    return (
      <span
        className="save-status st-held"
        data-testid="save-status"
        data-state="held"
        title="Not saved: this change breaks the products that read this one"
      >
        <span className="dot" />
        Not saved: breaks consumers
        <button
          type="button"
          className="link small"
          data-testid="impact-review"
          onClick={() => openImpact(true)}
        >
          Review
        </button>
      </span>
    );
  }
  const text = {
    saved: "Saved",
    dirty: "Unsaved changes",
    saving: "Saving…",
    error: "Save failed",
    conflict: "Conflict",
  }[state];
  return (
    <span
      className={`save-status st-${state}`}
      data-testid="save-status"
      data-state={state}
      title={error ?? `${text} (revision ${String(revision ?? "–")})`}
    >
      <span className="dot" />
      {text}
      {state === "conflict" ? (
        <>
          <button
            type="button"
            className="link small"
            data-testid="save-status-merge"
            onClick={() => void mergeAfterConflict()}
          >
            Merge…
          </button>
          <button type="button" className="link small" onClick={() => void reloadAfterConflict()}>
            Reload theirs
          </button>
        </>
      ) : null}
    </span>
  );
}

function UndoRedo() {
  const canUndo = useBoard((s) => !s.preview && (s.history?.past.length ?? 0) > 0);
  const canRedo = useBoard((s) => !s.preview && (s.history?.future.length ?? 0) > 0);
  const undo = useBoard((s) => s.undo);
  const redo = useBoard((s) => s.redo);
  return (
    <div className="btn-group">
      <button
        type="button"
        className="btn icon"
        data-testid="undo"
        disabled={!canUndo}
        onClick={undo}
        title="Undo (Ctrl+Z)"
      >
        ↶
      </button>
      <button
        type="button"
        className="btn icon"
        data-testid="redo"
        disabled={!canRedo}
        onClick={redo}
        title="Redo (Ctrl+Shift+Z)"
      >
        ↷
      </button>
    </div>
  );
}

/** Selects a card or block and brings it into view. */
function useFocusKey() {
  const rf = useReactFlow();
  const select = useBoard((s) => s.select);
  return useCallback(
    (key: string) => {
      select(key);
      const n = rf.getNode(key);
      if (n && n.type !== "block") {
        void rf.setCenter(n.position.x + CARD_W / 2, n.position.y + CARD_H / 2, {
          zoom: Math.max(rf.getZoom(), 0.9),
          duration: 300,
        });
      } else if (key.startsWith("block:")) {
        const b = rf.getNode(key);
        if (b)
          void rf.fitBounds(
            { x: b.position.x, y: b.position.y, width: b.width ?? 0, height: b.height ?? 0 },
            { padding: 0.1, duration: 300 },
          );
      }
    },
    [rf, select],
  );
}

function SidePanels({ findings }: { findings: boolean }) {
  const focusKey = useFocusKey();
  return (
    <div className="side">
      <Inspector />
      {findings ? <FindingsPanel onFocus={focusKey} /> : null}
    </div>
  );
}

/** Adds a sticky note in the middle of what the board shows. */
function useNoteAtCenter() {
  const rf = useReactFlow();
  const addNote = useBoard((s) => s.addNote);
  return useCallback(() => {
    const vp = rf.getViewport();
    const el = document.querySelector(".board-flow");
    const w = el?.clientWidth ?? 800;
    const h = el?.clientHeight ?? 600;
    addNote({ x: (w / 2 - vp.x) / vp.zoom - 90, y: (h / 2 - vp.y) / vp.zoom - 60 });
  }, [rf, addNote]);
}

/** Starts a workshop on the canvas, or resumes its unfinished one, and opens the workshop view. */
function WorkshopButton() {
  const readOnly = useBoard(previewing);
  const unfinished = useBoard((s) => {
    const w = s.history?.present.layout.workshop;
    return Boolean(w && !w.finished);
  });
  return (
    <button
      type="button"
      className={`btn ${unfinished ? "on" : ""}`}
      data-testid="workshop-start"
      disabled={readOnly}
      onClick={() => void startWorkshop()}
      title={
        readOnly
          ? "Back to the current revision to run a workshop"
          : unfinished
            ? "Back to the workshop running on this canvas"
            : "Run a design workshop on this canvas, step by step"
      }
    >
      {unfinished ? "Resume workshop" : "Start workshop"}
    </button>
  );
}

function FitButton() {
  const rf = useReactFlow();
  return (
    <button
      type="button"
      className="btn icon"
      data-testid="board-fit"
      onClick={() => void rf.fitView(FIT)}
      title="Fit the poster (F)"
    >
      ⤢
    </button>
  );
}

/**
 * Pans to a card just added when it is not wholly in view (the board is
 * zoomed in elsewhere), keeping the zoom.
 */
function useReveal() {
  const rf = useReactFlow();
  return useCallback(
    (key: string) => {
      // The node exists once React Flow has rendered the new canvas.
      requestAnimationFrame(() => {
        const n = rf.getNode(key);
        const pane = document.querySelector(".board-flow .react-flow");
        if (!n || !pane) return;
        const view = rf.getViewport();
        const rect = { x: n.position.x, y: n.position.y, w: CARD_W, h: CARD_H };
        if (inView(rect, view, pane.clientWidth, pane.clientHeight)) return;
        void rf.setCenter(rect.x + CARD_W / 2, rect.y + CARD_H / 2, {
          zoom: view.zoom,
          duration: 300,
        });
      });
    },
    [rf],
  );
}

function AddMenu() {
  const addCard = useBoard((s) => s.addCard);
  const reveal = useReveal();
  const onNote = useNoteAtCenter();
  return (
    <div className="btn-group add-group">
      {ADD.map((a) => (
        <button
          key={a.kind}
          type="button"
          className={`btn chip kind-${a.kind}`}
          data-testid={a.testid}
          onClick={() => reveal(addCard(a.kind))}
          title={`Add ${a.label.toLowerCase()}`}
        >
          <span className="chip-dot" />
          {a.label}
        </button>
      ))}
      <button
        type="button"
        className="btn chip kind-note"
        data-testid="board-add-note"
        onClick={onNote}
        title="Add sticky note (N)"
      >
        <span className="chip-dot" />
        Note
      </button>
    </div>
  );
}

/** The id of the board node (card or note) that has the keyboard focus, if any. */
function focusedNode(): string | null {
  const el = document.activeElement;
  if (!(el instanceof HTMLElement)) return null;
  return el.closest(".react-flow__node")?.getAttribute("data-id") ?? null;
}

function BoardCanvas() {
  const nodes = useBoard((s) => s.preview?.nodes ?? s.nodes);
  const readOnly = useBoard(previewing);
  const onNodesChange = useBoard((s) => s.onNodesChange);
  const commitDrag = useBoard((s) => s.commitDrag);
  const select = useBoard((s) => s.select);
  const addNote = useBoard((s) => s.addNote);
  const presentation = useApp((s) => s.presentation);
  const rf = useReactFlow();

  const onDragStop = useCallback(
    (_: unknown, __: Node, dragged: Node[]) =>
      commitDrag(dragged.map((n) => ({ id: n.id, position: n.position }))),
    [commitDrag],
  );

  const focusKey = useFocusKey();
  const dropNote = useNoteAtCenter();

  // Board keyboard: N note, F fit, 0–9 jump to a block (workshop order).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // The workshop view covers the board: its keys are not the board's.
      if (useWorkshop.getState().open) return;
      const t = e.target as HTMLElement | null;
      if (
        t &&
        (t.tagName === "INPUT" ||
          t.tagName === "TEXTAREA" ||
          t.tagName === "SELECT" ||
          t.isContentEditable)
      )
        return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === "n" || e.key === "N") {
        e.preventDefault();
        dropNote();
      } else if (e.key === "f" || e.key === "F") {
        e.preventDefault();
        void rf.fitView(FIT);
      } else if (/^[0-9]$/.test(e.key)) {
        const step = e.key === "0" ? 10 : Number(e.key);
        const b = BLOCKS.find((x) => x.step === step);
        if (b) focusKey(`block:${b.id}`);
      } else if (e.key === "Delete" || e.key === "Backspace") {
        // Only with the selected card or note itself focused (clicked or
        // tabbed to): a card selected from the toolbar or the findings
        // panel is not deleted by a key meant for something else.
        const selected = useBoard.getState().selected;
        if (selected && focusedNode() === selected) {
          e.preventDefault();
          useBoard.getState().deleteSelected();
        }
      } else if (e.key === "Escape") {
        select(null);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [dropNote, focusKey, rf, select]);

  // Presentation mode changes the pane's size: fit the board again once the
  // layout has followed. Not on mount: ReactFlow's `fitView` has fitted it,
  // and a second fit there, late on a loaded machine, undid a jump the user
  // had already made (a block key pressed as the board opened).
  const shownPresentation = useRef(presentation);
  useEffect(() => {
    if (shownPresentation.current === presentation) return;
    shownPresentation.current = presentation;
    const id = setTimeout(() => void rf.fitView(FIT), 60);
    return () => clearTimeout(id);
  }, [presentation, rf]);

  const onNodeClick: NodeMouseHandler<BoardNode> = useCallback(
    (_, n) => {
      if (n.type !== "block") select(n.id);
    },
    [select],
  );

  return (
    <div className="board-main">
      <div className={`board-flow ${readOnly ? "read-only" : ""}`} data-read-only={readOnly}>
        <ReactFlow<BoardNode>
          nodes={nodes}
          edges={[]}
          nodeTypes={boardNodeTypes}
          onNodesChange={onNodesChange}
          onNodeDragStop={onDragStop}
          onNodeClick={onNodeClick}
          onPaneClick={() => select(null)}
          onDoubleClick={(e) => {
            if (readOnly) return;
            const target = e.target as HTMLElement;
            if (target.closest(".card, .note, button, textarea, input")) return;
            const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
            addNote({ x: p.x - 90, y: p.y - 20 });
          }}
          zoomOnDoubleClick={false}
          nodesDraggable={!readOnly}
          deleteKeyCode={null}
          selectionKeyCode={null}
          multiSelectionKeyCode={null}
          fitView
          fitViewOptions={{ padding: 0.04 }}
          minZoom={0.15}
          maxZoom={3}
          translateExtent={[
            [-1200, -900],
            [BOARD_SIZE.w + 1200, BOARD_SIZE.h + 4000],
          ]}
          panOnScroll
          zoomOnPinch
          proOptions={{ hideAttribution: true }}
          nodeDragThreshold={3}
        >
          <Background variant={BackgroundVariant.Dots} gap={24} size={1.2} />
          <Controls showInteractive={false} position="bottom-left" />
        </ReactFlow>
      </div>
    </div>
  );
}

export function Board({ id }: { id: string }) {
  const loaded = useBoard((s) => s.history?.present.product.id === id);
  const name = useBoard((s) => s.history?.present.product.name);
  const shownName = useBoard((s) => shownCanvas(s)?.product.name);
  const domain = useBoard((s) => shownCanvas(s)?.domain.name);
  const readOnly = useBoard(previewing);
  const presentation = useApp((s) => s.presentation);
  const workshop = useWorkshop((s) => s.open);
  const [error, setError] = useState<string | null>(null);
  const [showFindings, setShowFindings] = useState(true);
  const [showHistory, setShowHistory] = useState(false);
  const [showExport, setShowExport] = useState(false);
  // The draft as it was when "Poster…" was pressed: what the poster draws.
  const [posterOf, setPosterOf] = useState<Canvas | null>(null);
  // One array for the life of the board: the export dialog fetches its
  // preview again whenever its products change identity, and the board
  // renders again for unrelated reasons (the findings panel, the theme).
  const exportIds = useMemo(() => [id], [id]);

  useEffect(() => {
    let cancelled = false;
    let stop: (() => void) | undefined;
    let session: number | undefined;
    setError(null);
    backend
      .canvasLoad(id)
      .then((stored) => {
        if (cancelled) return;
        session = useBoard.getState().open(stored);
        workshopOnLoad(id);
        stop = startSync();
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        setError(e instanceof Error ? e.message : String(e));
        reportError(`Could not open ${id}`, e);
      });
    return () => {
      cancelled = true;
      stop?.();
      if (session !== undefined) {
        const mine = session;
        void flushSave().finally(() => useBoard.getState().close(mine));
      }
    };
  }, [id]);

  useEffect(() => {
    if (name) document.title = `${name} · Mesh Canvas`;
    return () => {
      document.title = "Mesh Canvas";
    };
  }, [name]);

  useEffect(() => {
    // Best effort when the window closes: start the pending save now.
    const onUnload = () => void flushSave();
    window.addEventListener("beforeunload", onUnload);
    return () => window.removeEventListener("beforeunload", onUnload);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "e") {
        e.preventDefault();
        // The export is of the open canvas, not of a previewed revision.
        if (!useBoard.getState().preview) setShowExport(true);
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "h") {
        e.preventDefault();
        setShowHistory((v) => !v);
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "j") {
        e.preventDefault();
        setShowFindings((v) => !v);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  if (error) {
    return (
      <div className="empty-state" data-testid="board">
        <h2>This canvas could not be opened</h2>
        <p className="mono small">{error}</p>
        <button type="button" className="btn primary" onClick={() => navigate({ view: "home" })}>
          Back to the workspace
        </button>
      </div>
    );
  }
  if (!loaded) {
    return (
      <div className="empty-state" data-testid="board">
        <span className="spinner big" />
        <p>Opening {id}…</p>
      </div>
    );
  }
  return (
    <ReactFlowProvider>
      <div className={`board ${presentation ? "presenting" : ""}`} data-testid="board">
        <div className="toolbar">
          <div className="toolbar-title">
            <span className="eyebrow">{domain || "no domain"}</span>
            <h1 data-testid="board-title">{shownName}</h1>
          </div>
          <UndoRedo />
          {!presentation && !readOnly ? <AddMenu /> : null}
          <div className="spacer" />
          <WorkshopButton />
          <FitButton />
          <SaveStatus />
          <button
            type="button"
            className={`btn ${showFindings && !readOnly ? "on" : ""}`}
            data-testid="findings-toggle"
            disabled={readOnly}
            onClick={() => setShowFindings((v) => !v)}
            title={
              readOnly ? "The findings are the current revision’s: not shown" : "Findings (Ctrl+J)"
            }
          >
            Findings
          </button>
          <button
            type="button"
            className="btn"
            data-testid="history-open"
            onClick={() => setShowHistory(true)}
            title="History (Ctrl+H)"
          >
            History
          </button>
          <button
            type="button"
            className="btn"
            data-testid="poster-open"
            disabled={readOnly}
            onClick={() => setPosterOf(useBoard.getState().history?.present ?? null)}
            title={
              readOnly
                ? "Back to the current revision to draw its poster"
                : "Poster & summary to take home"
            }
          >
            Poster…
          </button>
          <button
            type="button"
            className="btn primary"
            data-testid="export-open"
            disabled={readOnly}
            onClick={() => setShowExport(true)}
            title={readOnly ? "Back to the current revision to export it" : "Export (Ctrl+E)"}
          >
            Export
          </button>
        </div>
        {readOnly ? <PreviewBanner id={id} /> : null}
        <div className="board-body">
          <BoardCanvas />
          {/* The workshop view has its own inspector: one at a time. */}
          {!presentation && !workshop ? <SidePanels findings={showFindings && !readOnly} /> : null}
          {showHistory ? <HistoryPanel id={id} onClose={() => setShowHistory(false)} /> : null}
        </div>
        {showExport ? (
          <ExportDialog productIds={exportIds} onClose={() => setShowExport(false)} />
        ) : null}
        {posterOf ? <TakeHomeDialog canvas={posterOf} onClose={() => setPosterOf(null)} /> : null}
        <ImpactDialog />
        {workshop && !readOnly ? <WorkshopView /> : null}
      </div>
    </ReactFlowProvider>
  );
}
