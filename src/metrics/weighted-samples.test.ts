import { expect, test } from "vitest";
import { WeightedSamples } from "./weighted-samples.js";

test("nearest rank by weight: 99 at 1 ms and 2 at 5 s → p99 is 5 s (99/101 < 0.99), p50 1 ms", () => {
  const w = new WeightedSamples();
  w.add(5_000_000, 2);
  w.add(1_000, 99);
  expect(w.quantile(0.99)).toBe(5_000_000);
  expect(w.quantile(0.5)).toBe(1_000);
  // 99.5 % at 1 ms: the 99th percent falls on it.
  w.clear();
  w.add(1_000, 199);
  w.add(5_000_000, 1);
  expect(w.quantile(0.99)).toBe(1_000);
});

test("slices: a group's quantile ignores the samples before it; grows past its first buffer", () => {
  const w = new WeightedSamples();
  w.add(7, 1);
  const from = w.size;
  for (let i = 0; i < 1000; i++) w.add(i, 1);
  expect(w.quantile(1, from)).toBe(999);
  expect(w.quantile(0.001, from)).toBe(0);
  expect(new WeightedSamples().quantile(0.99)).toBe(0);
});
