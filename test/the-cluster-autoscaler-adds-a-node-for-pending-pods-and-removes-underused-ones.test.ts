/**
 * The cluster autoscaler in a run, worked by hand (models.md §5.2, V37, V38). Defaults: scan
 * every 10 s at multiples of 10 s, provisioning 60 s, Ready 10 s after registration.
 * Fixture kubelet: a pod bound at t runs at t + 3 s (0.5 s sandbox, 2 s pull, 0.5 s start).
 */
import { describe, expect, it } from "vitest";
import type { KubeObject, Node } from "../src/cluster/k8s-types.js";
import { defaultAutoscaling } from "../src/controllers/autoscaling-defaults.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import type { NodePool } from "../src/scenario/scenario-types.js";
import { deployment, loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;
const GI = 2 ** 30;
const target = { kind: "Deployment" as const, namespace: "default", name: "web" };

function withMemory(d: KubeObject, memory: string): KubeObject {
  (d as { spec: { template: { spec: { containers: { resources: { requests: Record<string, string> } }[] } } } }).spec.template.spec.containers[0]!.resources.requests["memory"] = memory;
  return d;
}

function autoscaled(name: string, count: number, min: number, max: number, over: Partial<NodePool> = {}): NodePool {
  return pool(name, count, { zones: [], cpuMillicores: 4000, memoryBytes: 16 * GI, autoscaling: { minCount: min, maxCount: max }, ...over });
}

describe("cluster autoscaler scale-up", () => {
  it("V38: pods Pending at 20 s trigger one node of the least-waste pool at the 30 s scan; they run after provisioning + Ready", () => {
    // 1500m pods: general-0 (4 cores) holds 2; scaling to 4 at 20 s leaves 2 Pending (FailedScheduling
    // at 20 s, after the 20 s scan). Scan at 30 s: both fit one 4-core node (3000m) or one 16-core
    // node; least-waste: (4000−3000)/4000 + mem < (16000−3000)/16000 + mem → general.
    // Registered at 30 + 60 = 90 s (not-ready taint), Ready at 100 s: both scheduled at 100 s on
    // general-1, running at 103 s.
    const base = defaultAutoscaling();
    const s = scenario({
      nodePools: [autoscaled("general", 1, 1, 5), autoscaled("big", 0, 0, 3, { cpuMillicores: 16000, memoryBytes: 64 * GI })],
      objects: [loaded(deployment("web", 2, { cpu: "1500m" }))],
      timeline: [{ at: 20 * S, action: "scale", target, replicas: 4, source: SRC }],
      autoscaling: { ...base, clusterAutoscaler: { ...base.clusterAutoscaler, expander: "least-waste" } },
      durationUs: 200 * S,
    });
    const rt = buildRuntime(s);
    const { sim, store, ledger } = rt.ctx;
    sim.run(200 * S);
    expect(rt.clusterAutoscaler.scaleUps).toEqual([{ atUs: 30 * S, pool: "general", nodes: 1 }]);
    const late = ledger.ids.filter((id) => ledger.createdUs[id] === 20 * S);
    expect(late.map((id) => [ledger.scheduledUs[id]! / S, ledger.node[id], ledger.startedUs[id]! / S])).toEqual([
      [100, "general-1", 103],
      [100, "general-1", 103],
    ]);
    const triggered = store.events.filter((e) => e.reason === "TriggeredScaleUp");
    expect(triggered).toHaveLength(2);
    expect(triggered[0]!.message).toBe("pod triggered scale-up: [{general 1->2 (max: 5)}]");
    const n = store.get("Node", undefined, "general-1") as Node;
    expect(n.spec?.taints ?? []).toEqual([]);
    expect(rt.recorder.nodes.get("general-1")!.createdUs).toBe(90 * S);
  });

  it("a pod that fits no pool's node does not trigger a scale-up, and a pool at its max is not grown", () => {
    const s = scenario({
      nodePools: [autoscaled("general", 1, 1, 1)],
      objects: [loaded(deployment("web", 1, { cpu: "6000m" })), loaded(deployment("small", 3, { cpu: "1500m" }))],
      durationUs: 100 * S,
    });
    const rt = buildRuntime(s);
    rt.ctx.sim.run(100 * S);
    expect(rt.clusterAutoscaler.scaleUps).toEqual([]);
    expect(rt.ctx.store.events.filter((e) => e.reason === "NotTriggerScaleUp")).toHaveLength(2);
  });
});

describe("cluster autoscaler scale-down (V37)", () => {
  function twoNodes(cpu: string, memory: string) {
    // Two 4-core / 16Gi nodes, one pod on each (LeastAllocated spreads them).
    const s = scenario({
      nodePools: [autoscaled("general", 2, 1, 3)],
      objects: [loaded(withMemory(deployment("web", 2, { cpu }), memory))],
      durationUs: 1300 * S,
    });
    return buildRuntime(s);
  }

  it("1.5 CPU / 3Gi → max(0.375, 0.1875) = 0.375 < 0.5: unneeded from the 0 s scan, removed at 600 s; min 1 keeps the other", () => {
    // At the 0 s scan both nodes are empty (pods bind after it, on the scheduler band): both
    // unneeded. From 10 s the node checked first keeps being unneeded (its pod fits next to the
    // other: 3 of 4 cores); the other is not (its pod would have to go to the node being removed).
    const rt = twoNodes("1500m", "3Gi");
    const { sim, store } = rt.ctx;
    sim.run(590 * S);
    expect(store.list("Node")).toHaveLength(2);
    expect([...rt.clusterAutoscaler.unneededSince]).toHaveLength(1);
    const [name, since] = [...rt.clusterAutoscaler.unneededSince][0]!;
    expect(since).toBe(0);
    sim.run(600 * S);
    const taints = (store.get("Node", undefined, name) as Node).spec?.taints?.map((t) => t.key);
    expect(taints).toEqual(["ToBeDeletedByClusterAutoscaler"]);
    sim.run(1300 * S);
    // The pod is evicted at 600 s, exits 1 s later; the drain check at 601 s deletes the node.
    expect(rt.recorder.nodes.get(name)!.deletedUs).toBe(601 * S);
    expect(store.list("Node")).toHaveLength(1);
    expect(store.list("Pod").filter((p) => (p as { spec?: { nodeName?: string } }).spec?.nodeName)).toHaveLength(2);
  });

  it("2.2 CPU / 4Gi → 0.55 ≥ 0.5: not a candidate, nothing is removed", () => {
    const rt = twoNodes("2200m", "4Gi");
    rt.ctx.sim.run(1300 * S);
    expect(rt.ctx.store.list("Node")).toHaveLength(2);
    expect(rt.clusterAutoscaler.unneededSince.size).toBe(0);
  });

  it("no removal within 10 min of a scale-up, even for a node unneeded for longer", () => {
    // A pod too big for the 4-core pool but fitting the 8-core one scales `wide` up at 10 s
    // (it is Pending at 0 s, after the 0 s scan). `web` lands on general-1 (seed 1's tie-break
    // between the two empty general nodes). Both general nodes are unneeded at the 0 s scan
    // (empty). Scans take the nodes already unneeded first, then node order: general-0 is empty,
    // so it stays unneeded; web could move only to general-0 (unneeded in this very scan, so not
    // a destination) or to wide-0 (Ready at 80 s), so general-1 is needed until 80 s and then
    // unneeded, but the pool is at its minimum of 1 once general-0 is gone. general-0 is ripe at
    // 600 s, but the scale-up at 10 s holds scale-down until 610 s (now − last scale-up ≥
    // 600 s): it goes at 610 s, empty, with nothing to drain.
    const s = scenario({
      nodePools: [autoscaled("general", 2, 1, 3), autoscaled("wide", 0, 0, 2, { cpuMillicores: 8000 })],
      objects: [loaded(deployment("web", 1, { cpu: "1000m" })), loaded(deployment("heavy", 1, { cpu: "6000m" }))],
      durationUs: 800 * S,
    });
    const rt = buildRuntime(s);
    rt.ctx.sim.run(800 * S);
    expect(rt.clusterAutoscaler.scaleUps).toEqual([{ atUs: 10 * S, pool: "wide", nodes: 1 }]);
    expect(rt.ctx.ledger.node[rt.ctx.ledger.ids[0]!]).toBe("general-1");
    const removed = [...rt.recorder.nodes.values()].filter((n) => !Number.isNaN(n.deletedUs)).map((n) => [n.name, n.deletedUs / S]);
    expect(removed).toEqual([["general-0", 610]]);
  });
});
