import { describe, expect, it } from "vitest";
import type { ExportedFile } from "../bindings/ExportedFile";
import { groupExportFiles } from "./exportFiles";

const file = (path: string, kind: string): ExportedFile => ({
  path,
  kind,
  productId: "orders",
  sha256: "",
  content: "",
});

describe("export file groups", () => {
  // As the core lists them: per product its manifests and canvas, then the index.
  const files = [
    file("products/sales/orders.odps.yaml", "odps"),
    file("contracts/sales/orders/orders-v1.odcs.yaml", "odcs"),
    file("canvases/sales/orders.canvas.json", "canvas"),
    file("products/sales/returns.odps.yaml", "odps"),
    file("canvases/sales/returns.canvas.json", "canvas"),
    file("index.yaml", "index"),
  ];

  it("puts the canvas files under their own heading, apart from the manifests", () => {
    const groups = groupExportFiles(files);
    expect(groups.map((g) => g.title)).toEqual(["Manifests", "Canvases", "Index"]);
    const paths = (i: number) => groups[i]?.files.map((f) => f.file.path);
    expect(paths(0)).toEqual([
      "products/sales/orders.odps.yaml",
      "contracts/sales/orders/orders-v1.odcs.yaml",
      "products/sales/returns.odps.yaml",
    ]);
    expect(paths(1)).toEqual([
      "canvases/sales/orders.canvas.json",
      "canvases/sales/returns.canvas.json",
    ]);
  });

  it("keeps each file's place in the core's list", () => {
    const groups = groupExportFiles(files);
    expect(groups[1]?.files.map((f) => f.index)).toEqual([2, 4]);
    expect(groups[2]?.files.map((f) => f.index)).toEqual([5]);
  });

  it("lists a kind it does not know last rather than dropping it", () => {
    const groups = groupExportFiles([file("x.txt", "readme"), file("index.yaml", "index")]);
    expect(groups.map((g) => g.title)).toEqual(["Index", "Other"]);
  });
});
