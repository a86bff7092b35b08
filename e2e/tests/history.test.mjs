// The history as a product owner uses it: autosaves fold into one line, a
// save point names a version, and a restore shows what it changes and asks
// before it saves the old version as the newest.
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { launch, tempDir } from "../lib/app.mjs";

const SEED = new URL("../../examples/", import.meta.url).pathname;
let app;

before(async () => {
  app = await launch(`${tempDir("history")}/workspace`, { seed: SEED });
});
afterEach(async (t) => {
  await app?.snap(`history-${t.name}`);
});
after(async () => {
  await app?.quit();
});

/** Types `text` as the purpose and waits until it is saved. */
async function savePurpose(text) {
  await app.type("inspector-field-purpose", text, await app.find("inspector"));
  await app.until(
    async () => (await (await app.find("save-status")).getAttribute("data-state")) === "saved",
    "the edit is saved",
  );
}

test("autosaves fold into one line, and a save point names a version", async () => {
  await app.click("canvas-tile-returns");
  await app.find("board");
  await app.click("block-purpose", undefined, ".block-head");
  await savePurpose("Every return, as booked: refunds, reasons and channels.");
  await savePurpose("Every return, as booked: refunds, reasons, channels and carriers.");
  await savePurpose("Every return, as booked, with its refund, reason and carrier.");
  await app.click("history-open");
  const panel = await app.find("history-panel");
  const fold = await app.find("history-autosaves", panel);
  assert.match(
    await app.driver.executeScript("return arguments[0].textContent", fold),
    /3 autosaves/,
  );

  await app.click("history-save-point");
  assert.equal(
    await (await app.find("save-point-confirm")).isEnabled(),
    false,
    "a message is needed",
  );
  await app.type("save-point-message", "Reviewed with the returns team");
  await app.click("save-point-confirm");
  // The newest revision is named; nothing new was saved for it.
  await app.until(
    async () =>
      (await app.all("history-panel")).length === 1 &&
      /Reviewed with the returns team/.test(await app.text("history-panel")),
    "the save point shows in the history",
  );
  const named = await app.driver.executeScript(
    `return [...document.querySelectorAll('[data-testid^="history-rev-"].save-point')]
       .map((el) => el.textContent)`,
  );
  assert.equal(named.length, 1, JSON.stringify(named));
  assert.match(named[0], /Reviewed with the returns team/);
});

test("a restore shows what it changes in plain words and asks first", async () => {
  // The seeded revision is the oldest: restore it.
  const first = await app.driver.executeScript(
    `const revs = [...document.querySelectorAll('[data-testid^="history-restore-"]')];
     return revs.length ? revs[revs.length - 1].dataset.testid : null;`,
  );
  assert.ok(first, "an older revision can be restored");
  await app.click(first);
  const dialog = await app.find("restore-dialog");
  await app.until(
    async () => (await app.all("diff-entry", dialog)).length > 0,
    "the restore shows what changes",
  );
  const changes = await app.text("restore-diff");
  assert.match(changes, /product › purpose/);
  assert.doesNotMatch(changes, /piiSummary|layout/);
  await app.click("restore-cancel");
  assert.equal((await app.all("restore-dialog")).length, 0);
  assert.match(await app.text("inspector-field-purpose"), /carrier/, "cancel changes nothing");

  await app.click(first);
  await app.click("restore-confirm");
  await app.until(
    async () => !/carrier/.test(await app.text("inspector-field-purpose")),
    "the old purpose is back",
  );
});
