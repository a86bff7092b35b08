// The merge dialog's state: the conflicts of a merge after a save conflict
// and the side chosen for each. Plain state: the merge itself (asking the
// core, applying and saving the merged canvas) lives in `sync.ts`.
import { create } from "zustand";
import type { MergeConflict } from "../bindings/MergeConflict";
import type { Side } from "../bindings/Side";
import { carryChoices, chooseAll, chooseOne, type Choice } from "../logic/merge";

export interface MergeState {
  /** Whether the dialog is open. Autosave waits while it is. */
  open: boolean;
  /** The board session (`BoardState.session`) the merge is for. */
  session: number;
  conflicts: MergeConflict[];
  /** One per conflict, in order; null until chosen. */
  choices: Choice[];
  /** The newest revision the draft was merged with. */
  revision: number | null;
  /** Who saved it, when the history says. */
  author: string | null;
  /** A merge or save is asked of the core. */
  busy: boolean;
  /** Why the last try failed. */
  error: string | null;
  /** Why the conflicts changed under the user (the canvas changed meanwhile). */
  notice: string | null;
  /**
   * The merge could not be made at all (`error` says why): what is left is
   * keeping mine over their save, or cancelling.
   */
  failed: boolean;

  /**
   * Opens the dialog on `conflicts`, or shows them in the open one: a
   * choice made for a conflict that is still the same is kept.
   */
  show(
    m: { session: number; conflicts: MergeConflict[]; revision: number; author: string | null },
    notice?: string | null,
  ): void;
  /** Opens the dialog on a merge that could not be made. */
  fail(session: number, error: string, author: string | null): void;
  choose(n: number, side: Side): void;
  chooseAll(side: Side): void;
  setBusy(busy: boolean): void;
  setError(error: string | null): void;
  close(): void;
}

const initial = {
  open: false,
  session: 0,
  conflicts: [] as MergeConflict[],
  choices: [] as Choice[],
  revision: null,
  author: null,
  busy: false,
  error: null,
  notice: null,
  failed: false,
};

export const useMerge = create<MergeState>()((set, get) => ({
  ...initial,

  show(m, notice = null) {
    const s = get();
    const keep = s.open && s.session === m.session && !s.failed;
    set({
      open: true,
      session: m.session,
      conflicts: m.conflicts,
      choices: keep
        ? carryChoices(s.conflicts, s.choices, m.conflicts)
        : m.conflicts.map(() => null),
      revision: m.revision,
      author: m.author ?? (keep ? s.author : null),
      busy: false,
      error: null,
      notice,
      failed: false,
    });
  },

  fail(session, error, author) {
    set({ ...initial, open: true, session, error, author, failed: true });
  },

  choose(n, side) {
    const s = get();
    if (n < 0 || n >= s.choices.length) return;
    set({ choices: chooseOne(s.choices, n, side) });
  },

  chooseAll(side) {
    set({ choices: chooseAll(get().conflicts.length, side) });
  },

  setBusy(busy) {
    set({ busy });
  },

  setError(error) {
    set({ error, busy: false });
  },

  close() {
    if (get().open) set({ ...initial });
  },
}));
