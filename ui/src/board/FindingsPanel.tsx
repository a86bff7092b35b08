// The findings of the open canvas, most severe first. Clicking one selects
// the card (or block) its pointer names and brings it into view; a finding
// can be waived from here, which records a waiver on the canvas.
import { memo, useEffect, useRef, useState } from "react";
import { backend } from "../backend";
import type { RuleInfo } from "../bindings/RuleInfo";
import type { Finding } from "../bindings/Finding";
import { DateInput } from "../components/DatePicker";
import { selectionForFinding, sortFindings } from "../logic/findings";
import { readDate } from "../logic/date";
import { clampFindings, storedFindingsHeight, storeFindingsHeight } from "../logic/split";
import { counted } from "../logic/standards";
import { useApp } from "../state/app";
import { useBoard } from "../state/board";

const ICON = { error: "●", warning: "▲", info: "i" } as const;

/**
 * Adds a waiver for finding `f`, or edits the one that covers it
 * (`f.waived`): reason and approver required, expiry a real day or none
 * (typed, or picked from the calendar beside the box).
 */
function WaiverForm({ f, onDone }: { f: Finding; onDone(): void }) {
  const edit = useBoard((s) => s.edit);
  const editing = f.waived;
  const [reason, setReason] = useState(editing?.reason ?? "");
  const [approver, setApprover] = useState(editing?.approver ?? "");
  const [expires, setExpires] = useState(editing?.expires ?? "");
  const expiry = readDate(expires);
  // The form opens at the finding, often low in a short panel: bring it
  // (and its buttons) into view.
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    form.current?.scrollIntoView({ block: "nearest" });
  }, []);
  // Shown once the reason is written, so the form does not open in red.
  const approverMissing = reason.trim() !== "" && approver.trim() === "";
  const valid = reason.trim() !== "" && approver.trim() !== "" && expiry.kind !== "invalid";
  return (
    <form
      ref={form}
      className="waiver-form"
      onClick={(e) => e.stopPropagation()}
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        edit((c) => {
          const waiver = {
            ruleId: editing ? (c.waivers[editing.index]?.ruleId ?? f.ruleId) : f.ruleId,
            pointer: editing ? (c.waivers[editing.index]?.pointer ?? f.pointer) : f.pointer,
            reason: reason.trim(),
            approver: approver.trim() || null,
            expires: expiry.kind === "date" ? expiry.value : null,
          };
          const waivers = editing
            ? c.waivers.map((w, i) => (i === editing.index ? waiver : w))
            : [...c.waivers, waiver];
          return { ...c, waivers };
        });
        onDone();
      }}
    >
      <input
        data-testid="waiver-reason"
        placeholder="Reason (required)"
        value={reason}
        autoFocus
        onChange={(e) => setReason(e.target.value)}
      />
      <div className="grid-2">
        <input
          data-testid="waiver-approver"
          placeholder="Approver (required)"
          value={approver}
          aria-invalid={approverMissing ? true : undefined}
          onChange={(e) => setApprover(e.target.value)}
        />
        <DateInput
          testid="waiver-expires"
          placeholder="Expires YYYY-MM-DD"
          value={expires}
          invalid={expiry.kind === "invalid"}
          onText={setExpires}
        />
      </div>
      {expiry.kind === "invalid" ? (
        <div className="field-error" data-testid="waiver-expires-error">
          {expiry.message}
        </div>
      ) : null}
      {approverMissing ? (
        <div className="field-hint" data-testid="waiver-approver-needed">
          A waiver needs the name of who approved it; without one it waives nothing.
        </div>
      ) : null}
      <div className="row-actions">
        <button type="button" className="btn small ghost" onClick={onDone}>
          Cancel
        </button>
        <button
          type="submit"
          className="btn small primary"
          data-testid="waiver-save"
          disabled={!valid}
        >
          {editing ? "Save waiver" : "Add waiver"}
        </button>
      </div>
    </form>
  );
}

/** The standards, read once: a finding shows its rule's title and rationale. */
let rulesOnce: Promise<Map<string, RuleInfo>> | null = null;
function useRules(): Map<string, RuleInfo> {
  const [rules, setRules] = useState<Map<string, RuleInfo>>(new Map());
  useEffect(() => {
    rulesOnce ??= backend
      .standardsRules()
      .then((list) => new Map(list.map((r) => [r.id, r])))
      .catch(() => {
        rulesOnce = null;
        return new Map<string, RuleInfo>();
      });
    let live = true;
    void rulesOnce.then((m) => live && setRules(m));
    return () => {
      live = false;
    };
  }, []);
  return rules;
}

const FindingItem = memo(function FindingItem({
  f,
  rule,
  onFocus,
}: {
  f: Finding;
  rule: RuleInfo | undefined;
  onFocus(key: string): void;
}) {
  const [waiving, setWaiving] = useState(false);
  const edit = useBoard((s) => s.edit);
  return (
    <li
      className={`finding sev-${f.severity} ${f.waived ? "waived" : ""}`}
      data-testid="finding-item"
      data-rule={f.ruleId}
      data-severity={f.severity}
      data-pointer={f.pointer}
      onClick={() => {
        const canvas = useBoard.getState().history?.present;
        if (!canvas) return;
        onFocus(selectionForFinding(canvas, f));
        useBoard.getState().setFocusPointer(f.pointer);
      }}
    >
      <span className={`sev-icon sev-${f.severity}`} aria-label={f.severity}>
        {ICON[f.severity]}
      </span>
      <div className="finding-body">
        <div className="finding-msg">{f.message}</div>
        {f.hint ? <div className="finding-hint">{f.hint}</div> : null}
        <div className="finding-meta">
          <span className="mono" title={rule ? `${rule.title}: ${rule.rationale}` : undefined}>
            {f.ruleId}
          </span>
          <span className="muted">
            {f.packId} {f.packVersion}
          </span>
          {f.pointer ? <span className="mono muted">{f.pointer}</span> : null}
          {f.waived ? (
            <span className="pill pill-soft pill-wrap" data-testid="finding-waived">
              waived by {f.waived.approver}
              {f.waived.expires ? ` until ${f.waived.expires}` : ""}: {f.waived.reason}
            </span>
          ) : null}
        </div>
        {waiving ? <WaiverForm f={f} onDone={() => setWaiving(false)} /> : null}
      </div>
      {!f.waived && !waiving ? (
        <button
          type="button"
          className="link small"
          data-testid="finding-waive"
          onClick={(e) => {
            e.stopPropagation();
            setWaiving(true);
          }}
        >
          Waive…
        </button>
      ) : null}
      {f.waived && !waiving ? (
        <span className="finding-waiver-actions">
          <button
            type="button"
            className="link small"
            data-testid="finding-waiver-edit"
            onClick={(e) => {
              e.stopPropagation();
              setWaiving(true);
            }}
          >
            Edit waiver…
          </button>
          <button
            type="button"
            className="link small danger"
            data-testid="finding-waiver-remove"
            onClick={(e) => {
              e.stopPropagation();
              const index = f.waived!.index;
              edit((c) => ({ ...c, waivers: c.waivers.filter((_, i) => i !== index) }));
            }}
          >
            Remove waiver
          </button>
        </span>
      ) : null}
    </li>
  );
});

/**
 * The bar between the inspector and the findings: drag it, or focus it and
 * press the arrow keys, to give the findings more or less of the column;
 * double-click puts the default back.
 */
function SplitHandle({
  panel,
  height,
  onHeight,
}: {
  panel: React.RefObject<HTMLElement | null>;
  height: number | null;
  onHeight(h: number | null): void;
}) {
  const column = () => panel.current?.parentElement?.clientHeight ?? 800;
  const current = () => height ?? panel.current?.clientHeight ?? 240;
  return (
    <div
      className="findings-resize"
      data-testid="findings-resize"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Findings panel height"
      aria-valuenow={Math.round(current())}
      tabIndex={0}
      onDoubleClick={() => onHeight(null)}
      onKeyDown={(e) => {
        const step = e.key === "ArrowUp" ? 32 : e.key === "ArrowDown" ? -32 : 0;
        if (!step) return;
        e.preventDefault();
        onHeight(clampFindings(current() + step, column()));
      }}
      onPointerDown={(e) => {
        e.preventDefault();
        const el = e.currentTarget;
        el.setPointerCapture(e.pointerId);
        const startY = e.clientY;
        const start = current();
        const move = (m: PointerEvent) =>
          onHeight(clampFindings(start + (startY - m.clientY), column()));
        const up = () => {
          el.removeEventListener("pointermove", move);
          el.removeEventListener("pointerup", up);
        };
        el.addEventListener("pointermove", move);
        el.addEventListener("pointerup", up);
      }}
    />
  );
}

export function FindingsPanel({ onFocus }: { onFocus(key: string): void }) {
  const panel = useRef<HTMLElement>(null);
  const [height, setHeight] = useState<number | null>(storedFindingsHeight);
  const resize = (h: number | null) => {
    setHeight(h);
    storeFindingsHeight(h);
  };
  const findings = useBoard((s) => s.findings);
  const checking = useBoard((s) => s.checking);
  const rules = useRules();
  const checkError = useBoard((s) => s.checkError);
  // The standards did not load: no findings means nothing was checked.
  const unchecked = useApp((s) => s.standardsProblem) != null;
  const sorted = sortFindings(findings);
  const live = findings.filter((f) => !f.waived);
  const errors = live.filter((f) => f.severity === "error").length;
  const warnings = live.filter((f) => f.severity === "warning").length;
  const infos = live.filter((f) => f.severity === "info").length;
  return (
    <section
      ref={panel}
      className="findings-panel"
      data-testid="findings-panel"
      style={height === null ? undefined : { height, maxHeight: "none" }}
    >
      <SplitHandle panel={panel} height={height} onHeight={resize} />
      <header>
        <h3>Findings</h3>
        {unchecked ? (
          <span className="pill unchecked-pill" data-testid="findings-unchecked-pill">
            not checked
          </span>
        ) : (
          <span
            className="counts"
            data-testid="findings-count"
            data-errors={errors}
            data-warnings={warnings}
            data-infos={infos}
          >
            <span className="count sev-error">{counted(errors, "error")}</span>
            <span className="count sev-warning">{counted(warnings, "warning")}</span>
            <span className="count sev-info">{infos} info</span>
          </span>
        )}
        {checking ? <span className="spinner" title="Checking…" /> : null}
      </header>
      {checkError ? (
        <div className="findings-empty check-error" data-testid="findings-check-error">
          <strong>The live check is not available.</strong> {checkError}
        </div>
      ) : null}
      {unchecked ? (
        <div className="findings-empty unchecked" data-testid="findings-unchecked">
          <strong>Not checked.</strong> The standards packs did not load, so this canvas is not
          checked against them. The workspace home names the file and what is wrong.
        </div>
      ) : checkError && sorted.length === 0 ? null : sorted.length === 0 ? (
        <div className="findings-empty" data-testid="findings-empty">
          <strong>All standards met.</strong> Every edit is checked against the federation's
          standards as you work.
        </div>
      ) : (
        <ul>
          {sorted.map((f) => (
            <FindingItem
              key={`${f.ruleId}|${f.pointer}|${f.message}`}
              f={f}
              rule={rules.get(f.ruleId)}
              onFocus={onFocus}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
