import { describe, expect, it } from "vitest";
import { readNumber } from "./number";

describe("readNumber", () => {
  it("reads numbers as people type them", () => {
    expect(readNumber("95")).toEqual({ kind: "number", value: 95 });
    expect(readNumber(" 99.5 ")).toEqual({ kind: "number", value: 99.5 });
    expect(readNumber("-3")).toEqual({ kind: "number", value: -3 });
    expect(readNumber("1e3")).toEqual({ kind: "number", value: 1000 });
    expect(readNumber("2.")).toEqual({ kind: "number", value: 2 });
  });
  it("says what is wrong with text that is not a number, instead of dropping it", () => {
    for (const t of ["ninety", "95 %", "1,000", "99,5", "0x10", "Infinity", "1.2.3"]) {
      const r = readNumber(t);
      expect(r.kind, t).toBe("invalid");
      if (r.kind === "invalid") expect(r.message).toContain(`“${t}” is not a number`);
    }
  });
  it("tells an empty box apart", () => {
    expect(readNumber("  ")).toEqual({ kind: "empty" });
  });
});
