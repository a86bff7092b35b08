// The workshop view: a facilitator runs a Data Product Canvas workshop on
// the open canvas, step by step, on a projector. It covers the board: the
// current step fills the screen (its questions, its stickies, its cards),
// with the clock, the controls and the ten steps around it, the rest of the
// canvas as a small map at the side, and the parking lot and decision log.
//
// Everything the room writes goes into the canvas through the board's store
// (one undo step each) and is saved by the board's autosave; the clock's
// actions and turning a sticky into a card ask the core first
// (state/workshop.ts). The timer ticks on screen every second without
// touching the canvas: the session stores when the clock started, not how
// much is left. The stickies are in WorkshopStickies.tsx, the finish screen
// in WorkshopFinish.tsx.
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { Block } from "../bindings/Block";
import type { Canvas } from "../bindings/Canvas";
import type { CardKind } from "../bindings/CardKind";
import type { Finding } from "../bindings/Finding";
import type { OutputPort } from "../bindings/OutputPort";
import type { Workshop } from "../bindings/Workshop";
import { ARCHETYPES, BLOCK_TABLE, BLOCKS, BOARD_SIZE, WORKSHOP_STEPS } from "../bindings/tables";
import { FindingBadge } from "../board/Badge";
import { Inspector } from "../board/Inspector";
import { cardFace, KINDS } from "../logic/cards";
import { selectionForFinding } from "../logic/findings";
import { nodesOfList } from "../logic/identity";
import { ARCHETYPE_HINTS, ARCHETYPE_LABELS } from "../logic/labels";
import {
  addSessionNote,
  EXTEND_MINUTES,
  formatClock,
  formatOverrun,
  kindsOfBlock,
  minutesOf,
  portSummary,
  readMinutes,
  remainingSeconds,
  removeSessionNote,
  running,
  shortNumber,
  stepFindings,
  stepInfo,
  stepOfBlock,
  stepStickies,
  timerState,
  worstSeverity,
  type SessionList,
} from "../logic/workshop";
import { presentCanvas, useBoard } from "../state/board";
import { useWorkshop, workshopAct } from "../state/workshop";
import { FindingList, FinishedScreen } from "./WorkshopFinish";
import { ConvertDialog, refocusStickyInput, Sticky, StickyComposer } from "./WorkshopStickies";

/** The time now, taken again every second (and whenever `reset` changes). */
function useNow(reset: unknown): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [reset]);
  return now;
}

/** The big countdown: mm:ss, amber in the last minute, red and pulsing once the time is up. */
function Timer({ w }: { w: Workshop }) {
  const now = useNow(w);
  const remaining = remainingSeconds(w, now);
  const state = timerState(remaining);
  const on = running(w);
  const over = formatOverrun(remaining);
  return (
    <div className={`ws-timer t-${state} ${on ? "running" : "paused"}`}>
      <span
        className="ws-clock"
        data-testid="workshop-timer"
        data-state={state}
        data-running={on}
        role="timer"
        aria-live="off"
      >
        {formatClock(remaining)}
      </span>
      <span className="ws-timer-label" data-testid="workshop-timer-label">
        {state === "over" ? `Time’s up · +${over}` : on ? "" : "Paused"}
        {state === "over" && !on ? " · paused" : ""}
      </span>
    </div>
  );
}

/** A step's timebox, typed: stored after a pause in typing, on Enter or on leaving the box. */
function MinutesInput({ step, minutes }: { step: number; minutes: number }) {
  const [draft, setDraft] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const commit = (text: string) => {
    clearTimeout(timer.current);
    const m = readMinutes(text);
    if (m !== null && m !== minutes) void workshopAct({ action: "setMinutes", step, minutes: m });
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  const shown = draft ?? shortNumber(minutes);
  return (
    <label className="ws-minutes" title={`Timebox of step ${step}, in minutes`}>
      <input
        type="number"
        min={1}
        step="any"
        data-testid={`workshop-minutes-${step}`}
        aria-label={`Minutes for step ${step}`}
        aria-invalid={draft !== null && readMinutes(draft) === null ? true : undefined}
        value={shown}
        onChange={(e) => {
          const text = e.target.value;
          setDraft(text);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => commit(text), 800);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            commit(shown);
          }
        }}
        onBlur={() => {
          commit(shown);
          setDraft(null);
        }}
      />
      <span>min</span>
    </label>
  );
}

/** The ten steps: jump to one; each shows its timebox, which can be changed here. */
function StepStrip({ w, findings }: { w: Workshop; findings: readonly Finding[] }) {
  return (
    <nav className="ws-strip" aria-label="Workshop steps">
      {WORKSHOP_STEPS.map((s) => {
        const open = stepFindings(findings, s.step).length;
        return (
          <div
            key={s.step}
            className={`ws-strip-step ${s.step === w.current ? "on" : ""} ${s.step < w.current ? "done" : ""}`}
          >
            <button
              type="button"
              className="ws-strip-jump"
              data-testid={`workshop-jump-${s.step}`}
              aria-current={s.step === w.current ? "step" : undefined}
              onClick={() => {
                if (s.step !== w.current) void workshopAct({ action: "jump", step: s.step });
              }}
              title={`Go to step ${s.step}: ${s.title}${open ? ` (${open} open findings)` : ""}`}
            >
              <span className="ws-strip-num">{s.step}</span>
              <span className="ws-strip-title">{s.title}</span>
            </button>
            <MinutesInput step={s.step} minutes={minutesOf(w, s.step)} />
          </div>
        );
      })}
    </nav>
  );
}

/** The canvas at a glance: the blocks where the printed canvas has them, the step's lit. */
function MiniMap({ canvas, step }: { canvas: Canvas; step: number }) {
  const blocks = stepInfo(step).blocks;
  const { w: W, h: H } = BOARD_SIZE;
  return (
    <div className="ws-map" data-testid="workshop-map" aria-label="The canvas">
      {BLOCKS.map((b) => {
        const rect = BLOCK_TABLE[b].rect;
        const s = stepOfBlock(b);
        const cards = kindsOfBlock(b).reduce((n, k) => n + KINDS[k].list(canvas).length, 0);
        const stickies =
          s !== undefined && stepInfo(s).blocks[0] === b ? stepStickies(canvas, s).length : 0;
        const title = `${BLOCK_TABLE[b].title}: ${cards} card${cards === 1 ? "" : "s"}, ${stickies} stick${stickies === 1 ? "y" : "ies"}`;
        return (
          <button
            key={b}
            type="button"
            className={`ws-map-block ${blocks.includes(b) ? "on" : ""}`}
            data-testid={`workshop-map-${b}`}
            style={{
              left: `${(rect.x / W) * 100}%`,
              top: `${(rect.y / H) * 100}%`,
              width: `${(rect.w / W) * 100}%`,
              height: `${(rect.h / H) * 100}%`,
            }}
            title={title}
            aria-label={title}
            onClick={() => {
              if (s !== undefined && s !== step) void workshopAct({ action: "jump", step: s });
            }}
          >
            {s !== undefined ? <span className="ws-map-num">{s}</span> : null}
            {cards || stickies ? (
              <span className="ws-map-count">
                {cards ? cards : null}
                {stickies ? <span className="ws-map-stickies">✎{stickies}</span> : null}
              </span>
            ) : null}
          </button>
        );
      })}
    </div>
  );
}

/** The parking lot or the decision log: a line typed and Enter adds it. */
function SessionNotes({
  w,
  list,
  step,
  author,
}: {
  w: Workshop;
  list: SessionList;
  step: number;
  author: string;
}) {
  const edit = useBoard((s) => s.edit);
  const [text, setText] = useState("");
  const parking = list === "parkingLot";
  const prefix = parking ? "parking" : "decision";
  const items = w[list];
  return (
    <section className={`ws-side-list ws-${prefix}`}>
      <h3>{parking ? "Parking lot" : "Decisions"}</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) return;
          edit((c) =>
            addSessionNote(c, list, { text, author, step, at: new Date().toISOString() }),
          );
          setText("");
        }}
      >
        <input
          data-testid={`${prefix}-input`}
          value={text}
          placeholder={parking ? "Park a question, Enter" : "Record a decision, Enter"}
          onChange={(e) => setText(e.target.value)}
        />
      </form>
      <ul data-testid={`${prefix}-list`}>
        {items.map((n) => (
          <li key={n.id} data-testid={`${prefix}-${n.id}`}>
            <span className="ws-note-text">{n.text}</span>
            <span className="ws-note-meta">
              {n.author} · step {n.step}
            </span>
            <button
              type="button"
              className="ws-x"
              data-testid={`${prefix}-delete-${n.id}`}
              aria-label="Remove"
              title="Remove"
              onClick={() => edit((c) => removeSessionNote(c, list, n.id))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What a block without cards says, in large type. */
function BlockFacts({ block, canvas }: { block: Block; canvas: Canvas }) {
  const edit = useBoard((s) => s.edit);
  const row = (label: string, value: string) => (
    <div className="ws-fact" key={label}>
      <dt>{label}</dt>
      <dd>{value || <em>not yet</em>}</dd>
    </div>
  );
  switch (block) {
    case "domain":
      return (
        <dl className="ws-facts">
          {row("Domain", canvas.domain.name)}
          {row("Team", canvas.domain.team.name)}
          {row("Product owner", canvas.domain.productOwner.name)}
        </dl>
      );
    case "name":
      return (
        <dl className="ws-facts">
          {row("Name", canvas.product.name)}
          {row("Id", canvas.product.id)}
          {row("Version", canvas.product.version)}
        </dl>
      );
    case "purpose":
      return <dl className="ws-facts">{row("Purpose", canvas.product.purpose)}</dl>;
    case "metadata":
      return (
        <dl className="ws-facts">
          {row("Licence", canvas.metadata.license)}
          {row("Personal data", canvas.metadata.piiSummary)}
          {row("Security", canvas.metadata.securityNotes)}
        </dl>
      );
    case "design":
      return (
        <dl className="ws-facts">
          {row("Technology", canvas.design.technology)}
          {row("Schedule", canvas.design.schedule)}
        </dl>
      );
    case "observability":
      return (
        <dl className="ws-facts">
          {row(
            "Metrics · alarms",
            `${canvas.observability.metrics.length} · ${canvas.observability.alarms.length}`,
          )}
        </dl>
      );
    case "classification":
      return (
        <div className="ws-archetypes">
          {ARCHETYPES.map((a) => (
            <button
              key={a}
              type="button"
              className={`ws-archetype ${canvas.product.archetype === a ? "on" : ""}`}
              data-testid={`workshop-archetype-${a}`}
              aria-pressed={canvas.product.archetype === a}
              onClick={() => edit((c) => ({ ...c, product: { ...c.product, archetype: a } }))}
            >
              <strong>{ARCHETYPE_LABELS[a]}</strong>
              <span>{ARCHETYPE_HINTS[a]}</span>
            </button>
          ))}
        </div>
      );
    default:
      return null;
  }
}

/** One card of the step, large: title (wrapped, never cut), what it says, a port's fields and SLOs. */
function BigCard({
  kind,
  item,
  node,
  onOpen,
}: {
  kind: CardKind;
  item: object;
  node: string;
  onOpen(node: string): void;
}) {
  const badge = useBoard((s) => s.badges[node]);
  const face = cardFace(kind, item as never);
  const port = kind === "outputPort" ? portSummary(item as OutputPort) : null;
  const id = KINDS[kind].id(item as never);
  return (
    <button
      type="button"
      className={`ws-card kind-${kind}`}
      data-testid={`workshop-card-${kind}-${id}`}
      onClick={() => onOpen(node)}
      title="Open in the inspector"
    >
      <span className="ws-card-top">
        <span className="ws-card-kind">{KINDS[kind].label}</span>
        <FindingBadge badge={badge} />
      </span>
      <span className="ws-card-title">{face.title || <em>untitled</em>}</span>
      {face.sub ? <span className="ws-card-sub">{face.sub}</span> : null}
      {port ? (
        <>
          <span className="ws-card-line">
            <strong>Fields</strong>{" "}
            {port.fields.length ? port.fields.join(", ") : <em>none yet</em>}
            {port.more ? ` +${port.more} more` : ""}
          </span>
          <span className="ws-card-line">
            <strong>SLOs</strong> {port.slos.length ? port.slos.join(" · ") : <em>none yet</em>}
          </span>
        </>
      ) : face.meta ? (
        <span className="ws-card-meta">{face.meta}</span>
      ) : null}
    </button>
  );
}

/** The step's blocks with what the canvas holds in them. */
function StepBlocks({
  canvas,
  step,
  onOpen,
}: {
  canvas: Canvas;
  step: number;
  onOpen(node: string): void;
}) {
  const badges = useBoard((s) => s.badges);
  return (
    <div className="ws-blocks">
      {stepInfo(step).blocks.map((b) => {
        const kinds = kindsOfBlock(b);
        return (
          <section key={b} className="ws-block" data-testid={`workshop-block-${b}`}>
            <header className="ws-block-head">
              <h3>{BLOCK_TABLE[b].title}</h3>
              <FindingBadge badge={badges[`block:${b}`]} />
              <span className="spacer" />
              <button
                type="button"
                className="btn ws-btn"
                data-testid={`workshop-edit-${b}`}
                onClick={() => onOpen(`block:${b}`)}
              >
                Edit
              </button>
            </header>
            <BlockFacts block={b} canvas={canvas} />
            {kinds.map((k) => {
              const list = KINDS[k].list(canvas) as object[];
              const nodes = nodesOfList(k, list);
              if (list.length === 0)
                return (
                  <p key={k} className="ws-none">
                    No {KINDS[k].label.toLowerCase()} cards yet: make one from a sticky.
                  </p>
                );
              return (
                <div key={k} className="ws-cards">
                  {list.map((item, i) => (
                    <BigCard key={nodes[i]} kind={k} item={item} node={nodes[i]!} onOpen={onOpen} />
                  ))}
                </div>
              );
            })}
          </section>
        );
      })}
    </div>
  );
}

/** Before moving on: what the standards say about this step. */
function StepFindingsPanel({
  step,
  findings,
  mode,
  onFix,
  onContinue,
  onClose,
}: {
  step: number;
  findings: readonly Finding[];
  mode: "next" | "review";
  onFix(f: Finding | undefined): void;
  onContinue(): void;
  onClose(): void;
}) {
  const n = findings.length;
  return (
    <div className="ws-backdrop" onClick={onClose}>
      <div
        className="ws-dialog ws-gate"
        role="dialog"
        aria-label="This step's findings"
        data-testid="workshop-step-findings"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>
          {mode === "next" ? "Before we move on: " : ""}step {step} has {n} open point
          {n === 1 ? "" : "s"}
        </h2>
        {n ? (
          <FindingList findings={findings} />
        ) : (
          <p className="ws-none">Nothing open: the standards are met here.</p>
        )}
        <div className="ws-dialog-foot">
          <button
            type="button"
            className="btn ws-btn"
            data-testid="workshop-fix-now"
            onClick={() => onFix(findings[0])}
          >
            Fix now
          </button>
          {mode === "next" ? (
            <button
              type="button"
              className="btn primary ws-btn"
              data-testid="workshop-continue"
              autoFocus
              onClick={onContinue}
            >
              Continue
            </button>
          ) : (
            <button
              type="button"
              className="btn ws-btn"
              data-testid="workshop-findings-close"
              onClick={onClose}
            >
              Close
            </button>
          )}
        </div>
      </div>
    </div>
  );
}

function Shell({ children }: { children: ReactNode }) {
  return (
    <div className="workshop" data-testid="workshop" role="region" aria-label="Workshop">
      {children}
    </div>
  );
}

/** The workshop over the board; closes itself when the canvas has no session (its start undone). */
export function WorkshopView() {
  const canvas = useBoard(presentCanvas);
  const findings = useBoard((s) => s.findings);
  const canUndo = useBoard((s) => (s.history?.past.length ?? 0) > 0);
  const undo = useBoard((s) => s.undo);
  const select = useBoard((s) => s.select);
  const setFocusPointer = useBoard((s) => s.setFocusPointer);
  const setOpen = useWorkshop((s) => s.setOpen);
  const participant = useWorkshop((s) => s.participant);
  const [gate, setGate] = useState<"next" | "review" | null>(null);
  const [converting, setConverting] = useState<string | null>(null);
  const [inspecting, setInspecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const w = canvas?.layout.workshop;
  useEffect(() => {
    if (!w) setOpen(false);
  }, [w, setOpen]);
  if (!canvas || !w) return null;
  const close = () => setOpen(false);
  if (w.finished) {
    return (
      <Shell>
        <FinishedScreen canvas={canvas} w={w} findings={findings} onClose={close} />
      </Shell>
    );
  }
  const step = w.current;
  const info = stepInfo(step);
  const open = stepFindings(findings, step);
  const worst = worstSeverity(open);
  const stickies = stepStickies(canvas, step);
  const convertNote = converting ? canvas.layout.notes.find((n) => n.id === converting) : undefined;
  const act = async (action: Parameters<typeof workshopAct>[0]) => {
    setBusy(true);
    await workshopAct(action);
    setBusy(false);
  };
  const next = () => {
    if (open.length > 0) setGate("next");
    else void act({ action: "next" });
  };
  const inspect = (node: string) => {
    select(node);
    setInspecting(true);
  };
  return (
    <Shell>
      <header className="ws-head">
        <div className="ws-title">
          <div className="ws-eyebrow">Workshop · {canvas.product.name || canvas.product.id}</div>
          <h1 data-testid="workshop-step-title">
            {step} · {info.title}
          </h1>
        </div>
        <button
          type="button"
          className={`ws-findings-count ${worst ? `sev-${worst}` : "clean"}`}
          data-testid="workshop-findings-count"
          data-severity={worst ?? "none"}
          title="This step's open findings"
          onClick={() => setGate("review")}
        >
          {open.length ? `${open.length} open` : "✓ clear"}
        </button>
        <span className="spacer" />
        <Timer w={w} />
        <div className="ws-controls">
          <button
            type="button"
            className="btn ws-btn"
            data-testid="workshop-prev"
            disabled={busy || step <= 1}
            onClick={() => void act({ action: "previous" })}
          >
            ← Previous
          </button>
          <button
            type="button"
            className="btn ws-btn"
            data-testid="workshop-pause"
            disabled={busy}
            onClick={() => void act({ action: running(w) ? "pause" : "resume" })}
          >
            {running(w) ? "Pause" : "Resume"}
          </button>
          <button
            type="button"
            className="btn ws-btn"
            data-testid="workshop-extend"
            disabled={busy}
            onClick={() => void act({ action: "extend", minutes: EXTEND_MINUTES })}
          >
            +{EXTEND_MINUTES} min
          </button>
          <button
            type="button"
            className="btn primary ws-btn"
            data-testid="workshop-next"
            disabled={busy || step >= WORKSHOP_STEPS.length}
            onClick={next}
          >
            Next →
          </button>
        </div>
      </header>
      <div className="ws-body">
        <main className="ws-main">
          <ol className="ws-questions" data-testid="workshop-questions">
            {info.questions.map((q) => (
              <li key={q}>{q}</li>
            ))}
          </ol>
          <StickyComposer w={w} step={step} />
          <div className="ws-stickies" data-testid="workshop-stickies">
            {stickies.length === 0 ? (
              <p className="ws-none">No stickies yet: write what the room says.</p>
            ) : (
              stickies.map((n) => (
                <Sticky key={n.id} note={n} w={w} onConvert={(x) => setConverting(x.id)} />
              ))
            )}
          </div>
          <StepBlocks canvas={canvas} step={step} onOpen={inspect} />
        </main>
        <aside className="ws-side">
          <MiniMap canvas={canvas} step={step} />
          <SessionNotes w={w} list="parkingLot" step={step} author={participant} />
          <SessionNotes w={w} list="decisions" step={step} author={participant} />
        </aside>
        {inspecting ? (
          <div className="ws-drawer" data-testid="workshop-inspector">
            <div className="ws-drawer-bar">
              <button
                type="button"
                className="btn"
                data-testid="workshop-show-on-board"
                onClick={() => {
                  setInspecting(false);
                  close();
                }}
              >
                Show on the board
              </button>
              <button
                type="button"
                className="btn"
                data-testid="workshop-inspector-close"
                onClick={() => setInspecting(false)}
              >
                Close
              </button>
            </div>
            <Inspector />
          </div>
        ) : null}
      </div>
      <footer className="ws-foot">
        <StepStrip w={w} findings={findings} />
        <div className="ws-foot-actions">
          <button
            type="button"
            className="btn ws-btn"
            data-testid="workshop-undo"
            disabled={!canUndo}
            onClick={undo}
            title="Undo (Ctrl+Z)"
          >
            ↶ Undo
          </button>
          <button type="button" className="btn ws-btn" data-testid="workshop-close" onClick={close}>
            Board
          </button>
          <button
            type="button"
            className="btn ws-btn danger"
            data-testid="workshop-finish"
            disabled={busy}
            onClick={() => void act({ action: "finish" })}
          >
            Finish
          </button>
        </div>
      </footer>
      {gate ? (
        <StepFindingsPanel
          step={step}
          findings={open}
          mode={gate}
          onClose={() => setGate(null)}
          onFix={(f) => {
            setGate(null);
            if (f) {
              select(selectionForFinding(canvas, f));
              setFocusPointer(f.pointer);
              setInspecting(true);
            }
          }}
          onContinue={() => {
            setGate(null);
            void act({ action: "next" });
          }}
        />
      ) : null}
      {convertNote ? (
        <ConvertDialog
          note={convertNote}
          step={step}
          canvas={canvas}
          onClose={() => {
            setConverting(null);
            refocusStickyInput();
          }}
          onDone={() => {
            setConverting(null);
            setInspecting(true);
          }}
        />
      ) : null}
    </Shell>
  );
}
