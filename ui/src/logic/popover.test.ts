import { describe, expect, it } from "vitest";
import { GAP, isShown, MARGIN, placePopover } from "./popover";

const view = { width: 1280, height: 800 };
const size = { width: 260, height: 300 };
const box = (top: number, left: number, height = 30, width = 160) => ({
  top,
  left,
  bottom: top + height,
  right: left + width,
});

describe("placePopover", () => {
  it("opens under the field, left-aligned with it, when there is room", () => {
    expect(placePopover(box(100, 900), size, view)).toEqual({
      side: "below",
      left: 900,
      top: 130 + GAP,
    });
  });

  it("opens over a field low in the window, its bottom against the field", () => {
    // The waiver form at the bottom of the findings panel.
    expect(placePopover(box(700, 1000), size, view)).toEqual({
      side: "above",
      left: 1000,
      bottom: 800 - 700 + GAP,
    });
  });

  it("stays inside the window's right and left edges", () => {
    expect(placePopover(box(100, 1150), size, view).left).toBe(1280 - 260 - MARGIN);
    expect(placePopover(box(100, 2), size, view).left).toBe(MARGIN);
  });

  it("takes the side with more room when it fits on neither, and stays in the window", () => {
    const short = { width: 1280, height: 400 };
    // More room below: under the field, moved up over it to end at the margin.
    expect(placePopover(box(120, 10), size, short)).toEqual({
      side: "below",
      left: 10,
      top: 400 - 300 - MARGIN,
    });
    // More room above: over the field, moved down to start at the margin.
    expect(placePopover(box(250, 10), size, short)).toEqual({
      side: "above",
      left: 10,
      bottom: 400 - 300 - MARGIN,
    });
    // A window shorter than the popover: its top at the margin.
    expect(placePopover(box(20, 10), size, { width: 1280, height: 200 })).toMatchObject({
      side: "below",
      top: MARGIN,
    });
  });
});

describe("isShown", () => {
  const panel = box(100, 900, 400, 380);
  it("is true while any of the field shows in every clipping box", () => {
    expect(isShown(box(200, 920), [panel, box(0, 0, 800, 1280)])).toBe(true);
    expect(isShown(box(490, 920), [panel])).toBe(true);
  });
  it("is false once the field is scrolled out of a panel", () => {
    expect(isShown(box(500, 920), [panel])).toBe(false);
    expect(isShown(box(60, 920), [panel])).toBe(false);
    expect(isShown(box(200, 920), [panel, box(0, 0, 150, 1280)])).toBe(false);
  });
});
