// The entries of a diff between two revisions, in the inspector's words: the
// history's comparison and the restore confirmation both list them.
import { useState } from "react";
import type { CanvasDiff } from "../bindings/CanvasDiff";
import type { DiffEntry } from "../bindings/DiffEntry";

function show(v: unknown): string {
  if (v === null || v === undefined) return "—";
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** Card moves on the board: left out of a diff unless asked for. */
const isMove = (e: DiffEntry) => e.block === "layout";

/** A diff's entries in the inspector's words; card moves only when asked for. */
export function DiffList({ diff, testid }: { diff: CanvasDiff | null; testid: string }) {
  const [moves, setMoves] = useState(false);
  if (!diff) {
    return (
      <div className="empty-state small-empty">
        <span className="spinner" />
      </div>
    );
  }
  const hidden = moves ? 0 : diff.entries.filter(isMove).length;
  const entries = moves ? diff.entries : diff.entries.filter((e) => !isMove(e));
  return (
    <>
      <ul className="diff-list" data-testid={testid}>
        {entries.length === 0 ? (
          <li className="muted small">{hidden ? "Only cards were moved." : "No differences."}</li>
        ) : null}
        {entries.map((e, i) => (
          <li key={i} className={`diff diff-${e.kind}`} data-testid="diff-entry" data-kind={e.kind}>
            <span className="diff-kind">
              {e.kind === "added" ? "+" : e.kind === "removed" ? "−" : "~"}
            </span>
            <div>
              <div>{e.label}</div>
              {e.kind === "changed" ? (
                <div className="mono small">
                  <span className="before">{show(e.before)}</span> →{" "}
                  <span className="after">{show(e.after)}</span>
                </div>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      {hidden || moves ? (
        <label className="diff-moves small">
          <input
            type="checkbox"
            data-testid={`${testid}-moves`}
            checked={moves}
            onChange={(e) => setMoves(e.target.checked)}
          />
          Show card moves{hidden ? ` (${hidden})` : ""}
        </label>
      ) : null}
    </>
  );
}
