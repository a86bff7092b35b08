import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { finding, ON_ORDERS_PORT, ordersCanvas } from "../test/fixtures";
import { BLOCKS } from "../logic/blocks";
import { cardFace, listCards, nodeOfKey } from "../logic/cards";
import { digestLine } from "../logic/contract";
import { addObject, removeObject, replaceObject, withPricing } from "../logic/objects";
import { addField } from "../logic/schema";
import { previewing, READ_ONLY, shownCanvas, shownSelected, useBoard } from "./board";
import type { RevisionInfo } from "../bindings/RevisionInfo";

const s = () => useBoard.getState();
const canvas = () => s().history!.present;
/** The node id of the card stored under `key` on the board now. */
const node = (key: string) => nodeOfKey(canvas(), key)!;

beforeEach(() => {
  s().open({ canvas: ordersCanvas(), revision: 3, savedAt: "2026-12-06T09:30:00Z" });
});

describe("board store", () => {
  it("derives block, card and note nodes from the canvas", () => {
    const ids = s().nodes.map((n) => n.id);
    expect(ids.filter((i) => i.startsWith("block:"))).toHaveLength(BLOCKS.length);
    expect(ids).toContain(node("outputPort:orders"));
    expect(ids).toContain(node("term:Order/Line"));
    expect(s().saveState).toBe("saved");
  });

  it("adding a card selects it and marks the board dirty", () => {
    const key = s().addCard("outputPort");
    expect(s().selected).toBe(key);
    expect(s().nodes.find((n) => n.id === key)?.selected).toBe(true);
    expect(s().saveState).toBe("dirty");
  });

  it("a drag moves the node live and writes the layout once, on drop", () => {
    const before = canvas();
    const port = node("outputPort:orders");
    s().onNodesChange([{ type: "position", id: port, position: { x: 10, y: 20 }, dragging: true }]);
    expect(canvas()).toBe(before);
    expect(s().nodes.find((n) => n.id === port)?.position).toEqual({ x: 10, y: 20 });
    // Dropped inside the Output ports block.
    s().commitDrag([{ id: port, position: { x: 1300.2, y: 340.7 } }]);
    expect(canvas().layout.cards["outputPort:orders"]).toEqual({ x: 1300, y: 341 });
    s().undo();
    expect(canvas()).toBe(before);
    expect(s().nodes.find((n) => n.id === port)?.position).not.toEqual({
      x: 1300,
      y: 341,
    });
  });

  it("a card dropped outside its block snaps back into it, on the board too", () => {
    const port = node("outputPort:orders");
    s().onNodesChange([
      { type: "position", id: port, position: { x: -400, y: 2000 }, dragging: true },
    ]);
    s().commitDrag([{ id: port, position: { x: -400, y: 2000 } }]);
    const stored = canvas().layout.cards["outputPort:orders"]!;
    expect(stored.x).toBeGreaterThan(1200);
    expect(s().nodes.find((n) => n.id === port)?.position).toEqual(stored);
  });

  it("undo and redo restore whole edits, and the saved state", () => {
    s().addCard("consumer");
    expect(canvas().consumers).toHaveLength(2);
    s().undo();
    expect(canvas().consumers).toHaveLength(1);
    expect(s().saveState).toBe("saved");
    expect(s().selected).toBeNull();
    s().redo();
    expect(canvas().consumers).toHaveLength(2);
  });

  it("editing a card's id keeps it selected: its node is the same card", () => {
    const port = node("outputPort:orders");
    s().select(port);
    expect(s().updateCard(port, { ...canvas().outputPorts[0]!, id: "orders2" })).toBeNull();
    expect(s().selected).toBe(port);
    expect(node("outputPort:orders2")).toBe(port);
    expect(s().nodes.filter((n) => n.type === "card")).toHaveLength(listCards(canvas()).length);
  });

  it("typing into one card is one undo step", () => {
    const port = canvas().outputPorts[0]!;
    const n = node("outputPort:orders");
    for (const name of ["O", "Or", "Ord"]) s().updateCard(n, { ...canvas().outputPorts[0]!, name });
    expect(canvas().outputPorts[0]!.name).toBe("Ord");
    s().undo();
    expect(canvas().outputPorts[0]!.name).toBe(port.name);
  });

  it("a new consumer given an existing id is refused; no card is lost; undo restores exactly", () => {
    const start = canvas();
    const finance = node("consumer:finance");
    const added = s().addCard("consumer");
    const afterAdd = canvas();
    const cardsBefore = s()
      .nodes.filter((n) => n.type === "card")
      .map((n) => n.id);
    // Typing "finance" into the new card's id: every prefix applies, the
    // whole word is refused.
    const refusals = ["f", "fi", "fin", "fina", "finan", "financ", "finance"].map((id) =>
      s().updateCard(added, { ...canvas().consumers[1]!, id }),
    );
    expect(refusals.slice(0, -1)).toEqual([null, null, null, null, null, null]);
    expect(refusals.at(-1)).toBe("Another consumer (“Finance”) already has the id “finance”.");
    expect(canvas().consumers.map((c) => c.id)).toEqual(["finance", "financ"]);
    // Both cards are on the board, the selection is still the new card.
    expect(
      s()
        .nodes.filter((n) => n.type === "card")
        .map((n) => n.id),
    ).toEqual(cardsBefore);
    expect(s().selected).toBe(added);
    expect(node("consumer:finance")).toBe(finance);
    expect(canvas().consumers[0]).toBe(start.consumers[0]);
    // The typing is one step: undo gives back the canvas as it was added.
    s().undo();
    expect(canvas()).toBe(afterAdd);
    expect(s().selected).toBe(added);
    s().undo();
    expect(canvas()).toBe(start);
    expect(s().selected).toBeNull();
  });

  it("a new term renamed to an existing one (any case) is refused", () => {
    const added = s().addCard("term");
    const before = canvas();
    const problem = s().updateCard(added, {
      ...canvas().ubiquitousLanguage[1]!,
      term: "order/line",
    });
    expect(problem).toMatch(/^The term “Order\/Line” is already defined/);
    expect(canvas()).toBe(before);
    expect(canvas().ubiquitousLanguage.map((t) => t.term)).toEqual(["Order/Line", "New term"]);
  });

  it("a canvas reloaded from the store keeps the selected card selected", () => {
    const port = node("outputPort:orders");
    s().select(port);
    s().replaceFromStore({
      canvas: structuredClone(canvas()),
      revision: 9,
      savedAt: "2026-12-06T09:30:00Z",
    });
    expect(s().selected).toBe(port);
    expect(node("outputPort:orders")).toBe(port);
  });

  describe("with the focus on a form control", () => {
    class FakeElement {}
    class FakeInput extends FakeElement {
      constructor(public type: string) {
        super();
      }
    }
    class FakeSelect extends FakeElement {}
    const focus = { activeElement: null as unknown };
    beforeEach(() => {
      vi.stubGlobal("HTMLElement", FakeElement);
      vi.stubGlobal("HTMLInputElement", FakeInput);
      vi.stubGlobal("document", focus);
    });
    afterEach(() => vi.unstubAllGlobals());
    const port = () => canvas().outputPorts[0]!;
    const table = () => port().objects[0]!;
    const field = () => table().fields[0]!;
    const setField = (patch: object) =>
      s().updateCard(
        node("outputPort:orders"),
        replaceObject(port(), 0, {
          ...table(),
          fields: [{ ...field(), ...patch }, ...table().fields.slice(1)],
        }),
      );

    it("a box ticked or a choice made on a card right after typing is its own undo step", () => {
      const name = field().name;
      focus.activeElement = new FakeInput("text");
      for (const n of ["e", "em", "email"]) setField({ name: n });
      focus.activeElement = new FakeInput("checkbox");
      setField({ pii: !field().pii });
      focus.activeElement = new FakeSelect();
      setField({ classification: "restricted" });
      const typed = port();

      s().undo();
      expect(field().classification).not.toBe("restricted");
      expect(field().name).toBe("email");
      expect(field().pii).toBe(typed.objects[0]!.fields[0]!.pii);
      s().undo();
      expect(field().pii).toBe(!typed.objects[0]!.fields[0]!.pii);
      expect(field().name).toBe("email");
      s().undo();
      expect(field().name).toBe(name);
    });

    it("typing into another text box of the same card starts a new step", () => {
      const description = port().description;
      focus.activeElement = new FakeInput("text");
      for (const n of ["O", "Or"])
        s().updateCard(node("outputPort:orders"), { ...port(), name: n });
      focus.activeElement = new FakeInput("text");
      for (const d of ["x", "xy"])
        s().updateCard(node("outputPort:orders"), { ...port(), description: d });
      s().undo();
      expect(port().description).toBe(description);
      expect(port().name).toBe("Or");
    });
  });

  it("deletes the selected card or note", () => {
    s().select(node("policy:gdpr"));
    s().deleteSelected();
    expect(canvas().policies).toHaveLength(0);
    const note = s().addNote({ x: 0, y: 0 });
    expect(s().selected).toBe(note);
    s().deleteSelected();
    expect(canvas().layout.notes).toHaveLength(0);
  });

  it("select changes from React Flow become the store's selection", () => {
    const finance = node("consumer:finance");
    s().onNodesChange([{ type: "select", id: finance, selected: true }]);
    expect(s().selected).toBe(finance);
    s().onNodesChange([{ type: "select", id: finance, selected: false }]);
    expect(s().selected).toBeNull();
  });

  it("findings become badges on cards and blocks", () => {
    s().setFindings(
      [finding("/outputPorts/0/objects/0/fields/1/pii", "error", false, ON_ORDERS_PORT)],
      canvas(),
    );
    expect(s().badges[node("outputPort:orders")]?.errors).toBe(1);
    expect(s().badges["block:outputPorts"]?.errors).toBe(1);
    s().setFindings([], canvas());
    expect(s().badges[node("outputPort:orders")]).toBeUndefined();
  });

  it("markSaved records the revision and its time, and stays dirty if edited meanwhile", () => {
    s().addCard("term");
    const sent = canvas();
    s().addCard("term");
    s().markSaved({ canvas: sent, revision: 4, savedAt: "2026-12-07T08:00:00Z" }, sent);
    expect(s().revision).toBe(4);
    expect(s().savedAt).toBe("2026-12-07T08:00:00Z");
    expect(s().saveState).toBe("dirty");
  });

  it("a late close of an earlier session leaves the board open", () => {
    const first = s().session;
    s().open({ canvas: ordersCanvas(), revision: 1, savedAt: "2026-12-06T09:30:00Z" });
    s().close(first);
    expect(s().history).not.toBeNull();
  });
});

describe("toasts", () => {
  it("show a repeated failure once", async () => {
    const { useApp } = await import("./app");
    const a = useApp
      .getState()
      .toast({ kind: "error", title: "Live check failed", detail: "x", sticky: true });
    const b = useApp
      .getState()
      .toast({ kind: "error", title: "Live check failed", detail: "x", sticky: true });
    expect(b).toBe(a);
    expect(useApp.getState().toasts.filter((t) => t.title === "Live check failed")).toHaveLength(1);
  });
});

describe("output port contract edits", () => {
  it("a server added in the inspector is on the card's digest and one undo removes it", () => {
    const port = node("outputPort:orders");
    const before = canvas();
    const item = before.outputPorts[0]!;
    expect(cardFace("outputPort", item).digest).toEqual({
      tables: ["orders"],
      fields: 2,
      servers: [],
      quality: 0,
    });
    s().updateCard(port, {
      ...replaceObject(item, 0, {
        ...item.objects[0]!,
        quality: [{ type: "library", metric: "rowCount", extensions: { mustBeGreaterThan: 0 } }],
      }),
      servers: [{ server: "production", type: "postgres", environment: "prod" }],
    });
    const after = canvas().outputPorts[0]!;
    expect(digestLine(cardFace("outputPort", after).digest!)).toBe(
      "1 table · 2 fields · 1 server · 1 quality rule",
    );
    expect(s().saveState).toBe("dirty");
    s().undo();
    expect(canvas()).toBe(before);
    s().redo();
    expect(canvas().outputPorts[0]!.servers).toEqual([
      { server: "production", type: "postgres", environment: "prod" },
    ]);
  });

  describe("made with buttons in the inspector (each its own undo step)", () => {
    class FakeElement {}
    beforeEach(() => {
      vi.stubGlobal("HTMLElement", FakeElement);
      vi.stubGlobal("document", { activeElement: new FakeElement() });
    });
    afterEach(() => vi.unstubAllGlobals());

    it("a second table and its fields are added in steps one undo each takes back", () => {
      const port = node("outputPort:orders");
      const before = canvas();
      const withTable = addObject(canvas().outputPorts[0]!);
      expect(withTable.index).toBe(1);
      s().updateCard(port, withTable.port);
      const added = canvas().outputPorts[0]!.objects[1]!;
      expect(added).toEqual({
        name: "table_2",
        physicalName: "",
        physicalType: "table",
        businessName: "",
        description: "",
        fields: [],
      });
      const afterTable = canvas();
      for (let n = 0; n < 2; n++) {
        const p = canvas().outputPorts[0]!;
        const t = p.objects[1]!;
        s().updateCard(port, replaceObject(p, 1, { ...t, fields: addField(t.fields, []).fields }));
      }
      const p = canvas().outputPorts[0]!;
      expect(p.objects.map((o) => o.fields.map((f) => f.name))).toEqual([
        ["order_id", "email"],
        ["field_1", "field_2"],
      ]);
      // The first table is the very object it was.
      expect(p.objects[0]).toBe(before.outputPorts[0]!.objects[0]);
      const face = cardFace("outputPort", p);
      expect(digestLine(face.digest!)).toBe("2 tables · 4 fields");
      s().undo();
      s().undo();
      expect(canvas()).toBe(afterTable);
      s().undo();
      expect(canvas()).toBe(before);
    });

    it("a removed table goes with its fields, and one undo brings it back", () => {
      const port = node("outputPort:orders");
      const two = addObject(canvas().outputPorts[0]!).port;
      s().updateCard(port, two);
      const before = canvas();
      s().updateCard(port, removeObject(canvas().outputPorts[0]!, 0));
      expect(canvas().outputPorts[0]!.objects.map((o) => o.name)).toEqual(["table_2"]);
      expect(digestLine(cardFace("outputPort", canvas().outputPorts[0]!).digest!)).toBe("1 table");
      s().undo();
      expect(canvas()).toBe(before);
      expect(canvas().outputPorts[0]!.objects[0]!.fields.map((f) => f.name)).toEqual([
        "order_id",
        "email",
      ]);
      s().redo();
      expect(canvas().outputPorts[0]!.objects).toHaveLength(1);
    });

    it("a price cleared box by box leaves the port as it was, with no pricing key", () => {
      const port = node("outputPort:orders");
      const original = canvas().outputPorts[0]!;
      let p = withPricing(original, { amount: 0.5 });
      p = withPricing(p, { currency: "EUR" });
      p = withPricing(p, { unit: "query" });
      s().updateCard(port, p);
      expect(canvas().outputPorts[0]!.pricing).toEqual({
        amount: 0.5,
        currency: "EUR",
        unit: "query",
      });
      p = withPricing(canvas().outputPorts[0]!, { currency: "" });
      expect(p.pricing).toEqual({ amount: 0.5, unit: "query" });
      p = withPricing(withPricing(p, { amount: null }), { unit: "" });
      s().updateCard(port, p);
      const cleared = canvas().outputPorts[0]!;
      expect(cleared.pricing).toBeUndefined();
      expect("pricing" in cleared).toBe(false);
      expect(JSON.stringify(cleared)).toBe(JSON.stringify(original));
    });
  });

  it("shows first on a deprecated port's card the day it goes, or that nobody said", () => {
    const item = canvas().outputPorts[0]!;
    expect(cardFace("outputPort", item).meta).not.toMatch(/sunset/);
    const deprecated = { ...item, status: "deprecated" as const };
    expect(cardFace("outputPort", deprecated).meta).toMatch(/^deprecated, no sunset · /);
    expect(cardFace("outputPort", { ...deprecated, sunset: "2027-03-31" }).meta).toMatch(
      /^sunset 2027-03-31 · /,
    );
  });
});

describe("previewing an old revision", () => {
  /** Revision 2 of the orders canvas: another purpose, no consumer. */
  const old = () => {
    const c = ordersCanvas();
    return { ...c, product: { ...c.product, purpose: "The old purpose" }, consumers: [] };
  };
  const info: RevisionInfo = {
    canvasId: "orders",
    revision: 2,
    author: "ana",
    message: "Edited on the board",
    createdAt: "2026-12-05T10:00:00Z",
    savePoint: null,
  };
  const showOld = () =>
    s().showPreview(info, { canvas: old(), revision: 2, savedAt: "2026-12-05T10:00:00Z" });

  it("shows the revision's cards instead of the open canvas's, which stays as it was", () => {
    const before = canvas();
    showOld();
    expect(previewing(s())).toBe(true);
    expect(shownCanvas(s())!.product.purpose).toBe("The old purpose");
    expect(s().preview!.nodes.filter((n) => n.type === "card")).toHaveLength(
      listCards(old()).length,
    );
    expect(s().preview!.nodes.some((n) => n.id === node("consumer:finance"))).toBe(false);
    expect(canvas()).toBe(before);
    expect(s().nodes.some((n) => n.id === node("consumer:finance"))).toBe(true);
  });

  it("refuses every edit, to the preview and to the open canvas", () => {
    const port = node("outputPort:orders");
    s().select(port);
    s().addCard("term");
    const present = canvas();
    const history = s().history;
    showOld();
    const shown = shownCanvas(s());
    s().select(port);
    expect(s().addCard("consumer")).toBe("");
    expect(s().addNote({ x: 10, y: 10 })).toBe("");
    expect(s().updateCard(port, { ...shown!.outputPorts[0]!, name: "Renamed" })).toBe(READ_ONLY);
    s().edit((c) => ({ ...c, product: { ...c.product, name: "Renamed" } }));
    s().commitDrag([{ id: port, position: { x: 1300, y: 400 } }]);
    s().deleteSelected();
    s().undo();
    s().redo();
    expect(s().history).toBe(history);
    expect(canvas()).toBe(present);
    expect(shownCanvas(s())).toBe(shown);
    expect(s().saveState).toBe("dirty");
  });

  it("is not dragged: React Flow's moves are dropped, its selection and sizes taken", () => {
    showOld();
    const port = nodeOfKey(shownCanvas(s())!, "outputPort:orders")!;
    const at = s().preview!.nodes.find((n) => n.id === port)!.position;
    const current = s().nodes;
    s().onNodesChange([
      { type: "position", id: port, position: { x: 10, y: 20 }, dragging: true },
      { type: "dimensions", id: port, dimensions: { width: 200, height: 90 } },
      { type: "select", id: port, selected: true },
      { type: "remove", id: port },
    ]);
    const moved = s().preview!.nodes.find((n) => n.id === port)!;
    expect(moved.position).toEqual(at);
    expect(moved.measured).toEqual({ width: 200, height: 90 });
    expect(shownSelected(s())).toBe(port);
    expect(s().nodes).toBe(current);
  });

  it("back to current gives the canvas, its selection, undo steps and unsaved edits as they were", () => {
    const added = s().addCard("policy");
    const state = {
      history: s().history,
      selected: s().selected,
      nodes: s().nodes,
      saveState: s().saveState,
    };
    showOld();
    s().select(null);
    s().select("block:purpose");
    expect(shownSelected(s())).toBe("block:purpose");
    expect(s().selected).toBe(added);
    s().endPreview();
    expect(previewing(s())).toBe(false);
    expect({
      history: s().history,
      selected: s().selected,
      nodes: s().nodes,
      saveState: s().saveState,
    }).toEqual(state);
    expect(s().history).toBe(state.history);
    s().undo();
    expect(canvas().policies).toHaveLength(ordersCanvas().policies.length);
  });

  it("a revision of another canvas is not shown (the board moved on while it loaded)", () => {
    const other = { ...old(), product: { ...old().product, id: "payments" } };
    s().showPreview(info, { canvas: other, revision: 2, savedAt: "x" });
    expect(s().preview).toBeNull();
  });

  it("ends with a restore, which shows the restored canvas, and with a board closed", () => {
    showOld();
    s().replaceFromStore({ canvas: old(), revision: 4, savedAt: "2026-12-06T10:00:00Z" });
    expect(s().preview).toBeNull();
    expect(canvas().product.purpose).toBe("The old purpose");
    expect(s().revision).toBe(4);
    showOld();
    s().close();
    expect(s().preview).toBeNull();
  });
});
