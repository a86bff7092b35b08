import { describe, expect, it } from "vitest";
import { cardNode, indexOfNode, nodesOfList } from "./identity";

describe("a list's card names", () => {
  it("name each item by its identity and find it again by that name", () => {
    const list = Array.from({ length: 5000 }, (_, i) => ({ id: `port-${i}` }));
    const nodes = nodesOfList("outputPort", list);
    expect(nodes).toHaveLength(5000);
    expect(new Set(nodes).size).toBe(5000);
    expect(indexOfNode("outputPort", list, cardNode("outputPort", list[4321]!))).toBe(4321);
    expect(indexOfNode("outputPort", list, "outputPort#0")).toBe(-1);
  });

  it("follow an edit: a new list holding an edited item names it anew", () => {
    const a = { id: "a" };
    const b = { id: "b" };
    const before = [a, b];
    const bNode = nodesOfList("consumer", before)[1]!;
    const after = [b];
    expect(indexOfNode("consumer", after, bNode)).toBe(0);
    expect(indexOfNode("consumer", after, cardNode("consumer", a))).toBe(-1);
    expect(indexOfNode("consumer", before, bNode)).toBe(1);
  });

  it("give an object listed twice a second name for its second place", () => {
    const item = { id: "twice" };
    const list = [item, item];
    const [first, second] = nodesOfList("policy", list);
    expect(second).toBe(`${first}.1`);
    expect(indexOfNode("policy", list, second!)).toBe(1);
  });

  it("are not mixed up between kinds of one list", () => {
    const list = [{ id: "x" }];
    const asPort = nodesOfList("outputPort", list)[0]!;
    const asConsumer = nodesOfList("consumer", list)[0]!;
    expect(asPort.startsWith("outputPort#")).toBe(true);
    expect(asConsumer.startsWith("consumer#")).toBe(true);
    expect(indexOfNode("consumer", list, asConsumer)).toBe(0);
  });
});
