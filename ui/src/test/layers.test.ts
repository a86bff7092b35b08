// The UI's folders are layers; a file imports from its own layer and the
// ones before it only:
//   logic (no framework) → state → components → board, mesh → views, App → main
// bindings (the generated wire types) and backend (the one module that talks
// to Tauri) come first, usable from every layer; board and mesh do not
// import each other. This test reads every source file under src, takes its
// imports (static, dynamic and type-only) and fails on any that goes against
// the layers or into a folder the table below does not know, naming the
// file, line and import.
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Every .ts/.tsx file under src, by its path from src (`board/Inspector.tsx`);
 * all but this one, which Vite's glob leaves out (it imports packages only).
 */
const SOURCES: Record<string, string> = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>(["../**/*.{ts,tsx}", "./**/*.{ts,tsx}"], {
      query: "?raw",
      import: "default",
      eager: true,
    }),
  ).map(([key, text]) => [join("test", key), text]),
);

/** Which layers each layer may import from (its own included). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  bindings: ["bindings"],
  backend: ["backend", "bindings"],
  logic: ["logic", "backend", "bindings"],
  state: ["state", "logic", "backend", "bindings"],
  components: ["components", "state", "logic", "backend", "bindings"],
  board: ["board", "components", "state", "logic", "backend", "bindings"],
  mesh: ["mesh", "components", "state", "logic", "backend", "bindings"],
  views: ["views", "board", "mesh", "components", "state", "logic", "backend", "bindings"],
  App: ["views", "board", "mesh", "components", "state", "logic", "backend", "bindings"],
  main: ["App", "styles"],
  // Fixtures and checks for the tests; only test files import them.
  test: ["test", "state", "logic", "backend", "bindings"],
  "vite-env": [],
};

/** Packages that tie code to React or the UI: not for the framework-free logic. */
const FRAMEWORKS = ["react", "react-dom", "zustand", "@xyflow/react"];

/** `a/b` joined with `../c` or `./c`, as a path from src. */
function join(fromDir: string, spec: string): string {
  const parts = fromDir.split("/").filter(Boolean);
  for (const seg of spec.split("/")) {
    if (seg === "..") {
      if (parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
      else parts.push("..");
    } else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/");
}

/** A source path's layer: its top folder, or for a file at the top its name (`App`). */
function layerOf(path: string): string {
  const [top = "", ...rest] = path.split("/");
  return rest.length > 0 ? top : top.replace(/(\.d)?\.tsx?$/, "");
}

/** Every import specifier in a source text, with its line. */
function importsOf(text: string): { spec: string; line: number }[] {
  const lineOf = (pos: number) => text.slice(0, pos).split("\n").length;
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => ({
    spec: f.fileName,
    line: lineOf(f.pos),
  }));
}

/** What is wrong with the imports of the file at `path` (from src), one line each. */
function layerProblems(path: string, text: string): string[] {
  const from = layerOf(path);
  const allowed = MAY_IMPORT[from];
  if (!allowed) return [`${path}: its layer "${from}" is not in MAY_IMPORT`];
  const isTest = /\.test\.tsx?$/.test(path);
  const dir = path.split("/").slice(0, -1).join("/");
  const problems: string[] = [];
  for (const { spec, line } of importsOf(text)) {
    const at = `${path}:${line} imports "${spec}"`;
    if (!spec.startsWith(".")) {
      const pkg = FRAMEWORKS.find((p) => spec === p || spec.startsWith(`${p}/`));
      if (from === "logic" && pkg) problems.push(`${at}: logic is framework-free`);
      continue;
    }
    const target = join(dir, spec);
    const to = layerOf(target);
    if (target.startsWith("../../tests/fixtures/")) {
      // The cases the core's tests and the UI's are both held to.
      if (!isTest) problems.push(`${at}: only tests read the repository's test fixtures`);
    } else if (!(to in MAY_IMPORT || to === "styles")) {
      problems.push(`${at}: "${target}" is in no known layer`);
    } else if (to === "test" && from !== "test" && !isTest) {
      problems.push(`${at}: only tests import from test/`);
    } else if (!allowed.includes(to) && !(to === "test" && isTest)) {
      problems.push(`${at}: ${from} may not import from ${to}`);
    }
  }
  return problems;
}

describe("layers", () => {
  it("reads the sources", () => {
    expect(Object.keys(SOURCES)).toContain("board/Inspector.tsx");
    expect(Object.keys(SOURCES)).toContain("test/fixtures.ts");
    expect(importsOf(SOURCES["App.tsx"]!).map((i) => i.spec)).toContain("./views/Home");
  });

  it("every import goes down the layers", () => {
    const problems = Object.entries(SOURCES).flatMap(([path, text]) => layerProblems(path, text));
    expect(problems, `imports against the layers:\n${problems.join("\n")}`).toEqual([]);
  });

  it("names an import that goes up, and one into an unknown folder", () => {
    expect(layerProblems("logic/x.ts", 'import { Board } from "../views/Board";\n')).toEqual([
      'logic/x.ts:1 imports "../views/Board": logic may not import from views',
    ]);
    expect(layerProblems("board/x.tsx", 'const m = await import("../mesh/MeshMap");')).toEqual([
      'board/x.tsx:1 imports "../mesh/MeshMap": board may not import from mesh',
    ]);
    expect(layerProblems("state/x.ts", 'import type { T } from "../elsewhere/t";')).toEqual([
      'state/x.ts:1 imports "../elsewhere/t": "elsewhere/t" is in no known layer',
    ]);
    expect(layerProblems("App.tsx", 'import x from "../../outside";')).toEqual([
      'App.tsx:1 imports "../../outside": "../../outside" is in no known layer',
    ]);
    expect(layerProblems("logic/y.ts", 'import { useState } from "react";')).toEqual([
      'logic/y.ts:1 imports "react": logic is framework-free',
    ]);
    expect(layerProblems("state/y.ts", 'import { ordersCanvas } from "../test/fixtures";')).toEqual(
      ['state/y.ts:1 imports "../test/fixtures": only tests import from test/'],
    );
    expect(layerProblems("state/y.test.ts", 'import { f } from "../test/fixtures";')).toEqual([]);
  });
});
