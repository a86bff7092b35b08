// What the inspector's forms share: the hook that
// scrolls to the row a clicked finding points into, and what a block's form
// is drawn from.
import { useEffect, useRef, type ReactNode } from "react";
import type { Canvas } from "../../bindings/Canvas";
import { pointsInto } from "../../logic/findings";
import { useBoard } from "../../state/board";

/** Scrolls a row into view and flashes it when a clicked finding points into it. */
/** `exclude`: pointers under this prefix belong to a nested row, which claims them instead. */
export function useFocusRow(pointer: string, exclude?: string) {
  const ref = useRef<HTMLDivElement>(null);
  const focus = useBoard((s) => s.focusPointer);
  const hit = pointsInto(focus, pointer, exclude);
  useEffect(() => {
    if (hit) ref.current?.scrollIntoView({ block: "center", behavior: "smooth" });
  }, [hit, focus]);
  return { ref, className: hit ? "focused" : "" };
}

/**
 * What a block's form is drawn from. BlockForm holds the hooks; a block's
 * form is a plain function of these, not a component, so the element tree
 * (and what React keeps when the selection moves from block to block) is
 * BlockForm's own.
 */
export interface BlockParts {
  canvas: Canvas;
  /** One store edit keyed by the block, so keystrokes in one box merge. */
  edit(fn: (c: Canvas) => Canvas): void;
  /** Patches the product, through `edit`. */
  prod(patch: Partial<Canvas["product"]>): void;
  /** The block's "+ Add …" button, or null for a block that holds no cards. */
  adder: ReactNode;
}
