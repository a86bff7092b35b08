// Small form controls for the inspector and dialogs; each carries the
// `inspector-field-<name>` test id the end-to-end suite uses.
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { readNumber } from "../logic/number";
import { readDate } from "../logic/date";
import { DateInput } from "./DatePicker";

interface Base {
  label: string;
  name: string;
  testid?: string;
  hint?: string;
}

function Row({
  label,
  hint,
  id,
  error,
  errorTestId,
  children,
}: {
  label: string;
  hint?: string;
  id: string;
  error?: string | null;
  errorTestId?: string;
  children: ReactNode;
}) {
  // An error that appears under a field low in a scrolled panel is brought
  // into view, so what was refused is never below the fold.
  const errorRef = useRef<HTMLDivElement>(null);
  const hasError = Boolean(error);
  useEffect(() => {
    if (hasError) errorRef.current?.scrollIntoView?.({ block: "nearest" });
  }, [hasError]);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <div
          ref={errorRef}
          className="field-error"
          id={`${id}-error`}
          role="alert"
          data-testid={errorTestId}
        >
          {error}
        </div>
      ) : null}
      {hint ? <div className="field-hint">{hint}</div> : null}
    </div>
  );
}

export function TextField(
  p: Base & {
    value: string;
    onChange(v: string): void;
    placeholder?: string;
    mono?: boolean;
    /** Shown under the input, which is marked invalid (test id `<testid>-error`). */
    error?: string | null;
    /** Values offered as the user types (a `datalist`); others may still be typed. */
    suggestions?: readonly string[];
  },
) {
  const id = useId();
  const testid = p.testid ?? `inspector-field-${p.name}`;
  return (
    <Row label={p.label} hint={p.hint} id={id} error={p.error} errorTestId={`${testid}-error`}>
      <input
        id={id}
        className={p.mono ? "mono" : undefined}
        data-testid={testid}
        value={p.value}
        placeholder={p.placeholder}
        spellCheck={false}
        list={p.suggestions ? `${id}-list` : undefined}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={p.error ? `${id}-error` : undefined}
        onChange={(e) => p.onChange(e.target.value)}
      />
      {p.suggestions ? (
        <datalist id={`${id}-list`}>
          {p.suggestions.map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
      ) : null}
    </Row>
  );
}

export function TextArea(
  p: Base & {
    value: string;
    onChange(v: string): void;
    placeholder?: string;
    rows?: number;
    mono?: boolean;
  },
) {
  const id = useId();
  return (
    <Row label={p.label} hint={p.hint} id={id}>
      <textarea
        id={id}
        className={p.mono ? "mono" : undefined}
        spellCheck={p.mono ? false : undefined}
        data-testid={p.testid ?? `inspector-field-${p.name}`}
        value={p.value}
        rows={p.rows ?? 3}
        placeholder={p.placeholder}
        onChange={(e) => p.onChange(e.target.value)}
      />
    </Row>
  );
}

export function SelectField<T extends string>(
  p: Base & {
    value: T;
    options: readonly T[] | readonly { value: T; label: string }[];
    onChange(v: T): void;
  },
) {
  const id = useId();
  return (
    <Row label={p.label} hint={p.hint} id={id}>
      <select
        id={id}
        data-testid={p.testid ?? `inspector-field-${p.name}`}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value as T)}
      >
        {p.options.map((o) => {
          const v = typeof o === "string" ? o : o.value;
          const l = typeof o === "string" ? o : o.label;
          return (
            <option key={v} value={v}>
              {l}
            </option>
          );
        })}
      </select>
    </Row>
  );
}

/**
 * A number typed as text: what cannot be read as a number (or an empty box
 * where a number is required, or a number `check` refuses) stays in the box
 * with the reason under it and is not applied; the value keeps its last
 * number.
 */
export function NumberField(
  p: Base & {
    value: number | null;
    onChange(v: number | null): void;
    allowEmpty?: boolean;
    /** What is wrong with a number that reads, or null when it may be applied. */
    check?(n: number): string | null;
    /** Whole numbers only: the on-screen keyboard offers digits. */
    integer?: boolean;
  },
) {
  const id = useId();
  const testid = p.testid ?? `inspector-field-${p.name}`;
  // The typed text, and the value it stands for: when the value changes
  // from elsewhere (an undo), the typed text is forgotten.
  const [typed, setTyped] = useState<{ text: string; over: number | null } | null>(null);
  const text = typed && typed.over === p.value ? typed.text : (p.value?.toString() ?? "");
  const read = readNumber(text);
  const refused = read.kind === "number" ? (p.check?.(read.value) ?? null) : null;
  const error =
    read.kind === "invalid"
      ? `${read.message} Not applied.`
      : read.kind === "empty" && !p.allowEmpty
        ? "A number is needed here. Not applied."
        : refused
          ? `${refused} Not applied.`
          : null;
  return (
    <Row label={p.label} hint={p.hint} id={id} error={error} errorTestId={`${testid}-error`}>
      <input
        id={id}
        inputMode={p.integer ? "numeric" : "decimal"}
        data-testid={testid}
        value={text}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => {
          const t = e.target.value;
          const r = readNumber(t);
          let next = p.value;
          if (r.kind === "number" && !p.check?.(r.value)) next = r.value;
          else if (r.kind === "empty" && p.allowEmpty) next = null;
          setTyped({ text: t, over: next });
          if (next !== p.value) p.onChange(next);
        }}
      />
    </Row>
  );
}

/**
 * A date typed as `YYYY-MM-DD`, or picked from the calendar beside it
 * (which types it): what is not a date stays in the box with the reason
 * under it and is not applied; empty clears it.
 */
export function DateField(
  p: Base & { value: string | null; onChange(v: string | null): void; placeholder?: string },
) {
  const id = useId();
  const testid = p.testid ?? `inspector-field-${p.name}`;
  const [typed, setTyped] = useState<{ text: string; over: string | null } | null>(null);
  const text = typed && typed.over === p.value ? typed.text : (p.value ?? "");
  const read = readDate(text);
  const error = read.kind === "invalid" ? `${read.message} Not applied.` : null;
  return (
    <Row label={p.label} hint={p.hint} id={id} error={error} errorTestId={`${testid}-error`}>
      <DateInput
        id={id}
        testid={testid}
        value={text}
        placeholder={p.placeholder ?? "YYYY-MM-DD"}
        invalid={Boolean(error)}
        describedBy={error ? `${id}-error` : undefined}
        onText={(t) => {
          const r = readDate(t);
          const next = r.kind === "date" ? r.value : r.kind === "empty" ? null : p.value;
          setTyped({ text: t, over: next });
          if (next !== p.value) p.onChange(next);
        }}
      />
    </Row>
  );
}

export function CheckField(p: Base & { value: boolean; onChange(v: boolean): void }) {
  return (
    <label className="check">
      <input
        type="checkbox"
        data-testid={p.testid ?? `inspector-field-${p.name}`}
        checked={p.value}
        onChange={(e) => p.onChange(e.target.checked)}
      />
      <span>{p.label}</span>
    </label>
  );
}

/** Comma-separated list of strings. */
export function ListField(
  p: Base & { value: string[]; onChange(v: string[]): void; placeholder?: string },
) {
  return (
    <TextField
      {...p}
      value={p.value.join(", ")}
      onChange={(v) =>
        p.onChange(
          v
            .split(",")
            .map((x) => x.trimStart())
            .filter((x, i, all) => x !== "" || i === all.length - 1),
        )
      }
    />
  );
}

export function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="insp-section">
      <header>
        <h3>{title}</h3>
        {actions}
      </header>
      {children}
    </section>
  );
}
