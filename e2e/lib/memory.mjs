// Memory of a launched app, read from /proc (Linux): the app process and
// the WebKit processes it starts, found by the process group `launch`
// gives each start (tauri-driver and WebKitWebDriver are left out).
//
// PSS (proportional set size) shares each page among the processes that map
// it, so the sum over processes is what the app costs the machine; RSS
// counts a shared library once per process and overstates a sum.
import { readdirSync, readFileSync } from "node:fs";

const DRIVERS = new Set(["tauri-driver", "WebKitWebDriver"]);

/** Which part of the app a process is, by its (15-character) name. */
function part(comm) {
  if (comm.startsWith("WebKitWebProces")) return "web";
  if (comm.startsWith("WebKitNetworkPr")) return "network";
  if (comm.startsWith("WebKit")) return "webkit-other";
  return "app";
}

function read(path) {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/**
 * The processes of `group` with their RSS and PSS in MiB, and the sums by
 * part (`app`, `web`, `network`) and in all.
 */
export function memoryOf(group) {
  const procs = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    if (!stat) continue;
    // The name may hold spaces and parentheses: the fields follow the last ")".
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const pgrp = Number(stat.slice(close + 2).split(" ")[2]);
    if (pgrp !== group || DRIVERS.has(comm)) continue;
    const rollup = read(`/proc/${name}/smaps_rollup`);
    if (!rollup) continue;
    const mib = (key) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(rollup)?.[1] ?? 0) / 1024;
    procs.push({ pid: Number(name), comm, part: part(comm), rss: mib("Rss"), pss: mib("Pss") });
  }
  const sum = (list, key) => list.reduce((t, p) => t + p[key], 0);
  const by = {};
  for (const p of procs) {
    by[p.part] ??= { rss: 0, pss: 0 };
    by[p.part].rss += p.rss;
    by[p.part].pss += p.pss;
  }
  return { procs, by, pss: sum(procs, "pss"), rss: sum(procs, "rss") };
}

/** One line of a memory table: the phase, then PSS by part and in all, then RSS. */
export function memoryLine(phase, m) {
  const f = (x) => (x === undefined ? "-" : x.toFixed(0)).padStart(6);
  return (
    `${phase.padEnd(28)} app ${f(m.by.app?.pss)}  web ${f(m.by.web?.pss)}  ` +
    `network ${f(m.by.network?.pss)}  total PSS ${f(m.pss)} MiB  (RSS ${f(m.rss)})`
  );
}
