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
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Builder, By } from "selenium-webdriver";

const APP = process.env.MESHCANVAS_APP;
const TAURI_DRIVER = process.env.TAURI_DRIVER || "tauri-driver";
const NATIVE_DRIVER = process.env.NATIVE_DRIVER || "/usr/bin/WebKitWebDriver";

/** How long to wait for the UI to show something. */
export const TIMEOUT = 20_000;

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

/**
 * The process ids under `root` (children, grandchildren…), read from /proc:
 * tauri-driver starts WebKitWebDriver, which starts the app.
 */
function descendants(root) {
  const children = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The parent id is the 2nd field after the parenthesised command name.
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  const out = [];
  const stack = [root];
  while (stack.length) {
    for (const pid of children.get(stack.pop()) ?? []) {
      out.push(pid);
      stack.push(pid);
    }
  }
  return out;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let nextPort = 4500 + Math.floor(Math.random() * 400) * 2;

/** A fresh temporary folder. */
export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), `meshcanvas-e2e-${prefix}-`));
}

async function waitForDriver(port, child) {
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tauri-driver exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`tauri-driver did not listen on port ${port}`);
}

/**
 * Starts the app on `workspace` and returns `{ driver, quit }`, with helpers
 * bound to the session. `seed` seeds a new workspace from a folder of
 * canvases; `env` adds variables to the app's environment (e.g.
 * `MESHCANVAS_STANDARDS`).
 */
export async function launch(workspace, { seed, env } = {}) {
  if (!APP) throw new Error("MESHCANVAS_APP is not set: run the suite through `make e2e`");
  const port = nextPort;
  const nativePort = nextPort + 1;
  nextPort += 2;
  const child = spawn(
    TAURI_DRIVER,
    ["--port", String(port), "--native-port", String(nativePort), "--native-driver", NATIVE_DRIVER],
    {
      env: {
        ...process.env,
        ...appStateEnv(workspace),
        MESHCANVAS_WORKSPACE: workspace,
        MESHCANVAS_TEST: "1",
        ...(seed ? { MESHCANVAS_SEED: seed } : {}),
        ...env,
      },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  await waitForDriver(port, child);
  const capabilities = {
    browserName: "wry",
    "tauri:options": { application: APP },
  };
  const driver = await new Builder()
    .usingServer(`http://127.0.0.1:${port}`)
    .withCapabilities(capabilities)
    .build();
  const app = new App(driver);
  app.quit = async () => {
    // Ending the session normally ends the app, but not always (an app left
    // running once kept the test runner waiting on its output forever), so
    // the processes this launch started are noted first and ended by id.
    const started = descendants(child.pid);
    try {
      await driver.quit();
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => {
        if (child.exitCode !== null) resolve();
        else child.once("exit", resolve);
      });
      const deadline = Date.now() + 5_000;
      while (started.some(alive) && Date.now() < deadline) await sleep(100);
      for (const pid of started.filter(alive)) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // it ended just now
        }
      }
    }
  };
  await app.find("app-shell");
  return app;
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
  async find(id, within) {
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
      TIMEOUT,
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

  async click(id, within) {
    const el = await this.find(id, within);
    await el.click();
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

  /** A PNG screenshot of the window, as a Buffer. */
  async screenshot() {
    return Buffer.from(await this.driver.takeScreenshot(), "base64");
  }
}
