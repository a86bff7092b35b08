// The open canvas: its undo history, revision, findings, selection and the
// React Flow nodes of the board, in one zustand store with named actions.
//
// The canvas (`history.present`) is the truth; nodes are derived from it,
// except while a card is being dragged, when React Flow's own position
// changes are applied to the nodes and written back to `layout.cards` only
// on drop (one undo step per drag, not one per pixel). Talking to the
// backend (live check, autosave) lives in `sync.ts`, not here, so this store
// is plain state that tests can drive.
//
// An old revision previewed from the history (`preview`) sits beside the
// open canvas, never in its `history`: the board shows it read-only while
// the open canvas, its undo steps, selection and unsaved edits wait
// untouched, and autosave, which reads only `history.present`, cannot see
// it. Every editing action does nothing while a preview is shown.
import { applyNodeChanges, type Node, type NodeChange } from "@xyflow/react";
import { create } from "zustand";
import type { Canvas } from "../bindings/Canvas";
import type { CardKind } from "../bindings/CardKind";
import type { Finding } from "../bindings/Finding";
import type { ProductChanges } from "../bindings/ProductChanges";
import type { RevisionInfo } from "../bindings/RevisionInfo";
import type { StoredCanvas } from "../bindings/StoredCanvas";
import { type BlockId } from "../logic/blocks";
import {
  addCard,
  addNote,
  cardOfNode,
  deleteCard,
  deleteNote,
  IDENTITY_LISTS,
  listCards,
  moveCard,
  posterOf,
  updateCard,
  updateNote,
  type CardItem,
} from "../logic/cards";
import { inheritIdentities, kindOfNode } from "../logic/identity";
import { badgesFor, type Badge } from "../logic/findings";
import {
  canRedo,
  canUndo,
  historyOf,
  record,
  redo,
  typingKey,
  undo,
  type History,
} from "../logic/history";

/** The coalescing key of an edit to `scope` now (see `typingKey`). */
function keyFor(scope: string): string | null {
  return typingKey(scope, typeof document === "undefined" ? undefined : document.activeElement);
}

export type BlockNode = Node<{ block: BlockId }, "block">;
/** A card: its node id is its identity (`<kind>#<n>`, identity.ts), `id` its current id. */
export type CardNode = Node<{ kind: CardKind; id: string }, "card">;
export type NoteNode = Node<{ id: string }, "note">;
export type BoardNode = BlockNode | CardNode | NoteNode;

export type SaveState = "saved" | "dirty" | "saving" | "error" | "conflict";

/** An old revision shown on the board, read-only, in place of the open canvas. */
export interface RevisionPreview {
  /** The history's line for it: number, date, save point. */
  info: RevisionInfo;
  canvas: Canvas;
  /** When it was saved (RFC 3339): the Name block's date while it is shown. */
  savedAt: string;
  /** The node selected in the preview, to read it in the inspector. */
  selected: string | null;
  nodes: BoardNode[];
}

export interface BoardState {
  history: History<Canvas> | null;
  /** The revision the canvas was loaded at or last saved as. */
  revision: StoredCanvas["revision"] | null;
  /** When that revision was saved (RFC 3339): the Name block's date. */
  savedAt: string | null;
  /** The canvas as last saved; the board is dirty while `present` differs. */
  saved: Canvas | null;
  saveState: SaveState;
  saveError: string | null;
  /**
   * The breaking changes an autosave is held for (an active product's
   * port lost a field, say): the board saves them only once the owner has
   * seen them and said so. `null` when no save is held.
   */
  heldImpact: ProductChanges | null;
  /** Whether the impact dialog is open. */
  impactOpen: boolean;
  findings: Finding[];
  /** Whether findings are from the current canvas or an older one. */
  checking: boolean;
  /** Why the last live check failed, if it did. */
  checkError: string | null;
  badges: Record<string, Badge>;
  /** The selected node: a card's node id (`<kind>#<n>`), `note:<id>` or `block:<id>`. */
  selected: string | null;
  nodes: BoardNode[];
  /** The JSON pointer of the finding last clicked, for the inspector to scroll to. */
  focusPointer: string | null;
  setFocusPointer(pointer: string | null): void;
  /** Bumped by every `open`, so a late `close` of a previous view does nothing. */
  session: number;
  /** The old revision the board shows instead of the canvas, or null. */
  preview: RevisionPreview | null;

  open(stored: StoredCanvas): number;
  close(session?: number): void;
  /** Applies a pure canvas edit as one undo step (or merges into the last with the same key). */
  edit(fn: (c: Canvas) => Canvas, coalesceKey?: string): void;
  undo(): void;
  redo(): void;
  select(key: string | null): void;
  onNodesChange(changes: NodeChange<BoardNode>[]): void;
  /** Writes dropped positions into the layout. */
  commitDrag(moved: { id: string; position: { x: number; y: number } }[]): void;
  /** Adds a card and selects it; returns its node id. */
  addCard(kind: CardKind, at?: { x: number; y: number }): string;
  /**
   * Replaces the item of the card `node`. An id another card of its kind
   * has is refused (nothing changes) and the reason returned; else null.
   */
  updateCard(node: string, item: CardItem): string | null;
  deleteSelected(): void;
  addNote(at: { x: number; y: number }): string;
  setFindings(findings: Finding[], forCanvas: Canvas): void;
  setChecking(checking: boolean): void;
  setCheckError(error: string | null): void;
  setSaveState(state: SaveState, error?: string | null): void;
  /** Holds the autosave for `impact`; opens the dialog the first time. */
  holdSave(impact: ProductChanges): void;
  /** Drops the hold (the breaking edit was undone, or the owner confirmed). */
  releaseHold(): void;
  setImpactOpen(open: boolean): void;
  markSaved(stored: StoredCanvas, sent: Canvas): void;
  /** Replaces the canvas with a stored one (restore, reload after conflict), keeping undo. */
  replaceFromStore(stored: StoredCanvas): void;
  /**
   * Shows a revision of the open canvas read-only (`stored`, loaded for
   * the history line `info`); one of another canvas is ignored.
   */
  showPreview(info: RevisionInfo, stored: StoredCanvas): void;
  /** Back to the open canvas, as it was. */
  endPreview(): void;
}

/** Why an edit does nothing while a preview is shown. */
export const READ_ONLY = "This is a preview of an old revision: it cannot be edited.";

/**
 * Board nodes for a canvas. Nodes whose position and selection did not
 * change are reused from `prev`, so React Flow and the memoised node
 * components skip them.
 */
export function deriveNodes(
  canvas: Canvas,
  selected: string | null,
  prev: readonly BoardNode[] = [],
): BoardNode[] {
  const old = new Map(prev.map((n) => [n.id, n]));
  const out: BoardNode[] = [];
  const blocks = posterOf(canvas);
  for (const b of blocks) {
    const id = `block:${b.id}`;
    const p = old.get(id);
    if (p && p.type === "block" && p.position.y === b.rect.y && p.height === b.rect.h) {
      out.push(p);
    } else {
      out.push({
        id,
        type: "block",
        position: { x: b.rect.x, y: b.rect.y },
        data: { block: b.id },
        width: b.rect.w,
        height: b.rect.h,
        draggable: false,
        selectable: false,
        focusable: false,
        zIndex: 0,
      });
    }
  }
  const keep = (n: CardNode | NoteNode) => {
    const p = old.get(n.id);
    if (
      p &&
      p.type === n.type &&
      p.position.x === n.position.x &&
      p.position.y === n.position.y &&
      Boolean(p.selected) === Boolean(n.selected) &&
      (p.data as { id: string }).id === n.data.id
    ) {
      out.push(p);
    } else {
      out.push(p?.measured ? { ...n, measured: p.measured } : n);
    }
  };
  for (const c of listCards(canvas, blocks)) {
    keep({
      id: c.node,
      type: "card",
      position: { x: c.x, y: c.y },
      data: { kind: c.kind, id: c.id },
      selected: c.node === selected,
      zIndex: 2,
    });
  }
  for (const n of canvas.layout.notes) {
    const key = `note:${n.id}`;
    keep({
      id: key,
      type: "note",
      position: { x: n.x, y: n.y },
      data: { id: n.id },
      selected: key === selected,
      zIndex: 3,
    });
  }
  return out;
}

function withCanvas(
  s: BoardState,
  next: Canvas,
  key: string | null,
  selected = s.selected,
): Partial<BoardState> {
  if (!s.history) return {};
  inheritIdentities(s.history.present, next, IDENTITY_LISTS);
  const history = record(s.history, next, key);
  if (history === s.history && selected === s.selected) return {};
  return {
    history,
    selected,
    nodes: deriveNodes(history.present, selected, s.nodes),
    badges: badgesFor(history.present, s.findings),
    saveState:
      history.present === s.saved ? "saved" : s.saveState === "conflict" ? "conflict" : "dirty",
  };
}

function fromHistory(s: BoardState, history: History<Canvas>): Partial<BoardState> {
  const c = history.present;
  // The selection may name a card the undo removed.
  const selected = s.selected && nodeExists(c, s.selected) ? s.selected : null;
  return {
    history,
    selected,
    nodes: deriveNodes(c, selected, s.nodes),
    badges: badgesFor(c, s.findings),
    saveState: c === s.saved ? "saved" : s.saveState === "conflict" ? "conflict" : "dirty",
  };
}

/** Whether a node id (a selection) names something on this canvas. */
export function nodeExists(c: Canvas, node: string): boolean {
  if (node.startsWith("block:")) return true;
  if (node.startsWith("note:")) return c.layout.notes.some((n) => `note:${n.id}` === node);
  return cardOfNode(c, node) !== undefined;
}

const initial = {
  history: null,
  revision: null,
  savedAt: null,
  saved: null,
  saveState: "saved" as SaveState,
  saveError: null,
  heldImpact: null,
  impactOpen: false,
  findings: [],
  checking: false,
  checkError: null,
  badges: {},
  selected: null,
  nodes: [],
  preview: null,
};

export const useBoard = create<BoardState>()((set, get) => ({
  ...initial,

  session: 0,
  focusPointer: null,

  setFocusPointer(focusPointer) {
    set({ focusPointer });
  },

  open(stored) {
    const session = get().session + 1;
    set({
      ...initial,
      session,
      history: historyOf(stored.canvas),
      revision: stored.revision,
      savedAt: stored.savedAt,
      saved: stored.canvas,
      nodes: deriveNodes(stored.canvas, null),
    });
    return session;
  },

  close(session) {
    if (session === undefined || session === get().session) set({ ...initial });
  },

  edit(fn, coalesceKey) {
    const s = get();
    if (!s.history || s.preview) return;
    const key = coalesceKey === undefined ? null : keyFor(coalesceKey);
    set(withCanvas(s, fn(s.history.present), key));
  },

  undo() {
    const s = get();
    if (s.history && !s.preview && canUndo(s.history)) set(fromHistory(s, undo(s.history)));
  },

  redo() {
    const s = get();
    if (s.history && !s.preview && canRedo(s.history)) set(fromHistory(s, redo(s.history)));
  },

  select(key) {
    const s = get();
    if (s.preview) {
      const p = s.preview;
      if (key === p.selected) return;
      set({ preview: { ...p, selected: key, nodes: deriveNodes(p.canvas, key, p.nodes) } });
      return;
    }
    if (key === s.selected || !s.history) return;
    set({ selected: key, focusPointer: null, nodes: deriveNodes(s.history.present, key, s.nodes) });
  },

  onNodesChange(changes) {
    const s = get();
    if (s.preview) {
      set({ preview: previewNodesChange(s.preview, changes) });
      return;
    }
    // Removals go through deleteSelected, never React Flow's own delete.
    const { selected, rest } = splitSelection(changes, s.selected, (ch) => ch.type !== "remove");
    let nodes = rest.length ? applyNodeChanges(rest, s.nodes) : s.nodes;
    if (selected !== s.selected && s.history)
      nodes = deriveNodes(s.history.present, selected, nodes);
    set({ nodes, selected });
  },

  commitDrag(moved) {
    const s = get();
    if (!s.history || s.preview) return;
    let c = s.history.present;
    for (const m of moved) {
      if (m.id.startsWith("note:")) {
        c = updateNote(c, m.id.slice(5), {
          x: Math.round(m.position.x),
          y: Math.round(m.position.y),
        });
      } else if (kindOfNode(m.id)) {
        c = moveCard(c, m.id, m.position);
      }
    }
    // A drop that stores nothing (a card whose id another card has) puts
    // the dragged nodes back where the canvas has them.
    if (c === s.history.present) set({ nodes: deriveNodes(c, s.selected, s.nodes) });
    else set(withCanvas(s, c, null));
  },

  addCard(kind, at) {
    const s = get();
    if (!s.history || s.preview) return "";
    const r = addCard(s.history.present, kind, at);
    set(withCanvas(s, r.canvas, null, r.node));
    return r.node;
  },

  updateCard(node, item) {
    const s = get();
    if (s.preview) return READ_ONLY;
    if (!s.history) return null;
    const r = updateCard(s.history.present, node, item);
    if (r.problem) return r.problem;
    // Only typing merges: a field added, a box ticked or a choice made on
    // the same card right after typing is an undo step of its own.
    set(withCanvas(s, r.canvas, keyFor(`card:${node}`)));
    return null;
  },

  deleteSelected() {
    const s = get();
    if (!s.history || !s.selected || s.preview) return;
    const key = s.selected;
    let c = s.history.present;
    if (key.startsWith("note:")) c = deleteNote(c, key.slice(5));
    else if (kindOfNode(key)) c = deleteCard(c, key);
    else return;
    set(withCanvas(s, c, null, null));
  },

  addNote(at) {
    const s = get();
    if (!s.history || s.preview) return "";
    const r = addNote(s.history.present, at);
    const key = `note:${r.id}`;
    set(withCanvas(s, r.canvas, null, key));
    return key;
  },

  setFindings(findings, forCanvas) {
    const s = get();
    if (!s.history) return;
    // Badges resolve the findings' cards against the canvas the findings
    // are for; when the user has edited since, the next check replaces them
    // shortly.
    set({ findings, badges: badgesFor(forCanvas, findings), checkError: null });
  },

  setChecking(checking) {
    set({ checking });
  },

  setCheckError(checkError) {
    set({ checkError });
  },

  setSaveState(saveState, error = null) {
    set({ saveState, saveError: error });
  },

  holdSave(impact) {
    const s = get();
    set({
      heldImpact: impact,
      impactOpen: s.heldImpact === null ? true : s.impactOpen,
      saveState: "dirty",
    });
  },

  releaseHold() {
    set({ heldImpact: null, impactOpen: false });
  },

  setImpactOpen(impactOpen) {
    set({ impactOpen });
  },

  markSaved(stored, sent) {
    const s = get();
    set({
      revision: stored.revision,
      savedAt: stored.savedAt,
      saved: sent,
      saveError: null,
      saveState: s.history?.present === sent ? "saved" : "dirty",
    });
  },

  replaceFromStore(stored) {
    const s = get();
    if (!s.history) {
      get().open(stored);
      return;
    }
    inheritIdentities(s.history.present, stored.canvas, IDENTITY_LISTS);
    const history = record(s.history, stored.canvas, null);
    set({
      ...fromHistory(s, history),
      revision: stored.revision,
      savedAt: stored.savedAt,
      saved: stored.canvas,
      saveState: "saved",
      saveError: null,
      // A restore shows what it restored: the canvas, no longer a preview.
      preview: null,
    });
  },

  showPreview(info, stored) {
    const s = get();
    if (!s.history || stored.canvas.product.id !== s.history.present.product.id) return;
    set({
      preview: {
        info,
        canvas: stored.canvas,
        savedAt: stored.savedAt,
        selected: null,
        nodes: deriveNodes(stored.canvas, null),
      },
    });
  },

  endPreview() {
    if (get().preview) set({ preview: null });
  },
}));

/**
 * React Flow's changes to a preview's nodes: selection and measured sizes
 * are taken, moves and removals are not (the preview is read-only).
 */
/**
 * Selection is the store's, not React Flow's: turns React Flow's select
 * changes into the selected node id (from `selected`), and returns the
 * other changes that `keep` accepts (drag positions, measured sizes).
 */
function splitSelection(
  changes: NodeChange<BoardNode>[],
  selected: string | null,
  keep: (change: NodeChange<BoardNode>) => boolean,
): { selected: string | null; rest: NodeChange<BoardNode>[] } {
  const rest: NodeChange<BoardNode>[] = [];
  for (const ch of changes) {
    if (ch.type === "select") {
      if (ch.selected) selected = ch.id;
      else if (selected === ch.id) selected = null;
    } else if (keep(ch)) {
      rest.push(ch);
    }
  }
  return { selected, rest };
}

/** A preview takes selection and measured sizes only: no drag, no removal. */
function previewNodesChange(p: RevisionPreview, changes: NodeChange<BoardNode>[]): RevisionPreview {
  const { selected, rest } = splitSelection(changes, p.selected, (ch) => ch.type === "dimensions");
  let nodes = rest.length ? applyNodeChanges(rest, p.nodes) : p.nodes;
  if (selected !== p.selected) nodes = deriveNodes(p.canvas, selected, nodes);
  return nodes === p.nodes && selected === p.selected ? p : { ...p, selected, nodes };
}

/** The canvas on the board, for components that need one part of it. */
export const presentCanvas = (s: BoardState): Canvas | null => s.history?.present ?? null;

/** The canvas the board shows: a previewed revision, else the open canvas. */
export const shownCanvas = (s: BoardState): Canvas | null =>
  s.preview ? s.preview.canvas : (s.history?.present ?? null);

/** The node selected on the board as shown (in the preview while there is one). */
export const shownSelected = (s: BoardState): string | null =>
  s.preview ? s.preview.selected : s.selected;

/** Whether the board shows an old revision, read-only. */
export const previewing = (s: BoardState): boolean => s.preview !== null;
