// A canvas's saved revisions: name a save point, release a version, see
// what changed since the last release (breaking or not, and for whom),
// compare two revisions, preview one on the board, restore one after seeing
// what it changes. Autosaves between save points fold into one line.
// Restoring saves the old content as a new revision, so nothing is ever lost.
import { useCallback, useEffect, useRef, useState } from "react";
import { backend } from "../backend";
import type { CanvasDiff } from "../bindings/CanvasDiff";
import type { ProductChanges } from "../bindings/ProductChanges";
import type { Release } from "../bindings/Release";
import type { RevisionInfo } from "../bindings/RevisionInfo";
import { historyLines } from "../logic/revisions";
import { localTime } from "../logic/time";
import { reportError, useApp } from "../state/app";
import { useBoard } from "../state/board";
import { AUTOSAVE_MESSAGE, flushSave } from "../state/sync";
import { DiffList } from "./DiffList";
import { RestoreDialog, restoreRevision } from "./RestoreDialog";

/**
 * The changelog between two releases, or from a release to now (the
 * default: since the last release): each change with its impact and whom
 * it breaks.
 */
function SinceRelease({
  releases,
  from,
  to,
  onPick,
  changes,
}: {
  releases: Release[];
  from: Release;
  /** `null`: the current revision. */
  to: Release | null;
  onPick(from: string, to: string | null): void;
  changes: ProductChanges | null;
}) {
  const shown = (changes?.changes ?? []).filter((c) => c.impact !== "cosmetic");
  const cosmetic = (changes?.changes.length ?? 0) - shown.length;
  const later = releases.filter((r) => Number(r.revision) > Number(from.revision));
  return (
    <section className="since-release" data-testid="history-since-release">
      <h4>
        <label>
          Since{" "}
          <select
            data-testid="history-since-from"
            value={from.version}
            onChange={(e) => onPick(e.target.value, null)}
          >
            {releases.map((r) => (
              <option key={r.version} value={r.version}>
                {r.version}
              </option>
            ))}
          </select>
        </label>
        <label>
          to{" "}
          <select
            data-testid="history-since-to"
            value={to?.version ?? ""}
            onChange={(e) => onPick(from.version, e.target.value || null)}
          >
            <option value="">now</option>
            {later.map((r) => (
              <option key={r.version} value={r.version}>
                {r.version}
              </option>
            ))}
          </select>
        </label>
        {changes ? (
          <span className={`pill impact-${changes.impact}`} data-testid="history-since-impact">
            {changes.impact === "nonBreaking" ? "non-breaking" : changes.impact}
          </span>
        ) : null}
      </h4>
      {changes === null ? (
        <p className="muted small">
          No changes{to ? " between these releases" : " since the release"}.
        </p>
      ) : (
        <ul className="impact-list compact">
          {shown.map((c) => (
            <li key={`${c.pointer}-${c.rule}`} data-impact={c.impact}>
              <div>
                <span className={`pill impact-${c.impact}`}>
                  {c.impact === "nonBreaking" ? "non-breaking" : c.impact}
                </span>{" "}
                {c.label}
              </div>
              <div className="muted small">
                {c.reason}
                {c.breaks?.length ? ` · breaks ${c.breaks.join(", ")}` : ""}
              </div>
            </li>
          ))}
          {cosmetic ? <li className="muted small">and {cosmetic} cosmetic</li> : null}
        </ul>
      )}
    </section>
  );
}

export function HistoryPanel({ id, onClose }: { id: string; onClose(): void }) {
  const [revs, setRevs] = useState<RevisionInfo[] | null>(null);
  const [from, setFrom] = useState<string>("");
  const [to, setTo] = useState<string>("");
  const [diff, setDiff] = useState<CanvasDiff | null>(null);
  const [naming, setNaming] = useState(false);
  const [pointMessage, setPointMessage] = useState("");
  const [asking, setAsking] = useState<RevisionInfo | null>(null);
  const [unfolded, setUnfolded] = useState<ReadonlySet<string>>(new Set());
  const [releases, setReleases] = useState<Release[]>([]);
  const [since, setSince] = useState<ProductChanges | null>(null);
  const current = useBoard((s) => s.revision);
  const previewed = useBoard((s) => s.preview?.info.revision ?? null);
  /** Numbers the previews asked for: only the newest one asked is shown. */
  const previewSeq = useRef(0);
  const version = useBoard((s) => s.history?.present.product.version ?? "");
  const toast = useApp((s) => s.toast);
  /** The changelog's ends, by version: `null` from the last release, to now. */
  const [pick, setPick] = useState<{ from: string; to: string | null } | null>(null);
  const lastRelease = releases.length ? releases[releases.length - 1]! : null;
  const fromRelease = releases.find((r) => r.version === pick?.from) ?? lastRelease;
  const toRelease = releases.find((r) => r.version === pick?.to) ?? null;
  const toRevision = toRelease ? toRelease.revision : current;
  /** The release under the product's current version, if there is one. */
  const released = releases.find((r) => r.version === version.trim()) ?? null;

  const load = useCallback(async () => {
    try {
      await flushSave();
      const list = await backend.historyList(id);
      setReleases(await backend.canvasReleases(id));
      const sorted = [...list].sort((a, b) => Number(b.revision) - Number(a.revision));
      setRevs(sorted);
      if (sorted.length >= 2) {
        setTo(String(sorted[0]!.revision));
        setFrom(String(sorted[1]!.revision));
      } else if (sorted.length === 1) {
        setTo(String(sorted[0]!.revision));
        setFrom(String(sorted[0]!.revision));
      }
    } catch (e) {
      reportError("Could not read the history", e);
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load, current]);

  useEffect(() => {
    if (!revs || !from || !to) return;
    const rf = revs.find((r) => String(r.revision) === from)?.revision;
    const rt = revs.find((r) => String(r.revision) === to)?.revision;
    if (rf === undefined || rt === undefined) return;
    let cancelled = false;
    backend
      .historyDiff(id, rf, rt)
      .then((d) => !cancelled && setDiff(d))
      .catch((e: unknown) => reportError("Could not compare revisions", e));
    return () => {
      cancelled = true;
    };
  }, [id, revs, from, to]);

  useEffect(() => {
    if (!fromRelease || toRevision === null) return;
    let cancelled = false;
    backend
      .historyChanges(id, fromRelease.revision, toRevision)
      .then((c) => !cancelled && setSince(c))
      .catch((e: unknown) => reportError("Could not tell what changed since the release", e));
    return () => {
      cancelled = true;
    };
  }, [id, fromRelease, toRevision]);

  const release = async () => {
    try {
      await flushSave();
      const r = await backend.canvasRelease(id);
      toast({
        kind: "success",
        title: `Released ${r.version}`,
        detail: `Revision ${String(r.revision)} is what consumers get; the next version is judged against it.`,
      });
      await load();
    } catch (e) {
      reportError("Could not release", e);
    }
  };

  const savePoint = async () => {
    const message = pointMessage.trim();
    if (!message) return;
    try {
      await flushSave();
      const board = useBoard.getState();
      if (!board.history || board.revision === null) return;
      const canvas = board.history.present;
      const stored = await backend.canvasSavePoint(canvas, board.revision, message);
      useBoard.getState().markSaved(stored, canvas);
      toast({
        kind: "success",
        title: `Save point: ${message}`,
        detail: `Revision ${String(stored.revision)}`,
      });
      setNaming(false);
      setPointMessage("");
      await load();
    } catch (e) {
      reportError("Could not make the save point", e);
    }
  };

  /** Shows revision `r` on the board, read-only (see `showPreview`). */
  const preview = async (r: RevisionInfo) => {
    const seq = ++previewSeq.current;
    try {
      const stored = await backend.historyLoad(id, r.revision);
      if (seq === previewSeq.current) useBoard.getState().showPreview(r, stored);
    } catch (e) {
      reportError(`Could not load revision ${String(r.revision)}`, e);
    }
  };

  const revisionLine = (r: RevisionInfo, inGroup = false) => (
    <li
      key={String(r.revision)}
      data-testid={`history-rev-${String(r.revision)}`}
      className={`${String(r.revision) === String(current) ? "current" : ""} ${
        r.savePoint !== null ? "save-point" : ""
      } ${inGroup ? "in-group" : ""} ${String(r.revision) === String(previewed) ? "previewed" : ""}`}
    >
      <div className="rev-num">{String(r.revision)}</div>
      <div className="rev-body">
        <div>
          {r.savePoint ?? (r.message || "Saved")}
          {r.savePoint !== null ? (
            <span className="pill pill-soft rev-point">save point</span>
          ) : null}
          {releases
            .filter((x) => String(x.revision) === String(r.revision))
            .map((x) => (
              <span
                key={x.version}
                className="pill rev-release"
                data-testid={`history-released-${String(r.revision)}`}
              >
                released {x.version}
              </span>
            ))}
        </div>
        <div className="muted small">
          {r.author || "unknown"} · {localTime(r.createdAt)}
        </div>
      </div>
      {String(r.revision) !== String(current) ? (
        <>
          {String(r.revision) === String(previewed) ? (
            <span className="pill pill-preview" data-testid="history-previewing">
              on the board
            </span>
          ) : (
            <button
              type="button"
              className="link small"
              data-testid={`history-preview-${String(r.revision)}`}
              title="Show this revision on the board, read-only"
              onClick={() => void preview(r)}
            >
              Preview
            </button>
          )}
          <button
            type="button"
            className="link small"
            data-testid={`history-restore-${String(r.revision)}`}
            onClick={() => setAsking(r)}
          >
            Restore…
          </button>
        </>
      ) : (
        <span className="pill pill-soft">current</span>
      )}
    </li>
  );

  return (
    <aside className="history-panel" data-testid="history-panel">
      <header className="panel-head">
        <h3>History</h3>
        <button
          type="button"
          className="btn small"
          data-testid="history-release"
          disabled={!version.trim() || released !== null || previewed !== null}
          onClick={() => void release()}
          title={
            previewed !== null
              ? "Back to the current revision to release it"
              : released === null
                ? "Mark this revision as what consumers get, under the product's version"
                : String(released.revision) === String(current)
                  ? `This revision is released as ${released.version}`
                  : `${released.version} is released (revision ${String(released.revision)}); raise the version to release again`
          }
        >
          {released !== null && String(released.revision) === String(current)
            ? `Released ${released.version}`
            : `Release ${version || "…"}`}
        </button>
        <button
          type="button"
          className="btn small"
          data-testid="history-save-point"
          disabled={previewed !== null}
          onClick={() => setNaming((n) => !n)}
          title={
            previewed !== null
              ? "Back to the current revision to name it"
              : "Name this version, e.g. before a review"
          }
        >
          Save point…
        </button>
        <button
          type="button"
          className="btn icon ghost"
          data-testid="history-close"
          onClick={onClose}
          title="Close"
        >
          ×
        </button>
      </header>
      {naming && previewed === null ? (
        <form
          className="save-point-form"
          onSubmit={(e) => {
            e.preventDefault();
            void savePoint();
          }}
        >
          <input
            autoFocus
            data-testid="save-point-message"
            placeholder="What is this version? e.g. Reviewed with the privacy office"
            value={pointMessage}
            onChange={(e) => setPointMessage(e.target.value)}
          />
          <button
            type="submit"
            className="btn primary small"
            data-testid="save-point-confirm"
            disabled={!pointMessage.trim()}
          >
            Save
          </button>
        </form>
      ) : null}
      {!revs ? (
        <div className="empty-state small-empty">
          <span className="spinner" />
        </div>
      ) : (
        <>
          <ol className="rev-list">
            {historyLines(
              revs,
              AUTOSAVE_MESSAGE,
              new Set(releases.map((r) => String(r.revision))),
            ).map((line) => {
              if (line.kind === "revision") return revisionLine(line.revision);
              const newest = line.revisions[0]!;
              const oldest = line.revisions[line.revisions.length - 1]!;
              const key = String(newest.revision);
              const open = unfolded.has(key);
              return (
                <li key={`group-${key}`} className="rev-group" data-testid="history-autosaves">
                  <button
                    type="button"
                    className="rev-group-head"
                    aria-expanded={open}
                    onClick={() =>
                      setUnfolded((u) => {
                        const next = new Set(u);
                        if (open) next.delete(key);
                        else next.add(key);
                        return next;
                      })
                    }
                  >
                    <span className="rev-group-caret">{open ? "▾" : "▸"}</span>
                    <span>
                      {line.revisions.length} autosaves
                      <span className="muted small">
                        {" "}
                        · {localTime(oldest.createdAt)} – {localTime(newest.createdAt)}
                      </span>
                    </span>
                  </button>
                  {open ? (
                    <ol className="rev-list">{line.revisions.map((r) => revisionLine(r, true))}</ol>
                  ) : null}
                </li>
              );
            })}
          </ol>
          {fromRelease ? (
            <SinceRelease
              releases={releases}
              from={fromRelease}
              to={toRelease}
              onPick={(from, to) => setPick({ from, to })}
              changes={since}
            />
          ) : null}
          <div className="diff-pick">
            <label>
              From
              <select
                data-testid="history-from"
                value={from}
                onChange={(e) => setFrom(e.target.value)}
              >
                {revs.map((r) => (
                  <option key={String(r.revision)} value={String(r.revision)}>
                    rev {String(r.revision)}
                    {r.savePoint ? ` · ${r.savePoint}` : ""}
                  </option>
                ))}
              </select>
            </label>
            <label>
              To
              <select data-testid="history-to" value={to} onChange={(e) => setTo(e.target.value)}>
                {revs.map((r) => (
                  <option key={String(r.revision)} value={String(r.revision)}>
                    rev {String(r.revision)}
                    {r.savePoint ? ` · ${r.savePoint}` : ""}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <DiffList diff={diff} testid="history-diff" />
        </>
      )}
      {asking && current !== null ? (
        <RestoreDialog
          id={id}
          revision={asking}
          current={current}
          onCancel={() => setAsking(null)}
          onRestore={() => {
            setAsking(null);
            void restoreRevision(id, asking.revision);
          }}
        />
      ) : null}
    </aside>
  );
}
