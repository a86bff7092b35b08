import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Field } from "../../bindings/Field";
import { newField, withFlag, withList, withPosition, withText } from "../../logic/schema";
import { FieldBadges, FieldRow } from "./SchemaFields";

function row(f: Field): string {
  return renderToStaticMarkup(
    createElement(FieldRow, {
      f,
      path: [0],
      pointer: "/outputPorts/0/objects/0/fields/0",
      onChange: () => undefined,
      onRemove: () => undefined,
    }),
  );
}

const plain: Field = { ...newField([]), name: "order_id" };
const count = (out: string, s: string) => out.split(s).length - 1;
const DETAIL_IDS = [
  "inspector-field-tags",
  "inspector-field-unique",
  "inspector-field-pkposition",
  "inspector-field-partitioned",
  "inspector-field-partitionposition",
  "inspector-field-cde",
  "inspector-field-transformlogic",
  "inspector-field-transformsources",
  "inspector-field-transformdescription",
];

describe("a field row's details", () => {
  it("keeps them closed when none is set, with no badges", () => {
    const out = row(plain);
    expect(out).toMatch(/data-testid="field-more" aria-expanded="false"/);
    for (const id of DETAIL_IDS) expect(out).not.toContain(`data-testid="${id}"`);
    expect(out).not.toContain('data-testid="field-badges"');
  });

  it("opens them by itself when one is set, showing what it says", () => {
    const f = withList(
      withText(withPosition(plain, "partitionKeyPosition", 3), "transformLogic", "a + b"),
      "tags",
      ["finance", "gold"],
    );
    const out = row(f);
    expect(out).toMatch(/data-testid="field-more" aria-expanded="true"/);
    for (const id of DETAIL_IDS) expect(count(out, `data-testid="${id}"`), id).toBe(1);
    expect(out).toContain('value="finance, gold"');
    expect(out).toContain('value="3"');
    expect(out).toMatch(
      /<textarea[^>]*class="mono"[^>]*data-testid="inspector-field-transformlogic"/,
    );
  });

  it("shows a said no as no, and not said as not said", () => {
    const out = row(withFlag(plain, "unique", false));
    expect(out).toMatch(/data-testid="field-more" aria-expanded="true"/);
    const select = (id: string) =>
      out.slice(out.indexOf(`data-testid="${id}"`)).split("</select>")[0]!;
    expect(select("inspector-field-unique")).toMatch(/<option value="no" selected="">/);
    expect(select("inspector-field-cde")).toMatch(/<option value="" selected="">Not said/);
  });

  it("says a key position that is not a whole number from 1 is not applied", () => {
    const out = row(withPosition(plain, "primaryKeyPosition", 1));
    expect(out).not.toContain("inspector-field-pkposition-error");
    // A file may hold a position the form would refuse: it is shown with the reason.
    const zero = row({ ...plain, primaryKeyPosition: 0 as unknown as Field["primaryKeyPosition"] });
    expect(zero).toContain('data-testid="inspector-field-pkposition-error"');
    expect(zero).toContain("counts from 1");
  });

  it("badges unique, CDE and the primary key position on the row without opening it", () => {
    const f = withPosition(
      withFlag(withFlag(plain, "unique", true), "criticalDataElement", true),
      "primaryKeyPosition",
      2,
    );
    const badges = renderToStaticMarkup(createElement(FieldBadges, { f }));
    expect(badges.match(/data-badge="(\w+)"/g)).toEqual([
      'data-badge="unique"',
      'data-badge="cde"',
      'data-badge="pk"',
    ]);
    expect(badges).toContain(">unique</span>");
    expect(badges).toContain(">CDE</span>");
    expect(badges).toContain(">PK 2</span>");
    // In the row, on the check line, before the details.
    const out = row(f);
    expect(count(out, 'data-testid="field-badge"')).toBe(3);
    expect(out.indexOf('data-testid="field-badges"')).toBeGreaterThan(
      out.indexOf('data-testid="inspector-field-primarykey"'),
    );
    expect(out.indexOf('data-testid="field-badges"')).toBeLessThan(
      out.indexOf('data-testid="field-more"'),
    );
  });

  it("shows no badge for false, not said, or a partition position alone", () => {
    const f = withPosition(
      withFlag(withFlag(plain, "unique", false), "criticalDataElement", false),
      "partitionKeyPosition",
      1,
    );
    expect(renderToStaticMarkup(createElement(FieldBadges, { f }))).toBe("");
    expect(row(f)).not.toContain('data-testid="field-badge"');
  });

  it("keeps the PII box as it is for a pii tag, and says what the tag means", () => {
    const out = row(withList(plain, "tags", ["PII"]));
    expect(out).toMatch(/data-testid="inspector-field-pii"(?![^>]*checked)/);
    expect(out).toContain("A pii tag marks the field personal data");
    const checked = row({ ...withList(plain, "tags", ["pii"]), pii: true });
    expect(checked).not.toContain("A pii tag marks the field personal data");
  });

  it("gives a nested row details and badges of its own", () => {
    const parent: Field = {
      ...plain,
      logicalType: "object",
      fields: [withFlag({ ...plain, name: "child" }, "unique", true)],
    };
    const out = row(parent);
    expect(out.match(/data-testid="field-more" aria-expanded="\w+"/g)).toEqual([
      'data-testid="field-more" aria-expanded="false"',
      'data-testid="field-more" aria-expanded="true"',
    ]);
    expect(count(out, 'data-badge="unique"')).toBe(1);
    expect(out.indexOf('data-badge="unique"')).toBeGreaterThan(
      out.indexOf('data-testid="schema-field-0-0"'),
    );
  });
});
