// The import preview: every canvas the chosen files make, what it would
// become (a new canvas, the canvas it meets replaced, or its output ports
// attached to a product), every warning, and the id and name, editable.
// Nothing is added until "Import".
import { useMemo, useState } from "react";
import { backend } from "../backend";
import type { CanvasSummary } from "../bindings/CanvasSummary";
import type { ImportItem } from "../bindings/ImportItem";
import type { StoredCanvas } from "../bindings/StoredCanvas";
import {
  canAttach,
  canReplace,
  choicesOf,
  initialRow,
  rowProblem,
  type ImportRow,
  type RowAction,
} from "../logic/importPlan";

/** The last part of a path, for a file the user picked. */
function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? "" : "s"}`;
}

export function ImportDialog({
  items,
  products,
  deleted,
  onClose,
  onImported,
}: {
  items: ImportItem[];
  /** The workspace's canvases: attach targets, and ids taken. */
  products: CanvasSummary[];
  /** Deleted canvases: their ids are taken too. */
  deleted: CanvasSummary[];
  onClose(): void;
  onImported(saved: StoredCanvas[]): void;
}) {
  const [rows, setRows] = useState<ImportRow[]>(() => items.map(initialRow));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const taken = useMemo(
    () => new Set([...products, ...deleted].map((p) => p.id)),
    [products, deleted],
  );
  const problems = rows.map((_, i) => rowProblem(items, rows, i, taken));
  const chosen = rows.filter((r) => r.action !== "skip").length;
  const valid = chosen > 0 && problems.every((p) => p === null);

  const update = (i: number, patch: Partial<ImportRow>) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const commit = async () => {
    if (!valid) return;
    setBusy(true);
    setError(null);
    try {
      onImported(await backend.importCommit(choicesOf(items, rows)));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className="modal modal-wide modal-fit"
        data-testid="import-dialog"
        onClick={(e) => e.stopPropagation()}
      >
        <header className="modal-head">
          <h2>Import {items.length === 1 ? "1 canvas" : `${items.length} canvases`}</h2>
          <p className="muted">
            Check what each file becomes. Nothing is added until you import; a replaced canvas keeps
            its history.
          </p>
        </header>
        <div className="modal-body import-rows">
          {items.map((item, i) => (
            <ImportRowView
              key={i}
              index={i}
              item={item}
              row={rows[i]!}
              problem={problems[i] ?? null}
              products={products}
              onChange={(patch) => update(i, patch)}
            />
          ))}
          {error ? (
            <div className="export-error" data-testid="import-error">
              <strong>Nothing was imported</strong>
              <p className="small">{error}</p>
            </div>
          ) : null}
        </div>
        <footer className="modal-foot">
          <button type="button" className="btn ghost" data-testid="import-cancel" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn primary"
            data-testid="import-confirm"
            disabled={!valid || busy}
            onClick={() => void commit()}
          >
            {busy ? "Importing…" : `Import ${chosen}`}
          </button>
        </footer>
      </div>
    </div>
  );
}

function ImportRowView({
  index,
  item,
  row,
  problem,
  products,
  onChange,
}: {
  index: number;
  item: ImportItem;
  row: ImportRow;
  problem: string | null;
  products: CanvasSummary[];
  onChange(patch: Partial<ImportRow>): void;
}) {
  const { canvas, sources, warnings, keptInExtensions } = item.imported;
  const ports = canvas.outputPorts.length;
  const met = item.existing;
  const option = (action: RowAction, label: string, enabled = true) => (
    <label className={`import-option ${enabled ? "" : "disabled"}`}>
      <input
        type="radio"
        name={`import-${index}`}
        data-testid={`import-${index}-${action}`}
        checked={row.action === action}
        disabled={!enabled}
        onChange={() => onChange({ action })}
      />
      {label}
    </label>
  );
  return (
    <section className="import-row" data-testid={`import-row-${index}`}>
      <header className="import-row-head">
        <strong>{canvas.product.name || canvas.product.id}</strong>
        <span className="muted small">
          {" "}
          from {sources.map(fileName).join(", ")} · {plural(ports, "output port")}
        </span>
      </header>
      {met ? (
        <p className="import-met small" data-testid={`import-${index}-met`}>
          {met.deleted
            ? `Its id ${met.id} belongs to a deleted canvas (${met.name}): add it under another id, or bring that one back first.`
            : `A canvas with its id ${met.id} is in this workspace: ${met.name}.`}
        </p>
      ) : null}
      <div className="import-options">
        {option("new", met ? "Keep both: add as a new canvas" : "Add as a new canvas")}
        {canReplace(item) ? option("replace", `Replace ${met!.name} (its history keeps it)`) : null}
        {option(
          "attach",
          canAttach(item)
            ? `Attach its ${plural(ports, "output port")} to a product`
            : "Attach to a product (it has no output ports)",
          canAttach(item) && products.length > 0,
        )}
        {option("skip", "Skip")}
      </div>
      {row.action === "new" ? (
        <div className="import-fields">
          <div className="field">
            <label htmlFor={`import-${index}-name`}>Name</label>
            <input
              id={`import-${index}-name`}
              data-testid={`import-${index}-name`}
              value={row.name}
              onChange={(e) => onChange({ name: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`import-${index}-id`}>Product id</label>
            <input
              id={`import-${index}-id`}
              className="mono"
              data-testid={`import-${index}-id`}
              value={row.id}
              spellCheck={false}
              aria-invalid={problem ? true : undefined}
              onChange={(e) => onChange({ id: e.target.value })}
            />
          </div>
        </div>
      ) : null}
      {row.action === "attach" ? (
        <div className="import-fields">
          <div className="field">
            <label htmlFor={`import-${index}-attach`}>Attach to</label>
            <select
              id={`import-${index}-attach`}
              data-testid={`import-${index}-attach-to`}
              value={row.attachTo}
              onChange={(e) => onChange({ attachTo: e.target.value })}
            >
              <option value="">Choose a product…</option>
              {products.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.id})
                </option>
              ))}
            </select>
          </div>
          <p className="muted small">
            The product keeps its team and support; the file&apos;s own are not attached.
          </p>
        </div>
      ) : null}
      {problem ? (
        <div className="field-error" data-testid={`import-${index}-problem`}>
          {problem}
        </div>
      ) : null}
      {warnings.length > 0 ? (
        <details className="import-warnings" data-testid={`import-${index}-warnings`}>
          <summary>{plural(warnings.length, "warning")}</summary>
          <ul className="small">
            {warnings.map((w, j) => (
              <li key={j}>{w}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {keptInExtensions.length > 0 ? (
        <details className="import-warnings">
          <summary>
            {keptInExtensions.length} kept as they are (no place on the canvas; exported again)
          </summary>
          <ul className="small mono">
            {keptInExtensions.map((k) => (
              <li key={k}>{k}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
