import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Field } from "../bindings/Field";
import type { OutputPort } from "../bindings/OutputPort";
import { ordersCanvas } from "../test/fixtures";
import { CONTRACT_DETAILS_HINT, ContractDetails } from "./ContractSections";
import { FieldRow } from "./inspector/SchemaFields";
import { OutputPortForm } from "./inspector/OutputPortForm";

function section(ext: Record<string, unknown> | undefined, scope = "port" as const): string {
  return renderToStaticMarkup(
    createElement(ContractDetails, {
      scope,
      ext,
      pointer: "/outputPorts/0",
      onChange: () => undefined,
    }),
  );
}

function portForm(p: OutputPort): string {
  return renderToStaticMarkup(
    createElement(OutputPortForm, {
      node: "outputPort#1",
      p,
      set: () => undefined,
      base: "/outputPorts/0",
    }),
  );
}

/** The markup from the first tag with `testid` on (to the end). */
function from(out: string, testid: string): string {
  const at = out.indexOf(`data-testid="${testid}"`);
  expect(at, testid).toBeGreaterThan(-1);
  return out.slice(at);
}

const count = (out: string, s: string) => out.split(s).length - 1;

describe("the contract details section", () => {
  it("is closed when the item has no key of its own, with the hint under its title", () => {
    const out = section({ "meshcanvas.unwritten": ["name"] });
    expect(out).toContain('data-testid="contract-details"');
    expect(out).toContain('data-scope="port"');
    expect(out).toContain('data-count="0"');
    expect(out).toMatch(/data-testid="contract-details-toggle"[^>]*aria-expanded="false"/);
    expect(out).toContain("Contract details · 0");
    expect(out).toContain(CONTRACT_DETAILS_HINT);
    expect(out).toContain(
      "What the contract says that has no field of its own here; written back as it is.",
    );
    expect(out).not.toContain("ext-row-");
    expect(out).not.toContain("meshcanvas.");
  });

  it("is open when the item has keys, one row each, never the bookkeeping", () => {
    const out = section({
      "meshcanvas.unwritten": ["name"],
      tenant: "eu",
      team: { name: "sales" },
      authoritativeDefinitions: [{ type: "link", url: "https://x" }],
    });
    expect(out).toMatch(/data-testid="contract-details-toggle"[^>]*aria-expanded="true"/);
    expect(out).toContain("Contract details · 3");
    expect(out).toContain('data-testid="contract-details-keys"');
    expect(out).toMatch(/data-testid="ext-row-0" data-kind="string"/);
    expect(out).toMatch(/data-testid="ext-row-1" data-kind="object"/);
    expect(out).toMatch(/data-testid="ext-row-2" data-kind="list"/);
    expect(out).not.toContain("ext-row-3");
    expect(out).not.toContain("meshcanvas.");
    // The suggested keys it lacks, and a free key.
    expect(out).toContain('data-testid="ext-add-customProperties"');
    expect(out).toContain('data-testid="ext-add-support"');
    expect(out).not.toContain('data-testid="ext-add-tenant"');
    expect(out).toContain('data-testid="ext-add"');
  });

  it("appears for the port, each table and each field whose More is open, each scoped", () => {
    const base = ordersCanvas().outputPorts[0]!;
    const table = base.objects[0]!;
    const [first, second] = table.fields as [Field, Field];
    const p: OutputPort = {
      ...base,
      extensions: { tenant: "eu", "meshcanvas.technology": "snowflake" },
      objects: [
        {
          ...table,
          extensions: { dataGranularityDescription: "one row per order" },
          fields: [{ ...first, extensions: { logicalTypeOptions: { maxLength: 64 } } }, second],
        },
      ],
    };
    const out = portForm(p);
    // The second field has no details: its More, and the section in it, stay closed.
    expect(count(out, 'data-testid="contract-details"')).toBe(3);
    expect(count(out, 'data-scope="port"')).toBe(1);
    expect(count(out, 'data-scope="table"')).toBe(1);
    expect(count(out, 'data-scope="field"')).toBe(1);
    expect(from(out, "schema-field-1")).toMatch(/data-testid="field-more" aria-expanded="false"/);
    // The port's comes first, before its servers and tables.
    const port = from(out, "contract-details");
    expect(port).toMatch(/^data-testid="contract-details" data-scope="port" data-count="1"/);
    expect(out.indexOf('data-scope="port"')).toBeLessThan(out.indexOf('data-testid="server-add"'));
    expect(port).toContain('value="tenant"');
    expect(out).not.toContain("meshcanvas.technology");
    // A table's own comes first in its box, before its fields'.
    const box = from(out, "table-0");
    expect(box.indexOf('data-scope="table"')).toBeLessThan(box.indexOf('data-scope="field"'));
    expect(from(box, "contract-details")).toMatch(/data-scope="table" data-count="1"/);
    expect(box).toContain('value="dataGranularityDescription"');
    expect(box).toContain('value="one row per order"');
    // A field with details opens its "More", and its section is open.
    const row = from(out, "schema-field-0");
    expect(row).toMatch(/data-testid="field-more" aria-expanded="true"/);
    expect(from(row, "contract-details")).toMatch(/data-scope="field" data-count="1"/);
    expect(row).toContain('value="logicalTypeOptions"');
    expect(row).toContain("{&quot;maxLength&quot;:64}");
  });

  it("leaves a field's More closed when its only extension is the canvas's own", () => {
    const f: Field = {
      ...ordersCanvas().outputPorts[0]!.objects[0]!.fields[0]!,
      extensions: { classification: "PII", "meshcanvas.items": {} },
    };
    const out = renderToStaticMarkup(
      createElement(FieldRow, {
        f,
        path: [0],
        pointer: "/outputPorts/0/objects/0/fields/0",
        onChange: () => undefined,
        onRemove: () => undefined,
      }),
    );
    expect(out).toMatch(/data-testid="field-more" aria-expanded="false"/);
    expect(out).not.toContain("contract-details");
    const shown = renderToStaticMarkup(
      createElement(FieldRow, {
        f: { ...f, extensions: { ...f.extensions, encryptedName: "x" } },
        path: [0],
        pointer: "/outputPorts/0/objects/0/fields/0",
        onChange: () => undefined,
        onRemove: () => undefined,
      }),
    );
    expect(shown).toMatch(/data-testid="field-more" aria-expanded="true"/);
    expect(shown).toContain("Contract details · 1");
    expect(shown).not.toContain('value="classification"');
  });
});
