import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { OutputPort } from "../bindings/OutputPort";
import { cardFace } from "../logic/cards";
import { portDigest } from "../logic/contract";
import { emptyObject } from "../logic/objects";
import { ordersCanvas } from "../test/fixtures";
import { ContractDigest } from "./nodes";

const digest = (patch: Partial<OutputPort>) =>
  renderToStaticMarkup(
    createElement(ContractDigest, {
      digest: portDigest({ ...ordersCanvas().outputPorts[0]!, ...patch }),
    }),
  );

/** The text of the element with test id `id` (it holds no element of its kind inside). */
function text(html: string, id: string): string {
  const m = new RegExp(`data-testid="${id}"[^>]*>(.*?)</div>`).exec(html);
  return (m?.[1] ?? "").replace(/<[^>]+>/g, "");
}

describe("an output port card's digest", () => {
  it("counts what the port holds and names its first tables, not every one", () => {
    const [orders] = ordersCanvas().outputPorts[0]!.objects;
    const out = digest({
      objects: [
        { ...orders!, quality: [{ metric: "rowCount" }] },
        emptyObject("lines", "table"),
        emptyObject("refunds", "table"),
        emptyObject("returns", "view"),
        emptyObject("payments", "table"),
      ],
      servers: [{ server: "production", type: "postgres", environment: "prod" }],
    });
    expect(text(out, "card-digest-counts")).toBe("5 tables · 2 fields · 1 server · 1 quality rule");
    expect(text(out, "card-digest-tables")).toBe("orders, lines, refunds +2 more");
    expect(out).not.toContain(">payments");
    // The whole list is the tooltip.
    expect(out).toContain("Tables: orders, lines, refunds, returns, payments");
  });

  it("is one table's name and field count for a plain port, and nothing for an empty one", () => {
    const out = digest({});
    expect(text(out, "card-digest-counts")).toBe("1 table · 2 fields");
    expect(text(out, "card-digest-tables")).toBe("orders");
    expect(digest({ objects: [] })).toBe("");
  });
});

describe("an output port card's face", () => {
  it("shows the digest in place of the description, which is the title's tooltip", () => {
    const port = ordersCanvas().outputPorts[0]!;
    const face = cardFace("outputPort", port);
    expect(face.sub).toBe("");
    expect(face.tip).toBe("All orders");
    expect(face.meta).toBe("table · snowflake");
    const bare = cardFace("outputPort", { ...port, objects: [] });
    expect(bare.sub).toBe("All orders");
    expect(bare.tip).toBeUndefined();
  });
});
