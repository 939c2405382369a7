/**
 * spec.traffic feeds the HPA (resource-dynamics as the metrics source): 180 rps × 20 ms = 3.6
 * CPUs over 4 pods requesting 1000m is 900m each = 90 % against a 60 % target → ⌈4 · 1.5⌉ = 6
 * at the 30 s sync (as V32). The traffic then spreads over 6 Ready pods: 600m each = 60 %,
 * ratio 1.0 → the HPA stays at 6 (the CPU use per pod follows readiness, not a fixed profile).
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../src/cluster/k8s-types.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import type { WorkloadTraffic } from "../src/scenario/scenario-types.js";
import { deployment, loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;

const hpa = {
  apiVersion: "autoscaling/v2",
  kind: "HorizontalPodAutoscaler",
  metadata: { name: "web", namespace: "default" },
  spec: {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
    minReplicas: 1,
    maxReplicas: 10,
    metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 60 } } }],
  },
} as KubeObject;

const traffic: WorkloadTraffic = {
  target: { kind: "Deployment", namespace: "default", name: "web" },
  container: null,
  rate: { kind: "constant", rps: 180 },
  cpuPerRequest: { kind: "constant", meanUs: 20_000 },
  threads: 8,
  cfsBurstUs: 0,
  memory: { baseBytes: 0, perInFlightBytes: 0, leakBytesPerSec: 0, spikeEveryUs: 0, spikeBytes: 0, spikeDurationUs: 0 },
  source: SRC,
};

describe("HPA on traffic", () => {
  it("4 → 6 at 30 s, then 600m per pod holds it at 6", () => {
    const rt = buildRuntime(scenario({ nodePools: [pool("general", 4, { zones: [] })], objects: [loaded(deployment("web", 4, { cpu: "1000m" })), loaded(hpa)], traffic: [traffic], durationUs: 300 * S }));
    rt.ctx.sim.run(300 * S);
    const rescales = rt.ctx.store.events.filter((e) => e.reason === "SuccessfulRescale").map((e) => e.timeUs / S);
    expect(rescales).toEqual([30]);
    const pods = rt.ctx.ledger.ids.filter((i) => rt.ctx.ledger.workload[i] === "Deployment/web");
    expect(pods).toHaveLength(6);
    for (const id of pods) expect(rt.resources.podUsage(id, "cpu", 300 * S)).toBeCloseTo(600, 9);
  });
});
