import { afterEach, describe, expect, it, vi } from "vitest";
import {
  canRedo,
  canUndo,
  COALESCE_MS,
  HISTORY_LIMIT,
  historyOf,
  isTypingTarget,
  record,
  redo,
  typingKey,
  undo,
} from "./history";

describe("history", () => {
  it("undoes and redoes in order", () => {
    let h = historyOf("a");
    h = record(h, "b", null, 0);
    h = record(h, "c", null, 10);
    h = undo(h);
    expect(h.present).toBe("b");
    h = undo(h);
    expect(h.present).toBe("a");
    expect(canUndo(h)).toBe(false);
    h = redo(h);
    expect(h.present).toBe("b");
    expect(canRedo(h)).toBe(true);
  });
  it("a new edit after undo drops the redo branch", () => {
    let h = record(record(historyOf(1), 2, null, 0), 3, null, 1);
    h = record(undo(h), 4, null, 2);
    expect(h.present).toBe(4);
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe(2);
  });
  it("coalesces edits with the same key inside the window", () => {
    let h = historyOf("");
    h = record(h, "h", "name", 1000);
    h = record(h, "he", "name", 1000 + COALESCE_MS - 1);
    h = record(h, "hel", "name", 1000 + 2 * COALESCE_MS - 2);
    expect(h.past).toEqual([""]);
    h = record(h, "help", "name", 1000 + 4 * COALESCE_MS);
    expect(h.past).toEqual(["", "hel"]);
    h = record(h, "help!", "other", 1000 + 4 * COALESCE_MS + 1);
    expect(h.past).toEqual(["", "hel", "help"]);
  });
  it("does not coalesce across an undo", () => {
    let h = record(historyOf("a"), "ab", "k", 0);
    h = undo(h);
    h = record(h, "ax", "k", 1);
    expect(h.past).toEqual(["a"]);
  });
  it("ignores no-op edits and keeps at most HISTORY_LIMIT steps", () => {
    const h0 = historyOf(0);
    expect(record(h0, 0)).toBe(h0);
    let h = h0;
    for (let i = 1; i <= HISTORY_LIMIT + 50; i++) h = record(h, i, null, i);
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]).toBe(50);
  });
});

// Stand-ins for the DOM's element classes, which the node test environment lacks.
class FakeElement {}
class FakeInput extends FakeElement {
  constructor(public type: string) {
    super();
  }
}
class FakeTextArea extends FakeElement {}
class FakeSelect extends FakeElement {}

describe("isTypingTarget", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("counts every keyed edit as typing without a DOM", () => {
    expect(isTypingTarget(undefined)).toBe(true);
  });

  it("merges text boxes only, never a select, checkbox or button", () => {
    vi.stubGlobal("HTMLElement", FakeElement);
    vi.stubGlobal("HTMLInputElement", FakeInput);
    vi.stubGlobal("HTMLTextAreaElement", FakeTextArea);
    expect(isTypingTarget(new FakeInput("text"))).toBe(true);
    expect(isTypingTarget(new FakeInput("number"))).toBe(true);
    expect(isTypingTarget(new FakeTextArea())).toBe(true);
    expect(isTypingTarget(new FakeInput("checkbox"))).toBe(false);
    expect(isTypingTarget(new FakeSelect())).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe("typingKey", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("is the scope alone without a DOM", () => {
    expect(typingKey("card:x", undefined)).toBe("card:x");
  });

  it("names the text box typed into, and is null for anything else", () => {
    vi.stubGlobal("HTMLElement", FakeElement);
    vi.stubGlobal("HTMLInputElement", FakeInput);
    vi.stubGlobal("HTMLTextAreaElement", FakeTextArea);
    const name = new FakeInput("text");
    const description = new FakeTextArea();
    const key = typingKey("card:x", name);
    expect(key).toMatch(/^card:x#/);
    expect(typingKey("card:x", name)).toBe(key);
    expect(typingKey("card:x", description)).not.toBe(key);
    expect(typingKey("card:y", name)).not.toBe(key);
    expect(typingKey("card:x", new FakeInput("checkbox"))).toBeNull();
    expect(typingKey("card:x", new FakeSelect())).toBeNull();
    expect(typingKey("card:x", null)).toBeNull();
  });
});
