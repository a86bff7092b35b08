import { describe, expect, it } from "vitest";
import { removeAt, replaceAt } from "./list";

describe("list edits", () => {
  const items = [{ n: "a" }, { n: "b" }, { n: "c" }];

  it("replaces one item and keeps the others as they were", () => {
    const out = replaceAt(items, 1, { n: "B" });
    expect(out).toEqual([{ n: "a" }, { n: "B" }, { n: "c" }]);
    expect(out[0]).toBe(items[0]);
    expect(out[2]).toBe(items[2]);
    expect(items[1]).toEqual({ n: "b" });
  });

  it("removes one item", () => {
    expect(removeAt(items, 0)).toEqual([{ n: "b" }, { n: "c" }]);
    expect(removeAt(items, 2)).toEqual([{ n: "a" }, { n: "b" }]);
    expect(items).toHaveLength(3);
  });

  it("leaves the list alone for an index outside it", () => {
    expect(replaceAt(items, 5, { n: "x" })).toEqual(items);
    expect(removeAt(items, -1)).toEqual(items);
  });
});
