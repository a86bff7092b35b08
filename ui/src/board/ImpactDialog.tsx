// Shown when an autosave is held because it would break the products that
// read this one (an active product's port lost a field, say): the breaking
// changes, each with its reason and the products it breaks, before anything
// is saved. The owner saves anyway or keeps editing (undo takes the change
// back, and the hold with it).
import { useBoard } from "../state/board";
import { confirmBreakingSave } from "../state/sync";

export function ImpactDialog() {
  const impact = useBoard((s) => s.heldImpact);
  const open = useBoard((s) => s.impactOpen);
  const setOpen = useBoard((s) => s.setImpactOpen);
  if (!impact || !open) return null;
  const broken = [...new Set(impact.changes.flatMap((c) => c.breaks ?? []))].sort();
  const close = () => setOpen(false);
  return (
    <div className="modal-backdrop" onClick={close}>
      <div
        className="modal impact-dialog"
        role="dialog"
        aria-labelledby="impact-title"
        data-testid="impact-dialog"
        onClick={(e) => e.stopPropagation()}
      >
        <header className="modal-head">
          <h2 id="impact-title">This change breaks consumers</h2>
          <p className="muted">
            <span className="mono">{impact.productId}</span> is active. Nothing is saved until you
            say so.
          </p>
        </header>
        <div className="modal-body">
          {broken.length > 0 ? (
            <div className="impact-readers" data-testid="impact-readers">
              <p>
                {broken.length === 1 ? "One product reads" : `${broken.length} products read`} what
                changes:
              </p>
              <ul className="reader-list mono">
                {broken.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="muted" data-testid="impact-readers">
              No product in this workspace reads the changed ports yet; consumers outside it may.
            </p>
          )}
          <ul className="impact-list" data-testid="impact-changes">
            {impact.changes.map((c) => (
              <li key={`${c.pointer}-${c.rule}`}>
                <div className="impact-label">{c.label}</div>
                <div className="muted small">
                  {c.reason}
                  <span className="mono impact-rule"> {c.rule}</span>
                </div>
              </li>
            ))}
          </ul>
          <p className="muted small">
            To release it, raise the product&apos;s major version (or the port&apos;s), keep the old
            port deprecated with a sunset date while its consumers move, and tell them.
          </p>
        </div>
        <footer className="modal-foot">
          <button type="button" className="btn" data-testid="impact-keep-editing" onClick={close}>
            Keep editing
          </button>
          <button
            type="button"
            className="btn danger"
            data-testid="impact-save-anyway"
            onClick={() => void confirmBreakingSave()}
          >
            Save anyway
          </button>
        </footer>
      </div>
    </div>
  );
}
