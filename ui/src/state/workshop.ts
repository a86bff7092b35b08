// Workshop mode's UI state (whether the workshop view is open, who is
// writing) and the facilitator's actions that ask the core (start, the
// clock, turning a sticky into a card).
//
// The session itself is the canvas's (`layout.workshop`): every change the
// core answers with goes into the board's history as one edit, so it is
// undoable, checked and autosaved like any other (state/sync.ts); nothing
// here saves. The clock's actions change the session only, so their answer
// is applied as the session alone onto whatever the canvas is by then: a
// sticky typed while the core answered is kept.
import { backend } from "../backend";
import type { Canvas } from "../bindings/Canvas";
import type { CardRef } from "../bindings/CardRef";
import type { StickyTarget } from "../bindings/StickyTarget";
import type { WorkshopAction } from "../bindings/WorkshopAction";
import { create } from "zustand";
import { KINDS } from "../logic/cards";
import { nodesOfList } from "../logic/identity";
import { FACILITATOR, withSession } from "../logic/workshop";
import { reportError } from "./app";
import { useBoard } from "./board";

interface WorkshopUi {
  /** Whether the workshop view is shown over the board. */
  open: boolean;
  /** The initials of who writes the stickies typed now. */
  participant: string;
  /** A canvas (its product id) whose board opens straight into the workshop view. */
  openOnLoad: string | null;
  setOpen(open: boolean): void;
  setParticipant(initials: string): void;
  setOpenOnLoad(id: string | null): void;
}

export const useWorkshop = create<WorkshopUi>()((set) => ({
  open: false,
  participant: FACILITATOR.initials,
  openOnLoad: null,
  setOpen(open) {
    set({ open });
  },
  setParticipant(participant) {
    set({ participant });
  },
  setOpenOnLoad(openOnLoad) {
    set({ openOnLoad });
  },
}));

/**
 * Called when a board has loaded canvas `id`: opens the workshop view when
 * the canvas was just made for a workshop, else starts on the board.
 */
export function workshopOnLoad(id: string): void {
  const ui = useWorkshop.getState();
  if (ui.openOnLoad === id) useWorkshop.setState({ open: true, openOnLoad: null });
  else if (ui.open) useWorkshop.setState({ open: false });
}

function present(): Canvas | null {
  const s = useBoard.getState();
  return s.preview ? null : (s.history?.present ?? null);
}

/**
 * Starts a workshop on the open canvas, or carries on its unfinished one,
 * and opens the workshop view.
 */
export async function startWorkshop(): Promise<void> {
  const c = present();
  if (!c) return;
  const w = c.layout.workshop;
  if (w && !w.finished) {
    useWorkshop.getState().setOpen(true);
    return;
  }
  try {
    const next = await backend.workshopStart(c);
    useBoard.getState().edit((now) => withSession(now, next));
    useWorkshop.getState().setOpen(true);
  } catch (e) {
    reportError("Could not start the workshop", e);
  }
}

/** Does a facilitator's action; false (and a toast saying why) when the core refused it. */
export async function workshopAct(action: WorkshopAction): Promise<boolean> {
  const c = present();
  if (!c) return false;
  try {
    const next = await backend.workshopAct(c, action);
    useBoard.getState().edit((now) => withSession(now, next));
    return true;
  } catch (e) {
    reportError("The workshop could not do that", e);
    return false;
  }
}

/** The board's node id of the card a conversion made, in the canvas the board now has. */
export function nodeOfCardRef(canvas: Canvas, card: CardRef): string | null {
  const list = KINDS[card.kind].list(canvas) as object[];
  return nodesOfList(card.kind, list)[card.index] ?? null;
}

/**
 * Turns sticky `noteId` into a card (on the port or consumer `into`
 * names), as one undo step, and selects the new card with what was added
 * in it (a field, an SLO) to scroll to. The card's node id, or null when
 * the core refused (a toast says why).
 */
export async function convertSticky(
  noteId: string,
  target: StickyTarget,
  into: string | null,
): Promise<string | null> {
  // A conversion changes more than the session: when the canvas was edited
  // while the core answered, ask again with the newer canvas.
  for (let attempt = 0; attempt < 3; attempt++) {
    const c = present();
    if (!c) return null;
    let answer;
    try {
      answer = await backend.workshopConvert(c, noteId, target, into);
    } catch (e) {
      reportError("Could not make a card of this sticky", e);
      return null;
    }
    const board = useBoard.getState();
    if (present() !== c) continue;
    board.edit(() => answer.canvas);
    const now = present();
    const node = now ? nodeOfCardRef(now, answer.card) : null;
    if (node) {
      useBoard.getState().select(node);
      useBoard.getState().setFocusPointer(answer.pointer);
    }
    return node;
  }
  return null;
}
