// Export as a user does it: open the export dialog of a canvas, see the ODPS
// document, the ODCS contracts, the canvas file and the index it would write,
// the canvas file under its own heading, type a folder
// into the dialog's folder field (the native folder chooser is out of
// WebDriver's reach; the typed field is the same path to the same write),
// write, and check the bundle on disk against its index.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, test } from "node:test";
import { Key } from "selenium-webdriver";
import { launch, tempDir } from "../lib/app.mjs";

const SEED = new URL("../../examples/", import.meta.url).pathname;
let app;

before(async () => {
  app = await launch(`${tempDir("export")}/workspace`, { seed: SEED });
});
afterEach(async (t) => {
  await app?.snap(`export-${t.name}`);
});
after(async () => {
  await app?.quit();
});

/** SHA-256 of a file's bytes, lower-case hex (what the index records). */
function sha256(file) {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/**
 * Starts watching the export dialog: from now on, whether its preview ever
 * left the page (the dialog went back to "Preparing preview…"), even for a
 * frame too short to poll.
 */
async function watchPreview() {
  await app.driver.executeScript(`
    const has = () => !!document.querySelector('[data-testid="export-preview"]');
    window.__e2ePreviewGone = !has();
    window.__e2ePreviewWatch?.disconnect();
    window.__e2ePreviewWatch = new MutationObserver(() => {
      if (!has()) window.__e2ePreviewGone = true;
    });
    window.__e2ePreviewWatch.observe(document.body, { childList: true, subtree: true });
  `);
}

/** Whether the preview left the page since `watchPreview()`. */
async function previewWasGone() {
  return app.driver.executeScript("return window.__e2ePreviewGone");
}

/** Resolves once the page has painted `n` more frames. */
async function afterFrames(n) {
  await app.driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    let left = ${n};
    const step = () => (--left > 0 ? requestAnimationFrame(step) : done());
    requestAnimationFrame(step);
  `);
}

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

test("the export dialog previews the canvas's manifests", async () => {
  await app.click("canvas-tile-orders");
  await app.find("board");
  await app.click("export-open");
  const preview = await app.find("export-preview");
  const odps = await app.driver.executeScript("return arguments[0].textContent", preview);
  assert.match(odps, /apiVersion: v1\.0\.0/);
  assert.match(odps, /kind: DataProduct/);
  const files = await app.all("export-file-4");
  assert.equal(files.length, 1, "ODPS, two ODCS contracts, the canvas and the index are listed");
  const canvases = await app.text("export-group-canvases");
  assert.match(canvases, /canvases\/sales\/orders\.canvas\.json/, `the canvas group: ${canvases}`);
  const manifests = await app.text("export-group-manifests");
  assert.doesNotMatch(manifests, /canvas\.json/, "the canvas file is not among the manifests");

  // The product's ODPS version is the user's choice, as on the command line.
  await app.choose("export-odps-version", "v1.1.0");
  await app.until(
    async () => /apiVersion: v1\.1\.0/.test(await app.text("export-preview")),
    "the preview shows the product as ODPS v1.1.0",
  );
  await app.choose("export-odps-version", "v1.0.0");
  await app.until(
    async () => /apiVersion: v1\.0\.0/.test(await app.text("export-preview")),
    "the preview shows the product as ODPS v1.0.0 again",
  );
});

test("writing the bundle into a typed folder puts the files the index lists on disk", async () => {
  await app.find("export-dialog");
  const out = join(tempDir("bundle"), "bundle");
  await app.type("export-folder", out);
  await app.until(
    async () => (await app.find("export-write")).isEnabled(),
    "the write button stays disabled with a folder typed",
  );
  await app.click("export-write");
  const result = await app.text("export-result");
  assert.match(result, /Wrote 5 files/);
  assert.ok(result.includes(out), `the summary names the folder: ${result}`);

  const indexFile = join(out, "index.yaml");
  assert.ok(existsSync(indexFile), "index.yaml is written");
  const index = readFileSync(indexFile, "utf8");
  assert.match(index, /kind: MeshCanvasBundle/);
  assert.match(index, /- id: orders\b/, "the index lists the product");

  const odps = "products/sales/orders.odps.yaml";
  assert.ok(existsSync(join(out, odps)), `${odps} is written`);
  const contractDir = join(out, "contracts/sales/orders");
  const contracts = readdirSync(contractDir)
    .filter((f) => f.endsWith(".odcs.yaml"))
    .map((f) => `contracts/sales/orders/${f}`);
  assert.equal(contracts.length, 2, `two ODCS contracts in ${contractDir}: ${contracts}`);
  assert.match(readFileSync(join(out, odps), "utf8"), /kind: DataProduct/);
  assert.doesNotMatch(
    readFileSync(join(out, odps), "utf8"),
    /meshcanvas\.layout/,
    "the board stays out of the product",
  );
  const canvas = "canvases/sales/orders.canvas.json";
  assert.ok(existsSync(join(out, canvas)), `${canvas} is written`);

  // Each file's hash on disk is the one the index records next to its path.
  for (const path of [odps, ...contracts, canvas]) {
    const hash = sha256(join(out, path));
    const entry = new RegExp(
      `path: ${escape(path)}\\s+kind: (odps|odcs|canvas)\\s+sha256: ([0-9a-f]{64})`,
    );
    const m = index.match(entry);
    assert.ok(m, `the index lists ${path} with its hash`);
    assert.equal(m[2], hash, `the SHA-256 of ${path} matches the index`);
  }
  // And the index lists no file that is not on disk.
  const listed = [...index.matchAll(/path: (\S+)/g)].map((m) => m[1]).sort();
  assert.deepEqual(listed, [odps, ...contracts, canvas].sort());
});

test("the preview stays while the board renders again and updates in place", async () => {
  await app.find("export-dialog");
  await app.until(
    async () => /kind: DataProduct/.test(await app.text("export-preview")),
    "the YAML preview shows",
  );
  await watchPreview();
  // Ctrl+J toggles the findings panel behind the dialog: the board renders
  // again, and nothing the preview depends on changed.
  const panelShown = (await app.all("findings-panel")).length > 0;
  await app.driver.actions().keyDown(Key.CONTROL).sendKeys("j").keyUp(Key.CONTROL).perform();
  // The board has rendered again once the panel has come or gone; two
  // animation frames later React has also run the effects of that render.
  await app.until(
    async () => (await app.all("findings-panel")).length > 0 !== panelShown,
    "Ctrl+J did not toggle the findings panel",
  );
  await afterFrames(2);
  assert.equal(await previewWasGone(), false, "the preview stayed while the board rendered again");
  assert.match(await app.text("export-preview"), /kind: DataProduct/);

  // A new encoding fetches the preview again; the old one stays on screen
  // until the new one is there.
  await app.choose("export-encoding", "json");
  await app.until(
    async () => /"kind": "DataProduct"/.test(await app.text("export-preview")),
    "the preview shows the ODPS document as JSON",
  );
  assert.equal(await previewWasGone(), false, "the preview stayed while the JSON one loaded");
  const files = await app.text("export-file-0");
  assert.match(files, /\.odps\.json/, `the file list names JSON files: ${files}`);
});
