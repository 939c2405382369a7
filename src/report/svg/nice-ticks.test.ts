import { describe, expect, test } from "vitest";
import { formatClockTick, formatTick, niceNumber, niceTicks, stepDecimals, timeTicks } from "./nice-ticks.js";

describe("niceNumber (Heckbert: 1, 2, 5 × 10^k)", () => {
  test.each([
    // x, round, expected: f = x / 10^floor(log10 x); ceiling 1/2/5/10, or nearest with cuts 1.5/3/7
    [37, false, 50], // f 3.7 ≤ 5
    [12.5, true, 10], // f 1.25 < 1.5 → 1
    [0.25, true, 0.2], // f 2.5 < 3 → 2
    [2500, true, 2000],
    [7, true, 10], // f 7, not < 7 → 10
    [1, false, 1],
    [5999.5, false, 10000], // f 5.9995 > 5 → 10
  ])("niceNumber(%d, %s) = %d", (x, round, want) => {
    expect(niceNumber(x, round)).toBeCloseTo(want, 12);
  });
});

describe("niceTicks", () => {
  test.each([
    // range = niceNumber(max − min, false); step = niceNumber(range / (count − 1), true); domain widened to whole steps
    [0, 37, 5, [0, 10, 20, 30, 40]], // range 50, step nice(12.5) = 10
    [0, 1, 5, [0, 0.2, 0.4, 0.6, 0.8, 1]], // range 1, step nice(0.25) = 0.2
    [0.5, 6000, 5, [0, 2000, 4000, 6000]], // range 10000, step nice(2500) = 2000
    [-3, 7, 5, [-4, -2, 0, 2, 4, 6, 8]], // range 10, step nice(2.5) = 2; floor(−1.5) = −2 steps
    [0, 0.3, 4, [0, 0.2, 0.4]], // range 0.5, step nice(0.1667) = 0.2: 0.4, not 0.4000000000000001
    [5, 5, 5, [0, 1, 2, 3, 4, 5]], // a flat positive line gets [0, v]
    [0, 0, 5, [0, 0.2, 0.4, 0.6, 0.8, 1]], // all zero: [0, 1]
  ])("niceTicks(%d, %d, %d)", (min, max, count, want) => {
    const t = niceTicks(min, max, count);
    expect(t.ticks).toEqual(want);
    expect([t.lo, t.hi]).toEqual([want[0], want[want.length - 1]]);
  });

  test("the arguments in either order give the same axis; non-finite input falls back to [0, 1]", () => {
    expect(niceTicks(37, 0)).toEqual(niceTicks(0, 37));
    expect(niceTicks(NaN, 3).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});

describe("timeTicks: the smallest clock step with at most `count` ticks, 0 included", () => {
  test.each([
    // ceil(max / step) + 1 ≤ count
    [600, 6, 120, 5], // 600/60 = 10 ticks too many; 600/120 = 5 → 6 ticks
    [600, 7, 120, 5], // 600/100 would fit but 100 s is not a clock step; 120 is the first that does
    [3600, 7, 600, 6],
    [1800, 7, 300, 6],
    [45, 6, 10, 5], // ceil(4.5) = 5 steps, domain 0..50
    [30 * 86400, 7, 5 * 86400, 6], // past one day: whole days, nice(30 d / 6) = 5 d
  ])("timeTicks(%d, %d): step %d, %d steps", (max, count, step, steps) => {
    const t = timeTicks(max, count);
    expect(t.step).toBe(step);
    expect(t.ticks.length).toBe(steps + 1);
    expect(t.hi).toBe(step * steps);
    expect(t.hi).toBeGreaterThanOrEqual(max);
  });
});

test.each([
  [0, "0"], [45, "45s"], [150, "2m30s"], [3600, "1h"], [5400, "1h30m"], [90000, "1d1h"], [0.5, "0.5s"],
])("formatClockTick(%d) = %s", (s, want) => {
  expect(formatClockTick(s)).toBe(want);
});

test("tick labels carry exactly the decimals of the step", () => {
  expect(stepDecimals(0.25)).toBe(2);
  expect(stepDecimals(2000)).toBe(0);
  expect(formatTick(1.5, 0.25)).toBe("1.50");
  expect(formatTick(0.1 + 0.2, 0.1)).toBe("0.3");
  expect(formatTick(-0, 1)).toBe("0");
});
