import { describe, expect, test } from "vitest";
import type { SloSpec } from "../scenario/scenario-types.js";
import type { Stats } from "./run-summary.js";
import { evaluateSlo, type MetricSources } from "./slo-check.js";
import { canFailForGood, failedForGood } from "./slo-finality.js";

const AT = { file: "s.yaml", line: 7, column: 7 };
const S = 1_000_000;

function spec(over: Partial<SloSpec>): SloSpec {
  return { name: "x", metric: "pendingPods", stat: "max", max: null, min: null, unit: "pods", forUs: null, preset: null, source: AT, ...over };
}

function latency(over: Partial<Stats>): Stats {
  return { count: 100, mean: 0, min: 0, p50: 0, p90: 0, p95: 0, p99: 0, p99_9: 0, max: 0, ...over };
}

/** A gauge sampled every 10 s from t = 0, a latency distribution, a counter. */
function sources(gauge: number[], l?: Stats, counter?: number): MetricSources {
  return {
    gauge: () => ({ timesUs: gauge.map((_, i) => i * 10 * S), values: gauge }),
    latency: () => l,
    counter: () => counter,
  };
}

/** The SLO judged on the part of the run seen so far, then asked whether that verdict is final. */
const finalOn = (s: SloSpec, src: MetricSources) => failedForGood(s, evaluateSlo(s, src));

describe("an SLO fails for good when its statistic can only move further past the bound", () => {
  test.each([
    // [what, spec, gauge samples so far, failed for good]
    ["nodesReady min >= 4990 with a sample of 3951: a min only falls", { metric: "nodesReady", stat: "min", min: 4990 }, [3951, 3951], true],
    ["nodesReady min >= 4990 while every sample is 5000: passing so far", { metric: "nodesReady", stat: "min", min: 4990 }, [5000, 5000], false],
    ["pendingPods max <= 0 with 3 Pending: a max only rises", { max: 0 }, [0, 3], true],
    ["pendingPods final <= 0 with 3 Pending now: the last sample may still be 0", { stat: "final", max: 0 }, [0, 3], false],
    ["pendingPods mean <= 1 at mean 1.5: later zeros pull it down", { stat: "mean", max: 1 }, [0, 3], false],
    ["runningPods max >= 10 at 3: a max may still rise above", { metric: "runningPods", max: null, min: 10 }, [2, 3], false],
    ["pendingPods max <= 0 for 30s, above 0 at 0..20 s (spans 20 s): may recover", { max: 0, forUs: 30 * S }, [1, 1, 1], false],
    ["pendingPods max <= 0 for 30s, above 0 at 0..30 s (spans 30 s): the alert fired", { max: 0, forUs: 30 * S }, [1, 1, 1, 1], true],
  ] as [string, Partial<SloSpec>, number[], boolean][])("%s", (_what, over, samples, expected) => {
    expect(finalOn(spec(over), sources(samples))).toBe(expected);
  });

  test.each([
    // [what, spec, latency so far, failed for good]
    ["podStartupLatency p99 <= 5s at 7.2 s: fast pods to come pull a p99 down", { stat: "p99", max: 5000 }, { p99: 7200, max: 9000 }, false],
    ["podStartupLatency max <= 5s at 9 s", { stat: "max", max: 5000 }, { p99: 1000, max: 9000 }, true],
    ["podStartupLatency count <= 50 at 100 observations", { stat: "count", max: 50 }, { count: 100 }, true],
  ] as [string, Partial<SloSpec>, Partial<Stats>, boolean][])("%s", (_what, over, st, expected) => {
    expect(finalOn(spec({ metric: "podStartupLatency", unit: "ms", ...over }), sources([], latency(st)))).toBe(expected);
  });

  test("a counter above its max never comes back; one below its min may still rise", () => {
    expect(finalOn(spec({ metric: "evictions", stat: "final", max: 2, unit: "pods" }), sources([], undefined, 3))).toBe(true);
    expect(finalOn(spec({ metric: "evictions", stat: "final", max: null, min: 5, unit: "pods" }), sources([], undefined, 3))).toBe(false);
  });

  test("a metric not measured, or with no data, is never final", () => {
    expect(finalOn(spec({ metric: "apiMutatingLatency", stat: "max", max: 1000, unit: "ms" }), sources([]))).toBe(false);
    expect(finalOn(spec({ max: 0 }), sources([NaN]))).toBe(false);
  });

  test("with from, samples before it cannot make an SLO fail for good", () => {
    // nodesReady 3951 at 0 and 10 s, 5000 at 20 s (samples every 10 s).
    const ready = [3951, 3951, 5000];
    const min = { metric: "nodesReady", stat: "min", min: 4990 } as const;
    expect(finalOn(spec(min), sources(ready))).toBe(true);
    expect(finalOn(spec({ ...min, fromUs: 20 * S }), sources(ready))).toBe(false);
    expect(finalOn(spec({ ...min, fromUs: 30 * S }), sources(ready))).toBe(false); // not there yet: no data
    // pendingPods > 0 from 0 to 30 s is a fired `for 30s` alert, but from 10 s it spans only 20 s.
    expect(finalOn(spec({ max: 0, forUs: 30 * S }), sources([1, 1, 1, 1]))).toBe(true);
    expect(finalOn(spec({ max: 0, forUs: 30 * S, fromUs: 10 * S }), sources([1, 1, 1, 1]))).toBe(false);
  });

  test("canFailForGood: only SLOs with a bound a one-way statistic can cross are checked while running", () => {
    expect(canFailForGood(spec({ metric: "nodesReady", stat: "min", min: 4990 }))).toBe(true);
    expect(canFailForGood(spec({ metric: "podStartupLatency", stat: "p99", max: 5000 }))).toBe(false);
    expect(canFailForGood(spec({ stat: "mean", max: 1 }))).toBe(false);
    expect(canFailForGood(spec({ stat: "final", max: 0, forUs: 30 * S }))).toBe(true);
    expect(canFailForGood(spec({ metric: "cost", stat: "final", max: 100, unit: "$" }))).toBe(true);
  });
});
