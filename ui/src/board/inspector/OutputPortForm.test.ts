import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { OutputPort } from "../../bindings/OutputPort";
import { addObject, replaceObject } from "../../logic/objects";
import { addField } from "../../logic/schema";
import { ordersCanvas } from "../../test/fixtures";
import { OutputPortForm } from "./OutputPortForm";

function html(p: OutputPort): string {
  return renderToStaticMarkup(
    createElement(OutputPortForm, {
      node: "outputPort#1",
      p,
      set: () => undefined,
      base: "/outputPorts/0",
    }),
  );
}

/** The markup of `table-<j>`'s box: from its opening tag to the next table's. */
function tableBox(out: string, j: number): string {
  const start = out.indexOf(`data-testid="table-${j}"`);
  expect(start).toBeGreaterThan(-1);
  const next = out.indexOf(`data-testid="table-${j + 1}"`, start);
  return out.slice(start, next < 0 ? undefined : next);
}

const count = (out: string, s: string) => out.split(s).length - 1;

/** The orders port with a second table of three fields, the second a business name. */
function twoTables(): OutputPort {
  let p = addObject(ordersCanvas().outputPorts[0]!).port;
  let fields = p.objects[1]!.fields;
  for (let n = 0; n < 3; n++) fields = addField(fields, []).fields;
  fields = fields.map((f, i) => (i === 1 ? { ...f, businessName: "Line number" } : f));
  p = replaceObject(p, 1, { ...p.objects[1]!, name: "lines", fields });
  return p;
}

describe("the output port inspector", () => {
  it("shows each table in a box of its own, with its fields, rules and relationships", () => {
    const out = html(twoTables());
    expect(out).toContain("Tables · 2");
    expect(count(out, 'data-testid="table-add"')).toBe(1);
    expect(count(out, 'data-testid="table-remove"')).toBe(2);
    expect(count(out, 'data-testid="schema-add-field"')).toBe(2);
    expect(count(out, 'data-testid="quality-add"')).toBe(2);
    expect(count(out, 'data-testid="relationship-add"')).toBe(2);
    const first = tableBox(out, 0);
    const second = tableBox(out, 1);
    // The first table's ids come first, as when a port had one table.
    expect(out.indexOf('data-testid="schema-add-field"')).toBeGreaterThan(
      out.indexOf('data-testid="table-0"'),
    );
    expect(out.indexOf('data-testid="schema-add-field"')).toBeLessThan(
      out.indexOf('data-testid="table-1"'),
    );
    const rows = (box: string) => box.match(/data-testid="schema-field-\d+"/g) ?? [];
    expect(rows(first)).toEqual(['data-testid="schema-field-0"', 'data-testid="schema-field-1"']);
    expect(rows(second)).toHaveLength(3);
    expect(first).toContain('value="sales.orders"');
    expect(second).toContain('value="lines"');
    expect(second).toContain('value="Line number"');
  });

  it("gives each field row the pointer a finding on it has", () => {
    const second = tableBox(html(twoTables()), 1);
    expect(second).toContain('data-pointer="/outputPorts/0/objects/1"');
    expect(second).toMatch(
      /data-testid="schema-field-2"[^>]*data-pointer="\/outputPorts\/0\/objects\/1\/fields\/2"/,
    );
  });

  it("offers the physical types, and has no port location any more", () => {
    const out = html(twoTables());
    for (const t of ["table", "view", "topic", "file", "api"]) {
      expect(out).toContain(`<option value="${t}">`);
    }
    expect(out).toMatch(/data-testid="inspector-field-tabletype"[^>]*list="/);
    expect(out).not.toContain("inspector-field-location");
  });

  it("edits a field's business name and the port's price", () => {
    const out = html(twoTables());
    expect(count(out, 'data-testid="inspector-field-fieldbusinessname"')).toBe(5);
    expect(out).toContain('data-testid="pricing-amount"');
    expect(out).toContain('data-testid="pricing-currency"');
    expect(out).toContain('data-testid="pricing-unit"');
    const priced = html({ ...twoTables(), pricing: { amount: 0.25, currency: "EUR" } });
    expect(priced).toMatch(
      /value="0.25"[^>]*data-testid="pricing-amount"|data-testid="pricing-amount"[^>]*value="0.25"/,
    );
  });

  it("says so when a port has no table, with the button to add one", () => {
    const out = html({ ...ordersCanvas().outputPorts[0]!, objects: [] });
    expect(out).toContain("No tables yet.");
    expect(out).toContain('data-testid="table-add"');
    expect(out).not.toContain('data-testid="table-0"');
  });
});
