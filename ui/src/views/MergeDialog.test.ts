import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { MergeConflict } from "../bindings/MergeConflict";
import { MergeDialog, MergeView, type MergeViewProps } from "./MergeDialog";

const none = () => undefined;
const html = (p: Partial<MergeViewProps>) =>
  renderToStaticMarkup(
    createElement(MergeView, {
      conflicts: [],
      choices: [],
      author: null,
      revision: null,
      busy: false,
      error: null,
      notice: null,
      failed: false,
      onChoose: none,
      onChooseAll: none,
      onCancel: none,
      onSave: none,
      onKeepMine: none,
      ...p,
    }),
  );

const conflicts: MergeConflict[] = [
  {
    pointer: "/product/purpose",
    label: "product › purpose",
    base: "Orders as placed",
    ours: "Mine",
    theirs: null,
  },
  {
    pointer: "/outputPorts/0/tags",
    label: "outputPorts › orders › tags",
    base: null,
    ours: { a: 1 },
    theirs: "<b>theirs</b>",
  },
];

describe("the merge dialog", () => {
  it("is not there while closed", () => {
    expect(renderToStaticMarkup(createElement(MergeDialog))).toBe("");
  });

  it("lists each conflict with both sides and what it was before", () => {
    const out = html({ conflicts, choices: [null, null], revision: 4, author: "ana" });
    expect(out).toContain('data-testid="merge-dialog"');
    expect(out).toContain("ana saved it (revision 4) while you edited");
    expect(out).toContain("2 places");
    expect(out).toContain('data-testid="merge-conflict-0"');
    expect(out).toContain('data-testid="merge-conflict-1"');
    expect(out).toContain("product › purpose");
    expect(out).toContain('data-testid="merge-ours-1"');
    expect(out).toContain('data-testid="merge-theirs-1"');
    expect(out).toContain("Yours");
    expect(out).toContain("Saved by them");
    expect(out).toContain("Before");
    expect(out).toContain("(removed)");
    expect(out).toContain("(not there)");
    // Other JSON pretty-printed; texts as text, never as markup.
    expect(out).toContain("<pre");
    expect(out).toContain("&quot;a&quot;: 1");
    expect(out).toContain("&lt;b&gt;theirs&lt;/b&gt;");
    // Nothing chosen: not savable yet.
    expect(out).not.toContain("checked");
    expect(out).toMatch(/data-testid="merge-save"[^>]*disabled/);
  });

  it("can be saved once each conflict has a side", () => {
    const out = html({ conflicts, choices: ["ours", "ours"], revision: 4 });
    expect(out).toContain("Someone else saved it");
    expect(out).not.toMatch(/data-testid="merge-save"[^>]*disabled/);
    expect(out).toMatch(/data-testid="merge-ours-0"[^>]*checked/);
  });

  it("a merge that could not be made offers keeping mine over theirs", () => {
    const out = html({
      failed: true,
      error: "the merged canvas is not a valid canvas",
      author: "ana",
    });
    expect(out).toContain('data-testid="merge-error"');
    expect(out).toContain("the merged canvas is not a valid canvas");
    expect(out).toContain('data-testid="merge-keep-mine"');
    expect(out).not.toContain('data-testid="merge-save"');
  });
});
