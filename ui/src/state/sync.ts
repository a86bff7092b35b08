// Keeps the open canvas in step with the core: a live check of each edit,
// and autosave into the store's revisions.
//
// Both run off a store subscription. A check starts at once, without a
// delay; while one runs, edits wait, and when it ends only the newest canvas
// is checked (the ones typed in between are stale): one check in flight at
// a time, so answers never arrive out of order and typing never floods the
// backend. Autosave waits for a pause. A save names the revision it started from; when someone else saved
// first the core answers `conflict` and the user chooses: load theirs, or
// keep theirs as history and save this canvas on top of it.
//
// An active product's save that would break its consumers (a field gone
// from a port they read) is held first: the core names the breaking changes
// and the products that read them (`canvas_impact`), the board shows them,
// and the save goes through once the owner confirms, or by itself once the
// breaking edit is undone. Leaving the board saves what is held: the owner
// has seen it, and nothing typed is ever dropped.
import { backend, isConflict, isUnavailable } from "../backend";
import type { Canvas } from "../bindings/Canvas";
import { reportError, useApp } from "./app";
import { useBoard } from "./board";

export const SAVE_DELAY_MS = 1200;

/**
 * After a failed save (a full disk, a workspace on a drive that went away)
 * the save is tried again by itself: first after this long, then twice as
 * long each time, up to `SAVE_RETRY_MAX_MS`. The user is told once, not at
 * every try; the status shows the failure until a try succeeds.
 */
export const SAVE_RETRY_FIRST_MS = 5000;
export const SAVE_RETRY_MAX_MS = 60_000;

/**
 * The message of every autosave; the history groups them between save
 * points. The core saves a save point's edit with the same text
 * (`studio::AUTOSAVE_MESSAGE`).
 */
export const AUTOSAVE_MESSAGE = "Edited on the board";

let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** The wait before the next retry of a failed save; 0 when the last save did not fail. */
let retryDelay = 0;
let checkSeq = 0;
let lastChecked: Canvas | null = null;
/** Whether a check is running. */
let inFlight = false;
/** The newest edit made while a check runs, checked when it ends. */
let queued: Canvas | null = null;
let saving: Promise<void> | null = null;
/** The owner confirmed saving the held breaking changes. */
let breakConfirmed = false;

/** Checks `canvas` now, or as soon as the check running ends. */
function requestCheck(canvas: Canvas) {
  if (inFlight) {
    queued = canvas;
    return;
  }
  void runCheck(canvas);
}

async function runCheck(canvas: Canvas) {
  const seq = ++checkSeq;
  lastChecked = canvas;
  inFlight = true;
  useBoard.getState().setChecking(true);
  try {
    const findings = await backend.canvasCheck(canvas);
    if (seq !== checkSeq) return;
    useBoard.getState().setFindings(findings, canvas);
  } catch (e) {
    if (seq !== checkSeq) return;
    useBoard.getState().setCheckError(e instanceof Error ? e.message : String(e));
    if (!isUnavailable(e)) reportError("Live check failed", e);
  } finally {
    if (seq === checkSeq) {
      inFlight = false;
      const next = queued;
      queued = null;
      if (next && next !== lastChecked) void runCheck(next);
      else useBoard.getState().setChecking(false);
    }
  }
}

/**
 * Whether `canvas` may be saved now: not when it breaks an active
 * product's consumers and the owner has not confirmed (the save is then
 * held and the changes shown). When the impact cannot be asked, the save
 * goes ahead: a lost edit is worse than an unannounced one.
 */
async function mayBreak(canvas: Canvas): Promise<boolean> {
  if (breakConfirmed) return true;
  let impact = null;
  try {
    impact = await backend.canvasImpact(canvas);
  } catch (e) {
    if (!isUnavailable(e)) reportError("Could not tell what this change breaks", e);
    return true;
  }
  const board = useBoard.getState();
  if (impact) {
    board.holdSave(impact);
    return false;
  }
  if (board.heldImpact) board.releaseHold();
  return true;
}

async function runSave(force = false): Promise<void> {
  const s = useBoard.getState();
  const canvas = s.history?.present;
  if (!canvas || canvas === s.saved || s.revision === null || s.saveState === "conflict") return;
  if (!force && !(await mayBreak(canvas))) return;
  // A newer edit came while the impact was asked: its own save follows.
  if (useBoard.getState().history?.present !== canvas) return;
  s.setSaveState("saving");
  try {
    const stored = await backend.canvasSave(canvas, s.revision, AUTOSAVE_MESSAGE);
    useBoard.getState().markSaved(stored, canvas);
    if (useBoard.getState().heldImpact) useBoard.getState().releaseHold();
    breakConfirmed = false;
    retryDelay = 0;
  } catch (e) {
    if (isConflict(e)) {
      useBoard.getState().setSaveState("conflict", (e as Error).message);
      useApp.getState().toast({
        kind: "error",
        sticky: true,
        title: "Someone else saved this canvas",
        detail:
          "Your edits are kept here. Reload to see their version, or keep yours to save it on top.",
        action: { label: "Keep mine", run: () => void overwriteAfterConflict() },
      });
    } else {
      useBoard.getState().setSaveState("error", e instanceof Error ? e.message : String(e));
      const first = retryDelay === 0;
      retryDelay = first ? SAVE_RETRY_FIRST_MS : Math.min(retryDelay * 2, SAVE_RETRY_MAX_MS);
      if (first && !isUnavailable(e)) reportError("Autosave failed; trying again by itself", e);
      scheduleSave(retryDelay);
    }
  }
}

function scheduleSave(delay = SAVE_DELAY_MS) {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    saving = (saving ?? Promise.resolve()).then(() => runSave());
  }, delay);
}

/** Saves now (leaving the board, closing the window), a held save included. */
export async function flushSave(): Promise<void> {
  clearTimeout(saveTimer);
  saving = (saving ?? Promise.resolve()).then(() => runSave(true));
  await saving;
}

/** The owner saw what the held save breaks and saves it. */
export async function confirmBreakingSave(): Promise<void> {
  breakConfirmed = true;
  useBoard.getState().setImpactOpen(false);
  clearTimeout(saveTimer);
  saving = (saving ?? Promise.resolve()).then(() => runSave());
  await saving;
}

/** Conflict: take the newest stored revision as base and save this canvas on top. */
export async function overwriteAfterConflict(): Promise<void> {
  const s = useBoard.getState();
  const canvas = s.history?.present;
  if (!canvas) return;
  try {
    const latest = await backend.canvasLoad(canvas.product.id);
    const stored = await backend.canvasSave(
      canvas,
      latest.revision,
      "Kept my version after a conflict",
    );
    useBoard.getState().markSaved(stored, canvas);
    useApp.getState().toast({ kind: "success", title: "Saved your version" });
  } catch (e) {
    reportError("Could not save", e);
  }
}

/** Conflict: drop local edits and load the newest stored revision. */
export async function reloadAfterConflict(): Promise<void> {
  const canvas = useBoard.getState().history?.present;
  if (!canvas) return;
  try {
    useBoard.getState().replaceFromStore(await backend.canvasLoad(canvas.product.id));
  } catch (e) {
    reportError("Could not reload", e);
  }
}

/** Starts checking and autosaving; returns the unsubscribe function. */
export function startSync(): () => void {
  lastChecked = null;
  retryDelay = 0;
  breakConfirmed = false;
  inFlight = false;
  queued = null;
  const first = useBoard.getState().history?.present;
  if (first) void runCheck(first);
  const unsub = useBoard.subscribe((s, prev) => {
    const c = s.history?.present;
    if (!c || c === prev.history?.present) return;
    if (c !== lastChecked) requestCheck(c);
    if (c !== s.saved) scheduleSave();
    // Undone back to what is saved: nothing to save, and nothing held.
    else if (s.heldImpact) s.releaseHold();
  });
  return () => {
    unsub();
    // A retry of a failed save waits for the next board, which saves on
    // leaving this one (`flushSave`).
    clearTimeout(saveTimer);
    // A check still running answers into nothing.
    checkSeq++;
    inFlight = false;
    queued = null;
  };
}
