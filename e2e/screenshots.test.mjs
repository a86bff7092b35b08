// Each view of the app, from the real window under Xvfb, on a workspace
// seeded with the example mesh: `make screenshots` writes them into
// docs/screenshots/ for the README.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { Key } from "selenium-webdriver";
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

test("a workshop started from a template", async () => {
  await app.click("nav-home");
  await app.click("home-new-canvas");
  const dialog = await app.find("new-canvas-dialog");
  await app.type("new-canvas-name", "Customer 360", dialog);
  await app.type("new-canvas-id", "customer-360", dialog);
  await app.type("new-canvas-domain", "customers", dialog);
  await app.choose("new-canvas-template", "blank", dialog);
  await app.choose("new-workshop-template", "aggregate", dialog);
  await app.click("new-canvas-create", dialog);
  await app.find("workshop");
  await app.click("workshop-jump-3");
  await shot("workshop");
});

test("a workshop step in progress", async () => {
  await app.click("workshop-jump-4");
  const input = await app.find("sticky-input");
  await input.sendKeys("Churn risk score by customer", Key.ENTER);
  await (await app.find("sticky-input")).sendKeys("Fresh within 1 day", Key.ENTER);
  const [convert] = await app.driver.findElements({ css: '[data-testid^="sticky-convert-"]' });
  await convert.click();
  await app.click("convert-outputPort", await app.find("sticky-convert-menu"));
  await app.click("workshop-inspector-close");
  await shot("workshop-step");
});
