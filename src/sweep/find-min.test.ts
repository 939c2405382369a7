import { describe, expect, test } from "vitest";
import { MinSearch, runMinSearches } from "./find-min.js";

/** Runs a search over values 1..n where value v passes when v >= answer; returns the values probed, in order. */
async function probes(n: number, passes: (v: number) => boolean): Promise<{ order: number[]; answer: number | null }> {
  const points = Array.from({ length: n }, (_, i) => 100 + i); // point ids unrelated to indices
  const s = new MinSearch(points);
  const order: number[] = [];
  await runMinSearches([s], async (ps) => {
    order.push(...ps.map((p) => p - 99));
    return new Map(ps.map((p) => [p, passes(p - 99)]));
  });
  return { order, answer: s.answerIndex === null ? null : s.answerIndex + 1 };
}

describe("find-min bisection", () => {
  test("1..40 with answer 13: top, then bisection, then the upper neighbour", async () => {
    // indices 0..39 hold 1..40. top idx 39 (40) passes: hi=39. mid ⌊(-1+39)/2⌋=19 (20) passes: hi=19;
    // mid 9 (10) fails: lo=9; mid 14 (15) passes: hi=14; mid 11 (12) fails: lo=11; mid 12 (13)
    // passes: hi=12 = lo+1. Verify: idx 11 (12) known to fail, idx 13 (14) probed: passes.
    const r = await probes(40, (v) => v >= 13);
    expect(r.order).toEqual([40, 20, 10, 15, 12, 13, 14]);
    expect(r.answer).toBe(13);
    // 1 + ⌈log2 40⌉ + 1 = 8 probes at most instead of 40
    expect(r.order.length).toBeLessThanOrEqual(8);
  });

  test("the smallest value passing needs no lower neighbour", async () => {
    // hi: 39 (40) → mid 19 (20) → mid 9 (10) → mid 4 (5) → mid ⌊(-1+4)/2⌋=1 (2) → mid 0 (1):
    // hi=0, no lower neighbour, upper neighbour idx 1 (2) already known
    const r = await probes(40, () => true);
    expect(r.order).toEqual([40, 20, 10, 5, 2, 1]);
    expect(r.answer).toBe(1);
  });

  test("when the largest value fails nothing else is run", async () => {
    const r = await probes(5000, () => false);
    expect(r.order).toEqual([5000]);
    expect(r.answer).toBeNull();
  });

  test("5,000 values take at most 14 probes", async () => {
    const r = await probes(5000, (v) => v >= 3217);
    expect(r.answer).toBe(3217);
    expect(r.order.length).toBeLessThanOrEqual(1 + Math.ceil(Math.log2(5000)) + 1);
  });

  test("groups share rounds and a point probed by two searches runs once", async () => {
    const a = new MinSearch([0, 1, 2, 3]);
    const b = new MinSearch([3, 4, 5]); // shares point 3
    const rounds: number[][] = [];
    const evaluated = await runMinSearches([a, b], async (ps) => {
      rounds.push(ps);
      return new Map(ps.map((p) => [p, p >= 2]));
    });
    expect(rounds[0]).toEqual([3, 5]);
    expect(new Set(evaluated).size).toBe(evaluated.length);
    expect(a.answerIndex).toBe(2);
    expect(b.answerIndex).toBe(0);
  });
});
