// The inspector: edits the selected card, note or block in full. Every change
// is one store edit (keystrokes in one text box merge), so it is checked,
// autosaved and undoable like a drag on the board. The forms are in
// ./inspector, one per card kind, block and the sticky note.
//
// While an old revision is previewed, the inspector shows what is selected
// in it, as it was, inside a disabled fieldset: every input, choice and
// button of the forms is disabled by the browser itself, so no form needs to
// know about previews (and the store refuses edits then anyway).
import type { ReactNode } from "react";
import { block, type BlockId } from "../logic/blocks";
import { cardOfNode, KINDS } from "../logic/cards";
import { kindOfNode } from "../logic/identity";
import { shownCanvas, shownSelected, useBoard } from "../state/board";
import { BlockForm } from "./inspector/BlockForm";
import { CardForm } from "./inspector/CardForm";
import { NoteForm } from "./inspector/NoteForm";

export function Inspector() {
  const selected = useBoard(shownSelected);
  const canvas = useBoard(shownCanvas);
  const preview = useBoard((s) => s.preview?.info.revision ?? null);
  const deleteSelected = useBoard((s) => s.deleteSelected);
  if (!canvas) return null;
  const readOnly = preview !== null;
  if (!selected) {
    return (
      <aside className="inspector" data-testid="inspector-empty">
        <div className="empty-state small-empty">
          <h3>Nothing selected</h3>
          <p>
            {readOnly
              ? `Click a card or a block to see it as it was in revision ${String(preview)}.`
              : "Click a card or a block to edit it here. Double-click the board to drop a sticky note."}
          </p>
        </div>
      </aside>
    );
  }
  const kind = kindOfNode(selected);
  let title = "";
  let body: ReactNode = null;
  let deletable = false;
  // The card's key in the layout (`consumer:finance`), shown and exposed as
  // `data-key`; the selection itself is the card's identity.
  let key = selected;
  if (kind) {
    title = KINDS[kind].label;
    key = cardOfNode(canvas, selected)?.card.key ?? selected;
    // Keyed by the card, so a refused id typed into one card never shows on another.
    body = <CardForm key={selected} node={selected} canvas={canvas} />;
    deletable = true;
  } else if (selected.startsWith("note:")) {
    const id = selected.slice(5);
    const note = canvas.layout.notes.find((n) => n.id === id);
    title = "Sticky note";
    deletable = true;
    body = note ? <NoteForm id={id} note={note} /> : null;
  } else if (selected.startsWith("block:")) {
    const id = selected.slice(6) as BlockId;
    title = block(id).title;
    body = <BlockForm id={id} canvas={canvas} />;
  }
  return (
    <aside
      className={`inspector ${readOnly ? "read-only" : ""}`}
      data-testid="inspector"
      data-key={key}
      data-card={selected}
      data-read-only={readOnly}
    >
      <header className="inspector-head">
        <div>
          <div className="eyebrow">{title}</div>
          <div className="mono muted small">{key}</div>
        </div>
        {readOnly ? (
          <span className="pill pill-soft" data-testid="inspector-read-only">
            revision {String(preview)} · read-only
          </span>
        ) : deletable ? (
          <button
            type="button"
            className="btn danger small"
            data-testid="card-delete"
            title="Delete (Del)"
            onClick={deleteSelected}
          >
            Delete
          </button>
        ) : null}
      </header>
      <div className="inspector-body">
        {readOnly ? (
          <fieldset className="read-only-fields" disabled data-testid="inspector-read-only-fields">
            {body}
          </fieldset>
        ) : (
          body
        )}
      </div>
    </aside>
  );
}
