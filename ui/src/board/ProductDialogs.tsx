// Renaming a product's id and deleting a canvas: both change other
// products (their input ports read this one), so each dialog first names
// the products that read it, then asks.
import { useEffect, useState } from "react";
import { backend } from "../backend";
import { navigate } from "../state/route";
import { reportError, useApp } from "../state/app";
import { flushSave } from "../state/sync";
import { isSlug } from "../logic/skeleton";

/** The products whose input ports read `id`; `null` while asking. */
function useReaders(id: string): string[] | null {
  const [readers, setReaders] = useState<string[] | null>(null);
  useEffect(() => {
    let live = true;
    backend.canvasReaders(id).then(
      (r) => live && setReaders(r),
      (e) => {
        if (live) setReaders([]);
        reportError("Could not read which products use this one", e);
      },
    );
    return () => {
      live = false;
    };
  }, [id]);
  return readers;
}

/** The products that read this one (or that they are being looked for). */
function Readers({
  readers,
  what,
  testid,
}: {
  readers: string[] | null;
  what: string;
  testid: string;
}) {
  if (readers === null) {
    return (
      <p className="muted">
        <span className="spinner" /> Looking for products that read it…
      </p>
    );
  }
  if (readers.length === 0) {
    return (
      <p className="muted" data-testid={testid}>
        No other product reads it.
      </p>
    );
  }
  return (
    <div data-testid={testid}>
      <p>
        {readers.length === 1 ? "One product reads" : `${readers.length} products read`} it; {what}:
      </p>
      <ul className="reader-list mono">
        {readers.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </div>
  );
}

export function RenameProductDialog({ id, onClose }: { id: string; onClose(): void }) {
  const readers = useReaders(id);
  const [newId, setNewId] = useState(id);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const candidate = newId.trim();
  const problem =
    candidate === id
      ? null
      : !isSlug(candidate)
        ? "A lowercase slug: a-z, 0-9 and single inner hyphens, e.g. customer-orders."
        : null;
  const valid = candidate !== id && problem === null && readers !== null;
  const rename = async () => {
    if (!valid) return;
    setBusy(true);
    setError(null);
    try {
      // What is still being typed is saved under the old id first.
      await flushSave();
      const stored = await backend.canvasRename(id, candidate);
      useApp.getState().toast({
        kind: "success",
        title: `Renamed to ${stored.canvas.product.id}`,
        detail: readers?.length
          ? `${readers.length} reading product(s) updated: ${readers.join(", ")}`
          : undefined,
      });
      onClose();
      navigate({ view: "board", id: stored.canvas.product.id });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <form
        className="modal"
        data-testid="rename-dialog"
        onClick={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault();
          void rename();
        }}
      >
        <header className="modal-head">
          <h2>Rename product id</h2>
          <p className="muted">
            The id names the product in the mesh and in every contract exported from it.
          </p>
        </header>
        <div className="modal-body">
          <div className="field">
            <label htmlFor="rename-id">New product id</label>
            <input
              id="rename-id"
              className="mono"
              data-testid="rename-id"
              autoFocus
              value={newId}
              spellCheck={false}
              aria-invalid={problem ? true : undefined}
              onChange={(e) => setNewId(e.target.value)}
            />
            {problem ? (
              <div className="field-error" data-testid="rename-id-error">
                {problem}
              </div>
            ) : null}
          </div>
          <Readers
            readers={readers}
            what="their input ports will read the new id"
            testid="rename-readers"
          />
          <p className="muted small">
            The history so far stays under <span className="mono">{id}</span>, with the deleted
            canvases.
          </p>
          {error ? (
            <div className="export-error" data-testid="rename-error">
              <strong>Not renamed</strong>
              <p className="small">{error}</p>
            </div>
          ) : null}
        </div>
        <footer className="modal-foot">
          <button type="button" className="btn ghost" data-testid="rename-cancel" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn primary"
            data-testid="rename-confirm"
            disabled={!valid || busy}
          >
            Rename
          </button>
        </footer>
      </form>
    </div>
  );
}

export function DeleteProductDialog({
  id,
  name,
  onClose,
}: {
  id: string;
  name: string;
  onClose(): void;
}) {
  const readers = useReaders(id);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await flushSave();
      await backend.canvasDelete(id);
      onClose();
      navigate({ view: "home" });
      useApp.getState().toast({
        kind: "info",
        key: `canvas:${id}`,
        title: `Deleted ${name}`,
        detail: "Kept with the deleted canvases on the home view.",
        action: {
          label: "Bring back",
          run: () => {
            backend.canvasBringBack(id).then(
              () => {
                useApp
                  .getState()
                  .toast({ kind: "success", key: `canvas:${id}`, title: `${name} is back` });
                navigate({ view: "board", id });
              },
              (e) => reportError(`Could not bring ${id} back`, e),
            );
          },
        },
      });
    } catch (e) {
      reportError(`Could not delete ${id}`, e);
      setBusy(false);
    }
  };
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" data-testid="delete-dialog" onClick={(e) => e.stopPropagation()}>
        <header className="modal-head">
          <h2>Delete {name}?</h2>
          <p className="muted">
            It leaves the home view, the mesh map and exports. Its history is kept: bring it back
            from the deleted canvases on the home view.
          </p>
        </header>
        <div className="modal-body">
          <Readers
            readers={readers}
            what="their input ports will read a product that is not there, and say so"
            testid="delete-readers"
          />
        </div>
        <footer className="modal-foot">
          <button type="button" className="btn ghost" data-testid="delete-cancel" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn danger"
            data-testid="delete-confirm"
            disabled={busy || readers === null}
            onClick={() => void remove()}
          >
            Delete canvas
          </button>
        </footer>
      </div>
    </div>
  );
}
