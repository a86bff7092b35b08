// From a finding's JSON pointer to the place on the board that shows it.
//
// The core reports every finding with a JSON pointer into the canvas
// (`/outputPorts/2/schema/0/pii`); the board shows it as a badge on the card
// that owns that place and on the block around it. The pointer holds list
// indices, the board names cards by identity (identity.ts), so the canvas the
// finding was computed for resolves one to the other: two cards with one id
// each get their own badge.
import type { Canvas } from "../bindings/Canvas";
import type { CardKind } from "../bindings/CardKind";
import type { Finding } from "../bindings/Finding";
import type { Severity } from "../bindings/Severity";
import { blockOfKind, type BlockId } from "./blocks";
import { KINDS } from "./cards";
import { nodesOfList } from "./identity";

export interface FindingTarget {
  block: BlockId;
  /** The card (its node id) that owns the place, when the pointer is inside a card. */
  card?: string;
}

/** Splits a JSON pointer into unescaped tokens (RFC 6901). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

const LIST_POINTERS: [string[], CardKind][] = [
  [["consumers"], "consumer"],
  [["outputPorts"], "outputPort"],
  [["inputPorts"], "inputPort"],
  [["design", "steps"], "designStep"],
  [["observability", "qualityChecks"], "qualityCheck"],
  [["ubiquitousLanguage"], "term"],
  [["policies"], "policy"],
];

export function pointerTarget(canvas: Canvas, pointer: string): FindingTarget {
  const t = pointerTokens(pointer);
  for (const [prefix, kind] of LIST_POINTERS) {
    if (prefix.every((p, i) => t[i] === p)) {
      const block = blockOfKind(kind).id;
      const indexToken = t[prefix.length];
      if (indexToken === undefined) return { block };
      const list = KINDS[kind].list(canvas) as object[];
      const index = Number(indexToken);
      if (list[index] === undefined) return { block };
      return { block, card: nodesOfList(kind, list)[index] };
    }
  }
  const [first, second] = t;
  switch (first) {
    case "domain":
      return { block: "domain" };
    case "product":
      if (second === "archetype") return { block: "classification" };
      if (second === "purpose") return { block: "purpose" };
      return { block: "name" };
    case "metadata":
      return { block: "metadata" };
    case "design":
      return { block: "design" };
    case "observability":
      return { block: "observability" };
    case "waivers":
      return { block: "purpose" };
    default:
      return { block: "name" };
  }
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
    const target = pointerTarget(canvas, f.pointer);
    const bk = `block:${target.block}`;
    out[bk] = bump(out[bk], f.severity);
    if (target.card) out[target.card] = bump(out[target.card], f.severity);
  }
  return out;
}

/** The key the board selects when a finding is clicked. */
export function selectionForFinding(canvas: Canvas, f: Finding): string {
  const t = pointerTarget(canvas, f.pointer);
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
