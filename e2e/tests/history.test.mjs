// The history as a product owner uses it: autosaves fold into one line, a
// save point names a version, a restore shows what it changes and asks
// before it saves the old version as the newest, and an old revision can be
// looked at on the board, read-only, before restoring it.
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { Key } from "selenium-webdriver";
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

/** What the inspector's purpose box holds now. */
async function purposeBox() {
  return app.driver.executeScript(
    "return arguments[0].value",
    await app.find("inspector-field-purpose"),
  );
}

/** The revision the board's canvas is at, from the save status. */
async function boardRevision() {
  const title = await (await app.find("save-status")).getAttribute("title");
  const m = /revision (\d+)/.exec(title);
  assert.ok(m, `the save status names no revision: ${title}`);
  return Number(m[1]);
}

/** The numbers of every revision in the history panel, its autosaves unfolded. */
async function listedRevisions() {
  const panel = await app.find("history-panel");
  await app.until(
    async () => (await panel.findElements({ css: ".rev-list" })).length > 0,
    "the history is listed",
  );
  for (const head of await panel.findElements({
    css: '[data-testid="history-autosaves"] > button[aria-expanded="false"]',
  })) {
    // The list scrolls inside the panel: bring the line into its view first.
    await app.driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", head);
    await head.click();
  }
  return app.driver.executeScript(
    `return [...document.querySelectorAll('[data-testid^="history-rev-"]')]
       .map((el) => Number(el.dataset.testid.slice("history-rev-".length)))
       .sort((a, b) => a - b)`,
  );
}

/** Opens the history, unfolded, and previews `revision` from its line. */
async function preview(revision) {
  await app.click("history-open");
  await listedRevisions();
  await app.driver.executeScript(
    "arguments[0].scrollIntoView({ block: 'center' })",
    await app.find(`history-preview-${revision}`),
  );
  await app.click(`history-preview-${revision}`);
  await app.until(
    async () =>
      /Previewing revision (\d+)/.exec(await app.text("preview-banner"))?.[1] === String(revision),
    `the board shows revision ${revision}`,
  );
}

test("an old revision previewed on the board is read-only, changes nothing, and can be restored", async () => {
  const OLD = "Returns as they were when we previewed them.";
  const NOW = "Returns as they are now.";
  await app.click("history-close");
  await app.click("block-purpose", undefined, ".block-head");
  await savePurpose(OLD);
  const old = await boardRevision();
  await savePurpose(NOW);
  const now = await boardRevision();
  assert.ok(now > old, `${now} follows ${old}`);
  await app.click("history-open");
  const before = await listedRevisions();
  assert.equal(before.at(-1), now);

  await preview(old);
  const banner = await app.text("preview-banner");
  assert.match(banner, /read-only/);
  assert.match(banner, /saved \S/);
  assert.match(await app.text("history-panel"), /on the board/);
  // The board shows the old purpose; nothing on it or in the toolbar edits.
  assert.match(await app.text("block-purpose"), new RegExp(OLD));
  assert.doesNotMatch(await app.text("block-purpose"), new RegExp(NOW));
  assert.equal(
    await app.driver.executeScript("return document.querySelector('.board-flow').dataset.readOnly"),
    "true",
  );
  assert.equal((await app.all("board-add-consumer")).length, 0, "no toolbar adds");
  assert.equal((await app.all("block-add-consumers")).length, 0, "no block adds");
  assert.equal(await (await app.find("undo")).isEnabled(), false, "no undo");
  assert.equal(await (await app.find("export-open")).isEnabled(), false, "no export");
  assert.equal((await app.all("findings-panel")).length, 0, "no findings of another revision");
  await app.click("history-close");
  // Its cards can be read in the inspector, not changed.
  await app.click("block-purpose", undefined, ".block-head");
  const inspector = await app.find("inspector");
  await app.find("inspector-read-only", inspector);
  const field = await app.find("inspector-field-purpose", inspector);
  assert.equal(await field.isEnabled(), false, "the purpose cannot be typed into");
  assert.equal(await purposeBox(), OLD);
  await app.click("card-consumer-finance-refunds");
  assert.equal((await app.all("card-delete")).length, 0, "no delete button");
  await app.driver.actions().sendKeys(Key.BACK_SPACE).perform();
  await app.driver.actions().keyDown(Key.CONTROL).sendKeys("z").keyUp(Key.CONTROL).perform();
  await app.find("card-consumer-finance-refunds");
  assert.match(await app.text("preview-banner"), /Previewing revision/);

  // Back: the current purpose, the same revision, nothing saved.
  await app.click("preview-back");
  await app.until(async () => (await app.all("preview-banner")).length === 0, "the preview ends");
  await app.click("block-purpose", undefined, ".block-head");
  await app.until(async () => (await purposeBox()) === NOW, "the current purpose is back");
  assert.equal(await (await app.find("inspector-field-purpose")).isEnabled(), true);
  await app.find("card-consumer-finance-refunds");
  assert.equal(await boardRevision(), now);
  assert.equal(await (await app.find("save-status")).getAttribute("data-state"), "saved");
  await app.click("history-open");
  assert.deepEqual(await listedRevisions(), before, "the preview saved nothing");

  // Escape goes back too.
  await preview(old);
  await app.driver.actions().sendKeys(Key.ESCAPE).perform();
  await app.until(
    async () => (await app.all("preview-banner")).length === 0,
    "Escape ends the preview",
  );
  assert.deepEqual(await listedRevisions(), before, "the preview saved nothing");

  // Restored from the preview, through the confirmation (Escape cancels it
  // and stays on the preview).
  await preview(old);
  await app.click("preview-restore");
  const dialog = await app.find("restore-dialog");
  await app.until(
    async () => (await app.all("diff-entry", dialog)).length > 0,
    "the restore shows what changes",
  );
  assert.match(await app.text("restore-diff"), /product › purpose/);
  await app.driver.actions().sendKeys(Key.ESCAPE).perform();
  await app.until(async () => (await app.all("restore-dialog")).length === 0, "Escape cancels");
  assert.match(await app.text("preview-banner"), new RegExp(`Previewing revision ${old}`));
  await app.click("preview-restore");
  await app.click("restore-confirm");
  await app.until(async () => (await app.all("preview-banner")).length === 0, "the preview ends");
  await app.until(
    async () => (await boardRevision()) === now + 1,
    "the restore is the newest revision",
  );
  assert.match(await app.text("block-purpose"), new RegExp(OLD));
  await app.click("history-close");
  await app.click("block-purpose", undefined, ".block-head");
  await app.until(
    async () => (await purposeBox()) === OLD,
    "the restored purpose is in the inspector",
  );
  assert.equal(await (await app.find("inspector-field-purpose")).isEnabled(), true);
});
