// The app starts on the workspace it is given and shows the workspace home.
import { after, afterEach, before, test } from "node:test";
import { launch, tempDir } from "../lib/app.mjs";

let app;
const workspace = `${tempDir("smoke")}/workspace`;

before(async () => {
  app = await launch(workspace);
});
afterEach(async (t) => {
  await app?.snap(`smoke-${t.name}`);
});
after(async () => {
  await app?.quit();
});

test("the app starts on the test workspace and shows the home view", async () => {
  await app.find("home");
  await app.until(
    async () => (await app.text("home-workspace-path")).includes(workspace),
    `home does not show the workspace ${workspace}`,
  );
  // A workspace given by MESHCANVAS_WORKSPACE is not seeded: it starts empty.
  await app.find("home-empty");
});
