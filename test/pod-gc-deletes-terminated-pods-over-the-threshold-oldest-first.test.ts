/**
 * Pod GC of terminated pods (`--terminated-pod-gc-threshold`, here 4 instead of 12500), worked
 * by hand. A Job of 10 completions, parallelism 5, each pod running 10 s, on 3 nodes (sandbox
 * 0.5 s, a 100 Mi image at 50 Mi/s = 2 s, pulled once per node, start 0.5 s):
 * - wave 1: 5 pods created at 0 s, started at 3 s, Succeeded at 13 s → 5 terminated > 4: the
 *   check at the next 20-s tick (20 s) deletes 5 − 4 = 1, the first by name (all were created
 *   in second 0).
 * - wave 2: 5 pods created at 13 s, started at 14 s (image cached), Succeeded at 24 s →
 *   4 + 5 = 9 terminated: at 40 s, 5 go: the 4 left of wave 1 (second 0), then the first by
 *   name of wave 2 (second 13). Left: the other 4 pods of wave 2.
 * The Job counts its completions as they happen and is Complete at 24 s regardless.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject, Pod } from "../src/cluster/k8s-types.js";
import { terminatedPodsToDelete } from "../src/controllers/podgc.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { loaded, scenario } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;

const job: KubeObject = {
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name: "render", namespace: "default" },
  spec: {
    completions: 10,
    parallelism: 5,
    template: {
      metadata: { labels: { app: "render" }, annotations: { "kubesim.io/run-time": "10s" } },
      spec: { restartPolicy: "Never", containers: [{ name: "render", image: "example/render:1.0", resources: { requests: { cpu: "100m", memory: "64Mi" } } }] },
    },
  },
} as KubeObject;

describe("pod GC of terminated pods", () => {
  it("deletes the pods over the threshold at the next 20-s tick, oldest first, then by name", () => {
    const base = scenario();
    const rt = buildRuntime(scenario({ objects: [loaded(job)], controlPlane: { ...base.controlPlane, terminatedPodGcThreshold: 4 }, durationUs: 60 * S }));
    const { sim, store, ledger } = rt.ctx;
    const names = () => (store.list("Pod") as Pod[]).map((p) => p.metadata!.name!).sort();
    const byWave = (created: number) => ledger.ids.filter((id) => ledger.createdUs[id] === created * S).map((id) => ledger.name[id]!).sort();

    sim.run(19 * S);
    const wave1 = byWave(0);
    expect(wave1).toHaveLength(5);
    expect(ledger.ids.filter((id) => ledger.createdUs[id] === 0).map((id) => ledger.startedUs[id]! / S)).toEqual([3, 3, 3, 3, 3]);
    expect(names()).toHaveLength(10); // wave 2 created at 13 s
    sim.run(20 * S);
    expect(names()).not.toContain(wave1[0]);
    expect(names()).toHaveLength(9);

    sim.run(39 * S);
    const wave2 = byWave(13);
    expect(wave2).toHaveLength(5);
    expect(ledger.ids.filter((id) => ledger.createdUs[id] === 13 * S).map((id) => ledger.startedUs[id]! / S)).toEqual([14, 14, 14, 14, 14]);
    expect(names()).toHaveLength(9);
    sim.run(40 * S);
    expect(names()).toEqual(wave2.slice(1));
    const status = (store.get("Job", "default", "render") as { status?: { succeeded?: number; conditions?: { type: string }[] } }).status;
    expect(status?.succeeded).toBe(10);
    expect(status?.conditions?.some((c) => c.type === "Complete")).toBe(true);
  });

  it("never deletes anything with the default threshold of 12500", () => {
    const rt = buildRuntime(scenario({ objects: [loaded(job)], durationUs: 60 * S }));
    rt.ctx.sim.run(60 * S);
    expect(rt.ctx.store.list("Pod")).toHaveLength(10);
  });
});

describe("which terminated pods go first (byEvictionAndCreationTimestamp)", () => {
  const pod = (name: string, phase: string, reason?: string): Pod => ({ metadata: { name }, status: { phase, ...(reason ? { reason } : {}) } }) as Pod;
  const created: Record<string, number> = { a: 5.9 * S, b: 5.1 * S, c: 2 * S, evicted: 9 * S, d: 1 * S };
  const pods = [pod("a", "Succeeded"), pod("b", "Failed"), pod("c", "Succeeded"), pod("evicted", "Failed", "Evicted"), pod("d", "Failed")];
  it.each([
    [5, []],
    [4, ["evicted"]],
    [3, ["evicted", "d"]],
    // a (5.9 s) and b (5.1 s) share second 5: name order, not the exact instant.
    [1, ["evicted", "d", "c", "a"]],
    [0, []], // 0 disables the collector
  ])("threshold %i deletes %j", (threshold, expected) => {
    expect(terminatedPodsToDelete(pods, threshold, (p) => created[p.metadata!.name!]!).map((p) => p.metadata!.name)).toEqual(expected);
  });
});
