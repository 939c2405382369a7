import { describe, expect, test } from "vitest";
import {
  balancedAllocationScore,
  brokenLinear,
  leastAllocatedScore,
  mostAllocatedScore,
  requestedToCapacityRatioScore,
  ResourceVector,
  scaleShape,
} from "./resource-allocation.js";

/** A vector with given (allocatable, requested-after-placement, weight) rows. */
function vec(rows: [number, number, number][]): ResourceVector {
  const v = new ResourceVector();
  v.count = rows.length;
  rows.forEach(([a, r, w], i) => {
    v.alloc[i] = a;
    v.req[i] = r;
    v.weight[i] = w;
  });
  return v;
}

describe("LeastAllocated (least_allocated.go)", () => {
  test.each([
    // node 4 cores / 10000 B, pod 3 cores / 5000 B: cpu (4000−3000)·100/4000 = 25, mem 50 → 75/2 = 37
    [[[4000, 3000, 1], [10000, 5000, 1]], 37],
    // weights 2:1 → (25·2 + 50)/3 = 33
    [[[4000, 3000, 2], [10000, 5000, 1]], 33],
    // over capacity scores 0 for that resource: (0 + 50)/2 = 25
    [[[4000, 5000, 1], [10000, 5000, 1]], 25],
    // allocatable 0 leaves the resource out of the weights: only memory, 50
    [[[0, 0, 1], [10000, 5000, 1]], 50],
  ] as [[number, number, number][], number][])("%j → %i", (rows, want) => {
    expect(leastAllocatedScore(vec(rows))).toBe(want);
  });
});

describe("MostAllocated (most_allocated.go)", () => {
  test.each([
    // cpu 3000·100/4000 = 75, mem 50 → 125/2 = 62
    [[[4000, 3000, 1], [10000, 5000, 1]], 62],
    // requested beyond capacity is clamped: cpu 100, mem 50 → 75
    [[[4000, 5000, 1], [10000, 5000, 1]], 75],
  ] as [[number, number, number][], number][])("%j → %i", (rows, want) => {
    expect(mostAllocatedScore(vec(rows))).toBe(want);
  });
});

describe("RequestedToCapacityRatio (requested_to_capacity_ratio.go, helper/shape_score.go)", () => {
  const rising = scaleShape([
    { utilization: 0, score: 0 },
    { utilization: 100, score: 10 },
  ]);
  const falling = scaleShape([
    { utilization: 0, score: 10 },
    { utilization: 100, score: 0 },
  ]);

  test("shape scores 0…10 are scaled to 0…100", () => {
    expect([...rising.score]).toEqual([0, 100]);
  });

  test.each([
    // utilization 75 → 75, 50 → 50: round(125/2 = 62.5) = 63 (half away from zero)
    [rising, [[4000, 3000, 1], [10000, 5000, 1]], 63],
    // falling: 75 → 25, 50 → 50: round(37.5) = 38
    [falling, [[4000, 3000, 1], [10000, 5000, 1]], 38],
    // a resource scoring 0 leaves the weights too: cpu util 0 → 0, mem 50 → 50 (not 25)
    [rising, [[4000, 0, 1], [10000, 5000, 1]], 50],
    // over capacity counts as utilization 100: rising 100, mem 50 → 75
    [rising, [[4000, 9000, 1], [10000, 5000, 1]], 75],
  ] as [ReturnType<typeof scaleShape>, [number, number, number][], number][])("shape %#: %j → %i", (shape, rows, want) => {
    expect(requestedToCapacityRatioScore(vec(rows), shape)).toBe(want);
  });

  test("negative slopes truncate toward zero", () => {
    const s = scaleShape([
      { utilization: 0, score: 10 },
      { utilization: 30, score: 0 },
      { utilization: 100, score: 0 },
    ]);
    // 100 + (0 − 100)·(10 − 0)/(30 − 0) = 100 + trunc(−33.3) = 67 (flooring would give 66)
    expect(brokenLinear(s, 10)).toBe(67);
    expect(brokenLinear(s, 0)).toBe(100);
    expect(brokenLinear(s, 30)).toBe(0);
    expect(brokenLinear(s, 101)).toBe(0);
  });
});

describe("BalancedAllocation (balanced_allocation.go)", () => {
  test.each([
    // fractions 0.75 and 0.5: std = 0.125 → 87.5 → 87
    [[[4000, 3000, 1], [10000, 5000, 1]], 87],
    // equal fractions → 100
    [[[4000, 2000, 1], [10000, 5000, 1]], 100],
    // fractions capped at 1: 1 and 0.5 → std 0.25 → 75
    [[[4000, 8000, 1], [10000, 5000, 1]], 75],
    // three resources 0.2, 0.5, 0.8: mean 0.5, variance 0.06, std 0.2449 → 75.5 → 75
    [[[10, 2, 1], [10, 5, 1], [10, 8, 1]], 75],
    // one resource with allocatable: std 0 → 100
    [[[0, 0, 1], [10000, 5000, 1]], 100],
  ] as [[number, number, number][], number][])("%j → %i", (rows, want) => {
    expect(balancedAllocationScore(vec(rows))).toBe(want);
  });
});
