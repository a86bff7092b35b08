// The parts of an output port's data contract that the inspector edits
// beside its tables' fields: servers (ODCS `servers`) and quality rules (ODCS
// `quality`), the card's digest of the port, and the key/value rows that hold
// what a server or rule says beyond the canvas's own fields (`extensions`).
//
// An extension value is written back as it was read: a number stays a
// number, a list stays a list, until someone edits it, and then it takes
// the kind the typed text reads as for that key (see `readExtensionValue`).
import type { OutputPort } from "../bindings/OutputPort";
import type { Field } from "../bindings/Field";
import type { QualityRule } from "../bindings/QualityRule";
import type { SchemaObject } from "../bindings/SchemaObject";
import type { Server } from "../bindings/Server";
import { readNumber } from "./number";
import { objectLabel } from "./objects";

/** The ODCS v3.1.0 server types (`Server.type` enum), the common ones first. */
export const SERVER_TYPES: readonly string[] = [
  "postgres",
  "snowflake",
  "bigquery",
  "databricks",
  "redshift",
  "kafka",
  "s3",
  "sqlserver",
  "mysql",
  "oracle",
  "trino",
  "duckdb",
  "azure",
  "local",
  "api",
  "athena",
  "clickhouse",
  "cloudsql",
  "db2",
  "denodo",
  "dremio",
  "glue",
  "hive",
  "impala",
  "informix",
  "kinesis",
  "postgresql",
  "presto",
  "pubsub",
  "sftp",
  "synapse",
  "vertica",
  "zen",
  "custom",
];

/**
 * The connection keys each server type has in the ODCS v3.1.0 schema
 * (`$defs.ServerSource`), required ones first; offered as one-click rows.
 */
const SERVER_KEYS: Record<string, readonly string[]> = {
  api: ["location"],
  athena: ["stagingDir", "schema", "catalog", "regionName"],
  azure: ["location", "format", "delimiter"],
  bigquery: ["project", "dataset"],
  clickhouse: ["host", "port", "database"],
  cloudsql: ["host", "port", "database", "schema"],
  databricks: ["catalog", "schema", "host"],
  db2: ["host", "port", "database", "schema"],
  denodo: ["host", "port", "database"],
  dremio: ["host", "port", "schema"],
  duckdb: ["database", "schema"],
  glue: ["account", "database", "location", "format"],
  hive: ["host", "database", "port"],
  impala: ["host", "database", "port"],
  informix: ["host", "database", "port"],
  kafka: ["host", "format"],
  kinesis: ["region", "format"],
  local: ["path", "format"],
  mysql: ["host", "port", "database"],
  oracle: ["host", "port", "serviceName"],
  postgres: ["host", "port", "database", "schema"],
  postgresql: ["host", "port", "database", "schema"],
  presto: ["host", "catalog", "schema"],
  pubsub: ["project"],
  redshift: ["database", "schema", "host", "region", "account"],
  s3: ["location", "endpointUrl", "format", "delimiter"],
  sftp: ["location", "format", "delimiter"],
  snowflake: ["account", "database", "schema", "warehouse", "host", "port"],
  sqlserver: ["host", "database", "schema", "port"],
  synapse: ["host", "port", "database"],
  trino: ["host", "port", "catalog", "schema"],
  vertica: ["host", "port", "database", "schema"],
  zen: ["host", "database", "port"],
  custom: ["host", "port", "database", "schema", "location", "account", "topic"],
};

/** Connection keys of `type` that `server` does not have yet. */
export function missingServerKeys(server: Server): string[] {
  const have = server.extensions ?? {};
  return (SERVER_KEYS[server.type] ?? []).filter((k) => !(k in have));
}

/** Keys ODCS types as integers (every server type's `port`). */
const INTEGER_KEYS = new Set(["port"]);
/** The threshold keys of a quality rule, which ODCS types as numbers. */
export const THRESHOLD_KEYS: readonly string[] = [
  "mustBe",
  "mustNotBe",
  "mustBeGreaterThan",
  "mustBeGreaterOrEqualTo",
  "mustBeLessThan",
  "mustBeLessOrEqualTo",
];
const NUMBER_KEYS = new Set(THRESHOLD_KEYS);

export const QUALITY_TYPES: readonly string[] = ["library", "sql", "text", "custom"];
export const QUALITY_METRICS: readonly string[] = [
  "nullValues",
  "missingValues",
  "invalidValues",
  "duplicateValues",
  "rowCount",
];
export const QUALITY_DIMENSIONS: readonly string[] = [
  "accuracy",
  "completeness",
  "conformity",
  "consistency",
  "coverage",
  "timeliness",
  "uniqueness",
];
export const QUALITY_SEVERITIES: readonly string[] = ["error", "warning", "info"];

/** A new server: `production` (in `prod`) unless one has that name, else `server-<n>`. */
export function newServer(existing: readonly Server[]): Server {
  const names = new Set(existing.map((s) => s.server));
  if (!names.has("production"))
    return { server: "production", type: "postgres", environment: "prod" };
  let n = existing.length + 1;
  while (names.has(`server-${n}`)) n++;
  return { server: `server-${n}`, type: "postgres", environment: "" };
}

export function newQualityRule(): QualityRule {
  return { name: "", type: "library", metric: "rowCount", severity: "error" };
}

/** The text a row shows for an extension value: scalars as they are, lists and objects as JSON. */
export function showExtensionValue(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "";
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

export type ExtensionRead = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * What typed `text` makes of the value of `key`, which was `old`. A value
 * keeps its kind: a number stays a number while the text reads as one, a
 * boolean while it reads `true`/`false`, a list or object while it is JSON
 * of that shape (else it is refused, not turned into text). `port` reads as
 * an integer and a threshold (`mustBe`…) as a number, as ODCS types them.
 * Everything else is text, as typed.
 */
export function readExtensionValue(key: string, old: unknown, text: string): ExtensionRead {
  if (old !== null && typeof old === "object") {
    try {
      const v: unknown = JSON.parse(text);
      if (v !== null && typeof v === "object" && Array.isArray(v) === Array.isArray(old)) {
        return { ok: true, value: v };
      }
    } catch {
      // Refused below.
    }
    const shape = Array.isArray(old) ? "a JSON list, e.g. [0, 10]" : 'a JSON object, e.g. {"a": 1}';
    return { ok: false, message: `Type ${shape}. Not applied.` };
  }
  if (typeof old === "boolean" && (text === "true" || text === "false")) {
    return { ok: true, value: text === "true" };
  }
  if (typeof old === "number" || INTEGER_KEYS.has(key) || NUMBER_KEYS.has(key)) {
    const r = readNumber(text);
    const integer = INTEGER_KEYS.has(key) && typeof old !== "number";
    if (r.kind === "number" && (!integer || Number.isInteger(r.value))) {
      return { ok: true, value: r.value };
    }
  }
  return { ok: true, value: text };
}

/** The extensions with `key` set to `value`, in place (other keys keep their order). */
export function setExtension(
  ext: Record<string, unknown> | undefined,
  key: string,
  value: unknown,
): Record<string, unknown> {
  return { ...ext, [key]: value };
}

/** The extensions without `key`; `undefined` when none are left, as the model leaves them out. */
export function removeExtension(
  ext: Record<string, unknown> | undefined,
  key: string,
): Record<string, unknown> | undefined {
  const next = { ...ext };
  delete next[key];
  return Object.keys(next).length === 0 ? undefined : next;
}

/**
 * Renames `from` to `to`, keeping its value and place. An empty name or one
 * already used is refused with the reason, and nothing changes.
 */
export function renameExtension(
  ext: Record<string, unknown> | undefined,
  from: string,
  to: string,
): { ext: Record<string, unknown> | undefined; problem: string | null } {
  const t = to.trim();
  if (t === from) return { ext, problem: null };
  if (t === "") return { ext, problem: "A key needs a name. Not applied." };
  if (ext && t in ext) return { ext, problem: `“${t}” is already a key here. Not applied.` };
  const next = Object.fromEntries(
    Object.entries(ext ?? {}).map(([k, v]) => (k === from ? [t, v] : [k, v])),
  );
  return { ext: next, problem: null };
}

/** A key not yet in `ext`: `key`, `key2`, … */
export function freshExtensionKey(ext: Record<string, unknown> | undefined, stem = "key"): string {
  if (!ext || !(stem in ext)) return stem;
  for (let n = 2; ; n++) if (!(`${stem}${n}` in ext)) return `${stem}${n}`;
}

function countFieldRules(fields: readonly Field[]): number {
  return fields.reduce((n, f) => n + (f.quality?.length ?? 0) + countFieldRules(f.fields), 0);
}

/** Quality rules of one object: on the object and on its fields, nested ones included. */
export function objectRuleCount(o: SchemaObject): number {
  return (o.quality?.length ?? 0) + countFieldRules(o.fields);
}

export interface PortDigest {
  /** The port's objects (tables, views, topics, files), by name, in order. */
  tables: string[];
  /** Fields over all its objects (top level). */
  fields: number;
  /** One entry per server: `postgres · prod`, or the type alone. */
  servers: string[];
  /** Quality rules on its objects and on their fields, nested ones included. */
  quality: number;
}

/** What the card says of a port's contract: its tables, fields, servers and quality rules. */
export function portDigest(port: OutputPort): PortDigest {
  return {
    tables: port.objects.map(objectLabel),
    fields: port.objects.reduce((n, o) => n + o.fields.length, 0),
    servers: (port.servers ?? []).map((s) =>
      [s.type || s.server || "server", s.environment].filter(Boolean).join(" · "),
    ),
    quality: port.objects.reduce((n, o) => n + objectRuleCount(o), 0),
  };
}

/** `1 table`, `2 tables`; `""` for none. */
function count(n: number, one: string, many = `${one}s`): string {
  return n === 0 ? "" : `${n} ${n === 1 ? one : many}`;
}

/**
 * The digest's counts, each left out when it is zero: `2 tables`,
 * `14 fields`, `1 server`, `3 quality rules`.
 */
export function digestParts(d: PortDigest): string[] {
  return [
    count(d.tables.length, "table"),
    count(d.fields, "field"),
    count(d.servers.length, "server"),
    count(d.quality, "quality rule"),
  ].filter(Boolean);
}

/** The counts as one line, `2 tables · 14 fields · 1 server · 3 quality rules`; empty when all are zero. */
export function digestLine(d: PortDigest): string {
  return digestParts(d).join(" · ");
}

/** The first `max` table names, comma-separated, and how many more there are. */
export function tablesParts(d: PortDigest, max = 3): { names: string; more: number } {
  return { names: d.tables.slice(0, max).join(", "), more: Math.max(0, d.tables.length - max) };
}

/**
 * The port with its sunset set, or without the key when cleared, so that
 * the canvas has the shape a loaded one has (the format leaves it out).
 */
export function withSunset(p: OutputPort, sunset: string | null): OutputPort {
  const next = { ...p };
  if (sunset === null) delete next.sunset;
  else next.sunset = sunset;
  return next;
}
