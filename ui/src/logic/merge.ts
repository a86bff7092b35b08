// The pure parts of merging after a save conflict: how a conflict's values
// read in the merge dialog, whether every conflict has a choice, and which
// choices still hold when the conflicts are asked again (the draft or the
// saved canvas changed while the dialog was open).
import type { MergeConflict } from "../bindings/MergeConflict";
import type { RevisionInfo } from "../bindings/RevisionInfo";
import type { Side } from "../bindings/Side";

/** A conflict's choice in the dialog: none until the user picks a side. */
export type Choice = Side | null;

/** Which value of a conflict: the one both started from, or a side's. */
export type Which = "base" | Side;

/**
 * A value as the dialog shows it: `absent` (did not exist, or removed),
 * `empty` (an empty text), `text` (a text, number or yes/no, as is) or
 * `json` (a list or an object, pretty-printed in a `<pre>`).
 */
export interface ValueView {
  kind: "absent" | "empty" | "text" | "json";
  text: string;
}

/**
 * Whether a conflict's value is absent. The core sends an absent value as
 * `null` (a canvas keeps no `null` of its own: an empty optional field is
 * left out), and may leave it out.
 */
export function isAbsent(v: unknown): boolean {
  return v === undefined || v === null;
}

/** How one value of a conflict reads. */
export function viewValue(v: unknown, which: Which): ValueView {
  if (isAbsent(v)) return { kind: "absent", text: which === "base" ? "(not there)" : "(removed)" };
  if (typeof v === "string")
    return v === "" ? { kind: "empty", text: "(empty)" } : { kind: "text", text: v };
  if (typeof v === "number" || typeof v === "boolean") return { kind: "text", text: String(v) };
  return { kind: "json", text: JSON.stringify(v, null, 2) };
}

/** Whether each of `count` conflicts has a choice: the merge can then be saved. */
export function allChosen(choices: readonly Choice[], count: number): choices is Side[] {
  return choices.length === count && choices.every((c) => c !== null);
}

/** The same side for each of `count` conflicts ("All mine", "All theirs"). */
export function chooseAll(count: number, side: Side): Side[] {
  return Array.from({ length: count }, () => side);
}

/** Sets conflict `n`'s choice. */
export function chooseOne(choices: readonly Choice[], n: number, side: Side): Choice[] {
  return choices.map((c, i) => (i === n ? side : c));
}

/** Whether two conflicts are one: the same place, with the same three values. */
export function sameConflict(a: MergeConflict, b: MergeConflict): boolean {
  return (
    a.pointer === b.pointer &&
    same(a.base, b.base) &&
    same(a.ours, b.ours) &&
    same(a.theirs, b.theirs)
  );
}

function same(a: unknown, b: unknown): boolean {
  if (isAbsent(a) || isAbsent(b)) return isAbsent(a) && isAbsent(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Whether two merges found the same conflicts, in the same order: choices
 * made for one resolve the other.
 */
export function sameConflicts(a: readonly MergeConflict[], b: readonly MergeConflict[]): boolean {
  return a.length === b.length && a.every((c, i) => sameConflict(c, b[i]!));
}

/**
 * The choices for `next` conflicts, kept from `prev` where a conflict is
 * still the same (same place, same values); a new or changed one has none.
 */
export function carryChoices(
  prev: readonly MergeConflict[],
  prevChoices: readonly Choice[],
  next: readonly MergeConflict[],
): Choice[] {
  return next.map((c) => {
    const i = prev.findIndex((p) => sameConflict(p, c));
    return i >= 0 ? (prevChoices[i] ?? null) : null;
  });
}

/**
 * Who saved revision `revision`, from the history (newest first); the
 * newest entry's author when that revision is not listed. Null when the
 * history is empty.
 */
export function authorOf(history: readonly RevisionInfo[], revision: number | null): string | null {
  const entry = history.find((r) => r.revision === revision) ?? history[0];
  return entry?.author || null;
}

/** The toast after a merge, and the message of the save that stores it. */
export function mergedTitle(author: string | null): string {
  return author ? `Merged with ${author}'s save` : "Merged with the newer save";
}

/** "1 place", "3 places". */
export function placesText(count: number): string {
  return count === 1 ? "1 place" : `${String(count)} places`;
}
