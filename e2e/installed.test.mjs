// The installed app, as a new user gets it: `make test-package` installs
// the .deb, points MESHCANVAS_APP at /usr/bin/meshcanvas-desktop and runs
// this file (with the smoke and start-up files of tests/). Each start has an
// empty home folder, runs from it (no repository around it) and sets none of
// the suite's test variables, so the app finds its workspace in the
// platform's app-data folder and its standards and example mesh among its
// installed resources.
//
// It also prints the start time to first paint and the memory at idle with
// the example mesh open, the figures docs/performance.md records.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { By } from "selenium-webdriver";
import { launch, tempDir } from "./lib/app.mjs";
import { memoryLine, memoryOf } from "./lib/memory.mjs";

/** The app's identifier (src-tauri/tauri.conf.json): its app-data folder's name. */
const IDENTIFIER = "dev.meshcanvas.studio";
/** Which build the package holds (`make test` bundles the debug one). */
const PROFILE = process.env.MESHCANVAS_PACKAGE_PROFILE || "release";
/** Where the package puts the desktop entry, by the product name. */
const DESKTOP_ENTRY = "/usr/share/applications/Mesh Canvas.desktop";
const SEED = new URL("../examples/", import.meta.url).pathname;
/** The products of the example mesh the package carries (examples/ here). */
const EXAMPLES = readdirSync(new URL("../examples/", import.meta.url), { recursive: true })
  .filter((f) => String(f).endsWith(".canvas.json"))
  .map((f) => String(f).split("/").pop().replace(".canvas.json", ""))
  .sort();

let app;
afterEach(async (t) => {
  await app?.snap(`installed-${t.name}`);
  await app?.quit();
  app = null;
});
after(async () => {
  await app?.quit();
});

/** The canvases the home view lists, by id. */
async function tiles() {
  const els = await app.driver.findElements(By.css('[data-testid^="canvas-tile-"]'));
  const ids = [];
  for (const el of els)
    ids.push((await el.getAttribute("data-testid")).slice("canvas-tile-".length));
  return ids.sort();
}

/** Idle memory: after the view settles, the median of three samples. */
async function idleMemory() {
  await sleep(8_000);
  const samples = [];
  for (let i = 0; i < 3; i++) {
    samples.push(memoryOf(app.group));
    await sleep(2_000);
  }
  return samples.sort((a, b) => a.pss - b.pss)[1];
}

test("installed, it opens on a new workspace seeded from the bundled example mesh, checked against the bundled standards", async () => {
  const home = tempDir("installed-home");
  app = await launch(null, { home });

  // The workspace is the platform's default, created and seeded on first start.
  const workspace = join(home, ".local", "share", IDENTIFIER, "workspace.meshcanvas.db");
  await app.until(
    async () => (await app.text("home-workspace-path")) === workspace,
    `the home view does not show the default workspace ${workspace}`,
  );
  assert.ok(existsSync(workspace), `no workspace file at ${workspace}`);
  await app.find("canvas-tile-orders");
  assert.deepEqual(await tiles(), EXAMPLES, "the example mesh, all of it");

  // Checked: the bundled packs loaded (no warning), and the tiles say what
  // the standards found rather than "not checked".
  assert.equal((await app.all("standards-status")).length, 0, "the standards did not load");
  assert.equal((await app.all("home-standards-error")).length, 0);
  const checked = await app.text("tile-findings", await app.find("canvas-tile-orders"));
  assert.notEqual(checked, "not checked");
  assert.doesNotMatch(await app.text("home-summary"), /not checked/);

  console.log(
    `installed ${PROFILE} build, start to first paint (new home, drivers included): ` +
      `${app.startSeconds.toFixed(1)} s`,
  );
  const m = await idleMemory();
  console.log(memoryLine(`installed ${PROFILE}, home idle`, m));
  assert.ok(
    m.procs.some((p) => p.part === "app"),
    "the app's process was measured",
  );
});

test("installed, a MESHCANVAS_STANDARDS folder that is missing is named, and the app still works", async () => {
  const home = tempDir("installed-home");
  const missing = join(home, "no-such-standards");
  app = await launch(null, { home, env: { MESHCANVAS_STANDARDS: missing } });

  const panel = await app.find("home-standards-error");
  const text = await app.driver.executeScript("return arguments[0].textContent", panel);
  assert.ok(text.includes(missing), `the panel names the folder: ${text}`);
  assert.match(await app.text("standards-status"), /Standards not loaded/);
  // The workspace opened and was seeded all the same; a canvas opens.
  assert.deepEqual(await tiles(), EXAMPLES);
  assert.equal(
    await app.text("tile-findings", await app.find("canvas-tile-orders")),
    "not checked",
  );
  await app.click("canvas-tile-orders");
  await app.find("board");
  await app.find("findings-unchecked");
});

test("installed, the desktop entry opens a canvas file with the app, which previews its import", async () => {
  // The file types: a *.canvas.json is the package's canvas type, and the
  // desktop entry offers the app for it and for workspaces, passing the files.
  const globs = readFileSync("/usr/share/mime/globs2", "utf8");
  assert.match(globs, /^\d+:application\/x-meshcanvas-canvas\+json:\*\.canvas\.json$/m);
  assert.match(globs, /^\d+:application\/x-meshcanvas-workspace:\*\.meshcanvas\.db$/m);
  const entry = readFileSync(DESKTOP_ENTRY, "utf8");
  assert.match(entry, /^Name=Mesh Canvas$/m);
  assert.match(entry, /^Categories=Development;$/m);
  assert.match(
    entry,
    /^MimeType=application\/x-meshcanvas-canvas\+json;application\/x-meshcanvas-workspace;$/m,
  );
  const exec = /^Exec=(.*)$/m.exec(entry)?.[1].split(" ") ?? [];
  assert.equal(exec.at(-1), "%F", `the entry passes the files it is opened with: ${exec}`);
  assert.equal(`/usr/bin/${exec[0]}`, process.env.MESHCANVAS_APP);

  // Started as the file manager starts it, on a double-click on a canvas.
  const home = tempDir("installed-home");
  const canvas = join(home, "orders.canvas.json");
  copyFileSync(join(SEED, "sales/orders.canvas.json"), canvas);
  app = await launch(null, {
    home,
    args: exec.slice(1).flatMap((a) => (a === "%F" ? [canvas] : [a])),
  });
  await app.find("import-dialog");
  assert.match(await app.text("import-0-met"), /orders is in this workspace/);
  assert.equal(await app.text("import-confirm"), "Import 1");
});

test("installed, the command line works on its own: version, manual page, completions", () => {
  const version = spawnSync("/usr/bin/meshcanvas", ["--version"], { encoding: "utf8" });
  assert.equal(version.status, 0, version.stderr);
  assert.match(version.stdout, /^meshcanvas \d+\.\d+\.\d+ \(commit [0-9a-f]{12}\)$/m);
  const man = spawnSync("man", ["-w", "meshcanvas"], { encoding: "utf8" });
  assert.equal(man.stdout.trim(), "/usr/share/man/man1/meshcanvas.1.gz", man.stderr);
  for (const file of [
    "/usr/share/bash-completion/completions/meshcanvas",
    "/usr/share/zsh/vendor-completions/_meshcanvas",
    "/usr/share/fish/vendor_completions.d/meshcanvas.fish",
  ]) {
    assert.match(readFileSync(file, "utf8"), /meshcanvas/, file);
  }
  // It checks with the standards the package carries, from any folder.
  const check = spawnSync(
    "/usr/bin/meshcanvas",
    ["check", join(SEED, "sales/orders.canvas.json"), "--format", "json"],
    { encoding: "utf8", cwd: tempDir("installed-cli") },
  );
  assert.equal(check.status, 0, check.stderr);
  const report = JSON.parse(check.stdout);
  assert.equal(report.canvases.length, 1);
  assert.equal(report.canvases[0].counts.errors, 0);
});
