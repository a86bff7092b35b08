// The metadata block: licence, review date, PII summary and security notes.
import type { ReactNode } from "react";
import type { Canvas } from "../../bindings/Canvas";
import { DateField, Section, TextArea, TextField } from "../../components/form";
import type { BlockParts } from "./fields";

export function metadataForm({ canvas, edit }: BlockParts): ReactNode {
  const m = canvas.metadata;
  const meta = (patch: Partial<Canvas["metadata"]>) =>
    edit((c) => ({ ...c, metadata: { ...c.metadata, ...patch } }));
  return (
    <Section title="Metadata">
      <div className="grid-2">
        <TextField
          label="Licence"
          name="license"
          value={m.license}
          placeholder="CC-BY-4.0"
          onChange={(license) => meta({ license })}
        />
        <DateField
          label="Review by"
          name="expiry"
          value={m.expiry ?? null}
          onChange={(expiry) => meta({ expiry })}
        />
      </div>
      <TextArea
        label="PII summary"
        name="piisummary"
        value={m.piiSummary}
        onChange={(piiSummary) => meta({ piiSummary })}
      />
      <TextArea
        label="Security notes"
        name="securitynotes"
        value={m.securityNotes}
        onChange={(securityNotes) => meta({ securityNotes })}
      />
    </Section>
  );
}
