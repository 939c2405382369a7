/**
 * The HPA in a run, worked by hand. Pods of `web` request 1000m; the fixture's kubelet takes
 * 0.5 s sandbox + 2 s pull (100Mi at 50Mi/s) + 0.5 s start, so pods created at 0 run from 3 s.
 * metrics-server scrapes every 15 s and needs two scrapes of a running container: at a sync at
 * t the sample is the one of ts = ⌊t/15⌋·15, present only for pods running since ts − 15.
 *
 * The HPA is created at 0 and first synced one period later (15 s: no pod has a sample yet →
 * FailedGetResourceMetric, no scaling). At 30 s: 4 ready pods at 900m → 90 % / 60 % = 1.5 →
 * ⌈6⌉ = 6 (V32; the rate limit max(2·4, 4) = 8 allows it).
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../src/cluster/k8s-types.js";
import { defaultAutoscaling } from "../src/controllers/autoscaling-defaults.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import type { PodUsageProfile } from "../src/scenario/scenario-types.js";
import { deployment, loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;
const target = { kind: "Deployment" as const, namespace: "default", name: "web" };

function hpa(over: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: "web", namespace: "default" },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 60 } } }],
      ...over,
    },
  } as KubeObject;
}

function usage(over: Partial<PodUsageProfile>): PodUsageProfile {
  return { target, resource: "cpu", per: "pod", shape: "constant", base: 90, peak: 90, percent: true, atUs: 0, forUs: 0, rampUs: 0, source: SRC, ...over };
}

function run(profile: PodUsageProfile, untilS: number) {
  const s = scenario({
    nodePools: [pool("general", 4, { zones: [] })],
    objects: [loaded(deployment("web", 4, { cpu: "1000m" })), loaded(hpa())],
    autoscaling: { ...defaultAutoscaling(), podUsage: [profile] },
    durationUs: untilS * S,
  });
  const rt = buildRuntime(s);
  rt.ctx.sim.run(untilS * S);
  const rescales = rt.ctx.store.events.filter((e) => e.reason === "SuccessfulRescale").map((e) => [e.timeUs / S, e.message]);
  return { rt, rescales };
}

describe("the HPA", () => {
  it("V32 in a run: no samples at the 15 s sync, 4 → 6 at 30 s, then 9 at 60 s and 10 (max) at 90 s while every pod stays at 90 %", () => {
    const { rt, rescales } = run(usage({}), 100);
    const failed = rt.ctx.store.events.filter((e) => e.reason === "FailedGetResourceMetric").map((e) => e.timeUs / S);
    expect(failed).toEqual([15]);
    // 45 s: the 2 new pods (running from 33 s) have no sample for ts = 45 yet (needs running at 30):
    // missing on a scale-up count 0 → ⌊100·3600/6000⌋ = 60 % → ratio 1.0 → no change.
    // 60 s: all 6 at 90 % → ⌈1.5·6⌉ = 9. 75 s: the 3 new pods have no sample yet → 6 · 900 / 9000
    // = 60 % → no change. 90 s: all 9 at 90 % → ⌈1.5·9⌉ = 14 → maxReplicas 10.
    expect(rescales).toEqual([
      [30, "New size: 6; reason: cpu resource utilization (percentage of request) above target"],
      [60, "New size: 9; reason: cpu resource utilization (percentage of request) above target"],
      [90, "New size: 10; reason: cpu resource utilization (percentage of request) above target"],
    ]);
    expect(rt.hpa.state("default", "web")!.desiredReplicas).toBe(10);
  });

  it("per-workload usage is split over Ready pods, so scaling converges: 3600m over 4 → 6 pods at 600m = the 60 % target", () => {
    const { rt, rescales } = run(usage({ per: "workload", percent: false, base: 3600, peak: 3600 }), 300);
    expect(rescales).toEqual([[30, "New size: 6; reason: cpu resource utilization (percentage of request) above target"]]);
    expect(rt.hpa.state("default", "web")!.currentMetric[0]).toBe(60);
  });

  it("tolerance: 4 pods at 63 % of a 60 % target (ratio 1.05) never scale", () => {
    const { rescales } = run(usage({ base: 63, peak: 63 }), 120);
    expect(rescales).toEqual([]);
  });

  it("a step down to 30 % scales 10 → 5 only once the 300 s window has no higher recommendation", () => {
    // Starts at 10 (min 1): at 60 % (on target) every sync recommends 10 until the step at 100 s;
    // the 105 s sync is the first to see 30 % (ts = 105) and recommends 5. Legacy path (no
    // behavior): samples older than now − 300 s strictly drop out, the last 10 was at 90 s,
    // so 10 stays in through 390 s and the drop comes at 405 s.
    const s = scenario({
      nodePools: [pool("general", 4, { zones: [] })],
      objects: [loaded(deployment("web", 10, { cpu: "1000m" })), loaded(hpa())],
      autoscaling: { ...defaultAutoscaling(), podUsage: [usage({ shape: "step", base: 60, peak: 30, atUs: 100 * S })] },
      durationUs: 500 * S,
    });
    const rt = buildRuntime(s);
    rt.ctx.sim.run(500 * S);
    const rescales = rt.ctx.store.events.filter((e) => e.reason === "SuccessfulRescale").map((e) => [e.timeUs / S, e.message]);
    expect(rescales).toEqual([[405, "New size: 5; reason: All metrics below target"]]);
  });
});
