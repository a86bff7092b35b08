import { describe, expect, it } from "vitest";
import { initialPreview, previewReducer, type PreviewAction, type PreviewState } from "./preview";

const run = (actions: PreviewAction<string>[], from = initialPreview<string>()) =>
  actions.reduce<PreviewState<string>>(previewReducer, from);

describe("export preview", () => {
  it("shows the first answer", () => {
    const s = run([{ type: "start", seq: 1 }]);
    expect(s.files).toBeNull();
    expect(s.loading).toBe(true);
    const t = previewReducer(s, { type: "loaded", seq: 1, files: ["a.yaml", "b.yaml"] });
    expect(t).toMatchObject({ files: ["a.yaml", "b.yaml"], loading: false, error: null });
  });

  it("keeps the files shown while a newer preview loads", () => {
    const s = run([
      { type: "start", seq: 1 },
      { type: "loaded", seq: 1, files: ["a.yaml"] },
      { type: "start", seq: 2 },
    ]);
    expect(s.files).toEqual(["a.yaml"]);
    expect(s.loading).toBe(true);
    expect(run([{ type: "loaded", seq: 2, files: ["a.json"] }], s)).toMatchObject({
      files: ["a.json"],
      loading: false,
    });
  });

  it("drops an older answer that arrives after a newer fetch started", () => {
    const s = run([
      { type: "start", seq: 1 },
      { type: "start", seq: 2 },
      { type: "loaded", seq: 1, files: ["old.yaml"] },
    ]);
    expect(s.files).toBeNull();
    expect(s.loading).toBe(true);
    const t = run(
      [
        { type: "loaded", seq: 2, files: ["new.json"] },
        { type: "failed", seq: 1, error: "late failure" },
      ],
      s,
    );
    expect(t).toMatchObject({ files: ["new.json"], error: null, loading: false });
  });

  it("keeps the chosen file when the new list still has it, else the first", () => {
    const s = run([
      { type: "start", seq: 1 },
      { type: "loaded", seq: 1, files: ["a", "b", "c"] },
      { type: "pick", index: 2 },
      { type: "start", seq: 2 },
      { type: "loaded", seq: 2, files: ["a2", "b2", "c2"] },
    ]);
    expect(s.current).toBe(2);
    expect(
      run(
        [
          { type: "start", seq: 3 },
          { type: "loaded", seq: 3, files: ["a3"] },
        ],
        s,
      ).current,
    ).toBe(0);
  });

  it("a failure replaces the files with the reason, and a later answer clears it", () => {
    const s = run([
      { type: "start", seq: 1 },
      { type: "loaded", seq: 1, files: ["a"] },
      { type: "start", seq: 2 },
      { type: "failed", seq: 2, error: "error findings" },
    ]);
    expect(s).toMatchObject({ files: null, error: "error findings", loading: false });
    expect(
      run(
        [
          { type: "start", seq: 3 },
          { type: "loaded", seq: 3, files: ["a"] },
        ],
        s,
      ),
    ).toMatchObject({ files: ["a"], error: null });
  });
});
