// The export dialog's preview: the files the core would write, fetched again
// whenever the chosen formats or the canvas change.
//
// Every fetch is numbered. While a newer fetch runs, the files already shown
// stay (the dialog marks them as updating) instead of going back to the
// spinner; an answer to an older fetch is dropped, so a slow first answer
// cannot replace a newer one or end the newer one's loading.

export interface PreviewState<F> {
  /** The files shown; null until the first answer (or after a failure). */
  files: F[] | null;
  /** Why the last fetch failed, if it did. */
  error: string | null;
  /** Whether a fetch is under way. */
  loading: boolean;
  /** The number of the newest fetch; only its answer is taken. */
  seq: number;
  /** The index of the file shown in the preview. */
  current: number;
}

export type PreviewAction<F> =
  | { type: "start"; seq: number }
  | { type: "loaded"; seq: number; files: F[] }
  | { type: "failed"; seq: number; error: string }
  | { type: "pick"; index: number };

export function initialPreview<F>(): PreviewState<F> {
  return { files: null, error: null, loading: false, seq: 0, current: 0 };
}

export function previewReducer<F>(s: PreviewState<F>, a: PreviewAction<F>): PreviewState<F> {
  switch (a.type) {
    case "start":
      return { ...s, loading: true, seq: a.seq };
    case "loaded":
      if (a.seq !== s.seq) return s;
      return {
        files: a.files,
        error: null,
        loading: false,
        seq: s.seq,
        // The same file stays selected when the list still has it (the
        // formats changed, not the number of files).
        current: s.current < a.files.length ? s.current : 0,
      };
    case "failed":
      if (a.seq !== s.seq) return s;
      // Nothing can be written either: the write needs a preview.
      return { ...s, files: null, error: a.error, loading: false, current: 0 };
    case "pick":
      return { ...s, current: a.index };
  }
}
