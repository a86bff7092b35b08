// Memory of the app in the real window (issue 17): the app process and its
// WebKit processes at idle on the home view, a board and the mesh map with
// the example mesh open, then after a scripted editing session (15 minutes
// unless MEMORY_SESSION_MINUTES says otherwise), and the web view's floor
// (the page unloaded). `make bench-ui` runs it on the release build and
// prints one line per phase: PSS by process kind, in MiB (see lib/memory.mjs).
// The environment reaches the app, so WEBKIT_DISABLE_COMPOSITING_MODE=1
// measures it without accelerated compositing, which under Xvfb's software
// GL holds most of the web view's memory (docs/performance.md).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { launch, tempDir } from "./lib/app.mjs";
import { memoryLine, memoryOf } from "./lib/memory.mjs";

const SEED = new URL("../examples/", import.meta.url).pathname;
const MINUTES = Number(process.env.MEMORY_SESSION_MINUTES ?? 15);
// What each round of the session does: `all` (the default), or only
// `views` (open boards, the map, the history) or only `edits` (type, add
// and delete a card on one board), to tell which one makes memory grow.
const SESSION = process.env.MEMORY_SESSION ?? "all";
let app;

before(async () => {
  app = await launch(`${tempDir("bench-memory")}/workspace`, { seed: SEED });
});
after(async () => {
  await app?.quit();
});

/** Idle memory: after the view settles, the median of three samples. */
async function idle(phase) {
  await sleep(8_000);
  const samples = [];
  for (let i = 0; i < 3; i++) {
    samples.push(memoryOf(app.group));
    await sleep(2_000);
  }
  samples.sort((a, b) => a.pss - b.pss);
  const m = samples[1];
  console.log(memoryLine(phase, m));
  return m;
}

const saved = async () =>
  (await (await app.find("save-status")).getAttribute("data-state")) === "saved";

/** One round of a product owner's work on `product`. */
async function round(product, i) {
  const views = SESSION !== "edits";
  if (views) {
    await app.click("nav-home");
    await app.click(`canvas-tile-${product}`);
    await app.find("board");
  }
  if (SESSION !== "views") {
    await app.click("block-purpose", undefined, ".block-head");
    const purpose = await app.find("inspector-field-purpose");
    await purpose.sendKeys(` Edited in round ${i}.`);
    await app.until(saved, `round ${i}: the purpose is saved`);
    await app.click("board-add-consumer");
    await app.click("card-delete");
    await app.until(saved, `round ${i}: the added and deleted card is saved`);
  }
  if (views) {
    await app.click("history-open");
    await app.find("history-panel");
    await app.click("history-close");
    await app.click("nav-mesh");
    await app.find("mesh");
    await app.click("nav-board");
    await app.find("board");
  }
}

test(`memory at idle and after a ${MINUTES}-minute editing session`, async () => {
  const figures = {};
  await app.find("home");
  figures.home = await idle("home, idle");
  const products = await app.driver.executeScript(
    `return [...document.querySelectorAll('[data-testid^="canvas-tile-"]')]
       .map((el) => el.getAttribute("data-testid").slice("canvas-tile-".length))`,
  );
  assert.ok(products.length >= 10, `the example mesh is open: ${products.join(", ")}`);
  await app.click("canvas-tile-orders");
  await app.find("board");
  figures.board = await idle("board (orders), idle");
  await app.click("nav-mesh");
  await app.find("mesh");
  figures.mesh = await idle("mesh map, idle");

  if (SESSION === "edits") {
    await app.click("nav-board");
    await app.find("board");
  }
  const end = Date.now() + MINUTES * 60_000;
  let rounds = 0;
  while (Date.now() < end) {
    await round(products[rounds % products.length], rounds);
    rounds += 1;
  }
  console.log(`session (${SESSION}): ${rounds} rounds in ${MINUTES} min`);
  await app.click("nav-home");
  await app.find("home");
  figures.homeAfter = await idle("home, after the session");
  await app.click("canvas-tile-orders");
  await app.find("board");
  figures.boardAfter = await idle("board (orders), after");
  await app.click("nav-mesh");
  await app.find("mesh");
  figures.meshAfter = await idle("mesh map, after");

  // The page unloaded: what the web process gives back without a restart.
  await app.driver.executeScript(`window.location.href = "about:blank"`);
  figures.unloaded = await idle("page unloaded, after");
  for (const m of Object.values(figures)) {
    assert.ok(m.by.app && m.by.web, JSON.stringify(m.procs));
  }
  const growth = (k) => (figures[`${k}After`].pss - figures[k].pss).toFixed(0);
  console.log(
    `growth over the session: home ${growth("home")} MiB, board ${growth("board")} MiB, ` +
      `mesh ${growth("mesh")} MiB`,
  );
});

test("the floor: the app started and its page unloaded at once", async () => {
  const bare = await launch(`${tempDir("bench-memory-floor")}/workspace`);
  try {
    await bare.driver.executeScript(`window.location.href = "about:blank"`);
    await sleep(8_000);
    const m = memoryOf(bare.group);
    console.log(memoryLine("floor (blank page)", m));
    assert.ok(m.by.app && m.by.web, JSON.stringify(m.procs));
  } finally {
    await bare.quit();
  }
});
