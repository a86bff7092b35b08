// Undo and redo for the board: a bounded list of whole canvases.
//
// Canvases are immutable values (every edit builds a new one), so a history
// entry is just the previous value, sharing unchanged parts with the next.
// Typing into one inspector field produces an edit per keystroke; edits with
// the same coalescing key within `COALESCE_MS` merge into one step, so undo
// takes back the whole word, not a letter. Only typing gets a key
// (`typingKey`): a click, a checkbox or a select is a step of its own.

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** Key and time of the last recorded edit, for coalescing. */
  lastKey: string | null;
  lastAt: number;
}

export const HISTORY_LIMIT = 200;
export const COALESCE_MS = 1200;

export function historyOf<T>(present: T): History<T> {
  return { past: [], present, future: [], lastKey: null, lastAt: 0 };
}

/** Records `next` as the new present. */
export function record<T>(
  h: History<T>,
  next: T,
  key: string | null = null,
  now = Date.now(),
): History<T> {
  if (next === h.present) return h;
  const coalesce = key !== null && key === h.lastKey && now - h.lastAt < COALESCE_MS;
  const past = coalesce ? h.past : [...h.past, h.present].slice(-HISTORY_LIMIT);
  return { past, present: next, future: [], lastKey: key, lastAt: now };
}

export function undo<T>(h: History<T>): History<T> {
  const prev = h.past[h.past.length - 1];
  if (prev === undefined) return h;
  return {
    past: h.past.slice(0, -1),
    present: prev,
    future: [h.present, ...h.future],
    lastKey: null,
    lastAt: 0,
  };
}

export function redo<T>(h: History<T>): History<T> {
  const [next, ...rest] = h.future;
  if (next === undefined) return h;
  return { past: [...h.past, h.present], present: next, future: rest, lastKey: null, lastAt: 0 };
}

export const canUndo = <T>(h: History<T>) => h.past.length > 0;
export const canRedo = <T>(h: History<T>) => h.future.length > 0;

/**
 * Whether an edit comes from typing into a text box. Only typing merges into
 * one undo step: a select, checkbox or button changed right after typing is
 * its own step, so Ctrl+Z undoes just that choice. `target` is the focused
 * element (`document.activeElement`); without a DOM (tests, workers) every
 * keyed edit counts as typing.
 */
export function isTypingTarget(target: unknown): boolean {
  if (typeof HTMLElement === "undefined") return true;
  if (typeof HTMLTextAreaElement !== "undefined" && target instanceof HTMLTextAreaElement) {
    return true;
  }
  if (typeof HTMLInputElement !== "undefined" && target instanceof HTMLInputElement) {
    return !["checkbox", "radio", "button", "submit", "color", "range", "file"].includes(
      target.type,
    );
  }
  return false;
}

/** A number per text box, for coalescing keys; forgotten with the element. */
const boxIds = new WeakMap<object, number>();
let nextBoxId = 1;

/**
 * The coalescing key of an edit to `scope` (a card, a block's field) made
 * while `target` has the focus: the scope and that text box when the edit
 * is typing, so keystrokes in one box merge and the next box starts a step
 * of its own; null when it is not typing (a checkbox, select or button),
 * so the edit is always its own step. Without a DOM every edit counts as
 * typing into one box.
 */
export function typingKey(scope: string, target: unknown): string | null {
  if (!isTypingTarget(target)) return null;
  if (typeof target !== "object" || target === null) return scope;
  let id = boxIds.get(target);
  if (id === undefined) {
    id = nextBoxId++;
    boxIds.set(target, id);
  }
  return `${scope}#${id}`;
}
