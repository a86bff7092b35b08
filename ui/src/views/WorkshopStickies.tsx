// The workshop's stickies: the box a sticky is typed into and who writes
// it, a sticky as the room sees it (votes, author, what it became), and the
// "Make card" choice that turns it into a typed card through the core.
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { Canvas } from "../bindings/Canvas";
import type { OutputPort } from "../bindings/OutputPort";
import type { StickyNote } from "../bindings/StickyNote";
import type { StickyTarget } from "../bindings/StickyTarget";
import type { Workshop } from "../bindings/Workshop";
import { STICKY_TARGETS } from "../bindings/tables";
import { deleteNote } from "../logic/cards";
import {
  addSticky,
  becameLabel,
  orderedTargets,
  participantOf,
  participantsOf,
  pickerFor,
  stepInfo,
  STICKY_COLORS,
  stickyColor,
  voteSticky,
} from "../logic/workshop";
import { useApp } from "../state/app";
import { useBoard } from "../state/board";
import { convertSticky, useWorkshop, workshopAct } from "../state/workshop";

/**
 * Gives the sticky box the keyboard back after a click elsewhere in the
 * step (a vote, a delete), so the room's next words go straight onto a sticky.
 */
export function refocusStickyInput(): void {
  document.querySelector<HTMLInputElement>(".ws-sticky-input")?.focus();
}

/**
 * Undoes a sticky's deletion: the board's undo while nothing happened
 * since, else the sticky put back as an edit of its own (an undo then
 * would take back something else).
 */
function bringBack(note: StickyNote, after: Canvas | undefined): void {
  const board = useBoard.getState();
  const now = board.history?.present;
  if (!now || now.layout.notes.some((n) => n.id === note.id)) return;
  if (now === after) board.undo();
  else board.edit((c) => ({ ...c, layout: { ...c.layout, notes: [...c.layout.notes, note] } }));
}

/** The "Make card" choice for one sticky: what it becomes, then which port or consumer. */
export function ConvertDialog({
  note,
  step,
  canvas,
  onClose,
  onDone,
}: {
  note: StickyNote;
  step: number;
  canvas: Canvas;
  onClose(): void;
  onDone(node: string): void;
}) {
  const [target, setTarget] = useState<StickyTarget | null>(null);
  const [busy, setBusy] = useState(false);
  const usual = stepInfo(step).targets;
  const run = async (t: StickyTarget, into: string | null) => {
    setBusy(true);
    const node = await convertSticky(note.id, t, into);
    setBusy(false);
    if (node) onDone(node);
    else onClose();
  };
  const choose = (t: StickyTarget) => {
    if (pickerFor(canvas, t)) setTarget(t);
    else void run(t, null);
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  const picker = target ? pickerFor(canvas, target) : null;
  const targets = orderedTargets(step);
  return (
    <div className="ws-backdrop" onClick={onClose}>
      <div
        className="ws-dialog ws-convert"
        role="dialog"
        aria-label="Make a card"
        data-testid="sticky-convert-menu"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>Make a card of</h2>
        <p className="ws-convert-text">“{note.text}”</p>
        {target === null ? (
          <div className="ws-choices" role="menu">
            {targets.map((t) => (
              <button
                key={t}
                type="button"
                role="menuitem"
                className={`ws-choice ${usual.includes(t) ? "usual" : ""}`}
                data-testid={`convert-${t}`}
                disabled={busy}
                onClick={() => choose(t)}
              >
                {STICKY_TARGETS[t]}
              </button>
            ))}
          </div>
        ) : picker === "port" ? (
          <>
            <p className="ws-convert-ask">{STICKY_TARGETS[target]} on which output port?</p>
            <div className="ws-choices" role="menu">
              {canvas.outputPorts.map((p: OutputPort) => (
                <button
                  key={p.id}
                  type="button"
                  role="menuitem"
                  className="ws-choice"
                  data-testid={`convert-port-${p.id}`}
                  disabled={busy}
                  onClick={() => void run(target, p.id)}
                >
                  {p.name || p.id}
                </button>
              ))}
            </div>
          </>
        ) : (
          <>
            <p className="ws-convert-ask">Whose use case is it?</p>
            <div className="ws-choices" role="menu">
              {canvas.consumers.map((c) => (
                <button
                  key={c.id}
                  type="button"
                  role="menuitem"
                  className="ws-choice"
                  data-testid={`convert-consumer-${c.id}`}
                  disabled={busy}
                  onClick={() => void run(target, c.id)}
                >
                  {c.name || c.id}
                </button>
              ))}
              <button
                type="button"
                role="menuitem"
                className="ws-choice usual"
                data-testid="convert-consumer-new"
                disabled={busy}
                onClick={() => void run(target, null)}
              >
                A new consumer
              </button>
            </div>
          </>
        )}
        <div className="ws-dialog-foot">
          {target !== null ? (
            <button type="button" className="btn ws-btn" onClick={() => setTarget(null)}>
              Back
            </button>
          ) : null}
          <button
            type="button"
            className="btn ws-btn"
            data-testid="convert-cancel"
            onClick={onClose}
          >
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}

export function Sticky({
  note,
  w,
  onConvert,
}: {
  note: StickyNote;
  w: Workshop;
  onConvert(note: StickyNote): void;
}) {
  const edit = useBoard((s) => s.edit);
  const color = stickyColor(note.color);
  const author = note.author ? participantOf(w, note.author) : null;
  return (
    <article
      className={`ws-sticky ${color.className} ${note.became ? "became" : ""}`}
      style={color.background ? { background: color.background } : undefined}
      data-testid={`sticky-${note.id}`}
    >
      <div className="ws-sticky-text">{note.text}</div>
      {note.became ? (
        <div className="ws-became" data-testid={`sticky-became-${note.id}`}>
          → became {becameLabel(note.became)}
        </div>
      ) : null}
      <footer className="ws-sticky-foot">
        {note.author ? (
          <span className="ws-author" title={author?.name || note.author}>
            {note.author}
          </span>
        ) : null}
        <button
          type="button"
          className="ws-vote"
          data-testid={`sticky-vote-${note.id}`}
          title="Vote for it"
          onClick={() => {
            edit((c) => voteSticky(c, note.id));
            refocusStickyInput();
          }}
        >
          ● {note.votes ?? 0}
        </button>
        <span className="spacer" />
        {note.became ? null : (
          <button
            type="button"
            className="ws-make"
            data-testid={`sticky-convert-${note.id}`}
            onClick={() => onConvert(note)}
          >
            Make card ▾
          </button>
        )}
        <button
          type="button"
          className="ws-x"
          data-testid={`sticky-delete-${note.id}`}
          aria-label="Delete sticky"
          title="Delete sticky"
          onClick={() => {
            edit((c) => deleteNote(c, note.id));
            refocusStickyInput();
            const after = useBoard.getState().history?.present;
            useApp.getState().toast({
              kind: "info",
              title: "Sticky deleted",
              detail: note.text,
              key: `sticky:${note.id}`,
              action: { label: "Undo", run: () => bringBack(note, after) },
            });
          }}
        >
          ×
        </button>
      </footer>
    </article>
  );
}

/** Someone joins: initials, name and the colour of their stickies. */
function JoinForm({ onJoined, onClose }: { onJoined(initials: string): void; onClose(): void }) {
  const [initials, setInitials] = useState("");
  const [name, setName] = useState("");
  const [color, setColor] = useState<string>("pink");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ini = initials.trim().toUpperCase();
    if (!ini) return;
    const ok = await workshopAct({
      action: "join",
      participant: { initials: ini, name: name.trim(), color },
    });
    if (ok) onJoined(ini);
  };
  return (
    <form className="ws-join" data-testid="workshop-join-form" onSubmit={(e) => void submit(e)}>
      <input
        data-testid="workshop-join-initials"
        placeholder="Initials"
        aria-label="Initials"
        maxLength={4}
        autoFocus
        value={initials}
        onChange={(e) => setInitials(e.target.value)}
      />
      <input
        data-testid="workshop-join-name"
        placeholder="Name"
        aria-label="Name"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <select
        data-testid="workshop-join-color"
        aria-label="Sticky colour"
        value={color}
        onChange={(e) => setColor(e.target.value)}
      >
        {STICKY_COLORS.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <button
        type="submit"
        className="btn primary ws-btn"
        data-testid="workshop-join-submit"
        disabled={!initials.trim()}
      >
        Join
      </button>
      <button type="button" className="btn ghost ws-btn" onClick={onClose}>
        Cancel
      </button>
    </form>
  );
}

/** Who writes, and the box a sticky is typed into (focused whenever the step changes). */
export function StickyComposer({ w, step }: { w: Workshop; step: number }) {
  const edit = useBoard((s) => s.edit);
  const initials = useWorkshop((s) => s.participant);
  const setParticipant = useWorkshop((s) => s.setParticipant);
  const [text, setText] = useState("");
  const [joining, setJoining] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const people = participantsOf(w);
  const me = participantOf(w, initials);
  useEffect(() => {
    if (!joining) input.current?.focus();
  }, [step, joining]);
  return (
    <div className="ws-composer">
      <form
        className="ws-compose-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) return;
          edit((c) => addSticky(c, { text, step, author: me }).canvas);
          setText("");
          input.current?.focus();
        }}
      >
        <select
          className={`ws-who ${stickyColor(me.color).className}`}
          data-testid="workshop-participant"
          aria-label="Who is writing"
          value={me.initials}
          onChange={(e) => setParticipant(e.target.value)}
        >
          {people.map((p) => (
            <option key={p.initials} value={p.initials}>
              {p.initials}
              {p.name ? ` · ${p.name}` : ""}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn ws-btn"
          data-testid="workshop-join"
          onClick={() => setJoining((v) => !v)}
        >
          Join…
        </button>
        <input
          ref={input}
          className="ws-sticky-input"
          data-testid="sticky-input"
          value={text}
          placeholder="Write a sticky and press Enter"
          aria-label="New sticky"
          onChange={(e) => setText(e.target.value)}
        />
      </form>
      {joining ? (
        <JoinForm
          onClose={() => setJoining(false)}
          onJoined={(ini) => {
            setParticipant(ini);
            setJoining(false);
          }}
        />
      ) : null}
    </div>
  );
}
