/**
 * A container leaking 1Mi/s from a 100Mi base under a 256Mi limit reaches the limit
 * (256 − 100) / 1 = 156 s after it starts, is OOMKilled (exit 137) at that instant, restarts at
 * once the first time (no back-off entry yet), and 10 s after its second OOM kill
 * (CrashLoopBackOff, models.md V8/V11).
 */
import { describe, expect, test } from "vitest";
import type { KubeObject } from "../src/cluster/k8s-types.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import type { WorkloadTraffic } from "../src/scenario/scenario-types.js";
import { loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;
const MI = 1024 * 1024;

function leaky(): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "leaky", namespace: "default" },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: "leaky" } },
      template: {
        metadata: { labels: { app: "leaky" } },
        spec: { containers: [{ name: "app", image: "example/leaky:1.0", resources: { limits: { cpu: "1", memory: "256Mi" } } }] },
      },
    },
  } as KubeObject;
}

const traffic: WorkloadTraffic = {
  target: { kind: "Deployment", namespace: "default", name: "leaky" },
  container: null,
  rate: { kind: "constant", rps: 0 },
  cpuPerRequest: { kind: "constant", meanUs: 1000 },
  threads: 1,
  cfsBurstUs: 0,
  memory: { baseBytes: 100 * MI, perInFlightBytes: 0, leakBytesPerSec: MI, spikeEveryUs: 0, spikeBytes: 0, spikeDurationUs: 0 },
  source: SRC,
};

describe("memory leak → OOMKilled → CrashLoopBackOff", () => {
  test("OOM kills come 156 s after each start; the second restart waits the 10 s back-off", () => {
    const rt = buildRuntime(scenario({ nodePools: [pool("general", 1)], objects: [loaded(leaky())], traffic: [traffic], durationUs: 1000 * S }));
    const { sim, ledger } = rt.ctx;
    sim.run(60 * S);
    const id = ledger.ids.find((i) => ledger.workload[i] === "Deployment/leaky")!;
    const ready1 = ledger.lastReadyUs[id]!;
    expect(ready1).toBeGreaterThan(0);
    sim.run(ready1 + 156 * S - 1);
    expect(ledger.oomKills[id]).toBe(0);
    sim.run(ready1 + 156 * S);
    expect(ledger.oomKills[id]).toBe(1);
    expect(ledger.lastExitCode[id]).toBe(137);
    expect(rt.resources.oomKills).toBe(1);
    // First restart: no back-off; Ready again after the container start alone.
    sim.run(ready1 + 170 * S);
    const ready2 = ledger.lastReadyUs[id]!;
    expect(ready2).toBeGreaterThan(ready1 + 156 * S);
    expect(ready2 - (ready1 + 156 * S)).toBeLessThan(10 * S);
    sim.run(ready2 + 156 * S - 1);
    expect(ledger.oomKills[id]).toBe(1);
    sim.run(ready2 + 156 * S);
    expect(ledger.oomKills[id]).toBe(2);
    // Second restart: after the 10 s back-off.
    sim.run(ready2 + 156 * S + 10 * S - 1);
    expect(ledger.isReady(id)).toBe(false);
    sim.run(ready2 + 200 * S);
    expect(ledger.lastReadyUs[id]!).toBeGreaterThanOrEqual(ready2 + 166 * S);
    expect(ledger.restarts[id]).toBe(2);
  });
});
