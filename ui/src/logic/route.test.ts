import { describe, expect, it } from "vitest";
import { parseRoute } from "./route";

describe("routes", () => {
  it("parse hashes", () => {
    expect(parseRoute("")).toEqual({ view: "home" });
    expect(parseRoute("#/canvas/orders%2Fx")).toEqual({ view: "board", id: "orders/x" });
    expect(parseRoute("#/mesh")).toEqual({ view: "mesh" });
    expect(parseRoute("#/bench/mesh?n=500")).toEqual({ view: "bench", n: 500 });
    expect(parseRoute("#/bench/mesh?n=abc")).toEqual({ view: "bench", n: 2000 });
  });
});
