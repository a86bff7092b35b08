import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Canvas } from "../bindings/Canvas";
import { finding, ON_ORDERS_PORT, ordersCanvas } from "../test/fixtures";

// The backend is the only thing faked: the store, timers and sync logic are real.
const calls = vi.hoisted(() => ({
  check: [] as { canvas: Canvas; resolve: (f: unknown) => void }[],
  save: [] as {
    canvas: Canvas;
    base: number;
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
  }[],
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
      canvasSave: (canvas: Canvas, base: number) =>
        new Promise((resolve, reject) => calls.save.push({ canvas, base, resolve, reject })),
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
const { SAVE_DELAY_MS, SAVE_RETRY_FIRST_MS, confirmBreakingSave, flushSave, startSync } =
  await import("./sync");
const { useApp } = await import("./app");

let stop: () => void;
const s = () => useBoard.getState();

beforeEach(() => {
  vi.useFakeTimers();
  calls.check.length = 0;
  calls.save.length = 0;
  calls.impact.length = 0;
  calls.impactAsked = 0;
  s().open({ canvas: ordersCanvas(), revision: 3, savedAt: "2026-12-06T09:30:00Z" });
  stop = startSync();
});
afterEach(() => {
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
      action: { label: "Keep mine" },
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
