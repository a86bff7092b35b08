// The app's chrome: toasts and the keyboard-shortcut overlay.
import { useApp } from "../state/app";

export function Toasts() {
  const toasts = useApp((s) => s.toasts);
  const dismiss = useApp((s) => s.dismiss);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} data-testid="toast" data-kind={t.kind}>
          <div className="toast-body">
            <strong>{t.title}</strong>
            {t.detail ? <div className="toast-detail">{t.detail}</div> : null}
          </div>
          {t.action ? (
            <button
              type="button"
              className="btn small"
              data-testid="toast-action"
              onClick={() => {
                t.action!.run();
                dismiss(t.id);
              }}
            >
              {t.action.label}
            </button>
          ) : null}
          <button
            type="button"
            className="toast-close"
            aria-label="Dismiss"
            onClick={() => dismiss(t.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

const SHORTCUTS: [string, string[]][] = [
  ["Everywhere", []],
  ["Workspace home", ["Alt", "1"]],
  ["Open canvas board", ["Alt", "2"]],
  ["Mesh map", ["Alt", "3"]],
  ["Presentation mode (big type)", ["P"]],
  ["Light / dark theme", ["T"]],
  ["This help", ["?"]],
  ["Board", []],
  ["Undo", ["Ctrl", "Z"]],
  ["Redo", ["Ctrl", "Shift", "Z"]],
  ["Delete the selected card or note", ["Del"]],
  ["New sticky note", ["N"]],
  ["Sticky note here", ["Double-click"]],
  ["Fit the poster", ["F"]],
  ["Jump to block 1–10 (workshop order)", ["1", "…", "0"]],
  ["Findings panel", ["Ctrl", "J"]],
  ["History", ["Ctrl", "H"]],
  ["Export", ["Ctrl", "E"]],
  ["Deselect / close", ["Esc"]],
  ["Pan / zoom", ["Scroll", "Ctrl+Scroll"]],
];

export function HelpOverlay() {
  const open = useApp((s) => s.helpOpen);
  const setHelp = useApp((s) => s.setHelp);
  if (!open) return null;
  return (
    <div className="modal-backdrop" onClick={() => setHelp(false)}>
      <div
        className="modal help"
        data-testid="help-overlay"
        role="dialog"
        aria-label="Keyboard shortcuts"
        onClick={(e) => e.stopPropagation()}
      >
        <header className="modal-head">
          <h2>Keyboard shortcuts</h2>
        </header>
        <div className="help-grid">
          {SHORTCUTS.map(([label, keys]) =>
            keys.length === 0 ? (
              <h4 key={label}>{label}</h4>
            ) : (
              <div className="help-row" key={label}>
                <span>{label}</span>
                <span className="keys">
                  {keys.map((k, i) => (
                    <kbd key={i}>{k}</kbd>
                  ))}
                </span>
              </div>
            ),
          )}
        </div>
        <footer className="modal-foot">
          <button type="button" className="btn primary" onClick={() => setHelp(false)}>
            Got it
          </button>
        </footer>
      </div>
    </div>
  );
}
