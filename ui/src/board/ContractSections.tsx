// The output port inspector's contract sections: the servers the data is
// served from, the port's price, and a table's quality rules and
// relationships, each a list of boxes; a server's connection keys and a
// rule's threshold are key/value rows over its `extensions`, whose values
// keep the kind they were read as (logic/contract.ts). The same rows edit
// the "Contract details" of a port, a table or a field: what its contract
// says that has no field of its own here (logic/details.ts), and the
// product's "Product details", what its ODPS file says that has no field
// here (logic/productDetails.ts).
import { useId, useState, type ReactNode } from "react";
import type { Canvas } from "../bindings/Canvas";
import type { FieldRefs } from "../bindings/FieldRefs";
import type { Pricing } from "../bindings/Pricing";
import type { QualityRule } from "../bindings/QualityRule";
import type { Relationship } from "../bindings/Relationship";
import type { Server } from "../bindings/Server";
import {
  freshExtensionKey,
  missingServerKeys,
  newQualityRule,
  newServer,
  QUALITY_DIMENSIONS,
  QUALITY_METRICS,
  QUALITY_SEVERITIES,
  QUALITY_TYPES,
  readExtensionValue,
  removeExtension,
  renameExtension,
  SERVER_TYPES,
  setExtension,
  showExtensionValue,
  THRESHOLD_KEYS,
} from "../logic/contract";
import {
  detailCount,
  type DetailsScope,
  mergeDetails,
  missingDetails,
  renameDetail,
  visibleDetails,
  withExtensions,
} from "../logic/details";
import { pointsInto } from "../logic/findings";
import {
  mergeProductDetails,
  missingProductDetails,
  productDetailCount,
  renameProductDetail,
  shortValue,
  splitProductDetails,
} from "../logic/productDetails";
import {
  newRelationship,
  readFieldRefs,
  sameFieldRefs,
  showFieldRefs,
  withRelationshipType,
} from "../logic/objects";
import { useBoard } from "../state/board";
import { ListEditor } from "./ListEditor";
import { NumberField, Section, SelectField, TextArea, TextField } from "../components/form";

type Ext = Record<string, unknown> | undefined;
/** How a row's key is renamed: `renameExtension`, or one that refuses more names. */
type Rename = (ext: Ext, from: string, to: string) => { ext: Ext; problem: string | null };

/** The options of a select over `known`, keeping a value written outside them. */
function choices(known: readonly string[], value: string, blank?: string) {
  const list = known.includes(value) || value === "" ? known : [value, ...known];
  return [
    ...(blank !== undefined ? [{ value: "", label: blank }] : []),
    ...list.map((v) => ({ value: v, label: v })),
  ];
}

/** One key/value row; a refused key or value stays in its box with the reason under it. */
function ExtensionRow({
  k,
  v,
  ext,
  i,
  rename,
  onChange,
}: {
  k: string;
  v: unknown;
  ext: Ext;
  i: number;
  rename: Rename;
  onChange(ext: Ext): void;
}) {
  const id = useId();
  // Typed text that was not applied, and the key/value it was typed over:
  // an undo that changes the row forgets it.
  const [keyTyped, setKeyTyped] = useState<{ text: string; over: string } | null>(null);
  const [valTyped, setValTyped] = useState<{ text: string; over: unknown } | null>(null);
  const keyText = keyTyped && keyTyped.over === k ? keyTyped.text : k;
  const valText = valTyped && valTyped.over === v ? valTyped.text : showExtensionValue(v);
  const keyProblem = keyTyped && keyTyped.over === k ? rename(ext, k, keyText).problem : null;
  const valRead = valTyped && valTyped.over === v ? readExtensionValue(k, v, valText) : null;
  const error = keyProblem ?? (valRead && !valRead.ok ? valRead.message : null);
  const kind = typeof v === "number" ? "number" : Array.isArray(v) ? "list" : typeof v;
  return (
    <div className="ext-row" data-testid={`ext-row-${i}`} data-kind={kind}>
      <div className="ext-cells">
        <input
          aria-label="Key"
          className="mono"
          data-testid="ext-key"
          value={keyText}
          spellCheck={false}
          aria-invalid={keyProblem ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            const text = e.target.value;
            const r = rename(ext, k, text);
            if (r.problem) setKeyTyped({ text, over: k });
            else {
              setKeyTyped(null);
              onChange(r.ext);
            }
          }}
        />
        <input
          aria-label={`Value of ${k}`}
          className="mono"
          data-testid="ext-value"
          value={valText}
          spellCheck={false}
          aria-invalid={valRead && !valRead.ok ? true : undefined}
          onChange={(e) => {
            const text = e.target.value;
            const r = readExtensionValue(k, v, text);
            if (r.ok) {
              setValTyped({ text, over: r.value });
              onChange(setExtension(ext, k, r.value));
            } else setValTyped({ text, over: v });
          }}
        />
        <button
          type="button"
          className="icon-btn small"
          data-testid="ext-remove"
          title={`Remove ${k}`}
          aria-label={`Remove ${k}`}
          onClick={() => onChange(removeExtension(ext, k))}
        >
          ×
        </button>
      </div>
      {error ? (
        <div className="field-error" id={`${id}-error`} role="alert" data-testid="ext-error">
          {error}
        </div>
      ) : null}
    </div>
  );
}

/**
 * Key/value rows over `ext`, with one-click rows for `suggested` keys (a
 * key alone starts as text; a key with a value starts with that value, and
 * so keeps its kind) and a free "+ Key".
 */
function ExtensionRows({
  label,
  ext,
  onChange,
  suggested = [],
  rename = renameExtension,
  testid,
}: {
  label?: string;
  ext: Ext;
  onChange(ext: Ext): void;
  suggested?: readonly (string | readonly [string, unknown])[];
  rename?: Rename;
  testid: string;
}) {
  const entries = Object.entries(ext ?? {});
  return (
    <div className="field ext-rows" data-testid={testid}>
      {label !== undefined ? <label>{label}</label> : null}
      {entries.map(([k, v], i) => (
        // Keyed by place: a key being renamed keeps its box and focus.
        <ExtensionRow key={i} k={k} v={v} ext={ext} i={i} rename={rename} onChange={onChange} />
      ))}
      <div className="ext-add">
        {suggested.map((s) => {
          const [k, start] = typeof s === "string" ? [s, ""] : s;
          return (
            <button
              key={k}
              type="button"
              className="link"
              data-testid={`ext-add-${k}`}
              onClick={() => onChange(setExtension(ext, k, start))}
            >
              + {k}
            </button>
          );
        })}
        <button
          type="button"
          className="link"
          data-testid="ext-add"
          onClick={() => onChange(setExtension(ext, freshExtensionKey(ext), ""))}
        >
          + Key
        </button>
      </div>
    </div>
  );
}

/** The one-line explanation under a "Contract details" title. */
export const CONTRACT_DETAILS_HINT =
  "What the contract says that has no field of its own here; written back as it is.";

/**
 * A section of key/value rows over what an import kept that has no field
 * here, with a title that toggles it and counts what it shows. Closed at
 * first when it shows nothing, open when it does (or a clicked finding
 * points under `focus`); after an edit it stays as it is. `onChange` gets
 * the rows; `children` come under them (a read-only list).
 */
function DetailsSection({
  testid,
  className,
  scope,
  title,
  hint,
  count,
  focus,
  shown,
  suggested,
  rename,
  onChange,
  children,
}: {
  testid: string;
  className: string;
  scope?: string;
  title: string;
  hint: string;
  count: number;
  /** The JSON pointer of what the section edits, for findings that point into it. */
  focus: string;
  shown: Ext;
  suggested: readonly (readonly [string, unknown])[];
  rename: Rename;
  onChange(shown: Ext): void;
  children?: ReactNode;
}) {
  const id = useId();
  const [choice, setChoice] = useState<boolean | null>(null);
  const focused = useBoard((s) => pointsInto(s.focusPointer, focus));
  const open = (choice ?? count > 0) || focused;
  return (
    <section
      className={`insp-section ${className}`}
      data-testid={testid}
      data-scope={scope}
      data-count={count}
    >
      <header>
        <h3>
          <button
            type="button"
            className="section-toggle"
            data-testid={`${testid}-toggle`}
            aria-expanded={open}
            aria-controls={open ? `${id}-body` : undefined}
            onClick={() => setChoice(!open)}
          >
            <span className="caret">{open ? "\u25be" : "\u25b8"}</span>
            {title} · {count}
          </button>
        </h3>
      </header>
      <p className="field-hint details-hint" data-testid={`${testid}-hint`}>
        {hint}
      </p>
      {open ? (
        <div id={`${id}-body`} className="details-body">
          <ExtensionRows
            testid={`${testid}-keys`}
            ext={shown}
            suggested={suggested}
            rename={rename}
            onChange={(next) => {
              setChoice(true);
              onChange(next);
            }}
          />
          {children}
        </div>
      ) : null}
    </section>
  );
}

/**
 * An item's "Contract details": the keys of its `extensions` that its
 * contract wrote and the canvas has no field for, as key/value rows. The
 * canvas's bookkeeping (`meshcanvas.*`) and keys of the item's own fields
 * are neither shown nor taken as names, and are kept through every edit;
 * `onChange` gets the whole `extensions` (`undefined` when nothing is
 * left). Closed at first when it holds no key, open when it does (or a
 * clicked finding points into it); after an edit it stays as it is.
 */
export function ContractDetails({
  scope,
  ext,
  pointer,
  onChange,
}: {
  scope: DetailsScope;
  ext: Ext;
  /** The item's JSON pointer, for findings that point into its extensions. */
  pointer: string;
  onChange(ext: Ext): void;
}) {
  const shown = visibleDetails(scope, ext);
  return (
    <DetailsSection
      testid="contract-details"
      className={`contract-details is-${scope}`}
      scope={scope}
      title="Contract details"
      hint={CONTRACT_DETAILS_HINT}
      count={detailCount(scope, ext)}
      focus={`${pointer}/extensions`}
      shown={shown}
      suggested={missingDetails(scope, shown)}
      rename={(e, from, to) => renameDetail(scope, e, from, to)}
      onChange={(next) => onChange(mergeDetails(scope, ext, next))}
    />
  );
}

/** The one-line explanation under the "Product details" title. */
export const PRODUCT_DETAILS_HINT =
  "What the imported product says that has no field of its own here; written back as it is.";

/**
 * The product's "Product details": its `odps#/<key>` extensions as
 * key/value rows named by the key, then the rest the canvas keeps (deeper
 * places, keys of the product's own fields, other tools' keys) listed
 * read-only; `meshcanvas.*` keys are not shown. `onChange` gets the whole
 * `canvas.extensions` (`{}` when nothing is left).
 */
export function ProductDetails({
  ext,
  onChange,
}: {
  ext: Canvas["extensions"];
  onChange(ext: Canvas["extensions"]): void;
}) {
  const { shown, kept } = splitProductDetails(ext);
  return (
    <DetailsSection
      testid="product-details"
      className="contract-details product-details"
      title="Product details"
      hint={PRODUCT_DETAILS_HINT}
      count={productDetailCount(ext)}
      focus="/extensions"
      shown={shown}
      suggested={missingProductDetails(shown)}
      rename={renameProductDetail}
      onChange={(next) => onChange(mergeProductDetails(ext, next))}
    >
      {kept.length > 0 ? (
        <div className="field details-kept" data-testid="product-details-kept">
          <label>Kept as they are</label>
          <ul>
            {kept.map((k, i) => (
              <li key={k.key} data-testid={`kept-${i}`}>
                <span className="mono kept-place" data-testid="kept-place">
                  {k.place}
                </span>
                <span
                  className="mono kept-value"
                  data-testid="kept-value"
                  title={showExtensionValue(k.value)}
                >
                  {shortValue(k.value)}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </DetailsSection>
  );
}

export function ServersSection({
  servers,
  onChange,
}: {
  servers: Server[];
  onChange(servers: Server[]): void;
}) {
  return (
    <ListEditor<Server>
      title={`Servers · ${servers.length}`}
      items={servers}
      onChange={onChange}
      newItem={() => newServer(servers)}
      addLabel="+ Server"
      addTestId="server-add"
      removeLabel="Remove server"
      removeTestId="server-remove"
      rowTestId={(i) => `server-${i}`}
      empty="No servers. Say where the data is served (a database, a topic, a bucket) so a platform can deploy and test the contract."
      render={(s, set) => (
        <>
          <div className="grid-2">
            <TextField
              label="Server"
              name="server-name"
              testid="server-name"
              mono
              value={s.server}
              placeholder="production"
              onChange={(server) => set({ ...s, server })}
            />
            <SelectField
              label="Type"
              name="server-type"
              testid="server-type"
              value={s.type}
              options={choices(SERVER_TYPES, s.type, "—")}
              onChange={(type) => set({ ...s, type })}
            />
          </div>
          <TextField
            label="Environment"
            name="server-environment"
            testid="server-environment"
            value={s.environment ?? ""}
            placeholder="prod, preprod, dev, uat"
            onChange={(environment) => set({ ...s, environment })}
          />
          <TextArea
            label="Description"
            name="server-description"
            testid="server-description"
            rows={2}
            value={s.description ?? ""}
            onChange={(description) => set({ ...s, description })}
          />
          <ExtensionRows
            label="Connection"
            testid="server-connection"
            ext={s.extensions}
            suggested={missingServerKeys(s)}
            onChange={(ext) => set(withExtensions(s, ext))}
          />
        </>
      )}
    />
  );
}

export function QualitySection({
  rules,
  onField,
  onChange,
}: {
  rules: QualityRule[];
  /** How many rules the table's fields hold (edited with the fields). */
  onField: number;
  onChange(rules: QualityRule[]): void;
}) {
  const onFields = onField > 0 ? ` (+${onField} on fields)` : "";
  return (
    <ListEditor<QualityRule>
      title={`Quality rules · ${rules.length}${onFields}`}
      items={rules}
      onChange={onChange}
      newItem={newQualityRule}
      addLabel="+ Rule"
      addTestId="quality-add"
      removeLabel="Remove rule"
      removeTestId="quality-remove"
      rowTestId={(i) => `quality-${i}`}
      empty="No quality rules on this table. Rules here go into the contract's quality section, where a contract tool tests them."
      render={(q, set) => {
        const type = q.type ?? "";
        return (
          <>
            <div className="grid-2">
              <TextField
                label="Name"
                name="quality-name"
                testid="quality-name"
                value={q.name ?? ""}
                onChange={(name) => set({ ...q, name })}
              />
              <SelectField
                label="Type"
                name="quality-type"
                testid="quality-type"
                value={type}
                options={choices(QUALITY_TYPES, type, "— (library)")}
                onChange={(t) => set({ ...q, type: t })}
              />
            </div>
            {type === "" || type === "library" || q.metric ? (
              <SelectField
                label="Metric"
                name="quality-metric"
                testid="quality-metric"
                value={q.metric ?? ""}
                options={choices(QUALITY_METRICS, q.metric ?? "", "—")}
                onChange={(metric) => set({ ...q, metric })}
              />
            ) : null}
            {type === "sql" || type === "custom" || q.query ? (
              <TextArea
                label="Query"
                name="quality-query"
                testid="quality-query"
                rows={3}
                value={q.query ?? ""}
                placeholder="SELECT COUNT(*) FROM orders WHERE amount < 0"
                onChange={(query) => set({ ...q, query })}
              />
            ) : null}
            <div className="grid-2">
              <SelectField
                label="Dimension"
                name="quality-dimension"
                testid="quality-dimension"
                value={q.dimension ?? ""}
                options={choices(QUALITY_DIMENSIONS, q.dimension ?? "", "—")}
                onChange={(dimension) => set({ ...q, dimension })}
              />
              <SelectField
                label="Severity"
                name="quality-severity"
                testid="quality-severity"
                value={q.severity ?? ""}
                options={choices(QUALITY_SEVERITIES, q.severity ?? "", "—")}
                onChange={(severity) => set({ ...q, severity })}
              />
            </div>
            <TextArea
              label="Description"
              name="quality-description"
              testid="quality-description"
              rows={2}
              value={q.description ?? ""}
              onChange={(description) => set({ ...q, description })}
            />
            <ExtensionRows
              label="Threshold and other keys"
              testid="quality-keys"
              ext={q.extensions}
              suggested={
                THRESHOLD_KEYS.some((k) => q.extensions && k in q.extensions)
                  ? []
                  : ["mustBe", "mustBeLessThan", "mustBeGreaterThan"]
              }
              onChange={(ext) => set(withExtensions(q, ext))}
            />
          </>
        );
      }}
    />
  );
}

/**
 * A relationship's `from` or `to`: one reference as typed, or several,
 * comma-separated, for a composite key. The typed text stays as typed (a
 * trailing comma, spaces) while it says what the model holds.
 */
function FieldRefsField({
  label,
  testid,
  value,
  placeholder,
  onChange,
}: {
  label: string;
  testid: string;
  value: FieldRefs;
  placeholder: string;
  onChange(v: FieldRefs): void;
}) {
  const [typed, setTyped] = useState<{ text: string; over: FieldRefs } | null>(null);
  const text = typed && sameFieldRefs(typed.over, value) ? typed.text : showFieldRefs(value);
  return (
    <TextField
      label={label}
      name={testid}
      testid={testid}
      mono
      value={text}
      placeholder={placeholder}
      onChange={(t) => {
        const v = readFieldRefs(t);
        setTyped({ text: t, over: v });
        if (!sameFieldRefs(v, value)) onChange(v);
      }}
    />
  );
}

/** A table's relationships (foreign keys) to other tables' fields. */
export function RelationshipsSection({
  relationships,
  onChange,
}: {
  relationships: Relationship[];
  onChange(relationships: Relationship[]): void;
}) {
  return (
    <ListEditor<Relationship>
      title={`Relationships · ${relationships.length}`}
      items={relationships}
      onChange={onChange}
      newItem={newRelationship}
      addLabel="+ Relationship"
      addTestId="relationship-add"
      removeLabel="Remove relationship"
      removeTestId="relationship-remove"
      rowTestId={(i) => `relationship-${i}`}
      empty="No relationships. A foreign key says which field of another table this table's field refers to."
      render={(r, set) => (
        <>
          <TextField
            label="Type"
            name="relationship-type"
            testid="relationship-type"
            mono
            value={r.type ?? ""}
            placeholder="foreignKey"
            suggestions={["foreignKey"]}
            onChange={(type) => set(withRelationshipType(r, type))}
          />
          <FieldRefsField
            label="From"
            testid="relationship-from"
            value={r.from}
            placeholder="orders.customer_id"
            onChange={(from) => set({ ...r, from })}
          />
          <FieldRefsField
            label="To"
            testid="relationship-to"
            value={r.to}
            placeholder="customers.id"
            onChange={(to) => set({ ...r, to })}
          />
          <p className="field-hint rel-hint">
            As table.field; several, comma-separated, for a composite key.
          </p>
        </>
      )}
    />
  );
}

/** What using the port costs: amount per unit, in a currency. */
export function PricingSection({
  pricing,
  onChange,
}: {
  pricing: Pricing | undefined;
  onChange(patch: { amount?: number | null; currency?: string; unit?: string }): void;
}) {
  return (
    <Section title="Pricing">
      <div className="grid-3">
        <NumberField
          label="Amount"
          name="pricing-amount"
          testid="pricing-amount"
          allowEmpty
          value={pricing?.amount ?? null}
          onChange={(amount) => onChange({ amount })}
        />
        <TextField
          label="Currency"
          name="pricing-currency"
          testid="pricing-currency"
          mono
          value={pricing?.currency ?? ""}
          placeholder="EUR"
          onChange={(currency) => onChange({ currency })}
        />
        <TextField
          label="Unit"
          name="pricing-unit"
          testid="pricing-unit"
          value={pricing?.unit ?? ""}
          placeholder="month"
          onChange={(unit) => onChange({ unit })}
        />
      </div>
    </Section>
  );
}
