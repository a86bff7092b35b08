// The classification block: the product's archetype.
import type { ReactNode } from "react";
import { ARCHETYPES } from "../../bindings/tables";
import { Section, SelectField } from "../../components/form";
import { ARCHETYPE_LABELS, choicesOf } from "../../logic/labels";
import type { BlockParts } from "./fields";

export function classificationForm({ canvas, prod }: BlockParts): ReactNode {
  return (
    <Section title="Classification">
      <SelectField
        label="Archetype"
        name="archetype"
        value={canvas.product.archetype}
        options={choicesOf(ARCHETYPES, ARCHETYPE_LABELS)}
        onChange={(archetype) => prod({ archetype })}
      />
    </Section>
  );
}
