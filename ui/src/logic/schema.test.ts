import { describe, expect, it } from "vitest";
import type { Field } from "../bindings/Field";
import {
  addField,
  canNest,
  countDetails,
  countFields,
  countPii,
  fieldAt,
  fieldBadges,
  isPiiTag,
  newField,
  pathId,
  positionOf,
  positionProblem,
  readList,
  readTri,
  removeField,
  replaceField,
  showList,
  triOf,
  withFlag,
  withList,
  withPosition,
  withText,
} from "./schema";

function f(name: string, extra: Partial<Field> = {}): Field {
  return { ...newField([]), name, ...extra };
}

const schema: Field[] = [
  f("id"),
  f("customer", {
    logicalType: "object",
    fields: [
      f("email", { pii: true }),
      f("address", { logicalType: "object", fields: [f("zip")] }),
    ],
  }),
  f("lines", { logicalType: "array", fields: [f("sku")] }),
];

describe("nested schema fields", () => {
  it("finds fields by path and nowhere else", () => {
    expect(fieldAt(schema, [1, 1, 0])?.name).toBe("zip");
    expect(fieldAt(schema, [2, 0])?.name).toBe("sku");
    expect(fieldAt(schema, [1, 5])).toBeUndefined();
    expect(fieldAt(schema, [0, 0])).toBeUndefined();
  });

  it("replaces a deep field and shares untouched branches", () => {
    const next = replaceField(schema, [1, 1, 0], f("postcode", { pii: true }));
    expect(fieldAt(next, [1, 1, 0])?.name).toBe("postcode");
    expect(fieldAt(schema, [1, 1, 0])?.name).toBe("zip");
    expect(next[0]).toBe(schema[0]);
    expect(next[2]).toBe(schema[2]);
    expect(next[1]?.fields[0]).toBe(schema[1]?.fields[0]);
    expect(next[1]?.fields[0]).toBeDefined();
  });

  it("ignores edits of paths that lead nowhere", () => {
    expect(replaceField(schema, [7, 0], f("x"))).toEqual(schema);
    expect(removeField(schema, [1, 9])).toEqual(schema);
  });

  it("removes a field with its subtree", () => {
    const next = removeField(schema, [1, 1]);
    expect(next[1]?.fields.map((x) => x.name)).toEqual(["email"]);
    expect(countFields(next)).toBe(countFields(schema) - 2);
    expect(removeField(schema, [0]).map((x) => x.name)).toEqual(["customer", "lines"]);
  });

  it("adds top-level and nested fields with unique names and returns their path", () => {
    const top = addField(schema, []);
    expect(top.path).toEqual([3]);
    expect(top.fields[3]?.name).toBe("field_4");
    const nested = addField(schema, [1, 1]);
    expect(nested.path).toEqual([1, 1, 1]);
    expect(fieldAt(nested.fields, nested.path)?.name).toBe("field_2");
    const clash = addField([f("field_2")], []);
    expect(clash.fields[1]?.name).toBe("field_3");
  });

  it("counts nested fields and PII", () => {
    expect(countFields(schema)).toBe(7);
    expect(countPii(schema)).toBe(1);
    expect(countPii(schema[1]?.fields ?? [])).toBe(1);
  });

  it("nests only under objects and arrays and names rows by path", () => {
    expect(canNest("object")).toBe(true);
    expect(canNest("array")).toBe(true);
    expect(canNest("string")).toBe(false);
    expect(pathId([1, 0, 2])).toBe("1-0-2");
  });
});

describe("a field's details", () => {
  const plain = f("amount");
  /** The field as it crosses to the core: an undefined key would be written differently. */
  const keys = (x: Field) => Object.keys(x).sort();

  it("reads comma-separated text trimmed, with empty entries dropped", () => {
    expect(readList(" finance ,gold,, , silver ,")).toEqual(["finance", "gold", "silver"]);
    expect(readList("")).toEqual([]);
    expect(readList(" , ,")).toEqual([]);
    expect(readList("a b")).toEqual(["a b"]);
    expect(showList(["a", "b"])).toBe("a, b");
    expect(showList(undefined)).toBe("");
  });

  it("sets tags and source objects, and deletes the key when the list is empty", () => {
    const tagged = withList(plain, "tags", ["pii", " gold ", ""]);
    expect(tagged.tags).toEqual(["pii", "gold"]);
    expect(plain).not.toHaveProperty("tags");
    const cleared = withList(tagged, "tags", []);
    expect(cleared).not.toHaveProperty("tags");
    expect(cleared).toEqual(plain);
    expect(keys(cleared)).toEqual(keys(plain));
    expect(withList(tagged, "tags", ["", " "])).not.toHaveProperty("tags");
    const sourced = withList(plain, "transformSourceObjects", ["orders", "customers.id"]);
    expect(sourced.transformSourceObjects).toEqual(["orders", "customers.id"]);
    expect(withList(sourced, "transformSourceObjects", [])).toEqual(plain);
  });

  it("sets transform texts, and deletes the key when the text is empty", () => {
    for (const key of ["transformLogic", "transformDescription"] as const) {
      const set = withText(plain, key, "SUM(x)");
      expect(set[key]).toBe("SUM(x)");
      const cleared = withText(set, key, "");
      expect(cleared).not.toHaveProperty(key);
      expect(keys(cleared)).toEqual(keys(plain));
    }
  });

  it("keeps false apart from not said, and deletes the key when not said", () => {
    for (const key of ["unique", "partitioned", "criticalDataElement"] as const) {
      const no = withFlag(plain, key, false);
      expect(no).toHaveProperty(key, false);
      expect(JSON.stringify(no)).toContain(`"${key}":false`);
      expect(withFlag(no, key, true)).toHaveProperty(key, true);
      const cleared = withFlag(no, key, undefined);
      expect(cleared).not.toHaveProperty(key);
      expect(cleared).toEqual(plain);
    }
    expect(triOf(undefined)).toBe("");
    expect(triOf(true)).toBe("yes");
    expect(triOf(false)).toBe("no");
    expect(readTri("")).toBeUndefined();
    expect(readTri("yes")).toBe(true);
    expect(readTri("no")).toBe(false);
  });

  it("takes whole positions from 1, refuses others, and deletes the key when cleared", () => {
    expect(positionProblem(1)).toBeNull();
    expect(positionProblem(12)).toBeNull();
    expect(positionProblem(0)).toContain("counts from 1");
    expect(positionProblem(-2)).toContain("counts from 1");
    expect(positionProblem(1.5)).toContain("not a whole number");
    for (const key of ["primaryKeyPosition", "partitionKeyPosition"] as const) {
      const set = withPosition(plain, key, 2);
      expect(positionOf(set, key)).toBe(2);
      // A JSON number, as the core reads it.
      expect(JSON.stringify(set)).toContain(`"${key}":2`);
      expect(withPosition(set, key, 0)).toBe(set);
      expect(withPosition(set, key, 2.5)).toBe(set);
      const cleared = withPosition(set, key, undefined);
      expect(cleared).not.toHaveProperty(key);
      expect(cleared).toEqual(plain);
      expect(positionOf(cleared, key)).toBeUndefined();
    }
  });

  it("counts the details that are set", () => {
    expect(countDetails(plain)).toBe(0);
    expect(countDetails({ ...plain, tags: [], transformLogic: "" })).toBe(0);
    expect(countDetails(withFlag(plain, "unique", false))).toBe(1);
    const many = withText(
      withPosition(withList(plain, "tags", ["a"]), "primaryKeyPosition", 1),
      "transformDescription",
      "x",
    );
    expect(countDetails(many)).toBe(3);
  });

  it("badges unique and CDE when true and the primary key position when set", () => {
    expect(fieldBadges(plain)).toEqual([]);
    expect(
      fieldBadges(withFlag(withFlag(plain, "unique", false), "criticalDataElement", false)),
    ).toEqual([]);
    const all = withPosition(
      withFlag(withFlag(plain, "unique", true), "criticalDataElement", true),
      "primaryKeyPosition",
      2,
    );
    expect(fieldBadges(all).map((b) => b.label)).toEqual(["unique", "CDE", "PK 2"]);
    expect(fieldBadges(withPosition(plain, "partitionKeyPosition", 1))).toEqual([]);
  });

  it("reads pii tags as the core does", () => {
    for (const t of ["pii", "PII", " Pii ", "personal-data", "Personal Data", "GDPR", "personal"]) {
      expect(isPiiTag(t), t).toBe(true);
    }
    for (const t of ["", "piiish", "sensitive", "email"]) expect(isPiiTag(t), t).toBe(false);
  });
});
