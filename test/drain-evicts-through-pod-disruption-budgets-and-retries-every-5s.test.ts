/**
 * `drain` goes through the Eviction API, so PodDisruptionBudgets hold pods back, worked by hand.
 * Two nodes, a Deployment `web` of 4 replicas (the scheduler spreads them 2 + 2), a budget
 * `minAvailable: 3`. Pods start in 0.5 s sandbox + 2 s pull (100 Mi at 50 Mi/s) + 0.5 s start;
 * by 30 s all four are Ready and the image is on both nodes.
 * - drain general-0 at 30 s: cordoned; its first pod: healthy 4, desired 3 → 1 disruption
 *   allowed → evicted (Terminating at 30, gone at 31). Its replacement is created at 30 and
 *   scheduled on general-1 (general-0 is cordoned): 0.5 + 0.5 s (image cached) → Ready at 31.
 * - its second pod, also at 30 s: healthy 3 (the first is terminating), desired 3 → 0 allowed
 *   → 429 "Cannot evict pod as it would violate the pod's disruption budget."; kubectl retries
 *   after 5 s: at 35 s healthy is 4 again → evicted; its replacement is Ready at 36.
 * With `minAvailable: 4` nothing may go: both pods get 429 at 30, 35, …, 85 s — 12 tries
 * each, 24 by 89 s — and stay Running; the node stays cordoned.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject, Pod } from "../src/cluster/k8s-types.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { drainLog } from "../src/runtime/drain.js";
import { budgetStatus, evictPod, MSG_PDB_VIOLATION } from "../src/runtime/eviction-api.js";
import { deployment, loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;

function pdb(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "web", namespace: "default" }, spec: { selector: { matchLabels: { app: "web" } }, ...spec } } as KubeObject;
}

function run(minAvailable: number) {
  const rt = buildRuntime(
    scenario({
      nodePools: [pool("general", 2)],
      objects: [loaded(deployment("web", 4)), loaded(pdb({ minAvailable }))],
      timeline: [{ at: 30 * S, action: "drain", node: "general-0", source: SRC }],
      durationUs: 120 * S,
    }),
  );
  return rt;
}

describe("drain through the Eviction API", () => {
  it("evicts one pod at once and the second 5 s later, when the first one's replacement is Ready", () => {
    const rt = run(3);
    const { sim, store, ledger } = rt.ctx;
    sim.run(29 * S);
    const onNode0 = (store.list("Pod") as Pod[]).filter((p) => p.spec?.nodeName === "general-0");
    expect(onNode0).toHaveLength(2);
    expect(ledger.ids.every((id) => ledger.isReady(id))).toBe(true);
    const [a, b] = onNode0.map((p) => store.idOf("Pod", p));

    sim.run(30 * S);
    expect(ledger.terminatingUs[a!]).toBe(30 * S);
    expect(Number.isNaN(ledger.terminatingUs[b!]!)).toBe(true);
    expect(drainLog(rt.ctx).tooManyRequests).toBe(1);
    expect(rt.warnings.some((w) => w.includes(MSG_PDB_VIOLATION) && w.includes("(will retry after 5s)"))).toBe(true);

    sim.run(34 * S);
    expect(Number.isNaN(ledger.terminatingUs[b!]!)).toBe(true);
    sim.run(35 * S);
    expect(ledger.terminatingUs[b!]).toBe(35 * S);
    expect(drainLog(rt.ctx).evicted.map((e) => e.atUs / S)).toEqual([30, 35]);
    expect(drainLog(rt.ctx).tooManyRequests).toBe(1);

    sim.run(40 * S);
    const replacements = ledger.ids.filter((id) => ledger.createdUs[id]! >= 30 * S);
    expect(replacements.map((id) => [ledger.createdUs[id]! / S, ledger.readyUs[id]! / S, ledger.node[id]])).toEqual([
      [30, 31, "general-1"],
      [35, 36, "general-1"],
    ]);
    expect([a, b].map((id) => ledger.evictionReason[id!])).toEqual(["Drain", "Drain"]);
    // Upstream's eviction marks the pod before deleting it.
    const conds = (p: Pod) => p.status?.conditions?.find((c) => c.type === "DisruptionTarget")?.reason;
    expect(onNode0.map(conds)).toEqual(["EvictionByEvictionAPI", "EvictionByEvictionAPI"]);
  });

  it("keeps answering 429 every 5 s while the budget allows no disruption", () => {
    const rt = run(4);
    const { sim, store } = rt.ctx;
    sim.run(89 * S);
    expect(drainLog(rt.ctx).tooManyRequests).toBe(24);
    expect(drainLog(rt.ctx).evicted).toEqual([]);
    const pods = store.list("Pod") as Pod[];
    expect(pods.filter((p) => p.spec?.nodeName === "general-0" && !p.metadata?.deletionTimestamp)).toHaveLength(2);
  });
});

describe("a budget's status, as the disruption controller computes it", () => {
  // 4 Ready replicas of one Deployment: the expected scale is its spec.replicas, 4.
  const cases: [string, Record<string, unknown>, number, number][] = [
    ["minAvailable 3 → desired 3, allowed 4 − 3", { minAvailable: 3 }, 3, 1],
    ["minAvailable 50% of 4 → 2, allowed 2", { minAvailable: "50%" }, 2, 2],
    ["minAvailable 30% of 4 = 1.2 rounds up to 2", { minAvailable: "30%" }, 2, 2],
    ["maxUnavailable 1 → desired 4 − 1 = 3", { maxUnavailable: 1 }, 3, 1],
    ["maxUnavailable 30% of 4 = 1.2 rounds up to 2 → desired 2", { maxUnavailable: "30%" }, 2, 2],
    ["maxUnavailable 0 → desired 4, nothing allowed", { maxUnavailable: 0 }, 4, 0],
  ];
  it.each(cases)("%s", (_, spec, desired, allowed) => {
    const rt = buildRuntime(scenario({ nodePools: [pool("general", 2)], objects: [loaded(deployment("web", 4)), loaded(pdb(spec))], durationUs: 60 * S }));
    rt.ctx.sim.run(10 * S);
    const st = budgetStatus(rt.ctx, rt.ctx.store.get("PodDisruptionBudget", "default", "web") as never);
    expect(st).toEqual({ currentHealthy: 4, desiredHealthy: desired, expectedPods: 4, disruptionsAllowed: allowed });
  });

  it("lets a pod that is not Running yet go without asking the budget", () => {
    const rt = buildRuntime(scenario({ nodePools: [pool("general", 2)], objects: [loaded(deployment("web", 4)), loaded(pdb({ maxUnavailable: 0 }))], durationUs: 60 * S }));
    rt.ctx.sim.run(0);
    const pod = (rt.ctx.store.list("Pod") as Pod[])[0]!;
    expect(pod.status?.phase ?? "Pending").toBe("Pending");
    expect(evictPod(rt.ctx, pod).code).toBe(201);
  });
});
