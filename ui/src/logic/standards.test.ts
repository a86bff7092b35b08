import { describe, expect, it } from "vitest";
import {
  counted,
  homeSummary,
  standardsProblemTitle,
  standardsState,
  tileVerdict,
  type StandardsProblem,
} from "./standards";

const broken: StandardsProblem = {
  code: "invalidStandards",
  message: '/packs/global.pack.json:3:3: expected `"` at line 3 column 3',
};
const clean = { errors: 0, warnings: 0, infos: 0, waived: 0 };

describe("standards state", () => {
  it("is unknown until the backend answers, then loaded or not", () => {
    expect(standardsState(undefined)).toBe("unknown");
    expect(standardsState(null)).toBe("loaded");
    expect(standardsState(broken)).toBe("notLoaded");
  });

  it("titles the problem by its code", () => {
    expect(standardsProblemTitle("invalidStandards")).toBe(
      "The standards packs could not be loaded",
    );
    expect(standardsProblemTitle("io")).toBe("The standards folder could not be read");
    expect(standardsProblemTitle("unexpected")).toBe("The standards are not loaded");
  });
});

describe("tile verdict", () => {
  it("says a canvas without findings meets the standards only when they are loaded", () => {
    expect(tileVerdict(clean, "loaded")).toEqual({ kind: "meets", waived: 0 });
    expect(tileVerdict(clean, "notLoaded")).toEqual({ kind: "notChecked" });
    expect(tileVerdict(clean, "unknown")).toEqual({ kind: "pending" });
  });

  it("counts findings, not counting waived ones", () => {
    expect(tileVerdict({ errors: 2, warnings: 0, infos: 1, waived: 3 }, "loaded")).toEqual({
      kind: "counts",
      errors: 2,
      warnings: 0,
      infos: 1,
    });
    // Meeting the standards with waivers in force says so.
    expect(tileVerdict({ ...clean, waived: 3 }, "loaded")).toEqual({ kind: "meets", waived: 3 });
  });
});

describe("home summary", () => {
  const totals = { errors: 3, warnings: 7 };
  it("gives the totals when the canvases are checked", () => {
    expect(homeSummary(12, 4, totals, "loaded")).toBe(
      "12 canvases in 4 domains · 3 errors · 7 warnings",
    );
  });
  it("says nothing is checked when the standards are not loaded, with no counts", () => {
    const line = homeSummary(12, 4, { errors: 0, warnings: 0 }, "notLoaded");
    expect(line).toBe("12 canvases in 4 domains · not checked: the standards are not loaded");
    expect(line).not.toMatch(/errors|warnings/);
  });
  it("gives no counts before the backend has said whether it checks", () => {
    expect(homeSummary(12, 4, totals, "unknown")).toBe("12 canvases in 4 domains");
  });
});

describe("counted", () => {
  it("says one error, not 1 errors", () => {
    expect(counted(1, "error")).toBe("1 error");
    expect(counted(0, "error")).toBe("0 errors");
    expect(counted(2, "warning")).toBe("2 warnings");
  });
});
