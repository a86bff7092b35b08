import { describe, expect, it } from "vitest";
import type { Canvas } from "../bindings/Canvas";
import type { Workshop } from "../bindings/Workshop";
import { BLOCK_TABLE, STICKY_TARGETS, WORKSHOP_STEPS } from "../bindings/tables";
import { finding, ON_ORDERS_PORT, ordersCanvas } from "../test/fixtures";
import {
  addSessionNote,
  addSticky,
  becameLabel,
  FACILITATOR,
  findingsByStep,
  formatClock,
  formatOverrun,
  freshSessionId,
  kindsOfBlock,
  orderedTargets,
  participantOf,
  participantsOf,
  pickerFor,
  portSummary,
  readMinutes,
  remainingSeconds,
  removeSessionNote,
  running,
  spentSeconds,
  stepFindings,
  stepOfBlock,
  stickyColor,
  stickyPlace,
  timerState,
  unconvertedStickies,
  voteSticky,
  withSession,
  worstSeverity,
} from "./workshop";

const T0 = Date.parse("2025-03-01T09:00:00Z");

/** A session on `current`, every step with its default timebox and nothing spent. */
function session(over: Partial<Workshop> = {}): Workshop {
  return {
    started: "2025-03-01T09:00:00Z",
    current: 1,
    clockStarted: "2025-03-01T09:00:00Z",
    steps: WORKSHOP_STEPS.map((s) => ({ step: s.step, minutes: s.minutes, spentSeconds: 0 })),
    participants: [],
    parkingLot: [],
    decisions: [],
    ...over,
  };
}

function withWorkshop(c: Canvas, w: Workshop = session()): Canvas {
  return { ...c, layout: { ...c.layout, workshop: w } };
}

/** A fixed sequence of "random" numbers. */
function randoms(...xs: number[]): () => number {
  let i = 0;
  return () => xs[i++ % xs.length]!;
}

describe("the clock", () => {
  it("counts down the current step from its timebox while it runs", () => {
    const w = session();
    expect(remainingSeconds(w, T0)).toBe(600);
    expect(remainingSeconds(w, T0 + 90_000)).toBe(510);
    expect(spentSeconds(w, 1, T0 + 90_000)).toBe(90);
  });

  it("adds the stored time spent, and nothing for a paused clock", () => {
    const steps = session().steps.map((s) => (s.step === 4 ? { ...s, spentSeconds: 300 } : s));
    const paused = session({ current: 4, clockStarted: undefined, steps });
    expect(running(paused)).toBe(false);
    expect(remainingSeconds(paused, T0 + 3_600_000)).toBe(25 * 60 - 300);
    const resumed = { ...paused, clockStarted: "2025-03-01T09:00:00Z" };
    expect(running(resumed)).toBe(true);
    expect(remainingSeconds(resumed, T0 + 60_000)).toBe(25 * 60 - 360);
  });

  it("counts the running clock only on the current step", () => {
    const w = session({ current: 2 });
    expect(spentSeconds(w, 1, T0 + 60_000)).toBe(0);
    expect(spentSeconds(w, 2, T0 + 60_000)).toBe(60);
  });

  it("goes negative past the timebox, with fractional minutes", () => {
    const steps = session().steps.map((s) => (s.step === 1 ? { ...s, minutes: 0.5 } : s));
    const w = session({ steps });
    expect(remainingSeconds(w, T0 + 45_000)).toBe(-15);
  });

  it("never counts a clock started after now (another machine ahead)", () => {
    expect(remainingSeconds(session(), T0 - 5000)).toBe(600);
  });

  it("is not running once finished", () => {
    expect(running(session({ finished: "2025-03-01T10:00:00Z" }))).toBe(false);
  });
});

describe("formatClock", () => {
  it("shows mm:ss, rounding whole seconds up", () => {
    expect(formatClock(25 * 60)).toBe("25:00");
    expect(formatClock(59.2)).toBe("01:00");
    expect(formatClock(59)).toBe("00:59");
    expect(formatClock(0.4)).toBe("00:01");
    expect(formatClock(0)).toBe("00:00");
    expect(formatClock(125 * 60)).toBe("125:00");
  });

  it("reads 00:00 past the timebox; the overrun is said apart", () => {
    expect(formatClock(-75)).toBe("00:00");
    expect(formatOverrun(-75)).toBe("1:15");
    expect(formatOverrun(-0.5)).toBe("0:00");
    expect(formatOverrun(10)).toBe("");
  });

  it("turns amber in the last minute and red once the time is up", () => {
    expect(timerState(61)).toBe("ok");
    expect(timerState(60)).toBe("low");
    expect(timerState(0.5)).toBe("low");
    expect(timerState(0)).toBe("over");
    expect(timerState(-3)).toBe("over");
  });
});

describe("readMinutes", () => {
  it("takes positive numbers, with a comma or a point", () => {
    expect(readMinutes("25")).toBe(25);
    expect(readMinutes(" 7.5 ")).toBe(7.5);
    expect(readMinutes("7,5")).toBe(7.5);
    expect(readMinutes(".5")).toBe(0.5);
  });

  it("refuses zero, negatives and words", () => {
    expect(readMinutes("0")).toBeNull();
    expect(readMinutes("-3")).toBeNull();
    expect(readMinutes("")).toBeNull();
    expect(readMinutes("ten")).toBeNull();
    expect(readMinutes("1e3")).toBeNull();
  });
});

describe("stepFindings", () => {
  const onPort = finding("/outputPorts/0/slos", "warning", false, ON_ORDERS_PORT);
  const onPortError = finding("/outputPorts/0/objects", "error", false, ON_ORDERS_PORT);
  const waived = finding("/outputPorts/0/x", "error", true, ON_ORDERS_PORT);
  const onName = finding("/product/name", "info", false, { block: "name", card: null });
  const onDomain = finding("/domain/team", "error", false, { block: "domain", card: null });
  const all = [onPort, waived, onName, onDomain, onPortError];

  it("keeps the open findings on the step's blocks, most severe first", () => {
    expect(stepFindings(all, 4)).toEqual([onPortError, onPort]);
    expect(stepFindings(all, 1)).toEqual([onDomain]);
  });

  it("counts the Name block in step 2, with the purpose", () => {
    expect(stepFindings(all, 2)).toEqual([onName]);
    expect(stepOfBlock("name")).toBe(2);
    expect(stepOfBlock("purpose")).toBe(2);
  });

  it("is empty for a step with nothing open", () => {
    expect(stepFindings(all, 9)).toEqual([]);
    expect(stepFindings([waived], 4)).toEqual([]);
  });

  it("groups the open findings by step, in step order", () => {
    expect(findingsByStep(all)).toEqual([
      { step: 1, findings: [onDomain] },
      { step: 2, findings: [onName] },
      { step: 4, findings: [onPortError, onPort] },
    ]);
  });

  it("names the worst severity", () => {
    expect(worstSeverity([onPort, onPortError])).toBe("error");
    expect(worstSeverity([onName, onPort])).toBe("warning");
    expect(worstSeverity([onName])).toBe("info");
    expect(worstSeverity([])).toBeNull();
  });
});

describe("orderedTargets", () => {
  it("offers the step's usual targets first, then the rest in the core's order", () => {
    expect(orderedTargets(4).slice(0, 3)).toEqual(["outputPort", "field", "slo"]);
    expect(orderedTargets(8).slice(0, 3)).toEqual(["qualityCheck", "slo", "consumer"]);
  });

  it("offers every target exactly once", () => {
    for (const s of WORKSHOP_STEPS) {
      const t = orderedTargets(s.step);
      expect([...t].sort()).toEqual(Object.keys(STICKY_TARGETS).sort());
    }
  });

  it("keeps the core's order for a step without usual targets", () => {
    expect(orderedTargets(1)).toEqual(Object.keys(STICKY_TARGETS));
  });
});

describe("pickerFor", () => {
  const c = ordersCanvas();
  it("asks for the port only when there is more than one", () => {
    expect(pickerFor(c, "field")).toBe("port");
    expect(pickerFor(c, "qualityCheck")).toBe("port");
    const one = { ...c, outputPorts: c.outputPorts.slice(0, 1) };
    expect(pickerFor(one, "slo")).toBeNull();
    expect(pickerFor({ ...c, outputPorts: [] }, "field")).toBeNull();
  });

  it("asks whose use case it is when there are consumers", () => {
    expect(pickerFor(c, "useCase")).toBe("consumer");
    expect(pickerFor({ ...c, consumers: [] }, "useCase")).toBeNull();
  });

  it("asks nothing for a card of its own", () => {
    expect(pickerFor(c, "outputPort")).toBeNull();
    expect(pickerFor(c, "term")).toBeNull();
  });
});

describe("stickies", () => {
  it("places a step's stickies inside its first block, each set off from the one before", () => {
    for (const s of WORKSHOP_STEPS) {
      const r = BLOCK_TABLE[s.blocks[0]!].rect;
      const seen = new Set<string>();
      for (let n = 0; n < 6; n++) {
        const p = stickyPlace(s.step, n);
        expect(p.x).toBeGreaterThanOrEqual(r.x);
        expect(p.x).toBeLessThan(r.x + r.w);
        expect(p.y).toBeGreaterThanOrEqual(r.y);
        expect(p.y).toBeLessThan(r.y + r.h);
        seen.add(`${p.x},${p.y}`);
      }
      expect(seen.size).toBe(6);
    }
  });

  it("keeps a sticky wholly inside a block big enough for it", () => {
    const r = BLOCK_TABLE.design.rect;
    for (let n = 0; n < 40; n++) {
      const p = stickyPlace(7, n);
      expect(p.x + 180).toBeLessThanOrEqual(r.x + r.w);
      expect(p.y + 130).toBeLessThanOrEqual(r.y + r.h);
    }
  });

  it("adds a sticky of the step, by its author, in their colour", () => {
    const c = withWorkshop(ordersCanvas());
    const pia = { initials: "PK", name: "Pia", color: "pink" };
    const r = addSticky(c, { text: "  Orders table  ", step: 4, author: pia }, randoms(0.5));
    expect(r.id).toMatch(/^note-[a-z0-9]+$/);
    const note = r.canvas.layout.notes.find((n) => n.id === r.id)!;
    expect(note).toMatchObject({ text: "Orders table", step: 4, author: "PK", color: "pink" });
    expect({ x: note.x, y: note.y }).toEqual(stickyPlace(4, 0));
    const again = addSticky(r.canvas, { text: "Fields", step: 4, author: pia }, randoms(0.5, 0.7));
    expect(again.id).not.toBe(r.id);
    const second = again.canvas.layout.notes.find((n) => n.id === again.id)!;
    expect({ x: second.x, y: second.y }).toEqual(stickyPlace(4, 1));
    expect(c.layout.notes).toEqual([]);
  });

  it("counts dot votes", () => {
    const c = addSticky(ordersCanvas(), { text: "x", step: 3, author: FACILITATOR });
    const once = voteSticky(c.canvas, c.id);
    const twice = voteSticky(once, c.id);
    expect(twice.layout.notes[0]!.votes).toBe(2);
    expect(c.canvas.layout.notes[0]!.votes).toBeUndefined();
  });

  it("lists the workshop's stickies not yet turned into cards", () => {
    const c = ordersCanvas();
    const notes = [
      { id: "a", text: "a", x: 0, y: 0, color: "yellow", step: 3 },
      { id: "b", text: "b", x: 0, y: 0, color: "yellow", step: 4, became: "outputPort:orders" },
      { id: "c", text: "c", x: 0, y: 0, color: "yellow" },
    ];
    const out = unconvertedStickies({ ...c, layout: { ...c.layout, notes } });
    expect(out.map((n) => n.id)).toEqual(["a"]);
  });

  it("says what a sticky became in words", () => {
    expect(becameLabel("outputPort:orders")).toBe("Output port orders");
    expect(becameLabel("term:Order/Line")).toBe("Term Order/Line");
    expect(becameLabel("strange")).toBe("strange");
  });

  it("draws named colours by class and #rrggbb inline", () => {
    expect(stickyColor("pink")).toEqual({ className: "note-pink" });
    expect(stickyColor("#aabbcc")).toEqual({ className: "note-custom", background: "#aabbcc" });
    expect(stickyColor("tartan")).toEqual({ className: "note-yellow" });
  });
});

describe("participants", () => {
  it("has the facilitator first unless they joined", () => {
    expect(participantsOf(undefined)).toEqual([FACILITATOR]);
    const pia = { initials: "PK", name: "Pia", color: "pink" };
    const w = session({ participants: [pia] });
    expect(participantsOf(w)).toEqual([FACILITATOR, pia]);
    expect(participantOf(w, "PK")).toBe(pia);
    expect(participantOf(w, "ZZ")).toBe(FACILITATOR);
    const fa = { initials: "FA", name: "Fran", color: "blue" };
    expect(participantsOf(session({ participants: [fa, pia] }))).toEqual([fa, pia]);
  });
});

describe("parking lot and decisions", () => {
  const note = { text: "Who owns refunds?", author: "FA", step: 3, at: "2025-03-01T09:10:00Z" };

  it("adds a parked question with an id, trimmed", () => {
    const c = withWorkshop(ordersCanvas());
    const next = addSessionNote(c, "parkingLot", { ...note, text: " Who owns refunds? " });
    const parked = next.layout.workshop!.parkingLot;
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject(note);
    expect(parked[0]!.id).toMatch(/^park-/);
    expect(next.layout.workshop!.decisions).toEqual([]);
    expect(c.layout.workshop!.parkingLot).toEqual([]);
  });

  it("adds a decision, and removes it again", () => {
    const c = addSessionNote(withWorkshop(ordersCanvas()), "decisions", note);
    const d = c.layout.workshop!.decisions[0]!;
    expect(d.id).toMatch(/^decision-/);
    expect(removeSessionNote(c, "decisions", d.id).layout.workshop!.decisions).toEqual([]);
  });

  it("does nothing without a workshop or without text", () => {
    const plain = ordersCanvas();
    expect(addSessionNote(plain, "parkingLot", note)).toBe(plain);
    const c = withWorkshop(plain);
    expect(addSessionNote(c, "decisions", { ...note, text: "   " })).toBe(c);
  });
});

describe("freshSessionId", () => {
  it("draws again until the id is free", () => {
    const first = freshSessionId("note", [], randoms(0.25));
    expect(freshSessionId("note", [first], randoms(0.25, 0.75))).not.toBe(first);
  });
});

describe("withSession", () => {
  it("takes the session from the core's answer and keeps the rest of the newer canvas", () => {
    const sent = withWorkshop(ordersCanvas());
    const answer = withWorkshop(sent, session({ current: 2 }));
    const edited = { ...sent, product: { ...sent.product, purpose: "typed meanwhile" } };
    const out = withSession(edited, answer);
    expect(out.layout.workshop!.current).toBe(2);
    expect(out.product.purpose).toBe("typed meanwhile");
  });

  it("returns the canvas itself when the session is the same", () => {
    const c = withWorkshop(ordersCanvas());
    expect(withSession(c, c)).toBe(c);
  });
});

describe("blocks and cards", () => {
  it("knows which card kinds a block holds", () => {
    expect(kindsOfBlock("outputPorts")).toEqual(["outputPort"]);
    expect(kindsOfBlock("purpose")).toEqual(["policy"]);
    expect(kindsOfBlock("domain")).toEqual([]);
  });

  it("summarises a port by its fields and promises", () => {
    const port = ordersCanvas().outputPorts[0]!;
    const withSlo = {
      ...port,
      slos: [
        {
          dimension: "freshness" as const,
          target: 1,
          unit: "hours" as const,
          window: "",
          alarmThreshold: null,
          description: "",
        },
      ],
    };
    expect(portSummary(withSlo)).toEqual({
      fields: ["order_id", "email"],
      more: 0,
      slos: ["freshness 1 hours"],
    });
  });
});
