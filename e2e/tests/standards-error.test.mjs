// Standards packs that do not load do not stop the app: started with
// MESHCANVAS_STANDARDS on a folder whose pack is not JSON, or on a folder
// that does not exist, it shows the home view with a panel naming the file
// (or folder) and the problem, says in the top bar, the tiles and the
// findings panel that nothing is checked, and a canvas still opens, edits,
// saves and previews its export.
import assert from "node:assert/strict";
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, test } from "node:test";
import { launch, tempDir } from "../lib/app.mjs";

const SEED = new URL("../../examples/", import.meta.url).pathname;
const STANDARDS = new URL("../../canvas-schemas/standards/", import.meta.url).pathname;
let app;

afterEach(async (t) => {
  await app?.snap(`standards-error-${t.name}`);
});
after(async () => {
  await app?.quit();
});

/** A standards folder whose one pack is not JSON (line 3 is not a member). */
function malformedStandards() {
  const dir = tempDir("badstd");
  const file = join(dir, "global.pack.json");
  writeFileSync(file, '{\n  "id": "global",\n  oops\n}\n');
  return { dir, file };
}

/** The text of the home view's standards panel, once it shows. */
async function standardsPanel() {
  await app.find("home");
  const panel = await app.find("home-standards-error");
  return {
    panel,
    text: await app.driver.executeScript("return arguments[0].textContent", panel),
  };
}

test("a malformed pack: the home view names the file, nothing claims to meet the standards, a canvas still opens and saves", async () => {
  const { dir, file } = malformedStandards();
  app = await launch(`${tempDir("badstd-ws")}/workspace`, {
    seed: SEED,
    env: { MESHCANVAS_STANDARDS: dir },
  });

  const { panel, text } = await standardsPanel();
  assert.ok(text.includes(`${file}:3:3`), `the panel names the file and place: ${text}`);
  assert.equal(await panel.getAttribute("data-code"), "invalidStandards");
  assert.match(text, /no canvas is checked/);
  assert.match(text, /export goes out only when you choose to export unchecked/);
  assert.match(await app.text("standards-status"), /Standards not loaded/);

  // The workspace opened as usual; its canvases say they are not checked.
  const tile = await app.find("canvas-tile-orders");
  assert.equal(await app.text("tile-findings", tile), "not checked");
  assert.match(await app.text("home-summary"), /not checked: the standards are not loaded/);
  const claims = await app.driver.executeScript(
    "return document.body.textContent.includes('meets standards')",
  );
  assert.equal(claims, false, "no tile says it meets the standards");

  // A canvas opens and an edit is saved; the findings panel says it is not
  // checked rather than "all standards met".
  await tile.click();
  await app.find("board");
  await app.find("findings-unchecked");
  assert.equal((await app.all("findings-empty")).length, 0, "no 'All standards met'");
  await app.click("board-add-output-port");
  await app.until(
    async () => (await (await app.find("save-status")).getAttribute("data-state")) === "saved",
    "the edit was not saved",
  );
  assert.equal((await app.all("finding-item")).length, 0, "no findings without standards");

  // The export says it is not checked and is refused, as the CLI refuses,
  // until the user chooses to export unchecked.
  await app.click("export-open");
  await app.find("export-unchecked");
  await app.until(
    async () => /not checked/.test(await app.text("export-dialog")),
    "the export is refused as unchecked",
  );
  await app.click("export-allow-findings");
  await app.until(
    async () => /kind: DataProduct/.test(await app.text("export-preview")),
    "exported unchecked once chosen",
  );
});

test("MESHCANVAS_STANDARDS on a folder that does not exist: the panel names the folder", async () => {
  await app?.quit();
  const missing = join(tempDir("nostd"), "no-such-standards");
  app = await launch(`${tempDir("nostd-ws")}/workspace`, {
    env: { MESHCANVAS_STANDARDS: missing },
  });
  const { panel, text } = await standardsPanel();
  assert.ok(text.includes(missing), `the panel names the folder: ${text}`);
  assert.match(text, /no such folder/);
  assert.equal(await panel.getAttribute("data-code"), "io");
  // An empty workspace: a new canvas can still be created.
  await app.click("home-new-canvas");
  const dialog = await app.find("new-canvas-dialog");
  await app.type("new-canvas-name", "Store visits", dialog);
  await app.type("new-canvas-domain", "stores", dialog);
  await app.choose("new-canvas-archetype", "source-aligned", dialog);
  await app.click("new-canvas-create", dialog);
  await app.find("board");
  await app.find("findings-unchecked");
});

test("a pack whose policy needs gigabytes in one step: the app starts, and the canvas says which rule could not be checked", async () => {
  await app?.quit();
  // Before, such a policy ran in the app's own process and took it down
  // while it checked the workspace at start.
  const dir = tempDir("hogstd");
  cpSync(STANDARDS, dir, { recursive: true });
  const file = join(dir, "domains", "customers.pack.json");
  const policy =
    'package customers.sprintf\nimport rego.v1\ndeny contains "x" if {\n  count(sprintf("%0999999999d", [1])) < 0\n}\n';
  writeFileSync(
    file,
    JSON.stringify({
      id: "customers",
      version: "1.0.0",
      title: "Customers domain standards",
      owner: { kind: "domain", name: "Customers board" },
      extends: "global",
      domain: "customers",
      overrides: [],
      rules: [
        {
          id: "customers-sprintf",
          title: "Runs away",
          rationale: "A policy that asks for a gigabyte string.",
          severity: "error",
          scope: "canvas",
          hint: "None.",
          check: { kind: "rego", policy },
        },
      ],
    }),
  );
  app = await launch(`${tempDir("hogstd-ws")}/workspace`, {
    seed: SEED,
    env: { MESHCANVAS_STANDARDS: dir },
  });
  await app.find("home");
  assert.equal((await app.all("home-standards-error")).length, 0, "the packs loaded");
  await app.click("canvas-tile-customer-profiles");
  await app.find("board");
  const message = async () => {
    for (const item of await app.all("finding-item")) {
      if ((await item.getAttribute("data-rule")) === "customers-sprintf") {
        return app.driver.executeScript("return arguments[0].textContent", item);
      }
    }
    return "";
  };
  await app.until(async () => (await message()) !== "", "the rule that could not run is listed");
  const text = await message();
  assert.match(text, /this standard could not be checked/);
  assert.ok(text.includes(`${file}#customers-sprintf`), `names the pack file and rule: ${text}`);
  // Stopped by the worker's memory limit or, on a machine too busy to reach
  // it within the time limit, by the kill after it: both end the worker.
  const STOPPED =
    /stopped: (it needed more than the 1 GiB a policy may use|still running 500 ms after its time limit)/;
  assert.match(text, STOPPED);
  // The app goes on: an edit is checked (on a new worker) and saved.
  await app.click("board-add-output-port");
  await app.until(
    async () => (await (await app.find("save-status")).getAttribute("data-state")) === "saved",
    "the edit was not saved",
  );
  assert.match(await message(), STOPPED);
});
