import { describe, expect, it } from "vitest";
import type { Field } from "../bindings/Field";
import {
  addField,
  canNest,
  countFields,
  countPii,
  fieldAt,
  newField,
  pathId,
  removeField,
  replaceField,
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
