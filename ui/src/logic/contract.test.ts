import { describe, expect, it } from "vitest";
import type { OutputPort } from "../bindings/OutputPort";
import { ordersCanvas } from "../test/fixtures";
import {
  digestLine,
  freshExtensionKey,
  missingServerKeys,
  newServer,
  objectRuleCount,
  portDigest,
  readExtensionValue,
  removeExtension,
  renameExtension,
  setExtension,
  showExtensionValue,
  tablesParts,
  withSunset,
} from "./contract";
import { emptyObject } from "./objects";

const port = (patch: Partial<OutputPort> = {}): OutputPort => ({
  ...ordersCanvas().outputPorts[0]!,
  ...patch,
});

describe("contract extensions", () => {
  it("a number stays a number while its text reads as one, and becomes text when it does not", () => {
    expect(readExtensionValue("timeout", 30, "45")).toEqual({ ok: true, value: 45 });
    expect(readExtensionValue("timeout", 30, "45s")).toEqual({ ok: true, value: "45s" });
    expect(readExtensionValue("ratio", 0.5, "0.75")).toEqual({ ok: true, value: 0.75 });
  });

  it("text stays text even when it looks like a number, except for a port", () => {
    expect(readExtensionValue("database", "sales", "0123")).toEqual({ ok: true, value: "0123" });
    expect(readExtensionValue("account", "", "123456789012")).toEqual({
      ok: true,
      value: "123456789012",
    });
    expect(readExtensionValue("port", "", "5432")).toEqual({ ok: true, value: 5432 });
    expect(readExtensionValue("port", "", "54.5")).toEqual({ ok: true, value: "54.5" });
    expect(readExtensionValue("port", "", "${PG_PORT}")).toEqual({ ok: true, value: "${PG_PORT}" });
  });

  it("a threshold reads as a number", () => {
    expect(readExtensionValue("mustBeLessThan", "", "0.5")).toEqual({ ok: true, value: 0.5 });
  });

  it("a list or object keeps its shape: JSON of another shape is refused, not applied", () => {
    expect(readExtensionValue("mustBeBetween", [0, 10], "[1, 5]")).toEqual({
      ok: true,
      value: [1, 5],
    });
    const bad = readExtensionValue("mustBeBetween", [0, 10], "[1, 5");
    expect(bad.ok).toBe(false);
    expect(readExtensionValue("mustBeBetween", [0, 10], '{"a": 1}').ok).toBe(false);
    expect(readExtensionValue("opts", { a: 1 }, '{"a": 2}')).toEqual({ ok: true, value: { a: 2 } });
  });

  it("a boolean stays a boolean for true and false", () => {
    expect(readExtensionValue("ssl", true, "false")).toEqual({ ok: true, value: false });
    expect(readExtensionValue("ssl", true, "maybe")).toEqual({ ok: true, value: "maybe" });
  });

  it("shows scalars as written and lists as JSON", () => {
    expect(showExtensionValue(5432)).toBe("5432");
    expect(showExtensionValue("db")).toBe("db");
    expect(showExtensionValue([0, 10])).toBe("[0,10]");
    expect(showExtensionValue(null)).toBe("");
  });

  it("renames a key in place, and refuses an empty or taken name without changing anything", () => {
    const ext = { host: "h", port: 5432, database: "d" };
    const r = renameExtension(ext, "port", "portNumber");
    expect(r.problem).toBeNull();
    expect(Object.entries(r.ext!)).toEqual([
      ["host", "h"],
      ["portNumber", 5432],
      ["database", "d"],
    ]);
    const taken = renameExtension(ext, "port", "host");
    expect(taken.problem).toMatch(/already a key/);
    expect(taken.ext).toBe(ext);
    expect(renameExtension(ext, "port", " ").problem).toMatch(/needs a name/);
  });

  it("removing the last key leaves no extensions; setting keeps the others untouched", () => {
    expect(removeExtension({ host: "h" }, "host")).toBeUndefined();
    const ext = { host: "h", port: 5432 };
    const next = setExtension(ext, "host", "db.internal");
    expect(next).toEqual({ host: "db.internal", port: 5432 });
    expect(ext.host).toBe("h");
    expect(freshExtensionKey(undefined)).toBe("key");
    expect(freshExtensionKey({ key: 1, key2: 2 })).toBe("key3");
  });
});

describe("servers", () => {
  it("offers the connection keys of the server's type that it does not have yet", () => {
    expect(missingServerKeys({ server: "p", type: "postgres", extensions: { host: "h" } })).toEqual(
      ["port", "database", "schema"],
    );
    expect(missingServerKeys({ server: "k", type: "kafka" })).toEqual(["host", "format"]);
    expect(missingServerKeys({ server: "x", type: "not-a-type" })).toEqual([]);
  });

  it("names a new server production first, then a free name", () => {
    const first = newServer([]);
    expect(first).toMatchObject({ server: "production", environment: "prod" });
    expect(newServer([first]).server).toBe("server-2");
    expect(newServer([first, { server: "server-2", type: "s3" }]).server).toBe("server-3");
    expect(newServer([{ server: "server-2", type: "s3" }]).server).toBe("production");
  });
});

describe("port digest", () => {
  it("counts a port's one table and its fields, and names the table", () => {
    const d = portDigest(port());
    expect(d).toEqual({ tables: ["orders"], fields: 2, servers: [], quality: 0 });
    expect(digestLine(d)).toBe("1 table · 2 fields");
    expect(tablesParts(d)).toEqual({ names: "orders", more: 0 });
  });

  it("is empty for a port that holds nothing", () => {
    const d = portDigest(port({ objects: [] }));
    expect(d).toEqual({ tables: [], fields: 0, servers: [], quality: 0 });
    expect(digestLine(d)).toBe("");
    expect(tablesParts(d)).toEqual({ names: "", more: 0 });
  });

  it("names each server and counts rules on every table and its fields, nested ones too", () => {
    const base = port();
    const table = base.objects[0]!;
    const [first, ...rest] = table.fields;
    const p = port({
      servers: [
        { server: "production", type: "postgres", environment: "prod" },
        { server: "lake", type: "s3" },
      ],
      objects: [
        {
          ...table,
          quality: [{ metric: "rowCount" }, { type: "sql", query: "select 1" }],
          fields: [
            {
              ...first!,
              quality: [{ metric: "nullValues" }],
              fields: [{ ...first!, quality: [{ metric: "duplicateValues" }] }],
            },
            ...rest,
          ],
        },
        { ...emptyObject("lines", "table"), quality: [{ metric: "rowCount" }] },
      ],
    });
    const d = portDigest(p);
    expect(d.servers).toEqual(["postgres · prod", "s3"]);
    expect(d.quality).toBe(5);
    expect(objectRuleCount(p.objects[0]!)).toBe(4);
    expect(digestLine(d)).toBe("2 tables · 2 fields · 2 servers · 5 quality rules");
  });

  it("says one of each in the singular and leaves out what is zero", () => {
    const table = { ...emptyObject("orders", "table"), quality: [{ metric: "rowCount" }] };
    const d = portDigest(
      port({
        objects: [{ ...table, fields: [port().objects[0]!.fields[0]!] }],
        servers: [{ server: "production", type: "postgres" }],
      }),
    );
    expect(digestLine(d)).toBe("1 table · 1 field · 1 server · 1 quality rule");
    expect(digestLine(portDigest(port({ objects: [emptyObject("a", "")] })))).toBe("1 table");
  });

  it("names the first three tables and says how many more there are", () => {
    const names = ["orders", "lines", "refunds", "returns", "payments"];
    const d = portDigest(port({ objects: names.map((n) => emptyObject(n, "table")) }));
    expect(digestLine(d)).toBe("5 tables");
    expect(tablesParts(d)).toEqual({ names: "orders, lines, refunds", more: 2 });
    expect(tablesParts({ ...d, tables: names.slice(0, 3) })).toEqual({
      names: "orders, lines, refunds",
      more: 0,
    });
    // An unnamed table goes by its physical name.
    const unnamed = { ...emptyObject("", "view"), physicalName: "sales.v_orders" };
    expect(portDigest(port({ objects: [unnamed] })).tables).toEqual(["sales.v_orders"]);
  });
});

describe("withSunset", () => {
  it("sets the day, and a cleared sunset leaves no key, as a loaded port has none", () => {
    const set = withSunset(port(), "2027-03-31");
    expect(set.sunset).toBe("2027-03-31");
    const cleared = withSunset(set, null);
    expect("sunset" in cleared).toBe(false);
    expect(cleared).toEqual(port());
    expect(JSON.stringify(cleared)).toBe(JSON.stringify(port()));
  });
});
