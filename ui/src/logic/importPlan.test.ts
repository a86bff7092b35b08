import { describe, expect, it } from "vitest";
import type { ImportItem } from "../bindings/ImportItem";
import { blankCanvas } from "./skeleton";
import { ordersCanvas } from "../test/fixtures";
import {
  canAttach,
  canReplace,
  choicesOf,
  initialRow,
  rowProblem,
  type ImportRow,
} from "./importPlan";

function item(over: Partial<ImportItem> = {}): ImportItem {
  return {
    imported: {
      canvas: ordersCanvas(),
      sources: ["orders.canvas.json"],
      keptInExtensions: [],
      warnings: [],
    },
    suggestedId: "orders-2",
    suggestedName: "Orders",
    existing: { id: "orders", name: "Orders", deleted: false },
    ...over,
  };
}

const taken = new Set(["orders", "returns", "old"]);

describe("import plan", () => {
  it("starts every row as a new canvas with the suggested id and name", () => {
    expect(initialRow(item())).toEqual({
      action: "new",
      id: "orders-2",
      name: "Orders",
      attachTo: "",
    });
  });

  it("offers replace only for a canvas that is there, attach only with output ports", () => {
    expect(canReplace(item())).toBe(true);
    expect(canReplace(item({ existing: { id: "old", name: "Old", deleted: true } }))).toBe(false);
    expect(canReplace(item({ existing: null }))).toBe(false);
    const noPorts = item({
      imported: {
        canvas: blankCanvas("x", "X", "d"),
        sources: [],
        keptInExtensions: [],
        warnings: [],
      },
    });
    expect(canAttach(item())).toBe(true);
    expect(canAttach(noPorts)).toBe(false);
  });

  it("a new id must be a free slug, used once in the batch, with a name", () => {
    const items = [item(), item()];
    const rows = (a: Partial<ImportRow>, b: Partial<ImportRow> = {}): ImportRow[] => [
      { ...initialRow(items[0]!), ...a },
      { ...initialRow(items[1]!), id: "orders-3", ...b },
    ];
    expect(rowProblem(items, rows({}), 0, taken)).toBeNull();
    expect(rowProblem(items, rows({ id: "Orders 2" }), 0, taken)).toMatch(/lowercase slug/);
    expect(rowProblem(items, rows({ id: "old" }), 0, taken)).toMatch(/in this workspace/);
    expect(rowProblem(items, rows({}, { id: "orders-2" }), 1, taken)).toMatch(/Another imported/);
    expect(rowProblem(items, rows({}, { id: "orders-2", action: "skip" }), 0, taken)).toBeNull();
    expect(rowProblem(items, rows({ name: " " }), 0, taken)).toMatch(/name/);
    expect(rowProblem(items, rows({ action: "attach" }), 0, taken)).toMatch(/Choose the product/);
    expect(rowProblem(items, rows({ action: "attach", attachTo: "returns" }), 0, taken)).toBeNull();
  });

  it("sends what was chosen, skipped rows left out", () => {
    const items = [item(), item(), item()];
    const rows: ImportRow[] = [
      { action: "replace", id: "", name: "", attachTo: "" },
      { action: "skip", id: "x", name: "X", attachTo: "" },
      { action: "new", id: " orders-2 ", name: " Orders again ", attachTo: "" },
    ];
    expect(choicesOf(items, rows).map((c) => c.action)).toEqual([
      { action: "replace", id: "orders" },
      { action: "new", id: "orders-2", name: "Orders again" },
    ]);
  });
});
