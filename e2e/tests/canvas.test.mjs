// A product owner's first canvas, as a user drives it: create a canvas, add
// an output port with a PII field, see the standards' finding on the card,
// fix it and see it go, undo an edit, restart the app and find it all saved.
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { Key } from "selenium-webdriver";
import { launch, tempDir } from "../lib/app.mjs";

const PII_RULE = "pii-field-is-confidential-or-restricted";
const workspace = `${tempDir("canvas")}/workspace`;
let app;
let portKey; // the card key of the output port we add, e.g. `outputPort:port-1`

before(async () => {
  app = await launch(workspace);
});
afterEach(async (t) => {
  await app?.snap(`canvas-${t.name}`);
});
after(async () => {
  await app?.quit();
});

/**
 * The findings panel's items for one rule, as `{ severity }` records. Read in
 * one script so a re-render between reading the list and reading an item's
 * attributes cannot leave the test holding a stale element.
 */
async function findingsFor(rule) {
  return app.driver.executeScript(
    `return [...document.querySelectorAll('[data-testid="finding-item"]')]
       .filter((el) => el.getAttribute("data-rule") === arguments[0])
       .map((el) => ({ severity: el.getAttribute("data-severity") }));`,
    rule,
  );
}

function cardId() {
  const [, id] = portKey.split(":");
  return `card-outputPort-${id}`;
}

async function savedState() {
  await app.until(
    async () => (await (await app.find("save-status")).getAttribute("data-state")) === "saved",
    "the canvas was not autosaved",
  );
}

test("create a canvas from the home view", async () => {
  await app.find("home");
  await app.click("home-new-canvas");
  const dialog = await app.find("new-canvas-dialog");
  await app.type("new-canvas-name", "Customer orders", dialog);
  await app.type("new-canvas-id", "customer-orders", dialog);
  await app.type("new-canvas-domain", "sales", dialog);
  await app.choose("new-canvas-template", "blank", dialog);
  // The classification is asked, not assumed.
  assert.equal(await (await app.find("new-canvas-create", dialog)).isEnabled(), false);
  await app.choose("new-canvas-archetype", "aggregate", dialog);
  await app.click("new-canvas-create", dialog);
  await app.until(
    async () => (await app.text("board-title")).includes("Customer orders"),
    "the board of the new canvas did not open",
  );
  assert.match(await (await app.find("archetype-aggregate")).getAttribute("class"), /\bon\b/);
});

test("add an output port with a PII field and see the finding on its card", async () => {
  await app.click("board-add-output-port");
  const inspector = await app.find("inspector");
  portKey = await inspector.getAttribute("data-key");
  assert.match(portKey, /^outputPort:/);

  // A new port starts with one table, named after the port, ready for fields.
  const table = await app.find("table-0", inspector);
  await app.click("schema-add-field", table);
  const row = await app.find("schema-field-0", table);
  await app.type("inspector-field-fieldname", "email", row);
  await app.click("inspector-field-pii", row);

  await app.until(async () => (await findingsFor(PII_RULE)).length === 1, `no ${PII_RULE} finding`);
  const [finding] = await findingsFor(PII_RULE);
  assert.equal(finding.severity, "error");
  // The card's badges, read in one script for the same reason as findingsFor.
  const badgeSeverities = () =>
    app.driver.executeScript(
      `return [...document.querySelectorAll(
         '[data-testid="' + arguments[0] + '"] [data-testid="finding-badge"]')]
         .map((b) => b.getAttribute("data-severity"));`,
      cardId(),
    );
  await app.until(
    async () => (await badgeSeverities()).includes("error"),
    "the port's card shows no error badge",
  );
});

test("classify the field confidential and see the finding go", async () => {
  // Right after the checkbox, as a person would: only typing merges into one
  // undo step (typingKey in ui/src/logic/history.ts), so this choice, the
  // tick before it and the typing before that are steps of their own.
  const row = await app.find("schema-field-0");
  await app.choose("inspector-field-classification", "confidential", row);
  await app.until(async () => (await findingsFor(PII_RULE)).length === 0, `${PII_RULE} stayed`);
});

test("undo takes back one edit at a time, redo reapplies them", async () => {
  const control = async (id) => app.find(id, await app.find("schema-field-0"));
  const classification = async () =>
    (await control("inspector-field-classification")).getAttribute("value");
  const pii = async () => (await control("inspector-field-pii")).isSelected();
  const name = async () => (await control("inspector-field-fieldname")).getAttribute("value");
  const ctrlZ = () =>
    app.driver.actions().keyDown(Key.CONTROL).sendKeys("z").keyUp(Key.CONTROL).perform();
  assert.equal(await classification(), "confidential");

  // The classification only: the field, its name and its PII tick stay.
  await ctrlZ();
  await app.until(async () => (await classification()) !== "confidential", "Ctrl+Z did not undo");
  assert.equal(await name(), "email");
  assert.equal(await pii(), true, "the first Ctrl+Z took back the PII tick too");

  // Then the tick only: the typed name stays.
  await ctrlZ();
  await app.until(async () => (await pii()) === false, "the second Ctrl+Z did not untick PII");
  assert.equal(await name(), "email", "the second Ctrl+Z took back the typing too");

  await app.click("redo");
  await app.until(async () => (await pii()) === true, "redo did not tick PII again");
  await app.click("redo");
  await app.until(async () => (await classification()) === "confidential", "redo did not redo");
  await savedState();
});

test("a second table gets fields of its own, and a removed one comes back with Undo", async () => {
  // Looked up afresh each time, as a re-render may replace what was found.
  const table = async (j) => app.find(`table-${j}`, await app.find("inspector"));
  const value = async (id, within) => (await app.find(id, within)).getAttribute("value");
  await app.click("table-add", await app.find("inspector"));
  await app.type("inspector-field-tablename", "order_lines", await table(1));
  await app.click("schema-add-field", await table(1));
  await app.type("inspector-field-fieldname", "order_id", await table(1));
  // The first table keeps its one field.
  assert.equal((await app.all("schema-field-1", await table(0))).length, 0);
  assert.equal(await value("inspector-field-fieldname", await table(0)), "email");
  await app.until(
    async () =>
      (await app.text("card-digest-counts", await app.find(cardId()))).includes("2 tables"),
    "the card does not count both tables",
  );

  // Removed at once, no confirm; the toast's Undo (or Ctrl+Z) brings it back.
  await app.click("table-remove", await table(1));
  await app.until(
    async () => (await app.all("table-1", await app.find("inspector"))).length === 0,
    "the table was not removed",
  );
  await app.click("toast-action");
  assert.equal(await value("inspector-field-tablename", await table(1)), "order_lines");
  assert.equal(await value("inspector-field-fieldname", await table(1)), "order_id");
  await savedState();
});

test("after a restart the canvas and its port are still there", async () => {
  await app.quit();
  app = await launch(workspace);
  await app.click("canvas-tile-customer-orders");
  await app.find("board");
  await app.click(cardId());
  const row = await app.find("schema-field-0", await app.find("inspector"));
  const name = await app.find("inspector-field-fieldname", row);
  assert.equal(await name.getAttribute("value"), "email");
  const select = await app.find("inspector-field-classification", row);
  assert.equal(await select.getAttribute("value"), "confidential");
});
