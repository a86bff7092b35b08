// Runs end-to-end test files one at a time, each under `node --test` with a
// time limit, and makes sure nothing a file started outlives it.
//
//   node run.mjs [--file-timeout=SECONDS] [files…]   (default: tests/*.test.mjs)
//
// A file that runs past its limit is stopped: `node --test --test-timeout`
// sends it SIGTERM, and e2e/lib/app.mjs then writes which test it was in
// and what the app's processes wrote, and ends them. Should the file not
// end by itself within a grace period, this runner kills its processes and
// every process group it recorded (MESHCANVAS_E2E_GROUPS), and says so.
// Each file's outcome and wall time is printed at the end; the exit code is
// 1 when any file failed.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const here = new URL(".", import.meta.url).pathname;
const args = process.argv.slice(2);
const limitArg = args.find((a) => a.startsWith("--file-timeout="));
const FILE_TIMEOUT =
  Number(limitArg?.split("=")[1] ?? process.env.MESHCANVAS_E2E_FILE_TIMEOUT ?? 300) * 1000;
/** After the file's own limit: how long it gets to end itself. */
const GRACE = 30_000;

const files = args.filter((a) => !a.startsWith("--"));
if (files.length === 0) {
  for (const f of readdirSync(join(here, "tests")).sort()) {
    if (f.endsWith(".test.mjs")) files.push(join("tests", f));
  }
}

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Kills the process groups a file recorded and did not end; returns their ids. */
function killRecorded(dir) {
  const left = [];
  for (const name of readdirSync(dir)) {
    if (/^\d+$/.test(name) && signalGroup(Number(name), "SIGKILL")) left.push(name);
  }
  return left;
}

let running = null;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.once(signal, () => {
    if (running) {
      signalGroup(running.child.pid, "SIGTERM");
      setTimeout(() => {
        signalGroup(running.child.pid, "SIGKILL");
        killRecorded(running.groups);
        process.exit(1);
      }, 3_000).unref();
    } else {
      process.exit(1);
    }
  });
}

async function runFile(file) {
  const work = mkdtempSync(join(tmpdir(), "meshcanvas-e2e-run-"));
  const groups = join(work, "groups");
  const report = join(work, "report.txt");
  mkdirSync(groups);
  const began = Date.now();
  const child = spawn(process.execPath, ["--test", `--test-timeout=${FILE_TIMEOUT}`, file], {
    cwd: here,
    stdio: "inherit",
    // Its own group: the runner can end the file and everything under it.
    detached: true,
    env: { ...process.env, MESHCANVAS_E2E_GROUPS: groups, MESHCANVAS_E2E_REPORT: report },
  });
  running = { child, groups };
  let hung = false;
  const exited = new Promise((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const timer = setTimeout(async () => {
    hung = true;
    console.log(
      `e2e: ${file} did not end ${GRACE / 1000} s after its ${FILE_TIMEOUT / 1000} s limit: killing it`,
    );
    signalGroup(child.pid, "SIGTERM");
    await sleep(5_000);
    signalGroup(child.pid, "SIGKILL");
  }, FILE_TIMEOUT + GRACE);
  const { code, signal } = await exited;
  clearTimeout(timer);
  running = null;
  const seconds = (Date.now() - began) / 1000;
  // The file's own process may still be ending what it started.
  const until = Date.now() + 10_000;
  while (signalGroup(child.pid, 0) && Date.now() < until) await sleep(100);
  if (signalGroup(child.pid, "SIGKILL"))
    console.log(`e2e: ${file} was still running after its runner ended: killed it`);
  const left = killRecorded(groups);
  if (left.length) {
    console.log(`e2e: ${file} left process groups ${left.join(", ")} running: killed them`);
  }
  let stopped = "";
  try {
    stopped = readFileSync(report, "utf8");
  } catch {
    // not stopped
  }
  if (stopped) console.log(`e2e: ${file} was ${stopped}`);
  rmSync(work, { recursive: true, force: true });
  const passed = code === 0 && !hung && left.length === 0;
  return {
    file,
    passed,
    seconds,
    why: passed ? "" : hung ? "hung" : stopped ? "stopped" : `exit ${code ?? signal}`,
  };
}

const began = Date.now();
const results = [];
for (const file of files) results.push(await runFile(file));
const total = (Date.now() - began) / 1000;
console.log("\ne2e files:");
for (const r of results) {
  console.log(
    `  ${r.passed ? "pass" : "FAIL"}  ${r.seconds.toFixed(1).padStart(6)} s  ${relative(".", r.file)}${r.why ? `  (${r.why})` : ""}`,
  );
}
const failed = results.filter((r) => !r.passed).length;
console.log(
  `e2e: ${results.length - failed}/${results.length} files passed in ${total.toFixed(1)} s`,
);
process.exit(failed ? 1 : 0);
