// The workspace home: every canvas grouped by domain with its status and
// finding counts, search, new canvas (blank or from a template, in
// NewCanvasDialog.tsx), import, switching workspaces, and what did not load
// at start (ProblemPanels.tsx).
import { useCallback, useEffect, useMemo, useState } from "react";
import { backend, dialogs, isUnavailable } from "../backend";
import type { Canvas } from "../bindings/Canvas";
import type { CanvasSummary } from "../bindings/CanvasSummary";
import type { ImportItem } from "../bindings/ImportItem";
import type { StoredCanvas } from "../bindings/StoredCanvas";
import { domainColors } from "../logic/mesh";
import { ago } from "../logic/time";
import {
  counted,
  homeSummary,
  standardsState,
  tileVerdict,
  type StandardsState,
} from "../logic/standards";
import { navigate } from "../state/route";
import { ImportDialog } from "./ImportDialog";
import { NewCanvasDialog } from "./NewCanvasDialog";
import { StandardsProblemPanel, WorkspaceProblemPanel } from "./ProblemPanels";
import { reportError, useApp } from "../state/app";

function Counts({ s, standards }: { s: CanvasSummary; standards: StandardsState }) {
  const v = tileVerdict(s.findings, standards);
  switch (v.kind) {
    case "pending":
      // No test id until the verdict is known (the screenshots wait for it).
      return <span className="tile-findings" />;
    case "notChecked":
      return (
        <span
          className="tile-findings unchecked"
          data-testid="tile-findings"
          data-unchecked="true"
          title="The standards packs did not load, so this canvas is not checked"
        >
          not checked
        </span>
      );
    case "meets":
      return (
        <span className="tile-findings ok" data-testid="tile-findings">
          ✓ meets standards
          {v.waived ? (
            <span className="muted" title="Findings covered by a waiver in force">
              {" "}
              ({v.waived} waived)
            </span>
          ) : null}
        </span>
      );
    case "counts":
      return (
        <span className="tile-findings" data-testid="tile-findings">
          {v.errors ? <span className="count sev-error">{counted(v.errors, "error")}</span> : null}
          {v.warnings ? (
            <span className="count sev-warning">{counted(v.warnings, "warning")}</span>
          ) : null}
          {v.infos ? <span className="count sev-info">{v.infos} info</span> : null}
        </span>
      );
  }
}

export function Home() {
  const workspace = useApp((s) => s.workspace);
  const problem = useApp((s) => s.workspaceProblem);
  const standardsProblem = useApp((s) => s.standardsProblem);
  const standards = standardsState(standardsProblem);
  const setWorkspace = useApp((s) => s.setWorkspace);
  const backendDown = useApp((s) => s.backendDown);
  const toast = useApp((s) => s.toast);
  const [list, setList] = useState<CanvasSummary[] | null>(null);
  const [recent, setRecent] = useState<string[]>([]);
  const [deleted, setDeleted] = useState<CanvasSummary[]>([]);
  const [templates, setTemplates] = useState<Canvas[]>([]);
  const [query, setQuery] = useState("");
  const [creating, setCreating] = useState(false);
  /** The import preview's canvases, while it is open. */
  const [importing, setImporting] = useState<ImportItem[] | null>(null);
  const noWorkspace = backendDown || problem !== null;

  const refresh = useCallback(async () => {
    if (backendDown) {
      setList([]);
      return;
    }
    try {
      if (!workspace) {
        // None open: the start-up workspace would not open (or the answer
        // has not come yet). Only what needs no workspace is read.
        if (problem) {
          setRecent(await backend.recentWorkspaces());
          setList([]);
        }
        return;
      }
      const [l, r, t, d] = await Promise.all([
        backend.canvasList(),
        backend.recentWorkspaces(),
        backend.canvasTemplates(),
        backend.canvasDeleted(),
      ]);
      setList(l);
      setRecent(r);
      setTemplates(t);
      setDeleted(d);
    } catch (e) {
      if (!isUnavailable(e)) reportError("Could not read the workspace", e);
      else useApp.getState().setBackendDown(true);
      setList([]);
    }
  }, [workspace, problem, backendDown]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const switchTo = async (how: "open" | "create", path?: string) => {
    try {
      const dir =
        path ??
        (await dialogs.chooseFolder(
          how === "open" ? "Open a workspace folder" : "Create a workspace in…",
        ));
      if (!dir) return;
      setWorkspace(
        how === "open" ? await backend.workspaceOpen(dir) : await backend.workspaceCreate(dir),
      );
    } catch (e) {
      reportError(
        how === "open" ? "Could not open the workspace" : "Could not create the workspace",
        e,
      );
    }
  };

  /** Reads the chosen files and shows the import preview; nothing is added yet. */
  const importFiles = async () => {
    try {
      const paths = await dialogs.chooseImportFiles();
      if (paths && paths.length > 0) setImporting(await backend.importFiles(paths));
    } catch (e) {
      reportError("Import failed", e);
    }
  };

  // Files the app was started with ("Open with", the command line) are
  // previewed once a workspace is open to take them.
  useEffect(() => {
    if (!workspace || backendDown) return;
    void backend
      .openedFiles()
      .then((paths) => (paths.length > 0 ? backend.importFiles(paths) : null))
      .then(
        (items) => {
          if (items) setImporting(items);
        },
        (e) => reportError("Import failed", e),
      );
  }, [workspace, backendDown]);

  const imported = (saved: StoredCanvas[]) => {
    setImporting(null);
    toast({
      kind: "success",
      title: `Imported ${saved.length === 1 ? "1 canvas" : `${saved.length} canvases`}`,
      detail: saved.map((s) => s.canvas.product.name || s.canvas.product.id).join(", "),
    });
    void refresh();
  };

  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const hits = (list ?? []).filter(
      (s) =>
        !q ||
        s.name.toLowerCase().includes(q) ||
        s.id.includes(q) ||
        s.domain.toLowerCase().includes(q),
    );
    const byDomain = new Map<string, CanvasSummary[]>();
    for (const s of hits)
      (byDomain.get(s.domain) ?? byDomain.set(s.domain, []).get(s.domain)!).push(s);
    return [...byDomain.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([d, items]) => [d, items.sort((a, b) => a.name.localeCompare(b.name))] as const);
  }, [list, query]);

  const totals = useMemo(() => {
    const t = { errors: 0, warnings: 0 };
    for (const s of list ?? []) {
      t.errors += s.findings.errors;
      t.warnings += s.findings.warnings;
    }
    return t;
  }, [list]);

  const domains = useMemo(() => [...new Set((list ?? []).map((s) => s.domain))].sort(), [list]);
  // The same colours as the mesh map, so a domain reads the same everywhere.
  const colors = useMemo(() => domainColors(domains), [domains]);

  return (
    <div className="home" data-testid="home">
      <div className="home-head">
        <div>
          <div className="eyebrow">Workspace</div>
          <h1 className="mono" data-testid="home-workspace-path" title={workspace?.path}>
            {workspace?.path ??
              (backendDown
                ? "No workspace (backend unavailable)"
                : problem
                  ? "No workspace open"
                  : "Opening the workspace…")}
          </h1>
          {list && !noWorkspace ? (
            <p className="muted" data-testid="home-summary">
              {homeSummary(list.length, domains.length, totals, standards)}
            </p>
          ) : null}
        </div>
        <div className="home-actions">
          <button
            type="button"
            className="btn"
            data-testid="home-open-workspace"
            disabled={backendDown}
            onClick={() => void switchTo("open")}
          >
            Open workspace…
          </button>
          <button
            type="button"
            className="btn"
            data-testid="home-create-workspace"
            disabled={backendDown}
            onClick={() => void switchTo("create")}
          >
            New workspace…
          </button>
          <button
            type="button"
            className="btn"
            data-testid="home-import"
            disabled={noWorkspace}
            onClick={() => void importFiles()}
          >
            Import…
          </button>
          <button
            type="button"
            className="btn primary"
            data-testid="home-new-canvas"
            onClick={() => setCreating(true)}
            disabled={noWorkspace}
          >
            New canvas
          </button>
        </div>
      </div>
      <div className="home-body">
        <main className="home-main">
          {standardsProblem && !backendDown ? (
            <StandardsProblemPanel problem={standardsProblem} />
          ) : null}
          {problem && !backendDown ? (
            <WorkspaceProblemPanel problem={problem} onSwitch={switchTo} />
          ) : null}
          <input
            className="search"
            type="search"
            hidden={problem !== null}
            data-testid="home-search"
            placeholder="Search canvases by name, id or domain"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          {problem && !backendDown ? null : list === null ? (
            <div className="empty-state" data-testid="home-opening">
              <span className="spinner big" />
              {workspace ? null : (
                <p className="muted">
                  Opening the workspace and checking its canvases against the standards…
                </p>
              )}
            </div>
          ) : groups.length === 0 ? (
            <div className="empty-state" data-testid="home-empty">
              {backendDown ? (
                <>
                  <h2>The backend is not available</h2>
                  <p>
                    This window is not connected to the Mesh Canvas core, so no workspace can be
                    read. Start the desktop app (<code>make run</code>) to design canvases.
                  </p>
                </>
              ) : query ? (
                <>
                  <h2>No canvas matches “{query}”</h2>
                  <p>Try a product id, a name or a domain.</p>
                </>
              ) : (
                <>
                  <h2>No canvases yet</h2>
                  <p>
                    A canvas designs one data product: who consumes it, what it promises, what it
                    needs. Start blank, from a template, or import ODPS / ODCS manifests.
                  </p>
                  <button type="button" className="btn primary" onClick={() => setCreating(true)}>
                    Create the first canvas
                  </button>
                </>
              )}
            </div>
          ) : (
            groups.map(([domain, items]) => (
              <section className="domain-group" key={domain} data-testid={`domain-group-${domain}`}>
                <h2>
                  <span className="legend-dot" style={{ background: colors.get(domain) }} />
                  {domain} <span className="muted">{items.length}</span>
                </h2>
                <div className="tiles">
                  {items.map((s) => (
                    <button
                      type="button"
                      className="tile"
                      key={s.id}
                      data-testid={`canvas-tile-${s.id}`}
                      onClick={() => navigate({ view: "board", id: s.id })}
                    >
                      <div className="tile-top">
                        <span className={`pill status-${s.status}`}>{s.status}</span>
                        <span className="muted small">{s.archetype.replace("-", " ")}</span>
                      </div>
                      <div className="tile-name">{s.name}</div>
                      <div className="mono muted small">
                        {s.id} · v{s.version}
                      </div>
                      <div className="tile-foot">
                        <Counts s={s} standards={standards} />
                        <span className="muted small" title={`Revision ${s.revision}`}>
                          {ago(s.updatedAt)}
                        </span>
                      </div>
                    </button>
                  ))}
                </div>
              </section>
            ))
          )}
        </main>
        <aside className="home-side">
          <h3>Recent workspaces</h3>
          {recent.length === 0 ? <p className="muted small">None yet.</p> : null}
          <ul className="recent">
            {recent.map((r, i) => (
              <li key={r}>
                <button
                  type="button"
                  className={`link mono ${r === workspace?.path ? "current" : ""}`}
                  data-testid={`home-recent-${i}`}
                  title={r}
                  onClick={() => void switchTo("open", r)}
                >
                  {r}
                </button>
              </li>
            ))}
          </ul>
          {deleted.length > 0 ? (
            <>
              <h3>Deleted canvases</h3>
              <ul className="deleted-list" data-testid="home-deleted">
                {deleted.map((d) => (
                  <li key={d.id} data-testid={`deleted-${d.id}`}>
                    <span className="small" title={d.id}>
                      {d.name} <span className="mono muted">{d.id}</span>
                    </span>
                    <button
                      type="button"
                      className="btn small"
                      data-testid={`bring-back-${d.id}`}
                      onClick={() =>
                        void backend.canvasBringBack(d.id).then(
                          () => {
                            toast({
                              kind: "success",
                              key: `canvas:${d.id}`,
                              title: `${d.name} is back`,
                            });
                            void refresh();
                          },
                          (e) => reportError(`Could not bring ${d.id} back`, e),
                        )
                      }
                    >
                      Bring back
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h3>Shortcuts</h3>
          <p className="muted small">
            Press <kbd>?</kbd> for keyboard shortcuts, <kbd>Alt</kbd>+<kbd>3</kbd> for the mesh map.
          </p>
        </aside>
      </div>
      {creating ? (
        <NewCanvasDialog
          templates={templates}
          domains={domains}
          onClose={() => setCreating(false)}
          onCreated={(id) => navigate({ view: "board", id })}
        />
      ) : null}
      {importing ? (
        <ImportDialog
          items={importing}
          products={list ?? []}
          deleted={deleted}
          onClose={() => setImporting(null)}
          onImported={imported}
        />
      ) : null}
    </div>
  );
}
