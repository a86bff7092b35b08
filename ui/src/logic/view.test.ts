import { describe, expect, it } from "vitest";
import { inView } from "./view";

describe("inView", () => {
  const card = { x: 100, y: 100, w: 200, h: 88 };
  it("is true for a card wholly on screen, at any zoom", () => {
    expect(inView(card, { x: 0, y: 0, zoom: 1 }, 800, 600)).toBe(true);
    expect(inView(card, { x: -100, y: -100, zoom: 2 }, 800, 600)).toBe(true);
  });
  it("is false for a card partly or wholly off screen", () => {
    expect(inView(card, { x: -150, y: 0, zoom: 1 }, 800, 600)).toBe(false);
    expect(inView(card, { x: 0, y: 0, zoom: 4 }, 800, 600)).toBe(false);
    expect(inView(card, { x: 0, y: -2000, zoom: 1 }, 800, 600)).toBe(false);
  });
});
