/**
 * RollingUpdate with the 25 % / 25 % defaults on 10 replicas: maxSurge = ceil(2.5) = 3 and
 * maxUnavailable = floor(2.5) = 2 (deployment_util.go ResolveFenceposts), so at the end of
 * every instant at most 10 + 3 = 13 pods exist that are not terminating, and at least
 * 10 − 2 = 8 of them are available. Both bounds are reached at the rollout's first instant:
 * the new set is created with min(13 − 10, 10) = 3 pods, and the old set is scaled from 10 to
 * 13 − 8 − 3 (new pods not yet available) = 2 fewer, i.e. 8.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../src/cluster/k8s-types.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { deployment, loaded, scenario, SRC } from "./fixtures/runtime-scenario.js";

describe("a rolling update of 10 replicas", () => {
  it("never exceeds 13 pods nor falls below 8 available, and ends with 10 new pods", () => {
    const s = scenario({
      objects: [loaded(deployment("web", 10))],
      timeline: [{ at: 60_000_000, action: "rollout", target: { kind: "Deployment", namespace: "default", name: "web" }, image: "example/web:2.0", source: SRC }],
      durationUs: 300_000_000,
    });
    const rt = buildRuntime(s);
    const { sim, store, ledger } = rt.ctx;
    let maxPods = 0;
    let minAvailable = Infinity;
    let firstRolloutInstant: { pods: number; available: number } | null = null;
    while (sim.step()) {
      if (sim.peekTimeUs() === sim.nowUs) continue; // check at the end of each instant
      const pods = store.list("Pod").filter((p) => !p.metadata?.deletionTimestamp);
      const available = pods.filter((p) => !Number.isNaN(ledger.readyUs[store.idOf("Pod", p)]!)).length;
      if (sim.nowUs >= 60_000_000) {
        maxPods = Math.max(maxPods, pods.length);
        minAvailable = Math.min(minAvailable, available);
        firstRolloutInstant ??= { pods: pods.length, available };
      }
      if (sim.peekTimeUs() > s.durationUs) break;
    }
    expect(firstRolloutInstant).toEqual({ pods: 13, available: 8 });
    expect(maxPods).toBe(13);
    expect(minAvailable).toBe(8);
    const final = store.list("Pod") as Pod[];
    expect(final).toHaveLength(10);
    expect(final.every((p) => p.spec!.containers[0]!.image === "example/web:2.0" && p.status?.phase === "Running")).toBe(true);
    const sets = store.list("ReplicaSet") as { spec?: { replicas?: number } }[];
    expect(sets.map((r) => r.spec?.replicas)).toEqual([0, 10]);
  });
});
