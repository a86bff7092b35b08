// The observability block: its quality checks, metrics and alarms.
import type { ReactNode } from "react";
import type { Canvas } from "../../bindings/Canvas";
import { ListEditor } from "../ListEditor";
import { Section, TextField } from "../../components/form";
import type { BlockParts } from "./fields";

export function observabilityForm({ canvas, edit, adder }: BlockParts): ReactNode {
  const o = canvas.observability;
  const obs = (patch: Partial<Canvas["observability"]>) =>
    edit((c) => ({ ...c, observability: { ...c.observability, ...patch } }));
  return (
    <>
      <Section title="Quality checks">{adder}</Section>
      <ListEditor
        title="Metrics"
        items={o.metrics}
        onChange={(metrics) => obs({ metrics })}
        newItem={() => ({ name: "", description: "", unit: "" })}
        addLabel="+ Metric"
        removeLabel="Remove metric"
        render={(m, setM, i) => (
          <div className="grid-2">
            <TextField
              label="Metric"
              name={`metric-${i}`}
              value={m.name}
              onChange={(name) => setM({ ...m, name })}
            />
            <TextField
              label="Unit"
              name={`metric-unit-${i}`}
              value={m.unit}
              onChange={(unit) => setM({ ...m, unit })}
            />
          </div>
        )}
      />
      <ListEditor
        title="Alarms"
        items={o.alarms}
        onChange={(alarms) => obs({ alarms })}
        newItem={() => ({ name: "", condition: "", notify: "" })}
        addLabel="+ Alarm"
        removeLabel="Remove alarm"
        render={(a, setA, i) => (
          <>
            <TextField
              label="Alarm"
              name={`alarm-${i}`}
              value={a.name}
              onChange={(name) => setA({ ...a, name })}
            />
            <div className="grid-2">
              <TextField
                label="Condition"
                name={`alarm-condition-${i}`}
                mono
                value={a.condition}
                placeholder="freshness > 2h"
                onChange={(condition) => setA({ ...a, condition })}
              />
              <TextField
                label="Notify"
                name={`alarm-notify-${i}`}
                value={a.notify}
                onChange={(notify) => setA({ ...a, notify })}
              />
            </div>
          </>
        )}
      />
    </>
  );
}
