/**
 * `from` on an SLO: the warm-up deletion, worked by hand on test/fixtures/scenario/
 * warm-up-then-one-pod.yaml (one node, one sandbox slot, fixed 700 ms sandbox + 300 ms start):
 * - pod startup latencies: the four pods created at t = 0 wait for the slot and start after
 *   1.0, 1.7, 2.4 and 3.1 s; the fifth, created at 60 s, after 1.0 s. Over the whole run the
 *   p99 of five (nearest rank ⌈0.99 · 5⌉ = 5th) is 3.1 s; from 30 s only the fifth counts: 1.0 s.
 *   It counts from 60 s too (created *at* it), not from 61 s (then there is nothing to judge);
 * - runningPods, sampled every 10 s: 0 at t = 0 (nothing started before 1 s), 4 from 10 s, 5
 *   from 70 s: min 0 over the run, 4 from 10 s;
 * - cost (a counter): 1 node × $0.36/h × 120 s = $0.012; its increase after 60 s is $0.006;
 * - early stop (find-min probes, checked every 10 s): `max <= 2s` has failed for good at the
 *   10 s check (3.1 s seen); with `from: 30s` the same objective never fails (1.0 s), and
 *   `max <= 500ms from 30s` fails for good only at the 70 s check, after the fifth pod's
 *   start at 61 s: never before `from`, however slow the warm-up was.
 */
import { describe, expect, it } from "vitest";
import { evaluateSlos } from "../src/cli/commands/run.js";
import { buildRunSummary, type SloResult } from "../src/report/run-summary.js";
import { sloCsv } from "../src/report/slo-outputs.js";
import { runScenario } from "../src/runtime/cluster-runtime.js";
import { loadScenario } from "../src/scenario/load-scenario.js";
import { sweepRun, type SweepRunResult } from "../src/sweep/sweep-run.js";

const FILE = "test/fixtures/scenario/warm-up-then-one-pod.yaml";

function verdicts(...slos: string[]): SloResult[] {
  return verdictsWith([], ...slos);
}

function verdictsWith(set: string[], ...slos: string[]): SloResult[] {
  const o = runScenario(loadScenario(FILE, { set: [...set, `spec.slos=[${slos.join(", ")}]`] }));
  return evaluateSlos(o, buildRunSummary(o, "t", "t"));
}

function probe(slo: string): SweepRunResult {
  const r = sweepRun({ file: FILE, set: [`spec.slos=[${slo}]`], seed: 1, stopEarly: true });
  if ("inputError" in r) throw new Error(JSON.stringify(r.inputError));
  return r;
}

describe("an SLO with from judges only what starts at or after that instant", () => {
  it("pod startup p99 is 3.1 s over the whole run and 1.0 s from 30 s", () => {
    const [all, after] = verdicts("{metric: podStartupLatency, stat: p99, max: 2s}", "{metric: podStartupLatency, stat: p99, max: 2s, from: 30s}");
    expect(all).toMatchObject({ observed: 3100, status: "fail", objective: "p99 <= 2s" });
    expect(all!.fromS).toBeUndefined();
    expect(after).toMatchObject({ observed: 1000, status: "pass", objective: "p99 <= 2s from 30s", fromS: 30, marginPct: 50 });
  });

  it("counts a pod created at from, and none created before it", () => {
    const counts = verdicts(
      "{metric: podStartupLatency, stat: count, max: 100}",
      "{metric: podStartupLatency, stat: count, max: 100, from: 60s}",
      "{metric: podStartupLatency, stat: min, max: 2s, from: 61s}",
    );
    expect(counts.map((r) => r.observed)).toEqual([5, 1, null]);
    expect(counts[2]).toMatchObject({ status: "no_data", ok: true });
  });

  it("judges a gauge on the samples at or after from", () => {
    const [all, after] = verdicts("{metric: runningPods, stat: min, min: 4}", "{metric: runningPods, stat: min, min: 4, from: 10s}");
    expect(all).toMatchObject({ observed: 0, status: "fail", firstViolationS: 0 });
    expect(after).toMatchObject({ observed: 4, status: "pass", marginPct: 0 });
  });

  it("judges a counter on its increase after from", () => {
    const [all, after] = verdicts("{metric: cost, stat: final, max: 0.01}", "{metric: cost, stat: final, max: 0.01, from: 60s}");
    expect(all!.observed).toBeCloseTo(0.012, 12);
    expect(all!.status).toBe("fail");
    expect(after!.observed).toBeCloseTo(0.006, 12);
    expect(after).toMatchObject({ status: "pass", objective: "final <= $0.01 from 1m" });
  });

  it("from 0 s judges what the whole run judges, API call latencies (spec.apiServer) included", () => {
    const every = ["podStartupLatency, stat: p99, max: 5s", "podStartupLatencyE2E, stat: max, max: 5s", "schedulingLatency, stat: count, max: 100", "runningPods, stat: min, min: 4", "cost, stat: final, max: 1"];
    const slos = (from: string) => [`{preset: kubernetes-scalability${from}}`, ...every.map((m) => `{metric: ${m}${from}}`)];
    const whole = verdictsWith(["spec.apiServer={}"], ...slos(""));
    const from0 = verdictsWith(["spec.apiServer={}"], ...slos(", from: 0s"));
    expect(whole.find((r) => r.metric === "apiMutatingLatency")!.status).toBe("pass"); // measured, not skipped
    expect(from0.map((r) => [r.status, r.observed])).toEqual(whole.map((r) => [r.status, r.observed]));
  });

  it("writes from into the objective of slo.csv, and nothing else changes", () => {
    const csv = sloCsv(verdicts("{metric: podStartupLatency, stat: p99, max: 2s, from: 30s}"));
    expect(csv.split("\n")[1]).toMatch(/^podStartupLatency-p99,podStartupLatency,p99,p99 <= 2s from 30s,2000,ms,1000,50,true,pass,/);
  });
});

describe("a find-min probe never stops on an SLO before its from", () => {
  it("without from, max <= 2s has failed for good at the 10 s check", () => {
    expect(probe("{metric: podStartupLatency, stat: max, max: 2s}")).toMatchObject({ stoppedAtS: 10, passed: false, failedSlos: ["podStartupLatency-max"] });
  });

  it("from 30 s, the slow warm-up is not judged and the run passes to its end", () => {
    expect(probe("{metric: podStartupLatency, stat: max, max: 2s, from: 30s}")).toMatchObject({ stoppedAtS: null, passed: true, failedSlos: [] });
  });

  it("from 30 s, max <= 500ms fails for good at the first check after the 61 s start", () => {
    expect(probe("{metric: podStartupLatency, stat: max, max: 500ms, from: 30s}")).toMatchObject({ stoppedAtS: 70, passed: false });
  });
});
