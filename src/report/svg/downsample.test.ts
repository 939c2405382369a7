import { expect, test } from "vitest";
import { minMaxDownsample } from "./downsample.js";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

test("a series of at most 2 × columns points is kept as it is", () => {
  expect(minMaxDownsample([0, 1, 2], [5, 6, 7], 2)).toEqual({ xs: [0, 1, 2], ys: [5, 6, 7] });
});

test("a one-sample spike survives: each column keeps its lowest and highest point", () => {
  // 1,000 samples at x = 0..999 over 10 columns: column = floor(x / 999 × 10), so columns
  // start at x = 0, 100, ..., 900. Flat columns keep one point (lowest = highest = their first);
  // column 5 keeps its first (x 500, the lowest) and the spike (x 503, 9).
  const ys = range(1000).map((x) => (x === 503 ? 9 : 0));
  const d = minMaxDownsample(range(1000), ys, 10);
  expect(d.xs).toEqual([0, 100, 200, 300, 400, 500, 503, 600, 700, 800, 900]);
  expect(d.ys).toEqual([0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0]);
});

test("a gap (NaN) stays in its column so the line still breaks there", () => {
  const ys = range(1000).map((x) => (x === 250 ? NaN : 1));
  const d = minMaxDownsample(range(1000), ys, 10);
  expect(d.xs.slice(0, 4)).toEqual([0, 100, 200, 250]);
  expect(Number.isNaN(d.ys[3]!)).toBe(true);
});

test("the result has at most 2 × columns points plus gaps, in x order", () => {
  const xs = range(100_000);
  const ys = xs.map((x) => Math.sin(x / 7) * 100);
  const d = minMaxDownsample(xs, ys, 500);
  expect(d.xs.length).toBeLessThanOrEqual(1000);
  for (let i = 1; i < d.xs.length; i++) expect(d.xs[i]!).toBeGreaterThan(d.xs[i - 1]!);
});
