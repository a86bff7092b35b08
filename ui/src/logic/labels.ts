// The words people read for the values of the core's closed lists, where
// they are more than the value itself. The values and their order come from
// the core (bindings/tables.ts); only the words are the UI's. Each table is
// a `Record` over the generated type, so a value the core adds fails the
// type check here until it has its words.
import type { Archetype } from "../bindings/Archetype";
import type { ManifestEncoding } from "../bindings/ManifestEncoding";

export interface Choice<T extends string> {
  value: T;
  label: string;
}

/** A select's choices: the core's values in the core's order, with their words. */
export function choicesOf<T extends string>(
  values: readonly T[],
  labels: Readonly<Record<T, string>>,
): Choice<T>[] {
  return values.map((value) => ({ value, label: labels[value] }));
}

export const ARCHETYPE_LABELS: Readonly<Record<Archetype, string>> = {
  "source-aligned": "Source-aligned",
  aggregate: "Aggregate",
  "consumer-aligned": "Consumer-aligned",
};

/** What each archetype means, in a few words. */
export const ARCHETYPE_HINTS: Readonly<Record<Archetype, string>> = {
  "source-aligned": "Close to an operational system",
  aggregate: "Combines several products",
  "consumer-aligned": "Shaped for one use",
};

export const ENCODING_LABELS: Readonly<Record<ManifestEncoding, string>> = {
  yaml: "YAML",
  json: "JSON",
};
