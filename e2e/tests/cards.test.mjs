// Cards keep their identity, as a product owner meets it: a new consumer
// given an existing consumer's id, and a new term renamed to an existing
// term in another case, are refused in the inspector as they are typed; no
// card leaves the board, the other card is untouched, and Ctrl+Z puts the
// canvas back as it was. A canvas file that already holds two cards with one
// id (edited by hand) shows both cards, each with the standard's error.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, afterEach, before, test } from "node:test";
import { By, Key } from "selenium-webdriver";
import { launch, tempDir } from "../lib/app.mjs";

const RULE = "card-ids-unique";
let app;

before(async () => {
  app = await launch(`${tempDir("cards")}/workspace`);
});
afterEach(async (t) => {
  await app?.snap(`cards-${t.name}`);
});
after(async () => {
  await app?.quit();
});

const ctrlZ = () =>
  app.driver.actions().keyDown(Key.CONTROL).sendKeys("z").keyUp(Key.CONTROL).perform();

/** Every card of a kind on the board: its id (from the test id), node, title and place. */
function cardsOf(kind) {
  return app.driver.executeScript(
    `const prefix = "card-" + arguments[0] + "-";
     return [...document.querySelectorAll('[data-testid^="' + prefix + '"]')].map((el) => {
       const node = el.closest(".react-flow__node");
       return {
         id: el.getAttribute("data-testid").slice(prefix.length),
         node: el.getAttribute("data-card"),
         title: el.querySelector(".card-title")?.textContent ?? "",
         place: node?.style.transform ?? "",
       };
     });`,
    kind,
  );
}

/** The inspector's value of a field, looked up afresh. */
async function field(name) {
  return (await app.find(`inspector-field-${name}`, await app.find("inspector"))).getAttribute(
    "value",
  );
}

async function inspectorKey() {
  return (await app.find("inspector")).getAttribute("data-key");
}

/** A screenshot once the window has painted what the checks just read. */
async function snapAfterPaint(name) {
  await sleep(400);
  await app.snap(name);
}

async function saved() {
  await app.until(
    async () => (await (await app.find("save-status")).getAttribute("data-state")) === "saved",
    "the canvas was not autosaved",
  );
}

test("create a canvas with a consumer and a term", async () => {
  await app.click("home-new-canvas");
  const dialog = await app.find("new-canvas-dialog");
  await app.type("new-canvas-name", "Loyalty", dialog);
  await app.type("new-canvas-id", "loyalty", dialog);
  await app.type("new-canvas-domain", "customers", dialog);
  await app.choose("new-canvas-template", "blank", dialog);
  await app.choose("new-canvas-archetype", "source-aligned", dialog);
  await app.click("new-canvas-create", dialog);
  await app.find("board");

  await app.click("board-add-consumer");
  await app.type("inspector-field-id", "finance");
  await app.type("inspector-field-name", "Finance team");
  await app.until(async () => (await inspectorKey()) === "consumer:finance", "id not applied");

  await app.click("board-add-term");
  await app.type("inspector-field-term", "Tier");
  await app.until(async () => (await inspectorKey()) === "term:Tier", "term not applied");
  await saved();
});

test("a new consumer given an existing id is refused as it is typed, and Ctrl+Z restores", async () => {
  await app.click("board-add-consumer");
  await app.until(async () => (await inspectorKey()) === "consumer:consumer", "no new consumer");
  await saved();
  const before = await cardsOf("consumer");
  assert.deepEqual(
    before.map((c) => [c.id, c.title]),
    [
      ["finance", "Finance team"],
      ["consumer", "New consumer"],
    ],
  );
  const node = await (await app.find("inspector")).getAttribute("data-card");

  await app.type("inspector-field-id", "finance");
  const error = await app.text("inspector-field-id-error");
  assert.match(error, /Another consumer \(“Finance team”\) already has the id “finance”/);
  assert.match(error, /Not applied/);
  await snapAfterPaint("cards-consumer-id-refused");
  // The typed text stays in the box; the canvas has the last id that was free.
  assert.equal(await field("id"), "finance");
  assert.equal(await (await app.find("inspector")).getAttribute("data-card"), node);
  await app.until(async () => (await inspectorKey()) === "consumer:financ", "prefix not applied");

  // No card lost, none merged: both are on the board, the first untouched.
  const during = await cardsOf("consumer");
  assert.deepEqual(
    during.map((c) => [c.id, c.node]),
    [
      ["finance", before[0].node],
      ["financ", node],
    ],
  );
  assert.deepEqual(during[0], before[0]);
  assert.equal(during[1].place, before[1].place, "the new card moved while its id was typed");

  // Ctrl+Z, still in the box: the id typing is one step, taken back whole.
  await ctrlZ();
  await app.until(async () => (await field("id")) === "consumer", "Ctrl+Z did not restore the id");
  assert.equal((await app.all("inspector-field-id-error")).length, 0, "the refusal stayed");
  assert.deepEqual(await cardsOf("consumer"), before);

  // The other card, selected, still is what it was.
  await app.click("card-consumer-finance");
  assert.equal(await field("id"), "finance");
  assert.equal(await field("name"), "Finance team");
});

test("a new term renamed to an existing term in another case is refused", async () => {
  await app.click("board-add-term");
  await app.until(async () => (await inspectorKey()) === "term:New term", "no new term");
  const before = await cardsOf("term");
  assert.deepEqual(
    before.map((c) => c.id),
    ["Tier", "New term"],
  );

  await app.type("inspector-field-term", "tier");
  const error = await app.text("inspector-field-term-error");
  assert.match(error, /The term “Tier” is already defined \(terms differ in more than case\)/);
  assert.equal(await field("term"), "tier");
  await snapAfterPaint("cards-term-refused");
  const during = await cardsOf("term");
  assert.deepEqual(
    during.map((c) => [c.id, c.node]),
    [
      ["Tier", before[0].node],
      ["tie", before[1].node],
    ],
  );
  assert.deepEqual(during[0], before[0]);

  // Ctrl+Z takes back the typing whole.
  await ctrlZ();
  await app.until(async () => (await field("term")) === "New term", "Ctrl+Z did not restore");
  assert.equal((await app.all("inspector-field-term-error")).length, 0, "the refusal stayed");
  assert.deepEqual(await cardsOf("term"), before);

  // A free term is applied at once.
  await app.type("inspector-field-term", "Tier level");
  await app.until(async () => (await inspectorKey()) === "term:Tier level", "not applied");
  assert.equal((await app.all("inspector-field-term-error")).length, 0);
});

test("Backspace deletes a card only with the card itself focused", async () => {
  const backspace = () => app.driver.actions().sendKeys(Key.BACK_SPACE).perform();
  const policies = async () => (await cardsOf("policy")).map((c) => c.id);
  // Added from the toolbar: selected, but the focus is on the toolbar's button.
  await app.click("board-add-policy");
  await app.until(async () => (await inspectorKey()) === "policy:policy", "no new policy");
  await backspace();
  await app.find("inspector");
  assert.deepEqual(await policies(), ["policy"], "Backspace deleted a card it did not focus");

  // Clicked: the card has the focus, and Backspace deletes it.
  await app.click("card-policy-policy");
  await backspace();
  await app.until(async () => (await policies()).length === 0, "Backspace did not delete");
  await ctrlZ();
  await app.until(async () => (await policies()).length === 1, "Ctrl+Z did not bring it back");
});

test("a number box keeps text that is not a number and says so", async () => {
  await app.click("board-add-output-port");
  await app.click("slo-add", await app.find("inspector"));
  const row = await app.find("slo-0");
  const alarm = await app.type("slo-alarm", "ninety", row);
  assert.equal(await alarm.getAttribute("value"), "ninety");
  assert.match(await app.text("slo-alarm-error", row), /“ninety” is not a number/);
  await snapAfterPaint("cards-alarm-not-a-number");
  await app.type("slo-alarm", "90", row);
  await app.until(
    async () => (await app.all("slo-alarm-error", row)).length === 0,
    "the error stayed after a number was typed",
  );
});

test("a file with two cards of one id shows both, each with an error", async () => {
  // The returns canvas of the example mesh, edited by hand: a second
  // consumer with the first one's id, and a term repeated in lower case.
  const folder = tempDir("cards-seed");
  const canvas = JSON.parse(
    readFileSync(new URL("../../examples/sales/returns.canvas.json", import.meta.url), "utf8"),
  );
  const first = canvas.consumers[0];
  canvas.consumers.push({ ...first, name: "Audit copy" });
  const term = canvas.ubiquitousLanguage[0];
  canvas.ubiquitousLanguage.push({ ...term, term: term.term.toLowerCase() });
  mkdirSync(join(folder, "sales"));
  writeFileSync(join(folder, "sales", "returns.canvas.json"), JSON.stringify(canvas, null, 2));

  await app.quit();
  app = await launch(`${tempDir("cards-file")}/workspace`, { seed: folder });
  await app.click(`canvas-tile-${canvas.product.id}`);
  await app.find("board");

  const twins = async () =>
    (await cardsOf("consumer")).filter((c) => c.id === first.id).map((c) => c.title);
  assert.deepEqual(await twins(), [first.name, "Audit copy"]);

  const findings = () =>
    app.driver.executeScript(
      `return [...document.querySelectorAll('[data-testid="finding-item"]')]
         .filter((el) => el.getAttribute("data-rule") === arguments[0])
         .map((el) => el.getAttribute("data-pointer"));`,
      RULE,
    );
  const n = canvas.consumers.length - 1;
  const t = canvas.ubiquitousLanguage.length - 1;
  await app.until(async () => (await findings()).length === 4, `no ${RULE} findings`);
  assert.deepEqual((await findings()).sort(), [
    "/consumers/0/id",
    `/consumers/${n}/id`,
    "/ubiquitousLanguage/0/term",
    `/ubiquitousLanguage/${t}/term`,
  ]);
  // Each of the two consumer cards carries its own error badge.
  const badges = await app.driver.executeScript(
    `return [...document.querySelectorAll('[data-testid="card-consumer-' + arguments[0] + '"]')]
       .map((el) => el.querySelector('[data-testid="finding-badge"][data-severity="error"]') !== null);`,
    first.id,
  );
  assert.deepEqual(badges, [true, true]);

  // The second card says so in the inspector, and takes an id of its own.
  // Clicking the second one's finding selects that card, not its twin.
  const second = await (await app.all(`card-consumer-${first.id}`))[1].getAttribute("data-card");
  const item = await app.driver.findElement(
    By.css(`[data-testid="finding-item"][data-pointer="/consumers/${n}/id"] .finding-msg`),
  );
  await item.click();
  await app.until(
    async () => (await (await app.find("inspector")).getAttribute("data-card")) === second,
    "the second card was not selected",
  );
  assert.match(await app.text("inspector-field-id-error"), /already has the id/);
  await snapAfterPaint("cards-file-twin-selected");
  await app.type("inspector-field-id", "audit-copy");
  await app.until(async () => (await findings()).length === 2, "the consumer findings stayed");
  assert.deepEqual(await twins(), [first.name]);
});
