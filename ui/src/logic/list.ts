// Immutable edits of one item of a list, for the inspector's list editors:
// every edit makes a new list and leaves the other items as they were.

/** The list with item `i` replaced. */
export function replaceAt<T>(items: readonly T[], i: number, item: T): T[] {
  return items.map((x, j) => (j === i ? item : x));
}

/** The list with item `i` removed. */
export function removeAt<T>(items: readonly T[], i: number): T[] {
  return items.filter((_, j) => j !== i);
}
