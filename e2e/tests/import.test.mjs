// Importing as a product owner does it: the app is opened with files (as
// "Open with" does), the preview says what each becomes, a canvas that is
// already there is kept beside the new one, a contract is attached to an
// existing product, and nothing is added before "Import".
import assert from "node:assert/strict";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, test } from "node:test";
import { launch, tempDir } from "../lib/app.mjs";

const SEED = new URL("../../examples/", import.meta.url).pathname;
// A contract from another tool: its id is a UUID, its name is for people.
const CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: 7d2c4f6a-9b1e-4d3a-8c5f-1a2b3c4d5e6f
version: 1.0.0
status: active
name: Catalog with Maps
schema:
  - name: products
    physicalName: products
    properties:
      - name: sku
        logicalType: string
        required: true
`;

let app;
before(async () => {
  const files = tempDir("import-files");
  const orders = join(files, "orders.canvas.json");
  copyFileSync(join(SEED, "sales/orders.canvas.json"), orders);
  const contract = join(files, "catalog.odcs.yaml");
  writeFileSync(contract, CONTRACT);
  app = await launch(`${tempDir("import")}/workspace`, { seed: SEED, args: [orders, contract] });
});
afterEach(async (t) => {
  await app?.snap(`import-${t.name}`);
});
after(async () => {
  await app?.quit();
});

/** The value of an input, read afresh. */
async function value(id) {
  return (await app.find(id)).getAttribute("value");
}

test("files the app is opened with are previewed, with what they meet and the ids they would get", async () => {
  const dialog = await app.find("import-dialog");
  assert.equal((await app.all("import-row-0", dialog)).length, 1);
  assert.match(await app.text("import-0-met"), /orders is in this workspace/);
  assert.equal(
    await (await app.find("import-0-new")).isSelected(),
    true,
    "keep both is the default",
  );
  assert.equal(await value("import-0-id"), "orders-2");
  // The UUID stays the contract's id; the product id comes from its name.
  assert.equal(await value("import-1-id"), "catalog-with-maps");
  assert.equal(await value("import-1-name"), "Catalog with Maps");
  // Nothing is added before "Import".
  assert.equal((await app.all("canvas-tile-orders-2")).length, 0);
});

test("a taken id is refused as typed, and an attach needs its product", async () => {
  await app.type("import-0-id", "returns");
  assert.match(await app.text("import-0-problem"), /returns is in this workspace already/);
  assert.equal(await (await app.find("import-confirm")).isEnabled(), false);
  await app.type("import-0-id", "orders-2");
  await app.until(
    async () => (await app.all("import-0-problem")).length === 0,
    "a free id is taken",
  );

  await app.click("import-1-attach");
  assert.match(await app.text("import-1-problem"), /Choose the product/);
  assert.equal(await (await app.find("import-confirm")).isEnabled(), false);
  await app.choose("import-1-attach-to", "returns");
  await app.until(
    async () => (await app.find("import-confirm")).isEnabled(),
    "both choices can be applied",
  );
  assert.equal(await app.text("import-confirm"), "Import 2");
  assert.equal(await (await app.find("import-1-attach")).isSelected(), true);
});

test("keep both adds a second canvas, and attach gives the product the contract's port", async () => {
  await app.click("import-confirm");
  await app.until(async () => (await app.all("import-dialog")).length === 0, "the preview closes");
  // The toast says what came in. Dismissed, as a user would before clicking
  // beneath it: sliding in at the bottom, it took a click meant for a tile
  // scrolled to the bottom edge (seen twice in twenty loaded runs).
  assert.match(await app.text("toast"), /Imported 2 canvases/);
  await app.click("toast", undefined, ".toast-close");
  await app.until(async () => (await app.all("toast")).length === 0, "the toast closes");
  await app.find("canvas-tile-orders-2");
  await app.find("canvas-tile-orders");
  await app.click("canvas-tile-returns");
  await app.find("board");
  await app.find("card-outputPort-products");
});
