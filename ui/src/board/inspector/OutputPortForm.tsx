// An output port card: the port, its contract details, its servers, its
// tables (each with its fields, quality rules and relationships), SLOs,
// price and usage terms.
import type { OutputPort } from "../../bindings/OutputPort";
import { LIFECYCLE_STATUSES, PORT_KINDS } from "../../bindings/tables";
import { withSunset } from "../../logic/contract";
import { withExtensions } from "../../logic/details";
import { followPort, withPortTags, withPricing } from "../../logic/objects";
import { ContractDetails, PricingSection, ServersSection } from "../ContractSections";
import { IdField } from "../IdField";
import {
  DateField,
  ListField,
  Section,
  SelectField,
  TextArea,
  TextField,
} from "../../components/form";
import { SloList } from "./SloList";
import { TablesSection } from "./TablesSection";

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
            onChange={(id) => set(followPort(p, { ...p, id }))}
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
            onChange={(kind) => set(followPort(p, { ...p, kind }))}
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
        <TextField
          label="Technology"
          name="technology"
          value={p.technology}
          placeholder="snowflake"
          onChange={(technology) => set({ ...p, technology })}
        />
        <TextArea
          label="Description"
          name="description"
          value={p.description}
          onChange={(description) => set({ ...p, description })}
        />
        <ListField
          label="Contract tags"
          name="porttags"
          value={p.tags ?? []}
          onChange={(tags) => set(withPortTags(p, tags))}
        />
      </Section>
      <ContractDetails
        scope="port"
        ext={p.extensions}
        pointer={base}
        onChange={(ext) => set(withExtensions(p, ext))}
      />
      <ServersSection servers={p.servers ?? []} onChange={(servers) => set({ ...p, servers })} />
      <TablesSection p={p} set={set} base={base} />
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
      <PricingSection pricing={p.pricing} onChange={(patch) => set(withPricing(p, patch))} />
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
