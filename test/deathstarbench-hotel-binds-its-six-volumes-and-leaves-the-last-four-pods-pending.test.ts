/**
 * DeathStarBench hotelReservation (../shared/real/deathstarbench-hotel/hotel-reservation.yaml):
 * 19 Deployments of one replica, every container 100m CPU requested / 1000m limit and no memory
 * requests → all Burstable; six MongoDB Deployments mount a PersistentVolumeClaim, each
 * matched by a pre-made hostPath PersistentVolume of the same storageClassName (1Gi,
 * ReadWriteOnce; no StorageClass objects, so binding is static and immediate).
 *
 * One node with 1500m CPU: the first 15 pods in manifest order (15 × 100m = 1500m) run; the
 * last four — reservation, search, mongodb-user, user — wait for cpu. mongodb-user's claim is
 * Bound all the same: the volume is not what keeps it Pending.
 */
import { describe, expect, it } from "vitest";
import { NO_REAL_DATA, realPath } from "./fixtures/real-data.js";
import { failedMessages, qosCounts, runReal, workloadsOf } from "./fixtures/real-scenario.js";

describe.skipIf(NO_REAL_DATA)("DeathStarBench hotelReservation", () => {
  it("binds its six claims statically and leaves the last four pods Pending on a 1500m node", () => {
    const o = runReal({ cluster: "nodePools: [{name: small, count: 1, allocatable: {cpu: 1500m, memory: 8Gi}}]", manifests: [realPath("deathstarbench-hotel", "hotel-reservation.yaml")] });
    expect(o.ledger.ids).toHaveLength(19);
    expect(qosCounts(o)).toEqual({ Burstable: 19 });
    expect(workloadsOf(o, (p) => !p.spec?.nodeName)).toEqual(["mongodb-user", "reservation", "search", "user"]);
    expect(failedMessages(o)).toEqual(["0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."]);
    const claims = o.store.list("PersistentVolumeClaim") as { metadata?: { name?: string }; spec?: { volumeName?: string }; status?: { phase?: string } }[];
    expect(claims.map((c) => `${c.metadata!.name}→${c.spec!.volumeName}:${c.status!.phase}`).sort()).toEqual(
      ["geo", "profile", "rate", "recommendation", "reservation", "user"].map((n) => `${n}-pvc→${n}-pv:Bound`),
    );
  });
});
