import { describe, expect, test } from "vitest";
import { RngStreams } from "../engine/rng.js";
import { buildResponseCurve, CURVE_QUANTILE_WEIGHTS, CURVE_QUANTILES, LATENCY_P50, LATENCY_P99, newCurvePoint } from "./response-curve.js";

describe("response curve", () => {
  test("quantile weights add up to 1 and put p50 and p99 on their own points", () => {
    expect(CURVE_QUANTILE_WEIGHTS.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(CURVE_QUANTILES[LATENCY_P50]).toBe(0.5);
    expect(CURVE_QUANTILES[LATENCY_P99]).toBe(0.99);
  });

  test("with no limit, spare threads and cores, a constant 10 ms request takes 10 ms at light load", () => {
    // 4 threads on 4 cores at 2 % of capacity (0.08 cores, 8 req/s): five requests at once
    // within 10 ms is vanishingly rare, so every request runs alone on a core.
    const c = buildResponseCurve({ quotaUs: -1, threads: 4, cores: 4, cost: { kind: "constant", meanUs: 10_000 } }, new RngStreams(1).stream("t"));
    const p = newCurvePoint();
    c.at(0, p);
    expect(p.quantileUs[LATENCY_P99]).toBe(10_000);
    expect(p.throttledRatio).toBe(0);
  });

  test("a CPU limit below the threads' demand throttles more and delays the tail more as load rises", () => {
    const cost = { kind: "exponential", meanUs: 20_000 } as const;
    const limited = buildResponseCurve({ quotaUs: 100_000, threads: 8, cores: 8, cost }, new RngStreams(1).stream("t"));
    const free = buildResponseCurve({ quotaUs: -1, threads: 8, cores: 8, cost }, new RngStreams(1).stream("t"));
    const lo = newCurvePoint();
    const hi = newCurvePoint();
    const ref = newCurvePoint();
    limited.at(0.1, lo);
    limited.at(0.6, hi);
    free.at(0.6, ref);
    expect(hi.throttledRatio).toBeGreaterThan(lo.throttledRatio);
    // At 60 % of a 1-CPU limit the unlimited p99 is the exponential's ≈ 4.6 × 20 ms; the limited
    // one waits out throttled periods (up to 100 ms each).
    expect(hi.quantileUs[LATENCY_P99]!).toBeGreaterThan(1.5 * ref.quantileUs[LATENCY_P99]!);
  });

  test("is deterministic for a seed", () => {
    const mk = () => buildResponseCurve({ quotaUs: 50_000, threads: 2, cores: 2, cost: { kind: "lognormal", meanUs: 5000, cv: 2 } }, new RngStreams(7).stream("t"));
    expect([...mk().quantileUs]).toEqual([...mk().quantileUs]);
  });
});
