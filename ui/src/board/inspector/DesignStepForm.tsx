// A design step card.
import type { DesignStep } from "../../bindings/DesignStep";
import { IdField } from "../IdField";
import { Section, TextArea, TextField } from "../../components/form";

export function DesignStepForm({
  node,
  p,
  set: s,
}: {
  node: string;
  p: DesignStep;
  set(p: DesignStep): void;
}) {
  return (
    <Section title="Design step">
      <IdField
        node={node}
        label="Id"
        name="id"
        mono
        value={p.id}
        onChange={(id) => s({ ...p, id })}
      />
      <TextField label="Name" name="name" value={p.name} onChange={(name) => s({ ...p, name })} />
      <TextField
        label="Technology"
        name="technology"
        value={p.technology}
        onChange={(technology) => s({ ...p, technology })}
      />
      <TextArea
        label="Description"
        name="description"
        value={p.description}
        onChange={(description) => s({ ...p, description })}
      />
    </Section>
  );
}
