import { describe, expect, it } from "vitest";
import type { MergeConflict } from "../bindings/MergeConflict";
import type { RevisionInfo } from "../bindings/RevisionInfo";
import {
  allChosen,
  authorOf,
  carryChoices,
  chooseAll,
  chooseOne,
  mergedTitle,
  placesText,
  sameConflicts,
  viewValue,
} from "./merge";

const conflict = (pointer: string, ours: unknown, theirs: unknown, base: unknown = null) =>
  ({
    pointer,
    label: pointer.slice(1).replaceAll("/", " › "),
    base,
    ours,
    theirs,
  }) as MergeConflict;

describe("a conflict's values", () => {
  it("shows a text as it is, and a number or yes/no as text", () => {
    expect(viewValue("Orders as placed", "ours")).toEqual({
      kind: "text",
      text: "Orders as placed",
    });
    expect(viewValue(42, "theirs")).toEqual({ kind: "text", text: "42" });
    expect(viewValue(false, "base")).toEqual({ kind: "text", text: "false" });
  });

  it("pretty-prints lists and objects", () => {
    const v = viewValue({ id: "orders", tags: ["a"] }, "ours");
    expect(v.kind).toBe("json");
    expect(v.text).toBe('{\n  "id": "orders",\n  "tags": [\n    "a"\n  ]\n}');
    expect(viewValue([], "theirs")).toEqual({ kind: "json", text: "[]" });
  });

  it("an absent value was removed on a side, and was not there before", () => {
    expect(viewValue(null, "ours")).toEqual({ kind: "absent", text: "(removed)" });
    expect(viewValue(undefined, "theirs")).toEqual({ kind: "absent", text: "(removed)" });
    expect(viewValue(null, "base")).toEqual({ kind: "absent", text: "(not there)" });
  });

  it("an empty text says so", () => {
    expect(viewValue("", "ours")).toEqual({ kind: "empty", text: "(empty)" });
  });
});

describe("choices", () => {
  it("the merge can be saved only once each conflict has a side", () => {
    expect(allChosen([null, null], 2)).toBe(false);
    expect(allChosen(["ours", null], 2)).toBe(false);
    expect(allChosen(["ours", "theirs"], 2)).toBe(true);
    // Choices for other conflicts than the ones shown do not count.
    expect(allChosen(["ours"], 2)).toBe(false);
  });

  it("all mine, all theirs, and one at a time", () => {
    expect(chooseAll(3, "ours")).toEqual(["ours", "ours", "ours"]);
    expect(chooseAll(0, "theirs")).toEqual([]);
    expect(chooseOne([null, null, "ours"], 1, "theirs")).toEqual([null, "theirs", "ours"]);
  });

  it("keeps the choices of conflicts that are still the same when asked again", () => {
    const prev = [
      conflict("/product/purpose", "mine", "theirs"),
      conflict("/product/name", "A", "B"),
      conflict("/domain", "x", "y"),
    ];
    const next = [
      conflict("/domain", "x", "y"),
      // Changed since: typed further on one side.
      conflict("/product/purpose", "mine, longer", "theirs"),
      conflict("/product/version", "1.1.0", "2.0.0"),
    ];
    expect(carryChoices(prev, ["ours", "theirs", "theirs"], next)).toEqual(["theirs", null, null]);
  });

  it("two merges with the same places and values have the same conflicts", () => {
    const a = [conflict("/product/purpose", "mine", { text: "t" })];
    expect(sameConflicts(a, [conflict("/product/purpose", "mine", { text: "t" })])).toBe(true);
    expect(sameConflicts(a, [conflict("/product/purpose", "mine", { text: "u" })])).toBe(false);
    expect(sameConflicts(a, [conflict("/product/purpose", undefined, { text: "t" })])).toBe(false);
    expect(sameConflicts(a, [])).toBe(false);
    // Absent is absent, sent as null or left out.
    expect(
      sameConflicts(
        [conflict("/a", null, 1)],
        [{ pointer: "/a", label: "a", theirs: 1 } as MergeConflict],
      ),
    ).toBe(true);
  });
});

describe("who saved", () => {
  const rev = (revision: number, author: string): RevisionInfo => ({
    canvasId: "orders",
    revision,
    author,
    message: "Edited on the board",
    createdAt: "2026-12-06T10:00:00Z",
    savePoint: null,
  });

  it("is the author of the revision merged with, else of the newest", () => {
    const history = [rev(6, "bo"), rev(5, "ana"), rev(4, "cy")];
    expect(authorOf(history, 5)).toBe("ana");
    expect(authorOf(history, 9)).toBe("bo");
    expect(authorOf([], 5)).toBeNull();
    expect(authorOf([rev(5, "")], 5)).toBeNull();
  });

  it("names them in the toast when known", () => {
    expect(mergedTitle("ana")).toBe("Merged with ana's save");
    expect(mergedTitle(null)).toBe("Merged with the newer save");
  });

  it("counts places", () => {
    expect(placesText(1)).toBe("1 place");
    expect(placesText(3)).toBe("3 places");
  });
});
