// The fields of one of an output port's tables: one row per field, nested
// fields inside their parent's row.
import { useState } from "react";
import type { DataClassification } from "../../bindings/DataClassification";
import type { Field } from "../../bindings/Field";
import { DATA_CLASSIFICATIONS, LOGICAL_TYPES } from "../../bindings/tables";
import { detailCount, withExtensions } from "../../logic/details";
import { pointsInto } from "../../logic/findings";
import {
  addField,
  canNest,
  countDetails,
  countFields,
  countPii,
  DETAIL_KEYS,
  fieldBadges,
  isPiiTag,
  pathId,
  positionOf,
  positionProblem,
  readList,
  readTri,
  removeField,
  replaceField,
  showList,
  TRI_OPTIONS,
  triOf,
  withBusinessName,
  withFlag,
  withList,
  withPosition,
  withText,
  type Tri,
} from "../../logic/schema";
import { useBoard } from "../../state/board";
import { ContractDetails } from "../ContractSections";
import { CheckField, NumberField, SelectField, TextArea, TextField } from "../../components/form";
import { useFocusRow } from "./fields";

/** The classification choices; "" is a field nobody has classified yet. */
const CLASSES: readonly { value: DataClassification | ""; label: string }[] = [
  { value: "", label: "Not classified" },
  ...DATA_CLASSIFICATIONS.map((value) => ({ value, label: value })),
];

export function FieldRow({
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
      data-pointer={pointer}
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
          options={LOGICAL_TYPES}
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
        <FieldBadges f={f} />
      </div>
      <TextField
        label="Business name"
        name="fieldbusinessname"
        value={f.businessName ?? ""}
        onChange={(b) => onChange(withBusinessName(f, b))}
      />
      <TextField
        label="Description"
        name="fielddescription"
        value={f.description}
        onChange={(description) => onChange({ ...f, description })}
      />
      <FieldMore f={f} pointer={pointer} onChange={onChange} />
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

/**
 * What a reviewer should see of a field's details without opening them:
 * `unique`, `CDE`, `PK <n>`; nothing when none applies.
 */
export function FieldBadges({ f }: { f: Field }) {
  const badges = fieldBadges(f);
  if (badges.length === 0) return null;
  return (
    <span className="field-badges" data-testid="field-badges">
      {badges.map((b) => (
        <span
          key={b.kind}
          className={`pill field-badge is-${b.kind}`}
          data-testid="field-badge"
          data-badge={b.kind}
          title={b.title}
        >
          {b.label}
        </span>
      ))}
    </span>
  );
}

/**
 * A field's details (tags, unique, key positions, partitioning, critical
 * data element, transforms, and its contract details: what its contract
 * says that has no field here), behind a "More" toggle. Closed at first
 * unless one of them is set, so nothing the field says is hidden silently;
 * a finding pointing at one of them opens it too.
 */
export function FieldMore({
  f,
  pointer,
  onChange,
}: {
  f: Field;
  pointer: string;
  onChange(f: Field): void;
}) {
  const [choice, setChoice] = useState<boolean | null>(null);
  const focused = useBoard((s) =>
    [...DETAIL_KEYS, "extensions"].some((k) => pointsInto(s.focusPointer, `${pointer}/${k}`)),
  );
  const set = countDetails(f) + detailCount("field", f.extensions);
  const open = (choice ?? set > 0) || focused;
  const piiTagged = (f.tags ?? []).some(isPiiTag);
  const tri = (
    label: string,
    name: string,
    key: "unique" | "partitioned" | "criticalDataElement",
  ) => (
    <SelectField<Tri>
      label={label}
      name={name}
      value={triOf(f[key])}
      options={TRI_OPTIONS}
      onChange={(t) => onChange(withFlag(f, key, readTri(t)))}
    />
  );
  const position = (
    label: string,
    name: string,
    key: "primaryKeyPosition" | "partitionKeyPosition",
  ) => (
    <NumberField
      label={label}
      name={name}
      value={positionOf(f, key) ?? null}
      allowEmpty
      integer
      check={positionProblem}
      onChange={(n) => onChange(withPosition(f, key, n ?? undefined))}
    />
  );
  return (
    <div className="field-more">
      <button
        type="button"
        className="field-children-toggle"
        data-testid="field-more"
        aria-expanded={open}
        onClick={() => setChoice(!open)}
      >
        <span className="caret">{open ? "\u25be" : "\u25b8"}</span>
        More
        {!open && set > 0 ? <span className="field-more-count"> · {set} set</span> : null}
      </button>
      {open ? (
        <div className="field-more-body" data-testid="field-more-body">
          <ListText
            label="Tags"
            name="tags"
            value={f.tags}
            placeholder="finance, gold"
            hint={
              piiTagged && !f.pii
                ? "A pii tag marks the field personal data in the contract, checked or not."
                : undefined
            }
            onChange={(tags) => onChange(withList(f, "tags", tags))}
          />
          <div className="grid-2">
            {tri("Unique", "unique", "unique")}
            {position("Primary key position", "pkposition", "primaryKeyPosition")}
          </div>
          <div className="grid-2">
            {tri("Partitioned", "partitioned", "partitioned")}
            {position("Partition key position", "partitionposition", "partitionKeyPosition")}
          </div>
          <div className="grid-2">{tri("Critical data element", "cde", "criticalDataElement")}</div>
          <TextArea
            label="Transform logic"
            name="transformlogic"
            value={f.transformLogic ?? ""}
            mono
            rows={2}
            placeholder="SUM(amount) OVER (PARTITION BY customer_id)"
            onChange={(t) => onChange(withText(f, "transformLogic", t))}
          />
          <ListText
            label="Transform source objects"
            name="transformsources"
            value={f.transformSourceObjects}
            mono
            placeholder="orders, customers.id"
            onChange={(v) => onChange(withList(f, "transformSourceObjects", v))}
          />
          <TextField
            label="Transform description"
            name="transformdescription"
            value={f.transformDescription ?? ""}
            onChange={(t) => onChange(withText(f, "transformDescription", t))}
          />
          <ContractDetails
            scope="field"
            ext={f.extensions}
            pointer={pointer}
            onChange={(ext) => onChange(withExtensions(f, ext))}
          />
        </div>
      ) : null}
    </div>
  );
}

/**
 * A comma-separated list: entries trimmed, empty ones dropped. The typed
 * text (a trailing comma, spaces) stays as typed while it says what the
 * field holds; an edit from elsewhere (an undo) shows the field's list.
 */
function ListText({
  value,
  onChange,
  ...p
}: {
  label: string;
  name: string;
  value: readonly string[] | undefined;
  onChange(v: string[]): void;
  placeholder?: string;
  hint?: string;
  mono?: boolean;
}) {
  const shown = showList(value);
  const [typed, setTyped] = useState<{ text: string; over: string } | null>(null);
  const text = typed && typed.over === shown ? typed.text : shown;
  return (
    <TextField
      {...p}
      value={text}
      onChange={(t) => {
        const v = readList(t);
        setTyped({ text: t, over: showList(v) });
        if (showList(v) !== shown) onChange(v);
      }}
    />
  );
}

/** `3 fields`, or `3 fields (7 with nested)` when objects or arrays nest. */
export function schemaTitle(fields: Field[]): string {
  const top = `${fields.length} field${fields.length === 1 ? "" : "s"}`;
  const all = countFields(fields);
  return all > fields.length ? `${top} (${all} with nested)` : top;
}
