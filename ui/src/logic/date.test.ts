import { describe, expect, it } from "vitest";
import { readDate } from "./date";

describe("readDate", () => {
  it("reads YYYY-MM-DD and nothing else", () => {
    expect(readDate(" 2027-06-30 ")).toEqual({ kind: "date", value: "2027-06-30" });
    expect(readDate("")).toEqual({ kind: "empty" });
    for (const t of ["next spring", "31/12/2026", "2026-1-5", "20261231"]) {
      const r = readDate(t);
      expect(r.kind, t).toBe("invalid");
      expect(r.kind === "invalid" && r.message).toContain("YYYY-MM-DD");
    }
  });
  it("refuses days the calendar does not have", () => {
    expect(readDate("2026-02-30").kind).toBe("invalid");
    expect(readDate("2026-13-01").kind).toBe("invalid");
    expect(readDate("2028-02-29")).toEqual({ kind: "date", value: "2028-02-29" });
  });
});
