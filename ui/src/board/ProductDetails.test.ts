import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Canvas } from "../bindings/Canvas";
import type { OutputPort } from "../bindings/OutputPort";
import type { Slo } from "../bindings/Slo";
import { ordersCanvas } from "../test/fixtures";
import { PRODUCT_DETAILS_HINT, ProductDetails } from "./ContractSections";
import { OutputPortForm } from "./inspector/OutputPortForm";
import { productForm } from "./inspector/ProductForm";
import { SloList } from "./inspector/SloList";

function productBlock(extensions: Canvas["extensions"]): string {
  const canvas = { ...ordersCanvas(), extensions };
  const parts = { canvas, edit: () => undefined, prod: () => undefined, adder: null };
  return renderToStaticMarkup(productForm(parts) as ReactElement);
}

/** The markup from the first tag with `testid` on (to the end). */
function from(out: string, testid: string): string {
  const at = out.indexOf(`data-testid="${testid}"`);
  expect(at, testid).toBeGreaterThan(-1);
  return out.slice(at);
}

const count = (out: string, s: string) => out.split(s).length - 1;

const slo = (extensions?: Record<string, unknown>): Slo => ({
  dimension: "latency",
  target: 4,
  unit: "days",
  window: "30d",
  alarmThreshold: null,
  description: "",
  ...(extensions ? { extensions } : {}),
});

describe("the product details section", () => {
  it("follows the product section, closed when the canvas keeps nothing to show", () => {
    const out = productBlock({ "meshcanvas.formatVersion": { unwritten: true } });
    expect(out.indexOf('data-testid="product-details"')).toBeGreaterThan(
      out.indexOf('name="tags"'),
    );
    expect(out).toMatch(/data-testid="product-details" data-count="0"/);
    expect(out).toMatch(/data-testid="product-details-toggle"[^>]*aria-expanded="false"/);
    expect(out).toContain("Product details · 0");
    expect(out).toContain(PRODUCT_DETAILS_HINT);
    expect(out).toContain(
      "What the imported product says that has no field of its own here; written back as it is.",
    );
    expect(out).not.toContain("product-details-keys");
    expect(out).not.toContain("meshcanvas.");
  });

  it("shows top-level odps# keys as rows by name, the rest read-only below them", () => {
    const out = productBlock({
      "meshcanvas.formatVersion": { unwritten: true },
      "odps#/tenant": "acme",
      "odps#/support/1/tool": "googlechat",
      "odps#/managementPorts": [{ name: "ops" }],
      "other.tool": { color: "red" },
      "odps#/description/limitations": "x".repeat(100),
    });
    const s = from(out, "product-details");
    expect(s).toMatch(/^data-testid="product-details" data-count="5"/);
    expect(s).toMatch(/data-testid="product-details-toggle"[^>]*aria-expanded="true"/);
    expect(s).toContain("Product details · 5");
    const rows = from(s, "product-details-keys");
    expect(rows).toMatch(/data-testid="ext-row-0" data-kind="string"/);
    expect(rows).toMatch(/data-testid="ext-row-1" data-kind="list"/);
    expect(rows).not.toContain("ext-row-2");
    expect(rows).toContain('value="tenant"');
    expect(rows).toContain('value="acme"');
    expect(rows).toContain('value="managementPorts"');
    expect(s).not.toContain('value="odps#/tenant"');
    // The suggested keys it lacks, and a free key.
    expect(rows).toContain('data-testid="ext-add-productCreatedTs"');
    expect(rows).not.toContain('data-testid="ext-add-customProperties"');
    expect(rows).not.toContain('data-testid="ext-add-tenant"');
    expect(rows).toContain('data-testid="ext-add"');
    // The read-only list comes after the rows: places, keys and short values.
    const kept = from(s, "product-details-kept");
    expect(s.indexOf('data-testid="ext-add"')).toBeLessThan(s.indexOf("product-details-kept"));
    expect(kept).toMatch(/data-testid="kept-0"[^]*?\/support\/1\/tool[^]*?googlechat/);
    expect(kept).toMatch(
      /data-testid="kept-1"[^]*?other\.tool[^]*?\{&quot;color&quot;:&quot;red&quot;\}/,
    );
    expect(kept).toMatch(/data-testid="kept-2"[^]*?\/description\/limitations/);
    expect(kept).toContain(`${"x".repeat(59)}…`);
    expect(kept).not.toContain("<input");
    expect(out).not.toContain("meshcanvas.");
  });

  it("is open with the read-only list alone", () => {
    const out = renderToStaticMarkup(
      createElement(ProductDetails, {
        ext: { "odps#/support/1/tool": "googlechat" },
        onChange: () => undefined,
      }),
    );
    expect(out).toContain("Product details · 1");
    expect(out).toMatch(/aria-expanded="true"/);
    expect(out).toContain('data-testid="product-details-kept"');
    expect(out).not.toContain("ext-row-");
  });
});

describe("an SLO's contract details", () => {
  it("are in each SLO row, scoped, hiding the SLA property's value and unit", () => {
    const out = renderToStaticMarkup(
      createElement(SloList, {
        title: "Service level objectives",
        slos: [
          slo({ property: "latency", value: "4", unit: "d", element: "orders.created_at" }),
          slo(),
        ],
        onChange: () => undefined,
        base: "/outputPorts/0/slos",
        newSlo: () => slo(),
        addLabel: "+ SLO",
        empty: "",
      }),
    );
    expect(count(out, 'data-testid="contract-details"')).toBe(2);
    expect(count(out, 'data-scope="slo"')).toBe(2);
    const first = from(out, "slo-0");
    expect(from(first, "contract-details")).toMatch(/data-scope="slo" data-count="1"/);
    expect(first.slice(0, first.indexOf('data-testid="slo-1"'))).toContain(
      'value="orders.created_at"',
    );
    expect(out).not.toContain('value="property"');
    expect(out).not.toContain('value="unit"');
    expect(out).not.toContain('value="value"');
    expect(first).toContain('data-testid="ext-add-driver"');
    expect(first).toContain('data-testid="ext-add-schedule"');
    expect(first).toContain('data-testid="ext-add-scheduler"');
    expect(first).not.toContain('data-testid="ext-add-element"');
    // The second SLO has none: its section is closed.
    expect(from(out, "slo-1")).toMatch(/data-scope="slo" data-count="0"/);
    expect(from(from(out, "slo-1"), "contract-details-toggle")).toMatch(
      /^data-testid="contract-details-toggle"[^>]*aria-expanded="false"/,
    );
  });

  it("appear in the output port's SLOs after the port's and tables'", () => {
    const base = ordersCanvas().outputPorts[0]!;
    const p: OutputPort = { ...base, slos: [slo({ driver: "operational" })] };
    const out = renderToStaticMarkup(
      createElement(OutputPortForm, {
        node: "outputPort#1",
        p,
        set: () => undefined,
        base: "/outputPorts/0",
      }),
    );
    expect(count(out, 'data-scope="slo"')).toBe(1);
    expect(from(out, "slo-0")).toContain('value="driver"');
  });
});
