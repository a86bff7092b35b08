// A workspace that cannot be opened does not stop the app: started on a
// file that is not a workspace, it shows the home view with an error naming
// the file, leaves the file as it was, and lets the user open or create
// another workspace (typed paths: the native folder chooser is out of
// WebDriver's reach; the typed field calls the same commands).
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, afterEach, test } from "node:test";
import { launch, tempDir } from "../lib/app.mjs";

const NOT_A_WORKSPACE = Buffer.from("these are my notes, not a Mesh Canvas workspace\n");
let app;

afterEach(async (t) => {
  await app?.snap(`workspace-error-${t.name}`);
});
after(async () => {
  await app?.quit();
});

/** A file of text bytes where the app expects a workspace. */
function textFile() {
  const file = join(tempDir("notws"), "notes.meshcanvas.db");
  writeFileSync(file, NOT_A_WORKSPACE);
  return file;
}

async function problemShown(file) {
  await app.find("home");
  const panel = await app.find("home-workspace-error");
  const text = await app.driver.executeScript("return arguments[0].textContent", panel);
  assert.ok(text.includes(file), `the error names the file ${file}: ${text}`);
  assert.match(text, /not a Mesh Canvas workspace/);
  assert.equal(await panel.getAttribute("data-code"), "notAWorkspace");
  assert.equal(await app.text("home-workspace-path"), "No workspace open");
  assert.equal(await (await app.find("home-new-canvas")).isEnabled(), false);
}

test("started on a file that is not a workspace, the home view names it; create another", async () => {
  const file = textFile();
  app = await launch(file);
  await problemShown(file);

  const fresh = join(tempDir("fresh"), "team");
  await app.type("home-workspace-path-input", fresh);
  await app.click("home-workspace-path-create");
  await app.until(
    async () => (await app.text("home-workspace-path")).startsWith(fresh),
    `the home view does not show the new workspace ${fresh}`,
  );
  assert.equal((await app.all("home-workspace-error")).length, 0, "the error is gone");

  // The new workspace works: a canvas can be created in it.
  await app.click("home-new-canvas");
  const dialog = await app.find("new-canvas-dialog");
  await app.type("new-canvas-name", "Store visits", dialog);
  await app.type("new-canvas-domain", "stores", dialog);
  await app.choose("new-canvas-archetype", "source-aligned", dialog);
  await app.click("new-canvas-create", dialog);
  await app.find("board");

  assert.deepEqual(readFileSync(file), NOT_A_WORKSPACE, "the file is unchanged");
  assert.deepEqual(
    readdirSync(dirname(file)),
    ["notes.meshcanvas.db"],
    "nothing written beside it",
  );
  await app.quit();
  app = null;
});

test("started on a file that is not a workspace, another existing workspace can be opened", async () => {
  // A workspace the app made on an earlier start.
  const good = join(tempDir("good"), "workspace");
  app = await launch(good);
  await app.until(
    async () => (await app.text("home-workspace-path")).startsWith(good),
    "the first start did not open its workspace",
  );
  await app.quit();

  const file = textFile();
  app = await launch(file);
  await problemShown(file);
  await app.type("home-workspace-path-input", good);
  await app.click("home-workspace-path-open");
  await app.until(
    async () => (await app.text("home-workspace-path")).startsWith(good),
    `the home view does not show the opened workspace ${good}`,
  );
  await app.find("home-empty");
  assert.deepEqual(readFileSync(file), NOT_A_WORKSPACE, "the file is unchanged");
});
