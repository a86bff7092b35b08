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
