import { describe, expect, it } from "vitest";
import type { RevisionInfo } from "../bindings/RevisionInfo";
import { historyLines } from "./revisions";

const AUTO = "Edited on the board";

function rev(revision: number, message = AUTO, savePoint: string | null = null): RevisionInfo {
  return {
    canvasId: "orders",
    revision,
    author: "ana",
    message,
    createdAt: `2026-12-06T10:${String(revision).padStart(2, "0")}:00Z`,
    savePoint,
  };
}

describe("history lines", () => {
  it("folds the autosaves between save points and events into one line each", () => {
    const revs = [
      rev(9),
      rev(8),
      rev(7, AUTO, "Reviewed"),
      rev(6),
      rev(5),
      rev(4),
      rev(3, "restored revision 1"),
      rev(2),
      rev(1, "created"),
    ];
    const lines = historyLines(revs, AUTO);
    expect(
      lines.map((l) =>
        l.kind === "revision" ? l.revision.revision : l.revisions.map((r) => r.revision),
      ),
    ).toEqual([[9, 8], 7, [6, 5, 4], 3, 2, 1]);
  });

  it("a released autosave is a line of its own, splitting the fold", () => {
    const lines = historyLines([rev(4), rev(3), rev(2), rev(1, "created")], AUTO, new Set(["3"]));
    expect(
      lines.map((l) =>
        l.kind === "revision" ? l.revision.revision : l.revisions.map((r) => r.revision),
      ),
    ).toEqual([4, 3, 2, 1]);
  });

  it("a save point on an autosave is a line of its own", () => {
    const lines = historyLines([rev(2, AUTO, "Approved"), rev(1, "created")], AUTO);
    expect(lines.every((l) => l.kind === "revision")).toBe(true);
  });
});
