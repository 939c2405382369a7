import { describe, expect, test } from "vitest";
import { cuts, maxProbes, MinSearch, runMinSearches } from "./find-min.js";

/**
 * Runs a search with W probes per round over values 1..n where `passes(v)` says whether value
 * v passes; returns the values probed, in order, each round's values, and the answer.
 */
async function probes(n: number, passes: (v: number) => boolean, width = 1): Promise<{ order: number[]; rounds: number[][]; answer: number | null }> {
  const points = Array.from({ length: n }, (_, i) => 100 + i); // point ids unrelated to indices
  const s = new MinSearch(points, width);
  const rounds: number[][] = [];
  await runMinSearches([s], async (ps) => {
    rounds.push(ps.map((p) => p - 99));
    return new Map(ps.map((p) => [p, passes(p - 99)]));
  });
  return { order: rounds.flat(), rounds, answer: s.answerIndex === null ? null : s.answerIndex + 1 };
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

  test("5,000 values take at most 1 + ⌈log2 5000⌉ + 1 = 15 probes", async () => {
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

describe("find-min k-section: W probes per round", () => {
  test("cuts splits (lo, hi) into k + 1 parts, and lists every index left when there are k or fewer", () => {
    // gap 20, k = 2: -1 + ⌊20/3⌋ = 5, -1 + ⌊40/3⌋ = 12: parts 6, 7, 7 ≤ ⌈20/3⌉ = 7
    expect(cuts(-1, 19, 2)).toEqual([5, 12]);
    // gap 13, k = 3: -1 + ⌊13/4⌋ = 2, -1 + ⌊26/4⌋ = 5, -1 + ⌊39/4⌋ = 8
    expect(cuts(-1, 12, 3)).toEqual([2, 5, 8]);
    expect(cuts(8, 12, 3)).toEqual([9, 10, 11]); // gap 4: all three inside
    expect(cuts(8, 11, 3)).toEqual([9, 10]); // gap 3, k = 3: ⌊3/4⌋ = 0 is lo itself, skipped; 1 and 2
    expect(cuts(4, 5, 3)).toEqual([]);
    expect(cuts(-1, 39, 0)).toEqual([]);
  });

  test("W = 2 over 1..40 with answer 13: five rounds of at most two probes", async () => {
    // Round 1: the top 39 (40) and the W - 1 = 1 cut of (-1, 39): -1 + ⌊40/2⌋ = 19 (20); both pass: hi = 19.
    // Round 2: cuts of (-1, 19) = 5 (6), 12 (13): 6 fails, 13 passes: lo = 5, hi = 12.
    // Round 3: cuts of (5, 12), gap 7: 5 + ⌊7/3⌋ = 7 (8), 5 + ⌊14/3⌋ = 9 (10): both fail: lo = 9.
    // Round 4: cuts of (9, 12): 10 (11), 11 (12), every index left and no spare slot: both fail, lo = 11.
    // Round 5: hi = lo + 1; verify: idx 11 (12) known to fail, idx 13 (14) probed: passes.
    const r = await probes(40, (v) => v >= 13, 2);
    expect(r.rounds).toEqual([[20, 40], [6, 13], [8, 10], [11, 12], [14]]);
    expect(r.answer).toBe(13);
    expect(r.order.length).toBe(maxProbes(40, 2)); // 2 · (1 + 3) + 1 = 9: ⌈40/2⌉ = 20 → 7 → 3 → 1
  });

  test("W = 3 over 1..40 with answer 13: four rounds", async () => {
    // Round 1: top 39 (40) and cuts of (-1, 39) into 3: 12 (13), 25 (26): all pass, hi = 12.
    // Round 2: cuts of (-1, 12) = 2 (3), 5 (6), 8 (9): all fail, lo = 8.
    // Round 3: cuts of (8, 12) = 9, 10, 11 (10, 11, 12): all fail, lo = 11; no spare slot.
    // Round 4: the upper neighbour 13 (14).
    const r = await probes(40, (v) => v >= 13, 3);
    expect(r.rounds).toEqual([[13, 26, 40], [3, 6, 9], [10, 11, 12], [14]]);
    expect(r.answer).toBe(13);
  });

  test("the round that probes every index left lends its spare slot to the upper neighbour", async () => {
    // W = 4 over 1..40, answer 11 (idx 10). Round 1: top 39 (40) and cuts of (-1, 39) into 4:
    // 9, 19, 29 (10, 20, 30); 10 fails, the rest pass: lo = 9, hi = 19. Round 2: cuts of (9, 19),
    // gap 10: 11, 13, 15, 17 (12, 14, 16, 18), all pass: hi = 11. Round 3: gap 2, one index left,
    // 10 (11), and three spare slots: the upper neighbour idx 12 (13) rides along. 11 passes:
    // hi = 10 = lo + 1; verification needs idx 11 (12), known from round 2: no fourth round.
    const r = await probes(40, (v) => v >= 11, 4);
    expect(r.rounds).toEqual([[10, 20, 30, 40], [12, 14, 16, 18], [11, 13]]);
    expect(r.answer).toBe(11);
  });

  test("W = 1, 2, 3, 4 give the same answer as a full sweep, within maxProbes and W probes a round", async () => {
    for (const n of [1, 2, 3, 7, 40, 101]) {
      for (let answer = 1; answer <= n + 1; answer++) {
        for (const w of [1, 2, 3, 4]) {
          const r = await probes(n, (v) => v >= answer, w);
          expect(r.answer).toBe(answer <= n ? answer : null);
          expect(r.order.length).toBeLessThanOrEqual(maxProbes(n, w));
          expect(new Set(r.order).size).toBe(r.order.length); // nothing probed twice
          for (const round of r.rounds) expect(round.length).toBeLessThanOrEqual(w);
        }
      }
    }
  });

  test("maxProbes: W·(1 + ⌈log_{W+1} ⌈n/W⌉⌉) + 1, bisection's 1 + ⌈log2 n⌉ + 1 at W = 1", () => {
    expect(maxProbes(5000, 1)).toBe(15); // 5000 → 2500 → ... → 2 → 1: 13 halvings
    expect(maxProbes(4001, 2)).toBe(17); // ⌈4001/2⌉ = 2001 → 667 → 223 → 75 → 25 → 9 → 3 → 1: 7 rounds
    expect(maxProbes(40, 3)).toBe(10); // ⌈40/3⌉ = 14 → 4 → 1: 2 rounds; 3 · 3 + 1
    expect(maxProbes(3, 4)).toBe(3); // never more than n
  });

  test("a neighbour that disagrees is still probed, so the non-monotone flag can be raised", async () => {
    // W = 2, answer 13 but 14 fails: the rounds of the W = 2 case above; the last probes 14.
    const r = await probes(40, (v) => v >= 13 && v !== 14, 2);
    expect(r.rounds).toEqual([[20, 40], [6, 13], [8, 10], [11, 12], [14]]);
    expect(r.answer).toBe(13);
  });

  test("when the top fails, round 1's other probes were its only runs", async () => {
    const r = await probes(5000, () => false, 2);
    expect(r.rounds).toEqual([[2500, 5000]]); // -1 + ⌊5000/2⌋ = 2499 holds 2500
    expect(r.answer).toBeNull();
  });
});

