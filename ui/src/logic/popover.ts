// Where a popover anchored to a field goes on screen: under the field, or
// over it when the window has no room below (a field low in the findings
// panel), kept inside the window. Positions are the window's (CSS `fixed`).

export interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Where the popover goes: `top` (its top edge) when under the anchor,
 * `bottom` (its bottom edge's distance from the window's bottom) when over
 * it, so a popover that grows stays against the anchor.
 */
export type Placement =
  { side: "below"; left: number; top: number } | { side: "above"; left: number; bottom: number };

/** Space kept between the popover and the window's edges. */
export const MARGIN = 8;
/** Space between the anchor and the popover. */
export const GAP = 4;

/**
 * Under the anchor when it fits there, else over it when it fits there,
 * else on the side with more room, moved as little as needed to stay in
 * the window (over the anchor then). Left-aligned with the anchor, moved
 * left when it would cross the window's right edge.
 */
export function placePopover(
  anchor: Box,
  size: { width: number; height: number },
  view: { width: number; height: number },
): Placement {
  const below = view.height - anchor.bottom - GAP - MARGIN;
  const above = anchor.top - GAP - MARGIN;
  const left = Math.max(MARGIN, Math.min(anchor.left, view.width - size.width - MARGIN));
  const side = size.height <= below || (size.height > above && below >= above) ? "below" : "above";
  if (side === "below") {
    const top = Math.min(anchor.bottom + GAP, view.height - size.height - MARGIN);
    return { side, left, top: Math.max(MARGIN, top) };
  }
  const bottom = Math.min(view.height - anchor.top + GAP, view.height - size.height - MARGIN);
  return { side, left, bottom: Math.max(MARGIN, bottom) };
}

/**
 * Whether any of the anchor shows inside every box that clips it (the
 * panels it scrolls in, and the window).
 */
export function isShown(anchor: Box, clips: readonly Box[]): boolean {
  return clips.every(
    (c) =>
      anchor.bottom > c.top &&
      anchor.top < c.bottom &&
      anchor.right > c.left &&
      anchor.left < c.right,
  );
}
