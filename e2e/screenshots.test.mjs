// Each view of the app, from the real window under Xvfb, on a workspace
// seeded with the example mesh: `make screenshots` writes them into
// docs/screenshots/ for the README.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { launch, tempDir } from "./lib/app.mjs";

const OUT = process.env.MESHCANVAS_SCREENSHOTS ?? join(process.cwd(), "screenshots-tmp");
const SEED = new URL("../examples/", import.meta.url).pathname;
let app;

async function shot(name) {
  // Let layout, fonts and transitions settle before the picture.
  await sleep(800);
  // WebKitWebDriver's screenshot can be a frame painted before the DOM's
  // latest change (under Xvfb on a busy machine, over a second before: the
  // board without the export dialog the DOM already had, or the dialog still
  // "Preparing preview…"). Take pictures until two in a row agree.
  let picture = await app.screenshot();
  for (let i = 0; i < 10; i++) {
    await sleep(300);
    const next = await app.screenshot();
    if (next.equals(picture)) break;
    picture = next;
  }
  writeFileSync(join(OUT, `${name}.png`), picture);
}

before(async () => {
  mkdirSync(OUT, { recursive: true });
  app = await launch(`${tempDir("shots")}/workspace`, { seed: SEED });
});
after(async () => {
  await app?.quit();
});

test("home", async () => {
  await app.find("home");
  await app.until(async () => (await app.all("tile-findings")).length > 0, "no canvases listed");
  await shot("home");
});

test("board", async () => {
  const [tile] = await app.driver.findElements({ css: '[data-testid^="canvas-tile-"]' });
  await tile.click();
  await app.find("board");
  await shot("board");
});

test("export", async () => {
  await app.click("export-open");
  // Shoot once the preview shows the ODPS document (it stays once shown:
  // e2e/tests/export.test.mjs).
  await app.until(
    async () => /kind: DataProduct/.test(await app.text("export-preview")),
    "the export preview did not show the ODPS document",
  );
  await shot("export");
  await app.click("export-close");
});

test("history", async () => {
  await app.click("history-open");
  await app.find("history-panel");
  await shot("history");
  await app.click("history-close");
});

test("a breaking change held before it is saved", async () => {
  // The first tile is customer-consent, whose consents port others read.
  await app.click("history-open");
  await app.click("history-release", await app.find("history-panel"));
  await app.find("history-released-1");
  await app.click("history-close");
  await app.click("card-outputPort-consents");
  await app.click("schema-field-remove", await app.find("schema-field-1"));
  await app.find("impact-dialog");
  await shot("impact");
  await app.click("impact-save-anyway");
  await app.until(
    async () => (await (await app.find("save-status")).getAttribute("data-state")) === "saved",
    "the confirmed change was not saved",
  );
  await app.click("history-open");
  await app.find("history-since-release");
  await shot("history-release");
  await app.click("history-close");
});

test("an old revision previewed on the board", async () => {
  // Revision 1, the release, before the breaking change above: its
  // consents port still has the field removed since, read-only.
  await app.click("history-open");
  await app.click("history-preview-1", await app.find("history-panel"));
  await app.find("preview-banner");
  await app.click("history-close");
  await app.click("card-outputPort-consents");
  await app.find("inspector-read-only");
  await shot("history-preview");
  await app.click("preview-back");
});

test("mesh map", async () => {
  await app.click("nav-mesh");
  await app.find("mesh");
  await shot("mesh");
});

test("dark theme", async () => {
  await app.click("theme-toggle");
  await shot("mesh-dark");
  await app.click("theme-toggle");
});
