// What the board shows: whether a card is inside the visible part of the
// board, so a card added off-screen can be brought into view.

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * Whether the board rectangle (`x`, `y`, `w`, `h` in board units) lies
 * wholly inside a pane `width` × `height` pixels showing `view`.
 */
export function inView(
  r: { x: number; y: number; w: number; h: number },
  view: Viewport,
  width: number,
  height: number,
): boolean {
  const left = r.x * view.zoom + view.x;
  const top = r.y * view.zoom + view.y;
  return (
    left >= 0 && top >= 0 && left + r.w * view.zoom <= width && top + r.h * view.zoom <= height
  );
}
