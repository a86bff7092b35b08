// The one module that talks to the Tauri backend.
//
// Every command the core exposes is a typed function here; components call
// these and never import `@tauri-apps/api` themselves (ESLint enforces it).
// Failures always arrive as a `BackendError` with a closed `code` to branch
// on: the core's `ErrorCode`, plus `backendUnavailable` when the UI runs
// outside the desktop app (a browser, the bench page) and `unexpected` for
// anything that did not come from the core in its wire shape.
import { invoke } from "@tauri-apps/api/core";
import { open as openDialog } from "@tauri-apps/plugin-dialog";
import type { Archetype } from "../bindings/Archetype";
import type { Canvas } from "../bindings/Canvas";
import type { CanvasDiff } from "../bindings/CanvasDiff";
import type { CanvasSummary } from "../bindings/CanvasSummary";
import type { Converted } from "../bindings/Converted";
import type { Merged } from "../bindings/Merged";
import type { Side } from "../bindings/Side";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { ExportOptions } from "../bindings/ExportOptions";
import type { ExportSummary } from "../bindings/ExportSummary";
import type { ExportedFile } from "../bindings/ExportedFile";
import type { Finding } from "../bindings/Finding";
import type { ImportChoice } from "../bindings/ImportChoice";
import type { ImportItem } from "../bindings/ImportItem";
import type { MeshGraph } from "../bindings/MeshGraph";
import type { ProductChanges } from "../bindings/ProductChanges";
import type { Release } from "../bindings/Release";
import type { RevisionInfo } from "../bindings/RevisionInfo";
import type { RuleInfo } from "../bindings/RuleInfo";
import type { StickyTarget } from "../bindings/StickyTarget";
import type { StoredCanvas } from "../bindings/StoredCanvas";
import type { TakeHome } from "../bindings/TakeHome";
import type { WireError } from "../bindings/WireError";
import type { WorkshopAction } from "../bindings/WorkshopAction";
import type { WorkspaceInfo } from "../bindings/WorkspaceInfo";
import { ERROR_CODES } from "../bindings/tables";

export type { WorkspaceInfo };

/** A revision number exactly as the backend sent it (a JSON number on the wire). */
export type Revision = StoredCanvas["revision"];

export type FailureCode = ErrorCode | "backendUnavailable" | "unexpected";

export class BackendError extends Error {
  readonly code: FailureCode;
  constructor(code: FailureCode, message: string) {
    super(message);
    this.code = code;
    this.name = "BackendError";
  }
}

/** A save lost the race: someone saved a newer revision first. */
export function isConflict(e: unknown): boolean {
  return e instanceof BackendError && e.code === "conflict";
}

export function isUnavailable(e: unknown): boolean {
  return e instanceof BackendError && e.code === "backendUnavailable";
}

/** Whether the page runs inside the Tauri window. */
export function backendAvailable(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

/** The error a failed call is reported as: the core's code when it is one of its codes. */
export function toBackendError(e: unknown): BackendError {
  if (e instanceof BackendError) return e;
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const w = e as { code: unknown; message: unknown };
    // A code the core does not have (an older UI against a newer core, a
    // plugin's own error) is not passed on as one the UI branches on.
    const code = ERROR_CODES.find((c) => c === w.code) ?? "unexpected";
    return new BackendError(code, String(w.message));
  }
  return new BackendError("unexpected", e instanceof Error ? e.message : String(e));
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  if (!backendAvailable()) {
    throw new BackendError(
      "backendUnavailable",
      "The Mesh Canvas backend is not available: this page is running outside the desktop app.",
    );
  }
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toBackendError(e);
  }
}

export const backend = {
  workspaceInfo: () => call<WorkspaceInfo>("workspace_info"),
  workspaceOpen: (path: string) => call<WorkspaceInfo>("workspace_open", { path }),
  workspaceCreate: (path: string) => call<WorkspaceInfo>("workspace_create", { path }),
  recentWorkspaces: () => call<string[]>("recent_workspaces"),

  canvasList: () => call<CanvasSummary[]>("canvas_list"),
  canvasTemplates: () => call<Canvas[]>("canvas_templates"),
  canvasLoad: (id: string) => call<StoredCanvas>("canvas_load", { id }),
  canvasCreate: (canvas: Canvas) => call<StoredCanvas>("canvas_create", { canvas }),
  canvasSave: (canvas: Canvas, baseRevision: Revision, message: string) =>
    call<StoredCanvas>("canvas_save", { canvas, baseRevision, message }),
  canvasSavePoint: (canvas: Canvas, baseRevision: Revision, message: string) =>
    call<StoredCanvas>("canvas_save_point", { canvas, baseRevision, message }),
  /** After a conflict: the draft merged with what was saved since; conflicts resolved as `choices` say. Saves nothing. */
  canvasMerge: (canvas: Canvas, baseRevision: Revision, choices: Side[] | null) =>
    call<Merged>("canvas_merge", { canvas, baseRevision, choices }),
  canvasCheck: (canvas: Canvas) => call<Finding[]>("canvas_check", { canvas }),
  /** The products whose input ports read product `id`. */
  canvasReaders: (id: string) => call<string[]>("canvas_readers", { id }),
  /** Gives product `id` the id `newId`, updating every reader's input ports. */
  /** What saving this draft would break (an active product's breaking changes), or null. */
  canvasImpact: (canvas: Canvas) => call<ProductChanges | null>("canvas_impact", { canvas }),
  /** Releases the newest revision under its product's version: the versioning rule's baseline. */
  canvasRelease: (id: string) => call<Release>("canvas_release", { id }),
  canvasReleases: (id: string) => call<Release[]>("canvas_releases", { id }),
  canvasRename: (id: string, newId: string) => call<StoredCanvas>("canvas_rename", { id, newId }),
  /** Deletes a canvas; it is kept to bring back. */
  canvasDelete: (id: string) => call<null>("canvas_delete", { id }),
  canvasDeleted: () => call<CanvasSummary[]>("canvas_deleted"),
  canvasBringBack: (id: string) => call<StoredCanvas>("canvas_bring_back", { id }),

  meshGraph: () => call<MeshGraph>("mesh_graph"),
  standardsRules: () => call<RuleInfo[]>("standards_rules"),
  /** Why the standards packs did not load at start (nothing is then checked); `null` when they did. */
  standardsProblem: () => call<WireError | null>("standards_problem"),

  exportPreview: (productIds: string[], options: ExportOptions) =>
    call<ExportedFile[]>("export_preview", { productIds, options }),
  exportBundle: (productIds: string[], outDir: string, options: ExportOptions) =>
    call<ExportSummary>("export_bundle", { productIds, outDir, options }),
  /** Writes the poster (and the workshop summary) into `outDir`; the paths written. */
  workshopTakeHome: (canvas: Canvas, outDir: string, options: TakeHome) =>
    call<string[]>("workshop_take_home", { canvas, outDir, options }),
  /** Starts a workshop on the draft (step 1, clock running), or keeps its unfinished one; saves nothing. */
  workshopStart: (canvas: Canvas) => call<Canvas>("workshop_start", { canvas }),
  /** A new, unsaved canvas with a workshop started (and, for an archetype, example stickies). */
  workshopTemplate: (id: string, name: string, domain: string, archetype: Archetype | null) =>
    call<Canvas>("workshop_template", { id, name, domain, archetype }),
  /** Applies a facilitator's action (next, pause, extend…) to the draft's workshop; saves nothing. */
  workshopAct: (canvas: Canvas, action: WorkshopAction) =>
    call<Canvas>("workshop_act", { canvas, action }),
  /** Turns sticky `noteId` into a card; `into` names the port or consumer it goes on. */
  workshopConvert: (canvas: Canvas, noteId: string, target: StickyTarget, into: string | null) =>
    call<Converted>("workshop_convert", { canvas, noteId, target, into }),
  /** The workshop summary in Markdown, with the draft's findings. */
  workshopSummary: (canvas: Canvas) => call<string>("workshop_summary", { canvas }),
  importFiles: (paths: string[]) => call<ImportItem[]>("import_files", { paths }),
  importCommit: (choices: ImportChoice[]) => call<StoredCanvas[]>("import_commit", { choices }),
  openedFiles: () => call<string[]>("opened_files"),

  historyList: (id: string) => call<RevisionInfo[]>("history_list", { id }),
  historyLoad: (id: string, revision: Revision) =>
    call<StoredCanvas>("history_load", { id, revision }),
  historyDiff: (id: string, from: Revision, to: Revision) =>
    call<CanvasDiff>("history_diff", { id, from, to }),
  historyRestore: (id: string, revision: Revision) =>
    call<StoredCanvas>("history_restore", { id, revision }),
  /** The classified changes between two revisions (breaking, non-breaking, cosmetic). */
  historyChanges: (id: string, from: Revision, to: Revision) =>
    call<ProductChanges | null>("history_changes", { id, from, to }),
};

async function dialog<T>(run: () => Promise<T>): Promise<T> {
  if (!backendAvailable()) {
    throw new BackendError("backendUnavailable", "File dialogs need the desktop app.");
  }
  try {
    return await run();
  } catch (e) {
    throw toBackendError(e);
  }
}

/** Native folder and file pickers. `null` when the user cancels. */
export const dialogs = {
  chooseFolder: (title: string) =>
    dialog(async () => {
      const r = await openDialog({ directory: true, multiple: false, title });
      return typeof r === "string" ? r : null;
    }),
  chooseImportFiles: () =>
    dialog(async () => {
      const r = await openDialog({
        multiple: true,
        directory: false,
        title: "Import canvases or ODPS / ODCS manifests",
        filters: [{ name: "Canvas, ODPS, ODCS", extensions: ["json", "yaml", "yml"] }],
      });
      if (r === null) return null;
      return Array.isArray(r) ? r : [r];
    }),
};
