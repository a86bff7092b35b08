// What the UI says about the standards. When the packs did not load the app
// checks against none: every canvas has no findings, and no surface may
// read that as "meets the standards".
import type { FailureCode } from "../backend";
import type { FindingCounts } from "../bindings/FindingCounts";

/** Why the standards did not load; the core's message names the file and place. */
export interface StandardsProblem {
  code: FailureCode;
  message: string;
}

/**
 * Whether canvases are checked: `unknown` until the backend has said
 * whether its standards loaded (`undefined` in the app state), `loaded`
 * when they did (`null`), `notLoaded` when they did not (the problem).
 */
export type StandardsState = "unknown" | "loaded" | "notLoaded";

export function standardsState(problem: StandardsProblem | null | undefined): StandardsState {
  if (problem === undefined) return "unknown";
  return problem === null ? "loaded" : "notLoaded";
}

/** The heading of the home view's panel, by the problem's code. */
export function standardsProblemTitle(code: FailureCode): string {
  switch (code) {
    case "invalidStandards":
      return "The standards packs could not be loaded";
    case "io":
      return "The standards folder could not be read";
    default:
      return "The standards are not loaded";
  }
}

/** What a canvas tile says about its findings. */
export type TileVerdict =
  | { kind: "pending" }
  | { kind: "notChecked" }
  | { kind: "meets"; waived: number }
  | { kind: "counts"; errors: number; warnings: number; infos: number };

export function tileVerdict(f: FindingCounts, state: StandardsState): TileVerdict {
  if (state === "unknown") return { kind: "pending" };
  if (state === "notLoaded") return { kind: "notChecked" };
  if (!f.errors && !f.warnings && !f.infos) return { kind: "meets", waived: f.waived };
  return { kind: "counts", errors: f.errors, warnings: f.warnings, infos: f.infos };
}

/** The line under the workspace path on the home view. */
export function homeSummary(
  canvases: number,
  domains: number,
  totals: { errors: number; warnings: number },
  state: StandardsState,
): string {
  const head = `${canvases} canvases in ${domains} domains`;
  if (state === "notLoaded") return `${head} · not checked: the standards are not loaded`;
  if (state === "unknown") return head;
  return `${head} · ${counted(totals.errors, "error")} · ${counted(totals.warnings, "warning")}`;
}

/** `1 error`, `2 errors`, `0 errors`. */
export function counted(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}
