import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Canvas } from "../bindings/Canvas";
import { finding, ON_ORDERS_PORT, ordersCanvas } from "../test/fixtures";

// The backend is the only thing faked: the store, timers and sync logic are real.
const calls = vi.hoisted(() => ({
  check: [] as { canvas: Canvas; resolve: (f: unknown) => void }[],
  save: [] as {
    canvas: Canvas;
    base: number;
    message: string;
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
  }[],
  merge: [] as {
    canvas: Canvas;
    base: number;
    choices: string[] | null;
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
  }[],
  /** What `historyList` answers (newest first). */
  history: [] as unknown[],
  /** What `canvasImpact` answers next, in order; `null` (nothing breaks) when empty. */
  impact: [] as unknown[],
  impactAsked: 0,
}));
vi.mock("../backend", async (orig) => {
  const real = await orig<typeof import("../backend")>();
  return {
    ...real,
    backend: {
      canvasCheck: (canvas: Canvas) =>
        new Promise((resolve) => calls.check.push({ canvas, resolve })),
      canvasSave: (canvas: Canvas, base: number, message: string) =>
        new Promise((resolve, reject) =>
          calls.save.push({ canvas, base, message, resolve, reject }),
        ),
      canvasMerge: (canvas: Canvas, base: number, choices: string[] | null) =>
        new Promise((resolve, reject) =>
          calls.merge.push({ canvas, base, choices, resolve, reject }),
        ),
      historyList: () => Promise.resolve(calls.history),
      canvasImpact: () => {
        calls.impactAsked += 1;
        return Promise.resolve(calls.impact.shift() ?? null);
      },
      canvasLoad: vi.fn(),
    },
  };
});

const { BackendError } = await import("../backend");
const { useBoard } = await import("./board");
const {
  MERGE_CHANGED,
  SAVE_DELAY_MS,
  SAVE_RETRY_FIRST_MS,
  cancelMerge,
  confirmBreakingSave,
  flushSave,
  saveMerged,
  startSync,
} = await import("./sync");
const { useApp } = await import("./app");
const { useMerge } = await import("./merge");

let stop: () => void;
const s = () => useBoard.getState();

beforeEach(() => {
  vi.useFakeTimers();
  calls.check.length = 0;
  calls.save.length = 0;
  calls.impact.length = 0;
  calls.impactAsked = 0;
  calls.merge.length = 0;
  calls.history = [];
  s().open({ canvas: ordersCanvas(), revision: 3, savedAt: "2026-12-06T09:30:00Z" });
  stop = startSync();
});
afterEach(async () => {
  // A save left pending would hold the next tests' saves behind it (saves
  // run one at a time, module-wide): each ends here.
  for (const c of calls.save) c.resolve({ canvas: c.canvas, revision: 99, savedAt: "x" });
  await vi.advanceTimersByTimeAsync(0);
  stop();
  vi.useRealTimers();
});

describe("live check", () => {
  it("checks an edit at once, without waiting for a pause", async () => {
    expect(calls.check).toHaveLength(1);
    calls.check[0]!.resolve([]);
    await vi.advanceTimersByTimeAsync(0);
    s().addCard("term");
    // No timer runs: the check started with the edit.
    expect(calls.check).toHaveLength(2);
    expect(calls.check[1]!.canvas).toBe(s().history!.present);
  });

  it("while a check runs, edits wait and only the newest canvas is checked next", async () => {
    s().addCard("term");
    s().addCard("term");
    s().addCard("term");
    expect(calls.check).toHaveLength(1);
    expect(s().checking).toBe(true);
    calls.check[0]!.resolve([finding("/outputPorts/0", "error", false, ON_ORDERS_PORT)]);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.check).toHaveLength(2);
    expect(calls.check[1]!.canvas).toBe(s().history!.present);
    expect(s().checking).toBe(true);
    calls.check[1]!.resolve([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.check).toHaveLength(2);
    expect(s().findings).toEqual([]);
    expect(s().checking).toBe(false);
  });

  it("a check still running when the board closes answers into nothing", async () => {
    stop();
    calls.check[0]!.resolve([finding("/outputPorts/0", "error", false, ON_ORDERS_PORT)]);
    await vi.advanceTimersByTimeAsync(0);
    expect(s().badges["outputPort:orders"]).toBeUndefined();
    stop = startSync();
  });
});

describe("autosave", () => {
  it("saves after a pause, naming the loaded revision as base", async () => {
    s().addCard("consumer");
    expect(s().saveState).toBe("dirty");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    expect(calls.save).toHaveLength(1);
    expect(calls.save[0]!.base).toBe(3);
    expect(s().saveState).toBe("saving");
    calls.save[0]!.resolve({
      canvas: calls.save[0]!.canvas,
      revision: 4,
      savedAt: "2026-12-06T09:30:00Z",
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(s().saveState).toBe("saved");
    expect(s().revision).toBe(4);
  });

  it("an undo back to the saved canvas needs no save", async () => {
    s().addCard("consumer");
    s().undo();
    expect(s().saveState).toBe("saved");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    expect(calls.save).toHaveLength(0);
  });

  it("a failed save is tried again by itself, backing off, told once, until it goes through", async () => {
    s().addCard("consumer");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    const toasts = useApp.getState().toasts.length;
    calls.save[0]!.reject(new BackendError("io", "the disk is full (0 bytes free)"));
    await vi.advanceTimersByTimeAsync(0);
    expect(s().saveState).toBe("error");
    expect(useApp.getState().toasts).toHaveLength(toasts + 1);
    expect(useApp.getState().toasts.at(-1)).toMatchObject({ kind: "error" });

    await vi.advanceTimersByTimeAsync(SAVE_RETRY_FIRST_MS + 1);
    expect(calls.save).toHaveLength(2);
    calls.save[1]!.reject(new BackendError("io", "the disk is full (0 bytes free)"));
    await vi.advanceTimersByTimeAsync(0);
    expect(useApp.getState().toasts).toHaveLength(toasts + 1);
    // The next try waits twice as long.
    await vi.advanceTimersByTimeAsync(SAVE_RETRY_FIRST_MS + 1);
    expect(calls.save).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(SAVE_RETRY_FIRST_MS + 1);
    expect(calls.save).toHaveLength(3);
    expect(calls.save[2]!.base).toBe(3);
    calls.save[2]!.resolve({
      canvas: calls.save[2]!.canvas,
      revision: 4,
      savedAt: "2026-12-06T09:30:00Z",
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(s().saveState).toBe("saved");
    // Nothing more is tried once saved.
    await vi.advanceTimersByTimeAsync(4 * SAVE_RETRY_FIRST_MS);
    expect(calls.save).toHaveLength(3);
  });

  it("a conflict stops autosave and tells the user", async () => {
    s().addCard("consumer");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    calls.save[0]!.reject(new BackendError("conflict", "revision 4 exists"));
    await vi.advanceTimersByTimeAsync(0);
    expect(s().saveState).toBe("conflict");
    expect(useApp.getState().toasts.at(-1)).toMatchObject({
      kind: "error",
      sticky: true,
      title: "Someone else saved this canvas",
      action: { label: "Merge…" },
    });
    s().addCard("consumer");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    expect(calls.save).toHaveLength(1);
  });
});

describe("a save that breaks consumers", () => {
  const impact = {
    productId: "orders",
    domain: "sales",
    impact: "breaking",
    changes: [
      {
        impact: "breaking",
        rule: "field-removed",
        reason: "Consumers reading this field lose it",
        kind: "removed",
        pointer: "/outputPorts/0/objects/0/fields/1",
        label: 'output port "orders" › field "email"',
        breaks: ["customer-360"],
      },
    ],
  };
  const saved = (i: number, revision: number) =>
    calls.save[i]!.resolve({ canvas: calls.save[i]!.canvas, revision, savedAt: "x" });

  it("is held, and the changes shown, until the owner confirms", async () => {
    calls.impact.push(impact);
    s().addCard("consumer");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    expect(calls.save).toHaveLength(0);
    expect(s().heldImpact).toEqual(impact);
    expect(s().impactOpen).toBe(true);
    // Closed, and edited on: still held, the dialog not forced open again.
    s().setImpactOpen(false);
    calls.impact.push(impact);
    s().addCard("consumer");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    expect(calls.save).toHaveLength(0);
    expect(s().impactOpen).toBe(false);

    const confirming = confirmBreakingSave();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.save).toHaveLength(1);
    expect(calls.save[0]!.canvas).toBe(s().history!.present);
    saved(0, 4);
    await confirming;
    expect(s().heldImpact).toBeNull();
    expect(s().saveState).toBe("saved");
    // The next edit is asked about again.
    const asked = calls.impactAsked;
    s().addCard("consumer");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    expect(calls.impactAsked).toBe(asked + 1);
    expect(calls.save).toHaveLength(2);
    saved(1, 5);
    await vi.advanceTimersByTimeAsync(0);
  });

  it("undone back to the saved canvas, nothing is held any more", async () => {
    calls.impact.push(impact);
    s().addCard("consumer");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    expect(s().heldImpact).not.toBeNull();
    s().undo();
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    expect(s().heldImpact).toBeNull();
    expect(s().saveState).toBe("saved");
    expect(calls.save).toHaveLength(0);
  });

  it("saves without asking once the edit no longer breaks anything", async () => {
    calls.impact.push(impact);
    s().addCard("consumer");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    expect(s().heldImpact).not.toBeNull();
    s().addCard("term");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    expect(calls.save).toHaveLength(1);
    expect(s().heldImpact).toBeNull();
    saved(0, 4);
    await vi.advanceTimersByTimeAsync(0);
  });

  it("leaving the board saves what is held: nothing typed is dropped", async () => {
    calls.impact.push(impact);
    s().addCard("consumer");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    expect(calls.save).toHaveLength(0);
    const leaving = flushSave();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.save).toHaveLength(1);
    saved(0, 4);
    await leaving;
    expect(s().saveState).toBe("saved");
  });
});

describe("a failing check", () => {
  it("is reported instead of 'all standards met', and cleared by the next good check", async () => {
    const { backend } = await import("../backend");
    const original = backend.canvasCheck;
    (backend as { canvasCheck: unknown }).canvasCheck = () =>
      Promise.reject(new BackendError("unexpected", "Command canvas_check not found"));
    calls.check[0]!.resolve([]);
    await vi.advanceTimersByTimeAsync(0);
    s().addCard("term");
    await vi.advanceTimersByTimeAsync(0);
    expect(s().checkError).toBe("Command canvas_check not found");
    (backend as { canvasCheck: unknown }).canvasCheck = original;
    s().addCard("term");
    await vi.advanceTimersByTimeAsync(0);
    calls.check.at(-1)!.resolve([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(s().checkError).toBeNull();
  });
});

describe("a previewed revision", () => {
  const old = () => {
    const c = ordersCanvas();
    return { ...c, product: { ...c.product, purpose: "The old purpose" } };
  };
  const info = {
    canvasId: "orders",
    revision: 2,
    author: "ana",
    message: "",
    createdAt: "2026-12-05T10:00:00Z",
    savePoint: null,
  };

  it("is never saved, nor checked: showing it and leaving it change nothing to save", async () => {
    calls.check[0]!.resolve([]);
    await vi.advanceTimersByTimeAsync(0);
    s().showPreview(info, { canvas: old(), revision: 2, savedAt: "x" });
    s().select("block:purpose");
    s().edit((c) => ({ ...c, product: { ...c.product, purpose: "typed into the preview" } }));
    s().endPreview();
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    await flushSave();
    expect(calls.save).toHaveLength(0);
    expect(calls.check).toHaveLength(1);
    expect(s().saveState).toBe("saved");
  });

  it("an edit made before it is saved as the open canvas, never as the preview", async () => {
    s().addCard("term");
    const edited = s().history!.present;
    s().showPreview(info, { canvas: old(), revision: 2, savedAt: "x" });
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    expect(calls.save).toHaveLength(1);
    expect(calls.save[0]!.canvas).toBe(edited);
    expect(calls.save[0]!.base).toBe(3);
    // Still previewing: the board shows revision 2 while the edit saves.
    expect(s().preview?.canvas.product.purpose).toBe("The old purpose");
  });
});

describe("merging after a conflict", () => {
  const withPurpose = (c: Canvas, purpose: string): Canvas => ({
    ...c,
    product: { ...c.product, purpose },
  });
  const purposeConflict = {
    pointer: "/product/purpose",
    label: "product › purpose",
    base: "Orders as placed",
    ours: "Mine",
    theirs: "Theirs",
  };
  const nameConflict = {
    pointer: "/product/name",
    label: "product › name",
    base: "Orders",
    ours: "My orders",
    theirs: null,
  };
  const ana = {
    canvasId: "orders",
    revision: 4,
    author: "ana",
    message: "Edited on the board",
    createdAt: "2026-12-06T10:00:00Z",
    savePoint: null,
  };
  const merge = () => useMerge.getState();
  const conflictToasts = () =>
    useApp.getState().toasts.filter((t) => t.title === "Someone else saved this canvas");

  beforeEach(() => {
    useApp.setState({ toasts: [] });
    calls.history = [ana];
  });

  /** An edit whose autosave finds revision 4 saved by someone else. */
  async function conflictOnSave() {
    s().addCard("consumer");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    calls.save.at(-1)!.reject(new BackendError("conflict", "revision 4 exists"));
    await vi.advanceTimersByTimeAsync(0);
  }

  it("without conflicts: the merge replaces the draft in one step and saves on the newest revision", async () => {
    await conflictOnSave();
    const draft = s().history!.present;
    expect(calls.merge).toHaveLength(1);
    expect(calls.merge[0]).toMatchObject({ canvas: draft, base: 3, choices: null });
    const merged = withPurpose(draft, "Their purpose");
    calls.merge[0]!.resolve({ canvas: merged, conflicts: [], revision: 4 });
    await vi.advanceTimersByTimeAsync(0);

    expect(merge().open).toBe(false);
    expect(s().history!.present).toBe(merged);
    expect(s().history!.past.at(-1)).toBe(draft);
    expect(s().revision).toBe(4);
    expect(calls.save).toHaveLength(2);
    expect(calls.save[1]).toMatchObject({
      canvas: merged,
      base: 4,
      message: "Merged with ana's save",
    });
    expect(conflictToasts()).toHaveLength(0);
    expect(useApp.getState().toasts.at(-1)).toMatchObject({ title: "Merged with ana's save" });
    expect(useApp.getState().toasts.at(-1)!.sticky).toBeFalsy();

    calls.save[1]!.resolve({ canvas: merged, revision: 5, savedAt: "2026-12-06T10:05:00Z" });
    await vi.advanceTimersByTimeAsync(0);
    expect(s().saveState).toBe("saved");
    expect(s().revision).toBe(5);
    // The next autosave is an autosave again.
    s().addCard("term");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    expect(calls.save[2]).toMatchObject({ base: 5, message: "Edited on the board" });
  });

  it("an edit made while the core merges is merged again, not dropped", async () => {
    await conflictOnSave();
    const first = s().history!.present;
    s().addCard("term");
    const typed = s().history!.present;
    calls.merge[0]!.resolve({ canvas: withPurpose(first, "x"), conflicts: [], revision: 4 });
    await vi.advanceTimersByTimeAsync(0);
    expect(s().history!.present).toBe(typed);
    expect(calls.merge).toHaveLength(2);
    expect(calls.merge[1]).toMatchObject({ canvas: typed, base: 3 });
    const merged = withPurpose(typed, "x");
    calls.merge[1]!.resolve({ canvas: merged, conflicts: [], revision: 4 });
    await vi.advanceTimersByTimeAsync(0);
    expect(s().history!.present).toBe(merged);
    expect(calls.save.at(-1)).toMatchObject({ canvas: merged, base: 4 });
  });

  it("with conflicts: the dialog opens on them, nothing is overwritten and autosave waits", async () => {
    await conflictOnSave();
    const draft = s().history!.present;
    calls.merge[0]!.resolve({
      canvas: withPurpose(draft, "Theirs"),
      conflicts: [purposeConflict, nameConflict],
      revision: 4,
    });
    await vi.advanceTimersByTimeAsync(0);

    expect(merge()).toMatchObject({
      open: true,
      conflicts: [purposeConflict, nameConflict],
      choices: [null, null],
      revision: 4,
      author: "ana",
    });
    expect(s().history!.present).toBe(draft);
    expect(s().revision).toBe(3);
    expect(s().saveState).toBe("conflict");
    expect(calls.save).toHaveLength(1);

    // Edits wait, and so does leaving the board.
    s().addCard("term");
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    await flushSave();
    expect(calls.save).toHaveLength(1);

    // Not every place has a side yet: nothing is asked.
    merge().choose(0, "ours");
    await saveMerged();
    expect(calls.merge).toHaveLength(1);
  });

  it("'Save merged' merges with the choices and saves on the newest revision; a third save merges again", async () => {
    await conflictOnSave();
    const draft = s().history!.present;
    calls.merge[0]!.resolve({
      canvas: withPurpose(draft, "Theirs"),
      conflicts: [purposeConflict, nameConflict],
      revision: 4,
    });
    await vi.advanceTimersByTimeAsync(0);
    merge().chooseAll("theirs");
    merge().choose(0, "ours");
    const saving = saveMerged();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.merge[1]).toMatchObject({ canvas: draft, base: 3, choices: ["ours", "theirs"] });
    expect(merge().busy).toBe(true);
    const merged = withPurpose(draft, "Mine");
    calls.merge[1]!.resolve({
      canvas: merged,
      conflicts: [purposeConflict, nameConflict],
      revision: 4,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(merge().open).toBe(false);
    expect(s().history!.present).toBe(merged);
    expect(s().revision).toBe(4);
    expect(calls.save.at(-1)).toMatchObject({ canvas: merged, base: 4 });

    // Someone saved revision 5 meanwhile: the merged canvas is merged again, on 4.
    calls.save.at(-1)!.reject(new BackendError("conflict", "revision 5 exists"));
    await saving;
    await vi.advanceTimersByTimeAsync(0);
    expect(s().saveState).toBe("conflict");
    expect(calls.merge).toHaveLength(3);
    expect(calls.merge[2]).toMatchObject({ canvas: merged, base: 4, choices: null });
    const again = withPurpose(merged, "Mine, again");
    calls.merge[2]!.resolve({ canvas: again, conflicts: [], revision: 5 });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.save.at(-1)).toMatchObject({ canvas: again, base: 5 });
    calls.save.at(-1)!.resolve({ canvas: again, revision: 6, savedAt: "x" });
    await vi.advanceTimersByTimeAsync(0);
    expect(s().saveState).toBe("saved");
    expect(s().revision).toBe(6);
  });

  it("conflicts that changed under the dialog are shown again, with the choices that still hold", async () => {
    await conflictOnSave();
    const draft = s().history!.present;
    calls.merge[0]!.resolve({
      canvas: draft,
      conflicts: [purposeConflict, nameConflict],
      revision: 4,
    });
    await vi.advanceTimersByTimeAsync(0);
    merge().chooseAll("ours");
    void saveMerged();
    await vi.advanceTimersByTimeAsync(0);
    const changed = { ...nameConflict, theirs: "Their orders" };
    calls.merge[1]!.resolve({ canvas: draft, conflicts: [purposeConflict, changed], revision: 5 });
    await vi.advanceTimersByTimeAsync(0);
    expect(merge()).toMatchObject({
      open: true,
      busy: false,
      conflicts: [purposeConflict, changed],
      choices: ["ours", null],
      revision: 5,
      notice: MERGE_CHANGED,
    });
    expect(calls.save).toHaveLength(1);
    expect(s().revision).toBe(3);
  });

  it("choices that no longer fit (the core refuses them): the conflicts are asked again", async () => {
    await conflictOnSave();
    const draft = s().history!.present;
    calls.merge[0]!.resolve({ canvas: draft, conflicts: [purposeConflict], revision: 4 });
    await vi.advanceTimersByTimeAsync(0);
    merge().choose(0, "theirs");
    void saveMerged();
    await vi.advanceTimersByTimeAsync(0);
    calls.merge[1]!.reject(
      new BackendError("invalidArgument", "1 choices were given for 2 conflicts"),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.merge[2]).toMatchObject({ canvas: draft, base: 3, choices: null });
    calls.merge[2]!.resolve({
      canvas: draft,
      conflicts: [purposeConflict, nameConflict],
      revision: 5,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(merge()).toMatchObject({
      open: true,
      choices: ["theirs", null],
      notice: MERGE_CHANGED,
      error: null,
    });
  });

  it("cancel keeps the draft, unsaved, in conflict; the toast's 'Merge…' opens the dialog again", async () => {
    await conflictOnSave();
    const draft = s().history!.present;
    calls.merge[0]!.resolve({ canvas: draft, conflicts: [purposeConflict], revision: 4 });
    await vi.advanceTimersByTimeAsync(0);
    // The toast was dismissed while the dialog was open.
    for (const t of conflictToasts()) useApp.getState().dismiss(t.id);
    cancelMerge();
    expect(merge().open).toBe(false);
    expect(s().history!.present).toBe(draft);
    expect(s().saveState).toBe("conflict");
    expect(s().revision).toBe(3);
    const [toast] = conflictToasts();
    expect(toast).toMatchObject({ sticky: true, action: { label: "Merge…" } });
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 1);
    expect(calls.save).toHaveLength(1);

    toast!.action!.run();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.merge).toHaveLength(2);
    calls.merge[1]!.resolve({ canvas: draft, conflicts: [purposeConflict], revision: 4 });
    await vi.advanceTimersByTimeAsync(0);
    expect(merge()).toMatchObject({ open: true, choices: [null] });
  });

  it("a merge that cannot be made opens the dialog on the reason, nothing saved", async () => {
    await conflictOnSave();
    calls.merge[0]!.reject(
      new BackendError("invalidArgument", "the merged canvas is not a valid canvas"),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(merge()).toMatchObject({
      open: true,
      failed: true,
      error: "the merged canvas is not a valid canvas",
    });
    expect(calls.save).toHaveLength(1);
    expect(s().saveState).toBe("conflict");
  });

  it("leaving the board closes the dialog", async () => {
    await conflictOnSave();
    calls.merge[0]!.resolve({
      canvas: s().history!.present,
      conflicts: [purposeConflict],
      revision: 4,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(merge().open).toBe(true);
    stop();
    expect(merge().open).toBe(false);
    stop = startSync();
  });
});
