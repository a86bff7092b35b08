// Shown after a save conflict when the draft and the save made since both
// changed the same places: each place with its three values (yours, theirs
// and, small, what it was before), and a side to choose for each. All the
// other edits, yours and theirs, are merged already. Nothing is saved until
// every place has a side; cancelled, the board stays in conflict, the draft
// untouched.
import { useEffect } from "react";
import type { MergeConflict } from "../bindings/MergeConflict";
import type { Side } from "../bindings/Side";
import { allChosen, placesText, viewValue, type Which } from "../logic/merge";
import { useMerge, type MergeState } from "../state/merge";
import { cancelMerge, keepMineOverTheirs, saveMerged } from "../state/sync";

function Value({ value, which }: { value: unknown; which: Which }) {
  const v = viewValue(value, which);
  if (v.kind === "json") return <pre className="merge-value mono">{v.text}</pre>;
  return <div className={`merge-value merge-${v.kind}`}>{v.text}</div>;
}

function Conflict({
  n,
  conflict,
  choice,
  disabled,
  onChoose,
}: {
  n: number;
  conflict: MergeConflict;
  choice: Side | null;
  disabled: boolean;
  onChoose(n: number, side: Side): void;
}) {
  const side = (s: Side, title: string) => (
    <label className={`merge-side ${choice === s ? "on" : ""}`}>
      <span className="merge-side-head">
        <input
          type="radio"
          name={`merge-${String(n)}`}
          data-testid={`merge-${s}-${String(n)}`}
          checked={choice === s}
          disabled={disabled}
          onChange={() => onChoose(n, s)}
        />
        {title}
      </span>
      <Value value={conflict[s]} which={s} />
    </label>
  );
  return (
    <li className="merge-conflict" data-testid={`merge-conflict-${String(n)}`}>
      <fieldset>
        <legend className="merge-label">{conflict.label}</legend>
        <div className="merge-sides">
          {side("ours", "Yours")}
          {side("theirs", "Saved by them")}
        </div>
        <div className="merge-base small muted">
          <span className="merge-base-head">Before</span>
          <Value value={conflict.base} which="base" />
        </div>
      </fieldset>
    </li>
  );
}

/** What the dialog shows (the merge store's state) and what its buttons do. */
export type MergeViewProps = Pick<
  MergeState,
  "conflicts" | "choices" | "author" | "revision" | "busy" | "error" | "notice" | "failed"
> & {
  onChoose(n: number, side: Side): void;
  onChooseAll(side: Side): void;
  onCancel(): void;
  onSave(): void;
  onKeepMine(): void;
};

/** The dialog, open. */
export function MergeView(p: MergeViewProps) {
  const { conflicts, choices, author, revision, busy, error, notice, failed } = p;
  const who = author ?? "Someone else";
  const ready = allChosen(choices, conflicts.length);
  return (
    // No close on a click beside it: the choices made would go with it.
    <div className="modal-backdrop">
      <div
        className="modal modal-wide modal-fit merge-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="merge-title"
        aria-busy={busy}
        data-testid="merge-dialog"
      >
        <header className="modal-head">
          <h2 id="merge-title">Someone else saved this canvas</h2>
          {failed ? (
            <p className="muted">
              {who} saved it while you edited, and your edits could not be merged with theirs. Your
              edits are still here, unsaved.
            </p>
          ) : (
            <p className="muted">
              {who} saved it
              {revision === null ? "" : ` (revision ${String(revision)})`} while you edited. All
              other edits, yours and theirs, are merged; you both changed{" "}
              {placesText(conflicts.length)}: choose which to keep.
            </p>
          )}
        </header>
        <div className="modal-body">
          {notice ? (
            <p className="merge-notice" data-testid="merge-notice">
              {notice}
            </p>
          ) : null}
          {error ? (
            <p className="merge-error" role="alert" data-testid="merge-error">
              {error}
            </p>
          ) : null}
          {failed ? (
            <p className="muted small">
              You can keep your version: it is saved on top of theirs, and theirs stays in the
              history. Or cancel, and reload theirs from the board.
            </p>
          ) : (
            <ol className="merge-list">
              {conflicts.map((c, n) => (
                <Conflict
                  key={`${c.pointer}-${String(n)}`}
                  n={n}
                  conflict={c}
                  choice={choices[n] ?? null}
                  disabled={busy}
                  onChoose={p.onChoose}
                />
              ))}
            </ol>
          )}
        </div>
        <footer className="modal-foot">
          {failed ? null : (
            <>
              <button
                type="button"
                className="btn"
                data-testid="merge-all-ours"
                disabled={busy}
                onClick={() => p.onChooseAll("ours")}
                title="Keep your value in every place: their other edits are still merged"
              >
                All mine
              </button>
              <button
                type="button"
                className="btn"
                data-testid="merge-all-theirs"
                disabled={busy}
                onClick={() => p.onChooseAll("theirs")}
              >
                All theirs
              </button>
            </>
          )}
          <span className="spacer" />
          <button type="button" className="btn" data-testid="merge-cancel" onClick={p.onCancel}>
            Cancel
          </button>
          {failed ? (
            <button
              type="button"
              className="btn danger"
              data-testid="merge-keep-mine"
              onClick={p.onKeepMine}
            >
              Keep mine over theirs
            </button>
          ) : (
            <button
              type="button"
              className="btn primary"
              data-testid="merge-save"
              disabled={!ready || busy}
              title={ready ? undefined : "Choose a side for each place first"}
              onClick={p.onSave}
            >
              {busy ? "Saving…" : "Save merged"}
            </button>
          )}
        </footer>
      </div>
    </div>
  );
}

/** The merge dialog, from the merge store; rendered once, by the app shell. */
export function MergeDialog() {
  const m = useMerge();
  const open = m.open;
  // Escape cancels, before the board's Escape (which would end a preview
  // behind the dialog).
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      e.preventDefault();
      e.stopPropagation();
      cancelMerge();
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [open]);
  if (!open) return null;
  return (
    <MergeView
      conflicts={m.conflicts}
      choices={m.choices}
      author={m.author}
      revision={m.revision}
      busy={m.busy}
      error={m.error}
      notice={m.notice}
      failed={m.failed}
      onChoose={m.choose}
      onChooseAll={m.chooseAll}
      onCancel={cancelMerge}
      onSave={() => void saveMerged()}
      onKeepMine={() => void keepMineOverTheirs()}
    />
  );
}
