// The import preview's choices: one row per imported canvas, what the user
// picked for it, whether that can be applied, and the choices sent to the
// core (which checks them again before saving anything).
import type { ImportChoice } from "../bindings/ImportChoice";
import type { ImportItem } from "../bindings/ImportItem";
import { isSlug } from "./skeleton";

export type RowAction = "new" | "replace" | "attach" | "skip";

export interface ImportRow {
  action: RowAction;
  /** The product id and name as a new canvas. */
  id: string;
  name: string;
  /** The product whose canvas gets the output ports ("attach"). */
  attachTo: string;
}

/** A new canvas with the suggested id and name: nothing in the workspace is overwritten. */
export function initialRow(item: ImportItem): ImportRow {
  return { action: "new", id: item.suggestedId, name: item.suggestedName, attachTo: "" };
}

/** Whether "replace" is offered: the canvas met is there (not deleted). */
export function canReplace(item: ImportItem): boolean {
  return item.existing !== null && !item.existing.deleted;
}

/** Whether "attach" is offered: the imported canvas has output ports to give. */
export function canAttach(item: ImportItem): boolean {
  return item.imported.canvas.outputPorts.length > 0;
}

/**
 * Why row `index` cannot be imported as chosen, or `null`. `taken` holds
 * every product id in the workspace, deleted canvases included.
 */
export function rowProblem(
  items: readonly ImportItem[],
  rows: readonly ImportRow[],
  index: number,
  taken: ReadonlySet<string>,
): string | null {
  const row = rows[index]!;
  const item = items[index]!;
  switch (row.action) {
    case "skip":
      return null;
    case "new": {
      const id = row.id.trim();
      if (!isSlug(id)) return "The id must be a lowercase slug: a-z, 0-9 and single inner hyphens.";
      if (taken.has(id)) return `A canvas with the id ${id} is in this workspace already.`;
      const twice = rows.some((r, i) => i !== index && r.action === "new" && r.id.trim() === id);
      if (twice) return `Another imported canvas has the id ${id} too.`;
      if (!row.name.trim()) return "Give the product a name.";
      return null;
    }
    case "replace":
      return canReplace(item) ? null : "There is no canvas with this id to replace.";
    case "attach":
      if (!canAttach(item)) return "It has no output ports to attach.";
      return row.attachTo ? null : "Choose the product to attach its output ports to.";
  }
}

/** The choices to apply, skipped rows left out, in the order read. */
export function choicesOf(
  items: readonly ImportItem[],
  rows: readonly ImportRow[],
): ImportChoice[] {
  const out: ImportChoice[] = [];
  rows.forEach((row, i) => {
    const canvas = items[i]!.imported.canvas;
    switch (row.action) {
      case "new":
        out.push({ canvas, action: { action: "new", id: row.id.trim(), name: row.name.trim() } });
        break;
      case "replace":
        out.push({ canvas, action: { action: "replace", id: items[i]!.existing!.id } });
        break;
      case "attach":
        out.push({ canvas, action: { action: "attach", id: row.attachTo } });
        break;
      case "skip":
        break;
    }
  });
  return out;
}
