// Opening files from outside: a double-click in a file manager starts the
// app with the file's path (the .deb registers the canvas and workspace
// file types), as does a path on the command line. A workspace file opens
// that workspace instead of the default one; a canvas beside it is
// previewed for import into it, and nothing is added before "Import".
import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, test } from "node:test";
import { launch, tempDir } from "../lib/app.mjs";

const SEED = new URL("../../examples/", import.meta.url).pathname;

let app;
afterEach(async (t) => {
  await app?.snap(`open-with-${t.name}`);
});
after(async () => {
  await app?.quit();
});

test("a workspace file the app is opened with is the workspace it opens, and a canvas with it is previewed for import there", async () => {
  // A team's workspace, made and seeded by an earlier start of the app.
  const team = `${tempDir("open-with-team")}/workspace`;
  app = await launch(team, { seed: SEED });
  await app.find("canvas-tile-orders");
  await app.quit();
  const teamFile = join(team, "workspace.meshcanvas.db");

  // Started as a file manager starts it: the default workspace is another,
  // the files are the workspace and a canvas.
  const files = tempDir("open-with-files");
  const canvas = join(files, "orders.canvas.json");
  copyFileSync(join(SEED, "sales/orders.canvas.json"), canvas);
  const other = `${tempDir("open-with-default")}/workspace`;
  app = await launch(other, { args: [teamFile, canvas] });

  await app.until(
    async () => (await app.text("home-workspace-path")) === teamFile,
    `the home view does not show the workspace opened with: ${teamFile}`,
  );
  await app.find("canvas-tile-orders");
  // The canvas is previewed against the opened workspace, where orders is.
  await app.find("import-dialog");
  assert.equal((await app.all("import-row-0")).length, 1, "only the canvas is previewed");
  assert.match(await app.text("import-0-met"), /orders is in this workspace/);
  assert.equal((await app.all("canvas-tile-orders-2")).length, 0, "nothing is added before Import");
});
