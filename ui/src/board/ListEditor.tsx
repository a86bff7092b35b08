// The inspector's editor for a list of like items (SLOs, expectations,
// support channels, waivers, metrics, alarms): a section whose header holds
// the "add" button, a hint while the list is empty, and one box per item
// with the item's fields and a "remove" link. Each item's fields come from
// `render`, which gets the item and a setter for it.
import { Fragment, type ReactNode } from "react";
import { removeAt, replaceAt } from "../logic/list";
import { Section } from "../components/form";

export interface ListEditorProps<T> {
  title: string;
  items: readonly T[];
  onChange(items: T[]): void;
  /** The fields of item `i`; `set` replaces the item. */
  render(item: T, set: (item: T) => void, i: number): ReactNode;
  /** What a new item starts as; without it the list has no "add" button. */
  newItem?: () => T;
  /** The add button's text, e.g. "+ SLO". */
  addLabel?: string;
  addTestId?: string;
  /** The remove link's text, e.g. "Remove SLO"; without it items cannot be removed here. */
  removeLabel?: string;
  removeTestId?: string;
  /** Shown while the list is empty. */
  empty?: ReactNode;
  /**
   * Wraps an item's box; by default a `row-box` with `rowTestId(i)`. The SLO
   * rows use it to scroll to a finding that points into them.
   */
  row?: (i: number, children: ReactNode) => ReactNode;
  rowTestId?: (i: number) => string;
}

export function ListEditor<T>(p: ListEditorProps<T>) {
  const newItem = p.newItem;
  const add = newItem ? (
    <button
      type="button"
      className="btn small"
      data-testid={p.addTestId}
      onClick={() => p.onChange([...p.items, newItem()])}
    >
      {p.addLabel ?? "+ Add"}
    </button>
  ) : undefined;
  return (
    <Section title={p.title} actions={add}>
      {p.items.length === 0 && p.empty ? <p className="muted small">{p.empty}</p> : null}
      {p.items.map((item, i) => {
        const body = (
          <>
            {p.render(item, (next) => p.onChange(replaceAt(p.items, i, next)), i)}
            {p.removeLabel ? (
              <button
                type="button"
                className="link danger"
                data-testid={p.removeTestId}
                onClick={() => p.onChange(removeAt(p.items, i))}
              >
                {p.removeLabel}
              </button>
            ) : null}
          </>
        );
        return p.row ? (
          <Fragment key={i}>{p.row(i, body)}</Fragment>
        ) : (
          <div className="row-box" key={i} data-testid={p.rowTestId?.(i)}>
            {body}
          </div>
        );
      })}
    </Section>
  );
}
