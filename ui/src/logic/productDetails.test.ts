import { describe, expect, it } from "vitest";
import { readExtensionValue, removeExtension, setExtension } from "./contract";
import {
  mergeProductDetails,
  missingProductDetails,
  PRODUCT_TYPED_KEYS,
  productDetailCount,
  productDetailKey,
  productDetailName,
  productDetailProblem,
  renameProductDetail,
  shortValue,
  splitProductDetails,
} from "./productDetails";

/** What an imported ODPS product leaves in `canvas.extensions`. */
const imported = {
  "meshcanvas.formatVersion": { unwritten: true },
  "odps#/tenant": "acme",
  "odps#/support/1/tool": "googlechat",
  "odps#/managementPorts": [{ name: "ops", content: "dictionary" }],
  "odps#/description/limitations": "EU only",
  "other.tool": { color: "red" },
  "odps#/productCreatedTs": "2024-01-01T00:00:00Z",
};

describe("product details: what is shown", () => {
  it("names a top-level odps# key by its token and writes it back with the prefix", () => {
    expect(productDetailName("odps#/tenant")).toBe("tenant");
    expect(productDetailKey("tenant")).toBe("odps#/tenant");
    // A JSON pointer token: `~0` is `~`, both ways.
    expect(productDetailName("odps#/a~0b")).toBe("a~b");
    expect(productDetailKey("a~b")).toBe("odps#/a~0b");
    expect(productDetailName(productDetailKey("x~1y"))).toBe("x~1y");
    // No row: deeper places, other tools' keys, the bare tag, the product's own fields.
    for (const key of [
      "odps#/support/1/tool",
      "odps#/description/limitations",
      "odps#/",
      "odps#",
      "odps#tenant",
      "tenant",
      "odps#/a~1b",
      "odps#/name",
      "odps#/support",
      "meshcanvas.formatVersion",
    ]) {
      expect(productDetailName(key), key).toBeNull();
    }
  });

  it("splits rows from the read-only list, hiding the bookkeeping", () => {
    const { shown, kept } = splitProductDetails(imported);
    expect(shown).toEqual({
      tenant: "acme",
      managementPorts: [{ name: "ops", content: "dictionary" }],
      productCreatedTs: "2024-01-01T00:00:00Z",
    });
    expect(Object.keys(shown!)).toEqual(["tenant", "managementPorts", "productCreatedTs"]);
    expect(kept).toEqual([
      { key: "odps#/support/1/tool", place: "/support/1/tool", value: "googlechat" },
      { key: "odps#/description/limitations", place: "/description/limitations", value: "EU only" },
      { key: "other.tool", place: "other.tool", value: { color: "red" } },
    ]);
    expect(productDetailCount(imported)).toBe(6);
    // A top-level key of the product's own field is listed, not a row.
    expect(splitProductDetails({ "odps#/team": { name: "x" } })).toEqual({
      shown: undefined,
      kept: [{ key: "odps#/team", place: "/team", value: { name: "x" } }],
    });
  });

  it("shows nothing for no extensions, or for bookkeeping alone", () => {
    expect(splitProductDetails({})).toEqual({ shown: undefined, kept: [] });
    expect(splitProductDetails(undefined)).toEqual({ shown: undefined, kept: [] });
    expect(productDetailCount({ "meshcanvas.formatVersion": 1 })).toBe(0);
  });

  it("offers the suggested keys the product lacks, each starting with its ODPS kind", () => {
    expect(missingProductDetails(splitProductDetails(imported).shown)).toEqual([]);
    expect(missingProductDetails(undefined)).toEqual([
      ["tenant", ""],
      ["productCreatedTs", ""],
      ["managementPorts", []],
    ]);
    expect(readExtensionValue("managementPorts", [], "{}").ok).toBe(false);
  });

  it("shows a kept value in short", () => {
    expect(shortValue("googlechat")).toBe("googlechat");
    expect(shortValue({ color: "red" })).toBe('{"color":"red"}');
    expect(shortValue(null)).toBe("null");
    expect(shortValue("")).toBe('""');
    expect(shortValue(3)).toBe("3");
    const long = shortValue("x".repeat(100));
    expect(long).toHaveLength(60);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("product details: editing", () => {
  it("writes an edit back under odps#/, keeping every other key as it was", () => {
    const { shown } = splitProductDetails(imported);
    const next = mergeProductDetails(imported, setExtension(shown, "tenant", "globex"));
    expect(next).toEqual({ ...imported, "odps#/tenant": "globex" });
    expect(next).toHaveProperty("meshcanvas.formatVersion", { unwritten: true });
    expect(next).toHaveProperty("odps#/support/1/tool", "googlechat");
    expect(next).toHaveProperty("other.tool", { color: "red" });
    expect(imported["odps#/tenant"]).toBe("acme");
  });

  it("adds a key as odps#/<key>, and renames and removes under the prefix", () => {
    const { shown } = splitProductDetails(imported);
    const added = mergeProductDetails(imported, setExtension(shown, "region", "eu"));
    expect(added).toHaveProperty("odps#/region", "eu");
    expect(added).not.toHaveProperty("region");
    const renamed = renameProductDetail(shown, "tenant", "organisation");
    expect(renamed.problem).toBeNull();
    const after = mergeProductDetails(imported, renamed.ext);
    expect(after).not.toHaveProperty("odps#/tenant");
    expect(after).toHaveProperty("odps#/organisation", "acme");
    const removed = mergeProductDetails(imported, removeExtension(shown, "managementPorts"));
    expect(Object.keys(removed).sort()).toEqual(
      Object.keys(imported)
        .filter((k) => k !== "odps#/managementPorts")
        .sort(),
    );
  });

  it("refuses the product's own fields, bookkeeping and a '/', changing nothing", () => {
    const shown = { tenant: "acme" };
    for (const key of PRODUCT_TYPED_KEYS) {
      const r = renameProductDetail(shown, "tenant", key);
      expect(r.problem).toBe(`“${key}” is a field of its own here. Not applied.`);
      expect(r.ext).toBe(shown);
    }
    expect(PRODUCT_TYPED_KEYS).toEqual([
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
      "customProperties",
      "authoritativeDefinitions",
    ]);
    expect(renameProductDetail(shown, "tenant", " support ").problem).toMatch(
      /“support” is a field of its own here/,
    );
    expect(renameProductDetail(shown, "tenant", "meshcanvas.x").problem).toMatch(
      /canvas's own bookkeeping/,
    );
    expect(renameProductDetail(shown, "tenant", "support/1/tool").problem).toMatch(/without “\/”/);
    expect(renameProductDetail({ tenant: 1, a: 2 }, "tenant", "a").problem).toMatch(
      /already a key/,
    );
    expect(renameProductDetail(shown, "tenant", "").problem).toMatch(/needs a name/);
    expect(productDetailProblem("tenant")).toBeNull();
    // Export writes these from the canvas's own blocks.
    expect(productDetailProblem("customProperties")).toMatch(/field of its own/);
    expect(productDetailProblem("authoritativeDefinitions")).toMatch(/field of its own/);
    // A refused name that reaches the merge does not override what is kept.
    const ext = { "odps#/name": "kept", "odps#/tenant": "acme" };
    expect(mergeProductDetails(ext, { name: "typed", tenant: "acme" })).toEqual(ext);
  });

  it("leaves `extensions` as {} when the last key goes, the canvas always having it", () => {
    expect(mergeProductDetails({ "odps#/tenant": "acme" }, undefined)).toEqual({});
    expect(
      mergeProductDetails(
        { "odps#/tenant": "acme" },
        removeExtension({ tenant: "acme" }, "tenant"),
      ),
    ).toEqual({});
    expect(
      mergeProductDetails({ "odps#/tenant": "acme", "meshcanvas.formatVersion": 1 }, undefined),
    ).toEqual({ "meshcanvas.formatVersion": 1 });
    expect(mergeProductDetails({}, setExtension(undefined, "tenant", ""))).toEqual({
      "odps#/tenant": "",
    });
  });
});
