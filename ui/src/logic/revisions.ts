// The history list as a person reads it: save points, releases and named
// events (created, imported, restored, renamed) one per line, and the
// autosaves between them folded into one line each.
import type { RevisionInfo } from "../bindings/RevisionInfo";

export type HistoryLine =
  { kind: "revision"; revision: RevisionInfo } | { kind: "autosaves"; revisions: RevisionInfo[] };

/**
 * Lines for revisions listed newest first. A revision is an autosave when
 * its message is `autosaveMessage`, no save point names it and it is not
 * `released`; consecutive autosaves make one line (a single one stays a
 * revision line).
 */
export function historyLines(
  revisions: readonly RevisionInfo[],
  autosaveMessage: string,
  released: ReadonlySet<string> = new Set(),
): HistoryLine[] {
  const out: HistoryLine[] = [];
  let run: RevisionInfo[] = [];
  const flush = () => {
    if (run.length === 1) out.push({ kind: "revision", revision: run[0]! });
    else if (run.length > 1) out.push({ kind: "autosaves", revisions: run });
    run = [];
  };
  for (const r of revisions) {
    if (
      r.savePoint === null &&
      r.message === autosaveMessage &&
      !released.has(String(r.revision))
    ) {
      run.push(r);
    } else {
      flush();
      out.push({ kind: "revision", revision: r });
    }
  }
  flush();
  return out;
}
