// The end of a workshop: what is still open (findings by step, stickies
// not yet cards, parked questions, decisions), the Markdown summary to copy
// or save, and the take-home poster.
import { useEffect, useRef, useState } from "react";
import { backend } from "../backend";
import type { Canvas } from "../bindings/Canvas";
import type { Finding } from "../bindings/Finding";
import type { Workshop } from "../bindings/Workshop";
import { findingsByStep, stepInfo, unconvertedStickies } from "../logic/workshop";
import { reportError, useApp } from "../state/app";
import { TakeHomeDialog } from "./TakeHomeDialog";

/** A step's open findings in plain words. */
export function FindingList({ findings }: { findings: readonly Finding[] }) {
  return (
    <ul className="ws-findings">
      {findings.map((f, i) => (
        <li key={`${f.ruleId}:${f.pointer}:${i}`} className={`sev-${f.severity}`}>
          <span className={`ws-sev sev-${f.severity}`}>{f.severity}</span>
          <div>
            <div className="ws-finding-msg">{f.message}</div>
            {f.hint ? <div className="ws-finding-hint">{f.hint}</div> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** The summary in Markdown, to copy or to save with the poster. */
function SummaryDialog({ canvas, onClose }: { canvas: Canvas; onClose(): void }) {
  const [text, setText] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Fetched once per canvas, whatever closure the parent passes this time.
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  });
  useEffect(() => {
    let cancelled = false;
    backend
      .workshopSummary(canvas)
      .then((t) => {
        if (!cancelled) setText(t);
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        reportError("Could not write the summary", e);
        closeRef.current();
      });
    return () => {
      cancelled = true;
    };
  }, [canvas]);
  if (saving) return <TakeHomeDialog canvas={canvas} onClose={onClose} />;
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className="modal modal-wide modal-fit ws-summary"
        data-testid="workshop-summary-dialog"
        onClick={(e) => e.stopPropagation()}
      >
        <header className="modal-head">
          <h2>Workshop summary</h2>
          <p className="muted">Markdown: paste it into a wiki, a ticket or an e-mail.</p>
        </header>
        <div className="modal-body">
          {text === null ? (
            <span className="spinner" />
          ) : (
            <pre className="ws-summary-text" data-testid="workshop-summary-text">
              {text}
            </pre>
          )}
        </div>
        <footer className="modal-foot">
          <button type="button" className="btn ghost" onClick={onClose}>
            Close
          </button>
          <button
            type="button"
            className="btn"
            data-testid="workshop-summary-copy"
            disabled={text === null}
            onClick={() => {
              if (text === null) return;
              navigator.clipboard.writeText(text).then(
                () => useApp.getState().toast({ kind: "success", title: "Summary copied" }),
                (e: unknown) => reportError("Could not copy the summary", e),
              );
            }}
          >
            Copy
          </button>
          <button
            type="button"
            className="btn primary"
            data-testid="workshop-summary-save"
            disabled={text === null}
            onClick={() => setSaving(true)}
          >
            Save…
          </button>
        </footer>
      </div>
    </div>
  );
}

/** After Finish: what is still open, the summary and the take-home. */
export function FinishedScreen({
  canvas,
  w,
  findings,
  onClose,
}: {
  canvas: Canvas;
  w: Workshop;
  findings: readonly Finding[];
  onClose(): void;
}) {
  // The dialogs get the canvas as it was when opened: the summary is
  // fetched once, not again at every autosave around it.
  const [dialog, setDialog] = useState<{ kind: "summary" | "takeHome"; canvas: Canvas } | null>(
    null,
  );
  const groups = findingsByStep(findings);
  const loose = unconvertedStickies(canvas);
  const closeDialog = () => setDialog(null);
  return (
    <div className="ws-finished" data-testid="workshop-finished">
      <header className="ws-finished-head">
        <div>
          <div className="ws-eyebrow">Workshop finished</div>
          <h1>{canvas.product.name || canvas.product.id}</h1>
        </div>
        <span className="spacer" />
        <button
          type="button"
          className="btn ws-btn"
          data-testid="workshop-summary"
          onClick={() => setDialog({ kind: "summary", canvas })}
        >
          Summary
        </button>
        <button
          type="button"
          className="btn primary ws-btn"
          data-testid="workshop-take-home"
          onClick={() => setDialog({ kind: "takeHome", canvas })}
        >
          Poster & summary…
        </button>
        <button type="button" className="btn ws-btn" data-testid="workshop-close" onClick={onClose}>
          Back to the board
        </button>
      </header>
      <div className="ws-finished-body">
        <section data-testid="finished-findings">
          <h2>Still open against the standards</h2>
          {groups.length === 0 ? (
            <p className="ws-none">Nothing: every standard is met or waived.</p>
          ) : (
            groups.map((g) => (
              <div key={g.step} className="ws-finished-group">
                <h3>
                  {g.step} · {stepInfo(g.step).title}
                </h3>
                <FindingList findings={g.findings} />
              </div>
            ))
          )}
        </section>
        <section data-testid="finished-stickies">
          <h2>Stickies not yet cards</h2>
          {loose.length === 0 ? (
            <p className="ws-none">None: every sticky became a card.</p>
          ) : (
            <ul className="ws-plain">
              {loose.map((n) => (
                <li key={n.id}>
                  {n.text}{" "}
                  <span className="ws-note-meta">
                    {n.author ?? ""} · step {n.step}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h2>Parked questions</h2>
          {w.parkingLot.length === 0 ? (
            <p className="ws-none">None.</p>
          ) : (
            <ul className="ws-plain" data-testid="finished-parking">
              {w.parkingLot.map((n) => (
                <li key={n.id}>
                  {n.text} <span className="ws-note-meta">{n.author}</span>
                </li>
              ))}
            </ul>
          )}
          <h2>Decisions</h2>
          {w.decisions.length === 0 ? (
            <p className="ws-none">None recorded.</p>
          ) : (
            <ul className="ws-plain" data-testid="finished-decisions">
              {w.decisions.map((n) => (
                <li key={n.id}>
                  {n.text} <span className="ws-note-meta">{n.author}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {/* The dialogs at the app's own size, not the projector's. */}
      {dialog ? (
        <div className="ws-app-size">
          {dialog.kind === "summary" ? (
            <SummaryDialog canvas={dialog.canvas} onClose={closeDialog} />
          ) : (
            <TakeHomeDialog canvas={dialog.canvas} onClose={closeDialog} />
          )}
        </div>
      ) : null}
    </div>
  );
}
