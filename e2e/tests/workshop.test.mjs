// A whole design workshop in the real window, as a facilitator runs it: a
// canvas started as a workshop, all ten steps on a running clock (timeboxes
// shortened to seconds), stickies typed and voted, turned into a consumer,
// an output port with a field and an SLO, and a policy; a step's findings
// shown before moving on; a parked question and a decision; the finish
// screen, the summary, and the poster as PDF (page size, every block's
// title as text, read with pdftotext) and PNG.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, test } from "node:test";
import { Key } from "selenium-webdriver";
import { launch, tempDir } from "../lib/app.mjs";

const workspace = `${tempDir("workshop")}/workspace`;
const out = tempDir("workshop-take-home");
let app;

before(async () => {
  app = await launch(workspace);
});
afterEach(async (t) => {
  await app?.snap(`workshop-${t.name}`);
});
after(async () => {
  await app?.quit();
});

/** The current step's title, e.g. "4 · Output ports". */
async function stepTitle() {
  return (await app.text("workshop-step-title")).replace(/\s+/g, " ").trim();
}

async function onStep(n) {
  await app.until(async () => (await stepTitle()).startsWith(`${n} `), `step ${n} did not open`);
}

/** Types a sticky and presses Enter; returns its id once it is on screen. */
async function sticky(text) {
  const before = await stickyIds();
  const input = await app.find("sticky-input");
  await input.sendKeys(text, Key.ENTER);
  let id;
  await app.until(async () => {
    id = (await stickyIds()).find((x) => !before.includes(x));
    return id;
  }, `the sticky "${text}" did not appear`);
  assert.match(await app.text(`sticky-${id}`), new RegExp(text.slice(0, 12)));
  return id;
}

/** The ids of the stickies the current step shows. */
async function stickyIds() {
  return app.driver.executeScript(
    `return [...document.querySelectorAll('[data-testid^="sticky-vote-"]')]
       .map((el) => el.getAttribute("data-testid").slice("sticky-vote-".length));`,
  );
}

/** Turns a sticky into a card of `target` and waits for it to say so. */
async function convert(id, target, into) {
  await app.click(`sticky-convert-${id}`);
  await app.click(`convert-${target}`, await app.find("sticky-convert-menu"));
  if (into) await app.click(into);
  await app.find(`sticky-became-${id}`);
  await app.find("workshop-inspector");
  await app.click("workshop-inspector-close");
}

/**
 * Next: when the step has open findings they are shown first, in plain
 * words, and Continue moves on. Returns the findings' text, or null.
 */
async function next(n) {
  await app.click("workshop-next");
  let shown = null;
  await app.until(async () => {
    if ((await app.all("workshop-step-findings")).length > 0) {
      shown = await app.text("workshop-step-findings");
      await app.click("workshop-continue");
    }
    return (await stepTitle()).startsWith(`${n} `);
  }, `step ${n} did not open after Next`);
  return shown;
}

test("a canvas started as a workshop opens the workshop view on step 1", async () => {
  await app.find("home");
  await app.click("home-new-canvas");
  const dialog = await app.find("new-canvas-dialog");
  await app.type("new-canvas-name", "Returns", dialog);
  await app.type("new-canvas-id", "returns", dialog);
  await app.type("new-canvas-domain", "sales", dialog);
  await app.choose("new-canvas-template", "blank", dialog);
  await app.choose("new-workshop-template", "blank", dialog);
  await app.click("new-canvas-create", dialog);
  await app.find("workshop");
  await onStep(1);
  assert.match(await app.text("workshop-questions"), /domain/i);
  // Body text is legible from the back of the room even at this window's size.
  const size = await app.driver.executeScript(
    `return parseFloat(getComputedStyle(document.querySelector('[data-testid="workshop-questions"]')).fontSize);`,
  );
  assert.ok(size >= 18, `the questions are ${size}px`);
});

test("the clock counts down, runs out, and can be paused and extended", async () => {
  // Every timebox shortened to three seconds.
  for (let n = 1; n <= 10; n++) {
    const box = await app.type(`workshop-minutes-${n}`, "0.05");
    await box.sendKeys(Key.ENTER);
  }
  const timer = await app.find("workshop-timer");
  await app.until(
    async () => (await (await app.find("workshop-timer")).getAttribute("data-state")) === "over",
    "the timer did not run out",
  );
  assert.match(await app.text("workshop-timer-label"), /Time.s up/);
  assert.ok(timer);
  await app.click("workshop-extend");
  await app.until(
    async () => (await (await app.find("workshop-timer")).getAttribute("data-state")) !== "over",
    "+5 min did not give time back",
  );
  await app.click("workshop-pause");
  await app.until(
    async () => (await (await app.find("workshop-timer")).getAttribute("data-running")) === "false",
    "the clock did not stop",
  );
  const stood = await app.text("workshop-timer");
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await app.text("workshop-timer"), stood, "a paused clock stands still");
  await app.click("workshop-pause");
  await app.until(
    async () => (await (await app.find("workshop-timer")).getAttribute("data-running")) === "true",
    "the clock did not resume",
  );
});

test("a participant joins and their stickies carry their initials", async () => {
  await app.click("workshop-join");
  await app.type("workshop-join-initials", "PR");
  await app.type("workshop-join-name", "Priya Raman");
  await app.choose("workshop-join-color", "pink");
  await app.click("workshop-join-submit");
  const id = await sticky("Sales owns returns end to end");
  assert.match(await app.text(`sticky-${id}`), /PR/);
});

test("stickies become a policy, a consumer, an output port with a field and an SLO", async () => {
  await next(2);
  const gdpr = await sticky("GDPR: refund reasons are pseudonymised after 90 days");
  await convert(gdpr, "policy");

  await next(3);
  const finance = await sticky("Finance team: refunds by region, daily");
  await convert(finance, "consumer");
  const hourly = await sticky("Marketing wants it hourly");
  await app.click(`sticky-vote-${hourly}`);
  await app.click(`sticky-vote-${hourly}`);
  await app.until(
    async () => /2/.test(await app.text(`sticky-vote-${hourly}`)),
    "two votes were not counted",
  );

  await next(4);
  const port = await sticky("Returns: one row per returned item");
  await convert(port, "outputPort");
  const field = await sticky("refund amount: decimal");
  await convert(field, "field");
  const slo = await sticky("Fresh within 1 hour");
  await convert(slo, "slo");
  const card = await app.text("workshop-card-outputPort-returns");
  assert.match(card, /refund_amount/, `the port shows its new field: ${card}`);
  assert.match(await app.text(`sticky-became-${port}`), /Output port/);
});

test("the step's findings are shown in plain words before moving on", async () => {
  // A new port has no owner's SLOs for availability, no servers…: the
  // standards say so at the end of its step.
  const shown = await next(5);
  assert.ok(shown, "step 4 had findings to show");
  assert.ok(shown.length > 20, `the findings are said in words: ${shown}`);
});

test("the rest of the steps, with a parked question and a decision", async () => {
  await next(6);
  const parking = await app.find("parking-input");
  await parking.sendKeys("Who approves access for finance?", Key.ENTER);
  await app.until(
    async () => /approves access/.test(await app.text("parking-list")),
    "the parked question is not listed",
  );
  await next(7);
  const decision = await app.find("decision-input");
  await decision.sendKeys("Serve returns as one table first", Key.ENTER);
  await app.until(
    async () => /one table first/.test(await app.text("decision-list")),
    "the decision is not listed",
  );
  for (const n of [8, 9, 10]) await next(n);
  assert.equal(await (await app.find("workshop-next")).isEnabled(), false, "step 10 is the last");
});

test("finishing shows what is open, and the summary says what happened", async () => {
  await app.click("workshop-finish");
  await app.find("workshop-finished");
  assert.match(await app.text("finished-stickies"), /Marketing wants it hourly/);
  assert.match(await app.text("finished-parking"), /approves access/);
  await app.click("workshop-summary");
  const md = await app.text("workshop-summary-text");
  for (const part of [
    "# Workshop: Returns (`returns`)",
    "PR Priya Raman",
    "Serve returns as one table first",
    "Who approves access for finance?",
    "Marketing wants it hourly (PR, 2 votes",
    "→ Output port `returns`",
    "## Open findings",
    "## Next steps",
  ]) {
    assert.ok(md.includes(part), `the summary has ${JSON.stringify(part)}:\n${md}`);
  }
});

test("the poster is written as a PDF with every block's title and as a PNG, with the summary", async () => {
  await app.click("workshop-summary-save");
  const dialog = await app.find("take-home");
  await app.type("take-home-folder", out, dialog);
  await app.click("take-home-write", dialog);
  const result = await app.text("take-home-result");
  assert.match(result, /returns-poster-a0\.pdf/);

  const pdf = join(out, "returns-poster-a0.pdf");
  const png = join(out, "returns-poster-a0.png");
  const md = join(out, "returns-workshop.md");
  assert.ok(existsSync(pdf) && existsSync(png) && existsSync(md), `written: ${result}`);
  const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
  assert.match(info, /Page size:\s+3370\.\d+ x 2383\.\d+ pts \(A0\)/, info);
  const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" })
    .split(/\s+/)
    .join(" ");
  for (const title of [
    "Name · date",
    "Domain",
    "Purpose · key rules & policies",
    "Consumers & use cases",
    "Inbound · input ports",
    "Data product design",
    "Outbound · output ports",
    "Metadata",
    "Observability",
    "Classification",
    "Ubiquitous language · polysemes",
  ]) {
    assert.ok(text.includes(title), `the poster has the block "${title}"`);
  }
  for (const said of ["Returns", "Finance team", "refund_amount", "Marketing wants it hourly"]) {
    assert.ok(text.includes(said), `the poster says "${said}"`);
  }
  const head = readFileSync(png).subarray(0, 24);
  assert.equal(head.subarray(1, 4).toString(), "PNG");
  assert.equal(head.readUInt32BE(16), 4961, "A0 at about 106 dpi");
  assert.match(readFileSync(md, "utf8"), /^# Workshop: Returns/);
});
