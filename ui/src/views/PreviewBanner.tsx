// The strip over the board while it shows an old revision: which one, when
// it was saved, that it is read-only, and the two ways out: restore it
// (through the same confirmation as the history's) or back to the current
// canvas, as it was (Escape too).
import { useCallback, useEffect, useState } from "react";
import { localTime } from "../logic/time";
import { useBoard } from "../state/board";
import { RestoreDialog, restoreRevision } from "./RestoreDialog";

export function PreviewBanner({ id }: { id: string }) {
  const preview = useBoard((s) => s.preview);
  const current = useBoard((s) => s.revision);
  const endPreview = useBoard((s) => s.endPreview);
  const [asking, setAsking] = useState(false);
  const cancel = useCallback(() => setAsking(false), []);

  // Escape goes back, unless something typed into has the focus. The
  // restore dialog takes its own Escape first.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
      endPreview();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [endPreview]);

  if (!preview) return null;
  const { info } = preview;
  const rev = String(info.revision);
  return (
    <div className="preview-banner" data-testid="preview-banner" role="status">
      <span className="preview-eye" aria-hidden>
        ◉
      </span>
      <div className="preview-text">
        <strong data-testid="preview-banner-title">Previewing revision {rev}</strong>
        {info.savePoint ? <span className="preview-point">“{info.savePoint}”</span> : null}
        <span className="muted"> · saved {localTime(preview.savedAt)} · </span>
        <span className="pill preview-read-only">read-only</span>
      </div>
      <div className="spacer" />
      <button
        type="button"
        className="btn small"
        data-testid="preview-restore"
        onClick={() => setAsking(true)}
        disabled={current === null}
        title="Save this revision as the newest, after seeing what it changes"
      >
        Restore this revision…
      </button>
      <button
        type="button"
        className="btn primary small"
        data-testid="preview-back"
        onClick={endPreview}
        title="Back to the current revision (Esc)"
      >
        Back to current
      </button>
      {asking && current !== null ? (
        <RestoreDialog
          id={id}
          revision={info}
          current={current}
          onCancel={cancel}
          onRestore={() => {
            setAsking(false);
            void restoreRevision(id, info.revision);
          }}
        />
      ) : null}
    </div>
  );
}
