// An output port card: the port, its servers, schema, quality rules, SLOs
// and usage terms.
import type { OutputPort } from "../../bindings/OutputPort";
import { LIFECYCLE_STATUSES, PORT_KINDS } from "../../bindings/tables";
import { addField, removeField, replaceField } from "../../logic/schema";
import { portDigest, withSunset } from "../../logic/contract";
import { QualitySection, ServersSection } from "../ContractSections";
import { IdField } from "../IdField";
import { DateField, Section, SelectField, TextArea, TextField } from "../../components/form";
import { FieldRow, schemaTitle } from "./SchemaFields";
import { SloList } from "./SloList";

export function OutputPortForm({
  node,
  p,
  set,
  base,
}: {
  node: string;
  p: OutputPort;
  set(p: OutputPort): void;
  base: string;
}) {
  const fields = p.schema;
  const addTopField = () => set({ ...p, schema: addField(fields, []).fields });
  return (
    <>
      <Section title="Port">
        <div className="grid-2">
          <IdField
            node={node}
            label="Id"
            name="id"
            mono
            value={p.id}
            onChange={(id) => set({ ...p, id })}
          />
          <TextField
            label="Version"
            name="version"
            mono
            value={p.version}
            onChange={(version) => set({ ...p, version })}
          />
        </div>
        <TextField
          label="Name"
          name="name"
          value={p.name}
          onChange={(name) => set({ ...p, name })}
        />
        <div className="grid-2">
          <SelectField
            label="Kind"
            name="kind"
            value={p.kind}
            options={PORT_KINDS}
            onChange={(kind) => set({ ...p, kind })}
          />
          <SelectField
            label="Status"
            name="status"
            value={p.status}
            options={LIFECYCLE_STATUSES}
            onChange={(status) => set({ ...p, status })}
          />
        </div>
        <DateField
          label="Sunset"
          name="sunset"
          value={p.sunset ?? null}
          hint="The day the port stops being served. A deprecated port says it, so that its readers can plan their move."
          onChange={(sunset) => set(withSunset(p, sunset))}
        />
        <div className="grid-2">
          <TextField
            label="Technology"
            name="technology"
            value={p.technology}
            placeholder="snowflake"
            onChange={(technology) => set({ ...p, technology })}
          />
          <TextField
            label="Location"
            name="location"
            mono
            value={p.location}
            placeholder="analytics.orders"
            onChange={(location) => set({ ...p, location })}
          />
        </div>
        <TextArea
          label="Description"
          name="description"
          value={p.description}
          onChange={(description) => set({ ...p, description })}
        />
      </Section>
      <ServersSection servers={p.servers ?? []} onChange={(servers) => set({ ...p, servers })} />
      <Section
        title={`Schema · ${schemaTitle(fields)}`}
        actions={
          <button
            type="button"
            className="btn small"
            data-testid="schema-add-field"
            onClick={addTopField}
          >
            + Field
          </button>
        }
      >
        {fields.length === 0 ? (
          <p className="muted small">No fields yet. Every output port needs a schema.</p>
        ) : null}
        {fields.map((f, i) => (
          <FieldRow
            key={i}
            f={f}
            path={[i]}
            pointer={`${base}/schema/${i}`}
            onChange={(nf) => set({ ...p, schema: replaceField(fields, [i], nf) })}
            onRemove={() => set({ ...p, schema: removeField(fields, [i]) })}
          />
        ))}
      </Section>
      <QualitySection
        rules={p.quality ?? []}
        onField={portDigest(p).quality - (p.quality?.length ?? 0)}
        onChange={(quality) => set({ ...p, quality })}
      />
      <SloList
        title="Service level objectives"
        slos={p.slos}
        base={`${base}/slos`}
        onChange={(slos) => set({ ...p, slos })}
        addLabel="+ SLO"
        empty="No SLOs. Freshness and availability are expected on every output port."
        newSlo={() => {
          // Freshness first, then availability: what the standards expect.
          // The target starts unset (0): a promise nobody made does not
          // meet the standards.
          const fresh = p.slos.some((s) => s.dimension === "freshness");
          return {
            dimension: fresh ? "availability" : "freshness",
            target: 0,
            unit: fresh ? "percent" : "hours",
            window: "30d",
            alarmThreshold: null,
            description: "",
          };
        }}
      />
      <Section title="Usage">
        <TextArea
          label="Usage terms"
          name="usageterms"
          value={p.usageTerms}
          onChange={(usageTerms) => set({ ...p, usageTerms })}
        />
        <TextArea
          label="Limitations"
          name="limitations"
          value={p.limitations}
          onChange={(limitations) => set({ ...p, limitations })}
        />
      </Section>
    </>
  );
}
