import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Canvas } from "../bindings/Canvas";
import { finding, ordersCanvas } from "../test/fixtures";

// The backend is the only thing faked: the store, timers and sync logic are real.
const calls = vi.hoisted(() => ({
  check: [] as { canvas: Canvas; resolve: (f: unknown) => void }[],
  save: [] as {
    canvas: Canvas;
    base: number;
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
  }[],
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
      canvasLoad: vi.fn(),
    },
  };
});

const { BackendError } = await import("../backend");
const { useBoard } = await import("./board");
const { CHECK_DELAY_MS, SAVE_DELAY_MS, startSync } = await import("./sync");
const { useApp } = await import("./app");

let stop: () => void;
const s = () => useBoard.getState();

beforeEach(() => {
  vi.useFakeTimers();
  calls.check.length = 0;
  calls.save.length = 0;
  s().open({ canvas: ordersCanvas(), revision: 3 });
  stop = startSync();
});
afterEach(() => {
  stop();
  vi.useRealTimers();
});

describe("live check", () => {
  it("checks on open and once per burst of edits", async () => {
    expect(calls.check).toHaveLength(1);
    s().addCard("term");
    s().addCard("term");
    await vi.advanceTimersByTimeAsync(CHECK_DELAY_MS + 1);
    expect(calls.check).toHaveLength(2);
    expect(calls.check[1]!.canvas).toBe(s().history!.present);
  });

  it("drops an answer for an older canvas", async () => {
    s().addCard("term");
    await vi.advanceTimersByTimeAsync(CHECK_DELAY_MS + 1);
    const [first, second] = calls.check;
    second!.resolve([]);
    await vi.advanceTimersByTimeAsync(0);
    first!.resolve([finding("/outputPorts/0")]);
    await vi.advanceTimersByTimeAsync(0);
    expect(s().findings).toEqual([]);
    expect(s().badges["outputPort:orders"]).toBeUndefined();
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
    calls.save[0]!.resolve({ canvas: calls.save[0]!.canvas, revision: 4 });
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

describe("a failing check", () => {
  it("is reported instead of 'all standards met', and cleared by the next good check", async () => {
    const { backend } = await import("../backend");
    const original = backend.canvasCheck;
    (backend as { canvasCheck: unknown }).canvasCheck = () =>
      Promise.reject(new BackendError("unexpected", "Command canvas_check not found"));
    s().addCard("term");
    await vi.advanceTimersByTimeAsync(CHECK_DELAY_MS + 1);
    expect(s().checkError).toBe("Command canvas_check not found");
    (backend as { canvasCheck: unknown }).canvasCheck = original;
    s().addCard("term");
    await vi.advanceTimersByTimeAsync(CHECK_DELAY_MS + 1);
    calls.check.at(-1)!.resolve([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(s().checkError).toBeNull();
  });
});
