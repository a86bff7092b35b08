// An output port's tables (its schema objects: tables, views, topics,
// files), one box each: the table's names and type, its fields, its quality
// rules and its relationships. Every edit is the port's, through the card's
// one change path, so it is checked, saved and undone like any other; a
// removed table comes back with Undo (the toast's, or Ctrl+Z), no confirm.
//
// Each box has the test id `table-<j>`; its contract details (what the
// contract says of the table that has no field here) come after its names,
// before its fields, so the first `contract-details` in a box is the
// table's own. Inside it the fields and rules keep
// the test ids they had when a port had one table (`schema-add-field`,
// `schema-field-<i>`, `quality-add`…), so the first table's are the first
// in the inspector.
import { useState } from "react";
import type { OutputPort } from "../../bindings/OutputPort";
import type { SchemaObject } from "../../bindings/SchemaObject";
import { objectRuleCount } from "../../logic/contract";
import { withExtensions } from "../../logic/details";
import { pointsInto } from "../../logic/findings";
import {
  addObject,
  objectLabel,
  objectPointer,
  PHYSICAL_TYPES,
  removeObject,
  replaceObject,
  withRelationships,
  withRules,
} from "../../logic/objects";
import { addField, removeField, replaceField } from "../../logic/schema";
import { useApp } from "../../state/app";
import { useBoard } from "../../state/board";
import { Section, TextArea, TextField } from "../../components/form";
import { ContractDetails, QualitySection, RelationshipsSection } from "../ContractSections";
import { useFocusRow } from "./fields";
import { FieldRow, schemaTitle } from "./SchemaFields";

function TableBox({
  o,
  j,
  pointer,
  onChange,
  onRemove,
}: {
  o: SchemaObject;
  j: number;
  pointer: string;
  onChange(o: SchemaObject): void;
  onRemove(): void;
}) {
  const fieldsAt = `${pointer}/fields/`;
  // A finding on the table itself flashes its box; one on a field, the field's row.
  const { ref, className } = useFocusRow(pointer, fieldsAt);
  // A finding anywhere in a collapsed table opens it.
  const focusInside = useBoard((s) => pointsInto(s.focusPointer, pointer));
  const [open, setOpen] = useState(true);
  const shown = open || focusInside;
  const fields = o.fields;
  return (
    <div
      ref={ref}
      className={`table-box ${className}`}
      data-testid={`table-${j}`}
      data-pointer={pointer}
    >
      <div className="table-head">
        <button
          type="button"
          className="table-toggle"
          data-testid="table-toggle"
          aria-expanded={shown}
          onClick={() => setOpen(!shown)}
        >
          <span className="caret">{shown ? "\u25be" : "\u25b8"}</span>
          <span className="table-title mono">{objectLabel(o)}</span>
          <span className="table-sub">
            {o.physicalType ? `${o.physicalType} · ` : ""}
            {schemaTitle(fields)}
          </span>
        </button>
        <button
          type="button"
          className="link danger"
          data-testid="table-remove"
          title="Remove the table with its fields; Undo brings it back"
          onClick={onRemove}
        >
          Remove table
        </button>
      </div>
      {shown ? (
        <>
          <div className="grid-2">
            <TextField
              label="Name"
              name="tablename"
              mono
              value={o.name}
              placeholder="orders"
              onChange={(name) => onChange({ ...o, name })}
            />
            <TextField
              label="Physical name"
              name="physicalname"
              mono
              value={o.physicalName}
              placeholder="analytics.orders"
              onChange={(physicalName) => onChange({ ...o, physicalName })}
            />
          </div>
          <div className="grid-2">
            <TextField
              label="Physical type"
              name="tabletype"
              mono
              value={o.physicalType}
              placeholder="table"
              suggestions={PHYSICAL_TYPES}
              onChange={(physicalType) => onChange({ ...o, physicalType })}
            />
            <TextField
              label="Business name"
              name="businessname"
              value={o.businessName}
              onChange={(businessName) => onChange({ ...o, businessName })}
            />
          </div>
          <TextArea
            label="Description"
            name="tabledescription"
            rows={2}
            value={o.description}
            onChange={(description) => onChange({ ...o, description })}
          />
          <ContractDetails
            scope="table"
            ext={o.extensions}
            pointer={pointer}
            onChange={(ext) => onChange(withExtensions(o, ext))}
          />
          <Section
            title={`Fields · ${schemaTitle(fields)}`}
            actions={
              <button
                type="button"
                className="btn small"
                data-testid="schema-add-field"
                onClick={() => onChange({ ...o, fields: addField(fields, []).fields })}
              >
                + Field
              </button>
            }
          >
            {fields.length === 0 ? (
              <p className="muted small">No fields yet. Every table needs its fields.</p>
            ) : null}
            {fields.map((f, i) => (
              <FieldRow
                key={i}
                f={f}
                path={[i]}
                pointer={`${fieldsAt}${i}`}
                onChange={(nf) => onChange({ ...o, fields: replaceField(fields, [i], nf) })}
                onRemove={() => onChange({ ...o, fields: removeField(fields, [i]) })}
              />
            ))}
          </Section>
          <QualitySection
            rules={o.quality ?? []}
            onField={objectRuleCount(o) - (o.quality?.length ?? 0)}
            onChange={(quality) => onChange(withRules(o, quality))}
          />
          <RelationshipsSection
            relationships={o.relationships ?? []}
            onChange={(rels) => onChange(withRelationships(o, rels))}
          />
        </>
      ) : null}
    </div>
  );
}

export function TablesSection({
  p,
  set,
  base,
}: {
  p: OutputPort;
  set(p: OutputPort): void;
  /** The port's pointer, `/outputPorts/<i>`. */
  base: string;
}) {
  const toast = useApp((s) => s.toast);
  const remove = (j: number) => {
    const gone = p.objects[j];
    if (!gone) return;
    set(removeObject(p, j));
    const after = useBoard.getState().history?.present;
    toast({
      kind: "info",
      title: `Removed table “${objectLabel(gone)}”`,
      detail: `${schemaTitle(gone.fields)}. Undo brings it back.`,
      key: "table-removed",
      action: {
        label: "Undo",
        run: () => {
          // Only while the removal is the last edit: an undo then takes back
          // exactly it, never an edit made since.
          const s = useBoard.getState();
          if (after !== undefined && s.history?.present === after) s.undo();
        },
      },
    });
  };
  return (
    <Section
      title={`Tables · ${p.objects.length}`}
      actions={
        <button
          type="button"
          className="btn small"
          data-testid="table-add"
          title="Add a table, view, topic or file to the port"
          onClick={() => set(addObject(p).port)}
        >
          + Table
        </button>
      }
    >
      {p.objects.length === 0 ? (
        <p className="muted small">
          No tables yet. A port serves one or more tables, views, topics or files, each with its
          fields.
        </p>
      ) : null}
      {p.objects.map((o, j) => (
        <TableBox
          key={j}
          o={o}
          j={j}
          pointer={objectPointer(base, j)}
          onChange={(next) => set(replaceObject(p, j, next))}
          onRemove={() => remove(j)}
        />
      ))}
    </Section>
  );
}
