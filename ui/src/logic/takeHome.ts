// The take-home dialog's choices: what a workshop carries away from the
// board (the poster in some formats, at one paper size, and the workshop
// summary), and how the dialog talks about what it is writing.
import type { Canvas } from "../bindings/Canvas";
import type { PaperSize } from "../bindings/PaperSize";
import type { PosterFormat } from "../bindings/PosterFormat";
import type { TakeHome } from "../bindings/TakeHome";

export const PAPER_SIZES: readonly { size: PaperSize; label: string }[] = [
  { size: "a0", label: "A0 (841 × 1189 mm)" },
  { size: "a1", label: "A1 (594 × 841 mm)" },
  { size: "a3", label: "A3 (297 × 420 mm)" },
  { size: "screen", label: "Screen" },
];

export const POSTER_FORMATS: readonly { format: PosterFormat; label: string }[] = [
  { format: "pdf", label: "PDF" },
  { format: "svg", label: "SVG" },
  { format: "png", label: "PNG" },
];

/**
 * The choices the dialog opens with: an A0 poster in every format with the
 * findings in its corner, and the workshop summary when a workshop was run
 * on the canvas (without one there is nothing to summarise).
 */
export function defaultTakeHome(canvas: Canvas): TakeHome {
  return {
    size: "a0",
    formats: POSTER_FORMATS.map((f) => f.format),
    findings: true,
    summary: canvas.layout.workshop != null,
  };
}

/** `options` with `format` turned on or off, the formats kept in the dialog's order. */
export function withFormat(options: TakeHome, format: PosterFormat, on: boolean): TakeHome {
  const chosen = new Set(options.formats);
  if (on) chosen.add(format);
  else chosen.delete(format);
  return { ...options, formats: POSTER_FORMATS.map((f) => f.format).filter((f) => chosen.has(f)) };
}

/** Whether the options ask for any file at all. */
export function writesSomething(options: TakeHome): boolean {
  return options.formats.length > 0 || options.summary;
}

/** What the dialog says while the core writes: drawing the poster is the slow part. */
export function progressLabel(options: TakeHome): string {
  return options.formats.length > 0 ? "Drawing the poster…" : "Writing the summary…";
}

/** The last segment of a path the core wrote (either separator). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== "");
  return parts[parts.length - 1] ?? path;
}
