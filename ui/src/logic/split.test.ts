import { describe, expect, it } from "vitest";
import { FINDINGS_MIN, INSPECTOR_MIN, clampFindings } from "./split";

describe("findings split", () => {
  it("keeps the panel between its header and what leaves the inspector room", () => {
    expect(clampFindings(10, 800)).toBe(FINDINGS_MIN);
    expect(clampFindings(300.4, 800)).toBe(300);
    expect(clampFindings(790, 800)).toBe(800 - INSPECTOR_MIN);
  });

  it("a column too short for both still shows the findings header", () => {
    expect(clampFindings(500, 200)).toBe(FINDINGS_MIN);
  });
});
