// An SLO list: an output port's promises or an input port's expectations.
// Each SLO's "Contract details" are what its contract's SLA property says
// beyond the canvas (`element`, `driver`, `scheduler`…).
import type { ReactNode } from "react";
import type { Slo } from "../../bindings/Slo";
import { SLO_DIMENSIONS, SLO_UNITS } from "../../bindings/tables";
import { withExtensions } from "../../logic/details";
import { ContractDetails } from "../ContractSections";
import { ListEditor } from "../ListEditor";
import { NumberField, SelectField, TextField } from "../../components/form";
import { useFocusRow } from "./fields";

function SloRow({ pointer, children }: { pointer: string; children: ReactNode }) {
  const { ref, className } = useFocusRow(pointer);
  return (
    <div
      ref={ref}
      className={`row-box ${className}`}
      data-testid={`slo-${pointer.split("/").pop()}`}
    >
      {children}
    </div>
  );
}

/**
 * The fields of one SLO (an output port's promise or an input port's
 * expectation); `pointer` is the SLO's, for findings.
 */
function SloFields({ s, set, pointer }: { s: Slo; set(s: Slo): void; pointer: string }) {
  return (
    <>
      <div className="grid-3">
        <SelectField
          label="Dimension"
          name="slo-dimension"
          testid="slo-dimension"
          value={s.dimension}
          options={SLO_DIMENSIONS}
          onChange={(dimension) => set({ ...s, dimension })}
        />
        <NumberField
          label="Target"
          name="slo-target"
          testid="slo-target"
          value={s.target}
          hint={s.target === 0 ? "Set the target: 0 promises nothing yet." : undefined}
          onChange={(v) => set({ ...s, target: v ?? 0 })}
        />
        <SelectField
          label="Unit"
          name="slo-unit"
          testid="slo-unit"
          value={s.unit}
          options={SLO_UNITS}
          onChange={(unit) => set({ ...s, unit })}
        />
      </div>
      <div className="grid-2">
        <TextField
          label="Window"
          name="slo-window"
          testid="slo-window"
          value={s.window}
          placeholder="30d"
          onChange={(window) => set({ ...s, window })}
        />
        <NumberField
          label="Alarm at"
          name="slo-alarm"
          testid="slo-alarm"
          allowEmpty
          value={s.alarmThreshold}
          onChange={(alarmThreshold) => set({ ...s, alarmThreshold })}
        />
      </div>
      <ContractDetails
        scope="slo"
        ext={s.extensions}
        pointer={pointer}
        onChange={(ext) => set(withExtensions(s, ext))}
      />
    </>
  );
}

/** An SLO list: `slo-<n>` rows that a finding pointing under `base` scrolls to. */
export function SloList(p: {
  title: string;
  slos: Slo[];
  onChange(s: Slo[]): void;
  base: string;
  newSlo(): Slo;
  addLabel: string;
  empty: string;
}) {
  return (
    <ListEditor
      title={p.title}
      items={p.slos}
      onChange={p.onChange}
      newItem={p.newSlo}
      addLabel={p.addLabel}
      addTestId="slo-add"
      removeLabel="Remove SLO"
      removeTestId="slo-remove"
      empty={p.empty}
      row={(i, children) => <SloRow pointer={`${p.base}/${i}`}>{children}</SloRow>}
      render={(s, set, i) => <SloFields s={s} set={set} pointer={`${p.base}/${i}`} />}
    />
  );
}
