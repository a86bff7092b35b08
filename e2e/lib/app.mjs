// Starting and driving the built Mesh Canvas app for the end-to-end suite.
//
// Each `launch()` starts tauri-driver (which starts WebKitWebDriver, which
// starts the app) with `MESHCANVAS_WORKSPACE` pointing at a folder of the
// test's choosing, so the suite never touches a user's workspace; the app
// binary is the one `make desktop-e2e` built with the test identifier
// (`src-tauri/tauri.conf.test.json`). Ending the session ends the app, so a
// test can restart it on the same workspace.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Builder, By, until } from "selenium-webdriver";

const APP = process.env.MESHCANVAS_APP;
const TAURI_DRIVER = process.env.TAURI_DRIVER || "tauri-driver";
const NATIVE_DRIVER = process.env.NATIVE_DRIVER || "/usr/bin/WebKitWebDriver";

/** How long to wait for the UI to show something. */
export const TIMEOUT = 20_000;

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
 * bound to the session.
 */
export async function launch(workspace) {
  if (!APP) throw new Error("MESHCANVAS_APP is not set: run the suite through `make e2e`");
  const port = nextPort;
  const nativePort = nextPort + 1;
  nextPort += 2;
  const child = spawn(
    TAURI_DRIVER,
    ["--port", String(port), "--native-port", String(nativePort), "--native-driver", NATIVE_DRIVER],
    {
      env: { ...process.env, MESHCANVAS_WORKSPACE: workspace },
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
    try {
      await driver.quit();
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => {
        if (child.exitCode !== null) resolve();
        else child.once("exit", resolve);
      });
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
    const el = await this.driver.wait(
      async () => {
        const found = await root.findElements(tid(id));
        return found.length > 0 ? found[0] : null;
      },
      TIMEOUT,
      `no element [data-testid="${id}"] appeared`,
    );
    await this.driver.wait(until.elementIsVisible(el), TIMEOUT, `${id} is not visible`);
    return el;
  }

  /** All elements with this test id now (no waiting). */
  async all(id, within) {
    return (within ?? this.driver).findElements(tid(id));
  }

  /** Waits until `predicate()` is true, polling. */
  async until(predicate, message) {
    return this.driver.wait(async () => (await predicate()) || null, TIMEOUT, message);
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

  /** A PNG screenshot of the window, as a Buffer. */
  async screenshot() {
    return Buffer.from(await this.driver.takeScreenshot(), "base64");
  }
}
