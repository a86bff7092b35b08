// An item's "Contract details": what its data contract says that the
// canvas has no typed member for, kept in the item's `extensions` by the
// contract's own key (a port's `team`, a table's
// `dataGranularityDescription`, a field's `logicalTypeOptions`…) and
// written back in place on export.
//
// The editor shows and edits those keys only. It never shows the canvas's
// bookkeeping (`meshcanvas.*`) nor a key the item has a typed member for
// (a field's contract spelling of its `classification`, say): both are
// kept as they are through every edit. A key cannot be renamed to either,
// since export writes the typed member (or the bookkeeping) over it.
import { renameExtension } from "./contract";
import { DETAIL_KEYS } from "./schema";

type Ext = Record<string, unknown> | undefined;

/**
 * What the editor is over: a port, one of its tables, one of their fields,
 * or one of a port's SLOs (an ODCS SLA property).
 */
export type DetailsScope = "port" | "table" | "field" | "slo";

/** The prefix of the canvas's own bookkeeping keys. */
export const BOOKKEEPING_PREFIX = "meshcanvas.";

export function isBookkeeping(key: string): boolean {
  return key.startsWith(BOOKKEEPING_PREFIX);
}

/**
 * The ODCS keys each kind of item has a typed member for: export writes
 * the member, so an extension by that name would be lost or clash.
 */
export const TYPED_KEYS: Record<DetailsScope, readonly string[]> = {
  port: [
    "id",
    "name",
    "version",
    "status",
    "description",
    "servers",
    "schema",
    "slaProperties",
    "roles",
    "price",
    "tags",
    "domain",
    "apiVersion",
    "kind",
  ],
  table: [
    "name",
    "physicalName",
    "physicalType",
    "businessName",
    "description",
    "properties",
    "quality",
    "relationships",
    "logicalType",
  ],
  field: [
    "name",
    "logicalType",
    "physicalType",
    "description",
    "businessName",
    "required",
    "primaryKey",
    "classification",
    "examples",
    ...DETAIL_KEYS,
    "quality",
    "properties",
    "items",
  ],
  // An SLA property's name and its spelling of the value and unit are the
  // SLO's own (export writes them from the dimension, target and unit).
  slo: ["property", "value", "valueExt", "unit", "description"],
};

/**
 * The keys offered as one-click rows, with the value each starts with: the
 * kind ODCS gives it (a list of links or custom properties, an object of
 * logical type options or a team), so that what is typed into it keeps
 * that kind (see `readExtensionValue`).
 */
export const SUGGESTED_DETAILS: Record<DetailsScope, readonly (readonly [string, unknown])[]> = {
  port: [
    ["tenant", ""],
    ["authoritativeDefinitions", []],
    ["customProperties", []],
    ["team", {}],
    ["support", []],
  ],
  table: [
    ["dataGranularityDescription", ""],
    ["authoritativeDefinitions", []],
    ["customProperties", []],
  ],
  field: [
    ["logicalTypeOptions", {}],
    ["authoritativeDefinitions", []],
    ["customProperties", []],
    ["encryptedName", ""],
  ],
  slo: [
    ["element", ""],
    ["driver", ""],
    ["schedule", ""],
    ["scheduler", ""],
  ],
};

/** Whether the editor leaves `key` alone: bookkeeping, or a typed member's key. */
export function isHiddenDetail(scope: DetailsScope, key: string): boolean {
  return isBookkeeping(key) || TYPED_KEYS[scope].includes(key);
}

/** The keys the editor shows, in their order; `undefined` when there are none. */
export function visibleDetails(scope: DetailsScope, ext: Ext): Ext {
  const shown = Object.entries(ext ?? {}).filter(([k]) => !isHiddenDetail(scope, k));
  return shown.length === 0 ? undefined : Object.fromEntries(shown);
}

/** How many keys the editor shows. */
export function detailCount(scope: DetailsScope, ext: Ext): number {
  return Object.keys(ext ?? {}).filter((k) => !isHiddenDetail(scope, k)).length;
}

/**
 * The item's whole `extensions` after the editor made `shown` of its
 * visible keys: the hidden ones kept as they were, first, then the shown
 * ones in their order; `undefined` when nothing is left, as the model
 * leaves an empty `extensions` out.
 */
export function mergeDetails(scope: DetailsScope, ext: Ext, shown: Ext): Ext {
  const kept = Object.entries(ext ?? {}).filter(([k]) => isHiddenDetail(scope, k));
  // A shown key never overrides a hidden one (the editor refuses those names).
  const edited = Object.entries(shown ?? {}).filter(([k]) => !isHiddenDetail(scope, k));
  const all = [...kept, ...edited];
  return all.length === 0 ? undefined : Object.fromEntries(all);
}

/** Why `key` may not be a contract detail of this item, or null when it may. */
export function detailKeyProblem(scope: DetailsScope, key: string): string | null {
  if (isBookkeeping(key)) {
    return `Keys starting with “${BOOKKEEPING_PREFIX}” are the canvas's own bookkeeping. Not applied.`;
  }
  if (TYPED_KEYS[scope].includes(key)) return `“${key}” is a field of its own here. Not applied.`;
  return null;
}

/**
 * Renames a shown key as `renameExtension` does, also refusing a typed
 * member's key or a bookkeeping one; `ext` is the shown keys.
 */
export function renameDetail(
  scope: DetailsScope,
  ext: Ext,
  from: string,
  to: string,
): { ext: Ext; problem: string | null } {
  return renameChecked(ext, from, to, (name) => detailKeyProblem(scope, name));
}

/**
 * Renames a shown key as `renameExtension` does, unless `problemOf` refuses
 * the new name (then nothing changes and the problem is said).
 */
export function renameChecked(
  ext: Ext,
  from: string,
  to: string,
  problemOf: (name: string) => string | null,
): { ext: Ext; problem: string | null } {
  const t = to.trim();
  if (t !== from && t !== "") {
    const problem = problemOf(t);
    if (problem) return { ext, problem };
  }
  return renameExtension(ext, from, to);
}

/** The suggested keys the item does not have yet, with their starting values. */
export function missingDetails(scope: DetailsScope, ext: Ext): (readonly [string, unknown])[] {
  return SUGGESTED_DETAILS[scope].filter(([k]) => !(ext && k in ext));
}

/** The item with `ext` as its extensions, or without the member when `ext` is empty. */
export function withExtensions<T extends { extensions?: Record<string, unknown> }>(
  x: T,
  ext: Ext,
): T {
  const next = { ...x };
  if (ext === undefined || Object.keys(ext).length === 0) delete next.extensions;
  else next.extensions = ext;
  return next;
}

/** The item after the editor made `shown` of its visible keys. */
export function withDetails<T extends { extensions?: Record<string, unknown> }>(
  scope: DetailsScope,
  x: T,
  shown: Ext,
): T {
  return withExtensions(x, mergeDetails(scope, x.extensions, shown));
}
