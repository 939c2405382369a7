/**
 * Deployment strategies other than the rolling bounds, worked by hand (sandbox 0.5 s + pull
 * 2 s + start 0.5 s = Ready 3 s after binding; containers exit 1 s after SIGTERM):
 * - Recreate, 4 replicas, rollout at 30 s: the old set goes to 0 at 30 s, its pods are gone at
 *   31 s, and only then is the new set created with 4 pods (created at 31 s, Ready at 34 s).
 * - revisionHistoryLimit 1 with rollouts at 30 s, 60 s and 90 s: after each completes, old
 *   sets with no pods beyond the newest one are deleted, so 2 sets remain (the newest old one
 *   and the current one), the current one at revision 4.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject, Pod } from "../src/cluster/k8s-types.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { deployment, loaded, scenario, SRC } from "./fixtures/runtime-scenario.js";

const S = 1_000_000;
const web = { kind: "Deployment" as const, namespace: "default", name: "web" };
const rollout = (at: number, image: string) => ({ at: at * S, action: "rollout" as const, target: web, image, source: SRC });

describe("the Deployment controller", () => {
  it("Recreate: removes every old pod before creating the new ReplicaSet", () => {
    const d = deployment("web", 4) as KubeObject & { spec: { strategy?: unknown } };
    d.spec.strategy = { type: "Recreate" };
    const rt = buildRuntime(scenario({ objects: [loaded(d)], timeline: [rollout(30, "example/web:2.0")], durationUs: 60 * S }));
    const { sim, store, ledger } = rt.ctx;
    sim.run(30 * S);
    expect((store.list("Pod") as Pod[]).every((p) => p.metadata!.deletionTimestamp)).toBe(true);
    expect(store.count("ReplicaSet")).toBe(1);
    sim.run(60 * S);
    const created = ledger.ids.map((id) => ledger.createdUs[id]! / S);
    expect(created).toEqual([0, 0, 0, 0, 31, 31, 31, 31]);
    const fresh = ledger.ids.slice(4);
    expect(fresh.map((id) => ledger.readyUs[id]! / S)).toEqual([34, 34, 34, 34]);
    expect((store.list("Pod") as Pod[]).map((p) => p.spec!.containers[0]!.image)).toEqual(Array(4).fill("example/web:2.0"));
  });

  it("keeps revisionHistoryLimit old ReplicaSets", () => {
    const d = deployment("web", 2) as KubeObject & { spec: { revisionHistoryLimit?: number } };
    d.spec.revisionHistoryLimit = 1;
    const rt = buildRuntime(scenario({ objects: [loaded(d)], timeline: [rollout(30, "w:2"), rollout(60, "w:3"), rollout(90, "w:4")], durationUs: 150 * S }));
    rt.ctx.sim.run(150 * S);
    const sets = rt.ctx.store.list("ReplicaSet") as (KubeObject & { spec?: { replicas?: number } })[];
    expect(sets.map((r) => [r.metadata!.annotations!["deployment.kubernetes.io/revision"], r.spec!.replicas])).toEqual([
      ["3", 0],
      ["4", 2],
    ]);
  });
});
