// The app starts on the workspace it is given and shows the workspace home.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch, tempDir } from "../lib/app.mjs";

let app;
const workspace = `${tempDir("smoke")}/workspace`;

before(async () => {
  app = await launch(workspace);
});
after(async () => {
  await app?.quit();
});

test("the app starts on the test workspace and shows the home view", async () => {
  await app.find("home");
  const path = await (await app.find("home-workspace-path")).getText();
  assert.ok(path.includes(workspace), `home shows workspace ${path}, expected ${workspace}`);
  // A workspace given by MESHCANVAS_WORKSPACE is not seeded: it starts empty.
  await app.find("home-empty");
});
