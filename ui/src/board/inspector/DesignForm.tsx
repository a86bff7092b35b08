// The data product design block: technology, schedule and notes.
import type { ReactNode } from "react";
import type { Canvas } from "../../bindings/Canvas";
import { Section, TextArea, TextField } from "../../components/form";
import type { BlockParts } from "./fields";

export function designForm({ canvas, edit, adder }: BlockParts): ReactNode {
  const des = (patch: Partial<Canvas["design"]>) =>
    edit((c) => ({ ...c, design: { ...c.design, ...patch } }));
  return (
    <Section title="Data product design">
      <TextField
        label="Technology"
        name="designtechnology"
        value={canvas.design.technology}
        placeholder="dbt on Snowflake"
        onChange={(technology) => des({ technology })}
      />
      <TextField
        label="Schedule"
        name="schedule"
        value={canvas.design.schedule}
        placeholder="hourly"
        onChange={(schedule) => des({ schedule })}
      />
      <TextArea
        label="Notes"
        name="designnotes"
        rows={5}
        value={canvas.design.notes}
        onChange={(notes) => des({ notes })}
      />
      {adder}
    </Section>
  );
}
