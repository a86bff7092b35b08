import { describe, expect, it } from "vitest";
import { ago, dayOf, localTime } from "./time";

describe("ago", () => {
  const now = Date.parse("2026-11-24T12:00:00Z");
  it("says how long ago, coarsely", () => {
    expect(ago("2026-11-24T11:59:30Z", now)).toBe("just now");
    expect(ago("2026-11-24T11:55:00Z", now)).toBe("5 min ago");
    expect(ago("2026-11-24T09:00:00Z", now)).toBe("3 h ago");
    expect(ago("2026-11-23T09:00:00Z", now)).toBe("yesterday");
    expect(ago("not a time", now)).toBe("");
  });
});

describe("dayOf", () => {
  it("gives the day in the locale asked for, and nothing for an unreadable time", () => {
    expect(dayOf("2026-12-06T09:30:00Z", "en-GB")).toBe("6 Dec 2026");
    expect(dayOf("2026-12-06T09:30:00Z", "en-US")).toBe("Dec 6, 2026");
    expect(dayOf("yesterday-ish", "en-GB")).toBe("");
  });
});

describe("localTime", () => {
  it("gives the date and time in the locale asked for, and the text when unreadable", () => {
    expect(localTime("2026-12-06T09:30:00Z", "en-GB")).toMatch(/^06\/12\/2026, \d\d:30:00$/);
    expect(localTime("not a time", "en-GB")).toBe("not a time");
  });
});
