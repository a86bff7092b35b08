// The split between the inspector and the findings panel: the findings
// panel's height, dragged or stepped with the keyboard, kept between runs.

/** The findings panel never gets smaller than its header and one finding. */
export const FINDINGS_MIN = 96;
/** Room the inspector keeps above the findings panel. */
export const INSPECTOR_MIN = 160;

/** `height` clamped to what the column holds. */
export function clampFindings(height: number, column: number): number {
  const max = Math.max(FINDINGS_MIN, column - INSPECTOR_MIN);
  return Math.round(Math.min(max, Math.max(FINDINGS_MIN, height)));
}

const KEY = "meshcanvas.findingsHeight";

/** The height the user left the panel at, or `null` for the default. */
export function storedFindingsHeight(): number | null {
  const v = Number(typeof localStorage === "undefined" ? NaN : localStorage.getItem(KEY));
  return Number.isFinite(v) && v > 0 ? v : null;
}

export function storeFindingsHeight(height: number | null): void {
  if (typeof localStorage === "undefined") return;
  if (height === null) localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, String(Math.round(height)));
}
