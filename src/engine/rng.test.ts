import { describe, expect, it } from "vitest";
import { Rng, RngStreams } from "./rng.js";

function draws(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.next());
}

describe("RngStreams determinism", () => {
  it("gives the same sequence for the same seed and name", () => {
    expect(draws(new RngStreams(42).stream("dns"), 20)).toEqual(draws(new RngStreams(42).stream("dns"), 20));
  });

  it("does not shift a stream when another stream is created or drawn from first", () => {
    const alone = new RngStreams(7);
    const expected = draws(alone.stream("scheduler"), 10);

    const crowded = new RngStreams(7);
    draws(crowded.stream("dns"), 1_000);
    crowded.stream("traffic").normal(0, 1);
    expect(draws(crowded.stream("scheduler"), 10)).toEqual(expected);
  });

  it("gives different sequences for different names and for different seeds", () => {
    const a = draws(new RngStreams(1).stream("a"), 5);
    expect(draws(new RngStreams(1).stream("b"), 5)).not.toEqual(a);
    expect(draws(new RngStreams(2).stream("a"), 5)).not.toEqual(a);
  });

  it("returns the same stream object for a name, continuing its sequence", () => {
    const streams = new RngStreams(3);
    const first = streams.stream("x");
    const head = draws(first, 3);
    expect(streams.stream("x")).toBe(first);
    const fresh = draws(new RngStreams(3).stream("x"), 6);
    expect([...head, ...draws(streams.stream("x"), 3)]).toEqual(fresh);
  });
});

/** Mean and standard deviation of n samples. */
function moments(n: number, sample: () => number): { mean: number; sd: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = sample();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, sd: Math.sqrt(sumSq / n - mean * mean) };
}

// Tolerances are 5 standard errors of the statistic at N samples, so a correct sampler
// fails with probability below 1e-6 per check (and, with fixed seeds, deterministically
// never); a wrong scale or shift is caught because it moves the mean by far more.
const N = 200_000;

describe("Rng distributions (fixed seed, 200,000 samples)", () => {
  const rng = new RngStreams(2024).stream("distributions");

  it("next() is uniform on [0, 1): mean 1/2, sd 1/√12", () => {
    const m = moments(N, () => rng.next());
    // Standard error of the mean: (1/√12)/√N = 6.5e-4.
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(5 * 6.5e-4);
    expect(Math.abs(m.sd - 1 / Math.sqrt(12))).toBeLessThan(0.002);
  });

  it("uniform(a, b) has mean (a+b)/2 and stays in [a, b)", () => {
    let min = Infinity;
    let max = -Infinity;
    const m = moments(N, () => {
      const x = rng.uniform(10, 20);
      min = Math.min(min, x);
      max = Math.max(max, x);
      return x;
    });
    // sd = 10/√12 = 2.89; standard error 2.89/√N = 0.0065.
    expect(Math.abs(m.mean - 15)).toBeLessThan(5 * 0.0065);
    expect(min).toBeGreaterThanOrEqual(10);
    expect(max).toBeLessThan(20);
  });

  it("exponential(rate) has mean and sd 1/rate", () => {
    const m = moments(N, () => rng.exponential(4));
    // mean = sd = 0.25; standard error 0.25/√N = 5.6e-4.
    expect(Math.abs(m.mean - 0.25)).toBeLessThan(5 * 5.6e-4);
    expect(Math.abs(m.sd - 0.25)).toBeLessThan(0.005);
  });

  it("normal(mean, sd) has that mean and sd", () => {
    const m = moments(N, () => rng.normal(3, 2));
    // Standard error of the mean 2/√N = 0.0045; of the sd about 2/√(2N) = 0.0032.
    expect(Math.abs(m.mean - 3)).toBeLessThan(5 * 0.0045);
    expect(Math.abs(m.sd - 2)).toBeLessThan(5 * 0.0032);
  });

  it("lognormal(mu, sigma) has mean exp(mu + sigma²/2)", () => {
    const m = moments(N, () => rng.lognormal(0, 0.5));
    // Mean e^0.125 = 1.13315; variance (e^0.25 − 1)·e^0.25 = 0.3647, standard error √0.3647/√N = 0.00135.
    expect(Math.abs(m.mean - Math.exp(0.125))).toBeLessThan(5 * 0.00135);
  });

  it("int(n) hits every value in [0, n) equally often", () => {
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < N; i++) counts[rng.int(6)]!++;
    // Each share is 1/6 with standard error √(1/6 · 5/6 / N) = 8.3e-4.
    for (const c of counts) expect(Math.abs(c / N - 1 / 6)).toBeLessThan(5 * 8.3e-4);
  });

  it("chooseWeighted picks index i with probability w[i]/Σw and never a zero weight", () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < N; i++) counts[rng.chooseWeighted([1, 0, 3])]!++;
    // Shares 1/4, 0, 3/4; standard error √(1/4 · 3/4 / N) = 9.7e-4.
    expect(counts[1]).toBe(0);
    expect(Math.abs(counts[0]! / N - 0.25)).toBeLessThan(5 * 9.7e-4);
    expect(Math.abs(counts[2]! / N - 0.75)).toBeLessThan(5 * 9.7e-4);
  });

  it("chooseWeighted accepts typed arrays", () => {
    expect(rng.chooseWeighted(new Float64Array([0, 0, 2]))).toBe(2);
  });
});

describe("Rng argument checks", () => {
  const rng = new RngStreams(1).stream("checks");

  it.each([[0], [-3], [2.5], [2 ** 32 + 1], [NaN]])("int(%s) throws", (n) => {
    expect(() => rng.int(n)).toThrow(RangeError);
  });

  it.each([[[]], [[0, 0]], [[1, -1]], [[1, NaN]], [[Infinity]]])("chooseWeighted(%j) throws", (w) => {
    expect(() => rng.chooseWeighted(w)).toThrow(RangeError);
  });
});
