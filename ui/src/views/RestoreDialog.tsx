// The confirmation before a restore, showing what it changes against the
// current revision, and the restore itself. The history panel asks it for a
// line of the history; the preview banner for the revision it shows.
import { useEffect, useState } from "react";
import { backend, type Revision } from "../backend";
import type { CanvasDiff } from "../bindings/CanvasDiff";
import type { RevisionInfo } from "../bindings/RevisionInfo";
import { localTime } from "../logic/time";
import { reportError, useApp } from "../state/app";
import { useBoard } from "../state/board";
import { flushSave } from "../state/sync";
import { DiffList } from "./DiffList";

/**
 * Restores revision `rev` of canvas `id`: saves what is pending first, then
 * the old content as the newest revision, and shows it on the board (a
 * preview ends there).
 */
export async function restoreRevision(id: string, rev: Revision): Promise<void> {
  try {
    await flushSave();
    const stored = await backend.historyRestore(id, rev);
    useBoard.getState().replaceFromStore(stored);
    useApp.getState().toast({
      kind: "success",
      title: `Restored revision ${String(rev)}`,
      detail: `Saved as revision ${String(stored.revision)}`,
    });
  } catch (e) {
    reportError("Restore failed", e);
  }
}

/** Asks before a restore, showing what it changes against the current revision. */
export function RestoreDialog({
  id,
  revision,
  current,
  onCancel,
  onRestore,
}: {
  id: string;
  revision: RevisionInfo;
  current: Revision;
  onCancel(): void;
  onRestore(): void;
}) {
  const [diff, setDiff] = useState<CanvasDiff | null>(null);
  useEffect(() => {
    let cancelled = false;
    backend.historyDiff(id, current, revision.revision).then(
      (d) => !cancelled && setDiff(d),
      (e: unknown) => reportError("Could not compare revisions", e),
    );
    return () => {
      cancelled = true;
    };
  }, [id, current, revision.revision]);
  // Escape cancels, before the board's Escape (which would end a preview
  // behind the dialog).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [onCancel]);
  const name = revision.savePoint ?? revision.message;
  return (
    <div className="modal-backdrop" onClick={onCancel}>
      <div
        className="modal modal-wide modal-fit"
        data-testid="restore-dialog"
        onClick={(e) => e.stopPropagation()}
      >
        <header className="modal-head">
          <h2>Restore revision {String(revision.revision)}?</h2>
          <p className="muted">
            {name ? `“${name}”, ` : ""}
            {localTime(revision.createdAt)}. Restoring saves it as a new revision: what is there now
            stays in the history. What changes:
          </p>
        </header>
        <div className="modal-body">
          <DiffList diff={diff} testid="restore-diff" />
        </div>
        <footer className="modal-foot">
          <button
            type="button"
            className="btn ghost"
            data-testid="restore-cancel"
            onClick={onCancel}
          >
            Cancel
          </button>
          <button
            type="button"
            className="btn primary"
            data-testid="restore-confirm"
            onClick={onRestore}
          >
            Restore revision {String(revision.revision)}
          </button>
        </footer>
      </div>
    </div>
  );
}
