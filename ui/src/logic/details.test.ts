import { describe, expect, it } from "vitest";
import type { Field } from "../bindings/Field";
import type { SchemaObject } from "../bindings/SchemaObject";
import { readExtensionValue, removeExtension, setExtension } from "./contract";
import {
  detailCount,
  detailKeyProblem,
  isHiddenDetail,
  mergeDetails,
  missingDetails,
  renameDetail,
  TYPED_KEYS,
  visibleDetails,
  withDetails,
  withExtensions,
} from "./details";
import { emptyObject } from "./objects";
import { newField } from "./schema";

const portExt = {
  "meshcanvas.unwritten": ["name"],
  team: { name: "sales" },
  tenant: "eu",
  "meshcanvas.technology": "snowflake",
  authoritativeDefinitions: [{ type: "businessDefinition", url: "https://x" }],
};

describe("contract details: what is shown", () => {
  it("hides the canvas's bookkeeping and keeps the contract's keys in their order", () => {
    expect(visibleDetails("port", portExt)).toEqual({
      team: { name: "sales" },
      tenant: "eu",
      authoritativeDefinitions: [{ type: "businessDefinition", url: "https://x" }],
    });
    expect(Object.keys(visibleDetails("port", portExt)!)).toEqual([
      "team",
      "tenant",
      "authoritativeDefinitions",
    ]);
    expect(detailCount("port", portExt)).toBe(3);
  });

  it("shows nothing for no extensions, or for bookkeeping alone", () => {
    expect(visibleDetails("port", undefined)).toBeUndefined();
    expect(detailCount("port", undefined)).toBe(0);
    expect(visibleDetails("table", { "meshcanvas.unwritten": ["physicalType"] })).toBeUndefined();
    expect(detailCount("table", { "meshcanvas.unwritten": ["physicalType"] })).toBe(0);
  });

  it("hides a key the item has a field for, such as a field's spelling of its classification", () => {
    const ext = { classification: "PII", logicalTypeOptions: { maxLength: 64 } };
    expect(visibleDetails("field", ext)).toEqual({ logicalTypeOptions: { maxLength: 64 } });
    expect(isHiddenDetail("field", "classification")).toBe(true);
    // A table has no typed tags: its contract's tags are a detail of it.
    expect(isHiddenDetail("table", "tags")).toBe(false);
    expect(isHiddenDetail("port", "tags")).toBe(true);
  });

  it("offers the suggested keys the item does not have, each starting with its ODCS kind", () => {
    expect(missingDetails("port", visibleDetails("port", portExt))).toEqual([
      ["customProperties", []],
      ["support", []],
    ]);
    expect(missingDetails("table", undefined).map(([k]) => k)).toEqual([
      "dataGranularityDescription",
      "authoritativeDefinitions",
      "customProperties",
    ]);
    expect(missingDetails("field", undefined)).toEqual([
      ["logicalTypeOptions", {}],
      ["authoritativeDefinitions", []],
      ["customProperties", []],
      ["encryptedName", ""],
    ]);
    // A list suggested as a list keeps its kind: typed JSON of another shape is refused.
    expect(readExtensionValue("customProperties", [], "x").ok).toBe(false);
  });
});

describe("contract details: editing", () => {
  it("keeps every bookkeeping key through an edit, a rename and a removal", () => {
    const shown = visibleDetails("port", portExt);
    const edited = mergeDetails("port", portExt, setExtension(shown, "tenant", "us"));
    expect(edited).toMatchObject({
      "meshcanvas.unwritten": ["name"],
      "meshcanvas.technology": "snowflake",
      tenant: "us",
    });
    const renamed = renameDetail("port", shown, "tenant", "region");
    expect(renamed.problem).toBeNull();
    const after = mergeDetails("port", portExt, renamed.ext);
    expect(after).not.toHaveProperty("tenant");
    expect(after).toHaveProperty("region", "eu");
    expect(after).toHaveProperty("meshcanvas.unwritten", ["name"]);
    const removed = mergeDetails("port", portExt, removeExtension(shown, "team"));
    expect(Object.keys(removed!).sort()).toEqual(
      [
        "authoritativeDefinitions",
        "meshcanvas.technology",
        "meshcanvas.unwritten",
        "tenant",
      ].sort(),
    );
  });

  it("refuses a key the item has a field for, with the reason, changing nothing", () => {
    const shown = { encryptedName: "x" };
    for (const key of ["description", "tags", "primaryKeyPosition", "items"]) {
      const r = renameDetail("field", shown, "encryptedName", key);
      expect(r.problem).toBe(`“${key}” is a field of its own here. Not applied.`);
      expect(r.ext).toBe(shown);
    }
    expect(renameDetail("table", { a: 1 }, "a", "physicalName").problem).toMatch(
      /field of its own here/,
    );
    expect(renameDetail("port", { a: 1 }, "a", " servers ").problem).toMatch(
      /“servers” is a field of its own here/,
    );
    // What one item types is a detail of another.
    expect(renameDetail("table", { a: 1 }, "a", "tags").problem).toBeNull();
    expect(renameDetail("field", { a: 1 }, "a", "relationships").problem).toBeNull();
    for (const scope of ["port", "table", "field", "slo"] as const) {
      for (const key of TYPED_KEYS[scope]) expect(detailKeyProblem(scope, key)).not.toBeNull();
    }
  });

  it("refuses a bookkeeping name, and still refuses an empty or taken one", () => {
    const shown = { tenant: "eu", team: {} };
    expect(renameDetail("port", shown, "tenant", "meshcanvas.unwritten").problem).toMatch(
      /canvas's own bookkeeping/,
    );
    expect(renameDetail("port", shown, "tenant", "team").problem).toMatch(/already a key/);
    expect(renameDetail("port", shown, "tenant", "").problem).toMatch(/needs a name/);
    expect(renameDetail("port", shown, "tenant", "tenant").problem).toBeNull();
  });

  it("drops `extensions` when the last key goes and no bookkeeping is left", () => {
    const f: Field = { ...newField([]), name: "id", extensions: { encryptedName: "x" } };
    const cleared = withDetails(
      "field",
      f,
      removeExtension({ encryptedName: "x" }, "encryptedName"),
    );
    expect(cleared).not.toHaveProperty("extensions");
    expect(f.extensions).toEqual({ encryptedName: "x" });
    const t: SchemaObject = {
      ...emptyObject("orders", "table"),
      extensions: { "meshcanvas.unwritten": ["physicalType"], tags: ["gold"] },
    };
    expect(withDetails("table", t, undefined).extensions).toEqual({
      "meshcanvas.unwritten": ["physicalType"],
    });
    expect(withExtensions(t, {})).not.toHaveProperty("extensions");
    expect(mergeDetails("port", { tenant: "eu" }, undefined)).toBeUndefined();
    // A field's spelling of its classification is kept too.
    expect(mergeDetails("field", { classification: "PII", encryptedName: "x" }, undefined)).toEqual(
      { classification: "PII" },
    );
  });

  it("adds a first key to an item with none", () => {
    const f: Field = { ...newField([]), name: "id" };
    const next = withDetails("field", f, setExtension(undefined, "encryptedName", ""));
    expect(next.extensions).toEqual({ encryptedName: "" });
  });
});

describe("contract details of an SLO", () => {
  // What an ODCS SLA property leaves in an SLO's extensions.
  const sloExt = {
    property: "latency",
    value: "4",
    unit: "d",
    valueExt: "99.9%",
    element: "orders.created_at",
    driver: "operational",
    "meshcanvas.unwritten": ["unit"],
  };

  it("hides the SLA property's own spelling of the value and unit", () => {
    expect(visibleDetails("slo", sloExt)).toEqual({
      element: "orders.created_at",
      driver: "operational",
    });
    expect(detailCount("slo", sloExt)).toBe(2);
    for (const key of ["property", "value", "valueExt", "unit", "description"]) {
      expect(isHiddenDetail("slo", key)).toBe(true);
    }
    // What an SLO has no field for is a detail of it.
    expect(isHiddenDetail("slo", "id")).toBe(false);
    expect(isHiddenDetail("slo", "customProperties")).toBe(false);
  });

  it("keeps the hidden spellings through an edit, a rename and a removal", () => {
    const shown = visibleDetails("slo", sloExt);
    const hidden = {
      property: "latency",
      value: "4",
      unit: "d",
      valueExt: "99.9%",
      "meshcanvas.unwritten": ["unit"],
    };
    expect(mergeDetails("slo", sloExt, setExtension(shown, "driver", "analytics"))).toEqual({
      ...hidden,
      element: "orders.created_at",
      driver: "analytics",
    });
    const renamed = renameDetail("slo", shown, "driver", "scheduler");
    expect(renamed.problem).toBeNull();
    expect(mergeDetails("slo", sloExt, renamed.ext)).toMatchObject(hidden);
    expect(mergeDetails("slo", sloExt, undefined)).toEqual(hidden);
    // With nothing else kept, the last key's removal drops `extensions`.
    expect(
      mergeDetails("slo", { element: "x" }, removeExtension({ element: "x" }, "element")),
    ).toBeUndefined();
  });

  it("refuses the SLO's own keys as new names", () => {
    for (const key of ["property", "value", "valueExt", "unit", "description"]) {
      expect(renameDetail("slo", { element: "x" }, "element", key).problem).toBe(
        `“${key}” is a field of its own here. Not applied.`,
      );
    }
    expect(renameDetail("slo", { element: "x" }, "element", "schedule").problem).toBeNull();
  });

  it("offers element, driver, schedule and scheduler", () => {
    expect(missingDetails("slo", undefined)).toEqual([
      ["element", ""],
      ["driver", ""],
      ["schedule", ""],
      ["scheduler", ""],
    ]);
    expect(missingDetails("slo", visibleDetails("slo", sloExt)).map(([k]) => k)).toEqual([
      "schedule",
      "scheduler",
    ]);
  });
});
