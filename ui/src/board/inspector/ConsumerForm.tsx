// A consumer card: who uses the product, for what, and which ports they read.
import type { Consumer } from "../../bindings/Consumer";
import type { OutputPort } from "../../bindings/OutputPort";
import { CONSUMER_KINDS } from "../../bindings/tables";
import { IdField } from "../IdField";
import { CheckField, Section, SelectField, TextArea, TextField } from "../../components/form";

export function ConsumerForm({
  node,
  p,
  set,
  ports,
}: {
  node: string;
  p: Consumer;
  set(p: Consumer): void;
  ports: OutputPort[];
}) {
  return (
    <Section title="Consumer & use case">
      <div className="grid-2">
        <IdField
          node={node}
          label="Id"
          name="id"
          mono
          value={p.id}
          onChange={(id) => set({ ...p, id })}
        />
        <SelectField
          label="Kind"
          name="kind"
          value={p.kind}
          options={CONSUMER_KINDS}
          onChange={(kind) => set({ ...p, kind })}
        />
      </div>
      <TextField label="Name" name="name" value={p.name} onChange={(name) => set({ ...p, name })} />
      <TextArea
        label="Use case"
        name="usecase"
        value={p.useCase}
        placeholder="We believe this product will help … We know we are getting there when …"
        onChange={(useCase) => set({ ...p, useCase })}
      />
      <TextArea
        label="Needs"
        name="needs"
        value={p.needs}
        rows={2}
        onChange={(needs) => set({ ...p, needs })}
      />
      <TextField
        label="Success metric"
        name="successmetric"
        value={p.successMetric}
        onChange={(successMetric) => set({ ...p, successMetric })}
      />
      <div className="field">
        <label>Reads output ports</label>
        {ports.length === 0 ? (
          <p className="muted small">This product has no output ports yet.</p>
        ) : null}
        <div className="checks">
          {ports.map((port) => (
            <CheckField
              key={port.id}
              label={port.name || port.id}
              name={`port-${port.id}`}
              value={p.ports.includes(port.id)}
              onChange={(on) =>
                set({
                  ...p,
                  ports: on ? [...p.ports, port.id] : p.ports.filter((x) => x !== port.id),
                })
              }
            />
          ))}
        </div>
      </div>
    </Section>
  );
}
