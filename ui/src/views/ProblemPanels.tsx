// What the home view shows when the workspace or the standards did not load
// at start: the core's message, what it means, and the ways on.
import { useState, type ReactNode } from "react";
import type { FailureCode } from "../backend";
import { standardsProblemTitle, type StandardsProblem } from "../logic/standards";
import type { WorkspaceProblem } from "../state/app";

/** What to call each way a workspace can fail to open. */
const PROBLEM_TITLES: Partial<Record<FailureCode, string>> = {
  notAWorkspace: "This file is not a Mesh Canvas workspace",
  corruptWorkspace: "The workspace file is damaged",
  newerFormat: "The workspace was written by a newer Mesh Canvas",
  io: "The workspace could not be read",
  busy: "The workspace is busy",
  notFound: "There is no workspace there",
};

/**
 * What would not load at start, as the core said it (its message names the
 * file and place), with what it means and the ways on (`children`). An
 * error when there is nothing to work on, a warning when work goes on.
 */
function ProblemPanel({
  tone,
  testId,
  code,
  title,
  message,
  children,
}: {
  tone: "error" | "warning";
  testId: string;
  code: string;
  title: string;
  message: string;
  children: ReactNode;
}) {
  return (
    <div
      className={tone === "warning" ? "problem-panel warning" : "problem-panel"}
      role="alert"
      data-testid={testId}
      data-code={code}
    >
      <h2>{title}</h2>
      <p className="mono problem-panel-message">{message}</p>
      {children}
    </div>
  );
}

/**
 * Shown instead of the canvases when the workspace the app started on would
 * not open: what is wrong with which file (the core's message names it),
 * and the ways on: open or create another workspace, with the folder
 * dialogs or by typing a path.
 */
export function WorkspaceProblemPanel({
  problem,
  onSwitch,
}: {
  problem: WorkspaceProblem;
  onSwitch(how: "open" | "create", path?: string): Promise<void>;
}) {
  const [path, setPath] = useState("");
  const typed = path.trim();
  return (
    <ProblemPanel
      tone="error"
      testId="home-workspace-error"
      code={problem.code}
      title={PROBLEM_TITLES[problem.code] ?? "The workspace could not be opened"}
      message={problem.message}
    >
      <p>
        Mesh Canvas left the file as it is. Open another workspace, or create a new one, to go on.
      </p>
      <div className="workspace-problem-actions">
        <button type="button" className="btn primary" onClick={() => void onSwitch("open")}>
          Open a workspace…
        </button>
        <button type="button" className="btn" onClick={() => void onSwitch("create")}>
          New workspace…
        </button>
      </div>
      <form
        className="workspace-problem-path"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed) void onSwitch("open", typed);
        }}
      >
        <label htmlFor="ws-path">Or type the path of a workspace (its folder or its file)</label>
        <div className="workspace-problem-row">
          <input
            id="ws-path"
            className="mono"
            data-testid="home-workspace-path-input"
            value={path}
            spellCheck={false}
            placeholder="/home/me/mesh-workspace"
            onChange={(e) => setPath(e.target.value)}
          />
          <button
            type="submit"
            className="btn"
            data-testid="home-workspace-path-open"
            disabled={!typed}
          >
            Open
          </button>
          <button
            type="button"
            className="btn"
            data-testid="home-workspace-path-create"
            disabled={!typed}
            onClick={() => void onSwitch("create", typed)}
          >
            Create
          </button>
        </div>
      </form>
    </ProblemPanel>
  );
}

/**
 * Shown above the canvases when the standards packs did not load: which
 * file and what is wrong (the core's message), what still works and what
 * does not, and how to get the check back.
 */
export function StandardsProblemPanel({ problem }: { problem: StandardsProblem }) {
  return (
    <ProblemPanel
      tone="warning"
      testId="home-standards-error"
      code={problem.code}
      title={standardsProblemTitle(problem.code)}
      message={problem.message}
    >
      <p>
        Mesh Canvas started without standards, so <strong>no canvas is checked</strong>: there are
        no findings, and an export goes out only when you choose to export unchecked. Canvases still
        open, edit and save as usual, and their history and the mesh map work.
      </p>
      <p className="muted">
        Fix the pack (or set <code>MESHCANVAS_STANDARDS</code> to a folder of packs) and restart
        Mesh Canvas to check again.
      </p>
    </ProblemPanel>
  );
}
