// Poster & summary: what a workshop takes home from the board. The core
// draws the canvas as a poster (PDF, SVG, PNG at a paper size, the findings
// summary in a corner if wanted) and writes the workshop summary
// (Markdown) into a folder the user picks.
import { useState } from "react";
import { backend } from "../backend";
import { browseFolder, useEscapeToClose } from "../components/folderDialog";
import type { Canvas } from "../bindings/Canvas";
import type { PaperSize } from "../bindings/PaperSize";
import type { TakeHome } from "../bindings/TakeHome";
import {
  baseName,
  defaultTakeHome,
  PAPER_SIZES,
  POSTER_FORMATS,
  progressLabel,
  withFormat,
  writesSomething,
} from "../logic/takeHome";
import { useApp } from "../state/app";

const FOLDER_KEY = "meshcanvas.takeHomeFolder";

/** `canvas` is what is drawn: the draft as it is on the board when the dialog opens. */
export function TakeHomeDialog({ canvas, onClose }: { canvas: Canvas; onClose: () => void }) {
  const [options, setOptions] = useState<TakeHome>(() => defaultTakeHome(canvas));
  const [folder, setFolder] = useState(
    () => localStorage.getItem(FOLDER_KEY) ?? localStorage.getItem("meshcanvas.exportFolder") ?? "",
  );
  const [writing, setWriting] = useState(false);
  const [written, setWritten] = useState<{ dir: string; paths: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toast = useApp((s) => s.toast);
  const hasWorkshop = canvas.layout.workshop != null;

  useEscapeToClose(onClose);

  const browse = () => browseFolder("Write the poster into…", setFolder);

  const write = async () => {
    const dir = folder.trim();
    if (!dir || !writesSomething(options)) return;
    setError(null);
    setWritten(null);
    try {
      setWriting(true);
      const paths = await backend.workshopTakeHome(canvas, dir, options);
      localStorage.setItem(FOLDER_KEY, dir);
      setWritten({ dir, paths });
      toast({
        kind: "success",
        title: `Wrote ${paths.length} ${paths.length === 1 ? "file" : "files"}`,
        detail: dir,
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setWriting(false);
    }
  };

  const nothing = !writesSomething(options);
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className="modal take-home"
        data-testid="take-home"
        role="dialog"
        aria-label="Poster and summary"
        aria-busy={writing}
        onClick={(e) => e.stopPropagation()}
      >
        <header className="modal-head">
          <h2>Poster &amp; summary</h2>
          <p className="muted">
            The canvas as a poster to print or share, and the workshop&rsquo;s summary, written into
            a folder.
          </p>
        </header>
        <div className="modal-body">
          <div className="field">
            <label htmlFor="take-home-size">Paper size</label>
            <select
              id="take-home-size"
              data-testid="take-home-size"
              value={options.size}
              disabled={writing}
              onChange={(e) => setOptions({ ...options, size: e.target.value as PaperSize })}
            >
              {PAPER_SIZES.map((p) => (
                <option key={p.size} value={p.size}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label>Poster formats</label>
            <div className="checks">
              {POSTER_FORMATS.map((f) => (
                <label key={f.format} className="check">
                  <input
                    type="checkbox"
                    data-testid={`take-home-${f.format}`}
                    checked={options.formats.includes(f.format)}
                    disabled={writing}
                    onChange={(e) => setOptions(withFormat(options, f.format, e.target.checked))}
                  />
                  <span>{f.label}</span>
                </label>
              ))}
            </div>
            <label className="check">
              <input
                type="checkbox"
                data-testid="take-home-findings"
                checked={options.findings}
                disabled={writing || options.formats.length === 0}
                onChange={(e) => setOptions({ ...options, findings: e.target.checked })}
              />
              <span>Findings summary in the corner</span>
            </label>
          </div>
          <div className="field">
            <label className="check">
              <input
                type="checkbox"
                data-testid="take-home-summary"
                checked={options.summary}
                disabled={writing}
                onChange={(e) => setOptions({ ...options, summary: e.target.checked })}
              />
              <span>Workshop summary (Markdown)</span>
            </label>
            {!hasWorkshop ? (
              <div className="field-hint">
                No workshop has been run on this canvas: its summary would say only that.
              </div>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="take-home-folder">Folder</label>
            <div className="take-home-folder">
              <input
                id="take-home-folder"
                className="mono"
                data-testid="take-home-folder"
                placeholder="/path/to/folder"
                value={folder}
                disabled={writing}
                onChange={(e) => setFolder(e.target.value)}
              />
              <button
                type="button"
                className="btn"
                data-testid="take-home-browse"
                disabled={writing}
                onClick={() => void browse()}
              >
                Choose…
              </button>
            </div>
          </div>
          {nothing ? (
            <div className="field-hint" data-testid="take-home-nothing">
              Choose a poster format or the summary: there is nothing to write.
            </div>
          ) : null}
        </div>
        {writing ? (
          <div className="take-home-progress muted" data-testid="take-home-progress">
            <span className="spinner" /> {progressLabel(options)}
          </div>
        ) : null}
        {error ? (
          <div className="export-error take-home-error" data-testid="take-home-error" role="alert">
            <strong>Nothing was written</strong>
            <p className="mono small">{error}</p>
          </div>
        ) : null}
        {written ? (
          <div className="export-result" data-testid="take-home-result">
            Wrote {written.paths.length} {written.paths.length === 1 ? "file" : "files"} to{" "}
            <span className="mono">{written.dir}</span>:
            <ul className="take-home-files">
              {written.paths.map((p) => (
                <li key={p} className="mono" title={p}>
                  {baseName(p)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <footer className="modal-foot">
          <button
            type="button"
            className="btn ghost"
            data-testid="take-home-close"
            onClick={onClose}
          >
            Close
          </button>
          <button
            type="button"
            className="btn primary"
            data-testid="take-home-write"
            disabled={writing || !folder.trim() || nothing}
            onClick={() => void write()}
          >
            {writing ? "Writing…" : "Write"}
          </button>
        </footer>
      </div>
    </div>
  );
}
