// The app shell: top bar, routing between views, global shortcuts, theme.
import { useEffect } from "react";
import { backend, BackendError, backendAvailable, isUnavailable } from "./backend";
import { shortPath } from "./logic/path";
import { navigate, useRoute } from "./state/route";
import { reportError, useApp } from "./state/app";
import { useBoard } from "./state/board";
import { BenchMesh } from "./views/BenchMesh";
import { Board } from "./views/Board";
import { HelpOverlay, Toasts } from "./views/Chrome";
import { Home } from "./views/Home";
import { MergeDialog } from "./views/MergeDialog";
import { Mesh } from "./views/Mesh";

/** How much of the workspace path the top bar shows (the full path is its tooltip). */
const TOPBAR_PATH_CHARS = 48;

function isTyping(t: EventTarget | null) {
  const el = t as HTMLElement | null;
  return (
    !!el &&
    (el.tagName === "INPUT" ||
      el.tagName === "TEXTAREA" ||
      el.tagName === "SELECT" ||
      el.isContentEditable)
  );
}

export function App() {
  const route = useRoute();
  const theme = useApp((s) => s.theme);
  const presentation = useApp((s) => s.presentation);
  const backendDown = useApp((s) => s.backendDown);
  const workspace = useApp((s) => s.workspace);
  const lastBoard = useApp((s) => s.lastBoard);
  const standardsProblem = useApp((s) => s.standardsProblem);
  const boardId = route.view === "board" ? route.id : null;
  useEffect(() => {
    if (boardId) useApp.getState().setLastBoard(boardId);
  }, [boardId]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    document.documentElement.classList.toggle("presentation", presentation);
  }, [presentation]);

  useEffect(() => {
    if (!backendAvailable()) {
      useApp.getState().setBackendDown(true);
      return;
    }
    backend
      .workspaceInfo()
      .then((w) => useApp.getState().setWorkspace(w))
      .catch((e: unknown) => {
        if (isUnavailable(e)) useApp.getState().setBackendDown(true);
        else if (e instanceof BackendError)
          // The start-up workspace would not open: the home view says why.
          useApp.getState().setWorkspaceProblem({ code: e.code, message: e.message });
        else reportError("No workspace is open", e);
      });
    backend
      .standardsProblem()
      .then((p) => useApp.getState().setStandardsProblem(p))
      .catch((e: unknown) => {
        if (isUnavailable(e)) useApp.getState().setBackendDown(true);
        else reportError("Could not ask whether the standards loaded", e);
      });
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === "z") {
        // Undo belongs to the board, also while an inspector field has focus:
        // every keystroke there is already an undoable store edit.
        if (!useBoard.getState().history) return;
        e.preventDefault();
        if (e.shiftKey) useBoard.getState().redo();
        else useBoard.getState().undo();
        return;
      }
      if (mod && e.key.toLowerCase() === "y") {
        if (!useBoard.getState().history) return;
        e.preventDefault();
        useBoard.getState().redo();
        return;
      }
      if (e.altKey && ["1", "2", "3"].includes(e.key)) {
        e.preventDefault();
        if (e.key === "1") navigate({ view: "home" });
        const last = useApp.getState().lastBoard;
        if (e.key === "2" && last) navigate({ view: "board", id: last });
        if (e.key === "3") navigate({ view: "mesh" });
        return;
      }
      if (isTyping(e.target) || mod || e.altKey) return;
      const app = useApp.getState();
      if (e.key === "?") {
        e.preventDefault();
        app.setHelp(!app.helpOpen);
      } else if (e.key === "Escape" && app.helpOpen) {
        app.setHelp(false);
      } else if (e.key === "p" || e.key === "P") {
        app.togglePresentation();
      } else if (e.key === "t" || e.key === "T") {
        app.setTheme(app.theme === "dark" ? "light" : "dark");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const v = route.view;
  return (
    <div className="app" data-testid="app-shell">
      <nav className="topbar">
        <div className="brand">
          <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
            <rect x="2" y="2" width="8" height="8" rx="2" className="logo-a" />
            <rect x="14" y="2" width="8" height="8" rx="2" className="logo-b" />
            <rect x="8" y="14" width="8" height="8" rx="2" className="logo-c" />
            <path d="M6 10 L12 14 M18 10 L12 14" className="logo-l" />
          </svg>
          <span>Mesh Canvas</span>
        </div>
        <div className="tabs">
          <a href="#/" className={v === "home" ? "on" : ""} data-testid="nav-home">
            Workspace
          </a>
          <button
            type="button"
            className={`tab ${v === "board" ? "on" : ""}`}
            data-testid="nav-board"
            disabled={!lastBoard}
            onClick={() => lastBoard && navigate({ view: "board", id: lastBoard })}
          >
            Canvas
          </button>
          <a href="#/mesh" className={v === "mesh" ? "on" : ""} data-testid="nav-mesh">
            Mesh map
          </a>
        </div>
        <div className="spacer" />
        {standardsProblem ? (
          <button
            type="button"
            className="standards-status"
            data-testid="standards-status"
            title="The standards packs did not load, so no canvas is checked. Open the workspace home for the file and the problem."
            onClick={() => navigate({ view: "home" })}
          >
            ⚠ Standards not loaded
          </button>
        ) : null}
        {workspace ? (
          <span className="ws-path mono" title={workspace.path}>
            {shortPath(workspace.path, TOPBAR_PATH_CHARS)}
          </span>
        ) : null}
        <button
          type="button"
          className={`btn ghost small ${presentation ? "on" : ""}`}
          data-testid="presentation-toggle"
          aria-pressed={presentation}
          onClick={() => useApp.getState().togglePresentation()}
          title={presentation ? "Leave presentation mode (P)" : "Presentation mode (P)"}
        >
          {presentation ? "Exit presentation" : "Present"}
        </button>
        <button
          type="button"
          className="btn ghost icon"
          data-testid="theme-toggle"
          onClick={() => useApp.getState().setTheme(theme === "dark" ? "light" : "dark")}
          title="Light / dark (T)"
        >
          {theme === "dark" ? "☀" : "☾"}
        </button>
        <button
          type="button"
          className="btn ghost icon"
          data-testid="help-open"
          onClick={() => useApp.getState().setHelp(true)}
          title="Keyboard shortcuts (?)"
        >
          ?
        </button>
      </nav>
      {backendDown && v !== "bench" ? (
        <div className="banner" data-testid="backend-unavailable">
          <strong>Backend unavailable.</strong> This window is not connected to the Mesh Canvas
          core: nothing can be loaded or saved. Run the desktop app with <code>make run</code>.
        </div>
      ) : null}
      <div className="view">
        {v === "home" ? <Home /> : null}
        {v === "board" ? <Board key={route.id} id={route.id} /> : null}
        {v === "mesh" ? <Mesh /> : null}
        {v === "bench" ? <BenchMesh n={route.n} /> : null}
      </div>
      <MergeDialog />
      <Toasts />
      <HelpOverlay />
    </div>
  );
}
