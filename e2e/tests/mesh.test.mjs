// The mesh map on the example mesh, as a person uses it: select a product
// and see its lineage highlighted, drag a product and find it where it was
// put after leaving the map, double-click a product to open its board.
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { Origin } from "selenium-webdriver";
import { launch, tempDir } from "../lib/app.mjs";

const SEED = new URL("../../examples/", import.meta.url).pathname;
let app;

before(async () => {
  app = await launch(`${tempDir("mesh")}/workspace`, { seed: SEED });
});
afterEach(async (t) => {
  await app?.snap(`mesh-${t.name}`);
});
after(async () => {
  await app?.quit();
});

/** Every product's highlight, read in one script (React may re-render between reads). */
function highlights() {
  return app.driver.executeScript(
    `return Object.fromEntries([...document.querySelectorAll('[data-testid^="mesh-node-"]')]
       .map((el) => [el.dataset.testid.slice("mesh-node-".length), el.dataset.highlight]));`,
  );
}

/** A product's position on the map (its node's translate, in map units). */
function positionOf(id) {
  return app.driver.executeScript(
    `const el = document.querySelector('.react-flow__node[data-id="' + arguments[0] + '"]');
     const m = el && /translate\\(([-\\d.]+)px, ?([-\\d.]+)px\\)/.exec(el.style.transform);
     return m ? { x: Number(m[1]), y: Number(m[2]) } : null;`,
    id,
  );
}

/** How many port-link edges the map draws. */
function edgeCount() {
  return app.driver.executeScript(
    `return document.querySelectorAll('[data-testid="mesh-edge"]').length`,
  );
}

test("selecting a product highlights what it reads from and what reads from it", async () => {
  await app.click("nav-mesh");
  await app.find("mesh");
  await app.click("mesh-node-daily-revenue");
  await app.until(
    async () => (await highlights())["daily-revenue"] === "selected",
    "the clicked product is not highlighted as selected",
  );
  const hl = await highlights();
  assert.equal(hl.orders, "upstream", `orders feeds daily revenue: ${JSON.stringify(hl)}`);
  assert.equal(hl["margin-by-category"], "downstream", JSON.stringify(hl));
  assert.equal(hl["customer-consent"], "dim", JSON.stringify(hl));
  const legend = await app.text("mesh-legend");
  assert.match(legend, /daily-revenue/);
  assert.match(legend, /upstream/);
});

test("every link has an arrowhead at the product that reads it", async () => {
  // Each edge's head ends where its curve ends: at the reader's side.
  const heads = await app.driver.executeScript(
    `return [...document.querySelectorAll('[data-testid="mesh-edge"]')].map((g) => {
       const curve = g.querySelector('.react-flow__edge-path');
       const head = g.querySelector('.mesh-edge-arrow');
       if (!curve || !head) return null;
       const end = curve.getPointAtLength(curve.getTotalLength());
       // "M x,y L tipX,tipY L x,y Z": the tip is the second point.
       const [x, y] = head.getAttribute('d').split(' ')[1].slice(1).split(',').map(Number);
       return { dx: Math.abs(end.x - x), dy: Math.abs(end.y - y), fill: getComputedStyle(head).fill };
     });`,
  );
  assert.ok(heads.length > 0, "the example mesh has links");
  for (const h of heads) {
    assert.ok(h, "an edge without an arrowhead");
    assert.ok(h.dx < 0.5 && h.dy < 0.5, `the head is not at the curve's end: ${JSON.stringify(h)}`);
    assert.notEqual(h.fill, "none", "the head is drawn filled");
  }
});

test("a product dragged on the map stays where it was put", async () => {
  const node = await app.find("mesh-node-stock-levels");
  const before = await positionOf("stock-levels");
  assert.ok(before, "the product's position is readable");
  const edgesBefore = await edgeCount();
  await app.driver
    .actions({ async: true })
    .move({ origin: node })
    .press()
    .move({ origin: Origin.POINTER, x: 20, y: 40, duration: 200 })
    .move({ origin: Origin.POINTER, x: 20, y: 40, duration: 200 })
    .release()
    .perform();
  let moved;
  await app.until(async () => {
    moved = await positionOf("stock-levels");
    return moved && moved.y > before.y + 20;
  }, "the product did not move with the pointer");
  // The drag drew the product and its edges in a layer of their own; once
  // dropped, the map's own product and edges are back and the layer gone.
  await app.until(
    async () =>
      (await app.driver.executeScript(
        `return !document.querySelector("[data-testid=mesh-drag-layer]") &&
          !document.querySelector(".mesh-drag-hidden")`,
      )) && (await edgeCount()) === edgesBefore,
    "the product and its edges were not given back to the map after the drop",
  );

  await app.click("nav-home");
  await app.find("home");
  await app.click("nav-mesh");
  await app.find("mesh-node-stock-levels");
  const back = await positionOf("stock-levels");
  assert.deepEqual(
    { x: Math.round(back.x), y: Math.round(back.y) },
    { x: Math.round(moved.x), y: Math.round(moved.y) },
    "the moved product is where it was left",
  );
});

test("a product added to the mesh does not reshuffle the map", async () => {
  const ids = ["orders", "returns", "daily-revenue", "customer-consent", "churn-score"];
  const before = {};
  for (const id of ids) before[id] = await positionOf(id);
  await app.click("nav-home");
  await app.click("home-new-canvas");
  const dialog = await app.find("new-canvas-dialog");
  await app.type("new-canvas-name", "Refunds", dialog);
  await app.type("new-canvas-domain", "sales", dialog);
  await app.choose("new-canvas-archetype", "aggregate", dialog);
  await app.click("new-canvas-create", dialog);
  await app.find("board");
  await app.click("nav-mesh");
  await app.find("mesh-node-refunds");
  for (const id of ids) {
    const now = await positionOf(id);
    assert.deepEqual(now, before[id], `${id} stayed where it was`);
  }
});

test("double-clicking a product opens its board", async () => {
  const node = await app.find("mesh-node-orders");
  await app.driver.actions({ async: true }).doubleClick(node).perform();
  await app.find("board");
  assert.equal(await app.text("board-title"), "Orders");
});
