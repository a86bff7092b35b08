// Export: choose the manifest formats, preview every file the core would
// write, then write the bundle into a folder the user picks.
import { useEffect, useReducer, useRef, useState } from "react";
import { backend } from "../backend";
import { browseFolder, useEscapeToClose } from "../components/folderDialog";
import type { ExportOptions } from "../bindings/ExportOptions";
import type { ExportSummary } from "../bindings/ExportSummary";
import type { ExportedFile } from "../bindings/ExportedFile";
import { MANIFEST_ENCODINGS, ODCS_VERSIONS, ODPS_VERSIONS } from "../bindings/tables";
import { groupExportFiles } from "../logic/exportFiles";
import { ENCODING_LABELS } from "../logic/labels";
import { initialPreview, previewReducer } from "../logic/preview";
import { flushSave } from "../state/sync";
import { reportError, useApp } from "../state/app";
import { presentCanvas, useBoard } from "../state/board";

/**
 * `productIds` must keep its identity while the products stay the same (a
 * new array fetches the preview again).
 */
export function ExportDialog({ productIds, onClose }: { productIds: string[]; onClose(): void }) {
  const [options, setOptions] = useState<ExportOptions>({
    encoding: "yaml",
    odcsVersion: "v3.1.0",
    odpsVersion: "v1.0.0",
    allowFindings: false,
  });
  const [preview, dispatch] = useReducer(previewReducer<ExportedFile>, undefined, () =>
    initialPreview<ExportedFile>(),
  );
  const { files, error, loading, current } = preview;
  const fetches = useRef(0);
  const [writing, setWriting] = useState(false);
  const [result, setResult] = useState<ExportSummary | null>(null);
  const [folder, setFolder] = useState(() => localStorage.getItem("meshcanvas.exportFolder") ?? "");
  const toast = useApp((s) => s.toast);
  const unchecked = useApp((s) => s.standardsProblem) != null;
  // The canvas on the board: an edit (undo) while the dialog is open changes
  // what would be written, so the preview follows it.
  const canvas = useBoard(presentCanvas);

  useEffect(() => {
    const seq = ++fetches.current;
    dispatch({ type: "start", seq });
    // Export reads the stored canvas: save pending edits first.
    flushSave()
      .then(() => backend.exportPreview(productIds, options))
      .then((f) => dispatch({ type: "loaded", seq, files: f }))
      .catch((e: unknown) =>
        dispatch({ type: "failed", seq, error: e instanceof Error ? e.message : String(e) }),
      );
  }, [productIds, options, canvas]);

  useEscapeToClose(onClose);

  const browse = () => browseFolder("Write the bundle into…", setFolder);

  const write = async () => {
    const dir = folder.trim();
    if (!dir) return;
    try {
      setWriting(true);
      const r = await backend.exportBundle(productIds, dir, options);
      localStorage.setItem("meshcanvas.exportFolder", dir);
      setResult(r);
      toast({ kind: "success", title: `Exported ${r.files.length} files`, detail: r.outDir });
    } catch (e) {
      reportError("Export failed", e);
    } finally {
      setWriting(false);
    }
  };

  const file = files?.[current];
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className="modal modal-wide"
        data-testid="export-dialog"
        role="dialog"
        aria-label="Export"
        onClick={(e) => e.stopPropagation()}
      >
        <header className="modal-head">
          <h2>Export manifests</h2>
          <p className="muted">
            One ODPS data product per canvas, one ODCS data contract per output port, the canvas
            files themselves (the board, for importing the bundle back), and a bundle index.
          </p>
        </header>
        <div className="export-options">
          <label>
            Encoding
            <select
              data-testid="export-encoding"
              value={options.encoding}
              onChange={(e) =>
                setOptions({ ...options, encoding: e.target.value as ExportOptions["encoding"] })
              }
            >
              {MANIFEST_ENCODINGS.map((e) => (
                <option key={e} value={e}>
                  {ENCODING_LABELS[e]}
                </option>
              ))}
            </select>
          </label>
          <label>
            ODCS version
            <select
              data-testid="export-odcs-version"
              value={options.odcsVersion}
              onChange={(e) =>
                setOptions({
                  ...options,
                  odcsVersion: e.target.value as ExportOptions["odcsVersion"],
                })
              }
            >
              {ODCS_VERSIONS.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          <label>
            ODPS version
            <select
              data-testid="export-odps-version"
              value={options.odpsVersion}
              onChange={(e) =>
                setOptions({
                  ...options,
                  odpsVersion: e.target.value as ExportOptions["odpsVersion"],
                })
              }
            >
              {ODPS_VERSIONS.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input
              type="checkbox"
              data-testid="export-allow-findings"
              checked={options.allowFindings}
              onChange={(e) => setOptions({ ...options, allowFindings: e.target.checked })}
            />
            <span>{unchecked ? "Export unchecked" : "Export despite error findings"}</span>
          </label>
          {loading && files ? (
            <span className="export-updating muted small" data-testid="export-updating">
              <span className="spinner" /> Updating preview…
            </span>
          ) : null}
        </div>
        {unchecked ? (
          <div className="export-unchecked" data-testid="export-unchecked">
            <strong>Not checked against the standards.</strong> The standards packs did not load, so
            nothing could hold this export back: it is refused until you choose &ldquo;Export
            unchecked&rdquo;, as <code>meshcanvas export</code> refuses without{" "}
            <code>--allow-findings</code>.
          </div>
        ) : null}
        <div className="export-body" aria-busy={loading}>
          {error ? (
            <div className="export-error">
              <strong>Nothing to preview</strong>
              <p className="mono small">{error}</p>
            </div>
          ) : !files ? (
            <div className="empty-state small-empty">
              <span className="spinner" /> Preparing preview…
            </div>
          ) : (
            <>
              <div className="file-list">
                {groupExportFiles(files).map((g) => (
                  <section key={g.title} data-testid={`export-group-${g.title.toLowerCase()}`}>
                    <h3 className="file-group" title={g.note}>
                      {g.title}
                    </h3>
                    <ul>
                      {g.files.map(({ file: f, index: i }) => (
                        <li key={f.path}>
                          <button
                            type="button"
                            className={i === current ? "on" : ""}
                            data-testid={`export-file-${i}`}
                            onClick={() => dispatch({ type: "pick", index: i })}
                          >
                            <span className={`pill kind-${f.kind}`}>{f.kind}</span>
                            <span className="mono">{f.path}</span>
                          </button>
                        </li>
                      ))}
                    </ul>
                  </section>
                ))}
              </div>
              <pre className="preview" data-testid="export-preview">
                {file?.content}
              </pre>
            </>
          )}
        </div>
        {result ? (
          <div className="export-result" data-testid="export-result">
            Wrote {result.files.length} files to <span className="mono">{result.outDir}</span>.
            Deploy order: {result.deploymentOrder.join(" → ")}
          </div>
        ) : null}
        <footer className="modal-foot">
          <label className="folder">
            <span>Bundle folder</span>
            <input
              className="mono"
              data-testid="export-folder"
              placeholder="/path/to/bundle"
              value={folder}
              onChange={(e) => setFolder(e.target.value)}
            />
          </label>
          <button
            type="button"
            className="btn"
            data-testid="export-browse"
            onClick={() => void browse()}
          >
            Browse…
          </button>
          <div className="spacer" />
          <button type="button" className="btn ghost" data-testid="export-close" onClick={onClose}>
            Close
          </button>
          <button
            type="button"
            className="btn primary"
            data-testid="export-write"
            disabled={!files || writing || !folder.trim()}
            onClick={() => void write()}
          >
            {writing ? "Writing…" : "Write bundle"}
          </button>
        </footer>
      </div>
    </div>
  );
}
