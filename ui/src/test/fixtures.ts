// Canvases for the logic tests, built the way the board builds them.
import type { Canvas } from "../bindings/Canvas";
import type { Finding } from "../bindings/Finding";
import { blankCanvas } from "../logic/skeleton";

export function ordersCanvas(): Canvas {
  const c = blankCanvas("orders", "Orders", "sales");
  return {
    ...c,
    consumers: [
      {
        id: "finance",
        name: "Finance",
        kind: "team",
        useCase: "Monthly revenue",
        needs: "",
        successMetric: "",
        ports: ["orders"],
      },
    ],
    outputPorts: [
      {
        id: "orders",
        name: "Orders table",
        kind: "table",
        status: "active",
        technology: "snowflake",
        description: "All orders",
        version: "1.0.0",
        objects: [
          {
            name: "orders",
            physicalName: "sales.orders",
            physicalType: "table",
            businessName: "",
            description: "",
            fields: [
              {
                name: "order_id",
                logicalType: "string",
                physicalType: "",
                description: "",
                required: true,
                primaryKey: true,
                classification: "internal",
                pii: false,
                examples: [],
                fields: [],
              },
              {
                name: "email",
                logicalType: "string",
                physicalType: "",
                description: "",
                required: false,
                primaryKey: false,
                classification: "internal",
                pii: true,
                examples: [],
                fields: [],
              },
            ],
          },
        ],
        usageTerms: "",
        limitations: "",
        slos: [],
      },
      {
        id: "orders-stream",
        name: "Order events",
        kind: "stream",
        status: "draft",
        technology: "kafka",
        description: "",
        version: "1.0.0",
        objects: [],
        usageTerms: "",
        limitations: "",
        slos: [],
      },
    ],
    ubiquitousLanguage: [{ term: "Order/Line", definition: "", synonyms: [], polysemes: [] }],
    policies: [{ id: "gdpr", kind: "privacy", statement: "", parameters: {} }],
  };
}

/** Where the core places a finding inside the first output port of `ordersCanvas()`. */
export const ON_ORDERS_PORT: Pick<Finding, "block" | "card"> = {
  block: "outputPorts",
  card: { kind: "outputPort", id: "orders", index: 0 },
};

/** A finding at `pointer`, on the block and card `at` (as the core places it). */
export function finding(
  pointer: string,
  severity: Finding["severity"] = "error",
  waived = false,
  at: Pick<Finding, "block" | "card"> = { block: "name", card: null },
): Finding {
  return {
    productId: "orders",
    pointer,
    ruleId: `rule-${pointer}`,
    severity,
    message: "m",
    hint: "",
    packId: "global",
    packVersion: "1.0.0",
    waived: waived ? { index: 0, reason: "ok", approver: "x", expires: null } : null,
    block: at.block,
    card: at.card,
  };
}
