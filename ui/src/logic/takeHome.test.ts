import { describe, expect, it } from "vitest";
import type { Canvas } from "../bindings/Canvas";
import { ordersCanvas } from "../test/fixtures";
import { baseName, defaultTakeHome, progressLabel, withFormat, writesSomething } from "./takeHome";

function withWorkshop(c: Canvas): Canvas {
  return {
    ...c,
    layout: {
      ...c.layout,
      workshop: {
        started: "2026-12-07T09:00:00Z",
        current: 1,
        steps: [],
        participants: [],
        parkingLot: [],
        decisions: [],
      },
    },
  };
}

describe("take-home options", () => {
  it("start with an A0 poster in every format, findings in the corner", () => {
    expect(defaultTakeHome(ordersCanvas())).toEqual({
      size: "a0",
      formats: ["pdf", "svg", "png"],
      findings: true,
      summary: false,
    });
  });

  it("include the workshop summary only when a workshop was run", () => {
    expect(defaultTakeHome(withWorkshop(ordersCanvas())).summary).toBe(true);
  });

  it("toggle formats, keeping the dialog's order", () => {
    const o = defaultTakeHome(ordersCanvas());
    const noSvg = withFormat(o, "svg", false);
    expect(noSvg.formats).toEqual(["pdf", "png"]);
    expect(withFormat(noSvg, "svg", true).formats).toEqual(["pdf", "svg", "png"]);
    expect(withFormat(o, "pdf", true).formats).toEqual(["pdf", "svg", "png"]);
  });

  it("write nothing with no format and no summary", () => {
    const none = { ...defaultTakeHome(ordersCanvas()), formats: [] };
    expect(writesSomething(none)).toBe(false);
    expect(writesSomething({ ...none, summary: true })).toBe(true);
    expect(progressLabel({ ...none, summary: true })).toBe("Writing the summary…");
    expect(progressLabel(defaultTakeHome(ordersCanvas()))).toBe("Drawing the poster…");
  });

  it("name written files by their last segment", () => {
    expect(baseName("/tmp/out/orders-poster-a0.pdf")).toBe("orders-poster-a0.pdf");
    expect(baseName("C:\\out\\orders-workshop.md")).toBe("orders-workshop.md");
    expect(baseName("orders.svg")).toBe("orders.svg");
  });
});
