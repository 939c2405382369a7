import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BAND_COUNT } from "./bands.js";
import { EventQueue, MAX_TIME_US } from "./event-queue.js";

/** Pops everything, returning the args in pop order. */
function drain(q: EventQueue): number[] {
  const out: number[] = [];
  while (q.popUntil(Infinity) >= 0) out.push(q.poppedArg);
  return out;
}

describe("EventQueue order", () => {
  it("pops by time, then band, then insertion order (property, against a stable sort)", () => {
    // Times from a tiny range so that equal (time, band) pairs are common.
    const event = fc.record({ timeUs: fc.integer({ min: 0, max: 5 }), band: fc.integer({ min: 0, max: 3 }) });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 300 }), (events) => {
        const q = new EventQueue();
        events.forEach((e, i) => q.push(e.timeUs, e.band, 0, i));
        // Array.prototype.sort is stable, so equal keys keep insertion (index) order.
        const expected = events
          .map((e, i) => ({ ...e, i }))
          .sort((a, b) => a.timeUs - b.timeUs || a.band - b.band)
          .map((e) => e.i);
        expect(drain(q)).toEqual(expected);
      }),
    );
  });

  it("matches a list model under interleaved push, pop and cancel (property)", () => {
    const op = fc.oneof(
      fc.record({ op: fc.constant("push" as const), timeUs: fc.integer({ min: 0, max: 8 }), band: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ op: fc.constant("pop" as const) }),
      fc.record({ op: fc.constant("cancel" as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const q = new EventQueue();
        // The model: every event ever pushed, in push order; live ones are neither popped nor cancelled.
        const model: { key: number; id: number; handle: number; live: boolean }[] = [];
        for (const o of ops) {
          if (o.op === "push") {
            const id = model.length;
            model.push({ key: o.timeUs * BAND_COUNT + o.band, id, handle: q.push(o.timeUs, o.band, 7, id), live: true });
          } else if (o.op === "pop") {
            let best: (typeof model)[number] | undefined;
            for (const m of model) if (m.live && (best === undefined || m.key < best.key)) best = m;
            const kind = q.popUntil(Infinity);
            if (best === undefined) {
              expect(kind).toBe(-1);
            } else {
              best.live = false;
              expect(kind).toBe(7);
              expect(q.poppedArg).toBe(best.id);
              expect(q.poppedTimeUs).toBe(Math.floor(best.key / BAND_COUNT));
            }
          } else if (model.length > 0) {
            const m = model[o.pick % model.length]!;
            expect(q.cancel(m.handle)).toBe(m.live);
            m.live = false;
          }
          expect(q.size).toBe(model.filter((m) => m.live).length);
        }
        const rest = model.filter((m) => m.live).sort((a, b) => a.key - b.key).map((m) => m.id);
        expect(drain(q)).toEqual(rest);
      }),
    );
  });

  it("grows past its initial capacity and keeps order", () => {
    const q = new EventQueue();
    // 10,000 events at times 9999..0: pushed in reverse, popped in increasing time.
    for (let i = 0; i < 10_000; i++) q.push(9_999 - i, 0, 0, 9_999 - i);
    const out = drain(q);
    expect(out).toHaveLength(10_000);
    expect(out.every((v, i) => v === i)).toBe(true);
  });

  it("popUntil stops before events later than the limit and leaves them queued", () => {
    const q = new EventQueue();
    q.push(10, 3, 0, 1);
    q.push(11, 0, 0, 2);
    expect(q.popUntil(10)).toBe(0);
    expect(q.poppedArg).toBe(1);
    expect(q.popUntil(10)).toBe(-1);
    expect(q.size).toBe(1);
    expect(q.peekTimeUs()).toBe(11);
  });
});

describe("EventQueue cancellation", () => {
  it("cancels the head: the next pop is the second event", () => {
    const q = new EventQueue();
    const head = q.push(1, 0, 0, 100);
    q.push(2, 0, 0, 200);
    expect(q.cancel(head)).toBe(true);
    expect(q.size).toBe(1);
    expect(q.peekTimeUs()).toBe(2);
    expect(drain(q)).toEqual([200]);
  });

  it("refuses a double cancel", () => {
    const q = new EventQueue();
    const h = q.push(5, 0, 0, 1);
    expect(q.cancel(h)).toBe(true);
    expect(q.cancel(h)).toBe(false);
    expect(q.size).toBe(0);
    expect(q.popUntil(Infinity)).toBe(-1);
  });

  it("refuses to cancel an event that already ran, even after its slot is reused", () => {
    const q = new EventQueue();
    const first = q.push(1, 0, 0, 1);
    expect(q.popUntil(Infinity)).toBe(0);
    expect(q.isPending(first)).toBe(false);
    expect(q.cancel(first)).toBe(false);
    // The freed slot is reused by the next push; the old handle must not reach the new event.
    const second = q.push(2, 0, 0, 2);
    expect(q.cancel(first)).toBe(false);
    expect(q.isPending(second)).toBe(true);
    expect(drain(q)).toEqual([2]);
  });

  it("refuses handles it never issued", () => {
    const q = new EventQueue();
    q.push(1, 0, 0, 1);
    for (const h of [-1, 0.5, NaN, Infinity, 1, 2 ** 40]) expect(q.cancel(h)).toBe(false);
    expect(q.size).toBe(1);
  });

  it("compacts when most entries are cancelled, keeping the survivors in order", () => {
    const q = new EventQueue();
    const handles: number[] = [];
    // 1,000 events at times 0..999; cancel all but every tenth (900 cancelled: compaction runs).
    for (let t = 0; t < 1_000; t++) handles.push(q.push(t, 0, 0, t));
    for (let t = 0; t < 1_000; t++) if (t % 10 !== 0) expect(q.cancel(handles[t]!)).toBe(true);
    expect(q.size).toBe(100);
    expect(drain(q)).toEqual(Array.from({ length: 100 }, (_, i) => i * 10));
    // Handles of survivors that ran and of cancelled events are all stale now.
    expect(handles.some((h) => q.isPending(h))).toBe(false);
  });
});

describe("EventQueue validation", () => {
  it.each([
    ["negative time", -1, 0, 0, 0],
    ["fractional time", 1.5, 0, 0, 0],
    ["time past MAX_TIME_US", MAX_TIME_US + 1, 0, 0, 0],
    ["NaN time", NaN, 0, 0, 0],
    ["band below 0", 0, -1, 0, 0],
    ["band = BAND_COUNT", 0, BAND_COUNT, 0, 0],
    ["fractional band", 0, 0.5, 0, 0],
    ["negative kind", 0, 0, -1, 0],
    ["arg beyond int32", 0, 0, 0, 2 ** 31],
  ])("rejects %s", (_name, timeUs, band, kind, arg) => {
    const q = new EventQueue();
    expect(() => q.push(timeUs, band, kind, arg)).toThrow(RangeError);
    expect(q.size).toBe(0);
  });

  it("accepts the extremes: time MAX_TIME_US, the last band, int32 args", () => {
    const q = new EventQueue();
    q.push(MAX_TIME_US, BAND_COUNT - 1, 0, -(2 ** 31));
    q.push(0, 0, 2 ** 31 - 1, 2 ** 31 - 1);
    expect(q.popUntil(Infinity)).toBe(2 ** 31 - 1);
    expect(q.popUntil(MAX_TIME_US)).toBe(0);
    expect(q.poppedTimeUs).toBe(MAX_TIME_US);
    expect(q.poppedArg).toBe(-(2 ** 31));
  });
});
