// The fields of one of an output port's tables: one row per field, nested
// fields inside their parent's row.
import { useState } from "react";
import type { DataClassification } from "../../bindings/DataClassification";
import type { Field } from "../../bindings/Field";
import { DATA_CLASSIFICATIONS, LOGICAL_TYPES } from "../../bindings/tables";
import {
  addField,
  canNest,
  countFields,
  countPii,
  pathId,
  removeField,
  replaceField,
  withBusinessName,
} from "../../logic/schema";
import { useBoard } from "../../state/board";
import { CheckField, SelectField, TextField } from "../../components/form";
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
export function schemaTitle(fields: Field[]): string {
  const top = `${fields.length} field${fields.length === 1 ? "" : "s"}`;
  const all = countFields(fields);
  return all > fields.length ? `${top} (${all} with nested)` : top;
}
