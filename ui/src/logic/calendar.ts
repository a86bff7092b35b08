// The calendar behind the date picker, on days as the canvas stores them
// (`YYYY-MM-DD`): the weeks of a month (Monday first), moving by days,
// weeks and months, the weekday of a day, and the names a picker shows.
// Gregorian calendar, no time zones: a day is computed through UTC, so no
// clock change can skip or repeat one.

/** The first and last days the picker moves between (four-digit years). */
export const FIRST_DAY = "0001-01-01";
export const LAST_DAY = "9999-12-31";

const DAY_MS = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** How many days month `month` (1–12) of `year` has. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `YYYY-MM-DD` of a year, month (1–12) and day. */
export function dayString(year: number, month: number, day: number): string {
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * The year, month (1–12) and day of a `YYYY-MM-DD` string (a year past
 * 9999, met at the edge of the last month, has more digits).
 */
export function partsOf(date: string): { year: number; month: number; day: number } {
  const m = /^(\d{4,})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`"${date}" is not a YYYY-MM-DD day`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/**
 * Milliseconds of the day's midnight, UTC. Set through `setUTCFullYear`, as
 * `Date.UTC` reads the years 0–99 as 1900–1999.
 */
function utcOf(date: string): number {
  const { year, month, day } = partsOf(date);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

function fromUtc(ms: number): string {
  const d = new Date(ms);
  return dayString(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The weekday of a day: 0 Monday … 6 Sunday. */
export function weekday(date: string): number {
  return (new Date(utcOf(date)).getUTCDay() + 6) % 7;
}

/** The day `n` days after `date` (before it when `n` is negative). */
export function addDays(date: string, n: number): string {
  return fromUtc(utcOf(date) + n * DAY_MS);
}

/**
 * The same day `n` months later (earlier when negative); a day the target
 * month does not have becomes its last day (January 31 + 1 month is
 * February 28, or 29 in a leap year).
 */
export function addMonths(date: string, n: number): string {
  const { year, month, day } = partsOf(date);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return dayString(y, m, Math.min(day, daysInMonth(y, m)));
}

/** The Monday of the day's week. */
export function startOfWeek(date: string): string {
  return addDays(date, -weekday(date));
}

/** The Sunday of the day's week. */
export function endOfWeek(date: string): string {
  return addDays(date, 6 - weekday(date));
}

/** Whether two days are in the same month of the same year. */
export function sameMonth(a: string, b: string): boolean {
  return a.slice(0, 7) === b.slice(0, 7);
}

/** Whether a day is within the years the picker shows (1 to 9999). */
export function inRange(date: string): boolean {
  return date.length === FIRST_DAY.length && date >= FIRST_DAY && date <= LAST_DAY;
}

/**
 * The weeks that hold month `month` (1–12) of `year`, Monday to Sunday,
 * each as seven `YYYY-MM-DD` days: the first and last weeks are filled
 * with days of the months before and after.
 */
export function monthWeeks(year: number, month: number): string[][] {
  const firstOfMonth = dayString(year, month, 1);
  const first = startOfWeek(firstOfMonth);
  const count = Math.ceil((weekday(firstOfMonth) + daysInMonth(year, month)) / 7);
  return Array.from({ length: count }, (_, w) =>
    Array.from({ length: 7 }, (_, i) => addDays(first, w * 7 + i)),
  );
}

/** The calendar day of a moment where the user is (their clock's day). */
export function localDay(now: Date): string {
  return dayString(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/**
 * The day a key moves to from `date` in a calendar grid (the WAI-ARIA date
 * picker's keys): arrows by a day or a week, Home and End to the week's
 * Monday and Sunday, Page Up and Page Down by a month (by a year with
 * Shift). Null for any other key, and for a move out of years 1 to 9999.
 */
export function dayAfterKey(date: string, key: string, shift = false): string | null {
  let next: string;
  switch (key) {
    case "ArrowLeft":
      next = addDays(date, -1);
      break;
    case "ArrowRight":
      next = addDays(date, 1);
      break;
    case "ArrowUp":
      next = addDays(date, -7);
      break;
    case "ArrowDown":
      next = addDays(date, 7);
      break;
    case "Home":
      next = startOfWeek(date);
      break;
    case "End":
      next = endOfWeek(date);
      break;
    case "PageUp":
      next = addMonths(date, shift ? -12 : -1);
      break;
    case "PageDown":
      next = addMonths(date, shift ? 12 : 1);
      break;
    default:
      return null;
  }
  return inRange(next) ? next : null;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** A date format of the locale (the user's when undefined), kept for reuse. */
function format(locale: string | undefined, options: Intl.DateTimeFormatOptions) {
  const key = `${locale ?? ""}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" });
    formats.set(key, f);
  }
  return f;
}

/** The month and year a picker shows as its title ("March 2027"). */
export function monthTitle(date: string, locale?: string): string {
  return format(locale, { month: "long", year: "numeric" }).format(utcOf(date));
}

/** A day in full, as a screen reader reads it ("Monday, 15 March 2027"). */
export function longDate(date: string, locale?: string): string {
  return format(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(utcOf(date));
}

/** The weekdays' names, Monday first: short ("Mon") and long ("Monday"). */
export function weekdayNames(locale?: string): { short: string; long: string }[] {
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => {
    const ms = utcOf(addDays("2024-01-01", i));
    return {
      short: format(locale, { weekday: "short" }).format(ms),
      long: format(locale, { weekday: "long" }).format(ms),
    };
  });
}
