// The purpose block: the purpose and the canvas's waivers.
import type { ReactNode } from "react";
import { ListEditor } from "../ListEditor";
import { Section, TextArea } from "../../components/form";
import type { BlockParts } from "./fields";

export function purposeForm({ canvas, edit, prod, adder }: BlockParts): ReactNode {
  return (
    <>
      <Section title="Purpose & key business rules">
        <TextArea
          label="Purpose"
          name="purpose"
          rows={5}
          value={canvas.product.purpose}
          onChange={(purpose) => prod({ purpose })}
        />
        {adder}
      </Section>
      <ListEditor
        title={`Waivers · ${canvas.waivers.length}`}
        items={canvas.waivers}
        onChange={(waivers) => edit((c) => ({ ...c, waivers }))}
        removeLabel="Remove waiver"
        rowTestId={(i) => `waiver-${i}`}
        empty="No waivers. Add one from a finding in the findings panel."
        render={(w) => (
          <>
            <div className="mono small">{w.ruleId}</div>
            {w.pointer ? <div className="mono muted small">{w.pointer}</div> : null}
            <p className="small">{w.reason}</p>
            <div className="muted small">
              Approved by {w.approver || "—"} · expires {w.expires || "never"}
            </div>
          </>
        )}
      />
    </>
  );
}
