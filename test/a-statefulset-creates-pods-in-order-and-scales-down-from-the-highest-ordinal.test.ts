/**
 * StatefulSet ordering, worked by hand from the test kubelet's durations (fixtures/
 * runtime-scenario.ts: sandbox 0.5 s, container start 0.5 s) with the image pre-pulled on
 * every node (no pull): a pod created at T is bound at T and Running and Ready at T + 1.0 s.
 *
 * OrderedReady: db-0 is created at 0 s and Ready at 1 s; only then is db-1 created (1 s, Ready
 * 2 s), then db-2 (2 s, Ready 3 s). Parallel: all three at 0 s, all Ready at 1 s.
 * Scale 3 → 1 at 10 s: db-2 gets its deletionTimestamp at 10 s and is gone 1 s later (the
 * container exits 1 s after SIGTERM, `containerExitAfterSigtermUs`); only then is db-1 deleted
 * (11 s, gone 12 s). Its claim `data-db-1` stays.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../src/cluster/k8s-types.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { loaded, pool, scenario, SRC } from "./fixtures/runtime-scenario.js";
import { DB_IMAGE, statefulSet, storageClass } from "./fixtures/stateful-objects.js";

const S = 1_000_000;
const prepulled = pool("general", 3, { images: [{ name: DB_IMAGE, sizeBytes: 100 * 2 ** 20 }] });

function idOf(rt: ReturnType<typeof buildRuntime>, name: string): number {
  const i = rt.ctx.ledger.name.findIndex((n, id) => n === name && rt.ctx.ledger.has(id));
  return i;
}

describe("a StatefulSet", () => {
  it("creates pod N+1 only after pod N is Running and Ready (OrderedReady)", () => {
    const rt = buildRuntime(scenario({ nodePools: [prepulled], objects: [loaded(statefulSet("db", 3))], durationUs: 20 * S }));
    rt.ctx.sim.run(20 * S);
    const L = rt.ctx.ledger;
    const times = ["db-0", "db-1", "db-2"].map((n) => {
      const id = idOf(rt, n);
      return [L.createdUs[id]! / S, L.readyUs[id]! / S];
    });
    // created at 0, 1, 2 s; each Ready 1 s later.
    expect(times).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    const set = rt.ctx.store.get("StatefulSet", "default", "db") as { status: { readyReplicas: number; replicas: number } };
    expect(set.status).toMatchObject({ replicas: 3, readyReplicas: 3 });
    const pod = rt.ctx.store.get("Pod", "default", "db-1") as Pod;
    expect(pod.metadata!.labels).toMatchObject({ app: "db", "statefulset.kubernetes.io/pod-name": "db-1", "apps.kubernetes.io/pod-index": "1" });
  });

  it("creates every pod at once with podManagementPolicy Parallel", () => {
    const rt = buildRuntime(scenario({ nodePools: [prepulled], objects: [loaded(statefulSet("db", 3, { podManagementPolicy: "Parallel" }))], durationUs: 5 * S }));
    rt.ctx.sim.run(5 * S);
    const L = rt.ctx.ledger;
    expect(["db-0", "db-1", "db-2"].map((n) => [L.createdUs[idOf(rt, n)]! / S, L.readyUs[idOf(rt, n)]! / S])).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
    ]);
  });

  it("scales 3 → 1 by deleting ordinal 2, then ordinal 1 once 2 is gone, and keeps their claims", () => {
    const s = scenario({
      nodePools: [prepulled],
      objects: [loaded(storageClass("standard", "WaitForFirstConsumer")), loaded(statefulSet("db", 3, { storageClassName: "standard" }))],
      timeline: [{ at: 10 * S, action: "scale", target: { kind: "StatefulSet", namespace: "default", name: "db" }, replicas: 1, source: SRC }],
      durationUs: 20 * S,
    });
    const rt = buildRuntime(s);
    const { sim, store, ledger } = rt.ctx;
    sim.run(20 * S);
    const id2 = idOf(rt, "db-2");
    const id1 = idOf(rt, "db-1");
    expect([ledger.terminatingUs[id2]! / S, ledger.deletedUs[id2]! / S]).toEqual([10, 11]);
    expect([ledger.terminatingUs[id1]! / S, ledger.deletedUs[id1]! / S]).toEqual([11, 12]);
    expect(store.get("Pod", "default", "db-0")).toBeDefined();
    expect(store.get("Pod", "default", "db-1")).toBeUndefined();
    const claims = store.list("PersistentVolumeClaim").map((c) => c.metadata!.name);
    expect(claims).toEqual(["data-db-0", "data-db-1", "data-db-2"]);
    const deletes = store.events.filter((e) => e.reason === "SuccessfulDelete").map((e) => [e.timeUs / S, e.message]);
    expect(deletes).toEqual([
      [10, "delete Pod db-2 in StatefulSet db successful"],
      [11, "delete Pod db-1 in StatefulSet db successful"],
    ]);
  });

  it("recreates a deleted pod with the same name and its old claim", () => {
    const s = scenario({
      nodePools: [prepulled],
      objects: [loaded(storageClass("standard", "WaitForFirstConsumer")), loaded(statefulSet("db", 2, { storageClassName: "standard" }))],
      durationUs: 20 * S,
    });
    const rt = buildRuntime(s);
    const { sim, store } = rt.ctx;
    sim.run(5 * S);
    const old = store.get("Pod", "default", "db-0") as Pod;
    const volume = (store.get("PersistentVolumeClaim", "default", "data-db-0") as { spec: { volumeName: string } }).spec.volumeName;
    store.deletePod(old);
    sim.run(20 * S);
    const now = store.get("Pod", "default", "db-0") as Pod;
    expect(now).not.toBe(old);
    expect(now.status?.phase).toBe("Running");
    expect(now.spec!.volumes).toEqual([{ name: "data", persistentVolumeClaim: { claimName: "data-db-0" } }]);
    // Same claim, same volume: nothing new was provisioned.
    expect((store.get("PersistentVolumeClaim", "default", "data-db-0") as { spec: { volumeName: string } }).spec.volumeName).toBe(volume);
    expect(store.count("PersistentVolume")).toBe(2);
  });

  it("rolls a new template out from the highest ordinal down to the partition", () => {
    const s = scenario({
      nodePools: [prepulled],
      objects: [loaded(statefulSet("db", 3, { partition: 1 }))],
      timeline: [{ at: 10 * S, action: "rollout", target: { kind: "StatefulSet", namespace: "default", name: "db" }, env: { V: "2" }, source: SRC }],
      durationUs: 30 * S,
    });
    const rt = buildRuntime(s);
    const { sim, store } = rt.ctx;
    sim.run(30 * S);
    // db-2 deleted at 10 s, gone 11 s, recreated 11 s, Ready 12 s; then db-1 at 12 s, gone 13 s,
    // recreated 13 s, Ready 14 s. db-0 is below the partition and keeps the old revision.
    const deletes = store.events.filter((e) => e.reason === "SuccessfulDelete").map((e) => [e.timeUs / S, e.message]);
    expect(deletes).toEqual([
      [10, "delete Pod db-2 in StatefulSet db successful"],
      [12, "delete Pod db-1 in StatefulSet db successful"],
    ]);
    const rev = (n: string) => (store.get("Pod", "default", n) as Pod).metadata!.labels!["controller-revision-hash"];
    const set = store.get("StatefulSet", "default", "db") as { status: { currentRevision: string; updateRevision: string; updatedReplicas: number } };
    expect(set.status.updateRevision).not.toBe(set.status.currentRevision);
    expect([rev("db-0"), rev("db-1"), rev("db-2")]).toEqual([set.status.currentRevision, set.status.updateRevision, set.status.updateRevision]);
    expect(set.status.updatedReplicas).toBe(2);
  });
});
