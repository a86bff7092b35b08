// Two people on one canvas, in two app windows (two processes, each with
// its own app state) on one workspace: edits to different fields both
// survive the second save, merged without a question; an edit to the same
// field is shown side by side and the second person chooses; nothing is
// overwritten.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, afterEach, before, test } from "node:test";
import { launch, tempDir } from "../lib/app.mjs";

const SEED = new URL("../../examples/", import.meta.url).pathname;
const workspace = `${tempDir("merge")}/workspace`;
let ana;
let ben;

before(async () => {
  ana = await launch(workspace, { seed: SEED });
  // Ben's app keeps its own state (window, recent workspaces) elsewhere.
  const own = tempDir("merge-ben-state");
  ben = await launch(workspace, {
    env: {
      XDG_DATA_HOME: join(own, "data"),
      XDG_CONFIG_HOME: join(own, "config"),
      XDG_CACHE_HOME: join(own, "cache"),
    },
  });
});
afterEach(async (t) => {
  await ana?.snap(`merge-ana-${t.name}`);
  await ben?.snap(`merge-ben-${t.name}`);
});
after(async () => {
  await ben?.quit();
  await ana?.quit();
});

async function saved(app, what) {
  await app.until(
    async () => (await (await app.find("save-status")).getAttribute("data-state")) === "saved",
    `${what} was not saved`,
  );
}

/** Opens the returns board and selects a block's facts in the inspector. */
async function openBlock(app, block) {
  await app.click(block, undefined, ".block-head");
  return app.find("inspector");
}

/** What the toasts on screen say. */
function toasts(app) {
  return app.driver.executeScript(
    `return [...document.querySelectorAll('[data-testid="toast"]')].map((t) => t.textContent).join(" | ");`,
  );
}

/** The value of an inspector field, read afresh. */
async function value(app, id) {
  return (await app.find(id)).getAttribute("value").then((v) => v ?? app.text(id));
}

test("both open the same canvas", async () => {
  for (const app of [ana, ben]) {
    await app.click("canvas-tile-returns");
    await app.find("board");
  }
});

test("edits to different fields both survive, merged without a question", async () => {
  await ana.type(
    "inspector-field-purpose",
    "Every return, with its refund and reason.",
    await openBlock(ana, "block-purpose"),
  );
  await saved(ana, "Ana's purpose");

  // Ben's board is still on the revision before Ana's save.
  await ben.type(
    "inspector-field-productname",
    "Returns and refunds",
    await openBlock(ben, "block-name"),
  );
  await ben.until(async () => /Merged with/.test(await toasts(ben)), "Ben's save was not merged");
  await saved(ben, "Ben's merged save");
  await openBlock(ben, "block-purpose");
  assert.match(
    await value(ben, "inspector-field-purpose"),
    /with its refund and reason/,
    "Ana's purpose is in Ben's merged canvas",
  );
  assert.equal((await ben.all("merge-dialog")).length, 0, "no question was asked");
});

test("the same field changed by both is shown side by side and chosen", async () => {
  // Ben, on his merged revision, rewrites the purpose; Ana, still on the
  // revision before Ben's saves, rewrites it too.
  await ben.type(
    "inspector-field-purpose",
    "Ben: every returned item with its refund.",
    await openBlock(ben, "block-purpose"),
  );
  await saved(ben, "Ben's purpose");
  await ana.type(
    "inspector-field-purpose",
    "Ana: every return, as booked.",
    await openBlock(ana, "block-purpose"),
  );
  const dialog = await ana.find("merge-dialog");
  const conflict = await ana.find("merge-conflict-0", dialog);
  const said = await ana.driver.executeScript("return arguments[0].textContent", conflict);
  assert.match(said, /purpose/);
  assert.match(said, /Ana: every return, as booked\./, "hers");
  assert.match(said, /Ben: every returned item with its refund\./, "the saved one, Ben's");
  assert.equal(await (await ana.find("merge-save", dialog)).isEnabled(), false, "a choice first");
  await ana.snap("merge-dialog");
  await ana.click("merge-ours-0", dialog);
  await ana.click("merge-save", dialog);
  await saved(ana, "Ana's chosen merge");

  // Ben's rename, saved in between, is kept beside Ana's chosen purpose.
  assert.match(await value(ana, "inspector-field-purpose"), /^Ana: every return/);
  await openBlock(ana, "block-name");
  assert.equal(await value(ana, "inspector-field-productname"), "Returns and refunds");
  // The history names the merged save (its list loads after the panel).
  await ana.click("history-open");
  await ana.until(
    async () => /Merged/.test(await ana.text("history-panel")),
    "the history does not show the merged save",
  );
});
