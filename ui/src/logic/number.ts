// What a number box in a form makes of the text typed into it. A number
// input of the browser's own (`type="number"`) reports text it cannot read
// as empty, so "95 %" or "ninety" vanished silently; a text box read here
// keeps what was typed and says what is wrong with it.

export type NumberInput =
  { kind: "number"; value: number } | { kind: "empty" } | { kind: "invalid"; message: string };

/**
 * Reads a typed number: `95`, `99.5`, `-3`, `1e3`. A comma is refused rather
 * than guessed at: `1,000` could be a thousand or one.
 */
export function readNumber(text: string): NumberInput {
  const t = text.trim();
  if (t === "") return { kind: "empty" };
  const value = Number(t);
  if (!Number.isFinite(value) || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) {
    return { kind: "invalid", message: `“${t}” is not a number; type digits, e.g. 95 or 99.5.` };
  }
  return { kind: "number", value };
}
