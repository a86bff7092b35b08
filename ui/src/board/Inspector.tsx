// The inspector: edits the selected card, note or block in full. Every change
// is one store edit (keystrokes in one text box merge), so it is checked,
// autosaved and undoable like a drag on the board.
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { Canvas } from "../bindings/Canvas";
import type { Consumer } from "../bindings/Consumer";
import type { DataClassification } from "../bindings/DataClassification";
import type { DesignStep } from "../bindings/DesignStep";
import type { Field } from "../bindings/Field";
import type { InputPort } from "../bindings/InputPort";
import type { LifecycleStatus } from "../bindings/LifecycleStatus";
import type { LogicalType } from "../bindings/LogicalType";
import type { OutputPort } from "../bindings/OutputPort";
import type { Policy } from "../bindings/Policy";
import type { QualityCheck } from "../bindings/QualityCheck";
import type { Slo } from "../bindings/Slo";
import type { SloDimension } from "../bindings/SloDimension";
import type { SloUnit } from "../bindings/SloUnit";
import type { SupportChannel } from "../bindings/SupportChannel";
import type { Term } from "../bindings/Term";
import { block, type BlockId } from "../logic/blocks";
import { cardOfNode, KINDS, type CardItem } from "../logic/cards";
import { kindOfNode } from "../logic/identity";
import {
  addField,
  canNest,
  countFields,
  countPii,
  pathId,
  removeField,
  replaceField,
} from "../logic/schema";
import { useBoard } from "../state/board";
import { portDigest } from "../logic/contract";
import { QualitySection, ServersSection } from "./ContractSections";
import { IdField } from "./IdField";
import { ListEditor } from "./ListEditor";
import { UpstreamPicker } from "./UpstreamPicker";
import { DeleteProductDialog, RenameProductDialog } from "./ProductDialogs";
import {
  CheckField,
  DateField,
  ListField,
  NumberField,
  Section,
  SelectField,
  TextArea,
  TextField,
} from "../views/form";

const STATUSES: LifecycleStatus[] = ["draft", "proposed", "active", "deprecated", "retired"];
const LOGICAL: LogicalType[] = [
  "string",
  "integer",
  "number",
  "boolean",
  "date",
  "timestamp",
  "time",
  "object",
  "array",
];
/** The classification choices; "" is a field nobody has classified yet. */
const CLASSES: readonly { value: DataClassification | ""; label: string }[] = [
  { value: "", label: "Not classified" },
  { value: "public", label: "public" },
  { value: "internal", label: "internal" },
  { value: "confidential", label: "confidential" },
  { value: "restricted", label: "restricted" },
];
const DIMENSIONS: SloDimension[] = [
  "freshness",
  "availability",
  "completeness",
  "latency",
  "retention",
  "accuracy",
];
const UNITS: SloUnit[] = [
  "percent",
  "milliseconds",
  "seconds",
  "minutes",
  "hours",
  "days",
  "weeks",
  "months",
  "years",
];

function useCanvasEdit() {
  const edit = useBoard((s) => s.edit);
  return (key: string, fn: (c: Canvas) => Canvas) => edit(fn, key);
}

/** Scrolls a row into view and flashes it when a clicked finding points into it. */
/** `exclude`: pointers under this prefix belong to a nested row, which claims them instead. */
function useFocusRow(pointer: string, exclude?: string) {
  const ref = useRef<HTMLDivElement>(null);
  const focus = useBoard((s) => s.focusPointer);
  const hit =
    focus !== null &&
    (focus === pointer || focus.startsWith(`${pointer}/`)) &&
    !(exclude && focus.startsWith(exclude));
  useEffect(() => {
    if (hit) ref.current?.scrollIntoView({ block: "center", behavior: "smooth" });
  }, [hit, focus]);
  return { ref, className: hit ? "focused" : "" };
}

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

/** The fields of one SLO (an output port's promise or an input port's expectation). */
function SloFields({ s, set }: { s: Slo; set(s: Slo): void }) {
  return (
    <>
      <div className="grid-3">
        <SelectField
          label="Dimension"
          name="slo-dimension"
          testid="slo-dimension"
          value={s.dimension}
          options={DIMENSIONS}
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
          options={UNITS}
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
    </>
  );
}

/** An SLO list: `slo-<n>` rows that a finding pointing under `base` scrolls to. */
function SloList(p: {
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
      render={(s, set) => <SloFields s={s} set={set} />}
    />
  );
}

function FieldRow({
  f,
  path,
  pointer,
  onChange,
  onRemove,
}: {
  f: Field;
  path: number[];
  pointer: string;
  onChange(f: Field): void;
  onRemove(): void;
}) {
  const nested = `${pointer}/fields/`;
  // A finding on a nested field focuses that field's row, not its parents'.
  const { ref, className } = useFocusRow(pointer, nested);
  const focusInside = useBoard((s) => s.focusPointer?.startsWith(nested) ?? false);
  const nests = canNest(f.logicalType) || f.fields.length > 0;
  const [open, setOpen] = useState(true);
  const addChild = () => onChange({ ...f, fields: addField(f.fields, []).fields });
  const nestedPii = countPii(f.fields);
  return (
    <div
      ref={ref}
      className={`row-box field-row ${f.pii ? "is-pii" : ""} ${path.length > 1 ? "is-nested" : ""} ${className}`}
      data-testid={`schema-field-${pathId(path)}`}
      data-depth={path.length - 1}
    >
      <div className="grid-2">
        <TextField
          label="Name"
          name="fieldname"
          value={f.name}
          mono
          onChange={(name) => onChange({ ...f, name })}
        />
        <SelectField
          label="Type"
          name="type"
          value={f.logicalType}
          options={LOGICAL}
          onChange={(logicalType) => onChange({ ...f, logicalType })}
        />
      </div>
      <div className="grid-2">
        <SelectField
          label="Classification"
          name="classification"
          value={f.classification ?? ""}
          options={CLASSES}
          onChange={(c) => onChange({ ...f, classification: c === "" ? undefined : c })}
        />
        <TextField
          label="Physical type"
          name="physicaltype"
          value={f.physicalType}
          mono
          placeholder="VARCHAR(64)"
          onChange={(physicalType) => onChange({ ...f, physicalType })}
        />
      </div>
      <div className="checks">
        <CheckField
          label="PII"
          name="pii"
          value={f.pii}
          onChange={(pii) => onChange({ ...f, pii })}
        />
        <CheckField
          label="Required"
          name="required"
          value={f.required}
          onChange={(required) => onChange({ ...f, required })}
        />
        <CheckField
          label="Primary key"
          name="primarykey"
          value={f.primaryKey}
          onChange={(primaryKey) => onChange({ ...f, primaryKey })}
        />
      </div>
      <TextField
        label="Description"
        name="fielddescription"
        value={f.description}
        onChange={(description) => onChange({ ...f, description })}
      />
      <div className="field-row-actions">
        <button
          type="button"
          className="link danger"
          data-testid="schema-field-remove"
          onClick={onRemove}
        >
          Remove field
        </button>
        {nests ? (
          <button
            type="button"
            className="link"
            data-testid="schema-field-add-child"
            onClick={() => {
              addChild();
              setOpen(true);
            }}
          >
            + Nested field
          </button>
        ) : null}
      </div>
      {nests && f.fields.length > 0 ? (
        <div className="field-children">
          <button
            type="button"
            className="field-children-toggle"
            data-testid="schema-field-toggle"
            aria-expanded={open || focusInside}
            onClick={() => setOpen(!open)}
          >
            <span className="caret">{open || focusInside ? "\u25be" : "\u25b8"}</span>
            {f.logicalType === "array" ? "Item fields" : "Fields"} · {countFields(f.fields)}
            {nestedPii > 0 ? <span className="pii-count"> · {nestedPii} PII</span> : null}
          </button>
          {open || focusInside
            ? f.fields.map((c, j) => (
                <FieldRow
                  key={j}
                  f={c}
                  path={[...path, j]}
                  pointer={`${nested}${j}`}
                  onChange={(nc) => onChange({ ...f, fields: replaceField(f.fields, [j], nc) })}
                  onRemove={() => onChange({ ...f, fields: removeField(f.fields, [j]) })}
                />
              ))
            : null}
        </div>
      ) : null}
    </div>
  );
}

/** `3 fields`, or `3 fields (7 with nested)` when objects or arrays nest. */
function schemaTitle(fields: Field[]): string {
  const top = `${fields.length} field${fields.length === 1 ? "" : "s"}`;
  const all = countFields(fields);
  return all > fields.length ? `${top} (${all} with nested)` : top;
}

function OutputPortForm({
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
            options={["table", "view", "file", "api", "stream"] as const}
            onChange={(kind) => set({ ...p, kind })}
          />
          <SelectField
            label="Status"
            name="status"
            value={p.status}
            options={STATUSES}
            onChange={(status) => set({ ...p, status })}
          />
        </div>
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

function InputPortForm({
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

function ConsumerForm({
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
          options={["team", "application", "person"] as const}
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

function CardForm({ node, canvas }: { node: string; canvas: Canvas }) {
  const update = useBoard((s) => s.updateCard);
  const found = cardOfNode(canvas, node);
  if (!found) return null;
  const set = (item: CardItem) => void update(node, item);
  const base = `${KINDS[found.kind].pointer}/${found.card.index}`;
  switch (found.kind) {
    case "outputPort":
      return (
        <OutputPortForm
          node={node}
          p={found.item as OutputPort}
          set={set as (p: OutputPort) => void}
          base={base}
        />
      );
    case "inputPort":
      return (
        <InputPortForm
          node={node}
          p={found.item as InputPort}
          set={set as (p: InputPort) => void}
          base={base}
        />
      );
    case "consumer":
      return (
        <ConsumerForm
          node={node}
          p={found.item as Consumer}
          set={set as (p: Consumer) => void}
          ports={canvas.outputPorts}
        />
      );
    case "designStep": {
      const p = found.item as DesignStep;
      const s = set as (p: DesignStep) => void;
      return (
        <Section title="Design step">
          <IdField
            node={node}
            label="Id"
            name="id"
            mono
            value={p.id}
            onChange={(id) => s({ ...p, id })}
          />
          <TextField
            label="Name"
            name="name"
            value={p.name}
            onChange={(name) => s({ ...p, name })}
          />
          <TextField
            label="Technology"
            name="technology"
            value={p.technology}
            onChange={(technology) => s({ ...p, technology })}
          />
          <TextArea
            label="Description"
            name="description"
            value={p.description}
            onChange={(description) => s({ ...p, description })}
          />
        </Section>
      );
    }
    case "qualityCheck": {
      const p = found.item as QualityCheck;
      const s = set as (p: QualityCheck) => void;
      return (
        <Section title="Quality check">
          <IdField
            node={node}
            label="Id"
            name="id"
            mono
            value={p.id}
            onChange={(id) => s({ ...p, id })}
          />
          <TextField
            label="Name"
            name="name"
            value={p.name}
            onChange={(name) => s({ ...p, name })}
          />
          <div className="grid-2">
            <SelectField
              label="Port"
              name="portid"
              value={p.portId ?? ""}
              options={[
                { value: "", label: "—" },
                ...canvas.outputPorts.map((o) => ({ value: o.id, label: o.name || o.id })),
              ]}
              onChange={(v) => s({ ...p, portId: v || null })}
            />
            <TextField
              label="Field"
              name="field"
              mono
              value={p.field ?? ""}
              onChange={(v) => s({ ...p, field: v || null })}
            />
          </div>
          <TextField
            label="Dimension"
            name="dimension"
            value={p.dimension}
            placeholder="completeness, uniqueness, validity…"
            onChange={(dimension) => s({ ...p, dimension })}
          />
          <TextField
            label="Rule"
            name="rule"
            mono
            value={p.rule}
            placeholder="duplicate_count = 0"
            onChange={(rule) => s({ ...p, rule })}
          />
          <TextArea
            label="Description"
            name="description"
            value={p.description}
            onChange={(description) => s({ ...p, description })}
          />
        </Section>
      );
    }
    case "term": {
      const p = found.item as Term;
      const s = set as (p: Term) => void;
      return (
        <Section title="Term">
          <IdField
            node={node}
            label="Term"
            name="term"
            value={p.term}
            onChange={(term) => s({ ...p, term })}
          />
          <TextArea
            label="Definition"
            name="definition"
            value={p.definition}
            onChange={(definition) => s({ ...p, definition })}
          />
          <ListField
            label="Synonyms"
            name="synonyms"
            value={p.synonyms}
            onChange={(synonyms) => s({ ...p, synonyms })}
          />
          <ListField
            label="Polysemes"
            name="polysemes"
            hint="Other meanings of the same word in other domains"
            value={p.polysemes}
            onChange={(polysemes) => s({ ...p, polysemes })}
          />
        </Section>
      );
    }
    case "policy": {
      const p = found.item as Policy;
      const s = set as (p: Policy) => void;
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
              options={
                ["access", "retention", "classification", "privacy", "residency", "custom"] as const
              }
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
                    params.some(([k]) => k === "approver")
                      ? `param${params.length + 1}`
                      : "approver",
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
  }
  return null;
}

/** The product id, with the ways to change it or delete the canvas. */
function ProductIdRow({ canvas }: { canvas: Canvas }) {
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  const { id, name } = canvas.product;
  return (
    <div className="field">
      <label>Id</label>
      <div className="id-row">
        <span className="mono id-value" data-testid="inspector-product-id">
          {id}
        </span>
        <button
          type="button"
          className="btn small"
          data-testid="product-rename"
          onClick={() => setDialog("rename")}
        >
          Rename…
        </button>
        <button
          type="button"
          className="btn small ghost danger-text"
          data-testid="product-delete"
          onClick={() => setDialog("delete")}
        >
          Delete…
        </button>
      </div>
      {dialog === "rename" ? <RenameProductDialog id={id} onClose={() => setDialog(null)} /> : null}
      {dialog === "delete" ? (
        <DeleteProductDialog id={id} name={name || id} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}

function BlockForm({ id, canvas }: { id: BlockId; canvas: Canvas }) {
  const edit = useCanvasEdit();
  const addCard = useBoard((s) => s.addCard);
  const k = `block:${id}`;
  const prod = (patch: Partial<Canvas["product"]>) =>
    edit(k, (c) => ({ ...c, product: { ...c.product, ...patch } }));
  const b = block(id);
  const adder: ReactNode = b.cardKind ? (
    <button type="button" className="btn" onClick={() => addCard(b.cardKind!)}>
      + Add {KINDS[b.cardKind].label.toLowerCase()}
    </button>
  ) : null;
  switch (id) {
    case "name":
      return (
        <Section title="Product">
          <TextField
            label="Name"
            name="productname"
            value={canvas.product.name}
            onChange={(name) => prod({ name })}
          />
          <div className="grid-2">
            <ProductIdRow canvas={canvas} />
            <TextField
              label="Version"
              name="productversion"
              mono
              value={canvas.product.version}
              onChange={(version) => prod({ version })}
            />
          </div>
          <SelectField
            label="Lifecycle status"
            name="productstatus"
            value={canvas.product.status}
            options={STATUSES}
            onChange={(status) => prod({ status })}
          />
          <ListField
            label="Tags"
            name="tags"
            value={canvas.product.tags}
            onChange={(tags) => prod({ tags })}
          />
        </Section>
      );
    case "domain": {
      const d = canvas.domain;
      const dom = (patch: Partial<Canvas["domain"]>) =>
        edit(k, (c) => ({ ...c, domain: { ...c.domain, ...patch } }));
      return (
        <>
          <Section title="Domain">
            <TextField
              label="Domain"
              name="domainname"
              value={d.name}
              onChange={(name) => dom({ name })}
            />
            <TextArea
              label="Description"
              name="domaindescription"
              value={d.description}
              rows={2}
              onChange={(description) => dom({ description })}
            />
            <TextField
              label="Team"
              name="teamname"
              value={d.team.name}
              onChange={(name) => dom({ team: { ...d.team, name } })}
            />
            <div className="grid-2">
              <TextField
                label="Product owner"
                name="ownername"
                value={d.productOwner.name}
                onChange={(name) => dom({ productOwner: { ...d.productOwner, name } })}
              />
              <TextField
                label="Owner e-mail"
                name="owneremail"
                value={d.productOwner.email}
                onChange={(email) => dom({ productOwner: { ...d.productOwner, email } })}
              />
            </div>
          </Section>
          <ListEditor<SupportChannel>
            title="Support channels"
            items={d.team.support}
            onChange={(support) => dom({ team: { ...d.team, support } })}
            newItem={() => ({
              channel: "",
              tool: "slack",
              url: "",
              scope: "interactive",
              description: "",
            })}
            addLabel="+ Channel"
            addTestId="support-add"
            removeLabel="Remove channel"
            rowTestId={(i) => `support-${i}`}
            render={(s, setS) => (
              <>
                <div className="grid-2">
                  <TextField
                    label="Channel"
                    name="supportchannel"
                    value={s.channel}
                    onChange={(channel) => setS({ ...s, channel })}
                  />
                  <SelectField
                    label="Tool"
                    name="supporttool"
                    value={s.tool}
                    options={["email", "slack", "teams", "discord", "ticket", "other"] as const}
                    onChange={(tool) => setS({ ...s, tool })}
                  />
                </div>
                <TextField
                  label="URL"
                  name="supporturl"
                  mono
                  value={s.url}
                  onChange={(url) => setS({ ...s, url })}
                />
              </>
            )}
          />
        </>
      );
    }
    case "purpose":
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
            onChange={(waivers) => edit(k, (c) => ({ ...c, waivers }))}
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
    case "design": {
      const des = (patch: Partial<Canvas["design"]>) =>
        edit(k, (c) => ({ ...c, design: { ...c.design, ...patch } }));
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
    case "metadata": {
      const m = canvas.metadata;
      const meta = (patch: Partial<Canvas["metadata"]>) =>
        edit(k, (c) => ({ ...c, metadata: { ...c.metadata, ...patch } }));
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
    case "observability": {
      const o = canvas.observability;
      const obs = (patch: Partial<Canvas["observability"]>) =>
        edit(k, (c) => ({ ...c, observability: { ...c.observability, ...patch } }));
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
    case "classification":
      return (
        <Section title="Classification">
          <SelectField
            label="Archetype"
            name="archetype"
            value={canvas.product.archetype}
            options={[
              { value: "source-aligned", label: "Source-aligned" },
              { value: "aggregate", label: "Aggregate" },
              { value: "consumer-aligned", label: "Consumer-aligned" },
            ]}
            onChange={(archetype) => prod({ archetype })}
          />
        </Section>
      );
    default:
      return (
        <Section title={b.title}>
          <p className="muted small">{b.hint}. Select one of its cards to edit it.</p>
          {adder}
        </Section>
      );
  }
}

export function Inspector() {
  const selected = useBoard((s) => s.selected);
  const canvas = useBoard((s) => s.history?.present);
  const deleteSelected = useBoard((s) => s.deleteSelected);
  const edit = useBoard((s) => s.edit);
  if (!canvas) return null;
  if (!selected) {
    return (
      <aside className="inspector" data-testid="inspector-empty">
        <div className="empty-state small-empty">
          <h3>Nothing selected</h3>
          <p>
            Click a card or a block to edit it here. Double-click the board to drop a sticky note.
          </p>
        </div>
      </aside>
    );
  }
  const kind = kindOfNode(selected);
  let title = "";
  let body: ReactNode = null;
  let deletable = false;
  // The card's key in the layout (`consumer:finance`), shown and exposed as
  // `data-key`; the selection itself is the card's identity.
  let key = selected;
  if (kind) {
    title = KINDS[kind].label;
    key = cardOfNode(canvas, selected)?.card.key ?? selected;
    // Keyed by the card, so a refused id typed into one card never shows on another.
    body = <CardForm key={selected} node={selected} canvas={canvas} />;
    deletable = true;
  } else if (selected.startsWith("note:")) {
    const id = selected.slice(5);
    const note = canvas.layout.notes.find((n) => n.id === id);
    title = "Sticky note";
    deletable = true;
    body = note ? (
      <Section title="Note">
        <TextArea
          label="Text"
          name="notetext"
          rows={6}
          value={note.text}
          onChange={(text) =>
            edit(
              (c) => ({
                ...c,
                layout: {
                  ...c.layout,
                  notes: c.layout.notes.map((n) => (n.id === id ? { ...n, text } : n)),
                },
              }),
              `note:${id}`,
            )
          }
        />
        <SelectField
          label="Colour"
          name="notecolor"
          value={
            (["yellow", "pink", "blue", "green"].includes(note.color)
              ? note.color
              : "yellow") as "yellow"
          }
          options={["yellow", "pink", "blue", "green"] as const}
          onChange={(color) =>
            edit((c) => ({
              ...c,
              layout: {
                ...c.layout,
                notes: c.layout.notes.map((n) => (n.id === id ? { ...n, color } : n)),
              },
            }))
          }
        />
      </Section>
    ) : null;
  } else if (selected.startsWith("block:")) {
    const id = selected.slice(6) as BlockId;
    title = block(id).title;
    body = <BlockForm id={id} canvas={canvas} />;
  }
  return (
    <aside className="inspector" data-testid="inspector" data-key={key} data-card={selected}>
      <header className="inspector-head">
        <div>
          <div className="eyebrow">{title}</div>
          <div className="mono muted small">{key}</div>
        </div>
        {deletable ? (
          <button
            type="button"
            className="btn danger small"
            data-testid="card-delete"
            title="Delete (Del)"
            onClick={deleteSelected}
          >
            Delete
          </button>
        ) : null}
      </header>
      <div className="inspector-body">{body}</div>
    </aside>
  );
}
