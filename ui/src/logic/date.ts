// Dates as the canvas stores them (`YYYY-MM-DD`, what the standards read):
// reading what a person typed, and saying plainly what is wrong with it.

export type ReadDate =
  { kind: "empty" } | { kind: "date"; value: string } | { kind: "invalid"; message: string };

/** Reads a typed date: `YYYY-MM-DD`, a day that exists. */
export function readDate(text: string): ReadDate {
  const t = text.trim();
  if (t === "") return { kind: "empty" };
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (!m) {
    return {
      kind: "invalid",
      message: `"${t}" is not a date: write it as YYYY-MM-DD, e.g. 2027-06-30.`,
    };
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) {
    return { kind: "invalid", message: `${t} is not a day of the calendar.` };
  }
  return { kind: "date", value: t };
}
