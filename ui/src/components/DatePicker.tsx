// A date typed as `YYYY-MM-DD`, or picked from a calendar: the button at
// the input's right end (test id `<input's test id>-pick`) opens a popover
// calendar under the input (over it when the window has no room below).
// A picked day goes into the box as if typed, so the field reads it as it
// reads typing. The calendar follows the WAI-ARIA date picker dialog: the
// arrow keys move by a day or a week, Page Up and Page Down by a month
// (with Shift by a year), Home and End to the week's ends, Enter or Space
// picks, Escape closes; a click outside closes it too. Alt+Down in the box
// opens it.
//
// The popover is rendered into document.body with fixed positioning, so
// the scrolling inspector and findings panel cannot cut it off; it follows
// the input as they scroll and closes once the input is scrolled out of
// sight.
import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from "react";
import { createPortal } from "react-dom";
import {
  addMonths,
  dayAfterKey,
  inRange,
  localDay,
  longDate,
  monthTitle,
  monthWeeks,
  partsOf,
  sameMonth,
  weekdayNames,
} from "../logic/calendar";
import { readDate } from "../logic/date";
import { isShown, placePopover, type Box } from "../logic/popover";

export interface DateInputProps {
  id?: string;
  testid: string;
  /** The text in the box: a date, nothing, or what was typed. */
  value: string;
  placeholder?: string;
  invalid?: boolean;
  describedBy?: string;
  /** What was typed, or the day picked (`YYYY-MM-DD`; "" for Clear). */
  onText(text: string): void;
  /** The calendar's language (the user's when undefined). */
  locale?: string;
}

/** The input, its calendar button and, while open, the calendar. */
export function DateInput(p: DateInputProps) {
  const input = useRef<HTMLInputElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const dialogId = useId();
  const read = readDate(p.value);
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) input.current?.focus();
  };
  return (
    <div className="date-input">
      <input
        ref={input}
        id={p.id}
        data-testid={p.testid}
        value={p.value}
        placeholder={p.placeholder}
        spellCheck={false}
        aria-invalid={p.invalid ? true : undefined}
        aria-describedby={p.describedBy}
        onChange={(e) => p.onText(e.target.value)}
        onKeyDown={(e) => {
          // Alt+Down opens the calendar from the box, as a select opens.
          if (e.altKey && e.key === "ArrowDown") {
            e.preventDefault();
            setOpen(true);
          }
        }}
      />
      <button
        ref={button}
        type="button"
        className="date-input-pick"
        data-testid={`${p.testid}-pick`}
        aria-label="Choose a date"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? dialogId : undefined}
        onClick={() => (open ? close(true) : setOpen(true))}
      >
        <CalendarIcon />
      </button>
      {open ? (
        <DatePicker
          id={dialogId}
          anchor={input}
          trigger={button}
          selected={read.kind === "date" ? read.value : null}
          empty={read.kind === "empty"}
          locale={p.locale}
          onPick={(day) => {
            // The same path as typing; the picker closes with the focus
            // back in the box.
            p.onText(day ?? "");
            close(true);
          }}
          onClose={close}
        />
      ) : null}
    </div>
  );
}

function CalendarIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="2" y="3" width="12" height="11" rx="2" fill="none" stroke="currentColor" />
      <path d="M2 6.5h12M5 1.5v3M11 1.5v3" fill="none" stroke="currentColor" />
    </svg>
  );
}

function Chevron({ back }: { back?: boolean }) {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        d={back ? "M10 3.5 5.5 8l4.5 4.5" : "M6 3.5 10.5 8 6 12.5"}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** The boxes that clip an element: its scrolling (or clipping) ancestors. */
function clippingBoxes(el: HTMLElement): Box[] {
  const boxes: Box[] = [];
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const s = getComputedStyle(p);
    if (s.overflowX !== "visible" || s.overflowY !== "visible") {
      boxes.push(p.getBoundingClientRect());
    }
  }
  boxes.push({ top: 0, left: 0, bottom: window.innerHeight, right: window.innerWidth });
  return boxes;
}

/** The calendar popover, in a portal, kept beside its input. */
function DatePicker(p: {
  id: string;
  anchor: RefObject<HTMLInputElement | null>;
  trigger: RefObject<HTMLButtonElement | null>;
  selected: string | null;
  /** Whether the box is empty (nothing to clear). */
  empty: boolean;
  locale?: string;
  onPick(day: string | null): void;
  onClose(refocus: boolean): void;
}) {
  const popover = useRef<HTMLDivElement>(null);
  // Read once, as the picker opens: the effects below keep the latest.
  const [today] = useState(() => localDay(new Date()));
  const onClose = useRef(p.onClose);
  useLayoutEffect(() => {
    onClose.current = p.onClose;
  });
  const { anchor, trigger } = p;

  useLayoutEffect(() => {
    const el = popover.current;
    const input = anchor.current;
    if (!el || !input) return;
    const place = () => {
      const box = input.getBoundingClientRect();
      if (!isShown(box, clippingBoxes(input))) {
        onClose.current(false);
        return;
      }
      const at = placePopover(
        box,
        { width: el.offsetWidth, height: el.offsetHeight },
        { width: window.innerWidth, height: window.innerHeight },
      );
      // Set on the element (CSSOM), not as a style attribute: the CSP
      // allows no inline styles in markup.
      el.style.left = `${at.left}px`;
      el.style.top = at.side === "below" ? `${at.top}px` : "";
      el.style.bottom = at.side === "above" ? `${at.bottom}px` : "";
      el.dataset.side = at.side;
    };
    place();
    // A month of more weeks is taller: placed again as it changes size.
    const resized = new ResizeObserver(place);
    resized.observe(el);
    window.addEventListener("resize", place);
    window.addEventListener("scroll", place, true);
    return () => {
      resized.disconnect();
      window.removeEventListener("resize", place);
      window.removeEventListener("scroll", place, true);
    };
  }, [anchor]);

  // A press anywhere else closes it; the button that opened it toggles it.
  // Escape closes it wherever the focus is (a click on a button leaves none
  // in WebKit), before the board's Escape, which would close the inspector.
  useEffect(() => {
    const down = (e: PointerEvent) => {
      const t = e.target as Node | null;
      if (popover.current?.contains(t) || trigger.current?.contains(t)) return;
      onClose.current(false);
    };
    const key = (e: globalThis.KeyboardEvent) => {
      if (e.key !== "Escape") return;
      e.preventDefault();
      e.stopPropagation();
      onClose.current(true);
    };
    document.addEventListener("pointerdown", down, true);
    window.addEventListener("keydown", key, true);
    return () => {
      document.removeEventListener("pointerdown", down, true);
      window.removeEventListener("keydown", key, true);
    };
  }, [trigger]);

  return createPortal(
    <div
      ref={popover}
      id={p.id}
      className="date-picker"
      data-testid="date-picker"
      role="dialog"
      aria-modal="true"
      aria-label="Choose a date"
      // Focusable, so a click on its background keeps the focus inside.
      tabIndex={-1}
      onKeyDown={(e) => {
        // Keys stay in the picker: the board's and the app's shortcuts
        // (letters switch modes, digits move the board) do not see them.
        e.stopPropagation();
        if (e.key === "Tab") trapTab(e, popover.current);
      }}
    >
      <Calendar
        initial={p.selected ?? today}
        selected={p.selected}
        empty={p.empty}
        today={today}
        locale={p.locale}
        onPick={p.onPick}
      />
    </div>,
    document.body,
  );
}

/** Tab and Shift+Tab go round the picker's controls, as in a modal dialog. */
function trapTab(e: KeyboardEvent, root: HTMLElement | null) {
  if (!root) return;
  const stops = [
    ...root.querySelectorAll<HTMLElement>("button:not([disabled]):not([tabindex='-1'])"),
  ];
  const first = stops[0];
  const last = stops[stops.length - 1];
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

/**
 * The calendar: the month and year with the previous and next month, the
 * weekdays from Monday, the weeks of the month with the days around it
 * muted, Today and Clear. The day with the keyboard focus (`initial` at
 * first) is the one Tab reaches; its month is the month shown.
 */
export function Calendar(p: {
  initial: string;
  selected: string | null;
  /** Whether there is nothing to clear. */
  empty: boolean;
  today: string;
  locale?: string;
  onPick(day: string | null): void;
}) {
  const [focused, setFocused] = useState(p.initial);
  // The focus goes to the focused day when the picker opens and after a
  // key moves it; the month buttons keep it.
  const moveFocus = useRef(true);
  const grid = useRef<HTMLTableElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    grid.current
      ?.querySelector<HTMLButtonElement>(`[data-date="${focused}"]`)
      ?.focus({ preventScroll: true });
  }, [focused]);

  const { year, month } = partsOf(focused);
  const weeks = monthWeeks(year, month);
  const prev = addMonths(focused, -1);
  const next = addMonths(focused, 1);
  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      p.onPick(focused);
      return;
    }
    const to = dayAfterKey(focused, e.key, e.shiftKey);
    if (to === null) return;
    e.preventDefault();
    moveFocus.current = true;
    setFocused(to);
  };

  return (
    <>
      <div className="date-picker-head">
        <button
          type="button"
          className="date-picker-nav"
          data-testid="date-picker-prev"
          aria-label="Previous month"
          disabled={!inRange(prev)}
          onClick={(e) => {
            // WebKit does not focus a clicked button: the focus stays here.
            e.currentTarget.focus();
            setFocused(prev);
          }}
        >
          <Chevron back />
        </button>
        <h2 id={titleId} aria-live="polite">
          {monthTitle(focused, p.locale)}
        </h2>
        <button
          type="button"
          className="date-picker-nav"
          data-testid="date-picker-next"
          aria-label="Next month"
          disabled={!inRange(next)}
          onClick={(e) => {
            e.currentTarget.focus();
            setFocused(next);
          }}
        >
          <Chevron />
        </button>
      </div>
      <table
        ref={grid}
        className="date-picker-grid"
        aria-labelledby={titleId}
        onKeyDown={onKeyDown}
      >
        <thead>
          <tr>
            {weekdayNames(p.locale).map((d) => (
              <th key={d.long} scope="col" abbr={d.long}>
                {d.short}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0]}>
              {week.map((day) => {
                const classes = ["date-picker-day"];
                if (!sameMonth(day, focused)) classes.push("other-month");
                if (day === p.today) classes.push("today");
                if (day === p.selected) classes.push("selected");
                const usable = inRange(day);
                return (
                  <td key={day}>
                    <button
                      type="button"
                      className={classes.join(" ")}
                      data-testid={`date-picker-day-${day}`}
                      data-date={day}
                      aria-label={usable ? longDate(day, p.locale) : undefined}
                      aria-pressed={day === p.selected}
                      aria-current={day === p.today ? "date" : undefined}
                      tabIndex={day === focused ? 0 : -1}
                      disabled={!usable}
                      onClick={() => p.onPick(day)}
                    >
                      {Number(day.slice(-2))}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="date-picker-foot">
        <button
          type="button"
          className="btn small ghost"
          data-testid="date-picker-today"
          onClick={() => p.onPick(p.today)}
        >
          Today
        </button>
        <button
          type="button"
          className="btn small ghost"
          data-testid="date-picker-clear"
          disabled={p.empty}
          onClick={() => p.onPick(null)}
        >
          Clear
        </button>
      </div>
    </>
  );
}
