/**
 * Traffic is spread over a workload's Ready pods (issue 6 point 5): 40 rps × 20 ms = 0.8 cores
 * split over 2 Ready pods is 0.4 cores each; when one leaves the endpoints the other serves
 * 0.8; with none Ready every request fails. A 1-CPU limit on 8 worker threads throttles
 * (multi-threaded burn-through) where the same workload without CPU limits
 * (`kubelet.cpuCFSQuota: false`) never is, and has the lower latency tail.
 */
import { describe, expect, test } from "vitest";
import type { KubeObject } from "../src/cluster/k8s-types.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import type { WorkloadTraffic } from "../src/scenario/scenario-types.js";
import { loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;

const api: KubeObject = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "api", namespace: "default" },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "api" } },
    template: {
      metadata: { labels: { app: "api" } },
      spec: { containers: [{ name: "api", image: "example/api:1.0", resources: { requests: { cpu: "1", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } } }] },
    },
  },
} as KubeObject;

const traffic = (rps: number): WorkloadTraffic => ({
  target: { kind: "Deployment", namespace: "default", name: "api" },
  container: null,
  rate: { kind: "constant", rps },
  cpuPerRequest: { kind: "exponential", meanUs: 20_000 },
  threads: 8,
  cfsBurstUs: 0,
  memory: { baseBytes: 0, perInFlightBytes: 0, leakBytesPerSec: 0, spikeEveryUs: 0, spikeBytes: 0, spikeDurationUs: 0 },
  source: SRC,
});

function run(cpuCFSQuota: boolean, rps: number) {
  const base = scenario();
  return buildRuntime(scenario({ nodePools: [pool("general", 2)], objects: [loaded(structuredClone(api))], traffic: [traffic(rps)], kubelet: { ...base.kubelet, cpuCFSQuota }, durationUs: 300 * S }));
}

describe("load follows readiness", () => {
  test("0.8 cores over 2 Ready pods, then over the 1 left, then failed requests", () => {
    const rt = run(true, 40);
    const { sim, ledger } = rt.ctx;
    sim.run(30 * S);
    const [a, b] = ledger.ids.filter((i) => ledger.workload[i] === "Deployment/api");
    expect(rt.resources.cpuCores[a!]).toBeCloseTo(0.4, 12);
    expect(rt.resources.cpuCores[b!]).toBeCloseTo(0.4, 12);
    ledger.markNotReady(a!); // a failing readiness probe
    sim.run(40 * S);
    expect(rt.resources.cpuCores[a!]).toBe(0);
    expect(rt.resources.cpuCores[b!]).toBeCloseTo(0.8, 12);
    ledger.markNotReady(b!);
    const failedBefore = rt.resources.failedRequests;
    sim.run(50 * S);
    // One 10 s sample with no endpoint: 40 rps × 10 s = 400 failed requests.
    expect(rt.resources.failedRequests - failedBefore).toBeCloseTo(400, 9);
  });
});

describe("a CPU limit against the same workload without limits", () => {
  test("throttles a multi-threaded service at 60 % of its limit; without limits nothing is throttled and p99 is lower", () => {
    // 60 rps × 20 ms = 1.2 cores over 2 pods = 0.6 of each pod's 1-CPU limit.
    const limited = run(true, 60);
    const free = run(false, 60);
    limited.ctx.sim.run(300 * S);
    free.ctx.sim.run(300 * S);
    const id = limited.ctx.ledger.ids.find((i) => limited.ctx.ledger.workload[i] === "Deployment/api")!;
    expect(limited.resources.throttledRatioOf(id)).toBeGreaterThan(0.2);
    const fid = free.ctx.ledger.ids.find((i) => free.ctx.ledger.workload[i] === "Deployment/api")!;
    expect(free.resources.throttledRatioOf(fid)).toBe(0);
    const p99 = (r: typeof limited) => r.resources.requestLatency.summary(1000).p99;
    expect(p99(limited)).toBeGreaterThan(1.5 * p99(free));
    // Both served every request: 60 rps over ~290 s of Ready pods.
    expect(limited.resources.failedRequests).toBe(free.resources.failedRequests);
  });
});
