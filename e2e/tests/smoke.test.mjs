// The app starts on the workspace it is given and shows the workspace home.
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { By } from "selenium-webdriver";
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

test("the app's state starts empty: no recent workspaces from other runs", async () => {
  await app.find("home");
  // Each launch gets its own XDG data/config/cache folders (e2e/lib/app.mjs),
  // so the only workspace the app can remember is the one it was started on.
  const recent = await app.driver.findElements(By.css('[data-testid^="home-recent-"]'));
  for (const el of recent) {
    const text = await app.driver.executeScript("return arguments[0].textContent", el);
    assert.ok(text.includes(workspace), `a recent workspace from elsewhere is listed: ${text}`);
  }
  assert.ok(recent.length <= 1, `${recent.length} recent workspaces listed`);
});
