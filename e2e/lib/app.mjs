// Starting and driving the built Mesh Canvas app for the end-to-end suite.
//
// Each `launch()` starts tauri-driver (which starts WebKitWebDriver, which
// starts the app) with `MESHCANVAS_WORKSPACE` pointing at a folder of the
// test's choosing, so the suite never touches a user's workspace, and
// `MESHCANVAS_TEST=1`, so the app runs under its test identifier
// (`src-tauri/tauri.conf.test.json`). Ending the session ends the app, so a
// test can restart it on the same workspace.
//
// The app's own state (recent workspaces, the web view's local storage and
// caches) lives under the XDG data, config and cache folders; each launch
// points them into a temporary folder of its own, so no test reads or writes
// a user's state or a previous run's. The folder belongs to the workspace:
// restarting on the same workspace within a test finds the state it left.
import { spawn } from "node:child_process";
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, after as afterAll, beforeEach } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Builder, By } from "selenium-webdriver";

const APP = process.env.MESHCANVAS_APP;
const TAURI_DRIVER = process.env.TAURI_DRIVER || "tauri-driver";
const NATIVE_DRIVER = process.env.NATIVE_DRIVER || "/usr/bin/WebKitWebDriver";

/**
 * How long to wait for the UI to show something: sized, like the start, for
 * a 2-core machine busy with builds (a board once took over 20 s to open
 * there). A wait ends as soon as the thing shows, so the limit costs time
 * only when a test fails.
 */
export const TIMEOUT = 45_000;

/**
 * How long a start may take, from spawning tauri-driver to the app's shell
 * on screen: sized for a 2-core machine busy with a build
 * (`MESHCANVAS_E2E_START_TIMEOUT`, in seconds, overrides it).
 */
const START_TIMEOUT = Number(process.env.MESHCANVAS_E2E_START_TIMEOUT || 90) * 1000;

/** How long an ended group gets between SIGTERM and SIGKILL. */
const GRACE = 5_000;

/*
 * Every process a launch starts runs in a process group of its own:
 * tauri-driver is spawned `detached` (it leads a new group), and the
 * WebKitWebDriver it starts and the app that one starts stay in that group.
 * Ending a launch ends the whole group, so nothing it started outlives it,
 * whether the test passed, failed or the start itself failed. Their output
 * goes to a log file, never to this process's stdout or stderr (an inherited
 * pipe kept open by a leftover process keeps `node --test` waiting forever);
 * a failed start prints the end of that log.
 *
 * The groups still running are ended by an `after` hook of the file, by a
 * process-exit hook (SIGKILL, the last resort), and when the runner stops
 * the file (SIGTERM from `node --test --test-timeout`, or e2e/run.mjs).
 * When e2e/run.mjs runs the file, each group's id is also written into
 * `MESHCANVAS_E2E_GROUPS` (a folder), so the runner can end a group even
 * when this process was killed outright.
 */

/** The process groups started and not yet ended: leader pid → its log file. */
const groups = new Map();
/** The `quit()` of each launch not yet quit, by its group. */
const quits = new Map();
const GROUPS_DIR = process.env.MESHCANVAS_E2E_GROUPS;
/** Where to write why this file was stopped, for e2e/run.mjs to print. */
const REPORT = process.env.MESHCANVAS_E2E_REPORT;

/** The test running now, for the report of a file stopped while it hangs. */
let current = "a `before` hook (no test started yet)";
beforeEach((t) => {
  current = `test "${t.name}"`;
});
afterEach((t) => {
  current = `an \`after\` hook (after test "${t.name}")`;
});
// Runs before the file's own `after` hooks: each launch still running is
// quit as `app.quit()` would (a later `app.quit()` gets the same outcome).
afterAll(async () => {
  await Promise.allSettled([...quits.values()].map((quit) => quit()));
  await endAll();
});

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group has ended
  }
}

/**
 * Ends a process group: SIGTERM, then SIGKILL for whatever is still there
 * after the grace period.
 */
async function endGroup(pgid, grace = GRACE) {
  if (!groups.has(pgid)) return;
  signalGroup(pgid, "SIGTERM");
  const deadline = Date.now() + grace;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
  if (groupAlive(pgid)) signalGroup(pgid, "SIGKILL");
  groups.delete(pgid);
  if (GROUPS_DIR) rmSync(join(GROUPS_DIR, String(pgid)), { force: true });
}

/** Ends every group still running. */
async function endAll(grace = GRACE) {
  await Promise.all([...groups.keys()].map((pgid) => endGroup(pgid, grace)));
}

/** The last `max` bytes of a log file, for an error message. */
function tail(file, max = 12_000) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return `(no log: ${e.message})`;
  }
  if (!text.trim()) return "(nothing)";
  return text.length > max ? `…${text.slice(-max)}` : text;
}

process.on("exit", () => {
  for (const pgid of groups.keys()) signalGroup(pgid, "SIGKILL");
});
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) {
  process.once(signal, async () => {
    stopping = signal;
    const lines = [`stopped by ${signal} while in ${current}`];
    for (const [pgid, log] of groups) {
      lines.push(
        `--- what tauri-driver (group ${pgid}), WebKitWebDriver and the app wrote (${log}):`,
      );
      lines.push(tail(log));
    }
    const report = lines.join("\n");
    if (REPORT) writeFileSync(REPORT, `${report}\n`);
    console.error(`e2e: ${report}`);
    await endAll(2_000);
    process.exit(1);
  });
}

/** Set once the file is being stopped: no new start from then on. */
let stopping = null;

/** The temporary app-state folder of each workspace launched so far. */
const appStates = new Map();

/** The XDG folders of an app started on `workspace`, created on first use. */
function appStateEnv(workspace) {
  let root = appStates.get(workspace);
  if (!root) {
    root = tempDir("state");
    appStates.set(workspace, root);
  }
  const env = {};
  for (const [name, sub] of [
    ["XDG_DATA_HOME", "data"],
    ["XDG_CONFIG_HOME", "config"],
    ["XDG_CACHE_HOME", "cache"],
  ]) {
    env[name] = join(root, sub);
    mkdirSync(env[name], { recursive: true });
  }
  return env;
}

let nextPort = 4500 + Math.floor(Math.random() * 400) * 2;

/** A fresh temporary folder. */
export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), `meshcanvas-e2e-${prefix}-`));
}

/** Whether something accepts a TCP connection on the port now. */
function accepts(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Waits until the port accepts, the driver has exited, or the deadline. */
async function waitForPort(port, what, driver, deadline) {
  while (!(await accepts(port))) {
    if (driver.exited)
      throw new Error(
        `tauri-driver exited (${driver.exited}) before ${what} listened on port ${port}`,
      );
    if (Date.now() > deadline)
      throw new Error(`${what} did not accept connections on port ${port}`);
    await sleep(100);
  }
}

/** `promise`, or an error once the deadline passes. */
async function withDeadline(deadline, promise, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer`)),
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A WebDriver session on the app: asked for until one is created or the
 * deadline passes (tauri-driver answers at once with an error while the
 * WebKitWebDriver behind it is not ready).
 */
async function newSession(port, driver, deadline, args = []) {
  const capabilities = {
    browserName: "wry",
    "tauri:options": { application: APP, args },
  };
  let last;
  while (Date.now() < deadline) {
    if (driver.exited)
      throw new Error(`tauri-driver exited (${driver.exited}) before a session was created`);
    const session = new Builder()
      .usingServer(`http://127.0.0.1:${port}`)
      .withCapabilities(capabilities)
      .build();
    const created = session.getSession();
    // Settled later when the group is ended; never an unhandled rejection.
    created.catch(() => {});
    try {
      await withDeadline(deadline, created, "creating a WebDriver session");
      return session;
    } catch (e) {
      last = e;
      if (Date.now() >= deadline) break;
      await sleep(250);
    }
  }
  throw new Error(`no WebDriver session was created: ${last?.message ?? "no attempt"}`);
}

/**
 * Starts the app on `workspace` and returns an `App` with helpers bound to
 * the session and `quit()`. `seed` seeds a new workspace from a folder of
 * canvases; `env` adds variables to the app's environment (e.g.
 * `MESHCANVAS_STANDARDS`); `args` are the app's command-line arguments
 * (files to import, as "Open with" passes them). With `home` (a folder),
 * the app starts as a user would: `workspace` may be `null` (the app-data
 * workspace), `HOME` is that folder and the app runs from it with the real
 * identifier (see `userEnv`).
 *
 * A start that fails (the driver does not listen, no session, no shell on
 * screen before the deadline) ends everything it started, prints what the
 * driver and the app wrote, and is tried once more, saying so; a second
 * failure fails the test.
 */
export async function launch(workspace, options = {}) {
  if (!APP) throw new Error("MESHCANVAS_APP is not set: run the suite through `make e2e`");
  try {
    return await start(workspace, options);
  } catch (first) {
    if (stopping) throw first;
    console.log(`e2e: the app did not start, trying once more: ${first.message}`);
    return start(workspace, options);
  }
}

/**
 * What a person who installed the app has: `HOME` is `home` (their XDG
 * folders the defaults under it), the app is started from there, and no
 * test settings are made (no `MESHCANVAS_TEST`, so the real identifier).
 */
function userEnv(home) {
  return {
    HOME: home,
    XDG_DATA_HOME: join(home, ".local", "share"),
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_CACHE_HOME: join(home, ".cache"),
  };
}

async function start(workspace, { seed, env, args, home } = {}) {
  if (stopping) throw new Error(`not started: the test file is being stopped (${stopping})`);
  const port = nextPort;
  const nativePort = nextPort + 1;
  nextPort += 2;
  const began = Date.now();
  const deadline = began + START_TIMEOUT;
  const log = join(tempDir("driver"), "driver.log");
  const out = openSync(log, "a");
  let child;
  try {
    child = spawn(
      TAURI_DRIVER,
      [
        "--port",
        String(port),
        "--native-port",
        String(nativePort),
        "--native-driver",
        NATIVE_DRIVER,
      ],
      {
        env: {
          ...process.env,
          ...(home ? userEnv(home) : appStateEnv(workspace)),
          ...(workspace ? { MESHCANVAS_WORKSPACE: workspace } : {}),
          ...(home ? {} : { MESHCANVAS_TEST: "1" }),
          ...(seed ? { MESHCANVAS_SEED: seed } : {}),
          ...env,
        },
        ...(home ? { cwd: home } : {}),
        stdio: ["ignore", out, out],
        detached: true,
      },
    );
  } finally {
    closeSync(out);
  }
  const driver = { exited: null };
  const spawnError = new Promise((_, reject) => {
    child.once("error", (e) => {
      driver.exited = e.message;
      reject(new Error(`could not start ${TAURI_DRIVER}: ${e.message}`));
    });
  });
  spawnError.catch(() => {});
  child.once("exit", (code, signal) => {
    driver.exited ??= signal ?? `exit code ${code}`;
  });
  // Nothing here keeps this process alive: the groups are ended by the hooks above.
  child.unref();
  if (child.pid) {
    groups.set(child.pid, log);
    if (GROUPS_DIR) writeFileSync(join(GROUPS_DIR, String(child.pid)), `${log}\n`);
  }

  let session;
  try {
    if (!child.pid) await spawnError;
    await waitForPort(port, "tauri-driver", driver, deadline);
    await waitForPort(nativePort, "WebKitWebDriver", driver, deadline);
    session = await newSession(port, driver, deadline, args);
    const app = new App(session);
    // The process group of tauri-driver, the driver and the app with its
    // WebKit processes (memory figures are read from it).
    app.group = child.pid;
    let quitting;
    app.quit = () => {
      quitting ??= (async () => {
        try {
          // Ending the session normally ends the app; the group is ended
          // whatever happens, so nothing is left running.
          await withDeadline(Date.now() + 30_000, session.quit(), "ending the WebDriver session");
        } finally {
          quits.delete(child.pid);
          await endGroup(child.pid);
        }
      })();
      return quitting;
    };
    quits.set(child.pid, app.quit);
    await app.find("app-shell", undefined, Math.max(TIMEOUT, deadline - Date.now()));
    // From spawning the driver to the app's shell on screen, in seconds:
    // the start a user waits for, plus the drivers' own start.
    app.startSeconds = (Date.now() - began) / 1000;
    return app;
  } catch (e) {
    const seconds = ((Date.now() - began) / 1000).toFixed(1);
    quits.delete(child.pid);
    if (session)
      await withDeadline(Date.now() + 5_000, session.quit(), "ending the session").catch(() => {});
    if (child.pid) await endGroup(child.pid);
    throw new Error(
      `the app did not start within ${seconds} s: ${e.message}\n` +
        `--- what tauri-driver, WebKitWebDriver and the app wrote (${log}):\n${tail(log)}`,
      { cause: e },
    );
  }
}

/** The `[data-testid=…]` selector of a test id (see ui/TESTIDS.md). */
export function tid(id) {
  return By.css(`[data-testid="${id}"]`);
}

class App {
  constructor(driver) {
    this.driver = driver;
  }

  /** The element with this test id, once it is in the page and visible. */
  async find(id, within, timeout = TIMEOUT) {
    const root = within ?? this.driver;
    // Looked up afresh on every poll: React may replace the element between
    // finding it and asking whether it is visible.
    return this.driver.wait(
      async () => {
        try {
          for (const el of await root.findElements(tid(id))) {
            if (await el.isDisplayed()) return el;
          }
        } catch (e) {
          if (e.name !== "StaleElementReferenceError") throw e;
        }
        return null;
      },
      timeout,
      `no visible element [data-testid="${id}"] appeared`,
    );
  }

  /** All elements with this test id now (no waiting). */
  async all(id, within) {
    return (within ?? this.driver).findElements(tid(id));
  }

  /**
   * Waits until `predicate()` is true, polling. A predicate that reads an
   * element React has just replaced meets a StaleElementReferenceError; that
   * poll counts as "not yet" and the next one looks the element up afresh.
   */
  async until(predicate, message) {
    return this.driver.wait(
      async () => {
        try {
          return (await predicate()) || null;
        } catch (e) {
          if (e.name !== "StaleElementReferenceError") throw e;
          return null;
        }
      },
      TIMEOUT,
      message,
    );
  }

  /**
   * The text of the element with this test id, looked up afresh. Read as
   * `textContent`: WebKitWebDriver's "get element text" returns "" for some
   * elements that plainly show text.
   */
  async text(id, within) {
    const el = await this.find(id, within);
    return this.driver.executeScript("return arguments[0].textContent", el);
  }

  /**
   * Clicks the element with this test id (or, with `part`, the element
   * matching that CSS selector inside it: a block's header). A toast
   * passing over it intercepts the click, and the board's opening zoom
   * moves it under the pointer ("not interactable"); like a user, wait for
   * either to end. Something that covers the element for good still fails,
   * at the timeout, with WebDriver's message naming what is on top.
   */
  async click(id, within, part) {
    const passing = new Set([
      "ElementClickInterceptedError",
      "ElementNotInteractableError",
      "StaleElementReferenceError",
    ]);
    let el;
    let last;
    try {
      await this.driver.wait(async () => {
        try {
          el = await this.find(id, within);
          if (part) el = await el.findElement(By.css(part));
          // A click on a disabled button is accepted and does nothing:
          // under load the home view's buttons are still disabled while
          // the workspace opens.
          if (!(await el.isEnabled())) {
            last = new Error(`[data-testid="${id}"] stayed disabled`);
            return false;
          }
          await el.click();
          return true;
        } catch (e) {
          if (!passing.has(e.name)) throw e;
          last = e;
          return false;
        }
      }, TIMEOUT);
    } catch (e) {
      throw e.name === "TimeoutError" && last ? last : e;
    }
    return el;
  }

  /** Replaces the text of an input. */
  async type(id, text, within) {
    const el = await this.find(id, within);
    await el.clear();
    await el.sendKeys(text);
    return el;
  }

  /** Chooses an option of a `<select>` by value. */
  async choose(id, value, within) {
    const el = await this.find(id, within);
    await el.findElement(By.css(`option[value="${value}"]`)).click();
    return el;
  }

  /**
   * Saves a screenshot into `e2e/screenshots-tmp/<name>.png` (kept out of
   * git) so a failed run can be looked at.
   */
  async snap(name) {
    const dir = new URL("../screenshots-tmp/", import.meta.url);
    mkdirSync(dir, { recursive: true });
    const file = new URL(`${name.replace(/[^a-zA-Z0-9-]+/g, "-")}.png`, dir);
    writeFileSync(file, await this.screenshot());
  }

  /**
   * A PNG screenshot of the window, as a Buffer. Taken after two animation
   * frames, so what React last rendered has been painted: WebKitWebDriver
   * otherwise can return the frame from before the last change.
   */
  async screenshot() {
    await this.driver.executeAsyncScript(
      `const done = arguments[arguments.length - 1];
       requestAnimationFrame(() => requestAnimationFrame(() => done()));`,
    );
    return Buffer.from(await this.driver.takeScreenshot(), "base64");
  }
}
