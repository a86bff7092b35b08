// An input port card: where it reads from and what it expects of the source.
import type { InputPort } from "../../bindings/InputPort";
import { useBoard } from "../../state/board";
import { IdField } from "../IdField";
import { UpstreamPicker } from "../UpstreamPicker";
import { Section, SelectField, TextArea, TextField } from "../../components/form";
import { SloList } from "./SloList";

export function InputPortForm({
  node,
  p,
  set,
  base,
}: {
  node: string;
  p: InputPort;
  set(p: InputPort): void;
  base: string;
}) {
  const src = p.source;
  const self = useBoard((s) => s.history?.present.product.id ?? "");
  return (
    <>
      <Section title="Input port">
        <IdField
          node={node}
          label="Id"
          name="id"
          mono
          value={p.id}
          onChange={(id) => set({ ...p, id })}
        />
        <TextField
          label="Name"
          name="name"
          value={p.name}
          onChange={(name) => set({ ...p, name })}
        />
        <SelectField
          label="Source"
          name="sourcekind"
          value={src.kind}
          options={[
            { value: "operational", label: "Operational system" },
            { value: "product", label: "Another data product" },
          ]}
          onChange={(kind) =>
            set({
              ...p,
              source:
                kind === "product"
                  ? { kind: "product", productId: "", portId: "" }
                  : { kind: "operational", system: "", technology: "" },
            })
          }
        />
        {src.kind === "product" ? (
          <UpstreamPicker
            self={self}
            productId={src.productId}
            portId={src.portId}
            onChange={(productId, portId) => set({ ...p, source: { ...src, productId, portId } })}
          />
        ) : (
          <div className="grid-2">
            <TextField
              label="System"
              name="system"
              value={src.system}
              onChange={(system) => set({ ...p, source: { ...src, system } })}
            />
            <TextField
              label="Technology"
              name="technology"
              value={src.technology}
              onChange={(technology) => set({ ...p, source: { ...src, technology } })}
            />
          </div>
        )}
        <TextArea
          label="Description"
          name="description"
          value={p.description}
          onChange={(description) => set({ ...p, description })}
        />
      </Section>
      <SloList
        title="What it expects of the source"
        slos={p.expects}
        base={`${base}/expects`}
        onChange={(expects) => set({ ...p, expects })}
        addLabel="+ Expectation"
        empty="No expectations of the source yet."
        newSlo={() => ({
          dimension: "freshness",
          target: 0,
          unit: "hours",
          window: "",
          alarmThreshold: null,
          description: "",
        })}
      />
    </>
  );
}
