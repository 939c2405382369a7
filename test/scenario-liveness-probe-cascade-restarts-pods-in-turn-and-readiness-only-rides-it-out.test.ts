/**
 * scenarios/liveness-probe-cascade.yaml and its -readiness-only twin (seed 11), worked by hand.
 *
 * api: 4 pods, 4 threads under a 1-CPU limit (capacity 1 core; the model serves up to 98 % of
 * it), 120 rps × 20 ms = 2.4 CPUs → 0.6 a pod. Pods A, B start at 0 s, C, D at 65 s: probes
 * (period 10 s, timeout 1 s, failureThreshold 3) tick at 0, 10, 20, ... and 5, 15, 25, ... s.
 * The database is down over [300 s, 325 s). Resource dynamics sample every 10 s: a pod's
 * httpGet probes time out from the first sample in which it is saturated.
 */
import { describe, expect, test } from "vitest";
import { runScenario } from "../src/runtime/cluster-runtime.js";
import { loadScenario } from "../src/scenario/load-scenario.js";

const S = 1_000_000;

function run(name: string) {
  const o = runScenario(loadScenario(`scenarios/${name}.yaml`));
  const kills = o.store.events.filter((e) => e.reason === "Killing");
  const gauge = (metric: string, scope: string) => {
    const g = o.recorder.gauges.find((x) => x.metric === metric && x.scope === scope)!;
    const s = o.recorder.sampler.series(g.id);
    // The sample at T covers [T, T + 10 s): the counter after it.
    return (tS: number) => s.values[tS / 10]!;
  };
  return { o, kills, failed: gauge("failed_requests", "cluster") };
}

describe("liveness-probe-cascade", () => {
  const { o, kills, failed } = run("liveness-probe-cascade");
  const killedAt = (tS: number) => kills.filter((e) => Math.floor(e.timeUs / S) === tS).map((e) => e.object.replace(/-[a-z0-9]+-/, "-"));

  test("the blip kills only A and B: probes at 300, 310, 320 s fail, the third reports at 321 s; C and D fail twice", () => {
    expect(kills[0]!.timeUs / S).toBeCloseTo(321, 0);
    expect(killedAt(321)).toHaveLength(2);
    expect(kills.filter((e) => e.timeUs < 350 * S)).toHaveLength(2);
  });

  test("C and D then carry 60 rps each (1.2 CPU): saturated from the 330 s sample, killed by probes at 335, 345, 355 s → 356 s", () => {
    expect(killedAt(356)).toHaveLength(2);
    expect(new Set([...killedAt(321), ...killedAt(356)]).size).toBe(4);
    // Sample [330 s, 340 s): 1,200 requests, 1 − 0.98 / 1.2 of them beyond what 2 pods serve → 220.
    expect(failed(330) - failed(320)).toBeCloseTo(220, 6);
    // Sample [360 s, 370 s): nobody is Ready (A, B warm up 40 s from their restart at ≈ 322 s): all 1,200 fail.
    expect(failed(360) - failed(350)).toBeCloseTo(1200, 6);
  });

  test("it feeds itself: A and B come back alone and die at 391 s, then pair after pair, long after the database is back", () => {
    expect(killedAt(391)).toHaveLength(2);
    // Every later kill takes a whole pair: they return together, alone with the load.
    expect(kills.length % 2).toBe(0);
    expect(kills.length).toBeGreaterThanOrEqual(20);
    expect(kills[kills.length - 1]!.timeUs).toBeGreaterThan(1000 * S);
    const restarts = o.ledger.ids.reduce((s, id) => s + o.ledger.restarts[id]!, 0);
    expect(restarts).toBeGreaterThanOrEqual(20);
    // Golden (seed 11): the requests lost, against 0 with a readiness-only probe.
    expect(Math.round(o.resources.failedRequests)).toBe(66_180);
  });
});

describe("liveness-probe-cascade-readiness-only", () => {
  const { o, kills, failed } = run("liveness-probe-cascade-readiness-only");

  test("the same blip takes A and B out of the endpoints at 321 s and back at 330 s: no restart, no failed request", () => {
    expect(kills).toEqual([]);
    const unready = o.store.events.filter((e) => e.reason === "Unhealthy").map((e) => Math.floor(e.timeUs / S));
    expect(unready).toEqual([321, 321]);
    expect(o.ledger.ids.reduce((s, id) => s + o.ledger.restarts[id]!, 0)).toBe(0);
    expect(failed(1190)).toBe(0);
    expect(o.resources.failedRequests).toBe(0);
  });
});
