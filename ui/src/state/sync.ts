// Keeps the open canvas in step with the core: a live check of each edit,
// and autosave into the store's revisions.
//
// Both run off a store subscription. A check starts at once, without a
// delay; while one runs, edits wait, and when it ends only the newest canvas
// is checked (the ones typed in between are stale): one check in flight at
// a time, so answers never arrive out of order and typing never floods the
// backend. Autosave waits for a pause. A save names the revision it started from; when someone else saved
// first the core answers `conflict`, and the draft is merged with their save
// (`canvas_merge`), field by field: when no field was changed on both sides
// the merged canvas replaces the draft (one undo step) and is saved on the
// newest revision; else the merge dialog shows each place both changed and
// the user picks a side for each (their other edits are kept either way).
// Autosave waits while the dialog is open; cancelled, the board stays in
// conflict until merged, reloaded or kept over theirs.
//
// An active product's save that would break its consumers (a field gone
// from a port they read) is held first: the core names the breaking changes
// and the products that read them (`canvas_impact`), the board shows them,
// and the save goes through once the owner confirms, or by itself once the
// breaking edit is undone. Leaving the board saves what is held: the owner
// has seen it, and nothing typed is ever dropped.
import { backend, isConflict, isUnavailable } from "../backend";
import type { Canvas } from "../bindings/Canvas";
import type { Merged } from "../bindings/Merged";
import type { RevisionInfo } from "../bindings/RevisionInfo";
import { allChosen, authorOf, mergedTitle, sameConflicts } from "../logic/merge";
import { reportError, useApp } from "./app";
import { useBoard } from "./board";
import { useMerge } from "./merge";

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
/** The message of the next save when it is not an autosave's (a merged canvas's). */
let saveMessage: string | null = null;
/** The merge asked of the core after a conflict, if one is (0: none): one at a time. */
let merging = 0;
let mergeRuns = 0;

/** The key of the sticky "someone else saved" toast: taken away once merged. */
const CONFLICT_TOAST = "save-conflict";
/** What the merge dialog says when the conflicts changed under it. */
export const MERGE_CHANGED =
  "The canvas changed meanwhile: the places in conflict are asked again. Check your choices.";
/** How often a merge is asked again for edits made while it was asked. */
const MERGE_TRIES = 5;

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
  // The merge dialog is open: the draft is saved merged, once the user has chosen.
  if (useMerge.getState().open) return;
  if (!force && !(await mayBreak(canvas))) return;
  // A newer edit came while the impact was asked: its own save follows.
  if (useBoard.getState().history?.present !== canvas) return;
  s.setSaveState("saving");
  try {
    const stored = await backend.canvasSave(canvas, s.revision, saveMessage ?? AUTOSAVE_MESSAGE);
    useBoard.getState().markSaved(stored, canvas);
    if (useBoard.getState().heldImpact) useBoard.getState().releaseHold();
    breakConfirmed = false;
    retryDelay = 0;
    saveMessage = null;
  } catch (e) {
    if (isConflict(e)) {
      useBoard.getState().setSaveState("conflict", (e as Error).message);
      showConflictToast();
      // Not awaited: the merge saves through the save queue this save is in.
      void mergeAfterConflict();
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
    useMerge.getState().close();
    dismissConflictToast();
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
    useMerge.getState().close();
    dismissConflictToast();
  } catch (e) {
    reportError("Could not reload", e);
  }
}

function showConflictToast() {
  useApp.getState().toast({
    kind: "error",
    sticky: true,
    key: CONFLICT_TOAST,
    title: "Someone else saved this canvas",
    detail:
      "Your edits are kept here. Merge them with their save: where you both changed the same thing, you choose.",
    action: { label: "Merge…", run: () => void mergeAfterConflict() },
  });
}

function dismissConflictToast() {
  const app = useApp.getState();
  for (const t of app.toasts) if (t.key === CONFLICT_TOAST) app.dismiss(t.id);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Whether the board is still the one of `session`, in conflict. */
function stillInConflict(session: number): boolean {
  const b = useBoard.getState();
  return b.session === session && b.saveState === "conflict";
}

/**
 * Conflict: merges the draft with the newest saved revision, conflicts to
 * their side for now. Without conflicts the merged canvas replaces the
 * draft and is saved; with some, the merge dialog opens on them. Also the
 * conflict toast's "Merge…". Edits made while the core merges are merged
 * again, never dropped.
 */
export async function mergeAfterConflict(): Promise<void> {
  if (merging || useMerge.getState().open) return;
  const board = useBoard.getState();
  if (!board.history || board.revision === null || board.saveState !== "conflict") return;
  const { session } = board;
  const id = board.history.present.product.id;
  const run = ++mergeRuns;
  merging = run;
  // Who saved is asked beside the merge; not knowing it changes nothing.
  const history = Promise.resolve()
    .then(() => backend.historyList(id))
    .catch((): RevisionInfo[] => []);
  try {
    for (let tries = 0; tries < MERGE_TRIES; tries++) {
      const b = useBoard.getState();
      const draft = b.history?.present;
      if (!draft || b.revision === null) return;
      const merged = await backend.canvasMerge(draft, b.revision, null);
      const author = authorOf(await history, merged.revision);
      if (!stillInConflict(session)) return;
      if (useBoard.getState().history?.present !== draft) continue;
      settle(merged, session, author);
      return;
    }
  } catch (e) {
    if (!stillInConflict(session)) return;
    if (isUnavailable(e)) reportError("Could not merge", e);
    else useMerge.getState().fail(session, errorText(e), authorOf(await history, null));
  } finally {
    if (merging === run) merging = 0;
  }
}

/** A merge's outcome: the dialog on its conflicts, or, without any, applied and saved. */
function settle(merged: Merged, session: number, author: string | null, notice?: string) {
  if (merged.conflicts.length > 0) {
    useMerge
      .getState()
      .show({ session, conflicts: merged.conflicts, revision: merged.revision, author }, notice);
    return;
  }
  useMerge.getState().close();
  void applyMerged(merged, author);
}

/**
 * The merged canvas replaces the draft (one undo step), on the newest
 * revision as base, and is saved there like any edit: through the impact
 * check, and into the conflict flow again when a newer save came first.
 */
function applyMerged(merged: Merged, author: string | null): Promise<void> {
  const b = useBoard.getState();
  const { savedAt, preview } = b;
  b.replaceFromStore({ canvas: merged.canvas, revision: merged.revision, savedAt: savedAt ?? "" });
  // Not saved yet: nothing on the board is what the newest revision holds
  // until the save below goes through. A preview shown stays.
  useBoard.setState({ saved: null, savedAt, preview, saveState: "dirty", saveError: null });
  dismissConflictToast();
  const title = mergedTitle(author);
  useApp.getState().toast({ kind: "info", title });
  saveMessage = title;
  clearTimeout(saveTimer);
  saving = (saving ?? Promise.resolve()).then(() => runSave());
  return saving;
}

/**
 * The merge dialog's "Save merged": the draft merged with a side chosen for
 * each conflict, then saved. When the conflicts are no longer the ones
 * shown (the draft was undone, a third save came in), the dialog shows the
 * new ones instead, keeping the choices that still hold.
 */
export async function saveMerged(): Promise<void> {
  const m = useMerge.getState();
  if (!m.open || m.busy || m.failed) return;
  const choices = m.choices;
  if (!allChosen(choices, m.conflicts.length)) return;
  const b = useBoard.getState();
  const draft = b.history?.present;
  if (!draft || b.revision === null || !stillInConflict(m.session)) {
    m.close();
    return;
  }
  const { session } = m;
  m.setBusy(true);
  let merged: Merged;
  try {
    merged = await backend.canvasMerge(draft, b.revision, choices);
  } catch (e) {
    if (!dropStale(session)) await askAgain(session, e);
    return;
  }
  if (dropStale(session)) return;
  const now = useMerge.getState();
  if (useBoard.getState().history?.present !== draft) {
    // Undone or redone meanwhile: merged again, with that.
    now.setBusy(false);
    return saveMerged();
  }
  if (!sameConflicts(merged.conflicts, now.conflicts)) {
    now.show(
      { session, conflicts: merged.conflicts, revision: merged.revision, author: now.author },
      MERGE_CHANGED,
    );
    return;
  }
  now.close();
  await applyMerged(merged, now.author);
}

/**
 * A merge with the choices failed: when the conflicts changed (the choices
 * no longer fit them), the new ones are shown; else the failure is.
 */
async function askAgain(session: number, error: unknown) {
  const b = useBoard.getState();
  const draft = b.history?.present;
  if (draft && b.revision !== null) {
    try {
      const again = await backend.canvasMerge(draft, b.revision, null);
      if (dropStale(session)) return;
      const m = useMerge.getState();
      if (
        useBoard.getState().history?.present === draft &&
        !sameConflicts(again.conflicts, m.conflicts)
      ) {
        settle(again, session, m.author, MERGE_CHANGED);
        return;
      }
    } catch {
      // The first failure says more.
    }
  }
  if (isUnavailable(error)) reportError("Could not merge", error);
  if (!dropStale(session)) useMerge.getState().setError(errorText(error));
}

/**
 * Whether the dialog's merge went stale while the core answered: cancelled,
 * or the board is no longer in conflict (theirs reloaded, mine kept), or
 * another board. A dialog left open on a board out of conflict closes.
 */
function dropStale(session: number): boolean {
  const m = useMerge.getState();
  if (!m.open || m.session !== session) return true;
  if (stillInConflict(session)) return false;
  m.close();
  return true;
}

/** The merge dialog's "Cancel": the draft stays as it is, unsaved, the board in conflict. */
export function cancelMerge(): void {
  if (!useMerge.getState().open) return;
  useMerge.getState().close();
  if (useBoard.getState().saveState === "conflict") showConflictToast();
}

/**
 * The merge dialog's way out when no merge could be made: this canvas is
 * saved on top of theirs, their save kept in the history only.
 */
export async function keepMineOverTheirs(): Promise<void> {
  useMerge.getState().close();
  await overwriteAfterConflict();
}

/** Starts checking and autosaving; returns the unsubscribe function. */
export function startSync(): () => void {
  lastChecked = null;
  retryDelay = 0;
  breakConfirmed = false;
  inFlight = false;
  queued = null;
  saveMessage = null;
  merging = 0;
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
    // A merge of this board's draft is for this board only.
    useMerge.getState().close();
    merging = 0;
  };
}
