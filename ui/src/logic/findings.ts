// From a finding to the place on the board that shows it.
//
// The core reports every finding with the block that shows it and, when it
// points into a card, that card's kind, id and index in its list. The board
// shows it as a badge on the card and on the block around it. It names
// cards by identity (identity.ts), not by id, so the index resolves to the
// card in the canvas the board shows: two cards with one id each get their
// own badge.
import type { Canvas } from "../bindings/Canvas";
import type { Finding } from "../bindings/Finding";
import type { Severity } from "../bindings/Severity";
import type { BlockId } from "./blocks";
import { KINDS } from "./cards";
import { nodesOfList } from "./identity";

export interface FindingTarget {
  block: BlockId;
  /** The card (its node id) that owns the place, when the finding is on a card. */
  card?: string;
}

/** Where a finding shows on the board: its block, and its card's node when the canvas holds that card. */
export function findingTarget(canvas: Canvas, f: Finding): FindingTarget {
  if (!f.card) return { block: f.block };
  const list = KINDS[f.card.kind].list(canvas) as object[];
  if (list[f.card.index] === undefined) return { block: f.block };
  return { block: f.block, card: nodesOfList(f.card.kind, list)[f.card.index] };
}

export interface Badge {
  errors: number;
  warnings: number;
  infos: number;
  /** The most severe unwaived severity. */
  worst: Severity | null;
}

const EMPTY: Badge = { errors: 0, warnings: 0, infos: 0, worst: null };

function bump(b: Badge | undefined, s: Severity): Badge {
  const n = { ...(b ?? EMPTY) };
  if (s === "error") n.errors++;
  else if (s === "warning") n.warnings++;
  else n.infos++;
  n.worst = n.errors ? "error" : n.warnings ? "warning" : "info";
  return n;
}

/**
 * Badge counts by card node id and by `block:<id>`; a block counts its own
 * findings and those of the cards it holds. Waived findings carry no badge.
 */
export function badgesFor(canvas: Canvas, findings: readonly Finding[]): Record<string, Badge> {
  const out: Record<string, Badge> = {};
  for (const f of findings) {
    if (f.waived) continue;
    const target = findingTarget(canvas, f);
    const bk = `block:${target.block}`;
    out[bk] = bump(out[bk], f.severity);
    if (target.card) out[target.card] = bump(out[target.card], f.severity);
  }
  return out;
}

/**
 * Whether a clicked finding's pointer `focus` points into the place at
 * `pointer` (it, or anything under it), and not under `exclude`, which a
 * place nested in it claims instead (a table's fields are their rows').
 */
export function pointsInto(focus: string | null, pointer: string, exclude?: string): boolean {
  return (
    focus !== null &&
    (focus === pointer || focus.startsWith(`${pointer}/`)) &&
    !(exclude !== undefined && focus.startsWith(exclude))
  );
}

/** The key the board selects when a finding is clicked. */
export function selectionForFinding(canvas: Canvas, f: Finding): string {
  const t = findingTarget(canvas, f);
  return t.card ?? `block:${t.block}`;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Unwaived first, then by severity, then by pointer. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      Number(a.waived !== null) - Number(b.waived !== null) ||
      ORDER[a.severity] - ORDER[b.severity] ||
      a.pointer.localeCompare(b.pointer) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}
