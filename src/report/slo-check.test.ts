import { describe, expect, test } from "vitest";
import type { SloSpec } from "../scenario/scenario-types.js";
import type { Stats } from "./run-summary.js";
import { evaluateSlo, objectiveText, type MetricSources } from "./slo-check.js";

const AT = { file: "s.yaml", line: 7, column: 7 };

function spec(over: Partial<SloSpec>): SloSpec {
  return { name: "x", metric: "pendingPods", stat: "max", max: null, min: null, unit: "pods", forUs: null, preset: null, source: AT, ...over };
}

const S = 1_000_000;
/** Samples every 10 s from t = 0. */
const every10s = (values: number[]) => ({ timesUs: values.map((_, i) => i * 10 * S), values });

function latency(over: Partial<Stats>): Stats {
  return { count: 100, mean: 0, min: 0, p50: 0, p90: 0, p95: 0, p99: 0, p99_9: 0, max: 0, ...over };
}

function sources(g: Record<string, number[]>, l: Record<string, Stats> = {}, c: Record<string, number> = {}): MetricSources {
  return { gauge: (m) => (g[m] ? every10s(g[m]) : undefined), latency: (m) => l[m], counter: (m) => c[m] };
}

// pendingPods sampled at 0, 10, ..., 100 s:
//   t:  0 10 20 30 40 50 60 70 80 90 100
//   v:  0  0  3  5  4  0  2  2  2  2  0
// Runs above 0: 20..40 s (spans 20 s) and 60..90 s (spans 30 s).
const PENDING = [0, 0, 3, 5, 4, 0, 2, 2, 2, 2, 0];

describe("gauge SLOs", () => {
  test("max <= 0 without for: fails at the first sample above, observed max 5", () => {
    const r = evaluateSlo(spec({ max: 0 }), sources({ pendingPods: PENDING }));
    expect(r).toMatchObject({ status: "fail", ok: false, observed: 5, firstViolationS: 20, marginPct: null });
  });

  test("for 30s: the 60..90 s run spans exactly 30 s, so it fails from 60 s", () => {
    const r = evaluateSlo(spec({ max: 0, forUs: 30 * S }), sources({ pendingPods: PENDING }));
    expect(r).toMatchObject({ status: "fail", ok: false, observed: 5, firstViolationS: 60, longestViolationS: 30, forS: 30 });
  });

  test("for 40s: no run spans 40 s, so the transient excursions hold", () => {
    const r = evaluateSlo(spec({ max: 0, forUs: 40 * S }), sources({ pendingPods: PENDING }));
    expect(r).toMatchObject({ status: "pass", ok: true, observed: 5, firstViolationS: null, longestViolationS: 30 });
  });

  test("for 20s with max 2: only 20..40 s is above 2 (3, 5, 4), spanning 20 s → fails from 20 s", () => {
    const r = evaluateSlo(spec({ max: 2, forUs: 20 * S }), sources({ pendingPods: PENDING }));
    expect(r).toMatchObject({ status: "fail", firstViolationS: 20, longestViolationS: 20 });
  });

  test.each([
    // from 30 s: samples 5 4 0 2 2 2 2 0 (30..100 s): max 5, first above at 30 s
    [{ max: 0, fromUs: 30 * S }, { status: "fail", observed: 5, firstViolationS: 30, fromS: 30 }],
    // from 50 s: 0 2 2 2 2 0: max 2, so max <= 2 holds, although 5 was seen at 30 s
    [{ max: 2, fromUs: 50 * S }, { status: "pass", observed: 2, marginPct: 0 }],
    // for 30s from 70 s: the 60..90 s run is cut to 70..90 s (20 s): holds
    [{ max: 0, forUs: 30 * S, fromUs: 70 * S }, { status: "pass", longestViolationS: 20 }],
    // for 20s from 70 s: 70..90 s spans 20 s: fails from 70 s
    [{ max: 0, forUs: 20 * S, fromUs: 70 * S }, { status: "fail", firstViolationS: 70, longestViolationS: 20 }],
    // from 45 s (between samples): the first judged sample is the one at 50 s (0)
    [{ stat: "min", min: 1, fromUs: 45 * S }, { status: "fail", observed: 0, firstViolationS: 50 }],
  ] as [Partial<SloSpec>, object][])("with from: %o judges the samples at or after it", (over, expected) => {
    expect(evaluateSlo(spec(over), sources({ pendingPods: PENDING }))).toMatchObject(expected);
  });

  test("a sample without a reading (NaN) breaks a run: 60,70 | NaN | 90 never spans 30 s", () => {
    const v = [0, 0, 0, 0, 0, 0, 2, 2, NaN, 2, 0];
    const r = evaluateSlo(spec({ max: 0, forUs: 30 * S }), sources({ pendingPods: v }));
    expect(r).toMatchObject({ status: "pass", longestViolationS: 10 });
  });

  test.each([
    // nodesReady 6,6,5,5,6: min 5
    [{ metric: "nodesReady", stat: "min", min: 5, unit: "nodes" }, { status: "pass", observed: 5, marginPct: 0 }],
    [{ metric: "nodesReady", stat: "min", min: 6, unit: "nodes" }, { status: "fail", observed: 5, firstViolationS: 20, marginPct: (100 * (5 - 6)) / 6 }],
    // mean of 6,6,5,5,6 = 28/5 = 5.6; max 5.5 → margin (5.5 - 5.6) / 5.5 = -1.818..%
    [{ metric: "nodesReady", stat: "mean", max: 5.5, unit: "nodes" }, { status: "fail", observed: 5.6, firstViolationS: null }],
    // final = last sample 6, at 40 s
    [{ metric: "nodesReady", stat: "final", min: 6, unit: "nodes" }, { status: "pass", observed: 6 }],
  ] as const)("%j", (over, expected) => {
    const r = evaluateSlo(spec(over as Partial<SloSpec>), sources({ nodesReady: [6, 6, 5, 5, 6] }));
    expect(r).toMatchObject(expected);
    if (expected.status === "fail" && "marginPct" in expected) expect(r.marginPct).toBeCloseTo(expected.marginPct as number, 9);
  });

  test("a mean SLO reports its margin", () => {
    const r = evaluateSlo(spec({ metric: "nodesReady", stat: "mean", max: 5.5, unit: "nodes" }), sources({ nodesReady: [6, 6, 5, 5, 6] }));
    expect(r.observed).toBeCloseTo(5.6, 12);
    expect(r.marginPct).toBeCloseTo((100 * (5.5 - 5.6)) / 5.5, 9);
  });
});

describe("latency and counter SLOs", () => {
  test("pod startup p99 7.2 s against 5 s fails with margin (5000 - 7200) / 5000 = -44%", () => {
    const r = evaluateSlo(spec({ metric: "podStartupLatency", stat: "p99", max: 5000, unit: "ms", preset: "kubernetes-scalability" }), sources({}, { podStartupLatency: latency({ p99: 7200 }) }));
    expect(r).toMatchObject({ status: "fail", observed: 7200, source: "preset:kubernetes-scalability", objective: "p99 <= 5s" });
    expect(r.marginPct).toBeCloseTo(-44, 9);
  });

  test("p99 1 s against 5 s holds with margin 80%", () => {
    const r = evaluateSlo(spec({ metric: "podStartupLatency", stat: "p99", max: 5000, unit: "ms" }), sources({}, { podStartupLatency: latency({ p99: 1000 }) }));
    expect(r).toMatchObject({ status: "pass", ok: true, observed: 1000, marginPct: 80, source: "s.yaml:7:7" });
  });

  test("count >= 100 with 99 observations fails", () => {
    const r = evaluateSlo(spec({ metric: "schedulingLatency", stat: "count", min: 100, unit: "count" }), sources({}, { schedulingLatency: latency({ count: 99 }) }));
    expect(r).toMatchObject({ status: "fail", observed: 99, marginPct: -1 });
  });

  test("no observation at all: no data, holds", () => {
    const r = evaluateSlo(spec({ metric: "podStartupLatency", stat: "p99", max: 5000, unit: "ms" }), sources({}, { podStartupLatency: latency({ count: 0 }) }));
    expect(r).toMatchObject({ status: "no_data", ok: true, observed: null });
  });

  test("evictions final <= 0 with 2 evictions fails", () => {
    const r = evaluateSlo(spec({ metric: "evictions", stat: "final", max: 0 }), sources({}, {}, { evictions: 2 }));
    expect(r).toMatchObject({ status: "fail", observed: 2 });
  });
});

describe("metrics without a model are not measured and never fail", () => {
  test("a preset's API call latency", () => {
    const r = evaluateSlo(spec({ metric: "apiMutatingLatency", stat: "p99", max: 1000, unit: "ms", preset: "kubernetes-scalability" }), sources({}));
    expect(r).toMatchObject({ status: "not_measured", ok: true, observed: null });
    expect(r.note).toContain("API server");
  });

  test("a catalog gauge with no series in the run", () => {
    const r = evaluateSlo(spec({ metric: "costPerHour", stat: "max", max: 10, unit: "$/h" }), sources({}));
    expect(r).toMatchObject({ status: "not_measured", ok: true });
  });
});

test.each([
  [{ stat: "p99", max: 5000, min: null, unit: "ms", forUs: null }, "p99 <= 5s"],
  [{ stat: "p50", max: 0.5, min: null, unit: "ms", forUs: null }, "p50 <= 0.5ms"],
  [{ stat: "max", max: 0, min: null, unit: "pods", forUs: 120 * S }, "max <= 0 for 2m"],
  [{ stat: "mean", max: 85, min: 20, unit: "%", forUs: null }, "20% <= mean <= 85%"],
  [{ stat: "min", max: null, min: 5, unit: "nodes", forUs: null }, "min >= 5"],
  [{ stat: "p99", max: 5000, min: null, unit: "ms", forUs: null, fromUs: 600 * S }, "p99 <= 5s from 10m"],
  [{ stat: "max", max: 0, min: null, unit: "pods", forUs: 120 * S, fromUs: 90 * S }, "max <= 0 for 2m from 90s"],
] as const)("objective text %j → %s", (s, text) => {
  expect(objectiveText(s as Parameters<typeof objectiveText>[0])).toBe(text);
});
