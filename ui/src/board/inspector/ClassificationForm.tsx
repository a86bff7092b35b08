// The classification block: the product's archetype.
import type { ReactNode } from "react";
import { Section, SelectField } from "../../components/form";
import type { BlockParts } from "./fields";

export function classificationForm({ canvas, prod }: BlockParts): ReactNode {
  return (
    <Section title="Classification">
      <SelectField
        label="Archetype"
        name="archetype"
        value={canvas.product.archetype}
        options={[
          { value: "source-aligned", label: "Source-aligned" },
          { value: "aggregate", label: "Aggregate" },
          { value: "consumer-aligned", label: "Consumer-aligned" },
        ]}
        onChange={(archetype) => prod({ archetype })}
      />
    </Section>
  );
}
