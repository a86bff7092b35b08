import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Canvas } from "../bindings/Canvas";
import type { Converted } from "../bindings/Converted";
import type { WorkshopAction } from "../bindings/WorkshopAction";
import { ordersCanvas } from "../test/fixtures";

// The backend is the only thing faked: it answers as the core would, for
// the parts these tests need.
const calls = vi.hoisted(() => ({
  act: [] as { canvas: Canvas; action: WorkshopAction }[],
  /** Runs while the core "works", before it answers: an edit made meanwhile. */
  meanwhile: null as (() => void) | null,
  fail: null as Error | null,
}));
vi.mock("../backend", async (orig) => {
  const real = await orig<typeof import("../backend")>();
  const session = (canvas: Canvas, current: number): Canvas => ({
    ...canvas,
    layout: {
      ...canvas.layout,
      workshop: {
        started: "2025-03-01T09:00:00Z",
        current,
        clockStarted: "2025-03-01T09:00:00Z",
        steps: [],
        participants: [],
        parkingLot: [],
        decisions: [],
      },
    },
  });
  const answer = async <T>(value: () => T): Promise<T> => {
    await Promise.resolve();
    const run = calls.meanwhile;
    calls.meanwhile = null;
    run?.();
    if (calls.fail) throw calls.fail;
    return value();
  };
  return {
    ...real,
    backend: {
      workshopStart: (canvas: Canvas) => answer(() => session(canvas, 1)),
      workshopAct: (canvas: Canvas, action: WorkshopAction) => {
        calls.act.push({ canvas, action });
        return answer(() => session(canvas, (canvas.layout.workshop?.current ?? 1) + 1));
      },
      workshopConvert: (canvas: Canvas, noteId: string): Promise<Converted> =>
        answer(() => {
          const port = { ...canvas.outputPorts[0]!, name: "Orders from a sticky" };
          return {
            canvas: {
              ...canvas,
              outputPorts: [port, ...canvas.outputPorts.slice(1)],
              layout: {
                ...canvas.layout,
                notes: canvas.layout.notes.map((n) =>
                  n.id === noteId ? { ...n, became: "outputPort:orders" } : n,
                ),
              },
            },
            card: { kind: "outputPort", id: "orders", index: 0 },
            pointer: "/outputPorts/0",
          };
        }),
    },
  };
});

const { useBoard } = await import("./board");
const { useApp } = await import("./app");
const { convertSticky, startWorkshop, useWorkshop, workshopAct, workshopOnLoad } =
  await import("./workshop");
const { nodeOfKey } = await import("../logic/cards");

const s = () => useBoard.getState();
const canvas = () => s().history!.present;

function withNote(c: Canvas): Canvas {
  const note = { id: "note-a", text: "Orders", x: 0, y: 0, color: "yellow", step: 4 };
  return { ...c, layout: { ...c.layout, notes: [note] } };
}

beforeEach(() => {
  calls.act.length = 0;
  calls.meanwhile = null;
  calls.fail = null;
  useApp.setState({ toasts: [] });
  useWorkshop.setState({ open: false, openOnLoad: null, participant: "FA" });
  s().open({ canvas: withNote(ordersCanvas()), revision: 1, savedAt: "2025-03-01T08:00:00Z" });
});

describe("workshop actions", () => {
  it("starts a workshop as one undo step and opens the view", async () => {
    await startWorkshop();
    expect(canvas().layout.workshop?.current).toBe(1);
    expect(useWorkshop.getState().open).toBe(true);
    expect(s().history!.past).toHaveLength(1);
    expect(s().saveState).toBe("dirty");
    s().undo();
    expect(canvas().layout.workshop).toBeUndefined();
  });

  it("resumes an unfinished workshop without asking the core", async () => {
    await startWorkshop();
    useWorkshop.getState().setOpen(false);
    await startWorkshop();
    expect(useWorkshop.getState().open).toBe(true);
    expect(s().history!.past).toHaveLength(1);
  });

  it("applies a clock action's session onto an edit made while the core answered", async () => {
    await startWorkshop();
    calls.meanwhile = () =>
      s().edit((c) => ({ ...c, product: { ...c.product, purpose: "typed meanwhile" } }));
    expect(await workshopAct({ action: "next" })).toBe(true);
    expect(calls.act[0]!.action).toEqual({ action: "next" });
    expect(canvas().layout.workshop?.current).toBe(2);
    expect(canvas().product.purpose).toBe("typed meanwhile");
  });

  it("shows the core's refusal as an error toast and changes nothing", async () => {
    await startWorkshop();
    const before = canvas();
    calls.fail = new Error("there is no step 11: the steps are 1 to 10");
    expect(await workshopAct({ action: "jump", step: 11 })).toBe(false);
    expect(canvas()).toBe(before);
    expect(useApp.getState().toasts.map((t) => t.kind)).toEqual(["error"]);
  });

  it("turns a sticky into a card as one undo step and selects the card", async () => {
    const steps = s().history!.past.length;
    const node = await convertSticky("note-a", "outputPort", null);
    expect(node).toBe(nodeOfKey(canvas(), "outputPort:orders"));
    expect(s().selected).toBe(node);
    expect(s().focusPointer).toBe("/outputPorts/0");
    expect(canvas().layout.notes[0]!.became).toBe("outputPort:orders");
    expect(s().history!.past).toHaveLength(steps + 1);
  });

  it("asks again when the canvas changed while a sticky was turned into a card", async () => {
    calls.meanwhile = () =>
      s().edit((c) => ({ ...c, product: { ...c.product, purpose: "typed meanwhile" } }));
    await convertSticky("note-a", "outputPort", null);
    expect(canvas().product.purpose).toBe("typed meanwhile");
    expect(canvas().outputPorts[0]!.name).toBe("Orders from a sticky");
  });
});

describe("workshopOnLoad", () => {
  it("opens the view for a canvas just made for a workshop, once", () => {
    useWorkshop.getState().setOpenOnLoad("orders");
    workshopOnLoad("orders");
    expect(useWorkshop.getState()).toMatchObject({ open: true, openOnLoad: null });
  });

  it("starts any other board on the board", () => {
    useWorkshop.setState({ open: true, openOnLoad: "other" });
    workshopOnLoad("orders");
    expect(useWorkshop.getState()).toMatchObject({ open: false, openOnLoad: "other" });
  });
});
