// A canvas's saved revisions: compare two, restore one. Restoring saves the
// old content as a new revision, so nothing is ever lost.
import { useCallback, useEffect, useState } from "react";
import { backend, type Revision } from "../backend";
import type { CanvasDiff } from "../bindings/CanvasDiff";
import type { RevisionInfo } from "../bindings/RevisionInfo";
import { reportError, useApp } from "../state/app";
import { useBoard } from "../state/board";
import { flushSave } from "../state/sync";

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

function show(v: unknown): string {
  if (v === null || v === undefined) return "—";
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function HistoryPanel({ id, onClose }: { id: string; onClose(): void }) {
  const [revs, setRevs] = useState<RevisionInfo[] | null>(null);
  const [from, setFrom] = useState<string>("");
  const [to, setTo] = useState<string>("");
  const [diff, setDiff] = useState<CanvasDiff | null>(null);
  const current = useBoard((s) => s.revision);
  const toast = useApp((s) => s.toast);

  const load = useCallback(async () => {
    try {
      await flushSave();
      const list = await backend.historyList(id);
      const sorted = [...list].sort((a, b) => Number(b.revision) - Number(a.revision));
      setRevs(sorted);
      if (sorted.length >= 2) {
        setTo(String(sorted[0]!.revision));
        setFrom(String(sorted[1]!.revision));
      } else if (sorted.length === 1) {
        setTo(String(sorted[0]!.revision));
        setFrom(String(sorted[0]!.revision));
      }
    } catch (e) {
      reportError("Could not read the history", e);
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load, current]);

  useEffect(() => {
    if (!revs || !from || !to) return;
    const rf = revs.find((r) => String(r.revision) === from)?.revision;
    const rt = revs.find((r) => String(r.revision) === to)?.revision;
    if (rf === undefined || rt === undefined) return;
    let cancelled = false;
    backend
      .historyDiff(id, rf, rt)
      .then((d) => !cancelled && setDiff(d))
      .catch((e: unknown) => reportError("Could not compare revisions", e));
    return () => {
      cancelled = true;
    };
  }, [id, revs, from, to]);

  const restore = async (rev: Revision) => {
    try {
      await flushSave();
      const stored = await backend.historyRestore(id, rev);
      useBoard.getState().replaceFromStore(stored);
      toast({
        kind: "success",
        title: `Restored revision ${String(rev)}`,
        detail: `Saved as revision ${String(stored.revision)}`,
      });
    } catch (e) {
      reportError("Restore failed", e);
    }
  };

  return (
    <aside className="history-panel" data-testid="history-panel">
      <header className="panel-head">
        <h3>History</h3>
        <button
          type="button"
          className="btn icon ghost"
          data-testid="history-close"
          onClick={onClose}
          title="Close"
        >
          ×
        </button>
      </header>
      {!revs ? (
        <div className="empty-state small-empty">
          <span className="spinner" />
        </div>
      ) : (
        <>
          <ol className="rev-list">
            {revs.map((r) => (
              <li
                key={String(r.revision)}
                data-testid={`history-rev-${String(r.revision)}`}
                className={String(r.revision) === String(current) ? "current" : ""}
              >
                <div className="rev-num">{String(r.revision)}</div>
                <div className="rev-body">
                  <div>{r.message || "Saved"}</div>
                  <div className="muted small">
                    {r.author || "unknown"} · {when(r.createdAt)}
                  </div>
                </div>
                {String(r.revision) !== String(current) ? (
                  <button
                    type="button"
                    className="link small"
                    data-testid={`history-restore-${String(r.revision)}`}
                    onClick={() => void restore(r.revision)}
                  >
                    Restore
                  </button>
                ) : (
                  <span className="pill pill-soft">current</span>
                )}
              </li>
            ))}
          </ol>
          <div className="diff-pick">
            <label>
              From
              <select
                data-testid="history-from"
                value={from}
                onChange={(e) => setFrom(e.target.value)}
              >
                {revs.map((r) => (
                  <option key={String(r.revision)} value={String(r.revision)}>
                    rev {String(r.revision)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              To
              <select data-testid="history-to" value={to} onChange={(e) => setTo(e.target.value)}>
                {revs.map((r) => (
                  <option key={String(r.revision)} value={String(r.revision)}>
                    rev {String(r.revision)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <ul className="diff-list" data-testid="history-diff">
            {diff && diff.entries.length === 0 ? (
              <li className="muted small">No differences.</li>
            ) : null}
            {diff?.entries.map((e, i) => (
              <li
                key={i}
                className={`diff diff-${e.kind}`}
                data-testid="diff-entry"
                data-kind={e.kind}
              >
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
        </>
      )}
    </aside>
  );
}
