// A policy card: its statement and parameters.
import type { Policy } from "../../bindings/Policy";
import { POLICY_KINDS } from "../../bindings/tables";
import { IdField } from "../IdField";
import { Section, SelectField, TextArea } from "../../components/form";

export function PolicyForm({ node, p, set: s }: { node: string; p: Policy; set(p: Policy): void }) {
  const params = Object.entries(p.parameters);
  const setParams = (entries: [string, string][]) =>
    s({ ...p, parameters: Object.fromEntries(entries) });
  return (
    <Section title="Policy">
      <div className="grid-2">
        <IdField
          node={node}
          label="Id"
          name="id"
          mono
          value={p.id}
          onChange={(id) => s({ ...p, id })}
        />
        <SelectField
          label="Kind"
          name="kind"
          value={p.kind}
          options={POLICY_KINDS}
          onChange={(kind) => s({ ...p, kind })}
        />
      </div>
      <TextArea
        label="Statement"
        name="statement"
        value={p.statement}
        onChange={(statement) => s({ ...p, statement })}
      />
      <div className="field">
        <label>Parameters</label>
        {params.map(([k, v], i) => (
          <div className="grid-2 param" key={i}>
            <input
              aria-label="Parameter name"
              className="mono"
              data-testid={`policy-param-key-${i}`}
              value={k}
              onChange={(e) =>
                setParams(params.map((x, j) => (j === i ? [e.target.value, x[1]] : x)))
              }
            />
            <input
              aria-label="Parameter value"
              data-testid={`policy-param-value-${i}`}
              value={v}
              onChange={(e) =>
                setParams(params.map((x, j) => (j === i ? [x[0], e.target.value] : x)))
              }
            />
          </div>
        ))}
        <button
          type="button"
          className="link"
          data-testid="policy-param-add"
          onClick={() =>
            setParams([
              ...params,
              [
                params.some(([k]) => k === "approver") ? `param${params.length + 1}` : "approver",
                "",
              ],
            ])
          }
        >
          + Parameter
        </button>
      </div>
    </Section>
  );
}
