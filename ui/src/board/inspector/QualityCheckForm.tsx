// A quality check card: what it checks, on which port and field.
import type { OutputPort } from "../../bindings/OutputPort";
import type { QualityCheck } from "../../bindings/QualityCheck";
import { IdField } from "../IdField";
import { Section, SelectField, TextArea, TextField } from "../../components/form";

export function QualityCheckForm({
  node,
  p,
  set: s,
  ports,
}: {
  node: string;
  p: QualityCheck;
  set(p: QualityCheck): void;
  ports: OutputPort[];
}) {
  return (
    <Section title="Quality check">
      <IdField
        node={node}
        label="Id"
        name="id"
        mono
        value={p.id}
        onChange={(id) => s({ ...p, id })}
      />
      <TextField label="Name" name="name" value={p.name} onChange={(name) => s({ ...p, name })} />
      <div className="grid-2">
        <SelectField
          label="Port"
          name="portid"
          value={p.portId ?? ""}
          options={[
            { value: "", label: "—" },
            ...ports.map((o) => ({ value: o.id, label: o.name || o.id })),
          ]}
          onChange={(v) => s({ ...p, portId: v || null })}
        />
        <TextField
          label="Field"
          name="field"
          mono
          placeholder="order_id or lines.order_id"
          value={p.field ?? ""}
          onChange={(v) => s({ ...p, field: v || null })}
        />
      </div>
      <TextField
        label="Dimension"
        name="dimension"
        value={p.dimension}
        placeholder="completeness, uniqueness, validity…"
        onChange={(dimension) => s({ ...p, dimension })}
      />
      <TextField
        label="Rule"
        name="rule"
        mono
        value={p.rule}
        placeholder="duplicate_count = 0"
        onChange={(rule) => s({ ...p, rule })}
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
