// Nested schema fields: an output port's schema is a tree (`object` and
// `array` fields carry `fields`). The inspector addresses a field by its path
// of indices from the top level, and every edit rebuilds only the spine of the
// tree down to that field, so the store's structural sharing and undo keep
// working as for a flat list.
import type { Field } from "../bindings/Field";
import type { LogicalType } from "../bindings/LogicalType";

/** Indices from the schema's top level down to one field. */
export type FieldPath = readonly number[];

/** Only objects and arrays (of objects) hold nested fields. */
export function canNest(t: LogicalType): boolean {
  return t === "object" || t === "array";
}

/** A fresh field named `field_<n>` that does not clash with its siblings. */
export function newField(siblings: readonly Field[]): Field {
  const used = new Set(siblings.map((f) => f.name));
  let n = siblings.length + 1;
  while (used.has(`field_${n}`)) n++;
  return {
    name: `field_${n}`,
    logicalType: "string",
    physicalType: "",
    description: "",
    required: false,
    primaryKey: false,
    pii: false,
    examples: [],
    fields: [],
  };
}

/** The field at `path`, or undefined when the path leads nowhere. */
export function fieldAt(fields: readonly Field[], path: FieldPath): Field | undefined {
  let list = fields;
  let found: Field | undefined;
  for (const i of path) {
    found = list[i];
    if (!found) return undefined;
    list = found.fields;
  }
  return found;
}

/** Applies `fn` to the sibling list that contains `path`'s last index. */
function editParentList(
  fields: readonly Field[],
  parent: FieldPath,
  fn: (list: Field[]) => Field[],
): Field[] {
  const [head, ...rest] = parent;
  if (head === undefined) return fn([...fields]);
  const f = fields[head];
  if (!f) return [...fields];
  return fields.map((x, j) =>
    j === head ? { ...f, fields: editParentList(f.fields, rest, fn) } : x,
  );
}

/** Replaces the field at `path`. Paths that lead nowhere change nothing. */
export function replaceField(fields: readonly Field[], path: FieldPath, next: Field): Field[] {
  const last = path[path.length - 1];
  if (last === undefined) return [...fields];
  return editParentList(fields, path.slice(0, -1), (list) =>
    last < list.length ? list.map((x, j) => (j === last ? next : x)) : list,
  );
}

/** Removes the field at `path` together with its nested fields. */
export function removeField(fields: readonly Field[], path: FieldPath): Field[] {
  const last = path[path.length - 1];
  if (last === undefined) return [...fields];
  return editParentList(fields, path.slice(0, -1), (list) => list.filter((_, j) => j !== last));
}

/**
 * Appends a fresh field under the field at `parent` (an empty path adds at
 * the top level) and returns the new schema with the new field's path.
 */
export function addField(
  fields: readonly Field[],
  parent: FieldPath,
): { fields: Field[]; path: number[] } {
  if (parent.length === 0) {
    return { fields: [...fields, newField(fields)], path: [fields.length] };
  }
  const owner = fieldAt(fields, parent);
  if (!owner) return { fields: [...fields], path: [] };
  const next = replaceField(fields, parent, {
    ...owner,
    fields: [...owner.fields, newField(owner.fields)],
  });
  return { fields: next, path: [...parent, owner.fields.length] };
}

/** Number of fields in the tree, nested ones included. */
export function countFields(fields: readonly Field[]): number {
  return fields.reduce((n, f) => n + 1 + countFields(f.fields), 0);
}

/** Number of fields below `f` flagged as PII (for a collapsed row's summary). */
export function countPii(fields: readonly Field[]): number {
  return fields.reduce((n, f) => n + (f.pii ? 1 : 0) + countPii(f.fields), 0);
}

/** The test id suffix of a path: `0`, `0-2`, `0-2-1`. */
export function pathId(path: FieldPath): string {
  return path.join("-");
}

/** The field with this business name; an empty one is left out, as the core writes it. */
export function withBusinessName(f: Field, businessName: string): Field {
  const next = { ...f };
  if (businessName === "") delete next.businessName;
  else next.businessName = businessName;
  return next;
}

// ---------------------------------------------------------------------------
// A field's details (ODCS property members the row's "More" area edits).
// Each is optional, and one set back to empty is left out of the field
// (its key deleted, not `undefined`, `""` or `[]`), as the core writes it,
// so a field edited back to where it was equals the one that was loaded.

/** The members the "More" area edits, in the order it shows them. */
export const DETAIL_KEYS = [
  "tags",
  "unique",
  "primaryKeyPosition",
  "partitioned",
  "partitionKeyPosition",
  "criticalDataElement",
  "transformLogic",
  "transformSourceObjects",
  "transformDescription",
] as const;
export type DetailKey = (typeof DETAIL_KEYS)[number];

/** Whether a member says something: set, and not an empty text or list. */
function said(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === "string" || Array.isArray(v)) return v.length > 0;
  return true;
}

/** How many of the field's details are set (its "More" area opens by itself when any is). */
export function countDetails(f: Field): number {
  return DETAIL_KEYS.filter((k) => said(f[k])).length;
}

/** The field with `key` set to `value`, or without the key when `value` is undefined. */
function withMember<K extends DetailKey>(f: Field, key: K, value: Field[K] | undefined): Field {
  const next = { ...f };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** Comma-separated text as a list: each entry trimmed, empty ones dropped. */
export function readList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** The text a comma-separated box shows for a list. */
export function showList(items: readonly string[] | undefined): string {
  return (items ?? []).join(", ");
}

/** The field with these tags or transform source objects; none leaves the member out. */
export function withList(
  f: Field,
  key: "tags" | "transformSourceObjects",
  items: readonly string[],
): Field {
  const clean = items.map((s) => s.trim()).filter((s) => s !== "");
  return withMember(f, key, clean.length > 0 ? clean : undefined);
}

/** The field with this transform logic or description; empty text leaves it out. */
export function withText(
  f: Field,
  key: "transformLogic" | "transformDescription",
  text: string,
): Field {
  return withMember(f, key, text === "" ? undefined : text);
}

/** A yes / no the contract may also not say: `""` is not said. */
export type Tri = "" | "yes" | "no";

export const TRI_OPTIONS: readonly { value: Tri; label: string }[] = [
  { value: "", label: "Not said" },
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

export function triOf(v: boolean | undefined): Tri {
  return v === undefined ? "" : v ? "yes" : "no";
}

export function readTri(t: Tri): boolean | undefined {
  return t === "" ? undefined : t === "yes";
}

/** The field with this flag; not said (undefined) leaves it out, `false` is kept. */
export function withFlag(
  f: Field,
  key: "unique" | "partitioned" | "criticalDataElement",
  v: boolean | undefined,
): Field {
  return withMember(f, key, v);
}

export type PositionKey = "primaryKeyPosition" | "partitionKeyPosition";

/**
 * What is wrong with a number as a key position (a whole number from 1), or
 * null when nothing is.
 */
export function positionProblem(n: number): string | null {
  if (!Number.isInteger(n)) return `${n} is not a whole number; a position is 1, 2, 3…`;
  if (n < 1) return `A position counts from 1; ${n} is not one.`;
  return null;
}

/**
 * A field's key position as a number. The binding types it `bigint` (an
 * `i64` in the core), but it crosses to the UI as a JSON number.
 */
export function positionOf(f: Field, key: PositionKey): number | undefined {
  const v = f[key];
  return v === undefined || v === null ? undefined : Number(v);
}

/**
 * The field with this key position; undefined leaves it out. A position
 * that is not a whole number from 1 changes nothing. It is stored as a
 * plain number, which is what the core reads (a `bigint` would not even
 * serialise to JSON).
 */
export function withPosition(f: Field, key: PositionKey, n: number | undefined): Field {
  if (n !== undefined && positionProblem(n) !== null) return f;
  return withMember(f, key, n as unknown as Field[PositionKey]);
}

/** A badge on a field row, for what a reviewer should see without opening it. */
export interface FieldBadge {
  kind: "unique" | "cde" | "pk";
  label: string;
  title: string;
}

/** The row's badges: `unique`, `CDE` (both when true) and `PK <n>` (when a position is set). */
export function fieldBadges(f: Field): FieldBadge[] {
  const out: FieldBadge[] = [];
  if (f.unique === true)
    out.push({ kind: "unique", label: "unique", title: "Every value is distinct" });
  if (f.criticalDataElement === true) {
    out.push({ kind: "cde", label: "CDE", title: "Critical data element" });
  }
  const pk = positionOf(f, "primaryKeyPosition");
  if (pk !== undefined) {
    out.push({ kind: "pk", label: `PK ${pk}`, title: `Position ${pk} in the primary key` });
  }
  return out;
}

/**
 * Whether a tag marks personal data, as the core reads it on import:
 * `pii`, `personal`, `personal-data`, `GDPR`…, in any case, with `-`, `_`
 * and spaces ignored.
 */
export function isPiiTag(tag: string): boolean {
  const t = tag.trim().toLowerCase().replace(/[-_ ]/g, "");
  return t === "pii" || t === "personaldata" || t === "personal" || t === "gdpr";
}
