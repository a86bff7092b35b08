import { describe, expect, it } from "vitest";
import type { OutputPort } from "../bindings/OutputPort";
import { PORT_KINDS } from "../bindings/tables";
import { ordersCanvas } from "../test/fixtures";
import { addCard } from "./cards";
import { pointsInto } from "./findings";
import {
  addObject,
  emptyObject,
  followPort,
  newObject,
  newRelationship,
  objectPointer,
  physicalTypeOfKind,
  readFieldRefs,
  removeObject,
  replaceObject,
  showFieldRefs,
  withPortTags,
  withPricing,
  withRelationships,
  withRelationshipType,
  withRules,
} from "./objects";

const port = (patch: Partial<OutputPort> = {}): OutputPort => ({
  ...ordersCanvas().outputPorts[0]!,
  ...patch,
});

describe("a new output port", () => {
  it("starts with one empty table named after the port, typed by its kind", () => {
    const { canvas } = addCard(ordersCanvas(), "outputPort");
    const added = canvas.outputPorts.at(-1)!;
    expect(added.id).toBe("port");
    expect(added.objects).toEqual([
      {
        name: "port",
        physicalName: "",
        physicalType: "table",
        businessName: "",
        description: "",
        fields: [],
      },
    ]);
  });

  it("serves each kind's physical type, a stream's topics", () => {
    expect(PORT_KINDS.map(physicalTypeOfKind)).toEqual(["table", "view", "file", "api", "topic"]);
  });

  it("keeps its untouched table in step while its id is typed and its kind chosen", () => {
    const fresh = addCard(ordersCanvas(), "outputPort").canvas.outputPorts.at(-1)!;
    const named = followPort(fresh, { ...fresh, id: "customers" });
    expect(named.objects[0]!.name).toBe("customers");
    const streamed = followPort(named, { ...named, kind: "stream" });
    expect(streamed.objects[0]!.physicalType).toBe("topic");
  });

  it("never renames or retypes a table that has fields", () => {
    const p = port();
    const renamed = followPort(p, { ...p, id: "orders-v2", kind: "view" });
    expect(renamed.objects).toBe(p.objects);
    const other = followPort(p, { ...p, name: "Renamed" });
    expect(other.objects).toBe(p.objects);
  });
});

describe("tables of a port", () => {
  it("a table added is named after the port while free, else table_<n>", () => {
    expect(newObject({ id: "orders", kind: "view", objects: [] })).toMatchObject({
      name: "orders",
      physicalType: "view",
    });
    const { port: two, index } = addObject(port());
    expect(index).toBe(1);
    expect(two.objects[1]!.name).toBe("table_2");
    const three = addObject(replaceObject(two, 1, { ...two.objects[1]!, name: "table_3" })).port;
    expect(three.objects.map((o) => o.name)).toEqual(["orders", "table_3", "table_4"]);
  });

  it("replacing or removing one leaves the others as they were", () => {
    const p = addObject(port()).port;
    const edited = replaceObject(p, 1, { ...p.objects[1]!, physicalName: "sales.lines" });
    expect(edited.objects[0]).toBe(p.objects[0]);
    expect(edited.objects[1]!.physicalName).toBe("sales.lines");
    const removed = removeObject(edited, 0);
    expect(removed.objects).toEqual([edited.objects[1]]);
    expect(edited.objects).toHaveLength(2);
  });

  it("no quality rules or relationships leaves their keys out", () => {
    const o = emptyObject("orders", "table");
    const ruled = withRules(o, [{ metric: "rowCount" }]);
    expect(ruled.quality).toHaveLength(1);
    expect("quality" in withRules(ruled, [])).toBe(false);
    const related = withRelationships(o, [newRelationship()]);
    expect(related.relationships).toEqual([{ type: "foreignKey", from: "", to: "" }]);
    expect("relationships" in withRelationships(related, [])).toBe(false);
    expect("type" in withRelationshipType(newRelationship(), "")).toBe(false);
  });
});

describe("relationship references", () => {
  it("one reference is text; with a comma, a list (a composite key)", () => {
    expect(readFieldRefs(" orders.customer_id ")).toBe("orders.customer_id");
    expect(readFieldRefs("lines.order_id, lines.line_no")).toEqual([
      "lines.order_id",
      "lines.line_no",
    ]);
    expect(readFieldRefs("lines.order_id,")).toEqual(["lines.order_id"]);
    expect(readFieldRefs("")).toBe("");
  });

  it("shows a list comma-separated, so it reads back as it was", () => {
    const refs = ["a.x", "a.y"];
    expect(showFieldRefs(refs)).toBe("a.x, a.y");
    expect(readFieldRefs(showFieldRefs(refs))).toEqual(refs);
    expect(showFieldRefs("a.x")).toBe("a.x");
  });
});

describe("pricing", () => {
  it("sets what is typed and leaves out what is cleared", () => {
    const p = withPricing(port(), { amount: 12, currency: "EUR", unit: "month" });
    expect(p.pricing).toEqual({ amount: 12, currency: "EUR", unit: "month" });
    expect(withPricing(p, { unit: "" }).pricing).toEqual({ amount: 12, currency: "EUR" });
    expect(withPricing(p, { amount: null }).pricing).toEqual({ currency: "EUR", unit: "month" });
  });

  it("all cleared is no pricing at all, as a port that never had one", () => {
    const p = withPricing(port(), { amount: 0 });
    expect(p.pricing).toEqual({ amount: 0 });
    const cleared = withPricing(p, { amount: null });
    expect(cleared.pricing).toBeUndefined();
    expect("pricing" in cleared).toBe(false);
    expect(cleared).toEqual(port());
  });

  it("keeps a price's own keys, so a price with them is never dropped", () => {
    const p = port({ pricing: { amount: 1, extensions: { note: "x" } } });
    expect(withPricing(p, { amount: null }).pricing).toEqual({ extensions: { note: "x" } });
  });
});

describe("where a finding points in a port", () => {
  const pointer = "/outputPorts/0/objects/1/fields/2/pii";

  it("opens its table and flashes its field's row, not the table's other rows or others' tables", () => {
    const base = "/outputPorts/0";
    const table = (j: number) => objectPointer(base, j);
    const row = (j: number, k: number) => `${table(j)}/fields/${k}`;
    // The second table opens; the first does not.
    expect(pointsInto(pointer, table(1))).toBe(true);
    expect(pointsInto(pointer, table(0))).toBe(false);
    // Its box does not flash: its field's row claims the finding.
    expect(pointsInto(pointer, table(1), `${table(1)}/fields/`)).toBe(false);
    expect(pointsInto(pointer, row(1, 2))).toBe(true);
    expect(pointsInto(pointer, row(0, 2))).toBe(false);
    expect(pointsInto(pointer, row(1, 1))).toBe(false);
    // A field 2 is not a field 20.
    expect(pointsInto("/outputPorts/0/objects/1/fields/20", row(1, 2))).toBe(false);
    // A finding on the table itself flashes its box.
    expect(pointsInto(`${table(1)}/physicalName`, table(1), `${table(1)}/fields/`)).toBe(true);
    expect(pointsInto(null, table(1))).toBe(false);
  });
});

describe("withPortTags", () => {
  it("sets the contract's tags and leaves the member out when there are none", () => {
    const before = port();
    const tagged = withPortTags(before, ["gold", "pii"]);
    expect(tagged.tags).toEqual(["gold", "pii"]);
    expect("tags" in withPortTags(tagged, [])).toBe(false);
    expect(before.tags).toBeUndefined();
  });
});
