import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ListEditor, type ListEditorProps } from "./ListEditor";

type Item = { name: string };

function html(p: Partial<ListEditorProps<Item>> & { items: Item[] }): string {
  return renderToStaticMarkup(
    createElement(ListEditor<Item>, {
      title: "Things",
      onChange: () => undefined,
      render: (item: Item): ReactNode => createElement("span", { className: "item" }, item.name),
      ...p,
    }),
  );
}

describe("ListEditor", () => {
  it("shows the empty hint and the add button while the list is empty", () => {
    const out = html({
      items: [],
      empty: "Nothing yet.",
      newItem: () => ({ name: "" }),
      addLabel: "+ Thing",
      addTestId: "thing-add",
    });
    expect(out).toContain("Nothing yet.");
    expect(out).toContain('data-testid="thing-add"');
    expect(out).toContain("+ Thing");
    expect(out).not.toContain("row-box");
  });

  it("renders one box per item with its test id and remove link", () => {
    const out = html({
      items: [{ name: "a" }, { name: "b" }],
      empty: "Nothing yet.",
      removeLabel: "Remove thing",
      removeTestId: "thing-remove",
      rowTestId: (i) => `thing-${i}`,
    });
    expect(out).not.toContain("Nothing yet.");
    expect(out.match(/class="row-box"/g)).toHaveLength(2);
    expect(out).toContain('data-testid="thing-0"');
    expect(out).toContain('data-testid="thing-1"');
    expect(out.match(/data-testid="thing-remove"/g)).toHaveLength(2);
    expect(out.indexOf(">a<")).toBeLessThan(out.indexOf(">b<"));
  });

  it("has no add button without a new item and no remove link without its label", () => {
    const out = html({ items: [{ name: "a" }], addLabel: "+ Thing" });
    expect(out).not.toContain("+ Thing");
    expect(out).not.toContain("Remove");
  });

  it("wraps each item in a custom row when given one", () => {
    const out = html({
      items: [{ name: "a" }],
      row: (i, children) => createElement("div", { "data-testid": `custom-${i}` }, children),
    });
    expect(out).toContain('data-testid="custom-0"');
    expect(out).not.toContain("row-box");
  });
});
