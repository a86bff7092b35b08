// App-wide state that is not the canvas: toasts, theme, presentation mode,
// the open workspace and whether the backend answers.
import { create } from "zustand";
import type { FailureCode, WorkspaceInfo } from "../backend";
import type { StandardsProblem } from "../logic/standards";

export type ToastKind = "error" | "info" | "success";

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  detail?: string;
  action?: { label: string; run: () => void };
  /** Stays until dismissed (errors with an action). */
  sticky?: boolean;
  /**
   * What the toast is about (say, one canvas): a newer toast with the same
   * key replaces it, so "Deleted X, bring back" goes once X is back.
   */
  key?: string;
}

export type Theme = "light" | "dark";

/** Why no workspace is open: the one the app started on would not open. */
export interface WorkspaceProblem {
  code: FailureCode;
  /** The core's message; it names the file and what is wrong with it. */
  message: string;
}

interface AppState {
  toasts: Toast[];
  theme: Theme;
  presentation: boolean;
  helpOpen: boolean;
  workspace: WorkspaceInfo | null;
  /** Set when the start-up workspace could not be opened, until another is. */
  workspaceProblem: WorkspaceProblem | null;
  /**
   * Why the standards packs did not load (the app then checks nothing);
   * `null` when they did, `undefined` until the backend has said.
   */
  standardsProblem: StandardsProblem | null | undefined;
  backendDown: boolean;
  /** The canvas last open on the board, for the "Canvas" tab. */
  lastBoard: string | null;
  setLastBoard(id: string): void;
  toast(t: Omit<Toast, "id">): number;
  dismiss(id: number): void;
  setTheme(t: Theme): void;
  togglePresentation(): void;
  setHelp(open: boolean): void;
  setWorkspace(w: WorkspaceInfo | null): void;
  setWorkspaceProblem(p: WorkspaceProblem | null): void;
  setStandardsProblem(p: StandardsProblem | null): void;
  setBackendDown(down: boolean): void;
}

let nextToast = 1;

function initialTheme(): Theme {
  const saved =
    typeof localStorage !== "undefined" ? localStorage.getItem("meshcanvas.theme") : null;
  if (saved === "light" || saved === "dark") return saved;
  return typeof matchMedia !== "undefined" && matchMedia("(prefers-color-scheme: dark)").matches
    ? "dark"
    : "light";
}

export const useApp = create<AppState>()((set, get) => ({
  toasts: [],
  theme: initialTheme(),
  presentation: false,
  helpOpen: false,
  workspace: null,
  workspaceProblem: null,
  standardsProblem: undefined,
  backendDown: false,
  lastBoard: null,
  setLastBoard(lastBoard) {
    set({ lastBoard });
  },
  toast(t) {
    // The same failure repeated (a check failing on every edit) shows once.
    const same = get().toasts.find((x) => x.title === t.title && x.detail === t.detail);
    if (same) return same.id;
    const id = nextToast++;
    const others = get().toasts.filter((x) => t.key === undefined || x.key !== t.key);
    set({ toasts: [...others.slice(-4), { ...t, id }] });
    if (!t.sticky) setTimeout(() => get().dismiss(id), t.kind === "error" ? 9000 : 4000);
    return id;
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
  setTheme(theme) {
    localStorage.setItem("meshcanvas.theme", theme);
    set({ theme });
  },
  togglePresentation() {
    set({ presentation: !get().presentation });
  },
  setHelp(helpOpen) {
    set({ helpOpen });
  },
  setWorkspace(workspace) {
    // Any workspace that opens answers the start-up problem.
    set(workspace ? { workspace, workspaceProblem: null } : { workspace });
  },
  setWorkspaceProblem(workspaceProblem) {
    set({ workspaceProblem });
  },
  setStandardsProblem(standardsProblem) {
    set({ standardsProblem });
  },
  setBackendDown(backendDown) {
    set({ backendDown });
  },
}));

/** Reports a failed backend call as an error toast (or the offline banner). */
export function reportError(title: string, e: unknown): void {
  const code = (e as { code?: string })?.code;
  if (code === "backendUnavailable") {
    useApp.getState().setBackendDown(true);
    return;
  }
  const message = e instanceof Error ? e.message : String(e);
  useApp.getState().toast({ kind: "error", title, detail: message });
}
