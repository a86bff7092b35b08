import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  dayAfterKey,
  daysInMonth,
  endOfWeek,
  inRange,
  isLeapYear,
  localDay,
  longDate,
  monthTitle,
  monthWeeks,
  startOfWeek,
  weekday,
  weekdayNames,
} from "./calendar";

describe("leap years and month lengths", () => {
  it("has 29 February every 4 years, not in 2100, but in 2000", () => {
    expect([2024, 2028, 2000, 2400].map(isLeapYear)).toEqual([true, true, true, true]);
    expect([2025, 2026, 2100, 1900, 2200].map(isLeapYear)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([
      31, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
  });

  it("steps over 29 February only when the year has it", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-02-29", 1)).toBe("2024-03-01");
    expect(addDays("2100-02-28", 1)).toBe("2100-03-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2027-01-01", -1)).toBe("2026-12-31");
    expect(addDays("2026-03-10", 365)).toBe("2027-03-10");
  });
});

describe("weekdays", () => {
  it("counts from Monday (0) to Sunday (6)", () => {
    expect(weekday("2024-01-01")).toBe(0); // a Monday
    expect(weekday("2026-02-01")).toBe(6); // a Sunday
    expect(weekday("2024-02-29")).toBe(3); // a Thursday
    expect(weekday("2100-03-01")).toBe(0); // a Monday, 2100 not being leap
  });

  it("reads years before 100 as themselves", () => {
    // 1 January of year 1 was a Monday (proleptic Gregorian).
    expect(weekday("0001-01-01")).toBe(0);
    expect(addDays("0099-12-31", 1)).toBe("0100-01-01");
  });

  it("finds the Monday and Sunday of a day's week", () => {
    expect(startOfWeek("2026-02-01")).toBe("2026-01-26");
    expect(endOfWeek("2026-02-01")).toBe("2026-02-01");
    expect(startOfWeek("2024-01-01")).toBe("2024-01-01");
    expect(endOfWeek("2024-02-29")).toBe("2024-03-03");
  });
});

describe("adding months", () => {
  it("keeps the day, or takes the month's last when it has no such day", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2100-01-31", 1)).toBe("2100-02-28");
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonths("2026-05-31", 1)).toBe("2026-06-30");
    expect(addMonths("2026-06-15", 1)).toBe("2026-07-15");
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
  });

  it("crosses years both ways", () => {
    expect(addMonths("2026-12-15", 1)).toBe("2027-01-15");
    expect(addMonths("2027-01-15", -1)).toBe("2026-12-15");
    expect(addMonths("2026-11-30", 14)).toBe("2028-01-30");
    expect(addMonths("2026-02-10", -26)).toBe("2023-12-10");
  });
});

describe("the weeks of a month", () => {
  it("start on Monday and are filled with the days of the months around", () => {
    // March 2026 begins on a Sunday: its first week is six days of February
    // and 1 March; it ends on a Tuesday, filled up to Sunday 5 April.
    const weeks = monthWeeks(2026, 3);
    expect(weeks).toHaveLength(6);
    expect(weeks[0]).toEqual([
      "2026-02-23",
      "2026-02-24",
      "2026-02-25",
      "2026-02-26",
      "2026-02-27",
      "2026-02-28",
      "2026-03-01",
    ]);
    expect(weeks[5]).toEqual([
      "2026-03-30",
      "2026-03-31",
      "2026-04-01",
      "2026-04-02",
      "2026-04-03",
      "2026-04-04",
      "2026-04-05",
    ]);
    for (const week of weeks) {
      expect(week).toHaveLength(7);
      expect(weekday(week[0]!)).toBe(0);
      expect(week.slice(1)).toEqual(week.slice(0, 6).map((d) => addDays(d, 1)));
    }
    expect(weeks.slice(1).map((w) => w[0])).toEqual(
      weeks.slice(0, 5).map((w) => addDays(w[0]!, 7)),
    );
  });

  it("hold every day of the month once, and no more weeks than needed", () => {
    for (const [year, month, count] of [
      [2027, 2, 4], // 28 days from a Monday: four whole weeks
      [2026, 2, 5], // 28 days from a Sunday: 1 February alone in the first week
      [2024, 2, 5], // 29 February 2024, a Thursday
      [2100, 2, 4], // 2100 has no 29 February; 1 February 2100 is a Monday
      [2026, 11, 6], // 30 days from a Sunday
    ] as const) {
      const weeks = monthWeeks(year, month);
      expect(weeks, `${year}-${month}`).toHaveLength(count);
      const days = weeks
        .flat()
        .filter((d) => d.startsWith(`${year}-${String(month).padStart(2, "0")}`));
      expect(days).toHaveLength(daysInMonth(year, month));
      expect(new Set(weeks.flat()).size).toBe(count * 7);
    }
    expect(monthWeeks(2026, 2)[0]).toEqual([
      "2026-01-26",
      "2026-01-27",
      "2026-01-28",
      "2026-01-29",
      "2026-01-30",
      "2026-01-31",
      "2026-02-01",
    ]);
    expect(monthWeeks(2024, 2).flat()).toContain("2024-02-29");
    expect(monthWeeks(2100, 2).flat()).not.toContain("2100-02-29");
  });

  it("runs past year 9999 at the very end, and those days are out of range", () => {
    const last = monthWeeks(9999, 12).flat();
    expect(last).toContain("9999-12-31");
    expect(last.at(-1)).toBe("10000-01-02");
    expect(inRange("9999-12-31")).toBe(true);
    expect(inRange("10000-01-01")).toBe(false);
    expect(inRange("0000-12-31")).toBe(false);
  });
});

describe("keys in the calendar", () => {
  it("move by a day, a week, to the week's ends, by a month or a year", () => {
    const from = "2026-03-01"; // a Sunday
    expect(dayAfterKey(from, "ArrowLeft")).toBe("2026-02-28");
    expect(dayAfterKey(from, "ArrowRight")).toBe("2026-03-02");
    expect(dayAfterKey(from, "ArrowUp")).toBe("2026-02-22");
    expect(dayAfterKey(from, "ArrowDown")).toBe("2026-03-08");
    expect(dayAfterKey(from, "Home")).toBe("2026-02-23");
    expect(dayAfterKey(from, "End")).toBe("2026-03-01");
    expect(dayAfterKey("2026-01-31", "PageDown")).toBe("2026-02-28");
    expect(dayAfterKey("2026-03-31", "PageUp")).toBe("2026-02-28");
    expect(dayAfterKey("2024-02-29", "PageDown", true)).toBe("2025-02-28");
    expect(dayAfterKey("2024-02-29", "PageUp", true)).toBe("2023-02-28");
  });

  it("ignore other keys and moves out of years 1 to 9999", () => {
    expect(dayAfterKey("2026-03-01", "Enter")).toBeNull();
    expect(dayAfterKey("2026-03-01", "a")).toBeNull();
    expect(dayAfterKey("9999-12-31", "ArrowRight")).toBeNull();
    expect(dayAfterKey("0001-01-01", "ArrowLeft")).toBeNull();
    expect(dayAfterKey("0001-01-15", "PageUp")).toBeNull();
    expect(dayAfterKey("9999-12-30", "ArrowRight")).toBe("9999-12-31");
  });
});

describe("names", () => {
  it("are the locale's, with the weekdays from Monday", () => {
    expect(monthTitle("2027-03-15", "en-GB")).toBe("March 2027");
    expect(longDate("2027-03-15", "en-GB")).toBe("Monday, 15 March 2027");
    expect(longDate("2024-02-29", "en-GB")).toBe("Thursday, 29 February 2024");
    const names = weekdayNames("en-GB");
    expect(names.map((n) => n.short)).toEqual(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    expect(names[6]!.long).toBe("Sunday");
    expect(monthTitle("2027-03-15", "de-DE")).toBe("März 2027");
  });

  it("take today from the user's clock, not from UTC", () => {
    expect(localDay(new Date(2026, 11, 31, 23, 59))).toBe("2026-12-31");
    expect(localDay(new Date(2027, 0, 1, 0, 1))).toBe("2027-01-01");
  });
});
