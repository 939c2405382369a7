import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { selectHost, type IntSource } from "./select-host.js";

/** An IntSource that returns scripted values and records the bounds it was asked for. */
function scripted(values: number[]): IntSource & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    int(n: number) {
      asked.push(n);
      return values.shift()!;
    },
  };
}

describe("selectHost", () => {
  it("takes a unique maximum without drawing", () => {
    const rng = scripted([]);
    expect(selectHost(Float64Array.of(300, 412, 399, 411), 4, rng)).toBe(1);
    expect(rng.asked).toEqual([]);
  });

  it("draws once over the tied maximum and takes the r-th tied node in list order", () => {
    // Ties at 9 are indices 1, 3, 4 (a 9.5 past `count` is ignored); T = 3.
    const totals = Float64Array.of(5, 9, 3, 9, 9, 9.5);
    for (const [r, want] of [
      [0, 1],
      [1, 3],
      [2, 4],
    ] as const) {
      const rng = scripted([r]);
      expect(selectHost(totals, 5, rng)).toBe(want);
      expect(rng.asked).toEqual([3]);
    }
  });

  it("counts ties only at the final maximum, not at an earlier running maximum", () => {
    // 7 ties twice before 8 appears: T = 2 (indices 3 and 5).
    const rng = scripted([1]);
    expect(selectHost(Float64Array.of(7, 7, 7, 8, 1, 8), 6, rng)).toBe(5);
    expect(rng.asked).toEqual([2]);
  });

  it("is uniform over the tied nodes with a seeded stream", () => {
    // 4 ties among 7 nodes; 40,000 choices: each tie expects 10,000, binomial sd ≈ 87.
    const totals = Float64Array.of(2, 6, 1, 6, 6, 0, 6);
    const rng = new Rng("select-host-test");
    const hits = new Map<number, number>();
    for (let i = 0; i < 40_000; i++) {
      const j = selectHost(totals, totals.length, rng);
      hits.set(j, (hits.get(j) ?? 0) + 1);
    }
    expect([...hits.keys()].sort()).toEqual([1, 3, 4, 6]);
    for (const n of hits.values()) expect(Math.abs(n - 10_000)).toBeLessThan(450); // > 5 sd
  });
});
