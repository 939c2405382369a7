/**
 * Immediate binding, worked by hand. The test pool spreads nodes over zone-a, zone-b, zone-c.
 * An Immediate StorageClass provisions each claim when it is created, before its pod exists,
 * in zone (fnv32("db") + ordinal) mod 3 of the sorted zones (ChooseZoneForVolume; fnv32("db") =
 * 1836525763 ≡ 1 mod 3): data-db-0 → zone-b, data-db-1 → zone-c, data-db-2 → zone-a. Each pod
 * is then scheduled where its volume is (VolumeBinding's node-affinity filter).
 *
 * A claim with no class and no default StorageClass never binds: the PV controller says
 * FailedBinding and the scheduler's VolumeBinding PreFilter rejects the pod everywhere.
 */
import { describe, expect, it } from "vitest";
import type { Node, Pod } from "../src/cluster/k8s-types.js";
import { buildRuntime } from "../src/runtime/cluster-runtime.js";
import { loaded, pool, scenario } from "./fixtures/runtime-scenario.js";
import { DB_IMAGE, statefulSet, storageClass } from "./fixtures/stateful-objects.js";

const S = 1_000_000;
const ZONE = "topology.kubernetes.io/zone";
const prepulled = pool("general", 3, { images: [{ name: DB_IMAGE, sizeBytes: 1 }] });

describe("Immediate volumes", () => {
  it("are provisioned round-robin over the zones and pin their pods there", () => {
    const rt = buildRuntime(
      scenario({ nodePools: [prepulled], objects: [loaded(storageClass("fast", "Immediate")), loaded(statefulSet("db", 3, { storageClassName: "fast" }))], durationUs: 10 * S }),
    );
    const { sim, store } = rt.ctx;
    sim.run(10 * S);
    const zoneOfNode = (n: string) => (store.get("Node", undefined, n) as Node).metadata!.labels![ZONE];
    const rows = [0, 1, 2].map((i) => {
      const pvc = store.get("PersistentVolumeClaim", "default", `data-db-${i}`) as { spec: { volumeName: string }; status: { phase: string } };
      const pv = store.get("PersistentVolume", undefined, pvc.spec.volumeName) as { spec: { nodeAffinity: { required: { nodeSelectorTerms: { matchExpressions: { values: string[] }[] }[] } } } };
      const pod = store.get("Pod", "default", `db-${i}`) as Pod;
      return [pvc.status.phase, pv.spec.nodeAffinity.required.nodeSelectorTerms[0]!.matchExpressions[0]!.values[0], zoneOfNode(pod.spec!.nodeName!), pod.status?.phase];
    });
    expect(rows).toEqual([
      ["Bound", "zone-b", "zone-b", "Running"],
      ["Bound", "zone-c", "zone-c", "Running"],
      ["Bound", "zone-a", "zone-a", "Running"],
    ]);
  });

  it("without a class or a default StorageClass never bind, and their pod stays Pending", () => {
    const rt = buildRuntime(scenario({ nodePools: [prepulled], objects: [loaded(statefulSet("db", 1, { storageClassName: null }))], durationUs: 10 * S }));
    const { sim, store } = rt.ctx;
    sim.run(10 * S);
    const reasons = store.events.filter((e) => e.object === "PersistentVolumeClaim/default/data-db-0").map((e) => [e.reason, e.message]);
    expect(reasons).toEqual([["FailedBinding", "no persistent volumes available for this claim and no storage class is set"]]);
    const failed = store.events.filter((e) => e.reason === "FailedScheduling").map((e) => e.message);
    expect(failed).toEqual(["0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."]);
    expect((store.get("Pod", "default", "db-0") as Pod).status?.phase).toBe("Pending");
  });

  it("without a class get the default StorageClass written into them", () => {
    const def = storageClass("standard", "WaitForFirstConsumer", { metadata: { name: "standard", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } } });
    const rt = buildRuntime(scenario({ nodePools: [prepulled], objects: [loaded(def), loaded(statefulSet("db", 1, { storageClassName: null }))], durationUs: 10 * S }));
    rt.ctx.sim.run(10 * S);
    const pvc = rt.ctx.store.get("PersistentVolumeClaim", "default", "data-db-0") as { spec: { storageClassName: string }; status: { phase: string } };
    expect([pvc.spec.storageClassName, pvc.status.phase]).toEqual(["standard", "Bound"]);
    expect((rt.ctx.store.get("Pod", "default", "db-0") as Pod).status?.phase).toBe("Running");
  });
});
