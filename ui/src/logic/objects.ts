// An output port's schema objects (canvas format v2): the tables, views,
// topics or files a port serves, each with its own fields, quality rules and
// relationships, and the port's price. Every edit returns a new port and
// leaves its input alone (the undo history keeps old canvases), and an empty
// optional part is left out, as the core writes it, so that a port edited
// back to where it was equals the one that was loaded.
import type { FieldRefs } from "../bindings/FieldRefs";
import type { OutputPort } from "../bindings/OutputPort";
import type { PortKind } from "../bindings/PortKind";
import type { Pricing } from "../bindings/Pricing";
import type { QualityRule } from "../bindings/QualityRule";
import type { Relationship } from "../bindings/Relationship";
import type { SchemaObject } from "../bindings/SchemaObject";
import { removeAt, replaceAt } from "./list";

/** The physical types offered for an object (ODCS `physicalType`); others may be typed. */
export const PHYSICAL_TYPES: readonly string[] = ["table", "view", "topic", "file", "api"];

/** What a port of `kind` serves, as an object's physical type (a stream serves topics). */
export function physicalTypeOfKind(kind: PortKind): string {
  return kind === "stream" ? "topic" : kind;
}

/** An empty object of this name and physical type. */
export function emptyObject(name: string, physicalType: string): SchemaObject {
  return { name, physicalName: "", physicalType, businessName: "", description: "", fields: [] };
}

/**
 * A new object for `port`: named after the port while no object has its
 * id, else `table_<n>` (free among the port's objects); its physical type
 * is the port kind's.
 */
export function newObject(port: Pick<OutputPort, "id" | "kind" | "objects">): SchemaObject {
  const used = new Set(port.objects.map((o) => o.name));
  let name = port.id;
  if (name === "" || used.has(name)) {
    let n = port.objects.length + 1;
    while (used.has(`table_${n}`)) n++;
    name = `table_${n}`;
  }
  return emptyObject(name, physicalTypeOfKind(port.kind));
}

/** The port with a new object at the end; `index` is where it went. */
export function addObject(port: OutputPort): { port: OutputPort; index: number } {
  return {
    port: { ...port, objects: [...port.objects, newObject(port)] },
    index: port.objects.length,
  };
}

export function replaceObject(port: OutputPort, j: number, o: SchemaObject): OutputPort {
  return { ...port, objects: replaceAt(port.objects, j, o) };
}

export function removeObject(port: OutputPort, j: number): OutputPort {
  return { ...port, objects: removeAt(port.objects, j) };
}

/** Sets (or, when empty, leaves out) an optional list of an object. */
function withList<K extends "quality" | "relationships">(
  o: SchemaObject,
  key: K,
  list: NonNullable<SchemaObject[K]>,
): SchemaObject {
  const next = { ...o };
  if (list.length === 0) delete next[key];
  else next[key] = list;
  return next;
}

/** The object with these quality rules; none leaves the key out. */
export function withRules(o: SchemaObject, rules: QualityRule[]): SchemaObject {
  return withList(o, "quality", rules);
}

/** The object with these relationships; none leaves the key out. */
export function withRelationships(o: SchemaObject, rels: Relationship[]): SchemaObject {
  return withList(o, "relationships", rels);
}

/** A new relationship: a foreign key, from and to be filled in. */
export function newRelationship(): Relationship {
  return { type: "foreignKey", from: "", to: "" };
}

/** The relationship with this type; an empty one is left out, as the core writes it. */
export function withRelationshipType(r: Relationship, type: string): Relationship {
  const next = { ...r };
  if (type === "") delete next.type;
  else next.type = type;
  return next;
}

/**
 * What typed text makes of a relationship's `from` or `to`: with a comma,
 * a list of references (a composite key), each trimmed, empty ones
 * dropped; without, the one reference, trimmed.
 */
export function readFieldRefs(text: string): FieldRefs {
  if (!text.includes(",")) return text.trim();
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** The text a box shows for a relationship's `from` or `to`. */
export function showFieldRefs(refs: FieldRefs): string {
  return typeof refs === "string" ? refs : refs.join(", ");
}

/** Whether two `from`/`to` values say the same. */
export function sameFieldRefs(a: FieldRefs, b: FieldRefs): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The port with its price patched. An empty currency or unit, or a cleared
 * amount, is left out; a price with nothing left (and no keys of its own)
 * is left out, so the port has the shape of one that has none.
 */
export function withPricing(
  port: OutputPort,
  patch: { amount?: number | null; currency?: string; unit?: string },
): OutputPort {
  const merged: Pricing = { ...port.pricing };
  if ("amount" in patch) {
    if (patch.amount === null || patch.amount === undefined) delete merged.amount;
    else merged.amount = patch.amount;
  }
  for (const key of ["currency", "unit"] as const) {
    if (!(key in patch)) continue;
    const v = patch[key] ?? "";
    if (v === "") delete merged[key];
    else merged[key] = v;
  }
  const next = { ...port };
  const empty =
    merged.amount === undefined &&
    merged.currency === undefined &&
    merged.unit === undefined &&
    (merged.extensions === undefined || Object.keys(merged.extensions).length === 0);
  if (empty) delete next.pricing;
  else next.pricing = merged;
  return next;
}

/**
 * The port after an edit of its id or kind, with its objects following
 * when they are still as a new port made them: an object without fields
 * named after the old id takes the new one, and one whose physical type is
 * the old kind's takes the new kind's. Objects with fields are the
 * contract's and never change by themselves.
 */
export function followPort(prev: OutputPort, next: OutputPort): OutputPort {
  if (prev.id === next.id && prev.kind === next.kind) return next;
  const oldType = physicalTypeOfKind(prev.kind);
  const newType = physicalTypeOfKind(next.kind);
  let changed = false;
  const objects = next.objects.map((o) => {
    if (o.fields.length > 0) return o;
    const name = prev.id !== next.id && o.name === prev.id ? next.id : o.name;
    const physicalType =
      prev.kind !== next.kind && o.physicalType === oldType ? newType : o.physicalType;
    if (name === o.name && physicalType === o.physicalType) return o;
    changed = true;
    return { ...o, name, physicalType };
  });
  return changed ? { ...next, objects } : next;
}

/** The pointer of object `j` of the port at `base` (`/outputPorts/<i>`). */
export function objectPointer(base: string, j: number): string {
  return `${base}/objects/${j}`;
}

/** The label of an object where it is listed: its name, else its physical name. */
export function objectLabel(o: SchemaObject): string {
  return o.name || o.physicalName || "unnamed";
}

/** The port with these contract tags; none leaves the member out. */
export function withPortTags(p: OutputPort, tags: string[]): OutputPort {
  const next: OutputPort = { ...p, tags };
  if (tags.length === 0) delete next.tags;
  return next;
}
