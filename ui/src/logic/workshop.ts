// Workshop mode, the UI's part: the clock as the room reads it, which
// findings and cards belong to a step, where a new sticky goes, and the
// pure canvas edits the workshop view makes (stickies, votes, the parking
// lot and the decision log).
//
// What a workshop decides by rule (the steps, the clock's actions, what a
// sticky becomes) is the core's (src/workshop.rs); the steps' table comes
// from it through the bindings. The session is stored on the canvas
// (`layout.workshop`), so every edit here returns a new canvas for the
// board's undo history and autosave, never a mutated one.
import type { Block } from "../bindings/Block";
import type { Canvas } from "../bindings/Canvas";
import type { CardKind } from "../bindings/CardKind";
import type { Finding } from "../bindings/Finding";
import type { OutputPort } from "../bindings/OutputPort";
import type { Participant } from "../bindings/Participant";
import type { SessionNote } from "../bindings/SessionNote";
import type { Severity } from "../bindings/Severity";
import type { StepInfo } from "../bindings/StepInfo";
import type { StickyNote } from "../bindings/StickyNote";
import type { StickyTarget } from "../bindings/StickyTarget";
import type { Workshop } from "../bindings/Workshop";
import {
  BLOCK_TABLE,
  CARD_KIND_TABLE,
  CARD_KINDS,
  STICKY_TARGETS,
  WORKSHOP_STEPS,
} from "../bindings/tables";
import { sortFindings } from "./findings";

/** The facilitator: who writes the stickies until someone else joins and picks themselves. */
export const FACILITATOR: Participant = { initials: "FA", name: "Facilitator", color: "yellow" };

/** The sticky colours the board draws by name; anything else is `#rrggbb`. */
export const STICKY_COLORS = ["yellow", "pink", "blue", "green"] as const;

/** The last stretch of a step's timebox, in seconds: the timer turns amber. */
export const LOW_SECONDS = 60;

/** What the +5 min button adds to the current step's timebox. */
export const EXTEND_MINUTES = 5;

/** One of the ten steps; step 1 for a number the table does not have. */
export function stepInfo(step: number): StepInfo {
  return WORKSHOP_STEPS.find((s) => s.step === step) ?? WORKSHOP_STEPS[0]!;
}

/** The step whose blocks include `block` (the Name block is filled in at step 2). */
export function stepOfBlock(block: Block): number | undefined {
  return WORKSHOP_STEPS.find((s) => s.blocks.includes(block))?.step;
}

/** A workshop's stored timebox for `step`, in minutes, else the step's default. */
export function minutesOf(w: Workshop, step: number): number {
  return w.steps.find((s) => s.step === step)?.minutes ?? stepInfo(step).minutes;
}

/**
 * Seconds spent on `step` at `now` (ms since the epoch): what is stored,
 * plus, for the current step while the clock runs, the time since it
 * started. A clock started "in the future" (another machine's clock ahead)
 * counts nothing yet.
 */
export function spentSeconds(w: Workshop, step: number, now: number): number {
  const stored = w.steps.find((s) => s.step === step)?.spentSeconds ?? 0;
  if (step !== w.current || !w.clockStarted) return stored;
  const started = Date.parse(w.clockStarted);
  if (Number.isNaN(started)) return stored;
  return stored + Math.max(0, now - started) / 1000;
}

/** Seconds left of the current step's timebox at `now`; negative once it has run out. */
export function remainingSeconds(w: Workshop, now: number): number {
  return minutesOf(w, w.current) * 60 - spentSeconds(w, w.current, now);
}

/** Whether the session's clock is running. */
export function running(w: Workshop): boolean {
  return Boolean(w.clockStarted) && !w.finished;
}

export type TimerState = "ok" | "low" | "over";

/** How the timer looks: normal, amber in the last minute, red once the time is up. */
export function timerState(remaining: number): TimerState {
  if (remaining <= 0) return "over";
  if (remaining <= LOW_SECONDS) return "low";
  return "ok";
}

/**
 * Seconds as the timer shows them, `mm:ss` (minutes past 99 keep their
 * digits); whole seconds rounded up, so a fresh 25-minute step reads
 * 25:00 and the timer reaches 00:00 exactly when the time is up. Negative
 * seconds (overrun) read 00:00: the overrun is said beside it.
 */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds - 1e-9));
  const mm = Math.floor(s / 60);
  const ss = s % 60;
  return `${String(mm).padStart(2, "0")}:${String(ss).padStart(2, "0")}`;
}

/** How long past its timebox a step is, `m:ss`; "" while it is not. */
export function formatOverrun(remaining: number): string {
  if (remaining >= 0) return "";
  const s = Math.floor(-remaining);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** A number for reading: `25`, `7.5`, never a long fraction. */
export function shortNumber(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/**
 * A timebox typed into a step's box: a positive number of minutes (a comma
 * as the decimal mark too), else null.
 */
export function readMinutes(text: string): number | null {
  const t = text.trim().replace(",", ".");
  if (!/^\d*\.?\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** The open (unwaived) findings on the blocks of `step`, most severe first. */
export function stepFindings(findings: readonly Finding[], step: number): Finding[] {
  const blocks = stepInfo(step).blocks;
  return sortFindings(findings.filter((f) => !f.waived && blocks.includes(f.block)));
}

/** The open findings of each step, for the steps that have any, in step order. */
export function findingsByStep(
  findings: readonly Finding[],
): { step: number; findings: Finding[] }[] {
  return WORKSHOP_STEPS.map((s) => ({
    step: s.step,
    findings: stepFindings(findings, s.step),
  })).filter((g) => g.findings.length > 0);
}

/** The most severe of some findings, or null for none. */
export function worstSeverity(findings: readonly Finding[]): Severity | null {
  if (findings.some((f) => f.severity === "error")) return "error";
  if (findings.some((f) => f.severity === "warning")) return "warning";
  return findings.length ? "info" : null;
}

/**
 * What a sticky of `step` can become, the step's usual targets first, then
 * the others in the core's order.
 */
export function orderedTargets(step: number): StickyTarget[] {
  const all = Object.keys(STICKY_TARGETS) as StickyTarget[];
  const usual = stepInfo(step).targets;
  return [...usual, ...all.filter((t) => !usual.includes(t))];
}

/** Whether a target goes on an output port (the core puts it on the last one when none is named). */
export function goesOnPort(target: StickyTarget): boolean {
  return target === "field" || target === "slo" || target === "qualityCheck";
}

/**
 * What the "Make card" menu asks after a target is chosen: which output
 * port (only when there is more than one to choose from), which consumer
 * for a use case (when there is any: it may go on one or make a new one),
 * or nothing.
 */
export function pickerFor(canvas: Canvas, target: StickyTarget): "port" | "consumer" | null {
  if (goesOnPort(target)) return canvas.outputPorts.length > 1 ? "port" : null;
  if (target === "useCase") return canvas.consumers.length > 0 ? "consumer" : null;
  return null;
}

/** "Output port orders" for a card key `outputPort:orders`; the key itself if it is not one. */
export function becameLabel(key: string): string {
  const colon = key.indexOf(":");
  const kind = key.slice(0, colon) as CardKind;
  if (colon < 0 || !CARD_KINDS.includes(kind)) return key;
  return `${CARD_KIND_TABLE[kind].label} ${key.slice(colon + 1)}`;
}

/** The card kinds a block holds (the Purpose block holds the policies). */
export function kindsOfBlock(block: Block): CardKind[] {
  return CARD_KINDS.filter((k) => CARD_KIND_TABLE[k].block === block);
}

/** The stickies written in `step`, in the order they were written. */
export function stepStickies(canvas: Canvas, step: number): StickyNote[] {
  return canvas.layout.notes.filter((n) => n.step === step);
}

/** The workshop's stickies (those written in a step) not yet turned into a card. */
export function unconvertedStickies(canvas: Canvas): StickyNote[] {
  return canvas.layout.notes.filter((n) => n.step !== undefined && !n.became);
}

/** The people who can write stickies: the facilitator first, then who joined. */
export function participantsOf(w: Workshop | undefined): Participant[] {
  const joined = w?.participants ?? [];
  return joined.some((p) => p.initials === FACILITATOR.initials)
    ? joined
    : [FACILITATOR, ...joined];
}

/** The participant with these initials, or the facilitator. */
export function participantOf(w: Workshop | undefined, initials: string): Participant {
  return participantsOf(w).find((p) => p.initials === initials) ?? FACILITATOR;
}

// A sticky's size on the board (styles/board.css `.note`) and the room a
// block's header takes: kept here, not imported from the board's layout,
// so a sticky's place depends on the printed canvas only.
const NOTE_W = 180;
const NOTE_H = 130;
const BLOCK_HEADER = 58;
const PAD = 12;
/** How far each next sticky goes down, and right, from the one before it. */
const CASCADE_Y = 26;
const CASCADE_X = 8;
/** How far right each next cascade starts from the one before it. */
const RUN_STEP = NOTE_W / 2 + CASCADE_Y;
/** Set-off of a sticky once every place of the block is taken, per round. */
const ROUND = 6;

/**
 * Where the `n`-th sticky (0-based) of a step goes on the board: in the
 * step's first block as the printed canvas draws it, cascading down (and a
 * little right), starting a new cascade further right when the block has no
 * room left below, and once every place is taken, going round again a few
 * pixels off. Inside the block wherever the block is big enough for it.
 */
export function stickyPlace(step: number, n: number): { x: number; y: number } {
  const rect = BLOCK_TABLE[stepInfo(step).blocks[0] ?? "domain"].rect;
  const left = rect.x + PAD;
  const top = rect.y + Math.min(BLOCK_HEADER, Math.max(0, rect.h - NOTE_H - PAD));
  const roomDown = Math.max(0, rect.y + rect.h - PAD - NOTE_H - top);
  const roomRight = Math.max(0, rect.x + rect.w - PAD - NOTE_W - left);
  const perRun = Math.max(1, Math.floor(roomDown / CASCADE_Y) + 1);
  const drift = (perRun - 1) * CASCADE_X;
  const runs = Math.max(1, Math.floor(Math.max(0, roomRight - drift) / RUN_STEP) + 1);
  const places = perRun * runs;
  const round = (Math.floor(n / places) % 4) * ROUND;
  const run = Math.floor((n % places) / perRun);
  const i = n % perRun;
  return {
    x: Math.round(left + run * RUN_STEP + i * CASCADE_X + round),
    y: Math.round(top + i * CASCADE_Y + round),
  };
}

/** A fresh id `<prefix>-<random>` that none of `taken` has. */
export function freshSessionId(
  prefix: string,
  taken: readonly string[],
  random: () => number = Math.random,
): string {
  for (;;) {
    const id = `${prefix}-${random().toString(36).slice(2, 8) || "0"}`;
    if (!taken.includes(id)) return id;
  }
}

export interface NewSticky {
  text: string;
  step: number;
  author: Participant;
}

/** Adds a sticky written in a step, by a participant, in their colour. */
export function addSticky(
  canvas: Canvas,
  s: NewSticky,
  random: () => number = Math.random,
): { canvas: Canvas; id: string } {
  const notes = canvas.layout.notes;
  const id = freshSessionId(
    "note",
    notes.map((n) => n.id),
    random,
  );
  const at = stickyPlace(s.step, stepStickies(canvas, s.step).length);
  const note: StickyNote = {
    id,
    text: s.text.trim(),
    x: at.x,
    y: at.y,
    color: s.author.color || "yellow",
    author: s.author.initials,
    step: s.step,
  };
  return { canvas: { ...canvas, layout: { ...canvas.layout, notes: [...notes, note] } }, id };
}

/** One more dot vote on a sticky. */
export function voteSticky(canvas: Canvas, id: string): Canvas {
  return {
    ...canvas,
    layout: {
      ...canvas.layout,
      notes: canvas.layout.notes.map((n) =>
        n.id === id ? { ...n, votes: (n.votes ?? 0) + 1 } : n,
      ),
    },
  };
}

export type SessionList = "parkingLot" | "decisions";

/**
 * Adds a parked question or a decision to the workshop; the canvas as it
 * was when it has no workshop or the text is blank.
 */
export function addSessionNote(
  canvas: Canvas,
  list: SessionList,
  note: Omit<SessionNote, "id">,
  random: () => number = Math.random,
): Canvas {
  const w = canvas.layout.workshop;
  if (!w || !note.text.trim()) return canvas;
  const id = freshSessionId(
    list === "parkingLot" ? "park" : "decision",
    w[list].map((n) => n.id),
    random,
  );
  const workshop = { ...w, [list]: [...w[list], { ...note, text: note.text.trim(), id }] };
  return { ...canvas, layout: { ...canvas.layout, workshop } };
}

/** Removes a parked question or a decision. */
export function removeSessionNote(canvas: Canvas, list: SessionList, id: string): Canvas {
  const w = canvas.layout.workshop;
  if (!w) return canvas;
  const workshop = { ...w, [list]: w[list].filter((n) => n.id !== id) };
  return { ...canvas, layout: { ...canvas.layout, workshop } };
}

/**
 * A canvas with the session of `from` in place of its own: how the answer
 * of a clock action (which changes the session only) is applied to a
 * canvas that may have been edited while the backend answered.
 */
export function withSession(canvas: Canvas, from: Canvas): Canvas {
  const workshop = from.layout.workshop;
  if (workshop === canvas.layout.workshop) return canvas;
  const layout = { ...canvas.layout };
  if (workshop) layout.workshop = workshop;
  else delete layout.workshop;
  return { ...canvas, layout };
}

/** A sticky colour as CSS: a named colour's class, or an inline background. */
export function stickyColor(color: string): { className: string; background?: string } {
  if ((STICKY_COLORS as readonly string[]).includes(color)) return { className: `note-${color}` };
  if (/^#[0-9a-fA-F]{6}$/.test(color)) return { className: "note-custom", background: color };
  return { className: "note-yellow" };
}

/** How many field names a port's summary shows before "+N more". */
export const SUMMARY_FIELDS = 8;

/**
 * An output port in the room's words: its fields by name (the first few,
 * then how many more) and its promises (`freshness 1 hours`).
 */
export function portSummary(port: OutputPort): { fields: string[]; more: number; slos: string[] } {
  const names = port.objects.flatMap((o) => o.fields.map((f) => f.name || "(unnamed)"));
  return {
    fields: names.slice(0, SUMMARY_FIELDS),
    more: Math.max(0, names.length - SUMMARY_FIELDS),
    slos: port.slos.map((s) => `${s.dimension} ${shortNumber(s.target)} ${s.unit}`),
  };
}
