// Change control as a product owner meets it (issue 12): the example mesh's
// customer-consent product is active and customer-segments reads its
// consents port. Released, then a field removed from that port: the save is
// held and the dialog names the change and customer-segments before anything
// is saved; saved anyway, the mesh map marks the port and its reader, and
// the versioning finding stays until the major version is raised; a
// deprecated port needs its sunset date.
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { launch, tempDir } from "../lib/app.mjs";

const SEED = new URL("../../examples/", import.meta.url).pathname;
const VERSION_RULE = "version-says-what-changed";
let app;

before(async () => {
  app = await launch(`${tempDir("change")}/workspace`, { seed: SEED });
});
afterEach(async (t) => {
  await app?.snap(`change-${t.name}`);
});
after(async () => {
  await app?.quit();
});

const saveState = async () => (await app.find("save-status")).getAttribute("data-state");

async function findingsFor(rule) {
  return app.driver.executeScript(
    `return [...document.querySelectorAll('[data-testid="finding-item"]')]
       .filter((el) => el.getAttribute("data-rule") === arguments[0]).length;`,
    rule,
  );
}

test("a release is marked in the history", async () => {
  await app.click("canvas-tile-customer-consent");
  await app.find("board");
  await app.click("history-open");
  const panel = await app.find("history-panel");
  assert.match(await app.text("history-release", panel), /Release 1\.2\.0/);
  await app.click("history-release", panel);
  await app.find("history-released-1");
  assert.equal(await findingsFor(VERSION_RULE), 0, "nothing changed since the release");
  await app.click("history-close");
});

test("removing a field others read holds the save and names who it breaks", async () => {
  await app.click("card-outputPort-consents");
  const inspector = await app.find("inspector");
  const row = await app.find("schema-field-1", await app.find("table-0", inspector));
  await app.click("schema-field-remove", row);

  const dialog = await app.find("impact-dialog");
  assert.match(await app.text("impact-readers", dialog), /customer-segments/);
  assert.match(await app.text("impact-changes", dialog), /field "purpose"/);
  assert.match(await app.text("impact-changes", dialog), /field-removed/);
  assert.equal(await saveState(), "held", "nothing is saved before the owner says so");

  // Keep editing: the dialog goes, the save stays held and can be reviewed.
  await app.click("impact-keep-editing", dialog);
  await app.until(async () => (await app.all("impact-dialog")).length === 0, "the dialog closes");
  assert.equal(await saveState(), "held");
  await app.click("impact-review");
  await app.click("impact-save-anyway", await app.find("impact-dialog"));
  await app.until(async () => (await saveState()) === "saved", "saved once confirmed");
});

test("the mesh map marks what releasing it now would break", async () => {
  await app.click("nav-mesh");
  await app.find("mesh");
  const node = await app.find("mesh-node-customer-consent");
  assert.equal(await node.getAttribute("data-breaking"), "true");
  assert.match(await node.getAttribute("title"), /consents/);
  const breaking = await app.driver.executeScript(
    `return [...document.querySelectorAll('[data-testid="mesh-edge"][data-breaking="true"]')]
       .map((el) => el.closest(".react-flow__edge")?.getAttribute("data-id") ?? el.textContent)`,
  );
  assert.equal(breaking.length, 1, JSON.stringify(breaking));
  assert.match(breaking[0], /consents.*customer-segments|customer-segments/);
  await app.click("nav-board");
  await app.find("board");
});

test("the versioning finding stays until the major version is raised", async () => {
  await app.until(
    async () => (await findingsFor(VERSION_RULE)) === 1,
    `no ${VERSION_RULE} finding after a breaking change since the release`,
  );
  await app.click("block-name");
  const inspector = await app.find("inspector");
  await app.type("inspector-field-productversion", "1.3.0", inspector);
  await app.until(async () => (await saveState()) === "saved", "the minor version is saved");
  assert.equal(await findingsFor(VERSION_RULE), 1, "a minor version does not say it breaks");
  await app.type("inspector-field-productversion", "2.0.0", inspector);
  await app.until(
    async () => (await findingsFor(VERSION_RULE)) === 0,
    `${VERSION_RULE} stayed after the major version was raised`,
  );
  // Raising the version breaks nobody: it saves without asking.
  await app.until(async () => (await saveState()) === "saved", "the major version is saved");
});

test("released again, the history gives the changelog between the two releases", async () => {
  await app.click("history-open");
  const panel = await app.find("history-panel");
  assert.match(await app.text("history-release", panel), /Release 2\.0\.0/);
  await app.click("history-release", panel);
  await app.until(
    async () => /Released 2\.0\.0/.test(await app.text("history-release")),
    "2.0.0 is released",
  );
  // Since the last release (2.0.0) nothing changed; from 1.2.0 to 2.0.0 it broke.
  await app.choose("history-since-from", "1.2.0");
  await app.choose("history-since-to", "2.0.0");
  await app.until(
    async () => /breaking/.test(await app.text("history-since-impact")),
    "the changelog from 1.2.0 to 2.0.0 says it broke",
  );
  assert.match(await app.text("history-since-release"), /field "purpose"/);
  assert.match(await app.text("history-since-release"), /customer-segments/);
});

test("a deprecated port says the day it goes", async () => {
  const SUNSET_RULE = "deprecated-port-has-sunset-date";
  await app.click("history-close");
  await app.click("card-outputPort-consents");
  const inspector = await app.find("inspector");
  await app.choose("inspector-field-status", "deprecated", inspector);
  // Deprecating breaks its readers: the owner confirms before it is saved.
  await app.click("impact-save-anyway", await app.find("impact-dialog"));
  await app.until(async () => (await saveState()) === "saved", "the deprecation is saved");
  await app.until(
    async () => (await findingsFor(SUNSET_RULE)) === 1,
    `no ${SUNSET_RULE} finding on a deprecated port without a sunset date`,
  );
  assert.match(await app.text("card-outputPort-consents"), /deprecated, no sunset/);
  await app.type("inspector-field-sunset", "2027-06-30", inspector);
  await app.until(
    async () => (await findingsFor(SUNSET_RULE)) === 0,
    `${SUNSET_RULE} stayed after the sunset date was set`,
  );
  assert.match(await app.text("card-outputPort-consents"), /sunset 2027-06-30/);
  // Announcing the day breaks nobody: it saves without asking.
  await app.until(async () => (await saveState()) === "saved", "the sunset date is saved");
});
