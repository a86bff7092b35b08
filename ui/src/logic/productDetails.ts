// The product's "Product details": what an imported ODPS product says that
// the canvas has no field for, kept in `canvas.extensions` under
// `odps#<JSON pointer>` (`odps#/tenant`, `odps#/support/1/tool`) and
// written back at that place on export.
//
// A top-level key (`odps#/<one token>`) is a row, named by its token
// (`tenant`) and written back with the prefix. Everything else the canvas
// keeps is listed read-only and never changed by an edit: deeper places
// (`odps#/support/1/tool`, a part of something the canvas has a field
// for), a top-level key of such a field, and other tools' keys (not
// `odps#`). The canvas's bookkeeping (`meshcanvas.*`) is neither shown nor
// changed. See logic/details.ts for the same editor over an item's
// contract details.
import type { Canvas } from "../bindings/Canvas";
import { showExtensionValue } from "./contract";
import { BOOKKEEPING_PREFIX, isBookkeeping, renameChecked } from "./details";

type Ext = Record<string, unknown> | undefined;

/** The prefix of a key kept from the product's ODPS file, up to its pointer. */
export const ODPS_TAG = "odps#";
/** The prefix of a top-level key kept from the product's ODPS file. */
export const ODPS_PREFIX = `${ODPS_TAG}/`;

/**
 * The ODPS keys the product has a field of its own for: export writes the
 * field, so a detail by that name would be lost or clash.
 */
export const PRODUCT_TYPED_KEYS: readonly string[] = [
  "id",
  "name",
  "version",
  "status",
  "tags",
  "description",
  "domain",
  "team",
  "support",
  "inputPorts",
  "outputPorts",
  "apiVersion",
  "kind",
  // Written by export from the canvas's own blocks (links, Mesh Canvas's
  // custom properties): a detail by these names would not go back in place.
  "customProperties",
  "authoritativeDefinitions",
];

/** The keys offered as one-click rows, each starting with the kind ODPS gives it. */
export const SUGGESTED_PRODUCT_DETAILS: readonly (readonly [string, unknown])[] = [
  ["tenant", ""],
  ["productCreatedTs", ""],
  ["managementPorts", []],
];

/** A JSON pointer token read back (`~1` is `/`, `~0` is `~`). */
function unescapeToken(t: string): string {
  return t.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** A name written as a JSON pointer token. */
function escapeToken(name: string): string {
  return name.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Why `name` may not be a product detail, or null when it may. */
export function productDetailProblem(name: string): string | null {
  if (isBookkeeping(name)) {
    return `Keys starting with “${BOOKKEEPING_PREFIX}” are the canvas's own bookkeeping. Not applied.`;
  }
  if (PRODUCT_TYPED_KEYS.includes(name)) {
    return `“${name}” is a field of its own here. Not applied.`;
  }
  if (name.includes("/")) {
    return "A key here is one name, without “/”. Not applied.";
  }
  return null;
}

/** The canvas extension key a product detail is written back as: `odps#/<name>`. */
export function productDetailKey(name: string): string {
  return `${ODPS_PREFIX}${escapeToken(name)}`;
}

/** The row name of a canvas extension key (`odps#/tenant` → `tenant`), or null when it is no row. */
export function productDetailName(key: string): string | null {
  if (!key.startsWith(ODPS_PREFIX)) return null;
  const token = key.slice(ODPS_PREFIX.length);
  if (token === "" || token.includes("/")) return null;
  const name = unescapeToken(token);
  return productDetailProblem(name) === null ? name : null;
}

/** One key the canvas keeps that the editor lists and leaves alone. */
export interface KeptDetail {
  /** The key in `canvas.extensions`. */
  key: string;
  /** What the list shows: its place in the ODPS file (`/support/1/tool`), or the key. */
  place: string;
  value: unknown;
}

/** What the section shows of `canvas.extensions`: the rows, by name, and the kept list. */
export function splitProductDetails(ext: Ext): { shown: Ext; kept: KeptDetail[] } {
  const rows: [string, unknown][] = [];
  const kept: KeptDetail[] = [];
  for (const [key, value] of Object.entries(ext ?? {})) {
    if (isBookkeeping(key)) continue;
    const name = productDetailName(key);
    if (name !== null) rows.push([name, value]);
    else {
      const place = key.startsWith(ODPS_PREFIX) ? key.slice(ODPS_TAG.length) : key;
      kept.push({ key, place, value });
    }
  }
  return { shown: rows.length === 0 ? undefined : Object.fromEntries(rows), kept };
}

/** How many keys the section shows: its rows and its kept list. */
export function productDetailCount(ext: Ext): number {
  const { shown, kept } = splitProductDetails(ext);
  return Object.keys(shown ?? {}).length + kept.length;
}

/**
 * The canvas's whole `extensions` after the editor made `shown` of its
 * rows: every other key kept as it was, first, then the rows written back
 * as `odps#/<name>` in their order. The canvas always has `extensions`, so
 * when nothing is left it is `{}`.
 */
export function mergeProductDetails(ext: Ext, shown: Ext): Canvas["extensions"] {
  const others = Object.entries(ext ?? {}).filter(([k]) => productDetailName(k) === null);
  // A row never takes a name the editor refuses (it would be no row).
  const rows = Object.entries(shown ?? {})
    .filter(([name]) => productDetailProblem(name) === null)
    .map(([name, v]): [string, unknown] => [productDetailKey(name), v]);
  // The values are JSON: read from the file, or typed as JSON into a row.
  return Object.fromEntries([...others, ...rows]) as Canvas["extensions"];
}

/**
 * Renames a row as `renameExtension` does, also refusing a name the
 * product has a field for, a bookkeeping one or one with a `/`; `ext` is
 * the rows, by name.
 */
export function renameProductDetail(
  ext: Ext,
  from: string,
  to: string,
): { ext: Ext; problem: string | null } {
  return renameChecked(ext, from, to, productDetailProblem);
}

/** The suggested keys the product does not have yet, with their starting values. */
export function missingProductDetails(shown: Ext): (readonly [string, unknown])[] {
  return SUGGESTED_PRODUCT_DETAILS.filter(([k]) => !(shown && k in shown));
}

/** A kept value in short: scalars as they are, lists and objects as JSON, cut at `max`. */
export function shortValue(v: unknown, max = 60): string {
  const text = v === null ? "null" : v === "" ? '""' : showExtensionValue(v);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
