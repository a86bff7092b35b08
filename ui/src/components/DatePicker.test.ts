import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Calendar, DateInput } from "./DatePicker";
import { DateField } from "./form";

/** The calendar as it opens, rendered to markup. */
function calendar(p: { initial: string; selected: string | null; today: string }): string {
  return renderToStaticMarkup(
    createElement(Calendar, { ...p, empty: p.selected === null, locale: "en-GB", onPick() {} }),
  );
}

/** The opening tag of the element with this test id. */
function tag(html: string, testid: string): string {
  const at = html.indexOf(`data-testid="${testid}"`);
  expect(at, `no element with the test id ${testid}`).toBeGreaterThan(-1);
  return html.slice(html.lastIndexOf("<", at), html.indexOf(">", at) + 1);
}

/** The days the calendar shows, in order, from their test ids. */
function days(html: string): string[] {
  return [...html.matchAll(/data-testid="date-picker-day-([0-9-]+)"/g)].map((m) => m[1]!);
}

describe("DateInput", () => {
  it("is the input, with a closed calendar button beside it", () => {
    const html = renderToStaticMarkup(
      createElement(DateInput, {
        testid: "waiver-expires",
        value: "2026-12-31",
        placeholder: "Expires YYYY-MM-DD",
        onText() {},
      }),
    );
    const input = tag(html, "waiver-expires");
    expect(input).toMatch(/^<input /);
    expect(input).toContain('value="2026-12-31"');
    expect(input).toContain('placeholder="Expires YYYY-MM-DD"');
    expect(input).not.toContain("aria-invalid");
    const pick = tag(html, "waiver-expires-pick");
    expect(pick).toMatch(/^<button /);
    expect(pick).toContain('type="button"');
    expect(pick).toContain('aria-label="Choose a date"');
    expect(pick).toContain('aria-haspopup="dialog"');
    expect(pick).toContain('aria-expanded="false"');
    expect(html).not.toContain("date-picker");
  });

  it("marks the input invalid when told", () => {
    const html = renderToStaticMarkup(
      createElement(DateInput, { testid: "d", value: "31/12/2026", invalid: true, onText() {} }),
    );
    expect(tag(html, "d")).toContain('aria-invalid="true"');
  });

  it("keeps the date field's label, test ids and error", () => {
    const html = renderToStaticMarkup(
      createElement(DateField, {
        label: "Review by",
        name: "expiry",
        value: null,
        onChange() {},
      }),
    );
    expect(html).toContain("Review by</label>");
    const input = tag(html, "inspector-field-expiry");
    expect(input).toContain('placeholder="YYYY-MM-DD"');
    expect(input).toContain('value=""');
    const id = /id="([^"]+)"/.exec(input)?.[1];
    expect(html).toContain(`<label for="${id}">`);
    expect(tag(html, "inspector-field-expiry-pick")).toContain('aria-expanded="false"');
    expect(html).not.toContain("inspector-field-expiry-error");
  });
});

describe("Calendar", () => {
  it("shows the selected day's month, Monday first, with today and the selection marked", () => {
    const html = calendar({ initial: "2027-03-15", selected: "2027-03-15", today: "2027-03-02" });
    expect(html).toContain(">March 2027</h2>");
    expect([...html.matchAll(/<th [^>]*abbr="(\w+)"[^>]*>(\w+)<\/th>/g)].map((m) => m[2])).toEqual([
      "Mon",
      "Tue",
      "Wed",
      "Thu",
      "Fri",
      "Sat",
      "Sun",
    ]);
    // 1 March 2027 is a Monday: five whole weeks, up to Sunday 4 April.
    const shown = days(html);
    expect(shown).toHaveLength(35);
    expect(shown[0]).toBe("2027-03-01");
    expect(shown.at(-1)).toBe("2027-04-04");
    expect(html.match(/<tr>/g)).toHaveLength(6); // the weekdays and five weeks

    const selected = tag(html, "date-picker-day-2027-03-15");
    expect(selected).toContain('aria-label="Monday, 15 March 2027"');
    expect(selected).toContain('aria-pressed="true"');
    expect(selected).toContain("selected");
    expect(selected).toContain('tabindex="0"');
    expect(html.match(/aria-pressed="true"/g)).toHaveLength(1);
    expect(html.match(/tabindex="0"/g)).toHaveLength(1);

    const today = tag(html, "date-picker-day-2027-03-02");
    expect(today).toContain('aria-current="date"');
    expect(today).toContain("today");
    expect(today).toContain('aria-pressed="false"');
    expect(today).toContain('tabindex="-1"');
    expect(html.match(/aria-current="date"/g)).toHaveLength(1);

    expect(tag(html, "date-picker-day-2027-04-01")).toContain("other-month");
    expect(tag(html, "date-picker-day-2027-03-31")).not.toContain("other-month");
  });

  it("fills a month that begins on a Sunday with the days of the month before, muted", () => {
    const html = calendar({ initial: "2026-03-10", selected: null, today: "2026-01-05" });
    expect(html).toContain(">March 2026</h2>");
    const shown = days(html);
    expect(shown).toHaveLength(42);
    expect(shown.slice(0, 7)).toEqual([
      "2026-02-23",
      "2026-02-24",
      "2026-02-25",
      "2026-02-26",
      "2026-02-27",
      "2026-02-28",
      "2026-03-01",
    ]);
    expect(tag(html, "date-picker-day-2026-02-28")).toContain("other-month");
    expect(tag(html, "date-picker-day-2026-03-01")).not.toContain("other-month");
    // Nothing selected, today elsewhere: the focus starts on the day given.
    expect(html).not.toContain('aria-pressed="true"');
    expect(html).not.toContain('aria-current="date"');
    expect(tag(html, "date-picker-day-2026-03-10")).toContain('tabindex="0"');
  });

  it("has the month buttons, Today, and Clear only when there is something to clear", () => {
    const html = calendar({ initial: "2026-03-10", selected: null, today: "2026-03-10" });
    expect(tag(html, "date-picker-prev")).toContain('aria-label="Previous month"');
    expect(tag(html, "date-picker-next")).toContain('aria-label="Next month"');
    expect(tag(html, "date-picker-today")).not.toContain("disabled");
    expect(tag(html, "date-picker-clear")).toContain("disabled");
    const set = calendar({ initial: "2026-03-10", selected: "2026-03-10", today: "2026-03-10" });
    expect(tag(set, "date-picker-clear")).not.toContain("disabled");
  });

  it("stops at year 9999: no next month, and the days after it not usable", () => {
    const html = calendar({ initial: "9999-12-31", selected: "9999-12-31", today: "2026-03-10" });
    expect(tag(html, "date-picker-next")).toContain("disabled");
    expect(tag(html, "date-picker-prev")).not.toContain("disabled");
    expect(tag(html, "date-picker-day-10000-01-01")).toContain("disabled");
    expect(tag(html, "date-picker-day-9999-12-31")).not.toContain("disabled");
  });
});
