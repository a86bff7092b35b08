// The new-canvas dialog: name, id (made from the name until typed), domain,
// a blank canvas or a template, and the archetype; or a canvas for a
// workshop (blank, or with an archetype's example stickies), which opens
// straight into the workshop view.
import { useState } from "react";
import { backend } from "../backend";
import type { Archetype } from "../bindings/Archetype";
import type { Canvas } from "../bindings/Canvas";
import { ARCHETYPES } from "../bindings/tables";
import { ARCHETYPE_HINTS, ARCHETYPE_LABELS } from "../logic/labels";
import { blankCanvas, fromTemplate, slugify } from "../logic/skeleton";
import { reportError } from "../state/app";
import { useWorkshop } from "../state/workshop";

/** A workshop's starting canvas: none (no workshop), blank, or an archetype's examples. */
type WorkshopChoice = "" | "blank" | Archetype;

export function NewCanvasDialog({
  templates,
  domains,
  onClose,
  onCreated,
}: {
  templates: Canvas[];
  domains: string[];
  onClose(): void;
  onCreated(id: string): void;
}) {
  const [name, setName] = useState("");
  const [id, setId] = useState("");
  const [idTouched, setIdTouched] = useState(false);
  const [domain, setDomain] = useState("");
  const [template, setTemplate] = useState("blank");
  // Asked, not assumed: where the product sits is a design decision.
  const [archetype, setArchetype] = useState<Archetype | "">("");
  const [workshop, setWorkshop] = useState<WorkshopChoice>("");
  const [busy, setBusy] = useState(false);
  const effectiveId = idTouched ? id : slugify(name);
  // A blank workshop decides the classification at its last step.
  const valid =
    effectiveId.length > 0 &&
    name.trim().length > 0 &&
    domain.trim().length > 0 &&
    (archetype !== "" || workshop === "blank");
  const create = async () => {
    if (!valid) return;
    setBusy(true);
    try {
      let base: Canvas;
      if (workshop) {
        base = await backend.workshopTemplate(
          effectiveId,
          name.trim(),
          domain.trim(),
          workshop === "blank" ? null : workshop,
        );
      } else {
        const t = templates.find((x) => x.product.id === template);
        base = t
          ? fromTemplate(t, effectiveId, name.trim(), domain.trim())
          : blankCanvas(effectiveId, name.trim(), domain.trim());
      }
      const canvas = archetype === "" ? base : { ...base, product: { ...base.product, archetype } };
      const stored = await backend.canvasCreate(canvas);
      if (workshop) useWorkshop.getState().setOpenOnLoad(stored.canvas.product.id);
      onCreated(stored.canvas.product.id);
    } catch (e) {
      reportError("Could not create the canvas", e);
      setBusy(false);
    }
  };
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <form
        className="modal"
        data-testid="new-canvas-dialog"
        onClick={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <header className="modal-head">
          <h2>New canvas</h2>
          <p className="muted">One canvas designs one data product.</p>
        </header>
        <div className="modal-body">
          <div className="field">
            <label htmlFor="nc-name">Product name</label>
            <input
              id="nc-name"
              data-testid="new-canvas-name"
              autoFocus
              value={name}
              placeholder="Customer orders"
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="nc-id">Product id</label>
            <input
              id="nc-id"
              className="mono"
              data-testid="new-canvas-id"
              value={effectiveId}
              placeholder="customer-orders"
              onChange={(e) => {
                setIdTouched(true);
                setId(e.target.value);
              }}
            />
            <div className="field-hint">Stable and unique in the mesh: a lowercase slug.</div>
          </div>
          <div className="field">
            <label htmlFor="nc-domain">Domain</label>
            <input
              id="nc-domain"
              data-testid="new-canvas-domain"
              list="nc-domains"
              value={domain}
              placeholder="orders"
              onChange={(e) => setDomain(e.target.value)}
            />
            <datalist id="nc-domains">
              {domains.map((d) => (
                <option key={d} value={d} />
              ))}
            </datalist>
          </div>
          <div className="field">
            <label htmlFor="nc-workshop">Start a workshop</label>
            <select
              id="nc-workshop"
              data-testid="new-workshop-template"
              value={workshop}
              onChange={(e) => {
                const choice = e.target.value as WorkshopChoice;
                setWorkshop(choice);
                // An archetype's examples bring its classification; it can be changed.
                if (choice !== "" && choice !== "blank") setArchetype(choice);
              }}
            >
              <option value="">No workshop: just the canvas</option>
              <option value="blank">Workshop on a blank canvas</option>
              {ARCHETYPES.map((a) => (
                <option key={a} value={a}>
                  Workshop with {ARCHETYPE_LABELS[a].toLowerCase()} examples
                </option>
              ))}
            </select>
            <div className="field-hint">
              Opens the canvas in workshop mode: ten timed steps, stickies first, cards later.
            </div>
          </div>
          <div className="field">
            <label htmlFor="nc-template">Start from</label>
            <select
              id="nc-template"
              data-testid="new-canvas-template"
              disabled={workshop !== ""}
              title={workshop !== "" ? "A workshop starts from its own canvas" : undefined}
              value={workshop !== "" ? "blank" : template}
              onChange={(e) => {
                setTemplate(e.target.value);
                // A template brings its classification; it can be changed.
                const t = templates.find((x) => x.product.id === e.target.value);
                if (t) setArchetype(t.product.archetype);
              }}
            >
              <option value="blank">Blank canvas</option>
              {templates.map((t) => (
                <option key={t.product.id} value={t.product.id}>
                  Template: {t.product.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="nc-archetype">Classification</label>
            <select
              id="nc-archetype"
              data-testid="new-canvas-archetype"
              value={archetype}
              onChange={(e) => setArchetype(e.target.value as Archetype | "")}
            >
              <option value="">
                {workshop === "blank" ? "Decide in the workshop" : "Choose…"}
              </option>
              {ARCHETYPES.map((a) => (
                <option key={a} value={a}>
                  {ARCHETYPE_LABELS[a]}: {ARCHETYPE_HINTS[a].toLowerCase()}
                </option>
              ))}
            </select>
            <div className="field-hint">Where the product sits between sources and consumers.</div>
          </div>
        </div>
        <footer className="modal-foot">
          <button
            type="button"
            className="btn ghost"
            data-testid="new-canvas-cancel"
            onClick={onClose}
          >
            Cancel
          </button>
          <button
            type="submit"
            className="btn primary"
            data-testid="new-canvas-create"
            disabled={!valid || busy}
          >
            {workshop ? "Create and start the workshop" : "Create canvas"}
          </button>
        </footer>
      </form>
    </div>
  );
}
