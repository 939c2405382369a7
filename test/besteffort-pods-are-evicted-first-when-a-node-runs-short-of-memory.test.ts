/**
 * Node-pressure eviction (models.md §2, V15): a node whose pods' working sets pass its
 * allocatable memory (memory.available < 100Mi) evicts one pod at the next 10 s housekeeping
 * tick, the one ranked first by rankMemoryPressure: over its request, lowest priority, largest
 * usage above request. BestEffort pods (request 0) come first. MemoryPressure and its taint
 * are set on the node.
 */
import { describe, expect, test } from "vitest";
import type { KubeObject, Node } from "../src/cluster/k8s-types.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import type { WorkloadTraffic } from "../src/scenario/scenario-types.js";
import { loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;
const MI = 1024 * 1024;
const GI = 1024 * MI;

function deploy(name: string, replicas: number, resources: object): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `example/${name}:1.0`, resources }] } },
    },
  } as KubeObject;
}

function memoryTraffic(name: string, baseBytes: number, leakBytesPerSec: number): WorkloadTraffic {
  return {
    target: { kind: "Deployment", namespace: "default", name },
    container: null,
    rate: { kind: "constant", rps: 0 },
    cpuPerRequest: { kind: "constant", meanUs: 1000 },
    threads: 1,
    cfsBurstUs: 0,
    memory: { baseBytes, perInFlightBytes: 0, leakBytesPerSec, spikeEveryUs: 0, spikeBytes: 0, spikeDurationUs: 0 },
    source: SRC,
  };
}

describe("node-pressure eviction", () => {
  test("the first tick past allocatable evicts the BestEffort pod using the most; MemoryPressure and its taint follow", () => {
    const rt = buildRuntime(
      scenario({
        nodePools: [pool("general", 1, { memoryBytes: 4 * GI })],
        objects: [loaded(deploy("be", 2, {})), loaded(deploy("steady", 1, { requests: { memory: "1Gi" } }))],
        // BestEffort: 1Gi + 1Mi/s each. Burstable: 1.5Gi flat, request 1Gi.
        traffic: [memoryTraffic("be", GI, MI), memoryTraffic("steady", 1.5 * GI, 0)],
        durationUs: 900 * S,
      }),
    );
    const { sim, ledger, store } = rt.ctx;
    sim.run(30 * S);
    const be = ledger.ids.filter((i) => ledger.workload[i] === "Deployment/be");
    const [r1, r2] = be.map((i) => ledger.lastReadyUs[i]!);
    // Σ working sets = 2 × 1Gi + 1.5Gi + (t − r1 + t − r2) × 1Mi/s > 4Gi (allocatable; available < 100Mi)
    // ⇔ 2t − r1 − r2 > 512 s. The eviction is at the first 10 s tick where that holds.
    let tick = 10 * S;
    while (!(2 * tick - r1! - r2! > 512 * S)) tick += 10 * S;
    sim.run(tick - 1);
    expect(rt.resources.evictions).toBe(0);
    sim.run(tick);
    expect(rt.resources.evictions).toBe(1);
    // The earlier-started BestEffort pod has leaked more: it goes first.
    const victim = r1! <= r2! ? be[0]! : be[1]!;
    expect(ledger.evictionReason[victim]).toBe("Evicted");
    const node = store.get("Node", undefined, "general-0") as Node;
    expect(node.status!.conditions!.find((c) => c.type === "MemoryPressure")?.status).toBe("True");
    expect(node.spec!.taints).toContainEqual({ key: "node.kubernetes.io/memory-pressure", effect: "NoSchedule" });
    expect(store.events.some((e) => e.reason === "Evicted" && e.message.startsWith("The node was low on resource: memory. Threshold quantity: 100Mi"))).toBe(true);
  });
});
